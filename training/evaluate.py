"""Evaluation figures: ROC-AUC, PR-AUC, recall at fixed false-positive rates, confusion at the
shipped thresholds, and the ROC/PR plots."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import average_precision_score, roc_auc_score, roc_curve

from fraudguard.scoring import decide


def recall_at_fpr(y: np.ndarray, p: np.ndarray, fpr_budget: float) -> float | None:
    """Share of positives caught when at most `fpr_budget` of negatives are flagged."""
    neg = np.sort(p[y == 0])
    if len(neg) == 0 or (y == 1).sum() == 0:
        return None
    # the threshold must stay above the scores of all but fpr_budget of the negatives
    k = int(np.floor(fpr_budget * len(neg)))
    thr = neg[len(neg) - 1 - k] if k < len(neg) else -np.inf
    return float((p[y == 1] > thr).mean())


def threshold_for_fpr(p_negatives: np.ndarray, fpr_budget: float) -> float:
    """Lowest score threshold that flags at most `fpr_budget` of the given negatives."""
    neg = np.sort(p_negatives)
    k = int(np.floor(fpr_budget * len(neg)))
    return float(np.nextafter(neg[len(neg) - 1 - k], 1.0)) if len(neg) else 0.5


def binary_report(
    y: Sequence[int] | np.ndarray,
    p: Sequence[float] | np.ndarray,
    verdicts: Sequence[str] | None = None,
) -> dict[str, object]:
    """The figures for one slice: counts, ROC-AUC, PR-AUC, recall at 1% and 0.1% FPR, confusion."""
    ya, pa = np.asarray(y), np.asarray(p, dtype=float)
    n_pos, n_neg = int((ya == 1).sum()), int((ya == 0).sum())
    rep: dict[str, object] = {"n": len(ya), "positives": n_pos, "negatives": n_neg}
    if n_pos and n_neg:
        rep["roc_auc"] = round(float(roc_auc_score(ya, pa)), 4)
        rep["pr_auc"] = round(float(average_precision_score(ya, pa)), 4)
        r1 = recall_at_fpr(ya, pa, 0.01)
        r01 = recall_at_fpr(ya, pa, 0.001)
        rep["recall_at_1pct_fpr"] = None if r1 is None else round(r1, 4)
        # with fewer than 1,000 negatives a 0.1% budget means "no false positive at all"
        rep["recall_at_0.1pct_fpr"] = None if r01 is None else round(r01, 4)
    if verdicts is not None:
        conf: dict[str, dict[str, int]] = {"positive": {}, "negative": {}}
        for truth, v in zip(ya, verdicts, strict=True):
            row = conf["positive" if truth == 1 else "negative"]
            row[v] = row.get(v, 0) + 1
        rep["confusion"] = conf
    return rep


def plot_curves(curves: dict[str, tuple[np.ndarray, np.ndarray]], out_dir: Path) -> list[str]:
    """ROC and PR curves per slice → roc.png, pr.png."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import precision_recall_curve

    out_dir.mkdir(parents=True, exist_ok=True)
    fig1, ax1 = plt.subplots(figsize=(6, 5), dpi=100)
    fig2, ax2 = plt.subplots(figsize=(6, 5), dpi=100)
    for name, (y, p) in curves.items():
        if len(set(y.tolist())) < 2:
            continue
        fpr, tpr, _ = roc_curve(y, p)
        ax1.plot(fpr, tpr, label=f"{name} (AUC {roc_auc_score(y, p):.3f})")
        prec, rec, _ = precision_recall_curve(y, p)
        ax2.plot(rec, prec, label=f"{name} (AP {average_precision_score(y, p):.3f})")
    ax1.set_xscale("log")
    ax1.set_xlim(1e-4, 1)
    ax1.set(
        xlabel="false-positive rate (log)", ylabel="true-positive rate", title="ROC, test split"
    )
    ax2.set(xlabel="recall", ylabel="precision", title="Precision–recall, test split")
    for ax in (ax1, ax2):
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7, loc="lower right" if ax is ax1 else "lower left")
    fig1.tight_layout()
    fig2.tight_layout()
    fig1.savefig(out_dir / "roc.png")
    fig2.savefig(out_dir / "pr.png")
    plt.close(fig1)
    plt.close(fig2)
    return ["roc.png", "pr.png"]


# --------------------------------------------------------------------------------------------
# the report: false alarms on genuine messages, recall on scams, scam type


def _genuine_counts(verdicts: Sequence[str]) -> dict[str, object]:
    n = len(verdicts)
    alarms = sum(v != "safe" for v in verdicts)
    fraud = sum(v == "fraud" for v in verdicts)
    return {
        "n": n,
        "alarms": alarms,
        "fraud": fraud,
        "alarms_per_1000": round(1000 * alarms / n, 1) if n else None,
        "fraud_per_1000": round(1000 * fraud / n, 1) if n else None,
    }


def _scam_counts(verdicts: Sequence[str]) -> dict[str, object]:
    n = len(verdicts)
    fraud = sum(v == "fraud" for v in verdicts)
    flagged = sum(v != "safe" for v in verdicts)
    return {
        "n": n,
        "fraud": round(fraud / n, 4) if n else None,
        "not_safe": round(flagged / n, 4) if n else None,
        "safe": n - flagged,
    }


def _by(part: pd.DataFrame, verdicts: np.ndarray, cols: Sequence[str], counts: Any) -> dict:
    out: dict[str, Any] = {"all": counts(list(verdicts))}
    for col in cols:
        out[f"by_{col}"] = {
            str(k): counts(list(verdicts[idx]))
            for k, idx in sorted(part.groupby(col).indices.items())
        }
    return out


def false_alarms(
    part: pd.DataFrame, risk: np.ndarray, codes: Sequence[frozenset[str]], thresholds: dict
) -> dict[str, object]:
    """False alarms on genuine rows scored with a risk model and per-channel thresholds."""
    verdicts = [
        decide(float(r), thresholds[ch], c).verdict.value
        for r, c, ch in zip(risk, codes, part["channel"], strict=True)
    ]
    return _genuine_counts(verdicts)


BUDGETS = {
    "genuine_fraud": 0.005,
    "genuine_alarms": 0.03,
    "scam_fraud": 0.90,
    "scam_not_safe": 0.97,
}


def report(test: pd.DataFrame, bundle: Any, frames: Any = None) -> tuple[dict, dict]:
    """Every test figure through the real Scorer (the serving code path).

    Genuine rows (legit and legal promotions): alarms and fraud verdicts per 1,000 by channel,
    language, kind and source. Scams: share called fraud and share not called safe, by scam type,
    language, channel, form and source. Scam type: end to end on the authored scams (human
    labels). Ranking figures (ROC-AUC, recall at fixed false-alarm rates) per channel."""
    from fraudguard.scoring import Scorer

    if frames is not None:
        signals = [frames.signals[i] for i in test.index]
    else:
        from fraudguard.signals import detect

        signals = [detect(d) for d in test["doc"]]
    test = test.reset_index(drop=True)
    scorer = Scorer(bundle)
    docs = list(test["doc"])
    scores = []
    for start in range(0, len(docs), 2000):
        scores += scorer.score(docs[start : start + 2000], signals[start : start + 2000])
    verdicts = np.array([s.verdict.value for s in scores])
    risk = np.array([s.risk for s in scores])
    y = test["y"].to_numpy()
    genuine = test["genuine"].to_numpy()
    scam = y == 1
    g, sc = test[genuine].reset_index(drop=True), test[scam].reset_index(drop=True)
    out: dict[str, Any] = {
        "genuine": _by(
            g, verdicts[genuine], ("channel", "language", "kind", "source"), _genuine_counts
        ),
        "scams": _by(
            sc, verdicts[scam], ("scam_type", "language", "channel", "form", "source"), _scam_counts
        ),
    }
    # the public corpora's marketing (labels are keyword guesses): how much of it is flagged
    marketing = (y == 0) & ~genuine
    out["public_marketing"] = _by(
        test[marketing].reset_index(drop=True), verdicts[marketing], ("source",), _genuine_counts
    )
    authored_scam = (sc["source"] == "authored").to_numpy()
    out["scams"]["authored"] = _scam_counts(list(verdicts[scam][authored_scam]))
    out["scams"]["public"] = _scam_counts(list(verdicts[scam][~authored_scam]))
    # budgets: every channel's genuine rows, and all scams
    checks: dict[str, Any] = {}
    for ch, r in out["genuine"]["by_channel"].items():
        checks[ch] = {
            "fraud_ok": r["fraud"] <= BUDGETS["genuine_fraud"] * r["n"],
            "alarms_ok": r["alarms"] <= BUDGETS["genuine_alarms"] * r["n"],
        }
    for name in ("all", "authored", "public"):
        r = out["scams"][name] if name != "all" else out["scams"]["all"]
        if r["n"]:
            checks[f"scams_{name}"] = {
                "fraud_ok": r["fraud"] >= BUDGETS["scam_fraud"],
                "not_safe_ok": r["not_safe"] >= BUDGETS["scam_not_safe"],
            }
    out["budget_checks"] = checks
    # scam type, end to end, on the authored scams
    idx = np.flatnonzero(((test["source"] == "authored") & (test["y"] == 1)).to_numpy())
    if len(idx):
        truth = test.loc[idx, "scam_type"].to_numpy()
        pred = np.array([scores[i].scam_type.value for i in idx])
        flagged = verdicts[idx] != "safe"
        per_type = {}
        for t in sorted(set(truth)):
            m = truth == t
            per_type[t] = {"n": int(m.sum()), "right": round(float((pred[m] == t).mean()), 4)}
        out["scam_type"] = {
            "n": len(idx),
            "accuracy_end_to_end": round(float((pred == truth).mean()), 4),
            "accuracy_when_flagged": round(float((pred[flagged] == truth[flagged]).mean()), 4)
            if flagged.any()
            else None,
            "by_type": per_type,
        }
    ranking = {}
    curves = {}
    for ch in ("sms", "whatsapp", "call", "email", "url"):
        m = (test["channel"] == ch).to_numpy()
        if m.sum() and len(set(y[m])) == 2:
            ranking[ch] = binary_report(y[m], risk[m])
            curves[ch] = (y[m], risk[m])
    out["ranking"] = ranking
    return out, curves
