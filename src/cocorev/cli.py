"""The ``cocorev`` command line: a thin front end over the public API.

Exit codes: 0 success, 1 bad input or failure (one line on stderr, no traceback),
2 usage error, 130 interrupted (Ctrl-C).

Output goes to stdout as ``--format table`` (the playbook cards: aligned, boxed tables
on a terminal, plain lines when piped), ``csv`` (the overlaps) or ``json`` (summaries
and playbook counts). Notes and problem rows go to stderr.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import shlex
import sys
import time
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import TextIO

from cocorev import __version__
from cocorev.errors import CocorevError, InputError, UnknownStageError
from cocorev.io import (
    _FIELDS,
    COLUMN_PRESETS,
    LoadIssue,
    LoadResult,
    _nothing_to_read,
    _safe,
    read_accounts,
    read_accounts_jsonl,
    summary_to_dict,
    write_overlaps_csv,
    write_results,
)
from cocorev.match import MatchConfig
from cocorev.models import AccountMap, PlaybookEntry
from cocorev.overlap import map_accounts

__all__ = ["main"]

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # as shells report a command stopped by Ctrl-C

_EXIT_CODES = """\
exit codes:
  0  success
  1  bad input: a file cannot be read or lacks columns, or a problem row with --strict
     (one line on stderr, no traceback)
  2  usage error
  130  interrupted (Ctrl-C)
"""

_MAP_EXAMPLE = (
    """\
examples:
  cocorev map crm.csv --partner Northwind=northwind.csv --partner Contoso=contoso.csv --out out/
  cocorev map hubspot-companies.csv --partner Contoso=salesforce-accounts.csv --format json
  cocorev map crm.csv --partner P=p.csv --columns name=Company,domain=Site,stage=Status
  cocorev map crm.csv --partner P=p.csv --stage "Closed Won=customer" --stage MQL=lead

Each CSV has the columns id, name, domain (or website), stage (customer, opportunity,
lead) and optionally owner_name, owner_email, amount. HubSpot companies exports and
Salesforce account exports are recognised from their header row (or name one with
--preset); --preset and --columns apply to every file. A .jsonl file is read as JSON
Lines. Writes overlaps.csv, summaries.csv, summaries.json, snapshot.json, accounts.csv,
partner_accounts.csv and map.json into --out, and problems.csv when rows had problems
(rejected rows and warnings).

"""
    + _EXIT_CODES
)

_DEMO_EXAMPLE = (
    """\
examples:
  cocorev demo --out demo-out/
  cocorev demo --format csv > overlaps.csv

Maps the bundled sample (real public companies: S&P 500, exchange listings and
Y Combinator companies, with synthetic stages and owners) and prints the playbook.

"""
    + _EXIT_CODES
)


def _stage_arg(value: str) -> dict[str, str]:
    crm_value, sep, stage = value.rpartition("=")
    choices = ("customer", "opportunity", "lead")
    if not sep or not crm_value.strip() or stage.strip().lower() not in choices:
        msg = f"expected VALUE=STAGE with STAGE one of {', '.join(choices)}, got {value!r}"
        raise argparse.ArgumentTypeError(msg)
    return {crm_value.strip(): stage.strip().lower()}


def _partner_arg(value: str) -> tuple[str, str]:
    name, sep, path = value.partition("=")
    if not sep or not name.strip() or not path.strip():
        msg = f"expected NAME=FILE.csv, got {value!r}"
        raise argparse.ArgumentTypeError(msg)
    return name.strip(), path.strip()


def _columns_arg(value: str) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for part in value.split(","):
        canonical, sep, header = part.partition("=")
        canonical = canonical.strip()
        if not sep or not canonical or not header.strip():
            msg = f"expected FIELD=HEADER[,FIELD=HEADER...], got {value!r}"
            raise argparse.ArgumentTypeError(msg)
        if canonical not in _FIELDS:
            msg = f"unknown field {canonical!r}; use one of {', '.join(_FIELDS)}"
            raise argparse.ArgumentTypeError(msg)
        mapping[canonical] = header.strip()
    return mapping


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cocorev",
        description="Account mapping for ecosystem-led selling: find the accounts you share "
        "with partners and the sales play each overlap calls for.",
        epilog="Run 'cocorev COMMAND --help' for a command's options and an example.\n\n"
        + _EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"cocorev {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    mapper = commands.add_parser(
        "map",
        help="map our accounts against partners' lists and print the playbook",
        description="Match our accounts with each partner's, classify every overlap into a "
        "play, and print the four playbook cards.",
        epilog=_MAP_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    mapper.add_argument("ours", metavar="OURS.csv", help="our CRM accounts")
    mapper.add_argument(
        "--partner",
        metavar="NAME=FILE.csv",
        action="append",
        type=_partner_arg,
        required=True,
        help="a partner's name and account list (repeat for each partner)",
    )
    mapper.add_argument(
        "--preset",
        choices=("auto", *COLUMN_PRESETS),
        default="auto",
        help="the CRM export every file comes from (default auto: recognised per file "
        "from its header row; generic: no recognition)",
    )
    mapper.add_argument(
        "--columns",
        metavar="FIELD=HEADER,...",
        action="append",
        type=_columns_arg,
        help="header names for fields, in every file (for example "
        "name=Company,domain=Website,stage=Status); may be repeated",
    )
    mapper.add_argument(
        "--stage",
        metavar="VALUE=STAGE",
        action="append",
        type=_stage_arg,
        help="place one more CRM stage value, in every file (for example "
        "'Closed Won=customer'); may be repeated",
    )
    _add_output_options(mapper)
    mapper.set_defaults(func=_run_map)

    demo = commands.add_parser(
        "demo",
        help="map the bundled real-company sample and print the playbook",
        description="Run the main job on the sample bundled with cocorev.",
        epilog=_DEMO_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_output_options(demo)
    demo.set_defaults(func=_run_demo)
    for add_commands in _command_groups():
        add_commands(commands)
    return parser


def _command_groups() -> tuple[
    Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None], ...
]:
    """Return the ``add_parser`` functions of the other command groups, in help order.

    Each group lives in a private ``cocorev._cli_<group>`` module whose
    ``add_parser(subparsers)`` registers its commands with ``func`` defaults.
    """
    from cocorev import _cli_ledger, _cli_recommend, _cli_share, _cli_signals

    return (
        _cli_recommend.add_parser,
        _cli_ledger.add_parser,
        _cli_share.add_parser,
        _cli_signals.add_parser,
    )


def _non_negative(value: str) -> int:
    """Parse a whole number >= 0 for argparse."""
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        msg = f"expected a whole number >= 0, got {value!r}"
        raise argparse.ArgumentTypeError(msg)
    return number


def _positive(value: str) -> int:
    """Parse a whole number >= 1 for argparse."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        msg = f"expected a whole number >= 1, got {value!r}"
        raise argparse.ArgumentTypeError(msg)
    return number


def _finite_float(value: str) -> float:
    """Parse a finite number for argparse: NaN and infinities are refused."""
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        msg = f"expected a finite number such as 0 or 2.5, got {value!r}"
        raise argparse.ArgumentTypeError(msg)
    return number


def _ledger_credit(path: str | None) -> Callable[[str], float] | None:
    """Return partner -> credit from a ledger file, or None without one."""
    if path is None:
        return None
    from cocorev.ledger import Ledger

    ledger = Ledger.open(path, create=False)
    return lambda partner: ledger.credit(partner).score


def _add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", metavar="DIR", help="write result files into this folder")
    parser.add_argument(
        "--workers",
        type=_positive,
        default=min(os.cpu_count() or 1, 8),
        metavar="N",
        help="processes that read, normalise and match large lists "
        "(default: the machine's cores, at most 8)",
    )
    parser.add_argument(
        "--ledger",
        metavar="DB",
        help="a give-to-get ledger file: ties between partners go to the one with most credit",
    )
    parser.add_argument(
        "--top",
        type=_non_negative,
        default=5,
        metavar="N",
        help="accounts to show per card (default 5)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="treat any problem row as an error (exit 1)"
    )
    parser.add_argument(
        "--format",
        choices=("table", "csv", "json"),
        default="table",
        help="stdout: the playbook cards (table, default), the overlaps as CSV, or "
        "the summaries and playbook counts as JSON",
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print nothing on stdout; errors still go to stderr",
    )


def _is_jsonl(path: str) -> bool:
    """Whether a file is read as JSON Lines (by its name), not as CSV."""
    return path.lower().endswith((".jsonl", ".ndjson"))


def _load(path: str, args: argparse.Namespace, err: TextIO) -> LoadResult:
    if _is_jsonl(path):
        loaded = read_accounts_jsonl(path, strict=args.strict)
    else:
        preset = getattr(args, "preset", "auto")
        columns: dict[str, str] = {}
        for mapping in getattr(args, "columns", None) or ():
            columns.update(mapping)
        stages: dict[str, str] = {}
        for mapping in getattr(args, "stage", None) or ():
            stages.update(mapping)
        loaded = read_accounts(
            path,
            preset=None if preset == "auto" else COLUMN_PRESETS[preset],
            columns=columns or None,
            extra_stages=stages or None,
            strict=args.strict,
            workers=getattr(args, "workers", 1),
        )
    if not args.quiet:
        for note in loaded.report.notes:
            print(f"cocorev: note: {note}", file=err)
    for issue in loaded.report.issues:
        print(str(issue), file=err)
    unknown = [i.value for i in loaded.report.issues if i.reason.startswith("unknown stage")]
    if unknown:
        print(_stage_hint(unknown[0]), file=err)
    return loaded


def _stage_hint(value: str) -> str:
    """Return the line that tells how to place an unknown stage value from the command line."""
    example = shlex.quote(f"{value}=customer")
    return (
        "cocorev: hint: place a CRM stage value with --stage VALUE=STAGE "
        f"(customer, opportunity or lead), for example --stage {example}"
    )


def _write_problems(issues: Sequence[LoadIssue], out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / "problems.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "line", "field", "value", "reason", "severity"])
        # Values come from the users' and partners' files: a spreadsheet must not run them.
        for i in issues:
            writer.writerow(map(_safe, (i.file, i.line, i.field, i.value, i.reason, i.severity)))


def _contact(entry: PlaybookEntry) -> str:
    overlap = entry.overlap
    if not overlap.call.contact_owner:
        return "do not contact the owner yet"
    if overlap.partner_account.owner is None:
        return "no owner on record"
    return f"contact {overlap.partner_account.owner}"


def _entry_line(position: int, entry: PlaybookEntry) -> str:
    overlap = entry.overlap
    amount = f" ${entry.account.amount:,.0f}" if entry.account.amount is not None else ""
    return (
        f"  {position}. {entry.account.name} ({entry.account.stage.label}{amount}) - "
        f"{overlap.partner}: {overlap.partner_stage.label}; {_contact(entry)}"
    )


_BOX = tuple("┌┬┐├┼┤└┴┘─│")
_ASCII_BOX = tuple("+++++++++-|")
_MAX_CELL = 40


def _clip(text: str) -> str:
    return text if len(text) <= _MAX_CELL else text[: _MAX_CELL - 1] + "…"


def _box_table(header: Sequence[str], rows: Sequence[Sequence[str]], out: TextIO) -> None:
    """Print rows as an aligned table with light box drawing (ASCII if the terminal needs it)."""
    encoding = getattr(out, "encoding", None) or "ascii"
    try:
        "".join((*_BOX, "…")).encode(encoding)
        box, ellipsis = _BOX, "…"
    except (UnicodeEncodeError, LookupError):
        box, ellipsis = _ASCII_BOX, "~"
    cells = [[_clip(c).replace("…", ellipsis) for c in row] for row in (header, *rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    tl, tm, tr, ml, mm, mr, bl, bm, br, h, v = box

    def rule(left: str, middle: str, right: str) -> str:
        return left + middle.join(h * (w + 2) for w in widths) + right

    def line(row: Sequence[str]) -> str:
        return v + v.join(f" {c.ljust(w)} " for c, w in zip(row, widths, strict=True)) + v

    print(rule(tl, tm, tr), file=out)
    print(line(cells[0]), file=out)
    print(rule(ml, mm, mr), file=out)
    for row in cells[1:]:
        print(line(row), file=out)
    print(rule(bl, bm, br), file=out)


def _print_playbook(account_map: AccountMap, top: int, out: TextIO) -> None:
    with_overlap = len(account_map.summaries)
    print(
        f"{len(account_map.accounts)} accounts of ours, {len(account_map.partners)} partner(s) "
        f"({', '.join(account_map.partners)}): {len(account_map.overlaps)} overlaps "
        f"on {with_overlap} accounts.",
        file=out,
    )
    terminal = out.isatty()
    for card in account_map.playbook.cards:
        print(f"\n{card.play.label}: {card.count} account(s)", file=out)
        entries = card.view_customers(limit=top)
        if terminal and entries:
            rows = [
                (
                    str(position),
                    entry.account.name,
                    entry.account.stage.label,
                    f"${entry.account.amount:,.0f}" if entry.account.amount is not None else "",
                    entry.overlap.partner,
                    entry.overlap.partner_stage.label,
                    _contact(entry),
                )
                for position, entry in enumerate(entries, start=1)
            ]
            header = ("#", "Account", "Our stage", "Amount", "Partner", "Their stage", "Next step")
            _box_table(header, rows, out)
        else:
            for position, entry in enumerate(entries, start=1):
                print(_entry_line(position, entry), file=out)
        if card.count > top:
            print(f"  ... and {card.count - top} more", file=out)


def _print_json(account_map: AccountMap, out: TextIO) -> None:
    payload = {
        "accounts": len(account_map.accounts),
        "partners": list(account_map.partners),
        "overlaps": len(account_map.overlaps),
        "playbook": {c.play.value: c.count for c in account_map.playbook.cards},
        "summaries": [summary_to_dict(s) for s in account_map.summaries.values()],
    }
    print(json.dumps(payload, indent=2, ensure_ascii=False), file=out)


class _Progress:
    """A one-line progress bar on stderr, shown only on a terminal."""

    def __init__(self, stream: TextIO, *, steps: int, enabled: bool) -> None:
        self._stream = stream
        self._steps = steps
        self._done = 0
        self._enabled = enabled
        self._started = time.monotonic()

    def step(self, what: str) -> None:
        """Show that the next step, ``what``, has started."""
        self._done = min(self._done + 1, self._steps)
        if self._enabled:
            filled = round(20 * (self._done - 1) / self._steps)
            elapsed = time.monotonic() - self._started
            line = f"[{'#' * filled}{'.' * (20 - filled)}] {elapsed:5.1f}s {what}"
            self._stream.write(f"\r{line[:78]:<78}")
            self._stream.flush()

    def done(self) -> None:
        """Clear the bar."""
        if self._enabled:
            self._stream.write("\r" + " " * 78 + "\r")
            self._stream.flush()


def _run(ours_path: str, partners: Sequence[tuple[str, str]], args: argparse.Namespace) -> int:
    out, err = sys.stdout, sys.stderr
    names = [name for name, _ in partners]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        msg = f"partner name given twice: {', '.join(duplicates)}"
        raise InputError(msg, column="partner")
    if args.out and Path(args.out).exists() and not Path(args.out).is_dir():
        msg = f"{args.out}: is a file, not a folder; --out names the folder to write into"
        raise InputError(msg, file=args.out)
    # Every input is there before any is read: a missing partner file stops the run with
    # its one line, not after our file's report.
    for path in (ours_path, *(path for _, path in partners)):
        problem = _nothing_to_read(path, empty_ok=_is_jsonl(path))
        if problem:
            msg = f"{path}: {problem}"
            raise InputError(msg, file=path)
    bar = _Progress(err, steps=2 + 2 * len(partners), enabled=not args.quiet and err.isatty())
    bar.step(f"reading {ours_path}")
    ours = _load(ours_path, args, err)
    loaded: dict[str, LoadResult] = {}
    for name, path in partners:
        bar.step(f"reading {path}")
        loaded[name] = _load(path, args, err)
    issues = [*ours.report.issues, *(i for r in loaded.values() for i in r.report.issues)]
    account_map = map_accounts(
        ours,
        dict(loaded),
        config=MatchConfig(workers=args.workers),
        credit=_ledger_credit(args.ledger),
        progress=bar.step,
    )
    bar.done()
    if not args.quiet:
        if args.format == "csv":
            write_overlaps_csv(account_map, out)
        elif args.format == "json":
            _print_json(account_map, out)
        else:
            _print_playbook(account_map, args.top, out)
    if args.out:
        folder = Path(args.out)
        written = write_results(account_map, folder)
        if issues:
            _write_problems(issues, folder)
            written = (*written, folder / "problems.csv")
        if not args.quiet:
            wrote = f"wrote {', '.join(str(p) for p in written)}"
            if args.format == "table":
                print(f"\n{wrote}", file=out)
            else:
                print(f"cocorev: {wrote}", file=err)
    if issues:
        print(f"cocorev: {len(issues)} problem row(s) reported above", file=err)
    return EXIT_OK


def _run_map(args: argparse.Namespace) -> int:
    return _run(args.ours, args.partner, args)


def _run_demo(args: argparse.Namespace) -> int:
    sample = resources.files("cocorev") / "_data" / "sample"
    with resources.as_file(sample) as folder:
        partners = sorted(p for p in Path(folder).glob("*.csv") if p.stem not in ("ours", "truth"))
        return _run(
            str(Path(folder) / "ours.csv"),
            [(p.stem.capitalize(), str(p)) for p in partners],
            args,
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    parser = _build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.func
    try:
        return handler(args)
    except BrokenPipeError:
        # The reader went away (`cocorev demo --format csv | head`): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_INPUT
    except CocorevError as exc:
        print(f"cocorev: error: {exc}", file=sys.stderr)
        if isinstance(exc, UnknownStageError) and hasattr(args, "stage") and exc.value:
            print(_stage_hint(exc.value), file=sys.stderr)
        return EXIT_INPUT
    except OSError as exc:
        print(f"cocorev: error: {exc.filename or ''}: {exc.strerror}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("cocorev: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
