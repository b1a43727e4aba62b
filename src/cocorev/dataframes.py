"""pandas in and out: accounts from a DataFrame, and an account map as DataFrames.

Needs the optional ``pandas`` extra (``pip install 'cocorev[pandas]'``). The rest of
cocorev never imports pandas.

Example:
    >>> import pandas as pd
    >>> from cocorev.dataframes import accounts_from_dataframe
    >>> df = pd.DataFrame({"id": [1, 2], "name": ["Acme", ""], "stage": ["lead", "lead"]})
    >>> loaded = accounts_from_dataframe(df)
    >>> tuple(a.id for a in loaded), tuple(str(i) for i in loaded.report.issues)
    (('1',), ('<DataFrame>:2: name: blank company name',))
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from attrs import frozen

from cocorev.io import (
    _SUMMARY_COLUMNS,
    ColumnPreset,
    LoadIssue,
    LoadResult,
    PresetName,
    _load_rows,
    _make_spec,
    _resolve_preset,
    _RowSpec,
)
from cocorev.models import Account, Stage

try:
    import pandas as pd
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    msg = "cocorev.dataframes needs pandas: pip install 'cocorev[pandas]'"
    raise ImportError(msg) from exc

if TYPE_CHECKING:
    from cocorev.models import AccountMap

__all__ = [
    "ACCOUNT_COLUMNS",
    "MapFrames",
    "account_map_frames",
    "accounts_from_dataframe",
    "accounts_to_dataframe",
]

#: The columns of :func:`accounts_to_dataframe`, which :func:`accounts_from_dataframe` reads.
ACCOUNT_COLUMNS = ("id", "name", "domain", "stage", "owner_name", "owner_email", "amount")


def _cell(value: Any) -> str:
    """Return a DataFrame value as cell text: missing values blank, whole floats as ints."""
    if value is None or value is pd.NaT:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (_dt.date, _dt.datetime, pd.Timestamp)):
        return value.isoformat()
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):  # list-like cells: not a missing value
        pass
    return str(value)


def accounts_from_dataframe(
    df: pd.DataFrame,
    *,
    columns: Mapping[str, str] | None = None,
    preset: PresetName | ColumnPreset | None = None,
    stage_map: Mapping[str, Stage | str] | None = None,
    strict: bool = False,
    name: str = "<DataFrame>",
) -> LoadResult:
    """Read accounts from a DataFrame, with the same columns, checks and report as CSV.

    The DataFrame's column names play the header row's part (presets, detection and
    column mappings work as in :func:`cocorev.io.read_accounts`). Missing values are
    blank cells; whole floats (ids in a column with gaps) read as integers. An issue's
    ``line`` is the 1-based row position: ``df.iloc[issue.line - 1]``.

    Args:
        df: The accounts, one per row.
        columns: Field -> column name, overriding the preset for that field.
        preset: ``"hubspot"``, ``"salesforce"``, ``"generic"`` or a preset; ``None``
            detects it from the column names.
        stage_map: CRM stage value -> stage, replacing the preset's stage map.
        strict: Raise on the first row problem instead of reporting it.
        name: The name used in messages.

    Returns:
        The valid accounts and the load report.

    Raises:
        SchemaError: Required columns are missing or a column appears twice.
        InputError: With ``strict=True``, the first row problem.
    """
    header = [str(c) for c in df.columns]
    spec, used, notes = _make_spec(
        header, name, preset=_resolve_preset(preset), columns=columns, stage_map=stage_map
    )

    def rows() -> Iterator[tuple[_RowSpec, int, tuple[str, ...]] | LoadIssue]:
        for position, values in enumerate(df.itertuples(index=False, name=None), start=1):
            cells = tuple(_cell(v) for v in values)
            if any(c.strip() for c in cells):
                yield spec, position, cells

    return _load_rows(
        rows(),
        label=name,
        stage_column=spec.stage_column,
        encoding="dataframe",
        notes=notes,
        preset=used.name,
        strict=strict,
    )


def accounts_to_dataframe(accounts: Iterable[Account]) -> pd.DataFrame:
    """Return accounts as a DataFrame that :func:`accounts_from_dataframe` reads back.

    Columns: :data:`ACCOUNT_COLUMNS`, then one column per external id kind and per
    extra field (sorted), each blank where an account has none.

    Args:
        accounts: The accounts.

    Returns:
        One row per account, every cell text except ``amount`` (float, NaN when unknown).
    """
    records: list[dict[str, Any]] = []
    kinds: set[str] = set()
    extras: set[str] = set()
    for account in accounts:
        record: dict[str, Any] = {
            "id": account.id,
            "name": account.name,
            "domain": account.website or "",
            "stage": account.stage.value,
            "owner_name": (account.owner.name or "") if account.owner else "",
            "owner_email": (account.owner.email or "") if account.owner else "",
            "amount": math.nan if account.amount is None else account.amount,
        }
        for kind, value in account.identifiers:
            record[kind] = value
            kinds.add(kind)
        for key, value in account.extra:
            record[key] = value
            extras.add(key)
        records.append(record)
    order = [*ACCOUNT_COLUMNS, *sorted(kinds), *sorted(extras - kinds - set(ACCOUNT_COLUMNS))]
    frame = pd.DataFrame.from_records(records, columns=order)
    text_columns = [c for c in order if c != "amount"]
    frame[text_columns] = frame[text_columns].fillna("").astype(object)
    frame["amount"] = frame["amount"].astype(float)
    return frame


@frozen(kw_only=True, eq=False)
class MapFrames:
    """An account map as DataFrames, for notebooks and further analysis.

    Attributes:
        overlaps: One row per overlap: our account, the partner's account, both stages,
            play, strength, owner to contact, confidence and match rule.
        summaries: One row per account of ours with overlaps: its Partner Summary.
        playbook: One row per play, in the playbook's order: ``play``, ``label`` and
            ``accounts`` (how many qualify).
    """

    overlaps: pd.DataFrame
    summaries: pd.DataFrame
    playbook: pd.DataFrame


_OVERLAP_FRAME_COLUMNS = (
    "account_id",
    "account_name",
    "our_stage",
    "amount",
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
)


def account_map_frames(account_map: AccountMap) -> MapFrames:
    """Return an account map's overlaps, summaries and playbook counts as DataFrames.

    Same as :meth:`AccountMap.to_pandas() <cocorev.models.AccountMap.to_pandas>`.

    Args:
        account_map: The mapping.

    Returns:
        The three frames.
    """
    overlap_rows = []
    for o in account_map.overlaps:
        owner = o.partner_account.owner if o.call.contact_owner else None
        overlap_rows.append(
            (
                o.account.id,
                o.account.name,
                o.our_stage.value,
                math.nan if o.account.amount is None else o.account.amount,
                o.partner,
                o.partner_account.id,
                o.partner_account.name,
                o.partner_stage.value,
                o.call.play.value,
                " ".join(p.value for p in o.call.plays),
                o.call.rank,
                o.call.contact_owner,
                (owner.name or "") if owner else "",
                (owner.email or "") if owner else "",
                o.match.confidence,
                o.match.evidence.rule,
            )
        )
    overlaps = pd.DataFrame.from_records(overlap_rows, columns=list(_OVERLAP_FRAME_COLUMNS))
    overlaps = overlaps.astype(
        {"amount": float, "strength": "int64", "contact_owner": bool, "confidence": float}
    )
    summary_rows = [
        (
            s.account.id,
            s.account.name,
            s.account.stage.value,
            s.play.value,
            s.partner,
            s.partner_stage.value,
            (s.owner.name or "") if s.owner else "",
            (s.owner.email or "") if s.owner else "",
            s.owner_note,
            "; ".join(
                f"{o.partner} ({o.partner_stage.value}, {o.call.play.value})"
                for o in s.alternatives
            ),
            s.reason,
        )
        for s in account_map.summaries.values()
    ]
    summaries = pd.DataFrame.from_records(summary_rows, columns=list(_SUMMARY_COLUMNS))
    playbook = pd.DataFrame.from_records(
        [(c.play.value, c.play.label, c.count) for c in account_map.playbook.cards],
        columns=["play", "label", "accounts"],
    ).astype({"accounts": "int64"})
    return MapFrames(overlaps=overlaps, summaries=summaries, playbook=playbook)
