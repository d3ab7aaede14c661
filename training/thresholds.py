"""Verdict thresholds chosen on validation for false-alarm budgets, per channel.

The budgets hold on genuine messages of every kind, not only on their average: a threshold must
keep the budget on the channel's validation rows as a whole *and* on each large enough slice of
them (a corpus, an authored kind), so that bank alerts cannot pay for calm personal chat. The
thresholds are found by running the serving policy (`fraudguard.scoring.decide`) itself, so a
suspicious score escalated to fraud by an OTP request counts against the fraud budget.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from fraudguard.schemas import Channel, Verdict
from fraudguard.scoring import CHANNELS, decide, family


@dataclass(frozen=True)
class Budgets:
    alarms: float = 0.03  # suspicious or fraud, share of genuine messages
    fraud: float = 0.005  # fraud verdicts, share of genuine messages
    margin: float = 0.8  # aim at this share of each budget on validation (test differs)
    min_slice: int = 150  # a kind or a language is held to the budget on its own from this size
    min_authored: int = 30  # the authored rows (what a clinic receives) from this size
    promo_scam_loss: float = 0.01  # scams a "promotional" cut may turn safe (validation)


def _verdicts(
    risk: np.ndarray, codes: Sequence[frozenset[str]], promo: np.ndarray, t: dict[str, float]
) -> np.ndarray:
    return np.array(
        [
            decide(float(r), t, c, float(p)).verdict.value
            for r, c, p in zip(risk, codes, promo, strict=True)
        ]
    )


def _slices(legit: pd.DataFrame, b: Budgets) -> list[np.ndarray]:
    """Index arrays of the rows each budget applies to: all of them, the authored rows (what a
    clinic really receives) from a smaller size, and each large corpus, kind and language."""
    out = [np.arange(len(legit))]
    for col in ("source", "kind", "language"):
        for key, idx in legit.groupby(col).indices.items():
            least = b.min_authored if (col, key) == ("source", "authored") else b.min_slice
            if len(idx) >= least:
                out.append(np.asarray(idx))
    return out


def _lowest_passing(candidates: np.ndarray, passes: Callable[[float], bool]) -> float:
    """The lowest candidate threshold that passes (candidates ascending; passing is monotone)."""
    lo, hi = 0, len(candidates) - 1
    if not passes(float(candidates[hi])):
        return float(np.nextafter(candidates[hi], 2.0))
    while lo < hi:
        mid = (lo + hi) // 2
        if passes(float(candidates[mid])):
            hi = mid
        else:
            lo = mid + 1
    return float(candidates[lo])


@dataclass(frozen=True)
class _Slices:
    """The genuine validation rows a channel's thresholds are held to, slice by slice."""

    slices: list[np.ndarray]
    risk: np.ndarray
    codes: Sequence[frozenset[str]]
    b: Budgets

    def within(self, t: dict[str, float], share: float, verdicts: frozenset[str]) -> bool:
        """Every slice flags at most `share` (times the margin) of its rows as `verdicts`."""
        for s in self.slices:
            v = _verdicts(self.risk[s], [self.codes[int(i)] for i in s], np.zeros(len(s)), t)
            if np.isin(v, list(verdicts)).sum() > np.floor(share * self.b.margin * len(s)):
                return False
        return True


ALARM = frozenset({"suspicious", "fraud"})
FRAUD = frozenset({"fraud"})


def choose(
    val: pd.DataFrame,
    risk: np.ndarray,
    codes: Sequence[frozenset[str]],
    promo: np.ndarray,
    b: Budgets,
) -> dict[str, dict[str, float]]:
    """Per channel: the lowest `suspicious` and `fraud` thresholds within the budgets on every
    slice of the channel's genuine validation rows (a channel with few genuine rows of its own is
    also held to its family's pooled rows), then the promotional cut."""
    out: dict[str, dict[str, float]] = {}
    is_legit = val["genuine"].to_numpy()
    fam = val["channel"].map(lambda c: family(Channel(c))).to_numpy()
    ch = val["channel"].to_numpy()
    for channel in CHANNELS:
        f = family(Channel(channel))
        own = np.flatnonzero(is_legit & (ch == channel))
        pooled = np.flatnonzero(is_legit & (fam == f))
        parts = [own[s] for s in _slices(val.iloc[own], b)] if len(own) else []
        parts += [pooled[s] for s in _slices(val.iloc[pooled], b)]
        held = _Slices([s for s in parts if len(s)], risk, codes, b)

        def sus_ok(x: float, held: _Slices = held) -> bool:
            t = {"suspicious": x, "fraud": 2.0}
            return held.within(t, b.alarms, ALARM) and held.within(t, b.fraud, FRAUD)

        cand = np.unique(np.concatenate([risk[pooled], [1.0]]))
        sus = _lowest_passing(cand, sus_ok)

        def fraud_ok(x: float, held: _Slices = held, sus: float = sus) -> bool:
            return held.within({"suspicious": sus, "fraud": x}, b.fraud, FRAUD)

        cand_f = cand[cand >= sus]
        fraud = _lowest_passing(cand_f if len(cand_f) else np.array([1.0]), fraud_ok)
        out[channel] = {"suspicious": round(sus, 6), "fraud": round(max(fraud, sus), 6)}
        out[channel]["promotional"] = _promo_cut(val, risk, codes, promo, out[channel], channel, b)
    return out


def _promo_cut(
    val: pd.DataFrame,
    risk: np.ndarray,
    codes: Sequence[frozenset[str]],
    promo: np.ndarray,
    t: dict[str, float],
    channel: str,
    b: Budgets,
) -> float:
    """The lowest promotion score from which marketing is shown as safe, such that at most
    `promo_scam_loss` of the family's validation scams flagged without it turn safe."""
    if channel == "url":
        return 1.01
    f = family(Channel(channel))
    fam = val["channel"].map(lambda c: family(Channel(c))).to_numpy()
    scams = np.flatnonzero((val["y"] == 1).to_numpy() & (fam == f))
    if not len(scams):
        return 1.01
    scam_codes = [codes[int(i)] for i in scams]
    base = _verdicts(risk[scams], scam_codes, np.zeros(len(scams)), t)
    flagged = base != Verdict.SAFE.value
    cand = np.unique(np.concatenate([promo[scams], [1.01]]))

    def loses_little(cut: float) -> bool:
        tt = {**t, "promotional": cut}
        v = _verdicts(risk[scams], scam_codes, promo[scams], tt)
        lost = (flagged & (v == Verdict.SAFE.value)).sum()
        return lost <= b.promo_scam_loss * len(scams)

    return round(max(_lowest_passing(cand, loses_little), 0.5), 6)
