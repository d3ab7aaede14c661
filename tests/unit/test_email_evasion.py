"""Padding must not hide a scam: what a mail client shows is what parse_email reads, and what it
leaves out is reported in Document.skipped. Messages are built with the stdlib email package."""

from __future__ import annotations

import email
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import compat32

import pytest

from fraudguard.config import Limits
from fraudguard.ingest.email import parse_email
from fraudguard.schemas import Document

SCAM = (
    "Dear Doctor, your NMC registration will be suspended today. Verify your licence at "
    "https://nmc-verify.xyz/renew and pay the Rs 5,000 penalty to avoid arrest."
)
SCAM_URL = "https://nmc-verify.xyz/renew"
SCAM_HTML = (
    "<p>Dear Doctor, your NMC registration will be <b>suspended today</b>.</p>"
    '<p><a href="https://nmc-verify.xyz/renew">Verify your licence</a> and pay the Rs 5,000 '
    "penalty to avoid arrest.</p>"
)
SCAM_SHOWN = "Dear Doctor, your NMC registration will be suspended today."
DECOY = "Hi, the minutes of Tuesday's staff meeting are below. Lunch is at one as usual."
FILLER = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. "


def _mail(*parts: Message, subtype: str = "mixed", subject: str = "Urgent: NMC notice") -> bytes:
    msg = MIMEMultipart(subtype)
    msg["From"] = "NMC Registrations <notice@nmc-verify.xyz>"
    msg["To"] = "dr.rao@raoclinic.in"
    msg["Subject"] = subject
    for part in parts:
        msg.attach(part)
    return msg.as_bytes()


def _html_mail(body: str) -> bytes:
    return _mail(MIMEText(f"<html><body>{body}</body></html>", "html", "utf-8"))


def _urls(doc: Document) -> list[str]:
    return [link.url for link in doc.links]


# ---------------------------------------------------------------------------
# Many parts before the real one


def test_hundreds_of_empty_parts_do_not_push_out_the_scam():
    empties = [MIMEText("", "plain") for _ in range(300)]
    doc = parse_email(_mail(*empties, MIMEText(SCAM, "plain", "utf-8")))
    assert SCAM_SHOWN in doc.text
    assert SCAM_URL in _urls(doc)
    assert "truncated" not in doc.flags
    assert "parts" not in doc.skipped


def test_whitespace_only_parts_are_free_too():
    blanks = [MIMEText(" \n\t\n", "html") for _ in range(300)]
    doc = parse_email(_mail(*blanks, MIMEText(SCAM_HTML, "html", "utf-8")))
    assert SCAM_SHOWN in doc.text
    assert SCAM_URL in _urls(doc)
    assert "parts" not in doc.skipped


def test_a_real_phishing_mail_behind_300_empty_parts_reads_the_same(corpus_emails):
    raw = corpus_emails("nazario_phishing_2004_2005", 1, "phishing")[0]
    original = parse_email(raw)
    assert original.email is not None
    msg = email.message_from_bytes(raw, policy=compat32)
    padded = MIMEMultipart("mixed")
    for name in ("From", "To", "Subject", "Date"):
        if msg[name] is not None:
            padded[name] = msg[name]
    for _ in range(300):
        padded.attach(MIMEText("", "plain"))
    payload = msg.get_payload()
    if isinstance(payload, list):  # the original structure, one level down
        body: Message = MIMEMultipart(msg.get_content_subtype())
        for part in payload:
            body.attach(part)
    else:  # a single-part message: its body, with its own content headers
        body = Message()
        for name, value in msg.items():
            if name.lower().startswith("content-"):
                body[name] = value
        body.set_payload(payload)
    padded.attach(body)
    doc = parse_email(padded.as_bytes())
    start = len(original.email.subject) + 2
    assert original.text[start : start + 300].strip() in doc.text
    assert set(_urls(original)) <= set(_urls(doc))
    assert "parts" not in doc.skipped


def test_a_message_over_the_part_budget_reports_the_parts_it_did_not_read():
    files = [MIMEText(f"note {i}", "plain") for i in range(60)]
    for i, part in enumerate(files):
        part.add_header("Content-Disposition", "attachment", filename=f"note{i}.txt")
    raw = _mail(MIMEText("see the notes", "plain"), *files, MIMEText(SCAM, "plain", "utf-8"))
    doc = parse_email(raw, limits=Limits(max_mime_parts=20))
    assert "truncated" in doc.flags
    # 63 parts: the container and the first text, 18 notes read; 42 notes and the scam not
    assert doc.skipped["parts"] == 43
    assert "see the notes" in doc.text


def test_a_flood_of_empty_parts_still_stops_and_is_reported():
    empties = [MIMEText("", "plain") for _ in range(200)]
    doc = parse_email(_mail(*empties, MIMEText(SCAM, "plain")), limits=Limits(max_mime_parts=5))
    assert "truncated" in doc.flags
    assert doc.skipped["parts"] > 0


def test_a_message_with_far_too_many_parts_is_cut_before_parsing():
    parts = b"".join(b"--p\nContent-Type: text/plain\n\nx %d\n" % i for i in range(3000))
    raw = (
        b"From: a@b.in\nSubject: many\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/mixed; boundary="p"\n\n' + parts + b"--p--\n"
    )
    doc = parse_email(raw, limits=Limits(max_mime_parts=10))
    assert "truncated" in doc.flags
    assert doc.skipped["parts"] >= 2500


# ---------------------------------------------------------------------------
# Filler before the scam


def test_a_scam_below_50000_characters_of_filler_is_read():
    filler = FILLER * (50_000 // len(FILLER) + 1)
    doc = parse_email(_mail(MIMEText(filler + "\n\n" + SCAM, "plain", "utf-8")))
    assert SCAM_SHOWN in doc.text
    assert SCAM_URL in _urls(doc)
    assert "chars" not in doc.skipped


def test_a_scam_below_more_filler_than_the_limit_is_still_read_and_the_cut_is_reported():
    filler = FILLER * (300_000 // len(FILLER) + 1)
    body = filler + "\n\n" + SCAM
    doc = parse_email(_mail(MIMEText(body, "plain", "utf-8")))
    assert SCAM_SHOWN in doc.text  # the end of a long body is kept
    assert SCAM_URL in _urls(doc)
    assert "truncated" in doc.flags
    assert doc.skipped["chars"] >= len(body) - 200_000


def test_filler_in_the_html_part_is_read_like_plain_text():
    filler = f"<p>{FILLER}</p>" * 1000
    doc = parse_email(_html_mail(filler + SCAM_HTML))
    assert SCAM_SHOWN in doc.text
    assert SCAM_URL in _urls(doc)


# ---------------------------------------------------------------------------
# The alternative a client shows


def _alternative(plain: str, html: str) -> Message:
    alt = MIMEMultipart("alternative")
    alt.attach(MIMEText(plain, "plain", "utf-8"))
    alt.attach(MIMEText(html, "html", "utf-8"))
    return alt


def test_the_html_scam_is_read_before_an_innocent_plain_decoy():
    raw = _mail(*_alternative(DECOY, SCAM_HTML).get_payload(), subtype="alternative")
    doc = parse_email(raw)
    assert SCAM_SHOWN in doc.text
    assert DECOY in doc.text
    assert doc.text.index(SCAM_SHOWN) < doc.text.index(DECOY)
    assert SCAM_URL in _urls(doc)
    assert "alternative_differs" in doc.flags
    assert "html_only" not in doc.flags


def test_an_alternative_inside_a_mixed_message_with_a_related_html_part():
    related = MIMEMultipart("related")
    related.attach(MIMEText(SCAM_HTML, "html", "utf-8"))
    alt = MIMEMultipart("alternative")
    alt.attach(MIMEText(DECOY, "plain", "utf-8"))
    alt.attach(related)
    doc = parse_email(_mail(alt))
    assert doc.text.index(SCAM_SHOWN) < doc.text.index(DECOY)


def test_a_plain_alternative_that_says_the_same_is_not_added_twice():
    plain = "Dear Doctor, your NMC registration will be suspended today.\nVerify your licence"
    doc = parse_email(_mail(_alternative(plain, SCAM_HTML)))
    assert doc.text.count("registration will be suspended") == 1
    assert "alternative_differs" not in doc.flags


def test_an_image_only_html_alternative_still_yields_the_plain_text():
    html = '<a href="https://nmc-verify.xyz/renew"><img src="cid:notice"></a>'
    doc = parse_email(_mail(_alternative(SCAM, html)))
    assert SCAM_SHOWN in doc.text
    assert SCAM_URL in _urls(doc)


# ---------------------------------------------------------------------------
# Hidden HTML


SALT = "Thank you for your order of gloves and masks. Your appointment is confirmed for Monday."


@pytest.mark.parametrize(
    "hidden",
    [
        '<div style="display:none">{}</div>',
        '<div style="DISPLAY: none !important">{}</div>',
        '<span style="visibility:hidden">{}</span>',
        '<span style="font-size:0">{}</span>',
        '<span style="font-size:0px">{}</span>',
        '<span style="font-size:0pt">{}</span>',
        '<div style="opacity:0">{}</div>',
        '<div style="max-height:0;overflow:hidden">{}</div>',
        '<div style="width:0;height:0;overflow:hidden">{}</div>',
        "<div hidden>{}</div>",
        '<div aria-hidden="true" style="display:none">{}</div>',
        '<span style="color:#ffffff;background-color:#fff">{}</span>',
        '<span style="color:white;background:rgb(255, 255, 255)">{}</span>',
        '<div style="display:none"><p>{}</p><p style="display:block">more</p></div>',
        # an empty element that declares a size does not show the hidden text around it
        '<div style="font-size:0">{}<span style="font-size:14px"></span></div>',
    ],
)
def test_hidden_html_padding_is_left_out_and_counted(hidden):
    doc = parse_email(_html_mail(hidden.format(SALT) + SCAM_HTML))
    assert "gloves" not in doc.text
    assert doc.skipped["hidden_chars"] >= len(SALT)
    assert SCAM_SHOWN in doc.text
    assert SCAM_URL in _urls(doc)


@pytest.mark.parametrize(
    "shown",
    [
        '<span style="color:#ffffff">{}</span>',  # colour alone: the background is not known
        '<span aria-hidden="true">{}</span>',
        '<div style="height:0">{}</div>',  # overflow is visible: the text still shows
        '<div style="font-size:0"><span style="font-size:14px">{}</span></div>',
        '<div style="visibility:hidden"><span style="visibility:visible">{}</span></div>',
        '<div style="color:#fff;background-color:#fff"><span style="color:#000">{}</span></div>',
        '<div style="font-size:0.8em">{}</div>',
        '<div style="opacity:0.9">{}</div>',
        # white on a see-through background shows whatever is behind it
        '<div style="color:#fff;background-color:rgba(255,255,255,0)">{}</div>',
        '<div style="color:#fff;background-color:#ffffff80">{}</div>',
    ],
)
def test_text_a_client_shows_is_kept(shown):
    doc = parse_email(_html_mail(shown.format(SCAM_HTML)))
    assert SCAM_SHOWN in doc.text
    assert "hidden_chars" not in doc.skipped


def test_the_body_elements_own_style_is_not_read():
    # webmail drops <body> attributes: the text shows there, so it is read
    raw = _mail(MIMEText(f'<html><body style="font-size:0">{SCAM_HTML}</body></html>', "html"))
    doc = parse_email(raw)
    assert SCAM_SHOWN in doc.text


def test_hidden_text_inside_a_word_does_not_split_it():
    doc = parse_email(_html_mail('<p>Log in to Pay<span style="display:none">xq</span>Pal</p>'))
    assert "Log in to PayPal" in doc.text
    assert doc.skipped["hidden_chars"] == 2


def test_a_link_in_hidden_html_is_still_evidence():
    hidden = '<div style="display:none"><a href="http://track.evil.top/x">x</a></div>'
    doc = parse_email(_html_mail(hidden + SCAM_HTML))
    assert "http://track.evil.top/x" in _urls(doc)


def test_a_real_spam_mail_with_hidden_padding_keeps_its_visible_text(corpus_emails):
    raw = corpus_emails("spamassassin", 60, "spam")[-1]
    original = parse_email(raw)
    assert original.email is not None
    start = len(original.email.subject) + 2
    visible = original.text[start : start + 200].strip()
    salt = f'<div style="display:none">{SALT * 50}</div>'
    padded = MIMEMultipart("alternative")
    padded["Subject"] = original.email.subject
    padded.attach(MIMEText(original.text[start:], "plain", "utf-8"))
    padded.attach(MIMEText(salt + "<pre>" + original.text[start:] + "</pre>", "html", "utf-8"))
    doc = parse_email(padded.as_bytes())
    assert visible.split("\n")[0] in doc.text
    assert "gloves" not in doc.text
    assert doc.skipped["hidden_chars"] >= len(SALT) * 50


# ---------------------------------------------------------------------------
# Invisible characters and look-alike letters


@pytest.mark.parametrize("subtype", ["plain", "html"])
def test_zero_width_characters_inside_a_word_are_flagged_and_the_word_is_whole(subtype):
    body = "Your K\u200bY\u200bC is pending: update at once or your account is blocked."
    if subtype == "html":
        body = "<p>Your K&#8203;Y&#x200B;C is pending: update at once or your account is blocked."
    doc = parse_email(_mail(MIMEText(body, subtype, "utf-8")))
    assert "zero_width" in doc.flags
    assert "Your KYC is pending" in doc.text


def test_look_alike_letters_in_the_shown_html_are_flagged():
    html = "<p>\u0405\u0392I account blocked: update your KYC now</p>"  # Cyrillic S, Greek B
    doc = parse_email(_mail(_alternative("Team lunch on Friday.", html)))
    assert "mixed_script" in doc.flags
