"""Admin panel: the house style — organisation name, terminology table, number and date rules, greetings and
sign-offs per audience — and a preview that checks a pasted text.

Validation, the atomic save and the fallback for a broken file are in `studio.style.store`; the table ⇄ guide
conversion is in `studio.style.form`. Like the brand tab, saving writes no audit event (the brand tab writes
none either).
"""

from __future__ import annotations

import streamlit as st

from studio.errors import StudioError
from studio.style import check_text
from studio.style.form import TERM_COLUMNS, guide_data, term_rows
from studio.style.model import AUDIENCES, LANGS
from studio.style.store import (
    default_style_yaml,
    load_style,
    reset_style,
    save_style,
    style_path,
)
from studio.ui.i18n import LANGUAGES
from studio.ui.resources import t, ui_lang

_SEPARATORS = {".": "style_sep_dot", ",": "style_sep_comma", " ": "style_sep_space"}
_CHOICES = {"kind": ["spelling", "abbreviation", "capitalisation"], "case": ["exact", "any"],
            "lang": ["vi", "en", "any"], "severity": ["warn", "info"]}


def render(settings) -> None:
    loaded = load_style(settings)
    guide = loaded.guide
    st.caption(t(f"style_origin_{loaded.origin}"))
    if loaded.error is not None:
        st.error(loaded.error.message(ui_lang()))
    message = st.session_state.pop("style_message", None)
    if message:
        {"success": st.success, "error": st.error}[message[0]](message[1])
    st.caption(t("style_intro"))

    st.subheader(t("style_org_header"))
    st.caption(t("style_org_help"))
    org = {lang: st.text_input(t(f"style_org_{lang}"), value=getattr(guide.organisation, lang), key=f"style_org_{lang}")
           for lang in LANGS}

    st.subheader(t("style_terms_header"))
    st.caption(t("style_terms_help"))
    rows = st.data_editor(term_rows(guide), key="style_terms", num_rows="dynamic", width="stretch",
                          column_order=TERM_COLUMNS, column_config=_columns())

    st.subheader(t("style_numbers_header"))
    numbers = {}
    labels = {sep: t(key) for sep, key in _SEPARATORS.items()}  # worded now, in this run's language
    for col, lang in zip(st.columns(len(LANGS)), LANGS):
        rules = guide.numbers[lang]
        with col:
            st.markdown(f"**{t('style_numbers_lang', lang=LANGUAGES[lang])}**")
            numbers[lang] = {
                "thousands": st.selectbox(t("style_thousands"), list(_SEPARATORS), key=f"style_thousands_{lang}",
                                          index=list(_SEPARATORS).index(rules.thousands),
                                          format_func=labels.__getitem__),
                "decimal": st.selectbox(t("style_decimal"), [".", ","], key=f"style_decimal_{lang}",
                                        index=[".", ","].index(rules.decimal), format_func=labels.__getitem__),
                "date_example": st.text_input(t("style_date_example"), value=rules.date_example,
                                              key=f"style_date_{lang}"),
                "percent_example": st.text_input(t("style_percent_example"), value=rules.percent_example,
                                                 key=f"style_percent_{lang}"),
                "check_dates": st.checkbox(t("style_check_dates"), value=rules.check_dates,
                                           key=f"style_check_dates_{lang}"),
            }

    st.subheader(t("style_greetings_header"))
    audiences = {}
    for audience in AUDIENCES:
        with st.expander(t(f"style_audience_{audience}"), expanded=audience == "members"):
            current = guide.audiences.get(audience)
            audiences[audience] = {
                part: {lang: st.text_input(t(f"style_{part}_{lang}"), key=f"style_{part}_{audience}_{lang}",
                                           value=getattr(getattr(current, part), lang) if current else "")
                       for lang in LANGS}
                for part in ("greeting", "signoff")}

    c1, c2, c3 = st.columns(3)
    if c1.button(t("style_save_button"), type="primary", key="style_save"):
        _save(settings, guide_data(guide, organisation=org, rows=_records(rows), numbers=numbers, audiences=audiences))
    if c2.button(t("style_reset_button"), key="style_reset", disabled=loaded.origin == "default"):
        reset_style(settings)
        _forget_widgets()
        st.session_state["style_message"] = ("success", t("style_reset_done"))
        st.rerun()
    c3.download_button(t("style_template_button"), key="style_template", mime="application/x-yaml",
                       file_name="style.yaml", data=_yaml_of(settings).encode("utf-8"))

    _preview(guide)


def _save(settings, data: dict) -> None:
    try:
        saved = save_style(settings, data)
    except StudioError as err:
        st.session_state["style_message"] = ("error", err.message(ui_lang()))
        st.rerun()
    st.session_state.pop("style_terms", None)  # the table's edits are saved: show the saved rows, not edits on them
    name = saved.organisation_name(ui_lang())
    st.session_state["style_message"] = ("success", t("style_saved_org", name=name) if name else t("style_saved"))
    st.rerun()


def _preview(guide) -> None:
    st.subheader(t("style_preview_header"))
    lang = st.selectbox(t("style_preview_lang"), list(LANGS), format_func=LANGUAGES.__getitem__, key="style_preview_lang",
                        index=list(LANGS).index(ui_lang()) if ui_lang() in LANGS else 0)
    text = st.text_area(t("style_preview_text"), key="style_preview_text", height=160)
    if not text.strip():
        return
    findings = check_text(text, lang, guide)
    if not findings:
        st.success(t("style_preview_clean"))
        return
    st.markdown(t("style_preview_found", n=len(findings)))
    st.dataframe([{t("style_finding_text"): f.text, t("style_finding_suggestion"): f.suggestion,
                   t("style_finding_severity"): t(f"style_severity_{f.severity}"),
                   t("style_finding_message"): f.message[ui_lang()]} for f in findings],
                 key="style_findings", width="stretch", hide_index=True)


def _columns() -> dict:
    cc = st.column_config
    out = {name: cc.TextColumn(t(f"style_col_{name}")) for name in ("forbidden", "note_vi", "note_en")}
    out["preferred"] = cc.TextColumn(t("style_col_preferred"), required=True)
    for name, options in _CHOICES.items():
        out[name] = cc.SelectboxColumn(t(f"style_col_{name}"), options=options)
    return out


def _records(rows) -> list[dict]:
    """The editor's value as a list of dicts (it returns what it was given: a list, or a DataFrame)."""
    if hasattr(rows, "to_dict"):
        return rows.to_dict("records")
    return [dict(r) for r in rows]


def _forget_widgets() -> None:
    for key in [k for k in st.session_state if str(k).startswith("style_") and k != "style_message"]:
        del st.session_state[key]


def _yaml_of(settings) -> str:
    path = style_path(settings)
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return default_style_yaml()
