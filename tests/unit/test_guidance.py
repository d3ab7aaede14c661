"""Guidance is data a frightened doctor acts on: complete in both languages, and true to the facts.

The allow-lists below are copied from ../shared/domain/india-guidance.md (section numbers in the
comments). A number, address or time limit that is not on them fails the test: add it here only
after adding it, with its source, to the domain file.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import Any

import pytest

from fraudguard import indicators
from fraudguard.guidance import MAX_EXCERPT, advise, catalogue, complaint_draft
from fraudguard.schemas import (
    Assessment,
    Channel,
    EmailFindings,
    Guidance,
    Indicators,
    Language,
    Reason,
    ScamType,
    Verdict,
)

DEVANAGARI = re.compile(r"[\u0900-\u097f]")
DEVANAGARI_LETTER = re.compile(r"[\u0900-\u0963\u0970-\u097f]")
DEVANAGARI_DIGIT = re.compile(r"[\u0966-\u096f]")
LATIN_LETTER = re.compile(r"[A-Za-z]")

# ---------------------------------------------------------------------------
# Facts (india-guidance.md)

ALLOWED_NUMBERS = {
    "1930",  # §1 national cyber crime helpline
    "112",  # §9 emergency (ERSS)
    "1090",  # §9 Women Power Line, UP
    "181",  # §9 Women Helpline
    "1909",  # §3 unsolicited commercial communication
    "14448",  # §6 RBI Ombudsman
    "+91-1800-11-4949",  # §4 CERT-In helpdesk
    "140",  # §3 item 17: promotional calls use the 140 series
    "1600",  # §3 item 17: service/transactional calls use the 1600 series
    "180",  # §4 item 23: ICT logs kept for 180 days
    "318",  # §7 BNS 318(4)
    "319",  # §7 BNS 319
    "308",  # §7 BNS 308
}
ALLOWED_DOMAINS = {
    "cybercrime.gov.in",  # §1
    "sancharsaathi.gov.in/sfc/",  # §2 item 13
    "cms.rbi.org.in",  # §6
    "nmc.org.in",  # §11
    "pmjay.gov.in",  # §11
    "cghs.gov.in",  # doctor-scams.md §8
    "gov.in",  # doctor-scams.md §8: "non-gov.in domains" are a signal
}
ALLOWED_EMAILS = {"incident@cert-in.org.in", "report.phishing@sbi.co.in"}  # §4, §6
ALLOWED_DURATIONS_EN = {
    "1–3 hours",  # §1 item 7 golden hour
    "24 hours",  # §1 item 4 portal after the 1930 call
    "6 hours",  # §4 CERT-In
    "3 working days",  # §5 RBI zero liability
    "7 days",  # §3 1909
    "30 days",  # §2 Chakshu
    "180 days",  # §4 logs
}
ALLOWED_DURATIONS_HI = {
    "1–3 घंटे",
    "24 घंटे",
    "6 घंटे",
    "3 कार्य दिवस",
    "7 दिन",
    "30 दिन",
    "180 दिन",
}
ALLOWED_SECTIONS = {"66C", "66D", "318(4)", "319", "308"}  # §7

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
DOMAIN = re.compile(r"(?<![\w@.-])(?:[a-z0-9-]+\.)+[a-z]{2,}(?:/[\w/-]*)?", re.I)
NUMBER = re.compile(r"\+?\d[\d-]*\d")
DURATION_EN = re.compile(r"\d+(?:–\d+)?\s+(?:working days?|days?|hours?)\b")
DURATION_HI = re.compile(r"\d+(?:–\d+)?\s+(?:कार्य दिवस|दिन|घंटे|घंटों)")
SECTION = re.compile(r"(?:s\.|धारा )(\d+[A-Z]?(?:\(\d\))?)")

LANGS = ("en", "hi")
IT_TYPES = (
    ScamType.RANSOMWARE_OR_MALWARE_ATTACHMENT,
    ScamType.CREDENTIAL_PHISHING,
    ScamType.FAKE_SUPPLIER_OR_INVOICE_BEC,
)
ALARM = (Verdict.FRAUD, Verdict.SUSPICIOUS)
MESSAGES = tuple(c for c in Channel if c is not Channel.CALL)
OTP_CODE = "otp_code_received"
CODE_SETS: tuple[tuple[str, ...], ...] = ((), (OTP_CODE,), ("otp_request", "payment_request"))

# Telling someone to end a call: only ever said on a call.
HANG_UP = {
    "en": re.compile(
        r"\bhang(?:s|ing)? up\b|\b(?:disconnect|end|cut)(?:s|ing)? the call\b|"
        r"\bstay(?:ing)? on the (?:call|line)\b",
        re.I,
    ),
    "hi": re.compile(r"(?:कॉल|फ़ोन|फोन) (?:काट|रख)|लाइन पर बने"),
}
OTP_LINE = {
    "en": "If you did not start this request, do not share the code, and call your bank on the "
    "number printed on your card (or in its official app).",
    "hi": "अगर यह अनुरोध आपने ख़ुद शुरू नहीं किया, तो यह कोड किसी को न बताएँ, और अपने बैंक को उसी "
    "नंबर पर कॉल करें जो आपके कार्ड पर छपा है (या बैंक के आधिकारिक ऐप में दिया है)।",
}


def pairs(node: Any = None, path: str = "") -> Iterator[tuple[str, dict[str, str]]]:
    """Every {"en", "hi"} text in the catalogue, with where it sits."""
    node = catalogue() if node is None else node
    if isinstance(node, dict):
        if set(node) == {"en", "hi"}:
            yield path, node
            return
        for key, value in node.items():
            yield from pairs(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from pairs(value, f"{path}[{i}]")


def facts(s: str) -> dict[str, set[str]]:
    """The checkable facts stated in one text: e-mails, domains, numbers, legal sections."""
    emails = set(EMAIL.findall(s))
    rest = EMAIL.sub(" ", s)
    domains = {d.rstrip(".").lower() for d in DOMAIN.findall(rest)}
    numbers = {n for n in NUMBER.findall(rest) if sum(c.isdigit() for c in n) >= 3}
    return {
        "emails": emails,
        "domains": domains,
        "numbers": numbers,
        "sections": set(SECTION.findall(rest)),
    }


def words(s: str) -> str:
    """The Latin letters left in a text once its e-mails and domains are taken out."""
    return "".join(LATIN_LETTER.findall(DOMAIN.sub("", EMAIL.sub("", s))))


def all_text(g: Guidance) -> str:
    channels = [f"{c.name} {c.contact} {c.when}" for c in g.report_to]
    return " ".join([g.headline, *g.do_not, *g.do_now, *g.if_money_lost, *channels, *g.evidence])


def contacts(g: Guidance) -> list[str]:
    return [c.contact for c in g.report_to]


def channel(g: Guidance, contact_part: str) -> list[str]:
    return [c.when for c in g.report_to if contact_part in c.contact]


# ---------------------------------------------------------------------------
# (1) Complete in both languages


@pytest.mark.parametrize("verdict", list(Verdict))
@pytest.mark.parametrize("scam_type", list(ScamType))
def test_every_type_and_verdict_has_guidance_in_both_languages(
    scam_type: ScamType, verdict: Verdict
) -> None:
    for lang in LANGS:
        g = advise(scam_type, verdict, lang)
        assert g.language == lang
        assert g.headline.strip() and g.do_not and g.do_now, (scam_type, verdict, lang)
        assert all(s.strip() for s in [*g.do_not, *g.do_now, *g.if_money_lost, *g.evidence])
        if verdict is not Verdict.SAFE:
            assert g.report_to and g.if_money_lost and g.evidence, (scam_type, verdict, lang)
        body = all_text(g)
        if lang == "en":
            assert not DEVANAGARI.search(body), (scam_type, verdict)
        else:
            hindi = len(DEVANAGARI_LETTER.findall(body))
            latin = len(LATIN_LETTER.findall(body))
            assert hindi / (hindi + latin) > 0.75, (scam_type, verdict, hindi, latin)


def test_hindi_and_english_differ_and_unknown_language_falls_back_to_english() -> None:
    en = advise(ScamType.KYC_BANK_BLOCK, Verdict.FRAUD, "en")
    assert advise(ScamType.KYC_BANK_BLOCK, Verdict.FRAUD, "hi").headline != en.headline
    for other in ("hinglish", Language.HINGLISH, "ta", ""):
        assert advise(ScamType.KYC_BANK_BLOCK, Verdict.FRAUD, other) == en
    assert type(advise(ScamType.KYC_BANK_BLOCK, Verdict.FRAUD, Language.HI).language) is str
    assert advise("kyc_bank_block", "fraud") == en


def test_every_catalogue_text_is_in_both_languages_and_hindi_is_devanagari() -> None:
    found = list(pairs())
    assert len(found) > 150
    for path, pair in found:
        assert pair["en"].strip() and pair["hi"].strip(), path
        assert not DEVANAGARI.search(pair["en"]), path
        # only a bare contact ("1930", "cybercrime.gov.in") may be the same in both languages
        assert DEVANAGARI_LETTER.search(pair["hi"]) or not words(pair["hi"]), path
        assert not DEVANAGARI_DIGIT.search(pair["hi"]), f"{path}: numbers stay in ASCII digits"


def test_list_items_name_existing_steps_and_blocks() -> None:
    cat = catalogue()
    for name, kind in cat["types"].items():
        for field in ("do_not", "do_now", "if_money_lost"):
            for item in kind.get(field, []):
                assert isinstance(item, dict) or item in cat["steps"], (name, field, item)
        # safe guidance never borrows from a type: no per-type safe tips or safe reports
        assert not {"safe_tip", "safe_report"} & set(kind), name
        assert "fact" not in kind or kind["fact"] in cat["steps"], name
        assert set(kind["report"]) <= set(cat["channels"]), name
        assert set(kind["evidence"]) <= set(cat["evidence"]), name
        assert set(kind["sections"]) <= set(cat["sections"]), name
        assert "what" in kind or set(kind.get("lead", {})) == {"fraud", "suspicious"}, name
    assert set(cat["types"]) == {t.value for t in ScamType}
    assert set(cat["verdicts"]) == {v.value for v in Verdict}
    assert set(cat["complaint"]["channel_words"]) == {c.value for c in Channel}


def test_channel_and_situation_blocks_name_existing_steps_codes_and_channels() -> None:
    from fraudguard.signals import SIGNAL_CODES  # here, so a signals edit breaks only this test

    cat = catalogue()
    assert set(cat["by_channel"]) == {c.value for c in Channel}
    for name, block in cat["by_channel"].items():
        assert set(block) <= {"noun", "first", "do_not", "do_now"} and block["do_not"], name
        for field in ("first", "do_not", "do_now"):
            for item in block.get(field, []):
                assert isinstance(item, dict) or item in cat["steps"], (name, field, item)
    assert set(cat["situations"]) <= {"promotional", *SIGNAL_CODES}
    assert OTP_CODE in cat["situations"] and "promotional" in cat["situations"]
    for name, block in cat["situations"].items():
        assert set(block) <= {"verdicts", "lead", "do_now", "report"}, name
        assert block["verdicts"] and set(block["verdicts"]) <= {v.value for v in Verdict}, name
        assert set(block.get("report", [])) <= set(cat["channels"]), name
        for item in block.get("do_now", []):
            assert isinstance(item, dict) or item in cat["steps"], (name, item)
    # the promotional lead replaces the safe lead, so it may only apply to a safe verdict
    assert cat["situations"]["promotional"]["verdicts"] == ["safe"]


# ---------------------------------------------------------------------------
# (2) Fact check


def test_every_number_address_and_section_is_a_known_fact() -> None:
    for path, pair in pairs():
        for lang in LANGS:
            f = facts(pair[lang])
            assert f["emails"] <= ALLOWED_EMAILS, (path, lang, f["emails"])
            assert f["domains"] <= ALLOWED_DOMAINS, (path, lang, f["domains"])
            assert f["numbers"] <= ALLOWED_NUMBERS, (path, lang, f["numbers"])
            assert f["sections"] <= ALLOWED_SECTIONS, (path, lang, f["sections"])


def test_every_time_limit_is_a_known_fact() -> None:
    seen = set()
    for path, pair in pairs():
        en = set(DURATION_EN.findall(pair["en"]))
        hi = set(DURATION_HI.findall(pair["hi"]))
        assert en <= ALLOWED_DURATIONS_EN, (path, en)
        assert hi <= ALLOWED_DURATIONS_HI, (path, hi)
        seen |= en
    assert seen == ALLOWED_DURATIONS_EN  # each stated limit is actually used


def test_both_languages_state_the_same_numbers_and_addresses() -> None:
    for path, pair in pairs():
        en, hi = facts(pair["en"]), facts(pair["hi"])
        assert en == hi, (path, en, hi)
        # every digit run, short ones included: "1–3 hours", "24×7", "₹1–10"
        assert sorted(re.findall(r"\d+", pair["en"])) == sorted(re.findall(r"\d+", pair["hi"])), (
            path
        )


@pytest.mark.parametrize(
    ("key", "contact", "en", "hi"),
    [
        ("chakshu", "sancharsaathi.gov.in/sfc/", "30 days", "30 दिन"),
        ("cert_in", "incident@cert-in.org.in", "6 hours", "6 घंटे"),
        ("bank", "", "3 working days", "3 कार्य दिवस"),
        ("dnd_1909", "1909", "7 days", "7 दिन"),
        ("ncrp_portal", "cybercrime.gov.in", "24 hours of a 1930 call", "1930 पर कॉल के 24 घंटे"),
        ("ncrp_1930", "1930", "1–3 hours", "1–3 घंटे"),
        ("rbi_ombudsman", "cms.rbi.org.in", "bank", "बैंक"),
    ],
)
def test_each_channel_states_its_time_limit(key: str, contact: str, en: str, hi: str) -> None:
    entry = catalogue()["channels"][key]
    assert contact in entry["contact"]["en"] and contact in entry["contact"]["hi"]
    assert en in entry["when"]["en"], key
    assert hi in entry["when"]["hi"], key


def test_cert_in_contact_carries_both_the_mailbox_and_the_helpdesk() -> None:
    contact = catalogue()["channels"]["cert_in"]["contact"]["en"]
    assert "incident@cert-in.org.in" in contact and "+91-1800-11-4949" in contact
    assert "14448" in catalogue()["channels"]["rbi_ombudsman"]["contact"]["en"]


def test_golden_hour_then_portal_within_24_hours_then_bank() -> None:
    for scam_type in ScamType:
        en = advise(scam_type, Verdict.FRAUD).if_money_lost
        start = next(i for i, s in enumerate(en) if "1930" in s and "1–3 hours" in s)
        portal = en[start + 1]
        assert "cybercrime.gov.in" in portal and "24 hours of the 1930 call" in portal
        assert "3 working days" in en[start + 2] and "cms.rbi.org.in" in en[start + 3]
        hi = advise(scam_type, Verdict.FRAUD, "hi").if_money_lost
        assert "1930" in hi[start] and "1–3 घंटे" in hi[start]
        assert "24 घंटे" in hi[start + 1] and "cybercrime.gov.in" in hi[start + 1]


# ---------------------------------------------------------------------------
# (3) Behaviour


@pytest.mark.parametrize("verdict", ALARM)
def test_digital_arrest_says_1930_and_that_there_is_no_digital_arrest(verdict: Verdict) -> None:
    g = advise(ScamType.DIGITAL_ARREST, verdict)
    assert contacts(g)[0] == "1930"
    assert any("1930" in s for s in g.if_money_lost)
    assert "no 'digital arrest'" in g.headline
    assert "video call" in g.headline and "WhatsApp" in g.headline and "Skype" in g.headline
    hi = advise(ScamType.DIGITAL_ARREST, verdict, "hi")
    assert "'डिजिटल अरेस्ट' जैसा कुछ नहीं" in hi.headline and contacts(hi)[0] == "1930"


@pytest.mark.parametrize("verdict", ALARM)
@pytest.mark.parametrize("scam_type", IT_TYPES)
def test_clinic_it_incidents_go_to_cert_in_within_6_hours(
    scam_type: ScamType, verdict: Verdict
) -> None:
    for lang, limit in (("en", "6 hours"), ("hi", "6 घंटे")):
        g = advise(scam_type, verdict, lang)
        whens = channel(g, "incident@cert-in.org.in")
        assert whens and all(limit in w for w in whens), (scam_type, lang)
        assert any("+91-1800-11-4949" in c for c in contacts(g))
        assert any("CERT-In" in s and limit in s for s in [g.headline, *g.do_now])


@pytest.mark.parametrize("verdict", list(Verdict))
def test_marketing_goes_to_1909_not_1930(verdict: Verdict) -> None:
    for lang in LANGS:
        g = advise(ScamType.SPAM_PROMOTION, verdict, lang)
        assert g.report_to and g.report_to[0].contact.startswith("1909")
        assert not any("1930" in c for c in contacts(g))
        assert any("1909" in s for s in g.do_now)
        assert "1930" not in " ".join([g.headline, *g.do_not, *g.do_now])


@pytest.mark.parametrize("scam_type", list(ScamType))
def test_safe_verdict_is_calm(scam_type: ScamType) -> None:
    for lang in LANGS:
        g = advise(scam_type, Verdict.SAFE, lang)
        body = all_text(g)
        assert "1930" not in body and "112" not in body, (scam_type, lang)
        assert not g.if_money_lost and not g.evidence
        assert all(c.contact.startswith("1909") for c in g.report_to)
        assert "OTP" in " ".join(g.do_not) and "PIN" in " ".join(g.do_not)
    en = advise(scam_type, Verdict.SAFE)
    if scam_type is ScamType.SPAM_PROMOTION:  # marketing shown as safe: the promotional lead
        assert en.headline == "This looks like legal marketing, not fraud."
    else:
        assert en.headline == "No signs of fraud were found in this SMS."
    assert not re.search(r"\bscam\b|\bat once\b|\bimmediately\b", all_text(en), re.I)


@pytest.mark.parametrize("scam_type", list(ScamType))
def test_verdict_framing(scam_type: ScamType) -> None:
    fraud = advise(scam_type, Verdict.FRAUD)
    suspicious = advise(scam_type, Verdict.SUSPICIOUS)
    assert re.search(r"\bscam\b|\bfraud\b", fraud.headline.split(".")[0])
    assert (
        "Treat it as a scam until you verify it through an official number you already have"
        in suspicious.headline
    )
    assert "official number you already have" in suspicious.do_now[0]
    hi = advise(scam_type, Verdict.SUSPICIOUS, "hi")
    assert "आधिकारिक नंबर" in hi.headline and "धोखाधड़ी ही मानें" in hi.headline
    for g in (fraud, suspicious):
        assert any("OTP" in s and "PIN" in s for s in g.do_not)


@pytest.mark.parametrize("verdict", ALARM)
def test_sextortion_points_to_women_helplines_and_says_do_not_pay(verdict: Verdict) -> None:
    g = advise(ScamType.SEXTORTION, verdict)
    assert {"1090", "181", "112"} <= set(contacts(g))
    assert any(s.startswith("Do not pay") for s in g.do_not)
    assert "cybercrime.gov.in" in contacts(g)
    hi = advise(ScamType.SEXTORTION, verdict, "hi")
    assert {"1090", "181", "112"} <= set(contacts(hi))
    assert any("भुगतान न करें" in s for s in hi.do_not)


def test_chakshu_never_offered_for_money_already_lost() -> None:
    for scam_type in ScamType:
        for verdict in Verdict:
            en = advise(scam_type, verdict)
            hi = advise(scam_type, verdict, "hi")
            for when in channel(en, "sancharsaathi"):
                assert "does not handle money already lost" in when and "1930" in when
            for when in channel(hi, "sancharsaathi"):
                assert "पैसा जा चुका हो" in when and "1930" in when
            for s in [*en.do_now, *en.do_not]:
                assert "sancharsaathi" not in s or "no money was lost" in s, s
            for s in [*hi.do_now, *hi.do_not]:
                assert "sancharsaathi" not in s or "पैसा नहीं गया" in s, s


@pytest.mark.parametrize(
    ("scam_type", "phrases"),
    [
        (ScamType.UTILITY_DISCONNECTION, ["TRAI never calls", "personal mobile numbers"]),
        (ScamType.COURIER_CUSTOMS_PARCEL, ["no 'digital arrest'"]),
        (
            ScamType.LICENSE_REGULATOR_IMPERSONATION,
            ["never call seeking money", "email plus speed post", "listed on nmc.org.in"],
        ),
        (ScamType.FAKE_PATIENT_ADVANCE_OR_REFUND, ["Receiving money never needs a UPI PIN"]),
        (ScamType.UPI_COLLECT_OR_QR, ["QR scan", "'collect' request"]),
        (ScamType.INSURANCE_OR_GOVT_SCHEME, ["pmjay.gov.in is the only official", "no fee"]),
        (ScamType.KYC_BANK_BLOCK, ["SBI never asks for personal details"]),
    ],
)
def test_never_statements_sit_with_their_scam_type(scam_type: ScamType, phrases: list[str]) -> None:
    for verdict in ALARM:
        headline = advise(scam_type, verdict).headline
        for phrase in phrases:
            assert phrase in headline, (scam_type, verdict, phrase)


def test_type_specific_routes() -> None:
    assert "nmc.org.in" in contacts(advise(ScamType.LICENSE_REGULATOR_IMPERSONATION, "fraud"))
    insurance = contacts(advise(ScamType.INSURANCE_OR_GOVT_SCHEME, Verdict.FRAUD))
    assert "pmjay.gov.in" in insurance and "cghs.gov.in" in insurance
    kyc = contacts(advise(ScamType.KYC_BANK_BLOCK, Verdict.FRAUD))
    assert "report.phishing@sbi.co.in" in kyc and any("cms.rbi.org.in" in c for c in kyc)
    bec = advise(ScamType.FAKE_SUPPLIER_OR_INVOICE_BEC, Verdict.FRAUD)
    assert any(".eml" in e and "headers" in e for e in bec.evidence)
    money = advise(ScamType.UPI_COLLECT_OR_QR, Verdict.FRAUD).evidence
    assert any("UTR/RRN" in e for e in money) and any("UPI IDs" in e for e in money)


# ---------------------------------------------------------------------------
# (3b) The channel and the situation


def every_guidance() -> Iterator[tuple[tuple[Any, ...], Guidance]]:
    """advise() for every type, verdict, channel, promotional flag, code set and language."""
    for t, v, ch, promo, codes, lang in itertools.product(
        ScamType, Verdict, Channel, (False, True), CODE_SETS, LANGS
    ):
        yield (
            (t, v, ch, promo, codes, lang),
            advise(t, v, lang, channel=ch, promotional=promo, codes=codes),
        )


def type_texts(scam_type: ScamType, lang: str) -> list[str]:
    """Every sentence that belongs to one scam type's own (alarm) advice."""
    from fraudguard.guidance.advice import texts

    kind = catalogue()["types"][scam_type]
    items = [*kind["do_not"], *kind["do_now"], *kind.get("if_money_lost", [])]
    items += [kind["fact"]] if "fact" in kind else []
    leads = [*kind.get("lead", {}).values(), *([kind["what"]] if "what" in kind else [])]
    return texts(items, lang) + [lead[lang] for lead in leads]


def test_old_calls_still_work_and_mean_an_sms() -> None:
    for scam_type, verdict, lang in itertools.product(ScamType, Verdict, LANGS):
        old = advise(scam_type, verdict, lang)
        assert old == advise(
            scam_type, verdict, lang, channel=Channel.SMS, promotional=False, codes=()
        )
    assert advise("digital_arrest", "fraud", "en", channel="call") == advise(
        ScamType.DIGITAL_ARREST, Verdict.FRAUD, channel=Channel.CALL
    )


def test_only_a_call_is_told_to_hang_up() -> None:
    for (t, v, ch, *_, lang), g in every_guidance():
        said = HANG_UP[lang].findall(all_text(g))
        if ch is not Channel.CALL:
            assert not said, (t, v, ch, lang, said)
        elif v is not Verdict.SAFE:
            assert g.do_now[0] == {"en": "Hang up now.", "hi": "अभी कॉल काट दें।"}[lang], (t, v)


# what each message channel says instead of "hang up" (alarm verdicts, every type)
INSTEAD = {
    Channel.SMS: {
        "en": ["Do not reply to the SMS or call back the number that sent it", "block the sender"],
        "hi": ["SMS का जवाब न दें, भेजने वाले नंबर पर वापस कॉल न करें", "भेजने वाले को ब्लॉक करें"],
    },
    Channel.WHATSAPP: {
        "en": ["Do not reply, call back", "open any file", "block and report the sender"],
        "hi": ["जवाब न दें, इस नंबर पर वापस कॉल न करें", "कोई फ़ाइल न खोलें", "ब्लॉक करके रिपोर्ट करें"],
    },
    Channel.EMAIL: {
        "en": [
            "Do not reply to the email, click its links or open its attachments",
            "Forward the email to your IT team as an attachment (.eml)",
        ],
        "hi": ["ईमेल का जवाब न दें", "अटैचमेंट न खोलें", "अपनी IT टीम को", "अटैचमेंट (.eml)"],
    },
    Channel.URL: {
        "en": ["Do not open the link again", "Close the page"],
        "hi": ["यह लिंक दोबारा न खोलें", "पेज बंद करें"],
    },
    Channel.AUTO: {
        "en": ["Do not reply to it, click its links, open its attachments or call any number"],
        "hi": ["इसका जवाब न दें"],
    },
}


@pytest.mark.parametrize("verdict", ALARM)
@pytest.mark.parametrize("chan", MESSAGES)
def test_messages_get_the_channels_equivalent_of_hanging_up(
    chan: Channel, verdict: Verdict
) -> None:
    for scam_type, lang in itertools.product(ScamType, LANGS):
        g = advise(scam_type, verdict, lang, channel=chan)
        said = " ".join([*g.do_not, *g.do_now])
        for phrase in INSTEAD[chan][lang]:
            assert phrase in said, (scam_type, chan, lang, phrase)


@pytest.mark.parametrize("lang", LANGS)
def test_digital_arrest_on_sms_says_do_not_call_back_and_on_a_call_hang_up(lang: str) -> None:
    sms = advise(ScamType.DIGITAL_ARREST, Verdict.FRAUD, lang, channel=Channel.SMS)
    call = advise(ScamType.DIGITAL_ARREST, Verdict.FRAUD, lang, channel=Channel.CALL)
    back = {"en": "call back the number", "hi": "वापस कॉल न करें"}[lang]
    assert any(back in s for s in sms.do_not) and not HANG_UP[lang].search(all_text(sms))
    assert HANG_UP[lang].search(call.do_now[0])
    # the type's own advice and facts are the same on both channels
    assert sms.headline == call.headline and sms.report_to == call.report_to
    assert sms.do_not[1:] == call.do_not[1:] and sms.if_money_lost == call.if_money_lost
    assert sms.evidence == call.evidence


@pytest.mark.parametrize("verdict", ALARM)
@pytest.mark.parametrize("scam_type", list(ScamType))
def test_alarm_advice_stays_type_specific_on_every_channel(
    scam_type: ScamType, verdict: Verdict
) -> None:
    for lang in LANGS:
        own = set(type_texts(scam_type, lang))
        base = advise(scam_type, verdict, lang, channel=Channel.SMS)
        kept = own & {*base.do_not, *base.do_now, *base.if_money_lost}
        for chan in Channel:
            g = advise(scam_type, verdict, lang, channel=chan)
            assert kept <= {*g.do_not, *g.do_now, *g.if_money_lost}, (chan, lang)
            # a forwarded .eml only makes sense for an email
            assert (".eml" in " ".join(g.do_now)) is (chan is Channel.EMAIL), (chan, lang)
            assert (g.report_to, g.if_money_lost, g.evidence) == (
                base.report_to,
                base.if_money_lost,
                base.evidence,
            )
            if "lead" not in catalogue()["types"][scam_type]:
                assert g.headline == base.headline, (chan, lang)


def test_safe_never_carries_scam_advice() -> None:
    never = ("1930", "112", "14448", "cybercrime.gov.in", "sancharsaathi", "cert-in", "CERT-In")
    for (t, v, ch, promo, codes, lang), g in every_guidance():
        if v is not Verdict.SAFE:
            continue
        where = (t, ch, promo, codes, lang)
        body = all_text(g)
        assert not g.if_money_lost and not g.evidence, where
        assert not [n for n in never if n in body], where
        assert not any(s in body for s in type_texts(t, lang)), where
        marketing = promo or t is ScamType.SPAM_PROMOTION
        assert [c.contact[:4] for c in g.report_to] == (["1909"] if marketing else []), where
        if lang == "en":
            assert not re.search(r"\bscams?\b|\bfraudulent\b|\bfraudster", body, re.I), where
        else:
            assert "धोखाधड़ी है" not in body and "धोखाधड़ी ही मानें" not in body, where
        # the general OTP rule is always there
        assert "OTP" in " ".join(g.do_not) and "PIN" in " ".join(g.do_not), where


@pytest.mark.parametrize("chan", list(Channel))
@pytest.mark.parametrize("scam_type", list(ScamType))
def test_safe_promotional_gets_the_telemarketing_advice(scam_type: ScamType, chan: Channel) -> None:
    en = advise(scam_type, Verdict.SAFE, channel=chan, promotional=True)
    assert en.headline == "This looks like legal marketing, not fraud."
    now = " ".join(en.do_now)
    for phrase in ("1909 (call or SMS)", "TRAI DND app", "within 7 days", "register your number"):
        assert phrase in now, (scam_type, chan, phrase)
    assert [(c.contact, c.when) for c in en.report_to] == [
        ("1909 (call or SMS), or the TRAI DND app", "Within 7 days of the call or message.")
    ]
    assert any("never share an OTP" in s for s in en.do_not)
    hi = advise(scam_type, Verdict.SAFE, "hi", channel=chan, promotional=True)
    assert "प्रचार" in hi.headline and "धोखाधड़ी नहीं" in hi.headline
    now = " ".join(hi.do_now)
    for phrase in ("1909 पर (कॉल या SMS से)", "TRAI DND ऐप", "7 दिन के भीतर", "DND"):
        assert phrase in now, (scam_type, chan, phrase)
    assert hi.report_to[0].contact.startswith("1909") and "7 दिन" in hi.report_to[0].when
    assert any("OTP" in s and "PIN" in s for s in hi.do_not)


def test_promotional_advice_only_when_promotional() -> None:
    for scam_type, chan, lang in itertools.product(ScamType, Channel, LANGS):
        if scam_type is ScamType.SPAM_PROMOTION:
            continue
        g = advise(scam_type, Verdict.SAFE, lang, channel=chan)
        assert "1909" not in all_text(g) and not g.report_to, (scam_type, chan, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_a_safe_otp_message_says_call_your_bank_if_you_did_not_ask(lang: str) -> None:
    for scam_type, chan, promo in itertools.product(ScamType, Channel, (False, True)):
        safe = advise(scam_type, Verdict.SAFE, lang, channel=chan, promotional=promo)
        got = advise(
            scam_type, Verdict.SAFE, lang, channel=chan, promotional=promo, codes={OTP_CODE}
        )
        assert OTP_LINE[lang] in got.do_now and OTP_LINE[lang] not in safe.do_now
        assert got.headline == safe.headline and got.report_to == safe.report_to
        assert got.do_not == safe.do_not  # the general "never share an OTP" line stays
    # an OTP inside a suspicious message gets the same line after the type's advice
    g = advise(ScamType.KYC_BANK_BLOCK, Verdict.SUSPICIOUS, lang, codes=[OTP_CODE])
    assert g.do_now[-1] == OTP_LINE[lang]
    assert OTP_LINE[lang] not in advise(ScamType.KYC_BANK_BLOCK, Verdict.SUSPICIOUS, lang).do_now


def test_no_guidance_repeats_a_line() -> None:
    for where, g in every_guidance():
        lines = [*g.do_not, *g.do_now]
        assert len(lines) == len(set(lines)), where


def test_english_and_hindi_guidance_say_the_same_facts_line_by_line() -> None:
    seen: dict[tuple[Any, ...], Guidance] = {}
    for (t, v, ch, promo, codes, lang), g in every_guidance():
        key = (t, v, ch, promo, codes)
        if lang == "en":
            seen[key] = g
            continue
        en = seen.pop(key)
        for field in ("do_not", "do_now", "if_money_lost", "evidence"):
            a, b = getattr(en, field), getattr(g, field)
            assert len(a) == len(b), (key, field)
            assert [facts(s) for s in a] == [facts(s) for s in b], (key, field)
        assert [facts(c) for c in contacts(en)] == [facts(c) for c in contacts(g)], key
        assert facts(en.headline) == facts(g.headline), key
    assert not seen


# ---------------------------------------------------------------------------
# (4) Complaint draft

UPI_SCAM = (
    "Sir I am Army officer Rakesh, posted at Leh. I sent Rs 4,999 to you by mistake, please "
    "refund: approve the collect request from refund.help@ybl or call +91 98123 45678 now. "
    "For verification my Aadhaar 2341 2341 2346 and PAN ABCPE1234F."
)


def upi_assessment() -> Assessment:
    found = indicators.extract(UPI_SCAM, [])
    return Assessment(
        channel=Channel.WHATSAPP,
        verdict=Verdict.FRAUD,
        risk=0.97,
        scam_type=ScamType.UPI_COLLECT_OR_QR,
        language=Language.EN,
        reasons=[
            Reason(code="model_risk", message="The trained model rates this 97% likely fraud."),
            Reason(
                code="refund_mistake",
                message="It says money was sent to you by mistake and asks for it back.",
                evidence="I sent Rs 4,999 to you by mistake, Aadhaar 2341 2341 2346",
            ),
        ],
        indicators=found,
        model_version="test",
    )


def test_upi_assessment_is_realistic() -> None:
    found = upi_assessment().indicators
    assert found.phones == ["+919812345678"] and found.upi_ids == ["refund.help@ybl"]
    assert found.amounts == ["INR 4999"]
    assert found.sensitive == ["aadhaar:XXXX-XXXX-2346", "pan:XXXXX1234X"]


@pytest.mark.parametrize("lang", LANGS)
def test_complaint_draft_carries_the_indicators_and_blanks(lang: str) -> None:
    draft = complaint_draft(
        upi_assessment(), language=lang, received="12 Mar 2026", sender="+919812345678",
        excerpt=UPI_SCAM,
    )  # fmt: skip
    assert draft.language == lang
    assert draft.scam_type is ScamType.UPI_COLLECT_OR_QR and draft.verdict is Verdict.FRAUD
    for needle in ("+919812345678", "refund.help@ybl", "INR 4999", "12 Mar 2026", "Leh"):
        assert needle in draft.text, (lang, needle)
    name = catalogue()["types"]["upi_collect_or_qr"]["name"][lang]
    verdict = catalogue()["verdicts"]["fraud"]["name"][lang]
    assert name in draft.summary and verdict in draft.summary and "97%" in draft.summary
    assert draft.summary in draft.text
    blanks = {
        "en": ["Amount lost: ____", "Transaction ID (UTR/RRN): ____", "Your name: ____"],
        "hi": ["नुकसान की राशि: ____", "ट्रांज़ैक्शन ID (UTR/RRN): ____", "आपका नाम: ____"],
    }
    for blank in [*blanks[lang], "1930"]:
        assert blank in draft.text, (lang, blank)
    assert "cybercrime.gov.in" in draft.text
    # the model's score line is in the summary; only the signals are listed as reasons
    assert "trained model" not in draft.text
    if lang == "hi":
        assert "शिकायत" in draft.text and "फ़ोन नंबर: +919812345678" in draft.text
    else:
        assert "Phone numbers: +919812345678" in draft.text
        assert "UPI IDs: refund.help@ybl" in draft.text


@pytest.mark.parametrize("lang", LANGS)
def test_complaint_draft_never_shows_aadhaar_or_pan(lang: str) -> None:
    devanagari_digits = "२३४१ २३४१ २३४६"
    draft = complaint_draft(
        upi_assessment(), language=lang, sender="2341-2341-2346",
        subject=f"KYC {devanagari_digits}", excerpt=UPI_SCAM + " again: 2341 23412346",
    )  # fmt: skip
    for shown in (draft.text, draft.excerpt, draft.sender, draft.subject):
        assert indicators.sensitive(shown) == [], shown
        assert "ABCPE1234F" not in shown
        assert "234123412346" not in re.sub(r"[ -]", "", shown)
    assert devanagari_digits not in draft.text and "23412346" not in draft.text
    assert "XXXX-XXXX-2346" in draft.excerpt and "XXXXX1234X" in draft.excerpt
    assert "aadhaar:XXXX-XXXX-2346" in draft.text  # the masked form stays as evidence


def test_complaint_draft_keeps_account_numbers_that_look_like_aadhaar() -> None:
    # a 12-digit account after an account keyword is an account (indicators.py), and evidence
    message = "Pay the advance to A/c 234123412346 IFSC SBIN0001234 today"
    found = indicators.extract(message, [])
    assert found.bank_accounts == ["234123412346"] and not found.sensitive
    a = upi_assessment().model_copy(update={"indicators": found, "reasons": []})
    draft = complaint_draft(a, excerpt=message)
    assert "A/c 234123412346" in draft.excerpt and "SBIN0001234" in draft.text


def test_complaint_draft_bounds_the_excerpt() -> None:
    long = "START " + "x" * 5000 + " END-MARKER"
    draft = complaint_draft(upi_assessment(), excerpt=long)
    assert len(draft.excerpt) <= MAX_EXCERPT == 1000
    assert draft.excerpt.startswith("START") and draft.excerpt.endswith("…")
    assert "END-MARKER" not in draft.text and "x" * 1200 not in draft.text
    assert "1,000" in draft.text
    short = complaint_draft(upi_assessment(), excerpt="short text")
    assert short.excerpt == "short text"


def test_complaint_draft_without_details_leaves_blanks() -> None:
    a = upi_assessment().model_copy(update={"indicators": Indicators(), "reasons": []})
    draft = complaint_draft(a, language="xx")
    assert draft.language == "en" and draft.excerpt == ""
    assert (
        "Date received: ____" in draft.text and "Sender (number, ID or email): ____" in draft.text
    )
    assert "None found in the message." in draft.text


def test_complaint_draft_takes_email_headers_and_suggests_sections_for_the_police() -> None:
    a = Assessment(
        channel=Channel.EMAIL,
        verdict=Verdict.SUSPICIOUS,
        risk=0.71,
        scam_type=ScamType.DIGITAL_ARREST,
        language=Language.EN,
        reasons=[],
        indicators=Indicators(emails=["cbi.officer@gmail.com"]),
        model_version="test",
        email=EmailFindings(
            subject="Arrest warrant", sender="cbi.officer@gmail.com", date="Tue, 3 Mar 2026"
        ),
    )
    draft = complaint_draft(a)
    assert draft.sender == "cbi.officer@gmail.com" and draft.subject == "Arrest warrant"
    assert "Subject: Arrest warrant" in draft.text and "Tue, 3 Mar 2026" in draft.text
    assert "for the police to decide" in draft.text.lower()
    for section in ("s.66D", "s.318(4)", "s.319", "s.308"):
        assert section in draft.text
    assert ".eml" not in draft.text or "headers" in draft.text
    hi = complaint_draft(a, language="hi")
    assert "पुलिस" in hi.text and "धारा 308" in hi.text
    it = a.model_copy(update={"scam_type": ScamType.RANSOMWARE_OR_MALWARE_ATTACHMENT})
    assert "The sections are for the police to decide." in complaint_draft(it).text
