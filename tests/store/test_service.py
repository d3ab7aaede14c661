"""Reporting cases: consent, what is stored, references, clinic isolation, shared indicators."""

from __future__ import annotations

import re
from datetime import timedelta, timezone

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from fraudguard.cases.models import Case, CaseEvent, CaseIndicator
from fraudguard.cases.service import get_case, normalise_indicator, report
from fraudguard.errors import InvalidInput, NotFound
from fraudguard.schemas import Channel, EmailFindings, Role, ScamType, Verdict

from .conftest import make_assessment, make_principal

MESSAGE = "Sir, refund of Rs 4,999 pending. Approve collect request from refund.desk@ybl now."


def _count(session: Session, table: type) -> int:
    return session.scalar(select(func.count()).select_from(table)) or 0


def test_report_needs_consent_and_stores_nothing_without_it(session: Session) -> None:
    clinic = make_principal(session)
    with pytest.raises(InvalidInput, match="consent"):
        report(
            session=session,
            assessment=make_assessment(),
            content=MESSAGE,
            principal=clinic,
            consent=False,
        )
    assert [_count(session, t) for t in (Case, CaseIndicator, CaseEvent)] == [0, 0, 0]


def test_report_stores_the_case_its_indicators_and_an_event(
    sessions: sessionmaker[Session],
) -> None:
    assessment = make_assessment(
        upi_ids=["Refund.Desk@YBL"],
        phones=["+919876543210"],
        domains=["sbi-kyc.in.net"],
        urls=["https://sbi-kyc.in.net/Login"],
        emails=["Help@Refund-Desk.in"],
        bank_accounts=["12345678901"],
        ifsc=["sbin0001234"],
        sensitive=["aadhaar:XXXX-XXXX-1234", "pan:XXXXX1234X"],
    )
    assessment = assessment.model_copy(
        update={"email": EmailFindings(subject="Refund", sender="help@refund-desk.in")}
    )
    with sessions.begin() as s:
        clinic = make_principal(s)
        read = report(
            session=s,
            assessment=assessment,
            content=MESSAGE,
            principal=clinic,
            consent=True,
            note="  came on the reception phone ",
        )
    assert read.clinic == "City Clinic" and read.status == "new"
    assert (read.channel, read.verdict, read.scam_type) == (
        Channel.SMS,
        Verdict.FRAUD,
        ScamType.UPI_COLLECT_OR_QR,
    )
    assert read.risk == pytest.approx(0.97) and read.model_version == "fg-test"
    assert read.note == "came on the reception phone"
    assert read.reasons[0].code == "upi_collect"
    assert read.indicators.upi_ids == ["Refund.Desk@YBL"]  # as the assessment gave it
    assert read.created_at.utcoffset() == timedelta(0)

    with sessions() as s:
        case = s.scalars(select(Case)).one()
        assert case.reference == read.reference
        assert case.content == MESSAGE
        assert case.clinic_id == clinic.clinic_id and case.reported_by_key_id == clinic.key_id
        assert case.consent_at is not None and case.language == "en"
        assert case.email_findings is not None and case.email_findings["subject"] == "Refund"
        rows = {(r.kind, r.value) for r in s.scalars(select(CaseIndicator))}
        assert rows == {
            ("upi", "refund.desk@ybl"),
            ("phone", "+919876543210"),
            ("domain", "sbi-kyc.in.net"),
            ("url", "https://sbi-kyc.in.net/Login"),
            ("email", "help@refund-desk.in"),
            ("account", "12345678901"),
            ("ifsc", "SBIN0001234"),
        }
        assert not any("aadhaar" in v or "pan:" in v or "XXXX" in v for _, v in rows)
        event = s.scalars(select(CaseEvent)).one()
        assert (event.case_id, event.action, event.actor_key_id) == (
            case.id,
            "reported",
            clinic.key_id,
        )
        assert event.detail["verdict"] == "fraud"


def test_references_are_readable_and_unique(session: Session) -> None:
    clinic = make_principal(session)
    refs = [
        report(
            session=session,
            assessment=make_assessment(),
            content=f"{MESSAGE} #{i}",
            principal=clinic,
            consent=True,
        ).reference
        for i in range(5)
    ]
    assert len(set(refs)) == 5
    assert all(re.fullmatch(r"FG-20\d\d-\d{5}", r) for r in refs), refs
    ids = [int(r.rsplit("-", 1)[1]) for r in refs]
    assert ids == sorted(ids)
    stored = session.scalars(select(Case.reference).order_by(Case.id)).all()
    assert stored == refs


def test_the_reference_year_is_the_year_in_india(session: Session) -> None:
    clinic = make_principal(session)
    read = report(
        session=session,
        assessment=make_assessment(),
        content=MESSAGE,
        principal=clinic,
        consent=True,
    )
    ist = timezone(timedelta(hours=5, minutes=30))
    assert read.reference.startswith(f"FG-{read.created_at.astimezone(ist).year}-")


def test_long_content_is_cut_and_the_event_says_so(session: Session) -> None:
    clinic = make_principal(session)
    report(
        session=session,
        assessment=make_assessment(),
        content="x" * 150,
        principal=clinic,
        consent=True,
        max_content_chars=100,
    )
    assert session.scalars(select(Case.content)).one() == "x" * 100
    detail = session.scalars(select(CaseEvent.detail)).one()
    assert detail["content_truncated"] is True and detail["content_chars"] == 150


def test_the_victims_aadhaar_and_pan_are_stored_masked(session: Session) -> None:
    # 2341 2341 2346 passes the Verhoeff check; the UPI id and phone are evidence and stay
    content = "KYC: send Aadhaar 2341 2341 2346 and PAN ABCPE1234F to 9812345678, UPI kyc@ybl"
    report(
        session=session,
        assessment=make_assessment(),
        content=content,
        principal=make_principal(session),
        consent=True,
        note="I sent my PAN ABCPE1234F",
    )
    case = session.scalars(select(Case)).one()
    assert "2341 2341 2346" not in case.content and "XXXXXXXXXX2346" in case.content
    assert "ABCPE1234F" not in case.content + case.note
    assert "9812345678" in case.content and "kyc@ybl" in case.content


def test_a_too_long_note_is_refused(session: Session) -> None:
    clinic = make_principal(session)
    with pytest.raises(InvalidInput, match="note"):
        report(
            session=session,
            assessment=make_assessment(),
            content=MESSAGE,
            principal=clinic,
            consent=True,
            note="n" * 2001,
        )


def test_a_clinic_sees_only_its_own_cases(session: Session) -> None:
    city = make_principal(session, clinic="City Clinic")
    other = make_principal(session, clinic="Lake Hospital")
    reviewer = make_principal(session, clinic="Cyber Cell", role=Role.REVIEWER)
    admin = make_principal(session, clinic="Ops", role=Role.ADMIN)
    ref = report(
        session=session,
        assessment=make_assessment(),
        content=MESSAGE,
        principal=city,
        consent=True,
    ).reference

    assert get_case(session=session, reference=ref, principal=city).clinic == "City Clinic"
    assert get_case(session=session, reference=ref.lower(), principal=city).reference == ref
    with pytest.raises(NotFound) as other_err:
        get_case(session=session, reference=ref, principal=other)
    with pytest.raises(NotFound) as missing_err:
        get_case(session=session, reference="FG-2026-99999", principal=other)
    # the same answer as for a case that does not exist: existence does not leak
    assert type(other_err.value) is type(missing_err.value)
    assert other_err.value.code == missing_err.value.code
    for staff in (reviewer, admin):
        seen = get_case(session=session, reference=ref, principal=staff)
        assert (seen.reference, seen.clinic) == (ref, "City Clinic")


def test_the_same_upi_id_from_two_clinics_is_found_by_kind_and_value(session: Session) -> None:
    city = make_principal(session, clinic="City Clinic")
    lake = make_principal(session, clinic="Lake Hospital")
    for principal, written in ((city, "refund.desk@ybl"), (lake, " Refund.Desk@YBL ")):
        report(
            session=session,
            assessment=make_assessment(upi_ids=[written], phones=[]),
            content=MESSAGE,
            principal=principal,
            consent=True,
        )
    report(  # a different UPI id must not match
        session=session,
        assessment=make_assessment(upi_ids=["someone.else@okaxis"], phones=[]),
        content=MESSAGE,
        principal=city,
        consent=True,
    )
    value = normalise_indicator("upi", "REFUND.DESK@ybl")
    found = session.execute(
        select(Case.reference, Case.clinic_id)
        .join(CaseIndicator, CaseIndicator.case_id == Case.id)
        .where(CaseIndicator.kind == "upi", CaseIndicator.value == value)
        .order_by(Case.id)
    ).all()
    assert [clinic_id for _, clinic_id in found] == [city.clinic_id, lake.clinic_id]


def test_duplicate_indicators_in_one_report_are_stored_once(session: Session) -> None:
    clinic = make_principal(session)
    report(
        session=session,
        assessment=make_assessment(upi_ids=["a@ybl", "A@YBL"], phones=["+919876543210"] * 2),
        content=MESSAGE,
        principal=clinic,
        consent=True,
    )
    assert _count(session, CaseIndicator) == 2


def test_an_oversized_url_is_kept_on_the_case_but_not_indexed(session: Session) -> None:
    clinic = make_principal(session)
    long_url = "https://evil.example/" + "a" * 3000
    read = report(
        session=session,
        assessment=make_assessment(upi_ids=[], phones=[], urls=[long_url]),
        content=MESSAGE,
        principal=clinic,
        consent=True,
    )
    assert read.indicators.urls == [long_url]
    assert _count(session, CaseIndicator) == 0


def test_unknown_indicator_kinds_are_refused() -> None:
    with pytest.raises(InvalidInput):
        normalise_indicator("aadhaar", "1234")
