"""Safety page: the author checks the current version of one of their items, sees the findings highlighted in
the exact text that would be published, masks one or all of them (a new version, checked again), accepts a
warning with a reason and submits for review when nothing blocks. A reviewer may check an item in review and
accept its warnings (masking and submitting stay the author's). The core decides; the page shows."""

from __future__ import annotations

import streamlit as st

from studio.ui.auth import current_user, require_page
from studio.ui.flow import (
    accepted_by,
    choose_item,
    finding_line,
    flash,
    highlighted_text,
    item_label,
    run_action,
    safety_summary,
    show_flash,
    state_name,
)
from studio.ui.plain import plain
from studio.ui.resources import get_database, get_gate, t

FLASH = "safety_flash"
CHECKABLE = ("draft", "in_review", "changes_requested", "approved")
SUBMITTABLE = ("draft", "changes_requested")
MODES = ("pseudonym", "partial", "redact")


def render() -> None:
    from studio.workflow.items import get_item, list_items

    st.title(t("nav_safety"))
    if not require_page("safety"):
        return
    user = current_user()
    db = get_database()
    everything = db.read(list_items)
    # an officer checks their own items; a reviewer may also check an item in review and accept its warnings
    shown = [i for i in everything if (i.author == user.name and i.state in CHECKABLE)
             or ("reviewer" in user.roles and i.state == "in_review" and i.author != user.name)]
    if not shown:
        st.info(t("saf_no_items"))
        return
    by_id = {i.id: i for i in shown}
    last = st.session_state.get("last_item")
    choose_item("safety_item", by_id, last if last in by_id else shown[-1].id)
    item_id = st.selectbox(t("saf_pick_item"), list(by_id), format_func=lambda i: item_label(by_id[i]),
                           key="safety_item")
    st.session_state["last_item"] = item_id
    detail = db.read(get_item, item_id)
    mine = detail.author == user.name
    version = detail.version
    report = version.safety
    st.caption(t("saf_item_caption", version=detail.current_version, state=state_name(detail.state),
                 author=plain(detail.author)))
    if not mine:
        st.caption(t("saf_not_author"))
    st.button(t("saf_check_button"), type="primary" if report is None else "secondary", key="safety_check",
              on_click=_check, args=(user.name, item_id))
    show_flash(FLASH)
    safety_summary(report)
    if report is None:
        st.caption(t("saf_check_hint"))
    else:
        text_col, list_col = st.columns([3, 2], gap="large")
        with text_col:
            st.markdown(f"**{t('saf_text_header', version=detail.current_version)}**")
            st.markdown(highlighted_text(version.text, report["findings"]), unsafe_allow_html=True)
            st.caption(t("saf_legend"))
        with list_col:
            st.markdown(f"**{t('saf_findings_header', n=len(report['findings']))}**")
            _findings(user.name, detail, report, mine)
    if mine:
        _submit(user.name, detail, report)


def _findings(actor: str, detail, report: dict, mine: bool) -> None:
    """Each finding with what can be done about it: mask (the author), accept a warning with a reason."""
    from studio.workflow.views import can_mask

    findings = report["findings"]
    if not findings:
        st.caption(t("flow_no_findings"))
        return
    accepted = accepted_by(report)
    # masking makes a new version, which only the author may do
    maskable = [i for i, f in enumerate(findings) if mine and f["severity"] != "info" and can_mask(f)]
    if maskable:
        st.radio(t("saf_mode_label"), MODES, format_func=lambda m: t(f"saf_mode_{m}"), key="safety_mode")
        st.button(t("saf_mask_all", n=len(maskable)), key="safety_mask_all",
                  on_click=_mask, args=(actor, detail.id, None, detail.current_version))
    for i, f in enumerate(findings):
        with st.container(border=True):
            st.markdown(finding_line(i, f), unsafe_allow_html=True)
            if i in maskable:
                st.button(t("saf_mask_one"), key=f"safety_mask_{i}",
                          on_click=_mask, args=(actor, detail.id, [i], detail.current_version))
            if i in accepted:
                st.caption(t("saf_accepted", by=plain(accepted[i]["by"]), reason=plain(accepted[i]["reason"])))
            elif f["severity"] == "warn":
                st.text_input(t("saf_reason_label"), key=f"safety_reason_{i}", placeholder=t("saf_reason_hint"))
                st.button(t("saf_accept_button"), key=f"safety_accept_{i}", on_click=_accept,
                          args=(actor, detail.id, i))
            elif f["severity"] == "block" and mine and i not in maskable:
                st.caption(t("saf_fix_in_compose"))


def _submit(actor: str, detail, report: dict | None) -> None:
    blocked = report is None or report["verdict"] == "block"
    open_to_submit = detail.state in SUBMITTABLE
    st.divider()
    st.button(t("saf_submit_button"), type="primary", key="safety_submit", disabled=blocked or not open_to_submit,
              on_click=_submit_now, args=(actor, detail.id))
    if not open_to_submit:
        st.caption(t("saf_submit_state", state=state_name(detail.state)))
    elif report is None:
        st.caption(t("saf_submit_needs_check"))
    elif blocked:
        st.caption(t("saf_submit_blocked"))


# ---------------------------------------------------------------- actions (button callbacks)

def _check(actor: str, item_id: int) -> None:
    from studio.workflow.items import check_item

    report = run_action(FLASH, check_item, item_id, get_gate(), actor)
    if report is not None:
        verdict = t(f"saf_verdict_{report['verdict']}")
        flash(FLASH, "success", t("saf_checked", n=len(report["findings"]), verdict=verdict))


def _mask(actor: str, item_id: int, indices: list[int] | None, expected: int) -> None:
    from studio.workflow.items import check_item
    from studio.workflow.views import mask_findings

    mode = st.session_state.get("safety_mode") or MODES[0]  # read now: the radio may have changed with the click
    detail = run_action(FLASH, mask_findings, actor, item_id, indices, mode, expected)
    if detail is None:
        return
    report = run_action(FLASH, check_item, item_id, get_gate(), actor)
    if report is not None:
        flash(FLASH, "success", t("saf_masked", version=detail.current_version,
                                  verdict=t(f"saf_verdict_{report['verdict']}")))


def _accept(actor: str, item_id: int, index: int) -> None:
    from studio.workflow.items import accept_safety_warning

    reason = st.session_state.get(f"safety_reason_{index}", "")
    report = run_action(FLASH, accept_safety_warning, actor, item_id, index, reason)
    if report is not None:
        flash(FLASH, "success", t("saf_accepted_now", n=index + 1, verdict=t(f"saf_verdict_{report['verdict']}")))


def _submit_now(actor: str, item_id: int) -> None:
    from studio.workflow.review import submit_item

    detail = run_action(FLASH, submit_item, actor, item_id)
    if detail is not None:
        flash(FLASH, "success", t("saf_submitted", id=item_id, version=detail.current_version))
