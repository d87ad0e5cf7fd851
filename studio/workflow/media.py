"""Content-addressed media files (PNG, MP4, SRT, VTT, PDF) under the data dir: `ab/cdef….png`, named by SHA-256.

A file is written to a temporary name beside its target and renamed, so a crash leaves no half file; the
same content is stored once. Versions refer to files by hash (`{kind, sha256, name, alt}`).
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from studio.errors import StudioError

KINDS = {".png": "png", ".mp4": "mp4", ".srt": "srt", ".vtt": "vtt", ".pdf": "pdf"}  # as the export bundle names them
NEEDS_ALT = {"png", "mp4", "pdf"}  # what a screen reader can't read without a description
_SHA = re.compile(r"^[0-9a-f]{64}$")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class MediaRef:
    kind: str
    sha256: str
    name: str
    alt: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def kind_of(name: str) -> str:
    kind = KINDS.get(Path(name).suffix.lower())
    if kind is None:
        raise StudioError("unsupported_type", ext=Path(name).suffix or "—", name=name,
                          supported=", ".join(sorted(KINDS)))
    return kind


class MediaStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def put(self, source: bytes | Path, suffix: str = "") -> str:
        """Store bytes or a file; returns its SHA-256. The suffix (default: the file's) is kept for humans."""
        if isinstance(source, (str, Path)):
            path = Path(source)
            suffix = suffix or path.suffix
            digest = hashlib.sha256()
            with path.open("rb") as fh:
                for block in iter(lambda: fh.read(_CHUNK), b""):
                    digest.update(block)
            sha = digest.hexdigest()
            if not self._find(sha):
                with path.open("rb") as fh:
                    self._write(sha, suffix, iter(lambda: fh.read(_CHUNK), b""))
            return sha
        sha = hashlib.sha256(source).hexdigest()
        if not self._find(sha):
            self._write(sha, suffix, [source])
        return sha

    def add(self, path: Path, alt: str = "", name: str | None = None) -> MediaRef:
        """Store a file and describe it for a version; pictures and videos need alt text."""
        name = name or Path(path).name
        kind = kind_of(name)
        if kind in NEEDS_ALT and not alt.strip():
            raise StudioError("media_alt_required", name=name)
        return MediaRef(kind, self.put(Path(path)), name, alt.strip())

    def path(self, sha256: str) -> Path:
        found = self._find(sha256)
        if found is None:
            raise StudioError("media_not_found", sha256=sha256)
        return found

    def read(self, sha256: str) -> bytes:
        """The file's bytes, checked against its name (a changed file on disk is reported, not served)."""
        data = self.path(sha256).read_bytes()
        if hashlib.sha256(data).hexdigest() != sha256:
            raise StudioError("media_corrupt", sha256=sha256)
        return data

    def _find(self, sha256: str) -> Path | None:
        if not _SHA.match(sha256 or ""):
            raise StudioError("media_not_found", sha256=sha256)
        folder = self.root / sha256[:2]
        if not folder.is_dir():
            return None
        rest = sha256[2:]
        return next((p for p in folder.iterdir() if p.name == rest or p.name.startswith(rest + ".")), None)

    def _write(self, sha256: str, suffix: str, blocks) -> None:
        folder = self.root / sha256[:2]
        folder.mkdir(parents=True, exist_ok=True)
        suffix = suffix.lower() if re.fullmatch(r"\.[A-Za-z0-9]{1,8}", suffix or "") else ""
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                for block in blocks:
                    fh.write(block)
            os.replace(tmp, folder / f"{sha256[2:]}{suffix}")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
