"""The complaint draft names the suspects a cyber cell should pursue, and only them.

A link that shows a bank's genuine address while going to a look-alike must send the police after
the look-alike; the bank's site is named once, as the site imitated.
"""

from __future__ import annotations

import pytest

from fraudguard import indicators
from fraudguard.guidance import complaint_draft
from fraudguard.ingest import parse
from fraudguard.schemas import (
    Assessment,
    Channel,
    ComplaintDraft,
    Document,
    Language,
    Reason,
    ScamType,
    Verdict,
)

LANGS = ("en", "hi")

KYC_PAGE = (
    "<html><body><p>Dear Doctor, your SBI account will be blocked today.</p>"
    '<p>Update your KYC at <a href="http://sbi-secure-login.top/kyc?id=77">www.onlinesbi.sbi</a>'
    " before 6 pm.</p></body></html>"
)


def email(
    html: str,
    *,
    sender: str = '"SBI Alerts" <alerts@sbi-notice-mail.top>',
    reply_to: str = "kyc.desk@sbi-help-desk.xyz",
) -> bytes:
    """A raw RFC 822 message with one HTML body."""
    return (
        f"From: {sender}\r\n"
        f"Reply-To: {reply_to or sender}\r\n"
        "To: dr.mehta@mehta-clinic.in\r\n"
        "Subject: KYC pending: account blocked today\r\n"
        "Date: Tue, 3 Mar 2026 10:00:00 +0530\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/html; charset=utf-8\r\n"
        "\r\n"
        f"{html}\r\n"
    ).encode()


def assessed(doc: Document) -> Assessment:
    """The Assessment assess.build makes of a phishing document (indicators as it takes them)."""
    senders = [doc.email.from_address, doc.email.reply_to] if doc.email else []
    return Assessment(
        channel=doc.channel,
        verdict=Verdict.FRAUD,
        risk=0.96,
        scam_type=ScamType.KYC_BANK_BLOCK,
        language=Language.EN,
        reasons=[
            Reason(
                code="link_text_mismatch",
                message="A link shows one address but goes to another.",
                evidence="shows www.onlinesbi.sbi, goes to sbi-secure-login.top",
            )
        ],
        indicators=indicators.extract(doc.text, doc.links, extra_emails=senders),
        model_version="test",
    )


def draft_of(doc: Document, lang: str = "en") -> ComplaintDraft:
    return complaint_draft(assessed(doc), language=lang, excerpt=doc.text, links=doc.links)


def suspect_block(draft: ComplaintDraft, lang: str = "en") -> list[str]:
    """The lines under the suspect heading, up to the next blank line."""
    heading = {"en": "DETAILS OF THE SUSPECT", "hi": "संदिग्ध का विवरण"}[lang]
    lines = draft.text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    end = lines.index("", start)
    return lines[start + 1 : end]


def test_look_alike_is_the_suspect_and_the_bank_only_the_site_imitated() -> None:
    doc = parse(email(KYC_PAGE), Channel.EMAIL)
    draft = draft_of(doc)
    block = suspect_block(draft)
    assert "Domains: sbi-notice-mail.top, sbi-help-desk.xyz, sbi-secure-login.top" in block
    assert "Links (URLs): http://sbi-secure-login.top/kyc?id=77" in block
    assert "Imitates: onlinesbi.sbi (the link goes to sbi-secure-login.top)" in block
    # the bank's domain appears in the suspect details only as the site imitated
    assert [line for line in block if "onlinesbi" in line] == [
        "Imitates: onlinesbi.sbi (the link goes to sbi-secure-login.top)"
    ]
    assert "onlinesbi" not in draft.indicators.model_dump_json()
    # the message itself still shows what the doctor saw
    assert "www.onlinesbi.sbi" in draft.excerpt


def test_hindi_draft_names_the_imitated_site_with_where_the_link_goes() -> None:
    doc = parse(email(KYC_PAGE), Channel.EMAIL)
    block = suspect_block(draft_of(doc, "hi"), "hi")
    named = [line for line in block if "onlinesbi" in line]
    assert len(named) == 1 and "sbi-secure-login.top" in named[0]
    assert not named[0].startswith("डोमेन") and "Imitates" not in named[0]
    assert any(line.startswith("डोमेन:") and "sbi-secure-login.top" in line for line in block)


def test_each_imitated_site_is_named_once_with_every_place_its_links_go() -> None:
    html = (
        '<p><a href="http://sbi-secure-login.top/a">www.onlinesbi.sbi</a></p>'
        '<p><a href="https://bit.ly/3xKyc">Or log in at onlinesbi.sbi</a></p>'
        '<p><a href="http://hdfc-kyc.top/">www.hdfcbank.com</a></p>'
    )
    block = suspect_block(draft_of(parse(email(html), Channel.EMAIL)))
    assert [line for line in block if line.startswith("Imitates:")] == [
        "Imitates: onlinesbi.sbi (the link goes to sbi-secure-login.top, bit.ly)",
        "Imitates: hdfcbank.com (the link goes to hdfc-kyc.top)",
    ]
    domains = next(line for line in block if line.startswith("Domains:"))
    assert "onlinesbi" not in domains and "hdfcbank" not in domains


@pytest.mark.parametrize("lang", LANGS)
def test_sms_with_a_bare_scam_domain_has_it_as_a_suspect_and_imitates_nothing(lang: str) -> None:
    doc = parse(
        "SBI: Your YONO account is blocked. Update PAN at sbi-yono-kyc.top within 24 hrs.",
        Channel.SMS,
    )
    draft = draft_of(doc, lang)
    block = suspect_block(draft, lang)
    assert any("sbi-yono-kyc.top" in line for line in block)
    assert not any("Imitates" in line or "नकल" in line for line in block)


def test_genuine_link_is_listed_once_and_imitates_nothing() -> None:
    html = (
        "<p>Your invoice 4471 for surgical gloves is ready.</p>"
        '<p>Download: <a href="https://www.medline-supplies.in/invoices/4471">'
        "www.medline-supplies.in</a></p>"
    )
    sender = "Medline Billing <billing@medline-supplies.in>"
    doc = parse(email(html, sender=sender, reply_to=""), Channel.EMAIL)
    block = suspect_block(draft_of(doc))
    assert "Domains: medline-supplies.in" in block
    assert not any(line.startswith("Imitates:") for line in block)


def test_without_the_links_the_draft_is_as_before() -> None:
    doc = parse(email(KYC_PAGE), Channel.EMAIL)
    draft = complaint_draft(assessed(doc), excerpt=doc.text)
    assert "Imitates" not in draft.text
    assert "onlinesbi" not in "\n".join(suspect_block(draft))
