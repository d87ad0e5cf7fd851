"""What the Home page shows one user: their items and states, their review queue, recent activity.

Roles are read from the database (not from the browser session), so a role removed by an admin stops
showing its queue at once; a disabled user gets the usual refusal.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from studio.workflow.accounts import require_user
from studio.workflow.items import ItemSummary
from studio.workflow.models import AuditEvent, Item, Role, State, User, Version

ACTIVITY_LIMIT = 15


@dataclass(frozen=True)
class Activity:
    seq: int
    at: str
    actor: str | None
    action: str
    item_id: int | None
    item_title: str | None
    version: int | None
    user: str | None = None  # the account an account event is about (added, disabled, locked…)


@dataclass(frozen=True)
class Dashboard:
    name: str
    roles: tuple[str, ...]
    my_items: list[ItemSummary]                   # newest change first
    state_counts: dict[str, int]                  # state → how many of my items are in it
    review_queue: int | None                      # items I may review now; None when I am not a reviewer
    activity: list[Activity] = field(default_factory=list)  # newest first
    activity_scope: str = "mine"                  # "mine" (my items and my actions on items) or "all" (admins)


def _iso(t) -> str:
    return t.isoformat(timespec="seconds")


def my_items(session: Session, name: str) -> list[ItemSummary]:
    rows = session.scalars(select(Item).join(User, Item.author_id == User.id).where(User.name == name)
                           .order_by(Item.updated_at.desc(), Item.id.desc())).all()
    return [ItemSummary(i.id, i.format, i.title, i.lang, name, i.state, i.current_version, _iso(i.updated_at))
            for i in rows]


def review_queue_count(session: Session, name: str) -> int:
    """Items in review that `name` may decide: four eyes — they wrote no version and are not the author."""
    user_id = select(User.id).where(User.name == name).scalar_subquery()
    wrote = exists().where(Version.item_id == Item.id, Version.created_by == user_id)
    return session.scalar(select(func.count()).select_from(Item).where(
        Item.state == State.in_review.value, Item.author_id != user_id, ~wrote)) or 0


def recent_activity(session: Session, name: str | None, limit: int = ACTIVITY_LIMIT) -> list[Activity]:
    """The newest audit events: of every kind when `name` is None (admins), else those on the user's own
    items and the user's own actions on any item."""
    query = select(AuditEvent, Item.title).outerjoin(Item, AuditEvent.item_id == Item.id)
    if name is not None:
        mine = select(Item.id).join(User, Item.author_id == User.id).where(User.name == name)
        query = query.where(or_(AuditEvent.item_id.in_(mine),
                                (AuditEvent.actor == name) & AuditEvent.item_id.is_not(None)))
    rows = session.execute(query.order_by(AuditEvent.seq.desc()).limit(limit)).all()
    return [Activity(e.seq, e.at, e.actor, e.action, e.item_id, title, e.version, (e.data or {}).get("user"))
            for e, title in rows]


def dashboard(session: Session, name: str, limit: int = ACTIVITY_LIMIT) -> Dashboard:
    user = require_user(session, name)
    roles = tuple(user.roles)
    items = my_items(session, name)
    everyone = Role.admin.value in roles
    return Dashboard(
        name=name, roles=roles, my_items=items, state_counts=dict(Counter(i.state for i in items)),
        review_queue=review_queue_count(session, name) if Role.reviewer.value in roles else None,
        activity=recent_activity(session, None if everyone else name, limit),
        activity_scope="all" if everyone else "mine")
