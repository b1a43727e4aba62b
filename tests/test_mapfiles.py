"""write_results writes a folder that read_account_map reads back as the same map."""

from __future__ import annotations

import json
import re

import pytest
from attrs import evolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cocorev import (
    Account,
    Candidate,
    InputError,
    Match,
    MatchEvidence,
    Owner,
    Stage,
    map_accounts,
    read_account_map,
    write_results,
)
from tests.maps import two_partner_map


def assert_same_map(expected, actual):
    """Compare two AccountMaps field by field (AccountMap compares by identity)."""
    assert expected.accounts == actual.accounts
    assert expected.partners == actual.partners
    assert expected.overlaps == actual.overlaps
    assert dict(expected.summaries) == dict(actual.summaries)
    assert list(expected.summaries) == list(actual.summaries)
    assert expected.playbook == actual.playbook
    assert expected.candidates == actual.candidates


class TestRoundTrip:
    def test_two_partner_map(self, tmp_path):
        """The map read back equals the map written: overlaps, summaries, playbook."""
        amap = two_partner_map()
        write_results(amap, tmp_path)
        assert_same_map(amap, read_account_map(tmp_path))

    def test_writes_the_extra_files_after_the_first_three(self, tmp_path):
        """The three original files and the snapshot come first; the map files follow."""
        written = write_results(two_partner_map(), tmp_path)
        assert (
            "overlaps.csv",
            "summaries.csv",
            "summaries.json",
            "snapshot.json",
            "accounts.csv",
            "partner_accounts.csv",
            "map.json",
        ) == tuple(p.name for p in written)

    def test_every_field_survives(self, tmp_path):
        """Formula-like names, quotes, owners, exact amounts, ids and extras come back."""
        ours = [
            Account(
                id="=1",
                name="=HYPERLINK(1)",
                website="acme.com",
                stage=Stage.OPPORTUNITY,
                owner=Owner(None, "ann@us.example"),
                amount=0.1 + 0.2,
                identifiers={"duns": "001"},
                extra={"region": "EMEA", "note": "'quoted"},
            ),
            Account(
                id="2",
                name="'Globex, \"the\" company'\nline two",
                website=None,
                stage=Stage.CUSTOMER,
                owner=Owner("Bo", None),
                amount=1e20,
            ),
        ]
        theirs = [
            Account(
                id="@a",
                name="ACME",
                website="www.acme.com",
                stage=Stage.CUSTOMER,
                owner=Owner("Ann Lee", "ann@p.example"),
                extra={"tier": "-1"},
            ),
            Account(id="b", name="'Globex, \"the\" company'\nline two", stage=Stage.LEAD),
        ]
        amap = map_accounts(ours, {"+Partner, Inc.": theirs})
        assert 2 == len(amap.overlaps)
        write_results(amap, tmp_path)
        assert_same_map(amap, read_account_map(tmp_path))
        assert "'=HYPERLINK(1)" in (tmp_path / "accounts.csv").read_text(encoding="utf-8")

    def test_candidates_survive(self, tmp_path):
        """Review-band candidates are written and read back with their evidence."""
        amap = two_partner_map()
        ours, theirs = amap.accounts[7], amap.overlaps[0].partner_account
        candidate = Candidate(
            partner="Northwind",
            match=Match(
                ours=ours,
                theirs=evolve(theirs, id="zz"),
                confidence=0.75,
                evidence=MatchEvidence(
                    rule="name",
                    name_score=0.8125,
                    domain_agreement="different",
                    signals=("names close",),
                ),
            ),
        )
        amap = evolve(amap, candidates=[candidate])
        write_results(amap, tmp_path)
        assert (candidate,) == read_account_map(tmp_path).candidates

    def test_empty_map(self, tmp_path):
        """A map without overlaps round-trips too."""
        amap = map_accounts([Account(id="1", name="Solo", stage=Stage.LEAD)], {"P": []})
        write_results(amap, tmp_path)
        assert_same_map(amap, read_account_map(tmp_path))


class TestBadFolders:
    def test_not_a_folder(self, tmp_path):
        """A path that is not a folder is an input error naming it."""
        with pytest.raises(InputError, match="no such folder"):
            read_account_map(tmp_path / "nope")

    @pytest.mark.parametrize(
        "missing",
        ["accounts.csv", "partner_accounts.csv", "map.json", "summaries.json"],
        ids=str,
    )
    def test_missing_file(self, tmp_path, missing):
        """A folder written before these files existed says how to rewrite it."""
        write_results(two_partner_map(), tmp_path)
        (tmp_path / missing).unlink()
        with pytest.raises(InputError, match=rf"{re.escape(missing)}: missing.*cocorev map --out"):
            read_account_map(tmp_path)

    def test_broken_json(self, tmp_path):
        """A damaged map.json is reported with the line."""
        write_results(two_partner_map(), tmp_path)
        (tmp_path / "map.json").write_text("{", encoding="utf-8")
        with pytest.raises(InputError, match=r"map\.json: not valid JSON"):
            read_account_map(tmp_path)

    def test_foreign_json(self, tmp_path):
        """A map.json of another tool is refused."""
        write_results(two_partner_map(), tmp_path)
        (tmp_path / "map.json").write_text("[]", encoding="utf-8")
        with pytest.raises(InputError, match="not a cocorev-account-map file"):
            read_account_map(tmp_path)

    def test_files_that_disagree(self, tmp_path):
        """An overlap naming an account that accounts.csv lacks is an input error."""
        write_results(two_partner_map(), tmp_path)
        lines = (tmp_path / "accounts.csv").read_text(encoding="utf-8").splitlines()
        (tmp_path / "accounts.csv").write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
        with pytest.raises(InputError, match="inconsistent"):
            read_account_map(tmp_path)

    def test_summaries_that_disagree(self, tmp_path):
        """A summary naming an unknown connection is an input error on summaries.json."""
        write_results(two_partner_map(), tmp_path)
        data = json.loads((tmp_path / "summaries.json").read_text(encoding="utf-8"))
        data[0]["primary"]["partner"] = "Elsewhere"
        (tmp_path / "summaries.json").write_text(json.dumps(data), encoding="utf-8")
        with pytest.raises(InputError, match=r"summaries\.json: inconsistent"):
            read_account_map(tmp_path)

    def test_bad_account_row(self, tmp_path):
        """An account row with an unknown stage names the file and line."""
        write_results(two_partner_map(), tmp_path)
        path = tmp_path / "accounts.csv"
        path.write_text(
            path.read_text(encoding="utf-8").replace(",lead,", ",maybe,", 1), encoding="utf-8"
        )
        with pytest.raises(InputError, match=r"accounts\.csv: line \d+: not a valid account"):
            read_account_map(tmp_path)

    def test_missing_columns(self, tmp_path):
        """An accounts file without the expected columns is refused."""
        write_results(two_partner_map(), tmp_path)
        (tmp_path / "accounts.csv").write_text("id,name\n1,A\n", encoding="utf-8")
        with pytest.raises(InputError, match="missing column"):
            read_account_map(tmp_path)


TEXT = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=12)
NON_BLANK = TEXT.filter(lambda s: s.strip() != "")
OPTIONAL = st.none() | TEXT
ACCOUNTS = st.lists(
    st.builds(
        Account,
        id=NON_BLANK,
        name=NON_BLANK,
        stage=st.sampled_from(list(Stage)),
        website=OPTIONAL,
        owner=st.none() | st.builds(Owner, TEXT, OPTIONAL) | st.builds(Owner, st.none(), TEXT),
        amount=st.none() | st.floats(min_value=0, allow_nan=False, allow_infinity=False),
        identifiers=st.dictionaries(TEXT, st.text(max_size=5), max_size=2),
        extra=st.dictionaries(TEXT, st.text(max_size=5), max_size=2),
    ),
    max_size=4,
    unique_by=lambda a: a.id,
)


class TestAccountsProperty:
    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(ACCOUNTS)
    def test_accounts_csv_round_trip(self, tmp_path, accounts):
        """Any accounts written to accounts.csv are read back equal."""
        amap = map_accounts(accounts, {})
        write_results(amap, tmp_path)
        assert tuple(accounts) == read_account_map(tmp_path).accounts
