"""The whole cocorev exception tree.

Every error cocorev raises derives from :class:`CocorevError`, and each one also
subclasses the matching builtin, so ``except ValueError`` keeps working::

    CocorevError(Exception)
    ├── InputError(CocorevError, ValueError)      bad user data
    │   ├── SchemaError                           missing/duplicate columns, wrong shape
    │   └── UnknownStageError                     CRM stage with no mapping
    ├── ConfigError(CocorevError, ValueError)     bad thresholds, weights, stage maps
    └── LedgerError(CocorevError)
        ├── LedgerIntegrityError                  rewrite attempt, corrupt store
        └── UnknownPartnerError(LedgerError, LookupError)

This module imports nothing else from cocorev.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = [
    "CocorevError",
    "ConfigError",
    "InputError",
    "LedgerError",
    "LedgerIntegrityError",
    "SchemaError",
    "UnknownPartnerError",
    "UnknownStageError",
]


class CocorevError(Exception):
    """Base class of every error cocorev raises."""


class InputError(CocorevError, ValueError):
    """Bad user data: a file, row or field that cocorev cannot use.

    Attributes:
        file: The file the data came from, if any.
        row: The 1-based line number in that file, if known.
        column: The column or field name, if known.
        value: The offending value, if any.
        issues: The load issues behind the error: with ``strict=True``, reading
            stops at the first problem, so this holds that one issue.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        value: str | None = None,
        issues: Sequence[Any] = (),
    ) -> None:
        super().__init__(message)
        self.file = file
        self.row = row
        self.column = column
        self.value = value
        self.issues = tuple(issues)


class SchemaError(InputError):
    """Missing or duplicate columns, or data of the wrong shape."""


class UnknownStageError(InputError):
    """A CRM stage value that no stage mapping places."""


class ConfigError(CocorevError, ValueError):
    """Bad configuration: thresholds, weights or stage maps out of range."""


class LedgerError(CocorevError):
    """A give-to-get ledger operation failed."""


class LedgerIntegrityError(LedgerError):
    """An attempt to rewrite history, or a store that is not a valid ledger."""


class UnknownPartnerError(LedgerError, LookupError):
    """A partner the ledger has never heard of."""
