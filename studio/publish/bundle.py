"""Export bundle: the approved version of an item as DOCX, HTML and Markdown, its media files and a provenance
manifest with the SHA-256 and size of every other file, in one zip written atomically.

Pure functions over plain data: the workflow gathers an `ExportInput` (it decides who may export what) and
`build_bundle` renders and writes. Everything is rendered in memory and validated before the first byte is
written; the zip goes to a temporary file beside the output that replaces it only when complete, so a failure
leaves neither a partial bundle nor a temporary file, and an older bundle at that path stays as it was.

Layout (`<slug>` is the item title's slug, see `studio.publish.names`):

    <slug>.docx  <slug>.html  <slug>.md  media/<name>…  provenance.json

The bundle is deterministic: the same input gives the same bytes (zip and DOCX timestamps are the approval
time; nothing reads the clock).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from studio.drafting.formats import FORMAT_MODELS
from studio.errors import StudioError
from studio.publish.document import TERMS, Document, build_document, nfc
from studio.publish.names import MEDIA_DIR, MEDIA_KINDS, NAME_REASONS, PROVENANCE_NAME, slugify, unsafe_name_reason
from studio.publish.to_docx import render_docx
from studio.publish.to_html import render_html
from studio.publish.to_markdown import render_markdown
from studio.publish.verify import VerifyReport, verify_bundle

__all__ = ["BundleResult", "ExportInput", "MediaFile", "VerifyReport", "build_bundle", "verify_bundle"]

SCHEMA = "union-content-studio/provenance/v1"
APP_NAME = "Union Content Studio"
# Already compressed. A DOCX is deflated anyway: stored, its own end-of-zip record would sit inside the bundle,
# and a truncated bundle would then open as that DOCX instead of failing as a broken zip.
_STORED = {"png", "mp4", "pdf"}
MEDIA_REASONS = {  # why a media file is refused: (Vietnamese, English)
    "kind": ("loại tệp không được hỗ trợ (png, mp4, srt, vtt, pdf)", "unsupported kind (png, mp4, srt, vtt, pdf)"),
    "suffix": ("đuôi tên tệp không khớp với loại tệp", "the file name's extension does not match its kind"),
    "empty": ("tệp rỗng", "the file is empty"),
    "signature": ("nội dung không đúng định dạng đã khai", "the content is not in the declared format"),
    "text": ("phụ đề không phải văn bản UTF-8 hợp lệ", "the captions are not valid UTF-8 text"),
    "alt": ("ảnh, video và PDF cần mô tả thay thế (alt)", "images, videos and PDFs need alt text"),
    "duplicate": ("trùng tên với một tệp khác", "another media file has the same name"),
}


@dataclass
class MediaFile:
    name: str  # file name inside the bundle's media/ folder, e.g. "infographic.png"
    data: bytes
    kind: str  # "png" | "mp4" | "srt" | "vtt" | "pdf"
    alt: str = ""  # alt text (images, videos, PDFs)


@dataclass
class ExportInput:
    """One approved version, as the workflow hands it over.

    `text` is the exact text that passed the safety gate and the review, in the line layout of
    `studio.drafting.render.content_text` and ending with the AI-assistance label line; `citations` are
    `SourceRef` dumps (marker, passage_id, doc_id, title, section, page, start, end, lang, text).
    """

    item_id: str
    version: int
    format: str
    lang: str
    title: str
    content: dict
    text: str
    citations: list[dict]
    author: str
    reviewer: str
    approved_at: str  # ISO 8601
    composer: str
    model: str | None
    prompt_id: str
    prompt_version: int
    safety_report_sha256: str
    safety_verdict: str
    media: list[MediaFile] = field(default_factory=list)
    app_version: str = ""


@dataclass
class BundleResult:
    path: Path
    files: dict[str, str]  # name → SHA-256 of every file except provenance.json
    provenance: dict


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------- validation

def _invalid(detail: str) -> StudioError:
    return StudioError("export_invalid", detail=detail)


def _media_error(name: str, reason: str) -> StudioError:
    vi, en = MEDIA_REASONS[reason]
    return StudioError("export_media_invalid", name=name, reason_vi=vi, reason_en=en)


def _approved_utc(value: str) -> datetime:
    try:
        when = datetime.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        raise _invalid(f"approved_at “{value}” is not an ISO 8601 time") from None
    if when.tzinfo is not None:
        when = when.astimezone(timezone.utc).replace(tzinfo=None)
    return max(when.replace(microsecond=0), datetime(1980, 1, 1))  # zip times start in 1980


def _check_media(media: list[MediaFile]) -> list[MediaFile]:
    seen: set[str] = set()
    out = []
    for m in media:
        name = nfc(m.name)
        if reason := unsafe_name_reason(name):
            vi, en = NAME_REASONS[reason]
            raise StudioError("export_unsafe_name", name=m.name, reason_vi=vi, reason_en=en)
        if m.kind not in MEDIA_KINDS:
            raise _media_error(name, "kind")
        if not name.lower().endswith("." + m.kind):
            raise _media_error(name, "suffix")
        if name.casefold() in seen:  # case-insensitive file systems would merge them
            raise _media_error(name, "duplicate")
        seen.add(name.casefold())
        data = bytes(m.data)
        if not data:
            raise _media_error(name, "empty")
        if (m.kind == "png" and not data.startswith(b"\x89PNG\r\n\x1a\n")) or \
                (m.kind == "pdf" and not data.startswith(b"%PDF-")) or (m.kind == "mp4" and data[4:8] != b"ftyp"):
            raise _media_error(name, "signature")
        if m.kind in ("srt", "vtt"):
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise _media_error(name, "text") from None
            if m.kind == "vtt" and not text.startswith("WEBVTT"):
                raise _media_error(name, "signature")
        if m.kind in ("png", "mp4", "pdf") and not m.alt.strip():
            raise _media_error(name, "alt")
        out.append(MediaFile(name=name, data=data, kind=m.kind, alt=nfc(m.alt).strip()))
    return out


def _check_input(data: ExportInput) -> None:
    if data.format not in FORMAT_MODELS:
        raise _invalid(f"unknown format “{data.format}”")
    if not re.fullmatch(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", data.lang or ""):
        raise _invalid(f"“{data.lang}” is not a language tag such as vi or en")
    if not isinstance(data.version, int) or data.version < 1:
        raise _invalid("the version must be a positive whole number")
    if not data.text.strip() or not data.title.strip():
        raise _invalid("the title or the text is empty")
    if data.safety_verdict not in ("pass", "warn"):
        raise _invalid(f"the safety verdict is “{data.safety_verdict}”, not pass or warn")
    if not data.author or not data.reviewer:
        raise _invalid("author and reviewer are required")
    if data.author == data.reviewer:
        raise _invalid("the reviewer is the author (four eyes)")


# ---------------------------------------------------------------- provenance

def _sources(doc: Document) -> list[dict]:
    """The numbered sources; "name" is the document's public name, the one cards and videos of the same item
    show in their footer (`studio.media.sources.document_name`), so both name a document alike."""
    from studio.media.sources import document_name

    out = []
    for s in doc.sources:
        r = s.ref
        out.append({"number": s.number, "marker": s.marker, "passage_id": r.get("passage_id"),
                    "doc_id": r.get("doc_id"), "title": r.get("title"), "name": document_name(r),
                    "section": r.get("section", ""),
                    "page": r.get("page"), "start": r.get("start"), "end": r.get("end"), "lang": r.get("lang"),
                    "text_sha256": sha256(nfc(r.get("text", "")).encode("utf-8"))})
    return out


def _provenance(data: ExportInput, doc: Document, names: dict[str, str], media: list[MediaFile],
                files: dict[str, bytes]) -> dict:
    return {
        "schema": SCHEMA,
        "item": {"id": data.item_id, "version": data.version, "format": data.format, "lang": data.lang,
                 "title": nfc(data.title)},
        "author": data.author,
        "reviewer": data.reviewer,
        "approved_at": data.approved_at,
        "generation": {"composer": data.composer, "model": data.model, "prompt_id": data.prompt_id,
                       "prompt_version": data.prompt_version},
        "safety": {"report_sha256": data.safety_report_sha256, "verdict": data.safety_verdict},
        "text_sha256": sha256(data.text.encode("utf-8")),
        "content_matches_text": doc.content_matches_text,
        "ai_label": doc.label,
        "sources": _sources(doc),
        "media": [{"file": MEDIA_DIR + m.name, "kind": m.kind, "alt": m.alt} for m in media],
        "documents": names,
        "app": {"name": APP_NAME, "version": data.app_version},
        "files": {name: {"sha256": sha256(blob), "size": len(blob)} for name, blob in sorted(files.items())},
    }


# ---------------------------------------------------------------- writing

def _entry(name: str, date_time: tuple[int, ...]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=date_time)
    suffix = name.rsplit(".", 1)[-1].lower()
    info.compress_type = zipfile.ZIP_STORED if suffix in _STORED else zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 3
    info.flag_bits |= 0x800  # names are UTF-8 (bit 11), so Vietnamese names survive every unzip tool
    return info


def _write_atomically(out: Path, entries: list[tuple[str, bytes]], date_time: tuple[int, ...]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            with zipfile.ZipFile(fh, "w") as zf:
                for name, blob in entries:
                    zf.writestr(_entry(name, date_time), blob)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def build_bundle(data: ExportInput, out_path) -> BundleResult:
    """Render the item and write the bundle at `out_path`; raises StudioError (nothing written) on bad input."""
    out = Path(out_path)
    if out.is_dir():
        raise _invalid(f"{out} is a folder, not a file name")
    _check_input(data)
    media = _check_media(list(data.media))
    approved = _approved_utc(data.approved_at)
    date_time = approved.timetuple()[:6]
    doc = build_document(data.format, data.lang, data.title, data.content, data.text, list(data.citations))

    slug = slugify(data.title, fallback=f"item-{data.item_id}")
    terms = TERMS.get(data.lang, TERMS["en"])
    footer = (f"{terms['item']} {data.item_id} · {terms['version']} {data.version} · "
              f"{terms['approved']} {approved.date().isoformat()}")
    generator = f"{APP_NAME} {data.app_version}".strip()
    meta = {"title": nfc(data.title), "author": data.author, "reviewer": data.reviewer, "version": data.version,
            "format": data.format}
    names = {"docx": f"{slug}.docx", "html": f"{slug}.html", "md": f"{slug}.md"}
    files: dict[str, bytes] = {
        names["docx"]: render_docx(doc, media, footer, meta, approved),
        names["html"]: render_html(doc, media, footer, nfc(data.title), generator),
        names["md"]: render_markdown(doc, media, footer),
    }
    for m in media:
        files[MEDIA_DIR + m.name] = m.data
    provenance = _provenance(data, doc, names, media, files)
    manifest = (json.dumps(provenance, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    _write_atomically(out, [*files.items(), (PROVENANCE_NAME, manifest)], date_time)
    return BundleResult(path=out, files={n: v["sha256"] for n, v in provenance["files"].items()},
                        provenance=provenance)

