"""Analysis: one message, one raw email, or a batch."""

from __future__ import annotations

from fastapi import APIRouter, Request

from fraudguard.api import metrics
from fraudguard.api.deps import ApiPrincipal, AssessorDep, RawEmailDep, ScorerDep, SettingsDep
from fraudguard.api.schemas import (
    AnalyzeRequest,
    BatchRequest,
    BatchResponse,
    GuidanceLanguage,
)
from fraudguard.api.service import analyze_batch
from fraudguard.schemas import Assessment, Channel

router = APIRouter(prefix="/v1", tags=["analysis"])


@router.post("/analyze", response_model=Assessment)
async def analyze(req: AnalyzeRequest, assessor: AssessorDep, _: ApiPrincipal) -> Assessment:
    """Verdict, risk, scam type, reasons with evidence, indicators and guidance for one input."""
    result = await assessor.assess(req.content, req.channel, req.language)
    metrics.count([result])
    return result


_RFC822_BODY = {
    "requestBody": {
        "required": True,
        "content": {"message/rfc822": {"schema": {"type": "string", "format": "binary"}}},
    }
}


@router.post("/analyze/email", response_model=Assessment, openapi_extra=_RFC822_BODY)
async def analyze_email(
    assessor: AssessorDep,
    _: ApiPrincipal,
    body: RawEmailDep,
    language: GuidanceLanguage = "en",
) -> Assessment:
    """A raw RFC 822 message (Content-Type: message/rfc822), as a mail system forwards it."""
    result = await assessor.assess(body, Channel.EMAIL, language)
    metrics.count([result])
    return result


@router.post("/analyze/batch", response_model=BatchResponse)
def analyze_many(
    req: BatchRequest,
    request: Request,
    scorer: ScorerDep,
    settings: SettingsDep,
    principal: ApiPrincipal,
) -> BatchResponse:
    """Up to FRAUDGUARD_API_MAX_BATCH_ITEMS (default 100) items; each gets a result or an error."""
    return analyze_batch(
        req, scorer=scorer, settings=settings, principal=principal, request=request
    )
