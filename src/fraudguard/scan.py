"""Batch scanning for `fraudguard scan`: inputs from files, mailboxes and JSONL → result records.

The record of each input is a dict ready for one JSONL line, in input order. A bad input (a
malformed JSONL line, an unreadable file, an empty message) becomes a record with an `error`
field and the scan goes on.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from fraudguard.assess import Item, assess_batch
from fraudguard.config import Limits
from fraudguard.errors import FraudguardError, InputTooLarge, InvalidInput
from fraudguard.ingest.mailbox import is_maildir, iter_maildir, iter_mbox
from fraudguard.schemas import Assessment, Channel
from fraudguard.scoring import Scorer

BATCH = 256  # inputs scored per model call: amortises the per-call overhead
CHUNK_BYTES = 32 * 1024 * 1024  # ... but a chunk of large emails is cut at this size
_CHANNELS = ", ".join(c.value for c in Channel)


@dataclass(frozen=True, slots=True)
class Failed:
    """An input that could not even be read as an item."""

    id: str
    error: FraudguardError
    channel: str = ""


def _error_record(id_: str, exc: FraudguardError, channel: str = "") -> dict[str, Any]:
    rec: dict[str, Any] = {"id": id_}
    if channel:
        rec["channel"] = channel
    rec["error"] = {"code": exc.code, "message": exc.message}
    return rec


def record(a: Assessment) -> dict[str, Any]:
    """The JSONL record of one assessment (the CLI contract)."""
    return a.model_dump(mode="json")


# --------------------------------------------------------------------------------------------
# reading inputs


def jsonl_items(stream: BinaryIO, name: str, limits: Limits) -> Iterator[Item | Failed]:
    """Items from JSONL: {"id", "channel", "content"} per line; bad lines become Failed."""
    for n, raw in enumerate(iter(lambda: stream.readline(limits.max_jsonl_line_bytes + 1), b""), 1):
        line_id = f"{name}:{n}"
        if len(raw) > limits.max_jsonl_line_bytes:
            # skip the rest of an over-long line
            while raw and not raw.endswith(b"\n"):
                raw = stream.readline(1 << 20)
            yield Failed(
                line_id,
                InputTooLarge(f"line {n} is longer than {limits.max_jsonl_line_bytes} bytes"),
            )
            continue
        if not raw.strip():
            continue
        yield parse_jsonl_line(raw, line_id)


def parse_jsonl_line(raw: bytes, line_id: str) -> Item | Failed:
    """One JSONL line → Item, or Failed with a message that says what is wrong."""
    try:
        obj = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        return Failed(line_id, InvalidInput(f"{line_id}: not valid JSON ({exc})"))
    if not isinstance(obj, dict):
        return Failed(line_id, InvalidInput(f"{line_id}: expected a JSON object"))
    id_ = obj.get("id", line_id)
    id_ = str(id_) if isinstance(id_, str | int) else line_id
    content = obj.get("content")
    if not isinstance(content, str):
        return Failed(id_, InvalidInput(f"{id_}: `content` must be a string"))
    channel = obj.get("channel", "auto")
    try:
        ch = Channel(channel)
    except ValueError:
        return Failed(
            id_, InvalidInput(f"{id_}: `channel` must be one of {_CHANNELS}"), str(channel)
        )
    return Item(content=content, channel=ch, id=id_)


def _is_mbox(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(5) == b"From "


def path_items(path: Path, limits: Limits) -> Iterator[Item | Failed]:
    """Items from one path: .jsonl, Maildir, mbox, .eml or any other file as one message."""
    try:
        if path.is_dir():
            if not is_maildir(path):
                yield Failed(str(path), InvalidInput(f"{path} is a folder but not a Maildir"))
                return
            for key, data in iter_maildir(path):
                yield Item(content=data, channel=Channel.EMAIL, id=f"{path}/{key}")
            return
        if path.suffix.lower() == ".jsonl":
            with path.open("rb") as f:
                yield from jsonl_items(f, str(path), limits)
            return
        suffix = path.suffix.lower()
        if suffix == ".mbox" or (suffix == "" and _is_mbox(path)):
            for n, data in enumerate(iter_mbox(path), 1):
                yield Item(content=data, channel=Channel.EMAIL, id=f"{path}#{n}")
            return
        size = path.stat().st_size
        if suffix == ".eml":
            if size > limits.max_email_bytes:
                raise InputTooLarge(
                    f"{path} is {size} bytes; the email limit is {limits.max_email_bytes}"
                )
            yield Item(content=path.read_bytes(), channel=Channel.EMAIL, id=str(path))
            return
        if size > limits.max_text_chars * 4:
            raise InputTooLarge(
                f"{path} is {size} bytes; a text message may have at most "
                f"{limits.max_text_chars} characters"
            )
        yield Item(
            content=path.read_text("utf-8", errors="replace"), channel=Channel.AUTO, id=str(path)
        )
    except FraudguardError as exc:
        yield Failed(str(path), exc)
    except OSError as exc:
        yield Failed(str(path), InvalidInput(f"cannot read {path}: {exc.strerror or exc}"))


# --------------------------------------------------------------------------------------------
# scanning


def _chunks(
    items: Iterable[Item | Failed], size: int, max_bytes: int = CHUNK_BYTES
) -> Iterator[list[Item | Failed]]:
    chunk: list[Item | Failed] = []
    held = 0
    for item in items:
        chunk.append(item)
        held += len(item.content) if isinstance(item, Item) else 0
        if len(chunk) >= size or held >= max_bytes:
            yield chunk
            chunk, held = [], 0
    if chunk:
        yield chunk


def scan_chunk(
    chunk: list[Item | Failed], scorer: Scorer, limits: Limits, language: str
) -> list[dict[str, Any]]:
    """Records for one chunk, in order."""
    items = [c for c in chunk if isinstance(c, Item)]
    results = iter(assess_batch(items, scorer=scorer, limits=limits, language=language))
    out = []
    for c in chunk:
        if isinstance(c, Failed):
            out.append(_error_record(c.id, c.error, c.channel))
            continue
        r = next(results)
        if isinstance(r, FraudguardError):
            out.append(_error_record(c.id, r, c.channel.value))
        else:
            out.append(record(r))
    return out


# Worker processes load the model once each (initializer), then score whole chunks.
_WORKER: dict[str, Any] = {}


def _init_worker(
    model_dir: str, expected_sha256: str | None, limits: Limits, language: str
) -> None:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    _WORKER.update(
        scorer=Scorer.from_dir(Path(model_dir), expected_sha256), limits=limits, language=language
    )


def _work(chunk: list[Item | Failed]) -> list[dict[str, Any]]:
    return scan_chunk(chunk, _WORKER["scorer"], _WORKER["limits"], _WORKER["language"])


def scan(
    items: Iterable[Item | Failed],
    *,
    scorer: Scorer,
    model_dir: Path,
    limits: Limits,
    language: str = "en",
    workers: int = 1,
    expected_sha256: str | None = None,
) -> Iterator[dict[str, Any]]:
    """Records for every input, in input order; `workers` > 1 uses that many processes."""
    chunks = _chunks(items, BATCH)
    if workers <= 1:
        for chunk in chunks:
            yield from scan_chunk(chunk, scorer, limits, language)
        return
    import multiprocessing as mp

    ctx = mp.get_context("fork" if hasattr(os, "fork") else "spawn")
    with ctx.Pool(
        workers,
        initializer=_init_worker,
        initargs=(str(model_dir), expected_sha256, limits, language),
    ) as pool:
        for recs in pool.imap(_work, chunks, chunksize=1):
            yield from recs
