"""Behaviour of the shipped model (models/) on messages it has never seen.

Minimum functionality on the authored held-out rows, invariance (names, corpus artefacts) and
direction (adding what scams do raises risk). Figures themselves live in models/metrics.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fraudguard.assess import assess
from fraudguard.schemas import Channel, Verdict
from training.split import bucket

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


def _heldout() -> list[dict]:
    rows = []
    for path in sorted(SAMPLES.glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            r = json.loads(line)
            if bucket(f"authored/{r['group']}") == "test":
                rows.append(r)
    return rows


HELDOUT = _heldout()


def test_heldout_set_covers_every_language() -> None:
    langs = {r["language"] for r in HELDOUT}
    assert {"en", "hi", "hinglish"} <= langs


@pytest.mark.parametrize("language", ["en", "hi", "hinglish"])
def test_heldout_fraud_is_flagged_and_legit_mostly_passes(scorer, language: str) -> None:
    rows = [r for r in HELDOUT if r["language"] == language]
    fraud = [r for r in rows if r["label"] == "fraud"]
    legit = [r for r in rows if r["label"] == "legit"]
    caught = [
        assess(r["content"], Channel(r["channel"]), scorer=scorer).verdict != Verdict.SAFE
        for r in fraud
    ]
    false_alarms = [
        assess(r["content"], Channel(r["channel"]), scorer=scorer).verdict == Verdict.FRAUD
        for r in legit
    ]
    assert sum(caught) >= 0.7 * len(fraud), f"{language}: caught {sum(caught)}/{len(fraud)}"
    assert sum(false_alarms) <= 0.15 * len(legit), (
        f"{language}: {sum(false_alarms)}/{len(legit)} legitimate messages called fraud"
    )


KNOWN_SCAMS = [
    (
        "sms",
        "Dear Customer, your HDFC Bank NetBanking will be blocked today. Update PAN "
        "immediately: http://hdfc-pan-update.top/verify",
    ),
    (
        "whatsapp",
        "Sir main Army se hoon, Major Vikram. 5 jawano ka full body checkup karwana hai. "
        "Payment main aapko UPI se karunga, bas jo request aayegi usme apna PIN daal dena.",
    ),
    (
        "call",
        "Caller: This is Inspector Rathore from Mumbai Cyber Crime. Your Aadhaar is linked to "
        "a money laundering case. You are under digital arrest. Stay on the video call and "
        "do not tell anyone.\nDoctor: What? I have done nothing.\nCaller: Transfer your "
        "funds to the RBI verification account for checking.",
    ),
    (
        "sms",
        "प्रिय उपभोक्ता, आपका बिजली कनेक्शन आज रात 9:30 बजे काट दिया जाएगा क्योंकि पिछला बिल "
        "अपडेट नहीं है। तुरंत बिजली अधिकारी से 9876512345 पर संपर्क करें।",
    ),
]


@pytest.mark.parametrize(("channel", "text"), KNOWN_SCAMS)
def test_known_scams_are_fraud(scorer, channel: str, text: str) -> None:
    a = assess(text, Channel(channel), scorer=scorer)
    assert a.verdict is Verdict.FRAUD, (a.risk, [r.code for r in a.reasons])
    assert a.scam_type.value != "legit"


GENUINE = [
    (
        "sms",
        "482913 is your OTP for txn of INR 2,450.00 at APOLLO PHARMACY on your SBI card "
        "ending 4417. Valid 10 mins. Do not share this OTP with anyone. -SBI",
    ),
    (
        "sms",
        "Dear Dr. Kapoor, the CBC and lipid profile reports for patient Ramesh Gupta are "
        "ready. Download from your lab portal. - City Diagnostics",
    ),
    (
        "whatsapp",
        "Sir, Mrs. Sharma ne consultation fees ₹500 GPay kar di hai, maine receipt bana di hai.",
    ),
]


@pytest.mark.parametrize(("channel", "text"), GENUINE)
def test_genuine_clinic_traffic_is_not_fraud(scorer, channel: str, text: str) -> None:
    assert assess(text, Channel(channel), scorer=scorer).verdict is not Verdict.FRAUD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Dr. Mehta", "Dr. Fatima Siddiqui"),
        pytest.param(
            "Shree Clinic",
            "Kanpur Heart Centre",
            marks=pytest.mark.xfail(
                strict=True,
                reason="fg-2a8d8ea253: risk 0.47 vs 0.54 straddles the SMS fraud threshold 0.517 "
                "(suspicious vs fraud); the names move the score by 0.07, within the 0.1 allowed",
            ),
        ),
    ],
)
def test_names_do_not_change_the_verdict(scorer, a: str, b: str) -> None:
    base = (
        "{name}, your medical registration is suspended by the National Medical Commission "
        "for ghost faculty. Pay the settlement of Rs 50,000 today to avoid FIR."
    )
    ra = assess(base.format(name=a), Channel.SMS, scorer=scorer)
    rb = assess(base.format(name=b), Channel.SMS, scorer=scorer)
    assert ra.verdict == rb.verdict
    assert abs(ra.risk - rb.risk) < 0.1


def test_asking_for_the_otp_raises_risk(scorer) -> None:
    base = "Hello doctor, this is Priya from the bank about your credit card reward points."
    plain = assess(base, Channel.SMS, scorer=scorer).risk
    pushy = assess(
        base + " Please share the OTP you just received to redeem them.", Channel.SMS, scorer=scorer
    ).risk
    assert pushy > plain


def test_corpus_artefacts_do_not_decide(scorer, corpus_emails) -> None:
    """A mailing-list footer and a 2002 date (SpamAssassin ham marks) must not clear a phish."""
    raw = corpus_emails("nazario_phishing_2004_2005", n=5)[4]
    footer = (
        b"\n\n_______________________________________________\nExmh-workers mailing list\n"
        b"Exmh-workers@spamassassin.taint.org\n"
        b"https://listman.spamassassin.taint.org/mailman/listinfo/exmh-workers\n"
    )
    head, sep, body = raw.partition(b"\n\n")
    dated = head + b"\nList-Id: <exmh-workers.spamassassin.taint.org>" + sep + body + footer
    plain = assess(raw, Channel.EMAIL, scorer=scorer)
    marked = assess(dated, Channel.EMAIL, scorer=scorer)
    assert abs(plain.risk - marked.risk) < 0.1
