"""SQLite plumbing of the ledger: file checks, schema migrations, transactions with retry.

Private to :mod:`cocorev.ledger`. It works on rows and SQL, and knows nothing of
``LedgerEntry``; the domain lives in ``ledger.py``.

The file layout:

* ``ledger_schema``: one row per applied migration (``version``, ``description``,
  ``applied_at``). Its highest version is the file's schema version; a file with no
  tables at all is version 0.
* ``ledger_entries``: the append-only log. Triggers refuse ``UPDATE`` and ``DELETE``.

Every write runs in one ``BEGIN IMMEDIATE`` transaction, retried with backoff while
another process holds the write lock (SQLITE_BUSY), until the store's timeout runs out.
"""

from __future__ import annotations

import math
import random
import sqlite3
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal, TypeVar

from attrs import field, frozen

from cocorev.errors import ConfigError, LedgerError, LedgerIntegrityError

__all__ = [
    "APPLICATION_ID",
    "COLUMNS",
    "CURRENT_VERSION",
    "MIGRATIONS",
    "Migration",
    "Synchronous",
    "connect",
    "is_busy",
    "migrate",
    "read_transaction",
    "schema_version",
    "write_transaction",
]

T = TypeVar("T")
Synchronous = Literal["full", "normal"]

SQLITE_HEADER = b"SQLite format 3\x00"
#: ``PRAGMA application_id`` of a cocorev ledger file ("ccrv").
APPLICATION_ID = 0x63637276
SCHEMA_TABLE = "ledger_schema"
ENTRIES_TABLE = "ledger_entries"

#: The columns of ``ledger_entries`` that hold an entry, in the order rows are read.
COLUMNS: tuple[str, ...] = (
    "id",
    "entry_kind",
    "partner",
    "kind",
    "weight",
    "status",
    "ref",
    "account",
    "note",
    "who",
    "at",
    "recorded_at",
)


def _strings(value: Sequence[str]) -> tuple[str, ...]:
    return tuple(value)


@frozen
class Migration:
    """One step of the schema, from ``version - 1`` to ``version``.

    Attributes:
        version: The schema version the step produces.
        description: What the step does, stored in ``ledger_schema``.
        statements: SQL statements run in order, inside the migration's transaction.
    """

    version: int
    description: str
    statements: tuple[str, ...] = field(converter=_strings)


_V1 = Migration(
    1,
    "entries log with append-only triggers and indexes",
    (
        f"""CREATE TABLE {SCHEMA_TABLE} (
            version INTEGER PRIMARY KEY,
            description TEXT NOT NULL,
            applied_at TEXT NOT NULL
        )""",
        f"""CREATE TABLE {ENTRIES_TABLE} (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            entry_kind TEXT NOT NULL
                CHECK (entry_kind IN ('give', 'get', 'ask', 'resolve', 'reversal')),
            partner TEXT NOT NULL CHECK (length(trim(partner)) > 0),
            kind TEXT,
            weight REAL NOT NULL DEFAULT 1.0 CHECK (weight >= 0),
            status TEXT CHECK (status IS NULL OR status IN ('fulfilled', 'declined', 'withdrawn')),
            ref TEXT,
            account TEXT,
            note TEXT,
            who TEXT,
            at TEXT NOT NULL,
            recorded_at TEXT NOT NULL
        )""",
        # Covers the credit and responsiveness sums: they never touch the table itself.
        f"""CREATE INDEX ledger_entries_tally
            ON {ENTRIES_TABLE} (entry_kind, partner, kind, at, weight, id)""",
        f"CREATE INDEX ledger_entries_partner ON {ENTRIES_TABLE} (partner)",
        f"CREATE INDEX ledger_entries_kind_ref ON {ENTRIES_TABLE} (entry_kind, ref)",
        f"CREATE INDEX ledger_entries_ref ON {ENTRIES_TABLE} (ref) WHERE ref IS NOT NULL",
        f"""CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON {ENTRIES_TABLE}
            BEGIN
                SELECT RAISE(ABORT, 'the cocorev ledger is append-only: entries cannot be changed');
            END""",
        f"""CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON {ENTRIES_TABLE}
            BEGIN
                SELECT RAISE(ABORT, 'the cocorev ledger is append-only: entries cannot be deleted');
            END""",
    ),
)

#: Every migration, oldest first. Append new steps; never edit a released one.
MIGRATIONS: tuple[Migration, ...] = (_V1,)
#: The schema version this cocorev writes.
CURRENT_VERSION = MIGRATIONS[-1].version

_BUSY_CODES = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def is_busy(exc: sqlite3.Error) -> bool:
    """Return whether ``exc`` means another connection holds a lock (worth retrying)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return (code & 0xFF) in _BUSY_CODES
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _backoff(attempt: int) -> float:
    """Return a jittered sleep, 5 ms doubling to 200 ms."""
    base: float = min(0.2, 0.005 * 2**attempt)
    return base * (0.5 + random.random())


def _wrap(exc: sqlite3.Error, path: str, action: str) -> LedgerError:
    """Translate an sqlite3 error into the cocorev error tree."""
    if isinstance(exc, sqlite3.IntegrityError):
        if f"{ENTRIES_TABLE}.id" in str(exc):
            return LedgerIntegrityError(
                f"ledger {path}: an entry with that id is already in the ledger; "
                "entries are never rewritten"
            )
        return LedgerIntegrityError(f"ledger {path}: {action} refused by the database: {exc}")
    text = str(exc).lower()
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return LedgerIntegrityError(f"ledger {path} is damaged or not a ledger: {exc}")
    return LedgerError(f"ledger {path}: {action} failed: {exc}")


def _rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        conn.execute("ROLLBACK")


def _run_transaction(
    conn: sqlite3.Connection,
    begin: str,
    body: Callable[[sqlite3.Connection], T],
    *,
    path: str,
    timeout: float,
    action: str,
) -> T:
    deadline = time.monotonic() + timeout
    attempt = 0
    while True:
        try:
            conn.execute(begin)
            try:
                result = body(conn)
                conn.execute("COMMIT")
            except BaseException:
                _rollback(conn)
                raise
        except sqlite3.Error as exc:
            if is_busy(exc) and time.monotonic() < deadline:
                time.sleep(_backoff(attempt))
                attempt += 1
                continue
            if is_busy(exc):
                msg = (
                    f"ledger {path}: {action} gave up after {timeout:g} s waiting for another "
                    f"writer to finish ({exc}); retry, or raise the timeout"
                )
                raise LedgerError(msg) from exc
            raise _wrap(exc, path, action) from exc
        return result


def write_transaction(
    conn: sqlite3.Connection,
    body: Callable[[sqlite3.Connection], T],
    *,
    path: str,
    timeout: float,
) -> T:
    """Run ``body`` in one ``BEGIN IMMEDIATE`` transaction and commit it.

    The whole transaction is retried while the database is busy, so ``body`` may run
    more than once and must have no effect outside the connection. If ``body`` raises,
    the transaction is rolled back and nothing is written.
    """
    return _run_transaction(
        conn, "BEGIN IMMEDIATE", body, path=path, timeout=timeout, action="write"
    )


def read_transaction(
    conn: sqlite3.Connection,
    body: Callable[[sqlite3.Connection], T],
    *,
    path: str,
    timeout: float,
) -> T:
    """Run ``body`` on one consistent snapshot (a deferred transaction)."""
    return _run_transaction(conn, "BEGIN", body, path=path, timeout=timeout, action="read")


_COCOREV_NEIGHBOURS = frozenset({"cocorev_snapshots"})


def _user_tables(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
        "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
    ).fetchall()
    # Other cocorev stores may share the file (the snapshot store of cocorev.snapshot).
    return {str(row[0]) for row in rows} - _COCOREV_NEIGHBOURS


def schema_version(conn: sqlite3.Connection, path: str, *, latest: int = CURRENT_VERSION) -> int:
    """Return the ledger schema version of an open database (0 when it has no tables).

    Args:
        conn: The open database.
        path: Its path, for messages.
        latest: The highest version this code can read.

    Raises:
        LedgerIntegrityError: The database holds other tables, or a ledger written by
            a newer cocorev.
    """
    tables = _user_tables(conn)
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    if app_id not in (0, APPLICATION_ID):
        msg = (
            f"{path} is not a cocorev ledger: it is an SQLite database of another "
            f"application (application_id {app_id:#x}); pass the path of a new file"
        )
        raise LedgerIntegrityError(msg)
    if not tables:
        return 0
    if SCHEMA_TABLE not in tables:
        shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
        msg = (
            f"{path} is not a cocorev ledger: it is an SQLite database with other tables "
            f"({shown}); cocorev will not add its tables to it. Pass the path of a new "
            "file or of an existing ledger"
        )
        raise LedgerIntegrityError(msg)
    version = conn.execute(f"SELECT MAX(version) FROM {SCHEMA_TABLE}").fetchone()[0]
    if not isinstance(version, int) or version < 1:
        msg = f"{path} is a damaged ledger: its {SCHEMA_TABLE} table records no version"
        raise LedgerIntegrityError(msg)
    if version > latest:
        msg = (
            f"{path} is a ledger of schema version {version}, written by a newer cocorev; "
            f"this one reads up to version {latest}. Upgrade cocorev"
        )
        raise LedgerIntegrityError(msg)
    if ENTRIES_TABLE not in tables:
        msg = f"{path} is a damaged ledger: table {ENTRIES_TABLE} is missing"
        raise LedgerIntegrityError(msg)
    return version


def migrate(
    conn: sqlite3.Connection,
    *,
    path: str,
    applied_at: str,
    timeout: float,
    migrations: Sequence[Migration] = MIGRATIONS,
) -> int:
    """Bring the database up to the last of ``migrations``, in one transaction.

    The version is read again under the write lock, so processes that open a new file at
    the same time apply each step once. A failing step rolls every step back.

    Returns:
        The schema version after migrating.
    """
    target = migrations[-1].version

    def body(c: sqlite3.Connection) -> int:
        version = schema_version(c, path, latest=target)
        for step in migrations:
            if step.version <= version:
                continue
            try:
                for statement in step.statements:
                    c.execute(statement)
            except sqlite3.Error as exc:
                msg = (
                    f"{path}: migrating the ledger to schema version {step.version} "
                    f"({step.description}) failed: {exc}; the file is unchanged"
                )
                raise LedgerIntegrityError(msg) from exc
            c.execute(
                f"INSERT INTO {SCHEMA_TABLE} (version, description, applied_at) VALUES (?, ?, ?)",
                (step.version, step.description, applied_at),
            )
            version = step.version
        c.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        c.execute(f"PRAGMA user_version = {version}")
        return version

    return write_transaction(conn, body, path=path, timeout=timeout)


def _check_header(path: Path) -> None:
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header and header != SQLITE_HEADER:
        msg = (
            f"{path} is not a cocorev ledger: it is not an SQLite database "
            f"(it starts with {header[:8]!r}). Pass the path of a new file or of an existing ledger"
        )
        raise LedgerIntegrityError(msg)


def _ensure_exp(conn: sqlite3.Connection) -> None:
    """Make ``exp()`` available: SQLite builds without math functions lack it."""
    try:
        conn.execute("SELECT exp(0.0)").fetchone()
    except sqlite3.OperationalError:
        conn.create_function("exp", 1, math.exp, deterministic=True)


def _set_wal(conn: sqlite3.Connection, path: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    attempt = 0
    while True:
        try:
            mode = str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
            break
        except sqlite3.OperationalError as exc:
            if is_busy(exc) and time.monotonic() < deadline:
                time.sleep(_backoff(attempt))
                attempt += 1
                continue
            raise _wrap(exc, path, "switching to WAL mode") from exc
    if mode.lower() != "wal":
        msg = (
            f"ledger {path}: SQLite refused write-ahead logging (journal mode {mode!r}); "
            "keep the ledger on a local file system"
        )
        raise LedgerError(msg)


def connect(
    path: Path,
    *,
    timeout: float,
    create: bool,
    applied_at: str,
    synchronous: Synchronous = "full",
) -> sqlite3.Connection:
    """Open (or create) a ledger file, check it is one, and migrate it to the current schema.

    Args:
        path: The ledger file.
        timeout: Seconds to wait for another writer's lock, per operation.
        create: Create the file when it does not exist; otherwise refuse.
        applied_at: ISO-8601 UTC time recorded against migrations applied now.
        synchronous: ``"full"`` syncs the log on every commit (survives power loss);
            ``"normal"`` only at checkpoints (survives a crash of the process).

    Returns:
        A connection in autocommit mode (transactions are explicit), WAL journal,
        ``synchronous`` as asked, ``busy_timeout`` set.

    Raises:
        LedgerIntegrityError: The file is not a ledger, or one written by a newer cocorev.
        LedgerError: The file cannot be opened or created.
    """
    where = str(path)
    if synchronous not in ("full", "normal"):
        msg = f"synchronous must be 'full' or 'normal', got {synchronous!r}"
        raise ConfigError(msg)
    if path.is_dir():
        msg = f"{where} is a folder; pass the path of a ledger file, such as {path / 'cocorev.db'}"
        raise LedgerError(msg)
    if path.exists():
        _check_header(path)
    elif not create:
        msg = f"no ledger at {where}; record an entry first, or pass the path of an existing ledger"
        raise LedgerError(msg)
    elif not path.parent.is_dir():
        msg = f"cannot create a ledger at {where}: folder {path.parent} does not exist"
        raise LedgerError(msg)
    try:
        conn = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise _wrap(exc, where, "opening") from exc
    try:
        conn.execute(f"PRAGMA busy_timeout = {max(0, int(timeout * 1000))}")
        version = read_transaction(
            conn, lambda c: schema_version(c, where), path=where, timeout=timeout
        )
        _set_wal(conn, where, timeout)
        conn.execute(f"PRAGMA synchronous = {synchronous.upper()}")
        if version < CURRENT_VERSION:
            migrate(conn, path=where, applied_at=applied_at, timeout=timeout)
        _ensure_exp(conn)
    except sqlite3.Error as exc:
        conn.close()
        raise _wrap(exc, where, "opening") from exc
    except BaseException:
        conn.close()
        raise
    return conn
