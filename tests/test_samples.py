"""Consistency of the committed demo sample and test fixtures (built by scripts/make_samples.py).

These tests read only files in the repository and use only the csv module: they check that
the files agree with each other, not what cocorev computes from them.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
SAMPLE = Path(__file__).parents[1] / "src" / "cocorev" / "_data" / "sample"

ACCOUNT_HEADER = ["id", "name", "domain", "stage", "owner_name", "owner_email", "amount"]
TRUTH_HEADER = ["our_id", "partner", "partner_id"]
PARTNERS = ("northwind", "contoso", "fabrikam")
ACCOUNT_FILES = ("ours", *PARTNERS)
SHARED_FILES = ("ours.csv", "northwind.csv", "contoso.csv", "fabrikam.csv", "truth.csv")
STAGES = ("customer", "opportunity", "lead")
ALL_PAIRS = [(ours, theirs) for ours in STAGES for theirs in STAGES]
PLAYS = ("expansion", "accelerate", "generate", "partnership")

# PLAYS.md: (our stage, partner stage) -> every play the overlap qualifies for.
PLAYS_BY_PAIR = {
    ("customer", "customer"): {"expansion"},
    ("customer", "opportunity"): {"expansion", "partnership"},
    ("customer", "lead"): {"partnership"},
    ("opportunity", "customer"): {"accelerate"},
    ("opportunity", "opportunity"): {"accelerate"},
    ("opportunity", "lead"): {"partnership"},
    ("lead", "customer"): {"generate"},
    ("lead", "opportunity"): {"generate"},
    ("lead", "lead"): {"generate"},
}


def read_rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_header(name: str) -> list[str]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def accounts(file: str) -> dict[str, dict[str, str]]:
    return {row["id"]: row for row in read_rows(f"{file}.csv")}


def truth() -> list[dict[str, str]]:
    return read_rows("truth.csv")


def stage_pair(row: dict[str, str]) -> tuple[str, str]:
    ours = accounts("ours")
    partner = accounts(row["partner"])
    return ours[row["our_id"]]["stage"], partner[row["partner_id"]]["stage"]


def recompute_counts() -> dict[str, object]:
    """The expected counts, recomputed from the CSV files alone."""
    our_stage = {id_: row["stage"] for id_, row in accounts("ours").items()}
    partner_stage = {p: {id_: r["stage"] for id_, r in accounts(p).items()} for p in PARTNERS}
    overlaps: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    pairs_by_partner: dict[str, Counter[str]] = {p: Counter() for p in PARTNERS}
    plays: dict[str, set[str]] = defaultdict(set)
    plays_by_partner: dict[str, dict[str, set[str]]] = {p: defaultdict(set) for p in PARTNERS}
    for row in truth():
        partner = row["partner"]
        pair = (our_stage[row["our_id"]], partner_stage[partner][row["partner_id"]])
        overlaps[partner] += 1
        pairs["/".join(pair)] += 1
        pairs_by_partner[partner]["/".join(pair)] += 1
        plays[row["our_id"]] |= PLAYS_BY_PAIR[pair]
        plays_by_partner[partner][row["our_id"]] |= PLAYS_BY_PAIR[pair]

    def pair_table(counter: Counter[str]) -> dict[str, int]:
        return {f"{a}/{b}": counter[f"{a}/{b}"] for a, b in ALL_PAIRS}

    def play_table(by_account: dict[str, set[str]]) -> dict[str, int]:
        return {play: sum(play in qualified for qualified in by_account.values()) for play in PLAYS}

    return {
        "accounts_with_overlap": len(plays),
        "accounts_with_overlap_by_partner": {p: len(plays_by_partner[p]) for p in PARTNERS},
        "overlaps": {**{p: overlaps[p] for p in PARTNERS}, "total": sum(overlaps.values())},
        "plays": play_table(plays),
        "plays_by_partner": {p: play_table(plays_by_partner[p]) for p in PARTNERS},
        "stage_pairs": pair_table(pairs),
        "stage_pairs_by_partner": {p: pair_table(pairs_by_partner[p]) for p in PARTNERS},
    }


class TestFileFormat:
    @pytest.mark.parametrize("file", ACCOUNT_FILES, ids=ACCOUNT_FILES)
    def test_account_header_is_exact(self, file: str) -> None:
        """Every account file starts with the exact account header."""
        assert ACCOUNT_HEADER == read_header(f"{file}.csv")

    def test_truth_header_is_exact(self) -> None:
        """The truth file starts with the exact truth header."""
        assert TRUTH_HEADER == read_header("truth.csv")

    @pytest.mark.parametrize("file", SHARED_FILES, ids=SHARED_FILES)
    def test_plain_utf8_with_lf_line_ends(self, file: str) -> None:
        """Files are UTF-8 without a byte-order mark, with LF line ends and a final newline."""
        raw = (DATA / file).read_bytes()
        raw.decode("utf-8")
        assert (False, False, True) == (
            raw.startswith(b"\xef\xbb\xbf"),
            b"\r\n" in raw,
            raw.endswith(b"\n"),
        )

    @pytest.mark.parametrize("file", ACCOUNT_FILES, ids=ACCOUNT_FILES)
    def test_every_row_has_seven_fields(self, file: str) -> None:
        """No row of an account file is ragged."""
        with (DATA / f"{file}.csv").open(encoding="utf-8", newline="") as handle:
            widths = {len(row) for row in csv.reader(handle)}
        assert {7} == widths

    @pytest.mark.parametrize("file", ACCOUNT_FILES, ids=ACCOUNT_FILES)
    def test_ids_are_unique(self, file: str) -> None:
        """No id occurs twice in one account file."""
        ids = [row["id"] for row in read_rows(f"{file}.csv")]
        assert len(ids) == len(set(ids))

    @pytest.mark.parametrize("file", ACCOUNT_FILES, ids=ACCOUNT_FILES)
    def test_names_are_present(self, file: str) -> None:
        """Every account has a non-blank name."""
        assert [] == [row["id"] for row in read_rows(f"{file}.csv") if not row["name"].strip()]


class TestSyntheticFields:
    @pytest.mark.parametrize("file", ACCOUNT_FILES, ids=ACCOUNT_FILES)
    def test_stages_are_valid(self, file: str) -> None:
        """Every stage is customer, opportunity or lead."""
        assert set() == {row["stage"] for row in read_rows(f"{file}.csv")} - set(STAGES)

    @pytest.mark.parametrize("file", ACCOUNT_FILES, ids=ACCOUNT_FILES)
    def test_every_stage_is_well_represented(self, file: str) -> None:
        """Each stage holds between a quarter and a half of every file."""
        rows = read_rows(f"{file}.csv")
        counts = Counter(row["stage"] for row in rows)
        assert all(0.25 <= counts[stage] / len(rows) <= 0.5 for stage in STAGES), counts

    @pytest.mark.parametrize("file", ACCOUNT_FILES, ids=ACCOUNT_FILES)
    def test_amounts_are_blank_for_leads_and_whole_numbers_otherwise(self, file: str) -> None:
        """Leads have no amount; customers and opportunities have a positive whole number."""
        wrong = [
            row["id"]
            for row in read_rows(f"{file}.csv")
            if (row["stage"] == "lead") != (row["amount"] == "")
            or (row["amount"] and not re.fullmatch(r"[1-9][0-9]*", row["amount"]))
        ]
        assert [] == wrong

    @pytest.mark.parametrize(
        ("file", "email_domain"),
        [
            ("ours", "cocorev-demo.example"),
            ("northwind", "northwind.example"),
            ("contoso", "contoso.example"),
            ("fabrikam", "fabrikam.example"),
        ],
        ids=ACCOUNT_FILES,
    )
    def test_owner_email_is_first_dot_last_at_the_org(self, file: str, email_domain: str) -> None:
        """Every owner email is first.last of the owner's name at the file's own domain."""
        wrong = [
            row["id"]
            for row in read_rows(f"{file}.csv")
            if row["owner_email"]
            != row["owner_name"].lower().replace(" ", ".") + "@" + email_domain
        ]
        assert [] == wrong


class TestTruth:
    def test_every_pair_refers_to_existing_rows(self) -> None:
        """Each truth row names a known partner and ids present in both files."""
        ours = accounts("ours")
        partners = {p: accounts(p) for p in PARTNERS}
        dangling = [
            row
            for row in truth()
            if row["our_id"] not in ours
            or row["partner"] not in partners
            or row["partner_id"] not in partners[row["partner"]]
        ]
        assert [] == dangling

    def test_pairs_are_unique(self) -> None:
        """No truth row occurs twice."""
        rows = [tuple(row.values()) for row in truth()]
        assert len(rows) == len(set(rows))

    @pytest.mark.parametrize("partner", PARTNERS, ids=PARTNERS)
    def test_one_partner_row_per_company(self, partner: str) -> None:
        """Within one partner, each of our accounts and each partner row is in at most one pair."""
        rows = [row for row in truth() if row["partner"] == partner]
        ours = Counter(row["our_id"] for row in rows)
        theirs = Counter(row["partner_id"] for row in rows)
        assert (1, 1) == (max(ours.values()), max(theirs.values()))

    @pytest.mark.parametrize("partner", ["northwind", "contoso"], ids=["northwind", "contoso"])
    def test_main_partners_overlap_a_third_of_their_rows(self, partner: str) -> None:
        """Between 30% and 45% of a main partner's rows are true overlaps."""
        overlapping = sum(row["partner"] == partner for row in truth())
        share = overlapping / len(accounts(partner))
        assert 0.30 <= share <= 0.45, share

    def test_every_stage_pair_occurs_at_least_three_times(self) -> None:
        """All nine (our stage, partner stage) pairs occur three or more times among true pairs."""
        counts = Counter(stage_pair(row) for row in truth())
        assert [] == [pair for pair in ALL_PAIRS if counts[pair] < 3]

    def test_pairs_with_a_website_on_both_sides_agree_on_it(self) -> None:
        """When both sides of a true pair carry a website, it is the same string."""
        ours = accounts("ours")
        partners = {p: accounts(p) for p in PARTNERS}
        disagreeing = []
        for row in truth():
            left = ours[row["our_id"]]["domain"]
            right = partners[row["partner"]][row["partner_id"]]["domain"]
            if left and right and left != right:
                disagreeing.append(row)
        assert [] == disagreeing

    def test_some_yc_pairs_must_match_by_name_alone(self) -> None:
        """Some true pairs between YC rows lack a website on at least one side."""
        ours = accounts("ours")
        partners = {p: accounts(p) for p in PARTNERS}
        name_only = [
            row
            for row in truth()
            if row["our_id"].startswith("YC-")
            and not (
                ours[row["our_id"]]["domain"]
                and partners[row["partner"]][row["partner_id"]]["domain"]
            )
        ]
        assert len(name_only) >= 10


class TestExpectedCounts:
    def test_expected_counts_agree_with_truth_and_stages(self) -> None:
        """expected_counts.json equals the counts recomputed from the CSV files."""
        stored = json.loads((DATA / "expected_counts.json").read_text(encoding="utf-8"))
        assert recompute_counts() == stored


class TestPackagedSample:
    @pytest.mark.parametrize("file", SHARED_FILES, ids=SHARED_FILES)
    def test_package_sample_equals_test_copy(self, file: str) -> None:
        """The demo sample inside the package is byte-identical to the test fixture."""
        assert (DATA / file).read_bytes() == (SAMPLE / file).read_bytes()

    def test_package_sample_has_a_readme_with_licences(self) -> None:
        """The packaged sample states the licences of its sources."""
        readme = (SAMPLE / "README.md").read_text(encoding="utf-8")
        assert (True, True) == ("ODC-PDDL" in readme, "MIT" in readme)
