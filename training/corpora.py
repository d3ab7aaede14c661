"""Load the public corpora (../shared/data) and the authored samples into one labelled table.

Every row: id, source, channel, language, label (legit | spam | fraud), scam_type, group, content,
use, kind, form. `content` is text, except for email where it is the raw message as bytes (latin-1
round trip of the corpus files, UTF-8 for authored mail). The corpora are read in place, never
copied.

`use` follows the licences in SOURCES-legit.md: "train" rows may train the shipped model; "eval"
rows (the Indian SMS inbox dump, the PennyWise fixtures, the Cloudflare Radar list and both L3Cube
sets) only validate thresholds and measure false alarms. They are the best false-alarm check there
is, because no one on the team wrote them.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

from training.weak_labels import weak_scam_type

COLUMNS = [
    "id",
    "source",
    "channel",
    "language",
    "label",
    "scam_type",
    "group",
    "content",
    "use",  # train: may train the shipped model; eval: its licence allows evaluation only
    "kind",  # what a genuine message is (bank_alert, otp, chat, homepage …); "" for scams
    "form",  # plain | forward | screenshot | truncated | retelling (authored rows)
]
_DEFAULTS = {"use": "train", "form": "plain"}

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
# language codes of SOURCES-legit.md → the project's (hi-Latn is romanised Hindi)
_LANGUAGE = {"hi-Latn": "hinglish"}


def _row(**kw: object) -> dict[str, object]:
    return {c: kw.get(c, _DEFAULTS.get(c, "")) for c in COLUMNS}


def _spam_or_fraud(text: str, default: str = "spam_promotion") -> tuple[str, str]:
    scam = weak_scam_type(text) or default
    return ("spam" if scam == "spam_promotion" else "fraud"), scam


_SMS_KINDS = (
    (
        "otp",
        re.compile(
            r"\botp\b|one[- ]time (?:pass(?:word|code))|verification code|is your "
            r"(?:code|pin)|\bcode is\b|ओटीपी",
            re.I,
        ),
    ),
    (
        "bank_alert",
        re.compile(
            r"debit|credit|a/c|\bacct?\b|txn|\bupi\b|neft|imps|rtgs|balance|"
            r"\bemi\b|card|withdraw|\bbank\b|cheque|nach",
            re.I,
        ),
    ),
    (
        "telecom",
        re.compile(
            r"recharge|\bdata\b|\bpack\b|validity|\bjio\b|airtel|\bvi\b|bsnl|"
            r"postpaid|prepaid|\bplan\b",
            re.I,
        ),
    ),
    ("delivery", re.compile(r"deliver|shipped|dispatched|\border\b|courier|parcel|out for", re.I)),
)


def sms_kind(text: str) -> str:
    """What a genuine public SMS is about, by keywords: for false alarms per kind."""
    for kind, pattern in _SMS_KINDS:
        if pattern.search(text):
            return kind
    return "other"


def url_kind(url: str) -> str:
    """homepage (no path beyond "/", no query) or deep_link."""
    rest = url.split("://", 1)[-1]
    path = rest.split("/", 1)[1] if "/" in rest else ""
    return "homepage" if path.strip("/") == "" and "?" not in rest else "deep_link"


# --------------------------------------------------------------------------------------------
# public corpora: short messages and calls


def load_sms(data: Path) -> pd.DataFrame:
    """UCI, Indian telecom, Mishra & Soni, SmishTank and Super SMS (raw rows only)."""
    rows = []
    for name in ("sms_uci", "sms_india_telecom", "sms_smishing_mendeley", "sms_super_2018_2023"):
        df = pd.read_csv(data / name / f"{name}.csv", dtype=str, keep_default_na=False)
        for i, r in enumerate(df.itertuples(index=False)):
            text = r.text
            if name == "sms_super_2018_2023" and _PROCESSED.match(text.strip()):
                continue
            kind = ""
            if r.label == "ham":
                label, scam = "legit", "legit"
                kind = "chat" if name != "sms_india_telecom" else sms_kind(text)
            elif r.label == "smishing":
                label, scam = "fraud", weak_scam_type(text) or "credential_phishing"
            else:
                label, scam = _spam_or_fraud(text)
                kind = "promotion" if label == "spam" else ""
            rows.append(
                _row(
                    id=f"{name}/{i}",
                    source=name,
                    channel="sms",
                    language="en",
                    label=label,
                    scam_type=scam,
                    content=text,
                    kind=kind,
                )
            )
    st = pd.read_csv(data / "sms_smishtank" / "sms_smishtank.csv", dtype=str, keep_default_na=False)
    for i, r in enumerate(st.itertuples(index=False)):
        if r.scam_type == "Advertisement":
            label, scam, kind = "spam", "spam_promotion", "promotion"
        else:
            label, kind = "fraud", ""
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
                kind=kind,
            )
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def load_legit_sms(data: Path) -> pd.DataFrame:
    """Real Indian bank, UPI, OTP and telecom SMS (SOURCES-legit.md).

    Finlight's rows (Apache-2.0) may train; PennyWise's (AGPL-3.0) and the inbox dump (licence
    unresolved) only evaluate. The inbox dump's `unknown` rows (private senders, mostly loan spam
    and some scams, unlabelled) are left out."""
    rows = []
    fx = pd.read_csv(
        data / "sms_india_parser_fixtures" / "sms_india_parser_fixtures.csv",
        dtype=str,
        keep_default_na=False,
    )
    for i, r in enumerate(fx.itertuples(index=False)):
        finlight = r.source == "finlight_android_tests"
        rows.append(
            _row(
                id=f"sms_india_parser_fixtures/{i}",
                source="sms_finlight" if finlight else "sms_pennywise",
                channel="sms",
                language=_LANGUAGE.get(r.language, r.language),
                label="legit",
                scam_type="legit",
                content=r.text,
                use="train" if finlight else "eval",
                kind=sms_kind(r.text),
            )
        )
    inbox = pd.read_csv(
        data / "sms_india_inbox_2022" / "sms_india_inbox_2022.csv.gz",
        dtype=str,
        keep_default_na=False,
    )
    for i, r in enumerate(inbox.itertuples(index=False)):
        if r.label not in ("ham", "spam"):
            continue
        spam = r.label == "spam"
        rows.append(
            _row(
                id=f"sms_india_inbox_2022/{i}",
                source="sms_india_inbox_2022",
                channel="sms",
                language=_LANGUAGE.get(r.language, r.language),
                label="spam" if spam else "legit",
                scam_type="spam_promotion" if spam else "legit",
                content=r.text,
                use="eval",
                kind="promotion" if spam else sms_kind(r.text),
            )
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def load_indic_text(data: Path) -> pd.DataFrame:
    """L3Cube news headlines (Hindi and nine other scripts) and Hinglish tweets: evaluation only
    (CC BY-NC-SA). Genuine text in Indian languages: the check that script decides nothing."""
    rows = []
    news = pd.read_csv(
        data / "text_indic_news_headlines_l3cube" / "indicnews_headlines.csv.gz",
        dtype=str,
        keep_default_na=False,
    )
    for i, r in enumerate(news.itertuples(index=False)):
        rows.append(
            _row(
                id=f"l3cube_headlines/{i}",
                source="l3cube_headlines",
                channel="sms",
                language=r.language,
                label="legit",
                scam_type="legit",
                content=r.text,
                use="eval",
                kind="news",
            )
        )
    tweets = pd.read_csv(
        data / "text_hinglish_tweets_l3cube" / "hinglid_tweets.csv.gz",
        dtype=str,
        keep_default_na=False,
    )
    for i, r in enumerate(tweets.itertuples(index=False)):
        rows.append(
            _row(
                id=f"l3cube_tweets/{i}",
                source="l3cube_tweets",
                channel="sms",
                language="hinglish",
                label="legit",
                scam_type="legit",
                content=r.text,
                use="eval",
                kind="chat",
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
        # every row is an illegal robocall the FTC acted on (car warranties and energy deals
        # included): fraud, typed by the keyword rules where FTC_TYPES has no mapping
        label = "fraud"
        scam = FTC_TYPES.get(r.scam_type_heuristic) or weak_scam_type(r.text) or "lottery_prize"
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


# --------------------------------------------------------------------------------------------
# public corpora: email


def load_emails(data: Path) -> pd.DataFrame:
    """SpamAssassin ham/spam and Nazario phishing, raw RFC 822 bytes."""
    rows = []
    for folder in ("spamassassin", "nazario_phishing_2004_2005"):
        with gzip.open(data / folder / "messages.jsonl.gz", "rt", encoding="utf-8") as f:
            for line in f:
                m = json.loads(line)
                raw = m["raw"].encode("latin-1")
                kind = ""
                if m["label"] == "ham":
                    label, scam = "legit", "legit"
                    kind = "mailing_list"
                elif m["label"] == "phishing":
                    label, scam = "fraud", "credential_phishing"
                else:
                    label, scam = _spam_or_fraud(m["raw"][-4000:])
                    kind = "promotion" if label == "spam" else ""
                rows.append(
                    _row(
                        id=m["id"],
                        source=m["source"],
                        channel="email",
                        language="en",
                        label=label,
                        scam_type=scam,
                        content=raw,
                        kind=kind,
                    )
                )
    return pd.DataFrame(rows, columns=COLUMNS)


# --------------------------------------------------------------------------------------------
# public corpora: links


def _url_frame(urls: list[str], source: str, *, fraud: np.ndarray, use: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": [f"{source}/{hashlib.sha256(u.encode()).hexdigest()[:16]}" for u in urls],
            "source": source,
            "channel": "url",
            "language": "en",
            "label": np.where(fraud, "fraud", "legit"),
            "scam_type": np.where(fraud, "credential_phishing", "legit"),
            "group": "",
            "content": urls,
            "use": use,
            "kind": ["" if f else url_kind(u) for u, f in zip(urls, fraud, strict=True)],
            "form": "plain",
        },
        columns=COLUMNS,
    )


def load_urls(data: Path) -> pd.DataFrame:
    """PhishTank 2020 phishing and ISCX-URL-2016 benign URLs, plus the benign sites' home pages.

    ISCX benign URLs are deep crawl paths, PhishTank URLs are often short: a model would learn
    "short link = phishing" and call every bank home page a phish. Each benign host's root
    ("example.com", "example.com/") is added as a benign row; it stays in its domain's group."""
    df = pd.read_csv(
        data / "urls_phishtank2020_iscx2016" / "urls.csv.gz", dtype=str, keep_default_na=False
    )
    phish = (df["label"] == "phishing").to_numpy()
    parts = [
        _url_frame(df.loc[phish, "url"].tolist(), "phishtank_2020", fraud=phish[phish], use="train")
    ]
    benign = df.loc[~phish, "url"].tolist()
    hosts = sorted({h for h in (_host(u) for u in benign) if h})
    roots = [h if i % 2 else f"https://{h}/" for i, h in enumerate(hosts)]
    for urls, source in ((benign, "iscx_url2016_benign"), (roots, "iscx_url2016_roots")):
        parts.append(_url_frame(urls, source, fraud=np.zeros(len(urls), bool), use="train"))
    return pd.concat(parts, ignore_index=True)


def load_legit_urls(data: Path, *, cloudflare_rows: int = 6000) -> pd.DataFrame:
    """Legitimate home pages and deep links (Hannousse & Yahiouche 2021, CC BY 4.0: train) and a
    fixed sample of the Cloudflare Radar top-100k domains as home pages (CC BY-NC: evaluation).

    Majestic's list is not turned into rows: it ships as the popularity lookup, so rows built
    from it would only test the lookup against itself."""
    hn = pd.read_csv(data / "urls_hannousse2021" / "urls.csv.gz", dtype=str, keep_default_na=False)
    urls = hn["url"].tolist()
    parts = [_url_frame(urls, "hannousse2021", fraud=np.zeros(len(urls), bool), use="train")]
    cf = pd.read_csv(
        data / "domains_popular" / "cloudflare_radar_top100k_2024-01-22_29.csv.gz",
        dtype=str,
        keep_default_na=False,
    )
    # a fixed, content-derived sample: the same domains on every run and machine
    keyed = sorted(cf["domain"], key=lambda d: hashlib.sha256(d.encode()).hexdigest())
    sample = keyed[:cloudflare_rows]
    # as people paste a home page: bare, with www., with a scheme (one form per domain)
    forms = ("{d}", "https://{d}/", "www.{d}", "https://www.{d}", "http://{d}")
    cf_urls = [forms[i % len(forms)].format(d=d) for i, d in enumerate(sample)]
    parts.append(
        _url_frame(cf_urls, "cloudflare_radar", fraud=np.zeros(len(cf_urls), bool), use="eval")
    )
    return pd.concat(parts, ignore_index=True)


def _host(url: str) -> str:
    rest = url.split("://", 1)[-1]
    return rest.split("/", 1)[0].split("?", 1)[0].lower()


# --------------------------------------------------------------------------------------------
# authored samples


def load_samples(samples_dir: Path) -> pd.DataFrame:
    """The authored samples (data/samples/*.jsonl); email content becomes UTF-8 bytes."""
    rows = []
    for path in sorted(samples_dir.glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            if not line.strip():
                continue
            r = json.loads(line)
            content = r["content"].encode("utf-8") if r["channel"] == "email" else r["content"]
            kind = r.get("kind") or ""
            if r["channel"] == "url" and r["label"] == "legit":
                kind = url_kind(r["content"])
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
                    kind=kind if r["label"] != "fraud" else "",
                    form=r.get("form") or "plain",
                )
            )
    return pd.DataFrame(rows, columns=COLUMNS)


def load_all(data: Path, samples_dir: Path) -> pd.DataFrame:
    """Every corpus and the authored samples in one table."""
    return pd.concat(
        [
            load_sms(data),
            load_legit_sms(data),
            load_indic_text(data),
            load_calls(data),
            load_emails(data),
            load_urls(data),
            load_legit_urls(data),
            load_samples(samples_dir),
        ],
        ignore_index=True,
    )
