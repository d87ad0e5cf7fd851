"""What an export bundle is made of, gathered from the database; the bundle itself is built by
`studio.publish` (which comes after the workflow, so it is handed in by the face as `build`).

Only an approved or published item is exported, and only its current (= approved) version; nothing is
written for anything else. A successful export is an audit event.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from studio.errors import StudioError
from studio.safety.findings import text_hash
from studio.workflow import audit
from studio.workflow.accounts import require_user
from studio.workflow.db import Database
from studio.workflow.items import current_version, load_item, require_passing_safety
from studio.workflow.media import MediaStore
from studio.workflow.models import Role, State
from studio.workflow.review import approval_of_current
from studio.workflow.states import state_error

EXPORTABLE = (State.approved.value, State.published.value)
EXPORT_ROLES = (Role.officer.value, Role.reviewer.value, Role.admin.value)


@dataclass(frozen=True)
class ExportMedia:
    name: str
    data: bytes
    kind: str
    alt: str


@dataclass(frozen=True)
class ExportSource:
    """Every field `studio.publish.bundle.ExportInput` needs except the app version."""

    item_id: int
    version: int
    format: str
    lang: str
    title: str
    content: dict
    text: str
    citations: list
    author: str
    reviewer: str
    approved_at: str
    composer: str
    model: str | None
    prompt_id: str
    prompt_version: int
    safety_report_sha256: str
    safety_verdict: str
    media: list[ExportMedia] = field(default_factory=list)


def export_source(session: Session, actor: str, item_id: int, media: MediaStore) -> ExportSource:
    """The approved version of an item with its provenance; refuses an item that is not approved or published."""
    require_user(session, actor, *EXPORT_ROLES)
    item = load_item(session, item_id)
    if item.state not in EXPORTABLE:
        raise state_error(item.id, "export", item.state)
    version = current_version(session, item)
    approval = approval_of_current(session, item)
    if approval is None:
        raise StudioError("approval_required", item_id=item.id, version=version.number)
    report = require_passing_safety(item, version)
    return ExportSource(
        item_id=item.id, version=version.number, format=item.format, lang=item.lang, title=item.title,
        content=dict(version.content), text=version.text, citations=list(version.citations),
        author=item.author.name, reviewer=approval.reviewer.name,
        approved_at=approval.created_at.isoformat(timespec="seconds"), composer=version.composer,
        model=version.model, prompt_id=version.prompt_id, prompt_version=version.prompt_version,
        safety_report_sha256=text_hash(audit.canonical(report)), safety_verdict=report["verdict"],
        media=[ExportMedia(m["name"], media.read(m["sha256"]), m["kind"], m.get("alt", "")) for m in version.media])


def export_item(db: Database, actor: str, item_id: int, out_path: Path, media: MediaStore,
                build: Callable[[ExportSource, Path], object]) -> object:
    """Gather, build the bundle with `build(source, out_path)`, record the export; returns what `build` returned.
    A refusal happens before anything is written; if building or recording fails, no new file is left behind."""
    out_path = Path(out_path)
    existed, building = out_path.exists(), False
    try:
        with db.transaction() as session:
            source = export_source(session, actor, item_id, media)
            building = True
            result = build(source, out_path)
            audit.record(session, "export", actor, source.item_id, source.version, file=out_path.name,
                         bundle_sha256=_sha256_file(out_path), reviewer=source.reviewer)
    except BaseException:
        if building and not existed:
            out_path.unlink(missing_ok=True)
        raise
    return result


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
