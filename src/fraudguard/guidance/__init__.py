"""Guidance after a verdict (what to do, where to report) and a ready-to-file complaint draft."""

from fraudguard.guidance.advice import advise, catalogue
from fraudguard.guidance.complaint import MAX_EXCERPT, complaint_draft

__all__ = ["MAX_EXCERPT", "advise", "catalogue", "complaint_draft"]
