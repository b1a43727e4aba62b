"""Seeded generator of paired CRM lists with known truth, from real company names.

Names come from ../shared/data: GLEIF legal names (the volume), Y Combinator companies
(with their real websites) and Crunchbase 2013 companies. Where more companies are
needed than the sources hold, new ones are formed from the first word of one real name
and the remaining words of another ("Fidelity Plumbing Ltd"), skipping any whose
normalised name already exists, so every generated company is distinct.

Each company gets a website: its real one (YC), or one derived from its name for a
share of rows. The partner's copy of a shared company varies the way CRM exports do:
legal forms added or dropped, case, `www.` and URL shapes, small typos, and about a
third of websites missing on each side.

    from benchmarks.data import generate
    pair = generate(100_000, seed=1)   # ours, theirs, truth
"""

from __future__ import annotations

import csv
import gzip
import random
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cocorev.normalize import normalize_name

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"

STAGES = ("customer", "opportunity", "lead")
LEGAL = (
    "Inc.",
    "Inc",
    "LLC",
    "Ltd",
    "Limited",
    "Corp.",
    "Corporation",
    "GmbH",
    "S.A.",
    "AG",
    "B.V.",
    "Pty Ltd",
    "PLC",
    "Co.",
)
TLDS = ("com", "com", "com", "com", "io", "net", "de", "co.uk", "fr", "com.au", "nl", "co")
FIELDS = ("id", "name", "domain", "stage", "owner_name", "owner_email", "amount")


@dataclass(frozen=True)
class Row:
    id: str
    name: str
    domain: str
    stage: str
    owner_name: str
    owner_email: str
    amount: str

    def as_list(self) -> list[str]:
        return [
            self.id,
            self.name,
            self.domain,
            self.stage,
            self.owner_name,
            self.owner_email,
            self.amount,
        ]


@dataclass(frozen=True)
class Pair:
    ours: list[Row]
    theirs: list[Row]
    truth: set[tuple[str, str]]


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


_LEGAL_TAIL = re.compile(
    r"[\s,]+(inc\.?|incorporated|llc|l\.l\.c\.|private limited|pvt\.? ltd\.?|ltd\.?|limited|corp\.?|corporation|gmbh|ag|s\.?a\.?|"
    r"b\.?v\.?|n\.?v\.?|plc|co\.?|company|pty\.? ltd\.?|s\.r\.l\.|s\.p\.a\.|kft\.?|oy|ab)\s*$",
    re.I,
)


def _core(name: str) -> str:
    """The name without a trailing legal form, as a CRM might hold it."""
    previous = None
    while previous != name:
        previous, name = name, _LEGAL_TAIL.sub("", name).strip()
    return name or previous or ""


def _slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", text)
    return "".join(words)[:63] or "company"


def _key(name: str) -> str:
    """The identity of a company for the generator: its name without any legal form.

    GLEIF lists many legal entities of one group under one name in several countries
    ("Siemens Energy Pte. Ltd.", "Siemens Energy, s.r.o."); by name alone they are one
    company, so only the first of them is used.
    """
    return normalize_name(name)


def _companies(data: Path, count: int, rng: random.Random) -> list[tuple[str, str]]:
    """Return `count` distinct (name, website) companies; website may be ''."""
    seen: set[str] = set()
    base: list[tuple[str, str]] = []

    def add(name: str, website: str) -> None:
        key = _key(name)
        if key and len(key) > 2 and key not in seen:
            seen.add(key)
            base.append((name.strip(), website.strip()))

    for r in _rows(data / "yc_companies.csv.gz"):
        add(r["name"], r["website"])
    for r in _rows(data / "crunchbase_2013_companies.csv.gz"):
        add(r["name"], "")
    for r in _rows(data / "gleif_entities_400k.csv.gz"):
        if r["Entity.EntityCategory"] == "GENERAL":
            add(r["Entity.LegalName"], "")
    rng.shuffle(base)
    companies = base[:count]
    words = [n.split() for n, _ in base if len(n.split()) >= 2]
    while len(companies) < count:
        first, second = rng.choice(words), rng.choice(words)
        name = " ".join([first[0], *second[1:]])
        key = _key(name)
        if key and key not in seen:
            seen.add(key)
            companies.append((name, ""))
    return companies


def _website(rng: random.Random, name: str, real: str) -> str:
    if real:
        return real
    if rng.random() < 0.6:
        return f"{_slug(_core(name))}.{rng.choice(TLDS)}"
    return ""


def _vary_website(rng: random.Random, website: str) -> str:
    host = re.sub(r"^https?://", "", website).split("/")[0].removeprefix("www.")
    return rng.choice(
        [
            website,
            host,
            f"www.{host}",
            f"https://www.{host}/",
            f"http://{host}/about?utm=crm",
            f"sales@{host}",
            host.upper(),
        ]
    )


def _typo(rng: random.Random, text: str) -> str:
    positions = [i for i, ch in enumerate(text) if ch.isalpha()][3:]
    if len(positions) < 4:
        return text
    i = rng.choice(positions)
    return text[:i] + text[i + 1 :] if rng.random() < 0.5 else text[:i] + text[i] + text[i:]


def _vary_name(rng: random.Random, name: str) -> str:
    roll = rng.random()
    core = _core(name)
    if roll < 0.25:
        name = f"{core} {rng.choice(LEGAL)}"
    elif roll < 0.35:
        name = core
    if rng.random() < 0.3:
        name = name.upper() if rng.random() < 0.5 else name.lower()
    if rng.random() < 0.05:
        name = _typo(rng, name)
    return name


def _row(rng: random.Random, prefix: str, n: int, name: str, website: str, side: str) -> Row:
    stage = rng.choice(STAGES)
    amount = "" if stage == "lead" else str(rng.randrange(5, 500) * 1000)
    owner = rng.choice(("Ann Lee", "Bo Chen", "Cy Diaz", "Di Okafor", "Eve Berg"))
    email = owner.lower().replace(" ", ".") + f"@{side}.example"
    return Row(f"{prefix}{n}", name, website, stage, owner, email, amount)


def generate(size: int, *, seed: int = 1, overlap: float = 0.3, data: Path = DEFAULT_DATA) -> Pair:
    """Return our list and one partner list of `size` accounts each, with the true pairs."""
    rng = random.Random(seed)
    shared = int(size * overlap)
    companies = _companies(data, 2 * size - shared, rng)
    websites = [_website(rng, n, w) for n, w in companies]
    ours: list[Row] = []
    theirs: list[Row] = []
    truth: set[tuple[str, str]] = set()
    for i in range(size):
        name, site = companies[i][0], websites[i]
        ours.append(_row(rng, "O", i, name, "" if rng.random() < 1 / 3 else site, "ours"))
    for j in range(size):
        k = j if j < shared else size + (j - shared)
        name, site = companies[k][0], websites[k]
        if j < shared:
            name = _vary_name(rng, name)
            site = "" if (not site or rng.random() < 1 / 3) else _vary_website(rng, site)
            truth.add((f"O{k}", f"P{j}"))
        else:
            site = "" if rng.random() < 1 / 3 else site
        theirs.append(_row(rng, "P", j, name, site, "partner"))
    rng.shuffle(theirs)
    return Pair(ours=ours, theirs=theirs, truth=truth)


def write_csv(rows: list[Row], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(FIELDS)
        writer.writerows(r.as_list() for r in rows)


def write_pair(size: int, folder: Path, data: Path = DEFAULT_DATA) -> None:
    """Generate the pair of `size` (seeded by the size) and write ours, theirs and truth."""
    pair = generate(size, seed=size, data=data)
    write_csv(pair.ours, folder / "ours.csv")
    write_csv(pair.theirs, folder / "theirs.csv")
    lines = "\n".join(f"{a},{b}" for a, b in sorted(pair.truth))
    (folder / "truth.csv").write_text(lines + "\n", encoding="utf-8")


if __name__ == "__main__":
    import sys

    write_pair(
        int(sys.argv[1]),
        Path(sys.argv[2]),
        Path(sys.argv[3]) if len(sys.argv) > 3 else DEFAULT_DATA,
    )
