"""CRM stage mappings: which population a CRM's own stage value stands for.

A :class:`StageMap` places the values of one CRM field (HubSpot's lifecycle stage,
Salesforce's Account Type or Opportunity Stage) into the three populations of
:class:`~cocorev.models.Stage`. Values it does not place are never guessed: they are
reported, value by value, with the reason (see :func:`stage_report`).

Values are compared after folding case and dropping everything but letters and
digits, so HubSpot's internal value ``marketingqualifiedlead`` and its display label
``Marketing Qualified Lead`` are the same key.

Example:
    >>> HUBSPOT_LIFECYCLE.lookup("Marketing Qualified Lead")
    <Stage.LEAD: 'lead'>
    >>> HUBSPOT_LIFECYCLE.lookup("other") is None
    True
    >>> SALESFORCE_ACCOUNT_TYPE.lookup("Customer - Channel")
    <Stage.CUSTOMER: 'customer'>
    >>> values = ["Closed Won", "Closed Lost", "closed lost"]
    >>> report = stage_report(values, SALESFORCE_OPPORTUNITY_STAGE)
    >>> report.unmapped_count, report.unmapped[0].value, report.unmapped[0].count
    (2, 'Closed Lost', 2)

Added in 0.2.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from attrs import field, frozen, validators

from cocorev.errors import ConfigError
from cocorev.models import Stage, _tuple

__all__ = [
    "HUBSPOT_LIFECYCLE",
    "PRESETS",
    "SALESFORCE_ACCOUNT_TYPE",
    "SALESFORCE_OPPORTUNITY_STAGE",
    "StageMap",
    "StageReport",
    "UnmappedValue",
    "stage_key",
    "stage_report",
]

_NOT_ALNUM = re.compile(r"[\W_]+")

_UNKNOWN_REASON = "unknown stage value for {name}; add it with StageMap.override() or a custom map"
_BLANK_REASON = "blank stage; fill it in the CRM"


def stage_key(value: str) -> str:
    """Return the comparison key of a CRM stage value: case-folded letters and digits only.

    Example:
        >>> stage_key("Proposal/Price Quote"), stage_key(" marketingqualifiedlead ")
        ('proposalpricequote', 'marketingqualifiedlead')
    """
    return _NOT_ALNUM.sub("", value.casefold())


def _stage_pairs(
    value: Mapping[str, Stage | str] | Iterable[tuple[str, Stage | str]],
) -> tuple[tuple[str, Stage], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    pairs: list[tuple[str, Stage]] = []
    for raw, stage in items:
        try:
            pairs.append((str(raw), Stage(stage)))
        except ValueError as exc:
            msg = (
                f"stage map entry {raw!r}: {stage!r} is not a stage; "
                f"use one of {', '.join(s.value for s in Stage)} (or None to leave it unmapped)"
            )
            raise ConfigError(msg) from exc
    return tuple(pairs)


def _reason_pairs(
    value: Mapping[str, str] | Iterable[tuple[str, str]],
) -> tuple[tuple[str, str], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple((str(k), str(v)) for k, v in items)


@frozen(kw_only=True)
class StageMap:
    """How one CRM field's values map to stages; anything else is reported, never guessed.

    Build one with :meth:`custom`, start from a preset (:data:`HUBSPOT_LIFECYCLE`,
    :data:`SALESFORCE_ACCOUNT_TYPE`, :data:`SALESFORCE_OPPORTUNITY_STAGE`), and adjust a
    preset with :meth:`override`. Pass it to :func:`cocorev.io.read_accounts` as
    ``stage_map=``.

    Attributes:
        name: A short name used in reports (``hubspot-lifecycle``).
        entries: CRM value -> stage, values as the CRM spells them.
        prefixes: Value prefix -> stage, for picklists with variants
            (Salesforce ``Customer - Direct``); exact entries win over prefixes.
        unmapped: CRM values known to stand for no population, with the reason
            (``Closed Lost``: the deal is gone). They are reported, not placed.
    """

    name: str = field(validator=validators.instance_of(str))
    entries: tuple[tuple[str, Stage], ...] = field(converter=_stage_pairs)
    prefixes: tuple[tuple[str, Stage], ...] = field(default=(), converter=_stage_pairs)
    unmapped: tuple[tuple[str, str], ...] = field(default=(), converter=_reason_pairs)
    _index: Mapping[str, Stage] = field(init=False, eq=False, hash=False, repr=False)
    _reasons: Mapping[str, str] = field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        index: dict[str, Stage] = {}
        spelled: dict[str, str] = {}
        for raw, stage in self.entries:
            key = stage_key(raw)
            if not key:
                msg = f"stage map {self.name!r}: entry {raw!r} has no letters or digits"
                raise ConfigError(msg)
            if key in index and index[key] is not stage:
                msg = (
                    f"stage map {self.name!r}: {spelled[key]!r} and {raw!r} are the same value "
                    f"but map to {index[key].value} and {stage.value}; keep one"
                )
                raise ConfigError(msg)
            index[key], spelled[key] = stage, raw
        reasons: dict[str, str] = {}
        for raw, reason in self.unmapped:
            key = stage_key(raw)
            if key in index:
                msg = (
                    f"stage map {self.name!r}: {raw!r} is both mapped to {index[key].value} "
                    "and listed as unmapped; keep one"
                )
                raise ConfigError(msg)
            reasons[key] = reason
        for raw, _stage in self.prefixes:
            if not stage_key(raw):
                msg = f"stage map {self.name!r}: prefix {raw!r} has no letters or digits"
                raise ConfigError(msg)
        object.__setattr__(self, "_index", MappingProxyType(index))
        object.__setattr__(self, "_reasons", MappingProxyType(reasons))

    @classmethod
    def custom(
        cls,
        mapping: Mapping[str, Stage | str | None],
        *,
        name: str = "custom",
        prefixes: Mapping[str, Stage | str] | None = None,
    ) -> StageMap:
        """Return a stage map from your own CRM values.

        Args:
            mapping: CRM value -> stage (a :class:`Stage` or its value). Map a value to
                ``None`` to record that it stands for no population: it is then
                reported as deliberately unmapped instead of unknown.
            name: A short name used in reports.
            prefixes: Value prefix -> stage, for picklists with variants.

        Returns:
            The stage map.

        Raises:
            ConfigError: A value that is not a stage, or one CRM value mapped twice.

        Example:
            >>> m = StageMap.custom({"Won": "customer", "Open": "opportunity", "Lost": None})
            >>> m.lookup("won"), m.lookup("Lost"), m.reason("Lost")
            (<Stage.CUSTOMER: 'customer'>, None, 'mapped to no stage in custom')
        """
        entries = {k: v for k, v in mapping.items() if v is not None}
        unmapped = {k: f"mapped to no stage in {name}" for k, v in mapping.items() if v is None}
        return cls(name=name, entries=entries, prefixes=dict(prefixes or {}), unmapped=unmapped)

    def override(self, mapping: Mapping[str, Stage | str | None]) -> StageMap:
        """Return a copy with some values placed differently (or, with ``None``, unplaced).

        Example:
            >>> m = HUBSPOT_LIFECYCLE.override({"other": "lead", "subscriber": None})
            >>> m.lookup("other"), m.lookup("subscriber")
            (<Stage.LEAD: 'lead'>, None)
        """
        keys = {stage_key(k) for k in mapping}
        entries = [(k, v) for k, v in self.entries if stage_key(k) not in keys]
        entries += [(k, Stage(v)) for k, v in _checked(mapping).items() if v is not None]
        unmapped = [(k, r) for k, r in self.unmapped if stage_key(k) not in keys]
        unmapped += [
            (k, f"mapped to no stage by override of {self.name}")
            for k, v in mapping.items()
            if v is None
        ]
        return StageMap(name=self.name, entries=entries, prefixes=self.prefixes, unmapped=unmapped)

    def lookup(self, value: str) -> Stage | None:
        """Return the stage a CRM value stands for, or ``None`` when the map does not place it.

        Exact entries win over prefixes; a value listed as unmapped is never matched by
        a prefix.
        """
        key = stage_key(value)
        if not key:
            return None
        found = self._index.get(key)
        if found is not None or key in self._reasons:
            return found
        for prefix, stage in self.prefixes:
            if key.startswith(stage_key(prefix)):
                return stage
        return None

    def reason(self, value: str) -> str | None:
        """Return why a value is not placed, or ``None`` when :meth:`lookup` places it."""
        if self.lookup(value) is not None:
            return None
        key = stage_key(value)
        if not key:
            return _BLANK_REASON
        return self._reasons.get(key, _UNKNOWN_REASON.format(name=self.name))

    def values(self) -> tuple[str, ...]:
        """Return the CRM values the map places, as spelled in the map, in map order."""
        return tuple(k for k, _ in self.entries)


def _checked(mapping: Mapping[str, Stage | str | None]) -> dict[str, Stage | str | None]:
    _stage_pairs({k: v for k, v in mapping.items() if v is not None})  # raises ConfigError
    return dict(mapping)


@frozen(kw_only=True)
class UnmappedValue:
    """One CRM value a stage map does not place, with how often it occurred.

    Attributes:
        value: The value as first seen (``""`` for blank).
        count: How many times it occurred (any spelling with the same key).
        reason: Why it is not placed.
    """

    value: str
    count: int = field(validator=validators.ge(1))
    reason: str


def _counts(value: Mapping[Stage, int]) -> Mapping[Stage, int]:
    return MappingProxyType({s: int(value.get(s, 0)) for s in Stage})


@frozen(kw_only=True, eq=False)
class StageReport:
    """How a column of CRM stage values maps: counts per stage, and every unmapped value.

    Attributes:
        stage_map: The name of the map used.
        total: Values looked at.
        mapped: Stage -> how many values landed there (every stage present, maybe 0).
        unmapped: Each value that was not placed, most frequent first, then by value.
    """

    stage_map: str
    total: int
    mapped: Mapping[Stage, int] = field(converter=_counts)
    unmapped: tuple[UnmappedValue, ...] = field(converter=_tuple)

    @property
    def unmapped_count(self) -> int:
        """How many values were not placed."""
        return sum(u.count for u in self.unmapped)

    @property
    def ok(self) -> bool:
        """Whether every value was placed."""
        return not self.unmapped

    def __str__(self) -> str:
        placed = ", ".join(f"{s.value} {n}" for s, n in self.mapped.items())
        lines = [f"{self.total} value(s) with {self.stage_map}: {placed}"]
        lines += [f"  unmapped {u.value!r} x{u.count}: {u.reason}" for u in self.unmapped]
        return "\n".join(lines)


def stage_report(values: Iterable[str | None], stage_map: StageMap) -> StageReport:
    """Count where each CRM stage value lands, and list every value that lands nowhere.

    Args:
        values: The stage column, one value per account (``None`` counts as blank).
        stage_map: The map to apply.

    Returns:
        The :class:`StageReport`.

    Example:
        >>> r = stage_report(["lead", "Lead", "other", "", "customer"], HUBSPOT_LIFECYCLE)
        >>> r.mapped[Stage.LEAD], tuple((u.value, u.count) for u in r.unmapped)
        (2, (('', 1), ('other', 1)))
    """
    mapped: Counter[Stage] = Counter()
    unmapped: Counter[str] = Counter()
    first_spelling: dict[str, str] = {}
    total = 0
    for raw in values:
        total += 1
        value = (raw or "").strip()
        stage = stage_map.lookup(value)
        if stage is not None:
            mapped[stage] += 1
            continue
        key = stage_key(value)
        first_spelling.setdefault(key, value)
        unmapped[key] += 1
    rows = [
        UnmappedValue(
            value=first_spelling[key],
            count=count,
            reason=stage_map.reason(first_spelling[key]) or _BLANK_REASON,
        )
        for key, count in unmapped.items()
    ]
    rows.sort(key=lambda u: (-u.count, u.value.casefold(), u.value))
    return StageReport(stage_map=stage_map.name, total=total, mapped=mapped, unmapped=rows)


_NOT_A_POPULATION = "not a sales population (a relationship type, not a customer or prospect)"

#: HubSpot contact/company lifecycle stage, internal values and display labels.
HUBSPOT_LIFECYCLE = StageMap(
    name="hubspot-lifecycle",
    entries=(
        ("subscriber", Stage.LEAD),
        ("lead", Stage.LEAD),
        ("marketingqualifiedlead", Stage.LEAD),
        ("salesqualifiedlead", Stage.OPPORTUNITY),
        ("opportunity", Stage.OPPORTUNITY),
        ("customer", Stage.CUSTOMER),
        ("evangelist", Stage.CUSTOMER),
    ),
    unmapped=(
        (
            "other",
            "HubSpot lifecycle 'other' places the record in no population; "
            "set a real lifecycle stage or override the map",
        ),
    ),
)

#: Salesforce Account ``Type`` picklist: ``Customer*`` and ``Prospect`` are placed.
SALESFORCE_ACCOUNT_TYPE = StageMap(
    name="salesforce-account-type",
    entries=(
        ("Customer", Stage.CUSTOMER),
        ("Customer - Direct", Stage.CUSTOMER),
        ("Customer - Channel", Stage.CUSTOMER),
        ("Prospect", Stage.LEAD),
    ),
    prefixes=(("Customer", Stage.CUSTOMER),),
    unmapped=tuple(
        (value, f"Salesforce Account Type {value!r} is {_NOT_A_POPULATION}")
        for value in (
            "Channel Partner / Reseller",
            "Installation Partner",
            "Technology Partner",
            "Partner",
            "Reseller",
            "Integrator",
            "Competitor",
            "Analyst",
            "Press",
            "Investor",
            "Other",
        )
    ),
)

_OPEN_OPPORTUNITY_STAGES = (
    "Prospecting",
    "Qualification",
    "Needs Analysis",
    "Value Proposition",
    "Id. Decision Makers",
    "Perception Analysis",
    "Proposal/Price Quote",
    "Negotiation/Review",
)

#: Salesforce Opportunity ``StageName``: open stages are opportunities, Closed Won a customer.
SALESFORCE_OPPORTUNITY_STAGE = StageMap(
    name="salesforce-opportunity-stage",
    entries=(
        *((value, Stage.OPPORTUNITY) for value in _OPEN_OPPORTUNITY_STAGES),
        ("Closed Won", Stage.CUSTOMER),
    ),
    unmapped=(
        (
            "Closed Lost",
            "closed-lost: the deal is gone, so the account is in no population; "
            "map it with override() if you treat lost deals as leads",
        ),
    ),
)

#: Every preset by name, for command-line options and configuration files.
PRESETS: Mapping[str, StageMap] = MappingProxyType(
    {m.name: m for m in (HUBSPOT_LIFECYCLE, SALESFORCE_ACCOUNT_TYPE, SALESFORCE_OPPORTUNITY_STAGE)}
)
