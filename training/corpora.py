"""Load the public corpora (../shared/data) and the authored samples into one labelled table.

Every row: id, source, channel, language, label (legit | spam | fraud), scam_type, group, content.
`content` is text, except for email where it is the raw message as bytes (latin-1 round trip of
the corpus files, UTF-8 for authored mail). The corpora are read in place, never copied.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

from training.weak_labels import weak_scam_type

COLUMNS = ["id", "source", "channel", "language", "label", "scam_type", "group", "content"]

# Super SMS: about half its rows were lower-cased and stripped of digits and punctuation upstream.
# A model would learn "no punctuation → spam"; those rows are dropped (see SOURCES-sms.md).
_PROCESSED = re.compile(r"^[a-z ]+$")

SMISHTANK_TYPES = {
    "Account Alert": "kyc_bank_block",
    "Delivery": "courier_customs_parcel",
    "Finance/Crypto": "investment_or_task_job",
    "Prize/Contest": "lottery_prize",
    "Job Advertisement": "investment_or_task_job",
    "Loans/Credit": "investment_or_task_job",
    "Lawsuits/Settlements": "lottery_prize",
}
FTC_TYPES = {
    "government_impersonation": "digital_arrest",
    "retail_order_impersonation": "tech_support_remote_access",
    "tech_support": "tech_support_remote_access",
    "utility_disconnection": "utility_disconnection",
    "delivery_or_package": "courier_customs_parcel",
    "prize_or_free_offer": "lottery_prize",
    "health_insurance_medicare": "insurance_or_govt_scheme",
    "credit_card_debt_relief": "kyc_bank_block",
}


def _row(**kw: object) -> dict[str, object]:
    return {c: kw.get(c, "") for c in COLUMNS}


def _spam_or_fraud(text: str, default: str = "spam_promotion") -> tuple[str, str]:
    scam = weak_scam_type(text) or default
    return ("spam" if scam == "spam_promotion" else "fraud"), scam


def load_sms(data: Path) -> pd.DataFrame:
    """UCI, Indian telecom, Mishra & Soni, SmishTank and Super SMS (raw rows only)."""
    rows = []
    for name in ("sms_uci", "sms_india_telecom", "sms_smishing_mendeley", "sms_super_2018_2023"):
        df = pd.read_csv(data / name / f"{name}.csv", dtype=str, keep_default_na=False)
        for i, r in enumerate(df.itertuples(index=False)):
            text = r.text
            if name == "sms_super_2018_2023" and _PROCESSED.match(text.strip()):
                continue
            if r.label == "ham":
                label, scam = "legit", "legit"
            elif r.label == "smishing":
                label, scam = "fraud", weak_scam_type(text) or "credential_phishing"
            else:
                label, scam = _spam_or_fraud(text)
            rows.append(
                _row(
                    id=f"{name}/{i}",
                    source=name,
                    channel="sms",
                    language="en",
                    label=label,
                    scam_type=scam,
                    content=text,
                )
            )
    st = pd.read_csv(data / "sms_smishtank" / "sms_smishtank.csv", dtype=str, keep_default_na=False)
    for i, r in enumerate(st.itertuples(index=False)):
        if r.scam_type == "Advertisement":
            label, scam = "spam", "spam_promotion"
        else:
            label = "fraud"
            scam = (
                SMISHTANK_TYPES.get(r.scam_type) or weak_scam_type(r.text) or "credential_phishing"
            )
        rows.append(
            _row(
                id=f"sms_smishtank/{i}",
                source="sms_smishtank",
                channel="sms",
                language="en",
                label=label,
                scam_type=scam,
                content=r.text,
            )
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def load_calls(data: Path) -> pd.DataFrame:
    """FTC robocall transcripts (all scams; English only — the 11 Chinese rows are skipped)."""
    df = pd.read_csv(
        data / "calls_robocall_ftc" / "calls_robocall_ftc.csv", dtype=str, keep_default_na=False
    )
    rows = []
    for i, r in enumerate(df.itertuples(index=False)):
        if r.language != "en":
            continue
        scam = FTC_TYPES.get(r.scam_type_heuristic)
        if scam is None:
            label, scam = _spam_or_fraud(r.text)
        else:
            label = "fraud"
        rows.append(
            _row(
                id=f"calls_robocall_ftc/{i}",
                source="calls_robocall_ftc",
                channel="call",
                language="en",
                label=label,
                scam_type=scam,
                content=r.text,
            )
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def load_emails(data: Path) -> pd.DataFrame:
    """SpamAssassin ham/spam and Nazario phishing, raw RFC 822 bytes."""
    rows = []
    for folder in ("spamassassin", "nazario_phishing_2004_2005"):
        with gzip.open(data / folder / "messages.jsonl.gz", "rt", encoding="utf-8") as f:
            for line in f:
                m = json.loads(line)
                raw = m["raw"].encode("latin-1")
                if m["label"] == "ham":
                    label, scam = "legit", "legit"
                elif m["label"] == "phishing":
                    label, scam = "fraud", "credential_phishing"
                else:
                    label, scam = _spam_or_fraud(m["raw"][-4000:])
                rows.append(
                    _row(
                        id=m["id"],
                        source=m["source"],
                        channel="email",
                        language="en",
                        label=label,
                        scam_type=scam,
                        content=raw,
                    )
                )
    return pd.DataFrame(rows, columns=COLUMNS)


def load_urls(data: Path) -> pd.DataFrame:
    """PhishTank 2020 phishing and ISCX-URL-2016 benign URLs, plus the benign sites' home pages.

    ISCX benign URLs are deep crawl paths, PhishTank URLs are often short: a model would learn
    "short link = phishing" and call every bank home page a phish. Each benign host's root
    ("example.com", "example.com/") is added as a benign row; it stays in its domain's group."""
    df = pd.read_csv(
        data / "urls_phishtank2020_iscx2016" / "urls.csv.gz", dtype=str, keep_default_na=False
    )
    phish = (df["label"] == "phishing").to_numpy()
    rows = pd.DataFrame(
        {
            "id": [f"urls/{i}" for i in range(len(df))],
            "source": df["source"].to_numpy(),
            "channel": "url",
            "language": "en",
            "label": np.where(phish, "fraud", "legit"),
            "scam_type": np.where(phish, "credential_phishing", "legit"),
            "group": "",
            "content": df["url"].to_numpy(),
        },
        columns=COLUMNS,
    )
    hosts = sorted({h for h in (_host(u) for u in df.loc[~phish, "url"]) if h})
    roots = pd.DataFrame(
        {
            "id": [f"urls/root/{h}" for h in hosts],
            "source": "iscx_url2016_benign",
            "channel": "url",
            "language": "en",
            "label": "legit",
            "scam_type": "legit",
            "group": "",
            "content": [h if i % 2 else f"https://{h}/" for i, h in enumerate(hosts)],
        },
        columns=COLUMNS,
    )
    return pd.concat([rows, roots], ignore_index=True)


def _host(url: str) -> str:
    rest = url.split("://", 1)[-1]
    return rest.split("/", 1)[0].split("?", 1)[0].lower()


def load_samples(samples_dir: Path) -> pd.DataFrame:
    """The authored samples (data/samples/*.jsonl); email content becomes UTF-8 bytes."""
    rows = []
    for path in sorted(samples_dir.glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            if not line.strip():
                continue
            r = json.loads(line)
            content = r["content"].encode("utf-8") if r["channel"] == "email" else r["content"]
            rows.append(
                _row(
                    id=f"samples/{r['id']}",
                    source="authored",
                    channel=r["channel"],
                    language=r["language"],
                    label=r["label"],
                    scam_type=r["scam_type"],
                    group=f"authored/{r['group']}",
                    content=content,
                )
            )
    return pd.DataFrame(rows, columns=COLUMNS)


def load_all(data: Path, samples_dir: Path) -> pd.DataFrame:
    """Every corpus and the authored samples in one table."""
    return pd.concat(
        [
            load_sms(data),
            load_calls(data),
            load_emails(data),
            load_urls(data),
            load_samples(samples_dir),
        ],
        ignore_index=True,
    )
