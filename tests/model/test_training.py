"""`fraudguard train` on a small slice: deterministic, complete artefacts, a loadable bundle."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fraudguard.artifacts import load_bundle, verify
from fraudguard.assess import assess
from fraudguard.schemas import Channel, Verdict
from fraudguard.scoring import Scorer
from training.train import TrainConfig, run

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


def test_training_is_deterministic(two_runs: tuple[Path, Path]) -> None:
    a, b = two_runs
    ma = json.loads((a / "metrics.json").read_text())
    mb = json.loads((b / "metrics.json").read_text())
    assert ma["model_version"] == mb["model_version"]
    assert ma["thresholds"] == mb["thresholds"]
    assert ma["test"] == mb["test"]


def test_artefacts_are_complete_and_verified(two_runs: tuple[Path, Path]) -> None:
    out = two_runs[0]
    manifest = verify(out)
    assert {"model.joblib", "metrics.json", "MODEL_CARD.md"} <= manifest["files"].keys()
    card = (out / "MODEL_CARD.md").read_text()
    assert manifest["version"] in card and "suspicious" in card
    metrics = json.loads((out / "metrics.json").read_text())
    for fam in ("message", "email", "url"):
        t = metrics["thresholds"][fam]
        assert 0.0 <= t["suspicious"] <= t["fraud"] <= 1.0
    assert metrics["test"]["authored_all"]["n"] > 0
    assert sum(f.stat().st_size for f in out.iterdir()) < 25 * 1024 * 1024


def test_no_group_crosses_the_split(shared_data: Path) -> None:
    from training.split import skeleton
    from training.train import load_table

    table = load_table(_small(shared_data, Path("unused")))
    splits_per_group = table.groupby("group")["split"].nunique()
    assert (splits_per_group == 1).all()
    msgs = table[table["channel"] != "url"]
    skeletons = msgs.assign(sk=[skeleton(d.text) for d in msgs["doc"]])
    assert (skeletons.groupby(["family", "sk"])["split"].nunique() == 1).all()
    url_domains = table[table["channel"] == "url"].groupby("group")["split"].nunique()
    assert (url_domains == 1).all()


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
