"""Raw input → Document. One parser per kind of input; `parse` picks it."""

from __future__ import annotations

import codecs
import re
from functools import lru_cache

from fraudguard.config import Limits
from fraudguard.errors import InputTooLarge, InvalidInput
from fraudguard.ingest.email import parse_email
from fraudguard.ingest.text import clean_text, find_links, parse_text
from fraudguard.ingest.url import parse_url
from fraudguard.schemas import Channel, Document

__all__ = ["detect_channel", "parse"]

_HEADER_LINE = re.compile(rb"^(?:From |[A-Za-z][A-Za-z0-9-]{1,40}:[ \t])")
_EMAIL_HEADERS = re.compile(
    rb"^(?:from|to|subject|date|received|return-path|message-id|mime-version|delivered-to"
    rb"|content-type|reply-to|x-[a-z0-9-]+):",
    re.I | re.M,
)
_SPEAKER_LINES = re.compile(
    r"^\s*(?:[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\.?)?[\])]?\s*[-–]?\s*)?[\[(]?"
    r"([^\W\d][\w\u0900-\u097F .'-]{0,29}?)(?:\s?\([^()\n:]{1,25}\))?[\])]?\s*[:：](?!//)\s*\S",
    re.M | re.I,
)
# Labels that name a party to a call; "Amt:", "Bal:", "Time:" lines in an SMS do not make it a call.
_SPEAKER_WORDS = frozenset((
    "caller", "callee", "agent", "officer", "executive", "inspector", "doctor", "dr", "doc", "sir",
    "madam", "maam", "receptionist", "reception", "patient", "me", "you", "i", "them", "him",
    "her", "scammer", "fraudster", "victim", "customer", "person", "unknown", "speaker",
    "operator", "staff", "nurse", "manager", "support", "representative", "rep", "police",
    "constable", "कॉलर", "डॉक्टर", "डॉ", "मैं", "आप", "अधिकारी", "मरीज़", "मरीज", "रिसेप्शन",
))  # fmt: skip
_SINGLE_LINK = re.compile(
    r"^\s*(?:[a-z][a-z0-9+.-]*://|www\.)?\S+\.\S+\s*$|^\s*upi://\S+\s*$", re.I
)


def _lstrip(content: str | bytes) -> str | bytes:
    # A pasted message often starts with an empty line, a saved one with a byte-order mark; RFC 822
    # headers start at the first byte.
    if isinstance(content, bytes):
        return content.removeprefix(codecs.BOM_UTF8).lstrip()
    return content.removeprefix("\ufeff").lstrip()


def _looks_like_call(text: str) -> bool:
    labels = [m.group(1).strip().lower() for m in _SPEAKER_LINES.finditer(text)]
    if len(labels) < 2:
        return False
    # two parties taking turns, or labels that name a party to a call ("Caller", "Doctor")
    repeated = len(set(labels)) < len(labels)
    named = any(label.split()[0].rstrip(".") in _SPEAKER_WORDS for label in labels)
    return repeated or named


def _single_link(text: str) -> bool:
    """One token that is a link, not a word with a dot in it ("Dr.Sharma", "Rs.500", "v1.2")."""
    if not _SINGLE_LINK.match(text):
        return False
    token = text.strip()
    if "://" in token:
        return True  # even with an "@" in it: "https://www.sbi.co.in@evil.example/" is a link
    if "@" in token.split("?")[0]:
        return False  # an e-mail address
    cleaned, _ = clean_text(token)
    return bool(find_links(cleaned))


def detect_channel(content: str | bytes) -> Channel:
    """Guess the channel of pasted input: raw email, a single link, a transcript, or a message."""
    content = _lstrip(content)
    head = (
        content[:4096] if isinstance(content, bytes) else content[:4096].encode("utf-8", "replace")
    )
    if _HEADER_LINE.match(head) and len(_EMAIL_HEADERS.findall(head)) >= 2:
        return Channel.EMAIL
    text = content if isinstance(content, str) else content.decode("utf-8", "replace")
    if len(text) < 2048 and _single_link(text):
        return Channel.URL
    if _looks_like_call(text[:4096]):
        return Channel.CALL
    return Channel.SMS


@lru_cache(maxsize=1)
def _default_limits() -> Limits:
    return Limits()


def parse(content: str | bytes, channel: Channel, *, limits: Limits | None = None) -> Document:
    """Parse one input on its channel (AUTO detects it); raises InvalidInput / InputTooLarge."""
    limits = limits or _default_limits()
    if channel is Channel.AUTO:
        channel = detect_channel(content)
    if channel is Channel.EMAIL:
        return parse_email(_lstrip(content), limits=limits)
    # utf-8-sig: a byte-order mark left by a saved file is not part of the message
    text = content.decode("utf-8-sig", "replace") if isinstance(content, bytes) else content
    if not text.strip():
        raise InvalidInput("content is empty")
    if len(text) > limits.max_text_chars:
        raise InputTooLarge(
            f"{channel.value} content is {len(text)} characters; the limit is "
            f"{limits.max_text_chars} (send long documents as email)"
        )
    if channel is Channel.URL:
        return parse_url(text)
    return parse_text(text, channel)
