"""Fixtures shared by every test package: where the shared corpora live, and a loader for them."""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

_REPO_ROOT = Path(__file__).resolve().parents[1]

EmailLoader = Callable[..., list[bytes]]


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared corpora: $FRAUDGUARD_SHARED_DATA, else ../shared/data beside the repository."""
    configured = os.environ.get("FRAUDGUARD_SHARED_DATA")
    path = Path(configured) if configured else _REPO_ROOT.parent / "shared" / "data"
    if not path.is_dir():
        message = (
            f"shared corpora not found at {path}: set FRAUDGUARD_SHARED_DATA to the folder "
            "holding spamassassin/, nazario_phishing_2004_2005/ ..."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def _load_emails(path: Path, n: int, label: str | None) -> list[bytes]:
    # "raw" is the original message decoded as latin-1, so encoding it back gives the exact bytes
    found: list[bytes] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if label is None or row["label"] == label:
                found.append(row["raw"].encode("latin-1"))
                if len(found) >= n:
                    break
    return found


@pytest.fixture(scope="session")
def corpus_emails(shared_data: Path) -> EmailLoader:
    """load(name, n=50, label=None) → first n raw messages (bytes) of <name>/messages.jsonl.gz."""
    cache: dict[tuple[str, int, str | None], list[bytes]] = {}

    def load(name: str, n: int = 50, label: str | None = None) -> list[bytes]:
        key = (name, n, label)
        if key not in cache:
            path = shared_data / name / "messages.jsonl.gz"
            if not path.is_file():
                message = f"corpus file missing: {path}"
                if os.environ.get("CI") == "true":
                    pytest.fail(message)
                pytest.skip(message)
            cache[key] = _load_emails(path, n, label)
        return cache[key]

    return load


@pytest.fixture(scope="session")
def model_dir() -> Path:
    """The shipped, committed model bundle (models/); the suite never trains a full model."""
    path = _REPO_ROOT / "models"
    if not (path / "manifest.json").is_file():
        pytest.fail(f"no shipped model in {path}: run `make train` and commit models/")
    return path


@pytest.fixture(scope="session")
def scorer(model_dir: Path):  # type: ignore[no-untyped-def]
    """The shipped model, verified and loaded once for the session."""
    from fraudguard.scoring import Scorer

    return Scorer.from_dir(model_dir)
