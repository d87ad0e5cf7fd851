"""Splitting documents into passages (studio.knowledge.chunking), on built and real seed documents."""

from __future__ import annotations

import pytest

from tests.helpers_docs import make_pdf, seed_bytes
from studio.knowledge.chunking import SECTION_SEP, split_document
from studio.knowledge.loaders import load_document
from studio.knowledge.models import Block, ExtractedDocument
from studio.knowledge.textnorm import sentence_spans

VI_SENTENCES = [
    "Công đoàn Ngân hàng Việt Nam triển khai Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị.",
    "Hội nghị tại TP. Hồ Chí Minh có 8.450 đoàn viên tham dự.",
    "Tỷ lệ đoàn viên hài lòng đạt 87,5%.",
    "Đ/c Nguyễn Văn A phát biểu về chuyển đổi số.",
    "Các công đoàn cơ sở đã số hóa hồ sơ đoàn viên.",
    "Năm 2025 tiếp tục tập huấn kỹ năng truyền thông.",
]
DE_NO = [
    "Am 30. Juli 2025 begann die Schulung zur Gewerkschaftsarbeit.",
    "Die Teilnehmer lernten, z.B. Texte mit KI zu schreiben.",
    "Fagforeningen holdt årsmøtet 30. juli 2025.",
    "Særavtalen for økonomi og lønn ble vedtatt.",
]


def make_doc(parts: list[tuple[str, int, str]], title: str = "Báo cáo Công đoàn") -> ExtractedDocument:
    """Blocks of (kind, level, text) joined by blank lines, like the loaders build them."""
    text, blocks = "", []
    for kind, level, piece in parts:
        if text:
            text += "\n\n"
        blocks.append(Block(len(text), len(text) + len(piece), kind, level))
        text += piece
    return ExtractedDocument(text, title, blocks, "bao-cao.txt", "txt")


def para(*sentences: str) -> tuple[str, int, str]:
    return ("para", 0, " ".join(sentences))


def heading(level: int, text: str) -> tuple[str, int, str]:
    return ("heading", level, text)


def sentence_starts(doc: ExtractedDocument) -> set[int]:
    return {s for b in doc.blocks for s, _ in sentence_spans(doc.text, b.start, b.end)}


def leading_headings_end(doc: ExtractedDocument, chunk) -> int:
    """Where the run of heading blocks that opens the chunk ends (chunk.start when it opens with text)."""
    end = chunk.start
    for block in doc.blocks:
        if block.kind == "heading" and block.start >= end and not doc.text[end:block.start].strip():
            if block.end <= chunk.end:
                end = block.end
        elif block.start >= end:
            break
    return end


def assert_contract(doc: ExtractedDocument, chunks, size: int) -> None:
    assert chunks, "a document with text gives chunks"
    headings = [b for b in doc.blocks if b.kind == "heading"]
    for index, chunk in enumerate(chunks):
        assert chunk.index == index
        assert chunk.text == doc.text[chunk.start:chunk.end]
        assert chunk.text == chunk.text.strip()
        lead_end = leading_headings_end(doc, chunk)
        assert lead_end < chunk.end, "a heading is never a chunk on its own"
        body = doc.text[lead_end:chunk.end].strip()
        if len(body) > size:  # only a run without any space may exceed the size (beside opening headings)
            assert not any(ch.isspace() for ch in body), chunk.text[:80]
        for h in headings:  # headings may open a chunk, never sit inside it after its text starts
            assert not lead_end < h.start < chunk.end
        left = doc.text[chunk.start - 1] if chunk.start else " "
        right = doc.text[chunk.end] if chunk.end < len(doc.text) else " "
        assert not (left.isalnum() and chunk.text[0].isalnum()), "chunk starts inside a word"
        assert not (right.isalnum() and chunk.text[-1].isalnum()), "chunk ends inside a word"
    for before, after in zip(chunks, chunks[1:]):
        assert after.start > before.start and after.end > before.end, "every chunk brings new text"
    assert len({c.id for c in chunks}) == len(chunks)


# --- built documents -----------------------------------------------------------------------

def test_chunks_are_slices_of_the_text_and_respect_the_size():
    doc = make_doc([para(*VI_SENTENCES), para(*DE_NO)])
    chunks = split_document(doc, "doc-1", size=160, overlap=60)
    assert_contract(doc, chunks, 160)
    assert len(chunks) > 2


def test_chunks_end_on_sentence_ends():
    doc = make_doc([para(*VI_SENTENCES)])
    ends = {e for s, e in sentence_spans(doc.text)}
    for chunk in split_document(doc, "doc-1", size=200, overlap=0):
        assert chunk.end in ends and chunk.start in sentence_starts(doc)


def test_a_document_shorter_than_size_is_one_chunk_without_section():
    doc = make_doc([para(*VI_SENTENCES[:2])])
    chunks = split_document(doc, "doc-1", size=900, overlap=150)
    assert [(c.text, c.section, c.start, c.end) for c in chunks] == [(doc.text, "", 0, len(doc.text))]


def test_a_heading_starts_a_new_chunk_and_names_the_section_of_following_chunks():
    doc = make_doc([
        heading(1, "Báo cáo Công đoàn"),
        para(VI_SENTENCES[0]),
        heading(2, "Kết quả nổi bật"),
        para(*VI_SENTENCES[1:4]),
        heading(3, "Chi tiết theo đơn vị"),
        para(*VI_SENTENCES[4:]),
        heading(2, "Gewerkschaftsarbeit in Europa"),
        para(*DE_NO),
    ])
    chunks = split_document(doc, "doc-1", size=900, overlap=150)
    assert_contract(doc, chunks, 900)
    assert [(c.section, c.text.split("\n")[0]) for c in chunks] == [
        ("", VI_SENTENCES[0]),  # the title is stored with the document, not repeated in a chunk
        ("Kết quả nổi bật", "Kết quả nổi bật"),
        ("Kết quả nổi bật" + SECTION_SEP + "Chi tiết theo đơn vị", "Chi tiết theo đơn vị"),
        ("Gewerkschaftsarbeit in Europa", "Gewerkschaftsarbeit in Europa"),
    ]
    assert SECTION_SEP == " › "


def test_the_title_heading_is_not_part_of_the_section_path():
    doc = make_doc([heading(1, "Báo cáo Công đoàn"), para(*VI_SENTENCES)], title="Báo cáo Công đoàn")
    assert {c.section for c in split_document(doc, "doc-1", size=120, overlap=0)} == {""}


def test_a_level_one_heading_that_is_not_the_title_is_a_section():
    doc = make_doc([heading(1, "Phần một"), para(VI_SENTENCES[0]), heading(2, "Mục A"), para(VI_SENTENCES[1])])
    assert [c.section for c in split_document(doc, "d", 900, 0)] == ["Phần một", "Phần một › Mục A"]


def test_consecutive_chunks_overlap_by_whole_sentences_within_the_budget():
    doc = make_doc([para(*VI_SENTENCES, *DE_NO)])
    size, overlap = 180, 70
    chunks = split_document(doc, "doc-1", size=size, overlap=overlap)
    assert_contract(doc, chunks, size)
    starts, ends = sentence_starts(doc), {e for _, e in sentence_spans(doc.text)}
    shared = 0
    for before, after in zip(chunks, chunks[1:]):
        if after.start < before.end:
            common = doc.text[after.start:before.end]
            assert len(common) <= overlap
            assert after.start in starts and before.end in ends
            assert before.text.endswith(common) and after.text.startswith(common)
            shared += 1
    assert shared, "short sentences within the budget must be repeated in the next chunk"


def test_overlap_gives_way_when_the_next_sentence_would_not_fit_beside_it():
    short_a = "Công đoàn Ngân hàng Việt Nam họp tổng kết."
    short_b = "Hội nghị có 8.450 đoàn viên tham dự."
    long_c = "Tỷ lệ đoàn viên hài lòng đạt 87,5%, cao hơn nhiều so với năm trước và vượt chỉ tiêu đề ra cho năm."
    assert len(short_b) + 1 + len(long_c) > 110 >= len(long_c)
    doc = make_doc([para(short_a, short_b, long_c)])
    chunks = split_document(doc, "doc-1", size=110, overlap=60)
    assert_contract(doc, chunks, 110)
    # repeating short_b would leave no room for long_c: a chunk of short_b alone would add nothing
    assert [c.text for c in chunks] == [f"{short_a} {short_b}", long_c]


def test_no_overlap_when_the_budget_is_zero():
    doc = make_doc([para(*VI_SENTENCES)])
    chunks = split_document(doc, "doc-1", size=150, overlap=0)
    assert all(after.start >= before.end for before, after in zip(chunks, chunks[1:]))


def test_chunks_of_different_sections_never_overlap():
    doc = make_doc([heading(2, "Mục A"), para(*VI_SENTENCES), heading(2, "Mục B"), para(*DE_NO)])
    chunks = split_document(doc, "doc-1", size=200, overlap=150)
    for before, after in zip(chunks, chunks[1:]):
        if before.section != after.section:
            assert after.start >= before.end


def test_a_sentence_longer_than_size_is_cut_at_spaces():
    long_sentence = ", ".join(["đoàn viên Công đoàn Ngân hàng Việt Nam tham gia tập huấn"] * 12) + "."
    doc = make_doc([para(long_sentence)])
    chunks = split_document(doc, "doc-1", size=100, overlap=30)
    assert len(chunks) >= 7
    assert_contract(doc, chunks, 100)
    assert " ".join(c.text for c in chunks).split() == long_sentence.split()


def test_a_word_run_longer_than_size_stays_whole():
    url = "https://congdoan.vn/" + "tin-tuc-chuyen-doi-so-" * 8 + "2025.html"
    doc = make_doc([para(f"Xem chi tiết tại {url} trên trang chủ.")])
    chunks = split_document(doc, "doc-1", size=60, overlap=0)
    assert_contract(doc, chunks, 60)
    assert url in [c.text for c in chunks]


def test_pdf_chunks_carry_their_pages():
    doc = load_document(make_pdf(), "bao-cao.pdf")
    chunks = split_document(doc, "pdf-1", size=120, overlap=0)
    assert_contract(doc, chunks, 120)
    assert chunks[0].page == 1 and chunks[-1].page_end == 2
    assert all(c.page <= c.page_end for c in chunks)


def test_ids_are_content_addressed():
    doc = make_doc([para(*VI_SENTENCES)])
    first = split_document(doc, "doc-1", size=120, overlap=40)
    again = split_document(make_doc([para(*VI_SENTENCES)]), "doc-1", size=120, overlap=40)
    other_id = split_document(doc, "doc-2", size=120, overlap=40)
    edited = split_document(make_doc([para("Mở đầu.", *VI_SENTENCES)]), "doc-1", size=120, overlap=40)
    assert [c.id for c in first] == [c.id for c in again]
    assert not {c.id for c in first} & {c.id for c in other_id}
    assert all(c.id.startswith("doc-1:") for c in first) and all(c.doc_id == "doc-1" for c in first)
    assert {c.id for c in first} != {c.id for c in edited}


def test_a_document_without_blocks_gives_no_chunks():
    assert split_document(ExtractedDocument("", "Trống", [], "t.txt", "txt"), "d", 900, 150) == []


# --- real seed articles --------------------------------------------------------------------

@pytest.mark.parametrize("number", range(5))
@pytest.mark.parametrize("size, overlap", [(900, 150), (300, 120), (120, 100)])
def test_seed_chunks_keep_the_contract(number, size, overlap):
    data, name = seed_bytes(number)
    doc = load_document(data, name)
    assert_contract(doc, split_document(doc, f"seed-{number}", size, overlap), size)


@pytest.mark.parametrize("number", range(5))
def test_seed_chunk_ids_are_stable_across_loads_and_differ_per_doc_id(number):
    data, name = seed_bytes(number)
    first = split_document(load_document(data, name), "seed", 900, 150)
    second = split_document(load_document(bytes(data), name), "seed", 900, 150)
    renamed = split_document(load_document(data, name), "seed-copy", 900, 150)
    assert [c.id for c in first] == [c.id for c in second]
    assert not {c.id for c in first} & {c.id for c in renamed}


def test_seed_002_sections_follow_its_parts():
    data, name = seed_bytes(2)
    doc = load_document(data, name)
    chunks = split_document(doc, "seed-2", 900, 150)
    part_1 = [c for c in chunks if c.section.startswith("Part 1: Resolution 57-NQ/TW")]
    part_2 = [c for c in chunks if c.section.startswith("Part 2 - BIDV Bank Party Committee")]
    assert part_1 and part_2 and len(part_1) + len(part_2) == len(chunks)
    assert max(c.end for c in part_1) <= min(c.start for c in part_2)
    assert any(c.section.endswith(SECTION_SEP + "Bright spots in digital transformation") for c in part_2)


def test_seed_004_german_dates_stay_inside_one_chunk_sentence():
    data, name = seed_bytes(4)
    doc = load_document(data, name)
    chunks = split_document(doc, "seed-4", 300, 0)
    assert any("Am 22. Dezember 2024 erließ" in c.text for c in chunks)
    assert not any(c.text.endswith("Am 22.") for c in chunks)
