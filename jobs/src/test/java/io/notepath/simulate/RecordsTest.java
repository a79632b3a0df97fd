package io.notepath.simulate;

import static io.notepath.testing.DatasetAssert.assertSameRows;
import static io.notepath.testing.DatasetAssert.row;
import static io.notepath.testing.DatasetAssert.rows;

import io.notepath.testing.SparkTest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

@SparkTest
class RecordsTest {
  /** The columns Records.selectJsonLines reads, as the simulator produces them. */
  static final StructType RECORDS =
      new StructType()
          .add("table", DataTypes.StringType)
          .add("fault", DataTypes.StringType)
          .add("landing_day", DataTypes.IntegerType)
          .add("h_event", DataTypes.LongType)
          .add("kc", DataTypes.IntegerType)
          .add("level", DataTypes.IntegerType)
          .add("event_id", DataTypes.StringType)
          .add("note_id", DataTypes.StringType)
          .add("viewer_id", DataTypes.StringType)
          .add("ts_ms", DataTypes.LongType)
          .add("surface", DataTypes.StringType)
          .add("viewer_is_follower", DataTypes.BooleanType)
          .add("viewer_is_new", DataTypes.BooleanType)
          .add("action", DataTypes.StringType)
          .add("impression_id", DataTypes.StringType)
          .add("dwell_ms", DataTypes.LongType)
          .add("author_id", DataTypes.StringType)
          .add("category", DataTypes.StringType)
          .add("note_type", DataTypes.StringType)
          .add("author_followers", DataTypes.LongType)
          .add("account_id", DataTypes.StringType);

  static final StructType LINES =
      new StructType()
          .add("table", DataTypes.StringType)
          .add("dt", DataTypes.StringType)
          .add("value", DataTypes.StringType);

  // 1704067200123 = 2024-01-01T00:00:00.123Z; 1704126600000 = 2024-01-01T16:30:00Z, which is
  // already 00:30 on 2024-01-02 at +08:00. Landing day 0 is start-date 2024-01-01, day 1 the next.
  private static Dataset<Row> records(SparkSession spark) {
    return rows(
        spark,
        RECORDS,
        row(
            "impressions",
            "clean",
            0,
            1L,
            3,
            2,
            "n1-e7",
            "n1",
            "u7",
            1704067200123L,
            "home_feed",
            false,
            true,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null),
        row(
            "impressions",
            "clean",
            0,
            2L,
            1,
            0,
            "n1-f0",
            "n1",
            "u8",
            1704126600000L,
            "follow_feed",
            true,
            false,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null),
        row(
            "interactions",
            "late",
            1,
            3L,
            3,
            2,
            "n1-e7-o",
            "n1",
            "u7",
            1704067200123L,
            "home_feed",
            false,
            true,
            "open",
            null,
            1500L,
            null,
            null,
            null,
            null,
            null),
        row(
            "interactions",
            "clean",
            0,
            4L,
            3,
            2,
            "n1-e7-l",
            "n1",
            "u7",
            1704067200123L,
            "home_feed",
            false,
            true,
            "like",
            "n1-e7",
            null,
            null,
            null,
            null,
            null,
            null),
        row(
            "notes",
            "clean",
            0,
            5L,
            0,
            null,
            null,
            "n1",
            null,
            1704067200123L,
            null,
            null,
            null,
            null,
            null,
            null,
            "a3",
            "food",
            "video",
            120L,
            null),
        row(
            "official_picks",
            "clean",
            1,
            6L,
            0,
            null,
            null,
            "n1",
            null,
            1704126600000L,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            "official_food"));
  }

  @Test
  void rendersEachTableAsJsonLinesWithTheOffset(SparkSession spark) {
    SimulateSettings s =
        SimulateFixtures.settings(
            "notepath.simulate.epoch-ms-share=0",
            "notepath.simulate.timestamp-offsets=[\"+08:00\"]");
    Dataset<Row> lines = Records.selectJsonLines(records(spark), s, new LandingCalendar(s));
    // Only explore impressions (kc 3) log rec_pool; null fields are left out.
    assertSameRows(
        rows(
            spark,
            LINES,
            row(
                "impressions",
                "2024-01-01",
                "{\"event_id\":\"n1-e7\",\"note_id\":\"n1\",\"viewer_id\":\"u7\",\"ts\":\"2024-01-01T08:00:00.123+08:00\","
                    + "\"surface\":\"home_feed\",\"viewer_is_follower\":false,\"viewer_is_new\":true,\"rec_pool\":2}"),
            row(
                "impressions",
                "2024-01-01",
                "{\"event_id\":\"n1-f0\",\"note_id\":\"n1\",\"viewer_id\":\"u8\",\"ts\":\"2024-01-02T00:30:00.000+08:00\","
                    + "\"surface\":\"follow_feed\",\"viewer_is_follower\":true,\"viewer_is_new\":false}"),
            row(
                "interactions",
                "2024-01-02",
                "{\"event_id\":\"n1-e7-o\",\"note_id\":\"n1\",\"user_id\":\"u7\",\"ts\":\"2024-01-01T08:00:00.123+08:00\","
                    + "\"action\":\"open\",\"dwell_ms\":1500}"),
            row(
                "interactions",
                "2024-01-01",
                "{\"event_id\":\"n1-e7-l\",\"note_id\":\"n1\",\"user_id\":\"u7\",\"ts\":\"2024-01-01T08:00:00.123+08:00\","
                    + "\"action\":\"like\",\"impression_id\":\"n1-e7\"}"),
            row(
                "notes",
                "2024-01-01",
                "{\"note_id\":\"n1\",\"author_id\":\"a3\",\"published_at\":\"2024-01-01T08:00:00.123+08:00\","
                    + "\"category\":\"food\",\"note_type\":\"video\",\"author_followers\":120}"),
            row(
                "official_picks",
                "2024-01-02",
                "{\"note_id\":\"n1\",\"account_id\":\"official_food\",\"picked_at\":\"2024-01-02T00:30:00.000+08:00\"}")),
        lines);
  }

  @Test
  void writesEpochMillisecondsAndUtc(SparkSession spark) {
    SimulateSettings epoch = SimulateFixtures.settings("notepath.simulate.epoch-ms-share=1");
    SimulateSettings utc =
        SimulateFixtures.settings(
            "notepath.simulate.epoch-ms-share=0", "notepath.simulate.timestamp-offsets=[\"Z\"]");
    Dataset<Row> notes = records(spark).filter("table = 'notes'");
    assertSameRows(
        rows(
            spark,
            LINES,
            row(
                "notes",
                "2024-01-01",
                "{\"note_id\":\"n1\",\"author_id\":\"a3\",\"published_at\":1704067200123,"
                    + "\"category\":\"food\",\"note_type\":\"video\",\"author_followers\":120}")),
        Records.selectJsonLines(notes, epoch, new LandingCalendar(epoch)));
    assertSameRows(
        rows(
            spark,
            LINES,
            row(
                "notes",
                "2024-01-01",
                "{\"note_id\":\"n1\",\"author_id\":\"a3\",\"published_at\":\"2024-01-01T00:00:00.123Z\","
                    + "\"category\":\"food\",\"note_type\":\"video\",\"author_followers\":120}")),
        Records.selectJsonLines(notes, utc, new LandingCalendar(utc)));
  }
}
