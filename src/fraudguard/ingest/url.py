"""URLs and payment links: split into parts without fetching anything."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qs, urlsplit

from fraudguard.ingest.text import (
    clean_text,
    detect_language,
    find_links,
    is_hosting_suffix,
    split_host,
)
from fraudguard.schemas import Channel, Document, Link


@dataclass(frozen=True, slots=True)
class UrlParts:
    scheme: str
    host: str  # lower-case; punycode kept as punycode
    port: int | None
    path: str
    query: str
    subdomain: str
    domain: str  # the registrable label, e.g. "onlinesbi"
    suffix: str  # public suffix, e.g. "sbi" or "co.in"
    is_ip: bool
    userinfo: bool  # "https://www.sbi.co.in@evil.example/" style
    hosted: bool = False  # on a platform where anyone publishes under a subdomain of their own

    @property
    def registered_domain(self) -> str:
        """domain.suffix, or the host itself for IPs and hosts without a known suffix."""
        if self.is_ip or not self.suffix:
            return self.host
        return f"{self.domain}.{self.suffix}" if self.domain else self.suffix


_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]{0,15}://", re.I)
_AUTHORITY_END = re.compile(r"[/?#]")


def _with_scheme(url: str) -> str:
    raw = url.strip()
    if raw.startswith("//"):  # protocol-relative, as in an HTML href
        return "http:" + raw
    if not _SCHEME.match(raw):
        return "http://" + raw
    scheme, rest = raw.split("://", 1)
    if scheme.lower() in ("http", "https", "ftp"):
        # Browsers read "\" as "/" in web URLs, so "https://evil.example\@bank.in/" goes to
        # evil.example; urlsplit would take bank.in as the host.
        end = _AUTHORITY_END.search(rest)
        authority = rest[: end.start()] if end else rest
        if "\\" in authority:
            cut = authority.index("\\")
            rest = rest[:cut] + "/" + rest[cut + 1 :]
    return f"{scheme}://{rest}"


@lru_cache(maxsize=32768)
def url_parts(url: str) -> UrlParts:
    """Split a URL (scheme optional) into parts; never raises on odd input."""
    raw = _with_scheme(url)
    try:
        sp = urlsplit(raw)
        netloc = sp.netloc
        host = (sp.hostname or "").strip(".")
        try:
            port = sp.port
        except ValueError:
            port = None
        scheme, path, query = sp.scheme.lower(), sp.path, sp.query
    except ValueError:
        netloc, host, port, scheme, path, query = "", "", None, "", "", ""
    host = _to_ascii_host(host)
    is_ip = _is_ip(host)
    sub, dom, suf = ("", "", "") if is_ip or not host else split_host(host)
    return UrlParts(
        scheme=scheme,
        host=host,
        port=port,
        path=path,
        query=query,
        subdomain=sub,
        domain=dom,
        suffix=suf,
        is_ip=is_ip,
        userinfo="@" in netloc,
        hosted=bool(suf) and is_hosting_suffix(host),
    )


def _to_ascii_host(host: str) -> str:
    host = host.lower()
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


_NUMERIC_LABEL = re.compile(r"^(?:0x[0-9a-f]*|\d+)$")


def _is_ip(host: str) -> bool:
    if not host:
        return False
    h = host.strip("[]")
    try:
        ipaddress.ip_address(h)
        return True
    except ValueError:
        pass
    # A browser reads a host of one to four numeric parts (decimal, octal or 0x-hex) as an IPv4
    # address: "http://3232235777/", "http://0xC0A80101/", "http://192.168.257/".
    labels = h.split(".")
    return (
        len(labels) <= 4
        and all(_NUMERIC_LABEL.match(label) for label in labels)
        and any(c.isdigit() for c in h.replace("0x", ""))
    )


def upi_params(url: str) -> dict[str, str]:
    """Parameters of a upi://pay link (pa, pn, am, tn, cu ...), URL-decoded; {} for other links."""
    if not url.lower().startswith("upi://"):
        return {}
    query = url.split("?", 1)[1] if "?" in url else ""
    query = query.split("#", 1)[0]
    # parse_qs already percent-decodes; decoding again would turn "%2541" into "A"
    return {k.lower(): v[0] for k, v in parse_qs(query, keep_blank_values=True).items()}


def parse_url(content: str) -> Document:
    """A pasted link (or a few words around one) → Document on the URL channel."""
    text, flags = clean_text(content.strip())
    links = find_links(text)
    if not links and text and " " not in text:
        links = [Link(url=text)]
    doc = Document(channel=Channel.URL, text=text, links=links, flags=flags)
    doc.language = detect_language(text)
    return doc
