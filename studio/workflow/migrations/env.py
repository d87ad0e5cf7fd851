"""Alembic environment of the workflow database.

`studio.workflow.db.upgrade()` hands over an open connection (`config.attributes["connection"]`); a developer
running the `alembic` command with `studio/workflow/alembic.ini` gets the database of the studio's settings.
"""

from __future__ import annotations

from alembic import context

from studio.workflow.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite")  # SQLite alters tables by copying
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
elif context.is_offline_mode():
    from studio.config import load_settings

    context.configure(url=load_settings().database, target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    from studio.config import load_settings
    from studio.workflow.db import make_engine

    engine = make_engine(config.get_main_option("sqlalchemy.url") or load_settings().database)
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()
