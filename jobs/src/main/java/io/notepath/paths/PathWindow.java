package io.notepath.paths;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.time.Duration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The analysis window of a note's path: only events with {@code published_at <= ts <=
 * published_at + window-days} count in its milestones, ranks and note_paths counts. Both ends are
 * inclusive; the window is window-days × 24 h of elapsed time (see {@link Elapsed}), so neither
 * the session time zone nor DST changes move it.
 */
public final class PathWindow {
  private PathWindow() {}

  /** The note's attributes every event carries into the state and the tables. */
  public static final String[] NOTE_ATTRIBUTES = {
    "author_id", "category", "note_type", "published_at", "publish_date"
  };

  /** Adds {@code published_at} of the event's note (null if the note is missing). */
  public static Dataset<Row> withPublishedAt(Dataset<Row> events, Dataset<Row> notes) {
    RequiredColumns.check(notes, "withPublishedAt (notes)", "note_id", "published_at");
    return NoteJoins.withNoteColumns(events, notes.select("note_id", "published_at"));
  }

  /**
   * Adds the note's author_id, category, note_type, published_at and publish_date (null if the
   * note is missing), once, so that no later table joins notes again.
   */
  public static Dataset<Row> withNoteAttributes(Dataset<Row> events, Dataset<Row> notes) {
    RequiredColumns.check(notes, "withNoteAttributes (notes)", NOTE_ATTRIBUTES);
    RequiredColumns.check(notes, "withNoteAttributes (notes)", "note_id");
    return NoteJoins.withNoteColumns(events, notes.select("note_id", NOTE_ATTRIBUTES));
  }

  /** Adds {@code in_path} from ts and published_at; false when published_at is missing. */
  public static Dataset<Row> withInPath(Dataset<Row> events, int windowDays) {
    RequiredColumns.check(events, "withInPath", "ts", "published_at");
    return events.withColumn(
        "in_path", isInPath(col("ts"), col("published_at"), windowDays));
  }

  /** {@code published_at <= time <= published_at + windowDays days}, never null. */
  public static Column isInPath(Column time, Column publishedAt, int windowDays) {
    Column end = Elapsed.plus(publishedAt, Duration.ofDays(windowDays));
    return coalesce(time.geq(publishedAt).and(time.leq(end)), lit(false));
  }
}
