"""The Spark engine gives the embedded path's overlaps, summaries and playbook counts."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
from pyspark.sql import DataFrame, SparkSession

from cocorev import map_accounts, read_accounts
from cocorev.dataframes import accounts_from_dataframe
from cocorev.errors import InputError
from cocorev.match import MatchConfig
from cocorev.models import AccountMap
from cocorev.spark import SparkAccountMap
from cocorev.spark import map_accounts as spark_map_accounts
from tests.spark.synthetic import generate, skewed

DATA = Path(__file__).resolve().parent.parent / "data"
# Accounts a side of the generated equality test (see the Makefile's test-spark).
EQUALITY_SIZE = int(os.environ.get("COCOREV_SPARK_EQUALITY_SIZE", "100000"))
PARTNERS = ("northwind", "contoso", "fabrikam")
OVERLAP_COLUMNS = ["our_id", "partner", "partner_id", "confidence", "rule", "play"]
SUMMARY_COLUMNS = ["our_id", "primary_partner", "primary_partner_id", "play", "owner"]


def embedded_overlaps(amap: AccountMap) -> list[tuple[object, ...]]:
    return sorted(
        (
            o.account.id,
            o.partner,
            o.partner_account.id,
            o.match.confidence,
            o.match.evidence.rule,
            o.play.value,
        )
        for o in amap.overlaps
    )


def embedded_summaries(amap: AccountMap) -> list[tuple[object, ...]]:
    return sorted(
        (
            key,
            s.primary.partner,
            s.primary.partner_account.id,
            s.primary.play.value,
            None if s.owner is None else str(s.owner),
        )
        for key, s in amap.summaries.items()
    )


def rows(df: DataFrame, columns: list[str]) -> list[tuple[object, ...]]:
    return sorted(tuple(r) for r in df.select(*columns).collect())


def assert_same(expected: AccountMap, actual: SparkAccountMap) -> None:
    assert embedded_overlaps(expected) == rows(actual.overlaps, OVERLAP_COLUMNS)
    assert embedded_summaries(expected) == rows(actual.summaries, SUMMARY_COLUMNS)
    assert expected.playbook.counts() == dict(actual.playbook_counts)


def read_csv(spark: SparkSession, path: Path) -> DataFrame:
    return spark.read.option("header", True).option("escape", '"').csv(str(path))


def frame(spark: SparkSession, df: pd.DataFrame) -> DataFrame:
    return spark.createDataFrame(df)


def loaded(df: pd.DataFrame):
    return accounts_from_dataframe(df).accounts


class TestEquality:
    def test_bundled_sample(self, spark):
        """On the bundled real sample Spark finds the embedded overlaps, summaries and counts."""
        expected = map_accounts(
            read_accounts(DATA / "ours.csv"),
            {p: read_accounts(DATA / f"{p}.csv") for p in PARTNERS},
        )
        actual = spark_map_accounts(
            read_csv(spark, DATA / "ours.csv"),
            {p: read_csv(spark, DATA / f"{p}.csv") for p in PARTNERS},
        )
        assert 200 < len(expected.overlaps)
        assert_same(expected, actual)

    def test_generated(self, spark):
        """On generated accounts (100,000 a side) Spark equals the embedded path row for row.

        ``make test-spark`` runs it at 100,000 accounts a side; CI at 20,000
        (``SPARK_EQUALITY_SIZE``), to stay inside its time limit.
        """
        ours, theirs = generate(EQUALITY_SIZE, seed=7)
        expected = map_accounts(
            loaded(ours), {"Partner": loaded(theirs)}, config=MatchConfig(workers=2)
        )
        actual = spark_map_accounts(frame(spark, ours), {"Partner": frame(spark, theirs)})
        assert EQUALITY_SIZE // 5 < len(expected.overlaps)
        assert_same(expected, actual)

    def test_skewed_block_keys(self, spark):
        """5,000 names sharing their first word finish and equal the embedded result."""
        ours, theirs = skewed(5_000)
        expected = map_accounts(loaded(ours), {"Acme": loaded(theirs)})
        actual = spark_map_accounts(frame(spark, ours), {"Acme": frame(spark, theirs)})
        assert 2_000 < len(expected.overlaps)
        assert_same(expected, actual)

    def test_ties_between_two_companies_go_to_review(self, spark):
        """Equal name matches with two companies' records go to review in both engines."""
        ours = pd.DataFrame(
            {
                "id": ["o1", "o2", "o3"],
                "name": ["Flex Ltd.", "Globex", "Initech"],
                "domain": ["", "", "initech.com"],
                "stage": ["customer", "lead", "opportunity"],
            }
        )
        theirs = pd.DataFrame(
            {
                "id": ["t1", "t2", "t3", "t4", "t5", "t6"],
                "name": ["The Flex Company", "Flex", "Globex Corp", "Globex", "Initech", "Initech"],
                "domain": ["theflexcompany.com", "flex.com", "globex.com", "globex.co.uk", "", ""],
                "stage": ["customer", "lead", "customer", "lead", "lead", "customer"],
            }
        )
        expected = map_accounts(loaded(ours), {"P": loaded(theirs)})
        actual = spark_map_accounts(frame(spark, ours), {"P": frame(spark, theirs)})
        assert_same(expected, actual)
        assert [("o2", "t3"), ("o2", "t4")] == sorted(
            (o.account.id, o.partner_account.id) for o in expected.overlaps if o.account.id == "o2"
        )
        review = sorted(
            (c.match.ours.id, c.partner, c.match.theirs.id, c.match.confidence)
            for c in expected.candidates
        )
        assert [("o1", "P", "t1", 0.8), ("o1", "P", "t2", 0.8)] == review
        assert review == rows(actual.candidates, ["our_id", "partner", "partner_id", "confidence"])

    def test_one_frame_with_partner_column_and_config(self, spark):
        """One DataFrame with a partner column and a stricter config map as embedded, review band too."""
        ours = pd.read_csv(DATA / "ours.csv", dtype=str, keep_default_na=False)
        parts = {
            p: pd.read_csv(DATA / f"{p}.csv", dtype=str, keep_default_na=False) for p in PARTNERS
        }
        together = pd.concat([df.assign(partner=p) for p, df in parts.items()], ignore_index=True)
        config = MatchConfig(accept=0.99, review=0.6, max_block=5)
        expected = map_accounts(
            loaded(ours), {p: loaded(df) for p, df in parts.items()}, config=config
        )
        actual = spark_map_accounts(frame(spark, ours), frame(spark, together), config=config)
        assert_same(expected, actual)
        review = sorted(
            (c.match.ours.id, c.partner, c.match.theirs.id, c.match.confidence)
            for c in expected.candidates
        )
        assert 50 < len(review)
        assert review == rows(actual.candidates, ["our_id", "partner", "partner_id", "confidence"])


class TestErrors:
    def test_duplicate_id(self, spark):
        """A duplicate id on our side raises InputError, as the embedded matcher does."""
        ours = pd.DataFrame({"id": ["1", "1"], "name": ["Acme", "Beta"], "stage": ["lead", "lead"]})
        parts = {"P": frame(spark, ours.iloc[:1])}
        chunks = [frame(spark, ours.iloc[:1]), frame(spark, ours.iloc[1:])]
        with pytest.raises(InputError, match="duplicate account id '1' in ours"):
            spark_map_accounts(chunks[0].unionByName(chunks[1]), parts)

    def test_blank_partner(self, spark):
        """A blank partner name raises InputError."""
        ours = frame(spark, pd.DataFrame({"id": ["1"], "name": ["Acme"], "stage": ["lead"]}))
        with pytest.raises(InputError, match="partner name must not be blank"):
            spark_map_accounts(ours, {" ": ours})
