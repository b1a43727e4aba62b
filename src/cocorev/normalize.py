"""Company-name and domain normalisation, with an offline domain parser.

Two kinds of comparison key come out of this module:

* a **domain key**: the registered domain of a website, URL or e-mail address, in
  lower-case IDNA (ACE) form, from the Public Suffix List snapshot bundled with
  ``tldextract`` (ICANN and private sections, never the network, never a disk cache);
* a **name key**: a company name folded to lower-case ASCII where it can be, with
  punctuation, legal forms ("Inc.", "GmbH & Co. KG", "株式会社") and stock-listing noise
  ("Class A Common Stock") removed.

Both normalisers are pure, idempotent and memoised.

Example:
    >>> normalize_domain("https://www.Acme.co.uk/about")
    'acme.co.uk'
    >>> parsed = parse_domains("acme.com; jane@gmail.com, 10.0.0.1")
    >>> parsed.keys
    ('acme.com',)
    >>> tuple((piece, str(reason)) for piece, reason in parsed.ignored)
    (('jane@gmail.com', 'free-mail domain'), ('10.0.0.1', 'IP address'))
    >>> normalize_name("ACME Widgets, Inc.")
    'acme widgets'
    >>> normalize_name("Nestlé S.A.") == normalize_name("NESTLE SA")
    True
"""

from __future__ import annotations

import encodings.idna
import enum
import functools
import ipaddress
import re
import sys
import unicodedata
import urllib.parse
from collections.abc import Callable, Collection, Iterable, Sequence
from importlib import resources

import idna
import tldextract
from attrs import field, frozen

from cocorev import _legal_forms
from cocorev._text import (
    BOUNDARY,
    expand_symbols,
    fold_text,
    join_single_letters,
    make_cjk_splitter,
    split_cjk_forms,
    tokenize,
)
from cocorev.errors import InputError

__all__ = [
    "FREE_MAIL_BRANDS",
    "FREE_MAIL_DOMAINS",
    "GENERIC_WORDS",
    "PLACEHOLDER_DOMAINS",
    "PROFILE_SITES",
    "IgnoreReason",
    "ParsedDomains",
    "brand_label",
    "distinctive_tokens",
    "is_free_mail",
    "name_tokens",
    "normalize_domain",
    "normalize_name",
    "parse_domains",
]


def _read_word_list(name: str) -> frozenset[str]:
    text = resources.files("cocorev").joinpath("_data", name).read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


#: Free-mail, ISP and throwaway mailbox domains shipped with cocorev
#: (``cocorev/_data/free_mail.txt``). :func:`is_free_mail` also covers every
#: ``<brand>.<public suffix>`` of :data:`FREE_MAIL_BRANDS`.
FREE_MAIL_DOMAINS: frozenset[str] = _read_word_list("free_mail.txt")

#: Mail brands whose every country domain is free mail (``hotmail.com.pe``, ``yahoo.gr``).
FREE_MAIL_BRANDS: frozenset[str] = frozenset(
    {"aol", "gmail", "gmx", "googlemail", "hotmail", "rocketmail", "yahoo", "yandex", "ymail"}
)

#: Generic business words and stop words of name keys (``cocorev/_data/generic_words.txt``):
#: sharing them is no evidence that two names mean one company.
GENERIC_WORDS: frozenset[str] = _read_word_list("generic_words.txt")


def _to_keys(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def _to_ignored(values: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(values)


class IgnoreReason(enum.StrEnum):
    """Why a piece of a website/domain field gives no identity key (see :class:`ParsedDomains`).

    The values are plain strings, so ``reason == "free-mail domain"`` works.
    """

    FREE_MAIL = "free-mail domain"
    IP_ADDRESS = "IP address"
    LOCALHOST = "localhost"
    PUBLIC_SUFFIX = "bare public suffix"
    UNKNOWN_SUFFIX = "no known public suffix"
    INVALID_LABEL = "invalid domain label"
    NOT_A_DOMAIN = "not a domain"
    PROFILE_PAGE = "a page on a site many companies have pages on"
    PLACEHOLDER = "a placeholder domain, typed where the website was not known"


@frozen
class ParsedDomains:
    """The domain keys found in one website/domain field.

    Attributes:
        keys: Registered domains usable as identity evidence, in field order, no repeats.
        ignored: ``(piece, reason)`` for each piece that is not identity evidence, in field
            order, no repeats; ``reason`` is an :class:`IgnoreReason` (a ``str``).
    """

    keys: tuple[str, ...] = field(converter=_to_keys)
    ignored: tuple[tuple[str, str], ...] = field(default=(), converter=_to_ignored)


# --------------------------------------------------------------------------- domains


#: Hosting platforms missing from the Public Suffix List's private section
#: (``cocorev/_data/hosting_platforms.txt``), treated like it: ``acme.wordpress.com``.
_HOSTING_PLATFORMS: frozenset[str] = _read_word_list("hosting_platforms.txt")

#: Domains typed into a website field when the real one is not known
#: (``cocorev/_data/placeholder_domains.txt``): ``example.com``, ``none.com``,
#: ``test.com``, ``yourcompany.com``. Unrelated records share them, so they are no
#: identity evidence.
PLACEHOLDER_DOMAINS: frozenset[str] = _read_word_list("placeholder_domains.txt")

#: Sites many companies have a page on (``cocorev/_data/profile_sites.txt``): social
#: networks, code hosts, directories, job boards, government portals. A link to a page
#: on one (``linkedin.com/company/acme``) is no identity evidence; the site itself is.
PROFILE_SITES: frozenset[str] = _read_word_list("profile_sites.txt")


@functools.cache
def _extractor() -> tldextract.TLDExtract:
    """Return the one offline extractor: bundled PSL snapshot, private suffixes, no cache."""
    return tldextract.TLDExtract(
        suffix_list_urls=(),
        cache_dir=None,
        include_psl_private_domains=True,
        extra_suffixes=sorted(_HOSTING_PLATFORMS),
    )


# Leftmost labels of multi-label ICANN suffixes that are registries open to anyone
# (co.uk, com.au, ac.uk, gov.uk, ...): such a suffix alone is no organisation's site.
# Other multi-label ICANN suffixes (nhs.uk, gob.mx, siena.it) are one organisation's
# own site and key as themselves.
_GENERIC_REGISTRY_LABELS = frozenset(
    {
        "ac", "ad", "adm", "adv", "agr", "arq", "art", "arts", "asn", "assn", "bbs", "biz",
        "blog", "co", "com", "coop", "ed", "edu", "eng", "ernet", "esp", "etc", "firm", "gen",
        "go", "gouv", "gov", "govt", "gr", "grp", "id", "ind", "inf", "info", "int", "isa",
        "k12", "lg", "ltd", "me", "med", "mil", "mobi", "name", "ne", "net", "nom", "or",
        "org", "per", "plc", "pp", "pro", "pub", "rec", "res", "sch", "school", "store",
        "tm", "web", "xn--55qx5d", "xn--io0a7i", "xn--od0alg", "xn--mxtq1m", "xn--czrw28b",
        "xn--uc0atv", "xn--zf0avx", "xn--wcvs22d", "xn--ciqpn",
    }
)  # fmt: skip
_WWW_LABEL = re.compile(r"www?\d*|w3")
_MOBILE_LABELS = frozenset({"m", "mobile", "wap"})
_SCHEME = re.compile(r"^(?:[a-z][a-z0-9+.\-]*:/+|(?:https?|ftp|sftp|mailto)[:/]*|//)")
_AUTHORITY_END = re.compile(r"[/?#\\]")
_ASCII_LABEL = re.compile(r"[a-z0-9_](?:[a-z0-9_\-]{0,61}[a-z0-9_])?")
_ASCII_HOST = re.compile(rf"{_ASCII_LABEL.pattern}(?:\.{_ASCII_LABEL.pattern})*")
_IPV4 = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
_FIELD_SEPARATORS = re.compile(r"[;|\s]+")
_WRAPPERS = "\"'<>(){}`,."
_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})


def _host_of(piece: str) -> str:
    """Return the lower-case host part of a URL, bare domain or e-mail address."""
    text = piece.strip().strip(_WRAPPERS).lower()
    if "%" in text:  # percent-encoded: "acme.com%2Fabout", "www.acme.com%20"
        text = urllib.parse.unquote(text).strip().strip(_WRAPPERS).lower()
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_DOTS).lower()
    text = _SCHEME.sub("", text, count=1)
    text = _AUTHORITY_END.split(text, maxsplit=1)[0]
    text = text.rpartition("@")[2]
    if text.startswith("["):
        return text.partition("]")[0] + "]"
    if text.count(":") == 1:
        text = text.partition(":")[0]
    return text.strip().strip(".")


def _ace_label(label: str) -> str | None:
    """Return ``label`` in lower-case IDNA (ACE) form, or ``None`` if it is not a valid label.

    IDNA 2008 with UTS 46 mapping, as registries and browsers read names today: ``ß`` and
    ``ς`` are letters of their own (``faß.de`` is ``xn--fa-hia.de``, not ``fass.de``). A
    label only IDNA 2003 allows (symbols such as ``☃``) is read by those older rules.
    """
    if label.isascii():
        if label.startswith("xn--") and _idna_label(label, encode=False) is None:
            return None
        return label if _ASCII_LABEL.fullmatch(label) else None
    ace = _idna_label(label, encode=True)
    return ace if ace is not None and _ASCII_LABEL.fullmatch(ace) else None


def _idna_label(label: str, *, encode: bool) -> str | None:
    """Return the ACE (``encode``) or Unicode form of one label; ``None`` if invalid."""
    try:
        if encode:
            return idna.encode(label, uts46=True).decode("ascii").lower()
        return idna.decode(label)
    except (idna.IDNAError, UnicodeError, ValueError):
        pass
    try:
        if encode:
            return encodings.idna.ToASCII(label).decode("ascii").lower()
        return encodings.idna.ToUnicode(label)
    except (UnicodeError, ValueError):
        return None


def _is_ip(host: str) -> bool:
    if host.startswith("["):
        host = host[1:-1]
    if _IPV4.fullmatch(host):
        return True
    if ":" in host:
        try:
            ipaddress.IPv6Address(host.partition("%")[0])
        except ValueError:
            return False
        return True
    return False


# A field piece's domain key with its brand label (see brand_label), or why it has none.
_Piece = tuple[str, str] | IgnoreReason


def _key_of_host(host: str) -> _Piece:
    """Return the domain key of an ASCII host with its brand label, or why it has none."""
    labels = host.split(".")
    result = _extractor()(host)
    if not result.suffix:
        return IgnoreReason.UNKNOWN_SUFFIX if len(labels) > 1 else IgnoreReason.NOT_A_DOMAIN
    domain = result.domain
    if domain and not (_WWW_LABEL.fullmatch(domain) or domain in _MOBILE_LABELS):
        return _registered(result)
    if result.suffix in _HOSTING_PLATFORMS:
        if domain and not _WWW_LABEL.fullmatch(domain):
            return _registered(result)
        return _branded(result.suffix)
    if result.is_private:
        # A bare hosting-platform suffix (github.io, www.myshopify.com): the platform's
        # own ICANN registered domain. A shop called "m" on a platform is still a shop.
        if domain and not _WWW_LABEL.fullmatch(domain):
            return _registered(result)
        registry_labels = result.registry_suffix.count(".") + 1
        return _branded(".".join(labels[-registry_labels - 1 :]))
    suffix = result.suffix
    if "." in suffix and suffix.partition(".")[0] not in _GENERIC_REGISTRY_LABELS:
        return _branded(suffix)  # the organisation's own site is the suffix: nhs.uk, gob.mx
    if domain and not _WWW_LABEL.fullmatch(domain):
        return _registered(result)  # m.co.uk, mobile.de: a real host
    return IgnoreReason.PUBLIC_SUFFIX  # co.uk, www.co.uk, com


def _registered(result: tldextract.ExtractResult) -> tuple[str, str]:
    """Return the registered domain (``domain.suffix``) of an extracted host, branded.

    Extracted again, that key (``acme.co.uk`` of ``shop.acme.co.uk``) splits into this
    very domain and suffix: the suffix list matches the same labels from the right and
    stops at the same domain label. So its brand label (see :func:`_key_brand`) comes
    from this result, without asking the suffix list a second time.
    """
    key = result.top_domain_under_public_suffix
    if result.is_private or result.suffix in _HOSTING_PLATFORMS:
        return key, key
    return key, result.domain


def _branded(key: str) -> tuple[str, str]:
    """Return a key other than its host's ``domain.suffix`` (a bare suffix), branded."""
    return key, _key_brand(key)


@functools.lru_cache(maxsize=1 << 16)
def _read_piece(piece: str) -> _Piece:
    """Return the registered domain of one field piece with its brand label, or why none."""
    host = _host_of(piece)
    if not host:
        return IgnoreReason.NOT_A_DOMAIN
    if _is_ip(host):
        return IgnoreReason.IP_ADDRESS
    if host == "localhost" or host.endswith(".localhost") or host == "localhost.localdomain":
        return IgnoreReason.LOCALHOST
    if "." not in host and not host.isalnum():
        return IgnoreReason.NOT_A_DOMAIN
    host = host.lstrip(".")
    # A host of plain ASCII labels, as most are, is its own ACE form: one match checks
    # every label. Others are checked and converted label by label.
    if not (host.isascii() and "xn--" not in host and _ASCII_HOST.fullmatch(host)):
        ace: list[str] = []
        for label in host.split("."):
            converted = _ace_label(label)
            if converted is None:
                return IgnoreReason.INVALID_LABEL
            ace.append(converted)
        host = ".".join(ace)
    if len(host) > 253:
        return IgnoreReason.INVALID_LABEL
    return _key_of_host(host)


def _parse_piece(piece: str) -> str | IgnoreReason:
    """Return the registered domain of one field piece, or why it has none."""
    read = _read_piece(piece)
    return read if isinstance(read, IgnoreReason) else read[0]


def _split_field(value: str) -> Iterable[str]:
    """Yield the pieces of a website/domain field (separated by , ; | or white space)."""
    for chunk in _FIELD_SEPARATORS.split(value):
        if not chunk:
            continue
        if "," not in chunk:  # one piece, as most are
            if chunk.strip(_WRAPPERS):
                yield chunk
            continue
        # A comma inside a query string or fragment does not separate two sites.
        cut = min((i for i in (chunk.find("?"), chunk.find("#")) if i >= 0), default=-1)
        head, tail = (chunk, "") if cut < 0 else (chunk[:cut], chunk[cut:])
        parts = head.split(",")
        parts[-1] += tail
        yield from (part for part in parts if part.strip(_WRAPPERS))


@functools.lru_cache(maxsize=1 << 16)
def _parse_field(value: str) -> tuple[tuple[str, _Piece], ...]:
    return tuple((piece, _read_piece(piece)) for piece in _split_field(value))


@functools.lru_cache(maxsize=64)
def _extra_free_mail(domains: frozenset[str]) -> frozenset[str]:
    keys = {normalize_domain(domain) or domain.strip().lower() for domain in domains}
    return frozenset(keys)


def _is_free_mail_key(key: str) -> bool:
    if key in FREE_MAIL_DOMAINS:
        return True
    brand, _, suffix = key.partition(".")
    return brand in FREE_MAIL_BRANDS and bool(suffix) and _is_brand_site(key, brand, suffix)


@functools.lru_cache(maxsize=1 << 14)
def _is_brand_site(key: str, brand: str, suffix: str) -> bool:
    """Whether ``key`` is ``brand`` right on the public suffix ``suffix`` (hotmail.com.pe)."""
    result = _extractor()(key)
    return not result.is_private and result.suffix == suffix and result.domain == brand


def is_free_mail(domain: str) -> bool:
    """Return whether ``domain`` is a free-mail or ISP mailbox domain (never identity evidence).

    Args:
        domain: A domain key, host, URL or e-mail address; it is normalised first.

    Returns:
        ``True`` for the shipped :data:`FREE_MAIL_DOMAINS` and for every country domain
        of a :data:`FREE_MAIL_BRANDS` brand (``hotmail.com.pe``).

    Example:
        >>> is_free_mail("Jane.Doe@Hotmail.co.uk"), is_free_mail("acme.com")
        (True, False)
    """
    key = domain.strip().lower()
    if key in FREE_MAIL_DOMAINS:
        return True
    parsed = _parse_piece(key) if key else IgnoreReason.NOT_A_DOMAIN
    return not isinstance(parsed, IgnoreReason) and _is_free_mail_key(parsed)


def parse_domains(value: str | None, *, free_mail: Collection[str] | None = None) -> ParsedDomains:
    """Return every identity domain key in a website/domain field.

    A field may hold several sites or addresses separated by commas, semicolons, pipes,
    spaces or newlines. Each piece may be a bare domain, a URL (scheme, user info, port,
    path, query, fragment), an e-mail address or a ``mailto:`` link, in any case, in
    Unicode or punycode. Hosting platforms on the Public Suffix List's private section
    keep the customer's sub-domain (``alpha-bakery.myshopify.com``).

    Args:
        value: The raw field.
        free_mail: Extra free-mail domains, on top of :data:`FREE_MAIL_DOMAINS`. Pass a
            ``frozenset`` when calling in a loop: it is normalised once and remembered.

    Returns:
        The keys in field order without repeats, and each ignored piece with its
        :class:`IgnoreReason`: free mail, a placeholder (``example.com``, ``none.com``),
        a page on a profile site, IP address, localhost, bare public suffix, no known
        suffix, invalid label, or not a domain at all (``n/a``, ``-``).

    Example:
        >>> parsed = parse_domains("https://www.nhs.uk/, nhs.uk, localhost:8080")
        >>> parsed.keys
        ('nhs.uk',)
        >>> parsed.ignored
        (('localhost:8080', <IgnoreReason.LOCALHOST: 'localhost'>),)
    """
    if not value:
        return ParsedDomains(keys=())
    extra = _extra_free_mail(frozenset(free_mail)) if free_mail else frozenset()
    keys, ignored, _brands = _read_domains(value, extra)
    return ParsedDomains(keys=keys, ignored=ignored)


# A website field as matching reads it: its domain keys (as ParsedDomains.keys), its
# ignored pieces (as ParsedDomains.ignored), and the brand label of each key, no repeats.
_Domains = tuple[tuple[str, ...], tuple[tuple[str, str], ...], tuple[str, ...]]
_NO_DOMAINS: _Domains = ((), (), ())
_NO_EXTRA_FREE_MAIL: frozenset[str] = frozenset()


def _read_domains(value: str | None, free_mail: frozenset[str] = _NO_EXTRA_FREE_MAIL) -> _Domains:
    """Return what :func:`parse_domains` finds in a field, with each key's brand label.

    ``free_mail`` holds extra free-mail keys, normalised (see ``_extra_free_mail``).
    """
    if not value:
        return _NO_DOMAINS
    keys: list[str] = []
    brands: list[str] = []
    ignored: list[tuple[str, str]] = []
    for piece, read in _parse_field(value):
        entry: tuple[str, str] | None = None
        if isinstance(read, IgnoreReason):
            entry = (piece, read)
        else:
            key, brand = read
            if key in free_mail or _is_free_mail_key(key):
                entry = (piece, IgnoreReason.FREE_MAIL)
            elif key in PLACEHOLDER_DOMAINS:
                entry = (piece, IgnoreReason.PLACEHOLDER)
            elif _is_profile_page(piece, key):
                entry = (piece, IgnoreReason.PROFILE_PAGE)
            elif key not in keys:
                keys.append(key)
                if brand not in brands:
                    brands.append(brand)
        if entry is not None and entry not in ignored:
            ignored.append(entry)
    return tuple(keys), tuple(ignored), tuple(brands)


@functools.cache
def _profile_keys() -> frozenset[str]:
    """Return the domain keys of :data:`PROFILE_SITES` (``sites.google.com``: ``google.com``)."""
    keys = (_parse_piece(site) for site in PROFILE_SITES)
    return frozenset(key for key in keys if not isinstance(key, IgnoreReason))


def _is_profile_page(piece: str, key: str) -> bool:
    """Whether a field piece links to a page on a site of :data:`PROFILE_SITES`.

    ``facebook.com/northwind`` is a page; ``facebook.com`` and ``jane@facebook.com``
    are the site itself.
    """
    if key not in _profile_keys():
        return False
    host = _host_of(piece)
    if key not in PROFILE_SITES and host.removeprefix("www.") not in PROFILE_SITES:
        return False
    text = _SCHEME.sub("", piece.strip().strip(_WRAPPERS).lower(), count=1)
    end = _AUTHORITY_END.search(text)
    path = text[end.start() :] if end else ""
    path = path.partition("?")[0].partition("#")[0]
    return bool(path.strip("/\\"))


@functools.lru_cache(maxsize=1 << 16)
def normalize_domain(value: str | None) -> str | None:
    """Return the registered domain of a bare domain, URL or e-mail address, or ``None``.

    The key is lower-case IDNA (ACE); see :func:`parse_domains` for what a field may hold.
    For a field with several sites the first identity key wins; a free-mail or
    placeholder domain is still a domain (``gmail.com``, ``example.com``) and is returned
    when the field holds nothing else.
    ``None`` means no usable domain: empty, IP address, localhost, bare public suffix or
    garbage. Normalising a key again returns it unchanged.

    Example:
        >>> normalize_domain("HTTP://WWW.ACME-WIDGETS.COM/")
        'acme-widgets.com'
        >>> normalize_domain("https://alpha-bakery.myshopify.com")
        'alpha-bakery.myshopify.com'
        >>> normalize_domain("http://acme.公司.cn")
        'acme.xn--55qx5d.cn'
        >>> normalize_domain("n/a") is None
        True
    """
    if not value:
        return None
    fallback: str | None = None
    for piece, read in _parse_field(value):
        if isinstance(read, IgnoreReason):
            continue
        parsed = read[0]
        if (
            not _is_free_mail_key(parsed)
            and parsed not in PLACEHOLDER_DOMAINS
            and not _is_profile_page(piece, parsed)
        ):
            return parsed
        fallback = fallback or parsed
    return fallback


@functools.lru_cache(maxsize=1 << 14)
def brand_label(key: str) -> str:
    """Return the registrable label of a domain key: ``acme`` for ``acme.co.uk``.

    A site on a hosting platform (``alpha-bakery.myshopify.com``) returns its whole key,
    so two shops are never brand variants of each other; the platform itself
    (``github.io``) returns its own label. A site on its own public suffix (``nhs.uk``)
    returns that suffix's first label. Anything without a domain key returns ``''``.

    Example:
        >>> brand_label("acme.co.uk"), brand_label("alpha-bakery.myshopify.com")
        ('acme', 'alpha-bakery.myshopify.com')
    """
    normalised = normalize_domain(key)
    return _key_brand(normalised) if normalised else ""


@functools.lru_cache(maxsize=1 << 16)
def _key_brand(key: str) -> str:
    """Return :func:`brand_label` of a key :func:`parse_domains` gave (already normalised)."""
    result = _extractor()(key)
    if result.domain and (result.is_private or result.suffix in _HOSTING_PLATFORMS):
        return key
    return key.partition(".")[0]


# ----------------------------------------------------------------------------- names


def _compile(spelling: str) -> tuple[str, ...]:
    """Return the tokens a legal form or descriptor spelling normalises to."""
    text = spelling
    for step in _TEXT_STEPS:
        text = step(text)
    tokens = join_single_letters(tokenize(text))
    return tuple(token for token in tokens if token != BOUNDARY)


def _index(
    phrases: Iterable[tuple[str, ...]], *, by: int
) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Return ``phrases`` grouped by their first (``by=0``) or last (``by=-1``) token.

    Each group lists its longest phrases first.
    """
    groups: dict[str, set[tuple[str, ...]]] = {}
    for phrase in phrases:
        if phrase:
            groups.setdefault(phrase[by], set()).add(phrase)
    return {
        token: tuple(sorted(group, key=lambda phrase: (-len(phrase), phrase)))
        for token, group in groups.items()
    }


def _phrase_sizes(phrases: Iterable[tuple[str, ...]], *, by: int) -> dict[str, tuple[int, ...]]:
    """Return, per first (``by=0``) or last (``by=-1``) token, the phrase lengths, longest first."""
    sizes: dict[str, set[int]] = {}
    for phrase in phrases:
        if phrase:
            sizes.setdefault(phrase[by], set()).add(len(phrase))
    return {token: tuple(sorted(group, reverse=True)) for token, group in sizes.items()}


_CJK_FORMS = make_cjk_splitter(_legal_forms.CJK_FORMS)

#: The string steps of name normalisation, in order; the token steps follow in _reduce.
_TEXT_STEPS: tuple[Callable[[str], str], ...] = (
    fold_text,
    expand_symbols,
    functools.partial(split_cjk_forms, pattern=_CJK_FORMS),
)

_ABBREVIATIONS = {
    _compile(short)[0]: " ".join(_compile(word))
    for short, word in _legal_forms.ABBREVIATIONS.items()
}
_LEADING_ABBREVIATIONS = {
    _compile(short)[0]: " ".join(_compile(word))
    for short, word in _legal_forms.LEADING_ABBREVIATIONS.items()
}
_AND_WORDS = frozenset(_legal_forms.AND_WORDS)
_AND_BETWEEN_WORDS = frozenset(_legal_forms.AND_BETWEEN_WORDS)
_CLASS_WORDS = frozenset({"class", "series"})
_RAW_FORMS = frozenset(
    _compile(spelling)
    for forms in (*_legal_forms.LEGAL_FORMS.values(), _legal_forms.LEADING_FORMS)
    for spelling in forms
)
# One-word legal forms, as the tokeniser writes them (one word is never "between" words).
_ONE_WORD_FORMS = frozenset(phrase[0] for phrase in _RAW_FORMS if len(phrase) == 1)
# Short "and" words that begin the rest of a legal form ("e.Gen.", "y Cía"): kept.
_FORM_AND_PAIRS = frozenset(
    (phrase[k], phrase[k + 1])
    for phrase in _RAW_FORMS
    for k in range(len(phrase) - 1)
    if phrase[k] in _AND_BETWEEN_WORDS
)


def _spelled_out(tokens: list[str]) -> list[str]:
    """Return ``tokens`` with shortened words spelled out and "and" in other languages as "and".

    A name's first word "St"/"Ste" is "Saint"/"Sainte"; elsewhere it may be a street.

    "und" and "et" between two words are "and"; so are the short words for it in other
    languages ("e", "y", "en", "och", "og", "ve": "Pérez e Hijos", "Hansen og Sønner"),
    but only between two words of two letters or more, not after "Class"/"Series" and not
    before a one-word legal form ("Vitamin E Corp" keeps its "E").
    """
    if len(tokens) > 1 and tokens[0] in _LEADING_ABBREVIATIONS:
        tokens = [_LEADING_ABBREVIATIONS[tokens[0]], *tokens[1:]]
    if (
        _ABBREVIATIONS.keys().isdisjoint(tokens)
        and _AND_WORDS.isdisjoint(tokens)
        and _AND_BETWEEN_WORDS.isdisjoint(tokens)
    ):
        return tokens
    last = len(tokens) - 1
    out: list[str] = []
    for k, token in enumerate(tokens):
        if token in _AND_WORDS:
            inner = 0 < k < last and BOUNDARY not in (tokens[k - 1], tokens[k + 1])
            out.append("and" if inner else token)
        elif token in _AND_BETWEEN_WORDS:
            joins = 0 < k < last and _joins_words(tokens[k - 1], token, tokens[k + 1])
            out.append("and" if joins else token)
        else:
            out.append(_ABBREVIATIONS.get(token, token))
    return out


def _joins_words(before: str, word: str, after: str) -> bool:
    """Whether a short "and" word stands between two words it can join."""
    return (
        (word, after) not in _FORM_AND_PAIRS
        and len(before) >= 2
        and len(after) >= 2
        and before.isalpha()
        and after.isalpha()
        and before not in _CLASS_WORDS
        and after not in _ONE_WORD_FORMS
    )


def _form_tokens(spelling: str) -> tuple[str, ...]:
    """Return the tokens of a legal form as a name's tokens are: "and" words read as "and"."""
    return tuple(_spelled_out(list(_compile(spelling))))


_LEGAL_PHRASES = frozenset(
    _form_tokens(spelling) for forms in _legal_forms.LEGAL_FORMS.values() for spelling in forms
) | frozenset(_form_tokens(spelling) for spelling in _legal_forms.LEADING_FORMS)


def _truncations(phrases: Iterable[tuple[str, ...]]) -> frozenset[tuple[str, ...]]:
    """Return legal forms cut short, as fixed-width CRM and registry fields cut them.

    "Blue Ridge Solutions Corporati", "Acme Incorporat", "Acme Gesellschaft mit beschr",
    "Acme Public Co": a one-word form of eight letters or more cut after six letters or
    more, or a form of several words cut after its first two words or inside a later
    word (at least two letters of it left). Cuts that are words of their own ("Handel",
    "Partners", "Uniper", "Aktien") are left out.
    """
    cuts: set[tuple[str, ...]] = set()
    for phrase in phrases:
        if len(phrase) == 1:
            word = phrase[0]
            if len(word) >= 8 and word.isascii() and word.isalpha():
                cuts.update((word[:end],) for end in range(6, len(word)))
            continue
        for k in range(1, len(phrase)):
            head, word = phrase[:k], phrase[k]
            if k >= 2:
                cuts.add(head)
            cuts.update((*head, word[:end]) for end in range(2, len(word)))
    return frozenset(
        cut
        for cut in cuts
        if not any(word.startswith(cut[-1]) for word in _legal_forms.NOT_CUT_FORMS)
        and cut not in phrases
    )


_TRUNCATED_PHRASES = _truncations(_LEGAL_PHRASES)
_TRAILING_PHRASES = (
    _LEGAL_PHRASES | _TRUNCATED_PHRASES | {(word,) for word in _legal_forms.TRAILING_WORDS}
)
_LEADING_PHRASES = frozenset({_form_tokens(s) for s in _legal_forms.LEADING_FORMS} | {("the",)})
_TRAILING_SIZES = _phrase_sizes(_TRAILING_PHRASES, by=-1)
_LEADING_SIZES = _phrase_sizes(_LEADING_PHRASES, by=0)
_LEGAL_LAST_TOKENS = frozenset(phrase[-1] for phrase in _LEGAL_PHRASES if phrase)
# Legal forms that one-letter words can spell ("B.V." -> "bv"), kept apart from a digit.
_LETTER_FORMS = frozenset(p[0] for p in _LEGAL_PHRASES if len(p) == 1 and p[0].isalpha())
_STRONG = _index((_compile(s) for s in _legal_forms.STRONG_DESCRIPTORS), by=0)
_WEAK = _index((_compile(s) for s in _legal_forms.WEAK_DESCRIPTORS), by=0)
_ROMAN_NUMERALS = frozenset(
    {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"}
)
_STATUS_PARTS = frozenset(_compile(s) for s in _legal_forms.STATUS_PARTS)
_DESCRIPTOR_STARTS = frozenset(_STRONG) | frozenset(_WEAK) | _CLASS_WORDS


def _strip_trailing(words: list[str]) -> list[str]:
    """Remove legal forms, a dangling "and" and a trailing "the" from the end, repeatedly."""
    while words:
        for size in _TRAILING_SIZES.get(words[-1], ()):
            if size == 1 or (size <= len(words) and tuple(words[-size:]) in _TRAILING_PHRASES):
                del words[-size:]
                break
        else:
            break
    return words


def _strip_leading(words: list[str]) -> list[str]:
    """Remove a leading "The" and leading legal forms ("PT", "OOO", "株式会社"), repeatedly."""
    while words:
        for size in _LEADING_SIZES.get(words[0], ()):
            if size == 1 or (size <= len(words) and tuple(words[:size]) in _LEADING_PHRASES):
                del words[:size]
                break
        else:
            break
    return words


def _is_class_phrase(tokens: list[str], start: int) -> bool:
    """Return whether ``tokens[start:]`` opens with "class A" / "series B"."""
    return (
        tokens[start] in _CLASS_WORDS
        and start + 1 < len(tokens)
        and tokens[start + 1] != BOUNDARY
        and len(tokens[start + 1]) <= 2
    )


def _descriptor_end(tokens: list[str], start: int) -> tuple[int, bool] | None:
    """Return (end, is_weak) of a security descriptor starting at ``start``, if any."""
    for table, weak in ((_STRONG, False), (_WEAK, True)):
        for phrase in table.get(tokens[start], ()):
            end = start + len(phrase)
            if tuple(tokens[start:end]) == phrase:
                return end, weak
    if _is_class_phrase(tokens, start):
        return start + 2, True
    return None


def _qualifier_start(tokens: list[str], start: int) -> int:
    """Move ``start`` back over words of a descriptor ("6.5% Series A", "Non-Voting").

    A number right before the descriptor itself stays: it is part of the name
    ("Phillips 66 Common Stock").
    """
    first = start
    while start > 1:
        previous = tokens[start - 1]
        if previous in _legal_forms.DESCRIPTOR_QUALIFIERS or (previous.isdigit() and start < first):
            start -= 1
        elif start > 2 and _is_class_phrase(tokens, start - 2):
            start -= 2
        else:
            break
    return start


def _ends_with_legal_form(head: list[str]) -> bool:
    """Return whether ``head`` ends in a boundary or legal form, maybe plus "II" ("Corp. II")."""
    last = head[-1]
    if last in _ROMAN_NUMERALS and len(head) > 1:
        last = head[-2]
    return last == BOUNDARY or last in _LEGAL_LAST_TOKENS


def _cut_descriptor(tokens: list[str]) -> list[str]:
    """Cut a trailing stock-listing descriptor ("Class A Common Stock") and its fine print."""
    if _DESCRIPTOR_STARTS.isdisjoint(tokens):
        return tokens
    for index in range(1, len(tokens)):
        found = _descriptor_end(tokens, index) if tokens[index] in _DESCRIPTOR_STARTS else None
        if found is None:
            continue
        end, weak = found
        tail = tokens[end:]
        if (
            tail
            and tail[0] != BOUNDARY
            and tail[0] not in _legal_forms.CONNECTORS
            and not _is_class_phrase(tail, 0)
            and (BOUNDARY in tail or _strip_trailing(list(tail)))
        ):
            continue
        start = _qualifier_start(tokens, index)
        head = tokens[:start]
        if weak and not _ends_with_legal_form(head):
            continue
        if any(token != BOUNDARY for token in head):
            return head
    return tokens


def _is_noise_part(words: list[str]) -> bool:
    """Return whether a separate part of a name is noise ("- Warrants", "(in liquidation)")."""
    last = words[-1]
    return (
        tuple(words) in _STATUS_PARTS
        or words[0] in _legal_forms.FORMERLY
        or last in _legal_forms.SECURITY_NOUNS
        or (len(words) >= 2 and words[-2] == "due" and last.isdigit())
        or (len(words) == 2 and _is_class_phrase(words, 0))
        or words == ["closed", "end", "fund"]
        or words == ["when", "issued"]
    )


def _segments(tokens: list[str]) -> list[list[str]]:
    if BOUNDARY not in tokens:
        return [tokens] if tokens else []
    parts: list[list[str]] = [[]]
    for token in tokens:
        if token == BOUNDARY:
            if parts[-1]:
                parts.append([])
        else:
            parts[-1].append(token)
    return [part for part in parts if part]


def _flatten_parts(tokens: list[str]) -> list[str]:
    """Return the words of a name with several parts, each part's trailing legal form removed."""
    parts = _segments(tokens)
    while len(parts) > 1 and _is_noise_part(parts[-1]):
        parts.pop()
    # Forms spread over several parts ("(Pty) Ltd") go first, then a form ending each
    # earlier part ("Acme Ltd, London").
    kept = len(_strip_trailing([word for part in parts for word in part]))
    words: list[str] = []
    used = 0
    for part in parts:
        part = part[: kept - used]
        used += len(part)
        if not part:
            break
        words.extend(_strip_trailing(part) if used < kept else part)
    return _strip_trailing(join_single_letters(words, _LETTER_FORMS))


def _process(tokens: list[str]) -> list[str]:
    """Return the key words of a token list: descriptors, noise parts and legal forms removed.

    The result is a fixed point: processing its words again changes nothing. Removing
    words at either end never makes two other words adjacent, so single letters need
    joining only once, and leading and trailing removals do not interfere.
    """
    tokens = _cut_descriptor(join_single_letters(tokens, _LETTER_FORMS))
    words = _flatten_parts(tokens) if BOUNDARY in tokens else _strip_trailing(list(tokens))
    words = _strip_leading(words)
    while True:
        cut = _cut_descriptor(words)
        if len(cut) == len(words):
            return words
        words = _strip_leading(_strip_trailing(list(cut)))


_QUOTED_NAME = re.compile(r'\s*([^"]+?)\s*"(?=\s*\w)')
# Leading forms that go with a form ending the name ("sc" -> {"srl", "sa"}), and the
# first tokens they may be written as ("sc", or "s" of "S.C.").
_PAIRED_LEADING = {
    "".join(_compile(lead)): frozenset(_compile(form)[-1] for form in forms)
    for lead, forms in _legal_forms.PAIRED_LEADING_FORMS.items()
}
_PAIRED_STARTS = frozenset(_PAIRED_LEADING) | frozenset(lead[0] for lead in _PAIRED_LEADING)


def _drop_quoted_form(text: str) -> str:
    """Return text without a legal form that opens it before a quoted name.

    'SIA "Latvijas Balzams"', 'AS "Acme"', 'ООО «Ромашка»': a form written before the
    name in quotes is a form, even one ("SIA", "AS") that is left alone elsewhere.
    """
    found = _QUOTED_NAME.match(text)
    if found is None:
        return text
    head = join_single_letters([t for t in tokenize(found.group(1)) if t != BOUNDARY])
    if tuple(head) in _LEGAL_PHRASES or "".join(head) in _mistyped_long_forms():
        return text[found.end() :]
    return text


@functools.cache
def _mistyped_long_forms() -> frozenset[str]:
    """Return forms of several words, run together and mistyped by one slip.

    'Sabiedrība ar ierobeežotu atbildību "CAR"': a letter doubled, left out or swapped
    in a long form before a quoted name still leaves a form. Built on first use.
    """
    joined = ("".join(p) for p in _LEGAL_PHRASES if len(p) > 1 and sum(map(len, p)) >= 12)
    return frozenset(
        variant
        for form in joined
        for variant in _slips(form) | {form[:k] + form[k + 1 :] for k in range(len(form))}
    )


def _drop_paired_lead(tokens: list[str]) -> list[str]:
    """Return tokens without a leading form that goes with the form ending the name.

    "S.C. Acme S.R.L." (Romania's "societate comercială" before the form): the lead is
    dropped only when the name also ends in a form it goes with, so "SC Johnson" stays.
    """
    size = 1
    while size < len(tokens) and len(tokens[size - 1]) == 1 and len(tokens[size]) == 1:
        size += 1
    tails = _PAIRED_LEADING.get("".join(tokens[:size]))
    if tails is None:
        return tokens
    words = [t for t in tokens[size:] if t != BOUNDARY]
    ending = join_single_letters(words[-4:], _LETTER_FORMS)
    if len(words) >= 2 and ending and ending[-1] in tails:
        return tokens[size:]
    return tokens


def _reduce(text: str) -> str:
    """Return the name key of folded, symbol-expanded text: the token steps."""
    if '"' in text:
        text = _drop_quoted_form(text)
    tokens = _spelled_out(tokenize(text))
    if tokens and tokens[0] in _PAIRED_STARTS:
        tokens = _drop_paired_lead(tokens)
    words = _process(tokens)
    if not words:  # only legal forms or noise: keep them rather than return ''
        fallback = join_single_letters(
            [token for token in tokens if token != BOUNDARY], _LETTER_FORMS
        )
        while len(fallback) > 1 and fallback[0] == "the":
            del fallback[0]
        if all(word == "and" for word in fallback):  # "&" alone is punctuation
            fallback = []
        words = _process(list(fallback)) or fallback
    return " ".join(words)


@functools.lru_cache(maxsize=1 << 17)
def normalize_name(value: str) -> str:
    """Return the comparison key of a company name.

    Steps: Unicode NFKC, case folding and accent folding (``Nestlé`` = ``NESTLE``);
    ``&`` and ``+`` spelled ``and``; apostrophes joined (``McDonald's`` -> ``mcdonalds``);
    other punctuation separates words, and runs of single letters join
    (``A. O. Smith`` = ``AO Smith``); a leading "The" goes; legal forms of many
    jurisdictions go wherever they end the name or a comma/bracket-separated part of
    it, as often as they are chained (``Acme Holdings Co., Ltd.`` -> ``acme holdings``);
    stock-listing noise goes (``Alphabet Inc. - Class A Common Stock`` -> ``alphabet``).

    A name made only of legal forms keeps them (``COOP`` -> ``coop``, ``Company`` ->
    ``company``). Non-Latin scripts stay in the key. Empty or punctuation-only input
    gives ``''``. Normalising a key again returns it unchanged.

    Raises:
        InputError: ``value`` is not a string (such as a number or ``None``).

    Example:
        >>> normalize_name("JPMorgan Chase & Co.")
        'jpmorgan chase'
        >>> normalize_name("Procter & Gamble Co.")
        'procter and gamble'
        >>> normalize_name("あおい電子工業株式会社")
        'あおい電子工業'
    """
    if not isinstance(value, str):
        given = f"{type(value).__name__} {value!r}"
        msg = f"normalize_name expects a company name as text (str), got {given}"
        raise InputError(msg, value=repr(value))
    if not value:
        return ""
    text = value
    for step in _TEXT_STEPS:
        text = step(text)
    return _reduce(text)


def name_tokens(key: str) -> tuple[str, ...]:
    """Return the words of a name key (as :func:`normalize_name` returns it).

    Example:
        >>> name_tokens("bank of the west")
        ('bank', 'of', 'the', 'west')
    """
    return tuple(key.split())


def distinctive_tokens(key: str) -> tuple[str, ...]:
    """Return the words of a name key that are not :data:`GENERIC_WORDS`, in order.

    An empty tuple means the name has no distinctive word at all ("Data Systems"):
    treat that as no evidence, not as agreement.

    Example:
        >>> distinctive_tokens("bank of the west")
        ('west',)
        >>> distinctive_tokens("data systems")
        ()
    """
    return tuple(token for token in key.split() if token not in GENERIC_WORDS)


# ------------------------------------------------------------------ match keys


def _slips(form: str) -> set[str]:
    """Return ``form`` mistyped by one slip.

    The slips: two neighbouring letters swapped (forms of four or more letters), one
    letter doubled, or one left out (forms of six or more letters).
    """
    slips = {form[:k] + form[k] + form[k:] for k in range(len(form))}
    if len(form) >= 4:
        slips |= {form[:k] + form[k + 1] + form[k] + form[k + 2 :] for k in range(len(form) - 1)}
    if len(form) >= 6:
        slips |= {form[:k] + form[k + 1 :] for k in range(len(form))}
    return slips - {form}


#: Name keys that CRMs use when the name is unknown: never evidence of anything.
PLACEHOLDER_NAMES = frozenset(
    {
        "na",
        "n a",
        "none",
        "null",
        "nil",
        "unknown",
        "tbd",
        "tba",
        "test",
        "testing",
        "self employed",
        "selfemployed",
        "private",
        "individual",
        "personal",
        "no name",
        "not applicable",
        "not available",
        "xxx",
        "x",
        "0",
        "company",
        "business",
        "account",
        "customer",
        "prospect",
        "lead",
        "sample",
        "dummy",
        "delete",
        "duplicate",
        # Found by a user test: more words typed where the company is not known.
        "not provided",
        "none provided",
        "test account",
        "demo",
        "demo account",
        "do not use",
        "do not contact",
        "freelance",
        "freelancer",
        "sole proprietor",
        "sole trader",
        "tbc",
        "to be confirmed",
        "placeholder",
        "no",
        "various",
        "misc",
        "miscellaneous",
        "other",
        "retired",
        "student",
        "homeowner",
    }
)


_WORD_FORMS = frozenset(p[0] for p in _LEGAL_PHRASES if len(p) == 1)
_MISTYPED_FORMS = (
    frozenset(slip for form in _WORD_FORMS if len(form) >= 3 for slip in _slips(form))
    - _WORD_FORMS
    # words of their own ("Food Apps", "Acme Seals")
    - {"apps", "crop", "saas", "sago", "sass", "ssas", "nuff", "oops", "same", "seals", "seam"}
    - {"scoop", "sees", "sess", "sall", "ikke"}
)


def _distinct(name: str, tokens: tuple[str, ...]) -> str:
    """Return a name's distinctive words joined: the name itself when all are."""
    joined = " ".join(tokens)
    return name if joined == name else joined


# Runs of digits typed where an id was asked for and not known: "123456789".
_DUMMY_DIGITS = frozenset("1234567890"[:n] for n in range(5, 11)) | {"987654321"}
_SCIENTIFIC = re.compile(r"[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+")
_NEGATIVE = re.compile(r"-\s*\d+")


def _id_problem(value: str) -> str | None:
    """Return why an external id cell holds no id, or ``None`` when it holds one.

    CRMs and spreadsheets write many things where an id is not known: "N/A", "-",
    "nan", "unknown", "see parent", "confidential" (no digit at all: every DUNS, LEI and
    registry number has digits), zeros or one character over and over ("000000000",
    "999999999"), a run of digits ("123456789"), a negative number ("-1"); and a
    spreadsheet writes a long number in scientific notation ("1.50484E+08"), its
    digits lost. Two records that carry such a value are not the same company for it,
    and one that carries it has no id to differ from another's.
    """
    text = value.strip()
    if _SCIENTIFIC.fullmatch(text):
        return "a number a spreadsheet wrote in scientific notation, its digits lost"
    kept = "".join(c for c in text.upper() if c.isalnum())
    if (
        not any(c.isdigit() for c in kept)
        or kept.strip("0") == ""
        or (len(kept) >= 5 and kept == kept[0] * len(kept))
        or kept in _DUMMY_DIGITS
        or _NEGATIVE.fullmatch(text)
    ):
        return "a placeholder"
    return None


def _placeholder_id(value: str) -> bool:
    """Whether an external id cell holds no id (see :func:`_id_problem`)."""
    return _id_problem(value) is not None


def _usable_name(key: str) -> str:
    """Return the name key, or '' for a placeholder or a name that is only a legal form."""
    key = _drop_mistyped_form(key)
    if key in PLACEHOLDER_NAMES or key in _WORD_FORMS:
        return ""
    return key


def _drop_mistyped_form(name: str) -> str:
    """Drop a last word that is a mistyped legal form ("Slashy LLLC", "Humoniq Copr")."""
    words = name.split()
    if len(words) >= 2 and words[-1] in _MISTYPED_FORMS:
        return " ".join(words[:-1])
    return name


# (name key, domain keys, ignored domain pieces, brand labels, distinctive words,
#  the distinctive words joined): what matching needs of a record's name and website.
_Keys = tuple[
    str, tuple[str, ...], tuple[tuple[str, str], ...], tuple[str, ...], tuple[str, ...], str
]


def _record_key(name: str, domains: _Domains) -> _Keys:
    """Return the keys of one record: its name, and its website as ``_read_domains`` read it.

    The one place these keys are made, whether a reader makes them while it reads
    (``cocorev.match._known_keys`` finds them) or the matcher makes them itself. Each
    distinctive word is interned here, where the keys are made: keys made on a worker
    then travel with each word once per batch, and arrive sharing it (see
    :func:`_held_once`).
    """
    key = _usable_name(normalize_name(name))
    tokens = tuple(map(sys.intern, distinctive_tokens(key)))
    keys, ignored, brands = domains
    # A name made of distinctive words only is its own joined form: one string.
    return key, keys, ignored, brands, tokens, _distinct(key, tokens)


def _record_keys(
    names: Sequence[str], websites: Sequence[str | None], free_mail: frozenset[str]
) -> list[_Keys]:
    """Return :func:`_record_key` of each record."""
    extra = _extra_free_mail(free_mail) if free_mail else frozenset()
    return [
        _record_key(name, _read_domains(website, extra))
        for name, website in zip(names, websites, strict=True)
    ]


@frozen
class _ReadKeys:
    """The match keys a reader made for its accounts, tied to the very tuple they are for.

    A result rebuilt with other accounts (``attrs.evolve(result, accounts=...)``), even
    as many, holds another tuple: its keys no longer apply and are not used.
    """

    accounts: tuple[object, ...]
    keys: tuple[_Keys, ...]

    def of(self, accounts: object) -> tuple[_Keys, ...] | None:
        """Return the keys if ``accounts`` is the very tuple they were made for."""
        return self.keys if accounts is self.accounts else None


def _held_once(keys: _Keys) -> _Keys:
    """Return a record's keys with each distinctive word held once in this process.

    However many names carry a word ("global": tens of thousands at a million records),
    it is then one string; keys made on a worker arrive with copies of their own.
    """
    name, domains, ignored, brands, tokens, distinct = keys
    return name, domains, ignored, brands, tuple(map(sys.intern, tokens)), distinct
