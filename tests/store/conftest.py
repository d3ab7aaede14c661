"""Store fixtures: every test runs on a SQLite file and on PostgreSQL, each freshly migrated.

PostgreSQL isolation: each test gets its own schema (`fg_test_<pid>_<random>`), reached through
`options=-csearch_path=<schema>` in the URL, so the code under test sees an empty database, parallel
runs never collide, and the schema is dropped afterwards. Set FRAUDGUARD_TEST_POSTGRES_URL to use
another server; without one the PostgreSQL half is skipped, or fails when CI=true.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from fraudguard.cases.db import make_engine, migrate, session_factory
from fraudguard.cases.keys import authenticate, issue_key
from fraudguard.schemas import (
    Assessment,
    Channel,
    Indicators,
    Language,
    Principal,
    Reason,
    Role,
    ScamType,
    Verdict,
)

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
DEFAULT_RATE = 120


def _libpq(url: str) -> str:
    """A psycopg connection string for a SQLAlchemy URL."""
    u = make_url(url)
    parts = {
        "host": u.host or "127.0.0.1",
        "port": str(u.port or 5432),
        "dbname": u.database or "",
        "user": u.username or "",
        "password": u.password or "",
        "connect_timeout": "3",
    }
    return " ".join(f"{k}='{v}'" for k, v in parts.items() if v)


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The server's URL, after checking it answers (skip, or fail on CI, when it does not)."""
    url = os.environ.get("FRAUDGUARD_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    try:
        with psycopg.connect(_libpq(url)) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        message = (
            f"PostgreSQL not reachable at {make_url(url).render_as_string(hide_password=True)} "
            f"({str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__}); "
            "set FRAUDGUARD_TEST_POSTGRES_URL to run the PostgreSQL half of tests/store"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """An empty database: a new SQLite file, or a new PostgreSQL schema dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('store') / 'cases.db'}"
        return
    base: str = request.getfixturevalue("postgres_url")
    schema = f"fg_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_libpq(base), autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with psycopg.connect(_libpq(base), autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """A migrated engine on the test database."""
    eng = make_engine(db_url)
    migrate(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return session_factory(engine)


@pytest.fixture
def session(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """One session, as a request has; tests commit when they need a second one to see it."""
    with sessions() as s:
        yield s


def make_principal(
    session: Session, *, clinic: str = "City Clinic", role: Role = Role.CLINIC
) -> Principal:
    """Issue a key and authenticate with it: the principal a request would carry."""
    issued = issue_key(session=session, clinic=clinic, role=role)
    return authenticate(session=session, token=issued.token, default_rate=DEFAULT_RATE)


def make_assessment(
    *,
    upi_ids: list[str] | None = None,
    phones: list[str] | None = None,
    verdict: Verdict = Verdict.FRAUD,
    risk: float = 0.97,
    **indicators: list[str],
) -> Assessment:
    """A small fraud verdict with indicators of each kind."""
    return Assessment(
        id="t1",
        channel=Channel.SMS,
        verdict=verdict,
        risk=risk,
        scam_type=ScamType.UPI_COLLECT_OR_QR,
        language=Language.EN,
        reasons=[Reason(code="upi_collect", message="asks you to approve a UPI collect request")],
        indicators=Indicators(
            upi_ids=upi_ids if upi_ids is not None else ["refund.desk@ybl"],
            phones=phones if phones is not None else ["+919876543210"],
            **indicators,
        ),
        model_version="fg-test",
    )
