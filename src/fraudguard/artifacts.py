"""Save and load the model bundle. A pickle is code: nothing is unpickled before its SHA-256
matches the manifest written with it, and the bundle's format and sklearn version match ours."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import joblib
import sklearn

from fraudguard.errors import ModelUnavailable

BUNDLE_FILE = "model.joblib"
MANIFEST_FILE = "manifest.json"
FORMAT = "fraudguard-bundle/3"


@dataclass
class Bundle:
    """Everything serving needs, fitted together by one training run."""

    version: str
    # family → fitted Pipeline giving P(fraud or unwanted): "message" (SMS, WhatsApp, calls) and
    # "email" take message_frame, "url" takes url_frame
    risk: dict[str, Any]
    scam_type: Any  # fitted Pipeline: message_frame → scam type (of fraud)
    promo: Any  # fitted Pipeline: message_frame → P(legal promotion) for what is not fraud
    # channel (sms, whatsapp, call, email, url) → {"suspicious", "fraud", "promotional"}
    thresholds: dict[str, dict[str, float]]
    card: dict[str, Any] = field(default_factory=dict)
    format: str = FORMAT
    sklearn_version: str = sklearn.__version__


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file, read in chunks."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def save_bundle(bundle: Bundle, model_dir: Path, extra_files: tuple[str, ...] = ()) -> Path:
    """Write the bundle and a manifest with the SHA-256 of it and of the listed side files."""
    model_dir.mkdir(parents=True, exist_ok=True)
    path = model_dir / BUNDLE_FILE
    joblib.dump(bundle, path, compress=("zlib", 3))
    files = {BUNDLE_FILE: sha256_file(path)}
    for name in extra_files:
        if (model_dir / name).exists():
            files[name] = sha256_file(model_dir / name)
    manifest = {
        "format": FORMAT,
        "version": bundle.version,
        "sklearn_version": bundle.sklearn_version,
        "files": files,
    }
    (model_dir / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    return path


def read_manifest(model_dir: Path) -> dict[str, Any]:
    """The manifest, or ModelUnavailable with the reason."""
    mpath = model_dir / MANIFEST_FILE
    if not mpath.is_file():
        raise ModelUnavailable(f"no model manifest at {mpath}; run `fraudguard train`")
    try:
        manifest = json.loads(mpath.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelUnavailable(f"model manifest {mpath} is unreadable: {exc}") from exc
    if manifest.get("format") != FORMAT or not isinstance(manifest.get("files"), dict):
        raise ModelUnavailable(f"{mpath} is not a {FORMAT} manifest")
    return manifest


def verify(model_dir: Path, expected_sha256: str | None = None) -> dict[str, Any]:
    """Check every file in the manifest (and an optional pinned bundle hash) without unpickling."""
    manifest = read_manifest(model_dir)
    for name, digest in manifest["files"].items():
        path = model_dir / name
        if "/" in name or "\\" in name or not path.is_file():
            raise ModelUnavailable(f"model file {name} listed in the manifest is missing")
        actual = sha256_file(path)
        if actual != digest:
            raise ModelUnavailable(
                f"model file {name} does not match its manifest (sha256 {actual[:12]}…, "
                f"expected {digest[:12]}…); refusing to load a changed or foreign model"
            )
    if expected_sha256 and manifest["files"].get(BUNDLE_FILE) != expected_sha256:
        raise ModelUnavailable("model bundle is not the pinned one (FRAUDGUARD_MODEL_SHA256)")
    if manifest.get("sklearn_version") != sklearn.__version__:
        raise ModelUnavailable(
            f"model was trained with scikit-learn {manifest.get('sklearn_version')}, this is "
            f"{sklearn.__version__}; install the pinned version or retrain with `fraudguard train`"
        )
    return manifest


def load_bundle(model_dir: Path, expected_sha256: str | None = None) -> Bundle:
    """Verify, then unpickle the bundle."""
    verify(model_dir, expected_sha256)
    try:
        bundle = joblib.load(model_dir / BUNDLE_FILE)
    except Exception as exc:  # a verified file that still fails to load: say so, don't crash
        raise ModelUnavailable(f"model bundle failed to load: {exc}") from exc
    if not isinstance(bundle, Bundle) or bundle.format != FORMAT:
        raise ModelUnavailable("model bundle has an unknown format")
    return bundle
