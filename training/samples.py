"""The authored samples (data/samples/*.jsonl): their format, vocabulary and a checker.

`python -m training.samples` checks every file and prints counts; the test suite runs the same
check. A row:

    {"id": "leg-bank-0001", "channel": "sms", "language": "hi", "label": "legit",
     "scam_type": "legit", "kind": "bank_alert", "form": "plain", "group": "leg-bank-sbi-upi",
     "content": "..."}
"""

from __future__ import annotations

import email
import email.policy
import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from fraudguard.schemas import ScamType

CHANNELS = frozenset({"sms", "whatsapp", "email", "call", "url"})
LABELS = frozenset({"legit", "spam", "fraud"})
# en, Hindi in Devanagari, romanised Hindi; and other Indian languages by ISO 639-1 code
LANGUAGES = frozenset(
    {"en", "hi", "hinglish", "te", "ta", "bn", "mr", "gu", "ur", "kn", "ml", "pa", "or"}
)
# What a genuine message is (false alarms are reported per kind); scams use their scam_type.
LEGIT_KINDS = frozenset(
    {
        "bank_alert",  # debit / credit / UPI / card / ATM / NEFT / EMI / statement
        "otp",  # one-time passwords from banks, UPI apps, Aadhaar, DigiLocker, ITR, EPFO, shops
        "kyc_reminder",  # genuine KYC / re-KYC notices (visit the branch, official app)
        "telecom",  # data usage, recharge, bill, plan notices
        "utility_bill",  # electricity, gas, water, DTH
        "delivery",  # courier and e-commerce orders and deliveries
        "lab_report",  # diagnostics: reports ready, sample collection
        "pharmacy_invoice",  # pharmacy and distributor invoices, stock and scheme offers
        "appointment",  # bookings, reminders, OPD schedules
        "insurance",  # TPA, insurers, Ayushman Bharat, CGHS, claims
        "council_circular",  # NMC, state councils, IMA, CME circulars and invitations
        "govt_service",  # passport, police verification, tax, EPFO, DigiLocker notices
        "travel",  # IRCTC, airlines, cabs, hotels
        "staff",  # rosters, duty changes, hospital operations
        "referral",  # colleagues referring or discussing patients
        "patient",  # patients and relatives asking about follow-ups, reports, fees
        "family",  # family and friends chat
        "promotion",  # legal promotions from shops, hospitals, schools (label "spam")
        "newsletter",  # newsletters, journals, conference mail, software notices
        "business",  # vendor, accounts, HR, IT and other ordinary business mail or calls
        "security_notice",  # genuine security / fraud-awareness notices from banks, police, IT
        "website",  # a legitimate link (URL rows)
    }
)
FORMS = frozenset(
    {
        "plain",  # the message as received
        "forward",  # "Fwd:", "Forwarded as received", forwarded many times
        "screenshot",  # text copied out of a screenshot: status-bar noise, OCR slips
        "truncated",  # cut off (preview, character limit)
        "retelling",  # the doctor's own account of a call or chat ("a man called saying ...")
    }
)
REQUIRED = ("id", "channel", "language", "label", "scam_type", "group", "content")
SAMPLES_DIR = Path(__file__).resolve().parent.parent / "data" / "samples"


def rows(samples_dir: Path = SAMPLES_DIR) -> Iterator[tuple[Path, int, dict[str, object]]]:
    """(file, line number, row) for every row of every sample file."""
    for path in sorted(samples_dir.glob("*.jsonl")):
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if line.strip():
                yield path, n, json.loads(line)


def problems(row: dict[str, object]) -> list[str]:
    """What is wrong with one row (empty when it is valid)."""
    out = [f"missing {k}" for k in REQUIRED if not row.get(k)]
    if out:
        return out
    channel, label, scam = row["channel"], row["label"], row["scam_type"]
    if channel not in CHANNELS:
        out.append(f"channel {channel!r}")
    if label not in LABELS:
        out.append(f"label {label!r}")
    if row["language"] not in LANGUAGES:
        out.append(f"language {row['language']!r}")
    if scam not in {s.value for s in ScamType}:
        out.append(f"scam_type {scam!r}")
    if label == "legit" and scam != "legit":
        out.append("a legit row has scam_type legit")
    if label == "spam" and scam != "spam_promotion":
        out.append("a spam row has scam_type spam_promotion")
    if label == "fraud" and scam in ("legit", "spam_promotion"):
        out.append("a fraud row names its scam type")
    kind = row.get("kind")
    if label != "fraud" and kind not in LEGIT_KINDS:
        out.append(f"kind {kind!r} (legit and spam rows name one of LEGIT_KINDS)")
    if row.get("form", "plain") not in FORMS:
        out.append(f"form {row.get('form')!r}")
    content = str(row["content"])
    if channel == "url" and (" " in content.strip() or "\n" in content.strip()):
        out.append("a url row is one link")
    if channel == "email":
        msg = email.message_from_string(content, policy=email.policy.compat32)
        if not msg.get("From") or not msg.get("Subject"):
            out.append("an email row is a raw RFC 822 message with From and Subject")
    return out


def check(samples_dir: Path = SAMPLES_DIR) -> tuple[list[str], Counter[tuple[str, ...]]]:
    """All problems (file:line: what) and counts by (label, channel, language)."""
    errors: list[str] = []
    counts: Counter[tuple[str, ...]] = Counter()
    seen: dict[object, str] = {}
    for path, n, row in rows(samples_dir):
        where = f"{path.name}:{n}"
        errors += [f"{where}: {p}" for p in problems(row)]
        if row.get("id") in seen:
            errors.append(f"{where}: id {row.get('id')!r} also in {seen[row.get('id')]}")
        seen[row.get("id")] = where
        counts[(str(row.get("label")), str(row.get("channel")), str(row.get("language")))] += 1
    return errors, counts


def main() -> int:
    errors, counts = check()
    for key, n in sorted(counts.items()):
        print(" ".join(key), n)
    print("total", sum(counts.values()))
    for e in errors:
        print(e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
