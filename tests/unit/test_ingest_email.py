"""parse_email on real corpus mail and on crafted messages: what a clinic's reviewer would see."""

from __future__ import annotations

import base64
import email
import email.policy
import io
import zipfile

import pytest

from fraudguard.config import Limits
from fraudguard.errors import InputTooLarge, InvalidInput
from fraudguard.ingest.email import html_to_text, parse_email
from fraudguard.schemas import Channel, Document, Language

SPAMASSASSIN = "spamassassin"
NAZARIO = "nazario_phishing_2004_2005"


def _reference_subject(raw: bytes) -> str | None:
    """Subject as the stdlib's strict policy decodes it; None when it had to guess raw 8-bit."""
    value = email.message_from_bytes(raw, policy=email.policy.default)["subject"]
    text = " ".join(str(value or "").split())
    return None if "\ufffd" in text else text


def _by_filename(doc: Document) -> dict[str, tuple[str, int, int]]:
    return {a.filename: (a.content_type, a.size, a.depth) for a in doc.attachments}


# ---------------------------------------------------------------------------
# Real corpus mail


@pytest.mark.parametrize(
    ("corpus", "label"),
    [(SPAMASSASSIN, "ham"), (SPAMASSASSIN, "spam"), (NAZARIO, "phishing")],
)
def test_corpus_messages_parse_with_text_and_their_subject(corpus_emails, corpus, label):
    raws = corpus_emails(corpus, 50, label)
    assert len(raws) == 50
    problems = []
    for i, raw in enumerate(raws):
        doc = parse_email(raw)
        assert doc.channel is Channel.EMAIL
        assert doc.email is not None
        if not doc.text.strip():
            problems.append((i, "empty text"))
        expected = _reference_subject(raw)
        compare = "forwarded" not in doc.flags and expected is not None
        if compare and " ".join(doc.email.subject.split()) != expected:
            problems.append((i, doc.email.subject, expected))
        if not doc.text.startswith(doc.email.subject):
            problems.append((i, "text does not start with the subject"))
    assert problems == []


def test_corpus_messages_are_mostly_well_formed(corpus_emails):
    # the safety net (a flagged fallback Document) must not be hiding parser bugs on real mail
    raws = corpus_emails(SPAMASSASSIN, 50, "ham") + corpus_emails(NAZARIO, 50, "phishing")
    flagged = [i for i, raw in enumerate(raws) if "malformed_mime" in parse_email(raw).flags]
    assert len(flagged) <= 5


def test_nazario_phishing_anchor_text_differs_from_its_href(corpus_emails):
    mismatched = []
    for raw in corpus_emails(NAZARIO, 50, "phishing"):
        doc = parse_email(raw)
        mismatched += [link for link in doc.links if link.text and link.text != link.url]
    assert mismatched, "no HTML anchor with visible text in 50 phishing mails"
    # the deception the reviewer must see: text that names one place, a link to another
    assert any(link.text.lower().startswith(("http", "www")) for link in mismatched)


def test_corpus_str_and_bytes_input_agree_for_ascii_mail(corpus_emails):
    raw = corpus_emails(SPAMASSASSIN, 1, "ham")[0]
    if not raw.isascii():
        pytest.skip("first ham message is not ASCII")
    assert parse_email(raw.decode("ascii")) == parse_email(raw)


# ---------------------------------------------------------------------------
# Structure and encodings

ALTERNATIVE = b"""From: "Apollo Pharmacy" <orders@apollopharmacy.in>
To: reception@sharmaclinic.in
Subject: Your order #4411 has shipped
Date: Mon, 03 Mar 2025 10:15:00 +0530
Message-ID: <4411@apollopharmacy.in>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="alt"

--alt
Content-Type: text/plain; charset=utf-8

Dear Dr. Sharma,
Your order of 20 boxes of gloves has shipped. Track it on our website.

--alt
Content-Type: text/html; charset=utf-8

<html><body><p>Dear Dr. Sharma,</p><p>Your order of 20 boxes of gloves has shipped.
<a href="https://www.apollopharmacy.in/track/4411">Track it</a> on our website.</p></body></html>
--alt--
"""


def test_multipart_alternative_reads_the_html_a_client_shows_with_its_anchors():
    doc = parse_email(ALTERNATIVE)
    assert doc.email is not None
    assert doc.email.subject == "Your order #4411 has shipped"
    assert doc.email.from_display == "Apollo Pharmacy"
    assert doc.email.from_address == "orders@apollopharmacy.in"
    assert doc.email.to == "reception@sharmaclinic.in"
    assert doc.email.message_id == "<4411@apollopharmacy.in>"
    assert doc.email.date == "Mon, 03 Mar 2025 10:15:00 +0530"
    assert doc.text.startswith("Your order #4411 has shipped\n\nDear Dr. Sharma,")
    # the HTML alternative is what is read; the plain one says the same and is not added
    assert doc.text.count("gloves") == 1
    assert "alternative_differs" not in doc.flags
    assert doc.links[0].url == "https://www.apollopharmacy.in/track/4411"
    assert doc.links[0].text == "Track it"
    assert "html_only" not in doc.flags
    assert "malformed_mime" not in doc.flags
    assert doc.language is Language.EN


HTML_ONLY = b"""From: SBI Alerts <alerts@sbi-kyc-update.xyz>
To: doctor@clinic.in
Subject: KYC pending: account will be blocked
MIME-Version: 1.0
Content-Type: text/html; charset="utf-8"

<html><head><title>SBI</title><style>p { color: red }</style>
<script>document.write('tracking')</script></head>
<body><div>Dear Customer,</div><p>Your account will be <b>blocked</b> in 24 hours.</p>
<p>Update KYC now: <a href="http://sbi-kyc-update.xyz/login.php?id=77">www.onlinesbi.sbi</a></p>
<a href="mailto:help@sbi-kyc-update.xyz">Write to us</a> <a href="#top">Top</a>
<a href="">empty</a><a href="http://sbi-kyc-update.xyz/img"><img src="x.gif"></a>
</body></html>
"""


def test_html_only_mail_becomes_readable_text_with_anchor_links():
    doc = parse_email(HTML_ONLY)
    assert "html_only" in doc.flags
    lines = doc.text.split("\n")
    assert "Dear Customer," in lines
    assert "Your account will be blocked in 24 hours." in lines
    assert "tracking" not in doc.text and "color" not in doc.text
    assert doc.links[0].url == "http://sbi-kyc-update.xyz/login.php?id=77"
    assert doc.links[0].text == "www.onlinesbi.sbi"
    urls = [link.url for link in doc.links]
    assert "http://sbi-kyc-update.xyz/img" in urls  # image link: no visible text, still a link
    assert not any(u.startswith(("mailto:", "#")) or not u for u in urls)
    # the visible text's own domain comes after the anchors, from the document text
    assert "www.onlinesbi.sbi" in urls[2:]
    assert len(urls) == len(set(urls))


@pytest.mark.parametrize(
    ("encoding", "body", "expected"),
    [
        (
            "base64",
            b"UGxlYXNlIHBheSB0aGUgcGVuZGluZyBhbW91bnQgb2Yg4oK5NDUsMDAwIHRvZGF5Lg==\n",
            "Please pay the pending amount of ₹45,000 today.",
        ),
        (
            "quoted-printable",
            b"Your refund of =E2=82=B912,500 is waiting. Verify your PAN at https://incom=\n"
            b"etax-refund.example.xyz/verify within 24 hours or the refund will be cancel=\n"
            b"led.\n",
            "Your refund of ₹12,500 is waiting. Verify your PAN at "
            "https://incometax-refund.example.xyz/verify within 24 hours",
        ),
    ],
)
def test_transfer_encoded_bodies_are_decoded(encoding, body, expected):
    raw = (
        b"From: accounts@example.in\nSubject: Payment\nMIME-Version: 1.0\n"
        b"Content-Type: text/plain; charset=utf-8\n"
        b"Content-Transfer-Encoding: " + encoding.encode() + b"\n\n" + body
    )
    doc = parse_email(raw)
    assert expected in doc.text
    assert "malformed_mime" not in doc.flags
    if encoding == "quoted-printable":
        assert "https://incometax-refund.example.xyz/verify" in [link.url for link in doc.links]


@pytest.mark.parametrize(
    ("encoded_subject", "subject"),
    [
        (b"=?koi8-r?B?896j1CDLIM/QzMHUxQ==?=", "Счёт к оплате"),
        (b"=?ISO-2022-JP?B?GyRCQEE1YT1xJE4kKkNOJGkkOxsoQg==?=", "請求書のお知らせ"),
    ],
)
def test_windows_1252_body_and_foreign_charset_subject(encoded_subject, subject):
    raw = (
        b"From: Dr. M\xfcller <mueller@example.de>\nSubject: " + encoded_subject + b"\n"
        b"MIME-Version: 1.0\nContent-Type: text/plain; charset=windows-1252\n"
        b"Content-Transfer-Encoding: 8bit\n\n"
        b"Caf\xe9 r\xe9sum\xe9 \x97 \x93Dr. M\xfcller\x94 na\xefve\n"
    )
    doc = parse_email(raw)
    assert doc.email is not None
    assert doc.email.subject == subject
    assert "Café résumé — “Dr. Müller” naïve" in doc.text
    assert doc.email.from_display == "Dr. Müller"  # raw 8-bit header read with the body's charset
    assert "malformed_mime" not in doc.flags


HINDI = (
    b"From: =?UTF-8?B?4KS44KWN4KSf4KWH4KSf?= <alert@sbi-seva.xyz>\n"
    # encoded words on folded lines: the space between them is not part of the subject
    b"Subject: =?UTF-8?B?4KSk4KWB4KSw4KSC4KSkIOCkp+CljeCkr+CkvuCkqCDgpKbgpYfgpII6IA==?=\n"
    b" =?UTF-8?B?4KSG4KSq4KSV4KS+IOCkrOCliOCkguCklSDgpJbgpL7gpKTgpL4=?=\n"
    b"\t=?UTF-8?B?IOCkrOCkguCkpiDgpLngpYsg4KSc4KS+4KSP4KSX4KS+?=\n"
    b"MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
    b"Content-Transfer-Encoding: base64\n\n"
    b"4KSq4KWN4KSw4KS/4KSvIOCkl+CljeCksOCkvuCkueCklSwg4KSG4KSq4KSV4KS+IOCkleClh+CkteCkvuCkiOCkuOCl\n"
    b"gCDgpIXgpKfgpYLgpLDgpL4g4KS54KWI4KWkIOCkheCkquCkqOCkviDgpJbgpL7gpKTgpL4g4KSa4KS+4KSy4KWCIOCk\n"
    b"sOCkluCkqOClhyDgpJXgpYcg4KSy4KS/4KSPIOCkhuCknCDgpLngpYAg4KSy4KS/4KSC4KSVIOCkquCksCDgpJzgpL7g\n"
    b"pJXgpLAg4KS14KS/4KS14KSw4KSjIOCkreCksOClh+CkguClpA==\n"
)


def test_rfc2047_hindi_subject_is_decoded_and_language_is_hindi():
    doc = parse_email(HINDI)
    assert doc.email is not None
    assert doc.email.subject == "तुरंत ध्यान दें: आपका बैंक खाता बंद हो जाएगा"
    assert doc.email.from_display == "स्टेट"
    assert "केवाईसी अधूरा है" in doc.text
    assert doc.language is Language.HI


# ---------------------------------------------------------------------------
# Headers as evidence

AUTH = b"""Authentication-Results: mx.sharmaclinic.in; spf=fail (sender IP is 203.0.113.9)
 smtp.mailfrom=sbi.co.in; dkim=none (message not signed) header.d=none;
 dmarc=fail action=quarantine header.from=sbi.co.in
Authentication-Results: relay.example.net; spf=pass smtp.mailfrom=sbi.co.in; dkim=pass
Received-SPF: pass (relay.example.net: domain of sbi.co.in designates 203.0.113.9)
Return-Path: <bounce@mailer-7.ru>
From: "State Bank of India" <alerts@sbi.co.in>
Reply-To: "SBI Support" <sbi.kyc.desk@gmail.com>
To: Dr. Rao <rao@raoclinic.in>
Subject: Re-verify your account

Call us back today.
"""


def test_topmost_authentication_results_and_sender_addresses():
    doc = parse_email(AUTH)
    assert doc.email is not None
    assert doc.email.auth == {"spf": "fail", "dkim": "none", "dmarc": "fail"}
    assert doc.email.from_display == "State Bank of India"
    assert doc.email.from_address == "alerts@sbi.co.in"
    assert doc.email.reply_to == "sbi.kyc.desk@gmail.com"
    assert doc.email.reply_to != doc.email.from_address
    assert doc.email.return_path == "bounce@mailer-7.ru"
    assert doc.email.to == "Dr. Rao <rao@raoclinic.in>"


@pytest.mark.parametrize(
    ("headers", "auth"),
    [
        (
            b"Authentication-Results: mx.in; dkim=pass header.d=hdfcbank.com\n"
            b"Received-SPF: softfail (mx.in: transitioning domain) client-ip=198.51.100.7\n",
            {"dkim": "pass", "spf": "softfail"},
        ),
        (b"Received-SPF: Fail (mx.in: domain does not designate)\n", {"spf": "fail"}),
        (b"Authentication-Results: mx.in; none\n", {}),
        (b"", {}),
    ],
)
def test_received_spf_fills_in_when_authentication_results_has_no_spf(headers, auth):
    doc = parse_email(headers + b"From: a@hdfcbank.com\nSubject: Statement\n\nHello\n")
    assert doc.email is not None
    assert doc.email.auth == auth


def test_a_broken_from_is_kept_whole_as_evidence():
    doc = parse_email(b"From: Income Tax Department, Refund Cell\nSubject: Refund\n\nClaim now\n")
    assert doc.email is not None
    assert doc.email.from_display == "Income Tax Department, Refund Cell"
    assert doc.email.from_address == ""


# ---------------------------------------------------------------------------
# Attachments


def _zip_with(*names: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            archive.writestr(name, b"MZ" + b"\x00" * 200)
    return buf.getvalue()


ATTACHMENTS = b"""From: billing@medsupply-invoices.com
To: accounts@clinic.in
Subject: Overdue invoice
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="mix"

--mix
Content-Type: text/plain; charset=us-ascii

Please find the overdue invoice attached. Pay today to avoid suspension.

--mix
Content-Type: application/pdf; name="invoice.pdf"
Content-Disposition: attachment; filename="invoice.pdf"
Content-Transfer-Encoding: base64

JVBERi0xLjQKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyA+PgplbmRvYmoKdHJhaWxlcgo8PCAvUm9vdCAxIDAgUiA+PgolJUVPRgo=
--mix
Content-Type: application/octet-stream; name="setup.exe"
Content-Disposition: attachment; filename="setup.exe"
Content-Transfer-Encoding: base64

TVqQAAMAAAAEAAAA//8AAFRoaXMgcHJvZ3JhbSBjYW5ub3QgYmUgcnVuIGluIERPUyBtb2RlLg==
--mix
Content-Type: application/zip; name="documents.zip"
Content-Disposition: attachment; filename="documents.zip"
Content-Transfer-Encoding: base64

UEsDBBQAAAAIAPuLeV0mLg56BwAAAMoAAAAPAAAAaW52b2ljZS5wZGYuZXhl841iGCYAAFBLAwQU
AAAACAD7i3ld+d4zjSYAAAAnAAAACgAAAHJlYWRtZS50eHTzL0jNUyjJSFXIzCvLz0xOVSjJVyhO
TQULJebml+aVKKSUpuoBAFBLAQIUAxQAAAAIAPuLeV0mLg56BwAAAMoAAAAPAAAAAAAAAAAAAACA
AQAAAABpbnZvaWNlLnBkZi5leGVQSwECFAMUAAAACAD7i3ld+d4zjSYAAAAnAAAACgAAAAAAAAAA
AAAAgAE0AAAAcmVhZG1lLnR4dFBLBQYAAAAAAgACAHUAAACCAAAAAAA=
--mix
Content-Type: application/pdf
Content-Disposition: attachment; filename*=UTF-8''%E0%A4%B0%E0%A4%B8%E0%A5%80%E0%A4%A6.pdf

%PDF-1.4
--mix
Content-Type: image/png; name="=?UTF-8?B?4KSs4KS/4KSyX+CkruCkvuCksOCljeCkmi5wZGY=?="
Content-Disposition: inline; filename="=?UTF-8?B?4KSs4KS/4KSyX+CkruCkvuCksOCljeCkmi5wZGY=?="
Content-ID: <logo>

PNG
--mix--
"""


def test_attachments_are_listed_with_sizes_and_zip_members_one_level_down():
    doc = parse_email(ATTACHMENTS)
    found = _by_filename(doc)
    assert found["invoice.pdf"] == ("application/pdf", 77, 0)  # decoded size, not base64
    assert found["setup.exe"] == ("application/octet-stream", 55, 0)
    assert found["documents.zip"][0] == "application/zip"
    assert found["documents.zip"][1:] == (269, 0)
    assert found["invoice.pdf.exe"] == ("application/octet-stream", 202, 1)
    assert found["readme.txt"] == ("text/plain", 39, 1)
    assert found["रसीद.pdf"][0] == "application/pdf"  # RFC 2231 filename
    assert found["बिल_मार्च.pdf"][0] == "image/png"  # RFC 2047 filename on an inline image
    assert "Pay today to avoid suspension." in doc.text
    assert "JVBERi0" not in doc.text  # attachments are not body text
    assert "malformed_mime" not in doc.flags


def test_zip_members_are_bounded_and_damaged_zips_are_only_listed():
    many = base64.encodebytes(_zip_with(*(f"scan{i:03}.js" for i in range(250))))
    broken = base64.encodebytes(b"PK\x03\x04 this is not really an archive")
    raw = (
        b"From: a@b.in\nSubject: scans\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\nsee\n'
        b"--b\nContent-Type: application/zip; name=scans.zip\nContent-Transfer-Encoding: base64\n\n"
        + many
        + b"--b\nContent-Type: application/zip; name=broken.zip\n"
        b"Content-Transfer-Encoding: base64\n\n" + broken + b"--b--\n"
    )
    doc = parse_email(raw)
    members = [a for a in doc.attachments if a.depth == 1]
    assert len(members) == 200
    assert "truncated" in doc.flags
    assert "broken.zip" in _by_filename(doc)


FORWARD = b"""From: Reception <reception@sharmaclinic.in>
To: it-help@sharmaclinic.in
Subject: Fwd: Your SBI account will be blocked today
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="fwd"

--fwd
Content-Type: text/plain

Is this genuine? Received this morning.

--fwd
Content-Type: message/rfc822

Authentication-Results: mx.sharmaclinic.in; spf=fail smtp.mailfrom=sbi-alerts.top
From: "SBI Alerts" <noreply@sbi-alerts.top>
To: reception@sharmaclinic.in
Subject: Your SBI account will be blocked today
Content-Type: text/html; charset=utf-8

<p>Dear customer, complete your KYC at
<a href="http://sbi-alerts.top/kyc">https://onlinesbi.sbi/kyc</a> or your account is blocked.</p>
--fwd--
"""


def test_forwarded_phishing_is_scored_as_the_original_message():
    doc = parse_email(FORWARD)
    assert doc.email is not None
    assert doc.email.forwarded is True
    assert "forwarded" in doc.flags
    assert doc.email.from_address == "noreply@sbi-alerts.top"
    assert doc.email.from_display == "SBI Alerts"
    assert doc.email.subject == "Your SBI account will be blocked today"
    assert doc.email.auth == {"spf": "fail"}
    assert "Is this genuine?" not in doc.text
    assert doc.links[0].url == "http://sbi-alerts.top/kyc"
    assert doc.links[0].text == "https://onlinesbi.sbi/kyc"


def test_an_attached_message_in_a_long_mail_stays_an_attachment():
    report = b"Monthly compliance report. " * 100  # > 2,000 characters: not a forwarding wrapper
    raw = FORWARD.replace(b"Subject: Fwd: Your SBI", b"Subject: Report; see Your SBI").replace(
        b"Is this genuine? Received this morning.", report
    )
    doc = parse_email(raw)
    assert doc.email is not None
    assert doc.email.forwarded is False
    assert doc.email.from_address == "reception@sharmaclinic.in"
    assert _by_filename(doc)["forwarded.eml"][0] == "message/rfc822"


def _nested_forward(levels: int) -> bytes:
    raw = b"From: scam@lottery-kbc.xyz\nSubject: You won 25 lakh\n\nSend the fee to claim.\n"
    for i in range(levels):
        raw = (
            b"From: staff%d@clinic.in\nSubject: Fwd: see below\nMIME-Version: 1.0\n"
            b'Content-Type: multipart/mixed; boundary="l%d"\n\n--l%d\nContent-Type: text/plain\n\n'
            b"FYI\n--l%d\nContent-Type: message/rfc822\n\n" % (i, i, i, i) + raw + b"--l%d--\n" % i
        )
    return raw


def test_nested_forwards_stop_at_the_depth_limit_without_crashing():
    doc = parse_email(_nested_forward(6))
    assert "depth_limit" in doc.flags
    assert "forwarded" in doc.flags
    assert doc.email is not None
    assert doc.email.from_address == "staff2@clinic.in"  # level 3 of 6 wrappers (max depth 3)
    assert "forwarded.eml" in _by_filename(doc)


def test_nested_forwards_within_the_limit_reach_the_original():
    doc = parse_email(_nested_forward(3))
    assert doc.email is not None
    assert doc.email.from_address == "scam@lottery-kbc.xyz"
    assert "depth_limit" not in doc.flags


# ---------------------------------------------------------------------------
# Malformed input: flagged, never a crash

MISSING_CLOSE = b"""From: a@b.in
Subject: Broken
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="never-closed"

--never-closed
Content-Type: text/plain

Your parcel is held at customs. Pay the duty today.
"""

GARBAGE_BASE64 = b"""From: a@b.in
Subject: Garbage
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

VGhpcyBpcyB0aGUgbGluazogaHR0cDovL3BhcmNlbC1mZWUueHl6!!!$$$***
"""

UNKNOWN_CHARSET = b"""From: a@b.in
Subject: =?x-foo?Q?Refund_ready?=
Content-Type: text/plain; charset="x-foo"

Your electricity will be disconnected tonight at 9.30 pm.
"""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (MISSING_CLOSE, "Your parcel is held at customs."),
        (GARBAGE_BASE64, "This is the link"),
        (UNKNOWN_CHARSET, "Your electricity will be disconnected"),
        (b"Content-Type: multipart/mixed\n\nno boundary at all, still text\n", "still text"),
        (b"Subject: =?utf-8?B?###?= half\n\nbody text here\n", "body text here"),
    ],
    ids=["missing-close-boundary", "garbage-base64", "unknown-charset", "no-boundary", "bad-2047"],
)
def test_malformed_mime_is_flagged_and_still_yields_text(raw, expected):
    doc = parse_email(raw)
    assert "malformed_mime" in doc.flags
    assert expected in doc.text


def test_unknown_charset_subject_falls_back_to_readable_text():
    doc = parse_email(UNKNOWN_CHARSET)
    assert doc.email is not None
    assert doc.email.subject == "Refund ready"


@pytest.mark.parametrize(
    "raw",
    [
        b"Hello doctor, please send the OTP you just received to 98765 43210.",
        b"\x00\x01\x02\xff\xfe\x89PNG\r\n\x1a\n" * 50,
        "नमस्ते डॉक्टर साहब, आपका पार्सल कस्टम में रुका है".encode(),
        b"From: \nSubject:\nContent-Type: \n\n",
        b":::\n\n",
    ],
    ids=["sms-text", "binary", "hindi-text", "empty-headers", "colons"],
)
def test_text_that_is_not_an_email_does_not_raise(raw):
    doc = parse_email(raw)
    assert doc.channel is Channel.EMAIL
    assert doc.email is not None


def test_not_an_email_keeps_its_text():
    doc = parse_email(b"Hello doctor, please send the OTP you just received to 98765 43210.")
    assert "send the OTP" in doc.text


def test_deeply_nested_multipart_does_not_crash():
    raw = b"Subject: nest\n"
    for i in range(3000):
        raw += b'Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n' % (i, i)
    raw += b"Content-Type: text/plain\n\ninnermost text\n"
    doc = parse_email(raw)
    assert "malformed_mime" in doc.flags
    assert doc.email is not None
    assert doc.email.subject == "nest"


@pytest.mark.parametrize("raw", [b"", b"   \r\n\t\n", "", "  \n"])
def test_empty_input_is_invalid(raw):
    with pytest.raises(InvalidInput, match="empty email"):
        parse_email(raw)


@pytest.mark.parametrize("raw", [b"Subject: big\n\n" + b"x" * 2000, "Subject: big\n\n" + "₹" * 400])
def test_input_over_the_byte_limit_is_too_large(raw):
    with pytest.raises(InputTooLarge, match="1,000 bytes"):
        parse_email(raw, limits=Limits(max_email_bytes=1000))


def test_more_parts_than_the_limit_is_truncated():
    parts = b"".join(
        b"--p\nContent-Type: application/pdf; name=f%d.pdf\n\n%%PDF\n" % i for i in range(12)
    )
    raw = (
        b"From: a@b.in\nSubject: many\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/mixed; boundary="p"\n\n'
        b"--p\nContent-Type: text/plain\n\nsee attached\n" + parts + b"--p--\n"
    )
    assert "truncated" not in parse_email(raw).flags
    doc = parse_email(raw, limits=Limits(max_mime_parts=5))
    assert "truncated" in doc.flags
    assert len(doc.attachments) == 3  # the container and the text part used 2 of the 5
    assert doc.skipped == {"parts": 9}  # 14 parts, 5 read
    assert "see attached" in doc.text


def test_body_over_the_character_limit_is_truncated():
    raw = b"From: a@b.in\nSubject: long\n\n" + b"word " * 2000
    doc = parse_email(raw, limits=Limits(max_body_chars=1000))
    assert "truncated" in doc.flags
    assert len(doc.text) <= len("long\n\n") + 1000
    assert doc.skipped["chars"] >= 10_000 - 1000


@pytest.mark.parametrize(
    ("html", "text", "links"),
    [
        (
            '<a href="http://paypa1-login.ru/x">Pay<b>Pal</b>\n  <i>login</i></a>',
            "PayPal login",
            [("http://paypa1-login.ru/x", "PayPal login")],
        ),
        ("<p>one</p><p>two<br>three</p><ul><li>four</li></ul>", "one\ntwo\nthree\n\nfour", []),
        ("<table><tr><td>Amount</td><td>₹9,999</td></tr></table>", "Amount ₹9,999", []),
        ("plain &amp; simple", "plain & simple", []),
        (
            '<map><area href="http://sbi-verify.top/" alt="Verify now"></map><img usemap="#m">',
            "",
            [("http://sbi-verify.top/", "Verify now")],
        ),
        ("", "", []),
    ],
    ids=["inline-tags", "blocks", "table", "entities", "image-map", "empty"],
)
def test_html_to_text_renders_lines_and_anchor_text(html, text, links):
    got_text, got_links = html_to_text(html)
    assert got_text == text
    assert [(link.url, link.text) for link in got_links] == links


def test_links_in_an_attached_html_page_are_collected():
    raw = b"""From: hr@payroll-update.top
Subject: Salary revision letter
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="h"

--h
Content-Type: text/plain

Open the attached letter and sign in to view it.
--h
Content-Type: application/octet-stream; name="Salary_Letter.html"
Content-Disposition: attachment; filename="Salary_Letter.html"

<html><body><form action="http://payroll-update.top/collect.php"><input name=pw></form>
<a href="http://payroll-update.top/office365">Sign in with Microsoft</a></body></html>
--h--
"""
    doc = parse_email(raw)
    assert ("http://payroll-update.top/office365", "Sign in with Microsoft") in [
        (link.url, link.text) for link in doc.links
    ]
    assert "Sign in with Microsoft" not in doc.text  # an attachment's text is not the body
    assert _by_filename(doc)["Salary_Letter.html"][0] == "application/octet-stream"


@pytest.mark.parametrize(
    ("filename", "ctype", "members"),
    [
        ("scan.pdf", "application/octet-stream", 1),  # a ZIP renamed to look like a PDF
        ("Payment_Advice.docx", "application/octet-stream", 0),  # a document: ZIP inside
        ("SBI_KYC_Update.apk", "application/vnd.android.package-archive", 0),
    ],
)
def test_zip_magic_is_opened_unless_the_file_is_a_zip_based_document(filename, ctype, members):
    data = base64.encodebytes(_zip_with("[Content_Types].xml" if members == 0 else "run.exe"))
    raw = (
        b"From: a@b.in\nSubject: file\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/mixed; boundary="z"\n\n--z\nContent-Type: text/plain\n\nsee\n'
        b"--z\nContent-Type: "
        + ctype.encode()
        + b'\nContent-Disposition: attachment; filename="'
        + filename.encode()
        + b'"\nContent-Transfer-Encoding: base64\n\n'
        + data
        + b"--z--\n"
    )
    doc = parse_email(raw)
    assert _by_filename(doc)[filename][0] == ctype
    assert len([a for a in doc.attachments if a.depth == 1]) == members
