"""JSON output of summaries, playbook cards and the HubSpot CRM card."""

from __future__ import annotations

import json
import re
import zlib

import pytest
from attrs import evolve

from cocorev import Play
from cocorev.io import summary_to_dict
from tests.maps import two_partner_map

AMAP = two_partner_map()

# The response of a data-fetch endpoint of a HubSpot CRM card (legacy public apps), as
# documented by HubSpot ("CRM cards": Example response, Card properties):
# - "results": up to five objects, each with a numeric "objectId" and a string "title"
#   (both required), an optional "link" (a URL string, or null when no object has one),
#   optional "actions" and "properties";
# - each property: "label", "dataType" and "value"; CURRENCY also needs "currencyCode",
#   STATUS needs "optionType" (DEFAULT, SUCCESS, WARNING, DANGER or INFO);
# - top level may also carry "primaryAction", "secondaryActions" and "settingsAction".
HUBSPOT_TOP_LEVEL = {"results", "primaryAction", "secondaryActions", "settingsAction"}
HUBSPOT_DATA_TYPES = {
    "CURRENCY",
    "DATE",
    "DATETIME",
    "EMAIL",
    "LINK",
    "NUMERIC",
    "STATUS",
    "STRING",
}
HUBSPOT_OPTION_TYPES = {"DEFAULT", "SUCCESS", "WARNING", "DANGER", "INFO"}


def hubspot_problems(body):
    """Return every way ``body`` departs from the documented CRM card response."""
    problems = []
    if not isinstance(body, dict):
        return ["body is not an object"]
    problems += [f"unknown top-level key {k!r}" for k in set(body) - HUBSPOT_TOP_LEVEL]
    results = body.get("results")
    if not isinstance(results, list) or not 1 <= len(results) <= 5:
        return [*problems, "results must be a list of 1 to 5 objects"]
    for n, result in enumerate(results):
        where = f"results[{n}]"
        if not isinstance(result.get("objectId"), int) or isinstance(result["objectId"], bool):
            problems.append(f"{where}.objectId must be a number")
        if not isinstance(result.get("title"), str) or not result["title"]:
            problems.append(f"{where}.title must be a non-empty string")
        if "link" in result and result["link"] is not None and not isinstance(result["link"], str):
            problems.append(f"{where}.link must be a string or null")
        for m, prop in enumerate(result.get("properties", [])):
            at = f"{where}.properties[{m}]"
            missing = {"label", "dataType", "value"} - set(prop)
            if missing:
                problems.append(f"{at} misses {sorted(missing)}")
                continue
            if prop["dataType"] not in HUBSPOT_DATA_TYPES:
                problems.append(f"{at}.dataType {prop['dataType']!r} is not documented")
            if prop["dataType"] == "STATUS" and prop.get("optionType") not in HUBSPOT_OPTION_TYPES:
                problems.append(f"{at} STATUS needs an optionType")
            if prop["dataType"] == "CURRENCY" and "currencyCode" not in prop:
                problems.append(f"{at} CURRENCY needs a currencyCode")
            if prop["dataType"] == "EMAIL" and not re.fullmatch(r"[^@\s]+@[^@\s]+", prop["value"]):
                problems.append(f"{at} EMAIL value is not an address")
            if prop["dataType"] == "STRING" and not isinstance(prop["value"], str):
                problems.append(f"{at} STRING value is not a string")
    return problems


class TestDocumentedShapeCheck:
    def test_accepts_the_documented_example(self):
        """The checker accepts HubSpot's own example response."""
        example = {
            "results": [
                {
                    "objectId": 245,
                    "title": "API-22: APIs working too fast",
                    "link": "http://example.com/1",
                    "properties": [
                        {
                            "label": "Resolved by",
                            "dataType": "EMAIL",
                            "value": "ijones@hubspot.com",
                        },
                        {
                            "label": "Resolution impact",
                            "dataType": "CURRENCY",
                            "value": "94.34",
                            "currencyCode": "GBP",
                        },
                        {
                            "label": "Status",
                            "dataType": "STATUS",
                            "value": "Resolved",
                            "optionType": "SUCCESS",
                        },
                    ],
                }
            ],
            "primaryAction": {"type": "IFRAME", "uri": "https://example.com", "label": "Edit"},
        }
        assert [] == hubspot_problems(example)

    @pytest.mark.parametrize(
        ("body", "problem"),
        [
            ({"results": []}, "results must be a list of 1 to 5 objects"),
            ({"results": [{"objectId": "1", "title": "t"}]}, "results[0].objectId"),
            ({"results": [{"objectId": 1}]}, "results[0].title"),
            (
                {
                    "results": [
                        {
                            "objectId": 1,
                            "title": "t",
                            "properties": [{"label": "S", "dataType": "STATUS", "value": "x"}],
                        }
                    ]
                },
                "STATUS needs an optionType",
            ),
            ({"results": [{"objectId": 1, "title": "t"}], "sections": []}, "unknown top-level"),
        ],
        ids=["empty", "string-id", "no-title", "status-without-option", "v3-shape"],
    )
    def test_rejects_what_the_docs_do_not_allow(self, body, problem):
        """The checker is not a rubber stamp: it finds each kind of departure."""
        assert any(problem in p for p in hubspot_problems(body))


class TestHubSpotCard:
    def test_accelerate_card_matches_the_documented_shape(self):
        """The Partner Summary card is a valid data-fetch response with the four fields."""
        body = AMAP.summaries["1"].to_hubspot_card()
        assert [] == hubspot_problems(body)
        [result] = body["results"]
        assert (1, "Partner Summary: Northwind", None) == (
            result["objectId"],
            result["title"],
            result["link"],
        )
        assert [
            ("Play", "STRING", "Accelerate Opportunities"),
            ("Stage", "STATUS", "Customer"),
            ("Owner", "STRING", "Ann Lee <ann@northwind.example> (Northwind)"),
            ("Owner email", "EMAIL", "ann@northwind.example"),
            ("Alternatives", "STRING", "None"),
        ] == [(p["label"], p["dataType"], p["value"]) for p in result["properties"][:5]]
        assert "SUCCESS" == result["properties"][1]["optionType"]
        assert "Why" == result["properties"][-1]["label"]

    def test_generate_card_says_not_to_contact_yet(self):
        """On a Generate card the Owner field says nobody is to be contacted yet, and why."""
        body = AMAP.summaries["3"].to_hubspot_card()
        owner = next(p for p in body["results"][0]["properties"] if p["label"] == "Owner")
        assert owner["value"].startswith("Generate play: do not contact the partner's owner yet")
        labels = [p["label"] for p in body["results"][0]["properties"]]
        assert "Owner email" not in labels
        assert [] == hubspot_problems(body)

    def test_alternatives_are_listed(self):
        """Other partner connections appear in Alternatives with stage and play."""
        body = AMAP.summaries["6"].to_hubspot_card()
        alt = next(p for p in body["results"][0]["properties"] if p["label"] == "Alternatives")
        assert "Contoso (Customer, Upsells & Expansion)" == alt["value"]

    @pytest.mark.parametrize(
        ("account_id", "expected"),
        [
            ("1", 1),
            ("9876543210", 9876543210),
            ("0012A", zlib.crc32(b"0012A")),
            ("٣", zlib.crc32("٣".encode())),
        ],
        ids=["numeric", "hubspot-size", "salesforce-style", "non-ascii-digit"],
    )
    def test_object_id_is_numeric(self, account_id, expected):
        """objectId is the account id when numeric, else a stable CRC-32 of it."""
        summary = AMAP.summaries["1"]
        summary = evolve(summary, account=evolve(summary.account, id=account_id))
        assert expected == summary.to_hubspot_card()["results"][0]["objectId"]

    def test_object_id_and_link_can_be_given(self):
        """The caller may pass the HubSpot record id and a details link."""
        [result] = AMAP.summaries["1"].to_hubspot_card(
            object_id=42, link="https://crm.example/a/1"
        )["results"]
        assert (42, "https://crm.example/a/1") == (result["objectId"], result["link"])

    @pytest.mark.parametrize("account_id", sorted(AMAP.summaries), ids=str)
    def test_every_card_is_json(self, account_id):
        """Every card survives a JSON round trip unchanged."""
        body = AMAP.summaries[account_id].to_hubspot_card()
        assert body == json.loads(json.dumps(body))


class TestSummaryToDict:
    @pytest.mark.parametrize("account_id", sorted(AMAP.summaries), ids=str)
    def test_method_and_io_function_agree(self, account_id):
        """PartnerSummary.to_dict and io.summary_to_dict are one implementation."""
        summary = AMAP.summaries[account_id]
        assert summary_to_dict(summary) == summary.to_dict()
        assert summary.to_dict() == json.loads(json.dumps(summary.to_dict()))

    def test_content(self):
        """The dict names the play, partner, owner and every connection."""
        data = AMAP.summaries["6"].to_dict()
        assert ("expansion", "Northwind", "customer", ["Contoso"]) == (
            data["play"],
            data["partner"],
            data["partner_stage"],
            [a["partner"] for a in data["alternatives"]],
        )
        assert {"name": "Fay Lin", "email": "fay@northwind.example"} == data["owner"]


class TestPlaybookToDict:
    def test_counts_and_ranked_cards(self):
        """The playbook dict has counts per play and each card's ranked accounts."""
        data = AMAP.playbook.to_dict(limit=1)
        assert {"expansion": 2, "accelerate": 2, "generate": 2, "partnership": 2} == (
            data["counts"]
        )
        assert [["6"], ["1"], ["3"], ["2"]] == [
            [a["account_id"] for a in card["accounts"]] for card in data["cards"]
        ]
        assert data == json.loads(json.dumps(data))

    def test_card_page_keeps_overall_rank(self):
        """A later page numbers its accounts by their rank on the whole card."""
        data = AMAP.playbook.card(Play.ACCELERATE).to_dict(limit=5, offset=1)
        assert (2, 1, 5, [(2, "5", 12000.0)]) == (
            data["count"],
            data["offset"],
            data["limit"],
            [(a["rank"], a["account_id"], a["amount"]) for a in data["accounts"]],
        )

    def test_generate_entries_hide_the_owner(self):
        """Generate entries never carry the partner's owner."""
        data = AMAP.playbook.card(Play.GENERATE).to_dict()
        assert [(False, None), (False, None)] == [
            (a["contact_owner"], a["owner"]) for a in data["accounts"]
        ]

    def test_negative_page_is_refused(self):
        """A negative offset is refused as view_customers refuses it."""
        with pytest.raises(ValueError, match=">= 0"):
            AMAP.playbook.card(Play.GENERATE).to_dict(offset=-1)
