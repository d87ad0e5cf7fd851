"""Admin panel: accounts and roles — add (the one-time password is shown once), set roles, disable or
enable, reset a password. Every rule (admin only, the last admin stays, names, roles) is checked by
`studio.workflow.accounts`; actions run in callbacks so the table shows the result at once."""

from __future__ import annotations

import streamlit as st

from studio.errors import StudioError
from studio.ui.resources import get_database, t, ui_lang
from studio.ui.widgets import flash, role_names, show_flash, when

ROLES = ("officer", "reviewer", "trainer", "librarian", "admin")
MESSAGE_KEY = "admin_users_message"


def render(me: str) -> None:
    from studio.workflow.accounts import list_users

    show_flash(MESSAGE_KEY)
    users = get_database().read(list_users)
    st.dataframe(
        [{t("col_user"): u.name, t("col_roles"): role_names(u.roles),
          t("col_account_state"): _account_state(u), t("col_last_login"): when(u.last_login_at)}
         for u in users],
        hide_index=True, width="stretch")
    add, manage = st.columns(2, gap="large")
    with add:
        _add_form(me)
    with manage:
        _manage(me, users)


def _account_state(user) -> str:
    if not user.enabled:
        return t("account_disabled")
    if user.locked_until:
        return t("account_locked_until", until=when(user.locked_until))
    return t("account_must_change") if user.must_change_password else t("account_active")


def _add_form(me: str) -> None:
    st.subheader(t("admin_add_user"))
    with st.form("add_user"):
        st.text_input(t("admin_user_name"), key="new_user_name", help=t("admin_user_name_help"))
        st.multiselect(t("admin_roles"), ROLES, default=["officer"], key="new_user_roles",
                       format_func=lambda r: t(f"role_{r}"))
        st.form_submit_button(t("admin_add_button"), type="primary", on_click=_add, args=(me,), key="add_user_submit")


def _add(me: str) -> None:
    from studio.workflow.accounts import add_user

    name = (st.session_state.get("new_user_name") or "").strip()
    roles = st.session_state.get("new_user_roles") or []
    try:
        account = get_database().run(add_user, me, name, roles)
    except StudioError as err:
        flash("error", err.message(ui_lang()), MESSAGE_KEY)
        return
    st.session_state["new_user_name"] = ""
    flash("success", t("admin_user_added", name=name, roles=role_names(account.user.roles)), MESSAGE_KEY,
          secret=account.one_time_password)


def _manage(me: str, users) -> None:
    st.subheader(t("admin_manage_user"))
    if not users:
        return
    by_name = {u.name: u for u in users}
    name = st.selectbox(t("admin_pick_user"), list(by_name), key="manage_user")
    user = by_name[name]
    st.multiselect(t("admin_roles"), ROLES, default=list(user.roles), key=f"roles_of_{name}",
                   format_func=lambda r: t(f"role_{r}"))
    c1, c2, c3 = st.columns(3)
    c1.button(t("admin_save_roles"), key="save_roles", on_click=_set_roles, args=(me, name), type="primary")
    if user.enabled:
        c2.button(t("admin_disable"), key="disable_user", on_click=_act, args=("disable", me, name))
    else:
        c2.button(t("admin_enable"), key="enable_user", on_click=_act, args=("enable", me, name))
    c3.button(t("admin_reset_password"), key="reset_password", on_click=_act, args=("reset", me, name),
              help=t("admin_reset_help"))


def _set_roles(me: str, name: str) -> None:
    from studio.workflow.accounts import set_roles

    try:
        info = get_database().run(set_roles, me, name, st.session_state.get(f"roles_of_{name}") or [])
    except StudioError as err:
        flash("error", err.message(ui_lang()), MESSAGE_KEY)
        return
    flash("success", t("admin_roles_saved", name=name, roles=role_names(info.roles)), MESSAGE_KEY)


def _act(action: str, me: str, name: str) -> None:
    from studio.workflow import accounts

    fn = {"disable": accounts.disable_user, "enable": accounts.enable_user, "reset": accounts.reset_password}[action]
    try:
        result = get_database().run(fn, me, name)
    except StudioError as err:
        flash("error", err.message(ui_lang()), MESSAGE_KEY)
        return
    if action == "reset":
        flash("success", t("admin_password_reset", name=name), MESSAGE_KEY, secret=result.one_time_password)
    else:
        flash("success", t(f"admin_user_{action}d", name=name), MESSAGE_KEY)
