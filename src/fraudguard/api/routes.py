"""Routes: validate, call one service function, return. No logic here."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from fraudguard.api.deps import RawEmailDep, ScorerDep, SettingsDep
from fraudguard.assess import assess
from fraudguard.schemas import Assessment, Channel

router = APIRouter()


class AnalyzeRequest(BaseModel):
    channel: Channel = Channel.AUTO
    content: str = Field(min_length=1, description="the message, link, transcript or raw email")
    language: Literal["en", "hi"] = "en"


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz")
def readyz(scorer: ScorerDep) -> dict[str, str]:
    return {"status": "ready", "model_version": scorer.version}


@router.post("/v1/analyze", response_model=Assessment)
def analyze(req: AnalyzeRequest, scorer: ScorerDep, settings: SettingsDep) -> Assessment:
    return assess(
        req.content, req.channel, scorer=scorer, limits=settings.limits, language=req.language
    )


_RFC822_BODY = {
    "requestBody": {
        "required": True,
        "content": {"message/rfc822": {"schema": {"type": "string", "format": "binary"}}},
    }
}


@router.post("/v1/analyze/email", response_model=Assessment, openapi_extra=_RFC822_BODY)
async def analyze_email(
    scorer: ScorerDep,
    settings: SettingsDep,
    body: RawEmailDep,
    language: Literal["en", "hi"] = "en",
) -> Assessment:
    return await run_in_threadpool(
        assess, body, Channel.EMAIL, scorer=scorer, limits=settings.limits, language=language
    )
