"""Accounts: Argon2 password hashes, roles, login throttling, disabled users, the first admin.

Every change writes an audit event in the same transaction. `authenticate` and `ensure_admin` take the
`Database` (not a session) because a failed login must be recorded even though the login is refused.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from studio.errors import StudioError
from studio.workflow import audit
from studio.workflow.db import Database
from studio.workflow.models import Role, User, UserRole, utcnow

ROLES = tuple(r.value for r in Role)
MIN_PASSWORD = 10
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
    return secrets.token_urlsafe(12)  # 16 characters, 96 bits


def check_password_policy(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise StudioError("password_too_short", min=MIN_PASSWORD)


def user_info(user: User) -> UserInfo:
    iso = (lambda t: t.isoformat(timespec="seconds") if t else None)
    return UserInfo(user.name, tuple(user.roles), user.enabled, user.must_change_password, iso(user.locked_until),
                    iso(user.created_at), iso(user.last_login_at))


def find_user(session: Session, name: str) -> User | None:
    return session.scalars(select(User).where(User.name == name)).first()


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
    if not _NAME.match(name or ""):
        raise StudioError("user_name_invalid", name=name)
    roles = _check_roles(roles)
    if find_user(session, name) is not None:
        raise StudioError("user_exists", name=name)
    one_time = None
    if password is None:
        password = one_time = generate_password()
    check_password_policy(password)
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
    check_password_policy(new)
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
    """Log in. Five failures in a row lock the account for 15 minutes (even for the right password).
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
            audit.record(session, "login_failed", name, reason="locked")
            minutes = max(1, -(-int((user.locked_until - now).total_seconds()) // 60))
            refusal = StudioError("account_locked", minutes=minutes)
        elif not _verify(user.password_hash, password):
            user.failed_logins += 1
            audit.record(session, "login_failed", name, reason="password", failures=user.failed_logins)
            refusal = StudioError("login_failed")
            if user.failed_logins >= MAX_FAILURES:
                user.locked_until, user.failed_logins = now + LOCK_DURATION, 0
                audit.record(session, "account_locked", None, user=name, until=user.locked_until.isoformat())
                refusal = StudioError("account_locked", minutes=int(LOCK_DURATION.total_seconds() // 60))
        elif not user.enabled:
            audit.record(session, "login_failed", name, reason="disabled")
            refusal = StudioError("user_disabled", name=name)
        else:
            if _hasher.check_needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
            audit.record(session, "login", name, must_change_password=user.must_change_password)
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
