"""Reasons are data: every signal has a plain-words reason in English and Hindi."""

from __future__ import annotations

import re

from fraudguard.explain import reason_texts
from fraudguard.signals import SIGNAL_CODES

DEVANAGARI = re.compile(r"[\u0900-\u097f]")


def test_every_signal_has_a_reason_in_both_languages() -> None:
    texts = reason_texts()
    extra = (
        "model_risk",
        "model_safe",
        "key_phrase",
        "promotional",
        "escalated",
        "content_skipped",
    )
    for code in (*SIGNAL_CODES, *extra):
        assert code in texts, code
        assert texts[code]["en"].strip() and texts[code]["hi"].strip(), code
        assert DEVANAGARI.search(texts[code]["hi"]), f"{code}: Hindi text is not Devanagari"


def test_placeholders_match_between_languages() -> None:
    for code, entry in reason_texts().items():
        assert set(re.findall(r"{\w+}", entry["en"])) == set(re.findall(r"{\w+}", entry["hi"])), (
            code
        )
