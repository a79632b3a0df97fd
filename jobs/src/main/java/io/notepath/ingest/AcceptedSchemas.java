package io.notepath.ingest;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The shape of each input table after ingest: typed, validated, de-duplicated and checked against
 * notes. Every later step (paths, stats) reads only these columns.
 *
 * <p>{@code dt} is the landing date (from the partition directory); {@code event_date} is the
 * calendar date of the event's own time in {@code notepath.time-zone}.
 */
public final class AcceptedSchemas {
  private AcceptedSchemas() {}

  public static final StructType NOTES =
      new StructType()
          .add("note_id", DataTypes.StringType, false)
          .add("author_id", DataTypes.StringType, false)
          .add("published_at", DataTypes.TimestampType, false)
          .add("category", DataTypes.StringType, false)
          .add("note_type", DataTypes.StringType, false)
          .add("author_followers", DataTypes.LongType, true)
          .add("publish_date", DataTypes.DateType, false)
          .add("dt", DataTypes.DateType, false);

  public static final StructType IMPRESSIONS =
      new StructType()
          .add("event_id", DataTypes.StringType, false)
          .add("note_id", DataTypes.StringType, false)
          .add("viewer_id", DataTypes.StringType, false)
          .add("ts", DataTypes.TimestampType, false)
          .add("surface", DataTypes.StringType, false)
          .add("viewer_is_follower", DataTypes.BooleanType, false)
          .add("viewer_is_new", DataTypes.BooleanType, false)
          .add("rec_pool", DataTypes.IntegerType, true)
          .add("event_date", DataTypes.DateType, false)
          .add("dt", DataTypes.DateType, false);

  public static final StructType INTERACTIONS =
      new StructType()
          .add("event_id", DataTypes.StringType, false)
          .add("note_id", DataTypes.StringType, false)
          .add("user_id", DataTypes.StringType, false)
          .add("ts", DataTypes.TimestampType, false)
          .add("action", DataTypes.StringType, false)
          .add("impression_id", DataTypes.StringType, true)
          .add("dwell_ms", DataTypes.LongType, true)
          .add("event_date", DataTypes.DateType, false)
          .add("dt", DataTypes.DateType, false);

  public static final StructType OFFICIAL_PICKS =
      new StructType()
          .add("note_id", DataTypes.StringType, false)
          .add("account_id", DataTypes.StringType, false)
          .add("picked_at", DataTypes.TimestampType, false)
          .add("event_date", DataTypes.DateType, false)
          .add("dt", DataTypes.DateType, false);

  /** _rejects: one row per rejected input row of the run date. Partitioned by dt, source_table. */
  public static final StructType REJECTS =
      new StructType()
          .add("record", DataTypes.StringType, true)
          .add("reason", DataTypes.StringType, false)
          .add("detail", DataTypes.StringType, true)
          .add("dt", DataTypes.DateType, false)
          .add("source_table", DataTypes.StringType, false);
}
