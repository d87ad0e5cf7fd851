"""Configured endpoints, against a real HTTP server on loopback speaking the OpenAI API."""

from __future__ import annotations

import json

import pytest

from studio.config import PROJECT_ROOT
from studio.knowledge.base import KnowledgeBase
from studio.knowledge.embeddings import OpenAIEmbedder
from studio.knowledge.translate import QueryTranslator
from tests.openai_server import OpenAIServer

DOC = "# Thông báo\n\nHội thao công nhân viên chức năm 2026 tổ chức tại sân vận động Mỹ Đình.\n"


@pytest.fixture
def server():
    with OpenAIServer() as srv:
        yield srv


def test_query_translation_reaches_a_passage_the_lexicon_cannot(server, settings, embedder, tmp_path):
    """GIVEN a Vietnamese document about a sports festival (no lexicon concept for it)
    WHEN an English query is searched with a chat model configured
    THEN the model's Vietnamese translation finds the passage; without it, it is not found."""
    server.reply = lambda messages: json.dumps(
        {"vi": "hội thao ở sân vận động", "en": "sports festival at the stadium", "de": "Sportfest im Stadion",
         "no": "idrettsstevne på stadion"})
    doc = tmp_path / "hoi-thao.md"
    doc.write_text(DOC, encoding="utf-8")
    plain = KnowledgeBase(settings, embedder=embedder)
    plain.ingest_paths([doc, PROJECT_ROOT / "knowledge"])
    query = "sports festival at the stadium"
    assert all("Hội thao" not in p.text for p in plain.search(query, k=3))
    translated = KnowledgeBase(settings, embedder=embedder,
                               translator=QueryTranslator(server.url, "test-model", None, timeout=5))
    found = translated.search(query, k=1)
    assert "Hội thao" in found[0].text
    chat = [r for r in server.requests if r["path"].endswith("/chat/completions")]
    assert len(chat) == 1 and chat[0]["body"]["messages"][-1]["content"] == query
    translated.search(query, k=1)
    assert len([r for r in server.requests if r["path"].endswith("/chat/completions")]) == 1  # cached


def test_a_failing_chat_endpoint_never_fails_a_search(server, settings, embedder, tmp_path):
    server.status = 500
    doc = tmp_path / "hoi-thao.md"
    doc.write_text(DOC, encoding="utf-8")
    translator = QueryTranslator(server.url, "test-model", None, timeout=5)
    kb = KnowledgeBase(settings, embedder=embedder, translator=translator)
    kb.ingest_paths([doc])
    assert "Hội thao" in kb.search("hoi thao cong nhan", k=1)[0].text
    assert translator.last_error and "500" in translator.last_error
    calls = len(server.requests)
    kb.search("hoi thao", k=1)
    assert len(server.requests) == calls  # the failure is remembered; no new call for a minute


def test_unreachable_chat_endpoint_is_reported_not_raised(settings, embedder):
    translator = QueryTranslator("http://127.0.0.1:9/v1", "m", None, timeout=2)
    assert translator.translate("công đoàn") == []
    assert translator.last_error


def test_nonsense_from_the_model_is_ignored(server):
    server.reply = lambda messages: "Sure! Here you go: not json at all"
    assert QueryTranslator(server.url, "m", None).translate("công đoàn") == []


def test_embeddings_endpoint_builds_its_own_collection_and_switching_reembeds(server, settings, embedder, tmp_path):
    """The store records its embedder: vectors of two embedders are never mixed; a switch re-embeds."""
    doc = tmp_path / "hoi-thao.md"
    doc.write_text(DOC, encoding="utf-8")
    remote = OpenAIEmbedder(server.url, "test-embed")
    kb_remote = KnowledgeBase(settings, embedder=remote)
    kb_remote.ingest_paths([doc])
    n = kb_remote.store.count()
    assert n > 0 and any(r["path"].endswith("/embeddings") for r in server.requests)
    assert kb_remote.store.chunks.metadata["embedder"] == remote.id
    assert "Hội thao" in kb_remote.search("hội thao công nhân viên chức", k=1)[0].text

    kb_local = KnowledgeBase(settings, embedder=embedder)  # the site switches back to the embedded model
    assert kb_local.store.chunks.metadata["embedder"] == embedder.id
    assert kb_local.store.count() == n
    assert kb_local.store.other_embedder_collections() == []  # the old vectors are gone, not mixed
    assert "Hội thao" in kb_local.search("hội thao công nhân viên chức", k=1)[0].text


def test_embeddings_endpoint_down_fails_the_ingest_cleanly(server, settings, tmp_path):
    server.status = 503
    doc = tmp_path / "hoi-thao.md"
    doc.write_text(DOC, encoding="utf-8")
    kb = KnowledgeBase(settings, embedder=OpenAIEmbedder(server.url, "test-embed"))
    result = kb.ingest_paths([doc])[0]
    assert result.status == "failed" and result.error_code == "embeddings_unreachable"
    assert server.url in result.error_message("en")
    assert kb.store.count() == 0 and kb.list_documents() == []
