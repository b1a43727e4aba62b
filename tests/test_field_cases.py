"""Real matching failures reported in the field, each with its right answer.

Copied from the shared field-case file (ids C01 to C28); the tests never read outside
the repository.
"""

from __future__ import annotations

import pytest

from cocorev import match_accounts, normalize_domain, normalize_name
from cocorev.match import name_similarity
from cocorev.testing import make_account

# id, (name a, website a), (name b, website b), decision, key a, key b; keys are domain
# keys where a website is given, name keys otherwise ("" = not stated).
CASES = [
    (
        "C01",
        ("Alpha Bakery", "https://alpha-bakery.myshopify.com"),
        ("Zeta Plumbing", "https://zeta-plumbing.myshopify.com"),
        "no_match",
        "alpha-bakery.myshopify.com",
        "zeta-plumbing.myshopify.com",
    ),
    (
        "C02",
        ("NHS", "https://www.nhs.uk/"),
        ("National Health Service", "nhs.uk"),
        "match",
        "nhs.uk",
        "nhs.uk",
    ),
    (
        "C04",
        ("Acme China", "http://acme.公司.cn"),
        ("Acme China", "http://acme.xn--55qx5d.cn"),
        "match",
        "acme.xn--55qx5d.cn",
        "acme.xn--55qx5d.cn",
    ),
    (
        "C06",
        ("Acme Widgets", "HTTP://WWW.ACME-WIDGETS.COM/"),
        ("Acme Widgets", "acme-widgets.com"),
        "match",
        "acme-widgets.com",
        "acme-widgets.com",
    ),
    (
        "C07",
        ("Acme Widgets Ltd", "https://user:secret@www.acme-widgets.co.uk:8443/contact?ref=1"),
        ("Acme Widgets", "acme-widgets.co.uk."),
        "match",
        "acme-widgets.co.uk",
        "acme-widgets.co.uk",
    ),
    (
        "C09",
        ("Acme Widgets", "www.acme-widgets.com"),
        ("Acme Widgets Inc.", "www2.acme-widgets.com"),
        "match",
        "acme-widgets.com",
        "acme-widgets.com",
    ),
    ("C11", ("Baqend GmbH", "baqend.com"), ("Baqend GmbH", "speedkit.com"), "match", "", ""),
    (
        "C14",
        ("ACME WIDGETS INC", None),
        ("Acme Widgets Inc", None),
        "match",
        "acme widgets",
        "acme widgets",
    ),
    ("C16", ("COOP", None), ("AAT", None), "no_match", "coop", "aat"),
    (
        "C17",
        ("Bluegum Logistics Pty Ltd", None),
        ("Bluegum Logistics Pty Limited", None),
        "match",
        "bluegum logistics",
        "bluegum logistics",
    ),
    (
        "C18",
        ("あおい電子工業株式会社", None),
        ("あおい電子工業（株）", None),
        "match",
        "あおい電子工業",
        "あおい電子工業",
    ),
    (
        "C19",
        ("JPMorgan Chase & Co.", None),
        ("JPMorgan Chase", None),
        "match",
        "jpmorgan chase",
        "jpmorgan chase",
    ),
    ("C21", ("Enterprise Solutions", None), ("The Solutions Co", None), "no_match", "", ""),
    ("C22", ("Bank of the West", None), ("Bank of the East", None), "no_match", "", ""),
    (
        "C23",
        ("Data Systems", None),
        ("Advanced Data Systems and Data Services Inc", None),
        "no_match",
        "",
        "",
    ),
    ("C24", ("Nestlé S.A.", None), ("NESTLE SA", None), "match", "nestle", "nestle"),
    (
        "C28",
        ("LUKOIL OIL COMP", None),
        ("Lukoil Oil Company", None),
        "match",
        "lukoil oil",
        "lukoil oil",
    ),
]


def _key(name, website):
    return normalize_domain(website) if website else normalize_name(name)


class TestFieldCases:
    @pytest.mark.parametrize(
        ("case", "a", "b", "decision", "key_a", "key_b"), CASES, ids=[c[0] for c in CASES]
    )
    def test_decision_and_keys(self, case, a, b, decision, key_a, key_b):
        """Each field case gets its right decision and its right normalised keys."""
        ours = [make_account(a[0], website=a[1], id="a")]
        theirs = [make_account(b[0], website=b[1], id="b")]
        result = match_accounts(ours, theirs)
        assert decision == ("match" if len(result) else "no_match")
        if key_a:
            assert (key_a, key_b) == (_key(*a), _key(*b))
        # Matching is symmetric for every case.
        assert len(result) == len(match_accounts(theirs, ours))

    def test_c09_www2_variant(self):
        """C09: a www2 host gives the same key as the bare domain."""
        assert "acme-widgets.com" == normalize_domain("www2.acme-widgets.com")

    def test_c12_offline_suffix_list(self, monkeypatch):
        """C12: normalising a URL opens no network connection and still gives the key."""
        import socket

        def refuse(*args, **kwargs):
            raise AssertionError("network access attempted")

        monkeypatch.setattr(socket.socket, "connect", refuse)
        monkeypatch.setattr(socket, "create_connection", refuse)
        assert "acme-widgets.co.uk" == normalize_domain(
            "https://www.acme-widgets.co.uk/about-offline-check"
        )

    def test_c14_scores_case_insensitively(self):
        """C14: names that differ only in case score 100 (as 1.0) after normalisation."""
        assert 1.0 == name_similarity(
            normalize_name("ACME WIDGETS INC"), normalize_name("Acme Widgets Inc")
        )

    def test_c19_procter_and_gamble(self):
        """C19: '&' inside a name is kept, as 'and', while '& Co.' at the end goes."""
        assert "procter and gamble" == normalize_name("Procter & Gamble Co.")

    def test_c26_two_of_ours_one_of_theirs(self):
        """C26: two of our records on one domain both overlap the partner's one record."""
        ours = [
            make_account("Acme Corp - EMEA", website="acme.com", id="1"),
            make_account("Acme Corp - US", website="acme.com", id="2"),
        ]
        theirs = [make_account("Acme Corporation", website="acme.com", id="p")]
        result = match_accounts(ours, theirs)
        assert (2, 1) == (len({m.ours.id for m in result}), len({m.theirs.id for m in result}))
