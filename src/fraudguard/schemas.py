"""Contracts shared by every stage: enums, the parsed Document, the Assessment returned."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from pydantic import BaseModel, Field


class Channel(StrEnum):
    SMS = "sms"
    WHATSAPP = "whatsapp"
    EMAIL = "email"
    CALL = "call"
    URL = "url"
    AUTO = "auto"


class Verdict(StrEnum):
    SAFE = "safe"
    SUSPICIOUS = "suspicious"
    FRAUD = "fraud"


class Language(StrEnum):
    EN = "en"
    HI = "hi"  # Hindi in Devanagari
    HINGLISH = "hinglish"  # romanised Hindi mixed with English
    OTHER = "other"  # another Indian script (Telugu, Tamil, Bengali, Gujarati, Urdu …)


class Role(StrEnum):
    """What an API key may do: clinics analyse and report; reviewers also read the case queue."""

    CLINIC = "clinic"
    REVIEWER = "reviewer"
    ADMIN = "admin"


class ScamType(StrEnum):
    LEGIT = "legit"
    DIGITAL_ARREST = "digital_arrest"
    LICENSE_REGULATOR_IMPERSONATION = "license_regulator_impersonation"
    FAKE_PATIENT_ADVANCE_OR_REFUND = "fake_patient_advance_or_refund"
    UPI_COLLECT_OR_QR = "upi_collect_or_qr"
    KYC_BANK_BLOCK = "kyc_bank_block"
    UTILITY_DISCONNECTION = "utility_disconnection"
    COURIER_CUSTOMS_PARCEL = "courier_customs_parcel"
    SEXTORTION = "sextortion"
    INVESTMENT_OR_TASK_JOB = "investment_or_task_job"
    FAKE_SUPPLIER_OR_INVOICE_BEC = "fake_supplier_or_invoice_bec"
    INSURANCE_OR_GOVT_SCHEME = "insurance_or_govt_scheme"
    TECH_SUPPORT_REMOTE_ACCESS = "tech_support_remote_access"
    LOTTERY_PRIZE = "lottery_prize"
    RANSOMWARE_OR_MALWARE_ATTACHMENT = "ransomware_or_malware_attachment"
    CREDENTIAL_PHISHING = "credential_phishing"
    SPAM_PROMOTION = "spam_promotion"


# ---------------------------------------------------------------------------
# The parsed input. Plain dataclasses: built for every message, so they stay cheap.


@dataclass(slots=True)
class Link:
    """A link as found in the input (after re-fanging), with its anchor text for HTML links."""

    url: str
    text: str = ""


@dataclass(slots=True)
class Attachment:
    filename: str
    content_type: str
    size: int
    depth: int = 0  # 0 = attached to the scored message; >0 = inside an archive or nested message


@dataclass(slots=True)
class EmailHeaders:
    """Header evidence. Kept as strings: a malformed header is evidence, not an error."""

    subject: str = ""
    from_display: str = ""
    from_address: str = ""
    reply_to: str = ""
    return_path: str = ""
    to: str = ""
    date: str = ""
    message_id: str = ""
    # spf / dkim / dmarc -> result as stated by the receiving server ("pass", "fail", ...)
    auth: dict[str, str] = field(default_factory=dict)
    forwarded: bool = False  # the scored message was unwrapped from a message/rfc822 part


@dataclass(slots=True)
class Turn:
    speaker: str  # "" when the transcript has no labels
    text: str


@dataclass(slots=True)
class Document:
    """One input, parsed: what every signal, feature and indicator is computed from."""

    channel: Channel
    text: str  # readable text: refanged, zero-width removed; for email subject + body
    links: list[Link] = field(default_factory=list)
    email: EmailHeaders | None = None
    attachments: list[Attachment] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)  # call transcripts
    language: Language = Language.EN
    # parse observations: "zero_width", "defanged", "mixed_script", "malformed_mime",
    # "truncated", "html_only", "depth_limit", "alternative_differs" (the plain-text alternative
    # of an HTML mail says something else: a decoy) ...
    flags: set[str] = field(default_factory=set)
    # what was not read, by kind: "chars" of text beyond a limit, MIME "parts" beyond the part
    # budget, "attachments" not opened … (empty when everything was read)
    skipped: dict[str, int] = field(default_factory=dict)


# ---------------------------------------------------------------------------
# What callers get back (CLI JSONL and the API share these).


class Reason(BaseModel):
    code: str
    message: str
    evidence: str = ""


class Indicators(BaseModel):
    urls: list[str] = Field(default_factory=list)
    domains: list[str] = Field(default_factory=list)
    phones: list[str] = Field(default_factory=list)
    upi_ids: list[str] = Field(default_factory=list)
    emails: list[str] = Field(default_factory=list)
    amounts: list[str] = Field(default_factory=list)
    bank_accounts: list[str] = Field(default_factory=list)
    ifsc: list[str] = Field(default_factory=list)
    # Aadhaar / PAN found: only the kind and a masked form, never the number itself
    sensitive: list[str] = Field(default_factory=list)


class ReportChannel(BaseModel):
    """One place to report: a helpline, portal, mailbox or the bank."""

    name: str
    contact: str = Field(description="number, address or URL to use")
    when: str = Field(default="", description="time limit or urgency, in words")


class Guidance(BaseModel):
    """What to do, in the requested language, for this scam type and verdict."""

    language: str = Field(description="en or hi")
    headline: str
    do_not: list[str] = Field(default_factory=list, description="what not to do now")
    do_now: list[str] = Field(default_factory=list, description="what to do now")
    if_money_lost: list[str] = Field(default_factory=list, description="the first hour")
    report_to: list[ReportChannel] = Field(default_factory=list)
    evidence: list[str] = Field(default_factory=list, description="what to keep")


class ComplaintDraft(BaseModel):
    """The facts of one message laid out for cybercrime.gov.in or the cyber cell."""

    language: str
    channel: Channel
    received: str = Field(default="", description="date the message arrived, as known")
    sender: str = ""
    subject: str = ""
    scam_type: ScamType
    verdict: Verdict
    summary: str
    indicators: Indicators
    excerpt: str = Field(default="", description="the start of the message, bounded")
    text: str = Field(description="the whole draft as plain text, ready to paste")


class AttachmentFinding(BaseModel):
    filename: str
    content_type: str
    size: int
    dangerous: bool = Field(description="an executable, script, macro document or disguised file")


class EmailFindings(BaseModel):
    """Header evidence of an email, as the receiving server stated it."""

    subject: str = ""
    sender: str = ""
    sender_name: str = ""
    reply_to: str = ""
    return_path: str = ""
    date: str = ""
    spf: str = ""
    dkim: str = ""
    dmarc: str = ""
    forwarded: bool = False
    attachments: list[AttachmentFinding] = Field(default_factory=list)


class Coverage(BaseModel):
    """How much of the input was read. A scam hidden past a limit is reported, not ignored."""

    read_chars: int = Field(description="characters of text the checks read")
    complete: bool = Field(description="everything in the input was read")
    skipped: dict[str, int] = Field(
        default_factory=dict,
        description="what was left unread: chars, parts, attachments … (empty when complete)",
    )


class Assessment(BaseModel):
    """The verdict on one input."""

    id: str = ""
    channel: Channel
    verdict: Verdict
    risk: float = Field(ge=0.0, le=1.0)
    scam_type: ScamType
    language: Language
    reasons: list[Reason]
    indicators: Indicators
    model_version: str
    promotional: bool = Field(
        default=False, description="legal marketing: safe, with the DND / 1909 advice"
    )
    coverage: Coverage | None = None
    email: EmailFindings | None = None
    guidance: Guidance | None = None
    complaint: ComplaintDraft | None = None


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: an API key (or a signed-in page session) bound to a clinic and a role."""

    key_id: int
    key_prefix: str
    clinic_id: int
    clinic_name: str
    role: Role
    rate_per_minute: int
