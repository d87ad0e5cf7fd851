"""Admin panel: the safety policy in use (finding type → block / warn / info and its score threshold), and
replacing it with an uploaded YAML that `studio.safety.policy` validates before anything is saved."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from studio.config import environment_overrides
from studio.errors import StudioError
from studio.ui.resources import get_settings, reload_settings, t, ui_lang
from studio.ui.widgets import flash, show_flash

MESSAGE_KEY = "policy_message"


def render(settings) -> None:
    from studio.safety.policy import DEFAULT_POLICY, load_policy

    overridden = environment_overrides(["safety_policy"])
    path = Path(settings.safety_policy) if settings.safety_policy else DEFAULT_POLICY
    if overridden:
        st.warning(t("policy_env", path=str(path)))
    st.caption(t("policy_origin_saved" if _saved(settings) and not overridden else
                 "policy_origin_env" if overridden else "policy_origin_default", path=str(path)))
    show_flash(MESSAGE_KEY)
    try:
        policy = load_policy(path)
    except StudioError as err:
        st.error(err.message(ui_lang()))
        policy = None
    if policy is not None:
        st.dataframe(
            [{t("col_finding_type"): name, t("col_finding_meaning"): t(f"finding_type_{name}"),
              t("col_policy_action"): t(f"policy_action_{rule.action}"), t("col_min_score"): rule.min_score}
             for name, rule in policy.rules.items()],
            hide_index=True, width="stretch", height=36 + 35 * len(policy.rules))  # every rule, no scrolling
    st.subheader(t("policy_upload_header"))
    st.caption(t("policy_upload_help"))
    st.file_uploader(t("policy_yaml_label"), type=["yaml", "yml"], key="policy_yaml")
    c1, c2, c3 = st.columns(3)
    c1.button(t("policy_save_button"), type="primary", key="policy_save", on_click=_save)
    c2.button(t("policy_reset_button"), key="policy_reset", on_click=_reset, disabled=not _saved(settings))
    if path.is_file():
        c3.download_button(t("policy_download_button"), data=path.read_bytes(), file_name="policy.yaml",
                           mime="application/x-yaml", key="policy_download")


def _saved(settings) -> bool:
    from studio.config import read_saved_settings

    return bool(read_saved_settings(settings.data_dir).get("safety_policy"))


def _save() -> None:
    from studio.safety.policy import save_policy

    upload = st.session_state.get("policy_yaml")
    if upload is None:
        flash("error", t("policy_yaml_missing"), MESSAGE_KEY)
        return
    try:
        save_policy(get_settings(), upload.getvalue(), upload.name)
    except StudioError as err:
        flash("error", err.message(ui_lang()), MESSAGE_KEY)
        return
    reload_settings()
    flash("success", t("policy_saved", name=upload.name), MESSAGE_KEY)


def _reset() -> None:
    from studio.safety.policy import reset_policy

    reset_policy(get_settings())
    reload_settings()
    flash("success", t("policy_reset_done"), MESSAGE_KEY)
