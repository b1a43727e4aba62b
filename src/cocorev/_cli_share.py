"""Command line for sharing with partners: ``share`` and ``private tokens|match``.

Output files are written exactly where the user named them: never through a symbolic
link, never over an existing file without ``--force``, and never under a name taken
from the data. Secrets are read from a file or an environment variable, never from an
argument value, and never printed.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from cocorev.errors import InputError
from cocorev.io import LoadResult, read_accounts
from cocorev.overlap import map_accounts
from cocorev.private import (
    make_tokens,
    match_tokens,
    read_references,
    read_tokens,
    write_matches,
    write_references,
    write_tokens,
)
from cocorev.sharing import DEFAULT_MIN_COUNT, SharingLevel

__all__ = ["add_parser"]

if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]

Format = Literal["csv", "json"]

_SHARE_EXAMPLE = """\
example:
  cocorev share crm.csv --partner Northwind=northwind.csv --level counts --out northwind-counts.csv

Levels: counts (overlap counts per pair of stages, small counts shown as "fewer than N"),
overlaps (the partner's own records we also hold, with our stage), owners (the same,
plus our account owner). Our own ids, names, websites and amounts are never written,
nor our accounts the partner does not hold. The format follows the extension of --out
(.csv or .json) unless --format is given.
"""

_TOKENS_EXAMPLE = """\
example:
  cocorev private tokens crm.csv --secret-file shared.key --out ours.tokens.jsonl \\
      --refs ours.refs.json

Send the token file to the partner; keep the --refs file (it maps the file's opaque
references back to your account ids). The secret (16 bytes or more, agreed with the
partner out of band) is read from --secret-file or from the environment variable named
by --secret-env, and is never written or printed.
"""

_MATCH_EXAMPLE = """\
example:
  cocorev private match ours.tokens.jsonl theirs.tokens.jsonl --refs ours.refs.json \\
      --out matches.csv

Without --out the matches are written to stdout as CSV and the summary to stderr.
"""


def _partner_arg(value: str) -> tuple[str, str]:
    name, sep, path = value.partition("=")
    if not sep or not name.strip() or not path.strip():
        msg = f"expected NAME=FILE.csv, got {value!r}"
        raise argparse.ArgumentTypeError(msg)
    return name.strip(), path.strip()


def _whole_number(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        msg = f"expected a whole number >= 1, got {value!r}"
        raise argparse.ArgumentTypeError(msg)
    return number


class _Once(argparse.Action):
    """Store an option's value, refusing a second occurrence."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        if getattr(namespace, self.dest, None) is not None:
            parser.error(f"{option_string} may be given only once")
        setattr(namespace, self.dest, values)


def _add_output(parser: argparse.ArgumentParser, *, required: bool, what: str) -> None:
    parser.add_argument("--out", metavar="FILE", required=required, help=what)
    parser.add_argument(
        "--force", action="store_true", help="overwrite output files that already exist"
    )


def _add_secret(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument(
        "--secret-file", metavar="FILE", help="read the shared secret from this file"
    )
    group.add_argument(
        "--secret-env",
        metavar="NAME",
        help="read the shared secret from the environment variable NAME",
    )


def add_parser(subparsers: Subparsers) -> None:
    """Register the ``share`` and ``private`` commands."""
    share = subparsers.add_parser(
        "share",
        help="write what one partner may see of our overlap, at a sharing level",
        description="Map our accounts against one partner's list and write only the view "
        "that partner may see at the chosen sharing level.",
        epilog=_SHARE_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    share.add_argument("ours", metavar="OURS.csv", help="our CRM accounts")
    share.add_argument(
        "--partner",
        metavar="NAME=FILE.csv",
        action=_Once,
        type=_partner_arg,
        required=True,
        help="the partner's name and account list (exactly one)",
    )
    share.add_argument(
        "--level",
        choices=[v.value for v in SharingLevel if v is not SharingLevel.NOTHING],
        required=True,
        help="how much the partner may see",
    )
    share.add_argument(
        "--min-count",
        type=_whole_number,
        metavar="N",
        help=f"counts level: show counts below N as 'fewer than N' (default {DEFAULT_MIN_COUNT})",
    )
    _add_output(share, required=True, what="the file to write (.csv or .json)")
    share.add_argument("--format", choices=("csv", "json"), help="override the --out extension")
    share.add_argument(
        "--strict", action="store_true", help="treat any problem row as an error (exit 1)"
    )
    share.set_defaults(func=_handler(_run_share, share))

    private = subparsers.add_parser(
        "private",
        help="match privately with a partner through keyed tokens",
        description="Private matching without a third party: both partners turn their "
        "lists into keyed tokens under a shared secret and compare the tokens.",
        epilog="examples:\n"
        "  cocorev private tokens crm.csv --secret-file secret.txt --out ours.jsonl"
        " --refs refs.json\n"
        "  cocorev private match ours.jsonl theirs.jsonl --refs refs.json --out overlaps.csv\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = private.add_subparsers(dest="private_command", metavar="COMMAND", required=True)
    tokens = commands.add_parser(
        "tokens",
        help="turn our accounts into a token file to send to the partner",
        description="Write match tokens (keyed HMAC-SHA256 of domains and names) for our accounts.",
        epilog=_TOKENS_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    tokens.add_argument("ours", metavar="OURS.csv", help="our CRM accounts")
    _add_secret(tokens)
    _add_output(tokens, required=True, what="the token file to write (JSON Lines)")
    tokens.add_argument(
        "--refs",
        metavar="FILE",
        help="also write the reference -> account id table here (keep it, never send it)",
    )
    tokens.add_argument(
        "--level",
        choices=("nothing", "counts", "overlaps"),
        default="nothing",
        help="overlaps: add our stage to each record (default nothing: tokens only)",
    )
    tokens.add_argument(
        "--with-ids",
        action="store_true",
        help="write our CRM ids into the token file (off: opaque references only)",
    )
    tokens.add_argument(
        "--strict", action="store_true", help="treat any problem row as an error (exit 1)"
    )
    tokens.set_defaults(func=_handler(_run_tokens, tokens))

    match = commands.add_parser(
        "match",
        help="compare our token file with the partner's",
        description="Find the records of two token files that share a domain or a name.",
        epilog=_MATCH_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    match.add_argument("ours_tokens", metavar="OURS_TOKENS", help="our token file")
    match.add_argument("theirs_tokens", metavar="THEIRS_TOKENS", help="the partner's token file")
    match.add_argument(
        "--refs", metavar="FILE", help="our references file, to report our account ids"
    )
    _add_output(match, required=False, what="write the matches here (.csv or .json)")
    match.add_argument("--format", choices=("csv", "json"), help="override the --out extension")
    match.set_defaults(func=_handler(_run_match, match))


def _handler(
    run: Callable[[argparse.Namespace, argparse.ArgumentParser], int],
    parser: argparse.ArgumentParser,
) -> Callable[[argparse.Namespace], int]:
    def handle(args: argparse.Namespace) -> int:
        return run(args, parser)

    return handle


def _format(out: str, given: str | None, parser: argparse.ArgumentParser) -> Format:
    if given == "json" or (given is None and out.lower().endswith(".json")):
        return "json"
    if given == "csv" or (given is None and out.lower().endswith(".csv")):
        return "csv"
    parser.error(f"cannot tell the format of {out!r}: name it .csv or .json, or pass --format")


def _check_output(path: str, *, force: bool) -> Path:
    """Return the output path after refusing links, folders and (without force) files."""
    target = Path(path)
    if target.is_symlink():
        msg = f"{path}: is a symbolic link; refusing to write through it"
        raise InputError(msg, file=path)
    if target.is_dir():
        msg = f"{path}: is a folder; name a file"
        raise InputError(msg, file=path)
    if target.exists() and not force:
        msg = f"{path}: already exists; pass --force to overwrite it"
        raise InputError(msg, file=path)
    parent = target.parent
    if not parent.is_dir():
        msg = f"{path}: folder {str(parent)!r} does not exist"
        raise InputError(msg, file=path)
    return target


def _load(path: str, strict: bool) -> LoadResult:
    loaded = read_accounts(path, strict=strict)
    for note in loaded.report.notes:
        print(f"cocorev: note: {note}", file=sys.stderr)
    for issue in loaded.report.issues:
        print(str(issue), file=sys.stderr)
    return loaded


def _run_share(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    level = SharingLevel(args.level)
    if args.min_count is not None and level is not SharingLevel.COUNTS:
        parser.error("--min-count applies to --level counts only")
    fmt = _format(args.out, args.format, parser)
    out = _check_output(args.out, force=args.force)
    name, partner_path = args.partner
    ours = _load(args.ours, args.strict)
    theirs = _load(partner_path, args.strict)
    account_map = map_accounts(ours, {name: theirs})
    min_count = DEFAULT_MIN_COUNT if args.min_count is None else args.min_count
    view = account_map.shared_with(name, level, min_count=min_count)
    if fmt == "json":
        view.write_json(out, overwrite=args.force)
    else:
        view.write_csv(out, overwrite=args.force)
    what = (
        f"{len(view.counts)} stage pairs"
        if level is SharingLevel.COUNTS
        else f"{len(view.accounts)} of their accounts"
    )
    print(f"wrote the {level.value} view for {name} ({what}) to {out}")
    return 0


def _secret(args: argparse.Namespace) -> bytes:
    """Return the secret; messages never include it, nor the value given for it."""
    if args.secret_file is not None:
        try:
            raw = Path(args.secret_file).read_bytes()
        except FileNotFoundError as exc:
            msg = "the file given to --secret-file does not exist"
            raise InputError(msg, column="--secret-file") from exc
        except OSError as exc:
            msg = f"the file given to --secret-file cannot be read ({exc.strerror})"
            raise InputError(msg, column="--secret-file") from exc
        return raw.rstrip(b"\r\n")
    value = os.environ.get(args.secret_env)
    if not value:
        msg = "the environment variable named by --secret-env is not set or is empty"
        raise InputError(msg, column="--secret-env")
    return value.encode("utf-8")


def _run_tokens(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    out = _check_output(args.out, force=args.force)
    refs = _check_output(args.refs, force=args.force) if args.refs else None
    if refs is not None and refs.resolve() == out.resolve():
        parser.error("--out and --refs must name different files")
    secret = _secret(args)
    ours = _load(args.ours, args.strict)
    tokens = make_tokens(ours, secret, level=args.level, include_ids=args.with_ids)
    del secret
    write_tokens(tokens, out, overwrite=args.force)
    skipped = (
        f" ({len(tokens.skipped)} account(s) with no usable domain and no distinctive name skipped)"
        if tokens.skipped
        else ""
    )
    print(f"wrote {len(tokens)} token record(s) to {out}{skipped}")
    if refs is not None:
        write_references(tokens, refs, overwrite=args.force)
        print(f"wrote the references to {refs}: keep this file, do not send it")
    return 0


def _run_match(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    fmt = _format(args.out, args.format, parser) if args.out else "csv"
    out = _check_output(args.out, force=args.force) if args.out else None
    ours = read_tokens(args.ours_tokens)
    if args.refs:
        ours = read_references(args.refs, ours)
    theirs = read_tokens(args.theirs_tokens)
    matches = match_tokens(ours, theirs)
    by_domain = sum(1 for m in matches if m.rule == "domain")
    summary = (
        f"{len(matches)} match(es) ({by_domain} by domain, {len(matches) - by_domain} by name) "
        f"between {len({m.our_ref for m in matches})} of our {len(ours)} record(s) and "
        f"{len({m.their_ref for m in matches})} of their {len(theirs)}"
    )
    if out is None:
        write_matches(matches, sys.stdout, format=fmt)
        print(summary, file=sys.stderr)
        return 0
    write_matches(matches, out, format=fmt, overwrite=args.force)
    print(f"{summary}; wrote {out}")
    return 0
