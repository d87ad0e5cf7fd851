"""The knowledge-base library: who may change the knowledge base, the versions it keeps, what it records.

Every change to the knowledge base that a person makes goes through `Library` (the Knowledge page and
`studio docs` / `studio ingest --as` call it); it wraps the `KnowledgeBase` calls with:

- permissions (Wagtail's split of "add" from "change/delete", paperless-ngx's owner): a `librarian` or an
  `admin` may add, replace, remove and restore any document; an `officer` may add new documents and replace or
  remove the ones they added themselves, never a shared one; other roles only read;
- versions: the bytes of every version are kept under `<data dir>/library/<doc id>/`, a replacement shows a
  bounded unified diff of the extracted text, and any kept version can be restored;
- the safety gate at ingest: a document with a confidentiality marking is refused, or quarantined (kept, tagged
  `confidential`, drafts quoting it are blocked) per `Settings.confidential_ingest`; personal data is recorded
  and shown on the document's card;
- one audit event per add / replace / remove / restore / refusal (who, which document, content hashes before and
  after), written in the same transaction as the library record, so `audit verify` covers them.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePath

from sqlalchemy import select
from sqlalchemy.orm import Session

from studio.drafting.service import CONFIDENTIAL_TAG
from studio.errors import StudioError
from studio.knowledge.ingest import Source, collect_sources, failed_result, ingest_sources, make_doc_id, \
    sources_from_upload
from studio.knowledge.language import detect_language
from studio.knowledge.loaders import load_document
from studio.knowledge.parse_worker import run_isolated
from studio.safety.findings import CONFIDENTIAL_MARKING, PII_TYPES
from studio.workflow import audit
from studio.workflow.accounts import require_user
from studio.workflow.db import Database
from studio.workflow.library_models import LibraryDocument, LibraryVersion
from studio.workflow.models import Role, utcnow

KEEPERS = (Role.librarian.value, Role.admin.value)  # may change any document
CONTRIBUTORS = (Role.officer.value,)                # may add documents and change their own
MAX_DIFF_LINES = 400
MAX_DIFF_CHARS = 20_000
MAX_CHECK_CHARS = 200_000  # the gate reads at most this much of a document's text at ingest
TEXT_KINDS = (".md", ".txt")  # a snapshot of these can be restored as a file (the others only compared)


@dataclass(frozen=True)
class LibraryEntry:
    """A document as the library knows it (joined with the store's `DocumentInfo` by the faces)."""

    doc_id: str
    source: str
    title: str
    added_by: str | None
    added_at: str
    updated_by: str | None
    updated_at: str
    version: int
    content_hash: str
    marking: str | None
    personal_data: tuple[str, ...]
    removed: bool

    def to_dict(self) -> dict:
        return {**asdict(self), "personal_data": list(self.personal_data)}


@dataclass(frozen=True)
class VersionEntry:
    doc_id: str
    number: int
    source: str
    content_hash: str
    note: str
    created_by: str | None
    created_at: str
    current: bool

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Change:
    """What happened to one file or document: status added | updated | unchanged | removed | restored |
    quarantined | refused | failed; `diff` is the unified diff of the extracted text for a replacement."""

    source: str
    doc_id: str | None = None
    status: str = "failed"
    chunks: int = 0
    lang: str | None = None
    version: int | None = None
    diff: str = ""
    personal_data: tuple[str, ...] = ()
    marking: str | None = None
    error_code: str | None = None
    error_params: dict = field(default_factory=dict)

    @property
    def error(self) -> bool:
        return self.status in {"failed", "refused"}

    def error_message(self, lang: str) -> str:
        return StudioError(self.error_code, **self.error_params).message(lang) if self.error_code else ""

    def to_dict(self) -> dict:
        data = asdict(self)
        data["personal_data"] = list(self.personal_data)
        data["error"] = self.error_message("en") or None
        return data


def _iso(t) -> str:
    return t.isoformat(timespec="seconds") if t else ""


def _entry(row: LibraryDocument) -> LibraryEntry:
    return LibraryEntry(row.doc_id, row.source, row.title, row.added_by, _iso(row.added_at), row.updated_by,
                        _iso(row.updated_at), row.current_version, row.content_hash, row.marking,
                        tuple(row.personal_data or ()), row.removed_at is not None)


def text_diff(before: str, after: str, name: str = "") -> str:
    """A unified diff of two extracted texts, cut at MAX_DIFF_LINES lines / MAX_DIFF_CHARS characters."""
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), f"{name} (trước/before)",
                                 f"{name} (sau/after)", lineterm="", n=2)
    out, size = [], 0
    for n, line in enumerate(lines):
        if n >= MAX_DIFF_LINES or size + len(line) > MAX_DIFF_CHARS:
            out.append("… (diff cut / đã cắt bớt)")
            break
        out.append(line)
        size += len(line) + 1
    return "\n".join(out)


def may_change(user_roles, user_name: str, added_by: str | None) -> bool:
    """Whether a person may replace or remove a document added by `added_by` (None: a shared document)."""
    if set(KEEPERS) & set(user_roles):
        return True
    return bool(set(CONTRIBUTORS) & set(user_roles)) and added_by is not None and added_by == user_name


class Library:
    """The knowledge base's keeper; see the module docstring. `gate` is a `SafetyGate`."""

    def __init__(self, kb, db: Database, gate) -> None:
        self.kb = kb
        self.db = db
        self.settings = kb.settings
        self.gate = gate  # the face's SafetyGate (the app's and the CLI's are built once, on first use)

    @property
    def folder(self) -> Path:
        return Path(self.settings.data_dir) / "library"

    # --- reading ------------------------------------------------------------------------------------------
    def entries(self, include_removed: bool = False) -> dict[str, LibraryEntry]:
        with self.db.session() as s:
            rows = s.scalars(select(LibraryDocument).order_by(LibraryDocument.doc_id)).all()
            return {r.doc_id: _entry(r) for r in rows if include_removed or r.removed_at is None}

    def versions(self, doc_id: str) -> list[VersionEntry]:
        with self.db.session() as s:
            doc = s.get(LibraryDocument, doc_id)
            rows = s.scalars(select(LibraryVersion).where(LibraryVersion.doc_id == doc_id)
                             .order_by(LibraryVersion.number)).all()
            current = doc.current_version if doc is not None and doc.removed_at is None else None
            return [VersionEntry(v.doc_id, v.number, v.source, v.content_hash, v.note, v.created_by,
                                 _iso(v.created_at), v.number == current) for v in rows]

    def version_text(self, doc_id: str, number: int) -> str:
        with self.db.session() as s:
            version = self._version(s, doc_id, number)
            name = PurePath(version.source).stem + PurePath(version.blob).suffix  # a snapshot's blob is text
            data = self._read_blob(version)
        return load_document(data, name).text

    def diff(self, doc_id: str, before: int, after: int) -> str:
        return text_diff(self.version_text(doc_id, before), self.version_text(doc_id, after), doc_id)

    # --- changing -----------------------------------------------------------------------------------------
    def add_upload(self, actor: str, name: str, data: bytes, tags: tuple[str, ...] = (), progress=None,
                   vectors: str = "background") -> list[Change]:
        """An uploaded file (document or .zip): each document checked, permitted, ingested and recorded."""
        try:
            sources = sources_from_upload(name, data, self.settings)
        except StudioError as err:
            return [Change(name, error_code=err.code, error_params=dict(err.params))]
        return self._add_sources(actor, sources, [], tags, progress, vectors)

    def add_paths(self, actor: str, paths, tags: tuple[str, ...] = (), progress=None,
                  vectors: str = "wait") -> list[Change]:
        sources, refused = collect_sources([Path(p) for p in paths], self.settings)
        return self._add_sources(actor, sources, refused, tags, progress, vectors)

    def _add_sources(self, actor, sources, refused, tags, progress, vectors) -> list[Change]:
        with self.db.session() as s:
            require_user(s, actor, *KEEPERS, *CONTRIBUTORS)
        changes = [Change(r.source, error_code=r.error_code, error_params=dict(r.error_params)) for r in refused]
        changed = False
        for source in sources:
            change = self._add_one(actor, source, tags, progress)
            changed = changed or change.status in {"added", "updated", "quarantined"}
            changes.append(change)
        if changed:
            self.kb._after_ingest(vectors, None, None)
        return changes

    def _add_one(self, actor: str, source: Source, tags, progress) -> Change:
        change = Change(source.name)
        try:
            if source.error is not None:  # refused while listing the upload (zip member, unsafe path, duplicate)
                raise source.error
            if source.size > self.settings.max_upload_bytes:
                raise StudioError("too_large", name=source.name, size_mb=source.size / 2**20,
                                  limit_mb=self.settings.max_upload_mb)
            data = source.read()
            # parsed in a child process with a time and memory limit, as every ingest (see parse_worker)
            document = run_isolated(load_document, data, source.name, name=source.name)
        except StudioError as err:
            change.error_code, change.error_params = err.code, dict(err.params)
            return change
        doc_id = make_doc_id(source.name)
        marking, personal = self._check(document.text)
        change.doc_id, change.marking, change.personal_data = doc_id, marking, personal
        quarantine = marking is not None and self.settings.confidential_ingest == "quarantine"
        with self.db.transaction() as s:
            user = require_user(s, actor)
            record = s.get(LibraryDocument, doc_id)
            existing = self.kb.store.get_document(doc_id)
            if existing is not None or (record is not None and record.removed_at is None):
                owner = record.added_by if record is not None else None
                if not may_change(user.roles, user.name, owner):
                    change.error_code, change.error_params = "library_denied", {
                        "name": user.name, "action": "replace", "doc_id": doc_id}
                    change.status = "refused"
                    return change
            if marking is not None and not quarantine:
                change.status, change.error_code = "refused", "library_confidential"
                change.error_params = {"name": source.name, "marking": marking}
                audit.record(s, "doc_refused", user.name, doc_id=doc_id, source=source.name, marking=marking,
                             file_sha256=hashlib.sha256(data).hexdigest())
                return change
            before_text = existing[1] if existing is not None else None
            before_hash = existing[0].content_hash if existing is not None else None
            if existing is not None and record is None:  # ingested before the library kept records
                record = self._adopt(s, existing)
            doc_tags = tuple(sorted(set(tags) | ({CONFIDENTIAL_TAG} if quarantine else set())))
            result = next(iter(ingest_sources([Source(source.name, lambda: data, len(data))], self.kb.store,
                                              self.settings, doc_tags, progress,
                                              analyze=self.kb.retriever.chunk_terms_meta)))
            if result.error:
                change.error_code, change.error_params = result.error_code, dict(result.error_params)
                return change
            change.doc_id, change.chunks, change.lang = result.doc_id, result.chunks, result.lang
            info, text = self.kb.store.get_document(result.doc_id)
            if result.status == "unchanged" and record is not None and record.removed_at is None:
                change.status, change.version = "unchanged", record.current_version
                return change
            replaced = before_text is not None
            note = "replaced" if replaced else "added"
            number = self._keep(s, record, info, source.name, data, user.name, note, marking, personal)
            change.version = number
            change.status = "quarantined" if quarantine else ("updated" if replaced else "added")
            if replaced:
                change.diff = text_diff(before_text, text, result.doc_id)
            audit.record(s, "doc_replace" if replaced else "doc_add", user.name, doc_id=result.doc_id,
                         source=source.name, version=number, hash_before=before_hash, hash_after=info.content_hash,
                         file_sha256=hashlib.sha256(data).hexdigest(), marking=marking,
                         personal_data=list(personal))
        return change

    def remove(self, actor: str, doc_id: str) -> int:
        """Remove a document and its passages; its versions stay kept (restorable by a librarian)."""
        with self.db.transaction() as s:
            user = require_user(s, actor)
            record = s.get(LibraryDocument, doc_id)
            existing = self.kb.store.get_document(doc_id)
            if existing is None:
                raise StudioError("doc_not_found", doc_id=doc_id)
            if not may_change(user.roles, user.name, record.added_by if record is not None else None):
                raise StudioError("library_denied", name=user.name, action="remove", doc_id=doc_id)
            if record is None or record.removed_at is not None:
                record = self._adopt(s, existing, record)
            n = self.kb.remove_document(doc_id)
            record.removed_at, record.removed_by = utcnow(), user.name
            audit.record(s, "doc_remove", user.name, doc_id=doc_id, source=record.source,
                         version=record.current_version, hash_before=existing[0].content_hash, hash_after=None,
                         chunks=n)
        return n

    def restore(self, actor: str, doc_id: str, number: int, vectors: str = "background") -> Change:
        """Make kept version `number` the document again (a librarian or an admin); it becomes a new version."""
        with self.db.transaction() as s:
            user = require_user(s, actor)
            if not set(KEEPERS) & set(user.roles):
                raise StudioError("library_denied", name=user.name, action="restore", doc_id=doc_id)
            version = self._version(s, doc_id, number)
            record = s.get(LibraryDocument, doc_id)
            data = self._read_blob(version, restoring=True)
            existing = self.kb.store.get_document(doc_id)
            result = next(iter(ingest_sources([Source(version.source, lambda: data, len(data))], self.kb.store,
                                              self.settings, (), None, analyze=self.kb.retriever.chunk_terms_meta)))
            if result.error:
                raise StudioError(result.error_code, **result.error_params)
            info, text = self.kb.store.get_document(result.doc_id)
            record.removed_at, record.removed_by = None, None
            new = self._keep(s, record, info, version.source, data, user.name, "restored", record.marking,
                             tuple(record.personal_data or ()))
            change = Change(version.source, doc_id, "restored", result.chunks, result.lang, new,
                            text_diff(existing[1], text, doc_id) if existing is not None else "",
                            tuple(record.personal_data or ()), record.marking)
            audit.record(s, "doc_restore", user.name, doc_id=doc_id, version=new, from_version=number,
                         hash_before=existing[0].content_hash if existing is not None else None,
                         hash_after=info.content_hash)
        self.kb._after_ingest(vectors, None, None)
        return change

    # --- helpers ------------------------------------------------------------------------------------------
    def _check(self, text: str) -> tuple[str | None, tuple[str, ...]]:
        """The gate's confidentiality marking (the first one, as written) and the personal-data types found."""
        sample = text[:MAX_CHECK_CHARS]
        lang = detect_language(sample) if sample.strip() else "vi"
        findings = self.gate.findings(sample, lang if lang in {"vi", "en"} else "en")
        marks = [f for f in findings if f.type == CONFIDENTIAL_MARKING and f.severity in {"block", "warn"}]
        personal = sorted({f.type for f in findings if f.type in PII_TYPES and f.severity in {"block", "warn"}})
        return (marks[0].text.strip() if marks else None), tuple(personal)

    def _store_blob(self, doc_id: str, source: str, data: bytes, note: str = "") -> tuple[str, str]:
        sha = hashlib.sha256(data).hexdigest()
        suffix = PurePath(source).suffix.lower()
        if note == "snapshot" and suffix not in TEXT_KINDS:
            suffix = ".txt"  # the extracted text of a PDF/DOCX/HTML: kept for the diff, not restorable
        rel = f"{doc_id}/{sha[:32]}{suffix}"
        path = self.folder / rel
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(path.suffix + ".part")
            tmp.write_bytes(data)
            tmp.replace(path)
        return rel, sha

    def _read_blob(self, version: LibraryVersion, restoring: bool = False) -> bytes:
        path = self.folder / version.blob
        if not path.is_file() or (restoring and PurePath(version.blob).suffix != PurePath(version.source).suffix.lower()):
            raise StudioError("library_not_restorable", doc_id=version.doc_id, number=version.number)
        return path.read_bytes()

    def _version(self, s: Session, doc_id: str, number: int) -> LibraryVersion:
        version = s.scalars(select(LibraryVersion).where(LibraryVersion.doc_id == doc_id,
                                                         LibraryVersion.number == number)).first()
        if version is None:
            raise StudioError("library_version_unknown", doc_id=doc_id, number=number)
        return version

    def _adopt(self, s: Session, existing, record: LibraryDocument | None = None) -> LibraryDocument:
        """A document ingested before the library kept records: keep its extracted text as a version (as a
        `.md`/`.txt` it can be restored; other kinds are kept for the diff only)."""
        info, text = existing
        if record is None:
            record = LibraryDocument(doc_id=info.doc_id, source=info.source, title=info.title, added_by=None,
                                     updated_by=None, current_version=0, content_hash=info.content_hash,
                                     marking=None, personal_data=[])
            s.add(record)
            s.flush()
        self._keep(s, record, info, info.source, text.encode("utf-8"), None, "snapshot", record.marking,
                   tuple(record.personal_data or ()))
        return record

    def _keep(self, s: Session, record: LibraryDocument | None, info, source: str, data: bytes, actor,
              note: str, marking, personal) -> int:
        blob, sha = self._store_blob(info.doc_id, source, data, note)
        now = utcnow()
        if record is None:
            record = LibraryDocument(doc_id=info.doc_id, source=source, title=info.title, added_by=actor,
                                     added_at=now, current_version=0, content_hash=info.content_hash,
                                     personal_data=[])
            s.add(record)
            s.flush()
        number = (s.scalars(select(LibraryVersion.number).where(LibraryVersion.doc_id == info.doc_id)
                            .order_by(LibraryVersion.number.desc()).limit(1)).first() or 0) + 1
        s.add(LibraryVersion(doc_id=info.doc_id, number=number, source=source, content_hash=info.content_hash,
                             file_sha256=sha, blob=blob, note=note, created_by=actor, created_at=now))
        record.current_version, record.content_hash, record.source, record.title = number, info.content_hash, \
            source, info.title
        if note != "snapshot":
            record.updated_by, record.updated_at = actor, now
            record.marking, record.personal_data, record.removed_at, record.removed_by = marking, list(personal), \
                None, None
        s.flush()
        return number


def record_operator_ingest(db: Database, kb, results, before: dict[str, str]) -> int:
    """`studio ingest` is the server operator's tool and has no account: its changes still go into the audit
    trail, as the command line's, with the content hash before (`before`: doc id → hash) and after."""
    changed = [r for r in results if not r.error and r.status in ("added", "updated")]
    if not changed:
        return 0
    with db.transaction() as s:
        for r in changed:
            found = kb.store.get_document(r.doc_id)
            audit.record(s, "doc_replace" if r.doc_id in before else "doc_add", None, doc_id=r.doc_id,
                         source=r.source, hash_before=before.get(r.doc_id),
                         hash_after=found[0].content_hash if found else None, via="command line")
    return len(changed)
