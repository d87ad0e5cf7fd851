"""Legal structure end to end: real Vietnamese legal and Party texts through the real loaders and the chunker.

The texts are short excerpts of public documents stored byte for byte under tests/data/legal_snippets
(see SOURCES.md there). Word, HTML and PDF files are built in memory from those same lines with
python-docx, plain markup and fpdf2, the way users' files carry them.
"""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import pytest

from tests.helpers_docs import seed_bytes
from studio.knowledge import legal
from studio.knowledge.chunking import HEADINGS_LIMIT, SECTION_SEP, split_document
from studio.knowledge.loaders import load_document

SNIPPETS = Path(__file__).parent / "data" / "legal_snippets"
KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"

LUAT_CONG_DOAN = "luat-cong-doan-2012-chuong-ii.txt"
DIEU_LE = "dieu-le-cong-doan-khoa-xii-chuong-i.md"
NGHI_DINH_30 = "nghi-dinh-30-2020-ND-CP-chuong-i-ii.md"
BO_LUAT_DAN_SU = "bo-luat-dan-su-2015-phan-thu-nhat.txt"
THONG_TU_02 = "thong-tu-02-2024-TT-BLDTBXH-mau-hop-dong.txt"
NQ_57 = "nghi-quyet-57-NQ-TW-2024-muc-i-ii.md"
NQ_03 = "nghi-quyet-03-NQ-CP-2025-dieu-1-3.md"

# A heading line as the tests see it, independently of studio.knowledge.legal.
_ARTICLE = re.compile(r"^(?:Điều \d+[.:])", re.M)
_HEADING_LINE = re.compile(r"^(?:Phần thứ \w+|Chương [IVXLC]+\b.*|Mục \d+\b.*|Điều \d+[.:].*|[A-ZĐÀ-Ỹ ,\-]+)\s*$")


def snippet(name: str) -> str:
    return (SNIPPETS / name).read_text(encoding="utf-8")


def load(name: str, data: bytes | None = None):
    return load_document(data if data is not None else (SNIPPETS / name).read_bytes(), name)


def chunk(doc, size: int = 900, overlap: int = 150):
    return split_document(doc, "doc", size, overlap)


def by_text(chunks, needle: str):
    """The chunk whose text holds `needle` (the first one)."""
    found = [c for c in chunks if needle in c.text]
    assert found, f"no chunk holds {needle!r}"
    return found[0]


def article_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every "Điều N." line's article: up to the next Điều/Chương/Mục/Phần heading line."""
    starts = [m.start() for m in _ARTICLE.finditer(text)]
    stops = sorted(starts + [m.start() for m in re.finditer(r"^(?:Chương|Mục|Phần thứ|#|TM\.)", text, re.M)])
    spans = []
    for start in starts:
        later = [s for s in stops if s > start]
        end = later[0] if later else len(text)
        spans.append((start, len(text[:end].rstrip())))
    return spans


def assert_legal_contract(doc, chunks, size: int) -> None:
    """Spans exact, no heading-only chunk, no Điều shared, a Điều that fits is one chunk, khoản under Điều."""
    assert chunks
    for before, after in zip(chunks, chunks[1:]):
        assert after.start > before.start and after.end > before.end
    for index, c in enumerate(chunks):
        assert c.text == doc.text[c.start:c.end] and c.text == c.text.strip()
        assert len(_ARTICLE.findall(c.text)) <= 1, f"two Điều share a chunk: {c.text[:120]!r}"
        body = [line for line in c.text.split("\n") if line.strip() and not _HEADING_LINE.match(line.strip())]
        following = chunks[index + 1] if index + 1 < len(chunks) else None
        # only a heading printed last on its PDF page may stay alone (its text is on the next page)
        assert body or (following is not None and following.page != c.page_end), f"heading-only chunk: {c.text!r}"
        assert len(c.headings) <= HEADINGS_LIMIT
        parts = c.section.split(SECTION_SEP)
        for i, part in enumerate(parts):
            if part.startswith("khoản"):
                assert i > 0 and parts[i - 1].startswith("Điều "), c.section  # a child of its Điều
            if part.startswith("điểm"):
                assert i > 0 and (parts[i - 1].startswith(("khoản", "Điều "))), c.section
    for start, end in article_spans(doc.text):
        if end - start <= size:
            assert any(c.start <= start and c.end >= end for c in chunks), doc.text[start:start + 60]


# --- plain text: a law with its chapter names on the same line ----------------------------------

def test_txt_law_khoan_are_children_of_their_dieu_and_chapters_open_the_first_article():
    """GIVEN Luật Công đoàn 2012, Chương II (Mục 1, Điều 10–14) as a .txt file
    WHEN it is loaded and split at 900 characters
    THEN every chunk cites Chương › Mục › Điều (› khoản), the Chương and Mục headings open Điều 10's
    first chunk, a Điều that fits is one chunk, and a long one is split at khoản boundaries."""
    doc = load(LUAT_CONG_DOAN)
    chunks = chunk(doc)
    assert_legal_contract(doc, chunks, 900)
    first = chunks[0]
    assert first.start == 0 and first.text.startswith("Chương II QUYỀN, TRÁCH NHIỆM")
    assert first.section == "Chương II › Mục 1 › Điều 10 › khoản 1–6"
    assert first.headings.startswith(
        "Chương II. QUYỀN, TRÁCH NHIỆM CỦA CÔNG ĐOÀN VÀ ĐOÀN VIÊN CÔNG ĐOÀN › Mục 1. QUYỀN, TRÁCH NHIỆM CỦA CÔNG ĐOÀN"
        " › Điều 10. Đại diện, bảo vệ")
    assert by_text(chunks, "7. Kiến nghị với tổ chức").section == "Chương II › Mục 1 › Điều 10 › khoản 7–10"
    whole = by_text(chunks, "Điều 13. Tham dự")
    assert whole.section == "Chương II › Mục 1 › Điều 13" and whole.text.startswith("Điều 13.")
    assert whole.headings == ("Chương II. QUYỀN, TRÁCH NHIỆM CỦA CÔNG ĐOÀN VÀ ĐOÀN VIÊN CÔNG ĐOÀN › "
                              "Mục 1. QUYỀN, TRÁCH NHIỆM CỦA CÔNG ĐOÀN › "
                              "Điều 13. Tham dự các phiên họp, cuộc họp, kỳ họp và hội nghị")
    assert by_text(chunks, "a) Yêu cầu cơ quan").section == "Chương II › Mục 1 › Điều 14 › khoản 2"


def test_a_khoan_longer_than_size_is_split_at_diem():
    doc = load(LUAT_CONG_DOAN)
    chunks = chunk(doc, size=400, overlap=100)
    assert_legal_contract(doc, chunks, 400)
    assert [c.section for c in chunks if "Điều 14" in c.section] == [
        "Chương II › Mục 1 › Điều 14 › khoản 1",  # the Điều heading opens its first khoản's chunk
        "Chương II › Mục 1 › Điều 14 › khoản 2 › điểm a–b",
        "Chương II › Mục 1 › Điều 14 › khoản 2 › điểm c",
    ]
    assert by_text(chunks, "c) Trường hợp phát hiện").text.startswith("c) Trường hợp phát hiện")


def test_txt_code_parts_and_chapters_with_names_on_the_next_line():
    """GIVEN the Công báo text of Bộ luật Dân sự 2015 (Phần thứ nhất / QUY ĐỊNH CHUNG / Chương I / …)
    THEN Phần, Chương and their names form one heading, cited compactly and in full."""
    doc = load(BO_LUAT_DAN_SU)
    assert "Phần thứ nhất\nQUY ĐỊNH CHUNG" in [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "heading"]
    chunks = chunk(doc)
    assert_legal_contract(doc, chunks, 900)
    first_article = by_text(chunks, "Điều 1. Phạm vi điều chỉnh")
    assert first_article.text.startswith("Phần thứ nhất")
    assert first_article.section == "Phần thứ nhất › Chương I › Điều 1"
    assert first_article.headings == ("Phần thứ nhất. QUY ĐỊNH CHUNG › Chương I. NHỮNG QUY ĐỊNH CHUNG › "
                                      "Điều 1. Phạm vi điều chỉnh")
    # the signature stamp and page header of the Công báo sit inside Điều 3: khoản 5 stays in Điều 3
    khoan_5 = by_text(chunks, "5. Cá nhân, pháp nhân phải tự chịu")
    assert khoan_5.section.startswith("Phần thứ nhất › Chương I › Điều 3 › khoản")
    assert all(c.section for c in chunks if c.start >= first_article.start)


def test_articles_written_with_a_colon_and_sub_items_that_are_not_khoan():
    doc = load(THONG_TU_02)
    chunks = chunk(doc)
    assert by_text(chunks, "Điều 1: Điều khoản chung").section == "Điều 1"
    assert by_text(chunks, "Điều 2: Quyền và nghĩa vụ").section == "Điều 2"
    assert not any("khoản" in c.section for c in chunks)  # "2.1." items are not khoản


# --- markdown ---------------------------------------------------------------------------------

def test_markdown_hash_headings_holding_chuong_muc_dieu():
    """GIVEN Nghị định 30/2020/NĐ-CP as Markdown converted from Word ("## Chương I" + "## QUY ĐỊNH CHUNG",
    "#### Mục 1" + "## THỂ THỨC …", "### Điều 1. …", điểm as "- a) …")
    THEN the chapter number and its name are one heading block and the paths read Chương › Mục › Điều."""
    doc = load(NGHI_DINH_30)
    headings = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "heading"]
    assert "Chương I\nQUY ĐỊNH CHUNG" in headings
    assert "Mục 1\nTHỂ THỨC, KỸ THUẬT TRÌNH BÀY VĂN BẢN HÀNH CHÍNH" in headings
    chunks = chunk(doc)
    assert_legal_contract(doc, chunks, 900)
    assert chunks[0].text.startswith("Chương I\nQUY ĐỊNH CHUNG\n\nĐiều 1. Phạm vi điều chỉnh")
    assert chunks[0].section == "Chương I › Điều 1"
    assert chunks[0].headings == "Chương I. QUY ĐỊNH CHUNG › Điều 1. Phạm vi điều chỉnh"
    assert by_text(chunks, "• a) Văn bản của cơ quan").section == "Chương I › Điều 4 › khoản 2 › điểm a–b"
    article_7 = by_text(chunks, "Điều 7. Các loại văn bản hành chính")
    assert article_7.section == "Chương II › Mục 1 › Điều 7" and article_7.text.startswith("Chương II\nSOẠN THẢO")


def test_markdown_whole_line_bold_headings():
    """GIVEN the Bộ luật Dân sự lines with each heading line set in whole-line **bold** (as Word→Markdown
    converters write them) THEN the bold markup is dropped and the headings are read as in the plain text."""
    lines = snippet(BO_LUAT_DAN_SU).split("\n")
    bold = "\n".join(f"**{line.strip()}**" if line.strip() and _HEADING_LINE.match(line.strip()) else line
                     for line in lines)
    assert "**Điều 1. Phạm vi điều chỉnh**" in bold and "**Chương I**" in bold
    doc = load("bo-luat-dan-su.md", bold.encode())
    assert "**" not in doc.text
    chunks = chunk(doc)
    assert_legal_contract(doc, chunks, 900)
    assert by_text(chunks, "Điều 2. Công nhận").section == "Phần thứ nhất › Chương I › Điều 2"


def test_markdown_union_charter_with_diem_written_a_full_stop():
    doc = load(DIEU_LE)
    chunks = chunk(doc)
    assert_legal_contract(doc, chunks, 900)
    assert chunks[0].section == "Chương I › Điều 1"
    assert chunks[0].text.startswith("Chương I ĐOÀN VIÊN VÀ CÁN BỘ CÔNG ĐOÀN")
    assert by_text(chunks, "a. Được tham gia thành lập").section == "Chương I › Điều 2 › khoản 1 › điểm a–d"
    assert by_text(chunks, "2. Nhiệm vụ của đoàn viên").section.startswith("Chương I › Điều 2 › khoản 2")


def test_markdown_party_resolution_outline_with_bold_numbers():
    """GIVEN Nghị quyết 57-NQ/TW (parts I and II) as Markdown converted from PDF ("**I- QUAN ĐIỂM CHỈ ĐẠO**",
    "**II- MỤC** TIÊU", "**1\\.** …", "**1\\. Đến năm 2030**") THEN chunks cite "I › 1" … "II › 2"."""
    doc = load(NQ_57)
    chunks = chunk(doc)
    sections = [c.section for c in chunks]
    assert sections[:5] == ["I › 1", "I › 2", "I › 3", "I › 4", "I › 5"]
    assert chunks[0].text.startswith("I- QUAN ĐIỂM CHỈ ĐẠO")
    goals = by_text(chunks, "1. Đến năm 2030")
    assert goals.section == "II › 1" and goals.headings == "II. MỤC TIÊU › 1. Đến năm 2030"
    assert by_text(chunks, "2. Tầm nhìn đến năm 2045").section == "II › 2"
    assert all(c.section for c in chunks)
    assert not any("Điều" in c.section or "khoản" in c.section for c in chunks)


def test_a_resolution_with_articles_and_an_outlined_programme():
    doc = load(NQ_03)
    chunks = chunk(doc)
    assert [c.section for c in chunks if c.section.startswith("Điều")] == ["Điều 1", "Điều 2", "Điều 3"]
    assert "**" not in doc.text
    assert by_text(chunks, "Điều 1. Ban hành kèm theo").text.startswith("QUYẾT NGHỊ:")
    assert by_text(chunks, "1. Tổ chức thể chế hóa").section == "I › 1"
    assert by_text(chunks, "a) Xây dựng, triển khai và tổ chức").section == "II › 1 › a"


# --- docx ----------------------------------------------------------------------------------------

def _docx(paragraphs: list[tuple[str, dict]]) -> bytes:
    """A Word file from (text, options): style=…, bold=True, center=True, as Word users set them."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    for text, options in paragraphs:
        para = document.add_paragraph(style=options.get("style"))
        para.add_run(text).bold = options.get("bold")
        if options.get("center"):
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _nghi_dinh_30_lines() -> list[str]:
    """The decree's lines without Markdown markers (the text the original Word file holds)."""
    return [re.sub(r"^(#+ |- )", "", line) for line in snippet(NGHI_DINH_30).split("\n") if line.strip()]


def test_docx_with_plain_bold_and_centred_heading_lines():
    """GIVEN Nghị định 30/2020 as in its original Word file: "Chương I" as a centred paragraph, its name
    centred and bold, each "Điều N. …" a bold paragraph, khoản and điểm plain
    THEN the structure is read from those plain paragraphs."""
    paragraphs = []
    for line in _nghi_dinh_30_lines():
        if re.match(r"(Chương|Mục) [IVX\d]+$", line) or line.isupper():
            paragraphs.append((line, {"center": True, "bold": True}))
        elif line.startswith("Điều "):
            paragraphs.append((line + " \t", {"bold": True}))  # the original ends its Điều lines with a tab
        else:
            paragraphs.append((line, {}))
    doc = load("nghi-dinh-30.docx", _docx(paragraphs))
    chunks = chunk(doc)
    assert_legal_contract(doc, chunks, 900)
    assert chunks[0].section == "Chương I › Điều 1" and chunks[0].text.startswith("Chương I\nQUY ĐỊNH CHUNG")
    assert by_text(chunks, "a) Văn bản của cơ quan").section == "Chương I › Điều 4 › khoản 2 › điểm a–b"
    assert by_text(chunks, "Điều 7. Các loại").section == "Chương II › Mục 1 › Điều 7"


def test_docx_with_word_heading_styles():
    """GIVEN Luật Công đoàn's Chương II with Word heading styles (Chương: Heading 1, Mục: Heading 2,
    Điều: Heading 3) THEN the styled paragraphs give the same paths as the plain text."""
    paragraphs = []
    for line in snippet(LUAT_CONG_DOAN).split("\n"):
        if not line.strip():
            continue
        style = ("Heading 1" if line.startswith("Chương") else "Heading 2" if line.startswith("Mục")
                 else "Heading 3" if line.startswith("Điều") else None)
        paragraphs.append((line, {"style": style}))
    doc = load("luat-cong-doan.docx", _docx(paragraphs))
    chunks = chunk(doc)
    assert_legal_contract(doc, chunks, 900)
    assert chunks[0].section == "Chương II › Mục 1 › Điều 10 › khoản 1–6"
    assert by_text(chunks, "Điều 12. Trình dự án luật").section == "Chương II › Mục 1 › Điều 12"


# --- html ----------------------------------------------------------------------------------------

def test_html_with_centred_bold_chapters_and_bold_articles():
    """GIVEN the Bộ luật Dân sự lines as a legal web page: Phần/Chương and their names in centred <b>
    paragraphs, "Điều N." in <b>, the rest in <p> (one line per <p>, as pages of vbpl.vn are built)."""
    body = []
    for line in snippet(BO_LUAT_DAN_SU).split("\n"):
        line = line.strip()
        if not line:
            continue
        if re.match(r"(Phần thứ|Chương)", line) or line.isupper():
            body.append(f'<p align="center"><b>{line}</b></p>')
        elif line.startswith("Điều "):
            body.append(f"<p><strong>{line}</strong></p>")
        else:
            body.append(f"<p>{line}</p>")
    html = "<html><head><title>Bộ luật Dân sự 2015</title></head><body>" + "".join(body) + "</body></html>"
    doc = load("bo-luat-dan-su.html", html.encode())
    chunks = chunk(doc)
    assert_legal_contract(doc, chunks, 900)
    assert by_text(chunks, "Điều 1. Phạm vi").section == "Phần thứ nhất › Chương I › Điều 1"
    assert by_text(chunks, "Điều 3. Các nguyên tắc").section.startswith("Phần thứ nhất › Chương I › Điều 3")


def test_html_with_heading_tags_for_articles():
    def tag(line: str) -> str:
        name = "h3" if line.startswith("Điều ") else "h2" if line.startswith(("Chương", "Mục")) else "p"
        return f"<{name}>{line}</{name}>"

    body = "".join(tag(line) for line in snippet(LUAT_CONG_DOAN).split("\n") if line.strip())
    doc = load("luat-cong-doan.html", f"<html><body><article>{body}</article></body></html>".encode())
    chunks = chunk(doc)
    assert_legal_contract(doc, chunks, 900)
    assert by_text(chunks, "Điều 13. Tham dự").section == "Chương II › Mục 1 › Điều 13"


# --- pdf -----------------------------------------------------------------------------------------

def _pdf(lines: list[str]) -> bytes:
    """Lines printed one after another with no blank line between them, as in the Công báo."""
    from fpdf import FPDF
    from font_roboto import Roboto

    pdf = FPDF()
    pdf.add_font("Roboto", "", Roboto)
    pdf.set_font("Roboto", size=11)
    pdf.add_page()
    for line in lines:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def test_pdf_heading_lines_start_their_own_blocks():
    """GIVEN Luật Công đoàn's Chương II printed to a PDF without blank lines (pypdf returns one line per
    printed line, so a heading follows a full-width line of the article before)
    THEN every Điều line starts a block and the chunks cite Chương › Mục › Điều › khoản on their page."""
    lines = [line for line in snippet(LUAT_CONG_DOAN).split("\n") if line.strip()]
    doc = load("luat-cong-doan.pdf", _pdf(lines))
    starts = [doc.text[b.start:b.end].split("\n")[0] for b in doc.blocks]
    for heading in ("Điều 11. Tham gia quản lý nhà nước", "Điều 13. Tham dự", "Mục 1. QUYỀN, TRÁCH NHIỆM"):
        assert any(s.startswith(heading) for s in starts), heading
    chunks = chunk(doc)
    assert_legal_contract(doc, chunks, 900)
    assert all(c.page == c.page_end for c in chunks)
    assert by_text(chunks, "Điều 13. Tham dự").section == "Chương II › Mục 1 › Điều 13"
    assert any(c.section.startswith("Chương II › Mục 1 › Điều 14 › khoản") for c in chunks)


# --- ordinary documents stay ordinary ------------------------------------------------------------

@pytest.mark.parametrize("number", range(5))
def test_seed_articles_gain_no_legal_sections(number):
    data, name = seed_bytes(number)
    doc = load_document(data, name)
    assert legal.detect_style(doc.text.split("\n")) == ""
    for c in split_document(doc, "seed", 900, 150):
        assert not re.search(r"\b(Điều|khoản|điểm|Chương) ", c.section), c.section
        assert c.headings == c.section


@pytest.mark.parametrize("path", sorted(KNOWLEDGE.glob("*/*.md")), ids=lambda p: p.name)
def test_sample_knowledge_base_gains_no_legal_sections(path):
    doc = load_document(path.read_bytes(), path.name)
    for c in split_document(doc, "kb", 900, 150):
        assert not re.search(r"\b(Điều|khoản|điểm)\b", c.section) and " › 1" not in c.section, c.section
        assert c.headings == c.section


def test_a_numbered_line_in_a_news_article_is_not_a_khoan():
    text = ("Công đoàn Ngân hàng Việt Nam tổng kết năm\n"
            "1. Báo cáo kết quả năm 2025 cho thấy tỷ lệ đoàn viên hài lòng đạt 87,5%.\n"
            "2. Năm 2026 tiếp tục tập huấn kỹ năng truyền thông cho cán bộ công đoàn cơ sở.\n")
    chunks = chunk(load_document(text.encode(), "tin.txt"))
    assert legal.detect_style(text.split("\n")) == "" and all(c.section == "" for c in chunks)


def test_a_heading_directly_over_a_subheading_opens_its_chunk_in_ordinary_documents():
    """The old bug: "Case study: BIDV" followed at once by "Scale and milestones" was a chunk of its own."""
    doc = load_document((KNOWLEDGE / "en" / "digital-transformation-union-work.md").read_bytes(), "a.md")
    chunks = split_document(doc, "kb", 900, 150)
    merged = by_text(chunks, "Case study: BIDV")
    assert merged.text.startswith("Case study: BIDV\n\nScale and milestones")
    assert merged.section == "Case study: BIDV › Scale and milestones"


# --- the recogniser itself -----------------------------------------------------------------------

@pytest.mark.parametrize(
    "line, label, title",
    [
        ("Chương II QUYỀN, TRÁCH NHIỆM CỦA CÔNG ĐOÀN VÀ ĐOÀN VIÊN CÔNG ĐOÀN", "Chương II",
         "QUYỀN, TRÁCH NHIỆM CỦA CÔNG ĐOÀN VÀ ĐOÀN VIÊN CÔNG ĐOÀN"),
        ("Chương I ", "Chương I", ""),
        ("Phần thứ nhất ", "Phần thứ nhất", ""),
        ("PHẦN THỨ NHẤT: THÔNG TIN VỀ BÊN ĐI VAY ", "Phần thứ nhất", "THÔNG TIN VỀ BÊN ĐI VAY"),
        ("Mục 1. QUYỀN, TRÁCH NHIỆM CỦA CÔNG ĐOÀN", "Mục 1", "QUYỀN, TRÁCH NHIỆM CỦA CÔNG ĐOÀN"),
        ("Điều 1. Phạm vi điều chỉnh ", "Điều 1", "Phạm vi điều chỉnh"),
        ("Điều 1: Điều khoản chung ", "Điều 1", "Điều khoản chung"),
        ("**Điều 1.** Ban hành kèm theo Nghị quyết này Chương trình hành động", "Điều 1",
         "Ban hành kèm theo Nghị quyết này Chương trình hành động"),
    ],
)
def test_heading_lines_of_real_documents_are_recognised(line, label, title):
    marker, _strict = legal.heading_marker(line)
    assert (marker.label, marker.title) == (label, title)


@pytest.mark.parametrize("line", [
    "Chương IX Phần này.",  # a wrapped cross-reference in the Bộ luật Dân sự
    "Điều 54 của Luật này.",
    "tại Phần thứ tư của Bộ luật này.",
    "Chương trình hành động của Chính phủ",
    "Mục tiêu cụ thể",
    "Điều chỉnh lương hưu",
])
def test_references_and_ordinary_words_are_not_headings(line):
    assert legal.heading_marker(line) is None


def test_a_wrapped_reference_to_an_earlier_article_does_not_open_it_again():
    lines = ["Điều 8. Sửa đổi", "1. Văn bản chỉ được sửa đổi theo quy định tại khoản 2", "Điều 4.",
             "2. Văn bản bị bãi bỏ.", "Điều 9. Gửi, lưu trữ"]
    roles = legal.read_structure(lines, style=legal.LEGAL)
    assert [r.marker.label if r.marker else r.kind for r in roles] == ["Điều 8", "khoản 1", "body", "khoản 2", "Điều 9"]


def test_parsing_a_one_megabyte_law_is_fast():
    text = "\n".join([snippet(LUAT_CONG_DOAN), snippet(BO_LUAT_DAN_SU), snippet(NGHI_DINH_30)] * 1)
    big = (text + "\n") * (1_000_000 // len(text.encode()) + 1)
    lines = big.split("\n")
    started = time.perf_counter()
    style = legal.detect_style(lines)
    legal.read_structure(lines, style=style)
    assert time.perf_counter() - started < 1.0
    started = time.perf_counter()
    chunks = split_document(load_document(big.encode(), "big.txt"), "big", 900, 150)
    assert time.perf_counter() - started < 3.0 and chunks


def test_pathological_lines_do_not_slow_the_recogniser():
    lines = ["Điều " + "1" * 3 + " " + "a" * 50_000, "Chương " + "I" * 7 + "X" * 50_000, "I" * 100_000,
             "1. " * 30_000, "Mục " + " " * 50_000 + "x", "a) " * 30_000]
    started = time.perf_counter()
    for style in ("", legal.LEGAL, legal.OUTLINE):
        legal.read_structure(lines, style=style)
    legal.detect_style(lines)
    assert time.perf_counter() - started < 1.0


def test_an_excerpt_that_skips_chapters_keeps_every_chapter_heading():
    """The corpus's Bộ luật Lao động keeps chapters I, III, V, VI, VII…: "Chương VII" after "Chương VI"
    is read, and "Chương VII" after "Chương III" too, although numbers were skipped."""
    from studio.config import PROJECT_ROOT
    from studio.knowledge.chunking import split_document
    from studio.knowledge.loaders import load_document

    path = PROJECT_ROOT / "tests" / "data" / "legal" / "bo-luat-lao-dong-2019-45-2019-QH14.txt"
    chunks = split_document(load_document(path.read_bytes(), path.name), "blld")
    overtime = next(c for c in chunks if "Điều 107" in c.section)
    assert overtime.section.startswith("Chương VII › Mục 1 › Điều 107"), overtime.section
    assert overtime.headings.startswith("Chương VII. THỜI GIỜ LÀM VIỆC, THỜI GIỜ NGHỈ NGƠI"), overtime.headings
    assert sum(c.section.startswith("Chương") for c in chunks) >= len(chunks) - 1


def test_a_better_structure_reader_rewrites_the_citations_of_an_unchanged_file(kb, tmp_path, monkeypatch):
    """GIVEN a law ingested once WHEN the structure reader changes its citations (a new release) and
    the same file is ingested again THEN the passages' citations are rewritten ("updated"), although
    the text and the passage ids did not change; without such a change it stays a no-op."""
    from studio.knowledge import ingest

    law = tmp_path / "luat.txt"
    law.write_text("LUẬT THỬ\n\nChương I\nQUY ĐỊNH CHUNG\n\nĐiều 1. Phạm vi\nLuật này quy định về công đoàn.\n\n"
                   "Điều 2. Đối tượng\nNgười lao động Việt Nam.\n", encoding="utf-8")
    assert kb.ingest_paths([law])[0].status == "added"
    assert kb.ingest_paths([law])[0].status == "unchanged"
    original = ingest.split_document

    def next_release(doc, doc_id, *args, **kwargs):
        return [c.__class__(**{**c.__dict__, "section": "Phần I › " + c.section}) for c in original(doc, doc_id, *args, **kwargs)]

    monkeypatch.setattr(ingest, "split_document", next_release)
    assert kb.ingest_paths([law])[0].status == "updated"
    assert all(c.meta["section"].startswith("Phần I › ") for c in kb.store.all_chunks())


@pytest.mark.parametrize("name, title", [
    ("luat-cong-doan-2024-50-2024-QH15.txt", "LUẬT CÔNG ĐOÀN (50/2024/QH15)"),  # Công báo text: page numbers first
    ("bo-luat-lao-dong-2019-45-2019-QH14.txt", "BỘ LUẬT LAO ĐỘNG (125/VBHN-VPQH)"),  # "BỘ LUẬT" + "LAO ĐỘNG"
    ("luat-cong-doan-2012-12-2012-QH13.md", "LUẬT CÔNG ĐOÀN (12/2012/QH13)"),
    ("nghi-dinh-38-2022-ND-CP-luong-toi-thieu.txt",
     "NGHỊ ĐỊNH Quy định mức lương tối thiểu đối với người lao động làm việc theo hợp đồng lao động (38/2022/NĐ-CP)"),
])
def test_an_official_document_is_titled_by_its_own_title_not_its_letterhead(name, title):
    from studio.config import PROJECT_ROOT
    from studio.knowledge.loaders import load_document

    path = PROJECT_ROOT / "tests" / "data" / "legal" / name
    assert load_document(path.read_bytes(), name).title == title


def test_articles_and_front_matter_keep_their_titles(seeds):
    from studio.config import PROJECT_ROOT
    from studio.knowledge.loaders import load_document

    for path in [*seeds.glob("*.txt"), *(PROJECT_ROOT / "knowledge").rglob("*.md")]:
        document = load_document(path.read_bytes(), path.name)
        assert not document.title.startswith(("LUẬT", "NGHỊ", "THÔNG TƯ")), (path.name, document.title)
    md = b"---\ntitle: Ban tin\n---\n\nNGHI QUYET\n\nLUAT CONG DOAN\n\nDieu 1. A\nB.\n\nDieu 2. C\nD.\n"
    assert load_document(md, "ban-tin.md").title == "Ban tin"
