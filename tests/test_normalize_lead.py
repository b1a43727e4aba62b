"""Company-name and domain normalisation: the lead's table of cases."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cocorev.normalize import (
    distinctive_tokens,
    is_free_mail,
    normalize_domain,
    normalize_name,
    parse_domains,
)

DOMAINS = [
    ("acme.com", "acme.com"),
    ("  ACME.COM  ", "acme.com"),
    ("https://www.acme.com/about?x=1#top", "acme.com"),
    ("http://m.acme.com", "acme.com"),
    ("mobile.acme.co.uk", "acme.co.uk"),
    ("acme.com.au/contact", "acme.com.au"),
    ("shop.acme.co.jp", "acme.co.jp"),
    ("mailto:jane@acme.com", "acme.com"),
    ("jane.doe@sales.acme.com", "acme.com"),
    ("acme.github.io", "acme.github.io"),
    ("acme.herokuapp.com", "acme.herokuapp.com"),
    ("acme.blogspot.com", "acme.blogspot.com"),
    ("github.io", "github.io"),
    ("www.gob.mx", "gob.mx"),
    ("bücher.de", "xn--bcher-kva.de"),
    ("xn--bcher-kva.de", "xn--bcher-kva.de"),
    ("192.168.0.1", None),
    ("[2001:db8::1]", None),
    ("localhost", None),
    ("com", None),
    ("co.uk", None),
    ("n/a", None),
    ("", None),
]

NAMES = [
    ("Acme Inc.", "acme"),
    ("Acme, Incorporated", "acme"),
    ("ACME CORP", "acme"),
    ("Acme Corporation", "acme"),
    ("Acme L.L.C.", "acme"),
    ("Acme LLP", "acme"),
    ("Acme PLC", "acme"),
    ("Acme GmbH", "acme"),
    ("Acme GmbH & Co. KG", "acme"),
    ("Acme AG", "acme"),
    ("Acme S.A.", "acme"),
    ("Acme SAS", "acme"),
    ("Acme SARL", "acme"),
    ("Acme S.p.A.", "acme"),
    ("Acme S.r.l.", "acme"),
    ("Acme B.V.", "acme"),
    ("Acme N.V.", "acme"),
    ("Acme AB (publ)", "acme"),
    ("Acme A/S", "acme"),
    ("Acme ASA", "acme"),
    ("Acme Oyj", "acme"),
    ("Acme K.K.", "acme"),
    ("Acme Kabushiki Kaisha", "acme"),
    ("Acme Pty Ltd", "acme"),
    ("Acme Pvt. Ltd.", "acme"),
    ("Acme Private Limited", "acme"),
    ("Acme Sdn Bhd", "acme"),
    ("Acme Co., Ltd.", "acme"),
    ("Acme Sp. z o.o.", "acme"),
    ("Acme s.r.o.", "acme"),
    ("Acme Kft.", "acme"),
    ("Acme S.A. de C.V.", "acme"),
    ("The Acme Company", "acme"),
    ("Cooper Industries", "cooper industries"),
    ("Incognito Labs", "incognito labs"),
    ("Corpus Christi Bakery", "corpus christi bakery"),
    ("Procter & Gamble", "procter and gamble"),
    ("Procter + Gamble", "procter and gamble"),
    ("A. O. Smith", "ao smith"),
    ("AO Smith Corp", "ao smith"),
    ("McDonald's", "mcdonalds"),
    ("Brown–Forman", "brown forman"),
    ("Alphabet Inc. (Class A)", "alphabet"),
    ("Alphabet Inc. - Class C Capital Stock", "alphabet"),
    ("3M Company Common Stock", "3m"),
    ("Company", "company"),
    ("Газпром ПАО", "газпром"),
    ("北京字节跳动科技有限公司", "北京字节跳动科技"),
    ("...", ""),
]


class TestNormalizeDomain:
    @pytest.mark.parametrize(("value", "key"), DOMAINS, ids=[d[0] or "empty" for d in DOMAINS])
    def test_keys(self, value, key):
        """Each shape of website field gives its registered domain, or none."""
        assert key == normalize_domain(value)

    def test_several_domains_in_one_field(self):
        """Comma, semicolon, space and newline separated domains each give a key."""
        assert ("acme.com", "acme.de", "acme.fr", "acme.io") == parse_domains(
            "acme.com, www.acme.de;acme.fr\nacme.io"
        ).keys

    @pytest.mark.parametrize(
        "domain",
        [
            "gmail.com",
            "outlook.com",
            "hotmail.co.uk",
            "hotmail.fr",
            "yahoo.co.jp",
            "icloud.com",
            "web.de",
        ],
        ids=str,
    )
    def test_free_mail(self, domain):
        """Free-mail and ISP domains, every country variant included, are never evidence."""
        assert is_free_mail(domain)
        assert () == parse_domains(f"jane@{domain}").keys

    def test_ignored_pieces_say_why(self):
        """Pieces that are not identity evidence are reported with a reason."""
        parsed = parse_domains("127.0.0.1 localhost jane@gmail.com")
        assert ("IP address", "localhost", "free-mail domain") == tuple(
            r for _, r in parsed.ignored
        )

    @given(
        st.sampled_from([d for d, k in DOMAINS if k]),
        st.sampled_from(["", "https://", "http://www.", "www."]),
        st.sampled_from(["", "/", "/about?x=1"]),
    )
    def test_url_shapes_do_not_change_the_key(self, domain, prefix, suffix):
        """Adding a scheme, www. or a path never changes the key."""
        bare = domain.split("/")[0].split("@")[-1].removeprefix("mailto:")
        assert normalize_domain(bare) == normalize_domain(prefix + bare.upper() + suffix)

    @given(st.text(max_size=40))
    def test_never_raises_and_is_idempotent(self, text):
        """Any text gives a key or None without raising, and a key normalises to itself."""
        key = normalize_domain(text)
        assert key is None or key == normalize_domain(key)


class TestNormalizeName:
    @pytest.mark.parametrize(("value", "key"), NAMES, ids=[n[0] for n in NAMES])
    def test_keys(self, value, key):
        """Legal forms, punctuation, accents and scripts normalise to the expected key."""
        assert key == normalize_name(value)

    def test_distinctive_tokens(self):
        """Generic business words are not distinctive."""
        assert ("acme",) == distinctive_tokens(normalize_name("Acme Global Solutions Group"))

    @given(st.text(max_size=40))
    def test_idempotent(self, text):
        """Normalising a key again gives the same key."""
        key = normalize_name(text)
        assert key == normalize_name(key)

    @given(
        st.sampled_from([n for n, k in NAMES if k and " " not in n[:1]]),
        st.sampled_from(["", " Inc.", ", LLC", " GmbH", " Ltd"]),
        st.booleans(),
    )
    def test_case_whitespace_and_legal_form_insensitive(self, name, form, upper):
        """Case, surrounding whitespace and an added legal form do not change a multi-letter key."""
        base = normalize_name(name)
        variant = f"  {name.upper() if upper else name}{form}  "
        if (
            len(base.split()[-1]) > 1 and base != "company"
        ):  # a name that is only a legal form keeps it
            assert base == normalize_name(variant)
