"""The HubSpot CRM card endpoint example in the docs works as the how-to says."""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib.util
import json
import threading
import urllib.error
import urllib.request
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from cocorev import map_accounts, read_accounts

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = ROOT / "tests" / "data" / "exports"


def _example():
    spec = importlib.util.spec_from_file_location(
        "hubspot_card", ROOT / "docs" / "examples" / "hubspot_card.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


card = _example()


@pytest.fixture(scope="module")
def account_map():
    return map_accounts(
        read_accounts(EXPORTS / "hubspot-companies.csv"),
        {"Contoso": read_accounts(EXPORTS / "salesforce-accounts.csv")},
    )


def _sign(secret, uri, timestamp):
    digest = hmac.new(secret.encode(), f"GET{uri}{timestamp}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


class TestCardResponse:
    def test_summary_as_card(self, account_map):
        """A company with overlaps gets one section: play, partner, contact, alternatives, why."""
        adobe = next(s for s in account_map.summaries.values() if s.account.name == "Adobe Inc.")
        payload = card.card_response(account_map, adobe.account.id)
        [section] = payload["sections"]
        tokens = {t["name"]: t["value"] for t in section["tokens"]}
        assert "Accelerate Opportunities with Contoso" == section["title"]
        assert ("Accelerate Opportunities", "Contoso: Customer", "Lucas Martin") == (
            tokens["play"],
            tokens["partner"],
            tokens["owner"],
        )
        json.dumps(payload)

    def test_unknown_record(self, account_map):
        """A record with no overlap gets an empty card, not an error."""
        assert [] == card.card_response(account_map, "nope")["sections"]


class TestSignature:
    def test_valid_and_tampered(self):
        """A signature made with the secret passes; another URI, secret or an old timestamp fails."""
        uri = "https://cards.example.com/card?associatedObjectId=1"
        signature = _sign("s3cret", uri, "1700000000000")
        assert card.signature_ok(
            "s3cret", "GET", uri, "", "1700000000000", signature, 1_700_000_010
        )
        assert not card.signature_ok(
            "s3cret", "GET", uri + "2", "", "1700000000000", signature, 1_700_000_010
        )
        assert not card.signature_ok(
            "other", "GET", uri, "", "1700000000000", signature, 1_700_000_010
        )
        assert not card.signature_ok(
            "s3cret", "GET", uri, "", "1700000000000", signature, 1_700_001_000
        )


class TestServer:
    def test_serves_cards_over_http(self, account_map):
        """The handler answers /card with JSON and rejects unsigned requests when a secret is set."""
        handler = card.make_handler(account_map, "s3cret", clock=lambda: 1_700_000_000.0)
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            host = f"127.0.0.1:{server.server_address[1]}"
            record = next(iter(account_map.summaries))
            path = f"/card?associatedObjectId={record}&portalId=62515"
            request = urllib.request.Request(
                f"http://{host}{path}",
                headers={
                    "X-HubSpot-Request-Timestamp": "1700000000000",
                    "X-HubSpot-Signature-v3": _sign(
                        "s3cret", f"https://{host}{path}", "1700000000000"
                    ),
                },
            )
            with urllib.request.urlopen(request, timeout=5) as response:
                payload = json.loads(response.read())
            assert record == payload["sections"][0]["id"]
            with pytest.raises(urllib.error.HTTPError) as info:
                urllib.request.urlopen(f"http://{host}{path}", timeout=5)
            info.value.close()
            assert 401 == info.value.code
        finally:
            server.shutdown()
            server.server_close()
