"""Detection figures for two scores on the same messages: ROC-AUC and recall at a matched FPR."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.metrics import roc_auc_score

from benchmarks.spamassassin import REQUIRED

BOOTSTRAP = 1000


def _auc(y: np.ndarray, s: np.ndarray) -> float | None:
    return float(roc_auc_score(y, s)) if 0 < y.sum() < len(y) else None


def bootstrap_auc(
    y: np.ndarray, fg: np.ndarray, sa: np.ndarray, seed: int
) -> dict[str, list[float]]:
    """95% percentile intervals of both AUCs and their difference (paired resamples)."""
    rng = np.random.default_rng(seed)
    rows = []
    for _ in range(BOOTSTRAP):
        idx = rng.integers(0, len(y), len(y))
        a, b = _auc(y[idx], fg[idx]), _auc(y[idx], sa[idx])
        if a is not None and b is not None:
            rows.append((a, b, a - b))
    lo, hi = np.percentile(np.array(rows), [2.5, 97.5], axis=0)
    names = ("fraudguard", "spamassassin", "difference")
    return {n: [round(float(lo[i]), 4), round(float(hi[i]), 4)] for i, n in enumerate(names)}


def threshold_at_fp(negatives: np.ndarray, allowed_fp: int) -> float:
    """Lowest threshold with at most `allowed_fp` negatives strictly above it.

    It is the (allowed_fp + 1)-th highest negative score, so ties never add false positives."""
    ranked = np.sort(negatives)[::-1]
    return float(ranked[allowed_fp]) if allowed_fp < len(ranked) else -np.inf


def _finite(value: float) -> float | None:
    return round(value, 6) if np.isfinite(value) else None


def _rate(flags: np.ndarray, mask: np.ndarray) -> float | None:
    return round(float(flags[mask].mean()), 4) if mask.any() else None


def _detection(flags: np.ndarray, kind: np.ndarray) -> dict[str, Any]:
    ham = kind == "ham"
    return {
        "fpr": _rate(flags, ham),
        "false_positives": int(flags[ham].sum()),
        "recall": _rate(flags, ~ham),
        "recall_by_kind": {k: _rate(flags, kind == k) for k in ("spam", "phishing")},
    }


def compare(
    kind: np.ndarray, fg: np.ndarray, sa: np.ndarray, fg_flag: np.ndarray, seed: int
) -> dict[str, Any]:
    """fraudguard risk `fg` and SpamAssassin score `sa` on messages of `kind` (ham = negative).

    `fg_flag` is fraudguard's own verdict (not safe) at the thresholds shipped in its bundle."""
    y = (kind != "ham").astype(int)
    sa_flag = sa >= REQUIRED
    threshold = threshold_at_fp(fg[y == 0], int(sa_flag[y == 0].sum()))
    auc_fg, auc_sa = _auc(y, fg), _auc(y, sa)
    return {
        "n": len(y),
        "counts": {k: int((kind == k).sum()) for k in ("ham", "spam", "phishing")},
        "roc_auc": {
            "fraudguard": None if auc_fg is None else round(auc_fg, 4),
            "spamassassin": None if auc_sa is None else round(auc_sa, 4),
        },
        "roc_auc_95ci": bootstrap_auc(y, fg, sa, seed),
        "spamassassin_at_5": _detection(sa_flag, kind),
        "fraudguard_at_sa_fpr": {"threshold": _finite(threshold)}
        | _detection(fg > threshold, kind),
        "fraudguard_own_thresholds": _detection(fg_flag, kind),
    }
