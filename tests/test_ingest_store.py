"""Ingest into a real embedded Chroma store: idempotence, replacement, removal, all-or-nothing."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pytest

from studio.knowledge.ingest import make_doc_id

VI_DOC = """---
title: "Bản tin chuyển đổi số"
lang: vi
tags: [ban-tin]
---
# Bản tin chuyển đổi số

## Kết quả năm 2025

Công đoàn Ngân hàng Việt Nam ghi nhận gần 100 triệu lượt truy cập trang thông tin điện tử. Mỗi năm có khoảng 1.200 tin, bài được đăng tải.

## Định hướng

Cuộc thi trực tuyến về an toàn, vệ sinh lao động thu hút gần 10.000 người tham gia, tỷ lệ hoàn thành đạt 92,23%.
"""


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def _chunk_ids(kb, doc_id):
    return kb.store.chunk_ids_of(doc_id)


def test_ingesting_the_same_file_twice_changes_nothing(kb, tmp_path):
    doc = _write(tmp_path / "ban-tin.md", VI_DOC)
    first = kb.ingest_paths([doc])
    ids_before = _chunk_ids(kb, first[0].doc_id)
    generation = kb.store.generation()
    second = kb.ingest_paths([doc])
    assert [r.status for r in first] == ["added"]
    assert [r.status for r in second] == ["unchanged"]
    assert _chunk_ids(kb, first[0].doc_id) == ids_before
    assert kb.store.count() == len(ids_before)
    assert kb.store.generation() == generation  # caches stay valid


def test_changed_file_replaces_its_chunks_without_orphans(kb, tmp_path):
    doc = _write(tmp_path / "ban-tin.md", VI_DOC)
    doc_id = kb.ingest_paths([doc])[0].doc_id
    old_ids = _chunk_ids(kb, doc_id)
    _write(doc, VI_DOC.replace("92,23%", "95,5%") + "\n## Mới\n\nMột đoạn hoàn toàn mới về Zalo.\n")
    result = kb.ingest_paths([doc])[0]
    new_ids = _chunk_ids(kb, doc_id)
    assert result.status == "updated"
    assert new_ids != old_ids
    assert kb.store.count() == len(new_ids) == result.chunks  # nothing left from the old version
    texts = [c.text for c in kb.store.all_chunks()]
    assert any("95,5%" in t for t in texts) and not any("92,23%" in t for t in texts)
    unchanged_prefix = {i for i in old_ids if i in new_ids}
    assert unchanged_prefix, "chunks before the edit keep their content-addressed ids"


def test_document_properties_come_from_front_matter_and_detection(kb, tmp_path):
    doc = _write(tmp_path / "ban-tin.md", VI_DOC)
    en = _write(tmp_path / "note.txt", "Trade union news\nThe Vietnam Bank Trade Union trained more than 200 officials in applying AI to communication work in 2025.")
    kb.ingest_paths([doc, en], tags=("demo",))
    docs = {d.source: d for d in kb.list_documents()}
    assert docs["ban-tin.md"].title == "Bản tin chuyển đổi số"
    assert docs["ban-tin.md"].lang == "vi"
    assert set(docs["ban-tin.md"].tags) == {"ban-tin", "demo"}
    assert docs["note.txt"].lang == "en"
    assert docs["note.txt"].title == "Trade union news"
    info, text = kb.get_document(docs["ban-tin.md"].doc_id)
    assert "1.200 tin, bài" in text and info.chunks == docs["ban-tin.md"].chunks


def test_remove_document_deletes_all_its_chunks(kb, tmp_path):
    a = _write(tmp_path / "a.md", VI_DOC)
    b = _write(tmp_path / "b.txt", "Title line here\nAnother document about union work and digital platforms in 2026.")
    results = kb.ingest_paths([a, b])
    removed = kb.remove_document(results[0].doc_id)
    assert removed == results[0].chunks
    assert [d.source for d in kb.list_documents()] == ["b.txt"]
    assert kb.store.count() == results[1].chunks
    with pytest.raises(Exception) as err:
        kb.remove_document(results[0].doc_id)
    assert getattr(err.value, "code", None) == "doc_not_found"


def test_bad_files_are_reported_and_change_nothing(kb, tmp_path, settings):
    good = _write(tmp_path / "ok.md", VI_DOC)
    kb.ingest_paths([good])
    count, generation = kb.store.count(), kb.store.generation()
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "virus.exe").write_bytes(b"MZ\x90\x00")
    results = kb.ingest_paths([tmp_path / "bad.pdf", tmp_path / "empty.txt", tmp_path / "virus.exe",
                               tmp_path / "missing.md"])
    assert [r.error_code for r in results] == ["not_found", "corrupt_file", "empty_file", "unsupported_type"]
    assert all(r.status == "failed" and r.error for r in results)
    assert "bad.pdf" in results[1].error_message("vi") and "Không đọc được" in results[1].error_message("vi")
    assert kb.store.count() == count and kb.store.generation() == generation


def test_file_over_the_size_limit_is_refused(settings, embedder, tmp_path):
    from studio.knowledge.base import KnowledgeBase

    small = settings.model_copy(update={"max_upload_mb": 0.001})
    kb = KnowledgeBase(small, embedder=embedder)
    big = _write(tmp_path / "big.txt", "Công đoàn " * 500)
    result = kb.ingest_paths([big])[0]
    assert result.error_code == "too_large"
    assert kb.store.count() == 0


def test_zip_archives_are_expanded_and_zip_bombs_refused(kb, tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("docs/ban-tin.md", VI_DOC)
        z.writestr("docs/readme.exe", b"ignored")
        z.writestr("__MACOSX/._ban-tin.md", b"junk")
    results = kb.ingest_upload("goi.zip", buf.getvalue())
    assert [(r.source, r.status) for r in results] == [("docs/ban-tin.md", "added")]  # the path inside the zip is its identity

    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.txt", "A" * 20_000_000)  # compresses ~1000:1
    refused = kb.ingest_upload("bomb.zip", bomb.getvalue())
    assert refused[0].error_code == "archive_too_big"
    assert [d.source for d in kb.list_documents()] == ["docs/ban-tin.md"]


class _FailingSecondAdd:
    """Fault injection around the real Chroma collection: the second `add` call raises."""

    def __init__(self, collection):
        self._collection = collection
        self.calls = 0

    def add(self, **kwargs):
        self.calls += 1
        if self.calls == 2:
            raise RuntimeError("disk full")
        return self._collection.add(**kwargs)

    def __getattr__(self, name):
        return getattr(self._collection, name)


def test_failure_half_way_leaves_the_store_as_it_was(kb, tmp_path, monkeypatch):
    from studio.knowledge import store as store_module

    doc = _write(tmp_path / "ban-tin.md", VI_DOC)
    kb.ingest_paths([doc])
    before = {c.id: c.text for c in kb.store.all_chunks()}
    docs_before = kb.list_documents()
    long_doc = _write(tmp_path / "long.md", "# Dài\n\n" + "\n\n".join(
        f"Đoạn số {i}: Công đoàn cơ sở triển khai chuyển đổi số với {i * 10} đoàn viên tham gia." for i in range(60)))
    monkeypatch.setattr(store_module, "_BATCH", 3)
    kb.store.chunks = _FailingSecondAdd(kb.store.chunks)
    result = kb.ingest_paths([long_doc])[0]
    assert result.status == "failed" and result.error_code == "ingest_failed"
    assert kb.store.chunks.calls == 2  # the first batch was written, then rolled back
    assert {c.id: c.text for c in kb.store.all_chunks()} == before
    assert kb.list_documents() == docs_before


def test_vectors_of_the_wrong_dimension_fail_cleanly(kb, tmp_path):
    """GIVEN a store with vectors of one dimension
    WHEN an embedder with the same id returns vectors of another dimension
    THEN the vector step fails with a message, no vector is written, and the text is still stored
    and searchable by words."""
    from studio.errors import StudioError
    from studio.knowledge.base import KnowledgeBase

    doc = _write(tmp_path / "ban-tin.md", VI_DOC)
    kb.ingest_paths([doc])
    vectors = kb.store.vector_count()

    class OtherDim:
        id = kb.embedder.id
        kind = "static"
        notice = None
        passage_chars = 0

        def embed_passages(self, texts):
            return np.ones((len(texts), 7), dtype=np.float32) / np.sqrt(7)

        embed_queries = embed_passages

    other = KnowledgeBase(kb.settings, embedder=OtherDim())
    changed = _write(tmp_path / "ban-tin.md", VI_DOC + "\nHội nghị người lao động họp tại Hải Phòng.\n")
    with pytest.raises(StudioError) as err:
        other.ingest_paths([changed])
    assert err.value.code == "vectors_failed"
    assert kb.store.vector_count() <= vectors  # stale vectors of replaced passages went with them; none added
    status = kb.vector_status()
    assert status.done < status.total
    found = kb.search_with("Hải Phòng hội nghị", kb.search_options(k=1, vector=False))
    assert "Hải Phòng" in found[0].text


def test_doc_ids_are_stable_readable_and_distinct():
    assert make_doc_id("Nghị quyết 57.pdf") == make_doc_id("Nghị quyết 57.pdf")
    assert make_doc_id("Nghị quyết 57.pdf").startswith("nghi-quyet-57-")
    assert make_doc_id("Nghị quyết 57.pdf") != make_doc_id("Nghị quyết 57.docx")


def test_progress_reports_every_file_and_cancel_stops_between_documents(kb, tmp_path):
    import threading

    from studio.errors import StudioError

    files = [_write(tmp_path / f"d{i}.md", VI_DOC.replace("2025", str(2000 + i))) for i in range(3)]
    events = []
    kb.ingest_paths(files, progress=events.append)
    finished = [e for e in events if e.stage == "done"]
    assert [e.done for e in finished] == [1, 2, 3] and all(e.total == 3 for e in events)
    assert {e.stage for e in events} >= {"load", "store", "done"}

    cancel = threading.Event()
    more = [_write(tmp_path / f"e{i}.md", VI_DOC.replace("2025", str(2100 + i))) for i in range(3)]

    def stop_after_first(event):
        if event.stage == "done":
            cancel.set()

    with pytest.raises(StudioError) as err:
        kb.ingest_paths(more, progress=stop_after_first, cancel=cancel)
    assert err.value.code == "cancelled"
    sources = {d.source for d in kb.list_documents()}
    assert "e0.md" in sources and "e1.md" not in sources


def test_index_terms_are_stored_at_ingest_and_recomputed_when_the_lexicon_changes(kb, settings, embedder, tmp_path):
    from studio.knowledge.base import KnowledgeBase
    from studio.knowledge.lexicon import Lexicon, parse_lexicon

    doc = _write(tmp_path / "ban-tin.md", VI_DOC)
    kb.ingest_paths([doc])
    stored = kb.store.all_chunks()
    assert {c.meta["lex_v"] for c in stored} == {kb.retriever.analysis_version}
    assert all("c:" in c.meta["lex_bridge"] for c in stored)  # lexicon concepts were found

    # a site ships a different lexicon: the stored terms no longer apply and are recomputed
    tiny = Lexicon(parse_lexicon([{"id": "zalo_app", "vi": ["truy cập"], "en": ["visits"]}]))
    other = KnowledgeBase(settings, embedder=embedder, lexicon=tiny)
    assert other.retriever.analysis_version != kb.retriever.analysis_version
    found = other.search("visits", k=1, lang="vi")
    assert "truy cập" in found[0].text
