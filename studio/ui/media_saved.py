"""The Media page's saved items: the officer's infographic briefs and quizzes (infographic tab) or video scripts
(video tab), opened in the structured editors (`studio.ui.editors`), saved as a new version and handed to the
renderer as a spec."""

from __future__ import annotations

import streamlit as st

from studio.errors import StudioError
from studio.media import service
from studio.ui.auth import current_user
from studio.ui.flow import choose_item, flash, item_label, show_flash
from studio.ui.plain import plain
from studio.ui.resources import get_database, t, ui_lang

SAVED_FORMATS = {"infographic": ("infographic_brief", "quiz"), "video": ("video_script",)}


def saved_items(kind: str) -> list:
    """The user's items of the formats this tab renders, newest first."""
    from studio.workflow.items import list_items

    user = current_user()
    if user is None:
        return []
    mine = get_database().read(list_items, None, user.name)
    return sorted((i for i in mine if i.format in SAVED_FORMATS[kind]), key=lambda i: i.id, reverse=True)


def saved_editor(kind: str, saved: list) -> tuple[str | None, str]:
    """Pick a saved item, edit it, save a new version; (spec as JSON text, its name) or (None, why not)."""
    from studio.ui.editors import advanced_json, draw_editor, open_editor, read_editor
    from studio.workflow.items import get_item

    by_id = {i.id: i for i in saved}
    choose_item(f"{kind}_saved_item", by_id, saved[0].id)
    chosen = st.selectbox(t("media_saved_pick"), list(by_id), format_func=lambda i: item_label(by_id[i]),
                          key=f"{kind}_saved_item")
    try:
        detail = get_database().read(get_item, chosen)
    except StudioError as err:
        st.error(plain(err.message(ui_lang())))
        return None, ""
    fmt, version = detail.format, detail.version
    prefix = f"media_ed_{detail.id}_v{detail.current_version}"  # a saved version opens a fresh editor
    markers = [c["marker"] for c in version.citations]
    open_editor(prefix, fmt, version.content)
    raw, content, problems = read_editor(prefix, fmt, markers)
    draw_editor(prefix, fmt, markers, problems)
    if problems:
        st.error(t("ed_invalid", n=len(problems)))
    advanced_json(prefix, fmt, raw)
    if st.button(t("media_saved_save"), key=f"{kind}_saved_save", disabled=content is None):
        _save(kind, detail, content)
    show_flash(f"{kind}_saved_flash")
    if content is None:
        return None, t("ed_fix_first")
    return service.json_text(_spec(fmt, detail.lang, content, version.citations)), detail.title


def _save(kind: str, detail, content: dict) -> None:
    from studio.workflow.items import edit_item

    try:
        saved = get_database().run(edit_item, current_user().name, detail.id, content, detail.current_version)
    except StudioError as err:
        flash(f"{kind}_saved_flash", "error", plain(err.message(ui_lang())))
    else:
        flash(f"{kind}_saved_flash", "success", t("media_saved_ok", id=saved.id, version=saved.current_version))
    st.rerun()  # the selector's label and the editor follow the new version


def _spec(fmt: str, lang: str, content: dict, citations: list) -> dict:
    """What the renderer draws: a brief or a script as the last draft would give it, a quiz's first question as
    a quiz card (`studio.media.service.spec_from_draft`)."""
    drafted = service.spec_from_draft({"request": {"format": fmt, "lang": lang}, "content": content,
                                       "citations": citations})
    return drafted[1]
