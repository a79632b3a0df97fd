package io.notepath.stats;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.try_divide;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * cold_start_outcomes: what the test pool's reaction led to — "how many interactions in the test
 * pool do promoted notes get", split by whether the creator seeded the note.
 *
 * <p>Only notes that completed the cold-start pool (explore impressions ≥ ladder[0]) faced the
 * promotion decision, so only they count; and only complete cohorts, because a note of an open
 * cohort may still be promoted and would bias the promotion rate downwards. Notes are bucketed by
 * cold_start_interactions (0, 1, 2, 3-4, 5-9, 10+) and grouped per publish_date by category (with
 * an {@code all} rollup), bucket and is_seeded.
 */
public final class ColdStartOutcomes {
  private ColdStartOutcomes() {}

  private static final String TRANSFORM = "aggregateColdStartOutcomes";

  /**
   * One row per publish_date, category (or {@code all}), bucket and is_seeded among complete
   * cohorts; columns in the order of docs/tables.md. {@code as_of} is the latest {@code as_of} of
   * the group's note_paths rows.
   */
  public static Dataset<Row> aggregateColdStartOutcomes(
      Dataset<Row> notePaths, List<Integer> ladder) {
    StatsInputs.requireColumns(notePaths, StatsInputs.NOTE_PATHS, "note_paths", TRANSFORM);
    StatsInputs.requireLadder(ladder, TRANSFORM);
    Column explore = col("explore_impressions");
    Dataset<Row> faced =
        notePaths
            .filter(coalesce(col("is_complete"), lit(false)))
            .filter(explore.geq(ladder.get(0)))
            .withColumn("cold_start_interactions_bucket", bucket(col("cold_start_interactions")));
    return StatsInputs.groupByCube(
            faced,
            List.of("publish_date", "cold_start_interactions_bucket", "is_seeded"),
            List.of("category"))
        .agg(
            StatsInputs.rolledUpFlag("category"),
            count(lit(1)).as("notes"),
            count_if(explore.gt(ladder.get(0))).as("promoted_notes"),
            count_if(explore.gt(ladder.get(1))).as("level3_notes"),
            StatsInputs.exactPercentile(col("impressions"), 0.5).as("p50_impressions"),
            max(col("as_of")).as("as_of"))
        .select(
            StatsInputs.dimensionOrAll("category"),
            col("cold_start_interactions_bucket"),
            col("is_seeded"),
            col("notes"),
            col("promoted_notes"),
            col("level3_notes"),
            try_divide(col("promoted_notes"), col("notes")).as("promotion_rate"),
            col("p50_impressions"),
            col("as_of"),
            col("publish_date"));
  }

  /** 0, 1, 2, 3-4, 5-9, 10+; null stays null rather than posing as a count. */
  private static Column bucket(Column interactions) {
    return when(interactions.geq(10), lit("10+"))
        .when(interactions.geq(5), lit("5-9"))
        .when(interactions.geq(3), lit("3-4"))
        .when(interactions.isNotNull(), interactions.cast("string"));
  }
}
