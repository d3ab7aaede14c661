"""The model bundle is verified before it is unpickled: changed, foreign or mismatched files are
refused with a clear error, and nothing in them runs."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from sklearn.dummy import DummyClassifier

from fraudguard import artifacts
from fraudguard.artifacts import Bundle, load_bundle, save_bundle, verify
from fraudguard.errors import ModelUnavailable


def _bundle() -> Bundle:
    clf = DummyClassifier(strategy="prior").fit([[0], [1]], [0, 1])
    return Bundle(
        version="fg-test",
        risk={"message": clf},
        scam_type=clf,
        promo=clf,
        thresholds={"message": {"suspicious": 0.5, "fraud": 0.9}},
    )


def test_round_trip(tmp_path: Path) -> None:
    save_bundle(_bundle(), tmp_path)
    loaded = load_bundle(tmp_path)
    assert loaded.version == "fg-test"
    assert loaded.thresholds["message"]["fraud"] == 0.9


def test_side_files_are_in_the_manifest(tmp_path: Path) -> None:
    (tmp_path / "metrics.json").write_text("{}")
    save_bundle(_bundle(), tmp_path, extra_files=("metrics.json",))
    (tmp_path / "metrics.json").write_text('{"roc_auc": 1.0}')
    with pytest.raises(ModelUnavailable, match=r"metrics\.json does not match"):
        verify(tmp_path)


def test_changed_bundle_is_refused(tmp_path: Path) -> None:
    path = save_bundle(_bundle(), tmp_path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelUnavailable, match="does not match its manifest"):
        load_bundle(tmp_path)


class _Payload:
    """A pickle that would write a file when loaded."""

    def __init__(self, target: Path) -> None:
        self.target = target

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (Path.write_text, (self.target, "pwned"))


def test_foreign_pickle_never_runs(tmp_path: Path) -> None:
    save_bundle(_bundle(), tmp_path)
    marker = tmp_path / "marker"
    (tmp_path / artifacts.BUNDLE_FILE).write_bytes(pickle.dumps(_Payload(marker)))
    with pytest.raises(ModelUnavailable):
        load_bundle(tmp_path)
    assert not marker.exists()


def test_missing_manifest(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailable, match="no model manifest"):
        load_bundle(tmp_path)


def test_manifest_cannot_point_outside_the_folder(tmp_path: Path) -> None:
    save_bundle(_bundle(), tmp_path)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    manifest["files"]["../outside.joblib"] = "0" * 64
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelUnavailable, match="missing"):
        verify(tmp_path)


def test_other_sklearn_version_is_refused(tmp_path: Path) -> None:
    save_bundle(_bundle(), tmp_path)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    manifest["sklearn_version"] = "0.24.2"
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelUnavailable, match=r"scikit-learn 0\.24\.2"):
        load_bundle(tmp_path)


def test_pinned_hash(tmp_path: Path) -> None:
    save_bundle(_bundle(), tmp_path)
    digest = artifacts.sha256_file(tmp_path / artifacts.BUNDLE_FILE)
    assert load_bundle(tmp_path, expected_sha256=digest).version == "fg-test"
    with pytest.raises(ModelUnavailable, match="pinned"):
        load_bundle(tmp_path, expected_sha256="f" * 64)


def test_unparseable_manifest(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text("{not json")
    with pytest.raises(ModelUnavailable, match="unreadable"):
        verify(tmp_path)
