"""Initial workflow schema: users and roles, items with versions, reviews, comments, safety acceptances,
hash-chained audit events (append-only through triggers).

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ROLES = ("officer", "reviewer", "trainer", "admin")
STATES = "'draft', 'in_review', 'changes_requested', 'approved', 'published', 'withdrawn'"
DECISIONS = "'approved', 'changes_requested'"


def _ts(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    roles = op.create_table("roles", sa.Column("name", sa.String(20), primary_key=True))
    op.bulk_insert(roles, [{"name": r} for r in ROLES])
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(64), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("enabled", sa.Boolean, nullable=False),
        sa.Column("must_change_password", sa.Boolean, nullable=False),
        sa.Column("failed_logins", sa.Integer, nullable=False),
        _ts("locked_until", True),
        _ts("created_at"),
        _ts("last_login_at", True),
    )
    op.create_table(
        "user_roles",
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("role", sa.String(20), sa.ForeignKey("roles.name"), primary_key=True),
    )
    op.create_table(
        "items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("format", sa.String(32), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("topic", sa.Text, nullable=False),
        sa.Column("author_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("current_version", sa.Integer, nullable=False),
        sa.Column("lock_version", sa.Integer, nullable=False),
        _ts("created_at"),
        _ts("updated_at"),
        sa.CheckConstraint(f"state IN ({STATES})", name="ck_items_state"),
    )
    op.create_index("ix_items_state", "items", ["state"])
    op.create_table(
        "versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("item_id", sa.Integer, sa.ForeignKey("items.id", ondelete="CASCADE"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("text_hash", sa.String(64), nullable=False),
        sa.Column("content", sa.JSON, nullable=False),
        sa.Column("citations", sa.JSON, nullable=False),
        sa.Column("media", sa.JSON, nullable=False),
        sa.Column("composer", sa.String(20), nullable=False),
        sa.Column("model", sa.String(200), nullable=True),
        sa.Column("prompt_id", sa.String(200), nullable=False),
        sa.Column("prompt_version", sa.Integer, nullable=False),
        sa.Column("safety_report", sa.JSON, nullable=True),
        sa.Column("safety_text_hash", sa.String(64), nullable=True),
        _ts("checked_at", True),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        _ts("created_at"),
        sa.UniqueConstraint("item_id", "number", name="uq_versions_item_number"),
    )
    op.create_index("ix_versions_item_id", "versions", ["item_id"])
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("item_id", sa.Integer, sa.ForeignKey("items.id", ondelete="CASCADE"), nullable=False),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("reviewer_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("decision", sa.String(20), nullable=False),
        sa.Column("comment", sa.Text, nullable=True),
        _ts("created_at"),
        sa.CheckConstraint(f"decision IN ({DECISIONS})", name="ck_reviews_decision"),
    )
    op.create_index("ix_reviews_item_id", "reviews", ["item_id"])
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("item_id", sa.Integer, sa.ForeignKey("items.id", ondelete="CASCADE"), nullable=False),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("author_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("span_start", sa.Integer, nullable=True),
        sa.Column("span_end", sa.Integer, nullable=True),
        sa.Column("quote", sa.Text, nullable=True),
        _ts("created_at"),
    )
    op.create_index("ix_comments_item_id", "comments", ["item_id"])
    op.create_table(
        "safety_acceptances",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("finding_index", sa.Integer, nullable=False),
        sa.Column("finding_type", sa.String(40), nullable=False),
        sa.Column("finding_text", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        _ts("created_at"),
    )
    op.create_index("ix_safety_acceptances_version_id", "safety_acceptances", ["version_id"])
    op.create_table(
        "audit_events",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(64), nullable=True),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("item_id", sa.Integer, nullable=True),
        sa.Column("version", sa.Integer, nullable=True),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
    )
    op.create_index("ix_audit_events_item_id", "audit_events", ["item_id"])
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    _append_only_triggers()


def _append_only_triggers() -> None:
    """The audit log refuses UPDATE and DELETE; someone who drops the triggers is caught by `audit verify`."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("""
            CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit events are append-only';
            END $$""")
        op.execute("""
            CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
            FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()""")
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"""
                CREATE TRIGGER audit_events_no_{verb.lower()} BEFORE {verb} ON audit_events
                BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""")


def downgrade() -> None:
    for table in ("audit_head", "audit_events", "safety_acceptances", "comments", "reviews", "versions", "items",
                  "user_roles", "users", "roles"):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_events_append_only()")
