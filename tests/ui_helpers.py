"""Helpers of the AppTest tests: a studio in tmp_path with real accounts, logging in through the real
form, opening a page of `st.navigation`, and rendering one page function with a given user.

AppTest's `switch_page` only opens file pages; our pages are callables registered by `st.navigation`, so
`open_page` selects one the way a browser does — by the hash of its registered URL path."""

from __future__ import annotations

import pytest
import streamlit as st
from argon2 import PasswordHasher
from streamlit.testing.v1 import AppTest

from studio.config import PROJECT_ROOT
from studio.workflow import accounts

PASSWORD = "mật-khẩu-đủ-dài-1"
APP = str(PROJECT_ROOT / "app.py")
_UNSET = ("STUDIO_CHROMA_URL", "STUDIO_LLM_BASE_URL", "STUDIO_LLM_API_KEY", "STUDIO_EMBEDDINGS_BASE_URL",
          "STUDIO_EMBEDDINGS_API_KEY", "STUDIO_TTS_BASE_URL", "STUDIO_TTS_API_KEY", "STUDIO_BRAND_KIT",
          "STUDIO_SAFETY_POLICY", "STUDIO_DATABASE_URL", "STUDIO_ADMIN_PASSWORD", "STUDIO_LLM_MODEL")


@pytest.fixture
def studio_env(tmp_path, monkeypatch):
    """A fresh data dir (database, store, saved settings) and no endpoint; cheap Argon2 parameters."""
    monkeypatch.setenv("STUDIO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("STUDIO_LANG", "vi")
    for name in _UNSET:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no studio.toml of the checkout is read
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    st.cache_resource.clear()
    st.cache_data.clear()
    yield tmp_path / "data"
    st.cache_resource.clear()


def add_people(people: dict[str, list[str]]) -> None:
    """`admin` (password already changed) and the given accounts, all with PASSWORD, through the core."""
    from studio.config import load_settings
    from studio.workflow.db import open_database

    db = open_database(load_settings())
    try:
        with db.transaction() as s:
            if accounts.find_user(s, "admin") is None:
                accounts._create_user(s, None, "admin", ["admin"], PASSWORD)
        with db.transaction() as s:
            for name, roles in people.items():
                accounts.add_user(s, "admin", name, roles, PASSWORD)
    finally:
        db.dispose()


def run_db(fn, *args):
    """A core function in one transaction on the studio's database (for a test's GIVEN or THEN)."""
    from studio.config import load_settings
    from studio.workflow.db import open_database

    db = open_database(load_settings())
    try:
        return db.run(fn, *args)
    finally:
        db.dispose()


def start_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    assert not at.exception, at.exception
    return at


def log_in(at: AppTest, name: str, password: str = PASSWORD) -> AppTest:
    at.text_input(key="login_name").input(name)
    at.text_input(key="login_password").input(password)
    at.button(key="login_submit").click().run()
    assert not at.exception, at.exception
    return at


def registered(at: AppTest) -> set[str]:
    """URL paths of the pages in the navigation ("" is the default page, Home)."""
    return {info.get("url_pathname") for info in at._registered_pages.values()}


def open_page(at: AppTest, url_path: str) -> AppTest:
    hashes = [h for h, info in at._registered_pages.items() if info.get("url_pathname") == url_path]
    assert hashes, f"no page {url_path!r} in the navigation: {sorted(registered(at))}"
    at._page_hash = hashes[0]
    at.run()
    assert not at.exception, at.exception
    return at


def _page_script(module: str, lang: str, user: dict | None) -> None:
    import importlib

    import streamlit as st

    st.session_state.setdefault("lang", lang)
    if user is not None:
        st.session_state.setdefault("user", user)
    importlib.import_module(f"studio.ui.pages.{module}").render()


def page(module: str, user: str | None, roles=(), lang: str = "vi") -> AppTest:
    """One page's render() for `user` with `roles` (as the app's login leaves them in session state)."""
    state = {"name": user, "roles": list(roles), "must_change_password": False} if user else None
    at = AppTest.from_function(_page_script, args=(module, lang, state), default_timeout=180)
    at.run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [e.value for e in at.error]
    parts += [s.value for s in at.success] + [i.value for i in at.info] + [w.value for w in at.warning]
    return "\n".join(str(p) for p in parts)
