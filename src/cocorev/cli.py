"""The ``cocorev`` command line: a thin front end over the public API.

Exit codes: 0 success, 1 bad input or failure (one line on stderr, no traceback),
2 usage error.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import TextIO

from cocorev import __version__
from cocorev.errors import CocorevError, InputError
from cocorev.io import LoadIssue, LoadResult, read_accounts, write_results
from cocorev.models import AccountMap, PlaybookEntry
from cocorev.overlap import map_accounts

__all__ = ["main"]

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2

_MAP_EXAMPLE = """\
example:
  cocorev map crm.csv --partner Northwind=northwind.csv --partner Contoso=contoso.csv --out out/

Each CSV has the columns id, name, domain (or website), stage (customer, opportunity,
lead) and optionally owner_name, owner_email, amount. Writes overlaps.csv,
summaries.csv, summaries.json and snapshot.json into --out, and problems.csv when rows
were rejected.
"""

_DEMO_EXAMPLE = """\
example:
  cocorev demo --out demo-out/

Maps the bundled sample (real public companies: S&P 500, exchange listings and
Y Combinator companies, with synthetic stages and owners) and prints the playbook.
"""


def _partner_arg(value: str) -> tuple[str, str]:
    name, sep, path = value.partition("=")
    if not sep or not name.strip() or not path.strip():
        msg = f"expected NAME=FILE.csv, got {value!r}"
        raise argparse.ArgumentTypeError(msg)
    return name.strip(), path.strip()


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cocorev",
        description="Account mapping for ecosystem-led selling: find the accounts you share "
        "with partners and the sales play each overlap calls for.",
        epilog="Run 'cocorev COMMAND --help' for a command's options and an example.",
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
    from cocorev import _cli_recommend, _cli_share, _cli_signals

    return (_cli_recommend.add_parser, _cli_share.add_parser, _cli_signals.add_parser)


def _add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", metavar="DIR", help="write result files into this folder")
    parser.add_argument(
        "--top", type=int, default=5, metavar="N", help="accounts to show per card (default 5)"
    )
    parser.add_argument(
        "--strict", action="store_true", help="treat any problem row as an error (exit 1)"
    )


def _load(path: str, strict: bool, err: TextIO) -> LoadResult:
    loaded = read_accounts(path, strict=strict)
    for note in loaded.report.notes:
        print(f"cocorev: note: {note}", file=err)
    for issue in loaded.report.issues:
        print(str(issue), file=err)
    return loaded


def _write_problems(issues: Sequence[LoadIssue], out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / "problems.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "line", "field", "value", "reason", "severity"])
        for i in issues:
            writer.writerow([i.file, i.line, i.field, i.value, i.reason, i.severity])


def _entry_line(position: int, entry: PlaybookEntry) -> str:
    overlap = entry.overlap
    who = (
        f"contact {overlap.partner_account.owner}"
        if overlap.call.contact_owner and overlap.partner_account.owner
        else (
            "do not contact the owner yet"
            if not overlap.call.contact_owner
            else "no owner on record"
        )
    )
    amount = f" ${entry.account.amount:,.0f}" if entry.account.amount is not None else ""
    return (
        f"  {position}. {entry.account.name} ({entry.account.stage.label}{amount}) - "
        f"{overlap.partner}: {overlap.partner_stage.label}; {who}"
    )


def _print_playbook(account_map: AccountMap, top: int, out: TextIO) -> None:
    with_overlap = len(account_map.summaries)
    print(
        f"{len(account_map.accounts)} accounts of ours, {len(account_map.partners)} partner(s) "
        f"({', '.join(account_map.partners)}): {len(account_map.overlaps)} overlaps "
        f"on {with_overlap} accounts.",
        file=out,
    )
    for card in account_map.playbook.cards:
        print(f"\n{card.play.label}: {card.count} account(s)", file=out)
        for position, entry in enumerate(card.view_customers(limit=top), start=1):
            print(_entry_line(position, entry), file=out)
        if card.count > top:
            print(f"  ... and {card.count - top} more", file=out)


def _run(ours_path: str, partners: Sequence[tuple[str, str]], args: argparse.Namespace) -> int:
    out, err = sys.stdout, sys.stderr
    names = [name for name, _ in partners]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        msg = f"partner name given twice: {', '.join(duplicates)}"
        raise InputError(msg, column="partner")
    ours = _load(ours_path, args.strict, err)
    loaded = {name: _load(path, args.strict, err) for name, path in partners}
    issues = [*ours.report.issues, *(i for r in loaded.values() for i in r.report.issues)]
    account_map = map_accounts(ours, dict(loaded))
    _print_playbook(account_map, args.top, out)
    if args.out:
        folder = Path(args.out)
        written = write_results(account_map, folder)
        if issues:
            _write_problems(issues, folder)
            written = (*written, folder / "problems.csv")
        print(f"\nwrote {', '.join(str(p) for p in written)}", file=out)
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
    except CocorevError as exc:
        print(f"cocorev: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except OSError as exc:
        print(f"cocorev: error: {exc.filename or ''}: {exc.strerror}", file=sys.stderr)
        return EXIT_INPUT


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
