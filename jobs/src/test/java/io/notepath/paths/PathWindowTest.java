package io.notepath.paths;

import static io.notepath.paths.PathFixtures.D1;
import static io.notepath.paths.PathFixtures.D3;
import static io.notepath.paths.PathFixtures.P;
import static io.notepath.paths.PathFixtures.impression;
import static io.notepath.paths.PathFixtures.impressions;
import static io.notepath.paths.PathFixtures.note;
import static io.notepath.paths.PathFixtures.notes;
import static io.notepath.paths.PathFixtures.plus;
import static io.notepath.paths.PathFixtures.t;
import static io.notepath.testing.DatasetAssert.assertSameRows;
import static io.notepath.testing.DatasetAssert.rows;

import io.notepath.ingest.AcceptedSchemas;
import io.notepath.testing.SparkTest;
import java.time.Instant;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

@SparkTest
class PathWindowTest {
  private static final StructType WITH_PUBLISHED =
      AcceptedSchemas.IMPRESSIONS.add("published_at", DataTypes.TimestampType);

  private static Object[] imp(String id, String noteId, Instant ts) {
    return impression(id, noteId, "u1", ts, "home_feed", false, false, D1);
  }

  @Test
  void publishedAtComesFromTheNoteAndMissingNotesKeepTheirEvents(SparkSession spark) {
    Instant p2 = t("2024-03-02T08:00");
    Dataset<Row> notes = notes(spark, note("n1", P, 10L), note("n2", p2, null));
    Dataset<Row> input =
        impressions(
            spark,
            imp("e1", "n1", t("2024-03-01T10:00")),
            imp("e2", "n1", t("2024-03-01T11:00")),
            imp("e3", "n2", t("2024-03-02T09:00")),
            imp("e4", "nx", t("2024-03-02T09:00")));

    Dataset<Row> expected =
        rows(
            spark,
            WITH_PUBLISHED,
            plus(imp("e1", "n1", t("2024-03-01T10:00")), P),
            plus(imp("e2", "n1", t("2024-03-01T11:00")), P),
            plus(imp("e3", "n2", t("2024-03-02T09:00")), p2),
            // nx is not a note: the event is kept with a null published_at (left join)
            plus(imp("e4", "nx", t("2024-03-02T09:00")), (Object) null));
    assertSameRows(expected, PathWindow.withPublishedAt(input, notes));
  }

  @Test
  void windowIsInclusiveAtBothEnds(SparkSession spark) {
    // window = 2 days: [2024-03-01T00:00, 2024-03-03T00:00], both ends in
    Object[] atPublish = plus(imp("e1", "n1", P), P);
    Object[] atWindowEnd = plus(imp("e2", "n1", t("2024-03-03T00:00")), P);
    Object[] justAfter = plus(imp("e3", "n1", t("2024-03-03T00:00:00.000001")), P);
    Object[] before = plus(imp("e4", "n1", t("2024-02-29T23:59:59.999999")), P);
    Object[] noNote = plus(imp("e5", "nx", t("2024-03-01T10:00")), (Object) null);
    Dataset<Row> input =
        rows(spark, WITH_PUBLISHED, atPublish, atWindowEnd, justAfter, before, noNote);

    Dataset<Row> expected =
        rows(
            spark,
            WITH_PUBLISHED.add("in_path", DataTypes.BooleanType),
            plus(atPublish, true),
            plus(atWindowEnd, true),
            // one microsecond past published_at + 2 days
            plus(justAfter, false),
            // before publishing (ingest rejects these; the rule still holds)
            plus(before, false),
            // no published_at: never in a path, and never null
            plus(noNote, false));
    assertSameRows(expected, PathWindow.withInPath(input, 2));
  }

  @Test
  void windowIsElapsedDaysWhateverTheSessionZone(SparkSession spark) {
    // 2024-03-31 is a DST change in Europe/Berlin; the window is still 2 x 24 h of elapsed time.
    Instant published = t("2024-03-30T12:00");
    Dataset<Row> input =
        rows(
            spark,
            WITH_PUBLISHED,
            plus(imp("e1", "n1", t("2024-04-01T12:00")), published),
            plus(imp("e2", "n1", t("2024-04-01T12:00:00.000001")), published));
    String zone = spark.conf().get("spark.sql.session.timeZone");
    try {
      spark.conf().set("spark.sql.session.timeZone", "Europe/Berlin");
      Dataset<Row> actual = PathWindow.withInPath(input, 2).select("event_id", "in_path");
      Dataset<Row> expected =
          rows(
              spark,
              new StructType()
                  .add("event_id", DataTypes.StringType)
                  .add("in_path", DataTypes.BooleanType),
              new Object[] {"e1", true},
              new Object[] {"e2", false});
      assertSameRows(expected, actual);
    } finally {
      spark.conf().set("spark.sql.session.timeZone", zone);
    }
  }

  @Test
  void landingDateDoesNotMatter(SparkSession spark) {
    // in_path looks at ts only: an event landed a day after the window closed is still in it
    Object[] late =
        plus(impression("e1", "n1", "u1", t("2024-03-02T23:00"), "search", false, false, D3), P);
    Dataset<Row> actual = PathWindow.withInPath(rows(spark, WITH_PUBLISHED, late), 2);
    StructType expected = WITH_PUBLISHED.add("in_path", DataTypes.BooleanType);
    assertSameRows(rows(spark, expected, plus(late, true)), actual);
  }
}
