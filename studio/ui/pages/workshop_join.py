"""Workshop page for participants: join with the code and a display name (no account needed, or with one's
account), do the exercises, see one's own score and feedback, and after the trainer's reveal what was missed.

The participant's token lives only in this browser session (`ws_token`); the page reads and writes through the
core functions of `studio.workshop.sessions`, which never give one participant another's answers. Everything a
participant or the material says is shown as text (escaped), never as markup.
"""

from __future__ import annotations

import streamlit as st

from studio.errors import StudioError
from studio.ui.auth import current_user
from studio.ui.plain import plain
from studio.ui.resources import get_database, get_gate, t, ui_lang

WATCH_SECONDS = 10


def render() -> None:
    st.title(t("ws_join_title"))
    db = get_database()
    token = st.session_state.get("ws_token")
    if not token:
        _join_form(db)
        return
    from studio.workshop.sessions import participant_view

    try:
        view = db.read(participant_view, token)
    except StudioError as err:
        st.session_state.pop("ws_token", None)
        st.error(err.message(ui_lang()))
        _join_form(db)
        return
    for message in st.session_state.pop("ws_flash", []):
        (st.error if message[0] == "error" else st.success)(message[1])
    _header(view)
    _watch(token, (view.session.state, view.session.revealed))
    from studio.workshop.material import KIND_NAMES

    names = KIND_NAMES.get(ui_lang(), KIND_NAMES["en"])
    labels = [f"{e.position}. {names[e.kind]}{' ✓' if e.position in view.submissions else ''}"
              for e in view.exercises]
    # the exercise just submitted (or drafted) stays open: its label gains a ✓, and new labels would otherwise
    # send the participant back to the first tab, away from their score
    here = [label for label, e in zip(labels, view.exercises) if e.position == st.session_state.get("ws_tab")]
    tabs = st.tabs(labels, default=here[0] if here else None)
    for tab, exercise in zip(tabs, view.exercises):
        with tab:
            {"write-with-ai": _write, "spot-the-risk": _spot, "check-the-facts": _facts, "quiz": _quiz}[
                exercise.kind](db, token, view, exercise)
            _result(view, exercise)


# ---------------------------------------------------------------- joining

def _join_form(db) -> None:
    from studio.workshop.sessions import join_session

    user = current_user()
    with st.form("ws_join"):
        code = st.text_input(t("ws_code_label"), value=st.query_params.get("code", ""), key="ws_code",
                             placeholder="ABC234")
        name = st.text_input(t("ws_name_label"), key="ws_name", placeholder=t("ws_name_placeholder"))
        use_account = st.checkbox(t("ws_use_account", name=plain(user.name)), key="ws_use_account") if user else False
        go = st.form_submit_button(t("ws_join_button"), type="primary")
    st.caption(t("ws_join_privacy"))
    if not go:
        return
    try:
        joined = db.run(join_session, code, name, account=user.name if user and use_account else None)
    except StudioError as err:
        st.error(err.message(ui_lang()))
        return
    st.session_state["ws_token"] = joined.token
    st.session_state["ws_flash"] = [("ok", t("ws_joined", name=plain(joined.display_name), title=plain(joined.session.title)))]
    st.rerun()


def _header(view) -> None:
    s = view.session
    st.subheader(plain(s.title), anchor=False)
    if s.revealed:
        state = t("ws_state_revealed")
    elif s.time_up:
        state = t("ws_state_time_up")
    else:
        state = t(f"ws_state_{s.state}")
    st.caption(t("ws_you_are", name=plain(view.display_name), state=state, left=s.remaining_s // 60))
    c1, c2 = st.columns([1, 5])
    if c1.button(t("ws_refresh"), key="ws_refresh"):
        st.rerun()
    if c2.button(t("ws_leave"), key="ws_leave"):
        for key in [k for k in st.session_state if str(k).startswith("ws_")]:
            del st.session_state[key]
        st.rerun()


@st.fragment(run_every=WATCH_SECONDS)
def _watch(token: str, shown: tuple) -> None:
    """Reload the page when the trainer closes the session or reveals the answers."""
    from studio.workshop.sessions import participant_session

    try:
        info = get_database().read(participant_session, token)
    except StudioError:
        return
    if (info.state, info.revealed) != shown:
        st.rerun(scope="app")


def _submit(db, token: str, position: int, answer: dict) -> None:
    from studio.workshop.sessions import submit_answer

    st.session_state["ws_tab"] = position
    try:
        sub = submit_answer(db, token, position, answer, gate=get_gate())
    except StudioError as err:
        st.session_state["ws_flash"] = [("error", err.message(ui_lang()))]
    else:
        key = "ws_unchanged" if sub.unchanged else "ws_submitted"
        st.session_state["ws_flash"] = [("ok", t(key, position=position, score=sub.score))]
    st.rerun()


# ---------------------------------------------------------------- exercises

def _write(db, token: str, view, exercise) -> None:
    m, pos, accepting = exercise.material, exercise.position, view.session.accepting
    st.markdown(plain(m["brief"]))
    draft = view.drafts.get(pos)
    with st.form(f"ws_draft_form_{pos}"):
        topic = st.text_input(t("ws_topic_label"), value=draft.topic if draft else m.get("topic_hint", ""),
                              key=f"ws_topic_{pos}", help=t("ws_topic_help"))
        ask = st.form_submit_button(t("ws_draft_button"), disabled=not accepting)
    if ask:
        _draft(db, token, pos, topic)
    key = f"ws_text_{pos}"
    if key not in st.session_state:
        stored = view.submissions.get(pos)
        st.session_state[key] = stored.answer.get("text", "") if stored else (draft.text if draft else "")
    if draft:
        st.caption(t("ws_drafted_by", composer=draft.composer, model=plain(draft.model or "-")))
        with st.expander(t("ws_sources", n=len(draft.sources))):
            for s in draft.sources:
                st.markdown(f"**[{plain(s['marker'])}] {plain(s['title'])}**")
                st.text(s["text"])
    with st.form(f"ws_write_form_{pos}"):
        text = st.text_area(t("ws_text_label"), key=key, height=240, help=t("ws_text_help"))
        go = st.form_submit_button(t("ws_submit"), type="primary", disabled=not accepting)
    if go:
        _submit(db, token, pos, {"text": text})


def _draft(db, token: str, position: int, topic: str) -> None:
    from studio.ui.resources import get_chat_model, get_knowledge_base, get_prompts
    from studio.workshop.sessions import request_draft

    st.session_state["ws_tab"] = position
    try:
        with st.spinner(t("ws_drafting")):
            result = request_draft(db, token, position, topic, get_knowledge_base(), get_prompts(),
                                   get_chat_model())
    except StudioError as err:
        st.session_state["ws_flash"] = [("error", err.message(ui_lang()))]
    else:
        st.session_state[f"ws_text_{position}"] = result.text
        st.session_state["ws_flash"] = [("ok", t("ws_drafted"))] + [("ok", n) for n in result.notices]
    st.rerun()


def _spot(db, token: str, view, exercise) -> None:
    pos, accepting = exercise.position, view.session.accepting
    st.markdown(t("ws_spot_brief"))
    st.code(exercise.material["text"], language=None, wrap_lines=True)
    stored = view.submissions.get(pos)
    key = f"ws_quotes_{pos}"
    if key not in st.session_state and stored:
        st.session_state[key] = "\n".join(stored.answer.get("quotes", []))
    with st.form(f"ws_spot_form_{pos}"):
        quotes = st.text_area(t("ws_quotes_label"), key=key, height=180, help=t("ws_quotes_help"))
        go = st.form_submit_button(t("ws_submit"), type="primary", disabled=not accepting)
    if go:
        _submit(db, token, pos, {"quotes": [q.strip() for q in quotes.splitlines() if q.strip()]})
    if exercise.answer_key is not None:
        from studio.workshop.scoring import RISK_NAMES

        names = RISK_NAMES.get(view.session.lang, RISK_NAMES["en"])
        with st.expander(t("ws_all_risks", n=len(exercise.answer_key["findings"])), expanded=True):
            for f in exercise.answer_key["findings"]:
                st.markdown(f"- {plain(names.get(f['type'], f['type']))}: “{plain(f['text'])}”")


def _facts(db, token: str, view, exercise) -> None:
    m, pos, accepting = exercise.material, exercise.position, view.session.accepting
    st.markdown(t("ws_facts_brief"))
    with st.expander(t("ws_facts_source"), expanded=True):
        for s in m["sources"]:
            st.markdown(f"**[{plain(s['marker'])}] {plain(s['title'])}**")
            st.text(s["text"])
    stored = view.submissions.get(pos)
    flagged = set(stored.answer.get("flagged", [])) if stored else set()
    wrong = set(exercise.answer_key["flagged"]) if exercise.answer_key is not None else set()
    with st.form(f"ws_facts_form_{pos}"):
        picks = []
        for i, sentence in enumerate(m["sentences"]):
            mark = " ⚠" if i in wrong else ""
            if st.checkbox(f"{i + 1}. {plain(sentence)}{mark}", value=i in flagged, key=f"ws_flag_{pos}_{i}"):
                picks.append(i)
        go = st.form_submit_button(t("ws_submit"), type="primary", disabled=not accepting)
    if go:
        _submit(db, token, pos, {"flagged": picks})


def _quiz(db, token: str, view, exercise) -> None:
    m, pos, accepting = exercise.material, exercise.position, view.session.accepting
    st.markdown(f"**{plain(m['title'])}**")
    stored = view.submissions.get(pos)
    chosen = stored.answer.get("choices", []) if stored else []
    with st.form(f"ws_quiz_form_{pos}"):
        answers = []
        for n, q in enumerate(m["questions"]):
            previous = chosen[n] if n < len(chosen) else None
            answers.append(st.radio(f"{n + 1}. {plain(q['question'])}", list(range(len(q["options"]))),
                                    index=previous, key=f"ws_quiz_{pos}_{n}",
                                    format_func=lambda j, q=q: f"{'ABCD'[j]}. {plain(q['options'][j])}"))
        go = st.form_submit_button(t("ws_submit"), type="primary", disabled=not accepting)
    if go:
        _submit(db, token, pos, {"choices": answers})


def _result(view, exercise) -> None:
    from studio.workshop.scoring import feedback_text

    sub = view.submissions.get(exercise.position)
    lang = ui_lang()
    if sub is None:
        st.caption(t("ws_not_submitted"))
        return
    st.markdown(t("ws_score", score=sub.score, attempts=sub.attempts))
    for f in sub.feedback:
        st.markdown(f"- {plain(feedback_text(f['code'], f['params'], lang))}")
    if view.session.revealed and sub.revealed:
        st.markdown(f"**{t('ws_revealed_header')}**")
        for f in sub.revealed:
            st.markdown(f"- {plain(feedback_text(f['code'], f['params'], lang))}")
