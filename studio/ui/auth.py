"""Who is logged in to this browser session (UI state only; accounts live in `studio.workflow.accounts`),
and which pages each role sees. The core functions check roles again on every action."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

# page → roles that see it (None: every logged-in user); the navigation and each page's render use this
PAGE_ROLES: dict[str, tuple[str, ...] | None] = {
    "home": None,
    "knowledge": None,
    "compose": ("officer",),
    "media": ("officer",),
    "safety": ("officer", "reviewer"),
    "review": ("reviewer",),
    "publish": ("officer", "reviewer"),
    "admin": ("admin",),
    "workshop_trainer": ("trainer", "admin"),
    "workshop_join": None,  # also before login: participants join a session with its code, no account needed
}


@dataclass(frozen=True)
class CurrentUser:
    name: str
    roles: frozenset[str]
    must_change_password: bool = False


def current_user() -> CurrentUser | None:
    data = st.session_state.get("user")
    if not data:
        return None
    return CurrentUser(data["name"], frozenset(data["roles"]), bool(data.get("must_change_password")))


def set_user(info) -> None:
    """Remember the account `info` (a `studio.workflow.accounts.UserInfo`) as logged in."""
    st.session_state["user"] = {"name": info.name, "roles": list(info.roles),
                                "must_change_password": bool(info.must_change_password)}


def log_out() -> None:
    """Forget the user and every piece of UI state they left behind; keep the language."""
    lang = st.session_state.get("lang")
    for key in list(st.session_state):
        del st.session_state[key]
    if lang:
        st.session_state["lang"] = lang


def has_role(*roles: str) -> bool:
    user = current_user()
    return bool(user and user.roles & set(roles))


def may_open(page: str) -> bool:
    """True when the logged-in user (who has changed a one-time password) may see `page`."""
    user = current_user()
    if user is None or user.must_change_password:
        return False
    roles = PAGE_ROLES[page]
    return roles is None or bool(user.roles & set(roles))


def require_page(page: str) -> bool:
    """For a page's render(): False (after saying why, in the UI language) when the user may not see it."""
    if may_open(page):
        return True
    from studio.ui.resources import t

    roles = PAGE_ROLES.get(page) or ()
    st.error(t("page_forbidden", roles=", ".join(t(f"role_{r}") for r in roles)) if current_user()
             else t("page_login_required"))
    return False
