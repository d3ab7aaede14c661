"""Cases: report a message (with the clinic's consent) and read it back.

Functions flush but never commit: the caller owns the transaction (one per request).
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fraudguard import indicators
from fraudguard.cases.models import Case, CaseEvent, CaseIndicator, Clinic, utcnow
from fraudguard.cases.schemas import CaseRead
from fraudguard.errors import ConsentRequired, InvalidInput, NotFound
from fraudguard.schemas import (
    Assessment,
    Channel,
    Indicators,
    Principal,
    Reason,
    Role,
    ScamType,
    Verdict,
)

__all__ = ["CONSENT_REQUIRED", "INDICATOR_KINDS", "get_case", "normalise_indicator", "report"]

logger = logging.getLogger(__name__)

# Indicators kept as rows for look-ups across clinics: kind -> field of `Indicators`.
# Aadhaar and PAN (`Indicators.sensitive`) are victims' data, never attacker indicators: not here.
INDICATOR_KINDS: dict[str, str] = {
    "phone": "phones",
    "upi": "upi_ids",
    "domain": "domains",
    "url": "urls",
    "email": "emails",
    "account": "bank_accounts",
    "ifsc": "ifsc",
}
_MAX_INDICATOR_BYTES = 1024  # a btree-indexable value; a longer URL is still found by its domain
_MAX_NOTE_CHARS = 2000
CONSENT_REQUIRED = (
    "tick the consent box: the message, its sender details and your clinic's name will be "
    "shared with the cyber cell; nothing was stored"
)
# references carry the year in India, where the clinics are (IST has no daylight saving)
_IST = timezone(timedelta(hours=5, minutes=30))


def normalise_indicator(kind: str, value: str) -> str:
    """The stored form of an indicator, so look-ups by (kind, value) match across reports."""
    if kind not in INDICATOR_KINDS:
        raise InvalidInput(f"unknown indicator kind {kind!r}")
    value = value.strip()
    if kind in ("upi", "domain", "email"):
        return value.lower()
    if kind == "ifsc":
        return value.upper()
    if kind in ("phone", "account"):
        return "".join(ch for ch in value if ch.isdigit() or ch == "+")
    return value  # urls arrive normalised (scheme and host lower-cased); paths are case-sensitive


def _reference(case_id: int, at: datetime) -> str:
    return f"FG-{at.astimezone(_IST).year}-{case_id:05d}"


def _indicator_rows(indicators: Indicators) -> list[CaseIndicator]:
    seen: set[tuple[str, str]] = set()
    rows: list[CaseIndicator] = []
    for kind, field in INDICATOR_KINDS.items():
        for raw in getattr(indicators, field):
            value = normalise_indicator(kind, raw)
            if not value or len(value.encode("utf-8")) > _MAX_INDICATOR_BYTES:
                continue
            if (kind, value) not in seen:
                seen.add((kind, value))
                rows.append(CaseIndicator(kind=kind, value=value))
    return rows


def _read(case: Case) -> CaseRead:
    return CaseRead(
        reference=case.reference,
        status=case.status,
        created_at=case.created_at,
        channel=Channel(case.channel),
        verdict=Verdict(case.verdict),
        risk=case.risk,
        scam_type=ScamType(case.scam_type),
        model_version=case.model_version,
        clinic=case.clinic.name,
        indicators=Indicators.model_validate(case.indicators),
        reasons=[Reason.model_validate(r) for r in case.reasons],
        note=case.note,
    )


def report(
    *,
    session: Session,
    assessment: Assessment,
    content: str,
    principal: Principal,
    consent: bool,
    note: str = "",
    max_content_chars: int = 20_000,
) -> CaseRead:
    """Store an assessed message as a case of the principal's clinic, with its indicators."""
    if not consent:
        raise ConsentRequired(CONSENT_REQUIRED)
    note = indicators.redact(note.strip())
    if len(note) > _MAX_NOTE_CHARS:
        raise InvalidInput(f"the note is longer than {_MAX_NOTE_CHARS} characters")
    detail: dict[str, Any] = {"verdict": assessment.verdict.value, "risk": assessment.risk}
    if len(content) > max_content_chars:
        # the verdict was given on the whole message; record that the stored copy is cut
        detail |= {"content_chars": len(content), "content_truncated": True}
        content = content[:max_content_chars]
    # the victim's own Aadhaar/PAN is not evidence against anyone: stored masked
    content = indicators.redact(content)
    clinic = session.get(Clinic, principal.clinic_id)
    if clinic is None:
        raise NotFound("the clinic of this API key no longer exists")
    now = utcnow()
    case = Case(
        # replaced once the id is known; unique meanwhile so two reports never collide
        reference=f"~{secrets.token_hex(12)}",
        clinic=clinic,
        reported_by_key_id=principal.key_id,
        channel=assessment.channel.value,
        verdict=assessment.verdict.value,
        risk=assessment.risk,
        scam_type=assessment.scam_type.value,
        model_version=assessment.model_version,
        language=assessment.language.value,
        content=content,
        reasons=[r.model_dump(mode="json") for r in assessment.reasons],
        indicators=assessment.indicators.model_dump(mode="json"),
        email_findings=assessment.email.model_dump(mode="json") if assessment.email else None,
        note=note,
        consent_at=now,
        status="new",
        created_at=now,
    )
    case.indicator_rows = _indicator_rows(assessment.indicators)
    case.events = [
        CaseEvent(at=now, actor_key_id=principal.key_id, action="reported", detail=detail)
    ]
    session.add(case)
    session.flush()
    case.reference = _reference(case.id, now)
    session.flush()
    logger.info(
        "case reported",
        extra={
            "case": case.reference,
            "channel": case.channel,
            "model_version": case.model_version,
            "risk": case.risk,
            "key": principal.key_prefix,
        },
    )
    return _read(case)


def get_case(*, session: Session, reference: str, principal: Principal) -> CaseRead:
    """One case; a clinic sees only its own (others are NotFound), reviewers and admins all."""
    case = session.scalar(select(Case).where(Case.reference == reference.strip().upper()))
    if case is None or (principal.role == Role.CLINIC and case.clinic_id != principal.clinic_id):
        raise NotFound(f"no case {reference.strip()!r}")
    return _read(case)
