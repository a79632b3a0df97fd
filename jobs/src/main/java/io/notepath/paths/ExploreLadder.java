package io.notepath.paths;

import static io.notepath.paths.OrderingKey.orderingKey;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The pool ladder of DESIGN §3, found without ranking all of a note's explore impressions.
 *
 * <p>The explore rank of an in-path explore impression is its 1-based position by ordering key
 * among its note's in-path explore impressions. Ranking them with a window partitioned by note
 * would put a viral note's tens of millions of impressions in one task. Only the ranks named by
 * the ladder matter, and all of them are at most {@code ladder[2] + 1}, so a per-note bounded
 * aggregation suffices: the built-in {@code min_by(key, key, k)} keeps a heap of the k smallest
 * keys per group, is split into partial and final aggregation (every map task keeps at most k
 * keys per note and ships one heap per note), and returns them in ascending order. From those
 * keys come the ladder milestones (the ts at ranks 1, ladder[0], ladder[0] + 1, ladder[1] + 1,
 * ladder[2] + 1) and the pool boundaries: the keys at ranks ladder[0], ladder[1], ladder[2].
 *
 * <p>An impression's level then needs no rank: its key compared with its note's boundaries gives
 * it (level 1 if key &lt;= the ladder[0] boundary, 2 if &lt;= the ladder[1] boundary, 3 if &lt;=
 * the ladder[2] boundary, else 4). A boundary is null when the note has fewer explore impressions
 * than its rank; then there is no upper limit from that level on. Keys are unique (event_id is),
 * so this is exactly the rank rule.
 */
public final class ExploreLadder {
  private ExploreLadder() {}

  /** Spark's limit on k in {@code min_by(x, y, k)} (MaxMinByK.MAX_K). */
  public static final int MAX_TRACKED_KEYS = 100_000;

  /**
   * One row per note with at least one in-path explore impression: note_id, explore_impressions,
   * first_explore_at, cold_start_completed_at, promoted_at, level3_at, level4_at (ts at ranks 1,
   * ladder[0], ladder[0] + 1, ladder[1] + 1, ladder[2] + 1, null when not reached) and the
   * boundaries level1_boundary, level2_boundary, level3_boundary (ordering keys {@code struct<dt,
   * ts, event_id>} at ranks ladder[0], ladder[1], ladder[2], null when not reached).
   *
   * <p>Input: impressions with impression_class and in_path (before levels).
   */
  public static Dataset<Row> aggregateExploreLadder(
      Dataset<Row> impressions, List<Integer> ladder) {
    RequiredColumns.check(
        impressions,
        "aggregateExploreLadder",
        "note_id",
        "dt",
        "ts",
        "event_id",
        "impression_class",
        "in_path");
    int[] rungs = rungs(ladder);
    int keep = rungs[2] + 1;
    if (keep > MAX_TRACKED_KEYS) {
      throw new IllegalArgumentException(
          "pool-ladder[2] + 1 = " + keep + " exceeds the " + MAX_TRACKED_KEYS
              + " keys min_by can keep per note");
    }

    Column key = orderingKey();
    Column keys = col("smallest_keys");
    return impressions
        .filter(col("in_path").and(col("impression_class").equalTo(ImpressionClasses.EXPLORE)))
        .groupBy("note_id")
        .agg(count(lit(1)).as("explore_impressions"), min_by(key, key, keep).as("smallest_keys"))
        .select(
            col("note_id"),
            col("explore_impressions"),
            keyAt(keys, 1).getField("ts").as("first_explore_at"),
            keyAt(keys, rungs[0]).getField("ts").as("cold_start_completed_at"),
            keyAt(keys, rungs[0] + 1).getField("ts").as("promoted_at"),
            keyAt(keys, rungs[1] + 1).getField("ts").as("level3_at"),
            keyAt(keys, rungs[2] + 1).getField("ts").as("level4_at"),
            keyAt(keys, rungs[0]).as("level1_boundary"),
            keyAt(keys, rungs[1]).as("level2_boundary"),
            keyAt(keys, rungs[2]).as("level3_boundary"));
  }

  /**
   * Adds {@code level}: 0 for fan, official and organic impressions; 1–4 for in-path explore
   * impressions, by comparing the ordering key with the note's boundaries from {@link
   * #aggregateExploreLadder}; null for explore impressions outside the path.
   */
  public static Dataset<Row> withLevel(Dataset<Row> impressions, Dataset<Row> exploreLadder) {
    RequiredColumns.check(
        impressions, "withLevel", "note_id", "dt", "ts", "event_id", "impression_class", "in_path");
    RequiredColumns.check(
        exploreLadder,
        "withLevel (ladder)",
        "note_id",
        "level1_boundary",
        "level2_boundary",
        "level3_boundary");
    Dataset<Row> bounded =
        NoteJoins.withNoteColumns(
            impressions,
            exploreLadder.select(
                "note_id", "level1_boundary", "level2_boundary", "level3_boundary"));
    return bounded
        .withColumn("level", level())
        .drop("level1_boundary", "level2_boundary", "level3_boundary");
  }

  /**
   * The explore ladder per note and landing day (StateTables.LADDER): the day's in-path explore
   * impressions ranked after the note's {@code explore_before} earlier ones. The ordering key
   * starts with the landing date, so the ranks of a day follow from the count before it and the
   * day's own k smallest keys (k = ladder[2] + 1, a bounded per-note aggregation): the keys at
   * the day positions that close the pools (rung keys, null when the pool closed before the day)
   * and the milestones reached that day.
   *
   * <p>{@code explore_before} comes from {@code before} (note_id, explore_before: the night's
   * state) or, when {@code before} is null, from the earlier landing days in {@code impressions}
   * themselves (a whole history).
   */
  public static Dataset<Row> aggregateDayLadder(
      Dataset<Row> impressions, List<Integer> ladder, Dataset<Row> before) {
    RequiredColumns.check(
        impressions, "aggregateDayLadder", "note_id", "dt", "ts", "event_id", "impression_class", "in_path");
    int[] rungs = rungs(ladder);
    int keep = rungs[2] + 1;
    Column key = orderingKey();
    Dataset<Row> days =
        impressions
            .filter(col("in_path").and(col("impression_class").equalTo(ImpressionClasses.EXPLORE)))
            .groupBy("note_id", "dt")
            .agg(count(lit(1)).as("explore_on_day"), min_by(key, key, keep).as("day_keys"));
    Dataset<Row> withBefore =
        before == null
            ? days.withColumn(
                "explore_before",
                coalesce(
                    sum("explore_on_day")
                        .over(
                            Window.partitionBy("note_id")
                                .orderBy("dt")
                                .rowsBetween(Window.unboundedPreceding(), -1)),
                    lit(0L)))
            : days.join(before.select("note_id", "explore_before"), "note_id", "left")
                .withColumn("explore_before", coalesce(col("explore_before"), lit(0L)));
    return withBefore.select(
        col("note_id"),
        col("explore_before"),
        col("explore_on_day"),
        rungKey(rungs[0]).as("rung1_key"),
        rungKey(rungs[1]).as("rung2_key"),
        rungKey(rungs[2]).as("rung3_key"),
        keyAtRank(1).getField("ts").as("first_explore_at"),
        keyAtRank(rungs[0]).getField("ts").as("cold_start_completed_at"),
        keyAtRank(rungs[0] + 1).getField("ts").as("promoted_at"),
        keyAtRank(rungs[1] + 1).getField("ts").as("level3_at"),
        keyAtRank(rungs[2] + 1).getField("ts").as("level4_at"),
        col("dt"));
  }

  /**
   * Adds {@code level} from the day ladders ({@link #aggregateDayLadder}): 0 for fan, official
   * and organic impressions; for in-path explore impressions the first pool whose rung key of the
   * impression's landing day is at or after its key, else 4; null for explore impressions outside
   * the path. One ladder row per note and day meets the impressions in a join on (note_id, dt),
   * always a broadcast: the ladder is note-sized, and a shuffle join would move the impressions
   * by note and lose the viewer partitioning every later join of theirs relies on.
   */
  public static Dataset<Row> withDayLevel(Dataset<Row> impressions, Dataset<Row> dayLadder) {
    RequiredColumns.check(
        impressions, "withDayLevel", "note_id", "dt", "ts", "event_id", "impression_class", "in_path");
    Dataset<Row> rungs =
        broadcast(
            dayLadder.select(
                col("note_id").as("_ladder_note_id"),
                col("dt").as("_ladder_dt"),
                col("rung1_key").as("_rung1"),
                col("rung2_key").as("_rung2"),
                col("rung3_key").as("_rung3")));
    Column key = orderingKey();
    Column level =
        when(col("impression_class").notEqual(ImpressionClasses.EXPLORE), lit(0))
            .when(col("in_path").equalTo(false), lit(null).cast("int"))
            .when(col("_rung1").isNotNull().and(key.leq(col("_rung1"))), lit(1))
            .when(col("_rung2").isNotNull().and(key.leq(col("_rung2"))), lit(2))
            .when(col("_rung3").isNotNull().and(key.leq(col("_rung3"))), lit(3))
            .otherwise(lit(4));
    Column explorePath =
        col("impression_class").equalTo(ImpressionClasses.EXPLORE).and(col("in_path"));
    return impressions
        .join(
            rungs,
            explorePath
                .and(col("note_id").equalTo(col("_ladder_note_id")))
                .and(col("dt").equalTo(col("_ladder_dt"))),
            "left")
        .withColumn("level", level)
        .drop("_ladder_note_id", "_ladder_dt", "_rung1", "_rung2", "_rung3");
  }

  /** The key at the day position of explore rank {@code rank}, null outside the day. */
  private static Column keyAtRank(int rank) {
    Column position = lit((long) rank).minus(col("explore_before"));
    return when(
        position.geq(1).and(position.leq(col("explore_on_day"))),
        try_element_at(col("day_keys"), position.cast("int")));
  }

  /**
   * The key closing the pool of rank {@code rank} within the day: the key at that day position,
   * or the day's last key when the pool is still open after the day; null when it closed before.
   */
  private static Column rungKey(int rank) {
    Column position = lit((long) rank).minus(col("explore_before"));
    Column within = org.apache.spark.sql.functions.least(position, col("explore_on_day"));
    return when(position.geq(1), try_element_at(col("day_keys"), within.cast("int")));
  }

  private static Column level() {
    Column key = orderingKey();
    return when(col("impression_class").notEqual(ImpressionClasses.EXPLORE), lit(0))
        .when(col("in_path").equalTo(false), lit(null).cast("int"))
        .when(withinBoundary(key, col("level1_boundary")), lit(1))
        .when(withinBoundary(key, col("level2_boundary")), lit(2))
        .when(withinBoundary(key, col("level3_boundary")), lit(3))
        .otherwise(lit(4));
  }

  private static Column withinBoundary(Column key, Column boundary) {
    return boundary.isNull().or(key.leq(boundary));
  }

  private static Column keyAt(Column keys, int rank) {
    return try_element_at(keys, lit(rank));
  }

  /** The three ladder counts; the settings have already checked they ascend. */
  static int[] rungs(List<Integer> ladder) {
    if (ladder.size() != 3) {
      throw new IllegalArgumentException("pool-ladder must have three counts, got " + ladder);
    }

    return ladder.stream().mapToInt(Integer::intValue).toArray();
  }
}
