"""API keys and page sessions: issue, authenticate, revoke; a tampered token never passes."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from fraudguard.cases.keys import (
    authenticate,
    close_web_session,
    issue_key,
    list_keys,
    open_web_session,
    principal_for_web_session,
    revoke_key,
)
from fraudguard.cases.models import ApiKey, Clinic, WebSession, utcnow
from fraudguard.errors import InvalidInput, NotFound, Unauthorized
from fraudguard.schemas import Role

from .conftest import DEFAULT_RATE

Sessions = sessionmaker[Session]


def test_issue_authenticate_revoke(sessions: Sessions) -> None:
    with sessions() as s:
        issued = issue_key(session=s, clinic="City Clinic", role=Role.CLINIC, name="reception")
        s.commit()
    assert re.fullmatch(r"fg_[0-9a-f]{8}_[A-Za-z0-9_\-]{43}", issued.token)
    assert issued.token.startswith(f"fg_{issued.key.prefix}_")
    assert issued.key.clinic == "City Clinic" and issued.key.role is Role.CLINIC

    with sessions() as s:
        p = authenticate(session=s, token=issued.token, default_rate=DEFAULT_RATE)
        s.commit()
    assert (p.clinic_name, p.role, p.key_prefix) == ("City Clinic", Role.CLINIC, issued.key.prefix)
    assert p.rate_per_minute == DEFAULT_RATE

    with sessions() as s:
        revoked = revoke_key(session=s, prefix=issued.key.prefix)
        s.commit()
    assert revoked.revoked_at is not None and not revoked.active

    with sessions() as s, pytest.raises(Unauthorized, match="revoked"):
        authenticate(session=s, token=issued.token, default_rate=DEFAULT_RATE)


def test_only_a_hash_of_the_token_is_stored(session: Session) -> None:
    issued = issue_key(session=session, clinic="City Clinic", role=Role.CLINIC)
    row = session.scalars(select(ApiKey)).one()
    assert row.secret_hash == hashlib.sha256(issued.token.encode()).hexdigest()
    secret = issued.token.split("_", 2)[2]
    stored = " ".join(str(v) for v in vars(row).values())
    assert secret not in stored and issued.token not in stored
    assert issued.token not in repr(issued)


def _flip(ch: str) -> str:
    return "B" if ch == "A" else "A"


@pytest.mark.parametrize("where", ["last", "first_secret", "prefix"])
def test_a_tampered_token_fails(session: Session, where: str) -> None:
    token = issue_key(session=session, clinic="City Clinic", role=Role.ADMIN).token
    if where == "last":
        bad = token[:-1] + _flip(token[-1])
    elif where == "first_secret":
        bad = token[:12] + _flip(token[12]) + token[13:]
    else:  # another (unknown) prefix with the right secret
        bad = "fg_" + ("0" if token[3] != "0" else "1") + token[4:]
    assert bad != token
    with pytest.raises(Unauthorized, match="unknown API key"):
        authenticate(session=session, token=bad, default_rate=DEFAULT_RATE)


def test_another_keys_secret_does_not_open_this_prefix(session: Session) -> None:
    a = issue_key(session=session, clinic="A", role=Role.CLINIC).token
    b = issue_key(session=session, clinic="B", role=Role.ADMIN).token
    mixed = a[:12] + b[12:]
    with pytest.raises(Unauthorized):
        authenticate(session=session, token=mixed, default_rate=DEFAULT_RATE)


@pytest.mark.parametrize(
    "token",
    ["", "fg_", "Bearer x", "fg_1234567_" + "a" * 43, "fg_12345678" + "a" * 44, "x" * 5000],
)
def test_malformed_tokens_are_refused_clearly(session: Session, token: str) -> None:
    issue_key(session=session, clinic="City Clinic", role=Role.CLINIC)
    with pytest.raises(Unauthorized, match="malformed"):
        authenticate(session=session, token=token, default_rate=DEFAULT_RATE)


def test_a_key_can_carry_its_own_rate(session: Session) -> None:
    token = issue_key(session=session, clinic="C", role=Role.CLINIC, rate_per_minute=7).token
    assert authenticate(session=session, token=token, default_rate=99).rate_per_minute == 7


def test_last_used_is_written_at_most_once_a_minute(sessions: Sessions) -> None:
    with sessions.begin() as s:
        token = issue_key(session=s, clinic="C", role=Role.CLINIC).token
    with sessions.begin() as s:
        authenticate(session=s, token=token, default_rate=1)
    with sessions() as s:
        first = s.scalars(select(ApiKey.last_used_at)).one()
    assert first is not None
    with sessions() as s:
        authenticate(session=s, token=token, default_rate=1)
        assert not s.dirty, "a second use within a minute must not write"
    with sessions.begin() as s:
        s.execute(update(ApiKey).values(last_used_at=first - timedelta(minutes=2)))
    with sessions.begin() as s:
        authenticate(session=s, token=token, default_rate=1)
    with sessions() as s:
        assert s.scalars(select(ApiKey.last_used_at)).one() >= first


def test_keys_of_one_clinic_share_it(session: Session) -> None:
    issue_key(session=session, clinic="City Clinic", role=Role.CLINIC)
    issue_key(session=session, clinic="  City   Clinic ", role=Role.REVIEWER)
    assert session.scalar(select(func.count()).select_from(Clinic)) == 1
    assert [k.clinic for k in list_keys(session=session)] == ["City Clinic", "City Clinic"]


def test_list_keys_shows_no_secret(session: Session) -> None:
    issued = issue_key(session=session, clinic="C", role=Role.CLINIC, name="front desk")
    listed = list_keys(session=session)
    assert [k.prefix for k in listed] == [issued.key.prefix]
    dumped = listed[0].model_dump_json()
    assert issued.token.split("_", 2)[2] not in dumped
    assert "hash" not in dumped and "token" not in dumped
    assert listed[0].name == "front desk"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"clinic": "  "}, "clinic name"),
        ({"clinic": "x" * 201}, "clinic name"),
        ({"role": "owner"}, "role must be one of"),
        ({"rate_per_minute": 0}, "at least 1"),
    ],
)
def test_issue_key_checks_its_input(session: Session, kwargs: dict, message: str) -> None:
    args = {"clinic": "C", "role": Role.CLINIC, **kwargs}
    with pytest.raises(InvalidInput, match=message):
        issue_key(session=session, **args)


def test_revoking_an_unknown_prefix_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound):
        revoke_key(session=session, prefix="00000000")


def test_revoking_twice_keeps_the_first_time(session: Session) -> None:
    prefix = issue_key(session=session, clinic="C", role=Role.CLINIC).key.prefix
    first = revoke_key(session=session, prefix=prefix).revoked_at
    assert revoke_key(session=session, prefix=prefix).revoked_at == first


# ---------------------------------------------------------------------------
# Page sessions


def _signed_in(session: Session) -> tuple[str, str]:
    issued = issue_key(session=session, clinic="City Clinic", role=Role.CLINIC)
    principal = authenticate(session=session, token=issued.token, default_rate=DEFAULT_RATE)
    return issued.key.prefix, open_web_session(session=session, principal=principal, hours=12)


def test_web_session_open_lookup_close(sessions: Sessions) -> None:
    with sessions.begin() as s:
        prefix, cookie = _signed_in(s)
    with sessions() as s:
        p = principal_for_web_session(session=s, token=cookie, default_rate=DEFAULT_RATE)
        assert (p.key_prefix, p.clinic_name, p.role) == (prefix, "City Clinic", Role.CLINIC)
        row = s.scalars(select(WebSession)).one()
        assert row.token_hash == hashlib.sha256(cookie.encode()).hexdigest()
        assert timedelta(hours=11, minutes=59) < row.expires_at - utcnow() <= timedelta(hours=12)
    with sessions.begin() as s:
        close_web_session(session=s, token=cookie)
        close_web_session(session=s, token=cookie)  # signing out twice is fine
    with sessions() as s, pytest.raises(Unauthorized):
        principal_for_web_session(session=s, token=cookie, default_rate=DEFAULT_RATE)


def test_an_expired_web_session_is_refused(session: Session) -> None:
    _, cookie = _signed_in(session)
    session.execute(update(WebSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    with pytest.raises(Unauthorized, match="expired"):
        principal_for_web_session(session=session, token=cookie, default_rate=DEFAULT_RATE)


@pytest.mark.parametrize("cookie", ["", "not-a-session", "x" * 5000])
def test_an_unknown_web_session_is_refused(session: Session, cookie: str) -> None:
    _signed_in(session)
    with pytest.raises(Unauthorized):
        principal_for_web_session(session=session, token=cookie, default_rate=DEFAULT_RATE)


def test_revoking_the_key_ends_its_web_sessions(sessions: Sessions) -> None:
    with sessions.begin() as s:
        prefix, cookie = _signed_in(s)
    with sessions.begin() as s:
        revoke_key(session=s, prefix=prefix)
    with sessions() as s, pytest.raises(Unauthorized):
        principal_for_web_session(session=s, token=cookie, default_rate=DEFAULT_RATE)


def test_a_session_of_a_key_revoked_behind_its_back_is_refused(session: Session) -> None:
    # revoked by another path (e.g. directly in the database): the lookup still checks the key
    _, cookie = _signed_in(session)
    session.execute(update(ApiKey).values(revoked_at=utcnow()))
    with pytest.raises(Unauthorized, match="revoked"):
        principal_for_web_session(session=session, token=cookie, default_rate=DEFAULT_RATE)


def test_a_revoked_key_cannot_open_a_web_session(session: Session) -> None:
    issued = issue_key(session=session, clinic="C", role=Role.CLINIC)
    principal = authenticate(session=session, token=issued.token, default_rate=DEFAULT_RATE)
    revoke_key(session=session, prefix=issued.key.prefix)
    with pytest.raises(Unauthorized):
        open_web_session(session=session, principal=principal, hours=12)
