"""Workshop sessions as core functions: a trainer creates, opens, closes and reveals; participants join with the
code and a display name (or their account), ask the studio for a draft, submit, and read only their own work.

Functions that take a `Session` run inside one transaction (`Database.run` / `Database.read`); `request_draft`
and `submit_answer` take the `Database` because the slow part (drafting, the engines) runs between a read and
a short write, never while holding the write lock.

Submissions: one per participant and exercise (a unique constraint). Sending the same answer again changes
nothing and returns the stored result (a double click, a retried request). A different answer replaces the
previous one — and counts an attempt — while the session is open, within its time limit and not revealed;
afterwards it is refused. Before the reveal a participant sees the score and general feedback only (how many
risks were found, how many answers are right), never which ones: the reveal shows the missed items.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from studio import identity
from studio.errors import StudioError
from studio.workflow import audit
from studio.workflow.accounts import require_user
from studio.workflow.models import Role, User, utcnow
from studio.workshop import codes
from studio.workshop.evaluate import MAX_TOPIC_CHARS, answer_hash, capped_text, evaluate, normalize_answer
from studio.workshop.material import ExerciseSpec
from studio.workshop.models import (
    SessionState,
    WorkshopDraft,
    WorkshopExercise,
    WorkshopParticipant,
    WorkshopSession,
    WorkshopSubmission,
)

DEFAULT_MINUTES = 45
MIN_MINUTES, MAX_MINUTES = 1, 600
MAX_TITLE = 200
LANGS = ("vi", "en")


# --- plain data ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SessionInfo:
    id: int
    code: str
    title: str
    lang: str
    state: str
    revealed: bool
    minutes: int
    trainer: str
    exercises: tuple[str, ...]
    material_source: str
    seed: int
    created_at: str
    opened_at: str
    closed_at: str | None
    deadline: str
    time_up: bool

    @property
    def accepting(self) -> bool:
        """Participants may submit: open, not revealed, within the time limit."""
        return self.state == SessionState.open.value and not self.revealed and not self.time_up

    @property
    def remaining_s(self) -> int:
        """Seconds left to submit (0 when closed, revealed or past the time limit)."""
        if not self.accepting:
            return 0
        return max(0, int((datetime.fromisoformat(self.deadline) - utcnow()).total_seconds()))

    def to_dict(self) -> dict:
        return {**asdict(self), "exercises": list(self.exercises), "accepting": self.accepting,
                "remaining_s": self.remaining_s}


@dataclass(frozen=True)
class Joined:
    token: str  # the participant's key to their own work; keep it secret (only its hash is stored)
    participant_id: int
    display_name: str
    session: SessionInfo


@dataclass(frozen=True)
class ExerciseView:
    position: int
    kind: str
    material: dict
    answer_key: dict | None  # only after the reveal


@dataclass(frozen=True)
class SubmissionView:
    position: int
    kind: str
    answer: dict
    score: int
    feedback: list[dict]          # [{code, params}] — render with scoring.feedback_text
    revealed: list[dict]          # empty until the trainer reveals the answers
    attempts: int
    submitted_at: str
    updated_at: str
    replaced: bool = False        # this call replaced an earlier, different answer
    unchanged: bool = False       # this call sent the stored answer again

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class DraftView:
    position: int
    topic: str
    text: str
    sources: list[dict]  # [{marker, title, text}]
    composer: str
    model: str | None
    notices: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class ParticipantView:
    participant_id: int
    display_name: str
    account: str | None
    session: SessionInfo
    exercises: list[ExerciseView]
    submissions: dict[int, SubmissionView]  # by position
    drafts: dict[int, DraftView]            # by position (write with AI)


# --- helpers -------------------------------------------------------------------------------------------------

def _iso(t: datetime | None) -> str | None:
    return t.isoformat(timespec="seconds") if t else None


def _deadline(ws: WorkshopSession) -> datetime:
    return ws.opened_at + timedelta(minutes=ws.minutes)


def _info(session: Session, ws: WorkshopSession, now: datetime | None = None) -> SessionInfo:
    kinds = session.scalars(select(WorkshopExercise.kind).where(WorkshopExercise.session_id == ws.id)
                            .order_by(WorkshopExercise.position)).all()
    now = now or utcnow()
    trainer = session.scalar(select(User.name).where(User.id == ws.trainer_id))
    return SessionInfo(ws.id, ws.code, ws.title, ws.lang, ws.state, ws.revealed, ws.minutes, trainer,
                       tuple(kinds), ws.material_source, ws.seed, _iso(ws.created_at), _iso(ws.opened_at),
                       _iso(ws.closed_at), _iso(_deadline(ws)),
                       ws.state == SessionState.open.value and now > _deadline(ws))


def _by_code(session: Session, code: str) -> WorkshopSession:
    normal = codes.normalize_code(code)
    ws = session.scalars(select(WorkshopSession).where(WorkshopSession.code == normal)).first() \
        if codes.is_wellformed(normal) else None
    if ws is None:
        raise StudioError("workshop_code_unknown", join_code=normal or (code or "")[:12])
    return ws


def _managed(session: Session, actor: str, code: str) -> tuple[User, WorkshopSession]:
    """The acting trainer and the session: its own trainer, or an admin, may manage it."""
    user = require_user(session, actor, Role.trainer.value, Role.admin.value)
    ws = _by_code(session, code)
    if ws.trainer_id != user.id and Role.admin.value not in user.roles:
        raise StudioError("workshop_not_trainer", name=user.name, title=ws.title)
    return user, ws


def _participant(session: Session, token: str) -> tuple[WorkshopParticipant, WorkshopSession]:
    p = session.scalars(select(WorkshopParticipant).where(
        WorkshopParticipant.token_hash == codes.token_hash(token or ""))).first() if token else None
    if p is None:
        raise StudioError("workshop_token_invalid")
    return p, session.get(WorkshopSession, p.session_id)


def _exercise(session: Session, ws: WorkshopSession, position) -> WorkshopExercise:
    try:
        position = int(position)
    except (TypeError, ValueError):
        position = -1
    ex = session.scalars(select(WorkshopExercise).where(WorkshopExercise.session_id == ws.id,
                                                        WorkshopExercise.position == position)).first()
    if ex is None:
        raise StudioError("workshop_exercise_unknown", position=position)
    return ex


def _require_accepting(ws: WorkshopSession) -> None:
    if ws.revealed:
        raise StudioError("workshop_revealed", title=ws.title)
    if ws.state != SessionState.open.value:
        raise StudioError("workshop_closed", title=ws.title)
    if utcnow() > _deadline(ws):
        raise StudioError("workshop_time_up", title=ws.title, minutes=ws.minutes)


def _submission_view(sub: WorkshopSubmission, ex: WorkshopExercise, revealed: bool, **flags) -> SubmissionView:
    return SubmissionView(ex.position, ex.kind, dict(sub.answer), sub.score, list(sub.result.get("feedback", [])),
                          list(sub.result.get("revealed", [])) if revealed else [], sub.attempts,
                          _iso(sub.submitted_at), _iso(sub.updated_at), **flags)


def _draft_view(d: WorkshopDraft, position: int, notices: list[str] | None = None) -> DraftView:
    return DraftView(position, d.topic, d.text, list(d.sources), d.composer, d.model, notices or [])


# --- the trainer ---------------------------------------------------------------------------------------------

def create_session(session: Session, trainer: str, title: str, specs: list[ExerciseSpec], *, lang: str = "vi",
                   minutes: int = DEFAULT_MINUTES, seed: int, source: str = "bank") -> SessionInfo:
    """A trainer opens a new session with its exercises (built by `material.build_exercises`); it is open at once."""
    user = require_user(session, trainer, Role.trainer.value)
    title = " ".join(codes.clean_name(title).split())
    if not title or len(title) > MAX_TITLE:
        raise StudioError("workshop_title_invalid", max=MAX_TITLE)
    if not isinstance(minutes, int) or not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise StudioError("workshop_minutes_invalid", min=MIN_MINUTES, max=MAX_MINUTES)
    if lang not in LANGS:
        raise StudioError("bad_request", detail=f"language must be one of {', '.join(LANGS)}")
    if not specs:
        raise StudioError("workshop_exercises_invalid", names="—", known="write-with-ai, spot-the-risk, "
                          "check-the-facts, quiz", max=12)
    for _ in range(20):
        code = codes.new_code()
        if session.scalars(select(WorkshopSession.id).where(WorkshopSession.code == code)).first() is None:
            break
    else:  # pragma: no cover - 20 collisions in 10⁹ codes
        raise RuntimeError("could not find a free join code")
    now = utcnow()
    ws = WorkshopSession(code=code, title=title, lang=lang, trainer_id=user.id, state=SessionState.open.value,
                         revealed=False, minutes=minutes, seed=seed, material_source=source, created_at=now,
                         opened_at=now)
    session.add(ws)
    session.flush()
    for position, spec in enumerate(specs, start=1):
        session.add(WorkshopExercise(session_id=ws.id, position=position, kind=spec.kind, material=spec.material,
                                     answer_key=spec.answer_key))
    session.flush()
    audit.record(session, "workshop_create", user.name, code=code, session_id=ws.id, title=title, lang=lang,
                 minutes=minutes, exercises=[s.kind for s in specs], source=source, seed=seed)
    return _info(session, ws, now)


def new_seed() -> int:
    return secrets.randbelow(2**31 - 1)


def open_session(session: Session, actor: str, code: str) -> SessionInfo:
    """Open a closed session again; its time limit counts from now. A revealed session stays closed."""
    user, ws = _managed(session, actor, code)
    if ws.revealed:
        raise StudioError("workshop_reopen_revealed", title=ws.title)
    if ws.state != SessionState.open.value:
        ws.state, ws.opened_at, ws.closed_at = SessionState.open.value, utcnow(), None
        audit.record(session, "workshop_open", user.name, code=ws.code, session_id=ws.id)
    return _info(session, ws)


def close_session(session: Session, actor: str, code: str) -> SessionInfo:
    user, ws = _managed(session, actor, code)
    if ws.state != SessionState.closed.value:
        ws.state, ws.closed_at = SessionState.closed.value, utcnow()
        audit.record(session, "workshop_close", user.name, code=ws.code, session_id=ws.id)
    return _info(session, ws)


def reveal_answers(session: Session, actor: str, code: str) -> SessionInfo:
    """Show every participant the answer key and what they missed; submissions end (the session is closed)."""
    user, ws = _managed(session, actor, code)
    if not ws.revealed:
        now = utcnow()
        ws.revealed, ws.revealed_at = True, now
        if ws.state != SessionState.closed.value:
            ws.state, ws.closed_at = SessionState.closed.value, now
        audit.record(session, "workshop_reveal", user.name, code=ws.code, session_id=ws.id)
    return _info(session, ws)


def trainer_session(session: Session, actor: str, code: str) -> SessionInfo:
    return _info(session, _managed(session, actor, code)[1])


def list_sessions(session: Session, actor: str) -> list[SessionInfo]:
    """The sessions the acting trainer may manage (an admin: all), newest first."""
    user = require_user(session, actor, Role.trainer.value, Role.admin.value)
    query = select(WorkshopSession).order_by(WorkshopSession.id.desc())
    if Role.admin.value not in user.roles:
        query = query.where(WorkshopSession.trainer_id == user.id)
    return [_info(session, ws) for ws in session.scalars(query).all()]


def exercises_with_keys(session: Session, actor: str, code: str) -> list[ExerciseView]:
    """The trainer's view of the material, answer keys included."""
    _, ws = _managed(session, actor, code)
    rows = session.scalars(select(WorkshopExercise).where(WorkshopExercise.session_id == ws.id)
                           .order_by(WorkshopExercise.position)).all()
    return [ExerciseView(e.position, e.kind, dict(e.material), dict(e.answer_key)) for e in rows]


# --- participants --------------------------------------------------------------------------------------------

def session_summary(session: Session, code: str) -> SessionInfo:
    """What the join page may show about a code: title, language, state (never the material)."""
    return _info(session, _by_code(session, code))


def join_session(session: Session, code: str, display_name: str, *, account: str | None = None) -> Joined:
    """Join an open session with a display name (unique in the session, case and spacing ignored), or with an
    account: joining again with the same account gives the same participant a new token."""
    ws = _by_code(session, code)
    if ws.state != SessionState.open.value or ws.revealed:
        raise StudioError("workshop_closed", title=ws.title)
    user = require_user(session, account) if account else None
    name = codes.clean_name(display_name) or (user.name if user else "")
    if not name or len(name) > codes.MAX_NAME:
        raise StudioError("workshop_name_invalid", max=codes.MAX_NAME)
    token = codes.new_token()
    if user is not None:
        existing = session.scalars(select(WorkshopParticipant).where(
            WorkshopParticipant.session_id == ws.id, WorkshopParticipant.user_id == user.id)).first()
        if existing is not None:
            existing.token_hash = codes.token_hash(token)
            session.flush()
            return Joined(token, existing.id, existing.display_name, _info(session, ws))
    if identity.mixed_script(name):
        raise StudioError("name_mixed_script", name=name)
    key = codes.name_key(name)
    taken = session.scalars(select(WorkshopParticipant.id).where(
        WorkshopParticipant.session_id == ws.id, WorkshopParticipant.name_key == key)).first()
    if taken is not None:
        raise StudioError("workshop_name_taken", name=name)
    # a look-alike ("Flооd 0" in Cyrillic, "ｌａｎ") of a name already in the session: skeletons of the stored
    # names, computed here (rows written before this rule keep their old key; skeletons are cached per name)
    names = session.scalars(select(WorkshopParticipant.display_name).where(WorkshopParticipant.session_id == ws.id))
    if identity.look_alike(name, names) is not None:
        raise StudioError("workshop_name_taken", name=name)
    p = WorkshopParticipant(session_id=ws.id, display_name=name, name_key=key, user_id=user.id if user else None,
                            token_hash=codes.token_hash(token), joined_at=utcnow())
    session.add(p)
    session.flush()
    return Joined(token, p.id, name, _info(session, ws))


def participant_view(session: Session, token: str) -> ParticipantView:
    """Everything one participant may see: the material, their own submissions and drafts; answer keys and missed
    items only after the reveal. Nothing of any other participant."""
    p, ws = _participant(session, token)
    exercises = session.scalars(select(WorkshopExercise).where(WorkshopExercise.session_id == ws.id)
                                .order_by(WorkshopExercise.position)).all()
    by_id = {e.id: e for e in exercises}
    subs = session.scalars(select(WorkshopSubmission).where(WorkshopSubmission.participant_id == p.id)).all()
    drafts = session.scalars(select(WorkshopDraft).where(WorkshopDraft.participant_id == p.id)).all()
    account = session.scalar(select(User.name).where(User.id == p.user_id)) if p.user_id else None
    return ParticipantView(
        p.id, p.display_name, account, _info(session, ws),
        [ExerciseView(e.position, e.kind, dict(e.material), dict(e.answer_key) if ws.revealed else None)
         for e in exercises],
        {by_id[s.exercise_id].position: _submission_view(s, by_id[s.exercise_id], ws.revealed) for s in subs},
        {by_id[d.exercise_id].position: _draft_view(d, by_id[d.exercise_id].position) for d in drafts})


def participant_session(session: Session, token: str) -> SessionInfo:
    """The state of the participant's session (cheap: the join page polls it)."""
    return _info(session, _participant(session, token)[1])


def my_submission(session: Session, token: str, position: int) -> SubmissionView | None:
    p, ws = _participant(session, token)
    ex = _exercise(session, ws, position)
    sub = session.scalars(select(WorkshopSubmission).where(WorkshopSubmission.participant_id == p.id,
                                                           WorkshopSubmission.exercise_id == ex.id)).first()
    return _submission_view(sub, ex, ws.revealed) if sub else None


def _draft_context(session: Session, token: str, position) -> dict:
    p, ws = _participant(session, token)
    ex = _exercise(session, ws, position)
    if ex.kind != "write-with-ai":
        raise StudioError("workshop_answer_invalid", detail="only a write-with-ai exercise has a draft")
    _require_accepting(ws)
    return {"lang": ws.lang, "format": ex.material["format"]}


def _store_draft(session: Session, token: str, position, topic: str, text: str, sources: list[dict],
                 composer: str, model: str | None) -> WorkshopDraft:
    p, ws = _participant(session, token)
    ex = _exercise(session, ws, position)
    _require_accepting(ws)
    d = session.scalars(select(WorkshopDraft).where(WorkshopDraft.participant_id == p.id,
                                                    WorkshopDraft.exercise_id == ex.id)).first()
    if d is None:
        d = WorkshopDraft(participant_id=p.id, exercise_id=ex.id)
        session.add(d)
    d.topic, d.text, d.sources, d.composer, d.model, d.created_at = topic, text, sources, composer, model, utcnow()
    session.flush()
    return d


def request_draft(db, token: str, position: int, topic: str, kb, prompts, model=None) -> DraftView:
    """The studio drafts the exercise's format on the participant's topic (`studio.drafting.service.draft`: the
    model when configured, else the offline composer); the draft's sources are kept to score the edited text.
    Asking again replaces the draft."""
    from pydantic import ValidationError

    from studio.drafting.models import DraftRequest
    from studio.drafting.render import LABELS, content_lines
    from studio.drafting.service import draft

    topic = " ".join(capped_text(topic, MAX_TOPIC_CHARS, "Chủ đề", "The topic").split())
    ctx = db.read(_draft_context, token, position)
    try:
        request = DraftRequest(format=ctx["format"], topic=topic, lang=ctx["lang"])
    except ValidationError:
        raise StudioError("workshop_topic_missing") from None
    result = draft(kb, request, prompts, model, message_lang=ctx["lang"])
    text = "\n".join(content_lines(ctx["format"], result.content, LABELS[ctx["lang"]])).strip()
    sources = [{"marker": s.marker, "title": s.title, "text": s.text} for s in result.citations]
    stored = db.run(_store_draft, token, position, topic, text, sources, result.composer, result.model)
    return _draft_view(stored, int(position), result.notices)


def _submit_context(session: Session, token: str, position) -> dict:
    p, ws = _participant(session, token)
    ex = _exercise(session, ws, position)
    d = session.scalars(select(WorkshopDraft).where(WorkshopDraft.participant_id == p.id,
                                                    WorkshopDraft.exercise_id == ex.id)).first()
    sub = session.scalars(select(WorkshopSubmission.answer_hash).where(
        WorkshopSubmission.participant_id == p.id, WorkshopSubmission.exercise_id == ex.id)).first()
    return {"kind": ex.kind, "material": dict(ex.material), "key": dict(ex.answer_key), "lang": ws.lang,
            "draft": {"sources": list(d.sources)} if d else None, "stored_hash": sub,
            "accepting_error": _accepting_error(ws)}


def _accepting_error(ws: WorkshopSession) -> StudioError | None:
    try:
        _require_accepting(ws)
    except StudioError as err:
        return err
    return None


def _store_submission(session: Session, token: str, position, answer: dict, digest: str,
                      result: dict) -> SubmissionView:
    p, ws = _participant(session, token)
    ex = _exercise(session, ws, position)
    sub = session.scalars(select(WorkshopSubmission).where(WorkshopSubmission.participant_id == p.id,
                                                           WorkshopSubmission.exercise_id == ex.id)).first()
    if sub is not None and sub.answer_hash == digest:
        return _submission_view(sub, ex, ws.revealed, unchanged=True)
    _require_accepting(ws)
    now = utcnow()
    if sub is None:
        sub = WorkshopSubmission(participant_id=p.id, exercise_id=ex.id, attempts=1, submitted_at=now)
        session.add(sub)
        replaced = False
    else:
        sub.attempts, replaced = sub.attempts + 1, True
    sub.answer, sub.answer_hash, sub.score, sub.result, sub.updated_at = answer, digest, result["points"], result, now
    session.flush()
    return _submission_view(sub, ex, ws.revealed, replaced=replaced)


def _unchanged_submission(session: Session, token: str, position, digest: str) -> SubmissionView | None:
    p, ws = _participant(session, token)
    ex = _exercise(session, ws, position)
    sub = session.scalars(select(WorkshopSubmission).where(WorkshopSubmission.participant_id == p.id,
                                                           WorkshopSubmission.exercise_id == ex.id)).first()
    return _submission_view(sub, ex, ws.revealed, unchanged=True) if sub and sub.answer_hash == digest else None


def submit_answer(db, token: str, position: int, answer, *, gate=None) -> SubmissionView:
    """Score and store a participant's answer (see the module docstring for resubmissions). `gate` (a SafetyGate)
    is needed for write-with-ai."""
    ctx = db.read(_submit_context, token, position)
    normal = normalize_answer(ctx["kind"], answer, ctx["material"])
    digest = answer_hash(normal)
    if ctx["stored_hash"] != digest and ctx["accepting_error"] is not None:
        raise ctx["accepting_error"]
    if ctx["stored_hash"] == digest:  # the stored answer again: nothing to score, nothing to write
        stored = db.read(_unchanged_submission, token, position, digest)
        if stored is not None:
            return stored
    score = evaluate(ctx["kind"], ctx["material"], ctx["key"], normal, ctx["lang"], draft=ctx["draft"], gate=gate)
    return db.run(_store_submission, token, position, normal, digest, score.to_dict())
