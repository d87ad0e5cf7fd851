"""Hybrid, cross-lingual retrieval with citations, on the embedded store and on a real Chroma server."""

from __future__ import annotations

import uuid

import pytest

from studio.config import PROJECT_ROOT
from studio.errors import StudioError
from studio.knowledge.base import KnowledgeBase
from studio.knowledge.evaluate import evaluate, load_questions
from tests.helpers_docs import make_pdf

QUESTIONS = PROJECT_ROOT / "tests" / "data" / "retrieval_questions.yaml"


@pytest.fixture(scope="module", params=["embedded", "server"])
def backend_settings(request, tmp_path_factory):
    from studio.config import Settings

    base = dict(data_dir=tmp_path_factory.mktemp("data"), lang="en", llm_base_url=None,
                embeddings_base_url=None, collection_prefix=f"t{uuid.uuid4().hex[:8]}")
    if request.param == "server":
        base["chroma_url"] = request.getfixturevalue("chroma_server")
    return Settings(**base)


@pytest.fixture(scope="module")
def seeds_kb(backend_settings, e5_embedder, seeds):
    kb = KnowledgeBase(backend_settings.model_copy(update={"collection_prefix": backend_settings.collection_prefix + "s"}),
                       embedder=e5_embedder)
    results = kb.ingest_paths([seeds])
    assert all(not r.error for r in results)
    return kb


@pytest.fixture(scope="module")
def full_kb(backend_settings, e5_embedder, seeds):
    """Seeds (en/de/no) plus the shipped sample knowledge base (vi/en), tagged by origin, on the
    default embedder (e5)."""
    kb = KnowledgeBase(backend_settings, embedder=e5_embedder)
    kb.ingest_paths([seeds], tags=("seed",))
    kb.ingest_paths([PROJECT_ROOT / "knowledge"], tags=("sample",))
    return kb


def test_labelled_question_set_meets_recall_targets(seeds_kb):
    """GIVEN the five seed articles (en, de, no) in the store
    WHEN each of the labelled questions (vi, en, de, no; most in another language than the answer) is searched
    THEN a passage that answers it is in the top 5 for ≥ 90 % of all and ≥ 85 % of cross-language questions."""
    langs = {d.source: d.lang for d in seeds_kb.list_documents()}
    questions = load_questions(QUESTIONS, langs)
    assert len(questions) >= 40
    assert sum(q.cross_language for q in questions) >= len(questions) / 2
    assert {q.lang for q in questions} == {"vi", "en", "de", "no"}
    report = evaluate(questions, lambda q, k: seeds_kb.search(q, k=k), k=5)
    summary = report.summary()
    missed = [f"{q.id} ({q.lang}) {q.q}" for q in report.misses()]
    print("recall@5", {k: round(v, 3) for k, v in summary.items()})
    assert summary["all"] >= 0.90, missed
    assert summary["cross"] >= 0.85, missed


def test_query_without_diacritics_finds_accented_vietnamese_text(full_kb):
    passages = full_kb.search("nghi quyet 57 chuyen doi so", k=5, lang="vi")
    assert passages, "an unaccented query must reach Vietnamese passages"
    assert "Nghị quyết" in passages[0].text or "Nghị quyết" in passages[0].title
    assert all(p.lang == "vi" for p in passages)
    unaccented = full_kb.search("cong doan ngan hang luot truy cap", k=3, lang="vi")
    assert any("100 triệu lượt truy cập" in p.text for p in unaccented)


def test_english_question_finds_the_vietnamese_passage(full_kb):
    passages = full_kb.search("How many followers does the union fanpage have?", k=3, lang="vi")
    assert any("30.000" in p.text for p in passages), [p.text[:80] for p in passages]


def test_vietnamese_question_finds_the_german_and_norwegian_passages(full_kb):
    german = full_kb.search("Bộ Chính trị ban hành Nghị quyết 57-NQ/TW ngày nào?", k=5, lang="de")
    assert any("22. Dezember 2024" in p.text for p in german)
    norwegian = full_kb.search("Hệ thống B.One có bao nhiêu người dùng?", k=5, lang="no")
    assert any("28 000" in p.text or "28.000" in p.text or "28 000" in p.text for p in norwegian), \
        [p.text[:100] for p in norwegian]


def test_filters_by_language_document_and_tag(full_kb):
    query = "digital transformation trade union"
    for lang in ("vi", "en", "de", "no"):
        passages = full_kb.search(query, k=8, lang=lang)
        assert passages and {p.lang for p in passages} == {lang}
    doc = next(d for d in full_kb.list_documents() if d.lang == "vi")
    only = full_kb.search(query, k=8, doc_id=doc.doc_id)
    assert only and {p.doc_id for p in only} == {doc.doc_id}
    sample_ids = {d.doc_id for d in full_kb.list_documents() if "sample" in d.tags}
    tagged = full_kb.search(query, k=8, tag="sample")
    assert tagged and {p.doc_id for p in tagged} <= sample_ids
    both = full_kb.search(query, k=8, tag="seed", lang="no")
    assert both and {p.lang for p in both} == {"no"} and not ({p.doc_id for p in both} & sample_ids)


def test_every_passage_cites_an_exact_span_of_its_document(full_kb):
    passages = full_kb.search("Công đoàn Ngân hàng Việt Nam khóa học AI", k=10)
    assert len(passages) == 10
    for p in passages:
        info, text = full_kb.get_document(p.doc_id)
        assert text[p.start:p.end] == p.text
        assert p.title == info.title and p.lang == info.lang
        assert p.score > 0
        keys = set(p.to_dict())
        assert {"id", "text", "doc_id", "title", "section", "page", "start", "end", "lang", "score"} <= keys
    scores = [p.score for p in passages]
    assert scores == sorted(scores, reverse=True)


def test_pdf_passages_cite_their_page(backend_settings, embedder):
    kb = KnowledgeBase(backend_settings.model_copy(update={"collection_prefix": f"p{uuid.uuid4().hex[:8]}"}),
                       embedder=embedder)
    pdf = make_pdf(pages=[
        ["Báo cáo tổng kết công tác công đoàn năm 2025.", "Phần mở đầu nói về tổ chức bộ máy."],
        ["Cuộc thi trực tuyến về an toàn, vệ sinh lao động thu hút gần 10.000 người tham gia."],
    ], title="Báo cáo tổng kết 2025")
    result = kb.ingest_upload("bao-cao-2025.pdf", pdf)[0]
    assert result.status == "added", result.error
    passages = kb.search("an toàn vệ sinh lao động 10.000 người", k=1)
    assert passages[0].page == 2
    assert "10.000" in passages[0].text


def test_empty_query_is_refused_with_a_message(full_kb):
    with pytest.raises(StudioError) as err:
        full_kb.search("   ")
    assert err.value.code == "empty_query"
    assert err.value.message("vi") == "Hãy nhập nội dung cần tìm."


def test_a_second_process_sees_changes_made_by_the_first(backend_settings, embedder, tmp_path):
    """Two KnowledgeBase objects on one store stand for two app processes: caches follow the store."""
    settings = backend_settings.model_copy(update={"collection_prefix": f"g{uuid.uuid4().hex[:8]}"})
    writer = KnowledgeBase(settings, embedder=embedder)
    reader = KnowledgeBase(settings, embedder=embedder)
    doc = tmp_path / "thong-bao.md"
    doc.write_text("# Thông báo\n\nHội nghị người lao động năm 2026 tổ chức tại Hải Phòng.\n", encoding="utf-8")
    assert reader.list_documents() == []
    with pytest.raises(StudioError):
        reader.search("")
    writer.ingest_paths([doc])
    found = reader.search("hoi nghi nguoi lao dong Hai Phong", k=1)
    assert found and "Hải Phòng" in found[0].text
    writer.remove_document(found[0].doc_id)
    assert reader.search("hoi nghi nguoi lao dong Hai Phong", k=1) == []


def test_ask_quotes_sources_and_cites_every_sentence(full_kb):
    answer = full_kb.ask("Trang fanpage của Công đoàn Ngân hàng Việt Nam có bao nhiêu người theo dõi?", lang="vi")
    assert answer.sentences and answer.citations
    markers = {c.marker for c in answer.citations}
    for sentence in answer.sentences:
        assert sentence.marker in markers
        assert f"{sentence.text} [{sentence.marker}]" in answer.answer
        citation = next(c for c in answer.citations if c.marker == sentence.marker)
        _, text = full_kb.get_document(citation.doc_id)
        assert text[sentence.start:sentence.end] == sentence.text  # verbatim, from its document
    assert "30.000" in answer.answer


def test_ask_says_so_when_no_source_answers(full_kb):
    answer = full_kb.ask("xyzzy plugh qwertyuiop")
    assert answer.citations == [] and answer.sentences == []
    assert answer.answer.startswith("No source")
