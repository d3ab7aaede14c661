"""Short text (SMS, WhatsApp, call transcripts): cleaning, link finding, language, speaker turns.

Pure functions, no network. Links are found in the raw text before anything is lower-cased or
stripped, so a phishing domain survives as a domain, not as words.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import lru_cache
from importlib import resources

import tldextract

from fraudguard.schemas import Channel, Document, Language, Link, Turn

# Invisible characters used to break up keywords and brand names. ZWNJ/ZWJ are legitimate inside
# Devanagari (half forms), so they are only treated as tampering next to Latin letters. All are
# removed, but only those hidden *between* visible characters are flagged: a byte-order mark at
# the start, or the LRM marks a WhatsApp export puts at line starts, are not tampering.
_INVISIBLE_CHARS = (
    "\u200b\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE_CHARS))
_JOINERS_IN_LATIN = re.compile(r"(?<=[A-Za-z0-9])[\u200c\u200d]|[\u200c\u200d](?=[A-Za-z0-9])")
_HIDDEN_IN_WORD = re.compile(
    rf"(?<=\S)(?:[{_INVISIBLE_CHARS}]|(?<=[A-Za-z0-9])[\u200c\u200d]|[\u200c\u200d](?=[A-Za-z0-9]))+"
    r"(?=\S)"
)

# Cyrillic and Greek letters that render like Latin ones: folded for the model, flagged as evidence.
_CONFUSABLES = str.maketrans(
    {
        "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j",
        "ѕ": "s", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ɡ": "g", "ո": "n", "ս": "u",
        "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
        "С": "C", "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S", "Ԁ": "D",
        "α": "a", "ο": "o", "ρ": "p", "ν": "v", "τ": "t", "ι": "i", "κ": "k", "υ": "u",
        "Α": "A", "Β": "B", "Ε": "E", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
        "Ο": "O", "Ρ": "P", "Τ": "T", "Χ": "X", "Υ": "Y", "Ζ": "Z",
    }
)  # fmt: skip
_CONFUSABLE_CHARS = frozenset(chr(c) for c in _CONFUSABLES)
_MIXED_WORD = re.compile(r"\w+")

# Defanged indicators as threat-intel feeds and careful users write them.
_DEFANG: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(r"\bhxxp(s?)\b", re.I), lambda m: "http" + m.group(1).lower()),
    (re.compile(r"\bh\[tt\]p(s?)\b", re.I), lambda m: "http" + m.group(1).lower()),
    (
        re.compile(
            r"\s?\[\s?(?:\.|dot)\s?\]\s?|\s?\(\s?(?:\.|dot)\s?\)\s?|\s?\{\s?\.\s?\}\s?", re.I
        ),
        ".",
    ),
    (re.compile(r"\[:\]|\[://\]"), lambda m: m.group(0)[1:-1]),
    (re.compile(r"\s?\[\s?at\s?\]\s?|\s?\[@\]\s?", re.I), "@"),
]
_DEFANG_HINT = re.compile(
    r"hxxp|h\[tt\]p|\[\s?\.\s?\]|\(\s?\.\s?\)|\{\s?\.\s?\}|\[\s?dot\s?\]|\(\s?dot\s?\)|"
    r"\[:\]|\[://\]|\[\s?at\s?\]|\[@\]",
    re.I,
)

_URL_WITH_SCHEME = re.compile(r"""(?:https?|ftp)://[^\s<>"'`{}|\\^\[\]]+|upi://[^\s<>"'`]+""", re.I)
_WWW = re.compile(r"""\bwww\.[^\s<>"'`{}|\\^\[\]]+""", re.I)
_BARE_DOMAIN = re.compile(
    r"(?<![@\w.-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:xn--[a-z0-9-]{2,30}|[a-z]{2,24}))"
    r"(/[^\s<>\"'`]*)?",
    re.I,
)
_TRAILING = ".,;:!?)]}'\">…।॥*’”»"

# The bundled public-suffix list, private section included: on a hosting platform the user's own
# subdomain is the registrable name ("sbi-kyc.github.io", "abc.web.app", "x.blogspot.com", and
# "sbi-kyc.in.net" on CentralNic's second-level names), so a link there is judged by who
# published it. Added to it: RBI's bank.in (banks) and fin.in (regulated lenders), newer than the
# bundled list, and the hosting platforms the list lacks (data/hosting.json).
_EXTRA_SUFFIXES = ("bank.in", "fin.in")


@lru_cache(maxsize=1)
def _hosting() -> dict[str, tuple[str, ...]]:
    raw = json.loads(resources.files("fraudguard").joinpath("data/hosting.json").read_text("utf-8"))
    return {k: tuple(v) for k, v in raw.items() if not k.startswith("_")}


@lru_cache(maxsize=1)
def _extractor() -> tldextract.TLDExtract:
    return tldextract.TLDExtract(
        suffix_list_urls=(),
        cache_dir=None,
        include_psl_private_domains=True,
        extra_suffixes=_EXTRA_SUFFIXES + _hosting()["user_subdomain_suffixes"],
    )


@lru_cache(maxsize=1)
def _own_hosting_suffixes() -> frozenset[str]:
    return frozenset(_hosting()["user_subdomain_suffixes"])


@lru_cache(maxsize=1)
def path_publishing_hosts() -> frozenset[str]:
    """Hosts where the path, not the host, says who published (forms, shared files, IPFS)."""
    return frozenset(_hosting()["path_publishing_hosts"])


@lru_cache(maxsize=65536)
def split_host(host: str) -> tuple[str, str, str]:
    """(subdomain, domain, suffix) of a host from the bundled public-suffix list; no network."""
    ext = _extractor()(host.lower().strip("."))
    return ext.subdomain, ext.domain, ext.suffix


@lru_cache(maxsize=65536)
def is_hosting_suffix(host: str) -> bool:
    """The host's suffix is a platform where users publish under their own subdomain."""
    ext = _extractor()(host.lower().strip("."))
    return bool(ext.suffix) and (ext.is_private or ext.suffix in _own_hosting_suffixes())


def refang(text: str) -> str:
    """Undo defanging (hxxp, [.], (dot), [at]) so indicators can be extracted and compared."""
    if not _DEFANG_HINT.search(text):
        return text
    for pattern, repl in _DEFANG:
        text = pattern.sub(repl, text)
    return text


def clean_text(raw: str) -> tuple[str, set[str]]:
    """Remove invisible characters, undo defanging; return the text and what was found."""
    flags: set[str] = set()
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    stripped = _JOINERS_IN_LATIN.sub("", text.translate(_INVISIBLE))
    if stripped != text and _HIDDEN_IN_WORD.search(text):
        flags.add("zero_width")
    text = stripped
    if _DEFANG_HINT.search(text):
        flags.add("defanged")
        text = refang(text)
    if has_mixed_script(text):
        flags.add("mixed_script")
    return text, flags


def has_mixed_script(text: str) -> bool:
    """A word that mixes Latin letters with Cyrillic/Greek look-alikes (e.g. 'ЅВI Bank')."""
    if not any(ch in _CONFUSABLE_CHARS for ch in text):
        return False
    for word in _MIXED_WORD.findall(text):
        has_conf = any(ch in _CONFUSABLE_CHARS for ch in word)
        if has_conf and (any("a" <= ch.lower() <= "z" for ch in word) or _is_brandlike(word)):
            return True
    return False


def _is_brandlike(word: str) -> bool:
    # An all-confusable word that folds to a plausible Latin word ("ЅВI") is disguised Latin.
    return len(word) >= 2 and all(ch in _CONFUSABLE_CHARS for ch in word)


def fold_confusables(text: str) -> str:
    """Map Cyrillic/Greek look-alike letters to Latin; for model text and brand matching only."""
    return text.translate(_CONFUSABLES)


def _trim(candidate: str) -> str:
    while candidate and candidate[-1] in _TRAILING:
        # keep a closing bracket that has its opener inside the URL
        if candidate[-1] == ")" and candidate.count("(") >= candidate.count(")"):
            break
        candidate = candidate[:-1]
    return candidate


def find_links(text: str) -> list[Link]:
    """Links in text: scheme URLs, upi:// links, www. hosts and bare domains with a real suffix."""
    found: list[str] = []
    spans: list[tuple[int, int]] = []
    for rx in (_URL_WITH_SCHEME, _WWW):
        for m in rx.finditer(text):
            if any(s <= m.start() < e for s, e in spans):
                continue
            url = _trim(m.group(0))
            if len(url) > 8 or url.lower().startswith("upi://"):
                found.append(url)
                spans.append((m.start(), m.start() + len(url)))
    if "." in text:
        for m in _BARE_DOMAIN.finditer(text):
            if any(s <= m.start() < e for s, e in spans):
                continue
            host = m.group(1)
            if host.replace(".", "").isdigit():
                continue
            if text.startswith("@", m.end(1)):
                continue  # the part of an e-mail address before the @ ("care.in@gmail.com")
            _, domain, suffix = split_host(host)
            if not (domain and suffix):
                continue
            # "Dr.Sharma" or "A.M" are words; require a known suffix and a lower-case or
            # mostly-letters host to accept a bare domain.
            if not _plausible_bare(host, suffix):
                continue
            found.append(_trim(m.group(0)))
            spans.append((m.start(), m.end()))
    seen: set[str] = set()
    links = []
    for url in found:
        if url not in seen:
            seen.add(url)
            links.append(Link(url=url))
    return links


_COMMON_BARE_SUFFIXES = frozenset((
    "com", "in", "net", "org", "info", "xyz", "top", "co", "io", "ly", "me", "cc", "ws", "site",
    "online", "live", "link", "click", "shop", "store", "app", "club", "vip", "icu", "buzz", "cam",
    "gov.in", "nic.in", "co.in", "org.in", "net.in", "ac.in", "edu", "ru", "cn", "tk", "ml", "ga",
    "cf", "gq", "pw", "biz", "us", "uk", "co.uk", "sbi", "bank", "in.net", "bank.in", "fin.in",
))  # fmt: skip


# Suffixes that are not also English words, so "Amazon.In" or "SBI.CO.IN" in capitals is a host.
_CASE_SAFE_SUFFIXES = frozenset((
    "com", "in", "net", "org", "co.in", "gov.in", "nic.in", "org.in", "net.in", "ac.in", "in.net",
    "bank.in",
))  # fmt: skip


def _plausible_bare(host: str, suffix: str) -> bool:
    suffix = suffix.lower()
    if (
        host != host.lower()
        and suffix not in _CASE_SAFE_SUFFIXES
        and not any(c in host for c in "-0123456789")
    ):
        # "account blocked.Click here", "BLOCKED.CLICK HERE": a sentence with a missing space
        return False
    if suffix in _COMMON_BARE_SUFFIXES:
        return True
    # other suffixes only when the host clearly looks like a host (lower-case, has a hyphen/digit)
    return host == host.lower() and any(c in host for c in "-0123456789")


# ---------------------------------------------------------------------------
# Language

_DEVANAGARI = re.compile(r"[\u0900-\u097F]")
# Bengali … Malayalam blocks, and Arabic (Urdu)
_OTHER_INDIC = re.compile(r"[\u0980-\u0D7F\u0600-\u06FF]")
_LATIN = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"[a-z]+")
# Romanised Hindi words that are not also common English words.
_HINGLISH_WORDS = frozenset((
    "hai", "hain", "hei", "he", "nahi", "nahin", "nhi", "nai", "kya", "kyu", "kyun", "kyon", "aap",
    "aapka", "aapki", "aapke", "apka", "apki", "apke", "apna", "apne", "apni", "tum", "tumhara",
    "tumhare", "hum", "hamara", "hamare", "humara", "mera", "meri", "mere", "tera", "teri", "karo",
    "kro", "karein", "karen", "kare", "kijiye", "kijie", "kariye", "karna", "karke", "kar", "raha",
    "rahe", "rahi", "hoga", "hogi", "jayega", "jayegi", "jaega", "jaaega", "jaldi", "turant",
    "abhi", "turent", "abi", "sahab", "saheb", "sahib", "bhai", "bhaiya", "ji", "paisa", "paise",
    "rupaye", "rupay", "wala", "wali", "wale", "liye", "lie", "mein", "mai", "yeh", "ye", "woh",
    "wo", "aur", "bhi", "kaise", "kaisa", "kitna", "kitne", "kab", "kahan", "yahan", "wahan",
    "accha", "acha", "theek", "thik", "haan", "ha", "bilkul", "diya", "diye", "dijiye", "dena",
    "dedo", "bhej", "bheja", "bhejo", "bhejiye", "bhejdo", "batao", "bataiye", "bata", "samjhe",
    "hoon", "hu", "hun", "tha", "thi", "the", "gaya", "gayi", "gaye", "ho", "hota", "hoti",
    "sakte", "sakta", "sakti", "chahiye", "zaroor", "jarur", "kal", "aaj", "parso", "raat",
    "subah", "shaam", "din", "baje", "bje", "madad", "dhanyavaad", "shukriya", "namaste", "band",
    "khata", "khaata", "naam", "ghar", "dawai", "dawa", "mariz", "mareez", "ilaaj", "jaanch",
    "jankari", "suchna", "sirf",
))  # fmt: skip
_AMBIGUOUS = frozenset({"he", "ha", "ho", "the", "ye", "hu", "mai", "band", "din", "kal", "ji"})


# Links, e-mail addresses and other dotted tokens are neither English nor Hindi words. Tested per
# whitespace token: a leading "\S*" in one regex over the whole text would be quadratic.
_NOT_A_WORD = re.compile(r"://|@|www\.|[A-Za-z0-9]\.[A-Za-z]")


def detect_language(text: str) -> Language:
    """en, hi (Devanagari), hinglish (romanised Hindi) or other (another Indian script), from
    the script and common Hindi words."""
    # Count words, not letters, and leave links out: a Hindi SMS with one long English URL in it
    # is still Hindi, and Devanagari matras would otherwise inflate the Hindi side.
    tokens = [t for t in text.split() if not _NOT_A_WORD.search(t)]
    deva = sum(1 for t in tokens if _DEVANAGARI.search(t))
    other = sum(1 for t in tokens if _OTHER_INDIC.search(t))
    latin = sum(1 for t in tokens if _LATIN.search(t) and not _DEVANAGARI.search(t))
    if other and other >= max(deva, 0.25 * (deva + latin + other)):
        return Language.OTHER
    if deva and deva >= 0.25 * (deva + latin):
        return Language.HI
    words = _WORD.findall(" ".join(tokens).lower())
    if not words:
        return Language.EN
    hits = [w for w in words if w in _HINGLISH_WORDS]
    strong = {w for w in hits if w not in _AMBIGUOUS}
    if len(strong) >= 2 and len(hits) >= max(2, 0.12 * len(words)):
        return Language.HINGLISH
    return Language.EN


# ---------------------------------------------------------------------------
# Call transcripts

_SPEAKER = re.compile(
    # an optional time stamp ("[00:01:15]", "10:32 pm -"), then the label and a colon that is not
    # the "://" of a link; a label may end in a short aside ("Officer Sharma (CBI)")
    r"^\s*(?:[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\.?)?[\])]?\s*[-–]?\s*)?"
    r"[\[(]?([A-Za-z\u0900-\u097F][\w\u0900-\u097F .'-]{0,30}?(?:\s?\([^()\n:]{1,25}\))?)"
    r"[\])]?\s*[:：](?!//)\s*(.*)$",
    re.I,
)
# "https://x" and "mailto:x" lines are links, not speakers
_NOT_SPEAKERS = frozenset({"http", "https", "hxxp", "hxxps", "ftp", "mailto", "tel", "upi", "sms"})


def split_turns(text: str) -> list[Turn]:
    """Split a transcript into speaker turns; unlabelled text becomes one turn with no speaker."""
    turns: list[Turn] = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        m = _SPEAKER.match(line)
        if m and len(m.group(1).split()) <= 4 and m.group(1).strip().lower() not in _NOT_SPEAKERS:
            turns.append(Turn(speaker=m.group(1).strip(), text=m.group(2).strip()))
        elif turns:
            turns[-1].text = (turns[-1].text + " " + line.strip()).strip()
        else:
            turns.append(Turn(speaker="", text=line.strip()))
    return turns


def parse_text(content: str, channel: Channel) -> Document:
    """SMS, WhatsApp or call transcript → Document."""
    text, flags = clean_text(content)
    doc = Document(channel=channel, text=text, links=find_links(text), flags=flags)
    doc.language = detect_language(text)
    if channel is Channel.CALL:
        doc.turns = split_turns(text)
    return doc
