"""Notebook rendering: _repr_html_ of AccountMap, Playbook and PartnerSummary."""

from __future__ import annotations

import html.parser

import pytest

from cocorev import Owner, map_accounts
from cocorev.testing import make_account

NASTY = '<script>alert("x")</script>'


class _Text(html.parser.HTMLParser):
    """Collects the text of an HTML fragment and every tag it opens."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in ("br", "ul", "li", "p", "small"):
            self.text.append(" ")

    def handle_endtag(self, tag):
        if tag in ("td", "th", "li", "p", "h4", "tr", "small"):
            self.text.append(" ")

    def handle_startendtag(self, tag, attrs):
        self.text.append(" ")

    def handle_data(self, data):
        self.text.append(data)


def parse(fragment):
    parser = _Text()
    parser.feed(fragment)
    return " ".join("".join(parser.text).split()), parser.tags


NASTY_OWNER = Owner(NASTY, "a&b@p.example")


def _map(name=NASTY, partner=NASTY, owner=NASTY_OWNER):
    ours = [
        make_account(name, website="adobe.com", id="1", stage="opportunity", amount=12500),
        make_account("Intel", website="intel.com", id="2", stage="lead"),
    ]
    theirs = [
        make_account("Adobe", website="adobe.com", id="a", owner=owner),
        make_account("Intel", website="intel.com", id="b", owner="bo@p.example"),
    ]
    second = [make_account("Adobe Inc.", website="www.adobe.com", id="z", stage="lead")]
    return map_accounts(ours, {partner: theirs, "Northwind": second})


class TestEscaping:
    @pytest.mark.parametrize(
        "render",
        [
            lambda m: m._repr_html_(),
            lambda m: m.playbook._repr_html_(),
            lambda m: m.summaries["1"]._repr_html_(),
        ],
        ids=["account-map", "playbook", "summary"],
    )
    def test_values_are_escaped(self, render):
        """A <script> in a company, partner or owner name shows as text and never as a tag."""
        fragment = render(_map())
        text, tags = parse(fragment)
        assert "script" not in tags
        assert NASTY in text
        assert "<script>" not in fragment


class TestSummaryCard:
    def test_shows_play_stage_owner_alternatives_and_why(self):
        """The card shows the play, the partner and its stage, the owner, the alternatives and why."""
        summary = _map(
            name="Adobe Inc.", partner="Contoso", owner=Owner("Ann Lee", "ann@p.example")
        )
        card = summary.summaries["1"]
        text, _ = parse(card._repr_html_())
        assert "Adobe Inc. (Opportunity, id 1)" in text
        assert "Play Accelerate Opportunities" in text
        assert "Partner Contoso: Customer" in text
        assert "Ann Lee <ann@p.example>" in text
        assert "Alternatives Northwind: Lead, Build Partnerships" in text
        assert f"Why {card.reason}" in text

    def test_generate_names_nobody(self):
        """For Generate, the card says nobody is to be contacted yet, and why."""
        card = _map(name="Adobe Inc.", partner="Contoso").summaries["2"]
        text, _ = parse(card._repr_html_())
        assert f"Owner nobody yet {card.owner_note}" in text


class TestPlaybook:
    def test_counts_per_play_and_top_accounts(self):
        """The playbook shows each play's count, then its top accounts with amount and contact."""
        amap = _map(name="Adobe Inc.", partner="Contoso", owner=Owner("Ann Lee", "ann@p.example"))
        text, _ = parse(amap.playbook._repr_html_())
        counts = amap.playbook.counts()
        for play, count in counts.items():
            assert f"{play.label} {count}" in text
        assert "1 Adobe Inc. Opportunity $12,500 Contoso Customer Ann Lee <ann@p.example>" in text
        assert "not yet (tailor outreach, do not contact the owner)" in text

    def test_account_map_totals(self):
        """The account map leads with totals: accounts, partners, overlaps."""
        text, _ = parse(_map(partner="Contoso")._repr_html_())
        assert text.startswith(
            "2 accounts of ours, 2 partner(s) (Contoso, Northwind): 3 overlaps on 2 accounts."
        )

    def test_long_cards_are_cut(self):
        """A card with more accounts than shown says how many more there are."""
        ours = [make_account(f"Company {i}", website=f"c{i}.com", id=str(i)) for i in range(7)]
        theirs = [make_account(f"Company {i}", website=f"c{i}.com", id=f"p{i}") for i in range(7)]
        text, _ = parse(map_accounts(ours, {"P": theirs}).playbook._repr_html_())
        assert "... and 2 more" in text
