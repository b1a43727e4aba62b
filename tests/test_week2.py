"""Signals between two mappings of the real sample a week apart (tests/data/week2).

The second week was made by scripts/make_week2.py, which moves a few stages; the
expected signals are counted here from the two weeks' CSV files and the known pairs,
never from cocorev's code.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from cocorev.cli import main

DATA = Path(__file__).resolve().parent / "data"
PARTNERS = ("northwind", "contoso", "fabrikam")
PRIMARY = {
    ("customer", "customer"): "expansion",
    ("customer", "opportunity"): "expansion",
    ("customer", "lead"): "partnership",
    ("opportunity", "customer"): "accelerate",
    ("opportunity", "opportunity"): "accelerate",
    ("opportunity", "lead"): "partnership",
    ("lead", "customer"): "generate",
    ("lead", "opportunity"): "generate",
    ("lead", "lead"): "generate",
}


def _stages(folder: Path, name: str) -> dict[str, str]:
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return {r["id"]: r["stage"] for r in csv.DictReader(handle)}


def _map(folder: Path, out: Path) -> None:
    argv = ["map", str(folder / "ours.csv"), "--out", str(out), "--quiet"]
    for partner in PARTNERS:
        argv += ["--partner", f"{partner}={folder / (partner + '.csv')}"]
    assert 0 == main(argv)


class TestWeekLater:
    def test_signals_match_the_moved_stages(self, tmp_path, capsys):
        """Every moved stage on an overlap gives its stage signal, and each changed play a play signal."""
        from tests.test_end_to_end import KNOWN_MISSES

        _map(DATA, tmp_path / "w1")
        _map(DATA / "week2", tmp_path / "w2")
        capsys.readouterr()
        assert 0 == main(
            ["signals", str(tmp_path / "w1"), str(tmp_path / "w2"), "--format", "json"]
        )
        payload = json.loads(capsys.readouterr().out)
        signals = payload if isinstance(payload, list) else payload["signals"]
        counts: dict[str, int] = {}
        for signal in signals:
            counts[signal["type"]] = counts.get(signal["type"], 0) + 1

        with (DATA / "truth.csv").open(encoding="utf-8", newline="") as handle:
            pairs = {
                (r["our_id"], r["partner"], r["partner_id"]) for r in csv.DictReader(handle)
            } - set(KNOWN_MISSES)
        ours1, ours2 = _stages(DATA, "ours.csv"), _stages(DATA / "week2", "ours.csv")
        theirs1 = {p: _stages(DATA, f"{p}.csv") for p in PARTNERS}
        theirs2 = {p: _stages(DATA / "week2", f"{p}.csv") for p in PARTNERS}
        ours_moved = sum(1 for o, _p, _t in pairs if ours1[o] != ours2[o])
        theirs_moved = sum(1 for _o, p, t in pairs if theirs1[p][t] != theirs2[p][t])
        plays_changed = sum(
            1
            for o, p, t in pairs
            if PRIMARY[(ours1[o], theirs1[p][t])] != PRIMARY[(ours2[o], theirs2[p][t])]
        )
        assert (5, 2, 4) == (ours_moved, theirs_moved, plays_changed)
        assert ours_moved == counts.get("our_stage_advanced")
        assert theirs_moved == counts.get("partner_stage_advanced")
        assert plays_changed == counts.get("play_changed")
        assert "overlap_appeared" not in counts
        assert "overlap_gone" not in counts
