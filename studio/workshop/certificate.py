"""Certificates: one PNG per participant (name, session, date, score) in the brand kit's colours, logo and fonts.

Text is laid out with the media package's layout engine (wrap at spaces, shrink to fit, room above the line for
stacked Vietnamese diacritics), so "Nguyễn Thị Ngọc Ánh" fits its box at the largest size that fits.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime

from PIL import Image, ImageDraw

from studio.media.brand import BrandKit
from studio.media.fonts import load_font
from studio.media.layout import fit_text, metrics

SIZE = (1754, 1240)  # A4 landscape at 150 dpi
TEXT = {
    "vi": {"title": "GIẤY CHỨNG NHẬN", "certifies": "Chứng nhận học viên", "completed": "đã tham gia buổi thực hành",
           "score": "Điểm: {score}/100 · đã nộp {done}/{total} bài", "date": "Ngày {date}", "code": "Mã buổi {code}"},
    "en": {"title": "CERTIFICATE OF PARTICIPATION", "certifies": "This certifies that",
           "completed": "took part in the practice session", "score": "Score: {score}/100 · {done} of {total} exercises",
           "date": "{date}", "code": "Session {code}"},
}
_MONTHS = "January February March April May June July August September October November December".split()


@dataclass
class Certificate:
    image: Image.Image
    boxes: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)  # drawn ink box of each text

    def png(self) -> bytes:
        buffer = io.BytesIO()
        self.image.save(buffer, "PNG", optimize=True)
        return buffer.getvalue()


def format_date(iso: str, lang: str) -> str:
    day = datetime.fromisoformat(iso).date()
    return f"{day.day:02d}/{day.month:02d}/{day.year}" if lang == "vi" else f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _text(draw, boxes, role, text, font, region, fill, max_size, min_size=14):
    """Fit `text` into `region`, centred; record the ink box."""
    x0, y0, x1, y1 = region
    size, lines = fit_text(draw, text, font, x1 - x0, y1 - y0, max_size, min_size)
    f = load_font(font, size)
    m = metrics(f)
    y = y0 + (y1 - y0 - m.block_height(len(lines))) // 2 + m.top_pad
    ink = None
    for line in lines:
        x = round(x0 + (x1 - x0 - draw.textlength(line, font=f)) / 2)
        draw.text((x, y), line, font=f, fill=fill)
        b = draw.textbbox((x, y), line, font=f)
        ink = b if ink is None else (min(ink[0], b[0]), min(ink[1], b[1]), max(ink[2], b[2]), max(ink[3], b[3]))
        y += m.line_h
    boxes[role] = tuple(int(v) for v in (ink or (x0, y0, x0, y0)))


def render_certificate(name: str, session_title: str, date: str, score: int, done: int, total: int, code: str,
                       lang: str, brand: BrandKit) -> Certificate:
    """A certificate of `name` for the session; `date` is an ISO date or time."""
    t = TEXT.get(lang, TEXT["en"])
    W, H = SIZE
    img = Image.new("RGB", SIZE, brand.rgb("background"))
    draw = ImageDraw.Draw(img)
    primary, secondary, text, muted = (brand.rgb(c) for c in ("primary", "secondary", "text", "muted"))
    draw.rectangle((24, 24, W - 25, H - 25), outline=primary, width=14)
    draw.rectangle((58, 58, W - 59, H - 59), outline=secondary, width=3)
    bold, regular = str(brand.heading_font), str(brand.body_font)
    boxes: dict = {}
    m = 130
    if brand.logo:
        logo = Image.open(brand.logo).convert("RGBA")
        logo.thumbnail((260, 110))
        img.paste(logo, (W - m - logo.width, 96), logo)
    if brand.name.strip():  # the organisation (house style or brand kit); none set: no brand line, no made-up name
        _text(draw, boxes, "brand", brand.name.upper(), bold, (m, 96, W - m - (280 if brand.logo else 0), 150),
              primary, 34)
    _text(draw, boxes, "title", t["title"], bold, (m, 190, W - m, 300), primary, 88)
    draw.rectangle((W // 2 - 90, 318, W // 2 + 90, 326), fill=secondary)
    _text(draw, boxes, "certifies", t["certifies"], regular, (m, 360, W - m, 420), muted, 40)
    _text(draw, boxes, "name", name, bold, (m, 430, W - m, 590), text, 110, 28)
    _text(draw, boxes, "completed", t["completed"], regular, (m, 610, W - m, 670), muted, 40)
    _text(draw, boxes, "session", f"“{session_title}”", bold, (m + 60, 680, W - m - 60, 830), primary, 60, 22)
    _text(draw, boxes, "score", t["score"].format(score=score, done=done, total=total), regular,
          (m, 860, W - m, 930), text, 46)
    _text(draw, boxes, "date", t["date"].format(date=format_date(date, lang)), regular, (m, 950, W - m, 1010), muted, 38)
    draw.line((m, 1060, W - m, 1060), fill=muted, width=2)
    footer = " · ".join(x for x in (brand.footer, t["code"].format(code=code)) if x)
    _text(draw, boxes, "footer", footer, regular, (m, 1080, W - m, 1130), muted, 30)
    return Certificate(img, boxes)


def certificate_file_name(number: int, name: str) -> str:
    from studio.publish.names import slugify

    return f"{number:03d}-{slugify(name, fallback='participant')}.png"


def session_certificates(board, brand: BrandKit) -> list[tuple[str, bytes]]:
    """(file name, PNG) for every participant of a dashboard (`results.dashboard`)."""
    s = board.session
    out = []
    for n, row in enumerate(board.participants, start=1):
        cert = render_certificate(row.name, s.title, s.created_at, row.total, row.submitted, len(s.exercises), s.code,
                                  s.lang, brand)
        out.append((certificate_file_name(n, row.name), cert.png()))
    return out


def brand_for(settings, lang: str | None = None) -> BrandKit:
    """The brand kit in use (the saved or configured kit, else the shipped one), named after the organisation
    of the house style in `lang` (default: the settings' language)."""
    from studio.media.brand_store import current_brand

    return current_brand(settings, lang)
