"""The ``cocorev signals`` and ``cocorev snapshot`` commands.

Each side of ``cocorev signals`` is an output folder of ``cocorev map --out`` (with
``snapshot.json`` or, for older folders, ``overlaps.csv``), a ``snapshot.json`` file,
or a snapshot stored with ``cocorev snapshot save`` (its id, or ``latest``).
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from attrs import evolve

from cocorev.errors import InputError
from cocorev.signals import Signal, diff, write_jsonl
from cocorev.snapshot import Snapshot, SnapshotStore, _iso, _parse_iso

__all__ = ["add_parser"]

DEFAULT_DB = "cocorev.db"

_SIGNALS_EXAMPLE = """\
examples:
  cocorev signals week19/ week20/                 two 'cocorev map --out' folders
  cocorev signals 3 week20/ --db cocorev.db       stored snapshot 3 against a folder
  cocorev signals latest week20/ --format jsonl   the latest stored snapshot, as JSON Lines

Prints what changed on each overlap between the two runs (new or gone overlaps, stage
moves on either side, a new partner owner, a new play), most urgent first, with the
next step. Exit 1 when a side is neither a folder, a snapshot.json nor a stored id.
"""

_SNAPSHOT_EXAMPLE = """\
examples:
  cocorev snapshot save week20/ --label "week 20"
  cocorev snapshot list
"""


def _timestamp(value: str) -> datetime:
    """Parse ``--taken-at``: ISO-8601 with an offset, or a bare date (midnight UTC)."""
    text = value.strip()
    try:
        if len(text) == 10:
            return datetime.fromisoformat(text).replace(tzinfo=UTC)
        return _parse_iso(text)
    except ValueError as exc:
        msg = f"expected an ISO-8601 time with an offset (2024-05-13T09:00:00Z), got {value!r}"
        raise argparse.ArgumentTypeError(msg) from exc


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``signals`` and ``snapshot save|list``."""
    signals = subparsers.add_parser(
        "signals",
        help="what changed between two mapping runs, and what to do about it",
        description="Diff two mapping runs into prioritised signals, each with its next step.",
        epilog=_SIGNALS_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    signals.add_argument("before", metavar="BEFORE", help="the earlier run: folder, file or id")
    signals.add_argument("after", metavar="AFTER", help="the later run: folder, file or id")
    signals.add_argument(
        "--format",
        choices=("table", "json", "jsonl"),
        default="table",
        help="table (default), a JSON array, or JSON Lines",
    )
    _add_db(signals)
    signals.set_defaults(func=_run_signals)

    snapshot = subparsers.add_parser(
        "snapshot",
        help="store dated snapshots of mapping runs",
        description="Save the snapshot of a 'cocorev map --out' folder, or list those saved.",
        epilog=_SNAPSHOT_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = snapshot.add_subparsers(dest="snapshot_command", metavar="ACTION", required=True)
    save = actions.add_parser(
        "save",
        help="store the snapshot of an output folder",
        description="Store the snapshot of a 'cocorev map --out' folder in the database.",
        epilog="example:\n  cocorev snapshot save week-1/ --label 'week 1' --db cocorev.db\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    save.add_argument("folder", metavar="DIR", help="an output folder of 'cocorev map --out'")
    save.add_argument("--label", metavar="L", help="a label to find it by")
    save.add_argument(
        "--taken-at",
        metavar="TIME",
        type=_timestamp,
        help="when the mapping was taken (ISO-8601, e.g. 2024-05-13T09:00:00Z); "
        "default: the time in snapshot.json, else overlaps.csv's modification time",
    )
    _add_db(save)
    save.set_defaults(func=_run_save)
    listing = actions.add_parser(
        "list",
        help="list the stored snapshots, oldest first",
        description="List the snapshots stored in the database, oldest first.",
        epilog="example:\n  cocorev snapshot list --db cocorev.db\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_db(listing)
    listing.set_defaults(func=_run_list)


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=DEFAULT_DB,
        help=f"the SQLite snapshot store (default ./{DEFAULT_DB})",
    )


def _existing_store(db: str) -> SnapshotStore:
    if not Path(db).is_file():
        msg = f"{db}: no snapshot store here; save one with 'cocorev snapshot save DIR --db {db}'"
        raise InputError(msg, file=db)
    return SnapshotStore.open(db)


def _side(text: str, db: str) -> tuple[Snapshot, str]:
    """Return the snapshot a command-line side names, and how to call it."""
    path = Path(text)
    if path.is_dir():
        return Snapshot.from_folder(path), text
    if path.is_file():
        return Snapshot.from_json(path.read_bytes()), text
    if text.isdigit() or text == "latest":
        with _existing_store(db) as store:
            if text == "latest":
                info = store.latest_info()
                if info is None:
                    msg = f"{db}: no snapshots stored yet"
                    raise InputError(msg, file=db)
                return store.get(info.id), f"snapshot {info.id}"
            return store.get(int(text)), f"snapshot {text}"
    msg = (
        f"{text}: neither a 'cocorev map --out' folder, a snapshot.json file, "
        f"nor a snapshot id in {db}"
    )
    raise InputError(msg, value=text)


def _stages(signal: Signal) -> str:
    def move(before: object, after: object) -> str:
        if before is None:
            return f"{after}"
        if after is None or before == after:
            return f"{before}"
        return f"{before} -> {after}"

    ours = move(signal.our_stage_before, signal.our_stage_after)
    theirs = move(signal.partner_stage_before, signal.partner_stage_after)
    before = signal.play_before.label if signal.play_before else "none"
    after = signal.play_after.label if signal.play_after else "none"
    play = before if before == after else f"{before} -> {after}"
    return f"ours {ours}, {signal.partner} {theirs}; {play}"


def _print_table(signals: tuple[Signal, ...], heading: str, out: TextIO) -> None:
    if not signals:
        print(f"No signals {heading}.", file=out)
        return
    print(f"{len(signals)} signal(s) {heading}", file=out)
    wrap = textwrap.TextWrapper(width=100, initial_indent="     ", subsequent_indent="     ")
    for position, s in enumerate(signals, start=1):
        print(
            f"\n{position:>3}. P{s.priority} {s.type.value}: {s.account_name} ({s.account_id}) - "
            f"{s.partner} {s.partner_account_name} ({s.partner_account_id})",
            file=out,
        )
        print(f"     {_stages(s)}", file=out)
        print(wrap.fill(s.next_step), file=out)


def _run_signals(args: argparse.Namespace) -> int:
    out = sys.stdout
    before, before_name = _side(args.before, args.db)
    after, after_name = _side(args.after, args.db)
    if before.taken_at > after.taken_at:
        msg = (
            f"BEFORE ({before_name}, taken {_iso(before.taken_at)}) was taken after AFTER "
            f"({after_name}, taken {_iso(after.taken_at)}); the earlier run goes first: "
            "swap BEFORE and AFTER"
        )
        raise InputError(msg, value=args.before)
    found = diff(before, after)
    if args.format == "jsonl":
        write_jsonl(found, out)
    elif args.format == "json":
        print(json.dumps([s.to_dict() for s in found], indent=2, ensure_ascii=False), file=out)
    else:
        heading = (
            f"from {before_name} ({_iso(before.taken_at)}) to {after_name} ({_iso(after.taken_at)})"
        )
        _print_table(found, heading, out)
    return 0


def _run_save(args: argparse.Namespace) -> int:
    snapshot = Snapshot.from_folder(args.folder, taken_at=args.taken_at)
    if args.taken_at is not None:
        snapshot = evolve(snapshot, taken_at=args.taken_at)
    with SnapshotStore.open(args.db) as store:
        snapshot_id = store.save(snapshot, label=args.label)
    note = " (rebuilt from overlaps.csv)" if snapshot.source == "overlaps.csv" else ""
    print(
        f"saved snapshot {snapshot_id} taken {_iso(snapshot.taken_at)}: "
        f"{len(snapshot.accounts)} accounts, {len(snapshot.overlaps)} overlaps{note} "
        f"in {args.db}",
        file=sys.stdout,
    )
    return 0


def _run_list(args: argparse.Namespace) -> int:
    with _existing_store(args.db) as store:
        infos = store.list()
    if not infos:
        print(f"no snapshots in {args.db}", file=sys.stdout)
        return 0
    print(f"{'id':>4}  {'taken at':<20}  {'accounts':>8}  {'overlaps':>8}  label", file=sys.stdout)
    for info in infos:
        print(
            f"{info.id:>4}  {_iso(info.taken_at):<20}  {info.accounts:>8}  {info.overlaps:>8}  "
            f"{info.label or ''}",
            file=sys.stdout,
        )
    return 0
