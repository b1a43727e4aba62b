"""The files that let an output folder be read back as the same AccountMap (private).

:func:`cocorev.io.write_results` writes, beside ``overlaps.csv``, ``summaries.csv`` and
``summaries.json``:

- ``accounts.csv``: our accounts, every field;
- ``partner_accounts.csv``: every partner account, every field, with a ``partner`` column;
- ``map.json``: partner order, each overlap's full match evidence and play call, the
  review-band candidates and the playbook order.

:func:`read_account_map` rebuilds the :class:`~cocorev.models.AccountMap` from those
files plus ``summaries.json``. Nothing is recomputed: the folder is the record of one
run, including tie-breaks (such as give-to-get credit) that are not in the accounts.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from cocorev.errors import InputError
from cocorev.models import (
    Account,
    AccountMap,
    Candidate,
    Match,
    MatchEvidence,
    Overlap,
    Owner,
    PartnerSummary,
    Play,
    Playbook,
    PlaybookCard,
    PlaybookEntry,
    PlayCall,
    Stage,
)

__all__ = ["read_account_map", "write_map_files"]

MAP_FORMAT = "cocorev-account-map"
MAP_VERSION = 1
ACCOUNT_COLUMNS = (
    "id",
    "name",
    "website",
    "stage",
    "owner_name",
    "owner_email",
    "amount",
    "identifiers",
    "extra",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def _escape(value: str) -> str:
    """Return a cell a spreadsheet will not run; a leading ``'`` is always added back."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _unescape(value: str) -> str:
    return value[1:] if value.startswith("'") else value


def _account_row(account: Account) -> list[str]:
    owner = account.owner
    cells = (
        account.id,
        account.name,
        account.website or "",
        account.stage.value,
        (owner.name or "") if owner else "",
        (owner.email or "") if owner else "",
        repr(account.amount) if account.amount is not None else "",
        json.dumps(dict(account.identifiers), ensure_ascii=False) if account.identifiers else "",
        json.dumps(dict(account.extra), ensure_ascii=False) if account.extra else "",
    )
    return [_escape(c) for c in cells]


def _evidence_dict(match: Match) -> dict[str, Any]:
    evidence = match.evidence
    return {
        "confidence": match.confidence,
        "rule": evidence.rule,
        "name_score": evidence.name_score,
        "domain_agreement": evidence.domain_agreement,
        "shared_domain": evidence.shared_domain,
        "signals": list(evidence.signals),
    }


def _key(account_id: str, partner: str, partner_account_id: str) -> dict[str, str]:
    return {"account_id": account_id, "partner": partner, "partner_account_id": partner_account_id}


def _map_payload(account_map: AccountMap) -> dict[str, Any]:
    return {
        "format": MAP_FORMAT,
        "version": MAP_VERSION,
        "partners": list(account_map.partners),
        "overlaps": [
            {
                **_key(o.account.id, o.partner, o.partner_account.id),
                "match": _evidence_dict(o.match),
                "call": {
                    "play": o.call.play.value,
                    "plays": [p.value for p in o.call.plays],
                    "rank": o.call.rank,
                    "contact_owner": o.call.contact_owner,
                    "reason": o.call.reason,
                },
            }
            for o in account_map.overlaps
        ],
        "candidates": [
            {
                **_key(c.match.ours.id, c.partner, c.match.theirs.id),
                "match": _evidence_dict(c.match),
            }
            for c in account_map.candidates
        ],
        "playbook": [
            {
                "play": card.play.value,
                "entries": [
                    {
                        **_key(e.account.id, e.overlap.partner, e.overlap.partner_account.id),
                        "strength": e.strength,
                    }
                    for e in card.entries
                ],
            }
            for card in account_map.playbook.cards
        ],
    }


def _write_accounts(path: Path, rows: Iterable[Sequence[str]], columns: Sequence[str]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(rows)
    return path


def write_map_files(account_map: AccountMap, folder: Path) -> tuple[Path, ...]:
    """Write ``accounts.csv``, ``partner_accounts.csv`` and ``map.json`` into ``folder``."""
    ours = _write_accounts(
        folder / "accounts.csv", (_account_row(a) for a in account_map.accounts), ACCOUNT_COLUMNS
    )
    partner_accounts: dict[tuple[str, str], Account] = {}
    pairs = [(o.partner, o.match) for o in account_map.overlaps]
    pairs += [(c.partner, c.match) for c in account_map.candidates]
    for partner, match in pairs:
        partner_accounts.setdefault((partner, match.theirs.id), match.theirs)
    theirs_path = _write_accounts(
        folder / "partner_accounts.csv",
        (
            [_escape(partner), *_account_row(account)]
            for (partner, _), account in sorted(partner_accounts.items(), key=lambda kv: kv[0])
        ),
        ("partner", *ACCOUNT_COLUMNS),
    )
    map_path = folder / "map.json"
    text = json.dumps(_map_payload(account_map), indent=2, ensure_ascii=False)
    map_path.write_text(text + "\n", encoding="utf-8")
    return (ours, theirs_path, map_path)


# --- reading -----------------------------------------------------------------------


def _problem(path: Path, what: str) -> InputError:
    return InputError(f"{path}: {what}", file=str(path))


def _read_text(path: Path) -> str:
    try:
        with path.open(encoding="utf-8", newline="") as handle:  # keep \r inside cells
            return handle.read()
    except FileNotFoundError as exc:
        msg = (
            f"{path}: missing; not a complete cocorev map folder. "
            "Write one with 'cocorev map --out DIR' (cocorev 0.2 or newer)."
        )
        raise InputError(msg, file=str(path)) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise _problem(path, f"cannot be read ({exc})") from exc


def _read_json(path: Path) -> Any:
    try:
        return json.loads(_read_text(path))
    except json.JSONDecodeError as exc:
        raise _problem(path, f"not valid JSON (line {exc.lineno}: {exc.msg})") from exc


def _json_pairs(text: str) -> dict[str, str]:
    return {} if not text else {str(k): str(v) for k, v in json.loads(text).items()}


def _account(row: Mapping[str, str]) -> Account:
    cell = {k: _unescape(v or "") for k, v in row.items() if k is not None}
    owner_name, owner_email = cell["owner_name"], cell["owner_email"]
    return Account(
        id=cell["id"],
        name=cell["name"],
        website=cell["website"] or None,
        stage=Stage(cell["stage"]),
        owner=Owner(owner_name or None, owner_email or None) if owner_name or owner_email else None,
        amount=float(cell["amount"]) if cell["amount"] else None,
        identifiers=_json_pairs(cell["identifiers"]),
        extra=_json_pairs(cell["extra"]),
    )


def _read_accounts(path: Path, *, partner_column: bool) -> list[tuple[str, Account]]:
    reader = csv.DictReader(io.StringIO(_read_text(path), newline=""))
    wanted = ("partner", *ACCOUNT_COLUMNS) if partner_column else ACCOUNT_COLUMNS
    missing = [c for c in wanted if c not in (reader.fieldnames or ())]
    if missing:
        raise _problem(path, f"missing column(s) {', '.join(missing)}")
    out: list[tuple[str, Account]] = []
    for line, row in enumerate(reader, start=2):
        try:
            account = _account(row)
        except (ValueError, TypeError, AttributeError) as exc:
            raise _problem(path, f"line {line}: not a valid account ({exc})") from exc
        out.append((_unescape(row["partner"]) if partner_column else "", account))
    return out


def _match(ours: Account, theirs: Account, data: Mapping[str, Any]) -> Match:
    return Match(
        ours=ours,
        theirs=theirs,
        confidence=float(data["confidence"]),
        evidence=MatchEvidence(
            rule=data["rule"],
            name_score=float(data["name_score"]),
            domain_agreement=data["domain_agreement"],
            shared_domain=data["shared_domain"],
            signals=tuple(data["signals"]),
        ),
    )


def read_account_map(folder: str | os.PathLike[str]) -> AccountMap:
    """Rebuild the AccountMap that :func:`cocorev.io.write_results` wrote into ``folder``.

    Reads ``accounts.csv``, ``partner_accounts.csv``, ``map.json`` and
    ``summaries.json``. The map comes back as it was written: the same accounts,
    overlaps (with their evidence), Partner Summaries, playbook and candidates.

    Args:
        folder: The output folder of ``cocorev map --out DIR``.

    Returns:
        The :class:`~cocorev.models.AccountMap`.

    Raises:
        InputError: A file is missing, unreadable or inconsistent with the others.
    """
    root = Path(folder)
    if not root.is_dir():
        msg = f"{root}: no such folder; pass the --out folder of 'cocorev map'"
        raise InputError(msg, file=str(root))
    ours = [a for _, a in _read_accounts(root / "accounts.csv", partner_column=False)]
    by_id = {a.id: a for a in ours}
    theirs = {
        (p, a.id): a for p, a in _read_accounts(root / "partner_accounts.csv", partner_column=True)
    }
    map_path = root / "map.json"
    payload = _read_json(map_path)
    if not isinstance(payload, dict) or payload.get("format") != MAP_FORMAT:
        raise _problem(map_path, f"not a {MAP_FORMAT} file")
    summaries_path = root / "summaries.json"
    summaries_data = _read_json(summaries_path)
    try:
        overlaps: dict[tuple[str, str, str], Overlap] = {}
        for item in payload["overlaps"]:
            key = (item["account_id"], item["partner"], item["partner_account_id"])
            call = item["call"]
            overlaps[key] = Overlap(
                match=_match(by_id[key[0]], theirs[(key[1], key[2])], item["match"]),
                partner=key[1],
                call=PlayCall(
                    play=Play(call["play"]),
                    plays=tuple(Play(p) for p in call["plays"]),
                    rank=int(call["rank"]),
                    contact_owner=bool(call["contact_owner"]),
                    reason=call["reason"],
                ),
            )
        candidates = [
            Candidate(
                match=_match(
                    by_id[item["account_id"]],
                    theirs[(item["partner"], item["partner_account_id"])],
                    item["match"],
                ),
                partner=item["partner"],
            )
            for item in payload["candidates"]
        ]
        cards = [
            PlaybookCard(
                play=Play(card["play"]),
                entries=[
                    PlaybookEntry(
                        account=by_id[e["account_id"]],
                        overlap=overlaps[(e["account_id"], e["partner"], e["partner_account_id"])],
                        strength=int(e["strength"]),
                    )
                    for e in card["entries"]
                ],
            )
            for card in payload["playbook"]
        ]
        partners = [str(p) for p in payload["partners"]]
    except (KeyError, TypeError, ValueError) as exc:
        raise _problem(map_path, f"inconsistent with the account files ({exc!r})") from exc
    try:
        summaries: dict[str, PartnerSummary] = {}
        for item in summaries_data:
            account_id = item["account_id"]
            connections = [item["primary"], *item["alternatives"]]
            ranked = [
                overlaps[(account_id, c["partner"], c["partner_account_id"])] for c in connections
            ]
            owner = item["owner"]
            summaries[account_id] = PartnerSummary(
                account=by_id[account_id],
                primary=ranked[0],
                alternatives=ranked[1:],
                owner=Owner(owner["name"], owner["email"]) if owner else None,
                owner_note=item["owner_note"],
                reason=item["reason"],
            )
    except (KeyError, TypeError, ValueError) as exc:
        msg = f"inconsistent with map.json ({exc!r})"
        raise _problem(summaries_path, msg) from exc
    return AccountMap(
        accounts=ours,
        partners=partners,
        overlaps=list(overlaps.values()),
        summaries=summaries,
        playbook=Playbook(cards=cards),
        candidates=candidates,
    )
