"""Company-name and domain normalisation, with an offline domain parser.

FIRST VERSION: a thin stand-in, replaced by the full implementation (issue 3).

Example:
    >>> normalize_domain("https://www.Acme.co.uk/about")
    'acme.co.uk'
    >>> normalize_name("ACME Widgets, Inc.")
    'acme widgets'
"""

from __future__ import annotations

import functools
import re
import unicodedata

import tldextract
from attrs import field, frozen

from cocorev.models import _tuple

__all__ = [
    "FREE_MAIL_DOMAINS",
    "GENERIC_WORDS",
    "ParsedDomains",
    "brand_label",
    "distinctive_tokens",
    "is_free_mail",
    "name_tokens",
    "normalize_domain",
    "normalize_name",
    "parse_domains",
]

FREE_MAIL_DOMAINS: frozenset[str] = frozenset(
    {"gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "yahoo.com", "icloud.com"}
)


@frozen
class ParsedDomains:
    """The domain keys found in one website/domain field.

    Attributes:
        keys: Registered domains usable as identity evidence, in field order, no repeats.
        ignored: ``(value, reason)`` for each piece that is not identity evidence.
    """

    keys: tuple[str, ...] = field(converter=_tuple)
    ignored: tuple[tuple[str, str], ...] = field(default=(), converter=_tuple)


@functools.cache
def _extractor() -> tldextract.TLDExtract:
    return tldextract.TLDExtract(
        suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
    )


def is_free_mail(domain: str) -> bool:
    """Return whether ``domain`` is a free-mail or ISP domain (never identity evidence)."""
    return domain.lower() in FREE_MAIL_DOMAINS


@functools.lru_cache(maxsize=1 << 16)
def normalize_domain(value: str | None) -> str | None:
    """Return the registered domain of a bare domain, URL or e-mail address, or ``None``."""
    if not value or not value.strip():
        return None
    text = value.strip().lower()
    if "@" in text and "/" not in text:
        text = text.rsplit("@", 1)[1]
    result = _extractor()(text)
    key = result.top_domain_under_public_suffix
    return key or None


def parse_domains(
    value: str | None, *, free_mail: frozenset[str] | set[str] | None = None
) -> ParsedDomains:
    """Return every identity domain key in a website/domain field."""
    if not value:
        return ParsedDomains(keys=())
    keys: list[str] = []
    ignored: list[tuple[str, str]] = []
    for piece in re.split(r"[,;\s]+", value.strip()):
        if not piece:
            continue
        key = normalize_domain(piece)
        if key is None:
            ignored.append((piece, "no registered domain"))
        elif is_free_mail(key) or (free_mail and key in free_mail):
            ignored.append((key, "free-mail domain"))
        elif key not in keys:
            keys.append(key)
    return ParsedDomains(keys=keys, ignored=ignored)


def brand_label(key: str) -> str:
    """Return the registrable label of a domain key: ``acme`` for ``acme.co.uk``."""
    result = _extractor()(key)
    return result.domain


_LEGAL = {
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "llc",
    "ltd",
    "limited",
    "plc",
    "gmbh",
    "ag",
    "sa",
}


@functools.lru_cache(maxsize=1 << 16)
def normalize_name(value: str) -> str:
    """Return the comparison key of a company name."""
    text = unicodedata.normalize("NFKD", value)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("&", " and ")
    tokens = re.findall(r"\w+", text)
    while len(tokens) > 1 and tokens[-1] in _LEGAL:
        tokens.pop()
    return " ".join(tokens)


GENERIC_WORDS: frozenset[str] = frozenset(
    {
        "the",
        "of",
        "and",
        "group",
        "global",
        "solutions",
        "systems",
        "services",
        "holdings",
        "international",
        "technologies",
        "technology",
        "bank",
        "data",
        "enterprise",
        "partners",
    }
)


def name_tokens(key: str) -> tuple[str, ...]:
    """Return the words of a normalised name."""
    return tuple(key.split())


def distinctive_tokens(key: str) -> tuple[str, ...]:
    """Return the words of a normalised name that are not generic business words."""
    return tuple(t for t in key.split() if t not in GENERIC_WORDS)
