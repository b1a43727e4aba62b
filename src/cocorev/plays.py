"""The stage-pair -> play matrix and the strength ranking inside each play.

The rules are those of the product spec (PLAYS.md): each overlap type
``(our stage, partner stage)`` has one primary play and may qualify for others.

Example:
    >>> call = classify(Stage.OPPORTUNITY, Stage.CUSTOMER)
    >>> call.play, call.rank, call.contact_owner
    (<Play.ACCELERATE: 'accelerate'>, 1, True)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cocorev.models import Play, PlayCall, Stage

__all__ = ["PLAY_ORDER", "classify", "strength"]

C, O, L = Stage.CUSTOMER, Stage.OPPORTUNITY, Stage.LEAD  # noqa: E741 - the spec writes C-O, O-L

#: The order plays are shown in: the article's order.
PLAY_ORDER: tuple[Play, ...] = (Play.EXPANSION, Play.ACCELERATE, Play.GENERATE, Play.PARTNERSHIP)

# (ours, partner) -> (every qualifying play, primary first; reason)
_MATRIX: dict[tuple[Stage, Stage], tuple[tuple[Play, ...], str]] = {
    (C, C): (
        (Play.EXPANSION,),
        "Customer to Customer: both sides have a live relationship; the strongest expansion.",
    ),
    (C, O): (
        (Play.EXPANSION, Play.PARTNERSHIP),
        "Customer to Opportunity: expand with their view of the account, and help them close.",
    ),
    (C, L): (
        (Play.PARTNERSHIP,),
        "Customer to Lead: our relationship can give them context or an intro.",
    ),
    (O, C): (
        (Play.ACCELERATE,),
        "Opportunity to Customer: they have a live relationship with our prospect; tap into it.",
    ),
    (O, O): (
        (Play.ACCELERATE,),
        "Opportunity to Opportunity: coordinate complementary deal cycles.",
    ),
    (O, L): (
        (Play.PARTNERSHIP,),
        "Opportunity to Lead: our live deal is useful context for them.",
    ),
    (L, C): (
        (Play.GENERATE,),
        "Lead to Customer: the lead is already in the ecosystem; shape outreach with it.",
    ),
    (L, O): (
        (Play.GENERATE,),
        "Lead to Opportunity: context only; shape outreach with it.",
    ),
    (L, L): (
        (Play.GENERATE,),
        "Lead to Lead: both sides are prospecting it; a joint campaign candidate.",
    ),
}

# play -> overlap types, strongest first
_STRENGTH: dict[Play, tuple[tuple[Stage, Stage], ...]] = {
    Play.EXPANSION: ((C, C), (C, O)),
    Play.ACCELERATE: ((O, C), (O, O)),
    Play.GENERATE: ((L, C), (L, L), (L, O)),
    Play.PARTNERSHIP: ((C, O), (C, L), (O, L)),
}


def strength(play: Play, our_stage: Stage, partner_stage: Stage) -> int | None:
    """Return how strong an overlap type is inside ``play`` (1 = strongest).

    Args:
        play: The play.
        our_stage: Our stage on the account.
        partner_stage: The partner's stage on the account.

    Returns:
        The 1-based rank, or ``None`` when the overlap type does not qualify for the play.

    Example:
        >>> strength(Play.GENERATE, Stage.LEAD, Stage.OPPORTUNITY)
        3
    """
    key = (play, our_stage, partner_stage)
    if _known(key, _RANKS):  # a Stage or Play equals its value: either looks it up
        return _RANKS[key]
    return _RANKS[(Play(play), Stage(our_stage), Stage(partner_stage))]


def classify(our_stage: Stage | str, partner_stage: Stage | str) -> PlayCall:
    """Return the play an overlap of these two stages calls for.

    Args:
        our_stage: Our stage on the account.
        partner_stage: The partner's stage on the same company.

    Returns:
        The primary play, every qualifying play, the strength rank inside the primary
        play, whether to contact the partner's owner (never for Generate) and why.

    Raises:
        ValueError: A stage that is not a :class:`Stage` value.
    """
    key = (our_stage, partner_stage)
    if _known(key, _CALLS):  # a Stage equals its value: either looks it up
        return _CALLS[key]
    return _CALLS[(Stage(our_stage), Stage(partner_stage))]


def _known(key: tuple[object, ...], table: Mapping[Any, object]) -> bool:
    """Whether ``key`` is in ``table``; an unhashable key (a list) never is."""
    try:
        return key in table
    except TypeError:
        return False


# Nine overlap types, four plays: every answer is worked out once, here.
# Keyed by values: a Stage or Play equals its value, so either looks an answer up.
_RANKS: dict[tuple[str, str, str], int | None] = {
    (play, ours, theirs): (
        _STRENGTH[play].index((ours, theirs)) + 1 if (ours, theirs) in _STRENGTH[play] else None
    )
    for play in Play
    for ours in Stage
    for theirs in Stage
}


def _call(ours: Stage, theirs: Stage) -> PlayCall:
    plays, reason = _MATRIX[(ours, theirs)]
    primary = plays[0]
    rank = _RANKS[(primary, ours, theirs)]
    if rank is None:  # pragma: no cover - the matrix and the ranking agree by construction
        msg = f"play matrix and strength ranking disagree on {ours}-{theirs}"
        raise AssertionError(msg)
    return PlayCall(
        play=primary,
        plays=plays,
        rank=rank,
        contact_owner=primary is not Play.GENERATE,
        reason=reason,
    )


_CALLS: dict[tuple[str, str], PlayCall] = {pair: _call(*pair) for pair in _MATRIX}
