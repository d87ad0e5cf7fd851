"""Admin (administrators only): accounts and roles, brand kit, house style, model endpoints, safety policy,
knowledge base and the audit trail — one tab each, the panels in `studio/ui/admin/`."""

from __future__ import annotations

import streamlit as st

from studio.ui.auth import current_user, require_page
from studio.ui.resources import get_settings, t


def render() -> None:
    st.title(t("nav_admin"))
    if not require_page("admin"):
        return
    from studio.ui.admin import audit, brand, endpoints, knowledge, policy, style, users

    settings = get_settings()
    tabs = st.tabs([t(f"admin_tab_{name}") for name in ("users", "brand", "endpoints", "policy", "knowledge",
                                                        "style", "audit")])
    with tabs[0]:
        users.render(current_user().name)
    with tabs[1]:
        brand.render(settings)
    with tabs[2]:
        endpoints.render(settings)
    with tabs[3]:
        policy.render(settings)
    with tabs[4]:
        knowledge.render(settings)
    with tabs[5]:  # after knowledge: the tables of the earlier tabs keep their places (tests index them)
        style.render(settings)
    with tabs[6]:
        audit.render()
