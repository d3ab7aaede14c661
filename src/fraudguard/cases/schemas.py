"""Read models of the case store: what services return (never ORM rows, never secrets)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from fraudguard.schemas import Channel, Indicators, Reason, Role, ScamType, Verdict

__all__ = ["CaseRead", "IssuedKey", "KeyRead"]


class KeyRead(BaseModel):
    """An API key as listed: the public prefix, never the secret or its hash."""

    model_config = ConfigDict(frozen=True)

    prefix: str
    clinic: str
    role: Role
    name: str = ""
    rate_per_minute: int | None = Field(default=None, description="None = the service default")
    created_at: datetime
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class IssuedKey(BaseModel):
    """A new key: `token` is the only copy of the secret and is never stored."""

    model_config = ConfigDict(frozen=True)

    token: str = Field(repr=False)
    key: KeyRead


class CaseRead(BaseModel):
    """A stored case as a clinic or reviewer sees it."""

    reference: str = Field(description='human-readable, e.g. "FG-2026-00042"')
    status: str
    created_at: datetime
    channel: Channel
    verdict: Verdict
    risk: float
    scam_type: ScamType
    model_version: str
    clinic: str = Field(description="name of the clinic that reported it")
    indicators: Indicators
    reasons: list[Reason]
    note: str = ""
