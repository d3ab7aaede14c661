"""The signals and the model score behind a verdict → reasons in plain words (English or Hindi)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

from fraudguard.schemas import AttachmentFinding, Document, EmailFindings, Reason, Verdict
from fraudguard.scoring import FRAUD_MARKERS, Score
from fraudguard.signals import CONTEXT_ONLY, Signal, is_dangerous_filename

MAX_REASONS = 6
# Signals shown with a safe verdict: they reassure or explain the advice, never alarm.
SAFE_CONTEXT = frozenset({"official_links_only", "otp_code_received"})


@lru_cache(maxsize=1)
def reason_texts() -> dict[str, dict[str, str]]:
    """data/reasons.json: code → {"en": ..., "hi": ...}."""
    raw = json.loads(resources.files("fraudguard").joinpath("data/reasons.json").read_text("utf-8"))
    return {k: v for k, v in raw.items() if not k.startswith("_")}


def _message(code: str, language: str, **values: object) -> str:
    entry = reason_texts()[code]
    return entry.get(language, entry["en"]).format(**values)


def _rank(sig: Signal) -> int:
    # fraud markers first, then the other risk signals; context-only signals last
    if sig.code in FRAUD_MARKERS:
        return 0
    return 2 if sig.code in CONTEXT_ONLY else 1


def reasons(
    score: Score,
    signals: Sequence[Signal],
    *,
    thresholds: dict[str, float],
    language: str = "en",
    skipped: dict[str, int] | None = None,
) -> list[Reason]:
    """Reasons for one verdict: the model's score in words, the signals that back or temper it
    (with their evidence), the words that weighed most, and what was not read."""
    values = {
        "score": f"{score.risk:.2f}",
        "sus": f"{thresholds['suspicious']:.2f}",
        "fraud": f"{thresholds['fraud']:.2f}",
    }
    out: list[Reason] = []
    if score.verdict is Verdict.SAFE:
        out.append(Reason(code="model_safe", message=_message("model_safe", language, **values)))
        shown = [s for s in signals if s.code in SAFE_CONTEXT]
    else:
        out.append(Reason(code="model_risk", message=_message("model_risk", language, **values)))
        shown = sorted((s for s in signals if s.code not in SAFE_CONTEXT), key=_rank)
    for sig in shown[: MAX_REASONS - 1]:
        out.append(
            Reason(code=sig.code, message=_message(sig.code, language), evidence=sig.evidence)
        )
    for term in score.key_terms:
        out.append(
            Reason(code="key_phrase", message=_message("key_phrase", language), evidence=term)
        )
    if score.promotional:
        out.append(Reason(code="promotional", message=_message("promotional", language)))
    if score.escalated:
        out.append(Reason(code="escalated", message=_message("escalated", language)))
    if skipped:
        counts = {
            "chars": f"{skipped.get('chars', 0):,}",
            "parts": f"{skipped.get('parts', 0):,}",
            "hidden": f"{skipped.get('hidden_chars', 0):,}",
        }
        out.append(
            Reason(code="content_skipped", message=_message("content_skipped", language, **counts))
        )
    return out


def email_findings(doc: Document) -> EmailFindings | None:
    """The header evidence of an email as the receiving server stated it; None for other input."""
    h = doc.email
    if h is None:
        return None
    return EmailFindings(
        subject=h.subject,
        sender=h.from_address,
        sender_name=h.from_display,
        reply_to=h.reply_to,
        return_path=h.return_path,
        date=h.date,
        spf=h.auth.get("spf", ""),
        dkim=h.auth.get("dkim", ""),
        dmarc=h.auth.get("dmarc", ""),
        forwarded=h.forwarded,
        attachments=[
            AttachmentFinding(
                filename=a.filename,
                content_type=a.content_type,
                size=a.size,
                dangerous=is_dangerous_filename(a.filename),
            )
            for a in doc.attachments
        ],
    )
