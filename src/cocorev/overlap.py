"""Account mapping: our accounts against every partner's, to overlaps, summaries and plays.

Example:
    >>> from cocorev.models import Account, Owner, Stage
    >>> ours = [Account(id="1", name="Acme Inc.", website="acme.com", stage=Stage.OPPORTUNITY)]
    >>> northwind = [Account(id="n9", name="ACME", website="www.acme.com",
    ...                      stage=Stage.CUSTOMER, owner=Owner("Ann Lee", "ann@northwind.example"))]
    >>> amap = map_accounts(ours, {"Northwind": northwind})
    >>> card = amap.summaries["1"]
    >>> card.play.label, card.partner_stage.label, str(card.owner)
    ('Accelerate Opportunities', 'Customer', 'Ann Lee <ann@northwind.example>')
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Protocol

from cocorev._runtime import paused_gc
from cocorev.errors import InputError
from cocorev.match import MatchConfig, Matcher, _known_keys
from cocorev.models import (
    Account,
    AccountMap,
    Candidate,
    Overlap,
    PartnerSummary,
    Play,
    Playbook,
    PlaybookCard,
    PlaybookEntry,
)
from cocorev.normalize import _Keys
from cocorev.plays import PLAY_ORDER, classify, strength

__all__ = ["CreditSource", "connection_order", "map_accounts"]


class _Credit(Protocol):
    @property
    def score(self) -> float: ...


class CreditSource(Protocol):
    """Anything that answers a partner's give-to-get credit, such as a Ledger."""

    def credit(self, partner: str) -> _Credit:
        """Return the credit with ``partner``; its ``score`` ranks partners."""
        ...


#: Partner name -> give-to-get credit with that partner (higher ranks first on ties).
CreditLookup = Mapping[str, float] | Callable[[str], float]

GENERATE_OWNER_NOTE = (
    "Generate play: do not contact the partner's owner yet. Use the context to tailor "
    "your outreach without revealing it; come back to Accelerate when the lead becomes "
    "an opportunity."
)


def _credit_function(credit: CreditLookup | None) -> Callable[[str], float]:
    if credit is None:
        return lambda _partner: 0.0
    if callable(credit):
        return credit
    table = dict(credit)
    return lambda partner: float(table.get(partner, 0.0))


def connection_order(
    credit: CreditLookup | None = None,
) -> Callable[[Overlap], tuple[int, float, float, str, str]]:
    """Return the sort key that ranks one account's partner connections.

    Partner stage first (Customer, then Opportunity, then Lead), then the give-to-get
    credit with the partner (most first), then match confidence (highest first), then
    partner name and partner account id, so the order is total.

    Args:
        credit: Credit per partner, as a mapping or a function; none means all equal.

    Returns:
        A key function for :func:`sorted`.
    """
    credit_of = _credit_function(credit)
    cache: dict[str, float] = {}

    def key(overlap: Overlap) -> tuple[int, float, float, str, str]:
        partner = overlap.partner
        if partner not in cache:
            cache[partner] = credit_of(partner)
        return (
            overlap.partner_stage.order,
            -cache[partner],
            -overlap.match.confidence,
            partner,
            overlap.partner_account.id,
        )

    return key


def _summary(account: Account, ranked: list[Overlap]) -> PartnerSummary:
    primary, alternatives = ranked[0], tuple(ranked[1:])
    call = primary.call
    partner_owner = primary.partner_account.owner
    if not call.contact_owner:
        owner = None
        owner_note = GENERATE_OWNER_NOTE
    elif partner_owner is None:
        owner = None
        owner_note = (
            f"{primary.partner} has no owner on record for this account; ask your partner manager."
        )
    else:
        owner = partner_owner
        owner_note = f"Contact {partner_owner} at {primary.partner}."
    evidence = primary.match.evidence.signals[0] if primary.match.evidence.signals else "matched"
    more = f" {len(alternatives)} other connection(s) in Alternatives." if alternatives else ""
    reason = (
        f"{call.play.label}: {call.reason} "
        f"{primary.partner} has it as {primary.partner_stage.label} ({evidence}).{more}"
    )
    return PartnerSummary(
        account=account,
        primary=primary,
        alternatives=alternatives,
        owner=owner,
        owner_note=owner_note,
        reason=reason,
    )


def _amount_key(account: Account) -> tuple[int, float]:
    return (0, -account.amount) if account.amount is not None else (1, 0.0)


def _playbook(by_account: Mapping[str, list[Overlap]], accounts: Mapping[str, Account]) -> Playbook:
    entries: dict[Play, list[PlaybookEntry]] = defaultdict(list)
    for account_id, ranked in by_account.items():
        account = accounts[account_id]
        for play in PLAY_ORDER:
            best: tuple[int, Overlap] | None = None
            for overlap in ranked:  # already in connection order: first best wins ties
                rank = strength(play, overlap.our_stage, overlap.partner_stage)
                if rank is not None and (best is None or rank < best[0]):
                    best = (rank, overlap)
            if best is not None:
                entries[play].append(
                    PlaybookEntry(account=account, overlap=best[1], strength=best[0])
                )
    cards = []
    for play in PLAY_ORDER:
        ranked_entries = sorted(
            entries[play],
            key=lambda e: (
                e.strength,
                *_amount_key(e.account),
                e.account.name.casefold(),
                e.account.id,
            ),
        )
        cards.append(PlaybookCard(play=play, entries=ranked_entries))
    return Playbook(cards=cards)


def map_accounts(
    ours: Iterable[Account],
    partners: Mapping[str, Iterable[Account]],
    *,
    config: MatchConfig | None = None,
    matcher: Matcher | None = None,
    credit: CreditLookup | None = None,
    ledger: CreditSource | None = None,
    progress: Callable[[str], None] | None = None,
) -> AccountMap:
    """Map our accounts against each partner's: overlaps, Partner Summaries, playbook.

    Args:
        ours: Our accounts; ids must be unique.
        partners: Partner name -> that partner's accounts.
        config: Matching settings (ignored when ``matcher`` is given).
        matcher: A configured :class:`~cocorev.match.Matcher` to reuse.
        credit: Give-to-get credit per partner, used to break ties between partner
            connections of equal stage (a mapping, or a function of the partner name).
        ledger: A give-to-get ledger (such as :class:`cocorev.ledger.Ledger`) to take
            that credit from, instead of ``credit``.
        progress: Called with a short description as each step starts ("matching
            Northwind", "summarising"), for progress displays.

    Returns:
        The :class:`~cocorev.models.AccountMap`.

    Raises:
        InputError: Duplicate ids on one side, a blank partner name, or ``partners``
            not a mapping of partner name to accounts.
    """
    if not isinstance(partners, Mapping):
        msg = (
            f"partners must be a mapping of partner name to accounts, got "
            f"{type(partners).__name__}; pass {{'Partner name': accounts}}"
        )
        raise InputError(msg, column="partners", value=type(partners).__name__)
    our_accounts = tuple(ours)
    engine = matcher or Matcher(config or MatchConfig())
    # Everything built here lives on and forms no cycle: the collector would only walk
    # the millions of records again and again (9 s of the 19 s spent summarising a
    # 1M x 1M map).
    with paused_gc():
        return _map_accounts(
            our_accounts, partners, engine, _known_keys(ours), credit, ledger, progress
        )


def _map_accounts(
    our_accounts: tuple[Account, ...],
    partners: Mapping[str, Iterable[Account]],
    engine: Matcher,
    our_keys: Sequence[_Keys] | None,
    credit: CreditLookup | None,
    ledger: CreditSource | None,
    progress: Callable[[str], None] | None,
) -> AccountMap:
    """:func:`map_accounts` once its arguments are settled."""
    # Our side is normalised once, whatever the number of partners.
    prepared = engine._prepare(our_accounts, "ours", our_keys)
    overlaps: list[Overlap] = []
    candidates: list[Candidate] = []
    partner_names: list[str] = []
    for partner, accounts in partners.items():
        if not isinstance(partner, str):
            msg = f"partner name must be text, got {type(partner).__name__} {partner!r}"
            raise InputError(msg, column="partner", value=repr(partner))
        if not partner or not partner.strip():
            msg = "partner name must not be blank"
            raise InputError(msg, column="partner", value=partner)
        partner_names.append(partner)
        if progress is not None:
            progress(f"matching {partner}")
        result = engine._match_prepared(prepared, tuple(accounts), _known_keys(accounts))
        for m in result.matches:
            call = classify(m.ours.stage, m.theirs.stage)
            overlaps.append(Overlap(match=m, partner=partner, call=call))
        candidates.extend(Candidate(match=m, partner=partner) for m in result.candidates)
    if progress is not None:
        progress("summarising")
    overlaps.sort(key=lambda o: (o.account.id, o.partner, o.partner_account.id))
    by_id = {a.id: a for a in our_accounts}
    if ledger is not None:
        source = ledger
        credit = lambda partner: source.credit(partner).score  # noqa: E731 - one-line adapter
    order = connection_order(credit)
    by_account: dict[str, list[Overlap]] = defaultdict(list)
    for overlap in overlaps:
        by_account[overlap.account.id].append(overlap)
    for ranked in by_account.values():
        ranked.sort(key=order)
    summaries = {
        account_id: _summary(by_id[account_id], ranked)
        for account_id, ranked in sorted(by_account.items())
    }
    return AccountMap(
        accounts=our_accounts,
        partners=partner_names,
        overlaps=overlaps,
        summaries=summaries,
        playbook=_playbook(by_account, by_id),
        candidates=sorted(
            candidates, key=lambda c: (c.match.ours.id, c.partner, c.match.theirs.id)
        ),
    )
