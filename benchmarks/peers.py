"""cocorev beside general-purpose record-linkage tools, on the same generated data.

Runs the main job of cocorev, `recordlinkage` (sorted-neighbourhood index on names plus
a block on domains, Jaro-Winkler on names, exact domains) and `splink` with DuckDB
(blocking on domain and on the first name word, Fellegi-Sunter model trained without
labels) on one generated pair of lists (benchmarks/data.py), and prints seconds, peak
RSS, precision and recall side by side. The peers get the names and domains already
normalised by cocorev (not timed), so they are judged on linking, not on parsing.

The peers are benchmark-only dependencies: `pip install recordlinkage splink psutil`.
A peer that is not installed, or whose API has moved, is reported as such.

Usage: python benchmarks/peers.py [--size 100000]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.data import DEFAULT_DATA, ROOT


def _frames(folder: Path):  # type: ignore[no-untyped-def]
    import pandas as pd

    from cocorev.normalize import normalize_name, parse_domains

    frames = []
    for side in ("ours", "theirs"):
        df = pd.read_csv(folder / f"{side}.csv", dtype=str, keep_default_na=False)
        df["name_key"] = [normalize_name(n) for n in df["name"]]
        df["domain_key"] = [(parse_domains(w).keys or ("",))[0] or None for w in df["domain"]]
        df["first_word"] = [k.split()[0] if k else None for k in df["name_key"]]
        frames.append(df.set_index("id", drop=False))
    return frames


def run_cocorev(folder: Path) -> set[tuple[str, str]]:
    from cocorev import MatchConfig, map_accounts, read_accounts

    ours = read_accounts(folder / "ours.csv", workers=2)
    theirs = read_accounts(folder / "theirs.csv", workers=2)
    amap = map_accounts(ours, {"P": theirs}, config=MatchConfig(workers=2))
    return {(o.account.id, o.partner_account.id) for o in amap.overlaps}


def run_recordlinkage(folder: Path) -> set[tuple[str, str]]:
    import recordlinkage

    left, right = _frames(folder)
    started = time.perf_counter()
    indexer = recordlinkage.Index()
    indexer.sortedneighbourhood("name_key", window=5)
    indexer.block("domain_key")
    pairs = indexer.index(left, right)
    compare = recordlinkage.Compare()
    compare.string("name_key", "name_key", method="jarowinkler", threshold=0.93, label="name")
    compare.exact("domain_key", "domain_key", label="domain", missing_value=0)
    features = compare.compute(pairs, left, right)
    found = features[features.sum(axis=1) >= 1].index
    print(
        f"    (recordlinkage linking alone: {time.perf_counter() - started:.1f}s)", file=sys.stderr
    )
    return {(str(a), str(b)) for a, b in found}


def run_splink(folder: Path) -> set[tuple[str, str]]:
    import splink.comparison_library as cl
    from splink import Linker, SettingsCreator, block_on

    try:  # splink 5
        from splink.backends.duckdb import DuckDBAPI
    except ImportError:  # splink 4
        from splink import DuckDBAPI  # type: ignore[attr-defined,no-redef]

    left, right = _frames(folder)
    columns = ["id", "name_key", "domain_key", "first_word"]
    left = left[columns].rename(columns={"id": "unique_id"}).reset_index(drop=True)
    right = right[columns].rename(columns={"id": "unique_id"}).reset_index(drop=True)
    settings = SettingsCreator(
        link_type="link_only",
        blocking_rules_to_generate_predictions=[block_on("domain_key"), block_on("first_word")],
        comparisons=[
            cl.JaroWinklerAtThresholds("name_key", [0.95, 0.88]),
            cl.ExactMatch("domain_key"),
        ],
    )
    db_api = DuckDBAPI()
    try:  # splink 5 takes registered tables
        tables = [
            db_api.register(left, table_name="ours"),
            db_api.register(right, table_name="theirs"),
        ]
        linker = Linker(tables, settings)
    except (AttributeError, TypeError):  # splink 4 takes frames and the database
        linker = Linker([left, right], settings, db_api=db_api)  # type: ignore[call-arg]
    linker.training.estimate_probability_two_random_records_match(
        [block_on("domain_key")], recall=0.6
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("first_word"))
    predictions = linker.inference.predict(threshold_match_probability=0.9).as_pandas_dataframe()
    return {
        (str(a), str(b))
        for a, b in zip(predictions["unique_id_l"], predictions["unique_id_r"], strict=True)
    }


RUNNERS = {"cocorev": run_cocorev, "recordlinkage": run_recordlinkage, "splink": run_splink}


def one(name: str, folder: Path) -> dict[str, object]:
    started = time.perf_counter()
    try:
        found = RUNNERS[name](folder)
    except ImportError as exc:
        return {"tool": name, "error": f"not installed ({exc.name})"}
    except Exception as exc:
        return {"tool": name, "error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}"}
    seconds = time.perf_counter() - started
    truth = {tuple(line.split(",")) for line in (folder / "truth.csv").read_text().split()}
    correct = len(found & truth)
    return {
        "tool": name,
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "precision": round(correct / len(found), 4) if found else 0.0,
        "recall": round(correct / len(truth), 4) if truth else 1.0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument(
        "--lists", type=Path, help="use lists generated before (ours.csv, theirs.csv, truth.csv)"
    )
    parser.add_argument("--run", nargs=2, metavar=("TOOL", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run:
        print(json.dumps(one(args.run[0], Path(args.run[1]))))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.lists or Path(tmp)
        if not args.lists:
            # Generated in its own process, so that no run inherits its memory peak.
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "benchmarks.data",
                    str(args.size),
                    str(folder),
                    str(args.data),
                ],
                check=True,
                cwd=ROOT,
            )
        print(f"{args.size:,} x {args.size:,} accounts")
        print(f"  {'tool':<14} {'seconds':>8} {'peak MB':>8} {'precision':>9} {'recall':>7}")
        for tool in RUNNERS:
            done = subprocess.run(
                [sys.executable, __file__, "--run", tool, str(folder)],
                capture_output=True,
                text=True,
                check=False,
            )
            lines = done.stdout.strip().splitlines()
            row = (
                json.loads(lines[-1])
                if lines
                else {"tool": tool, "error": done.stderr.strip()[-200:]}
            )
            if "error" in row:
                print(f"  {tool:<14} {row['error']}")
            else:
                print(
                    f"  {tool:<14} {row['seconds']:>8} {row['peak_rss_mb']:>8} {row['precision']:>9} {row['recall']:>7}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
