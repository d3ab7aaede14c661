"""Prometheus metrics: requests, latency, verdicts, refusals, the model in use.

With several workers `fraudguard serve` sets PROMETHEUS_MULTIPROC_DIR, and /metrics adds up
every worker's files.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client import multiprocess as _mp

from fraudguard.schemas import Assessment

REQUESTS = Counter(
    "fraudguard_requests_total", "HTTP requests answered", ["route", "method", "status"]
)
LATENCY = Histogram(
    "fraudguard_request_seconds",
    "Time to answer a request",
    ["route"],
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)
VERDICTS = Counter(
    "fraudguard_verdicts_total", "Assessments made", ["channel", "verdict", "scam_type"]
)
MODEL = Gauge(
    "fraudguard_model_info",
    "The model bundle loaded (1 = loaded)",
    ["version"],
    multiprocess_mode="max",
)

CONTENT_TYPE = CONTENT_TYPE_LATEST


def count(assessments: Iterable[Assessment]) -> None:
    """Count verdicts (labels only: never content, numbers or addresses)."""
    for a in assessments:
        VERDICTS.labels(a.channel.value, a.verdict.value, a.scam_type.value).inc()


def render() -> bytes:
    """The exposition text: this process, or all workers' files in multiprocess mode."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        _mp.MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest()
