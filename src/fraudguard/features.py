"""Documents → the model's feature frame. Pure functions; training and serving call the same ones.

Two frames: `message_frame` for SMS, WhatsApp, call transcripts and emails (one text model), and
`url_frame` for pasted links. Text is normalised after the links, numbers and addresses were pulled
out of the raw input, and corpus artefacts (mailing-list footers, anonymised recipients, dates,
masked digits) are removed so the model cannot learn which corpus a message came from.

Languages: Latin and Devanagari words feed the word and character n-grams as they are; every
Indian script (Devanagari included) and romanised Hindi also feed a phonetic column, where a word
is transliterated (indic-transliteration) and reduced to its consonant skeleton, so "खाता बंद",
"khata band" and "ఖాతా బ్లాక్" share tokens with each other. Words in the other scripts never reach
the n-grams of their own: such a message is judged on its signals, links, numbers, loanwords and
language-independent columns, never on its script.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd
from indic_transliteration import sanscript

from fraudguard.brands import brand_book, gov_name_outside_gov, impersonated_brand, is_official
from fraudguard.domains import popularity_rank, publishing_path, user_published
from fraudguard.ingest.text import fold_confusables
from fraudguard.ingest.url import UrlParts, upi_params, url_parts
from fraudguard.schemas import Channel, Document
from fraudguard.signals import SIGNAL_CODES, Signal, detect

MAX_MODEL_CHARS = 6000  # word n-grams: subject and the start of the body carry the message
MAX_CHAR_NGRAM_CHARS = 1500  # character n-grams are costly on long mail; the start suffices
HEAD_CHARS = 2000  # of a long text, the start is always read; the rest around its cues
CUE_WINDOW = 400  # characters either side of a signal's evidence or a link in a long text

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
_UPI = re.compile(r"\b[\w.-]{2,64}@[a-z]{2,20}\b(?!\.[a-z])")
_PHONE = re.compile(
    r"(?<![\w₹])(?:\+?91[\s-]?)?[6-9]\d{4}[\s-]?\d{5}(?!\d)|(?<!\w)\+\d[\d\s()-]{8,16}\d"
)
# Masked digits ("XX1234", "xxxx5678", "**1234", "A/c XXXXXX", "Dear XXXX") are written by banks
# and by the people who anonymised the corpora: read as digits, so a mask is never the tell.
_MASK = re.compile(
    r"(?<![a-z])[x*•]{2,}(?=\d)|(?<=\d)[x*•]{2,}(?![a-z])|(?<![a-z\d])[x*•]{3,}(?![a-z])"
)
_DIGITS = re.compile(r"\d+")
_ANY_DIGIT = re.compile(r"\d")
_AMOUNT = re.compile(
    r"(?:₹|\brs\.?|\binr\b|rupees|रुपये|रु\.?)\s?0|0\s?(?:/-|₹|rupees|रुपये|lakh|crore|लाख|करोड़)"
)
_WORDS = re.compile(r"[a-z]{3,20}")
_SPACE = re.compile(r"\s+")
# Indian scripts other than Devanagari, and Arabic (Urdu): left out of the n-grams
_OTHER_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u0980-\u0d7f]+")


def _link_tokens(url: str) -> str:
    if url.lower().startswith("upi:"):
        return " upitok paylinktok "
    parts = url_parts(url)
    host = parts.domain if parts.domain else parts.host
    words = " ".join(_WORDS.findall((parts.subdomain + " " + host + " " + parts.path).lower()))
    return f" urltok {owner_token(parts)} {words} tld{parts.suffix.replace('.', '')} "


def owner_token(parts: UrlParts) -> str:
    """Who owns a link, as one token the n-grams can weigh: official, popular, published by a
    user of a platform, or unknown."""
    if user_published(parts):
        return "ownhosted"
    if is_official(parts):
        return "ownofficial"
    return "ownpopular" if popularity_rank(parts) else "ownunknown"


def _focus(text: str, cues: Sequence[str]) -> str:
    """The start of a long text and the passages around its cues (signal evidence, links): a scam
    below pages of filler is still what the model reads."""
    if len(text) <= MAX_MODEL_CHARS:
        return text
    pieces = [text[:HEAD_CHARS]]
    used = HEAD_CHARS
    seen: list[tuple[int, int]] = [(0, HEAD_CHARS)]
    for cue in cues:
        at = text.find(cue, HEAD_CHARS) if cue else -1
        if at < 0:
            continue
        start, end = max(0, at - CUE_WINDOW), at + len(cue) + CUE_WINDOW
        if any(s <= at < e for s, e in seen):
            continue
        pieces.append(text[start:end])
        seen.append((start, end))
        used += end - start
        if used >= MAX_MODEL_CHARS:
            break
    return "\n".join(pieces)


def model_text(doc: Document, cues: Sequence[str] = ()) -> str:
    """The text the n-gram features see: artefacts removed, links/numbers/addresses as tokens."""
    text = doc.text
    if doc.channel is Channel.EMAIL:
        text = _FOOTER.sub("", text)
        text = _SIGNATURE.sub("", text)
        text = _ARTEFACTS.sub(" ", text)
    text = _focus(text, [*cues, *(link.url for link in doc.links[:20])])[: MAX_MODEL_CHARS * 2]
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
    text = _MASK.sub(lambda m: "0" * len(m.group()), text)
    if _ANY_DIGIT.search(text):
        text = _PHONE.sub(" phonetok ", text)
        text = _DIGITS.sub("0", text)
        text = _AMOUNT.sub(" amounttok ", text)
    return _SPACE.sub(" ", text)[:MAX_MODEL_CHARS].strip()


# --- the phonetic column ------------------------------------------------------------------------
_SCRIPTS = (
    (re.compile(r"[\u0900-\u097f]"), sanscript.DEVANAGARI),
    (re.compile(r"[\u0980-\u09ff]"), sanscript.BENGALI),
    (re.compile(r"[\u0a00-\u0a7f]"), sanscript.GURMUKHI),
    (re.compile(r"[\u0a80-\u0aff]"), sanscript.GUJARATI),
    (re.compile(r"[\u0b00-\u0b7f]"), sanscript.ORIYA),
    (re.compile(r"[\u0b80-\u0bff]"), sanscript.TAMIL),
    (re.compile(r"[\u0c00-\u0c7f]"), sanscript.TELUGU),
    (re.compile(r"[\u0c80-\u0cff]"), sanscript.KANNADA),
    (re.compile(r"[\u0d00-\u0d7f]"), sanscript.MALAYALAM),
)
_TOKEN = re.compile(r"[a-z]+|[\u0900-\u0d7f]+")
_VOWELS = re.compile(r"[aeiouy]")
_ASPIRATE = re.compile(r"(?<=[bcdgjkpstd])h")
_SPELLINGS = (("ph", "f"), ("w", "v"), ("q", "k"), ("z", "j"), ("x", "ks"), ("c", "k"))
_REPEAT = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def phonetic_key(word: str) -> str:
    """A spelling-independent key: transliterated to Latin, vowels after the first letter and
    aspiration dropped ("खाता", "khata", "khaataa" → "kt"; "ओटीपी", "OTP" → "otp")."""
    latin = word
    for pattern, script in _SCRIPTS:
        if pattern.search(word):
            latin = sanscript.transliterate(word, script, sanscript.OPTITRANS)
            break
    w = "".join(ch for ch in latin.lower() if "a" <= ch <= "z")
    if not w:
        return ""
    for seen, meant in _SPELLINGS:
        w = w.replace(seen, meant)
    w = _ASPIRATE.sub("", w)
    head, rest = w[0], _VOWELS.sub("", w[1:])
    key = _REPEAT.sub(r"\1", head + rest)
    return key if len(key) >= 2 else ""


def phonetic_text(text: str) -> str:
    """The phonetic keys of the words of a model text (links and numbers are already tokens)."""
    keys = (phonetic_key(t) for t in _TOKEN.findall(text) if not t.endswith("tok"))
    return " ".join(k for k in keys if k)


# --- numeric features ---------------------------------------------------------------------------
_CHANNELS = ("sms", "whatsapp", "call", "email")
MESSAGE_NUMERIC = (
    *(f"sig_{c}" for c in SIGNAL_CODES),
    *(f"chan_{c}" for c in _CHANNELS),
    "log_len",
    "n_links",
    "has_phone",
    "has_upi",
    "n_attachments",
)
MESSAGE_TEXT = ("text", "text_short", "phonetic")


def _message_row(doc: Document, signals: Sequence[Signal] | None) -> tuple[list[str], list[float]]:
    sigs = detect(doc) if signals is None else signals
    text = model_text(doc, [s.evidence for s in sigs])
    strengths = dict.fromkeys(SIGNAL_CODES, 0.0)
    for sig in sigs:
        strengths[sig.code] = max(strengths[sig.code], sig.strength)
    nums = list(strengths.values())
    nums += [1.0 if doc.channel.value == c else 0.0 for c in _CHANNELS]
    nums += [
        math.log1p(len(doc.text)) / 10.0,
        min(len(doc.links), 5) / 5.0,
        1.0 if "phonetok" in text else 0.0,
        1.0 if "upitok" in text else 0.0,
        min(len(doc.attachments), 5) / 5.0,
    ]
    latin = _OTHER_SCRIPT.sub(" ", text)
    return [latin, latin[:MAX_CHAR_NGRAM_CHARS], phonetic_text(text)], nums


def message_frame(
    docs: Sequence[Document], signals: Sequence[Sequence[Signal]] | None = None
) -> pd.DataFrame:
    """Feature frame for message channels: the text columns and the numeric columns.

    `signals` (as `detect` returned them, one list per document) avoids detecting twice."""
    rows = [_message_row(d, None if signals is None else signals[i]) for i, d in enumerate(docs)]
    return _frame(rows, MESSAGE_TEXT, MESSAGE_NUMERIC)


def _frame(
    rows: list[tuple[list[str], list[float]]],
    text_columns: tuple[str, ...],
    numeric: tuple[str, ...],
) -> pd.DataFrame:
    """The text columns, then the numeric columns, one row per document."""
    frame = pd.DataFrame(
        np.array([r[1] for r in rows], dtype=np.float64).reshape(len(rows), len(numeric)),
        columns=list(numeric),
    )
    for k, name in reversed(list(enumerate(text_columns))):
        frame.insert(0, name, [r[0][k] for r in rows])
    return frame


# --- URL features -------------------------------------------------------------------------------
# Who owns the link and what it asks for. Its form (scheme, www, path length, query size) is not
# a column: a home page and a deep link of the same site must score alike.
URL_NUMERIC = (
    "popular_top1k",
    "popular_top15k",
    "user_hosted",
    "publishing_path",
    "official",
    "lookalike",
    "brand_keyword",
    "gov_name_outside_gov",
    "is_ip",
    "punycode",
    "userinfo",
    "risky_tld",
    "shortener",
    "executable",
    "credential_words",
    "payment_words",
    "domain_in_subdomain",
    "deep_subdomain",
    "host_hyphens",
    "host_digits",
    "upi",
)
URL_TEXT = ("host", "url_words")

_CREDENTIAL_WORDS = re.compile(
    r"log-?in|sign-?in|signon|verif|account|secure|update|kyc|otp|password|passwd|webscr|"
    r"banking|netbank|auth|wallet|unlock|suspend|confirm|validate|credential",
)
_PAYMENT_WORDS = re.compile(
    r"pay(?!load)|refund|claim|reward|prize|bonus|gift|cashback|upi|redeem|lottery|winner|"
    r"customs|fee|fine|challan|recharge|offer"
)
_TLD_LIKE = re.compile(r"(?:^|\.)(?:com|net|org|co|in|gov|bank|sbi)(?:\.|$)")


def _url_row(doc: Document) -> tuple[list[str], list[float]]:
    url = doc.links[0].url if doc.links else doc.text.strip()
    if url.lower().startswith("upi:"):
        # a payment link: what it says (payee name, note) and whether it fixes an amount
        params = upi_params(url)
        note = " ".join(_WORDS.findall(f"{params.get('pn', '')} {params.get('tn', '')}".lower()))
        amount = " amounttok" if params.get("am") else ""
        upi = [1.0 if name == "upi" else 0.0 for name in URL_NUMERIC]
        return ["upitok", f"upitok paylinktok {note}{amount}"], upi
    p = url_parts(url)
    book = brand_book()
    hit = impersonated_brand(p)
    rank = popularity_rank(p)
    host = p.host.removeprefix("www.")
    path = (p.path + " " + p.query).lower()
    nums = [
        1.0 if rank and rank <= 1000 else 0.0,
        1.0 if rank else 0.0,
        1.0 if p.hosted else 0.0,
        1.0 if publishing_path(p) else 0.0,
        1.0 if is_official(p) else 0.0,
        1.0 if hit and hit[1] == "lookalike" else 0.0,
        1.0 if hit and hit[1] == "keyword" else 0.0,
        1.0 if gov_name_outside_gov(p) else 0.0,
        1.0 if p.is_ip else 0.0,
        1.0 if "xn--" in host else 0.0,
        1.0 if p.userinfo else 0.0,
        1.0 if p.suffix in book.risky_suffixes else 0.0,
        1.0 if p.registered_domain in book.shorteners else 0.0,
        1.0 if p.path.lower().endswith((".apk", ".exe", ".scr", ".msi", ".bat", ".jar")) else 0.0,
        1.0 if _CREDENTIAL_WORDS.search(path) else 0.0,
        1.0 if _PAYMENT_WORDS.search(path) else 0.0,
        1.0 if _TLD_LIKE.search(p.subdomain) else 0.0,
        min(max(p.subdomain.count(".") + (1 if p.subdomain else 0) - 1, 0), 4) / 4.0,
        min(host.count("-"), 6) / 6.0,
        min(sum(c.isdigit() for c in host), 10) / 10.0,
        0.0,
    ]
    host_text = fold_confusables(host)[:120]
    words = " ".join(
        w for w in _WORDS.findall((p.subdomain + " " + p.domain).lower()) if w != "www"
    )
    cues = " ".join(
        f"path{w}"
        for w in sorted(set(_CREDENTIAL_WORDS.findall(path) + _PAYMENT_WORDS.findall(path)))
    )
    return [host_text, f"{owner_token(p)} {words} tld{p.suffix.replace('.', '')} {cues}"], nums


def url_frame(docs: Sequence[Document]) -> pd.DataFrame:
    """Feature frame for the URL channel: `host` (characters), `url_words` and numeric columns."""
    return _frame([_url_row(d) for d in docs], URL_TEXT, URL_NUMERIC)
