"""Verdict policy: per-channel thresholds from the bundle, escalation by a fraud request, and
legal marketing shown as safe and promotional unless it does what scams do."""

from __future__ import annotations

import numpy as np
import pytest

from fraudguard.artifacts import Bundle
from fraudguard.explain import reasons
from fraudguard.ingest import parse
from fraudguard.schemas import Channel, ScamType, Verdict
from fraudguard.scoring import CHANNELS, Scorer, decide
from fraudguard.signals import detect


class Fixed:
    """A fitted-model stand-in that returns the same probabilities for every row."""

    def __init__(self, probs: list[float], classes: list[str]) -> None:
        self.probs = np.array(probs)
        self.classes_ = np.array(classes)

    def predict_proba(self, frame: object) -> np.ndarray:
        return np.tile(self.probs, (len(frame), 1))  # type: ignore[arg-type]


T = {"suspicious": 0.3, "fraud": 0.7, "promotional": 0.6}
THRESHOLDS = {c: dict(T) for c in CHANNELS}


def scorer(risk: float, promo: float = 0.1) -> Scorer:
    types = ["kyc_bank_block", "lottery_prize", "digital_arrest"]
    model = Fixed([1 - risk, risk], ["0", "1"])
    return Scorer(
        Bundle(
            version="fg-t",
            risk={f: model for f in ("message", "email", "url")},
            scam_type=Fixed([0.8, 0.1, 0.1], types),
            promo=Fixed([1 - promo, promo], ["0", "1"]),
            thresholds=THRESHOLDS,
        )
    )


def _score(text: str, risk: float, promo: float = 0.1, channel: Channel = Channel.SMS):  # type: ignore[no-untyped-def]
    doc = parse(text, channel)
    return scorer(risk, promo).score([doc], [detect(doc)])[0]


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
    score = _score("Your account is blocked", risk)
    assert score.verdict is verdict
    assert score.scam_type is (
        ScamType.LEGIT if verdict is Verdict.SAFE else ScamType.KYC_BANK_BLOCK
    )


def test_each_channel_has_its_own_thresholds() -> None:
    s = scorer(0.5)
    s.bundle.thresholds["email"] = {"suspicious": 0.6, "fraud": 0.9}
    sms, mail = (
        parse("Meeting moved to 5 pm", Channel.SMS),
        parse("From: a@b.in\nSubject: hi\n\nMeeting moved to 5 pm", Channel.EMAIL),
    )
    out = s.score([sms, mail], [detect(sms), detect(mail)])
    assert out[0].verdict is Verdict.SUSPICIOUS and out[1].verdict is Verdict.SAFE


def test_legal_marketing_is_safe_and_promotional() -> None:
    score = _score("Mega sale! 50% off on all health packages this weekend.", 0.5, promo=0.9)
    assert score.verdict is Verdict.SAFE and score.promotional
    assert score.scam_type is ScamType.LEGIT


def test_a_safe_message_that_reads_as_marketing_is_marked_so() -> None:
    assert _score("Flat 40% off on full body checkups this week!", 0.1, promo=0.7).promotional
    assert not _score("Your report is ready at the front desk.", 0.1, promo=0.3).promotional


def test_suspicious_marketing_below_the_cut_stays_suspicious() -> None:
    score = _score("Flat 40% off, hurry, limited slots! Book now.", 0.4, promo=0.55)
    assert score.verdict is Verdict.SUSPICIOUS and not score.promotional


def test_marketing_that_asks_for_the_otp_is_fraud() -> None:
    score = _score("Mega sale! Share the OTP you receive to unlock 50% off.", 0.5, promo=0.9)
    assert score.verdict is Verdict.FRAUD and not score.promotional


def test_a_fraud_score_is_fraud_even_when_it_reads_like_marketing() -> None:
    score = _score("You won a lucky draw! Claim your prize today.", 0.95, promo=0.99)
    assert score.verdict is Verdict.FRAUD and not score.promotional


def test_url_documents_use_the_url_family() -> None:
    docs = [parse("https://example.in/a", Channel.URL), parse("hello", Channel.SMS)]
    s = scorer(0.5)
    s.bundle.risk["url"] = Fixed([0.05, 0.95], ["0", "1"])
    out = s.score(docs, [detect(d) for d in docs])
    assert out[0].risk == pytest.approx(0.95) and out[1].risk == pytest.approx(0.5)


def test_a_suspicious_score_that_asks_for_the_otp_is_fraud() -> None:
    score = _score("Sir, please share the OTP that just came to your phone.", 0.5)
    assert score.verdict is Verdict.FRAUD and score.escalated


def test_a_pin_to_receive_money_is_fraud() -> None:
    score = _score("Approve the request to RECEIVE your refund. UPI PIN required.", 0.4)
    assert score.verdict is Verdict.FRAUD and score.escalated


def test_a_suspicious_score_without_such_a_request_stays_suspicious() -> None:
    score = _score("Sir, your appointment has been moved to Monday.", 0.5)
    assert score.verdict is Verdict.SUSPICIOUS and not score.escalated


def test_decide_is_the_policy_training_uses() -> None:
    assert decide(0.1, T, set()).verdict is Verdict.SAFE
    assert decide(0.4, T, {"otp_request"}).verdict is Verdict.FRAUD
    assert decide(0.4, T, set(), promo=0.9).promotional
    assert not decide(0.4, T, {"lookalike_domain"}, promo=0.9).promotional


def test_reasons_lead_with_the_model_then_fraud_markers() -> None:
    doc = parse("CBI officer here. Share the OTP now or face arrest.", Channel.SMS)
    sigs = detect(doc)
    score = scorer(0.9).score([doc], [sigs])[0]
    codes = [r.code for r in reasons(score, sigs, thresholds=T)]
    assert codes[0] == "model_risk"
    assert codes[1] == "otp_request"
    assert codes.index("authority_named") > codes.index("urgency_threat")
    safe = scorer(0.1).score([doc], [sigs])[0]
    assert [r.code for r in reasons(safe, sigs, thresholds=T)] == ["model_safe"]


def test_risk_is_stated_in_words_not_as_a_percentage() -> None:
    doc = parse("CBI officer here. Share the OTP now or face arrest.", Channel.SMS)
    sigs = detect(doc)
    score = scorer(0.9).score([doc], [sigs])[0]
    lead = reasons(score, sigs, thresholds=T)[0].message
    assert "%" not in lead and "0.90" in lead and "0.30" in lead and "0.70" in lead


def test_marketing_with_a_link_to_a_bare_ip_is_fraud() -> None:
    doc = parse("Verify your account at http://203.0.113.9/secure/login today.", Channel.EMAIL)
    score = scorer(0.95, promo=0.99).score([doc], [detect(doc)])[0]
    assert score.verdict is Verdict.FRAUD and not score.promotional


def test_a_phonetic_phrase_is_shown_as_the_message_writes_it() -> None:
    from fraudguard.features import phonetic_key
    from fraudguard.scoring import _phonetic_span

    gram = f"{phonetic_key('khata')} {phonetic_key('block')}"
    assert _phonetic_span("आपका बैंक खाता ब्लॉक हो जाएगा।", gram) == "खाता ब्लॉक"
    assert _phonetic_span("Your khaata is blocked", gram) is None
