"""Build "a week later" from the test sample: the same lists with a few stages moved.

Reads tests/data/{ours,northwind,contoso,fabrikam}.csv and writes the same files into
tests/data/week2/ with, chosen by a fixed seed among accounts that overlap (truth.csv):
three of our leads became opportunities, two of our opportunities were won, two of
Northwind's opportunities became customers, and one Contoso account changed owner.
Names and websites are untouched. Run: python scripts/make_week2.py
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
OUT = DATA / "week2"
SEED = 20240520


def _read(name: str) -> tuple[list[str], list[dict[str, str]]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or ()), list(reader)


def _write(name: str, fields: list[str], rows: list[dict[str, str]]) -> None:
    with (OUT / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _pick(
    rng: random.Random, rows: list[dict[str, str]], ids: set[str], stage: str, count: int
) -> list[dict[str, str]]:
    pool = sorted(
        (r for r in rows if r["id"] in ids and r["stage"] == stage), key=lambda r: r["id"]
    )
    return rng.sample(pool, count)


def main() -> None:
    rng = random.Random(SEED)
    OUT.mkdir(exist_ok=True)
    with (DATA / "truth.csv").open(encoding="utf-8", newline="") as handle:
        truth = list(csv.DictReader(handle))
    ours_with_overlap = {t["our_id"] for t in truth}
    fields, ours = _read("ours.csv")
    for row in _pick(rng, ours, ours_with_overlap, "lead", 3):
        row["stage"], row["amount"] = "opportunity", "50000"
    for row in _pick(rng, ours, ours_with_overlap, "opportunity", 2):
        row["stage"] = "customer"
    _write("ours.csv", fields, ours)
    for partner in ("northwind", "contoso", "fabrikam"):
        fields, rows = _read(f"{partner}.csv")
        theirs = {t["partner_id"] for t in truth if t["partner"] == partner}
        if partner == "northwind":
            for row in _pick(rng, rows, theirs, "opportunity", 2):
                row["stage"] = "customer"
        if partner == "contoso":
            for row in _pick(rng, rows, theirs, "customer", 1):
                row["owner_name"], row["owner_email"] = "Noa Levi", "noa.levi@contoso.example"
        _write(f"{partner}.csv", fields, rows)


if __name__ == "__main__":
    main()
