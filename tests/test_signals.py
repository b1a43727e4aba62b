"""Signals between two runs: types, priorities, stability, outputs, webhooks and the CLI."""

from __future__ import annotations

import io
import json
import re
import shlex
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from attrs import evolve
from hypothesis import given
from hypothesis import strategies as st

from cocorev.cli import main
from cocorev.errors import InputError, SchemaError
from cocorev.io import write_results
from cocorev.models import Account, Owner, Play, Stage
from cocorev.overlap import map_accounts
from cocorev.signals import (
    PRIORITY_ORDER,
    Signal,
    SignalType,
    diff,
    verify_webhook,
    webhook_request,
    write_jsonl,
)
from cocorev.snapshot import Snapshot

T0 = datetime(2024, 5, 6, 9, 0, tzinfo=UTC)
T1 = T0 + timedelta(days=7)
ANN = Owner("Ann Lee", "ann@northwind.example")
CY = Owner("Cy Park", "cy@northwind.example")
BO = Owner("Bo Diaz", "bo@us.example")
C, O, L = Stage.CUSTOMER, Stage.OPPORTUNITY, Stage.LEAD  # noqa: E741 - the spec writes C-O, O-L
T = SignalType


def run(our_stage, partner_stage, *, when=T0, owner=ANN, partner_id="n1", our_id="A1"):
    """One mapping of our Globex against Northwind's (absent when partner_stage is None)."""
    ours = [Account(id=our_id, name="Globex Corp", website="globex.com", stage=our_stage, owner=BO)]
    theirs = []
    if partner_stage is not None:
        theirs = [
            Account(
                id=partner_id, name="Globex", website="globex.com", stage=partner_stage, owner=owner
            )
        ]
    return map_accounts(ours, {"Northwind": theirs}).snapshot(taken_at=when)


def summary(signals):
    return tuple(
        (
            s.type,
            s.priority,
            s.our_stage_before,
            s.our_stage_after,
            s.partner_stage_before,
            s.partner_stage_after,
            s.play_before,
            s.play_after,
        )
        for s in signals
    )


A, X, G, P = Play.ACCELERATE, Play.EXPANSION, Play.GENERATE, Play.PARTNERSHIP


class TestSignalTypes:
    @pytest.mark.parametrize(
        ("before", "after", "expected"),
        [
            ((L, None), (L, C), ((T.OVERLAP_APPEARED, 5, None, L, None, C, None, G),)),
            ((O, C), (O, None), ((T.OVERLAP_GONE, 10, O, None, C, None, A, None),)),
            ((L, L), (L, O), ((T.PARTNER_STAGE_ADVANCED, 7, L, L, L, O, G, G),)),
            ((C, C), (C, O), ((T.PARTNER_STAGE_REGRESSED, 4, C, C, C, O, X, X),)),
            (
                (O, L),
                (O, C),
                (
                    (T.PARTNER_STAGE_ADVANCED, 1, O, O, L, C, P, A),
                    (T.PLAY_CHANGED, 1, O, O, L, C, P, A),
                ),
            ),
            (
                (L, C),
                (O, C),
                (
                    (T.OUR_STAGE_ADVANCED, 1, L, O, C, C, G, A),
                    (T.PLAY_CHANGED, 1, L, O, C, C, G, A),
                ),
            ),
            (
                (O, O),
                (C, O),
                (
                    (T.OUR_STAGE_ADVANCED, 4, O, C, O, O, A, X),
                    (T.PLAY_CHANGED, 4, O, C, O, O, A, X),
                ),
            ),
            (
                (C, C),
                (O, C),
                (
                    (T.OUR_STAGE_REGRESSED, 1, C, O, C, C, X, A),
                    (T.PLAY_CHANGED, 1, C, O, C, C, X, A),
                ),
            ),
            ((C, L), (O, L), ((T.OUR_STAGE_REGRESSED, 9, C, O, L, L, P, P),)),
            (
                (L, L),
                (O, O),
                (
                    (T.PARTNER_STAGE_ADVANCED, 2, L, O, L, O, G, A),
                    (T.OUR_STAGE_ADVANCED, 2, L, O, L, O, G, A),
                    (T.PLAY_CHANGED, 2, L, O, L, O, G, A),
                ),
            ),
            ((O, C), (O, C), ()),
        ],
        ids=[
            "appeared",
            "gone",
            "partner-advanced",
            "partner-regressed",
            "partner-advanced-new-play",
            "our-lead-became-opportunity",
            "we-won",
            "our-customer-back-to-opportunity",
            "our-regressed-same-play",
            "both-advanced",
            "no-change",
        ],
    )
    def test_stage_moves(self, before, after, expected):
        """Each stage move gives its typed signals with stages, plays and priority."""
        assert expected == summary(diff(run(*before), run(*after, when=T1)))

    def test_owner_changed(self):
        """A new partner owner on the account gives OWNER_CHANGED naming both owners."""
        (signal,) = diff(run(O, C, owner=ANN), run(O, C, owner=CY, when=T1))
        assert (T.OWNER_CHANGED, ANN, CY, 1) == (
            signal.type,
            signal.partner_owner_before,
            signal.partner_owner_after,
            signal.priority,
        )
        assert signal.next_step.startswith(
            "Northwind's owner for Globex Corp changed from Ann Lee <ann@northwind.example> "
            "to Cy Park <cy@northwind.example>. Reach out to Cy Park <cy@northwind.example>"
        )

    @pytest.mark.parametrize(
        ("before", "after"),
        [
            (ANN, Owner("ann lee", "ANN@Northwind.example ")),
            (ANN, Owner(None, "ann@northwind.example")),
            (Owner("Ann  Lee", None), Owner("ann lee", None)),
        ],
        ids=["email-case", "name-dropped", "name-spacing"],
    )
    def test_same_owner_written_differently(self, before, after):
        """The same person written differently is not an owner change."""
        assert () == diff(run(O, C, owner=before), run(O, C, owner=after, when=T1))

    def test_play_changed_alone(self):
        """A play that changed with the same stages (another play rule) gives PLAY_CHANGED only."""
        before = run(O, C)
        after = evolve(
            before,
            taken_at=T1,
            overlaps=[evolve(o, play=Play.PARTNERSHIP) for o in before.overlaps],
        )
        assert ((T.PLAY_CHANGED, 1, O, O, C, C, A, P),) == summary(diff(before, after))

    def test_the_articles_example_in_full(self):
        """Our lead became an opportunity with a partner customer: come back to Accelerate."""
        first = diff(run(L, C), run(O, C, when=T1))[0]
        assert (
            Signal(
                type=T.OUR_STAGE_ADVANCED,
                at=T1,
                priority=1,
                account_id="A1",
                account_name="Globex Corp",
                partner="Northwind",
                partner_account_id="n1",
                partner_account_name="Globex",
                our_stage_before=L,
                our_stage_after=O,
                partner_stage_before=C,
                partner_stage_after=C,
                play_before=G,
                play_after=A,
                partner_owner_before=ANN,
                partner_owner_after=ANN,
                our_owner=BO,
                next_step=(
                    "Our lead Globex Corp became an opportunity: come back to Accelerate "
                    "Opportunities. Reach out to Ann Lee <ann@northwind.example> at Northwind: "
                    "Northwind has a live relationship with Globex Corp, tap into it. Ask who the "
                    "key stakeholders are, what is important to them right now and any gotchas; "
                    "share what you are seeing too and offer something in return."
                ),
            )
            == first
        )
        assert (A, G) == (first.opens, first.closes)

    @pytest.mark.parametrize(
        ("before", "after", "words"),
        [
            ((L, None), (L, C), "Do not contact Northwind's account owner yet"),
            ((L, None), (L, L), "a candidate for a joint campaign with Northwind"),
            ((C, None), (C, C), "use it to plan your expansion"),
            ((C, None), (C, L), "Do not ask for anything in return yet"),
            ((O, C), (O, None), "the Accelerate Opportunities play with Northwind"),
            ((O, L), (C, L), "We won Globex Corp: still Build Partnerships."),
        ],
        ids=["generate", "joint-campaign", "expansion", "build-partnerships", "gone", "won"],
    )
    def test_next_step_words(self, before, after, words):
        """The next step uses the play's own words."""
        (signal, *_) = diff(run(*before), run(*after, when=T1))
        assert words in signal.next_step

    def test_no_owner_on_record(self):
        """With no partner owner on record, the step says to ask the partner manager."""
        (signal,) = diff(run(O, None), run(O, C, owner=None, when=T1))
        assert "Northwind's account owner (none on record: ask your partner manager)" in (
            signal.next_step
        )


class TestPriority:
    @pytest.mark.parametrize(
        ("pair", "priority"),
        [(pair, i) for i, pair in enumerate(PRIORITY_ORDER, start=1)],
        ids=[f"{o.value}-{p.value}" for o, p in PRIORITY_ORDER],
    )
    def test_appeared_and_gone(self, pair, priority):
        """A new overlap ranks by its after-state; a gone one ranks 9 lower by its before-state."""
        ours, theirs = pair
        (appeared,) = diff(run(ours, None), run(ours, theirs, when=T1))
        (gone,) = diff(run(ours, theirs), run(ours, None, when=T1))
        assert (priority, priority + 9) == (appeared.priority, gone.priority)

    def test_accelerate_opportunity_customer_comes_first(self):
        """The most powerful overlap of all, Opportunity to Customer, has priority 1."""
        assert (O, C) == PRIORITY_ORDER[0]
        assert 9 == len(set(PRIORITY_ORDER))


def many(when, stages):
    """A map of several accounts, each with one Northwind and one Contoso record."""
    ours = [
        Account(id=f"A{i}", name=f"Company {i}", website=f"c{i}.com", stage=s[0])
        for i, s in enumerate(stages)
    ]
    partners = {
        name: [
            Account(id=f"{name[0]}{i}", name=f"Company {i}", website=f"c{i}.com", stage=s[1])
            for i, s in enumerate(stages)
        ]
        for name in ("Northwind", "Contoso")
    }
    return map_accounts(ours, partners).snapshot(taken_at=when)


class TestOrderAndDates:
    def test_order_is_priority_then_ids_then_type(self):
        """Signals come by priority, then our account id, partner, partner account id, type."""
        found = diff(
            many(T0, [(L, L), (O, O), (C, C), (L, C)]),
            many(T1, [(L, C), (O, C), (C, O), (O, C)]),
        )
        assert [
            (1, "A1", "Contoso", "C1", T.PARTNER_STAGE_ADVANCED),
            (1, "A1", "Northwind", "N1", T.PARTNER_STAGE_ADVANCED),
            (1, "A3", "Contoso", "C3", T.OUR_STAGE_ADVANCED),
            (1, "A3", "Contoso", "C3", T.PLAY_CHANGED),
            (1, "A3", "Northwind", "N3", T.OUR_STAGE_ADVANCED),
            (1, "A3", "Northwind", "N3", T.PLAY_CHANGED),
            (4, "A2", "Contoso", "C2", T.PARTNER_STAGE_REGRESSED),
            (4, "A2", "Northwind", "N2", T.PARTNER_STAGE_REGRESSED),
            (5, "A0", "Contoso", "C0", T.PARTNER_STAGE_ADVANCED),
            (5, "A0", "Northwind", "N0", T.PARTNER_STAGE_ADVANCED),
        ] == [(s.priority, s.account_id, s.partner, s.partner_account_id, s.type) for s in found]

    def test_dated_by_the_later_run(self):
        """Signals carry the later run's taken_at unless a date is given."""
        before, after = run(L, C), run(O, C, when=T1)
        assert {T1} == {s.at for s in diff(before, after)}
        stamp = T1 + timedelta(hours=3)
        assert {stamp} == {s.at for s in diff(before, after, at=stamp)}

    def test_account_maps_on_either_side(self):
        """AccountMaps diff like their snapshots, dated by ``at``."""
        ours = [Account(id="A1", name="Globex", website="globex.com", stage=L)]
        theirs = {"Northwind": [Account(id="n1", name="Globex", website="globex.com", stage=C)]}
        first = map_accounts(ours, theirs)
        moved = map_accounts([evolve(ours[0], stage=O)], theirs)
        found = diff(first, moved, at=T1)
        assert ((T.OUR_STAGE_ADVANCED, T1), (T.PLAY_CHANGED, T1)) == tuple(
            (s.type, s.at) for s in found
        )
        assert found == diff(first.snapshot(taken_at=T0), moved, at=T1)

    def test_refuses_other_types(self):
        """A side that is neither a Snapshot nor an AccountMap raises TypeError."""
        with pytest.raises(TypeError, match="Snapshot or an AccountMap"):
            diff(run(L, C), {"overlaps": []})  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("make_later", "later_time"),
        [
            (lambda: run(O, C, when=T1), "2024-05-13T09:00:00Z"),
            (
                lambda: map_accounts(
                    [Account(id="A1", name="Globex", website="globex.com", stage=O)], {}
                ),
                "2024-05-13T09:00:00Z",
            ),
        ],
        ids=["snapshot", "account-map"],
    )
    def test_reverse_order_is_refused(self, make_later, later_time):
        """Runs given later first raise an InputError (a ValueError) naming both times."""
        with pytest.raises(InputError) as caught:
            diff(make_later(), run(L, C), at=T1)
        assert isinstance(caught.value, ValueError)
        assert (
            f"the runs are in reverse order: before was taken at {later_time}, "
            "after at 2024-05-06T09:00:00Z; pass the earlier run first, diff(earlier, later)"
        ) == str(caught.value)

    def test_same_run_gives_nothing(self):
        """A run diffed with itself gives no signal."""
        snap = many(T0, [(L, L), (O, C)])
        assert () == diff(snap, snap)


class TestIdentity:
    def test_partner_record_id_changed(self):
        """A partner record re-created under a new id is the same overlap, not gone plus new."""
        found = diff(run(L, L, partner_id="n1"), run(L, C, partner_id="n1-new", when=T1))
        assert ((T.PARTNER_STAGE_ADVANCED, "n1-new"),) == tuple(
            (s.type, s.partner_account_id) for s in found
        )

    def test_our_record_id_changed(self):
        """Our record re-created under a new id keeps following the same partner account."""
        found = diff(run(L, C, our_id="A1"), run(O, C, our_id="A9", when=T1))
        assert ((T.OUR_STAGE_ADVANCED, "A9"), (T.PLAY_CHANGED, "A9")) == tuple(
            (s.type, s.account_id) for s in found
        )

    def test_ambiguous_re_keying_is_not_guessed(self):
        """Two gone and two new records under one account stay gone and new."""
        ours = [Account(id="A1", name="Globex", website="globex.com", stage=O)]

        def partner(*ids):
            return {
                "Northwind": [
                    Account(id=i, name="Globex", website="globex.com", stage=C) for i in ids
                ]
            }

        before = map_accounts(ours, partner("n1", "n2")).snapshot(taken_at=T0)
        after = map_accounts(ours, partner("n3", "n4")).snapshot(taken_at=T1)
        assert [
            (T.OVERLAP_APPEARED, "n3"),
            (T.OVERLAP_APPEARED, "n4"),
            (T.OVERLAP_GONE, "n1"),
            (T.OVERLAP_GONE, "n2"),
        ] == [(s.type, s.partner_account_id) for s in diff(before, after)]

    def test_partner_left_out_of_the_later_run(self):
        """A partner the later run did not map is not reported gone; a new partner's are new."""
        ours = [Account(id="A1", name="Globex", website="globex.com", stage=O)]
        theirs = [Account(id="n1", name="Globex", website="globex.com", stage=C)]
        before = map_accounts(ours, {"Northwind": theirs}).snapshot(taken_at=T0)
        after = map_accounts(ours, {"Contoso": theirs}).snapshot(taken_at=T1)
        assert [(T.OVERLAP_APPEARED, "Contoso")] == [
            (s.type, s.partner) for s in diff(before, after)
        ]

    def test_hidden_generate_owner_is_not_a_change(self, tmp_path):
        """From CSV-only folders, the owner hidden on a Generate overlap is not an owner change."""
        for name, stage, when in (("w1", L, T0), ("w2", O, T1)):
            ours = [Account(id="A1", name="Globex", website="globex.com", stage=stage)]
            theirs = [Account(id="n1", name="Globex", website="globex.com", stage=C, owner=ANN)]
            write_results(map_accounts(ours, {"Northwind": theirs}), tmp_path / name, taken_at=when)
            (tmp_path / name / "snapshot.json").unlink()
        before = Snapshot.from_folder(tmp_path / "w1", taken_at=T0)
        after = Snapshot.from_folder(tmp_path / "w2", taken_at=T1)
        assert (None, ANN) == (
            before.overlaps[0].partner_account.owner,
            after.overlaps[0].partner_account.owner,
        )
        assert (T.OUR_STAGE_ADVANCED, T.PLAY_CHANGED) == tuple(s.type for s in diff(before, after))

    def test_owner_given_later_is_a_change(self):
        """From full snapshots, an owner where there was none is an owner change."""
        found = diff(run(O, C, owner=None), run(O, C, owner=ANN, when=T1))
        assert ((T.OWNER_CHANGED, None, ANN),) == tuple(
            (s.type, s.partner_owner_before, s.partner_owner_after) for s in found
        )


COMPANIES = (
    ("Acme", "acme.com"),
    ("Globex", "globex.com"),
    ("Initech", "initech.com"),
    ("Umbrella", "umbrella-corp.com"),
    ("Hooli", "hooli.com"),
    ("Stark Industries", "starkindustries.com"),
    ("Wayne Enterprises", "wayne-enterprises.com"),
    ("Soylent", "soylent.com"),
    ("Cyberdyne Systems", "cyberdyne.com"),
    ("Vandelay Industries", "vandelay.com"),
)
NAME_EDITS = (
    lambda s: s,
    str.upper,
    str.lower,
    lambda s: f"  {s} ",
    lambda s: s.replace(" ", "  "),
    lambda s: f"{s} Inc.",
    lambda s: f"{s}, Inc.",
    lambda s: f"{s} LLC",
    lambda s: f"{s} GmbH",
    lambda s: f"{s.upper()} LTD",
)
WEBSITE_EDITS = (
    lambda d: d,
    lambda d: f"www.{d}",
    lambda d: f"https://{d}",
    lambda d: f"https://www.{d}/",
    lambda d: f"{d}/",
    str.upper,
    lambda d: f"  http://www.{d.upper()}/ ",
)


@st.composite
def cosmetic_runs(draw):
    """Two maps of the same records where only names and websites were edited cosmetically."""
    picked = draw(st.lists(st.sampled_from(range(len(COMPANIES))), min_size=1, unique=True))
    records = []
    for index in picked:
        records.append(
            {
                "index": index,
                "sides": draw(st.sampled_from(("both", "both", "ours", "theirs"))),
                "site": draw(st.booleans()),
                "ours": draw(st.sampled_from(Stage)),
                "theirs": draw(st.sampled_from(Stage)),
            }
        )

    def build(when):
        ours: list[Account] = []
        theirs: list[Account] = []
        for r in records:
            name, domain = COMPANIES[r["index"]]
            for side, bucket, prefix in (("ours", ours, "A"), ("theirs", theirs, "n")):
                if r["sides"] not in ("both", side):
                    continue
                site = draw(st.sampled_from(WEBSITE_EDITS))(domain) if r["site"] else None
                bucket.append(
                    Account(
                        id=f"{prefix}{r['index']}",
                        name=draw(st.sampled_from(NAME_EDITS))(name),
                        website=site,
                        stage=r[side],
                    )
                )
        return map_accounts(ours, {"Northwind": theirs}).snapshot(taken_at=when)

    expected = {
        (f"A{r['index']}", "Northwind", f"n{r['index']}") for r in records if r["sides"] == "both"
    }
    return build(T0), build(T1), expected


class TestStability:
    @given(cosmetic_runs())
    def test_cosmetic_edits_give_no_signal(self, runs):
        """Case, spacing, legal forms, www., https:// and trailing slashes never give a signal."""
        before, after, expected = runs
        assert expected == {o.key for o in before.overlaps}
        assert () == diff(before, after)


class TestOutputs:
    def test_dict_round_trip(self):
        """Signal.from_dict(signal.to_dict()) gives the signal back, through JSON too."""
        for signal in diff(run(O, None), run(O, C, when=T1)) + diff(run(L, C), run(O, C)):
            assert signal == Signal.from_dict(json.loads(json.dumps(signal.to_dict())))

    def test_to_dict_values(self):
        """to_dict writes enums as values, time as ISO-8601 UTC and owners as objects."""
        (signal,) = diff(run(O, C), run(O, None, when=T1))
        data = signal.to_dict()
        assert (
            "overlap_gone",
            "2024-05-13T09:00:00Z",
            10,
            "opportunity",
            None,
            "accelerate",
            None,
            {"name": "Ann Lee", "email": "ann@northwind.example"},
        ) == (
            data["type"],
            data["at"],
            data["priority"],
            data["our_stage_before"],
            data["our_stage_after"],
            data["play_before"],
            data["play_after"],
            data["partner_owner_before"],
        )

    def test_from_dict_missing_field(self):
        """A signal document without a field raises SchemaError naming it."""
        (signal,) = diff(run(O, C), run(O, None, when=T1))
        data = signal.to_dict()
        del data["partner"]
        with pytest.raises(SchemaError, match="'partner'"):
            Signal.from_dict(data)

    def test_jsonl_to_a_file_object(self):
        """write_jsonl writes one sorted-key JSON object per line and returns the count."""
        found = diff(run(L, C), run(O, C, when=T1))
        buffer = io.StringIO()
        assert 2 == write_jsonl(found, buffer)
        lines = buffer.getvalue().splitlines()
        assert [s.to_dict() for s in found] == [json.loads(line) for line in lines]
        assert sorted(json.loads(lines[0])) == list(json.loads(lines[0]))

    def test_jsonl_to_a_path(self, tmp_path):
        """write_jsonl to a path writes UTF-8 lines."""
        found = diff(run(L, C), run(O, C, when=T1))
        path = tmp_path / "signals.jsonl"
        assert 2 == write_jsonl(found, path)
        assert found == tuple(
            Signal.from_dict(json.loads(line))
            for line in path.read_text(encoding="utf-8").splitlines()
        )


SECRET = "whsec-test-0123"


class TestWebhook:
    def signals(self):
        return diff(run(L, C), run(O, C, when=T1))

    def test_request_shape(self):
        """The request is JSON with a timestamp and an HMAC-SHA256 signature header."""
        import hashlib
        import hmac

        request = webhook_request(self.signals(), SECRET, now=T1)
        stamp = str(int(T1.timestamp()))
        body = json.loads(request.body)
        assert ("cocorev.signals", 1, "2024-05-13T09:00:00Z", 2) == (
            body["format"],
            body["version"],
            body["sent_at"],
            len(body["signals"]),
        )
        expected = hmac.new(SECRET.encode(), f"{stamp}.".encode() + request.body, hashlib.sha256)
        assert {
            "Content-Type": "application/json",
            "X-Cocorev-Timestamp": stamp,
            "X-Cocorev-Signature": f"sha256={expected.hexdigest()}",
        } == dict(request.headers)

    def test_verifies(self):
        """A request verifies with the same secret within the tolerance."""
        request = webhook_request(self.signals(), SECRET, now=T1)
        later = T1 + timedelta(seconds=299)
        assert verify_webhook(request.body, request.headers, SECRET, now=later)
        lowered = {k.lower(): v for k, v in request.headers.items()}
        assert verify_webhook(request.body, lowered, SECRET.encode(), now=later)

    @pytest.mark.parametrize(
        ("tamper", "secret", "delay"),
        [
            (lambda b, h: (b.replace(b"Globex", b"Globez"), h), SECRET, 0),
            (lambda b, h: (b + b" ", h), SECRET, 0),
            (lambda b, h: (b, h), "another-secret", 0),
            (lambda b, h: (b, h), SECRET, 301),
            (lambda b, h: (b, h), SECRET, -301),
            (
                lambda b, h: (b, {**h, "X-Cocorev-Timestamp": str(int(T1.timestamp()) + 1)}),
                SECRET,
                0,
            ),
            (lambda b, h: (b, {**h, "X-Cocorev-Timestamp": "soon"}), SECRET, 0),
            (lambda b, h: (b, {k: v for k, v in h.items() if "Signature" not in k}), SECRET, 0),
            (lambda b, h: (b, {**h, "X-Cocorev-Signature": "sha256=00"}), SECRET, 0),
        ],
        ids=[
            "tampered-body",
            "extra-byte",
            "wrong-secret",
            "stale",
            "from-the-future",
            "moved-timestamp",
            "bad-timestamp",
            "no-signature",
            "short-signature",
        ],
    )
    def test_rejects(self, tamper, secret, delay):
        """A tampered body or header, the wrong secret or a stale timestamp fails to verify."""
        request = webhook_request(self.signals(), SECRET, now=T1)
        body, headers = tamper(request.body, dict(request.headers))
        assert not verify_webhook(body, headers, secret, now=T1 + timedelta(seconds=delay))

    def test_empty_secret_is_refused(self):
        """An empty secret is a ValueError, never an unsigned webhook."""
        with pytest.raises(ValueError, match="secret"):
            webhook_request(self.signals(), "", now=T1)


OURS_CSV = (
    "id,name,domain,stage,owner_name,owner_email\n"
    "A1,Globex Corp,globex.com,lead,Bo,bo@us.example\n"
    "A2,Initech,initech.com,customer,Bo,bo@us.example\n"
)
PARTNER_CSV = (
    "id,name,website,stage,owner_name,owner_email\n"
    "n1,Globex,https://www.globex.com/,customer,Ann Lee,ann@northwind.example\n"
    "n2,Initech LLC,initech.com,opportunity,Cy Park,cy@northwind.example\n"
)


@pytest.fixture
def weeks(tmp_path):
    """Two 'cocorev map --out' folders: in week 2 our Globex lead became an opportunity."""
    (tmp_path / "p.csv").write_text(PARTNER_CSV, encoding="utf-8")
    for week, ours in (
        ("w1", OURS_CSV),
        ("w2", OURS_CSV.replace("globex.com,lead", "GLOBEX.COM,opportunity")),
    ):
        (tmp_path / f"{week}.csv").write_text(ours, encoding="utf-8")
        code = main(
            [
                "map",
                str(tmp_path / f"{week}.csv"),
                "--partner",
                f"Northwind={tmp_path / 'p.csv'}",
                "--out",
                str(tmp_path / week),
            ]
        )
        assert 0 == code
    return tmp_path


class TestCli:
    def test_table(self, weeks, capsys):
        """signals prints the count, each signal with its stages, plays and next step."""
        capsys.readouterr()
        assert 0 == main(["signals", str(weeks / "w1"), str(weeks / "w2")])
        printed = capsys.readouterr().out
        assert printed.startswith("2 signal(s) from ")
        assert "  1. P1 our_stage_advanced: Globex Corp (A1) - Northwind Globex (n1)" in printed
        assert "ours lead -> opportunity, Northwind customer; Generate Opportunities -> " in printed
        assert "come back to Accelerate Opportunities" in printed

    @pytest.mark.parametrize("fmt", ["json", "jsonl"])
    def test_json_formats(self, weeks, capsys, fmt):
        """--format json prints an array, jsonl one object per line, of the same signals."""
        capsys.readouterr()
        assert 0 == main(["signals", str(weeks / "w1"), str(weeks / "w2"), "--format", fmt])
        printed = capsys.readouterr().out
        rows = (
            json.loads(printed) if fmt == "json" else [json.loads(x) for x in printed.splitlines()]
        )
        assert [("our_stage_advanced", "A1"), ("play_changed", "A1")] == [
            (r["type"], r["account_id"]) for r in rows
        ]

    def test_no_signals(self, weeks, capsys):
        """The same folder on both sides prints that there is nothing."""
        capsys.readouterr()
        assert 0 == main(["signals", str(weeks / "w1"), str(weeks / "w1")])
        assert capsys.readouterr().out.startswith("No signals from ")

    def test_snapshot_save_list_and_stored_ids(self, weeks, capsys):
        """Saved snapshots are listed and usable by id or as 'latest' on either side."""
        db = str(weeks / "cocorev.db")
        capsys.readouterr()
        assert 0 == main(
            ["snapshot", "save", str(weeks / "w1"), "--db", db, "--label", "week 19",
             "--taken-at", "2024-05-06T09:00:00Z"]
        )  # fmt: skip
        assert 0 == main(
            ["snapshot", "save", str(weeks / "w2"), "--db", db, "--taken-at", "2024-05-13"]
        )
        saved = capsys.readouterr().out.splitlines()
        assert (
            "saved snapshot 1 taken 2024-05-06T09:00:00Z: 2 accounts, 2 overlaps in " + db
            == saved[0]
        )
        assert 0 == main(["snapshot", "list", "--db", db])
        assert [
            "  id  taken at              accounts  overlaps  label",
            "   1  2024-05-06T09:00:00Z         2         2  week 19",
            "   2  2024-05-13T00:00:00Z         2         2  ",
        ] == capsys.readouterr().out.splitlines()
        assert 0 == main(["signals", "1", "latest", "--db", db, "--format", "jsonl"])
        rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
        assert [
            ("our_stage_advanced", "2024-05-13T00:00:00Z"),
            ("play_changed", "2024-05-13T00:00:00Z"),
        ] == [(r["type"], r["at"]) for r in rows]

    def test_snapshot_json_file_as_a_side(self, weeks, capsys):
        """A snapshot.json file works as a side."""
        capsys.readouterr()
        assert 0 == main(
            ["signals", str(weeks / "w1" / "snapshot.json"), str(weeks / "w2"), "--format", "json"]
        )
        assert 2 == len(json.loads(capsys.readouterr().out))

    def test_save_csv_only_folder(self, weeks, capsys):
        """An older folder without snapshot.json is saved from overlaps.csv, and says so."""
        (weeks / "w1" / "snapshot.json").unlink()
        db = str(weeks / "x.db")
        capsys.readouterr()
        assert 0 == main(
            ["snapshot", "save", str(weeks / "w1"), "--db", db, "--taken-at", "2024-05-06"]
        )
        assert "2 overlaps (rebuilt from overlaps.csv) in" in capsys.readouterr().out

    def test_empty_store_list(self, tmp_path, capsys):
        """Listing a store without snapshots says so."""
        from cocorev.snapshot import SnapshotStore

        db = tmp_path / "empty.db"
        SnapshotStore.open(db).close()
        assert 0 == main(["snapshot", "list", "--db", str(db)])
        assert f"no snapshots in {db}\n" == capsys.readouterr().out

    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (["signals", "nowhere", "w2"], "nowhere: neither a 'cocorev map --out' folder"),
            (["signals", "7", "w2", "--db", "{db}"], "no snapshot store here"),
            (["signals", "latest", "w2", "--db", "{db}"], "no snapshot store here"),
            (["snapshot", "list", "--db", "{db}"], "no snapshot store here"),
            (["snapshot", "save", "nowhere", "--db", "{db}"], "not a folder"),
            (["signals", "{tmp}/p.csv", "w2"], "not valid JSON"),
        ],
        ids=[
            "neither",
            "missing-db",
            "latest-missing-db",
            "list-missing-db",
            "save-missing",
            "not-a-snapshot",
        ],
    )
    def test_bad_sides_exit_1(self, weeks, capsys, monkeypatch, argv, message):
        """A side that is neither a folder, a snapshot file nor a stored id exits 1 with one line."""
        monkeypatch.chdir(weeks)
        argv = [a.format(db=weeks / "none.db", tmp=weeks) for a in argv]
        capsys.readouterr()
        assert 1 == main(argv)
        err = capsys.readouterr().err
        assert message in err
        assert 1 == len(err.splitlines())

    def test_naive_time_in_a_snapshot_file(self, weeks, capsys):
        """A snapshot.json whose time has no zone exits 1 asking for Z or an offset."""
        data = json.loads((weeks / "w1" / "snapshot.json").read_text(encoding="utf-8"))
        data["taken_at"] = "2024-05-06T09:00:00"
        naive = weeks / "naive.json"
        naive.write_text(json.dumps(data), encoding="utf-8")
        capsys.readouterr()
        assert 1 == main(["signals", str(naive), str(weeks / "w2")])
        assert (
            "cocorev: error: snapshot: malformed field (time '2024-05-06T09:00:00' has no time "
            "zone; add Z for UTC or an offset such as +02:00)\n"
        ) == capsys.readouterr().err

    def test_unknown_stored_id_exits_1(self, weeks, capsys):
        """An id the store does not have exits 1."""
        db = str(weeks / "cocorev.db")
        main(["snapshot", "save", str(weeks / "w1"), "--db", db])
        capsys.readouterr()
        assert 1 == main(["signals", "5", str(weeks / "w2"), "--db", db])
        assert "no snapshot with id 5" in capsys.readouterr().err

    def test_latest_of_an_empty_store_exits_1(self, tmp_path, capsys):
        """'latest' in a store without snapshots exits 1."""
        from cocorev.snapshot import SnapshotStore

        db = tmp_path / "empty.db"
        SnapshotStore.open(db).close()
        assert 1 == main(["signals", "latest", "latest", "--db", str(db)])
        assert "no snapshots stored yet" in capsys.readouterr().err

    def test_bad_taken_at_is_a_usage_error(self, weeks, capsys):
        """A --taken-at that is not ISO-8601 with an offset exits 2."""
        with pytest.raises(SystemExit) as exited:
            main(["snapshot", "save", str(weeks / "w1"), "--taken-at", "2024-05-06T09:00"])
        assert 2 == exited.value.code

    def test_swapped_sides_exit_1(self, weeks, capsys):
        """BEFORE taken after AFTER exits 1, naming both runs and times, and prints no signal."""
        db = str(weeks / "cocorev.db")
        main(["snapshot", "save", str(weeks / "w1"), "--db", db, "--taken-at", "2024-05-13"])
        main(["snapshot", "save", str(weeks / "w2"), "--db", db, "--taken-at", "2024-05-06"])
        capsys.readouterr()
        assert 1 == main(["signals", "1", "2", "--db", db])
        assert (
            "",
            "cocorev: error: BEFORE (snapshot 1, taken 2024-05-13T00:00:00Z) was taken after "
            "AFTER (snapshot 2, taken 2024-05-06T00:00:00Z); the earlier run goes first: "
            "swap BEFORE and AFTER\n",
        ) == tuple(capsys.readouterr())
        assert 0 == main(["signals", "2", "1", "--db", db])


HOW_TO = Path(__file__).resolve().parent.parent / "docs" / "how-to" / "signals.md"


class TestHowTo:
    def test_worked_example_prints_what_it_says(self, tmp_path, capsys, monkeypatch):
        """The how-to's commands, run on its CSV files, print exactly the text it shows."""
        text = HOW_TO.read_text(encoding="utf-8")
        files = re.findall(r'```csv title="([^"]+)"\n(.*?)```', text, re.S)
        commands = re.search(r"```sh\n(.*?)```", text, re.S)
        shown = re.search(r"The last command prints\n\n```text\n(.*?)```", text, re.S)
        assert commands is not None
        assert shown is not None
        assert 6 == len(files)
        for name, content in files:
            (tmp_path / name).write_text(content, encoding="utf-8")
        monkeypatch.chdir(tmp_path)
        lines = commands.group(1).strip().splitlines()
        for line in lines[:-1]:
            assert 0 == main(shlex.split(line)[1:])
        capsys.readouterr()
        assert 0 == main(shlex.split(lines[-1])[1:])
        assert shown.group(1) == capsys.readouterr().out

    def test_standard_library_receiver_verifies(self):
        """The how-to's stdlib receiver accepts a cocorev webhook and refuses a tampered one."""
        text = HOW_TO.read_text(encoding="utf-8")
        code = re.search(r'```python title="receiver.py"\n(.*?)```', text, re.S)
        assert code is not None
        namespace: dict[str, Any] = {"__name__": "receiver"}
        exec(compile(code.group(1), str(HOW_TO), "exec"), namespace)
        verify = namespace["verify"]
        request = webhook_request(diff(run(L, C), run(O, C, when=T1)), SECRET, now=T1)
        stamp = request.headers["X-Cocorev-Timestamp"]
        signature = request.headers["X-Cocorev-Signature"]
        secret = SECRET.encode()
        now = T1.timestamp() + 10
        assert verify(request.body, stamp, signature, secret, now=now)
        assert not verify(request.body + b" ", stamp, signature, secret, now=now)
        assert not verify(request.body, stamp, signature, b"other", now=now)
        assert not verify(request.body, stamp, signature, secret, now=now + 600)
