"""The `fraudguard` command: scan, train, verify-model, serve, keys, db (the API's services)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from fraudguard.config import Settings
from fraudguard.errors import FraudguardError

if TYPE_CHECKING:
    from rich.progress import Progress
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker


def _scan(args: argparse.Namespace, settings: Settings) -> int:
    from fraudguard.scan import Failed, Item, jsonl_items, path_items, scan
    from fraudguard.scoring import Scorer

    limits = settings.limits
    model_dir = args.model_dir or settings.model_dir
    scorer = Scorer.from_dir(model_dir, settings.model_sha256)
    paths = args.paths or ["-"]

    def items() -> Iterator[Item | Failed]:
        for p in paths:
            if p == "-":
                yield from jsonl_items(sys.stdin.buffer, "stdin", limits)
            else:
                yield from path_items(Path(p), limits)

    records = scan(
        items(),
        scorer=scorer,
        model_dir=model_dir,
        limits=limits,
        language=args.language,
        workers=args.workers,
        expected_sha256=settings.model_sha256,
    )
    out = sys.stdout
    counts = {"fraud": 0, "suspicious": 0, "safe": 0, "error": 0}
    progress = _progress() if sys.stderr.isatty() and not args.quiet else None
    task = progress.add_task("scanning", total=None) if progress else None
    try:
        if progress:
            progress.start()
        for rec in records:
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            counts["error" if "error" in rec else rec["verdict"]] += 1
            if progress and task is not None:
                progress.update(task, advance=1, description=_summary(counts))
    except BrokenPipeError:  # `fraudguard scan … | head`
        return 0
    finally:
        if progress:
            progress.stop()
    out.flush()
    return 0


def _progress() -> Progress:
    from rich.console import Console
    from rich.progress import (
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )


def _summary(c: dict[str, int]) -> str:
    return " · ".join(f"{k} {c[k]}" for k in ("fraud", "suspicious", "safe", "error"))


def _train(args: argparse.Namespace, settings: Settings) -> int:
    from training.train import TrainConfig, run

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    cfg = TrainConfig(
        data=args.data or settings.shared_data,
        samples=args.samples,
        out=args.out or settings.model_dir,
        max_rows_per_source=args.max_rows_per_source,
        compare_estimators=not args.no_compare,
        cross_source=not args.no_cross_source,
    )
    if not cfg.data.is_dir():
        raise FraudguardError(f"training data folder {cfg.data} not found (set --data)")
    metrics = run(cfg)
    print(json.dumps({"model_version": metrics["model_version"], "out": str(cfg.out)}))
    return 0


def _evaluate(args: argparse.Namespace, settings: Settings) -> int:
    from training.train import TrainConfig, evaluate_shipped

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    model_dir = args.model_dir or settings.model_dir
    cfg = TrainConfig(data=args.data or settings.shared_data, samples=args.samples, out=model_dir)
    if not cfg.data.is_dir():
        raise FraudguardError(f"training data folder {cfg.data} not found (set --data)")
    result = evaluate_shipped(cfg, model_dir, settings.model_sha256)
    if args.out:
        args.out.write_text(json.dumps(result["test"], indent=2) + "\n", "utf-8")
    print(result["summary"])
    return 0 if result["matches_metrics"] else 1


def _verify(args: argparse.Namespace, settings: Settings) -> int:
    from fraudguard.artifacts import verify

    manifest = verify(args.model_dir or settings.model_dir, settings.model_sha256)
    print(json.dumps({"ok": True, "version": manifest["version"], "files": manifest["files"]}))
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import os
    import shutil
    import tempfile

    import uvicorn

    metrics_dir = None
    if args.workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # each worker writes its metrics here; /metrics adds them up
        metrics_dir = tempfile.mkdtemp(prefix="fraudguard-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
    try:
        uvicorn.run(
            "fraudguard.api:create_app",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_level="info",
            access_log=args.access_log,
        )
    finally:
        if metrics_dir:
            shutil.rmtree(metrics_dir, ignore_errors=True)
    return 0


def _store(settings: Settings) -> tuple[Engine, sessionmaker[Session]]:
    from fraudguard.cases.db import make_engine, migrate, session_factory

    engine = make_engine(settings.database_url)
    migrate(engine)
    return engine, session_factory(engine)


def _db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    engine, _ = _store(settings)
    engine.dispose()
    print(json.dumps({"ok": True, "database": engine.url.render_as_string(hide_password=True)}))
    return 0


def _keys_create(args: argparse.Namespace, settings: Settings) -> int:
    from fraudguard.cases.keys import issue_key
    from fraudguard.schemas import Role

    engine, sessions = _store(settings)
    try:
        with sessions.begin() as session:
            issued = issue_key(
                session=session,
                clinic=args.clinic,
                role=Role(args.role),
                name=args.name,
                rate_per_minute=args.rate,
            )
    finally:
        engine.dispose()
    key = issued.key
    out = {"token": issued.token, "prefix": key.prefix, "clinic": key.clinic, "role": key.role}
    print(json.dumps(out, ensure_ascii=False))
    print("fraudguard: store this token now; it cannot be shown again", file=sys.stderr)
    return 0


def _keys_list(args: argparse.Namespace, settings: Settings) -> int:
    from fraudguard.cases.keys import list_keys

    engine, sessions = _store(settings)
    try:
        with sessions() as session:
            found = list_keys(session=session)
    finally:
        engine.dispose()
    for key in found:
        print(json.dumps(key.model_dump(mode="json"), ensure_ascii=False))
    return 0


def _keys_revoke(args: argparse.Namespace, settings: Settings) -> int:
    from fraudguard.cases.keys import revoke_key

    engine, sessions = _store(settings)
    try:
        with sessions.begin() as session:
            key = revoke_key(session=session, prefix=args.prefix)
    finally:
        engine.dispose()
    print(json.dumps(key.model_dump(mode="json"), ensure_ascii=False))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Arguments of every sub-command."""
    p = argparse.ArgumentParser(prog="fraudguard", description="Cyber-fraud detection for clinics.")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("scan", help="score messages, emails, mailboxes or JSONL; JSONL out")
    s.add_argument("paths", nargs="*", help=".eml, mbox, Maildir, .txt or .jsonl; '-' = stdin")
    s.add_argument("--workers", type=int, default=1, help="processes to use (default 1)")
    s.add_argument("--language", choices=["en", "hi"], default="en", help="language of reasons")
    s.add_argument("--model-dir", type=Path, default=None)
    s.add_argument("--quiet", action="store_true", help="no progress bar")
    s.set_defaults(func=_scan)

    t = sub.add_parser("train", help="train and evaluate the model from the corpora")
    t.add_argument(
        "--data", type=Path, default=None, help="public corpora (default ../shared/data)"
    )
    t.add_argument("--samples", type=Path, default=Path("data/samples"))
    t.add_argument("--out", type=Path, default=None, help="output folder (default models/)")
    t.add_argument("--max-rows-per-source", type=int, default=0, help="small runs; 0 = all")
    t.add_argument("--no-compare", action="store_true", help="skip the estimator comparison")
    t.add_argument("--no-cross-source", action="store_true", help="skip cross-source checks")
    t.set_defaults(func=_train)

    e = sub.add_parser(
        "evaluate", help="re-run the shipped model on the frozen test split (the report)"
    )
    e.add_argument(
        "--data", type=Path, default=None, help="public corpora (default ../shared/data)"
    )
    e.add_argument("--samples", type=Path, default=Path("data/samples"))
    e.add_argument("--model-dir", type=Path, default=None)
    e.add_argument("--out", type=Path, default=None, help="also write the report as JSON here")
    e.set_defaults(func=_evaluate)

    v = sub.add_parser("verify-model", help="check the model files against their manifest")
    v.add_argument("--model-dir", type=Path, default=None)
    v.set_defaults(func=_verify)

    sv = sub.add_parser("serve", help="run the HTTP service (uvicorn)")
    sv.add_argument("--host", default="127.0.0.1")
    sv.add_argument("--port", type=int, default=8000)
    sv.add_argument(
        "--workers", type=int, default=1, help="processes, each with the model (one per core)"
    )
    sv.add_argument("--access-log", action="store_true", help="log each request line")
    sv.set_defaults(func=_serve)

    k = sub.add_parser("keys", help="issue, list and revoke API keys (FRAUDGUARD_DATABASE_URL)")
    ksub = k.add_subparsers(dest="keys_command", required=True)
    kc = ksub.add_parser("create", help="issue a key; prints its token once, as JSON")
    kc.add_argument("--clinic", required=True, help="clinic name (created if new)")
    kc.add_argument("--role", required=True, choices=["clinic", "reviewer", "admin"])
    kc.add_argument("--name", default="", help="what the key is for, e.g. 'reception PC'")
    kc.add_argument("--rate", type=int, default=None, help="requests per minute (default: service)")
    kc.set_defaults(func=_keys_create)
    kl = ksub.add_parser("list", help="every key as JSON lines (prefixes, never secrets)")
    kl.set_defaults(func=_keys_list)
    kr = ksub.add_parser("revoke", help="revoke a key by its prefix")
    kr.add_argument("prefix", help="the 8 characters after 'fg_'")
    kr.set_defaults(func=_keys_revoke)

    d = sub.add_parser("db", help="the case store's database")
    dsub = d.add_subparsers(dest="db_command", required=True)
    du = dsub.add_parser("upgrade", help="apply migrations (the service also does at start)")
    du.set_defaults(func=_db_upgrade)
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point; domain errors print one line and exit 2."""
    args = build_parser().parse_args(argv)
    if getattr(args, "workers", 1) < 1:
        print("fraudguard: --workers must be at least 1", file=sys.stderr)
        return 2
    try:
        return int(args.func(args, Settings()))
    except FraudguardError as exc:
        print(f"fraudguard: {exc.code}: {exc.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
