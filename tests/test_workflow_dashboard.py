"""The Home page's core function: my items and their states, my review queue (four eyes), recent activity
(mine, or everything for admins) — on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from studio.errors import StudioError
from studio.workflow import accounts, items, review
from studio.workflow.dashboard import dashboard, review_queue_count
from tests.workflow_helpers import cheap_argon2, db, db_url, gate, make_draft, people  # noqa: F401


def act(db, fn, *args):
    with db.transaction() as s:
        return fn(s, *args)


def create(db, author: str, text: str | None = None) -> int:
    with db.transaction() as s:
        return items.create_item(s, author, make_draft(text) if text else make_draft()).id


def submit(db, gate, author: str, item_id: int) -> None:
    with db.transaction() as s:
        items.check_item(s, item_id, gate, author)
    act(db, review.submit_item, author, item_id)


@pytest.fixture
def studio(people, gate):
    """lan: item 1 (draft), item 2 (in review); hoa (officer+reviewer): item 3 (in review); minh approved
    nothing yet."""
    first = create(people, "lan")
    second = create(people, "lan")
    submit(people, gate, "lan", second)
    third = create(people, "hoa")
    submit(people, gate, "hoa", third)
    return people, (first, second, third)


def test_my_items_are_mine_only_newest_first_with_state_counts(studio):
    db, (first, second, third) = studio
    board = db.read(dashboard, "lan")
    assert [i.id for i in board.my_items] == [second, first]
    assert {i.author for i in board.my_items} == {"lan"}
    assert board.state_counts == {"draft": 1, "in_review": 1}
    assert board.review_queue is None  # lan is not a reviewer


def test_the_review_queue_leaves_out_items_the_reviewer_wrote(studio):
    """GIVEN two items in review, one written by hoa (officer and reviewer) WHEN the queues are counted
    THEN minh and tuan see both, hoa only lan's (four eyes)."""
    db, _ = studio
    assert db.read(dashboard, "minh").review_queue == 2
    assert db.read(dashboard, "hoa").review_queue == 1
    assert db.read(review_queue_count, "tuan") == 2


def test_a_decided_item_leaves_the_queue(studio):
    db, (_, second, _) = studio
    act(db, review.approve_item, "minh", second)
    assert db.read(dashboard, "tuan").review_queue == 1


def test_recent_activity_shows_my_items_and_my_actions_and_admins_see_everything(studio):
    db, (first, second, third) = studio
    act(db, review.approve_item, "minh", third)
    lan = db.read(dashboard, "lan")
    assert lan.activity_scope == "mine"
    assert {a.item_id for a in lan.activity} == {first, second}  # not hoa's item
    assert [a.seq for a in lan.activity] == sorted((a.seq for a in lan.activity), reverse=True)
    assert ("submit", second) in {(a.action, a.item_id) for a in lan.activity}
    assert lan.activity[0].item_title  # titles come with the events

    minh = db.read(dashboard, "minh")  # a reviewer: no items of his own, his decision on hoa's item
    assert [(a.action, a.item_id) for a in minh.activity] == [("approve", third)]

    admin = db.read(dashboard, "admin", 100)
    assert admin.activity_scope == "all"
    actions = {a.action for a in admin.activity}
    assert {"user_add", "item_create", "submit", "approve"} <= actions
    assert len(db.read(dashboard, "admin", 3).activity) == 3


def test_roles_come_from_the_database_and_a_disabled_user_is_refused(studio):
    db, _ = studio
    act(db, accounts.set_roles, "admin", "minh", ["officer"])
    assert db.read(dashboard, "minh").review_queue is None
    act(db, accounts.disable_user, "admin", "minh")
    with pytest.raises(StudioError) as err:
        db.read(dashboard, "minh")
    assert err.value.code == "user_disabled"
