"""Ledger speed: insert rate into an SQLite ledger and latency of credit queries.

Run: ``python benchmarks/ledger.py [--entries 100000] [--batch 1000]``

Two files in a temporary folder:

* batched: ``--entries`` gives, gets and asks over 50 partners, written ``--batch``
  at a time (one transaction per batch), then a few thousand asks resolved;
* one per write: ``--entries`` gives to a single partner, one transaction each, with
  ``synchronous = NORMAL`` (the worst case for a credit query), and ``--durable``
  more with the default ``synchronous = FULL`` (an fsync per entry).

It prints the insert rates, then the median latency of ``credit()`` (with and without
a half-life), ``can_ask()`` and ``standings()``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

from cocorev.ledger import CreditPolicy, GiveKind, Ledger

NOW = datetime(2025, 3, 1, tzinfo=UTC)
KINDS = list(GiveKind)


def clock() -> datetime:
    return NOW


def timed(label: str, action: Callable[[], object], *, repeat: int = 7) -> float:
    """Run ``action`` ``repeat`` times; print and return the median in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    median = statistics.median(samples)
    print(f"  {label:<52} {median:9.2f} ms  (min {min(samples):.2f})")
    return median


def fill_batched(path: Path, entries: int, batch_size: int) -> None:
    rng = random.Random(42)
    partners = [f"Partner {n:02d}" for n in range(50)]
    asks: list[str] = []
    with Ledger.open(path, clock=clock) as ledger:
        start = time.perf_counter()
        written = 0
        while written < entries:
            size = min(batch_size, entries - written)
            with ledger.batch() as batch:
                for _ in range(size):
                    partner = rng.choice(partners)
                    kind = rng.choice(KINDS)
                    at = NOW - timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
                    roll = rng.random()
                    if roll < 0.6:
                        batch.give(partner, kind, at=at, account=f"A-{rng.randrange(5000)}")
                    elif roll < 0.8:
                        batch.get(partner, kind, at=at)
                    else:
                        asks.append(batch.ask(partner, kind, at=at - timedelta(days=30)).id)
            written += size
        elapsed = time.perf_counter() - start
        print(
            f"batched inserts ({batch_size} per transaction): {entries:,} entries in "
            f"{elapsed:.2f} s = {entries / elapsed:,.0f} entries/s"
        )
        resolve = asks[: min(2000, len(asks))]
        start = time.perf_counter()
        for ask_id in resolve:
            status = "fulfilled" if rng.random() < 0.6 else "declined"
            ledger.resolve(ask_id, status, at=NOW - timedelta(days=1))
        elapsed = time.perf_counter() - start
        print(
            f"resolutions (one per transaction, with checks): {len(resolve):,} in "
            f"{elapsed:.2f} s = {len(resolve) / elapsed:,.0f}/s"
        )


def fill_one_by_one(path: Path, entries: int, synchronous: Literal["full", "normal"]) -> None:
    rng = random.Random(7)
    with Ledger.open(path, clock=clock, synchronous=synchronous) as ledger:
        start = time.perf_counter()
        for n in range(entries):
            at = NOW - timedelta(minutes=n)
            ledger.give("Globex", rng.choice(KINDS), at=at)
        elapsed = time.perf_counter() - start
    print(
        f"one entry per write (own transaction, synchronous={synchronous.upper()}): "
        f"{entries:,} entries in {elapsed:.2f} s = {entries / elapsed:,.0f} entries/s"
    )


def queries(path: Path, title: str, partner: str) -> None:
    print(f"\nqueries on {title}:")
    decaying = CreditPolicy(half_life_days=90)
    with (
        Ledger.open(path, clock=clock) as ledger,
        Ledger.open(path, policy=decaying, clock=clock) as halving,
    ):
        rows = len(ledger.entries(partner))
        print(f"  ({rows:,} entries with {partner})")
        timed(f"credit({partner!r})", lambda: ledger.credit(partner))
        timed(f"credit({partner!r}), half-life 90 days", lambda: halving.credit(partner))
        timed(f"can_ask({partner!r})", lambda: ledger.can_ask(partner))
        timed("standings() of every partner", ledger.standings, repeat=5)
        timed("standings(), half-life 90 days", halving.standings, repeat=5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000, help="entries per file")
    parser.add_argument("--batch", type=int, default=1000, help="entries per batch")
    parser.add_argument(
        "--durable",
        type=int,
        default=None,
        help="entries written one at a time with synchronous=FULL (default: --entries); "
        "each costs an fsync, so a sample gives the rate sooner",
    )
    args = parser.parse_args()
    durable = args.entries if args.durable is None else args.durable
    with tempfile.TemporaryDirectory() as folder:
        batched = Path(folder) / "batched.db"
        single = Path(folder) / "single.db"
        fill_batched(batched, args.entries, args.batch)
        fill_one_by_one(single, args.entries, "normal")
        fill_one_by_one(Path(folder) / "durable.db", durable, "full")
        megabytes = [path.stat().st_size / 1e6 for path in (batched, single)]
        print("file sizes: batched {:.1f} MB, one per write {:.1f} MB".format(*megabytes))
        queries(batched, f"{args.entries:,} entries over 50 partners", "Partner 07")
        queries(single, f"{args.entries:,} entries with one partner", "Globex")


if __name__ == "__main__":
    main()
