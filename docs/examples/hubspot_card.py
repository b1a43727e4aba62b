"""Serve Partner Summaries as a HubSpot CRM card, with the standard library only.

Usage:
    python hubspot_card.py hubspot-companies.csv Contoso=salesforce-accounts.csv

HubSpot calls the card's data fetch URL with the company's record id in
``associatedObjectId``; when "ours" is a HubSpot companies export, that is the account id
cocorev keys its summaries by. Set HUBSPOT_CLIENT_SECRET to check request signatures.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import cocorev

MAX_AGE_SECONDS = 300


def card_response(account_map: cocorev.AccountMap, record_id: str) -> dict[str, Any]:
    """Return the card payload for one company record: its Partner Summary, if any."""
    summary = account_map.summaries.get(record_id)
    if summary is None:
        return {"responseVersion": "v3", "cardLabel": "Partner overlap", "sections": []}
    alternatives = "; ".join(f"{o.partner} ({o.partner_stage.label})" for o in summary.alternatives)
    tokens = [
        ("play", "Play", summary.play.label),
        ("partner", "Partner", f"{summary.partner}: {summary.partner_stage.label}"),
        ("owner", "Contact", str(summary.owner) if summary.owner else "Nobody yet"),
        ("owner_note", "Why this contact", summary.owner_note),
        ("alternatives", "Alternatives", alternatives or "None"),
        ("why", "Why", summary.reason),
    ]
    return {
        "responseVersion": "v3",
        "cardLabel": "Partner overlap",
        "totalCount": 1,
        "sections": [
            {
                "id": summary.account.id,
                "title": f"{summary.play.label} with {summary.partner}",
                "tokens": [
                    {"name": name, "label": label, "dataType": "STRING", "value": value}
                    for name, label, value in tokens
                ],
            }
        ],
    }


def signature_ok(
    secret: str, method: str, uri: str, body: str, timestamp: str, signature: str, now: float
) -> bool:
    """Check HubSpot's v3 request signature: base64 HMAC-SHA256 of method, URI, body, time."""
    try:
        age = now - int(timestamp) / 1000
    except ValueError:
        return False
    if abs(age) > MAX_AGE_SECONDS:
        return False
    message = f"{method}{uri}{body}{timestamp}".encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return hmac.compare_digest(base64.b64encode(digest).decode(), signature)


def make_handler(
    account_map: cocorev.AccountMap,
    secret: str | None,
    clock: Callable[[], float] = time.time,
) -> type[BaseHTTPRequestHandler]:
    """Return a request handler class serving ``GET /card?associatedObjectId=...``."""

    class CardHandler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if url.path != "/card":
                self.reply(404, {"message": "not found"})
                return
            if secret is not None:
                uri = f"https://{self.headers.get('Host', '')}{self.path}"
                if not signature_ok(
                    secret,
                    "GET",
                    uri,
                    "",
                    self.headers.get("X-HubSpot-Request-Timestamp", ""),
                    self.headers.get("X-HubSpot-Signature-v3", ""),
                    clock(),
                ):
                    self.reply(401, {"message": "bad signature"})
                    return
            record_id = parse_qs(url.query).get("associatedObjectId", [""])[0]
            self.reply(200, card_response(account_map, record_id))

        def reply(self, status: int, payload: dict[str, Any]) -> None:
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return CardHandler


def main(argv: Sequence[str]) -> int:
    """Load the exports, map them and serve the card on port 8000 (or $PORT)."""
    ours_path, *partner_args = argv
    ours = cocorev.read_accounts(ours_path)
    partners = {}
    for arg in partner_args:
        name, _, path = arg.partition("=")
        partners[name] = cocorev.read_accounts(path)
    account_map = cocorev.map_accounts(ours, partners)
    handler = make_handler(account_map, os.environ.get("HUBSPOT_CLIENT_SECRET"))
    port = int(os.environ.get("PORT", "8000"))
    with ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"serving {len(account_map.summaries)} Partner Summaries on port {port}")  # noqa: T201
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
