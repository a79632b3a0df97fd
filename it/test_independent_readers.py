"""Every output table of the sample run read by three independent readers — Spark (pyspark in
local mode), DuckDB and pyarrow — gives the same row count, rows per partition, column sums, true
counts of boolean columns and timestamp range. A disagreement means a reader sees the files
differently (partition decoding, INT96/UTC timestamps, a stray file) from the job that wrote them."""
import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pytest
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

TABLES = {
    "note_paths": {
        "partitions": ["publish_date"],
        "sums": ["impressions", "unique_viewers", "explore_impressions", "level2_impressions",
                 "new_viewer_impressions", "interactions", "cold_start_interactions",
                 "max_level"],
        "flags": ["is_seeded", "is_complete"],
        "times": ["published_at", "first_impression_at", "cold_start_completed_at",
                  "promoted_at", "official_pick_at"]},
    "stage_funnel": {
        "partitions": ["publish_date"],
        "sums": ["notes", "notes_distributed", "notes_explored", "notes_cold_start_completed",
                 "notes_promoted", "notes_level3", "notes_official_pick"],
        "flags": ["is_complete"], "times": []},
    "reach_daily": {
        "partitions": ["dt"],
        "sums": ["impressions", "unique_viewers", "notes", "opens", "likes", "interactions",
                 "level"],
        "flags": ["viewer_is_new"], "times": []},
    "note_daily": {
        "partitions": ["dt"],
        "sums": ["impressions", "explore_impressions", "opens", "interactions",
                 "level_at_end_of_day"],
        "flags": [], "times": []},
    "cold_start_outcomes": {
        "partitions": ["publish_date"],
        "sums": ["notes", "promoted_notes", "level3_notes"],
        "flags": ["is_seeded"], "times": []},
    "_rejects": {"partitions": ["dt", "source_table"], "sums": [], "flags": [], "times": []},
}


@pytest.fixture(scope="module")
def spark():
    session = (SparkSession.builder.master("local[1]").appName("independent-readers")
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.sql.shuffle.partitions", "2")
               .getOrCreate())
    yield session
    session.stop()


def with_spark(spark, path, spec):
    df = spark.read.parquet(str(path))
    aggregates = [F.count(F.lit(1)).alias("rows")]
    aggregates += [F.sum(c).alias(f"sum:{c}") for c in spec["sums"]]
    aggregates += [F.count_if(F.col(c)).alias(f"true:{c}") for c in spec["flags"]]
    aggregates += [F.unix_micros(F.min(c)).alias(f"min:{c}") for c in spec["times"]]
    aggregates += [F.unix_micros(F.max(c)).alias(f"max:{c}") for c in spec["times"]]
    result = df.agg(*aggregates).first().asDict()
    result["partitions"] = {tuple(str(v) for v in row[:-1]): row[-1] for row in
                            df.groupBy(*spec["partitions"]).count().collect()}
    return result


def with_duckdb(path, spec):
    source = f"read_parquet('{path}/**/*.parquet', hive_partitioning=true)"
    columns = ["count(*)"]
    columns += [f"sum({c})" for c in spec["sums"]]
    columns += [f"count(*) FILTER (WHERE {c})" for c in spec["flags"]]
    columns += [f"epoch_us(min({c}))" for c in spec["times"]]
    columns += [f"epoch_us(max({c}))" for c in spec["times"]]
    con = duckdb.connect()
    values = con.execute(f"SELECT {', '.join(columns)} FROM {source}").fetchone()
    keys = ["rows"] + [f"sum:{c}" for c in spec["sums"]] + [f"true:{c}" for c in spec["flags"]]
    keys += [f"min:{c}" for c in spec["times"]] + [f"max:{c}" for c in spec["times"]]
    result = {k: (int(v) if v is not None else None) for k, v in zip(keys, values)}
    parts = ", ".join(spec["partitions"])
    result["partitions"] = {tuple(str(v) for v in row[:-1]): row[-1] for row in con.execute(
        f"SELECT {parts}, count(*) FROM {source} GROUP BY {parts}").fetchall()}
    con.close()
    return result


def micros(column):
    """A timestamp column as int64 microseconds since the epoch (UTC)."""
    return column.cast(pa.timestamp("us", tz=column.type.tz)).cast(pa.int64())


def with_pyarrow(path, spec):
    table = ds.dataset(str(path), format="parquet", partitioning="hive").to_table()
    result = {"rows": table.num_rows}
    result.update({f"sum:{c}": pc.sum(table[c]).as_py() for c in spec["sums"]})
    result.update({f"true:{c}": pc.sum(pc.cast(pc.fill_null(table[c], False), pa.int64())).as_py()
                   for c in spec["flags"]})
    result.update({f"min:{c}": pc.min(micros(table[c])).as_py() for c in spec["times"]})
    result.update({f"max:{c}": pc.max(micros(table[c])).as_py() for c in spec["times"]})
    grouped = table.group_by(spec["partitions"]).aggregate([([], "count_all")]).to_pylist()
    result["partitions"] = {tuple(str(row[p]) for p in spec["partitions"]): row["count_all"]
                            for row in grouped}
    return result


@pytest.mark.parametrize("table", sorted(TABLES))
def test_three_readers_agree(sample_run, spark, table):
    path = sample_run["warehouse"] / table
    spec = TABLES[table]
    assert any(path.rglob("*.parquet")), f"{table} has no data files after the sample run"
    by_spark = with_spark(spark, path, spec)
    assert with_duckdb(path, spec) == by_spark, f"{table}: DuckDB differs from Spark"
    assert with_pyarrow(path, spec) == by_spark, f"{table}: pyarrow differs from Spark"
