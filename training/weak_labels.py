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
        ("sextortion", r"\b(?:nude|naked|webcam|recorded you|sex tape|intimate video)\b"),
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
            r"\b(?:log ?in|sign ?in|password|verify|confirm) .{0,40}"
            r"\b(?:account|details|information)\b|\bupdate your (?:billing|account|payment)\b",
        ),
        (
            "lottery_prize",
            r"\b(?:won|winner|prize|lottery|jackpot|lucky draw|claim (?:your|now)|"
            r"cash award|sweepstakes?|free (?:gift|ipod|iphone|holiday|vacation)|"
            r"selected to receive)\b",
        ),
        (
            "investment_or_task_job",
            r"\b(?:part[- ]time|work from home|earn (?:\$|rs|₹|money|up "
            r"to)|per day|investment|bitcoin|crypto|stock (?:tip|pick|alert)|trading|forex|"
            r"income opportunity|mlm|make money|loan approved|pre-?approved loan|debt relief)\b",
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
