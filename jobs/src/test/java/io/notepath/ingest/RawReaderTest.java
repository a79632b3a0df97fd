package io.notepath.ingest;

import static io.notepath.ingest.Landing.ABSENT;
import static io.notepath.ingest.Landing.impression;
import static io.notepath.ingest.Landing.raw;
import static io.notepath.testing.DatasetAssert.assertSameRows;
import static io.notepath.testing.DatasetAssert.row;
import static io.notepath.testing.DatasetAssert.rows;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.notepath.config.NotepathSettings;
import io.notepath.testing.SparkTest;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SparkTest
class RawReaderTest {
  private static final LocalDate D = LocalDate.parse("2024-03-10");

  @Test
  void jsonTokensOfAnyKindArriveAsTheirText(SparkSession spark, @TempDir Path root) {
    // Spark's parser gives a string field a number or boolean as its text (integers exactly,
    // fractions re-printed) and a nested object or array as compact JSON.
    String line =
        impression(
            "e1",
            "n1",
            1710057600000L,
            "viewer_id",
            123,
            "viewer_is_follower",
            true,
            "rec_pool",
            2.5,
            "viewer_is_new",
            raw("{\"a\": [1, 2]}"),
            "surface",
            null);
    NotepathSettings s = new Landing(root).json("impressions", "2024-03-10", line).settings();

    Dataset<Row> actual = RawReader.read(spark, s, "impressions", List.of(D));

    assertSameRows(
        rows(
            spark,
            RawReader.schema("impressions"),
            row(
                line, D, "e1", "n1", "123", "1710057600000", null, "true", "{\"a\":[1,2]}", "2.5",
                false, false)),
        actual);
  }

  @Test
  void recordsThatAreNotOneJsonObjectAreMalformed(SparkSession spark, @TempDir Path root) {
    String truncated = "{\"event_id\":\"e1\",\"note_id\":\"n";
    String array = "[{\"event_id\":\"e1\"}]";
    String scalar = "42";
    String trailing = "{\"event_id\":\"e1\"} and more";
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    String deepField = "{\"event_id\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
    NotepathSettings s =
        new Landing(root)
            .json("impressions", "2024-03-10", truncated, array, scalar, trailing, deep, deepField)
            .settings();

    Dataset<Row> actual =
        RawReader.read(spark, s, "impressions", List.of(D))
            .select(col("event_id"), col("is_too_large"), col("is_malformed"));

    // Each of the six lines is flagged. Jackson fails on five of them (no field survives); on the
    // trailing-garbage line from_json stops after the object, so event_id survives, but the line
    // does not end with '}'.
    StructType schema =
        new StructType()
            .add("event_id", DataTypes.StringType)
            .add("is_too_large", DataTypes.BooleanType)
            .add("is_malformed", DataTypes.BooleanType);
    Object[] malformed = row(null, false, true);
    assertSameRows(
        rows(
            spark,
            schema,
            malformed,
            malformed,
            malformed,
            row("e1", false, true),
            malformed,
            malformed),
        actual);
  }

  @Test
  void oversizedRecordsAreNotParsed(SparkSession spark, @TempDir Path root) {
    String big = impression("e1", "n1", "2024-03-10T08:00:00Z", "viewer_id", "v".repeat(200_000));
    String small = impression("e2", "n1", "2024-03-10T08:00:00Z");
    NotepathSettings s = new Landing(root).json("impressions", "2024-03-10", big, small).settings();

    Dataset<Row> actual =
        RawReader.read(spark, s, "impressions", List.of(D))
            .select(col("event_id"), col("is_too_large"), col("is_malformed"));

    // 200 KB > 65536 bytes: the record keeps no fields and is not judged for form.
    StructType schema =
        new StructType()
            .add("event_id", DataTypes.StringType)
            .add("is_too_large", DataTypes.BooleanType)
            .add("is_malformed", DataTypes.BooleanType);
    assertSameRows(rows(spark, schema, row(null, true, null), row("e2", false, false)), actual);
  }

  @Test
  void blankLinesAreNotRecords(SparkSession spark, @TempDir Path root) {
    NotepathSettings s =
        new Landing(root)
            .json("impressions", "2024-03-10", "{}", "", "   ", "\t", "{}")
            .settings();

    // Two "{}" lines; the empty, blank and tab-only lines are skipped by reading and counting.
    assertThat(RawReader.read(spark, s, "impressions", List.of(D)).count()).isEqualTo(2);
    assertThat(RawReader.countRecords(spark, s, "impressions", D)).isEqualTo(2);
  }

  @Test
  void gzipFilesAreReadTransparently(SparkSession spark, @TempDir Path root) {
    String e1 = impression("e1", "n1", "2024-03-10T08:00:00Z");
    String e2 = impression("e2", "n1", "2024-03-10T09:00:00Z");
    NotepathSettings s =
        new Landing(root)
            .gzip("impressions", "2024-03-10", e1, e2)
            .json("impressions", "2024-03-09", e1)
            .settings();

    Dataset<Row> actual =
        RawReader.read(spark, s, "impressions", List.of(D.minusDays(1), D))
            .select(col("record"), col("dt"), col("event_id"));

    StructType schema =
        new StructType()
            .add("record", DataTypes.StringType)
            .add("dt", DataTypes.DateType)
            .add("event_id", DataTypes.StringType);
    assertSameRows(
        rows(spark, schema, row(e1, D.minusDays(1), "e1"), row(e1, D, "e1"), row(e2, D, "e2")),
        actual);
    assertThat(RawReader.countRecords(spark, s, "impressions", D)).isEqualTo(2);
  }

  @Test
  void parquetColumnsBecomeContractStrings(SparkSession spark, @TempDir Path root) {
    Landing landing = new Landing(root);
    // No viewer_is_new column; an extra client column; typed ts, boolean and int.
    StructType fileSchema =
        new StructType()
            .add("event_id", DataTypes.StringType)
            .add("note_id", DataTypes.StringType)
            .add("viewer_id", DataTypes.StringType)
            .add("ts", DataTypes.TimestampType)
            .add("surface", DataTypes.StringType)
            .add("viewer_is_follower", DataTypes.BooleanType)
            .add("rec_pool", DataTypes.IntegerType)
            .add("client", DataTypes.StringType);
    Timestamp ts = Timestamp.from(Instant.parse("2024-03-10T08:00:00.25Z"));
    spark
        .createDataFrame(
            List.of(RowFactory.create("e1", "n1", "v1", ts, "search", true, 2, "ios")), fileSchema)
        .coalesce(1)
        .write()
        .mode("overwrite")
        .parquet(landing.partition("impressions", "2024-03-10").toString() + "/");
    NotepathSettings s = landing.settings("notepath.input.tables.impressions.format=parquet");

    Dataset<Row> actual = RawReader.read(spark, s, "impressions", List.of(D));

    String record =
        "{\"event_id\":\"e1\",\"note_id\":\"n1\",\"viewer_id\":\"v1\","
            + "\"ts\":\"2024-03-10T08:00:00.250Z\",\"surface\":\"search\","
            + "\"viewer_is_follower\":true,\"rec_pool\":2,\"client\":\"ios\"}";
    assertSameRows(
        rows(
            spark,
            RawReader.schema("impressions"),
            row(
                record, D, "e1", "n1", "v1", "2024-03-10T08:00:00.250000Z", "search", "true", null,
                "2", false, false)),
        actual);
    assertThat(RawReader.countRecords(spark, s, "impressions", D)).isEqualTo(1);
  }

  @Test
  void partitionsWithOnlySuccessGiveNoRows(SparkSession spark, @TempDir Path root) {
    NotepathSettings s =
        new Landing(root)
            .empty("impressions", "2024-03-10")
            .empty("notes", "2024-03-10")
            .settings("notepath.input.tables.notes.format=parquet");

    Dataset<Row> json = RawReader.read(spark, s, "impressions", List.of(D));
    Dataset<Row> parquet = RawReader.read(spark, s, "notes", List.of(D));

    assertSameRows(rows(spark, RawReader.schema("impressions")), json);
    assertSameRows(rows(spark, RawReader.schema("notes")), parquet);
    assertThat(RawReader.countRecords(spark, s, "impressions", D)).isZero();
    assertThat(RawReader.countRecords(spark, s, "notes", D)).isZero();
  }

  @Test
  void absentFieldsAreNull(SparkSession spark, @TempDir Path root) {
    String line = impression("e1", "n1", "2024-03-10T08:00:00Z", "viewer_id", ABSENT);
    NotepathSettings s = new Landing(root).json("impressions", "2024-03-10", line).settings();

    Row row = RawReader.read(spark, s, "impressions", List.of(D)).select("viewer_id").first();

    assertThat(row.isNullAt(0)).isTrue();
  }
}
