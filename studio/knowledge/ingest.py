"""Ingest: files, folders and .zip archives → documents and passages in the store.

Each document goes load → detect language → split → analyse → store. Every step before `store`
only computes, so a failure there leaves the store untouched; the store step itself is
all-or-nothing (`ChunkStore.replace_document`). A stored document is searchable by words at once;
its vectors come from the next step, `studio.knowledge.vectorize.embed_pending`.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path, PurePath

from studio.errors import StudioError
from studio.knowledge.chunking import split_document
from studio.knowledge.language import detect_language
from studio.knowledge.loaders import SUPPORTED, load_document
from studio.knowledge.models import DocumentInfo, IngestProgress, IngestResult
from studio.knowledge.store import ChunkStore
from studio.knowledge.textnorm import fold_word

ProgressCallback = Callable[[IngestProgress], None]


@dataclass
class Source:
    """One input document: its name and a way to read its bytes (late, to keep memory flat)."""

    name: str
    read: Callable[[], bytes]
    size: int


def make_doc_id(name: str) -> str:
    """Stable id from the file name: readable slug + short hash (same name → same document)."""
    stem = PurePath(name).stem
    slug = re.sub(r"[^a-z0-9]+", "-", fold_word(stem)).strip("-")[:48] or "doc"
    return f"{slug}-{hashlib.sha1(PurePath(name).name.encode()).hexdigest()[:6]}"


def collect_sources(paths: list[Path], settings) -> tuple[list[Source], list[IngestResult]]:
    """Expand folders and archives; refuse what can't be read with a result, not an exception."""
    sources: list[Source] = []
    refused: list[IngestResult] = []
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p.relative_to(path)))
            files = [p for p in files if p.suffix.lower() in SUPPORTED + (".zip",)]
        elif path.exists():
            files = [path]
        else:
            refused.append(failed_result(str(path), StudioError("not_found", name=str(path)), settings.lang))
            continue
        for file in files:
            try:
                if file.suffix.lower() == ".zip":
                    sources.extend(_archive_sources(file.name, file.read_bytes(), settings))
                else:
                    sources.append(Source(file.name, file.read_bytes, file.stat().st_size))
            except StudioError as err:
                refused.append(failed_result(file.name, err, settings.lang))
    return sources, refused


def sources_from_upload(name: str, data: bytes, settings) -> list[Source]:
    """An uploaded file (from the UI): a document, or a .zip of documents."""
    if PurePath(name).suffix.lower() == ".zip":
        return _archive_sources(name, data, settings)
    return [Source(PurePath(name).name, lambda: data, len(data))]


def _hidden(rel: Path) -> bool:
    return any(part.startswith((".", "_")) for part in rel.parts)


def _archive_sources(name: str, data: bytes, settings) -> list[Source]:
    if len(data) > settings.max_upload_bytes:
        raise StudioError("too_large", name=name, size_mb=len(data) / 2**20, limit_mb=settings.max_upload_mb)
    import io

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
        inner = PurePath(member.filename)
        if _hidden(Path(*inner.parts)) or inner.suffix.lower() not in SUPPORTED:
            continue
        sources.append(Source(inner.name, _member_reader(archive, member, settings), member.file_size))
    return sources


def _member_reader(archive: zipfile.ZipFile, member: zipfile.ZipInfo, settings) -> Callable[[], bytes]:
    def read() -> bytes:
        # read at most the declared size + 1 byte: a lying header can't expand past the limit
        with archive.open(member) as fh:
            data = fh.read(min(member.file_size, settings.max_upload_bytes) + 1)
        if len(data) > settings.max_upload_bytes:
            raise StudioError("too_large", name=member.filename, size_mb=len(data) / 2**20, limit_mb=settings.max_upload_mb)
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
        if source.size > settings.max_upload_bytes:
            raise StudioError("too_large", name=source.name, size_mb=source.size / 2**20, limit_mb=settings.max_upload_mb)
        stage("load")
        data = source.read()
        document = load_document(data, source.name)
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
        result.doc_id, result.chunks, result.lang = doc_id, len(chunks), lang
    except StudioError as err:
        result = failed_result(source.name, err, settings.lang)
    result.seconds = time.perf_counter() - started
    return result


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
