"""Branded infographics rendered with Pillow: PNG for social media, PDF (A4, 300 dpi) for print.

Spec (a dict — hand-written JSON or `InfographicBrief.model_dump()` — or the pydantic model itself):

    {
      "title": "Chuyển đổi số trong Công đoàn Ngân hàng",   # required
      "subtitle": "…",                        # optional (cover, and under the title elsewhere)
      "lang": "vi" | "en",                    # labels of the footer and alt text; default "vi"
      "template": "key_figures" | "timeline" | "key_points" | "quote" | "quiz_card" | "cover",
                                              # default: the brief's "kind", else key_figures
      "items": [{"value": "gần 100 triệu", "label": "lượt truy cập", "source": "S1"}],
                                              # key_figures: 3–6 cards; timeline: value = date
      "points": ["Ý thứ nhất [S1]", "…"],      # key_points: 2–7; inline [Sn] markers are cited
      "quote": "…", "attribution": "Ông A, Chủ tịch …",           # quote
      "question": "…", "options": ["…", "…", "…", "…"],           # quiz_card: 2–4 options
      "sources": ["Báo cáo …", "…"],           # the documents cited, by name; or
      "citations": [{"marker": "S1", "doc_id": "…", "title": "…"}]  # the draft's citations
    }

Markers are never drawn: every text goes through `studio.media.sources.public_text`. Every card has the
title, the sources footer naming the documents ("Nguồn: <title>; <title>" / "Sources: …", shortened to
fit), the "Nội dung có sự hỗ trợ của AI" / "AI-assisted" label, the brand line (`brand.name`, when
set) and the brand footer (when set), on one margin grid.
`render_infographic` returns a `PIL.Image` whose `info["layout"]` lists every drawn text with its
ink box and the region it had to stay in (`TextBox`). Rendering is deterministic: the same spec,
size and brand give the same bytes (`save` fixes the PDF dates).
"""

from __future__ import annotations

import io
import math
import time
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from studio.media.brand import BrandKit, load_brand
from studio.media.fonts import font_path, load_font
from studio.media.layout import fit_text, metrics
from studio.media.sources import fitting_footer, public_text, sources_text, spec_source_names

SIZES: dict[str, tuple[int, int]] = {
    "square": (1080, 1080),
    "portrait": (1080, 1350),
    "story": (1080, 1920),
    "landscape": (1920, 1080),
    "a4": (2480, 3508),  # A4 at 300 dpi
}
TEMPLATES = ("key_figures", "timeline", "key_points", "quote", "quiz_card", "cover")
LABELS = {
    "vi": {"sources": "Nguồn", "ai": "Nội dung có sự hỗ trợ của AI", "alt": "Đồ họa thông tin",
           "quiz": "Câu hỏi", "no_sources": "chưa ghi nguồn"},
    "en": {"sources": "Sources", "ai": "AI-assisted", "alt": "Infographic",
           "quiz": "Question", "no_sources": "no source given"},
}
_FIXED_DATE = time.gmtime(1735689600)  # 2025-01-01 UTC: PDFs carry no wall-clock time


class InfographicError(ValueError):
    pass


@dataclass(frozen=True)
class TextBox:
    role: str
    text: str
    size: int
    box: tuple[int, int, int, int]     # ink bounding box drawn
    region: tuple[int, int, int, int]  # the box it was laid out in


# ---------------------------------------------------------------- spec

def _spec_dict(spec) -> dict:
    if hasattr(spec, "model_dump"):
        spec = spec.model_dump()
    if not isinstance(spec, dict):
        raise InfographicError("spec must be a dict or an InfographicBrief-like model")
    spec = dict(spec)
    if not str(spec.get("title", "")).strip():
        raise InfographicError("spec needs a title")
    spec.setdefault("lang", "vi")
    if spec["lang"] not in LABELS:
        raise InfographicError(f"unknown lang {spec['lang']!r} (vi or en)")
    return spec


_clean = public_text  # every drawn or described text: no [Sn] marker, letters in NFC


def sources_line(spec) -> str:
    """The footer's full text: "Nguồn: <document>; <document>" (never a marker)."""
    spec = _spec_dict(spec)
    return sources_text(spec_source_names(spec), spec["lang"])


def alt_text(spec, lang: str | None = None) -> str:
    """A plain-text description of the card for screen readers and social-media alt fields."""
    spec = _spec_dict(spec)
    lang = lang or spec["lang"]
    t = LABELS[lang]
    template = spec.get("_template") or _template(spec, None)
    parts = [f"{t['alt']}: {_clean(spec['title'])}."]
    if spec.get("subtitle"):
        parts.append(_clean(spec["subtitle"]) + ".")
    if template in ("key_figures", "timeline"):
        sep = " — " if template == "timeline" else " "
        parts.append("; ".join(f"{_clean(i['value'])}{sep}{_clean(i['label'])}" for i in spec.get("items") or []) + ".")
    elif template == "key_points":
        parts.append(" ".join(f"{n}. {_clean(p)}" for n, p in enumerate(spec.get("points") or [], 1)))
    elif template == "quote":
        parts.append(f"“{_clean(spec.get('quote', ''))}” — {_clean(spec.get('attribution', ''))}.")
    elif template == "quiz_card":
        opts = " ".join(f"{chr(65 + k)}. {_clean(o)}" for k, o in enumerate(spec.get("options") or []))
        parts.append(f"{t['quiz']}: {_clean(spec.get('question', ''))} {opts}")
    parts.append(sources_line({**spec, "lang": lang}) + ".")
    parts.append(t["ai"] + ".")
    return " ".join(p.strip() for p in parts if p.strip())


def _template(spec: dict, template: str | None) -> str:
    name = template or spec.get("template") or spec.get("kind") or _infer(spec)
    if name not in TEMPLATES:
        raise InfographicError(f"unknown template {name!r}; use one of {', '.join(TEMPLATES)}")
    return name


def _infer(spec: dict) -> str:
    """The template a spec without one is written for, from the fields it has."""
    for field, name in (("question", "quiz_card"), ("quote", "quote"), ("points", "key_points"),
                        ("items", "key_figures")):
        if spec.get(field):
            return name
    return "cover"


def _size(size) -> tuple[int, int]:
    if isinstance(size, str):
        key = size.lower()
        if key in SIZES:
            return SIZES[key]
        if "x" in key:
            w, h = key.split("x")
            return int(w), int(h)
        raise InfographicError(f"unknown size {size!r}; use one of {', '.join(SIZES)} or WxH")
    w, h = size
    return int(w), int(h)


# ---------------------------------------------------------------- canvas

class _Canvas:
    def __init__(self, size, brand: BrandKit, background: str = "background"):
        self.w, self.h = size
        self.brand = brand
        self.img = Image.new("RGB", size, brand.rgb(background))
        self.draw = ImageDraw.Draw(self.img)
        self.u = min(self.w, self.h) / 1080  # 1 unit = 1 px on a 1080 px side
        self.layout: list[TextBox] = []
        self.bold = str(brand.heading_font)
        self.regular = str(brand.body_font)

    def px(self, v: float) -> int:
        return max(1, round(v * self.u))

    def fit(self, text, font, region, max_size, min_size=None) -> tuple[int, list[str]]:
        x0, y0, x1, y1 = region
        return fit_text(self.draw, text, font, x1 - x0, y1 - y0, self.px(max_size),
                        min_size or max(12, self.px(max_size) // 4))

    def text(self, role, text, font, region, color, max_size, *, size=None, align="left", valign="top",
             min_size=None) -> tuple[int, int, int, int]:
        """Fit (or wrap at a given size) `text` into `region` and draw it; returns the ink box."""
        x0, y0, x1, y1 = region
        if size is None:
            size, lines = self.fit(text, font, region, max_size, min_size)
        else:
            from studio.media.layout import truncate_lines

            lines = truncate_lines(self.draw, text, font, size, x1 - x0, y1 - y0)
        f = load_font(font, size)
        m = metrics(f)
        block = m.block_height(len(lines))
        top = {"top": y0, "middle": y0 + (y1 - y0 - block) // 2, "bottom": y1 - block}[valign]
        y = top + m.top_pad
        ink = None
        for line in lines:
            lw = self.draw.textlength(line, font=f)
            x = {"left": x0 + m.side_pad, "center": x0 + (x1 - x0 - lw) / 2,
                 "right": x1 - m.side_pad - lw}[align]
            x = round(x)
            if line:
                self.draw.text((x, y), line, font=f, fill=self.brand.rgb(color))
                b = self.draw.textbbox((x, y), line, font=f)
                ink = b if ink is None else (min(ink[0], b[0]), min(ink[1], b[1]), max(ink[2], b[2]), max(ink[3], b[3]))
            y += m.line_h
        ink = ink or (x0, y0, x0, y0)
        self.layout.append(TextBox(role, "\n".join(lines), size, tuple(int(v) for v in ink), tuple(region)))
        return ink

    def shared_size(self, texts, font, regions, max_size) -> int:
        """One size for a set of parallel texts (card values, labels) so they look consistent."""
        return min(self.fit(t, font, r, max_size)[0] for t, r in zip(texts, regions))

    def box(self, region, fill, radius=None, outline=None, width=1):
        self.draw.rounded_rectangle(region, radius=radius if radius is not None else self.px(20),
                                    fill=self.brand.rgb(fill) if fill else None,
                                    outline=self.brand.rgb(outline) if outline else None, width=width)


# ---------------------------------------------------------------- frame (title, footer)

def _frame(c: _Canvas, spec: dict, on_primary: bool = False) -> tuple[int, int, int, int]:
    """Draw the accent bar, brand line, title and footer; return the body region."""
    t = LABELS[spec["lang"]]
    m = c.px(64) if c.w < 2000 else c.px(80)
    W, H = c.w, c.h
    fg, muted, accent = ("on_primary",) * 3 if on_primary else ("text", "muted", "primary")
    if not on_primary:
        c.draw.rectangle((0, 0, W, c.px(14)), fill=c.brand.rgb("primary"))
    top = c.px(14) + c.px(36)
    head_h = c.px(40)
    logo_w = 0
    name = _clean(c.brand.name)
    if c.brand.logo:
        logo = Image.open(c.brand.logo).convert("RGBA")
        logo.thumbnail((c.px(240), head_h))
        c.img.paste(logo, (W - m - logo.width, top), logo)
        logo_w = logo.width + c.px(16)
    if name:
        c.text("brand", name.upper(), c.bold, (m, top, W - m - logo_w, top + head_h), accent, 26, valign="middle")
    y = top + head_h + c.px(20) if name or c.brand.logo else top + c.px(4)  # no empty brand row

    # footer: sources (up to 2 lines), then the AI label and the brand footer
    bottom_row = (H - m - c.px(34), H - m + c.px(8))
    src_region = (m, bottom_row[0] - c.px(12) - c.px(64), W - m, bottom_row[0] - c.px(12))
    c.draw.line((m, src_region[1] - c.px(16), W - m, src_region[1] - c.px(16)), fill=c.brand.rgb(muted),
                width=c.px(2))
    c.text("sources", _footer_text(c, spec, src_region), c.regular, src_region, muted, 24, min_size=c.px(14),
           valign="bottom")
    footer = _clean(c.brand.footer)
    half = (W - 2 * m) // 2 if footer else W - 2 * m  # no brand footer: the AI label may use the whole row
    c.text("ai_label", t["ai"], c.bold, (m, *bottom_row[:1], m + half, bottom_row[1]),
           accent, 24, min_size=c.px(12), valign="middle")
    if footer:
        c.text("footer", footer, c.regular, (m + half, bottom_row[0], W - m, bottom_row[1]), muted, 24,
               min_size=c.px(12), align="right", valign="middle")
    body_bottom = src_region[1] - c.px(56)

    if spec.get("_template") == "cover":
        return (m, y, W - m, body_bottom)
    title_h = c.px(190 if H >= W else 150)
    tb = c.text("title", _clean(spec["title"]), c.bold, (m, y, W - m, y + title_h), fg, 64, min_size=c.px(30))
    y = tb[3] + c.px(16)
    if spec.get("subtitle"):
        sb = c.text("subtitle", _clean(spec["subtitle"]), c.regular, (m, y, W - m, y + c.px(80)), muted, 32,
                    min_size=c.px(18))
        y = sb[3] + c.px(12)
    c.draw.rectangle((m + c.px(4), y + c.px(8), m + c.px(104), y + c.px(16)), fill=c.brand.rgb("secondary"))
    return (m, y + c.px(48), W - m, body_bottom)


def _footer_text(c: _Canvas, spec: dict, region) -> str:
    """The most complete sources line that fits its region at a readable size (≥ 16 units)."""
    return fitting_footer(spec_source_names(spec), spec["lang"],
                          lambda text: c.fit(text, c.regular, region, 24, min_size=c.px(16))[1])


# ---------------------------------------------------------------- templates

def _grid(n: int, region, gap: int, target: float = 1.25):
    """Cells for n cards: the column count whose cell shape is closest to `target` (w/h)."""
    x0, y0, x1, y1 = region
    W, H = x1 - x0, y1 - y0
    best = None
    for cols in range(1, n + 1):
        rows = math.ceil(n / cols)
        cw, ch = (W - gap * (cols - 1)) / cols, (H - gap * (rows - 1)) / rows
        score = abs(math.log((cw / ch) / target)) + 0.15 * (cols * rows - n)
        if best is None or score < best[0]:
            best = (score, cols, rows, cw, ch)
    _, cols, rows, cw, ch = best
    ch = min(ch, cw * 0.9)  # no towering cards: keep the block compact and centred
    used = rows * ch + gap * (rows - 1)
    top = y0 + (H - used) / 2
    cells = []
    for k in range(n):
        r, col = divmod(k, cols)
        in_row = min(cols, n - r * cols)
        left = x0 + (W - (in_row * cw + gap * (in_row - 1))) / 2  # centre a short last row
        cx, cy = left + col * (cw + gap), top + r * (ch + gap)
        cells.append((round(cx), round(cy), round(cx + cw), round(cy + ch)))
    return cells


def _key_figures(c: _Canvas, spec: dict, body):
    items = spec.get("items") or []
    if not 3 <= len(items) <= 6:
        raise InfographicError("key_figures needs 3–6 items")
    cells = _grid(len(items), body, c.px(28))
    pad = c.px(28)
    regions = []
    for (x0, y0, x1, y1) in cells:
        inner = (x0 + pad + c.px(8), y0 + pad, x1 - pad, y1 - pad)
        ih = inner[3] - inner[1]
        regions.append({
            "value": (inner[0], inner[1], inner[2], inner[1] + round(ih * 0.46)),
            "label": (inner[0], inner[1] + round(ih * 0.50), inner[2], inner[3]),
        })
    values = [_clean(i["value"]) for i in items]
    labels = [_clean(i["label"]) for i in items]
    vsize = c.shared_size(values, c.bold, [r["value"] for r in regions], 120)
    lsize = c.shared_size(labels, c.regular, [r["label"] for r in regions], 40)
    for cell, reg, value, label in zip(cells, regions, values, labels):
        c.box(cell, "surface")
        c.draw.rounded_rectangle((cell[0], cell[1], cell[0] + c.px(10), cell[3]), radius=c.px(5),
                                 fill=c.brand.rgb("primary"))
        c.text("value", value, c.bold, reg["value"], "primary", 120, size=vsize, valign="bottom")
        c.text("label", label, c.regular, reg["label"], "text", 40, size=lsize)


def _timeline(c: _Canvas, spec: dict, body):
    items = spec.get("items") or []
    if not 2 <= len(items) <= 8:
        raise InfographicError("timeline needs 2–8 items")
    x0, y0, x1, y1 = body
    n = len(items)
    dot = c.px(14)
    if c.w > c.h:  # horizontal: dates above the line, labels below
        line_y = y0 + (y1 - y0) // 3
        c.draw.line((x0, line_y, x1, line_y), fill=c.brand.rgb("primary"), width=c.px(4))
        colw = (x1 - x0) / n
        gap = c.px(12)
        dates = [(round(x0 + k * colw + gap), y0, round(x0 + (k + 1) * colw - gap), line_y - c.px(28)) for k in range(n)]
        labels = [(d[0], line_y + c.px(32), d[2], y1) for d in dates]
        for k in range(n):
            cx = round(x0 + k * colw + gap + c.px(20))
            c.draw.ellipse((cx - dot, line_y - dot, cx + dot, line_y + dot), fill=c.brand.rgb("secondary"))
    else:  # vertical: line on the left, date then label per row
        rail = x0 + c.px(20)
        rowh = (y1 - y0) / n
        c.draw.line((rail, y0 + c.px(20), rail, round(y0 + (n - 1) * rowh + c.px(20))), fill=c.brand.rgb("primary"),
                    width=c.px(4))
        dates, labels = [], []
        for k in range(n):
            top = round(y0 + k * rowh)
            c.draw.ellipse((rail - dot, top + c.px(20) - dot, rail + dot, top + c.px(20) + dot),
                           fill=c.brand.rgb("secondary"))
            left = rail + c.px(44)
            dh = round(min(rowh * 0.4, c.px(64)))
            dates.append((left, top, x1, top + dh))
            labels.append((left, top + dh + c.px(4), x1, round(top + rowh - c.px(16))))
    vals = [_clean(i["value"]) for i in items]
    labs = [_clean(i["label"]) for i in items]
    dsize = c.shared_size(vals, c.bold, dates, 48)
    lsize = c.shared_size(labs, c.regular, labels, 36)
    for v, l, dr, lr in zip(vals, labs, dates, labels):
        c.text("date", v, c.bold, dr, "primary", 48, size=dsize, valign="bottom" if c.w > c.h else "top")
        c.text("label", l, c.regular, lr, "text", 36, size=lsize)


def _key_points(c: _Canvas, spec: dict, body):
    points = [p for p in spec.get("points") or [] if str(p).strip()]
    if not 2 <= len(points) <= 7:
        raise InfographicError("key_points needs 2–7 points")
    x0, y0, x1, y1 = body
    n = len(points)
    gap = c.px(20)
    rowh = min((y1 - y0 - gap * (n - 1)) / n, c.px(260))
    top0 = y0 + ((y1 - y0) - (rowh * n + gap * (n - 1))) / 2
    badge = c.px(64)
    regions = []
    for k in range(n):
        top = round(top0 + k * (rowh + gap))
        regions.append((x0 + badge + c.px(28), top, x1, round(top + rowh)))
    texts = [_clean(p) for p in points]
    size = c.shared_size(texts, c.regular, regions, 40)
    for k, (text, reg, raw) in enumerate(zip(texts, regions, points)):
        cy = reg[1] + c.px(8)
        c.draw.ellipse((x0, cy, x0 + badge, cy + badge), fill=c.brand.rgb("primary"))
        c.text("badge", str(k + 1), c.bold, (x0, cy, x0 + badge, cy + badge), "on_primary", 34, align="center",
               valign="middle")
        c.text("point", text, c.regular, (reg[0], reg[1] + c.px(6), reg[2], reg[3]), "text", 40, size=size)


def _quote(c: _Canvas, spec: dict, body):
    if not str(spec.get("quote", "")).strip():
        raise InfographicError("quote template needs a quote")
    x0, y0, x1, y1 = body
    mark_h = c.px(150)
    c.text("quote_mark", "“", c.bold, (x0, y0, x0 + c.px(200), y0 + mark_h), "secondary", 220, min_size=c.px(60))
    attr_h = c.px(100)
    q = (x0 + c.px(12), y0 + mark_h, x1, y1 - attr_h - c.px(24))
    c.text("quote", _clean(spec["quote"]), str(font_path("italic")) if c.regular == str(font_path("regular"))
           else c.regular, q, "text", 64, min_size=c.px(26), valign="middle")
    if spec.get("attribution"):
        c.draw.rectangle((x0 + c.px(12), y1 - attr_h + c.px(4), x0 + c.px(72), y1 - attr_h + c.px(10)),
                         fill=c.brand.rgb("secondary"))
        c.text("attribution", _clean(spec["attribution"]), c.bold, (x0 + c.px(12), y1 - attr_h + c.px(20), x1, y1),
               "primary", 34, min_size=c.px(18))


def _quiz_card(c: _Canvas, spec: dict, body):
    options = spec.get("options") or []
    if not str(spec.get("question", "")).strip() or not 2 <= len(options) <= 4:
        raise InfographicError("quiz_card needs a question and 2–4 options")
    x0, y0, x1, y1 = body
    qh = round((y1 - y0) * 0.38)
    c.text("question", _clean(spec["question"]), c.bold, (x0, y0, x1, y0 + qh), "text", 56, min_size=c.px(24),
           valign="middle")
    gap = c.px(20)
    top = y0 + qh + c.px(24)
    n = len(options)
    oh = min((y1 - top - gap * (n - 1)) / n, c.px(150))
    chip = c.px(60)
    regions, boxes = [], []
    for k in range(n):
        bt = round(top + k * (oh + gap))
        box = (x0, bt, x1, round(bt + oh))
        boxes.append(box)
        regions.append((x0 + chip + c.px(44), bt + c.px(10), x1 - c.px(24), box[3] - c.px(10)))
    texts = [_clean(o) for o in options]
    size = c.shared_size(texts, c.regular, regions, 38)
    for k, (box, reg, text) in enumerate(zip(boxes, regions, texts)):
        c.box(box, "surface", outline="primary", width=c.px(2))
        cy = (box[1] + box[3]) // 2
        chip_box = (x0 + c.px(20), cy - chip // 2, x0 + c.px(20) + chip, cy + chip // 2)
        c.draw.ellipse(chip_box, fill=c.brand.rgb("primary"))
        c.text("option_letter", chr(65 + k), c.bold, chip_box, "on_primary", 30, align="center", valign="middle")
        c.text("option", text, c.regular, reg, "text", 38, size=size, valign="middle")


def _cover(c: _Canvas, spec: dict, body):
    x0, y0, x1, y1 = body
    h = y1 - y0
    c.draw.rectangle((x0 + c.px(4), y0 + round(h * 0.2), x0 + c.px(124), y0 + round(h * 0.2) + c.px(10)),
                     fill=c.brand.rgb("on_primary"))
    tb = c.text("title", _clean(spec["title"]), c.bold, (x0, y0 + round(h * 0.2) + c.px(40), x1, y0 + round(h * 0.75)),
                "on_primary", 110, min_size=c.px(40))
    if spec.get("subtitle"):
        c.text("subtitle", _clean(spec["subtitle"]), c.regular, (x0, tb[3] + c.px(24), x1, y1), "on_primary", 44,
               min_size=c.px(20))


_RENDERERS = {"key_figures": _key_figures, "timeline": _timeline, "key_points": _key_points, "quote": _quote,
              "quiz_card": _quiz_card, "cover": _cover}


# ---------------------------------------------------------------- public API

def render_infographic(spec, template: str | None = None, size="portrait", brand: BrandKit | None = None):
    """Render `spec` with `template` (default: the spec's) at `size` (a name in SIZES, "WxH" or a tuple).

    Returns a `PIL.Image.Image` (RGB); `image.info["layout"]` is the list of `TextBox`es drawn and
    `image.info["alt_text"]` the alt text.
    """
    spec = _spec_dict(spec)
    name = _template(spec, template)
    spec["_template"] = name
    brand = brand or load_brand()
    canvas = _Canvas(_size(size), brand, "primary" if name == "cover" else "background")
    body = _frame(canvas, spec, on_primary=name == "cover")
    _RENDERERS[name](canvas, spec, body)
    img = canvas.img
    img.info["layout"] = canvas.layout
    img.info["alt_text"] = alt_text(spec)
    img.info["template"] = name
    img.info["brand_name"] = _clean(brand.name)
    return img


def to_bytes(image, fmt: str = "png", dpi: int = 300) -> bytes:
    """PNG or PDF bytes of a rendered card; identical input gives identical bytes."""
    buf = io.BytesIO()
    clean = Image.frombytes("RGB", image.size, image.tobytes())  # drop info (layout) before encoding
    if fmt.lower() == "png":
        clean.save(buf, "PNG", optimize=False, compress_level=6, dpi=(dpi, dpi))
    elif fmt.lower() == "pdf":
        name = image.info.get("brand_name")  # author and creator: the brand's name, left out without one
        owner = {"author": name, "creator": name} if name else {}
        clean.save(buf, "PDF", resolution=float(dpi), title=_clean(image.info.get("alt_text", ""))[:200],
                   producer="Pillow", creationDate=_FIXED_DATE, modDate=_FIXED_DATE, **owner)
    else:
        raise InfographicError(f"unknown format {fmt!r} (png or pdf)")
    return buf.getvalue()


def save(image, path: str | Path, fmt: str | None = None, dpi: int = 300) -> Path:
    """Write a rendered card as PNG or PDF (chosen by `fmt` or the file extension).

    For print, render at size "a4" (2480×3508) and save as PDF: the page is exactly A4 at 300 dpi.
    """
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".") or "png").lower()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(to_bytes(image, fmt, dpi))
    return path
