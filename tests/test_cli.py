"""The cocorev command line: output, files and exit codes."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

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
        code = main(["map", str(files / "missing.csv"), "--partner", f"P={files / 'p.csv'}"])
        err = capsys.readouterr().err
        assert 1 == code
        assert message in err
        assert "missing.csv" in err
        assert 1 == len(err.strip().splitlines())

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
