"""The splitter joins what a model could remember across splits (pure functions, no corpora)."""

from __future__ import annotations

import pandas as pd

from training.split import assign_groups, similar_pairs

PAYPAL = (
    "Dear valued {brand} member, due to recent fraudulent transactions we have issued the "
    "following security requirements. It has come to our attention that most fraudulent "
    "transactions are caused by members using stolen credit cards. Thus we require our members "
    "to add a debit card to their billing records as part of our continuing commitment."
)


def test_the_same_text_with_another_brand_is_one_text() -> None:
    texts = [
        PAYPAL.format(brand="PayPal"),
        "Your OPD list for tomorrow is ready: 14 patients, the first at 10:30 in room 4.",
        PAYPAL.format(brand="eBay"),
        "Happy birthday beta! Papa and I will call you in the evening after the clinic.",
    ]
    assert similar_pairs(texts) == [(0, 2)]


def test_short_texts_are_never_called_alike() -> None:
    assert similar_pairs(["ok see you", "ok see u", "ok c you"]) == []


def _table(rows: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": [f"r{i}" for i in range(len(rows))],
            "channel": [ch for ch, _ in rows],
            "content": [c for _, c in rows],
            "group": [""] * len(rows),
            "use": ["train"] * len(rows),
        }
    )


def test_near_duplicates_and_a_site_land_in_one_split() -> None:
    rows = [("email", PAYPAL.format(brand=b)) for b in ("PayPal", "eBay", "Amazon", "Citibank")]
    rows += [("url", "https://www.imdb.com/"), ("url", "https://www.imdb.com/title/tt0111161/")]
    table = _table(rows)
    domains = [()] * 4 + [("imdb.com",), ("imdb.com",)]
    out = assign_groups(table, table["content"].tolist(), domains, shared_domain=lambda d: True)
    assert out.loc[:3, "group"].nunique() == 1
    # a popular site is shared by strangers, yet its pasted links are one group: the URL model
    # reads the host and would remember it
    assert out.loc[4:, "group"].nunique() == 1
