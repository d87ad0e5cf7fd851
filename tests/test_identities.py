"""Identities that can't be faked (issue 17, item 3): look-alike account and participant names are refused while
Vietnamese names stay distinct; weak passwords are refused; one-time passwords have no look-alike characters; a
failed login does not tell which names exist and an admin can unlock; the data dir and database are private.
Real SQLite (and PostgreSQL when STUDIO_TEST_POSTGRES_URL is set) through the workflow fixtures."""

from __future__ import annotations

import itertools
import os
import stat
import unicodedata
from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner

from studio import identity
from studio.config import private_dir, save_settings
from studio.errors import StudioError
from studio.workflow import accounts, audit
from studio.workflow.db import init_db
from studio.workshop import sessions
from studio.workshop.material import build_exercises
from tests.workflow_helpers import PASSWORD, cheap_argon2, db, db_url, people  # noqa: F401

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)
CYR_LAN = "l\u0430n"            # Cyrillic а
CYR_FLOOD = "Fl\u043eod 0"      # Cyrillic о
FULLWIDTH_LAN = "\uff4c\uff41\uff4e"
VI_NFC = "Nguyễn Thị Ánh"


# --- names: the normal form and the skeleton ------------------------------------------------------------------

def test_look_alikes_share_a_skeleton_and_vietnamese_names_do_not():
    assert identity.skeleton(CYR_LAN) == identity.skeleton("lan") and CYR_LAN != "lan"
    assert identity.skeleton(CYR_FLOOD) == identity.skeleton("Flood 0")
    assert identity.name_key(FULLWIDTH_LAN) == identity.name_key("LAN") == "lan"
    assert identity.name_key(unicodedata.normalize("NFD", VI_NFC)) == identity.name_key(VI_NFC)
    for a, b in (("Lan", "Lân"), ("Lan", "Lán"), ("Dan", "Đan"), ("Lo", "Lơ"), ("Hả", "Hạ"), ("Hã", "Hà")):
        assert identity.skeleton(a) != identity.skeleton(b), (a, b)


def test_every_vietnamese_letter_with_every_tone_keeps_its_own_skeleton():
    tones = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
    vowels = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"]
    letters = [unicodedata.normalize("NFC", v + t) for v, t in itertools.product(vowels, tones)] + ["d", "đ"]
    skeletons = {identity.skeleton(f"h{x}") for x in letters}
    assert len(letters) == 74 and len(skeletons) == 74


def test_mixed_scripts_are_detected_but_single_script_names_are_fine():
    assert identity.mixed_script(CYR_LAN) and identity.mixed_script(CYR_FLOOD)
    assert identity.mixed_script("\u03b1lan")  # Greek alpha + Latin
    for fine in (VI_NFC, "Trần Văn Đức", "Иван", "Lan 2", "Yamada 山田"):
        assert not identity.mixed_script(fine), fine


# --- account names ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name,code", [
    (CYR_LAN, "name_mixed_script"),                 # Latin l, n + Cyrillic а
    ("\u04bb\u043e\u0430", "user_name_confusable"),  # all-Cyrillic "һоа" looks like "hoa"
    ("1an", "user_name_confusable"),                # digit one for "l"
    (FULLWIDTH_LAN, "user_exists"),                 # NFKC: "ｌａｎ" is "lan"
    ("LAN", "user_exists"),                         # case-folded
])
def test_look_alike_account_names_are_refused(people, name, code):
    with pytest.raises(StudioError) as err, people.transaction() as s:
        accounts.add_user(s, "admin", name, ["officer"], PASSWORD)
    assert err.value.code == code
    if code == "name_mixed_script":
        assert "bảng chữ cái" in err.value.message("vi") and "scripts" in err.value.message("en")
    if code == "user_name_confusable":
        assert "“hoa”" in err.value.message("vi") or "“lan”" in err.value.message("vi")
    with people.session() as s:
        assert len(accounts.list_users(s)) == 5  # nothing was added


def test_a_cyrillic_name_that_looks_like_no_one_is_allowed(people):
    with people.transaction() as s:
        assert accounts.add_user(s, "admin", "\u043b\u0430\u043d", ["officer"], PASSWORD).user.name == "лан"


def test_vietnamese_account_names_stay_distinct_and_log_in_by_key(people):
    with people.transaction() as s:
        for name in ("Lân", "Lán", "Đan", unicodedata.normalize("NFD", "Ánh")):
            accounts.add_user(s, "admin", name, ["officer"], PASSWORD)
    with people.session() as s:
        names = {u.name for u in accounts.list_users(s)}
    assert {"Lân", "Lán", "Đan", "Ánh"} <= names  # stored NFC
    with pytest.raises(StudioError) as err, people.transaction() as s:
        accounts.add_user(s, "admin", "ÁNH", ["officer"], PASSWORD)
    assert err.value.code == "user_exists"
    assert accounts.authenticate(people, "LAN", PASSWORD, now=T0).user.name == "lan"
    assert accounts.authenticate(people, FULLWIDTH_LAN, PASSWORD, now=T0).user.name == "lan"
    assert accounts.authenticate(people, unicodedata.normalize("NFD", "Lân"), PASSWORD, now=T0).user.name == "Lân"
    with pytest.raises(StudioError) as err:
        accounts.authenticate(people, CYR_LAN, PASSWORD, now=T0)  # a look-alike is never the account
    assert err.value.code == "login_failed"


# --- workshop participant names -----------------------------------------------------------------------------

@pytest.fixture
def room(people):
    specs = build_exercises(["quiz"], "vi", 3, gate=None)
    with people.transaction() as s:
        accounts.add_user(s, "admin", "thu", ["trainer"], PASSWORD)
    info = people.run(sessions.create_session, "thu", "Thực hành", specs, lang="vi", minutes=30, seed=3)
    people.run(sessions.open_session, "thu", info.code)
    return people, info


def test_look_alike_participant_names_are_refused_and_vietnamese_names_allowed(room):
    db, info = room
    for name in ("Flood 0", "lan", "Lan Anh", VI_NFC):
        db.run(sessions.join_session, info.code, name)
    for fake, code in ((CYR_FLOOD, "name_mixed_script"), (FULLWIDTH_LAN, "workshop_name_taken"),
                       ("F1ood 0", "workshop_name_taken"),
                       (unicodedata.normalize("NFD", VI_NFC), "workshop_name_taken"), (CYR_LAN, "name_mixed_script")):
        with pytest.raises(StudioError) as err:
            db.run(sessions.join_session, info.code, fake)
        assert err.value.code == code, fake
    for other in ("Lân", "Lán", "Lan Ánh", "Nguyễn Thị Anh"):
        assert db.run(sessions.join_session, info.code, other).display_name == other


# --- passwords ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("password,code", [
    (" " * 10, "password_trivial"),
    ("aaaaaaaaaa", "password_trivial"),
    ("1234567890", "password_trivial"),
    ("abababababab", "password_trivial"),
    ("0987654321", "password_trivial"),
    ("lan-lan-lan-1", "password_contains_name"),
    ("LAN-2026-lan!", "password_contains_name"),
    ("password123!", "password_weak"),
    ("qwertyuiop12", "password_weak"),
    ("iloveyou2026", "password_weak"),
])
def test_weak_passwords_are_refused_with_a_clear_message(people, password, code):
    with people.transaction() as s:
        account = accounts.reset_password(s, "admin", "lan")
    with pytest.raises(StudioError) as err, people.transaction() as s:
        accounts.change_password(s, "lan", account.one_time_password, password)
    assert err.value.code == code
    assert err.value.message("vi") != err.value.message("en") and "mật khẩu" in err.value.message("vi").lower()


def test_the_name_rule_reads_vietnamese_names_and_spares_long_phrases():
    with pytest.raises(StudioError) as err:
        accounts.check_password_policy("Lân.Lân.Lân.9", "Lân")
    assert err.value.code == "password_contains_name"
    with pytest.raises(StudioError) as err:
        accounts.check_password_policy(unicodedata.normalize("NFD", "LÂN-2026-lân"), "Lân")
    assert err.value.code == "password_contains_name"
    accounts.check_password_policy("mật-khẩu-mới-của-lân", "Lân")  # a phrase that merely includes the name


def test_strong_passphrases_are_accepted(people):
    with people.transaction() as s:
        otp = accounts.reset_password(s, "admin", "lan").one_time_password
    with people.transaction() as s:
        accounts.change_password(s, "lan", otp, "mây-trắng-bay-qua-đồi-2026")
    assert accounts.authenticate(people, "lan", "mây-trắng-bay-qua-đồi-2026", now=T0).user.name == "lan"


def test_one_time_passwords_have_no_look_alike_characters_and_pass_the_policy():
    otps = {accounts.generate_password() for _ in range(300)}
    assert len(otps) == 300
    used = set("".join(otps)) - {"-"}
    assert not used & set("0Oo1lIi5Ss2Zz8B6bGg9q")
    assert used <= set(accounts.OTP_ALPHABET) and len(used) == len(accounts.OTP_ALPHABET)
    for otp in list(otps)[:20]:
        accounts.check_password_policy(otp, "lan")


# --- login: no hint which names exist; admin unlock -----------------------------------------------------------

def test_unknown_locked_and_wrong_get_the_same_message(people):
    for n in range(accounts.MAX_FAILURES):
        accounts_error = pytest.raises(StudioError)
        with accounts_error as err:
            accounts.authenticate(people, "lan", "sai-mật-khẩu-123", now=T0 + timedelta(seconds=n))
        assert err.value.code == "login_failed"
    messages = []
    for name, password in (("lan", PASSWORD), ("lan", "sai-mật-khẩu-123"), ("ai-do", PASSWORD)):
        with pytest.raises(StudioError) as err:
            accounts.authenticate(people, name, password, now=T0 + timedelta(minutes=1))
        messages.append((err.value.code, err.value.message("vi"), err.value.message("en")))
    assert len(set(messages)) == 1 and messages[0][0] == "login_failed"
    assert "15 phút" in messages[0][1] and "administrator" in messages[0][2]


def test_an_unknown_name_does_the_same_password_work_as_a_known_one(people, monkeypatch):
    """GIVEN a known and an unknown name WHEN each logs in with a wrong password THEN each costs exactly one
    Argon2 verification (the unknown one against a dummy hash), so the time taken tells nothing; the speed itself
    is not asserted here (a noisy machine), only that the same work is done."""
    real, calls = accounts._verify, []

    def counted(password_hash, password):
        calls.append(password_hash)
        return real(password_hash, password)

    monkeypatch.setattr(accounts, "_verify", counted)
    for name in ("minh", "ai-do"):
        calls.clear()
        with pytest.raises(StudioError) as err:
            accounts.authenticate(people, name, "sai-mật-khẩu-123", now=T0)
        assert err.value.code == "login_failed" and len(calls) == 1 and calls[0].startswith("$argon2"), name


def test_an_admin_unlocks_a_locked_account_and_it_is_audited(people):
    for n in range(accounts.MAX_FAILURES):
        with pytest.raises(StudioError):
            accounts.authenticate(people, "lan", "sai-mật-khẩu-123", now=T0 + timedelta(seconds=n))
    with pytest.raises(StudioError):
        accounts.authenticate(people, "lan", PASSWORD, now=T0 + timedelta(minutes=1))
    with pytest.raises(StudioError) as err, people.transaction() as s:
        accounts.unlock_user(s, "minh", "lan")
    assert err.value.code == "role_required"
    with people.transaction() as s:
        info = accounts.unlock_user(s, "admin", "LAN")
    assert info.name == "lan" and info.locked_until is None
    assert accounts.authenticate(people, "lan", PASSWORD, now=T0 + timedelta(minutes=2)).user.name == "lan"
    with people.session() as s:
        event = [e for e in audit.list_events(s) if e.action == "user_unlock"][-1]
    assert (event.actor, event.data) == ("admin", {"user": "lan", "was_locked": True})


def test_cli_users_unlock(tmp_path):
    from studio.cli import cli

    url = f"sqlite:///{tmp_path / 'data' / 'studio.db'}"
    database = init_db(url)
    try:
        with database.transaction() as s:
            accounts._create_user(s, None, "admin", ["admin"], PASSWORD)
            accounts._create_user(s, "admin", "lan", ["officer"], PASSWORD)
        for n in range(accounts.MAX_FAILURES):
            with pytest.raises(StudioError):
                accounts.authenticate(database, "lan", "sai-mật-khẩu-123", now=T0 + timedelta(seconds=n))
        with database.session() as s:
            assert accounts.find_user(s, "lan").locked_until is not None
        env = {"STUDIO_DATA_DIR": str(tmp_path / "data"), "STUDIO_DATABASE_URL": url, "STUDIO_LANG": "vi",
               "STUDIO_ADMIN_PASSWORD": None}
        result = CliRunner().invoke(cli, ["users", "unlock", "lan", "--as", "admin"], env=env,
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.output
        assert result.output.strip() == "Đã mở khóa đăng nhập cho tài khoản “lan”."
        with database.session() as s:
            assert accounts.find_user(s, "lan").locked_until is None
    finally:
        database.dispose()


# --- files: data dir 0700, database 0600 ----------------------------------------------------------------------

def test_data_dir_and_database_are_private_under_umask_022(tmp_path):
    old = os.umask(0o022)
    try:
        data = tmp_path / "fresh" / "data"
        database = init_db(f"sqlite:///{data / 'studio.db'}")
        try:
            with database.transaction() as s:
                accounts._create_user(s, None, "admin", ["admin"], PASSWORD)
        finally:
            database.dispose()
        assert stat.S_IMODE(data.stat().st_mode) == 0o700
        files = [p for p in data.iterdir() if p.name.startswith("studio.db")]
        assert files and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in files), \
            [(p.name, oct(p.stat().st_mode)) for p in files]
        # an old database file left world-readable is tightened when opened
        os.chmod(data / "studio.db", 0o644)
        init_db(f"sqlite:///{data / 'studio.db'}").dispose()
        assert stat.S_IMODE((data / "studio.db").stat().st_mode) == 0o600
        other = tmp_path / "other"
        save_settings(other, {"lang": "vi"})
        assert stat.S_IMODE(other.stat().st_mode) == 0o700
        assert stat.S_IMODE(private_dir(tmp_path / "third").stat().st_mode) == 0o700
    finally:
        os.umask(old)
