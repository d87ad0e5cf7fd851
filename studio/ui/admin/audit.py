"""Admin panel: the audit trail — recompute the hash chain (`studio.workflow.audit.verify`) and list the
newest events."""

from __future__ import annotations

import json

import streamlit as st

from studio.ui.resources import get_database, t, ui_lang
from studio.ui.widgets import action_name, when

RECENT = 50


def render() -> None:
    from studio.workflow import audit

    db = get_database()
    if st.button(t("audit_verify_button"), key="audit_verify", type="primary"):
        with st.spinner(t("audit_verifying")):
            result = db.read(audit.verify)
        (st.success if result.ok else st.error)(result.message(ui_lang()))
    events = db.read(audit.list_events, None, RECENT)[::-1]
    if not events:
        st.info(t("home_no_activity"))
        return
    st.subheader(t("audit_recent", n=len(events)))
    st.dataframe(
        [{"#": e.seq, t("col_time"): when(e.at), t("col_actor"): e.actor or "—",
          t("col_action"): action_name(e.action),
          t("col_item"): f"#{e.item_id}" if e.item_id else "—", t("col_details"): _details(e.data)}
         for e in events],
        hide_index=True, width="stretch")


def _details(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)[:200] if data else ""
