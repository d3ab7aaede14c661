"""What to do after a verdict: catalogue.json building blocks → Guidance per type and verdict."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from fraudguard.schemas import Guidance, ReportChannel, ScamType, Verdict

# A text in the catalogue is {"en": ..., "hi": ...}; a list item is such a text or the key of one
# in "steps", so shared sentences are written (and fact-checked) once.
Text = dict[str, str]
Item = str | Text


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Any]:
    """guidance/catalogue.json, parsed once."""
    raw = resources.files("fraudguard").joinpath("guidance/catalogue.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data


def language_of(language: str) -> str:
    """The catalogue language to use: "en" or "hi"; anything else falls back to English."""
    # plain strings out, even for a Language enum in
    return "hi" if language == "hi" else "en"


def text(entry: Text, lang: str) -> str:
    """One catalogue text in `lang` (English when that language is missing)."""
    return entry.get(lang) or entry["en"]


def texts(items: list[Item], lang: str) -> list[str]:
    """Catalogue list items (inline texts or step keys) in `lang`."""
    steps = catalogue()["steps"]
    return [text(steps[i] if isinstance(i, str) else i, lang) for i in items]


def _report_to(keys: list[str], lang: str) -> list[ReportChannel]:
    channels = catalogue()["channels"]
    return [
        ReportChannel(
            name=text(channels[k]["name"], lang),
            contact=text(channels[k]["contact"], lang),
            when=text(channels[k]["when"], lang),
        )
        for k in keys
    ]


def _headline(kind: dict[str, Any], frame: dict[str, Any], verdict: Verdict, lang: str) -> str:
    # a type may word the first sentence itself (legit, spam); others fill the verdict's template
    lead = kind.get("lead", {}).get(verdict)
    if lead:
        first = text(lead, lang)
    else:
        first = text(frame["lead"], lang).format(what=text(kind["what"], lang))
    parts = [first, text(frame["tail"], lang) if "tail" in frame else ""]
    if "fact" in kind:
        parts.append(texts([kind["fact"]], lang)[0])
    return " ".join(p for p in parts if p)


def advise(scam_type: ScamType, verdict: Verdict, language: str = "en") -> Guidance:
    """Guidance for one scam type and verdict, in English or Hindi (other languages: English)."""
    lang = language_of(language)
    verdict = Verdict(verdict)
    kind = catalogue()["types"][ScamType(scam_type)]
    frame = catalogue()["verdicts"][verdict]
    if verdict is Verdict.SAFE:
        # calm on purpose: no alarms, no helplines, only the OTP rule and a type tip if any
        return Guidance(
            language=lang,
            headline=text(frame["lead"], lang),
            do_not=texts(frame["do_not"], lang),
            do_now=texts(frame["do_now"] + kind.get("safe_tip", []), lang),
            report_to=_report_to(kind.get("safe_report", []), lang),
        )
    evidence = catalogue()["evidence"]
    return Guidance(
        language=lang,
        headline=_headline(kind, frame, verdict, lang),
        do_not=texts(kind["do_not"] + frame["do_not"], lang),
        do_now=texts(frame["do_now"] + kind["do_now"], lang),
        if_money_lost=texts(kind.get("if_money_lost", []) + frame["if_money_lost"], lang),
        report_to=_report_to(kind["report"], lang),
        evidence=[text(evidence[k], lang) for k in kind["evidence"]],
    )
