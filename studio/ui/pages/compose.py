"""Compose page: pick a format and a topic, watch the cited draft arrive, edit it field by field beside its
sources with grounding and house-style warnings under the fields they concern, and save it — as a new item (version
1) or as a new version of the item being edited. A quiz, a video script or an infographic brief is edited in the
structured editors (`studio.ui.editors`), JSON only in an "advanced" expander. "Soạn lại" asks for the next
variant of the same request. My items can be reopened here.

The working copy lives in `st.session_state["compose_work"]`; its `token` names the save request, so a
second click on Save (or a rerun after a double click) with the same text saves nothing twice.
"""

from __future__ import annotations

import hashlib
import json
import uuid

import streamlit as st

from studio.drafting.formats import AUDIENCES, LENGTHS, TONES
from studio.drafting.models import TOPIC_MAX_CHARS
from studio.drafting.registry import NAMES
from studio.errors import StudioError
from studio.ui.auth import current_user, require_page
from studio.ui.draft_notes import claim_text, draft_facts, still_there, style_text
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
    get_settings,
    t,
    ui_lang,
)

FORMATS = list(NAMES)  # the format registry's order
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
        request = st.session_state[WORK]["request"]
        _write_draft(kb, model, {**request, "variant": min(int(request.get("variant") or 0) + 1, 99)})
    with st.form("compose"):
        topic = st.text_input(t("topic_label"), placeholder=t("topic_placeholder"), key="compose_topic",
                              max_chars=TOPIC_MAX_CHARS, help=t("cmp_topic_help", max=TOPIC_MAX_CHARS))
        c1, c2, c3, c4, c5 = st.columns(5)
        fmt = c1.selectbox(t("format_label"), FORMATS, format_func=lambda f: t(f"format_{f}"), key="compose_format")
        lang = c2.selectbox(t("draft_lang"), list(LANGUAGES), format_func=LANGUAGES.get, key="compose_lang")
        audience = c3.selectbox(t("audience_label"), list(AUDIENCES),
                                format_func=lambda a: t(f"audience_{a}"), key="compose_audience")
        tone = c4.selectbox(t("tone_label"), list(TONES), format_func=lambda x: t(f"tone_{x}"),
                            key="compose_tone")
        length = c5.selectbox(t("length_label"), list(LENGTHS), index=1,
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
    from studio.drafting.models import make_request
    from studio.drafting.service import draft
    from studio.style.store import current_style

    try:
        request = make_request(**request_data)
    except StudioError as err:  # no topic, a topic past the limit: said, nothing else changes
        show_error(err)
        return
    stream_box = st.empty()
    streamed: list[str] = []

    def on_token(text: str) -> None:
        streamed.append(text)
        stream_box.code("".join(streamed)[-1500:], language="json")

    try:
        with st.spinner(t("drafting")):
            result = draft(kb, request, get_prompts(), model, on_token=on_token if model else None,
                           message_lang=ui_lang(), gate=get_gate(), style=current_style(get_settings()))
    except StudioError as err:  # e.g. no relevant sources: said, and the working copy stays as it was
        stream_box.empty()
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
    from studio.drafting.fields import STRUCTURED_FORMATS

    st.divider()
    if work["item_id"] is None:
        st.subheader(t("cmp_new_draft", format=t(f"format_{work['format']}")))
    else:
        st.subheader(t("cmp_editing", id=work["item_id"], version=work["version"], state=state_name(work["state"])))
    composer, model_name, prompt = work["generation"]
    st.caption(t("composed_by", composer=plain(composer), model=plain(model_name or "-"), prompt=plain(prompt)))
    draft = work["draft"]
    if draft:
        draft_facts(draft)
    if work["format"] in ("infographic_brief", "video_script"):
        st.info(t("draft_to_media"))
    text_col, source_col = st.columns([3, 2], gap="large")
    with text_col:
        if work["format"] in STRUCTURED_FORMATS:
            content, problem = _structured_editor(kb, work)
        else:
            content, problem = _box_editor(kb, work)
        if problem is not None:
            st.error(problem)
        elif draft and content == draft["content"] and draft.get("safety"):
            _draft_safety(draft["safety"])
        if content is not None:
            from studio.workflow.items import published_text

            with st.expander(t("cmp_preview")):
                st.markdown(text_box(plain_html(published_text(work["format"], content, work["lang"]))),
                            unsafe_allow_html=True)
        _actions(work, content)
    with source_col:
        from studio.drafting.formats import used_markers

        sources_panel(work["citations"], used_markers(content) if content is not None else None)


def _box_editor(kb, work: dict) -> tuple[dict | None, str | None]:
    """Plain text boxes (text formats); (content or None, the problem's message)."""
    from studio.drafting.fields import content_from_fields, edit_fields, field_of
    from studio.drafting.grounding import check_draft

    fields = edit_fields(work["format"], work["content"])
    for f in fields:
        st.session_state.setdefault(_key(work, f.path), f.value)
    values = {f.path: st.session_state[_key(work, f.path)] for f in fields}
    content, problem = None, None
    try:
        content = content_from_fields(work["format"], work["content"], values)
    except StudioError as err:
        problem = plain(err.message(ui_lang()))
    sources = {c["marker"]: c.get("text", "") for c in work["citations"]}
    claims = check_draft(content, sources, None, lexicon=kb.lexicon) if content is not None else []
    by_field: dict[str, list[str]] = {}
    for claim in claims:
        field = field_of(fields, claim.field)
        by_field.setdefault(field.path if field else "", []).append(claim_text(claim))
    for finding in (work["draft"] or {}).get("style") or []:
        field = field_of(fields, str(finding.get("field", "")))
        if field and still_there(finding, values.get(field.path, ""), exact=field.path == finding.get("field")):
            by_field.setdefault(field.path, []).append(style_text(finding))
    for f in fields:
        label = t(f"cmp_field_{f.name}", n=f.section)
        help_text = t(f"cmp_help_{f.kind}") if f.kind in ("paragraphs", "lines", "tags", "json") else None
        if f.kind in ("line", "tags"):
            st.text_input(label, key=_key(work, f.path), help=help_text)
        else:
            st.text_area(label, key=_key(work, f.path), height=_HEIGHTS[f.kind], help=help_text)
        for text in by_field.pop(f.path, []):
            st.warning(text)
    for text in [c for left in by_field.values() for c in left]:  # a field without a box of its own
        st.warning(text)
    return content, problem


def _structured_editor(kb, work: dict) -> tuple[dict | None, str | None]:
    """The structured editor (quiz, video script, infographic brief); JSON only in the advanced expander."""
    from studio.drafting.fields import value_at
    from studio.drafting.grounding import check_draft
    from studio.ui.editors import advanced_json, draw_editor, open_editor, read_editor

    prefix = f"compose_ed_{work['token']}"
    fmt = work["format"]
    markers = [c["marker"] for c in work["citations"]]
    open_editor(prefix, fmt, work["content"])
    raw, content, problems = read_editor(prefix, fmt, markers)
    sources = {c["marker"]: c.get("text", "") for c in work["citations"]}
    notes: dict[str, list[str]] = {}
    for claim in check_draft(content, sources, None, lexicon=kb.lexicon) if content is not None else []:
        notes.setdefault(claim.field, []).append(claim_text(claim))
    for finding in (work["draft"] or {}).get("style") or []:
        where = str(finding.get("field", ""))
        if still_there(finding, str(value_at(raw, where) or ""), exact=True):
            notes.setdefault(where, []).append(style_text(finding))
    draw_editor(prefix, fmt, markers, problems, notes)
    advanced_json(prefix, fmt, raw)
    return content, (t("ed_invalid", n=len(problems)) if problems else None)


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
