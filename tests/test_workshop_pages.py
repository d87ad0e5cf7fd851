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
    assert "Chào &lt;b&gt;Lan&lt;/b&gt;" not in _texts(at)  # success messages are plain text
    assert at.success[0].value.startswith("Chào <b>Lan</b>, bạn đã vào buổi")
    assert "**&lt;b&gt;Lan&lt;/b&gt;**" in _texts(at)  # markdown shows the name as text, escaped
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
