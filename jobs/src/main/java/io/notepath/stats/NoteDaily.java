package io.notepath.stats;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/**
 * note_daily: a creator's daily curve — each day's impressions, viewers, explore impressions,
 * opens and interactions of a note, and the pool level the note had reached by the end of the day.
 *
 * <p>Counts take every accepted event of the day, in the analysis window or not (as in
 * reach_daily). The level only climbs with in-path explore impressions: the day's highest level
 * among them, carried forward by a running max over the note's days, so a day without explore
 * impressions keeps the level reached before. The events are first aggregated to one row per
 * (note, day) — a viral note's impressions are spread by viewer in that aggregation — and the
 * running max is a window over those day rows, at most a few dozen per note.
 */
public final class NoteDaily {
  private NoteDaily() {}

  private static final String TRANSFORM = "aggregateNoteDaily";

  /**
   * One row per note and event date with any impression or interaction of the note; columns in the
   * order of docs/tables.md, dt last.
   */
  public static Dataset<Row> aggregateNoteDaily(
      Dataset<Row> classifiedImpressions, Dataset<Row> attributedInteractions, Dataset<Row> notes) {
    StatsInputs.requireColumns(
        classifiedImpressions,
        StatsInputs.CLASSIFIED_IMPRESSIONS,
        "classified impressions",
        TRANSFORM);
    StatsInputs.requireColumns(
        attributedInteractions,
        StatsInputs.ATTRIBUTED_INTERACTIONS,
        "attributed interactions",
        TRANSFORM);
    StatsInputs.requireColumns(notes, StatsInputs.NOTES, "notes", TRANSFORM);
    Column isPathExplore =
        col("in_path").equalTo(true).and(col("impression_class").equalTo("explore"));
    Dataset<Row> impressions =
        classifiedImpressions.select(
            col("note_id"),
            col("event_date").as("dt"),
            col("viewer_id"),
            col("impression_class").equalTo("explore").as("is_explore"),
            when(isPathExplore, col("level")).as("path_level"),
            lit(true).as("is_impression"),
            lit(null).cast(DataTypes.StringType).as("action"));
    Dataset<Row> interactions =
        attributedInteractions.select(
            col("note_id"),
            col("event_date").as("dt"),
            lit(null).cast(DataTypes.StringType).as("viewer_id"),
            lit(false).as("is_explore"),
            lit(null).cast(DataTypes.IntegerType).as("path_level"),
            lit(false).as("is_impression"),
            col("action"));
    WindowSpec daysSoFar =
        Window.partitionBy("note_id")
            .orderBy("dt")
            .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    return impressions
        .unionByName(interactions)
        .groupBy("note_id", "dt")
        .agg(
            count_if(col("is_impression")).as("impressions"),
            count_distinct(col("viewer_id")).as("unique_viewers"),
            count_if(col("is_explore")).as("explore_impressions"),
            ReachDaily.actions("open").as("opens"),
            ReachDaily.actions("like").as("likes"),
            ReachDaily.actions("collect").as("collects"),
            ReachDaily.actions("comment").as("comments"),
            max(col("path_level")).as("day_level"))
        .join(notes.select("note_id", "author_id", "category", "publish_date"), "note_id", "left")
        .select(
            col("note_id"),
            col("author_id"),
            col("category"),
            col("publish_date"),
            col("impressions"),
            col("unique_viewers"),
            col("explore_impressions"),
            col("opens"),
            ReachDaily.interactions().as("interactions"),
            coalesce(max(col("day_level")).over(daysSoFar), lit(0)).as("level_at_end_of_day"),
            col("dt"));
  }
}
