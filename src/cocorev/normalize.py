"""Company-name and domain normalisation, with an offline domain parser.

Domains come from one lazily built ``tldextract.TLDExtract`` that uses the suffix list
bundled with tldextract: it never touches the network and never writes a cache.

Example:
    >>> normalize_domain("https://user:pw@WWW.Acme-Widgets.co.uk:8443/contact?ref=1")
    'acme-widgets.co.uk'
    >>> normalize_name("The ACME Widgets Company, Inc.")
    'acme widgets'
    >>> normalize_name("Nestlé S.A.") == normalize_name("NESTLE SA")
    True
"""

from __future__ import annotations

import functools
import ipaddress
import re
import unicodedata
from collections.abc import Collection
from importlib import resources

import tldextract
from attrs import field, frozen

from cocorev.models import _tuple

__all__ = [
    "FREE_MAIL_DOMAINS",
    "GENERIC_WORDS",
    "LEGAL_FORMS",
    "ParsedDomains",
    "brand_label",
    "distinctive_tokens",
    "is_free_mail",
    "name_tokens",
    "normalize_domain",
    "normalize_name",
    "parse_domains",
]


def _load_free_mail() -> frozenset[str]:
    text = (resources.files("cocorev") / "_data" / "free_mail.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower()
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )


#: Free-mail and ISP domains: never evidence of a company's identity. Shipped as
#: ``cocorev/_data/free_mail.txt``; extend per call with ``free_mail=``.
FREE_MAIL_DOMAINS: frozenset[str] = _load_free_mail()

# Brands whose every country variant is free mail (hotmail.fr, yahoo.co.jp, ...).
_FREE_MAIL_BRANDS = frozenset(
    {"hotmail", "yahoo", "live", "outlook", "gmx", "yandex", "ymail", "rocketmail", "aol", "msn"}
)


@frozen
class ParsedDomains:
    """The domain keys found in one website/domain field.

    Attributes:
        keys: Registered domains usable as identity evidence, in field order, no repeats.
        ignored: ``(value, reason)`` for each piece that is not identity evidence.
    """

    keys: tuple[str, ...] = field(converter=_tuple)
    ignored: tuple[tuple[str, str], ...] = field(default=(), converter=_tuple)


@functools.cache
def _extractor() -> tldextract.TLDExtract:
    return tldextract.TLDExtract(
        suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
    )


@functools.cache
def _icann_extractor() -> tldextract.TLDExtract:
    return tldextract.TLDExtract(
        suffix_list_urls=(), cache_dir=None, include_psl_private_domains=False
    )


def is_free_mail(domain: str) -> bool:
    """Return whether ``domain`` is a free-mail or ISP domain (never identity evidence).

    Example:
        >>> is_free_mail("gmail.com"), is_free_mail("hotmail.co.uk"), is_free_mail("acme.com")
        (True, True, False)
    """
    key = domain.strip().lower().rstrip(".")
    if key in FREE_MAIL_DOMAINS:
        return True
    return key.split(".", 1)[0] in _FREE_MAIL_BRANDS and "." in key


_SPLIT = re.compile(r"[,;|\s]+")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*://", re.I)
_WWW = re.compile(r"^(?:www\d*|m|mobile|web)\.", re.I)
_JUNK = frozenset({"n/a", "na", "none", "null", "-", "--", "tbd", "unknown", "x", "0"})
# Second-level registries that are never one organisation's own site.
_GENERIC_SLD = frozenset(
    {
        "co",
        "com",
        "net",
        "org",
        "ac",
        "gov",
        "edu",
        "ltd",
        "plc",
        "me",
        "sch",
        "mil",
        "nom",
        "or",
        "ne",
        "go",
        "gv",
        "info",
        "biz",
        "int",
        "nic",
        "firm",
        "gen",
        "ind",
        "web",
    }
)


def _host(piece: str) -> str:
    """Return the lower-case host of a URL, bare domain or e-mail address ('' if none)."""
    text = piece.strip().strip("<>\"'()[]")
    if text.lower().startswith("mailto:"):
        text = text[7:]
    text = _SCHEME.sub("", text)
    text = re.split(r"[/?#]", text, maxsplit=1)[0]
    if "@" in text:
        text = text.rsplit("@", 1)[1]
    if text.startswith("["):  # bracketed IPv6
        return text.split("]")[0].strip("[")
    if text.count(":") == 1:
        text = text.split(":", 1)[0]
    return text.strip().rstrip(".").lower()


def _ace(host: str) -> str | None:
    """Return the host in lower-case IDNA (punycode) form, or None when invalid."""
    labels = []
    for label in host.split("."):
        if not label:
            return None
        if label.isascii():
            labels.append(label)
            continue
        try:
            labels.append(label.encode("idna").decode("ascii"))
        except UnicodeError:
            return None
    return ".".join(labels).lower()


def _key_or_reason(piece: str) -> tuple[str | None, str]:
    """Return (domain key, '') or (None, reason it is not a key)."""
    if piece.strip().lower() in _JUNK:
        return None, "not a domain"
    host = _host(unicodedata.normalize("NFKC", piece))
    if not host:
        return None, "no host"
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return None, "IP address"
    if host == "localhost" or host.endswith(".localhost") or "." not in host:
        return None, "no registered domain" if host != "localhost" else "localhost"
    ace = _ace(host)
    if ace is None:
        return None, "invalid domain"
    while _WWW.match(ace) and _WWW.sub("", ace, count=1).count(".") >= 1:
        ace = _WWW.sub("", ace, count=1)
    result = _extractor()(ace)
    if result.domain and result.suffix:
        return f"{result.domain}.{result.suffix}", ""
    if result.suffix and result.is_private:
        icann = _icann_extractor()(ace)
        if icann.domain and icann.suffix:
            return f"{icann.domain}.{icann.suffix}", ""
    if result.suffix and "." in result.suffix and result.suffix.split(".")[0] not in _GENERIC_SLD:
        return result.suffix, ""  # an organisation whose site is a public suffix: nhs.uk
    return None, "public suffix only"


@functools.lru_cache(maxsize=1 << 18)
def _piece_key(piece: str) -> tuple[str | None, str]:
    return _key_or_reason(piece)


def normalize_domain(value: str | None) -> str | None:
    """Return the registered domain of a bare domain, URL or e-mail address, or ``None``.

    The key is lower-case, in IDNA (punycode) form, with ``www``-like prefixes, scheme,
    user info, port, path, query and a trailing dot removed. On hosting platforms
    (``github.io``, ``myshopify.com``, ...) the company is the subdomain. Of a field
    with several domains, the first usable one is returned. Free-mail domains are
    returned as they are (they are domains); :func:`parse_domains` marks them.

    Example:
        >>> normalize_domain("alpha-bakery.myshopify.com")
        'alpha-bakery.myshopify.com'
        >>> normalize_domain("sales@acme.com"), normalize_domain("n/a")
        ('acme.com', None)
    """
    if not value:
        return None
    for piece in _SPLIT.split(value.strip()):
        if piece:
            key, _reason = _piece_key(piece)
            if key:
                return key
    return None


@functools.lru_cache(maxsize=1 << 18)
def _parse(value: str, extra: frozenset[str]) -> ParsedDomains:
    keys: list[str] = []
    ignored: list[tuple[str, str]] = []
    for piece in _SPLIT.split(value.strip()):
        if not piece:
            continue
        key, reason = _piece_key(piece)
        if key is None:
            ignored.append((piece, reason))
        elif is_free_mail(key) or key in extra:
            ignored.append((key, "free-mail domain, not evidence of identity"))
        elif key not in keys:
            keys.append(key)
    return ParsedDomains(keys=keys, ignored=ignored)


def parse_domains(value: str | None, *, free_mail: Collection[str] | None = None) -> ParsedDomains:
    """Return every identity domain key in a website/domain field.

    Args:
        value: The field as the CRM had it; may hold several domains separated by
            commas, semicolons, pipes, spaces or newlines.
        free_mail: Extra domains never to use as identity evidence.

    Returns:
        The usable keys, and each ignored piece with its reason.

    Example:
        >>> parsed = parse_domains("www.acme.com; jane@gmail.com, 10.0.0.1")
        >>> parsed.keys, [reason for _, reason in parsed.ignored]
        (('acme.com',), ['free-mail domain, not evidence of identity', 'IP address'])
    """
    if not value or not value.strip():
        return ParsedDomains(keys=())
    extra = frozenset(d.strip().lower() for d in free_mail) if free_mail else frozenset()
    return _parse(value, extra)


def brand_label(key: str) -> str:
    """Return the registrable label of a domain key: ``acme`` for ``acme.co.uk``.

    Hosts on a hosting platform keep their whole key, so two shops on one platform are
    never brand variants of each other.

    Example:
        >>> brand_label("acme.co.uk"), brand_label("shop.myshopify.com")
        ('acme', 'shop.myshopify.com')
    """
    result = _extractor()(key)
    if result.is_private or not result.domain:
        return key
    return result.domain


# ---------------------------------------------------------------- names

#: Legal forms stripped from the end of a name (after dots are dropped and runs of
#: single letters joined, so "S.p.A." is "spa" and "L.L.C." is "llc").
LEGAL_FORMS: frozenset[str] = frozenset(
    {
        # English-speaking and generic
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "company",
        "comp",
        "companies",
        "llc",
        "ltd",
        "limited",
        "llp",
        "lp",
        "plc",
        "pllc",
        "pc",
        "lllp",
        "ltda",
        # German, Austrian, Swiss, Dutch, Belgian, Luxembourg
        "gmbh",
        "mbh",
        "ag",
        "kg",
        "kgaa",
        "ohg",
        "ug",
        "ev",
        "eg",
        "se",
        "bv",
        "nv",
        "cv",
        "vof",
        "bvba",
        "sprl",
        "sarl",
        "sa",
        "sas",
        "sasu",
        "sca",
        "scs",
        "snc",
        "sc",
        # Romance languages
        "spa",
        "srl",
        "srls",
        "sapa",
        "sl",
        "slu",
        "sad",
        "lda",
        "eireli",
        "me",
        "epp",
        # Nordic, Baltic
        "ab",
        "publ",
        "as",
        "asa",
        "aps",
        "oy",
        "oyj",
        "hf",
        "ehf",
        "ou",
        "sia",
        "uab",
        "ks",
        # Central and Eastern Europe
        "kft",
        "zrt",
        "nyrt",
        "bt",
        "sro",
        "spol",
        "zoo",
        "doo",
        "dd",
        "ad",
        "ead",
        "ood",
        "jsc",
        "pjsc",
        "ojsc",
        "cjsc",
        "ooo",
        "oao",
        "zao",
        "pao",
        "tov",
        "pat",
        # Asia-Pacific, Middle East, Africa, Americas
        "kk",
        "yk",
        "gk",
        "pte",
        "pty",
        "pvt",
        "bhd",
        "sdn",
        "tbk",
        "pt",
        "cpa",
        "saog",
        "saoc",
        "wll",
        "fzco",
        "fze",
        "fzllc",
        "qsc",
        "psc",
        "sae",
        "cia",
        "sab",
        "de",
        "rl",
        "nl",
        "npl",
        "lc",
    }
)
# Multi-word legal forms, matched on the word sequence at the end of a name.
_LEGAL_PHRASES: tuple[tuple[str, ...], ...] = (
    ("kabushiki", "kaisha"),
    ("yugen", "kaisha"),
    ("godo", "kaisha"),
    ("private", "limited"),
    ("public", "limited"),
    ("sendirian", "berhad"),
    ("berhad",),
    ("aktiengesellschaft",),
    ("aktiebolag",),
    ("aktieselskab",),
    ("aksjeselskap",),
    ("osakeyhtio",),
    ("naamloze", "vennootschap"),
    ("besloten", "vennootschap"),
    ("societe", "anonyme"),
    ("sociedad", "anonima"),
    ("societa", "per", "azioni"),
    ("sp", "zoo"),
    ("s", "de", "rl"),
    ("korlatolt", "felelossegu", "tarsasag"),
    ("spolka", "z", "ograniczona", "odpowiedzialnoscia"),
)
# Japanese, Chinese and Korean legal forms, removed as text (they carry no spaces).
_CJK_FORMS = (
    "株式会社",
    "有限会社",
    "合同会社",
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "(株)",
    "(有)",
    "주식회사",
    "(주)",
)
# Security descriptors that exchange listings append to an issuer's name.
_SECURITY = re.compile(
    r"(?:\s[-–—]\s|\s|,)\s*(?:"
    r"class [a-z]\b|series [a-z0-9]+\b|(?:new )?common stock|common shares|ordinary shares|"
    r"american depositary (?:shares|receipts)|depositary (?:shares|receipts)|\bads\b|\badr\b|"
    r"capital stock|shares of beneficial interest|units?\b|warrants?\b|rights?\b|"
    r"subordinate voting shares|voting shares|preferred stock|\bnotes? due\b"
    r").*$",
    re.I,
)
_PARENS = re.compile(r"\s*[(\[（][^)\]）]*[)\]）]\s*")
_APOSTROPHE = re.compile(r"['’`´]")
_WORD = re.compile(r"\w+")

#: Generic business words: shared only by chance, never enough to match on.
GENERIC_WORDS: frozenset[str] = frozenset(
    {
        "the",
        "of",
        "and",
        "for",
        "de",
        "la",
        "le",
        "der",
        "die",
        "das",
        "et",
        "und",
        "y",
        "group",
        "groupe",
        "gruppe",
        "grupo",
        "global",
        "international",
        "intl",
        "worldwide",
        "solutions",
        "solution",
        "systems",
        "system",
        "services",
        "service",
        "holdings",
        "holding",
        "technologies",
        "technology",
        "tech",
        "bank",
        "banking",
        "data",
        "enterprise",
        "enterprises",
        "partners",
        "partner",
        "consulting",
        "consultants",
        "industries",
        "industry",
        "industrial",
        "capital",
        "management",
        "associates",
        "company",
        "companies",
        "corporation",
        "trust",
        "financial",
        "finance",
        "investments",
        "investment",
        "ventures",
        "labs",
        "lab",
        "software",
        "digital",
        "media",
        "network",
        "networks",
        "communications",
        "resources",
        "products",
        "energy",
        "health",
        "healthcare",
        "medical",
        "pharmaceuticals",
        "pharma",
        "insurance",
        "realty",
        "properties",
        "property",
        "real",
        "estate",
        "fund",
        "funds",
        "advisors",
        "advisers",
        "trading",
        "logistics",
        "marketing",
        "design",
        "studio",
        "studios",
        "agency",
        "first",
        "new",
        "national",
        "american",
        "america",
        "united",
        "general",
        "usa",
        "us",
        "uk",
        "europe",
        "asia",
        "inc",
        "co",
        "ltd",
        "llc",
        "com",
        "ai",
        "app",
        "apps",
        "hq",
        "online",
        "platform",
        "cloud",
        "analytics",
    }
)


def _join_initials(tokens: list[str]) -> list[str]:
    """Join runs of single letters: 'a o smith' -> 'ao smith'; 's p a' -> 'spa'."""
    out: list[str] = []
    run: list[str] = []
    for token in tokens:
        if len(token) == 1 and token.isalpha():
            run.append(token)
            continue
        if run:
            out.append("".join(run))
            run = []
        out.append(token)
    if run:
        out.append("".join(run))
    return out


def _strip_legal(tokens: list[str]) -> list[str]:
    """Remove legal forms from the end of a name, keeping at least one word."""
    changed = True
    while changed and tokens:
        changed = False
        last = tokens[-1]
        for form in _CJK_FORMS:
            if last.endswith(form) and len(last) > len(form):
                tokens[-1] = last[: -len(form)]
                changed = True
                break
        if changed or len(tokens) < 2:
            continue
        for phrase in _LEGAL_PHRASES:
            n = len(phrase)
            if len(tokens) > n and tuple(tokens[-n:]) == phrase:
                del tokens[-n:]
                changed = True
                break
        if not changed and (last in LEGAL_FORMS or last == "and"):
            tokens.pop()  # "JPMorgan Chase & Co.", "GmbH & Co. KG": a trailing "&" goes too
            changed = True
    return tokens


@functools.lru_cache(maxsize=1 << 18)
def normalize_name(value: str) -> str:
    """Return the comparison key of a company name.

    Unicode NFKC, accents folded, case folded; ``&`` and ``+`` read as ``and``; a
    leading "The", parenthesised remarks, security descriptors ("Common Stock",
    "Class A") and legal forms at the end (Inc, GmbH, S.p.A., Kabushiki Kaisha,
    株式会社, ...) removed; runs of initials joined ("A. O. Smith" is "ao smith").
    A name that would be left empty keeps its words ("COOP" is "coop").

    Example:
        >>> normalize_name("Alphabet Inc. - Class A Common Stock")
        'alphabet'
        >>> normalize_name("あおい電子工業（株）") == normalize_name("あおい電子工業株式会社")
        True
    """
    text = unicodedata.normalize("NFKC", value).strip()
    for form in _CJK_FORMS:
        if text.endswith(form) and len(text) > len(form):
            text = text[: -len(form)]
        elif text.startswith(form) and len(text) > len(form):
            text = text[len(form) :]
    without_parens = _PARENS.sub(" ", text).strip()
    if _WORD.search(without_parens):
        text = without_parens
    text = _SECURITY.sub("", text) or text
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _APOSTROPHE.sub("", text).replace("&", " and ").replace("+", " and ")
    tokens = _WORD.findall(text.replace("_", " "))
    if not tokens:
        return ""
    tokens = _join_initials(tokens)
    if len(tokens) > 1 and tokens[0] == "the":
        tokens = tokens[1:]
    if tokens and tokens[-1] == "the" and len(tokens) > 1:  # "AES Corporation, The"
        tokens = tokens[:-1]
    tokens = _strip_legal(tokens)
    return " ".join(tokens)


def name_tokens(key: str) -> tuple[str, ...]:
    """Return the words of a normalised name."""
    return tuple(key.split())


def distinctive_tokens(key: str) -> tuple[str, ...]:
    """Return the words of a normalised name that are not generic business words.

    Example:
        >>> distinctive_tokens("bank of the west")
        ('west',)
    """
    return tuple(t for t in key.split() if t not in GENERIC_WORDS)
