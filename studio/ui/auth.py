"""Who is logged in to this browser session (UI state only; accounts live in `studio.workflow.accounts`)."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st



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
    st.session_state.pop("user", None)


def has_role(*roles: str) -> bool:
    user = current_user()
    return bool(user and user.roles & set(roles))
