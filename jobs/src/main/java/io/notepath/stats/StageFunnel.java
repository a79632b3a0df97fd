package io.notepath.stats;

import static org.apache.spark.sql.functions.bool_and;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.try_divide;
import static org.apache.spark.sql.functions.unix_micros;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * stage_funnel: how many notes of each publish-date cohort reached each stage of the path, with the
 * step conversion rates and how long the first stages took.
 *
 * <p>Built from note_paths (one row per note), so it never touches events. Stage counts compare
 * the note's in-path explore impressions with the pool ladder, exactly as DESIGN §3 defines them
 * (≥ ladder[0] completed cold start, > ladder[0] promoted, > ladder[1] level 3, > ladder[2] level
 * 4); they do not rely on the milestone timestamps, which are only used for the hour percentiles.
 *
 * <p>Dimensions form the cube of category × note_type × author_tier within each publish_date:
 * eight grouping sets, a rolled-up dimension reads {@code all}. Rolled-up rows are recognised with
 * {@code grouping()}, not by a null value, so a null dimension could never pass for {@code all}.
 * Percentiles are exact ({@code percentile}, linear interpolation) because cohorts are small
 * enough — one value per note — and dashboards compare them across runs.
 */
public final class StageFunnel {
  private StageFunnel() {}

  private static final String TRANSFORM = "aggregateStageFunnel";
  private static final List<String> DIMENSIONS = List.of("category", "note_type", "author_tier");
  private static final double MICROS_PER_HOUR = 3_600_000_000.0;

  /**
   * One row per publish_date and cube cell of category × note_type × author_tier, columns in the
   * order of docs/tables.md (publish_date, the partition, last). {@code as_of} is the latest
   * {@code as_of} of the cohort's note_paths rows (one run rewrites a cohort whole, so they agree).
   */
  public static Dataset<Row> aggregateStageFunnel(Dataset<Row> notePaths, List<Integer> ladder) {
    StatsInputs.requireColumns(notePaths, StatsInputs.NOTE_PATHS, "note_paths", TRANSFORM);
    StatsInputs.requireLadder(ladder, TRANSFORM);
    Column explore = col("explore_impressions");
    return StatsInputs.groupByCube(notePaths, List.of("publish_date"), DIMENSIONS)
        .agg(
            StatsInputs.rolledUpFlag("category"),
            StatsInputs.rolledUpFlag("note_type"),
            StatsInputs.rolledUpFlag("author_tier"),
            count(lit(1)).as("notes"),
            count_if(col("impressions").gt(0)).as("notes_distributed"),
            count_if(explore.geq(1)).as("notes_explored"),
            count_if(explore.geq(ladder.get(0))).as("notes_cold_start_completed"),
            count_if(explore.gt(ladder.get(0))).as("notes_promoted"),
            count_if(explore.gt(ladder.get(1))).as("notes_level3"),
            count_if(explore.gt(ladder.get(2))).as("notes_level4"),
            count_if(col("hot_feed_at").isNotNull()).as("notes_hot_feed"),
            count_if(col("official_pick_at").isNotNull()).as("notes_official_pick"),
            hoursPercentile("first_explore_at", 0.5).as("p50_hours_to_first_explore"),
            hoursPercentile("first_explore_at", 0.9).as("p90_hours_to_first_explore"),
            hoursPercentile("cold_start_completed_at", 0.5)
                .as("p50_hours_to_cold_start_completed"),
            hoursPercentile("cold_start_completed_at", 0.9)
                .as("p90_hours_to_cold_start_completed"),
            hoursPercentile("promoted_at", 0.5).as("p50_hours_to_promoted"),
            hoursPercentile("promoted_at", 0.9).as("p90_hours_to_promoted"),
            bool_and(col("is_complete")).as("is_complete"),
            max(col("as_of")).as("as_of"))
        .select(
            StatsInputs.dimensionOrAll("category"),
            StatsInputs.dimensionOrAll("note_type"),
            StatsInputs.dimensionOrAll("author_tier"),
            col("notes"),
            col("notes_distributed"),
            col("notes_explored"),
            col("notes_cold_start_completed"),
            col("notes_promoted"),
            col("notes_level3"),
            col("notes_level4"),
            col("notes_hot_feed"),
            col("notes_official_pick"),
            rate("notes_distributed", "notes").as("distributed_rate"),
            rate("notes_explored", "notes_distributed").as("explored_rate"),
            rate("notes_cold_start_completed", "notes_explored").as("cold_start_completion_rate"),
            rate("notes_promoted", "notes_cold_start_completed").as("promotion_rate"),
            rate("notes_level3", "notes_promoted").as("level3_rate"),
            rate("notes_level4", "notes_level3").as("level4_rate"),
            col("p50_hours_to_first_explore"),
            col("p90_hours_to_first_explore"),
            col("p50_hours_to_cold_start_completed"),
            col("p90_hours_to_cold_start_completed"),
            col("p50_hours_to_promoted"),
            col("p90_hours_to_promoted"),
            col("is_complete"),
            col("as_of"),
            col("publish_date"));
  }

  /** Exact percentile of hours from published_at to the milestone, over notes that reached it. */
  private static Column hoursPercentile(String milestone, double percentage) {
    Column hours =
        unix_micros(col(milestone)).minus(unix_micros(col("published_at"))).divide(MICROS_PER_HOUR);
    return StatsInputs.exactPercentile(hours, percentage);
  }

  private static Column rate(String numerator, String denominator) {
    return try_divide(col(numerator), col(denominator));
  }
}
