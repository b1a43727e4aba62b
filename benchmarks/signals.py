"""Time diff() on two synthetic snapshots of a million overlaps each.

The snapshots are built in memory (not through the matcher): one overlap per account of
ours, spread over five partners, with a few per cent of changes between the runs
(stage moves on either side, new partner owners, overlaps gone and appeared, partner
records re-created under a new id). Building them is not timed; diff() is.

Run: python benchmarks/signals.py [--accounts 1000000] [--change 0.03] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

from attrs import evolve

from cocorev.models import Account, Owner, Stage
from cocorev.plays import classify
from cocorev.signals import diff
from cocorev.snapshot import Snapshot, SnapshotOverlap

PARTNERS = ("Contoso", "Fabrikam", "Northwind", "Tailspin", "Wingtip")
STAGES = (Stage.CUSTOMER, Stage.OPPORTUNITY, Stage.LEAD)
T0 = datetime(2024, 5, 6, 9, 0, tzinfo=UTC)


def build(accounts: int, change: float, seed: int) -> tuple[Snapshot, Snapshot, Counter[str]]:
    rng = random.Random(seed)
    owners = [Owner(f"Owner {i}", f"owner{i}@partner.example") for i in range(500)]
    ours_before: list[Account] = []
    ours_after: list[Account] = []
    before: list[SnapshotOverlap] = []
    after: list[SnapshotOverlap] = []
    planted: Counter[str] = Counter()
    for i in range(accounts):
        our_stage = rng.choice(STAGES)
        ours = Account(id=f"A{i:07d}", name=f"Company {i}", website=f"c{i}.com", stage=our_stage)
        partner = PARTNERS[i % len(PARTNERS)]
        theirs = Account(
            id=f"P{i:07d}",
            name=f"Company {i} Inc.",
            website=f"https://www.c{i}.com/",
            stage=rng.choice(STAGES),
            owner=rng.choice(owners),
        )
        overlap = SnapshotOverlap(
            account_id=ours.id,
            partner=partner,
            partner_account=theirs,
            confidence=0.99,
            rule="domain",
            play=classify(ours.stage, theirs.stage).play,
        )
        ours_before.append(ours)
        before.append(overlap)
        roll = rng.random()
        new_ours, new_overlap = ours, overlap
        if roll < change:
            kind = rng.choice(("ours", "theirs", "owner", "gone", "appeared", "rekey"))
            planted[kind] += 1
            if kind == "ours":
                new_ours = evolve(ours, stage=rng.choice([s for s in STAGES if s != our_stage]))
            elif kind == "theirs":
                stage = rng.choice([s for s in STAGES if s != theirs.stage])
                new_overlap = evolve(overlap, partner_account=evolve(theirs, stage=stage))
            elif kind == "owner":
                owner = rng.choice([o for o in owners if o != theirs.owner])
                new_overlap = evolve(overlap, partner_account=evolve(theirs, owner=owner))
            elif kind == "gone":
                new_overlap = None
            elif kind == "appeared":
                before.pop()
            else:
                new_overlap = evolve(overlap, partner_account=evolve(theirs, id=f"Q{i:07d}"))
        if new_overlap is not None:
            play = classify(new_ours.stage, new_overlap.partner_stage).play
            if play is not new_overlap.play:
                new_overlap = evolve(new_overlap, play=play)
            after.append(new_overlap)
        ours_after.append(new_ours)
    first = Snapshot(taken_at=T0, accounts=ours_before, partners=PARTNERS, overlaps=before)
    second = Snapshot(
        taken_at=T0 + timedelta(days=7), accounts=ours_after, partners=PARTNERS, overlaps=after
    )
    return first, second, planted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--accounts", type=int, default=1_000_000)
    parser.add_argument("--change", type=float, default=0.03)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    started = time.perf_counter()
    before, after, planted = build(args.accounts, args.change, args.seed)
    built = time.perf_counter() - started
    print(
        f"built two snapshots: {len(before.overlaps):,} and {len(after.overlaps):,} overlaps, "
        f"{len(after.accounts):,} accounts, in {built:.1f} s (not timed below)"
    )
    print(f"planted changes: {dict(sorted(planted.items()))}")

    started, cpu = time.perf_counter(), time.process_time()
    signals = diff(before, after)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    by_type = Counter(s.type.value for s in signals)
    print(f"diff: {seconds:.2f} s wall ({cpu:.2f} s CPU), {len(signals):,} signals")
    for kind, count in sorted(by_type.items()):
        print(f"  {kind:<24} {count:>8,}")
    found = {
        "ours": by_type["our_stage_advanced"] + by_type["our_stage_regressed"],
        "theirs": by_type["partner_stage_advanced"] + by_type["partner_stage_regressed"],
        "owner": by_type["owner_changed"],
        "gone": by_type["overlap_gone"],
        "appeared": by_type["overlap_appeared"],
    }
    wanted = {k: planted[k] for k in found}  # re-keyed records must give no signal at all
    verdict = "ok" if found == wanted else f"MISMATCH: found {found}, planted {wanted}"
    print(f"every planted change found once, re-keyed records followed: {verdict}")


if __name__ == "__main__":
    main()
