"""Fonts for rendered media: Roboto from the `font-roboto` PyPI package (never downloaded at run time).

`VIETNAMESE_LETTERS` holds every Vietnamese letter, generated with `unicodedata`: the 12 vowels
a ă â e ê i o ô ơ u ư y, each plain and with the 5 tone marks (huyền ◌̀, sắc ◌́, hỏi ◌̉, ngã ◌̃,
nặng ◌̣), plus đ — lower- and upper-case, 146 letters. `VIETNAMESE_SPECIAL_LETTERS` is the 134 of
them outside ASCII (the plain a e i o u y dropped), the set a font must add to a Latin font.
The 73 lower-case letters (upper case is the same, `str.upper()`):

    a à á ả ã ạ ă ằ ắ ẳ ẵ ặ â ầ ấ ẩ ẫ ậ e è é ẻ ẽ ẹ ê ề ế ể ễ ệ i ì í ỉ ĩ ị
    o ò ó ỏ õ ọ ô ồ ố ổ ỗ ộ ơ ờ ớ ở ỡ ợ u ù ú ủ ũ ụ ư ừ ứ ử ữ ự y ỳ ý ỷ ỹ ỵ đ
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # plain, huyền, sắc, hỏi, ngã, nặng


def _letters() -> str:
    lower = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES] + ["đ"]
    assert all(len(ch) == 1 for ch in lower), "every Vietnamese letter has a precomposed code point"
    return "".join(lower) + "".join(ch.upper() for ch in lower)


VIETNAMESE_LETTERS: str = _letters()
VIETNAMESE_SPECIAL_LETTERS: str = "".join(ch for ch in VIETNAMESE_LETTERS if not ch.isascii())

_WEIGHTS = {
    "regular": "Roboto",
    "bold": "RobotoBold",
    "medium": "RobotoMedium",
    "light": "RobotoLight",
    "black": "RobotoBlack",
    "italic": "RobotoItalic",
}


class FontMissingError(RuntimeError):
    """The bundled font is not installed (install the `font-roboto` package)."""


def font_path(weight: str = "regular") -> Path:
    """Path of the Roboto TTF for `weight` (regular, bold, medium, light, black, italic)."""
    if weight not in _WEIGHTS:
        raise ValueError(f"unknown font weight {weight!r}; use one of {', '.join(_WEIGHTS)}")
    try:
        import font_roboto
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise FontMissingError(
            "Font package 'font-roboto' is not installed; run: pip install font-roboto "
            "(Roboto covers every Vietnamese letter)."
        ) from exc
    path = Path(getattr(font_roboto, _WEIGHTS[weight], "") or "")
    if not path.is_file():
        raise FontMissingError(f"Roboto {weight} not found in the font-roboto package ({path}).")
    return path


@lru_cache(maxsize=256)
def load_font(path: str | Path, size: int):
    from PIL import ImageFont

    return ImageFont.truetype(str(path), int(size))


@lru_cache(maxsize=16)
def _cmap(path: str) -> frozenset[int] | None:
    try:
        from fontTools.ttLib import TTFont
    except ImportError:
        return None
    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


def _pillow_missing(path: str, chars: set[str]) -> set[str]:
    """Fallback without fontTools: a glyph drawn exactly like the .notdef box is missing."""
    font = load_font(path, 48)

    def sig(ch: str):
        mask = font.getmask(ch)
        return mask.size, bytes(mask)

    notdef = {sig("\U0010fffd"), sig("\ue000")}  # private-use points no text font maps
    return {ch for ch in chars if sig(ch) in notdef}


def missing_glyphs(path: str | Path, text: str, *, use_fonttools: bool = True) -> set[str]:
    """The characters of `text` (whitespace and controls ignored) the font at `path` has no glyph for."""
    chars = {ch for ch in text if not ch.isspace() and unicodedata.category(ch)[0] != "C"}
    cmap = _cmap(str(path)) if use_fonttools else None
    if cmap is None:
        return _pillow_missing(str(path), chars)
    return {ch for ch in chars if ord(ch) not in cmap}
