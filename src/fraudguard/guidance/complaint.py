"""A ready-to-file complaint for cybercrime.gov.in or the cyber cell, built from one Assessment."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from fraudguard import indicators
from fraudguard.guidance.advice import catalogue, language_of, text, texts
from fraudguard.schemas import Assessment, ComplaintDraft, Indicators, Link

MAX_EXCERPT = 1000
BLANK = "____"
_INDICATOR_FIELDS = (
    "phones",
    "upi_ids",
    "urls",
    "domains",
    "emails",
    "bank_accounts",
    "ifsc",
    "amounts",
    "sensitive",
)
# Candidates only; indicators.sensitive decides (Verhoeff check for Aadhaar, PAN's 4th letter).
# \d is Unicode-aware, so an Aadhaar written in Devanagari digits is caught too.
_AADHAAR_LIKE = re.compile(r"(?<![\w+])\d{4}[ -]?\d{4}[ -]?\d{4}(?!\w)")
_PAN_LIKE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{5}\d{4}[A-Za-z](?![A-Za-z0-9])")


def _redact(value: str, keep: set[str]) -> str:
    """Mask Aadhaar/PAN numbers in caller text; `keep` holds phones/accounts already vetted."""

    def mask(m: re.Match[str]) -> str:
        raw = m.group(0)
        digits = re.sub(r"[ -]", "", raw)  # "2341 23412346" is still an Aadhaar
        if digits in keep:
            return raw
        found = indicators.sensitive(digits)
        return found[0].split(":", 1)[1] if found else raw

    return _PAN_LIKE.sub(mask, _AADHAAR_LIKE.sub(mask, value))


def _bound(excerpt: str, keep: set[str]) -> str:
    # redact a little past the cut, so a number straddling it is still seen whole
    cut = _redact(excerpt[: MAX_EXCERPT + 32], keep)
    return cut if len(cut) <= MAX_EXCERPT else cut[: MAX_EXCERPT - 1] + "…"


def _label(key: str, lang: str) -> str:
    return text(catalogue()["complaint"][key], lang)


def _imitation_lines(links: Sequence[Link], keep: set[str], lang: str) -> list[str]:
    """The genuine sites the links showed while going elsewhere: named, never as suspects."""
    goes_to: dict[str, list[str]] = {}
    for shown, real in indicators.imitations(links):
        goes_to.setdefault(shown, []).append(real)
    label = text(catalogue()["complaint"]["imitates"], lang)
    return [
        _redact(label.format(shown=shown, real=", ".join(reals)), keep)
        for shown, reals in goes_to.items()
    ]


def _suspect_lines(
    found: Indicators, links: Sequence[Link], keep: set[str], lang: str
) -> list[str]:
    lines = [
        f"{_label(name, lang)}: {', '.join(values)}"
        for name in _INDICATOR_FIELDS
        if (values := getattr(found, name))
    ]
    return [
        _label("h_suspect", lang),
        *(lines or [_label("none_found", lang)]),
        *_imitation_lines(links, keep, lang),
    ]


def _reason_lines(assessment: Assessment, keep: set[str], lang: str) -> list[str]:
    # the model's own score line is already in the summary; the signals are the evidence
    shown = [r for r in assessment.reasons if not r.code.startswith("model_")]
    if not shown:
        return []
    lines = ["", _label("h_reasons", lang)]
    word = _label("evidence_word", lang)
    for r in shown:
        note = f" ({word}: {_redact(r.evidence, keep)})" if r.evidence else ""
        lines.append(f"- {r.message}{note}")
    return lines


def _closing_lines(kind: dict[str, Any], lang: str) -> list[str]:
    """Blanks for the doctor to fill, the evidence to keep, the sections, the declaration."""
    cat = catalogue()
    labels = cat["complaint"]
    sections = [f"- {text(cat['sections'][k], lang)}" for k in kind["sections"]]
    return [
        "",
        _label("h_loss", lang),
        *texts(labels["loss_fields"], lang),
        "",
        _label("h_complainant", lang),
        *texts(labels["complainant_fields"], lang),
        "",
        _label("h_evidence", lang),
        *[f"- {text(cat['evidence'][k], lang)}" for k in kind["evidence"]],
        "",
        _label("h_law", lang),
        *(sections or [_label("law_none", lang)]),
        "",
        _label("declaration", lang),
        _label("sign", lang),
    ]


def complaint_draft(
    assessment: Assessment,
    *,
    language: str = "en",
    received: str = "",
    sender: str = "",
    subject: str = "",
    excerpt: str = "",
    links: Sequence[Link] = (),
) -> ComplaintDraft:
    """The facts of one assessed message as a complaint the doctor can paste or print.

    links (the Document's) name the genuine sites a link showed while going elsewhere.
    """
    lang = language_of(language)
    cat = catalogue()
    kind = cat["types"][assessment.scam_type]
    found = assessment.indicators
    keep = {re.sub(r"\D", "", v) for v in (*found.phones, *found.bank_accounts)}
    mail = assessment.email
    received = _redact(received or (mail.date if mail else ""), keep)
    sender = _redact(sender or (mail.sender if mail else ""), keep)
    subject = _redact(subject or (mail.subject if mail else ""), keep)
    bounded = _bound(excerpt, keep)
    channel = text(cat["complaint"]["channel_words"][assessment.channel], lang)
    scam_type = text(kind["name"], lang)
    verdict = text(cat["verdicts"][assessment.verdict]["name"], lang)
    risk = round(assessment.risk * 100)
    summary = _label("summary", lang).format(
        received=received or BLANK,
        sender=sender or BLANK,
        channel=channel,
        scam_type=scam_type,
        verdict=verdict,
        risk=risk,
    )
    lines = [_label("title", lang), _label("for", lang), "", summary, ""]
    lines += [
        _label("h_message", lang),
        f"{_label('channel', lang)}: {channel}",
        f"{_label('received', lang)}: {received or BLANK}",
        f"{_label('sender', lang)}: {sender or BLANK}",
        *([f"{_label('subject', lang)}: {subject}"] if subject else []),
        f"{_label('scam_type', lang)}: {scam_type}",
        f"{_label('verdict', lang)}: {verdict} ({risk}%)",
        "",
        *_suspect_lines(found, links, keep, lang),
        *_reason_lines(assessment, keep, lang),
    ]
    if bounded:
        lines += ["", _label("h_excerpt", lang).format(limit=f"{MAX_EXCERPT:,}"), bounded]
    lines += _closing_lines(kind, lang)
    return ComplaintDraft(
        language=lang,
        channel=assessment.channel,
        received=received,
        sender=sender,
        subject=subject,
        scam_type=assessment.scam_type,
        verdict=assessment.verdict,
        summary=summary,
        indicators=found.model_copy(deep=True),
        excerpt=bounded,
        text="\n".join(lines),
    )
