"""Brand kits for rendered media: colours, logo, fonts and footer, loaded from YAML.

`load_brand()` gives the neutral default kit (`brand_default.yaml`, next to this module);
`load_brand(path)` reads a union's own kit with the same keys. Relative logo and font paths are
resolved against the YAML file's folder. Custom fonts must cover every Vietnamese letter.

The neutral kit names no organisation (`name` and `footer` are empty: the product must not print a
made-up one); `with_organisation` puts the house style's organisation name on a kit.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, field_validator

from studio.media.fonts import VIETNAMESE_LETTERS, font_path, missing_glyphs

DEFAULT_BRAND_PATH = Path(__file__).with_name("brand_default.yaml")
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


class BrandColors(BaseModel):
    primary: str = "#0B3D91"
    secondary: str = "#B3261E"
    background: str = "#FFFFFF"
    surface: str = "#EEF3FA"
    text: str = "#1B1F24"
    muted: str = "#4B5563"
    on_primary: str = "#FFFFFF"

    @field_validator("*")
    @classmethod
    def _hex(cls, value: str) -> str:
        if not isinstance(value, str) or not _HEX.match(value):
            raise ValueError(f"colour {value!r} is not #RRGGBB")
        return value.upper()


class BrandFonts(BaseModel):
    heading: Path | None = None
    body: Path | None = None


class BrandKit(BaseModel):
    name: str = ""  # the organisation printed on cards, videos and certificates; "" = none
    colors: BrandColors = Field(default_factory=BrandColors)
    logo: Path | None = None
    fonts: BrandFonts = Field(default_factory=BrandFonts)
    footer: str = ""

    def rgb(self, role: str) -> tuple[int, int, int]:
        value = getattr(self.colors, role)
        return tuple(int(value[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]

    @property
    def heading_font(self) -> Path:
        return self.fonts.heading or font_path("bold")

    @property
    def body_font(self) -> Path:
        return self.fonts.body or font_path("regular")

    def text_pairs(self) -> list[tuple[str, str]]:
        """Every (text colour, background colour) pair the templates draw."""
        c = ("text", "primary", "secondary", "muted")
        return [(f, "background") for f in c] + [(f, "surface") for f in c] + [("on_primary", "primary")]

    def contrast_problems(self, minimum: float = 4.5) -> list[str]:
        from studio.media.layout import contrast_ratio

        out = []
        for fg, bg in self.text_pairs():
            ratio = contrast_ratio(getattr(self.colors, fg), getattr(self.colors, bg))
            if ratio < minimum:
                out.append(f"{fg} on {bg}: contrast {ratio:.2f} < {minimum}")
        return out


def with_organisation(kit: BrandKit, organisation: str) -> BrandKit:
    """`kit` wearing the organisation's name: as `name`, and as `footer` unless the kit has its own footer
    (a footer that only repeated the kit's old name is replaced too). No name: the kit unchanged."""
    organisation = " ".join((organisation or "").split())
    if not organisation:
        return kit
    footer = kit.footer if kit.footer and kit.footer != kit.name else organisation
    return kit.model_copy(update={"name": organisation, "footer": footer})


class BrandError(ValueError):
    pass


def load_brand(path: str | Path | None = None) -> BrandKit:
    """The brand kit at `path` (YAML), or the default kit."""
    path = Path(path) if path else DEFAULT_BRAND_PATH
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise BrandError(f"cannot read brand kit {path}: {exc}") from exc
    kit = BrandKit.model_validate(data)
    base = path.parent
    if kit.logo and not kit.logo.is_absolute():
        kit.logo = base / kit.logo
    for role in ("heading", "body"):
        p = getattr(kit.fonts, role)
        if p is None:
            continue
        p = p if p.is_absolute() else base / p
        if not p.is_file():
            raise BrandError(f"brand font {role} not found: {p}")
        missing = missing_glyphs(p, VIETNAMESE_LETTERS)
        if missing:
            raise BrandError(f"brand font {p.name} lacks Vietnamese letters: {''.join(sorted(missing))}")
        setattr(kit.fonts, role, p)
    if kit.logo and not kit.logo.is_file():
        raise BrandError(f"brand logo not found: {kit.logo}")
    return kit
