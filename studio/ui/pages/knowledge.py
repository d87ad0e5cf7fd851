"""Knowledge page: upload documents, list and remove them, search and ask with citations."""

from __future__ import annotations

import streamlit as st

from studio.errors import StudioError
from studio.knowledge.excerpt import excerpt
from studio.ui.auth import require_page
from studio.ui.plain import plain, plain_html
from studio.ui.resources import get_database, get_gate, get_knowledge_base, t, ui_lang
from studio.ui.widgets import flash, show_flash

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
            st.markdown(plain(answer.answer))
            st.caption(t("sources_header"))
            for c in answer.citations:
                st.markdown(f"**[{c.marker}]** {plain(c.title)} · {plain(c.section)} "
                            f"({plain(c.doc_id)}, {c.start}–{c.end})")
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
            st.caption(t("passage_caption", n=n, citation=plain(p.citation()), lang=p.lang, score=f"{p.score:.4f}"))
            st.markdown(plain(p.text))
            with st.expander(t("show_in_doc")):
                found = kb.find_document(p.doc_id)
                if found is None:  # removed since the search: say so instead of failing the page
                    st.info(t("doc_gone"))
                    continue
                ex = excerpt(found[1], p.start, p.end)
                st.markdown(
                    ("… " if ex.clipped_start else "") + plain_html(ex.before)
                    + f"<mark>{plain_html(ex.match)}</mark>" + plain_html(ex.after)
                    + (" …" if ex.clipped_end else ""),
                    unsafe_allow_html=True,
                )


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

        try:
            results = library(kb).add_upload(_me(), upload.name, upload.getvalue(), tags=tags, progress=progress)
        except StudioError as err:  # a role that may only read
            st.error(t("library_ingest_denied") if err.code == "role_required" else err.message(ui_lang()))
            return
        for result in results:
            if result.error:
                st.error(plain(f"✗ {result.source}: {result.error_message(ui_lang())}"))
                continue
            status = "added" if result.status == "quarantined" else result.status
            st.success(t("ingest_ok", source=plain(result.source), chunks=result.chunks, lang=result.lang,
                         status=t(f"status_{status}")))
            if result.marking:
                st.warning(t("flag_confidential", marking=plain(result.marking)))
            if result.personal_data:
                st.warning(t("flag_personal", types=", ".join(result.personal_data)))
            if result.diff:
                with st.expander(t("library_diff")):
                    st.code(result.diff, language="diff")
    bar.progress(1.0)


def library(kb):
    """The knowledge base's keeper for this run (permissions, versions, audit; see studio.workflow.library)."""
    from studio.workflow.library import Library

    return Library(kb, get_database(), gate=get_gate())


def _me() -> str:
    from studio.ui.auth import current_user

    user = current_user()
    return user.name if user else ""


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
        show_flash("knowledge_flash")
        st.info(t("docs_empty"))
        return
    entries = library(kb).entries()
    st.dataframe(
        [{t("col_title"): d.title, t("col_lang"): d.lang, t("col_chunks"): d.chunks,
          t("col_source"): d.source, t("col_tags"): ", ".join(d.tags),
          t("col_added_by"): _added_by(entries.get(d.doc_id)),
          t("col_added_at"): entries[d.doc_id].updated_at if d.doc_id in entries else d.ingested_at,
          t("col_flags"): _flags(entries.get(d.doc_id)), t("col_id"): d.doc_id}
         for d in documents],
        hide_index=True, width="stretch",
    )
    titles = {d.doc_id: f"{d.title} ({d.source})" for d in documents}
    show_flash("knowledge_flash")
    doc_id = st.selectbox(t("remove_label"), list(titles), format_func=titles.get, key="remove_doc")
    # the confirmation belongs to this one document: a new key per document id, so it never carries over
    sure = st.checkbox(t("remove_confirm"), key=f"remove_confirm_{doc_id}")
    if st.button(t("remove_button"), key=f"remove_button_{doc_id}") and sure:
        try:
            n = library(kb).remove(_me(), doc_id)
        except StudioError as err:  # not allowed, or already removed by another session: change nothing
            st.error(err.message(ui_lang()))
            return
        st.session_state.pop(f"remove_confirm_{doc_id}", None)
        st.session_state.pop("remove_doc", None)
        flash("success", t("removed", title=plain(titles[doc_id]), chunks=n), "knowledge_flash")
        st.rerun()
    _versions_panel(kb, doc_id)


def _added_by(entry) -> str:
    return (entry.updated_by or entry.added_by or t("library_shared")) if entry else t("library_shared")


def _flags(entry) -> str:
    if entry is None:
        return ""
    flags = [t("flag_confidential", marking=entry.marking)] if entry.marking else []
    if entry.personal_data:
        flags.append(t("flag_personal", types=", ".join(entry.personal_data)))
    return "; ".join(flags)


def _versions_panel(kb, doc_id: str) -> None:
    """Kept versions of the chosen document; a librarian or an admin may restore one."""
    from studio.ui.auth import current_user

    lib = library(kb)
    versions = lib.versions(doc_id)
    if not versions:
        return
    with st.expander(t("library_versions")):
        for v in versions:
            st.caption(plain(t("library_version_row", number=v.number, note=v.note, by=v.created_by or "—",
                               at=v.created_at)))
        user = current_user()
        if user is None or not {"librarian", "admin"} & set(user.roles):
            return
        number = st.selectbox(t("library_restore_label"), [v.number for v in versions],
                              key=f"restore_version_{doc_id}")
        if st.button(t("library_restore_button"), key=f"restore_button_{doc_id}"):
            try:
                change = lib.restore(user.name, doc_id, int(number))
            except StudioError as err:
                st.error(err.message(ui_lang()))
                return
            flash("success", t("library_restored", doc_id=doc_id, number=number, version=change.version),
                  "knowledge_flash")
            st.rerun()
