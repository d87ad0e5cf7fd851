"""The workshop pages through AppTest: the trainer creates a session, sees the code and QR code, watches the
dashboard, closes and reveals, downloads results and certificates; a participant joins with the code and a
display name (no account), does the exercises, sees their own score and, after the reveal, what they missed.

AppTest cannot switch to a callable page of `st.navigation`, so each script sets the session state a logged-in
user (or nobody) would have and renders the page function directly (like tests/test_media_page.py).
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from studio.config import load_settings
from studio.errors import StudioError
from studio.workflow import accounts
from studio.workflow.db import open_database
from studio.workshop import sessions
from studio.workshop.material import build_exercises
from tests.workflow_helpers import PASSWORD, cheap_argon2, shared_gate  # noqa: F401


def _trainer_page(user):
    import streamlit as st

    st.session_state.setdefault("lang", "vi")
    if user:
        st.session_state.setdefault("user", {"name": user, "roles": ["trainer"], "must_change_password": False})
    from studio.ui.pages import workshop_trainer

    workshop_trainer.render()


def _join_page(lang):
    import streamlit as st

    st.session_state.setdefault("lang", lang)
    from studio.ui.pages import workshop_join

    workshop_join.render()


@pytest.fixture
def env(tmp_path, monkeypatch):
    """A data dir with the trainer `thu` (and `admin`) in its database; the shared safety gate."""
    monkeypatch.setenv("STUDIO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("STUDIO_LANG", "vi")
    monkeypatch.delenv("STUDIO_DATABASE_URL", raising=False)
    monkeypatch.delenv("STUDIO_LLM_BASE_URL", raising=False)
    st.cache_resource.clear()
    from studio.ui import resources

    monkeypatch.setattr(resources, "get_gate", shared_gate)  # built once per test run
    from studio.ui.pages import workshop_join, workshop_trainer

    monkeypatch.setattr(workshop_join, "get_gate", shared_gate)
    monkeypatch.setattr(workshop_trainer, "get_gate", shared_gate)
    db = open_database(load_settings())
    db.run(accounts._create_user, None, "admin", ["admin"], PASSWORD)
    db.run(accounts.add_user, "admin", "thu", ["trainer"], PASSWORD)
    yield db
    db.dispose()
    st.cache_resource.clear()


def _run(target) -> AppTest:
    """Run the script (`target`: the AppTest, or a widget just clicked or set) and check it raised nothing."""
    at = target.run()
    assert not at.exception, at.exception
    return at


def _submit(at: AppTest, form: str) -> AppTest:
    button = next(b for b in at.button if str(b.key).startswith(f"FormSubmitter:{form}-"))
    return _run(button.click())


def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [e.value for e in at.error]
    parts += [s.value for s in at.success] + [i.value for i in at.info] + [s.value for s in at.subheader]
    return re.sub(r"\\([^\sA-Za-z0-9])", r"\1", "\n".join(str(p) for p in parts))  # Markdown escapes undone


def _session(db, kinds=("spot-the-risk", "check-the-facts", "quiz", "write-with-ai")):
    specs = build_exercises(list(kinds), "vi", 4, gate=shared_gate())
    info = db.run(sessions.create_session, "thu", "Buổi <b>thử</b>", specs, lang="vi", minutes=30, seed=4)
    return info, {e.position: e.answer_key for e in db.read(sessions.exercises_with_keys, "thu", info.code)}


# ---------------------------------------------------------------- trainer

def test_the_trainer_page_needs_a_trainer(env):
    at = _run(AppTest.from_function(_trainer_page, args=(None,), default_timeout=60))
    assert [i.value for i in at.info] == ["Trang này dành cho giảng viên: hãy đăng nhập bằng tài khoản có vai "
                                          "trò giảng viên (trainer)."]


def test_a_trainer_creates_watches_closes_reveals_and_downloads(env):
    """GIVEN the trainer page WHEN she creates a session THEN its code and QR code are shown; WHEN a participant
    submits THEN the dashboard shows them; close and reveal change the state; certificates come as a ZIP."""
    db = env
    at = _run(AppTest.from_function(_trainer_page, args=("thu",), default_timeout=120))
    assert at.title[0].value == "Buổi thực hành AI"
    at.text_input(key="ws_title").input("Thực hành AI – Sông Đà")
    at.multiselect(key="ws_exercises").set_value(["spot-the-risk", "quiz"])
    _submit(at, "ws_create")
    code = at.selectbox(key="ws_session_pick").value
    assert [s.value for s in at.success] == [f"Đã tạo buổi thực hành. Mã tham gia: {code}"]
    assert f"## Mã tham gia: `{code}`" in [m.value for m in at.markdown]
    assert f"workshop_join?code={code}" in _texts(at)
    assert len(at.get("image")) == 1  # the QR code
    assert "Chưa có học viên nào tham gia." in _texts(at)

    key = {e.position: e.answer_key for e in db.read(sessions.exercises_with_keys, "thu", code)}
    lan = db.run(sessions.join_session, code, "Nguyễn Thị Lan")
    sessions.submit_answer(db, lan.token, 1, {"quotes": [key[1]["findings"][0]["text"]]})
    sessions.submit_answer(db, lan.token, 2, {"choices": key[2]["correct"]})
    _run(at)
    people = at.dataframe[1].value
    assert list(people["Họ tên"]) == ["Nguyễn Thị Lan"] and list(people["2. Trắc nghiệm"]) == [100]
    assert at.dataframe[2].value.shape[0] >= 1  # the most-missed risks
    assert {b.key for b in at.get("download_button")} >= {"ws_csv", "ws_xlsx"}

    _run(at.button(key="ws_close").click())
    assert "Trạng thái: đã đóng" in _texts(at)
    assert at.button(key="ws_reveal").disabled  # needs the confirmation first
    _run(at.checkbox(key="ws_reveal_ok").check())
    _run(at.button(key="ws_reveal").click())
    assert "Trạng thái: đã công bố đáp án" in _texts(at) and at.button(key="ws_open").disabled

    _run(at.button(key="ws_make_certs").click())
    done = at.session_state["ws_certs"]
    assert done[0] == code and done[2] == 1
    assert zipfile.ZipFile(io.BytesIO(done[1])).namelist() == ["001-nguyễn-thị-lan.png"]
    assert "ws_certs_zip" in {b.key for b in at.get("download_button")}


# ---------------------------------------------------------------- participant

def test_joining_with_a_wrong_code_or_no_name_says_why(env):
    db = env
    info, _ = _session(db)
    at = _run(AppTest.from_function(_join_page, args=("vi",), default_timeout=120))
    at.text_input(key="ws_code").input("ZZZZZZ")
    at.text_input(key="ws_name").input("Lan")
    _submit(at, "ws_join")
    assert "Không có buổi thực hành nào với mã “ZZZZZZ”" in at.error[0].value
    at.text_input(key="ws_code").input(info.code.lower())
    at.text_input(key="ws_name").input("   ")
    _submit(at, "ws_join")
    assert at.error[0].value == "Hãy nhập tên hiển thị (tối đa 60 ký tự)."
    db.run(sessions.close_session, "thu", info.code)
    at.text_input(key="ws_name").input("Lan")
    _submit(at, "ws_join")
    assert "đã đóng" in at.error[0].value and "ws_token" not in at.session_state


def test_a_participant_does_the_exercises_and_sees_the_missed_items_after_the_reveal(env):
    """GIVEN a session opened by the code in the join link WHEN a participant with a script-laden name joins and
    answers spot-the-risk, check-the-facts and the quiz THEN each tab shows their score and feedback, nothing of
    the key; after the trainer's reveal the missed risks and the answer key appear."""
    db = env
    info, key = _session(db)
    at = AppTest.from_function(_join_page, args=("vi",), default_timeout=120)
    at.query_params["code"] = info.code
    _run(at)
    assert at.text_input(key="ws_code").value == info.code
    at.text_input(key="ws_name").input("<b>Lan</b>")
    _submit(at, "ws_join")
    assert "&lt;" not in _texts(at)  # escaped once, for Markdown (studio.ui.plain), not twice
    assert at.success[0].value.startswith("Chào \\<b\\>Lan\\</b\\>, bạn đã vào buổi")
    assert "**<b>Lan</b>**" in _texts(at)  # shown as text (Markdown escapes undone by _texts)
    assert [t.label for t in at.tabs] == ["1. Tìm rủi ro", "2. Kiểm tra sự thật", "3. Trắc nghiệm",
                                          "4. Viết cùng AI"]
    assert not any(e.label.startswith("Tất cả rủi ro") for e in at.expander)  # no key before the reveal

    first = key[1]["findings"][0]["text"]
    at.text_area(key="ws_quotes_1").input(f"{first}\nkhông có trong văn bản")
    _submit(at, "ws_spot_form_1")
    assert at.success[0].value.startswith("Đã nộp bài 1: ")
    assert f"Tìm được 1/{len(key[1]['findings'])} rủi ro" in _texts(at)
    for i in key[2]["flagged"]:
        at.checkbox(key=f"ws_flag_2_{i}").check()
    _submit(at, "ws_facts_form_2")
    assert "Đã nộp bài 2: 100/100 điểm." in [s.value for s in at.success]
    for n, right in enumerate(key[3]["correct"]):
        at.radio(key=f"ws_quiz_3_{n}").set_value(right if n else (right + 1) % 4)
    _submit(at, "ws_quiz_form_3")
    assert f"Trả lời đúng {len(key[3]['correct']) - 1}/{len(key[3]['correct'])} câu" in _texts(at)
    assert "đáp án đúng là" not in _texts(at)
    assert [t.label for t in at.tabs][:3] == ["1. Tìm rủi ro ✓", "2. Kiểm tra sự thật ✓", "3. Trắc nghiệm ✓"]

    at.text_area(key="ws_text_4").input("x" * 6000)
    _submit(at, "ws_write_form_4")
    assert "vượt giới hạn 5000 ký tự" in at.error[0].value

    db.run(sessions.reveal_answers, "thu", info.code)
    _run(at.button(key="ws_refresh").click())
    text = _texts(at)
    assert "Đáp án và những gì bạn bỏ sót" in text and "Bỏ sót" in text and "Câu 1: đáp án đúng là" in text
    assert any(e.label.startswith("Tất cả rủi ro trong đoạn văn") for e in at.expander)
    assert all(b.disabled for b in at.button if str(b.key).startswith("FormSubmitter:ws_"))


def test_write_with_ai_drafts_edits_and_scores_in_english(env):
    """GIVEN the English page WHEN the participant asks for a draft THEN the text box holds the studio's cited
    draft (offline composer on the sample knowledge base), and submitting it gives a score with feedback."""
    db = env
    specs = build_exercises(["write-with-ai"], "en", 2, gate=shared_gate())
    info = db.run(sessions.create_session, "thu", "Write with AI", specs, lang="en", seed=2)
    at = AppTest.from_function(_join_page, args=("en",), default_timeout=300)
    _run(at)
    at.text_input(key="ws_code").input(info.code)
    at.text_input(key="ws_name").input("Lan")
    _submit(at, "ws_join")
    at.text_input(key="ws_topic_1").input("digital transformation of the banking trade union")
    _submit(at, "ws_draft_form_1")
    drafted = at.text_area(key="ws_text_1").value
    assert "[S1]" in drafted and "Your draft is ready" in _texts(at)
    _submit(at, "ws_write_form_1")
    assert at.success[0].value.startswith("Exercise 1 submitted: ")
    assert "Score: " in _texts(at) and "(attempts: 1)" in _texts(at)


# ---------------------------------------------------------------- found in the browser (tests/test_workshop_browser.py)

def test_the_dashboard_keeps_scores_as_numbers_with_a_dash_for_none(env):
    """GIVEN an exercise nobody has submitted WHEN the dashboard draws THEN its average is missing, not a "—"
    string in a number column (which broke the Arrow table, logging a traceback on every refresh)."""
    db = env
    info, key = _session(db, kinds=("spot-the-risk", "quiz"))
    lan = db.run(sessions.join_session, info.code, "Lan")
    sessions.submit_answer(db, lan.token, 2, {"choices": key[2]["correct"]})
    at = _run(AppTest.from_function(_trainer_page, args=("thu",), default_timeout=120))
    progress, people = at.dataframe[0], at.dataframe[1]
    assert progress.proto.placeholder == people.proto.placeholder == "—"
    averages = progress.value["Điểm trung bình"]
    assert averages.isna().tolist() == [True, False] and averages.dtype.kind == "f"
    assert people.value["1. Tìm rủi ro"].isna().all() and list(people.value["2. Trắc nghiệm"]) == [100]


def test_results_downloads_are_made_when_clicked(env, monkeypatch):
    """GIVEN the trainer page drawn before anyone joined WHEN participants join and submit (the dashboard
    refreshes, the page around the buttons does not) THEN the CSV and XLSX made on the click hold them, and the
    click does not rerun the page (a rerun revoked the file being made: a download now and then never came)."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    made = {}
    add_deferred = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        made[file_name.rsplit(".", 1)[1]] = data_callable
        return add_deferred(self, data_callable, mimetype, coordinates, file_name=file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    db = env
    info, key = _session(db, kinds=("quiz",))
    at = _run(AppTest.from_function(_trainer_page, args=("thu",), default_timeout=120))
    buttons = {b.key: b.proto for b in at.get("download_button")}
    assert all(buttons[k].ignore_rerun and buttons[k].deferred_file_id for k in ("ws_csv", "ws_xlsx"))
    assert set(made) == {"csv", "xlsx"}
    assert made["csv"]().decode("utf-8-sig").splitlines()[1:] == []

    anh = db.run(sessions.join_session, info.code, "Nguyễn Thị Ánh")
    sessions.submit_answer(db, anh.token, 1, {"choices": key[1]["correct"]})
    rows = made["csv"]().decode("utf-8-sig").splitlines()
    assert len(rows) == 2 and rows[1].startswith("Nguyễn Thị Ánh,") and ",100," in rows[1]
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(made["xlsx"]()))
    assert "Nguyễn Thị Ánh" in {c.value for row in book.active.iter_rows() for c in row}


def test_certificates_are_offered_always_and_made_again_for_late_joiners(env):
    """GIVEN nobody has joined WHEN the trainer asks for certificates THEN the page says so; GIVEN certificates
    made for one participant WHEN another joins THEN they can be made again, for both."""
    db = env
    info, key = _session(db, kinds=("quiz",))
    at = _run(AppTest.from_function(_trainer_page, args=("thu",), default_timeout=120))
    assert not at.button(key="ws_make_certs").disabled  # the page may be older than the dashboard above it
    _run(at.button(key="ws_make_certs").click())
    assert "Chưa có học viên nào tham gia." in [i.value for i in at.info] and "ws_certs" not in at.session_state
    db.run(sessions.join_session, info.code, "Lan")
    _run(at.button(key="ws_make_certs").click())
    assert at.session_state["ws_certs"][2] == 1 and "ws_certs_zip" in {b.key for b in at.get("download_button")}
    db.run(sessions.join_session, info.code, "Minh")
    _run(at.button(key="ws_make_certs").click())
    done = at.session_state["ws_certs"]
    assert done[2] == 2 and len(zipfile.ZipFile(io.BytesIO(done[1])).namelist()) == 2


def _tab_container(at):
    from streamlit.testing.v1.element_tree import Block

    return next(b for b in at.main.children.values() if isinstance(b, Block) and b.proto.HasField("tab_container"))


def test_a_submitted_exercise_stays_the_open_tab(env):
    """GIVEN a participant on the third tab WHEN they submit it (its label gains a ✓) THEN that tab is the open
    one after the rerun, not the first; asking for a draft keeps the write-with-ai tab open too."""
    db = env
    info, key = _session(db)
    at = _run(AppTest.from_function(_join_page, args=("vi",), default_timeout=300))
    at.text_input(key="ws_code").input(info.code)
    at.text_input(key="ws_name").input("Lan")
    _submit(at, "ws_join")
    assert _tab_container(at).proto.tab_container.default_tab_index == 0
    for n, right in enumerate(key[3]["correct"]):
        at.radio(key=f"ws_quiz_3_{n}").set_value(right)
    _submit(at, "ws_quiz_form_3")
    assert _tab_container(at).proto.tab_container.default_tab_index == 2
    assert at.tabs[2].label == "3. Trắc nghiệm ✓"
    at.text_input(key="ws_topic_4").input("chuyển đổi số trong công đoàn")
    _submit(at, "ws_draft_form_4")
    assert _tab_container(at).proto.tab_container.default_tab_index == 3


def test_a_participant_page_shows_nothing_of_another_participant(env):
    """GIVEN Lan has joined and answered WHEN Minh joins from another browser THEN his page holds none of Lan's
    name, answers or scores, and none of his exercises is ticked."""
    db = env
    info, key = _session(db)
    lan = _run(AppTest.from_function(_join_page, args=("vi",), default_timeout=120))
    lan.text_input(key="ws_code").input(info.code)
    lan.text_input(key="ws_name").input("Nguyễn Thị Lan")
    _submit(lan, "ws_join")
    secret = "Ghi chú riêng của Lan"
    lan.text_area(key="ws_quotes_1").input(f"{key[1]['findings'][0]['text']}\n{secret}")
    _submit(lan, "ws_spot_form_1")
    for n, right in enumerate(key[3]["correct"]):
        lan.radio(key=f"ws_quiz_3_{n}").set_value(right)
    _submit(lan, "ws_quiz_form_3")

    minh = _run(AppTest.from_function(_join_page, args=("vi",), default_timeout=120))
    minh.text_input(key="ws_code").input(info.code)
    minh.text_input(key="ws_name").input("Trần Văn Minh")
    _submit(minh, "ws_join")
    text = _texts(minh)
    assert "Nguyễn Thị Lan" not in text and secret not in text and "Điểm:" not in text
    assert minh.text_area(key="ws_quotes_1").value in ("", None)
    assert [r.value for r in minh.radio if str(r.key).startswith("ws_quiz_3_")] == [None] * len(key[3]["correct"])
    assert not any("✓" in t.label for t in minh.tabs)
    assert [c.value for c in minh.caption].count("Chưa nộp bài này.") == 4


def test_a_trainer_closes_and_opens_a_session_again(env):
    """GIVEN an open session WHEN the trainer closes it THEN nobody can join; WHEN she opens it again THEN the
    state line says open and joining works again."""
    db = env
    info, _ = _session(db, kinds=("quiz",))
    at = _run(AppTest.from_function(_trainer_page, args=("thu",), default_timeout=120))
    assert at.button(key="ws_open").disabled and not at.button(key="ws_close").disabled
    _run(at.button(key="ws_close").click())
    assert "Trạng thái: đã đóng" in _texts(at) and not at.button(key="ws_open").disabled
    with pytest.raises(StudioError) as closed:
        db.run(sessions.join_session, info.code, "Lan")
    assert closed.value.code == "workshop_closed"
    _run(at.button(key="ws_open").click())
    assert "Trạng thái: đang mở" in _texts(at) and at.button(key="ws_open").disabled
    assert db.run(sessions.join_session, info.code, "Lan").display_name == "Lan"
