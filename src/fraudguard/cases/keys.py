"""API keys and page sign-ins: issue, list, revoke, authenticate.

A token is `fg_<prefix>_<secret>`: the 8-character prefix is public (it names the key in lists and
logs), the secret is 32 random bytes. Only sha256 of the whole token is stored; a fast hash is
right for a random 256-bit secret (nothing to brute-force), and hashes are compared in constant
time. Functions flush but never commit: the caller owns the transaction.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from fraudguard.cases.models import ApiKey, Clinic, WebSession, utcnow
from fraudguard.cases.schemas import IssuedKey, KeyRead
from fraudguard.errors import InvalidInput, NotFound, Unauthorized
from fraudguard.schemas import Principal, Role

__all__ = [
    "authenticate",
    "close_web_session",
    "issue_key",
    "list_keys",
    "open_web_session",
    "principal_for_web_session",
    "revoke_key",
]

_TOKEN = re.compile(r"fg_([0-9a-f]{8})_([A-Za-z0-9_\-]{43})")
_MAX_TOKEN_CHARS = 128  # a real token is 55; anything far longer is not worth hashing
_TOUCH_EVERY = timedelta(minutes=1)  # last_used_at: at most one write a minute per key
_MAX_NAME_CHARS = 200
# compared against when the prefix is unknown, so both failures cost the same
_NO_HASH = hashlib.sha256(b"no such key").hexdigest()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _read(key: ApiKey) -> KeyRead:
    return KeyRead(
        prefix=key.prefix,
        clinic=key.clinic.name,
        role=Role(key.role),
        name=key.name,
        rate_per_minute=key.rate_per_minute,
        created_at=key.created_at,
        revoked_at=key.revoked_at,
        last_used_at=key.last_used_at,
    )


def _principal(key: ApiKey, default_rate: int) -> Principal:
    return Principal(
        key_id=key.id,
        key_prefix=key.prefix,
        clinic_id=key.clinic_id,
        clinic_name=key.clinic.name,
        role=Role(key.role),
        rate_per_minute=key.rate_per_minute or default_rate,
    )


def _touch(key: ApiKey, now: datetime) -> None:
    if key.last_used_at is None or now - key.last_used_at >= _TOUCH_EVERY:
        key.last_used_at = now


def _clinic(session: Session, name: str) -> Clinic:
    clinic = session.scalar(select(Clinic).where(Clinic.name == name))
    if clinic is None:
        clinic = Clinic(name=name)
        session.add(clinic)
        session.flush()
    return clinic


def issue_key(
    *,
    session: Session,
    clinic: str,
    role: Role,
    name: str = "",
    rate_per_minute: int | None = None,
) -> IssuedKey:
    """Create a key (and its clinic if new); the plaintext token is returned here only."""
    clinic_name = " ".join(clinic.split())
    if not clinic_name or len(clinic_name) > _MAX_NAME_CHARS:
        raise InvalidInput(f"clinic name must be 1-{_MAX_NAME_CHARS} characters")
    name = name.strip()
    if len(name) > _MAX_NAME_CHARS:
        raise InvalidInput(f"key name must be at most {_MAX_NAME_CHARS} characters")
    try:
        role = Role(role)
    except ValueError:
        raise InvalidInput(f"role must be one of: {', '.join(r.value for r in Role)}") from None
    if rate_per_minute is not None and rate_per_minute < 1:
        raise InvalidInput("rate per minute must be at least 1")
    for _ in range(5):  # 2^32 prefixes: a collision is rare, two in a row practically never
        prefix = secrets.token_hex(4)
        if session.scalar(select(ApiKey.id).where(ApiKey.prefix == prefix)) is None:
            break
    else:  # pragma: no cover
        raise RuntimeError("could not find a free key prefix")
    token = f"fg_{prefix}_{secrets.token_urlsafe(32)}"
    key = ApiKey(
        prefix=prefix,
        secret_hash=_hash(token),
        clinic=_clinic(session, clinic_name),
        role=role.value,
        name=name,
        rate_per_minute=rate_per_minute,
    )
    session.add(key)
    session.flush()
    return IssuedKey(token=token, key=_read(key))


def list_keys(*, session: Session) -> list[KeyRead]:
    """Every key, oldest first, without secrets."""
    return [_read(k) for k in session.scalars(select(ApiKey).order_by(ApiKey.id))]


def revoke_key(*, session: Session, prefix: str) -> KeyRead:
    """Revoke a key by its prefix and end its page sessions; revoking twice keeps the first time."""
    key = session.scalar(select(ApiKey).where(ApiKey.prefix == prefix.strip()))
    if key is None:
        raise NotFound(f"no API key with prefix {prefix.strip()!r}")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
    session.execute(delete(WebSession).where(WebSession.key_id == key.id))
    session.flush()
    return _read(key)


def authenticate(*, session: Session, token: str, default_rate: int) -> Principal:
    """The principal of an API key token; Unauthorized if malformed, unknown or revoked."""
    token = token.strip()
    match = _TOKEN.fullmatch(token) if len(token) <= _MAX_TOKEN_CHARS else None
    if match is None:
        raise Unauthorized("malformed API key: expected fg_<prefix>_<secret>")
    key = session.scalar(select(ApiKey).where(ApiKey.prefix == match.group(1)))
    stored = key.secret_hash if key is not None else _NO_HASH
    if not hmac.compare_digest(stored, _hash(token)) or key is None:
        raise Unauthorized("unknown API key")
    if key.revoked_at is not None:
        raise Unauthorized(f"API key {key.prefix} was revoked; ask for a new one")
    # left for the caller's commit: flushing now would hold SQLite's write lock for the request
    _touch(key, utcnow())
    return _principal(key, default_rate)


def open_web_session(*, session: Session, principal: Principal, hours: int) -> str:
    """Start a page sign-in for `principal`; returns the cookie token (only its hash is kept)."""
    if hours < 1:
        raise InvalidInput("a page session lasts at least one hour")
    key = session.get(ApiKey, principal.key_id)
    if key is None or key.revoked_at is not None:
        raise Unauthorized("this API key is unknown or revoked")
    now = utcnow()
    # sign-ins are rare: a good moment to drop the expired ones
    session.execute(delete(WebSession).where(WebSession.expires_at <= now))
    token = secrets.token_urlsafe(32)
    expires = now + timedelta(hours=hours)
    row = WebSession(token_hash=_hash(token), key_id=key.id, created_at=now, expires_at=expires)
    session.add(row)
    session.flush()
    return token


def principal_for_web_session(*, session: Session, token: str, default_rate: int) -> Principal:
    """The principal behind a page cookie; Unauthorized if unknown, expired or its key revoked."""
    if not token or len(token) > _MAX_TOKEN_CHARS:
        raise Unauthorized("not signed in")
    row = session.scalar(select(WebSession).where(WebSession.token_hash == _hash(token)))
    now = utcnow()
    if row is None or row.expires_at <= now:
        raise Unauthorized("your sign-in has expired; sign in again with your API key")
    if row.key.revoked_at is not None:
        raise Unauthorized(f"API key {row.key.prefix} was revoked; ask for a new one")
    _touch(row.key, now)
    return _principal(row.key, default_rate)


def close_web_session(*, session: Session, token: str) -> None:
    """Sign out: forget the session (nothing happens if it is already gone)."""
    if token and len(token) <= _MAX_TOKEN_CHARS:
        session.execute(delete(WebSession).where(WebSession.token_hash == _hash(token)))
        session.flush()
