"""The doctors' page as data: UI strings, language choice and the context each template shows.

Pure functions (no FastAPI, no database): `page.py` calls them and hands the result to Jinja2.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import quote, urlsplit

from fraudguard.errors import InvalidInput
from fraudguard.schemas import Assessment, Channel, EmailFindings

LANGUAGES = ("en", "hi")
DEFAULT_LANGUAGE = "en"
CHANNELS = (Channel.AUTO, *(c for c in Channel if c is not Channel.AUTO))  # auto first
# A carried .eml travels in hidden fields of at most this many characters each: a form's text
# field is limited to 1 MiB by the multipart parser, and one character is at most 4 UTF-8 bytes.
CHUNK_CHARS = 200_000
EMAIL_ENCODINGS = ("utf-8", "latin-1")
_INDICATOR_KINDS = (
    "urls",
    "domains",
    "phones",
    "upi_ids",
    "emails",
    "amounts",
    "bank_accounts",
    "ifsc",
    "sensitive",
)
_AUTH_PASS = frozenset({"pass"})
_AUTH_FAIL = frozenset({"fail", "softfail", "permerror", "hardfail"})


@lru_cache(maxsize=1)
def ui_strings() -> dict[str, Any]:
    """data/ui.json: {"en": {...}, "hi": {...}, "scam_type": {type: {"en", "hi"}}}."""
    path = resources.files("fraudguard").joinpath("data/ui.json")
    raw: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return {k: v for k, v in raw.items() if not k.startswith("_")}


def texts(lang: str) -> dict[str, Any]:
    """Every UI string in one language (English for an unknown one)."""
    return ui_strings()[lang if lang in LANGUAGES else DEFAULT_LANGUAGE]


def pick_language(explicit: str | None, cookie: str | None, accept: str | None = None) -> str:
    """The page language: the switch if used, else the remembered cookie, else the browser's."""
    for choice in (explicit, cookie):
        if choice in LANGUAGES:
            return str(choice)
    first = (accept or "").split(",")[0].split(";")[0].strip().lower()
    return "hi" if first.startswith("hi") else DEFAULT_LANGUAGE


def other_language(lang: str) -> str:
    return "en" if lang == "hi" else "hi"


def same_origin(origin: str | None, host: str | None) -> bool:
    """A POST is ours when it sends no Origin (old browsers, curl) or one naming our own host."""
    if origin is None:
        return True
    if not host or origin == "null":
        return False
    return urlsplit(origin).netloc.lower() == host.lower()


def parse_channel(value: str) -> Channel:
    """The channel chosen in the form; InvalidInput for anything not on the list."""
    try:
        return Channel((value or "auto").strip().lower())
    except ValueError:
        raise InvalidInput(f"unknown channel {value!r}") from None


# ---------------------------------------------------------------------------
# An uploaded .eml, carried back in hidden fields so the server can assess it again.


def pack_email(raw: bytes) -> tuple[str, list[str]]:
    """(encoding, chunks): UTF-8 text when the bytes are UTF-8, else latin-1 (one char a byte)."""
    try:
        text, encoding = raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = raw.decode("latin-1"), "latin-1"
    chunks = [text[i : i + CHUNK_CHARS] for i in range(0, len(text), CHUNK_CHARS)]
    return encoding, chunks


def unpack_email(encoding: str, chunks: Iterable[str]) -> bytes:
    """The email's bytes again (line ends may come back as CRLF, which mail parsers accept)."""
    if encoding not in EMAIL_ENCODINGS:
        raise InvalidInput("the carried email has an unknown encoding")
    text = "".join(chunks)
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:  # a browser replaced a character; keep what can be kept
        return text.encode(encoding, "replace")


# ---------------------------------------------------------------------------
# The result page.


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of the shown message; `marked` pieces are evidence behind a reason."""

    text: str
    marked: bool = False


def highlight(text: str, evidence: Iterable[str]) -> list[Segment]:
    """Split `text` so every occurrence of any evidence string (any case, any spacing) is marked."""
    spans: list[tuple[int, int]] = []
    for ev in {e.strip() for e in evidence if len(e.strip()) >= 2}:
        pattern = r"\s+".join(re.escape(part) for part in ev.split())
        spans.extend(
            m.span() for m in re.finditer(pattern, text, re.IGNORECASE) if m.end() > m.start()
        )
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out: list[Segment] = []
    pos = 0
    for start, end in merged:
        if start > pos:
            out.append(Segment(text[pos:start]))
        out.append(Segment(text[start:end], marked=True))
        pos = end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


def auth_result(value: str, t: dict[str, Any]) -> dict[str, str]:
    """An SPF/DKIM/DMARC result in words, with a state for its style: pass, fail or none."""
    v = value.strip().lower()
    if not v:
        return {"state": "none", "words": t["email"]["auth_none"]}
    if v in _AUTH_PASS:
        return {"state": "pass", "words": t["email"]["auth_pass"]}
    if v in _AUTH_FAIL:
        return {"state": "fail", "words": f"{t['email']['auth_fail']} ({v})"}
    return {"state": "none", "words": v}


def _sender(name: str, address: str) -> str:
    if name and address and name.strip("\"' <>").lower() != address.lower():
        return f"{name} <{address}>"
    return name or address


def email_view(found: EmailFindings, t: dict[str, Any]) -> dict[str, Any]:
    """Header rows (label, value) and attachments of an email, ready to list."""
    rows = [
        (t["email"]["subject"], found.subject),
        (t["email"]["sender"], _sender(found.sender_name, found.sender)),
        (t["email"]["reply_to"], found.reply_to),
        (t["email"]["return_path"], found.return_path),
        (t["email"]["date"], found.date),
    ]
    return {
        "rows": [(label, value) for label, value in rows if value],
        "auth": [
            (t["email"][name], auth_result(getattr(found, name), t))
            for name in ("spf", "dkim", "dmarc")
        ],
        "forwarded": found.forwarded,
        "attachments": found.attachments,
    }


def data_url(text: str, mime: str) -> str:
    """A data: URL a link can download without JavaScript (and without storing anything)."""
    return f"data:{mime};charset=utf-8,{quote(text, safe='')}"


def scam_type_label(scam_type: str, lang: str) -> str:
    entry = ui_strings()["scam_type"].get(scam_type, {})
    return str(entry.get(lang) or entry.get("en") or scam_type.replace("_", " "))


def result_view(a: Assessment, *, lang: str, shown_text: str | None) -> dict[str, Any]:
    """What the result page shows for one assessment, in the page language."""
    t = texts(lang)
    complaint = None
    if a.complaint is not None:
        complaint = {
            "text": a.complaint.text,
            "text_url": data_url(a.complaint.text, "text/plain"),
            "json_url": data_url(a.complaint.model_dump_json(indent=2), "application/json"),
        }
    indicators = [
        (t["indicator"][kind], values)
        for kind in _INDICATOR_KINDS
        if (values := getattr(a.indicators, kind))
    ]
    evidence = [r.evidence for r in a.reasons if r.evidence]
    segments = highlight(shown_text, evidence) if shown_text else []
    return {
        "verdict": a.verdict.value,
        "card": t["verdict"][a.verdict.value],
        # a score, not a chance: shown as the score with the verdict beside it
        "risk_score": f"{a.risk:.2f}",
        "promotional": a.promotional,
        "incomplete": a.coverage is not None and not a.coverage.complete,
        "scam_type": scam_type_label(a.scam_type.value, lang),
        "channel": t["channel"].get(a.channel.value, a.channel.value),
        "reasons": a.reasons,
        # the message is shown again only when there is something in it to point at
        "segments": segments if any(seg.marked for seg in segments) else [],
        "indicators": indicators,
        "email": email_view(a.email, t) if a.email is not None else None,
        "guidance": a.guidance,
        "complaint": complaint,
        "model_version": a.model_version,
    }


def tel_href(contact: str) -> str | None:
    """A tel: link for a contact that is a phone number (1930, 14448, +91-1800-11-4949)."""
    digits = re.sub(r"[\s()+-]", "", contact)
    return f"tel:{contact.replace(' ', '')}" if digits.isdigit() and len(digits) >= 3 else None
