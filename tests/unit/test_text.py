"""Short-text ingest: cleaning, links, scripts, language, speaker turns, choosing the channel."""

from __future__ import annotations

import pytest

from fraudguard.config import Limits
from fraudguard.errors import InputTooLarge, InvalidInput
from fraudguard.ingest import detect_channel, parse
from fraudguard.ingest.text import (
    clean_text,
    detect_language,
    find_links,
    fold_confusables,
    has_mixed_script,
    parse_text,
    refang,
    split_turns,
)
from fraudguard.schemas import Channel, Language, Turn


def _urls(text: str) -> list[str]:
    return [link.url for link in find_links(text)]


# ---------------------------------------------------------------------------
# clean_text: invisible characters


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        pytest.param(
            "Update your K\u200bY\u200bC today", "Update your KYC today", id="zwsp-in-kyc"
        ),
        pytest.param("S\u200b\u200bB\u2060I alert", "SBI alert", id="run-of-invisibles"),
        pytest.param("K\u200dYC pending", "KYC pending", id="zwj-between-latin"),
        pytest.param("Pay\u00adtm wallet", "Paytm wallet", id="soft-hyphen"),
        pytest.param("sbi\u200b.co.in", "sbi.co.in", id="zwsp-before-dot-in-domain"),
        pytest.param("Open Invoice\u202efdp.exe", "Open Invoicefdp.exe", id="bidi-override"),
        pytest.param("आपका खा\u200bता बंद", "आपका खाता बंद", id="zwsp-in-devanagari"),
    ],
)
def test_invisible_characters_inside_words_are_removed_and_flagged(raw: str, cleaned: str) -> None:
    text, flags = clean_text(raw)
    assert text == cleaned
    assert "zero_width" in flags


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("क्\u200dष", id="zwj-half-form"),
        pytest.param("स्\u200cकूल में आज छुट्टी है", id="zwnj-devanagari"),
        pytest.param("डॉक्\u200dटर साहब, रिपोर्ट तैयार है", id="zwj-in-sentence"),
    ],
)
def test_joiners_inside_devanagari_are_kept_and_not_flagged(raw: str) -> None:
    text, flags = clean_text(raw)
    assert text == raw
    assert "zero_width" not in flags


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        pytest.param("\ufeffYour report is ready", "Your report is ready", id="leading-bom"),
        pytest.param(
            "\u200e[12/03/24, 10:15 am] Clinic: OPD closed today",
            "[12/03/24, 10:15 am] Clinic: OPD closed today",
            id="whatsapp-export-lrm",
        ),
        pytest.param("See you at 5 \u200b", "See you at 5 ", id="trailing-zwsp"),
    ],
)
def test_invisible_characters_outside_words_are_removed_without_a_flag(
    raw: str, cleaned: str
) -> None:
    text, flags = clean_text(raw)
    assert text == cleaned
    assert "zero_width" not in flags


def test_line_endings_are_normalised() -> None:
    text, flags = clean_text("Dear Doctor,\r\nyour slot is 10 am.\rThanks")
    assert text == "Dear Doctor,\nyour slot is 10 am.\nThanks"
    assert flags == set()


# ---------------------------------------------------------------------------
# Defanged indicators


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("hxxp://sbi-kyc.in.net/login", "http://sbi-kyc.in.net/login", id="hxxp"),
        pytest.param("HXXPS://evil.example/x", "https://evil.example/x", id="hxxps-upper"),
        pytest.param("h[tt]ps://evil.example/x", "https://evil.example/x", id="h-tt-p"),
        pytest.param("example[.]com", "example.com", id="brackets-dot"),
        pytest.param("example [.] com", "example.com", id="brackets-dot-spaced"),
        pytest.param("evil(dot)example(dot)com", "evil.example.com", id="paren-dot-word"),
        pytest.param("evil[dot]example(.)com", "evil.example.com", id="mixed-dots"),
        pytest.param("evil{.}example", "evil.example", id="braces-dot"),
        pytest.param("hxxps[:]//evil[.]com/x", "https://evil.com/x", id="colon-brackets"),
        pytest.param("kyc-help[at]mail[.]com", "kyc-help@mail.com", id="at-word"),
    ],
)
def test_refang_undoes_defanging(raw: str, expected: str) -> None:
    assert refang(raw) == expected


def test_refang_leaves_ordinary_text_alone() -> None:
    text = "Dr. Mehta (dentist) [room 4] will see you at 10 a.m."
    assert refang(text) == text


@pytest.mark.parametrize(
    ("raw", "url"),
    [
        pytest.param(
            "Update KYC: hxxps://sbi-kyc[.]in.net/verify", "https://sbi-kyc.in.net/verify"
        ),
        pytest.param("open hxxp://evil(dot)example(dot)com/a now", "http://evil.example.com/a"),
        pytest.param("visit hxxps[:]//nmc-renewal[.]top", "https://nmc-renewal.top"),
        pytest.param("report at example[.]com today", "example.com"),
    ],
)
def test_defanged_links_are_refanged_flagged_and_found(raw: str, url: str) -> None:
    text, flags = clean_text(raw)
    assert "defanged" in flags
    assert url in _urls(text)


# ---------------------------------------------------------------------------
# Finding links


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Dear customer your A/c is blocked, update at https://sbi-kyc.top/login now",
            ["https://sbi-kyc.top/login"],
            id="scheme-url",
        ),
        pytest.param("Update KYC at sbi-kyc.in.net today", ["sbi-kyc.in.net"], id="bare-in-net"),
        pytest.param("Track: bit.ly/abc", ["bit.ly/abc"], id="bare-shortener-with-path"),
        pytest.param("Visit www.hdfcbank.com.", ["www.hdfcbank.com"], id="www-trailing-dot"),
        pytest.param("See WWW.SBI.CO.IN for details", ["WWW.SBI.CO.IN"], id="upper-case-www"),
        pytest.param("Order on Amazon.in today", ["Amazon.in"], id="capitalised-brand-domain"),
        pytest.param("Go to SBI-KYC.ONLINE now", ["SBI-KYC.ONLINE"], id="upper-hyphenated"),
        pytest.param(
            "Pay here upi://pay?pa=refund.desk@ybl&pn=SBI%20Refund&am=4999&cu=INR",
            ["upi://pay?pa=refund.desk@ybl&pn=SBI%20Refund&am=4999&cu=INR"],
            id="upi-deep-link-whole",
        ),
        pytest.param(
            "upi://pay?pa=ramesh.k@okaxis&am=10, then call me",
            ["upi://pay?pa=ramesh.k@okaxis&am=10"],
            id="upi-trailing-comma",
        ),
        pytest.param(
            "(see https://example.com/wiki/Fever_(disease))",
            ["https://example.com/wiki/Fever_(disease)"],
            id="balanced-parenthesis-kept",
        ),
        pytest.param(
            "link: https://x-claim.xyz/a).", ["https://x-claim.xyz/a"], id="closing-paren-and-dot"
        ),
        pytest.param(
            "यहाँ क्लिक करें https://sbi-kyc.in.net/a।",
            ["https://sbi-kyc.in.net/a"],
            id="hindi-danda",
        ),
        pytest.param("अपडेट करें sbi-kyc.in.net।", ["sbi-kyc.in.net"], id="bare-with-danda"),
        pytest.param("*https://sbi-reward.top/claim*", ["https://sbi-reward.top/claim"], id="bold"),
        pytest.param('Click "https://evil.example/x"', ["https://evil.example/x"], id="quoted"),
        pytest.param("“https://evil.example/x”", ["https://evil.example/x"], id="curly-quoted"),
        pytest.param(
            "Login https://a.example/x and again https://a.example/x",
            ["https://a.example/x"],
            id="duplicates-once",
        ),
        pytest.param(
            "http://192.168.10.5/kyc and paytm-kyc.co.in",
            ["http://192.168.10.5/kyc", "paytm-kyc.co.in"],
            id="two-links-in-order",
        ),
    ],
)
def test_links_are_found_whole(text: str, expected: list[str]) -> None:
    assert _urls(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Dr.Sharma will see you now", id="doctor-title"),
        pytest.param("Dr. Sharma's clinic opens at 10 a.m. and closes at 8 p.m.", id="am-pm"),
        pytest.param("Consultation Rs.500 only", id="rupees"),
        pytest.param("Please update the app to v1.2 or version 2.0.1", id="versions"),
        pytest.param("Write to rs.sharma@clinic.in or care.in@gmail.com", id="email-addresses"),
        pytest.param("Mail dr.rahul.com@gmail.com", id="email-local-part-looks-like-domain"),
        pytest.param("Your account is blocked.Click here", id="missing-space-title-case"),
        pytest.param("YOUR A/C IS BLOCKED.CLICK HERE", id="missing-space-all-caps"),
        pytest.param("Ward No.1, St.Mary Hospital, Dt.12.03.2024", id="abbreviations"),
        pytest.param("Tablets e.g. paracetamol, i.e. PCM", id="eg-ie"),
        pytest.param("Sent report.pdf and scan.jpg", id="file-names"),
        pytest.param("ok.so what time", id="rare-suffix-word"),
        pytest.param("S.B.I. account holders", id="dotted-acronym"),
    ],
)
def test_words_with_dots_are_not_links(text: str) -> None:
    assert _urls(text) == []


# ---------------------------------------------------------------------------
# Look-alike letters


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        pytest.param("ЅВI Bank alert", "SBI Bank alert", id="all-cyrillic-sbi"),
        pytest.param("Pаytm wallet blocked", "Paytm wallet blocked", id="cyrillic-a-in-paytm"),
        pytest.param("НDFC Bank", "HDFC Bank", id="cyrillic-en"),
        pytest.param("ICICΙ login", "ICICI login", id="greek-iota"),
    ],
)
def test_cyrillic_lookalikes_are_flagged_and_folded(text: str, folded: str) -> None:
    assert has_mixed_script(text)
    assert fold_confusables(text) == folded
    _, flags = clean_text(text)
    assert "mixed_script" in flags


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("SBI Bank alert", id="latin"),
        pytest.param("आपका खाता बंद हो जाएगा", id="devanagari"),
        pytest.param("Москва", id="russian-word"),
        pytest.param("", id="empty"),
    ],
)
def test_single_script_text_is_not_mixed(text: str) -> None:
    assert not has_mixed_script(text)


# ---------------------------------------------------------------------------
# Language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        pytest.param(
            "Dear customer, your account will be blocked today. Update KYC at the link below.",
            Language.EN,
            id="english",
        ),
        pytest.param(
            "प्रिय ग्राहक, आपका खाता आज बंद कर दिया जाएगा। कृपया केवाईसी अपडेट करें।",
            Language.HI,
            id="hindi",
        ),
        pytest.param(
            "Sir aapka account block ho jayega, turant KYC update karein",
            Language.HINGLISH,
            id="hinglish-kyc",
        ),
        pytest.param(
            "Doctor sahab, aapki clinic ka bijli connection aaj raat kat jayega",
            Language.HINGLISH,
            id="hinglish-bijli",
        ),
        pytest.param("OTP batao sir jaldi", Language.HINGLISH, id="hinglish-short"),
        pytest.param(
            "Your appointment with Dr. Mehta is confirmed for 10 am. Dhanyavaad",
            Language.EN,
            id="english-one-hindi-word",
        ),
        pytest.param(
            "Your report is ready for collection tomorrow morning, धन्यवाद",
            Language.EN,
            id="english-one-devanagari-word",
        ),
        pytest.param(
            "आपका KYC pending है, तुरंत update करें, otherwise account block होगा",
            Language.HI,
            id="hindi-with-english-terms",
        ),
        pytest.param(
            "आपके SBI account का KYC update करें: "
            "https://sbi-kyc.in.net/verify-now-please-login-to-continue",
            Language.HI,
            id="hindi-with-long-url",
        ),
        pytest.param("Is the report ready? Ho gaya?", Language.EN, id="one-hinglish-word"),
        pytest.param("", Language.EN, id="empty"),
        pytest.param("482913", Language.EN, id="digits"),
    ],
)
def test_detect_language(text: str, language: Language) -> None:
    assert detect_language(text) is language


# ---------------------------------------------------------------------------
# Call transcripts


@pytest.mark.parametrize(
    ("text", "turns"),
    [
        pytest.param(
            "Caller: Hello, I am calling from TRAI.\nDoctor: Yes?\n"
            "Caller: Your number will be blocked\nin two hours.\nडॉक्टर: क्या?",
            [
                Turn("Caller", "Hello, I am calling from TRAI."),
                Turn("Doctor", "Yes?"),
                Turn("Caller", "Your number will be blocked in two hours."),
                Turn("डॉक्टर", "क्या?"),
            ],
            id="labels-and-continuation",
        ),
        pytest.param(
            "Caller: open this link\nhttps://x\nDoctor: ok",
            [Turn("Caller", "open this link https://x"), Turn("Doctor", "ok")],
            id="url-line-is-not-a-speaker",
        ),
        pytest.param(
            "Caller: visit hxxp://x.example\nDoctor: ok",
            [Turn("Caller", "visit hxxp://x.example"), Turn("Doctor", "ok")],
            id="url-inside-turn",
        ),
        pytest.param(
            "[Caller]: Sir, customs se bol raha hoon\n(Doctor): haan boliye",
            [Turn("Caller", "Sir, customs se bol raha hoon"), Turn("Doctor", "haan boliye")],
            id="bracketed-labels",
        ),
        pytest.param(
            "Officer Sharma (CBI): stay on the call\nDr. Mehta: ok",
            [Turn("Officer Sharma (CBI)", "stay on the call"), Turn("Dr. Mehta", "ok")],
            id="label-with-aside",
        ),
        pytest.param(
            "[00:01] Caller: Hello doctor\n[00:09] Doctor: Who is this?",
            [Turn("Caller", "Hello doctor"), Turn("Doctor", "Who is this?")],
            id="timestamps",
        ),
        pytest.param(
            "Caller: पैसे भेजो\nडॉ. शर्मा: नहीं",
            [Turn("Caller", "पैसे भेजो"), Turn("डॉ. शर्मा", "नहीं")],
            id="devanagari-label-with-dot",
        ),
        pytest.param(
            "Caller: Sir the time is 10:30\nDoctor: ok",
            [Turn("Caller", "Sir the time is 10:30"), Turn("Doctor", "ok")],
            id="colon-in-text",
        ),
        pytest.param(
            "Hello sir this is from FedEx.\nYour parcel is seized.",
            [Turn("", "Hello sir this is from FedEx. Your parcel is seized.")],
            id="unlabelled-is-one-turn",
        ),
        pytest.param(
            "Telecaller: madam, KYC pending hai\nDoctor: kaunsa bank?",
            [Turn("Telecaller", "madam, KYC pending hai"), Turn("Doctor", "kaunsa bank?")],
            id="label-starting-like-a-scheme",
        ),
        pytest.param(
            "Caller: write to us\nmailto:help@kyc-desk.example",
            [Turn("Caller", "write to us mailto:help@kyc-desk.example")],
            id="mailto-line-is-not-a-speaker",
        ),
        pytest.param("\n\n", [], id="blank"),
    ],
)
def test_split_turns(text: str, turns: list[Turn]) -> None:
    assert split_turns(text) == turns


def test_parse_text_builds_a_call_document() -> None:
    raw = "Caller: Sir, aapka number band ho jayega\nDoctor: kyun?\nCaller: K\u200bYC karo bit.ly/x"
    doc = parse_text(raw, Channel.CALL)
    assert doc.channel is Channel.CALL
    assert [t.speaker for t in doc.turns] == ["Caller", "Doctor", "Caller"]
    assert [link.url for link in doc.links] == ["bit.ly/x"]
    assert doc.language is Language.HINGLISH
    assert doc.flags == {"zero_width"}
    assert "KYC" in doc.text


def test_parse_text_sms_has_no_turns() -> None:
    doc = parse_text("Caller: hi\nDoctor: hello", Channel.SMS)
    assert doc.turns == []


# ---------------------------------------------------------------------------
# detect_channel and parse (fraudguard.ingest)

RAW_EMAIL = (
    "From: SBI Alerts <alerts@sbi-secure.top>\n"
    "To: dr.mehta@sunriseclinic.in\n"
    "Subject: KYC pending\n"
    "Date: Mon, 4 Mar 2024 10:00:00 +0530\n"
    "\n"
    "Dear customer, update your KYC at https://sbi-secure.top/kyc\n"
)


@pytest.mark.parametrize(
    ("content", "channel"),
    [
        pytest.param(RAW_EMAIL, Channel.EMAIL, id="rfc822-headers"),
        pytest.param(RAW_EMAIL.encode(), Channel.EMAIL, id="rfc822-bytes"),
        pytest.param(RAW_EMAIL.replace("\n", "\r\n").encode(), Channel.EMAIL, id="crlf-bytes"),
        pytest.param("\n\n" + RAW_EMAIL, Channel.EMAIL, id="email-after-blank-lines"),
        pytest.param(
            "From alerts@sbi-secure.top Mon Mar  4 10:00:00 2024\n" + RAW_EMAIL,
            Channel.EMAIL,
            id="mbox-envelope",
        ),
        pytest.param(
            "Return-Path: <x@bounce.example>\nReceived: from mx.example\n" + RAW_EMAIL,
            Channel.EMAIL,
            id="received-first",
        ),
        pytest.param("https://sbi-kyc.in.net/login", Channel.URL, id="single-link"),
        pytest.param("  sbi-kyc.in.net  ", Channel.URL, id="bare-domain"),
        pytest.param("bit.ly/abc", Channel.URL, id="short-link"),
        pytest.param("hxxps://evil[.]com/x", Channel.URL, id="defanged-link"),
        pytest.param(
            "upi://pay?pa=refund.desk@ybl&pn=Refund&am=5000", Channel.URL, id="upi-deep-link"
        ),
        pytest.param("https://example.com/track?email=a@b.example", Channel.URL, id="at-in-query"),
        pytest.param(
            "Caller: Hello sir, I am from TRAI\nDoctor: Yes tell me\n"
            "Caller: your number will be blocked",
            Channel.CALL,
            id="two-speaker-transcript",
        ),
        pytest.param(
            "Ramesh: Sir payment bhejo\nPriya: kaunsa payment?\nRamesh: refund wala",
            Channel.CALL,
            id="named-speakers-taking-turns",
        ),
        pytest.param("कॉलर: नमस्ते डॉक्टर साहब\nडॉक्टर: कौन?", Channel.CALL, id="devanagari-speakers"),
        pytest.param(
            "Dear customer your SBI account is blocked. Update KYC now", Channel.SMS, id="sms"
        ),
        pytest.param(
            "Dear customer your SBI account is blocked. Update KYC at https://sbi-kyc.in.net/x",
            Channel.SMS,
            id="sms-with-link-and-words",
        ),
        pytest.param(
            "Rs.500 debited from A/c XX1234 on 12-03-24. Not you? Call 1800111109 -SBI",
            Channel.SMS,
            id="debit-alert",
        ),
        pytest.param("Amt: Rs 500\nBal: Rs 10,000\nRef: 4521", Channel.SMS, id="field-lines"),
        pytest.param("Dr.Sharma", Channel.SMS, id="name-with-dot"),
        pytest.param("Rs.500", Channel.SMS, id="amount-with-dot"),
        pytest.param("v1.2", Channel.SMS, id="version"),
        pytest.param("dr.mehta@sunriseclinic.in", Channel.SMS, id="email-address"),
        pytest.param("https://a.example\nhttps://b.example", Channel.SMS, id="two-url-lines"),
        pytest.param(
            "https://www.sbi.co.in@evil.example/login", Channel.URL, id="link-with-userinfo"
        ),
        pytest.param(
            "\ufeffFrom: a@clinic.example\nSubject: hi\n\nbody", Channel.EMAIL, id="email-bom"
        ),
        pytest.param(
            b"\xef\xbb\xbfFrom: a@clinic.example\nSubject: hi\n\nbody",
            Channel.EMAIL,
            id="email-bytes-bom",
        ),
    ],
)
def test_detect_channel(content: str | bytes, channel: Channel) -> None:
    assert detect_channel(content) is channel


@pytest.mark.parametrize("channel", [Channel.SMS, Channel.URL, Channel.CALL, Channel.AUTO])
@pytest.mark.parametrize("content", ["", "   \n\t ", b"", b"  \r\n"], ids=repr)
def test_parse_rejects_empty_content(content: str | bytes, channel: Channel) -> None:
    with pytest.raises(InvalidInput):
        parse(content, channel)


@pytest.mark.parametrize("channel", [Channel.SMS, Channel.WHATSAPP, Channel.URL, Channel.CALL])
def test_parse_rejects_content_over_the_limit(channel: Channel) -> None:
    limits = Limits(max_text_chars=100)
    assert parse("a" * 100, channel, limits=limits).text == "a" * 100
    with pytest.raises(InputTooLarge) as err:
        parse("a" * 101, channel, limits=limits)
    assert "100" in err.value.message


def test_parse_decodes_bytes() -> None:
    doc = parse(b"Sir aapka account block ho jayega, turant KYC update karein", Channel.SMS)
    assert doc.text.startswith("Sir aapka")
    assert doc.language is Language.HINGLISH


def test_parse_decodes_bytes_with_a_byte_order_mark_and_bad_bytes() -> None:
    doc = parse(b"\xef\xbb\xbfKYC pending \xff", Channel.SMS)
    assert doc.text == "KYC pending \ufffd"
    assert "zero_width" not in doc.flags


def test_parse_auto_picks_the_parser() -> None:
    assert parse(RAW_EMAIL, Channel.AUTO).channel is Channel.EMAIL
    assert parse("\n" + RAW_EMAIL, Channel.AUTO).email.subject == "KYC pending"
    assert parse("bit.ly/abc", Channel.AUTO).channel is Channel.URL
    call = parse("Caller: hi doctor\nDoctor: who is this?", Channel.AUTO)
    assert call.channel is Channel.CALL and len(call.turns) == 2
    assert parse("OTP batao sir", Channel.AUTO).channel is Channel.SMS
    bom_email = b"\xef\xbb\xbf\r\n" + RAW_EMAIL.encode()
    assert parse(bom_email, Channel.AUTO).email.subject == "KYC pending"
