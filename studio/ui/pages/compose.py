"""Compose page: pick a format and a topic, watch the cited draft arrive, edit it field by field beside its
sources with grounding warnings under the fields they concern, and save it — as a new item (version 1) or as
a new version of the item being edited. My items can be reopened here.

The working copy lives in `st.session_state["compose_work"]`; its `token` names the save request, so a
second click on Save (or a rerun after a double click) with the same text saves nothing twice.
"""

from __future__ import annotations

import hashlib
import json
import uuid

import streamlit as st

from studio.errors import StudioError
from studio.ui.auth import current_user, require_page
from studio.ui.flow import (
    choose_item,
    flash,
    item_label,
    show_error,
    show_flash,
    sources_panel,
    state_name,
    text_box,
)
from studio.ui.i18n import LANGUAGES
from studio.ui.plain import plain, plain_html
from studio.ui.resources import (
    get_chat_model,
    get_database,
    get_gate,
    get_knowledge_base,
    get_prompts,
    t,
    ui_lang,
)

FORMATS = ["article", "news_brief", "social_post", "zalo_message", "newsletter", "talking_points", "quiz",
           "video_script", "infographic_brief"]
WORK = "compose_work"
SAVED = "compose_saved"  # token → the last save of that working copy: content hash, item id, version
FLASH = "compose_flash"
EDITABLE_STATES = ("draft", "changes_requested", "in_review", "approved")
_HEIGHTS = {"text": 140, "paragraphs": 220, "lines": 200, "json": 420}


def render() -> None:
    kb, model = get_knowledge_base(), get_chat_model()
    st.title(t("nav_compose"))
    if not require_page("compose"):
        return
    st.caption(t("composer_model", model=plain(model.name)) if model else t("composer_offline"))
    _my_items(current_user())
    if st.session_state.pop("compose_regenerate", False) and st.session_state.get(WORK, {}).get("request"):
        _write_draft(kb, model, st.session_state[WORK]["request"])
    with st.form("compose"):
        topic = st.text_input(t("topic_label"), placeholder=t("topic_placeholder"), key="compose_topic")
        c1, c2, c3, c4, c5 = st.columns(5)
        fmt = c1.selectbox(t("format_label"), FORMATS, format_func=lambda f: t(f"format_{f}"), key="compose_format")
        lang = c2.selectbox(t("draft_lang"), list(LANGUAGES), format_func=LANGUAGES.get, key="compose_lang")
        audience = c3.selectbox(t("audience_label"), ["members", "young_employees", "leaders"],
                                format_func=lambda a: t(f"audience_{a}"), key="compose_audience")
        tone = c4.selectbox(t("tone_label"), ["formal", "warm"], format_func=lambda x: t(f"tone_{x}"),
                            key="compose_tone")
        length = c5.selectbox(t("length_label"), ["short", "standard", "long"], index=1,
                              format_func=lambda x: t(f"length_{x}"), key="compose_length")
        go = st.form_submit_button(t("draft_button"), type="primary", key="compose_go")
    if go:
        _write_draft(kb, model, {"format": fmt, "topic": topic, "lang": lang, "audience": audience, "tone": tone,
                                 "length": length})
    work = st.session_state.get(WORK)
    if work:
        _editor(kb, work)


# ---------------------------------------------------------------- drafting

def _write_draft(kb, model, request_data: dict) -> None:
    from pydantic import ValidationError

    from studio.drafting.models import DraftRequest
    from studio.drafting.service import draft

    try:
        request = DraftRequest(**request_data)
    except ValidationError:
        st.error(t("topic_missing"))
        return
    stream_box = st.empty()
    streamed: list[str] = []

    def on_token(text: str) -> None:
        streamed.append(text)
        stream_box.code("".join(streamed)[-1500:], language="json")

    try:
        with st.spinner(t("drafting")):
            result = draft(kb, request, get_prompts(), model, on_token=on_token if model else None,
                           message_lang=ui_lang(), gate=get_gate())
    except StudioError as err:
        show_error(err)
        return
    stream_box.empty()
    dumped = result.model_dump(mode="json")
    st.session_state["last_draft"] = dumped  # the Media page renders briefs and scripts
    st.session_state[WORK] = {
        "token": uuid.uuid4().hex, "format": result.request.format.value, "lang": result.request.lang,
        "content": dumped["content"], "citations": dumped["citations"], "draft": dumped,
        "request": request.model_dump(mode="json"), "item_id": None, "version": None, "state": None,
        "generation": (result.composer, result.model, f"{result.prompt_id} v{result.prompt_version}"),
    }


# ---------------------------------------------------------------- my items

def _my_items(user) -> None:
    from studio.workflow.items import list_items

    mine = [i for i in get_database().read(list_items, None, user.name) if i.state in EDITABLE_STATES]
    with st.expander(t("cmp_my_items", n=len(mine)), expanded=False):
        if not mine:
            st.caption(t("cmp_no_items"))
            return
        by_id = {i.id: i for i in mine}
        choose_item("compose_pick", by_id, mine[0].id)
        chosen = st.selectbox(t("cmp_pick_item"), list(by_id), format_func=lambda i: item_label(by_id[i]),
                              key="compose_pick")
        st.caption(t("cmp_open_note"))
        if st.button(t("cmp_open_button"), key="compose_open"):
            _open_item(chosen)


def _open_item(item_id: int) -> None:
    from studio.workflow.items import get_item

    try:
        detail = get_database().read(get_item, item_id)
    except StudioError as err:
        show_error(err)
        return
    v = detail.version
    st.session_state[WORK] = {
        "token": uuid.uuid4().hex, "format": detail.format, "lang": detail.lang, "content": v.content,
        "citations": v.citations, "draft": None, "request": None, "item_id": detail.id,
        "version": detail.current_version, "state": detail.state,
        "generation": (v.composer, v.model, f"{v.prompt_id} v{v.prompt_version}"),
    }
    st.session_state["last_draft"] = _as_draft(detail.format, detail.lang, v.content, v.citations)
    st.session_state["last_item"] = detail.id


def _as_draft(fmt: str, lang: str, content: dict, citations: list) -> dict:
    """What the Media page reads from a draft: format, language, content and citations."""
    return {"request": {"format": fmt, "lang": lang}, "content": content, "citations": citations}


# ---------------------------------------------------------------- editor

def _key(work: dict, path: str) -> str:
    return f"compose_field_{work['token']}_{path or 'json'}"


def _editor(kb, work: dict) -> None:
    from studio.drafting.fields import content_from_fields, edit_fields, field_of
    from studio.drafting.formats import used_markers
    from studio.drafting.grounding import check_draft

    st.divider()
    if work["item_id"] is None:
        st.subheader(t("cmp_new_draft", format=t(f"format_{work['format']}")))
    else:
        st.subheader(t("cmp_editing", id=work["item_id"], version=work["version"], state=state_name(work["state"])))
    composer, model_name, prompt = work["generation"]
    st.caption(t("composed_by", composer=plain(composer), model=plain(model_name or "-"), prompt=plain(prompt)))
    draft = work["draft"]
    if draft:
        for notice in draft.get("notices", []):
            st.warning(plain(notice))
    if work["format"] in ("infographic_brief", "video_script"):
        st.info(t("draft_to_media"))

    fields = edit_fields(work["format"], work["content"])
    for f in fields:
        st.session_state.setdefault(_key(work, f.path), f.value)
    values = {f.path: st.session_state[_key(work, f.path)] for f in fields}
    content, problem = None, None
    try:
        content = content_from_fields(work["format"], work["content"], values)
    except StudioError as err:
        problem = err
    sources = {c["marker"]: c.get("text", "") for c in work["citations"]}
    claims = check_draft(content, sources, None, lexicon=kb.lexicon) if content is not None else []
    by_field: dict[str, list] = {}
    for claim in claims:
        field = field_of(fields, claim.field)
        by_field.setdefault(field.path if field else "", []).append(claim)

    text_col, source_col = st.columns([3, 2], gap="large")
    with text_col:
        for f in fields:
            label = t(f"cmp_field_{f.name}", n=f.section)
            help_text = t(f"cmp_help_{f.kind}") if f.kind in ("paragraphs", "lines", "tags", "json") else None
            if f.kind in ("line", "tags"):
                st.text_input(label, key=_key(work, f.path), help=help_text)
            else:
                st.text_area(label, key=_key(work, f.path), height=_HEIGHTS[f.kind], help=help_text)
            for claim in by_field.pop(f.path, []):
                _claim_warning(claim)
        for claim in [c for left in by_field.values() for c in left]:  # a field without a box of its own
            _claim_warning(claim)
        if problem is not None:
            show_error(problem)
        elif draft and content == draft["content"] and draft.get("safety"):
            _draft_safety(draft["safety"])
        if content is not None:
            from studio.workflow.items import published_text

            with st.expander(t("cmp_preview")):
                st.markdown(text_box(plain_html(published_text(work["format"], content, work["lang"]))),
                            unsafe_allow_html=True)
        _actions(work, content)
    with source_col:
        sources_panel(work["citations"], used_markers(content) if content is not None else None)


def _claim_warning(claim) -> None:
    st.warning(t("claim_unsupported", text=plain(claim.text), kind=t(f"cmp_claim_{claim.kind}"), field=plain(claim.field)))


def _draft_safety(report: dict) -> None:
    verdict = report["verdict"]
    {"pass": st.success, "warn": st.warning, "block": st.error}[verdict](t(f"safety_{verdict}"))
    for f in report["findings"]:
        if f["severity"] != "info":
            st.caption(t("safety_finding", severity=t(f"flow_severity_{f['severity']}"), type=f["type"],
                         text=plain(f["text"])))


def _actions(work: dict, content: dict | None) -> None:
    row = st.container(horizontal=True)  # the buttons side by side
    save = row.button(t("cmp_save_new") if work["item_id"] is None else t("cmp_save_version"), type="primary",
                      key="compose_save", disabled=content is None)
    if work.get("request"):
        row.button(t("cmp_regenerate"), key="compose_regen", help=t("cmp_regenerate_help"), on_click=_ask_regenerate)
    show_flash(FLASH)
    if save and content is not None:
        _save(current_user(), work, content)


def _ask_regenerate() -> None:
    st.session_state["compose_regenerate"] = True  # drafted at the top of the next run, before the form


def _save(user, work: dict, content: dict) -> None:
    from studio.drafting.models import Draft
    from studio.workflow.items import create_item, edit_item

    digest = hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()
    last = st.session_state.setdefault(SAVED, {}).get(work["token"])
    if last and last["digest"] == digest:  # the same text as this working copy's last save: a second click
        st.info(t("cmp_already_saved", id=last["item_id"], version=last["version"]))
        return
    db = get_database()
    try:
        if work["item_id"] is None:
            detail = db.run(create_item, user.name, Draft.model_validate({**work["draft"], "content": content}))
        else:
            detail = db.run(edit_item, user.name, work["item_id"], content, work["version"])
    except StudioError as err:
        show_error(err)
        if err.code == "edit_conflict":
            st.caption(t("cmp_conflict_kept"))
            st.button(t("cmp_reload"), key="compose_reload", on_click=_open_item, args=(work["item_id"],))
        return
    # no Streamlit call between the write and this bookkeeping: a rerun can't fall in between
    st.session_state[SAVED][work["token"]] = {"digest": digest, "item_id": detail.id,
                                              "version": detail.current_version}
    work.update(item_id=detail.id, version=detail.current_version, state=detail.state, content=detail.version.content)
    st.session_state["last_item"] = detail.id
    st.session_state["last_draft"] = _as_draft(work["format"], work["lang"], detail.version.content,
                                               work["citations"])
    flash(FLASH, "success", t("cmp_saved", id=detail.id, version=detail.current_version, state=state_name(detail.state))
          + " " + t("cmp_next_safety"))
    st.rerun()  # the heading and the Save button now name the saved item
