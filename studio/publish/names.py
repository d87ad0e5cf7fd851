"""File names inside an export bundle: the title's slug and the checks that keep media names inside the bundle.

Slug decision: Vietnamese letters are kept (NFC, lower case), not folded to ASCII. Folded Vietnamese loses
meaning ("mật" / "mặt" / "mất" all become "mat"), and the officers who receive the bundle read these names.
Every zip entry is written with the UTF-8 flag (bit 11), which Windows 10+ Explorer, macOS Archive Utility,
7-Zip and Info-ZIP honour; NFC makes the name the same bytes whatever form the title was typed in (macOS
keyboards and some PDFs produce NFD). Only letters, digits and single hyphens survive, so the name is safe on
every file system, and Windows' reserved device names (a Vietnamese title can be just "Con") get a suffix.
"""

from __future__ import annotations

import re
import unicodedata

PROVENANCE_NAME = "provenance.json"
MEDIA_DIR = "media/"
MEDIA_KINDS = ("png", "mp4", "srt", "vtt", "pdf")
MAX_SLUG_CHARS = 60
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
_NOT_WORD = re.compile(r"[^\w]+|_+")


def slugify(title: str, fallback: str = "item") -> str:
    """A file-name slug of a title: "Nghị quyết 57: Đổi mới công tác Công đoàn" → "nghị-quyết-57-đổi-mới-công-tác-công-đoàn"."""
    text = unicodedata.normalize("NFC", title).lower()
    slug = _NOT_WORD.sub("-", text).strip("-")
    if len(slug) > MAX_SLUG_CHARS:
        cut = slug[:MAX_SLUG_CHARS + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else slug[:MAX_SLUG_CHARS]
        slug = slug.strip("-")
    if not slug:
        slug = _NOT_WORD.sub("-", unicodedata.normalize("NFC", fallback).lower()).strip("-") or "item"
    if slug in _WINDOWS_RESERVED:
        slug += "-1"
    return slug


NAME_REASONS = {  # why a media name is refused: (Vietnamese, English)
    "empty": ("tên trống", "the name is empty"),
    "spaces": ("tên bắt đầu hoặc kết thúc bằng dấu cách", "the name starts or ends with a space"),
    "folder": ("tên chứa dấu phân cách thư mục (/ hoặc \\)", "the name contains a folder separator (/ or \\)"),
    "hidden": ("tên ẩn hoặc trỏ ra thư mục (. hoặc ..)", "the name is hidden or points to a folder (. or ..)"),
    "drive": ("tên bắt đầu bằng ký hiệu ổ đĩa", "the name starts with a drive letter"),
    "control": ("tên chứa ký tự điều khiển", "the name contains control characters"),
    "long": ("tên dài quá 200 byte", "the name is longer than 200 bytes"),
}


def unsafe_name_reason(name: str) -> str | None:
    """Why `name` cannot be a file inside the bundle's media folder (a key of NAME_REASONS), or None.

    A media name is one plain file name: no folder part (so no `../` and no absolute path, whatever the
    separator), no drive letter, no control characters, not hidden, and at most 200 bytes in UTF-8.
    """
    if not name or not name.strip():
        return "empty"
    if name != name.strip():
        return "spaces"
    if "/" in name or "\\" in name:
        return "folder"
    if name.startswith("."):
        return "hidden"
    if re.match(r"^[A-Za-z]:", name):
        return "drive"
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in name):
        return "control"
    if len(name.encode("utf-8")) > 200:
        return "long"
    return None


def is_safe_entry(name: str) -> bool:
    """A zip entry name that stays inside the folder it is extracted to (used when reading a bundle)."""
    if not name or name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or "\\" in name:
        return False
    return all(part not in ("", ".", "..") for part in name.split("/"))
