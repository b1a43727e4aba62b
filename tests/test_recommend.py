"""Which play to start with, how to run it, and the self-check before it."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cocorev import (
    CheckItem,
    CheckStatus,
    ConfigError,
    InputError,
    Play,
    Priority,
    guidance,
    recommend,
    self_check,
)
from cocorev.recommend import READY_MIN_PASSED
from tests.maps import FakeLedger, FakeVerdict, GatedLedger, two_partner_map

AMAP = two_partner_map()


class TestPriorityParse:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Growing existing accounts", Priority.GROW_ACCOUNTS),
            ("Closing deals faster", Priority.CLOSE_FASTER),
            ("Building more pipeline", Priority.BUILD_PIPELINE),
            ("Getting your ecosystem to respond", Priority.ECOSYSTEM_RESPOND),
            ("grow existing accounts", Priority.GROW_ACCOUNTS),
            ("close deals faster", Priority.CLOSE_FASTER),
            ("build more pipeline", Priority.BUILD_PIPELINE),
            ("get the ecosystem to respond", Priority.ECOSYSTEM_RESPOND),
        ],
        ids=[
            "article-grow",
            "article-close",
            "article-build",
            "article-respond",
            "spec-grow",
            "spec-close",
            "spec-build",
            "spec-respond",
        ],
    )
    def test_article_and_spec_phrases(self, text, expected):
        """Every phrase of the article's table and of the spec names its priority."""
        assert expected == Priority.parse(text)

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("close-faster", Priority.CLOSE_FASTER),
            ("CLOSE_FASTER", Priority.CLOSE_FASTER),
            ("close_faster", Priority.CLOSE_FASTER),
            ("  Ecosystem-Respond  ", Priority.ECOSYSTEM_RESPOND),
            ("building-more-pipeline!", Priority.BUILD_PIPELINE),
            ("GETTING YOUR ECOSYSTEM TO RESPOND?", Priority.ECOSYSTEM_RESPOND),
            ("Growing existing accounts.", Priority.GROW_ACCOUNTS),
            (Priority.GROW_ACCOUNTS, Priority.GROW_ACCOUNTS),
        ],
        ids=[
            "value",
            "name",
            "underscores",
            "padded-hyphen",
            "hyphens-bang",
            "shouting",
            "full-stop",
            "member",
        ],
    )
    def test_case_punctuation_and_separators_do_not_matter(self, text, expected):
        """Values, member names and phrases parse whatever their case and punctuation."""
        assert expected == Priority.parse(text)

    @pytest.mark.parametrize(
        "text",
        ["", "faster", "grow", "win more", "accelerate"],
        ids=["blank", "partial", "one-word", "other-goal", "play-name"],
    )
    def test_unknown_text_lists_the_valid_values(self, text):
        """Text that names no priority raises a ConfigError listing every valid value."""
        with pytest.raises(ConfigError) as info:
            Priority.parse(text)
        message = str(info.value)
        assert all(p.value in message for p in Priority)
        assert "'Closing deals faster'" in message
        assert isinstance(info.value, ValueError)

    @given(
        st.sampled_from(list(Priority)),
        st.lists(st.sampled_from(["", " ", "-", "_", ".", "!"]), min_size=0, max_size=3),
        st.booleans(),
    )
    def test_label_parses_back_under_any_decoration(self, priority, decorations, upper):
        """A priority's article phrase parses back to it, whatever case and punctuation."""
        text = "".join(decorations) + priority.label + "".join(decorations)
        assert priority == Priority.parse(text.upper() if upper else text)

    def test_labels_are_the_article_phrases(self):
        """Each priority's label is the phrase of the article's table."""
        assert (
            "Growing existing accounts",
            "Closing deals faster",
            "Building more pipeline",
            "Getting your ecosystem to respond",
        ) == tuple(p.label for p in Priority)


PRIORITY_ROWS = [
    (Priority.GROW_ACCOUNTS, Play.EXPANSION),
    (Priority.CLOSE_FASTER, Play.ACCELERATE),
    (Priority.BUILD_PIPELINE, Play.GENERATE),
    (Priority.ECOSYSTEM_RESPOND, Play.PARTNERSHIP),
]
ROW_IDS = ["grow-expansion", "close-accelerate", "pipeline-generate", "respond-partnership"]


class TestRecommend:
    @pytest.mark.parametrize(("priority", "play"), PRIORITY_ROWS, ids=ROW_IDS)
    def test_experienced_user_gets_the_priority_play(self, priority, play):
        """Each row of the table: the priority's play, its reason, its guidance, no fallback."""
        rec = recommend(priority)
        assert (play, play, False, None, ()) == (
            rec.play,
            rec.priority_play,
            rec.fell_back,
            rec.fallback_reason,
            rec.notes,
        )
        assert rec.reason
        assert play == rec.guidance.play

    @pytest.mark.parametrize(
        ("priority", "play"),
        [row for row in PRIORITY_ROWS if row[1] is not Play.ACCELERATE],
        ids=[i for i in ROW_IDS if "accelerate" not in i],
    )
    def test_new_user_keeps_other_plays_with_a_note(self, priority, play):
        """A new user keeps Expansion, Generate or Build Partnerships and gets a note."""
        rec = recommend(priority, new_to_ecosystem=True)
        assert (play, False, None) == (rec.play, rec.fell_back, rec.fallback_reason)
        assert 1 == len(rec.notes)
        assert rec.notes[0].startswith("New to ecosystem selling")

    def test_new_user_is_steered_from_accelerate_to_generate(self):
        """A new user who wants to close faster starts with Generate, and is told why."""
        rec = recommend("close-faster", new_to_ecosystem=True)
        assert (Play.GENERATE, Play.ACCELERATE, True) == (
            rec.play,
            rec.priority_play,
            rec.fell_back,
        )
        assert "most skill" in (rec.fallback_reason or "")
        assert "Build Partnerships" in (rec.fallback_reason or "")
        assert Play.GENERATE == rec.guidance.play

    def test_new_user_without_credit_anywhere_builds_partnerships(self):
        """A new user whose ledger shows no credit with any partner starts by giving."""
        ledger = FakeLedger({"Northwind": 0.0, "Contoso": -1.0})
        rec = recommend("close-faster", new_to_ecosystem=True, account_map=AMAP, ledger=ledger)
        assert Play.PARTNERSHIP == rec.play
        assert "no give-to-get credit with any partner yet (Contoso, Northwind)" in (
            rec.fallback_reason or ""
        )
        assert ("2", "4") == tuple(e.account.id for e in rec.accounts)

    def test_new_user_with_some_credit_generates(self):
        """Credit with one partner is enough for the default fallback, Generate."""
        ledger = FakeLedger({"Northwind": 2.0})
        rec = recommend("close-faster", new_to_ecosystem=True, account_map=AMAP, ledger=ledger)
        assert Play.GENERATE == rec.play

    def test_new_user_without_leads_builds_partnerships(self):
        """With no Generate account on the map but Build Partnerships ones, start by giving."""
        from attrs import evolve

        cards = [
            evolve(card, entries=()) if card.play is Play.GENERATE else card
            for card in AMAP.playbook.cards
        ]
        amap = evolve(AMAP, playbook=evolve(AMAP.playbook, cards=cards))
        rec = recommend("close-faster", new_to_ecosystem=True, account_map=amap)
        assert Play.PARTNERSHIP == rec.play
        assert "no lead for Generate" in (rec.fallback_reason or "")

    @pytest.mark.parametrize(
        ("priority", "expected_ids"),
        [
            (Priority.GROW_ACCOUNTS, ("6", "2")),
            (Priority.CLOSE_FASTER, ("1", "5")),
            (Priority.BUILD_PIPELINE, ("3", "7")),
            (Priority.ECOSYSTEM_RESPOND, ("2", "4")),
        ],
        ids=ROW_IDS,
    )
    def test_accounts_come_from_the_playbook_card(self, priority, expected_ids):
        """With a map, the accounts to act on first are the card's ranked list."""
        rec = recommend(priority, account_map=AMAP)
        assert expected_ids == tuple(e.account.id for e in rec.accounts)
        assert 2 == rec.accounts_total

    def test_limit_cuts_the_account_list(self):
        """limit keeps the strongest accounts only; the total still counts them all."""
        rec = recommend("close-faster", account_map=AMAP, limit=1)
        assert (("1",), 2) == (tuple(e.account.id for e in rec.accounts), rec.accounts_total)

    def test_negative_limit_is_refused(self):
        """A negative limit is a configuration error."""
        with pytest.raises(ConfigError, match="limit"):
            recommend("close-faster", limit=-1)

    def test_without_map_there_are_no_accounts(self):
        """Without a map the recommendation is advice only."""
        rec = recommend("close-faster")
        assert ((), None) == (rec.accounts, rec.accounts_total)

    def test_asking_play_warns_about_partners_without_credit(self):
        """Before Accelerate, partners we have no credit with are named in a note."""
        ledger = FakeLedger({"Northwind": 3.0, "Contoso": 0.0})
        rec = recommend("close-faster", account_map=AMAP, ledger=ledger)
        assert ("No give-to-get credit yet with Contoso" in rec.notes[0]) is True

    def test_empty_card_is_noted(self):
        """A play with no account on the map says so instead of listing nothing silently."""
        from attrs import evolve

        cards = [evolve(c, entries=()) for c in AMAP.playbook.cards]
        amap = evolve(AMAP, playbook=evolve(AMAP.playbook, cards=cards))
        rec = recommend("grow-accounts", account_map=amap)
        assert ["Your map has no account for Upsells & Expansion yet"] == [
            n.split(";")[0] for n in rec.notes
        ]

    def test_to_dict_is_json(self):
        """The recommendation serialises to JSON with the accounts ranked."""
        rec = recommend("close-faster", new_to_ecosystem=True, account_map=AMAP)
        data = json.loads(json.dumps(rec.to_dict()))
        assert ("generate", "accelerate", [1, 2]) == (
            data["play"],
            data["priority_play"],
            [a["rank"] for a in data["accounts"]],
        )
        assert data["guidance"]["contact_owner"] is False


class TestGuidance:
    @pytest.mark.parametrize("play", list(Play), ids=str)
    def test_every_play_has_goal_why_steps_and_questions(self, play):
        """Each play's guidance states a goal, why it works, steps and questions."""
        g = guidance(play)
        assert play == g.play
        assert (True, True) == (bool(g.goal), bool(g.done_well))
        assert (True, True, True, True) == (
            len(g.why) >= 3,
            len(g.steps) >= 4,
            len(g.questions) >= 3,
            len(g.overlap_types) >= 2,
        )

    def test_generate_neither_reveals_nor_contacts_the_owner(self):
        """Generate says not to contact the partner's owner yet and not to reveal the context."""
        g = guidance(Play.GENERATE)
        assert g.contact_owner is False
        assert any("Do not contact the partner's account owner yet" in s for s in g.steps)
        assert any("without revealing what you know" in s for s in g.steps)

    @pytest.mark.parametrize("play", [Play.EXPANSION, Play.ACCELERATE, Play.PARTNERSHIP], ids=str)
    def test_other_plays_contact_the_owner(self, play):
        """Every play but Generate starts by contacting the partner's account owner."""
        g = guidance(play)
        assert g.contact_owner is True
        assert g.steps[0].startswith("Contact the partner's account owner")

    def test_accepts_the_value(self):
        """A play's value works as well as the enum."""
        assert guidance(Play.ACCELERATE) == guidance("accelerate")

    def test_partnership_does_not_ask_yet(self):
        """Build Partnerships says to give without asking for anything in return yet."""
        assert any(
            "Do not ask for anything in return yet" in s for s in guidance(Play.PARTNERSHIP).steps
        )


def statuses(checklist):
    return {i.name: i.status.value for i in checklist.items}


class TestSelfCheckItems:
    def test_items_are_in_the_articles_order(self):
        """The five items come in the article's order, each with a question."""
        checklist = self_check("accelerate", "Northwind", account_map=AMAP)
        assert ("overlaps", "relationship", "partnerships_first", "give", "ask") == tuple(
            i.name for i in checklist.items
        )
        assert all(i.question.endswith("?") for i in checklist.items)

    def test_overlaps_pass_with_the_count(self):
        """Overlaps that fit the play pass, counted and ranked strongest first."""
        item = self_check("accelerate", "Northwind", account_map=AMAP).item("overlaps")
        assert (CheckStatus.PASS, 2, 2) == (
            item.status,
            item.figure("overlaps"),
            item.figure("accounts"),
        )
        assert "Acme Inc. (Opportunity to Customer), Hooli (Opportunity to Opportunity)" in (
            item.reason
        )

    def test_overlaps_fail_when_none_fits(self):
        """No overlap with the partner fits the play: fail, saying how many fit others."""
        item = self_check("accelerate", "Contoso", account_map=AMAP).item("overlaps")
        assert (CheckStatus.FAIL, 0, 2) == (
            item.status,
            item.figure("overlaps"),
            item.figure("all_overlaps"),
        )
        assert "2 overlap(s) with them fit other plays" in item.reason

    def test_relationship_unknown_without_ledger(self):
        """Without a ledger the relationship is unknown and says so instead of guessing."""
        item = self_check("accelerate", "Northwind", account_map=AMAP).item("relationship")
        assert CheckStatus.UNKNOWN == item.status
        assert "no give-to-get ledger" in item.reason
        assert () == item.figures

    @pytest.mark.parametrize(
        ("credits", "min_credit", "status"),
        [
            ({"Northwind": 2.5}, 0.0, "pass"),
            ({"Northwind": 0.0}, 0.0, "fail"),
            ({"Northwind": -1.0}, 0.0, "fail"),
            ({"Northwind": 2.5}, 3.0, "fail"),
            ({"Northwind": 3.5}, 3.0, "pass"),
            ({"Contoso": 9.0}, 0.0, "fail"),
        ],
        ids=["credit", "even", "owing", "below-min", "above-min", "never-heard-of"],
    )
    def test_relationship_from_the_credit(self, credits, min_credit, status):
        """The relationship passes only with credit above min_credit."""
        checklist = self_check(
            "accelerate",
            "Northwind",
            account_map=AMAP,
            ledger=FakeLedger(credits),
            min_credit=min_credit,
        )
        item = checklist.item("relationship")
        assert status == item.status.value
        assert (credits.get("Northwind", 0.0), min_credit) == (
            item.figure("credit"),
            item.figure("min_credit"),
        )

    def test_unknown_partner_in_ledger_says_no_entry(self):
        """A partner the ledger never heard of has no credit, and the reason says so."""
        item = self_check("accelerate", "Northwind", account_map=AMAP, ledger=FakeLedger({})).item(
            "relationship"
        )
        assert "the ledger has no entry for Northwind yet" in item.reason

    @pytest.mark.parametrize(
        ("ok", "status"), [(True, "pass"), (False, "fail")], ids=["gate-open", "gate-closed"]
    )
    def test_ledger_can_ask_must_agree(self, ok, status):
        """A ledger with can_ask has the last word even when the credit is positive."""
        ledger = GatedLedger({"Northwind": 5.0}, FakeVerdict(ok, "an ask is still pending"))
        item = self_check("accelerate", "Northwind", account_map=AMAP, ledger=ledger).item(
            "relationship"
        )
        assert (status, ok) == (item.status.value, item.figure("can_ask"))
        assert ("an ask is still pending" in item.reason) is (not ok)

    def test_partnership_needs_no_credit(self):
        """Build Partnerships gives before it asks: the relationship passes at any credit."""
        checklist = self_check(
            "partnership", "Northwind", account_map=AMAP, ledger=FakeLedger({"Northwind": -4.0})
        )
        assert ("pass", "pass", "pass") == (
            checklist.item("relationship").status.value,
            checklist.item("partnerships_first").status.value,
            checklist.item("ask").status.value,
        )
        assert checklist.recommendation is None

    @pytest.mark.parametrize(
        ("ledger", "status", "recommendation"),
        [
            (None, "unknown", None),
            (FakeLedger({"Northwind": 1.0}), "pass", None),
            (FakeLedger({"Northwind": 0.0}), "fail", Play.PARTNERSHIP),
        ],
        ids=["no-ledger", "credit", "no-credit"],
    )
    def test_partnerships_first_follows_the_relationship(self, ledger, status, recommendation):
        """Too little credit recommends Build Partnerships first; unknown stays unknown."""
        checklist = self_check("accelerate", "Northwind", account_map=AMAP, ledger=ledger)
        item = checklist.item("partnerships_first")
        assert (status, recommendation, 2) == (
            item.status.value,
            checklist.recommendation,
            item.figure("partnership_overlaps"),
        )

    def test_partnerships_first_names_where_to_help(self):
        """The Build Partnerships advice names the accounts where we can help."""
        item = self_check(
            "accelerate", "Northwind", account_map=AMAP, ledger=FakeLedger({"Northwind": 0.0})
        ).item("partnerships_first")
        assert "Globex (Customer to Opportunity), Umbrella (Customer to Lead)" in item.reason

    def test_give_passes_with_a_stated_give(self):
        """A stated give passes, quoted back."""
        item = self_check(
            "expansion", "Contoso", account_map=AMAP, give="an intro to our CISO contact"
        ).item("give")
        assert (CheckStatus.PASS, "an intro to our CISO contact") == (
            item.status,
            item.figure("give"),
        )

    def test_give_passes_with_accounts_where_we_can_help(self):
        """Build Partnerships overlaps with the partner are something ready to give."""
        checklist = self_check("accelerate", "Northwind", account_map=AMAP)
        assert CheckStatus.PASS == checklist.item("give").status
        assert ("2", "4") == tuple(o.account.id for o in checklist.gives)

    @pytest.mark.parametrize("give", [None, "", "   "], ids=["none", "empty", "blank"])
    def test_give_fails_with_nothing_to_give(self, give):
        """No give stated and no account where we can help the partner: fail."""
        item = self_check("expansion", "Contoso", account_map=AMAP, give=give).item("give")
        assert (CheckStatus.FAIL, 0) == (item.status, item.figure("partnership_overlaps"))

    @pytest.mark.parametrize(
        ("ask", "status"),
        [
            ("Who signs off on the security review?", "pass"),
            ("intro to CFO", "pass"),
            (None, "fail"),
            ("   ", "fail"),
            ("help please", "fail"),
        ],
        ids=["exact", "three-words", "none", "blank", "vague"],
    )
    def test_ask_must_be_stated_exactly(self, ask, status):
        """The ask passes when stated in at least three words."""
        item = self_check("accelerate", "Northwind", account_map=AMAP, ask=ask).item("ask")
        assert status == item.status.value

    def test_missing_ask_suggests_a_question(self):
        """A missing ask is answered with an example question for the play."""
        item = self_check("accelerate", "Northwind", account_map=AMAP).item("ask")
        assert "Who are the key stakeholders, and who really decides?" in item.reason

    def test_partner_name_is_case_insensitive(self):
        """The partner is found whatever the case, and reported as the map spells it."""
        assert "Northwind" == self_check("generate", "northWIND", account_map=AMAP).partner

    def test_unknown_partner_is_an_input_error(self):
        """A partner the map does not have is refused with the names it has."""
        with pytest.raises(InputError, match=r"unknown partner 'Fabrikam'.*Northwind, Contoso"):
            self_check("generate", "Fabrikam", account_map=AMAP)

    @pytest.mark.parametrize(
        "min_credit",
        [float("nan"), float("inf"), float("-inf"), "1", True],
        ids=["nan", "inf", "-inf", "text", "bool"],
    )
    def test_min_credit_must_be_a_finite_number(self, min_credit):
        """A NaN, infinite or non-number min_credit is a ConfigError, not a silent pass."""
        with pytest.raises(ConfigError) as caught:
            self_check(
                "accelerate",
                "Northwind",
                account_map=AMAP,
                ledger=FakeLedger({"Northwind": -5.0}),
                min_credit=min_credit,
            )
        assert f"min_credit must be a finite number, got {min_credit!r}" == str(caught.value)

    def test_unknown_play_is_a_value_error(self):
        """A play that is not a play value is refused."""
        with pytest.raises(ValueError, match="upsell"):
            self_check("upsell", "Northwind", account_map=AMAP)

    def test_missing_item_and_figure_raise_key_error(self):
        """Asking for an item or figure that does not exist raises KeyError."""
        checklist = self_check("generate", "Northwind", account_map=AMAP)
        with pytest.raises(KeyError):
            checklist.item("vibes")
        with pytest.raises(KeyError):
            checklist.items[0].figure("vibes")


class TestReady:
    @pytest.mark.parametrize(
        ("play", "partner", "credit", "ask", "give", "expected", "ready"),
        [
            (
                "accelerate",
                "Northwind",
                2.0,
                "Who decides on the budget?",
                None,
                {
                    "overlaps": "pass",
                    "relationship": "pass",
                    "partnerships_first": "pass",
                    "give": "pass",
                    "ask": "pass",
                },
                True,
            ),
            (
                "accelerate",
                "Northwind",
                None,
                "Who decides on the budget?",
                None,
                {
                    "overlaps": "pass",
                    "relationship": "unknown",
                    "partnerships_first": "unknown",
                    "give": "pass",
                    "ask": "pass",
                },
                True,
            ),
            (
                "accelerate",
                "Northwind",
                None,
                None,
                None,
                {
                    "overlaps": "pass",
                    "relationship": "unknown",
                    "partnerships_first": "unknown",
                    "give": "pass",
                    "ask": "fail",
                },
                False,
            ),
            (
                "accelerate",
                "Northwind",
                0.0,
                "Who decides on the budget?",
                None,
                {
                    "overlaps": "pass",
                    "relationship": "fail",
                    "partnerships_first": "fail",
                    "give": "pass",
                    "ask": "pass",
                },
                False,
            ),
            (
                "expansion",
                "Contoso",
                1.0,
                None,
                None,
                {
                    "overlaps": "pass",
                    "relationship": "pass",
                    "partnerships_first": "pass",
                    "give": "fail",
                    "ask": "fail",
                },
                True,
            ),
            (
                "accelerate",
                "Contoso",
                5.0,
                "Who decides on the budget?",
                "context",
                {
                    "overlaps": "fail",
                    "relationship": "pass",
                    "partnerships_first": "pass",
                    "give": "pass",
                    "ask": "pass",
                },
                False,
            ),
            (
                "partnership",
                "Northwind",
                None,
                None,
                None,
                {
                    "overlaps": "pass",
                    "relationship": "pass",
                    "partnerships_first": "pass",
                    "give": "pass",
                    "ask": "pass",
                },
                True,
            ),
        ],
        ids=[
            "all-pass",
            "no-ledger",
            "no-ledger-no-ask",
            "no-credit",
            "three-of-five",
            "no-overlaps",
            "partnership",
        ],
    )
    def test_ready_means_most_items_pass(self, play, partner, credit, ask, give, expected, ready):
        """Ready: overlaps pass, at least three items pass, and the relationship does not fail."""
        ledger = None if credit is None else FakeLedger({partner: credit})
        checklist = self_check(play, partner, account_map=AMAP, ledger=ledger, ask=ask, give=give)
        assert (expected, ready) == (statuses(checklist), checklist.ready)

    def test_the_threshold_is_three(self):
        """Most of five items is three."""
        assert 3 == READY_MIN_PASSED

    def test_to_dict_is_json(self):
        """The checklist serialises to JSON with every item and the overlaps."""
        checklist = self_check(
            "accelerate", "Northwind", account_map=AMAP, ledger=FakeLedger({"Northwind": 0.0})
        )
        data = json.loads(json.dumps(checklist.to_dict()))
        assert ("partnership", False, 5) == (
            data["recommendation"],
            data["ready"],
            len(data["items"]),
        )
        assert [1, 2] == [o["strength"] for o in data["overlaps"]]
        assert {"credit": 0.0, "min_credit": 0.0} == data["items"][1]["figures"]


class TestCheckItem:
    def test_figures_from_a_mapping_keep_their_order(self):
        """Figures given as a mapping become ordered pairs."""
        item = CheckItem(
            name="x", question="x?", status="pass", reason="r", figures={"b": 1, "a": 2}
        )
        assert (("b", 1), ("a", 2)) == item.figures
        assert CheckStatus.PASS is item.status

    def test_is_frozen_and_hashable(self):
        """Items are values: equal items hash alike."""
        one = CheckItem(name="x", question="x?", status="fail", reason="r", figures={"n": 1})
        two = CheckItem(name="x", question="x?", status="fail", reason="r", figures={"n": 1})
        assert hash(one) == hash(two)
