package io.notepath.stats;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.try_divide;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * reach_daily: where each day's reach came from — by the note's category and type and by the
 * class, pool level, surface and viewer newness of the impression.
 *
 * <p>Every accepted event counts, also those outside a note's analysis window (their explore
 * impressions have level null). Interactions are placed in the cell of the impression they are
 * attributed to; unattributed ones form their own class with null level, surface and newness.
 * Events carry their note's category and type, so nothing joins notes. Null dimension values are
 * real groups.
 *
 * <p>Impressions come summed per viewer and cell ({@link ViewerDays}). unique_viewers and notes
 * are exact distinct counts within a row. They are aggregated apart
 * (two distinct counts in one aggregation would make Spark expand and shuffle every event):
 * viewers per cell are grouped by (cell, viewer) first, which needs no shuffle where impressions
 * come partitioned by viewer (the state's buckets); notes per cell from the distinct (cell, note)
 * rows of impressions and interactions; the counts by action from the interactions alone. The
 * three meet in a null-safe join on the cell, one row per cell each.
 */
public final class ReachDaily {
  private ReachDaily() {}

  private static final String TRANSFORM = "aggregateReachDaily";

  /** The cell of a reach_daily row; dt is the event date. */
  private static final List<String> CELL =
      List.of("dt", "category", "note_type", "impression_class", "level", "surface", "viewer_is_new");

  /** One row per event date and dimension cell; columns in the order of docs/tables.md, dt last. */
  public static Dataset<Row> aggregateReachDaily(
      Dataset<Row> viewerDays, Dataset<Row> attributedInteractions) {
    StatsInputs.requireColumns(viewerDays, StatsInputs.VIEWER_DAYS, "viewer days", TRANSFORM);
    StatsInputs.requireColumns(
        attributedInteractions,
        StatsInputs.ATTRIBUTED_INTERACTIONS,
        "attributed interactions",
        TRANSFORM);
    Dataset<Row> impressions =
        viewerDays.select(
            col("dt"),
            col("category"),
            col("note_type"),
            col("impression_class"),
            col("level"),
            col("surface"),
            col("viewer_is_new"),
            col("note_id"),
            col("viewer_id"),
            col("impressions"));
    Dataset<Row> interactions =
        attributedInteractions.select(
            col("event_date").as("dt"),
            col("category"),
            col("note_type"),
            col("attributed_class").as("impression_class"),
            col("attributed_level").as("level"),
            col("attributed_surface").as("surface"),
            col("attributed_viewer_is_new").as("viewer_is_new"),
            col("note_id"),
            col("action"));
    Column[] cell = CELL.stream().map(c -> col(c)).toArray(Column[]::new);
    List<String> byViewer = new ArrayList<>(CELL);
    byViewer.add("viewer_id");
    Dataset<Row> reach =
        impressions
            .groupBy(byViewer.stream().map(c -> col(c)).toArray(Column[]::new))
            .agg(sum("impressions").as("n"))
            .groupBy(cell)
            .agg(sum("n").as("impressions"), count(lit(1)).as("unique_viewers"));
    Dataset<Row> notes =
        impressions
            .drop("viewer_id", "impressions")
            .unionByName(interactions.drop("action"))
            .distinct()
            .groupBy(cell)
            .agg(count(lit(1)).as("notes"));
    Dataset<Row> actions =
        interactions
            .groupBy(cell)
            .agg(
                actions("open").as("opens"),
                actions("like").as("likes"),
                actions("collect").as("collects"),
                actions("comment").as("comments"),
                actions("share").as("shares"),
                actions("follow_author").as("follows"),
                actions("unlike").as("unlikes"),
                actions("uncollect").as("uncollects"));
    Dataset<Row> cells = joinOnCell(joinOnCell(notes, reach), actions);
    List<Column> out = new ArrayList<>();
    for (String c : CELL.subList(1, CELL.size())) {
      out.add(col(c));
    }

    out.add(coalesce(col("impressions"), lit(0L)).as("impressions"));
    out.add(coalesce(col("unique_viewers"), lit(0L)).as("unique_viewers"));
    out.add(col("notes"));
    for (String a : List.of("opens", "likes", "collects", "comments", "shares", "follows", "unlikes", "uncollects")) {
      out.add(coalesce(col(a), lit(0L)).as(a));
    }

    out.add(col("dt"));
    return cells
        .select(out.toArray(Column[]::new))
        .withColumn("interactions", interactions())
        .withColumn("ctr", try_divide(col("opens"), col("impressions")))
        .withColumn("interaction_rate", try_divide(col("interactions"), col("impressions")))
        .select(
            col("category"), col("note_type"), col("impression_class"), col("level"),
            col("surface"), col("viewer_is_new"), col("impressions"), col("unique_viewers"),
            col("notes"), col("opens"), col("likes"), col("collects"), col("comments"),
            col("shares"), col("follows"), col("unlikes"), col("uncollects"),
            col("interactions"), col("ctr"), col("interaction_rate"), col("dt"));
  }

  /**
   * Left join of {@code right} onto {@code left} on the cell, null-safe (a null level is a group);
   * every cell is in {@code left} (notes has a row for every cell with an event).
   */
  private static Dataset<Row> joinOnCell(Dataset<Row> left, Dataset<Row> right) {
    List<Column> out = new ArrayList<>();
    Column on = lit(true);
    Dataset<Row> r = right;
    for (String c : CELL) {
      r = r.withColumnRenamed(c, "_r_" + c);
      on = on.and(left.col(c).eqNullSafe(r.col("_r_" + c)));
    }

    for (String c : left.columns()) {
      out.add(left.col(c));
    }

    for (String c : right.columns()) {
      if (!CELL.contains(c)) {
        out.add(r.col(c));
      }
    }

    return left.join(r, on, "left").select(out.toArray(Column[]::new));
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
