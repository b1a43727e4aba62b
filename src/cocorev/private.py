"""Private matching without a third party: compare keyed tokens, not account lists.

Both partners agree on a secret (at least 16 bytes, exchanged out of band). Each turns
its own list into match tokens with :func:`make_tokens`: keyed HMAC-SHA256 values of
each normalised domain key and of the normalised company name. They swap token files
(:func:`write_tokens`, :func:`read_tokens`) and each runs :func:`match_tokens`: equal
tokens mean the same domain or the same name, and nothing else is revealed in the clear.

What a token file holds, per record: an opaque reference (``r000001``, ...; the holder
keeps the reference -> account id table to itself), the domain tokens, the name token,
and only if the holder opts in, its CRM id and its stage. Records are ordered by their
token values, so the file order says nothing about the CRM's order. The file never holds
the secret, nor a plain hash of it: its header carries a ``key_check``, an HMAC of a
fixed label under the secret, so that two files made with different secrets are
refused instead of silently matching nothing.

Anyone who holds the secret, the partner included, can test guesses: hash a candidate
domain or company name and look for it in the file. Read the threat model in the
documentation (Explanation, "Sharing with partners") before you choose this over a
sharing level.

Example:
    >>> from cocorev.models import Account, Stage
    >>> secret = b"correct horse battery staple"
    >>> ours = make_tokens([Account(id="o1", name="Acme Inc.", website="acme.com",
    ...                             stage=Stage.CUSTOMER)], secret)
    >>> theirs = make_tokens([Account(id="n7", name="ACME", website="https://www.acme.com/",
    ...                               stage=Stage.LEAD)], secret)
    >>> found = match_tokens(ours, theirs)
    >>> found[0].rule, found[0].our_id, found[0].their_id
    ('domain', 'o1', None)
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import json
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, Final, Literal, overload

from attrs import field, frozen

from cocorev.errors import ConfigError, InputError
from cocorev.io import _safe
from cocorev.models import Account, Stage, _pairs, _tuple
from cocorev.normalize import distinctive_tokens, normalize_name, parse_domains
from cocorev.sharing import SharingLevel, _output

__all__ = [
    "MIN_SECRET_BYTES",
    "TOKEN_FORMAT",
    "TOKEN_VERSION",
    "TokenList",
    "TokenMatch",
    "TokenRecord",
    "make_tokens",
    "match_tokens",
    "read_references",
    "read_tokens",
    "write_matches",
    "write_references",
    "write_tokens",
]

#: The shortest secret accepted, in bytes (UTF-8 for a text secret).
MIN_SECRET_BYTES: Final = 16
#: The ``format`` of a token file's header line.
TOKEN_FORMAT: Final = "cocorev-match-tokens"
#: The version of the token file layout this cocorev writes and reads.
TOKEN_VERSION: Final = 1

_REFERENCES_FORMAT: Final = "cocorev-token-references"
_ALGORITHM: Final = "HMAC-SHA256"
_HEX64 = re.compile(r"[0-9a-f]{64}")
_KEY_CHECK_LABEL: Final = b"cocorev:key-check:v1"

TokenRule = Literal["domain", "name"]


def _key(secret: bytes | str) -> bytes:
    """Return the secret as bytes, refusing short ones (the value is never in messages)."""
    if isinstance(secret, str):
        secret = secret.encode("utf-8")
    if not isinstance(secret, bytes):
        msg = f"the secret must be bytes or str, got {type(secret).__name__}"
        raise ConfigError(msg)
    if len(secret) < MIN_SECRET_BYTES:
        msg = (
            f"the secret is {len(secret)} bytes long; use at least {MIN_SECRET_BYTES} "
            "random bytes that both partners share (for example 32 from a password manager)"
        )
        raise ConfigError(msg)
    return secret


def _mac(key: bytes, label: bytes, value: str) -> str:
    return hmac.new(key, label + value.encode("utf-8"), hashlib.sha256).hexdigest()


def _sorted_tuple(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(value))


@frozen(kw_only=True)
class TokenRecord:
    """The tokens of one account, as a token file carries them.

    Attributes:
        ref: An opaque reference, unique within its file (``r000001``, ...).
        domains: HMAC-SHA256 (hex) of each domain key, sorted.
        name: HMAC-SHA256 (hex) of the normalised name; ``None`` when the name has only
            generic words (``"Global Solutions"``), which prove nothing.
        stage: The holder's stage, only when the holder opted in.
        id: The holder's CRM id, only when the holder opted in.
    """

    ref: str
    domains: tuple[str, ...] = field(default=(), converter=_sorted_tuple)
    name: str | None = None
    stage: Stage | None = None
    id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the record as a token file line holds it (opt-in fields only if set)."""
        data: dict[str, Any] = {"ref": self.ref, "domains": list(self.domains), "name": self.name}
        if self.stage is not None:
            data["stage"] = self.stage.value
        if self.id is not None:
            data["id"] = self.id
        return data


@frozen(kw_only=True)
class TokenList(Sequence[TokenRecord]):
    """One side's match tokens. Iterating gives the records, in file order.

    Attributes:
        records: The records, ordered by token value (never by CRM order).
        key_check: A keyed check value of the secret (not the secret, not a plain hash
            of it), equal for every list made with the same secret.
        references: ``(ref, account id)`` pairs kept by the holder; never written to a
            token file (see :func:`write_references`). Empty for a list read from a file.
        skipped: Ids of the holder's accounts with no usable domain and no distinctive
            name, which can match nothing; never written to a token file.
    """

    records: tuple[TokenRecord, ...] = field(converter=_tuple)
    key_check: str
    references: tuple[tuple[str, str], ...] = field(default=(), converter=_pairs)
    skipped: tuple[str, ...] = field(default=(), converter=_tuple)

    @overload
    def __getitem__(self, index: int) -> TokenRecord: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[TokenRecord]: ...
    def __getitem__(self, index: int | slice) -> TokenRecord | Sequence[TokenRecord]:
        return self.records[index]

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self) -> Iterator[TokenRecord]:
        return iter(self.records)

    def account_id(self, ref: str) -> str | None:
        """Return the holder's account id behind ``ref``, when known."""
        for key, value in self.references:
            if key == ref:
                return value
        for record in self.records:
            if record.ref == ref:
                return record.id
        return None


@frozen(kw_only=True)
class TokenMatch:
    """One of our token records and one of theirs that share a domain or a name.

    Attributes:
        our_ref: Our record's reference.
        their_ref: Their record's reference.
        rule: ``domain`` (a shared domain token) or ``name`` (equal name tokens, and no
            differing domains on both sides).
        our_id: Our account id, when our list knows it.
        their_id: Their CRM id, only when they opted in to sending it.
        our_stage: Our stage, when our list carries it.
        their_stage: Their stage, only when they opted in to sending it.
    """

    our_ref: str
    their_ref: str
    rule: TokenRule
    our_id: str | None = None
    their_id: str | None = None
    our_stage: Stage | None = None
    their_stage: Stage | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the match as JSON-safe data (absent values as ``None``)."""
        return {
            "our_ref": self.our_ref,
            "our_id": self.our_id,
            "our_stage": self.our_stage.value if self.our_stage else None,
            "their_ref": self.their_ref,
            "their_id": self.their_id,
            "their_stage": self.their_stage.value if self.their_stage else None,
            "rule": self.rule,
        }


def _sharing_level(level: SharingLevel | str) -> SharingLevel:
    try:
        wanted = SharingLevel(level)
    except ValueError as exc:
        msg = f"unknown sharing level {level!r}; use nothing, counts or overlaps"
        raise ConfigError(msg) from exc
    if wanted is SharingLevel.OWNERS:
        msg = (
            "owners are never put in token files (anyone with the secret could read them "
            "for any company they guess); share them with a SharedView after matching"
        )
        raise ConfigError(msg)
    return wanted


def make_tokens(
    accounts: Iterable[Account],
    secret: bytes | str,
    *,
    level: SharingLevel | str = SharingLevel.NOTHING,
    include_ids: bool = False,
    free_mail: Iterable[str] = (),
) -> TokenList:
    """Turn our accounts into match tokens under a secret both partners share.

    Domain tokens are HMAC-SHA256 of ``b"domain:" + key`` for each key of
    :func:`cocorev.normalize.parse_domains`; the name token is HMAC-SHA256 of
    ``b"name:" + normalize_name(name)``, made only when the name has a distinctive word.
    The secret is used and forgotten: it is kept in no object and written nowhere.

    Args:
        accounts: Our accounts; ids must be unique.
        secret: The shared secret, at least 16 bytes (text is encoded as UTF-8).
        level: ``overlaps`` adds our stage to every record; ``nothing`` (the default)
            and ``counts`` add none. ``owners`` is refused.
        include_ids: Write our CRM ids into the token file (off by default: the file
            carries opaque references and :attr:`TokenList.references` maps them back).
        free_mail: Extra domains never to treat as company domains.

    Returns:
        The :class:`TokenList`.

    Raises:
        ConfigError: The secret is shorter than 16 bytes, or the level is ``owners``.
        InputError: Two accounts share an id.
    """
    key = _key(secret)
    wanted = _sharing_level(level)
    with_stage = wanted is SharingLevel.OVERLAPS
    extra_free_mail = frozenset(d.strip().lower() for d in free_mail)
    seen: set[str] = set()
    drafts: list[tuple[tuple[str, ...], str, str, Account]] = []
    skipped: list[str] = []
    for account in accounts:
        if account.id in seen:
            msg = f"duplicate account id {account.id!r}"
            raise InputError(msg, column="id", value=account.id)
        seen.add(account.id)
        domains = tuple(
            sorted(
                _mac(key, b"domain:", d)
                for d in parse_domains(account.website, free_mail=extra_free_mail).keys
            )
        )
        normalised = normalize_name(account.name)
        name = _mac(key, b"name:", normalised) if distinctive_tokens(normalised) else ""
        if not domains and not name:
            skipped.append(account.id)
            continue
        # Ties between identical token sets break on a keyed value of the id, so not
        # even duplicates keep their CRM order.
        drafts.append((domains, name, _mac(key, b"order:", account.id), account))
    drafts.sort(key=lambda d: (d[0], d[1], d[2]))
    width = max(6, len(str(len(drafts))))
    records: list[TokenRecord] = []
    references: list[tuple[str, str]] = []
    for position, (domains, name, _order, account) in enumerate(drafts, start=1):
        ref = f"r{position:0{width}d}"
        records.append(
            TokenRecord(
                ref=ref,
                domains=domains,
                name=name or None,
                stage=account.stage if with_stage else None,
                id=account.id if include_ids else None,
            )
        )
        references.append((ref, account.id))
    return TokenList(
        records=records,
        key_check=_mac(key, _KEY_CHECK_LABEL, "")[:32],
        references=references,
        skipped=skipped,
    )


def _ref_order(ref: str) -> tuple[int, str]:
    return (len(ref), ref)


def match_tokens(ours: TokenList, theirs: TokenList) -> tuple[TokenMatch, ...]:
    """Find the records of ours and theirs that are the same company.

    A shared domain token is a match (rule ``domain``). Equal name tokens are a match
    (rule ``name``) only when not both records carry domain tokens: two records with
    domains that all differ are different companies, as in the embedded matcher. Fuzzy
    names and brand variants (``acme.com`` and ``acme.de``) do not match here.

    Args:
        ours: Our tokens (made in memory, or read back with references attached).
        theirs: Their tokens, as read from their file.

    Returns:
        Every matching pair, ordered by our reference, then theirs.

    Raises:
        ConfigError: The two lists were made with different secrets.
    """
    if not hmac.compare_digest(ours.key_check, theirs.key_check):
        msg = (
            "the two token lists were made with different secrets (their key checks "
            "differ); agree on one secret with the partner and make both files again"
        )
        raise ConfigError(msg)
    by_domain: dict[str, list[int]] = defaultdict(list)
    by_name: dict[str, list[int]] = defaultdict(list)
    for j, record in enumerate(theirs.records):
        for token in record.domains:
            by_domain[token].append(j)
        if record.name:
            by_name[record.name].append(j)
    our_ids = dict(ours.references)
    found: list[TokenMatch] = []
    for record in ours.records:
        rules: dict[int, TokenRule] = {}
        for token in record.domains:
            for j in by_domain.get(token, ()):
                rules[j] = "domain"
        if record.name:
            for j in by_name.get(record.name, ()):
                if j not in rules and not (record.domains and theirs.records[j].domains):
                    rules[j] = "name"
        for j, rule in rules.items():
            other = theirs.records[j]
            found.append(
                TokenMatch(
                    our_ref=record.ref,
                    their_ref=other.ref,
                    rule=rule,
                    our_id=our_ids.get(record.ref, record.id),
                    their_id=other.id,
                    our_stage=record.stage,
                    their_stage=other.stage,
                )
            )
    found.sort(key=lambda m: (_ref_order(m.our_ref), _ref_order(m.their_ref)))
    return tuple(found)


def write_tokens(
    tokens: TokenList, target: str | os.PathLike[str] | IO[str], *, overwrite: bool = False
) -> None:
    """Write a token file: a versioned JSON header line, then one JSON line per record.

    Nothing but :meth:`TokenRecord.to_dict` per record and the header goes in: no
    secret, no references table, no skipped ids.

    Args:
        tokens: The tokens to write.
        target: A path, or an open text file.
        overwrite: Replace an existing file; without it an existing path is refused.

    Raises:
        FileExistsError: The path exists and ``overwrite`` is false.
        OSError: The path is a symbolic link (never followed), or cannot be written.
    """
    header = {
        "format": TOKEN_FORMAT,
        "version": TOKEN_VERSION,
        "algorithm": _ALGORITHM,
        "key_check": tokens.key_check,
        "records": len(tokens.records),
    }
    with _output(target, overwrite=overwrite) as handle:
        handle.write(json.dumps(header, sort_keys=True) + "\n")
        for record in tokens.records:
            handle.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")


def _bad(label: str, line: int, reason: str) -> InputError:
    return InputError(f"{label}:{line}: {reason}", file=label, row=line)


def _parse_record(data: object, label: str, line: int) -> TokenRecord:
    if not isinstance(data, dict):
        raise _bad(label, line, "expected a JSON object per line")
    allowed = {"ref", "domains", "name", "stage", "id"}
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise _bad(label, line, f"unknown field(s) {', '.join(unknown)}")
    ref, domains, name = data.get("ref"), data.get("domains", []), data.get("name")
    if not isinstance(ref, str) or not ref:
        raise _bad(label, line, "missing or blank 'ref'")
    if not isinstance(domains, list) or not all(
        isinstance(d, str) and _HEX64.fullmatch(d) for d in domains
    ):
        raise _bad(label, line, "'domains' must be a list of 64-digit hex tokens")
    if name is not None and not (isinstance(name, str) and _HEX64.fullmatch(name)):
        raise _bad(label, line, "'name' must be a 64-digit hex token or null")
    stage_text, record_id = data.get("stage"), data.get("id")
    try:
        stage = None if stage_text is None else Stage(stage_text)
    except ValueError as exc:
        raise _bad(label, line, f"unknown stage {stage_text!r}") from exc
    if record_id is not None and not isinstance(record_id, str):
        raise _bad(label, line, "'id' must be text")
    return TokenRecord(ref=ref, domains=domains, name=name, stage=stage, id=record_id)


def _lines(source: str | os.PathLike[str] | IO[str]) -> tuple[str, list[str]]:
    if isinstance(source, (str, os.PathLike)):
        label = str(source)
        try:
            text = Path(source).read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            msg = f"{label}: no such file"
            raise InputError(msg, file=label) from exc
        except UnicodeDecodeError as exc:
            msg = f"{label}: not a UTF-8 token file"
            raise InputError(msg, file=label) from exc
        except OSError as exc:
            msg = f"{label}: cannot be read ({exc.strerror})"
            raise InputError(msg, file=label) from exc
    else:
        label = str(getattr(source, "name", "<stream>"))
        text = source.read()
    return label, text.splitlines()


def _header(lines: list[str], label: str) -> Mapping[str, Any]:
    try:
        header = json.loads(lines[0]) if lines else None
    except json.JSONDecodeError as exc:
        raise _bad(label, 1, "not a cocorev token file (no JSON header line)") from exc
    if not isinstance(header, dict) or header.get("format") != TOKEN_FORMAT:
        raise _bad(label, 1, f"not a cocorev token file (expected format {TOKEN_FORMAT!r})")
    if header.get("version") != TOKEN_VERSION:
        version = header.get("version")
        reason = f"token file version {version!r} is not supported; this cocorev reads "
        raise _bad(label, 1, reason + f"version {TOKEN_VERSION}")
    if header.get("algorithm") != _ALGORITHM:
        raise _bad(label, 1, f"unsupported algorithm {header.get('algorithm')!r}")
    key_check = header.get("key_check")
    if not isinstance(key_check, str) or not re.fullmatch(r"[0-9a-f]{32}", key_check):
        raise _bad(label, 1, "missing or malformed 'key_check'")
    return header


def read_tokens(source: str | os.PathLike[str] | IO[str]) -> TokenList:
    """Read a token file written by :func:`write_tokens`.

    Args:
        source: A path, or an open text file.

    Returns:
        The :class:`TokenList` (with no references: those stay with their holder).

    Raises:
        InputError: The file is missing, not a token file, of another version, or has a
            malformed, duplicate or missing record; the message names file and line.
    """
    label, lines = _lines(source)
    header = _header(lines, label)
    records: list[TokenRecord] = []
    refs: set[str] = set()
    for line_number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _bad(label, line_number, f"not valid JSON ({exc.msg})") from exc
        record = _parse_record(data, label, line_number)
        if record.ref in refs:
            raise _bad(label, line_number, f"duplicate ref {record.ref!r}")
        refs.add(record.ref)
        records.append(record)
    if header.get("records") != len(records):
        reason = f"header announces {header.get('records')!r} records, found {len(records)}"
        raise _bad(label, 1, reason + "; the file is truncated or edited")
    return TokenList(records=records, key_check=header["key_check"])


def write_references(
    tokens: TokenList, target: str | os.PathLike[str] | IO[str], *, overwrite: bool = False
) -> None:
    """Write the holder's reference -> account id table as JSON. Keep it; never send it.

    Args:
        tokens: Tokens made by :func:`make_tokens` (which know their references).
        target: A path, or an open text file.
        overwrite: Replace an existing file; without it an existing path is refused.

    Raises:
        FileExistsError: The path exists and ``overwrite`` is false.
        OSError: The path is a symbolic link (never followed), or cannot be written.
    """
    payload = {
        "format": _REFERENCES_FORMAT,
        "version": TOKEN_VERSION,
        "key_check": tokens.key_check,
        "references": dict(tokens.references),
    }
    with _output(target, overwrite=overwrite) as handle:
        handle.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")


def read_references(source: str | os.PathLike[str] | IO[str], tokens: TokenList) -> TokenList:
    """Attach a references table (from :func:`write_references`) to tokens read back.

    Args:
        source: The references file.
        tokens: Our tokens, as read with :func:`read_tokens`.

    Returns:
        A copy of ``tokens`` whose matches report our account ids.

    Raises:
        InputError: Not a references file, or one made for other tokens.
    """
    label, lines = _lines(source)
    try:
        data = json.loads("\n".join(lines))
    except json.JSONDecodeError as exc:
        raise _bad(label, 1, "not a cocorev references file (not JSON)") from exc
    if not isinstance(data, dict) or data.get("format") != _REFERENCES_FORMAT:
        raise _bad(label, 1, f"not a cocorev references file (format {_REFERENCES_FORMAT!r})")
    table = data.get("references")
    if not isinstance(table, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in table.items()
    ):
        raise _bad(label, 1, "'references' must map each ref to an account id")
    refs = {r.ref for r in tokens.records}
    if data.get("key_check") != tokens.key_check or not refs <= set(table):
        raise _bad(label, 1, "these references belong to another token file")
    return TokenList(
        records=tokens.records,
        key_check=tokens.key_check,
        references=table,
        skipped=tokens.skipped,
    )


def write_matches(
    matches: Iterable[TokenMatch],
    target: str | os.PathLike[str] | IO[str],
    *,
    format: Literal["csv", "json"] = "csv",
    overwrite: bool = False,
) -> None:
    """Write token matches as CSV (formula-safe cells) or as a JSON list.

    Args:
        matches: The matches, as :func:`match_tokens` returns them.
        target: A path, or an open text file (opened with ``newline=""`` for CSV).
        format: ``csv`` or ``json``.
        overwrite: Replace an existing file; without it an existing path is refused.

    Raises:
        ConfigError: ``format`` is neither ``csv`` nor ``json``.
        FileExistsError: The path exists and ``overwrite`` is false.
        OSError: The path is a symbolic link (never followed), or cannot be written.
    """
    if format not in ("csv", "json"):
        msg = f"unknown format {format!r}; use csv or json"
        raise ConfigError(msg)
    rows = [m.to_dict() for m in matches]
    with _output(target, overwrite=overwrite) as handle:
        if format == "json":
            handle.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
            return
        writer = csv.writer(handle)
        writer.writerow(_MATCH_COLUMNS)
        writer.writerows([_safe(row[c]) for c in _MATCH_COLUMNS] for row in rows)


_MATCH_COLUMNS: Final = (
    "our_ref",
    "our_id",
    "our_stage",
    "their_ref",
    "their_id",
    "their_stage",
    "rule",
)
