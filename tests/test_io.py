"""Reading CRM CSV exports: columns, rows, problems and encodings."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cocorev import Account, Owner, Stage, read_accounts
from cocorev.errors import InputError, SchemaError, UnknownStageError
from cocorev.io import (
    read_accounts_jsonl,
    write_accounts_jsonl,
    write_overlaps_jsonl,
    write_results,
)

HEADER = "id,name,domain,stage,owner_name,owner_email,amount\n"

TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=12
).filter(lambda s: s.strip() == s and s.strip())
NAMES = st.from_regex(r"[A-Z][a-zé]{1,8}( [A-Z][a-z'\-]{1,10}){0,2}", fullmatch=True)
EMAILS = st.from_regex(r"[a-z][a-z0-9.]{0,8}@[a-z]{2,8}\.(com|de|io)", fullmatch=True)
ACCOUNTS = st.builds(
    Account,
    id=TEXT,
    name=TEXT,
    stage=st.sampled_from(list(Stage)),
    website=st.none() | TEXT,
    owner=st.none()
    | st.builds(Owner, NAMES, st.none() | EMAILS)
    | st.builds(Owner, st.none(), EMAILS),
    amount=st.none() | st.floats(min_value=0, max_value=1e12, allow_nan=False),
    identifiers=st.dictionaries(st.sampled_from(["duns", "lei"]), TEXT, max_size=2),
    extra=st.dictionaries(st.from_regex(r"x_[a-z]{1,6}", fullmatch=True), TEXT, max_size=3),
)


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


ROW = "1,Nestlé S.A.,nestle.com,customer,,,\n"


class TestEncodings:
    @pytest.mark.parametrize(
        ("encoding", "reported"),
        [
            ("utf-8", "utf-8"),
            ("utf-8-sig", "utf-8"),
            ("utf-16", "utf-16"),
            ("utf-16-be-bom", "utf-16"),
            ("utf-16-le", "utf-16-le"),
            ("utf-16-be", "utf-16-be"),
            ("cp1252", "cp1252"),
        ],
        ids=["utf8", "utf8-bom", "utf16-le-bom", "utf16-be-bom", "utf16-le", "utf16-be", "cp1252"],
    )
    def test_every_encoding_reads_the_same(self, tmp_path, encoding, reported):
        """UTF-8 (BOM or not), UTF-16 in both byte orders (BOM or not) and cp1252 read alike."""
        text = HEADER + ROW
        if encoding == "utf-16-be-bom":
            raw = b"\xfe\xff" + text.encode("utf-16-be")
        else:
            raw = text.encode(encoding)
        path = tmp_path / "crm.csv"
        path.write_bytes(raw)
        loaded = read_accounts(path)
        assert (["Nestlé S.A."], reported) == ([a.name for a in loaded], loaded.report.encoding)
        assert () == loaded.report.issues

    def test_spreadsheet_unicode_text(self, tmp_path):
        """A spreadsheet's "Unicode text" (UTF-16 LE with BOM, TAB-delimited) reads."""
        text = "id\tname\twebsite\tstage\r\n7\tSociété Générale\tsocietegenerale.com\tlead\r\n"
        path = tmp_path / "crm.txt"
        path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
        [account] = read_accounts(path)
        assert ("7", "Société Générale", "societegenerale.com") == (
            account.id,
            account.name,
            account.website,
        )

    def test_bom_less_utf16_is_announced(self, tmp_path):
        """UTF-16 without a byte order mark is detected and the note says so."""
        path = tmp_path / "crm.csv"
        path.write_bytes((HEADER + ROW).encode("utf-16-le"))
        assert "UTF-16-LE (no byte order mark)" in read_accounts(path).report.notes[0]

    def test_stream_with_a_bom_header(self):
        """A text stream whose first header still carries a BOM reads the id column."""
        [account] = read_accounts(io.StringIO("\ufeff" + HEADER + ROW), name="s.csv")
        assert "1" == account.id


HEADER4 = "id,name,domain,stage\n"


class TestEastAsianEncodings:
    @pytest.mark.parametrize(
        ("encoding", "names", "reported", "said"),
        [
            ("cp932", ["トヨタ自動車株式会社", "三菱商事株式会社"], "cp932", "Shift-JIS (cp932)"),
            ("cp932", ["ソニー"], "cp932", "Shift-JIS (cp932)"),
            ("euc_jp", ["トヨタ自動車株式会社", "ソニーグループ"], "euc_jp", "EUC-JP"),
            ("gbk", ["阿里巴巴集团控股有限公司", "腾讯控股有限公司"], "gb18030", "GBK/GB18030"),
            ("gb18030", ["华为技术有限公司"], "gb18030", "GBK/GB18030"),
            ("big5", ["台灣積體電路製造股份有限公司", "鴻海精密工業"], "big5", "Big5"),
            ("euc_kr", ["삼성전자 주식회사", "현대자동차"], "cp949", "EUC-KR (cp949)"),
            ("cp949", ["엘지전자"], "cp949", "EUC-KR (cp949)"),
        ],
        ids=[
            "shift-jis",
            "shift-jis-katakana",
            "euc-jp",
            "gbk",
            "gb18030",
            "big5",
            "euc-kr",
            "cp949",
        ],
    )
    def test_read_in_their_encoding_with_a_note(self, tmp_path, encoding, names, reported, said):
        """A CSV file in a legacy East Asian encoding reads its names, with a note naming it."""
        rows = "".join(f"{i},{n},d{i}.com,lead\n" for i, n in enumerate(names, start=1))
        path = tmp_path / "crm.csv"
        path.write_bytes((HEADER4 + rows).encode(encoding))
        loaded = read_accounts(path)
        assert (names, reported) == ([a.name for a in loaded], loaded.report.encoding)
        assert (f"{path}: not valid UTF-8; read as {said}, check the names",) == (
            loaded.report.notes
        )

    @pytest.mark.parametrize(
        "names",
        [
            ["Société Générale", "Café"],
            ["Müller GmbH", "Nestlé"],
            ["Ærøskøbing ÅÄÖ"],
            ["“Smart” – Co™ €5"],
            ["ÀÉÎÕÜ GmbH"],
            ["3×4 Œuvre"],
        ],
        ids=["french", "german", "nordic", "punctuation", "capitals", "signs"],
    )
    def test_western_text_stays_cp1252(self, tmp_path, names):
        """Western text that is not UTF-8 is still read as Windows-1252."""
        rows = "".join(f"{i},{n},d{i}.com,lead\n" for i, n in enumerate(names, start=1))
        path = tmp_path / "crm.csv"
        path.write_bytes((HEADER4 + rows).encode("cp1252"))
        loaded = read_accounts(path)
        assert (names, "cp1252") == ([a.name for a in loaded], loaded.report.encoding)

    @pytest.mark.parametrize(
        ("encoding", "names"),
        [
            ("cp932", ["トヨタ自動車株式会社", "ソニーグループ株式会社"]),
            ("gbk", ["华为技术有限公司", "腾讯控股有限公司"]),
            ("big5", ["鴻海精密工業股份有限公司"]),
            ("euc_kr", ["삼성전자 주식회사"]),
        ],
        ids=["shift-jis", "gbk", "big5", "euc-kr"],
    )
    def test_a_few_names_in_a_long_latin_list(self, tmp_path, encoding, names):
        """A few East Asian names among thousands of Latin ones still decide the encoding."""
        rows = [f"{i},Company {i} Inc,c{i}.com,lead\n" for i in range(3000)]
        for place, name in zip((700, 2900), names, strict=False):
            rows[place] = f"{place},{name},c{place}.com,lead\n"
        path = tmp_path / "crm.csv"
        path.write_bytes((HEADER4 + "".join(rows)).encode(encoding))
        loaded = read_accounts(path)
        found = [a.name for a in loaded if not a.name.isascii()]
        assert (names, 3000) == (found, len(loaded))

    @pytest.mark.parametrize(
        ("encoding", "name"),
        [
            ("cp1251", "ООО Ромашка"),
            ("koi8_r", "ПАО Газпром"),
            ("cp1253", "Ελληνικά Πετρέλαια ΑΕ"),
            ("cp1255", "בנק לאומי"),
        ],
        ids=["cp1251", "koi8-r", "greek", "hebrew"],
    )
    def test_other_single_byte_scripts_are_not_taken_for_east_asian(self, tmp_path, encoding, name):
        """Cyrillic, Greek or Hebrew bytes keep today's Windows-1252 reading, never an East Asian one."""
        path = tmp_path / "crm.csv"
        path.write_bytes((HEADER4 + f"1,{name},x.com,lead\n").encode(encoding))
        assert "cp1252" == read_accounts(path).report.encoding

    @pytest.mark.parametrize(
        "raw",
        [
            b"\xff\xfe\x00\x00" + (HEADER4 + "1,Nestlé,n.com,lead\n").encode("utf-32-le"),
            b"\x00\x00\xfe\xff" + (HEADER4 + "1,Nestlé,n.com,lead\n").encode("utf-32-be"),
        ],
        ids=["le", "be"],
    )
    def test_utf32_with_bom_reads(self, tmp_path, raw):
        """UTF-32 with a byte order mark, in either byte order, is read."""
        path = tmp_path / "crm.csv"
        path.write_bytes(raw)
        loaded = read_accounts(path)
        assert (["Nestlé"], "utf-32") == ([a.name for a in loaded], loaded.report.encoding)

    @pytest.mark.parametrize("encoding", ["utf-32-le", "utf-32-be"], ids=str)
    def test_utf32_without_bom_is_named(self, tmp_path, encoding):
        """UTF-32 without a byte order mark is an input error that says it looks like UTF-32."""
        path = tmp_path / "crm.csv"
        path.write_bytes((HEADER4 + "1,Acme,acme.com,lead\n").encode(encoding))
        with pytest.raises(InputError) as info:
            read_accounts(path)
        expected = (
            f"{path}: looks like UTF-32 text without a byte order mark; save it as UTF-8 "
            "(or UTF-32 with a byte order mark)"
        )
        assert expected == str(info.value)


class TestBinaryStreams:
    @pytest.mark.parametrize(
        ("raw", "encoding"),
        [
            ((HEADER4 + "1,Nestlé,n.com,lead\n").encode("utf-8"), "utf-8"),
            ((HEADER4 + "1,Nestlé,n.com,lead\n").encode("utf-8-sig"), "utf-8"),
            ((HEADER4 + "1,Nestlé,n.com,lead\n").encode("utf-16"), "utf-16"),
            ((HEADER4 + "1,Nestlé,n.com,lead\n").encode("cp1252"), "cp1252"),
        ],
        ids=["utf8", "utf8-bom", "utf16", "cp1252"],
    )
    def test_bytes_decode_as_a_file_does(self, tmp_path, raw, encoding):
        """A binary stream reads the same accounts, encoding and notes as the file of its bytes."""
        path = tmp_path / "crm.csv"
        path.write_bytes(raw)
        from_file = read_accounts(path, name="up.csv")
        from_stream = read_accounts(io.BytesIO(raw), name="up.csv")
        assert (list(from_file), from_file.report) == (list(from_stream), from_stream.report)
        assert encoding == from_stream.report.encoding

    def test_file_opened_in_binary_mode(self, tmp_path):
        """A file opened 'rb' is read, its name used in messages."""
        path = tmp_path / "crm.csv"
        path.write_bytes((HEADER4 + "1,トヨタ,toyota.jp,lead\n").encode("cp932"))
        with path.open("rb") as stream:
            loaded = read_accounts(stream)
        assert (["トヨタ"], "cp932") == ([a.name for a in loaded], loaded.report.encoding)
        assert str(path) == loaded.report.file

    def test_binary_stream_of_a_workbook_is_refused(self):
        """Binary stream bytes are checked like a file's: an Excel workbook is an input error."""
        with pytest.raises(InputError, match="Excel workbook"):
            read_accounts(io.BytesIO(b"PK\x03\x04\x14\x00\x06\x00"), name="up.csv")

    def test_jsonl_binary_stream(self):
        """JSON Lines from a binary stream read as UTF-8 (with or without BOM)."""
        raw = '\ufeff{"id": 1, "name": "Nestlé", "stage": "lead"}\n'.encode()
        loaded = read_accounts_jsonl(io.BytesIO(raw), name="up.jsonl")
        assert [("1", "Nestlé")] == [(a.id, a.name) for a in loaded]

    def test_jsonl_binary_stream_not_utf8(self):
        """JSON Lines bytes that are not UTF-8 are an input error naming the stream."""
        with pytest.raises(InputError, match=r"up\.jsonl: JSON Lines must be UTF-8"):
            read_accounts_jsonl(
                io.BytesIO('{"name": "Nestlé"}\n'.encode("cp1252")), name="up.jsonl"
            )


class TestDelimiters:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ('id;name;domain;stage\n1;"Acme; Inc.";acme.com;lead\n', ("Acme; Inc.", "acme.com")),
            (
                'id,name,domain,stage\n1,"Acme; Inc, Ltd",acme.com,lead\n',
                ("Acme; Inc, Ltd", "acme.com"),
            ),
            (
                "id\tname\tdomain\tstage\n1\tAcme, Inc.\tacme.com\tlead\n",
                ("Acme, Inc.", "acme.com"),
            ),
            ("id|name|domain|stage\n1|Acme, Inc.|acme.com|lead\n", ("Acme, Inc.", "acme.com")),
            (
                "id;name;domain;stage\n1;Acme, Inc.;acme.com;lead\n2;B;b.com;lead\n",
                ("Acme, Inc.", "acme.com"),
            ),
            ("\n\nid,name,domain,stage\n\n1,Acme,acme.com,lead\n", ("Acme", "acme.com")),
        ],
        ids=[
            "semicolon-quoted",
            "comma-quoted",
            "tab",
            "pipe",
            "semicolon-commas",
            "leading-blank-lines",
        ],
    )
    def test_sniffing(self, tmp_path, text, expected):
        """The delimiter is found even when quoted cells hold other delimiters."""
        [account] = read_accounts(write(tmp_path, text))[:1]
        assert expected == (account.name, account.website)

    def test_header_only(self, tmp_path):
        """A header with no rows loads nothing and says so."""
        loaded = read_accounts(write(tmp_path, "id;name;domain;stage\n"))
        assert (0, 0) == (loaded.report.rows_read, len(loaded))
        assert "a header row but no accounts" in loaded.report.notes[-1]

    def test_single_column(self, tmp_path):
        """A one-column file names the missing columns."""
        with pytest.raises(SchemaError, match=r"missing required column\(s\) id, stage"):
            read_accounts(write(tmp_path, "name\nAcme, Inc.\nGlobex\n"))

    def test_trailing_empty_cells(self, tmp_path):
        """Empty cells past the header's width (as spreadsheets write them) are not a problem."""
        loaded = read_accounts(write(tmp_path, "id,name,stage\n1,Acme,lead,,\n"))
        assert (1, ()) == (len(loaded), loaded.report.issues)


def _issue_of(tmp_path, content, *, binary=False):
    path = tmp_path / "bad.csv"
    if binary:
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return read_accounts(path)


class TestMalformedFiles:
    @pytest.mark.parametrize(
        ("content", "text"),
        [
            (b"", "the file is empty"),
            (b" \n\r\n\t\n", "the file is empty"),
            (
                b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",
                "looks like an Excel workbook (.xlsx)",
            ),
            (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "Excel 97-2003 workbook (.xls)"),
            (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "is a PDF document"),
            (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip-compressed"),
            (
                b"<html><body><table><tr><td>Account Name</td></tr></table>",
                "is an HTML or XML page",
            ),
            (bytes(range(256)) * 8, "binary data, not a CSV text file"),
            (
                b"1,Acme,acme.com,lead\n2,Globex,globex.com,customer\n",
                "line 1 does not look like a header row",
            ),
            (b'id,"name,domain,stage\n1,Acme,acme.com,lead\n', "not a readable CSV header"),
        ],
        ids=[
            "empty",
            "whitespace",
            "xlsx",
            "xls",
            "pdf",
            "gzip",
            "html",
            "binary",
            "no-header",
            "header-quote",
        ],
    )
    def test_file_level_problems(self, tmp_path, content, text):
        """Each kind of unusable file raises one clear error naming the file."""
        with pytest.raises(InputError) as info:
            _issue_of(tmp_path, content, binary=True)
        assert text in str(info.value)
        assert str(tmp_path / "bad.csv") in str(info.value)

    def test_unterminated_quote(self, tmp_path):
        """A quote left open is reported on the line where it opened, not at the end of the file."""
        loaded = _issue_of(
            tmp_path,
            HEADER
            + "1,Acme,acme.com,lead,,,\n"
            + '2,"Globex,globex.com,customer,,,\n'
            + "3,Initech,initech.com,lead,,,\n4,Umbrella,umbrella.com,lead,,,\n",
        )
        assert ["1"] == [a.id for a in loaded]
        [issue] = loaded.report.issues
        assert (3, "(row)") == (issue.line, issue.field)
        assert "opened on line 3 is never closed" in issue.reason
        assert "lines 3-5" in issue.reason

    def test_stray_quote_inside_a_field(self, tmp_path):
        """Text after a closing quote is a malformed row; reading goes on with the next line."""
        loaded = _issue_of(
            tmp_path, HEADER + '1,"Acme" Inc,acme.com,lead,,,\n2,Globex,globex.com,lead,,,\n'
        )
        assert ["2"] == [a.id for a in loaded]
        assert [(2, "(row)")] == [(i.line, i.field) for i in loaded.report.issues]
        assert "malformed CSV" in loaded.report.issues[0].reason

    def test_ten_megabyte_field(self, tmp_path):
        """A 10 MB field is reported (row kept when it is an unused column) and reading goes on."""
        huge = "x" * (10 * 1024 * 1024)
        loaded = _issue_of(
            tmp_path,
            "id,name,stage,notes\n"
            + f"1,Acme,lead,{huge}\n"
            + f'2,"{huge}",lead,\n'
            + "3,Globex,customer,ok\n",
        )
        assert [("1", ()), ("3", (("notes", "ok"),))] == [(a.id, a.extra) for a in loaded]
        assert [(2, "notes", "warning"), (3, "name", "error")] == [
            (i.line, i.field, i.severity) for i in loaded.report.issues
        ]
        assert "over the limit of 131072" in loaded.report.issues[1].reason
        assert 131072 == csv.field_size_limit()  # the module-wide limit is restored

    def test_nul_bytes(self, tmp_path):
        """A row with NUL bytes is rejected and reported; the other rows load."""
        path = tmp_path / "bad.csv"
        path.write_bytes(
            (HEADER + "1,Ac\x00me,acme.com,lead,,,\n2,Globex,globex.com,lead,,,\n").encode()
        )
        loaded = read_accounts(path)
        assert ["2"] == [a.id for a in loaded]
        assert [(2, "name", "contains NUL bytes (binary data)")] == [
            (i.line, i.field, i.reason) for i in loaded.report.issues
        ]

    def test_ragged_rows_both_ways(self, tmp_path):
        """Rows with too few or too many cells are reported with both counts."""
        loaded = _issue_of(tmp_path, "id,name,stage\n1,Acme\n2,Globex,lead,extra\n3,Initech,lead\n")
        assert ["3"] == [a.id for a in loaded]
        assert [
            "expected 3 cells as in the header, found 2",
            "expected 3 cells as in the header, found 4",
        ] == [i.reason for i in loaded.report.issues]


class TestStrict:
    def test_strict_stops_at_the_first_problem(self, tmp_path):
        """With strict=True a malformed row raises at once, as an InputError with that issue."""
        path = write(tmp_path, HEADER + '1,"Acme" Inc,acme.com,lead,,,\n2,,x.com,lead,,,\n')
        with pytest.raises(InputError) as info:
            read_accounts(path, strict=True)
        assert not isinstance(info.value, UnknownStageError)
        assert [(2, "(row)")] == [(i.line, i.field) for i in info.value.issues]
        assert str(info.value).startswith(f"{path}:2: (row): malformed CSV")

    def test_strict_counts_warnings(self, tmp_path):
        """A warning (an unreadable amount) is a problem too under strict=True."""
        with pytest.raises(InputError, match="amount"):
            read_accounts(write(tmp_path, HEADER + "1,Acme,acme.com,lead,,,lots\n"), strict=True)

    def test_strict_passes_a_clean_file(self, tmp_path):
        """A clean file loads the same with strict=True."""
        assert 1 == len(read_accounts(write(tmp_path, HEADER + ROW), strict=True))


GOOD = st.builds(
    lambda n, stage: f"{n},Company {n},company{n}.com,{stage},,,",
    st.integers(min_value=0, max_value=10**6),
    st.sampled_from(["customer", "Opportunity", " lead "]),
)
BAD = st.sampled_from(
    [
        ",Blank Id,x.com,lead,,,",
        "{n},,x.com,lead,,,",
        "{n},No Stage,x.com,,,,",
        "{n},Bad Stage,x.com,prospect,,,",
        "{n},Too Few",
        "{n},Too,Many,Cells,lead,,,,x",
        '{n},"Quote" after,x.com,lead,,,',
    ]
)


class TestCountsAddUp:
    @given(st.lists(st.tuples(st.booleans(), GOOD, BAD), max_size=30))
    def test_rows_read_is_loaded_plus_rejected(self, mix):
        """Over any mix of good and bad rows, every row is loaded or reported, never both."""
        lines, expected_good = [], 0
        for number, (good, good_row, bad_row) in enumerate(mix):
            if good:
                lines.append(good_row.replace(good_row.split(",")[0], f"g{number}", 1))
                expected_good += 1
            else:
                lines.append(bad_row.format(n=f"b{number}"))
        text = HEADER + "".join(line + "\n" for line in lines)
        loaded = read_accounts(io.StringIO(text), name="mix.csv")
        report = loaded.report
        assert (len(mix), expected_good) == (report.rows_read, report.rows_loaded)
        assert report.rows_read == report.rows_loaded + report.rows_rejected
        rejected_lines = {i.line for i in report.issues if i.severity == "error"}
        assert report.rows_rejected == len(rejected_lines)


class TestJsonLines:
    @pytest.mark.parametrize("text", ["", "\n  \n\n"], ids=["empty", "blank-lines"])
    def test_an_empty_file_loads_nothing_with_a_note(self, tmp_path, text):
        """An empty JSON Lines file is a list of no accounts, and the report says so.

        Found in a user test: it loaded nothing without a word (a CSV file with a header
        and no rows gets a note too).
        """
        path = tmp_path / "crm.jsonl"
        path.write_text(text, encoding="utf-8")
        loaded = read_accounts_jsonl(path)
        assert (0, 0) == (len(loaded), loaded.report.rows_read)
        assert (f"{path}: no accounts (the file is empty)",) == loaded.report.notes

    def test_reads_objects_and_reports_bad_lines(self, tmp_path):
        """Each object line becomes an account; bad lines are reported with their numbers."""
        path = tmp_path / "crm.jsonl"
        path.write_text(
            '{"id": "A1", "name": "Adobe Inc.", "website": "adobe.com", "stage": "customer",'
            ' "owner_name": "Ann Lee", "amount": 12500, "industry": "Software"}\n'
            "\n"
            '{"id": 2, "name": "Intel", "stage": "prospect"}\n'
            "not json\n"
            '["a list"]\n'
            '{"id": 3, "name": {"nested": true}, "stage": "lead"}\n'
            '{"id": 4, "name": "Cisco", "stage": "lead", "extra": {"tier": 1}}\n',
            encoding="utf-8",
        )
        loaded = read_accounts_jsonl(path)
        assert [
            ("A1", "adobe.com", 12500.0, (("industry", "Software"),)),
            ("4", None, None, (("tier", "1"),)),
        ] == [(a.id, a.website, a.amount, a.extra) for a in loaded]
        assert [(3, "stage"), (4, "(line)"), (5, "(line)"), (6, "(line)")] == [
            (i.line, i.field) for i in loaded.report.issues
        ]
        assert (6, 2) == (loaded.report.rows_read, loaded.report.rows_loaded)

    def test_strict(self, tmp_path):
        """strict=True raises on the first bad line."""
        with pytest.raises(InputError, match=r"crm.jsonl:1: \(line\): not valid JSON"):
            read_accounts_jsonl(io.StringIO("{oops\n"), name="crm.jsonl", strict=True)

    def test_not_utf8(self, tmp_path):
        """JSON Lines that are not UTF-8 are a file-level error."""
        path = tmp_path / "crm.jsonl"
        path.write_bytes('{"name": "Nestlé"}\n'.encode("cp1252"))
        with pytest.raises(InputError, match="must be UTF-8"):
            read_accounts_jsonl(path)

    @given(st.lists(ACCOUNTS, max_size=8, unique_by=lambda a: a.id))
    def test_round_trip(self, accounts):
        """write_accounts_jsonl then read_accounts_jsonl gives back the same accounts."""
        buffer = io.StringIO()
        assert len(accounts) == write_accounts_jsonl(accounts, buffer)
        loaded = read_accounts_jsonl(io.StringIO(buffer.getvalue()))
        errors = tuple(i for i in loaded.report.issues if i.severity == "error")
        assert (tuple(accounts), ()) == (loaded.accounts, errors)

    def test_overlaps_jsonl(self, tmp_path):
        """write_overlaps_jsonl writes one JSON object per overlap, with our account first."""
        from cocorev import map_accounts
        from cocorev.testing import make_account

        ours = [make_account("Adobe Inc.", website="adobe.com", id="1", stage="opportunity")]
        amap = map_accounts(ours, {"P": [make_account("Adobe", website="www.adobe.com", id="p")]})
        path = tmp_path / "overlaps.jsonl"
        assert 1 == write_overlaps_jsonl(amap, path)
        [record] = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        assert ("1", "P", "p", "accelerate") == (
            record["account_id"],
            record["partner"],
            record["partner_account_id"],
            record["play"],
        )


class TestColumnsResolution:
    def test_default_spellings_take_the_first_column_only(self, tmp_path):
        """With both 'domain' and 'website', domain is read and website stays an extra field."""
        [account] = read_accounts(
            write(tmp_path, "id,name,domain,website,stage\n1,Acme,,https://acme.com,lead\n")
        )
        assert (None, (("website", "https://acme.com"),)) == (account.website, account.extra)

    def test_contacts_export_is_noted(self, tmp_path):
        """A file with contact columns loads, with a note that companies are expected."""
        text = "Record ID,First Name,Last Name,Email,Company name,Lifecycle Stage\n7,Ann,Lee,ann@x.com,Acme,lead\n"
        loaded = read_accounts(write(tmp_path, text))
        assert any("has contact columns" in n for n in loaded.report.notes)

    def test_bad_stage_map(self, tmp_path):
        """A stage map with a value that is not a stage is a configuration error."""
        from cocorev.errors import ConfigError

        with pytest.raises(ConfigError, match="stage map"):
            read_accounts(write(tmp_path, HEADER + ROW), stage_map={"won": "closed"})

    @pytest.mark.parametrize(
        ("columns", "expected"),
        [
            (
                {"name": "Company"},
                "crm.csv: the mapped header 'Company' (for field name) is not in the file; "
                "found 'id', 'name', 'domain', 'stage'. Map each field to one of these headers.",
            ),
            (
                {"name": "Company", "id": "Record"},
                "crm.csv: the mapped headers 'Record' (for field id), 'Company' (for field name) "
                "are not in the file; found 'id', 'name', 'domain', 'stage'. "
                "Map each field to one of these headers.",
            ),
        ],
        ids=["one", "two"],
    )
    def test_mapped_header_not_in_the_file(self, tmp_path, columns, expected):
        """A column mapping naming a header the file lacks says so and lists the headers."""
        path = tmp_path / "crm.csv"
        path.write_text("id,name,domain,stage\n1,Acme,acme.com,lead\n", encoding="utf-8")
        with pytest.raises(SchemaError) as info:
            read_accounts(path, columns=columns, name="crm.csv")
        assert expected == str(info.value)

    def test_html_with_a_bom(self, tmp_path):
        """An HTML page saved with a UTF-8 BOM is still recognised as HTML."""
        path = tmp_path / "report.xls"
        path.write_bytes(b"\xef\xbb\xbf<html><table><tr><td>Account Name</td></tr></table></html>")
        with pytest.raises(InputError, match="HTML"):
            read_accounts(path)


class TestAmounts:
    @pytest.mark.parametrize(
        ("text", "amount"),
        [
            ("12,500", 12500.0),
            ("$12500.50", 12500.5),
            ("40.000,00", 40000.0),
            ("1.234.567", 1234567.0),
            ("1,5", 1.5),
            ("1.875", 1.875),
            ("USD 1200", 1200.0),
            ("€1.234", None),
        ],
        ids=[
            "us-thousands",
            "dollar",
            "european",
            "dots",
            "decimal-comma",
            "plain",
            "currency-code",
            "ambiguous",
        ],
    )
    def test_amount_shapes(self, tmp_path, text, amount):
        """Amounts in US and European notation are read; an ambiguous one is reported, never guessed."""
        loaded = read_accounts(write(tmp_path, HEADER + f'1,Acme,acme.com,customer,,,"{text}"\n'))
        assert [amount] == [a.amount for a in loaded]
        assert (amount is None) == bool(loaded.report.issues)


class TestUnusableWebsites:
    @pytest.mark.parametrize("website", ["n/a", "TBD", "http://", "192.168.1.1", "cisco"], ids=str)
    def test_a_website_with_no_domain_is_a_warning(self, tmp_path, website):
        """A website field that gives no company domain keeps the row and says it matches by name only."""
        loaded = read_accounts(write(tmp_path, HEADER + f"1,Cisco,{website},customer,,,\n"))
        assert ["1"] == [a.id for a in loaded]
        [issue] = loaded.report.issues
        assert ("domain", "warning") == (issue.field, issue.severity)
        assert "matches by name only" in issue.reason


class TestPlaceholderIds:
    def test_a_placeholder_id_is_kept_and_reported(self, tmp_path):
        """An id cell of "N/A" stays on the account; a warning says it never matches."""
        path = write(tmp_path, "id,name,stage,duns\n1,Acme,customer,N/A\n2,Beta,lead,150483782\n")
        loaded = read_accounts(path)
        assert [(("duns", "N/A"),), (("duns", "150483782"),)] == [a.identifiers for a in loaded]
        [issue] = loaded.report.issues
        assert (str(path), 2, "duns", "N/A", "warning") == (
            issue.file,
            issue.line,
            issue.field,
            issue.value,
            issue.severity,
        )
        assert "placeholder" in issue.reason


class TestWorkers:
    @given(
        st.lists(
            st.tuples(st.booleans(), GOOD, BAD, st.integers(min_value=0, max_value=5)),
            min_size=1,
            max_size=40,
        )
    )
    def test_processes_read_exactly_what_one_reads(self, mix):
        """Read on two processes, any mix of rows (duplicate ids too) gives the same result."""
        import cocorev.io

        lines = []
        for number, (good, good_row, bad_row, twin) in enumerate(mix):
            # Ids repeat (twin < 2), so duplicates cross the chunks the workers get.
            row_id = f"r{twin}" if twin < 2 else f"r{number}"
            row = good_row if good else bad_row.format(n=row_id)
            lines.append(row.replace(row.split(",")[0], row_id, 1) if good else row)
        text = HEADER + "".join(line + "\n" for line in lines)
        one = read_accounts(io.StringIO(text), name="mix.csv")
        limit = cocorev.io._PARALLEL_ROWS
        cocorev.io._PARALLEL_ROWS = 2
        try:
            two = read_accounts(io.StringIO(text), name="mix.csv", workers=2)
        finally:
            cocorev.io._PARALLEL_ROWS = limit
        assert one.accounts == two.accounts
        assert one.report == two.report

    def test_a_duplicate_in_another_chunk_is_reported(self, tmp_path, monkeypatch):
        """An id first seen by one worker and repeated in another's rows is a duplicate."""
        import cocorev.io

        monkeypatch.setattr(cocorev.io, "_PARALLEL_ROWS", 2)
        rows = [f"{n},Company {n},c{n}.com,lead,,,\n" for n in range(1, 40)]
        rows.append("7,Company Seven Again,,lead,,,\n")
        loaded = read_accounts(write(tmp_path, HEADER + "".join(rows)), workers=2)
        assert 39 == len(loaded)
        expected = [(41, "id", "duplicate id '7' (first on line 8)")]
        assert expected == [(i.line, i.field, i.reason) for i in loaded.report.issues]


class TestWorkersOption:
    @pytest.mark.parametrize("workers", [0, -3, True, 2.5, "2"], ids=repr)
    def test_bad_worker_counts(self, tmp_path, workers):
        """A worker count that is not a whole number of at least 1 is a ConfigError."""
        from cocorev.errors import ConfigError

        with pytest.raises(ConfigError, match="workers must be a whole number of at least 1"):
            read_accounts(write(tmp_path, HEADER + ROW), workers=workers)
