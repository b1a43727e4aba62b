"""Build the real-data demo sample and the end-to-end test fixtures from the shared datasets.

Usage::

    python scripts/make_samples.py [--shared ../shared] [--check]

Reads the public datasets in ``<shared>/data`` (see ``SOURCES.md`` there) and writes:

* ``src/cocorev/_data/sample/``: ours.csv, northwind.csv, contoso.csv, fabrikam.csv,
  truth.csv and README.md (the demo sample shipped in the package);
* ``tests/data/``: the same five CSV files byte for byte, README.md and expected_counts.json.

Company names and websites are copied from the sources exactly as written. Stages, owners,
amounts and partner ids are synthetic, drawn from a seeded generator, so the output is the
same on every run. True pairs are established by ticker/CIK join (S&P 500 to exchange
listings) or by YC id, never by name similarity. ``--check`` rebuilds in memory and exits
with status 1 if any committed file differs.

Run it with the project's virtual environment (it uses ``tldextract``'s bundled suffix
list, offline).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import random
import re
import sys
import textwrap
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import tldextract

SEED = 20240917
REPO = Path(__file__).resolve().parents[1]
SAMPLE_DIR = REPO / "src" / "cocorev" / "_data" / "sample"
TEST_DIR = REPO / "tests" / "data"

HEADER = ("id", "name", "domain", "stage", "owner_name", "owner_email", "amount")
TRUTH_HEADER = ("our_id", "partner", "partner_id")
STAGES = ("customer", "opportunity", "lead")
STAGE_SHARES = (0.4, 0.3, 0.3)
PARTNERS = ("northwind", "contoso", "fabrikam")
PARTNER_PREFIX = {"northwind": "NW", "contoso": "CT", "fabrikam": "FB"}
OUR_EMAIL_DOMAIN = "cocorev-demo.example"

# Sizes.
N_OUR_SP = 150
N_OUR_YC = 150
OUR_YC_BLANK_WEBSITE = 50  # about a third: CRMs miss websites
NW_OVERLAP = 90
NW_DISTRACTORS = 150
CT_OVERLAP = 90
CT_DISTRACTORS = 150
CT_BLANK_SHARE = 0.15
FB_SP_SHARED = 12  # fabrikam S&P overlaps also overlapping northwind
FB_SP_OWN = 13  # fabrikam S&P overlaps not in northwind
FB_YC_SHARED = 10
FB_YC_OWN = 10
FB_LISTING_DISTRACTORS = 30
FB_YC_DISTRACTORS = 25
FB_BLANK_SHARE = 0.25
MIN_PAIR_COUNT = 3

# The play matrix of PLAYS.md: (our stage, partner stage) -> every play it qualifies for.
PLAYS_BY_PAIR: dict[tuple[str, str], tuple[str, ...]] = {
    ("customer", "customer"): ("expansion",),
    ("customer", "opportunity"): ("expansion", "partnership"),
    ("customer", "lead"): ("partnership",),
    ("opportunity", "customer"): ("accelerate",),
    ("opportunity", "opportunity"): ("accelerate",),
    ("opportunity", "lead"): ("partnership",),
    ("lead", "customer"): ("generate",),
    ("lead", "opportunity"): ("generate",),
    ("lead", "lead"): ("generate",),
}
PLAYS = ("expansion", "accelerate", "generate", "partnership")

FIRST_NAMES = (
    "Aisha", "Alex", "Ben", "Carmen", "Chloe", "Daniel", "Diego", "Elena", "Fatima", "Grace",
    "Hannah", "Ivan", "Jordan", "Kenji", "Laura", "Liam", "Maria", "Mei", "Noah", "Omar",
    "Priya", "Rafael", "Sofia", "Tariq", "Yuki", "Zara",
)  # fmt: skip
LAST_NAMES = (
    "Andersen", "Brennan", "Costa", "Dubois", "Garcia", "Haddad", "Ibrahim", "Jensen",
    "Kowalski", "Lindqvist", "Murphy", "Nguyen", "Okafor", "Patel", "Rossi", "Schmidt",
    "Silva", "Tanaka", "Varga", "Weber",
)  # fmt: skip
TEAM_SIZE = {"ours": 6, "northwind": 5, "contoso": 5, "fabrikam": 4}

# Deal sizes, round numbers: enterprise (S&P 500) accounts are larger than startups (YC).
AMOUNTS_LARGE = (50000, 75000, 100000, 120000, 150000, 200000, 250000, 300000, 400000, 500000)
AMOUNTS_SMALL = (5000, 8000, 10000, 12000, 15000, 20000, 25000, 30000, 40000, 50000)

# Hosts that belong to a platform or to another company, not to the YC company itself.
FOREIGN_HOSTS = frozenset(
    {
        "angel.co", "apple.com", "blogspot.com", "crunchbase.com", "facebook.com", "github.com",
        "google.com", "linkedin.com", "lnkd.in", "m.me", "medium.com", "producthunt.com",
        "taptolearn.com", "twitter.com", "ycombinator.com",
    }
)  # fmt: skip

# Words that carry no identity when comparing names across sources (collision guard only).
NAME_NOISE = frozenset(
    {
        "a", "ag", "and", "b", "c", "class", "co", "common", "company", "corp", "corporation",
        "group", "holding", "holdings", "inc", "incorporated", "limited", "llc", "lp", "ltd",
        "n", "new", "nv", "ordinary", "plc", "reit", "s", "sa", "se", "share", "shares",
        "stock", "the", "v",
    }
)  # fmt: skip
COMMON_STOCK = re.compile(r"common stock|ordinary shares|common shares", re.IGNORECASE)
NOT_A_COMPANY_SHARE = re.compile(
    r"warrant|\bunits?\b|\brights?\b|preferred|depositary|\bnotes?\b|debenture|\bfund\b|\betf\b"
    r"|\betn\b|acquisition",
    re.IGNORECASE,
)

_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@dataclass
class Listing:
    """One exchange listing row."""

    symbol: str
    company_name: str
    security_name: str
    exchange: str  # "nasdaq" or "nyse_other"

    @property
    def damaged(self) -> bool:
        """Whether the upstream parser cut the company name at an in-word hyphen."""
        rest = self.security_name[len(self.company_name) :]
        return (
            self.security_name.startswith(self.company_name)
            and not self.company_name.endswith(" ")
            and rest.startswith("-")
        )


@dataclass
class SpCompany:
    """One S&P 500 company (one per CIK)."""

    symbol: str
    name: str
    cik: str
    listings: list[Listing] = field(default_factory=list)


@dataclass
class YcCompany:
    """One YC company."""

    id: str
    name: str
    website: str
    status: str


@dataclass
class Row:
    """One output account row, with where it came from."""

    id: str
    name: str
    domain: str
    source: str  # "sp", "listing" or "yc"
    key: str  # source identity: S&P CIK or YC id; "" for distractor listings
    stage: str = ""
    owner_name: str = ""
    owner_email: str = ""
    amount: str = ""


# ---------------------------------------------------------------- reading


def _read_csv(path: Path) -> list[dict[str, str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_listings(data: Path) -> dict[str, Listing]:
    """Usable (non-ETF, non-test) listings by symbol, from both exchange files."""
    listings: dict[str, Listing] = {}
    for row in _read_csv(data / "nasdaq_listed.csv.gz"):
        if row["ETF"] != "N" or row["Test Issue"] != "N":
            continue  # also drops the footer and blank rows
        listings[row["Symbol"]] = Listing(
            row["Symbol"], row["Company Name"], row["Security Name"], "nasdaq"
        )
    for row in _read_csv(data / "nyse_other_listed.csv.gz"):
        if row["ETF"] != "N" or row["Test Issue"] != "N":
            continue
        listings[row["ACT Symbol"]] = Listing(
            row["ACT Symbol"], row["Company Name"], row["Security Name"], "nyse_other"
        )
    return listings


def load_sp500(data: Path, listings: dict[str, Listing]) -> tuple[list[SpCompany], set[str]]:
    """S&P companies, one per CIK (first row in file order), and every S&P symbol."""
    by_cik: dict[str, SpCompany] = {}
    symbols: set[str] = set()
    for row in _read_csv(data / "sp500_constituents.csv"):
        symbols.add(row["Symbol"])
        company = by_cik.setdefault(
            row["CIK"], SpCompany(row["Symbol"], row["Security"], row["CIK"])
        )
        if row["Symbol"] in listings:
            company.listings.append(listings[row["Symbol"]])
    return list(by_cik.values()), symbols


def load_yc(data: Path) -> list[YcCompany]:
    """Every YC company, in file order."""
    return [
        YcCompany(row["id"], row["name"], row["website"], row["status"])
        for row in _read_csv(data / "yc_companies.csv.gz")
    ]


# ---------------------------------------------------------------- identity guards


def name_tokens(name: str) -> tuple[str, ...]:
    """Tokens of a name for the cross-source collision guard (never used to build truth)."""
    text = unicodedata.normalize("NFKC", name).casefold().replace("&", " and ")
    tokens = re.sub(r"[\W_]+", " ", text).split()
    return tuple(t for t in tokens if t not in NAME_NOISE)


def collides(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether one token sequence starts with the other (a possible same company)."""
    if not a or not b:
        return True  # a name of noise words alone cannot be told apart: treat as a collision
    n = min(len(a), len(b))
    return tuple(a[:n]) == tuple(b[:n])


def collides_any(tokens: Sequence[str], others: Iterable[Sequence[str]]) -> bool:
    """Whether ``tokens`` collides with any of ``others``."""
    return any(collides(tokens, other) for other in others)


def symbol_root(symbol: str) -> str:
    """The symbol without its share-class or issue suffix (``BRK.B`` -> ``BRK``)."""
    return re.split(r"[.$\- ]", symbol, maxsplit=1)[0]


def registered_domain(website: str) -> str:
    """The registered domain of a raw website value, or "" when it has no usable host."""
    value = website.strip()
    if not value or "," in value or " " in value:
        return ""
    if "://" not in value:
        value = "http://" + value
    try:
        host = urlsplit(value).hostname or ""
    except ValueError:
        return ""
    extracted = _EXTRACT(host)
    if not extracted.suffix or not extracted.domain:
        return ""
    return extracted.top_domain_under_public_suffix


# ---------------------------------------------------------------- selection


@dataclass
class Selection:
    """Everything chosen from the sources, before synthetic fields are assigned."""

    ours: list[Row]
    partners: dict[str, list[Row]]
    truth: list[tuple[str, str, str]]  # our_id, partner, partner_id
    exclusions: dict[str, list[str]]


def usable_yc(
    yc: list[YcCompany], sp_tokens: list[tuple[str, ...]], exclusions: dict[str, list[str]]
) -> list[YcCompany]:
    """YC rows whose name and website identify exactly one company."""
    name_count = Counter(name_tokens(c.name) for c in yc)
    exact_name_count = Counter(c.name for c in yc)
    domains = {c.id: registered_domain(c.website) for c in yc}
    domain_count = Counter(d for d in domains.values() if d)
    keep: list[YcCompany] = []
    for company in yc:
        domain = domains[company.id]
        tokens = name_tokens(company.name)
        reason = ""
        if exact_name_count[company.name] > 1 or name_count[tokens] > 1:
            reason = "yc_shared_name"
        elif not company.website:
            reason = "yc_empty_website"
        elif not domain:
            reason = "yc_no_host"
        elif domain_count[domain] > 1 or domain in FOREIGN_HOSTS:
            reason = "yc_foreign_host"
        elif company.status == "Public":
            reason = "yc_public"
        elif collides_any(tokens, sp_tokens):
            reason = "yc_sp_name"
        if reason:
            detail = f" {domain}" if reason == "yc_foreign_host" else ""
            exclusions.setdefault(reason, []).append(f"YC-{company.id} {company.name!r}{detail}")
        else:
            keep.append(company)
    return keep


def select(data: Path, rng: random.Random) -> Selection:
    """Choose our accounts, partner rows and true pairs from the sources."""
    exclusions: dict[str, list[str]] = {}
    listings = load_listings(data)
    sp, sp_symbols = load_sp500(data, listings)
    sp_tokens = [name_tokens(c.name) for c in sp]
    sp_roots = {symbol_root(s) for s in sp_symbols}

    # -- our S&P accounts
    our_sp = rng.sample(sp, N_OUR_SP)
    for company in our_sp:
        if not company.listings:
            exclusions.setdefault("sp_no_listing", []).append(
                f"SP-{company.symbol} {company.name!r}"
            )
    damaged = [c for c in sp if any(listing.damaged for listing in c.listings)]
    for company in damaged:
        cut = next(listing for listing in company.listings if listing.damaged)
        exclusions.setdefault("sp_damaged", []).append(
            f"{company.symbol} {company.name!r} -> {cut.company_name!r}"
        )
    damaged_ciks = {c.cik for c in damaged}

    # -- listing distractors: common shares of companies that are not in the S&P 500
    candidates: list[Listing] = []
    seen_roots: set[str] = set()
    seen_tokens: list[tuple[str, ...]] = []
    for symbol in sorted(listings):
        listing = listings[symbol]
        tokens = name_tokens(listing.company_name)
        root = symbol_root(symbol)
        if (
            not COMMON_STOCK.search(listing.security_name)
            or NOT_A_COMPANY_SHARE.search(listing.security_name)
            or listing.damaged
            or root in sp_roots
            or root in seen_roots
            or collides_any(tokens, sp_tokens)
            or tokens in seen_tokens
        ):
            continue
        seen_roots.add(root)
        seen_tokens.append(tokens)
        candidates.append(listing)
    # one row per company: no two candidates may collide with each other
    distinct: list[Listing] = []
    distinct_tokens: list[tuple[str, ...]] = []
    for listing in rng.sample(candidates, len(candidates)):
        tokens = name_tokens(listing.company_name)
        if collides_any(tokens, distinct_tokens):
            continue
        distinct.append(listing)
        distinct_tokens.append(tokens)
        if len(distinct) == NW_DISTRACTORS + FB_LISTING_DISTRACTORS:
            break
    nw_distractors = distinct[:NW_DISTRACTORS]
    fb_distractors = distinct[NW_DISTRACTORS:]

    # -- YC: usable rows, not colliding with any listing in the sample
    yc_ok = usable_yc(load_yc(data), sp_tokens, exclusions)
    listing_tokens = distinct_tokens + [
        name_tokens(listing.company_name) for c in sp for listing in c.listings
    ]
    yc_pool = []
    for company in yc_ok:
        if collides_any(name_tokens(company.name), listing_tokens):
            exclusions.setdefault("yc_listing_name", []).append(f"YC-{company.id} {company.name!r}")
        else:
            yc_pool.append(company)
    yc_pick = rng.sample(yc_pool, N_OUR_YC + CT_DISTRACTORS + FB_YC_DISTRACTORS)
    our_yc = yc_pick[:N_OUR_YC]
    ct_yc_distractors = yc_pick[N_OUR_YC : N_OUR_YC + CT_DISTRACTORS]
    fb_yc_distractors = yc_pick[N_OUR_YC + CT_DISTRACTORS :]

    # -- our rows
    blank_ids = {c.id for c in rng.sample(our_yc, OUR_YC_BLANK_WEBSITE)}
    ours = [Row(f"SP-{c.symbol}", c.name, "", "sp", c.cik) for c in our_sp] + [
        Row(f"YC-{c.id}", c.name, "" if c.id in blank_ids else c.website, "yc", c.id)
        for c in our_yc
    ]
    our_by_key = {row.key: row for row in ours}

    # -- northwind: listings of our S&P companies + distractors
    eligible = [c for c in our_sp if c.listings and c.cik not in damaged_ciks]
    nw_companies = rng.sample(eligible, NW_OVERLAP)
    northwind = [
        Row("", rng.choice(c.listings).company_name, "", "listing", c.cik) for c in nw_companies
    ] + [Row("", listing.company_name, "", "listing", "") for listing in nw_distractors]

    # -- contoso: YC rows of our YC companies + distractors
    ct_companies = rng.sample(our_yc, CT_OVERLAP)
    contoso = [Row("", c.name, c.website, "yc", c.id) for c in ct_companies] + [
        Row("", c.name, c.website, "yc", "") for c in ct_yc_distractors
    ]
    for row in rng.sample(contoso, round(CT_BLANK_SHARE * len(contoso))):
        row.domain = ""

    # -- fabrikam: a mix, listing rows by their full Security Name
    nw_ciks = {c.cik for c in nw_companies}
    # our companies whose NYSE Company Name is damaged all go here, by their full Security Name
    fb_damaged = [c for c in our_sp if c.cik in damaged_ciks]
    fb_sp = (
        rng.sample(nw_companies, FB_SP_SHARED)
        + fb_damaged
        + rng.sample(
            [c for c in our_sp if c.listings and c.cik not in nw_ciks | damaged_ciks],
            FB_SP_OWN - len(fb_damaged),
        )
    )
    ct_ids = {c.id for c in ct_companies}
    fb_yc = rng.sample(ct_companies, FB_YC_SHARED) + rng.sample(
        [c for c in our_yc if c.id not in ct_ids], FB_YC_OWN
    )
    fabrikam = (
        [Row("", rng.choice(c.listings).security_name, "", "listing", c.cik) for c in fb_sp]
        + [Row("", listing.security_name, "", "listing", "") for listing in fb_distractors]
        + [Row("", c.name, c.website, "yc", c.id) for c in fb_yc]
        + [Row("", c.name, c.website, "yc", "") for c in fb_yc_distractors]
    )
    for row in rng.sample(
        [r for r in fabrikam if r.source == "yc"],
        round(FB_BLANK_SHARE * (FB_YC_SHARED + FB_YC_OWN + FB_YC_DISTRACTORS)),
    ):
        row.domain = ""

    # -- ids and truth
    partners = {"northwind": northwind, "contoso": contoso, "fabrikam": fabrikam}
    truth: list[tuple[str, str, str]] = []
    for partner, rows in partners.items():
        rng.shuffle(rows)
        for number, row in enumerate(rows, start=1):
            row.id = f"{PARTNER_PREFIX[partner]}-{number:04d}"
            if row.key:
                truth.append((our_by_key[row.key].id, partner, row.id))
    rng.shuffle(ours)
    truth.sort()
    selection = Selection(ours, partners, truth, exclusions)
    verify(selection)
    return selection


def verify(selection: Selection) -> None:
    """Fail if a pair outside the truth shares a name or a website domain (a hidden pair)."""
    true_pairs = {(o, p, q) for o, p, q in selection.truth}
    for our in selection.ours:
        our_tokens, our_domain = name_tokens(our.name), registered_domain(our.domain)
        for partner, rows in selection.partners.items():
            for row in rows:
                if (our.id, partner, row.id) in true_pairs:
                    if our.key != row.key:  # pragma: no cover - by construction
                        msg = f"truth pair {our.id} {row.id} joins different companies"
                        raise RuntimeError(msg)
                    continue
                same_domain = bool(our_domain) and our_domain == registered_domain(row.domain)
                if same_domain or collides(our_tokens, name_tokens(row.name)):
                    msg = f"possible hidden pair: {our.id} {our.name!r} ~ {row.id} {row.name!r}"
                    raise RuntimeError(msg)


# ---------------------------------------------------------------- synthetic fields


def exact_shares(n: int, rng: random.Random) -> list[str]:
    """``n`` stages in the fixed proportions, shuffled."""
    counts = [round(share * n) for share in STAGE_SHARES]
    counts[0] += n - sum(counts)
    stages = [stage for stage, count in zip(STAGES, counts, strict=True) for _ in range(count)]
    rng.shuffle(stages)
    return stages


def make_team(
    rng: random.Random, size: int, email_domain: str, used: set[str]
) -> list[tuple[str, str]]:
    """A sales team of fake, plausible people: (name, email)."""
    team: list[tuple[str, str]] = []
    while len(team) < size:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        if first in used or last in used:
            continue
        used.update((first, last))
        team.append((f"{first} {last}", f"{first.lower()}.{last.lower()}@{email_domain}"))
    return team


def assign(selection: Selection, rng: random.Random) -> None:
    """Assign stages, owners and amounts, so that every stage pair occurs often enough."""
    for row, stage in zip(selection.ours, exact_shares(len(selection.ours), rng), strict=True):
        row.stage = stage
    our_stage = {row.id: row.stage for row in selection.ours}
    for partner in PARTNERS:
        rows = selection.partners[partner]
        by_id = {row.id: row for row in rows}
        pairs_needed = partner in ("northwind", "contoso")
        for _attempt in range(1000):
            for row, stage in zip(rows, exact_shares(len(rows), rng), strict=True):
                row.stage = stage
            pairs = Counter(
                (our_stage[our_id], by_id[partner_id].stage)
                for our_id, p, partner_id in selection.truth
                if p == partner
            )
            if not pairs_needed or all(
                pairs[(a, b)] >= MIN_PAIR_COUNT for a in STAGES for b in STAGES
            ):
                break
        else:  # pragma: no cover - the seed is fixed
            msg = f"could not spread stage pairs for {partner}"
            raise RuntimeError(msg)

    used: set[str] = set()
    teams = {"ours": make_team(rng, TEAM_SIZE["ours"], OUR_EMAIL_DOMAIN, used)}
    for partner in PARTNERS:
        teams[partner] = make_team(rng, TEAM_SIZE[partner], f"{partner}.example", used)
    for org, rows in [("ours", selection.ours), *selection.partners.items()]:
        for row in rows:
            row.owner_name, row.owner_email = rng.choice(teams[org])
            if row.stage != "lead":
                amounts = AMOUNTS_SMALL if row.source == "yc" else AMOUNTS_LARGE
                row.amount = str(rng.choice(amounts))


# ---------------------------------------------------------------- outputs


def to_csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """CSV bytes: UTF-8, comma, minimal quoting, LF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def rows_csv(rows: Iterable[Row]) -> bytes:
    """An account CSV file."""
    return to_csv(
        HEADER,
        ((r.id, r.name, r.domain, r.stage, r.owner_name, r.owner_email, r.amount) for r in rows),
    )


def expected_counts(
    truth: Iterable[tuple[str, str, str]],
    our_stage: dict[str, str],
    partner_stage: dict[tuple[str, str], str],
) -> dict[str, object]:
    """Counts computed from truth and stages alone (the oracle for end-to-end tests)."""
    pair_names = [f"{a}/{b}" for a in STAGES for b in STAGES]
    overlaps: dict[str, int] = dict.fromkeys(PARTNERS, 0)
    pairs: dict[str, int] = dict.fromkeys(pair_names, 0)
    pairs_by_partner = {p: dict.fromkeys(pair_names, 0) for p in PARTNERS}
    account_plays: dict[str, set[str]] = defaultdict(set)
    account_plays_by_partner: dict[str, dict[str, set[str]]] = {
        p: defaultdict(set) for p in PARTNERS
    }
    for our_id, partner, partner_id in truth:
        pair = (our_stage[our_id], partner_stage[(partner, partner_id)])
        name = "/".join(pair)
        overlaps[partner] += 1
        pairs[name] += 1
        pairs_by_partner[partner][name] += 1
        account_plays[our_id].update(PLAYS_BY_PAIR[pair])
        account_plays_by_partner[partner][our_id].update(PLAYS_BY_PAIR[pair])

    def per_play(accounts: dict[str, set[str]]) -> dict[str, int]:
        return {play: sum(play in plays for plays in accounts.values()) for play in PLAYS}

    return {
        "accounts_with_overlap": len(account_plays),
        "accounts_with_overlap_by_partner": {p: len(account_plays_by_partner[p]) for p in PARTNERS},
        "overlaps": {**overlaps, "total": sum(overlaps.values())},
        "plays": per_play(account_plays),
        "plays_by_partner": {p: per_play(account_plays_by_partner[p]) for p in PARTNERS},
        "stage_pairs": pairs,
        "stage_pairs_by_partner": pairs_by_partner,
    }


def build(shared: Path) -> dict[Path, bytes]:
    """Every output file's bytes, by absolute path."""
    rng = random.Random(SEED)
    selection = select(shared / "data", rng)
    assign(selection, rng)

    csvs = {"ours.csv": rows_csv(selection.ours)}
    for partner in PARTNERS:
        csvs[f"{partner}.csv"] = rows_csv(selection.partners[partner])
    csvs["truth.csv"] = to_csv(TRUTH_HEADER, selection.truth)

    our_stage = {row.id: row.stage for row in selection.ours}
    partner_stage = {
        (p, row.id): row.stage for p, rows in selection.partners.items() for row in rows
    }
    counts = expected_counts(selection.truth, our_stage, partner_stage)

    stats = describe(selection)
    outputs: dict[Path, bytes] = {}
    for name, content in csvs.items():
        outputs[SAMPLE_DIR / name] = content
        outputs[TEST_DIR / name] = content
    outputs[SAMPLE_DIR / "README.md"] = sample_readme(stats, selection.exclusions).encode()
    outputs[TEST_DIR / "README.md"] = tests_readme().encode()
    outputs[TEST_DIR / "expected_counts.json"] = (
        json.dumps(counts, indent=2, sort_keys=True) + "\n"
    ).encode()
    return outputs


def describe(selection: Selection) -> dict[str, str]:
    """A one-line account of each file's rows by origin, for the README."""
    keyed = {p: {pid for _, q, pid in selection.truth if q == p} for p in PARTNERS}
    ours = Counter(r.source for r in selection.ours)
    our_blank = sum(r.source == "yc" and not r.domain for r in selection.ours)
    lines = {
        "ours": f"{ours['sp']} S&P 500, {ours['yc']} YC ({our_blank} with the website blank)",
        "truth": f"{len(selection.truth)} pairs",
    }
    for partner, rows in selection.partners.items():
        counter: Counter[str] = Counter()
        for row in rows:
            kind = "overlap" if row.id in keyed[partner] else "other"
            counter[f"{row.source} {kind}"] += 1
            counter["blank"] += row.source == "yc" and not row.domain
        parts = []
        if counter["listing overlap"] or counter["listing other"]:
            parts.append(
                f"{counter['listing overlap']} listings of our S&P companies + "
                f"{counter['listing other']} other listings"
            )
        if counter["yc overlap"] or counter["yc other"]:
            parts.append(
                f"{counter['yc overlap']} of our YC companies + {counter['yc other']} other YC "
                f"companies ({counter['blank']} with the website blank)"
            )
        lines[partner] = f"{len(rows)}: " + "; ".join(parts)
    lines["ours"] = f"{len(selection.ours)}: " + lines["ours"]
    return lines


EXCLUSION_TEXT = {
    "yc_shared_name": "the name is shared by different YC companies (compared case- and "
    "punctuation-insensitively)",
    "yc_empty_website": "the website is empty",
    "yc_no_host": "the website has no usable host (`http://`, `http://url`, two URLs in one field)",
    "yc_foreign_host": "the website's domain belongs to another company or a platform, or is "
    "shared by two YC rows",
    "yc_public": "the company is publicly listed (it could also be a listing or an S&P company)",
    "yc_sp_name": "the name could be an S&P 500 company's (the words of one start the other's)",
    "yc_listing_name": "the name could be a listing's in the sample (same test)",
}


def sample_readme(stats: dict[str, str], exclusions: dict[str, list[str]]) -> str:
    """The README shipped beside the demo sample."""
    damaged = "\n".join(f"  - {item}" for item in exclusions.get("sp_damaged", []))
    yc_lines = "\n".join(
        f"  - {text}: {len(exclusions[reason])}"
        for reason, text in EXCLUSION_TEXT.items()
        if exclusions.get(reason)
    )
    domains = sorted({item.rsplit(" ", 1)[1] for item in exclusions.get("yc_foreign_host", [])})
    foreign = textwrap.fill(
        "Foreign or shared domains left out: " + ", ".join(domains) + ".",
        width=92,
        initial_indent="  ",
        subsequent_indent="  ",
    )
    return f"""# cocorev demo sample

Real company names and websites, with synthetic CRM fields, for `cocorev demo` and the
end-to-end tests (`tests/data/` holds a byte-identical copy of the CSV files). Rebuild with
`python scripts/make_samples.py` (seeded; the output is identical on every run).

## Files

All files are UTF-8, comma-delimited, standard CSV quoting, LF line ends. Account files have
the header `{",".join(HEADER)}`;
`domain` is the source's website exactly as written, or empty.

| file | what it is | rows |
| --- | --- | --- |
| `ours.csv` | our CRM | {stats["ours"]} |
| `northwind.csv` | an investment/fintech partner | {stats["northwind"]} |
| `contoso.csv` | a SaaS partner | {stats["contoso"]} |
| `fabrikam.csv` | a mixed partner | {stats["fabrikam"]} |
| `truth.csv` | every true same-company pair: `{",".join(TRUTH_HEADER)}` | {stats["truth"]} |

## Where each value comes from

Sources (GitHub repository, file, commit), nothing else is used:

- S&P 500: `datasets/s-and-p-500-companies`, `data/constituents.csv`,
  `56509dd80619e4d8e1410c2260d68ddd3eab6068`.
- Nasdaq: `datasets/nasdaq-listings`, `data/nasdaq-listed-symbols.csv`,
  `31d3809cc090d5a535ecc3db2b26904cbb2ac84d`.
- NYSE and other exchanges: `datasets/nyse-other-listings`, `data/other-listed.csv`,
  `e08f184e20a73d596f9288e0bf28bd09aa577a48`.
- YC: `akshaybhalotia/yc_company_scraper`, `responses/*.json` (merged, one row per YC id),
  `f630b641a0dec321962cc1bc1b6c1dcc24823f74`.

Rows:

- `ours.csv`, ids `SP-<Symbol>`: S&P 500 constituents; `name` is the `Security` column
  exactly as written; no website.
  One row per CIK (for the three companies with two share classes, the first row).
- `ours.csv`, ids `YC-<id>`: Y Combinator's public company directory; `name` and `domain`
  are `name` and `website` exactly as written. About a third of the websites are left blank, as CRMs
  miss them.
- `northwind.csv`: `Company Name` of Nasdaq and NYSE/other listings, exactly as written
  (some NYSE names keep a trailing space). Overlaps are the listing of one of our S&P
  companies, joined on ticker and grouped by CIK (one row per company, any share class).
  Distractors are common shares of other listed companies: no ETF, no test issue, no
  warrant/unit/right/preferred/note/fund/SPAC, not an S&P 500 company or share class, one
  row per company. No website.
- `contoso.csv`: YC companies, `name` and `website` exactly as written; about 15% of the
  websites are blank, so some pairs match by name alone.
- `fabrikam.csv`: listings by their `Security Name` (the full listing title, for example
  `Snap-On Incorporated Common Stock`), chosen like northwind's, and YC companies as in
  contoso with about a quarter of the websites blank. Some of its overlaps are also
  overlaps with northwind or contoso, so those accounts have more than one connection.
- `id` of partner rows (`NW-`, `CT-`, `FB-`), `stage`, `owner_name`, `owner_email` and
  `amount` are **synthetic**, drawn by the seeded script: stages about 40% customer, 30%
  opportunity, 30% lead on every list; every (our stage, partner stage) pair occurs at least
  {MIN_PAIR_COUNT} times among the true overlaps of northwind and of contoso; owners are
  fictitious people at `@{OUR_EMAIL_DOMAIN}` and `@<partner>.example`; amounts are round
  numbers for customers and opportunities, blank for leads.

`truth.csv` was built from the source identifiers (S&P ticker and CIK joined to the listing
ticker; YC id), never from name similarity. Every pair is the same real company, and every
same-company pair in the sample is listed.

## Exclusions, so that the truth is unambiguous

- NYSE listings whose `Company Name` was cut upstream at the first hyphen are never used.
  These S&P companies therefore have no overlap with northwind; those in our list overlap
  with fabrikam, which names listings by their full `Security Name`:
{damaged}
- YC rows are left out of the whole sample (both sides) when (rows left out):
{yc_lines}

{foreign}
- Listings used as distractors are never an S&P 500 company (ticker or share-class root),
  never a name that could be one (the words of one start the other's), never damaged by
  the hyphen cut, and never two rows of one company.

## Licences

- S&P 500 constituents, Nasdaq listings and NYSE/other listings: ODC-PDDL-1.0 (public
  domain), as stated in each source's `datapackage.json`; the listings derive from
  nasdaqtrader.com.
- YC companies: from an MIT-licensed repository; the data is Y Combinator's public
  directory.
- The synthetic fields are part of cocorev (MIT).
"""


def tests_readme() -> str:
    """The README of the test fixtures."""
    return """# Test fixtures

`ours.csv`, `northwind.csv`, `contoso.csv`, `fabrikam.csv` and `truth.csv` are byte-identical
copies of the demo sample in `src/cocorev/_data/sample/`; its README states their origin
(S&P 500, Nasdaq and NYSE listings: ODC-PDDL public domain; YC companies: MIT repository)
and that stages, owners, amounts and partner ids are synthetic.

`expected_counts.json` is computed by `scripts/make_samples.py` from `truth.csv` and the
stages alone, never by cocorev code. Stage pairs are written `<our stage>/<partner stage>`.

- `overlaps`: true pairs per partner and in total.
- `stage_pairs`, `stage_pairs_by_partner`: true pairs per (our stage, partner stage).
- `plays`, `plays_by_partner`: how many of our accounts qualify for each play (PLAYS.md);
  an account counts on every card it qualifies for: customer/customer -> expansion;
  customer/opportunity -> expansion and partnership; customer/lead -> partnership;
  opportunity/customer and opportunity/opportunity -> accelerate; opportunity/lead ->
  partnership; lead/anything -> generate.
- `accounts_with_overlap`, `accounts_with_overlap_by_partner`: our accounts with at least
  one true pair.

Rebuild everything with `python scripts/make_samples.py`; `tests/test_samples.py` checks
that the files agree with each other.
"""


def main(argv: Sequence[str] | None = None) -> int:
    """Write (or with ``--check`` verify) the sample files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared",
        type=Path,
        default=REPO.parent / "shared",
        help="the shared folder holding data/ (default: ../shared beside the repository)",
    )
    parser.add_argument("--check", action="store_true", help="verify instead of writing")
    args = parser.parse_args(argv)
    outputs = build(args.shared)
    stale = [
        path
        for path, content in outputs.items()
        if not path.is_file() or path.read_bytes() != content
    ]
    if args.check:
        for path in stale:
            print(f"out of date: {path.relative_to(REPO)}")
        return 1 if stale else 0
    for path, content in outputs.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        print(f"{len(content):>7} bytes  {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
