"""Feature frames: the text the model sees carries meaning, not corpus marks."""

from __future__ import annotations

import pytest

from fraudguard.features import (
    MESSAGE_NUMERIC,
    MESSAGE_TEXT,
    URL_NUMERIC,
    URL_TEXT,
    message_frame,
    model_text,
    url_frame,
)
from fraudguard.ingest import parse
from fraudguard.schemas import Channel
from fraudguard.signals import SIGNAL_CODES

LIST_FOOTER = (
    "From: a@example.org\nSubject: cvs update\n\nThe patch is in.\n\n"
    "_______________________________________________\nExmh-workers mailing list\n"
    "Exmh-workers@spamassassin.taint.org\n"
    "https://listman.spamassassin.taint.org/mailman/listinfo/exmh-workers\n"
)


def test_mailing_list_footer_and_corpus_hosts_are_scrubbed() -> None:
    text = model_text(parse(LIST_FOOTER, Channel.EMAIL))
    assert "patch" in text
    for mark in ("taint", "mailman", "listinfo", "exmh"):
        assert mark not in text


def test_links_become_tokens_with_their_host_words() -> None:
    text = model_text(parse("Update KYC at https://sbi-kyc-update.top/verify now", Channel.SMS))
    assert "urltok" in text and "kyc" in text and "tldtop" in text
    assert "https" not in text


def test_numbers_and_addresses_are_generalised() -> None:
    doc = parse("Pay Rs 4999 to ramesh.k@okaxis or call +91 98765 43210, OTP 482913", Channel.SMS)
    text = model_text(doc)
    assert "upitok" in text and "phonetok" in text
    assert "4999" not in text and "482913" not in text


def test_lookalike_letters_are_folded_for_the_model() -> None:
    assert "sbi" in model_text(parse("ЅВІ alert: your account is blocked", Channel.SMS))


def test_devanagari_survives() -> None:
    assert "खाता" in model_text(parse("आपका खाता बंद हो जाएगा", Channel.SMS))


def test_message_frame_columns() -> None:
    docs = [parse("hello", Channel.SMS), parse("Caller: hi\nDoctor: yes", Channel.CALL)]
    frame = message_frame(docs)
    assert list(frame.columns) == [*MESSAGE_TEXT, *MESSAGE_NUMERIC]
    assert len(MESSAGE_NUMERIC) == len(SIGNAL_CODES) + 9
    assert frame["chan_call"].tolist() == [0.0, 1.0]


def test_no_column_says_which_language_or_script_a_message_is_in() -> None:
    assert not [c for c in MESSAGE_NUMERIC if c.startswith("lang")]


@pytest.mark.parametrize(
    ("masked", "plain"),
    [
        ("Rs 500 debited from A/c XX1234 on 03-03", "Rs 500 debited from A/c 561234 on 03-03"),
        ("Dear XXXX, your card **9876 is blocked", "Dear 4411, your card 559876 is blocked"),
        ("call 98XXXXXX21 now", "call 9812345621 now"),
        ("VPA xxxxxxxx@okaxis.", "VPA rahul.k88@okaxis."),
    ],
)
def test_masked_numbers_read_like_numbers(masked: str, plain: str) -> None:
    """A bank's or an anonymiser's mask is no tell: the model text is the same either way."""
    assert model_text(parse(masked, Channel.SMS)) == model_text(parse(plain, Channel.SMS))


@pytest.mark.parametrize(
    ("hindi", "hinglish"),
    [
        ("आपका खाता बंद हो जाएगा", "aapka khata band ho jayega"),
        ("ओटीपी बताइए", "OTP bataiye"),
    ],
)
def test_hindi_and_hinglish_share_phonetic_tokens(hindi: str, hinglish: str) -> None:
    a = set(message_frame([parse(hindi, Channel.SMS)])["phonetic"].iloc[0].split())
    b = set(message_frame([parse(hinglish, Channel.SMS)])["phonetic"].iloc[0].split())
    assert len(a & b) >= 2, (a, b)


def test_other_scripts_reach_only_the_phonetic_column() -> None:
    frame = message_frame([parse("మీ ఖాతా బ్లాక్ అవుతుంది, ఓటీపీ చెప్పండి", Channel.SMS)])
    assert not any(ch.isalpha() for ch in frame["text"].iloc[0])
    assert "otp" in frame["phonetic"].iloc[0].split()  # the loanword, in any script


def test_a_scam_below_pages_of_filler_is_still_read() -> None:
    filler = "Quarterly newsletter: clinic timings, staff news and CME updates. " * 200
    doc = parse(filler + "\nShare the OTP you received to verify your account.", Channel.SMS)
    assert "share the otp" in model_text(doc, ["Share the OTP"])


@pytest.mark.parametrize(
    ("url", "column", "value"),
    [
        ("http://203.0.113.9/login", "is_ip", 1.0),
        ("https://xn--hdfcbnk-6za.com/x", "punycode", 1.0),
        ("bit.ly/abc", "shortener", 1.0),
        ("https://hdfcbamk.com/login", "lookalike", 1.0),
        ("https://sbi-kyc.in.net/u", "brand_keyword", 1.0),
        ("https://sbionlineservices.in/", "brand_keyword", 1.0),
        ("https://www.onlinesbi.sbi/", "official", 1.0),
        ("https://pmjay-gov.in/card", "gov_name_outside_gov", 1.0),
        ("https://sbi-kyc.github.io/x", "user_hosted", 1.0),
        ("https://sbi-kyc.github.io/x", "official", 0.0),
        ("https://docs.google.com/forms/d/e/x/viewform", "publishing_path", 1.0),
        ("https://docs.google.com/forms/d/e/x/viewform", "popular_top15k", 0.0),
        ("https://www.wikipedia.org/", "popular_top1k", 1.0),
        ("https://hdfcbank.com.secure-login.top/", "domain_in_subdomain", 1.0),
        ("https://example-clinic.in/patient/login", "credential_words", 1.0),
        ("upi://pay?pa=x@ybl&am=10", "upi", 1.0),
    ],
)
def test_url_frame_lexical_columns(url: str, column: str, value: float) -> None:
    frame = url_frame([parse(url, Channel.URL)])
    assert list(frame.columns) == [*URL_TEXT, *URL_NUMERIC]
    assert frame[column].iloc[0] == value


@pytest.mark.parametrize(
    ("home", "deep"),
    [
        ("https://www.lalpathlabs.com/", "http://lalpathlabs.com/blog/thyroid-test/?utm_source=wa"),
        ("apollohospitals.com", "https://www.apollohospitals.com/departments/cardiology#x"),
    ],
)
def test_the_form_of_a_url_is_not_a_feature(home: str, deep: str) -> None:
    """A home page and a deep link of one site differ only in path words, never in columns
    about scheme, www, length or depth."""
    a = url_frame([parse(home, Channel.URL)])
    b = url_frame([parse(deep, Channel.URL)])
    assert a["host"].iloc[0] == b["host"].iloc[0]
    assert a[list(URL_NUMERIC)].equals(b[list(URL_NUMERIC)])


def test_upi_link_words_carry_the_note() -> None:
    words = url_frame(
        [parse("upi://pay?pa=a@ybl&pn=Patient%20Refund&am=100&tn=Sent%20by%20mistake", Channel.URL)]
    )["url_words"].iloc[0]
    assert "refund" in words and "mistake" in words and "amounttok" in words
