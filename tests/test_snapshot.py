"""Snapshots of mapping runs: building, JSON round trips, output folders and the store."""

from __future__ import annotations

import csv
import json
import os
import sqlite3
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cocorev.errors import InputError, SchemaError
from cocorev.io import write_results
from cocorev.models import Account, Owner, Play, Stage
from cocorev.overlap import map_accounts
from cocorev.snapshot import Snapshot, SnapshotInfo, SnapshotOverlap, SnapshotStore

T0 = datetime(2024, 5, 6, 9, 0, tzinfo=UTC)
ANN = Owner("Ann Lee", "ann@northwind.example")


def ours():
    return [
        Account(
            id="A1",
            name="Acme Inc.",
            website="acme.com",
            stage=Stage.OPPORTUNITY,
            owner=Owner("Bo", "bo@us.example"),
            amount=5000,
            identifiers={"duns": "123"},
            extra={"region": "EMEA"},
        ),
        Account(id="A2", name="Globex", website="globex.com", stage=Stage.LEAD),
        Account(id="A3", name="Umbrella", website="umbrella.com", stage=Stage.CUSTOMER),
    ]


def partners():
    return {
        "Northwind": [
            Account(
                id="n1",
                name="ACME",
                website="https://www.acme.com/",
                stage=Stage.CUSTOMER,
                owner=ANN,
                amount=99,
            ),
            Account(
                id="n2", name="Globex Corp", website="globex.com", stage=Stage.CUSTOMER, owner=ANN
            ),
        ],
        "Contoso": [Account(id="c9", name="Acme", website="acme.com", stage=Stage.LEAD)],
    }


def snapshot(at=T0):
    return map_accounts(ours(), partners()).snapshot(taken_at=at)


class TestFromAccountMap:
    def test_keeps_accounts_partners_and_overlaps(self):
        """A snapshot keeps our accounts (without ids or extras), the partners and each overlap."""
        snap = snapshot()
        assert ("A1", "A2", "A3") == tuple(a.id for a in snap.accounts)
        assert (
            Account(
                id="A1",
                name="Acme Inc.",
                website="acme.com",
                stage=Stage.OPPORTUNITY,
                owner=Owner("Bo", "bo@us.example"),
                amount=5000,
            )
            == snap.accounts[0]
        )
        assert ("Contoso", "Northwind") == snap.partners
        assert (
            ("A1", "Contoso", "c9"),
            ("A1", "Northwind", "n1"),
            ("A2", "Northwind", "n2"),
        ) == tuple(o.key for o in snap.overlaps)
        assert (Play.PARTNERSHIP, Play.ACCELERATE, Play.GENERATE) == tuple(
            o.play for o in snap.overlaps
        )
        assert (
            Account(
                id="n1",
                name="ACME",
                website="https://www.acme.com/",
                stage=Stage.CUSTOMER,
                owner=ANN,
            )
            == snap.overlaps[1].partner_account
        )
        assert "map" == snap.source

    def test_taken_at_is_stored_in_utc(self):
        """An aware taken_at in another zone is kept as the same instant in UTC."""
        paris = timezone(timedelta(hours=2))
        snap = snapshot(datetime(2024, 5, 6, 11, 0, tzinfo=paris))
        assert T0 == snap.taken_at
        assert UTC == snap.taken_at.tzinfo

    def test_default_taken_at_is_aware_utc(self):
        """Without taken_at the snapshot is dated now, in UTC, to the second."""
        snap = map_accounts(ours(), partners()).snapshot()
        assert (UTC, 0) == (snap.taken_at.tzinfo, snap.taken_at.microsecond)

    def test_naive_taken_at_is_refused(self):
        """A naive datetime is refused rather than guessed."""
        with pytest.raises(ValueError, match="timezone-aware"):
            snapshot(datetime(2024, 5, 6, 9, 0))

    def test_equal_maps_give_identical_bytes(self):
        """Two mappings of the same lists in another order serialise to the same bytes."""
        shuffled = {name: list(reversed(accounts)) for name, accounts in partners().items()}
        again = map_accounts(list(reversed(ours())), dict(reversed(shuffled.items())))
        assert snapshot().to_json() == again.snapshot(taken_at=T0).to_json()
        assert snapshot().to_json(indent=2) == again.snapshot(taken_at=T0).to_json(indent=2)


class TestSerialisation:
    def test_to_dict_document(self):
        """to_dict gives the versioned document with sorted rows."""
        data = Snapshot(
            taken_at=T0,
            accounts=[Account(id="A2", name="Globex", stage=Stage.LEAD, amount=10)],
            partners=["Northwind"],
            overlaps=[
                SnapshotOverlap(
                    account_id="A2",
                    partner="Northwind",
                    partner_account=Account(
                        id="n2",
                        name="Globex Corp",
                        website="globex.com",
                        stage="customer",
                        owner=ANN,
                    ),
                    confidence=0.95,
                    rule="domain",
                    play=Play.GENERATE,
                )
            ],
        ).to_dict()
        assert {
            "format": "cocorev.snapshot",
            "version": 1,
            "taken_at": "2024-05-06T09:00:00Z",
            "source": "map",
            "accounts": [
                {
                    "amount": 10.0,
                    "id": "A2",
                    "name": "Globex",
                    "owner": None,
                    "stage": "lead",
                    "website": None,
                }
            ],
            "partners": ["Northwind"],
            "overlaps": [
                {
                    "account_id": "A2",
                    "confidence": 0.95,
                    "partner": "Northwind",
                    "partner_account_id": "n2",
                    "partner_account_name": "Globex Corp",
                    "partner_owner": {"email": "ann@northwind.example", "name": "Ann Lee"},
                    "partner_stage": "customer",
                    "partner_website": "globex.com",
                    "play": "generate",
                    "rule": "domain",
                }
            ],
        } == data

    def test_dict_round_trip(self):
        """from_dict(to_dict(s)) == s."""
        snap = snapshot()
        assert snap == Snapshot.from_dict(snap.to_dict())

    def test_json_round_trip(self):
        """from_json(to_json(s)) == s, compact or indented."""
        snap = snapshot()
        assert snap == Snapshot.from_json(snap.to_json())
        assert snap == Snapshot.from_json(snap.to_json(indent=2))

    @given(st.data())
    def test_round_trip_property(self, data):
        """Any snapshot survives to_json/from_json unchanged."""
        snap = data.draw(snapshots())
        assert snap == Snapshot.from_json(snap.to_json())
        assert snap.to_json() == Snapshot.from_json(snap.to_json()).to_json()

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            (lambda d: d.update(format="other"), "not a cocorev snapshot"),
            (lambda d: d.update(version=2), "version 2 is not supported"),
            (lambda d: d.pop("overlaps"), "missing field 'overlaps'"),
            (
                lambda d: d.update(taken_at="2024-05-06T09:00:00"),
                r"time '2024-05-06T09:00:00' has no time zone; add Z for UTC or an offset",
            ),
            (lambda d: d["accounts"][0].update(stage="prospect"), "malformed field"),
            (lambda d: d["overlaps"][0].update(confidence=1.5), "confidence"),
            (lambda d: d.update(source="csv"), "malformed field"),
            (lambda d: d["overlaps"].append(dict(d["overlaps"][0])), "appears twice"),
            (lambda d: d["accounts"].append(dict(d["accounts"][0])), "appears twice"),
            (lambda d: d["overlaps"][0].update(account_id="ZZ"), "not in accounts"),
            (lambda d: d.update(partners=["Contoso"]), "not in partners"),
        ],
        ids=[
            "format",
            "version",
            "missing",
            "naive-time",
            "stage",
            "confidence",
            "source",
            "dup-overlap",
            "dup-account",
            "dangling-account",
            "dangling-partner",
        ],
    )
    def test_invalid_documents_are_refused(self, change, message):
        """A document that is not a valid version-1 snapshot raises SchemaError saying why."""
        data = json.loads(snapshot().to_json())
        change(data)
        with pytest.raises(SchemaError, match=message):
            Snapshot.from_dict(data)

    def test_not_json(self):
        """Text that is not JSON raises SchemaError."""
        with pytest.raises(SchemaError, match="not valid JSON"):
            Snapshot.from_json("{oops")


@st.composite
def snapshots(draw):
    text = st.text(min_size=1, max_size=12).filter(lambda s: s.strip())
    owners = st.none() | st.builds(Owner, st.none() | text, st.none() | st.emails().map(str.lower))
    ids = draw(st.lists(text, min_size=0, max_size=5, unique=True))
    accounts = [
        Account(
            id=i,
            name=draw(text),
            website=draw(st.none() | text),
            stage=draw(st.sampled_from(Stage)),
            owner=draw(owners),
            amount=draw(st.none() | st.floats(min_value=0, max_value=1e9)),
        )
        for i in ids
    ]
    names = draw(st.lists(text, min_size=1, max_size=3, unique=True))
    overlaps = []
    if ids:
        keys = draw(
            st.lists(
                st.tuples(st.sampled_from(ids), st.sampled_from(names), text),
                max_size=6,
                unique=True,
            )
        )
        overlaps = [
            SnapshotOverlap(
                account_id=a,
                partner=p,
                partner_account=Account(
                    id=pid,
                    name=draw(text),
                    website=draw(st.none() | text),
                    stage=draw(st.sampled_from(Stage)),
                    owner=draw(owners),
                ),
                confidence=draw(st.floats(min_value=0, max_value=1)),
                rule=draw(st.sampled_from(["domain", "name", "identifier"])),
                play=draw(st.sampled_from(Play)),
            )
            for a, p, pid in keys
        ]
    when = draw(
        st.datetimes(
            min_value=datetime(2000, 1, 1),
            max_value=datetime(2100, 1, 1),
            timezones=st.just(UTC),
        )
    )
    return Snapshot(taken_at=when, accounts=accounts, partners=names, overlaps=overlaps)


class TestFromFolder:
    def test_write_results_writes_the_snapshot(self, tmp_path):
        """write_results adds snapshot.json, which from_folder reads back losslessly."""
        account_map = map_accounts(ours(), partners())
        written = write_results(account_map, tmp_path, taken_at=T0)
        assert tmp_path / "snapshot.json" in written
        assert account_map.snapshot(taken_at=T0) == Snapshot.from_folder(tmp_path)

    def test_snapshot_json_wins_over_taken_at(self, tmp_path):
        """With snapshot.json present, its own taken_at is kept."""
        write_results(map_accounts(ours(), partners()), tmp_path, taken_at=T0)
        assert T0 == Snapshot.from_folder(tmp_path, taken_at=T0 + timedelta(days=3)).taken_at

    def test_falls_back_to_overlaps_csv(self, tmp_path):
        """An older folder without snapshot.json is rebuilt from overlaps.csv."""
        account_map = map_accounts(ours(), partners())
        write_results(account_map, tmp_path, taken_at=T0)
        (tmp_path / "snapshot.json").unlink()
        snap = Snapshot.from_folder(tmp_path, taken_at=T0)
        full = account_map.snapshot(taken_at=T0)
        assert "overlaps.csv" == snap.source
        assert T0 == snap.taken_at
        assert tuple(o.key for o in full.overlaps) == tuple(o.key for o in snap.overlaps)
        assert tuple((o.partner_stage, o.play) for o in full.overlaps) == tuple(
            (o.partner_stage, o.play) for o in snap.overlaps
        )
        assert (None, ANN, None) == tuple(o.partner_account.owner for o in snap.overlaps)
        assert (("A1", Stage.OPPORTUNITY), ("A2", Stage.LEAD)) == tuple(
            (a.id, a.stage) for a in snap.accounts
        )
        assert ("Contoso", "Northwind") == snap.partners

    def test_fallback_dates_by_file_time(self, tmp_path):
        """Without taken_at, a CSV-only folder is dated by overlaps.csv's modification time."""
        write_results(map_accounts(ours(), partners()), tmp_path)
        (tmp_path / "snapshot.json").unlink()
        stamp = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC).timestamp()
        os.utime(tmp_path / "overlaps.csv", (stamp, stamp))
        assert datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC) == Snapshot.from_folder(tmp_path).taken_at

    def test_formula_guard_is_undone(self, tmp_path):
        """Names written with the spreadsheet formula guard come back as they were."""
        mine = [Account(id="=1", name="=Acme", website="acme.com", stage=Stage.CUSTOMER)]
        theirs = {"-P": [Account(id="+9", name="@Acme", website="acme.com", stage="customer")]}
        write_results(map_accounts(mine, theirs), tmp_path, taken_at=T0)
        (tmp_path / "snapshot.json").unlink()
        snap = Snapshot.from_folder(tmp_path)
        assert (("=1", "-P", "+9"), "=Acme", "@Acme") == (
            snap.overlaps[0].key,
            snap.accounts[0].name,
            snap.overlaps[0].partner_account.name,
        )

    @pytest.mark.parametrize(
        ("setup", "error", "message"),
        [
            (lambda p: p / "missing", InputError, "not a folder"),
            (lambda p: p, InputError, "no snapshot.json or overlaps.csv"),
            (
                lambda p: (p / "snapshot.json").write_text("[]") and p,
                SchemaError,
                "not a cocorev snapshot",
            ),
            (
                lambda p: (p / "overlaps.csv").write_text("a,b\n1,2\n") and p,
                SchemaError,
                "missing column",
            ),
        ],
        ids=["missing", "empty", "bad-json", "bad-csv"],
    )
    def test_bad_folders(self, tmp_path, setup, error, message):
        """A folder that holds no readable snapshot raises an InputError saying why."""
        with pytest.raises(error, match=message):
            Snapshot.from_folder(setup(tmp_path))

    def test_bad_csv_row_names_the_line(self, tmp_path):
        """A CSV row with an unknown stage raises SchemaError naming its line."""
        account_map = map_accounts(ours(), partners())
        write_results(account_map, tmp_path, taken_at=T0)
        (tmp_path / "snapshot.json").unlink()
        path = tmp_path / "overlaps.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        rows[2][2] = "prospect"
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)
        with pytest.raises(SchemaError, match=r"overlaps.csv:3:"):
            Snapshot.from_folder(tmp_path)


class TestSnapshotStore:
    def test_save_get_list_latest(self):
        """Saved snapshots come back by id, are listed by date and the latest is found."""
        store = SnapshotStore.memory()
        week2, week1 = snapshot(T0 + timedelta(days=7)), snapshot(T0)
        assert 1 == store.save(week2, label="week 2")
        assert 2 == store.save(week1)
        assert week1 == store.get(2)
        assert (
            SnapshotInfo(id=2, taken_at=T0, label=None, accounts=3, overlaps=3),
            SnapshotInfo(
                id=1, taken_at=T0 + timedelta(days=7), label="week 2", accounts=3, overlaps=3
            ),
        ) == store.list()
        assert week2 == store.latest()
        assert week1 == store.latest(before=T0 + timedelta(days=7))
        assert store.latest(before=T0) is None

    def test_latest_tie_goes_to_last_saved(self):
        """Two snapshots taken at the same time: the one saved last is the latest."""
        store = SnapshotStore.memory()
        store.save(snapshot())
        store.save(snapshot(), label="again")
        latest = store.latest_info()
        assert latest is not None
        assert (2, "again") == (latest.id, latest.label)

    def test_empty_store(self):
        """An empty store lists nothing and has no latest."""
        store = SnapshotStore.memory()
        assert ((), None) == (store.list(), store.latest())

    def test_unknown_id(self):
        """Getting an id that was never saved raises InputError."""
        with pytest.raises(InputError, match="no snapshot with id 7"):
            SnapshotStore.memory().get(7)

    def test_file_store_persists_in_wal_mode(self, tmp_path):
        """A file store is in WAL mode and keeps snapshots across connections."""
        path = tmp_path / "cocorev.db"
        with SnapshotStore.open(path) as store:
            store.save(snapshot(), label="w19")
        with SnapshotStore.open(path) as store:
            assert snapshot() == store.get(1)
        with sqlite3.connect(path) as raw:
            assert "wal" == raw.execute("PRAGMA journal_mode").fetchone()[0]

    def test_coexists_with_other_tables(self, tmp_path):
        """The store shares a file with a ledger's tables and leaves them untouched."""
        path = tmp_path / "shared.db"
        with sqlite3.connect(path) as raw:
            raw.execute("CREATE TABLE ledger_entries (id INTEGER PRIMARY KEY, note TEXT)")
            raw.execute("INSERT INTO ledger_entries (note) VALUES ('gave an intro')")
            raw.execute("PRAGMA user_version = 5")
        with SnapshotStore.open(path) as store:
            store.save(snapshot())
        with sqlite3.connect(path) as raw:
            tables = raw.execute(
                "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_autoindex%' "
                "ORDER BY name"
            ).fetchall()
            rows = raw.execute("SELECT id, note FROM ledger_entries").fetchall()
            version = raw.execute("PRAGMA user_version").fetchone()[0]
        assert [
            ("table", "cocorev_snapshots"),
            ("index", "cocorev_snapshots_taken_at"),
            ("table", "ledger_entries"),
        ] == tables
        assert ([(1, "gave an intro")], 5) == (rows, version)

    def test_foreign_table_of_the_same_name_is_refused(self, tmp_path):
        """A cocorev_snapshots table of another shape raises SchemaError, never misread."""
        path = tmp_path / "other.db"
        with sqlite3.connect(path) as raw:
            raw.execute("CREATE TABLE cocorev_snapshots (x TEXT)")
        with pytest.raises(SchemaError, match="has columns"):
            SnapshotStore.open(path)

    def test_newer_schema_is_refused(self, tmp_path):
        """Rows written by a newer store schema make the file refuse to open."""
        path = tmp_path / "newer.db"
        with SnapshotStore.open(path) as store:
            store.save(snapshot())
        with sqlite3.connect(path) as raw:
            raw.execute("UPDATE cocorev_snapshots SET schema_version = 2")
        with pytest.raises(SchemaError, match="store schema 2"):
            SnapshotStore.open(path)

    def test_not_a_database(self, tmp_path):
        """A file that is not SQLite raises InputError."""
        path = tmp_path / "notes.db"
        path.write_text("not a database, just notes\n" * 100)
        with pytest.raises(InputError, match="not"):
            SnapshotStore.open(path)
