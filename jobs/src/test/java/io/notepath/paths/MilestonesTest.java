package io.notepath.paths;

import static io.notepath.paths.PathFixtures.CLASSIFIED;
import static io.notepath.paths.PathFixtures.D1;
import static io.notepath.paths.PathFixtures.D2;
import static io.notepath.paths.PathFixtures.D3;
import static io.notepath.paths.PathFixtures.P;
import static io.notepath.paths.PathFixtures.WINDOW_DAYS;
import static io.notepath.paths.PathFixtures.dateOf;
import static io.notepath.paths.PathFixtures.impression;
import static io.notepath.paths.PathFixtures.note;
import static io.notepath.paths.PathFixtures.notes;
import static io.notepath.paths.PathFixtures.plus;
import static io.notepath.paths.PathFixtures.t;
import static io.notepath.testing.DatasetAssert.assertSameRows;
import static io.notepath.testing.DatasetAssert.row;
import static io.notepath.testing.DatasetAssert.rows;

import io.notepath.ingest.AcceptedSchemas;
import io.notepath.testing.SparkTest;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

@SparkTest
class MilestonesTest {

  private static Object[] classified(
      String id, String noteId, String ts, String surface, boolean follower, LocalDate dt,
      String cls, boolean inPath, Integer level) {
    return plus(
        impression(id, noteId, "u-" + id, t(ts), surface, follower, false, dt),
        P,
        cls,
        inPath,
        level);
  }

  @Test
  void firstImpressionAndHotFeedByOrderingKey(SparkSession spark) {
    Dataset<Row> impressions =
        rows(
            spark,
            CLASSIFIED,
            // landed late (dt 03-02) with the earliest ts of n1: ranks after every 03-01 event
            classified("x0", "n1", "2024-03-01T01:00", "search", false, D2, "organic", true, 0),
            // x1 and x2 tie on dt and ts; x1 is first by event_id
            classified("x1", "n1", "2024-03-01T05:00", "follow_feed", true, D1, "fan", true, 0),
            classified("x2", "n1", "2024-03-01T05:00", "search", false, D1, "organic", true, 0),
            // first hot_feed impression is a fan's (any class counts)
            classified("x3", "n1", "2024-03-01T06:00", "hot_feed", true, D1, "fan", true, 0),
            classified("x4", "n1", "2024-03-01T07:00", "hot_feed", false, D1, "explore", true, 1),
            // late-landed hot_feed with an earlier ts: not first
            classified("x5", "n1", "2024-03-01T02:00", "hot_feed", false, D2, "explore", true, 1),
            // n2: an in-path impression but no hot_feed one
            classified("y1", "n2", "2024-03-01T03:00", "search", false, D1, "organic", true, 0),
            // n3: only impressions after its window -> no row
            classified(
                "z1", "n3", "2024-03-03T01:00", "hot_feed", false, D3, "explore", false, null));

    StructType schema =
        new StructType()
            .add("note_id", DataTypes.StringType)
            .add("first_impression_at", DataTypes.TimestampType)
            .add("hot_feed_at", DataTypes.TimestampType);
    Dataset<Row> expected =
        rows(
            spark,
            schema,
            // n1: first key (03-01, 05:00, x1) -> 05:00, not x0's 01:00;
            // first hot_feed key is x3's -> 06:00
            row("n1", t("2024-03-01T05:00"), t("2024-03-01T06:00")),
            row("n2", t("2024-03-01T03:00"), null));
    assertSameRows(expected, Milestones.aggregateImpressionMilestones(impressions));
  }

  @Test
  void officialPickIsTheEarliestInPath(SparkSession spark) {
    Instant p3 = t("2024-03-01T12:00");
    Dataset<Row> notes = notes(spark, note("n1", P, 1L), note("n2", P, 1L), note("n3", p3, 1L));
    Dataset<Row> picks =
        rows(
            spark,
            AcceptedSchemas.OFFICIAL_PICKS,
            pick("n1", "food-acc", "2024-03-02T10:00", D2),
            // earliest picked_at wins, whatever it landed with
            pick("n1", "life-acc", "2024-03-01T20:00", D3),
            // after n1's window (03-03 00:00): not in the path
            pick("n1", "fun-acc", "2024-03-03T05:00", D3),
            // n2: only a pick after its window -> no row
            pick("n2", "food-acc", "2024-03-03T00:00:00.000001", D3),
            // n3: exactly published_at + 2 days -> in (inclusive)
            pick("n3", "food-acc", "2024-03-03T12:00", D3));

    StructType schema =
        new StructType()
            .add("note_id", DataTypes.StringType)
            .add("official_pick_at", DataTypes.TimestampType);
    Dataset<Row> expected =
        rows(spark, schema, row("n1", t("2024-03-01T20:00")), row("n3", t("2024-03-03T12:00")));
    assertSameRows(
        expected, Milestones.aggregateOfficialPickMilestones(picks, notes, WINDOW_DAYS));
  }

  private static Object[] pick(String noteId, String account, String pickedAt, LocalDate dt) {
    return row(noteId, account, t(pickedAt), dateOf(t(pickedAt)), dt);
  }
}
