"""Signals: what changed between two mapping runs, and what to do about it.

:func:`diff` compares two :class:`~cocorev.snapshot.Snapshot` (or
:class:`~cocorev.models.AccountMap`) and returns typed, dated, prioritised
:class:`Signal` values, each with the next step in the words of the four plays.
Overlaps are identified by record ids (our account id, partner, partner account id),
so edits to names or websites never show up as one overlap gone and another appeared.

Example:
    >>> from datetime import datetime, timezone
    >>> from cocorev.models import Account, Owner, Stage
    >>> from cocorev.overlap import map_accounts
    >>> ann = Owner("Ann Lee", "ann@northwind.example")
    >>> theirs = {"Northwind": [Account(id="n7", name="Globex", website="globex.com",
    ...                                 stage=Stage.CUSTOMER, owner=ann)]}
    >>> def run(stage, day):
    ...     ours = [Account(id="A2", name="Globex Corp", website="globex.com", stage=stage)]
    ...     when = datetime(2024, 5, day, 9, 0, tzinfo=timezone.utc)
    ...     return map_accounts(ours, theirs).snapshot(taken_at=when)
    >>> found = diff(run(Stage.LEAD, 6), run(Stage.OPPORTUNITY, 13))
    >>> tuple(s.type.value for s in found)
    ('our_stage_advanced', 'play_changed')
    >>> found[0].priority, found[0].play_before.value, found[0].play_after.value
    (1, 'generate', 'accelerate')
    >>> found[0].next_step[:73]
    'Our lead Globex Corp became an opportunity: come back to Accelerate Oppor'
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import json
import os
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any, Final

from attrs import field, frozen

from cocorev.errors import InputError, SchemaError
from cocorev.models import Account, AccountMap, Owner, Play, Stage
from cocorev.snapshot import Snapshot, SnapshotOverlap, _iso, _now, _parse_iso, _utc

__all__ = [
    "PRIORITY_ORDER",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "WEBHOOK_FORMAT",
    "Signal",
    "SignalType",
    "WebhookRequest",
    "diff",
    "verify_webhook",
    "webhook_request",
    "write_jsonl",
]

C, O, L = Stage.CUSTOMER, Stage.OPPORTUNITY, Stage.LEAD  # noqa: E741 - the spec writes C-O, O-L

#: Overlap types ``(our stage, partner stage)`` in the order to act on them: the plays
#: by impact (Accelerate, Expansion, Generate, Build Partnerships), each play's types
#: by its strength ranking. A signal's priority is the position of its after-state
#: here (1 = act first); a gone overlap ranks after every live one (10 to 18, by its
#: before-state).
PRIORITY_ORDER: Final[tuple[tuple[Stage, Stage], ...]] = (
    (O, C),  # Accelerate, strength 1: "the most powerful overlap of all"
    (O, O),  # Accelerate, strength 2
    (C, C),  # Expansion, strength 1
    (C, O),  # Expansion, strength 2
    (L, C),  # Generate, strength 1
    (L, L),  # Generate, strength 2
    (L, O),  # Generate, strength 3
    (C, L),  # Build Partnerships, strength 2 (its strength-1 type C-O is primarily Expansion)
    (O, L),  # Build Partnerships, strength 3
)
_PRIORITY = {pair: position for position, pair in enumerate(PRIORITY_ORDER, start=1)}
_GONE_OFFSET: Final = len(PRIORITY_ORDER)

#: The ``format`` field of a webhook body.
WEBHOOK_FORMAT: Final = "cocorev.signals"
#: Header carrying the Unix time (seconds) the webhook was signed at.
TIMESTAMP_HEADER: Final = "X-Cocorev-Timestamp"
#: Header carrying ``sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>``.
SIGNATURE_HEADER: Final = "X-Cocorev-Signature"


class SignalType(enum.StrEnum):
    """What changed on one overlap between two runs (declaration order breaks ties)."""

    OVERLAP_APPEARED = "overlap_appeared"
    OVERLAP_GONE = "overlap_gone"
    PARTNER_STAGE_ADVANCED = "partner_stage_advanced"
    PARTNER_STAGE_REGRESSED = "partner_stage_regressed"
    OUR_STAGE_ADVANCED = "our_stage_advanced"
    OUR_STAGE_REGRESSED = "our_stage_regressed"
    OWNER_CHANGED = "owner_changed"
    PLAY_CHANGED = "play_changed"


_TYPE_ORDER = {t: i for i, t in enumerate(SignalType)}


def _optional_stage(value: Stage | str | None) -> Stage | None:
    return None if value is None else Stage(value)


def _optional_play(value: Play | str | None) -> Play | None:
    return None if value is None else Play(value)


@frozen(kw_only=True)
class Signal:
    """One change on one overlap, with the play it opens or closes and the next step.

    Attributes:
        type: What changed.
        at: When it was seen (the later run's time, unless given), in UTC.
        priority: Act on lower numbers first: 1 to 9 by the after-state's play and
            strength (see :data:`PRIORITY_ORDER`), 10 to 18 for gone overlaps.
        account_id: Our account's id.
        account_name: Our account's name (as of the later run, if it has it).
        partner: The partner's name.
        partner_account_id: The partner's account id.
        partner_account_name: The partner's account name.
        our_stage_before: Our stage before (``None`` for a new overlap).
        our_stage_after: Our stage after (``None`` for a gone overlap).
        partner_stage_before: The partner's stage before.
        partner_stage_after: The partner's stage after.
        play_before: The overlap's play before.
        play_after: The overlap's play after.
        partner_owner_before: The partner's account owner before.
        partner_owner_after: The partner's account owner after: whom to contact.
        our_owner: Our account's owner, to route the signal to.
        next_step: What to do, in the words of the four plays.
    """

    type: SignalType = field(converter=SignalType)
    at: datetime = field(converter=_utc)
    priority: int
    account_id: str
    account_name: str
    partner: str
    partner_account_id: str
    partner_account_name: str
    our_stage_before: Stage | None = field(converter=_optional_stage)
    our_stage_after: Stage | None = field(converter=_optional_stage)
    partner_stage_before: Stage | None = field(converter=_optional_stage)
    partner_stage_after: Stage | None = field(converter=_optional_stage)
    play_before: Play | None = field(converter=_optional_play)
    play_after: Play | None = field(converter=_optional_play)
    partner_owner_before: Owner | None = None
    partner_owner_after: Owner | None = None
    our_owner: Owner | None = None
    next_step: str

    @property
    def opens(self) -> Play | None:
        """The play this change opens (the after play, when it differs from before)."""
        return self.play_after if self.play_after != self.play_before else None

    @property
    def closes(self) -> Play | None:
        """The play this change closes (the before play, when it differs from after)."""
        return self.play_before if self.play_after != self.play_before else None

    @property
    def sort_key(self) -> tuple[int, str, str, str, int]:
        """The output order: priority, account id, partner, partner account id, type."""
        return (
            self.priority,
            self.account_id,
            self.partner,
            self.partner_account_id,
            _TYPE_ORDER[self.type],
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the signal as JSON-safe data: enums as values, time as ISO-8601 UTC."""
        return {
            "type": self.type.value,
            "at": _iso(self.at),
            "priority": self.priority,
            "account_id": self.account_id,
            "account_name": self.account_name,
            "partner": self.partner,
            "partner_account_id": self.partner_account_id,
            "partner_account_name": self.partner_account_name,
            "our_stage_before": _value(self.our_stage_before),
            "our_stage_after": _value(self.our_stage_after),
            "partner_stage_before": _value(self.partner_stage_before),
            "partner_stage_after": _value(self.partner_stage_after),
            "play_before": _value(self.play_before),
            "play_after": _value(self.play_after),
            "partner_owner_before": _owner_dict(self.partner_owner_before),
            "partner_owner_after": _owner_dict(self.partner_owner_after),
            "our_owner": _owner_dict(self.our_owner),
            "next_step": self.next_step,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Signal:
        """Rebuild a signal from :meth:`to_dict` data (for webhook receivers).

        Raises:
            SchemaError: A missing or malformed field.
        """
        try:
            fields = {k: data[k] for k in _SIGNAL_FIELDS}
            fields["at"] = _parse_iso(data["at"])
            for key in ("partner_owner_before", "partner_owner_after", "our_owner"):
                fields[key] = _owner_from(data[key])
            return cls(**fields)
        except KeyError as exc:
            msg = f"signal: missing field {exc.args[0]!r}"
            raise SchemaError(msg, column=str(exc.args[0])) from exc
        except (TypeError, ValueError, AttributeError) as exc:
            msg = f"signal: malformed field ({exc})"
            raise SchemaError(msg) from exc


_SIGNAL_FIELDS = (
    "type",
    "priority",
    "account_id",
    "account_name",
    "partner",
    "partner_account_id",
    "partner_account_name",
    "our_stage_before",
    "our_stage_after",
    "partner_stage_before",
    "partner_stage_after",
    "play_before",
    "play_after",
    "next_step",
)


def _value(member: enum.StrEnum | None) -> str | None:
    return None if member is None else member.value


def _owner_dict(owner: Owner | None) -> dict[str, str | None] | None:
    return None if owner is None else {"name": owner.name, "email": owner.email}


def _owner_from(data: Mapping[str, Any] | None) -> Owner | None:
    return None if data is None else Owner(name=data.get("name"), email=data.get("email"))


# -- the diff ---------------------------------------------------------------------


def _as_snapshot(side: Snapshot | AccountMap, at: datetime | None) -> Snapshot:
    if isinstance(side, Snapshot):
        return side
    if isinstance(side, AccountMap):
        return side.snapshot(taken_at=at)
    msg = f"expected a Snapshot or an AccountMap, got {type(side).__name__}"
    raise TypeError(msg)


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _same_person(a: Owner | None, b: Owner | None) -> bool:
    """Whether two owners are the same person (e-mail, else name; case and spaces ignored)."""
    if a is None or b is None:
        return a is None and b is None
    if a.email and b.email:
        return _fold(a.email) == _fold(b.email)
    if a.name and b.name:
        return _fold(a.name) == _fold(b.name)
    return True  # nothing comparable: not evidence of a change


def _owner_known(snapshot: Snapshot, overlap: SnapshotOverlap) -> bool:
    """Whether the snapshot knows the partner owner (CSV folders omit it on Generate)."""
    return snapshot.source == "map" or overlap.play is not Play.GENERATE


def _advanced(before: Stage, after: Stage) -> bool:
    """Whether ``after`` is further along than ``before`` (lead < opportunity < customer)."""
    return after.order < before.order


def _article(stage: Stage) -> str:
    word = stage.value
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


def _who(partner: str, owner: Owner | None) -> str:
    if owner is None:
        return f"{partner}'s account owner (none on record: ask your partner manager)"
    return f"{owner} at {partner}"


def _play_step(ours: Stage, theirs: Stage, partner: str, name: str, owner: Owner | None) -> str:
    """The action an overlap type calls for, in the words of the four plays."""
    who = _who(partner, owner)
    not_yet = (
        f"Do not contact {partner}'s account owner yet; come back to Accelerate when the "
        "lead becomes an opportunity."
    )
    steps = {
        (O, C): f"Reach out to {who}: {partner} has a live relationship with {name}, tap "
        "into it. Ask who the key stakeholders are, what is important to them right now "
        "and any gotchas; share what you are seeing too and offer something in return.",
        (O, O): f"Reach out to {who} to coordinate your deal cycles at {name}: ask who "
        "the real decision-makers are and what blockers to expect, and share what you see.",
        (C, C): f"Reach out to {who}: share what you are seeing in {name}, ask what they "
        "see (new projects, reorgs, key stakeholders) and use it to plan your expansion; "
        "offer to help them expand too.",
        (C, O): f"Reach out to {who}: help them close their deal at {name}, which builds "
        "leverage for later, and ask what they see (new projects, reorgs, key stakeholders).",
        (L, C): f"{partner} already has a relationship with {name}: tailor your outreach to "
        f"it without revealing what you know (ask whether they use {partner} rather than "
        f"saying so). {not_yet}",
        (L, L): f"You are both prospecting {name}: a candidate for a joint campaign with "
        f"{partner}. {not_yet}",
        (L, O): f"{partner} has an open deal at {name}: use it as context to shape your "
        f"outreach, without revealing it. {not_yet}",
        (C, L): f"Reach out to {who} with something useful for their prospecting at our "
        f"customer {name}: context, an intro, a reference. Do not ask for anything in "
        "return yet, and record what you gave.",
        (O, L): f"Reach out to {who} with context from our live deal at {name} to help "
        "their prospecting. Do not ask for anything in return yet, and record what you gave.",
    }
    return steps[(ours, theirs)]


def _play_phrase(before: Play, after: Play) -> str:
    if before is after:
        return f"still {after.label}"
    if after is Play.ACCELERATE and before is Play.GENERATE:
        return f"come back to {after.label}"
    return f"now {after.label}"


@frozen(kw_only=True)
class _Side:
    """One run's view of an overlap: the overlap and our account."""

    overlap: SnapshotOverlap
    ours: Account
    owner_known: bool


def _signal(
    kind: SignalType,
    at: datetime,
    before: _Side | None,
    after: _Side | None,
    lead: str,
) -> Signal:
    latest = after or before
    if latest is None:  # pragma: no cover - every signal has a side
        msg = "a signal needs a before or an after side"
        raise ValueError(msg)
    theirs = latest.overlap.partner_account
    if after is not None:
        pair = (after.ours.stage, after.overlap.partner_stage)
        priority = _PRIORITY[pair]
        step = _play_step(*pair, latest.overlap.partner, latest.ours.name, theirs.owner)
        next_step = f"{lead} {step}"
    else:
        priority = _GONE_OFFSET + _PRIORITY[(latest.ours.stage, latest.overlap.partner_stage)]
        next_step = lead
    return Signal(
        type=kind,
        at=at,
        priority=priority,
        account_id=latest.ours.id,
        account_name=latest.ours.name,
        partner=latest.overlap.partner,
        partner_account_id=theirs.id,
        partner_account_name=theirs.name,
        our_stage_before=before.ours.stage if before else None,
        our_stage_after=after.ours.stage if after else None,
        partner_stage_before=before.overlap.partner_stage if before else None,
        partner_stage_after=after.overlap.partner_stage if after else None,
        play_before=before.overlap.play if before else None,
        play_after=after.overlap.play if after else None,
        partner_owner_before=before.overlap.partner_account.owner if before else None,
        partner_owner_after=after.overlap.partner_account.owner if after else None,
        our_owner=latest.ours.owner,
        next_step=next_step,
    )


def _appeared(at: datetime, after: _Side) -> Signal:
    o, name = after.overlap, after.ours.name
    lead = (
        f"New overlap: {o.partner} has {name} as {_article(o.partner_stage)} and we have it "
        f"as {_article(after.ours.stage)}: {o.play.label}."
    )
    return _signal(SignalType.OVERLAP_APPEARED, at, None, after, lead)


def _gone(at: datetime, before: _Side) -> Signal:
    o, name = before.overlap, before.ours.name
    lead = (
        f"{o.partner} no longer has {name} on its list (it was {_article(o.partner_stage)}): "
        f"the {o.play.label} play with {o.partner} on this account is closed. Check the "
        "Partner Summary's Alternatives for other connections."
    )
    return _signal(SignalType.OVERLAP_GONE, at, before, None, lead)


def _our_stage_lead(name: str, b: Stage, a: Stage) -> str:
    if (b, a) == (L, O):
        return f"Our lead {name} became an opportunity"
    if a is C:
        return f"We won {name}"
    if _advanced(b, a):
        return f"Our {b.value} {name} became {_article(a)}"
    return f"{name} went back from {b.value} to {a.value} on our side"


def _changes(at: datetime, before: _Side, after: _Side) -> list[Signal]:
    old, new = before.overlap, after.overlap
    partner, name = new.partner, after.ours.name
    phrase = _play_phrase(old.play, new.play)
    found: list[Signal] = []
    b, a = old.partner_stage, new.partner_stage
    if b is not a:
        kind = (
            SignalType.PARTNER_STAGE_ADVANCED
            if _advanced(b, a)
            else SignalType.PARTNER_STAGE_REGRESSED
        )
        lead = f"{partner} moved {name} from {b.value} to {a.value}: {phrase}."
        found.append(_signal(kind, at, before, after, lead))
    b, a = before.ours.stage, after.ours.stage
    if b is not a:
        kind = SignalType.OUR_STAGE_ADVANCED if _advanced(b, a) else SignalType.OUR_STAGE_REGRESSED
        lead = f"{_our_stage_lead(name, b, a)}: {phrase}."
        found.append(_signal(kind, at, before, after, lead))
    was, now = old.partner_account.owner, new.partner_account.owner
    if before.owner_known and after.owner_known and not _same_person(was, now):
        lead = f"{partner}'s owner for {name} changed from {was or 'nobody'} to {now or 'nobody'}."
        found.append(_signal(SignalType.OWNER_CHANGED, at, before, after, lead))
    if old.play is not new.play:
        lead = (
            f"The overlap with {partner} on {name} moved from {old.play.label} to "
            f"{new.play.label} ({after.ours.stage.label} to {new.partner_stage.label})."
        )
        found.append(_signal(SignalType.PLAY_CHANGED, at, before, after, lead))
    return found


def _unchanged(
    old: SnapshotOverlap, new: SnapshotOverlap, ours_old: Account, ours_new: Account
) -> bool:
    """Cheap test for the common case: nothing a signal looks at has changed."""
    theirs_old, theirs_new = old.partner_account, new.partner_account
    return (
        old.play is new.play
        and ours_old.stage is ours_new.stage
        and theirs_old.stage is theirs_new.stage
        and (theirs_old.owner is theirs_new.owner or theirs_old.owner == theirs_new.owner)
    )


def _pair_up(
    gone: list[_Side], appeared: list[_Side], key: Callable[[SnapshotOverlap], Hashable]
) -> tuple[list[_Side], list[_Side], list[tuple[_Side, _Side]]]:
    """Pair leftover gone and appeared overlaps that are alone under ``key`` on each side."""
    gone_by: dict[Hashable, list[_Side]] = defaultdict(list)
    appeared_by: dict[Hashable, list[_Side]] = defaultdict(list)
    for side in gone:
        gone_by[key(side.overlap)].append(side)
    for side in appeared:
        appeared_by[key(side.overlap)].append(side)
    pairs: list[tuple[_Side, _Side]] = []
    paired: set[int] = set()
    for k, olds in gone_by.items():
        news = appeared_by.get(k)
        if news is not None and len(olds) == 1 and len(news) == 1:
            pairs.append((olds[0], news[0]))
            paired.update((id(olds[0]), id(news[0])))
    return (
        [s for s in gone if id(s) not in paired],
        [s for s in appeared if id(s) not in paired],
        pairs,
    )


def diff(
    before: Snapshot | AccountMap,
    after: Snapshot | AccountMap,
    *,
    at: datetime | None = None,
) -> tuple[Signal, ...]:
    """Return the signals between two runs, most urgent first.

    Overlaps are identified by our account id, partner and partner account id: edits
    to names, websites, confidence or match rule are not signals. An overlap whose id
    changed on one side only is still followed: a gone and an appeared overlap that are
    each alone with the same our account id and partner (the partner's record id
    changed) or the same partner and partner account id (our record id changed) are
    taken as one overlap. A stage change that also changes the play gives both the
    stage signal and a :attr:`~SignalType.PLAY_CHANGED` signal. Overlaps with a
    partner that the later run did not map are not reported as gone.

    Args:
        before: The earlier run.
        after: The later run.
        at: The date to put on the signals; the later run's ``taken_at`` when ``None``
            (an :class:`~cocorev.models.AccountMap` side is taken at ``at``, or now).

    Returns:
        The signals, ordered by priority, then our account id, partner, partner
        account id and :class:`SignalType` declaration order.

    Raises:
        TypeError: A side that is neither a Snapshot nor an AccountMap.
        InputError: ``before`` was taken after ``after``: the runs are in reverse order.
    """
    when = _utc(at) if at is not None else None
    old_run = _as_snapshot(before, when)
    new_run = _as_snapshot(after, when)
    if old_run.taken_at > new_run.taken_at:
        msg = (
            f"the runs are in reverse order: before was taken at {_iso(old_run.taken_at)}, "
            f"after at {_iso(new_run.taken_at)}; pass the earlier run first, "
            "diff(earlier, later)"
        )
        raise InputError(msg, column="before", value=_iso(old_run.taken_at))
    stamp = when if when is not None else new_run.taken_at
    old_accounts = old_run.account_index()
    new_accounts = new_run.account_index()
    old_overlaps = old_run.overlap_index()
    mapped_after = set(new_run.partners)

    signals: list[Signal] = []
    appeared: list[_Side] = []
    for new in new_run.overlaps:
        ours_new = new_accounts[new.account_id]
        old = old_overlaps.pop((new.account_id, new.partner, new.partner_account.id), None)
        if old is not None:
            ours_old = old_accounts[old.account_id]
            if _unchanged(old, new, ours_old, ours_new):
                continue
        new_side = _Side(overlap=new, ours=ours_new, owner_known=_owner_known(new_run, new))
        if old is None:
            appeared.append(new_side)
            continue
        old_side = _Side(overlap=old, ours=ours_old, owner_known=_owner_known(old_run, old))
        signals.extend(_changes(stamp, old_side, new_side))
    gone = [
        _Side(overlap=o, ours=old_accounts[o.account_id], owner_known=_owner_known(old_run, o))
        for o in old_overlaps.values()
        if o.partner in mapped_after
    ]
    if gone and appeared:
        gone, appeared, pairs = _pair_up(gone, appeared, lambda o: (o.account_id, o.partner))
        gone, appeared, more = _pair_up(gone, appeared, lambda o: (o.partner, o.partner_account.id))
        for old_side, new_side in (*pairs, *more):
            signals.extend(_changes(stamp, old_side, new_side))
    signals.extend(_appeared(stamp, side) for side in appeared)
    signals.extend(_gone(stamp, side) for side in gone)
    signals.sort(key=lambda s: s.sort_key)
    return tuple(signals)


# -- outputs ----------------------------------------------------------------------


def _dumps(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def write_jsonl(signals: Iterable[Signal], path_or_file: str | os.PathLike[str] | IO[str]) -> int:
    """Write signals as JSON Lines: one :meth:`Signal.to_dict` object per line.

    Args:
        signals: The signals, written in the order given.
        path_or_file: A path (created or overwritten, UTF-8) or an open text file.

    Returns:
        The number of lines written.
    """
    if isinstance(path_or_file, (str, os.PathLike)):
        with Path(path_or_file).open("w", encoding="utf-8", newline="\n") as handle:
            return write_jsonl(signals, handle)
    count = 0
    for signal in signals:
        path_or_file.write(_dumps(signal.to_dict()) + "\n")
        count += 1
    return count


def _frozen_headers(value: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(value))


@frozen(kw_only=True)
class WebhookRequest:
    """A signed webhook, ready for any HTTP client to POST. cocorev sends nothing itself.

    Attributes:
        body: The UTF-8 JSON body:
            ``{"format": "cocorev.signals", "version": 1, "sent_at": ..., "signals": [...]}``.
        headers: ``Content-Type``, ``X-Cocorev-Timestamp`` and ``X-Cocorev-Signature``.
    """

    body: bytes
    headers: Mapping[str, str] = field(converter=_frozen_headers)


def _key(secret: str | bytes) -> bytes:
    key = secret.encode("utf-8") if isinstance(secret, str) else bytes(secret)
    if not key:
        msg = "the webhook secret must not be empty"
        raise ValueError(msg)
    return key


def _signature(key: bytes, timestamp: str, body: bytes) -> str:
    digest = hmac.new(key, timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def webhook_request(
    signals: Iterable[Signal], secret: str | bytes, *, now: datetime | None = None
) -> WebhookRequest:
    """Build a webhook carrying the signals, signed with HMAC-SHA256.

    The signature is ``sha256=`` and the hex HMAC-SHA256, keyed with ``secret``, of the
    timestamp header's value, a ``.`` and the body bytes. Receivers check it with
    :func:`verify_webhook`.

    Args:
        signals: The signals, in the order given.
        secret: The secret shared with the receiver.
        now: The signing time (timezone-aware); the current UTC time when ``None``.

    Returns:
        The body and headers to POST.

    Raises:
        ValueError: An empty secret.
    """
    key = _key(secret)
    sent = _now(now)
    timestamp = str(int(sent.timestamp()))
    payload = {
        "format": WEBHOOK_FORMAT,
        "version": 1,
        "sent_at": _iso(sent),
        "signals": [s.to_dict() for s in signals],
    }
    body = _dumps(payload).encode("utf-8")
    return WebhookRequest(
        body=body,
        headers={
            "Content-Type": "application/json",
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: _signature(key, timestamp, body),
        },
    )


def _header(headers: Mapping[str, str], name: str) -> str | None:
    wanted = name.casefold()
    for key, value in headers.items():
        if key.casefold() == wanted:
            return str(value)
    return None


def verify_webhook(
    body: bytes,
    headers: Mapping[str, str],
    secret: str | bytes,
    *,
    tolerance: int = 300,
    now: datetime | None = None,
) -> bool:
    """Return whether a webhook is authentic and fresh.

    Args:
        body: The raw request body, exactly as received.
        headers: The request headers (any mapping, or ``http.server``'s
            ``self.headers``); names are compared case-insensitively.
        secret: The shared secret.
        tolerance: The most seconds the timestamp may differ from ``now``, either way.
        now: The receiving time (timezone-aware); the current UTC time when ``None``.

    Returns:
        ``True`` when the signature matches (compared in constant time) and the
        timestamp is within the tolerance; ``False`` otherwise, including when a
        header is missing or malformed.

    Raises:
        ValueError: An empty secret.
    """
    timestamp = _header(headers, TIMESTAMP_HEADER)
    signature = _header(headers, SIGNATURE_HEADER)
    if timestamp is None or signature is None or not timestamp.isdigit():
        return False
    received = _now(now).timestamp()
    if abs(received - int(timestamp)) > tolerance:
        return False
    expected = _signature(_key(secret), timestamp, bytes(body))
    given = signature.strip().encode("ascii", "replace")
    return hmac.compare_digest(expected.encode("ascii"), given)
