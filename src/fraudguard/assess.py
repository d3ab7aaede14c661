"""Orchestration: raw input → Document → signals → score → reasons, guidance → Assessment.

No web imports: the API, the page and the CLI all call these functions.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from fraudguard import indicators
from fraudguard.config import Limits
from fraudguard.errors import FraudguardError, ScanTimeout
from fraudguard.explain import email_findings, reasons
from fraudguard.guidance import advise, complaint_draft
from fraudguard.ingest import parse
from fraudguard.schemas import Assessment, Channel, Coverage, Document, Verdict
from fraudguard.scoring import Score, Scores
from fraudguard.signals import Signal, detect, read_window

EXCERPT_CHARS = 1_000  # of the message, in the complaint draft


@dataclass(frozen=True, slots=True)
class Item:
    """One input to assess."""

    content: str | bytes
    channel: Channel = Channel.AUTO
    id: str = ""


def new_id() -> str:
    """A fresh assessment id (random; nothing about the message is in it)."""
    return "an_" + uuid.uuid4().hex


def prepare(
    content: str | bytes, channel: Channel, limits: Limits | None, budget: float | None
) -> tuple[Document, list[Signal]]:
    """Parse and run the signals, within the per-item time budget (checked between stages)."""
    start = time.perf_counter()
    doc = parse(content, channel, limits=limits)
    _within(start, budget)
    sigs = detect(doc)
    _within(start, budget)
    return doc, sigs


def _within(start: float, budget: float | None) -> None:
    if budget is not None and time.perf_counter() - start > budget:
        raise ScanTimeout(f"this input took longer than the {budget:g} s scan limit per item")


def coverage(doc: Document) -> Coverage:
    """How much of the document the checks read, and what was left out. Hidden HTML text (a
    newsletter's invisible preview line) is reported but does not make the reading incomplete."""
    skipped = {k: v for k, v in doc.skipped.items() if v}
    read = len(read_window(doc.text))
    if read < len(doc.text):
        skipped["chars"] = skipped.get("chars", 0) + len(doc.text) - read
    complete = not (skipped.get("chars") or skipped.get("parts"))
    return Coverage(read_chars=read, complete=complete, skipped=skipped)


def build(
    doc: Document,
    score: Score,
    sigs: Sequence[Signal],
    *,
    version: str,
    id: str,
    language: str,
    thresholds: dict[str, float],
) -> Assessment:
    """The Assessment of one scored document: reasons, indicators, email findings, guidance."""
    extra = [doc.email.from_address, doc.email.reply_to] if doc.email else []
    found = email_findings(doc)
    cover = coverage(doc)
    codes = {s.code for s in sigs}
    a = Assessment(
        id=id or new_id(),
        channel=doc.channel,
        verdict=score.verdict,
        risk=round(score.risk, 4),
        scam_type=score.scam_type,
        language=doc.language,
        reasons=reasons(
            score,
            sigs,
            thresholds=thresholds,
            language=language,
            skipped=None if cover.complete else cover.skipped,
        ),
        indicators=indicators.extract(doc.text, doc.links, extra_emails=extra),
        model_version=version,
        promotional=score.promotional,
        coverage=cover,
        email=found,
        guidance=advise(
            score.scam_type,
            score.verdict,
            language,
            channel=doc.channel,
            promotional=score.promotional,
            codes=codes,
        ),
    )
    if a.verdict is not Verdict.SAFE:
        a.complaint = complaint_draft(
            a,
            language=language,
            received=found.date if found else "",
            sender=(found.sender if found else ""),
            subject=(found.subject if found else ""),
            excerpt=doc.text[:EXCERPT_CHARS],
            links=doc.links,
        )
    return a


def assess_documents(
    docs: Sequence[Document],
    *,
    scorer: Scores,
    ids: Sequence[str] | None = None,
    language: str = "en",
    signals: Sequence[list[Signal]] | None = None,
) -> list[Assessment]:
    """Score parsed documents in one batch (the model runs once per batch)."""
    sigs = list(signals) if signals is not None else [detect(d) for d in docs]
    scores = scorer.score(docs, sigs)
    return [
        build(
            doc,
            sc,
            s,
            version=scorer.version,
            id=(ids[i] if ids else ""),
            language=language,
            thresholds=scorer.thresholds(doc.channel),
        )
        for i, (doc, sc, s) in enumerate(zip(docs, scores, sigs, strict=True))
    ]


def assess(
    content: str | bytes,
    channel: Channel = Channel.AUTO,
    *,
    scorer: Scores,
    limits: Limits | None = None,
    id: str = "",
    language: str = "en",
    budget: float | None = None,
) -> Assessment:
    """Assess one input; raises InvalidInput / InputTooLarge / ScanTimeout for bad input."""
    doc, sigs = prepare(content, channel, limits, budget)
    return assess_documents([doc], scorer=scorer, ids=[id], language=language, signals=[sigs])[0]


def assess_batch(
    items: Sequence[Item],
    *,
    scorer: Scores,
    limits: Limits | None = None,
    language: str = "en",
    budget: float | None = None,
) -> list[Assessment | FraudguardError]:
    """Assess many inputs at once; an input that fails gets its error, the rest go on."""
    results: list[Assessment | FraudguardError | None] = [None] * len(items)
    docs: list[Document] = []
    sigs: list[list[Signal]] = []
    where: list[int] = []
    for i, item in enumerate(items):
        try:
            doc, s = prepare(item.content, item.channel, limits, budget)
        except FraudguardError as exc:
            results[i] = exc
            continue
        docs.append(doc)
        sigs.append(s)
        where.append(i)
    if docs:
        ids = [items[i].id for i in where]
        done = assess_documents(docs, scorer=scorer, ids=ids, language=language, signals=sigs)
        for i, a in zip(where, done, strict=True):
            results[i] = a
    return [r for r in results if r is not None]
