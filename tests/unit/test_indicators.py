"""Indicator extraction: what a cyber cell copies out of a scam message, and what it must not."""

from __future__ import annotations

import pytest

from fraudguard import indicators
from fraudguard.indicators import (
    KNOWN_UPI_HANDLES,
    amounts,
    bank_accounts,
    domains,
    emails,
    extract,
    ifsc,
    imitated_domains,
    phones,
    sensitive,
    upi_ids,
    urls,
)
from fraudguard.ingest import parse
from fraudguard.ingest.text import clean_text, find_links
from fraudguard.schemas import Channel, Document, Indicators, Link

# --- factories --------------------------------------------------------------------------------

# Verhoeff tables, written out here so the tests do not check the module against itself.
_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)
_INV = (0, 4, 3, 2, 1, 5, 6, 7, 8, 9)


def check_digit(number: str) -> str:
    c = 0
    for i, ch in enumerate(reversed(number)):
        c = _D[c][_P[(i + 1) % 8][int(ch)]]
    return str(_INV[c])


def aadhaar(first11: str = "23456789012", *, sep: str = " ", valid: bool = True) -> str:
    """A synthetic 12-digit number with a correct (or deliberately wrong) Verhoeff digit."""
    last = check_digit(first11)
    if not valid:
        last = str((int(last) + 1) % 10)
    digits = first11 + last
    return sep.join((digits[:4], digits[4:8], digits[8:]))


def message(raw: str) -> tuple[str, list[Link]]:
    """Text and links as ingest hands them over: re-fanged, links found before anything else."""
    text, _ = clean_text(raw)
    return text, find_links(text)


def email(
    html: str,
    *,
    plain: str = "",
    sender: str = '"SBI Alerts" <alerts@sbi-notice-mail.top>',
    reply_to: str = "",
) -> bytes:
    """A raw RFC 822 message with an HTML body (and a text/plain alternative when given)."""
    headers = [
        f"From: {sender}",
        *([f"Reply-To: {reply_to}"] if reply_to else []),
        "To: dr.mehta@mehta-clinic.in",
        "Subject: Action needed on your account",
        "Date: Tue, 3 Mar 2026 10:00:00 +0530",
        "MIME-Version: 1.0",
    ]
    if not plain:
        body = ["Content-Type: text/html; charset=utf-8", "", html]
    else:
        body = [
            'Content-Type: multipart/alternative; boundary="b1"',
            "",
            "--b1",
            "Content-Type: text/plain; charset=utf-8",
            "",
            plain,
            "--b1",
            "Content-Type: text/html; charset=utf-8",
            "",
            html,
            "--b1--",
        ]
    return "\r\n".join([*headers, *body, ""]).encode()


def indicators_of(doc: Document) -> Indicators:
    """Indicators as assess.build takes them: text, links, and the From / Reply-To addresses."""
    senders = [doc.email.from_address, doc.email.reply_to] if doc.email else []
    return extract(doc.text, doc.links, extra_emails=senders)


def test_check_digit_matches_published_vectors() -> None:
    assert [check_digit(n) for n in ("236", "75872", "12345")] == ["3", "2", "1"]


# --- whole messages ---------------------------------------------------------------------------


def test_kyc_sms_with_defanged_link_and_phone() -> None:
    text, links = message(
        "Dear customer, your SBI a/c KYC expires today. Update at hxxps://sbi-kyc[.]in/update "
        "or call +91 98765 43210 to avoid block. -SBI"
    )
    found = extract(text, links)
    assert found.urls == ["https://sbi-kyc.in/update"]
    assert found.domains == ["sbi-kyc.in"]
    assert found.phones == ["+919876543210"]
    assert found.bank_accounts == [] and found.amounts == []


def test_upi_collect_message_hinglish() -> None:
    text, links = message(
        "Doctor sahab main Army se hoon, 40 jawano ka checkup karwana hai. Advance ke liye ye "
        "collect request accept karo: upi://pay?pa=army.canteen%40ybl&pn=Army%20Canteen&am=4999"
        "&cu=INR ya 9876543210@ybl pe ₹10 bhej do verify ke liye"
    )
    found = extract(text, links)
    assert found.upi_ids == ["army.canteen@ybl", "9876543210@ybl"]
    assert found.urls == ["upi://pay?pa=army.canteen%40ybl&pn=Army%20Canteen&am=4999&cu=INR"]
    assert found.domains == []
    assert found.phones == []  # the number is part of a UPI ID
    assert found.amounts == ["INR 10"]


def test_supplier_bec_mail_with_account_and_ifsc() -> None:
    text, links = message(
        "Dear Sir, due to an audit our bank details have changed. Kindly remit the pending "
        "invoice of INR 2,45,000.00 to our new A/c No. 50100234567890, IFSC: HDFC0001234 "
        "(Andheri branch). Send the UTR to accounts@medsupplies-india.co today.\n"
        "Regards, Rakesh"
    )
    found = extract(text, links, extra_emails=["Rakesh.Billing@MedSupplies-India.co"])
    assert found.bank_accounts == ["50100234567890"]
    assert found.ifsc == ["HDFC0001234"]
    assert found.amounts == ["INR 245000"]
    assert found.emails == ["Rakesh.Billing@medsupplies-india.co", "accounts@medsupplies-india.co"]
    assert found.phones == []


def test_hindi_message_with_devanagari_digits() -> None:
    text, links = message(
        "प्रिय उपभोक्ता, आपका बिजली कनेक्शन आज रात 9.30 बजे काट दिया जाएगा। तुरंत बिजली अधिकारी "
        "से ९८७६५४३२१० पर संपर्क करें और ₹५,००० जमा करें।"
    )
    found = extract(text, links)
    assert found.phones == ["+919876543210"]
    assert found.amounts == ["INR 5000"]


def test_message_without_indicators_is_empty() -> None:
    text, links = message(
        "Thank you for visiting the clinic today. Please take your medicines on time and come "
        "back next week for the follow-up. Get well soon!"
    )
    assert extract(text, links) == Indicators()


def test_lists_are_deduplicated_in_order_of_first_appearance() -> None:
    text = "Call 9123456789 or +91 98765 43210, again 91234 56789. Pay ₹500 or Rs 500 or ₹200."
    found = extract(text, [])
    assert found.phones == ["+919123456789", "+919876543210"]
    assert found.amounts == ["INR 500", "INR 200"]


# --- phones -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Call +91 98765 43210 now", ["+919876543210"]),
        ("Call 098765-43210 now", ["+919876543210"]),
        ("Mob:9876543210.", ["+919876543210"]),
        ("contact no.9876543210 immediately", ["+919876543210"]),
        ("(+91) 98765-43210", ["+919876543210"]),
        ("Call our US desk +1 (202) 555-0143", ["+12025550143"]),
        ("कॉल करें ९८७६५४३२१० पर", ["+919876543210"]),
        ("Toll free 1800-11-4949", ["+911800114949"]),
        ("Call 98765 43210 91234 56789", ["+919876543210", "+919123456789"]),
        ("9876543210 9123456789", ["+919876543210", "+919123456789"]),
        ("+1 (202) 555-0143 1800-11-4949", ["+12025550143", "+911800114949"]),
        ("WhatsApp 919876543210 for refund", ["+919876543210"]),
    ],
)
def test_phones_found_in_e164(text: str, expected: list[str]) -> None:
    assert phones(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Your OTP is 482913. Do not share it with anyone.",
        "OTP: 4829 1307 valid for 10 min",
        "Your one time password is 48291307",
        "आपका ओटीपी 48291307 है, किसी को न बताएं",
        "Verification code 7781 2290 for login",
        "₹1,50,000 credited to your account",
        "Rs 9876543210 debited",
        "Rs.9876543210/- pending",
        "9876543210 rupees transferred",
        "Appointment on 12-05-2024 at 10.30",
        "Date: 12.05.2024",
        "Server 192.168.100.200 is down",
        "UTR 412345678901 received",
        f"Aadhaar {aadhaar()} linked to a parcel",
        f"Aadhaar {aadhaar(sep='')} linked",
        f"Aadhaar {aadhaar(valid=False)} blocked",
        "A/c 9876543210 will be frozen",
        "account number 98765432101 blocked",
        "खाता संख्या 9876543210 बंद",
        "Pay 9876543210@ybl now",
        "Report fraud on 1930, emergency 112, DND 1909, RBI 14448",
        "+91 1930",
        "Invoice INV98765432101 attached",
    ],
)
def test_phones_not_reported(text: str) -> None:
    assert phones(text) == []


# --- amounts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pay ₹1,50,000 today", ["INR 150000"]),
        ("Fee Rs.4999/- only", ["INR 4999"]),
        ("Rs 500 k liye", ["INR 500"]),
        ("Rs: 750", ["INR 750"]),
        ("win 5 lakh now", ["INR 500000"]),
        ("5 lac prize", ["INR 500000"]),
        ("2.5 crore funds frozen", ["INR 25000000"]),
        ("₹2 Cr", ["INR 20000000"]),
        ("INR 10,000.00 refund", ["INR 10000"]),
        ("१०,००० रुपये भेजें", ["INR 10000"]),
        ("₹10k cashback", ["INR 10000"]),
        ("Rs. 1.5L loan", ["INR 150000"]),
        ("500 rupees", ["INR 500"]),
        ("500 rupaye bhejo", ["INR 500"]),
        ("1000 rs bhej do", ["INR 1000"]),
        ("रु. 750 जमा करें", ["INR 750"]),
        ("3 करोड़ का इनाम", ["INR 30000000"]),
        ("3 करोड\u093c का इनाम", ["INR 30000000"]),  # nukta written as a combining mark
        ("2 लाख का लोन", ["INR 200000"]),
        ("4 हज़ार रुपये", ["INR 4000"]),
        ("₹99.50 only", ["INR 99.5"]),
        ("500₹ lagega", ["INR 500"]),
        ("Registration 4999/-", ["INR 4999"]),
        ("Pay ₹ 1,50,000/- and Rs 250", ["INR 150000", "INR 250"]),
    ],
)
def test_amounts_normalised_to_inr(text: str, expected: list[str]) -> None:
    assert amounts(text) == expected


@pytest.mark.parametrize(
    "text",
    ["Drive 5 km", "10k followers", "500 k liye bhejo", "Room 500", "2 hrs left", "Mrs 5 Sharma"],
)
def test_numbers_that_are_not_amounts(text: str) -> None:
    assert amounts(text) == []


# --- bank accounts and IFSC -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A/c No. 50100234567890", ["50100234567890"]),
        ("A/C: 50100234567890", ["50100234567890"]),
        ("Acct: 1234 5678 9012", ["123456789012"]),
        ("account number is 000123456789", ["000123456789"]),
        ("ac no 912010012345678", ["912010012345678"]),
        ("खाता संख्या 123456789012 में", ["123456789012"]),
        ("khata no 987654321012 me bhejo", ["987654321012"]),
        ("A/c 123456789012 9876543210", ["123456789012"]),
        ("A/c 12345", []),
        ("account blocked, call 9876543210", []),
        ("AC repair 9876543210", []),
    ],
)
def test_bank_accounts_after_keywords(text: str, expected: list[str]) -> None:
    assert bank_accounts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("IFSC: SBIN0001234", ["SBIN0001234"]),
        ("ifsc hdfc0abc123", ["HDFC0ABC123"]),
        ("IFSC ABCD1234567", []),  # fifth character must be 0
        ("code SBIN00012345", []),  # too long
    ],
)
def test_ifsc_codes(text: str, expected: list[str]) -> None:
    assert ifsc(text) == expected


# --- Aadhaar and PAN --------------------------------------------------------------------------


@pytest.mark.parametrize("sep", [" ", "-", ""])
def test_valid_aadhaar_is_masked(sep: str) -> None:
    number = aadhaar("87654321098", sep=sep)
    assert sensitive(f"Your Aadhaar {number} is linked to money laundering") == [
        f"aadhaar:XXXX-XXXX-{number[-4:]}"
    ]


@pytest.mark.parametrize(
    "text",
    [
        f"Aadhaar {aadhaar(valid=False)}",  # wrong check digit
        f"Aadhaar {aadhaar('13456789012')}",  # Aadhaar never starts with 0 or 1
        f"Aadhaar {aadhaar()}5",  # part of a longer number
        "PAN ABCXE1234F",  # fourth letter is not a holder type
    ],
)
def test_not_flagged_as_sensitive(text: str) -> None:
    assert sensitive(text) == []


@pytest.mark.parametrize("pan", ["ABCPE1234F", "abcpe1234f"])
def test_pan_is_masked(pan: str) -> None:
    assert sensitive(f"Update PAN {pan} to avoid penalty") == ["pan:XXXXX1234X"]


def test_aadhaar_and_pan_never_leak_into_the_output() -> None:
    number = aadhaar()
    digits = number.replace(" ", "")
    text, links = message(
        f"CBI notice: Aadhaar {number} and PAN ABCPE1234F are linked to a parcel. Verify at "
        f"https://cbi-verify.in/case?uid={digits}&pan=ABCPE1234F or pay to {digits}@ybl."
    )
    found = extract(text, links)
    dumped = found.model_dump_json()
    for secret in (digits, number, digits[:8], "ABCPE1234F", "abcpe1234f"):
        assert secret not in dumped
    assert found.sensitive == [f"aadhaar:XXXX-XXXX-{digits[-4:]}", "pan:XXXXX1234X"]
    assert found.domains == ["cbi-verify.in"]  # the phishing link stays an indicator, masked
    assert found.urls == [f"https://cbi-verify.in/case?uid=XXXXXXXX{digits[-4:]}&pan=XXXXX1234X"]
    assert found.phones == []


# --- e-mail and UPI ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("send to billing@medsupply-invoices.xyz", ["billing@medsupply-invoices.xyz"]),
        ("Reply to Ram.Kumar@Gmail.COM.", ["Ram.Kumar@gmail.com"]),
        ("write to mailto:help@sbi-care.in", ["help@sbi-care.in"]),
        ("bad..dot@example.com", []),
        ("x@test.invalid", []),
        ("login at https://www.sbi.co.in@evil-kyc.in/login", []),
        ("pay ram@okaxis", []),
    ],
)
def test_emails_syntax_only(text: str, expected: list[str]) -> None:
    assert emails(text) == expected


def test_extra_emails_are_validated_and_come_first() -> None:
    assert emails("cc: ops@clinic.in", ["CEO@Clinic-Group.in", "not an address", ""]) == [
        "CEO@clinic-group.in",
        "ops@clinic.in",
    ]


@pytest.mark.parametrize(
    ("text", "upi", "mail"),
    [
        ("ram@okaxis", ["ram@okaxis"], []),
        ("ram@gmail.com", [], ["ram@gmail.com"]),
        ("Pay RAM.K-1@OKAXIS.", ["ram.k-1@okaxis"], []),
        ("shop@paytm or 9876543210@ybl", ["shop@paytm", "9876543210@ybl"], []),
        ("९८७६५४३२१०@ybl पर भेजें", ["9876543210@ybl"], []),
        ("ram@okaxis.com", [], ["ram@okaxis.com"]),
    ],
)
def test_upi_id_versus_email(text: str, upi: list[str], mail: list[str]) -> None:
    assert upi_ids(text) == upi
    assert emails(text) == mail


def test_upi_pa_parameter_is_url_decoded() -> None:
    link = Link(url="upi://pay?pn=Shop&pa=Shop%40Paytm&am=10")
    assert upi_ids("", [link]) == ["shop@paytm"]


def test_known_upi_handles_cover_common_psps() -> None:
    assert {"okaxis", "oksbi", "ybl", "paytm", "ibl", "axl", "upi"} <= KNOWN_UPI_HANDLES
    assert all(h.isalpha() and h.islower() for h in KNOWN_UPI_HANDLES)


# --- URLs and domains -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("www.Example.COM/Path?Q=1", "http://www.example.com/Path?Q=1"),
        ("sbi-kyc.in/update", "http://sbi-kyc.in/update"),
        ("HTTPS://SBI.co.in/Login", "https://sbi.co.in/Login"),
        ("https://xn--pypal-4ve.com/", "https://xn--pypal-4ve.com/"),
        ("https://p\u0430ypal.com/signin", "https://xn--pypal-4ve.com/signin"),  # Cyrillic а
        ("https://straße.de/x", "https://xn--strae-oqa.de/x"),
        ("http://user@Evil.COM:8080/x", "http://user@evil.com:8080/x"),
        ("upi://pay?pa=X@ybl&pn=A%20B", "upi://pay?pa=X@ybl&pn=A%20B"),
    ],
)
def test_urls_normalised(url: str, expected: str) -> None:
    assert urls([Link(url=url)]) == [expected]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://login.onlinesbi.sbi/x", ["onlinesbi.sbi"]),
        ("http://www.sbi.co.in", ["sbi.co.in"]),
        ("http://192.168.1.10/a", ["192.168.1.10"]),
        ("http://[2001:db8::1]:8080/", ["2001:db8::1"]),
        ("https://www.sbi.co.in@evil-kyc.in/login", ["evil-kyc.in"]),
        ("https://p\u0430ypal.com/", ["xn--pypal-4ve.com"]),
        ("upi://pay?pa=shop@paytm", []),
    ],
)
def test_domains(url: str, expected: list[str]) -> None:
    assert domains([Link(url=url)]) == expected


# --- where links really go, not what they show -------------------------------------------------

KYC_PAGE = (
    "<html><body><p>Dear Doctor, your SBI account will be blocked today.</p>"
    '<p>Update your KYC at <a href="http://sbi-secure-login.top/kyc?id=77">www.onlinesbi.sbi</a>'
    " before 6 pm.</p></body></html>"
)


def test_phishing_link_lists_where_it_goes_and_the_sender_not_the_bank_it_shows() -> None:
    doc = parse(email(KYC_PAGE, reply_to="kyc.desk@sbi-help-desk.xyz"), Channel.EMAIL)
    assert "www.onlinesbi.sbi" in doc.text  # what the doctor sees ...
    found = indicators_of(doc)
    # ... but the suspects are the look-alike and the sender's own domains, never SBI's
    assert found.domains == ["sbi-notice-mail.top", "sbi-help-desk.xyz", "sbi-secure-login.top"]
    assert found.urls == ["http://sbi-secure-login.top/kyc?id=77"]
    assert "onlinesbi" not in found.model_dump_json()
    assert found.emails == ["alerts@sbi-notice-mail.top", "kyc.desk@sbi-help-desk.xyz"]
    assert imitated_domains(doc.links) == ["onlinesbi.sbi"]


def test_plain_text_alternative_of_the_anchor_is_not_a_suspect_either() -> None:
    # the text/plain part repeats the shown address; the doctor's client may render either part
    doc = parse(
        email(KYC_PAGE, plain="Update your KYC at www.onlinesbi.sbi before 6 pm."), Channel.EMAIL
    )
    found = indicators_of(doc)
    assert found.domains == ["sbi-notice-mail.top", "sbi-secure-login.top"]
    assert imitated_domains(doc.links) == ["onlinesbi.sbi"]


def test_anchor_text_around_the_shown_address_still_hides_the_real_target() -> None:
    html = (
        '<p><a href="https://bit.ly/3xKyc"><b>Login to www.onlinesbi.sbi now</b></a></p>'
        '<p><a href="https://sbi-secure-login.top/"><img src="logo.png"></a></p>'
    )
    doc = parse(email(html), Channel.EMAIL)
    found = indicators_of(doc)
    # the image link has no text of its own: its href is a suspect like any other
    assert found.domains == ["sbi-notice-mail.top", "bit.ly", "sbi-secure-login.top"]
    assert imitated_domains(doc.links) == ["onlinesbi.sbi"]


def test_a_domain_the_email_writes_on_its_own_is_still_a_suspect() -> None:
    html = KYC_PAGE.replace(
        "</body>", "<p>Or call our desk and quote sbi-kyc-desk.top/ref9 when asked.</p></body>"
    )
    found = indicators_of(parse(email(html), Channel.EMAIL))
    assert "sbi-kyc-desk.top" in found.domains and "http://sbi-kyc-desk.top/ref9" in found.urls
    assert "onlinesbi.sbi" not in found.domains


def test_an_address_written_again_outside_the_link_counts_once_more_than_it_is_shown() -> None:
    # shown once as link text, written once more on its own: the second is the message's word
    text = "Login at www.kyc-verify.top now. Trouble? Type www.kyc-verify.top in your browser."
    links = [
        Link(url="http://sbi-secure-login.top/x", text="www.kyc-verify.top"),
        Link(url="www.kyc-verify.top"),
    ]
    assert extract(text, links).domains == ["sbi-secure-login.top", "kyc-verify.top"]
    shown_only = "Login at www.kyc-verify.top now. Trouble? Call us."
    assert extract(shown_only, links).domains == ["sbi-secure-login.top"]


def test_shown_address_inside_a_longer_one_in_the_text_is_not_written_on_its_own() -> None:
    text = "Login at onlinesbi.sbi now or at https://onlinesbi.sbi.kyc-check.top/a"
    links = [
        Link(url="http://sbi-secure-login.top/x", text="onlinesbi.sbi"),
        *find_links(text),
    ]
    found = extract(text, links)
    assert found.domains == ["sbi-secure-login.top", "kyc-check.top"]


def test_sms_with_a_bare_scam_domain_lists_it() -> None:
    doc = parse(
        "SBI: Your YONO account is blocked. Update PAN at sbi-yono-kyc.top within 24 hrs.",
        Channel.SMS,
    )
    found = indicators_of(doc)
    assert found.domains == ["sbi-yono-kyc.top"]
    assert found.urls == ["http://sbi-yono-kyc.top"]
    assert imitated_domains(doc.links) == []


def test_genuine_email_whose_link_shows_where_it_goes_lists_that_domain_once() -> None:
    html = (
        "<p>Your invoice 4471 for surgical gloves is ready.</p>"
        '<p>Download: <a href="https://www.medline-supplies.in/invoices/4471">'
        "www.medline-supplies.in</a></p>"
    )
    doc = parse(email(html, sender="Medline Billing <billing@medline-supplies.in>"), Channel.EMAIL)
    found = indicators_of(doc)
    assert found.domains == ["medline-supplies.in"]
    assert found.urls == ["https://www.medline-supplies.in/invoices/4471"]
    assert imitated_domains(doc.links) == []


@pytest.mark.parametrize(
    ("sender", "reply_to", "expected"),
    [
        ("alerts@Mail.SBI-Notice.top", "", ["sbi-notice.top"]),
        # a webmail provider is nobody's suspect domain (the address itself is listed)
        ("cbi.officer@gmail.com", "help@cbi-desk.in", ["cbi-desk.in"]),
        ("not an address", "", []),
    ],
)
def test_sender_domains_head_the_domains(sender: str, reply_to: str, expected: list[str]) -> None:
    links = [Link("https://kyc-now.top")]
    found = extract("Visit https://kyc-now.top", links, extra_emails=[sender, reply_to])
    assert found.domains == [*expected, "kyc-now.top"]


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        (
            Link("http://sbi-secure-login.top/x", "https://www.onlinesbi.sbi/login"),
            ["onlinesbi.sbi"],
        ),
        (Link("http://sbi-secure-login.top/x", "SBI.CO.IN"), ["sbi.co.in"]),
        (Link("http://192.168.1.20/x", "www.hdfcbank.com"), ["hdfcbank.com"]),
        (Link("https://login.onlinesbi.sbi/x", "www.onlinesbi.sbi"), []),  # same site
        (Link("http://sbi-secure-login.top/x", "Click here"), []),
        (Link("http://sbi-secure-login.top/x", "Dr.Sharma"), []),  # a name, not an address
        (Link("http://sbi-secure-login.top/x", ""), []),
        (Link("upi://pay?pa=x@ybl", "www.onlinesbi.sbi"), []),  # not a web link
    ],
)
def test_imitated_domains(link: Link, expected: list[str]) -> None:
    assert imitated_domains([link]) == expected


def test_imitated_domains_are_listed_once_in_order() -> None:
    links = [
        Link("http://a-login.top/", "www.onlinesbi.sbi"),
        Link("http://b-login.top/", "www.hdfcbank.com"),
        Link("http://c-login.top/", "onlinesbi.sbi"),
    ]
    assert imitated_domains(links) == ["onlinesbi.sbi", "hdfcbank.com"]
    assert indicators.imitations(links) == [
        ("onlinesbi.sbi", "a-login.top"),
        ("hdfcbank.com", "b-login.top"),
        ("onlinesbi.sbi", "c-login.top"),
    ]


# --- robustness -------------------------------------------------------------------------------

_MB = 1_000_000


@pytest.mark.parametrize(
    "text",
    [
        "a" * _MB,
        "9" * _MB,
        "1 " * (_MB // 2),
        "-1" * (_MB // 2),
        "a@" * (_MB // 2),
        "a." * (_MB // 2) + "@x.com",
        "1," * (_MB // 2),
        "Rs " * (_MB // 3),
        "A/c " * (_MB // 4),
        (
            "Dear Doctor, KYC pending. Call +91 98765 43210 or pay ₹5,000 to ram@okaxis, "
            "A/c 50100234567890 IFSC HDFC0001234 now. "
        )
        * (_MB // 120),
    ],
    ids=[
        "letters",
        "digits",
        "spaced-digits",
        "dashed",
        "at-signs",
        "dots",
        "commas",
        "rs",
        "ac",
        "sms",
    ],
)
def test_huge_text_returns(text: str) -> None:
    # no catastrophic backtracking: this returns (timing is the benchmark's business)
    assert isinstance(extract(text, []), Indicators)


def test_extract_does_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    text, links = message("Mail billing@some-new-supplier.xyz, visit https://some-new-supplier.xyz")
    found = extract(text, links)
    assert found.emails == ["billing@some-new-supplier.xyz"]
    assert indicators.domains(links) == ["some-new-supplier.xyz"]


@pytest.mark.parametrize(
    ("text", "masked", "kept"),
    [
        ("Aadhaar 2341 2341 2346 please", "Aadhaar XXXXXXXXXX2346 please", ""),
        ("आधार २३४१ २३४१ २३४६ भेजें", "आधार XXXXXXXXXX2346 भेजें", ""),
        ("PAN abcpe1234f and call 9812345678", "PAN XXXXX1234X and call 9812345678", "9812345678"),
        ("order 2341 2341 2345 shipped", "order 2341 2341 2345 shipped", "2341 2341 2345"),
    ],
)
def test_redact_masks_aadhaar_and_pan_as_written(text: str, masked: str, kept: str) -> None:
    # the last case fails the Verhoeff check: not an Aadhaar, left alone
    assert indicators.redact(text) == masked
    assert kept in indicators.redact(text)
