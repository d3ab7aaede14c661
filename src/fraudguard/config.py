"""Settings: the only reader of FRAUDGUARD_* environment variables."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

# The shipped model lives in the repository's models/ folder (an installed wheel has none).
_REPO_MODELS = Path(__file__).resolve().parents[2] / "models"


class Limits(BaseSettings):
    """Input limits. Each is enforced by ingest and reported as a clear error, never a crash."""

    model_config = SettingsConfigDict(env_prefix="FRAUDGUARD_LIMIT_", frozen=True)

    max_text_chars: int = Field(
        default=20_000, description="SMS/WhatsApp/call/URL content, characters"
    )
    max_email_bytes: int = Field(
        default=10 * 1024 * 1024, description="one raw RFC 822 message, bytes"
    )
    max_mime_depth: int = Field(
        default=3, description="nested message/rfc822 and archive levels opened"
    )
    max_mime_parts: int = Field(default=200, description="MIME parts walked in one message")
    max_body_chars: int = Field(default=200_000, description="decoded body text kept for scoring")
    max_jsonl_line_bytes: int = Field(default=12 * 1024 * 1024, description="one JSONL input line")


class ApiLimits(BaseSettings):
    """Limits of the HTTP service. Each is documented in the README and tested."""

    model_config = SettingsConfigDict(env_prefix="FRAUDGUARD_API_", frozen=True)

    max_json_bytes: int = Field(
        default=1024 * 1024, description="body of /v1/analyze and other JSON requests, bytes"
    )
    max_batch_bytes: int = Field(default=4 * 1024 * 1024, description="body of /v1/analyze/batch")
    max_batch_items: int = Field(default=100, description="items in one /v1/analyze/batch")
    max_upload_bytes: int = Field(
        default=10 * 1024 * 1024 + 64 * 1024, description="the page's form, with an .eml upload"
    )
    scan_seconds: float = Field(default=2.0, description="scan time budget for one item")
    rate_per_minute: int = Field(default=120, description="requests per key per minute (default)")
    session_hours: int = Field(default=12, description="how long a page sign-in lasts")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FRAUDGUARD_", frozen=True)

    model_dir: Path = _REPO_MODELS
    shared_data: Path = Path(__file__).resolve().parents[3] / "shared" / "data"
    model_sha256: str | None = None  # pin the bundle's hash in a deployment
    # the case store and API keys; SQLite in the working folder unless told otherwise
    database_url: str = "sqlite:///fraudguard.db"
    # shared rate limits across workers and hosts; empty = counted in each worker's memory
    redis_url: str = ""
    limits: Limits = Field(default_factory=Limits)
    api: ApiLimits = Field(default_factory=ApiLimits)
