"""cocorev: account mapping for ecosystem-led selling.

Match your CRM accounts with your partners' account lists, classify each overlap by
stage, and turn it into one of four sales plays.
"""

from __future__ import annotations

from importlib.metadata import version as _version

from cocorev.errors import (
    CocorevError,
    ConfigError,
    InputError,
    LedgerError,
    LedgerIntegrityError,
    SchemaError,
    UnknownPartnerError,
    UnknownStageError,
)
from cocorev.models import (
    Account,
    AccountMap,
    AskStatus,
    Candidate,
    Match,
    MatchEvidence,
    Overlap,
    Owner,
    PartnerSummary,
    Play,
    PlayCall,
    Playbook,
    PlaybookCard,
    PlaybookEntry,
    Stage,
)
from cocorev.normalize import normalize_domain, normalize_name, parse_domains
from cocorev.plays import classify

__version__ = _version("cocorev")

__all__ = [
    "Account",
    "AccountMap",
    "AskStatus",
    "Candidate",
    "CocorevError",
    "ConfigError",
    "InputError",
    "LedgerError",
    "LedgerIntegrityError",
    "Match",
    "MatchEvidence",
    "Overlap",
    "Owner",
    "PartnerSummary",
    "Play",
    "PlayCall",
    "Playbook",
    "PlaybookCard",
    "PlaybookEntry",
    "SchemaError",
    "Stage",
    "UnknownPartnerError",
    "UnknownStageError",
    "__version__",
    "classify",
    "normalize_domain",
    "normalize_name",
    "parse_domains",
]
