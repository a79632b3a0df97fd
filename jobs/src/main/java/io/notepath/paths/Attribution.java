package io.notepath.paths;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Interaction attribution of DESIGN §3: each interaction takes the class, level, surface and
 * viewer_is_new of one impression of the same note, so stats can say which distribution step an
 * interaction came from.
 *
 * <ol>
 *   <li>The impression whose event_id is the interaction's impression_id, if it belongs to the
 *       same note (any viewer). An impression_id naming another note's impression counts as not
 *       found.
 *   <li>Else the latest impression (greatest ordering key) of the same note by the same user
 *       (viewer_id = user_id) with ts in [interaction ts − attribution window, interaction ts],
 *       both ends inclusive.
 *   <li>Else class {@code unattributed} with null level, surface, viewer_is_new and ts.
 * </ol>
 *
 * <p>Every accepted impression of the note is a candidate, in the path or not. Nothing is dropped.
 * Both lookups are skew-safe: step 1 joins on (note_id, impression event_id), a unique key, and
 * step 2 on (note_id, user), of which there are few rows per key even for a viral note; picking
 * the latest candidate is a window per interaction inside that same partitioning (no shuffle).
 * Interactions without impression_id skip step 1, so they don't all hash to one null key.
 */
public final class Attribution {
  private Attribution() {}

  public static final String UNATTRIBUTED = "unattributed";

  private static final String[] CANDIDATE_COLUMNS = {
    "note_id", "event_id", "viewer_id", "dt", "ts", "impression_class", "level", "surface",
    "viewer_is_new"
  };

  /**
   * Adds attributed_class, attributed_level, attributed_surface, attributed_viewer_is_new and
   * attributed_impression_ts to every interaction, from {@code classifiedImpressions} (accepted
   * impressions with impression_class and level).
   */
  public static Dataset<Row> withAttribution(
      Dataset<Row> interactions, Dataset<Row> classifiedImpressions, Duration attributionWindow) {
    RequiredColumns.check(
        interactions, "withAttribution", "event_id", "note_id", "user_id", "ts", "impression_id");
    RequiredColumns.check(
        classifiedImpressions, "withAttribution (impressions)", CANDIDATE_COLUMNS);
    String[] interactionColumns = interactions.columns();
    Dataset<Row> candidates = candidates(classifiedImpressions);

    Dataset<Row> named =
        interactions
            .filter(col("impression_id").isNotNull())
            .join(
                candidates,
                col("note_id").equalTo(col("_i_note_id"))
                    .and(col("impression_id").equalTo(col("_i_event_id"))),
                "left");
    Dataset<Row> byId =
        named.filter(col("_i_event_id").isNotNull()).select(attributed(interactionColumns));
    Dataset<Row> unresolved =
        named
            .filter(col("_i_event_id").isNull())
            .select(columns(interactionColumns))
            .unionByName(interactions.filter(col("impression_id").isNull()));

    Column inWindow =
        col("_i_ts").between(Elapsed.minus(col("ts"), attributionWindow), col("ts"));
    Column candidateKey = struct(col("_i_dt"), col("_i_ts"), col("_i_event_id"));
    Column latestFirst =
        row_number()
            .over(
                Window.partitionBy("note_id", "user_id", "event_id")
                    .orderBy(candidateKey.desc_nulls_last()));
    Dataset<Row> byUser =
        unresolved
            .join(
                candidates,
                col("note_id").equalTo(col("_i_note_id"))
                    .and(col("user_id").equalTo(col("_i_viewer_id")))
                    .and(inWindow),
                "left")
            .withColumn("_i_pick", latestFirst)
            .filter(col("_i_pick").equalTo(1))
            .select(attributed(interactionColumns));
    return byId.unionByName(byUser);
  }

  private static Dataset<Row> candidates(Dataset<Row> impressions) {
    List<Column> cols = new ArrayList<>();
    for (String c : CANDIDATE_COLUMNS) {
      cols.add(col(c).as("_i_" + c));
    }

    return impressions.select(cols.toArray(Column[]::new));
  }

  private static Column[] attributed(String[] interactionColumns) {
    List<Column> cols = new ArrayList<>(List.of(columns(interactionColumns)));
    cols.add(coalesce(col("_i_impression_class"), lit(UNATTRIBUTED)).as("attributed_class"));
    cols.add(col("_i_level").as("attributed_level"));
    cols.add(col("_i_surface").as("attributed_surface"));
    cols.add(col("_i_viewer_is_new").as("attributed_viewer_is_new"));
    cols.add(col("_i_ts").as("attributed_impression_ts"));
    return cols.toArray(Column[]::new);
  }

  private static Column[] columns(String[] names) {
    return java.util.Arrays.stream(names).map(n -> col(n)).toArray(Column[]::new);
  }
}
