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
from cocorev.io import (
    ColumnPreset,
    LoadIssue,
    LoadReport,
    LoadResult,
    read_account_map,
    read_accounts,
    read_accounts_jsonl,
    write_accounts_jsonl,
    write_results,
)
from cocorev.ledger import (
    Ask,
    CanAsk,
    Credit,
    CreditPolicy,
    EntryKind,
    GiveKind,
    Ledger,
    LedgerEntry,
    PartnerStanding,
)
from cocorev.match import AliasTable, MatchConfig, Matcher, MatchResult, match_accounts
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
    Playbook,
    PlaybookCard,
    PlaybookEntry,
    PlayCall,
    Stage,
)
from cocorev.normalize import normalize_domain, normalize_name, parse_domains
from cocorev.overlap import map_accounts
from cocorev.plays import classify
from cocorev.recommend import (
    CheckItem,
    Checklist,
    CheckStatus,
    PlayGuidance,
    Priority,
    Recommendation,
    guidance,
    recommend,
    self_check,
)
from cocorev.sharing import SharedView, SharingLevel
from cocorev.signals import Signal, SignalType, diff
from cocorev.snapshot import Snapshot, SnapshotStore
from cocorev.stages import StageMap

__version__ = _version("cocorev")

__all__ = [
    "Account",
    "AccountMap",
    "AliasTable",
    "Ask",
    "AskStatus",
    "CanAsk",
    "Candidate",
    "CheckItem",
    "CheckStatus",
    "Checklist",
    "CocorevError",
    "ColumnPreset",
    "ConfigError",
    "Credit",
    "CreditPolicy",
    "EntryKind",
    "GiveKind",
    "InputError",
    "Ledger",
    "LedgerEntry",
    "LedgerError",
    "LedgerIntegrityError",
    "LoadIssue",
    "LoadReport",
    "LoadResult",
    "Match",
    "MatchConfig",
    "MatchEvidence",
    "MatchResult",
    "Matcher",
    "Overlap",
    "Owner",
    "PartnerStanding",
    "PartnerSummary",
    "Play",
    "PlayCall",
    "PlayGuidance",
    "Playbook",
    "PlaybookCard",
    "PlaybookEntry",
    "Priority",
    "Recommendation",
    "SchemaError",
    "SharedView",
    "SharingLevel",
    "Signal",
    "SignalType",
    "Snapshot",
    "SnapshotStore",
    "Stage",
    "StageMap",
    "UnknownPartnerError",
    "UnknownStageError",
    "__version__",
    "classify",
    "diff",
    "guidance",
    "map_accounts",
    "match_accounts",
    "normalize_domain",
    "normalize_name",
    "parse_domains",
    "read_account_map",
    "read_accounts",
    "read_accounts_jsonl",
    "recommend",
    "self_check",
    "write_accounts_jsonl",
    "write_results",
]
