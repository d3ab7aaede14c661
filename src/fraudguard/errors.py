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
