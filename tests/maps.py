"""A small two-partner account map with every play on it, and a fake credit source."""

from __future__ import annotations

from attrs import frozen

from cocorev import AccountMap, Owner, Stage, map_accounts
from cocorev.errors import UnknownPartnerError
from cocorev.testing import make_account

C, O, L = Stage.CUSTOMER, Stage.OPPORTUNITY, Stage.LEAD  # noqa: E741 - the spec writes C-O


def two_partner_map() -> AccountMap:
    """Return a map: Northwind has every play, Contoso only Expansion and Generate.

    Overlaps: 1-a O-C, 2-b C-O, 3-c L-C, 4-d C-L, 5-e O-O, 6-f C-C (Northwind);
    6-s C-C, 7-w L-L (Contoso). Account 6 has two connections; 8 has none.
    """
    ours = [
        make_account("Acme Inc.", website="acme.com", stage=O, id="1", amount=5000),
        make_account("Globex", website="globex.com", stage=C, id="2"),
        make_account("Initech LLC", website="initech.com", stage=L, id="3"),
        make_account("Umbrella", website="umbrella.com", stage=C, id="4"),
        make_account("Hooli", website="hooli.com", stage=O, id="5", amount=12000),
        make_account("Stark Industries", website="stark.com", stage=C, id="6"),
        make_account("Wayne Enterprises", website="wayne.com", stage=L, id="7"),
        make_account("Nobody Shares Me", website="lonely.com", stage=C, id="8"),
    ]
    northwind = [
        make_account(
            "ACME",
            website="www.acme.com",
            stage=C,
            id="a",
            owner=Owner("Ann Lee", "ann@northwind.example"),
        ),
        make_account(
            "Globex Corporation",
            website="globex.com",
            stage=O,
            id="b",
            owner=Owner("Bob Ray", "bob@northwind.example"),
        ),
        make_account(
            "Initech",
            website="initech.com",
            stage=C,
            id="c",
            owner=Owner("Cy Fox", "cy@northwind.example"),
        ),
        make_account("Umbrella Corp", website="umbrella.com", stage=L, id="d"),
        make_account(
            "Hooli",
            website="hooli.com",
            stage=O,
            id="e",
            owner=Owner("Ed Po", "ed@northwind.example"),
        ),
        make_account(
            "Stark Industries Inc",
            website="stark.com",
            stage=C,
            id="f",
            owner=Owner("Fay Lin", "fay@northwind.example"),
        ),
    ]
    contoso = [
        make_account(
            "Tony Workshop",
            website="stark.com",
            stage=C,
            id="s",
            owner=Owner("Sue Park", "sue@contoso.example"),
        ),
        make_account("Wayne", website="wayne.com", stage=L, id="w"),
    ]
    return map_accounts(ours, {"Northwind": northwind, "Contoso": contoso})


@frozen
class FakeCredit:
    """The credit a fake ledger reports."""

    score: float


@frozen
class FakeVerdict:
    """A fake ledger's answer to can_ask."""

    ok: bool
    reason: str


class FakeLedger:
    """Credit per partner; a partner it does not know raises UnknownPartnerError."""

    def __init__(self, credits: dict[str, float]) -> None:
        self.credits = credits

    def credit(self, partner: str) -> FakeCredit:
        if partner not in self.credits:
            raise UnknownPartnerError(partner)
        return FakeCredit(self.credits[partner])


class GatedLedger(FakeLedger):
    """A fake ledger that also judges asks, like the real one."""

    def __init__(self, credits: dict[str, float], verdict: FakeVerdict) -> None:
        super().__init__(credits)
        self.verdict = verdict

    def can_ask(self, partner: str) -> FakeVerdict:
        return self.verdict
