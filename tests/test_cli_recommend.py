"""The recommend and check commands: output and exit codes."""

from __future__ import annotations

import json
import sys
import types

import pytest

from cocorev import write_results
from cocorev.cli import main
from tests.maps import FakeLedger, two_partner_map


@pytest.fixture
def map_dir(tmp_path):
    folder = tmp_path / "out"
    write_results(two_partner_map(), folder)
    return folder


@pytest.fixture
def fake_ledger_module(monkeypatch):
    """Install a stand-in cocorev.ledger whose Ledger.open returns fixed credits."""
    opened = []

    class Ledger(FakeLedger):
        closed = False

        @classmethod
        def open(cls, path, *, create=True):
            ledger = cls({"Northwind": 2.0, "Contoso": 0.0})
            opened.append((path, ledger))
            return ledger

        def close(self):
            self.closed = True

    module = types.ModuleType("cocorev.ledger")
    module.Ledger = Ledger  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "cocorev.ledger", module)
    return opened


class TestRecommendCommand:
    def test_advice_without_map(self, capsys):
        """recommend prints the play, why, and the steps to take."""
        code = main(["recommend", "--priority", "grow-accounts"])
        out = capsys.readouterr().out
        assert 0 == code
        assert "Start with: Upsells & Expansion\n" in out
        assert "Why Upsells & Expansion: Partners know people" in out
        assert "  1. Contact the partner's account owner named on the Partner Summary." in out
        assert "Accounts to act on first" not in out

    def test_new_user_with_map(self, capsys, map_dir):
        """A new user closing faster gets Generate, the reason, and the accounts to work."""
        code = main(
            ["recommend", "--priority", "Closing deals faster", "--new", "--map", str(map_dir)]
        )
        out = capsys.readouterr().out
        assert 0 == code
        assert "Start with: Generate Opportunities (instead of Accelerate Opportunities)" in out
        assert "New to ecosystem selling: Accelerate Opportunities has the biggest" in out
        assert "Accounts to act on first (2 of 2 on the Generate Opportunities card):" in out
        assert "  1. Initech LLC (Lead) - Northwind: Customer; do not contact the owner yet" in out

    def test_json(self, capsys, map_dir):
        """--json prints the recommendation as JSON."""
        code = main(
            [
                "recommend",
                "--priority",
                "close-faster",
                "--map",
                str(map_dir),
                "--top",
                "1",
                "--json",
            ]
        )
        data = json.loads(capsys.readouterr().out)
        assert (0, "accelerate", ["1"]) == (
            code,
            data["play"],
            [a["account_id"] for a in data["accounts"]],
        )

    def test_unknown_priority_exits_2(self, capsys):
        """An unknown priority is a usage error listing the valid ones, exit 2."""
        with pytest.raises(SystemExit) as info:
            main(["recommend", "--priority", "world peace"])
        err = capsys.readouterr().err
        assert 2 == info.value.code
        assert (
            "cocorev recommend: error: argument --priority: unknown priority 'world peace'; "
            "use one of grow-accounts, close-faster"
        ) in err

    def test_missing_priority_exits_2(self, capsys):
        """Leaving out --priority is a usage error."""
        with pytest.raises(SystemExit) as info:
            main(["recommend"])
        assert 2 == info.value.code

    def test_map_folder_missing_exits_1(self, capsys, tmp_path):
        """A --map folder that does not exist is reported, exit 1."""
        code = main(["recommend", "--priority", "grow-accounts", "--map", str(tmp_path / "x")])
        assert 1 == code
        assert "no such folder" in capsys.readouterr().err

    def test_ledger_steers_a_new_user(self, capsys, map_dir, fake_ledger_module):
        """With --ledger the credits are read, and the ledger is closed afterwards."""
        code = main(
            [
                "recommend",
                "--priority",
                "close-faster",
                "--map",
                str(map_dir),
                "--ledger",
                "team.db",
            ]
        )
        out = capsys.readouterr().out
        [(path, ledger)] = fake_ledger_module
        assert (0, "team.db", True) == (code, path, ledger.closed)
        assert "Note: No give-to-get credit yet with Contoso" in out


class TestCheckCommand:
    def test_prints_each_item_and_the_result(self, capsys, map_dir):
        """check prints every item with its status and reason, then the verdict."""
        code = main(
            [
                "check",
                "--play",
                "accelerate",
                "--partner",
                "Northwind",
                "--map",
                str(map_dir),
                "--ask",
                "Who signs off on the security review?",
            ]
        )
        out = capsys.readouterr().out
        assert 0 == code
        assert "Self-check: Accelerate Opportunities with Northwind" in out
        assert "  [pass]    Do I have overlaps that fit this play?" in out
        assert "  [unknown] Is my relationship with the partner strong enough" in out
        assert "Result: ready (3 of 5 passed, 2 unknown)." in out
        assert (
            "  1. Acme Inc. (Opportunity to Customer); contact Ann Lee <ann@northwind.example>"
            in out
        )

    def test_weak_relationship_recommends_partnerships(self, capsys, map_dir, fake_ledger_module):
        """With a ledger showing no credit, check recommends Build Partnerships first."""
        code = main(
            [
                "check",
                "--play",
                "expansion",
                "--partner",
                "contoso",
                "--map",
                str(map_dir),
                "--ledger",
                "team.db",
            ]
        )
        out = capsys.readouterr().out
        assert 0 == code
        assert "  [fail]    Is my relationship with the partner strong enough" in out
        assert "Result: not ready yet (1 of 5 passed, 4 failed)." in out
        assert "Recommendation: run Build Partnerships with Contoso first." in out

    def test_json(self, capsys, map_dir):
        """--json prints the checklist as JSON."""
        code = main(
            [
                "check",
                "--play",
                "Build Partnerships",
                "--partner",
                "Northwind",
                "--map",
                str(map_dir),
                "--json",
            ]
        )
        data = json.loads(capsys.readouterr().out)
        assert (0, "partnership", True) == (code, data["play"], data["ready"])

    def test_unknown_partner_exits_1(self, capsys, map_dir):
        """A partner not in the map is one error line, exit 1."""
        code = main(["check", "--play", "generate", "--partner", "Fabrikam", "--map", str(map_dir)])
        assert 1 == code
        assert "cocorev: error: unknown partner 'Fabrikam'" in capsys.readouterr().err

    def test_unknown_play_exits_2(self, capsys, map_dir):
        """An unknown play is a usage error listing the plays."""
        with pytest.raises(SystemExit) as info:
            main(["check", "--play", "win", "--partner", "Northwind", "--map", str(map_dir)])
        assert 2 == info.value.code
        assert "use one of expansion, accelerate, generate, partnership" in (
            capsys.readouterr().err
        )

    def test_ledger_module_missing_exits_1(self, capsys, map_dir, monkeypatch):
        """--ledger without the ledger module is a clear error, exit 1."""
        monkeypatch.setitem(sys.modules, "cocorev.ledger", None)
        code = main(
            [
                "check",
                "--play",
                "generate",
                "--partner",
                "Northwind",
                "--map",
                str(map_dir),
                "--ledger",
                "team.db",
            ]
        )
        assert 1 == code
        assert "--ledger needs the give-to-get ledger (cocorev.ledger)" in (capsys.readouterr().err)


class TestMissingLedger:
    def test_a_mistyped_ledger_path_is_an_error_not_a_new_file(self, tmp_path, capsys):
        """recommend --ledger with a path that does not exist exits 1 and creates nothing."""
        from cocorev.cli import main

        path = tmp_path / "typo.db"
        assert 1 == main(["recommend", "--priority", "close-faster", "--ledger", str(path)])
        assert not path.exists()
        assert "typo.db" in capsys.readouterr().err
