"""The Media page's "attach to one of my items" box: the rendered files are stored by hash in the media store
and a new version of the chosen item refers to them (`studio.workflow.items.attach_media`)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from studio.errors import StudioError
from studio.ui.auth import current_user
from studio.ui.flow import choose_item, flash, item_label, run_action, show_flash
from studio.ui.plain import plain
from studio.ui.resources import get_database, get_media_store, t, ui_lang

EDITABLE = ("draft", "changes_requested", "in_review", "approved")


def attach_box(files: list[tuple[str, str]], alt_default: str, key: str) -> None:
    """`files`: (path on disk, file name in the item) of one render, e.g. the PNG and PDF of a card."""
    from studio.workflow.items import list_items

    user = current_user()
    if user is None or "officer" not in user.roles:
        return
    mine = [i for i in get_database().read(list_items, None, user.name) if i.state in EDITABLE]
    with st.expander(t("att_header"), expanded=bool(st.session_state.get(f"{key}_flash"))):
        show_flash(f"{key}_flash")
        if not mine:
            st.caption(t("att_no_items"))
            return
        by_id = {i.id: i for i in mine}
        last = st.session_state.get("last_item")
        choose_item(f"{key}_item", by_id, last if last in by_id else mine[-1].id)
        st.selectbox(t("att_item"), list(by_id), format_func=lambda i: item_label(by_id[i]), key=f"{key}_item")
        st.session_state.setdefault(f"{key}_alt", alt_default)
        st.text_area(t("att_alt"), key=f"{key}_alt", height=80, help=t("att_alt_help"))
        st.caption(t("att_files", names=plain(", ".join(name for _, name in files))))
        st.button(t("att_button"), key=f"{key}_go", on_click=_attach,
                  args=(user.name, files, key, {i.id: i.current_version for i in mine}))


def _attach(actor: str, files: list[tuple[str, str]], key: str, versions: dict[int, int]) -> None:
    from studio.workflow.items import attach_media

    item_id = st.session_state.get(f"{key}_item")
    alt = st.session_state.get(f"{key}_alt", "")
    store = get_media_store()
    try:
        refs = [store.add(Path(path), alt=alt, name=name) for path, name in files]
    except StudioError as err:
        flash(f"{key}_flash", "error", err.message(ui_lang()))
        return
    detail = run_action(f"{key}_flash", attach_media, actor, item_id, refs, versions[item_id])
    if detail is not None:
        st.session_state["last_item"] = item_id
        flash(f"{key}_flash", "success", t("att_done", id=item_id, version=detail.current_version, n=len(refs)))
