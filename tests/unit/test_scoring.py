"""Verdict policy: thresholds from the bundle, marketing capped at suspicious unless the message
does what scams do."""

from __future__ import annotations

import numpy as np
import pytest

from fraudguard.artifacts import Bundle
from fraudguard.ingest import parse
from fraudguard.schemas import Channel, ScamType, Verdict
from fraudguard.scoring import Scorer
from fraudguard.signals import detect


class Fixed:
    """A fitted-model stand-in that returns the same probabilities for every row."""

    def __init__(self, probs: list[float], classes: list[str]) -> None:
        self.probs = np.array(probs)
        self.classes_ = np.array(classes)

    def predict_proba(self, frame: object) -> np.ndarray:
        return np.tile(self.probs, (len(frame), 1))  # type: ignore[arg-type]


THRESHOLDS = {f: {"suspicious": 0.3, "fraud": 0.7} for f in ("message", "email", "url")}


def scorer(risk: float, top_type: str) -> Scorer:
    types = ["kyc_bank_block", "spam_promotion", "lottery_prize"]
    probs = [0.1, 0.1, 0.1]
    probs[types.index(top_type)] = 0.8
    model = Fixed([1 - risk, risk], ["0", "1"])
    return Scorer(
        Bundle(
            version="fg-t",
            risk={f: model for f in THRESHOLDS},
            scam_type=Fixed(probs, types),
            thresholds=THRESHOLDS,
        )
    )


@pytest.mark.parametrize(
    ("risk", "verdict"),
    [
        (0.1, Verdict.SAFE),
        (0.3, Verdict.SUSPICIOUS),
        (0.69, Verdict.SUSPICIOUS),
        (0.7, Verdict.FRAUD),
        (0.99, Verdict.FRAUD),
    ],
)
def test_thresholds_decide_the_verdict(risk: float, verdict: Verdict) -> None:
    doc = parse("Your account is blocked", Channel.SMS)
    score = scorer(risk, "kyc_bank_block").score([doc], [detect(doc)])[0]
    assert score.verdict is verdict
    assert score.scam_type is (
        ScamType.LEGIT if verdict is Verdict.SAFE else ScamType.KYC_BANK_BLOCK
    )


def test_marketing_is_suspicious_at_most() -> None:
    doc = parse("Mega sale! 50% off on all health packages this weekend.", Channel.SMS)
    score = scorer(0.95, "spam_promotion").score([doc], [detect(doc)])[0]
    assert score.verdict is Verdict.SUSPICIOUS
    assert score.scam_type is ScamType.SPAM_PROMOTION


def test_marketing_that_asks_for_the_otp_is_fraud() -> None:
    doc = parse("Mega sale! Share the OTP you receive to unlock 50% off.", Channel.SMS)
    score = scorer(0.95, "spam_promotion").score([doc], [detect(doc)])[0]
    assert score.verdict is Verdict.FRAUD
    assert score.scam_type is not ScamType.SPAM_PROMOTION


def test_url_documents_use_the_url_family() -> None:
    docs = [parse("https://example.in/a", Channel.URL), parse("hello", Channel.SMS)]
    s = scorer(0.5, "kyc_bank_block")
    s.bundle.risk["url"] = Fixed([0.05, 0.95], ["0", "1"])
    out = s.score(docs, [detect(d) for d in docs])
    assert out[0].risk == pytest.approx(0.95) and out[1].risk == pytest.approx(0.5)


def test_a_suspicious_score_that_asks_for_the_otp_is_fraud() -> None:
    doc = parse("Sir, please share the OTP that just came to your phone.", Channel.SMS)
    score = scorer(0.5, "kyc_bank_block").score([doc], [detect(doc)])[0]
    assert score.verdict is Verdict.FRAUD and score.escalated


def test_a_suspicious_score_without_such_a_request_stays_suspicious() -> None:
    doc = parse("Sir, your appointment has been moved to Monday.", Channel.SMS)
    score = scorer(0.5, "kyc_bank_block").score([doc], [detect(doc)])[0]
    assert score.verdict is Verdict.SUSPICIOUS and not score.escalated


def test_reasons_lead_with_the_model_then_fraud_markers() -> None:
    from fraudguard.explain import reasons

    doc = parse("CBI officer here. Share the OTP now or face arrest.", Channel.SMS)
    sigs = detect(doc)
    score = scorer(0.9, "kyc_bank_block").score([doc], [sigs])[0]
    codes = [r.code for r in reasons(score, sigs)]
    assert codes[0] == "model_risk"
    assert codes[1] == "otp_request"
    assert codes.index("authority_named") > codes.index("urgency_threat")
    safe = scorer(0.1, "kyc_bank_block").score([doc], [sigs])[0]
    assert [r.code for r in reasons(safe, sigs)] == ["model_safe"]


def test_marketing_with_a_link_to_a_bare_ip_is_fraud() -> None:
    doc = parse("Verify your account at http://203.0.113.9/secure/login today.", Channel.EMAIL)
    score = scorer(0.95, "spam_promotion").score([doc], [detect(doc)])[0]
    assert score.verdict is Verdict.FRAUD and not score.capped
