"""Write tests/data/exports/{hubspot-companies,salesforce-accounts}.csv from ../shared/data.

Company names, cities and industries are real (S&P 500 constituents, public domain;
Y Combinator directory, MIT). YC websites are taken as the directory has them; S&P 500
websites are the companies' public home pages, listed below. Record ids, owners, dates
and stages are synthetic and seeded, so the output is the same on every run.

Run from the repository root: python scripts/make_export_fixtures.py
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
OUT = ROOT / "tests" / "data" / "exports"

# S&P 500 symbol -> the company's home page domain.
SP500 = {
    "AAPL": "apple.com",
    "MSFT": "microsoft.com",
    "ADBE": "adobe.com",
    "INTC": "intel.com",
    "CSCO": "cisco.com",
    "ORCL": "oracle.com",
    "NVDA": "nvidia.com",
    "NFLX": "netflix.com",
    "PYPL": "paypal.com",
    "INTU": "intuit.com",
    "ADSK": "autodesk.com",
    "WDAY": "workday.com",
    "NOW": "servicenow.com",
    "QCOM": "qualcomm.com",
    "IBM": "ibm.com",
    "MMM": "3m.com",
    "COST": "costco.com",
    "NKE": "nike.com",
    "SBUX": "starbucks.com",
    "TGT": "target.com",
    "WMT": "walmart.com",
    "HD": "homedepot.com",
    "CRWD": "crowdstrike.com",
    "DDOG": "datadoghq.com",
    "PANW": "paloaltonetworks.com",
    "FTNT": "fortinet.com",
    "TXN": "ti.com",
    "AMD": "amd.com",
    "SNPS": "synopsys.com",
    "CDNS": "cadence.com",
}
YC = (
    "Stripe",
    "Dropbox",
    "Coinbase",
    "DoorDash",
    "Instacart",
    "Gusto",
    "Zapier",
    "GitLab",
    "PagerDuty",
    "Segment",
    "Mixpanel",
    "Docker",
    "Algolia",
    "Checkr",
    "Brex",
    "Deel",
    "Rippling",
    "Faire",
    "Flexport",
    "Retool",
    "Webflow",
    "Vanta",
    "PostHog",
    "Fivetran",
    "Amplitude",
    "Benchling",
    "Lattice",
    "Sendbird",
    "Scale AI",
    "Supabase",
)
US_STATES = {"CA": "California", "NY": "New York", "TX": "Texas", "WA": "Washington"}


def bare(website: str) -> str:
    host = website.split("://", 1)[-1].split("/", 1)[0].lower()
    return host.removeprefix("www.")


def stamp(year: int, month: int, day: int, hour: int, minute: int) -> str:
    return f"{year}-{month:02d}-{day:02d} {hour:02d}:{minute:02d}"


def companies() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    with (SHARED / "sp500_constituents.csv").open(encoding="utf-8") as handle:
        sp = {r["Symbol"]: r for r in csv.DictReader(handle)}
    with gzip.open(SHARED / "yc_companies.csv.gz", "rt", encoding="utf-8") as handle:
        yc = {r["name"]: r for r in csv.DictReader(handle) if r["name"] in YC}
    sp_rows = []
    for symbol, domain in SP500.items():
        row = sp[symbol]
        city, _, state = row["Headquarters Location"].partition(", ")
        sp_rows.append(
            {
                "name": row["Security"],
                "domain": domain,
                "website": f"https://www.{domain}/",
                "city": city,
                "state": state,
                "country": "United States",
                "industry": row["GICS Sector"],
            }
        )
    yc_rows = []
    for name in YC:
        row = yc[name]
        place = row["all_locations"].split(";")[0].split(", ")
        yc_rows.append(
            {
                "name": row["name"],
                "domain": bare(row["website"]),
                "website": row["website"],
                "city": place[0],
                "state": US_STATES.get(place[1], place[1]) if len(place) > 2 else "",
                "country": "United States" if place[-1] == "USA" else place[-1],
                "industry": row["industry"],
            }
        )
    return sp_rows, yc_rows


def main() -> None:
    rng = random.Random(7)
    sp_rows, yc_rows = companies()
    ours = sp_rows[:20] + yc_rows[:20]
    theirs = sp_rows[:10] + sp_rows[20:] + yc_rows[10:20] + yc_rows[20:]
    stages = (
        ["Customer"] * 11
        + ["Opportunity"] * 6
        + ["Sales Qualified Lead"] * 5
        + ["Marketing Qualified Lead"] * 6
        + ["Lead"] * 6
        + ["Subscriber"] * 3
        + ["Evangelist"] * 2
        + ["Other"]
    )
    rng.shuffle(stages)
    owners = [
        "Maya Patel",
        "Diego Hernández",
        "Sofia Rossi",
        "Liam O'Brien (liam.obrien@example.com)",
        "",
    ]
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / "hubspot-companies.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(
            [
                "Record ID",
                "Company name",
                "Company owner",
                "Create Date",
                "Lifecycle Stage",
                "Company Domain Name",
                "Website URL",
                "City",
                "State/Region",
                "Country/Region",
                "Industry",
                "Last Activity Date",
            ]
        )
        for i, (company, stage) in enumerate(zip(ours, stages, strict=True)):
            record_id = 18_294_120_000 + i * 7_919
            created = stamp(2023, 1 + i % 12, 1 + (i * 5) % 28, 8 + i % 9, (i * 13) % 60)
            activity = stamp(2025, 1 + (i * 7) % 12, 1 + (i * 3) % 28, 9 + i % 8, (i * 29) % 60)
            writer.writerow(
                [
                    record_id,
                    company["name"],
                    rng.choice(owners),
                    created,
                    stage,
                    company["domain"] if i % 6 else "",
                    company["website"] if i % 4 else "",
                    company["city"],
                    company["state"],
                    company["country"],
                    company["industry"],
                    activity if i % 5 else "",
                ]
            )
    types = (
        ["Customer - Direct"] * 12
        + ["Customer - Channel"] * 6
        + ["Prospect"] * 18
        + ["Channel Partner / Reseller"] * 2
        + ["Other"]
        + [""]
    )
    rng.shuffle(types)
    sf_owners = ["Hannah Schmidt", "Kenji Watanabe", "Amara Okafor", "Lucas Martin"]
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    with (OUT / "salesforce-accounts.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(
            [
                "Account Owner",
                "Account Name",
                "Type",
                "Website",
                "Billing City",
                "Billing State/Province",
                "Billing Country",
                "Industry",
                "Annual Revenue",
                "Last Modified Date",
                "Account ID",
            ]
        )
        for i, (company, kind) in enumerate(zip(theirs, types, strict=True)):
            digest = hashlib.sha256(company["name"].encode()).digest()
            suffix = "".join(alphabet[b % 62] for b in digest[:5])
            writer.writerow(
                [
                    rng.choice(sf_owners),
                    company["name"],
                    kind,
                    company["website"].removeprefix("https://").rstrip("/")
                    if i % 3
                    else company["website"],
                    company["city"],
                    company["state"],
                    company["country"],
                    company["industry"],
                    "",
                    f"{1 + i % 12}/{1 + (i * 3) % 28}/2025",
                    f"001Hs00000{suffix}",
                ]
            )
        for line in (
            "",
            f"Grand Totals ({len(theirs)} records)",
            "",
            "Confidential Information - Do Not Distribute",
            "Copyright (c) 2000-2025 salesforce.com, inc. All rights reserved.",
        ):
            writer.writerow([line])


if __name__ == "__main__":
    main()
