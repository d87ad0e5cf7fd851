"""Certificates and the join QR code: the certificate's size, every text drawn inside the image with the brand
kit's colours, Vietnamese letters in the font; the QR PNG holds exactly segno's matrix of the join URL."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from studio.media.brand import load_brand, with_organisation
from studio.media.fonts import missing_glyphs
from studio.workshop.certificate import SIZE, certificate_file_name, format_date, render_certificate
from studio.workshop.qr import join_url, qr_png

NAME = "Nguyễn Thị Ngọc Ánh"


@pytest.fixture(scope="module")
def brand():
    return with_organisation(load_brand(), "Công đoàn Ngân hàng Việt Nam")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_certificate_shows_name_session_date_and_score_inside_the_image(brand, lang):
    cert = render_certificate(NAME, "Thực hành AI – Nâng cao hiệu quả truyền thông công đoàn", "2026-11-30T08:00:00+00:00",
                              86, 4, 4, "ABC234", lang, brand)
    image = Image.open(io.BytesIO(cert.png()))
    assert image.size == SIZE == (1754, 1240) and image.format == "PNG"
    W, H = SIZE
    for role in ("brand", "title", "name", "session", "score", "date", "footer"):
        x0, y0, x1, y1 = cert.boxes[role]
        assert 0 < x0 < x1 < W and 0 < y0 < y1 < H, role
    x0, y0, x1, y1 = cert.boxes["name"]
    assert y1 - y0 > 60 and (x1 - x0) > W / 3  # the name is the largest line
    # ink of the text colour where the name was drawn, and the brand's primary colour in the border
    crop = image.convert("RGB").crop(cert.boxes["name"])
    assert brand.rgb("text") in {c for _, c in crop.getcolors(maxcolors=1 << 16)}
    assert image.convert("RGB").getpixel((30, H // 2)) == brand.rgb("primary")
    assert not missing_glyphs(brand.heading_font, NAME) and not missing_glyphs(brand.body_font, "Điểm Ngày đã nộp")


def test_a_long_name_shrinks_to_fit_and_dates_read_naturally(brand):
    long_name = "Tôn Nữ Hoàng Thị Thanh Hương Ngọc Diễm Phương Quỳnh " * 2
    cert = render_certificate(long_name, "T", "2026-01-05", 0, 0, 4, "ABC234", "vi", brand)
    x0, _, x1, _ = cert.boxes["name"]
    assert 130 <= x0 and x1 <= SIZE[0] - 130
    assert format_date("2026-01-05T10:00:00+00:00", "vi") == "05/01/2026"
    assert format_date("2026-01-05", "en") == "5 January 2026"
    assert certificate_file_name(7, "<script>/../Lan") == "007-script-lan.png"


def test_the_qr_png_holds_the_join_url():
    import segno

    url = join_url("ABC234", "https://studio.example.vn/")
    assert url == "https://studio.example.vn/workshop_join?code=ABC234"
    scale, border = 12, 4
    image = Image.open(io.BytesIO(qr_png(url, scale=scale))).convert("L")
    matrix = segno.make(url, error="m", micro=False).matrix
    n = len(matrix)
    assert image.size == ((n + 2 * border) * scale,) * 2
    read = [[image.getpixel(((border + x) * scale + scale // 2, (border + y) * scale + scale // 2)) < 128
             for x in range(n)] for y in range(n)]
    assert read == [[bool(v) for v in row] for row in matrix]
