package io.notepath.paths;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What a judged event carries into the state besides its own fields, computed once when it lands:
 * its note's attributes (PathWindow.NOTE_ATTRIBUTES), whether it lies in the note's path and, for
 * an impression, its class. All are final when the event lands (a note's attributes are its first
 * accepted copy's), so no later night or table joins notes for them again. Rows that are not
 * accepted get nulls.
 */
public final class EventContext {
  private EventContext() {}

  /**
   * Adds the note attributes, in_path and (impressions) impression_class to the judged rows of
   * {@code table} (flat, with outcome), from {@code notes}: the accepted notes, one row per note,
   * with note_id and PathWindow.NOTE_ATTRIBUTES. A broadcast join while the notes fit, so the
   * rows keep the partitioning of the night's shuffle.
   */
  public static Dataset<Row> withContext(
      String table, Dataset<Row> judged, Dataset<Row> notes, int windowDays) {
    RequiredColumns.check(judged, "withContext", "note_id", "outcome");
    List<Column> attributes = new ArrayList<>();
    attributes.add(col("note_id").as("_ctx_note_id"));
    for (String a : PathWindow.NOTE_ATTRIBUTES) {
      attributes.add(col(a).as("_ctx_" + a));
    }

    Dataset<Row> lookup = notes.select(attributes.toArray(Column[]::new));
    Column accepted = col("outcome").equalTo("accepted");
    Dataset<Row> joined =
        judged.join(
            org.apache.spark.sql.functions.broadcast(lookup),
            accepted.and(col("note_id").equalTo(col("_ctx_note_id"))),
            "left");
    for (String a : PathWindow.NOTE_ATTRIBUTES) {
      joined = joined.withColumn(a, col("_ctx_" + a)).drop("_ctx_" + a);
    }

    String time = table.equals("official_picks") ? "picked_at" : "ts";
    Dataset<Row> out =
        joined
            .drop("_ctx_note_id")
            .withColumn(
                "in_path",
                when(accepted, PathWindow.isInPath(col(time), col("published_at"), windowDays)));
    if (table.equals("impressions")) {
      out =
          out.withColumn(
              "impression_class", when(accepted, ImpressionClasses.impressionClass()));
    }

    return out;
  }

  /** Accepted rows only. */
  public static Dataset<Row> accepted(Dataset<Row> stored) {
    return stored.filter(col("outcome").equalTo(lit("accepted")));
  }
}
