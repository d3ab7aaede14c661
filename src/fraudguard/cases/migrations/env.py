"""Alembic environment of the case store, driven from code by `fraudguard.cases.db.migrate`.

`migrate(engine)` passes an open connection (already holding the migration lock) in
`config.attributes["connection"]`. For a new revision, from the repository root:

    python -c "from alembic import command; from fraudguard.cases.db import alembic_config as c; \\
        cfg = c(); cfg.set_main_option('sqlalchemy.url', 'sqlite:///dev.db'); \\
        command.revision(cfg, 'what changed', rev_id='0002', autogenerate=True)"
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from fraudguard.cases.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite alters tables by copying them; later revisions get that for free
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from fraudguard.cases.db import make_engine

    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("set sqlalchemy.url or pass a connection in config.attributes")
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            _run(conn)
            conn.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise RuntimeError("offline (--sql) migrations are not supported; run against a database")
run_migrations_online()
