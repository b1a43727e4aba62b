"""Private matching through keyed tokens, their files, and the ``private`` commands."""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cocorev.cli import main
from cocorev.errors import ConfigError, InputError
from cocorev.match import MatchConfig, Matcher
from cocorev.models import Account, Owner, Stage
from cocorev.normalize import distinctive_tokens, normalize_name, parse_domains
from cocorev.overlap import map_accounts
from cocorev.private import (
    MIN_SECRET_BYTES,
    TokenList,
    TokenMatch,
    TokenRecord,
    make_tokens,
    match_tokens,
    read_references,
    read_tokens,
    write_matches,
    write_references,
    write_tokens,
)

SECRET = b"s3cret-shared-by-both-partners!"
OTHER_SECRET = b"a-different-secret-entirely-99"
CUS, OPP, LEAD = Stage.CUSTOMER, Stage.OPPORTUNITY, Stage.LEAD

# (name, our website, partner name, partner website): S&P 500 companies, spelt the way
# two CRMs spell them. None: that side has no record, or no website.
SAMPLE = [
    ("Apple Inc.", "https://www.apple.com/", "APPLE", "apple.com"),
    ("Microsoft Corporation", "microsoft.com", "Microsoft Corp", "sales@microsoft.com"),
    ("Alphabet Inc.", "abc.xyz", "Alphabet", "https://abc.xyz/investor/"),
    ("Amazon.com, Inc.", "http://amazon.com", "Amazon", "www.amazon.com"),
    ("NVIDIA Corporation", "investor.nvidia.com", "Nvidia", "nvidia.com"),
    ("Meta Platforms, Inc.", "meta.com", None, None),
    ("Berkshire Hathaway Inc.", "berkshirehathaway.com", "Berkshire Hathaway", None),
    ("Johnson & Johnson", None, "Johnson and Johnson", "jnj.com"),
    ("JPMorgan Chase & Co.", "jpmorganchase.com", "JP Morgan Chase", "jpmorganchase.com/about"),
    ("Visa Inc.", "visa.com", None, None),
    ("The Procter & Gamble Company", "pg.com", "Procter & Gamble", "https://us.pg.com"),
    ("Exxon Mobil Corporation", "corporate.exxonmobil.com", "ExxonMobil", "exxonmobil.com"),
    ("UnitedHealth Group Incorporated", "unitedhealthgroup.com", None, None),
    ("The Home Depot, Inc.", "homedepot.com", "Home Depot", "homedepot.com"),
    ("Mastercard Incorporated", "mastercard.us", "Mastercard", "mastercard.com"),
    ("Chevron Corporation", "chevron.com", "Chevron", "www.chevron.com"),
    ("PepsiCo, Inc.", None, "PepsiCo, Inc.", None),
    ("Pfizer Inc.", "pfizer.com", "Pfizer", None),
    ("Costco Wholesale Corporation", "costco.com", None, None),
    ("Oracle Corporation", "oracle.com", "Oracle Corporation", "oraclecloud.com"),
    (None, None, "Salesforce, Inc.", "salesforce.com"),
    (None, None, "Adobe Inc.", "adobe.com"),
]


def sample_lists() -> tuple[list[Account], list[Account]]:
    ours, theirs = [], []
    stages = (CUS, OPP, LEAD)
    for k, (name, site, their_name, their_site) in enumerate(SAMPLE):
        if name:
            ours.append(
                Account(
                    id=f"OUR-{k:03d}",
                    name=name,
                    website=site,
                    stage=stages[k % 3],
                    owner=Owner(f"Rep {k}", f"rep{k}@ours.example"),
                )
            )
        if their_name:
            theirs.append(
                Account(
                    id=f"THEIR-{k:03d}",
                    name=their_name,
                    website=their_site,
                    stage=stages[(k + 1) % 3],
                )
            )
    return ours, theirs


def pairs(
    matches: tuple[TokenMatch, ...], ours: TokenList, theirs: TokenList, rule: str | None = None
):
    their_ids = dict(theirs.references)
    return {
        (ours.account_id(m.our_ref), their_ids[m.their_ref])
        for m in matches
        if rule is None or m.rule == rule
    }


def acct(id, name, website=None, stage=CUS):
    return Account(id=id, name=name, website=website, stage=stage)


class TestSecret:
    @pytest.mark.parametrize(
        "secret", [b"", b"x" * 15, "short secret 15"], ids=["empty", "15-bytes", "15-chars"]
    )
    def test_short_secret_rejected(self, secret):
        """Secrets shorter than 16 bytes are a ConfigError that does not quote them."""
        with pytest.raises(ConfigError) as info:
            make_tokens([acct("1", "Acme")], secret)
        assert "16" in str(info.value)
        assert not secret or str(secret) not in str(info.value)

    def test_sixteen_bytes_accepted(self):
        """A secret of exactly 16 bytes is accepted."""
        assert 1 == len(make_tokens([acct("1", "Acme")], b"x" * MIN_SECRET_BYTES))

    def test_text_secret_is_its_utf8_bytes(self):
        """A text secret gives the same tokens as its UTF-8 bytes."""
        accounts = [acct("1", "Acme", "acme.com")]
        assert make_tokens(accounts, SECRET) == make_tokens(accounts, SECRET.decode())

    def test_secret_kept_nowhere(self):
        """No attribute of a token list holds the secret."""
        tokens = make_tokens([acct("1", "Acme", "acme.com")], SECRET)
        assert SECRET.decode() not in repr(tokens)
        assert SECRET.hex() not in repr(tokens)

    def test_wrong_type_rejected(self):
        """A secret that is neither bytes nor text is a ConfigError."""
        with pytest.raises(ConfigError, match="bytes or str"):
            make_tokens([acct("1", "Acme")], 1234567890123456789)  # type: ignore[arg-type]


class TestMakeTokens:
    def test_tokens_are_domain_separated_hmacs(self):
        """Domain and name tokens are HMAC-SHA256 of b'domain:'/b'name:' plus the normalised key."""
        record = make_tokens([acct("1", "Acme Widgets Inc.", "https://www.acme.co.uk/x")], SECRET)[
            0
        ]
        expected_domain = hmac.new(SECRET, b"domain:acme.co.uk", hashlib.sha256).hexdigest()
        expected_name = hmac.new(SECRET, b"name:acme widgets", hashlib.sha256).hexdigest()
        assert (expected_domain,) == record.domains
        assert expected_name == record.name

    def test_name_and_domain_tokens_never_collide(self):
        """A name equal to a domain key gives a different token than the domain."""
        tokens = make_tokens([acct("1", "acme.com", "acme.com")], SECRET)
        assert tokens[0].name not in tokens[0].domains

    @pytest.mark.parametrize(
        ("level", "include_ids", "keys"),
        [
            ("nothing", False, {"ref", "domains", "name"}),
            ("counts", False, {"ref", "domains", "name"}),
            ("overlaps", False, {"ref", "domains", "name", "stage"}),
            ("nothing", True, {"ref", "domains", "name", "id"}),
            ("overlaps", True, {"ref", "domains", "name", "stage", "id"}),
        ],
        ids=["nothing", "counts", "overlaps", "ids", "overlaps-ids"],
    )
    def test_opt_in_fields(self, level, include_ids, keys):
        """Stage and CRM id are in a record only when the holder opts in."""
        tokens = make_tokens(
            [acct("crm-1", "Acme", "acme.com", LEAD)], SECRET, level=level, include_ids=include_ids
        )
        assert keys == set(tokens[0].to_dict())

    def test_owners_level_refused(self):
        """Owners never go into token files."""
        with pytest.raises(ConfigError, match="owners are never put in token files"):
            make_tokens([acct("1", "Acme")], SECRET, level="owners")

    def test_order_leaks_nothing_about_crm_order(self):
        """The same accounts in any order give identical records and references."""
        ours, _ = sample_lists()
        forward, backward = make_tokens(ours, SECRET), make_tokens(list(reversed(ours)), SECRET)
        assert forward == backward
        assert [r.ref for r in forward] == [f"r{i:06d}" for i in range(1, len(forward) + 1)]
        assert [r.to_dict() for r in forward] == sorted(
            (r.to_dict() for r in forward), key=lambda d: (d["domains"], d["name"] or "")
        )

    def test_references_stay_local(self):
        """References map each ref to our account id; records carry no ids by default."""
        tokens = make_tokens([acct("crm-9", "Acme", "acme.com")], SECRET)
        assert (("r000001", "crm-9"),) == tokens.references
        assert tokens[0].id is None
        assert "crm-9" == tokens.account_id("r000001")
        assert tokens.account_id("r999999") is None

    def test_unmatchable_accounts_are_skipped(self):
        """Accounts with no domain and only generic name words get no record."""
        tokens = make_tokens(
            [
                acct("1", "Global Solutions Inc."),
                acct("2", "Acme"),
                acct("3", "Data Group", "gmail.com"),
            ],
            SECRET,
        )
        assert ("1", "3") == tokens.skipped
        assert 1 == len(tokens)

    def test_free_mail_domains_ignored(self):
        """Free-mail and extra free-mail domains give no domain token."""
        tokens = make_tokens(
            [acct("1", "Acme", "acme@gmail.com, ourisp.net")], SECRET, free_mail=["OurISP.net"]
        )
        assert () == tokens[0].domains

    def test_duplicate_ids_rejected(self):
        """Two accounts with one id are an InputError."""
        with pytest.raises(InputError, match="duplicate account id"):
            make_tokens([acct("1", "Acme"), acct("1", "Globex")], SECRET)


class TestMatchTokens:
    @pytest.mark.parametrize(
        ("ours", "theirs", "expected"),
        [
            (
                acct("a", "Acme", "acme.com"),
                acct("b", "Totally Different", "www.acme.com"),
                "domain",
            ),
            (acct("a", "Acme Inc.", "acme.com"), acct("b", "ACME"), "name"),
            (acct("a", "Acme Inc."), acct("b", "ACME", "acme.com"), "name"),
            (acct("a", "Acme Inc."), acct("b", "Acme Corporation"), "name"),
            (acct("a", "Acme", "acme.com"), acct("b", "Acme", "acme.de"), None),
            (acct("a", "Global Solutions"), acct("b", "Global Solutions"), None),
            (acct("a", "Acme", "acme@gmail.com"), acct("b", "Apex", "gmail.com"), None),
            (acct("a", "Acme Widgets"), acct("b", "Acme Widget Co"), None),
            (acct("a", "Acme", "acme.com acme.io"), acct("b", "Zeta", "acme.io"), "domain"),
        ],
        ids=[
            "domain",
            "name-theirs-no-domain",
            "name-ours-no-domain",
            "name-legal-form",
            "different-domains",
            "generic-name",
            "free-mail",
            "fuzzy-name",
            "one-of-several-domains",
        ],
    )
    def test_rules(self, ours, theirs, expected):
        """Shared domains match; equal names match unless both sides have differing domains."""
        found = match_tokens(make_tokens([ours], SECRET), make_tokens([theirs], SECRET))
        assert expected == (found[0].rule if found else None)
        assert len(found) <= 1

    def test_different_secrets_refused(self):
        """Token lists made under different secrets are refused, not silently unmatched."""
        with pytest.raises(ConfigError, match="different secrets"):
            match_tokens(
                make_tokens([acct("1", "Acme")], SECRET),
                make_tokens([acct("2", "Acme")], OTHER_SECRET),
            )

    def test_opt_in_fields_reported(self):
        """Their id and stage appear only when they opted in; our id comes from our references."""
        ours = make_tokens([acct("o1", "Acme", "acme.com", OPP)], SECRET, level="overlaps")
        plain = make_tokens([acct("t1", "Acme", "acme.com", CUS)], SECRET)
        opted = make_tokens(
            [acct("t1", "Acme", "acme.com", CUS)], SECRET, level="overlaps", include_ids=True
        )
        assert (
            TokenMatch(
                our_ref="r000001", their_ref="r000001", rule="domain", our_id="o1", our_stage=OPP
            )
            == match_tokens(ours, plain)[0]
        )
        assert ("t1", CUS) == (
            match_tokens(ours, opted)[0].their_id,
            match_tokens(ours, opted)[0].their_stage,
        )

    def test_realistic_sample_same_as_plain_domain_matching(self):
        """On S&P 500 names, token domain matches are exactly the pairs sharing a domain key."""
        ours, theirs = sample_lists()
        ours_tokens, theirs_tokens = make_tokens(ours, SECRET), make_tokens(theirs, SECRET)
        found = match_tokens(ours_tokens, theirs_tokens)
        plain = {
            (a.id, b.id)
            for a in ours
            for b in theirs
            if set(parse_domains(a.website).keys) & set(parse_domains(b.website).keys)
        }
        embedded = map_accounts(ours, {"P": theirs}, config=MatchConfig())
        embedded_domain = {
            (o.account.id, o.partner_account.id)
            for o in embedded.overlaps
            if o.match.evidence.rule == "domain"
        }
        assert plain == pairs(found, ours_tokens, theirs_tokens, "domain")
        assert embedded_domain == pairs(found, ours_tokens, theirs_tokens, "domain")
        assert 10 == len(plain)

    def test_realistic_sample_name_matches(self):
        """Name-token matches are the exact-name pairs without differing domains, all found by the embedded matcher too."""
        ours, theirs = sample_lists()
        ours_tokens, theirs_tokens = make_tokens(ours, SECRET), make_tokens(theirs, SECRET)
        by_name = pairs(
            match_tokens(ours_tokens, theirs_tokens), ours_tokens, theirs_tokens, "name"
        )
        assert {
            ("OUR-006", "THEIR-006"),
            ("OUR-007", "THEIR-007"),
            ("OUR-016", "THEIR-016"),
            ("OUR-017", "THEIR-017"),
        } == by_name
        embedded = {(m.ours.id, m.theirs.id) for m in Matcher().match(ours, theirs)}
        assert by_name <= embedded


_DOMAIN_POOL = ["acme.com", "globex.com", "initech.io", "umbrella.co.uk", "hooli.xyz", "gmail.com"]
_NAME_POOL = ["Acme", "Globex", "Initech Inc.", "Umbrella", "Global Group", "Hooli"]


@st.composite
def token_accounts(draw, prefix):
    n = draw(st.integers(0, 8))
    return [
        acct(
            f"{prefix}{i}",
            draw(st.sampled_from(_NAME_POOL)),
            " ".join(draw(st.lists(st.sampled_from(_DOMAIN_POOL), max_size=2))) or None,
        )
        for i in range(n)
    ]


class TestMatchProperties:
    @given(ours=token_accounts("o"), theirs=token_accounts("t"))
    def test_same_pairs_as_plaintext_rules(self, ours, theirs):
        """Token matching finds exactly the pairs the plaintext rules find, by the same rule."""
        ours_tokens, theirs_tokens = make_tokens(ours, SECRET), make_tokens(theirs, SECRET)
        expected = {}
        for a in ours:
            for b in theirs:
                da, db = set(parse_domains(a.website).keys), set(parse_domains(b.website).keys)
                na, nb = normalize_name(a.name), normalize_name(b.name)
                if da & db:
                    expected[(a.id, b.id)] = "domain"
                elif na == nb and distinctive_tokens(na) and not (da and db):
                    expected[(a.id, b.id)] = "name"
        their_ids = dict(theirs_tokens.references)
        found = {
            (ours_tokens.account_id(m.our_ref), their_ids[m.their_ref]): m.rule
            for m in match_tokens(ours_tokens, theirs_tokens)
        }
        assert expected == found

    @given(ours=token_accounts("o"), theirs=token_accounts("t"))
    def test_file_round_trip(self, ours, theirs):
        """Writing and reading a token file keeps every record and the key check."""
        tokens = make_tokens(ours, SECRET, level="overlaps", include_ids=True)
        buffer = io.StringIO()
        write_tokens(tokens, buffer)
        back = read_tokens(io.StringIO(buffer.getvalue()))
        assert (tokens.records, tokens.key_check) == (back.records, back.key_check)


class TestTokenFiles:
    def test_header_and_records(self, tmp_path):
        """A token file is a versioned header line, then one line per record: no secret, no ids."""
        ours, _ = sample_lists()
        tokens = make_tokens(ours, SECRET)
        path = tmp_path / "t.jsonl"
        write_tokens(tokens, path)
        lines = path.read_text(encoding="utf-8").splitlines()
        header = json.loads(lines[0])
        assert {
            "format": "cocorev-match-tokens",
            "version": 1,
            "algorithm": "HMAC-SHA256",
            "key_check": tokens.key_check,
            "records": len(tokens),
        } == header
        assert len(tokens) + 1 == len(lines)
        assert all({"ref", "domains", "name"} == set(json.loads(line)) for line in lines[1:])
        text = path.read_text(encoding="utf-8")
        for needle in (
            SECRET.decode(),
            SECRET.hex(),
            hashlib.sha256(SECRET).hexdigest()[:16],
            "OUR-0",
            "Apple",
            "apple.com",
        ):
            assert needle not in text

    def test_round_trip_with_references(self, tmp_path):
        """Tokens read back with their references file report our account ids again."""
        ours, theirs = sample_lists()
        tokens = make_tokens(ours, SECRET)
        write_tokens(tokens, tmp_path / "t.jsonl")
        write_references(tokens, tmp_path / "r.json")
        back = read_references(tmp_path / "r.json", read_tokens(tmp_path / "t.jsonl"))
        their_tokens = make_tokens(theirs, SECRET)
        assert match_tokens(tokens, their_tokens) == match_tokens(back, their_tokens)
        assert SECRET.decode() not in (tmp_path / "r.json").read_text(encoding="utf-8")

    def test_references_of_other_tokens_refused(self, tmp_path):
        """A references file made for another token file is refused."""
        write_references(make_tokens([acct("1", "Acme")], SECRET), tmp_path / "r.json")
        other = make_tokens([acct("1", "Acme"), acct("2", "Globex")], SECRET)
        with pytest.raises(InputError, match="another token file"):
            read_references(tmp_path / "r.json", other)

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            ("", "not a cocorev token file"),
            ("id,name\n", "no JSON header"),
            ('{"format": "other"}\n', "not a cocorev token file"),
            ('{"format": "cocorev-match-tokens", "version": 2}\n', "version 2 is not supported"),
            (
                '{"format": "cocorev-match-tokens", "version": 1, "algorithm": "MD5"}\n',
                "unsupported algorithm",
            ),
            (
                '{"format": "cocorev-match-tokens", "version": 1, "algorithm": "HMAC-SHA256", "key_check": "x"}\n',
                "key_check",
            ),
            ('{H}\n{{"ref": "r1", "domains": ["abc"], "name": null}}\n', "64-digit hex"),
            ('{H}\n{{"ref": "r1", "domains": [], "name": "xyz"}}\n', "64-digit hex"),
            (
                '{H}\n{{"ref": "r1", "domains": [], "name": null, "owner": "x"}}\n',
                "unknown field(s) owner",
            ),
            (
                '{H}\n{{"ref": "r1", "domains": [], "name": null, "stage": "prospect"}}\n',
                "unknown stage",
            ),
            ('{H}\n{{"ref": "", "domains": [], "name": null}}\n', "blank 'ref'"),
            (
                '{H}\n{{"ref": "r1", "domains": [], "name": null}}\n{{"ref": "r1", "domains": [], "name": null}}\n',
                "duplicate ref",
            ),
            ("{H}\nnot json\n", ":2: not valid JSON"),
            ("{H}\n", "announces 1 records, found 0"),
        ],
        ids=[
            "empty",
            "csv",
            "format",
            "version",
            "algorithm",
            "key-check",
            "bad-domain",
            "bad-name",
            "unknown-field",
            "bad-stage",
            "blank-ref",
            "duplicate-ref",
            "bad-json",
            "truncated",
        ],
    )
    def test_bad_files_rejected(self, tmp_path, content, message):
        """Malformed token files are InputErrors naming file and line."""
        header = json.dumps(
            {
                "format": "cocorev-match-tokens",
                "version": 1,
                "algorithm": "HMAC-SHA256",
                "key_check": "0" * 32,
                "records": 1,
            }
        )
        path = tmp_path / "bad.jsonl"
        path.write_text(
            content.replace("{H}", header).replace("{{", "{").replace("}}", "}"), encoding="utf-8"
        )
        with pytest.raises(InputError, match=r"bad\.jsonl") as info:
            read_tokens(path)
        assert message in str(info.value)

    def test_missing_file(self, tmp_path):
        """A missing token file is an InputError."""
        with pytest.raises(InputError, match="no such file"):
            read_tokens(tmp_path / "nope.jsonl")

    def test_refuses_existing_and_symlink(self, tmp_path):
        """Token files are never written over an existing file (without overwrite) or through a link."""
        tokens = make_tokens([acct("1", "Acme")], SECRET)
        existing = tmp_path / "t.jsonl"
        existing.write_text("keep", encoding="utf-8")
        with pytest.raises(FileExistsError):
            write_tokens(tokens, existing)
        link = tmp_path / "link.jsonl"
        link.symlink_to(existing)
        with pytest.raises(OSError):  # noqa: PT011 - a link is refused however it is reported
            write_tokens(tokens, link, overwrite=True)
        assert "keep" == existing.read_text(encoding="utf-8")


FORMULAS = ["=1+1", "+cmd", "-2", "@SUM(A1)", "\tx", "\ry"]


class TestWriteMatches:
    def test_csv_neutralises_formulas(self):
        """Match CSV cells starting with =, +, -, @, tab or CR get a leading quote."""
        matches = [
            TokenMatch(our_ref="r1", their_ref="r2", rule="domain", our_id=f, their_id=f)
            for f in FORMULAS
        ]
        buffer = io.StringIO(newline="")
        write_matches(matches, buffer)
        rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
        assert ["'" + f for f in FORMULAS] == [r["our_id"] for r in rows]
        assert ["'" + f for f in FORMULAS] == [r["their_id"] for r in rows]

    def test_json(self):
        """JSON output is the list of to_dict records."""
        match = TokenMatch(our_ref="r1", their_ref="r2", rule="name", our_stage=CUS)
        buffer = io.StringIO()
        write_matches([match], buffer, format="json")
        assert [match.to_dict()] == json.loads(buffer.getvalue())

    def test_unknown_format(self):
        """An unknown format is a ConfigError."""
        with pytest.raises(ConfigError, match="csv or json"):
            write_matches([], io.StringIO(), format="xml")  # type: ignore[arg-type]


class TestTokenRecord:
    def test_domains_sorted(self):
        """Domain tokens are kept sorted, so their order says nothing."""
        assert ("a" * 64, "b" * 64) == TokenRecord(ref="r1", domains=["b" * 64, "a" * 64]).domains


OURS_CSV = (
    "id,name,domain,stage,owner_name,owner_email\n"
    "o-1,Acme Inc.,acme.com,opportunity,Ann,ann@us.example\n"
    "o-2,Globex,globex.com,customer,Bo,bo@us.example\n"
    "o-3,Initech LLC,,lead,,\n"
    "o-4,Umbrella,umbrella.com,customer,,\n"
)
PARTNER_CSV = (
    "id,name,website,stage\n"
    "=cmd|' /CUS calc'!A0,ACME,https://www.acme.com/x,customer\n"
    "b,Globex Corporation,globex.com,opportunity\n"
    "c,Initech,,customer\n"
    "d,Soylent,soylent.com,lead\n"
)
CLI_SECRET = "cli-secret-Zq8v-very-long-value"


@pytest.fixture
def files(tmp_path):
    (tmp_path / "ours.csv").write_text(OURS_CSV, encoding="utf-8")
    (tmp_path / "p.csv").write_text(PARTNER_CSV, encoding="utf-8")
    (tmp_path / "key").write_text(CLI_SECRET + "\n", encoding="utf-8")
    return tmp_path


def no_secret_anywhere(folder: Path, *texts: str) -> None:
    needles = (
        CLI_SECRET,
        CLI_SECRET.encode().hex(),
        hashlib.sha256(CLI_SECRET.encode()).hexdigest()[:16],
    )
    for text in texts:
        assert not [n for n in needles if n in text]
    for path in folder.iterdir():
        if path.name != "key":
            assert not [n for n in needles if n in path.read_text(encoding="utf-8")]


class TestPrivateCommands:
    def test_tokens_then_match(self, files, capsys):
        """tokens writes both token files; match reports our ids through our references, no secret anywhere."""
        d = files
        assert 0 == main(
            [
                "private",
                "tokens",
                str(d / "ours.csv"),
                "--secret-file",
                str(d / "key"),
                "--out",
                str(d / "o.jsonl"),
                "--refs",
                str(d / "o.refs.json"),
            ]
        )
        assert 0 == main(
            [
                "private",
                "tokens",
                str(d / "p.csv"),
                "--secret-file",
                str(d / "key"),
                "--out",
                str(d / "t.jsonl"),
                "--with-ids",
                "--level",
                "overlaps",
            ]
        )
        assert 0 == main(
            [
                "private",
                "match",
                str(d / "o.jsonl"),
                str(d / "t.jsonl"),
                "--refs",
                str(d / "o.refs.json"),
                "--out",
                str(d / "m.csv"),
            ]
        )
        captured = capsys.readouterr()
        with (d / "m.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert {
            ("o-1", "'=cmd|' /CUS calc'!A0", "customer", "domain"),
            ("o-2", "b", "opportunity", "domain"),
            ("o-3", "c", "customer", "name"),
        } == {(r["our_id"], r["their_id"], r["their_stage"], r["rule"]) for r in rows}
        assert (
            "3 match(es) (2 by domain, 1 by name) between 3 of our 4 record(s) and 3 of their 4"
            in captured.out
        )
        assert "keep this file, do not send it" in captured.out
        assert "o-1" not in (d / "o.jsonl").read_text(encoding="utf-8")
        no_secret_anywhere(d, captured.out, captured.err)

    def test_match_to_stdout(self, files, capsys, monkeypatch):
        """Without --out, matches go to stdout as CSV and the summary to stderr; the secret may come from the environment."""
        monkeypatch.setenv("COCOREV_TEST_SECRET", CLI_SECRET)
        d = files
        for src, out in (("ours.csv", "o.jsonl"), ("p.csv", "t.jsonl")):
            assert 0 == main(
                [
                    "private",
                    "tokens",
                    str(d / src),
                    "--secret-env",
                    "COCOREV_TEST_SECRET",
                    "--out",
                    str(d / out),
                ]
            )
        capsys.readouterr()
        assert 0 == main(["private", "match", str(d / "o.jsonl"), str(d / "t.jsonl")])
        captured = capsys.readouterr()
        rows = list(csv.DictReader(io.StringIO(captured.out)))
        assert 3 == len(rows)
        assert {""} == {r["our_id"] for r in rows}
        assert "3 match(es)" in captured.err
        no_secret_anywhere(d, captured.out, captured.err)

    def test_match_json(self, files):
        """--out FILE.json writes the matches as JSON."""
        d = files
        for src, out in (("ours.csv", "o.jsonl"), ("p.csv", "t.jsonl")):
            assert 0 == main(
                [
                    "private",
                    "tokens",
                    str(d / src),
                    "--secret-file",
                    str(d / "key"),
                    "--out",
                    str(d / out),
                ]
            )
        assert 0 == main(
            ["private", "match", str(d / "o.jsonl"), str(d / "t.jsonl"), "--out", str(d / "m.json")]
        )
        assert 3 == len(json.loads((d / "m.json").read_text(encoding="utf-8")))

    def test_different_secrets_exit_1(self, files, capsys):
        """Token files made with different secrets exit 1 with a clear reason."""
        d = files
        (d / "key2").write_text("another-secret-of-enough-length", encoding="utf-8")
        main(
            [
                "private",
                "tokens",
                str(d / "ours.csv"),
                "--secret-file",
                str(d / "key"),
                "--out",
                str(d / "o.jsonl"),
            ]
        )
        main(
            [
                "private",
                "tokens",
                str(d / "p.csv"),
                "--secret-file",
                str(d / "key2"),
                "--out",
                str(d / "t.jsonl"),
            ]
        )
        assert 1 == main(["private", "match", str(d / "o.jsonl"), str(d / "t.jsonl")])
        assert "different secrets" in capsys.readouterr().err

    @pytest.mark.parametrize(
        ("setup", "args", "message"),
        [
            (
                lambda d: (d / "key").write_text("too-short", encoding="utf-8"),
                ["--secret-file", "{d}/key"],
                "at least 16",
            ),
            (
                lambda d: None,
                ["--secret-file", "{d}/" + CLI_SECRET],
                "--secret-file does not exist",
            ),
            (lambda d: None, ["--secret-env", "COCOREV_UNSET_VARIABLE_X"], "not set or is empty"),
            (
                lambda d: (d / "o.jsonl").write_text("keep", encoding="utf-8"),
                ["--secret-file", "{d}/key"],
                "already exists",
            ),
            (
                lambda d: (d / "o.jsonl").symlink_to(d / "p.csv"),
                ["--secret-file", "{d}/key", "--force"],
                "symbolic link",
            ),
        ],
        ids=["short-secret", "secret-as-path", "unset-env", "existing-out", "symlink-out"],
    )
    def test_tokens_bad_input_exit_1(self, files, capsys, monkeypatch, setup, args, message):
        """Bad secrets and refused outputs exit 1, never echoing the secret."""
        monkeypatch.delenv("COCOREV_UNSET_VARIABLE_X", raising=False)
        setup(files)
        args = [a.format(d=files) for a in args]
        code = main(
            ["private", "tokens", str(files / "ours.csv"), *args, "--out", str(files / "o.jsonl")]
        )
        captured = capsys.readouterr()
        assert 1 == code
        assert message in captured.err
        assert CLI_SECRET not in captured.out + captured.err
        assert "too-short" not in captured.err
        assert PARTNER_CSV == (files / "p.csv").read_text(encoding="utf-8")

    @pytest.mark.parametrize(
        "argv",
        [
            ["tokens", "ours.csv", "--out", "o.jsonl"],
            ["tokens", "ours.csv", "--secret-file", "key", "--secret-env", "X", "--out", "o.jsonl"],
            ["tokens", "ours.csv", "--secret", CLI_SECRET, "--out", "o.jsonl"],
            ["tokens", "ours.csv", "--secret-file", "key", "--out", "o.jsonl", "--level", "owners"],
            [
                "tokens",
                "ours.csv",
                "--secret-file",
                "key",
                "--out",
                "same.json",
                "--refs",
                "same.json",
            ],
            ["match", "o.jsonl"],
            ["match", "o.jsonl", "t.jsonl", "--out", "m.txt"],
            [],
        ],
        ids=[
            "no-secret",
            "two-secrets",
            "secret-value",
            "owners",
            "same-out-and-refs",
            "one-file",
            "unknown-extension",
            "no-subcommand",
        ],
    )
    def test_usage_errors_exit_2(self, files, monkeypatch, argv, capsys):
        """Usage errors exit 2; the secret can never be given as a value."""
        monkeypatch.chdir(files)
        with pytest.raises(SystemExit) as info:
            main(["private", *argv])
        assert 2 == info.value.code
        assert not (files / "o.jsonl").exists()
        assert not (files / "same.json").exists()

    def test_force_overwrites(self, files):
        """--force replaces existing token and references files."""
        d = files
        for name in ("o.jsonl", "r.json"):
            (d / name).write_text("old", encoding="utf-8")
        assert 0 == main(
            [
                "private",
                "tokens",
                str(d / "ours.csv"),
                "--secret-file",
                str(d / "key"),
                "--out",
                str(d / "o.jsonl"),
                "--refs",
                str(d / "r.json"),
                "--force",
            ]
        )
        assert 4 == len(read_tokens(d / "o.jsonl"))
        assert "cocorev-token-references" in (d / "r.json").read_text(encoding="utf-8")


class TestDocumentedExample:
    def test_match_output_is_real(self, tmp_path, capsys):
        """The matches shown on the sharing page are what the two private commands produce."""
        from tests.test_sharing import DOC, DOC_NORTHWIND, DOC_OURS

        d = tmp_path
        (d / "ours.csv").write_text(DOC_OURS, encoding="utf-8")
        (d / "northwind.csv").write_text(DOC_NORTHWIND, encoding="utf-8")
        (d / "shared.key").write_text("example-secret-agreed-with-northwind\n", encoding="utf-8")
        key = ["--secret-file", str(d / "shared.key")]
        assert 0 == main(
            [
                "private",
                "tokens",
                str(d / "ours.csv"),
                *key,
                "--out",
                str(d / "o.jsonl"),
                "--refs",
                str(d / "o.json"),
            ]
        )
        assert 0 == main(
            ["private", "tokens", str(d / "northwind.csv"), *key, "--out", str(d / "n.jsonl")]
        )
        assert 0 == main(
            [
                "private",
                "match",
                str(d / "o.jsonl"),
                str(d / "n.jsonl"),
                "--refs",
                str(d / "o.json"),
                "--out",
                str(d / "m.csv"),
            ]
        )
        written = (d / "m.csv").read_text(encoding="utf-8").replace("\r\n", "\n")
        page = DOC.read_text(encoding="utf-8")
        assert "```text\n" + written + "```" in page
        assert "5 matches (4 by domain, 1 by name)" in page
        assert "5 match(es) (4 by domain, 1 by name)" in capsys.readouterr().out


class TestBundledSample:
    def test_token_domain_matches_equal_plain_domain_matching_on_the_real_sample(self):
        """On the bundled real sample, token matching finds exactly the pairs that share a domain key."""
        from pathlib import Path

        from cocorev import read_accounts

        data = Path(__file__).resolve().parent / "data"
        ours = list(read_accounts(data / "ours.csv"))
        ours_tokens = make_tokens(ours, SECRET)
        total = 0
        for partner in ("northwind", "contoso", "fabrikam"):
            theirs = list(read_accounts(data / f"{partner}.csv"))
            theirs_tokens = make_tokens(theirs, SECRET)
            plain = {
                (a.id, b.id)
                for a in ours
                for b in theirs
                if set(parse_domains(a.website).keys) & set(parse_domains(b.website).keys)
            }
            found = pairs(
                match_tokens(ours_tokens, theirs_tokens), ours_tokens, theirs_tokens, "domain"
            )
            assert plain == found
            total += len(plain)
        assert total > 50
