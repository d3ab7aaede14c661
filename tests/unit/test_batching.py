"""Concurrent requests assessed together in one thread give exactly what assess() gives alone."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from fraudguard.assess import assess
from fraudguard.batching import BatchingAssessor
from fraudguard.config import Limits
from fraudguard.errors import InputTooLarge
from fraudguard.schemas import Channel

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

    def thresholds(self, channel):  # type: ignore[no-untyped-def]
        return self.inner.thresholds(channel)


def _same(a, b) -> bool:  # type: ignore[no-untyped-def]
    keep = {"id"}
    return a.model_dump(exclude=keep) == b.model_dump(exclude=keep)


def test_concurrent_requests_get_their_own_assessments(scorer) -> None:  # type: ignore[no-untyped-def]
    langs = ["en", "hi"] * (len(MESSAGES) // 2)
    expected = [
        assess(m, scorer=scorer, language=lang) for m, lang in zip(MESSAGES, langs, strict=True)
    ]
    counting = Counting(scorer)
    assessor = BatchingAssessor(counting)
    try:
        with ThreadPoolExecutor(16) as pool:
            futures = list(pool.map(lambda ml: assessor.submit(ml[0], Channel.AUTO, ml[1]),
                                    zip(MESSAGES, langs, strict=True)))  # fmt: skip
            got = [f.result(timeout=60) for f in futures]
    finally:
        assessor.close()
    assert all(_same(g, e) for g, e in zip(got, expected, strict=True))
    assert {g.guidance.language for g in got if g.guidance} == {"en", "hi"}
    assert len({g.id for g in got}) == len(got)
    assert sum(counting.calls) == len(MESSAGES)
    assert max(counting.calls) > 1  # requests really were scored together


def test_awaiting_callers_share_batches(scorer) -> None:  # type: ignore[no-untyped-def]
    counting = Counting(scorer)
    assessor = BatchingAssessor(counting)

    async def many():  # type: ignore[no-untyped-def]
        return await asyncio.gather(*(assessor.assess(m) for m in MESSAGES))

    try:
        # a fresh thread: the browser tests' Playwright keeps a loop running in this one
        with ThreadPoolExecutor(1) as pool:
            got = pool.submit(asyncio.run, many()).result(timeout=120)
    finally:
        assessor.close()
    assert [g.verdict for g in got] == [assess(m, scorer=scorer).verdict for m in MESSAGES]
    assert len(counting.calls) < len(MESSAGES)


def test_one_bad_input_fails_alone(scorer) -> None:  # type: ignore[no-untyped-def]
    assessor = BatchingAssessor(scorer, limits=Limits(max_text_chars=500))
    try:
        futures = [assessor.submit(MESSAGES[0]), assessor.submit("x" * 501, Channel.SMS)]
        futures.append(assessor.submit(MESSAGES[1]))
        assert futures[0].result(timeout=60).verdict.value == "fraud"
        with pytest.raises(InputTooLarge):
            futures[1].result(timeout=60)
        assert futures[2].result(timeout=60).verdict.value == "safe"
    finally:
        assessor.close()


def test_a_failing_model_call_fails_its_batch_and_the_thread_goes_on(scorer) -> None:  # type: ignore[no-untyped-def]
    class Broken(Counting):
        def score(self, docs, signals):  # type: ignore[no-untyped-def]
            if any("boom" in d.text for d in docs):
                raise RuntimeError("boom")
            return super().score(docs, signals)

    assessor = BatchingAssessor(Broken(scorer))
    try:
        with pytest.raises(RuntimeError):
            assessor.submit("boom", Channel.SMS).result(timeout=60)
        assert assessor.submit(MESSAGES[1], Channel.SMS).result(timeout=60).verdict.value == "safe"
    finally:
        assessor.close()
