"""Evaluation figures: ROC-AUC, PR-AUC, recall at fixed false-positive rates, confusion at the
shipped thresholds, and the ROC/PR plots."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score, roc_curve


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
