"""The ``cocorev ledger`` command group: record gives, gets and asks; show credit.

The main CLI registers it with :func:`add_parser` and calls ``args.func(args)``; each
handler returns an exit code and raises :class:`~cocorev.errors.CocorevError` for
rejected input (exit 1). :func:`run` parses and dispatches on its own, the same way.
"""

from __future__ import annotations

import argparse
import difflib
import json
import math
import shlex
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from cocorev._cli_share import _check_output
from cocorev.cli import _finite_float
from cocorev.errors import (
    CocorevError,
    InputError,
    LedgerError,
    LedgerIntegrityError,
    UnknownPartnerError,
)
from cocorev.ledger import (
    Ask,
    CanAsk,
    EntryKind,
    GiveKind,
    Ledger,
    LedgerEntry,
    PartnerStanding,
    _weight,
)
from cocorev.models import AskStatus

__all__ = ["DEFAULT_DB", "add_parser", "run"]

#: The ledger file used when ``--db`` is not given.
DEFAULT_DB = "./cocorev.db"

_Handler = Callable[[argparse.Namespace], int]
_KINDS = ", ".join(kind.label.lower() for kind in GiveKind)
_RESOLUTIONS = [s.value for s in AskStatus if s is not AskStatus.PENDING]

_GROUP_EPILOG = """\
examples:
  cocorev ledger give Globex intro --account A-17 --note "Intro to their CFO"
  cocorev ledger ask Globex intel --account A-17
  cocorev ledger resolve 3f2a9c0e5b7d4e1f8a6b2c4d9e0f1a2b fulfilled
  cocorev ledger credit
"""


def _kind(value: str) -> GiveKind:
    try:
        return GiveKind(value)
    except ValueError:
        msg = f"unknown kind {value!r}; use one of: {_KINDS}"
        raise argparse.ArgumentTypeError(msg) from None


def _weight_arg(value: str) -> float:
    """Parse ``--weight`` as the ledger checks a weight: a usage error when it is not one."""
    number = _finite_float(value)
    try:
        return _weight(number)
    except InputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _moment(value: str) -> datetime:
    """Parse ``--at``: an ISO date (midnight UTC) or date-time with a time zone."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        msg = f"{value!r} is not an ISO-8601 date or time, such as 2025-03-01 or 2025-03-01T14:30Z"
        raise argparse.ArgumentTypeError(msg) from None
    if len(value) == 10:  # a date alone
        return datetime.combine(parsed.date(), time(), tzinfo=UTC)
    if parsed.tzinfo is None:
        msg = f"{value!r} has no time zone; add Z for UTC or an offset such as +02:00"
        raise argparse.ArgumentTypeError(msg)
    return parsed


def _common() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--db",
        metavar="PATH",
        default=DEFAULT_DB,
        help=f"the ledger file (default: {DEFAULT_DB})",
    )
    parent.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="output format (default: table)",
    )
    return parent


def _entry_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("partner", metavar="PARTNER", help="the partner's name")
    parser.add_argument("kind", metavar="KIND", type=_kind, help=f"one of: {_KINDS}")
    parser.add_argument("--account", metavar="ID", help="our account it is about")
    parser.add_argument("--note", metavar="TEXT", help="free text")
    parser.add_argument("--by", metavar="NAME", help="who did it")
    parser.add_argument(
        "--at",
        metavar="WHEN",
        type=_moment,
        help="when it happened: 2025-03-01 (UTC) or 2025-03-01T14:30+01:00 (default: now)",
    )
    parser.add_argument(
        "--weight",
        metavar="N",
        type=_weight_arg,
        default=1.0,
        help="how much it counts relative to a typical one of its kind, 0 to 1000000 (default: 1)",
    )


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the ``ledger`` command group on the main parser's sub-commands.

    Every sub-command sets ``func``: a handler taking the parsed arguments and
    returning an exit code.
    """
    common = _common()
    raw = argparse.RawDescriptionHelpFormatter
    group = subparsers.add_parser(
        "ledger",
        help="track what you gave partners and what you asked of them",
        description=(
            "The give-to-get ledger: record what you gave each partner, what you asked "
            "and got, and see where you stand before making an ask."
        ),
        epilog=_GROUP_EPILOG,
        formatter_class=raw,
    )
    commands = group.add_subparsers(dest="ledger_command", metavar="COMMAND", required=True)

    def command(
        name: str, handler: _Handler, summary: str, example: str
    ) -> argparse.ArgumentParser:
        parser = commands.add_parser(
            name,
            parents=[common],
            help=summary,
            description=summary,
            epilog=f"example:\n  {example}\n",
            formatter_class=raw,
        )
        parser.set_defaults(func=handler)
        return parser

    _entry_options(
        command(
            "give",
            _give,
            "Record something you gave a partner.",
            'cocorev ledger give Globex intro --account A-17 --note "Intro to their CFO"',
        )
    )
    _entry_options(
        command(
            "get",
            _get,
            "Record help a partner gave you without being asked.",
            "cocorev ledger get Globex intel --account A-17",
        )
    )
    _entry_options(
        command(
            "ask",
            _ask,
            "Record an ask you made of a partner; prints the ask's id, to resolve it later.",
            "cocorev ledger ask Globex intro --account A-17 --note 'Meet their VP Sales'",
        )
    )
    resolve = command(
        "resolve",
        _resolve,
        "Record how an ask ended: fulfilled, declined or withdrawn.",
        "cocorev ledger resolve 3f2a9c0e5b7d4e1f8a6b2c4d9e0f1a2b fulfilled",
    )
    resolve.add_argument("ask_id", metavar="ASK_ID", help="the id printed by `ledger ask`")
    resolve.add_argument("status", choices=_RESOLUTIONS, help="how the ask ended")
    resolve.add_argument("--note", metavar="TEXT", help="free text")
    resolve.add_argument("--by", metavar="NAME", help="who recorded it")
    reverse = command(
        "reverse",
        _reverse,
        "Correct a mistake: record that an entry no longer counts (nothing is deleted).",
        "cocorev ledger reverse 3f2a9c0e5b7d4e1f8a6b2c4d9e0f1a2b --note 'wrong partner'",
    )
    reverse.add_argument("entry_id", metavar="ENTRY_ID", help="the id shown by `ledger history`")
    reverse.add_argument("--note", metavar="TEXT", help="why")
    reverse.add_argument("--by", metavar="NAME", help="who recorded it")
    credit = command(
        "credit",
        _credit,
        "Show credit, responsiveness and whether you can ask, per partner.",
        "cocorev ledger credit Globex --format json",
    )
    credit.add_argument("partner", metavar="PARTNER", nargs="?", help="one partner (default: all)")
    history = command(
        "history",
        _history,
        "Show every entry, oldest first, corrections included.",
        "cocorev ledger history Globex",
    )
    history.add_argument("partner", metavar="PARTNER", nargs="?", help="one partner (default: all)")
    export = command(
        "export",
        _export,
        "Write every entry to a JSON Lines file (- for standard output).",
        "cocorev ledger export ledger-backup.jsonl",
    )
    export.add_argument("file", metavar="FILE", help="the file to write, or - for stdout")
    export.add_argument("--force", action="store_true", help="overwrite FILE if it already exists")
    imports = command(
        "import",
        _import,
        "Add the entries of a JSON Lines export; entries already present are skipped.",
        "cocorev ledger import ledger-backup.jsonl --db restored.db",
    )
    imports.add_argument("file", metavar="FILE", help="the file to read, or - for stdin")


# ---------------------------------------------------------------------------------------
# Output


def _time(value: datetime | None) -> str:
    return "-" if value is None else value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _duration(value: timedelta | None) -> str:
    if value is None:
        return "-"
    minutes = int(value.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes}m"
    return f"{minutes}m"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    lines = [headers, *rows]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )


def _pairs(pairs: Sequence[tuple[str, str | None]]) -> str:
    shown = [(key, value) for key, value in pairs if value is not None]
    width = max(len(key) for key, _ in shown)
    return "\n".join(f"{key.ljust(width)}  {value}" for key, value in shown)


def _json_safe(data: object) -> object:
    """Return ``data`` with floats that are not finite as ``None``: JSON has no NaN."""
    if isinstance(data, float) and not math.isfinite(data):
        return None
    if isinstance(data, dict):
        return {key: _json_safe(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [_json_safe(value) for value in data]
    return data


def _print_json(data: object) -> None:
    print(json.dumps(_json_safe(data), ensure_ascii=False, indent=2, allow_nan=False))


def _show_entry(entry: LedgerEntry, fmt: str) -> None:
    if fmt == "json":
        _print_json(entry.to_dict())
        return
    print(
        _pairs(
            [
                ("id", entry.id),
                ("entry", entry.entry_kind.value),
                ("partner", entry.partner),
                ("kind", entry.kind.label.lower()),
                ("account", entry.account),
                ("at", _time(entry.at)),
                ("status", None if entry.status is None else entry.status.value),
                ("refers to", entry.ref),
                ("note", entry.note),
            ]
        )
    )


def _ask_dict(ask: Ask) -> dict[str, object]:
    return {
        "id": ask.id,
        "partner": ask.partner,
        "kind": ask.kind.value,
        "status": ask.status.value,
        "at": ask.at.isoformat(),
        "resolved_at": None if ask.resolved_at is None else ask.resolved_at.isoformat(),
        "account": ask.account,
        "note": ask.note,
        "by": ask.by,
        "weight": ask.weight,
    }


def _show_ask(ask: Ask, fmt: str) -> None:
    if fmt == "json":
        _print_json(_ask_dict(ask))
        return
    print(
        _pairs(
            [
                ("id", ask.id),
                ("entry", "ask"),
                ("partner", ask.partner),
                ("kind", ask.kind.label.lower()),
                ("account", ask.account),
                ("at", _time(ask.at)),
                ("status", ask.status.value),
                ("resolved", None if ask.resolved_at is None else _time(ask.resolved_at)),
                ("note", ask.note),
            ]
        )
    )


def _standing_dict(standing: PartnerStanding, verdict: CanAsk) -> dict[str, object]:
    credit = standing.credit
    responsiveness = standing.responsiveness
    median = responsiveness.median_time_to_fulfil
    return {
        "partner": standing.partner,
        "credit": {
            "score": credit.score,
            "given": credit.given,
            "received": credit.received,
            "gives": credit.gives,
            "gets": credit.gets,
            "fulfilled_asks": credit.fulfilled_asks,
        },
        "responsiveness": {
            "asks": responsiveness.asks,
            "fulfilled": responsiveness.fulfilled,
            "declined": responsiveness.declined,
            "withdrawn": responsiveness.withdrawn,
            "pending": responsiveness.pending,
            "rate": responsiveness.rate,
            "median_seconds_to_fulfil": None if median is None else median.total_seconds(),
        },
        "last_touch": None if standing.last_touch is None else standing.last_touch.isoformat(),
        "can_ask": {"ok": verdict.ok, "reason": verdict.reason},
    }


# ---------------------------------------------------------------------------------------
# Handlers


def _open(args: argparse.Namespace, *, create: bool) -> Ledger:
    return Ledger.open(args.db, create=create)


def _known_partner(ledger: Ledger, partner: str) -> str:
    """Return ``partner`` if the ledger has entries with it; otherwise raise with hints."""
    name = partner.strip()
    known = ledger.partners()
    if name in known:
        return name
    close = difflib.get_close_matches(name, known, n=3)
    hint = f"did you mean {', '.join(close)}?" if close else "record an entry with it first"
    msg = f"no entries with partner {name!r} in the ledger; {hint}"
    raise UnknownPartnerError(msg)


def _known_id(ledger: Ledger, entry_id: str, what: str, db: str) -> None:
    """Raise, in the command line's words, when the ledger has no entry ``entry_id``."""
    try:
        ledger.entry(entry_id)
    except InputError as exc:
        msg = (
            f"{what} id {entry_id!r} is not a ledger id (32 hex digits, as "
            "'cocorev ledger history' shows)"
        )
        raise InputError(msg, column=exc.column, value=exc.value) from exc
    except LedgerIntegrityError:
        raise
    except LedgerError as exc:
        history = "cocorev ledger history" + (
            "" if db == DEFAULT_DB else f" --db {shlex.quote(db)}"
        )
        msg = f"no {what} with id {entry_id.strip()!r} in {db}; list the ids with: {history}"
        raise LedgerError(msg) from exc


def _record(args: argparse.Namespace, entry_kind: EntryKind) -> int:
    def write(ledger: Ledger) -> LedgerEntry | Ask:
        method = {EntryKind.GIVE: ledger.give, EntryKind.GET: ledger.get}.get(entry_kind)
        options = {"account": args.account, "note": args.note, "at": args.at, "by": args.by}
        if method is None:
            return ledger.ask(args.partner, args.kind, weight=args.weight, **options)
        return method(args.partner, args.kind, weight=args.weight, **options)

    # Check the entry on a scratch ledger first, so a rejected one does not even
    # create the ledger file.
    write(Ledger.memory())
    with _open(args, create=True) as ledger:
        spelled = [
            p
            for p in ledger.partners()
            if p != args.partner and p.casefold() == args.partner.casefold()
        ]
        written = write(ledger)
    if spelled:
        print(
            f"cocorev: note: {args.partner!r} is a new partner in this ledger; "
            f"{', '.join(repr(p) for p in spelled)} is spelled differently. Partner names are "
            "case-sensitive: use one spelling, or reverse this entry.",
            file=sys.stderr,
        )
    if isinstance(written, Ask):
        _show_ask(written, args.format)
    else:
        _show_entry(written, args.format)
    return 0


def _give(args: argparse.Namespace) -> int:
    return _record(args, EntryKind.GIVE)


def _get(args: argparse.Namespace) -> int:
    return _record(args, EntryKind.GET)


def _ask(args: argparse.Namespace) -> int:
    return _record(args, EntryKind.ASK)


def _resolve(args: argparse.Namespace) -> int:
    with _open(args, create=False) as ledger:
        _known_id(ledger, args.ask_id, "ask", args.db)
        ask = ledger.resolve(args.ask_id, args.status, note=args.note, by=args.by)
        _show_ask(ask, args.format)
    return 0


def _reverse(args: argparse.Namespace) -> int:
    with _open(args, create=False) as ledger:
        _known_id(ledger, args.entry_id, "entry", args.db)
        _show_entry(ledger.reverse(args.entry_id, note=args.note, by=args.by), args.format)
    return 0


def _credit(args: argparse.Namespace) -> int:
    with _open(args, create=False) as ledger:
        if args.partner is None:
            standings = ledger.standings()
        else:
            standings = (ledger.standing(_known_partner(ledger, args.partner)),)
        verdicts = [ledger.policy.can_ask(s) for s in standings]
    if args.format == "json":
        _print_json([_standing_dict(s, v) for s, v in zip(standings, verdicts, strict=True)])
        return 0
    if not standings:
        print("The ledger has no entries yet. Record one with: cocorev ledger give PARTNER KIND")
        return 0
    headers = (
        "PARTNER",
        "CREDIT",
        "GIVES",
        "GETS",
        "ASKS",
        "FULFILLED",
        "PENDING",
        "RESPONSIVE",
        "MEDIAN FULFIL",
        "LAST TOUCH",
        "CAN ASK",
    )
    rows = []
    for standing, verdict in zip(standings, verdicts, strict=True):
        responsiveness = standing.responsiveness
        rate = responsiveness.rate
        rows.append(
            (
                standing.partner,
                f"{round(standing.score, 1) + 0.0:.1f}",
                str(standing.credit.gives),
                str(standing.credit.gets),
                str(responsiveness.asks),
                str(responsiveness.fulfilled),
                str(responsiveness.pending),
                "-" if rate is None else f"{rate:.0%}",
                _duration(responsiveness.median_time_to_fulfil),
                _time(standing.last_touch),
                "yes" if verdict.ok else "no",
            )
        )
    print(_table(headers, rows))
    print()
    for verdict in verdicts:
        print(f"{verdict.partner}: {verdict.reason}")
    return 0


def _history(args: argparse.Namespace) -> int:
    with _open(args, create=False) as ledger:
        partner = None if args.partner is None else _known_partner(ledger, args.partner)
        entries = ledger.entries(partner)
    if args.format == "json":
        _print_json([e.to_dict() for e in entries])
        return 0
    if not entries:
        print("The ledger has no entries yet.")
        return 0
    reversed_by = {e.ref: e.id for e in entries if e.entry_kind is EntryKind.REVERSAL}
    rows = []
    for e in entries:
        if e.entry_kind is EntryKind.RESOLVE and e.status is not None:
            detail = f"{e.status.value}: ask {e.ref}"
        elif e.entry_kind is EntryKind.REVERSAL:
            detail = f"reverses {e.ref}"
        else:
            detail = ""
        if e.id in reversed_by:
            detail = f"{detail} (reversed)".strip()
        rows.append(
            (
                _time(e.at),
                e.id,
                e.entry_kind.value,
                e.partner,
                e.kind.label.lower(),
                e.account or "",
                detail,
                (e.note or "").replace("\n", " "),
            )
        )
    headers = ("AT", "ID", "ENTRY", "PARTNER", "KIND", "ACCOUNT", "DETAIL", "NOTE")
    print(_table(headers, rows))
    return 0


def _export(args: argparse.Namespace) -> int:
    target = None
    if args.file != "-":
        target = _check_output(args.file, force=args.force)
        if target.exists() and target.resolve() == Path(args.db).resolve():
            msg = f"{args.file}: is the ledger itself (--db); name another file to export to"
            raise InputError(msg, file=args.file)
    with _open(args, create=False) as ledger:
        if target is None:
            ledger.export_jsonl(sys.stdout)
            return 0
        count = ledger.export_jsonl(target, overwrite=args.force)
    if args.format == "json":
        _print_json({"exported": count, "file": args.file})
    else:
        print(f"Exported {count} entries to {args.file}")
    return 0


def _import(args: argparse.Namespace) -> int:
    with _open(args, create=True) as ledger:
        report = ledger.import_jsonl(sys.stdin if args.file == "-" else args.file)
    if args.format == "json":
        _print_json({"added": report.added, "skipped": report.skipped, "file": args.file})
    else:
        print(
            f"Imported {report.added} entries from {args.file} "
            f"({report.skipped} already in the ledger)"
        )
    return 0


def run(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` as ``cocorev ledger ...`` would, run the command, return its exit code.

    Exit codes: 0 ok, 1 rejected input or a ledger error (message on stderr, nothing
    written), 2 bad arguments (argparse's own).

    Example:
        ``run(["ledger", "credit", "--db", "cocorev.db"])``
    """
    parser = argparse.ArgumentParser(prog="cocorev")
    add_parser(parser.add_subparsers(dest="command", metavar="COMMAND", required=True))
    try:
        args = parser.parse_args(argv)
        handler: _Handler = args.func
        return handler(args)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    except CocorevError as exc:
        print(f"cocorev: error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"cocorev: error: {exc.filename or ''}: {exc.strerror}", file=sys.stderr)
        return 1
