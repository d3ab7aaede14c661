"""Single-process throughput of the real batch path, with its parse / score split."""

from __future__ import annotations

import contextlib
import cProfile
import io
import pstats
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from fraudguard.assess import Item, assess_batch, assess_documents
from fraudguard.errors import FraudguardError
from fraudguard.ingest import parse
from fraudguard.schemas import Document
from fraudguard.scoring import Scorer

T = TypeVar("T")


@dataclass(frozen=True)
class RunPlan:
    """How each channel is timed: batch size, warm-up items, timed runs and a time budget."""

    batch: int = 256  # what `fraudguard scan` sends to assess_batch
    warmup: int = 300
    runs: int = 3
    budget_s: float = 150.0  # no new run starts past this; at least one run of each kind


def chunks(seq: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(seq), size):
        yield seq[start : start + size]


def assess_all(items: Sequence[Item], scorer: Scorer, batch: int) -> list[Any]:
    """assess_batch in batches: parse, signals, features, model, reasons, indicators."""
    out: list[Any] = []
    for part in chunks(items, batch):
        out.extend(assess_batch(part, scorer=scorer))
    return out


def parse_all(items: Sequence[Item]) -> list[Document]:
    """Parse only (what assess_batch does first); inputs that fail to parse are left out."""
    docs = []
    for item in items:
        with contextlib.suppress(FraudguardError):
            docs.append(parse(item.content, item.channel))
    return docs


def score_all(docs: Sequence[Document], scorer: Scorer, batch: int) -> None:
    """Everything after parsing: signals, features, model, reasons, indicators."""
    for part in chunks(docs, batch):
        assess_documents(part, scorer=scorer)


def _timed(fn: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def _repeat(fn: Callable[[], object], runs: int, deadline: float) -> list[tuple[float, float]]:
    times = [_timed(fn)]
    while len(times) < runs and time.perf_counter() < deadline:
        times.append(_timed(fn))
    return times


def _summary(n: int, times: list[tuple[float, float]]) -> dict[str, Any]:
    walls = [w for w, _ in times]
    cpus = [c for _, c in times]
    median = statistics.median(walls)
    return {
        "runs": len(times),
        "wall_s": [round(w, 3) for w in walls],
        "cpu_s": [round(c, 3) for c in cpus],
        "median_wall_s": round(median, 3),
        "msgs_per_s": round(n / median, 1),
        "ms_per_msg": round(1000 * median / n, 3),
        "cpu_per_wall": round(statistics.median(cpus) / median, 2),
    }


def measure(items: Sequence[Item], scorer: Scorer, plan: RunPlan) -> dict[str, Any]:
    """Warm up, then time the full path, parse only and score only (median of `plan.runs`)."""
    deadline = time.perf_counter() + plan.budget_s
    assess_all(items[: plan.warmup], scorer, plan.batch)
    full = _repeat(lambda: assess_all(items, scorer, plan.batch), plan.runs, deadline)
    parsed = _repeat(lambda: parse_all(items), plan.runs, deadline)
    docs = parse_all(items)
    scored = _repeat(lambda: score_all(docs, scorer, plan.batch), plan.runs, deadline)
    return {
        "n": len(items),
        "parse_errors": len(items) - len(docs),
        "batch": plan.batch,
        "warmup_items": min(plan.warmup, len(items)),
        "full": _summary(len(items), full),
        "parse_only": _summary(len(items), parsed),
        "score_only": _summary(len(docs), scored),
    }


def profile(items: Sequence[Item], scorer: Scorer, batch: int, top: int = 30) -> str:
    """cProfile of one pass of the full path: the `top` functions by cumulative time."""
    prof = cProfile.Profile()
    prof.enable()
    assess_all(items, scorer, batch)
    prof.disable()
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out).strip_dirs().sort_stats("cumulative")
    stats.print_stats(top)
    out.write("\n--- by own time ---\n")
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()
