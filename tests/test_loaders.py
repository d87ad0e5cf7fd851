"""Loaders for md, txt, pdf, docx and html (studio.knowledge.loaders), on real generated files."""

from __future__ import annotations

import io
import random
import unicodedata
import zipfile

import pytest

from tests.helpers_docs import (
    VI_PAGE_2, VI_PARA_1, VI_PARA_2, VI_TITLE, make_docx, make_encrypted_pdf, make_html, make_image_only_pdf,
    make_pdf,
)
from studio.errors import StudioError
from studio.knowledge.loaders import load_document

MARKDOWN = """---
title: Sổ tay truyền thông Công đoàn
lang: vi
tags: [công đoàn, chuyển đổi số]
---
# Sổ tay truyền thông Công đoàn

Đây là **tài liệu** dành cho *cán bộ* công đoàn, xem [trang chủ](https://congdoan.vn) và `mã 57`.

## Kỹ năng viết

- Viết ngắn gọn
- Dùng số liệu: 8.450 đoàn viên

> Trích dẫn quan trọng

```
# không phải tiêu đề
```

### Viết cho mạng xã hội ###
Nội dung con.
"""

TEXT = """Công đoàn Ngân hàng Việt Nam tổ chức tập huấn

![]() |
Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị, Công đoàn Ngân hàng Việt Nam đã tập huấn.
Kết quả nổi bật năm 2025
Tỷ lệ đoàn viên hài lòng đạt 87,5%, cao hơn nhiều so với năm trước và vượt chỉ tiêu đề ra.
Ghi chú ngắn.
Dòng cuối cùng của văn bản này dài hơn dòng ghi chú ở trên.
"""


def _noise(n: int) -> bytes:
    return random.Random(57).randbytes(n)


def _texts(doc, kind: str | None = None) -> list[str]:
    return [doc.text[b.start:b.end] for b in doc.blocks if kind is None or b.kind == kind]


def _headings(doc) -> list[tuple[int, str]]:
    return [(b.level, doc.text[b.start:b.end]) for b in doc.blocks if b.kind == "heading"]


def _error(data: bytes, name: str) -> StudioError:
    with pytest.raises(StudioError) as info:
        load_document(data, name)
    return info.value


def assert_well_formed(doc) -> None:
    """Loader contract: NFC text, non-empty trimmed blocks in order whose spans index into the text."""
    assert unicodedata.is_normalized("NFC", doc.text)
    assert doc.title and doc.blocks
    previous_end = 0
    for block in doc.blocks:
        piece = doc.text[block.start:block.end]
        assert previous_end <= block.start < block.end <= len(doc.text)
        assert piece == piece.strip() and piece
        previous_end = block.end
    assert "".join(doc.text.split()) == "".join("".join(_texts(doc)).split())


# --- markdown ------------------------------------------------------------------------------

def test_markdown_front_matter_gives_title_lang_and_tags():
    doc = load_document(MARKDOWN.encode(), "so-tay.md")
    assert doc.kind == "md" and doc.title == "Sổ tay truyền thông Công đoàn"
    assert doc.meta["lang"] == "vi" and doc.meta["tags"] == ["công đoàn", "chuyển đổi số"]
    assert "lang:" not in doc.text and "---" not in doc.text
    assert_well_formed(doc)


def test_markdown_headings_become_heading_blocks_with_their_level():
    doc = load_document(MARKDOWN.encode(), "so-tay.md")
    assert _headings(doc) == [(1, "Sổ tay truyền thông Công đoàn"), (2, "Kỹ năng viết"), (3, "Viết cho mạng xã hội")]


def test_markdown_markup_is_stripped_but_words_stay():
    doc = load_document(MARKDOWN.encode(), "so-tay.md")
    assert "Đây là tài liệu dành cho cán bộ công đoàn, xem trang chủ và mã 57." in _texts(doc)
    assert "• Viết ngắn gọn\n• Dùng số liệu: 8.450 đoàn viên" in _texts(doc)
    assert "Trích dẫn quan trọng" in _texts(doc)
    for markup in ("**", "](", "`", "https://", "> ", "##"):
        assert markup not in doc.text, markup


def test_markdown_hash_inside_a_code_fence_is_not_a_heading():
    doc = load_document(MARKDOWN.encode(), "so-tay.md")
    assert "# không phải tiêu đề" in _texts(doc, "para")


def test_markdown_without_front_matter_takes_the_first_h1_as_title():
    doc = load_document("Mở đầu.\n\n# Kế hoạch năm 2025\n\nNội dung.".encode(), "ke-hoach.md")
    assert doc.title == "Kế hoạch năm 2025"


def test_markdown_with_broken_front_matter_is_a_corrupt_file():
    err = _error(b"---\ntitle: [unclosed\n---\nbody\n", "hong.md")
    assert err.code == "corrupt_file" and "hong.md" in err.message("vi")


# --- plain text ----------------------------------------------------------------------------

def test_text_title_is_the_first_line_and_a_level_one_heading():
    doc = load_document(TEXT.encode(), "tap-huan.txt")
    assert doc.kind == "txt" and doc.title == "Công đoàn Ngân hàng Việt Nam tổ chức tập huấn"
    assert _headings(doc)[0] == (1, doc.title)
    assert_well_formed(doc)


def test_text_short_line_before_a_longer_paragraph_is_a_heading_but_a_sentence_is_not():
    doc = load_document(TEXT.encode(), "tap-huan.txt")
    assert (2, "Kết quả nổi bật năm 2025") in _headings(doc)
    assert "Ghi chú ngắn." in _texts(doc, "para")  # ends with a full stop: a sentence


def test_text_drops_web_clipper_image_placeholders():
    assert "![]()" not in load_document(TEXT.encode(), "tap-huan.txt").text


def test_text_part_lines_are_headings_even_when_long_and_subheadings_nest_under_them():
    part_2 = "Phần 2 - Đảng ủy BIDV tiên phong trong chuyển đổi số: mô hình đổi mới phương thức lãnh đạo " \
             "trong kỷ nguyên số của toàn hệ thống ngân hàng"
    assert len(part_2) > 110
    body = "Nội dung của phần này đủ dài để là một đoạn văn bình thường, không phải tiêu đề."
    text = f"Phần 1: Nghị quyết 57-NQ/TW\n{body}\nMô hình chi bộ số\n{body}\n{part_2}\n{body}\n"
    doc = load_document(text.encode(), "bai-viet.txt")
    assert doc.title == "Phần 1: Nghị quyết 57-NQ/TW"
    assert _headings(doc) == [(2, "Phần 1: Nghị quyết 57-NQ/TW"), (3, "Mô hình chi bộ số"), (2, part_2)]


def test_text_decoding_strips_bom_normalises_line_ends_and_reads_utf16():
    body = "Công đoàn Ngân hàng Việt Nam\r\nĐ/c Nguyễn Văn A phát biểu về chuyển đổi số.\r\n"
    for data in ("\ufeff" + body).encode("utf-8"), body.encode("utf-16"):
        doc = load_document(data, "bom.txt")
        assert doc.title == "Công đoàn Ngân hàng Việt Nam"
        assert "\r" not in doc.text and "\ufeff" not in doc.text


def test_decomposed_vietnamese_is_returned_as_nfc():
    data = unicodedata.normalize("NFD", TEXT).encode()
    doc = load_document(data, "nfd.txt")
    assert doc.title == "Công đoàn Ngân hàng Việt Nam tổ chức tập huấn"
    assert_well_formed(doc)


# --- pdf -----------------------------------------------------------------------------------

def test_pdf_vietnamese_text_is_extracted_intact_paragraph_by_paragraph():
    doc = load_document(make_pdf(), "bao-cao.pdf")
    assert doc.kind == "pdf"
    assert _texts(doc) == [VI_TITLE, VI_PARA_1, VI_PARA_2, VI_PAGE_2]
    assert_well_formed(doc)


def test_pdf_blocks_record_their_page_and_the_document_its_page_count():
    doc = load_document(make_pdf(), "bao-cao.pdf")
    assert doc.pages == 2
    assert [b.page for b in doc.blocks] == [1, 1, 1, 2]


def test_pdf_title_comes_from_metadata_else_from_the_first_line():
    assert load_document(make_pdf(title="Báo cáo tổng kết"), "a.pdf").title == "Báo cáo tổng kết"
    assert load_document(make_pdf(), "a.pdf").title == VI_TITLE


def test_encrypted_pdf_asks_to_remove_the_password():
    assert _error(make_encrypted_pdf(), "mat-khau.pdf").code == "encrypted_pdf"


def test_pdf_with_only_an_image_has_no_text_layer():
    assert _error(make_image_only_pdf(), "ban-quet.pdf").code == "no_text_pdf"


@pytest.mark.parametrize("data", [_noise(4096), make_pdf()[:1500], b"%PDF-1.7\n%garbage\n"])
def test_random_or_truncated_bytes_named_pdf_are_a_corrupt_file(data):
    err = _error(data, "hong.pdf")
    assert err.code == "corrupt_file" and err.params["kind"] == "PDF"


# --- docx ----------------------------------------------------------------------------------

def test_docx_title_style_and_headings_become_heading_blocks():
    doc = load_document(make_docx(), "ke-hoach.docx")
    assert doc.kind == "docx" and doc.title == "Kế hoạch chuyển đổi số 2025"
    assert _headings(doc) == [(1, "Kế hoạch chuyển đổi số 2025"), (1, "Mục tiêu chung"), (2, "Nhiệm vụ cụ thể")]
    assert_well_formed(doc)


def test_docx_lists_and_tables_keep_their_text_in_document_order():
    paras = _texts(load_document(make_docx(), "ke-hoach.docx"), "para")
    assert paras == [VI_PARA_1, "• Số hóa hồ sơ đoàn viên", "• Tập huấn kỹ năng truyền thông",
                     "Chỉ tiêu | Kết quả\nĐoàn viên | 8.450", "Đoạn cuối sau bảng."]


def test_docx_core_properties_title_wins_over_the_title_paragraph():
    assert load_document(make_docx(core_title="Kế hoạch chính thức"), "a.docx").title == "Kế hoạch chính thức"


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, content in files.items():
            archive.writestr(path, content)
    return buffer.getvalue()


def _docx_with_broken_xml() -> bytes:
    source = zipfile.ZipFile(io.BytesIO(make_docx()))
    files = {n: source.read(n) for n in source.namelist()}
    files["word/document.xml"] = b"<w:document><<< not xml"
    return _zip(files)


@pytest.mark.parametrize(
    "data",
    [_noise(2048), b"PK\x03\x04" + _noise(500), _zip({"hello.txt": b"x"}), _docx_with_broken_xml()],
    ids=["random", "broken-zip", "zip-without-document", "broken-xml"],
)
def test_corrupt_docx_is_a_corrupt_file(data):
    err = _error(data, "hong.docx")
    assert err.code == "corrupt_file" and err.params["kind"] == "DOCX"


# --- html ----------------------------------------------------------------------------------

def test_html_drops_script_style_nav_footer_and_site_header():
    doc = load_document(make_html(), "tin.html")
    for gone in ("KHÔNG_ĐƯỢC_XUẤT_HIỆN", "SCRIPT_BODY_TEXT", "color: red", "Danh mục điều hướng",
                 "Bản quyền chân trang", "Đầu trang quảng cáo"):
        assert gone not in doc.text, gone
    assert_well_formed(doc)


def test_html_keeps_h1_to_h3_as_headings_and_list_items_as_bullets():
    doc = load_document(make_html(), "tin.html")
    assert doc.kind == "html" and doc.title == "Tin Công đoàn"
    assert _headings(doc) == [(1, "Công đoàn Ngân hàng Việt Nam"), (2, "Kết quả nổi bật"), (3, "Chi tiết")]
    assert _texts(doc, "para") == ["Hội nghị có 8.450 đoàn viên tham dự.", "• Tỷ lệ hài lòng đạt 87,5%",
                                   "• Tổ chức tại TP. Hồ Chí Minh", "Ngày 30/7/2025 ban hành kế hoạch."]


def test_html_inline_markup_adds_no_space_inside_words_or_before_punctuation():
    html = "<p>Đ<b>oàn</b> viên họp tại <a href='/hcm'>TP. Hồ Chí Minh</a>.<br>Dòng sau</p>"
    assert _texts(load_document(html.encode(), "a.html")) == ["Đoàn viên họp tại TP. Hồ Chí Minh.\nDòng sau"]


def test_html_text_inside_nested_blocks_appears_once():
    html = ("<table><tr><td><p>Đoàn viên</p></td><td>8.450</td></tr></table>"
            "<ul><li>Số hóa hồ sơ<ul><li>Hồ sơ đoàn viên</li></ul></li></ul>")
    doc = load_document(html.encode(), "bang.html")
    assert _texts(doc) == ["Đoàn viên", "8.450", "• Số hóa hồ sơ\nHồ sơ đoàn viên"]


def test_html_article_header_with_its_h1_is_kept():
    html = "<body><header>Logo</header><article><header><h1>Tin mới</h1></header><p>Nội dung.</p></article></body>"
    doc = load_document(html.encode(), "bai.html")
    assert _headings(doc) == [(1, "Tin mới")] and doc.title == "Tin mới" and "Logo" not in doc.text


# --- errors --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "name, data, code",
    [("trong.txt", b"", "empty_file"), ("khoang-trang.md", b" \n\n\t ", "empty_file"),
     ("chi-script.html", b"<html><script>x()</script></html>", "empty_file"),
     ("virus.exe", b"MZ\x90\x00", "unsupported_type"), ("khong-duoi", b"abc", "unsupported_type"),
     ("latin.txt", "Gewerkschaftsarbeit für Mitglieder".encode("latin-1"), "bad_encoding"),
     ("mat-khau.pdf", make_encrypted_pdf(), "encrypted_pdf"), ("ban-quet.pdf", make_image_only_pdf(), "no_text_pdf"),
     ("hong.pdf", b"\x00\x01garbage" * 50, "corrupt_file"), ("hong.docx", b"not a zip", "corrupt_file")],
)
def test_each_error_has_a_vietnamese_and_english_message_naming_the_file(name, data, code):
    err = _error(data, name)
    assert err.code == code
    vi, en = err.message("vi"), err.message("en")
    assert name in vi and name in en and vi != en


def test_unsupported_type_lists_the_supported_ones():
    message = _error(b"MZ", "virus.exe").message("en")
    assert ".exe" in message and ".pdf" in message and ".docx" in message
