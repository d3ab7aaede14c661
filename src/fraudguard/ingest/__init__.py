"""Raw input → Document. One parser per kind of input; `parse` picks it."""

from __future__ import annotations

import re
from functools import lru_cache

from fraudguard.config import Limits
from fraudguard.errors import InputTooLarge, InvalidInput
from fraudguard.ingest.email import parse_email
from fraudguard.ingest.text import parse_text
from fraudguard.ingest.url import parse_url
from fraudguard.schemas import Channel, Document

__all__ = ["detect_channel", "parse"]

_HEADER_LINE = re.compile(rb"^(?:From |[A-Za-z][A-Za-z0-9-]{1,40}:[ \t])")
_EMAIL_HEADERS = re.compile(
    rb"^(?:from|to|subject|date|received|return-path|message-id|mime-version|delivered-to"
    rb"|content-type|reply-to|x-[a-z0-9-]+):",
    re.I | re.M,
)
_SPEAKER_LINES = re.compile(r"^\s*[\w\u0900-\u097F .'-]{1,30}\s*[:：]\s*\S", re.M)
_SINGLE_LINK = re.compile(
    r"^\s*(?:[a-z][a-z0-9+.-]*://|www\.)?\S+\.\S+\s*$|^\s*upi://\S+\s*$", re.I
)


def detect_channel(content: str | bytes) -> Channel:
    """Guess the channel of pasted input: raw email, a single link, a transcript, or a message."""
    head = (
        content[:4096] if isinstance(content, bytes) else content[:4096].encode("utf-8", "replace")
    )
    if _HEADER_LINE.match(head) and len(_EMAIL_HEADERS.findall(head)) >= 2:
        return Channel.EMAIL
    text = content if isinstance(content, str) else content.decode("utf-8", "replace")
    if len(text) < 2048 and _SINGLE_LINK.match(text) and "@" not in text.split("?")[0]:
        return Channel.URL
    if len(_SPEAKER_LINES.findall(text[:4096])) >= 2:
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
        return parse_email(content, limits=limits)
    text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
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
