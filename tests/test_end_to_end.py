"""cocorev map end to end on the real-company sample, against the sample's known pairs.

The expected figures come from tests/data/truth.csv and expected_counts.json, which the
sample script computed from the real ticker and YC-id joins, never from cocorev's code.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from cocorev.cli import main

DATA = Path(__file__).resolve().parent / "data"
PARTNERS = ("northwind", "contoso", "fabrikam")


@pytest.fixture(scope="module")
def mapped(tmp_path_factory):
    out = tmp_path_factory.mktemp("map")
    argv = ["map", str(DATA / "ours.csv"), "--out", str(out)]
    for partner in PARTNERS:
        argv += ["--partner", f"{partner}={DATA / (partner + '.csv')}"]
    assert 0 == main(argv)
    with (out / "overlaps.csv").open(encoding="utf-8", newline="") as handle:
        overlaps = list(csv.DictReader(handle))
    summaries = json.loads((out / "summaries.json").read_text(encoding="utf-8"))
    return overlaps, summaries


def _truth():
    with (DATA / "truth.csv").open(encoding="utf-8", newline="") as handle:
        return {(r["our_id"], r["partner"], r["partner_id"]) for r in csv.DictReader(handle)}


def _expected():
    return json.loads((DATA / "expected_counts.json").read_text(encoding="utf-8"))


class TestSampleMap:
    def test_overlaps_are_exactly_the_known_pairs(self, mapped):
        """Every known same-company pair is found, and nothing else."""
        overlaps, _ = mapped
        found = {(r["account_id"], r["partner"], r["partner_account_id"]) for r in overlaps}
        truth = _truth()
        assert (set(), set()) == (truth - found, found - truth)

    def test_stage_pairs(self, mapped):
        """Overlaps per (our stage, partner stage) pair equal the sample's counts."""
        overlaps, _ = mapped
        counts: dict[str, int] = {}
        for r in overlaps:
            key = f"{r['our_stage']}/{r['partner_stage']}"
            counts[key] = counts.get(key, 0) + 1
        expected = {k: v for k, v in _expected()["stage_pairs"].items() if v}
        assert expected == counts

    def test_playbook_counts(self, mapped, capsys):
        """The printed playbook cards count the accounts the sample says qualify for each play."""
        expected = _expected()["plays"]
        argv = ["map", str(DATA / "ours.csv")]
        for partner in PARTNERS:
            argv += ["--partner", f"{partner}={DATA / (partner + '.csv')}"]
        assert 0 == main(argv)
        printed = capsys.readouterr().out
        assert f"Upsells & Expansion: {expected['expansion']} account(s)" in printed
        assert f"Accelerate Opportunities: {expected['accelerate']} account(s)" in printed
        assert f"Generate Opportunities: {expected['generate']} account(s)" in printed
        assert f"Build Partnerships: {expected['partnership']} account(s)" in printed

    def test_one_summary_per_account_with_overlap(self, mapped):
        """Every account with an overlap has one Partner Summary, and Generate names no owner."""
        _, summaries = mapped
        assert _expected()["accounts_with_overlap"] == len(summaries)
        generate = [s for s in summaries if s["play"] == "generate"]
        assert generate
        assert all(s["owner"] is None for s in generate)
        others = [s for s in summaries if s["play"] != "generate"]
        assert all(s["owner"]["email"].endswith(f"@{s['partner']}.example") for s in others)


class TestDemo:
    def test_demo_prints_four_non_empty_cards(self, capsys, tmp_path):
        """cocorev demo maps the bundled sample and prints four non-empty playbook cards."""
        assert 0 == main(["demo", "--out", str(tmp_path)])
        printed = capsys.readouterr().out
        for label in ("Upsells & Expansion", "Accelerate Opportunities", "Generate Opportunities", "Build Partnerships"):
            line = next(x for x in printed.splitlines() if x.startswith(label + ":"))
            assert int(line.split(": ")[1].split()[0]) > 0
        assert (tmp_path / "summaries.json").exists()
