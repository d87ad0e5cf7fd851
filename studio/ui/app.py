"""The app shell: language switch, brand kit, login, the forced change of a one-time password, the user's
box with logout, status in the sidebar, and navigation over the pages the user's roles allow."""

from __future__ import annotations

import re

import streamlit as st

from studio.errors import StudioError
from studio.ui.auth import current_user, log_out, may_open, set_user
from studio.ui.i18n import LANGUAGES
from studio.ui.plain import plain
from studio.ui.resources import bootstrap_admin, get_database, get_knowledge_base, get_settings, t, ui_lang
from studio.ui.widgets import flash, role_names, show_flash

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")

# url path, title key, icon; the roles that see each page are in studio.ui.auth.PAGE_ROLES
PAGES = [
    ("home", "nav_home", ":material/home:"),
    ("knowledge", "nav_knowledge", ":material/library_books:"),
    ("compose", "nav_compose", ":material/edit_note:"),
    ("media", "nav_media", ":material/movie:"),
    ("safety", "nav_safety", ":material/shield:"),
    ("review", "nav_review", ":material/fact_check:"),
    ("publish", "nav_publish", ":material/publish:"),
    ("admin", "nav_admin", ":material/admin_panel_settings:"),
    ("workshop_trainer", "ws_trainer_title", ":material/school:"),
    ("workshop_join", "ws_join_title", ":material/groups:"),
]


def run() -> None:
    settings = get_settings()
    if "lang" not in st.session_state:
        st.session_state["lang"] = settings.lang
    with st.sidebar:
        st.selectbox(t("language"), list(LANGUAGES), key="lang", format_func=LANGUAGES.get)
    _brand(settings)
    try:
        bootstrap_admin()
    except StudioError as err:  # e.g. the PostgreSQL server is down: say so, no traceback
        st.error(err.message(ui_lang()))
        return
    user = _refresh(current_user())
    if user is None:  # the login form, and the workshop page participants open with a join code
        login = st.Page(_login_page, title=t("login_title"), icon=":material/login:", url_path="login", default=True)
        st.sidebar.page_link(login, label=t("login_title"), icon=":material/login:")
        st.navigation([login, _join_page()], position="hidden").run()
        return
    _user_box(user)
    if user.must_change_password:
        _single_page(_change_password_page, "password_title", ":material/password:", "password")
        return
    _status(settings)
    st.navigation(_pages()).run()


def _refresh(user):
    """The logged-in user as the database has them now: roles changed by an admin apply at once, and a
    disabled (or removed) account is logged out."""
    if user is None:
        return None
    from studio.workflow.accounts import get_user

    try:
        info = get_database().read(get_user, user.name)
    except StudioError:
        info = None
    if info is None or not info.enabled:
        log_out()
        flash("warning", t("session_ended"))
        return None
    if frozenset(info.roles) != user.roles or info.must_change_password != user.must_change_password:
        set_user(info)
        return current_user()
    return user


def _single_page(fn, title_key: str, icon: str, url_path: str) -> None:
    st.navigation([st.Page(fn, title=t(title_key), icon=icon, url_path=url_path, default=True)],
                  position="hidden").run()


def _pages() -> list:
    from studio.ui.pages import (admin, compose, home, knowledge, media, publish, review, safety, workshop_join,
                                 workshop_trainer)

    renders = {"home": home.render, "knowledge": knowledge.render, "compose": compose.render,
               "media": media.render, "safety": safety.render, "review": review.render,
               "publish": publish.render, "admin": admin.render, "workshop_trainer": workshop_trainer.render,
               "workshop_join": workshop_join.render}
    return [st.Page(renders[name], title=t(key), icon=icon, url_path=name, default=name == "home")
            for name, key, icon in PAGES if may_open(name)]


def _join_page():
    from studio.ui.pages import workshop_join

    return st.Page(workshop_join.render, title=t("ws_join_title"), icon=":material/groups:",
                   url_path="workshop_join")


# ---------------------------------------------------------------- brand kit

def _brand(settings) -> None:
    """The kit's logo in the sidebar and a small accent of its primary colour (a top bar, primary buttons)."""
    from studio.media.brand_store import current_brand

    try:
        kit = current_brand(settings)
    except StudioError:
        return  # a broken kit is reported on the Admin page; the app keeps Streamlit's look
    if kit.logo and kit.logo.is_file():
        st.logo(str(kit.logo), size="large")
    primary, on_primary = kit.colors.primary, kit.colors.on_primary
    if not (_HEX.match(primary) and _HEX.match(on_primary)):  # validated by the kit; checked again before CSS
        return
    button = 'button:is([data-testid="stBaseButton-primary"], [data-testid="stBaseButton-primaryFormSubmit"])'
    st.html(f"""<style>
header[data-testid="stHeader"] {{ border-top: 4px solid {primary}; }}
{button}, {button}:is(:hover, :active, :focus) {{
  background-color: {primary}; border-color: {primary}; color: {on_primary}; }}
{button}:hover {{ filter: brightness(0.85); }}
[data-testid="stTab"] .react-aria-SelectionIndicator {{ background-color: {primary}; }}
[data-testid="stTab"][aria-selected="true"] {{ color: inherit; }}
[data-testid="stMultiSelectTagsContainer"] [data-tag] {{ background-color: {primary}; color: {on_primary}; }}
</style>""")


# ---------------------------------------------------------------- login

def _login_page() -> None:
    _, middle, _ = st.columns([1, 2, 1])
    with middle:
        st.title(t("login_title"))
        show_flash()
        st.caption(t("login_intro"))
        with st.form("login"):
            name = st.text_input(t("login_name"), key="login_name", autocomplete="username")
            password = st.text_input(t("login_password"), type="password", key="login_password",
                                     autocomplete="current-password")
            submitted = st.form_submit_button(t("login_button"), type="primary", width="stretch", key="login_submit")
        if submitted:
            _log_in(name.strip(), password)
        st.caption(t("login_first_start"))
        st.page_link(_join_page(), label=t("login_join_workshop"), icon=":material/groups:")


def _log_in(name: str, password: str) -> None:
    from studio.workflow.accounts import authenticate

    if not name or not password:
        st.error(t("login_missing"))
        return
    try:
        result = authenticate(get_database(), name, password)  # audits the attempt, good or bad
    except StudioError as err:
        st.error(err.message(ui_lang()))
        return
    st.session_state.pop("login_password", None)
    set_user(result.user)
    st.rerun()


def _change_password_page() -> None:
    user = current_user()
    _, middle, _ = st.columns([1, 2, 1])
    with middle:
        st.title(t("password_title"))
        st.info(t("password_intro", name=plain(user.name)))
        with st.form("change_password"):
            old = st.text_input(t("password_old"), type="password", key="password_old",
                                autocomplete="current-password")
            new = st.text_input(t("password_new"), type="password", key="password_new", autocomplete="new-password")
            again = st.text_input(t("password_again"), type="password", key="password_again",
                                  autocomplete="new-password")
            submitted = st.form_submit_button(t("password_button"), type="primary", width="stretch",
                                              key="password_submit")
        if submitted:
            _change_password(user.name, old, new, again)


def _change_password(name: str, old: str, new: str, again: str) -> None:
    from studio.workflow.accounts import change_password

    if new != again:
        st.error(t("password_mismatch"))
        return
    try:
        info = get_database().run(change_password, name, old, new)
    except StudioError as err:
        st.error(err.message(ui_lang()))
        return
    for key in ("password_old", "password_new", "password_again"):
        st.session_state.pop(key, None)
    set_user(info)
    flash("success", t("password_changed"))
    st.rerun()


# ---------------------------------------------------------------- sidebar

def _user_box(user) -> None:
    with st.sidebar:
        st.markdown(t("signed_in_as", name=plain(user.name), roles=role_names(sorted(user.roles))))
        st.button(t("logout"), key="logout", icon=":material/logout:", on_click=log_out)
    show_flash()


def _status(settings) -> None:
    try:
        with st.spinner(t("sample_loading")):
            kb = get_knowledge_base()
    except StudioError as err:  # e.g. an embeddings endpoint that is down: the Admin page can still fix it
        st.sidebar.error(err.message(ui_lang()))
        return
    with st.sidebar:
        st.caption(t("status_header"))
        st.caption(t("status_docs", docs=len(kb.list_documents()), chunks=kb.store.count()))
        from studio.doctor import store_notice  # the store lost while items cite it: say so (issue 15)

        lost = store_notice(kb, get_database())
        if lost is not None:
            st.error(lost.message(ui_lang()), icon=":material/error:")
        st.caption(t("status_embedder", embedder=t(f"embedder_{kb.embedder.kind}")))
        if kb.embedder.notice is not None:
            st.warning(kb.embedder.notice.message(ui_lang()), icon=":material/warning:")
        vectors = kb.vector_status()
        if vectors.done < vectors.total:
            st.caption(t("status_vectors", done=vectors.done, total=vectors.total))
        if kb.background.error is not None:
            st.error(kb.background.error.message(ui_lang()))
        if settings.llm_base_url:
            st.caption(t("status_model", model=settings.llm_model))
        else:
            st.caption(t("status_offline"))
