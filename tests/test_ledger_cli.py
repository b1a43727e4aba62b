"""Tests of the ``cocorev ledger`` command group, run through a stand-in main parser."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path

import attrs
import pytest

from cocorev import _cli_ledger
from cocorev._cli_ledger import run
from cocorev.ledger import EntryKind, GiveKind, Ledger
from cocorev.models import AskStatus

COMMANDS = ["give", "get", "ask", "resolve", "reverse", "credit", "history", "export", "import"]


@pytest.fixture
def db(tmp_path: Path) -> str:
    """Path of a ledger file that does not exist yet."""
    return str(tmp_path / "cocorev.db")


def ok(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run a command that must succeed; return its standard output."""
    code = run(argv)
    captured = capsys.readouterr()
    assert (0, "") == (code, captured.err)
    return captured.out


def as_json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> object:
    """Run a command with --format json and parse its output."""
    return json.loads(ok([*argv, "--format", "json"], capsys))


class TestAddParser:
    def test_registers_the_group_with_handlers(self) -> None:
        """add_parser adds `ledger` and every sub-command sets func."""
        parser = argparse.ArgumentParser(prog="cocorev")
        _cli_ledger.add_parser(parser.add_subparsers(dest="command"))
        args = parser.parse_args(["ledger", "give", "Globex", "deal-support", "--db", "x.db"])
        expected = ("Globex", GiveKind.DEAL_SUPPORT, "x.db", "table", _cli_ledger._give)
        assert expected == (args.partner, args.kind, args.db, args.format, args.func)

    @pytest.mark.parametrize("command", COMMANDS)
    def test_help_has_an_example(self, command: str, capsys: pytest.CaptureFixture[str]) -> None:
        """Each sub-command's --help shows an example and the common options."""
        assert 0 == run(["ledger", command, "--help"])
        out = capsys.readouterr().out
        assert f"example:\n  cocorev ledger {command}" in out
        assert "--db PATH" in out
        assert "--format {table,json}" in out

    def test_group_help(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`ledger --help` lists the commands and examples."""
        assert 0 == run(["ledger", "--help"])
        out = capsys.readouterr().out
        assert "examples:\n  cocorev ledger give Globex intro" in out


class TestRecording:
    def test_give(self, db: str, capsys: pytest.CaptureFixture[str]) -> None:
        """`ledger give` records a give and prints it."""
        out = ok(
            [
                "ledger",
                "give",
                "Globex",
                "deal support",
                "--account",
                "A-17",
                "--note",
                "QBR prep",
                "--db",
                db,
            ],
            capsys,
        )
        with Ledger.open(db) as ledger:
            (entry,) = ledger.entries()
        assert (EntryKind.GIVE, "Globex", GiveKind.DEAL_SUPPORT, "A-17", "QBR prep") == (
            entry.entry_kind,
            entry.partner,
            entry.kind,
            entry.account,
            entry.note,
        )
        assert (
            f"id       {entry.id}\nentry    give\npartner  Globex\n"
            "kind     deal support\naccount  A-17\n" in out
        )

    def test_get_json(self, db: str, capsys: pytest.CaptureFixture[str]) -> None:
        """`ledger get --format json` prints the entry as JSON."""
        printed = as_json(
            ["ledger", "get", "Globex", "intel", "--at", "2025-02-01", "--by", "sam", "--db", db],
            capsys,
        )
        assert isinstance(printed, dict)
        expected = {
            "entry_kind": "get",
            "kind": "intel",
            "at": "2025-02-01T00:00:00.000000Z",
            "by": "sam",
        }
        assert expected == {key: printed[key] for key in expected}

    def test_ask_prints_its_id(self, db: str, capsys: pytest.CaptureFixture[str]) -> None:
        """`ledger ask` prints the new ask's id."""
        out = ok(["ledger", "ask", "Globex", "intro", "--db", db], capsys)
        with Ledger.open(db) as ledger:
            (ask,) = ledger.asks()
        assert out.startswith(f"id       {ask.id}\n")
        assert "status   pending" in out

    def test_resolve(self, db: str, capsys: pytest.CaptureFixture[str]) -> None:
        """`ledger resolve ASK_ID fulfilled` resolves the ask."""
        printed = as_json(["ledger", "ask", "Globex", "intro", "--db", db], capsys)
        assert isinstance(printed, dict)
        resolved = as_json(["ledger", "resolve", printed["id"], "fulfilled", "--db", db], capsys)
        assert isinstance(resolved, dict)
        assert ("fulfilled", printed["id"]) == (resolved["status"], resolved["id"])
        with Ledger.open(db) as ledger:
            assert AskStatus.FULFILLED == ledger.asks()[0].status

    def test_reverse(self, db: str, capsys: pytest.CaptureFixture[str]) -> None:
        """`ledger reverse ENTRY_ID` records a correction."""
        printed = as_json(["ledger", "give", "Globex", "intro", "--db", db], capsys)
        assert isinstance(printed, dict)
        ok(["ledger", "reverse", printed["id"], "--note", "wrong partner", "--db", db], capsys)
        with Ledger.open(db) as ledger:
            assert 0.0 == ledger.credit("Globex").score
            assert 2 == len(ledger.entries())

    def test_default_db_is_in_the_working_folder(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Without --db the ledger is ./cocorev.db."""
        monkeypatch.chdir(tmp_path)
        ok(["ledger", "give", "Globex", "intel"], capsys)
        assert ["cocorev.db"] == sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".db")


class TestRejected:
    @pytest.mark.parametrize(
        ("argv", "fragment"),
        [
            (
                ["ledger", "give", "Globex", "bribe"],
                "unknown kind 'bribe'; use one of: intel, intro",
            ),
            (["ledger", "resolve", "a" * 32, "pending"], "invalid choice: 'pending'"),
            (["ledger", "give", "Globex", "intel", "--at", "2025-02-01T10:00"], "has no time zone"),
            (["ledger", "give", "Globex", "intel", "--at", "soon"], "not an ISO-8601 date"),
            (["ledger", "give", "Globex"], "required: KIND"),
            (["ledger", "credit", "--format", "xml"], "invalid choice: 'xml'"),
            (["ledger"], "required: COMMAND"),
            (
                ["ledger", "ask", "Globex", "intel", "--weight", "-5"],
                "argument --weight: weight must be a finite number >= 0, got -5.0",
            ),
            (
                ["ledger", "give", "Globex", "intel", "--weight", "nan"],
                "argument --weight: expected a finite number such as 0 or 2.5, got 'nan'",
            ),
            (
                ["ledger", "give", "Globex", "intro", "--weight", "1e308"],
                "argument --weight: weight must be at most 1,000,000, got 1e+308",
            ),
        ],
        ids=[
            "unknown-kind",
            "pending",
            "naive-at",
            "bad-at",
            "missing-kind",
            "bad-format",
            "no-command",
            "negative-weight",
            "nan-weight",
            "huge-weight",
        ],
    )
    def test_bad_arguments_exit_2(
        self, db: str, argv: list[str], fragment: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Bad arguments are argparse errors: exit 2, nothing written."""
        assert 2 == run([*argv, "--db", db] if len(argv) > 1 else argv)
        assert fragment in capsys.readouterr().err
        assert not Path(db).exists()

    @pytest.mark.parametrize(
        ("argv", "fragment"),
        [
            (["ledger", "give", "  ", "intel"], "partner must be a non-empty name"),
            (
                ["ledger", "get", "Globex", "intel", "--at", "2999-01-01"],
                "more than 1 day after now",
            ),
        ],
        ids=["blank-partner", "future"],
    )
    def test_rejected_entry_exits_1_and_creates_nothing(
        self, db: str, argv: list[str], fragment: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A rejected entry exits 1 with its reason and does not create the ledger."""
        assert 1 == run([*argv, "--db", db])
        assert fragment in capsys.readouterr().err
        assert not Path(db).exists()

    def test_rejected_resolve_writes_nothing(
        self, db: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Resolving an ask twice exits 1 and leaves the ledger as it was."""
        printed = as_json(["ledger", "ask", "Globex", "intro", "--db", db], capsys)
        assert isinstance(printed, dict)
        ok(["ledger", "resolve", printed["id"], "declined", "--db", db], capsys)
        assert 1 == run(["ledger", "resolve", printed["id"], "fulfilled", "--db", db])
        assert "already resolved as declined" in capsys.readouterr().err
        with Ledger.open(db) as ledger:
            assert 2 == len(ledger.entries())

    def test_read_commands_need_a_ledger(self, db: str, capsys: pytest.CaptureFixture[str]) -> None:
        """Reading a missing ledger exits 1 instead of creating one."""
        assert 1 == run(["ledger", "credit", "--db", db])
        assert "no ledger at" in capsys.readouterr().err
        assert not Path(db).exists()

    def test_not_a_ledger(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Pointing --db at a text file exits 1 and leaves it alone."""
        notes = tmp_path / "notes.txt"
        notes.write_text("hello\n", encoding="utf-8")
        assert 1 == run(["ledger", "give", "Globex", "intel", "--db", str(notes)])
        assert "is not a cocorev ledger" in capsys.readouterr().err
        assert "hello\n" == notes.read_text(encoding="utf-8")


def _fill(db: str, capsys: pytest.CaptureFixture[str]) -> str:
    """Write a small ledger through the CLI; return the id of a reversed give."""
    ok(["ledger", "give", "Globex", "deal support", "--db", db], capsys)
    ok(["ledger", "give", "Initech", "intel", "--db", db], capsys)
    ask = as_json(["ledger", "ask", "Initech", "intro", "--db", db], capsys)
    assert isinstance(ask, dict)
    ok(["ledger", "resolve", ask["id"], "fulfilled", "--db", db], capsys)
    wrong = as_json(["ledger", "give", "Globex", "reference", "--db", db], capsys)
    assert isinstance(wrong, dict)
    ok(["ledger", "reverse", wrong["id"], "--db", db], capsys)
    return str(wrong["id"])


class TestReading:
    def test_credit_table(self, db: str, capsys: pytest.CaptureFixture[str]) -> None:
        """`ledger credit` shows credit, responsiveness and can-ask for every partner."""
        _fill(db, capsys)
        lines = ok(["ledger", "credit", "--db", db], capsys).splitlines()
        assert lines[0].split() == [
            "PARTNER",
            "CREDIT",
            "GIVES",
            "GETS",
            "ASKS",
            "FULFILLED",
            "PENDING",
            "RESPONSIVE",
            "MEDIAN",
            "FULFIL",
            "LAST",
            "TOUCH",
            "CAN",
            "ASK",
        ]
        assert ["Globex", "3.0", "1", "0", "0", "0", "0", "-", "-"] == lines[1].split()[:9]
        assert ["Initech", "-1.0", "1", "0", "1", "1", "0", "100%", "0m"] == lines[2].split()[:9]
        assert ["yes", "no"] == [lines[1].split()[-1], lines[2].split()[-1]]
        assert lines[4].startswith("Globex: Enough credit with Globex to ask: 3.0")

    def test_credit_json_for_one_partner(self, db: str, capsys: pytest.CaptureFixture[str]) -> None:
        """`ledger credit PARTNER --format json` gives that partner's figures."""
        _fill(db, capsys)
        printed = as_json(["ledger", "credit", "Initech", "--db", db], capsys)
        assert isinstance(printed, list)
        (row,) = printed
        assert ("Initech", -1.0, 1.0, False) == (
            row["partner"],
            row["credit"]["score"],
            row["responsiveness"]["rate"],
            row["can_ask"]["ok"],
        )

    def test_credit_json_from_an_old_ledger_with_huge_weights(
        self, db: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Credit that overflowed in a ledger written before the weight bound is valid JSON (null) and no ask."""
        ok(["ledger", "give", "Globex", "intro", "--db", db], capsys)
        with Ledger.open(db) as ledger:
            (entry,) = ledger.entries()
            huge = [attrs.evolve(entry, id=digit * 32, weight=1e308) for digit in ("a", "b", "c")]
            ledger.store.write(lambda _view: huge)
        printed = as_json(["ledger", "credit", "Globex", "--db", db], capsys)
        assert isinstance(printed, list)
        (row,) = printed
        assert (None, False) == (row["credit"]["score"], row["can_ask"]["ok"])

    def test_unknown_partner_suggests(self, db: str, capsys: pytest.CaptureFixture[str]) -> None:
        """A partner the ledger has never seen exits 1 with close matches."""
        _fill(db, capsys)
        assert 1 == run(["ledger", "credit", "Globx", "--db", db])
        assert (
            "no entries with partner 'Globx' in the ledger; did you mean Globex?"
            in capsys.readouterr().err
        )

    def test_history(self, db: str, capsys: pytest.CaptureFixture[str]) -> None:
        """`ledger history PARTNER` lists the partner's entries with corrections marked."""
        wrong = _fill(db, capsys)
        lines = ok(["ledger", "history", "Globex", "--db", db], capsys).splitlines()
        assert 4 == len(lines)
        assert "(reversed)" in lines[2]
        assert wrong in lines[2]
        assert f"reverses {wrong}" in lines[3]

    def test_empty_ledger(self, db: str, capsys: pytest.CaptureFixture[str]) -> None:
        """An empty ledger says so."""
        Ledger.open(db).close()
        assert "no entries yet" in ok(["ledger", "credit", "--db", db], capsys)
        assert "no entries yet" in ok(["ledger", "history", "--db", db], capsys)


class TestExportImport:
    def test_round_trip(self, db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Export then import into a new ledger copies it exactly; a second import adds nothing."""
        _fill(db, capsys)
        backup = tmp_path / "backup.jsonl"
        assert f"Exported 6 entries to {backup}\n" == ok(
            ["ledger", "export", str(backup), "--db", db], capsys
        )
        copy = str(tmp_path / "copy.db")
        assert f"Imported 6 entries from {backup} (0 already in the ledger)\n" == ok(
            ["ledger", "import", str(backup), "--db", copy], capsys
        )
        assert {"added": 0, "skipped": 6, "file": str(backup)} == as_json(
            ["ledger", "import", str(backup), "--db", copy], capsys
        )
        with Ledger.open(db) as original, Ledger.open(copy) as copied:
            assert original.entries() == copied.entries()

    def test_export_to_stdout(self, db: str, capsys: pytest.CaptureFixture[str]) -> None:
        """`ledger export -` writes JSON Lines to standard output."""
        _fill(db, capsys)
        lines = ok(["ledger", "export", "-", "--db", db], capsys).splitlines()
        assert 6 == len(lines)
        assert "give" == json.loads(lines[0])["entry_kind"]

    def test_bad_import_exits_1(
        self, db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A malformed file exits 1 naming the line, and writes nothing."""
        bad = tmp_path / "bad.jsonl"
        bad.write_text("\n{oops\n", encoding="utf-8")
        ok(["ledger", "give", "Globex", "intel", "--db", db], capsys)
        assert 1 == run(["ledger", "import", str(bad), "--db", db])
        assert f"{bad}, line 2: not JSON" in capsys.readouterr().err
        with Ledger.open(db) as ledger:
            assert 1 == len(ledger.entries())


class TestExportFile:
    def test_refuses_an_existing_file(
        self, db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`ledger export` exits 1 on an existing file, names it, suggests --force, keeps it."""
        _fill(db, capsys)
        backup = tmp_path / "backup.jsonl"
        backup.write_text("keep me\n", encoding="utf-8")
        assert 1 == run(["ledger", "export", str(backup), "--db", db])
        assert (
            f"cocorev: error: {backup}: already exists; pass --force to overwrite it\n"
            == capsys.readouterr().err
        )
        assert "keep me\n" == backup.read_text(encoding="utf-8")

    def test_force_overwrites(
        self, db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """With --force an existing file is replaced by the export."""
        _fill(db, capsys)
        backup = tmp_path / "backup.jsonl"
        backup.write_text("old\n", encoding="utf-8")
        assert f"Exported 6 entries to {backup}\n" == ok(
            ["ledger", "export", str(backup), "--db", db, "--force"], capsys
        )
        assert 6 == len(backup.read_text(encoding="utf-8").splitlines())

    @pytest.mark.parametrize(
        ("target", "message"),
        [
            ("folder", "{path}: is a folder; name a file"),
            ("missing/backup.jsonl", "{path}: folder '{tmp}/missing' does not exist"),
            ("link.jsonl", "{path}: is a symbolic link; refusing to write through it"),
            ("cocorev.db", "{path}: is the ledger itself (--db); name another file to export to"),
        ],
        ids=["folder", "missing-folder", "symlink", "the-ledger"],
    )
    def test_refused_targets_even_with_force(
        self,
        db: str,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        target: str,
        message: str,
    ) -> None:
        """Folders, missing folders, links and the ledger itself are refused, --force or not."""
        _fill(db, capsys)
        (tmp_path / "folder").mkdir()
        (tmp_path / "elsewhere.txt").write_text("untouched\n", encoding="utf-8")
        (tmp_path / "link.jsonl").symlink_to(tmp_path / "elsewhere.txt")
        path = tmp_path / target
        assert 1 == run(["ledger", "export", str(path), "--db", db, "--force"])
        expected = message.format(path=path, tmp=tmp_path)
        assert f"cocorev: error: {expected}\n" == capsys.readouterr().err
        assert "untouched\n" == (tmp_path / "elsewhere.txt").read_text(encoding="utf-8")
        with Ledger.open(db) as ledger:
            assert 6 == len(ledger.entries())
        assert [] == [p.name for p in tmp_path.rglob("*.tmp")]

    def test_help_offers_force(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`ledger export --help` documents --force."""
        assert 0 == run(["ledger", "export", "--help"])
        out = capsys.readouterr().out
        assert "[--force]" in out
        assert "overwrite FILE if it already exists" in out


class TestMessagesSpeakCommands:
    @pytest.mark.parametrize(
        ("argv", "expected"),
        [
            (
                ["ledger", "resolve", "a" * 32, "fulfilled"],
                f"no ask with id '{'a' * 32}' in {{db}}; "
                "list the ids with: cocorev ledger history --db {db}",
            ),
            (
                ["ledger", "reverse", "b" * 32],
                f"no entry with id '{'b' * 32}' in {{db}}; "
                "list the ids with: cocorev ledger history --db {db}",
            ),
            (
                ["ledger", "resolve", "xyz", "declined"],
                "ask id 'xyz' is not a ledger id (32 hex digits, as 'cocorev ledger history' "
                "shows)",
            ),
            (
                ["ledger", "reverse", "42"],
                "entry id '42' is not a ledger id (32 hex digits, as 'cocorev ledger history' "
                "shows)",
            ),
        ],
        ids=["resolve-unknown", "reverse-unknown", "resolve-malformed", "reverse-malformed"],
    )
    def test_unknown_ids_point_to_ledger_history(
        self,
        db: str,
        capsys: pytest.CaptureFixture[str],
        argv: list[str],
        expected: str,
    ) -> None:
        """An id the ledger lacks points to `ledger history`, not to a Python call."""
        _fill(db, capsys)
        assert 1 == run([*argv, "--db", db])
        assert f"cocorev: error: {expected.format(db=db)}\n" == capsys.readouterr().err

    def test_default_db_is_not_repeated(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """With the default ledger file the hint is the bare command."""
        monkeypatch.chdir(tmp_path)
        ok(["ledger", "give", "Globex", "intel"], capsys)
        assert 1 == run(["ledger", "resolve", "c" * 32, "fulfilled"])
        assert (
            f"cocorev: error: no ask with id '{'c' * 32}' in ./cocorev.db; "
            "list the ids with: cocorev ledger history\n"
        ) == capsys.readouterr().err

    def test_hint_quotes_a_db_path_with_spaces(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A ledger path with a space is quoted so the hint can be pasted into a shell."""
        db = str(tmp_path / "team ledger.db")
        ok(["ledger", "give", "Globex", "intel", "--db", db], capsys)
        assert 1 == run(["ledger", "reverse", "e" * 32, "--db", db])
        assert (
            f"cocorev: error: no entry with id '{'e' * 32}' in {db}; "
            f"list the ids with: cocorev ledger history --db '{db}'\n"
        ) == capsys.readouterr().err

    def test_import_with_a_naive_time(
        self, db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A time without zone in an imported file asks for Z or an offset."""
        _fill(db, capsys)
        line = json.loads(ok(["ledger", "export", "-", "--db", db], capsys).splitlines()[0])
        bad = tmp_path / "naive.jsonl"
        bad.write_text(json.dumps(line | {"id": "d" * 32, "at": "2025-01-01T09:00"}) + "\n")
        assert 1 == run(["ledger", "import", str(bad), "--db", db])
        assert (
            f"cocorev: error: {bad}, line 1: at '2025-01-01T09:00' has no time zone; "
            "add Z for UTC or an offset such as +02:00\n"
        ) == capsys.readouterr().err


def test_at_accepts_an_offset(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """--at takes an ISO time with an offset and stores it in UTC."""
    printed = as_json(
        ["ledger", "give", "Globex", "intel", "--at", "2025-02-01T10:00+02:00", "--db", db], capsys
    )
    assert isinstance(printed, dict)
    assert datetime(2025, 2, 1, 8, 0, tzinfo=UTC) == datetime.fromisoformat(printed["at"])


class TestPartnerSpelling:
    def test_a_partner_spelled_differently_gets_a_note(self, tmp_path, capsys):
        """Recording for 'northwind' after 'Northwind' says the spelling differs."""
        from cocorev.cli import main

        db = str(tmp_path / "l.db")
        assert 0 == main(["ledger", "give", "Northwind", "intro", "--db", db])
        capsys.readouterr()
        assert 0 == main(["ledger", "get", "northwind", "intel", "--db", db])
        assert "spelled differently" in capsys.readouterr().err
