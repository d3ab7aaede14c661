"""The HTTP service on a real uvicorn server on loopback: verdicts, the error shape, the limits."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

PHISH = (
    "Your SBI YONO account is blocked today. Update PAN now: http://sbi-yono-kyc.xyz/login "
    "and share the OTP with our officer."
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(env_extra: dict[str, str]) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, **env_extra}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "fraudguard.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(proc.stderr.read().decode() if proc.stderr else "server did not start")


@pytest.fixture(scope="module")
def server(model_dir: Path) -> Iterator[str]:
    proc, base = _start(
        {"FRAUDGUARD_MODEL_DIR": str(model_dir), "FRAUDGUARD_LIMIT_MAX_EMAIL_BYTES": "200000"}
    )
    yield base
    proc.terminate()
    proc.wait(timeout=20)


def test_ready_with_the_shipped_model(server: str) -> None:
    r = httpx.get(server + "/readyz")
    assert r.status_code == 200
    assert r.json()["model_version"].startswith("fg-")


def test_analyze_sms(server: str) -> None:
    r = httpx.post(server + "/v1/analyze", json={"channel": "sms", "content": PHISH})
    assert r.status_code == 200
    body = r.json()
    assert body["verdict"] == "fraud"
    assert "sbi-yono-kyc.xyz" in body["indicators"]["domains"]
    assert any(x["code"] == "otp_request" and "OTP" in x["evidence"] for x in body["reasons"])


def test_analyze_in_hindi(server: str) -> None:
    r = httpx.post(server + "/v1/analyze", json={"content": PHISH, "language": "hi"})
    assert r.status_code == 200
    assert any("\u0900" <= c <= "\u097f" for c in r.json()["reasons"][0]["message"])


def test_analyze_raw_email(server: str, corpus_emails) -> None:
    raw = corpus_emails("nazario_phishing_2004_2005", n=1)[0]
    r = httpx.post(
        server + "/v1/analyze/email", content=raw, headers={"Content-Type": "message/rfc822"}
    )
    assert r.status_code == 200
    body = r.json()
    assert body["channel"] == "email"
    assert body["verdict"] == "fraud" and body["scam_type"] == "credential_phishing"
    assert any(x["code"] == "link_text_mismatch" for x in body["reasons"])


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ({"channel": "sms"}, "content"),
        ({"channel": "fax", "content": "hi"}, "channel"),
        ({"content": ""}, "content"),
        ({"content": "hi", "language": "fr"}, "language"),
    ],
)
def test_invalid_fields_are_422_with_a_message(server: str, payload: dict, fragment: str) -> None:
    r = httpx.post(server + "/v1/analyze", json=payload)
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == "invalid_input" and fragment in err["message"]


def test_whitespace_content_is_422(server: str) -> None:
    r = httpx.post(server + "/v1/analyze", json={"content": "   \n "})
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid_input"


def test_too_long_text_is_413(server: str) -> None:
    r = httpx.post(server + "/v1/analyze", json={"channel": "sms", "content": "a" * 20_001})
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "input_too_large"


def test_email_over_the_limit_is_413(server: str) -> None:
    raw = b"From: a@b.example\r\nSubject: big\r\n\r\n" + b"x" * 250_000
    r = httpx.post(
        server + "/v1/analyze/email", content=raw, headers={"Content-Type": "message/rfc822"}
    )
    assert r.status_code == 413


def test_email_with_wrong_media_type_is_415(server: str) -> None:
    r = httpx.post(
        server + "/v1/analyze/email", content=b"{}", headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 415
    assert "message/rfc822" in r.json()["error"]["message"]


def test_not_json_is_422(server: str) -> None:
    r = httpx.post(
        server + "/v1/analyze", content=b"{nope", headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 422


def test_broken_model_keeps_health_but_not_readiness(tmp_path: Path) -> None:
    proc, base = _start({"FRAUDGUARD_MODEL_DIR": str(tmp_path)})
    try:
        assert httpx.get(base + "/healthz").status_code == 200
        r = httpx.get(base + "/readyz")
        assert r.status_code == 503
        assert "manifest" in r.json()["error"]["message"]
        r = httpx.post(base + "/v1/analyze", json={"content": PHISH})
        assert r.status_code == 503
    finally:
        proc.terminate()
        proc.wait(timeout=20)
