"""Admin panel: the knowledge base's documents (list, remove — the Knowledge page's own panel) and
re-ingesting the shipped sample (unchanged files stay as they are, removed ones come back)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from studio.errors import StudioError
from studio.ui.pages.knowledge import documents_panel
from studio.ui.plain import plain
from studio.ui.resources import get_knowledge_base, t, ui_lang


def render(settings) -> None:
    try:
        kb = get_knowledge_base()
    except StudioError as err:
        st.error(err.message(ui_lang()))
        return
    st.caption(t("kb_admin_intro", path=str(settings.sample_dir)))
    if st.button(t("kb_reingest_button"), key="kb_reingest", disabled=not Path(settings.sample_dir).is_dir()):
        _reingest(kb, settings)
    documents_panel(kb)


def _reingest(kb, settings) -> None:
    bar = st.progress(0.0)

    def progress(event) -> None:
        bar.progress(min(event.done / max(event.total, 1), 1.0), text=t("kb_reingest_progress", source=event.source))

    results = kb.ingest_paths([Path(settings.sample_dir)], progress=progress)
    bar.empty()
    for result in results:
        if result.error:
            st.error(plain(f"✗ {result.source}: {result.error_message(ui_lang())}"))
    done = [r for r in results if not r.error]
    counts = {status: sum(r.status == status for r in done) for status in ("added", "updated", "unchanged")}
    st.success(t("kb_reingested", **counts))
