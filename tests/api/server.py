"""A real fraudguard server on loopback for API tests: its own SQLite file and CLI-made keys."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cli(env: dict[str, str], *args: str) -> str:
    """Run `fraudguard …` with this server's environment; its stdout."""
    done = subprocess.run(
        [sys.executable, "-m", "fraudguard.cli", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@dataclass
class Server:
    base: str
    env: dict[str, str]
    proc: subprocess.Popen
    keys: dict[str, str] = field(default_factory=dict)

    def key(self, name: str, *, clinic: str, role: str, rate: int | None = None) -> str:
        """Create an API key with the CLI (as an admin would) and remember it by name."""
        args = ["keys", "create", "--clinic", clinic, "--role", role, "--name", name]
        if rate is not None:
            args += ["--rate", str(rate)]
        self.keys[name] = json.loads(cli(self.env, *args))["token"]
        return self.keys[name]

    def auth(self, name: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[name]}"}

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def start(
    tmp: Path, model_dir: Path, workers: int = 1, probe: str = "/readyz", **env_extra: str
) -> Server:
    """Start `fraudguard serve` on a free loopback port; wait until `probe` answers 200."""
    port = free_port()
    env = {
        "FRAUDGUARD_MODEL_DIR": str(model_dir),
        "FRAUDGUARD_DATABASE_URL": f"sqlite:///{tmp / 'fraudguard.db'}",
        **env_extra,
    }
    args = ["serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "fraudguard.cli", *args],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            if httpx.get(base + probe, timeout=1).status_code == 200:
                return Server(base, env, proc)
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    err = proc.stderr.read().decode() if proc.stderr else ""
    raise RuntimeError(f"server did not start: {err[-2000:]}")
