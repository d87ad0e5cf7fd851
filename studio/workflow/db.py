"""The workflow database: engine factory (SQLite with WAL, or PostgreSQL), migrations, transactions.

Write transactions are serialised — `BEGIN IMMEDIATE` on SQLite, a transaction-scoped advisory lock
on PostgreSQL — so the audit chain stays one line and version checks read the latest committed row.
Nothing is created at import time.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from studio.errors import StudioError

MIGRATIONS = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 30_000
_WRITE_LOCK_KEY = 7_700_2026  # pg_advisory_xact_lock key of the studio's write lock


def private_database_file(path: Path) -> None:
    """The SQLite file readable by its owner only (0600, whatever the umask), in a folder created 0700 when
    missing. SQLite gives the -wal and -shm files the mode of the database file. An existing file with looser
    modes is tightened; an existing folder is left as it is (it may be shared on purpose)."""
    from studio.config import private_dir

    private_dir(path.parent)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if os.fstat(fd).st_mode & 0o077:
            os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


def make_engine(url: str, **kwargs) -> Engine:
    """An engine for `url`; SQLite gets WAL, foreign keys, a busy timeout and explicit BEGINs."""
    if url.startswith("sqlite"):
        if url.startswith("sqlite:///") and ":memory:" not in url:
            private_database_file(Path(url.removeprefix("sqlite:///")))
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, **kwargs)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection, _record) -> None:
            dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (see _on_begin)
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")  # durable at checkpoints; safe from corruption with WAL
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn) -> None:
            # a writer takes the write lock up front, so two writers never both read a stale row
            immediate = conn.get_execution_options().get("studio_write")
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the Alembic migrations shipped inside the package (no alembic.ini needed)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


class Database:
    """One engine and its sessions: `session()` for reading, `transaction()` for one write operation."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.url = engine.url.render_as_string(hide_password=True)
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write = sessionmaker(engine.execution_options(studio_write=True), expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A read-only view; anything written is rolled back."""
        with self._read() as session:
            try:
                yield session
            finally:
                session.rollback()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One write operation: serialised with other writers, committed when the block ends, rolled back on error."""
        with self._write() as session:
            try:
                if self.dialect == "postgresql":
                    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _WRITE_LOCK_KEY})
                yield session
                session.commit()
            except StaleDataError:
                session.rollback()
                raise StudioError("stale_data") from None
            except BaseException:
                session.rollback()
                raise

    def run(self, fn, /, *args, **kwargs):
        """`fn(session, *args, **kwargs)` in one write transaction (what the faces call)."""
        with self.transaction() as session:
            return fn(session, *args, **kwargs)

    def read(self, fn, /, *args, **kwargs):
        """`fn(session, *args, **kwargs)` in a read-only session."""
        with self.session() as session:
            return fn(session, *args, **kwargs)

    def dispose(self) -> None:
        self.engine.dispose()


def init_db(url: str, **engine_kwargs) -> Database:
    """Open the database at `url` and bring its schema to the newest migration."""
    engine = make_engine(url, **engine_kwargs)
    try:
        upgrade(engine)
    except OperationalError as exc:
        engine.dispose()
        safe = engine.url.render_as_string(hide_password=True)
        raise StudioError("db_unreachable", url=safe, detail=str(exc.orig).strip().splitlines()[0][:200]) from None
    return Database(engine)


def open_database(settings) -> Database:
    """The workflow database of these settings (`settings.database`), migrated."""
    return init_db(settings.database)
