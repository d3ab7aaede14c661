"""Analysis: one message, one raw email, or a batch."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from fraudguard.api import metrics
from fraudguard.api.deps import ApiPrincipal, RawEmailDep, ScorerDep, SettingsDep
from fraudguard.api.schemas import (
    AnalyzeRequest,
    BatchRequest,
    BatchResponse,
    GuidanceLanguage,
)
from fraudguard.api.service import analyze_batch
from fraudguard.assess import assess
from fraudguard.schemas import Assessment, Channel

router = APIRouter(prefix="/v1", tags=["analysis"])


@router.post("/analyze", response_model=Assessment)
def analyze(
    req: AnalyzeRequest, scorer: ScorerDep, settings: SettingsDep, _: ApiPrincipal
) -> Assessment:
    """Verdict, risk, scam type, reasons with evidence, indicators and guidance for one input."""
    result = assess(
        req.content,
        req.channel,
        scorer=scorer,
        limits=settings.limits,
        language=req.language,
        budget=settings.api.scan_seconds,
    )
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
    scorer: ScorerDep,
    settings: SettingsDep,
    _: ApiPrincipal,
    body: RawEmailDep,
    language: GuidanceLanguage = "en",
) -> Assessment:
    """A raw RFC 822 message (Content-Type: message/rfc822), as a mail system forwards it."""
    result = await run_in_threadpool(
        assess,
        body,
        Channel.EMAIL,
        scorer=scorer,
        limits=settings.limits,
        language=language,
        budget=settings.api.scan_seconds,
    )
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
