r"""Reading CRM exports into accounts, and writing results out.

Every problem row lands in a :class:`LoadReport` (file, line, field, value, reason):
nothing is dropped silently. File-level problems (missing file, undecodable text,
missing columns) raise an :class:`~cocorev.errors.InputError` subclass.

Example:
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "crm.csv"
    >>> rows = ["id,name,domain,stage", "1,Acme Inc.,acme.com,customer", "2,,x.com,lead"]
    >>> _ = path.write_text("\n".join(rows) + "\n")
    >>> loaded = read_accounts(path)
    >>> [a.name for a in loaded], [(i.line, i.field) for i in loaded.report.issues]
    (['Acme Inc.'], [(3, 'name')])
"""

from __future__ import annotations

import csv
import io as _io
import json
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import IO, Any, Literal, overload

from attrs import field, frozen

from cocorev._mapfiles import read_account_map, write_map_files
from cocorev._serialize import summary_dict
from cocorev.errors import InputError, SchemaError, UnknownStageError
from cocorev.models import Account, AccountMap, Overlap, Owner, PartnerSummary, Stage, _tuple
from cocorev.stages import StageMap

__all__ = [
    "DEFAULT_STAGE_MAP",
    "LoadIssue",
    "LoadReport",
    "LoadResult",
    "read_account_map",
    "read_accounts",
    "summary_to_dict",
    "write_results",
]

#: CRM stage value (case-insensitive) -> stage. Values not listed are reported, never guessed.
DEFAULT_STAGE_MAP: Mapping[str, Stage] = {
    "customer": Stage.CUSTOMER,
    "opportunity": Stage.OPPORTUNITY,
    "lead": Stage.LEAD,
}

# Canonical field -> header spellings accepted by default (compared case-insensitively).
_ALIASES: Mapping[str, tuple[str, ...]] = {
    "id": ("id", "account_id", "record_id"),
    "name": ("name", "company", "company_name", "account_name"),
    "domain": ("domain", "website", "url", "company_domain", "domains"),
    "stage": ("stage", "population", "lifecycle_stage", "status"),
    "owner_name": ("owner_name", "owner", "account_owner"),
    "owner_email": ("owner_email", "owner_e-mail", "account_owner_email"),
    "amount": ("amount", "deal_amount", "deal_value"),
}
_REQUIRED = ("id", "name", "stage")
_IDENTIFIER_COLUMNS = ("duns", "lei", "registry_number", "crm_xref")
_AMOUNT_CLEAN = re.compile(r"[\s,$€£¥]")

Severity = Literal["error", "warning"]


@frozen(kw_only=True)
class LoadIssue:
    """One problem found while loading a file.

    Attributes:
        file: The file's name as given.
        line: The 1-based line of the file where the row starts.
        field: The column concerned.
        value: The offending value.
        reason: What is wrong and how to fix it.
        severity: ``error`` (row not loaded) or ``warning`` (row loaded, field dropped).
    """

    file: str
    line: int
    field: str
    value: str
    reason: str
    severity: Severity = "error"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.reason}"


@frozen(kw_only=True)
class LoadReport:
    """What loading one file did: rows read, loaded and rejected, and every issue.

    ``rows_read == rows_loaded + rows_rejected`` always holds.

    Attributes:
        file: The file's name as given.
        encoding: The text encoding used.
        rows_read: Data rows read (header excluded).
        rows_loaded: Rows that became accounts.
        issues: Every problem, in file order.
        notes: File-level remarks, such as an encoding fallback.
    """

    file: str
    encoding: str
    rows_read: int
    rows_loaded: int
    issues: tuple[LoadIssue, ...] = field(converter=_tuple)
    notes: tuple[str, ...] = field(default=(), converter=_tuple)

    @property
    def rows_rejected(self) -> int:
        """Rows not loaded because of an error."""
        return self.rows_read - self.rows_loaded

    @property
    def ok(self) -> bool:
        """Whether the file loaded without any issue."""
        return not self.issues


@frozen(kw_only=True)
class LoadResult(Sequence[Account]):
    """The accounts loaded from a file, with the report. Iterating gives the accounts.

    Attributes:
        accounts: The valid accounts, in file order.
        report: The load report.
    """

    accounts: tuple[Account, ...] = field(converter=_tuple)
    report: LoadReport

    @overload
    def __getitem__(self, index: int) -> Account: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Account]: ...
    def __getitem__(self, index: int | slice) -> Account | Sequence[Account]:
        return self.accounts[index]

    def __len__(self) -> int:
        return len(self.accounts)

    def __iter__(self) -> Iterator[Account]:
        return iter(self.accounts)


def _decode(raw: bytes, file: str) -> tuple[str, str, tuple[str, ...]]:
    """Return (text, encoding, notes) for the raw bytes of a file."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16", ()
        except UnicodeDecodeError as exc:
            msg = f"{file}: not valid UTF-16 text ({exc.reason} at byte {exc.start})"
            raise InputError(msg, file=file) from exc
    try:
        return raw.decode("utf-8-sig"), "utf-8", ()
    except UnicodeDecodeError:
        pass
    if b"\x00" in raw:
        msg = f"{file}: binary data, not a CSV text file"
        raise InputError(msg, file=file)
    text = raw.decode("cp1252", errors="replace")
    note = f"{file}: not valid UTF-8; read as Windows-1252 (cp1252), check accented names"
    return text, "cp1252", (note,)


def _resolve_columns(
    header: Sequence[str], file: str, columns: Mapping[str, str] | None
) -> dict[str, int]:
    folded = [h.strip().casefold() for h in header]
    seen: dict[str, int] = {}
    for index, name in enumerate(folded):
        if name and name in seen:
            msg = f"{file}: duplicate column {header[index].strip()!r}; rename one of them"
            raise SchemaError(msg, file=file, row=1, column=header[index].strip())
        seen[name] = index
    wanted: dict[str, tuple[str, ...]] = dict(_ALIASES)
    for canonical, header_name in (columns or {}).items():
        if canonical not in _ALIASES and canonical not in _IDENTIFIER_COLUMNS:
            msg = f"unknown field {canonical!r} in column mapping; use one of {sorted(_ALIASES)}"
            raise SchemaError(msg, file=file, column=canonical)
        wanted[canonical] = (header_name.strip().casefold(),)
    resolved: dict[str, int] = {}
    for canonical, spellings in wanted.items():
        for spelling in spellings:
            if spelling in seen:
                resolved[canonical] = seen[spelling]
                break
    if "domain" not in resolved:
        resolved.pop("domain", None)
    missing = [c for c in _REQUIRED if c not in resolved]
    if missing:
        found = ", ".join(repr(h.strip()) for h in header) or "none"
        msg = (
            f"{file}: missing required column(s) {', '.join(missing)}; "
            f"found {found}. Rename the columns or pass a column mapping."
        )
        raise SchemaError(msg, file=file, row=1, column=missing[0])
    for ident in _IDENTIFIER_COLUMNS:
        if ident in seen and ident not in resolved:
            resolved[ident] = seen[ident]
    return resolved


def _parse_amount(value: str) -> float:
    cleaned = _AMOUNT_CLEAN.sub("", value)
    amount = float(cleaned)
    if amount != amount or amount in (float("inf"), float("-inf")) or amount < 0:
        raise ValueError(value)
    return amount


def read_accounts(
    source: str | os.PathLike[str] | IO[str],
    *,
    columns: Mapping[str, str] | None = None,
    stage_map: Mapping[str, Stage | str] | StageMap | None = None,
    strict: bool = False,
    name: str | None = None,
) -> LoadResult:
    """Read accounts from a CSV export.

    Columns (header names are matched case-insensitively): ``id``, ``name``, ``domain``
    (or ``website``), ``stage``; optional ``owner_name``, ``owner_email``, ``amount``,
    and external ids ``duns``, ``lei``, ``registry_number``, ``crm_xref``. Any other
    column is kept in :attr:`Account.extra`.

    Args:
        source: A path, or an open text file.
        columns: Canonical field -> header name in this file, for other spellings.
        stage_map: CRM stage value -> stage, replacing the default mapping; or a
            :class:`~cocorev.stages.StageMap` (such as the preset
            :data:`~cocorev.stages.HUBSPOT_LIFECYCLE`), whose unplaced values are
            reported with the map's reason.
        strict: Raise on any row problem instead of reporting it.
        name: The file name used in messages (defaults to the path).

    Returns:
        The valid accounts and the :class:`LoadReport`.

    Raises:
        InputError: The file is missing, empty or not decodable text.
        SchemaError: Required columns are missing or a column appears twice.
        InputError: With ``strict=True``, any row problem; ``.issues`` lists them all.
    """
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        label = name or str(source)
        try:
            raw = path.read_bytes()
        except FileNotFoundError as exc:
            msg = f"{label}: no such file"
            raise InputError(msg, file=label) from exc
        except IsADirectoryError as exc:
            msg = f"{label}: is a folder, not a CSV file"
            raise InputError(msg, file=label) from exc
        except OSError as exc:
            msg = f"{label}: cannot be read ({exc.strerror})"
            raise InputError(msg, file=label) from exc
        text, encoding, notes = _decode(raw, label)
    else:
        label = name or str(getattr(source, "name", "<stream>"))
        text, encoding, notes = source.read(), "text", ()
    if not text.strip():
        msg = f"{label}: the file is empty; expected a header row and accounts"
        raise InputError(msg, file=label)
    mapping = _stage_lookup(stage_map)
    return _load_rows(text, label, encoding, notes, columns, mapping, strict)


def _stage_lookup(stage_map: Mapping[str, Stage | str] | StageMap | None) -> Mapping[str, Stage]:
    if isinstance(stage_map, StageMap):
        return _StageMapView(stage_map)
    source = DEFAULT_STAGE_MAP if stage_map is None else stage_map
    return {k.strip().casefold(): Stage(v) for k, v in source.items()}


class _StageMapView(Mapping[str, Stage]):
    """A :class:`StageMap` seen as the value -> stage mapping the row parser uses."""

    def __init__(self, stage_map: StageMap) -> None:
        self._map = stage_map

    def __getitem__(self, value: str) -> Stage:
        stage = self._map.lookup(value)
        if stage is None:
            raise KeyError(value)
        return stage

    def __iter__(self) -> Iterator[str]:
        return iter(self._map.values())

    def __len__(self) -> int:
        return len(self._map.values())

    def reason(self, value: str) -> str | None:
        """Why the map does not place ``value``."""
        return self._map.reason(value)


@frozen(kw_only=True)
class _RowSpec:
    """How to turn one CSV row of a given file into an account."""

    label: str
    header: tuple[str, ...]
    index: Mapping[str, int]
    stages: Mapping[str, Stage]
    extras: tuple[tuple[int, str], ...] = field(converter=_tuple)

    def parse(
        self, row: Sequence[str], line: int, first_line: Mapping[str, int]
    ) -> tuple[Account | None, list[LoadIssue]]:
        """Return the row's account (``None`` when rejected) and its issues."""
        issues: list[LoadIssue] = []

        def problem(column: str, value: str, reason: str, severity: Severity = "error") -> None:
            issues.append(
                LoadIssue(
                    file=self.label,
                    line=line,
                    field=column,
                    value=value,
                    reason=reason,
                    severity=severity,
                )
            )

        if len(row) != len(self.header):
            found = len(row)
            problem(
                "(row)",
                f"{found} cells",
                f"expected {len(self.header)} cells as in the header, found {found}",
            )
            return None, issues

        def cell(canonical: str) -> str:
            position = self.index.get(canonical)
            return row[position].strip() if position is not None else ""

        def column(canonical: str) -> str:
            return self.header[self.index[canonical]]

        account_id, company, stage_text = cell("id"), cell("name"), cell("stage")
        if not account_id:
            problem(column("id"), "", "blank id; every account needs an id")
        elif account_id in first_line:
            reason = f"duplicate id {account_id!r} (first on line {first_line[account_id]})"
            problem(column("id"), account_id, reason)
        if not company:
            problem(column("name"), "", "blank company name")
        stage = self.stages.get(stage_text.casefold())
        if stage is None:
            hint = ", ".join(sorted(self.stages))
            reason = (
                f"unknown stage {stage_text!r}; use one of {hint} or add it to the stage map"
                if stage_text
                else f"blank stage; use one of {hint}"
            )
            if stage_text and isinstance(self.stages, _StageMapView):
                reason = f"stage {stage_text!r}: {self.stages.reason(stage_text)}"
            problem(column("stage"), stage_text, reason)
        amount: float | None = None
        amount_text = cell("amount")
        if amount_text:
            try:
                amount = _parse_amount(amount_text)
            except ValueError:
                reason = f"amount {amount_text!r} is not a number >= 0; amount left empty"
                problem(column("amount"), amount_text, reason, "warning")
        if stage is None or any(i.severity == "error" for i in issues):
            return None, issues
        owner_name, owner_email = cell("owner_name"), cell("owner_email")
        has_owner = bool(owner_name or owner_email)
        account = Account(
            id=account_id,
            name=company,
            website=cell("domain") or None,
            stage=stage,
            owner=Owner(owner_name or None, owner_email or None) if has_owner else None,
            amount=amount,
            identifiers={k: cell(k) for k in _IDENTIFIER_COLUMNS if cell(k)},
            extra={h: row[i] for i, h in self.extras if row[i].strip()},
        )
        return account, issues


def _load_rows(
    text: str,
    label: str,
    encoding: str,
    notes: tuple[str, ...],
    columns: Mapping[str, str] | None,
    stages: Mapping[str, Stage],
    strict: bool,
) -> LoadResult:
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            text[:65536], delimiters=",;\t|"
        )
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(_io.StringIO(text, newline=""), dialect)
    try:
        header = next(reader)
    except csv.Error as exc:
        msg = f"{label}: line 1: not a readable CSV header ({exc})"
        raise SchemaError(msg, file=label, row=1) from exc
    index = _resolve_columns(header, label, columns)
    known = set(index.values())
    extras = tuple((i, h.strip()) for i, h in enumerate(header) if i not in known and h.strip())
    spec = _RowSpec(
        label=label,
        header=tuple(h.strip() for h in header),
        index=index,
        stages=stages,
        extras=extras,
    )
    accounts: list[Account] = []
    issues: list[LoadIssue] = []
    first_line: dict[str, int] = {}
    rows_read = 0
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            rows_read += 1
            issues.append(
                LoadIssue(
                    file=label, line=line, field="(row)", value="", reason=f"malformed CSV: {exc}"
                )
            )
            break
        if not any(cell.strip() for cell in row):
            continue  # blank lines are not rows
        rows_read += 1
        account, row_issues = spec.parse(row, line, first_line)
        issues.extend(row_issues)
        if account is not None:
            accounts.append(account)
            first_line[account.id] = line
    report = LoadReport(
        file=label,
        encoding=encoding,
        rows_read=rows_read,
        rows_loaded=len(accounts),
        issues=issues,
        notes=notes,
    )
    if strict and issues:
        first = issues[0]
        error_type = (
            UnknownStageError if first.field == header[index["stage"]].strip() else InputError
        )
        more = f" (and {len(issues) - 1} more)" if len(issues) > 1 else ""
        message = f"{first}{more}"
        raise error_type(
            message,
            file=label,
            row=first.line,
            column=first.field,
            value=first.value,
            issues=issues,
        )
    return LoadResult(accounts=accounts, report=report)


def summary_to_dict(summary: PartnerSummary) -> dict[str, Any]:
    """Return a Partner Summary as plain JSON-safe data (as :meth:`PartnerSummary.to_dict`)."""
    return summary_dict(summary)


_OVERLAP_COLUMNS = (
    "account_id",
    "account_name",
    "our_stage",
    "partner",
    "partner_account_id",
    "partner_account_name",
    "partner_stage",
    "play",
    "plays",
    "strength",
    "contact_owner",
    "owner_name",
    "owner_email",
    "confidence",
    "rule",
    "evidence",
)
_SUMMARY_COLUMNS = (
    "account_id",
    "account_name",
    "our_stage",
    "play",
    "partner",
    "partner_stage",
    "owner_name",
    "owner_email",
    "owner_note",
    "alternatives",
    "reason",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: object) -> str:
    """Return a CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def _overlap_row(o: Overlap) -> list[str]:
    owner = o.partner_account.owner if o.call.contact_owner else None
    return [
        _safe(v)
        for v in (
            o.account.id,
            o.account.name,
            o.our_stage.value,
            o.partner,
            o.partner_account.id,
            o.partner_account.name,
            o.partner_stage.value,
            o.call.play.value,
            " ".join(p.value for p in o.call.plays),
            o.call.rank,
            "yes" if o.call.contact_owner else "no",
            owner.name if owner else "",
            owner.email if owner else "",
            f"{o.match.confidence:.4f}",
            o.match.evidence.rule,
            "; ".join(o.match.evidence.signals),
        )
    ]


def _summary_row(s: PartnerSummary) -> list[str]:
    alternatives = "; ".join(
        f"{o.partner} ({o.partner_stage.value}, {o.call.play.value})" for o in s.alternatives
    )
    return [
        _safe(v)
        for v in (
            s.account.id,
            s.account.name,
            s.account.stage.value,
            s.play.value,
            s.partner,
            s.partner_stage.value,
            s.owner.name if s.owner else "",
            s.owner.email if s.owner else "",
            s.owner_note,
            alternatives,
            s.reason,
        )
    ]


def write_results(
    account_map: AccountMap,
    out_dir: str | os.PathLike[str],
    *,
    taken_at: datetime | None = None,
) -> tuple[Path, ...]:
    """Write ``overlaps.csv``, ``summaries.csv``, ``summaries.json`` and ``snapshot.json``.

    Also writes ``accounts.csv`` (our accounts), ``partner_accounts.csv`` (the partner
    accounts that matched, with a ``partner`` column) and ``map.json`` (evidence, play
    calls, candidates, playbook order), from which :func:`read_account_map` rebuilds
    the same map.

    CSV cells that a spreadsheet would run as a formula are prefixed with ``'``.
    ``snapshot.json`` is the run's :class:`~cocorev.snapshot.Snapshot`, which
    ``cocorev signals`` diffs against a later run.

    Args:
        account_map: The mapping to write.
        out_dir: The folder; created if missing.
        taken_at: When the mapping was taken, recorded in ``snapshot.json``
            (timezone-aware); the current UTC time when ``None``.

    Returns:
        The paths written.
    """
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    overlaps_path = folder / "overlaps.csv"
    with overlaps_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(_OVERLAP_COLUMNS)
        writer.writerows(_overlap_row(o) for o in account_map.overlaps)
    summaries_path = folder / "summaries.csv"
    with summaries_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(_SUMMARY_COLUMNS)
        writer.writerows(_summary_row(s) for s in account_map.summaries.values())
    json_path = folder / "summaries.json"
    payload = [summary_to_dict(s) for s in account_map.summaries.values()]
    json_path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    snapshot_path = folder / "snapshot.json"
    snapshot = account_map.snapshot(taken_at=taken_at)
    snapshot_path.write_text(snapshot.to_json(indent=1) + "\n", encoding="utf-8")
    return (
        overlaps_path,
        summaries_path,
        json_path,
        snapshot_path,
        *write_map_files(account_map, folder),
    )
