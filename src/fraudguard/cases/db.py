"""Engine, migrations and sessions: the same code on SQLite (default) and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

__all__ = ["alembic_config", "make_engine", "migrate", "session_factory"]

_MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any constant: PostgreSQL workers migrating at once queue on this advisory lock.
_PG_MIGRATION_LOCK = 0x46475F4341534553  # "FG_CASES"
_SQLITE_BUSY_SECONDS = 30.0


def make_engine(url: str) -> Engine:
    """An engine for `url`; plain postgresql:// URLs use psycopg 3, SQLite gets WAL and FKs."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True)
    in_memory = parsed.database in (None, "", ":memory:") or "mode=memory" in str(parsed)
    engine = create_engine(
        parsed,
        # sessions are handed between the threadpool's threads; each is used by one at a time
        connect_args={"check_same_thread": False, "timeout": _SQLITE_BUSY_SECONDS},
        # an in-memory database lives in one connection: share it, or each thread sees none
        **({"poolclass": StaticPool} if in_memory else {}),
    )
    event.listen(engine, "connect", _sqlite_on_connect)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {int(_SQLITE_BUSY_SECONDS * 1000)}")
        # WAL: page readers never wait for a writer; several workers can share one file
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def alembic_config() -> Config:
    """Alembic's configuration, built in code (no alembic.ini); for `migrate` and new revisions."""
    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    # date-prefixed revision files: 2026_11_25_0001_initial.py (`--rev-id 0002` for the next)
    cfg.set_main_option("file_template", "%%(year)d_%%(month).2d_%%(day).2d_%%(rev)s_%%(slug)s")
    return cfg


def migrate(engine: Engine) -> None:
    """Upgrade the database to the newest revision; idempotent, safe for workers starting at once.

    The whole upgrade is one transaction that first takes a database-wide lock (BEGIN IMMEDIATE on
    SQLite, an advisory lock on PostgreSQL), so a second process waits, then finds nothing to do.
    """
    cfg = alembic_config()
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            # sqlite3's legacy mode would run each CREATE outside any transaction
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        elif conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        conn.commit()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions bound to `engine`; objects stay readable after commit (responses built later)."""
    return sessionmaker(bind=engine, expire_on_commit=False)
