"""What the trainer sees and takes home: the live dashboard (who joined, progress per exercise, scores, the
most-missed risks) and the results table as CSV and XLSX.

A participant's total is the mean of their exercise scores, an exercise not submitted counting 0. Cells that a
spreadsheet would run as a formula (a display name starting with =, +, - or @) are written with a leading
apostrophe, so an exported file can't carry a formula injection.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from studio.workflow.models import User
from studio.workshop.material import KIND_NAMES
from studio.workshop.models import WorkshopExercise, WorkshopParticipant, WorkshopSubmission
from studio.workshop.scoring import RISK_NAMES
from studio.workshop.sessions import SessionInfo, _info, _managed

HEADERS = {
    "vi": {"name": "Họ tên", "account": "Tài khoản", "joined": "Tham gia lúc", "total": "Tổng điểm",
           "done": "Số bài đã nộp", "results": "Kết quả", "missed": "Rủi ro bị bỏ sót", "type": "Loại",
           "text": "Nội dung", "count": "Số người bỏ sót", "of": "Số bài nộp"},
    "en": {"name": "Name", "account": "Account", "joined": "Joined at", "total": "Total score",
           "done": "Exercises submitted", "results": "Results", "missed": "Most-missed risks", "type": "Type",
           "text": "Text", "count": "Missed by", "of": "Submissions"},
}


@dataclass(frozen=True)
class ParticipantRow:
    participant_id: int
    name: str
    account: str | None
    joined_at: str
    scores: dict[int, int | None]   # by exercise position; None = not submitted
    attempts: dict[int, int]
    total: int
    submitted: int


@dataclass(frozen=True)
class ExerciseProgress:
    position: int
    kind: str
    submitted: int
    average: float | None


@dataclass(frozen=True)
class MissedRisk:
    position: int
    type: str
    text: str
    missed: int       # participants who submitted and did not find it
    submissions: int


@dataclass(frozen=True)
class Dashboard:
    session: SessionInfo
    participants: list[ParticipantRow]
    exercises: list[ExerciseProgress]
    most_missed: list[MissedRisk]
    remaining_s: int  # seconds left of the time limit (0 when up or closed)

    def to_dict(self) -> dict:
        return {"session": self.session.to_dict(), "participants": [asdict(p) for p in self.participants],
                "exercises": [asdict(e) for e in self.exercises], "most_missed": [asdict(m) for m in self.most_missed],
                "remaining_s": self.remaining_s}


def dashboard(session: Session, actor: str, code: str) -> Dashboard:
    """Everything the trainer's live view shows, in one read."""
    _, ws = _managed(session, actor, code)
    info = _info(session, ws)
    exercises = session.scalars(select(WorkshopExercise).where(WorkshopExercise.session_id == ws.id)
                                .order_by(WorkshopExercise.position)).all()
    position = {e.id: e.position for e in exercises}
    people = session.execute(select(WorkshopParticipant, User.name).outerjoin(User, WorkshopParticipant.user_id == User.id)
                             .where(WorkshopParticipant.session_id == ws.id)
                             .order_by(WorkshopParticipant.joined_at, WorkshopParticipant.id)).all()
    subs = session.execute(select(WorkshopSubmission.participant_id, WorkshopSubmission.exercise_id,
                                  WorkshopSubmission.score, WorkshopSubmission.attempts, WorkshopSubmission.result)
                           .join(WorkshopExercise, WorkshopSubmission.exercise_id == WorkshopExercise.id)
                           .where(WorkshopExercise.session_id == ws.id)).all()
    by_person: dict[int, dict[int, tuple[int, int]]] = {}
    missed: dict[int, Counter] = {e.position: Counter() for e in exercises if e.kind == "spot-the-risk"}
    counts: Counter = Counter()
    for pid, eid, score, attempts, result in subs:
        pos = position[eid]
        by_person.setdefault(pid, {})[pos] = (score, attempts)
        counts[pos] += 1
        if pos in missed:
            missed[pos].update((result or {}).get("details", {}).get("missed", []))
    rows = []
    for p, account in people:
        mine = by_person.get(p.id, {})
        scores = {e.position: mine[e.position][0] if e.position in mine else None for e in exercises}
        total = round(sum(s or 0 for s in scores.values()) / len(exercises)) if exercises else 0
        rows.append(ParticipantRow(p.id, p.display_name, account, p.joined_at.isoformat(timespec="seconds"), scores,
                                   {pos: a for pos, (_, a) in mine.items()}, total, len(mine)))
    progress = []
    for e in exercises:
        got = [r.scores[e.position] for r in rows if r.scores[e.position] is not None]
        progress.append(ExerciseProgress(e.position, e.kind, len(got), round(sum(got) / len(got), 1) if got else None))
    most = []
    for e in exercises:
        if e.position in missed:
            findings = e.answer_key.get("findings", [])
            for index, n in missed[e.position].items():
                if 0 <= index < len(findings):
                    f = findings[index]
                    most.append(MissedRisk(e.position, f["type"], f["text"], n, counts[e.position]))
    most.sort(key=lambda m: (-m.missed, m.position, m.text))
    return Dashboard(info, rows, progress, most[:10], info.remaining_s)


# --- exports -------------------------------------------------------------------------------------------------

def _safe_cell(value):
    """A text a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def results_table(board: Dashboard, lang: str | None = None) -> tuple[list[str], list[list]]:
    """Header and rows of the results: name, account, joined, one column per exercise, total, submitted."""
    lang = lang or board.session.lang
    h, names = HEADERS.get(lang, HEADERS["en"]), KIND_NAMES.get(lang, KIND_NAMES["en"])
    header = [h["name"], h["account"], h["joined"]]
    header += [f"{e.position}. {names[e.kind]}" for e in board.exercises]
    header += [h["total"], h["done"]]
    rows = []
    for r in board.participants:
        rows.append([r.name, r.account or "", r.joined_at, *[r.scores[e.position] for e in board.exercises],
                     r.total, r.submitted])
    return header, rows


def results_csv(board: Dashboard, lang: str | None = None, *, bom: bool = False) -> str:
    """The results as CSV text (with `bom`, a UTF-8 byte-order mark so Excel reads the Vietnamese letters)."""
    header, rows = results_table(board, lang)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else _safe_cell(v) for v in row])
    return ("\ufeff" if bom else "") + out.getvalue()


def results_xlsx(board: Dashboard, lang: str | None = None) -> bytes:
    """The results as an XLSX workbook: a results sheet and a most-missed-risks sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    lang = lang or board.session.lang
    h, risk_names = HEADERS.get(lang, HEADERS["en"]), RISK_NAMES.get(lang, RISK_NAMES["en"])
    header, rows = results_table(board, lang)
    wb = Workbook()
    ws = wb.active
    ws.title = h["results"][:31]
    ws.append([_safe_cell(board.session.title)])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([f"{board.session.code} · {board.session.created_at[:10]}"])
    ws.append([])
    ws.append(header)
    for cell in ws[4]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([_safe_cell(v) for v in row])
    for i, width in enumerate([28, 16, 22] + [18] * len(board.exercises) + [12, 14], start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "B5"
    risks = wb.create_sheet(h["missed"][:31])
    risks.append(["#", h["type"], h["text"], h["count"], h["of"]])
    for cell in risks[1]:
        cell.font = Font(bold=True)
    for m in board.most_missed:
        risks.append([m.position, risk_names.get(m.type, m.type), _safe_cell(m.text), m.missed, m.submissions])
    risks.column_dimensions["C"].width = 60
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
