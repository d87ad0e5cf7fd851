"""Accounts: Argon2 password hashes, roles, login throttling, disabled users, the first admin.

Names can't be faked (studio/identity.py): a name is stored NFKC-cleaned, found by its case-folded key ("LAN"
logs in as "lan"), and a new name that mixes scripts or looks like an existing one ("lаn" with a Cyrillic "а")
is refused. Passwords are checked with zxcvbn (offline) and a few trivial patterns. A failed login says the same
whether the name is unknown, the password wrong or the account locked, and costs the same Argon2 work.

Every change writes an audit event in the same transaction. `authenticate` and `ensure_admin` take the
`Database` (not a session) because a failed login must be recorded even though the login is refused.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from studio import identity
from studio.errors import StudioError
from studio.workflow import audit
from studio.workflow.db import Database
from studio.workflow.models import Role, User, UserRole, utcnow

ROLES = tuple(r.value for r in Role)
MIN_PASSWORD = 10
MIN_PASSWORD_SCORE = 3      # zxcvbn score 0–4; 3 = about 10^8 guesses ("safely unguessable" online)
# one-time passwords: no characters people mix up when reading them aloud or off paper (0/O/o, 1/l/I/i, 5/S/s,
# 2/Z/z, 8/B, 6/b/G, 9/g/q) and lower case only, in blocks of four: "k7xm-4rtp-…" (4 × 4 × log2(22) ≈ 71 bits)
OTP_ALPHABET = "acdefhjkmnprtuvwxy347"
OTP_BLOCKS = 4
MAX_FAILURES = 5            # consecutive failed logins before the account is locked
LOCK_DURATION = timedelta(minutes=15)
ADMIN_NAME = "admin"
_NAME = re.compile(r"^[\w.@-]{2,64}$")

# argon2id with the library's defaults (RFC 9106 low-memory profile); tests may swap in cheaper parameters
_hasher = PasswordHasher()
_dummy_hash: str | None = None


@dataclass(frozen=True)
class UserInfo:
    name: str
    roles: tuple[str, ...]
    enabled: bool
    must_change_password: bool
    locked_until: str | None
    created_at: str
    last_login_at: str | None

    def to_dict(self) -> dict:
        return {**asdict(self), "roles": list(self.roles)}


@dataclass(frozen=True)
class NewAccount:
    user: UserInfo
    one_time_password: str | None  # set when the studio generated the password (must be changed at login)


@dataclass(frozen=True)
class LoginResult:
    user: UserInfo
    must_change_password: bool


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def generate_password() -> str:
    return "-".join("".join(secrets.choice(OTP_ALPHABET) for _ in range(4)) for _ in range(OTP_BLOCKS))


def _trivial(password: str) -> bool:
    """Blank, one or two characters repeated ("aaaaaaaaaa", "ababababab"), or a run of consecutive characters
    ("1234567890", "abcdefghij", "0987654321")."""
    text = password.strip()
    if len(set(text)) <= 2:
        return True
    steps = {ord(b) - ord(a) for a, b in zip(text, text[1:])}
    if len(steps) == 1 and steps <= {-1, 1}:
        return True
    runs = ("0123456789", "abcdefghijklmnopqrstuvwxyz")  # wrapping: "1234567890", "7890123456"
    return any(text.casefold() in run * 3 or text.casefold() in run[::-1] * 3 for run in runs)


def _mostly_name(password: str, name: str) -> bool:
    """The account name with little else: "lan", "LAN-lan-2026!" (fewer than 6 letters or digits besides
    the name). A long phrase that merely includes the name ("mật-khẩu-mới-của-lan") is left to zxcvbn."""
    key = "".join(ch for ch in identity.name_key(name) if ch.isalnum())
    compact = "".join(ch for ch in identity.name_key(password) if ch.isalnum())
    return len(key) >= 2 and key in compact and len(compact.replace(key, "")) < 6


def check_password_policy(password: str, name: str | None = None) -> None:
    """At least MIN_PASSWORD characters, not trivial, not the account name, and hard to guess (zxcvbn)."""
    if len(password) < MIN_PASSWORD:
        raise StudioError("password_too_short", min=MIN_PASSWORD)
    if _trivial(password):
        raise StudioError("password_trivial")
    if name and _mostly_name(password, name):
        raise StudioError("password_contains_name")
    from zxcvbn import zxcvbn

    # zxcvbn's matching grows with the length: the first 100 characters decide (longer ones are long enough)
    plain = unicodedata.normalize("NFC", password)[:100]
    if zxcvbn(plain, user_inputs=[name] if name else [])["score"] < MIN_PASSWORD_SCORE:
        raise StudioError("password_weak")


def user_info(user: User) -> UserInfo:
    iso = (lambda t: t.isoformat(timespec="seconds") if t else None)
    return UserInfo(user.name, tuple(user.roles), user.enabled, user.must_change_password, iso(user.locked_until),
                    iso(user.created_at), iso(user.last_login_at))


def find_user(session: Session, name: str) -> User | None:
    """The account called `name`, or whose name has the same key ("LAN", "ｌａｎ" → "lan"); never a mere
    look-alike. None when unknown, or when two old accounts share the key (ambiguous: neither is guessed)."""
    user = session.scalars(select(User).where(User.name == name)).first()
    if user is not None or not name:
        return user
    key = identity.name_key(name)
    same = [u for u in session.scalars(select(User)) if identity.name_key(u.name) == key]
    return same[0] if len(same) == 1 else None


def require_user(session: Session, name: str, *roles: str) -> User:
    """The acting user: must exist, be enabled and (when `roles` are given) hold one of them."""
    user = find_user(session, name)
    if user is None:
        raise StudioError("user_unknown", name=name)
    if not user.enabled:
        raise StudioError("user_disabled", name=name)
    if roles and not set(roles) & set(user.roles):
        raise StudioError("role_required", name=name, roles=", ".join(roles))
    return user


def _check_roles(roles) -> list[str]:
    roles = sorted(set(roles))
    unknown = [r for r in roles if r not in ROLES]
    if unknown or not roles:
        raise StudioError("role_unknown", role=", ".join(unknown) or "—", known=", ".join(ROLES))
    return roles


def add_user(session: Session, actor: str, name: str, roles, password: str | None = None) -> NewAccount:
    """An admin adds an account; without a password a one-time password is generated (must change at login)."""
    admin = require_user(session, actor, Role.admin.value)
    return _create_user(session, admin.name, name, roles, password)


def _create_user(session: Session, actor: str | None, name: str, roles, password: str | None) -> NewAccount:
    name = identity.clean(name)
    if not _NAME.match(name):
        raise StudioError("user_name_invalid", name=name)
    if identity.mixed_script(name):
        raise StudioError("name_mixed_script", name=name)
    roles = _check_roles(roles)
    existing = identity.look_alike(name, session.scalars(select(User.name)))
    if existing is not None:
        if identity.name_key(existing) == identity.name_key(name):
            raise StudioError("user_exists", name=existing)
        raise StudioError("user_name_confusable", name=name, existing=existing)
    one_time = None
    if password is None:
        password = one_time = generate_password()
    check_password_policy(password, name)
    user = User(name=name, password_hash=hash_password(password), enabled=True,
                must_change_password=one_time is not None, failed_logins=0,
                role_rows=[UserRole(role=r) for r in roles])
    session.add(user)
    session.flush()
    audit.record(session, "user_add", actor, user=name, roles=roles, one_time_password=one_time is not None)
    return NewAccount(user_info(user), one_time)


def list_users(session: Session) -> list[UserInfo]:
    return [user_info(u) for u in session.scalars(select(User).order_by(User.name))]


def get_user(session: Session, name: str) -> UserInfo:
    user = find_user(session, name)
    if user is None:
        raise StudioError("user_unknown", name=name)
    return user_info(user)


def _enabled_admins(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User).join(UserRole)
                          .where(User.enabled.is_(True), UserRole.role == Role.admin.value)) or 0


def disable_user(session: Session, actor: str, name: str) -> UserInfo:
    """A disabled user can neither log in nor act; the last enabled admin can't be disabled."""
    admin = require_user(session, actor, Role.admin.value)
    user = _target(session, name)
    if user.enabled and Role.admin.value in user.roles and _enabled_admins(session) <= 1:
        raise StudioError("last_admin", name=name)
    user.enabled = False
    audit.record(session, "user_disable", admin.name, user=name)
    return user_info(user)


def enable_user(session: Session, actor: str, name: str) -> UserInfo:
    admin = require_user(session, actor, Role.admin.value)
    user = _target(session, name)
    user.enabled, user.failed_logins, user.locked_until = True, 0, None
    audit.record(session, "user_enable", admin.name, user=name)
    return user_info(user)


def set_roles(session: Session, actor: str, name: str, roles) -> UserInfo:
    admin = require_user(session, actor, Role.admin.value)
    user = _target(session, name)
    roles = _check_roles(roles)
    before = user.roles
    if (Role.admin.value in before and Role.admin.value not in roles and user.enabled
            and _enabled_admins(session) <= 1):
        raise StudioError("last_admin", name=name)
    user.role_rows = [UserRole(role=r) for r in roles]
    session.flush()
    audit.record(session, "user_roles", admin.name, user=name, before=before, after=roles)
    return user_info(user)


def unlock_user(session: Session, actor: str, name: str) -> UserInfo:
    """An admin lifts a login lock (and clears the failure count) before it runs out."""
    admin = require_user(session, actor, Role.admin.value)
    user = _target(session, name)
    was_locked = user.locked_until is not None
    user.failed_logins, user.locked_until = 0, None
    audit.record(session, "user_unlock", admin.name, user=user.name, was_locked=was_locked)
    return user_info(user)


def reset_password(session: Session, actor: str, name: str) -> NewAccount:
    """A new one-time password (returned once, to be handed over); the user must change it at next login."""
    admin = require_user(session, actor, Role.admin.value)
    user = _target(session, name)
    one_time = generate_password()
    user.password_hash = hash_password(one_time)
    user.must_change_password, user.failed_logins, user.locked_until = True, 0, None
    audit.record(session, "user_reset_password", admin.name, user=name)
    return NewAccount(user_info(user), one_time)


def change_password(session: Session, name: str, old: str, new: str) -> UserInfo:
    """The user changes their own password (required after a one-time password)."""
    user = require_user(session, name)
    if not _verify(user.password_hash, old):
        raise StudioError("login_failed")
    check_password_policy(new, user.name)
    if new == old:
        raise StudioError("password_unchanged")
    user.password_hash = hash_password(new)
    user.must_change_password = False
    audit.record(session, "password_change", name, user=name)
    return user_info(user)


def _target(session: Session, name: str) -> User:
    user = find_user(session, name)
    if user is None:
        raise StudioError("user_unknown", name=name)
    return user


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def authenticate(db: Database, name: str, password: str, now: datetime | None = None) -> LoginResult:
    """Log in. Five failures in a row lock the account for 15 minutes (even for the right password; an admin
    can `unlock_user`). An unknown name, a wrong password and a locked account get the same refusal
    ("login_failed") after the same Argon2 work, so the answer does not tell which names exist.
    Every attempt is audited; the outcome is committed before a refusal is raised."""
    global _dummy_hash
    now = now or utcnow()
    refusal: StudioError | None = None
    with db.transaction() as session:
        user = find_user(session, name)
        if user is None:
            _dummy_hash = _dummy_hash or hash_password(generate_password())
            _verify(_dummy_hash, password)  # same work as for a real account: no timing hint that it is unknown
            audit.record(session, "login_failed", name, reason="unknown_user")
            refusal = StudioError("login_failed")
        elif user.locked_until is not None and user.locked_until > now:
            _verify(user.password_hash, password)  # the same work as a wrong password: no timing hint
            audit.record(session, "login_failed", user.name, reason="locked")
            refusal = StudioError("login_failed")
        elif not _verify(user.password_hash, password):
            user.failed_logins += 1
            audit.record(session, "login_failed", user.name, reason="password", failures=user.failed_logins)
            refusal = StudioError("login_failed")
            if user.failed_logins >= MAX_FAILURES:
                user.locked_until, user.failed_logins = now + LOCK_DURATION, 0
                audit.record(session, "account_locked", None, user=user.name, until=user.locked_until.isoformat())
        elif not user.enabled:
            audit.record(session, "login_failed", user.name, reason="disabled")
            refusal = StudioError("user_disabled", name=user.name)
        else:
            if _hasher.check_needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
            audit.record(session, "login", user.name, must_change_password=user.must_change_password)
            result = LoginResult(user_info(user), user.must_change_password)
    if refusal is not None:
        raise refusal
    return result


@dataclass(frozen=True)
class AdminBootstrap:
    created: bool
    name: str
    one_time_password: str | None  # to print once when the studio generated it
    from_environment: bool


def ensure_admin(settings, db: Database | None = None) -> AdminBootstrap:
    """On first start (no account yet) create `admin` with STUDIO_ADMIN_PASSWORD or a generated one-time
    password; either way it must be changed at first login."""
    if db is None:
        from studio.workflow.db import open_database

        db = open_database(settings)
    with db.transaction() as session:
        if session.scalar(select(func.count()).select_from(User)):
            return AdminBootstrap(False, ADMIN_NAME, None, False)
        from_env = settings.admin_password is not None
        account = _create_user(session, None, ADMIN_NAME, [Role.admin.value], settings.admin_password or None)
        user = find_user(session, ADMIN_NAME)
        user.must_change_password = True
        audit.record(session, "admin_created", None, user=ADMIN_NAME, password_from_environment=from_env)
    return AdminBootstrap(True, ADMIN_NAME, account.one_time_password, from_env)
