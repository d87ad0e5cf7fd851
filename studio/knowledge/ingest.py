"""Ingest: files, folders and .zip archives → documents and passages in the store.

Each document goes load → detect language → split → analyse → store. Every step before `store`
only computes, so a failure there leaves the store untouched; the store step itself is
all-or-nothing (`ChunkStore.replace_document`). A stored document is searchable by words at once;
its vectors come from the next step, `studio.knowledge.vectorize.embed_pending`.
"""

from __future__ import annotations

import hashlib
import io
import re
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path, PurePath, PurePosixPath

from studio.errors import StudioError
from studio.knowledge.chunking import split_document
from studio.knowledge.language import detect_language
from studio.knowledge.loaders import SUPPORTED, load_document
from studio.knowledge.limits import READABLE_METHODS
from studio.knowledge.models import DocumentInfo, IngestProgress, IngestResult
from studio.knowledge.parse_worker import run_isolated
from studio.knowledge.store import ChunkStore
from studio.knowledge.textnorm import fold_word, nfc

ProgressCallback = Callable[[IngestProgress], None]


@dataclass
class Source:
    """One input document: its path inside the upload (folder or zip, "/"-separated, NFC) and a way
    to read its bytes (late, to keep memory flat). `error` set: refused before reading, reported."""

    name: str
    read: Callable[[], bytes]
    size: int
    error: StudioError | None = None


def logical_path(path: str) -> str:
    """The identity of a file inside an upload: NFC, "/"-separated, no leading "./" or "/"."""
    parts = [p for p in nfc(path).replace("\\", "/").split("/") if p not in ("", ".")]
    return "/".join(parts)


def make_doc_id(name: str) -> str:
    """Stable id from the path inside the upload: readable slug + hash of the path.

    A file at the top level keeps the id it always had (slug + 6 hex of its name), so existing
    stores keep working; a file in a folder hashes its whole path with 10 hex, so `a/x.md` and
    `b/x.md` are two documents. NFC and NFD spellings of one path give one id.
    """
    path = logical_path(name) or "doc"
    pure = PurePosixPath(path)
    slug = re.sub(r"[^a-z0-9]+", "-", fold_word(pure.stem)).strip("-")[:48] or "doc"
    if len(pure.parts) <= 1:
        return f"{slug}-{hashlib.sha1(pure.name.encode()).hexdigest()[:6]}"
    return f"{slug}-{hashlib.sha1(path.encode()).hexdigest()[:10]}"


def _refused(name: str, err: StudioError) -> Source:
    return Source(name, lambda: b"", 0, err)


def _mark_duplicates(sources: list[Source]) -> list[Source]:
    """Two files of one upload with one id: the first is taken, the others are reported."""
    seen: dict[str, str] = {}
    marked = []
    for source in sources:
        if source.error is None:
            doc_id = make_doc_id(source.name)
            if doc_id in seen:
                source = _refused(source.name, StudioError("duplicate_path", name=source.name, other=seen[doc_id]))
            else:
                seen[doc_id] = source.name
        marked.append(source)
    return marked


def collect_sources(paths: list[Path], settings) -> tuple[list[Source], list[IngestResult]]:
    """Expand folders and archives; refuse what can't be read with a result, not an exception."""
    sources: list[Source] = []
    refused: list[IngestResult] = []
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p.relative_to(path)))
            files = [(p, p.relative_to(path).as_posix()) for p in files if p.suffix.lower() in SUPPORTED + (".zip",)]
        elif path.exists():
            files = [(path, path.name)]
        else:
            refused.append(failed_result(str(path), StudioError("not_found", name=str(path)), settings.lang))
            continue
        for file, rel in files:
            rel = logical_path(rel)
            try:
                size = file.stat().st_size
                if file.suffix.lower() == ".zip":
                    if size > settings.max_upload_bytes:  # refused before reading a byte of it
                        raise StudioError("too_large", name=rel, size_mb=size / 2**20, limit_mb=settings.max_upload_mb)
                    folder = PurePosixPath(rel).parent.as_posix()
                    sources.extend(_archive_sources(rel, file.read_bytes(), settings,
                                                    "" if folder == "." else folder))
                else:
                    sources.append(Source(rel, file.read_bytes, size))
            except StudioError as err:
                refused.append(failed_result(rel, err, settings.lang))
            except OSError as exc:
                refused.append(failed_result(rel, StudioError("ingest_failed", name=rel, detail=type(exc).__name__),
                                             settings.lang))
    return _mark_duplicates(sources), refused


def sources_from_upload(name: str, data: bytes, settings) -> list[Source]:
    """An uploaded file (from the UI): a document, or a .zip of documents."""
    if PurePath(name).suffix.lower() == ".zip":
        return _mark_duplicates(_archive_sources(name, data, settings))
    return [Source(logical_path(PurePath(name).name), lambda: data, len(data))]


def _hidden(rel: Path) -> bool:
    return any(part.startswith((".", "_")) for part in rel.parts)


_METHOD_NAMES = {9: "Deflate64", 10: "PKWARE DCL", 18: "IBM TERSE", 19: "LZ77", 93: "Zstandard", 95: "XZ",
                 97: "WavPack", 98: "PPMd", 99: "AES"}


def _archive_sources(name: str, data: bytes, settings, folder: str = "") -> list[Source]:
    """The documents of a zip, each named by its path inside it (under `folder`, the zip's own
    folder in the upload). A member that can't be read safely comes back as a refused `Source`."""
    if len(data) > settings.max_upload_bytes:
        raise StudioError("too_large", name=name, size_mb=len(data) / 2**20, limit_mb=settings.max_upload_mb)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, ValueError) as exc:
        raise StudioError("corrupt_file", name=name, kind="ZIP", detail=type(exc).__name__) from None
    total = sum(m.file_size for m in members)
    packed = max(1, sum(m.compress_size for m in members))
    if total > settings.max_archive_mb * 2**20:
        raise StudioError("archive_too_big", name=name, detail=f"{total / 2**20:.0f} MB > {settings.max_archive_mb:.0f} MB")
    if total / packed > settings.max_archive_ratio:
        raise StudioError("archive_too_big", name=name, detail=f"ratio {total / packed:.0f}:1 > {settings.max_archive_ratio:.0f}:1")
    if len(members) > 1000:
        raise StudioError("archive_too_big", name=name, detail=f"{len(members)} files > 1000")
    sources = []
    for member in members:
        raw = member.filename.replace("\\", "/")
        inner = logical_path(raw)
        shown = f"{name}/{inner}" if inner else name
        if raw.startswith("/") or re.match(r"^[A-Za-z]:", raw) or ".." in raw.split("/"):
            sources.append(_refused(raw, StudioError("zip_unsafe_path", name=raw)))
            continue
        suffix = PurePosixPath(inner).suffix.lower()
        if _hidden(Path(*PurePosixPath(inner).parts)) or suffix not in SUPPORTED + (".zip",):
            continue
        path = f"{folder}/{inner}" if folder else inner
        if suffix == ".zip":
            sources.append(_refused(path, StudioError("zip_nested", name=shown)))
        elif member.flag_bits & 0x1:
            sources.append(_refused(path, StudioError("zip_member_encrypted", name=shown)))
        elif member.compress_type not in READABLE_METHODS:
            method = _METHOD_NAMES.get(member.compress_type, f"#{member.compress_type}")
            sources.append(_refused(path, StudioError("zip_member_method", name=shown, method=method)))
        else:
            sources.append(Source(path, _member_reader(archive, member, settings, shown), member.file_size))
    return sources


def _member_reader(archive: zipfile.ZipFile, member: zipfile.ZipInfo, settings, shown: str) -> Callable[[], bytes]:
    def read() -> bytes:
        # read at most the declared size + 1 byte: a lying header can't expand past the limit
        try:
            with archive.open(member) as fh:
                data = fh.read(min(member.file_size, settings.max_upload_bytes) + 1)
        except zipfile.BadZipFile as exc:
            if "CRC" in str(exc):
                raise StudioError("zip_member_bad_crc", name=shown) from None
            raise StudioError("corrupt_file", name=shown, kind="ZIP", detail=str(exc)[:80]) from None
        except RuntimeError:  # "File is encrypted" when the flag hid in the local header only
            raise StudioError("zip_member_encrypted", name=shown) from None
        except NotImplementedError:
            raise StudioError("zip_member_method", name=shown, method=f"#{member.compress_type}") from None
        except Exception as exc:  # zlib.error, EOFError, lzma/bz2 errors of a damaged member
            raise StudioError("corrupt_file", name=shown, kind="ZIP", detail=type(exc).__name__) from None
        if len(data) > member.file_size:  # more bytes than the header declared: refuse, don't trust it
            raise StudioError("zip_member_bad_crc", name=shown)
        if len(data) > settings.max_upload_bytes:
            raise StudioError("too_large", name=shown, size_mb=len(data) / 2**20, limit_mb=settings.max_upload_mb)
        return data

    return read


def ingest_source(
    source: Source,
    store: ChunkStore,
    settings,
    tags: tuple[str, ...] = (),
    on_stage: Callable[[str], None] | None = None,
    analyze: Callable[[str, str, str, str], dict] | None = None,
) -> IngestResult:
    """Load, split, analyse and store one document; a failure changes nothing and is reported."""
    started = time.perf_counter()
    stage = on_stage or (lambda _s: None)
    result = IngestResult(source=source.name)
    try:
        if source.error is not None:
            raise source.error
        if source.size > settings.max_upload_bytes:
            raise StudioError("too_large", name=source.name, size_mb=source.size / 2**20, limit_mb=settings.max_upload_mb)
        stage("load")
        try:
            data = source.read()
        except OSError as exc:
            raise StudioError("ingest_failed", name=source.name, detail=type(exc).__name__) from None
        if len(data) > settings.max_upload_bytes:  # the file grew after it was listed
            raise StudioError("too_large", name=source.name, size_mb=len(data) / 2**20, limit_mb=settings.max_upload_mb)
        # parsed in a child process with a time and memory limit (see parse_worker)
        document = run_isolated(load_document, data, source.name, name=source.name)
        del data
        doc_id = make_doc_id(source.name)
        lang = str(document.meta.get("lang") or "") or detect_language(document.text)
        chunks = split_document(document, doc_id, settings.chunk_chars, settings.chunk_overlap)
        if not chunks:
            raise StudioError("empty_file", name=source.name)
        doc_tags = tuple(sorted(set(tags) | {str(t) for t in document.meta.get("tags") or ()}))
        info = DocumentInfo(
            doc_id=doc_id,
            title=document.title,
            source=source.name,
            kind=document.kind,
            lang=lang,
            chunks=len(chunks),
            chars=len(document.text),
            pages=document.pages,
            tags=doc_tags,
            content_hash=hashlib.sha256(document.text.encode()).hexdigest(),
            ingested_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            meta={k: v for k, v in document.meta.items() if k not in {"tags", "title", "lang"}},
        )
        extra = [analyze(info.title, c.headings or c.section, c.text, lang) for c in chunks] if analyze else None
        stage("store")
        try:
            result.status = store.replace_document(info, document.text, chunks, doc_tags, extra)
        except StudioError:
            raise
        except Exception as exc:
            raise StudioError("ingest_failed", name=source.name, detail=str(exc)[:200]) from None
        _drop_legacy_copy(store, info)
        result.doc_id, result.chunks, result.lang = doc_id, len(chunks), lang
    except StudioError as err:
        result = failed_result(source.name, err, settings.lang)
    except Exception as exc:  # never let one file stop the others or the summary
        result = failed_result(source.name, StudioError("ingest_failed", name=source.name,
                                                        detail=f"{type(exc).__name__}: {str(exc)[:160]}"), settings.lang)
    result.seconds = time.perf_counter() - started
    return result


def _drop_legacy_copy(store: ChunkStore, info: DocumentInfo) -> None:
    """Before ids came from the path, a file in a folder was known by its name alone (`make_doc_id` of the
    name): the same text stored under that older id is this document's earlier copy, and goes."""
    legacy = make_doc_id(PurePosixPath(logical_path(info.source)).name)
    if legacy == info.doc_id:
        return
    found = store.get_document(legacy)
    if found is not None and found[0].content_hash == info.content_hash:
        store.remove_document(legacy)


def ingest_sources(
    sources: list[Source],
    store: ChunkStore,
    settings,
    tags: tuple[str, ...] = (),
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    analyze: Callable[[str, str, str, str], dict] | None = None,
) -> Iterator[IngestResult]:
    """Ingest documents one by one, reporting progress; stops between documents when cancelled."""
    total = len(sources)
    for done, source in enumerate(sources):
        if cancel is not None and cancel.is_set():
            raise StudioError("cancelled")

        def on_stage(stage: str, _done=done, _source=source) -> None:
            if progress:
                progress(IngestProgress(_done, total, _source.name, stage))

        result = ingest_source(source, store, settings, tags, on_stage, analyze)
        if progress:
            progress(IngestProgress(done + 1, total, source.name, "failed" if result.error else "done"))
        yield result


def failed_result(name: str, err: StudioError, lang: str) -> IngestResult:
    return IngestResult(source=name, status="failed", error=err.message(lang), error_code=err.code,
                        error_params=dict(err.params))
