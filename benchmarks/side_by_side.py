"""fraudguard and SpamAssassin on the same test-split emails: detection and throughput."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from benchmarks import samples, spamassassin
from benchmarks.compare import compare
from benchmarks.throughput import RunPlan, measure, parse_all
from fraudguard.assess import Item
from fraudguard.schemas import Channel, Verdict
from fraudguard.scoring import Scorer
from fraudguard.signals import detect


@dataclass(frozen=True)
class SaPlan:
    emails: int = 300  # stratified test-split sample, scored by spamd
    cli_emails: int = 60  # of those, also scored by `spamassassin -L -t` (about 1 s each)
    seed: int = 13
    batch: int = 256
    spamd_budget_s: float = 240.0
    cli_budget_s: float = 150.0


def _fraudguard_scores(sample: pd.DataFrame, scorer: Scorer) -> tuple[np.ndarray, np.ndarray]:
    """Unrounded risk (Assessment.risk is rounded to 4 places, which ties many spam at 1.0) and
    whether the shipped thresholds flag the email (verdict not safe)."""
    items = [Item(content=c, channel=Channel.EMAIL) for c in sample["content"]]
    docs = parse_all(items)
    if len(docs) != len(items):
        raise RuntimeError("an email of the comparison sample failed to parse")
    scores = scorer.score(docs, [detect(d) for d in docs])
    risk = np.array([s.risk for s in scores])
    flagged = np.array([s.verdict is not Verdict.SAFE for s in scores])
    return risk, flagged


def _score_agreement(cli: dict[str, float], spamd: dict[str, float]) -> dict[str, Any]:
    """Scores of the same messages from both modes. They can differ: a long-lived spamd child
    does not always fire a rule that a fresh process fires (seen with GB_CUSTOM_HTM_URI)."""
    common = sorted(set(cli) & set(spamd))
    differ = {k: [cli[k], spamd[k]] for k in common if abs(cli[k] - spamd[k]) > 1e-6}
    diffs = [abs(cli[k] - spamd[k]) for k in common]
    return {
        "compared": len(common),
        "differing": len(differ),
        "max_abs_diff": round(max(diffs), 3) if diffs else None,
        "examples_cli_spamd": dict(list(differ.items())[:5]),
    }


def run(emails: pd.DataFrame, scorer: Scorer, model_dir: Path, plan: SaPlan) -> dict[str, Any]:
    """Sample the test split, score it with both, compare detection and speed."""
    split = samples.email_split(emails)
    sample = samples.stratified_test_sample(split, plan.emails, plan.seed)
    messages = list(zip(sample["id"], sample["content"], strict=True))
    out: dict[str, Any] = {
        "spamassassin": spamassassin.facts(),
        "sample": {
            "source": "test split of training (email_split reproduces training's groups and hash)",
            "split_agreement_with_model": samples.split_agreement(split, model_dir),
            "requested": plan.emails,
            "shares": samples.SA_SHARES,
            "seed": plan.seed,
            "test_split_pool": split[split["split"] == "test"]["kind"].value_counts().to_dict(),
        },
    }

    runs: dict[str, spamassassin.SaRun] = {}
    try:
        runs["spamd"] = spamassassin.run_spamd(messages, plan.spamd_budget_s)
    except (RuntimeError, OSError) as exc:
        out["spamd_error"] = str(exc)
    cli_messages = messages[: plan.cli_emails] if "spamd" in runs else messages
    runs["cli"] = spamassassin.run_cli(cli_messages, plan.cli_budget_s)
    source = runs.get("spamd", runs["cli"])
    if "spamd" in runs:
        out["cli_vs_spamd_scores"] = _score_agreement(runs["cli"].scores, runs["spamd"].scores)
    out["scores_from"] = source.mode

    scored = sample[sample["id"].isin(source.scores)].reset_index(drop=True)
    risk, flagged = _fraudguard_scores(scored, scorer)
    sa_score = scored["id"].map(source.scores).to_numpy(dtype=float)
    kind = scored["kind"].to_numpy()
    subsets = {
        "all": np.ones(len(kind), dtype=bool),
        "phishing_vs_ham": kind != "spam",
        "spam_vs_ham": kind != "phishing",
    }
    out["comparison"] = {
        name: compare(kind[m], risk[m], sa_score[m], flagged[m], plan.seed)
        for name, m in subsets.items()
    }

    items = [Item(content=c, channel=Channel.EMAIL) for c in scored["content"]]
    with threadpool_limits(1):
        fg = measure(items, scorer, RunPlan(batch=plan.batch, warmup=50))["full"]
    n = len(items)
    fg_per_cpu = round(n / statistics.median(fg["cpu_s"]), 2)
    speed: dict[str, Any] = {
        "fraudguard": {
            "n": n,
            "batch": plan.batch,
            "msgs_per_s_wall": fg["msgs_per_s"],
            "msgs_per_cpu_s": fg_per_cpu,
            "runs": fg["runs"],
        },
        "ratio_per_cpu": {},
        "ratio_wall": {},
    }
    for key, sa_run in runs.items():
        summary = sa_run.summary()
        speed[key] = summary
        if summary["msgs_per_cpu_s"]:
            speed["ratio_per_cpu"][key] = round(fg_per_cpu / summary["msgs_per_cpu_s"], 1)
        if summary["msgs_per_s_wall"]:
            speed["ratio_wall"][key] = round(fg["msgs_per_s"] / summary["msgs_per_s_wall"], 1)
    out["throughput"] = speed
    return out
