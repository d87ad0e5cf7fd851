"""Compose page: pick a format and a topic, get a cited draft, see which composer wrote it."""

from __future__ import annotations

import html

import streamlit as st

from studio.errors import StudioError
from studio.ui.resources import get_chat_model, get_gate, get_knowledge_base, get_prompts, get_settings, t, ui_lang

FORMATS = ["article", "news_brief", "social_post", "zalo_message", "newsletter", "talking_points", "quiz",
           "video_script", "infographic_brief"]


def render() -> None:
    from pydantic import ValidationError

    from studio.drafting.models import DraftRequest
    from studio.drafting.render import render_text
    from studio.drafting.service import draft

    kb, model = get_knowledge_base(), get_chat_model()
    st.title(t("nav_compose"))
    st.caption(t("composer_model", model=model.name) if model else t("composer_offline"))
    with st.form("compose"):
        topic = st.text_input(t("topic_label"), placeholder=t("topic_placeholder"))
        c1, c2, c3, c4, c5 = st.columns(5)
        fmt = c1.selectbox(t("format_label"), FORMATS, format_func=lambda f: t(f"format_{f}"))
        lang = c2.selectbox(t("draft_lang"), ["vi", "en"], format_func=lambda x: {"vi": "Tiếng Việt", "en": "English"}[x])
        audience = c3.selectbox(t("audience_label"), ["members", "young_employees", "leaders"],
                                format_func=lambda a: t(f"audience_{a}"))
        tone = c4.selectbox(t("tone_label"), ["formal", "warm"], format_func=lambda x: t(f"tone_{x}"))
        length = c5.selectbox(t("length_label"), ["short", "standard", "long"], index=1,
                              format_func=lambda x: t(f"length_{x}"))
        go = st.form_submit_button(t("draft_button"), type="primary")
    if not go:
        return
    try:
        request = DraftRequest(format=fmt, topic=topic, lang=lang, audience=audience, tone=tone, length=length)
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
                           message_lang=ui_lang(), gate=get_gate(), privacy=get_settings().privacy_mode)
    except StudioError as err:
        st.error(err.message(ui_lang()))
        return
    stream_box.empty()
    st.session_state["last_draft"] = result.model_dump(mode="json")  # the Media page renders briefs and scripts
    if result.request.format.value in ("infographic_brief", "video_script"):
        st.info(t("draft_to_media"))
    for notice in result.notices:
        st.warning(notice)
    st.caption(t("composed_by", composer=result.composer, model=result.model or "-",
                 prompt=f"{result.prompt_id} v{result.prompt_version}"))
    text_col, source_col = st.columns([3, 2])
    with text_col:
        st.markdown(html.escape(render_text(result, ui_lang())).replace("\n", "<br>"), unsafe_allow_html=True)
        for claim in result.grounding:
            st.warning(t("claim_unsupported", text=claim.text, kind=claim.kind, field=claim.field))
        if result.safety:
            verdict = result.safety["verdict"]
            show = {"pass": st.success, "warn": st.warning, "block": st.error}[verdict]
            show(t(f"safety_{verdict}"))
            for f in result.safety["findings"]:
                if f["severity"] != "info":
                    st.caption(t("safety_finding", severity=f["severity"], type=f["type"], text=f["text"]))
    with source_col:
        st.subheader(t("sources_header"))
        for s in result.citations:
            with st.expander(f"[{s.marker}] {s.title}"):
                st.caption(" › ".join(x for x in (s.section, f"{s.start}–{s.end}", s.lang) if x))
                st.markdown(html.escape(s.text).replace("\n", "<br>"), unsafe_allow_html=True)
