"""CRM stage-map presets, custom maps, unmapped-value reports and loading with a map."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cocorev import ConfigError, Stage, StageMap, read_accounts
from cocorev.stages import (
    HUBSPOT_LIFECYCLE,
    PRESETS,
    SALESFORCE_ACCOUNT_TYPE,
    SALESFORCE_OPPORTUNITY_STAGE,
    stage_key,
    stage_report,
)

C, O, L = Stage.CUSTOMER, Stage.OPPORTUNITY, Stage.LEAD  # noqa: E741 - the spec writes C-O

HUBSPOT_ROWS = [
    ("subscriber", L),
    ("lead", L),
    ("marketingqualifiedlead", L),
    ("salesqualifiedlead", O),
    ("opportunity", O),
    ("customer", C),
    ("evangelist", C),
    ("other", None),
    ("Subscriber", L),
    ("Lead", L),
    ("Marketing Qualified Lead", L),
    ("Sales Qualified Lead", O),
    ("Opportunity", O),
    ("Customer", C),
    ("Evangelist", C),
    ("Other", None),
    ("", None),
    ("churned", None),
]

SALESFORCE_ACCOUNT_ROWS = [
    ("Customer", C),
    ("Customer - Direct", C),
    ("Customer - Channel", C),
    ("Customer - Strategic", C),
    ("Prospect", L),
    ("Partner", None),
    ("Competitor", None),
    ("Other", None),
    ("Reseller", None),
    ("Analyst", None),
    ("Press", None),
    ("Investor", None),
    ("Integrator", None),
    ("Channel Partner / Reseller", None),
    ("Installation Partner", None),
    ("Technology Partner", None),
    ("Former Customer", None),
]

SALESFORCE_OPPORTUNITY_ROWS = [
    ("Prospecting", O),
    ("Qualification", O),
    ("Needs Analysis", O),
    ("Value Proposition", O),
    ("Id. Decision Makers", O),
    ("Perception Analysis", O),
    ("Proposal/Price Quote", O),
    ("Negotiation/Review", O),
    ("Closed Won", C),
    ("Closed Lost", None),
    ("closed won", C),
    ("PROPOSAL / PRICE QUOTE", O),
]


def _ids(rows):
    return [repr(value) for value, _ in rows]


class TestPresets:
    @pytest.mark.parametrize(("value", "stage"), HUBSPOT_ROWS, ids=_ids(HUBSPOT_ROWS))
    def test_hubspot_lifecycle(self, value, stage):
        """Every HubSpot lifecycle value and display label lands where the spec says."""
        assert stage == HUBSPOT_LIFECYCLE.lookup(value)

    @pytest.mark.parametrize(
        ("value", "stage"), SALESFORCE_ACCOUNT_ROWS, ids=_ids(SALESFORCE_ACCOUNT_ROWS)
    )
    def test_salesforce_account_type(self, value, stage):
        """Customer* is a customer, Prospect a lead, relationship types no population."""
        assert stage == SALESFORCE_ACCOUNT_TYPE.lookup(value)

    @pytest.mark.parametrize(
        ("value", "stage"), SALESFORCE_OPPORTUNITY_ROWS, ids=_ids(SALESFORCE_OPPORTUNITY_ROWS)
    )
    def test_salesforce_opportunity_stage(self, value, stage):
        """Open stages are opportunities, Closed Won a customer, Closed Lost nothing."""
        assert stage == SALESFORCE_OPPORTUNITY_STAGE.lookup(value)

    @pytest.mark.parametrize(
        ("stage_map", "value", "text"),
        [
            (HUBSPOT_LIFECYCLE, "other", "HubSpot lifecycle 'other'"),
            (HUBSPOT_LIFECYCLE, "churned", "unknown stage value for hubspot-lifecycle"),
            (HUBSPOT_LIFECYCLE, "  ", "blank stage"),
            (SALESFORCE_OPPORTUNITY_STAGE, "Closed Lost", "closed-lost"),
            (SALESFORCE_ACCOUNT_TYPE, "Competitor", "not a sales population"),
        ],
        ids=["hubspot-other", "unknown", "blank", "closed-lost", "competitor"],
    )
    def test_unplaced_values_have_a_reason(self, stage_map, value, text):
        """A value the map does not place comes with the reason why."""
        assert text in (stage_map.reason(value) or "")

    def test_placed_values_have_no_reason(self):
        """A placed value needs no excuse."""
        assert HUBSPOT_LIFECYCLE.reason("customer") is None

    def test_presets_by_name(self):
        """The presets are listed by name for options and configuration."""
        assert (
            "hubspot-lifecycle",
            "salesforce-account-type",
            "salesforce-opportunity-stage",
        ) == tuple(PRESETS)

    def test_unmapped_value_beats_a_prefix(self):
        """A value listed as unmapped is never caught by a prefix."""
        stage_map = StageMap(
            name="t", entries={}, prefixes={"Customer": C}, unmapped={"Customer Lost": "gone"}
        )
        assert (C, None) == (stage_map.lookup("Customer X"), stage_map.lookup("customer lost"))


class TestCustomMaps:
    def test_custom_with_none_records_a_deliberate_gap(self):
        """Mapping a value to None reports it as deliberately unmapped."""
        stage_map = StageMap.custom({"Won": "customer", "Open": O, "Lost": None}, name="deals")
        assert (C, O, None) == (
            stage_map.lookup("WON"),
            stage_map.lookup("open"),
            stage_map.lookup("Lost"),
        )
        assert "mapped to no stage in deals" == stage_map.reason("lost")

    def test_custom_prefixes(self):
        """A custom map may place picklist variants by prefix."""
        stage_map = StageMap.custom({}, prefixes={"Active": "customer"})
        assert C == stage_map.lookup("Active - EMEA")

    def test_override_replaces_and_removes(self):
        """override() places some values differently and keeps the rest of the preset."""
        stage_map = HUBSPOT_LIFECYCLE.override({"Other": "lead", "evangelist": None})
        assert (L, None, C) == (
            stage_map.lookup("other"),
            stage_map.lookup("evangelist"),
            stage_map.lookup("customer"),
        )
        assert stage_map.reason("evangelist") == (
            "mapped to no stage by override of hubspot-lifecycle"
        )
        assert L != HUBSPOT_LIFECYCLE.lookup("other")

    @pytest.mark.parametrize(
        ("mapping", "text"),
        [
            ({"won": "closed"}, "'closed' is not a stage"),
            ({"Closed Won": "customer", "closed-won": "lead"}, "are the same value"),
            ({"--": "lead"}, "has no letters or digits"),
        ],
        ids=["not-a-stage", "same-value-twice", "no-letters"],
    )
    def test_bad_maps_are_config_errors(self, mapping, text):
        """A map that cannot be applied unambiguously is refused when built."""
        with pytest.raises(ConfigError, match=text):
            StageMap.custom(mapping)

    def test_mapped_and_unmapped_at_once_is_refused(self):
        """A value cannot be both placed and listed as unmapped."""
        with pytest.raises(ConfigError, match="both mapped"):
            StageMap(name="t", entries={"lead": L}, unmapped={"Lead": "no"})

    def test_bad_override_is_a_config_error(self):
        """override() checks its stages too."""
        with pytest.raises(ConfigError):
            HUBSPOT_LIFECYCLE.override({"other": "maybe"})

    def test_maps_are_values(self):
        """Equal maps compare and hash equal."""
        one = StageMap.custom({"a": "lead"})
        assert (one, hash(one)) == (StageMap.custom({"a": L}), hash(StageMap.custom({"a": L})))

    @given(st.text(max_size=30))
    def test_stage_key_is_idempotent(self, value):
        """Folding a key twice changes nothing."""
        assert stage_key(stage_key(value)) == stage_key(value)

    @given(
        st.sampled_from([v for v, _ in HUBSPOT_ROWS + SALESFORCE_OPPORTUNITY_ROWS if v]),
        st.sampled_from(["", " ", "_", "-", "."]),
        st.booleans(),
    )
    def test_lookup_ignores_case_and_punctuation(self, value, decoration, upper):
        """Case and punctuation around a value never change where it lands."""
        decorated = decoration + (value.upper() if upper else value.lower()) + decoration
        for stage_map in (HUBSPOT_LIFECYCLE, SALESFORCE_OPPORTUNITY_STAGE):
            assert stage_map.lookup(value) == stage_map.lookup(decorated)


class TestStageReport:
    def test_counts_per_stage_and_per_unmapped_value(self):
        """Mapped values are counted per stage; unmapped ones per value, most frequent first."""
        report = stage_report(
            ["lead", "Lead", "customer", "other", "Other", "churned", None, ""],
            HUBSPOT_LIFECYCLE,
        )
        assert ({C: 1, O: 0, L: 2}, 8) == (dict(report.mapped), report.total)
        assert (("", 2), ("other", 2), ("churned", 1)) == tuple(
            (u.value, u.count) for u in report.unmapped
        )
        assert (5, False) == (report.unmapped_count, report.ok)
        assert "HubSpot lifecycle 'other'" in report.unmapped[1].reason

    def test_closed_lost_is_reported_as_closed_lost(self):
        """Salesforce Closed Lost is counted and reported as closed-lost, never placed."""
        report = stage_report(
            ["Closed Lost", "Prospecting", "Closed Lost", "Closed Won"],
            SALESFORCE_OPPORTUNITY_STAGE,
        )
        [lost] = report.unmapped
        assert ("Closed Lost", 2, True) == (lost.value, lost.count, "closed-lost" in lost.reason)
        assert {C: 1, O: 1, L: 0} == dict(report.mapped)

    def test_all_placed_is_ok(self):
        """A column that maps completely is ok, and its text says so."""
        report = stage_report(["Customer - Direct", "Prospect"], SALESFORCE_ACCOUNT_TYPE)
        assert (True, ()) == (report.ok, report.unmapped)
        assert "2 value(s) with salesforce-account-type: customer 1, opportunity 0, lead 1" == (
            str(report)
        )


HEADER = "id,name,domain,stage\n"


class TestReadAccountsWithStageMap:
    def test_hubspot_export(self, tmp_path):
        """A HubSpot export loads with the lifecycle preset; 'other' is reported with why."""
        path = tmp_path / "hubspot.csv"
        path.write_text(
            HEADER
            + "1,Acme,acme.com,Marketing Qualified Lead\n"
            + "2,Globex,globex.com,customer\n"
            + "3,Initech,initech.com,other\n"
            + "4,Hooli,hooli.com,salesqualifiedlead\n",
            encoding="utf-8",
        )
        loaded = read_accounts(path, stage_map=HUBSPOT_LIFECYCLE)
        assert [("1", L), ("2", C), ("4", O)] == [(a.id, a.stage) for a in loaded]
        [issue] = loaded.report.issues
        assert (4, "stage", "other") == (issue.line, issue.field, issue.value)
        assert issue.reason.startswith("stage 'other': HubSpot lifecycle 'other'")

    def test_salesforce_opportunities(self, tmp_path):
        """Salesforce opportunity stages load with their preset; Closed Lost is reported."""
        path = tmp_path / "sf.csv"
        path.write_text(
            HEADER + "1,Acme,acme.com,Negotiation/Review\n2,Globex,globex.com,Closed Lost\n",
            encoding="utf-8",
        )
        loaded = read_accounts(path, stage_map=SALESFORCE_OPPORTUNITY_STAGE)
        assert [O] == [a.stage for a in loaded]
        assert "closed-lost" in loaded.report.issues[0].reason

    def test_blank_stage_lists_the_placed_values(self, tmp_path):
        """A blank stage with a map says which values the map places."""
        path = tmp_path / "blank.csv"
        path.write_text(HEADER + "1,Acme,acme.com,\n", encoding="utf-8")
        [issue] = read_accounts(path, stage_map=SALESFORCE_ACCOUNT_TYPE).report.issues
        assert "blank stage; use one of Customer, Customer - Channel" in issue.reason

    def test_plain_mapping_still_works(self, tmp_path):
        """A plain mapping keeps working as before."""
        path = tmp_path / "plain.csv"
        path.write_text(HEADER + "1,Acme,acme.com,Won\n", encoding="utf-8")
        [account] = read_accounts(path, stage_map={"won": "customer"})
        assert C == account.stage
