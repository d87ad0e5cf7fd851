"""The review state machine, exhaustively: every action from every state, allowed or refused, on SQLite and
PostgreSQL. The expected table is written out here from the issue, independently of studio.workflow.states."""

from __future__ import annotations

import pytest

from studio.errors import StudioError
from studio.workflow import audit, items, review
from studio.workflow.states import TRANSITIONS, Action
from tests.workflow_helpers import cheap_argon2, db, db_url, gate, make_draft, people  # noqa: F401

D, R, C, A, P, W = "draft", "in_review", "changes_requested", "approved", "published", "withdrawn"
STATES = (D, R, C, A, P, W)
EXPECTED = {  # action → {from: to}; everything else is refused
    "edit": {D: D, C: C, R: D, A: D},
    "submit": {D: R, C: R},
    "approve": {R: A},
    "request_changes": {R: C},
    "publish": {A: P},
    "withdraw": {D: W, R: W, C: W, A: W, P: W},
}


def test_the_table_in_the_code_is_the_table_of_the_issue():
    assert {a.value: {s.value: t.value for s, t in moves.items()} for a, moves in TRANSITIONS.items()} == EXPECTED


def _run(db, gate, action: str, item_id: int):
    with db.transaction() as s:
        if action == "edit":
            current = items.get_item(s, item_id).current_version
            return items.edit_item(s, "lan", item_id, {"text": f"Bản sửa {current + 1}: phong trào năm 2025. [S1]"},
                                   current)
        if action == "submit":
            return review.submit_item(s, "lan", item_id)
        if action == "approve":
            return review.approve_item(s, "minh", item_id, "Tốt")
        if action == "request_changes":
            return review.request_changes(s, "minh", item_id, "Cần thêm số liệu")
        if action == "publish":
            return review.publish_item(s, "lan", item_id)
        if action == "withdraw":
            return review.withdraw_item(s, "lan", item_id, "không dùng nữa")
    raise AssertionError(action)


def _check(db, gate, item_id):
    with db.transaction() as s:
        assert items.check_item(s, item_id, gate, "lan")["verdict"] == "pass"


def bring_to(db, gate, state: str) -> int:
    """An item taken to `state` along the legal path, its current version checked."""
    with db.transaction() as s:
        item_id = items.create_item(s, "lan", make_draft()).id
    _check(db, gate, item_id)
    path = {D: [], R: ["submit"], C: ["submit", "request_changes"], A: ["submit", "approve"],
            P: ["submit", "approve", "publish"], W: ["withdraw"]}[state]
    for action in path:
        _run(db, gate, action, item_id)
    with db.session() as s:
        assert items.get_item(s, item_id).state == state
    return item_id


@pytest.mark.parametrize("action", list(EXPECTED))
@pytest.mark.parametrize("state", STATES)
def test_every_action_from_every_state(people, gate, state, action):
    db = people
    item_id = bring_to(db, gate, state)
    with db.session() as s:
        before = items.get_item(s, item_id)
        events_before = audit.list_events(s)
    target = EXPECTED[action].get(state)
    if target is None:
        with pytest.raises(StudioError) as err:
            _run(db, gate, action, item_id)
        assert err.value.code == "action_not_allowed", err.value
        with db.session() as s:
            after = items.get_item(s, item_id)
            assert (after.state, after.current_version) == (before.state, before.current_version)
            assert audit.list_events(s) == events_before  # a refusal leaves no trace but the refusal
    else:
        result = _run(db, gate, action, item_id)
        assert result.state == target
        with db.session() as s:
            assert items.get_item(s, item_id).state == target
            last = audit.list_events(s)[-1]
        assert last.action == {"edit": "item_edit"}.get(action, action)
        assert (last.data["from_state"], last.data["to_state"]) == (state, target)
        assert last.item_id == item_id
        if action == "edit":
            assert result.current_version == before.current_version + 1
        else:
            assert result.current_version == before.current_version


def test_the_messages_name_the_action_and_state_in_both_languages(people, gate):
    item_id = bring_to(people, gate, P)
    with pytest.raises(StudioError) as err:
        _run(people, gate, "edit", item_id)
    assert err.value.message("vi") == f"Không thể sửa mục #{item_id} khi mục đang ở trạng thái “đã đăng”."
    assert err.value.message("en") == f"Cannot edit item #{item_id} while it is published."


def test_actions_are_all_covered():
    assert {a.value for a in Action} == set(EXPECTED)
