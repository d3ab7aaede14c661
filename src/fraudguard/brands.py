"""The maintained list of protected brands and authorities (data/brands.json) and domain checks."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from fraudguard.domains import popularity_rank, publishing_path
from fraudguard.ingest.text import fold_confusables
from fraudguard.ingest.url import UrlParts, url_parts


@dataclass(frozen=True, slots=True)
class Brand:
    name: str
    keywords: tuple[str, ...]
    domains: frozenset[str]
    labels: frozenset[str]  # registrable labels of the official domains ("onlinesbi", "hdfcbank")


@dataclass(frozen=True, slots=True)
class BrandBook:
    brands: tuple[Brand, ...]
    official_suffixes: tuple[str, ...]
    shorteners: frozenset[str]
    risky_suffixes: frozenset[str]
    freemail: frozenset[str]
    official_domains: frozenset[str]
    # keywords that are also people's names ("Kotak", "Bhim"): in a display name they name the
    # brand only beside another word of it ("Kotak Bank", "BHIM UPI")
    personal_names: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def brand_book() -> BrandBook:
    """Load data/brands.json once (lazily: importing this module reads nothing)."""
    raw = json.loads(resources.files("fraudguard").joinpath("data/brands.json").read_text("utf-8"))
    brands = tuple(
        Brand(
            name=b["name"],
            keywords=tuple(b["keywords"]),
            domains=frozenset(b["domains"]),
            labels=frozenset(d.split(".")[0] for d in b["domains"] if "." in d),
        )
        for b in raw["brands"]
    )
    return BrandBook(
        brands=brands,
        official_suffixes=tuple(raw["official_suffixes"]),
        shorteners=frozenset(raw["shorteners"]),
        risky_suffixes=frozenset(raw["risky_suffixes"]),
        freemail=frozenset(raw["freemail"]),
        official_domains=frozenset(d for b in brands for d in b.domains),
        personal_names=frozenset(raw.get("personal_names", ())),
    )


def is_official(parts: UrlParts) -> bool:
    """The host is on a protected brand's own domain or an official Indian suffix (gov.in ...);
    never a page that users publish (a hosting subdomain, a form or shared file)."""
    book = brand_book()
    if not parts.host or parts.is_ip or parts.hosted:
        return False
    if publishing_path(parts):
        return False  # a form or shared file on docs.google.com is its author's, not Google's
    rd = parts.registered_domain
    if rd in book.official_domains or parts.host in book.official_domains:
        return True
    # a brand top-level domain listed without a dot ("sbi"): only the brand can register under it
    if parts.suffix and "." not in parts.suffix and parts.suffix in book.official_domains:
        return True
    return any(parts.suffix == s or parts.suffix.endswith("." + s) for s in book.official_suffixes)


_TOKENS = re.compile(r"[a-z]+")


def _levenshtein_le1(a: str, b: str) -> bool:
    """True when a and b differ by at most one insertion, deletion or substitution."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la > lb:
        a, b, la, lb = b, a, lb, la
    i = j = diff = 0
    while i < la and j < lb:
        if a[i] != b[j]:
            diff += 1
            if diff > 1:
                return False
            if la == lb:
                i += 1
            j += 1
        else:
            i += 1
            j += 1
    return diff + (lb - j) <= 1


def _swapped(a: str, b: str) -> bool:
    if len(a) != len(b) or a == b:
        return False
    idx = [k for k in range(len(a)) if a[k] != b[k]]
    return len(idx) == 2 and a[idx[0]] == b[idx[1]] and a[idx[1]] == b[idx[0]]


# Letter groups that read as another letter at a glance: "paytrn" for "paytm", "hdfcbank" with a
# zero, "paypa1" with a one.
_GLYPH_SWAPS = (("rn", "m"), ("vv", "w"), ("0", "o"), ("1", "l"), ("3", "e"), ("5", "s"))


def _unglyph(label: str) -> str:
    for seen, meant in _GLYPH_SWAPS:
        label = label.replace(seen, meant)
    return label


@lru_cache(maxsize=16384)
def impersonated_brand(parts: UrlParts) -> tuple[Brand, str] | None:
    """(brand, how) when a non-official host imitates a protected brand; how is 'lookalike'
    (a domain one typo from the real one) or 'keyword' (the brand's name in the host)."""
    if not parts.host or parts.is_ip or not parts.domain or is_official(parts):
        return None  # no registrable label of its own (a bare suffix such as "blogspot.qa")
    book = brand_book()
    if parts.registered_domain in book.official_domains or parts.host in book.official_domains:
        return None  # the brand's own domain (a form on docs.google.com is no copy of Google)
    if popularity_rank(parts):
        return None  # a widely linked site is its owner's (google.de, amazon.fr, kotaku.com)
    host = fold_confusables(_decode_punycode(parts.host)).lower()
    label = fold_confusables(_decode_punycode(parts.domain or parts.host)).lower()
    label_plain = label.replace("-", "")
    unglyphed = _unglyph(label_plain)
    tokens = set(_TOKENS.findall(host))
    for brand in book.brands:
        for official in brand.labels:
            if abs(len(official) - len(label_plain)) > 1 and unglyphed == label_plain:
                continue  # no typo or glyph swap can bridge the lengths
            # short labels ("sbi", "live") have too many honest neighbours to compare by edit
            # distance; a look-alike glyph swap that spells the label exactly is still a copy
            if (
                (len(official) >= 6 and _levenshtein_le1(label_plain, official))
                or (len(official) >= 5 and _swapped(label_plain, official))
                or (len(official) >= 4 and unglyphed != label_plain and unglyphed == official)
            ):
                return brand, "lookalike"
        for kw in brand.keywords:
            if kw in tokens or (len(kw) >= 5 and kw in label_plain) or _combosquat(label_plain, kw):
                return brand, "keyword"
    return None


# Words that a combosquat glues to a brand's name ("sbionlineservices", "hdfcnetbankingsecure",
# "gpaybusinesssupport"); a brand's name beside an ordinary word ("pnbhousing") is no claim.
_LURES = (
    "online", "service", "netbank", "banking", "secure", "login", "kyc", "update", "care",
    "support", "reward", "point", "bonus", "help", "verif", "customer", "card", "pay", "app",
    "upi", "refund", "offer", "gift", "lucky", "draw", "claim", "yono", "digital", "portal",
    "account", "alert", "desk", "cashback", "loan", "credit", "limit", "block", "pan", "aadha",
    "link", "otp", "mobile", "official", "team", "bank",
)  # fmt: skip


def _combosquat(label: str, keyword: str) -> bool:
    """The label is a brand keyword glued to a lure word, at its start or its end."""
    if len(keyword) < 3 or label == keyword:
        return False
    if label.startswith(keyword):
        rest = label[len(keyword) :]
    elif label.endswith(keyword):
        rest = label[: -len(keyword)]
    else:
        return False
    return any(lure in rest for lure in _LURES)


def _decode_punycode(host: str) -> str:
    if "xn--" not in host:
        return host
    try:
        return host.encode("ascii").decode("idna")
    except UnicodeError:
        return host


_NAME_CONTEXT = frozenset({"bank", "upi", "app", "alert", "alerts", "netbanking", "securities"})


def brand_named_in(text: str) -> Brand | None:
    """A protected brand or authority named in a short text such as an email display name."""
    words = _TOKENS.findall(fold_confusables(text).lower())
    if not words:
        return None
    # single words, and runs of up to four joined ("Income Tax" -> "incometax", "S B I" -> "sbi")
    grams = {"".join(words[i : i + n]) for n in range(1, 5) for i in range(len(words) - n + 1)}
    book = brand_book()
    for brand in book.brands:
        name_words = _TOKENS.findall(brand.name.lower())
        if "".join(name_words) in grams and len("".join(name_words)) >= 3:
            return brand  # the full name: "State Bank of India", "National Medical Commission"
        for kw in brand.keywords:
            if len(kw) < 3 or kw not in grams:
                continue
            if kw in book.personal_names and len(words) > 1:
                context = (set(name_words) | _NAME_CONTEXT) - {kw}
                if not context.intersection(words):
                    continue  # "Dr. Priya Kotak" is a person, "Kotak Bank" is the bank
            return brand
    return None


# "gov"/"govt" as a label part, or "-nic" glued on ("ehospital-nic.in"); a bare "nic" label is
# also National Insurance's (nic.co.in) and registries' (nic.fr)
_GOV_NAME = re.compile(r"(?:^|[-.])(?:gov|govt)(?:[-.]|$)|-nic(?:[-.]|$)")


def gov_name_outside_gov(parts: UrlParts) -> bool:
    """A government name on a domain the government does not own: "pmjay-gov.in",
    "incometax.gov.in.refund-status.top" (India's own are under gov.in and nic.in)."""
    if not parts.host or parts.is_ip or is_official(parts) or popularity_rank(parts):
        return False
    return bool(_GOV_NAME.search(parts.domain) or _GOV_NAME.search(parts.subdomain))


@lru_cache(maxsize=65536)
def shared_domain(registered_domain: str) -> bool:
    """A domain that honest strangers share (popular, an official brand or government domain, a
    link shortener): two messages linking to it have nothing else in common."""
    parts = url_parts(registered_domain)
    if popularity_rank(parts):
        return True
    return is_official(parts) or registered_domain in brand_book().shorteners
