"""No sources, no draft: the relevance gate on a real knowledge base (sample + seed articles, real Chroma)."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

import pytest
import yaml

from studio.config import PROJECT_ROOT, Settings
from studio.drafting.relevance import THRESHOLD, assess, suggestion
from studio.knowledge.base import KnowledgeBase

REQUESTS = PROJECT_ROOT / "tests" / "data" / "draft_requests" / "requests.yaml"
K = 8  # passages a draft retrieves by default (DraftRequest.k)
# The rates the note quotes; the gate meets at least these on both splits and with both embedders.
TARGET_ON_ANSWERED = 0.95
TARGET_OFF_REFUSED = 0.90


def load_requests() -> list[dict]:
    return yaml.safe_load(REQUESTS.read_text(encoding="utf-8"))["requests"]


def _settings(tmp: Path) -> Settings:
    return Settings(data_dir=tmp / "data", lang="en", chroma_url=None, llm_base_url=None,
                    embeddings_base_url=None, sample_dir=PROJECT_ROOT / "knowledge",
                    collection_prefix=f"r{uuid.uuid4().hex[:8]}")


@pytest.fixture(scope="module", params=["static", "e5"])
def full_kb(request, tmp_path_factory, seeds):
    """Sample knowledge base (vi, en) + the seed articles (en, de, no), on each embedder."""
    embedder = request.getfixturevalue("embedder" if request.param == "static" else "e5_embedder")
    kb = KnowledgeBase(_settings(tmp_path_factory.mktemp(request.param)), embedder=embedder)
    results = kb.ingest_paths([seeds], tags=("seed",)) + kb.ingest_paths([PROJECT_ROOT / "knowledge"], tags=("sample",))
    assert all(not r.error for r in results)
    return kb


@pytest.fixture(scope="module")
def static_kb(tmp_path_factory, seeds, embedder):
    kb = KnowledgeBase(_settings(tmp_path_factory.mktemp("static-only")), embedder=embedder)
    kb.ingest_paths([seeds], tags=("seed",))
    kb.ingest_paths([PROJECT_ROOT / "knowledge"], tags=("sample",))
    return kb


@pytest.fixture(scope="module")
def vi_kb(tmp_path_factory, embedder):
    """Only the Vietnamese sample documents."""
    kb = KnowledgeBase(_settings(tmp_path_factory.mktemp("vi-only")), embedder=embedder)
    kb.ingest_paths([PROJECT_ROOT / "knowledge" / "vi"])
    assert {d.lang for d in kb.list_documents()} == {"vi"}
    return kb


def judge(kb, text: str, lang: str = "vi", source_lang: str | None = None):
    return assess(kb, text, kb.search(text, k=K, lang=source_lang), lang)


def test_request_set_is_labelled_and_split_before_tuning(seeds):
    """GIVEN the draft request set
    THEN it has ≥ 40 on-topic and ≥ 30 off-topic requests in vi, vi without diacritics and en, no duplicate,
    no line of the seeds or the sample copied, and its recorded split is the fixed hash split, stratified."""
    requests = load_requests()
    on = [r for r in requests if r["on_topic"]]
    off = [r for r in requests if not r["on_topic"]]
    assert len(on) >= 40 and len(off) >= 30
    assert {r["lang"] for r in on} == {r["lang"] for r in off} == {"vi", "vi-nd", "en"}
    assert len({r["text"] for r in requests}) == len(requests) == len({r["id"] for r in requests})
    lines = {line.strip(" -#*|>").strip().rstrip(".").lower()
             for p in [*seeds.glob("*.txt"), *(PROJECT_ROOT / "knowledge").rglob("*.md")]
             for line in p.read_text(encoding="utf-8").splitlines()}
    assert not [r["text"] for r in requests if r["text"].rstrip(".?").lower() in lines]
    strata: dict[tuple, list[dict]] = {}
    for r in requests:
        strata.setdefault((r["on_topic"], r["lang"]), []).append(r)
    for group in strata.values():
        ranked = sorted(group, key=lambda r: hashlib.sha1(r["text"].encode("utf-8")).hexdigest())
        assert [r["split"] for r in ranked] == ["dev" if n % 2 == 0 else "test" for n in range(len(ranked))]


@pytest.mark.parametrize("split", ["dev", "test"])
def test_off_topic_requests_are_refused_and_on_topic_ones_answered(full_kb, split):
    """GIVEN the sample knowledge base and the seed articles, on the static and on the e5 embedder
    WHEN each request of a split is searched as drafting does and assessed
    THEN ≥ 95 % of the on-topic requests are answered and ≥ 90 % of the off-topic ones refused
    (today's baseline: all answered, 0 % refused)."""
    requests = [r for r in load_requests() if r["split"] == split]
    wrong = []
    for r in requests:
        rel = judge(full_kb, r["text"])
        if rel.ok != r["on_topic"]:
            wrong.append(f"{r['id']} {'on' if r['on_topic'] else 'off'} {rel.score:.3f} {r['text']}")
    on = [r for r in requests if r["on_topic"]]
    off = [r for r in requests if not r["on_topic"]]
    on_answered = 1 - sum(w.split()[1] == "on" for w in wrong) / len(on)
    off_refused = 1 - sum(w.split()[1] == "off" for w in wrong) / len(off)
    print(f"{full_kb.embedder.kind} {split}: on answered {on_answered:.3f}, off refused {off_refused:.3f}", wrong)
    assert on_answered >= TARGET_ON_ANSWERED, wrong
    assert off_refused >= TARGET_OFF_REFUSED, wrong


def test_gold_price_request_is_refused_with_a_vietnamese_suggestion_naming_what_is_missing(static_kb):
    """GIVEN a knowledge base about union work WHEN an officer asks for today's SJC gold price
    THEN the draft is refused and the suggestion, in Vietnamese, names the missing terms."""
    rel = judge(static_kb, "Giá vàng SJC hôm nay bao nhiêu?")
    assert not rel.ok and rel.score < THRESHOLD
    missing = " ".join(rel.missing).lower()
    assert "vàng" in missing and "sjc" in missing
    assert "hôm nay" not in missing and "bao nhiêu" not in missing  # request words are not the subject
    text = suggestion(rel, "vi")
    assert "vàng" in text and "SJC" in text and "Kho tri thức" in text
    assert "SJC" in suggestion(rel, "en") and "knowledge base" in suggestion(rel, "en")


def test_an_english_topic_is_answered_from_vietnamese_documents(vi_kb, static_kb):
    """GIVEN only Vietnamese documents (a Vietnamese-only base; or Vietnamese sources asked for)
    WHEN an English on-topic request comes THEN it is answered through the lexicon's bridge."""
    for topic in ("Write a post about Resolution 57 for young union members",
                  "digital skills training for union members"):
        rel = judge(vi_kb, topic, "en")
        assert rel.ok, (topic, rel)
        assert judge(static_kb, topic, "en", source_lang="vi").ok, topic
    assert not judge(vi_kb, "What is the price of gold today?", "en").ok


def test_a_telegraphic_english_topic_is_not_penalised_for_juxtaposed_words(static_kb):
    """GIVEN an English topic written as a string of key words, each of which the passages hold WHEN it is
    assessed THEN word pairs no passage joins ("57 digital") do not count against it, while an unknown pair
    whose words are not in the passages ("Premier League") still does."""
    assert judge(static_kb, "Resolution 57 digital transformation union", "en").ok
    assert not judge(static_kb, "Premier League results this weekend", "en").ok


def test_a_topic_typed_without_diacritics_is_answered(static_kb):
    rel = judge(static_kb, "ket qua chuyen doi so cua dang bo BIDV")
    assert rel.ok, rel
    assert {"chuyen", "doi", "so", "BIDV"} <= set(rel.covered)
    assert not judge(static_kb, "gia xang dau hom nay").ok


def test_near_misses_that_share_words_with_the_base_are_refused(static_kb):
    """Requests that share 'công đoàn', 'ngân hàng', 'điện' with the base but not their subject."""
    for topic in ("Công đoàn Giáo dục tổ chức hội thao 2025", "Lịch nghỉ Tết Nguyên đán của ngân hàng",
                  "Giá điện tháng này"):
        rel = judge(static_kb, topic)
        assert not rel.ok, (topic, rel)
        assert suggestion(rel, "vi")


def test_empty_and_vague_requests_are_refused_with_a_hint(static_kb):
    rel = assess(static_kb, "Giá vàng SJC", [], "vi")
    assert not rel.ok and rel.missing
    vague = judge(static_kb, "Viết bài cho đoàn viên")
    assert not vague.ok and "chủ đề" in suggestion(vague, "vi").lower()
    assert suggestion(judge(static_kb, "Soạn bài về Nghị quyết 57 cho đoàn viên trẻ"), "vi") == ""
