"""Review page (reviewers): the queue of items in review; for one item the word diff against the version last
reviewed (or any earlier one), the text, its safety report and sources beside it, the comments (with an
optional quoted passage), and the decision. The four-eyes rule is the core's: the page only shows refusals."""

from __future__ import annotations

import streamlit as st

from studio.ui.auth import current_user, require_page
from studio.ui.flow import (
    choose_item,
    diff_html,
    findings_list,
    flash,
    highlighted_text,
    run_action,
    safety_summary,
    show_flash,
    sources_panel,
    text_box,
)
from studio.ui.plain import plain, plain_html
from studio.ui.resources import get_database, t

FLASH = "review_flash"


def render() -> None:
    from studio.workflow.items import get_item
    from studio.workflow.views import review_queue

    st.title(t("nav_review"))
    if not require_page("review"):
        return
    user = current_user()
    db = get_database()
    queue = db.read(review_queue, user.name)
    show_flash(FLASH)
    st.caption(t("rev_queue_count", n=len(queue)))
    if not queue:
        st.info(t("rev_queue_empty"))
        return
    by_id = {e.id: e for e in queue}
    choose_item("review_item", by_id, queue[0].id)
    item_id = st.selectbox(t("rev_pick_item"), list(by_id), key="review_item",
                           format_func=lambda i: _queue_label(by_id[i]))
    entry = by_id[item_id]
    if entry.wrote_a_version:
        st.warning(t("rev_own_item"))
    detail = db.read(get_item, item_id)
    st.subheader(plain(detail.title))
    st.caption(t("rev_item_caption", author=plain(detail.author), version=detail.current_version,
                 format=t(f"format_{detail.format}"), at=detail.updated_at.replace("T", " ")[:16]))
    text_col, side_col = st.columns([3, 2], gap="large")
    with text_col:
        changes, text_tab = st.tabs([t("rev_tab_changes"), t("rev_tab_text")])
        with changes:
            _diff(detail)
        with text_tab:
            st.markdown(text_box(plain_html(detail.version.text)), unsafe_allow_html=True)
    with side_col:
        _side(detail)
    _comments(user.name, detail)
    _decision(user.name, detail)


def _queue_label(entry) -> str:
    label = t("rev_queue_label", id=entry.id, title=entry.title, author=entry.author, version=entry.current_version)
    return label + (t("rev_queue_own") if entry.wrote_a_version else "")


def _diff(detail) -> None:
    from studio.workflow.views import version_diff

    if detail.current_version < 2:
        st.info(t("rev_first_version"))
        st.markdown(text_box(plain_html(detail.version.text)), unsafe_allow_html=True)
        return
    earlier = list(range(detail.current_version - 1, 0, -1))
    base = st.selectbox(t("rev_compare_with"), [None, *earlier], key=f"review_base_{detail.id}",
                        format_func=lambda n: t("rev_compare_default") if n is None else t("rev_compare_version", n=n))
    diff = get_database().read(version_diff, detail.id, base)
    st.caption(t(f"rev_diff_{diff.base_reason}", base=diff.base, current=diff.current))
    if not diff.changed:
        st.info(t("rev_no_change"))
    st.markdown(diff_html(diff.ops), unsafe_allow_html=True)
    st.caption(t("rev_diff_legend"))


def _side(detail) -> None:
    from studio.drafting.formats import used_markers

    safety, sources, history = st.tabs([t("rev_tab_safety"), t("rev_tab_sources"), t("rev_tab_history")])
    report = detail.version.safety
    with safety:
        safety_summary(report)
        if report is not None:
            findings_list(report)
            if report["findings"]:
                with st.expander(t("rev_findings_in_text")):
                    st.markdown(highlighted_text(detail.version.text, report["findings"]), unsafe_allow_html=True)
    with sources:
        sources_panel(detail.version.citations, used_markers(detail.version.content))
    with history:
        for h in reversed(detail.history):
            st.caption(t("rev_history_version", n=h["number"], by=plain(h["created_by"]),
                         at=h["created_at"].replace("T", " ")[:16],
                         verdict=t(f"saf_verdict_{h['verdict']}") if h["verdict"] else t("rev_unchecked")))
        for r in detail.reviews:
            st.caption(t("rev_history_decision", reviewer=plain(r.reviewer), version=r.version,
                         decision=t(f"rev_decision_{r.decision}"), at=r.created_at.replace("T", " ")[:16]))


def _comments(actor: str, detail) -> None:
    st.subheader(t("rev_comments_header", n=len(detail.comments)))
    if not detail.comments:
        st.caption(t("rev_no_comments"))
    for c in detail.comments:
        with st.container(border=True):
            st.caption(t("rev_comment_meta", author=plain(c.author), version=c.version,
                         at=c.created_at.replace("T", " ")[:16]))
            if c.quote:
                where = t("rev_comment_here") if c.current_start is not None else t("rev_comment_gone")
                st.caption(t("rev_comment_quote", quote=plain(c.quote), where=where))
            st.markdown(plain(c.body))
    with st.expander(t("rev_comment_add")):
        st.text_area(t("rev_comment_body"), key="review_comment_body", height=90)
        st.text_input(t("rev_comment_quote_label"), key="review_comment_quote", help=t("rev_comment_quote_help"))
        st.button(t("rev_comment_button"), key="review_comment_go", on_click=_add_comment, args=(actor, detail.id))


def _decision(actor: str, detail) -> None:
    st.subheader(t("rev_decision_header"))
    st.text_area(t("rev_decision_comment"), key="review_decision_comment", height=90,
                 placeholder=t("rev_decision_hint"))
    row = st.container(horizontal=True)  # the two decisions side by side
    row.button(t("rev_approve"), type="primary", key="review_approve", on_click=_decide,
              args=(actor, detail.id, "approve"))
    row.button(t("rev_request_changes"), key="review_request_changes", on_click=_decide,
              args=(actor, detail.id, "request_changes"))


# ---------------------------------------------------------------- actions (button callbacks)

def _add_comment(actor: str, item_id: int) -> None:
    from studio.workflow.views import comment_on_quote

    body, quote = st.session_state.get("review_comment_body", ""), st.session_state.get("review_comment_quote", "")
    info = run_action(FLASH, comment_on_quote, actor, item_id, body, quote)
    if info is not None:
        st.session_state["review_comment_body"] = st.session_state["review_comment_quote"] = ""
        flash(FLASH, "success", t("rev_commented", version=info.version))


def _decide(actor: str, item_id: int, action: str) -> None:
    from studio.workflow.review import approve_item, request_changes

    fn = approve_item if action == "approve" else request_changes
    comment = st.session_state.get("review_decision_comment", "")
    detail = run_action(FLASH, fn, actor, item_id, comment)
    if detail is not None:
        st.session_state["review_decision_comment"] = ""
        flash(FLASH, "success", t(f"rev_done_{action}", id=item_id, version=detail.current_version))
