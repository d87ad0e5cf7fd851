"""The audit trail: written with every change, refused UPDATE/DELETE by the database, and tampering that gets
past the triggers (raw SQL after dropping them) found by verify() — on SQLite and PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from studio.workflow import accounts, audit, items, review
from tests.workflow_helpers import PASSWORD, cheap_argon2, db, db_url, gate, make_draft, people  # noqa: F401


def drop_triggers(db) -> None:
    with db.engine.begin() as conn:
        if db.dialect == "postgresql":
            conn.execute(text("DROP TRIGGER audit_events_append_only ON audit_events"))
        else:
            conn.execute(text("DROP TRIGGER audit_events_no_update"))
            conn.execute(text("DROP TRIGGER audit_events_no_delete"))


def flow(db, gate) -> int:
    with db.transaction() as s:
        item_id = items.create_item(s, "lan", make_draft()).id
    with db.transaction() as s:
        items.check_item(s, item_id, gate, "lan")
    with db.transaction() as s:
        review.submit_item(s, "lan", item_id)
    with db.transaction() as s:
        review.approve_item(s, "minh", item_id)
    with db.transaction() as s:
        review.publish_item(s, "lan", item_id)
    return item_id


def verify(db) -> audit.Verification:
    with db.session() as s:
        return audit.verify(s)


def test_every_step_writes_a_chained_event(people, gate):
    item_id = flow(people, gate)
    with people.session() as s:
        events = audit.list_events(s, item_id)
        everything = audit.list_events(s)
    assert [(e.action, e.actor) for e in events] == [("item_create", "lan"), ("safety_check", "lan"),
                                                      ("submit", "lan"), ("approve", "minh"), ("publish", "lan")]
    assert [e.seq for e in everything] == list(range(1, len(everything) + 1))
    assert all(b.prev_hash == a.hash for a, b in zip(everything, everything[1:]))
    assert everything[0].prev_hash == audit.GENESIS
    result = verify(people)
    assert result.ok and result.events == len(everything) and result.head_hash == everything[-1].hash
    assert result.message("en").startswith(f"Audit trail intact: {len(everything)} events")


def test_the_database_refuses_update_and_delete_of_events(people):
    for sql in ("UPDATE audit_events SET actor = 'mallory' WHERE seq = 2", "DELETE FROM audit_events WHERE seq = 2"):
        with pytest.raises(DBAPIError, match="append-only"), people.engine.begin() as conn:
            conn.execute(text(sql))
    assert verify(people).ok


def test_an_update_through_raw_sql_is_found(people, gate):
    """GIVEN a flow WHEN someone drops the triggers and rewrites who approved THEN verify names that event."""
    item_id = flow(people, gate)
    with people.session() as s:
        approve = next(e for e in audit.list_events(s, item_id) if e.action == "approve")
    drop_triggers(people)
    with people.engine.begin() as conn:
        conn.execute(text("UPDATE audit_events SET actor = 'lan' WHERE seq = :seq"), {"seq": approve.seq})
    result = verify(people)
    assert not result.ok and result.broken_seq == approve.seq and result.code == "audit_event_altered"
    assert result.message("vi") == f"Nhật ký kiểm toán bị sửa: nội dung sự kiện số {approve.seq} đã bị thay đổi sau khi ghi."


def test_an_update_that_also_rewrites_the_hash_breaks_the_next_link(people, gate):
    flow(people, gate)
    drop_triggers(people)
    with people.session() as s:
        target = audit.list_events(s)[3]
    forged = audit.AuditEvent(seq=target.seq, at=target.at, actor="mallory", action=target.action,
                              item_id=target.item_id, version=target.version, data=target.data,
                              prev_hash=target.prev_hash)
    with people.engine.begin() as conn:
        conn.execute(text("UPDATE audit_events SET actor = 'mallory', hash = :h WHERE seq = :seq"),
                     {"h": audit.event_hash(forged), "seq": target.seq})
    result = verify(people)
    assert not result.ok and result.code == "audit_chain_broken" and result.broken_seq == target.seq + 1


def test_a_delete_in_the_middle_is_found(people, gate):
    flow(people, gate)
    drop_triggers(people)
    with people.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_events WHERE seq = 4"))
    result = verify(people)
    assert not result.ok and result.code == "audit_event_missing" and result.broken_seq == 4


def test_a_delete_at_the_end_is_found_by_the_head(people, gate):
    flow(people, gate)
    drop_triggers(people)
    with people.session() as s:
        last = audit.list_events(s)[-1].seq
    with people.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_events WHERE seq = :seq"), {"seq": last})
    result = verify(people)
    assert not result.ok and result.code == "audit_chain_truncated" and result.params == {"seq": last - 1,
                                                                                          "head": last}


def test_renumbering_after_a_delete_is_found(people, gate):
    """GIVEN the attacker deletes event 3 and renumbers the rest THEN the link from 3 (old 4) to 2 is broken."""
    flow(people, gate)
    drop_triggers(people)
    with people.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_events WHERE seq = 3"))
        rows = conn.execute(text("SELECT seq FROM audit_events WHERE seq > 3 ORDER BY seq")).scalars().all()
        for seq in rows:
            conn.execute(text("UPDATE audit_events SET seq = :new WHERE seq = :old"), {"new": seq - 1, "old": seq})
    result = verify(people)
    assert not result.ok and result.broken_seq == 3 and result.code == "audit_chain_broken"


def test_list_filters_by_item(people, gate):
    first, second = flow(people, gate), flow(people, gate)
    with people.session() as s:
        assert {e.item_id for e in audit.list_events(s, first)} == {first}
        assert {e.item_id for e in audit.list_events(s, second)} == {second}
        assert len(audit.list_events(s, limit=3)) == 3
        assert audit.list_events(s, limit=3)[-1] == audit.list_events(s)[-1]


def test_concurrent_writers_keep_one_chain(people):
    """GIVEN four threads adding accounts at once THEN every event links to the one before it."""
    errors = []

    def add(n: int) -> None:
        try:
            for k in range(3):
                with people.transaction() as s:
                    accounts.add_user(s, "admin", f"u{n}_{k}", ["officer"], PASSWORD)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    result = verify(people)
    with people.session() as s:
        assert sum(e.action == "user_add" for e in audit.list_events(s)) == 4 + 1 + 12  # people + threads
    assert result.ok, result.message("en")
