"""The workflow database: migrations match the models, SQLite runs with WAL and foreign keys, a database that
can't be reached is a clear error, and CI cannot silently skip PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from studio.config import Settings
from studio.errors import StudioError
from studio.workflow.db import init_db, open_database
from studio.workflow.models import Base
from tests.workflow_helpers import cheap_argon2, db, db_url, postgres_url  # noqa: F401


def _head() -> str:
    """The newest revision shipped in the package (one line of migrations, no branches)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from studio.workflow.db import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()


def test_the_migrations_build_exactly_the_models(db):
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_migrating_again_changes_nothing(db, db_url):
    again = init_db(db_url)
    with again.session() as s:
        assert s.execute(text("SELECT version_num FROM alembic_version")).scalar() == _head()
        assert sorted(s.execute(text("SELECT name FROM roles")).scalars()) == ["admin", "librarian", "officer", "reviewer",
                                                                              "trainer"]
    again.dispose()


def test_foreign_keys_are_enforced(db):
    with pytest.raises(IntegrityError), db.transaction() as s:
        s.execute(text("INSERT INTO user_roles (user_id, role) VALUES (424242, 'officer')"))


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    database = open_database(Settings(data_dir=tmp_path / "data"))
    assert database.url == f"sqlite:///{tmp_path / 'data' / 'studio.db'}"
    with database.session() as s:
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert s.execute(text("PRAGMA busy_timeout")).scalar() == 30000
        assert s.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL: fsync at checkpoints (WAL)
    database.dispose()


def test_an_unreachable_database_is_a_clear_error_without_the_password():
    with pytest.raises(StudioError) as err:
        init_db("postgresql+psycopg://studio:hemmelig@127.0.0.1:1/nothing", connect_args={"connect_timeout": 2})
    assert err.value.code == "db_unreachable"
    assert "hemmelig" not in err.value.message("vi") and "STUDIO_DATABASE_URL" in err.value.message("vi")


def test_ci_fails_instead_of_skipping_postgresql(monkeypatch):
    monkeypatch.delenv("STUDIO_TEST_POSTGRES_URL", raising=False)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must test PostgreSQL"):
        postgres_url()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        postgres_url()


def test_run_commits_and_read_rolls_back(tmp_path):
    from sqlalchemy import text

    from studio.workflow.db import init_db

    db = init_db(f"sqlite:///{tmp_path / 'run.db'}")
    try:
        db.run(lambda s: s.execute(text("CREATE TABLE scratch (v INTEGER)")))
        db.run(lambda s, v: s.execute(text("INSERT INTO scratch VALUES (:v)"), {"v": v}), 7)
        db.read(lambda s: s.execute(text("INSERT INTO scratch VALUES (8)")))  # thrown away
        assert db.read(lambda s: s.execute(text("SELECT v FROM scratch")).scalars().all()) == [7]
        try:
            db.run(lambda s: (s.execute(text("INSERT INTO scratch VALUES (9)")), 1 / 0))
        except ZeroDivisionError:
            pass
        assert db.read(lambda s: s.execute(text("SELECT count(*) FROM scratch")).scalar()) == 1
    finally:
        db.dispose()
