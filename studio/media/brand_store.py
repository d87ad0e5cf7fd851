"""The brand kit in use, and the one an admin saves: validated in full before anything is written.

Precedence (`current_brand`): the YAML named by `STUDIO_BRAND_KIT` → the kit saved under
`<data dir>/brand/` → the shipped neutral kit. When the house style (`studio.style`) names the
organisation, that name is the kit's `name` (and its `footer`, unless the kit has its own).
`save_brand` checks the uploaded YAML (parse, colours, WCAG AA contrast, no font paths) and the
logo (a real PNG or JPEG that Pillow decodes, at most `MAX_LOGO_BYTES` and `MAX_LOGO_SIDE` px) and
builds the new kit in a temporary folder beside the old one; only a kit that `load_brand` accepts
replaces it, by renaming folders. A refused upload leaves the kit in use untouched.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from pathlib import Path

import yaml
from pydantic import ValidationError

from studio.errors import StudioError
from studio.media.brand import (
    DEFAULT_BRAND_PATH,
    BrandError,
    BrandKit,
    load_brand,
    with_organisation,
)

KIT_FILE = "kit.yaml"
MAX_KIT_BYTES = 64 * 1024
MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_LOGO_SIDE = 4096
_LOGO_FORMATS = {"PNG": ".png", "JPEG": ".jpg"}


def brand_dir(settings) -> Path:
    return Path(settings.data_dir) / "brand"


def brand_origin(settings) -> str:
    """Where the kit in use comes from: "setting" (STUDIO_BRAND_KIT), "saved" or "default"."""
    if settings.brand_kit:
        return "setting"
    return "saved" if (brand_dir(settings) / KIT_FILE).is_file() else "default"


def current_brand(settings, lang: str | None = None) -> BrandKit:
    """The brand kit every render uses (see the module docstring for the precedence), wearing the
    organisation name of the house style in `lang` (default: the settings' language)."""
    return with_organisation(kit_in_use(settings), organisation_name(settings, lang))


def kit_in_use(settings) -> BrandKit:
    """The brand kit as saved or configured, without the house style's organisation name."""
    origin = brand_origin(settings)
    path = {"setting": settings.brand_kit, "saved": brand_dir(settings) / KIT_FILE}.get(origin)
    try:
        return load_brand(path)
    except (BrandError, ValidationError, yaml.YAMLError) as exc:
        raise StudioError("brand_invalid", name=str(path), detail=_short(exc)) from None


def organisation_name(settings, lang: str | None = None) -> str:
    """The organisation's name from the house style ("" when none is set or the style file is broken)."""
    from studio.style.store import current_style

    return current_style(settings).organisation_name(lang or getattr(settings, "lang", "vi") or "vi")


def default_kit_yaml() -> str:
    """The shipped kit with its comments: the template an admin edits."""
    return DEFAULT_BRAND_PATH.read_text(encoding="utf-8")


def save_brand(settings, yaml_bytes: bytes, logo: tuple[str, bytes] | None = None,
               name: str = KIT_FILE) -> BrandKit:
    """Validate an uploaded kit (and its logo), then make it the saved kit; returns the kit in use.

    Raises `StudioError` (nothing written) for unreadable YAML, bad colours, colour pairs under
    4.5:1, font paths, a logo named but not uploaded, or a logo that is not a real PNG/JPEG.
    """
    data = _parse_kit(yaml_bytes, name)
    logo_ext = None
    if logo is not None:
        logo_ext = _check_logo(*logo, limit=min(MAX_LOGO_BYTES, settings.max_upload_bytes))
    elif data.get("logo"):
        raise StudioError("brand_logo_missing", name=str(data["logo"]))
    data["logo"] = f"logo{logo_ext}" if logo_ext else None
    kit = _validate_kit(data, name)

    target = brand_dir(settings)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".brand-new-", dir=target.parent))
    try:
        if logo_ext:
            (staging / data["logo"]).write_bytes(logo[1])
        dumped = kit.model_dump(mode="json", exclude={"fonts"})
        dumped["logo"] = data["logo"]
        (staging / KIT_FILE).write_text(yaml.safe_dump(dumped, allow_unicode=True, sort_keys=False),
                                        encoding="utf-8")
        load_brand(staging / KIT_FILE)  # exactly what kit_in_use will read
        _swap_in(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return current_brand(settings)


def reset_brand(settings) -> BrandKit:
    """Forget the saved kit; returns the kit in use afterwards (STUDIO_BRAND_KIT's or the default)."""
    target = brand_dir(settings)
    if target.exists():
        trash = Path(tempfile.mkdtemp(prefix=".brand-old-", dir=target.parent))
        os.replace(target, trash / "brand")
        shutil.rmtree(trash, ignore_errors=True)
    return current_brand(settings)


# ---------------------------------------------------------------- checks

def _parse_kit(yaml_bytes: bytes, name: str) -> dict:
    if len(yaml_bytes) > MAX_KIT_BYTES:
        raise StudioError("too_large", name=name, size_mb=len(yaml_bytes) / 2**20, limit_mb=MAX_KIT_BYTES / 2**20)
    try:
        data = yaml.safe_load(yaml_bytes.decode("utf-8"))
    except UnicodeDecodeError:
        raise StudioError("bad_encoding", name=name) from None
    except yaml.YAMLError as exc:
        raise StudioError("brand_invalid", name=name, detail=_short(exc)) from None
    if not isinstance(data, dict):
        raise StudioError("brand_invalid", name=name, detail="YAML mapping expected (name:, colors:, …)")
    fonts = data.get("fonts") or {}
    if not isinstance(fonts, dict) or any(fonts.values()):
        raise StudioError("brand_fonts_fixed", fonts=str(fonts)[:80])
    data.pop("fonts", None)
    return data


def _validate_kit(data: dict, name: str) -> BrandKit:
    from studio.media.brand import BrandColors

    unknown = sorted(set(data) - set(BrandKit.model_fields))
    colors = data.get("colors")
    if isinstance(colors, dict):
        unknown += sorted(f"colors.{k}" for k in set(colors) - set(BrandColors.model_fields))
    if unknown:  # a misspelt key would otherwise fall back to a default colour without a word
        raise StudioError("brand_invalid", name=name, detail="unknown key(s): " + ", ".join(unknown))
    try:
        kit = BrandKit.model_validate({**data, "logo": None})
    except ValidationError as exc:
        for err in exc.errors():
            if err["loc"][:1] == ("colors",) and len(err["loc"]) > 1:
                raise StudioError("brand_bad_colour", role=err["loc"][1], value=err.get("input")) from None
        raise StudioError("brand_invalid", name=name, detail=_short(exc)) from None
    problems = kit.contrast_problems()
    if problems:
        raise StudioError("brand_low_contrast", pairs="; ".join(_pair(p) for p in problems))
    return kit


def _pair(problem: str) -> str:
    # "text on background: contrast 2.10 < 4.5" → "text ↔ background 2.10:1" (role names are YAML keys)
    roles, _, ratio = problem.partition(": contrast ")
    fg, _, bg = roles.partition(" on ")
    return f"{fg} ↔ {bg} {ratio.split(' ')[0]}:1"


def _check_logo(name: str, data: bytes, limit: int) -> str:
    """The file extension of a logo that really is a PNG or JPEG within the limits."""
    from PIL import Image

    if len(data) > limit:
        raise StudioError("too_large", name=name, size_mb=len(data) / 2**20, limit_mb=limit / 2**20)
    try:
        with Image.open(io.BytesIO(data)) as img:
            fmt, (w, h) = img.format, img.size
            if fmt not in _LOGO_FORMATS:
                raise StudioError("brand_bad_logo", name=name)
            if max(w, h) > MAX_LOGO_SIDE:
                raise StudioError("brand_logo_pixels", name=name, width=w, height=h, limit=MAX_LOGO_SIDE)
            img.load()  # decodes every pixel: a truncated or corrupt file fails here
    except StudioError:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise StudioError("brand_bad_logo", name=name) from None
    return _LOGO_FORMATS[fmt]


def _swap_in(staging: Path, target: Path) -> None:
    """Rename the staged kit into place; the previous kit is moved aside first and restored on failure."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=".brand-old-", dir=target.parent)) / "brand"
        os.replace(target, old)
    try:
        os.replace(staging, target)
    except BaseException:
        if old is not None:
            os.replace(old, target)
        raise
    if old is not None:
        shutil.rmtree(old.parent, ignore_errors=True)


def _short(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(map(str, e['loc'])) or '-'}: {e['msg']}" for e in exc.errors()[:3])
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:  # YAML syntax: where, and what the parser expected
        return f"YAML {mark.line + 1}:{mark.column + 1} {exc.problem or ''}".strip()
    return " ".join(str(exc).split())[:200]
