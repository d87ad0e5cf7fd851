"""SQLAlchemy 2 models of the workflow database. The schema itself is made by the Alembic migrations in
`migrations/versions/` (tests check that models and migrations agree on both databases)."""

from __future__ import annotations

from datetime import datetime, timezone
from enum import Enum

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    event,
    inspect,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Role(str, Enum):
    officer = "officer"      # creates and edits content
    reviewer = "reviewer"    # approves or sends back other people's content
    trainer = "trainer"      # runs workshops (a later issue)
    admin = "admin"          # manages accounts
    librarian = "librarian"  # keeps the knowledge base: replaces, removes and restores any document


class State(str, Enum):
    draft = "draft"
    in_review = "in_review"
    changes_requested = "changes_requested"
    approved = "approved"
    published = "published"
    withdrawn = "withdrawn"


class Decision(str, Enum):
    approved = "approved"
    changes_requested = "changes_requested"


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes on both databases (SQLite keeps no time zone, so it is put back on load)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime given to a UTC column")
            value = value.astimezone(timezone.utc)
            if dialect.name == "sqlite":
                value = value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc) if value is not None else None


def _values(enum: type[Enum]) -> str:
    return ", ".join(f"'{m.value}'" for m in enum)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime, dict: JSON, list: JSON}


class RoleRow(Base):
    __tablename__ = "roles"
    name: Mapped[str] = mapped_column(String(20), primary_key=True)


class UserRole(Base):
    __tablename__ = "user_roles"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(ForeignKey("roles.name"), primary_key=True)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    role_rows: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan", lazy="selectin",
                                                     order_by=UserRole.role)

    @property
    def roles(self) -> list[str]:
        return sorted(r.role for r in self.role_rows)


class Item(Base):
    __tablename__ = "items"
    __table_args__ = (CheckConstraint(f"state IN ({_values(State)})", name="ck_items_state"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    format: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(300))
    lang: Mapped[str] = mapped_column(String(8))
    topic: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    state: Mapped[str] = mapped_column(String(20), default=State.draft.value, index=True)
    current_version: Mapped[int] = mapped_column(Integer, default=1)
    lock_version: Mapped[int] = mapped_column(Integer)  # optimistic lock, bumped on every UPDATE
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    author: Mapped[User] = relationship(lazy="joined")
    __mapper_args__ = {"version_id_col": lock_version}


class Version(Base):
    """One immutable version of an item. Only the safety columns are written after insert (by the check)."""

    __tablename__ = "versions"
    __table_args__ = (UniqueConstraint("item_id", "number", name="uq_versions_item_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)  # exactly what would be published, AI label included
    text_hash: Mapped[str] = mapped_column(String(64))
    content: Mapped[dict]
    citations: Mapped[list]
    media: Mapped[list]  # [{kind, sha256, name, alt}]
    composer: Mapped[str] = mapped_column(String(20))
    model: Mapped[str | None] = mapped_column(String(200))
    prompt_id: Mapped[str] = mapped_column(String(200))
    prompt_version: Mapped[int] = mapped_column(Integer)
    safety_report: Mapped[dict | None]
    safety_text_hash: Mapped[str | None] = mapped_column(String(64))
    checked_at: Mapped[datetime | None]
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    creator: Mapped[User] = relationship(lazy="joined")


IMMUTABLE_VERSION_FIELDS = ("item_id", "number", "text", "text_hash", "content", "citations", "media", "composer",
                            "model", "prompt_id", "prompt_version", "created_by", "created_at")


@event.listens_for(Version, "before_update")
def _versions_are_immutable(_mapper, _connection, target: Version) -> None:
    state = inspect(target)
    changed = [name for name in IMMUTABLE_VERSION_FIELDS if state.attrs[name].history.has_changes()]
    if changed:
        raise RuntimeError(f"versions are immutable; refused to change {', '.join(changed)}")


class Review(Base):
    __tablename__ = "reviews"
    __table_args__ = (CheckConstraint(f"decision IN ({_values(Decision)})", name="ck_reviews_decision"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decision: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    reviewer: Mapped[User] = relationship(lazy="joined")
    version: Mapped[Version] = relationship(lazy="joined")


class Comment(Base):
    """A remark on one version, optionally on a span of its text; it stays with the item when versions follow."""

    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)
    quote: Mapped[str | None] = mapped_column(Text)  # the commented text, to find it again in later versions
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    author: Mapped[User] = relationship(lazy="joined")
    version: Mapped[Version] = relationship(lazy="joined")


class SafetyAcceptance(Base):
    __tablename__ = "safety_acceptances"
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"), index=True)
    finding_index: Mapped[int] = mapped_column(Integer)
    finding_type: Mapped[str] = mapped_column(String(40))
    finding_text: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    user: Mapped[User] = relationship(lazy="joined")


class AuditEvent(Base):
    """Append-only (database triggers refuse UPDATE and DELETE); each row hashes its fields and its predecessor."""

    __tablename__ = "audit_events"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))  # ISO 8601 UTC, kept as text so the hash input never shifts
    actor: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40))
    item_id: Mapped[int | None] = mapped_column(Integer, index=True)
    version: Mapped[int | None] = mapped_column(Integer)
    data: Mapped[dict]
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditHead(Base):
    """The newest event's number and hash, so cutting events off the end of the chain is noticed too."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
