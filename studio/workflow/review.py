"""Moving an item through review: submit, approve, request changes, publish, withdraw; comments.

The rules live here, not in a face: the author submits; a reviewer who wrote no version of the item decides
(four eyes, even when one person holds both roles); submit, approve and publish need a non-blocking safety
report on the current version's exact text; publish needs an approval of the current version.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from studio.errors import StudioError
from studio.workflow import audit
from studio.workflow.accounts import require_user
from studio.workflow.items import (
    CONTENT_ROLES,
    CommentInfo,
    ItemDetail,
    comment_info,
    current_version,
    get_item,
    load_item,
    require_passing_safety,
    version_of,
)
from studio.workflow.models import Comment, Decision, Item, Review, Role, Version, utcnow
from studio.workflow.states import ACTION_ROLES, Action, next_state


def _move(session: Session, item: Item, action: Action, actor: str, **data) -> None:
    before = item.state
    item.state = next_state(item.id, action, item.state).value
    item.updated_at = utcnow()
    session.flush()
    audit.record(session, action.value, actor, item.id, item.current_version, from_state=before,
                 to_state=item.state, **data)


def submit_item(session: Session, actor: str, item_id: int) -> ItemDetail:
    """The author sends the current version to review; it must have passed the safety check as it is now."""
    user = require_user(session, actor, *ACTION_ROLES[Action.submit])
    item = load_item(session, item_id)
    next_state(item.id, Action.submit, item.state)
    if item.author_id != user.id:
        raise StudioError("not_author", item_id=item.id, author=item.author.name, name=user.name)
    version = current_version(session, item)
    report = require_passing_safety(item, version)
    _move(session, item, Action.submit, user.name, verdict=report["verdict"], text_hash=version.text_hash)
    return get_item(session, item.id)


def _authors(session: Session, item: Item) -> set[int]:
    return {item.author_id} | set(session.scalars(select(Version.created_by).where(Version.item_id == item.id)))


def _decide(session: Session, actor: str, item_id: int, action: Action, decision: Decision,
            comment: str | None) -> ItemDetail:
    user = require_user(session, actor, *ACTION_ROLES[action])
    item = load_item(session, item_id)
    next_state(item.id, action, item.state)
    if user.id in _authors(session, item):
        raise StudioError("four_eyes", name=user.name, item_id=item.id)
    version = current_version(session, item)
    if action is Action.approve:
        require_passing_safety(item, version)
    comment = (comment or "").strip() or None
    session.add(Review(item_id=item.id, version_id=version.id, reviewer_id=user.id, decision=decision.value,
                       comment=comment))
    if comment:
        session.add(Comment(item_id=item.id, version_id=version.id, author_id=user.id, body=comment))
    _move(session, item, action, user.name, text_hash=version.text_hash, comment=comment)
    return get_item(session, item.id)


def approve_item(session: Session, actor: str, item_id: int, comment: str | None = None) -> ItemDetail:
    """A reviewer who wrote no version of the item approves its current version."""
    return _decide(session, actor, item_id, Action.approve, Decision.approved, comment)


def request_changes(session: Session, actor: str, item_id: int, comment: str | None = None) -> ItemDetail:
    """A reviewer who wrote no version of the item sends it back to its author."""
    return _decide(session, actor, item_id, Action.request_changes, Decision.changes_requested, comment)


def approval_of_current(session: Session, item: Item) -> Review | None:
    """The latest decision on the current version, if it is an approval."""
    version = current_version(session, item)
    latest = session.scalars(select(Review).where(Review.version_id == version.id)
                             .order_by(Review.id.desc()).limit(1)).first()
    return latest if latest is not None and latest.decision == Decision.approved.value else None


def publish_item(session: Session, actor: str, item_id: int) -> ItemDetail:
    """Publish the approved current version (safety report on its exact text, approval of that version)."""
    user = require_user(session, actor, *ACTION_ROLES[Action.publish])
    item = load_item(session, item_id)
    next_state(item.id, Action.publish, item.state)
    version = current_version(session, item)
    approval = approval_of_current(session, item)
    if approval is None:
        raise StudioError("approval_required", item_id=item.id, version=version.number)
    report = require_passing_safety(item, version)
    _move(session, item, Action.publish, user.name, reviewer=approval.reviewer.name,
          approved_at=approval.created_at.isoformat(timespec="seconds"), verdict=report["verdict"],
          text_hash=version.text_hash)
    return get_item(session, item.id)


def withdraw_item(session: Session, actor: str, item_id: int, reason: str | None = None) -> ItemDetail:
    """Take an item out of the workflow for good: its author, a reviewer or an admin."""
    user = require_user(session, actor, *ACTION_ROLES[Action.withdraw])
    item = load_item(session, item_id)
    next_state(item.id, Action.withdraw, item.state)
    if set(user.roles) & set(ACTION_ROLES[Action.withdraw]) == {Role.officer.value} and item.author_id != user.id:
        raise StudioError("not_author", item_id=item.id, author=item.author.name, name=user.name)
    _move(session, item, Action.withdraw, user.name, reason=(reason or "").strip() or None)
    return get_item(session, item.id)


def add_comment(session: Session, actor: str, item_id: int, body: str, version: int | None = None,
                start: int | None = None, end: int | None = None) -> CommentInfo:
    """A comment on a version (default: the current one), optionally on the span [start, end) of its text."""
    user = require_user(session, actor, *CONTENT_ROLES)
    item = load_item(session, item_id)
    target = version_of(session, item, version or item.current_version)
    body = (body or "").strip()
    if not body:
        raise StudioError("comment_empty")
    quote = None
    if start is not None or end is not None:
        if start is None or end is None or not 0 <= start < end <= len(target.text):
            raise StudioError("comment_span_invalid", start=start, end=end, length=len(target.text))
        quote = target.text[start:end]
    comment = Comment(item_id=item.id, version_id=target.id, author_id=user.id, body=body, span_start=start,
                      span_end=end, quote=quote)
    session.add(comment)
    session.flush()
    audit.record(session, "comment", user.name, item.id, target.number, comment_id=comment.id, start=start, end=end)
    return comment_info(comment, current_version(session, item).text)
