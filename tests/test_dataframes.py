"""pandas in and out: accounts from DataFrames, account maps to DataFrames."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cocorev import Account, Owner, Stage, map_accounts, read_accounts
from cocorev.dataframes import (
    ACCOUNT_COLUMNS,
    MapFrames,
    accounts_from_dataframe,
    accounts_to_dataframe,
)
from cocorev.errors import InputError, SchemaError, UnknownStageError
from cocorev.testing import make_account

EXPORTS = Path(__file__).parent / "data" / "exports"

TEXT = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9 .&'-]{0,10}[A-Za-z0-9.]", fullmatch=True)
ACCOUNTS = st.builds(
    Account,
    id=st.from_regex(r"0?[0-9A-Za-z]{1,8}", fullmatch=True),
    name=TEXT,
    stage=st.sampled_from(list(Stage)),
    website=st.none() | st.from_regex(r"[a-z]{2,10}\.(com|io|co\.uk)", fullmatch=True),
    owner=st.none()
    | st.builds(
        Owner,
        st.none() | st.from_regex(r"[A-Z][a-z]{1,8} [A-Z][a-z]{1,8}", fullmatch=True),
        st.from_regex(r"[a-z]{1,8}@[a-z]{2,8}\.com", fullmatch=True),
    ),
    amount=st.none() | st.floats(min_value=0, max_value=1e9, allow_nan=False),
    identifiers=st.dictionaries(st.sampled_from(["duns", "lei"]), TEXT, max_size=2),
    extra=st.dictionaries(st.from_regex(r"x_[a-z]{1,6}", fullmatch=True), TEXT, max_size=3),
)


class TestAccountsFromDataFrame:
    def test_same_as_reading_the_csv(self):
        """A DataFrame of an export loads the same accounts and issues as the CSV file."""
        path = EXPORTS / "hubspot-companies.csv"
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        from_csv = read_accounts(path)
        from_df = accounts_from_dataframe(df)
        assert from_csv.accounts == from_df.accounts
        assert [(i.line - 1, i.field, i.reason) for i in from_csv.report.issues] == [
            (i.line, i.field, i.reason) for i in from_df.report.issues
        ]
        assert ("hubspot", "<DataFrame>") == (from_df.report.preset, from_df.report.file)

    def test_missing_values_and_float_ids(self):
        """NaN cells are blank, and whole-float ids (a column with gaps) read as integers."""
        df = pd.DataFrame(
            {
                "id": [101.0, math.nan, 103.0],
                "name": ["Adobe Inc.", "Intel", None],
                "website": ["adobe.com", math.nan, "cisco.com"],
                "stage": ["customer", "lead", "lead"],
                "amount": [12500.5, math.nan, 3.0],
            }
        )
        loaded = accounts_from_dataframe(df, name="crm")
        assert [("101", "adobe.com", 12500.5)] == [(a.id, a.website, a.amount) for a in loaded]
        assert [
            "crm:2: id: blank id; every account needs an id",
            "crm:3: name: blank company name",
        ] == [str(i) for i in loaded.report.issues]
        assert (3, 1) == (loaded.report.rows_read, loaded.report.rows_loaded)

    def test_columns_and_preset(self):
        """Column mappings and presets work as for CSV files."""
        df = pd.DataFrame(
            {
                "Account ID": ["001A"],
                "Account Name": ["Nvidia"],
                "Type": ["Prospect"],
                "Site": ["nvidia.com"],
            }
        )
        [account] = accounts_from_dataframe(df, preset="salesforce", columns={"domain": "Site"})
        assert ("001A", Stage.LEAD, "nvidia.com") == (account.id, account.stage, account.website)

    def test_strict(self):
        """strict=True raises the first problem."""
        df = pd.DataFrame({"id": ["1"], "name": ["Acme"], "stage": ["prospect"]})
        with pytest.raises(UnknownStageError) as info:
            accounts_from_dataframe(df, strict=True)
        assert 1 == info.value.row

    def test_missing_columns(self):
        """A DataFrame without the required columns is a schema error."""
        with pytest.raises(SchemaError, match="stage"):
            accounts_from_dataframe(pd.DataFrame({"id": ["1"], "name": ["Acme"]}))

    def test_blank_rows_are_skipped(self):
        """Rows with nothing in them are not counted, as blank lines in a CSV file."""
        df = pd.DataFrame({"id": ["1", None], "name": ["Acme", ""], "stage": ["lead", None]})
        assert 1 == accounts_from_dataframe(df).report.rows_read

    def test_errors_are_input_errors(self):
        """A strict failure is catchable as the package's InputError."""
        df = pd.DataFrame({"id": ["1", "1"], "name": ["Acme", "Acme"], "stage": ["lead", "lead"]})
        with pytest.raises(InputError, match="duplicate id"):
            accounts_from_dataframe(df, strict=True)


class TestAccountsToDataFrame:
    def test_columns(self):
        """The frame has the canonical columns, then identifiers and extras."""
        account = Account(
            id="1",
            name="Acme",
            stage=Stage.LEAD,
            identifiers={"duns": "123456789"},
            extra={"Industry": "Retail"},
        )
        frame = accounts_to_dataframe([account])
        assert [*ACCOUNT_COLUMNS, "duns", "Industry"] == list(frame.columns)

    @given(st.lists(ACCOUNTS, max_size=6, unique_by=lambda a: a.id))
    def test_round_trip(self, accounts):
        """accounts_from_dataframe(accounts_to_dataframe(accounts)) gives the accounts back."""
        loaded = accounts_from_dataframe(accounts_to_dataframe(accounts), preset="generic")
        errors = tuple(i for i in loaded.report.issues if i.severity == "error")
        assert (tuple(accounts), ()) == (loaded.accounts, errors)


def _account_map():
    ours = [
        make_account("Adobe Inc.", website="adobe.com", id="1", stage="opportunity", amount=5000),
        make_account("Intel", website="intel.com", id="2", stage="customer"),
        make_account("Cisco", website="cisco.com", id="3", stage="lead"),
    ]
    partner = [
        make_account("Adobe", website="www.adobe.com", id="a", owner="ann@p.example"),
        make_account("Intel Corporation", website="intel.com", id="b", stage="opportunity"),
        make_account("Cisco Systems", website="https://cisco.com", id="c"),
    ]
    return map_accounts(ours, {"Contoso": partner})


class TestToPandas:
    def test_frames(self):
        """AccountMap.to_pandas gives overlaps, summaries and playbook counts as DataFrames."""
        amap = _account_map()
        frames = amap.to_pandas()
        assert isinstance(frames, MapFrames)
        assert [("1", "a", "accelerate"), ("2", "b", "expansion"), ("3", "c", "generate")] == list(
            frames.overlaps[["account_id", "partner_account_id", "play"]].itertuples(
                index=False, name=None
            )
        )
        assert [5000.0, True, "ann@p.example"] == [
            frames.overlaps.loc[0, "amount"],
            frames.overlaps.loc[0, "contact_owner"],
            frames.overlaps.loc[0, "owner_email"],
        ]
        assert ["1", "2", "3"] == list(frames.summaries["account_id"])
        assert {p.value: n for p, n in amap.playbook.counts().items()} == dict(
            zip(frames.playbook["play"], frames.playbook["accounts"], strict=True)
        )

    def test_empty_map(self):
        """A map without overlaps gives empty frames with the columns in place."""
        frames = map_accounts([make_account("Adobe", id="1")], {"P": []}).to_pandas()
        assert (0, 0, 4) == (len(frames.overlaps), len(frames.summaries), len(frames.playbook))
        assert "confidence" in frames.overlaps.columns


class TestCoreWithoutPandas:
    def test_core_never_imports_pandas(self, tmp_path):
        """Importing cocorev, reading a CSV, mapping and rendering HTML leave pandas unloaded."""
        path = tmp_path / "crm.csv"
        path.write_text("id,name,domain,stage\n1,Adobe,adobe.com,customer\n", encoding="utf-8")
        code = (
            "import sys, cocorev\n"
            "from cocorev.testing import make_account\n"
            f"ours = cocorev.read_accounts({str(path)!r})\n"
            "amap = cocorev.map_accounts(ours, {'P': [make_account('Adobe', website='adobe.com')]})\n"
            "amap._repr_html_()\n"
            "print(len(amap.overlaps), 'pandas' in sys.modules)\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=False
        )
        assert ("1 False", "") == (done.stdout.strip(), done.stderr)
