"""Score concurrent single requests together.

A model call costs about the same for one message as for dozens (most of it is scikit-learn's
per-call overhead), so one thread scores whatever requests are waiting as one batch. Nobody waits
on purpose: an idle server scores a request at once; a busy one forms batches on its own while
the previous batch runs.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Sequence
from concurrent.futures import Future

from fraudguard.schemas import Document
from fraudguard.scoring import Score, Scorer
from fraudguard.signals import Signal

_Job = tuple[Document, Sequence[Signal], "Future[Score]"]


class BatchingScorer:
    """Same `score` and `version` as Scorer; single documents are queued and scored in batches."""

    def __init__(self, scorer: Scorer, max_batch: int = 64) -> None:
        self.scorer = scorer
        self.version = scorer.version
        self.max_batch = max_batch
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="fraudguard-scorer", daemon=True)
        self._thread.start()

    def score(self, docs: Sequence[Document], signals: Sequence[Sequence[Signal]]) -> list[Score]:
        """Scores for these documents; a single one joins the next batch."""
        if len(docs) != 1:  # already a batch (or nothing): score it here
            return self.scorer.score(docs, signals)
        done: Future[Score] = Future()
        self._jobs.put((docs[0], signals[0], done))
        return [done.result()]

    def close(self) -> None:
        """Stop the scoring thread after the queued jobs."""
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
            self._score(batch)
            if stop:
                return

    def _score(self, batch: list[_Job]) -> None:
        try:
            scores = self.scorer.score([j[0] for j in batch], [j[1] for j in batch])
        except BaseException as exc:  # every waiting request gets the error, the thread goes on
            for _, _, fut in batch:
                fut.set_exception(exc)
            return
        for (_, _, fut), s in zip(batch, scores, strict=True):
            fut.set_result(s)
