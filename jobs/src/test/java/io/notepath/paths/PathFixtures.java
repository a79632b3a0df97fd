package io.notepath.paths;

import static io.notepath.testing.DatasetAssert.row;

import io.notepath.config.NotepathSettings;
import io.notepath.config.SettingsLoader;
import io.notepath.ingest.AcceptedSchemas;
import io.notepath.testing.DatasetAssert;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Tiny fixtures for the paths tests. The ladder is [2, 4, 6] and the window 2 days, so every
 * boundary is reachable with a handful of rows. Notes are published at {@link #P} =
 * 2024-03-01T00:00Z unless a test says otherwise; the window ends at 2024-03-03T00:00Z.
 */
final class PathFixtures {
  private PathFixtures() {}

  static final NotepathSettings SETTINGS =
      SettingsLoader.settings(
          null, List.of("notepath.stages.pool-ladder=[2,4,6]", "notepath.stages.window-days=2"));

  static final List<Integer> LADDER = SETTINGS.poolLadder();

  static final int WINDOW_DAYS = 2;

  static final Instant P = Instant.parse("2024-03-01T00:00:00Z");

  static final LocalDate D1 = LocalDate.of(2024, 3, 1);
  static final LocalDate D2 = LocalDate.of(2024, 3, 2);
  static final LocalDate D3 = LocalDate.of(2024, 3, 3);

  /** Accepted impressions plus published_at, impression_class, in_path, level. */
  static final StructType CLASSIFIED =
      AcceptedSchemas.IMPRESSIONS
          .add("published_at", DataTypes.TimestampType)
          .add("impression_class", DataTypes.StringType)
          .add("in_path", DataTypes.BooleanType)
          .add("level", DataTypes.IntegerType);

  /** Accepted interactions plus in_path (the input of attribution). */
  static final StructType INTERACTIONS_IN_PATH =
      AcceptedSchemas.INTERACTIONS.add("in_path", DataTypes.BooleanType);

  /** Attributed interactions. */
  static final StructType ATTRIBUTED =
      INTERACTIONS_IN_PATH
          .add("attributed_class", DataTypes.StringType)
          .add("attributed_level", DataTypes.IntegerType)
          .add("attributed_surface", DataTypes.StringType)
          .add("attributed_viewer_is_new", DataTypes.BooleanType)
          .add("attributed_impression_ts", DataTypes.TimestampType);

  /** ATTRIBUTED plus the impression's landing day and how it was found (id, user). */
  static final StructType ATTRIBUTED_FULL =
      ATTRIBUTED
          .add("attributed_impression_dt", DataTypes.DateType)
          .add("found_by", DataTypes.StringType);

  /** An instant given as "yyyy-MM-ddTHH:mm[:ss[.SSSSSS]]" in UTC. */
  static Instant t(String utc) {
    return Instant.parse(utc + (utc.length() == 16 ? ":00Z" : "Z"));
  }

  static LocalDate dateOf(Instant ts) {
    return ts.atZone(ZoneOffset.UTC).toLocalDate();
  }

  /** A note of category food, type image, published at {@code publishedAt}. */
  static Object[] note(String id, Instant publishedAt, Long followers) {
    return row(id, "a-" + id, publishedAt, "food", "image", followers, dateOf(publishedAt),
        dateOf(publishedAt));
  }

  static Dataset<Row> notes(SparkSession spark, Object[]... rows) {
    return DatasetAssert.rows(spark, AcceptedSchemas.NOTES, rows);
  }

  /** An accepted impression (rec_pool null, event_date from ts). */
  static Object[] impression(
      String eventId,
      String noteId,
      String viewer,
      Instant ts,
      String surface,
      boolean follower,
      boolean isNew,
      LocalDate dt) {
    return row(eventId, noteId, viewer, ts, surface, follower, isNew, null, dateOf(ts), dt);
  }

  static Dataset<Row> impressions(SparkSession spark, Object[]... rows) {
    return DatasetAssert.rows(spark, AcceptedSchemas.IMPRESSIONS, rows);
  }

  /** An accepted interaction (dwell_ms null, event_date from ts). */
  static Object[] interaction(
      String eventId, String noteId, String user, Instant ts, String action, String impressionId,
      LocalDate dt) {
    return row(eventId, noteId, user, ts, action, impressionId, null, dateOf(ts), dt);
  }

  static Dataset<Row> interactions(SparkSession spark, Object[]... rows) {
    return DatasetAssert.rows(spark, AcceptedSchemas.INTERACTIONS, rows);
  }

  /** Appends values to a row. */
  static Object[] plus(Object[] row, Object... more) {
    Object[] out = java.util.Arrays.copyOf(row, row.length + more.length);
    System.arraycopy(more, 0, out, row.length, more.length);
    return out;
  }
}
