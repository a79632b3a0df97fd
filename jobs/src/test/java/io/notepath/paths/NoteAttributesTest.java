package io.notepath.paths;

import static io.notepath.paths.PathFixtures.t;
import static io.notepath.testing.DatasetAssert.assertSameRows;
import static io.notepath.testing.DatasetAssert.row;
import static io.notepath.testing.DatasetAssert.rows;

import io.notepath.config.SettingsLoader;
import io.notepath.testing.SparkTest;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

@SparkTest
class NoteAttributesTest {

  @Test
  void authorTierIsTheGreatestMinAtOrBelowFollowers(SparkSession spark) {
    // default tiers: <100 (0), 100-999 (100), 1k-9.9k (1000), 10k-99k (10000), 100k+ (100000)
    StructType schema =
        new StructType()
            .add("note_id", DataTypes.StringType)
            .add("author_followers", DataTypes.LongType);
    Dataset<Row> notes =
        rows(
            spark,
            schema,
            row("a", null),
            row("b", 0L),
            row("c", 99L),
            row("d", 100L),
            row("e", 999L),
            row("f", 1000L),
            row("g", 99_999L),
            row("h", 100_000L),
            row("i", 5_000_000L));
    Dataset<Row> expected =
        rows(
            spark,
            schema.add("author_tier", DataTypes.StringType),
            row("a", null, "unknown"), // missing followers
            row("b", 0L, "<100"),
            row("c", 99L, "<100"),
            row("d", 100L, "100-999"), // each min is inclusive
            row("e", 999L, "100-999"),
            row("f", 1000L, "1k-9.9k"),
            row("g", 99_999L, "10k-99k"),
            row("h", 100_000L, "100k+"),
            row("i", 5_000_000L, "100k+"));
    List<io.notepath.config.NotepathSettings.AuthorTier> tiers =
        SettingsLoader.settings(null, List.of()).authorTiers();
    assertSameRows(expected, NoteAttributes.withAuthorTier(notes, tiers));
  }

  @Test
  void completeOnceTheWindowClosesBeforeTheEndOfTheRunDate(SparkSession spark) {
    // window 2 days, run date 2024-03-03 in UTC: end of run date = 2024-03-04T00:00Z
    StructType schema =
        new StructType()
            .add("note_id", DataTypes.StringType)
            .add("published_at", DataTypes.TimestampType);
    Dataset<Row> notes =
        rows(
            spark,
            schema,
            row("closed", t("2024-03-01T23:59:59.999999")),
            row("open", t("2024-03-02T00:00")));
    Dataset<Row> expected =
        rows(
            spark,
            schema.add("is_complete", DataTypes.BooleanType),
            // window ends 03-03T23:59:59.999999 < 03-04T00:00
            row("closed", t("2024-03-01T23:59:59.999999"), true),
            // window ends exactly 03-04T00:00: not strictly before
            row("open", t("2024-03-02T00:00"), false));
    assertSameRows(
        expected,
        NoteAttributes.withIsComplete(notes, 2, 0, LocalDate.of(2024, 3, 3), ZoneId.of("UTC")));
  }

  @Test
  void completeOnlyOnceTheLatenessBoundHasPassedToo(SparkSession spark) {
    // window 2 days + max-late-days 3: final once published_at + 5 days < end of 2024-03-03
    StructType schema =
        new StructType()
            .add("note_id", DataTypes.StringType)
            .add("published_at", DataTypes.TimestampType);
    Dataset<Row> notes =
        rows(
            spark,
            schema,
            row("final", t("2024-02-27T23:59:59.999999")),
            row("late events may still land", t("2024-02-28T00:00")),
            row("window closed, not final", t("2024-03-01T00:00")));
    Dataset<Row> expected =
        rows(
            spark,
            schema.add("is_complete", DataTypes.BooleanType),
            row("final", t("2024-02-27T23:59:59.999999"), true),
            row("late events may still land", t("2024-02-28T00:00"), false),
            row("window closed, not final", t("2024-03-01T00:00"), false));
    assertSameRows(
        expected,
        NoteAttributes.withIsComplete(notes, 2, 3, LocalDate.of(2024, 3, 3), ZoneId.of("UTC")));
  }

  @Test
  void endOfRunDateIsInTheConfiguredZone(SparkSession spark) {
    // Asia/Shanghai (UTC+8): end of 2024-03-03 = 2024-03-04T00:00+08 = 2024-03-03T16:00Z
    StructType schema =
        new StructType()
            .add("note_id", DataTypes.StringType)
            .add("published_at", DataTypes.TimestampType);
    Dataset<Row> notes =
        rows(
            spark,
            schema,
            row("closed", t("2024-03-01T15:59:59")),
            row("open", t("2024-03-01T16:00")));
    Dataset<Row> expected =
        rows(
            spark,
            schema.add("is_complete", DataTypes.BooleanType),
            // + 2 days = 03-03T15:59:59Z < 16:00Z
            row("closed", t("2024-03-01T15:59:59"), true),
            // + 2 days = 03-03T16:00Z, not before
            row("open", t("2024-03-01T16:00"), false));
    assertSameRows(
        expected,
        NoteAttributes.withIsComplete(
            notes, 2, 0, LocalDate.of(2024, 3, 3), ZoneId.of("Asia/Shanghai")));
  }
}
