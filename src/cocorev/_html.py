"""HTML for notebooks: the ``_repr_html_`` of AccountMap, Playbook and PartnerSummary.

Every value from the data is HTML-escaped. Private: the models call these functions.

Example:
    >>> from cocorev import map_accounts
    >>> from cocorev.testing import make_account
    >>> ours = [make_account("<b>Acme</b>", website="acme.com", id="1")]
    >>> amap = map_accounts(ours, {"P": [make_account("Acme", website="acme.com", id="p")]})
    >>> "&lt;b&gt;Acme&lt;/b&gt;" in amap._repr_html_(), "<b>Acme</b>" in amap._repr_html_()
    (True, False)
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cocorev.models import AccountMap, Owner, PartnerSummary, Playbook, PlaybookEntry

__all__ = ["account_map_html", "playbook_html", "summary_html"]

_TOP = 5
_TABLE = '<table style="border-collapse:collapse;text-align:left">'
_CELL = 'style="padding:2px 8px;border-bottom:1px solid #ddd;text-align:left"'


def _e(value: object) -> str:
    """Escape one value for HTML text or an attribute."""
    return html.escape("" if value is None else str(value), quote=True)


def _owner(owner: Owner | None) -> str:
    if owner is None:
        return ""
    if owner.name and owner.email:
        return f'{_e(owner.name)} &lt;<a href="mailto:{_e(owner.email)}">{_e(owner.email)}</a>&gt;'
    if owner.email:
        return f'<a href="mailto:{_e(owner.email)}">{_e(owner.email)}</a>'
    return _e(owner.name)


def _row(*cells: str, header: bool = False) -> str:
    tag = "th" if header else "td"
    return "<tr>" + "".join(f"<{tag} {_CELL}>{c}</{tag}>" for c in cells) + "</tr>"


def _amount(value: float | None) -> str:
    return "" if value is None else f"${value:,.0f}"


def _entry_row(position: int, entry: PlaybookEntry) -> str:
    overlap = entry.overlap
    if not overlap.call.contact_owner:
        contact = "not yet (tailor outreach, do not contact the owner)"
    elif overlap.partner_account.owner is None:
        contact = "no owner on record"
    else:
        contact = _owner(overlap.partner_account.owner)
    return _row(
        str(position),
        _e(entry.account.name),
        _e(entry.account.stage.label),
        _e(_amount(entry.account.amount)),
        _e(overlap.partner),
        _e(overlap.partner_stage.label),
        contact,
    )


def playbook_html(playbook: Playbook, *, top: int = _TOP) -> str:
    """Return the playbook as HTML: accounts per play, then the top accounts of each card.

    Args:
        playbook: The playbook.
        top: Accounts shown per card.

    Returns:
        An HTML fragment.
    """
    parts = [f'<div class="cocorev-playbook">{_TABLE}']
    parts.append(_row("Play", "Accounts", header=True))
    for card in playbook.cards:
        parts.append(_row(_e(card.play.label), _e(card.count)))
    parts.append("</table>")
    for card in playbook.cards:
        if not card.count:
            continue
        parts.append(f"<h4>{_e(card.play.label)}: {_e(card.count)} account(s)</h4>{_TABLE}")
        parts.append(
            _row(
                "#",
                "Account",
                "Our stage",
                "Amount",
                "Partner",
                "Partner stage",
                "Contact",
                header=True,
            )
        )
        for position, entry in enumerate(card.view_customers(limit=top), start=1):
            parts.append(_entry_row(position, entry))
        parts.append("</table>")
        if card.count > top:
            parts.append(f"<p>... and {_e(card.count - top)} more</p>")
    parts.append("</div>")
    return "".join(parts)


def summary_html(summary: PartnerSummary) -> str:
    """Return a Partner Summary card as HTML: play, partner stage, owner, alternatives, why.

    Args:
        summary: The Partner Summary.

    Returns:
        An HTML fragment.
    """
    account = summary.account
    owner = _owner(summary.owner) if summary.owner else "nobody yet"
    alternatives = (
        "<ul>"
        + "".join(
            f"<li>{_e(o.partner)}: {_e(o.partner_stage.label)}, {_e(o.call.play.label)}</li>"
            for o in summary.alternatives
        )
        + "</ul>"
        if summary.alternatives
        else "none"
    )
    evidence = "".join(f"<li>{_e(s)}</li>" for s in summary.evidence.signals)
    confidence = f"{summary.primary.match.confidence:.0%}"
    rows = [
        _row("Play", f"<strong>{_e(summary.play.label)}</strong>"),
        _row("Partner", f"{_e(summary.partner)}: {_e(summary.partner_stage.label)}"),
        _row("Owner", f"{owner}<br><small>{_e(summary.owner_note)}</small>"),
        _row("Alternatives", alternatives),
        _row("Why", _e(summary.reason)),
        _row(
            "Same company?",
            f"{_e(summary.evidence.rule)} match, {_e(confidence)} confident"
            + (f"<ul>{evidence}</ul>" if evidence else ""),
        ),
    ]
    return (
        f'<div class="cocorev-summary"><h4>{_e(account.name)} '
        f"<small>({_e(account.stage.label)}, id {_e(account.id)})</small></h4>"
        f"{_TABLE}{''.join(rows)}</table></div>"
    )


def account_map_html(account_map: AccountMap, *, top: int = _TOP) -> str:
    """Return an account map as HTML: totals, accounts per play and the top accounts per card.

    Args:
        account_map: The mapping.
        top: Accounts shown per card.

    Returns:
        An HTML fragment.
    """
    partners = ", ".join(account_map.partners)
    totals = (
        f"<p>{_e(len(account_map.accounts))} accounts of ours, "
        f"{_e(len(account_map.partners))} partner(s) ({_e(partners)}): "
        f"{_e(len(account_map.overlaps))} overlaps on {_e(len(account_map.summaries))} accounts."
        "</p>"
    )
    hint = (
        "<p><small>Show an account's card with <code>account_map.summaries[id]</code>.</small></p>"
    )
    return (
        f'<div class="cocorev-account-map">{totals}'
        f"{playbook_html(account_map.playbook, top=top)}{hint}</div>"
    )
