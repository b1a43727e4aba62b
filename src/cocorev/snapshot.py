"""Snapshots: a mapping run frozen as a stable, versioned JSON document, and their store.

A :class:`Snapshot` holds what the signals between two runs need: our accounts, the
partners mapped and every overlap, each keyed by record ids (our account id, partner,
partner account id). Equal mappings give byte-identical JSON: keys and rows are sorted.

Example:
    >>> from datetime import datetime, timezone
    >>> from cocorev.models import Account, Stage
    >>> from cocorev.overlap import map_accounts
    >>> ours = [Account(id="1", name="Acme Inc.", website="acme.com", stage=Stage.LEAD)]
    >>> theirs = [Account(id="n9", name="ACME", website="acme.com", stage=Stage.CUSTOMER)]
    >>> taken = datetime(2024, 5, 6, 9, 0, tzinfo=timezone.utc)
    >>> snap = map_accounts(ours, {"Northwind": theirs}).snapshot(taken_at=taken)
    >>> snap.overlaps[0].key, snap.overlaps[0].play.value
    (('1', 'Northwind', 'n9'), 'generate')
    >>> Snapshot.from_json(snap.to_json()) == snap
    True
"""

from __future__ import annotations

import csv
import json
import math
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Final, Literal, Self

from attrs import define, evolve, field, frozen, validators

from cocorev.errors import InputError, SchemaError
from cocorev.models import Account, AccountMap, Owner, Play, Stage

__all__ = [
    "SNAPSHOT_FORMAT",
    "SNAPSHOT_VERSION",
    "Snapshot",
    "SnapshotInfo",
    "SnapshotOverlap",
    "SnapshotSource",
    "SnapshotStore",
]

#: The ``format`` field of every snapshot document.
SNAPSHOT_FORMAT: Final = "cocorev.snapshot"
#: The document version this cocorev writes and reads.
SNAPSHOT_VERSION: Final = 1

#: Where a snapshot came from: a full mapping, or the ``overlaps.csv`` of an older
#: output folder (which lacks websites, amounts, accounts without overlaps, and the
#: partner owner of Generate overlaps).
SnapshotSource = Literal["map", "overlaps.csv"]

OverlapKey = tuple[str, str, str]

_STORE_SCHEMA: Final = 1
_TABLE: Final = "cocorev_snapshots"
_COLUMNS: Final = (
    "id",
    "schema_version",
    "taken_at",
    "taken_at_us",
    "label",
    "accounts",
    "overlaps",
    "body",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _utc(value: datetime) -> datetime:
    """Return ``value`` in UTC; naive datetimes are refused."""
    if not isinstance(value, datetime):
        msg = f"expected a datetime, got {value!r}"
        raise TypeError(msg)
    if value.tzinfo is None or value.utcoffset() is None:
        msg = f"datetime must be timezone-aware (UTC), got naive {value.isoformat()}"
        raise ValueError(msg)
    return value.astimezone(UTC)


def _iso(value: datetime) -> str:
    """Return an aware datetime as ISO-8601 UTC with a ``Z`` suffix."""
    return _utc(value).isoformat().replace("+00:00", "Z")


def _parse_iso(text: str) -> datetime:
    """Parse an ISO-8601 timestamp with an offset (``Z`` allowed) into UTC.

    Raises:
        ValueError: Not ISO-8601, or no UTC offset.
    """
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        msg = f"time {text!r} has no time zone; add Z for UTC or an offset such as +02:00"
        raise ValueError(msg)
    return _utc(parsed)


def _now(now: datetime | None) -> datetime:
    """Return ``now`` in UTC, or the current UTC time to the second."""
    return _utc(now) if now is not None else datetime.now(UTC).replace(microsecond=0)


def _confidence(_instance: object, _attribute: object, value: float) -> None:
    if not (isinstance(value, float) and math.isfinite(value) and 0.0 <= value <= 1.0):
        msg = f"confidence must be a number from 0.0 to 1.0, got {value!r}"
        raise ValueError(msg)


@frozen(kw_only=True)
class SnapshotOverlap:
    """One overlap as a snapshot keeps it.

    Attributes:
        account_id: Our account's id.
        partner: The partner's name.
        partner_account: The partner's account (id, name, website, stage, owner).
        confidence: The match confidence, 0.0 to 1.0.
        rule: The rule that decided the match (``domain``, ``name``, ...).
        play: The primary play the overlap called for.
    """

    account_id: str
    partner: str
    partner_account: Account
    confidence: float = field(converter=float, validator=_confidence)
    rule: str
    play: Play = field(converter=Play)

    @property
    def key(self) -> OverlapKey:
        """The stable identity: our account id, partner, partner account id."""
        return (self.account_id, self.partner, self.partner_account.id)

    @property
    def partner_stage(self) -> Stage:
        """The partner's stage on the account."""
        return self.partner_account.stage


def _sorted_accounts(value: Iterable[Account]) -> tuple[Account, ...]:
    return tuple(sorted(value, key=lambda a: a.id))


def _sorted_overlaps(value: Iterable[SnapshotOverlap]) -> tuple[SnapshotOverlap, ...]:
    return tuple(sorted(value, key=lambda o: o.key))


def _sorted_partners(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(value)))


def _check_unique(snapshot: Snapshot) -> None:
    ids: set[str] = set()
    for account in snapshot.accounts:
        if account.id in ids:
            msg = f"snapshot: account id {account.id!r} appears twice"
            raise SchemaError(msg, column="accounts", value=account.id)
        ids.add(account.id)
    previous: OverlapKey | None = None
    partners = set(snapshot.partners)
    for overlap in snapshot.overlaps:
        key = overlap.key
        if key == previous:
            msg = f"snapshot: overlap {key!r} appears twice"
            raise SchemaError(msg, column="overlaps", value="/".join(key))
        previous = key
        if overlap.account_id not in ids:
            msg = f"snapshot: overlap {key!r} names account {overlap.account_id!r}, not in accounts"
            raise SchemaError(msg, column="overlaps", value=overlap.account_id)
        if overlap.partner not in partners:
            msg = f"snapshot: overlap {key!r} names partner {overlap.partner!r}, not in partners"
            raise SchemaError(msg, column="overlaps", value=overlap.partner)


@frozen(kw_only=True)
class Snapshot:
    """A mapping run frozen at one moment: enough to diff against another run.

    Rows are kept sorted (accounts by id, partners by name, overlaps by key), so two
    snapshots of equal mappings are equal and serialise to the same bytes.

    Attributes:
        taken_at: When the mapping was taken (timezone-aware, stored in UTC).
        accounts: Our accounts (id, name, website, stage, owner, amount), by id.
        partners: The partners mapped, by name.
        overlaps: Every overlap, by our account id, partner, partner account id.
        source: ``map`` for a full mapping; ``overlaps.csv`` when rebuilt from an older
            output folder's CSV (no websites, amounts or accounts without overlaps,
            and no partner owner on Generate overlaps).
    """

    taken_at: datetime = field(converter=_utc)
    accounts: tuple[Account, ...] = field(converter=_sorted_accounts)
    partners: tuple[str, ...] = field(converter=_sorted_partners)
    overlaps: tuple[SnapshotOverlap, ...] = field(converter=_sorted_overlaps)
    source: SnapshotSource = field(default="map", validator=validators.in_(("map", "overlaps.csv")))

    def __attrs_post_init__(self) -> None:
        _check_unique(self)

    # -- building ---------------------------------------------------------------

    @classmethod
    def from_account_map(
        cls, account_map: AccountMap, *, taken_at: datetime | None = None
    ) -> Snapshot:
        """Freeze a mapping run.

        Args:
            account_map: The mapping.
            taken_at: When it was taken; the current UTC time when ``None``.

        Returns:
            The snapshot.
        """
        accounts = [_slim(a) for a in account_map.accounts]
        overlaps = [
            SnapshotOverlap(
                account_id=o.account.id,
                partner=o.partner,
                partner_account=_slim(o.partner_account, amount=False),
                confidence=o.match.confidence,
                rule=o.match.evidence.rule,
                play=o.call.play,
            )
            for o in account_map.overlaps
        ]
        return cls(
            taken_at=_now(taken_at),
            accounts=accounts,
            partners=account_map.partners,
            overlaps=overlaps,
        )

    @classmethod
    def from_folder(
        cls, path: str | os.PathLike[str], *, taken_at: datetime | None = None
    ) -> Snapshot:
        """Read the snapshot of a ``cocorev map --out DIR`` folder.

        ``snapshot.json`` is read when present (lossless). Older folders have only
        ``overlaps.csv``; the snapshot is then rebuilt from it with
        ``source="overlaps.csv"``: our accounts are those with overlaps, partners are
        those with overlaps, and websites, amounts and the partner owner of Generate
        overlaps (never written) are unknown.

        Args:
            path: The output folder.
            taken_at: When the mapping was taken, for a folder without
                ``snapshot.json``; defaults to the modification time of
                ``overlaps.csv``. Ignored when ``snapshot.json`` is present.

        Returns:
            The snapshot.

        Raises:
            InputError: Not a folder, or it holds neither file.
            SchemaError: A file that is not a valid snapshot or overlaps table.
        """
        folder = Path(path)
        if not folder.is_dir():
            msg = f"{folder}: not a folder"
            raise InputError(msg, file=str(folder))
        document = folder / "snapshot.json"
        if document.is_file():
            try:
                return cls.from_json(document.read_text(encoding="utf-8"))
            except SchemaError as exc:
                msg = f"{document}: {exc}"
                raise SchemaError(msg, file=str(document)) from exc
        table = folder / "overlaps.csv"
        if not table.is_file():
            msg = f"{folder}: no snapshot.json or overlaps.csv; is it a 'cocorev map --out' folder?"
            raise InputError(msg, file=str(folder))
        when = (
            taken_at
            if taken_at is not None
            else datetime.fromtimestamp(table.stat().st_mtime, tz=UTC)
        )
        return _from_overlaps_csv(table, _utc(when))

    # -- serialising ------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Return the snapshot as JSON-safe data (enums as values, time as ISO-8601 UTC)."""
        return {
            "format": SNAPSHOT_FORMAT,
            "version": SNAPSHOT_VERSION,
            "taken_at": _iso(self.taken_at),
            "source": self.source,
            "accounts": [_account_dict(a) for a in self.accounts],
            "partners": list(self.partners),
            "overlaps": [_overlap_dict(o) for o in self.overlaps],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Snapshot:
        """Rebuild a snapshot from :meth:`to_dict` data.

        Raises:
            SchemaError: Not a cocorev snapshot, a newer version, or a malformed field.
        """
        if not isinstance(data, Mapping) or data.get("format") != SNAPSHOT_FORMAT:
            msg = f"not a cocorev snapshot (expected format {SNAPSHOT_FORMAT!r})"
            raise SchemaError(msg, column="format")
        version = data.get("version")
        if version != SNAPSHOT_VERSION:
            msg = (
                f"snapshot version {version!r} is not supported; this cocorev reads "
                f"version {SNAPSHOT_VERSION} (upgrade cocorev for newer snapshots)"
            )
            raise SchemaError(msg, column="version", value=str(version))
        try:
            return cls(
                taken_at=_parse_iso(data["taken_at"]),
                accounts=[_account_from(a) for a in data["accounts"]],
                partners=[str(p) for p in data["partners"]],
                overlaps=[_overlap_from(o) for o in data["overlaps"]],
                source=data.get("source", "map"),
            )
        except SchemaError:
            raise
        except KeyError as exc:
            msg = f"snapshot: missing field {exc.args[0]!r}"
            raise SchemaError(msg, column=str(exc.args[0])) from exc
        except (TypeError, ValueError, AttributeError) as exc:
            msg = f"snapshot: malformed field ({exc})"
            raise SchemaError(msg) from exc

    def to_json(self, *, indent: int | None = None) -> str:
        """Return the snapshot as JSON text with sorted keys: equal snapshots, equal bytes.

        Args:
            indent: Pretty-print with this indent; compact when ``None``.
        """
        separators = (",", ":") if indent is None else (",", ": ")
        return json.dumps(
            self.to_dict(),
            sort_keys=True,
            ensure_ascii=False,
            indent=indent,
            separators=separators,
            allow_nan=False,
        )

    @classmethod
    def from_json(cls, text: str | bytes) -> Snapshot:
        """Rebuild a snapshot from :meth:`to_json` text.

        Raises:
            SchemaError: Not JSON, or not a valid snapshot.
        """
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            msg = f"snapshot: not valid JSON ({exc})"
            raise SchemaError(msg) from exc
        return cls.from_dict(data)

    # -- looking up -------------------------------------------------------------

    def account_index(self) -> dict[str, Account]:
        """Return our accounts by id (a fresh dict)."""
        return {a.id: a for a in self.accounts}

    def overlap_index(self) -> dict[OverlapKey, SnapshotOverlap]:
        """Return the overlaps by their stable key (a fresh dict)."""
        return {(o.account_id, o.partner, o.partner_account.id): o for o in self.overlaps}


def _slim(account: Account, *, amount: bool = True) -> Account:
    """Keep only the fields a snapshot stores."""
    if not account.identifiers and not account.extra and (amount or account.amount is None):
        return account
    return evolve(account, identifiers=(), extra=(), amount=account.amount if amount else None)


def _owner_dict(owner: Owner | None) -> dict[str, str | None] | None:
    return None if owner is None else {"email": owner.email, "name": owner.name}


def _owner_from(data: Mapping[str, Any] | None) -> Owner | None:
    if data is None:
        return None
    return Owner(name=data.get("name"), email=data.get("email"))


def _account_dict(account: Account) -> dict[str, Any]:
    return {
        "amount": account.amount,
        "id": account.id,
        "name": account.name,
        "owner": _owner_dict(account.owner),
        "stage": account.stage.value,
        "website": account.website,
    }


def _account_from(data: Mapping[str, Any]) -> Account:
    return Account(
        id=data["id"],
        name=data["name"],
        website=data.get("website"),
        stage=Stage(data["stage"]),
        owner=_owner_from(data.get("owner")),
        amount=data.get("amount"),
    )


def _overlap_dict(overlap: SnapshotOverlap) -> dict[str, Any]:
    theirs = overlap.partner_account
    return {
        "account_id": overlap.account_id,
        "confidence": overlap.confidence,
        "partner": overlap.partner,
        "partner_account_id": theirs.id,
        "partner_account_name": theirs.name,
        "partner_owner": _owner_dict(theirs.owner),
        "partner_stage": theirs.stage.value,
        "partner_website": theirs.website,
        "play": overlap.play.value,
        "rule": overlap.rule,
    }


def _overlap_from(data: Mapping[str, Any]) -> SnapshotOverlap:
    return SnapshotOverlap(
        account_id=data["account_id"],
        partner=data["partner"],
        partner_account=Account(
            id=data["partner_account_id"],
            name=data["partner_account_name"],
            website=data.get("partner_website"),
            stage=Stage(data["partner_stage"]),
            owner=_owner_from(data.get("partner_owner")),
        ),
        confidence=data["confidence"],
        rule=data["rule"],
        play=Play(data["play"]),
    )


def _unsafe(text: str) -> str:
    """Undo the formula guard of ``io.write_results`` (a leading ``'``)."""
    if text.startswith("'") and text[1:].startswith(_FORMULA_START):
        return text[1:]
    return text


_CSV_NEEDED = (
    "account_id",
    "account_name",
    "our_stage",
    "partner",
    "partner_account_id",
    "partner_account_name",
    "partner_stage",
    "play",
    "confidence",
    "rule",
)


def _from_overlaps_csv(table: Path, taken_at: datetime) -> Snapshot:
    label = str(table)
    accounts: dict[str, Account] = {}
    overlaps: list[SnapshotOverlap] = []
    try:
        with table.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in _CSV_NEEDED if c not in (reader.fieldnames or ())]
            if missing:
                msg = f"{label}: missing column(s) {', '.join(missing)}; not a cocorev overlaps.csv"
                raise SchemaError(msg, file=label, row=1, column=missing[0])
            for row in reader:
                cell = {k: _unsafe(v or "") for k, v in row.items() if k is not None}
                line = reader.line_num
                try:
                    account_id, our_stage = cell["account_id"], Stage(cell["our_stage"])
                    if account_id not in accounts:
                        accounts[account_id] = Account(
                            id=account_id, name=cell["account_name"], stage=our_stage
                        )
                    owner_name = cell.get("owner_name") or None
                    owner_email = cell.get("owner_email") or None
                    owner = Owner(owner_name, owner_email) if owner_name or owner_email else None
                    overlaps.append(
                        SnapshotOverlap(
                            account_id=account_id,
                            partner=cell["partner"],
                            partner_account=Account(
                                id=cell["partner_account_id"],
                                name=cell["partner_account_name"],
                                stage=cell["partner_stage"],
                                owner=owner,
                            ),
                            confidence=cell["confidence"],
                            rule=cell["rule"],
                            play=cell["play"],
                        )
                    )
                except ValueError as exc:
                    msg = f"{label}:{line}: {exc}"
                    raise SchemaError(msg, file=label, row=line) from exc
    except (UnicodeDecodeError, csv.Error) as exc:
        msg = f"{label}: not a readable CSV file ({exc})"
        raise SchemaError(msg, file=label) from exc
    return Snapshot(
        taken_at=taken_at,
        accounts=accounts.values(),
        partners={o.partner for o in overlaps},
        overlaps=overlaps,
        source="overlaps.csv",
    )


# -- the store ------------------------------------------------------------------


@frozen(kw_only=True)
class SnapshotInfo:
    """One stored snapshot, as :meth:`SnapshotStore.list` shows it.

    Attributes:
        id: The store's id for the snapshot.
        taken_at: When the mapping was taken (UTC).
        label: The label given when saving, if any.
        accounts: Number of our accounts in the snapshot.
        overlaps: Number of overlaps in the snapshot.
    """

    id: int
    taken_at: datetime
    label: str | None
    accounts: int
    overlaps: int


def _epoch_us(value: datetime) -> int:
    delta = _utc(value) - datetime(1970, 1, 1, tzinfo=UTC)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


_CREATE = f"""
CREATE TABLE IF NOT EXISTS {_TABLE} (
    id INTEGER PRIMARY KEY,
    schema_version INTEGER NOT NULL,
    taken_at TEXT NOT NULL,
    taken_at_us INTEGER NOT NULL,
    label TEXT,
    accounts INTEGER NOT NULL,
    overlaps INTEGER NOT NULL,
    body TEXT NOT NULL
)
"""
_INDEX = f"CREATE INDEX IF NOT EXISTS {_TABLE}_taken_at ON {_TABLE} (taken_at_us, id)"


@define
class SnapshotStore:
    """Dated snapshots in an SQLite file, in one table of their own.

    The store uses only the table ``cocorev_snapshots`` (and its index), so it can live
    in the same file as the give-to-get ledger or any other application's tables; it
    never creates, reads or changes anything else. Every row records the store's
    schema version; a file written by a newer cocorev is refused rather than
    misread. Stored snapshots are never changed.

    Example:
        >>> from datetime import datetime, timezone
        >>> store = SnapshotStore.memory()
        >>> snap = Snapshot(taken_at=datetime(2024, 5, 6, tzinfo=timezone.utc),
        ...                 accounts=(), partners=(), overlaps=())
        >>> store.save(snap, label="week 19")
        1
        >>> store.get(1) == snap, store.list()[0].label
        (True, 'week 19')
    """

    _connection: sqlite3.Connection = field(alias="connection")
    _where: str = field(alias="where", default=":memory:")

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> SnapshotStore:
        """Open (or create) the store in an SQLite file, in write-ahead-log mode.

        Raises:
            InputError: The file is not an SQLite database.
            SchemaError: Its ``cocorev_snapshots`` table has another shape or a newer
                schema version.
        """
        where = str(path)
        try:
            connection = sqlite3.connect(where)
            connection.execute("PRAGMA journal_mode=WAL")
        except sqlite3.DatabaseError as exc:
            msg = f"{where}: not an SQLite database ({exc})"
            raise InputError(msg, file=where) from exc
        return cls._ready(connection, where)

    @classmethod
    def memory(cls) -> SnapshotStore:
        """Return a store in memory, gone when closed (for tests and notebooks)."""
        return cls._ready(sqlite3.connect(":memory:"), ":memory:")

    @classmethod
    def _ready(cls, connection: sqlite3.Connection, where: str) -> SnapshotStore:
        try:
            with connection:
                connection.execute(_CREATE)
            columns = tuple(row[1] for row in connection.execute(f"PRAGMA table_info({_TABLE})"))
            if columns != _COLUMNS:
                connection.close()
                msg = f"{where}: table {_TABLE} has columns {columns}, expected {_COLUMNS}"
                raise SchemaError(msg, file=where, column=_TABLE)
            with connection:
                connection.execute(_INDEX)
            newest = connection.execute(f"SELECT MAX(schema_version) FROM {_TABLE}").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            connection.close()
            msg = f"{where}: not a usable SQLite database ({exc})"
            raise InputError(msg, file=where) from exc
        if newest is not None and newest > _STORE_SCHEMA:
            connection.close()
            msg = (
                f"{where}: snapshots written with store schema {newest}; this cocorev "
                f"reads schema {_STORE_SCHEMA} (upgrade cocorev)"
            )
            raise SchemaError(msg, file=where, column="schema_version", value=str(newest))
        return cls(connection=connection, where=where)

    def close(self) -> None:
        """Close the database connection."""
        self._connection.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def save(self, snapshot: Snapshot, *, label: str | None = None) -> int:
        """Store a snapshot and return its id (ids increase with every save, from 1)."""
        with self._connection:
            cursor = self._connection.execute(
                f"INSERT INTO {_TABLE} (schema_version, taken_at, taken_at_us, label, "
                "accounts, overlaps, body) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    _STORE_SCHEMA,
                    _iso(snapshot.taken_at),
                    _epoch_us(snapshot.taken_at),
                    label,
                    len(snapshot.accounts),
                    len(snapshot.overlaps),
                    snapshot.to_json(),
                ),
            )
        row_id = cursor.lastrowid
        if row_id is None:  # pragma: no cover - sqlite always reports the row of an INSERT
            msg = f"{self._where}: the snapshot was not stored"
            raise InputError(msg, file=self._where)
        return row_id

    def get(self, snapshot_id: int) -> Snapshot:
        """Return the stored snapshot with this id.

        Raises:
            InputError: No snapshot has this id (``.value`` holds it).
        """
        row = self._connection.execute(
            f"SELECT body FROM {_TABLE} WHERE id = ?", (int(snapshot_id),)
        ).fetchone()
        if row is None:
            msg = f"{self._where}: no snapshot with id {snapshot_id}"
            raise InputError(msg, file=self._where, value=str(snapshot_id))
        return Snapshot.from_json(row[0])

    def list(self) -> tuple[SnapshotInfo, ...]:
        """Return every stored snapshot's id, date, label and counts, oldest first."""
        return tuple(self._infos(f"SELECT {_INFO} FROM {_TABLE} ORDER BY taken_at_us, id", ()))

    def latest(self, before: datetime | None = None) -> Snapshot | None:
        """Return the most recent snapshot, or the most recent taken strictly before ``before``.

        Ties on ``taken_at`` go to the one saved last. ``None`` when there is none.
        """
        info = self.latest_info(before)
        return None if info is None else self.get(info.id)

    def latest_info(self, before: datetime | None = None) -> SnapshotInfo | None:
        """Return the :class:`SnapshotInfo` of what :meth:`latest` would return."""
        bound = _epoch_us(before) if before is not None else None
        query = f"SELECT {_INFO} FROM {_TABLE}"
        params: tuple[int, ...] = ()
        if bound is not None:
            query += " WHERE taken_at_us < ?"
            params = (bound,)
        query += " ORDER BY taken_at_us DESC, id DESC LIMIT 1"
        found = tuple(self._infos(query, params))
        return found[0] if found else None

    def _infos(self, query: str, params: tuple[int, ...]) -> Iterator[SnapshotInfo]:
        for row in self._connection.execute(query, params):
            yield SnapshotInfo(
                id=row[0],
                taken_at=_parse_iso(row[1]),
                label=row[2],
                accounts=row[3],
                overlaps=row[4],
            )


_INFO: Final = "id, taken_at, label, accounts, overlaps"
