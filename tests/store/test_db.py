"""Engine and migrations: tables from an empty database, idempotent, safe when started at once."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session

from fraudguard.cases.db import make_engine, migrate, session_factory
from fraudguard.cases.models import Base, Clinic

WORKERS = 4
TABLES = {"clinics", "api_keys", "web_sessions", "cases", "case_indicators", "case_events"}


def _versions(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.scalars(text("SELECT version_num FROM alembic_version")))


def test_migrate_creates_every_table_on_an_empty_database(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        assert set(inspect(engine).get_table_names()) == set()
        migrate(engine)
        assert set(inspect(engine).get_table_names()) == TABLES | {"alembic_version"}
        assert _versions(engine) == ["0001"]
    finally:
        engine.dispose()


def test_migrate_twice_changes_nothing(engine: Engine, session: Session) -> None:
    session.add(Clinic(name="Kept"))
    session.commit()
    migrate(engine)
    migrate(engine)
    assert _versions(engine) == ["0001"]
    assert session.scalars(select(Clinic.name)).all() == ["Kept"]


def test_models_and_migrations_agree(engine: Engine) -> None:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(ctx, Base.metadata) == []


def test_constraints_have_their_conventional_names(engine: Engine) -> None:
    insp = inspect(engine)
    assert insp.get_pk_constraint("cases")["name"] in ("pk_cases", None)  # SQLite keeps no pk name
    assert {u["name"] for u in insp.get_unique_constraints("cases")} == {"uq_cases_reference"}
    assert {i["name"] for i in insp.get_indexes("case_indicators")} >= {
        "ix_case_indicators_kind_value"
    }
    assert {c["name"] for c in insp.get_check_constraints("api_keys")} == {
        "ck_api_keys_role",
        "ck_api_keys_rate_positive",
    }
    assert {f["name"] for f in insp.get_foreign_keys("case_events")} == {
        "fk_case_events_case_id_cases",
        "fk_case_events_actor_key_id_api_keys",
    }


def test_workers_starting_at_once_all_migrate(db_url: str) -> None:
    # each worker imports and connects first, then all start migrating at the same instant
    code = (
        "import sys, time; from fraudguard.cases.db import make_engine, migrate; "
        "e = make_engine(sys.argv[1]); e.connect().close(); "
        "time.sleep(max(0.0, float(sys.argv[2]) - time.time())); migrate(e); e.dispose()"
    )
    start = str(time.time() + 3)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, db_url, start],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(WORKERS)
    ]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * WORKERS, errors
    engine = make_engine(db_url)
    try:
        assert _versions(engine) == ["0001"]
        assert set(inspect(engine).get_table_names()) == TABLES | {"alembic_version"}
    finally:
        engine.dispose()


def test_plain_postgresql_urls_use_psycopg() -> None:
    for url in ("postgresql://u@db.example/fg", "postgres://u@db.example/fg"):
        engine = make_engine(url)  # no connection is made here
        assert engine.dialect.name == "postgresql"
        assert engine.dialect.driver == "psycopg"
        engine.dispose()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
    finally:
        engine.dispose()


def test_datetimes_come_back_aware_utc(engine: Engine) -> None:
    ist = timezone(timedelta(hours=5, minutes=30))
    written = datetime(2026, 11, 25, 9, 30, 15, 123456, tzinfo=ist)
    sessions = session_factory(engine)
    with sessions.begin() as s:
        s.add(Clinic(name="Tz", created_at=written))
    with sessions() as s:
        read = s.scalars(select(Clinic.created_at)).one()
        assert read.tzinfo is not None and read.utcoffset() == timedelta(0)
        assert read == written
        # comparisons in SQL use the same UTC instant
        earlier = datetime(2026, 11, 25, 4, 0, tzinfo=UTC)
        assert s.scalars(select(Clinic.name).where(Clinic.created_at > earlier)).all() == ["Tz"]


def test_naive_datetimes_are_refused(session: Session) -> None:
    session.add(Clinic(name="Naive", created_at=datetime(2026, 1, 1)))
    with pytest.raises(StatementError, match="naive datetime"):
        session.flush()


def test_foreign_keys_are_enforced(session: Session) -> None:
    from sqlalchemy.exc import IntegrityError

    from fraudguard.cases.models import ApiKey

    session.add(ApiKey(prefix="deadbeef", secret_hash="0" * 64, clinic_id=999, role="clinic"))
    with pytest.raises(IntegrityError):
        session.flush()


def test_an_in_memory_database_is_shared_by_threads() -> None:
    # FastAPI runs sync routes in a threadpool; each thread must see the migrated tables
    engine = make_engine("sqlite://")
    try:
        migrate(engine)
        with session_factory(engine).begin() as s:
            s.add(Clinic(name="Memory"))
        seen: list[list[str]] = []

        def read() -> None:
            with session_factory(engine)() as s:
                seen.append(list(s.scalars(select(Clinic.name))))

        worker = threading.Thread(target=read)
        worker.start()
        worker.join()
        assert seen == [["Memory"]]
    finally:
        engine.dispose()
