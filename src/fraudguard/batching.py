"""Assess concurrent requests together, in one thread.

A model call costs about the same for one message as for a dozen (most of it is scikit-learn's
per-call overhead), and Python threads share one interpreter lock. So the service does not run
each request's assessment in its own thread: requests wait (without holding a thread) while one
thread takes every request waiting, parses them, scores them in one model call and answers each.
Nobody waits on purpose: an idle server assesses a request at once; a busy one forms batches on
its own while the previous batch runs.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from concurrent.futures import Future
from dataclasses import dataclass

from fraudguard.assess import build, prepare
from fraudguard.config import Limits
from fraudguard.errors import FraudguardError
from fraudguard.schemas import Assessment, Channel, Document
from fraudguard.scoring import Scores
from fraudguard.signals import Signal


@dataclass(frozen=True, slots=True)
class _Job:
    content: str | bytes
    channel: Channel
    language: str
    done: Future[Assessment]


class BatchingAssessor:
    """assess() for many concurrent callers; one thread does the work in batches."""

    def __init__(
        self,
        scorer: Scores,
        *,
        limits: Limits | None = None,
        budget: float | None = None,
        max_batch: int = 64,
    ) -> None:
        self.scorer = scorer
        self.version = scorer.version
        self.limits = limits
        self.budget = budget
        self.max_batch = max_batch
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="fraudguard-assess", daemon=True)
        self._thread.start()

    def submit(
        self, content: str | bytes, channel: Channel = Channel.AUTO, language: str = "en"
    ) -> Future[Assessment]:
        """Queue one input; the future holds its Assessment or its FraudguardError."""
        done: Future[Assessment] = Future()
        self._jobs.put(_Job(content, channel, language, done))
        return done

    async def assess(
        self, content: str | bytes, channel: Channel = Channel.AUTO, language: str = "en"
    ) -> Assessment:
        """Await one input's Assessment without holding a thread while it waits."""
        return await asyncio.wrap_future(self.submit(content, channel, language))

    def close(self) -> None:
        """Stop the thread after the queued jobs."""
        self._jobs.put(None)
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while True:
            first = self._jobs.get()
            if first is None:
                return
            batch = [first]
            stop = False
            while len(batch) < self.max_batch:  # take what is waiting now, without waiting
                try:
                    job = self._jobs.get_nowait()
                except queue.Empty:
                    break
                if job is None:
                    stop = True
                    break
                batch.append(job)
            self._assess(batch)
            if stop:
                return

    def _assess(self, batch: list[_Job]) -> None:
        ready: list[tuple[_Job, Document, list[Signal]]] = []
        for job in batch:
            try:
                doc, sigs = prepare(job.content, job.channel, self.limits, self.budget)
            except FraudguardError as exc:  # this input only
                job.done.set_exception(exc)
                continue
            ready.append((job, doc, sigs))
        if not ready:
            return
        try:
            scores = self.scorer.score([r[1] for r in ready], [r[2] for r in ready])
            results = [
                build(
                    doc,
                    sc,
                    sigs,
                    version=self.version,
                    id="",
                    language=job.language,
                    thresholds=self.scorer.thresholds(doc.channel),
                )
                for (job, doc, sigs), sc in zip(ready, scores, strict=True)
            ]
        except BaseException as exc:  # every waiting request gets the error; the thread goes on
            for job, _, _ in ready:
                job.done.set_exception(exc)
            return
        for (job, _, _), result in zip(ready, results, strict=True):
            job.done.set_result(result)
