"""The API tests' shared server: a real uvicorn on loopback, its own SQLite file, CLI-made keys."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api.server import Server, start


@pytest.fixture(scope="session")
def server(model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    srv = start(
        tmp_path_factory.mktemp("api"),
        model_dir,
        FRAUDGUARD_LIMIT_MAX_EMAIL_BYTES="200000",
        FRAUDGUARD_API_MAX_BATCH_ITEMS="5",
    )
    srv.key("clinic", clinic="City Clinic", role="clinic", rate=1000)
    srv.key("other", clinic="Lake Hospital", role="clinic", rate=1000)
    srv.key("reviewer", clinic="Kanpur Cyber Cell", role="reviewer", rate=1000)
    srv.key("admin", clinic="Kanpur Cyber Cell", role="admin", rate=100_000)
    srv.key("slow", clinic="City Clinic", role="clinic", rate=3)
    yield srv
    srv.stop()
