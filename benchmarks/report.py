"""Machine facts for the JSON report, and the report as readable tables."""

from __future__ import annotations

import os
import platform
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from threadpoolctl import threadpool_info

_PACKAGES = ("scikit-learn", "numpy", "scipy", "pandas", "joblib", "selectolax", "tldextract")


def _cpuinfo(key: str) -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith(key):
            return line.split(":", 1)[1].strip()
    return "unknown"


def _mem_total_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return round(int(line.split()[1]) / 1024**2, 1)
    return float("nan")


def _version(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def machine() -> dict[str, Any]:
    """CPU, cores, memory, OS, Python and library versions, and the BLAS thread pools."""
    return {
        "cpu_model": _cpuinfo("model name"),
        "cpu_mhz": _cpuinfo("cpu MHz"),
        "logical_cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)),
        "memory_gib": _mem_total_gib(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "packages": {name: _version(name) for name in _PACKAGES},
        "blas_env": {
            k: os.environ[k] for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if k in os.environ
        },
        "threadpools": [
            {k: p.get(k) for k in ("internal_api", "version", "num_threads", "architecture")}
            for p in threadpool_info()
        ],
    }


# --- rendering --------------------------------------------------------------------------------


def _fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def _ci(pair: list[float] | None) -> str:
    return "" if not pair else f" [{pair[0]:.3f}, {pair[1]:.3f}]"


def _throughput_table(report: dict[str, Any]) -> Table:
    table = Table(title="fraudguard throughput — one process, assess_batch", title_justify="left")
    for col in (
        "channel",
        "n",
        "batch",
        "msgs/s",
        "ms/msg",
        "parse-only msgs/s",
        "score-only msgs/s",
        "CPU/wall",
        "runs",
    ):
        table.add_column(col, justify="left" if col == "channel" else "right")
    for name, t in report["throughput"].items():
        table.add_row(
            name,
            _fmt(t["n"]),
            _fmt(t["batch"]),
            _fmt(t["full"]["msgs_per_s"]),
            _fmt(t["full"]["ms_per_msg"], 2),
            _fmt(t["parse_only"]["msgs_per_s"]),
            _fmt(t["score_only"]["msgs_per_s"]),
            _fmt(t["full"]["cpu_per_wall"], 2),
            str(t["full"]["runs"]),
        )
    return table


def _resources_table(report: dict[str, Any]) -> Table:
    table = Table(title="Model load and memory — fresh processes", title_justify="left")
    table.add_column("measure")
    table.add_column("value", justify="right")
    load, mem = report["load"], report["memory"]
    rows = [
        (f"Scorer.from_dir, median of {load['runs']} (s)", _fmt(load["median_from_dir_s"], 3)),
        ("  of which manifest + SHA-256 verify (s)", _fmt(load["median_verify_s"], 3)),
        ("  import fraudguard.scoring, median (s)", _fmt(load["median_import_s"], 3)),
        ("bundle size (MiB)", _fmt(load["bundle_bytes"] / 1024**2, 1)),
        ("RSS after imports (MiB)", _fmt(mem["rss_after_imports_mb"])),
        ("RSS after loading the model (MiB)", _fmt(mem["rss_after_load_mb"])),
        ("peak RSS while loading, ru_maxrss (MiB)", _fmt(mem["maxrss_after_load_mb"])),
        (
            f"peak RSS during {mem['emails']:,} emails, batch {mem['batch']} (MiB)",
            _fmt(mem["peak_rss_email_run_mb"]),
        ),
        ("ru_maxrss at the end of the email run (MiB)", _fmt(mem["maxrss_process_mb"])),
    ]
    for row in rows:
        table.add_row(*row)
    return table


def _detection_table(sa: dict[str, Any]) -> Table:
    table = Table(title="Detection on the same test-split emails", title_justify="left")
    table.add_column("subset")
    for col in (
        "n (ham/spam/phish)",
        "ROC-AUC fraudguard",
        "ROC-AUC SpamAssassin",
        "SA@5.0 FPR",
        "SA@5.0 recall",
        "fraudguard recall @ SA FPR",
        "fraudguard own thresholds FPR / recall",
    ):
        table.add_column(col, justify="right")
    for name, c in sa["comparison"].items():
        counts = c["counts"]
        table.add_row(
            name,
            f"{c['n']} ({counts['ham']}/{counts['spam']}/{counts['phishing']})",
            _fmt(c["roc_auc"]["fraudguard"], 3) + _ci(c["roc_auc_95ci"]["fraudguard"]),
            _fmt(c["roc_auc"]["spamassassin"], 3) + _ci(c["roc_auc_95ci"]["spamassassin"]),
            _pct(c["spamassassin_at_5"]["fpr"]),
            _pct(c["spamassassin_at_5"]["recall"]),
            _pct(c["fraudguard_at_sa_fpr"]["recall"]),
            f"{_pct(c['fraudguard_own_thresholds']['fpr'])} / "
            f"{_pct(c['fraudguard_own_thresholds']['recall'])}",
        )
    return table


def _sa_speed_table(sa: dict[str, Any]) -> Table:
    table = Table(title="Email throughput on the same emails", title_justify="left")
    for col in ("scorer", "n", "msgs/s (wall)", "msgs per CPU-s", "fraudguard ÷ this: CPU, wall"):
        table.add_column(col, justify="left" if col == "scorer" else "right")
    speed = sa["throughput"]
    fg = speed["fraudguard"]
    table.add_row(
        f"fraudguard assess_batch (batch {fg['batch']})",
        _fmt(fg["n"]),
        _fmt(fg["msgs_per_s_wall"]),
        _fmt(fg["msgs_per_cpu_s"]),
        "",
    )
    for key in ("spamd", "cli"):
        run = speed.get(key)
        if run:
            table.add_row(
                run["mode"],
                _fmt(run["scored"]),
                _fmt(run["msgs_per_s_wall"], 2),
                _fmt(run["msgs_per_cpu_s"], 2),
                f"{_fmt(speed['ratio_per_cpu'].get(key))}×, {_fmt(speed['ratio_wall'].get(key))}×",
            )
    return table


def _sa_facts(sa: dict[str, Any]) -> str:
    split = sa["sample"]["split_agreement_with_model"]
    agree = sa.get("cli_vs_spamd_scores")
    lines = [
        f"SpamAssassin: {sa['spamassassin']['version']}; rules: {sa['spamassassin']['rules']}",
        f"SA scores from: {sa['scores_from']}"
        + (
            f"; CLI and spamd scores differ on {agree['differing']} of {agree['compared']} "
            f"(max |Δ| {agree['max_abs_diff']})"
            if agree
            else ""
        ),
        "test split reproduced: "
        + ("matches the model's metrics.json" if split.get("matches") else f"{split}"),
    ]
    if "spamd_error" in sa:
        lines.append(f"spamd failed, CLI used for every score: {sa['spamd_error']}")
    return "\n".join(lines)


def render(report: dict[str, Any], console: Console | None = None) -> None:
    """Print the report's figures as tables."""
    console = console or Console()
    m = report["machine"]
    s = report["settings"]
    console.rule("fraudguard benchmark")
    console.print(
        f"{m['cpu_model']}, {m['usable_cores']} cores, {m['memory_gib']} GiB · "
        f"Python {m['python']} · "
        f"scikit-learn {m['packages']['scikit-learn']} · model {report['model']['version']}\n"
        f"seed {s['seed']} · SMS {s['sms']:,} · URLs {s['urls']:,} · emails {s['emails']:,} · "
        f"SpamAssassin sample {s['sa_emails']:,} · median of {s['runs']} timed runs after warm-up"
    )
    console.print(_resources_table(report))
    console.print(_throughput_table(report))
    sa = report.get("spamassassin", {})
    if "comparison" in sa:
        console.print(_detection_table(sa))
        console.print(_sa_speed_table(sa))
        console.print(_sa_facts(sa))
    elif sa:
        console.print(f"SpamAssassin: skipped ({sa.get('skipped')})")
    for note in report.get("notes", []):
        console.print(f"• {note}", soft_wrap=False)
    load = ", ".join(f"{k} {v}" for k, v in report["load_average_1min"].items())
    console.print(
        f"[dim]1-min load average before each step: {load} (2 cores) · "
        f"JSON: {report['output']} · total {report['elapsed_s']:.0f} s[/dim]"
    )
