"""Domain errors: each has a stable code and the HTTP status the API renders it with."""

from __future__ import annotations


class FraudguardError(Exception):
    """Base class. `code` is stable (clients match on it); `message` is for people."""

    code = "error"
    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(FraudguardError):
    code = "invalid_input"
    status = 422


class ConsentRequired(InvalidInput):
    """Reporting a case without the clinic's explicit consent."""

    code = "consent_required"


class InputTooLarge(FraudguardError):
    code = "input_too_large"
    status = 413


class UnsupportedInput(FraudguardError):
    code = "unsupported_input"
    status = 415


class ModelUnavailable(FraudguardError):
    """The model bundle is missing, changed or foreign; nothing is scored with it."""

    code = "model_unavailable"
    status = 503


class ScanTimeout(FraudguardError):
    """One input took longer than the per-item scan budget."""

    code = "scan_timeout"
    status = 422


class Unauthorized(FraudguardError):
    code = "unauthorized"
    status = 401


class Forbidden(FraudguardError):
    code = "forbidden"
    status = 403


class NotFound(FraudguardError):
    code = "not_found"
    status = 404


class Conflict(FraudguardError):
    code = "conflict"
    status = 409


class RateLimited(FraudguardError):
    """Too many requests for this key; `retry_after` seconds until the next one is allowed."""

    code = "rate_limited"
    status = 429

    def __init__(self, message: str, retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = retry_after
