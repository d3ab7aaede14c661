"""Cases: report a message to the cyber cell, read a case back."""

from __future__ import annotations

from fastapi import APIRouter, status

from fraudguard.api.deps import ApiPrincipal, DbDep, ScorerDep, SettingsDep
from fraudguard.api.schemas import CaseCreate
from fraudguard.cases import service
from fraudguard.cases.schemas import CaseRead
from fraudguard.report import report_message

router = APIRouter(prefix="/v1/cases", tags=["cases"])


@router.post("", response_model=CaseRead, status_code=status.HTTP_201_CREATED)
def create_case(
    req: CaseCreate, db: DbDep, scorer: ScorerDep, settings: SettingsDep, principal: ApiPrincipal
) -> CaseRead:
    """Store the message as a case for the cyber cell (consent required); returns its reference."""
    return report_message(
        session=db,
        scorer=scorer,
        principal=principal,
        content=req.content,
        channel=req.channel,
        consent=req.consent,
        note=req.note,
        language=req.language,
        limits=settings.limits,
        budget=settings.api.scan_seconds,
    )


@router.get("/{reference}", response_model=CaseRead)
def read_case(reference: str, db: DbDep, principal: ApiPrincipal) -> CaseRead:
    """One case: a clinic key sees its own clinic's cases; reviewers and admins see all."""
    return service.get_case(session=db, reference=reference, principal=principal)
