"""Reading CRM CSV exports: columns, rows, problems and encodings."""

from __future__ import annotations

import json

import pytest

from cocorev import Stage, read_accounts
from cocorev.errors import InputError, SchemaError, UnknownStageError
from cocorev.io import write_results

HEADER = "id,name,domain,stage,owner_name,owner_email,amount\n"


def write(tmp_path, text, name="crm.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


class TestReadAccounts:
    def test_reads_every_field(self, tmp_path):
        """A well-formed row becomes an account with every field set."""
        path = write(
            tmp_path,
            HEADER + 'A1,Acme Inc.,https://acme.com,Customer,Ann Lee,ann@acme.example,"12,500"\n',
        )
        [account] = read_accounts(path)
        assert ("A1", "Acme Inc.", "https://acme.com", Stage.CUSTOMER) == (
            account.id,
            account.name,
            account.website,
            account.stage,
        )
        assert account.owner is not None
        assert ("Ann Lee", "ann@acme.example", 12500.0) == (
            account.owner.name,
            account.owner.email,
            account.amount,
        )

    def test_website_column_and_extra_fields(self, tmp_path):
        """A 'website' column stands for domain; unknown columns land in extra; ids in identifiers."""
        path = write(
            tmp_path, "ID,Name,Website,Stage,Industry,DUNS\n1,Acme,acme.com,lead,Retail,123456789\n"
        )
        [account] = read_accounts(path)
        assert "acme.com" == account.website
        assert (("Industry", "Retail"),) == account.extra
        assert "123456789" == account.identifier("duns")

    def test_column_mapping(self, tmp_path):
        """A column mapping reads other header spellings."""
        path = write(tmp_path, "Record,Company,Site,Lifecycle\n1,Acme,acme.com,lead\n")
        [account] = read_accounts(
            path,
            columns={"id": "Record", "name": "Company", "domain": "Site", "stage": "Lifecycle"},
        )
        assert ("1", "Acme", "acme.com", Stage.LEAD) == (
            account.id,
            account.name,
            account.website,
            account.stage,
        )

    @pytest.mark.parametrize(
        ("row", "field", "reason"),
        [
            ("2,,acme.com,lead,,,", "name", "blank company name"),
            ("2,Acme,acme.com,prospect,,,", "stage", "unknown stage 'prospect'"),
            ("2,Acme,acme.com,,,,", "stage", "blank stage"),
            (",Acme,acme.com,lead,,,", "id", "blank id"),
            ("1,Acme,acme.com,lead,,,", "id", "duplicate id '1' (first on line 2)"),
            ("2,Acme,acme.com", "(row)", "expected 7 cells"),
        ],
        ids=["blank-name", "unknown-stage", "blank-stage", "blank-id", "duplicate-id", "ragged"],
    )
    def test_problem_rows_are_reported(self, tmp_path, row, field, reason):
        """Each bad row is reported with file, line, field and reason, and the others load."""
        path = write(tmp_path, HEADER + "1,Globex,globex.com,customer,,,\n" + row + "\n")
        loaded = read_accounts(path)
        assert ["1"] == [a.id for a in loaded]
        [issue] = loaded.report.issues
        assert (str(path), 3, field) == (issue.file, issue.line, issue.field)
        assert reason in issue.reason
        assert (2, 1, 1) == (
            loaded.report.rows_read,
            loaded.report.rows_loaded,
            loaded.report.rows_rejected,
        )

    def test_bad_amount_is_a_warning(self, tmp_path):
        """An unreadable amount keeps the row, drops the amount and says so."""
        loaded = read_accounts(write(tmp_path, HEADER + "1,Acme,acme.com,lead,,,lots\n"))
        assert [None] == [a.amount for a in loaded]
        assert [("amount", "warning")] == [(i.field, i.severity) for i in loaded.report.issues]

    def test_strict_raises_on_the_first_problem(self, tmp_path):
        """strict=True stops at the first problem and raises it, carrying that one issue."""
        path = write(tmp_path, HEADER + "1,Acme,acme.com,prospect,,,\n2,,x.com,lead,,,\n")
        with pytest.raises(UnknownStageError) as info:
            read_accounts(path, strict=True)
        assert (2, "stage", "prospect") == (info.value.row, info.value.column, info.value.value)
        assert [(2, "stage")] == [(i.line, i.field) for i in info.value.issues]

    def test_stage_map(self, tmp_path):
        """A stage map places the CRM's own stage values."""
        path = write(tmp_path, HEADER + "1,Acme,acme.com,Closed Won,,,\n")
        [account] = read_accounts(path, stage_map={"closed won": "customer"})
        assert Stage.CUSTOMER == account.stage

    @pytest.mark.parametrize(
        ("content", "error", "text"),
        [
            ("", InputError, "empty"),
            ("id,name\n1,Acme\n", SchemaError, "missing required column(s) stage"),
            ("id,name,stage,Name\n", SchemaError, "duplicate column 'Name'"),
        ],
        ids=["empty", "missing-column", "duplicate-column"],
    )
    def test_file_level_problems_raise(self, tmp_path, content, error, text):
        """A file that cannot be read as accounts raises a clear error naming the file."""
        path = write(tmp_path, content)
        with pytest.raises(error) as info:
            read_accounts(path)
        assert text in str(info.value)
        assert str(path) in str(info.value)

    def test_missing_file(self, tmp_path):
        """A path that does not exist is an input error, not a traceback."""
        with pytest.raises(InputError, match="no such file"):
            read_accounts(tmp_path / "nope.csv")

    @pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"], ids=str)
    def test_unicode_encodings(self, tmp_path, encoding):
        """UTF-8 with or without BOM and UTF-16 read the same accented name."""
        [account] = read_accounts(
            write(tmp_path, HEADER + "1,Nestlé S.A.,nestle.com,customer,,,\n", encoding=encoding)
        )
        assert "Nestlé S.A." == account.name

    def test_cp1252_fallback_is_announced(self, tmp_path):
        """A Windows-1252 file is read with a note saying so."""
        loaded = read_accounts(
            write(tmp_path, HEADER + "1,Nestlé S.A.,nestle.com,customer,,,\n", encoding="cp1252")
        )
        assert ["Nestlé S.A."] == [a.name for a in loaded]
        assert "cp1252" == loaded.report.encoding
        assert "Windows-1252" in loaded.report.notes[0]

    def test_semicolon_delimiter(self, tmp_path):
        """A semicolon-delimited export is sniffed and read."""
        [account] = read_accounts(
            write(tmp_path, "id;name;domain;stage\n1;Acme, Inc.;acme.com;lead\n")
        )
        assert "Acme, Inc." == account.name


class TestWriteResults:
    def test_formula_cells_are_neutralised(self, tmp_path):
        """Names that a spreadsheet would run as formulas are written inert."""
        from cocorev import map_accounts
        from cocorev.testing import make_account

        ours = [make_account("=HYPERLINK(1)", website="acme.com", id="1")]
        amap = map_accounts(ours, {"P": [make_account("Acme", website="acme.com", id="p")]})
        write_results(amap, tmp_path)
        text = (tmp_path / "summaries.csv").read_text(encoding="utf-8")
        assert "'=HYPERLINK(1)" in text
        data = json.loads((tmp_path / "summaries.json").read_text(encoding="utf-8"))
        assert ["=HYPERLINK(1)"] == [d["account_name"] for d in data]
