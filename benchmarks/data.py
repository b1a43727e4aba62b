"""Seeded generator of paired CRM lists with known truth, from real company names.

Names come from ../shared/data: GLEIF legal names (the volume), Y Combinator companies
(with their real websites) and Crunchbase 2013 companies. Where more companies are
needed than the sources hold, new ones are formed from the first word of one real name
(a word of its own, not "The", "A." or "Stichting") and the remaining words of another
("Fidelity Plumbing Ltd").

Every generated company is one a person could tell from every other by its name, so
the truth holds: names that differ only in spacing, connecting words or a plural s
("Shriram Construction" / "Shri Ram Construction Company") are one company and only
the first is used; so is a name without legal form that begins another name ("VMware"
/ "VMware International Marketing Limited", "Cody" / "Cody Oil & Gas Corporation"),
which may be that company shortened. Two full legal names ("Alpine Aviation, Inc." /
"Alpine Aviation Express LLC") are two registrations and both stay.

Each company gets a website: its real one (YC), or one derived from its name for a
share of rows; a domain belongs to one company only (cut from two long names it would
tie them together). The partner's copy of a shared company varies the way CRM exports
do: legal forms swapped (never stacked: "Sp. z o.o." becomes "Ltd", not "Sp. z o.o.
B.V."), added or dropped, case, `www.` and URL shapes, small typos, and about a third
of websites missing on each side.

    from benchmarks.data import generate
    pair = generate(100_000, seed=1)   # ours, theirs, truth
"""

from __future__ import annotations

import csv
import gzip
import random
import re
import unicodedata
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cocorev.match import _legal_name
from cocorev.normalize import normalize_domain, normalize_name

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


def _core(name: str) -> str:
    """The name without its legal forms at the end, as a CRM might hold it.

    The fewest first words with the same name key: cocorev's normaliser knows the legal
    forms of many countries ("Sp. z o.o.", "S.A. de C.V.", "GmbH & Co. KG"), so a
    varied name swaps its form rather than stacking a second one on it.
    """
    words = name.split()
    key = normalize_name(name)
    for k in range(max(1, len(words) - 8), len(words)):
        head = " ".join(words[:k]).rstrip(" ,;-")
        if normalize_name(head) == key:
            return head
    return name


def _slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", text)
    return "".join(words)[:63] or "company"


_CONNECTORS = frozenset({"and", "of", "the", "de", "und", "et", "y"})


def _identity(key: str) -> str:
    """The identity of a company for the generator, from its name key.

    GLEIF lists many legal entities of one group under one name in several countries
    ("Siemens Energy Pte. Ltd.", "Siemens Energy, s.r.o."); by name alone they are one
    company, so only the first of them is used. Nor can names be told apart that differ
    only in spacing ("Shri Ram Construction" / "SHRIRAM CONSTRUCTION"), a connecting
    word ("Chubb Fire & Security" / "Chubb Fire Security") or a plural s ("Smart Control
    Systems" / "Smart Control System"): the words are joined, without those.
    """
    words = (w for w in key.split() if w not in _CONNECTORS)
    return "".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words)


def _word_prefixes(key: str) -> list[str]:
    """The proper word-prefixes of a name key, run together: "a b c" gives "a" and "ab"."""
    words = key.split()
    return ["".join(words[:k]) for k in range(1, len(words))]


def _slip_hashes(key: str) -> list[int]:
    """Hashes of a name key's letters as they are and with any one letter left out.

    Two names one letter apart (left out, added, changed, or two swapped: "Varun
    Industries" / "Varuna Industries") share one of them. Numbers and Roman numerals
    are kept whole: "Fund II" and "Fund III" are told apart.
    """
    words = [w for w in key.split() if w not in _CONNECTORS]
    marks = " ".join(w for w in words if _MARK.fullmatch(w) or any(c.isdigit() for c in w))
    letters = "".join(
        w[:-1] if len(w) > 3 and w.endswith("s") else w
        for w in words
        if not (_MARK.fullmatch(w) or any(c.isdigit() for c in w))
    )
    variants = {letters} | {letters[:k] + letters[k + 1 :] for k in range(len(letters))}
    # Two checksums make a 64-bit hash: fast, and the same in every run. A rare clash
    # only leaves out one more name.
    encoded = (f"{marks}|{v}".encode() for v in variants)
    return [zlib.crc32(b) << 32 | zlib.adler32(b) for b in encoded]


_MARK = re.compile(r"[ivxlc]{2,}")


class _SlipIndex:
    """The slip hashes of the names taken so far, sorted in blocks to keep memory small."""

    def __init__(self) -> None:
        import numpy as np

        self._np = np
        self.known = np.empty(0, dtype=np.uint64)
        self.recent: set[int] = set()

    def take(self, hashes: list[int]) -> bool:
        """Record the hashes unless one is known already; return whether they were new."""
        if any(h in self.recent for h in hashes):
            return False
        if self.known.size:
            wanted = self._np.array(hashes, dtype=self._np.uint64)
            at = self._np.searchsorted(self.known, wanted)
            at[at == self.known.size] = 0
            if (self.known[at] == wanted).any():
                return False
        self.recent.update(hashes)
        if len(self.recent) > 2_000_000:
            fresh = self._np.fromiter(self.recent, dtype=self._np.uint64, count=len(self.recent))
            fresh.sort()
            # Two sorted runs: a stable sort merges them in linear time.
            self.known = self._np.sort(self._np.concatenate((self.known, fresh)), kind="stable")
            self.recent = set()
        return True


class _Pool:
    """The companies chosen so far, and what rules out another.

    A name one letter apart from one taken ("Varuna Industries" after "Varun
    Industries") could be it mistyped: it is not used. A name without a legal form
    ("VMware", "Cody") may be any company whose name begins with it ("VMware
    International Marketing Limited", "Cody Oil & Gas Corporation"): nothing tells them
    apart, so such a bare name is used only if it begins no other name in the sources.
    Two full legal names ("Alpine Aviation, Inc." / "Alpine Aviation Express LLC") are
    two registrations and both stay.
    """

    def __init__(self, names: list[tuple[str, str]]) -> None:
        self.seen: set[str] = set()
        self.slips = _SlipIndex()
        self.begun: set[str] = set()
        unique: list[tuple[str, str, str, bool]] = []
        for name, website in names:
            key = normalize_name(name)
            joined = _identity(key)
            if len(joined) > 2 and joined not in self.seen and self.slips.take(_slip_hashes(key)):
                self.seen.add(joined)
                self.begun.update(_word_prefixes(key))
                bare = not _legal_name(name, key)
                unique.append((name.strip(), website.strip(), key.replace(" ", ""), bare))
        self.companies = [(n, w) for n, w, run, bare in unique if not (bare and run in self.begun)]
        self.bare = {run for _n, _w, run, bare in unique if bare and run not in self.begun}

    def add(self, name: str) -> bool:
        """Take a new name unless it is another's double; return whether it was taken."""
        key = normalize_name(name)
        joined = _identity(key)
        prefixes = _word_prefixes(key)
        bare = not _legal_name(name, key)
        run = key.replace(" ", "")
        if (
            len(joined) <= 2
            or joined in self.seen
            or any(p in self.bare for p in prefixes)
            or (bare and run in self.begun)
            or not self.slips.take(_slip_hashes(key))
        ):
            return False
        self.seen.add(joined)
        self.begun.update(prefixes)
        if bare:
            self.bare.add(run)
        return True


_PARTICLES = frozenset({"van", "von", "der", "den", "des", "del", "della", "la", "le", "les", "el"})


def _name_word(word: str) -> bool:
    """Whether a first word can start a new name: a word of its own, three letters or more.

    Not "The", "A.", "E*TRADE", "Van" or a leading legal form ("Stichting", "PT"): a
    new name made with one would be the other name it was made from, nearly.
    """
    key = normalize_name(word)
    return (
        key.isalpha()
        and len(key) >= 3
        and key not in _PARTICLES
        and normalize_name(f"{word} Acme") == f"{key} acme"
    )


def _companies(data: Path, count: int, rng: random.Random) -> list[tuple[str, str]]:
    """Return `count` distinct (name, website) companies; website may be ''."""
    names = [(r["name"], r["website"]) for r in _rows(data / "yc_companies.csv.gz")]
    names += [(r["name"], "") for r in _rows(data / "crunchbase_2013_companies.csv.gz")]
    names += [
        (r["Entity.LegalName"], "")
        for r in _rows(data / "gleif_entities_400k.csv.gz")
        if r["Entity.EntityCategory"] == "GENERAL"
    ]
    pool = _Pool(names)
    base = pool.companies
    rng.shuffle(base)
    companies = base[:count]
    words = [n.split() for n, _ in base if len(n.split()) >= 2 and _name_word(n.split()[0])]
    while len(companies) < count:
        first, second = rng.choice(words), rng.choice(words)
        name = " ".join([first[0], *second[1:]])
        if pool.add(name):
            companies.append((name, ""))
    return companies


def _website(rng: random.Random, name: str, real: str) -> str:
    if real:
        return real
    if rng.random() < 0.6:
        return f"{_slug(_core(name))}.{rng.choice(TLDS)}"
    return ""


def _unique(websites: list[str]) -> list[str]:
    """Keep each domain for the first company that has it; the others get none.

    A domain is one company's: "globalacquisitions.com" cut from two long names, or a
    YC company listed with ycombinator.com, would tie two companies together.
    """
    taken: set[str] = set()
    unique: list[str] = []
    for website in websites:
        domain = normalize_domain(website) if website else None
        if domain in taken:
            website = ""
        elif domain:
            taken.add(domain)
        unique.append(website)
    return unique


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


_ROMAN = re.compile(r"[ivxlc]+", re.I)


def _typo(rng: random.Random, text: str) -> str:
    """Drop or double one letter, after the third, inside a word of four letters or more.

    Never in a shorter word or a Roman numeral: a slip there would make another company's
    name ("Triple A Investment" without its "A", "Fund III" as "Fund II").
    """
    positions = [
        i
        for word in re.finditer(r"\w+", text)
        if len(word.group()) >= 4 and not _ROMAN.fullmatch(word.group())
        for i in range(word.start(), word.end())
        if text[i].isalpha()
    ]
    positions = [i for i in positions if sum(ch.isalpha() for ch in text[:i]) >= 3]
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
    websites = _unique([_website(rng, n, w) for n, w in companies])
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
    folder.mkdir(parents=True, exist_ok=True)
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
