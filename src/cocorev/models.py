"""Enums and frozen value objects: the nouns of account mapping.

Everything here is immutable (``attrs`` ``@frozen``, slotted and hashable) unless it
says otherwise; derive changed copies with :func:`attrs.evolve`.

Example:
    >>> acme = Account(id="A1", name="Acme Inc.", website="acme.com", stage=Stage.CUSTOMER)
    >>> acme.stage.label
    'Customer'
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

from attrs import field, frozen, validators

from cocorev.errors import InputError, UnknownStageError

if TYPE_CHECKING:
    from datetime import datetime

    from cocorev.dataframes import MapFrames
    from cocorev.sharing import SharedView, SharingLevel
    from cocorev.snapshot import Snapshot

__all__ = [
    "Account",
    "AccountMap",
    "AskStatus",
    "Candidate",
    "Match",
    "MatchEvidence",
    "Overlap",
    "Owner",
    "PartnerSummary",
    "Play",
    "PlayCall",
    "Playbook",
    "PlaybookCard",
    "PlaybookEntry",
    "Stage",
]


class Stage(enum.StrEnum):
    """The population an account sits in, on our side or a partner's."""

    CUSTOMER = "customer"
    OPPORTUNITY = "opportunity"
    LEAD = "lead"

    @property
    def label(self) -> str:
        """The human label, as a Partner Summary card shows it."""
        return self.value.capitalize()

    @property
    def order(self) -> int:
        """Sort key: CUSTOMER (0) before OPPORTUNITY (1) before LEAD (2)."""
        return _STAGE_ORDER[self]


_STAGE_ORDER = {Stage.CUSTOMER: 0, Stage.OPPORTUNITY: 1, Stage.LEAD: 2}


class Play(enum.StrEnum):
    """The four ecosystem sales plays."""

    EXPANSION = "expansion"
    ACCELERATE = "accelerate"
    GENERATE = "generate"
    PARTNERSHIP = "partnership"

    @property
    def label(self) -> str:
        """The play's name as the article writes it."""
        return _PLAY_LABELS[self]


_PLAY_LABELS = {
    Play.EXPANSION: "Upsells & Expansion",
    Play.ACCELERATE: "Accelerate Opportunities",
    Play.GENERATE: "Generate Opportunities",
    Play.PARTNERSHIP: "Build Partnerships",
}


class AskStatus(enum.StrEnum):
    """Where an ask made of a partner stands."""

    PENDING = "pending"
    FULFILLED = "fulfilled"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """Freeze any iterable into a tuple (the converter of collection fields)."""
    return tuple(value)


def _pairs(
    value: Mapping[str, str] | Iterable[tuple[str, str]] | None,
) -> tuple[tuple[str, str], ...]:
    """Freeze a mapping (or pairs) into a key-sorted tuple of string pairs."""
    if not value:
        return ()
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted((str(k), str(v)) for k, v in items))


def _optional_amount(value: float | int | str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError) as exc:
        msg = f"amount must be a number, got {value!r}; parse CRM amounts with read_accounts"
        raise InputError(msg, column="amount", value=str(value)) from exc


def _finite_non_negative(_instance: object, attribute: object, value: float | None) -> None:
    if value is not None and (not math.isfinite(value) or value < 0):
        msg = f"amount must be a finite number >= 0, got {value!r}"
        raise InputError(msg, column="amount", value=str(value))


def _stage(value: Stage | str) -> Stage:
    try:
        return Stage(value)
    except ValueError as exc:
        choices = ", ".join(s.value for s in Stage)
        msg = f"unknown stage {value!r}; use one of {choices} or map it with a StageMap"
        raise UnknownStageError(msg, column="stage", value=str(value)) from exc


def _non_blank(_instance: object, attribute: object, value: str) -> None:
    name = getattr(attribute, "name", "value")
    if not isinstance(value, str):
        msg = f"{name} must be text, got {type(value).__name__} {value!r}"
        raise InputError(msg, column=name, value=str(value))
    if not value.strip():
        msg = f"{name} must not be blank"
        raise InputError(msg, column=name, value=value)


def _optional_text(_instance: object, attribute: object, value: str | None) -> None:
    if value is not None and not isinstance(value, str):
        name = getattr(attribute, "name", "value")
        msg = f"{name} must be text or None, got {type(value).__name__} {value!r}"
        raise InputError(msg, column=name, value=str(value))


@frozen
class Owner:
    """The person who owns an account in a CRM.

    Attributes:
        name: Display name, if the CRM had one.
        email: E-mail address, if the CRM had one.
    """

    name: str | None = field(default=None)
    email: str | None = field(default=None)

    def __str__(self) -> str:
        if self.name and self.email:
            return f"{self.name} <{self.email}>"
        return self.name or self.email or ""


@frozen(kw_only=True)
class Account:
    """One company record in a CRM: ours or a partner's.

    Attributes:
        id: The record's id, unique within its list.
        name: The company name as the CRM has it.
        website: The website or domain field exactly as the CRM had it (may hold a URL,
            an e-mail address or several domains); ``None`` when empty.
        stage: The population the account sits in.
        owner: Who owns the account, if known.
        amount: Open or won deal amount, if known.
        identifiers: External ids by kind (``duns``, ``lei``, ...), as sorted pairs.
        extra: Any other fields the CRM carried, as sorted pairs.
    """

    id: str = field(validator=_non_blank)
    name: str = field(validator=_non_blank)
    stage: Stage = field(converter=_stage, validator=validators.instance_of(Stage))
    website: str | None = field(default=None, validator=_optional_text)
    owner: Owner | None = field(
        default=None, validator=validators.optional(validators.instance_of(Owner))
    )
    amount: float | None = field(
        default=None, converter=_optional_amount, validator=_finite_non_negative
    )
    identifiers: tuple[tuple[str, str], ...] = field(default=(), converter=_pairs)
    extra: tuple[tuple[str, str], ...] = field(default=(), converter=_pairs)

    def identifier(self, kind: str) -> str | None:
        """Return the external id of ``kind`` (for example ``"duns"``), if any."""
        for key, value in self.identifiers:
            if key == kind:
                return value
        return None


_set_slot = object.__setattr__


def _checked_account(
    id: str,
    name: str,
    website: str | None,
    stage: Stage,
    owner: Owner | None,
    amount: float | None,
    identifiers: tuple[tuple[str, str], ...],
    extra: tuple[tuple[str, str], ...],
) -> Account:
    """Return the :class:`Account` of fields a reader has checked already.

    A reader checks every field of a row as :class:`Account`'s validators would (and
    reports what fails, with its line); building a million accounts then skips doing it
    twice. The result equals ``Account(...)`` of the same fields.
    """
    account: Account = object.__new__(Account)
    _set_slot(account, "id", id)
    _set_slot(account, "name", name)
    _set_slot(account, "stage", stage)
    _set_slot(account, "website", website)
    _set_slot(account, "owner", owner)
    _set_slot(account, "amount", amount)
    _set_slot(account, "identifiers", _pairs(identifiers))
    _set_slot(account, "extra", _pairs(extra))
    return account


DomainAgreement = Literal["equal", "brand_variant", "different", "missing", "not_evidence"]
MatchRule = Literal["identifier", "domain", "alias", "brand_variant", "name"]


@frozen(kw_only=True)
class MatchEvidence:
    """Why two records were judged to be the same company.

    Attributes:
        rule: The strongest signal that decided the match.
        name_score: Similarity of the normalised names, 0.0 to 1.0.
        domain_agreement: How the two records' domains relate.
        shared_domain: The domain key both records carry, when they share one.
        signals: Every signal that was looked at, one short sentence each.
    """

    rule: MatchRule
    name_score: float = field(validator=[validators.ge(0.0), validators.le(1.0)])
    domain_agreement: DomainAgreement
    shared_domain: str | None = None
    signals: tuple[str, ...] = field(default=(), converter=_tuple)


@frozen(kw_only=True)
class Match:
    """One of our accounts and one of theirs judged to be the same company.

    Attributes:
        ours: Our account.
        theirs: Their account.
        confidence: How sure the matcher is, 0.0 to 1.0.
        evidence: The signals behind the decision.
    """

    ours: Account
    theirs: Account
    confidence: float = field(validator=[validators.ge(0.0), validators.le(1.0)])
    evidence: MatchEvidence


@frozen(kw_only=True)
class PlayCall:
    """What an overlap of two stages calls for.

    Attributes:
        play: The primary play.
        plays: Every play the overlap qualifies for, primary first.
        rank: Strength of the overlap inside its primary play (1 = strongest).
        contact_owner: Whether to contact the partner's account owner.
        reason: A one-line rationale.
    """

    play: Play
    plays: tuple[Play, ...] = field(converter=_tuple)
    rank: int = field(validator=validators.ge(1))
    contact_owner: bool
    reason: str


@frozen(kw_only=True)
class Overlap:
    """One of our accounts matched to one partner account.

    Attributes:
        match: The match behind the overlap.
        partner: The partner's name.
        call: The play the overlap calls for.
    """

    match: Match
    partner: str
    call: PlayCall

    @property
    def account(self) -> Account:
        """Our account."""
        return self.match.ours

    @property
    def partner_account(self) -> Account:
        """The partner's account."""
        return self.match.theirs

    @property
    def our_stage(self) -> Stage:
        """Our stage on this account."""
        return self.match.ours.stage

    @property
    def partner_stage(self) -> Stage:
        """The partner's stage on this account."""
        return self.match.theirs.stage

    @property
    def play(self) -> Play:
        """The primary play."""
        return self.call.play


@frozen(kw_only=True)
class Candidate:
    """A pair in the review band: too uncertain to be an overlap, too close to ignore.

    Attributes:
        match: The pair with its confidence and evidence.
        partner: The partner's name.
    """

    match: Match
    partner: str


@frozen(kw_only=True)
class PartnerSummary:
    """The card a rep sees on a company record.

    Attributes:
        account: Our account.
        primary: The primary connection (partner stage first, then credit, then
            confidence, then partner name and id).
        alternatives: Every other connection for this account, ranked the same way.
        owner: Whom to contact at the partner, or ``None`` (Generate: not yet).
        owner_note: Why that owner, or why nobody is to be contacted yet.
        reason: A short human-readable rationale.
    """

    account: Account
    primary: Overlap
    alternatives: tuple[Overlap, ...] = field(converter=_tuple)
    owner: Owner | None
    owner_note: str
    reason: str

    @property
    def play(self) -> Play:
        """The primary play of the primary connection."""
        return self.primary.call.play

    @property
    def partner(self) -> str:
        """The partner on the primary connection."""
        return self.primary.partner

    @property
    def partner_stage(self) -> Stage:
        """The partner's stage on the primary connection."""
        return self.primary.partner_stage

    @property
    def evidence(self) -> MatchEvidence:
        """How we know the primary connection is the same company."""
        return self.primary.match.evidence

    @property
    def connections(self) -> tuple[Overlap, ...]:
        """The primary connection followed by the alternatives."""
        return (self.primary, *self.alternatives)

    def to_dict(self) -> dict[str, Any]:
        """Return the summary as JSON-safe data (enums as their values).

        The same data :func:`cocorev.io.summary_to_dict` returns and ``summaries.json``
        holds. Added in 0.2.
        """
        from cocorev._serialize import summary_dict  # one implementation, shared with io

        return summary_dict(self)

    def to_hubspot_card(
        self, *, object_id: int | None = None, link: str | None = None
    ) -> dict[str, Any]:
        """Return the JSON a HubSpot CRM card's data-fetch endpoint answers with.

        The shape is the one documented for CRM cards of legacy public apps: a
        ``results`` list with one object (``objectId``, ``title``, ``link``) whose
        ``properties`` are Play, Stage (a ``STATUS``: ``SUCCESS`` for a live customer
        relationship), Owner (or why nobody is to be contacted yet), Owner email
        (``EMAIL``, when known), Alternatives and Why.

        Args:
            object_id: The card object's numeric id; by default the account id when it
                is numeric (a HubSpot record id), else a stable CRC-32 of it.
            link: A URL with more details, or ``None``.

        Returns:
            The response body, ready for ``json.dumps``. Added in 0.2.
        """
        from cocorev._serialize import hubspot_card  # one implementation, shared with io

        return hubspot_card(self, object_id=object_id, link=link)

    def _repr_html_(self) -> str:
        """Render the Partner Summary card in a notebook."""
        from cocorev._html import summary_html

        return summary_html(self)


@frozen(kw_only=True)
class PlaybookEntry:
    """One account on a playbook card.

    Attributes:
        account: Our account.
        overlap: The strongest overlap that qualifies the account for the card's play.
        strength: That overlap's strength inside the play (1 = strongest).
    """

    account: Account
    overlap: Overlap
    strength: int

    @property
    def amount(self) -> float | None:
        """Our deal amount on the account, if known."""
        return self.account.amount


@frozen(kw_only=True)
class PlaybookCard:
    """One play's card: how many accounts qualify, and which, strongest first.

    Attributes:
        play: The play.
        entries: Every qualifying account, ranked by strength, then deal amount
            (largest first, unknown last), then account name and id.
    """

    play: Play
    entries: tuple[PlaybookEntry, ...] = field(converter=_tuple)

    @property
    def count(self) -> int:
        """Number of accounts that qualify for the play."""
        return len(self.entries)

    def view_customers(
        self, *, limit: int | None = None, offset: int = 0
    ) -> tuple[PlaybookEntry, ...]:
        """Return the ranked "view customers" list, a page at a time.

        Args:
            limit: At most this many entries; all when ``None``.
            offset: Skip this many entries first.

        Returns:
            The entries of the page, in rank order.
        """
        if offset < 0 or (limit is not None and limit < 0):
            msg = "limit and offset must be >= 0"
            raise ValueError(msg)
        stop = None if limit is None else offset + limit
        return self.entries[offset:stop]

    def to_dict(self, *, limit: int | None = None, offset: int = 0) -> dict[str, Any]:
        """Return the card as JSON-safe data: play, count, and one page of ranked accounts.

        Each account carries its 1-based ``rank`` on the whole card. Added in 0.2.
        """
        from cocorev._serialize import playbook_card_dict  # one implementation, shared with io

        return playbook_card_dict(self, limit=limit, offset=offset)


@frozen(kw_only=True)
class Playbook:
    """The leaders' view: one card per play, in the article's order.

    Attributes:
        cards: Four cards: Expansion, Accelerate, Generate, Build Partnerships.
    """

    cards: tuple[PlaybookCard, ...] = field(converter=_tuple)

    def card(self, play: Play | str) -> PlaybookCard:
        """Return the card of ``play``."""
        wanted = Play(play)
        for card in self.cards:
            if card.play is wanted:
                return card
        msg = f"no card for play {wanted!r}"  # pragma: no cover - every play has a card
        raise KeyError(msg)

    def counts(self) -> dict[Play, int]:
        """Return the number of qualifying accounts per play."""
        return {card.play: card.count for card in self.cards}

    def __iter__(self) -> Iterator[PlaybookCard]:
        return iter(self.cards)

    def to_dict(self, *, limit: int | None = None) -> dict[str, Any]:
        """Return counts per play and each card's top ``limit`` accounts as JSON-safe data.

        Added in 0.2.
        """
        from cocorev._serialize import playbook_dict  # one implementation, shared with io

        return playbook_dict(self, limit=limit)

    def _repr_html_(self) -> str:
        """Render the four cards in a notebook: counts and the top accounts of each."""
        from cocorev._html import playbook_html

        return playbook_html(self)


def _frozen_mapping(value: Mapping[str, PartnerSummary]) -> Mapping[str, PartnerSummary]:
    return MappingProxyType(dict(value))


@frozen(kw_only=True, eq=False)
class AccountMap:
    """Everything one mapping run found: overlaps, summaries and the playbook.

    Attributes:
        accounts: Our accounts, as given.
        partners: Each partner's name, in the order given.
        overlaps: Every overlap, ordered by our account id, partner, partner account id.
        summaries: Our account id -> its Partner Summary, for each account with overlaps.
        playbook: The four playbook cards.
        candidates: Pairs in the review band, not counted as overlaps.
    """

    accounts: tuple[Account, ...] = field(converter=_tuple)
    partners: tuple[str, ...] = field(converter=_tuple)
    overlaps: tuple[Overlap, ...] = field(converter=_tuple)
    summaries: Mapping[str, PartnerSummary] = field(converter=_frozen_mapping)
    playbook: Playbook
    candidates: tuple[Candidate, ...] = field(default=(), converter=_tuple)

    def overlaps_with(self, partner: str) -> tuple[Overlap, ...]:
        """Return the overlaps with one partner."""
        return tuple(o for o in self.overlaps if o.partner == partner)

    def shared_with(
        self, partner: str, level: SharingLevel | str, *, min_count: int = 3
    ) -> SharedView:
        """Return what ``partner`` may see of our overlap with them at ``level``.

        See :func:`cocorev.sharing.shared_with`: the view holds exactly what the
        level allows, and never our own ids, names, websites or amounts.

        Args:
            partner: The partner's name, as given to the mapping.
            level: ``nothing``, ``counts``, ``overlaps`` or ``owners``.
            min_count: Counts below this are shown as "fewer than N" (default 3).

        Returns:
            The :class:`~cocorev.sharing.SharedView`.
        """
        from cocorev.sharing import shared_with  # sharing imports models: import late

        return shared_with(self, partner, level, min_count=min_count)

    def snapshot(self, *, taken_at: datetime | None = None) -> Snapshot:
        """Freeze this mapping into a :class:`~cocorev.snapshot.Snapshot`, to diff later runs.

        Args:
            taken_at: When the mapping was taken (timezone-aware); the current UTC
                time when ``None``.

        Returns:
            The snapshot.
        """
        from cocorev.snapshot import Snapshot  # local: cocorev.snapshot imports this module

        return Snapshot.from_account_map(self, taken_at=taken_at)

    def to_pandas(self) -> MapFrames:
        """Return the overlaps, summaries and playbook counts as pandas DataFrames.

        Needs the optional ``pandas`` extra (``pip install 'cocorev[pandas]'``).

        Returns:
            A :class:`~cocorev.dataframes.MapFrames` with ``overlaps``, ``summaries``
            and ``playbook`` frames.
        """
        from cocorev.dataframes import account_map_frames

        return account_map_frames(self)

    def _repr_html_(self) -> str:
        """Render the map in a notebook: totals, counts per play, the top accounts per card."""
        from cocorev._html import account_map_html

        return account_map_html(self)
