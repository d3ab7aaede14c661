"""`fraudguard scan` end to end, as another tool would call it: files in, JSONL out, in order."""

from __future__ import annotations

import json
import mailbox
import os
import subprocess
import sys
from pathlib import Path

import pytest

PHISH = (
    "Dear customer, your SBI account will be blocked today. Update KYC now at "
    "hxxps://sbi-kyc-update[.]in[.]net/login and share the OTP with our officer 9876543210."
)
HAM = "Dr. Mehta, your appointment list for tomorrow is ready. 14 patients, first at 10:30."
CONTRACT = {
    "id",
    "channel",
    "verdict",
    "risk",
    "scam_type",
    "reasons",
    "indicators",
    "model_version",
}
INDICATOR_KEYS = {"urls", "domains", "phones", "upi_ids", "emails", "amounts"}


def run_scan(*args: str, stdin: str = "", cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "fraudguard.cli", "scan", "--quiet", *args],
        input=stdin.encode("utf-8"),
        capture_output=True,
        timeout=300,
        env=env,
        cwd=cwd,
    )


def records(proc: subprocess.CompletedProcess) -> list[dict]:
    assert proc.returncode == 0, proc.stderr.decode()
    return [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]


def jsonl(*rows: dict) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def test_stdin_jsonl_contract_and_order(model_dir: Path) -> None:
    rows = [
        {"id": "a", "channel": "sms", "content": PHISH},
        {"id": "b", "channel": "sms", "content": HAM},
        {"id": "c", "channel": "url", "content": "http://192.168.10.5/hdfc/netbanking/login.php"},
    ]
    out = records(run_scan(stdin=jsonl(*rows)))
    assert [r["id"] for r in out] == ["a", "b", "c"]
    for r in out:
        assert r.keys() >= CONTRACT
        assert r["indicators"].keys() >= INDICATOR_KEYS
        assert 0.0 <= r["risk"] <= 1.0
        assert all({"code", "message"} <= x.keys() for x in r["reasons"])
    assert out[0]["verdict"] == "fraud"
    assert "sbi-kyc-update.in.net" in out[0]["indicators"]["domains"]
    assert "+919876543210" in out[0]["indicators"]["phones"]
    assert out[1]["verdict"] == "safe"
    assert out[2]["verdict"] != "safe"


def test_dash_means_stdin(model_dir: Path) -> None:
    out = records(run_scan("-", stdin=jsonl({"id": "x", "channel": "auto", "content": HAM})))
    assert out[0]["id"] == "x" and out[0]["channel"] == "sms"


def test_malformed_lines_get_errors_and_the_scan_goes_on(model_dir: Path) -> None:
    stdin = (
        jsonl({"id": "1", "channel": "sms", "content": HAM})
        + "{this is not json\n"
        + jsonl({"id": "3", "channel": "fax", "content": HAM})
        + jsonl({"id": "4", "channel": "sms"})
        + jsonl({"id": "5", "channel": "sms", "content": "   "})
        + "[1, 2]\n"
        + jsonl({"id": "7", "channel": "sms", "content": PHISH})
    )
    out = records(run_scan(stdin=stdin))
    assert [r["id"] for r in out] == ["1", "stdin:2", "3", "4", "5", "stdin:6", "7"]
    assert "verdict" in out[0] and "verdict" in out[6]
    for r in out[1:6]:
        assert r["error"]["code"] == "invalid_input", r
        assert r["error"]["message"]
        assert "verdict" not in r
    assert "channel" in out[2]["error"]["message"]


def test_email_files_mbox_maildir_and_text(tmp_path: Path, corpus_emails, model_dir: Path) -> None:
    phish = corpus_emails("nazario_phishing_2004_2005", n=3)
    ham = corpus_emails("spamassassin", n=3, label="ham")
    eml = tmp_path / "phish.eml"
    eml.write_bytes(phish[0])
    box = mailbox.mbox(tmp_path / "inbox.mbox")
    for raw in (ham[0], phish[1]):
        box.add(mailbox.mboxMessage(raw))
    box.flush()
    md = mailbox.Maildir(tmp_path / "Maildir")
    for raw in (ham[1], phish[2]):
        md.add(raw)
    txt = tmp_path / "message.txt"
    txt.write_text(PHISH, encoding="utf-8")
    out = records(
        run_scan(str(eml), str(tmp_path / "inbox.mbox"), str(tmp_path / "Maildir"), str(txt))
    )
    assert len(out) == 6
    assert out[0]["id"] == str(eml) and out[0]["channel"] == "email"
    assert out[1]["id"].endswith("inbox.mbox#1") and out[2]["id"].endswith("inbox.mbox#2")
    assert all(r["channel"] == "email" for r in out[:5])
    assert out[5]["id"] == str(txt) and out[5]["channel"] == "sms"
    assert out[5]["verdict"] == "fraud"


def test_unreadable_paths_are_reported(tmp_path: Path, model_dir: Path) -> None:
    (tmp_path / "plain-folder").mkdir()
    out = records(run_scan(str(tmp_path / "missing.eml"), str(tmp_path / "plain-folder")))
    assert [r["error"]["code"] for r in out] == ["invalid_input", "invalid_input"]


def test_workers_give_the_same_output_in_order(model_dir: Path) -> None:
    rows = [
        {"id": str(i), "channel": "sms", "content": (PHISH if i % 3 == 0 else HAM) + f" #{i}"}
        for i in range(150)
    ]
    one = records(run_scan(stdin=jsonl(*rows)))
    two = records(run_scan("--workers", "2", stdin=jsonl(*rows)))
    assert [r["id"] for r in two] == [str(i) for i in range(150)]
    assert one == two


def test_hindi_reasons(model_dir: Path) -> None:
    out = records(
        run_scan("--language", "hi", stdin=jsonl({"id": "h", "channel": "sms", "content": PHISH}))
    )
    assert any("\u0900" <= ch <= "\u097f" for ch in out[0]["reasons"][0]["message"])


def test_changed_model_is_refused(tmp_path: Path, model_dir: Path) -> None:
    bad = tmp_path / "models"
    bad.mkdir()
    for f in model_dir.iterdir():
        (bad / f.name).write_bytes(f.read_bytes())
    data = bytearray((bad / "model.joblib").read_bytes())
    data[100] ^= 1
    (bad / "model.joblib").write_bytes(bytes(data))
    proc = run_scan("--model-dir", str(bad), stdin=jsonl({"id": "1", "content": HAM}))
    assert proc.returncode == 2
    assert b"does not match its manifest" in proc.stderr
    assert proc.stdout == b""


@pytest.mark.parametrize("workers", ["0", "-1"])
def test_bad_worker_count(workers: str) -> None:
    proc = run_scan("--workers", workers)
    assert proc.returncode == 2
