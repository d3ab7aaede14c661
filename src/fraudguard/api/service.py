"""Web-side services: the batch endpoint's checks and its per-item results."""

from __future__ import annotations

from fastapi import Request

from fraudguard.api import metrics
from fraudguard.api.schemas import BatchRequest, BatchResponse, BatchResult, ItemError
from fraudguard.assess import Item, assess_batch
from fraudguard.config import Settings
from fraudguard.errors import InputTooLarge
from fraudguard.schemas import Assessment, Principal
from fraudguard.scoring import Scores


def analyze_batch(
    req: BatchRequest,
    *,
    scorer: Scores,
    settings: Settings,
    principal: Principal,
    request: Request,
) -> BatchResponse:
    """Score every item together; an item that fails gets its own error and the rest go on."""
    limit = settings.api.max_batch_items
    if len(req.items) > limit:
        raise InputTooLarge(f"the batch has {len(req.items)} items; the limit is {limit}")
    # one request was already counted for the key; each further item counts as one more
    if len(req.items) > 1:
        request.app.state.limiter.hit(
            principal.key_prefix, principal.rate_per_minute, len(req.items) - 1
        )
    items = [Item(content=i.content, channel=i.channel, id=i.id) for i in req.items]
    done = assess_batch(
        items,
        scorer=scorer,
        limits=settings.limits,
        language=req.language,
        budget=settings.api.scan_seconds,
    )
    results = []
    for n, (item, r) in enumerate(zip(req.items, done, strict=True)):
        if isinstance(r, Assessment):
            results.append(BatchResult(index=n, id=item.id, assessment=r))
        else:
            results.append(
                BatchResult(index=n, id=item.id, error=ItemError(code=r.code, message=r.message))
            )
    metrics.count(r.assessment for r in results if r.assessment is not None)
    return BatchResponse(results=results)
