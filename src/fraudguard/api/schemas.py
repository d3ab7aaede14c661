"""Request and response models of the HTTP API (the domain models live in fraudguard.schemas)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from fraudguard.schemas import Assessment, Channel

GuidanceLanguage = Literal["en", "hi"]


class AnalyzeRequest(BaseModel):
    """One message, link, call transcript or pasted email."""

    model_config = ConfigDict(extra="forbid")

    channel: Channel = Field(default=Channel.AUTO, description="auto detects it from the content")
    content: str = Field(min_length=1, description="the message, link, transcript or raw email")
    language: GuidanceLanguage = Field(default="en", description="language of reasons and guidance")


class BatchItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(default="", max_length=200, description="your id, echoed back")
    channel: Channel = Channel.AUTO
    content: str = Field(min_length=1)


class BatchRequest(BaseModel):
    """Up to FRAUDGUARD_API_MAX_BATCH_ITEMS items (100 by default), scored together."""

    model_config = ConfigDict(extra="forbid")

    items: list[BatchItem] = Field(min_length=1)
    language: GuidanceLanguage = "en"


class ItemError(BaseModel):
    code: str
    message: str


class BatchResult(BaseModel):
    """One result per item, in order: the assessment, or the error for that item alone."""

    index: int
    id: str = ""
    assessment: Assessment | None = None
    error: ItemError | None = None


class BatchResponse(BaseModel):
    results: list[BatchResult]


class CaseCreate(BaseModel):
    """Report a message to the cyber cell; consent must be true."""

    model_config = ConfigDict(extra="forbid")

    channel: Channel = Channel.AUTO
    content: str = Field(min_length=1)
    language: GuidanceLanguage = "en"
    consent: bool = Field(description="the clinic agrees to share the message with the cyber cell")
    note: str = Field(default="", max_length=2000, description="what happened, in your words")


class Health(BaseModel):
    status: str
    model_version: str = ""


class ErrorBody(BaseModel):
    code: str
    message: str


class ErrorResponse(BaseModel):
    """The one error shape of every 4xx/5xx answer."""

    error: ErrorBody
