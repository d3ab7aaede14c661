"""`fraudguard keys create / list / revoke` end to end, in a subprocess, on both databases."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fraudguard.cases.db import make_engine, session_factory
from fraudguard.cases.keys import authenticate
from fraudguard.errors import Unauthorized


def fraudguard(url: str, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FRAUDGUARD_DATABASE_URL": url, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "fraudguard.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )


def _authenticates(url: str, token: str) -> bool:
    engine = make_engine(url)
    try:
        with session_factory(engine)() as s:
            authenticate(session=s, token=token, default_rate=60)
            return True
    except Unauthorized:
        return False
    finally:
        engine.dispose()


def test_keys_create_list_revoke(db_url: str, tmp_path: Path) -> None:
    created = fraudguard(
        db_url, tmp_path, "keys", "create", "--clinic", "City Clinic", "--role", "clinic",
        "--name", "reception", "--rate", "30",
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    out = json.loads(created.stdout)
    assert set(out) == {"token", "prefix", "clinic", "role"}
    assert (out["clinic"], out["role"]) == ("City Clinic", "clinic")
    assert out["token"].startswith(f"fg_{out['prefix']}_")
    assert "cannot be shown again" in created.stderr
    token = out["token"]
    secret = token.split("_", 2)[2]
    if db_url.startswith("sqlite"):
        assert Path(db_url.removeprefix("sqlite:///")).is_file()
        assert not (tmp_path / "fraudguard.db").exists()  # the configured URL was used

    second = fraudguard(
        db_url, tmp_path, "keys", "create", "--clinic", "Cyber Cell", "--role", "reviewer"
    )
    assert second.returncode == 0, second.stderr

    listed = fraudguard(db_url, tmp_path, "keys", "list")
    assert listed.returncode == 0, listed.stderr
    assert secret not in listed.stdout and token not in listed.stdout
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(r["prefix"], r["clinic"], r["role"]) for r in rows] == [
        (out["prefix"], "City Clinic", "clinic"),
        (json.loads(second.stdout)["prefix"], "Cyber Cell", "reviewer"),
    ]
    assert len(rows) == 2 and rows[0]["rate_per_minute"] == 30 and rows[0]["revoked_at"] is None
    assert not any("token" in r or "secret_hash" in r for r in rows)

    assert _authenticates(db_url, token)
    revoked = fraudguard(db_url, tmp_path, "keys", "revoke", out["prefix"])
    assert revoked.returncode == 0, revoked.stderr
    assert json.loads(revoked.stdout)["revoked_at"] is not None
    assert not _authenticates(db_url, token)

    after = [
        json.loads(line)
        for line in fraudguard(db_url, tmp_path, "keys", "list").stdout.splitlines()
    ]
    assert after[0]["revoked_at"] is not None and after[1]["revoked_at"] is None


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["keys", "revoke", "00000000"], "not_found"),
        (["keys", "create", "--clinic", "C", "--role", "clinic", "--rate", "0"], "invalid_input"),
    ],
)
def test_keys_errors_are_one_line_and_exit_2(
    db_url: str, tmp_path: Path, args: list[str], code: str
) -> None:
    done = fraudguard(db_url, tmp_path, *args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.strip().splitlines() == [done.stderr.strip()]
    assert done.stderr.startswith(f"fraudguard: {code}: ")


def test_db_upgrade(db_url: str, tmp_path: Path) -> None:
    done = fraudguard(db_url, tmp_path, "db", "upgrade")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["ok"] is True
