"""What we show one partner about our overlap: a sharing level per partner.

A :class:`SharedView` holds exactly what its :class:`SharingLevel` allows and nothing
more, so it is safe to serialise and send as a whole:

- ``nothing``: no data at all, only a header saying so;
- ``counts``: how many of the partner's accounts we also hold, per pair of stages (ours
  and theirs), with small counts shown as "fewer than N";
- ``overlaps``: the partner's own records that we also hold (their id, name and website
  as they sent them) with our stage for each, and the match rule and confidence;
- ``owners``: the same, plus the name and e-mail of our account owner.

Our own account ids, names, websites, amounts and identifiers never appear at any
level, nor do our accounts the partner does not hold, nor any other partner's data, nor
match evidence that quotes our records.

Example:
    >>> from cocorev.models import Account, Owner, Stage
    >>> from cocorev.overlap import map_accounts
    >>> ours = [Account(id="o1", name="Acme Inc.", website="acme.com", stage="customer",
    ...                 owner=Owner("Kim Park", "kim@ours.example"))]
    >>> theirs = [Account(id="n7", name="ACME", website="www.acme.com", stage="lead")]
    >>> view = map_accounts(ours, {"Northwind": theirs}).shared_with("Northwind", "overlaps")
    >>> row = view.to_rows()[0]
    >>> row["partner_account_id"], row["partner_account_name"], row["our_stage"]
    ('n7', 'ACME', 'customer')
    >>> "o1" in str(view.to_dict()) or "Acme Inc." in str(view.to_dict())
    False
"""

from __future__ import annotations

import csv
import enum
import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Final

from attrs import field, frozen, validators

from cocorev.errors import ConfigError, InputError
from cocorev.io import _safe
from cocorev.models import AccountMap, MatchRule, Overlap, Owner, Stage, _tuple

__all__ = [
    "DEFAULT_MIN_COUNT",
    "SharedAccount",
    "SharedView",
    "SharingLevel",
    "StageCount",
    "shared_with",
]

#: Counts below this are shown as "fewer than N" unless another minimum is given.
DEFAULT_MIN_COUNT: Final = 3

_FORMAT: Final = "cocorev-shared-view"
_VERSION: Final = 1
_STAGES: Final = (Stage.CUSTOMER, Stage.OPPORTUNITY, Stage.LEAD)


class SharingLevel(enum.StrEnum):
    """How much we show one partner, from nothing to our account owners.

    Each level shares everything the one before it allows, in more detail.
    """

    NOTHING = "nothing"
    COUNTS = "counts"
    OVERLAPS = "overlaps"
    OWNERS = "owners"

    @property
    def order(self) -> int:
        """Sort key: NOTHING (0) < COUNTS (1) < OVERLAPS (2) < OWNERS (3)."""
        return _LEVEL_ORDER[self]


_LEVEL_ORDER = {
    SharingLevel.NOTHING: 0,
    SharingLevel.COUNTS: 1,
    SharingLevel.OVERLAPS: 2,
    SharingLevel.OWNERS: 3,
}


@frozen(kw_only=True)
class StageCount:
    """How many of the partner's accounts sit in one pair of stages.

    Attributes:
        our_stage: Our stage on the accounts.
        partner_stage: The partner's stage on the accounts.
        count: The number of the partner's accounts, or ``None`` when it is below the
            minimum and therefore not shown.
    """

    our_stage: Stage
    partner_stage: Stage
    count: int | None = field(validator=validators.optional(validators.ge(0)))


@frozen(kw_only=True)
class SharedAccount:
    """One of the partner's own records that we also hold, as we may show it to them.

    Attributes:
        partner_account_id: The partner's record id, as they sent it.
        partner_account_name: The partner's company name, as they sent it.
        partner_website: The partner's website field, as they sent it.
        partner_stage: The partner's stage, as they sent it.
        our_stage: Our stage on the company (the most advanced of our records for it).
        rule: The kind of signal the match rests on (``domain``, ``name``, ...).
        confidence: The match confidence, rounded to two decimals.
        owner: Our account owner; only in an ``owners`` view.
    """

    partner_account_id: str
    partner_account_name: str
    partner_website: str | None
    partner_stage: Stage
    our_stage: Stage
    rule: MatchRule
    confidence: float
    owner: Owner | None = None


@frozen(kw_only=True)
class SharedView:
    """What one partner may see of our overlap with them, at one sharing level.

    Build it with :func:`shared_with` or :meth:`cocorev.models.AccountMap.shared_with`.
    The object holds only what the level allows (suppressed counts are not kept), so
    serialising all of it is safe.

    Attributes:
        partner: The partner the view is for, as named in the mapping.
        level: The sharing level.
        min_count: Counts below this are shown as "fewer than N" (``counts`` level).
        counts: One entry per pair of stages, ours then theirs, customer first
            (``counts`` level only).
        total: The number of the partner's accounts we hold; ``None`` when showing it
            would let a suppressed count be derived (``counts`` level only).
        accounts: The partner's records that we hold, by their name and id
            (``overlaps`` and ``owners`` levels only).
    """

    partner: str
    level: SharingLevel = field(converter=SharingLevel)
    min_count: int = field(default=DEFAULT_MIN_COUNT, validator=validators.ge(1))
    counts: tuple[StageCount, ...] = field(default=(), converter=_tuple)
    total: int | None = None
    accounts: tuple[SharedAccount, ...] = field(default=(), converter=_tuple)

    def __attrs_post_init__(self) -> None:
        level = self.level
        if (self.counts or self.total is not None) and level is not SharingLevel.COUNTS:
            msg = f"a {level.value!r} view holds no counts"
            raise ConfigError(msg)
        if self.accounts and level.order < SharingLevel.OVERLAPS.order:
            msg = f"a {level.value!r} view holds no accounts"
            raise ConfigError(msg)
        if level is not SharingLevel.OWNERS and any(a.owner for a in self.accounts):
            msg = f"a {level.value!r} view holds no owners"
            raise ConfigError(msg)
        small = [c.count for c in self.counts if c.count is not None and c.count < self.min_count]
        if self.min_count > 1 and small:
            msg = f"counts below min_count ({self.min_count}) must be suppressed (None)"
            raise ConfigError(msg)
        if self.total is not None and any(c.count is None for c in self.counts):
            msg = "the total must be hidden (None) when any count is suppressed"
            raise ConfigError(msg)

    @property
    def columns(self) -> tuple[str, ...]:
        """The column names of :meth:`to_rows` and of the CSV file, in order."""
        if self.level is SharingLevel.COUNTS:
            return _COUNT_COLUMNS
        if self.level is SharingLevel.OVERLAPS:
            return _OVERLAP_COLUMNS
        if self.level is SharingLevel.OWNERS:
            return (*_OVERLAP_COLUMNS, *_OWNER_COLUMNS)
        return ()

    def _count_text(self, count: int | None) -> str | int:
        return count if count is not None else f"fewer than {self.min_count}"

    def _total_value(self) -> str | int:
        if self.total is not None:
            return self.total
        shown = sum(c.count for c in self.counts if c.count is not None)
        return f"at least {shown}"

    def _account_dict(self, account: SharedAccount) -> dict[str, Any]:
        data: dict[str, Any] = {
            "partner_account_id": account.partner_account_id,
            "partner_account_name": account.partner_account_name,
            "partner_website": account.partner_website,
            "partner_stage": account.partner_stage.value,
            "our_stage": account.our_stage.value,
            "match_rule": account.rule,
            "confidence": account.confidence,
        }
        if self.level is SharingLevel.OWNERS:
            owner = account.owner or Owner()
            data["our_owner_name"] = owner.name
            data["our_owner_email"] = owner.email
        return data

    def to_dict(self) -> dict[str, Any]:
        """Return the view as JSON-safe data: a header plus what the level allows.

        Every view has ``format``, ``version``, ``partner`` and ``level``. A ``counts``
        view adds ``min_count``, ``counts`` and ``total``; an ``overlaps`` or ``owners``
        view adds ``accounts``. A suppressed count reads ``"fewer than N"``; a total that
        could give one away reads ``"at least S"``, S being the sum of the shown counts.
        """
        data: dict[str, Any] = {
            "format": _FORMAT,
            "version": _VERSION,
            "partner": self.partner,
            "level": self.level.value,
        }
        if self.level is SharingLevel.COUNTS:
            data["min_count"] = self.min_count
            data["counts"] = [
                {
                    "our_stage": c.our_stage.value,
                    "partner_stage": c.partner_stage.value,
                    "count": self._count_text(c.count),
                }
                for c in self.counts
            ]
            data["total"] = self._total_value()
        elif self.level.order >= SharingLevel.OVERLAPS.order:
            data["accounts"] = [self._account_dict(a) for a in self.accounts]
        return data

    def to_rows(self) -> tuple[dict[str, str], ...]:
        """Return the view as table rows of text cells, keyed by :attr:`columns`.

        A ``counts`` view has one row per pair of stages and a last ``all``/``all`` row
        with the total. A ``nothing`` view has no rows. Cells are not yet protected
        against spreadsheet formulas: the CSV writer does that.
        """
        if self.level is SharingLevel.COUNTS:
            rows = [
                {
                    "our_stage": c.our_stage.value,
                    "partner_stage": c.partner_stage.value,
                    "count": str(self._count_text(c.count)),
                }
                for c in self.counts
            ]
            rows.append(
                {"our_stage": "all", "partner_stage": "all", "count": _cell(self._total_value())}
            )
            return tuple(rows)
        return tuple(
            {key: _cell(value) for key, value in self._account_dict(a).items()}
            for a in self.accounts
        )

    def write_csv(
        self, target: str | os.PathLike[str] | IO[str], *, overwrite: bool = False
    ) -> None:
        """Write :meth:`to_rows` as CSV, with a header row (a ``nothing`` view: empty).

        Cells a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
        ``@``, tab or carriage return) get a leading ``'``.

        Args:
            target: A path, or an open text file (opened with ``newline=""``).
            overwrite: Replace an existing file; without it an existing path is refused.

        Raises:
            FileExistsError: The path exists and ``overwrite`` is false.
            OSError: The path is a symbolic link (never followed), or cannot be written.
        """
        with _output(target, overwrite=overwrite) as handle:
            if not self.columns:
                return
            writer = csv.writer(handle)
            writer.writerow(self.columns)
            writer.writerows([_safe(row[c]) for c in self.columns] for row in self.to_rows())

    def write_json(
        self, target: str | os.PathLike[str] | IO[str], *, overwrite: bool = False
    ) -> None:
        """Write :meth:`to_dict` as indented UTF-8 JSON.

        Args:
            target: A path, or an open text file.
            overwrite: Replace an existing file; without it an existing path is refused.

        Raises:
            FileExistsError: The path exists and ``overwrite`` is false.
            OSError: The path is a symbolic link (never followed), or cannot be written.
        """
        with _output(target, overwrite=overwrite) as handle:
            handle.write(json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n")


_COUNT_COLUMNS: Final = ("our_stage", "partner_stage", "count")
_OVERLAP_COLUMNS: Final = (
    "partner_account_id",
    "partner_account_name",
    "partner_website",
    "partner_stage",
    "our_stage",
    "match_rule",
    "confidence",
)
_OWNER_COLUMNS: Final = ("our_owner_name", "our_owner_email")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _open_new_text(path: str | os.PathLike[str], *, overwrite: bool = False) -> IO[str]:
    """Open ``path`` for writing UTF-8 text, never through a symbolic link.

    Args:
        path: The file to write.
        overwrite: Truncate an existing regular file; otherwise an existing path is refused.

    Returns:
        The open file, with ``newline=""`` so CSV writers control line endings.

    Raises:
        FileExistsError: The path exists and ``overwrite`` is false.
        OSError: The path is a symbolic link, or cannot be opened.
    """
    target = Path(path)
    if target.is_symlink():
        msg = "refusing to write through a symbolic link"
        raise OSError(msg, str(target))
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    flags |= os.O_TRUNC if overwrite else os.O_EXCL
    descriptor = os.open(target, flags, 0o644)
    return open(descriptor, "w", encoding="utf-8", newline="")


@contextmanager
def _output(target: str | os.PathLike[str] | IO[str], *, overwrite: bool) -> Iterator[IO[str]]:
    if isinstance(target, (str, os.PathLike)):
        with _open_new_text(target, overwrite=overwrite) as handle:
            yield handle
    else:
        yield target


def _chosen(overlaps: list[Overlap]) -> Overlap:
    """Return the overlap that speaks for one partner record: our most advanced stage."""
    return min(
        overlaps,
        key=lambda o: (
            o.our_stage.order,
            o.account.owner is None,
            -o.match.confidence,
            o.account.id,
        ),
    )


def _by_partner_record(overlaps: tuple[Overlap, ...]) -> list[Overlap]:
    grouped: dict[str, list[Overlap]] = {}
    for overlap in overlaps:
        grouped.setdefault(overlap.partner_account.id, []).append(overlap)
    return [_chosen(group) for group in grouped.values()]


def _counts(chosen: list[Overlap], min_count: int) -> tuple[list[StageCount], int | None]:
    tally: Mapping[tuple[Stage, Stage], int] = {
        (ours, theirs): sum(1 for o in chosen if o.our_stage is ours and o.partner_stage is theirs)
        for ours in _STAGES
        for theirs in _STAGES
    }
    cells = []
    suppressed = False
    for (ours, theirs), count in tally.items():
        hidden = min_count > 1 and count < min_count
        suppressed = suppressed or hidden
        cells.append(
            StageCount(our_stage=ours, partner_stage=theirs, count=None if hidden else count)
        )
    return cells, None if suppressed else len(chosen)


def shared_with(
    account_map: AccountMap,
    partner: str,
    level: SharingLevel | str,
    *,
    min_count: int = DEFAULT_MIN_COUNT,
) -> SharedView:
    """Return what ``partner`` may see of our overlap with them at ``level``.

    Each of the partner's records that we hold counts once, under our most advanced
    stage for it (customer, then opportunity, then lead); at the ``owners`` level the
    owner is that record's owner. Totals: the exact total appears only when no count is
    suppressed; otherwise it reads "at least S", S being the sum of the counts shown,
    which the partner could add up anyway.

    Args:
        account_map: The mapping run that includes ``partner``.
        partner: The partner's name, as given to the mapping.
        level: The sharing level (or its value, such as ``"counts"``).
        min_count: Counts below this are shown as "fewer than N" (default 3).

    Returns:
        The :class:`SharedView`; accounts ordered by the partner's name, then id.

    Raises:
        ConfigError: ``min_count`` is below 1, or ``level`` is not a sharing level.
        InputError: ``partner`` is not one of the mapping's partners.
    """
    if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 1:
        msg = f"min_count must be a whole number >= 1, got {min_count!r}"
        raise ConfigError(msg)
    try:
        wanted = SharingLevel(level)
    except ValueError as exc:
        choices = ", ".join(v.value for v in SharingLevel)
        msg = f"unknown sharing level {level!r}; use one of {choices}"
        raise ConfigError(msg) from exc
    if partner not in account_map.partners:
        msg = f"no partner named {partner!r} in this mapping"
        raise InputError(msg, column="partner", value=partner)
    if wanted is SharingLevel.NOTHING:
        return SharedView(partner=partner, level=wanted, min_count=min_count)
    chosen = _by_partner_record(account_map.overlaps_with(partner))
    if wanted is SharingLevel.COUNTS:
        cells, total = _counts(chosen, min_count)
        return SharedView(
            partner=partner, level=wanted, min_count=min_count, counts=cells, total=total
        )
    with_owner = wanted is SharingLevel.OWNERS
    accounts = sorted(
        (
            SharedAccount(
                partner_account_id=o.partner_account.id,
                partner_account_name=o.partner_account.name,
                partner_website=o.partner_account.website,
                partner_stage=o.partner_stage,
                our_stage=o.our_stage,
                rule=o.match.evidence.rule,
                confidence=round(o.match.confidence, 2),
                owner=o.account.owner if with_owner else None,
            )
            for o in chosen
        ),
        key=lambda a: (a.partner_account_name.casefold(), a.partner_account_id),
    )
    return SharedView(partner=partner, level=wanted, min_count=min_count, accounts=accounts)
