"""The HTTP service: create_app(settings) builds the app; the model loads in its lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from fraudguard.api.routes import router
from fraudguard.config import Settings
from fraudguard.errors import FraudguardError
from fraudguard.scoring import Scorer


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The app, with the verified model loaded once at start-up and shared by all requests."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.scorer = None
        app.state.model_error = None
        try:
            app.state.scorer = Scorer.from_dir(settings.model_dir, settings.model_sha256)
        except FraudguardError as exc:  # serve /healthz and say why /readyz fails
            app.state.model_error = exc.message
        yield

    app = FastAPI(
        title="fraudguard",
        version="0.1.0",
        lifespan=lifespan,
        description="Cyber-fraud detection for doctors, clinics and hospitals in India.",
    )

    @app.exception_handler(FraudguardError)
    async def domain_error(_: Request, exc: FraudguardError) -> JSONResponse:
        return _error(exc.status, exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for e in exc.errors():
            where = ".".join(str(x) for x in e.get("loc", ()) if x != "body")
            parts.append(f"{where or 'body'}: {e.get('msg', 'invalid')}")
        return _error(422, "invalid_input", "; ".join(parts) or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _error(exc.status_code, "http_error", str(exc.detail))

    app.include_router(router)
    return app
