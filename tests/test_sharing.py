"""Sharing levels: what one partner may see of our overlap, and the ``share`` command."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cocorev.cli import main
from cocorev.errors import ConfigError, InputError
from cocorev.io import read_accounts
from cocorev.models import Account, Owner, Stage
from cocorev.overlap import map_accounts
from cocorev.sharing import SharedAccount, SharedView, SharingLevel, StageCount, shared_with

CUS, OPP, LEAD = Stage.CUSTOMER, Stage.OPPORTUNITY, Stage.LEAD
HEADER_KEYS = {"format", "version", "partner", "level"}
ACCOUNT_KEYS = {
    "partner_account_id",
    "partner_account_name",
    "partner_website",
    "partner_stage",
    "our_stage",
    "match_rule",
    "confidence",
}
OWNER_KEYS = {"our_owner_name", "our_owner_email"}


def ours_sample() -> list[Account]:
    return [
        Account(
            id="o-1",
            name="Acme Widgets Inc.",
            website="https://www.acme-widgets.com/",
            stage=CUS,
            owner=Owner("Kim Park", "kim@ours.example"),
            amount=120_000,
        ),
        Account(
            id="o-2",
            name="Globex Corporation",
            website="http://globex.com/home",
            stage=OPP,
            owner=Owner("Lee Wong", "lee@ours.example"),
            amount=40_000,
        ),
        Account(
            id="o-3", name="Initech LLC", stage=LEAD, owner=Owner("Mo Diaz", "mo@ours.example")
        ),
        Account(
            id="o-4",
            name="Umbrella Pharma",
            website="umbrella-pharma.com",
            stage=CUS,
            owner=Owner("Ng Hui", "ng@ours.example"),
            amount=9_000,
        ),
        Account(
            id="o-5",
            name="Hooli Secret Project",
            website="hooli-xyz.com",
            stage=OPP,
            owner=Owner("Pat Roe", "pat@ours.example"),
            amount=77_777,
        ),
    ]


def northwind_sample() -> list[Account]:
    return [
        Account(id="n-10", name="ACME WIDGETS", website="acme-widgets.com", stage=LEAD),
        Account(
            id="n-11",
            name="Globex",
            website="www.globex.com/en",
            stage=CUS,
            owner=Owner("Nia North", "nia@northwind.example"),
        ),
        Account(id="n-12", name="Initech", stage=OPP),
        Account(id="n-13", name="Soylent", website="soylent.example.com", stage=CUS),
    ]


def contoso_sample() -> list[Account]:
    return [
        Account(
            id="c-20",
            name="Umbrella Pharmaceuticals",
            website="umbrella-pharma.com",
            stage=OPP,
            owner=Owner("Cleo Contoso", "cleo@contoso.example"),
        ),
        Account(id="c-21", name="Hooli", website="hooli-xyz.com", stage=LEAD),
    ]


@pytest.fixture
def account_map():
    return map_accounts(
        ours_sample(), {"Northwind": northwind_sample(), "Contoso": contoso_sample()}
    )


def serialised(view: SharedView) -> str:
    """Return everything the view can be written as: JSON and CSV."""
    buffer = io.StringIO(newline="")
    view.write_csv(buffer)
    return json.dumps(view.to_dict(), ensure_ascii=False) + "\n" + buffer.getvalue()


class TestSharingLevel:
    def test_values_and_order(self):
        """The four levels have their documented values, from nothing to owners."""
        assert ["nothing", "counts", "overlaps", "owners"] == [v.value for v in SharingLevel]
        assert [0, 1, 2, 3] == [v.order for v in SharingLevel]


class TestLevels:
    def test_nothing_is_empty(self, account_map):
        """NOTHING shares no data: only the header, no rows, an empty CSV file."""
        view = account_map.shared_with("Northwind", SharingLevel.NOTHING)
        assert {
            "format": "cocorev-shared-view",
            "version": 1,
            "partner": "Northwind",
            "level": "nothing",
        } == view.to_dict()
        assert () == view.to_rows()
        buffer = io.StringIO()
        view.write_csv(buffer)
        assert "" == buffer.getvalue()

    def test_counts_exact_content(self, account_map):
        """COUNTS shares the nine stage-pair counts and a total, nothing else."""
        view = account_map.shared_with("Northwind", "counts", min_count=1)
        expected_cells = {(s.value, t.value): 0 for s in (CUS, OPP, LEAD) for t in (CUS, OPP, LEAD)}
        expected_cells.update(
            {("customer", "lead"): 1, ("opportunity", "customer"): 1, ("lead", "opportunity"): 1}
        )
        data = view.to_dict()
        assert HEADER_KEYS | {"min_count", "counts", "total"} == set(data)
        assert expected_cells == {
            (c["our_stage"], c["partner_stage"]): c["count"] for c in data["counts"]
        }
        assert 3 == data["total"]
        assert {("our_stage", "partner_stage", "count")} == {tuple(r) for r in view.to_rows()}
        assert {"all": "3"} == {
            r["our_stage"]: r["count"] for r in view.to_rows() if r["our_stage"] == "all"
        }

    def test_overlaps_exact_content(self, account_map):
        """OVERLAPS shares the partner's own records we hold with our stage: no owners, none of ours."""
        view = account_map.shared_with("Northwind", "overlaps")
        data = view.to_dict()
        assert HEADER_KEYS | {"accounts"} == set(data)
        assert all(ACCOUNT_KEYS == set(a) for a in data["accounts"])
        rows = {tuple(sorted(r.items())) for r in view.to_rows()}
        expected = {
            ("n-10", "ACME WIDGETS", "acme-widgets.com", "lead", "customer", "domain", "0.99"),
            ("n-11", "Globex", "www.globex.com/en", "customer", "opportunity", "domain", "0.99"),
            ("n-12", "Initech", "", "opportunity", "lead", "name", "0.95"),
        }
        assert expected == {
            (
                r["partner_account_id"],
                r["partner_account_name"],
                r["partner_website"],
                r["partner_stage"],
                r["our_stage"],
                r["match_rule"],
                r["confidence"],
            )
            for r in view.to_rows()
        }
        assert 3 == len(rows)

    def test_owners_adds_only_our_owner(self, account_map):
        """OWNERS adds exactly our owner's name and e-mail to each OVERLAPS row."""
        view = account_map.shared_with("Northwind", "owners")
        data = view.to_dict()
        assert HEADER_KEYS | {"accounts"} == set(data)
        assert all(ACCOUNT_KEYS | OWNER_KEYS == set(a) for a in data["accounts"])
        assert {
            ("n-10", "Kim Park", "kim@ours.example"),
            ("n-11", "Lee Wong", "lee@ours.example"),
            ("n-12", "Mo Diaz", "mo@ours.example"),
        } == {
            (r["partner_account_id"], r["our_owner_name"], r["our_owner_email"])
            for r in view.to_rows()
        }

    @pytest.mark.parametrize("level", list(SharingLevel), ids=str)
    def test_columns_match_rows(self, account_map, level):
        """Every row has exactly the view's columns."""
        view = account_map.shared_with("Northwind", level)
        assert all(set(view.columns) == set(r) for r in view.to_rows())

    def test_accounts_ordered_by_partner_name(self, account_map):
        """Accounts come in the partner's name order, never in our CRM order."""
        view = account_map.shared_with("Northwind", "overlaps")
        assert ["ACME WIDGETS", "Globex", "Initech"] == [
            a.partner_account_name for a in view.accounts
        ]

    def test_one_row_per_partner_record_at_our_best_stage(self):
        """Two of our records on one partner record give one row, at our most advanced stage."""
        ours = [
            Account(id="x1", name="Acme East", website="acme.com", stage=LEAD, owner=Owner("A")),
            Account(id="x2", name="Acme West", website="acme.com", stage=CUS, owner=Owner("B")),
        ]
        theirs = [Account(id="p1", name="Acme", website="acme.com", stage=OPP)]
        view = map_accounts(ours, {"P": theirs}).shared_with("P", "owners")
        assert [("p1", CUS, "B")] == [
            (a.partner_account_id, a.our_stage, a.owner.name if a.owner else None)
            for a in view.accounts
        ]

    def test_method_delegates_to_function(self, account_map):
        """AccountMap.shared_with gives the same view as cocorev.sharing.shared_with."""
        assert shared_with(account_map, "Contoso", "owners") == account_map.shared_with(
            "Contoso", "owners"
        )


class TestNeverShared:
    @pytest.mark.parametrize("level", list(SharingLevel), ids=str)
    def test_no_other_partner_data(self, account_map, level):
        """A view for Northwind holds none of Contoso's records, owners or name."""
        text = serialised(account_map.shared_with("Northwind", level))
        for needle in (
            "c-20",
            "c-21",
            "Umbrella Pharmaceuticals",
            "Hooli",
            "Cleo Contoso",
            "cleo@contoso.example",
            "Contoso",
        ):
            assert needle not in text

    @pytest.mark.parametrize("level", list(SharingLevel), ids=str)
    def test_none_of_our_fields(self, account_map, level):
        """Our ids, names, websites and amounts, and the partner's owners, never appear."""
        text = serialised(account_map.shared_with("Northwind", level))
        for account in ours_sample():
            assert account.id not in text
            assert account.name not in text
            assert account.website is None or account.website not in text
        for needle in (
            "120000",
            "40000",
            "77777",
            "Pat Roe",
            "Nia North",
            "nia@northwind.example",
            "Soylent",
            "n-13",
        ):
            assert needle not in text

    @pytest.mark.parametrize("level", list(SharingLevel), ids=str)
    def test_evidence_signals_never_shared(self, account_map, level):
        """Evidence signals (which quote our name and domain) never appear; only rule and confidence."""
        text = serialised(account_map.shared_with("Northwind", level))
        assert "similarity" not in text
        assert "registered domain" not in text
        assert "acme widgets" not in text


_WORDS = st.text(alphabet="bcdfghjkmnpqrstvwxz", min_size=5, max_size=8)


@st.composite
def companies(draw):
    """Draw our list and one partner's list over shared and unshared made-up companies."""
    words = draw(st.lists(_WORDS, min_size=1, max_size=12, unique=True))
    ours, theirs = [], []
    for k, word in enumerate(words):
        where = draw(st.sampled_from(["ours", "theirs", "both"]))
        with_domain = draw(st.booleans())
        if where in ("ours", "both"):
            ours.append(
                Account(
                    id=f"ourid{k}q",
                    name=f"{word.capitalize()} Ourco{k} Inc.",
                    website=f"https://www.{word}.com/ourpage{k}" if with_domain else None,
                    stage=draw(st.sampled_from(list(Stage))),
                    owner=Owner(f"Ourowner{k}", f"owner{k}@ours.example"),
                    amount=10_000 + k,
                )
            )
        if where in ("theirs", "both"):
            theirs.append(
                Account(
                    id=f"P{k}",
                    name=f"{word.upper()} OURCO{k}",
                    website=f"{word}.com" if draw(st.booleans()) else None,
                    stage=draw(st.sampled_from(list(Stage))),
                )
            )
    return ours, theirs


class TestNoLeakProperty:
    @given(data=companies(), level=st.sampled_from(list(SharingLevel)))
    def test_our_records_never_appear(self, data, level):
        """No id, name, website or amount of ours, and no owner of an unshared account, is ever serialised."""
        ours, theirs = data
        account_map = map_accounts(ours, {"P": theirs})
        view = account_map.shared_with("P", level)
        text = serialised(view)
        overlapping = {o.account.id for o in account_map.overlaps}
        for account in ours:
            assert account.id not in text
            assert account.name not in text
            assert account.website is None or account.website not in text
            assert str(account.amount) not in text
            if account.id not in overlapping or level is not SharingLevel.OWNERS:
                assert account.owner is not None
                assert account.owner.email not in text

    @given(data=companies(), level=st.sampled_from(list(SharingLevel)))
    def test_rows_are_exactly_the_overlapping_partner_records(self, data, level):
        """Account rows are exactly the partner records we hold (at OVERLAPS and OWNERS)."""
        ours, theirs = data
        account_map = map_accounts(ours, {"P": theirs})
        view = account_map.shared_with("P", level)
        expected = (
            {o.partner_account.id for o in account_map.overlaps}
            if level.order >= SharingLevel.OVERLAPS.order
            else set()
        )
        assert expected == {a.partner_account_id for a in view.accounts}


def _stage_accounts(cells: dict[tuple[Stage, Stage], int]):
    ours, theirs = [], []
    for (our_stage, their_stage), count in cells.items():
        for i in range(count):
            key = f"{our_stage.value}{their_stage.value}{i}"
            ours.append(
                Account(id=f"o{key}", name=f"Co {key}", website=f"{key}.com", stage=our_stage)
            )
            theirs.append(
                Account(id=f"t{key}", name=f"CO {key}", website=f"{key}.com", stage=their_stage)
            )
    return map_accounts(ours, {"P": theirs})


class TestSmallCounts:
    def test_small_counts_are_suppressed(self):
        """Counts below the minimum read 'fewer than 3' and the total gives nothing away."""
        view = _stage_accounts({(CUS, CUS): 5, (CUS, LEAD): 2, (OPP, OPP): 1}).shared_with(
            "P", "counts"
        )
        data = view.to_dict()
        cells = {(c["our_stage"], c["partner_stage"]): c["count"] for c in data["counts"]}
        assert 5 == cells[("customer", "customer")]
        assert "fewer than 3" == cells[("customer", "lead")]
        assert "fewer than 3" == cells[("opportunity", "opportunity")]
        assert "fewer than 3" == cells[("lead", "lead")]
        assert "at least 5" == data["total"]
        assert view.total is None
        assert 1 not in [c.count for c in view.counts]
        assert 2 not in [c.count for c in view.counts]

    def test_total_exact_when_nothing_suppressed(self):
        """With every cell at the minimum or above, the exact total is shown."""
        view = _stage_accounts(
            {(s, t): 3 for s in (CUS, OPP, LEAD) for t in (CUS, OPP, LEAD)}
        ).shared_with("P", "counts")
        assert 27 == view.to_dict()["total"]
        assert all(3 == c.count for c in view.counts)

    @pytest.mark.parametrize(
        ("min_count", "shown"),
        [(1, 2), (2, 2), (3, "fewer than 3"), (5, "fewer than 5")],
        ids=["1", "2", "3", "5"],
    )
    def test_min_count_is_configurable(self, min_count, shown):
        """The minimum is configurable; the label names it."""
        view = _stage_accounts({(CUS, CUS): 2}).shared_with("P", "counts", min_count=min_count)
        cell = next(
            c
            for c in view.to_dict()["counts"]
            if (c["our_stage"], c["partner_stage"]) == ("customer", "customer")
        )
        assert shown == cell["count"]

    @pytest.mark.parametrize("bad", [0, -1, 2.5, True], ids=["zero", "negative", "float", "bool"])
    def test_min_count_below_one_rejected(self, account_map, bad):
        """A minimum below 1 (or not a whole number) is a ConfigError."""
        with pytest.raises(ConfigError):
            account_map.shared_with("Northwind", "counts", min_count=bad)

    @given(
        cells=st.dictionaries(
            st.tuples(st.sampled_from(list(Stage)), st.sampled_from(list(Stage))),
            st.integers(0, 4),
            max_size=9,
        ),
        min_count=st.integers(1, 4),
    )
    def test_no_small_count_is_derivable(self, cells, min_count):
        """Every shown count is >= the minimum (or the minimum is 1), and an exact total means nothing was hidden."""
        view = _stage_accounts(cells).shared_with("P", "counts", min_count=min_count)
        shown = [c.count for c in view.counts if c.count is not None]
        assert all(n >= min_count or min_count == 1 for n in shown)
        if view.total is not None:
            assert 9 == len(shown)
            assert sum(cells.values()) == view.total


class TestErrors:
    def test_unknown_partner(self, account_map):
        """A partner not in the mapping is an InputError naming it."""
        with pytest.raises(InputError, match="Fabrikam"):
            account_map.shared_with("Fabrikam", "counts")

    def test_unknown_level(self, account_map):
        """An unknown level is a ConfigError listing the levels."""
        with pytest.raises(ConfigError, match="nothing, counts, overlaps, owners"):
            account_map.shared_with("Northwind", "everything")


FORMULAS = ['=HYPERLINK("http://x")', "+41 22", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


class TestWriters:
    @pytest.mark.parametrize("level", ["counts", "overlaps", "owners"], ids=str)
    def test_csv_neutralises_formulas(self, level):
        """Every CSV cell starting with =, +, -, @, tab or CR gets a leading quote."""
        ours = [
            Account(id=f"o{i}", name=f"Co{i}", website=f"co{i}.com", stage=CUS, owner=Owner(f, f))
            for i, f in enumerate(FORMULAS)
        ]
        theirs = [
            Account(id=f, name=f, website=f"co{i}.com {f}", stage=CUS)
            for i, f in enumerate(FORMULAS)
        ]
        view = map_accounts(ours, {"P": theirs}).shared_with("P", level, min_count=1)
        buffer = io.StringIO(newline="")
        view.write_csv(buffer)
        cells = [cell for row in csv.reader(io.StringIO(buffer.getvalue())) for cell in row]
        assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
        if level != "counts":
            for f in FORMULAS:
                assert "'" + f in cells

    def test_json_round_trips_to_dict(self, account_map, tmp_path):
        """write_json writes exactly to_dict as JSON."""
        view = account_map.shared_with("Northwind", "owners")
        view.write_json(tmp_path / "v.json")
        assert view.to_dict() == json.loads((tmp_path / "v.json").read_text(encoding="utf-8"))

    @pytest.mark.parametrize("writer", ["write_csv", "write_json"])
    def test_refuses_existing_file_unless_overwrite(self, account_map, tmp_path, writer):
        """An existing file is refused; overwrite=True replaces it."""
        view = account_map.shared_with("Northwind", "counts")
        target = tmp_path / "v.out"
        target.write_text("keep me", encoding="utf-8")
        with pytest.raises(FileExistsError):
            getattr(view, writer)(target)
        assert "keep me" == target.read_text(encoding="utf-8")
        getattr(view, writer)(target, overwrite=True)
        assert "stage" in target.read_text(encoding="utf-8")

    @pytest.mark.parametrize("overwrite", [False, True], ids=["plain", "overwrite"])
    def test_never_writes_through_a_symlink(self, account_map, tmp_path, overwrite):
        """A symbolic link as the target is refused, even with overwrite."""
        victim = tmp_path / "victim.txt"
        victim.write_text("precious", encoding="utf-8")
        link = tmp_path / "view.csv"
        link.symlink_to(victim)
        with pytest.raises(OSError):  # noqa: PT011 - FileExistsError or a plain OSError
            account_map.shared_with("Northwind", "counts").write_csv(link, overwrite=overwrite)
        assert "precious" == victim.read_text(encoding="utf-8")


class TestStageCount:
    def test_negative_count_rejected(self):
        """A count cannot be negative."""
        with pytest.raises(ValueError, match=">= 0"):
            StageCount(our_stage=CUS, partner_stage=CUS, count=-1)


OURS_CSV = (
    "id,name,domain,stage,owner_name,owner_email,amount\n"
    "o-1,Acme Inc.,acme.com,opportunity,Ann Ours,ann@ours.example,5000\n"
    "o-2,Globex Holdings,globex.com,customer,Bo Ours,bo@ours.example,\n"
    "o-3,Initech LLC,,lead,Cy Ours,cy@ours.example,\n"
    "o-4,Umbrella Secret,umbrella.com,customer,Di Ours,di@ours.example,\n"
)
PARTNER_CSV = (
    "id,name,website,stage,owner_name,owner_email\n"
    "a,ACME,https://www.acme.com/x,customer,Ann Lee,ann@p.example\n"
    "b,@Globex,globex.com,opportunity,Bob,bob@p.example\n"
    "c,Initech,,customer,Cy,cy@p.example\n"
)


@pytest.fixture
def files(tmp_path):
    (tmp_path / "ours.csv").write_text(OURS_CSV, encoding="utf-8")
    (tmp_path / "p.csv").write_text(PARTNER_CSV, encoding="utf-8")
    return tmp_path


def share(files, *extra):
    return main(["share", str(files / "ours.csv"), "--partner", f"Pico={files / 'p.csv'}", *extra])


class TestShareCommand:
    def test_writes_csv_by_extension(self, files, capsys):
        """--out x.csv writes the CSV view of that one partner, formula-safe."""
        out = files / "pico.csv"
        assert 0 == share(files, "--level", "overlaps", "--out", str(out))
        with out.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert {("a", "opportunity"), ("b", "customer"), ("c", "lead")} == {
            (r["partner_account_id"], r["our_stage"]) for r in rows
        }
        assert "'@Globex" in {r["partner_account_name"] for r in rows}
        assert (
            f"wrote the overlaps view for Pico (3 of their accounts) to {out}"
            == capsys.readouterr().out.strip()
        )

    @pytest.mark.parametrize(
        ("name", "extra", "level"),
        [
            ("v.json", [], "owners"),
            ("v.JSON", [], "counts"),
            ("v.txt", ["--format", "json"], "counts"),
        ],
        ids=["json", "upper-case", "format-flag"],
    )
    def test_writes_json(self, files, name, extra, level):
        """JSON comes from a .json extension or --format json."""
        assert 0 == share(files, "--level", level, "--out", str(files / name), *extra)
        data = json.loads((files / name).read_text(encoding="utf-8"))
        assert level == data["level"]
        assert "Pico" == data["partner"]

    def test_counts_with_min_count(self, files):
        """--min-count sets the suppression minimum."""
        assert 0 == share(
            files, "--level", "counts", "--min-count", "1", "--out", str(files / "c.json")
        )
        data = json.loads((files / "c.json").read_text(encoding="utf-8"))
        assert 3 == data["total"]
        assert 1 == data["min_count"]

    @pytest.mark.parametrize("level", ["counts", "overlaps", "owners"], ids=str)
    def test_our_fields_never_written(self, files, level):
        """Our ids, names, domains and amounts never reach the file; owners only at owners."""
        out = files / "v.json"
        assert 0 == share(files, "--level", level, "--out", str(out))
        text = out.read_text(encoding="utf-8")
        for needle in (
            "o-1",
            "o-4",
            "Acme Inc.",
            "Globex Holdings",
            "Umbrella",
            "umbrella.com",
            "5000",
            "Di Ours",
        ):
            assert needle not in text
        assert ("ann@ours.example" in text) is (level == "owners")

    def test_refuses_to_overwrite(self, files, capsys):
        """An existing output file is refused with exit 1 unless --force."""
        out = files / "v.csv"
        out.write_text("keep", encoding="utf-8")
        assert 1 == share(files, "--level", "counts", "--out", str(out))
        assert "already exists; pass --force" in capsys.readouterr().err
        assert "keep" == out.read_text(encoding="utf-8")
        assert 0 == share(files, "--level", "counts", "--out", str(out), "--force")
        assert out.read_text(encoding="utf-8").startswith("our_stage,partner_stage,count")

    def test_refuses_symlink_even_with_force(self, files, capsys):
        """A symbolic link as --out is refused, even with --force."""
        victim = files / "victim.txt"
        victim.write_text("precious", encoding="utf-8")
        (files / "v.csv").symlink_to(victim)
        assert 1 == share(files, "--level", "counts", "--out", str(files / "v.csv"), "--force")
        assert "symbolic link" in capsys.readouterr().err
        assert "precious" == victim.read_text(encoding="utf-8")

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--out", "{d}/missing/v.csv"], "does not exist"),
            (["--out", "{d}", "--format", "csv"], "is a folder"),
        ],
        ids=["no-folder", "folder"],
    )
    def test_bad_output_exit_1(self, files, capsys, args, message):
        """An output in a missing folder, or a folder, is refused with exit 1."""
        args = [a.format(d=files) for a in args]
        assert 1 == share(files, "--level", "counts", *args)
        assert message in capsys.readouterr().err

    def test_bad_input_exit_1(self, files, capsys):
        """A missing input file exits 1 and writes nothing."""
        code = main(
            [
                "share",
                str(files / "nope.csv"),
                "--partner",
                f"P={files / 'p.csv'}",
                "--level",
                "counts",
                "--out",
                str(files / "v.csv"),
            ]
        )
        assert 1 == code
        assert "no such file" in capsys.readouterr().err
        assert not (files / "v.csv").exists()

    @pytest.mark.parametrize(
        "argv",
        [
            ["--level", "counts", "--out", "v.csv", "--partner", "Q=q.csv"],
            ["--level", "counts"],
            ["--level", "nothing", "--out", "v.csv"],
            ["--level", "everything", "--out", "v.csv"],
            ["--level", "counts", "--out", "v.txt"],
            ["--level", "counts", "--out", "v.csv", "--min-count", "0"],
            ["--level", "overlaps", "--out", "v.csv", "--min-count", "2"],
            ["--level", "counts", "--out", "v.csv", "--format", "xml"],
        ],
        ids=[
            "two-partners",
            "no-out",
            "level-nothing",
            "unknown-level",
            "unknown-extension",
            "min-count-zero",
            "min-count-wrong-level",
            "unknown-format",
        ],
    )
    def test_usage_errors_exit_2(self, files, argv, capsys):
        """Usage errors exit 2 and write nothing."""
        with pytest.raises(SystemExit) as info:
            share(files, *argv)
        assert 2 == info.value.code
        assert not (files / "v.csv").exists()

    def test_partner_name_never_becomes_a_path(self, files):
        """A partner name with path characters is only a label: the file goes where --out says."""
        out = files / "view.json"
        code = main(
            [
                "share",
                str(files / "ours.csv"),
                "--partner",
                f"../../evil={files / 'p.csv'}",
                "--level",
                "counts",
                "--out",
                str(out),
            ]
        )
        assert 0 == code
        assert ["ours.csv", "p.csv", "view.json"] == sorted(os.listdir(files))


DOC = Path(__file__).parent.parent / "docs" / "explanation" / "sharing.md"
DOC_OURS = """\
id,name,domain,stage,owner_name,owner_email,amount
o-101,Acme Inc.,acme.com,customer,Kim Park,kim@ours.example,120000
o-102,Globex Corporation,globex.com,customer,Lee Wong,lee@ours.example,80000
o-103,Initech LLC,,customer,Mo Diaz,mo@ours.example,
o-104,Umbrella Corp,umbrella.com,opportunity,Ng Hui,ng@ours.example,45000
o-105,Hooli,hooli.com,lead,Pat Roe,pat@ours.example,
o-106,Soylent,soylent.com,customer,Kim Park,kim@ours.example,30000
"""
DOC_NORTHWIND = """\
id,name,website,stage
n-1,ACME,https://www.acme.com/,customer
n-2,Globex,globex.com/contact,customer
n-3,Initech,,customer
n-4,Umbrella Corporation,umbrella.com,lead
n-5,Hooli XYZ,hooli.com,opportunity
n-6,Vandelay Industries,vandelay.com,lead
"""


class TestDocumentedExample:
    def test_inputs_are_in_the_page(self):
        """The sharing page shows the example's input files as the tests use them."""
        page = DOC.read_text(encoding="utf-8")
        assert "ours.csv\n" + DOC_OURS in page
        assert "northwind.csv\n" + DOC_NORTHWIND in page

    @pytest.mark.parametrize("level", ["counts", "overlaps", "owners"], ids=str)
    def test_outputs_are_real(self, tmp_path, level):
        """Each CSV export on the sharing page is what `cocorev share` writes for the example."""
        (tmp_path / "ours.csv").write_text(DOC_OURS, encoding="utf-8")
        (tmp_path / "northwind.csv").write_text(DOC_NORTHWIND, encoding="utf-8")
        out = tmp_path / "view.csv"
        code = main(
            [
                "share",
                str(tmp_path / "ours.csv"),
                "--partner",
                f"Northwind={tmp_path / 'northwind.csv'}",
                "--level",
                level,
                "--out",
                str(out),
            ]
        )
        assert 0 == code
        written = out.read_text(encoding="utf-8").replace("\r\n", "\n")
        assert "```text\n" + written + "```" in DOC.read_text(encoding="utf-8")

    def test_owners_json_excerpt_is_real(self, tmp_path):
        """The JSON excerpt on the sharing page is the start of the real owners view."""
        view = map_accounts(
            list(read_accounts(io.StringIO(DOC_OURS))),
            {"Northwind": list(read_accounts(io.StringIO(DOC_NORTHWIND)))},
        ).shared_with("Northwind", "owners")
        data = view.to_dict()
        excerpt = json.dumps({**data, "accounts": data["accounts"][:1]}, indent=2)
        head = excerpt[: excerpt.rindex("}\n  ]")] + "},\n    ...\n  ]\n}"
        assert head in DOC.read_text(encoding="utf-8")


class TestSharedViewInvariants:
    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"level": "nothing", "total": 3}, "holds no counts"),
            (
                {
                    "level": "overlaps",
                    "counts": [StageCount(our_stage=CUS, partner_stage=CUS, count=None)],
                },
                "holds no counts",
            ),
            (
                {
                    "level": "counts",
                    "accounts": [
                        SharedAccount(
                            partner_account_id="p",
                            partner_account_name="P",
                            partner_website=None,
                            partner_stage=CUS,
                            our_stage=CUS,
                            rule="domain",
                            confidence=0.99,
                        )
                    ],
                },
                "holds no accounts",
            ),
            (
                {
                    "level": "overlaps",
                    "accounts": [
                        SharedAccount(
                            partner_account_id="p",
                            partner_account_name="P",
                            partner_website=None,
                            partner_stage=CUS,
                            our_stage=CUS,
                            rule="domain",
                            confidence=0.99,
                            owner=Owner("Kim"),
                        )
                    ],
                },
                "holds no owners",
            ),
            (
                {
                    "level": "counts",
                    "counts": [StageCount(our_stage=CUS, partner_stage=CUS, count=1)],
                },
                "must be suppressed",
            ),
            (
                {
                    "level": "counts",
                    "counts": [StageCount(our_stage=CUS, partner_stage=CUS, count=None)],
                    "total": 1,
                },
                "total must be hidden",
            ),
        ],
        ids=[
            "total-at-nothing",
            "counts-at-overlaps",
            "accounts-at-counts",
            "owner-at-overlaps",
            "small-count",
            "total-with-hidden",
        ],
    )
    def test_a_view_cannot_hold_more_than_its_level(self, kwargs, message):
        """A view built by hand that holds more than its level allows is refused."""
        with pytest.raises(ConfigError, match=message):
            SharedView(partner="P", **kwargs)
