"""Factories for tests of code that uses cocorev.

Example:
    >>> from cocorev.testing import make_account
    >>> make_account("Acme Inc.", website="acme.com").stage.value
    'customer'
"""

from __future__ import annotations

import itertools

from cocorev.models import Account, Owner, Stage

__all__ = ["make_account"]

_ids = itertools.count(1)


def make_account(
    name: str,
    *,
    website: str | None = None,
    stage: Stage | str = Stage.CUSTOMER,
    id: str | None = None,
    owner: Owner | str | None = None,
    amount: float | None = None,
) -> Account:
    """Return an :class:`~cocorev.models.Account` with defaults for everything but the name.

    Args:
        name: The company name.
        website: The website or domain field.
        stage: The stage (default customer).
        id: The id; a fresh one (``t1``, ``t2``, ...) when omitted.
        owner: An :class:`~cocorev.models.Owner`, or an e-mail address.
        amount: Deal amount.

    Returns:
        The account.
    """
    if isinstance(owner, str):
        owner = Owner(name=owner.split("@")[0], email=owner)
    return Account(
        id=id or f"t{next(_ids)}",
        name=name,
        website=website,
        stage=Stage(stage),
        owner=owner,
        amount=amount,
    )
