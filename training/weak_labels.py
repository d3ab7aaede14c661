"""Keyword rules that give public-corpus spam and scam rows a scam type.

The public corpora label spam/phishing but not the scam type. These rules are weak labels for
training the type head only; the authored samples carry real type labels and the type head is
evaluated on them. First matching rule wins; None means "no confident type".
"""

from __future__ import annotations

import re

_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (scam, re.compile(pattern, re.I))
    for scam, pattern in (
        (
            "sextortion",
            r"\b(?:recorded you|sex tape|intimate video|webcam (?:video|recording)|"
            r"nude (?:video|photos?|pics?))\b",
        ),
        (
            "tech_support_remote_access",
            r"\b(?:anydesk|teamviewer|tech(?:nical)? support|"
            r"computer (?:is|has been) (?:infected|hacked)|refund department)\b",
        ),
        (
            "ransomware_or_malware_attachment",
            r"\.(?:exe|scr|apk|zip|js|vbs)\b.*\b(?:attach|open|"
            r"download|install)|\b(?:install|download) (?:the |this )?(?:apk|app) from\b",
        ),
        (
            "digital_arrest",
            r"\b(?:arrest warrant|warrant for your arrest|legal action against you|"
            r"social security number (?:has been )?suspended|police case|law enforcement)\b",
        ),
        (
            "utility_disconnection",
            r"\b(?:electricity|power) (?:bill|connection|supply)\b.*"
            r"\b(?:disconnect|cut|suspend)",
        ),
        (
            "courier_customs_parcel",
            r"\b(?:parcel|package|shipment|delivery|courier|usps|fedex|"
            r"dhl|ups)\b.*\b(?:held|hold|pending|failed|address|fee|customs|redeliver|track)",
        ),
        (
            "kyc_bank_block",
            r"\b(?:kyc|pan card|account (?:has been |will be |is )?(?:blocked|"
            r"suspended|locked|restricted|closed|deactivated)|unusual (?:activity|sign-?in)|"
            r"verify your (?:account|identity))\b",
        ),
        (
            "credential_phishing",
            r"\b(?:log ?in|sign ?in|verify|confirm) (?:your|to your) .{0,30}"
            r"\b(?:account|details|information|identity)\b|"
            r"\bupdate your (?:billing|account|payment)\b",
        ),
        (
            "lottery_prize",
            r"\b(?:you(?:'ve| have)? (?:won|been selected)|winner|lottery|jackpot|lucky draw|"
            r"claim (?:your )?(?:prize|reward|gift)|cash award|sweepstakes?|selected to receive)\b",
        ),
        (
            "investment_or_task_job",
            r"\b(?:part[- ]time (?:job|work)|work from home|"
            r"earn (?:\$|rs\.?|₹|inr|money|up ?to|\d)|daily (?:income|earning|payout)|"
            r"(?:guaranteed|assured|fixed) (?:returns?|profits?)|"
            r"bitcoin|crypto(?:currency)?|stock (?:tips?|picks?|alerts?)|forex|make money|"
            r"income opportunity|mlm)\b",
        ),
        (
            "insurance_or_govt_scheme",
            r"\b(?:medicare|health insurance|insurance claim|"
            r"government grant|ayushman|pmjay|subsidy)\b",
        ),
        (
            "fake_supplier_or_invoice_bec",
            r"\b(?:invoice|remittance|wire transfer|bank details)\b"
            r".*\b(?:updated|changed|new account)\b",
        ),
    )
)


def weak_scam_type(text: str) -> str | None:
    """The first scam type whose keywords the text matches, or None."""
    sample = text[:6000]
    for scam, pattern in _RULES:
        if pattern.search(sample):
            return scam
    return None


# A scam inside a "spam" (marketing) label of a public corpus: the corpora label by source or by
# keyword rules, and their marketing sets carry phishing ("LOCKED: login to unlock your Amazon
# account", "your parcel could not be delivered, pay the fee here"). Such rows are relabelled
# fraud before training, so marketing labels do not teach that a scam is harmless.
_CREDENTIAL_LURE = re.compile(
    r"\b(?:log ?in|sign ?in|verify|unlock|locked|suspend\w*|restrict\w*|deactivat\w*|"
    r"confirm your|update your (?:billing|payment|account|details|kyc|pan))\b",
    re.I,
)
_SCAM_CODES = {
    "kyc_update": "kyc_bank_block",
    "prize_lottery": "lottery_prize",
    "parcel_customs": "courier_customs_parcel",
    "job_task_offer": "investment_or_task_job",
    "refund_mistake": "fake_patient_advance_or_refund",
    "receive_needs_pin": "upi_collect_or_qr",
    "sexual_threat": "sextortion",
    "remote_access_app": "tech_support_remote_access",
    "executable_link": "ransomware_or_malware_attachment",
}


def scam_in_marketing(
    text: str, codes: frozenset[str], *, reaches_out: bool, markers: frozenset[str]
) -> str | None:
    """The scam type of a public "spam" row that is in fact a scam, else None.

    `codes` are its signals, `markers` the signals no honest sender triggers, `reaches_out`
    whether it carries a link to an unknown site or a phone number to call."""
    if codes & markers:
        return weak_scam_type(text) or next(
            (t for c, t in _SCAM_CODES.items() if c in codes), "credential_phishing"
        )
    if not reaches_out:
        return None
    for code, scam in _SCAM_CODES.items():
        if code in codes:
            return scam
    if _CREDENTIAL_LURE.search(text[:2000]):
        return weak_scam_type(text) or "credential_phishing"
    return None
