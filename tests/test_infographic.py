"""Branded infographics: Vietnamese glyph coverage, wrapping, fitting, contrast, every template × sizes."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from studio.drafting.formats import InfographicBrief
from studio.media.brand import load_brand
from studio.media.fonts import (VIETNAMESE_LETTERS, VIETNAMESE_SPECIAL_LETTERS, font_path, load_font,
                                missing_glyphs)
from studio.media.infographic import SIZES, TEMPLATES, alt_text, render_infographic, save, to_bytes
from studio.media.layout import contrast_ratio, fit_text, metrics, wrap_text

SAMPLES = Path("/tmp/infographic_samples")
LONG_VI = ("Công đoàn Ngân hàng Việt Nam đẩy mạnh chuyển đổi số, xây dựng đề án toàn diện giai đoạn "
           "2025–2030, mở rộng thi trực tuyến và bồi dưỡng nghiệp vụ bằng E-learning cho đoàn viên, "
           "người lao động trong toàn ngành; khóa tập huấn ứng dụng AI có hơn 200 cán bộ tham gia.")

# A real brief from the sample knowledge base (knowledge/vi/chuyen-doi-so-cong-doan-ngan-hang.md).
KB_BRIEF = InfographicBrief(
    title="Chuyển đổi số trong công tác công đoàn ngành Ngân hàng",
    kind="key_figures",
    items=[
        {"value": "gần 100 triệu", "label": "lượt truy cập trang thông tin điện tử", "source": "S1"},
        {"value": "1.200", "label": "tin, bài/năm được đăng", "source": "S1"},
        {"value": "gần 30.000", "label": "người theo dõi Fanpage", "source": "S1"},
        {"value": "92,23%", "label": "tỷ lệ hoàn thành cuộc thi an toàn, vệ sinh lao động", "source": "S2"},
    ],
)

SPECS = {
    "key_figures": KB_BRIEF.model_dump(),
    "timeline": {"title": "Lộ trình chuyển đổi số", "lang": "vi", "items": [
        {"value": "2024", "label": "Ban hành Nghị quyết số 57-NQ/TW ngày 22/12/2024", "source": "S1"},
        {"value": "2025", "label": "Xây dựng đề án chuyển đổi số toàn diện", "source": "S2"},
        {"value": "2025–2030", "label": "Đẩy mạnh E-learning trong bồi dưỡng nghiệp vụ", "source": "S2"},
        {"value": "2030", "label": "Hoàn thành đề án, đánh giá kết quả", "source": "S3"}]},
    "key_points": {"title": "Năm điểm chính của đề án", "lang": "vi", "points": [
        "Truyền thông thường xuyên thay cho tuyên truyền theo đợt [S1]",
        "Thi trực tuyến mở rộng độ phủ, giảm chi phí tổ chức [S2]",
        "E-learning trong bồi dưỡng nghiệp vụ cho cán bộ công đoàn [S2]",
        "Tập huấn ứng dụng AI cho hơn 200 cán bộ [S3]",
        "Quản lý dữ liệu đoàn viên tập trung, an toàn [S3]"]},
    "quote": {"title": "Tiên phong học hỏi", "lang": "vi",
              "quote": "Mỗi cán bộ công đoàn cần là người tiên phong trong học hỏi và thích ứng với chuyển đổi số. [S1]",
              "attribution": "Lãnh đạo Công đoàn Ngân hàng Việt Nam"},
    "quiz_card": {"title": "Đố vui an toàn lao động", "lang": "vi",
                  "question": "Tỷ lệ hoàn thành cuộc thi tìm hiểu về an toàn, vệ sinh lao động là bao nhiêu? [S1]",
                  "options": ["82,5%", "92,23%", "gần 100%", "75%"]},
    "cover": {"title": "Chuyển đổi số trong Công đoàn Ngân hàng Việt Nam", "lang": "en",
              "subtitle": "Bản tin tháng 6 — những con số nổi bật", "sources": ["S1: Báo cáo tổng kết 2024"]},
}


def _draw():
    return ImageDraw.Draw(Image.new("RGB", (10, 10)))


def test_every_vietnamese_letter_is_in_the_cmap():
    assert len(VIETNAMESE_LETTERS) == 146 and len(set(VIETNAMESE_LETTERS)) == 146
    assert len(VIETNAMESE_SPECIAL_LETTERS) == 134
    assert "đ" in VIETNAMESE_LETTERS and "Ự" in VIETNAMESE_LETTERS and "ỹ" in VIETNAMESE_LETTERS
    for weight in ("regular", "bold", "italic"):
        assert missing_glyphs(font_path(weight), VIETNAMESE_LETTERS) == set()
    assert missing_glyphs(font_path(), "Đ中") == {"中"}  # the check does find a missing glyph
    assert missing_glyphs(font_path(), "Ặ中", use_fonttools=False) == {"中"}  # Pillow fallback


def test_wrap_never_splits_a_word():
    font = load_font(font_path(), 40)
    for width in (120, 250, 400, 900):
        lines = wrap_text(_draw(), LONG_VI, font, width)
        assert " ".join(lines).split() == LONG_VI.split()
        for line in lines:
            assert line == line.strip()
            if len(line.split()) > 1:
                assert _draw().textlength(line, font=font) <= width


def test_fit_text_shrinks_long_vietnamese_into_the_box():
    path = font_path()
    size, lines = fit_text(_draw(), LONG_VI, path, 600, 300, max_size=80, min_size=10)
    assert 10 < size < 80
    font = load_font(path, size)
    m = metrics(font)
    assert m.block_height(len(lines)) <= 300
    assert all(_draw().textlength(l, font=font) <= 600 for l in lines)
    assert " ".join(lines).split() == LONG_VI.split()
    assert fit_text(_draw(), "Ngắn", path, 600, 300, 80, 10)[0] == 80


def test_default_brand_contrast_is_wcag_aa():
    brand = load_brand()
    assert brand.contrast_problems() == []
    for fg, bg in brand.text_pairs():
        assert contrast_ratio(getattr(brand.colors, fg), getattr(brand.colors, bg)) >= 4.5
    assert round(contrast_ratio("#000000", "#FFFFFF"), 1) == 21.0
    assert contrast_ratio("#777777", "#FFFFFF") < 4.5


def _inside(inner, outer) -> bool:
    return inner[0] >= outer[0] and inner[1] >= outer[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("size", ["square", "portrait", "story", "landscape", "a4"])
def test_template_renders_inside_its_boxes(template, size):
    img = render_infographic(SPECS[template], template, size)
    assert img.size == SIZES[size]
    layout = img.info["layout"]
    roles = {b.role for b in layout}
    assert {"sources", "ai_label"} <= roles and "title" in roles
    canvas = (0, 0, *img.size)
    for b in layout:
        assert _inside(b.box, canvas), b
        assert _inside(b.box, b.region), b
    if size == "portrait":
        SAMPLES.mkdir(parents=True, exist_ok=True)
        save(img, SAMPLES / f"{template}.png")


CITATIONS = [{"marker": "S1", "doc_id": "vi/chuyen-doi-so", "title": "Chuyển đổi số công đoàn"},
             {"marker": "S2", "doc_id": "vi/an-toan", "title": "An toàn lao động"}]


def test_labels_follow_the_language():
    """The footer names the cited documents (issue 16: no markers), its label in the card's language."""
    spec = {**SPECS["key_figures"], "citations": CITATIONS}
    vi = render_infographic(spec, size="square").info["layout"]
    en = render_infographic({**spec, "lang": "en"}, size="square").info["layout"]
    text = {b.role: b.text for b in vi}
    assert text["sources"] == "Nguồn: Chuyển đổi số công đoàn; An toàn lao động"
    assert text["ai_label"] == "Nội dung có sự hỗ trợ của AI"
    text = {b.role: b.text for b in en}
    assert text["sources"] == "Sources: Chuyển đổi số công đoàn; An toàn lao động" and text["ai_label"] == "AI-assisted"
    bare = {b.role: b.text for b in render_infographic(SPECS["key_figures"], size="square").info["layout"]}
    assert bare["sources"] == "Nguồn: chưa ghi nguồn"  # markers without citations: no "S1, S2" on the card
    cover = {b.role: b.text for b in render_infographic(SPECS["cover"], "cover").info["layout"]}
    assert cover["sources"] == "Sources: Báo cáo tổng kết 2024"  # an old "S1: title" entry loses its marker


def test_alt_text():
    vi = alt_text(KB_BRIEF, "vi")
    assert vi.startswith("Đồ họa thông tin: Chuyển đổi số")
    assert "gần 100 triệu lượt truy cập" in vi and "92,23%" in vi and "Nguồn: chưa ghi nguồn" in vi
    assert "S1" not in vi and "S2" not in vi
    assert vi.endswith("Nội dung có sự hỗ trợ của AI.")
    en = alt_text(SPECS["quiz_card"], "en")
    assert en.startswith("Infographic:") and "B. 92,23%" in en and "[S1]" not in en and en.endswith("AI-assisted.")


def test_deterministic_bytes_png_and_pdf():
    a = render_infographic(SPECS["key_points"], size="square")
    b = render_infographic(SPECS["key_points"], size="square")
    assert to_bytes(a, "png") == to_bytes(b, "png")
    assert to_bytes(a, "pdf") == to_bytes(b, "pdf")


def test_a4_pdf_is_a4_at_300_dpi(tmp_path):
    img = render_infographic(SPECS["timeline"], size="a4")
    assert img.size == (2480, 3508)
    path = save(img, tmp_path / "timeline.pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    # 2480 px at 300 dpi = 595.2 pt wide, 3508 px = 841.92 pt high (A4)
    assert b"595.2" in data and b"841.92" in data


def test_real_brief_from_the_knowledge_base_renders_and_is_timed():
    start = time.perf_counter()
    img = render_infographic(KB_BRIEF, size=(1080, 1350))
    elapsed = time.perf_counter() - start
    print(f"\nkey_figures 1080×1350 rendered in {elapsed * 1000:.0f} ms")
    values = [b.text for b in img.info["layout"] if b.role == "value"]
    assert values == ["gần 100 triệu", "1.200", "gần 30.000", "92,23%"]
    labels = " ".join(b.text.replace("\n", " ") for b in img.info["layout"] if b.role == "label")
    assert "tin, bài/năm" in labels


def test_bad_specs_are_refused():
    from studio.media.infographic import InfographicError

    with pytest.raises(InfographicError):
        render_infographic({"title": "x", "items": [{"value": "1", "label": "a", "source": "S1"}]})
    with pytest.raises(InfographicError):
        render_infographic({"title": ""})
    with pytest.raises(InfographicError):
        render_infographic(SPECS["quote"], "poster")
