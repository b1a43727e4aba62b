"""JSON-safe dictionaries of the result objects (private: use the ``to_dict`` methods).

One implementation serves :meth:`cocorev.models.PartnerSummary.to_dict`,
:func:`cocorev.io.summary_to_dict` and the files :func:`cocorev.io.write_results`
writes. Enums become their values; nothing here imports :mod:`cocorev.io`, and the
model classes are imported only for type checking, so ``models`` can call in lazily.
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cocorev.models import (
        Overlap,
        Owner,
        PartnerSummary,
        Playbook,
        PlaybookCard,
        PlaybookEntry,
    )

__all__ = [
    "connection_dict",
    "entry_dict",
    "hubspot_card",
    "hubspot_object_id",
    "owner_dict",
    "playbook_card_dict",
    "playbook_dict",
    "summary_dict",
]


def owner_dict(owner: Owner | None) -> dict[str, str | None] | None:
    """Return an owner as ``{"name", "email"}``, or ``None``."""
    return None if owner is None else {"name": owner.name, "email": owner.email}


def connection_dict(overlap: Overlap) -> dict[str, Any]:
    """Return one partner connection of an account (an overlap) as plain data."""
    match = overlap.match
    return {
        "partner": overlap.partner,
        "partner_account_id": overlap.partner_account.id,
        "partner_account_name": overlap.partner_account.name,
        "partner_stage": overlap.partner_stage.value,
        "our_stage": overlap.our_stage.value,
        "play": overlap.call.play.value,
        "plays": [p.value for p in overlap.call.plays],
        "strength": overlap.call.rank,
        "contact_owner": overlap.call.contact_owner,
        "owner": owner_dict(overlap.partner_account.owner) if overlap.call.contact_owner else None,
        "confidence": match.confidence,
        "rule": match.evidence.rule,
        "evidence": list(match.evidence.signals),
    }


def summary_dict(summary: PartnerSummary) -> dict[str, Any]:
    """Return a Partner Summary as plain JSON-safe data."""
    account = summary.account
    return {
        "account_id": account.id,
        "account_name": account.name,
        "our_stage": account.stage.value,
        "play": summary.play.value,
        "play_label": summary.play.label,
        "partner": summary.partner,
        "partner_stage": summary.partner_stage.value,
        "owner": owner_dict(summary.owner),
        "owner_note": summary.owner_note,
        "reason": summary.reason,
        "evidence": list(summary.evidence.signals),
        "primary": connection_dict(summary.primary),
        "alternatives": [connection_dict(o) for o in summary.alternatives],
    }


def entry_dict(position: int, entry: PlaybookEntry) -> dict[str, Any]:
    """Return one ranked playbook entry (``rank`` is its 1-based position)."""
    overlap = entry.overlap
    contact = overlap.call.contact_owner
    return {
        "rank": position,
        "account_id": entry.account.id,
        "account_name": entry.account.name,
        "our_stage": entry.account.stage.value,
        "amount": entry.account.amount,
        "strength": entry.strength,
        "partner": overlap.partner,
        "partner_account_id": overlap.partner_account.id,
        "partner_stage": overlap.partner_stage.value,
        "contact_owner": contact,
        "owner": owner_dict(overlap.partner_account.owner) if contact else None,
        "reason": overlap.call.reason,
    }


def playbook_card_dict(
    card: PlaybookCard, *, limit: int | None = None, offset: int = 0
) -> dict[str, Any]:
    """Return one playbook card: its count and one page of the ranked account list."""
    page = card.view_customers(limit=limit, offset=offset)
    return {
        "play": card.play.value,
        "label": card.play.label,
        "count": card.count,
        "offset": offset,
        "limit": limit,
        "accounts": [entry_dict(offset + i, e) for i, e in enumerate(page, start=1)],
    }


def playbook_dict(playbook: Playbook, *, limit: int | None = None) -> dict[str, Any]:
    """Return the playbook: counts per play and each card's top ``limit`` accounts."""
    return {
        "counts": {card.play.value: card.count for card in playbook.cards},
        "cards": [playbook_card_dict(card, limit=limit) for card in playbook.cards],
    }


_STAGE_STATUS = {"customer": "SUCCESS", "opportunity": "INFO", "lead": "DEFAULT"}


def hubspot_object_id(account_id: str) -> int:
    """Return a numeric ``objectId``: the id itself when numeric, else its CRC-32."""
    if account_id.isascii() and account_id.isdigit():
        return int(account_id)
    return zlib.crc32(account_id.encode("utf-8"))


def hubspot_card(
    summary: PartnerSummary, *, object_id: int | None = None, link: str | None = None
) -> dict[str, Any]:
    """Return the body a HubSpot (legacy) CRM card data-fetch endpoint answers with."""
    owner = summary.owner
    alternatives = "; ".join(
        f"{o.partner} ({o.partner_stage.label}, {o.call.play.label})" for o in summary.alternatives
    )
    properties: list[dict[str, Any]] = [
        {"label": "Play", "dataType": "STRING", "value": summary.play.label},
        {
            "label": "Stage",
            "dataType": "STATUS",
            "value": summary.partner_stage.label,
            "optionType": _STAGE_STATUS[summary.partner_stage.value],
        },
        {
            "label": "Owner",
            "dataType": "STRING",
            "value": f"{owner} ({summary.partner})" if owner else summary.owner_note,
        },
    ]
    if owner is not None and owner.email:
        properties.append({"label": "Owner email", "dataType": "EMAIL", "value": owner.email})
    properties += [
        {"label": "Alternatives", "dataType": "STRING", "value": alternatives or "None"},
        {"label": "Why", "dataType": "STRING", "value": summary.reason},
    ]
    return {
        "results": [
            {
                "objectId": hubspot_object_id(summary.account.id)
                if object_id is None
                else object_id,
                "title": f"Partner Summary: {summary.partner}",
                "link": link,
                "properties": properties,
            }
        ]
    }
