"""Home (every role): my items and their states, my review queue, recent activity, and what the studio
runs on (composer, narration). The data comes from `studio.workflow.dashboard` in one read."""

from __future__ import annotations

import streamlit as st

from studio.errors import StudioError
from studio.ui.auth import current_user, require_page
from studio.ui.plain import plain
from studio.ui.resources import get_database, get_settings, t, ui_lang
from studio.ui.widgets import action_name, state_name, when

OPEN_STATES = ("draft", "changes_requested")


def render() -> None:
    st.title(t("nav_home"))
    if not require_page("home"):
        return
    from studio.workflow.dashboard import dashboard

    user = current_user()
    st.caption(t("home_welcome", name=plain(user.name)))
    try:
        board = get_database().read(dashboard, user.name)
    except StudioError as err:
        st.error(err.message(ui_lang()))
        return
    _figures(board)
    left, right = st.columns([3, 2], gap="large")
    with left:
        if "officer" in board.roles or board.my_items:  # reviewers and admins write nothing themselves
            _my_items(board)
        _activity(board)
    with right:
        _system()


def _figures(board) -> None:
    counts = board.state_counts
    figures = []
    if "officer" in board.roles or board.my_items:
        figures += [(t("home_open_drafts"), sum(counts.get(s, 0) for s in OPEN_STATES)),
                    (t("home_in_review"), counts.get("in_review", 0)),
                    (t("home_done"), counts.get("approved", 0) + counts.get("published", 0))]
    if board.review_queue is not None:
        figures.append((t("home_review_queue"), board.review_queue))
    if not figures:
        return
    for column, (label, value) in zip(st.columns(len(figures)), figures):
        column.metric(label, value, border=True)


def _my_items(board) -> None:
    st.subheader(t("home_my_items"))
    if not board.my_items:
        st.info(t("home_no_items_officer"))
        return
    st.dataframe(
        [{t("col_item"): f"#{i.id}", t("col_state"): state_name(i.state), t("col_format"): t(f"format_{i.format}"),
          t("col_version"): i.current_version, t("col_updated"): when(i.updated_at), t("col_title"): i.title}
         for i in board.my_items],  # the long title last: the state stays in view
        hide_index=True, width="stretch")


def _activity(board) -> None:
    st.subheader(t("home_activity_all") if board.activity_scope == "all" else t("home_activity_mine"))
    if not board.activity:
        st.info(t("home_no_activity"))
        return
    st.dataframe(
        [{t("col_time"): when(a.at), t("col_action"): action_name(a.action), t("col_actor"): a.actor or "—",
          t("col_subject"): _subject(a)}
         for a in board.activity],
        hide_index=True, width="stretch")


def _subject(activity) -> str:
    if activity.item_id:
        return f"#{activity.item_id} {activity.item_title or ''}".strip()
    return activity.user or "—"


def _system() -> None:
    from studio.media.narration import pick_narrator

    settings = get_settings()
    st.subheader(t("home_system"))
    with st.container(border=True):
        st.markdown(f"**{t('home_composer')}**")
        if settings.llm_base_url:
            st.markdown(t("home_composer_model", model=plain(settings.llm_model),
                          url=plain(settings.llm_base_url)))
        else:
            st.markdown(t("home_composer_offline"))
        st.markdown(f"**{t('home_narration')}**")
        choice = pick_narrator(settings)
        st.markdown(t(f"narration_{choice.kind}", detail=plain(choice.detail)))
