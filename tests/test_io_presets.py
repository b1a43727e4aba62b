"""CRM column presets: HubSpot and Salesforce exports with their real headers."""

from __future__ import annotations

from pathlib import Path

import pytest

from cocorev import Owner, Stage, read_accounts
from cocorev.errors import ConfigError, SchemaError
from cocorev.io import COLUMN_PRESETS, ColumnPreset, parse_owner

EXPORTS = Path(__file__).parent / "data" / "exports"

# A HubSpot companies export as HubSpot writes it: every field quoted, labels as headers.
HUBSPOT = (
    '"Record ID","Company name","Company owner","Create Date","Lifecycle Stage",'
    '"Company Domain Name","Website URL","City","Country/Region","Industry"\n'
    '"5201384710","Apple Inc.","Maya Patel","2024-02-01 09:30","Customer",'
    '"apple.com","https://www.apple.com/","Cupertino","United States","Information Technology"\n'
    '"5201384711","Microsoft","Sofia Rossi (sofia.rossi@example.com)","2024-02-03 11:02",'
    '"Sales Qualified Lead","","https://www.microsoft.com/","Redmond","United States",'
    '"Information Technology"\n'
    '"5201384712","Stripe","","2024-03-12 16:45","Marketing Qualified Lead","stripe.com","",'
    '"San Francisco","United States","Fintech"\n'
    '"5201384713","Dropbox","Maya Patel","2024-04-20 08:05","Other","dropbox.com",'
    '"http://dropbox.com","San Francisco","United States","B2B"\n'
)

# A Salesforce accounts report exported as CSV, with the footer Salesforce appends.
SALESFORCE_REPORT = (
    '"Account Owner","Account Name","Type","Website","Billing State/Province",'
    '"Billing Country","Annual Revenue","Last Modified Date","Account ID"\n'
    '"Hannah Schmidt","Adobe Inc.","Customer - Direct","www.adobe.com","California",'
    '"United States","","3/7/2025","001Hs00000Y3a9Q"\n'
    '"Kenji Watanabe","Intel","Customer - Channel","https://www.intel.com/","California",'
    '"United States","","4/2/2025","001Hs00000Y3a9R"\n'
    '"Amara Okafor","Coinbase","Prospect","https://www.coinbase.com","California",'
    '"United States","","5/9/2025","001Hs00000Y3a9S"\n'
    '"Lucas Martin","Docker","Technology Partner","http://docker.com","California",'
    '"United States","","6/1/2025","001Hs00000Y3a9T"\n'
    '""\n'
    '"Grand Totals (4 records)"\n'
    '""\n'
    '"Confidential Information - Do Not Distribute"\n'
    '"Copyright (c) 2000-2025 salesforce.com, inc. All rights reserved."\n'
)

# A Data Loader export: API names as headers, upper-cased as Data Loader writes them.
SALESFORCE_DATA_LOADER = (
    '"ID","NAME","TYPE","WEBSITE","OWNERID","BILLINGCOUNTRY"\n'
    '"0015e00000AbCdEAAV","Qualcomm","Customer - Direct","qualcomm.com","0055e000001XyZaAAK","United States"\n'
    '"0015e00000AbCdFAAV","Costco","Prospect","costco.com","0055e000001XyZaAAK","United States"\n'
)


def write(tmp_path, text, name="export.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


class TestHubSpotPreset:
    def test_reads_a_companies_export(self, tmp_path):
        """A HubSpot export is recognised and every field lands where it belongs."""
        loaded = read_accounts(write(tmp_path, HUBSPOT))
        assert [
            ("5201384710", "Apple Inc.", "apple.com", Stage.CUSTOMER),
            ("5201384711", "Microsoft", "https://www.microsoft.com/", Stage.OPPORTUNITY),
            ("5201384712", "Stripe", "stripe.com", Stage.LEAD),
        ] == [(a.id, a.name, a.website, a.stage) for a in loaded]
        assert "hubspot" == loaded.report.preset
        assert "looks like a HubSpot companies export" in loaded.report.notes[0]

    def test_owner_with_email(self, tmp_path):
        """'Company owner' holding 'Name (email)' gives both; a bare name gives the name."""
        loaded = read_accounts(write(tmp_path, HUBSPOT))
        assert [
            Owner("Maya Patel", None),
            Owner("Sofia Rossi", "sofia.rossi@example.com"),
            None,
        ] == [a.owner for a in loaded]

    def test_other_stage_is_reported(self, tmp_path):
        """Lifecycle stage 'Other' is not guessed: the row is reported on its line."""
        loaded = read_accounts(write(tmp_path, HUBSPOT))
        [issue] = loaded.report.issues
        assert (5, "Lifecycle Stage", "Other") == (issue.line, issue.field, issue.value)
        assert (4, 3, 1) == (
            loaded.report.rows_read,
            loaded.report.rows_loaded,
            loaded.report.rows_rejected,
        )

    def test_unused_columns_are_kept(self, tmp_path):
        """Columns the preset does not use are kept in Account.extra under their header."""
        account = read_accounts(write(tmp_path, HUBSPOT))[0]
        assert ("City", "Cupertino") in account.extra
        assert ("Create Date", "2024-02-01 09:30") in account.extra
        assert "Website URL" not in dict(account.extra)

    @pytest.mark.parametrize(
        ("value", "stage"),
        [
            ("subscriber", Stage.LEAD),
            ("Subscriber", Stage.LEAD),
            ("lead", Stage.LEAD),
            ("marketingqualifiedlead", Stage.LEAD),
            ("Marketing Qualified Lead", Stage.LEAD),
            ("salesqualifiedlead", Stage.OPPORTUNITY),
            ("Sales Qualified Lead", Stage.OPPORTUNITY),
            ("opportunity", Stage.OPPORTUNITY),
            ("customer", Stage.CUSTOMER),
            ("Evangelist", Stage.CUSTOMER),
            ("other", None),
        ],
        ids=lambda v: str(v),
    )
    def test_lifecycle_stages(self, value, stage):
        """Each HubSpot lifecycle stage, internal value or label, maps as documented."""
        assert stage == COLUMN_PRESETS["hubspot"].stage_map.get(value.casefold())

    def test_internal_property_names(self, tmp_path):
        """An export with internal property names (hs_object_id, lifecyclestage) reads too."""
        text = "hs_object_id,name,domain,lifecyclestage\n901,Gusto,gusto.com,salesqualifiedlead\n"
        [account] = read_accounts(write(tmp_path, text))
        assert ("901", Stage.OPPORTUNITY) == (account.id, account.stage)


class TestSalesforcePreset:
    def test_reads_a_report_export(self, tmp_path):
        """A Salesforce report export is recognised; the report footer is skipped and noted."""
        loaded = read_accounts(write(tmp_path, SALESFORCE_REPORT))
        assert [
            ("001Hs00000Y3a9Q", "Adobe Inc.", "www.adobe.com", Stage.CUSTOMER),
            ("001Hs00000Y3a9R", "Intel", "https://www.intel.com/", Stage.CUSTOMER),
            ("001Hs00000Y3a9S", "Coinbase", "https://www.coinbase.com", Stage.LEAD),
        ] == [(a.id, a.name, a.website, a.stage) for a in loaded]
        assert Owner("Hannah Schmidt", None) == loaded[0].owner
        assert "salesforce" == loaded.report.preset
        assert any("skipped the report footer (lines 7-10)" in n for n in loaded.report.notes)
        assert 4 == loaded.report.rows_read

    def test_partner_type_is_reported(self, tmp_path):
        """A Type with no stage (Technology Partner) is reported, not guessed."""
        loaded = read_accounts(write(tmp_path, SALESFORCE_REPORT))
        assert [(5, "Type", "Technology Partner")] == [
            (i.line, i.field, i.value) for i in loaded.report.issues
        ]

    def test_reads_a_data_loader_export(self, tmp_path):
        """Data Loader's upper-cased API names are recognised; OwnerId (a user id) stays extra."""
        loaded = read_accounts(write(tmp_path, SALESFORCE_DATA_LOADER))
        assert [
            ("0015e00000AbCdEAAV", "Qualcomm", Stage.CUSTOMER),
            ("0015e00000AbCdFAAV", "Costco", Stage.LEAD),
        ] == [(a.id, a.name, a.stage) for a in loaded]
        assert [None, None] == [a.owner for a in loaded]
        assert ("OWNERID", "0055e000001XyZaAAK") in loaded[0].extra

    @pytest.mark.parametrize(
        ("value", "stage"),
        [
            ("Customer - Direct", Stage.CUSTOMER),
            ("Customer - Channel", Stage.CUSTOMER),
            ("Customer", Stage.CUSTOMER),
            ("Prospect", Stage.LEAD),
            ("Channel Partner / Reseller", None),
            ("Installation Partner", None),
            ("Other", None),
        ],
        ids=str,
    )
    def test_account_types(self, value, stage):
        """Each Salesforce account Type maps as documented; partner types stay unmapped."""
        assert stage == COLUMN_PRESETS["salesforce"].stage_map.get(value.casefold())


class TestPresetChoice:
    def test_generic_preset_turns_detection_off(self, tmp_path):
        """preset='generic' reads a HubSpot header with the default stage map, so SQL is unknown."""
        loaded = read_accounts(write(tmp_path, HUBSPOT), preset="generic")
        assert ["Apple Inc."] == [a.name for a in loaded]
        assert "generic" == loaded.report.preset
        assert () == loaded.report.notes

    def test_explicit_preset(self, tmp_path):
        """A preset given by name reads a file whose header alone would not be recognised."""
        text = "Id,Name,Website,Type\n001A,Nvidia,nvidia.com,Prospect\n"
        with pytest.raises(SchemaError, match="preset"):
            read_accounts(write(tmp_path, text))
        [account] = read_accounts(write(tmp_path, text), preset="salesforce")
        assert ("001A", Stage.LEAD) == (account.id, account.stage)

    def test_stage_map_overrides_the_presets(self, tmp_path):
        """An explicit stage map replaces the preset's, and the columns still come from the preset."""
        loaded = read_accounts(
            write(tmp_path, HUBSPOT), stage_map={"other": "lead", "customer": "customer"}
        )
        assert [("Apple Inc.", Stage.CUSTOMER), ("Dropbox", Stage.LEAD)] == [
            (a.name, a.stage) for a in loaded
        ]

    def test_columns_override_one_field(self, tmp_path):
        """A column mapping replaces the preset's column for that field only."""
        loaded = read_accounts(write(tmp_path, HUBSPOT), columns={"domain": "Website URL"})
        assert ["https://www.apple.com/", "https://www.microsoft.com/", None] == [
            a.website for a in loaded
        ]

    def test_column_not_in_file_is_noted(self, tmp_path):
        """A mapped optional column missing from the file is noted, not an error."""
        loaded = read_accounts(write(tmp_path, HUBSPOT), columns={"amount": "Deal Value"})
        assert any(
            "'Deal Value' (given for amount) is not in the file" in n for n in loaded.report.notes
        )

    def test_unknown_preset(self, tmp_path):
        """An unknown preset name is a configuration error listing the presets."""
        with pytest.raises(ConfigError, match="generic, hubspot, salesforce"):
            read_accounts(write(tmp_path, HUBSPOT), preset="pipedrive")  # type: ignore[arg-type]

    def test_custom_preset(self, tmp_path):
        """A ColumnPreset of one's own reads another CRM's export."""
        zoho = ColumnPreset(
            name="zoho",
            label="Zoho CRM accounts export",
            columns={"id": ("Record Id",), "name": ("Account Name",), "stage": ("Account Type",)},
            stage_map={"Customer": "customer", "Prospect": "lead"},
        )
        text = (
            '"Record Id","Account Name","Account Type"\n"zcrm_48768760001","Walmart","Customer"\n'
        )
        [account] = read_accounts(write(tmp_path, text), preset=zoho)
        assert ("zcrm_48768760001", Stage.CUSTOMER) == (account.id, account.stage)

    def test_bad_preset_field(self):
        """A preset naming a field cocorev does not know is rejected when it is made."""
        with pytest.raises(ConfigError, match="revenue"):
            ColumnPreset(name="x", label="x", columns={"revenue": ("ARR",)}, stage_map={})


class TestParseOwner:
    @pytest.mark.parametrize(
        ("text", "owner"),
        [
            ("Maya Patel", Owner("Maya Patel", None)),
            ("Maya Patel (maya@example.com)", Owner("Maya Patel", "maya@example.com")),
            ("Maya Patel <maya@example.com>", Owner("Maya Patel", "maya@example.com")),
            ("  Maya   Patel  ", Owner("Maya Patel", None)),
            ("maya@example.com", Owner(None, "maya@example.com")),
            ("(maya@example.com)", Owner(None, "maya@example.com")),
            ("Patel, Maya", Owner("Patel, Maya", None)),
            ("", None),
        ],
        ids=["name", "parens", "angle", "spaces", "email", "email-only-parens", "comma", "blank"],
    )
    def test_forms(self, text, owner):
        """Every form a CRM writes an owner in splits into name and e-mail."""
        assert owner == parse_owner(text)


class TestExportFixtures:
    def test_hubspot_fixture(self):
        """The bundled HubSpot fixture reads 39 accounts and reports its one 'Other' row."""
        loaded = read_accounts(EXPORTS / "hubspot-companies.csv")
        assert ("hubspot", 40, 39) == (
            loaded.report.preset,
            loaded.report.rows_read,
            loaded.report.rows_loaded,
        )
        assert ["Other"] == [i.value for i in loaded.report.issues]

    def test_salesforce_fixture(self):
        """The bundled Salesforce fixture reads 36 accounts and reports four unplaced types."""
        loaded = read_accounts(EXPORTS / "salesforce-accounts.csv")
        assert ("salesforce", 40, 36) == (
            loaded.report.preset,
            loaded.report.rows_read,
            loaded.report.rows_loaded,
        )
        assert ["Channel Partner / Reseller", "Channel Partner / Reseller", "Other", ""] == [
            i.value for i in loaded.report.issues
        ]


def test_a_second_website_column_stands_in_for_junk_in_the_first(tmp_path):
    """HubSpot's "Company Domain Name" holding "n/a", "-" or a free-mail domain gives way
    to a company site in "Website URL" (user report); with none in either, the row is
    reported as matching by name only."""
    rows = [
        ("Alpha", "n/a", "https://alpha.com"),
        ("Beta", "-", "beta.com"),
        ("Gamma", "gmail.com", "gamma.io"),
        ("Delta", "delta.com", "https://www.other.com/"),
        ("Epsilon", "n/a", ""),
    ]
    text = '"Record ID","Company name","Lifecycle Stage","Company Domain Name","Website URL"\n'
    text += "".join(f'"{k}","{n}","Customer","{d}","{w}"\n' for k, (n, d, w) in enumerate(rows))
    loaded = read_accounts(write(tmp_path, text))
    assert [
        ("Alpha", "https://alpha.com"),
        ("Beta", "beta.com"),
        ("Gamma", "gamma.io"),
        ("Delta", "delta.com"),
        ("Epsilon", "n/a"),
    ] == [(a.name, a.website) for a in loaded]
    assert [("Company Domain Name", "n/a")] == [(i.field, i.value) for i in loaded.report.issues]
