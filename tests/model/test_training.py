"""`fraudguard train` on a small slice: deterministic, complete artefacts, a loadable bundle, and a
split in which nothing a model could memorise crosses from train to test."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import HashingVectorizer

from fraudguard.artifacts import load_bundle, verify
from fraudguard.assess import assess
from fraudguard.brands import shared_domain
from fraudguard.schemas import Channel, Verdict
from fraudguard.scoring import CHANNELS, Scorer
from training.train import TrainConfig, load_table, run

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


def _small(shared_data: Path, out: Path) -> TrainConfig:
    return TrainConfig(
        data=shared_data,
        samples=SAMPLES,
        out=out,
        max_rows_per_source=150,
        compare_estimators=False,
        cross_source=False,
        plots=False,
    )


@pytest.fixture(scope="module")
def two_runs(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    a, b = tmp_path_factory.mktemp("run_a"), tmp_path_factory.mktemp("run_b")
    run(_small(shared_data, a))
    run(_small(shared_data, b))
    return a, b


@pytest.fixture(scope="module")
def small_table(shared_data: Path):  # type: ignore[no-untyped-def]
    return load_table(_small(shared_data, Path("unused")))


def test_training_is_deterministic(two_runs: tuple[Path, Path]) -> None:
    a, b = two_runs
    ma = json.loads((a / "metrics.json").read_text())
    mb = json.loads((b / "metrics.json").read_text())
    assert ma["model_version"] == mb["model_version"]
    assert ma["thresholds"] == mb["thresholds"]
    assert ma["test"] == mb["test"]
    assert ma["split"]["test_sha256"] == mb["split"]["test_sha256"]


def test_artefacts_are_complete_and_verified(two_runs: tuple[Path, Path]) -> None:
    out = two_runs[0]
    manifest = verify(out)
    assert {"model.joblib", "metrics.json", "MODEL_CARD.md"} <= manifest["files"].keys()
    card = (out / "MODEL_CARD.md").read_text()
    metrics = json.loads((out / "metrics.json").read_text())
    assert manifest["version"] in card and metrics["split"]["test_sha256"] in card
    assert "calibrated against" in card
    for channel in CHANNELS:
        t = metrics["thresholds"][channel]
        assert 0.0 <= t["suspicious"] <= t["fraud"] <= 1.0
    genuine = metrics["test"]["genuine"]
    assert genuine["all"]["n"] > 0 and "alarms_per_1000" in genuine["all"]
    assert {"by_channel", "by_language", "by_kind", "by_source"} <= genuine.keys()
    assert {"by_scam_type", "by_language"} <= metrics["test"]["scams"].keys()
    assert sum(f.stat().st_size for f in out.iterdir()) < 25 * 1024 * 1024


def test_licences_decide_what_trains(small_table) -> None:  # type: ignore[no-untyped-def]
    """Evaluation-only corpora (NC, AGPL, unresolved licences) never reach the train split."""
    eval_only = small_table[small_table["use"] == "eval"]
    assert len(eval_only) and "train" not in set(eval_only["split"])
    assert {"sms_pennywise", "sms_india_inbox_2022", "l3cube_headlines", "l3cube_tweets"} <= set(
        eval_only["source"]
    )


def _shingles(texts: list[str]) -> np.ndarray:
    """Binary character 5-gram sets of whitespace-collapsed, lower-cased, digit-free text: an
    overlap measure of its own, not the one the splitter groups by."""
    norm = [re.sub(r"\s+", " ", re.sub(r"\d", "", t.lower()))[:1500] for t in texts]
    vec = HashingVectorizer(
        analyzer="char", ngram_range=(5, 5), n_features=2**20, binary=True, norm=None,
        alternate_sign=False,
    )  # fmt: skip
    return vec.transform(norm)


def test_nothing_crosses_the_splits(small_table) -> None:  # type: ignore[no-untyped-def]
    """Near-duplicate texts (character 5-gram Jaccard ≥ 0.8), authored scenarios and the
    registered domains of pasted links and campaigns never sit in two splits — authored rows
    measured exactly like public ones."""
    used = small_table[small_table["split"].isin(["train", "val", "test"])].reset_index(drop=True)
    msgs = used[used["family"] != "url"].reset_index(drop=True)
    x = _shingles(msgs["text"].tolist())
    sizes = np.asarray(x.sum(axis=1)).ravel()
    inter = (x @ x.T).tocoo()
    union = sizes[inter.row] + sizes[inter.col] - inter.data
    jaccard = inter.data / np.maximum(union, 1)
    splits = msgs["split"].to_numpy()
    close = (jaccard >= 0.8) & (inter.row < inter.col) & (sizes[inter.row] >= 30)
    crossing = [
        (msgs["id"][r], msgs["id"][c])
        for r, c in zip(inter.row[close], inter.col[close], strict=True)
        if splits[r] != splits[c]
    ]
    assert crossing == []
    authored = used[used["source"] == "authored"]
    assert (authored.groupby("scenario")["split"].nunique() == 1).all()
    domains: dict[str, set[str]] = {}
    for ds, split, fam in zip(used["link_domains"], used["split"], used["family"], strict=True):
        for d in ds:
            if "." in d and (fam == "url" or not shared_domain(d)):
                domains.setdefault(d, set()).add(split)
    url_domains = {d for ds in used.loc[used["family"] == "url", "link_domains"] for d in ds}
    assert [d for d in url_domains if len(domains.get(d, ())) > 1] == []


def test_the_small_model_scores(two_runs: tuple[Path, Path]) -> None:
    scorer = Scorer(load_bundle(two_runs[0]))
    a = assess(
        "Your KYC is pending, account will be blocked. Click http://sbi-kyc.top/u",
        Channel.SMS,
        scorer=scorer,
    )
    benign = assess(
        "Dr. Mehta, your OPD list for tomorrow is ready: 14 patients, first at 10:30.",
        Channel.SMS,
        scorer=scorer,
    )
    assert a.model_version == scorer.version
    assert a.risk > benign.risk
    assert a.verdict is not Verdict.SAFE


def test_evaluate_reproduces_the_report_of_a_trained_model(
    shared_data: Path, two_runs: tuple[Path, Path]
) -> None:
    """`make eval` (fraudguard evaluate): the verified bundle re-run on the frozen test split
    gives the figures its training run wrote to metrics.json."""
    from training.train import evaluate_shipped

    out = two_runs[0]
    result = evaluate_shipped(_small(shared_data, out), out)
    assert result["matches_metrics"], result["summary"][-400:]
    assert "False alarms on genuine messages" in result["summary"]
    assert "(the frozen split)" in result["summary"]
