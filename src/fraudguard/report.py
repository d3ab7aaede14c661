"""Report a message to the cyber cell: assess it again and store it as a case, with consent."""

from __future__ import annotations

from sqlalchemy.orm import Session

from fraudguard.assess import assess
from fraudguard.cases import service
from fraudguard.cases.schemas import CaseRead
from fraudguard.config import Limits
from fraudguard.errors import ConsentRequired
from fraudguard.schemas import Channel, Principal
from fraudguard.scoring import Scores


def report_message(
    *,
    session: Session,
    scorer: Scores,
    principal: Principal,
    content: str | bytes,
    channel: Channel = Channel.AUTO,
    consent: bool,
    note: str = "",
    language: str = "en",
    limits: Limits | None = None,
    budget: float | None = None,
) -> CaseRead:
    """The stored case for this message; the server's own verdict, never one sent by a client."""
    if not consent:  # before any work: nothing is stored without consent
        raise ConsentRequired(service.CONSENT_REQUIRED)
    assessment = assess(content, channel, scorer=scorer, limits=limits, language=language,
                        budget=budget)  # fmt: skip
    text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
    return service.report(
        session=session,
        assessment=assessment,
        content=text,
        principal=principal,
        consent=consent,
        note=note,
    )
