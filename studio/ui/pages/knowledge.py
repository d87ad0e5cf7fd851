"""Knowledge page: upload documents, list and remove them, search and ask with citations."""

from __future__ import annotations

import html

import streamlit as st

from studio.errors import StudioError
from studio.knowledge.excerpt import excerpt
from studio.ui.auth import require_page
from studio.ui.resources import get_knowledge_base, t, ui_lang

LANG_CHOICES = ["", "vi", "en", "de", "no"]


def render() -> None:
    st.title(t("nav_knowledge"))
    if not require_page("knowledge"):
        return
    kb = get_knowledge_base()
    search_tab, docs_tab = st.tabs([t("tab_search"), t("tab_docs")])
    with search_tab:
        _search_panel(kb)
    with docs_tab:
        _upload_panel(kb)
        vectors_panel(kb)
        documents_panel(kb)


def _search_panel(kb) -> None:
    documents = kb.list_documents()
    with st.form("search"):
        query = st.text_input(t("query_label"), placeholder=t("query_placeholder"), help=t("query_help"))
        c1, c2, c3, c4 = st.columns([1, 1, 1, 2])
        k = c1.number_input(t("k_label"), min_value=1, max_value=20, value=5)
        lang = c2.selectbox(t("lang_filter"), LANG_CHOICES, format_func=lambda x: x or t("lang_any"))
        tags = sorted({tag for d in documents for tag in d.tags})
        tag = c3.selectbox(t("tag_filter"), [""] + tags, format_func=lambda x: x or t("lang_any"))
        doc_names = {d.doc_id: d.title for d in documents}
        doc_id = c4.selectbox(t("doc_filter"), [""] + list(doc_names),
                              format_func=lambda x: doc_names.get(x, t("lang_any")))
        b1, b2 = st.columns(2)
        do_search = b1.form_submit_button(t("search_button"), type="primary")
        do_ask = b2.form_submit_button(t("ask_button"))
    if not (do_search or do_ask):
        return
    try:
        if do_ask:
            answer = kb.ask(query, k=int(k), lang=lang or None)
            st.subheader(t("answer_header"))
            st.markdown(_plain(answer.answer), unsafe_allow_html=True)
            st.caption(t("sources_header"))
            for c in answer.citations:
                st.markdown(f"**[{c.marker}]** {html.escape(c.title)} · {html.escape(c.section)} "
                            f"({c.doc_id}, {c.start}–{c.end})")
            return
        passages = kb.search(query, k=int(k), lang=lang or None, tag=tag or None, doc_id=doc_id or None)
    except StudioError as err:
        st.error(err.message(ui_lang()))
        return
    if kb.retriever.degraded is not None:
        st.warning(t("search_words_only", reason=kb.retriever.degraded.message(ui_lang())))
    if not passages:
        st.info(t("no_results"))
    for n, p in enumerate(passages, start=1):
        with st.container(border=True):
            st.caption(t("passage_caption", n=n, citation=p.citation(), lang=p.lang, score=f"{p.score:.4f}"))
            st.markdown(_plain(p.text), unsafe_allow_html=True)
            with st.expander(t("show_in_doc")):
                _, text = kb.get_document(p.doc_id)
                ex = excerpt(text, p.start, p.end)
                st.markdown(
                    ("… " if ex.clipped_start else "") + _plain(ex.before)
                    + f"<mark>{_plain(ex.match)}</mark>" + _plain(ex.after)
                    + (" …" if ex.clipped_end else ""),
                    unsafe_allow_html=True,
                )


def _plain(text: str) -> str:
    """Source text shown as written: no Markdown interpretation, line breaks kept."""
    return html.escape(text).replace("\n", "<br>")


def _upload_panel(kb) -> None:
    with st.form("upload", clear_on_submit=True):
        files = st.file_uploader(t("upload_label"), accept_multiple_files=True,
                                 type=["md", "txt", "pdf", "docx", "html", "htm", "zip"])
        tags_text = st.text_input(t("upload_tags"))
        submitted = st.form_submit_button(t("upload_button"), type="primary")
    if not submitted:
        return
    if not files:
        st.warning(t("upload_none"))
        return
    tags = tuple(x.strip() for x in tags_text.split(",") if x.strip())
    bar = st.progress(0.0)
    for i, upload in enumerate(files):
        def progress(event, _i=i) -> None:
            fraction = (_i + event.done / max(event.total, 1)) / len(files)
            bar.progress(min(fraction, 1.0), text=t("ingest_progress", done=_i + 1, total=len(files),
                                                     source=event.source))

        for result in kb.ingest_upload(upload.name, upload.getvalue(), tags=tags, progress=progress):
            if result.error:
                st.error(f"✗ {result.source}: {result.error_message(ui_lang())}")
            else:
                st.success(t("ingest_ok", source=result.source, chunks=result.chunks, lang=result.lang,
                             status=t(f"status_{result.status}")))
    bar.progress(1.0)


def vectors_panel(kb) -> None:
    """Semantic vectors still being computed in the background: a bar that follows them (every 2 s
    while work remains); word search works meanwhile. A failure is shown with its reason."""
    status = kb.vector_status()
    if status.done >= status.total and kb.background.error is None:
        return

    @st.fragment(run_every=2 if kb.background.running() else None)
    def _bar() -> None:
        now = kb.vector_status()
        if now.done < now.total:
            st.progress(now.done / max(now.total, 1), text=t("status_vectors", done=now.done, total=now.total))
        if kb.background.error is not None:
            st.error(kb.background.error.message(ui_lang()))
            if st.button(t("vectors_retry"), key="vectors_retry"):
                kb.background.start()
                st.rerun()

    _bar()


def documents_panel(kb) -> None:
    st.subheader(t("docs_header"))
    documents = kb.list_documents()
    if not documents:
        st.info(t("docs_empty"))
        return
    st.dataframe(
        [{t("col_title"): d.title, t("col_lang"): d.lang, t("col_chunks"): d.chunks,
          t("col_source"): d.source, t("col_tags"): ", ".join(d.tags), t("col_id"): d.doc_id}
         for d in documents],
        hide_index=True, width="stretch",
    )
    titles = {d.doc_id: f"{d.title} ({d.source})" for d in documents}
    with st.form("remove"):
        doc_id = st.selectbox(t("remove_label"), list(titles), format_func=titles.get)
        sure = st.checkbox(t("remove_confirm"))
        remove = st.form_submit_button(t("remove_button"))
    if remove and sure:
        try:
            n = kb.remove_document(doc_id)
        except StudioError as err:  # already removed by another session: say so, change nothing
            st.error(err.message(ui_lang()))
            return
        st.success(t("removed", title=titles[doc_id], chunks=n))
        st.rerun()
