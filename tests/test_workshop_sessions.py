"""Workshop sessions on SQLite and PostgreSQL: trainers create, open, close and reveal (audited); participants join
with a code (wrong and closed codes are clear errors), submit once per exercise, read only their own work; many
submit at the same time without a lost or doubled answer; the dashboard, CSV and XLSX tell the trainer the same."""

from __future__ import annotations

import csv
import io
import threading
from datetime import timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from studio.errors import StudioError
from studio.workflow import accounts, audit
from studio.workflow.models import Base
from studio.workshop import results, sessions
from studio.workshop.material import build_exercises
from studio.workshop.models import WorkshopParticipant, WorkshopSession, WorkshopSubmission
from tests.workflow_helpers import PASSWORD, cheap_argon2, db, db_url, shared_gate  # noqa: F401

KINDS = ["write-with-ai", "spot-the-risk", "check-the-facts", "quiz"]


@pytest.fixture
def room(db):
    """admin; thu and vy (trainers); lan (officer); one open session of thu with the four exercises in Vietnamese."""
    with db.transaction() as s:
        accounts._create_user(s, None, "admin", ["admin"], PASSWORD)
    with db.transaction() as s:
        for name, roles in (("thu", ["trainer"]), ("vy", ["trainer"]), ("lan", ["officer"])):
            accounts.add_user(s, "admin", name, roles, PASSWORD)
    specs = build_exercises(KINDS, "vi", 11, gate=shared_gate())
    info = db.run(sessions.create_session, "thu", "Thực hành AI", specs, lang="vi", minutes=30, seed=11)
    return db, info


def _keys(db, code):
    return {e.position: e.answer_key for e in db.read(sessions.exercises_with_keys, "thu", code)}


def _perfect(db, code) -> dict:
    keys = _keys(db, code)
    return {2: {"quotes": [f["text"] for f in keys[2]["findings"]]}, 3: {"flagged": keys[3]["flagged"]},
            4: {"choices": keys[4]["correct"]}}


def test_the_migrations_build_exactly_the_models_with_the_workshop_tables(db):
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    assert {"workshop_sessions", "workshop_exercises", "workshop_participants", "workshop_drafts",
            "workshop_submissions"} <= set(Base.metadata.tables)


def test_only_a_trainer_creates_a_session(room):
    db, info = room
    assert info.state == "open" and len(info.code) == 6 and info.exercises == tuple(KINDS) and info.accepting
    with pytest.raises(StudioError) as err:
        db.run(sessions.create_session, "lan", "x", build_exercises(["quiz"], "vi", 1, gate=shared_gate()), seed=1)
    assert err.value.code == "role_required"
    for bad, code in (({"title": " "}, "workshop_title_invalid"), ({"minutes": 0}, "workshop_minutes_invalid")):
        args = {"title": "T", "minutes": 30, **bad}
        with pytest.raises(StudioError) as err:
            db.run(sessions.create_session, "thu", args["title"], [], minutes=args["minutes"], seed=1)
        assert err.value.code == code


def test_trainer_actions_are_audited_and_only_the_sessions_trainer_or_an_admin_acts(room):
    db, info = room
    with pytest.raises(StudioError) as err:
        db.run(sessions.close_session, "vy", info.code)
    assert err.value.code == "workshop_not_trainer"
    db.run(sessions.close_session, "thu", info.code)
    db.run(sessions.open_session, "admin", info.code)
    db.run(sessions.reveal_answers, "thu", info.code)
    with pytest.raises(StudioError) as err:
        db.run(sessions.open_session, "thu", info.code)
    assert err.value.code == "workshop_reopen_revealed"
    events = [(e.actor, e.action, e.data.get("code")) for e in db.read(audit.list_events)
              if e.action.startswith("workshop_")]
    assert events == [("thu", "workshop_create", info.code), ("thu", "workshop_close", info.code),
                      ("admin", "workshop_open", info.code), ("thu", "workshop_reveal", info.code)]
    assert db.read(audit.verify).ok


def test_joining_with_a_wrong_or_closed_code_is_a_clear_error(room):
    db, info = room
    for code in ("ZZZZZZ", "abc", "", "01OI23", "'; DROP TABLE users; --"):
        with pytest.raises(StudioError) as err:
            db.run(sessions.join_session, code, "Lan")
        assert err.value.code == "workshop_code_unknown"
        assert "mã" in err.value.message("vi") and "code" in err.value.message("en")
    joined = db.run(sessions.join_session, f" {info.code.lower()[:3]}-{info.code.lower()[3:]} ", "Lan")
    assert joined.session.code == info.code
    db.run(sessions.close_session, "thu", info.code)
    with pytest.raises(StudioError) as err:
        db.run(sessions.join_session, info.code, "Minh")
    assert err.value.code == "workshop_closed" and "Thực hành AI" in err.value.message("vi")


def test_display_names_are_unique_per_session_and_accounts_rejoin_as_themselves(room):
    db, info = room
    db.run(sessions.join_session, info.code, "Lan Anh")
    for same in ("lan anh", "  LAN   ANH ", "Lan\u200bAnh".replace("\u200b", " ")):
        with pytest.raises(StudioError) as err:
            db.run(sessions.join_session, info.code, same)
        assert err.value.code == "workshop_name_taken"
    for bad in ("", "   ", "\x00\x01", "x" * 61):
        with pytest.raises(StudioError) as err:
            db.run(sessions.join_session, info.code, bad)
        assert err.value.code == "workshop_name_invalid"
    first = db.run(sessions.join_session, info.code, "", account="lan")
    again = db.run(sessions.join_session, info.code, "", account="lan")
    assert first.participant_id == again.participant_id and first.token != again.token
    with pytest.raises(StudioError):
        db.read(sessions.participant_view, first.token)  # the new token replaces the old one
    assert db.read(sessions.participant_view, again.token).account == "lan"


def test_a_participant_reads_only_their_own_work_and_no_key_before_the_reveal(room):
    """GIVEN Lan and Zeta who both submitted WHEN Lan reads her view THEN she sees her answers only, no answer
    key and no missed items; after the reveal she sees the key and her missed items, still nothing of Zeta's."""
    db, info = room
    lan = db.run(sessions.join_session, info.code, "Lan")
    minh = db.run(sessions.join_session, info.code, "Học viên Zeta")
    sessions.submit_answer(db, lan.token, 2, {"quotes": ["TÀI LIỆU MẬT"]})
    secret = "câu trả lời riêng của Zeta"
    sessions.submit_answer(db, minh.token, 2, {"quotes": [secret]})
    view = db.read(sessions.participant_view, lan.token)
    assert all(e.answer_key is None for e in view.exercises)
    assert list(view.submissions) == [2] and view.submissions[2].revealed == []
    assert secret not in repr(view)
    assert db.read(sessions.my_submission, lan.token, 3) is None
    with pytest.raises(StudioError) as err:
        db.read(sessions.participant_view, "not-a-token")
    assert err.value.code == "workshop_token_invalid"
    db.run(sessions.reveal_answers, "thu", info.code)
    view = db.read(sessions.participant_view, lan.token)
    assert all(e.answer_key is not None for e in view.exercises) and view.submissions[2].revealed
    assert secret not in repr(view) and "Zeta" not in repr(view)


def test_a_double_submit_is_one_submission_and_a_resubmit_replaces_it_until_the_close(room):
    db, info = room
    lan = db.run(sessions.join_session, info.code, "Lan")
    first = sessions.submit_answer(db, lan.token, 4, {"choices": [0, 0, 0, 0, 0]})
    same = sessions.submit_answer(db, lan.token, 4, {"choices": [0, 0, 0, 0, 0]})
    assert same.unchanged and same.attempts == 1 and same.score == first.score
    better = sessions.submit_answer(db, lan.token, 4, {"choices": _perfect(db, info.code)[4]["choices"]})
    assert better.replaced and better.attempts == 2 and better.score == 100
    db.run(sessions.close_session, "thu", info.code)
    with pytest.raises(StudioError) as err:
        sessions.submit_answer(db, lan.token, 4, {"choices": [1, 1, 1, 1, 1]})
    assert err.value.code == "workshop_closed"
    assert sessions.submit_answer(db, lan.token, 4, {"choices": better.answer["choices"]}).unchanged  # a retry
    with pytest.raises(StudioError) as err:
        sessions.submit_answer(db, lan.token, 9, {"choices": []})
    assert err.value.code == "workshop_exercise_unknown"
    count = db.read(lambda s: s.scalar(select(func.count()).select_from(WorkshopSubmission)))
    assert count == 1


def test_no_submission_after_the_time_limit_or_the_reveal(room):
    db, info = room
    lan = db.run(sessions.join_session, info.code, "Lan")
    def rewind(s):
        ws = s.scalars(select(WorkshopSession)).one()
        ws.opened_at = ws.opened_at - timedelta(minutes=31)

    db.run(rewind)
    with pytest.raises(StudioError) as err:
        sessions.submit_answer(db, lan.token, 3, {"flagged": [0]})
    assert err.value.code == "workshop_time_up" and "30" in err.value.message("vi")
    assert db.read(sessions.trainer_session, "thu", info.code).time_up
    db.run(sessions.reveal_answers, "thu", info.code)
    with pytest.raises(StudioError) as err:
        sessions.submit_answer(db, lan.token, 3, {"flagged": [0]})
    assert err.value.code == "workshop_revealed"


def test_huge_and_script_laden_answers(room):
    db, info = room
    lan = db.run(sessions.join_session, info.code, "<img src=x onerror=alert(1)>")
    with pytest.raises(StudioError) as err:
        sessions.submit_answer(db, lan.token, 1, {"text": "x" * 100_000}, gate=shared_gate())
    assert err.value.code == "workshop_too_long"
    sub = sessions.submit_answer(db, lan.token, 1, {"text": "<script>alert('x')</script>\x00 Xin chào."},
                                 gate=shared_gate())
    assert sub.answer["text"] == "<script>alert('x')</script> Xin chào."  # stored as text, NUL dropped
    assert db.read(sessions.participant_view, lan.token).display_name == "<img src=x onerror=alert(1)>"


def test_dashboard_csv_and_xlsx_agree(room):
    """GIVEN three participants (one perfect on three exercises, one partial, one who only joined)
    THEN the dashboard, the CSV and the XLSX show the same scores, and the most-missed risk comes first."""
    from openpyxl import load_workbook

    db, info = room
    perfect = _perfect(db, info.code)
    a = db.run(sessions.join_session, info.code, "An")
    b = db.run(sessions.join_session, info.code, "=HYPERLINK(\"http://x\")")
    db.run(sessions.join_session, info.code, "Chi")
    for position, answer in perfect.items():
        sessions.submit_answer(db, a.token, position, answer)
    sessions.submit_answer(db, b.token, 2, {"quotes": perfect[2]["quotes"][:1]})
    board = db.read(results.dashboard, "thu", info.code)
    assert [p.name for p in board.participants] == ["An", "=HYPERLINK(\"http://x\")", "Chi"]
    assert board.participants[0].scores == {1: None, 2: 100, 3: 100, 4: 100} and board.participants[0].total == 75
    assert board.participants[2].submitted == 0 and board.participants[2].total == 0
    assert [(e.position, e.submitted) for e in board.exercises] == [(1, 0), (2, 2), (3, 1), (4, 1)]
    assert board.most_missed and board.most_missed[0].missed == 1 and board.most_missed[0].submissions == 2
    assert 0 < board.remaining_s <= 30 * 60
    rows = list(csv.reader(io.StringIO(results.results_csv(board, "en"))))
    assert rows[0] == ["Name", "Account", "Joined at", "1. Write with AI", "2. Spot the risk", "3. Check the facts",
                       "4. Quiz", "Total score", "Exercises submitted"]
    assert rows[1][0] == "An" and rows[1][3:] == ["", "100", "100", "100", "75", "3"]
    assert rows[2][0] == "'=HYPERLINK(\"http://x\")"  # no formula injection
    assert results.results_csv(board, "vi", bom=True).startswith("\ufeffHọ tên,")
    book = load_workbook(io.BytesIO(results.results_xlsx(board, "vi")))
    sheet = book["Kết quả"]
    assert sheet["A1"].value == "Thực hành AI" and [c.value for c in sheet[4]][:2] == ["Họ tên", "Tài khoản"]
    assert [c.value for c in sheet[5]][3:] == [None, 100, 100, 100, 75, 3]
    assert sheet["A6"].value.startswith("'=") and sheet["A6"].data_type == "s"
    missed = book["Rủi ro bị bỏ sót"]
    assert missed.max_row == 1 + len(board.most_missed)


def test_the_dashboard_is_for_the_trainer_only(room):
    db, info = room
    with pytest.raises(StudioError) as err:
        db.read(results.dashboard, "lan", info.code)
    assert err.value.code == "role_required"
    with pytest.raises(StudioError) as err:
        db.read(results.dashboard, "vy", info.code)
    assert err.value.code == "workshop_not_trainer"
    assert [s.code for s in db.read(sessions.list_sessions, "vy")] == []
    assert [s.code for s in db.read(sessions.list_sessions, "admin")] == [info.code]


def test_concurrent_joins_and_submissions_lose_and_double_nothing(room):
    """GIVEN 24 participants WHEN each joins and submits three exercises twice (the second a double click), all in
    threads at the same time THEN there are exactly 24 × 3 submissions, each with one attempt."""
    db, info = room
    perfect = _perfect(db, info.code)
    errors: list[BaseException] = []
    barrier = threading.Barrier(24)

    def work(n: int) -> None:
        try:
            barrier.wait()
            joined = db.run(sessions.join_session, info.code, f"Học viên {n}")
            for _ in range(2):
                for position, answer in perfect.items():
                    sessions.submit_answer(db, joined.token, position, answer)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(24)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    counts = db.read(lambda s: (s.scalar(select(func.count()).select_from(WorkshopParticipant)),
                                s.scalar(select(func.count()).select_from(WorkshopSubmission)),
                                s.scalar(select(func.max(WorkshopSubmission.attempts)))))
    assert counts == (24, 72, 1)
    board = db.read(results.dashboard, "thu", info.code)
    assert all(p.total == 75 for p in board.participants)


def test_concurrent_different_answers_of_one_participant_keep_one_row(room):
    db, info = room
    lan = db.run(sessions.join_session, info.code, "Lan")
    errors: list[BaseException] = []

    def work(choice: int) -> None:
        try:
            sessions.submit_answer(db, lan.token, 4, {"choices": [choice] * 5})
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n % 4,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    rows = db.read(lambda s: s.execute(select(WorkshopSubmission.attempts)).scalars().all())
    assert len(rows) == 1 and 4 <= rows[0] <= 12
