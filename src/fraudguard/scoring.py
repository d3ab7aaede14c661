"""Scorer: the verified bundle, built once; probabilities → verdicts by the bundle's thresholds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
import sklearn

from fraudguard.artifacts import Bundle, load_bundle
from fraudguard.features import message_frame, url_frame
from fraudguard.pipeline import for_serving
from fraudguard.schemas import Channel, Document, ScamType, Verdict
from fraudguard.signals import Signal

# Signals strong enough that a message the type model calls "marketing" is still fraud.
FRAUD_MARKERS = frozenset(
    {
        "otp_request",
        "remote_access_app",
        "lookalike_domain",
        "brand_in_unofficial_domain",
        "ip_address_link",
        "punycode_link",
        "dangerous_attachment",
        "executable_link",
        "credentials_in_url",
        "refund_mistake",
        "secrecy_demand",
        "sender_impersonation",
        "link_text_mismatch",
        "sexual_threat",
        "changed_bank_details",
    }
)


# Signals that turn a "suspicious" model score into "fraud": requests no honest sender makes.
ESCALATE = frozenset(
    {
        "otp_request",
        "remote_access_app",
        "credentials_in_url",
        "executable_link",
        "dangerous_attachment",
        "lookalike_domain",
        "sender_impersonation",
    }
)


def family(channel: Channel) -> str:
    """Threshold family of a channel: url, email or message (SMS, WhatsApp, calls)."""
    if channel is Channel.URL:
        return "url"
    if channel is Channel.EMAIL:
        return "email"
    return "message"


@dataclass(frozen=True, slots=True)
class Score:
    risk: float
    verdict: Verdict
    scam_type: ScamType
    escalated: bool = False  # suspicious by the model, fraud by an ESCALATE signal
    capped: bool = False  # fraud by the model, suspicious because it reads as marketing


class Scores(Protocol):
    """What assessment needs of a scorer: its version and score() (Scorer, or a test double)."""

    version: str

    def score(
        self, docs: Sequence[Document], signals: Sequence[Sequence[Signal]]
    ) -> list[Score]: ...


class Scorer:
    """Scores documents with one loaded bundle. Thread-safe: prediction does not mutate it."""

    def __init__(self, bundle: Bundle) -> None:
        self.bundle = bundle
        self.version = bundle.version
        self._type_labels = [ScamType(c) for c in bundle.scam_type.classes_]

    @classmethod
    def from_dir(cls, model_dir: Path, expected_sha256: str | None = None) -> Scorer:
        """Verify and load the bundle in model_dir, its weights laid out for fast prediction."""
        bundle = load_bundle(model_dir, expected_sha256)
        for pipe in (*bundle.risk.values(), bundle.scam_type):
            for_serving(pipe)
        return cls(bundle)

    @property
    def type_labels(self) -> list[ScamType]:
        return self._type_labels

    def score(self, docs: Sequence[Document], signals: Sequence[Sequence[Signal]]) -> list[Score]:
        """Risk, verdict and scam type for each document (signals as `detect` found them)."""
        if not docs:
            return []
        # features are finite by construction and the parameters were checked when fitted:
        # skipping both checks takes a fifth off a single message's time
        with sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
            return self._score(docs, signals)

    def _score(self, docs: Sequence[Document], signals: Sequence[Sequence[Signal]]) -> list[Score]:
        frame = message_frame(docs, signals)
        risks = np.zeros(len(docs))
        families = [family(d.channel) for d in docs]
        for fam, model in self.bundle.risk.items():
            idx = [i for i, f in enumerate(families) if f == fam]
            if not idx:
                continue
            x = url_frame([docs[i] for i in idx]) if fam == "url" else frame.iloc[idx]
            risks[idx] = model.predict_proba(x)[:, 1]
        # the scam type is only shown for flagged messages: don't compute it for the rest
        flagged = [
            i for i, f in enumerate(families) if risks[i] >= self.bundle.thresholds[f]["suspicious"]
        ]
        type_probs: list[np.ndarray | None] = [None] * len(docs)
        if flagged:
            for i, tp in zip(
                flagged, self.bundle.scam_type.predict_proba(frame.iloc[flagged]), strict=True
            ):
                type_probs[i] = tp
        return [
            self._decide(doc, float(r), tp, sigs)
            for doc, r, tp, sigs in zip(docs, risks, type_probs, signals, strict=True)
        ]

    def _decide(
        self, doc: Document, risk: float, type_probs: np.ndarray | None, sigs: Sequence[Signal]
    ) -> Score:
        t = self.bundle.thresholds[family(doc.channel)]
        if type_probs is None:  # below the suspicious threshold
            return Score(risk=risk, verdict=Verdict.SAFE, scam_type=ScamType.LEGIT)
        verdict = Verdict.FRAUD if risk >= t["fraud"] else Verdict.SUSPICIOUS
        codes = {s.code for s in sigs}
        markers = FRAUD_MARKERS.intersection(codes)
        escalated = capped = False
        if verdict is Verdict.SUSPICIOUS and ESCALATE.intersection(codes):
            # the model is unsure, but the message asks for what only a fraudster needs
            verdict, escalated = Verdict.FRAUD, True
        order = np.argsort(type_probs)[::-1]
        best = self._type_labels[order[0]]
        if best is ScamType.SPAM_PROMOTION:
            if markers:
                # marketing does not ask for OTPs or send look-alike links: take the next type
                best = self._type_labels[order[1]]
            elif verdict is Verdict.FRAUD:
                verdict, capped = Verdict.SUSPICIOUS, True  # marketing is suspicious at most
        return Score(
            risk=risk,
            verdict=verdict,
            scam_type=best,
            escalated=escalated,
            capped=capped,
        )
