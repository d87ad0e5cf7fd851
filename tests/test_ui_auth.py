"""Login first, through the whole app (app.py in AppTest): the first admin and its one-time password,
good and bad passwords, lockout, disabled accounts, the forced password change, logout, and the pages each
role sees — in the navigation and when a page's render() is called directly."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from studio.workflow import accounts, audit
from tests.ui_helpers import (  # noqa: F401
    PASSWORD,
    add_people,
    log_in,
    open_page,
    page,
    registered,
    run_db,
    start_app,
    studio_env,
    texts,
)

WRONG = "Sai tên đăng nhập hoặc mật khẩu. Sau 5 lần sai liên tiếp, tài khoản bị tạm khóa 15 phút (quản trị viên có thể mở khóa sớm)."


def _titles(at) -> list[str]:
    return [t.value for t in at.title]


def test_first_start_prints_the_one_time_password_to_the_terminal_only(studio_env, capfd):
    """GIVEN an empty data dir and no STUDIO_ADMIN_PASSWORD WHEN the app starts THEN the login form shows,
    the one-time password of `admin` is printed on the server's stderr and appears nowhere on the page;
    logging in with it leads to the forced password change."""
    at = start_app()
    assert _titles(at) == ["Đăng nhập"]
    err = capfd.readouterr().err
    found = re.search(r"đã tạo tài khoản quản trị “admin”\. Mật khẩu dùng một lần: (\S+) ", err)
    assert found, err
    one_time = found.group(1)
    assert one_time not in texts(at) + "".join(str(e.value) for e in at.text_input)
    assert registered(at) == {"", "workshop_join"}  # the login form, and the workshop page for participants
    log_in(at, "admin", one_time)
    assert _titles(at) == ["Đổi mật khẩu"]
    start_app()  # a second session of the same process: the account is not created again
    assert "Mật khẩu dùng một lần" not in capfd.readouterr().err


def test_studio_serve_creates_the_admin_and_prints_its_password_before_streamlit_starts(studio_env, monkeypatch):
    import studio.cli as cli_module

    started = []

    def fake_streamlit(command):  # what exists when Streamlit would start
        started.append((command, [u.name for u in run_db(accounts.list_users)]))
        return 0

    monkeypatch.setattr(cli_module, "run_forwarding_signals", fake_streamlit)
    result = CliRunner().invoke(cli_module.cli, ["serve", "--port", "8599"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    (command, users_then), = started
    assert command[command.index("--server.port") + 1] == "8599" and command[4].endswith("app.py")
    assert users_then == ["admin"]
    one_time = re.search(r"Mật khẩu dùng một lần: (\S+) ", result.stderr).group(1)
    at = start_app()  # the app finds the account and creates no second one
    log_in(at, "admin", one_time)
    assert _titles(at) == ["Đổi mật khẩu"]


def test_a_wrong_password_is_refused_in_the_ui_language_and_audited(studio_env):
    add_people({"lan": ["officer"]})
    at = log_in(start_app(), "lan", "mật-khẩu-sai-rồi")
    assert [e.value for e in at.error] == [WRONG]
    assert _titles(at) == ["Đăng nhập"] and "user" not in at.session_state
    at.selectbox(key="lang").select("en").run()
    log_in(at, "ai-do", "whatever-password")
    assert [e.value for e in at.error] == ["Wrong user name or password. After 5 failures in a row the account is locked for 15 minutes (an administrator can unlock it sooner)."]
    events = [(e.action, e.actor, e.data.get("reason")) for e in run_db(audit.list_events)]
    assert ("login_failed", "lan", "password") in events and ("login_failed", "ai-do", "unknown_user") in events


def test_empty_fields_ask_for_name_and_password(studio_env):
    at = start_app()
    at.button(key="login_submit").click().run()
    assert [e.value for e in at.error] == ["Hãy nhập tên đăng nhập và mật khẩu."]


def test_a_good_password_opens_home_with_name_roles_and_logout(studio_env):
    add_people({"hoa": ["officer", "reviewer"]})
    at = log_in(start_app(), "hoa", PASSWORD)
    assert _titles(at) == ["Trang chủ"]
    assert at.sidebar.markdown[0].value == "**hoa** · Cán bộ truyền thông, Người duyệt"
    assert [b.label for b in at.sidebar.button] == ["Đăng xuất"]
    assert ("login", "hoa") in [(e.action, e.actor) for e in run_db(audit.list_events)]


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(studio_env):
    add_people({"lan": ["officer"]})
    at = start_app()
    for _ in range(4):
        log_in(at, "lan", "sai-mật-khẩu-123")
        assert [e.value for e in at.error] == [WRONG]
    log_in(at, "lan", "sai-mật-khẩu-123")
    # locked now, but the page says what it says for a wrong password or an unknown name
    assert [e.value for e in at.error] == [WRONG]
    assert run_db(accounts.get_user, "lan").locked_until is not None
    log_in(at, "lan", PASSWORD)
    assert [e.value for e in at.error] == [WRONG] and "user" not in at.session_state


def test_a_disabled_account_cannot_log_in(studio_env):
    add_people({"lan": ["officer"]})
    run_db(accounts.disable_user, "admin", "lan")
    at = log_in(start_app(), "lan", PASSWORD)
    assert [e.value for e in at.error] == ["Tài khoản “lan” đã bị vô hiệu hóa và không thể thao tác."]
    assert _titles(at) == ["Đăng nhập"]


def test_an_account_disabled_during_a_session_is_logged_out(studio_env):
    add_people({"lan": ["officer"]})
    at = log_in(start_app(), "lan", PASSWORD)
    assert _titles(at) == ["Trang chủ"]
    run_db(accounts.disable_user, "admin", "lan")
    at.run()
    assert _titles(at) == ["Đăng nhập"] and "user" not in at.session_state
    assert [w.value for w in at.warning] == [
        "Phiên làm việc đã kết thúc: tài khoản bị vô hiệu hóa hoặc không còn tồn tại."]


def test_the_first_admin_must_change_the_password_before_anything_else(studio_env, monkeypatch):
    """GIVEN STUDIO_ADMIN_PASSWORD WHEN admin logs in THEN only the change-password screen is reachable;
    a mismatch, a short or an unchanged password are refused; a good one leads Home, and only the new
    password works afterwards."""
    monkeypatch.setenv("STUDIO_ADMIN_PASSWORD", "mật-khẩu-ban-đầu")
    at = log_in(start_app(), "admin", "mật-khẩu-ban-đầu")
    assert _titles(at) == ["Đổi mật khẩu"] and registered(at) == {""}  # nothing else until it is changed
    assert at.sidebar.button[0].label == "Đăng xuất"

    def change(old, new, again):
        at.text_input(key="password_old").input(old)
        at.text_input(key="password_new").input(new)
        at.text_input(key="password_again").input(again)
        at.button(key="password_submit").click().run()
        return [e.value for e in at.error]

    assert change("mật-khẩu-ban-đầu", "mật-khẩu-mới-2026", "mật-khẩu-mới-2025") == [
        "Hai lần nhập mật khẩu mới không giống nhau."]
    assert change("mật-khẩu-ban-đầu", "ngắn", "ngắn") == ["Mật khẩu phải có ít nhất 10 ký tự."]
    assert change("mật-khẩu-ban-đầu", "mật-khẩu-ban-đầu", "mật-khẩu-ban-đầu") == [
        "Mật khẩu mới phải khác mật khẩu cũ."]
    assert change("sai-mật-khẩu-cũ", "mật-khẩu-mới-2026", "mật-khẩu-mới-2026") == [WRONG]
    assert _titles(at) == ["Đổi mật khẩu"]
    assert change("mật-khẩu-ban-đầu", "mật-khẩu-mới-2026", "mật-khẩu-mới-2026") == []
    assert _titles(at) == ["Trang chủ"] and [s.value for s in at.success] == ["Đã đổi mật khẩu. Chào mừng bạn!"]
    assert registered(at) == {"", "knowledge", "admin", "workshop_trainer", "workshop_join"}

    at.sidebar.button[0].click().run()  # log out
    assert _titles(at) == ["Đăng nhập"]
    assert [e.value for e in log_in(at, "admin", "mật-khẩu-ban-đầu").error] == [WRONG]
    assert _titles(log_in(at, "admin", "mật-khẩu-mới-2026")) == ["Trang chủ"]


def test_logout_forgets_the_user_and_their_ui_state_but_keeps_the_language(studio_env):
    add_people({"lan": ["officer"]})
    at = log_in(start_app(), "lan", PASSWORD)
    at.selectbox(key="lang").select("en").run()
    at.session_state["last_draft"] = {"some": "draft"}
    at.sidebar.button[0].click().run()
    assert _titles(at) == ["Log in"]
    assert "user" not in at.session_state and "last_draft" not in at.session_state
    assert at.session_state["lang"] == "en"


@pytest.mark.parametrize("roles, pages", [
    (["officer"], {"", "knowledge", "compose", "media", "safety", "publish"}),
    (["reviewer"], {"", "knowledge", "safety", "review", "publish"}),
    (["admin"], {"", "knowledge", "admin", "workshop_trainer"}),
    (["trainer"], {"", "knowledge", "workshop_trainer"}),
    (["officer", "reviewer"], {"", "knowledge", "compose", "media", "safety", "review", "publish"}),
])
def test_the_navigation_holds_the_pages_of_the_users_roles(studio_env, roles, pages):
    add_people({"nga": roles})
    at = log_in(start_app(), "nga", PASSWORD)
    assert registered(at) == pages | {"workshop_join"}  # anyone may join a workshop with their account


def test_a_participant_opens_the_workshop_join_page_without_an_account(studio_env):
    """The join link (`studio.workshop.qr.join_url`) leads to the participants' page before any login."""
    from studio.workshop.qr import JOIN_PATH, join_url

    at = start_app()
    assert join_url("ABC234", "http://studio.local:8501") == f"http://studio.local:8501/{JOIN_PATH}?code=ABC234"
    at.query_params["code"] = "ABC234"
    open_page(at, JOIN_PATH)
    assert _titles(at) == ["Tham gia buổi thực hành"] and "user" not in at.session_state
    assert at.text_input(key="ws_code").value == "ABC234"


def test_an_officer_cannot_open_review_or_admin_even_by_calling_the_page(studio_env):
    """Neither page is in the navigation, and the Admin page's render() refuses when called directly."""
    add_people({"lan": ["officer"]})
    at = log_in(start_app(), "lan", PASSWORD)
    assert "review" not in registered(at) and "admin" not in registered(at)
    with pytest.raises(AssertionError, match="no page 'admin'"):
        open_page(at, "admin")

    admin = page("admin", "lan", ["officer"])
    assert [e.value for e in admin.error] == [
        "Bạn không có quyền mở trang này; trang dành cho vai trò: Quản trị viên."]
    assert not admin.tabs and not admin.button and not admin.dataframe  # nothing of the page itself

    # the Review page's own refusal is tested with the page (tests/test_ui_flow_review.py)

    nobody = page("admin", None, lang="en")
    assert [e.value for e in nobody.error] == ["Please log in to open this page."]


def test_a_role_given_during_the_session_applies_at_the_next_run(studio_env):
    add_people({"lan": ["officer"]})
    at = log_in(start_app(), "lan", PASSWORD)
    assert "review" not in registered(at)
    run_db(accounts.set_roles, "admin", "lan", ["officer", "reviewer"])
    at.run()
    assert "review" in registered(at)
    assert at.sidebar.markdown[0].value == "**lan** · Cán bộ truyền thông, Người duyệt"
