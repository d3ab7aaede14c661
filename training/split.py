"""De-duplicate and split so that no near-duplicate, template or domain crosses train/test.

- URLs are grouped by registered domain (SOURCES.md: split by domain).
- Authored samples keep the scenario groups their authors gave them.
- Messages and emails: exact duplicates (after normalising case, digits, links and spacing) are
  dropped; near-duplicates (cosine ≥ NEAR_DUP of rare word 1–3-grams) are joined into one group
  with a union-find, across corpora (Mishra & Soni repeats most of UCI).
A group goes to train / val / test by a hash of its key, so the split is the same on every run.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer

NEAR_DUP = 0.7
SPLITS = {"train": 0.65, "val": 0.15, "test": 0.20}

_LINK = re.compile(r"(?:https?|upi)://\S+|www\.\S+|\S+@\S+", re.I)
_NONWORD = re.compile(r"[^a-z\u0900-\u097f]+")


def skeleton(text: str) -> str:
    """Text without case, digits, links, punctuation or spacing differences."""
    return _NONWORD.sub(" ", _LINK.sub(" ", text[:3000].lower())).strip()


def bucket(key: str) -> str:
    """train / val / test for a group key, stable across runs and machines."""
    x = int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF
    edge = 0.0
    for name, share in SPLITS.items():
        edge += share
        if x < edge:
            return name
    return "test"


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = np.arange(n)

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return int(i)

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def near_duplicate_groups(skeletons: list[str], chunk: int = 2000) -> np.ndarray:
    """Group index per text; texts whose rare-n-gram vectors have cosine ≥ NEAR_DUP share one."""
    n = len(skeletons)
    if n == 0:
        return np.zeros(0, dtype=int)
    vec = TfidfVectorizer(
        ngram_range=(1, 3),
        max_df=0.01,
        min_df=1,
        sublinear_tf=True,
        token_pattern=r"[a-z\u0900-\u097f]{2,}",
        dtype=np.float32,
    )
    try:
        x = vec.fit_transform(skeletons)
    except ValueError:  # nothing but stop-grams
        return np.arange(n)
    uf = _UnionFind(n)
    xt = x.T.tocsc()
    for start in range(0, n, chunk):
        sims = (x[start : start + chunk] @ xt).tocoo()
        keep = (sims.data >= NEAR_DUP) & (sims.row + start < sims.col)
        for r, c in zip(sims.row[keep] + start, sims.col[keep], strict=True):
            uf.union(int(r), int(c))
    return np.array([uf.find(i) for i in range(n)])


def assign_groups(table: pd.DataFrame, texts: list[str], urls_domain: list[str]) -> pd.DataFrame:
    """Drop exact duplicates and add `group` and `split` columns.

    `texts` is the parsed text of each row (for email: subject and body), `urls_domain` the
    registered domain for URL rows ("" elsewhere)."""
    table = table.copy()
    table["skeleton"] = [skeleton(t) for t in texts]
    table["url_domain"] = urls_domain
    out = []
    for family, part in table.groupby(table["channel"].map(_family), sort=True):
        part = part.copy()
        if family == "url":
            part = part.drop_duplicates("content")
            part["group"] = np.where(
                part["source"] == "authored", part["group"], "url/" + part["url_domain"]
            )
        else:
            part = part[part["skeleton"].str.len() > 0]
            part = part.drop_duplicates("skeleton")
            public = part["source"] != "authored"
            idx = near_duplicate_groups(part.loc[public, "skeleton"].tolist())
            part.loc[public, "group"] = [f"{family}/nd{i}" for i in idx]
        out.append(part)
    result = pd.concat(out).sort_index()
    result["split"] = result["group"].map(bucket)
    return result.drop(columns=["skeleton", "url_domain"])


def _family(channel: str) -> str:
    return {"url": "url", "email": "email"}.get(channel, "message")
