"""Typed dependencies: the shared Scorer and Settings from the app state."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from fraudguard.config import Settings
from fraudguard.errors import InputTooLarge, ModelUnavailable, UnsupportedInput
from fraudguard.scoring import Scorer


def get_scorer(request: Request) -> Scorer:
    """The scorer loaded at start-up; 503 when the model could not be verified."""
    scorer = request.app.state.scorer
    if scorer is None:
        raise ModelUnavailable(request.app.state.model_error or "model not loaded")
    return scorer


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


ScorerDep = Annotated[Scorer, Depends(get_scorer)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


async def read_raw_email(request: Request) -> bytes:
    """The request body as a raw RFC 822 message, read up to the size limit (413 beyond it)."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != "message/rfc822":
        raise UnsupportedInput("send the raw email with Content-Type: message/rfc822")
    limit = request.app.state.settings.limits.max_email_bytes
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise InputTooLarge(f"email is {declared} bytes; the limit is {limit}")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise InputTooLarge(f"email is larger than the limit of {limit} bytes")
    return bytes(body)


RawEmailDep = Annotated[bytes, Depends(read_raw_email)]
