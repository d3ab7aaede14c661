"""SpamAssassin on the same emails: the `spamassassin -L -t` command and a local spamd/spamc.

Local tests only (`-L`: no DNS, no network rules); Bayes off (an empty database scores nothing,
and auto-learning would make the scores depend on message order); user preferences in a
temporary HOME. spamd listens on 127.0.0.1 only and is stopped afterwards.
"""

from __future__ import annotations

import os
import pwd
import re
import resource
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CONFIG = ("use_bayes 0", "bayes_auto_learn 0")
REQUIRED = 5.0  # SpamAssassin's default required_score
MESSAGE_TIMEOUT_S = 60
MAX_MESSAGE_BYTES = 20 * 1024 * 1024  # spamc passes larger mail through unchecked (default 500 KB)

_REPORT_SCORE = re.compile(rb"Content analysis details:\s+\((-?\d+(?:\.\d+)?) points")
_STATUS_SCORE = re.compile(rb"^X-Spam-Status:.*?score=(-?\d+(?:\.\d+)?)", re.M | re.S)
_SPAMC_SCORE = re.compile(rb"^\s*(-?\d+(?:\.\d+)?)/(-?\d+(?:\.\d+)?)")


@dataclass
class SaRun:
    """Scores by message id, with the wall and CPU time of the loop that produced them."""

    mode: str
    scores: dict[str, float] = field(default_factory=dict)
    errors: int = 0
    attempted: int = 0
    wall_s: float = 0.0
    cpu_s: float | None = None  # CPU of the SpamAssassin processes (perl), not of this process
    client_cpu_s: float | None = None  # spamc, for the spamd mode
    stopped_by_budget: bool = False

    def summary(self) -> dict[str, Any]:
        n = len(self.scores)
        return {
            "mode": self.mode,
            "attempted": self.attempted,
            "scored": n,
            "errors": self.errors,
            "stopped_by_budget": self.stopped_by_budget,
            "wall_s": round(self.wall_s, 2),
            "msgs_per_s_wall": round(n / self.wall_s, 2) if self.wall_s else None,
            "cpu_s": None if self.cpu_s is None else round(self.cpu_s, 2),
            "msgs_per_cpu_s": round(n / self.cpu_s, 2) if self.cpu_s else None,
            "client_cpu_s": None if self.client_cpu_s is None else round(self.client_cpu_s, 2),
        }


def available() -> str | None:
    """None when spamassassin, spamd and spamc are installed; otherwise what is missing."""
    missing = [b for b in ("spamassassin", "spamd", "spamc") if shutil.which(b) is None]
    return f"not installed: {', '.join(missing)}" if missing else None


def facts() -> dict[str, Any]:
    """Version and where the rules come from."""
    version = subprocess.run(
        ["spamassassin", "-V"], capture_output=True, text=True, timeout=60, check=False
    ).stdout.strip()
    state = Path("/var/lib/spamassassin")
    updates = sorted(str(p) for p in state.glob("[0-9]*/updates_spamassassin_org"))
    compiled = sorted(str(p) for p in (state / "compiled").glob("*/*"))
    return {
        "version": " / ".join(line.strip() for line in version.splitlines()),
        "rules": updates[0]
        if updates
        else "/usr/share/spamassassin (rules shipped with the "
        "Debian package; no sa-update rules in /var/lib/spamassassin)",
        "compiled_body_rules": compiled or None,
        "options": ["-L (local tests only)", *(f"--cf='{c}'" for c in CONFIG)],
        "required_score": REQUIRED,
    }


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _cf_args() -> list[str]:
    return [f"--cf={line}" for line in CONFIG]


def _env(home: Path) -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "LANG": "C.UTF-8"}


def cli_score(output: bytes) -> float | None:
    """The score of `spamassassin -t` output: its report's total, else the X-Spam-Status header."""
    found = _REPORT_SCORE.findall(output)
    if found:
        return float(found[-1])
    head = output.split(b"\n\n", 1)[0]
    match = _STATUS_SCORE.search(head)
    return float(match.group(1)) if match else None


def run_cli(messages: Sequence[tuple[str, bytes]], budget_s: float) -> SaRun:
    """`spamassassin -L -t` once per message, one at a time (perl start-up included)."""
    run = SaRun(mode="spamassassin -L -t, one process per message, sequential")
    with tempfile.TemporaryDirectory(prefix="fg-bench-sa-") as tmp:
        home = Path(tmp)
        prefs = home / "user_prefs"
        prefs.write_text("")
        cmd = ["spamassassin", "-L", "-t", "-p", str(prefs), *_cf_args()]
        cpu0, start = _children_cpu(), time.perf_counter()
        for msg_id, raw in messages:
            if time.perf_counter() - start > budget_s:
                run.stopped_by_budget = True
                break
            run.attempted += 1
            try:
                proc = subprocess.run(
                    cmd,
                    input=raw,
                    capture_output=True,
                    env=_env(home),
                    timeout=MESSAGE_TIMEOUT_S,
                    check=False,
                )
            except subprocess.TimeoutExpired:
                run.errors += 1
                continue
            score = cli_score(proc.stdout)
            if score is None:
                run.errors += 1
            else:
                run.scores[msg_id] = score
        run.wall_s = time.perf_counter() - start
        run.cpu_s = _children_cpu() - cpu0
    return run


# --- spamd ------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _tree_cpu(pid: int) -> float:
    """CPU seconds of a process, its reaped children and its live descendants (from /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += sum(int(f) for f in fields[11:15]) / tick  # utime stime cutime cstime
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except (OSError, IndexError, ValueError):
        return total
    return total + sum(_tree_cpu(int(c)) for c in children)


def _spamc(port: int, *extra: str) -> list[str]:
    return ["spamc", "-d", "127.0.0.1", "-p", str(port), "-x", *extra]


def _run_as() -> list[str]:
    if os.geteuid() != 0:
        return []
    for user in ("debian-spamd", "nobody"):
        try:
            pwd.getpwnam(user)
        except KeyError:
            continue
        return ["-u", user]
    return []


@contextmanager
def spamd(children: int = 1, start_timeout_s: float = 120.0) -> Iterator[tuple[int, int]]:
    """A spamd on 127.0.0.1 with `children` preforked children; yields (port, pid)."""
    home = Path(tempfile.mkdtemp(prefix="fg-bench-spamd-"))
    run_as = _run_as()
    if run_as:
        entry = pwd.getpwnam(run_as[1])
        os.chown(home, entry.pw_uid, entry.pw_gid)
    port = _free_port()
    n = str(children)
    cmd = [
        "spamd",
        "-L",
        "-x",
        f"--listen=127.0.0.1:{port}",
        "-m",
        n,
        f"--min-children={n}",
        f"--min-spare={n}",
        f"--max-spare={n}",
        "-H",
        str(home),
        "-s",
        "stderr",
        *run_as,
        *_cf_args(),
    ]
    log = (home / "spamd.log").open("wb")
    proc = subprocess.Popen(cmd, stdout=log, stderr=log, env=_env(home))
    try:
        deadline = time.monotonic() + start_timeout_s
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"spamd exited: {(home / 'spamd.log').read_text()[-1500:]}")
            ping = subprocess.run(_spamc(port, "-K"), capture_output=True, timeout=30, check=False)
            if ping.returncode == 0:
                break
            if time.monotonic() > deadline:
                raise RuntimeError("spamd did not answer in time")
            time.sleep(0.5)
        yield port, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=30)
        log.close()
        shutil.rmtree(home, ignore_errors=True)


def run_spamd(messages: Sequence[tuple[str, bytes]], budget_s: float, children: int = 1) -> SaRun:
    """spamc → spamd (`children` children, started and stopped here), one message at a time."""
    run = SaRun(mode=f"spamc → spamd -L -m {children} on 127.0.0.1, sequential")
    with spamd(children) as (port, pid):
        cmd = _spamc(port, "-c", "-s", str(MAX_MESSAGE_BYTES), "-t", str(MESSAGE_TIMEOUT_S))
        client0, server0, start = _children_cpu(), _tree_cpu(pid), time.perf_counter()
        for msg_id, raw in messages:
            if time.perf_counter() - start > budget_s:
                run.stopped_by_budget = True
                break
            run.attempted += 1
            try:
                proc = subprocess.run(
                    cmd,
                    input=raw,
                    capture_output=True,
                    timeout=MESSAGE_TIMEOUT_S + 30,
                    check=False,
                )
            except subprocess.TimeoutExpired:
                run.errors += 1
                continue
            match = _SPAMC_SCORE.match(proc.stdout)
            # -c exits 0 (ham) or 1 (spam); "0/0" means spamd did not check the message
            if proc.returncode > 1 or not match or proc.stdout.startswith(b"0/0"):
                run.errors += 1
            else:
                run.scores[msg_id] = float(match.group(1))
        run.wall_s = time.perf_counter() - start
        run.cpu_s = _tree_cpu(pid) - server0
        run.client_cpu_s = _children_cpu() - client0
    return run
