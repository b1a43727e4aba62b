"""Account mapping on Apache Spark, with the same results as :func:`cocorev.map_accounts`.

Needs the optional ``spark`` extra (``pip install 'cocorev[spark]'``). The rest of
cocorev never imports pyspark.

One logic, two engines: every decision is made by the functions the embedded path
uses (the loader, the normaliser, the block keys, :meth:`~cocorev.match.Matcher`'s pair
score and conflict predicate, :func:`~cocorev.plays.classify`, the connection order
and the Partner Summary), run per record, per pair or per account inside
``mapInPandas`` / ``applyInPandas``. Spark only moves data: it counts words and block
keys, joins records that share a key, and groups an account's overlaps. Nothing is
collected to the driver but the four playbook counts.

Example (not run here: it needs a Spark session)::

    from cocorev.spark import map_accounts

    ours = spark.read.parquet("crm/accounts")              # id, name, domain, stage, ...
    partners = spark.read.parquet("partners/accounts")     # the same, plus `partner`
    result = map_accounts(ours, partners)
    result.overlaps.write.parquet("out/overlaps")
    result.summaries.write.parquet("out/summaries")
    result.playbook_counts                                # {Play.EXPANSION: 12, ...}
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from attrs import field, frozen

from cocorev.errors import InputError
from cocorev.match import (
    _BRAND_BLOCK,
    _DISTINCT_KEY,
    _MASKED_KEY,
    _PREFIX,
    _RARE,
    _SMALL_BLOCK,
    MatchConfig,
    Matcher,
    _alike,
    _is_small_key,
    _known_keys,
    _name_key_limit,
    _name_keys,
    _prefixes,
    _Prepared,
    _record_group_keys,
    _record_id_keys,
    _review_cap,
    _slip_near,
    _small_worthy,
    _stands,
    _tied_apart,
    _token_keys,
)
from cocorev.models import Account, Overlap, Play
from cocorev.overlap import _playbook, _summary, connection_order
from cocorev.plays import PLAY_ORDER, classify

try:
    import pandas as pd
    from pyspark.sql import DataFrame
    from pyspark.sql import functions as F
    from pyspark.sql.types import (
        ArrayType,
        BinaryType,
        BooleanType,
        DoubleType,
        LongType,
        StringType,
        StructField,
        StructType,
    )
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    msg = "cocorev.spark needs pyspark and pandas: pip install 'cocorev[spark]'"
    raise ImportError(msg) from exc

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["ACCOUNT_COLUMNS", "SparkAccountMap", "map_accounts"]

#: The columns read from each input DataFrame (missing ones count as blank).
ACCOUNT_COLUMNS = ("id", "name", "domain", "stage", "owner_name", "owner_email", "amount")

_OURS = "ours"
_THEIRS = "theirs"
# How a candidate pair was found, weakest first (a pair keeps its strongest): a shared
# rare word, an acronym or run-together key, any other key. The weaker two must pass
# the same prefilters as in the embedded matcher.
# How a candidate pair was found, as bits: a pair found several ways is scored when
# any of them lets it through, as Plan.candidates does.
_BY_TOKEN, _BY_SLIP, _BY_SMALL_KEY, _BY_KEY = 1, 2, 4, 8

_RECORDS = StructType(
    [
        StructField("partner", StringType()),
        StructField("side", StringType()),
        StructField("id", StringType()),
        StructField("key", StringType()),
        StructField("tokens", ArrayType(StringType())),
        StructField("prefixes", ArrayType(StringType())),
        StructField("rec", BinaryType()),
    ]
)
_ENTRIES = StructType(
    [
        StructField("partner", StringType()),
        StructField("side", StringType()),
        StructField("id", StringType()),
        StructField("kind", StringType()),
        StructField("bkey", StringType()),
        StructField("index", BooleanType()),
    ]
)
_SCORED = StructType(
    [
        StructField("partner", StringType()),
        StructField("our_id", StringType()),
        StructField("partner_id", StringType()),
        StructField("confidence", DoubleType()),
        StructField("rule", StringType()),
        StructField("agreement", StringType()),
        # Brand labels of each record's domains, space-separated (labels have no spaces).
        StructField("our_brands", StringType()),
        StructField("their_brands", StringType()),
        StructField("match", BinaryType()),
    ]
)
# A standing name match that goes to review, and the record it ties with.
_TIES = StructType(
    [
        StructField("partner", StringType()),
        StructField("our_id", StringType()),
        StructField("partner_id", StringType()),
        StructField("tied_with", StringType()),
    ]
)
_KEPT = StructType(
    [
        StructField("our_id", StringType()),
        StructField("partner", StringType()),
        StructField("partner_id", StringType()),
        StructField("confidence", DoubleType()),
        StructField("rule", StringType()),
        StructField("play", StringType()),
        StructField("our_stage", StringType()),
        StructField("partner_stage", StringType()),
        StructField("overlap", BinaryType()),
    ]
)
_SUMMARIES = StructType(
    [
        StructField("our_id", StringType()),
        StructField("primary_partner", StringType()),
        StructField("primary_partner_id", StringType()),
        StructField("play", StringType()),
        StructField("partner_stage", StringType()),
        StructField("owner", StringType()),
        StructField("owner_note", StringType()),
        StructField("reason", StringType()),
        StructField("alternatives", LongType()),
        StructField("plays", ArrayType(StringType())),
    ]
)


def _counts(value: Mapping[Play, int]) -> dict[Play, int]:
    return dict(value)


@frozen(kw_only=True)
class SparkAccountMap:
    """What :func:`map_accounts` found, as Spark DataFrames (computed lazily).

    Attributes:
        overlaps: One row per overlap: ``our_id``, ``partner``, ``partner_id``,
            ``confidence``, ``rule``, ``play``, ``our_stage``, ``partner_stage``.
        summaries: One row per account with overlaps, its Partner Summary:
            ``our_id``, ``primary_partner``, ``primary_partner_id``, ``play``,
            ``partner_stage``, ``owner`` (``"Name <email>"`` or null), ``owner_note``,
            ``reason``, ``alternatives`` (how many other connections), ``plays``.
        candidates: Review-band pairs: ``partner``, ``our_id``, ``partner_id``,
            ``confidence``, ``rule``.
        playbook_counts: Accounts per play, as in ``AccountMap.playbook.counts()``.
    """

    overlaps: DataFrame
    summaries: DataFrame
    candidates: DataFrame
    playbook_counts: Mapping[Play, int] = field(converter=_counts)


def _frame(df: DataFrame, partner: str | None) -> DataFrame:
    """Return ``df``'s account columns as strings, with the partner column."""
    present = set(df.columns)
    columns = [
        (F.col(c).cast("string") if c in present else F.lit(None).cast("string")).alias(c)
        for c in ACCOUNT_COLUMNS
    ]
    if partner is not None:
        label = F.lit(partner)
    elif "partner" in present:
        label = F.col("partner").cast("string")
    else:
        label = F.lit(None).cast("string")
    return df.select(label.alias("partner"), *columns)


def _prepare_batches(
    matcher: Matcher, side: str
) -> Callable[[Iterator[pd.DataFrame]], Iterator[pd.DataFrame]]:
    """Load and normalise records batch by batch, with the embedded loader and matcher."""
    from cocorev.dataframes import accounts_from_dataframe

    def run(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        for batch in batches:
            rows: list[tuple[Any, ...]] = []
            for partner, part in batch.groupby("partner", dropna=False, sort=False):
                label = None if side == _OURS else str(partner)
                loaded = accounts_from_dataframe(part[list(ACCOUNT_COLUMNS)])
                prepared = matcher._prepare(tuple(loaded.accounts), side, _known_keys(loaded))  # type: ignore[arg-type]
                for k, account in enumerate(prepared.accounts):
                    name = prepared.names[k]
                    record = tuple(getattr(prepared, f)[k] for f in _FIELDS)
                    rows.append(
                        (
                            label,
                            side,
                            account.id,
                            name,
                            list(prepared.tokens[k]),
                            _prefixes(name),
                            pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL),
                        )
                    )
            yield pd.DataFrame(rows, columns=_RECORDS.fieldNames())

    return run


_FIELDS = (
    "accounts",
    "names",
    "tokens",
    "domains",
    "brands",
    "distinct",
    "ignored",
    "ids",
    "groups",
)


def _block_entries(
    config: MatchConfig,
) -> Callable[[Iterator[pd.DataFrame]], Iterator[pd.DataFrame]]:
    """Return each record's block keys, as ``match._Plan.candidates`` looks them up.

    ``index`` entries are the side whose block size is limited; ``probe`` entries look
    them up. Kinds: brand, domain, id, group (always); name, name_distinct, name_small,
    name_masked, prefix and token (names).
    """
    limit = config.max_block

    def run(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        for batch in batches:
            rows: list[tuple[Any, ...]] = []
            for partner, side, rid, blob, freq in zip(
                batch["partner"],
                batch["side"],
                batch["id"],
                batch["rec"],
                batch["freq"],
                strict=True,
            ):
                _a, name, tokens, domains, brands, distinct, _i, ids, groups = pickle.loads(blob)
                ours = side == _OURS
                entries: list[tuple[str, str, bool]] = []
                entries += [("brand", b, not ours) for b in brands]
                entries += [("domain", d, not ours) for d in domains]
                entries += [("id", k, not ours) for k in _record_id_keys(ids)]
                entries += [("group", g, not ours) for g in _record_group_keys(groups)]
                if config.use_names:
                    entries += [(_name_kind(k), k, not ours) for k in _name_keys(name, distinct)]
                    # One name the first words of the other, looked up either way round.
                    if distinct:
                        entries.append(("prefix_" + side, name, False))
                    other = _THEIRS if ours else _OURS
                    entries += [("prefix_" + other, p, True) for p in _prefixes(name)]
                    frequency = dict(freq) if freq is not None else {}
                    entries += [
                        ("token", k, not ours) for k in _token_keys(tokens, frequency, limit)
                    ]
                rows.extend((partner, side, rid, kind, key, index) for kind, key, index in entries)
            yield pd.DataFrame(rows, columns=_ENTRIES.fieldNames())

    return run


def _name_kind(key: str) -> str:
    """Return the block kind of a name key: its block limit, as in the embedded matcher."""
    if _is_small_key(key):
        return "name_small"
    return {_DISTINCT_KEY: "name_distinct", _MASKED_KEY: "name_masked"}.get(key[:1], "name")


def _score_batches(
    matcher: Matcher,
) -> Callable[[Iterator[pd.DataFrame]], Iterator[pd.DataFrame]]:
    """Score candidate pairs with ``Matcher._score``, prefiltering fuzzy ones."""

    def run(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        for batch in batches:
            lefts = [pickle.loads(b) for b in batch["left"]]
            rights = [pickle.loads(b) for b in batch["right"]]
            left = _Prepared(*(tuple(r[k] for r in lefts) for k in range(len(_FIELDS))))
            right = _Prepared(*(tuple(r[k] for r in rights) for k in range(len(_FIELDS))))
            rows: list[tuple[Any, ...]] = []
            for k, (partner, found_by, lp, rp) in enumerate(
                zip(batch["partner"], batch["found_by"], batch["lp"], batch["rp"], strict=True)
            ):
                a_name, b_name = left.names[k], right.names[k]
                if not (
                    found_by & _BY_KEY
                    or (found_by & _BY_SMALL_KEY and _small_worthy(a_name, b_name))
                    or (found_by & _BY_SLIP and _slip_near(a_name, b_name))
                    or (found_by & _BY_TOKEN and _alike(a_name, b_name))
                ):
                    continue
                frequency = {_PREFIX + a_name: int(lp), _PREFIX + b_name: int(rp)}
                match = matcher._score(left, k, right, k, frequency)
                if match is not None:
                    rows.append(
                        (
                            partner,
                            match.ours.id,
                            match.theirs.id,
                            match.confidence,
                            match.evidence.rule,
                            match.evidence.domain_agreement,
                            " ".join(left.brands[k]),
                            " ".join(right.brands[k]),
                            pickle.dumps(match, protocol=pickle.HIGHEST_PROTOCOL),
                        )
                    )
            yield pd.DataFrame(rows, columns=_SCORED.fieldNames())

    return run


def _ties(other: str, brands: str) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """Find, among one record's standing name matches, the ties that go to review."""

    def run(group: pd.DataFrame) -> pd.DataFrame:
        ids = [str(i) for i in group[other]]
        others = _tied_apart([str(b).split() for b in group[brands]], ids) or []
        size = len(others)
        columns = {
            "partner": group["partner"].tolist()[:size],
            "our_id": group["our_id"].tolist()[:size],
            "partner_id": group["partner_id"].tolist()[:size],
            "tied_with": others,
        }
        # Typed columns: Arrow cannot convert an empty untyped column to a string one.
        return pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in columns.items()})

    return run


def _resolve_batches() -> Callable[[Iterator[pd.DataFrame]], Iterator[pd.DataFrame]]:
    """Keep the accepted matches that survive conflict resolution; classify them."""

    def run(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        for batch in batches:
            rows: list[tuple[Any, ...]] = []
            for partner, rule, best_ours, best_theirs, tied_with, blob in zip(
                batch["partner"],
                batch["rule"],
                batch["best_ours"],
                batch["best_theirs"],
                batch["tied_with"],
                batch["match"],
                strict=True,
            ):
                if not _stands(rule, bool(best_ours), bool(best_theirs)) or isinstance(
                    tied_with, str
                ):
                    continue
                match = pickle.loads(blob)
                overlap = Overlap(
                    match=match,
                    partner=partner,
                    call=classify(match.ours.stage, match.theirs.stage),
                )
                rows.append(
                    (
                        match.ours.id,
                        partner,
                        match.theirs.id,
                        match.confidence,
                        rule,
                        overlap.play.value,
                        overlap.our_stage.value,
                        overlap.partner_stage.value,
                        pickle.dumps(overlap, protocol=pickle.HIGHEST_PROTOCOL),
                    )
                )
            yield pd.DataFrame(rows, columns=_KEPT.fieldNames())

    return run


def _summarise(
    credit: Mapping[str, float] | None,
) -> Callable[[Iterator[pd.DataFrame]], Iterator[pd.DataFrame]]:
    """Each account's Partner Summary and the plays it qualifies for.

    Batches arrive sorted by account id, so one account's overlaps are neighbours
    (an account split across two batches is carried over to the next).
    """
    table = dict(credit) if credit else None

    def one(overlaps: list[Overlap]) -> tuple[Any, ...]:
        ranked = sorted(overlaps, key=connection_order(table))
        account: Account = ranked[0].account
        summary = _summary(account, ranked)
        playbook = _playbook({account.id: ranked}, {account.id: account})
        primary = summary.primary
        return (
            account.id,
            primary.partner,
            primary.partner_account.id,
            primary.play.value,
            primary.partner_stage.value,
            str(summary.owner) if summary.owner is not None else None,
            summary.owner_note,
            summary.reason,
            len(summary.alternatives),
            [card.play.value for card in playbook.cards if card.count],
        )

    def run(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        current: str | None = None
        pending: list[Overlap] = []
        for batch in batches:
            rows: list[tuple[Any, ...]] = []
            for account_id, blob in zip(batch["our_id"], batch["overlap"], strict=True):
                if account_id != current and pending:
                    rows.append(one(pending))
                    pending = []
                current = account_id
                pending.append(pickle.loads(blob))
            yield pd.DataFrame(rows, columns=_SUMMARIES.fieldNames())
        if pending:
            yield pd.DataFrame([one(pending)], columns=_SUMMARIES.fieldNames())

    return run


def _check_unique(records: DataFrame) -> None:
    """Raise InputError on a duplicate id on one side, as ``Matcher.match`` does."""
    found = records.groupBy("partner", "side", "id").count().where(F.col("count") > 1)
    duplicate = found.limit(1).collect()
    if duplicate:
        value, side = duplicate[0]["id"], duplicate[0]["side"]
        msg = f"duplicate account id {value!r} in {side}"
        raise InputError(msg, column="id", value=value)


def map_accounts(
    ours: DataFrame,
    partners: Mapping[str, DataFrame] | DataFrame,
    *,
    config: MatchConfig | None = None,
    credit: Mapping[str, float] | None = None,
    partitions: int | None = None,
) -> SparkAccountMap:
    """Map our accounts against each partner's on Spark, as :func:`cocorev.map_accounts` does.

    Rows are read as :func:`cocorev.dataframes.accounts_from_dataframe` reads them (rows
    it rejects take no part). The overlaps, summaries and counts equal the embedded
    path's on the same accounts.

    Args:
        ours: Our accounts, with the columns of :data:`ACCOUNT_COLUMNS`.
        partners: Partner name -> that partner's accounts, or one DataFrame with a
            ``partner`` column.
        config: Matching settings; defaults to :class:`~cocorev.match.MatchConfig`.
        credit: Give-to-get credit per partner, breaking ties between connections.
        partitions: Partitions to score pairs on (default: the session's shuffle
            partitions).

    Returns:
        The :class:`SparkAccountMap`; its DataFrames are lazy, the counts computed.

    Raises:
        InputError: A duplicate id on one side, or a blank partner name.
    """
    matcher = Matcher(config or MatchConfig())
    cfg = matcher.config
    if isinstance(partners, Mapping):
        frames = []
        for name, frame in partners.items():
            if not name or not name.strip():
                msg = "partner name must not be blank"
                raise InputError(msg, column="partner", value=name)
            frames.append(_frame(frame, name))
        if not frames:
            msg = "no partner lists given"
            raise InputError(msg, column="partner", value="")
        theirs_in = frames[0]
        for frame in frames[1:]:
            theirs_in = theirs_in.unionByName(frame)
    else:
        theirs_in = _frame(partners, None)
        blank = theirs_in.where(F.coalesce(F.trim("partner"), F.lit("")) == "").limit(1).count()
        if blank:
            msg = "partner name must not be blank"
            raise InputError(msg, column="partner", value="")
    ours_in = _frame(ours, None).withColumn("partner", F.lit(_OURS))
    spark = ours.sparkSession
    slices = partitions or int(spark.conf.get("spark.sql.shuffle.partitions") or "200")

    ours_rec = ours_in.mapInPandas(_prepare_batches(matcher, _OURS), _RECORDS)
    theirs_rec = theirs_in.mapInPandas(_prepare_batches(matcher, _THEIRS), _RECORDS)
    if isinstance(partners, Mapping):
        names = spark.createDataFrame([(name,) for name in partners], "partner string")
    else:
        names = theirs_in.select("partner").distinct()
    # Our records once per partner: each partner is matched against all of ours.
    records = (
        ours_rec.drop("partner").crossJoin(F.broadcast(names)).select(*_RECORDS.fieldNames())
    ).unionByName(theirs_rec)
    records = records.cache()
    _check_unique(records)

    # Global statistics per partner: records carrying each word (both sides), and
    # distinct names that begin with each name.
    words = (
        records.select("partner", F.explode(F.array_distinct("tokens")).alias("word"))
        .groupBy("partner", "word")
        .count()
    )
    begins = (
        records.select("partner", "key", "prefixes")
        .dropDuplicates(["partner", "key"])
        .select("partner", F.explode("prefixes").alias("key"))
        .groupBy("partner", "key")
        .agg(F.count(F.lit(1)).alias("begins"))
    )
    freq = (
        records.select("partner", "side", "id", F.explode(F.array_distinct("tokens")).alias("word"))
        .join(words, ["partner", "word"])
        .groupBy("partner", "side", "id")
        .agg(F.map_from_entries(F.collect_list(F.struct("word", "count"))).alias("freq"))
    )
    keyed = (
        records.join(freq, ["partner", "side", "id"], "left")
        .join(begins, ["partner", "key"], "left")
        .withColumn("begins", F.coalesce("begins", F.lit(0)))
    ).cache()

    entries = keyed.select("partner", "side", "id", "rec", "freq").mapInPandas(
        _block_entries(cfg),
        _ENTRIES,
    )
    index = entries.where("index").drop("index")
    probe = entries.where(~F.col("index")).drop("index")
    # Block sizes on the limited side; over-limit keys never reach the join.
    limit = F.when(F.col("kind") == "brand", _BRAND_BLOCK)
    limit = limit.when(F.col("kind") == "name_small", _SMALL_BLOCK)
    for kind, marker in (("name_distinct", _DISTINCT_KEY), ("name_masked", _MASKED_KEY)):
        limit = limit.when(F.col("kind") == kind, _name_key_limit(marker, cfg.max_block))
    limit = limit.when(F.col("kind").isin("name", "token"), cfg.max_block)
    limit = limit.when(F.col("kind").startswith("prefix_"), _RARE)
    sizes = (
        index.groupBy("partner", "kind", "bkey")
        .count()
        .withColumn("limit", limit)
        .where(F.col("limit").isNull() | (F.col("count") <= F.col("limit")))
        .select("partner", "kind", "bkey")
    )
    small = index.join(sizes, ["partner", "kind", "bkey"], "left_semi")
    joined = small.alias("i").join(probe.alias("p"), ["partner", "kind", "bkey"])
    ours_first = F.col("p.side") == _OURS
    pairs = (
        joined.select(
            "partner",
            F.when(ours_first, F.col("p.id")).otherwise(F.col("i.id")).alias("our_id"),
            F.when(ours_first, F.col("i.id")).otherwise(F.col("p.id")).alias("partner_id"),
            F.when(F.col("kind") == "token", _BY_TOKEN)
            .when(F.col("kind") == "name_masked", _BY_SLIP)
            .when(F.col("kind") == "name_small", _BY_SMALL_KEY)
            .otherwise(_BY_KEY)
            .alias("found_by"),
        )
        .groupBy("partner", "our_id", "partner_id")
        .agg(F.bit_or("found_by").alias("found_by"))
    )
    left = keyed.where(F.col("side") == _OURS).select(
        "partner",
        F.col("id").alias("our_id"),
        F.col("rec").alias("left"),
        F.col("begins").alias("lp"),
    )
    right = keyed.where(F.col("side") == _THEIRS).select(
        "partner",
        F.col("id").alias("partner_id"),
        F.col("rec").alias("right"),
        F.col("begins").alias("rp"),
    )
    # Spread the pair scoring evenly, whatever the block sizes were.
    candidates = (
        pairs.join(left, ["partner", "our_id"])
        .join(right, ["partner", "partner_id"])
        .repartition(slices, F.xxhash64("partner", "our_id", "partner_id"))
    )
    scored = candidates.mapInPandas(_score_batches(matcher), _SCORED).cache()

    accepted = scored.where(F.col("confidence") >= cfg.accept)
    # Each record's best confidence; a match on names must equal both.
    best_ours = accepted.groupBy("partner", "our_id").agg(F.max("confidence").alias("top_ours"))
    best_theirs = accepted.groupBy("partner", "partner_id").agg(
        F.max("confidence").alias("top_theirs")
    )
    flagged = (
        accepted.join(best_ours, ["partner", "our_id"])
        .join(best_theirs, ["partner", "partner_id"])
        .withColumn("best_ours", F.col("confidence") == F.col("top_ours"))
        .withColumn("best_theirs", F.col("confidence") == F.col("top_theirs"))
        .drop("top_ours", "top_theirs")
    )
    # Equal name matches of one record with records of two companies go to review
    # (Matcher._ties_for_review); a tie found from our side names its record first.
    standing = flagged.where(
        F.col("best_ours")
        & F.col("best_theirs")
        & (F.col("rule") == "name")
        & (F.col("agreement") == "missing")
    ).select("partner", "our_id", "partner_id", "our_brands", "their_brands")
    from_ours = standing.groupBy("partner", "our_id").applyInPandas(
        _ties("partner_id", "their_brands"), _TIES
    )
    from_theirs = standing.groupBy("partner", "partner_id").applyInPandas(
        _ties("our_id", "our_brands"), _TIES
    )
    ties = (
        from_ours.withColumn("side", F.lit(0))
        .unionByName(from_theirs.withColumn("side", F.lit(1)))
        .groupBy("partner", "our_id", "partner_id")
        .agg(F.min_by("tied_with", "side").alias("tied_with"))
    ).cache()
    resolved = flagged.join(ties, ["partner", "our_id", "partner_id"], "left")
    kept = resolved.mapInPandas(_resolve_batches(), _KEPT).cache()
    reviewed = (
        resolved.where(F.col("tied_with").isNotNull())
        .select("partner", "our_id", "partner_id", "rule")
        .withColumn("confidence", F.lit(_review_cap(cfg.accept)))
    )
    summaries = (
        kept.select("our_id", "overlap")
        .repartition(slices, "our_id")
        .sortWithinPartitions("our_id")
        .mapInPandas(_summarise(credit), _SUMMARIES)
    ).cache()
    counts = dict.fromkeys(PLAY_ORDER, 0)
    for row in summaries.select(F.explode("plays").alias("play")).groupBy("play").count().collect():
        counts[Play(row["play"])] = int(row["count"])
    return SparkAccountMap(
        overlaps=kept.drop("overlap"),
        summaries=summaries,
        candidates=scored.where(F.col("confidence") < cfg.accept)
        .select("partner", "our_id", "partner_id", "confidence", "rule")
        .unionByName(reviewed.select("partner", "our_id", "partner_id", "confidence", "rule")),
        playbook_counts=counts,
    )
