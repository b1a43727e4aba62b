"""Private text helpers for :mod:`cocorev.normalize`: Unicode folding and tokenising.

Every function is a pure ``str -> str`` or ``str -> list[str]`` step, so the name
normaliser and its legal-form tables share one definition of "the same text".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container

__all__ = [
    "BOUNDARY",
    "expand_symbols",
    "fold_text",
    "join_single_letters",
    "make_cjk_splitter",
    "split_cjk_forms",
    "tokenize",
]

#: The token that stands for a structural break in a name: a comma, semicolon, colon,
#: bracket, pipe, or a dash with space on both sides ("Acme Corp - EMEA"). Two characters
#: long, so it is never mistaken for a one-letter word.
BOUNDARY = "||"

# Typographic quotes, apostrophes and dashes mapped to their ASCII form before NFKC
# (NFKC leaves most of them alone and turns the spacing acute into a space + mark).
_TYPOGRAPHY = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u02bc\u02b9\u00b4\u2032\uff07\u05f3`", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u2039\u203a\u05f4", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
        # Trade and service marks: NFKC would spell them "TM" and "SM", glued to the word.
        **dict.fromkeys("\u2122\u2120", " "),
    }
)

# Letters that carry no decomposable accent but have a plain Latin reading.
_LETTERS = str.maketrans(
    {
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ł": "l",
        "ı": "i",  # noqa: RUF001
        "ħ": "h",
        "ŧ": "t",
        "ŀ": "l",
    }
)

# Combining diacritics of the Latin, Greek and Cyrillic scripts (accents, cedillas,
# breves, ...). Marks of other scripts (Devanagari vowel signs, Japanese dakuten) are
# letters in all but name there, so they stay.
_DIACRITICS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")

_AMPERSAND = re.compile(r"[&+]")
_INNER_QUOTE = re.compile(r"(?<=\w)['\"`](?=\w)")
_SPACED_DASH = re.compile(r"\s-+\s")
_ASCII_TOKEN = re.compile(r"[a-z0-9]+|[,;:()\[\]{}|<>]")
_ASCII_BOUNDARY = re.compile(r"[,;:()\[\]{}|<>]")
_BOUNDARY_CHARS = frozenset(",;:()[]{}|<>\u3001\u3010\u3011\u3014\u3015")  # + CJK comma, brackets


def _fold_once(text: str) -> str:
    text = unicodedata.normalize("NFKC", text.translate(_TYPOGRAPHY))
    text = text.casefold().translate(_LETTERS)
    text = _DIACRITICS.sub("", unicodedata.normalize("NFKD", text))
    return unicodedata.normalize("NFKC", text)


def fold_text(text: str) -> str:
    """Return ``text`` in NFKC, case-folded, with Latin/Greek/Cyrillic accents removed.

    ASCII text only needs lower-casing. Other text is folded until it stops changing,
    so the result is a fixed point (a few exotic characters need a second round).
    """
    if text.isascii():
        return text.lower()
    folded = _fold_once(text)
    for _ in range(3):
        if folded.isascii():
            break
        again = _fold_once(folded)
        if again == folded:
            break
        folded = again
    return folded


def expand_symbols(text: str) -> str:
    """Return ``text`` with ``&``/``+`` spelled ``and`` and in-word apostrophes removed.

    ``McDonald's`` becomes ``McDonalds``; quotes around a word become spaces.
    """
    if "&" in text or "+" in text:
        text = _AMPERSAND.sub(" and ", text)
    if "'" in text or '"' in text or "`" in text:
        text = _INNER_QUOTE.sub("", text)
    return text


def make_cjk_splitter(forms: tuple[str, ...]) -> re.Pattern[str]:
    """Return the pattern that finds CJK legal forms written flush against a name."""
    alternatives = "|".join(re.escape(fold_text(form)) for form in forms)
    return re.compile(rf"(?:{alternatives}|公司(?!\w))")


def split_cjk_forms(text: str, pattern: re.Pattern[str]) -> str:
    """Return ``text`` with each CJK legal form set off by spaces: X株式会社 -> X 株式会社."""
    if text.isascii():
        return text
    return pattern.sub(r" \g<0> ", text)


def tokenize(text: str) -> list[str]:
    """Return the words of folded ``text`` with :data:`BOUNDARY` tokens for structural breaks.

    Words are runs of letters, digits and combining marks; every other character
    separates words. ``,;:()[]{}|<>`` and a spaced dash are boundaries.
    """
    if "-" in text:
        text = _SPACED_DASH.sub(" | ", text)
    if text.isascii():
        tokens: list[str] = _ASCII_TOKEN.findall(text)
        if _ASCII_BOUNDARY.search(text) is None:
            return tokens
        return [BOUNDARY if not token[0].isalnum() else token for token in tokens]
    chars: list[str] = []
    for char in text:
        if char.isalnum():
            chars.append(char)
        elif char in _BOUNDARY_CHARS:
            chars.append(f" {BOUNDARY} ")
        elif unicodedata.category(char)[0] == "M":
            chars.append(char)
        else:
            chars.append(" ")
    return "".join(chars).split()


def join_single_letters(tokens: list[str], forms: Container[str] = ()) -> list[str]:
    """Return ``tokens`` with each run of two or more one-character words joined.

    ``A. O. Smith`` and ``AO Smith`` both give ``ao smith``; ``S.p.A.`` gives ``spa``.
    A :data:`BOUNDARY` ends a run. Letters after a digit that spell one of ``forms``
    (legal forms) stay apart from it: ``Travel 2 B.V.`` gives ``travel 2 bv``, not
    ``travel 2bv``.
    """
    if 1 not in map(len, tokens):
        return tokens
    out: list[str] = []
    run: list[str] = []
    for token in [*tokens, BOUNDARY]:
        if len(token) == 1:
            run.append(token)
            continue
        if run:
            out.extend(_joined_run(run, forms))
            run = []
        out.append(token)
    out.pop()
    return out


def _joined_run(run: list[str], forms: Container[str]) -> list[str]:
    """Return a run of one-character words joined, a legal form after a digit apart."""
    if len(run) > 2 and forms:
        for start in range(1, len(run) - 1):
            if run[start - 1].isdigit() and run[start].isalpha():
                tail = "".join(run[start:])
                if tail.isalpha() and tail in forms:
                    return ["".join(run[:start]), tail]
    return ["".join(run)]
