"""The app shell: language switch, status in the sidebar, navigation over the pages."""

from __future__ import annotations

import streamlit as st

from studio.ui.i18n import LANGUAGES
from studio.ui.resources import get_knowledge_base, get_settings, t


def run() -> None:
    settings = get_settings()
    if "lang" not in st.session_state:
        st.session_state["lang"] = settings.lang
    with st.sidebar:
        st.selectbox(t("language"), list(LANGUAGES), key="lang", format_func=LANGUAGES.get)
    with st.spinner(t("sample_loading")):
        kb = get_knowledge_base()
    _status(settings, kb)
    from studio.ui.pages import compose, knowledge, media

    pages = [
        st.Page(knowledge.render, title=t("nav_knowledge"), icon=":material/library_books:", url_path="knowledge", default=True),
        st.Page(compose.render, title=t("nav_compose"), icon=":material/edit_note:", url_path="compose"),
        st.Page(media.render, title=t("nav_media"), icon=":material/movie:", url_path="media"),
    ]
    st.navigation(pages).run()


def _status(settings, kb) -> None:
    with st.sidebar:
        st.caption(t("status_header"))
        st.caption(t("status_docs", docs=len(kb.list_documents()), chunks=kb.store.count()))
        st.caption(t("status_embedder", embedder=kb.embedder.id))
        if settings.llm_base_url:
            st.caption(t("status_model", model=settings.llm_model))
        else:
            st.caption(t("status_offline"))
