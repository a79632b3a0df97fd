package io.notepath.stats;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * note_daily: a creator's daily curve — each day's impressions, viewers, explore impressions,
 * opens and interactions of a note, and the pool level the note had reached by the end of the day.
 *
 * <p>Counts take every accepted event of the day, in the analysis window or not (as in
 * reach_daily). Impressions (summed per viewer and cell, {@link ViewerDays}) and interactions are
 * aggregated apart, per (note, day): viewers are grouped by (note, day, viewer) first, which needs
 * no shuffle where impressions come partitioned by viewer. The level only climbs with in-path explore impressions: the highest level of the
 * note's in-path explore impressions dated on or before the day ({@code levels}: per note and
 * event date, kept in the state for the notes whose row is still written), 0 before the first;
 * null for notes not in {@code openNotes}, whose path is final in note_paths.
 */
public final class NoteDaily {
  private NoteDaily() {}

  private static final String TRANSFORM = "aggregateNoteDaily";

  /**
   * One row per note and event date with any impression or interaction of the note; columns in the
   * order of docs/tables.md, dt last. {@code levels}: note_id, event_date, level; {@code
   * openNotes}: note_id of the notes whose level is known.
   */
  public static Dataset<Row> aggregateNoteDaily(
      Dataset<Row> viewerDays,
      Dataset<Row> attributedInteractions,
      Dataset<Row> levels,
      Dataset<Row> openNotes) {
    StatsInputs.requireColumns(viewerDays, StatsInputs.VIEWER_DAYS, "viewer days", TRANSFORM);
    StatsInputs.requireColumns(
        attributedInteractions,
        StatsInputs.ATTRIBUTED_INTERACTIONS,
        "attributed interactions",
        TRANSFORM);
    List<String> day = List.of("note_id", "dt", "author_id", "category", "publish_date");
    Dataset<Row> impressions =
        viewerDays
            .groupBy(columns(day, "viewer_id"))
            .agg(sum("impressions").as("n"), sum("explore_impressions").as("e"))
            .groupBy(columns(day))
            .agg(
                sum("n").as("impressions"),
                count(lit(1)).as("unique_viewers"),
                sum("e").as("explore_impressions"));
    Dataset<Row> interactions =
        attributedInteractions
            .withColumn("dt", col("event_date"))
            .groupBy(columns(day))
            .agg(
                ReachDaily.actions("open").as("opens"),
                ReachDaily.actions("like").as("likes"),
                ReachDaily.actions("collect").as("collects"),
                ReachDaily.actions("comment").as("comments"));
    Dataset<Row> days =
        impressions
            .join(interactions, day.toArray(String[]::new), "full")
            .select(
                col("note_id"),
                col("author_id"),
                col("category"),
                col("publish_date"),
                coalesce(col("impressions"), lit(0L)).as("impressions"),
                coalesce(col("unique_viewers"), lit(0L)).as("unique_viewers"),
                coalesce(col("explore_impressions"), lit(0L)).as("explore_impressions"),
                coalesce(col("opens"), lit(0L)).as("opens"),
                coalesce(col("likes"), lit(0L))
                    .plus(coalesce(col("collects"), lit(0L)))
                    .plus(coalesce(col("comments"), lit(0L)))
                    .as("interactions"),
                col("dt"));
    return withLevelAtEndOfDay(days, levels, openNotes);
  }

  /**
   * Adds level_at_end_of_day: the running maximum of the note's levels by event date up to the
   * row's dt, over the note's day rows and level rows together (a few dozen per note).
   */
  private static Dataset<Row> withLevelAtEndOfDay(
      Dataset<Row> days, Dataset<Row> levels, Dataset<Row> openNotes) {
    Dataset<Row> notesOfDays = days.select("note_id").distinct();
    Dataset<Row> levelRows =
        levels
            .join(notesOfDays, "note_id", "left_semi")
            .select(col("note_id"), col("event_date").as("dt"), col("level"), lit(false).as("is_day"));
    Dataset<Row> dayRows = days.select(col("note_id"), col("dt"), lit(null).cast("int").as("level"), lit(true).as("is_day"));
    WindowSpec upToDay =
        Window.partitionBy("note_id")
            .orderBy(col("dt"), col("is_day"))
            .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Dataset<Row> running =
        levelRows
            .unionByName(dayRows)
            .withColumn("running_level", max(col("level")).over(upToDay))
            .filter(col("is_day"))
            .select(col("note_id").as("_l_note_id"), col("dt").as("_l_dt"), col("running_level"));
    Dataset<Row> open = openNotes.select(col("note_id").as("_o_note_id"), lit(true).as("_open"));
    return days.join(running, col("note_id").equalTo(col("_l_note_id")).and(col("dt").equalTo(col("_l_dt"))), "left")
        .join(broadcast(open), col("note_id").equalTo(col("_o_note_id")), "left")
        .select(
            col("note_id"),
            col("author_id"),
            col("category"),
            col("publish_date"),
            col("impressions"),
            col("unique_viewers"),
            col("explore_impressions"),
            col("opens"),
            col("interactions"),
            when(col("_open"), coalesce(col("running_level"), lit(0))).as("level_at_end_of_day"),
            col("dt"));
  }

  private static Column[] columns(List<String> names, String... more) {
    List<Column> cols = new ArrayList<>();
    names.forEach(n -> cols.add(col(n)));
    for (String m : more) {
      cols.add(col(m));
    }

    return cols.toArray(Column[]::new);
  }
}
