"""Tests of the give-to-get ledger: entries, rules, answers, and the SQLite store."""

from __future__ import annotations

import io
import json
import math
import multiprocessing
import os
import random
import re
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cocorev import _ledger_sqlite as _sql
from cocorev.errors import (
    CocorevError,
    ConfigError,
    InputError,
    LedgerError,
    LedgerIntegrityError,
)
from cocorev.ledger import (
    DEFAULT_WEIGHTS,
    Ask,
    Credit,
    CreditPolicy,
    EntryKind,
    GiveKind,
    GiveTarget,
    ImportReport,
    Ledger,
    LedgerEntry,
    MemoryLedgerStore,
    SqliteLedgerStore,
    tally_entries,
)
from cocorev.models import AskStatus

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
FORK = multiprocessing.get_context("fork")


def fixed_clock(now: datetime = NOW) -> Callable[[], datetime]:
    """Return a clock stuck at ``now``."""
    return lambda: now


@pytest.fixture(params=["memory", "sqlite"])
def ledger(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Ledger]:
    """A ledger at NOW, in memory or in an SQLite file."""
    if request.param == "memory":
        opened = Ledger.memory(clock=fixed_clock())
    else:
        opened = Ledger.open(tmp_path / "cocorev.db", clock=fixed_clock())
    with opened:
        yield opened


def raw(path: Path) -> sqlite3.Connection:
    """Open a ledger file with plain sqlite3, as another tool would."""
    return sqlite3.connect(path, isolation_level=None)


class TestGiveKind:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("deal support", GiveKind.DEAL_SUPPORT),
            ("deal-support", GiveKind.DEAL_SUPPORT),
            ("deal_support", GiveKind.DEAL_SUPPORT),
            ("  Deal  Support ", GiveKind.DEAL_SUPPORT),
            ("co-marketing", GiveKind.CO_MARKETING),
            ("Co Marketing", GiveKind.CO_MARKETING),
            ("INTRO", GiveKind.INTRO),
            ("intel", GiveKind.INTEL),
            ("reference", GiveKind.REFERENCE),
        ],
        ids=[
            "space",
            "hyphen",
            "underscore",
            "padded",
            "co-hyphen",
            "co-space",
            "upper",
            "intel",
            "ref",
        ],
    )
    def test_strings_parse(self, text: str, expected: GiveKind) -> None:
        """Kinds accept any case with spaces, hyphens or underscores."""
        assert expected is GiveKind(text)

    def test_label(self) -> None:
        """Each kind has a human label."""
        assert [
            "Intel",
            "Intro",
            "Context",
            "Reference",
            "Deal support",
            "Co-marketing",
            "Other",
        ] == [kind.label for kind in GiveKind]

    def test_unknown_kind_lists_the_known_ones(self, ledger: Ledger) -> None:
        """An unknown kind is an InputError naming the value and the valid kinds."""
        with pytest.raises(
            InputError, match=r"unknown kind 'bribe'; use one of: intel, intro, .*deal support"
        ):
            ledger.give("Globex", "bribe")


class TestWrites:
    def test_give_is_recorded(self, ledger: Ledger) -> None:
        """A give is stored with its fields, at now unless told otherwise."""
        entry = ledger.give(" Globex ", "intro", account="A-17", note="CFO intro", by="sam")
        expected = LedgerEntry(
            id=entry.id,
            entry_kind=EntryKind.GIVE,
            partner="Globex",
            kind=GiveKind.INTRO,
            at=NOW,
            recorded_at=NOW,
            account="A-17",
            note="CFO intro",
            by="sam",
        )
        assert expected == entry
        assert (entry,) == ledger.entries()
        assert re.fullmatch(r"[0-9a-f]{32}", entry.id)

    def test_get_is_recorded(self, ledger: Ledger) -> None:
        """A get (help received unasked) is its own entry kind."""
        entry = ledger.get("Globex", "context", at=NOW - DAY)
        assert (EntryKind.GET, NOW - DAY) == (entry.entry_kind, entry.at)

    def test_times_convert_to_utc(self, ledger: Ledger) -> None:
        """An aware time in another zone is stored as the same instant in UTC."""
        paris = timezone(timedelta(hours=1))
        entry = ledger.give("Globex", "intel", at=datetime(2025, 3, 1, 10, 0, tzinfo=paris))
        assert datetime(2025, 3, 1, 9, 0, tzinfo=UTC) == entry.at
        assert UTC == ledger.entries()[0].at.tzinfo

    def test_ask_then_resolve(self, ledger: Ledger) -> None:
        """An ask is pending until resolved; resolve returns it with its new status."""
        ask = ledger.ask("Globex", "intro", account="A-17", at=NOW - 2 * DAY)
        assert (AskStatus.PENDING, True) == (ask.status, ask.is_pending)
        done = ledger.resolve(ask.id, "fulfilled", at=NOW - DAY)
        assert (AskStatus.FULFILLED, NOW - DAY, "A-17") == (
            done.status,
            done.resolved_at,
            done.account,
        )
        assert (done,) == ledger.asks("Globex")

    def test_asks_as_of(self, ledger: Ledger) -> None:
        """Before its resolution an ask reads as pending; later asks are left out."""
        ask = ledger.ask("Globex", "intro", at=NOW - 3 * DAY)
        ledger.resolve(ask.id, "declined", at=NOW - DAY)
        ledger.ask("Globex", "intel", at=NOW)
        earlier = ledger.asks(now=NOW - 2 * DAY)
        assert [(ask.id, AskStatus.PENDING)] == [(a.id, a.status) for a in earlier]
        assert 1 == len(ledger.asks(status="declined"))
        assert 1 == len(ledger.asks(status=AskStatus.PENDING))

    def test_entry_lookup(self, ledger: Ledger) -> None:
        """entry() returns one entry by id and raises LedgerError for an unknown id."""
        entry = ledger.give("Globex", "intel")
        assert entry == ledger.entry(entry.id)
        with pytest.raises(LedgerError, match="no entry with id"):
            ledger.entry("0" * 32)

    def test_partners(self, ledger: Ledger) -> None:
        """partners() lists every partner with an entry, sorted."""
        ledger.give("Initech", "intel")
        ledger.ask("Globex", "intro")
        assert ("Globex", "Initech") == ledger.partners()


def _resolved_ask(ledger: Ledger) -> Ask:
    ask = ledger.ask("Globex", "intro", at=NOW - DAY)
    ledger.resolve(ask.id, "fulfilled")
    return ask


REJECTED: list[tuple[str, Callable[[Ledger], Callable[[], object]], type[CocorevError], str]] = [
    ("unknown-kind", lambda lg: partial(lg.give, "Globex", "bribe"), InputError, "unknown kind"),
    ("empty-partner", lambda lg: partial(lg.give, "", "intel"), InputError, "non-empty name"),
    ("blank-partner", lambda lg: partial(lg.get, "   ", "intel"), InputError, "non-empty name"),
    ("newline-partner", lambda lg: partial(lg.give, "Glo\nbex", "intel"), InputError, "line break"),
    (
        "negative-weight",
        lambda lg: partial(lg.give, "Globex", "intel", weight=-1),
        InputError,
        ">= 0",
    ),
    (
        "nan-weight",
        lambda lg: partial(lg.give, "Globex", "intel", weight=math.nan),
        InputError,
        "finite",
    ),
    (
        "huge-weight",
        lambda lg: partial(lg.give, "Globex", "intel", weight=1e308),
        InputError,
        "weight must be at most 1,000,000, got 1e+308",
    ),
    (
        "huge-ask-weight",
        lambda lg: partial(lg.ask, "Globex", "intro", weight=1_000_001),
        InputError,
        "weight must be at most 1,000,000, got 1000001",
    ),
    (
        "future-date",
        lambda lg: partial(lg.give, "Globex", "intel", at=NOW + DAY + timedelta(seconds=1)),
        InputError,
        "more than 1 day after now",
    ),
    (
        "naive-date",
        lambda lg: partial(lg.ask, "Globex", "intel", at=datetime(2025, 3, 1)),
        InputError,
        "no time zone",
    ),
    (
        "resolve-pending",
        lambda lg: partial(lg.resolve, lg.ask("Globex", "intel").id, "pending"),
        InputError,
        "pending until it is resolved",
    ),
    (
        "resolve-unknown-status",
        lambda lg: partial(lg.resolve, lg.ask("Globex", "intel").id, "maybe"),
        InputError,
        "fulfilled, declined or withdrawn",
    ),
    (
        "resolve-unknown-id",
        lambda lg: partial(lg.resolve, "0" * 32, "fulfilled"),
        LedgerError,
        "no ask with id",
    ),
    (
        "resolve-malformed-id",
        lambda lg: partial(lg.resolve, "42", "fulfilled"),
        InputError,
        "32 hex",
    ),
    (
        "resolve-twice",
        lambda lg: partial(lg.resolve, _resolved_ask(lg).id, "declined"),
        LedgerIntegrityError,
        "already resolved as fulfilled",
    ),
    (
        "resolve-a-give",
        lambda lg: partial(lg.resolve, lg.give("Globex", "intel").id, "fulfilled"),
        LedgerError,
        "not an ask",
    ),
    (
        "resolve-before-ask",
        lambda lg: partial(lg.resolve, lg.ask("Globex", "intel").id, "fulfilled", at=NOW - HOUR),
        InputError,
        "cannot come before",
    ),
    (
        "resolve-reversed-ask",
        lambda lg: partial(
            lg.resolve, lg.reverse(lg.ask("Globex", "intel").id).ref or "", "fulfilled"
        ),
        LedgerError,
        "was reversed",
    ),
    (
        "reverse-twice",
        lambda lg: partial(lg.reverse, lg.reverse(lg.give("Globex", "intel").id).ref or ""),
        LedgerIntegrityError,
        "already reversed",
    ),
    (
        "reverse-a-reversal",
        lambda lg: partial(lg.reverse, lg.reverse(lg.give("Globex", "intel").id).id),
        LedgerIntegrityError,
        "cannot be reversed",
    ),
    ("reverse-unknown", lambda lg: partial(lg.reverse, "f" * 32), LedgerError, "no entry with id"),
]


class TestRejectedEntries:
    @pytest.mark.parametrize(
        ("setup", "error", "fragment"), [c[1:] for c in REJECTED], ids=[c[0] for c in REJECTED]
    )
    def test_rejected_and_nothing_written(
        self,
        ledger: Ledger,
        setup: Callable[[Ledger], Callable[[], object]],
        error: type[CocorevError],
        fragment: str,
    ) -> None:
        """An invalid entry raises a clear CocorevError and writes nothing."""
        attempt = setup(ledger)
        before = ledger.entries()
        with pytest.raises(error, match=re.escape(fragment)):
            attempt()
        assert before == ledger.entries()

    def test_store_refuses_a_known_id(self, ledger: Ledger) -> None:
        """A store refuses an entry whose id it holds already, writing nothing."""
        entry = ledger.give("Globex", "intel")
        again = attrs.evolve(entry, note="rewritten")
        fresh = attrs.evolve(entry, id="e" * 32)
        with pytest.raises(LedgerIntegrityError, match="already in the ledger"):
            ledger.store.write(lambda _view: [fresh, again])
        assert (entry,) == ledger.entries()

    def test_exactly_one_day_ahead_is_accepted(self, ledger: Ledger) -> None:
        """An entry dated exactly one day after now is within the tolerance."""
        assert NOW + DAY == ledger.give("Globex", "intel", at=NOW + DAY).at

    def test_naive_clock_is_a_config_error(self) -> None:
        """A clock returning naive datetimes is refused on first use."""
        ledger = Ledger.memory(clock=lambda: datetime(2025, 3, 1))
        with pytest.raises(ConfigError, match="timezone-aware"):
            ledger.give("Globex", "intel")

    def test_naive_now_is_rejected(self, ledger: Ledger) -> None:
        """Queries reject a naive now."""
        with pytest.raises(InputError, match="now=2025-03-01T00:00:00 has no time zone"):
            ledger.credit("Globex", now=datetime(2025, 3, 1))


class TestReverse:
    def test_reversed_give_stops_counting(self, ledger: Ledger) -> None:
        """A reversed give no longer counts, and both entries stay in history."""
        give = ledger.give("Globex", "intro")
        ledger.give("Globex", "intel")
        reversal = ledger.reverse(give.id, note="wrong partner")
        assert 1.0 == ledger.credit("Globex").score
        assert (EntryKind.REVERSAL, give.id, GiveKind.INTRO) == (
            reversal.entry_kind,
            reversal.ref,
            reversal.kind,
        )
        assert [give.id, reversal.id] == [
            e.id for e in ledger.entries() if e.kind is GiveKind.INTRO
        ]

    def test_reversing_a_resolution_reopens_the_ask(self, ledger: Ledger) -> None:
        """Reversing a resolution makes the ask pending again, and resolvable anew."""
        ask = ledger.ask("Globex", "intro", at=NOW - DAY)
        wrong = ledger.resolve(ask.id, "fulfilled")
        ledger.reverse(wrong.resolution_id or "")
        assert AskStatus.PENDING == ledger.asks()[0].status
        assert AskStatus.DECLINED == ledger.resolve(ask.id, "declined").status
        assert 0.0 == ledger.credit("Globex").score

    def test_reversed_ask_disappears(self, ledger: Ledger) -> None:
        """A reversed ask is out of asks() and out of responsiveness."""
        ask = ledger.ask("Globex", "intro")
        ledger.reverse(ask.id)
        assert () == ledger.asks()
        assert 0 == ledger.standing("Globex").responsiveness.asks


class TestCredit:
    def test_weighted_gives_minus_gets(self, ledger: Ledger) -> None:
        """Credit is weighted gives minus weighted gets, with the default weights."""
        ledger.give("Globex", "intro")
        ledger.give("Globex", "deal support")
        ledger.get("Globex", "intel")
        expected = Credit(partner="Globex", score=4.0, given=5.0, received=1.0, gives=2, gets=1)
        assert expected == ledger.credit("Globex")

    def test_fulfilled_ask_counts_as_a_get(self, ledger: Ledger) -> None:
        """A fulfilled ask is a get received; declined, withdrawn and pending asks are not."""
        ledger.give("Globex", "deal support")
        for status in ("fulfilled", "declined", "withdrawn"):
            ledger.resolve(ledger.ask("Globex", "intro").id, status)
        ledger.ask("Globex", "intro")
        credit = ledger.credit("Globex")
        assert (1.0, 2.0, 1) == (credit.score, credit.received, credit.fulfilled_asks)

    def test_entry_weight_multiplies(self, ledger: Ledger) -> None:
        """An entry's weight scales its kind's weight."""
        ledger.give("Globex", "intro", weight=2.5)
        assert 5.0 == ledger.credit("Globex").score

    def test_unknown_partner_has_zero_credit(self, ledger: Ledger) -> None:
        """A partner with no entries has zero credit rather than an error."""
        ledger.give("Globex", "intro")
        assert Credit(partner="Nobody") == ledger.credit(" Nobody ")

    def test_entries_after_now_do_not_count_yet(self, ledger: Ledger) -> None:
        """Answers are as of now: later entries wait their turn."""
        ledger.give("Globex", "intro", at=NOW - 2 * DAY)
        ledger.give("Globex", "reference", at=NOW + HOUR)
        assert 2.0 == ledger.credit("Globex").score
        assert 4.0 == ledger.credit("Globex", now=NOW + 2 * HOUR).score
        assert 0.0 == ledger.credit("Globex", now=NOW - 3 * DAY).score

    def test_custom_weights(self, tmp_path: Path) -> None:
        """Policy weights replace the defaults for the kinds they name."""
        policy = CreditPolicy(weights={"intel": 4, GiveKind.OTHER: 0})
        with Ledger.open(tmp_path / "l.db", policy=policy, clock=fixed_clock()) as ledger:
            ledger.give("Globex", "intel")
            ledger.give("Globex", "other")
            ledger.give("Globex", "intro")
            assert 6.0 == ledger.credit("Globex").score

    @pytest.mark.parametrize(
        ("age", "expected"),
        [(timedelta(0), 2.0), (30 * DAY, 1.0), (60 * DAY, 0.5), (15 * DAY, 2 * 0.5**0.5)],
        ids=["new", "one-half-life", "two-half-lives", "half-a-half-life"],
    )
    def test_decay_with_half_life(self, tmp_path: Path, age: timedelta, expected: float) -> None:
        """With a half-life, an entry's weight halves every half-life, in both stores."""
        policy = CreditPolicy(half_life_days=30)
        for ledger in (
            Ledger.memory(policy=policy, clock=fixed_clock()),
            Ledger.open(tmp_path / "decay.db", policy=policy, clock=fixed_clock()),
        ):
            with ledger:
                ledger.give("Globex", "intro", at=NOW - age)
                assert expected == pytest.approx(ledger.credit("Globex").score, rel=1e-9)
                ledger.reverse(ledger.entries()[0].id)

    def test_fulfilled_ask_decays_from_fulfilment(self, ledger: Ledger) -> None:
        """A fulfilled ask decays from when it was fulfilled, not when it was asked."""
        decaying = Ledger(ledger.store, policy=CreditPolicy(half_life_days=10), clock=fixed_clock())
        ask = decaying.ask("Globex", "intro", at=NOW - 30 * DAY)
        decaying.resolve(ask.id, "fulfilled", at=NOW - 10 * DAY)
        assert -1.0 == pytest.approx(decaying.credit("Globex").score, rel=1e-9)

    def test_score_is_a_float_for_ranking(self, ledger: Ledger) -> None:
        """credit().score is a float the partner summary can sort by."""
        ledger.give("Globex", "intel")
        assert isinstance(ledger.credit("Globex").score, float)


class TestCreditPolicy:
    @pytest.mark.parametrize(
        ("options", "fragment"),
        [
            ({"weights": {"intro": -1}}, "must be >= 0"),
            ({"weights": {"bribe": 1}}, "unknown kind 'bribe'"),
            ({"weights": {"intro": math.nan}}, "finite number"),
            ({"weights": {"intro": 1e308}}, "must be at most 1,000,000, got 1e+308"),
            ({"half_life_days": 0}, "must be > 0"),
            ({"half_life_days": -5}, "must be > 0"),
            ({"half_life_days": math.inf}, "must be > 0"),
            ({"min_credit": math.nan}, "finite number"),
            ({"max_pending_asks": 0}, "integer >= 1"),
        ],
        ids=[
            "negative-weight",
            "unknown-kind",
            "nan-weight",
            "huge-weight",
            "zero-half-life",
            "negative-half-life",
            "infinite-half-life",
            "nan-min-credit",
            "no-pending-allowed",
        ],
    )
    def test_invalid_policy(self, options: dict[str, object], fragment: str) -> None:
        """Bad credit settings raise ConfigError naming the setting and value."""
        with pytest.raises(ConfigError, match=re.escape(fragment)):
            CreditPolicy(**options)  # type: ignore[arg-type]

    def test_left_out_kinds_keep_defaults(self) -> None:
        """Weights given replace only their kinds."""
        policy = CreditPolicy(weights={"deal-support": 5})
        expected = {**DEFAULT_WEIGHTS, GiveKind.DEAL_SUPPORT: 5.0}
        assert expected == {kind: policy.weight(kind) for kind in GiveKind}

    def test_policy_is_frozen_and_hashable(self) -> None:
        """Two equal policies hash alike, so a policy can key a cache."""
        assert hash(CreditPolicy(half_life_days=90)) == hash(CreditPolicy(half_life_days=90.0))


class TestResponsiveness:
    def test_rate_and_median(self, ledger: Ledger) -> None:
        """Rate is fulfilled / asks without withdrawn ones; median time runs ask to fulfil."""
        start = NOW - 10 * DAY
        for hours in (2, 4, 9):
            ask = ledger.ask("Globex", "intel", at=start)
            ledger.resolve(ask.id, "fulfilled", at=start + hours * HOUR)
        ledger.resolve(ledger.ask("Globex", "intro", at=start).id, "declined", at=start)
        ledger.resolve(ledger.ask("Globex", "intro", at=start).id, "withdrawn", at=start)
        ledger.ask("Globex", "intro", at=start)
        responsiveness = ledger.standing("Globex").responsiveness
        expected = (6, 3, 1, 1, 1, 4 * HOUR, 3 / 5)
        assert expected == (
            responsiveness.asks,
            responsiveness.fulfilled,
            responsiveness.declined,
            responsiveness.withdrawn,
            responsiveness.pending,
            responsiveness.median_time_to_fulfil,
            responsiveness.rate,
        )

    def test_even_count_median_averages(self, ledger: Ledger) -> None:
        """With an even number of fulfilled asks the median is the mean of the middle two."""
        for hours in (1, 2, 4, 10):
            ask = ledger.ask("Globex", "intel", at=NOW - DAY)
            ledger.resolve(ask.id, "fulfilled", at=NOW - DAY + hours * HOUR)
        assert 3 * HOUR == ledger.standing("Globex").responsiveness.median_time_to_fulfil

    def test_no_asks(self, ledger: Ledger) -> None:
        """Without asks, rate and median are None."""
        ledger.give("Globex", "intel")
        responsiveness = ledger.standing("Globex").responsiveness
        assert (None, None) == (responsiveness.rate, responsiveness.median_time_to_fulfil)

    def test_last_touch(self, ledger: Ledger) -> None:
        """Last touch is the latest entry of any kind, a resolution included."""
        ask = ledger.ask("Globex", "intel", at=NOW - 5 * DAY)
        ledger.give("Globex", "intel", at=NOW - 4 * DAY)
        ledger.resolve(ask.id, "declined", at=NOW - 2 * DAY)
        assert NOW - 2 * DAY == ledger.standing("Globex").last_touch
        assert None is ledger.standing("Initech").last_touch


class TestCanAsk:
    def test_no_credit(self, ledger: Ledger) -> None:
        """With no credit the answer is no, and says to give first."""
        verdict = ledger.can_ask("Globex")
        assert (False, 0.0, 0, None) == (
            verdict.ok,
            verdict.credit,
            verdict.pending_asks,
            verdict.responsiveness,
        )
        assert (
            "Not enough credit with Globex to ask: 0.0 (1.0 needed). Give first" in verdict.reason
        )

    def test_enough_credit(self, ledger: Ledger) -> None:
        """With enough credit and nothing pending, the answer is yes."""
        ledger.give("Globex", "intro")
        verdict = ledger.can_ask("Globex")
        expected = "Enough credit with Globex to ask: 2.0 (1.0 needed), no ask pending."
        assert (True, expected, 2.0) == (verdict.ok, verdict.reason, verdict.credit)

    def test_pending_ask_blocks(self, ledger: Ledger) -> None:
        """A pending ask blocks a new one under the default policy, with figures shown."""
        ledger.give("Globex", "deal support")
        ledger.ask("Globex", "intel")
        verdict = ledger.can_ask("Globex")
        assert (False, 1, 0.0) == (verdict.ok, verdict.pending_asks, verdict.responsiveness)
        assert "Globex has 1 pending ask (at most 1 at a time)" in verdict.reason
        assert verdict.reason.endswith("Globex fulfilled 0 of 1 ask (1 pending).")

    def test_the_largest_weight_is_accepted(self, ledger: Ledger) -> None:
        """A weight of exactly 1,000,000 is within the bound and counts in full."""
        ledger.give("Globex", "intel", weight=1_000_000)
        assert 1_000_000.0 == ledger.credit("Globex").score

    @pytest.mark.parametrize("score", [math.nan, math.inf, -math.inf], ids=["nan", "inf", "-inf"])
    def test_credit_that_is_not_finite_is_never_enough(self, score: float) -> None:
        """A credit that is not a finite number never counts as enough to ask."""
        ledger = Ledger.memory(clock=fixed_clock())
        standing = ledger.standing("Globex")
        standing = attrs.evolve(standing, credit=attrs.evolve(standing.credit, score=score))
        verdict = CreditPolicy().can_ask(standing)
        expected = (
            f"Credit with Globex is not a finite number ({score!r}), so not enough to ask; "
            "check its entries for weights too large to add up."
        )
        assert (False, expected) == (verdict.ok, verdict.reason)

    def test_policy_allows_more_pending(self) -> None:
        """max_pending_asks raises the number of asks that may wait at once."""
        ledger = Ledger.memory(
            policy=CreditPolicy(max_pending_asks=2, min_credit=0.5), clock=fixed_clock()
        )
        ledger.give("Globex", "deal support")
        ledger.ask("Globex", "intel")
        assert ledger.can_ask("Globex").ok


class TestPartnersToGiveTo:
    def test_ranking(self, ledger: Ledger) -> None:
        """Pending asks rank first, then overlaps, then least credit; rich partners are left out."""
        ledger.ask("Initech", "intro")
        ledger.give("Hooli", "deal support")
        ledger.give("Umbrella", "context", weight=0.5)
        overlaps = {"Globex": 12, "Hooli": 40, "Umbrella": 12, "Stark": 3, "Wayne": 0}
        targets = ledger.partners_to_give_to(overlaps)
        assert ["Initech", "Globex", "Umbrella", "Stark"] == [t.partner for t in targets]
        assert (
            GiveTarget(
                partner="Globex",
                overlaps=12,
                pending_asks=0,
                credit=0.0,
                reason="12 overlapping accounts; credit 0.0 (1.0 needed to ask)",
            )
            == targets[1]
        )
        assert "1 ask pending" in targets[0].reason

    def test_limit_and_ceiling(self, ledger: Ledger) -> None:
        """limit cuts the list; max_credit moves the 'little credit' line."""
        ledger.give("Hooli", "deal support")
        overlaps = {"Globex": 2, "Hooli": 40}
        assert ["Hooli"] == [
            t.partner for t in ledger.partners_to_give_to(overlaps, max_credit=10, limit=1)
        ]

    @pytest.mark.parametrize(
        ("overlaps", "options"),
        [
            ({"Globex": -1}, {}),
            ({"Globex": 1.5}, {}),
            ({"": 3}, {}),
            ({"Globex": 1}, {"limit": -1}),
        ],
        ids=["negative", "fraction", "blank-partner", "negative-limit"],
    )
    def test_invalid_input(
        self, ledger: Ledger, overlaps: dict[str, object], options: dict[str, object]
    ) -> None:
        """Bad overlap counts or limits raise InputError."""
        with pytest.raises(InputError):
            ledger.partners_to_give_to(overlaps, **options)  # type: ignore[arg-type]


class TestBatch:
    def test_batch_writes_all_in_one_go(self, ledger: Ledger) -> None:
        """A batch writes every entry when the block ends."""
        with ledger.batch() as batch:
            batch.give("Globex", "intel")
            ask = batch.ask("Initech", "intro")
            batch.get("Globex", "context")
            assert () == ledger.entries()
        assert 3 == len(ledger.entries())
        assert ask == ledger.asks()[0]

    def test_failing_block_writes_nothing(self, ledger: Ledger) -> None:
        """If anything in the block raises, no entry of the batch is written."""

        def fill() -> None:
            with ledger.batch() as batch:
                batch.give("Globex", "intel")
                batch.give("Globex", "bribe")

        with pytest.raises(InputError):
            fill()
        assert () == ledger.entries()


def _naive_credit(entries: tuple[LedgerEntry, ...], partner: str, policy: CreditPolicy) -> float:
    """Credit from first principles, without decay."""
    reversed_ids = {e.ref for e in entries if e.entry_kind is EntryKind.REVERSAL}
    live = [e for e in entries if e.id not in reversed_ids and e.partner == partner and e.at <= NOW]
    fulfilled = {
        e.ref for e in live if e.entry_kind is EntryKind.RESOLVE and e.status is AskStatus.FULFILLED
    }
    total = 0.0
    for e in live:
        weight = policy.weight(e.kind) * e.weight
        if e.entry_kind is EntryKind.GIVE:
            total += weight
        elif e.entry_kind is EntryKind.GET or (e.entry_kind is EntryKind.ASK and e.id in fulfilled):
            total -= weight
    return total


PARTNERS = ("Globex", "Initech", "Hooli")
writes = st.tuples(
    st.sampled_from(["give", "get", "ask", "ask"]),
    st.sampled_from(PARTNERS),
    st.sampled_from(list(GiveKind)),
    st.integers(min_value=0, max_value=400),
    st.sampled_from([0.0, 0.5, 1.0, 3.0]),
)
operations = st.lists(
    st.one_of(
        writes,
        writes,
        writes,
        st.tuples(
            st.just("resolve"),
            st.integers(min_value=0, max_value=30),
            st.sampled_from(["fulfilled", "declined", "withdrawn"]),
            st.integers(min_value=-2, max_value=400),
        ),
        st.tuples(st.just("reverse"), st.integers(min_value=0, max_value=30)),
    ),
    max_size=30,
)


def _apply(ledger: Ledger, ops: list[tuple[object, ...]]) -> list[str]:
    """Apply generated operations; return the outcome of each (entry kind or error class)."""
    outcomes = []
    for op in ops:
        written = ledger.entries()
        try:
            if op[0] in ("give", "get", "ask"):
                _, partner, kind, hours, weight = op
                method = getattr(ledger, str(op[0]))
                method(partner, kind, at=NOW - int(str(hours)) * HOUR, weight=weight)
            elif op[0] == "resolve":
                _, index, status, hours = op
                asks = [e for e in written if e.entry_kind is EntryKind.ASK]
                ask = asks[int(str(index)) % len(asks)] if asks else None
                at = min(NOW, (ask.at if ask else NOW) + int(str(hours)) * HOUR)
                ledger.resolve(ask.id if ask else "0" * 32, str(status), at=at)
            else:
                target = written[int(str(op[1])) % len(written)].id if written else "0" * 32
                ledger.reverse(target)
            outcomes.append("ok")
        except CocorevError as exc:
            outcomes.append(type(exc).__name__)
        assert written == ledger.entries()[: len(written)]
    return outcomes


class TestProperties:
    @given(ops=operations)
    def test_credit_is_weighted_gives_minus_gets(self, ops: list[tuple[object, ...]]) -> None:
        """Credit equals weighted gives minus weighted gets, and appending never changes history."""
        ledger = Ledger.memory(clock=fixed_clock())
        _apply(ledger, ops)
        entries = ledger.entries()
        for partner in PARTNERS:
            assert _naive_credit(entries, partner, ledger.policy) == pytest.approx(
                ledger.credit(partner).score, abs=1e-9
            )

    @given(
        ops=operations, half_life=st.sampled_from([None, 7.0, 90.0]), hours_back=st.integers(0, 300)
    )
    def test_sqlite_and_memory_agree(
        self, ops: list[tuple[object, ...]], half_life: float | None, hours_back: int
    ) -> None:
        """Both stores accept and refuse the same writes, and tally the same entries alike."""
        memory = Ledger.memory(clock=fixed_clock())
        with (
            tempfile.TemporaryDirectory() as folder,
            Ledger.open(Path(folder) / "l.db", clock=fixed_clock(), synchronous="normal") as sqlite,
        ):
            assert _apply(memory, ops) == _apply(sqlite, ops)
            copy = MemoryLedgerStore()
            Ledger(copy, clock=fixed_clock()).import_jsonl(_exported(sqlite))
            now = NOW - hours_back * HOUR
            expected = copy.tally(now=now, half_life_days=half_life)
            actual = sqlite.store.tally(now=now, half_life_days=half_life)
            assert [t.partner for t in expected] == [t.partner for t in actual]
            for want, got in zip(expected, actual, strict=True):
                assert (
                    want.asks,
                    want.fulfilled,
                    want.declined,
                    want.withdrawn,
                    want.fulfil_times,
                    want.last_touch,
                ) == (
                    got.asks,
                    got.fulfilled,
                    got.declined,
                    got.withdrawn,
                    got.fulfil_times,
                    got.last_touch,
                )
                assert [(f.flow, f.kind, f.count) for f in want.flows] == [
                    (f.flow, f.kind, f.count) for f in got.flows
                ]
                for w, g in zip(want.flows, got.flows, strict=True):
                    assert w.weight == pytest.approx(g.weight, rel=1e-6, abs=1e-12)

    @given(ops=operations)
    def test_entry_dict_round_trip(self, ops: list[tuple[object, ...]]) -> None:
        """from_dict(to_dict(entry)) == entry for every entry the ledger writes."""
        ledger = Ledger.memory(clock=fixed_clock())
        _apply(ledger, ops)
        for entry in ledger.entries():
            assert entry == LedgerEntry.from_dict(json.loads(json.dumps(entry.to_dict())))

    @given(text=st.text(max_size=30))
    def test_any_text_is_stored_or_refused_cleanly(self, text: str) -> None:
        """Any note either round-trips through SQLite exactly or raises InputError."""
        with (
            tempfile.TemporaryDirectory() as folder,
            Ledger.open(Path(folder) / "l.db", clock=fixed_clock(), synchronous="normal") as ledger,
        ):
            try:
                entry = ledger.give("Globex", "intel", note=text, account=text)
            except InputError:
                assert () == ledger.entries()
            else:
                assert (entry,) == ledger.entries()


def _exported(ledger: Ledger) -> io.StringIO:
    buffer = io.StringIO()
    ledger.export_jsonl(buffer)
    buffer.seek(0)
    return buffer


def _sample(ledger: Ledger) -> None:
    """Write one of everything, including awkward text."""
    ledger.give(
        "Globex",
        "intro",
        account="A-17",
        note='Intro to the CFO\nsecond line, "quoted" ✓',
        by="sam",
    )
    ask = ledger.ask("Globex", "deal support", at=NOW - DAY, weight=2.5)
    ledger.resolve(ask.id, "fulfilled", note="done")
    wrong = ledger.get("Initech", "co-marketing", at=NOW - 2 * DAY)
    ledger.reverse(wrong.id, note="was Hooli")
    ledger.ask("Hooli", "reference")


class TestJsonLines:
    def test_round_trip_is_exact(self, ledger: Ledger, tmp_path: Path) -> None:
        """Export, import into an empty ledger and export again gives the same bytes and entries."""
        _sample(ledger)
        first = tmp_path / "first.jsonl"
        assert 6 == ledger.export_jsonl(first)
        with Ledger.open(tmp_path / "copy.db", clock=fixed_clock()) as copy:
            assert ImportReport(added=6, skipped=0) == copy.import_jsonl(first)
            second = tmp_path / "second.jsonl"
            copy.export_jsonl(second)
            assert first.read_bytes() == second.read_bytes()
            assert ledger.entries() == copy.entries()
            assert ledger.standings() == copy.standings()
        assert ["first.jsonl", "second.jsonl"] == sorted(p.name for p in tmp_path.glob("*.jsonl*"))

    def test_line_format(self, ledger: Ledger) -> None:
        """Each line is one JSON object with enums as values and times as ISO-8601 UTC."""
        ledger.give("Globex", "deal support", at=datetime(2025, 2, 1, 9, 30, tzinfo=UTC))
        line = json.loads(_exported(ledger).getvalue())
        assert ("give", "deal_support", "2025-02-01T09:30:00.000000Z") == (
            line["entry_kind"],
            line["kind"],
            line["at"],
        )

    def test_import_twice_is_idempotent(self, ledger: Ledger) -> None:
        """Importing the same file again skips every entry."""
        _sample(ledger)
        assert ImportReport(added=0, skipped=6) == ledger.import_jsonl(_exported(ledger))
        assert 6 == len(ledger.entries())

    def test_conflicting_id_is_refused(self, ledger: Ledger) -> None:
        """An id present with other content is refused, naming the line; nothing is written."""
        _sample(ledger)
        lines = _exported(ledger).getvalue().splitlines()
        changed = json.loads(lines[0]) | {"note": "rewritten"}
        extra = ledger.entries()[0].to_dict() | {"id": "a" * 32}
        text = json.dumps(extra) + "\n" + json.dumps(changed) + "\n"
        before = ledger.entries()
        with pytest.raises(
            LedgerIntegrityError, match=r"<stream>, line 2: entry .* different content"
        ):
            ledger.import_jsonl(io.StringIO(text))
        assert before == ledger.entries()

    def test_import_enforces_ledger_rules(self, ledger: Ledger) -> None:
        """A file resolving one ask twice is refused as a whole."""
        source = Ledger.memory(clock=fixed_clock())
        ask = source.ask("Globex", "intro", at=NOW - DAY)
        resolution = source.resolve(ask.id, "fulfilled")
        second = source.entry(resolution.resolution_id or "").to_dict() | {
            "id": "b" * 32,
            "status": "declined",
        }
        text = _exported(source).getvalue() + json.dumps(second) + "\n"
        with pytest.raises(LedgerIntegrityError, match=r"line 3: ask .* already resolved"):
            ledger.import_jsonl(io.StringIO(text))
        assert () == ledger.entries()

    @pytest.mark.parametrize(
        ("change", "fragment"),
        [
            (None, "line 1: not JSON"),
            ({"colour": "red"}, "unknown field 'colour'"),
            ({"partner": None}, "field 'partner' is missing"),
            ({"kind": "bribe"}, "unknown kind 'bribe'"),
            ({"at": "2025-03-01T10:00:00"}, "has no time zone"),
            ({"at": "yesterday"}, "not an ISO-8601 time"),
            ({"at": "2030-01-01T00:00:00Z"}, "more than 1 day after now"),
            ({"weight": -2}, ">= 0"),
            ({"weight": 1e308}, "weight must be at most 1,000,000, got 1e+308"),
            ({"entry_kind": "gift"}, "unknown entry_kind 'gift'"),
            ({"status": "fulfilled"}, "only on them"),
            ({"ref": "c" * 32}, "must not have a 'ref'"),
            ({"id": "not-an-id"}, "is not a ledger entry id"),
        ],
        ids=[
            "not-json",
            "unknown-field",
            "missing-field",
            "bad-kind",
            "naive-time",
            "bad-time",
            "future",
            "negative-weight",
            "huge-weight",
            "bad-entry-kind",
            "status-on-give",
            "ref-on-give",
            "bad-id",
        ],
    )
    def test_bad_lines(
        self, ledger: Ledger, tmp_path: Path, change: dict[str, object] | None, fragment: str
    ) -> None:
        """A bad line raises InputError naming the file and line; nothing is written."""
        good = Ledger.memory(clock=fixed_clock())
        good.give("Globex", "intel")
        line = "{not json" if change is None else json.dumps(good.entries()[0].to_dict() | change)
        path = tmp_path / "bad.jsonl"
        path.write_text(line + "\n", encoding="utf-8")
        with pytest.raises(InputError, match=re.escape(fragment)) as caught:
            ledger.import_jsonl(path)
        assert (str(path), 1) == (caught.value.file, caught.value.row)
        assert () == ledger.entries()

    def test_missing_file(self, ledger: Ledger, tmp_path: Path) -> None:
        """Importing a missing file raises InputError naming it."""
        with pytest.raises(InputError, match=r"cannot read .*nope\.jsonl"):
            ledger.import_jsonl(tmp_path / "nope.jsonl")

    def test_naive_time_in_a_file_speaks_of_the_text(self, ledger: Ledger, tmp_path: Path) -> None:
        """A time without zone in a file asks for Z or an offset, not for a Python datetime."""
        good = Ledger.memory(clock=fixed_clock())
        good.give("Globex", "intel")
        path = tmp_path / "naive.jsonl"
        line = good.entries()[0].to_dict() | {"at": "2025-03-01T10:00:00"}
        path.write_text(json.dumps(line) + "\n", encoding="utf-8")
        with pytest.raises(InputError) as caught:
            ledger.import_jsonl(path)
        assert (
            f"{path}, line 1: at '2025-03-01T10:00:00' has no time zone; "
            "add Z for UTC or an offset such as +02:00"
        ) == str(caught.value)

    def test_import_of_a_dangling_reference(self, ledger: Ledger) -> None:
        """A resolution whose ask is not in the ledger names both, not a Python call."""
        source = Ledger.memory(clock=fixed_clock())
        _resolved_ask(source)
        resolution = source.entries()[-1].to_dict()
        with pytest.raises(LedgerError) as caught:
            ledger.import_jsonl(io.StringIO(json.dumps(resolution) + "\n"))
        assert (
            f"<stream>, line 1: resolve {resolution['id']} refers to ask {resolution['ref']}, "
            "which the ledger does not hold: an entry must come after the ask it refers to"
        ) == str(caught.value)


class TestExportFile:
    def test_overwrites_by_default(self, ledger: Ledger, tmp_path: Path) -> None:
        """Without overwrite=False an existing file is replaced, as before."""
        ledger.give("Globex", "intel")
        path = tmp_path / "backup.jsonl"
        path.write_text("old\n", encoding="utf-8")
        assert 1 == ledger.export_jsonl(path)
        assert 1 == len(path.read_text(encoding="utf-8").splitlines())
        assert ["backup.jsonl"] == sorted(
            p.name for p in tmp_path.iterdir() if not p.name.startswith("cocorev.db")
        )

    def test_overwrite_false_refuses_an_existing_file(self, ledger: Ledger, tmp_path: Path) -> None:
        """overwrite=False refuses an existing path, leaves it and no temporary file behind."""
        ledger.give("Globex", "intel")
        path = tmp_path / "backup.jsonl"
        path.write_text("old\n", encoding="utf-8")
        with pytest.raises(FileExistsError) as caught:
            ledger.export_jsonl(path, overwrite=False)
        assert str(path) == caught.value.filename
        assert "old\n" == path.read_text(encoding="utf-8")
        assert ["backup.jsonl"] == sorted(
            p.name for p in tmp_path.iterdir() if not p.name.startswith("cocorev.db")
        )

    def test_overwrite_false_writes_a_new_file(self, ledger: Ledger, tmp_path: Path) -> None:
        """overwrite=False writes a path that does not exist yet."""
        _sample(ledger)
        path = tmp_path / "new.jsonl"
        assert 6 == ledger.export_jsonl(path, overwrite=False)
        assert _exported(ledger).getvalue() == path.read_text(encoding="utf-8")

    @pytest.mark.parametrize(
        ("name", "error"),
        [("missing/backup.jsonl", FileNotFoundError), ("folder", IsADirectoryError)],
        ids=["missing-folder", "folder"],
    )
    def test_errors_name_the_file_not_a_temporary_one(
        self, ledger: Ledger, tmp_path: Path, name: str, error: type[OSError]
    ) -> None:
        """An unwritable path raises an OSError naming it, and leaves no temporary file."""
        (tmp_path / "folder").mkdir()
        with pytest.raises(error) as caught:
            ledger.export_jsonl(tmp_path / name)
        assert str(tmp_path / name) == caught.value.filename
        assert [] == [p.name for p in tmp_path.rglob("*.tmp")]


V1_DDL = [
    """CREATE TABLE ledger_schema (
        version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)""",
    """CREATE TABLE ledger_entries (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        entry_kind TEXT NOT NULL
            CHECK (entry_kind IN ('give', 'get', 'ask', 'resolve', 'reversal')),
        partner TEXT NOT NULL CHECK (length(trim(partner)) > 0),
        kind TEXT,
        weight REAL NOT NULL DEFAULT 1.0 CHECK (weight >= 0),
        status TEXT CHECK (status IS NULL OR status IN ('fulfilled', 'declined', 'withdrawn')),
        ref TEXT, account TEXT, note TEXT, who TEXT,
        at TEXT NOT NULL, recorded_at TEXT NOT NULL)""",
    "INSERT INTO ledger_schema VALUES (1, 'entries log', '2024-01-01T00:00:00.000000Z')",
]


class TestSqliteFile:
    def test_wal_and_busy_timeout(self, tmp_path: Path) -> None:
        """The file is in WAL mode, fully synchronous, with the busy timeout set."""
        store = SqliteLedgerStore(tmp_path / "l.db", timeout=7.5)
        assert store._conn is not None
        pragmas = [
            store._conn.execute(f"PRAGMA {name}").fetchone()[0]
            for name in ("journal_mode", "synchronous", "busy_timeout")
        ]
        store.close()
        assert ["wal", 2, 7500] == pragmas
        assert "wal" == raw(tmp_path / "l.db").execute("PRAGMA journal_mode").fetchone()[0]

    def test_synchronous_normal(self, tmp_path: Path) -> None:
        """synchronous="normal" trades power-loss durability for speed, as asked."""
        store = SqliteLedgerStore(tmp_path / "l.db", synchronous="normal")
        assert store._conn is not None
        assert 1 == store._conn.execute("PRAGMA synchronous").fetchone()[0]
        store.close()

    def test_synchronous_must_be_known(self, tmp_path: Path) -> None:
        """An unknown synchronous mode is a ConfigError, before any file is made."""
        with pytest.raises(ConfigError, match="synchronous must be 'full' or 'normal', got 'off'"):
            Ledger.open(tmp_path / "l.db", synchronous="off")  # type: ignore[arg-type]
        assert [] == list(tmp_path.iterdir())

    def test_one_transaction_per_write(self, tmp_path: Path) -> None:
        """Each write, a batch too, is one BEGIN IMMEDIATE ... COMMIT."""
        store = SqliteLedgerStore(tmp_path / "l.db")
        assert store._conn is not None
        ledger = Ledger(store, clock=fixed_clock())
        ask = ledger.ask("Globex", "intro")
        statements: list[str] = []
        store._conn.set_trace_callback(statements.append)

        def writes() -> list[str]:
            seen = [
                s for s in statements if s.split()[0] in ("BEGIN", "INSERT", "COMMIT", "ROLLBACK")
            ]
            statements.clear()
            return [" ".join(s.split()[:2]) for s in seen]

        ledger.resolve(ask.id, "fulfilled")
        resolve = writes()
        with ledger.batch() as batch:
            batch.give("Globex", "intel")
            batch.give("Globex", "intro")
        store.close()
        assert ["BEGIN IMMEDIATE", "INSERT INTO", "COMMIT"] == resolve[:3]
        assert ["BEGIN IMMEDIATE", "INSERT INTO", "INSERT INTO", "COMMIT"] == writes()

    def test_schema_version_and_timestamps(self, tmp_path: Path) -> None:
        """The file records its schema version, and stores times as ISO-8601 UTC text."""
        with Ledger.open(tmp_path / "l.db", clock=fixed_clock()) as ledger:
            ledger.give("Globex", "intel", at=datetime(2025, 2, 3, 4, 5, 6, 7, tzinfo=UTC))
        conn = raw(tmp_path / "l.db")
        assert [(1,)] == conn.execute("SELECT version FROM ledger_schema").fetchall()
        assert (1, _sql.APPLICATION_ID) == (
            conn.execute("PRAGMA user_version").fetchone()[0],
            conn.execute("PRAGMA application_id").fetchone()[0],
        )
        assert ("2025-02-03T04:05:06.000007Z", "2025-03-01T12:00:00.000000Z") == conn.execute(
            "SELECT at, recorded_at FROM ledger_entries"
        ).fetchone()

    @pytest.mark.parametrize(
        "statement",
        ["UPDATE ledger_entries SET note = 'x'", "DELETE FROM ledger_entries"],
        ids=["update", "delete"],
    )
    def test_history_cannot_be_rewritten_even_with_raw_sql(
        self, tmp_path: Path, statement: str
    ) -> None:
        """Triggers refuse UPDATE and DELETE on the entries table."""
        with Ledger.open(tmp_path / "l.db", clock=fixed_clock()) as ledger:
            ledger.give("Globex", "intel")
        conn = raw(tmp_path / "l.db")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(statement)
        assert 1 == conn.execute("SELECT COUNT(*) FROM ledger_entries").fetchone()[0]

    @pytest.mark.parametrize(
        ("content", "fragment"),
        [
            (b"partner,kind\nGlobex,intel\n", "not an SQLite database"),
            (bytes(random.Random(5).randrange(256) for _ in range(4096)), "not an SQLite database"),
            (b"SQLite", "not an SQLite database"),
        ],
        ids=["text-file", "random-binary", "truncated-header"],
    )
    def test_not_a_database(self, tmp_path: Path, content: bytes, fragment: str) -> None:
        """A file that is not SQLite is refused and left untouched."""
        path = tmp_path / "data.bin"
        path.write_bytes(content)
        with pytest.raises(LedgerIntegrityError, match=fragment):
            Ledger.open(path)
        assert content == path.read_bytes()
        assert ["data.bin"] == [p.name for p in tmp_path.iterdir()]

    def test_database_with_other_tables(self, tmp_path: Path) -> None:
        """An SQLite database of something else is refused; no table is added to it."""
        path = tmp_path / "crm.db"
        conn = raw(path)
        conn.execute("CREATE TABLE accounts (id TEXT, name TEXT)")
        conn.close()
        content = path.read_bytes()
        with pytest.raises(
            LedgerIntegrityError, match=r"other tables \(accounts\); cocorev will not add"
        ):
            Ledger.open(path)
        assert content == path.read_bytes()

    def test_database_of_another_application(self, tmp_path: Path) -> None:
        """An empty database stamped by another application is refused."""
        path = tmp_path / "other.db"
        conn = raw(path)
        conn.execute("PRAGMA application_id = 42")
        conn.close()
        with pytest.raises(LedgerIntegrityError, match="another application"):
            Ledger.open(path)

    def test_newer_schema(self, tmp_path: Path) -> None:
        """A ledger from a newer cocorev is refused with the advice to upgrade."""
        path = tmp_path / "new.db"
        conn = raw(path)
        for statement in V1_DDL:
            conn.execute(statement)
        conn.execute("INSERT INTO ledger_schema VALUES (99, 'future', '2030-01-01T00:00:00Z')")
        conn.close()
        with pytest.raises(LedgerIntegrityError, match=r"schema version 99.*Upgrade cocorev"):
            Ledger.open(path)

    def test_damaged_ledger(self, tmp_path: Path) -> None:
        """A schema table without the entries table is reported as damaged."""
        path = tmp_path / "damaged.db"
        conn = raw(path)
        conn.execute(V1_DDL[0])
        conn.execute(V1_DDL[2])
        conn.close()
        with pytest.raises(
            LedgerIntegrityError, match="damaged ledger: table ledger_entries is missing"
        ):
            Ledger.open(path)

    @pytest.mark.parametrize(
        ("name", "create", "fragment"),
        [
            ("missing/l.db", True, "folder .* does not exist"),
            ("l.db", False, "no ledger at"),
            (".", True, "is a folder"),
        ],
        ids=["missing-folder", "create-false", "folder"],
    )
    def test_unusable_paths(self, tmp_path: Path, name: str, create: bool, fragment: str) -> None:
        """Paths that cannot hold a ledger raise LedgerError and create nothing."""
        with pytest.raises(LedgerError, match=fragment):
            Ledger.open(tmp_path / name, create=create)
        assert [] == list(tmp_path.iterdir())

    def test_closed_ledger(self, tmp_path: Path) -> None:
        """A closed ledger refuses further use."""
        ledger = Ledger.open(tmp_path / "l.db")
        ledger.close()
        ledger.close()
        with pytest.raises(LedgerError, match="closed"):
            ledger.partners()

    def test_use_after_fork_is_refused(self, tmp_path: Path) -> None:
        """A store opened in another process id refuses to run, as after fork()."""
        store = SqliteLedgerStore(tmp_path / "l.db")
        store._pid = os.getpid() + 1
        with pytest.raises(LedgerError, match="after fork"):
            store.partners()
        store._pid = os.getpid()
        store.close()


class TestMigrations:
    def test_empty_file_is_version_zero(self, tmp_path: Path) -> None:
        """An empty file (version 0) is migrated to the current schema."""
        path = tmp_path / "empty.db"
        path.touch()
        with Ledger.open(path, clock=fixed_clock()) as ledger:
            ledger.give("Globex", "intel")
        assert [(1, "entries log with append-only triggers and indexes")] == raw(path).execute(
            "SELECT version, description FROM ledger_schema"
        ).fetchall()

    def test_v1_made_by_raw_sql_opens(self, tmp_path: Path) -> None:
        """A version-1 file written by plain SQL opens, answers and accepts writes."""
        path = tmp_path / "v1.db"
        conn = raw(path)
        for statement in V1_DDL:
            conn.execute(statement)
        conn.execute(
            "INSERT INTO ledger_entries (id, entry_kind, partner, kind, weight, at, recorded_at) "
            "VALUES (?, 'give', 'Globex', 'intro', 1.0, "
            "'2025-01-01T00:00:00.000000Z', '2025-01-01T00:00:00.000000Z')",
            ("d" * 32,),
        )
        conn.close()
        with Ledger.open(path, clock=fixed_clock()) as ledger:
            assert 2.0 == ledger.credit("Globex").score
            ledger.give("Globex", "intel")
            assert 3.0 == ledger.credit("Globex").score

    def test_framework_applies_later_steps(self, tmp_path: Path) -> None:
        """Steps after the file's version run in order and are recorded."""
        path = tmp_path / "l.db"
        Ledger.open(path).close()
        step = _sql.Migration(2, "add tags", ["ALTER TABLE ledger_entries ADD COLUMN tags TEXT"])
        conn = raw(path)
        version = _sql.migrate(
            conn,
            path=str(path),
            applied_at="2025-03-01T00:00:00.000000Z",
            timeout=5,
            migrations=[*_sql.MIGRATIONS, step],
        )
        assert 2 == version
        assert [1, 2] == [
            row[0] for row in conn.execute("SELECT version FROM ledger_schema ORDER BY version")
        ]
        assert "tags" in [row[1] for row in conn.execute("PRAGMA table_info(ledger_entries)")]
        assert 2 == conn.execute("PRAGMA user_version").fetchone()[0]

    def test_failing_step_changes_nothing(self, tmp_path: Path) -> None:
        """A failing migration rolls back every statement of the run."""
        path = tmp_path / "l.db"
        Ledger.open(path).close()
        good = _sql.Migration(2, "add tags", ["ALTER TABLE ledger_entries ADD COLUMN tags TEXT"])
        bad = _sql.Migration(3, "broken", ["ALTER TABLE nowhere ADD COLUMN x TEXT"])
        conn = raw(path)
        with pytest.raises(
            LedgerIntegrityError, match=r"schema version 3 \(broken\) failed.*unchanged"
        ):
            _sql.migrate(
                conn,
                path=str(path),
                applied_at="2025-03-01T00:00:00.000000Z",
                timeout=5,
                migrations=[*_sql.MIGRATIONS, good, bad],
            )
        assert [1] == [row[0] for row in conn.execute("SELECT version FROM ledger_schema")]
        assert "tags" not in [row[1] for row in conn.execute("PRAGMA table_info(ledger_entries)")]


def _writer(path: str, worker: int, count: int, start: threading.Event) -> None:
    start.wait()
    # synchronous=NORMAL skips the fsync per commit (power-loss durability, not tested
    # here); locking, retries and transactions are the same as with the default FULL.
    with Ledger.open(path, timeout=120, synchronous="normal") as ledger:
        for i in range(count):
            ledger.give(f"Partner {worker}", "intel", note=f"{worker}:{i}")


def _die_before_commit(path: str, ready: Connection) -> None:
    store = SqliteLedgerStore(path)
    assert store._conn is not None

    def trace(statement: str) -> None:
        if statement == "COMMIT":
            ready.send("inside the transaction")
            time.sleep(60)

    store._conn.set_trace_callback(trace)
    with Ledger(store).batch() as batch:
        for i in range(50):
            batch.give("Globex", "intel", note=str(i))


def _write_batches(path: str, progress: Connection) -> None:
    with Ledger.open(path) as ledger:
        done = 0
        while True:
            with ledger.batch() as batch:
                for i in range(200):
                    batch.give("Globex", "context", note=f"{done}:{i}")
            done += 1
            progress.send(done)


class TestProcesses:
    def test_concurrent_writers_lose_nothing(self, tmp_path: Path) -> None:
        """Eight processes writing 1,000 entries each to a new file at once lose none."""
        path = str(tmp_path / "busy.db")
        start = FORK.Event()
        workers = [FORK.Process(target=_writer, args=(path, n, 1000, start)) for n in range(8)]
        for worker in workers:
            worker.start()
        start.set()
        for worker in workers:
            worker.join(300)
        assert [0] * 8 == [worker.exitcode for worker in workers]
        with Ledger.open(path) as ledger:
            entries = ledger.entries()
            notes = {e.note for e in entries}
            assert 8000 == len(entries) == len({e.id for e in entries})
            assert {f"{w}:{i}" for w in range(8) for i in range(1000)} == notes
            assert 1000.0 == ledger.credit("Partner 3").score

    def test_threads_share_one_ledger(self, tmp_path: Path) -> None:
        """Threads writing through one Ledger lose nothing."""
        with Ledger.open(tmp_path / "l.db") as ledger:

            def work(n: int) -> None:
                for i in range(100):
                    ledger.give("Globex", "intel", note=f"{n}:{i}")

            threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert 400 == len({e.note for e in ledger.entries()})

    def test_sigkill_inside_a_transaction(self, tmp_path: Path) -> None:
        """A writer killed before COMMIT leaves a consistent file without its entries."""
        path = tmp_path / "l.db"
        with Ledger.open(path, clock=fixed_clock()) as ledger:
            ledger.give("Globex", "intro")
        ours, theirs = FORK.Pipe()
        child = FORK.Process(target=_die_before_commit, args=(str(path), theirs))
        child.start()
        assert ours.poll(60)
        assert "inside the transaction" == ours.recv()
        child.kill()
        child.join()
        assert -9 == child.exitcode
        assert [("ok",)] == raw(path).execute("PRAGMA integrity_check").fetchall()
        with Ledger.open(path, clock=fixed_clock()) as ledger:
            assert 1 == len(ledger.entries())
            assert 2.0 == ledger.credit("Globex").score
            ledger.give("Globex", "intel")
            assert 3.0 == ledger.credit("Globex").score

    def test_sigkill_while_writing_batches(self, tmp_path: Path) -> None:
        """A writer killed at any moment leaves only whole batches behind."""
        path = tmp_path / "l.db"
        ours, theirs = FORK.Pipe()
        child = FORK.Process(target=_write_batches, args=(str(path), theirs))
        child.start()
        while ours.poll(60) and ours.recv() < 3:
            pass
        time.sleep(random.Random(7).uniform(0.0, 0.02))
        child.kill()
        child.join()
        with Ledger.open(path) as ledger:
            count = len(ledger.entries())
            assert (0, True) == (count % 200, count >= 600)
            assert count == ledger.credit("Globex").gives


def test_tally_entries_is_public_for_custom_stores() -> None:
    """tally_entries computes a store's tally from plain entries."""
    ledger = Ledger.memory(clock=fixed_clock())
    ledger.give("Globex", "intro")
    tally = tally_entries(ledger.entries(), now=NOW, half_life_days=None)
    assert [("Globex", 1, NOW)] == [(t.partner, t.flows[0].count, t.last_touch) for t in tally]
