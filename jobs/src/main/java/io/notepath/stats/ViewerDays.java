package io.notepath.stats;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Classified impressions summed per event date, note, viewer and reach cell: the one grain both
 * dated tables start from (reach_daily counts viewers per cell, note_daily viewers per note and
 * day). Grouping by the viewer keeps the rows where they are when impressions come partitioned by
 * viewer, so it moves nothing; both tables then read this once instead of the events twice.
 */
public final class ViewerDays {
  private ViewerDays() {}

  /** The grouping columns: every column of StatsInputs.VIEWER_DAYS but the two sums. */
  static final String[] KEYS =
      java.util.Arrays.stream(StatsInputs.VIEWER_DAYS.fieldNames())
          .filter(c -> !c.equals("impressions") && !c.equals("explore_impressions"))
          .toArray(String[]::new);

  /**
   * One row per (event date as dt, note, viewer, cell) with impressions and explore_impressions;
   * input: classified impressions (StatsInputs.CLASSIFIED_IMPRESSIONS).
   */
  public static Dataset<Row> aggregate(Dataset<Row> classifiedImpressions) {
    StatsInputs.requireColumns(
        classifiedImpressions, StatsInputs.CLASSIFIED_IMPRESSIONS, "classified impressions", "ViewerDays");
    return classifiedImpressions
        .withColumn("dt", col("event_date"))
        .groupBy(KEYS[0], java.util.Arrays.copyOfRange(KEYS, 1, KEYS.length))
        .agg(
            count(lit(1)).as("impressions"),
            count_if(col("impression_class").equalTo("explore")).as("explore_impressions"));
  }
}
