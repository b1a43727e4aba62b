"""map_accounts: overlaps, Partner Summaries and the playbook."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cocorev import Play, Stage, map_accounts
from cocorev.errors import InputError
from cocorev.testing import make_account

C, O, L = Stage.CUSTOMER, Stage.OPPORTUNITY, Stage.LEAD  # noqa: E741 - PLAYS.md writes C-O


def _partner(name, website, stage, pid, owner=None):
    return make_account(name, website=website, stage=stage, id=pid, owner=owner)


class TestSummaries:
    def test_primary_prefers_partner_customer(self):
        """The primary connection is the partner that has the account as a customer."""
        ours = [make_account("Acme Inc.", website="acme.com", stage=O, id="1")]
        amap = map_accounts(
            ours,
            {
                "Alpha": [_partner("Acme", "acme.com", L, "a1", "al@alpha.example")],
                "Beta": [_partner("ACME INC", "www.acme.com", C, "b1", "bo@beta.example")],
                "Gamma": [
                    _partner("Acme Incorporated", "http://acme.com", O, "g1", "gi@gamma.example")
                ],
            },
        )
        card = amap.summaries["1"]
        assert ("Beta", C, Play.ACCELERATE) == (card.partner, card.partner_stage, card.play)
        assert card.owner is not None
        assert "bo@beta.example" == card.owner.email
        assert [("Gamma", O), ("Alpha", L)] == [
            (o.partner, o.partner_stage) for o in card.alternatives
        ]

    def test_ties_go_to_credit_then_confidence_then_name(self):
        """Equal partner stages rank by credit, then confidence, then partner name."""
        ours = [make_account("Acme Inc.", website="acme.com", stage=C, id="1")]
        partners = {
            "Zed": [_partner("Acme", "acme.com", C, "z")],
            "Ada": [_partner("Acme", "acme.com", C, "a")],
            "Max": [_partner("Acme", "acme.com", C, "m")],
        }
        plain = map_accounts(ours, partners).summaries["1"]
        assert ["Ada", "Max", "Zed"] == [o.partner for o in plain.connections]
        credited = map_accounts(ours, partners, credit={"Zed": 5.0, "Max": 1.0}).summaries["1"]
        assert ["Zed", "Max", "Ada"] == [o.partner for o in credited.connections]

    def test_generate_names_no_owner(self):
        """A Generate primary gives no owner to contact and says why."""
        ours = [make_account("Initech", website="initech.com", stage=L, id="1")]
        amap = map_accounts(
            ours, {"P": [_partner("Initech", "initech.com", C, "p", "x@p.example")]}
        )
        card = amap.summaries["1"]
        assert (Play.GENERATE, None) == (card.play, card.owner)
        assert "do not contact" in card.owner_note

    def test_missing_owner_is_said(self):
        """A play that names an owner says so when the partner has none on record."""
        ours = [make_account("Initech", website="initech.com", stage=C, id="1")]
        card = map_accounts(ours, {"P": [_partner("Initech", "initech.com", C, "p")]}).summaries[
            "1"
        ]
        assert card.owner is None
        assert "no owner on record" in card.owner_note

    def test_accounts_without_overlap_have_no_summary(self):
        """Only accounts with at least one overlap get a Partner Summary."""
        ours = [
            make_account("Acme", website="acme.com", id="1"),
            make_account("Umbrella", website="umbrella.com", id="2"),
        ]
        amap = map_accounts(ours, {"P": [_partner("Acme", "acme.com", C, "p")]})
        assert ["1"] == list(amap.summaries)

    def test_blank_partner_name_is_rejected(self):
        """A blank partner name is an input error."""
        with pytest.raises(InputError, match="partner name"):
            map_accounts([], {" ": []})

    @pytest.mark.parametrize(
        ("partners", "expected"),
        [
            (
                [make_account("Acme", id="p")],
                "partners must be a mapping of partner name to accounts, got list; "
                "pass {'Partner name': accounts}",
            ),
            (
                (("P", []),),
                "partners must be a mapping of partner name to accounts, got tuple; "
                "pass {'Partner name': accounts}",
            ),
            ({5: []}, "partner name must be text, got int 5"),
        ],
        ids=["list", "pairs", "int-name"],
    )
    def test_partners_not_a_mapping_of_names(self, partners, expected):
        """Partners given as anything but a mapping of names to accounts is an input error saying so."""
        with pytest.raises(InputError) as info:
            map_accounts([make_account("Acme", id="1")], partners)
        assert expected == str(info.value)

    def test_duplicate_ids_are_rejected(self):
        """Two of our accounts with one id are an input error naming the id."""
        ours = [make_account("Acme", id="1"), make_account("Globex", id="1")]
        with pytest.raises(InputError, match="'1'"):
            map_accounts(ours, {"P": []})


class TestPlaybook:
    def _map(self):
        ours = [
            make_account("Acme", website="acme.com", stage=C, id="cc", amount=10),
            make_account("Globex", website="globex.com", stage=C, id="co", amount=500),
            make_account("Initech", website="initech.com", stage=C, id="cc2", amount=900),
            make_account("Hooli", website="hooli.com", stage=O, id="oc"),
            make_account("Umbrella", website="umbrella.com", stage=L, id="lo"),
            make_account("Soylent", website="soylent.com", stage=O, id="ol"),
        ]
        partner = [
            _partner("Acme", "acme.com", C, "1"),
            _partner("Globex", "globex.com", O, "2"),
            _partner("Initech", "initech.com", C, "3"),
            _partner("Hooli", "hooli.com", C, "4"),
            _partner("Umbrella", "umbrella.com", O, "5"),
            _partner("Soylent", "soylent.com", L, "6"),
        ]
        return map_accounts(ours, {"P": partner})

    def test_counts_per_card(self):
        """Each account counts on every card it qualifies for."""
        counts = self._map().playbook.counts()
        assert {
            Play.EXPANSION: 3,
            Play.ACCELERATE: 1,
            Play.GENERATE: 1,
            Play.PARTNERSHIP: 2,
        } == counts

    def test_cards_rank_by_strength_then_amount(self):
        """The view-customers list ranks by strength, then by deal amount, largest first."""
        card = self._map().playbook.card(Play.EXPANSION)
        assert ["cc2", "cc", "co"] == [e.account.id for e in card.view_customers()]
        assert ["cc"] == [e.account.id for e in card.view_customers(limit=1, offset=1)]

    def test_partnership_card_order(self):
        """Build Partnerships ranks Customer-Opportunity before Opportunity-Lead."""
        card = self._map().playbook.card("partnership")
        assert [("co", 1), ("ol", 3)] == [(e.account.id, e.strength) for e in card.entries]


ids = st.text(alphabet="abcdefgh", min_size=1, max_size=3)


class TestProperties:
    @given(st.permutations(list(range(6))))
    def test_overlaps_do_not_depend_on_input_order(self, order):
        """Shuffling our accounts and the partner's gives the same overlaps and summaries."""
        names = ["Acme", "Globex", "Initech", "Hooli", "Umbrella", "Soylent"]
        ours = [
            make_account(n, website=f"{n.lower()}.com", id=f"o{i}", stage=list(Stage)[i % 3])
            for i, n in enumerate(names)
        ]
        theirs = [
            make_account(n.upper(), id=f"p{i}", stage=list(Stage)[(i + 1) % 3])
            for i, n in enumerate(names)
        ]
        base = map_accounts(ours, {"P": theirs})
        shuffled = map_accounts(
            [ours[i] for i in order], {"P": [theirs[i] for i in reversed(order)]}
        )
        assert base.overlaps == shuffled.overlaps
        assert dict(base.summaries) == dict(shuffled.summaries)
        assert base.playbook == shuffled.playbook


class TestLedgerTieBreak:
    def test_ledger_credit_breaks_ties(self):
        """With a ledger, the partner we gave most to is the primary among equal stages."""
        from cocorev.ledger import Ledger

        ledger = Ledger.memory()
        ledger.give("Zed", "intro")
        ledger.give("Zed", "intel")
        ours = [make_account("Acme Inc.", website="acme.com", stage=C, id="1")]
        partners = {
            "Ada": [_partner("Acme", "acme.com", C, "a")],
            "Zed": [_partner("Acme", "acme.com", C, "z")],
        }
        assert "Ada" == map_accounts(ours, partners).summaries["1"].partner
        assert "Zed" == map_accounts(ours, partners, ledger=ledger).summaries["1"].partner
