package io.notepath.paths;

import static io.notepath.paths.PathFixtures.ATTRIBUTED;
import static io.notepath.paths.PathFixtures.D1;
import static io.notepath.paths.PathFixtures.P;
import static io.notepath.paths.PathFixtures.interaction;
import static io.notepath.paths.PathFixtures.note;
import static io.notepath.paths.PathFixtures.notes;
import static io.notepath.paths.PathFixtures.plus;
import static io.notepath.paths.PathFixtures.t;
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
class SeedingTest {
  private static int seq = 0;

  private static Object[] act(String noteId, String ts, String action, String cls, boolean inPath) {
    Integer level = null;
    if (cls.equals("explore")) {
      level = 1;
    } else if (!cls.equals("unattributed")) {
      level = 0;
    }

    return plus(
        interaction("a" + (seq++), noteId, "u1", t(ts), action, null, D1),
        inPath, cls, level, null, null, null);
  }

  @Test
  void earlyFanInteractionsBeforeTheDeadline(SparkSession spark) {
    // n1 completed its cold-start pool at 03-01 10:00; n2 never did (deadline published + 24 h =
    // 03-02 00:00); n3 completed it after 24 h, at 03-02 06:00 (that deadline wins)
    Dataset<Row> notes = notes(spark, note("n1", P, 1L), note("n2", P, 1L), note("n3", P, 1L));
    StructType ladderSchema =
        new StructType()
            .add("note_id", DataTypes.StringType)
            .add("cold_start_completed_at", DataTypes.TimestampType);
    Dataset<Row> ladder =
        rows(
            spark,
            ladderSchema,
            row("n1", t("2024-03-01T10:00")),
            row("n2", null),
            row("n3", t("2024-03-02T06:00")));
    Dataset<Row> interactions =
        rows(
            spark,
            ATTRIBUTED,
            // n1: fan like, organic collect, unattributed comment before 10:00 -> 3
            act("n1", "2024-03-01T09:59:59", "like", "fan", true),
            act("n1", "2024-03-01T09:00", "collect", "organic", true),
            act("n1", "2024-03-01T08:00", "comment", "unattributed", true),
            // exactly at cold_start_completed_at: not strictly before
            act("n1", "2024-03-01T10:00", "like", "fan", true),
            // explore and official classes never count
            act("n1", "2024-03-01T09:00", "like", "explore", true),
            act("n1", "2024-03-01T09:00", "like", "official", true),
            // open and share are not interactions
            act("n1", "2024-03-01T09:00", "open", "fan", true),
            act("n1", "2024-03-01T09:00", "share", "fan", true),
            // not in the path
            act("n1", "2024-03-01T09:00", "like", "fan", false),
            // n2: 1 us before published + 24 h counts; exactly 24 h does not -> 1
            act("n2", "2024-03-01T23:59:59.999999", "like", "fan", true),
            act("n2", "2024-03-02T00:00", "like", "fan", true),
            // n3: after 24 h but before its completion at 06:00 -> 1
            act("n3", "2024-03-02T03:00", "like", "fan", true));

    StructType schema =
        new StructType()
            .add("note_id", DataTypes.StringType)
            .add("early_fan_interactions", DataTypes.LongType);
    Dataset<Row> expected = rows(spark, schema, row("n1", 3L), row("n2", 1L), row("n3", 1L));
    assertSameRows(expected, Seeding.aggregateEarlyFanInteractions(interactions, notes, ladder));
  }

  @Test
  void seededAtTheThreshold(SparkSession spark) {
    StructType schema =
        new StructType()
            .add("note_id", DataTypes.StringType)
            .add("early_fan_interactions", DataTypes.LongType);
    Dataset<Row> input =
        rows(spark, schema, row("n0", 0L), row("n2", 2L), row("n3", 3L), row("n4", 4L));
    // threshold 3: 2 is below, 3 reaches it
    Dataset<Row> expected =
        rows(
            spark,
            schema.add("is_seeded", DataTypes.BooleanType),
            row("n0", 0L, false),
            row("n2", 2L, false),
            row("n3", 3L, true),
            row("n4", 4L, true));
    assertSameRows(expected, Seeding.withIsSeeded(input, 3));
  }
}
