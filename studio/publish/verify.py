"""Check an export bundle against its provenance manifest: every listed file present with its size and SHA-256,
nothing unlisted, no unsafe or duplicate entry, the AI-assistance label visible in the DOCX, HTML and Markdown,
and no script or external resource in the HTML. Never raises on a bad file: every finding is a problem.

What it cannot prove: someone who rewrites a file *and* its line in provenance.json (the manifest is not signed)
goes unnoticed here; the workflow's hash-chained audit log records the bundle's hash at export for that.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from studio.publish.names import PROVENANCE_NAME, is_safe_entry
from studio.publish.to_docx import docx_visible_text
from studio.publish.to_html import html_problems, html_visible_text
from studio.publish.to_markdown import unescape
from studio.safety.risks import has_ai_label

REQUIRED_KEYS = ("schema", "item", "author", "reviewer", "approved_at", "generation", "safety", "ai_label",
                 "sources", "app", "files")
MAX_DOCUMENT_BYTES = 100 * 1024 * 1024  # DOCX/HTML/MD larger than this are not parsed for the label
_CHUNK = 1 << 20


@dataclass
class VerifyReport:
    ok: bool
    problems: list[str]  # plain English, one per finding
    provenance: dict | None
    codes: list[str] = field(default_factory=list)  # one code per problem, e.g. "hash_mismatch"


class _Problems:
    def __init__(self) -> None:
        self.messages: list[str] = []
        self.codes: list[str] = []

    def add(self, code: str, message: str) -> None:
        self.codes.append(code)
        self.messages.append(message)

    def report(self, provenance: dict | None) -> VerifyReport:
        return VerifyReport(ok=not self.messages, problems=self.messages, provenance=provenance, codes=self.codes)


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _hash_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> str:
    digest = hashlib.sha256()
    with zf.open(info) as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _read_provenance(zf: zipfile.ZipFile, problems: _Problems) -> dict | None:
    try:
        data = json.loads(zf.read(PROVENANCE_NAME).decode("utf-8"))
    except KeyError:
        problems.add("no_provenance", f"{PROVENANCE_NAME} is missing")
        return None
    except (ValueError, UnicodeDecodeError, zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
        problems.add("bad_provenance", f"{PROVENANCE_NAME} cannot be read as UTF-8 JSON ({exc})")
        return None
    if not isinstance(data, dict):
        problems.add("bad_provenance", f"{PROVENANCE_NAME} is not a JSON object")
        return None
    missing = [k for k in REQUIRED_KEYS if k not in data]
    if missing:
        problems.add("bad_provenance", f"{PROVENANCE_NAME} lacks {', '.join(missing)}")
    files = data.get("files")
    if not isinstance(files, dict) or not all(
            isinstance(v, dict) and isinstance(v.get("sha256"), str) and isinstance(v.get("size"), int)
            for v in files.values()):
        problems.add("bad_provenance", f"{PROVENANCE_NAME}: “files” must map each name to its sha256 and size")
        data["files"] = {}
    return data


def _check_files(zf: zipfile.ZipFile, listed: dict, problems: _Problems) -> None:
    entries = {info.filename: info for info in zf.infolist()}
    for name, expected in listed.items():
        info = entries.get(name)
        if info is None:
            problems.add("missing_file", f"{name} is listed in {PROVENANCE_NAME} but missing from the bundle")
            continue
        if info.file_size != expected["size"]:
            problems.add("size_mismatch", f"{name} is {info.file_size} bytes, provenance says {expected['size']}")
            continue
        try:
            actual = _hash_entry(zf, info)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as exc:
            problems.add("unreadable_file", f"{name} cannot be read from the zip ({exc})")
            continue
        if actual != expected["sha256"]:
            problems.add("hash_mismatch", f"{name} has SHA-256 {actual[:16]}…, provenance says "
                                          f"{expected['sha256'][:16]}…: the file was changed")
    for name in entries:
        if name != PROVENANCE_NAME and name not in listed and not name.endswith("/"):
            problems.add("extra_file", f"{name} is in the bundle but not listed in {PROVENANCE_NAME}")


def _documents(provenance: dict, names: list[str]) -> dict[str, str | None]:
    listed = provenance.get("documents") if isinstance(provenance.get("documents"), dict) else {}
    out: dict[str, str | None] = {}
    for kind in ("docx", "html", "md"):
        name = listed.get(kind)
        if not isinstance(name, str):
            found = [n for n in names if n.lower().endswith("." + kind) and "/" not in n]
            name = found[0] if len(found) == 1 else None
        out[kind] = name
    return out


def _visible_text(kind: str, data: bytes) -> str:
    if kind == "docx":
        return docx_visible_text(data)
    if kind == "html":
        return html_visible_text(data)
    return " ".join(unescape(data.decode("utf-8")).split())


def _check_documents(zf: zipfile.ZipFile, provenance: dict, problems: _Problems) -> None:
    label = provenance.get("ai_label")
    if not isinstance(label, str) or not has_ai_label(label):
        problems.add("bad_label", f"the AI label in {PROVENANCE_NAME} is missing or is not an AI-assistance label")
        label = None
    names = [info.filename for info in zf.infolist()]
    for kind, name in _documents(provenance, names).items():
        if name is None or name not in names:
            problems.add("missing_document", f"the bundle has no {kind.upper()} document")
            continue
        info = zf.getinfo(name)
        if info.file_size > MAX_DOCUMENT_BYTES:
            problems.add("document_too_large", f"{name} is larger than {MAX_DOCUMENT_BYTES} bytes; not checked")
            continue
        try:
            data = zf.read(info)
            text = _visible_text(kind, data)
        except Exception as exc:  # noqa: BLE001 — any unreadable document is a finding, not a crash
            problems.add("unreadable_document", f"{name} cannot be opened as {kind.upper()} ({type(exc).__name__})")
            continue
        if label and _norm(label) not in _norm(text):
            problems.add("missing_label", f"{name} does not show the AI-assistance label “{label}”")
        if kind == "html":
            for finding in html_problems(data):
                problems.add("unsafe_html", f"{name} is not sanitised: {finding}")


def verify_bundle(path) -> VerifyReport:
    """Check the bundle at `path`; see the module docstring. `ok` is True only when there is no problem."""
    problems = _Problems()
    path = Path(path)
    if not path.is_file():
        problems.add("not_found", f"{path} does not exist or is not a file")
        return problems.report(None)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        problems.add("not_zip", f"{path.name} is not a readable zip file ({exc})")
        return problems.report(None)
    with zf:
        names = [info.filename for info in zf.infolist()]
        for name in sorted(n for n, count in Counter(names).items() if count > 1):
            problems.add("duplicate_entry", f"{name} appears more than once in the zip")
        for name in names:
            if not is_safe_entry(name):
                problems.add("unsafe_entry", f"{name!r} would be extracted outside the bundle's folder")
        provenance = _read_provenance(zf, problems)
        if provenance is None:
            return problems.report(None)
        _check_files(zf, provenance["files"], problems)
        _check_documents(zf, provenance, problems)
    return problems.report(provenance)
