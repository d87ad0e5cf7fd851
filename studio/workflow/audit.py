"""The audit trail: append-only events, each hashing its own fields and its predecessor's hash.

Events are written by the core functions in the same transaction as the change they record. `verify()`
recomputes the chain and names the first broken link; the head row (newest number and hash) makes cutting
events off the end visible too. Triggers refuse UPDATE and DELETE, so tampering needs deliberate effort
and is then found by `verify()`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from studio.errors import MESSAGES
from studio.workflow.models import AuditEvent, AuditHead, utcnow

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    actor: str | None
    action: str
    item_id: int | None
    version: int | None
    data: dict
    prev_hash: str
    hash: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Verification:
    ok: bool
    events: int
    head_hash: str
    broken_seq: int | None = None
    code: str | None = None  # a MESSAGES code describing the first problem
    params: dict = field(default_factory=dict)

    def message(self, lang: str = "vi") -> str:
        if self.ok:
            return MESSAGES["audit_ok"][lang].format(events=self.events, head=self.head_hash[:16])
        return MESSAGES[self.code][lang].format(**self.params)

    def to_dict(self) -> dict:
        return {"ok": self.ok, "events": self.events, "head_hash": self.head_hash, "broken_seq": self.broken_seq,
                "problem": self.code, "message_vi": self.message("vi"), "message_en": self.message("en")}


def canonical(fields: dict) -> str:
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def event_hash(event: AuditEvent) -> str:
    fields = {"seq": event.seq, "at": event.at, "actor": event.actor, "action": event.action,
              "item_id": event.item_id, "version": event.version, "data": event.data, "prev_hash": event.prev_hash}
    return hashlib.sha256(canonical(fields).encode("utf-8")).hexdigest()


def record(session: Session, action: str, actor: str | None, item_id: int | None = None,
           version: int | None = None, **data) -> AuditEntry:
    """Append one event to the chain (call inside the write transaction of the change it records)."""
    last = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).first()
    event = AuditEvent(seq=(last.seq + 1) if last else 1, at=utcnow().isoformat(timespec="microseconds"),
                       actor=actor, action=action, item_id=item_id, version=version,
                       data=json.loads(canonical(data)), prev_hash=last.hash if last else GENESIS)
    event.hash = event_hash(event)
    session.add(event)
    head = session.get(AuditHead, 1)
    if head is None:
        session.add(AuditHead(id=1, seq=event.seq, hash=event.hash))
    else:
        head.seq, head.hash = event.seq, event.hash
    session.flush()
    return _entry(event)


def verify(session: Session) -> Verification:
    """OK, or the first broken link: a missing event, a changed event, a re-linked event, a cut-off end."""
    expected_seq, prev = 1, GENESIS
    rows = session.execute(select(AuditEvent).order_by(AuditEvent.seq).execution_options(yield_per=500)).scalars()
    for event in rows:
        if event.seq != expected_seq:
            return _broken(expected_seq - 1, prev, expected_seq, "audit_event_missing", seq=expected_seq)
        if event.prev_hash != prev:
            return _broken(expected_seq - 1, prev, event.seq, "audit_chain_broken", seq=event.seq,
                           previous=event.seq - 1)
        if event_hash(event) != event.hash:
            return _broken(expected_seq - 1, prev, event.seq, "audit_event_altered", seq=event.seq)
        prev, expected_seq = event.hash, expected_seq + 1
    count = expected_seq - 1
    head = session.get(AuditHead, 1)
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    if (head_seq, head_hash) != (count, prev):
        return _broken(count, prev, count + 1, "audit_chain_truncated", seq=count, head=head_seq)
    return Verification(True, count, prev)


def _broken(events: int, last_hash: str, broken: int, code: str, **params) -> Verification:
    return Verification(False, events, last_hash, broken_seq=broken, code=code, params=params)


def list_events(session: Session, item_id: int | None = None, limit: int | None = None) -> list[AuditEntry]:
    """Events in order (oldest first); with `item_id` only that item's; with `limit` the newest `limit`."""
    query = select(AuditEvent)
    if item_id is not None:
        query = query.where(AuditEvent.item_id == item_id)
    if limit:
        rows = session.scalars(query.order_by(AuditEvent.seq.desc()).limit(limit)).all()[::-1]
    else:
        rows = session.scalars(query.order_by(AuditEvent.seq)).all()
    return [_entry(e) for e in rows]


def _entry(e: AuditEvent) -> AuditEntry:
    return AuditEntry(e.seq, e.at, e.actor, e.action, e.item_id, e.version, dict(e.data), e.prev_hash, e.hash)
