"""Accounts: Argon2 hashes, login throttling with an injected clock, disabled users, one-time passwords,
roles, the first admin — on SQLite and PostgreSQL; every change audited."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from argon2 import PasswordHasher

from studio.config import Settings
from studio.errors import StudioError
from studio.workflow import accounts, audit
from studio.workflow.models import User
from tests.workflow_helpers import PASSWORD, cheap_argon2, db, db_url, people  # noqa: F401

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)


def login(db, name, password, now=T0):
    return accounts.authenticate(db, name, password, now=now)


def login_error(db, name, password, now=T0) -> StudioError:
    with pytest.raises(StudioError) as err:
        login(db, name, password, now)
    return err.value


def test_passwords_are_stored_as_argon2id_with_the_default_parameters(db, monkeypatch):
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher())  # the real parameters, not the test ones
    with db.transaction() as s:
        accounts._create_user(s, None, "admin", ["admin"], PASSWORD)
    with db.session() as s:
        stored = accounts.find_user(s, "admin").password_hash
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert PASSWORD not in stored
    assert login(db, "admin", PASSWORD).user.name == "admin"


def test_five_failures_lock_the_account_for_fifteen_minutes_even_for_the_right_password(people):
    for n in range(1, 5):
        assert login_error(people, "lan", "sai-mat-khau", T0 + timedelta(seconds=n)).code == "login_failed"
    fifth = login_error(people, "lan", "sai-mat-khau", T0 + timedelta(seconds=5))
    # the same refusal as a wrong password or an unknown name: the answer does not tell that "lan" exists
    assert fifth.code == "login_failed" and "15 phút" in fifth.message("vi")
    assert login_error(people, "lan", PASSWORD, T0 + timedelta(minutes=14)).code == "login_failed"
    with people.session() as s:
        assert accounts.find_user(s, "lan").locked_until == T0 + timedelta(seconds=5) + accounts.LOCK_DURATION
    assert login(people, "lan", PASSWORD, T0 + timedelta(minutes=15, seconds=6)).user.name == "lan"
    with people.session() as s:
        events = [(e.action, e.data.get("reason")) for e in audit.list_events(s) if e.action.startswith(("login", "acc"))]
    assert events == [("login_failed", "password")] * 5 + [("account_locked", None), ("login_failed", "locked"),
                                                          ("login", None)]


def test_a_success_resets_the_failure_count(people):
    for n in range(4):
        login_error(people, "lan", "sai", T0 + timedelta(seconds=n))
    login(people, "lan", PASSWORD, T0 + timedelta(seconds=10))
    for n in range(4):
        assert login_error(people, "lan", "sai", T0 + timedelta(seconds=20 + n)).code == "login_failed"
    assert login(people, "lan", PASSWORD, T0 + timedelta(seconds=30)).user.name == "lan"


def test_unknown_user_and_wrong_password_get_the_same_message_and_both_are_audited(people):
    unknown, wrong = login_error(people, "ai-do", "x" * 12), login_error(people, "lan", "x" * 12)
    assert unknown.message("vi") == wrong.message("vi")
    assert unknown.message("vi").startswith("Sai tên đăng nhập hoặc mật khẩu.")
    with people.session() as s:
        failures = [(e.actor, e.data["reason"]) for e in audit.list_events(s) if e.action == "login_failed"]
    assert failures == [("ai-do", "unknown_user"), ("lan", "password")]


def test_disabled_user_cannot_log_in_and_enabling_restores_access(people):
    with people.transaction() as s:
        assert accounts.disable_user(s, "admin", "lan").enabled is False
    assert login_error(people, "lan", PASSWORD).code == "user_disabled"
    with people.transaction() as s:
        accounts.enable_user(s, "admin", "lan")
    assert login(people, "lan", PASSWORD).user.enabled


def test_reset_password_gives_a_one_time_password_that_must_be_changed(people):
    with people.transaction() as s:
        account = accounts.reset_password(s, "admin", "lan")
    otp = account.one_time_password
    assert otp and len(otp) >= accounts.MIN_PASSWORD
    assert login_error(people, "lan", PASSWORD).code == "login_failed"  # the old password is gone
    result = login(people, "lan", otp)
    assert result.must_change_password
    with people.transaction() as s:
        with pytest.raises(StudioError) as err:
            accounts.change_password(s, "lan", otp, "ngắn")
        assert err.value.code == "password_too_short"
    with people.transaction() as s:
        with pytest.raises(StudioError) as err:
            accounts.change_password(s, "lan", otp, otp)
        assert err.value.code == "password_unchanged"
    with people.transaction() as s:
        accounts.change_password(s, "lan", otp, "mật-khẩu-mới-của-lan")
    assert login(people, "lan", "mật-khẩu-mới-của-lan").must_change_password is False


def test_users_added_without_a_password_get_a_one_time_password(people):
    with people.transaction() as s:
        account = accounts.add_user(s, "admin", "mai", ["officer", "trainer"])
    assert account.user.roles == ("officer", "trainer") and account.user.must_change_password
    assert login(people, "mai", account.one_time_password).must_change_password


def test_roles_change_is_audited_and_the_last_admin_is_protected(people):
    with people.transaction() as s:
        assert accounts.set_roles(s, "admin", "lan", ["officer", "reviewer"]).roles == ("officer", "reviewer")
    with people.session() as s:
        event = audit.list_events(s)[-1]
    assert (event.action, event.actor, event.data) == ("user_roles", "admin",
                                                       {"user": "lan", "before": ["officer"],
                                                        "after": ["officer", "reviewer"]})
    for change in (lambda s: accounts.disable_user(s, "admin", "admin"),
                   lambda s: accounts.set_roles(s, "admin", "admin", ["officer"])):
        with pytest.raises(StudioError) as err, people.transaction() as s:
            change(s)
        assert err.value.code == "last_admin"


@pytest.mark.parametrize("name,roles,code", [
    ("lan", ["officer"], "user_exists"),
    ("x", ["officer"], "user_name_invalid"),
    ("có dấu cách", ["officer"], "user_name_invalid"),
    ("mai", ["chief"], "role_unknown"),
    ("mai", [], "role_unknown"),
])
def test_bad_accounts_are_refused(people, name, roles, code):
    with pytest.raises(StudioError) as err, people.transaction() as s:
        accounts.add_user(s, "admin", name, roles, PASSWORD)
    assert err.value.code == code


def test_first_start_creates_admin_with_a_printed_one_time_password(db, tmp_path):
    settings = Settings(data_dir=tmp_path, admin_password=None)
    first = accounts.ensure_admin(settings, db)
    assert first.created and first.one_time_password and not first.from_environment
    again = accounts.ensure_admin(settings, db)
    assert not again.created and again.one_time_password is None
    assert login(db, "admin", first.one_time_password).must_change_password
    with db.session() as s:
        assert [u.name for u in accounts.list_users(s)] == ["admin"]
        assert [e.action for e in audit.list_events(s)][:2] == ["user_add", "admin_created"]


def test_first_start_takes_the_admin_password_from_the_environment(db, tmp_path, monkeypatch):
    monkeypatch.setenv("STUDIO_ADMIN_PASSWORD", "mật-khẩu-quản-trị")
    settings = Settings(data_dir=tmp_path)
    boot = accounts.ensure_admin(settings, db)
    assert boot.created and boot.from_environment and boot.one_time_password is None
    result = login(db, "admin", "mật-khẩu-quản-trị")
    assert result.must_change_password and "admin" in result.user.roles


def test_a_short_admin_password_from_the_environment_is_refused(db, tmp_path):
    with pytest.raises(StudioError) as err:
        accounts.ensure_admin(Settings(data_dir=tmp_path, admin_password="ngắn"), db)
    assert err.value.code == "password_too_short"
    with db.session() as s:
        assert s.query(User).count() == 0
