"""Small helpers shared by the pages: one-shot messages, names of roles/states/actions, times
(escaping is `studio.ui.plain`)."""

from __future__ import annotations

import streamlit as st

from studio.ui.i18n import string_tables
from studio.ui.resources import t, ui_lang


def flash(kind: str, text: str, key: str = "flash", secret: str | None = None) -> None:
    """A message (and optionally a secret such as a one-time password) shown on the next run only."""
    st.session_state[key] = (kind, text, secret)


def show_flash(key: str = "flash") -> None:
    message = st.session_state.pop(key, None)
    if not message:
        return
    kind, text, secret = message
    {"success": st.success, "error": st.error, "warning": st.warning, "info": st.info}[kind](text)
    if secret:
        st.code(secret, language=None)


def role_names(roles) -> str:
    return ", ".join(t(f"role_{r}") for r in roles)


def state_name(state: str) -> str:
    from studio.workflow.states import STATE_NAMES

    name = STATE_NAMES.get(ui_lang(), STATE_NAMES["en"]).get(state, state)
    return name[:1].upper() + name[1:]


def action_name(action: str) -> str:
    """An audit event's action in the UI language (the code itself for an action without a label)."""
    key = f"audit_{action}"
    return t(key) if key in string_tables()["vi"] else action


def when(iso: str | None) -> str:
    """`2026-11-23T09:00:00.123+00:00` → `2026-11-23 09:00 UTC`."""
    return f"{iso[:16].replace('T', ' ')} UTC" if iso else "—"
