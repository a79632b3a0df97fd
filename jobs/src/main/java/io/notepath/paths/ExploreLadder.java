package io.notepath.paths;

import static io.notepath.paths.OrderingKey.orderingKey;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

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
