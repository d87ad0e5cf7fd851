"""Configured endpoints, against a real HTTP server on loopback speaking the OpenAI API."""

from __future__ import annotations

import json

import pytest

from studio.config import PROJECT_ROOT
from studio.knowledge.base import KnowledgeBase
from studio.knowledge.embeddings import OpenAIEmbedder
from studio.knowledge.translate import make_translator
from studio.outbound import Door
from tests.openai_server import OpenAIServer, endpoint_settings

DOC = "# Thông báo\n\nHội thao công nhân viên chức năm 2026 tổ chức tại sân vận động Mỹ Đình.\n"


@pytest.fixture
def server():
    with OpenAIServer() as srv:
        yield srv


def _translator(server, settings, timeout: float = 30):
    return make_translator(endpoint_settings(server, settings.data_dir, llm_model="test-model", llm_timeout_s=timeout))


def _embedder(server, settings, model: str = "test-embed", timeout: float = 120, batch_size: int = 32):
    door = Door(endpoint_settings(server, settings.data_dir, embeddings_model=model, embeddings_timeout_s=timeout))
    return OpenAIEmbedder(door.embeddings(), batch_size=batch_size)


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
                               translator=_translator(server, settings, timeout=5))
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
    server.retry_after = 0.01
    translator = _translator(server, settings, timeout=5)
    kb = KnowledgeBase(settings, embedder=embedder, translator=translator)
    kb.ingest_paths([doc])
    assert "Hội thao" in kb.search("hoi thao cong nhan", k=1)[0].text
    assert translator.last_error and "500" in translator.last_error
    calls = len(server.requests)
    kb.search("hoi thao", k=1)
    assert len(server.requests) == calls  # the failure is remembered; no new call for a minute


def test_unreachable_chat_endpoint_is_reported_not_raised(settings, embedder):
    translator = _translator("http://127.0.0.1:9/v1", settings, timeout=2)
    assert translator.translate("công đoàn") == []
    assert translator.last_error


def test_nonsense_from_the_model_is_ignored(server, settings):
    server.reply = lambda messages: "Sure! Here you go: not json at all"
    assert _translator(server, settings).translate("công đoàn") == []


def test_embeddings_endpoint_builds_its_own_collection_and_switching_reembeds(server, settings, embedder, tmp_path):
    """The store keeps vectors per embedder: two embedders' vectors are never mixed; a switch re-embeds
    every passage, and the old vectors are dropped once the new ones are complete."""
    doc = tmp_path / "hoi-thao.md"
    doc.write_text(DOC, encoding="utf-8")
    remote = _embedder(server, settings, batch_size=1)
    kb_remote = KnowledgeBase(settings, embedder=remote)
    kb_remote.ingest_paths([doc])
    n = kb_remote.store.count()
    calls = [r for r in server.requests if r["path"].endswith("/embeddings")]
    assert n > 0 and len(calls) == n and all(len(c["body"]["input"]) == 1 for c in calls)  # batch size 1
    assert kb_remote.store.vectors.metadata["embedder"] == remote.id
    assert kb_remote.vector_status().done == n
    assert "Hội thao" in kb_remote.search("hội thao công nhân viên chức", k=1)[0].text

    kb_local = KnowledgeBase(settings, embedder=embedder)  # the site switches back to the embedded model
    assert kb_local.store.vectors.metadata["embedder"] == embedder.id
    assert kb_local.store.count() == n and kb_local.vector_status().done == 0
    assert kb_local.store.other_embedder_collections()  # kept until the new vectors are complete
    assert "Hội thao" in kb_local.search("hội thao công nhân viên chức", k=1)[0].text  # words meanwhile
    kb_local.embed_pending()
    assert kb_local.vector_status().done == n
    assert kb_local.store.other_embedder_collections() == []  # the old vectors are gone, not mixed
    assert "Hội thao" in kb_local.search("hội thao công nhân viên chức", k=1)[0].text


def test_embeddings_endpoint_batch_size_and_prefixes_are_settings(server, settings, tmp_path):
    from studio.knowledge.embeddings import make_embedder

    configured = settings.model_copy(update={"embeddings_base_url": server.url, "embeddings_model": "e5-large",
                                             "embeddings_batch_size": 3, "embeddings_query_prefix": "query: ",
                                             "embeddings_passage_prefix": "passage: "})
    embedder = make_embedder(configured)
    embedder.embed_passages([f"đoạn {i}" for i in range(7)])
    embedder.embed_queries(["công đoàn"])
    sent = [r["body"]["input"] for r in server.requests if r["path"].endswith("/embeddings")]
    assert [len(batch) for batch in sent] == [3, 3, 1, 1]
    assert sent[0][0] == "passage: đoạn 0" and sent[-1] == ["query: công đoàn"]


def test_a_slow_embeddings_endpoint_times_out_at_the_configured_limit(server, settings):
    import time

    from studio.errors import StudioError

    server.delay_s = 3
    embedder = _embedder(server, settings, "slow", timeout=0.5)
    started = time.monotonic()
    with pytest.raises(StudioError) as err:
        embedder.embed_passages(["công đoàn"])
    assert err.value.code == "embeddings_unreachable"
    assert time.monotonic() - started < 3 * 2  # 0.5 s per try (3 tries), not the server's 3 s each


def test_embeddings_endpoint_down_keeps_the_text_searchable_and_reports_it(server, settings, tmp_path):
    """GIVEN an embeddings endpoint that answers 503
    WHEN a document is ingested (waiting for its vectors)
    THEN the vector step fails with the endpoint's address in the message, the document is stored and
    found by words, and a later `embed_pending` with the endpoint back completes the vectors."""
    from studio.errors import StudioError

    server.status = 503
    doc = tmp_path / "hoi-thao.md"
    doc.write_text(DOC, encoding="utf-8")
    server.retry_after = 0.01
    kb = KnowledgeBase(settings, embedder=_embedder(server, settings, timeout=5))
    with pytest.raises(StudioError) as err:
        kb.ingest_paths([doc])
    assert err.value.code == "vectors_failed" and server.url in err.value.message("en")
    assert [d.source for d in kb.list_documents()] == ["hoi-thao.md"]
    assert kb.vector_status().done == 0
    server.status = 200
    assert "Hội thao" in kb.search("hoi thao cong nhan vien chuc", k=1)[0].text
    kb.embed_pending()
    assert kb.vector_status().done == kb.store.count() > 0
