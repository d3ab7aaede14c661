"""The model card (models/MODEL_CARD.md), written from metrics.json by every training run, and
the summary tables `fraudguard evaluate` prints."""

from __future__ import annotations

from pathlib import Path
from typing import Any

SOURCES = {
    "authored": ("fraudguard authored samples (data/samples/, written by the project)", "train"),
    "sms_uci": ("UCI SMS Spam Collection v.1 — Almeida & Gómez Hidalgo (CC BY 4.0)", "train"),
    "sms_india_telecom": ("Indian Telecom SMS Spam Collection — junioralive (MIT)", "train"),
    "sms_smishing_mendeley": (
        "SMS Phishing Dataset — Mishra & Soni, Mendeley Data (CC BY 4.0 reported)",
        "train",
    ),
    "sms_smishtank": (
        "SmishTank — Timko & Rahman, CODASPY 2024 (no licence stated; research use)",
        "train",
    ),
    "sms_super_2018_2023": (
        "Super SMS Dataset 2018–23 — Salman, Ikram & Kaafar, IEEE Access 2024 (no licence "
        "stated; cite the paper)",
        "train",
    ),
    "sms_finlight": ("Finlight-Android test SMS — P. Madhyastha (Apache-2.0)", "train"),
    "sms_pennywise": ("PennyWise parser fixtures — sarim2000 (AGPL-3.0)", "evaluation only"),
    "sms_india_inbox_2022": (
        "Indian SMS inbox dump 2020–22 (licence and consent unresolved)",
        "evaluation only",
    ),
    "l3cube_headlines": (
        "L3Cube-IndicNews headlines — Mirashi et al. 2024 (CC BY-NC-SA 4.0)",
        "evaluation only",
    ),
    "l3cube_tweets": (
        "L3Cube-HingLID Hinglish tweets — Nayak & Joshi 2022 (CC BY-NC-SA 4.0)",
        "evaluation only",
    ),
    "calls_robocall_ftc": (
        "FTC Project Point of No Entry robocall transcripts — Prasad & Reaves, NCSU "
        "(public domain)",
        "train",
    ),
    "spamassassin": ("Apache SpamAssassin public corpus", "train"),
    "nazario": ("Jose Nazario phishing corpus 2004–05 (CC BY 4.0)", "train"),
    "phishtank_2020": ("PhishTank 2020 snapshot (PhishTank / Cisco Talos terms)", "train"),
    "iscx_url2016": ("ISCX-URL-2016 benign URLs — Mamun et al., NSS 2016", "train"),
    "hannousse2021": (
        "Web page phishing detection, legitimate URLs — Hannousse & Yahiouche 2021 (CC BY 4.0)",
        "train",
    ),
    "majestic": (
        "Majestic Million top 15,000 (CC BY 3.0, © Majestic-12): shipped as the popularity "
        "snapshot (src/fraudguard/data/popular_domains.txt), never as training rows",
        "lookup",
    ),
    "cloudflare_radar": (
        "Cloudflare Radar top-100k domains, 2024-01-22..29 (CC BY-NC 4.0): 6,000 as home pages",
        "evaluation only",
    ),
}


def _pm(v: Any) -> str:
    return "–" if v is None else f"{v:g}"


def _pct(v: Any) -> str:
    return "–" if v is None else f"{100 * v:.1f}%"


def genuine_table(rows: dict[str, dict[str, Any]], title: str) -> list[str]:
    out = [f"| {title} | n | alarms per 1,000 | fraud per 1,000 |", "|---|---|---|---|"]
    for name, r in rows.items():
        out.append(
            f"| {name} | {r['n']:,} | {_pm(r['alarms_per_1000'])} | {_pm(r['fraud_per_1000'])} |"
        )
    return out


def scam_table(rows: dict[str, dict[str, Any]], title: str) -> list[str]:
    out = [f"| {title} | n | called fraud | not safe |", "|---|---|---|---|"]
    for name, r in rows.items():
        out.append(f"| {name} | {r['n']:,} | {_pct(r['fraud'])} | {_pct(r['not_safe'])} |")
    return out


def summary_tables(t: dict[str, Any]) -> str:
    """The headline tables of a test report: false alarms and scam recall."""
    g, s = t["genuine"], t["scams"]
    lines = ["### False alarms on genuine messages (test split)", ""]
    lines += genuine_table({"all": g["all"], **g["by_channel"]}, "channel")
    lines += ["", *genuine_table(g["by_language"], "language")]
    lines += ["", *genuine_table(g["by_kind"], "kind")]
    lines += ["", *genuine_table(g["by_source"], "source")]
    lines += ["", "### Scams (test split)", ""]
    head = {"all": s["all"], "authored": s["authored"], "public corpora": s["public"]}
    lines += scam_table(head, "scams")
    lines += ["", *scam_table(s["by_scam_type"], "scam type")]
    lines += ["", *scam_table(s["by_language"], "language")]
    lines += ["", *scam_table(s["by_channel"], "channel")]
    lines += ["", *scam_table(s["by_form"], "form")]
    lines += ["", *scam_table(s["by_source"], "source")]
    st = t.get("scam_type")
    if st:
        lines += [
            "",
            f"Scam type right on {_pct(st['accuracy_end_to_end'])} of the {st['n']} authored test "
            f"scams end to end ({_pct(st['accuracy_when_flagged'])} of those flagged).",
        ]
    checks = t.get("budget_checks", {})
    if checks:
        lines += [
            "",
            "Budgets: "
            + "; ".join(
                f"{k} " + ", ".join(f"{c}={'✔' if ok else '✘'}" for c, ok in v.items())
                for k, v in checks.items()
            ),
        ]
    return "\n".join(lines)


def write_card(m: dict[str, Any], path: Path) -> None:
    """Render the card from the metrics dictionary."""
    b = m["budgets"]
    lines = [
        f"# Model card — {m['model_version']}",
        "",
        "fraudguard scores SMS, WhatsApp messages, call transcripts, emails and links for fraud "
        "aimed at doctors and clinics in India. Written by `fraudguard train`; every figure below "
        "comes from `metrics.json` beside this file; `make eval` recomputes the test report from "
        "the shipped bundle.",
        "",
        "## What is in the bundle",
        "- **Risk models**, one per family — message (SMS, WhatsApp, calls), email, URL. Messages "
        "and email: hashed word 1–2-grams and character 2–4-grams of the normalised text (links, "
        "numbers, masks, phones and UPI IDs as tokens; corpus artefacts removed), a phonetic "
        "column (every Indian script and romanised Hindi transliterated with indic-transliteration "
        "and reduced to consonant skeletons, so Hindi, Hinglish and loanwords in other scripts "
        "share tokens), the explainable signals and header findings; words in scripts other than "
        "Latin and Devanagari never reach the n-grams of their own. URL: who owns the link "
        "(popularity of the registered domain in the shipped Majestic snapshot, official brand "
        "and government domains, hosting platforms judged by the user's subdomain, forms and "
        "shared files), look-alikes, combosquats, government names off gov.in, punycode, IPs, "
        "`@` tricks, risky TLDs, shorteners and credential or payment words in the path — never "
        "the URL's form (scheme, www, length, path depth). Estimators: "
        + ", ".join(f"{k} `{v['estimator']}`" for k, v in m["params"].items())
        + ", sigmoid-calibrated.",
        "- **Scam-type head**: multinomial logistic regression over the 15 scam types, trained on "
        f"the authored scams (human labels, weight {m['weights']['authored_type']}) and the public "
        f"scams' keyword-guessed types (weight {m['weights']['public_fraud_type']}).",
        "- **Promotion head**: legal marketing against ordinary messages, for what is not fraud.",
        f"- scikit-learn {m['environment']['sklearn']}, Python {m['environment']['python']}.",
        "",
        "## What `risk` means",
        "`risk` is a fraud-risk score between 0 and 1 from the family's risk model, sigmoid-"
        "calibrated against the training mix of that family (3-fold cross-validation): fraud "
        "rows against legitimate and marketing rows, with each authored row weighted "
        + ", ".join(f"{k} {v:g}×" for k, v in m["weights"]["authored_risk"].items())
        + " (chosen on validation). Real traffic has far fewer scams than that mix, so "
        "it is not the probability that a message is fraud; it orders messages, and the verdict "
        "comes from the thresholds below. The service states it in words, never as a percentage.",
        "",
        "## Verdict policy (chosen on the validation split)",
        f"Per channel, the lowest thresholds such that at most {b['alarms']:.1%} of genuine "
        f"validation messages are flagged (suspicious or fraud) and at most {b['fraud']:.1%} are "
        f"called fraud — aiming at {b['margin']:.0%} of each budget — on the channel's genuine "
        f"rows as a whole **and** on every corpus, kind and language with {b['min_slice']}+ "
        "rows in validation (channels with few genuine rows of their own are also held to their "
        "family's). Genuine = every legitimate row and the promotions the project wrote; the "
        "public corpora's marketing labels are keyword guesses and are reported apart. A "
        "suspicious score that asks for what no honest sender needs (OTP/PIN, PIN to receive, "
        "remote-access app, look-alike link, programme, faked sender, refund of a mistaken "
        "credit) becomes fraud; marketing without a fraud marker (promotion score at or above "
        f"the cut, which may turn at most {b['promo_scam_loss']:.0%} of validation scams safe) "
        "is safe, marked promotional.",
        "",
        "| channel | suspicious ≥ | fraud ≥ | promotional ≥ |",
        "|---|---|---|---|",
    ]
    for ch, t in m["thresholds"].items():
        promo = t.get("promotional", 1.01)
        lines.append(f"| {ch} | {t['suspicious']:.4f} | {t['fraud']:.4f} | {promo:.4f} |")
    sp = m["split"]
    lines += [
        "",
        "## The frozen test split",
        f"Groups are content-derived (near-duplicates, templates, link domains and authored "
        f"scenarios joined across every corpus, authored rows included); {sp['groups']:,} groups; "
        f"rows per split: {sp['rows']}. SHA-256 of the test split's content keys: "
        f"`{sp['test_sha256']}`. Across the splits: {sp['overlap']['near_duplicate_pairs']} "
        f"near-duplicate pairs, {sp['overlap']['shared_templates']} shared templates, "
        f"{sp['overlap']['shared_domains']} shared campaign domains. Estimators, thresholds and "
        "design choices were made on validation; the test split is read once per model.",
        "",
        "## Test report",
        "",
        summary_tables(m["test"]),
    ]
    pm = m["test"].get("public_marketing", {})
    if pm:
        lines += [
            "",
            "Public corpora's marketing (keyword-guessed labels, some of it scams): flagged "
            f"{_pm(pm['all']['alarms_per_1000'])} per 1,000.",
        ]
    lines += ["", "### Ranking (test split, per channel)", ""]
    lines += [
        "| channel | n | ROC-AUC | recall @1% FPR | recall @0.1% FPR |",
        "|---|---|---|---|---|",
    ]
    for ch, r in m["test"].get("ranking", {}).items():
        lines.append(
            f"| {ch} | {r['n']:,} | {r.get('roc_auc', '–')} | {r.get('recall_at_1pct_fpr', '–')} "
            f"| {r.get('recall_at_0.1pct_fpr', '–')} |"
        )
    cs = m.get("cross_source")
    if cs:
        lines += [
            "",
            "## Cross-source checks",
            "",
            "Each legitimate corpus that may train is held out in turn: the family's model is "
            "refitted without it, thresholds chosen again without it, and all its rows scored.",
            "",
        ]
        lines += genuine_table(cs["legit_held_out"], "held-out genuine corpus")
        lines += [
            "",
            "Scam corpora held out (ranking against the unseen genuine test rows):",
            "",
            "| check | n | ROC-AUC | recall @1% FPR |",
            "|---|---|---|---|",
        ]
        for name, r in cs["scam_held_out"].items():
            lines.append(
                f"| {name} | {r['n']:,} | {r.get('roc_auc', '–')} | "
                f"{r.get('recall_at_1pct_fpr', '–')} |"
            )
    lines += ["", "## Design comparison (validation)", ""]
    for kind, res in m.get("design_comparison", {}).items():
        for est, r in res.items():
            lines.append(
                f"- {kind} / `{est}`: ROC-AUC {r.get('val_roc_auc', '–')}, recall at 0.5% false "
                f"alarms {r.get('val_recall_0.5pct_fpr', '–')}, authored ROC-AUC "
                f"{r.get('authored_val_roc_auc', '–')} (fit {r['fit_seconds']} s)"
            )
    lines += [
        "",
        "## Data (rows after de-duplication, by split; `unused` = evaluation-only rows whose "
        "group fell in train)",
        "",
        "| source | use | label | train | val | test | unused |",
        "|---|---|---|---|---|---|---|",
    ]
    for src, labels in sorted(m["data"].items()):
        use = labels.get("use", "")
        for label, splits in sorted((k, v) for k, v in labels.items() if k != "use"):
            lines.append(
                f"| {src} | {use} | {label} | {splits.get('train', 0)} | {splits.get('val', 0)} | "
                f"{splits.get('test', 0)} | {splits.get('unused', 0)} |"
            )
    lines += ["", "## Sources, licences and use", ""]
    lines += [f"- {name} — {use}" for name, use in SOURCES.values()]
    lines += [
        "",
        "## Known limits",
        "- The authored samples are written by the same team that wrote the signals: figures on "
        "them flatter the model. The evaluation-only corpora (real Indian SMS, headlines, tweets, "
        "popular domains) are the figures no one here wrote.",
        "- Public corpora are old and Western (2002 mail, 2004–05 phishing, UK/US SMS, 2016–20 "
        "URLs); their scam recall is reported apart and is not the product's target.",
        "- Public rows labelled spam are relabelled fraud when their signals show a scam "
        "(`training/weak_labels.py`); the rest stay marketing. Their types are keyword guesses "
        "and reach the type head at a small weight.",
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
