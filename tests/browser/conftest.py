"""Headless Chromium (Debian's, driven by Playwright) against a real server on loopback."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.api.server import start

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@dataclass(frozen=True)
class Live:
    base: str
    token: str


def _need_chromium() -> None:
    if CHROMIUM.is_file():
        return
    message = f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory, model_dir: Path) -> Iterator[Live]:
    """`fraudguard serve` on a free loopback port, with its own SQLite file and a clinic key."""
    _need_chromium()
    srv = start(tmp_path_factory.mktemp("browser"), model_dir)
    try:
        yield Live(srv.base, srv.key("clinic", clinic="City Clinic", role="clinic"))
    finally:
        srv.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless; Playwright's own browser downloads are never used."""
    _need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """test-artifacts/screenshots/ at the repository root (gitignored), for review."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
