"""The embedded path against Spark local mode on generated data: seconds and peak memory.

For each size it generates our list and one partner list (benchmarks/data.py: real
names from ../shared/data, seeded), writes them as CSV, then runs the whole mapping in
a fresh process per engine: the embedded `cocorev.map_accounts`, and `cocorev.spark`
in local mode (`local[2]`, Spark reading the same CSV files). Peak memory is the
largest sum of resident memory over the process tree (Python driver, JVM, Python
workers), sampled with psutil; without psutil, the largest single process's peak.
It also checks that both engines found the same overlaps.

Usage: python benchmarks/spark_scale.py [--sizes 100000,1000000] [--cores 2] [--driver-memory 8g]
       [--lists DIR]
Needs: pip install -e '.[spark]' and Java 17+.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.data import DEFAULT_DATA, generate, write_csv

_EMBEDDED = """
import json, sys, time
from cocorev import MatchConfig, map_accounts, read_accounts
folder, cores = sys.argv[1], int(sys.argv[2])
started = time.perf_counter()
read = lambda name: read_accounts(f"{folder}/{name}.csv", workers=cores)
amap = map_accounts(read("ours"), {"Partner": read("theirs")}, config=MatchConfig(workers=cores))
pairs = sorted((o.account.id, o.partner_account.id, o.match.confidence) for o in amap.overlaps)
print(json.dumps({"seconds": time.perf_counter() - started, "overlaps": len(pairs), "digest": hash(tuple(pairs))}))
"""

_SPARK = """
import json, os, sys, time
os.environ["PYSPARK_PYTHON"] = sys.executable
from pyspark.sql import SparkSession
from cocorev.spark import map_accounts
folder, cores, memory = sys.argv[1], sys.argv[2], sys.argv[3]
spark = (SparkSession.builder.master(f"local[{cores}]")
         .config("spark.sql.shuffle.partitions", str(4 * int(cores)))
         .config("spark.driver.memory", memory)
         .config("spark.ui.enabled", "false").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
started = time.perf_counter()
read = lambda name: spark.read.option("header", True).option("escape", '"').csv(f"{folder}/{name}.csv")
result = map_accounts(read("ours"), {"Partner": read("theirs")})
pairs = sorted((r.our_id, r.partner_id, r.confidence) for r in result.overlaps.select("our_id", "partner_id", "confidence").toLocalIterator())
print(json.dumps({"seconds": time.perf_counter() - started, "overlaps": len(pairs), "digest": hash(tuple(pairs))}))
spark.stop()
"""


def _tree_rss(proc: object) -> int:
    import psutil

    total = 0
    for p in [proc, *proc.children(recursive=True)]:  # type: ignore[attr-defined]
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


def run(code: str, *args: str) -> dict[str, float]:
    """Run one engine in a fresh process; return its figures and peak tree memory (MB)."""
    command = [sys.executable, "-c", code, *args]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    started = time.perf_counter()
    try:
        import psutil
    except ImportError:
        done = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        out = done.stdout
    else:
        child = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
        )
        proc = psutil.Process(child.pid)
        peak = 0.0
        while child.poll() is None:
            peak = max(peak, _tree_rss(proc) / 2**20)
            time.sleep(0.2)
        out = child.stdout.read() if child.stdout else ""
        if child.returncode:
            msg = f"engine failed with exit code {child.returncode}"
            raise RuntimeError(msg)
    figures = json.loads(out.strip().splitlines()[-1])
    figures["wall"] = time.perf_counter() - started
    figures["peak_mb"] = peak
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000", help="comma-separated accounts per side")
    parser.add_argument("--cores", default="2", help="Spark local cores (and embedded workers)")
    parser.add_argument(
        "--driver-memory", default="8g", help="Spark driver heap (local mode runs all tasks in it)"
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument(
        "--lists",
        type=Path,
        help="use lists generated before: LISTS/SIZE/ours.csv and theirs.csv (benchmarks/data.py)",
    )
    args = parser.parse_args()
    print(f"{'size':>9} | {'embedded s':>10} {'peak MB':>8} | {'spark s':>8} {'peak MB':>8} | same")
    for size in (int(s) for s in args.sizes.split(",")):
        with contextlib.ExitStack() as stack:
            if args.lists:
                folder = str(args.lists / str(size))
            else:
                folder = stack.enter_context(tempfile.TemporaryDirectory())
                pair = generate(size, seed=1, data=args.data)
                write_csv(pair.ours, Path(folder) / "ours.csv")
                write_csv(pair.theirs, Path(folder) / "theirs.csv")
            embedded = run(_EMBEDDED, folder, args.cores)
            spark = run(_SPARK, folder, args.cores, args.driver_memory)
        same = embedded["overlaps"] == spark["overlaps"] and embedded["digest"] == spark["digest"]
        print(
            f"{size:>9,} | {embedded['seconds']:>10.1f} {embedded['peak_mb']:>8.0f} | "
            f"{spark['seconds']:>8.1f} {spark['peak_mb']:>8.0f} | {'yes' if same else 'NO'}"
        )


if __name__ == "__main__":
    main()
