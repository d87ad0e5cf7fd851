"""Builders of real test documents (PDF with a text layer, encrypted PDF, DOCX, HTML) and seed lookup.

Everything is generated in memory with the real libraries (fpdf2, python-docx), so the loaders are
exercised on the same kind of bytes a user uploads.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

VI_TITLE = "Báo cáo Công đoàn Ngân hàng Việt Nam"
VI_PARA_1 = (
    "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị, Công đoàn Ngân hàng "
    "Việt Nam đã tập huấn cho 8.450 đoàn viên."
)
VI_PARA_2 = "Tỷ lệ đoàn viên hài lòng đạt 87,5%. Hội nghị diễn ra tại TP. Hồ Chí Minh."
VI_PAGE_2 = "Đ/c Nguyễn Văn A phát biểu về chuyển đổi số trong hoạt động công đoàn."

REPO = Path(__file__).resolve().parents[1]


def seeds_dir() -> Path:
    """The shared seed articles; skip (or fail on CI) when they are not there."""
    env = os.environ.get("STUDIO_SEEDS_DIR")
    path = Path(env) if env else REPO.parent / "shared" / "seeds"
    if not path.is_dir() or not any(path.glob("00[0-4]_*.txt")):
        reason = f"seed articles not found at {path} (set STUDIO_SEEDS_DIR)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def seed_bytes(number: int) -> tuple[bytes, str]:
    """Bytes and file name of seed article `number` (0–4)."""
    matches = sorted(seeds_dir().glob(f"{number:03d}_*.txt"))
    if not matches:
        pytest.fail(f"seed {number:03d} missing in {seeds_dir()}")
    return matches[0].read_bytes(), matches[0].name


def _pdf(**encryption):
    from fpdf import FPDF
    from font_roboto import Roboto

    pdf = FPDF()
    pdf.add_font("Roboto", "", Roboto)
    pdf.set_font("Roboto", size=12)
    if encryption:
        pdf.set_encryption(**encryption)
    return pdf


def make_pdf(pages: list[list[str]] | None = None, title: str | None = None) -> bytes:
    """A PDF with a real (Unicode, Vietnamese) text layer; each page is a list of paragraphs."""
    pages = pages if pages is not None else [[VI_TITLE, VI_PARA_1, VI_PARA_2], [VI_PAGE_2]]
    pdf = _pdf()
    if title:
        pdf.set_title(title)
    for paragraphs in pages:
        pdf.add_page()
        for para in paragraphs:
            pdf.multi_cell(0, 8, para)
            pdf.ln(8)  # an empty line between paragraphs
    return bytes(pdf.output())


def make_encrypted_pdf(user_password: str = "congdoan2025") -> bytes:
    pdf = _pdf(owner_password="owner-secret", user_password=user_password)
    pdf.add_page()
    pdf.multi_cell(0, 8, VI_PARA_1)
    return bytes(pdf.output())


def make_image_only_pdf() -> bytes:
    """A 'scanned' page: a drawn image and no text layer at all."""
    from PIL import Image

    image = Image.new("RGB", (60, 30), (200, 30, 30))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    pdf = _pdf()
    pdf.add_page()
    pdf.image(io.BytesIO(buffer.getvalue()), x=10, y=10, w=80)
    return bytes(pdf.output())


def make_docx(core_title: str | None = None) -> bytes:
    """Title, Heading 1/2, a paragraph, two list paragraphs and a 2×2 table, in document order."""
    import docx

    document = docx.Document()
    if core_title:
        document.core_properties.title = core_title
    document.add_paragraph("Kế hoạch chuyển đổi số 2025", style="Title")
    document.add_paragraph("Mục tiêu chung", style="Heading 1")
    document.add_paragraph(VI_PARA_1)
    document.add_paragraph("Nhiệm vụ cụ thể", style="Heading 2")
    document.add_paragraph("Số hóa hồ sơ đoàn viên", style="List Bullet")
    document.add_paragraph("Tập huấn kỹ năng truyền thông", style="List Number")
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([("Chỉ tiêu", "Kết quả"), ("Đoàn viên", "8.450")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("Đoạn cuối sau bảng.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


HTML_PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Tin Công đoàn</title>
<style>body { color: red; }</style>
<script>var tracking = "KHÔNG_ĐƯỢC_XUẤT_HIỆN";</script></head>
<body>
<nav><a href="/">Trang chủ</a> <a href="/menu">Danh mục điều hướng</a></nav>
<header><p>Đầu trang quảng cáo</p></header>
<article>
<h1>Công đoàn Ngân hàng Việt Nam</h1>
<p>Hội nghị có <b>8.450</b> đoàn viên tham dự.</p>
<h2>Kết quả nổi bật</h2>
<ul><li>Tỷ lệ hài lòng đạt 87,5%</li><li>Tổ chức tại TP. Hồ Chí Minh</li></ul>
<h3>Chi tiết</h3>
<div>Ngày 30/7/2025 ban hành kế hoạch.</div>
</article>
<script>console.log("SCRIPT_BODY_TEXT")</script>
<footer><p>Bản quyền chân trang</p></footer>
</body></html>
"""


def make_html() -> bytes:
    return HTML_PAGE.encode("utf-8")
