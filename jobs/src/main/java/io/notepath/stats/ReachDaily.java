package io.notepath.stats;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.try_divide;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * reach_daily: where each day's reach came from — by the note's category and type and by the
 * class, pool level, surface and viewer newness of the impression.
 *
 * <p>Every accepted event counts, also those outside a note's analysis window (their explore
 * impressions have level null). Interactions are placed in the cell of the impression they are
 * attributed to; unattributed ones form their own class with null level, surface and newness.
 * Both event kinds go through one union and one aggregation, so impressions and the interactions
 * they led to share a row. Null dimension values are real groups (groupBy keeps them).
 *
 * <p>unique_viewers and notes are exact distinct counts within a row. Spark plans them as an
 * aggregation keyed by the row's dimensions plus the viewer (or note), so a viral note's
 * impressions are spread over tasks by viewer, never gathered in one. The join to notes is the
 * only step keyed by note_id; with adaptive execution on (Spark's default) a skewed note's
 * partition is split.
 */
public final class ReachDaily {
  private ReachDaily() {}

  private static final String TRANSFORM = "aggregateReachDaily";

  /** One row per event date and dimension cell; columns in the order of docs/tables.md, dt last. */
  public static Dataset<Row> aggregateReachDaily(
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
    Dataset<Row> impressions =
        classifiedImpressions.select(
            col("event_date").as("dt"),
            col("note_id"),
            col("impression_class"),
            col("level"),
            col("surface"),
            col("viewer_is_new"),
            col("viewer_id"),
            lit(true).as("is_impression"),
            lit(null).cast(DataTypes.StringType).as("action"));
    Dataset<Row> interactions =
        attributedInteractions.select(
            col("event_date").as("dt"),
            col("note_id"),
            col("attributed_class").as("impression_class"),
            col("attributed_level").as("level"),
            col("attributed_surface").as("surface"),
            col("attributed_viewer_is_new").as("viewer_is_new"),
            lit(null).cast(DataTypes.StringType).as("viewer_id"),
            lit(false).as("is_impression"),
            col("action"));
    // Left join: an event whose note is unknown keeps its reach (null category) instead of
    // vanishing; ingest rejects such events, so this is a safety net, not a path.
    return impressions
        .unionByName(interactions)
        .join(notes.select("note_id", "category", "note_type"), "note_id", "left")
        .groupBy(
            "dt", "category", "note_type", "impression_class", "level", "surface", "viewer_is_new")
        .agg(
            count_if(col("is_impression")).as("impressions"),
            count_distinct(col("viewer_id")).as("unique_viewers"),
            count_distinct(col("note_id")).as("notes"),
            actions("open").as("opens"),
            actions("like").as("likes"),
            actions("collect").as("collects"),
            actions("comment").as("comments"),
            actions("share").as("shares"),
            actions("follow_author").as("follows"),
            actions("unlike").as("unlikes"),
            actions("uncollect").as("uncollects"))
        .select(
            col("category"),
            col("note_type"),
            col("impression_class"),
            col("level"),
            col("surface"),
            col("viewer_is_new"),
            col("impressions"),
            col("unique_viewers"),
            col("notes"),
            col("opens"),
            col("likes"),
            col("collects"),
            col("comments"),
            col("shares"),
            col("follows"),
            col("unlikes"),
            col("uncollects"),
            interactions().as("interactions"),
            try_divide(col("opens"), col("impressions")).as("ctr"),
            try_divide(interactions(), col("impressions")).as("interaction_rate"),
            col("dt"));
  }

  /** Interactions of one action; null on impression rows, so they never count. */
  static Column actions(String action) {
    return count_if(col("action").equalTo(action));
  }

  /** DESIGN §3: interactions are likes + collects + comments, never opens, shares or follows. */
  static Column interactions() {
    return col("likes").plus(col("collects")).plus(col("comments"));
  }
}
