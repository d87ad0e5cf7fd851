"""Rules of review enforced in the core functions: four eyes, safety report on the exact current text,
approval of the current version before publishing, only the author edits and submits — on both databases."""

from __future__ import annotations

import pytest

from studio.errors import StudioError
from studio.workflow import accounts, audit, items, review
from tests.workflow_helpers import (  # noqa: F401
    BLOCK_TEXT,
    WARN_TEXT,
    cheap_argon2,
    db,
    db_url,
    gate,
    make_draft,
    people,
)


def create(db, text=None, author="lan") -> int:
    with db.transaction() as s:
        return items.create_item(s, author, make_draft(text) if text else make_draft()).id


def check(db, gate, item_id, actor="lan") -> dict:
    with db.transaction() as s:
        return items.check_item(s, item_id, gate, actor)


def act(db, fn, *args, **kwargs):
    with db.transaction() as s:
        return fn(s, *args, **kwargs)


def refused(db, fn, *args, **kwargs) -> StudioError:
    with pytest.raises(StudioError) as err:
        act(db, fn, *args, **kwargs)
    return err.value


def test_reviewer_who_is_also_the_author_cannot_approve_or_send_back_own_item(people, gate):
    """GIVEN hoa holds officer and reviewer and wrote the item WHEN hoa approves or requests changes
    THEN both are refused (four eyes) and the item stays in review; another reviewer can approve."""
    item_id = create(people, author="hoa")
    check(people, gate, item_id, "hoa")
    act(people, review.submit_item, "hoa", item_id)
    assert refused(people, review.approve_item, "hoa", item_id).code == "four_eyes"
    assert refused(people, review.request_changes, "hoa", item_id, "tự sửa").code == "four_eyes"
    with people.session() as s:
        assert items.get_item(s, item_id).state == "in_review"
        assert items.get_item(s, item_id).reviews == []
    assert act(people, review.approve_item, "minh", item_id).state == "approved"


def test_four_eyes_counts_every_version_not_only_the_item_author(people, gate):
    """GIVEN a version written by hoa on lan's item (e.g. before a hand-over) WHEN hoa reviews THEN refused."""
    item_id = create(people)
    with people.transaction() as s:
        from studio.workflow.models import Item

        item = s.get(Item, item_id)
        item.author_id = accounts.find_user(s, "hoa").id  # hoa takes over and writes version 2
    act(people, items.edit_item, "hoa", item_id, {"text": "Bản của Hoa về năm 2025. [S1]"}, 1)
    with people.transaction() as s:
        s.get(Item, item_id).author_id = accounts.find_user(s, "lan").id  # back to lan
    check(people, gate, item_id)
    act(people, review.submit_item, "lan", item_id)
    assert refused(people, review.approve_item, "hoa", item_id).code == "four_eyes"
    assert act(people, review.approve_item, "minh", item_id).state == "approved"


def test_submit_needs_a_check_on_the_current_text(people, gate):
    item_id = create(people)
    err = refused(people, review.submit_item, "lan", item_id)
    assert err.code == "safety_not_checked"
    check(people, gate, item_id)
    act(people, items.edit_item, "lan", item_id, {"text": "Nội dung mới năm 2025. [S1]"}, 1)
    assert refused(people, review.submit_item, "lan", item_id).code == "safety_not_checked"  # checked v1, not v2
    check(people, gate, item_id)
    assert act(people, review.submit_item, "lan", item_id).state == "in_review"


@pytest.mark.parametrize("where", ["column", "report"])
def test_a_stored_report_for_other_text_does_not_count(people, gate, where):
    """GIVEN a report that is not for the version's text (hash changed in the column or inside the report, e.g. by a
    script) THEN submit refuses."""
    item_id = create(people)
    check(people, gate, item_id)
    with people.transaction() as s:
        from studio.workflow.models import Version

        version = s.query(Version).filter_by(item_id=item_id).one()
        if where == "column":
            version.safety_text_hash = "0" * 64
        else:
            version.safety_report = {**version.safety_report, "text_hash": "0" * 64}
    assert refused(people, review.submit_item, "lan", item_id).code == "safety_not_checked"


def test_blocking_findings_stop_submit_and_cannot_be_accepted(people, gate):
    item_id = create(people, BLOCK_TEXT)
    report = check(people, gate, item_id)
    assert report["verdict"] == "block"
    index = next(i for i, f in enumerate(report["findings"]) if f["type"] == "PHONE_NUMBER")
    err = refused(people, review.submit_item, "lan", item_id)
    assert err.code == "safety_blocked" and "PHONE_NUMBER" in err.message("en")
    assert refused(people, items.accept_safety_warning, "lan", item_id, index, "cần").code == "warning_not_acceptable"


def test_warnings_do_not_block_and_an_acceptance_is_kept_and_audited(people, gate):
    """GIVEN a text naming a person who is not in the source (two warnings: PERSON, UNSUPPORTED_CLAIM)
    WHEN each is accepted with a reason THEN the verdict turns to pass only after the last one, and re-checking
    the same text keeps the acceptances."""
    item_id = create(people, WARN_TEXT)
    report = check(people, gate, item_id)
    assert report["verdict"] == "warn"
    warnings = {f["type"]: i for i, f in enumerate(report["findings"]) if f["severity"] == "warn"}
    assert set(warnings) == {"PERSON", "UNSUPPORTED_CLAIM"}
    assert refused(people, items.accept_safety_warning, "lan", item_id, warnings["PERSON"], "  ").code == \
        "reason_required"
    assert refused(people, items.accept_safety_warning, "lan", item_id, 9, "lý do").code == "finding_not_found"
    first = act(people, items.accept_safety_warning, "lan", item_id, warnings["PERSON"], "Người này đã đồng ý")
    assert first["verdict"] == "warn"
    second = act(people, items.accept_safety_warning, "minh", item_id, warnings["UNSUPPORTED_CLAIM"],
                 "Đã xác minh với văn phòng")
    assert second["verdict"] == "pass"
    assert second["accepted"] == [
        {"index": warnings["PERSON"], "type": "PERSON", "reason": "Người này đã đồng ý", "by": "lan"},
        {"index": warnings["UNSUPPORTED_CLAIM"], "type": "UNSUPPORTED_CLAIM", "reason": "Đã xác minh với văn phòng",
         "by": "minh"}]
    again = check(people, gate, item_id)
    assert again["verdict"] == "pass" and len(again["accepted"]) == 2
    with people.session() as s:
        events = [e for e in audit.list_events(s, item_id) if e.action == "safety_accept"]
    assert [(e.actor, e.data["type"]) for e in events] == [("lan", "PERSON"), ("minh", "UNSUPPORTED_CLAIM")]
    assert act(people, review.submit_item, "lan", item_id).state == "in_review"


def test_unaccepted_warnings_still_allow_submit(people, gate):
    item_id = create(people, WARN_TEXT)
    assert check(people, gate, item_id)["verdict"] == "warn"
    assert act(people, review.submit_item, "lan", item_id).state == "in_review"


def test_publish_needs_an_approval_of_the_current_version(people, gate):
    """GIVEN v1 approved WHEN the author edits (→ draft, v2), checks, submits and v2 is sent back and resubmitted
    THEN publish is impossible until v2 itself is approved."""
    item_id = create(people)
    check(people, gate, item_id)
    act(people, review.submit_item, "lan", item_id)
    act(people, review.approve_item, "minh", item_id)
    edited = act(people, items.edit_item, "lan", item_id, {"text": "Bản 2 năm 2025. [S1]"}, 1)
    assert (edited.state, edited.current_version) == ("draft", 2)
    with people.session() as s:
        from studio.workflow.models import Item

        assert review.approval_of_current(s, s.get(Item, item_id)) is None
    check(people, gate, item_id)
    act(people, review.submit_item, "lan", item_id)
    # a script that forces the state to approved without a decision on v2 still cannot publish
    with people.transaction() as s:
        s.get(Item, item_id).state = "approved"
    assert refused(people, review.publish_item, "lan", item_id).code == "approval_required"
    with people.transaction() as s:
        s.get(Item, item_id).state = "in_review"
    act(people, review.approve_item, "tuan", item_id, "Được")
    published = act(people, review.publish_item, "lan", item_id)
    assert published.state == "published"
    with people.session() as s:
        event = audit.list_events(s, item_id)[-1]
    assert event.action == "publish" and event.data["reviewer"] == "tuan" and event.version == 2


def test_publish_rechecks_the_safety_report(people, gate):
    """GIVEN an approved item whose report is re-run and now blocks (e.g. a stricter policy) THEN no publish."""
    item_id = create(people)
    check(people, gate, item_id)
    act(people, review.submit_item, "lan", item_id)
    act(people, review.approve_item, "minh", item_id)
    with people.transaction() as s:
        from studio.workflow.models import Version

        version = s.query(Version).filter_by(item_id=item_id).one()
        version.safety_report = {**version.safety_report, "verdict": "block",
                                 "findings": [{"type": "CONFIDENTIAL_MARKING", "severity": "block"}]}
    assert refused(people, review.publish_item, "lan", item_id).code == "safety_blocked"


def test_only_the_author_edits_and_submits(people, gate):
    item_id = create(people)
    err = refused(people, items.edit_item, "hoa", item_id, {"text": "Sửa hộ năm 2025. [S1]"}, 1)
    assert err.code == "not_author" and "lan" in err.message("vi")
    check(people, gate, item_id)
    assert refused(people, review.submit_item, "hoa", item_id).code == "not_author"


@pytest.mark.parametrize("fn,args,actor", [
    (items.create_item, (make_draft(),), "minh"),                   # reviewers don't create
    (review.approve_item, (None,), "lan"),                           # officers don't approve
    (accounts.add_user, ("x1", ["officer"]), "lan"),                 # officers don't manage accounts
    (accounts.disable_user, ("minh",), "minh"),
])
def test_roles_are_checked_in_the_core(people, gate, fn, args, actor):
    if fn is review.approve_item:
        item_id = create(people)
        check(people, gate, item_id)
        act(people, review.submit_item, "lan", item_id)
        args = (item_id,)
    assert refused(people, fn, actor, *args).code == "role_required"


def test_disabled_users_cannot_act(people, gate):
    item_id = create(people)
    check(people, gate, item_id)
    act(people, review.submit_item, "lan", item_id)
    act(people, accounts.disable_user, "admin", "minh")
    assert refused(people, review.approve_item, "minh", item_id).code == "user_disabled"
    act(people, accounts.disable_user, "admin", "lan")
    assert refused(people, items.create_item, "lan", make_draft()).code == "user_disabled"
    assert refused(people, items.create_item, "nobody", make_draft()).code == "user_unknown"


def test_withdraw_by_a_foreign_officer_is_refused_but_a_reviewer_may(people, gate):
    item_id = create(people)
    with people.transaction() as s:
        accounts.add_user(s, "admin", "binh", ["officer"], "mật-khẩu-đủ-dài-2")
    assert refused(people, review.withdraw_item, "binh", item_id).code == "not_author"
    assert act(people, review.withdraw_item, "minh", item_id, "trùng bài").state == "withdrawn"


def test_request_changes_comment_stays_with_the_item(people, gate):
    item_id = create(people)
    check(people, gate, item_id)
    act(people, review.submit_item, "lan", item_id)
    detail = act(people, review.request_changes, "minh", item_id, "Thêm nguồn cho con số")
    assert detail.state == "changes_requested"
    assert [(r.reviewer, r.decision, r.version, r.comment) for r in detail.reviews] == \
        [("minh", "changes_requested", 1, "Thêm nguồn cho con số")]
    assert [(c.author, c.body, c.version) for c in detail.comments] == [("minh", "Thêm nguồn cho con số", 1)]
