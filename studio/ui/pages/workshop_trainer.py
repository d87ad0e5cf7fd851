"""Workshop page for trainers: create a "Practice AI" session, show its join code and QR code for the projector,
watch the live dashboard (it refreshes itself), open, close or reveal the answers, download the results and the
certificates. Every action is a core function of `studio.workshop`; the roles are checked there again.
"""

from __future__ import annotations

import io
import zipfile
from functools import partial

import streamlit as st

from studio.errors import StudioError
from studio.ui.auth import current_user
from studio.ui.plain import plain
from studio.ui.resources import get_database, get_gate, get_settings, t, ui_lang

KINDS = ("write-with-ai", "spot-the-risk", "check-the-facts", "quiz")
REFRESH_SECONDS = 5


def render() -> None:
    st.title(t("ws_trainer_title"))
    if flash := st.session_state.pop("ws_trainer_flash", None):
        st.success(flash)
    user = current_user()
    if user is None or not user.roles & {"trainer", "admin"}:
        st.info(t("ws_need_trainer"))
        return
    db = get_database()
    _create_form(db, user)
    try:
        sessions = db.read(_list, user.name)
    except StudioError as err:
        st.error(err.message(ui_lang()))
        return
    if not sessions:
        st.caption(t("ws_no_sessions"))
        return
    titles = {s.code: s.title for s in sessions}
    code = st.selectbox(t("ws_session_pick"), list(titles), key="ws_session_pick",
                        format_func=lambda c: f"{c} — {titles[c]}")
    _session_panel(db, user.name, code)


def _list(session, actor):
    from studio.workshop.sessions import list_sessions

    return list_sessions(session, actor)


# ---------------------------------------------------------------- create

def _create_form(db, user) -> None:
    from studio.workshop.material import KIND_NAMES

    if "trainer" not in user.roles:
        return
    with st.expander(t("ws_create_header"), expanded=not st.session_state.get("ws_session_pick")):
        with st.form("ws_create"):
            title = st.text_input(t("ws_title_label"), placeholder=t("ws_title_placeholder"), key="ws_title")
            c1, c2, c3 = st.columns(3)
            lang = c1.selectbox(t("ws_lang_label"), ["vi", "en"], key="ws_lang",
                                format_func=lambda x: {"vi": "Tiếng Việt", "en": "English"}[x])
            minutes = c2.number_input(t("ws_minutes_label"), min_value=1, max_value=600, value=45, step=5,
                                      key="ws_minutes")
            source = c3.radio(t("ws_material_label"), ["bank", "knowledge"], key="ws_material",
                              format_func=lambda s: t(f"ws_material_{s}"))
            kinds = st.multiselect(t("ws_exercises_label"), list(KINDS), default=list(KINDS), key="ws_exercises",
                                   format_func=lambda k: KIND_NAMES[ui_lang()][k])
            go = st.form_submit_button(t("ws_create_button"), type="primary")
    if go:
        _create(db, user.name, title, lang, int(minutes), source, kinds)


def _create(db, trainer: str, title: str, lang: str, minutes: int, source: str, kinds: list[str]) -> None:
    from studio.workflow.accounts import require_user
    from studio.workshop import material, sessions

    try:
        db.read(require_user, trainer, "trainer")
        kinds = material.parse_kinds(kinds)
        seed = sessions.new_seed()
        with st.spinner(t("ws_creating")):
            kb = prompts = None
            if source == "knowledge":
                from studio.ui.resources import get_knowledge_base, get_prompts

                kb, prompts = get_knowledge_base(), get_prompts()
            specs = material.build_exercises(kinds, lang, seed, source, gate=get_gate(), kb=kb, prompts=prompts)
            info = db.run(sessions.create_session, trainer, title, specs, lang=lang, minutes=minutes, seed=seed,
                          source=source)
    except StudioError as err:
        st.error(err.message(ui_lang()))
        return
    st.session_state["ws_session_pick"] = info.code  # the selector below is not drawn yet in this run
    st.session_state["ws_trainer_flash"] = t("ws_created", code=info.code)
    st.rerun()


# ---------------------------------------------------------------- one session

def _session_panel(db, actor: str, code: str) -> None:
    from studio.workshop.sessions import trainer_session

    try:
        info = db.read(trainer_session, actor, code)
    except StudioError as err:
        st.error(err.message(ui_lang()))
        return
    _projector(info)
    _controls(db, actor, info)
    _live_dashboard(actor, code)
    _downloads(db, actor, code)
    _answer_keys(db, actor, code)


def _base_url() -> str | None:
    try:
        url = st.context.url
    except AttributeError:  # pragma: no cover - older Streamlit
        return None
    if not url:
        return None
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def _projector(info) -> None:
    from studio.workshop.qr import join_url, qr_png

    url = join_url(info.code, _base_url())
    left, right = st.columns([3, 2])
    with left:
        st.subheader(plain(info.title), anchor=False)
        st.markdown(t("ws_code_big", code=info.code))
        st.caption(t("ws_join_at", url=plain(url)))
        st.caption(t("ws_state_line", state=_state(info), minutes=info.minutes, left=info.remaining_s // 60))
    with right:
        st.image(qr_png(url), caption=t("ws_qr_caption"), width=240)


def _state(info) -> str:
    if info.revealed:
        return t("ws_state_revealed")
    return t("ws_state_time_up") if info.time_up else t(f"ws_state_{info.state}")


def _controls(db, actor: str, info) -> None:
    from studio.workshop import sessions

    c1, c2, c3, c4 = st.columns([1, 1, 1, 2])  # room for the confirmation's label
    action = None
    if c1.button(t("ws_open_button"), key="ws_open", disabled=info.state == "open" or info.revealed):
        action = sessions.open_session
    if c2.button(t("ws_close_button"), key="ws_close", disabled=info.state == "closed"):
        action = sessions.close_session
    confirm = c4.checkbox(t("ws_reveal_confirm"), key="ws_reveal_ok", disabled=info.revealed)
    if c3.button(t("ws_reveal_button"), key="ws_reveal", disabled=info.revealed or not confirm):
        action = sessions.reveal_answers
    if action is not None:
        try:
            db.run(action, actor, info.code)
        except StudioError as err:
            st.error(err.message(ui_lang()))
            return
        st.rerun()


@st.fragment(run_every=REFRESH_SECONDS)
def _live_dashboard(actor: str, code: str) -> None:
    """Re-run on its own every few seconds: joins, progress, scores and the most-missed risks."""
    from studio.workshop.material import KIND_NAMES
    from studio.workshop.results import dashboard, results_table
    from studio.workshop.scoring import RISK_NAMES

    try:
        board = get_database().read(dashboard, actor, code)
    except StudioError as err:
        st.error(err.message(ui_lang()))
        return
    lang = ui_lang()
    m1, m2, m3 = st.columns(3)
    m1.metric(t("ws_metric_joined"), len(board.participants))
    m2.metric(t("ws_metric_submissions"), sum(e.submitted for e in board.exercises))
    m3.metric(t("ws_metric_remaining"), t("ws_minutes_left", minutes=board.remaining_s // 60,
                                                seconds=board.remaining_s % 60))
    st.markdown(f"**{t('ws_progress_header')}**")
    progress = [{t("ws_col_exercise"): f"{e.position}. {KIND_NAMES[lang][e.kind]}",
                 t("ws_col_submitted"): f"{e.submitted}/{len(board.participants)}",
                 t("ws_col_average"): e.average} for e in board.exercises]
    # numbers stay numbers (a "—" string in a number column breaks the Arrow table on every refresh)
    st.dataframe(progress, hide_index=True, width="stretch", placeholder="—")
    st.markdown(f"**{t('ws_participants_header')}**")
    header, rows = results_table(board, lang)
    if rows:
        st.dataframe([dict(zip(header, row)) for row in rows], hide_index=True, width="stretch", placeholder="—")
    else:
        st.caption(t("ws_nobody_yet"))
    if board.most_missed:
        st.markdown(f"**{t('ws_missed_header')}**")
        names = RISK_NAMES.get(lang, RISK_NAMES["en"])
        st.dataframe([{t("ws_col_risk"): names.get(m.type, m.type), t("ws_col_text"): m.text,
                       t("ws_col_missed"): f"{m.missed}/{m.submissions}"} for m in board.most_missed],
                     hide_index=True, width="stretch")


def results_file(db, actor: str, code: str, lang: str, kind: str) -> bytes:
    """The results as they are now, CSV (with a BOM for Excel) or XLSX: a download button's data, read when it
    is clicked (on a thread of its own, so `db` and `lang` come from the page)."""
    from studio.workshop.results import dashboard, results_csv, results_xlsx

    board = db.read(dashboard, actor, code)
    return results_csv(board, lang, bom=True).encode("utf-8") if kind == "csv" else results_xlsx(board, lang)


def _downloads(db, actor: str, code: str) -> None:
    from studio.workshop.results import dashboard

    try:
        board = db.read(dashboard, actor, code)
    except StudioError as err:
        st.error(err.message(ui_lang()))
        return
    lang = ui_lang()
    st.markdown(f"**{t('ws_downloads_header')}**")
    c1, c2, c3 = st.columns(3)
    # made when clicked (the dashboard above refreshes by itself, the page around these buttons does not); no
    # rerun on the click, which would revoke the file being made
    c1.download_button(t("ws_download_csv"), partial(results_file, db, actor, code, lang, "csv"),
                       file_name=f"workshop-{code}.csv", mime="text/csv", key="ws_csv", on_click="ignore")
    c2.download_button(t("ws_download_xlsx"), partial(results_file, db, actor, code, lang, "xlsx"),
                       file_name=f"workshop-{code}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="ws_xlsx",
                       on_click="ignore")
    # always offered: this run's `board` is fresh when the button is clicked, and certificates made earlier
    # (before late joiners or the last answers) can be made again
    make = c3.button(t("ws_make_certs"), key="ws_make_certs")
    ready = st.session_state.get("ws_certs")
    if ready and ready[0] == code:
        c3.download_button(t("ws_download_certs", n=ready[2]), ready[1], file_name=f"certificates-{code}.zip",
                           mime="application/zip", key="ws_certs_zip")
    if make:
        from studio.workshop.certificate import brand_for, session_certificates

        if not board.participants:
            c3.info(t("ws_nobody_yet"))
            return
        try:
            with st.spinner(t("ws_making_certs")):
                files = session_certificates(board, brand_for(get_settings(), board.session.lang))
        except StudioError as err:
            st.error(err.message(ui_lang()))
            return
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:  # PNGs are compressed already
            for name, data in files:
                archive.writestr(zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0)), data)
        st.session_state["ws_certs"] = (code, buffer.getvalue(), len(files))
        st.rerun()


def _answer_keys(db, actor: str, code: str) -> None:
    from studio.workshop.material import KIND_NAMES
    from studio.workshop.sessions import exercises_with_keys

    with st.expander(t("ws_keys_header")):
        for e in db.read(exercises_with_keys, actor, code):
            st.markdown(f"**{e.position}. {KIND_NAMES[ui_lang()][e.kind]}**")
            st.json({"material": e.material, "answer_key": e.answer_key}, expanded=False)
