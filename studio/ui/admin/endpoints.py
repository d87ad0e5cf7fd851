"""Admin panel: the chat (LLM), embeddings and speech (TTS) endpoints — test the connection with one real
request, save to `<data dir>/studio.toml` (`studio.endpoints`), then rebuild the cached resources so the
new model is used. API keys are never shown back: the field stays empty and a masked hint says one is set.
Each endpoint's trust (external: personal data masked in privacy mode; internal: raw text may go) is set here
and what the privacy step does with it is said above the form."""

from __future__ import annotations

import streamlit as st

from studio.endpoints import FIELDS, KINDS, endpoint_view, save_endpoint, test_connection
from studio.errors import StudioError
from studio.outbound.clients import TRUST_LEVELS
from studio.ui.resources import get_settings, reload_settings, t, ui_lang
from studio.ui.widgets import flash, show_flash


def render(settings) -> None:
    st.caption(t("endpoint_intro"))
    for kind in KINDS:
        with st.container(border=True):
            _endpoint(settings, kind)


def _endpoint(settings, kind: str) -> None:
    view = endpoint_view(settings, kind)
    st.subheader(t(f"endpoint_{kind}"))
    st.caption(t(f"endpoint_{kind}_help"))
    if view.overridden_by:
        st.warning(t("endpoint_env", names=", ".join(view.overridden_by)))
    show_flash(f"endpoint_message_{kind}")
    if view.privacy != "none":
        st.caption(t(f"endpoint_privacy_{view.privacy.replace('-', '_')}"))
    with st.form(f"endpoint_{kind}"):
        c1, c2 = st.columns([3, 2])
        url = c1.text_input(t("endpoint_url"), value=view.base_url or "", key=f"ep_{kind}_url",
                            placeholder="http://127.0.0.1:11434/v1", help=t("endpoint_url_help"))
        model = c2.text_input(t("endpoint_model"), value=view.model, key=f"ep_{kind}_model")
        voice = None
        if kind == "tts":
            voice = st.text_input(t("endpoint_voice"), value=view.voice or "", key=f"ep_{kind}_voice")
        key = st.text_input(t("endpoint_key"), type="password", key=f"ep_{kind}_key",
                            placeholder=t("endpoint_key_keep", hint=view.key_hint) if view.key_hint
                            else t("endpoint_key_none"))
        remove_key = st.checkbox(t("endpoint_key_remove"), key=f"ep_{kind}_key_remove") if view.key_hint else False
        labels = {level: t(f"endpoint_trust_{level}") for level in TRUST_LEVELS}  # read now, in this page's language
        trust = st.radio(t("endpoint_trust"), TRUST_LEVELS, index=TRUST_LEVELS.index(view.trust), horizontal=True,
                         key=f"ep_{kind}_trust", format_func=labels.__getitem__, help=t("endpoint_trust_help"))
        b1, b2, _ = st.columns([1, 1, 2])
        test = b1.form_submit_button(t("endpoint_test"), icon=":material/network_check:", key=f"ep_{kind}_test")
        save = b2.form_submit_button(t("endpoint_save"), type="primary", key=f"ep_{kind}_save")
    current_key = getattr(get_settings(), FIELDS[kind]["api_key"])  # used, never shown
    if test:
        _test(kind, url, model, key or (None if remove_key else current_key), voice)
    if save:
        _save(settings, kind, url, model, "" if remove_key else (key or None), voice, trust)


def _test(kind: str, url: str, model: str, api_key: str | None, voice: str | None) -> None:
    if not url.strip():
        st.info(t(f"endpoint_off_{kind}"))
        return
    with st.spinner(t("endpoint_testing")):
        result = test_connection(kind, url, model, api_key, timeout=get_settings().llm_timeout_s,
                                 voice=voice or "alloy")
    (st.success if result.ok else st.error)(result.message(ui_lang()))


def _save(settings, kind: str, url: str, model: str, api_key: str | None, voice: str | None, trust: str) -> None:
    try:
        with st.spinner(t("endpoint_saving")):
            view = save_endpoint(settings, kind, url, model, api_key, voice, timeout=settings.llm_timeout_s,
                                 trust=trust)
    except StudioError as err:
        st.error(err.message(ui_lang()))
        return
    reload_settings()
    text = t("endpoint_saved", url=view.base_url, model=view.model) if view.base_url else t(f"endpoint_off_{kind}")
    flash("success", text, f"endpoint_message_{kind}")
    st.session_state.pop(f"ep_{kind}_key", None)
    st.rerun()
