"""SQLAlchemy models of the workshop ("Practice AI" sessions), on the workflow database's `Base`, so one
`init_db` migrates both (migration `0002_workshop`; tests check that models and migrations agree).

A participant is known by a random token (only its SHA-256 is stored); the exercise's answer key lives in its
own column and is never part of what a participant reads before the trainer reveals the answers.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from studio.workflow.models import Base, utcnow


class SessionState(str, Enum):
    open = "open"        # participants join and submit (until the time limit)
    closed = "closed"    # nobody joins or submits; the trainer may open it again unless answers were revealed


class ExerciseKind(str, Enum):
    write_with_ai = "write-with-ai"
    spot_the_risk = "spot-the-risk"
    check_the_facts = "check-the-facts"
    quiz = "quiz"


def _values(enum: type[Enum]) -> str:
    return ", ".join(f"'{m.value}'" for m in enum)


class WorkshopSession(Base):
    __tablename__ = "workshop_sessions"
    __table_args__ = (CheckConstraint(f"state IN ({_values(SessionState)})", name="ck_workshop_sessions_state"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    lang: Mapped[str] = mapped_column(String(8))
    trainer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    state: Mapped[str] = mapped_column(String(10), default=SessionState.open.value)
    revealed: Mapped[bool] = mapped_column(Boolean, default=False)
    minutes: Mapped[int] = mapped_column(Integer)            # time limit, counted from `opened_at`
    seed: Mapped[int] = mapped_column(Integer)               # the material was generated with it
    material_source: Mapped[str] = mapped_column(String(20))  # bank | knowledge
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
    revealed_at: Mapped[datetime | None]


class WorkshopExercise(Base):
    __tablename__ = "workshop_exercises"
    __table_args__ = (
        UniqueConstraint("session_id", "position", name="uq_workshop_exercises_session_position"),
        CheckConstraint(f"kind IN ({_values(ExerciseKind)})", name="ck_workshop_exercises_kind"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("workshop_sessions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # 1, 2, … in the order the trainer listed them
    kind: Mapped[str] = mapped_column(String(20))
    material: Mapped[dict]    # what every participant sees
    answer_key: Mapped[dict]  # what the scoring compares against; shown only after the reveal


class WorkshopParticipant(Base):
    __tablename__ = "workshop_participants"
    __table_args__ = (
        UniqueConstraint("session_id", "name_key", name="uq_workshop_participants_session_name"),
        UniqueConstraint("session_id", "user_id", name="uq_workshop_participants_session_user"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("workshop_sessions.id", ondelete="CASCADE"), index=True)
    display_name: Mapped[str] = mapped_column(String(80))
    name_key: Mapped[str] = mapped_column(String(80))  # NFC, case-folded, spaces collapsed: "Lan" = "lan"
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)


class WorkshopDraft(Base):
    """The studio's draft for a participant's write-with-ai exercise; its sources score the edited text."""

    __tablename__ = "workshop_drafts"
    __table_args__ = (UniqueConstraint("participant_id", "exercise_id", name="uq_workshop_drafts_participant_exercise"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("workshop_participants.id", ondelete="CASCADE"))
    exercise_id: Mapped[int] = mapped_column(ForeignKey("workshop_exercises.id", ondelete="CASCADE"))
    topic: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    sources: Mapped[list]  # [{marker, title, text}]
    composer: Mapped[str] = mapped_column(String(20))
    model: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WorkshopSubmission(Base):
    """One per participant and exercise: a resubmission replaces it while the session is open and unrevealed."""

    __tablename__ = "workshop_submissions"
    __table_args__ = (
        UniqueConstraint("participant_id", "exercise_id", name="uq_workshop_submissions_participant_exercise"),
        CheckConstraint("score >= 0 AND score <= 100", name="ck_workshop_submissions_score"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("workshop_participants.id", ondelete="CASCADE"))
    exercise_id: Mapped[int] = mapped_column(ForeignKey("workshop_exercises.id", ondelete="CASCADE"), index=True)
    answer: Mapped[dict]
    answer_hash: Mapped[str] = mapped_column(String(64))  # the same answer again is not a new attempt
    score: Mapped[int] = mapped_column(Integer)
    result: Mapped[dict]  # the scoring's details and feedback codes
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
