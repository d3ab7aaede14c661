"""Documents → the model's feature frame. Pure functions; training and serving call the same ones.

Two frames: `message_frame` for SMS, WhatsApp, call transcripts and emails (one text model), and
`url_frame` for pasted links. Text is normalised after the links, numbers and addresses were pulled
out of the raw input, and corpus artefacts (mailing-list footers, anonymised recipients, dates) are
removed so the model cannot learn which corpus a message came from.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from fraudguard.brands import brand_book, impersonated_brand, is_official
from fraudguard.ingest.text import fold_confusables
from fraudguard.ingest.url import upi_params, url_parts
from fraudguard.schemas import Channel, Document, Language
from fraudguard.signals import SIGNAL_CODES, Signal, detect

MAX_MODEL_CHARS = 6000  # word n-grams: subject and the start of the body carry the message
MAX_CHAR_NGRAM_CHARS = 1500  # character n-grams are costly on long mail; the start suffices

MESSAGE_CHANNELS = (Channel.SMS, Channel.WHATSAPP, Channel.CALL, Channel.EMAIL)

# --- corpus artefacts -------------------------------------------------------------------------
_FOOTER = re.compile(
    r"\n[_=-]{10,}\s*\n[^\n]*(?:mailing list|listinfo|mailman|unsubscribe|sponsored by|"
    r"sourceforge|yahoo! groups|egroups)[\s\S]*$",
    re.I,
)
_SIGNATURE = re.compile(r"\n-- ?\n[\s\S]{0,600}$")
_ARTEFACTS = re.compile(
    r"spamassassin\.taint\.org|taint\.org|zzzz@\S+|jm@\S+|username@domain\.com|"
    r"\b(?:19|20)\d\d-\d\d-\d\d\b|\b(?:mon|tue|wed|thu|fri|sat|sun), \d{1,2} \w{3} \d{4}[^\n]*",
    re.I,
)

# --- normalisation ------------------------------------------------------------------------------
_URL = re.compile(r"""(?:https?|ftp|upi)://[^\s<>"']+|\bwww\.[^\s<>"']+""", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_UPI = re.compile(r"\b[\w.-]{2,64}@[a-z]{2,20}\b(?!\.)")
_PHONE = re.compile(
    r"(?<![\w₹])(?:\+?91[\s-]?)?[6-9]\d{4}[\s-]?\d{5}(?!\d)|(?<!\w)\+\d[\d\s()-]{8,16}\d"
)
_DIGITS = re.compile(r"\d+")
_ANY_DIGIT = re.compile(r"\d")
_AMOUNT = re.compile(
    r"(?:₹|\brs\.?|\binr\b|rupees|रुपये|रु\.?)\s?0|0\s?(?:/-|₹|rupees|रुपये|lakh|crore|लाख|करोड़)"
)
_WORDS = re.compile(r"[a-z]{3,20}")
_SPACE = re.compile(r"\s+")


def _link_tokens(url: str) -> str:
    if url.lower().startswith("upi:"):
        return " upitok paylinktok "
    parts = url_parts(url)
    host = parts.domain if parts.domain else parts.host
    words = " ".join(_WORDS.findall((parts.subdomain + " " + host + " " + parts.path).lower()))
    return f" urltok {words} tld{parts.suffix.replace('.', '')} "


def model_text(doc: Document) -> str:
    """The text the n-gram features see: artefacts removed, links/numbers/addresses as tokens."""
    text = doc.text
    if doc.channel is Channel.EMAIL:
        text = _FOOTER.sub("", text)
        text = _SIGNATURE.sub("", text)
        text = _ARTEFACTS.sub(" ", text)
    text = text[: MAX_MODEL_CHARS * 2]
    # each pass only where it can match: most short messages skip most of them
    if "&" in text:
        text = html.unescape(text)
    if "://" in text or "www." in text.lower():
        text = _URL.sub(lambda m: _link_tokens(m.group(0)), text)
    has_at = "@" in text
    if has_at:
        text = _EMAIL.sub(" emailtok ", text)
    text = fold_confusables(text).lower()
    if has_at:
        text = _UPI.sub(" upitok ", text)
    if _ANY_DIGIT.search(text):
        text = _PHONE.sub(" phonetok ", text)
        text = _DIGITS.sub("0", text)
        text = _AMOUNT.sub(" amounttok ", text)
    return _SPACE.sub(" ", text)[:MAX_MODEL_CHARS].strip()


# --- numeric features ---------------------------------------------------------------------------
_CHANNELS = ("sms", "whatsapp", "call", "email")
_LANGS = (Language.EN, Language.HI, Language.HINGLISH)
MESSAGE_NUMERIC = (
    *(f"sig_{c}" for c in SIGNAL_CODES),
    *(f"chan_{c}" for c in _CHANNELS),
    *(f"lang_{lang.value}" for lang in _LANGS),
    "log_len",
    "n_links",
    "has_phone",
    "has_upi",
    "n_attachments",
)


def _message_row(doc: Document, signals: Sequence[Signal] | None) -> tuple[str, str, list[float]]:
    text = model_text(doc)
    strengths = dict.fromkeys(SIGNAL_CODES, 0.0)
    for sig in detect(doc) if signals is None else signals:
        strengths[sig.code] = max(strengths[sig.code], sig.strength)
    nums = list(strengths.values())
    nums += [1.0 if doc.channel.value == c else 0.0 for c in _CHANNELS]
    nums += [1.0 if doc.language is lang else 0.0 for lang in _LANGS]
    nums += [
        math.log1p(len(doc.text)) / 10.0,
        min(len(doc.links), 5) / 5.0,
        1.0 if "phonetok" in text else 0.0,
        1.0 if "upitok" in text else 0.0,
        min(len(doc.attachments), 5) / 5.0,
    ]
    return text, text[:MAX_CHAR_NGRAM_CHARS], nums


def message_frame(
    docs: Sequence[Document], signals: Sequence[Sequence[Signal]] | None = None
) -> pd.DataFrame:
    """Feature frame for message channels: `text`, `text_short` and the numeric columns.

    `signals` (as `detect` returned them, one list per document) avoids detecting twice."""
    rows = [_message_row(d, None if signals is None else signals[i]) for i, d in enumerate(docs)]
    return _frame(rows, ("text", "text_short"), MESSAGE_NUMERIC)


def _frame(
    rows: list[tuple[str, str, list[float]]],
    text_columns: tuple[str, str],
    numeric: tuple[str, ...],
) -> pd.DataFrame:
    """Two text columns, then the numeric columns, one row per document."""
    frame = pd.DataFrame(
        np.array([r[2] for r in rows], dtype=np.float64).reshape(len(rows), len(numeric)),
        columns=list(numeric),
    )
    frame.insert(0, text_columns[1], [r[1] for r in rows])
    frame.insert(0, text_columns[0], [r[0] for r in rows])
    return frame


# --- URL features -------------------------------------------------------------------------------
URL_NUMERIC = (
    "host_len",
    "host_dots",
    "host_hyphens",
    "host_digits",
    "path_depth",
    "query_params",
    "is_ip",
    "punycode",
    "risky_tld",
    "shortener",
    "lookalike",
    "brand_keyword",
    "official",
    "executable",
    "userinfo",
    "upi",
    "at_or_tilde",
)


def url_string(url: str) -> str:
    """The URL as the character n-grams see it: no scheme (its share differs by corpus), no www."""
    u = url.strip()
    u = re.sub(r"^[a-z][a-z0-9+.-]*://", "", u, flags=re.I)
    u = re.sub(r"^www\d?\.", "", u, flags=re.I)
    return fold_confusables(u).lower()[:300]


def _url_row(doc: Document) -> tuple[str, str, list[float]]:
    url = doc.links[0].url if doc.links else doc.text.strip()
    if url.lower().startswith("upi:"):
        # a payment link: what it says (payee name, note) and whether it fixes an amount
        params = upi_params(url)
        note = " ".join(_WORDS.findall(f"{params.get('pn', '')} {params.get('tn', '')}".lower()))
        amount = " amounttok" if params.get("am") else ""
        upi = [1.0 if name == "upi" else 0.0 for name in URL_NUMERIC]
        return url_string(url), f"upitok paylinktok {note}{amount}", upi
    p = url_parts(url)
    book = brand_book()
    hit = impersonated_brand(p)
    host = p.host
    nums = [
        min(len(host), 80) / 80.0,
        min(host.count("."), 8) / 8.0,
        min(host.count("-"), 6) / 6.0,
        min(sum(c.isdigit() for c in host), 10) / 10.0,
        min(p.path.count("/"), 8) / 8.0,
        min(p.query.count("&") + (1 if p.query else 0), 8) / 8.0,
        1.0 if p.is_ip else 0.0,
        1.0 if "xn--" in host else 0.0,
        1.0 if p.suffix in book.risky_suffixes else 0.0,
        1.0 if p.registered_domain in book.shorteners else 0.0,
        1.0 if hit and hit[1] == "lookalike" else 0.0,
        1.0 if hit and hit[1] == "keyword" else 0.0,
        1.0 if is_official(p) else 0.0,
        1.0 if p.path.lower().endswith((".apk", ".exe", ".scr", ".msi", ".bat", ".jar")) else 0.0,
        1.0 if p.userinfo else 0.0,
        0.0,
        1.0 if ("@" in url or "~" in url) else 0.0,
    ]
    words = " ".join(_WORDS.findall((p.subdomain + " " + p.domain + " " + p.path).lower()))
    return url_string(url), f"{words} tld{p.suffix.replace('.', '')}", nums


def url_frame(docs: Sequence[Document]) -> pd.DataFrame:
    """Feature frame for the URL channel: `url` (characters), `url_words` and numeric columns."""
    return _frame([_url_row(d) for d in docs], ("url", "url_words"), URL_NUMERIC)
