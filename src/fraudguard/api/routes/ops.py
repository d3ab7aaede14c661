"""Operations: liveness, readiness, Prometheus metrics."""

from __future__ import annotations

from fastapi import APIRouter, Response

from fraudguard.api import metrics
from fraudguard.api.deps import Admin, ScorerDep
from fraudguard.api.schemas import Health

router = APIRouter(tags=["operations"])


@router.get("/healthz", response_model=Health)
def healthz() -> Health:
    """The process is up (the model may still be missing: see /readyz)."""
    return Health(status="ok")


@router.get("/readyz", response_model=Health)
def readyz(scorer: ScorerDep) -> Health:
    """The model is loaded and verified; 503 otherwise."""
    return Health(status="ready", model_version=scorer.version)


@router.get("/metrics", response_class=Response, responses={200: {"content": {"text/plain": {}}}})
def prometheus(_: Admin) -> Response:
    """Prometheus exposition (admin key: scrape with `authorization: credentials`)."""
    return Response(metrics.render(), media_type=metrics.CONTENT_TYPE)
