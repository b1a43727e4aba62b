"""Which play to start with, how to run it, and whether you are ready to.

Three questions a rep or a leader asks before acting on an account map:

- :func:`recommend`: given my priority (and whether I am new to ecosystem selling),
  which play do I start with, why, and on which accounts first?
- :func:`guidance`: what is the play for, and what exactly do I do and ask?
- :func:`self_check`: am I ready to run this play with this partner? Each item of the
  quick self-check is answered pass, fail or unknown, with its reason and figures.

The give-to-get credit comes from any object with ``credit(partner).score`` (a
:class:`CreditSource`, such as the ledger); without one the relationship is reported
as unknown, never guessed.

Example:
    >>> rec = recommend("Closing deals faster", new_to_ecosystem=True)
    >>> rec.priority_play.label, rec.play.label
    ('Accelerate Opportunities', 'Generate Opportunities')
    >>> guidance(Play.GENERATE).contact_owner
    False

Added in 0.2.
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable

from attrs import field, frozen, validators

from cocorev._serialize import entry_dict
from cocorev.errors import ConfigError, InputError, UnknownPartnerError
from cocorev.models import (
    AccountMap,
    Overlap,
    Play,
    PlaybookEntry,
    _tuple,
)
from cocorev.plays import strength

__all__ = [
    "READY_MIN_PASSED",
    "AskGate",
    "AskVerdict",
    "CheckItem",
    "CheckStatus",
    "Checklist",
    "Credit",
    "CreditSource",
    "Figure",
    "PlayGuidance",
    "Priority",
    "Recommendation",
    "guidance",
    "recommend",
    "self_check",
]


# --- priorities ----------------------------------------------------------------------


def _phrase_key(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


class Priority(enum.StrEnum):
    """What the team wants most right now; each priority has a play to start with."""

    GROW_ACCOUNTS = "grow-accounts"
    CLOSE_FASTER = "close-faster"
    BUILD_PIPELINE = "build-pipeline"
    ECOSYSTEM_RESPOND = "ecosystem-respond"

    @property
    def label(self) -> str:
        """The priority as the article phrases it."""
        return _PRIORITY_LABELS[self]

    @property
    def play(self) -> Play:
        """The play this priority starts with."""
        return _PRIORITY_PLAYS[self]

    @classmethod
    def parse(cls, text: Priority | str) -> Priority:
        """Return the priority a value or a phrase names.

        Accepts the values (``close-faster``), member names (``CLOSE_FASTER``) and the
        article's phrases (``Closing deals faster``), ignoring case, punctuation,
        underscores and hyphens.

        Raises:
            ConfigError: Text that names no priority; the message lists the valid ones.

        Example:
            >>> Priority.parse("Getting your ecosystem to respond!")
            <Priority.ECOSYSTEM_RESPOND: 'ecosystem-respond'>
        """
        if isinstance(text, Priority):
            return text
        found = _PRIORITY_PHRASES.get(_phrase_key(str(text)))
        if found is None:
            values = ", ".join(p.value for p in cls)
            phrases = "; ".join(repr(p.label) for p in cls)
            msg = f"unknown priority {text!r}; use one of {values} (or {phrases})"
            raise ConfigError(msg)
        return found


_PRIORITY_LABELS = {
    Priority.GROW_ACCOUNTS: "Growing existing accounts",
    Priority.CLOSE_FASTER: "Closing deals faster",
    Priority.BUILD_PIPELINE: "Building more pipeline",
    Priority.ECOSYSTEM_RESPOND: "Getting your ecosystem to respond",
}
_PRIORITY_PLAYS = {
    Priority.GROW_ACCOUNTS: Play.EXPANSION,
    Priority.CLOSE_FASTER: Play.ACCELERATE,
    Priority.BUILD_PIPELINE: Play.GENERATE,
    Priority.ECOSYSTEM_RESPOND: Play.PARTNERSHIP,
}
_PRIORITY_PHRASES: dict[str, Priority] = {
    _phrase_key(phrase): priority
    for priority, phrases in {
        Priority.GROW_ACCOUNTS: (
            "grow accounts",
            "growing existing accounts",
            "grow existing accounts",
            "growing accounts",
        ),
        Priority.CLOSE_FASTER: (
            "close faster",
            "closing deals faster",
            "close deals faster",
            "closing faster",
        ),
        Priority.BUILD_PIPELINE: (
            "build pipeline",
            "building more pipeline",
            "build more pipeline",
            "building pipeline",
        ),
        Priority.ECOSYSTEM_RESPOND: (
            "ecosystem respond",
            "getting your ecosystem to respond",
            "get your ecosystem to respond",
            "get the ecosystem to respond",
            "getting the ecosystem to respond",
        ),
    }.items()
    for phrase in phrases
}

_PRIORITY_REASONS = {
    Priority.GROW_ACCOUNTS: (
        "Partners know people, projects and budget cycles in your customers' organisations "
        "that you never see from your corner. Expansion turns that into growth in accounts "
        "you already have; Customer to Customer overlaps are the strongest place to start."
    ),
    Priority.CLOSE_FASTER: (
        "Partners already working with your prospects know who really decides, what "
        "matters to them now and what could block the deal. Asking them saves weeks; "
        "Opportunity to Customer overlaps are the most powerful of all."
    ),
    Priority.BUILD_PIPELINE: (
        "Leads your partners already know are warmer than cold prospects: you can shape "
        "your outreach around what they already run, and plan joint campaigns where you "
        "both prospect the same company."
    ),
    Priority.ECOSYSTEM_RESPOND: (
        "Partners answer the people who helped them. Helping on their deals first "
        "(context, an introduction, a reference) builds the credit that makes your own "
        "requests land later."
    ),
}

_NEW_USER_NOTES = {
    Play.EXPANSION: (
        "New to ecosystem selling: Expansion means asking a partner what they see in your "
        "customer. Start with a Customer to Customer overlap, share what you see first, "
        "and offer something in return."
    ),
    Play.GENERATE: (
        "New to ecosystem selling: a good first play. You act on the context on your own "
        "and do not contact the partner's owner yet."
    ),
    Play.PARTNERSHIP: (
        "New to ecosystem selling: a good first play. Giving value first builds the "
        "credit that later asks rely on."
    ),
}

_ASKING_PLAYS = (Play.EXPANSION, Play.ACCELERATE)


# --- the credit a ledger reports -------------------------------------------------------


class Credit(Protocol):
    """Give-to-get credit with one partner: what we gave minus what we got, weighted."""

    @property
    def score(self) -> float:
        """The credit; above zero means we have given more than we have asked."""
        ...


class CreditSource(Protocol):
    """Anything that reports our give-to-get credit per partner (such as the ledger)."""

    def credit(self, partner: str) -> Credit:
        """Return the credit with ``partner``."""
        ...


class AskVerdict(Protocol):
    """A ledger's answer to "can we make an ask of this partner now?"."""

    @property
    def ok(self) -> bool:
        """Whether an ask is reasonable now."""
        ...

    @property
    def reason(self) -> str:
        """Why (or why not)."""
        ...


@runtime_checkable
class AskGate(Protocol):
    """A credit source that also judges asks (``can_ask``), such as the ledger."""

    def can_ask(self, partner: str) -> AskVerdict:
        """Return whether an ask of ``partner`` is reasonable now, and why."""
        ...


def _credit(ledger: CreditSource, partner: str) -> tuple[float, bool]:
    """Return (score, known): a partner the ledger never heard of has no credit."""
    try:
        return float(ledger.credit(partner).score), True
    except UnknownPartnerError:
        return 0.0, False


# --- guidance --------------------------------------------------------------------------


@frozen(kw_only=True)
class PlayGuidance:
    """How to run one play: its goal, why it works, what to do and what to ask.

    Attributes:
        play: The play.
        goal: What the play is for, in one sentence.
        why: Why it works.
        overlap_types: The overlaps it runs on, strongest first.
        steps: What to do, in order.
        questions: Questions to ask (of the partner; for Generate, of the lead).
        contact_owner: Whether the play contacts the partner's account owner.
        caution: What to watch out for, if anything.
        done_well: What success looks like.
    """

    play: Play
    goal: str
    why: tuple[str, ...] = field(converter=_tuple)
    overlap_types: tuple[str, ...] = field(converter=_tuple)
    steps: tuple[str, ...] = field(converter=_tuple)
    questions: tuple[str, ...] = field(converter=_tuple)
    contact_owner: bool
    caution: str | None = None
    done_well: str

    def to_dict(self) -> dict[str, Any]:
        """Return the guidance as JSON-safe data."""
        return {
            "play": self.play.value,
            "label": self.play.label,
            "goal": self.goal,
            "why": list(self.why),
            "overlap_types": list(self.overlap_types),
            "steps": list(self.steps),
            "questions": list(self.questions),
            "contact_owner": self.contact_owner,
            "caution": self.caution,
            "done_well": self.done_well,
        }


_GUIDANCE = {
    Play.EXPANSION: PlayGuidance(
        play=Play.EXPANSION,
        goal="Grow into new teams, departments or regions inside accounts you already have.",
        why=(
            "Partners know people and projects in your customer's organisation that you "
            "never meet.",
            "They see reorganisations, new initiatives and budget timing before you do.",
            "Even context without an introduction sharpens your expansion plan.",
            "Renewals go more smoothly when you can see more of the account.",
        ),
        overlap_types=(
            "Customer to Customer: both sides have a live relationship; start here.",
            "Customer to Opportunity: you can help the partner close, which earns you help later.",
        ),
        steps=(
            "Contact the partner's account owner named on the Partner Summary.",
            "Tell them what you see in the account first.",
            "Ask what they see: new projects, reorganisations, the people who matter.",
            "Plan your expansion with what you learn.",
            "Offer to help them grow in the account as well.",
        ),
        questions=(
            "Which teams or regions do you work with that we do not?",
            "What new projects or reorganisations are coming?",
            "Who should we know there, and who holds the budget?",
            "Where could we help you in this account?",
        ),
        contact_owner=True,
        done_well="More revenue from accounts you already have, faster expansions, "
        "easier renewals.",
    ),
    Play.ACCELERATE: PlayGuidance(
        play=Play.ACCELERATE,
        goal="Close open deals sooner with what partners already know about the prospect.",
        why=(
            "Partners already working with your prospect know how the organisation is "
            "built and how it buys.",
            "They can name the real decision makers and the obstacles to expect.",
            "What would take you weeks to uncover is one conversation away.",
        ),
        overlap_types=(
            "Opportunity to Customer: the partner has a live relationship with your "
            "prospect; the strongest overlap of all.",
            "Opportunity to Opportunity: coordinate two complementary deal cycles.",
        ),
        steps=(
            "Contact the partner's account owner named on the Partner Summary.",
            "Ask precise questions (below) rather than for general help.",
            "Share what you see too, so the exchange runs both ways.",
            "Where it fits, ask whether they would mention you or introduce you.",
            "Adjust your deal plan with what you learn.",
        ),
        questions=(
            "Who are the key stakeholders, and who really decides?",
            "What matters most to them right now?",
            "What could block or slow this deal?",
            "Would you mention us, or introduce us?",
        ),
        contact_owner=True,
        caution="The biggest revenue impact, and the most skill the first time: be "
        "respectful and specific, and offer something back.",
        done_well="Shorter sales cycles, higher win rates, fewer surprises late in the deal.",
    ),
    Play.GENERATE: PlayGuidance(
        play=Play.GENERATE,
        goal="Turn leads your partners already know into real pipeline.",
        why=(
            "A lead that is already in your ecosystem is warmer than a cold prospect.",
            "You can shape your message around the tools they already use.",
            "Campaigns run with a partner do better than outreach alone.",
            "You start from context instead of from zero.",
        ),
        overlap_types=(
            "Lead to Customer: a partner already has a relationship there; shape your "
            "approach around it.",
            "Lead to Lead: you both prospect the company; a joint campaign candidate.",
            "Lead to Opportunity: context only.",
        ),
        steps=(
            "Review your leads for ecosystem context.",
            "Do not contact the partner's account owner yet: that comes once the lead "
            "becomes an opportunity.",
            "Tailor your outreach to the context without revealing what you know: ask "
            "rather than state.",
            "For Lead to Lead overlaps, plan a joint campaign with the partner.",
            "Write about the ecosystem: integrations, shared customers, case studies.",
            "When the lead becomes an opportunity, switch to Accelerate.",
        ),
        questions=(
            "Are you using the partner's product today?",
            "How does it fit with the rest of your tools?",
            "Would an integration with it help your team?",
        ),
        contact_owner=False,
        caution="Never tell the lead what the partner told you, and never name the "
        "partner's account owner as your source.",
        done_well="Better conversion on outbound, more pipeline for the same effort, "
        "sharper targeting.",
    ),
    Play.PARTNERSHIP: PlayGuidance(
        play=Play.PARTNERSHIP,
        goal="Help partners win their deals so they help you win yours.",
        why=(
            "When partners ignore your requests, you usually have not built enough goodwill yet.",
            "Helping first is the fastest way to build it.",
            "Find their deals where you can help: an introduction, context, a reference.",
            "Partners remember who helped them when you need something.",
        ),
        overlap_types=(
            "Customer to Opportunity: you know the customer they are trying to win.",
            "Customer to Lead: your relationship can give them context or an introduction.",
            "Opportunity to Lead: your live deal is useful context for them.",
        ),
        steps=(
            "Contact the partner's account owner named on the Partner Summary.",
            "Offer something useful: context, an introduction, a reference.",
            "Do not ask for anything in return yet; let the goodwill build.",
            "Record what you gave, so later asks rest on it.",
            "Over time, turn that goodwill into help on Accelerate and Expansion.",
        ),
        questions=(
            "How is your deal with this account going, and where are you stuck?",
            "Who there would it help you to meet?",
            "Would a reference or a joint call help?",
        ),
        contact_owner=True,
        done_well="Partners who respond, leverage when you need help, and a flywheel that "
        "keeps turning.",
    ),
}


def guidance(play: Play | str) -> PlayGuidance:
    """Return how to run ``play``: goal, why it works, steps and questions.

    Example:
        >>> g = guidance("accelerate")
        >>> g.goal
        'Close open deals sooner with what partners already know about the prospect.'
        >>> g.questions[0]
        'Who are the key stakeholders, and who really decides?'
    """
    return _GUIDANCE[Play(play)]


# --- recommend -------------------------------------------------------------------------


@frozen(kw_only=True)
class Recommendation:
    """The play to start with for a priority, why, and the accounts to act on first.

    Attributes:
        priority: The priority given.
        play: The play to start with now.
        priority_play: The play the priority calls for; differs from :attr:`play` only
            when a new user is steered away from Accelerate.
        new_to_ecosystem: Whether the user said they are new to ecosystem selling.
        reason: Why the priority calls for :attr:`priority_play`.
        fallback_reason: Why :attr:`play` differs from :attr:`priority_play`, if it does.
        notes: Other advice (for new users, or from the ledger).
        accounts: The accounts to act on first: the top of :attr:`play`'s playbook
            card (empty without an account map).
        accounts_total: How many accounts qualify for :attr:`play` (``None`` without an
            account map).
        guidance: How to run :attr:`play`.
    """

    priority: Priority
    play: Play
    priority_play: Play
    new_to_ecosystem: bool
    reason: str
    fallback_reason: str | None = None
    notes: tuple[str, ...] = field(default=(), converter=_tuple)
    accounts: tuple[PlaybookEntry, ...] = field(default=(), converter=_tuple)
    accounts_total: int | None = None
    guidance: PlayGuidance

    @property
    def fell_back(self) -> bool:
        """Whether the play to start with differs from the priority's play."""
        return self.play is not self.priority_play

    def to_dict(self) -> dict[str, Any]:
        """Return the recommendation as JSON-safe data."""
        return {
            "priority": self.priority.value,
            "priority_label": self.priority.label,
            "play": self.play.value,
            "play_label": self.play.label,
            "priority_play": self.priority_play.value,
            "new_to_ecosystem": self.new_to_ecosystem,
            "reason": self.reason,
            "fallback_reason": self.fallback_reason,
            "notes": list(self.notes),
            "accounts_total": self.accounts_total,
            "accounts": [entry_dict(i, e) for i, e in enumerate(self.accounts, start=1)],
            "guidance": self.guidance.to_dict(),
        }


def _partner_credits(
    ledger: CreditSource | None, account_map: AccountMap | None
) -> dict[str, float] | None:
    if ledger is None or account_map is None:
        return None
    return {p: _credit(ledger, p)[0] for p in account_map.partners}


def _new_user_fallback(
    account_map: AccountMap | None, credits: Mapping[str, float] | None
) -> tuple[Play, str]:
    head = (
        "Accelerate Opportunities has the biggest revenue impact, but it takes the most "
        "skill the first time; keep it for when you have practised on other plays. "
    )
    if credits and all(c <= 0 for c in credits.values()):
        return Play.PARTNERSHIP, head + (
            "Start with Build Partnerships: the ledger shows no give-to-get credit with "
            f"any partner yet ({', '.join(sorted(credits))}), so give value first. "
            "Generate Opportunities is the other good start."
        )
    if account_map is not None:
        generate = account_map.playbook.card(Play.GENERATE).count
        partnership = account_map.playbook.card(Play.PARTNERSHIP).count
        if generate == 0 and partnership > 0:
            return Play.PARTNERSHIP, head + (
                "Start with Build Partnerships (give value first): your map has no lead "
                f"for Generate Opportunities, but {partnership} account(s) where you can "
                "help a partner."
            )
    return Play.GENERATE, head + (
        "Start with Generate Opportunities: you act on ecosystem context on your own, "
        "without asking a partner for anything. Build Partnerships (give value first) is "
        "the other good start."
    )


def recommend(
    priority: Priority | str,
    *,
    new_to_ecosystem: bool = False,
    account_map: AccountMap | None = None,
    ledger: CreditSource | None = None,
    limit: int = 5,
) -> Recommendation:
    """Return the play to start with for a priority, and the accounts to act on first.

    The priority decides the play (grow existing accounts: Expansion; close deals
    faster: Accelerate; build more pipeline: Generate; get the ecosystem to respond:
    Build Partnerships). A user new to ecosystem selling is steered from Accelerate to
    Generate, or to Build Partnerships when the ledger shows no credit with any partner
    of the map or the map has no Generate account but has Build Partnerships ones; for
    the other priorities new users keep their play and get a note.

    Args:
        priority: A :class:`Priority` or text :meth:`Priority.parse` accepts.
        new_to_ecosystem: Whether the user is new to ecosystem selling.
        account_map: The mapping to pick accounts from; none gives advice only.
        ledger: Give-to-get credit per partner, to steer new users and warn before asks.
        limit: At most this many accounts.

    Returns:
        The :class:`Recommendation`.

    Raises:
        ConfigError: An unknown priority, or a negative limit.

    Example:
        >>> rec = recommend(Priority.GROW_ACCOUNTS)
        >>> rec.play.label, rec.fell_back
        ('Upsells & Expansion', False)
    """
    wanted = Priority.parse(priority)
    if limit < 0:
        msg = f"limit must be >= 0, got {limit}"
        raise ConfigError(msg)
    credits = _partner_credits(ledger, account_map)
    play, fallback_reason = wanted.play, None
    notes: list[str] = []
    if new_to_ecosystem:
        if wanted.play is Play.ACCELERATE:
            play, fallback_reason = _new_user_fallback(account_map, credits)
        else:
            notes.append(_NEW_USER_NOTES[wanted.play])
    if play in _ASKING_PLAYS and credits:
        owed = sorted(p for p, c in credits.items() if c <= 0)
        if owed:
            notes.append(
                f"No give-to-get credit yet with {', '.join(owed)}: run the self-check "
                "before asking them; Build Partnerships with them first may be needed."
            )
    accounts: tuple[PlaybookEntry, ...] = ()
    total: int | None = None
    if account_map is not None:
        card = account_map.playbook.card(play)
        accounts, total = card.view_customers(limit=limit), card.count
        if total == 0:
            notes.append(
                f"Your map has no account for {play.label} yet; "
                "map more partners or check your stages."
            )
    return Recommendation(
        priority=wanted,
        play=play,
        priority_play=wanted.play,
        new_to_ecosystem=new_to_ecosystem,
        reason=_PRIORITY_REASONS[wanted],
        fallback_reason=fallback_reason,
        notes=notes,
        accounts=accounts,
        accounts_total=total,
        guidance=guidance(play),
    )


# --- self-check ------------------------------------------------------------------------


class CheckStatus(enum.StrEnum):
    """The answer to one self-check item."""

    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"


#: A figure behind a check item's answer: a count, a credit score, a flag or a text.
Figure = str | int | float | bool | None


def _figures(
    value: Mapping[str, Figure] | tuple[tuple[str, Figure], ...],
) -> tuple[tuple[str, Figure], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple((str(k), v) for k, v in items)


@frozen(kw_only=True)
class CheckItem:
    """One self-check item, answered.

    Attributes:
        name: A stable key: ``overlaps``, ``relationship``, ``partnerships_first``,
            ``give`` or ``ask``.
        question: The question, as a person would ask it.
        status: Pass, fail or unknown.
        reason: Why, with the figures in words.
        figures: The numbers behind the answer, as ``(name, value)`` pairs in order.
    """

    name: str
    question: str
    status: CheckStatus = field(converter=CheckStatus)
    reason: str
    figures: tuple[tuple[str, Figure], ...] = field(default=(), converter=_figures)

    def figure(self, name: str) -> Figure:
        """Return the figure called ``name``.

        Raises:
            KeyError: No such figure.
        """
        for key, value in self.figures:
            if key == name:
                return value
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        """Return the item as JSON-safe data (figures as an object)."""
        return {
            "name": self.name,
            "question": self.question,
            "status": self.status.value,
            "reason": self.reason,
            "figures": dict(self.figures),
        }


#: How many of the five items must pass for :attr:`Checklist.ready`.
READY_MIN_PASSED = 3


@frozen(kw_only=True)
class Checklist:
    """The quick self-check before running a play with a partner.

    Attributes:
        play: The play to run.
        partner: The partner.
        items: The five answered items, in the article's order: overlaps,
            relationship, partnerships_first, give, ask.
        recommendation: The play to run first instead (Build Partnerships when the
            relationship is too weak to ask), or ``None``.
        overlaps: The overlaps with the partner that fit the play, strongest first
            (then our deal amount, largest first, then account name and id).
        gives: The overlaps with the partner where we can help them (Build
            Partnerships overlaps), strongest first: what to give in return.
    """

    play: Play
    partner: str
    items: tuple[CheckItem, ...] = field(converter=_tuple)
    recommendation: Play | None = field(
        default=None, validator=validators.optional(validators.instance_of(Play))
    )
    overlaps: tuple[Overlap, ...] = field(default=(), converter=_tuple)
    gives: tuple[Overlap, ...] = field(default=(), converter=_tuple)

    @property
    def passed(self) -> int:
        """How many items pass."""
        return sum(1 for i in self.items if i.status is CheckStatus.PASS)

    @property
    def ready(self) -> bool:
        """Whether you can check most of these, as the article puts it.

        Precisely: the ``overlaps`` item passes (without fitting overlaps there is
        nothing to run), at least :data:`READY_MIN_PASSED` (3) of the five items pass,
        and the ``relationship`` item does not fail (when it fails the checklist
        recommends Build Partnerships first instead). An unknown item counts as not
        checked.
        """
        return (
            self.item("overlaps").status is CheckStatus.PASS
            and self.passed >= READY_MIN_PASSED
            and self.item("relationship").status is not CheckStatus.FAIL
        )

    def item(self, name: str) -> CheckItem:
        """Return the item called ``name``.

        Raises:
            KeyError: No such item.
        """
        for item in self.items:
            if item.name == name:
                return item
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        """Return the checklist as JSON-safe data."""
        return {
            "play": self.play.value,
            "play_label": self.play.label,
            "partner": self.partner,
            "ready": self.ready,
            "passed": self.passed,
            "recommendation": self.recommendation.value if self.recommendation else None,
            "items": [i.to_dict() for i in self.items],
            "overlaps": [_overlap_brief(o, self.play) for o in self.overlaps],
            "gives": [_overlap_brief(o, Play.PARTNERSHIP) for o in self.gives],
        }


def _overlap_brief(overlap: Overlap, play: Play) -> dict[str, Any]:
    return {
        "account_id": overlap.account.id,
        "account_name": overlap.account.name,
        "our_stage": overlap.our_stage.value,
        "partner_account_id": overlap.partner_account.id,
        "partner_stage": overlap.partner_stage.value,
        "strength": strength(play, overlap.our_stage, overlap.partner_stage),
    }


def _pair_label(overlap: Overlap) -> str:
    return f"{overlap.our_stage.label} to {overlap.partner_stage.label}"


def _fitting(overlaps: tuple[Overlap, ...], play: Play) -> tuple[Overlap, ...]:
    ranked: list[tuple[int, Overlap]] = []
    for overlap in overlaps:
        rank = strength(play, overlap.our_stage, overlap.partner_stage)
        if rank is not None:
            ranked.append((rank, overlap))

    def key(item: tuple[int, Overlap]) -> tuple[int, int, float, str, str, str]:
        rank, o = item
        amount = o.account.amount
        return (
            rank,
            0 if amount is not None else 1,
            -(amount or 0.0),
            o.account.name.casefold(),
            o.account.id,
            o.partner_account.id,
        )

    return tuple(o for _, o in sorted(ranked, key=key))


def _names(overlaps: tuple[Overlap, ...], most: int = 3) -> str:
    shown = ", ".join(f"{o.account.name} ({_pair_label(o)})" for o in overlaps[:most])
    more = f" and {len(overlaps) - most} more" if len(overlaps) > most else ""
    return shown + more


def _resolve_partner(account_map: AccountMap, partner: str) -> str:
    if partner in account_map.partners:
        return partner
    folded = [p for p in account_map.partners if p.casefold() == partner.strip().casefold()]
    if len(folded) == 1:
        return folded[0]
    known = ", ".join(account_map.partners) or "none"
    msg = f"unknown partner {partner!r}; the account map has: {known}"
    raise InputError(msg, column="partner", value=partner)


def _overlaps_item(play: Play, partner: str, fitting: tuple[Overlap, ...], total: int) -> CheckItem:
    question = "Do I have overlaps that fit this play?"
    accounts = len({o.account.id for o in fitting})
    figures = {"overlaps": len(fitting), "accounts": accounts, "all_overlaps": total}
    if fitting:
        reason = (
            f"{len(fitting)} overlap(s) with {partner} on {accounts} account(s) fit "
            f"{play.label}; strongest first: {_names(fitting)}."
        )
        return CheckItem(
            name="overlaps",
            question=question,
            status=CheckStatus.PASS,
            reason=reason,
            figures=figures,
        )
    other = f" ({total} overlap(s) with them fit other plays)" if total else ""
    reason = f"No overlap with {partner} fits {play.label}{other}; pick another play or partner."
    return CheckItem(
        name="overlaps",
        question=question,
        status=CheckStatus.FAIL,
        reason=reason,
        figures=figures,
    )


def _relationship_item(
    play: Play, partner: str, ledger: CreditSource | None, min_credit: float
) -> CheckItem:
    question = "Is my relationship with the partner strong enough to make an ask?"
    name = "relationship"
    if play is Play.PARTNERSHIP:
        figures: dict[str, Figure] = {}
        if ledger is not None:
            figures["credit"] = _credit(ledger, partner)[0]
        return CheckItem(
            name=name,
            question=question,
            status=CheckStatus.PASS,
            reason="Build Partnerships gives before it asks: no credit is needed.",
            figures=figures,
        )
    if ledger is None:
        return CheckItem(
            name=name,
            question=question,
            status=CheckStatus.UNKNOWN,
            reason=(
                f"Unknown: no give-to-get ledger was given, so the credit with {partner} "
                "cannot be told. Pass a ledger, or ask yourself when you last helped them."
            ),
        )
    score, known = _credit(ledger, partner)
    figures = {"credit": score, "min_credit": min_credit}
    verdict = ledger.can_ask(partner) if isinstance(ledger, AskGate) else None
    if verdict is not None:
        figures["can_ask"] = bool(verdict.ok)
    history = "" if known else f" (the ledger has no entry for {partner} yet)"
    if score <= min_credit:
        reason = (
            f"Credit with {partner} is {score:g}{history}, not above {min_credit:g}: you "
            "have not given more than you asked yet."
        )
        status = CheckStatus.FAIL
    elif verdict is not None and not verdict.ok:
        reason = (
            f"Credit with {partner} is {score:g}, but the ledger says not now: {verdict.reason}"
        )
        status = CheckStatus.FAIL
    else:
        reason = (
            f"Credit with {partner} is {score:g}, above {min_credit:g}: you have given more "
            "than you asked."
        )
        status = CheckStatus.PASS
    return CheckItem(name=name, question=question, status=status, reason=reason, figures=figures)


def _partnerships_first_item(
    play: Play, partner: str, relationship: CheckItem, gives: tuple[Overlap, ...]
) -> CheckItem:
    question = "If not, should I start with Build Partnerships first?"
    name = "partnerships_first"
    figures = {"partnership_overlaps": len(gives)}
    where = (
        f"{len(gives)} account(s) where you can help {partner}: {_names(gives)}"
        if gives
        else f"no overlap yet where you can help {partner}; offer context or an introduction"
    )
    if play is Play.PARTNERSHIP:
        status, reason = CheckStatus.PASS, "You are already on Build Partnerships."
    elif relationship.status is CheckStatus.PASS:
        status = CheckStatus.PASS
        reason = f"Not needed: your credit with {partner} is enough to ask."
    elif relationship.status is CheckStatus.UNKNOWN:
        status = CheckStatus.UNKNOWN
        reason = (
            f"Depends on the relationship: if you have not helped {partner} lately, start "
            f"with Build Partnerships ({where})."
        )
    else:
        status = CheckStatus.FAIL
        reason = (
            f"Yes: start with Build Partnerships with {partner} ({where}), record what you "
            f"gave, then come back to {play.label}."
        )
    return CheckItem(name=name, question=question, status=status, reason=reason, figures=figures)


def _give_item(partner: str, give: str | None, gives: tuple[Overlap, ...]) -> CheckItem:
    question = "Am I ready to give something in return?"
    figures: dict[str, Figure] = {"partnership_overlaps": len(gives)}
    if give and give.strip():
        figures["give"] = give.strip()
        return CheckItem(
            name="give",
            question=question,
            status=CheckStatus.PASS,
            reason=f"You will give: {give.strip()}.",
            figures=figures,
        )
    if gives:
        return CheckItem(
            name="give",
            question=question,
            status=CheckStatus.PASS,
            reason=(
                f"You can help {partner} on {len(gives)} account(s): {_names(gives)}. "
                "Offer context or an introduction there."
            ),
            figures=figures,
        )
    return CheckItem(
        name="give",
        question=question,
        status=CheckStatus.FAIL,
        reason=(
            f"Nothing ready: no overlap where you can help {partner}, and no give stated. "
            "Decide what you will offer (what you see in the account, an introduction, a "
            "reference)."
        ),
        figures=figures,
    )


_MIN_ASK_WORDS = 3


def _ask_item(play: Play, partner: str, ask: str | None) -> CheckItem:
    question = "Do I know exactly what I want to ask for?"
    text = (ask or "").strip()
    words = len(text.split())
    figures: dict[str, Figure] = {"words": words}
    example = guidance(play).questions[0]
    if play is Play.PARTNERSHIP:
        reason = (
            f"Build Partnerships does not ask yet; keep your ask for later: {text}."
            if text
            else "Build Partnerships does not ask yet: let the goodwill build."
        )
        status = CheckStatus.PASS
    elif not text:
        status = CheckStatus.FAIL
        reason = f"No ask stated. Decide exactly what you want from {partner}, e.g. {example!r}"
    elif words < _MIN_ASK_WORDS:
        status = CheckStatus.FAIL
        reason = (
            f"{text!r} is too vague to act on; say exactly what you want from {partner}, "
            f"e.g. {example!r}"
        )
    else:
        status, reason = CheckStatus.PASS, f"Your ask: {text}"
    if text:
        figures["ask"] = text
    return CheckItem(name="ask", question=question, status=status, reason=reason, figures=figures)


def self_check(
    play: Play | str,
    partner: str,
    *,
    account_map: AccountMap,
    ledger: CreditSource | None = None,
    ask: str | None = None,
    give: str | None = None,
    min_credit: float = 0.0,
) -> Checklist:
    """Answer the quick self-check before running ``play`` with ``partner``.

    The five items, each pass, fail or unknown with a reason and figures:

    1. ``overlaps``: overlaps with the partner qualify for the play (count).
    2. ``relationship``: the credit with the partner is above ``min_credit``, and
       the ledger's own ``can_ask`` (when it has one) agrees. Unknown without a
       ledger; a partner the ledger never heard of has no credit. Always passes for
       Build Partnerships, which gives before it asks.
    3. ``partnerships_first``: fails (and sets :attr:`Checklist.recommendation` to
       Build Partnerships) when the relationship fails; unknown when it is unknown.
    4. ``give``: passes with a stated ``give``, or when the map has Build Partnerships
       overlaps with the partner (accounts where we can help them), which are listed.
    5. ``ask``: passes when ``ask`` is stated in at least three words (always for
       Build Partnerships, which does not ask yet).

    Args:
        play: The play to run.
        partner: The partner's name as in the account map (case-insensitive).
        account_map: The mapping.
        ledger: Give-to-get credit per partner.
        ask: What you want from the partner.
        give: What you will give in return.
        min_credit: The credit must be above this to ask.

    Returns:
        The :class:`Checklist`; see :attr:`Checklist.ready`.

    Raises:
        InputError: A partner the account map does not have.
        ConfigError: A ``min_credit`` that is not a finite number (NaN, infinite).
        ValueError: A play that is not a :class:`~cocorev.models.Play` value.
    """
    if (
        isinstance(min_credit, bool)
        or not isinstance(min_credit, int | float)
        or not math.isfinite(min_credit)
    ):
        msg = f"min_credit must be a finite number, got {min_credit!r}"
        raise ConfigError(msg)
    wanted = Play(play)
    name = _resolve_partner(account_map, partner)
    with_partner = account_map.overlaps_with(name)
    fitting = _fitting(with_partner, wanted)
    gives = _fitting(with_partner, Play.PARTNERSHIP)
    relationship = _relationship_item(wanted, name, ledger, min_credit)
    first = _partnerships_first_item(wanted, name, relationship, gives)
    items = (
        _overlaps_item(wanted, name, fitting, len(with_partner)),
        relationship,
        first,
        _give_item(name, give, gives),
        _ask_item(wanted, name, ask),
    )
    return Checklist(
        play=wanted,
        partner=name,
        items=items,
        recommendation=Play.PARTNERSHIP if first.status is CheckStatus.FAIL else None,
        overlaps=fitting,
        gives=gives,
    )
