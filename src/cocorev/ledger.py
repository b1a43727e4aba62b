"""The give-to-get ledger: what we gave each partner, what we asked of them and got.

"Track what you've given. It helps when you need to make an ask later." The ledger is
the one place where cocorev keeps state. It is append-only: a correction is a new entry
that reverses an earlier one, and history is never rewritten.

* :meth:`Ledger.open` keeps the ledger in an SQLite file (WAL journal, one transaction
  per write, safe with several processes writing at once); :meth:`Ledger.memory` keeps
  it in memory, for notebooks and tests. Both sit behind the small :class:`LedgerStore`
  protocol, so another backend can slot in.
* Entries are gives (what we did for a partner), gets (what a partner did for us
  unasked), asks (what we asked of a partner) and their resolutions, and reversals.
* Answers: :meth:`Ledger.credit` (weighted gives minus weighted gets, a fulfilled ask
  counting as a get, optionally decaying with a half-life), responsiveness (fulfilled
  asks / asks, median time to fulfil), last touch, :meth:`Ledger.can_ask` and
  :meth:`Ledger.partners_to_give_to`.

Time: every timestamp is timezone-aware UTC. Naive datetimes are rejected with
:class:`~cocorev.errors.InputError` (cocorev never guesses a time zone); aware ones in
other zones are converted to UTC. Answers are "as of" ``now`` (default: the ledger's
clock): entries dated after ``now`` do not count yet. Reversals always apply.

A partner with no entries has zero credit: :meth:`Ledger.credit` and friends never
raise :class:`~cocorev.errors.UnknownPartnerError` (the CLI does, to catch typos).

Example:
    >>> from datetime import UTC, datetime
    >>> now = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
    >>> ledger = Ledger.memory(clock=lambda: now)
    >>> _ = ledger.give("Globex", "intro", account="A-17", note="CFO at Acme")
    >>> _ = ledger.give("Globex", "deal support")
    >>> ledger.credit("Globex").score
    5.0
    >>> ask = ledger.ask("Globex", "intel", account="A-17")
    >>> ledger.can_ask("Globex").ok  # one ask is pending already
    False
    >>> ledger.resolve(ask.id, "fulfilled").status
    <AskStatus.FULFILLED: 'fulfilled'>
    >>> ledger.credit("Globex").score
    4.0
"""

from __future__ import annotations

import contextlib
import enum
import errno
import json
import math
import os
import re
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Literal, Protocol, TextIO, TypeVar

from attrs import define, field, frozen

from cocorev import _ledger_sqlite as _sql
from cocorev.errors import ConfigError, InputError, LedgerError, LedgerIntegrityError
from cocorev.models import AskStatus

__all__ = [
    "DEFAULT_WEIGHTS",
    "FUTURE_TOLERANCE",
    "Ask",
    "Batch",
    "CanAsk",
    "Credit",
    "CreditPolicy",
    "EntryKind",
    "FlowTally",
    "GiveKind",
    "GiveTarget",
    "ImportReport",
    "Ledger",
    "LedgerEntry",
    "LedgerStore",
    "LedgerView",
    "MemoryLedgerStore",
    "PartnerStanding",
    "PartnerTally",
    "Responsiveness",
    "SqliteLedgerStore",
    "tally_entries",
]

_T = TypeVar("_T")

#: How far after "now" an entry may be dated (clock skew, time zones); later is refused.
FUTURE_TOLERANCE = timedelta(days=1)

_DAY = timedelta(days=1)
_LN2 = math.log(2.0)
_ID = re.compile(r"[0-9a-f]{32}")
_KIND_SEPARATORS = re.compile(r"[\s_\-]+")
_ONE_LINE_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f]")


class EntryKind(enum.StrEnum):
    """What a ledger entry records."""

    GIVE = "give"
    """Something we did for a partner."""
    GET = "get"
    """Something a partner did for us without being asked."""
    ASK = "ask"
    """Something we asked of a partner; pending until resolved."""
    RESOLVE = "resolve"
    """How an ask ended: fulfilled, declined or withdrawn."""
    REVERSAL = "reversal"
    """A correction: the entry it refers to no longer counts."""


class GiveKind(enum.StrEnum):
    """What was given, got or asked for.

    Strings are accepted case-insensitively, with spaces, hyphens or underscores:
    ``GiveKind("Deal support") is GiveKind("deal-support") is GiveKind.DEAL_SUPPORT``.
    """

    INTEL = "intel"
    INTRO = "intro"
    CONTEXT = "context"
    REFERENCE = "reference"
    DEAL_SUPPORT = "deal_support"
    CO_MARKETING = "co_marketing"
    OTHER = "other"

    @classmethod
    def _missing_(cls, value: object) -> GiveKind | None:
        if isinstance(value, str):
            key = _KIND_SEPARATORS.sub("_", value.strip().lower())
            for member in cls:
                if member.value == key:
                    return member
        return None

    @property
    def label(self) -> str:
        """The human label: ``"Deal support"``, ``"Co-marketing"``, ..."""
        return _KIND_LABELS[self]


_KIND_LABELS = {
    GiveKind.INTEL: "Intel",
    GiveKind.INTRO: "Intro",
    GiveKind.CONTEXT: "Context",
    GiveKind.REFERENCE: "Reference",
    GiveKind.DEAL_SUPPORT: "Deal support",
    GiveKind.CO_MARKETING: "Co-marketing",
    GiveKind.OTHER: "Other",
}

#: Default weight of each kind in credit: how much one typical entry of it counts.
DEFAULT_WEIGHTS: Mapping[GiveKind, float] = {
    GiveKind.INTEL: 1.0,
    GiveKind.INTRO: 2.0,
    GiveKind.CONTEXT: 1.0,
    GiveKind.REFERENCE: 2.0,
    GiveKind.DEAL_SUPPORT: 3.0,
    GiveKind.CO_MARKETING: 2.0,
    GiveKind.OTHER: 1.0,
}

# The largest weight of an entry or of a kind: a million typical entries. Larger ones are
# typing slips, and sums of them would overflow to infinity and NaN credit.
_MAX_WEIGHT = 1e6

# ---------------------------------------------------------------------------------------
# Validation of user values: each raises InputError naming the value and the fix.


def _give_kind(value: object) -> GiveKind:
    if isinstance(value, GiveKind):
        return value
    if isinstance(value, str):
        try:
            return GiveKind(value)
        except ValueError:
            pass
    known = ", ".join(kind.label.lower() for kind in GiveKind)
    msg = f"unknown kind {value!r}; use one of: {known}"
    raise InputError(msg, column="kind", value=str(value))


def _ask_status(value: object) -> AskStatus:
    status: AskStatus | None = None
    if isinstance(value, AskStatus):
        status = value
    elif isinstance(value, str):
        try:
            status = AskStatus(value.strip().lower())
        except ValueError:
            status = None
    if status is None:
        msg = f"unknown ask status {value!r}; resolve an ask as fulfilled, declined or withdrawn"
        raise InputError(msg, column="status", value=str(value))
    if status is AskStatus.PENDING:
        msg = (
            "cannot resolve an ask as 'pending': an ask is pending until it is resolved; "
            "pass fulfilled, declined or withdrawn"
        )
        raise InputError(msg, column="status", value="pending")
    return status


def _status_filter(value: object) -> AskStatus:
    if isinstance(value, str):
        try:
            return AskStatus(value.strip().lower())
        except ValueError:
            pass
    choices = ", ".join(status.value for status in AskStatus)
    msg = f"unknown ask status {value!r}; use one of: {choices}"
    raise InputError(msg, column="status", value=str(value))


def _finite(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        msg = f"{name} must be a finite number, got {value!r}"
        raise InputError(msg, column=name, value=repr(value))
    return float(value)


def _checked_text(value: object, name: str) -> str:
    if not isinstance(value, str):
        msg = f"{name} must be a string, got {type(value).__name__} {value!r}"
        raise InputError(msg, column=name, value=repr(value))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        msg = f"{name} {value!r} is not valid Unicode text; pass text that encodes to UTF-8"
        raise InputError(msg, column=name, value=repr(value)) from exc
    if "\x00" in value:
        msg = f"{name} {value!r} contains a NUL character; remove it"
        raise InputError(msg, column=name, value=repr(value))
    return value


def _partner(value: object) -> str:
    text = _checked_text(value, "partner").strip()
    if not text:
        msg = f"partner must be a non-empty name, got {value!r}; pass the partner's name"
        raise InputError(msg, column="partner", value=str(value))
    if _ONE_LINE_FORBIDDEN.search(text):
        msg = f"partner {text!r} contains a line break or control character; pass one line"
        raise InputError(msg, column="partner", value=text)
    return text


def _optional_text(value: object, name: str, *, one_line: bool) -> str | None:
    if value is None:
        return None
    text = _checked_text(value, name).strip()
    if not text:
        return None
    if one_line and _ONE_LINE_FORBIDDEN.search(text):
        msg = f"{name} {text!r} contains a line break or control character; pass one line"
        raise InputError(msg, column=name, value=text)
    return text


def _entry_id(value: object, name: str) -> str:
    if isinstance(value, str) and _ID.fullmatch(value.strip().lower()):
        return value.strip().lower()
    msg = f"{name} {value!r} is not a ledger entry id (32 hex digits, as ledger history shows)"
    raise InputError(msg, column=name, value=str(value))


def _weight(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        msg = f"weight must be a number, got {type(value).__name__} {value!r}"
        raise InputError(msg, column="weight", value=repr(value))
    weight = float(value)
    if not math.isfinite(weight) or weight < 0:
        msg = (
            f"weight must be a finite number >= 0, got {value!r}; to cancel an entry, "
            "reverse it instead of recording a negative one"
        )
        raise InputError(msg, column="weight", value=repr(value))
    if weight > _MAX_WEIGHT:
        msg = (
            f"weight must be at most {_MAX_WEIGHT:,.0f}, got {value!r}; a weight says how "
            "much an entry counts relative to a typical one of its kind (1)"
        )
        raise InputError(msg, column="weight", value=repr(value))
    return weight


def _utc(value: object, name: str) -> datetime:
    if not isinstance(value, datetime):
        msg = f"{name} must be a datetime, got {type(value).__name__} {value!r}"
        raise InputError(msg, column=name, value=repr(value))
    if value.tzinfo is None or value.utcoffset() is None:
        msg = (
            f"{name}={value.isoformat()} has no time zone; pass a timezone-aware datetime "
            "such as datetime(2025, 3, 1, tzinfo=UTC)"
        )
        raise InputError(msg, column=name, value=value.isoformat())
    return value.astimezone(UTC)


def _iso(value: datetime) -> str:
    """Format as fixed-width ISO-8601 UTC, so text order is time order."""
    v = value.astimezone(UTC)
    return (
        f"{v.year:04d}-{v.month:02d}-{v.day:02d}T{v.hour:02d}:{v.minute:02d}:"
        f"{v.second:02d}.{v.microsecond:06d}Z"
    )


def _parse_time(value: object, name: str) -> datetime:
    if not isinstance(value, str):
        msg = f"{name} must be an ISO-8601 time string, got {value!r}"
        raise InputError(msg, column=name, value=repr(value))
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        msg = f"{name} {value!r} is not an ISO-8601 time such as 2025-03-01T12:00:00Z"
        raise InputError(msg, column=name, value=value) from exc
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        msg = f"{name} {value!r} has no time zone; add Z for UTC or an offset such as +02:00"
        raise InputError(msg, column=name, value=value)
    return _utc(parsed, name)


def _not_in_future(when: datetime, now: datetime, name: str) -> None:
    if when > now + FUTURE_TOLERANCE:
        msg = (
            f"{name}={when.isoformat()} is more than {FUTURE_TOLERANCE.days} day after now "
            f"({now.isoformat()}); record entries when they happen, or fix the date"
        )
        raise InputError(msg, column=name, value=when.isoformat())


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _figure(value: float) -> str:
    """Format a credit figure with one decimal, never as ``-0.0``."""
    return f"{round(value, 1) + 0.0:.1f}"


# ---------------------------------------------------------------------------------------
# Value objects


@frozen(kw_only=True)
class LedgerEntry:
    """One line of the ledger. Entries are never changed or removed.

    Attributes:
        id: Unique id: 32 lowercase hex digits (a uuid4).
        entry_kind: What the entry records.
        partner: The partner's name, as in your partner lists.
        kind: What was given, got or asked for. Resolutions and reversals carry the
            kind of the entry they refer to.
        at: When it happened (UTC).
        recorded_at: When it was written to the ledger (UTC).
        weight: How much this give, get or ask counts relative to a typical one of its
            kind (1.0), from 0 to 1,000,000; resolutions and reversals have 1.0.
        account: Our account the entry is about, if any.
        note: Free text, if any.
        by: Who recorded or did it, if known.
        ref: For a resolution, the ask's id; for a reversal, the reversed entry's id.
        status: For a resolution, how the ask ended.
    """

    id: str
    entry_kind: EntryKind
    partner: str
    kind: GiveKind
    at: datetime
    recorded_at: datetime
    weight: float = 1.0
    account: str | None = None
    note: str | None = None
    by: str | None = None
    ref: str | None = None
    status: AskStatus | None = None

    def to_dict(self) -> dict[str, str | float | None]:
        """Return a JSON-safe dict: enums as values, times as ISO-8601 UTC strings."""
        return {
            "id": self.id,
            "entry_kind": self.entry_kind.value,
            "partner": self.partner,
            "kind": self.kind.value,
            "at": _iso(self.at),
            "recorded_at": _iso(self.recorded_at),
            "weight": self.weight,
            "account": self.account,
            "note": self.note,
            "by": self.by,
            "ref": self.ref,
            "status": None if self.status is None else self.status.value,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> LedgerEntry:
        """Build an entry from :meth:`to_dict` output, checking every field.

        Raises:
            InputError: A field is missing, unknown or invalid; the message names it.
        """
        known = set(_FIELDS)
        unknown = sorted(str(key) for key in data if key not in known)
        if unknown:
            msg = (
                f"unknown field {unknown[0]!r} in a ledger entry; fields are: {', '.join(_FIELDS)}"
            )
            raise InputError(msg, column=unknown[0])
        for name in ("id", "entry_kind", "partner", "kind", "at", "recorded_at"):
            if data.get(name) is None:
                msg = f"ledger entry field {name!r} is missing"
                raise InputError(msg, column=name)
        raw_kind = data["entry_kind"]
        try:
            entry_kind = EntryKind(str(raw_kind))
        except ValueError as exc:
            choices = ", ".join(kind.value for kind in EntryKind)
            msg = f"unknown entry_kind {raw_kind!r}; use one of: {choices}"
            raise InputError(msg, column="entry_kind", value=str(raw_kind)) from exc
        refers = entry_kind in (EntryKind.RESOLVE, EntryKind.REVERSAL)
        ref = data.get("ref")
        if refers != (ref is not None):
            need = "needs" if refers else "must not have"
            msg = f"a {entry_kind.value} entry {need} a 'ref' (the id of the entry it refers to)"
            raise InputError(msg, column="ref", value=str(ref))
        raw_status = data.get("status")
        if (entry_kind is EntryKind.RESOLVE) != (raw_status is not None):
            msg = "a 'status' is needed on resolve entries, and only on them"
            raise InputError(msg, column="status", value=str(raw_status))
        return cls(
            id=_entry_id(data["id"], "id"),
            entry_kind=entry_kind,
            partner=_partner(data["partner"]),
            kind=_give_kind(data["kind"]),
            at=_parse_time(data["at"], "at"),
            recorded_at=_parse_time(data["recorded_at"], "recorded_at"),
            weight=_weight(data.get("weight", 1.0)),
            account=_optional_text(data.get("account"), "account", one_line=True),
            note=_optional_text(data.get("note"), "note", one_line=False),
            by=_optional_text(data.get("by"), "by", one_line=True),
            ref=None if ref is None else _entry_id(ref, "ref"),
            status=None if raw_status is None else _ask_status(raw_status),
        )


_FIELDS = (
    "id",
    "entry_kind",
    "partner",
    "kind",
    "at",
    "recorded_at",
    "weight",
    "account",
    "note",
    "by",
    "ref",
    "status",
)


@frozen(kw_only=True)
class Ask:
    """An ask we made of a partner, with where it stands.

    Attributes:
        id: The ask entry's id; pass it to :meth:`Ledger.resolve`.
        partner: The partner asked.
        kind: What was asked for.
        at: When it was asked (UTC).
        status: Pending, or how it ended.
        weight: How much it counts when fulfilled, relative to a typical one (1.0), from
            0 to 1,000,000.
        account: Our account it is about, if any.
        note: Free text, if any.
        by: Who asked, if known.
        resolved_at: When it was resolved, if it was.
        resolution_id: The id of the resolving entry, if any.
    """

    id: str
    partner: str
    kind: GiveKind
    at: datetime
    status: AskStatus
    weight: float = 1.0
    account: str | None = None
    note: str | None = None
    by: str | None = None
    resolved_at: datetime | None = None
    resolution_id: str | None = None

    @property
    def is_pending(self) -> bool:
        """Whether the ask still waits for an answer."""
        return self.status is AskStatus.PENDING


def _ask_from(entry: LedgerEntry, resolution: LedgerEntry | None) -> Ask:
    return Ask(
        id=entry.id,
        partner=entry.partner,
        kind=entry.kind,
        at=entry.at,
        status=AskStatus.PENDING
        if resolution is None or resolution.status is None
        else resolution.status,
        weight=entry.weight,
        account=entry.account,
        note=entry.note,
        by=entry.by,
        resolved_at=None if resolution is None else resolution.at,
        resolution_id=None if resolution is None else resolution.id,
    )


def _policy_weights(
    value: Mapping[GiveKind, float] | Mapping[str, float] | None,
) -> tuple[tuple[GiveKind, float], ...]:
    merged = dict(DEFAULT_WEIGHTS)
    for key, raw in (value or {}).items():
        try:
            kind = _give_kind(key)
        except InputError as exc:
            msg = f"CreditPolicy weights: {exc}"
            raise ConfigError(msg) from exc
        if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
            msg = (
                f"CreditPolicy weights: weight of {kind.value!r} must be a finite number, "
                f"got {raw!r}"
            )
            raise ConfigError(msg)
        if raw < 0:
            msg = (
                f"CreditPolicy weights: weight of {kind.value!r} must be >= 0, got {raw!r}; "
                "a kind that should not count gets 0"
            )
            raise ConfigError(msg)
        if raw > _MAX_WEIGHT:
            msg = (
                f"CreditPolicy weights: weight of {kind.value!r} must be at most "
                f"{_MAX_WEIGHT:,.0f}, got {raw!r}"
            )
            raise ConfigError(msg)
        merged[kind] = float(raw)
    return tuple((kind, merged[kind]) for kind in GiveKind)


def _check_half_life(_instance: object, _attribute: object, value: float | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        msg = f"CreditPolicy half_life_days must be a number of days or None, got {value!r}"
        raise ConfigError(msg)
    if not math.isfinite(value) or value <= 0:
        msg = f"CreditPolicy half_life_days must be > 0 (or None for no decay), got {value!r}"
        raise ConfigError(msg)


def _check_min_credit(_instance: object, _attribute: object, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        msg = f"CreditPolicy min_credit must be a finite number, got {value!r}"
        raise ConfigError(msg)


def _check_max_pending(_instance: object, _attribute: object, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        msg = f"CreditPolicy max_pending_asks must be an integer >= 1, got {value!r}"
        raise ConfigError(msg)


@frozen(kw_only=True)
class CreditPolicy:
    """How credit is counted and when an ask is reasonable.

    Attributes:
        weights: Weight of each kind, as ``(kind, weight)`` pairs in :class:`GiveKind`
            order. Pass a mapping; kinds left out keep their :data:`DEFAULT_WEIGHTS`.
        half_life_days: With a number, an entry's weight halves every that many days
            of age; ``None`` (the default): no decay.
        min_credit: Credit needed before an ask is reasonable.
        max_pending_asks: Pending asks allowed with one partner; at that many, wait.

    Raises:
        ConfigError: A weight is negative, not finite or above 1,000,000, a kind is unknown, the
            half-life is not > 0, or ``max_pending_asks`` < 1.

    Example:
        >>> CreditPolicy(weights={"deal support": 5}).weight("deal-support")
        5.0
    """

    weights: tuple[tuple[GiveKind, float], ...] = field(default=None, converter=_policy_weights)
    half_life_days: float | None = field(default=None, validator=_check_half_life)
    min_credit: float = field(default=1.0, validator=_check_min_credit)
    max_pending_asks: int = field(default=1, validator=_check_max_pending)

    def weight(self, kind: GiveKind | str) -> float:
        """Return the weight of ``kind``."""
        wanted = _give_kind(kind)
        for member, weight in self.weights:
            if member is wanted:
                return weight
        return DEFAULT_WEIGHTS[wanted]  # pragma: no cover - weights hold every kind

    def can_ask(self, standing: PartnerStanding) -> CanAsk:
        """Judge whether an ask is reasonable for a partner in ``standing``.

        It is when credit reaches ``min_credit`` and fewer than ``max_pending_asks``
        asks are pending. The reason says which rule failed and what to do.
        """
        name = standing.partner
        score = standing.score
        pending = standing.pending_asks
        problems = []
        if not math.isfinite(score):
            problems.append(
                f"Credit with {name} is not a finite number ({score!r}), so not enough to "
                "ask; check its entries for weights too large to add up."
            )
        elif score < self.min_credit:
            problems.append(
                f"Not enough credit with {name} to ask: {_figure(score)} "
                f"({_figure(self.min_credit)} needed). Give first: run Build Partnerships."
            )
        if pending >= self.max_pending_asks:
            problems.append(
                f"{name} has {_plural(pending, 'pending ask')} (at most "
                f"{self.max_pending_asks} at a time). Wait for an answer or withdraw one."
            )
        if problems:
            reason = " ".join(problems)
        else:
            waiting = "no ask pending" if pending == 0 else f"{_plural(pending, 'ask')} pending"
            reason = (
                f"Enough credit with {name} to ask: {_figure(score)} "
                f"({_figure(self.min_credit)} needed), {waiting}."
            )
        responsiveness = standing.responsiveness
        rate = responsiveness.rate
        if rate is not None:
            counted = responsiveness.asks - responsiveness.withdrawn
            reason += f" {name} fulfilled {responsiveness.fulfilled} of {_plural(counted, 'ask')}"
            reason += f" ({pending} pending)." if pending else "."
        return CanAsk(
            partner=name,
            ok=not problems,
            reason=reason,
            credit=score,
            needed=self.min_credit,
            pending_asks=pending,
            responsiveness=rate,
            standing=standing,
        )


Flow = Literal["give", "get", "fulfilled"]


@frozen(kw_only=True)
class FlowTally:
    """Sums over one partner's live entries of one flow and kind (a store's answer).

    Attributes:
        flow: ``"give"``, ``"get"`` (unasked), or ``"fulfilled"`` (asks fulfilled).
        kind: The kind.
        count: Number of entries.
        weight: Sum of entry weight times decay (1.0 without a half-life); a fulfilled
            ask decays from the time it was fulfilled.
    """

    flow: Flow
    kind: GiveKind
    count: int
    weight: float


def _flow_tuple(value: Iterable[FlowTally]) -> tuple[FlowTally, ...]:
    return tuple(value)


def _timedelta_tuple(value: Iterable[timedelta]) -> tuple[timedelta, ...]:
    return tuple(value)


@frozen(kw_only=True)
class PartnerTally:
    """What a store reports about one partner, as of a time (see :meth:`LedgerStore.tally`).

    Live entries are those not reversed and dated at or before ``now``; an ask is
    pending unless a live resolution of it exists.

    Attributes:
        partner: The partner.
        flows: Give, get and fulfilled sums, ordered by flow then kind.
        asks: Live asks, whatever their status.
        fulfilled: Asks fulfilled.
        declined: Asks declined.
        withdrawn: Asks withdrawn.
        fulfil_times: Time from ask to fulfilment, one per fulfilled ask, shortest first.
        last_touch: The latest time of any live entry.
    """

    partner: str
    flows: tuple[FlowTally, ...] = field(converter=_flow_tuple)
    asks: int = 0
    fulfilled: int = 0
    declined: int = 0
    withdrawn: int = 0
    fulfil_times: tuple[timedelta, ...] = field(default=(), converter=_timedelta_tuple)
    last_touch: datetime | None = None

    @property
    def pending(self) -> int:
        """Asks not resolved yet."""
        return self.asks - self.fulfilled - self.declined - self.withdrawn


@frozen(kw_only=True)
class Credit:
    """How much credit we have with a partner.

    Attributes:
        partner: The partner.
        score: ``given - received``: positive when we have given more than we got.
        given: Weighted gives.
        received: Weighted gets plus weighted fulfilled asks.
        gives: Number of gives counted.
        gets: Number of unasked gets counted.
        fulfilled_asks: Number of fulfilled asks counted (each a get received).
    """

    partner: str
    score: float = 0.0
    given: float = 0.0
    received: float = 0.0
    gives: int = 0
    gets: int = 0
    fulfilled_asks: int = 0


@frozen(kw_only=True)
class Responsiveness:
    """How a partner answers our asks.

    Attributes:
        asks: Asks made (any status).
        fulfilled: Asks fulfilled.
        declined: Asks declined.
        withdrawn: Asks we withdrew.
        pending: Asks waiting for an answer.
        median_time_to_fulfil: Median time from ask to fulfilment; ``None`` before the
            first fulfilled ask.
    """

    asks: int = 0
    fulfilled: int = 0
    declined: int = 0
    withdrawn: int = 0
    pending: int = 0
    median_time_to_fulfil: timedelta | None = None

    @property
    def rate(self) -> float | None:
        """Fulfilled asks / asks, withdrawn asks left out (we took those back).

        Pending asks count as not fulfilled yet. ``None`` when there is no such ask.
        """
        counted = self.asks - self.withdrawn
        return None if counted == 0 else self.fulfilled / counted


@frozen(kw_only=True)
class PartnerStanding:
    """Everything the ledger knows about one partner, as of a time.

    Attributes:
        partner: The partner.
        credit: Credit with the partner.
        responsiveness: How the partner answers our asks.
        last_touch: The latest entry of any kind with the partner, if any.
    """

    partner: str
    credit: Credit
    responsiveness: Responsiveness
    last_touch: datetime | None = None

    @property
    def score(self) -> float:
        """The credit score (for ranking)."""
        return self.credit.score

    @property
    def pending_asks(self) -> int:
        """Asks waiting for an answer."""
        return self.responsiveness.pending


@frozen(kw_only=True)
class CanAsk:
    """Whether an ask of a partner is reasonable now, and why.

    Attributes:
        partner: The partner.
        ok: ``True`` when credit reaches the policy's ``min_credit`` and fewer than
            ``max_pending_asks`` asks are pending.
        reason: One or two sentences a rep can read.
        credit: The credit score.
        needed: The credit needed (the policy's ``min_credit``).
        pending_asks: Asks waiting for an answer.
        responsiveness: Fulfilled asks / asks, or ``None`` without asks.
        standing: All the figures.
    """

    partner: str
    ok: bool
    reason: str
    credit: float
    needed: float
    pending_asks: int
    responsiveness: float | None
    standing: PartnerStanding


@frozen(kw_only=True)
class GiveTarget:
    """A partner worth giving to now (see :meth:`Ledger.partners_to_give_to`).

    Attributes:
        partner: The partner.
        overlaps: Overlapping accounts with the partner (0 when not given).
        pending_asks: Our asks waiting for the partner's answer.
        credit: Credit with the partner.
        reason: Why, in one line.
    """

    partner: str
    overlaps: int
    pending_asks: int
    credit: float
    reason: str


@frozen(kw_only=True)
class ImportReport:
    """What :meth:`Ledger.import_jsonl` did.

    Attributes:
        added: Entries written.
        skipped: Entries already in the ledger, identical, so left alone.
    """

    added: int
    skipped: int


# ---------------------------------------------------------------------------------------
# Storage protocol and the rules every write obeys


class LedgerView(Protocol):
    """Read access a write sees while it holds the store's write lock."""

    def lookup(self, entry_id: str) -> LedgerEntry | None:
        """Return the entry with ``entry_id``, or ``None``."""

    def referring(self, entry_id: str) -> tuple[LedgerEntry, ...]:
        """Return the entries whose ``ref`` is ``entry_id``, in append order."""


class LedgerStore(LedgerView, Protocol):
    """Where a :class:`Ledger` keeps its entries.

    A store appends entries and answers a few questions about them; the ledger's rules
    and answers are built on top. To add a backend (say, a server database), implement
    these methods; :class:`MemoryLedgerStore` is the reference.
    """

    def write(
        self, prepare: Callable[[LedgerView], Sequence[LedgerEntry]]
    ) -> tuple[LedgerEntry, ...]:
        """Append the entries ``prepare`` returns, atomically, under the write lock.

        ``prepare`` is called with a view of the current entries while the store holds
        its write lock, so its checks hold when the entries are written. If it raises,
        nothing is written. A store may call it more than once (retrying after
        contention), so it must not have side effects. The store refuses, with
        :class:`~cocorev.errors.LedgerIntegrityError` and writing nothing, any entry
        whose id is already stored.

        Returns:
            The entries written.
        """

    def entries(self, *, partner: str | None = None) -> tuple[LedgerEntry, ...]:
        """Return every entry (of one partner), in append order."""

    def partners(self) -> tuple[str, ...]:
        """Return every partner with at least one entry, sorted."""

    def tally(
        self, *, now: datetime, half_life_days: float | None, partner: str | None = None
    ) -> tuple[PartnerTally, ...]:
        """Sum the live entries as of ``now``, per partner, sorted by partner.

        Partners without live entries are left out. See :class:`PartnerTally` for the
        sums; the decay of an entry ``age`` days old is ``0.5 ** (age / half_life_days)``.
        """

    def close(self) -> None:
        """Release the store's resources; later calls raise :class:`LedgerError`."""


def _reversal_of(entry_id: str, view: LedgerView) -> LedgerEntry | None:
    for other in view.referring(entry_id):
        if other.entry_kind is EntryKind.REVERSAL:
            return other
    return None


def _resolution_of(ask_id: str, view: LedgerView) -> LedgerEntry | None:
    for other in view.referring(ask_id):
        if other.entry_kind is EntryKind.RESOLVE and _reversal_of(other.id, view) is None:
            return other
    return None


def _target(entry_id: str, view: LedgerView, what: str) -> LedgerEntry:
    """Return the entry a library call names by id; the message names the public API."""
    target = view.lookup(entry_id)
    if target is None:
        hint = "Ledger.asks()" if what == "ask" else "Ledger.entries()"
        msg = f"no {what} with id {entry_id!r} in this ledger; list ids with {hint}"
        raise LedgerError(msg)
    return target


def _check_refs(entry: LedgerEntry, view: LedgerView) -> None:
    """Check an entry against the ledger it joins (raises without writing anything).

    Id uniqueness is the store's to enforce (see :meth:`LedgerStore.write`).
    """
    if entry.ref is None:
        return
    what = "ask" if entry.entry_kind is EntryKind.RESOLVE else "entry"
    target = view.lookup(entry.ref)
    if target is None:
        msg = (
            f"{entry.entry_kind.value} {entry.id} refers to {what} {entry.ref}, which the "
            f"ledger does not hold: an entry must come after the {what} it refers to"
        )
        raise LedgerError(msg)
    if entry.entry_kind is EntryKind.RESOLVE:
        if target.entry_kind is not EntryKind.ASK:
            msg = (
                f"entry {target.id} is a {target.entry_kind.value}, not an ask; "
                "only asks are resolved"
            )
            raise LedgerError(msg)
        reversal = _reversal_of(target.id, view)
        if reversal is not None:
            msg = f"ask {target.id} was reversed by entry {reversal.id}; it cannot be resolved"
            raise LedgerError(msg)
        done = _resolution_of(target.id, view)
        if done is not None and done.status is not None:
            msg = (
                f"ask {target.id} was already resolved as {done.status.value} on "
                f"{_iso(done.at)}; an ask is resolved once. To correct it, reverse the "
                f"resolution {done.id} first"
            )
            raise LedgerIntegrityError(msg)
    else:
        if target.entry_kind is EntryKind.REVERSAL:
            msg = (
                f"entry {target.id} is itself a reversal, and a reversal cannot be reversed; "
                "record the original entry again instead"
            )
            raise LedgerIntegrityError(msg)
        reversal = _reversal_of(target.id, view)
        if reversal is not None:
            msg = f"entry {target.id} was already reversed by entry {reversal.id}"
            raise LedgerIntegrityError(msg)
    if entry.partner != target.partner or entry.kind is not target.kind:
        msg = (
            f"{entry.entry_kind.value} {entry.id} names partner {entry.partner!r} and kind "
            f"{entry.kind.value!r}, but entry {target.id} is {target.partner!r}, "
            f"{target.kind.value!r}"
        )
        raise LedgerIntegrityError(msg)
    if entry.at < target.at:
        msg = (
            f"a {entry.entry_kind.value} at {_iso(entry.at)} cannot come before the "
            f"{target.entry_kind.value} it refers to ({_iso(target.at)}); fix the date"
        )
        raise InputError(msg, column="at", value=_iso(entry.at))


@define
class _Overlay:
    """A view of the store plus the entries already accepted in this write."""

    base: LedgerView
    added: list[LedgerEntry] = field(factory=list)
    by_id: dict[str, LedgerEntry] = field(factory=dict)
    by_ref: dict[str, list[LedgerEntry]] = field(factory=dict)

    def lookup(self, entry_id: str) -> LedgerEntry | None:
        found = self.by_id.get(entry_id)
        return found if found is not None else self.base.lookup(entry_id)

    def referring(self, entry_id: str) -> tuple[LedgerEntry, ...]:
        return (*self.base.referring(entry_id), *self.by_ref.get(entry_id, ()))

    def add(self, entry: LedgerEntry) -> None:
        if entry.id in self.by_id:
            msg = f"entry {entry.id} appears twice in one write; entries are never rewritten"
            raise LedgerIntegrityError(msg)
        _check_refs(entry, self)
        self.added.append(entry)
        self.by_id[entry.id] = entry
        if entry.ref is not None:
            self.by_ref.setdefault(entry.ref, []).append(entry)


# An intent turns into an entry once the write lock is held (None: nothing to write).
_Intent = Callable[[LedgerView], "LedgerEntry | None"]


def _move_new(source: Path, path: Path) -> None:
    """Move ``source`` to ``path``, refusing (``FileExistsError``) a path that exists."""
    try:
        os.link(source, path)
    except FileExistsError:
        raise
    except OSError:
        # No hard links on this file system: check, then rename.
        if path.exists() or path.is_symlink():
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from None
        source.replace(path)


def _fixed(entry: LedgerEntry) -> _Intent:
    """Return an intent that writes ``entry`` as it is."""

    def build(_view: LedgerView) -> LedgerEntry:
        return entry

    return build


def _decay_factor(half_life_days: float | None) -> float:
    return 0.0 if half_life_days is None else -_LN2 / half_life_days


@define
class _Sums:
    flows: dict[tuple[Flow, GiveKind], list[float]] = field(factory=dict)
    asks: dict[AskStatus, int] = field(factory=dict)
    times: list[timedelta] = field(factory=list)
    last: datetime | None = None

    def flow(self, flow: Flow, kind: GiveKind, count: int, weight: float) -> None:
        sums = self.flows.setdefault((flow, kind), [0, 0.0])
        sums[0] += count
        sums[1] += weight

    def touch(self, at: datetime) -> None:
        if self.last is None or at > self.last:
            self.last = at

    def tally(self, partner: str) -> PartnerTally:
        flows = sorted(
            self.flows.items(), key=lambda item: (item[0][0], list(GiveKind).index(item[0][1]))
        )
        return PartnerTally(
            partner=partner,
            flows=[
                FlowTally(flow=flow, kind=kind, count=int(count), weight=weight)
                for (flow, kind), (count, weight) in flows
            ],
            asks=sum(self.asks.values()),
            fulfilled=self.asks.get(AskStatus.FULFILLED, 0),
            declined=self.asks.get(AskStatus.DECLINED, 0),
            withdrawn=self.asks.get(AskStatus.WITHDRAWN, 0),
            fulfil_times=sorted(self.times),
            last_touch=self.last,
        )


def tally_entries(
    entries: Iterable[LedgerEntry],
    *,
    now: datetime,
    half_life_days: float | None,
    partner: str | None = None,
) -> tuple[PartnerTally, ...]:
    """Compute :meth:`LedgerStore.tally` in Python over any entries (for stores in memory)."""
    every = list(entries)
    reversed_ids = {e.ref for e in every if e.entry_kind is EntryKind.REVERSAL}
    live = [
        e
        for e in every
        if e.entry_kind is not EntryKind.REVERSAL
        and e.id not in reversed_ids
        and e.at <= now
        and (partner is None or e.partner == partner)
    ]
    resolutions = {e.ref: e for e in live if e.entry_kind is EntryKind.RESOLVE}
    k = _decay_factor(half_life_days)

    def decay(at: datetime) -> float:
        return 1.0 if half_life_days is None else math.exp(k * ((now - at) / _DAY))

    sums: dict[str, _Sums] = {}
    for e in live:
        acc = sums.setdefault(e.partner, _Sums())
        acc.touch(e.at)
        if e.entry_kind is EntryKind.GIVE or e.entry_kind is EntryKind.GET:
            flow: Flow = "give" if e.entry_kind is EntryKind.GIVE else "get"
            acc.flow(flow, e.kind, 1, e.weight * decay(e.at))
        elif e.entry_kind is EntryKind.ASK:
            resolution = resolutions.get(e.id)
            status = (
                AskStatus.PENDING
                if resolution is None or resolution.status is None
                else resolution.status
            )
            acc.asks[status] = acc.asks.get(status, 0) + 1
            if resolution is not None and status is AskStatus.FULFILLED:
                acc.flow("fulfilled", e.kind, 1, e.weight * decay(resolution.at))
                acc.times.append(resolution.at - e.at)
    return tuple(sums[name].tally(name) for name in sorted(sums))


# ---------------------------------------------------------------------------------------
# Stores


def _closed() -> LedgerError:
    return LedgerError("this ledger is closed; open it again")


@define
class MemoryLedgerStore:
    """A store in memory: for notebooks, tests, and as the reference implementation.

    Thread-safe; lost when the process ends.
    """

    _entries: list[LedgerEntry] = field(factory=list, init=False)
    _by_id: dict[str, LedgerEntry] = field(factory=dict, init=False)
    _by_ref: dict[str, list[LedgerEntry]] = field(factory=dict, init=False)
    _lock: threading.RLock = field(factory=threading.RLock, init=False)
    _closed: bool = field(default=False, init=False)

    def _open(self) -> None:
        if self._closed:
            raise _closed()

    def lookup(self, entry_id: str) -> LedgerEntry | None:
        """Return the entry with ``entry_id``, or ``None``."""
        with self._lock:
            self._open()
            return self._by_id.get(entry_id)

    def referring(self, entry_id: str) -> tuple[LedgerEntry, ...]:
        """Return the entries whose ``ref`` is ``entry_id``, in append order."""
        with self._lock:
            self._open()
            return tuple(self._by_ref.get(entry_id, ()))

    def write(
        self, prepare: Callable[[LedgerView], Sequence[LedgerEntry]]
    ) -> tuple[LedgerEntry, ...]:
        """Append what ``prepare`` returns, all or nothing (see :class:`LedgerStore`)."""
        with self._lock:
            self._open()
            new = tuple(prepare(self))
            if len({e.id for e in new}) != len(new) or any(e.id in self._by_id for e in new):
                msg = "an entry with that id is already in the ledger; entries are never rewritten"
                raise LedgerIntegrityError(msg)
            for entry in new:
                self._entries.append(entry)
                self._by_id[entry.id] = entry
                if entry.ref is not None:
                    self._by_ref.setdefault(entry.ref, []).append(entry)
            return new

    def entries(self, *, partner: str | None = None) -> tuple[LedgerEntry, ...]:
        """Return every entry (of one partner), in append order."""
        with self._lock:
            self._open()
            return tuple(e for e in self._entries if partner is None or e.partner == partner)

    def partners(self) -> tuple[str, ...]:
        """Return every partner with at least one entry, sorted."""
        with self._lock:
            self._open()
            return tuple(sorted({e.partner for e in self._entries}))

    def tally(
        self, *, now: datetime, half_life_days: float | None, partner: str | None = None
    ) -> tuple[PartnerTally, ...]:
        """Sum the live entries as of ``now`` (see :class:`LedgerStore`)."""
        with self._lock:
            self._open()
            entries = tuple(self._entries)
        return tally_entries(entries, now=now, half_life_days=half_life_days, partner=partner)

    def close(self) -> None:
        """Mark the store closed; the entries are dropped."""
        with self._lock:
            self._closed = True
            self._entries.clear()
            self._by_id.clear()
            self._by_ref.clear()


_SELECT = f"SELECT {', '.join(_sql.COLUMNS)} FROM {_sql.ENTRIES_TABLE}"
_INSERT = (
    f"INSERT INTO {_sql.ENTRIES_TABLE} ({', '.join(_sql.COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in _sql.COLUMNS)})"
)
_TABLE = _sql.ENTRIES_TABLE
# Entries that a reversal cancelled (SQLite builds this list once per statement).
_REVERSED = f"(SELECT ref FROM {_TABLE} WHERE entry_kind = 'reversal')"
_FLOWS = f"""
SELECT partner, entry_kind, kind, COUNT(*), SUM(weight * {{decay}}), MAX(at)
FROM {_TABLE}
WHERE entry_kind IN ('give', 'get', 'ask', 'resolve') {{partner}}
  AND at <= :now AND id NOT IN {_REVERSED}
GROUP BY entry_kind, partner, kind
"""
_ASKS = f"""
SELECT a.partner, a.kind, COALESCE(r.status, 'pending'), COUNT(*),
       SUM(CASE WHEN r.status = 'fulfilled' THEN a.weight * {{decay}} ELSE 0.0 END)
FROM {_TABLE} AS a
LEFT JOIN {_TABLE} AS r
  ON r.entry_kind = 'resolve' AND r.ref = a.id AND r.at <= :now AND r.id NOT IN {_REVERSED}
WHERE a.entry_kind = 'ask' {{partner}} AND a.at <= :now AND a.id NOT IN {_REVERSED}
GROUP BY a.partner, a.kind, COALESCE(r.status, 'pending')
"""
# For one partner, {join} is CROSS JOIN: it keeps that partner's few asks as the outer
# loop. For all partners, SQLite rightly starts from the (fewer) resolutions.
_FULFIL_TIMES = f"""
SELECT a.partner, a.at, r.at
FROM {_TABLE} AS a
{{join}} {_TABLE} AS r
  ON r.entry_kind = 'resolve' AND r.ref = a.id AND r.at <= :now AND r.id NOT IN {_REVERSED}
WHERE a.entry_kind = 'ask' {{partner}} AND a.at <= :now AND a.id NOT IN {_REVERSED}
  AND r.status = 'fulfilled'
"""


# Skip from one partner to the next along the partner index: one seek per partner
# instead of a scan of every entry.
_PARTNERS = f"""
WITH RECURSIVE names(name) AS (
    SELECT MIN(partner) FROM {_TABLE}
    UNION ALL
    SELECT (SELECT MIN(partner) FROM {_TABLE} WHERE partner > names.name)
    FROM names WHERE names.name IS NOT NULL
)
SELECT name FROM names WHERE name IS NOT NULL
"""


def _row_to_entry(row: Sequence[object]) -> LedgerEntry:
    (id_, entry_kind, partner, kind, weight, status, ref, account, note, who, at, recorded) = row
    return LedgerEntry(
        id=str(id_),
        entry_kind=EntryKind(str(entry_kind)),
        partner=str(partner),
        kind=GiveKind(str(kind)),
        at=datetime.fromisoformat(str(at)),
        recorded_at=datetime.fromisoformat(str(recorded)),
        weight=float(weight),  # type: ignore[arg-type]
        account=None if account is None else str(account),
        note=None if note is None else str(note),
        by=None if who is None else str(who),
        ref=None if ref is None else str(ref),
        status=None if status is None else AskStatus(str(status)),
    )


def _entry_to_row(entry: LedgerEntry) -> tuple[object, ...]:
    return (
        entry.id,
        entry.entry_kind.value,
        entry.partner,
        entry.kind.value,
        entry.weight,
        None if entry.status is None else entry.status.value,
        entry.ref,
        entry.account,
        entry.note,
        entry.by,
        _iso(entry.at),
        _iso(entry.recorded_at),
    )


@define
class _SqliteView:
    conn: sqlite3.Connection

    def lookup(self, entry_id: str) -> LedgerEntry | None:
        row = self.conn.execute(f"{_SELECT} WHERE id = ?", (entry_id,)).fetchone()
        return None if row is None else _row_to_entry(row)

    def referring(self, entry_id: str) -> tuple[LedgerEntry, ...]:
        rows = self.conn.execute(f"{_SELECT} WHERE ref = ? ORDER BY seq", (entry_id,))
        return tuple(_row_to_entry(row) for row in rows)


@define
class SqliteLedgerStore:
    """The embedded default: an SQLite file, safe with many processes writing at once.

    The file is opened in WAL mode with ``synchronous = FULL`` by default (a committed
    entry survives a crash or power loss) and a busy timeout; each write is one
    ``BEGIN IMMEDIATE`` transaction, retried while another process holds the lock.
    One store is safe to share between threads; after ``fork()``, open a new one.

    Args:
        path: The ledger file.
        timeout: Seconds to wait for other writers before giving up.
        create: Create the file if it is missing; with ``False``, a missing file raises.
        synchronous: ``"full"`` or ``"normal"``, as in :meth:`Ledger.open`.

    Raises:
        LedgerIntegrityError: The file is not a ledger (a text file, another binary
            file, an SQLite database with other tables) or was written by a newer cocorev.
        LedgerError: The file cannot be opened or created.
    """

    path: Path = field(converter=Path)
    timeout: float = field(default=30.0, kw_only=True)
    create: bool = field(default=True, kw_only=True)
    synchronous: _sql.Synchronous = field(default="full", kw_only=True)
    _conn: sqlite3.Connection | None = field(default=None, init=False)
    _lock: threading.RLock = field(factory=threading.RLock, init=False)
    _pid: int = field(factory=os.getpid, init=False)

    def __attrs_post_init__(self) -> None:
        self._conn = _sql.connect(
            self.path,
            timeout=self.timeout,
            create=self.create,
            applied_at=_iso(datetime.now(UTC)),
            synchronous=self.synchronous,
        )

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise _closed()
        if os.getpid() != self._pid:
            msg = (
                f"this ledger was opened in process {self._pid}; after fork(), open a new "
                "Ledger in the child process"
            )
            raise LedgerError(msg)
        return self._conn

    def _read(self, body: Callable[[sqlite3.Connection], _T]) -> _T:
        with self._lock:
            return _sql.read_transaction(
                self._connection(), body, path=str(self.path), timeout=self.timeout
            )

    def lookup(self, entry_id: str) -> LedgerEntry | None:
        """Return the entry with ``entry_id``, or ``None``."""
        return self._read(lambda c: _SqliteView(c).lookup(entry_id))

    def referring(self, entry_id: str) -> tuple[LedgerEntry, ...]:
        """Return the entries whose ``ref`` is ``entry_id``, in append order."""
        return self._read(lambda c: _SqliteView(c).referring(entry_id))

    def write(
        self, prepare: Callable[[LedgerView], Sequence[LedgerEntry]]
    ) -> tuple[LedgerEntry, ...]:
        """Append what ``prepare`` returns in one transaction (see :class:`LedgerStore`)."""

        def body(conn: sqlite3.Connection) -> tuple[LedgerEntry, ...]:
            new = tuple(prepare(_SqliteView(conn)))
            conn.executemany(_INSERT, [_entry_to_row(e) for e in new])
            return new

        with self._lock:
            return _sql.write_transaction(
                self._connection(), body, path=str(self.path), timeout=self.timeout
            )

    def entries(self, *, partner: str | None = None) -> tuple[LedgerEntry, ...]:
        """Return every entry (of one partner), in append order."""
        params: tuple[str, ...] = ()
        if partner is None:
            sql = f"{_SELECT} ORDER BY seq"
        else:
            sql, params = f"{_SELECT} WHERE partner = ? ORDER BY seq", (partner,)
        return self._read(lambda c: tuple(_row_to_entry(r) for r in c.execute(sql, params)))

    def partners(self) -> tuple[str, ...]:
        """Return every partner with at least one entry, sorted."""
        return self._read(lambda c: tuple(str(row[0]) for row in c.execute(_PARTNERS)))

    def tally(
        self, *, now: datetime, half_life_days: float | None, partner: str | None = None
    ) -> tuple[PartnerTally, ...]:
        """Sum the live entries as of ``now`` in SQL (see :class:`LedgerStore`)."""
        params: dict[str, object] = {
            "now": _iso(now),
            "partner": partner,
            "k": _decay_factor(half_life_days),
        }

        def decay(column: str) -> str:
            if half_life_days is None:
                return "1.0"
            return f"exp(:k * (julianday(:now) - julianday({column})))"

        mine = "" if partner is None else "AND {alias}partner = :partner"
        flows = _FLOWS.format(partner=mine.format(alias=""), decay=decay("at"))
        asks = _ASKS.format(partner=mine.format(alias="a."), decay=decay("r.at"))
        times = _FULFIL_TIMES.format(
            partner=mine.format(alias="a."), join="JOIN" if partner is None else "CROSS JOIN"
        )

        def body(conn: sqlite3.Connection) -> tuple[PartnerTally, ...]:
            sums: dict[str, _Sums] = {}
            for name, entry_kind, kind, count, weight, last in conn.execute(flows, params):
                acc = sums.setdefault(name, _Sums())
                acc.touch(datetime.fromisoformat(last))
                if entry_kind in ("give", "get"):
                    acc.flow(entry_kind, GiveKind(kind), count, weight)
            for name, kind, status, count, weight in conn.execute(asks, params):
                acc = sums[name]
                ask_status = AskStatus(status)
                acc.asks[ask_status] = acc.asks.get(ask_status, 0) + count
                if ask_status is AskStatus.FULFILLED:
                    acc.flow("fulfilled", GiveKind(kind), count, weight)
            for name, asked, fulfilled in conn.execute(times, params):
                sums[name].times.append(
                    datetime.fromisoformat(fulfilled) - datetime.fromisoformat(asked)
                )
            return tuple(sums[name].tally(name) for name in sorted(sums))

        return self._read(body)

    def close(self) -> None:
        """Close the connection (safe to call twice)."""
        with self._lock:
            if self._conn is not None and os.getpid() == self._pid:
                self._conn.close()
            self._conn = None


# ---------------------------------------------------------------------------------------
# The ledger


def _system_clock() -> datetime:
    return datetime.now(UTC)


def _median(values: Sequence[timedelta]) -> timedelta | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _count(value: object, partner: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        msg = f"overlap count for partner {partner!r} must be an integer >= 0, got {value!r}"
        raise InputError(msg, column="overlaps", value=repr(value))
    return value


@define
class Ledger:
    """The append-only give-to-get ledger over a :class:`LedgerStore`.

    Create one with :meth:`open` (an SQLite file) or :meth:`memory`; use one per
    process and share it between threads. Every write is checked first and is one
    transaction: a rejected entry raises a :class:`~cocorev.errors.CocorevError` and
    writes nothing.

    Args:
        store: Where entries live.
        policy: Credit weights, decay and the can-ask thresholds.
        clock: Returns the current time (timezone-aware); tests pass a fixed one.
    """

    store: LedgerStore
    policy: CreditPolicy = field(factory=CreditPolicy, kw_only=True)
    clock: Callable[[], datetime] = field(default=_system_clock, kw_only=True)

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        policy: CreditPolicy | None = None,
        clock: Callable[[], datetime] | None = None,
        create: bool = True,
        timeout: float = 30.0,
        synchronous: Literal["full", "normal"] = "full",
    ) -> Ledger:
        """Open the ledger in an SQLite file, creating it if needed.

        Args:
            path: The ledger file (by convention ``cocorev.db``).
            policy: Credit weights, decay and can-ask thresholds.
            clock: Returns the current time; defaults to the system clock in UTC.
            create: Create the file when it is missing; with ``False`` a missing file
                raises :class:`~cocorev.errors.LedgerError`.
            timeout: Seconds to wait for other writers before giving up.
            synchronous: ``"full"`` (the default) syncs every commit to disk, so an
                entry survives power loss; ``"normal"`` syncs at checkpoints only: an
                entry survives a crash of the process but the last ones may be lost on
                power loss, and writes one at a time are many times faster.

        Raises:
            LedgerIntegrityError: The file is not a ledger, or is from a newer cocorev.
            LedgerError: The file cannot be opened or created.
        """
        store = SqliteLedgerStore(path, timeout=timeout, create=create, synchronous=synchronous)
        return cls(store, policy=policy or CreditPolicy(), clock=clock or _system_clock)

    @classmethod
    def memory(
        cls,
        *,
        policy: CreditPolicy | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> Ledger:
        """Return a new ledger kept in memory (for notebooks and tests)."""
        return cls(
            MemoryLedgerStore(), policy=policy or CreditPolicy(), clock=clock or _system_clock
        )

    def close(self) -> None:
        """Close the store."""
        self.store.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -- time ---------------------------------------------------------------------------

    def _now(self) -> datetime:
        now = self.clock()
        if not isinstance(now, datetime) or now.tzinfo is None or now.utcoffset() is None:
            msg = f"the ledger's clock must return timezone-aware datetimes, got {now!r}"
            raise ConfigError(msg)
        return now.astimezone(UTC)

    def _as_of(self, now: datetime | None) -> datetime:
        return self._now() if now is None else _utc(now, "now")

    def _when(self, at: datetime | None, now: datetime) -> datetime:
        if at is None:
            return now
        when = _utc(at, "at")
        _not_in_future(when, now, "at")
        return when

    # -- writes -------------------------------------------------------------------------

    def _new(
        self,
        entry_kind: EntryKind,
        partner: str,
        kind: GiveKind | str,
        *,
        account: str | None,
        note: str | None,
        at: datetime | None,
        by: str | None,
        weight: float,
    ) -> LedgerEntry:
        now = self._now()
        return LedgerEntry(
            id=uuid.uuid4().hex,
            entry_kind=entry_kind,
            partner=_partner(partner),
            kind=_give_kind(kind),
            at=self._when(at, now),
            recorded_at=now,
            weight=_weight(weight),
            account=_optional_text(account, "account", one_line=True),
            note=_optional_text(note, "note", one_line=False),
            by=_optional_text(by, "by", one_line=True),
        )

    def _referring(
        self,
        entry_kind: EntryKind,
        ref: str,
        *,
        status: AskStatus | None,
        note: str | None,
        at: datetime | None,
        by: str | None,
    ) -> _Intent:
        """Return an intent for a resolution or reversal, built under the write lock."""
        now = self._now()
        when = self._when(at, now)
        what = "ask" if entry_kind is EntryKind.RESOLVE else "entry"
        target_id = _entry_id(ref, "ask id" if what == "ask" else "entry id")
        clean_note = _optional_text(note, "note", one_line=False)
        clean_by = _optional_text(by, "by", one_line=True)
        new_id = uuid.uuid4().hex

        def build(view: LedgerView) -> LedgerEntry:
            target = _target(target_id, view, what)
            return LedgerEntry(
                id=new_id,
                entry_kind=entry_kind,
                partner=target.partner,
                kind=target.kind,
                at=when,
                recorded_at=now,
                note=clean_note,
                by=clean_by,
                ref=target.id,
                status=status,
            )

        return build

    def _commit(self, intents: Sequence[tuple[str | None, _Intent]]) -> tuple[LedgerEntry, ...]:
        """Check and write ``(label, intent)`` pairs in one transaction."""

        def prepare(view: LedgerView) -> tuple[LedgerEntry, ...]:
            overlay = _Overlay(view)
            for label, intent in intents:
                try:
                    entry = intent(overlay)
                    if entry is not None:
                        overlay.add(entry)
                except InputError as exc:
                    if label is None:
                        raise
                    msg = f"{label}: {exc}"
                    raise InputError(msg, column=exc.column, value=exc.value) from exc
                except LedgerError as exc:
                    if label is None:
                        raise
                    msg = f"{label}: {exc}"
                    raise type(exc)(msg) from exc
            return tuple(overlay.added)

        return self.store.write(prepare)

    def _write_one(self, entry: LedgerEntry) -> LedgerEntry:
        return self._commit([(None, _fixed(entry))])[0]

    def give(
        self,
        partner: str,
        kind: GiveKind | str,
        *,
        account: str | None = None,
        note: str | None = None,
        at: datetime | None = None,
        by: str | None = None,
        weight: float = 1.0,
    ) -> LedgerEntry:
        """Record something we gave a partner.

        Args:
            partner: The partner's name (surrounding spaces are dropped).
            kind: What we gave: a :class:`GiveKind` or a string like ``"deal support"``.
            account: Our account it was about, if any.
            note: Free text.
            at: When it happened (timezone-aware); defaults to now. At most
                :data:`FUTURE_TOLERANCE` after now.
            by: Who gave it.
            weight: How much it counts relative to a typical give of its kind.

        Returns:
            The entry written.

        Raises:
            InputError: Unknown kind, empty partner, negative weight, naive or future date.
        """
        entry = self._new(
            EntryKind.GIVE, partner, kind, account=account, note=note, at=at, by=by, weight=weight
        )
        return self._write_one(entry)

    def get(
        self,
        partner: str,
        kind: GiveKind | str,
        *,
        account: str | None = None,
        note: str | None = None,
        at: datetime | None = None,
        by: str | None = None,
        weight: float = 1.0,
    ) -> LedgerEntry:
        """Record something a partner gave us without being asked.

        Takes the same arguments as :meth:`give`; ``by`` is who received it.
        """
        entry = self._new(
            EntryKind.GET, partner, kind, account=account, note=note, at=at, by=by, weight=weight
        )
        return self._write_one(entry)

    def ask(
        self,
        partner: str,
        kind: GiveKind | str,
        *,
        account: str | None = None,
        note: str | None = None,
        at: datetime | None = None,
        by: str | None = None,
        weight: float = 1.0,
    ) -> Ask:
        """Record an ask we made of a partner; it is pending until :meth:`resolve`.

        Takes the same arguments as :meth:`give`.

        Returns:
            The pending ask, with the ``id`` to resolve it by.
        """
        entry = self._new(
            EntryKind.ASK, partner, kind, account=account, note=note, at=at, by=by, weight=weight
        )
        return _ask_from(self._write_one(entry), None)

    def resolve(
        self,
        ask_id: str,
        status: AskStatus | str,
        *,
        at: datetime | None = None,
        note: str | None = None,
        by: str | None = None,
    ) -> Ask:
        """Record how an ask ended. An ask is resolved once.

        Args:
            ask_id: The ask's id.
            status: ``fulfilled``, ``declined`` or ``withdrawn``.
            at: When (timezone-aware); defaults to now; not before the ask.
            note: Free text.
            by: Who recorded it.

        Returns:
            The ask with its new status.

        Raises:
            InputError: Status ``pending`` or unknown, a bad date.
            LedgerError: No ask with that id, or the ask was reversed.
            LedgerIntegrityError: The ask was resolved already (reverse that first).
        """
        intent = self._referring(
            EntryKind.RESOLVE, ask_id, status=_ask_status(status), note=note, at=at, by=by
        )
        resolution = self._commit([(None, intent)])[0]
        ask = self.store.lookup(resolution.ref or "")
        if ask is None:  # pragma: no cover - checked under the write lock
            msg = f"ask {resolution.ref} vanished"
            raise LedgerIntegrityError(msg)
        return _ask_from(ask, resolution)

    def reverse(
        self,
        entry_id: str,
        *,
        note: str | None = None,
        at: datetime | None = None,
        by: str | None = None,
    ) -> LedgerEntry:
        """Record a correction: the entry ``entry_id`` no longer counts.

        Reversing an ask drops it and its resolution; reversing a resolution makes the
        ask pending again, so it can be resolved anew. Nothing is deleted.

        Returns:
            The reversal entry.

        Raises:
            LedgerError: No entry with that id.
            LedgerIntegrityError: The entry is a reversal, or was reversed already.
        """
        intent = self._referring(EntryKind.REVERSAL, entry_id, status=None, note=note, at=at, by=by)
        return self._commit([(None, intent)])[0]

    def batch(self) -> Batch:
        """Return a batch: gives, gets and asks written together in one transaction.

        Example:
            >>> ledger = Ledger.memory()
            >>> with ledger.batch() as batch:
            ...     _ = batch.give("Globex", "intel")
            ...     _ = batch.give("Initech", "intro")
            >>> ledger.partners()
            ('Globex', 'Initech')
        """
        return Batch(self)

    # -- reads --------------------------------------------------------------------------

    def entry(self, entry_id: str) -> LedgerEntry:
        """Return the entry with ``entry_id``.

        Raises:
            LedgerError: No such entry.
        """
        return _target(_entry_id(entry_id, "entry id"), self.store, "entry")

    def entries(self, partner: str | None = None) -> tuple[LedgerEntry, ...]:
        """Return the full history (of one partner), in the order it was written."""
        return self.store.entries(partner=None if partner is None else _partner(partner))

    def asks(
        self,
        partner: str | None = None,
        *,
        status: AskStatus | str | None = None,
        now: datetime | None = None,
    ) -> tuple[Ask, ...]:
        """Return the asks (of one partner, with one status) as of ``now``, oldest first.

        Reversed asks are left out; an ask resolved after ``now`` is still pending.
        """
        when = self._as_of(now)
        wanted = None if status is None else _status_filter(status)
        entries = self.entries(partner)
        reversed_ids = {e.ref for e in entries if e.entry_kind is EntryKind.REVERSAL}
        resolutions = {
            e.ref: e
            for e in entries
            if e.entry_kind is EntryKind.RESOLVE and e.id not in reversed_ids and e.at <= when
        }
        asks = [
            _ask_from(e, resolutions.get(e.id))
            for e in entries
            if e.entry_kind is EntryKind.ASK and e.id not in reversed_ids and e.at <= when
        ]
        asks.sort(key=lambda a: (a.at, a.id))
        return tuple(a for a in asks if wanted is None or a.status is wanted)

    def partners(self) -> tuple[str, ...]:
        """Return every partner with at least one entry, sorted by name."""
        return self.store.partners()

    def _standing(self, partner: str, tally: PartnerTally | None) -> PartnerStanding:
        if tally is None:
            return PartnerStanding(
                partner=partner, credit=Credit(partner=partner), responsiveness=Responsiveness()
            )
        given = received = 0.0
        gives = gets = fulfilled = 0
        for flow in tally.flows:
            weighted = self.policy.weight(flow.kind) * flow.weight
            if flow.flow == "give":
                given += weighted
                gives += flow.count
            else:
                received += weighted
                if flow.flow == "get":
                    gets += flow.count
                else:
                    fulfilled += flow.count
        credit = Credit(
            partner=partner,
            score=given - received,
            given=given,
            received=received,
            gives=gives,
            gets=gets,
            fulfilled_asks=fulfilled,
        )
        responsiveness = Responsiveness(
            asks=tally.asks,
            fulfilled=tally.fulfilled,
            declined=tally.declined,
            withdrawn=tally.withdrawn,
            pending=tally.pending,
            median_time_to_fulfil=_median(tally.fulfil_times),
        )
        return PartnerStanding(
            partner=partner,
            credit=credit,
            responsiveness=responsiveness,
            last_touch=tally.last_touch,
        )

    def standing(self, partner: str, *, now: datetime | None = None) -> PartnerStanding:
        """Return credit, responsiveness and last touch with one partner as of ``now``.

        A partner with no entries has zero credit and no asks.
        """
        name = _partner(partner)
        tallies = self.store.tally(
            now=self._as_of(now), half_life_days=self.policy.half_life_days, partner=name
        )
        return self._standing(name, tallies[0] if tallies else None)

    def standings(self, *, now: datetime | None = None) -> tuple[PartnerStanding, ...]:
        """Return the standing of every partner in the ledger, sorted by partner name."""
        tallies = {
            t.partner: t
            for t in self.store.tally(
                now=self._as_of(now), half_life_days=self.policy.half_life_days
            )
        }
        names = sorted(set(self.store.partners()) | set(tallies))
        return tuple(self._standing(name, tallies.get(name)) for name in names)

    def credit(self, partner: str, *, now: datetime | None = None) -> Credit:
        """Return our credit with ``partner`` as of ``now`` (zero when it has no entries).

        ``credit(partner).score`` is weighted gives minus weighted gets, a fulfilled ask
        counting as a get; weights come from the policy and, with a half-life, decay
        with age.
        """
        return self.standing(partner, now=now).credit

    def can_ask(self, partner: str, *, now: datetime | None = None) -> CanAsk:
        """Say whether an ask of ``partner`` is reasonable now, with the reason and figures.

        An ask is reasonable when credit reaches the policy's ``min_credit`` and fewer
        than ``max_pending_asks`` asks are pending with the partner (see
        :meth:`CreditPolicy.can_ask`).
        """
        return self.policy.can_ask(self.standing(partner, now=now))

    def partners_to_give_to(
        self,
        overlaps: Mapping[str, int] | None = None,
        *,
        now: datetime | None = None,
        max_credit: float | None = None,
        limit: int | None = None,
    ) -> tuple[GiveTarget, ...]:
        """Rank the partners worth giving to: overlaps or pending asks, but little credit.

        A partner qualifies when it has overlapping accounts (from ``overlaps``) or asks
        pending, and its credit is below ``max_credit`` (default: the policy's
        ``min_credit``, the credit needed to ask). Ranked by pending asks (most first:
        giving back unblocks them), then overlaps (most first), then credit (least
        first), then name.

        Args:
            overlaps: Partner name -> number of overlapping accounts, e.g. from an
                account map; partners missing from it have 0.
            now: As of when; defaults to the clock.
            max_credit: Credit below which a partner counts as "little credit".
            limit: Return at most this many.

        Raises:
            InputError: An overlap count is not an integer >= 0, or ``limit`` < 0.
        """
        counts: dict[str, int] = {}
        for name, count in (overlaps or {}).items():
            partner = _partner(name)
            counts[partner] = counts.get(partner, 0) + _count(count, partner)
        if limit is not None and (
            isinstance(limit, bool) or not isinstance(limit, int) or limit < 0
        ):
            msg = f"limit must be an integer >= 0 or None, got {limit!r}"
            raise InputError(msg, column="limit", value=repr(limit))
        ceiling = (
            self.policy.min_credit if max_credit is None else _finite(max_credit, "max_credit")
        )
        standings = {s.partner: s for s in self.standings(now=now)}
        targets = []
        for name in sorted(set(standings) | set(counts)):
            standing = standings.get(name) or self._standing(name, None)
            count = counts.get(name, 0)
            pending = standing.pending_asks
            if (count == 0 and pending == 0) or standing.score >= ceiling:
                continue
            parts = []
            if count:
                parts.append(_plural(count, "overlapping account"))
            if pending:
                parts.append(_plural(pending, "ask") + " pending")
            parts.append(
                f"credit {_figure(standing.score)} "
                f"({_figure(self.policy.min_credit)} needed to ask)"
            )
            targets.append(
                GiveTarget(
                    partner=name,
                    overlaps=count,
                    pending_asks=pending,
                    credit=standing.score,
                    reason="; ".join(parts),
                )
            )
        targets.sort(key=lambda t: (-t.pending_asks, -t.overlaps, t.credit, t.partner))
        return tuple(targets if limit is None else targets[:limit])

    # -- JSON Lines ---------------------------------------------------------------------

    def export_jsonl(
        self, target: str | os.PathLike[str] | TextIO, *, overwrite: bool = True
    ) -> int:
        """Write every entry as JSON Lines, one entry per line, in the order written.

        A path is written to a temporary file beside it first, then moved into place, so
        a crash never leaves half a file. Import the result with :meth:`import_jsonl`.

        Args:
            target: The file to write, or an open text stream.
            overwrite: Replace an existing file (the default); when false, an existing
                path is refused and left as it was.

        Returns:
            The number of entries written.

        Raises:
            FileExistsError: The path exists and ``overwrite`` is false.
            OSError: The file cannot be written; the error names ``target``.
        """
        entries = self.store.entries()
        lines = [json.dumps(e.to_dict(), ensure_ascii=False) + "\n" for e in entries]
        if not isinstance(target, str | os.PathLike):
            target.writelines(lines)
            return len(entries)
        path = Path(target)
        temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.tmp")
        try:
            with temporary.open("x", encoding="utf-8", newline="\n") as handle:
                handle.writelines(lines)
                handle.flush()
                os.fsync(handle.fileno())
            if overwrite:
                temporary.replace(path)
            else:
                _move_new(temporary, path)
        except OSError as exc:
            if exc.errno is None:
                raise
            # Name the file the caller asked for, never the temporary one.
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        finally:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
        return len(entries)

    def import_jsonl(self, source: str | os.PathLike[str] | TextIO) -> ImportReport:
        """Append the entries of a JSON Lines export, all or nothing.

        Import is idempotent on entry ids: an entry already in the ledger with the same
        content is skipped, so importing a file twice adds nothing the second time. An
        entry whose id is present with different content is refused. Entries keep their
        ids and times; every rule of a normal write applies.

        Returns:
            How many entries were added and how many skipped.

        Raises:
            InputError: A line is not JSON or not a valid entry (names file and line).
            LedgerIntegrityError: An id is present with different content, or an entry
                breaks a ledger rule (e.g. resolves an ask twice). Nothing is written.
        """
        if isinstance(source, str | os.PathLike):
            name = str(source)
            try:
                with Path(source).open(encoding="utf-8") as handle:
                    lines: Iterable[str] = handle.readlines()
            except OSError as exc:
                msg = f"cannot read {name}: {exc.strerror}"
                raise InputError(msg, file=name) from exc
            except UnicodeDecodeError as exc:
                msg = f"{name} is not UTF-8 text; pass a file written by ledger export"
                raise InputError(msg, file=name) from exc
        else:
            name = str(getattr(source, "name", "<stream>"))
            lines = source
        parsed = list(self._parse_lines(lines, name))
        now = self._now()
        for row, entry in parsed:
            for label, when in (("at", entry.at), ("recorded_at", entry.recorded_at)):
                try:
                    _not_in_future(when, now, label)
                except InputError as exc:
                    msg = f"{name}, line {row}: {exc}"
                    raise InputError(msg, file=name, row=row) from exc

        def intent(entry: LedgerEntry, row: int) -> _Intent:
            def build(view: LedgerView) -> LedgerEntry | None:
                existing = view.lookup(entry.id)
                if existing == entry:
                    return None
                if existing is not None:
                    msg = (
                        f"entry {entry.id} is already in the ledger with different content; "
                        "entries are never rewritten"
                    )
                    raise LedgerIntegrityError(msg)
                return entry

            return build

        written = self._commit([(f"{name}, line {row}", intent(e, row)) for row, e in parsed])
        return ImportReport(added=len(written), skipped=len(parsed) - len(written))

    @staticmethod
    def _parse_lines(lines: Iterable[str], name: str) -> Iterator[tuple[int, LedgerEntry]]:
        for row, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                msg = (
                    f"{name}, line {row}: not JSON ({exc.msg}); each line must be one "
                    "entry as `ledger export` writes it"
                )
                raise InputError(msg, file=name, row=row) from exc
            if not isinstance(data, dict):
                msg = f"{name}, line {row}: expected a JSON object, got {type(data).__name__}"
                raise InputError(msg, file=name, row=row)
            try:
                yield row, LedgerEntry.from_dict(data)
            except InputError as exc:
                msg = f"{name}, line {row}: {exc}"
                raise InputError(
                    msg,
                    file=name,
                    row=row,
                    column=exc.column,
                    value=exc.value,
                ) from exc


@define
class Batch:
    """Gives, gets and asks collected, then written in one transaction.

    Use it as a context manager (see :meth:`Ledger.batch`). Each call checks its
    arguments at once; on leaving the ``with`` block every entry is written together,
    or none is if the block raised or a check failed. Values returned inside the block
    describe entries that exist only once the block has ended without error.
    """

    _ledger: Ledger
    _entries: list[LedgerEntry] = field(factory=list, init=False)

    def __enter__(self) -> Batch:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.commit()
        else:
            self._entries.clear()

    def commit(self) -> tuple[LedgerEntry, ...]:
        """Write the collected entries now (leaving the ``with`` block does it too)."""
        pending = tuple(self._entries)
        self._entries.clear()
        if not pending:
            return ()
        return self._ledger._commit([(None, _fixed(e)) for e in pending])

    def _add(self, entry: LedgerEntry) -> LedgerEntry:
        self._entries.append(entry)
        return entry

    def give(
        self,
        partner: str,
        kind: GiveKind | str,
        *,
        account: str | None = None,
        note: str | None = None,
        at: datetime | None = None,
        by: str | None = None,
        weight: float = 1.0,
    ) -> LedgerEntry:
        """Add a give (see :meth:`Ledger.give`)."""
        return self._add(
            self._ledger._new(
                EntryKind.GIVE,
                partner,
                kind,
                account=account,
                note=note,
                at=at,
                by=by,
                weight=weight,
            )
        )

    def get(
        self,
        partner: str,
        kind: GiveKind | str,
        *,
        account: str | None = None,
        note: str | None = None,
        at: datetime | None = None,
        by: str | None = None,
        weight: float = 1.0,
    ) -> LedgerEntry:
        """Add a get (see :meth:`Ledger.get`)."""
        return self._add(
            self._ledger._new(
                EntryKind.GET,
                partner,
                kind,
                account=account,
                note=note,
                at=at,
                by=by,
                weight=weight,
            )
        )

    def ask(
        self,
        partner: str,
        kind: GiveKind | str,
        *,
        account: str | None = None,
        note: str | None = None,
        at: datetime | None = None,
        by: str | None = None,
        weight: float = 1.0,
    ) -> Ask:
        """Add an ask (see :meth:`Ledger.ask`)."""
        entry = self._ledger._new(
            EntryKind.ASK, partner, kind, account=account, note=note, at=at, by=by, weight=weight
        )
        return _ask_from(self._add(entry), None)
