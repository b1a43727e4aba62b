"""The cocorev command line: output, files and exit codes."""

from __future__ import annotations

import argparse
import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from cocorev.cli import main

OURS = (
    "id,name,domain,stage,owner_name,owner_email,amount\n"
    "1,Acme Inc.,acme.com,opportunity,Ann,ann@us.example,5000\n"
    "2,Globex,globex.com,customer,Bo,bo@us.example,\n"
    "3,Initech LLC,,lead,,,\n"
    "4,Umbrella,umbrella.com,customer,,,\n"
)
PARTNER = (
    "id,name,website,stage,owner_name,owner_email\n"
    "a,ACME,https://www.acme.com/x,customer,Ann Lee,ann@p.example\n"
    "b,Globex Corporation,,opportunity,Bob,bob@p.example\n"
    "c,Initech,,customer,Cy,cy@p.example\n"
)


@pytest.fixture
def files(tmp_path):
    (tmp_path / "ours.csv").write_text(OURS, encoding="utf-8")
    (tmp_path / "p.csv").write_text(PARTNER, encoding="utf-8")
    return tmp_path


class TestMap:
    def test_prints_cards_and_writes_files(self, files, capsys):
        """map prints the four cards and writes overlaps, summaries (CSV and JSON)."""
        out = files / "out"
        code = main(
            [
                "map",
                str(files / "ours.csv"),
                "--partner",
                f"Pico={files / 'p.csv'}",
                "--out",
                str(out),
            ]
        )
        printed = capsys.readouterr().out
        assert 0 == code
        assert "Accelerate Opportunities: 1 account(s)" in printed
        assert "Generate Opportunities: 1 account(s)" in printed
        with (out / "overlaps.csv").open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert [("1", "a", "accelerate"), ("2", "b", "expansion"), ("3", "c", "generate")] == [
            (r["account_id"], r["partner_account_id"], r["play"]) for r in rows
        ]
        data = json.loads((out / "summaries.json").read_text(encoding="utf-8"))
        assert ["1", "2", "3"] == [d["account_id"] for d in data]
        assert {"name": "Ann Lee", "email": "ann@p.example"} == data[0]["owner"]
        assert data[2]["owner"] is None

    def test_problem_rows_go_to_stderr_and_problems_csv(self, files, capsys):
        """Row problems are printed as file:line: field: reason and written to problems.csv."""
        (files / "ours.csv").write_text(OURS + "5,,x.com,lead,,,\n", encoding="utf-8")
        code = main(
            [
                "map",
                str(files / "ours.csv"),
                "--partner",
                f"P={files / 'p.csv'}",
                "--out",
                str(files / "o"),
            ]
        )
        err = capsys.readouterr().err
        assert 0 == code
        assert f"{files / 'ours.csv'}:6: name: blank company name" in err
        assert "blank company name" in (files / "o" / "problems.csv").read_text(encoding="utf-8")

    def test_problems_csv_cells_never_run_as_formulas(self, files, capsys):
        """Values of problem rows that a spreadsheet would run as formulas are written quoted."""
        (files / "ours.csv").write_text(
            OURS + "5,Acme,acme.com,=1+2,,,\n6,Beta,beta.com,lead,,,@SUM(1+1)\n", encoding="utf-8"
        )
        out = files / "o"
        assert 0 == main(
            ["map", str(files / "ours.csv"), "--partner", f"P={files / 'p.csv'}", "--out", str(out)]
        )
        with (out / "problems.csv").open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert [("stage", "'=1+2"), ("amount", "'@SUM(1+1)")] == [
            (r["field"], r["value"]) for r in rows
        ]
        assert all(not r["reason"].startswith(("=", "+", "-", "@")) for r in rows)

    def test_strict_turns_problems_into_exit_1(self, files, capsys):
        """With --strict a problem row fails the run with exit 1 and one line."""
        (files / "ours.csv").write_text(OURS + "5,,x.com,lead,,,\n", encoding="utf-8")
        code = main(
            ["map", str(files / "ours.csv"), "--partner", f"P={files / 'p.csv'}", "--strict"]
        )
        assert 1 == code
        assert "blank company name" in capsys.readouterr().err

    @pytest.mark.parametrize(
        ("setup", "message"),
        [
            (lambda d: None, "no such file"),
            (
                lambda d: (d / "missing.csv").write_text("id,name\n1,Acme\n"),
                "missing required column(s)",
            ),
            (lambda d: (d / "missing.csv").write_text(""), "empty"),
        ],
        ids=["no-file", "missing-columns", "empty"],
    )
    def test_bad_files_exit_1(self, files, capsys, setup, message):
        """A file-level problem exits 1 with a one-line reason naming the file."""
        setup(files)
        name = "missing.csv"
        code = main(["map", str(files / name), "--partner", f"P={files / 'p.csv'}"])
        err = capsys.readouterr().err
        assert 1 == code
        assert message in err
        assert name in err
        assert 1 == len(err.strip().splitlines())

    @pytest.mark.parametrize(
        "partner", ["gone.csv", ".", "empty.csv"], ids=["no-file", "folder", "empty"]
    )
    def test_a_missing_partner_file_stops_before_any_is_read(self, files, capsys, partner):
        """A partner file that is not there exits 1 with its one line, not after our
        file's report (user test: twelve lines, the last naming the missing file)."""
        (files / "ours.csv").write_text(OURS + "5,,x.com,lead,,,\n", encoding="utf-8")
        (files / "empty.csv").write_bytes(b"")
        code = main(["map", str(files / "ours.csv"), "--partner", f"P={files / partner}"])
        err = capsys.readouterr().err
        assert 1 == code
        [line] = err.splitlines()
        assert str(files / partner) in line
        assert line.endswith(("no such file", "is a folder, not a CSV file", "and accounts"))

    def test_an_empty_json_lines_file_is_noted(self, files, capsys):
        """An empty .jsonl file maps no accounts and says so on stderr (user test)."""
        (files / "none.jsonl").write_text("\n \n", encoding="utf-8")
        code = main(["map", str(files / "none.jsonl"), "--partner", f"P={files / 'p.csv'}"])
        assert 0 == code
        assert "none.jsonl: no accounts (the file is empty)" in capsys.readouterr().err

    @pytest.mark.parametrize("value", ["abc", "1.5", "0", "-2"])
    def test_bad_worker_counts_are_usage_errors(self, files, capsys, value):
        """A worker count that is no whole number >= 1 is a usage error saying so.

        Found in a user test: "abc" printed argparse's "invalid _positive value".
        """
        argv = ["map", str(files / "ours.csv"), "--partner", f"P={files / 'p.csv'}"]
        with pytest.raises(SystemExit) as info:
            main([*argv, "--workers", value])
        assert 2 == info.value.code
        err = capsys.readouterr().err
        assert f"expected a whole number >= 1, got '{value}'" in err
        assert "_positive" not in err

    @pytest.mark.parametrize(
        "argv",
        [["map", "ours.csv"], ["map", "ours.csv", "--partner", "nofile"], ["frobnicate"], []],
        ids=["no-partner", "bad-partner", "unknown-command", "nothing"],
    )
    def test_usage_errors_exit_2(self, argv, capsys):
        """Usage errors exit 2, as argparse does."""
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert 2 == info.value.code

    def test_duplicate_partner_name_exit_1(self, files, capsys):
        """Naming one partner twice is rejected."""
        p = files / "p.csv"
        assert 1 == main(
            ["map", str(files / "ours.csv"), "--partner", f"P={p}", "--partner", f"P={p}"]
        )

    def test_version(self, capsys):
        """--version prints the package version."""
        import cocorev

        with pytest.raises(SystemExit):
            main(["--version"])
        assert f"cocorev {cocorev.__version__}" == capsys.readouterr().out.strip()

    def test_module_entry_point(self, files):
        """python -m cocorev runs the same command line, with no traceback on bad input."""
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "cocorev",
                "map",
                str(files / "nope.csv"),
                "--partner",
                f"P={files / 'p.csv'}",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert 1 == done.returncode
        assert "Traceback" not in done.stderr


EXPORTS = Path(__file__).parent / "data" / "exports"


def run_map(files, *extra):
    return main(["map", str(files / "ours.csv"), "--partner", f"Pico={files / 'p.csv'}", *extra])


class TestFormats:
    def test_csv_on_stdout(self, files, capsys):
        """--format csv prints the overlaps as CSV that csv.DictReader reads."""
        assert 0 == run_map(files, "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
        assert [("1", "a", "accelerate"), ("2", "b", "expansion"), ("3", "c", "generate")] == [
            (r["account_id"], r["partner_account_id"], r["play"]) for r in rows
        ]

    def test_json_on_stdout(self, files, capsys):
        """--format json prints the summaries and playbook counts as one JSON document."""
        assert 0 == run_map(files, "--format", "json")
        data = json.loads(capsys.readouterr().out)
        assert {"expansion": 1, "accelerate": 1, "generate": 1, "partnership": 1} == data[
            "playbook"
        ]
        assert (4, ["Pico"], 3) == (data["accounts"], data["partners"], data["overlaps"])
        assert ["1", "2", "3"] == [s["account_id"] for s in data["summaries"]]

    def test_wrote_goes_to_stderr_for_machine_formats(self, files, capsys):
        """With --format json and --out, stdout stays pure JSON and 'wrote' goes to stderr."""
        assert 0 == run_map(files, "--format", "json", "--out", str(files / "o"))
        captured = capsys.readouterr()
        json.loads(captured.out)
        assert "cocorev: wrote" in captured.err

    def test_quiet(self, files, capsys):
        """--quiet prints nothing on stdout, but problem rows still go to stderr."""
        (files / "ours.csv").write_text(OURS + "5,,x.com,lead,,,\n", encoding="utf-8")
        assert 0 == run_map(files, "--quiet", "--out", str(files / "o"))
        captured = capsys.readouterr()
        assert "" == captured.out
        assert "blank company name" in captured.err
        assert (files / "o" / "overlaps.csv").exists()


class TestTerminalTables:
    def test_boxes_on_a_terminal(self, files, capsys, monkeypatch):
        """On a terminal each card is an aligned table drawn with light box lines."""
        monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
        assert 0 == run_map(files)
        out = capsys.readouterr().out
        assert "┌───┬" in out
        assert (
            "│ 1 │ Acme Inc. │ Opportunity │ $5,000 │ Pico    │ Customer    │ contact Ann Lee <ann@p.example> │"
            in out
        )
        tables, current = [], []
        for line in out.splitlines():
            if line.startswith(("┌", "│", "├", "└")):
                current.append(len(line))
            elif current:
                tables.append(current)
                current = []
        tables.append(current)
        assert 4 == len(tables)
        assert all(len(set(widths)) == 1 for widths in tables)  # every row aligned

    def test_plain_lines_when_piped(self, files, capsys, monkeypatch):
        """When stdout is not a terminal the cards are plain lines, with no box drawing."""
        monkeypatch.setattr(sys.stdout, "isatty", lambda: False)
        assert 0 == run_map(files)
        out = capsys.readouterr().out
        assert (
            "  1. Acme Inc. (Opportunity $5,000) - Pico: Customer; contact Ann Lee <ann@p.example>"
            in out
        )
        assert not any(ch in out for ch in "┌│└")

    def test_ascii_boxes_when_the_terminal_cannot_draw(self):
        """A terminal whose encoding lacks box characters gets ASCII boxes."""
        from cocorev.cli import _box_table

        raw = io.BytesIO()
        stream = io.TextIOWrapper(raw, encoding="ascii")
        _box_table(("#", "Account"), [("1", "Acme")], stream)
        stream.flush()
        assert (
            "+---+---------+\n| # | Account |\n+---+---------+\n| 1 | Acme    |\n+---+---------+\n"
            == raw.getvalue().decode("ascii")
        )


class TestPresetsAndColumns:
    def test_hubspot_against_salesforce_end_to_end(self, tmp_path, capsys):
        """A HubSpot export maps against a Salesforce export: both recognised, problems reported."""
        out = tmp_path / "out"
        code = main(
            [
                "map",
                str(EXPORTS / "hubspot-companies.csv"),
                "--partner",
                f"Contoso={EXPORTS / 'salesforce-accounts.csv'}",
                "--out",
                str(out),
            ]
        )
        captured = capsys.readouterr()
        assert 0 == code
        assert (
            "39 accounts of ours, 1 partner(s) (Contoso): 19 overlaps on 19 accounts."
            in captured.out
        )
        assert "looks like a HubSpot companies export" in captured.err
        assert "looks like a Salesforce accounts export" in captured.err
        assert "hubspot-companies.csv:12: Lifecycle Stage: unknown stage 'Other'" in captured.err
        with (out / "overlaps.csv").open(encoding="utf-8") as handle:
            rows = {r["account_name"]: r for r in csv.DictReader(handle)}
        assert ("Adobe Inc.", "accelerate", "Lucas Martin") == (
            rows["Adobe Inc."]["partner_account_name"],
            rows["Adobe Inc."]["play"],
            rows["Adobe Inc."]["owner_name"],
        )
        with (out / "problems.csv").open(encoding="utf-8") as handle:
            problems = list(csv.DictReader(handle))
        assert 5 == len(problems)

    def test_columns_apply_to_every_file(self, tmp_path, capsys):
        """--columns maps other header names in every file."""
        (tmp_path / "ours.csv").write_text(
            "Key,Company,Site,Status\n1,Adobe Inc.,adobe.com,customer\n", encoding="utf-8"
        )
        (tmp_path / "p.csv").write_text(
            "Key,Company,Site,Status\nx,Adobe,www.adobe.com,opportunity\n", encoding="utf-8"
        )
        code = main(
            [
                "map",
                str(tmp_path / "ours.csv"),
                "--partner",
                f"P={tmp_path / 'p.csv'}",
                "--columns",
                "id=Key,name=Company",
                "--columns",
                "domain=Site,stage=Status",
                "--format",
                "csv",
            ]
        )
        assert 0 == code
        [row] = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
        assert ("1", "x", "expansion") == (
            row["account_id"],
            row["partner_account_id"],
            row["play"],
        )

    def test_preset_option(self, tmp_path, capsys):
        """--preset names the export when the header alone is not recognised."""
        (tmp_path / "ours.csv").write_text(
            "Id,Name,Website,Type\n001A,Nvidia,nvidia.com,Prospect\n", encoding="utf-8"
        )
        (tmp_path / "p.csv").write_text(
            "Id,Name,Website,Type\n001B,NVIDIA,nvidia.com,Customer - Direct\n", encoding="utf-8"
        )
        argv = [
            "map",
            str(tmp_path / "ours.csv"),
            "--partner",
            f"P={tmp_path / 'p.csv'}",
            "--format",
            "json",
        ]
        assert 1 == main(argv)
        assert "missing required column(s) stage" in capsys.readouterr().err
        assert 0 == main([*argv, "--preset", "salesforce"])
        assert {"expansion": 0, "accelerate": 0, "generate": 1, "partnership": 0} == json.loads(
            capsys.readouterr().out
        )["playbook"]

    def test_json_lines_input(self, files, capsys):
        """A .jsonl file is read as JSON Lines."""
        (files / "p.jsonl").write_text(
            '{"id": "a", "name": "ACME", "website": "acme.com", "stage": "customer"}\n',
            encoding="utf-8",
        )
        assert 0 == main(
            [
                "map",
                str(files / "ours.csv"),
                "--partner",
                f"P={files / 'p.jsonl'}",
                "--format",
                "csv",
            ]
        )
        [row] = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
        assert ("1", "a") == (row["account_id"], row["partner_account_id"])

    @pytest.mark.parametrize(
        "value",
        ["name", "name=", "revenue=ARR", "=Company"],
        ids=["no-equals", "no-header", "unknown-field", "no-field"],
    )
    def test_bad_columns_are_usage_errors(self, files, capsys, value):
        """A malformed --columns value is a usage error (exit 2)."""
        with pytest.raises(SystemExit) as info:
            run_map(files, "--columns", value)
        assert 2 == info.value.code


def _subparsers():
    from cocorev.cli import _build_parser

    parser = _build_parser()
    [action] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return parser, action.choices


class TestHelp:
    def test_every_command_has_an_example(self):
        """Every registered command's --help carries at least one example invocation."""
        _, commands = _subparsers()
        missing = [
            name for name, sub in commands.items() if f"cocorev {name}" not in (sub.epilog or "")
        ]
        assert [] == missing
        assert {"map", "demo"} <= set(commands)

    @pytest.mark.parametrize(
        "argv", [["--help"], ["map", "--help"], ["demo", "--help"]], ids=["top", "map", "demo"]
    )
    def test_help_documents_exit_codes(self, argv, capsys):
        """--help lists the exit codes 0, 1 and 2."""
        with pytest.raises(SystemExit) as info:
            main(argv)
        out = capsys.readouterr().out
        assert 0 == info.value.code
        assert "exit codes:" in out
        assert all(f"  {code}  " in out for code in (0, 1, 2))


MALFORMED = {
    "empty": b"",
    "xlsx": b"PK\x03\x04\x14\x00\x06\x00",
    "binary": bytes(range(256)) * 4,
    "no-header": b"1,Acme,acme.com,lead\n",
    "undecodable-utf16": b"\xff\xfe" + "id,name,stage\n".encode("utf-16-le") + b"\x00",
}
ROW_LEVEL = {
    "ragged": b"id,name,stage\n1,Acme\n2,Globex,lead\n",
    "open-quote": b'id,name,stage\n1,"Acme,lead\n2,Globex,lead\n',
    "nul": b"id,name,stage\n1,Ac\x00me,lead\n2,Globex,lead\n",
    "huge-field": b"id,name,stage\n1," + b"A" * 11_000_000 + b",lead\n2,Globex,lead\n",
}


class TestNoTraceback:
    @pytest.mark.parametrize(
        ("kind", "strict", "expected"),
        [
            *((k, False, 1) for k in MALFORMED),
            *((k, False, 0) for k in ROW_LEVEL),
            *((k, True, 1) for k in ROW_LEVEL),
        ],
        ids=lambda v: str(v),
    )
    def test_malformed_files(self, tmp_path, kind, strict, expected):
        """Every kind of malformed file gives its exit code and clear lines, never a traceback."""
        bad = tmp_path / f"{kind}.csv"
        bad.write_bytes({**MALFORMED, **ROW_LEVEL}[kind])
        (tmp_path / "p.csv").write_text(PARTNER, encoding="utf-8")
        argv = [
            sys.executable,
            "-m",
            "cocorev",
            "map",
            str(bad),
            "--partner",
            f"P={tmp_path / 'p.csv'}",
        ]
        done = subprocess.run(
            [*argv, *(["--strict"] if strict else [])], capture_output=True, text=True, check=False
        )
        assert expected == done.returncode
        assert "Traceback" not in done.stderr
        assert f"{kind}.csv" in done.stderr
        if expected == 1:
            assert 1 == len(done.stderr.strip().splitlines())


class TestMapWithLedger:
    def test_ledger_breaks_ties_on_the_command_line(self, tmp_path, capsys):
        """cocorev map --ledger ranks equal-stage partners by give-to-get credit."""
        from cocorev.ledger import Ledger

        (tmp_path / "ours.csv").write_text(
            "id,name,domain,stage\n1,Acme Inc.,acme.com,customer\n", encoding="utf-8"
        )
        for partner in ("ada", "zed"):
            (tmp_path / f"{partner}.csv").write_text(
                f"id,name,domain,stage,owner_email\n{partner}1,Acme,acme.com,customer,x@{partner}.example\n",
                encoding="utf-8",
            )
        with Ledger.open(tmp_path / "g.db") as ledger:
            ledger.give("Zed", "intro")
        argv = [
            "map",
            str(tmp_path / "ours.csv"),
            "--partner",
            f"Ada={tmp_path / 'ada.csv'}",
            "--partner",
            f"Zed={tmp_path / 'zed.csv'}",
        ]
        assert 0 == main([*argv, "--format", "json"])
        plain = json.loads(capsys.readouterr().out)
        assert 0 == main([*argv, "--format", "json", "--ledger", str(tmp_path / "g.db")])
        credited = json.loads(capsys.readouterr().out)
        assert ("Ada", "Zed") == (
            plain["summaries"][0]["partner"],
            credited["summaries"][0]["partner"],
        )


class TestOutputChecks:
    def test_out_that_is_a_file_is_refused_before_work(self, files, capsys):
        """--out naming a file exits 1 with one line, before any card is printed."""
        target = files / "afile"
        target.write_text("x", encoding="utf-8")
        code = main(
            [
                "map",
                str(files / "ours.csv"),
                "--partner",
                f"P={files / 'p.csv'}",
                "--out",
                str(target),
            ]
        )
        captured = capsys.readouterr()
        assert 1 == code
        assert "is a file, not a folder" in captured.err
        assert "" == captured.out

    @pytest.mark.parametrize(
        "command",
        [["map", "o.csv", "--partner", "P=p.csv"], ["recommend", "--priority", "close-faster"]],
        ids=["map", "recommend"],
    )
    def test_negative_top_is_a_usage_error(self, command):
        """--top below zero exits 2."""
        with pytest.raises(SystemExit) as info:
            main([*command, "--top", "-1"])
        assert 2 == info.value.code


class TestSharedDatabase:
    def test_ledger_and_snapshots_share_one_file(self, tmp_path):
        """A ledger opens a file that already holds stored snapshots, and the other way round."""
        from cocorev.ledger import Ledger
        from cocorev.snapshot import SnapshotStore

        path = tmp_path / "cocorev.db"
        with SnapshotStore.open(path):
            pass
        with Ledger.open(path) as ledger:
            ledger.give("Northwind", "intro")
            assert 1 == len(ledger.entries())


class TestStageOption:
    def test_stage_places_custom_crm_values(self, tmp_path, capsys):
        """--stage VALUE=STAGE places a CRM's own stage values instead of reporting them."""
        (tmp_path / "o.csv").write_text(
            "id,name,domain,stage\n1,Acme,acme.com,Closed Won\n2,Globex,globex.com,MQL\n",
            encoding="utf-8",
        )
        (tmp_path / "p.csv").write_text(
            "id,name,domain,stage\na,Acme,acme.com,customer\nb,Globex,globex.com,lead\n",
            encoding="utf-8",
        )
        argv = [
            "map",
            str(tmp_path / "o.csv"),
            "--partner",
            f"P={tmp_path / 'p.csv'}",
            "--format",
            "json",
        ]
        assert 0 == main(argv)
        captured = capsys.readouterr()
        assert [] == json.loads(captured.out)["summaries"]
        # The hint names the option to use, once per file, with the first unknown value.
        hint = "cocorev: hint: place a CRM stage value with --stage VALUE=STAGE"
        assert 1 == captured.err.count(hint)
        assert "--stage 'Closed Won=customer'" in captured.err
        assert 1 == main([*argv, "--strict"])
        assert (
            f"{hint} (customer, opportunity or lead), for example --stage 'Closed Won=customer'"
            in (capsys.readouterr().err)
        )
        assert 0 == main([*argv, "--stage", "Closed Won=customer", "--stage", "mql=lead"])
        plays = {
            s["account_id"]: s["play"] for s in json.loads(capsys.readouterr().out)["summaries"]
        }
        assert {"1": "expansion", "2": "generate"} == plays

    def test_bad_stage_option_is_a_usage_error(self):
        """--stage with an unknown target stage exits 2."""
        with pytest.raises(SystemExit) as info:
            main(["map", "o.csv", "--partner", "P=p.csv", "--stage", "Won=winner"])
        assert 2 == info.value.code


class TestProgress:
    def test_progress_bar_only_on_a_terminal(self, files, capsys, monkeypatch):
        """A progress bar goes to stderr on a terminal, never when piped or with --quiet."""
        argv = ["map", str(files / "ours.csv"), "--partner", f"P={files / 'p.csv'}"]
        assert 0 == main(argv)
        assert "matching P" not in capsys.readouterr().err
        monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
        assert 0 == main(argv)
        err = capsys.readouterr().err
        assert "reading" in err
        assert "matching P" in err
        assert "summarising" in err
        assert 0 == main([*argv, "--quiet"])
        assert "matching P" not in capsys.readouterr().err


def _all_parsers(parser, path=()):
    """Yield (command words, parser) for the parser and every sub-command, recursively."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _all_parsers(sub, (*path, name))


NUMBER_OPTIONS = [
    ("check --min-credit", ["check", "--play", "generate", "--partner", "P", "--map", "m"]),
    ("ledger ask --weight", ["ledger", "ask", "Globex", "intel", "--db", "{db}"]),
    ("ledger get --weight", ["ledger", "get", "Globex", "intel", "--db", "{db}"]),
    ("ledger give --weight", ["ledger", "give", "Globex", "intel", "--db", "{db}"]),
]


class TestFiniteNumbers:
    def test_every_decimal_option_uses_the_finite_type(self):
        """Every option taking a decimal number parses it with the finite-number type, or the weight type built on it."""
        from cocorev._cli_ledger import _weight_arg
        from cocorev.cli import _finite_float

        parser, _ = _subparsers()
        typed = {
            f"{' '.join(path)} {action.option_strings[-1]}": action.type
            for path, sub in _all_parsers(parser)
            for action in sub._actions
            if action.type in (float, _finite_float, _weight_arg)
        }
        expected = {
            name: _weight_arg if name.endswith("--weight") else _finite_float
            for name, _ in NUMBER_OPTIONS
        }
        assert expected == typed

    @pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "Infinity", "1e999", "lots"])
    @pytest.mark.parametrize(
        ("option", "argv"), NUMBER_OPTIONS, ids=[name for name, _ in NUMBER_OPTIONS]
    )
    def test_nan_and_infinity_are_usage_errors(self, tmp_path, capsys, option, argv, value):
        """NaN, infinities and non-numbers exit 2 naming the option and the value given."""
        flag = option.split()[-1]
        with pytest.raises(SystemExit) as info:
            main([*(a.format(db=tmp_path / "l.db") for a in argv), f"{flag}={value}"])
        err = capsys.readouterr().err
        assert 2 == info.value.code
        assert f"argument {flag}: expected a finite number such as 0 or 2.5, got {value!r}" in err
        assert not (tmp_path / "l.db").exists()

    @pytest.mark.parametrize(
        ("text", "expected"),
        [("0", 0.0), ("2.5", 2.5), ("-1", -1.0), (" 3 ", 3.0), ("1e3", 1000.0)],
        ids=["zero", "decimal", "negative", "spaces", "exponent"],
    )
    def test_finite_numbers_parse(self, text, expected):
        """Finite numbers parse as floats (ranges are the library's to check)."""
        from cocorev.cli import _finite_float

        assert expected == _finite_float(text)


class TestInterrupt:
    def test_ctrl_c_is_one_line(self, monkeypatch, capsys):
        """Ctrl-C during a run prints one line and exits 130, with no traceback."""
        import cocorev.cli

        def interrupted(*_args, **_kwargs):
            raise KeyboardInterrupt

        monkeypatch.setattr(cocorev.cli, "map_accounts", interrupted)
        assert 130 == cocorev.cli.main(["demo", "--quiet"])
        assert "cocorev: interrupted\n" == capsys.readouterr().err
