package io.notepath.paths;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Seeding (creators asking friends to interact early to lift the cold start). Early fan
 * interactions are in-path likes, collects and comments attributed to fan, organic or
 * unattributed impressions — not to the test pool — whose own ts is strictly before the note's
 * cold_start_completed_at, or before published_at + 24 h if the cold-start pool never filled. A
 * note is seeded when it has at least {@code seeding.min-interactions} of them.
 */
public final class Seeding {
  private Seeding() {}

  /** How long after publishing counts as early when the cold-start pool never filled. */
  public static final Duration EARLY_WITHOUT_COLD_START = Duration.ofHours(24);

  private static final List<String> EARLY_FAN_CLASSES =
      List.of(ImpressionClasses.FAN, ImpressionClasses.ORGANIC, Attribution.UNATTRIBUTED);

  /**
   * One row per note with an early fan interaction: note_id, early_fan_interactions. The
   * deadline per note comes from {@code notes} (published_at) and {@code exploreLadder}
   * (cold_start_completed_at); the per-note deadline is attached with a salted join, so a viral
   * note's fan interactions spread over many tasks.
   */
  public static Dataset<Row> aggregateEarlyFanInteractions(
      Dataset<Row> attributedInteractions, Dataset<Row> notes, Dataset<Row> exploreLadder) {
    RequiredColumns.check(
        attributedInteractions,
        "aggregateEarlyFanInteractions",
        "event_id",
        "note_id",
        "ts",
        "action",
        "in_path",
        "attributed_class");
    RequiredColumns.check(
        notes, "aggregateEarlyFanInteractions (notes)", "note_id", "published_at");
    RequiredColumns.check(
        exploreLadder,
        "aggregateEarlyFanInteractions (ladder)",
        "note_id",
        "cold_start_completed_at");
    Dataset<Row> candidates = attributedInteractions.filter(col("in_path").and(isEarlyFanInteraction()));
    return NoteJoins.withNoteColumns(candidates, deadlines(notes, exploreLadder))
        .filter(col("ts").lt(col("early_fan_deadline")))
        .groupBy("note_id")
        .agg(count(lit(1)).as("early_fan_interactions"));
  }

  /**
   * An interaction that counts as an early fan interaction before the note's deadline: a like,
   * collect or comment attributed to a fan, organic or no impression.
   */
  public static Column isEarlyFanInteraction() {
    return col("action")
        .isin(NoteMetrics.INTERACTION_ACTIONS.toArray())
        .and(col("attributed_class").isin(EARLY_FAN_CLASSES.toArray()));
  }

  /** The early-fan deadline: cold_start_completed_at, or published_at + 24 h while not reached. */
  public static Column deadline(Column coldStartCompletedAt, Column publishedAt) {
    return coalesce(coldStartCompletedAt, Elapsed.plus(publishedAt, EARLY_WITHOUT_COLD_START));
  }

  /** Adds {@code is_seeded}: early_fan_interactions &gt;= minInteractions. */
  public static Dataset<Row> withIsSeeded(Dataset<Row> notePaths, int minInteractions) {
    RequiredColumns.check(notePaths, "withIsSeeded", "early_fan_interactions");
    return notePaths.withColumn(
        "is_seeded", col("early_fan_interactions").geq(lit((long) minInteractions)));
  }

  private static Dataset<Row> deadlines(Dataset<Row> notes, Dataset<Row> exploreLadder) {
    return notes
        .select("note_id", "published_at")
        .join(exploreLadder.select("note_id", "cold_start_completed_at"), "note_id", "left")
        .select(
            col("note_id"),
            deadline(col("cold_start_completed_at"), col("published_at")).as("early_fan_deadline"));
  }
}
