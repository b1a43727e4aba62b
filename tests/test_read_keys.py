"""Match keys made while reading: the same keys, and the same map, as the matcher's own."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cocorev import Account, MatchConfig, Owner, Stage, map_accounts, read_accounts
from cocorev.dataframes import accounts_from_dataframe
from cocorev.io import read_accounts_jsonl
from cocorev.match import _known_keys
from cocorev.models import _checked_account
from cocorev.normalize import _held_once, _record_keys

DATA = Path(__file__).resolve().parent / "data"
PARTNERS = ("northwind", "contoso", "fabrikam")

TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=14
).filter(lambda s: s.strip() == s)
NAMES = (
    st.sampled_from(
        ["Acme Inc.", "ACME", "The Hartford", "Data Systems", "n/a", "LLC", "Slashy LLLC"]
    )
    | TEXT
)
WEBSITES = st.sampled_from(
    ["", "acme.com", "https://www.acme.co.uk/x", "gmail.com", "a.myshopify.com", "n/a"]
) | TEXT.filter(lambda s: "," not in s)


def _csv(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "name", "domain", "stage"])
    writer.writerows(rows)
    return buffer.getvalue()


@given(st.lists(st.tuples(NAMES, WEBSITES), min_size=1, max_size=8))
def test_reader_keys_are_the_matchers_keys(records):
    """The keys a reader makes equal what the matcher makes of the accounts it loaded."""
    text = _csv([(f"r{k}", name, site, "lead") for k, (name, site) in enumerate(records)])
    loaded = read_accounts(io.StringIO(text))
    expected = _record_keys([a.name for a in loaded], [a.website for a in loaded], frozenset())
    keys = _known_keys(loaded)
    assert keys is not None
    assert [_held_once(k) for k in expected] == list(keys)


def test_every_reader_keeps_keys_for_each_account(tmp_path):
    """CSV (a report footer too), JSON Lines and DataFrames keep one key per account."""
    text = (
        "Account ID,Account Name,Website,Type\n"
        "001,Acme Inc.,acme.com,Customer\n"
        "002,,globex.com,Prospect\n"
        "003,Initech LLC,,Prospect\n"
        "\n"
        '"Grand Totals (3 records)"\n'
    )
    csv_result = read_accounts(io.StringIO(text), preset="salesforce")
    assert any("report footer" in note for note in csv_result.report.notes)
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text(
        '{"id": "1", "name": "Acme Inc.", "website": "acme.com", "stage": "lead"}\n'
        '{"id": "2", "name": "", "stage": "lead"}\n',
        encoding="utf-8",
    )
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame(
        {"id": ["1", "2"], "name": ["Acme", "Globex Corp"], "stage": ["lead", "customer"]}
    )
    for result, names in (
        (csv_result, ["acme", "initech"]),
        (read_accounts_jsonl(jsonl), ["acme"]),
        (accounts_from_dataframe(frame), ["acme", "globex"]),
    ):
        keys = _known_keys(result)
        assert keys is not None
        assert names == [k[0] for k in keys]


def test_sliced_results_carry_no_keys():
    """Only a whole LoadResult has keys; its accounts alone are matched from scratch."""
    loaded = read_accounts(DATA / "ours.csv")
    keys = _known_keys(loaded)
    assert keys is not None
    assert len(loaded) == len(keys)
    assert _known_keys(loaded.accounts) is None
    assert _known_keys(list(loaded)[:3]) is None


def _mapped(ours, partners, config=None):
    result = map_accounts(ours, partners, config=config)
    return (
        [
            (o.account.id, o.partner, o.partner_account.id, o.match.evidence)
            for o in result.overlaps
        ],
        [(c.match.ours.id, c.partner, c.match.theirs.id) for c in result.candidates],
        result.playbook.counts(),
    )


@pytest.mark.parametrize(
    "config", [None, MatchConfig(free_mail=["zenysis.com"])], ids=["default", "free_mail"]
)
def test_map_from_reader_keys_equals_map_from_accounts(config):
    """Mapping the bundled sample's LoadResults equals mapping their bare accounts.

    With the configuration's own free-mail domains the reader's keys no longer hold,
    and the matcher makes its own: zenysis.com, which two pairs of the sample share,
    is then no evidence.
    """
    ours = read_accounts(DATA / "ours.csv")
    partners = {p: read_accounts(DATA / f"{p}.csv") for p in PARTNERS}
    from_keys = _mapped(ours, partners, config)
    from_accounts = _mapped(ours.accounts, {p: r.accounts for p, r in partners.items()}, config)
    assert from_accounts == from_keys
    assert len(from_keys[0]) > 200  # the sample's overlaps, not an empty map
    shared = {evidence.shared_domain for *_, evidence in from_keys[0]}
    assert ("zenysis.com" in shared) == (config is None)


ACCOUNT_FIELDS = st.fixed_dictionaries(
    {
        "id": TEXT.filter(str.strip),
        "name": TEXT.filter(str.strip),
        "website": st.none() | TEXT,
        "stage": st.sampled_from(list(Stage)),
        "owner": st.none() | st.builds(Owner, st.none() | TEXT, st.none() | TEXT),
        "amount": st.none() | st.floats(min_value=0, max_value=1e12, allow_nan=False),
        "identifiers": st.lists(st.tuples(st.sampled_from(["lei", "duns"]), TEXT), max_size=3),
        "extra": st.lists(st.tuples(TEXT, TEXT), max_size=3),
    }
)


@given(ACCOUNT_FIELDS)
def test_checked_account_equals_account(fields):
    """An account built from checked fields equals one built through the validators."""
    fields = {
        **fields,
        "identifiers": tuple(fields["identifiers"]),
        "extra": tuple(fields["extra"]),
    }
    built = _checked_account(**fields)
    expected = Account(**fields)
    assert expected == built
    assert attrs.asdict(expected) == attrs.asdict(built)
    assert hash(expected) == hash(built)


def test_accounts_of_one_owner_share_it():
    """A rep who owns many accounts is read once and held once, however many rows name them."""
    rows = (
        "".join(f"{k},Company {k},,lead,Ann Lee (ann@ours.example),\n" for k in range(5))
        + "9,Company 9,,lead,Bo Chen,bo@ours.example\n"
    )
    loaded = read_accounts(io.StringIO("id,name,domain,stage,owner_name,owner_email\n" + rows))
    owners = [a.owner for a in loaded]
    assert Owner("Ann Lee", "ann@ours.example") == owners[0]
    assert all(owner is owners[0] for owner in owners[:5])
    assert Owner("Bo Chen", "bo@ours.example") == owners[5]


def _sample_pair():
    ours = read_accounts(
        io.StringIO(
            "id,name,domain,stage\n1,Acme Inc,acme.com,customer\n2,Globex,globex.com,lead\n"
        )
    )
    theirs = read_accounts(
        io.StringIO("id,name,domain,stage\nt1,Totally Different Co,acme.com,customer\n")
    )
    return ours, theirs


@pytest.mark.parametrize("change", ["fixed website", "reversed"])
def test_a_result_rebuilt_with_other_accounts_is_matched_from_its_accounts(change):
    """Keys made for one tuple of accounts are never used for another, however long.

    Found in a user test: a result evolved with a corrected website (or its accounts
    reordered) was matched with the old keys, on a domain it no longer had.
    """
    ours, theirs = _sample_pair()
    if change == "fixed website":
        accounts = [attrs.evolve(a, website="initech.com") if a.id == "1" else a for a in ours]
    else:
        accounts = list(ours)[::-1]
    rebuilt = attrs.evolve(ours, accounts=accounts)
    assert _known_keys(rebuilt) is None
    assert _mapped(list(rebuilt), {"P": theirs}) == _mapped(rebuilt, {"P": theirs})
    expected = [] if change == "fixed website" else [("1", "P", "t1")]
    assert expected == [o[:3] for o in _mapped(rebuilt, {"P": theirs})[0]]


def test_a_result_with_a_new_report_keeps_its_keys():
    """Only the accounts tie the keys: a result evolved with another report keeps them."""
    ours, _theirs = _sample_pair()
    noted = attrs.evolve(ours, report=attrs.evolve(ours.report, notes=("checked",)))
    assert _known_keys(ours) == _known_keys(noted)
    assert _known_keys(noted) is not None


def test_other_objects_with_a_keys_attribute_are_matched_from_their_accounts():
    """A collection that has a ``_keys`` of its own (sortedcontainers) is no LoadResult."""

    class Keyed(list[Account]):
        _keys = ("not", "match", "keys")

    ours = Keyed([Account(id="1", name="Acme Inc", website="acme.com", stage=Stage.CUSTOMER)])
    theirs = [Account(id="t1", name="Acme", website="acme.com", stage=Stage.LEAD)]
    assert _known_keys(ours) is None
    assert [("1", "P", "t1")] == [o[:3] for o in _mapped(ours, {"P": theirs})[0]]
