"""The model card (models/MODEL_CARD.md), written from metrics.json by every training run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

SOURCES = {
    "sms_uci": "UCI SMS Spam Collection v.1 — Almeida & Gómez Hidalgo (CC BY 4.0)",
    "sms_india_telecom": "Indian Telecom SMS Spam Collection — junioralive (MIT)",
    "sms_smishing_mendeley": "SMS Phishing Dataset — Mishra & Soni, Mendeley Data "
    "(CC BY 4.0 reported)",
    "sms_smishtank": "SmishTank — Timko & Rahman, CODASPY 2024 (no licence stated; research use)",
    "sms_super_2018_2023": "Super SMS Dataset 2018–23 — Salman, Ikram & Kaafar, IEEE Access 2024 "
    "(no licence stated; cite the paper)",
    "calls_robocall_ftc": "FTC Project Point of No Entry robocall transcripts — Prasad & Reaves, "
    "NCSU (public domain)",
    "spamassassin_easy_ham": "Apache SpamAssassin public corpus",
    "nazario_phishing0.mbox": "Jose Nazario phishing corpus 2004–05 (CC BY 4.0)",
    "phishtank_2020-05-09": "PhishTank 2020 snapshot (PhishTank / Cisco Talos terms)",
    "iscx_url2016_benign": "ISCX-URL-2016 benign URLs — Mamun et al., NSS 2016",
    "authored": "fraudguard authored samples (data/samples/, written by the project)",
}


def _fmt(v: Any) -> str:
    return "–" if v is None else (f"{v:.4f}" if isinstance(v, float) else str(v))


def _row(name: str, r: dict[str, Any]) -> str:
    keys = (
        "n",
        "positives",
        "negatives",
        "roc_auc",
        "pr_auc",
        "recall_at_1pct_fpr",
        "recall_at_0.1pct_fpr",
    )
    return "| " + name + " | " + " | ".join(_fmt(r.get(k)) for k in keys) + " |"


def write_card(m: dict[str, Any], path: Path) -> None:
    """Render the card from the metrics dictionary."""
    head = (
        "| slice | n | unwanted | legit | ROC-AUC | PR-AUC | recall @1% FPR | "
        "recall @0.1% FPR |\n|---|---|---|---|---|---|---|---|"
    )
    lines = [
        f"# Model card — {m['model_version']}",
        "",
        "fraudguard scores SMS, WhatsApp messages, call transcripts, emails and links for fraud "
        "aimed at doctors and clinics in India. Written by `fraudguard train`; every figure below "
        "comes from `metrics.json` beside this file.",
        "",
        "## What is in the bundle",
        "- **message model** (SMS, WhatsApp, call transcripts) and **email model**: P(fraud or "
        "unwanted). Word 1–2-grams and character 2–4-grams (hashed, TF-IDF; Devanagari-aware "
        "tokens) of the normalised text, plus the explainable signals (`fraudguard.signals`) and "
        "email header findings as features; estimators "
        f"`{m['params']['message']['estimator']}` and `{m['params']['email']['estimator']}`, "
        f"{m['params']['message']['calibration']}-calibrated.",
        "- **URL model**: P(phishing) for pasted links; URL character 3–5-grams, URL words, "
        "lexical features (no scheme: its share differs by corpus); estimator "
        f"`{m['params']['url']['estimator']}`, calibrated.",
        "- **scam-type head**: multinomial logistic regression over the 16 scam types on word "
        "n-grams and the signal columns; trained on the authored scams (human labels, weight "
        f"{m.get('type_weights', {}).get('authored', 5)}), the public marketing rows and, at "
        f"weight {m.get('type_weights', {}).get('public_fraud', 0.1)}, the public scams with "
        "their keyword-guessed types.",
        f"- scikit-learn {m['environment']['sklearn']}, Python {m['environment']['python']}.",
        "",
        "## Verdict thresholds (policy, chosen on the validation split)",
        f"`suspicious` flags at most {m['fpr_budgets']['suspicious']:.1%} and `fraud` at most "
        f"{m['fpr_budgets']['fraud']:.1%} of the public legitimate validation messages of each "
        f"family, and at most {m['fpr_budgets']['hard_negatives_suspicious']:.0%} / "
        f"{m['fpr_budgets']['hard_negatives_fraud']:.0%} of the authored hard negatives (genuine "
        "OTP and debit alerts, invoices, circulars) where a family has at least 20 of them in "
        "validation. "
        "A message the type head reads as marketing (`spam_promotion`) is never `fraud` unless a "
        "fraud marker (OTP request, look-alike link, dangerous attachment …) is present.",
        "",
        "| family | suspicious ≥ | fraud ≥ |",
        "|---|---|---|",
    ]
    for fam, t in m["thresholds"].items():
        lines.append(f"| {fam} | {t['suspicious']:.4f} | {t['fraud']:.4f} |")
    lines += [
        "",
        "## Held-out test split",
        "",
        "`unwanted` = fraud or marketing spam. Recall at a false-positive rate is read on the "
        "slice's own negatives: with fewer than 100 (1,000) negatives, recall at 1% (0.1%) FPR "
        "means recall with no false positive at all. The authored rows are the figure that "
        "matters for deployment; the public rows show the corpora are learnt, not how the model "
        "does on an Indian clinic's traffic.",
        "",
        head,
    ]
    for name, r in m["test"].items():
        if isinstance(r, dict) and "n" in r and name not in ("scam_type_authored",):
            lines.append(_row(name, r))
    st = m["test"].get("scam_type_authored")
    if st:
        lines += [
            "",
            f"Scam type on authored fraud test rows (n={st['n']}): type-head accuracy "
            f"{st['accuracy_type_head']:.3f}, macro-F1 {st['macro_f1_type_head']:.3f}; "
            f"end to end (verdict not safe and right type) {st['accuracy_end_to_end']:.3f}.",
        ]
    if m.get("cross_source"):
        lines += ["", "## Cross-source checks (trained without the tested source)", "", head]
        for name, r in m["cross_source"].items():
            lines.append(_row(name, r))
    lines += ["", "## Estimator comparison (validation ROC-AUC)", ""]
    for kind, res in m.get("estimator_comparison", {}).items():
        for est, r in res.items():
            lines.append(
                f"- {kind} / `{est}`: public {_fmt(r.get('val_roc_auc_public'))}, "
                f"authored {_fmt(r.get('val_roc_auc_authored'))} "
                f"(fit {r['fit_seconds']} s)"
            )
    lines += [
        "",
        "## Training data (rows after de-duplication, by split)",
        "",
        "| source | label | train | val | test |",
        "|---|---|---|---|---|",
    ]
    for src, labels in sorted(m["data"].items()):
        for label, splits in sorted(labels.items()):
            lines.append(
                f"| {src} | {label} | {splits.get('train', 0)} | {splits.get('val', 0)} | "
                f"{splits.get('test', 0)} |"
            )
    lines += ["", "## Sources and licences", ""]
    lines += [f"- {v}" for v in SOURCES.values()]
    lines += [
        "",
        "## Known limits",
        "- Public corpora are old and Western (2002 mail, 2004–05 phishing, UK/US SMS); the "
        "authored samples are the only Indian doctor-targeted, Hindi and Hinglish data, so "
        "per-language figures rest on small test sets. Read the authored rows as the figure that "
        "matters for deployment, the public ones as a sanity check.",
        "- Corpus artefacts are removed before the text model sees a message: headers are not "
        "n-grams (only meaningful header findings are features), mailing-list footers, "
        "`spamassassin.taint.org`, anonymised recipients and dates are scrubbed, the "
        "Super SMS rows that were stripped upstream are dropped, URL schemes are removed.",
        "- Public rows labelled spam are split into fraud (a scam type matched) and marketing by "
        "keyword rules (`training/weak_labels.py`); those guessed types reach the type head "
        "only at a small weight.",
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
