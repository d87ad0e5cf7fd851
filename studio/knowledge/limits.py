"""Limits that keep one hostile file from exhausting the server: checked before and while parsing.

Every check raises `StudioError` with its own message; none of them writes anything. The numbers
are generous for real union documents (a 500-page law is ~30,000 paragraphs, nested ~30 deep).
"""

from __future__ import annotations

import io
import zipfile

import yaml

from studio.errors import StudioError

# A zip-based document (DOCX) may inflate to at most this much, at most this many times its size.
MAX_INFLATED_MB = 150
MAX_INFLATE_RATIO = 100
MAX_CONTAINER_MEMBERS = 2_000
# Paragraphs, table rows, HTML elements: more than this is not a document a person wrote.
MAX_PARTS = 200_000
MAX_HTML_DEPTH = 400
MAX_FRONT_MATTER_CHARS = 64 * 1024
# The worker that parses one file (see `parse_worker`): wall time and extra address space.
PARSE_SECONDS = 30.0
PARSE_MEMORY_MB = 400
# Zip methods Python can read: stored, deflated, bzip2, lzma.
READABLE_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}


def check_zip_container(data: bytes, name: str, kind: str) -> None:
    """A DOCX (or other zip-based format) is checked like an archive before any XML is parsed."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise StudioError("corrupt_file", name=name, kind=kind, detail=type(exc).__name__) from None
    if len(members) > MAX_CONTAINER_MEMBERS:
        raise StudioError("inflated_file", name=name, kind=kind, detail=f"{len(members)} parts > {MAX_CONTAINER_MEMBERS}")
    total = sum(m.file_size for m in members)
    packed = max(1, sum(m.compress_size for m in members), len(data) // 2)
    if total > MAX_INFLATED_MB * 2**20:
        raise StudioError("inflated_file", name=name, kind=kind,
                          detail=f"{total / 2**20:.0f} MB > {MAX_INFLATED_MB} MB")
    if total > 2**20 and total / packed > MAX_INFLATE_RATIO:
        raise StudioError("inflated_file", name=name, kind=kind,
                          detail=f"ratio {total / packed:.0f}:1 > {MAX_INFLATE_RATIO}:1")
    for member in members:
        if member.flag_bits & 0x1:
            raise StudioError("corrupt_file", name=name, kind=kind, detail="encrypted part")
        if member.compress_type not in READABLE_METHODS:
            raise StudioError("corrupt_file", name=name, kind=kind, detail=f"compression method {member.compress_type}")


def check_parts(count: int, name: str) -> None:
    if count > MAX_PARTS:
        raise StudioError("too_many_parts", name=name, count=count, limit=MAX_PARTS)


class _NoAliasLoader(yaml.SafeLoader):
    """Safe YAML that refuses anchors and aliases: "billion laughs" needs them, front matter doesn't."""

    def compose_node(self, parent, index):  # noqa: D401 - PyYAML hook
        if self.check_event(yaml.AliasEvent):
            raise _AliasFound()
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise _AliasFound()
        return super().compose_node(parent, index)


class _AliasFound(Exception):
    pass


def load_front_matter(text: str, name: str) -> object:
    """Parse YAML front matter with no alias expansion and a size cap; a refusal names the reason."""
    if len(text) > MAX_FRONT_MATTER_CHARS:
        raise StudioError("front_matter_refused", name=name,
                          detail=f"{len(text) // 1024} KB > {MAX_FRONT_MATTER_CHARS // 1024} KB")
    try:
        return yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 - SafeLoader subclass
    except _AliasFound:
        raise StudioError("front_matter_refused", name=name, detail="YAML anchors/aliases (&, *)") from None
