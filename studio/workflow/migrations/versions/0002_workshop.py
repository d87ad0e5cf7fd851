"""Workshop schema: "Practice AI" sessions with join codes, exercises with their material and answer key,
participants (by token hash), the studio's drafts of write-with-ai exercises, one submission per participant and
exercise.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# The workshop models live in studio/workshop/models.py on the workflow `Base`; importing them here puts their
# tables on the metadata the migration environment (and the models-agree-with-migrations test) compares against,
# whichever module the process imported first.
import studio.workshop.models  # noqa: F401,E402

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

STATES = "'open', 'closed'"
KINDS = "'write-with-ai', 'spot-the-risk', 'check-the-facts', 'quiz'"


def _ts(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "workshop_sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(12), nullable=False, unique=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("trainer_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("revealed", sa.Boolean, nullable=False),
        sa.Column("minutes", sa.Integer, nullable=False),
        sa.Column("seed", sa.Integer, nullable=False),
        sa.Column("material_source", sa.String(20), nullable=False),
        _ts("created_at"),
        _ts("opened_at"),
        _ts("closed_at", True),
        _ts("revealed_at", True),
        sa.CheckConstraint(f"state IN ({STATES})", name="ck_workshop_sessions_state"),
    )
    op.create_table(
        "workshop_exercises",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.Integer, sa.ForeignKey("workshop_sessions.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("material", sa.JSON, nullable=False),
        sa.Column("answer_key", sa.JSON, nullable=False),
        sa.UniqueConstraint("session_id", "position", name="uq_workshop_exercises_session_position"),
        sa.CheckConstraint(f"kind IN ({KINDS})", name="ck_workshop_exercises_kind"),
    )
    op.create_index("ix_workshop_exercises_session_id", "workshop_exercises", ["session_id"])
    op.create_table(
        "workshop_participants",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.Integer, sa.ForeignKey("workshop_sessions.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("display_name", sa.String(80), nullable=False),
        sa.Column("name_key", sa.String(80), nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        _ts("joined_at"),
        sa.UniqueConstraint("session_id", "name_key", name="uq_workshop_participants_session_name"),
        sa.UniqueConstraint("session_id", "user_id", name="uq_workshop_participants_session_user"),
    )
    op.create_index("ix_workshop_participants_session_id", "workshop_participants", ["session_id"])
    op.create_table(
        "workshop_drafts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("participant_id", sa.Integer, sa.ForeignKey("workshop_participants.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("exercise_id", sa.Integer, sa.ForeignKey("workshop_exercises.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("topic", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("sources", sa.JSON, nullable=False),
        sa.Column("composer", sa.String(20), nullable=False),
        sa.Column("model", sa.String(200), nullable=True),
        _ts("created_at"),
        sa.UniqueConstraint("participant_id", "exercise_id", name="uq_workshop_drafts_participant_exercise"),
    )
    op.create_table(
        "workshop_submissions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("participant_id", sa.Integer, sa.ForeignKey("workshop_participants.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("exercise_id", sa.Integer, sa.ForeignKey("workshop_exercises.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("answer", sa.JSON, nullable=False),
        sa.Column("answer_hash", sa.String(64), nullable=False),
        sa.Column("score", sa.Integer, nullable=False),
        sa.Column("result", sa.JSON, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        _ts("submitted_at"),
        _ts("updated_at"),
        sa.UniqueConstraint("participant_id", "exercise_id", name="uq_workshop_submissions_participant_exercise"),
        sa.CheckConstraint("score >= 0 AND score <= 100", name="ck_workshop_submissions_score"),
    )
    op.create_index("ix_workshop_submissions_exercise_id", "workshop_submissions", ["exercise_id"])


def downgrade() -> None:
    for table in ("workshop_submissions", "workshop_drafts", "workshop_participants", "workshop_exercises",
                  "workshop_sessions"):
        op.drop_table(table)
