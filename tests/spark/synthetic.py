"""Seeded synthetic CRM lists for the Spark tests: made-up names, no outside data.

Names are built from invented syllables, some shared first words ("Summit", "Blue") and
generic words, so blocks of every size occur. The partner's copy of a shared company
varies the way CRM exports do: legal forms added or dropped, case, URL shapes, a typo.
"""

from __future__ import annotations

import random

import pandas as pd

COLUMNS = ["id", "name", "domain", "stage", "owner_name", "owner_email", "amount"]
_SYLLABLES = [
    "ka",
    "ro",
    "mi",
    "tu",
    "ve",
    "lan",
    "dor",
    "bex",
    "qui",
    "zen",
    "sol",
    "tra",
    "nor",
    "fel",
    "gar",
    "hu",
    "ish",
    "jo",
    "kel",
    "mon",
    "pra",
    "rev",
    "sta",
    "tor",
    "ul",
    "vin",
    "wex",
    "yar",
    "zor",
    "cal",
    "den",
    "fir",
    "gol",
    "hax",
]
_COMMON = ("Summit", "Blue", "North", "Global", "First", "Pacific", "Silver", "Apex")
_GENERIC = ("Systems", "Labs", "Group", "Holdings", "Solutions", "Partners", "Technologies", "")
_LEGAL = ("Inc.", "LLC", "Ltd", "GmbH", "Corp.", "S.A.", "PLC", "")
_TLDS = ("com", "com", "io", "net", "de", "co.uk")
_STAGES = ("customer", "opportunity", "lead")
_OWNERS = ("Ann Lee", "Bo Chen", "Cy Diaz", "Di Okafor")


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _company(rng: random.Random) -> tuple[str, str]:
    words = [_word(rng)]
    if rng.random() < 0.3:
        words.insert(0, rng.choice(_COMMON))
    if rng.random() < 0.3:
        words.append(_word(rng))
    core = " ".join(w for w in [*words, rng.choice(_GENERIC)] if w)
    site = f"{''.join(words).lower()}.{rng.choice(_TLDS)}" if rng.random() < 0.6 else ""
    return core, site


def _vary(rng: random.Random, name: str, site: str) -> tuple[str, str]:
    if rng.random() < 0.3:
        name = name.upper() if rng.random() < 0.5 else name.lower()
    if rng.random() < 0.1 and len(name) > 8:
        k = rng.randrange(4, len(name) - 1)
        name = name[:k] + name[k + 1] + name[k] + name[k + 2 :]
    if site and rng.random() < 0.5:
        site = rng.choice((f"www.{site}", f"https://{site}/about", site.upper()))
    elif rng.random() < 0.3:
        site = ""
    return name, site


def _row(rng: random.Random, account_id: str, name: str, site: str, side: str) -> list[str]:
    stage = rng.choice(_STAGES)
    owner = rng.choice(_OWNERS)
    email = owner.lower().replace(" ", ".") + f"@{side}.example"
    amount = "" if stage == "lead" else str(rng.randrange(5, 500) * 1000)
    return [account_id, name, site, stage, owner, email, amount]


def generate(
    size: int, *, seed: int = 1, overlap: float = 0.3
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return our list and one partner list of ``size`` accounts each, as string frames."""
    rng = random.Random(seed)
    shared = int(size * overlap)
    companies = [_company(rng) for _ in range(2 * size - shared)]
    ours = []
    for i in range(size):
        name, site = companies[i]
        legal = rng.choice(_LEGAL)
        ours.append(_row(rng, f"O{i}", f"{name} {legal}".strip(), site, "ours"))
    theirs = []
    for j in range(size):
        name, site = companies[j if j < shared else size + j - shared]
        if j < shared:
            name, site = _vary(rng, name, site)
        theirs.append(_row(rng, f"P{j}", name, site, "partner"))
    rng.shuffle(theirs)
    return pd.DataFrame(ours, columns=COLUMNS), pd.DataFrame(theirs, columns=COLUMNS)


def skewed(size: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return two lists whose names all share their first and last words."""
    ours = [
        [
            f"S{n}",
            f"Acme {n} Holdings",
            f"acme{n}.com" if n % 3 == 0 else "",
            "customer",
            "Ann Lee",
            "ann@ours.example",
            "1000",
        ]
        for n in range(size)
    ]
    theirs = [
        [f"T{n}", f"ACME {n} HOLDINGS", "", "opportunity", "Bo Chen", "bo@partner.example", ""]
        for n in range(0, size, 2)
    ]
    theirs.append(["T-blank", "Acme", "", "lead", "", "", ""])
    return pd.DataFrame(ours, columns=COLUMNS), pd.DataFrame(theirs, columns=COLUMNS)
