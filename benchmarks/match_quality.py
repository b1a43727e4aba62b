"""Precision, recall and F1 of cocorev's matching on real labelled data.

Two labelled sets, both from ../shared/data (see its SOURCES.md):

(a) S&P 500 short names against every Nasdaq and NYSE listing (names only, no websites),
    joined by ticker; the listings' thousands of other securities are distractors.
(b) Y Combinator companies with their raw websites against a partner list made by a
    seeded script: the same companies with the variations real CRMs show (other URL
    shapes, legal forms added or dropped, case, small typos, a third of websites
    missing) plus other YC companies as distractors.

A simple baseline runs beside cocorev in the same run: legal-suffix stripping, dropping
share-class words, rapidfuzz token sort ratio >= 85, best match per name.

Usage: python benchmarks/match_quality.py [--data ../shared/data] [--json PATH]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from rapidfuzz import fuzz, process

from cocorev import Account, Stage, match_accounts
from cocorev.normalize import normalize_domain

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"


def read_csv(path: Path) -> list[dict[str, str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:  # type: ignore[operator]
        return list(csv.DictReader(handle))


# ---------------------------------------------------------------- set (a)


def _root(symbol: str) -> str:
    return re.split(r"[$.\-^ ]", symbol, maxsplit=1)[0]


def listed_set(data: Path) -> tuple[list[Account], list[Account], dict[str, str], dict[str, str]]:
    """Return (S&P accounts, listing accounts, S&P id -> entity, listing id -> entity)."""
    sp = read_csv(data / "sp500_constituents.csv")
    ours = [Account(id=f"SP-{r['Symbol']}", name=r["Security"], stage=Stage.CUSTOMER) for r in sp]
    entity_of_symbol = {r["Symbol"]: r["CIK"] for r in sp}
    for r in sp:  # other share classes of the same issuer: BRK.A for BRK.B
        entity_of_symbol.setdefault(_root(r["Symbol"]), r["CIK"])
    ours_entity = {f"SP-{r['Symbol']}": r["CIK"] for r in sp}
    listings: list[Account] = []
    theirs_entity: dict[str, str] = {}
    # First pass: the issuer names of the listings that the ticker join labels.
    issuer_key_entity: dict[str, str] = {}
    for file, column in (
        ("nasdaq_listed.csv.gz", "Symbol"),
        ("nyse_other_listed.csv.gz", "ACT Symbol"),
    ):
        for r in read_csv(data / file):
            symbol = (r.get(column) or "").strip()
            entity = entity_of_symbol.get(symbol)
            if entity and (r.get("Company Name") or "").strip():
                issuer_key_entity.setdefault(_issuer(r["Company Name"]), entity)
    for file, column in (
        ("nasdaq_listed.csv.gz", "Symbol"),
        ("nyse_other_listed.csv.gz", "ACT Symbol"),
    ):
        rows = [
            r
            for r in read_csv(data / file)
            if (r.get(column) or "").strip()
            and (r.get("Company Name") or "").strip()
            and r.get("Test Issue") != "Y"
            and r.get(column) != "File Creation Time"
        ]
        # An issuer's other securities (preferreds, units, share classes) belong to the
        # same company: same symbol root on NYSE ("WFC$L"), same issuer name on Nasdaq.
        issuer_entity = {
            r["Company Name"].strip(): entity_of_symbol[r[column].strip()]
            for r in rows
            if r[column].strip() in entity_of_symbol and column == "Symbol"
        }
        for r in rows:
            symbol, name = r[column].strip(), r["Company Name"].strip()
            account_id = f"{file[:4]}-{symbol}"
            listings.append(Account(id=account_id, name=name, stage=Stage.CUSTOMER))
            entity = (
                entity_of_symbol.get(symbol)
                or (entity_of_symbol.get(_root(symbol)) if not symbol.isalpha() else None)
                or issuer_entity.get(name)
                or issuer_key_entity.get(_issuer(name))
            )
            if entity:
                theirs_entity[account_id] = entity
    return ours, listings, ours_entity, theirs_entity


# ---------------------------------------------------------------- set (b)

_LEGAL = ["Inc.", "Inc", "LLC", "Corp.", "Corporation", ", Inc.", "Ltd", "Co."]


def _typo(rng: random.Random, text: str) -> str:
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    if len(letters) < 6:
        return text
    i = rng.choice(letters[2:])
    kind = rng.randrange(3)
    if kind == 0:  # swap with the next character
        return (
            text[:i] + text[i + 1 : i + 2] + text[i] + text[i + 2 :] if i + 1 < len(text) else text
        )
    if kind == 1:  # drop a character
        return text[:i] + text[i + 1 :]
    return text[:i] + text[i] + text[i:]  # double a character


def _website_variant(rng: random.Random, website: str) -> str:
    domain = normalize_domain(website) or website
    shapes = [
        website,
        domain,
        f"www.{domain}",
        f"https://www.{domain}/",
        f"http://{domain}/about?utm_source=crm",
        f"info@{domain}",
        domain.upper(),
    ]
    return rng.choice(shapes)


def _name_variant(rng: random.Random, name: str) -> str:
    roll = rng.random()
    if roll < 0.25:
        name = f"{name} {rng.choice(_LEGAL)}".replace(" ,", ",")
    elif roll < 0.40:
        name = name.upper()
    elif roll < 0.50:
        name = name.lower()
    if rng.random() < 0.12:
        name = _typo(rng, name)
    return name


def startup_set(
    data: Path, *, seed: int = 7, size: int = 2500
) -> tuple[list[Account], list[Account], dict[str, str], dict[str, str]]:
    """Return (ours, partner, ours id -> entity, partner id -> entity) from YC companies."""
    rows = [r for r in read_csv(data / "yc_companies.csv.gz") if r["website"].strip()]
    rows = [r for r in rows if normalize_domain(r["website"])]
    names = Counter(r["name"].strip().casefold() for r in rows)
    domains = Counter(normalize_domain(r["website"]) for r in rows)
    rows = [
        r
        for r in rows
        if names[r["name"].strip().casefold()] == 1 and domains[normalize_domain(r["website"])] == 1
    ]
    rng = random.Random(seed)
    rng.shuffle(rows)
    shared = rows[:size]
    ours_only = rows[size : size + size // 2]
    theirs_only = rows[size + size // 2 : size * 2]
    ours = [
        Account(id=f"O-{r['id']}", name=r["name"], website=r["website"], stage=Stage.CUSTOMER)
        for r in shared + ours_only
    ]
    partner: list[Account] = []
    for r in shared:
        website = None if rng.random() < 1 / 3 else _website_variant(rng, r["website"])
        partner.append(
            Account(
                id=f"P-{r['id']}",
                name=_name_variant(rng, r["name"]),
                website=website,
                stage=Stage.LEAD,
            )
        )
    for r in theirs_only:
        website = None if rng.random() < 1 / 3 else r["website"]
        partner.append(
            Account(id=f"P-{r['id']}", name=r["name"], website=website, stage=Stage.LEAD)
        )
    rng.shuffle(partner)
    ours_entity = {a.id: a.id[2:] for a in ours}
    theirs_entity = {a.id: a.id[2:] for a in partner}
    return ours, partner, ours_entity, theirs_entity


# ---------------------------------------------------------------- scoring


def score(
    pairs: Iterable[tuple[str, str]],
    ours: list[Account],
    ours_entity: dict[str, str],
    theirs_entity: dict[str, str],
) -> dict[str, float | int]:
    pairs = list(pairs)
    correct = [p for p in pairs if theirs_entity.get(p[1]) == ours_entity.get(p[0])]
    findable = set(theirs_entity.values())
    wanted = [a.id for a in ours if ours_entity[a.id] in findable]
    found = {p[0] for p in correct}
    precision = len(correct) / len(pairs) if pairs else 1.0
    recall = sum(1 for a in wanted if a in found) / len(wanted) if wanted else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "pairs": len(pairs),
        "correct": len(correct),
        "findable": len(wanted),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
    }


_BASE_SUFFIX = re.compile(
    r"\b(inc|incorporated|corp|corporation|co|company|llc|ltd|limited|plc|holdings?|group|sa|ag|nv|se)\b\.?",
    re.I,
)
_BASE_CLASS = re.compile(
    r"\b(class [a-z]|common stock|ordinary shares|american depositary shares|depositary shares|"
    r"common shares|capital stock|units?|warrants?|rights?|series [a-z0-9]+)\b",
    re.I,
)


_ISSUER_END = re.compile(
    r"\b(common|ordinary|depositary|class [a-z]\b|series\b|notes?\b|warrants?\b|units?\b|rights?\b|\d)",
    re.I,
)


def _issuer(name: str) -> str:
    """The issuer part of a listing name: everything before the security description."""
    return _baseline_key(_ISSUER_END.split(name, maxsplit=1)[0])


def _baseline_key(name: str) -> str:
    text = _BASE_CLASS.sub(" ", name)
    text = _BASE_SUFFIX.sub(" ", text)
    return " ".join(re.findall(r"\w+", text.casefold()))


def baseline(ours: list[Account], theirs: list[Account]) -> list[tuple[str, str]]:
    """Legal-suffix stripping, share-class words dropped, token sort ratio >= 85, best per name."""
    keys = [_baseline_key(a.name) for a in theirs]
    pairs = []
    for account in ours:
        best = process.extractOne(
            _baseline_key(account.name), keys, scorer=fuzz.token_sort_ratio, score_cutoff=85
        )
        if best is not None:
            pairs.append((account.id, theirs[best[2]].id))
    return pairs


def misses_by_kind(
    result_pairs: list[tuple[str, str]],
    ours: list[Account],
    theirs: list[Account],
    ours_entity: dict[str, str],
    theirs_entity: dict[str, str],
    limit: int = 8,
) -> tuple[list[str], list[str]]:
    by_id = {a.id: a for a in [*ours, *theirs]}
    found = {p[0] for p in result_pairs if theirs_entity.get(p[1]) == ours_entity.get(p[0])}
    truth: dict[str, list[str]] = defaultdict(list)
    for tid, entity in theirs_entity.items():
        truth[entity].append(tid)
    missed = [
        f"  missed: {a.name!r} ({a.website or '-'}) ~ "
        + " | ".join(
            f"{by_id[t].name!r} ({by_id[t].website or '-'})" for t in truth[ours_entity[a.id]][:2]
        )
        for a in ours
        if ours_entity[a.id] in truth and a.id not in found
    ]
    wrong = [
        f"  false: {by_id[o].name!r} ({by_id[o].website or '-'}) ~ {by_id[t].name!r} ({by_id[t].website or '-'})"
        for o, t in result_pairs
        if theirs_entity.get(t) != ours_entity.get(o)
    ]
    return missed[:limit], wrong[:limit]


def run_set(
    label: str, ours, theirs, ours_entity, theirs_entity, verbose: bool
) -> dict[str, object]:
    started = time.perf_counter()
    result = match_accounts(ours, theirs)
    seconds = time.perf_counter() - started
    pairs = [(m.ours.id, m.theirs.id) for m in result]
    ours_score = score(pairs, ours, ours_entity, theirs_entity)
    high = [(m.ours.id, m.theirs.id) for m in result if m.confidence >= 0.9]
    high_precision = score(high, ours, ours_entity, theirs_entity)["precision"]
    started = time.perf_counter()
    base_pairs = baseline(ours, theirs)
    base_seconds = time.perf_counter() - started
    base_score = score(base_pairs, ours, ours_entity, theirs_entity)
    print(f"\n{label}: {len(ours)} x {len(theirs)} records")
    print(f"  {'method':<10} {'pairs':>6} {'precision':>10} {'recall':>8} {'F1':>7} {'seconds':>8}")
    for name, s, secs in (("cocorev", ours_score, seconds), ("baseline", base_score, base_seconds)):
        print(
            f"  {name:<10} {s['pairs']:>6} {s['precision']:>10.4f} {s['recall']:>8.4f} {s['f1']:>7.4f} {secs:>8.2f}"
        )
    print(
        f"  precision of matches with confidence >= 0.9: {high_precision:.4f} ({len(high)} pairs)"
    )
    print(
        f"  review candidates: {len(result.candidates)}, conflicts resolved: {len(result.conflicts)}"
    )
    missed, wrong = misses_by_kind(
        pairs, ours, theirs, ours_entity, theirs_entity, limit=30 if verbose else 8
    )
    for line in missed + wrong:
        print(line)
    return {
        "set": label,
        "cocorev": ours_score,
        "baseline": base_score,
        "precision_at_0.9": high_precision,
        "seconds": round(seconds, 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--verbose", action="store_true", help="list more misses")
    args = parser.parse_args(argv)
    if not (args.data / "sp500_constituents.csv").exists():
        print(f"data folder not found: {args.data} (pass --data)", file=sys.stderr)
        return 1
    figures = [
        run_set(
            "(a) S&P 500 vs exchange listings, names only", *listed_set(args.data), args.verbose
        ),
        run_set("(b) YC companies vs a varied partner list", *startup_set(args.data), args.verbose),
    ]
    targets = {"(a)": (0.99, 0.97), "(b)": (0.995, 0.98)}
    print("\ntargets:")
    for fig in figures:
        p_min, r_min = targets[str(fig["set"])[:3]]
        s = fig["cocorev"]
        assert isinstance(s, dict)
        ok = s["precision"] >= p_min and s["recall"] >= r_min
        print(
            f"  {str(fig['set'])[:3]} precision >= {p_min}, recall >= {r_min}: {'met' if ok else 'MISSED'}"
        )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
