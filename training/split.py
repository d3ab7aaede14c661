"""De-duplicate and split so that no near-duplicate, template or domain crosses the splits.

Rows are joined into groups (a union-find over every row, authored rows included, exactly like
public ones) when they
- are near-duplicates: cosine ≥ NEAR_DUP of rare word 1–3-grams (Mishra & Soni repeats most of UCI);
- are the same text with other names, amounts or brands: character 5-gram Jaccard ≥
  SHINGLE_JACCARD (a phishing campaign sent as PayPal and as eBay, a bank's alert to two
  customers), found with MinHash and banding, then checked exactly;
- share a template: the same first words once rare words (names, merchants, ids) are masked —
  a bank's debit alert with another payee is the same template;
- link to the same registered domain — a pasted link always, a message unless the domain is
  shared by honest strangers (popular, an official brand domain, a link shortener):
  `sbi-kyc-update.in.net` in an SMS and as a pasted link is one campaign;
- or carry the same authored scenario group.
Exact duplicates (same family and skeleton) are dropped first.

A group's key is derived from its content (the smallest content hash among its rows), never from
row positions, and the group goes to train / val / test by a hash of that key: the same rows give
the same split on every run and machine, and adding unrelated rows moves nothing. Groups made only
of evaluation-only rows (licence: never train) go to val or test; evaluation-only rows in a group
that falls in train are set aside ("unused").
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer, TfidfVectorizer

NEAR_DUP = 0.7
SPLITS = {"train": 0.65, "val": 0.15, "test": 0.20}
EVAL_ONLY_SPLITS = {"val": 0.4, "test": 0.6}
TEMPLATE_WORDS = 12  # a template key is the first words of the masked skeleton
TEMPLATE_MIN_KEPT = 4  # … of which at least this many are not masked
RARE_WORD_ROWS = 3  # words in fewer rows than this are masked as names, ids, merchants
CAMPAIGN_ROWS = 30  # messages linking to one domain join while there are at most this many
SHINGLE_JACCARD = 0.8  # character 5-gram sets this alike are one text
SHINGLE_CHARS = 1500  # of each text, the start is compared
SHINGLE_MIN = 30  # texts with fewer distinct 5-grams are too short to call alike
MINHASH_BANDS, MINHASH_ROWS = 16, 4  # a pair at Jaccard 0.8 becomes a candidate with p ≈ 0.9998

_LINK = re.compile(r"(?:https?|upi)://\S+|www\.\S+|\S+@\S+", re.I)
# letters of every script the corpora have (Latin, Arabic, the Indic blocks), vowel signs included
_LETTERS = r"a-z\u0600-\u06ff\u0900-\u0dff"
_NONWORD = re.compile(rf"[^{_LETTERS}]+")
_TOKEN = rf"[{_LETTERS}]{{2,}}"


def skeleton(text: str) -> str:
    """Text without case, digits, links, punctuation or spacing differences."""
    return _NONWORD.sub(" ", _LINK.sub(" ", text[:3000].lower())).strip()


def content_key(family: str, skel: str, content: str) -> str:
    """A row's content hash: its skeleton (messages) or its URL (links)."""
    basis = content if family == "url" else skel
    return hashlib.sha256(f"{family}\x00{basis}".encode()).hexdigest()[:16]


def _fraction(key: str) -> float:
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF


def bucket(key: str, shares: dict[str, float] = SPLITS) -> str:
    """The split for a group key, stable across runs and machines."""
    x = _fraction(key)
    edge = 0.0
    for name, share in shares.items():
        edge += share
        if x < edge:
            return name
    return list(shares)[-1]


class UnionFind:
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

    def union_all(self, members: Sequence[int]) -> None:
        for m in members[1:]:
            self.union(members[0], m)


def near_duplicate_pairs(skeletons: list[str], chunk: int = 2000) -> list[tuple[int, int]]:
    """Pairs (i < j) whose rare-n-gram vectors have cosine ≥ NEAR_DUP."""
    n = len(skeletons)
    if n < 2:
        return []
    vec = TfidfVectorizer(
        ngram_range=(1, 3),
        max_df=0.01,
        min_df=1,
        sublinear_tf=True,
        token_pattern=_TOKEN,
        dtype=np.float32,
    )
    try:
        x = vec.fit_transform(skeletons)
    except ValueError:  # nothing but stop-grams
        return []
    xt = x.T.tocsc()
    pairs: list[tuple[int, int]] = []
    for start in range(0, n, chunk):
        sims = (x[start : start + chunk] @ xt).tocoo()
        keep = (sims.data >= NEAR_DUP) & (sims.row + start < sims.col)
        pairs += list(zip((sims.row[keep] + start).tolist(), sims.col[keep].tolist(), strict=True))
    return pairs


def shingles(texts: Sequence[str]) -> sparse.csr_matrix:
    """Binary character 5-gram sets of each text (lower-cased, digits out, spacing collapsed)."""
    norm = [re.sub(r"\s+", " ", re.sub(r"\d", "", t.lower()))[:SHINGLE_CHARS] for t in texts]
    vec = HashingVectorizer(
        analyzer="char",
        ngram_range=(5, 5),
        n_features=2**22,
        binary=True,
        norm=None,
        alternate_sign=False,
        dtype=np.float32,
    )
    x = vec.transform(norm).tocsr()
    x.sort_indices()
    return x


def _minhash(x: sparse.csr_matrix, n_hashes: int) -> np.ndarray:
    """MinHash signatures (rows × n_hashes) of the rows' column sets; empty rows get -1."""
    prime = (1 << 31) - 1
    rng = np.random.default_rng(20261203)
    a = rng.integers(1, prime, n_hashes, dtype=np.int64)
    b = rng.integers(0, prime, n_hashes, dtype=np.int64)
    cols = x.indices.astype(np.int64)
    full = np.flatnonzero(np.diff(x.indptr) > 0)
    sig = np.full((x.shape[0], n_hashes), -1, dtype=np.int64)
    if not len(full):
        return sig
    for k in range(n_hashes):
        sig[full, k] = np.minimum.reduceat((a[k] * cols + b[k]) % prime, x.indptr[full])
    return sig


def jaccard(x: sparse.csr_matrix, pairs: np.ndarray) -> np.ndarray:
    """Exact Jaccard similarity of the row pairs (k × 2) of a binary matrix."""
    if not len(pairs):
        return np.zeros(0)
    left, right = x[pairs[:, 0]], x[pairs[:, 1]]
    inter = np.asarray(left.multiply(right).sum(axis=1)).ravel()
    sizes = np.diff(x.indptr)
    union = sizes[pairs[:, 0]] + sizes[pairs[:, 1]] - inter
    return inter / np.maximum(union, 1)


def similar_pairs(texts: Sequence[str]) -> list[tuple[int, int]]:
    """Pairs (i < j) of texts whose character 5-gram Jaccard is ≥ SHINGLE_JACCARD.

    Candidates share one band of MinHash signatures; within a bucket each member is checked
    against the bucket's first member and its neighbour (a bucket of one template may hold
    thousands), and only exact Jaccard decides."""
    x = shingles(texts)
    sig = _minhash(x, MINHASH_BANDS * MINHASH_ROWS)
    long_enough = np.diff(x.indptr) >= SHINGLE_MIN
    rows = np.flatnonzero(long_enough)
    cand: set[tuple[int, int]] = set()
    for band in range(MINHASH_BANDS):
        part = sig[rows, band * MINHASH_ROWS : (band + 1) * MINHASH_ROWS]
        _, bucket_of = np.unique(part, axis=0, return_inverse=True)
        order = np.argsort(bucket_of.ravel(), kind="stable")
        ids, b = rows[order], bucket_of.ravel()[order]
        starts = np.flatnonzero(np.r_[True, b[1:] != b[:-1]])
        ends = np.r_[starts[1:], len(b)]
        for st, en in zip(starts, ends, strict=True):
            if en - st < 2:
                continue
            members = ids[st:en]
            for k in range(1, len(members)):
                cand.add((int(members[0]), int(members[k])))
                cand.add((int(members[k - 1]), int(members[k])))
    if not cand:
        return []
    pairs = np.array(sorted(cand), dtype=np.int64)
    keep = jaccard(x, pairs) >= SHINGLE_JACCARD
    return [(int(i), int(j)) if i < j else (int(j), int(i)) for i, j in pairs[keep]]


def template_keys(skeletons: list[str]) -> list[str]:
    """The template of each text: its first words, rare words masked ("" when too little is
    left to be a template, e.g. a short chat line)."""
    docs = [s.split() for s in skeletons]
    df = Counter(w for words in docs for w in set(words))
    keys = []
    for words in docs:
        head = words[:TEMPLATE_WORDS]
        masked = [w if df[w] >= RARE_WORD_ROWS else "*" for w in head]
        kept = sum(w != "*" for w in masked)
        keys.append(" ".join(masked) if len(head) >= 6 and kept >= TEMPLATE_MIN_KEPT else "")
    return keys


def assign_groups(
    table: pd.DataFrame,
    texts: list[str],
    link_domains: list[tuple[str, ...]],
    *,
    shared_domain: Callable[[str], bool] = lambda d: False,
) -> pd.DataFrame:
    """Drop exact duplicates and add `group` and `split` columns.

    `texts` is the parsed text of each row (for email: subject and body), `link_domains` the
    registered domains its links point to (a URL row: its own), and `shared_domain(d)` says
    whether a domain is shared by honest strangers (never a reason to join two rows)."""
    table = table.copy()
    table["family"] = table["channel"].map(_family)
    table["skeleton"] = [skeleton(t) for t in texts]
    table["link_domains"] = link_domains
    table["_text"] = list(texts)
    is_url = (table["family"] == "url").to_numpy()
    urls = [
        c if isinstance(c, str) and u else "" for c, u in zip(table["content"], is_url, strict=True)
    ]
    table["_dup"] = np.where(is_url, urls, table["skeleton"])
    table = table[table["_dup"] != ""]
    table = table[~table.duplicated(["family", "_dup"])].drop(columns="_dup")
    table = table.reset_index(drop=True)
    texts_kept = table.pop("_text").tolist()

    n = len(table)
    uf = UnionFind(n)
    for fam, part in table.groupby("family", sort=True):
        if fam == "url":
            continue
        idx = part.index.to_numpy()
        skels = part["skeleton"].tolist()
        for i, j in near_duplicate_pairs(skels):
            uf.union(int(idx[i]), int(idx[j]))
        by_key: dict[str, list[int]] = {}
        for i, key in zip(idx, template_keys(skels), strict=True):
            if key:
                by_key.setdefault(key, []).append(int(i))
        for members in by_key.values():
            uf.union_all(members)
    texted = np.flatnonzero(table["family"].to_numpy() != "url")
    for i, j in similar_pairs([str(texts_kept[k]) for k in texted]):
        uf.union(int(texted[i]), int(texted[j]))
    joins: dict[str, list[int]] = {}
    families = table["family"].to_numpy()
    for i, (group, domains) in enumerate(zip(table["group"], table["link_domains"], strict=True)):
        if group:
            joins.setdefault(f"g:{group}", []).append(i)
        for d in domains:
            # a URL row always joins its site (the URL model reads the host: imdb.com in train
            # and test would be remembered, popular or not); a message only over a suspect domain
            if families[i] == "url":
                joins.setdefault(f"url:{d}", []).append(i)
            elif "." in d and not shared_domain(d):
                joins.setdefault(f"msg:{d}", []).append(i)
    for key, members in joins.items():
        kind, _, domain = key.partition(":")
        # links to one site are one group; messages only join over a campaign-sized domain
        # (a mailing list's host in a thousand mails is a source, not a campaign)
        if kind == "msg" and len(members) > CAMPAIGN_ROWS:
            continue
        uf.union_all(members)
        if kind == "msg" and f"url:{domain}" in joins:
            uf.union(members[0], joins[f"url:{domain}"][0])

    roots = np.array([uf.find(i) for i in range(n)])
    keys = [
        content_key(f, s, c if isinstance(c, str) else "")
        for f, s, c in zip(table["family"], table["skeleton"], table["content"], strict=True)
    ]
    group_key: dict[int, str] = {}
    for root, key in zip(roots, keys, strict=True):
        if root not in group_key or key < group_key[root]:
            group_key[root] = key
    table["scenario"] = table["group"]  # the authors' own grouping, kept for checks
    table["group"] = [group_key[r] for r in roots]
    eval_only = table.groupby("group")["use"].agg(lambda u: bool((u == "eval").all()))
    split = [
        bucket(g, EVAL_ONLY_SPLITS) if eval_only[g] else bucket(g)
        for g in table["group"].to_numpy()
    ]
    table["split"] = split
    unused = (table["split"] == "train") & (table["use"] == "eval")
    table.loc[unused, "split"] = "unused"
    return table.drop(columns=["skeleton", "link_domains"])


def split_digest(table: pd.DataFrame, split: str = "test") -> str:
    """SHA-256 over the sorted content keys of one split: the frozen split's fingerprint."""
    part = table[table["split"] == split]
    keys = sorted(
        content_key(f, skeleton(t), c if isinstance(c, str) else "")
        for f, t, c in zip(part["family"], part["text"], part["content"], strict=True)
    )
    return hashlib.sha256("\n".join(keys).encode()).hexdigest()


def overlap_report(
    table: pd.DataFrame, *, shared_domain: Callable[[str], bool] = lambda d: False
) -> dict[str, int]:
    """What crosses the splits: near-duplicate pairs, identical templates and suspect domains
    found in rows of two different splits (all zero for a sound split)."""
    used = table[table["split"].isin(["train", "val", "test"])].reset_index(drop=True)
    out = {"near_duplicate_pairs": 0, "shared_templates": 0, "shared_domains": 0}
    for fam, part in used.groupby("family", sort=True):
        if fam == "url":
            continue
        skels = [skeleton(t) for t in part["text"]]
        splits = part["split"].to_numpy()
        out["near_duplicate_pairs"] += sum(
            splits[i] != splits[j] for i, j in near_duplicate_pairs(skels)
        )
        seen: dict[str, str] = {}
        crossing: set[str] = set()
        for key, s in zip(template_keys(skels), splits, strict=True):
            if key and seen.setdefault(key, s) != s:
                crossing.add(key)
        out["shared_templates"] += len(crossing)
    texted = used[used["family"] != "url"]
    splits = texted["split"].to_numpy()
    out["near_duplicate_pairs"] += sum(
        splits[i] != splits[j] for i, j in similar_pairs(texted["text"].tolist())
    )
    where: dict[str, set[str]] = {}
    rows: Counter[str] = Counter()
    for domains, s, fam in zip(used["link_domains"], used["split"], used["family"], strict=True):
        for d in domains:
            if "." in d and (fam == "url" or not shared_domain(d)):
                where.setdefault(d, set()).add(s)
                rows[d] += fam != "url"
    # a campaign-sized domain (or any domain of a pasted link) in two splits
    out["shared_domains"] = sum(len(s) > 1 and rows[d] <= CAMPAIGN_ROWS for d, s in where.items())
    return out


def _family(channel: str) -> str:
    return {"url": "url", "email": "email"}.get(channel, "message")
