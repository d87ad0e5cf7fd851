"""Admin panel: the brand kit in use (preview, colours) and replacing it with an uploaded kit.

The logic — validation, WCAG contrast, atomic save, precedence of STUDIO_BRAND_KIT — is in
`studio.media.brand_store`; this panel only collects the files and shows the outcome. The organisation
name printed on cards comes from the house style tab when it is set there.
"""

from __future__ import annotations

import html

import streamlit as st

from studio.errors import StudioError
from studio.media import service
from studio.media.brand_store import (
    brand_origin,
    current_brand,
    default_kit_yaml,
    organisation_name,
    reset_brand,
    save_brand,
)
from studio.ui.resources import t, ui_lang


def render(settings) -> None:
    origin = brand_origin(settings)
    st.caption(t(f"brand_origin_{origin}", path=str(settings.brand_kit or "")))
    message = st.session_state.pop("brand_message", None)
    if message:
        {"success": st.success, "error": st.error}[message[0]](message[1])
    try:
        kit = current_brand(settings, ui_lang())
    except StudioError as err:
        st.error(err.message(ui_lang()))
        kit = None
    if kit is not None:
        preview_col, colour_col = st.columns([2, 3])
        preview_col.image(_brand_preview(kit.model_dump_json(), ui_lang(), t("brand_preview_source"), _kit=kit),
                          caption=t("brand_preview_caption", name=_name(kit)))
        colour_col.markdown(_swatches(kit), unsafe_allow_html=True)
        if kit.footer:
            colour_col.caption(t("brand_footer", footer=kit.footer))
        organisation = organisation_name(settings, ui_lang())
        if organisation:
            colour_col.caption(t("brand_org_from_style", name=organisation))
    st.subheader(t("brand_upload_header"))
    st.caption(t("brand_admin_note"))
    st.file_uploader(t("brand_yaml_label"), type=["yaml", "yml"], key="brand_yaml")
    st.file_uploader(t("brand_logo_label"), type=["png", "jpg", "jpeg"], key="brand_logo")
    c1, c2, c3 = st.columns(3)
    c1.button(t("brand_save_button"), type="primary", key="brand_save", on_click=_save_kit, args=(settings,))
    c2.button(t("brand_reset_button"), key="brand_reset", on_click=_reset_kit, args=(settings,),
              disabled=origin != "saved")
    c3.download_button(t("brand_template_button"), data=default_kit_yaml().encode("utf-8"),
                       file_name="brand_kit.yaml", mime="application/x-yaml", key="brand_template")


@st.cache_data(show_spinner=False, max_entries=8)
def _brand_preview(kit_json: str, lang: str, source: str, *, _kit) -> bytes:
    return service.preview_brand(_kit, lang, source)


def _save_kit(settings) -> None:
    kit_file, logo = st.session_state.get("brand_yaml"), st.session_state.get("brand_logo")
    if kit_file is None:
        st.session_state["brand_message"] = ("error", t("brand_yaml_missing"))
        return
    try:
        kit = save_brand(settings, kit_file.getvalue(), (logo.name, logo.getvalue()) if logo else None,
                         name=kit_file.name)
    except StudioError as err:
        st.session_state["brand_message"] = ("error", err.message(ui_lang()))
        return
    st.session_state["brand_message"] = ("success", t("brand_saved", name=kit.name) if kit.name
                                         else t("brand_saved_unnamed"))


def _reset_kit(settings) -> None:
    try:
        kit = reset_brand(settings)
    except StudioError as err:  # the saved kit is gone; the one STUDIO_BRAND_KIT names is broken
        st.session_state["brand_message"] = ("error", err.message(ui_lang()))
        return
    st.session_state["brand_message"] = ("success", t("brand_reset_done", name=kit.name) if kit.name
                                         else t("brand_reset_unnamed"))


def _name(kit) -> str:
    return kit.name or t("brand_unnamed")


def _swatches(kit) -> str:
    rows = []
    for role, value in kit.colors.model_dump().items():
        chip = (f'<span style="display:inline-block;width:1.1em;height:1.1em;border-radius:3px;'
                f'border:1px solid #8884;background:{value};vertical-align:-0.2em"></span>')
        rows.append(f"{chip}&nbsp; {html.escape(t(f'brand_role_{role}'))} <code>{value}</code>")
    return "<br>".join(rows)
