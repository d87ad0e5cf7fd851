"""Media page (officers): infographics and short videos from the officer's saved briefs, quizzes and scripts
(opened in the structured editors, saved as new versions), the last draft, or a JSON spec, drawn with
the brand kit in use (administrators change the kit on the Admin page, `studio/ui/admin/brand.py`).

A video renders inside the script run, feeding `st.progress`. Clicking Cancel (or any other
widget) makes Streamlit rerun the page, which interrupts the run at its next progress update; the
interruption propagates through `render_video`, which deletes its temporary file, and the
`video_running` flag left set tells the next run to say the render was cancelled.
"""

from __future__ import annotations

import html
import uuid
from pathlib import Path

import streamlit as st

from studio.errors import StudioError
from studio.media import service
from studio.media.brand_store import current_brand
from studio.media.infographic import SIZES, TEMPLATES
from studio.media.narration import pick_narrator
from studio.ui.attach import attach_box
from studio.ui.auth import require_page
from studio.ui.i18n import LANGUAGES
from studio.ui.media_saved import saved_editor, saved_items
from studio.ui.plain import plain
from studio.ui.resources import get_door, get_settings, t, ui_lang

MIME = {"png": "image/png", "pdf": "application/pdf", "mp4": "video/mp4", "srt": "application/x-subrip",
        "vtt": "text/vtt"}


def render() -> None:
    settings = get_settings()
    st.title(t("nav_media"))
    if not require_page("media"):
        return
    session_id = st.session_state.setdefault("media_session", uuid.uuid4().hex)
    card_tab, video_tab = st.tabs([t("media_tab_infographic"), t("media_tab_video")])
    with card_tab:
        _infographic_tab(settings, session_id)
    with video_tab:
        _video_tab(settings, session_id)


# ---------------------------------------------------------------- spec source

def _spec_source(kind: str) -> tuple[str | bytes | None, str]:
    """The raw spec the user chose (a saved item in the structured editor, last draft, uploaded file or JSON
    box) and its name for messages; (None, why) when there is none to render."""
    saved = saved_items(kind)
    drafted = service.spec_from_draft(st.session_state.get("last_draft"))
    options = (["saved"] if saved else []) + (["draft"] if drafted and drafted[0] == kind else []) + ["text", "upload"]
    source = st.radio(t("media_source"), options, key=f"{kind}_source", horizontal=True,
                      format_func=lambda o: t(f"media_source_{o}"))
    if source == "saved":
        return saved_editor(kind, saved)
    if source == "draft":
        with st.expander(t("media_draft_json")):
            st.json(drafted[1])
        return service.json_text(drafted[1]), t("media_source_draft")
    if source == "upload":
        upload = st.file_uploader(t("media_upload_json"), type=["json"], key=f"{kind}_upload")
        return (upload.getvalue(), upload.name) if upload else (None, "")
    key = f"{kind}_json"
    examples = {lang: service.example_text(kind, lang) for lang in LANGUAGES}
    if st.session_state.get(key, examples["vi"]) in examples.values():  # untouched: follow the UI language
        st.session_state[key] = examples[ui_lang()]
    st.text_area(t("media_json_label"), key=key, height=260, help=t(f"media_json_help_{kind}"))
    st.button(t("media_example_button"), key=f"{kind}_example", on_click=_load_example, args=(kind,))
    return st.session_state[key], "JSON"


def _have(raw, why: str = "") -> bool:
    """False (after saying why) when there is nothing to render: no file uploaded, or a saved item with errors."""
    if raw is None:
        st.error(why or t("media_upload_missing"))
    return raw is not None


def _load_example(kind: str) -> None:
    st.session_state[f"{kind}_json"] = service.example_text(kind, ui_lang())


def _lang_select(key: str, column) -> str:
    """Label language, defaulting to the UI's: one widget per UI language, so a switch resets it."""
    langs = list(LANGUAGES)
    return column.selectbox(t("media_lang"), langs, index=langs.index(ui_lang()), format_func=LANGUAGES.get,
                            key=f"{key}_{ui_lang()}")


def _download(column, label_key: str, path: str, stem: str, ext: str, key: str) -> None:
    column.download_button(t(label_key), data=Path(path).read_bytes(), file_name=f"{stem}.{ext}", mime=MIME[ext],
                           key=key)


def _kept(key: str, *fields: str) -> dict | None:
    """A result kept in session_state whose files still exist (stale render folders are pruned)."""
    result = st.session_state.get(key)
    if result and all(Path(result[f]).is_file() for f in fields):
        return result
    st.session_state.pop(key, None)
    return None


# ---------------------------------------------------------------- infographic

def _infographic_tab(settings, session_id: str) -> None:
    form, preview = st.columns([5, 4], gap="large")
    with form:
        raw, name = _spec_source("infographic")
        c1, c2, c3 = st.columns([4, 5, 3])
        template = c1.selectbox(t("media_template"), ["", *TEMPLATES], key="card_template",
                                format_func=lambda x: t(f"template_{x or 'auto'}"))
        size = c2.selectbox(t("media_size"), list(SIZES), index=list(SIZES).index("portrait"), key="card_size",
                            format_func=lambda s: t(f"size_{s}", w=SIZES[s][0], h=SIZES[s][1]))
        lang = _lang_select("card_lang", c3)
        if st.button(t("media_preview_button"), type="primary", key="card_go") and _have(raw, name):
            try:
                spec = service.parse_spec(raw, "infographic", name, limit=settings.max_upload_bytes)
                folder = service.session_folder(settings, session_id)
                card = service.make_card(spec, template, size, lang, current_brand(settings), folder, name)
                st.session_state["card_result"] = card.as_state()
            except StudioError as err:
                st.error(err.message(ui_lang()))
    result = _kept("card_result", "png")
    with preview:
        if result:
            _show_card(result)
        else:
            st.info(t("media_card_empty"))


def _show_card(card: dict) -> None:
    st.image(card["png"], caption=t("media_card_caption", w=card["width"], h=card["height"],
                                    template=t(f"template_{card['template']}")))
    buttons = st.columns(2)
    if card["pdf"]:
        _download(buttons[1], "media_download_pdf", card["pdf"], card["stem"], "pdf", "card_pdf")
    _download(buttons[0], "media_download_png", card["png"], card["stem"], "png", "card_png")
    st.markdown(f"**{t('media_alt_header')}**")
    st.container(border=True).markdown(html.escape(card["alt_text"]), unsafe_allow_html=True)
    attach_box([(card[ext], f"{card['stem']}.{ext}") for ext in ("png", "pdf") if card[ext]], card["alt_text"],
               "card_attach")


# ---------------------------------------------------------------- video

def _video_tab(settings, session_id: str) -> None:
    form, preview = st.columns([5, 4], gap="large")
    with form:
        if st.session_state.pop("video_running", False):
            st.warning(StudioError("render_cancelled").message(ui_lang()))
        raw, name = _spec_source("video")
        c1, c2 = st.columns(2)
        size = c1.selectbox(t("media_size"), list(service.VIDEO_SIZES), key="video_size",
                            format_func=lambda s: t(f"video_size_{s}", w=service.VIDEO_SIZES[s][0],
                                                    h=service.VIDEO_SIZES[s][1]))
        lang = _lang_select("video_lang", c2)
        choice = pick_narrator(settings, get_door())
        available = choice.kind != "none"
        narrate = st.checkbox(t("media_narrate"), value=available, disabled=not available, key="video_narrate",
                              help=t(f"narration_{choice.kind}", detail=choice.detail))
        st.caption(t(f"narration_{choice.kind}", detail=plain(choice.detail)))
        music = st.file_uploader(t("media_music", limit=f"{settings.max_upload_mb:g}"),
                                 type=list(service.MUSIC_TYPES), key="video_music")
        if st.button(t("media_render_button"), type="primary", key="video_go"):
            narrator = choice if narrate and available else None
            _render_video(settings, service.session_folder(settings, session_id), raw, name, size, lang, narrator,
                          music)
    result = _kept("video_result", "mp4", "srt", "vtt")
    with preview:
        if result:
            _show_video(result)
        else:
            st.info(t("media_video_empty"))


def _render_video(settings, folder: Path, raw, name: str, size: str, lang: str, narrator, music) -> None:
    if not _have(raw, name):
        return
    try:
        script = service.parse_spec(raw, "video", name, limit=settings.max_upload_bytes)
        brand = current_brand(settings)
        music_path = service.store_upload(folder, music.name, music.getvalue(), service.MUSIC_TYPES,
                                          settings.max_upload_bytes, stem="music") if music else None
    except StudioError as err:
        st.error(err.message(ui_lang()))
        return
    bar = st.progress(0.0, text=t("media_rendering", pct=0))
    cancel = st.empty()  # emptied when the render ends, so no stale Cancel button stays on the page
    cancel.button(t("media_cancel_button"), key="video_cancel", help=t("media_cancel_help"))

    shown = [-1]

    def progress(fraction: float) -> None:
        pct = int(min(max(fraction, 0.0), 1.0) * 100)
        if pct != shown[0]:  # one update per percent: each is also where a Cancel click stops the run
            shown[0] = pct
            bar.progress(pct, text=t("media_rendering", pct=pct))

    st.session_state["video_running"] = True  # stays set if a rerun interrupts the render
    try:
        video = service.make_video(script, folder, size, lang, brand, narrator=narrator, music=music_path,
                                   music_name=music.name if music else None,
                                   progress=progress, message_lang=ui_lang(), name=name)
    except StudioError as err:
        st.session_state["video_running"] = False
        bar.empty()
        cancel.empty()
        st.error(err.message(ui_lang()))
        return
    st.session_state["video_running"] = False
    bar.empty()
    cancel.empty()
    st.session_state["video_result"] = video.as_state()


def _show_video(video: dict) -> None:
    # a vertical video at full column width would be taller than the screen
    player = st.columns([3, 1])[0] if video["height"] > video["width"] else st.container()
    player.video(video["mp4"])
    st.caption(t("media_video_caption", w=video["width"], h=video["height"], s=f"{video['duration_s']:.1f}",
                 sound=t(f"media_sound_{video['narration']}") + (t("media_sound_music") if video["music"] else "")))
    for notice in video["notices"]:
        st.warning(plain(notice))
    buttons = st.columns(3)
    for col, ext in zip(buttons, ("mp4", "srt", "vtt")):
        _download(col, f"media_download_{ext}", video[ext], video["stem"], ext, f"video_{ext}")
    attach_box([(video[ext], f"{video['stem']}.{ext}") for ext in ("mp4", "srt", "vtt")], "", "video_attach")
