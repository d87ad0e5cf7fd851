"""Retrieval on real Vietnamese official documents (tests/data/legal), with the default embedder.

The 207 questions were written from the documents, split dev/test by document before any tuning;
the fusion weights were chosen on dev only. These tests hold the measured quality of the held-out
test split as a floor (bench/retrieval.py prints the figures and the issue-13 goals they are
measured against), and the legal citations that come with every passage.
"""

from __future__ import annotations

import uuid

import pytest

from studio.config import PROJECT_ROOT, Settings
from studio.knowledge.base import KnowledgeBase
from studio.knowledge.evaluate import evaluate, load_questions

LEGAL = PROJECT_ROOT / "tests" / "data" / "legal"
LAWS = ("luat-", "bo-luat-", "dieu-le-")  # laws and the union charter


@pytest.fixture(scope="module")
def legal_kb(tmp_path_factory, e5_embedder):
    settings = Settings(data_dir=tmp_path_factory.mktemp("legal"), lang="vi", chroma_url=None, llm_base_url=None,
                        embeddings_base_url=None, collection_prefix=f"l{uuid.uuid4().hex[:8]}")
    kb = KnowledgeBase(settings, embedder=e5_embedder)
    files = sorted(p for p in LEGAL.iterdir() if p.suffix in {".md", ".txt"} and p.name != "SOURCES.md")
    results = kb.ingest_paths(files)
    assert all(not r.error for r in results) and len(results) == 15
    status = kb.vector_status()
    assert status.done == status.total > 900
    return kb


@pytest.fixture(scope="module")
def report(legal_kb):
    langs = {d.source: d.lang for d in legal_kb.list_documents()}
    questions = load_questions(LEGAL / "questions.yaml", langs)
    return evaluate(questions, lambda q, k: legal_kb.search(q, k=k), k=5)


def test_the_question_set_is_split_by_document_and_covers_every_group(report):
    questions = list(report.questions.values())
    assert len(questions) >= 150
    dev_docs = {d for q in questions if q.split == "dev" for d in q.docs}
    test_docs = {d for q in questions if q.split == "test" for d in q.docs}
    assert dev_docs and test_docs and not dev_docs & test_docs
    for split in ("dev", "test"):
        groups = {q.group for q in questions if q.split == split}
        assert groups == {"vi", "vi_paraphrase", "vi_nodiac", "en", "de"}


def test_held_out_documents_are_found_in_every_language(report):
    """GIVEN 15 real laws, decrees, the union charter and Party documents, all in the store
    WHEN each question of the test split (documents never used for tuning) is searched
    THEN the answering passage is in the top 5 for most questions overall and in each group:
    Vietnamese, paraphrased Vietnamese, Vietnamese typed without diacritics, English, German.

    Measured at the close of issue 13: recall@5 0.863, MRR@10 0.725, groups 0.73 (de) to 0.93 (vi);
    since documents are titled by their official title (e.g. "BỘ LUẬT LAO ĐỘNG (125/VBHN-VPQH)"
    instead of a letterhead): 0.853 / 0.735, groups 0.67 (de, 10 of 15) to 0.96 (vi). The goal was
    0.90 / 0.75 / 0.75. The floors below leave one or two questions of room for HNSW's
    approximate search, never more."""
    test = lambda q: q.split == "test"  # noqa: E731
    missed = [f"{q.id} ({q.group}) {q.q}" for q in report.misses() if q.split == "test"]
    print("test split recall@5", round(report.recall(test), 3), "MRR@10", round(report.mrr(test), 3))
    assert report.recall(test) >= 0.83, missed
    assert report.mrr(test) >= 0.70
    for group in ("vi", "vi_paraphrase", "vi_nodiac", "en", "de"):
        pick = lambda q, g=group: test(q) and q.group == g  # noqa: E731
        assert report.recall(pick) >= 0.60, (group, missed)


def test_the_tuning_split_holds_its_figures(report):
    """Measured: recall@5 0.867, MRR@10 0.729 on the dev split; 0.895 / 0.762 with official titles."""
    dev = lambda q: q.split == "dev"  # noqa: E731
    assert report.recall(dev) >= 0.86 and report.mrr(dev) >= 0.72


def test_passages_of_laws_and_the_charter_cite_their_article(legal_kb):
    """≥ 95 % of the passages of laws and the charter carry their Điều (measured: 98 %; the rest are
    preambles and signatures); khoản are cited under their Điều, never beside it; Party documents
    cite their outline."""
    chunks = legal_kb.store.all_chunks()
    laws = [c for c in chunks if c.meta["source"].startswith(LAWS)]
    assert sum("Điều" in c.meta["section"] for c in laws) / len(laws) >= 0.95
    for c in laws:
        section = c.meta["section"]
        if "khoản" in section:
            assert section.index("Điều") < section.index("khoản"), section
    resolution = [c for c in chunks if c.meta["source"] == "nghi-quyet-57-NQ-TW-2024.md"]
    assert sum(bool(c.meta["section"]) for c in resolution) / len(resolution) >= 0.9


def test_json_search_output_carries_the_legal_path(legal_kb):
    passages = legal_kb.search("Người lao động làm thêm giờ không quá bao nhiêu giờ trong 01 năm?", k=5)
    labour_code = [p for p in passages if p.source.startswith("bo-luat-lao-dong")]
    assert labour_code, [p.citation() for p in passages]
    best = labour_code[0]
    assert best.to_dict()["section"].startswith("Chương") and "Điều" in best.section
    assert "Điều" in best.citation()


def test_a_query_typed_without_diacritics_reaches_the_dense_model_with_them(legal_kb):
    state = legal_kb.retriever._lexical_state(True, True)
    restored = legal_kb.retriever._dense_text("lam them gio toi da bao nhieu gio mot nam", state)
    assert restored == "làm thêm giờ tối đa bao nhiêu giờ một năm"
    assert legal_kb.retriever._dense_text("How many overtime hours per year?", state) == "How many overtime hours per year?"


def test_a_draft_from_a_law_lists_its_sources_with_their_article(legal_kb):
    """GIVEN the legal corpus WHEN the offline composer drafts a news brief about overtime
    THEN the draft's source list (what the reviewer and the export bundle show) names each law's
    Chương › Điều › khoản."""
    from studio.drafting.models import DraftRequest
    from studio.drafting.prompts import load_prompts
    from studio.drafting.render import render_text
    from studio.drafting.service import draft

    request = DraftRequest(format="news_brief", topic="Giới hạn số giờ làm thêm của người lao động", lang="vi")
    result = draft(legal_kb, request, load_prompts())
    cited = [c for c in result.citations if c.doc_id.startswith(("bo-luat", "nghi-dinh", "nghi-quyet-17"))]
    assert cited and all("Điều" in c.section for c in cited), [c.section for c in result.citations]
    text = render_text(result, "vi")
    assert any(f"› {c.section}" in text for c in cited)
