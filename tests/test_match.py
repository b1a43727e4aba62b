"""Entity matching: blocking, scoring, evidence and conflict resolution."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cocorev import MatchConfig, Matcher, match_accounts
from cocorev.errors import ConfigError, InputError
from cocorev.match import name_similarity
from cocorev.testing import make_account


def pairs(result):
    return [(m.ours.id, m.theirs.id) for m in result]


def one(a_name, a_site, b_name, b_site, **kwargs):
    a = make_account(a_name, website=a_site, id="a")
    b = make_account(b_name, website=b_site, id="b")
    return match_accounts([a], [b], **kwargs)


MATCHES = [
    ("Acme Widgets", "acme-widgets.com", "Totally Renamed Co", "acme-widgets.com", "domain"),
    (
        "Acme Widgets",
        "www.acme-widgets.com",
        "Acme Widgets",
        "https://acme-widgets.com/about?x=1",
        "domain",
    ),
    ("Acme Widgets", "sales@acme-widgets.com", "Acme Widgets", "acme-widgets.com", "domain"),
    ("Acme Widgets Inc.", None, "Acme Widgets Incorporated", None, "name"),
    ("ACME WIDGETS INC", None, "Acme Widgets Inc", None, "name"),
    ("Nestlé S.A.", None, "NESTLE SA", None, "name"),
    ("Baqend GmbH", "baqend.com", "Baqend GmbH", "speedkit.com", "name"),
]
NON_MATCHES = [
    ("Acme Widgets", None, "Acme Robotics", None),
    ("Bank of the West", None, "Bank of the East", None),
    ("Enterprise Solutions", None, "The Solutions Co", None),
    ("Data Systems", None, "Advanced Data Systems and Data Services Inc", None),
    (
        "Alpha Bakery",
        "https://alpha-bakery.myshopify.com",
        "Zeta Plumbing",
        "https://zeta-plumbing.myshopify.com",
    ),
    ("Jane Smith Consulting", "jane@gmail.com", "Bob Jones Design", "bob@gmail.com"),
    ("Acme", None, "Apex", None),
]


class TestDecisions:
    @pytest.mark.parametrize(
        ("a", "a_site", "b", "b_site", "rule"), MATCHES, ids=[m[0] + "~" + m[2] for m in MATCHES]
    )
    def test_same_company_matches(self, a, a_site, b, b_site, rule):
        """Records of one company match, decided by the expected rule."""
        result = one(a, a_site, b, b_site)
        assert [("a", "b")] == pairs(result)
        assert rule == result[0].evidence.rule
        assert 0.85 <= result[0].confidence <= 1.0

    @pytest.mark.parametrize(
        ("a", "a_site", "b", "b_site"), NON_MATCHES, ids=[m[0] + "~" + m[2] for m in NON_MATCHES]
    )
    def test_different_companies_do_not_match(self, a, a_site, b, b_site):
        """Different companies with similar names or shared infrastructure do not match."""
        assert [] == pairs(one(a, a_site, b, b_site))

    def test_free_mail_is_never_evidence(self):
        """Two records sharing only a free-mail domain do not match, and the evidence says why."""
        result = one("Acme Widgets", "info@gmail.com", "Acme Widgets", "sales@gmail.com")
        assert 1 == len(result)
        assert "name" == result[0].evidence.rule
        assert any("free-mail" in s for s in result[0].evidence.signals)

    def test_extra_free_mail_domains(self):
        """Caller-supplied free-mail domains are not identity evidence either."""
        result = one(
            "Jane Co",
            "isp-mail.example.net",
            "Bob Co",
            "isp-mail.example.net",
            free_mail={"example.net"},
        )
        assert [] == pairs(result)

    def test_many_of_ours_to_one_partner_record(self):
        """Two of our records with one domain both match the partner's record (no merging)."""
        ours = [
            make_account("Acme Corp - EMEA", website="acme.com", id="1"),
            make_account("Acme Corp - US", website="acme.com", id="2"),
        ]
        theirs = [make_account("Acme Corporation", website="acme.com", id="p")]
        assert [("1", "p"), ("2", "p")] == pairs(match_accounts(ours, theirs))

    def test_name_conflict_keeps_best(self):
        """A partner record claimed by two of our names goes to the closer name; the other is reported."""
        ours = [
            make_account("Globex Corporation", id="1"),
            make_account("Globex Corp International", id="2"),
        ]
        theirs = [make_account("Globex Corp", id="p")]
        result = match_accounts(ours, theirs)
        assert [("1", "p")] == pairs(result)

    def test_evidence_names_the_signals(self):
        """A domain match names the shared domain and the name score."""
        m = one("Acme Widgets", "www.acme-widgets.com", "ACME Widgets Inc", "acme-widgets.com")[0]
        assert "acme-widgets.com" == m.evidence.shared_domain
        assert "equal" == m.evidence.domain_agreement
        assert 1.0 == m.evidence.name_score
        assert m.evidence.signals[0] == "same registered domain acme-widgets.com"

    def test_review_band_gives_candidates(self):
        """A pair between the review and accept thresholds is a candidate, not a match."""
        a, b = make_account("Acme Widgets", id="a"), make_account("Acme Widget", id="b")
        result = Matcher(MatchConfig(accept=0.99, review=0.5)).match([a], [b])
        assert [] == pairs(result)
        assert [("a", "b")] == [(m.ours.id, m.theirs.id) for m in result.candidates]

    def test_names_off_matches_domains_only(self):
        """With use_names off, only shared domains match."""
        ours = [make_account("Acme", website="acme.com", id="1"), make_account("Globex", id="2")]
        theirs = [make_account("Acme", website="acme.com", id="a"), make_account("Globex", id="b")]
        assert [("1", "a")] == pairs(Matcher(MatchConfig(use_names=False)).match(ours, theirs))

    def test_duplicate_ids_rejected(self):
        """Duplicate ids on one side are an input error."""
        with pytest.raises(InputError, match="duplicate account id 'x' in theirs"):
            match_accounts([], [make_account("A", id="x"), make_account("B", id="x")])

    @pytest.mark.parametrize(
        "kwargs",
        [{"accept": 1.5}, {"review": -0.1}, {"review": 0.9, "accept": 0.8}],
        ids=["accept>1", "review<0", "review>accept"],
    )
    def test_bad_config_rejected(self, kwargs):
        """Thresholds outside [0, 1] or out of order are a ConfigError."""
        with pytest.raises(ConfigError):
            MatchConfig(**kwargs)


names = st.sampled_from(
    [
        "Acme Widgets",
        "ACME widgets inc.",
        "Globex",
        "Globex Corp",
        "Initech LLC",
        "Hooli",
        "Bank of the West",
        "Bank of the East",
        "Umbrella Corporation",
    ]
)
sites = st.sampled_from(
    [None, "acme.com", "www.acme.com", "globex.com", "hooli.com", "a@gmail.com"]
)


class TestProperties:
    @given(
        st.lists(st.tuples(names, sites), max_size=6), st.lists(st.tuples(names, sites), max_size=6)
    )
    def test_matching_is_symmetric(self, left, right):
        """Swapping the two sides gives the same pairs, swapped, with the same confidence."""
        ours = [make_account(n, website=s, id=f"o{i}") for i, (n, s) in enumerate(left)]
        theirs = [make_account(n, website=s, id=f"t{i}") for i, (n, s) in enumerate(right)]
        forward = {(m.ours.id, m.theirs.id, m.confidence) for m in match_accounts(ours, theirs)}
        backward = {(m.theirs.id, m.ours.id, m.confidence) for m in match_accounts(theirs, ours)}
        assert forward == backward

    @given(st.text(max_size=30), st.text(max_size=30))
    def test_similarity_is_symmetric_and_bounded(self, a, b):
        """Name similarity is symmetric and lies in [0, 1]."""
        assert name_similarity(a, b) == name_similarity(b, a)
        assert 0.0 <= name_similarity(a, b) <= 1.0

    @given(st.lists(st.tuples(names, sites), min_size=1, max_size=5))
    def test_free_mail_alone_never_matches(self, rows):
        """No match is ever decided by a free-mail domain."""
        ours = [
            make_account(n, website="x@gmail.com", id=f"o{i}") for i, (n, _s) in enumerate(rows)
        ]
        theirs = [
            make_account(n, website="y@gmail.com", id=f"t{i}") for i, (n, _s) in enumerate(rows)
        ]
        assert all(m.evidence.shared_domain != "gmail.com" for m in match_accounts(ours, theirs))
