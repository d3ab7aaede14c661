"""The sklearn pipelines that training fits and serving runs, unchanged, from the bundle.

Hashing vectorisers keep the artefact small and the load fast (no vocabulary to unpickle); the
token pattern keeps Devanagari words whole (vowel signs are not `\\w` in Python's re).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.naive_bayes import ComplementNB
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.svm import LinearSVC

from fraudguard.features import MESSAGE_NUMERIC, URL_NUMERIC

TOKEN_PATTERN = r"[\w\u0900-\u097F]+"


@dataclass(frozen=True)
class ModelParams:
    estimator: str = "logreg"  # logreg | linear_svc | sgd_huber | complement_nb
    c: float = 4.0
    word_features: int = 2**18
    char_features: int = 2**18
    type_features: int = 2**16  # the type head has 16 coefficient rows: keep its space small
    phonetic_features: int = 2**17
    calibration: str = "sigmoid"
    calibration_folds: int = 3
    seed: int = 13
    # the phonetic column (Indian scripts and romanised Hindi share tokens); kept or dropped by
    # its effect on validation
    phonetic: bool = True
    # weight of each authored row against a public one when fitting (the target domain)
    authored_weight: float = 15.0


def _text_block(n_features: int, analyzer: str, ngrams: tuple[int, int]) -> Pipeline:
    vec = HashingVectorizer(
        analyzer=analyzer,
        ngram_range=ngrams,
        n_features=n_features,
        alternate_sign=False,
        norm=None,
        lowercase=False,  # model_text is already folded and lower-cased
        token_pattern=TOKEN_PATTERN if analyzer == "word" else None,
        dtype=np.float32,
    )
    return make_pipeline(vec, TfidfTransformer(sublinear_tf=True))


def _estimator(p: ModelParams, *, multiclass: bool = False) -> BaseEstimator:
    if p.estimator == "logreg":
        return LogisticRegression(
            C=p.c,
            max_iter=2000,
            class_weight="balanced",
            solver="liblinear" if not multiclass else "lbfgs",
            random_state=p.seed,
        )
    if p.estimator == "linear_svc":
        return LinearSVC(C=p.c / 8, class_weight="balanced", random_state=p.seed)
    if p.estimator == "sgd_huber":
        return SGDClassifier(
            loss="modified_huber",
            alpha=1e-5,
            class_weight="balanced",
            max_iter=50,
            random_state=p.seed,
        )
    if p.estimator == "complement_nb":
        return ComplementNB(alpha=0.3)
    raise ValueError(f"unknown estimator {p.estimator!r}")


def _calibrated(est: BaseEstimator, p: ModelParams) -> BaseEstimator:
    # ensemble=False: one final estimator (small artefact); calibration from cross-validated scores
    return CalibratedClassifierCV(est, method=p.calibration, cv=p.calibration_folds, ensemble=False)


def message_features(p: ModelParams, *, head: bool = False) -> ColumnTransformer:
    """Word 1–2-grams, character 2–4-grams, phonetic 1–2-grams and the numeric signal columns.

    A head (scam type, promotion) has a coefficient row per class: it gets smaller hashed spaces
    and no character n-grams."""
    words = p.type_features if head else p.word_features
    blocks: list[tuple[str, object, object]] = [
        ("word", _text_block(words, "word", (1, 2)), "text")
    ]
    if not head:
        blocks.append(("char", _text_block(p.char_features, "char_wb", (2, 4)), "text_short"))
    if p.phonetic:
        phon = p.type_features // 2 if head else p.phonetic_features
        blocks.append(("phon", _text_block(phon, "word", (1, 2)), "phonetic"))
    blocks.append(("num", "passthrough", list(MESSAGE_NUMERIC)))
    return ColumnTransformer(blocks, sparse_threshold=1.0)


def build_message_pipeline(p: ModelParams) -> Pipeline:
    """Risk model for SMS, WhatsApp and call transcripts (and, fitted separately, email)."""
    return Pipeline([("features", message_features(p)), ("clf", _calibrated(_estimator(p), p))])


def build_url_pipeline(p: ModelParams) -> Pipeline:
    """Risk model for pasted links: host characters 3–5, host and path-cue words, and the
    ownership and lexical columns (never the URL's form: scheme, length, path depth)."""
    features = ColumnTransformer(
        [
            ("chars", _text_block(p.phonetic_features, "char", (3, 5)), "host"),
            ("words", _text_block(p.phonetic_features, "word", (1, 2)), "url_words"),
            ("num", "passthrough", list(URL_NUMERIC)),
        ],
        sparse_threshold=1.0,
    )
    return Pipeline([("features", features), ("clf", _calibrated(_estimator(p), p))])


def build_type_pipeline(p: ModelParams) -> Pipeline:
    """Scam-type classifier: word n-grams and the signal columns (multinomial logistic regression).

    The type is carried by topic words ("parcel", "KYC", "बिजली"); leaving out the character
    n-grams halves its cost per message and keeps its coefficient rows small."""
    clf = LogisticRegression(C=p.c, max_iter=3000, class_weight="balanced", random_state=p.seed)
    return Pipeline([("features", message_features(p, head=True)), ("clf", clf)])


def build_promo_pipeline(p: ModelParams) -> Pipeline:
    """Promotion head: legal marketing or an ordinary message, for messages that are not fraud
    (a promotion is shown as safe, marked promotional, with the DND advice)."""
    clf = LogisticRegression(C=p.c, max_iter=2000, class_weight="balanced", random_state=p.seed)
    return Pipeline([("features", message_features(p, head=True)), ("clf", clf)])


def _weights(pipe: Pipeline) -> list[tuple[object, str, np.ndarray]]:
    """Every fitted weight array in the pipeline: (owner, attribute, value)."""
    seen: set[int] = set()
    found: list[tuple[object, str, np.ndarray]] = []

    def visit(obj: object) -> None:
        if id(obj) in seen or not isinstance(obj, BaseEstimator | Pipeline | ColumnTransformer):
            return
        seen.add(id(obj))
        for attr in ("coef_", "idf_", "feature_log_prob_"):
            val = getattr(obj, attr, None)
            if isinstance(val, np.ndarray):
                found.append((obj, attr, val))
        children: list[object] = []
        children += [step for _, step in getattr(obj, "steps", [])]
        children += [t for _, t, _ in getattr(obj, "transformers_", [])]
        children += [c.estimator for c in getattr(obj, "calibrated_classifiers_", [])]
        for child in children:
            visit(child)

    visit(pipe)
    return found


def compact(pipe: Pipeline) -> Pipeline:
    """Store fitted weights as float32: half the artefact size, the same predictions to ~1e-6."""
    for owner, attr, val in _weights(pipe):
        if val.dtype == np.float64:
            setattr(owner, attr, val.astype(np.float32))
    return pipe


def for_serving(pipe: Pipeline) -> Pipeline:
    """Weights back to float64 once at load: the float64 features would otherwise make every
    prediction convert the float32 weights again (a quarter of the time of a single message)."""
    for owner, attr, val in _weights(pipe):
        if val.dtype == np.float32:
            setattr(owner, attr, val.astype(np.float64, order="K"))  # keep the memory layout
    return pipe
