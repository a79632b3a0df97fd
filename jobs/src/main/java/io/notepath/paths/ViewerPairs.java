package io.notepath.paths;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Exact unique viewers of a note's path: distinct (note, viewer) pairs of its in-path
 * impressions do not add across nights, so a night checks its own pairs against the pairs seen
 * before (StateTables.PAIRS, kept for the notes whose row is still written). Both sides are
 * partitioned by viewer — the night's impressions by its one shuffle, the stored pairs by their
 * buckets — so neither the check nor the distinct before it moves a row.
 */
public final class ViewerPairs {
  private ViewerPairs() {}

  /** The (note_id, viewer_id) pairs of in-path impressions of one night not in {@code earlier}. */
  public static Dataset<Row> newPairs(Dataset<Row> classifiedImpressions, Dataset<Row> earlier) {
    RequiredColumns.check(classifiedImpressions, "newPairs", "note_id", "viewer_id", "in_path");
    Dataset<Row> tonight =
        classifiedImpressions.filter(col("in_path")).select("note_id", "viewer_id").distinct();
    return tonight.join(earlier.select("viewer_id", "note_id"), new String[] {"viewer_id", "note_id"}, "left_anti")
        .select("note_id", "viewer_id");
  }

  /** Every in-path pair of a whole history with the landing day it was first seen ({@code night}). */
  public static Dataset<Row> firstSeen(Dataset<Row> classifiedImpressions) {
    return classifiedImpressions
        .filter(col("in_path"))
        .groupBy("note_id", "viewer_id")
        .agg(min("dt").as("night"));
  }

  /** unique_viewers per note: how many of {@code pairs} it has. */
  public static Dataset<Row> countByNote(Dataset<Row> pairs) {
    return pairs.groupBy("note_id").agg(count(lit(1)).as("unique_viewers"));
  }
}
