package io.notepath.paths;

import static io.notepath.paths.OrderingKey.orderingKey;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Milestones of a note's path that are not on the explore ladder (those come from {@link
 * ExploreLadder}). A milestone's time is the ts of the first event by ordering key, not the
 * smallest ts, so a late-landing event with an earlier ts never rewrites it; {@code min} over the
 * key struct is a bounded, partially aggregated reduction, however many impressions a note has.
 */
public final class Milestones {
  private Milestones() {}

  /**
   * One row per note with an in-path impression: note_id, first_impression_at (any class) and
   * hot_feed_at (first impression on hot_feed, any class; null if none).
   */
  public static Dataset<Row> aggregateImpressionMilestones(Dataset<Row> classifiedImpressions) {
    RequiredColumns.check(
        classifiedImpressions,
        "aggregateImpressionMilestones",
        "note_id",
        "dt",
        "ts",
        "event_id",
        "surface",
        "in_path");
    Column key = orderingKey();
    return classifiedImpressions
        .filter(col("in_path"))
        .groupBy("note_id")
        .agg(
            min(key).getField("ts").as("first_impression_at"),
            min(when(col("surface").equalTo("hot_feed"), key)).getField("ts").as("hot_feed_at"));
  }

  /**
   * One row per note with an official pick in its path: note_id, official_pick_at (earliest
   * picked_at with published_at &lt;= picked_at &lt;= published_at + window-days).
   */
  public static Dataset<Row> aggregateOfficialPickMilestones(
      Dataset<Row> officialPicks, Dataset<Row> notes, int windowDays) {
    RequiredColumns.check(officialPicks, "aggregateOfficialPickMilestones", "note_id", "picked_at");
    RequiredColumns.check(
        notes, "aggregateOfficialPickMilestones (notes)", "note_id", "published_at");
    // Picks are a handful per note: a plain join is safe here.
    return officialPicks
        .join(notes.select("note_id", "published_at"), "note_id")
        .filter(PathWindow.isInPath(col("picked_at"), col("published_at"), windowDays))
        .groupBy("note_id")
        .agg(min("picked_at").as("official_pick_at"));
  }
}
