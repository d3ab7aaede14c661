"""Concurrent single requests scored in batches give exactly the scores of one-by-one scoring."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from fraudguard.batching import BatchingScorer
from fraudguard.ingest import parse
from fraudguard.schemas import Channel
from fraudguard.signals import detect

MESSAGES = [
    "Your SBI account is blocked today. Update KYC: http://sbi-kyc-update.xyz and share OTP",
    "Dr Mehta, your OPD slot tomorrow at 10:30 is confirmed. City Hospital",
    "आपका बिजली कनेक्शन आज रात 9:30 बजे काट दिया जाएगा। तुरंत 9876543210 पर कॉल करें",
    "Sir main army se hoon, 20 logon ka checkup karwana hai, payment UPI se bhejta hoon, "
    "collect accept karo",
    "https://www.onlinesbi.sbi/",
] * 8


class Counting:
    """A Scorer that records the batch sizes it was called with."""

    def __init__(self, scorer) -> None:  # type: ignore[no-untyped-def]
        self.inner = scorer
        self.version = scorer.version
        self.calls: list[int] = []

    def score(self, docs, signals):  # type: ignore[no-untyped-def]
        self.calls.append(len(docs))
        return self.inner.score(docs, signals)


def test_concurrent_requests_get_their_own_scores(scorer) -> None:  # type: ignore[no-untyped-def]
    docs = [parse(m, Channel.AUTO) for m in MESSAGES]
    sigs = [detect(d) for d in docs]
    expected = [scorer.score([d], [s])[0] for d, s in zip(docs, sigs, strict=True)]
    counting = Counting(scorer)
    batching = BatchingScorer(counting)  # type: ignore[arg-type]
    try:
        with ThreadPoolExecutor(16) as pool:
            got = list(
                pool.map(
                    lambda ds: batching.score([ds[0]], [ds[1]])[0], zip(docs, sigs, strict=True)
                )
            )
    finally:
        batching.close()
    assert [g.verdict for g in got] == [e.verdict for e in expected]
    assert [g.risk for g in got] == pytest.approx([e.risk for e in expected], abs=1e-9)
    assert sum(counting.calls) == len(docs)
    assert max(counting.calls) > 1  # requests really were scored together


def test_a_failing_batch_fails_its_requests_and_the_thread_goes_on(scorer) -> None:  # type: ignore[no-untyped-def]
    class Broken(Counting):
        def score(self, docs, signals):  # type: ignore[no-untyped-def]
            if any("boom" in d.text for d in docs):
                raise RuntimeError("boom")
            return super().score(docs, signals)

    batching = BatchingScorer(Broken(scorer))  # type: ignore[arg-type]
    try:
        bad = parse("boom", Channel.SMS)
        with pytest.raises(RuntimeError):
            batching.score([bad], [detect(bad)])
        ok = parse(MESSAGES[1], Channel.SMS)
        assert batching.score([ok], [detect(ok)])[0].verdict.value == "safe"
    finally:
        batching.close()
