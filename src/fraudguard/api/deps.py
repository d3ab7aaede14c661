"""Typed dependencies: the shared Scorer and Settings, a database session, the caller."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from fraudguard.batching import BatchingAssessor
from fraudguard.cases import keys
from fraudguard.config import Settings
from fraudguard.errors import (
    Forbidden,
    ModelUnavailable,
    Unauthorized,
    UnsupportedInput,
)
from fraudguard.schemas import Principal, Role
from fraudguard.scoring import Scores

SESSION_COOKIE = "fraudguard_session"


def get_scorer(request: Request) -> Scores:
    """The scorer loaded at start-up; 503 when the model could not be verified."""
    scorer = request.app.state.scorer
    if scorer is None:
        raise ModelUnavailable(request.app.state.model_error or "model not loaded")
    return scorer


def get_assessor(request: Request) -> BatchingAssessor:
    """The shared batching assessor (built with the scorer); 503 when there is no model."""
    get_scorer(request)
    return request.app.state.assessor


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_db(request: Request) -> Iterator[Session]:
    """One database session per request: committed on success, rolled back on any error."""
    with request.app.state.sessions() as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


ScorerDep = Annotated[Scores, Depends(get_scorer)]
AssessorDep = Annotated[BatchingAssessor, Depends(get_assessor)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
# committed when the route returns, before the response is sent: a client that follows a
# redirect or reads a 201 at once finds what was stored
DbDep = Annotated[Session, Depends(get_db, scope="function")]


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    if not header:
        raise Unauthorized("send an API key as 'Authorization: Bearer <key>'")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("the Authorization header must be 'Bearer <key>'")
    return token.strip()


def get_api_principal(request: Request, db: DbDep, settings: SettingsDep) -> Principal:
    """The API key's clinic and role (401 without a valid key), counted against its rate."""
    principal = keys.authenticate(
        session=db, token=_bearer(request), default_rate=settings.api.rate_per_minute
    )
    request.app.state.limiter.hit(principal.key_prefix, principal.rate_per_minute)
    return principal


def get_page_principal(request: Request, db: DbDep, settings: SettingsDep) -> Principal | None:
    """The signed-in page user, or None (the page then shows the sign-in form)."""
    token = request.cookies.get(SESSION_COOKIE, "")
    if not token:
        return None
    try:
        return keys.principal_for_web_session(
            session=db, token=token, default_rate=settings.api.rate_per_minute
        )
    except Unauthorized:
        return None


ApiPrincipal = Annotated[Principal, Depends(get_api_principal)]
PagePrincipal = Annotated[Principal | None, Depends(get_page_principal)]


def require(*roles: Role) -> Callable[[Principal], Principal]:
    """A dependency that lets only the given roles through (403 for the others)."""

    def check(principal: ApiPrincipal) -> Principal:
        if principal.role not in roles:
            allowed = " or ".join(r.value for r in roles)
            raise Forbidden(f"this needs a {allowed} key; yours is a {principal.role.value} key")
        return principal

    return check


Reviewer = Annotated[Principal, Depends(require(Role.REVIEWER, Role.ADMIN))]
Admin = Annotated[Principal, Depends(require(Role.ADMIN))]


async def read_raw_email(request: Request) -> bytes:
    """The request body as a raw RFC 822 message (its size limit is BodyLimit's, 413 beyond)."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != "message/rfc822":
        raise UnsupportedInput("send the raw email with Content-Type: message/rfc822")
    return await request.body()


RawEmailDep = Annotated[bytes, Depends(read_raw_email)]
