"""Measurements that need a fresh interpreter: model load time and memory.

The parent calls `load_times` and `memory`; each starts `python -m benchmarks.probe KIND ...`,
which prints one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import json
import pickle
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

_ROOT = Path(__file__).resolve().parents[1]
_TIMEOUT_S = 300


def _status_mb(field: str) -> float:
    """A VmRSS / VmHWM line of /proc/self/status, in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def _reset_peak() -> bool:
    """Reset VmHWM to the current RSS (Linux ≥ 4.0); False where that is not allowed."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _maxrss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KiB on Linux


def _probe_load(model_dir: Path) -> dict[str, Any]:
    t0 = time.perf_counter()
    from fraudguard.artifacts import verify
    from fraudguard.scoring import Scorer

    t1 = time.perf_counter()
    Scorer.from_dir(model_dir)
    t2 = time.perf_counter()
    verify(model_dir)  # the manifest and SHA-256 share of from_dir, timed on its own
    t3 = time.perf_counter()
    return {"import_s": t1 - t0, "from_dir_s": t2 - t1, "verify_s": t3 - t2}


def _probe_memory(model_dir: Path, emails_file: Path, batch: int) -> dict[str, Any]:
    from benchmarks.throughput import assess_all
    from fraudguard.assess import Item
    from fraudguard.schemas import Channel
    from fraudguard.scoring import Scorer

    out: dict[str, Any] = {"rss_after_imports_mb": _status_mb("VmRSS")}
    scorer = Scorer.from_dir(model_dir)
    out |= {"rss_after_load_mb": _status_mb("VmRSS"), "maxrss_after_load_mb": _maxrss_mb()}
    raw: list[bytes] = pickle.loads(emails_file.read_bytes())
    items = [Item(content=r, channel=Channel.EMAIL) for r in raw]
    out["rss_with_emails_in_memory_mb"] = _status_mb("VmRSS")
    # ru_maxrss cannot be reset and still holds the load's peak (decompressing the bundle);
    # resetting the kernel's high-water mark gives the email run's own peak as well
    hwm_reset = _reset_peak()
    assess_all(items, scorer, batch)
    out |= {
        "emails": len(items),
        "batch": batch,
        "rss_after_email_run_mb": _status_mb("VmRSS"),
        "maxrss_process_mb": _maxrss_mb(),
        "peak_rss_email_run_mb": _status_mb("VmHWM") if hwm_reset else None,
    }
    return out


def _child(args: Sequence[str]) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.probe", *args],
        cwd=_ROOT,
        capture_output=True,
        text=True,
        timeout=_TIMEOUT_S,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"probe {args[0]} failed: {proc.stderr.strip()[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def load_times(model_dir: Path, runs: int = 5) -> dict[str, Any]:
    """`Scorer.from_dir` (manifest, SHA-256, version checks, unpickling) in fresh processes."""
    samples = [_child(["load", str(model_dir)]) for _ in range(runs)]

    def med(key: str) -> float:
        return round(statistics.median(s[key] for s in samples), 3)

    return {
        "runs": runs,
        "from_dir_s": [round(s["from_dir_s"], 3) for s in samples],
        "median_from_dir_s": med("from_dir_s"),
        "median_verify_s": med("verify_s"),
        "median_import_s": med("import_s"),
        "bundle_bytes": (model_dir / "model.joblib").stat().st_size,
        "note": "page cache warm after the first run; verify_s = manifest + SHA-256 of every file",
    }


def memory(model_dir: Path, emails: Sequence[bytes], batch: int) -> dict[str, Any]:
    """RSS after loading the model and peak RSS of an email run, in one fresh process."""
    with tempfile.TemporaryDirectory(prefix="fg-bench-") as tmp:
        path = Path(tmp) / "emails.pickle"
        path.write_bytes(pickle.dumps(list(emails)))
        return _child(["memory", str(model_dir), str(path), str(batch)])


def main() -> None:
    parser = argparse.ArgumentParser(prog="benchmarks.probe")
    parser.add_argument("kind", choices=["load", "memory"])
    parser.add_argument("model_dir", type=Path)
    parser.add_argument("emails_file", type=Path, nargs="?")
    parser.add_argument("batch", type=int, nargs="?", default=256)
    args = parser.parse_args()
    if args.kind == "load":
        result = _probe_load(args.model_dir)
    else:
        result = _probe_memory(args.model_dir, args.emails_file, args.batch)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
