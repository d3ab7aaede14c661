"""Explainable signals: pure functions of a Document, each with the evidence behind it.

Every detector is module-level (the fitted pipeline pickles a reference to `signal_vector`), takes a
`Context` (the document plus its folded lower-case text and parsed links, computed once) and returns
a `Signal` or None. The same signals are model features and the reasons shown to a doctor.
Patterns cover English, Hindi (Devanagari) and Hinglish.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from fraudguard.brands import brand_book, brand_named_in, impersonated_brand, is_official
from fraudguard.ingest.text import fold_confusables
from fraudguard.ingest.url import UrlParts, upi_params, url_parts
from fraudguard.schemas import Document


@dataclass(frozen=True, slots=True)
class Signal:
    code: str
    strength: float  # 0..1
    evidence: str  # the span, link or header behind it


@dataclass(frozen=True, slots=True)
class Context:
    doc: Document
    low: str  # confusables folded, lower-cased
    links: tuple[tuple[str, UrlParts], ...]  # (url as found, parts) for http(s)/bare links


def context(doc: Document) -> Context:
    """Precompute what several detectors need."""
    low = fold_confusables(doc.text).lower()
    links = tuple(
        (link.url, url_parts(link.url)) for link in doc.links if not link.url.lower().startswith("upi:")
    )
    return Context(doc=doc, low=low, links=links)


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{a})" for a in alternatives))


# Negations that turn "share the OTP" into the bank's own warning.
_NEGATION = _rx(
    r"\b(?:never|not|don'?t|dont|do not|doesn'?t|won'?t|will not|no one|nobody|anyone)\b",
    r"\b(?:kabhi|mat|na|nahi|nahin|nhi|kisi)\b",
    r"(?:नहीं|न |ना |मत |कभी|किसी)",
)


def _find(pattern: re.Pattern[str], ctx: Context, code: str, negatable: bool = False) -> Signal | None:
    for m in pattern.finditer(ctx.low):
        if negatable:
            window = ctx.low[max(0, m.start() - 30) : m.end()]
            if _NEGATION.search(window):
                continue
        return Signal(code, 1.0, _evidence(ctx, m.start(), m.end()))
    return None


def _evidence(ctx: Context, start: int, end: int) -> str:
    # the folded text has the same length as the original, so spans map back one to one
    text = ctx.doc.text
    if len(text) == len(ctx.low):
        return text[start:end].strip()
    return ctx.low[start:end].strip()


# ---------------------------------------------------------------------------
# Text signals

_OTP_REQUEST = _rx(
    r"\b(?:share|send|tell|give|provide|forward|read out|enter|confirm|type|say|note down)\b"
    r"[^.\n।]{0,40}?\b(?:otp|one[- ]time password|upi pin|m-?pin|pin|cvv|password|passcode|"
    r"verification code|security code)\b",
    r"\b(?:otp|pin|cvv|password|code)\b[^.\n।]{0,25}?\b(?:batao|bataiye|bataye|batayein|bata do|"
    r"bhejo|bhej do|bhejiye|share karo|share kijiye|share karein|de do|dijiye|daalo|dalo|dalein|"
    r"daliye|enter karo|enter karein)\b",
    r"(?:ओटीपी|otp|पिन|pin|सीवीवी|cvv|पासवर्ड)[^।\n.]{0,30}?(?:बताएं|बताइए|बताओ|बता दें|भेजें|भेजो|"
    r"भेज दें|शेयर कर|दें|दीजिए|डालें|डालो|डालिए)",
)
_REMOTE_APP = _rx(
    r"any ?desk|team ?viewer|quick ?support|rust ?desk|airdroid|ultra ?viewer|splashtop|"
    r"remote (?:access|desktop|support app)|screen ?shar(?:e|ing)",
    r"एनीडेस्क|एनी डेस्क|टीमव्यूअर|टीम व्यूअर|क्विक सपोर्ट|स्क्रीन शेयर",
)
_THREAT = _rx(
    r"\b(?:arrest(?:ed)?|warrant|legal action|police (?:case|complaint)|fir\b|jail|prosecut\w*|"
    r"suspend(?:ed)?|suspension|cancel(?:l?ed)? (?:your|the) (?:licen[cs]e|registration)|"
    r"blocked|will be (?:blocked|closed|deactivated|disconnected|suspended|cut)|"
    r"disconnect(?:ed|ion)?|deactivat\w+|seized?|frozen|freeze)\b",
    r"\b(?:within \d+ ?(?:hours?|hrs?|minutes?|mins?)|by tonight|tonight|today itself|"
    r"immediately|urgent(?:ly)?|last (?:chance|warning|reminder)|final (?:notice|warning))\b",
    r"\b(?:giraftar\w*|giraftaar\w*|band ho (?:jayega|jaega|jaayega)|band kar (?:diya|di|denge)|"
    r"block ho (?:jayega|jaega|gaya)|kat (?:jayega|jaegi|jayegi|jaega)|turant|warna|varna|"
    r"nahi to|aaj raat|jail)\b",
    r"गिरफ्तार|गिरफ़्तार|वारंट|कानूनी कार्रवाई|निलंबित|रद्द|बंद (?:हो|कर)|ब्लॉक|काट (?:दी|दिया|दिए)|"
    r"कट जाएगा|कट जाएगी|तुरंत|अंतिम चेतावनी|जब्त|फ्रीज|जेल|आज रात",
)
_AUTHORITY = _rx(
    r"\b(?:cbi|central bureau|enforcement directorate|ncb|narcotics|customs (?:department|officer|"
    r"office)|trai|telecom regulatory|department of telecom\w*|dot officer|reserve bank|rbi|"
    r"crime branch|cyber (?:cell|crime|police)|mumbai police|delhi police|police (?:station|"
    r"officer|inspector)|national medical commission|nmc|medical council|income tax|"
    r"supreme court|high court|court|magistrate|judge|interpol|ministry of|government of india)\b",
    r"सीबीआई|पुलिस|क्राइम ब्रांच|कस्टम|ट्राई|आरबीआई|रिज़र्व बैंक|रिजर्व बैंक|अदालत|कोर्ट|न्यायालय|"
    r"मेडिकल काउंसिल|चिकित्सा परिषद|आयकर|प्रवर्तन निदेशालय|एनसीबी|एनएमसी|साइबर सेल|साइबर क्राइम",
)
_PAY_ORDER = _rx(
    r"\b(?:pay|transfer|send|deposit|remit)\b[^.\n।]{0,30}?(?:₹|rs\.?|inr|rupees|amount|money|"
    r"fee|fees|charges?|fine|\d)",
    r"\b(?:pay|payment)\b[^.\n।]{0,20}?\b(?:now|immediately|today|urgently|to avoid|to release|"
    r"to unblock|to activate)\b",
    r"\b(?:registration|processing|verification|security|clearance|release|settlement|"
    r"activation|convenience|token) (?:fee|fees|charges?|amount|deposit)\b",
    r"\b(?:accept|approve) (?:the |my |this )?(?:collect |payment |upi )?request\b",
    r"\bscan (?:the |this |my )?qr\b|\bqr (?:code )?scan\b",
    r"\b(?:paise|paisa|payment|amount|fees?)\b[^.\n।]{0,20}?\b(?:bhejo|bhej do|bhejiye|"
    r"transfer karo|transfer kijiye|jama karo|jama karein|pay karo|pay karein|kar do|dijiye)\b",
    r"(?:भुगतान|पेमेंट|पैसे|राशि|शुल्क|फीस)[^।\n.]{0,20}?(?:करें|करो|कीजिए|भेजें|भेजो|जमा)",
    r"स्कैन कर|क्यूआर",
)
_REFUND_MISTAKE = _rx(
    r"\b(?:by mistake|mistakenly|wrongly (?:sent|transferred|credited)|accidentally "
    r"(?:sent|transferred)|sent (?:it )?to (?:the )?wrong|please (?:refund|return) (?:it|the|my))\b",
    r"\b(?:galti se|galati se|galtise|wapas (?:kar|bhej)|vapas (?:kar|bhej)|refund kar)\w*",
    r"गलती से|वापस (?:कर|भेज)|रिफंड कर",
)
_SECRECY = _rx(
    r"\b(?:(?:do not|don'?t|dont|never|must not) (?:tell|inform|share this|disclose|discuss|"
    r"mention)|keep (?:this|it) (?:confidential|secret|between us)|strictly confidential|"
    r"national secret|national security|secret (?:investigation|operation)|official secrets? act)\b",
    r"\bkisi (?:ko|se) (?:bhi )?(?:mat|na|nahi) (?:batana|batao|bataye|batayein|bataiye|kehna)\b",
    r"किसी को (?:भी )?(?:न|मत|ना) बता|किसी से (?:न|मत) कह|गोपनीय|गुप्त (?:जांच|जाँच|रखें)",
)
_VIDEO_CALL = _rx(
    r"\bvideo[- ]?call\w*|\bskype\b|\bstay on (?:camera|video|the call)\b|\b(?:keep|switch) "
    r"(?:your )?(?:camera|video) on\b|\bvideo (?:pe|par) (?:raho|rahiye|aaiye|aao)\b",
    r"वीडियो कॉल|वीडियो काल|वीडियो पर",
)
_CHANGED_BANK = _rx(
    r"\b(?:new|updated|changed|revised|alternate|alternative|different) (?:bank )?(?:account|a/c|"
    r"bank (?:details|account)|banking details|beneficiary|remittance details)\b",
    r"\b(?:bank (?:details|account)|account details|remittance details) (?:has|have) "
    r"(?:been )?(?:changed|updated|revised)\b",
    r"\bchange (?:of|in) (?:our )?(?:bank|account|banking)\b",
    r"\bupdate (?:your|the) (?:records|beneficiary|vendor master)\b",
    r"\b(?:naya|naye|new) account\b[^.\n]{0,20}(?:me|mein)\b|\baccount (?:badal|change ho)\w*",
    r"नया (?:खाता|अकाउंट|बैंक)|नए (?:खाते|अकाउंट)|खाता बदल|अकाउंट बदल",
)
_PRIZE = _rx(
    r"\b(?:lottery|lucky draw|you (?:have )?won|winner|prize|jackpot|kbc|kaun banega crorepati|"
    r"cash reward|claim your (?:reward|gift|prize))\b",
    r"\b(?:lottery lagi|inaam|inam)\b",
    r"इनाम|लॉटरी|विजेता|लकी ड्रा|जीत (?:गए|लिया|ली)",
)
_JOB_TASK = _rx(
    r"\b(?:part[- ]time|work from home|daily (?:income|earning|salary|payout)|earn (?:rs|₹|inr|up ?to|"
    r"\d)|per (?:task|review|like)|prepaid task|merchant task|vip level|rate (?:hotels?|movies?|"
    r"products?)|google (?:maps )?reviews?|like (?:youtube )?videos?|telegram|"
    r"guaranteed (?:return|profit)s?|double your money|stock tips?|trading group|ipo allotment)\b",
    r"\bghar baithe\b|घर बैठे|पार्ट टाइम|रोज़ाना कमाई|रोजाना कमाई|टेलीग्राम",
)
_PARCEL = _rx(
    r"\b(?:parcel|courier|fedex|dhl|blue ?dart|consignment|shipment|customs (?:duty|clearance)|"
    r"seized|contraband|drugs|mdma|narcotics?|fake passports?)\b",
    r"पार्सल|कूरियर|कोरियर|ड्रग्स|नशीले|जब्त",
)
_KYC = _rx(
    r"\b(?:kyc|e-?kyc|re-?kyc|pan (?:card )?(?:update|link\w*|verification)|aadhaa?r "
    r"(?:update|link\w*|verification|seeding))\b",
    r"केवाईसी|के\.वाई\.सी|पैन (?:कार्ड )?(?:अपडेट|लिंक)|आधार (?:अपडेट|लिंक)",
)
_SEXTORTION = _rx(
    r"\b(?:nude|naked|obscene|intimate (?:video|photos?)|private video|sextortion|your video "
    r"(?:will|is) (?:go )?viral|video viral|morphed)\b",
    r"अश्लील|न्यूड|नग्न|वीडियो वायरल|आपत्तिजनक वीडियो",
)
_UTILITY = _rx(
    r"\b(?:electricity|power supply|power connection|light (?:cut|kat)|bijli|discom|kesco|uppcl|"
    r"pvvnl|dvvnl|mvvnl|electricity (?:bill|office|officer|department)|meter (?:reading|update)|"
    r"gas connection)\b",
    r"बिजली|विद्युत|मीटर",
)


def otp_request(ctx: Context) -> Signal | None:
    """Asks for an OTP, UPI PIN, CVV or password (not the bank's own 'never share' warning)."""
    return _find(_OTP_REQUEST, ctx, "otp_request", negatable=True)


def remote_access_app(ctx: Context) -> Signal | None:
    """Mentions a remote-access or screen-sharing app."""
    return _find(_REMOTE_APP, ctx, "remote_access_app")


def urgency_threat(ctx: Context) -> Signal | None:
    """Threat or deadline: arrest, suspension, block, disconnection, 'tonight'."""
    return _find(_THREAT, ctx, "urgency_threat")


def authority_named(ctx: Context) -> Signal | None:
    """Names police, CBI, ED, TRAI, RBI, customs, a court or a medical council."""
    return _find(_AUTHORITY, ctx, "authority_named")


def payment_request(ctx: Context) -> Signal | None:
    """Tells the reader to pay, transfer, accept a collect request or scan a QR."""
    return _find(_PAY_ORDER, ctx, "payment_request")


def refund_mistake(ctx: Context) -> Signal | None:
    """'Sent by mistake, please refund'."""
    return _find(_REFUND_MISTAKE, ctx, "refund_mistake")


def secrecy_demand(ctx: Context) -> Signal | None:
    """Tells the reader to keep it secret."""
    return _find(_SECRECY, ctx, "secrecy_demand")


def video_call_demand(ctx: Context) -> Signal | None:
    """Demands a video call or Skype."""
    return _find(_VIDEO_CALL, ctx, "video_call_demand")


def changed_bank_details(ctx: Context) -> Signal | None:
    """Announces new or changed bank details for payments."""
    return _find(_CHANGED_BANK, ctx, "changed_bank_details")


def prize_lottery(ctx: Context) -> Signal | None:
    """Lottery, prize or reward claims."""
    return _find(_PRIZE, ctx, "prize_lottery")


def job_task_offer(ctx: Context) -> Signal | None:
    """Part-time task, review or investment offers."""
    return _find(_JOB_TASK, ctx, "job_task_offer")


def parcel_customs(ctx: Context) -> Signal | None:
    """Parcel, courier, customs or drugs."""
    return _find(_PARCEL, ctx, "parcel_customs")


def kyc_update(ctx: Context) -> Signal | None:
    """KYC, PAN or Aadhaar update or linking."""
    return _find(_KYC, ctx, "kyc_update")


def sexual_threat(ctx: Context) -> Signal | None:
    """Obscene video or 'your video will go viral'."""
    return _find(_SEXTORTION, ctx, "sexual_threat")


def utility_bill(ctx: Context) -> Signal | None:
    """Electricity or gas connection and bills."""
    return _find(_UTILITY, ctx, "utility_bill")


def hidden_characters(ctx: Context) -> Signal | None:
    """Invisible characters inside words (used to slip past filters)."""
    if "zero_width" in ctx.doc.flags:
        return Signal("hidden_characters", 1.0, "invisible characters in the text")
    return None


def lookalike_letters(ctx: Context) -> Signal | None:
    """Latin words written with Cyrillic/Greek look-alike letters."""
    if "mixed_script" in ctx.doc.flags:
        word = next((w for w in ctx.doc.text.split() if not w.isascii() and any(
            "a" <= c.lower() <= "z" for c in fold_confusables(w))), "")
        return Signal("lookalike_letters", 1.0, word)
    return None


# ---------------------------------------------------------------------------
# Link signals

_EXECUTABLE_EXT = (
    ".apk", ".exe", ".scr", ".msi", ".bat", ".cmd", ".com", ".pif", ".jar", ".js", ".jse", ".vbs",
    ".vbe", ".wsf", ".hta", ".ps1", ".lnk", ".iso", ".img", ".vhd", ".dll", ".cpl", ".xapk",
)


def lookalike_domain(ctx: Context) -> Signal | None:
    """A link whose domain imitates a bank, UPI app or authority (a typo of the real one)."""
    for url, parts in ctx.links:
        hit = impersonated_brand(parts)
        if hit and hit[1] == "lookalike":
            return Signal("lookalike_domain", 1.0, f"{parts.host} (imitates {hit[0].name})")
    return None


def brand_in_unofficial_domain(ctx: Context) -> Signal | None:
    """A link that names a bank or authority in its host but is not on its real domain."""
    for url, parts in ctx.links:
        hit = impersonated_brand(parts)
        if hit and hit[1] == "keyword":
            return Signal("brand_in_unofficial_domain", 1.0, f"{parts.host} (not {hit[0].name})")
    return None


def official_links_only(ctx: Context) -> Signal | None:
    """Every link is on a protected brand's real domain or an official Indian suffix."""
    if ctx.links and all(is_official(p) for _, p in ctx.links):
        return Signal("official_links_only", 1.0, ctx.links[0][1].host)
    return None


def shortened_link(ctx: Context) -> Signal | None:
    """A link shortener hides where the link goes."""
    shorteners = brand_book().shorteners
    for url, parts in ctx.links:
        if parts.registered_domain in shorteners or parts.host in shorteners:
            return Signal("shortened_link", 1.0, url)
    return None


def ip_address_link(ctx: Context) -> Signal | None:
    """A link to a bare IP address instead of a name."""
    for url, parts in ctx.links:
        if parts.is_ip:
            return Signal("ip_address_link", 1.0, url)
    return None


def punycode_link(ctx: Context) -> Signal | None:
    """An internationalised (punycode) host, often used for look-alike letters."""
    for url, parts in ctx.links:
        if "xn--" in parts.host:
            return Signal("punycode_link", 1.0, url)
    return None


def risky_tld(ctx: Context) -> Signal | None:
    """A link on a cheap top-level domain much used by scams."""
    risky = brand_book().risky_suffixes
    for url, parts in ctx.links:
        if parts.suffix in risky:
            return Signal("risky_tld", 1.0, parts.host)
    return None


def executable_link(ctx: Context) -> Signal | None:
    """A link to an app (APK) or program file."""
    for url, parts in ctx.links:
        if parts.path.lower().endswith(_EXECUTABLE_EXT):
            return Signal("executable_link", 1.0, url)
    m = re.search(r"[\w.-]+\.(?:apk|xapk)\b", ctx.low)
    if m:
        return Signal("executable_link", 1.0, _evidence(ctx, m.start(), m.end()))
    return None


def credentials_in_url(ctx: Context) -> Signal | None:
    """'https://bank.example@evil.host/' — the real host is after the @."""
    for url, parts in ctx.links:
        if parts.userinfo:
            return Signal("credentials_in_url", 1.0, url)
    return None


def upi_payment_link(ctx: Context) -> Signal | None:
    """A upi://pay link, which opens a payment (or collect) screen."""
    for link in ctx.doc.links:
        params = upi_params(link.url)
        if params:
            return Signal("upi_payment_link", 1.0 if params.get("am") else 0.6, link.url)
    return None


_HOSTISH = re.compile(r"(?:[a-z0-9-]+\.)+[a-z]{2,}")


def link_text_mismatch(ctx: Context) -> Signal | None:
    """An email link shows one address but goes to another."""
    for link in ctx.doc.links:
        if not link.text:
            continue
        shown = _HOSTISH.search(link.text.lower())
        if not shown:
            continue
        real = url_parts(link.url)
        if real.host and url_parts(shown.group(0)).registered_domain != real.registered_domain:
            return Signal("link_text_mismatch", 1.0, f"shows {shown.group(0)}, goes to {real.host}")
    return None


# ---------------------------------------------------------------------------
# Email header and attachment signals


def _addr_domain(address: str) -> str:
    if "@" not in address:
        return ""
    return url_parts(address.rsplit("@", 1)[1].strip(" >")).registered_domain


def reply_to_mismatch(ctx: Context) -> Signal | None:
    """Replies go to a different domain than the sender's."""
    h = ctx.doc.email
    if h and h.reply_to and h.from_address:
        a, b = _addr_domain(h.from_address), _addr_domain(h.reply_to)
        if a and b and a != b:
            return Signal("reply_to_mismatch", 1.0, f"From {h.from_address}, Reply-To {h.reply_to}")
    return None


def sender_impersonation(ctx: Context) -> Signal | None:
    """The sender's name claims a bank or authority the address does not belong to."""
    h = ctx.doc.email
    if not h or not h.from_display:
        return None
    brand = brand_named_in(h.from_display)
    domain = _addr_domain(h.from_address)
    if brand and domain and not is_official(url_parts(domain)):
        return Signal("sender_impersonation", 1.0, f'"{h.from_display}" <{h.from_address}>')
    shown = re.search(r"[\w.+-]+@([\w-]+\.[\w.-]+)", h.from_display)
    if shown and domain and _addr_domain(shown.group(0)) != domain:
        return Signal("sender_impersonation", 1.0, f'"{h.from_display}" <{h.from_address}>')
    return None


def freemail_authority(ctx: Context) -> Signal | None:
    """An 'official' message sent from a free webmail address."""
    h = ctx.doc.email
    if not h or not h.from_address:
        return None
    if _addr_domain(h.from_address) in brand_book().freemail and (
        brand_named_in(h.from_display) or _AUTHORITY.search(h.from_display.lower())
    ):
        return Signal("freemail_authority", 1.0, h.from_address)
    return None


def auth_failed(ctx: Context) -> Signal | None:
    """The receiving server says SPF, DKIM or DMARC failed."""
    h = ctx.doc.email
    if not h:
        return None
    failed = [k for k, v in h.auth.items() if v in ("fail", "softfail", "permerror")]
    if failed:
        return Signal("auth_failed", 1.0, ", ".join(f"{k}={h.auth[k]}" for k in sorted(failed)))
    return None


_MACRO_EXT = (".docm", ".xlsm", ".pptm", ".dotm", ".xlam", ".xlsb")
_ARCHIVE_EXT = (".zip", ".rar", ".7z", ".gz", ".tar", ".ace", ".cab", ".arj")
_HTML_EXT = (".html", ".htm", ".shtml", ".svg", ".xhtml")
_DOC_EXT = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".jpg", ".jpeg", ".png", ".txt")


def dangerous_attachment(ctx: Context) -> Signal | None:
    """An attachment that runs code: programs, APKs, disk images, macros, scripts, HTML forms."""
    for att in ctx.doc.attachments:
        name = att.filename.lower().strip()
        if name.endswith(_EXECUTABLE_EXT) or name.endswith(_MACRO_EXT) or name.endswith(_HTML_EXT):
            return Signal("dangerous_attachment", 1.0, att.filename)
        stem = name.rsplit(".", 1)[0]
        if stem.endswith(_DOC_EXT) and "." in name:
            return Signal("dangerous_attachment", 1.0, att.filename)  # invoice.pdf.zip
    return None


def archive_attachment(ctx: Context) -> Signal | None:
    """A compressed archive attached (often used to carry malware past filters)."""
    for att in ctx.doc.attachments:
        if att.filename.lower().endswith(_ARCHIVE_EXT):
            return Signal("archive_attachment", 0.5, att.filename)
    return None


# ---------------------------------------------------------------------------

Detector = Callable[[Context], "Signal | None"]

DETECTORS: tuple[Detector, ...] = (
    otp_request,
    remote_access_app,
    urgency_threat,
    authority_named,
    payment_request,
    refund_mistake,
    secrecy_demand,
    video_call_demand,
    changed_bank_details,
    prize_lottery,
    job_task_offer,
    parcel_customs,
    kyc_update,
    sexual_threat,
    utility_bill,
    hidden_characters,
    lookalike_letters,
    lookalike_domain,
    brand_in_unofficial_domain,
    official_links_only,
    shortened_link,
    ip_address_link,
    punycode_link,
    risky_tld,
    executable_link,
    credentials_in_url,
    upi_payment_link,
    link_text_mismatch,
    reply_to_mismatch,
    sender_impersonation,
    freemail_authority,
    auth_failed,
    dangerous_attachment,
    archive_attachment,
)

SIGNAL_CODES: tuple[str, ...] = tuple(d.__name__ for d in DETECTORS)

# Signals that describe the message without making it risky on their own (they never lead a
# reason list; official_links_only is reassuring).
CONTEXT_ONLY = frozenset({"authority_named", "utility_bill", "parcel_customs", "official_links_only"})


def detect(doc: Document) -> list[Signal]:
    """All signals present in a document."""
    ctx = context(doc)
    out = []
    for detector in DETECTORS:
        sig = detector(ctx)
        if sig is not None:
            out.append(sig)
    return out
