"""Explainable signals: pure functions of a Document, each with the evidence behind it.

Every detector is module-level (the fitted pipeline pickles a reference to `signal_vector`), takes a
`Context` (the document plus its folded lower-case text and parsed links, computed once) and returns
a `Signal` or None. The same signals are model features and the reasons shown to a doctor.
Patterns cover English, Hindi (Devanagari) and Hinglish.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass

from fraudguard.brands import (
    brand_book,
    brand_named_in,
    gov_name_outside_gov,
    impersonated_brand,
    is_official,
)
from fraudguard.domains import user_published
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
    text: str  # the part of the text the signals read (see read_window)
    low: str  # the same, confusables folded, lower-cased
    links: tuple[tuple[str, UrlParts], ...]  # (url as found, parts) for http(s)/bare links


_NON_WEB_SCHEME = re.compile(r"(?i)^(?:upi|mailto|tel|sms|callto|javascript|data|cid|file|about):")


# Text signals read the start of a document and its end: a scam makes its ask up front or hides
# it below filler; scanning the middle of a 200,000-character newsletter with every pattern
# would cost more than the whole model. What is left unread is reported (assess.coverage).
MAX_SIGNAL_CHARS = 60_000
TAIL_SIGNAL_CHARS = 20_000


def read_window(text: str) -> str:
    """The part of a text the signals read: all of it, or its start and its end."""
    if len(text) <= MAX_SIGNAL_CHARS + TAIL_SIGNAL_CHARS:
        return text
    return text[:MAX_SIGNAL_CHARS] + "\n" + text[-TAIL_SIGNAL_CHARS:]


def context(doc: Document) -> Context:
    """Precompute what several detectors need."""
    text = read_window(doc.text)
    low = _lower_same_length(fold_confusables(text)).replace("’", "'")
    links = tuple(
        (link.url, url_parts(link.url)) for link in doc.links if not _NON_WEB_SCHEME.match(link.url)
    )
    return Context(doc=doc, text=text, low=low, links=links)


def _lower_same_length(text: str) -> str:
    # Evidence spans found in the lower-cased text are cut from the original, so the two must have
    # the same length; a few letters ("İ") grow when lower-cased.
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{a})" for a in alternatives))


# Devanagari has no \b of its own: vowel signs are not \w, so "न" would match the end of "फ़ोन".
_DEVA = r"\u0900-\u0963\u0966-\u097F"
_DEVA_WORD_START = rf"(?<![{_DEVA}])"
_DEVA_WORD_END = rf"(?![{_DEVA}])"

# Negations that turn "share the OTP" into the bank's own warning.
_NEGATION = _rx(
    r"\b(?:never|not|don'?t|dont|do not|doesn'?t|won'?t|will not|no one|nobody|anyone)\b",
    # ... but not "nahi to" / "नहीं तो" ("or else"), which is the threat
    r"\b(?:kabhi|mat|na|(?:nahi|nahin|nhi)(?! to\b)|kisi)\b",
    rf"{_DEVA_WORD_START}(?:नहीं(?! तो)|न|ना|मत|कभी|किसी){_DEVA_WORD_END}",
)
_NEGATION_AFTER = re.compile(r"[^.;!?।\n]{0,15}?\b(?:with|to) (?:no ?one|nobody)\b")
_CLAUSE_BREAK = re.compile(r"[.;!?।\n]")


def _negated(low: str, start: int, end: int) -> bool:
    # Only the clause the match is in: "SBI never asks for your PIN; please share the OTP" asks.
    before = low[max(0, start - 30) : start]
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(before)]
    window = before[breaks[-1] if breaks else 0 :] + low[start:end]
    return bool(_NEGATION.search(window) or _NEGATION_AFTER.match(low, end, end + 30))


def _find(
    pattern: re.Pattern[str], ctx: Context, code: str, negatable: bool = False
) -> Signal | None:
    for m in pattern.finditer(ctx.low):
        if negatable and _negated(ctx.low, m.start(), m.end()):
            continue
        return Signal(code, 1.0, _evidence(ctx, m.start(), m.end()))
    return None


def _evidence(ctx: Context, start: int, end: int) -> str:
    # the folded text has the same length as the original, so spans map back one to one
    text = ctx.text
    if len(text) == len(ctx.low):
        return text[start:end].strip()
    return ctx.low[start:end].strip()


# ---------------------------------------------------------------------------
# Text signals

# "PIN code" is the postal code on every Indian address form, not a secret.
_PIN = r"pin(?![- ]?codes?\b)"
_SECRET = (
    rf"(?:otp|one[- ]time password|upi pin|m-?pin|atm pin|{_PIN}|cvv|"
    r"password(?! (?:reset|policy|expir\w*|manager|change))|passcode|verification code|"
    r"security code|\d[- ]?digit (?:code|number|otp|pin))"
)
_OTP_REQUEST = _rx(
    r"\b(?:share|send|tell|give|provide|forward|read out|say|note down|dictate)\b"
    rf"[^.\n।]{{0,40}}?\b{_SECRET}\b",
    # typing an OTP into the bank's own app is normal; typing a PIN "to receive" money is the scam
    rf"\b(?:enter|type|input)\b[^.\n।]{{0,25}}?\b(?:upi pin|m-?pin|atm pin|{_PIN}|cvv)\b",
    r"\bwhat(?:'s| is| was) (?:the |your |that )?(?:otp|verification code|\d[- ]?digit code)\b",
    rf"\b(?:otp|{_PIN}|cvv|password|(?<!pin )(?<!pin-)code)\b[^.\n।]{{0,25}}?\b"
    r"(?:batao|bataiye|bataye|batayein|bata do|bata dijiye|bhejo|bhej do|bhejiye|bhej dijiye|"
    r"share karo|share kijiye|share karein|share kar do|de do|dijiye|daalo|dalo|dalein|daliye|"
    r"daal do|enter karo|enter karein|enter kijiye|likho|bolo|boliye|"
    # the infinitive-as-request of spoken Hindi: "PIN daal dena", "OTP bata dena"
    r"daal dena|dal dena|daal dijiye|dal dijiye|daalna|dalna|bata dena|bhej dena|de dena|"
    r"enter kar dena|enter kar dijiye|share kar dena)\b",
    r"(?:ओटीपी|otp|पिन(?! कोड)|pin(?! ?code)|सीवीवी|cvv|पासवर्ड|(?<!पिन )कोड)[^।\n.]{0,30}?"
    r"(?:बताएं|बताएँ|बताइए|बताइये|बताओ|बता दें|बता दो|बता दीजिए|भेजें|भेजो|भेज दें|भेज दो|"
    r"भेज दीजिए|शेयर कर|साझा कर|दर्ज कर|डालें|डालो|डालिए|डाल दें|दें|दीजिए|दे दो|लिखें|बोलिए)",
)
_REMOTE_APP = _rx(
    r"any ?desk|team ?viewer|quick ?support|rust ?desk|airdroid|ultra ?viewer|splashtop|"
    r"remote (?:access|desktop|support app)|screen ?shar(?:e|ing)|"
    r"\bshare (?:your |the )?(?:mobile |phone )?screen\b",
    r"एनीडेस्क|एनी डेस्क|टीमव्यूअर|टीम व्यूअर|क्विक सपोर्ट|स्क्रीन शेयर",
)
_THREAT = _rx(
    # "cardiac arrest", "symptoms warrant admission", "road is blocked", "freeze the sample",
    # "oral suspension" are a doctor's everyday words, not threats
    r"\b(?:(?<!cardiac )(?<!respiratory )(?<!cardiopulmonary )(?<!sinus )arrest(?:ed)?|"
    r"(?:arrest|non-bailable|search) warrant|warrant (?:against|in your name|has been|is issued|"
    r"issued)|legal action|police (?:case|complaint)|fir\b|jail|prosecut\w*|"
    r"will be (?:temporarily |permanently )?(?:blocked|closed|deactivated|disconnected|suspended|"
    r"cut|frozen|seized|terminated|barred)|"
    r"(?:account|a/c|card|sim|number|upi|kyc|pan|wallet|connection|service|registration|"
    r"licen[cs]e|khata|mobile|id)\b[^.\n]{0,20}?\b(?:is|has been|have been|got|was) "
    r"(?:temporarily |permanently |now )?(?:blocked|suspended|deactivated|frozen|seized|barred)|"
    r"(?:account|a/c|card|sim|number|upi|kyc|khata) (?:temporarily |permanently )?blocked|"
    r"blocked (?:today|tonight|within|in \d)|"
    r"(?:block|freeze|seize|suspend|deactivate|disconnect|cancel) (?:your|the) (?:bank |sim |"
    r"mobile |upi |electricity |power )?(?:account|a/c|card|sim|number|registration|licen[cs]e|"
    r"connection|kyc|service|upi|pan|aadhaa?r)|"
    r"(?:account|card|sim|number|licen[cs]e|registration|service) suspension|"
    r"suspension of (?:your|the)|cancel(?:l?ed)? (?:your|the) (?:licen[cs]e|registration)|"
    r"disconnection)\b",
    r"\b(?:within \d+ ?(?:hours?|hrs?|minutes?|mins?)\b(?! (?:of|after|before) )|by tonight|"
    r"tonight (?:itself|at|before|by)|before (?:tonight|midnight)|today itself|"
    r"last (?:chance|warning|reminder)|final (?:notice|warning|reminder)|"
    r"urgent(?:ly)? (?:action|attention|payment|verification|update|kyc|response)|"
    r"otherwise (?:your|the|legal|we|action))\b",
    r"\b(?:pay|update|verify|complete|click|transfer|deposit|submit|link)\w*\b[^.\n।]{0,40}?"
    r"\b(?:immediately|urgently|right now|at once)\b",
    r"\b(?:immediately|urgently) (?:pay|update|verify|complete|click|transfer|deposit|submit)\b",
    r"\b(?:giraftar\w*|giraftaar\w*|band ho (?:jayega|jaega|jaayega)|band kar (?:diya|di|denge)|"
    r"block ho (?:jayega|jaega|gaya)|block kar (?:diya|di|denge)|kat (?:jayega|jaegi|jayegi|"
    r"jaega)|turant|warna|varna|nahi to|aaj raat|jail)\b",
    r"गिरफ्तार|गिरफ़्तार|वारंट|कानूनी कार्रवाई|निलंबित|रद्द|बंद (?:हो|कर)|ब्लॉक|काट (?:दी|दिया|दिए)|"
    r"कट जाएगा|कट जाएगी|तुरंत|अंतिम चेतावनी|जब्त|फ्रीज|जेल|आज रात",
)
_AUTHORITY = _rx(
    r"\b(?:cbi|central bureau|enforcement directorate|ncb|narcotics|customs (?:department|officer|"
    r"office)|trai|telecom regulatory|department of telecom\w*|dot officer|reserve bank|rbi|"
    r"crime branch|cyber (?:cell|crime|police)|mumbai police|delhi police|police (?:station|"
    r"officer|inspector)|national medical commission|nmc|medical council|income tax|"
    r"supreme court|high court|(?<!food )(?<!tennis )(?<!badminton )(?<!squash )court|"
    r"magistrate|(?:the|hon'?ble|honourable) judge|judge (?:sahab|saheb)|interpol|ministry of|"
    r"government of india)\b",
    r"सीबीआई|पुलिस|क्राइम ब्रांच|कस्टम|ट्राई|आरबीआई|रिज़र्व बैंक|रिजर्व बैंक|अदालत|कोर्ट|न्यायालय|"
    r"मेडिकल काउंसिल|चिकित्सा परिषद|आयकर|प्रवर्तन निदेशालय|एनसीबी|एनएमसी|साइबर सेल|साइबर क्राइम",
)
_RS = r"\brs(?:\b|(?=\d))\.?"
_PAY = r"pay(?! (?:attention|heed|a visit|tribute|respects?)\b)"  # "pay attention to bed 12"
_PAY_ORDER = _rx(
    rf"\b(?:{_PAY}|transfer|deposit|remit)\b[^.\n।]{{0,30}}?(?:₹|{_RS}|\binr\b|\brupees?\b|"
    r"\bamount\b|\bmoney\b|\bfees?\b|\bcharges?\b|\bfine\b|\bpenalty\b|\d{2,}|\d ?(?:/-|rupees?))",
    # "send 2 units of blood": sending is a payment only when money is named
    rf"\bsend\b[^.\n।]{{0,30}}?(?:₹|{_RS}|\binr\b|\brupees?\b|\bmoney\b|\bamount\b|\bpayment\b|"
    r"\d ?(?:/-|rupees?))",
    rf"\b(?:{_PAY}|payment)\b[^.\n।]{{0,20}}?\b(?:now|immediately|today|urgently|to avoid|"
    r"to release|to unblock|to activate)\b",
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
    r"(?:sent|transferred)|sent (?:it )?to (?:the )?wrong|"
    r"please (?:refund|return) (?:it|the|my))\b",
    r"\b(?:galti se|galati se|galtise|wapas (?:kar|bhej)|vapas (?:kar|bhej)|refund kar)\w*",
    r"गलती से|वापस (?:कर|भेज)|रिफंड कर",
)
# "sent by mistake" is the scam only about money ("Sorry, message sent by mistake" is not)
_MONEY_NEAR = re.compile(
    r"₹|\brs\b|\binr\b|rupee|rupay|money|amount|payment|paid|transfer|credit|upi|paise|paisa|refund|"
    r"\d{3,}|पैसे|पैसा|राशि|रकम|रुपये|भुगतान|जमा|ट्रांसफर"
)
# Receiving money never needs a PIN, a collect approval or a QR scan: "approve the request to
# RECEIVE your refund, UPI PIN required", "scan this QR to get your cashback".
_RECEIVE = (
    r"(?:receiv\w*|get|claim|credit\w*|refund\w*|cashback|prize|reward|payment|money|amount|"
    r"advance|paisa|paise|paisay|rupaye)"
)
_NEEDS_PIN = (
    r"(?:upi pin|m-?pin|\bpin\b(?! ?code)|approve|accept|collect request|scan (?:the |this )?qr|"
    r"qr (?:code )?scan)"
)
_RECEIVE_NEEDS_PIN = _rx(
    rf"\b(?:to|for|and) (?:receive|get|claim|credit) (?:the |your |my |this )?\w*[^.\n।]{{0,40}}?"
    rf"{_NEEDS_PIN}",
    rf"{_NEEDS_PIN}[^.\n।]{{0,40}}?\b(?:to|for|and) (?:receive|get|claim|credit) ",
    rf"\b{_RECEIVE}\b[^.\n।]{{0,30}}?\b(?:upi pin|m-?pin|pin) (?:required|needed|daal\w*|dal\w*|"
    r"enter\w*|lagega|lagta)",
    r"\b(?:receive|lene|paane|prapt) (?:karne )?(?:ke liye|keliye) (?:upi )?(?:pin|qr|approve|"
    r"accept|request)",
    r"(?:प्राप्त करने|पाने|लेने|रिसीव करने) (?:के लिए|हेतु)[^।\n.]{0,30}?(?:पिन|PIN|pin|क्यूआर|"
    r"QR|qr|अप्रूव|स्वीकार|स्कैन)",
)
_NOT = r"(?:do not|don'?t|dont|never|must not|should not)"
_SECRECY = _rx(
    # "you must not disclose, copy or distribute" and "do not share this link" are e-mail footers;
    # the demand is not to tell *people*
    rf"\b(?:{_NOT} (?:tell|inform)\b|{_NOT} (?:share|disclose|discuss|mention) (?:this |it |"
    r"anything |about this )?(?:(?!(?:link|e-?mail|mail|message|sms|url|page|document|file|"
    r"invite|invitation)\b)\w+ )?(?:with|to) (?:anyone|anybody|any one|your family|family|"
    r"friends|relatives|police|your bank|bank|others|outsiders|colleagues)\b|"
    r"keep (?:this|it) (?:confidential|secret|between us)|national secret|"
    r"national security|secret (?:investigation|operation)|official secrets? act|"
    r"this (?:matter|investigation|case|call|conversation) is (?:strictly |highly )?"
    r"(?:confidential|secret))\b",
    r"\bkisi (?:ko|se) (?:bhi )?(?:mat|na|nahi) (?:batana|batao|bataye|batayein|bataiye|kehna)\b",
    r"किसी को (?:भी )?(?:न|मत|ना) बता|किसी से (?:न|मत) कह|गोपनीय|गुप्त (?:जांच|जाँच|रखें)",
)
# "never share this OTP with anyone" is the bank keeping the OTP secret, not the caller keeping
# the call secret
_CREDENTIAL_NEAR = re.compile(r"otp|\bpin\b|password|cvv|passcode|\bcode\b|ओटीपी|पिन|पासवर्ड|कोड")
_VIDEO_CALL = _rx(
    r"\b(?:join|come (?:on|to)|get on|stay on|remain on|be on|switch (?:on|to)|"
    r"connect (?:on|via|through|to)|accept|pick up|answer|attend|start|do) (?:a |the |this |my |"
    r"our |your )?(?:whatsapp |skype |zoom )?video[- ]?call",
    r"\bskype\b|\bstay on (?:camera|video|the call)\b|\b(?:keep|switch|turn) (?:your )?"
    r"(?:camera|video) on\b|\b(?:switch|turn) on (?:your )?(?:camera|video)\b|"
    r"\bvideo (?:call )?(?:pe|par|pr) "
    r"(?:raho|rahiye|rahna|rehna|aaiye|aao|aa jao|judiye)\b|\bvideo call (?:karo|kijiye|karein)\b",
    r"वीडियो (?:कॉल |काल )?(?:पर|में) (?:बने )?(?:रहें|रहिए|रहो|आइए|आओ|आएं|जुड़ें|जुड़िए)|"
    r"वीडियो (?:कॉल|काल) (?:करें|कीजिए|करो)|कैमरा (?:चालू|ऑन) (?:रखें|रखिए|करें)",
)
_CHANGED_BANK = _rx(
    r"\b(?:new|updated|changed|revised|alternate|alternative) (?:bank (?:details|account|a/c)|"
    r"banking details|beneficiary|remittance details|(?:bank )?(?:account|a/c) (?:details|number|"
    r"no\b|info))",
    r"\b(?:pay|remit|transfer|send|deposit|credit)\w*\b[^.\n]{0,30}?\b(?:to|in|into|on) "
    r"(?:the |our |this |my |a )?(?:new|alternate|alternative|different|another|other) "
    r"(?:bank )?(?:account|a/c|upi)\b",
    r"\b(?:bank (?:details|account)|account details|remittance details) (?:has|have) "
    r"(?:been )?(?:changed|updated|revised)\b",
    r"\bchange (?:of|in) (?:our )?(?:bank|account|banking)\b",
    r"\bupdate (?:your|the) (?:records|beneficiary|vendor master)\b",
    r"\b(?:naya|naye|new) account\b[^.\n]{0,20}\b(?:me|mein|isme|ismein|is me)\b|"
    r"\baccount (?:badal|change ho)\w*",
    r"(?:नया|नए) (?:बैंक )?(?:खाता|खाते|अकाउंट) (?:नंबर|संख्या|में|पर)|खाता बदल|अकाउंट बदल|"
    r"बैंक (?:विवरण|डिटेल्स?) बदल",
)
_PRIZE = _rx(
    r"\b(?:lottery|lucky draw|you (?:have |'ve )?won|jackpot|(?:kbc|kaun banega crorepati) "
    r"(?:lottery|lucky draw|winner|prize|head office|office|manager|department)|"
    r"cash (?:reward|prize)|claim your (?:reward|gift|prize|cashback)|your (?:\w+ )?prize money|"
    r"(?:you are|you have been selected as) (?:the |a )?(?:lucky )?winner|winner of (?:the |our )?"
    r"(?:lucky draw|lottery|bumper|contest|kbc)|bumper (?:prize|draw))\b",
    r"\b(?:lottery lagi|lottery (?:jeeti|jiti|nikli)|inaam (?:jeeta|jita|mila|milega))\b",
    # a reward in the news ("पुलिस ने इनाम घोषित किया") is not a prize offered to the reader
    r"(?:आप(?:का|की|ने|को)?|आपके)[^।\n]{0,25}(?:लॉटरी|इनाम|लकी ड्रा|पुरस्कार)|लकी ड्रा|"
    r"लॉटरी (?:लगी|निकली)|(?:इनाम|पुरस्कार) (?:जीत|राशि पाने|प्राप्त करने)|"
    r"विजेता (?:चुना|घोषित किया) गया है|जीत (?:गए|लिया|ली) (?:हैं|है)",
)
_JOB_TASK = _rx(
    r"\b(?:part[- ]time (?:job|jobs|work|income|earning|opportunit\w+)|work from home "
    r"(?:job|jobs|opportunit\w+|and earn)|daily (?:income|earning|salary|payout)|"
    r"earn (?:rs|₹|inr|up ?to|\d+)|per (?:task|review|like|rating)|prepaid task|merchant task|"
    r"vip level|rate (?:hotels?|movies?|products?)|google (?:maps )?reviews? (?:task|job|work)|"
    r"liking (?:youtube |instagram )?videos|like (?:youtube|instagram) videos|"
    r"telegram (?:hr|job|task|group|recruiter|mentor)|guaranteed (?:return|profit)s?|"
    r"double your money|stock tips?|trading group|ipo allotment)\b",
    r"\bghar baithe\b|घर बैठे|पार्ट टाइम|रोज़ाना कमाई|रोजाना कमाई|टेलीग्राम",
)
_PARCEL = _rx(
    # "drugs", "narcotic", "seized" alone are clinical words (drug allergy, narcotic analgesic,
    # the patient seized)
    r"\b(?:parcel|courier|fedex|dhl|blue ?dart|consignment|shipment|customs (?:duty|clearance)|"
    r"contraband|mdma|fake passports?|(?:illegal|illicit|banned) drugs|"
    r"(?:drugs|narcotics) (?:were |was |have been )?(?:found|seized|recovered)|"
    r"seized by (?:the )?(?:customs|police|ncb|narcotics))\b",
    r"पार्सल|कूरियर|कोरियर|ड्रग्स|नशीले|जब्त",
)
_KYC = _rx(
    r"\b(?:kyc|e-?kyc|re-?kyc|pan (?:card )?(?:update|link\w*|verification)|aadhaa?r "
    r"(?:update|link\w*|verification|seeding))\b",
    r"केवाईसी|के\.वाई\.सी|पैन (?:कार्ड )?(?:अपडेट|लिंक)|आधार (?:अपडेट|लिंक)",
)
_SEXTORTION = _rx(
    r"\b(?:nude|naked(?! eye)|obscene|intimate (?:video|photos?)|private video|sextortion|"
    r"your video (?:will|is) (?:go )?viral|video viral|morphed)\b",
    r"अश्लील|न्यूड|नग्न|वीडियो वायरल|आपत्तिजनक वीडियो",
    # "I have your video — pay or it goes to your family": the threat without the adjective
    r"(?:\byour|\baapki|\baapka|\bapki|\bapka|\btumhari|\bteri|\btera|आपकी|आपका|तुम्हारी|"
    r"तेरी|तेरा)\s(?:\S+\s){0,3}?(?:video|वीडियो|recording|रिकॉर्डिंग)[^.\n।]{0,60}?"
    r"(?:viral|वायरल|upload|अपलोड|"
    r"(?:send|bhej|भेज)\w* (?:to|ko|को) (?:your )?(?:family|wife|relatives|patients|contacts|"
    r"परिवार|पत्नी|रिश्तेदार|मरीज़)|delete kar denge|डिलीट कर देंगे)",
    r"\b(?:send|share|post|forward|leak|upload)\w*[^.\n]{0,20}\b(?:video|photos?|pics|recording|"
    r"clip)\b[^.\n]{0,20}\b(?:to|with|on) (?:your )?(?:family|wife|husband|relatives|"
    r"contacts|social media|youtube|facebook)\b",
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


# A one-time code sent to the reader ("482913 is your OTP", "आपका OTP 4821 है"): the genuine
# alert's shape. Context only: it changes the advice (if you did not ask for it, call your bank),
# never the risk on its own.
_OTP_CODE = _rx(
    r"\b\d{4,8}\b[^.\n।]{0,40}?\b(?:is|as) (?:your|the) (?:\w+ ){0,3}?(?:otp|one[- ]time "
    r"password|verification code|code|pin)\b",
    r"\b(?:otp|one[- ]time password|verification code|code)\b[^.\n।]{0,30}?(?:is|:|-|=)\s*"
    r"\d{4,8}\b",
    r"(?:ओटीपी|otp|OTP)[^।\n]{0,30}?\d{4,8}",
    r"\d{4,8}[^।\n]{0,30}?(?:ओटीपी|otp)",
)


def otp_code_received(ctx: Context) -> Signal | None:
    """The message contains a one-time code sent to the reader."""
    return _find(_OTP_CODE, ctx, "otp_code_received")


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
    """'Sent by mistake, please refund' — about money."""
    for m in _REFUND_MISTAKE.finditer(ctx.low):
        if _MONEY_NEAR.search(ctx.low[max(0, m.start() - 80) : m.end() + 80]):
            return Signal("refund_mistake", 1.0, _evidence(ctx, m.start(), m.end()))
    return None


def receive_needs_pin(ctx: Context) -> Signal | None:
    """Asks for a PIN, a collect approval or a QR scan in order to *receive* money."""
    return _find(_RECEIVE_NEEDS_PIN, ctx, "receive_needs_pin", negatable=True)


def secrecy_demand(ctx: Context) -> Signal | None:
    """Tells the reader to keep it secret."""
    for m in _SECRECY.finditer(ctx.low):
        near = ctx.low[max(0, m.start() - 15) : m.end() + 15]
        if _CREDENTIAL_NEAR.search(near):
            continue
        return Signal("secrecy_demand", 1.0, _evidence(ctx, m.start(), m.end()))
    return None


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
        word = next(
            (
                w
                for w in ctx.doc.text.split()
                if not w.isascii() and any("a" <= c.lower() <= "z" for c in fold_confusables(w))
            ),
            "",
        )
        return Signal("lookalike_letters", 1.0, word)
    return None


# ---------------------------------------------------------------------------
# Link signals

_EXECUTABLE_EXT = (
    ".apk", ".exe", ".scr", ".msi", ".bat", ".cmd", ".com", ".pif", ".jar", ".js", ".jse", ".vbs",
    ".vbe", ".wsf", ".hta", ".ps1", ".lnk", ".iso", ".img", ".vhd", ".dll", ".cpl", ".xapk",
)  # fmt: skip
# A link path ending in ".com" is nearly always a domain name ("/web/2024/http://clinic.com").
_LINK_EXECUTABLE_EXT = tuple(ext for ext in _EXECUTABLE_EXT if ext != ".com")


# An app or program named in the text ("SBI Rewards.apk", "📎 invoice_Aug2025.pdf.exe"): on
# WhatsApp the file arrives beside the message, so its name is the evidence.
_APK_NAME = re.compile(
    r"\.(?:x?apk|exe|scr|msi|bat|vbs|jar|lnk|iso|(?:pdf|docx?|xlsx?|jpe?g|png)\.(?:exe|scr|js|vbs|bat|cmd|lnk|hta|apk))(?!\w|\.\w)"
)
_FILENAME_CHAR = re.compile(r"[\w.-]")


def lookalike_domain(ctx: Context) -> Signal | None:
    """A link whose domain imitates a bank, UPI app or authority (a typo of the real one)."""
    for _url, parts in ctx.links:
        hit = impersonated_brand(parts)
        if hit and hit[1] == "lookalike":
            return Signal("lookalike_domain", 1.0, f"{parts.host} (imitates {hit[0].name})")
    return None


def brand_in_unofficial_domain(ctx: Context) -> Signal | None:
    """A link that names a bank or authority in its host but is not on its real domain."""
    for _url, parts in ctx.links:
        hit = impersonated_brand(parts)
        if hit and hit[1] == "keyword":
            return Signal("brand_in_unofficial_domain", 1.0, f"{parts.host} (not {hit[0].name})")
    return None


def gov_name_in_unofficial_domain(ctx: Context) -> Signal | None:
    """A link that carries a government name on a domain the government does not own."""
    for _url, parts in ctx.links:
        if gov_name_outside_gov(parts):
            return Signal("gov_name_in_unofficial_domain", 1.0, parts.host)
    return None


def user_published_link(ctx: Context) -> Signal | None:
    """A link to a page anyone can publish (a hosting subdomain, a form, a shared file, IPFS):
    the platform's name vouches for nothing on it."""
    for url, parts in ctx.links:
        if user_published(parts):
            return Signal("user_published_link", 0.5, url)
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
    """A link to a bare public IP address instead of a name (a private address is the clinic's
    own network: the HMIS or PACS server on the LAN)."""
    for url, parts in ctx.links:
        if parts.is_ip and not _private_ip(parts.host):
            return Signal("ip_address_link", 1.0, url)
    return None


def _private_ip(host: str) -> bool:
    try:
        ip = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False  # decimal or hex forms ("3232235777") are a disguise, never the LAN's
    return ip.is_loopback or any(ip in net for net in _LAN)


# RFC 1918 and the IPv6 unique-local range: addresses only a local network can reach
_LAN = tuple(
    ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")
)


def punycode_link(ctx: Context) -> Signal | None:
    """An internationalised (punycode) host, often used for look-alike letters."""
    for url, parts in ctx.links:
        if "xn--" in parts.host:
            return Signal("punycode_link", 1.0, url)
    return None


def risky_tld(ctx: Context) -> Signal | None:
    """A link on a cheap top-level domain much used by scams."""
    risky = brand_book().risky_suffixes
    for _url, parts in ctx.links:
        if parts.suffix in risky:
            return Signal("risky_tld", 1.0, parts.host)
    return None


def executable_link(ctx: Context) -> Signal | None:
    """A link to an app (APK) or program file."""
    for url, parts in ctx.links:
        if parts.path.lower().endswith(_LINK_EXECUTABLE_EXT):
            return Signal("executable_link", 1.0, url)
    # Find the extension first and walk back to the start of the file name: a leading
    # "[\w.-]+" would be retried from every position of a long run (quadratic).
    for m in _APK_NAME.finditer(ctx.low):
        start = m.start()
        while start > max(0, m.start() - 128) and _FILENAME_CHAR.match(ctx.low[start - 1]):
            start -= 1
        if start < m.start():
            return Signal("executable_link", 1.0, _evidence(ctx, start, m.end()))
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
        shown_parts = url_parts(shown.group(0))
        if not shown_parts.suffix:
            continue  # "Dr.Sharma" in the link text is a name, not an address
        real = url_parts(link.url)
        if real.host and shown_parts.registered_domain != real.registered_domain:
            return Signal("link_text_mismatch", 1.0, f"shows {shown.group(0)}, goes to {real.host}")
    return None


# ---------------------------------------------------------------------------
# Email header and attachment signals


def _addr_host(address: str) -> str:
    if "@" not in address:
        return ""
    return address.rsplit("@", 1)[1].strip(" <>").lower()


def _addr_domain(address: str) -> str:
    host = _addr_host(address)
    return url_parts(host).registered_domain if host else ""


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
    # the whole host: a brand's official host may sit under a shared suffix ("hdfcbank.bank.in")
    if brand and domain and not is_official(url_parts(_addr_host(h.from_address))):
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


_AUTH_FAILURES = frozenset({"fail", "softfail", "hardfail", "permerror"})


def auth_failed(ctx: Context) -> Signal | None:
    """The receiving server says SPF, DKIM or DMARC failed."""
    h = ctx.doc.email
    if not h:
        return None
    failed = [k for k, v in h.auth.items() if v.strip().lower() in _AUTH_FAILURES]
    if failed:
        return Signal("auth_failed", 1.0, ", ".join(f"{k}={h.auth[k]}" for k in sorted(failed)))
    return None


_MACRO_EXT = (".docm", ".xlsm", ".pptm", ".dotm", ".xlam", ".xlsb", ".ppam", ".xll")
# OneNote, help files, shortcuts and query files that have carried malware in mail campaigns
_OTHER_DANGEROUS_EXT = (".one", ".chm", ".url", ".iqy", ".slk", ".vhdx", ".msix", ".appx", ".reg")
_ARCHIVE_EXT = (
    ".zip", ".rar", ".7z", ".gz", ".tgz", ".bz2", ".xz", ".tar", ".ace", ".cab", ".arj", ".lzh",
)  # fmt: skip
_HTML_EXT = (".html", ".htm", ".shtml", ".svg", ".xhtml")
_DOC_EXT = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".jpg", ".jpeg", ".png", ".txt")


def is_dangerous_filename(filename: str) -> bool:
    """A file name that runs code: programs, APKs, disk images, macros, scripts, HTML forms."""
    # Windows drops trailing dots and spaces: "cheque.pdf." opens as a PDF
    name = filename.lower().strip().rstrip(". ")
    if name.endswith(_EXECUTABLE_EXT + _MACRO_EXT + _HTML_EXT + _OTHER_DANGEROUS_EXT):
        return True
    stem, dot, _ = name.rpartition(".")
    # a document name hiding another type ("invoice.pdf.zip"); scanner apps' "scan.jpg.pdf"
    # is still a document
    return bool(dot) and stem.strip().endswith(_DOC_EXT) and not name.endswith(_DOC_EXT)


def dangerous_attachment(ctx: Context) -> Signal | None:
    """An attachment that runs code: programs, APKs, disk images, macros, scripts, HTML forms."""
    for att in ctx.doc.attachments:
        if is_dangerous_filename(att.filename):
            return Signal("dangerous_attachment", 1.0, att.filename)
    return None


def archive_attachment(ctx: Context) -> Signal | None:
    """A compressed archive attached (often used to carry malware past filters)."""
    for att in ctx.doc.attachments:
        if att.filename.lower().strip().rstrip(". ").endswith(_ARCHIVE_EXT):
            return Signal("archive_attachment", 0.5, att.filename)
    return None


# ---------------------------------------------------------------------------

Detector = Callable[[Context], "Signal | None"]

DETECTORS: tuple[Detector, ...] = (
    otp_request,
    otp_code_received,
    remote_access_app,
    urgency_threat,
    authority_named,
    payment_request,
    refund_mistake,
    receive_needs_pin,
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
    gov_name_in_unofficial_domain,
    user_published_link,
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
CONTEXT_ONLY = frozenset(
    {
        "authority_named",
        "utility_bill",
        "parcel_customs",
        "official_links_only",
        "otp_code_received",
        "user_published_link",
    }
)


def detect(doc: Document) -> list[Signal]:
    """All signals present in a document."""
    ctx = context(doc)
    out = []
    for detector in DETECTORS:
        sig = detector(ctx)
        if sig is not None:
            out.append(sig)
    return out
