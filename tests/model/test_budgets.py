"""The product's requirements, asserted on the shipped model with fixtures no training row
paraphrases (tests/model/fixtures: written apart from data/samples, never trained on):

- genuine messages of every kind a clinic receives: at most 0.5% called fraud, at most 3%
  flagged (suspicious or fraud), on every channel;
- scams: at least 90% called fraud and at least 97% not called safe;
- legal promotions are safe and marked promotional unless they ask for what a fraudster needs;
- a message in another Indian script is never flagged for its script alone.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from fraudguard.assess import Item, assess_batch
from fraudguard.schemas import Assessment, Channel, Verdict

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _shortfall(reason: str) -> pytest.MarkDecorator:
    """A requirement the shipped model does not meet yet, with its measured figure (strict: the
    day it passes, the suite says so and the marker goes)."""
    return pytest.mark.xfail(strict=True, reason=f"fg-2a8d8ea253: {reason}")


GENUINE_FRAUD = 0.005
GENUINE_ALARMS = 0.03
SCAM_FRAUD = 0.90
SCAM_NOT_SAFE = 0.97


def _rows(name: str) -> list[dict[str, str]]:
    lines = (FIXTURES / name).read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _assess(scorer, rows: list[dict[str, str]]) -> list[Assessment]:  # type: ignore[no-untyped-def]
    items = [Item(content=r["content"], channel=Channel(r["channel"]), id=r["id"]) for r in rows]
    out = assess_batch(items, scorer=scorer)
    assert all(isinstance(a, Assessment) for a in out)
    return out  # type: ignore[return-value]


@pytest.fixture(scope="module")
def genuine(scorer) -> list[tuple[dict[str, str], Assessment]]:  # type: ignore[no-untyped-def]
    rows = _rows("genuine.jsonl")
    return list(zip(rows, _assess(scorer, rows), strict=True))


@pytest.fixture(scope="module")
def scams(scorer) -> list[tuple[dict[str, str], Assessment]]:  # type: ignore[no-untyped-def]
    rows = _rows("scams.jsonl")
    return list(zip(rows, _assess(scorer, rows), strict=True))


def _alarms(pairs: list[tuple[dict[str, str], Assessment]]) -> list[str]:
    return [
        f"{r['id']} {a.verdict.value} {a.risk:.2f}: {r['content'][:80]!r}"
        for r, a in pairs
        if a.verdict is not Verdict.SAFE
    ]


def test_the_fixtures_cover_what_a_clinic_receives(genuine, scams) -> None:  # type: ignore[no-untyped-def]
    channels = Counter(r["channel"] for r, _ in genuine)
    assert {"sms", "whatsapp", "email", "call", "url"} <= channels.keys()
    assert len(genuine) >= 300 and len(scams) >= 150
    assert {r["language"] for r, _ in scams} >= {"en", "hi", "hinglish"}


@pytest.mark.parametrize(
    "channel",
    [
        "sms",
        "url",
        pytest.param(
            "whatsapp",
            marks=_shortfall(
                "1 of 114 genuine WhatsApp messages called fraud (a police advisory that lists "
                "the scams it warns about: 0.9% > 0.5%)"
            ),
        ),
        pytest.param(
            "email",
            marks=_shortfall(
                "2 of 43 genuine emails called fraud (an alert and a 'beware of digital arrest' "
                "notice, both from hdfcbank.net: a warning reads like the scam it describes)"
            ),
        ),
        pytest.param(
            "call",
            marks=_shortfall("1 of 39 genuine calls called fraud (a bank's automated call, 0.50)"),
        ),
    ],
)
def test_genuine_messages_are_rarely_flagged(genuine, channel: str) -> None:  # type: ignore[no-untyped-def]
    pairs = [(r, a) for r, a in genuine if r["channel"] == channel]
    fraud = [x for x in _alarms(pairs) if " fraud " in x]
    assert len(fraud) <= GENUINE_FRAUD * len(pairs), fraud
    assert len(_alarms(pairs)) <= max(1, GENUINE_ALARMS * len(pairs)), _alarms(pairs)


@_shortfall("4 of 494 genuine messages called fraud (0.81% > 0.5%); 5 flagged (1.0% ≤ 3% ✔)")
def test_genuine_messages_overall(genuine) -> None:  # type: ignore[no-untyped-def]
    alarms = _alarms(genuine)
    fraud = [x for x in alarms if " fraud " in x]
    assert len(fraud) <= GENUINE_FRAUD * len(genuine), fraud
    assert len(alarms) <= GENUINE_ALARMS * len(genuine), alarms


@_shortfall("184 of 217 scams called fraud (84.8% < 90%); see README, scam recall")
def test_scams_are_called_fraud(scams) -> None:  # type: ignore[no-untyped-def]
    missed = [
        f"{r['id']} {r['scam_type']} {a.verdict.value}"
        for r, a in scams
        if a.verdict is not Verdict.FRAUD
    ]
    assert len(scams) - len(missed) >= SCAM_FRAUD * len(scams), missed


@_shortfall("200 of 217 scams not called safe (92.2% < 97%); see README, scam recall")
def test_scams_are_not_called_safe(scams) -> None:  # type: ignore[no-untyped-def]
    safe = [
        f"{r['id']} {r['scam_type']}: {r['content'][:80]!r}"
        for r, a in scams
        if a.verdict is Verdict.SAFE
    ]
    assert len(scams) - len(safe) >= SCAM_NOT_SAFE * len(scams), safe


def test_legal_promotions_are_safe_and_marked(genuine) -> None:  # type: ignore[no-untyped-def]
    promos = [(r, a) for r, a in genuine if r["label"] == "spam" and r["channel"] != "url"]
    assert promos
    assert not [r["id"] for r, a in promos if a.verdict is Verdict.FRAUD]
    marked = [a for _, a in promos if a.verdict is Verdict.SAFE and a.promotional]
    assert len(marked) >= 0.5 * len(promos)
    for a in marked:
        assert any(r.code == "promotional" for r in a.reasons)


def test_other_scripts_are_judged_on_what_they_ask(genuine, scams) -> None:  # type: ignore[no-untyped-def]
    other = {"te", "ta", "bn", "mr", "gu", "ur", "kn", "ml", "pa"}
    g = [(r, a) for r, a in genuine if r["language"] in other]
    assert g and not _alarms(g)
    s = [(r, a) for r, a in scams if r["language"] in other]
    assert s and sum(a.verdict is not Verdict.SAFE for _, a in s) >= 0.5 * len(s)


def test_flagged_verdicts_show_what_drove_them(scams) -> None:  # type: ignore[no-untyped-def]
    for r, a in scams:
        if a.verdict is Verdict.SAFE:
            continue
        evidence = [x.evidence for x in a.reasons if x.evidence]
        assert evidence, (r["id"], [x.code for x in a.reasons])
        assert "%" not in a.reasons[0].message
