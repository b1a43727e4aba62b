"""End-to-end speed, memory and quality of the main job at 10k, 100k and 1M accounts.

For each size it generates our list and one partner list (benchmarks/data.py: real
names from ../shared/data, seeded), writes them as CSV, then times the whole main job
in a fresh process: read both files, normalise, match, classify, summarise, playbook.
It prints wall seconds, accounts per second (both lists counted), peak RSS (of the main
process, and of the largest forked worker, which shares most of its pages), precision
and recall against the generated truth, and the floor measured in the same run on the
same data: a plain dict join on already-normalised domains.

Usage: python benchmarks/scale.py [--sizes 10000,100000,1000000] [--json PATH] [--cache DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import itertools
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.data import DEFAULT_DATA, ROOT

TARGET_SECONDS_1M = 60.0
TARGET_RSS_MB = 4096.0
WORKERS = 2  # the target machine's cores


def run_one(folder: Path) -> dict[str, float]:
    """The timed job, run in its own process so peak RSS is its own."""
    from cocorev import MatchConfig, map_accounts, read_accounts
    from cocorev.normalize import parse_domains

    started = time.perf_counter()
    ours = read_accounts(folder / "ours.csv", workers=WORKERS)
    theirs = read_accounts(folder / "theirs.csv", workers=WORKERS)
    read_seconds = time.perf_counter() - started
    account_map = map_accounts(ours, {"Partner": theirs}, config=MatchConfig(workers=WORKERS))
    counts = account_map.playbook.counts()
    seconds = time.perf_counter() - started
    # The job's own peaks, before the scoring below adds to them.
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # The largest forked worker; it shares most of its pages with the main process.
    worker_peak_rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    found = {(o.account.id, o.partner_account.id) for o in account_map.overlaps}
    truth = {tuple(line.split(",")) for line in (folder / "truth.csv").read_text().split()}
    correct = len(found & truth)
    # The floor: a dict join on domains normalised beforehand (normalisation not timed).
    left = [(a.id, parse_domains(a.website).keys) for a in ours]
    right = [(a.id, parse_domains(a.website).keys) for a in theirs]
    floor_started = time.perf_counter()
    index: dict[str, list[str]] = {}
    for account_id, keys in right:
        for key in keys:
            index.setdefault(key, []).append(account_id)
    floor_pairs = {(a, b) for a, keys in left for key in keys for b in index.get(key, ())}
    floor_seconds = time.perf_counter() - floor_started
    return {
        "seconds": seconds,
        "read_seconds": read_seconds,
        "precision": correct / len(found) if found else 1.0,
        "recall": correct / len(truth) if truth else 1.0,
        "overlaps": len(found),
        "floor_seconds": floor_seconds,
        "floor_recall": len(floor_pairs & truth) / len(truth) if truth else 1.0,
        "cards": sum(counts.values()),
        "peak_rss_mb": peak_rss_mb,
        "worker_peak_rss_mb": worker_peak_rss_mb,
    }


@contextlib.contextmanager
def _dataset(size: int, data: Path, cache: Path | None) -> Iterator[Path]:
    """Yield a folder with the generated lists of ``size``: fresh, or kept in ``cache``.

    A cached set is reused only while the generator's code, and the name and domain
    keys it keeps companies apart by, are unchanged (their hash is part of the folder
    name); generating 1M a side takes minutes.
    """
    if cache is None:
        with tempfile.TemporaryDirectory() as tmp:
            _generate(size, Path(tmp), data)
            yield Path(tmp)
        return
    stamp = _generator_stamp()
    folder = cache / f"{size}-{stamp}"
    if not (folder / "truth.csv").exists():
        partial = cache / f"{size}-{stamp}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        _generate(size, partial, data)
        partial.rename(folder)
    yield folder


def _generator_stamp() -> str:
    """Return a hash of the generator and of the cocorev code and data its truth depends on."""
    package = ROOT / "src" / "cocorev"
    sources = [ROOT / "benchmarks" / "data.py"]
    sources += [package / name for name in ("normalize.py", "_legal_forms.py", "_text.py")]
    sources += [package / "match.py", *sorted((package / "_data").glob("*.txt"))]
    digest = hashlib.sha256()
    for source in sources:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:12]


def _generate(size: int, folder: Path, data: Path) -> None:
    # Generated in its own process, so that no run inherits its memory peak.
    subprocess.run(
        [sys.executable, "-m", "benchmarks.data", str(size), str(folder), str(data)],
        check=True,
        cwd=ROOT,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", default="10000,100000,1000000", help="comma-separated list sizes"
    )
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument(
        "--cache",
        type=Path,
        help="keep generated lists in this folder and reuse them while benchmarks/data.py is unchanged",
    )
    parser.add_argument("--run-one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run_one:
        print(json.dumps(run_one(args.run_one)))
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    results = []
    print(
        f"{'size':>9} {'seconds':>8} {'acc/s':>9} {'peak MB':>8} {'worker MB':>9} {'precision':>9} {'recall':>7} {'floor s':>8} {'x floor':>8}"
    )
    for size in sizes:
        with _dataset(size, args.data, args.cache) as folder:
            done = subprocess.run(
                [sys.executable, __file__, "--run-one", str(folder)],
                capture_output=True,
                text=True,
                check=True,
            )
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        row = {
            "size": size,
            "seconds": round(figures["seconds"], 2),
            "accounts_per_second": round(2 * size / figures["seconds"]),
            "peak_rss_mb": round(figures["peak_rss_mb"]),
            "worker_peak_rss_mb": round(figures["worker_peak_rss_mb"]),
            "precision": round(figures["precision"], 4),
            "recall": round(figures["recall"], 4),
            "floor_seconds": round(figures["floor_seconds"], 3),
            "read_seconds": round(figures["read_seconds"], 2),
        }
        results.append(row)
        ratio = row["seconds"] / row["floor_seconds"] if row["floor_seconds"] else float("inf")
        print(
            f"{size:>9} {row['seconds']:>8.2f} {row['accounts_per_second']:>9} {row['peak_rss_mb']:>8} {row['worker_peak_rss_mb']:>9} "
            f"{row['precision']:>9.4f} {row['recall']:>7.4f} {row['floor_seconds']:>8.3f} {ratio:>8.0f}",
            flush=True,
        )
    print()
    for previous, current in itertools.pairwise(results):
        growth = current["seconds"] / previous["seconds"]
        scale = current["size"] / previous["size"]
        target = 1.2 * scale
        verdict = "ok" if growth <= target else f"MISSED by {growth / target:.2f}x"
        print(
            f"{previous['size']} -> {current['size']}: time x{growth:.1f} for data x{scale:.0f} (target <= x{target:.0f}): {verdict}"
        )
    for row in results:
        if row["size"] >= 1_000_000:
            for label, value, target in (
                ("seconds", row["seconds"], TARGET_SECONDS_1M),
                ("peak RSS MB", row["peak_rss_mb"], TARGET_RSS_MB),
            ):
                verdict = "ok" if value <= target else f"MISSED by {value / target:.1f}x"
                print(f"1M {label}: {value} (target <= {target}): {verdict}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
