"""Feature frames: the text the model sees carries meaning, not corpus marks."""

from __future__ import annotations

import pytest

from fraudguard.features import (
    MESSAGE_NUMERIC,
    URL_NUMERIC,
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
    assert list(frame.columns) == ["text", "text_short", *MESSAGE_NUMERIC]
    assert len(MESSAGE_NUMERIC) == len(SIGNAL_CODES) + 12
    assert frame["chan_call"].tolist() == [0.0, 1.0]


@pytest.mark.parametrize(
    ("url", "column", "value"),
    [
        ("http://203.0.113.9/login", "is_ip", 1.0),
        ("https://xn--hdfcbnk-6za.com/x", "punycode", 1.0),
        ("bit.ly/abc", "shortener", 1.0),
        ("https://hdfcbamk.com/login", "lookalike", 1.0),
        ("https://sbi-kyc.in.net/u", "brand_keyword", 1.0),
        ("https://www.onlinesbi.sbi/", "official", 1.0),
        ("upi://pay?pa=x@ybl&am=10", "upi", 1.0),
    ],
)
def test_url_frame_lexical_columns(url: str, column: str, value: float) -> None:
    frame = url_frame([parse(url, Channel.URL)])
    assert list(frame.columns) == ["url", "url_words", *URL_NUMERIC]
    assert frame[column].iloc[0] == value


def test_url_string_drops_the_scheme() -> None:
    a = url_frame([parse("https://www.example.in/a", Channel.URL)])["url"].iloc[0]
    b = url_frame([parse("http://example.in/a", Channel.URL)])["url"].iloc[0]
    assert a == b == "example.in/a"


def test_upi_link_words_carry_the_note() -> None:
    words = url_frame(
        [parse("upi://pay?pa=a@ybl&pn=Patient%20Refund&am=100&tn=Sent%20by%20mistake", Channel.URL)]
    )["url_words"].iloc[0]
    assert "refund" in words and "mistake" in words and "amounttok" in words
