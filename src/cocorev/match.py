"""Entity matching of company records: blocking, scoring and conflict resolution.

Two records are the same company when they share a registered domain, or when their
normalised names agree closely enough (and no stronger signal contradicts them).
Candidate pairs come from blocking on domain keys and on name tokens, so the cost
grows with the size of the inputs, never with their product.

Example:
    >>> from cocorev.models import Account, Stage
    >>> ours = [Account(id="1", name="Acme Widgets Inc.", website="www.acme-widgets.com",
    ...                 stage=Stage.CUSTOMER)]
    >>> theirs = [Account(id="x", name="ACME WIDGETS", website="https://acme-widgets.com/about",
    ...                   stage=Stage.LEAD)]
    >>> result = match_accounts(ours, theirs)
    >>> result[0].ours.id, result[0].theirs.id, result[0].evidence.rule
    ('1', 'x', 'domain')
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from itertools import chain
from typing import Any, Literal, overload

from attrs import define, evolve, field, frozen
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from cocorev._runtime import in_processes, paused_gc
from cocorev._text import BOUNDARY, expand_symbols, fold_text, join_single_letters, tokenize
from cocorev.errors import ConfigError, InputError
from cocorev.models import Account, DomainAgreement, Match, MatchEvidence, MatchRule, _tuple
from cocorev.normalize import _LEGAL_PHRASES as _LEGAL_FORM_PHRASES
from cocorev.normalize import (
    _LETTER_FORMS,
    _TRUNCATED_PHRASES,
    _WORD_FORMS,
    _held_once,
    _Keys,
    _placeholder_id,
    _ReadKeys,
    _record_keys,
    _slips,
    _spelled_out,
    brand_label,
    distinctive_tokens,
    normalize_domain,
    normalize_name,
)

__all__ = [
    "AliasTable",
    "Conflict",
    "MatchConfig",
    "MatchResult",
    "Matcher",
    "Unusable",
    "match_accounts",
    "name_similarity",
]

Side = Literal["ours", "theirs"]


def _unit(_instance: object, attribute: object, value: float) -> None:
    if not 0.0 <= value <= 1.0:
        name = getattr(attribute, "name", "value")
        msg = f"{name} must lie between 0.0 and 1.0, got {value!r}"
        raise ConfigError(msg)


def _positive(_instance: object, attribute: object, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        name = getattr(attribute, "name", "value")
        msg = f"{name} must be a whole number of at least 1, got {value!r}"
        raise ConfigError(msg)


def _is_domain(entry: str) -> bool:
    text = entry.strip()
    return "." in text and " " not in text and not text.endswith(".")


@frozen
class AliasTable:
    """Your own record of which names and domains belong to one company.

    Each group lists the names and domains of one company (its rebrands, parents,
    subsidiaries, product domains). Entries are normalised like account names and
    domains, so ``"Facebook, Inc."`` and ``"https://www.facebook.com"`` both work.

    Attributes:
        groups: One tuple of names and domains per company.

    Example:
        >>> table = AliasTable.from_mapping({"Meta Platforms": ["Facebook", "instagram.com"]})
        >>> bool(table.groups_of("facebook", ()))
        True
    """

    groups: tuple[tuple[str, ...], ...] = field(converter=_tuple)
    _names: Mapping[str, frozenset[int]] = field(init=False, eq=False, repr=False)
    _domains: Mapping[str, frozenset[int]] = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        names: dict[str, set[int]] = defaultdict(set)
        domains: dict[str, set[int]] = defaultdict(set)
        for number, group in enumerate(self.groups):
            for entry in group:
                domain = normalize_domain(entry) if _is_domain(entry) else None
                if domain:
                    domains[domain].add(number)
                elif key := normalize_name(entry):
                    names[key].add(number)
        object.__setattr__(self, "_names", {k: frozenset(v) for k, v in names.items()})
        object.__setattr__(self, "_domains", {k: frozenset(v) for k, v in domains.items()})

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Iterable[str]]) -> AliasTable:
        """Build a table from company -> its other names and domains."""
        return cls(tuple((company, *others) for company, others in mapping.items()))

    def groups_of(self, name_key: str, domain_keys: Iterable[str]) -> frozenset[int]:
        """Return the groups a record with this name key and these domain keys is in."""
        found: set[int] = set(self._names.get(name_key, ()))
        for key in domain_keys:
            found.update(self._domains.get(key, ()))
        return frozenset(found)


def _pair_set(value: Iterable[tuple[str, str]]) -> frozenset[tuple[str, str]]:
    return frozenset((str(a), str(b)) for a, b in value)


def _domain_set(value: Iterable[str]) -> frozenset[str]:
    return frozenset(d.strip().lower() for d in value)


@frozen(kw_only=True)
class MatchConfig:
    """Thresholds and switches of the matcher.

    Attributes:
        accept: Pairs with at least this confidence are matches.
        review: Pairs from this confidence up to ``accept`` are review candidates.
        name_threshold: Least name similarity (0 to 1) for a name-only match.
        use_names: Match on names where domains do not decide.
        free_mail: Extra domains never to treat as identity evidence.
        max_block: Name words carried by more records than this never block
            (a word that common says nothing about identity).
        workers: Processes to normalise large inputs on (1: this process only).
        aliases: Your own table of other names and domains of companies (rebrands,
            parents and subsidiaries): records it ties together match as ``alias``.
        do_not_match: ``(our id, their id)`` pairs never to match, such as review
            candidates a person rejected (either order).
    """

    accept: float = field(default=0.85, validator=_unit)
    review: float = field(default=0.70, validator=_unit)
    name_threshold: float = field(default=0.90, validator=_unit)
    use_names: bool = True
    free_mail: frozenset[str] = field(default=frozenset(), converter=_domain_set)
    max_block: int = field(default=100, validator=_positive)
    workers: int = field(default=1, validator=_positive)
    aliases: AliasTable | None = None
    do_not_match: frozenset[tuple[str, str]] = field(default=frozenset(), converter=_pair_set)

    def __attrs_post_init__(self) -> None:
        if self.review > self.accept:
            msg = f"review ({self.review}) must not exceed accept ({self.accept})"
            raise ConfigError(msg)


@frozen(kw_only=True)
class Conflict:
    """A match dropped because a better one claimed the same record.

    Attributes:
        kept: The match that won.
        dropped: The match that lost.
        reason: Why.
    """

    kept: Match
    dropped: Match
    reason: str


@frozen(kw_only=True)
class Unusable:
    """A record that could take no part in matching, and why.

    Attributes:
        account: The record.
        side: Which input it came from.
        reason: Why it could not be matched.
    """

    account: Account
    side: Side
    reason: str


@frozen(kw_only=True)
class MatchResult(Sequence[Match]):
    """What a matching run found. Iterating it gives the matches.

    Attributes:
        matches: Accepted matches, ordered by our id, then their id.
        candidates: Pairs in the review band, same order.
        conflicts: Matches dropped in conflict resolution.
        unusable: Records with neither a usable name nor a usable domain.
    """

    matches: tuple[Match, ...] = field(converter=_tuple)
    candidates: tuple[Match, ...] = field(default=(), converter=_tuple)
    conflicts: tuple[Conflict, ...] = field(default=(), converter=_tuple)
    unusable: tuple[Unusable, ...] = field(default=(), converter=_tuple)

    @overload
    def __getitem__(self, index: int) -> Match: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Match]: ...
    def __getitem__(self, index: int | slice) -> Match | Sequence[Match]:
        return self.matches[index]

    def __len__(self) -> int:
        return len(self.matches)

    def __iter__(self) -> Iterator[Match]:
        return iter(self.matches)


@frozen
class _Prepared:
    """One side's records with their keys, computed once."""

    accounts: tuple[Account, ...]
    names: tuple[str, ...]
    tokens: tuple[tuple[str, ...], ...]
    domains: tuple[tuple[str, ...], ...]
    brands: tuple[tuple[str, ...], ...]
    distinct: tuple[str, ...]
    ignored: tuple[tuple[tuple[str, str], ...], ...]
    ids: tuple[tuple[tuple[str, str], ...], ...]
    groups: tuple[frozenset[int], ...]


def name_similarity(a: str, b: str) -> float:
    """Return how alike two normalised names are, from 0.0 to 1.0.

    The larger of the plain edit-distance ratio and the token-sort ratio, so word
    order does not matter but extra words do (unlike a token-set score, a name is never
    "equal" to a longer name that merely contains it). An "and" one name leaves out
    ("Marks & Spencer" / "Marks Spencer") is no other word: the names are also compared
    without it.

    Example:
        >>> name_similarity("acme widgets", "widgets acme")
        1.0
        >>> name_similarity("marks and spencer", "marks spencer")
        1.0
        >>> name_similarity("data systems", "advanced data systems and data services") < 0.7
        True
    """
    if not a or not b:
        return 0.0
    score = max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))
    if score < 100 and (" and " in a) != (" and " in b):
        a, b = a.replace(" and ", " "), b.replace(" and ", " ")
        score = max(score, fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))
    return round(score / 100.0, 4)


def _typo(a: str, b: str) -> bool:
    """Whether two words of 5+ letters differ by one common typing slip.

    Two neighbouring letters swapped ("hakcpad" / "hackpad") or one letter doubled
    ("vaulttpay" / "vaultpay"); a different letter ("sonic" / "sonia") is no typo.
    """
    if len(a) < 5 or len(b) < 5 or abs(len(a) - len(b)) > 1 or a == b:
        return False
    if Indel.distance(a, b, score_cutoff=2) > 2:
        return False  # a swap is two edits, a doubled letter one
    if len(a) == len(b):
        diff = [k for k in range(len(a)) if a[k] != b[k]]
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return any(
        longer[k] == longer[k + 1] and longer[:k] + longer[k + 1 :] == shorter
        for k in range(len(longer) - 1)
    )


def _same_but_typos(a: str, b: str) -> bool:
    """Whether two names have the same words but for typing slips."""
    left, right = a.split(), b.split()
    return (
        a != b
        and len(left) == len(right)
        and all(x == y or _typo(x, y) for x, y in zip(left, right, strict=True))
    )


def _prefixes(name: str) -> list[str]:
    """Return the proper word-prefixes of a name key: "a b c" gives "a" and "a b"."""
    prefixes = []
    end = name.find(" ")  # a name key is its words joined by single spaces
    while end != -1:
        prefixes.append(name[:end])
        end = name.find(" ", end + 1)
    return prefixes


@functools.lru_cache(maxsize=1 << 18)
def _letters(word: str) -> str:
    """Return the letters of ``word`` sorted, doubled letters once: slip-proof."""
    return "".join(sorted(set(word)))


def _token_agrees(token: str, others: Sequence[str], joined: str) -> bool:
    if token in others or (len(token) >= 4 and token in joined):
        return True
    # A slip leaves the length within one letter.
    size = len(token)
    if any(abs(len(other) - size) <= 1 and _typo(token, other) for other in others):
        return True
    return size >= 5 and any(len(o) >= 5 and fuzz.ratio(token, o) >= 85 for o in others)


def _site_of(domain: str, name: str) -> bool:
    """Whether the domain's brand is the name, or its initials ("nhs" for NHS)."""
    brand = brand_label(domain).replace("-", "")
    words = name.split()
    joined = "".join(words)
    initials = "".join(w[0] for w in words if w not in ("and", "of", "the"))
    if not joined:
        return False
    if len(brand) < 3:
        return brand == joined
    return brand in (joined, initials) or brand in joined or joined in brand


def _begins(a: str, b: str) -> bool:
    """Whether the shorter name, with a distinctive word, is the first words of the other."""
    short, long = sorted((a.split(), b.split()), key=len)
    return (
        bool(short)
        and len(short) < len(long)
        and long[: len(short)] == short
        and bool(distinctive_tokens(" ".join(short)))
    )


def _generic_extension(a: str, b: str) -> bool:
    """Whether one name is the other followed by generic words only ("cigna group")."""
    short, long = sorted((a.split(), b.split()), key=len)
    if not short or len(short) == len(long) or long[: len(short)] != short:
        return False
    return not distinctive_tokens(" ".join(long[len(short) :]))


def _raw_words(name: str) -> list[str]:
    """Return the words of a raw name as the normaliser sees them, nothing removed.

    Case and accents folded, ``&`` spelled ``and``, single letters joined ("S.A." gives
    "sa"), a leading "The" dropped; legal forms stay.
    """
    tokens = join_single_letters(
        _spelled_out(tokenize(expand_symbols(fold_text(name)))), _LETTER_FORMS
    )
    words = [token for token in tokens if token != BOUNDARY]
    return words[1:] if words[:1] == ["the"] else words


def _form_word(word: str) -> bool:
    """Whether a word is (part of) a legal form, or one typing slip away from one."""
    return word in _FORM_WORDS or word in _FORM_SLIPS


def _around_key(raw: str, key: str) -> list[str] | None:
    """Return the words a raw name has after or before its key; ``None`` if neither."""
    words, keys = _raw_words(raw), key.split()
    size = len(keys)
    if words[:size] == keys:
        return words[size:]
    if size and words[-size:] == keys:
        return words[:-size]
    return None


def _form_words(raw: str, key: str) -> frozenset[str]:
    """Return the legal-form words a raw name carries around its key ("Acme Ltd": ltd)."""
    rest = _around_key(raw, key)
    return frozenset(w for w in rest or () if w in _LEGAL_WORDS)


def _forms_agree(a_raw: str, a: str, b_raw: str, b: str) -> bool:
    """Whether two names are both given with a legal form, and their forms share a word."""
    a_forms = _form_words(a_raw, a)
    return bool(a_forms) and not a_forms.isdisjoint(_form_words(b_raw, b))


def _legal_name(raw: str, key: str) -> bool:
    """Whether a name is given in full: its key with a legal form only, after or before it.

    "Alpine Aviation, Inc.", "Rural Gas Company, The", a form cut short ("Jain Iron
    Corpor") and a form before the name ('SIA "Privacy"', "OOO Romashka") are;
    "Alpine Aviation", "Hartford (The)", "Xylem Inc. Common Stock" (the form is not at
    the end) and "Luciq (formerly Instabug)" are not.
    """
    rest = _around_key(raw, key)
    if not rest or rest == ["the"]:
        return False
    return all(w in _LEGAL_WORDS or w in _FORM_SLIPS or w == "the" for w in rest)


def _extension(a: str, b: str) -> tuple[bool, list[str]] | None:
    """Return whether ``a`` is the shorter, and the words the longer adds after it.

    The longer name begins with the words of the shorter, or with them run together
    ("northsea offshore services" / "north sea offshore"); None if neither begins
    the other.
    """
    a_letters, b_letters = a.replace(" ", ""), b.replace(" ", "")
    for joined, long_letters, long_name, a_shorter in (
        (a_letters, b_letters, b, True),
        (b_letters, a_letters, a, False),
    ):
        if len(long_letters) <= len(joined) or not long_letters.startswith(joined):
            continue  # the longer's letters must begin with the shorter's, and go on
        long = long_name.split()
        for k in range(1, len(long)):
            head = "".join(long[:k])
            if head == joined:
                return a_shorter, long[k:]
            if len(head) >= len(joined):
                break
    return None


def _legal_names_extend(
    a: str, a_raw: str, b: str, b_raw: str, found: tuple[bool, list[str]] | None
) -> bool:
    """Whether the shorter name is given in full and the longer adds words of its own.

    "Alpine Aviation, Inc." / "Alpine Aviation Express LLC", "Greenply Industries
    Limited" / "Greenply Industries Limited Employees Gratuity Trust": a name written
    with its legal form is no shortening of a longer one, so the longer names another
    registration (a subsidiary, a fund, a stranger). "Costco" / "Costco Wholesale
    Corporation" is not such a pair, nor is a listing's remark after the name ("Xylem
    Inc." / "Xylem Inc. Common Stock New"), nor a mistyped form. ``found`` is
    ``_extension(a, b)``.
    """
    if found is None or not _REMARK_WORDS.isdisjoint(found[1]):
        return False
    a_shorter, extra = found
    short, short_raw = (a, a_raw) if a_shorter else (b, b_raw)
    return not _form_remnant(extra, short, short_raw) and _legal_name(short_raw, short)


def _mistyped_form_only(
    a: str, a_raw: str, b: str, b_raw: str, found: tuple[bool, list[str]] | None
) -> bool:
    """Whether one name is the other plus a mistyped legal form ("Mall Constructions Priate").

    The normaliser drops legal forms it knows; what a typing slip spoils ("Privat",
    "Ic.", "S.R.LL.") stays behind in the name. ``found`` is ``_extension(a, b)``.
    """
    if found is None:
        return False
    short, short_raw = (a, a_raw) if found[0] else (b, b_raw)
    return _form_remnant(found[1], short, short_raw)


def _form_remnant(words: list[str], short: str, short_raw: str) -> bool:
    """Whether words are what a typing slip left of the shorter name's own legal form.

    The longer name is the shorter plus these words, and they are its form spoiled by
    one slip: letters doubled, swapped or left out, in one word ("Priate" of "Private
    Limited", "Ic." of "Inc.") or across the words of the form ("ss.r.o." of "s.r.o.",
    "B" of "AB"), or a form of four letters or more mistyped ("Cop." of "Corp."). A
    shorter name without form may have lost any ("Coo." of "Co."). Another short
    form-like word ("Quantum Value S.R.L." / "Quantum Value Add L.P.") is no slip: it
    names another registration.
    """
    raw_words, keys = _raw_words(short_raw), short.split()
    form = raw_words[len(keys) :] if raw_words[: len(keys)] == keys else []
    joined = "".join(words)
    if not form:
        return all(map(_form_word, words)) or any(
            joined in forms for forms in (_FORM_WORDS, _FORM_SLIPS, _JOINED_FORMS)
        )
    spans = {"".join(form[i:j]) for i in range(len(form)) for j in range(i + 1, len(form) + 1)}
    return (
        all(w in form for w in words)
        or any(joined == span or _one_slip(joined, span) for span in spans)
        or joined in _LONG_FORM_SLIPS
    )


_DIGIT = re.compile(r"\d")


@functools.lru_cache(maxsize=1 << 16)
def _series_marks(name: str) -> tuple[str, ...]:
    """Return the numbers and Roman numerals of a name key: what numbers a series.

    "carlyle partners vi" gives ("vi",), "trust series 2005 a" gives ("2005", "a") (a
    letter after a number is part of it), "eos energy 4sarl" gives ("4",): a legal
    form the normaliser joined to a number is not part of it. Single "i", "v" and "x"
    are initials as often as numerals.
    """
    marks: list[str] = []
    previous = ""
    for word in name.split():
        if _DIGIT.search(word):
            marks.append(_without_form(word))
        elif (len(word) >= 2 and _ROMAN_NUMERAL.fullmatch(word)) or (
            len(word) == 1 and previous.isdigit()
        ):
            marks.append(word)
        previous = word
    return tuple(sorted(marks))


def _without_form(word: str) -> str:
    """Return a word with digits without the legal form joined to its end ("2clp" -> "2c")."""
    for k in range(1, len(word)):
        tail = word[k:]
        if tail.isalpha() and any(
            tail in forms for forms in (_FORM_WORDS, _JOINED_FORMS, _FORM_SLIPS, _SHORT_FORM_SLIPS)
        ):
            return word[:k]
    return word


def _reordered(a: str, b: str, a_raw: str, b_raw: str) -> bool:
    """Whether two names are the same words in another order ("Green Invest" / "Invest Green").

    A name written inverted, its first words last after a comma or in brackets
    ("Lilly (Eli)" / "Eli Lilly", "Hartford, The"), is not reordered; a comma before a
    legal form ("Data First, LLC") inverts nothing.
    """
    if a == b or sorted(a.split()) != sorted(b.split()):
        return False
    return not (_inverted(a, a_raw, b) or _inverted(b, b_raw, a))


def _inverted(key: str, raw: str, other: str) -> bool:
    """Whether ``raw`` writes ``other`` inverted: its end first, its start after "," or "("."""
    head = normalize_name(re.split(r"[,(]", raw, maxsplit=1)[0])
    rest = key.removeprefix(head + " ")
    return bool(head) and rest != key and other == f"{rest} {head}"


def _slip_apart(a: str, b: str) -> bool:
    """Whether two names differ only as a typing slip leaves them.

    Other spacing ("optify eai" / "optifye ai"); one word one slip off: a letter left
    out or added, or two swapped ("sahar" / "sahara", "van der" / "van de"); or one
    connecting word more ("chubb fire and security" / "chubb fire security"). A name
    word more ("real select secondary office" / "real select secondary"), a letter
    more ("a van der wal beheer", "shiv e retail"), a different letter ("sonic" /
    "sonia") or a word changed more ("praetoria" / "petoria") is no slip.
    """
    if a.replace(" ", "") == b.replace(" ", ""):
        return True
    left, right = a.split(), b.split()
    if len(left) == len(right):
        diffs = [(x, y) for x, y in zip(left, right, strict=True) if x != y]
        return (
            len(diffs) == 1
            and _one_slip(*diffs[0])
            and not (len(left) <= 2 and _initials_apart(*diffs[0]))
        )
    short, long = sorted((left, right), key=len)
    if len(long) != len(short) + 1:
        return False
    return any(
        long[:k] + long[k + 1 :] == short and long[k] in _CONNECTORS for k in range(len(long))
    )


def _initials_apart(a: str, b: str) -> bool:
    """Whether two short words a letter apart are initials, and so other companies.

    "hsbc" / "sbc", "kpmg" / "pmg", "rccl" / "ccl": words of five letters or fewer
    without a vowel are initials, and initials a letter apart name another company, not
    a typing slip, in a name of two words at most: in a longer name ("dfds transport
    indonesia" / "dfdss transport indonesia") the other words make it a slip. A word
    that lost its one vowel ("plnt" of "plant") is a slip.
    """
    return all(len(w) <= 5 and _VOWELS.isdisjoint(w) for w in (a, b))


_VOWELS = frozenset("aeiouy")


def _slips_to(token: str, words: Sequence[str]) -> bool:
    """Whether a word is one typing slip from one of ``words`` (within one letter of length)."""
    size = len(token)
    return size >= 3 and any(
        len(w) >= 3 and len(w) + size >= 7 and abs(len(w) - size) <= 1 and _one_slip(token, w)
        for w in words
    )


def _one_slip(a: str, b: str) -> bool:
    """Whether two words differ by one typing slip.

    A letter left out or added (doubled letters too), or two neighbouring letters
    swapped. A different letter is no slip.
    """
    if Indel.distance(a, b) == 1:
        return True
    if len(a) != len(b):
        return False
    diff = [k for k in range(len(a)) if a[k] != b[k]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]


def _written_as_word(raw: str) -> bool:
    """Whether a name's first word is written as a word ("Gist"), not as initials ("GIST")."""
    words = raw.split()
    first = words[0] if words else ""
    return len(first) >= 3 and first[0].isupper() and first[1:].isalpha() and first[1:].islower()


# Letters whose plain-Latin spelling is two letters (ä ae, ö oe, ü ue, ø oe, å aa, and
# the South Slavic đ dj), where folding accents gives one; and that spelling folded back
# to one letter.
_UMLAUT_LETTERS = frozenset("äöüøåđÄÖÜØÅĐ")
_DIGRAPHS = (("ae", "a"), ("oe", "o"), ("ue", "u"), ("aa", "a"), ("dj", "d"))


def _umlauts_folded(name: str) -> str:
    """Return a name key with umlauts written out folded to one letter: "mueller" -> "muller"."""
    for digraph, letter in _DIGRAPHS:
        if digraph in name:
            name = name.replace(digraph, letter)
    return name


def _umlauts_written_out(a: str, b: str, a_raw: str, b_raw: str) -> bool:
    """Whether two name keys differ only where one raw name has umlauts the other writes out.

    "Müller GmbH" / "Mueller GmbH", "Møller" / "Moeller", "Århus" / "Aarhus", "Đorđević" /
    "Djordjevic". Keys fold
    accents ("muller"), and ASCII-only systems write "mueller": one name, spelled two
    ways. Names without such a letter ("Boeing" / "Boing") are never taken for it.
    """
    if a == b or (a_raw.isascii() and b_raw.isascii()):
        return False
    if _UMLAUT_LETTERS.isdisjoint(a_raw) and _UMLAUT_LETTERS.isdisjoint(b_raw):
        return False
    return _umlauts_folded(a) == _umlauts_folded(b)


@functools.lru_cache(maxsize=64)
def _words_agree(a_tokens: tuple[str, ...], b_tokens: tuple[str, ...], a: str, b: str) -> bool:
    """Whether the distinctive words of two names agree.

    Remembered for the last pairs: :meth:`Matcher._out_of_reach` and the rules ask it
    of the same pair one after the other.

    They agree when both names have distinctive words that run together alike
    ("jpmorgan chase" / "jp morgan chase"), or when each distinctive word of each name
    has a counterpart among the other's distinctive words (the same word, a part of
    them, a typing slip of one) or is one slip from any word of the other name. A slip
    can make a generic word look distinctive ("rettail", "loistics", "oill"): such a word
    agrees with the word one letter off ("retail", "logistics", "oil"), even where that
    name has no distinctive word at all. Two names without distinctive words never agree.
    """
    if not a_tokens and not b_tokens:
        return False
    joined_a, joined_b = "".join(a_tokens), "".join(b_tokens)
    if a_tokens and b_tokens and joined_a == joined_b:
        return True
    a_words, b_words = a.split(), b.split()
    return all(
        _token_agrees(t, b_tokens, joined_b) or _slips_to(t, b_words) for t in a_tokens
    ) and all(_token_agrees(t, a_tokens, joined_a) or _slips_to(t, a_words) for t in b_tokens)


@define
class Matcher:
    """A configured matcher, reusable across calls.

    Example:
        >>> matcher = Matcher(MatchConfig(accept=0.9))
        >>> matcher.config.accept
        0.9
    """

    config: MatchConfig = field(factory=MatchConfig)

    def match(self, ours: Iterable[Account], theirs: Iterable[Account]) -> MatchResult:
        """Match our accounts against theirs.

        Args:
            ours: Our accounts; ids must be unique.
            theirs: The other side's accounts; ids must be unique.

        Returns:
            Matches, review candidates, resolved conflicts and unusable records.

        Raises:
            InputError: Duplicate ids on one side.
        """
        with paused_gc():
            left = self._prepare(tuple(ours), "ours", _known_keys(ours))
            return self._match_prepared(left, tuple(theirs), _known_keys(theirs))

    def _match_prepared(
        self,
        left: _Prepared,
        theirs: tuple[Account, ...],
        keys: Sequence[_Keys] | None = None,
    ) -> MatchResult:
        """Match our prepared side (prepared once for many partners) against theirs."""
        right = self._prepare(theirs, "theirs", keys)
        return self._decide(left, right, self._score_pairs(left, right))

    def _prepare(
        self, accounts: tuple[Account, ...], side: Side, keys: Sequence[_Keys] | None = None
    ) -> _Prepared:
        """Return one side's records with their keys.

        ``keys`` are the records' keys worked out beforehand (the reader does it while it
        reads, see :func:`_known_keys`); they are worked out here when missing, or when
        the configuration's own free-mail domains change what a domain key is.
        """
        seen: set[str] = set()
        for account in accounts:
            if account.id in seen:
                msg = f"duplicate account id {account.id!r} in {side}"
                raise InputError(msg, column="id", value=account.id)
            seen.add(account.id)
        if keys is None or len(keys) != len(accounts) or self.config.free_mail:
            keys = self._keys([a.name for a in accounts], [a.website for a in accounts])
        names = tuple(k[0] for k in keys)
        domains = tuple(k[1] for k in keys)
        tokens = tuple(k[4] for k in keys)
        aliases = self.config.aliases
        return _Prepared(
            accounts=accounts,
            names=names,
            tokens=tokens,
            domains=domains,
            brands=tuple(k[3] for k in keys),
            distinct=tuple(k[5] for k in keys),
            ignored=tuple(k[2] for k in keys),
            ids=tuple(_identifiers(a) for a in accounts),
            groups=tuple(
                aliases.groups_of(name, doms) if aliases else frozenset()
                for name, doms in zip(names, domains, strict=True)
            ),
        )

    def _keys(self, names: list[str], websites: list[str | None]) -> Sequence[_Keys]:
        """Normalise names and domains, on several processes for large inputs."""
        workers = self.config.workers
        size = len(names)
        if workers <= 1 or size < _PARALLEL_MIN:
            return list(map(_held_once, _record_keys(names, websites, self.config.free_mail)))
        step = max(1, -(-size // (workers * _CHUNKS_PER_WORKER)))
        chunks = [range(i, min(i + step, size)) for i in range(0, size, step)]
        state = (names, websites, self.config.free_mail)
        parts = in_processes(state, _record_keys_of, chunks, workers)
        return [_held_once(k) for part in parts for k in part]

    def _score_pairs(self, left: _Prepared, right: _Prepared) -> list[_Scored]:
        """Find and score the candidate pairs, our records split in chunks.

        Large inputs are scored on ``config.workers`` processes; each chunk of our
        records is independent of the others, so the result is the same either way.
        """
        plan = _Plan.build(self, left, right)
        size = len(left.names)
        workers = self.config.workers
        if workers <= 1 or size + len(right.names) < _PARALLEL_MIN:
            return _scored_chunk(plan, range(size))
        step = max(1, -(-size // (workers * _CHUNKS_PER_WORKER)))
        chunks = [range(i, min(i + step, size)) for i in range(0, size, step)]
        parts = in_processes(plan, _scored_chunk, chunks, workers)
        return [scored for part in parts for scored in part]

    def _score(
        self, left: _Prepared, i: int, right: _Prepared, j: int, frequency: Mapping[str, int]
    ) -> Match | None:
        """Score one candidate pair; ``None`` when it is not even a review candidate."""
        verdict = self._verdict(left, i, right, j, frequency)
        if verdict is None:
            return None
        return _to_match(left, right, (i, j, *verdict))

    def _verdict(
        self, left: _Prepared, i: int, right: _Prepared, j: int, frequency: Mapping[str, int]
    ) -> _Verdict | None:
        """Score one candidate pair; ``None`` when it is not even a review candidate.

        Returns (confidence, rule, name score, domain agreement, shared domain, signals):
        plain values, cheap to send between processes.
        """
        refused = self.config.do_not_match
        if refused:
            a_id, b_id = left.accounts[i].id, right.accounts[j].id
            if (a_id, b_id) in refused or (b_id, a_id) in refused:
                return None
        a_name, b_name = left.names[i], right.names[j]
        name_score = name_similarity(a_name, b_name)
        if self._out_of_reach(left, i, right, j, name_score):
            return None
        rule, agreement, shared, confidence, reasons = self._base_score(
            left, i, right, j, name_score, frequency
        )
        # User-owned aliases: evidence of their own kind, above names and domains.
        alias = bool(left.groups[i] & right.groups[j])
        if alias:
            rule, confidence = "alias", max(confidence, 0.97)
        # External ids outrank every other signal when both sides carry the same kind.
        same_id = different_ids = ""
        same_kinds = {k for k, _ in left.ids[i]} & {k for k, _ in right.ids[j]}
        if same_kinds:
            equal = sorted(set(left.ids[i]) & set(right.ids[j]))
            if equal:
                rule, confidence = "identifier", 1.0
                same_id = f"same {equal[0][0]} {equal[0][1]}"
            elif rule in ("name", "brand_variant"):
                return None  # different ids veto a match on names
            else:
                kinds = ", ".join(sorted(same_kinds))
                different_ids = f"different {kinds}: divisions or subsidiaries of one company?"
                confidence = min(confidence, 0.9)
        weak_name = rule in ("name", "brand_variant") and name_score < self.config.name_threshold
        if weak_name and not _NAME_RULES & set(reasons):
            # Below the name threshold a name can at most make a review candidate.
            confidence = min(confidence, self.config.accept - 0.01)
        same_form = ""
        if (
            rule == "name"
            and confidence >= self.config.accept
            and _forms_agree(left.accounts[i].name, a_name, right.accounts[j].name, b_name)
        ):
            # Of names equally alike, the one given with the same legal form is the
            # likelier same registration ("Nordic Aviation Capital A/S" / "... A/S"
            # before "... Designated Activity Company"): a step too small to do more.
            confidence += _SAME_FORM
            same_form = "the same legal form"
        confidence = round(max(0.0, min(1.0, confidence)), 4)
        if confidence < self.config.review:
            return None
        # The signals, strongest first; written only for the pairs that are kept.
        signals = [
            *reasons[:1],
            f"name similarity {name_score:.2f} ({a_name!r} vs {b_name!r})",
            *reasons[1:],
            *(f"{piece!r} ignored: {why}" for piece, why in (*left.ignored[i], *right.ignored[j])),
        ]
        if same_form:
            signals.append(same_form)
        if alias:
            signals.insert(0, "listed as one company in the alias table")
        if same_id:
            signals.insert(0, same_id)
        elif different_ids:
            signals.insert(1, different_ids)
        shared_domain = shared[0] if shared else None
        return confidence, rule, name_score, agreement, shared_domain, tuple(signals)

    def _out_of_reach(
        self, left: _Prepared, i: int, right: _Prepared, j: int, name_score: float
    ) -> bool:
        """Whether no rule can make this pair even a review candidate: a quick way out.

        Most candidate pairs at scale are alike names of two companies ("excel retail" /
        "extent retail", "tasman technology" / "tampa technology") with different or
        missing domains. For these, the rules of :meth:`_rules` and :meth:`_base_score`
        give at most ``0.7 * name_score`` (different domains), ``0.95 * name_score``
        (names whose distinctive words agree) or ``0.6 * name_score`` (names whose
        words do not), unless one of the signals below is there; this tells so without
        working out the rules. It never turns away a pair the rules would keep: where a
        signal could raise the confidence (a shared domain or brand, the same name,
        umlauts written out, alias groups or external ids on both, one name beginning
        the other, initials, typing slips, other spacing), it says no.
        """
        if (left.groups[i] and right.groups[j]) or (left.ids[i] and right.ids[j]):
            return False
        a_name, b_name = left.names[i], right.names[j]
        if a_name == b_name:
            return False
        a_dom, b_dom = left.domains[i], right.domains[j]
        review = self.config.review
        if a_dom and b_dom:
            if not set(a_dom).isdisjoint(b_dom) or not set(left.brands[i]).isdisjoint(
                right.brands[j]
            ):
                return False
            if round(0.7 * name_score, 4) >= review:  # "different" domains
                return False
        else:
            if round(0.6 * name_score, 4) >= review:
                return False
            if round(0.95 * name_score, 4) >= review and _words_agree(
                left.tokens[i], right.tokens[j], a_name, b_name
            ):
                return False
            if (
                _extension(a_name, b_name) is not None  # begins, extensions, mistyped forms
                or a_name.replace(" ", "") == b_name.replace(" ", "")  # other spacing
                or _acronym(a_name, b_name)
                or _same_but_typos(a_name, b_name)
            ):
                return False
        return not _umlauts_written_out(
            a_name, b_name, left.accounts[i].name, right.accounts[j].name
        )

    def _base_score(
        self,
        left: _Prepared,
        i: int,
        right: _Prepared,
        j: int,
        name_score: float,
        frequency: Mapping[str, int],
    ) -> tuple[MatchRule, DomainAgreement, list[str], float, list[str]]:
        """Return (rule, domain agreement, shared domains, confidence, reasons).

        The rules of :meth:`_rule_score`, then what a name match must also pass:
        names that differ by a number or Roman numeral are two entities of a series;
        a mistyped legal form is a typing slip; a first word written as a word
        ("Gist") is no acronym. At most review candidates are: a name longer than
        another given with its legal form (that one is no shortening), words in
        another order, and alike names further apart than one typing slip. These
        coincidences grow with the size of the lists; a person tells them apart.
        """
        rule, agreement, shared, confidence, reasons = self._rule_score(
            left, i, right, j, name_score, frequency
        )
        if rule != "name" or agreement == "different" or _UMLAUTS in reasons:
            return rule, agreement, shared, confidence, reasons
        a_name, b_name = left.names[i], right.names[j]
        a_raw, b_raw = left.accounts[i].name, right.accounts[j].name
        found = _extension(a_name, b_name)
        mistyped = _mistyped_form_only(a_name, a_raw, b_name, b_raw, found)
        if (
            round(confidence, 4) < self.config.review
            and not mistyped
            and not (left.groups[i] and right.groups[j])
            and not (left.ids[i] and right.ids[j])
        ):
            # The rules below only lower a confidence, and nothing else can raise
            # this one to a review candidate: most pairs scored at scale end here.
            return rule, agreement, shared, confidence, reasons
        remark = found is not None and not _REMARK_WORDS.isdisjoint(found[1])
        if not remark and _series_marks(a_name) != _series_marks(b_name):
            # "Fund II" / "Fund III", "Trust 2013" / "Trust 2014": one series, two entities.
            return rule, agreement, shared, min(confidence, 0.5), [_SERIES]
        if mistyped:
            shorter = min(a_name, b_name, key=len)
            sure = bool(distinctive_tokens(shorter)) or len(shorter.split()) >= 2
            return rule, agreement, shared, max(confidence, 0.9 if sure else 0.75), [_TYPO]
        cap = _review_cap(self.config.accept)  # a review candidate at most
        if _ACRONYM in reasons:
            short_raw = a_raw if len(a_name.split()) <= len(b_name.split()) else b_raw
            if _written_as_word(short_raw):
                return rule, agreement, shared, min(confidence, 0.6 * name_score), []
            if _legal_name(a_raw, a_name) and _legal_name(b_raw, b_name):
                return rule, agreement, shared, min(confidence, cap), [*reasons, _TWO_NAMES]
        if confidence > cap and _legal_names_extend(a_name, a_raw, b_name, b_raw, found):
            return rule, agreement, shared, cap, [*reasons, _LEGAL_NAMES]
        if confidence > cap and _reordered(a_name, b_name, a_raw, b_raw):
            return rule, agreement, shared, cap, [*reasons, _REORDERED]
        if (
            confidence > cap
            and not reasons
            and sorted(a_name.split()) != sorted(b_name.split())
            and not _slip_apart(a_name, b_name)
        ):
            # Alike, but not as a typing slip leaves a name: "Real Select Secondary" /
            # "Real Select Secondary Office", "Praetoria" / "Petoria".
            return rule, agreement, shared, cap, [_NOT_SLIP]
        return rule, agreement, shared, confidence, reasons

    def _rule_score(
        self,
        left: _Prepared,
        i: int,
        right: _Prepared,
        j: int,
        name_score: float,
        frequency: Mapping[str, int],
    ) -> tuple[MatchRule, DomainAgreement, list[str], float, list[str]]:
        """Return (rule, domain agreement, shared domains, confidence, reasons).

        Two names that differ only in umlauts written out ("Müller" / "Mueller") are
        one name to every rule.
        """
        a_name, b_name = left.names[i], right.names[j]
        spelled = _umlauts_written_out(
            a_name, b_name, left.accounts[i].name, right.accounts[j].name
        )
        found = self._rules(left, i, right, j, 1.0 if spelled else name_score, frequency, spelled)
        if spelled and found[0] != "domain":
            return (*found[:4], [*found[4], _UMLAUTS])
        return found

    def _rules(
        self,
        left: _Prepared,
        i: int,
        right: _Prepared,
        j: int,
        name_score: float,
        frequency: Mapping[str, int],
        spelled: bool,
    ) -> tuple[MatchRule, DomainAgreement, list[str], float, list[str]]:
        """Return :meth:`_rule_score` for names ``spelled`` alike or not."""
        a_name, b_name = left.names[i], right.names[j]
        a_dom, b_dom = left.domains[i], right.domains[j]

        def tokens_agree() -> bool:
            # Worked out only where it counts: most pairs scored at scale have
            # different domains, where it rarely does.
            return spelled or _words_agree(left.tokens[i], right.tokens[j], a_name, b_name)

        shared = sorted(set(a_dom) & set(b_dom))
        if shared:
            reason = [f"same registered domain {shared[0]}"]
            if name_score >= 0.6 or tokens_agree():
                return "domain", "equal", shared, 0.99, reason
            if (
                set(left.tokens[i]) & set(right.tokens[j])
                or name_score >= 0.5
                or _site_of(shared[0], a_name)
                or _site_of(shared[0], b_name)
            ):
                return "domain", "equal", shared, 0.93, reason
            # Profiles on one platform (linkedin.com/company/...) or a parent's site:
            # a shared domain with nothing else in common is for a person to review.
            return "domain", "equal", shared, 0.8, [*reason, "but the names have nothing in common"]
        agreement: DomainAgreement
        if a_dom and b_dom:
            brands = set(left.brands[i]) & set(right.brands[j])
            agreement = "brand_variant" if brands else "different"
        elif not a_dom and not b_dom and (left.ignored[i] or right.ignored[j]):
            agreement = "not_evidence"
        else:
            agreement = "missing"
        both = f"{', '.join(a_dom)} vs {', '.join(b_dom)}"
        if agreement == "brand_variant":
            confidence = 0.93 * name_score if tokens_agree() else 0.6 * name_score
            return "brand_variant", agreement, shared, confidence, [f"brand variant: {both}"]
        exact = spelled or (bool(a_name) and a_name == b_name)
        if agreement == "different":
            confidence = 0.86 if (exact and tokens_agree()) else 0.7 * name_score
            word = a_name.replace(" ", "")
            labels = (*left.brands[i], *right.brands[j])
            if (
                exact
                and all(word in label for label in labels)
                and not all(label.partition(".")[0] == word for label in labels)
                and not (
                    _legal_name(left.accounts[i].name, a_name)
                    and _legal_name(right.accounts[j].name, b_name)
                )
            ):
                # "Delta" on delta.com and on deltafaucet.com: a shared word, two companies.
                # Not so for one legal name on both ("Baqend GmbH": baqend.com and
                # baqend-speedkit.com), nor for a shop under the name itself
                # (alphabakery.com and alphabakery.myshopify.com).
                confidence = 0.8
            return "name", agreement, shared, confidence, [f"different domains: {both}"]
        tokens_ok = tokens_agree()
        shorter = min(a_name, b_name, key=len)
        rare = frequency.get(_PREFIX + shorter, 0) <= _RARE
        if rare and _joined_extension(a_name, b_name):
            return "name", agreement, shared, 0.9, [_EXTENSION]
        if tokens_ok and rare and _generic_extension(a_name, b_name):
            return "name", agreement, shared, max(0.95 * name_score, 0.9), [_EXTENSION]
        generic_only = not left.tokens[i] or not right.tokens[j]
        unique = frequency.get(_PREFIX + shorter, 0) == 1
        if (
            generic_only
            and unique
            and len(shorter.split()) >= 2
            and _generic_extension(a_name, b_name)
        ):
            # "Digital Realty" / "Digital Realty Trust": generic words, but no other name
            # begins with them.
            return "name", agreement, shared, 0.86, [_EXTENSION]
        if frequency.get(_PREFIX + shorter, 0) == 1 and _begins(a_name, b_name):
            return "name", agreement, shared, 0.86, [_BEGINS]
        if tokens_ok and _same_but_typos(a_name, b_name):
            return "name", agreement, shared, 0.9, [_TYPO]
        if _acronym(a_name, b_name):
            return "name", agreement, shared, 0.86, [_ACRONYM]
        if tokens_ok:
            return "name", agreement, shared, 0.95 * name_score, []
        if exact and len(a_name.split()) >= 2:
            return "name", agreement, shared, 0.9, ["same name, made only of generic words"]
        if exact:
            return "name", agreement, shared, 0.75, ["same one-word generic name"]
        return "name", agreement, shared, 0.6 * name_score, []

    def _decide(self, left: _Prepared, right: _Prepared, scored: list[_Scored]) -> MatchResult:
        accept = self.config.accept
        accepted = [item for item in scored if item[2] >= accept]
        candidates = [_to_match(left, right, item) for item in scored if item[2] < accept]
        # Domain, id and alias matches stand as they are: one company may have several
        # records (divisions, locations). A match on names must be the best for both of
        # its records; equally good ones all stand (one company listed twice).
        best_left: dict[int, _Scored] = {}
        best_right: dict[int, _Scored] = {}
        for item in accepted:
            i, j, confidence = item[0], item[1], item[2]
            if i not in best_left or confidence > best_left[i][2]:
                best_left[i] = item
            if j not in best_right or confidence > best_right[j][2]:
                best_right[j] = item
        matches: list[Match] = []
        conflicts: list[Conflict] = []
        standing: list[_Scored] = []
        for item in accepted:
            i, j, confidence, rule = item[0], item[1], item[2], item[3]
            wins_left = confidence == best_left[i][2]
            wins_right = confidence == best_right[j][2]
            if _stands(rule, wins_left, wins_right):
                standing.append(item)
                continue
            kept = best_left[i] if not wins_left else best_right[j]
            conflicts.append(
                Conflict(
                    kept=_to_match(left, right, kept),
                    dropped=_to_match(left, right, item),
                    reason="a stronger match claims the same record",
                )
            )
        review = self._ties_for_review(left, right, standing)
        for item in standing:
            if (item[0], item[1]) in review:
                candidates.append(_to_match(left, right, self._for_review(item, review)))
            else:
                matches.append(_to_match(left, right, item))
        conflicts.sort(key=lambda c: _match_order(c.dropped))
        unusable = [
            Unusable(account=a, side=side, reason="neither a usable name nor a usable domain")
            for prepared, side in _sides(left, right)
            for a, name, doms in zip(
                prepared.accounts, prepared.names, prepared.domains, strict=True
            )
            if not name and not doms
        ]
        order = _match_order
        return MatchResult(
            matches=sorted(matches, key=order),
            candidates=sorted(candidates, key=order),
            conflicts=conflicts,
            unusable=unusable,
        )

    def _ties_for_review(
        self, left: _Prepared, right: _Prepared, standing: Sequence[_Scored]
    ) -> dict[tuple[int, int], str]:
        """Return the standing name matches that go to review, with the record they tie with.

        A record without a domain that matches, equally well and by name alone, records
        of other companies (their domains share no brand: ``flex.com`` and
        ``theflexcompany.com``) cannot be both: a person tells which. Ties whose records
        share a brand (``acme.com`` and ``acme.co.uk``) or have no domain stand, as one
        company listed twice does.
        """
        ties_left: dict[int, list[_Scored]] = defaultdict(list)
        ties_right: dict[int, list[_Scored]] = defaultdict(list)
        for item in standing:
            if item[3] == "name" and item[5] == "missing":
                ties_left[item[0]].append(item)
                ties_right[item[1]].append(item)
        review: dict[tuple[int, int], str] = {}
        for ties, far, far_side in ((ties_left, right, True), (ties_right, left, False)):
            for items in ties.values():
                if len(items) < 2:
                    continue
                positions = [item[1] if far_side else item[0] for item in items]
                ids = [far.accounts[k].id for k in positions]
                others = _tied_apart([far.brands[k] for k in positions], ids)
                for item, other in zip(items, others or (), strict=False):
                    review.setdefault((item[0], item[1]), other)
        return review

    def _for_review(self, item: _Scored, review: Mapping[tuple[int, int], str]) -> _Scored:
        """Return a standing match lowered to a review candidate by :meth:`_ties_for_review`."""
        i, j, _confidence, rule, name_score, agreement, shared, signals = item
        cap = _review_cap(self.config.accept)
        note = _TIED_APART.format(other=review[i, j])
        return (i, j, cap, rule, name_score, agreement, shared, (*signals, note))


_Verdict = tuple[float, MatchRule, float, DomainAgreement, "str | None", tuple[str, ...]]
# (our position, their position, *verdict)
_Scored = tuple[int, int, float, MatchRule, float, DomainAgreement, "str | None", tuple[str, ...]]


def _to_match(left: _Prepared, right: _Prepared, item: _Scored) -> Match:
    """Return the :class:`Match` of a scored pair."""
    i, j, confidence, rule, name_score, agreement, shared_domain, signals = item
    evidence = MatchEvidence(
        rule=rule,
        name_score=name_score,
        domain_agreement=agreement,
        shared_domain=shared_domain,
        signals=signals,
    )
    return Match(
        ours=left.accounts[i], theirs=right.accounts[j], confidence=confidence, evidence=evidence
    )


@frozen
class _Plan:
    """The block indexes of their side, and what our records need to look them up."""

    matcher: Matcher
    left: _Prepared
    right: _Prepared
    frequency: Mapping[str, int]
    by_brand: Mapping[str, Sequence[int]]
    # (our keys per record, their records per key): domains, external ids, alias groups
    by_key: tuple[tuple[Sequence[Sequence[str]], Mapping[str, Sequence[int]]], ...]
    by_name: Mapping[str, Sequence[int]]
    by_prefix: Mapping[str, Sequence[int]]
    by_whole: Mapping[str, Sequence[int]]
    # word key -> (their records, their names with words sorted, in the same order)
    by_token: Mapping[str, tuple[Sequence[int], Sequence[str]]]
    token_keys: Sequence[Sequence[str]]  # our records' fuzzy block keys

    @classmethod
    def build(cls, matcher: Matcher, left: _Prepared, right: _Prepared) -> _Plan:
        """Index their side once; every chunk of our records then looks it up.

        The word indexes and the name index are independent of each other: for large
        inputs they are built at once, the first here and the second on a worker.
        """
        config = matcher.config
        size = len(left.names) + len(right.names)
        workers = config.workers if size >= _PARALLEL_MIN else 1
        parts: dict[str, Any] = {
            "by_name": {},
            "by_prefix": {},
            "by_whole": {},
            "by_token": {},
            "token_keys": (),
        }
        # This process builds the word part itself (the larger result, kept where it is
        # used) while a worker builds the name index.
        state = (config, left, right)
        for part in in_processes(state, _plan_part, ("words", "names"), workers, here=True):
            parts.update(part)
        # Each index of their side with our records' keys for it; a kind of key none
        # of their records carries (often external ids, alias groups) is left out.
        by_key = tuple(
            (keys_of(left), index)
            for keys_of, index in zip(_KEY_KINDS, parts.pop("key_indexes"), strict=True)
            if index
        )
        return cls(matcher=matcher, left=left, right=right, by_key=by_key, **parts)

    def candidates(self, i: int) -> set[int]:
        """Return their records to score against our record ``i``.

        Always scored: equal domain keys, external ids and alias groups, equal brand
        labels (small blocks only), equal name keys, and one name the first words of the
        other. Fuzzy-name candidates share one of the two rarest distinctive words of
        each name (words more common than ``max_block`` never block) and pass a quick
        similarity prefilter.
        """
        left, config = self.left, self.matcher.config
        found: set[int] = set()
        # Blocks over their size limit were left out of the indexes when they were built.
        by_brand = self.by_brand
        for brand in left.brands[i]:
            found.update(by_brand.get(brand, ()))
        for keys, index in self.by_key:
            for key in keys[i]:
                found.update(index.get(key, ()))
        if not config.use_names:
            return found
        name, distinct = left.names[i], left.distinct[i]
        small: set[int] = set()
        slipped: set[int] = set()
        # Fuzzy candidates, and their names with words sorted, in the same order: the
        # blocks are joined as they are (a record in two blocks is compared twice, in
        # the batch call, which costs less than making them unique here).
        fuzzy: list[int] = []
        choices: list[str] = []
        by_name = self.by_name
        for key in _name_keys(name, distinct):
            block = by_name.get(key)
            if block is None:
                continue
            mark = key[:1]
            if mark in _SMALL_MARKS:
                small.update(block)
            elif mark == _MASKED_KEY:
                slipped.update(block)
            else:
                found.update(block)
        if distinct:
            found.update(self.by_prefix.get(name, ()))
        by_whole = self.by_whole
        for prefix in _prefixes(name):
            found.update(by_whole.get(prefix, ()))
        names = self.right.names
        found.update(j for j in small - found if _small_worthy(name, names[j]))
        found.update(j for j in slipped - found if _slip_near(name, names[j]))
        by_token = self.by_token
        for key in self.token_keys[i]:
            entry = by_token.get(key)
            if entry is not None:
                fuzzy += entry[0]
                choices += entry[1]
        if fuzzy:
            # One batch call per record, never a loop over all pairs. The ratio of names
            # with their words sorted is their token-sort ratio.
            query = _sorted_words(name)
            cutoff = _PREFILTER * 100
            for _choice, _score, k in process.extract(
                query, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
            ):
                found.add(fuzzy[k])
        return found


def _scored_chunk(plan: _Plan, rows: range) -> list[_Scored]:
    """Find and score the candidates of our records ``rows``, in (ours, theirs) order."""
    left, right, frequency = plan.left, plan.right, plan.frequency
    verdict = plan.matcher._verdict
    scored: list[_Scored] = []
    for i in rows:
        for j in sorted(plan.candidates(i)):
            found = verdict(left, i, right, j, frequency)
            if found is not None:
                scored.append((i, j, *found))
    return scored


def _frequency(
    left: _Prepared, right: _Prepared, heads: Mapping[str, list[str]] | None = None
) -> Counter[str]:
    """Return how many records carry each distinctive word, and how many names begin a name.

    Each word is counted once per record. Under ``_PREFIX``: how many distinct longer
    names begin with each name; "cigna" begins only "cigna group", while "silver"
    begins hundreds of names. Only names are ever looked up, so other word sequences
    are not counted. ``heads`` is :func:`_name_heads` of both sides, if made already.
    """
    frequency: Counter[str] = Counter(
        chain.from_iterable(map(frozenset, chain(left.tokens, right.tokens)))
    )
    if heads is None:
        heads = _name_heads(left, right)
    frequency.update(_PREFIX + p for found in heads.values() for p in found)
    return frequency


def _name_heads(left: _Prepared, right: _Prepared) -> dict[str, list[str]]:
    """Return each name of either side whose first words are other names -> those names.

    "cigna group" -> ["cigna"]; a name no other name begins is left out (most are).
    """
    names = {*left.names, *right.names}
    return {
        name: found
        for name in names
        if " " in name and (found := [p for p in _prefixes(name) if p in names])
    }


def _plan_part(state: tuple[MatchConfig, _Prepared, _Prepared], part: str) -> dict[str, Any]:
    """Build one part of a :class:`_Plan`, on its own process for large inputs.

    ``"names"``: the name-key index of their side. ``"words"``: the word statistics
    of both sides, and the word, prefix, brand and key indexes of their side.
    """
    config, left, right = state
    if part == "names":
        if not config.use_names:
            return {}
        # Only keys that one of our records carries can ever be looked up. Their
        # hashes are enough to tell (a clash only keeps a key never looked up), and
        # take less memory than the keys.
        ours_keys = set(map(hash, chain.from_iterable(map(_name_keys, left.names, left.distinct))))
        by_name = _index(
            [k for k in _name_keys(n, d) if hash(k) in ours_keys]
            for n, d in zip(right.names, right.distinct, strict=True)
        )
        limits = {mark: _name_key_limit(mark, config.max_block) for mark in _NAME_KEY_MARKS}
        return {
            "by_name": {
                key: block
                for key, block in by_name.items()
                if len(block) <= limits.get(key[:1], config.max_block)
            }
        }
    heads = _name_heads(left, right)
    frequency = _frequency(left, right, heads)
    words: dict[str, Any] = {
        "frequency": frequency,
        "by_brand": _bounded(_index(right.brands), lambda _key: _BRAND_BLOCK),
        "key_indexes": tuple(_index(keys_of(right)) for keys_of in _KEY_KINDS),
    }
    if config.use_names:
        limit = config.max_block
        by_token = _index(_token_keys(t, frequency, limit) for t in right.tokens)
        sorted_names = [_sorted_words(n) for n in right.names]
        words["by_token"] = {
            key: (block, [sorted_names[j] for j in block])
            for key, block in by_token.items()
            if len(block) <= limit
        }
        words["token_keys"] = [_token_keys(t, frequency, limit) for t in left.tokens]
        # One name the first words of the other ("costco" / "costco wholesale"), either
        # way round; only names with a distinctive word stand for longer ones, and only
        # where few names stand for them (at most _RARE).
        ours_short = {n for n, d in zip(left.names, left.distinct, strict=True) if d}
        theirs_short = {n for n, d in zip(right.names, right.distinct, strict=True) if d}
        by_prefix = _index(
            [p for p in heads[n] if p in ours_short] if n in heads else () for n in right.names
        )
        words["by_prefix"] = _bounded(by_prefix, lambda _key: _RARE)
        begun = Counter(p for n in left.names if n in heads for p in heads[n] if p in theirs_short)
        by_whole = _index([n] if n in theirs_short else [] for n in right.names)
        words["by_whole"] = {p: block for p, block in by_whole.items() if begun[p] <= _RARE}
    return words


def _bounded(index: dict[str, list[int]], limit_of: Callable[[str], int]) -> dict[str, list[int]]:
    """Return ``index`` without the blocks larger than their key's limit: they never block."""
    return {key: block for key, block in index.items() if len(block) <= limit_of(key)}


def _sides(left: _Prepared, right: _Prepared) -> tuple[tuple[_Prepared, Side], ...]:
    return ((left, "ours"), (right, "theirs"))


_BRAND_BLOCK = 50  # a brand label shared by more records than this is no evidence
_PREFILTER = 0.80  # least token-sort similarity of two names for a fuzzy candidate


# One-word legal forms ("corp", "llc", "limited"), for spotting mistyped ones.
# Words of legal forms, for spotting forms a typing slip spoiled ("Privat Limited",
# "Ic."): one-word forms, and the longer words of forms of several words ("private",
# "sociedad"); words that also name things ("capital", "person") are left out.
_FORM_WORDS = _WORD_FORMS | (
    frozenset(w for p in _LEGAL_FORM_PHRASES if len(p) > 1 for w in p if len(w) >= 4)
    - {"capital", "comm", "cong", "coop", "person", "variable"}
    - {"activity", "civil", "civile", "designated", "empresa", "entreprise", "guarantee"}
    - {"impresa", "laboral", "liberal", "nome", "nonprofit", "nueva", "simple", "semplice"}
    - {"sociale", "socio", "sole", "unico", "sanayi", "ticaret", "thanh", "vien", "aktien"}
    - {"closed", "immobiliere", "professionnelle", "forening", "ekonomisk", "proprietorship"}
    - {"cooperative", "commandite", "accomandita", "collettivo", "registrierte", "avoin"}
    - {"bank", "charitable", "community", "comercial", "federal", "firma", "individual"}
    - {"interest", "inversion", "national", "organisation", "porte", "promotora", "gestora"}
    - {"savings", "verein", "vereniging", "asociacion", "sans", "onder", "rechts", "cerrada"}
    - {"abierta", "acciones", "quotas", "pequeno"}
)
# Forms mistyped by one slip: letters swapped, doubled or left out. Two letters left
# of a form are too often something else ("ca", "os", "tm"), but for the commonest.
_FORM_SLIPS = frozenset(
    slip
    for form in _FORM_WORDS
    if form.isascii() and len(form) >= 2
    for slip in _slips(form)
    | {form[:k] + form[k + 1 :] for k in range(len(form)) if len(form) >= 4}
    | {form[:k] + form[k + 1] + form[k] + form[k + 2 :] for k in range(len(form) - 1)}
    if len(slip) >= 3
) - _FORM_WORDS | frozenset(
    form[:k] + form[k + 1 :] for form in ("inc", "llc", "ltd", "plc", "pty") for k in range(3)
)
# Forms of several words run together, as typed or with one slip: "spolkazograniczona
# dpowiedzialnoscia" (a letter left out), "gmbhandokg".
_JOINED_FORMS = frozenset(
    variant
    for phrase in _LEGAL_FORM_PHRASES
    if len(phrase) > 1 and "".join(phrase).isascii()
    for form in ("".join(phrase),)
    for variant in _slips(form) | {form[:k] + form[k + 1 :] for k in range(len(form))} | {form}
)
# Forms of four letters or more, mistyped by one slip ("Cop." of "Corp.", "GmH" of
# "GmbH"): too long to be another word of a name by chance.
_LONG_FORM_SLIPS = (
    frozenset(
        slip
        for form in _WORD_FORMS
        if form.isascii() and len(form) >= 4
        for slip in _slips(form)
        | {form[:k] + form[k + 1 :] for k in range(len(form))}
        | {form[:k] + form[k + 1] + form[k] + form[k + 2 :] for k in range(len(form) - 1)}
        if len(slip) >= 4 or form in ("corp", "gmbh")  # "scp", "sal": acronyms as often
    )
    - _WORD_FORMS
)
# Two or three letter forms with a letter left out: "b" of "AB", "sr" of "SRL".
_SHORT_FORM_SLIPS = frozenset(
    form[:k] + form[k + 1 :]
    for form in _FORM_WORDS
    if form.isascii() and 2 <= len(form) <= 3
    for k in range(len(form))
)
# A series: "Fund II", "Solar XXXVII", "Trust 2005-A".
_ROMAN_NUMERAL = re.compile(r"(?=[ivx]{2}|[ivxlc]{4})c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})")
# Words of a stock listing's remarks after a company's name ("Common Stock", "6.000%
# Series A Mandatory Convertible Preferred Stock").
_REMARK_WORDS = frozenset(
    {"adr", "adrs", "ads", "adss", "common", "debentures", "depositary", "depository"}
    | {"notes", "ordinary", "preferred", "receipts", "stock", "stocks"}
    | {"warrant", "warrants", "convertible", "cumulative", "mandatory", "redeemable"}
)
# Every word of a legal form, single letters too ("sp z oo").
# How much a name match gains when both names carry the same legal form: only enough
# to break a tie between names equally alike.
_SAME_FORM = 0.0005
_LEGAL_WORDS = frozenset(w for phrase in _LEGAL_FORM_PHRASES for w in phrase) | frozenset(
    w for phrase in _TRUNCATED_PHRASES for w in phrase
)
_CONNECTORS = frozenset({"and", "of", "the", "de", "und", "et", "y"})
_SERIES = "the names differ by a number: another entity of a series"
_LEGAL_NAMES = "both are full legal names and one extends the other: a related company?"
_TWO_NAMES = "both are full legal names: neither is the other's initials"
_REORDERED = "the same words in another order"
_NOT_SLIP = "alike names, but more apart than a typing slip leaves them"
_BEGINS = "one name begins the other, and begins no other name"
_ACRONYM = "one name is the other with its first words as initials"
_ACRONYM_KEY = "\x03"
_JOINED_KEY = "\x04"
_MASKED_KEY = "\x05"
_MASKED_WORDS = 6  # words of a name that get a key with the word cut short
_MASKED_BLOCK = 30  # largest block of such a key (its pairs pass the fuzzy prefilter)
_SMALL_BLOCK = 5  # largest block of an acronym or run-together key
_DISTINCT_KEY = "\x00"
_DISTINCT_BLOCK = 10  # largest block of a set of distinctive words
_ACRONYM_SKIP = frozenset({"and", "of", "the", "for", "de"})
_TYPO = "the names differ by a typing slip"
_EXTENSION = "one name is the other plus generic words only"
# Name rules that decide a match below the name threshold.
_UMLAUTS = "the same name with umlauts written out (ü as ue, ø as oe)"
_NAME_RULES = frozenset({_EXTENSION, _TYPO, _BEGINS, _ACRONYM, _UMLAUTS})
_RARE = 3  # a name that begins at most this many longer names may stand for them
_SLIP = "\x02"  # marks slip-proof block keys
_PREFIX = "\x01"  # marks name-prefix counts among the word counts


def _identifiers(account: Account) -> tuple[tuple[str, str], ...]:
    """Return the account's external ids, kinds lower-cased, values without spacing.

    Placeholders ("N/A", "-", "000000000") are no ids: left out (see ``_id_problem``).
    A number a spreadsheet wrote with a decimal part ("150483782.0") or without its
    leading zeros ("4321987" of "004321987") is the same id.
    """
    return tuple(
        (kind.strip().lower(), _id_value(value))
        for kind, value in account.identifiers
        if not _placeholder_id(value)
    )


def _id_value(value: str) -> str:
    """Return an external id as compared: without spacing, in upper case.

    A number is compared as a spreadsheet keeps it: no ``.0`` decimal part, no leading
    zeros.
    """
    text = re.sub(r"[\s\-./]", "", re.sub(r"\.0+$", "", value.strip())).upper()
    return text.lstrip("0") if text.isdigit() else text


_PARALLEL_MIN = 20_000  # below this many records, processes cost more than they save
_CHUNKS_PER_WORKER = 8  # more chunks than workers, so that no worker waits for a slow one


def _known_keys(accounts: Iterable[Account]) -> Sequence[_Keys] | None:
    """Return the keys a reader made while it read these accounts, if it did.

    :func:`cocorev.io.read_accounts` (and the other readers) make each record's keys
    on their workers while they read, from the website they parse anyway; matching the
    :class:`~cocorev.io.LoadResult` then needs no second pass over the names.
    """
    known = getattr(accounts, "_keys", None)
    if not isinstance(known, _ReadKeys):
        return None
    return known.of(getattr(accounts, "accounts", None))


def _record_keys_of(
    state: tuple[Sequence[str], Sequence[str | None], frozenset[str]], rows: range
) -> list[_Keys]:
    """Return :func:`_record_keys` of the records at ``rows``."""
    names, websites, free_mail = state
    return _record_keys(names[rows.start : rows.stop], websites[rows.start : rows.stop], free_mail)


def _domain_keys(prepared: _Prepared) -> Sequence[Sequence[str]]:
    return prepared.domains


def _id_keys(prepared: _Prepared) -> list[list[str]]:
    return [_record_id_keys(ids) for ids in prepared.ids]


def _group_keys(prepared: _Prepared) -> list[list[str]]:
    return [_record_group_keys(groups) for groups in prepared.groups]


# The kinds of keys always blocked on: domains, external ids, alias groups.
_KEY_KINDS: tuple[Callable[[_Prepared], Sequence[Sequence[str]]], ...] = (
    _domain_keys,
    _id_keys,
    _group_keys,
)


def _record_id_keys(ids: Iterable[tuple[str, str]]) -> list[str]:
    """Return one record's external-id block keys."""
    return [f"{kind}\x00{value}" for kind, value in ids]


def _record_group_keys(groups: Iterable[int]) -> list[str]:
    """Return one record's alias-group block keys."""
    return [str(group) for group in groups]


def _name_keys(name: str, distinct: str) -> tuple[str, ...]:
    """Return one record's exact-name block keys.

    Its name, its distinctive words, and acronym keys: a first word of three to five
    letters ("ibm"), and the initials of the first three to five words
    ("international business machines" gives "ibm").
    """
    if not name:
        return ()
    keys = [name, _DISTINCT_KEY + distinct] if distinct else [name]
    folded = _umlauts_folded(name)
    if folded != name:
        keys.append(folded)  # "mueller" meets "Müller" (key "muller")
    words = name.split()  # a name key is its words joined by single spaces
    first, count = words[0], len(words)
    if count <= 3 and 3 <= len(first) <= 5 and first.isalpha():
        keys.append(_ACRONYM_KEY + first)
    initials = "".join([w[0] for w in words if w not in _ACRONYM_SKIP])
    keys += [_ACRONYM_KEY + initials[:n] for n in range(3, min(len(initials), 4) + 1)]
    # The name without spaces, and its first two words run together:
    # "supermicro" / "super micro computer".
    if count == 1:
        keys.append(_JOINED_KEY + name)
    else:
        keys.append(_JOINED_KEY + first + words[1])
        if count > 2:
            keys.append(_JOINED_KEY + "".join(words))
    # Keys a typing slip leaves whole, however common the name's words are. The name
    # with one word cut to its first two letters, and to its last two: a slip after the
    # start of a word leaves the one ("tyco electronics singapore" / "tyco electronics
    # singaporee" share "tyco electronics si~"), a slip in its first letters the other
    # ("extend health" / "extend ealth" share "extend ~th"). A one-word name with any
    # one letter left out: "nasdisc" / "nasisc" share "nasisc", "sonic" / "sinoc" share
    # "snc"... (a letter changed, added, left out, or two swapped).
    if count >= 2:
        masked: list[str] = []
        start = 0
        for word in words[:_MASKED_WORDS]:
            end = start + len(word)
            if end - start >= 3:
                head, tail = name[:start], name[end:]
                masked += (
                    f"{_MASKED_KEY}{head}{word[:2]}~{tail}",
                    f"{_MASKED_KEY}{head}~{word[-2:]}{tail}",
                )
            start = end + 1
        keys += dict.fromkeys(masked)
    elif len(name) >= 5:
        cut = (name[:k] + name[k + 1 :] for k in range(len(name)))
        keys += dict.fromkeys(_MASKED_KEY + key for key in (name, *cut))
    return tuple(keys)


def _name_key_limit(key: str, limit: int) -> int:
    """Return the largest block a name key may form.

    Acronym and run-together keys are shared by chance far more often than names, so
    their blocks stay small. A set of distinctive words carried by many records
    ("alpha": Alpha Capital, Alpha Holdings, ...) is a family of companies, not one.
    """
    if _is_small_key(key):
        return _SMALL_BLOCK
    if key[:1] == _DISTINCT_KEY:
        return min(limit, _DISTINCT_BLOCK)
    if key[:1] == _MASKED_KEY:
        return min(limit, _MASKED_BLOCK)
    return limit


_SMALL_MARKS = (_ACRONYM_KEY, _JOINED_KEY)
# The marks that begin name keys of kinds other than the name itself.
_NAME_KEY_MARKS = (_ACRONYM_KEY, _JOINED_KEY, _DISTINCT_KEY, _MASKED_KEY)


def _is_small_key(key: str) -> bool:
    """Whether a name key is an acronym or run-together key (small blocks only)."""
    return key[:1] in _SMALL_MARKS


def _slip_near(a: str, b: str) -> bool:
    """Whether two names that share a slip key are near enough to be a typing slip apart.

    Such names are alike but for one word, or one letter: a slip leaves them at most two
    edits apart (a letter left out or added is one, two letters swapped are two).
    """
    return Indel.distance(a, b, score_cutoff=2) <= 2


def _small_worthy(a: str, b: str) -> bool:
    """Whether a pair found only by an acronym or run-together key is worth scoring.

    Such keys are shared by chance far more often than they find a pair: only pairs
    where one name is the other's initials, its words run together or followed by
    generic words, or whose names are alike at all, go on to be scored.
    """
    return (
        a.replace(" ", "") == b.replace(" ", "")
        or _acronym(a, b)
        or _joined_extension(a, b)
        or _generic_extension(a, b)
        or name_similarity(a, b) >= _PREFILTER
    )


def _joined_extension(a: str, b: str) -> bool:
    """Whether one name is the first words of the other run together, plus generic words."""
    short, long = sorted((a.split(), b.split()), key=len)
    joined = "".join(short)
    if not "".join(long).startswith(joined):
        return False  # the longer's first words run together must be the shorter
    for k in range(1, len(long) + 1):
        head = "".join(long[:k])
        if head == joined:
            return k != len(short) and not distinctive_tokens(" ".join(long[k:]))
        if len(head) >= len(joined):
            return False
    return False


def _acronym(a: str, b: str) -> bool:
    """Whether one name is the other with its first words written as initials.

    "ibm" / "international business machines", "bny mellon" / "bank of new york mellon".
    """
    short, long = sorted((a.split(), b.split()), key=len)
    if not short or not (3 <= len(short[0]) <= 5) or not short[0].isalpha():
        return False
    words = [w for w in long if w not in _ACRONYM_SKIP]
    n = len(short[0])
    if len(words) < n or "".join(w[0] for w in words[:n]) != short[0]:
        return False
    rest = words[n:]
    return rest[: len(short) - 1] == short[1:] and not distinctive_tokens(
        " ".join(rest[len(short) - 1 :])
    )


def _token_keys(tokens: Sequence[str], frequency: Mapping[str, int], limit: int) -> tuple[str, ...]:
    """Return one record's fuzzy block keys: its two rarest distinctive words.

    Words carried by more than ``limit`` records never block; for words of five or
    more letters a slip-proof key (the same letters in any order, doubled letters once)
    blocks typing slips.
    """
    if not tokens:
        return ()
    count = frequency.get
    if len(tokens) == 1:  # most names: nothing to rank
        (token,) = tokens
        keys = [token] if count(token, 0) <= limit else []
        if len(token) >= 5:
            keys.append(_SLIP + _letters(token))
        return tuple(keys)
    rarest = sorted(set(tokens), key=lambda t: (count(t, 0), t))[:2]
    keys = [t for t in rarest if count(t, 0) <= limit]
    keys += [_SLIP + _letters(t) for t in rarest if len(t) >= 5]
    return tuple(keys)


def _sorted_words(name: str) -> str:
    """Return a name with its words sorted: the form a token-sort ratio compares."""
    return " ".join(sorted(name.split()))


def _alike(a: str, b: str) -> bool:
    """Whether two names pass the prefilter of fuzzy candidates."""
    return fuzz.token_sort_ratio(a, b) >= _PREFILTER * 100


def _stands(rule: str, wins_ours: bool, wins_theirs: bool) -> bool:
    """Whether an accepted match survives conflict resolution.

    Domain, identifier and alias matches always stand (one company may have several
    records); any other match must have the highest confidence of both its records
    (equally good ones all stand).
    """
    return rule in ("domain", "identifier", "alias") or (wins_ours and wins_theirs)


_TIED_APART = (
    "as good a match by name as record {other!r}, which has another company's domain: "
    "for a person to review"
)


def _review_cap(accept: float) -> float:
    """Return the confidence a match lowered to a review candidate gets."""
    return min(0.8, accept - 0.01)


def _tied_apart(brands: Sequence[Sequence[str]], ids: Sequence[str]) -> list[str] | None:
    """Return, for equal name matches of one record, who each ties with; ``None`` if they stand.

    ``brands`` and ``ids`` are of the records on the other side. The ties go to review
    when the records with a domain share no one brand (two companies); each then names
    the smallest other id. Records without a domain are left out of the test.
    """
    with_domain = [set(labels) for labels in brands if labels]
    if len(with_domain) < 2 or set.intersection(*with_domain):
        return None
    return [min((other for other in ids if other != own), default=own) for own in ids]


def _index(keys_per_record: Iterable[Iterable[str]]) -> dict[str, list[int]]:
    """Return key -> the positions of the records that carry it."""
    index: dict[str, list[int]] = defaultdict(list)
    for position, keys in enumerate(keys_per_record):
        for key in keys:
            index[key].append(position)
    return index


def _match_order(m: Match) -> tuple[str, str]:
    return (m.ours.id, m.theirs.id)


def match_accounts(
    ours: Iterable[Account],
    theirs: Iterable[Account],
    *,
    config: MatchConfig | None = None,
    free_mail: Collection[str] = (),
) -> MatchResult:
    """Match our accounts against another list with default settings.

    Args:
        ours: Our accounts.
        theirs: The other list.
        config: Matching settings; defaults to :class:`MatchConfig`.
        free_mail: Extra free-mail domains, added to ``config.free_mail``.

    Returns:
        The :class:`MatchResult`; iterating it gives the accepted matches.
    """
    cfg = config or MatchConfig()
    if free_mail:
        cfg = evolve(cfg, free_mail=[*cfg.free_mail, *free_mail])
    return Matcher(cfg).match(ours, theirs)
