"""The HTTP service: create_app(settings) builds the app; model and store open in its lifespan."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from fraudguard.api import metrics
from fraudguard.api.middleware import BodyLimit, RequestMetrics
from fraudguard.api.ratelimit import make_limiter
from fraudguard.api.routes import analyze, cases, ops, pages
from fraudguard.api.schemas import ErrorResponse
from fraudguard.batching import BatchingAssessor
from fraudguard.cases import keys
from fraudguard.cases.db import make_engine, migrate, session_factory
from fraudguard.config import Settings
from fraudguard.errors import FraudguardError, RateLimited, Unauthorized
from fraudguard.scoring import Scorer

log = logging.getLogger("fraudguard")


def _description(settings: Settings) -> str:
    """The OpenAPI description, with this server's limits."""
    api, kib = settings.api, 1024
    return (
        "Cyber-fraud detection for doctors, clinics and hospitals in India.\n\n"
        "Send `Authorization: Bearer <key>` (keys come from `fraudguard keys create`). Every "
        'error has the shape `{"error": {"code": "...", "message": "..."}}`. This server\'s '
        f"limits: JSON body {api.max_json_bytes // kib} KiB, raw email "
        f"{settings.limits.max_email_bytes // kib} KiB, batch {api.max_batch_bytes // kib} KiB "
        f"and {api.max_batch_items} items, {api.scan_seconds:g} s scan time per item, "
        f"{api.rate_per_minute} requests per key per minute unless the key has its own rate "
        "(a batch counts one per item)."
    )


_ERRORS = {
    code: {"model": ErrorResponse, "description": text}
    for code, text in {
        401: "no valid API key",
        403: "the key's role may not do this",
        404: "no such case (or not visible to this key)",
        413: "body, email or batch too large",
        415: "unsupported media type",
        422: "invalid fields, or the input took longer than the scan limit",
        429: "rate limit reached (see Retry-After)",
        503: "model not loaded or not verified",
    }.items()
}


def _error(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": message}}, status_code=status, headers=headers
    )


def _limit_for(settings: Settings) -> Callable[[str], int]:
    api = settings.api

    def limit(path: str) -> int:
        if path == "/v1/analyze/email":
            return settings.limits.max_email_bytes
        if path == "/v1/analyze/batch":
            return api.max_batch_bytes
        if path.startswith("/v1/"):
            return api.max_json_bytes
        return api.max_upload_bytes  # the page's forms, with an .eml upload

    return limit


def create_app(settings: Settings | None = None) -> FastAPI:
    """The app; the verified model and the case store open once at start-up and are shared."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.scorer = None
        app.state.assessor = None
        app.state.model_error = None
        try:
            scorer = Scorer.from_dir(settings.model_dir, settings.model_sha256)
            app.state.scorer = scorer
            # concurrent /v1/analyze requests are assessed together, in one thread
            app.state.assessor = BatchingAssessor(
                scorer, limits=settings.limits, budget=settings.api.scan_seconds
            )
            metrics.MODEL.labels(scorer.version).set(1)
        except FraudguardError as exc:  # serve /healthz and say why /readyz fails
            app.state.model_error = exc.message
        engine = make_engine(settings.database_url)
        migrate(engine)
        app.state.sessions = session_factory(engine)
        with app.state.sessions() as session:
            if not any(k.active for k in keys.list_keys(session=session)):
                log.warning(
                    "no API keys yet: create one with `fraudguard keys create --clinic NAME "
                    "--role clinic` and sign in to the page with it"
                )
        app.state.limiter = make_limiter(settings.redis_url)
        yield
        engine.dispose()
        if app.state.assessor is not None:
            app.state.assessor.close()

    app = FastAPI(
        title="fraudguard",
        version="0.2.0",
        lifespan=lifespan,
        description=_description(settings),
        responses=_ERRORS,  # type: ignore[arg-type]
    )

    @app.exception_handler(FraudguardError)
    async def domain_error(_: Request, exc: FraudguardError) -> JSONResponse:
        headers = None
        if isinstance(exc, RateLimited):
            headers = {"Retry-After": str(exc.retry_after)}
        elif isinstance(exc, Unauthorized):
            headers = {"WWW-Authenticate": 'Bearer realm="fraudguard"'}
        return _error(exc.status, exc.code, exc.message, headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for e in exc.errors():
            where = ".".join(str(x) for x in e.get("loc", ()) if x != "body")
            parts.append(f"{where or 'body'}: {e.get('msg', 'invalid')}")
        return _error(422, "invalid_input", "; ".join(parts) or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return _error(exc.status_code, code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        # a bug, not bad input: one line in the log (no message content), no trace to the client
        log.exception("unexpected error: %s", type(exc).__name__)
        return _error(500, "internal_error", "unexpected error; it has been logged")

    app.include_router(ops.router)
    app.include_router(analyze.router)
    app.include_router(cases.router)
    app.include_router(pages.router)
    pages.mount_static(app)
    app.add_middleware(BodyLimit, limit_for=_limit_for(settings))
    app.add_middleware(RequestMetrics)  # outermost: counts the 413s too
    return app
