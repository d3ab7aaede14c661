"""Who owns a link: the popularity of its registered domain and whether anyone can publish there.

Popularity comes from a dated snapshot shipped in the package (data/popular_domains.txt: the
Majestic Million's top 15,000, CC BY 3.0). A popular domain vouches for its owner's own pages,
never for what users publish on it: a form on docs.google.com, a page on sites.google.com or an
IPFS gateway is judged like an unknown site, and a subdomain on a hosting platform
(`sbi-kyc.github.io`) is its own registrable name, so the platform's rank never reaches it.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from fraudguard.ingest.text import path_publishing_hosts
from fraudguard.ingest.url import UrlParts

POPULAR_TOP = 15_000  # ranks in the shipped snapshot


@lru_cache(maxsize=1)
def _ranks() -> dict[str, int]:
    text = resources.files("fraudguard").joinpath("data/popular_domains.txt").read_text("utf-8")
    domains = [line.strip() for line in text.splitlines() if line and not line.startswith("#")]
    return {d: i + 1 for i, d in enumerate(domains)}


def popularity_rank(parts: UrlParts) -> int | None:
    """Rank of the link's registered domain in the snapshot, or None when unranked (or when the
    host is one where users publish, so the rank says nothing about this page's author)."""
    if not parts.host or parts.is_ip or parts.hosted or publishing_path(parts):
        return None
    return _ranks().get(parts.registered_domain)


def publishing_path(parts: UrlParts) -> bool:
    """A host of a popular company where the path says who published: forms, shared files, IPFS."""
    hosts = path_publishing_hosts()
    return parts.host.removeprefix("www.") in hosts or parts.registered_domain in hosts


def user_published(parts: UrlParts) -> bool:
    """Anyone can publish at this link: a hosting platform's subdomain or a publishing path."""
    return parts.hosted or publishing_path(parts)
