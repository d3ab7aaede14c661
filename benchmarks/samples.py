"""Fixed, seeded samples of the public corpora, and the email test split as training makes it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from fraudguard.assess import Item
from fraudguard.config import Limits
from fraudguard.errors import FraudguardError
from fraudguard.ingest import parse
from fraudguard.schemas import Channel
from training.corpora import load_emails, load_sms, load_urls
from training.split import assign_groups

# Share of each kind in the SpamAssassin comparison sample: half ham, so that a false-positive
# rate is measured on enough legitimate mail.
SA_SHARES = {"ham": 0.5, "spam": 0.25, "phishing": 0.25}


def _sample(table: pd.DataFrame, n: int, seed: int) -> pd.DataFrame:
    return table.sample(n=min(n, len(table)), random_state=seed)


def sms_items(data: Path, n: int, seed: int) -> list[Item]:
    """`n` SMS drawn at random from every public SMS corpus that `load_sms` reads."""
    rows = _sample(load_sms(data), n, seed)
    return [
        Item(content=c, channel=Channel.SMS, id=i)
        for c, i in zip(rows.content, rows.id, strict=True)
    ]


def url_items(data: Path, n: int, seed: int) -> list[Item]:
    """`n` URLs drawn at random from PhishTank 2020 + ISCX-URL-2016."""
    rows = _sample(load_urls(data), n, seed)
    return [
        Item(content=c, channel=Channel.URL, id=i)
        for c, i in zip(rows.content, rows.id, strict=True)
    ]


def email_items(emails: pd.DataFrame, n: int, seed: int) -> list[Item]:
    """`n` raw emails drawn at random from SpamAssassin + Nazario (every split)."""
    rows = _sample(emails, n, seed)
    return [
        Item(content=c, channel=Channel.EMAIL, id=i)
        for c, i in zip(rows.content, rows.id, strict=True)
    ]


def load_email_table(data: Path) -> pd.DataFrame:
    """Every public email, with `kind`: ham, spam (SpamAssassin) or phishing (Nazario)."""
    table = load_emails(data)
    kind = ["ham" if lab == "legit" else "spam" for lab in table["label"]]
    phishing = table["source"].str.startswith("nazario").to_numpy()
    table["kind"] = ["phishing" if p else k for k, p in zip(kind, phishing, strict=True)]
    return table


def email_split(emails: pd.DataFrame) -> pd.DataFrame:
    """The emails with training's `split` column (train / val / test).

    Mirrors `training.train.load_table` for the email family: parse with the training limits,
    drop what does not parse, then `assign_groups` (exact de-duplication, near-duplicate groups,
    hash of the group key). The email family's groups depend only on the public emails and their
    order, so running it on the emails alone gives the same groups as the full training table;
    `split_agreement` checks that against the trained model's metrics.json.
    """
    limits = Limits(max_text_chars=200_000)
    docs = []
    for content in emails["content"]:
        try:
            docs.append(parse(content, Channel.EMAIL, limits=limits))
        except FraudguardError:
            docs.append(None)
    table = emails.assign(doc=docs)
    table = table[table["doc"].notna()].reset_index(drop=True)
    texts = [d.text for d in table["doc"]]
    return assign_groups(table, texts, [""] * len(table)).drop(columns=["doc"])


def split_agreement(split: pd.DataFrame, model_dir: Path) -> dict[str, Any]:
    """Compare our email counts per (source, label, split) with the model's metrics.json."""
    path = model_dir / "metrics.json"
    if not path.is_file():
        return {"checked": False, "why": f"no {path}"}
    trained = json.loads(path.read_text("utf-8")).get("data", {})
    ours = split.groupby(["source", "label", "split"]).size()
    mismatches = [
        f"{src}/{label}/{part}: ours {n}, training {trained.get(src, {}).get(label, {}).get(part)}"
        for (src, label, part), n in ours.items()
        if trained.get(src, {}).get(label, {}).get(part) != int(n)
    ]
    return {"checked": True, "matches": not mismatches, "mismatches": mismatches[:10]}


def stratified_test_sample(split: pd.DataFrame, n: int, seed: int) -> pd.DataFrame:
    """`n` test-split emails: SA_SHARES of ham, spam and phishing, each drawn at random, in a
    seeded random order (so any prefix of it is a mix of the three)."""
    test = split[split["split"] == "test"]
    parts = []
    for kind, share in SA_SHARES.items():
        pool = test[test["kind"] == kind]
        parts.append(_sample(pool, round(n * share), seed))
    mixed = pd.concat(parts).sort_values("id")
    return mixed.sample(frac=1.0, random_state=seed).reset_index(drop=True)
