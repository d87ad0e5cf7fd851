"""Fixtures of the workflow tests: a fresh database per test on SQLite and on PostgreSQL, people, drafts.

PostgreSQL: every test gets its own schema on the server named by STUDIO_TEST_POSTGRES_URL (CI starts one
with .ci/postgres); without that variable the PostgreSQL variants skip locally and fail under CI.
"""

from __future__ import annotations

import functools
import os
import uuid

import pytest
from argon2 import PasswordHasher
from sqlalchemy import create_engine, text

from studio.drafting.models import Draft, DraftRequest, SourceRef
from studio.workflow import accounts
from studio.workflow.db import init_db

SOURCE = ("Công đoàn Ngân hàng Việt Nam phát động phong trào chuyển đổi số năm 2025, với hơn 30.000 đoàn viên "
          "tham gia trên toàn quốc.")
CLEAN_TEXT = "Công đoàn Ngân hàng Việt Nam phát động phong trào chuyển đổi số năm 2025. [S1]"
WARN_TEXT = "Anh Nguyễn Văn An phụ trách phong trào chuyển đổi số năm 2025. [S1]"
BLOCK_TEXT = "Công đoàn phát động phong trào chuyển đổi số năm 2025, liên hệ 0983 123 421. [S1]"
PASSWORD = "mật-khẩu-đủ-dài-1"


def postgres_url() -> str:
    url = os.environ.get("STUDIO_TEST_POSTGRES_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI must test PostgreSQL: STUDIO_TEST_POSTGRES_URL is not set (see .ci/postgres)")
        pytest.skip("STUDIO_TEST_POSTGRES_URL is not set (export STUDIO_TEST_POSTGRES_URL=$(.ci/postgres))")
    return url


def with_search_path(url: str, schema: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A URL of an empty database: a SQLite file in tmp_path, or a fresh schema on the PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'studio.db'}"
        return
    base = postgres_url()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield with_search_path(base, schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def db(db_url):
    database = init_db(db_url)
    yield database
    database.dispose()


@pytest.fixture(autouse=True)
def cheap_argon2(monkeypatch):
    """Argon2id with small parameters: the same algorithm, a hundred times less work per test account."""
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@functools.lru_cache(maxsize=1)
def shared_gate():
    from studio.safety.gate import SafetyGate

    return SafetyGate()  # the analyzer takes seconds to build: once per test run


@pytest.fixture
def gate():
    return shared_gate()


@pytest.fixture
def people(db):
    """admin; lan (officer); minh (reviewer); hoa (officer and reviewer); tuan (reviewer)."""
    with db.transaction() as s:
        accounts._create_user(s, None, "admin", ["admin"], PASSWORD)
    with db.transaction() as s:
        for name, roles in (("lan", ["officer"]), ("minh", ["reviewer"]), ("hoa", ["officer", "reviewer"]),
                            ("tuan", ["reviewer"])):
            accounts.add_user(s, "admin", name, roles, PASSWORD)
    return db


def make_draft(text: str = CLEAN_TEXT, lang: str = "vi", source: str = SOURCE) -> Draft:
    return Draft(
        request=DraftRequest(format="zalo_message", topic="chuyển đổi số", lang=lang),
        content={"text": text},
        citations=[SourceRef(marker="S1", passage_id="p1", doc_id="d1", title="Tin công đoàn", section="",
                             page=None, start=0, end=len(source), lang="vi", text=source)],
        composer="offline", model="offline-composer", prompt_id="offline-composer.zalo_message.vi",
        prompt_version=1, created_at="2026-11-23T08:00:00+00:00")
