"""Scorer: the verified bundle, built once; probabilities → verdicts by the bundle's policy.

`risk` is a fraud-risk score from the calibrated risk model of the input's family (message,
email, URL): a higher score means the message reads more like the fraud it was trained on. It is
not a probability that this message is fraud; the thresholds that turn it into a verdict are
chosen per channel in training for stated false-alarm budgets and travel in the bundle.

The verdict policy (`decide`) is a pure function, so training chooses thresholds by running the
very policy that serving applies.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import sklearn
from sklearn.utils import murmurhash3_32

from fraudguard.artifacts import Bundle, load_bundle
from fraudguard.features import message_frame, phonetic_key, url_frame
from fraudguard.pipeline import for_serving
from fraudguard.schemas import Channel, Document, ScamType, Verdict
from fraudguard.signals import Signal

# What no honest sender asks for or does. A message with one of these is never shown as mere
# marketing, and one that the model already finds suspicious becomes fraud (ESCALATE).
FRAUD_MARKERS = frozenset(
    {
        "otp_request",
        "remote_access_app",
        "lookalike_domain",
        "brand_in_unofficial_domain",
        "gov_name_in_unofficial_domain",
        "ip_address_link",
        "punycode_link",
        "dangerous_attachment",
        "executable_link",
        "credentials_in_url",
        "refund_mistake",
        "receive_needs_pin",
        "secrecy_demand",
        "sender_impersonation",
        "link_text_mismatch",
        "sexual_threat",
        "changed_bank_details",
        "video_call_demand",
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
        "gov_name_in_unofficial_domain",
        "sender_impersonation",
        "receive_needs_pin",
        "refund_mistake",
    }
)

CHANNELS = ("sms", "whatsapp", "call", "email", "url")
# From this promotion score a message already safe is marked promotional (the head's own
# decision boundary: it only changes the advice, never the verdict)
PROMO_MARK = 0.5


def family(channel: Channel) -> str:
    """Risk-model family of a channel: url, email or message (SMS, WhatsApp, calls)."""
    if channel is Channel.URL:
        return "url"
    if channel is Channel.EMAIL:
        return "email"
    return "message"


@dataclass(frozen=True, slots=True)
class Decision:
    verdict: Verdict
    escalated: bool = False  # suspicious by the model, fraud by an ESCALATE signal
    promotional: bool = False  # legal marketing: safe, with the DND advice


def decide(
    risk: float,
    thresholds: dict[str, float],
    codes: Collection[str],
    promo: float = 0.0,
) -> Decision:
    """The verdict for one input: risk against the channel's thresholds, escalated by a fraud
    request, and marketing without a fraud marker shown as safe and promotional."""
    marked = not FRAUD_MARKERS.isdisjoint(codes)
    if risk >= thresholds["fraud"]:
        return Decision(Verdict.FRAUD)
    if risk >= thresholds["suspicious"]:
        if not ESCALATE.isdisjoint(codes):
            return Decision(Verdict.FRAUD, escalated=True)
        # marketing the model finds a little suspicious is shown as safe only from the cut
        # chosen on validation (it may turn at most a stated share of scams safe)
        if marked or promo < thresholds.get("promotional", 1.01):
            return Decision(Verdict.SUSPICIOUS)
        return Decision(Verdict.SAFE, promotional=True)
    # a safe message that reads as marketing is marked so (it gets the DND advice)
    return Decision(Verdict.SAFE, promotional=promo >= PROMO_MARK and not marked)


@dataclass(frozen=True, slots=True)
class Score:
    risk: float
    verdict: Verdict
    scam_type: ScamType
    escalated: bool = False
    promotional: bool = False
    # the words and phrases of this message that weighed most towards fraud (flagged only)
    key_terms: tuple[str, ...] = field(default=())


class Scores(Protocol):
    """What assessment needs of a scorer: its version, thresholds and score() (Scorer, or a test
    double)."""

    version: str

    def thresholds(self, channel: Channel) -> dict[str, float]: ...

    def score(
        self, docs: Sequence[Document], signals: Sequence[Sequence[Signal]]
    ) -> list[Score]: ...


_PLACEHOLDER = re.compile(r"tok\b|^0$|\b0\b|^own|^tld")
KEY_TERMS = 3


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
        for pipe in (*bundle.risk.values(), bundle.scam_type, bundle.promo):
            for_serving(pipe)
        return cls(bundle)

    @property
    def type_labels(self) -> list[ScamType]:
        return self._type_labels

    def thresholds(self, channel: Channel) -> dict[str, float]:
        return self.bundle.thresholds[channel.value]

    def score(self, docs: Sequence[Document], signals: Sequence[Sequence[Signal]]) -> list[Score]:
        """Risk, verdict and scam type for each document (signals as `detect` found them)."""
        if not docs:
            return []
        # features are finite by construction and the parameters were checked when fitted:
        # skipping both checks takes a fifth off a single message's time
        with sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
            return self._score(docs, signals)

    def risks(self, docs: Sequence[Document], signals: Sequence[Sequence[Signal]]) -> np.ndarray:
        """The risk score of each document (its family's model)."""
        frame = message_frame(docs, signals)
        return self._risks(docs, frame)

    def _risks(self, docs: Sequence[Document], frame: Any) -> np.ndarray:
        risks = np.zeros(len(docs))
        families = [family(d.channel) for d in docs]
        for fam, model in self.bundle.risk.items():
            idx = [i for i, f in enumerate(families) if f == fam]
            if not idx:
                continue
            x = url_frame([docs[i] for i in idx]) if fam == "url" else frame.iloc[idx]
            risks[idx] = model.predict_proba(x)[:, 1]
        return risks

    def _score(self, docs: Sequence[Document], signals: Sequence[Sequence[Signal]]) -> list[Score]:
        frame = message_frame(docs, signals)
        risks = self._risks(docs, frame)
        messages = [i for i, d in enumerate(docs) if d.channel is not Channel.URL]
        promo = np.zeros(len(docs))
        if messages:
            promo[messages] = self.bundle.promo.predict_proba(frame.iloc[messages])[:, 1]
        decisions = [
            decide(float(r), self.thresholds(d.channel), {s.code for s in sigs}, float(p))
            for d, r, sigs, p in zip(docs, risks, signals, promo, strict=True)
        ]
        # the scam type and the weighing words are only shown for flagged input
        flagged = [i for i, dec in enumerate(decisions) if dec.verdict is not Verdict.SAFE]
        types: dict[int, ScamType] = {}
        terms: dict[int, tuple[str, ...]] = {}
        if flagged:
            probs = self.bundle.scam_type.predict_proba(frame.iloc[flagged])
            for i, tp in zip(flagged, probs, strict=True):
                types[i] = self._type_labels[int(np.argmax(tp))]
            for i in flagged:
                if docs[i].channel is not Channel.URL:
                    terms[i] = self.key_terms(docs[i], frame.iloc[[i]])
        return [
            Score(
                risk=float(r),
                verdict=dec.verdict,
                scam_type=types.get(i, ScamType.LEGIT),
                escalated=dec.escalated,
                promotional=dec.promotional,
                key_terms=terms.get(i, ()),
            )
            for i, (r, dec) in enumerate(zip(risks, decisions, strict=True))
        ]

    def key_terms(self, doc: Document, row: Any, top: int = KEY_TERMS) -> tuple[str, ...]:
        """The words and phrases of the message that pushed the risk up most: each n-gram's
        tf-idf value times its coefficient in the (linear) risk model — from the word block,
        and from the phonetic block (so a Gujarati or Hindi message shows its own words)."""
        pipe = self.bundle.risk[family(doc.channel)]
        coef = _linear_coef(pipe)
        if coef is None:
            return ()
        features = pipe.named_steps["features"]
        scored: list[tuple[float, str, str]] = []
        for block, column in (("word", "text"), ("phon", "phonetic")):
            if block not in features.named_transformers_ or column not in row:
                continue
            step = features.named_transformers_[block]
            vec = step.steps[0][1]
            text = str(row[column].iloc[0])
            grams = [
                g for g in dict.fromkeys(vec.build_analyzer()(text)) if not _PLACEHOLDER.search(g)
            ]
            if not grams:
                continue
            x = step.transform(row[column]).toarray()[0]
            offset = features.output_indices_[block].start
            weights = coef[offset : offset + len(x)] * x
            # the hashing vectoriser's own column of each n-gram (murmur3, seed 0, |h| mod n)
            for g in grams:
                w = float(weights[abs(murmurhash3_32(g, seed=0)) % vec.n_features])
                if w > 0:
                    scored.append((w, g, block))
        spans: list[str] = []
        for _, gram, block in sorted(scored, reverse=True):
            span = (_span if block == "word" else _phonetic_span)(doc.text, gram)
            if span is None:
                continue  # a normalised form the message does not show as such
            # a phrase already covers its words; a word already in a picked phrase adds nothing
            low = span.lower()
            if any(low in p.lower() or p.lower() in low for p in spans):
                continue
            spans.append(span)
            if len(spans) == top:
                break
        return tuple(spans)


def _span(text: str, gram: str) -> str | None:
    """The words of an n-gram as the message writes them (any case, any spacing between)."""
    words = gram.split()
    pattern = r"(?<!\w)" + r"[\W_]+".join(re.escape(w) for w in words) + r"(?!\w)"
    m = re.search(pattern, text[:MAX_SEARCH_CHARS], re.IGNORECASE)
    return m.group(0) if m else None


_WORD = re.compile(r"[^\s.,;:!?()\[\]{}\"'“”‘’।॥|/\\<>*#=+~]+")


def _phonetic_span(text: str, gram: str) -> str | None:
    """The words of a phonetic n-gram as the message writes them: consecutive words whose
    phonetic keys are the gram's keys ("kt blk" → "खाता ब्लॉक")."""
    keys = gram.split()
    words = list(_WORD.finditer(text[:MAX_SEARCH_CHARS]))
    found = [phonetic_key(w.group(0)) for w in words]
    for i in range(len(words) - len(keys) + 1):
        if found[i : i + len(keys)] == keys:
            return text[words[i].start() : words[i + len(keys) - 1].end()]
    return None


MAX_SEARCH_CHARS = 20_000


def _linear_coef(pipe: Any) -> np.ndarray | None:
    """The coefficients of a linear risk model (None for another kind of model)."""
    steps = getattr(pipe, "named_steps", None)
    if not steps or "clf" not in steps:
        return None
    clf = steps["clf"]
    est = (
        clf.calibrated_classifiers_[0].estimator if hasattr(clf, "calibrated_classifiers_") else clf
    )
    coef = getattr(est, "coef_", None)
    return None if coef is None else np.asarray(coef).ravel()
