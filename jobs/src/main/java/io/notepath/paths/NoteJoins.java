package io.notepath.paths;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Attaches per-note columns (one row per note) to event rows without putting a viral note's
 * events in one task.
 *
 * <p>A plain equi-join on note_id hashes every event of a note to the same partition: a note with
 * tens of millions of impressions becomes one straggler task, and once the join's output is
 * partitioned by note_id the per-note aggregations after it run in that same task too (AQE's skew
 * split is skipped when it would add a shuffle). So the join is salted: each event gets a salt
 * {@code pmod(xxhash64(event_id), SALT_BUCKETS)} and each per-note row is copied once per salt,
 * then the two are joined on (note_id, salt). A note's events spread over up to {@link
 * #SALT_BUCKETS} tasks; the price is {@link #SALT_BUCKETS} copies of the per-note table, which is
 * small next to the events (one row per note against thousands of events per note).
 */
public final class NoteJoins {
  private NoteJoins() {}

  /** Copies of each per-note row, and so the most tasks one note's events spread over. */
  public static final int SALT_BUCKETS = 16;

  /**
   * The salt column. Events that already carry it (from {@link #withSalt}) keep it through {@link
   * #withNoteColumns}, so consecutive per-note joins of the same events share one shuffle: the
   * first join's output is already partitioned by (note_id, salt).
   */
  public static final String SALT = "_note_join_salt";

  private static final String NOTE = "_note_join_note_id";
  private static final String NOTE_SALT = "_note_join_salt_r";

  /** Adds the salt column {@code pmod(xxhash64(event_id), SALT_BUCKETS)} unless present. */
  public static Dataset<Row> withSalt(Dataset<Row> events) {
    RequiredColumns.check(events, "withSalt", "event_id");
    if (List.of(events.columns()).contains(SALT)) {
      return events;
    }

    return events.withColumn(SALT, pmod(xxhash64(col("event_id")), lit(SALT_BUCKETS)).cast("int"));
  }

  /**
   * Left join of {@code events} (needs note_id, event_id) with {@code perNote} (note_id plus the
   * columns to attach, at most one row per note): the events' columns in their order, then the
   * per-note columns; null per-note columns where the note is missing. No event is dropped. The
   * salt column is kept only if the events came with it.
   */
  public static Dataset<Row> withNoteColumns(Dataset<Row> events, Dataset<Row> perNote) {
    RequiredColumns.check(events, "withNoteColumns (events)", "note_id", "event_id");
    RequiredColumns.check(perNote, "withNoteColumns (perNote)", "note_id");
    Dataset<Row> saltedEvents = withSalt(events);
    Dataset<Row> saltedNotes =
        perNote
            .withColumnRenamed("note_id", NOTE)
            .withColumn(NOTE_SALT, explode(sequence(lit(0), lit(SALT_BUCKETS - 1))));
    Column on =
        saltedEvents
            .col("note_id")
            .equalTo(saltedNotes.col(NOTE))
            .and(saltedEvents.col(SALT).equalTo(saltedNotes.col(NOTE_SALT)));
    List<Column> out = new ArrayList<>();
    for (String c : events.columns()) {
      out.add(saltedEvents.col(c));
    }

    for (String c : perNote.columns()) {
      if (!c.equals("note_id")) {
        out.add(saltedNotes.col(c));
      }
    }

    return saltedEvents.join(saltedNotes, on, "left").select(out.toArray(Column[]::new));
  }
}
