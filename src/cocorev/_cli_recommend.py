"""The ``recommend`` and ``check`` commands: which play to start with, and am I ready."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from cocorev.cli import _entry_line, _finite_float, _non_negative
from cocorev.errors import ConfigError
from cocorev.io import read_account_map
from cocorev.models import AccountMap, Play
from cocorev.recommend import (
    Checklist,
    CheckStatus,
    CreditSource,
    PlayGuidance,
    Priority,
    Recommendation,
    recommend,
    self_check,
)

__all__ = ["add_parser"]

_RECOMMEND_EXAMPLE = """\
examples:
  cocorev recommend --priority close-faster
  cocorev recommend --priority "Building more pipeline" --new --map out/

Priorities: grow-accounts, close-faster, build-pipeline, ecosystem-respond (or the
article's phrases, such as "Closing deals faster"). --map reads the folder written by
'cocorev map --out DIR' and lists the accounts to act on first.
"""

_CHECK_EXAMPLE = """\
example:
  cocorev check --play accelerate --partner Northwind --map out/ \\
      --ask "Who signs off on the security review?" --give "intro to our CISO contact"

Answers the quick self-check (overlaps, relationship, Build Partnerships first, something
to give, the ask) with pass, fail or unknown. Without --ledger the relationship is unknown.
"""

_PLAY_NAMES = {
    **{p.value: p for p in Play},
    **{p.label.casefold(): p for p in Play},
    "expand": Play.EXPANSION,
    "upsell": Play.EXPANSION,
    "build-partnerships": Play.PARTNERSHIP,
    "partnerships": Play.PARTNERSHIP,
}


def _priority_arg(value: str) -> Priority:
    try:
        return Priority.parse(value)
    except ConfigError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _play_arg(value: str) -> Play:
    play = _PLAY_NAMES.get(value.strip().casefold())
    if play is None:
        choices = ", ".join(p.value for p in Play)
        msg = f"unknown play {value!r}; use one of {choices}"
        raise argparse.ArgumentTypeError(msg)
    return play


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``recommend`` and ``check``."""
    rec = subparsers.add_parser(
        "recommend",
        help="which play to start with for your priority, and on which accounts",
        description="Recommend the play to start with for a priority, say why, and list "
        "the accounts to act on first.",
        epilog=_RECOMMEND_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    rec.add_argument(
        "--priority",
        required=True,
        type=_priority_arg,
        metavar="PRIORITY",
        help="your priority now",
    )
    rec.add_argument(
        "--new", action="store_true", help="you are new to ecosystem selling (no Accelerate yet)"
    )
    rec.add_argument("--map", metavar="DIR", help="output folder of 'cocorev map --out DIR'")
    rec.add_argument("--ledger", metavar="DB", help="give-to-get ledger file")
    rec.add_argument(
        "--top", type=_non_negative, default=5, metavar="N", help="accounts to list (default 5)"
    )
    rec.add_argument("--json", action="store_true", help="print JSON instead of text")
    rec.set_defaults(func=_run_recommend)

    check = subparsers.add_parser(
        "check",
        help="the quick self-check before running a play with a partner",
        description="Answer the self-check before a play: each item pass, fail or unknown, "
        "with its reason.",
        epilog=_CHECK_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument(
        "--play",
        required=True,
        type=_play_arg,
        metavar="PLAY",
        help="expansion, accelerate, generate or partnership",
    )
    check.add_argument("--partner", required=True, metavar="NAME", help="the partner's name")
    check.add_argument(
        "--map", required=True, metavar="DIR", help="output folder of 'cocorev map --out DIR'"
    )
    check.add_argument("--ledger", metavar="DB", help="give-to-get ledger file")
    check.add_argument("--ask", metavar="TEXT", help="exactly what you want from the partner")
    check.add_argument("--give", metavar="TEXT", help="what you will give in return")
    check.add_argument(
        "--min-credit",
        type=_finite_float,
        default=0.0,
        metavar="X",
        help="credit must be above this to ask (default 0)",
    )
    check.add_argument("--top", type=_non_negative, default=5, metavar="N", help="overlaps to list")
    check.add_argument("--json", action="store_true", help="print JSON instead of text")
    check.set_defaults(func=_run_check)


@contextmanager
def _open_ledger(path: str | None) -> Iterator[CreditSource | None]:
    if path is None:
        yield None
        return
    try:
        from cocorev.ledger import Ledger  # type: ignore[import-not-found, unused-ignore]
    except ImportError as exc:
        msg = (
            "--ledger needs the give-to-get ledger (cocorev.ledger), which this "
            "installation does not have; run without --ledger"
        )
        raise ConfigError(msg) from exc
    ledger = Ledger.open(path, create=False)
    try:
        yield ledger
    finally:
        close = getattr(ledger, "close", None)
        if callable(close):
            close()


def _print_json(data: dict[str, Any], out: TextIO) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False), file=out)


def _print_guidance(g: PlayGuidance, out: TextIO) -> None:
    print(f"\nGoal: {g.goal}", file=out)
    print("Steps:", file=out)
    for n, step in enumerate(g.steps, start=1):
        print(f"  {n}. {step}", file=out)
    print("Questions to ask:", file=out)
    for question in g.questions:
        print(f"  - {question}", file=out)
    if g.caution:
        print(f"Note: {g.caution}", file=out)


def _print_recommendation(rec: Recommendation, out: TextIO) -> None:
    print(f"Priority: {rec.priority.label}", file=out)
    instead = f" (instead of {rec.priority_play.label})" if rec.fell_back else ""
    print(f"Start with: {rec.play.label}{instead}", file=out)
    print(f"Why {rec.priority_play.label}: {rec.reason}", file=out)
    if rec.fallback_reason:
        print(f"New to ecosystem selling: {rec.fallback_reason}", file=out)
    for note in rec.notes:
        print(f"Note: {note}", file=out)
    _print_guidance(rec.guidance, out)
    if rec.accounts_total is not None:
        shown = len(rec.accounts)
        print(
            f"\nAccounts to act on first ({shown} of {rec.accounts_total} on the "
            f"{rec.play.label} card):",
            file=out,
        )
        for position, entry in enumerate(rec.accounts, start=1):
            print(_entry_line(position, entry), file=out)


_MARK = {
    CheckStatus.PASS: "[pass]   ",
    CheckStatus.FAIL: "[fail]   ",
    CheckStatus.UNKNOWN: "[unknown]",
}


def _print_checklist(checklist: Checklist, top: int, out: TextIO) -> None:
    print(f"Self-check: {checklist.play.label} with {checklist.partner}", file=out)
    for item in checklist.items:
        print(f"  {_MARK[item.status]} {item.question}", file=out)
        print(f"            {item.reason}", file=out)
    verdict = "ready" if checklist.ready else "not ready yet"
    counts = [f"{checklist.passed} of {len(checklist.items)} passed"]
    for status, word in ((CheckStatus.FAIL, "failed"), (CheckStatus.UNKNOWN, "unknown")):
        if count := sum(item.status is status for item in checklist.items):
            counts.append(f"{count} {word}")
    print(f"\nResult: {verdict} ({', '.join(counts)}).", file=out)
    if checklist.recommendation is not None:
        print(
            f"Recommendation: run {checklist.recommendation.label} with {checklist.partner} first.",
            file=out,
        )
    if checklist.overlaps:
        print(f"\nOverlaps with {checklist.partner} for {checklist.play.label}:", file=out)
        for n, o in enumerate(checklist.overlaps[:top], start=1):
            owner = o.partner_account.owner
            who = f"; contact {owner}" if o.call.contact_owner and owner else ""
            print(
                f"  {n}. {o.account.name} ({o.our_stage.label} to {o.partner_stage.label}){who}",
                file=out,
            )
        if len(checklist.overlaps) > top:
            print(f"  ... and {len(checklist.overlaps) - top} more", file=out)


def _load_map(folder: str | None) -> AccountMap | None:
    return None if folder is None else read_account_map(folder)


def _run_recommend(args: argparse.Namespace) -> int:
    priority: Priority = args.priority
    account_map = _load_map(args.map)
    with _open_ledger(args.ledger) as ledger:
        rec = recommend(
            priority,
            new_to_ecosystem=args.new,
            account_map=account_map,
            ledger=ledger,
            limit=max(args.top, 0),
        )
    if args.json:
        _print_json(rec.to_dict(), sys.stdout)
    else:
        _print_recommendation(rec, sys.stdout)
    return 0


def _run_check(args: argparse.Namespace) -> int:
    account_map = read_account_map(args.map)
    with _open_ledger(args.ledger) as ledger:
        checklist = self_check(
            args.play,
            args.partner,
            account_map=account_map,
            ledger=ledger,
            ask=args.ask,
            give=args.give,
            min_credit=args.min_credit,
        )
    if args.json:
        _print_json(checklist.to_dict(), sys.stdout)
    else:
        _print_checklist(checklist, max(args.top, 0), sys.stdout)
    return 0
