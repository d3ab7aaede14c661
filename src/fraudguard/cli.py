"""The `fraudguard` command: scan, train, verify-model, serve (the services the API uses)."""

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


def _verify(args: argparse.Namespace, settings: Settings) -> int:
    from fraudguard.artifacts import verify

    manifest = verify(args.model_dir or settings.model_dir, settings.model_sha256)
    print(json.dumps({"ok": True, "version": manifest["version"], "files": manifest["files"]}))
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    uvicorn.run(
        "fraudguard.api:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level="info",
    )
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

    v = sub.add_parser("verify-model", help="check the model files against their manifest")
    v.add_argument("--model-dir", type=Path, default=None)
    v.set_defaults(func=_verify)

    sv = sub.add_parser("serve", help="run the HTTP service (uvicorn)")
    sv.add_argument("--host", default="127.0.0.1")
    sv.add_argument("--port", type=int, default=8000)
    sv.add_argument("--workers", type=int, default=1)
    sv.set_defaults(func=_serve)
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
