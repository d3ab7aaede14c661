"""Orchestration: raw input → Document → signals → score → reasons → Assessment. No web imports."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fraudguard import indicators
from fraudguard.config import Limits
from fraudguard.errors import FraudguardError
from fraudguard.explain import reasons
from fraudguard.ingest import parse
from fraudguard.schemas import Assessment, Channel, Document
from fraudguard.scoring import Scorer
from fraudguard.signals import detect


@dataclass(frozen=True, slots=True)
class Item:
    """One input to assess."""

    content: str | bytes
    channel: Channel = Channel.AUTO
    id: str = ""


def assess_documents(
    docs: Sequence[Document],
    *,
    scorer: Scorer,
    ids: Sequence[str] | None = None,
    language: str = "en",
) -> list[Assessment]:
    """Score parsed documents in one batch (the model runs once per batch)."""
    sigs = [detect(d) for d in docs]
    scores = scorer.score(docs, sigs)
    out = []
    for i, (doc, sc, s) in enumerate(zip(docs, scores, sigs, strict=True)):
        extra = [doc.email.from_address, doc.email.reply_to] if doc.email else []
        out.append(
            Assessment(
                id=ids[i] if ids else "",
                channel=doc.channel,
                verdict=sc.verdict,
                risk=round(sc.risk, 4),
                scam_type=sc.scam_type,
                language=doc.language,
                reasons=reasons(sc, s, language=language),
                indicators=indicators.extract(doc.text, doc.links, extra_emails=extra),
                model_version=scorer.version,
            )
        )
    return out


def assess(
    content: str | bytes,
    channel: Channel = Channel.AUTO,
    *,
    scorer: Scorer,
    limits: Limits | None = None,
    id: str = "",
    language: str = "en",
) -> Assessment:
    """Assess one input; raises InvalidInput / InputTooLarge for bad input."""
    doc = parse(content, channel, limits=limits)
    return assess_documents([doc], scorer=scorer, ids=[id], language=language)[0]


def assess_batch(
    items: Sequence[Item], *, scorer: Scorer, limits: Limits | None = None, language: str = "en"
) -> list[Assessment | FraudguardError]:
    """Assess many inputs at once; an input that fails to parse gets its error, the rest go on."""
    results: list[Assessment | FraudguardError | None] = [None] * len(items)
    docs: list[Document] = []
    where: list[int] = []
    for i, item in enumerate(items):
        try:
            docs.append(parse(item.content, item.channel, limits=limits))
            where.append(i)
        except FraudguardError as exc:
            results[i] = exc
    if docs:
        ids = [items[i].id for i in where]
        for i, a in zip(
            where, assess_documents(docs, scorer=scorer, ids=ids, language=language), strict=True
        ):
            results[i] = a
    return [r for r in results if r is not None]
