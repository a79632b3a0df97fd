package io.notepath.ingest;

import io.notepath.ingest.Ingest.JudgedTable;
import static io.notepath.ingest.Landing.impression;
import static io.notepath.ingest.Landing.note;
import static io.notepath.testing.DatasetAssert.assertSameRows;
import static io.notepath.testing.DatasetAssert.row;
import static io.notepath.testing.DatasetAssert.rows;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.max;
import static org.assertj.core.api.Assertions.assertThat;

import io.notepath.config.NotepathSettings;
import io.notepath.testing.SparkTest;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run of date D = 2024-03-10 reads, judges and accounts for. Time zone UTC. */
@SparkTest
class IngestTest {
  private static final LocalDate D = LocalDate.parse("2024-03-10");
  private static final String DAY = "2024-03-10";
  private static final String TS = "2024-03-10T08:00:00Z";

  @Test
  void judgeAllReadsTheHistoryARunNeeds(SparkSession spark, @TempDir Path root) {
    // window-days 2 + max-late-days 1 + future skew 1 = path scope 4, plus the open
    // interactions' 2 days (max-late-days 1 + future skew 1): event partitions dt in
    // [03-04, 03-10] are kept, 03-03 read only as the lookback of 03-04; notes every dt <= D.
    NotepathSettings s =
        new Landing(root)
            .json("notes", "2024-01-01", note("n1", "2024-01-01T00:00:00Z"))
            .json("notes", "2024-03-11", note("n2", "2024-03-11T00:00:00Z"))
            .json("impressions", "2024-03-04", impression("e04", "n1", "2024-03-04T08:00:00Z"))
            .json("impressions", "2024-03-05", impression("e05", "n1", "2024-03-05T08:00:00Z"))
            .json(
                "impressions",
                "2024-03-06",
                impression("e05", "n1", "2024-03-05T08:00:00Z"),
                impression("e06", "n1", "2024-03-06T08:00:00Z"))
            .unfinished(
                "impressions", "2024-03-09", impression("e09", "n1", "2024-03-09T08:00:00Z"))
            .json("impressions", DAY, impression("e10", "n1", TS))
            .json("impressions", "2024-03-11", impression("e11", "n1", "2024-03-11T08:00:00Z"))
            .settings("notepath.stages.window-days=2", "notepath.input.max-late-days=1");

    Map<String, JudgedTable> judged = Ingest.judgeAll(spark, s, D);

    assertThat(judged.keySet())
        .containsExactly("notes", "impressions", "interactions", "official_picks");
    assertThat(judged.values())
        .extracting(JudgedTable::table)
        .containsExactlyElementsOf(judged.keySet());
    assertSameRows(
        rows(
            spark,
            Verdicts.schema("note_id"),
            row(LocalDate.parse("2024-01-01"), "n1", "accepted", null, null)),
        Verdicts.of(judged.get("notes"), "note_id"));
    // 03-09 has no _SUCCESS; 03-11 is after D.
    assertSameRows(
        rows(
            spark,
            Verdicts.schema("event_id"),
            row(LocalDate.parse("2024-03-04"), "e04", "accepted", null, null),
            row(LocalDate.parse("2024-03-05"), "e05", "accepted", null, null),
            row(LocalDate.parse("2024-03-06"), "e05", "duplicate", null, null),
            row(LocalDate.parse("2024-03-06"), "e06", "accepted", null, null),
            row(D, "e10", "accepted", null, null)),
        Verdicts.of(judged.get("impressions"), "event_id"));
  }

  @Test
  void accountingBalancesWithExactNumbers(SparkSession spark, @TempDir Path root) {
    NotepathSettings s =
        new Landing(root)
            .json("notes", "2024-03-09", note("n1", "2024-03-09T00:00:00Z"))
            .json("impressions", "2024-03-09", impression("e1", "n1", "2024-03-09T10:00:00Z"))
            .json(
                "impressions",
                DAY,
                impression("e1", "n1", "2024-03-09T10:00:00Z"), // duplicate of 03-09 (lookback)
                impression("e2", "n1", TS), // accepted
                impression("e2", "n1", TS), // duplicate within the day
                impression("e3", "n1", TS), // accepted
                impression("e4", "n9", TS), // unknown_note
                impression("e5", "n1", TS, "surface", "x"), // bad_value
                "{\"event_id\":\"e6\",\"note_id\":\"n", // malformed
                "{}", // missing_field
                "") // blank: not a record
            .settings();
    JudgedTable impressions = Ingest.judgeAll(spark, s, D).get("impressions");

    TableAccounting day = Ingest.account(spark, s, impressions, D);
    TableAccounting dayBefore = Ingest.account(spark, s, impressions, D.minusDays(1));

    // 8 records: 2 accepted (e2, e3) + 2 duplicates (e1, second e2) + 4 rejected, one per reason.
    assertThat(day)
        .isEqualTo(
            new TableAccounting(
                "impressions",
                8,
                2,
                2,
                4,
                Map.of("unknown_note", 1L, "bad_value", 1L, "malformed", 1L, "missing_field", 1L)));
    assertThat(day.balanced()).isTrue();
    assertThat(day.rejectRatio()).isEqualTo(0.5);
    assertThat(dayBefore).isEqualTo(new TableAccounting("impressions", 1, 1, 0, 0, Map.of()));
    // Rejects of D only, records cut to 16 characters.
    assertSameRows(
        rows(
            spark,
            AcceptedSchemas.REJECTS,
            row("{\"event_id\":\"e4\"", "unknown_note", "note_id", D, "impressions"),
            row("{\"event_id\":\"e5\"", "bad_value", "surface", D, "impressions"),
            row("{\"event_id\":\"e6\"", "malformed", null, D, "impressions"),
            row("{}", "missing_field", "event_id", D, "impressions")),
        impressions.rejects(D, 16));
  }

  @Test
  void hostileLinesAreRejectedAndCounted(SparkSession spark, @TempDir Path root) {
    byte[] garbage = {
      (byte) 0xff, (byte) 0xfe, 0x00, 0x01, (byte) 0x80, (byte) 0xc3, 0x28, '{', '"', '\n'
    };
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    String huge = impression("e-huge", "n1", TS, "viewer_id", "v".repeat(200 * 1024));
    NotepathSettings s =
        new Landing(root)
            .json("notes", DAY, note("n1", "2024-03-10T00:00:00Z"))
            .json("impressions", DAY, impression("e1", "n1", TS), deep, huge)
            .rawFile("impressions", DAY, "part-00001.bin", garbage)
            .settings();
    JudgedTable impressions = Ingest.judgeAll(spark, s, D).get("impressions");

    TableAccounting accounting = Ingest.account(spark, s, impressions, D);

    // 4 records: e1 accepted; the garbage and the 10,000-deep arrays malformed; 200 KB > 64 KB.
    assertThat(accounting)
        .isEqualTo(
            new TableAccounting(
                "impressions", 4, 1, 0, 3, Map.of("malformed", 2L, "record_too_large", 1L)));
    assertThat(accounting.balanced()).isTrue();
    // _rejects keeps at most reject-record-max-chars (2000) characters of each record.
    Row longest =
        impressions.rejects(D, s.rejectRecordMaxChars()).agg(max(length(col("record")))).first();
    assertThat(longest.getInt(0)).isEqualTo(2000);
  }

  @Test
  void gzipInputIsJudgedLikePlainJson(SparkSession spark, @TempDir Path root) {
    NotepathSettings s =
        new Landing(root)
            .gzip("notes", DAY, note("n1", "2024-03-10T00:00:00Z"))
            .gzip("impressions", DAY, impression("e1", "n1", TS), impression("e2", "n1", "later"))
            .settings();
    JudgedTable impressions = Ingest.judgeAll(spark, s, D).get("impressions");

    Timestamp ts = Timestamp.from(Instant.parse(TS));
    assertSameRows(
        rows(
            spark,
            AcceptedSchemas.IMPRESSIONS,
            row("e1", "n1", "v1", ts, "home_feed", false, false, null, D, D)),
        impressions.accepted());
    assertThat(Ingest.account(spark, s, impressions, D))
        .isEqualTo(new TableAccounting("impressions", 2, 1, 0, 1, Map.of("bad_value", 1L)));
  }

  @Test
  void parquetInputIsJudgedWithItsOwnSchema(SparkSession spark, @TempDir Path root) {
    Landing landing = new Landing(root);
    // Notes: typed published_at, no note_type column. Impressions: ts as epoch-ms long.
    StructType notesFile =
        new StructType()
            .add("note_id", DataTypes.StringType)
            .add("author_id", DataTypes.StringType)
            .add("published_at", DataTypes.TimestampType)
            .add("category", DataTypes.StringType)
            .add("author_followers", DataTypes.LongType);
    Timestamp midnight = Timestamp.from(Instant.parse("2024-03-10T00:00:00Z"));
    writeParquet(
        spark, landing, "notes", notesFile, RowFactory.create("n1", "a1", midnight, "food", 1200L));
    StructType impressionsFile =
        new StructType()
            .add("event_id", DataTypes.StringType)
            .add("note_id", DataTypes.StringType)
            .add("viewer_id", DataTypes.StringType)
            .add("ts", DataTypes.LongType)
            .add("surface", DataTypes.StringType)
            .add("viewer_is_follower", DataTypes.BooleanType)
            .add("viewer_is_new", DataTypes.BooleanType);
    writeParquet(
        spark,
        landing,
        "impressions",
        impressionsFile,
        RowFactory.create("e1", "n1", "v1", 1_710_057_600_000L, "hot_feed", true, null),
        RowFactory.create("e2", "n1", "v2", 1_710_057_600_000L, "bogus", false, true));
    NotepathSettings s =
        landing.settings(
            "notepath.input.tables.notes.format=parquet",
            "notepath.input.tables.impressions.format=parquet");
    Map<String, JudgedTable> judged = Ingest.judgeAll(spark, s, D);

    assertSameRows(
        rows(spark, AcceptedSchemas.NOTES, row("n1", "a1", midnight, "food", "image", 1200L, D, D)),
        judged.get("notes").accepted());
    // 1710057600000 ms = 2024-03-10T08:00:00Z; viewer_is_new null in the file defaults to false.
    assertSameRows(
        rows(
            spark,
            AcceptedSchemas.IMPRESSIONS,
            row("e1", "n1", "v1", ts(TS), "hot_feed", true, false, null, D, D)),
        judged.get("impressions").accepted());
    assertThat(Ingest.account(spark, s, judged.get("impressions"), D))
        .isEqualTo(new TableAccounting("impressions", 2, 1, 0, 1, Map.of("bad_value", 1L)));
  }

  @Test
  void emptyDayPartitionsGiveEmptyBalancedTables(SparkSession spark, @TempDir Path root) {
    Landing landing = new Landing(root);
    NotepathSettings.TABLE_NAMES.forEach(t -> landing.empty(t, DAY));
    NotepathSettings s = landing.settings("notepath.input.tables.interactions.format=parquet");

    Map<String, JudgedTable> judged = Ingest.judgeAll(spark, s, D);

    for (JudgedTable table : judged.values()) {
      assertSameRows(rows(spark, JudgedTable.acceptedSchema(table.table())), table.accepted());
      assertSameRows(rows(spark, AcceptedSchemas.REJECTS), table.rejects(D, 100));
      TableAccounting accounting = Ingest.account(spark, s, table, D);
      assertThat(accounting).isEqualTo(new TableAccounting(table.table(), 0, 0, 0, 0, Map.of()));
      assertThat(accounting.balanced()).isTrue();
      assertThat(accounting.rejectRatio()).isZero();
    }
  }

  @Test
  void projectionsHaveTheContractSchemas(SparkSession spark, @TempDir Path root) {
    NotepathSettings s = new Landing(root).settings();

    Map<String, JudgedTable> judged = Ingest.judgeAll(spark, s, D);

    for (JudgedTable table : judged.values()) {
      assertThat(describe(table.accepted().schema()))
          .containsExactlyElementsOf(describe(JudgedTable.acceptedSchema(table.table())));
      assertThat(describe(table.rejects(D, 10).schema()))
          .containsExactlyElementsOf(describe(AcceptedSchemas.REJECTS));
    }
  }

  private static Timestamp ts(String iso) {
    return Timestamp.from(Instant.parse(iso));
  }

  private static List<String> describe(StructType schema) {
    return java.util.Arrays.stream(schema.fields())
        .map((StructField f) -> f.name() + ":" + f.dataType().simpleString())
        .toList();
  }

  private static void writeParquet(
      SparkSession spark, Landing landing, String table, StructType schema, Row... rows) {
    spark
        .createDataFrame(List.of(rows), schema)
        .coalesce(1)
        .write()
        .mode("overwrite")
        .parquet(landing.partition(table, DAY).toString());
  }
}
