"""Indicators in a message: URLs, domains, phones, UPI IDs, e-mails, amounts, accounts, IFSC.

Pure functions, no network, no file I/O, no logging. Everything runs on the raw text (before
any lower-casing); Indian-script digits (०-९ and the other Indic blocks) are mapped to ASCII
first, one character for one, so every offset stays valid. Each extractor returns normalised
strings, de-duplicated in order of first appearance. Aadhaar and PAN are only returned masked.

URLs and domains are where links really go (the href, or a URL written in the text) and the
sender's own domain, never an address that stands in the text only as the shown text of a link
that goes elsewhere: `<a href="http://sbi-secure-login.top/">www.onlinesbi.sbi</a>` makes
sbi-secure-login.top a suspect, not the bank. `imitated_domains` names the address shown instead.

Cost of `extract` (CPython 3.11.7, one core of the dev VM, ~160-character SMS with one link,
median of 25 x 1000 runs): 10 µs with no digits; 70 µs with one phone number seen for the first
time (phonenumbers parse + validate is ~25 µs of it), 45 µs once that number is in the parse
cache; 85 µs for a Hinglish SMS with a phone, an amount, a UPI ID and a link. Texts without a
run of 7+ digits never reach phonenumbers, texts without "@" skip the e-mail/UPI patterns, and
texts without digits skip every number extractor. Every pattern is linear: a 1 MB adversarial
text takes well under a second.
"""

from __future__ import annotations

import encodings.idna
import ipaddress
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from urllib.parse import parse_qsl

import idna  # a hard dependency of email-validator; UTS #46 like browsers, unlike the stdlib codec
import phonenumbers
from email_validator import EmailNotValidError, validate_email

from fraudguard.brands import brand_book
from fraudguard.ingest.text import clean_text, find_links, split_host
from fraudguard.ingest.url import url_parts
from fraudguard.schemas import Indicators, Link

__all__ = [
    "KNOWN_UPI_HANDLES",
    "amounts",
    "bank_accounts",
    "domains",
    "emails",
    "extract",
    "ifsc",
    "imitated_domains",
    "imitations",
    "phones",
    "sensitive",
    "upi_ids",
    "urls",
]

# PSP handles of UPI VPAs (the part after "@"). Any handle of 2-20 letters is accepted as a VPA;
# this set tells the signals layer which ones are real PSPs.
KNOWN_UPI_HANDLES: frozenset[str] = frozenset(
    """
    ybl ibl axl okaxis oksbi okhdfcbank okicici paytm pthdfc ptyes ptaxis ptsbi upi apl yapl rapl
    waicici waaxis wahdfcbank wasbi icici sbi hdfcbank axisbank axis kotak kmbl indus federal fbl
    pnb boi barodampay unionbank unionbankofindia ikwik jupiteraxis fam slice naviaxis navi
    airtel airtelpaymentsbank freecharge timecosmos idfcbank idfcfirst aubank yesbank yesbankltd
    abfspay abfs kbl kvb cnrb canarabank centralbank cbin idbi iob indianbank mahb sib rbl
    dbs citi citigold hsbc sc superyes yesg yescred tapicici pingpay postbank ippb ezeepay
    dlb equitas esaf fino jsb kaypay nsdl pockets payzapp mobikwik omni amazon amazonpay
    apay okbizaxis bpunity jio
    """.split()  # noqa: SIM905 - a word list reads and diffs better than 90 quoted strings
)

# Not attacker indicators: the cyber-fraud helpline, emergency, DND, RBI ombudsman, old 1930.
_HELPLINES = frozenset({"1930", "112", "1909", "14448", "155260"})

# ---------------------------------------------------------------------------
# Digits

_DIGIT_BLOCKS = (0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66, 0xFF10)
_TO_ASCII_DIGITS = {base + i: str(i) for base in _DIGIT_BLOCKS for i in range(10)}
_NON_ASCII_DIGIT = re.compile("[" + "".join(f"{chr(b)}-{chr(b + 9)}" for b in _DIGIT_BLOCKS) + "]")
_ANY_DIGIT = re.compile(r"[0-9]")


def _ascii_digits(text: str) -> str:
    # one character for one character: offsets stay valid for evidence spans
    if _NON_ASCII_DIGIT.search(text):
        return text.translate(_TO_ASCII_DIGITS)
    return text


# ---------------------------------------------------------------------------
# Money

_CUR_PRE = r"(?:₹|(?<![a-z])(?:rs\.?|inr)|रु\.?|रू\.?)"
_LAKH = r"(?:lakhs?|lacs?)(?![a-z])|लाख"
_CRORE = r"(?:crores?|cr)(?![a-z])|करो(?:\u095c|\u0921\u093c?)"
_THOUSAND_WORD = r"(?:thousand|hazaa?r)(?![a-z])|ह(?:\u095b|\u091c\u093c?)ार"
# "k"/"L" only when attached ("₹10k", "₹1.5L"): "500 k liye" is Hinglish for "for 500"
_MULT = rf"\s{{0,2}}(?:{_LAKH}|{_CRORE}|{_THOUSAND_WORD})|[kl](?![a-z])"
_MULT_WORD = r"(?:lakhs?|lacs?|crores?)(?![a-z])|लाख|करो(?:\u095c|\u0921\u093c?)"
_CUR_SUF = (
    r"(?:rupees?|rupaye|rupaiye|rupaiya|rupiya|rupiye|rupay|rs|inr)(?![a-z])"
    r"|₹|रुप(?:ये|ए|या|यों|ैया)|रु\.?|रू\.?|/-"
)
# Number first, context second: a digit-led pattern lets the regex engine skip ahead cheaply,
# where a pattern led by alternatives and look-behinds is tried at every position.
_NUMBER = re.compile(r"[0-9]++(?:,[0-9]++)*+(?:\.[0-9]++)?+")
_MONEY_BEFORE = re.compile(rf"{_CUR_PRE}[\s:]{{0,2}}$", re.I)
_MONEY_AFTER = re.compile(
    rf"(?P<mult>{_MULT})?(?P<dash>\s?/-)?(?:\s{{0,2}}(?P<cur>{_CUR_SUF}))?", re.I
)
_MULT_WORD_FULL = re.compile(_MULT_WORD, re.I)
_LAST_OF_CURRENCY = frozenset("₹sSrR.ुू")  # ₹, Rs, Rs., INR, रु, रु., रू
_FIRST_AFTER_MONEY = frozenset("lLcCtThHkKrRiI₹/रलकह")  # lakh, crore, thousand, k, rupees ...
_MULTIPLIERS = (
    (re.compile(_LAKH + r"|l(?![a-z])", re.I), Decimal(100_000)),
    (re.compile(_CRORE, re.I), Decimal(10_000_000)),
    (re.compile(_THOUSAND_WORD + r"|k", re.I), Decimal(1_000)),
)
# for phones: a number right before a rupee word is money
_CUR_AFTER = re.compile(rf"\s{{0,2}}(?:{_CUR_SUF}|{_MULT_WORD})", re.I)


def _money(number: str, multiplier: str | None) -> str | None:
    digits = number.replace(",", "")
    if len(digits) > 20:  # not money; also keeps Decimal/int conversions small
        return None
    try:
        value = Decimal(digits)
    except InvalidOperation:
        return None
    if multiplier:
        multiplier = multiplier.strip()
        for rx, factor in _MULTIPLIERS:
            if rx.fullmatch(multiplier):
                value *= factor
                break
    if value == value.to_integral_value():
        return f"INR {int(value)}"
    return f"INR {value.normalize():f}"


def _amounts(text: str) -> list[str]:
    if not _ANY_DIGIT.search(text):
        return []
    found = []
    for m in _NUMBER.finditer(text):
        start, end = m.span()
        if start > 1 and text[start - 1] in ".," and text[start - 2].isdigit():
            continue  # the tail of "1.2.3" or "5,,000"
        # one-character look-arounds first: most numbers are not money, and the regexes cost more
        is_money, mult = False, None
        if _neighbour(text, end, 1) in _FIRST_AFTER_MONEY:
            after = _MONEY_AFTER.match(text, end)
            if after:
                mult = after.group("mult")
                is_money = bool(after.group("dash") or after.group("cur")) or bool(
                    mult and _MULT_WORD_FULL.fullmatch(mult.strip())
                )
        if not is_money and _neighbour(text, start, -1) in _LAST_OF_CURRENCY:
            is_money = _MONEY_BEFORE.search(text, max(0, start - 8), start) is not None
        if is_money:
            money = _money(m.group(0), mult)
            if money:
                found.append(money)
    return _unique(found)


def _neighbour(text: str, i: int, step: int) -> str:
    # the first character before (step -1) or from (step 1) position i, past up to two spaces
    j = i - 1 if step < 0 else i
    for _ in range(3):
        if not 0 <= j < len(text):
            return ""
        if not (text[j].isspace() or text[j] == ":"):
            return text[j]
        j += step
    return ""


def amounts(text: str) -> list[str]:
    """Money mentions (₹, Rs, INR, rupees, रुपये, lakh, crore, k, /-) as "INR <number>"."""
    return _amounts(_ascii_digits(text))


# ---------------------------------------------------------------------------
# Bank accounts, IFSC, Aadhaar, PAN

_ACCOUNT_BEFORE = re.compile(
    r"(?:(?<![a-z])(?:a/c|a\\c|acct|accounts?|acc(?=\.?\s?no)|ac(?=\.?\s?no)|khaa?ta|khate)"
    r"(?![a-z])|खात[ाे])"
    r"(?:\.?\s{0,2}(?:number|num|nbr|no|नंबर|नं|संख्या|सं)\.?)?"
    r"(?:\s{0,2}(?:is|hai|है|[:#=\-]))?\s{0,3}$",
    re.I,
)
_DIGIT_RUN = re.compile(r"[0-9](?:[ \-]?[0-9])*+")
_SEPARATOR = re.compile(r"[ \-]")
# explicit classes instead of re.I: case-folding every character doubles the scan time
_IFSC = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{4}0[A-Za-z0-9]{6}(?![A-Za-z0-9])")
_AADHAAR = re.compile(
    r"(?<![0-9A-Za-z+])([2-9][0-9]{3})([ \-]?)([0-9]{4})\2([0-9]{4})(?![0-9A-Za-z])"
)
_PAN = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z]{3}[PCHFATBLJGpchfatbljg][A-Za-z]([0-9]{4})[A-Za-z](?![A-Za-z0-9])"
)

# Verhoeff dihedral-group tables (UIDAI's check digit for Aadhaar).
_VERHOEFF_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_VERHOEFF_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)


def _verhoeff_valid(digits: str) -> bool:
    check = 0
    for i, ch in enumerate(reversed(digits)):
        check = _VERHOEFF_D[check][_VERHOEFF_P[i % 8][ord(ch) - 48]]
    return check == 0


def _is_aadhaar(digits: str) -> bool:
    return len(digits) == 12 and digits[0] in "23456789" and _verhoeff_valid(digits)


_Spans = tuple[list[int], list[int]]  # starts and ends of sorted, disjoint spans


def _merged(spans: Iterable[tuple[int, int]]) -> _Spans:
    starts: list[int] = []
    ends: list[int] = []
    for start, end in sorted(spans):
        if ends and start <= ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends


def _overlaps(spans: _Spans, start: int, end: int) -> bool:
    starts, ends = spans
    i = bisect_right(ends, start)
    return i < len(starts) and starts[i] < end


def _account_spans(text: str) -> list[tuple[int, int]]:
    # digits first (runs of 9+ are rare), then an account keyword right before them
    spans = []
    for m in _DIGIT_RUN.finditer(text):
        start, end = m.span()
        if end - start < 9 or not _ACCOUNT_BEFORE.search(text, max(0, start - 32), start):
            continue
        # "A/c 123456789012 9876543210": the account is the longest group prefix of <= 18 digits
        count, stop = 0, start
        for group in _SEPARATOR.split(m.group(0)):
            if count + len(group) > 18:
                break
            count += len(group)
            stop = text.index(group, stop) + len(group)
        if count >= 9:
            spans.append((start, stop))
    return spans


def _aadhaar_spans(text: str) -> list[tuple[int, int]]:
    return [
        m.span()
        for m in _AADHAAR.finditer(text)
        if _is_aadhaar(m.group(1) + m.group(3) + m.group(4))
    ]


def bank_accounts(text: str) -> list[str]:
    """9-18 digit numbers right after an account keyword (A/c, account no, acct, khata, खाता)."""
    text = _ascii_digits(text)
    return _unique(_SEPARATOR.sub("", text[s:e]) for s, e in _account_spans(text))


def _ifsc(text: str) -> list[str]:
    if "0" not in text:
        return []
    return _unique(m.group(0).upper() for m in _IFSC.finditer(text))


def ifsc(text: str) -> list[str]:
    """IFSC codes (4 letters, 0, 6 letters/digits), upper-cased."""
    return _ifsc(_ascii_digits(text))


def _sensitive_found(text: str, accounts: list[tuple[int, int]]) -> list[tuple[str, str]]:
    """(masked form, the number as written) in order of appearance; the caller keeps the latter."""
    found: list[tuple[int, str, str]] = []
    account_spans = _merged(accounts)
    for m in _AADHAAR.finditer(text):
        # a number introduced as an account number is an account, not an Aadhaar
        if _overlaps(account_spans, m.start(), m.start() + 1):
            continue
        if _is_aadhaar(m.group(1) + m.group(3) + m.group(4)):
            found.append((m.start(), f"aadhaar:XXXX-XXXX-{m.group(4)}", m.group(0)))
    for m in _PAN.finditer(text):
        found.append((m.start(), f"pan:XXXXX{m.group(1)}X", m.group(0)))
    found.sort(key=lambda item: item[0])
    return [(masked, raw) for _, masked, raw in found]


def _redactor(found: list[tuple[str, str]]) -> re.Pattern[str]:
    # every way this text writes its Aadhaar/PAN numbers, to mask them in the other indicators
    # (a phishing URL carrying "?uid=<aadhaar>", an account number equal to an Aadhaar)
    forms = {raw for _, raw in found} | {_SEPARATOR.sub("", raw) for _, raw in found}
    return re.compile("|".join(map(re.escape, sorted(forms, key=len, reverse=True))), re.I)


def _mask(match: re.Match[str]) -> str:
    raw = match.group(0)
    return "X" * (len(raw) - 4) + raw[-4:] if raw[0].isdigit() else f"XXXXX{raw[5:9]}X"


def sensitive(text: str) -> list[str]:
    """Aadhaar (Verhoeff-valid) and PAN, masked only: "aadhaar:XXXX-XXXX-1234", "pan:XXXXX1234X"."""
    text = _ascii_digits(text)
    return _unique(masked for masked, _ in _sensitive_found(text, _account_spans(text)))


# ---------------------------------------------------------------------------
# Phones

# A maximal run of digits with the separators people type; the cheap gate before phonenumbers.
# Possessive, and what follows is checked in Python, so a failed candidate is never re-scanned.
_PHONE_RUN = re.compile(
    r"(?<![0-9a-z_@/=&%+#])(?:\+|\(\+?)?[0-9](?:[ \u00a0().\-]{0,2}[0-9])*+", re.I
)
_GLUED = re.compile(r"[a-z_@]", re.I)  # "9876543210@ybl" is a UPI ID, "...10abc" an identifier
_GROUP = re.compile(r"[^ \u00a0]+")
_LONG_GROUP = re.compile(r"[^ \u00a0]{7,}")
_DATE = re.compile(
    r"[0-9]{1,2}\s?([./\-])\s?[0-9]{1,2}\s?\1\s?(?:[0-9]{4}|[0-9]{2})"
    r"|[0-9]{4}\s?([./\-])\s?[0-9]{1,2}\s?\2\s?[0-9]{1,2}"
)
_OTP_NEAR = re.compile(
    r"otp|o\.t\.p|one[ -]?time|pass ?code|password|\bcode\b|\bpin\b|ओटीपी|कोड|पासवर्ड|पिन", re.I
)
_AADHAAR_GROUPS = re.compile(r"[0-9]{4}([ \-])[0-9]{4}\1[0-9]{4}")
_MAX_GROUPS = 5  # "+1 (202) 555-0143" is four space-separated groups
_LONG_RUN = 256  # beyond this a run is a table, not a list of phone numbers: groups one by one


def _e164(number: phonenumbers.PhoneNumber) -> str | None:
    if not phonenumbers.is_valid_number(number):
        return None
    if number.country_code == 91 and phonenumbers.national_significant_number(number) in _HELPLINES:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _not_a_phone(text: str, start: int, end: int, run: str, digits: str) -> bool:
    if _MONEY_BEFORE.search(text, max(0, start - 8), start) or _CUR_AFTER.match(text, end):
        return True  # an amount
    if run.count(".") >= 3 or _DATE.fullmatch(run):
        return True  # an IP address, a version, a date
    plus = run.lstrip("(").startswith("+")
    if len(digits) <= 8 and not plus and _OTP_NEAR.search(text, max(0, start - 40), start):
        return True  # a one-time password
    if len(digits) == 12 and not plus:
        # Aadhaar-sized; only "91" + a 10-digit number written without a "+" may be a phone
        return (
            not digits.startswith("91")
            or _is_aadhaar(digits)
            or _AADHAAR_GROUPS.fullmatch(run) is not None
        )
    return False


def _phone_at(text: str, start: int, end: int, excluded: _Spans) -> str | None:
    run = text[start:end]
    digits = "".join(ch for ch in run if ch.isdigit())
    if not 7 <= len(digits) <= 17 or _overlaps(excluded, start, end):
        return None
    if _not_a_phone(text, start, end, run, digits):
        return None
    return _parse_phone(run)


@lru_cache(maxsize=4096)
def _parse_phone(candidate: str) -> str | None:
    # cached: campaigns repeat the same number across thousands of messages
    try:
        return _e164(phonenumbers.parse(candidate, "IN"))
    except phonenumbers.NumberParseException:
        return None


def _phones_in_run(text: str, offset: int, run: str, excluded: _Spans) -> list[str]:
    # numbers written next to each other ("98765 43210 91234 56789"): from each group, the
    # longest stretch of whole groups that is a valid number
    widest, group_rx = (1, _LONG_GROUP) if len(run) > _LONG_RUN else (_MAX_GROUPS, _GROUP)
    groups = [(offset + g.start(), offset + g.end()) for g in group_rx.finditer(run)]
    found, i = [], 0
    while i < len(groups):
        for j in range(min(len(groups), i + widest), i, -1):
            e164 = _phone_at(text, groups[i][0], groups[j - 1][1], excluded)
            if e164:
                found.append(e164)
                i = j
                break
        else:
            i += 1
    return found


def _phones(text: str, accounts: list[tuple[int, int]]) -> list[str]:
    found: list[str] = []
    excluded: _Spans | None = None
    for m in _PHONE_RUN.finditer(text):
        run, start, end = m.group(0), m.start(), m.end()
        if len(run) < 7 or _GLUED.match(text, end):
            continue
        if excluded is None:
            # account numbers and valid Aadhaar numbers are never phones
            excluded = _merged(accounts + _aadhaar_spans(text))
        e164 = _phone_at(text, start, end, excluded)
        if e164:
            found.append(e164)
        elif " " in run or "\u00a0" in run:
            found += _phones_in_run(text, start, run, excluded)
    return _unique(found)


def phones(text: str) -> list[str]:
    """Phone numbers in E.164 (default region IN); not OTPs, amounts, dates, accounts, Aadhaar."""
    text = _ascii_digits(text)
    return _phones(text, _account_spans(text))


# ---------------------------------------------------------------------------
# UPI IDs and e-mail addresses

# the handle has no dot: "ram@okaxis" is a VPA, "ram@gmail.com" an address
_VPA = re.compile(
    r"(?<![\w.\-+/:@%])[a-z0-9][a-z0-9._\-]{0,63}@[a-z]{2,20}(?![a-z0-9_\-@]|\.[a-z0-9])", re.I
)
_EMAIL = re.compile(
    # not the user-info of a URL ("https://sbi.co.in@evil.example/"), but mailto: is fine
    r"(?:(?<=mailto:)|(?<![\w.%+\-/:]))[a-z0-9][a-z0-9._%+\-]{0,63}"
    r"@(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?![a-z0-9\-])",
    re.I,
)


def _upi_link_ids(text: str, links: Sequence[Link]) -> list[tuple[int, str]]:
    found = []
    positions: dict[str, int] = {}
    for link in links:
        url = link.url.strip()
        if url[:6].lower() != "upi://" or "?" not in url:
            continue
        for key, value in parse_qsl(url.split("?", 1)[1], keep_blank_values=True):
            pa = value.strip().lower()
            if key.lower() == "pa" and "@" in pa:
                if url not in positions:
                    pos = text.find(url)
                    positions[url] = pos if pos >= 0 else len(text)
                found.append((positions[url], pa))
    return found


def _upi_ids(text: str, links: Sequence[Link]) -> list[str]:
    found = [(m.start(), m.group(0).lower()) for m in _VPA.finditer(text)] if "@" in text else []
    found += _upi_link_ids(text, links)
    found.sort(key=lambda item: item[0])
    return _unique(vpa for _, vpa in found)


def upi_ids(text: str, links: Sequence[Link] = ()) -> list[str]:
    """UPI VPAs (name@handle, handle without a dot) in the text and the pa= of upi:// links."""
    return _upi_ids(_ascii_digits(text), links)


def _valid_email(address: str) -> str | None:
    try:
        return validate_email(address, check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def emails(text: str, extra_emails: Iterable[str] = ()) -> list[str]:
    """Syntactically valid addresses, normalised; extra_emails (e.g. headers) first; no DNS."""
    candidates = [address.strip() for address in extra_emails]
    if "@" in text:
        candidates += [m.group(0) for m in _EMAIL.finditer(text)]
    return _unique(filter(None, map(_valid_email, candidates)))


# ---------------------------------------------------------------------------
# URLs and domains

_SCHEME = re.compile(r"[a-z][a-z0-9+.\-]*://", re.I)
_AUTHORITY_END = re.compile(r"[/?#\\]")
_IDN_DOTS = re.compile("[.\u3002\uff0e\uff61]")


@lru_cache(maxsize=8192)
def _ascii_host(host: str) -> str:
    if host.isascii():
        return host.lower()
    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        pass
    labels = []
    for label in _IDN_DOTS.split(host):
        if label.isascii():
            labels.append(label.lower())
            continue
        try:
            labels.append(encodings.idna.ToASCII(label).decode("ascii").lower())
        except UnicodeError:
            labels.append("xn--" + label.lower().encode("punycode").decode("ascii"))
    return ".".join(labels)


def _split_url(url: str) -> tuple[str, str, str, str, str]:
    """(scheme, userinfo@, host, :port, rest) of a URL; scheme defaults to http."""
    m = _SCHEME.match(url)
    scheme, rest = (url[: m.end() - 3].lower(), url[m.end() :]) if m else ("http", url)
    end = _AUTHORITY_END.search(rest)
    authority, tail = (rest[: end.start()], rest[end.start() :]) if end else (rest, "")
    userinfo, at, hostport = authority.rpartition("@")
    if hostport.startswith("["):
        close = hostport.find("]") + 1 or len(hostport)
        host, port = hostport[:close], hostport[close:]
    else:
        host, colon, port = hostport.rpartition(":")
        if colon and (port.isdigit() or not port):
            port = colon + port
        else:
            host, port = hostport, ""
    return scheme, userinfo + at, _ascii_host(host), port, tail


def _normalise_url(url: str) -> str:
    url = url.strip()
    if url[:6].lower() == "upi://":
        return url
    scheme, userinfo, host, port, tail = _split_url(url)
    return f"{scheme}://{userinfo}{host}{port}{tail}"


def urls(links: Sequence[Link]) -> list[str]:
    """Links normalised: http:// when missing, scheme and host lower-cased, host in punycode."""
    return _unique(_normalise_url(link.url) for link in links if link.url.strip())


def _registered_domain(host: str) -> str | None:
    host = host.rstrip(".")
    if not host:
        return None
    if host[0] == "[" or host.replace(".", "").isdigit():
        try:
            return str(ipaddress.ip_address(host.strip("[]")))
        except ValueError:
            pass
    _, domain, suffix = split_host(host)
    if domain and suffix:
        return f"{domain}.{suffix}"
    return host  # no known public suffix (intranet names, integer IPs): the host is the evidence


def _domains(normalised_urls: Iterable[str]) -> list[str]:
    found = []
    for url in normalised_urls:
        if url[:6].lower() == "upi://":
            continue
        domain = _registered_domain(_split_url(url)[2])
        if domain:
            found.append(domain)
    return _unique(found)


def domains(links: Sequence[Link]) -> list[str]:
    """Registered domain (domain.suffix) of each link's host; IPs as the IP; upi:// skipped."""
    return _domains(urls(links))


def _sender_domains(addresses: Iterable[str]) -> list[str]:
    # a webmail provider (gmail.com) is nobody's suspect domain: the address itself is listed
    freemail = brand_book().freemail
    found = []
    for address in addresses:
        valid = _valid_email(address.strip())
        domain = valid and _registered_domain(_ascii_host(valid.rsplit("@", 1)[1]))
        if domain and domain not in freemail:
            found.append(domain)
    return found


def _shown_text(link: Link) -> str:
    # cleaned as ingest cleans the message text, so the two compare character for character
    return clean_text(link.text)[0] if link.text else ""


# an address glued to more address characters is part of a longer one ("//www.x.in", "x.in.evil")
_GLUED_BEFORE = re.compile(r"[\w.@/:\-]")
_GLUED_AFTER = re.compile(r"[\w@\-]|[./:]\w")


def _times_written(url: str, text: str, *, up_to: int) -> int:
    """How often `text` writes `url` as a whole address, counting no further than `up_to`."""
    count, at = 0, text.find(url)
    while at >= 0 and count < up_to:
        end = at + len(url)
        if not _GLUED_BEFORE.match(text, max(at - 1, 0), at) and not _GLUED_AFTER.match(
            text[end : end + 2]
        ):
            count += 1
        at = text.find(url, at + 1)
    return count


def _shown_only(text: str, links: Sequence[Link]) -> set[str]:
    """Links found in the text that stand there only as the shown text of (other) links."""
    # each address a link shows, found the way ingest found it in the text, by how many links
    shown: dict[str, int] = {}
    for link in links:
        for found in find_links(_shown_text(link)) if link.text else ():
            shown[found.url] = shown.get(found.url, 0) + 1
    # An anchor's href is never dropped (it has text, or, as an image link, is not in the text);
    # a URL the text writes more often than links show it is written on its own too.
    return {
        link.url
        for link in links
        if not link.text
        and link.url in shown
        and 0 < _times_written(link.url, text, up_to=shown[link.url] + 1) <= shown[link.url]
    }


def imitations(links: Sequence[Link]) -> list[tuple[str, str]]:
    """(domain a link shows as its text, domain it goes to) for each link whose two differ."""
    found = []
    for link in links:
        if not link.text or link.url[:6].lower() == "upi://":
            continue
        real = url_parts(link.url)
        if not real.host:
            continue
        for shown_link in find_links(_shown_text(link)):
            shown = url_parts(shown_link.url)
            # same comparison as signals.link_text_mismatch: a shown name without a public
            # suffix ("Dr.Sharma") is not an address
            if shown.suffix and shown.registered_domain != real.registered_domain:
                found.append((shown.registered_domain, real.registered_domain))
    return list(dict.fromkeys(found))


def imitated_domains(links: Sequence[Link]) -> list[str]:
    """Registered domains shown as a link's text while the link goes to another domain."""
    return _unique(shown for shown, _ in imitations(links))


# ---------------------------------------------------------------------------


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def redact(text: str) -> str:
    """The text with every Aadhaar (Verhoeff-valid) and PAN in it masked, the last four kept."""
    ascii_text = _ascii_digits(text)  # one character for one: the offsets hold in `text`
    found = _sensitive_found(ascii_text, _account_spans(ascii_text))
    if not found:
        return text
    out, last = [], 0
    for m in _redactor(found).finditer(ascii_text):
        out += [text[last : m.start()], _mask(m)]
        last = m.end()
    return "".join([*out, text[last:]])


def extract(text: str, links: Sequence[Link], *, extra_emails: Iterable[str] = ()) -> Indicators:
    """Every indicator in a message (raw text and its links), each list in order of appearance.

    extra_emails are the sender's addresses (From, Reply-To): listed first, and their domains
    head the domains. URLs and domains are where the links go, not what their text shows.
    """
    digits_text = _ascii_digits(text)
    senders = list(extra_emails)
    shown_only = _shown_only(text, links)
    normalised_urls = urls([link for link in links if link.url not in shown_only])
    found = {
        "urls": normalised_urls,
        "domains": _unique([*_sender_domains(senders), *_domains(normalised_urls)]),
        "upi_ids": _upi_ids(digits_text, links),
        "emails": emails(text, senders),
    }
    if not _ANY_DIGIT.search(digits_text):
        return Indicators(**found)
    accounts = _account_spans(digits_text)
    found["phones"] = _phones(digits_text, accounts)
    found["amounts"] = _amounts(digits_text)
    found["bank_accounts"] = _unique(_SEPARATOR.sub("", digits_text[s:e]) for s, e in accounts)
    found["ifsc"] = _ifsc(digits_text)
    secrets = _sensitive_found(digits_text, accounts)
    if secrets:
        redactor = _redactor(secrets)
        found = {key: _unique(redactor.sub(_mask, v) for v in vs) for key, vs in found.items()}
    return Indicators(**found, sensitive=_unique(masked for masked, _ in secrets))
