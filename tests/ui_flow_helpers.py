"""Fixtures of the content-flow page tests: a data dir in tmp_path with a real SQLite workflow database and its
people, and a page run through AppTest with a language and a logged-in user in session_state.

AppTest cannot switch to a callable page of `st.navigation`, so the script renders one page function. The
page reaches the database through `get_database()` (the same SQLite file the test reads); the safety gate stays
cached across tests (building its analyzer takes seconds), everything tied to the data dir is rebuilt.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from studio.config import PROJECT_ROOT, load_settings
from studio.workflow import accounts
from studio.workflow.db import Database, init_db
from tests.workflow_helpers import PASSWORD

ROLES = {"lan": ["officer"], "minh": ["reviewer"], "hoa": ["officer", "reviewer"], "tuan": ["reviewer"]}


def _script(page: str, lang: str, user: dict | None) -> None:
    import importlib

    import streamlit as st

    st.session_state.setdefault("lang", lang)
    if user is not None:
        st.session_state.setdefault("user", user)
    importlib.import_module(f"studio.ui.pages.{page}").render()


def _clear_data_caches() -> None:
    from studio.ui import resources

    for fn in (resources.get_settings, resources.get_database, resources.get_media_store,
               resources.get_knowledge_base):
        fn.clear()


@dataclass
class Studio:
    db: Database
    settings: object

    def page(self, name: str, lang: str = "vi", user: str | None = "lan", timeout: float = 120) -> AppTest:
        """The page `studio.ui.pages.<name>` as `user` (roles as in ROLES), after its first run."""
        who = {"name": user, "roles": ROLES[user]} if user else None
        at = AppTest.from_function(_script, args=(name, lang, who), default_timeout=timeout)
        at.run()
        assert not at.exception, at.exception
        return at


@pytest.fixture
def studio(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDIO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("STUDIO_LANG", "vi")
    monkeypatch.setenv("STUDIO_SAMPLE_DIR", str(PROJECT_ROOT / "knowledge"))
    for name in ("STUDIO_DATABASE_URL", "STUDIO_CHROMA_URL", "STUDIO_LLM_BASE_URL", "STUDIO_EMBEDDINGS_BASE_URL",
                 "STUDIO_SAFETY_POLICY", "STUDIO_BRAND_KIT"):
        monkeypatch.delenv(name, raising=False)
    _clear_data_caches()
    settings = load_settings()
    db = init_db(settings.database)
    with db.transaction() as s:
        accounts._create_user(s, None, "admin", ["admin"], PASSWORD)
    with db.transaction() as s:
        for name, roles in ROLES.items():
            accounts.add_user(s, "admin", name, roles, PASSWORD)
    yield Studio(db, settings)
    from studio.ui import resources

    try:
        resources.get_database().dispose()
    except Exception:  # noqa: BLE001 - the page never opened it
        pass
    _clear_data_caches()
    db.dispose()
    st.cache_data.clear()


def texts(at) -> str:
    """Everything a user reads on the page, one element per line."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [e.value for e in at.error]
    parts += [w.value for w in at.warning] + [s.value for s in at.success] + [i.value for i in at.info]
    parts += [s.value for s in at.subheader]
    return "\n".join(str(p) for p in parts)


def button(at, key: str):
    return next(b for b in at.button if b.key == key)


def english_widgets(monkeypatch) -> None:
    """AppTest's `set_value` formats a select box's options in the test process, outside the page's session:
    make that process English too, for a test of the English page."""
    from studio.ui import resources

    monkeypatch.setenv("STUDIO_LANG", "en")
    resources.get_settings.clear()
