"""The style guide in use and the one an admin saves: `<data dir>/style.yaml`, else the shipped default.

`load_style` never fails: a malformed site file gives the default guide plus a `StyleError` saying so (in
Vietnamese and English), which the faces show. `save_style` validates in full and replaces the file
atomically (temporary file beside it, fsync, rename); a refused guide leaves the saved one untouched.
"""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from studio.errors import StudioError
from studio.style.model import StyleGuide

DEFAULT_STYLE_PATH = Path(__file__).with_name("default.yaml")
STYLE_FILE = "style.yaml"
MAX_STYLE_BYTES = 256 * 1024
log = logging.getLogger(__name__)

class StyleError(StudioError):
    """A `StudioError` about the house style (its messages are in studio/messages/style.py)."""


@dataclass(frozen=True)
class StyleLoad:
    guide: StyleGuide
    origin: str  # "saved" | "default" | "invalid" (a saved file that could not be read: default in use)
    error: StyleError | None = None


def style_path(settings) -> Path:
    return Path(settings.data_dir) / STYLE_FILE


@lru_cache(maxsize=1)
def default_style() -> StyleGuide:
    """The shipped guide (shared: do not mutate it; `model_copy(deep=True)` first)."""
    return parse_style(DEFAULT_STYLE_PATH.read_bytes(), DEFAULT_STYLE_PATH.name)


def default_style_yaml() -> str:
    return DEFAULT_STYLE_PATH.read_text(encoding="utf-8")


def parse_style(data: bytes, name: str = STYLE_FILE) -> StyleGuide:
    """A guide from YAML bytes, or `StyleError("style_invalid")` saying what is wrong and where."""
    if len(data) > MAX_STYLE_BYTES:
        raise StyleError("style_invalid", name=name, detail=f"> {MAX_STYLE_BYTES // 1024} KB")
    try:
        raw = yaml.safe_load(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise StyleError("style_invalid", name=name, detail={"vi": "không phải mã UTF-8", "en": "not UTF-8"}) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        detail = f"YAML {mark.line + 1}:{mark.column + 1} {getattr(exc, 'problem', '') or ''}".strip() if mark else str(exc)
        raise StyleError("style_invalid", name=name, detail=detail) from None
    if not isinstance(raw, dict):
        raise StyleError("style_invalid", name=name, detail={"vi": "cần một bảng YAML (organisation:, terms:, …)",
                                                         "en": "a YAML mapping is expected (organisation:, terms:, …)"})
    return validate_style(raw, name)


def validate_style(data: dict, name: str = STYLE_FILE) -> StyleGuide:
    try:
        return StyleGuide.model_validate(data)
    except ValidationError as exc:
        raise StyleError("style_invalid", name=name, detail=describe(exc)) from None


def describe(exc: ValidationError) -> dict[str, str]:
    from studio.style.form import explain

    return explain(exc)


def load_style(settings) -> StyleLoad:
    """The guide in use, where it comes from, and why the saved file was not used (if it was not)."""
    path = style_path(settings)
    try:
        stat = path.stat()
    except FileNotFoundError:
        return StyleLoad(default_style(), "default")
    try:
        guide = _read(str(path), stat.st_mtime_ns, stat.st_size)
    except StyleError as err:
        log.warning("house style %s invalid, default in use: %s", path, err.message("en"))
        return StyleLoad(default_style(), "invalid", StyleError("style_fallback", **err.params))
    return StyleLoad(guide, "saved")


def current_style(settings) -> StyleGuide:
    return load_style(settings).guide


@lru_cache(maxsize=4)
def _read(path: str, mtime_ns: int, size: int) -> StyleGuide:  # cached per file version
    return parse_style(Path(path).read_bytes(), Path(path).name)


def save_style(settings, guide: StyleGuide | dict) -> StyleGuide:
    """Validate and save the guide; raises `StyleError("style_refused")` with nothing written."""
    try:
        data = guide.model_dump(mode="json") if isinstance(guide, StyleGuide) else guide
        checked = StyleGuide.model_validate(data)
    except ValidationError as exc:
        raise StyleError("style_refused", detail=describe(exc)) from None
    text = "# Văn phong & thuật ngữ của đơn vị (house style), lưu từ trang Quản trị.\n" + yaml.safe_dump(
        checked.model_dump(mode="json"), allow_unicode=True, sort_keys=False, width=120)
    parse_style(text.encode("utf-8"))  # exactly what load_style will read
    path = style_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".style-", suffix=".yaml", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return current_style(settings)


def reset_style(settings) -> StyleGuide:
    style_path(settings).unlink(missing_ok=True)
    return current_style(settings)
