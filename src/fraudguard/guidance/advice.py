"""What to do after a verdict: catalogue.json blocks → Guidance per type, verdict and channel."""

from __future__ import annotations

import json
from collections.abc import Collection
from functools import lru_cache
from importlib import resources
from typing import Any

from fraudguard.schemas import Channel, Guidance, ReportChannel, ScamType, Verdict

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


def _headline(
    kind: dict[str, Any], frame: dict[str, Any], verdict: Verdict, lang: str, noun: str
) -> str:
    # a type may word the first sentence itself (legit, spam); others fill the verdict's template
    lead = kind.get("lead", {}).get(verdict)
    if lead:
        first = text(lead, lang).format(noun=noun)
    else:
        first = text(frame["lead"], lang).format(what=text(kind["what"], lang))
    parts = [first, text(frame["tail"], lang) if "tail" in frame else ""]
    if "fact" in kind:
        parts.append(texts([kind["fact"]], lang)[0])
    return " ".join(p for p in parts if p)


def _situations(verdict: Verdict, active: set[str]) -> list[dict[str, Any]]:
    """The catalogue's situation blocks (keyed "promotional" or by signal code) that apply."""
    return [
        block
        for key, block in catalogue()["situations"].items()
        if key in active and verdict in block["verdicts"]
    ]


def _joined(blocks: list[dict[str, Any]], field: str) -> list[Any]:
    return [item for block in blocks for item in block.get(field, [])]


def advise(
    scam_type: ScamType,
    verdict: Verdict,
    language: str = "en",
    *,
    channel: Channel = Channel.SMS,
    promotional: bool = False,
    codes: Collection[str] = (),
) -> Guidance:
    """Guidance for one scam type, verdict and channel, in English or Hindi (others: English).

    `promotional` marks legal marketing shown as safe; `codes` are the message's signal codes
    (e.g. "otp_code_received"), which add the advice for that situation.
    """
    lang = language_of(language)
    verdict, scam_type = Verdict(verdict), ScamType(scam_type)
    kind = catalogue()["types"][scam_type]
    frame = catalogue()["verdicts"][verdict]
    medium = catalogue()["by_channel"][Channel(channel)]
    noun = text(medium["noun"], lang)
    # marketing shown as safe is promotional, whether the scorer flagged it or typed it
    promotional = promotional or (verdict is Verdict.SAFE and scam_type is ScamType.SPAM_PROMOTION)
    found = _situations(verdict, {*codes, "promotional"} if promotional else set(codes))
    if verdict is Verdict.SAFE:
        # calm on purpose: no alarms, no helplines, no scam tips; only the OTP rule and what the
        # situation calls for
        lead = next((s["lead"] for s in found if "lead" in s), frame["lead"])
        return Guidance(
            language=lang,
            headline=text(lead, lang).format(noun=noun),
            do_not=texts(frame["do_not"], lang),
            do_now=texts(_joined(found, "do_now") + frame["do_now"], lang),
            report_to=_report_to(_joined(found, "report"), lang),
        )
    evidence = catalogue()["evidence"]
    return Guidance(
        language=lang,
        headline=_headline(kind, frame, verdict, lang, noun),
        # the channel's way of breaking off contact first: only a call is told to hang up
        do_not=texts(medium["do_not"] + kind["do_not"] + frame["do_not"], lang),
        do_now=texts(
            medium.get("first", [])
            + frame["do_now"]
            + medium["do_now"]
            + kind["do_now"]
            + _joined(found, "do_now"),
            lang,
        ),
        if_money_lost=texts(kind.get("if_money_lost", []) + frame["if_money_lost"], lang),
        report_to=_report_to(kind["report"], lang),
        evidence=[text(evidence[k], lang) for k in kind["evidence"]],
    )
