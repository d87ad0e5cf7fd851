"""Text layout for rendered media: word wrapping, shrink-to-fit, and WCAG contrast.

Lines break only at spaces (a Vietnamese syllable is never split); an explicit "\\n" starts a
new line. `fit_text` finds the largest size in [min_size, max_size] whose wrapped block fits
the box; if even `min_size` does not fit, the last line that fits ends with "…".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from studio.media.fonts import load_font

LINE_SPACING = 1.22


def wrap_text(draw, text: str, font, max_width: float) -> list[str]:
    """Greedy wrap at spaces. A single word wider than `max_width` stays whole on its own line."""
    lines: list[str] = []
    for para in text.split("\n"):
        words = para.split()
        if not words:
            lines.append("")
            continue
        current = words[0]
        for word in words[1:]:
            candidate = f"{current} {word}"
            if draw.textlength(candidate, font=font) <= max_width:
                current = candidate
            else:
                lines.append(current)
                current = word
        lines.append(current)
    return lines


@dataclass(frozen=True)
class Metrics:
    """Vertical metrics of a text block at one size: padding above for stacked diacritics (Ẫ)."""

    size: int
    top_pad: int
    side_pad: int
    line_h: int
    ascent: int
    descent: int

    def block_height(self, n_lines: int) -> int:
        return self.top_pad + (max(n_lines, 1) - 1) * self.line_h + self.ascent + self.descent


def metrics(font, spacing: float = LINE_SPACING) -> Metrics:
    size = int(font.size)
    ascent, descent = font.getmetrics()
    return Metrics(size, math.ceil(0.1 * size), math.ceil(0.04 * size), math.ceil(size * spacing), ascent, descent)


def _fits(draw, lines: list[str], font, m: Metrics, box_w: float, box_h: float) -> bool:
    width = box_w - 2 * m.side_pad
    return m.block_height(len(lines)) <= box_h and all(draw.textlength(l, font=font) <= width for l in lines)


def fit_text(draw, text: str, font_path, box_w: float, box_h: float, max_size: int, min_size: int = 10,
             spacing: float = LINE_SPACING) -> tuple[int, list[str]]:
    """The largest font size (and its lines) at which `text` wrapped to `box_w` fits `box_w`×`box_h`."""
    max_size, min_size = int(max_size), int(min(min_size, max_size))

    def attempt(size: int):
        font = load_font(font_path, size)
        m = metrics(font, spacing)
        lines = wrap_text(draw, text, font, box_w - 2 * m.side_pad)
        return _fits(draw, lines, font, m, box_w, box_h), lines

    ok, lines = attempt(max_size)
    if ok:
        return max_size, lines
    lo, hi, best = min_size, max_size - 1, None  # binary search, then walk down to a verified fit
    while lo <= hi:
        mid = (lo + hi) // 2
        ok, mid_lines = attempt(mid)
        if ok:
            best, lo = (mid, mid_lines), mid + 1
        else:
            hi = mid - 1
    if best:
        return best
    return min_size, truncate_lines(draw, text, font_path, min_size, box_w, box_h, spacing)


def truncate_lines(draw, text, font_path, size, box_w, box_h, spacing=LINE_SPACING) -> list[str]:
    font = load_font(font_path, size)
    m = metrics(font, spacing)
    width = box_w - 2 * m.side_pad
    lines = wrap_text(draw, text, font, width)
    keep = max(1, int((box_h - m.top_pad - m.ascent - m.descent) // m.line_h) + 1)
    if len(lines) <= keep and _fits(draw, lines, font, m, box_w, box_h):
        return lines
    lines = lines[:keep]
    last = lines[-1].split()
    while last and draw.textlength(" ".join(last) + " …", font=font) > width:
        last.pop()
    lines[-1] = (" ".join(last) + " …") if last else "…"
    return lines


# ---- contrast (WCAG 2.x) ----

def _rgb(color) -> tuple[int, int, int]:
    if isinstance(color, str):
        c = color.lstrip("#")
        return tuple(int(c[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]
    return tuple(color[:3])  # type: ignore[return-value]


def relative_luminance(color) -> float:
    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in _rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(c1, c2) -> float:
    """WCAG contrast ratio (1–21) of two colours given as '#RRGGBB' or RGB tuples."""
    l1, l2 = sorted((relative_luminance(c1), relative_luminance(c2)), reverse=True)
    return (l1 + 0.05) / (l2 + 0.05)


def meets_contrast(fg, bg, minimum: float = 4.5) -> bool:
    """WCAG AA for normal text (4.5:1)."""
    return contrast_ratio(fg, bg) >= minimum
