package io.notepath.simulate;

import static io.notepath.simulate.SimulateFixtures.lines;
import static io.notepath.simulate.SimulateFixtures.parsed;
import static io.notepath.simulate.SimulateFixtures.settings;
import static io.notepath.testing.DatasetAssert.assertSameRows;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.min;
import static org.assertj.core.api.Assertions.assertThat;

import io.notepath.testing.SparkTest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The small platform simulated twice with the same seed, once clean and once with every fault at 3
 * %: the faults reported (summary and _ground_truth/ground_truth_faults) are exactly what a reader
 * finds in the written files, and the ground truth does not move.
 */
@SparkTest
class SimulateFaultsTest {
  @TempDir static Path dir;

  static SimulateSummary clean;
  static SimulateSummary faulty;
  static String cleanRoot;
  static String root;

  @BeforeAll
  static void simulate(SparkSession spark) {
    cleanRoot = dir.resolve("clean").toString();
    root = dir.resolve("faulty").toString();
    clean = SimulateJob.run(spark, settings(), cleanRoot);
    faulty =
        SimulateJob.run(
            spark,
            settings(
                "notepath.simulate.faults.duplicate=0.03",
                "notepath.simulate.faults.late=0.03",
                "notepath.simulate.faults.malformed=0.03",
                "notepath.simulate.faults.unknown-note=0.03",
                "notepath.simulate.faults.before-publish=0.03"),
            root);
  }

  @Test
  void groundTruthIsTheCleanRunsWhateverTheFaults(SparkSession spark) {
    assertSameRows(
        spark.read().parquet(cleanRoot + "/_ground_truth/ground_truth"),
        spark.read().parquet(root + "/_ground_truth/ground_truth"));
    assertThat(faulty.cleanRows()).isEqualTo(clean.cleanRows());
  }

  @Test
  void reportedFaultsAreWhatTheFilesHold(SparkSession spark) {
    Dataset<Row> notes =
        parsed(spark, root, "notes", "published_at", "note_id")
            .select(col("note_id").as("known_note"), col("published_at"));
    Map<String, Map<String, Long>> found = new HashMap<>();
    found.put(
        "notes",
        Map.of(
            "malformed",
            malformed(spark, "notes"),
            "duplicate",
            0L,
            "late",
            0L,
            "unknown_note",
            0L,
            "before_publish",
            0L));
    found.put(
        "impressions",
        faults(spark, "impressions", "ts", notes, col("event_id"), "event_id", "note_id"));
    found.put(
        "interactions",
        faults(spark, "interactions", "ts", notes, col("event_id"), "event_id", "note_id"));
    found.put(
        "official_picks",
        faults(
            spark,
            "official_picks",
            "picked_at",
            notes,
            concat_ws("|", col("note_id"), col("account_id"), col("picked_at")),
            "note_id",
            "account_id"));

    assertThat(found).isEqualTo(faulty.faultsInjected());
    Map<String, Map<String, Long>> table = new HashMap<>();
    for (Row r :
        spark.read().parquet(root + "/_ground_truth/ground_truth_faults").collectAsList()) {
      table.computeIfAbsent(r.getString(0), k -> new HashMap<>()).put(r.getString(1), r.getLong(2));
    }

    assertThat(table).isEqualTo(faulty.faultsInjected());
    // 3 % of a few thousand rows: every kind happened in both event tables.
    for (String t : List.of("impressions", "interactions")) {
      assertThat(faulty.faultsInjected().get(t).values())
          .as(t)
          .allSatisfy(n -> assertThat(n).isPositive());
    }
  }

  @Test
  void cleanRecordsSurviveAmongTheFaults(SparkSession spark) {
    // Distinct events for known notes, not dated before publish: the clean run's rows.
    Dataset<Row> notes = parsed(spark, root, "notes", "published_at", "note_id");
    assertThat(notes.select("note_id").distinct().count())
        .isEqualTo(clean.cleanRows().get("notes"));
    for (String table : List.of("impressions", "interactions")) {
      Dataset<Row> events =
          valid(
              parsed(spark, root, table, "ts", "event_id", "note_id"),
              notes.select(col("note_id").as("known_note"), col("published_at")),
              "ts");
      assertThat(events.select("event_id").distinct().count())
          .as(table)
          .isEqualTo(clean.cleanRows().get(table));
    }

    for (String table : LandingWriter.TABLES) {
      assertThat(lines(spark, root, table).count())
          .as(table)
          .isEqualTo(faulty.rowsWritten().get(table));
    }
  }

  private static long malformed(SparkSession spark, String table) {
    return lines(spark, root, table).filter(col("is_object").equalTo(false)).count();
  }

  /**
   * Faults found in one event table: malformed lines don't parse; unknown_note lines name a note
   * not in notes; before_publish lines are dated before their note; duplicates are extra copies of
   * a key among the rest; late records are those whose first copy landed after their own date.
   */
  private static Map<String, Long> faults(
      SparkSession spark,
      String table,
      String tsField,
      Dataset<Row> notes,
      Column key,
      String... fields) {
    Dataset<Row> all =
        parsed(spark, root, table, tsField, fields)
            .join(notes, col("note_id").equalTo(col("known_note")), "left");
    long unknown = all.filter(col("known_note").isNull()).count();
    long before =
        all.filter(col("known_note").isNotNull().and(col(tsField).lt(col("published_at")))).count();
    Dataset<Row> kept =
        valid(all.drop("known_note", "published_at"), notes, tsField).withColumn("key", key);
    long copies = kept.count();
    Dataset<Row> perKey =
        kept.groupBy("key")
            .agg(
                count("*").as("n"),
                min("dt").as("first_dt"),
                min(date_format(col(tsField), "yyyy-MM-dd")).as("own_date"));
    long keys = perKey.count();
    long late = perKey.filter(col("first_dt").gt(col("own_date"))).count();
    return Map.of(
        "malformed", malformed(spark, table),
        "unknown_note", unknown,
        "before_publish", before,
        "duplicate", copies - keys,
        "late", late);
  }

  private static Dataset<Row> valid(Dataset<Row> parsed, Dataset<Row> notes, String tsField) {
    return parsed
        .join(notes, col("note_id").equalTo(col("known_note")))
        .filter(col(tsField).geq(col("published_at")))
        .drop("known_note", "published_at");
  }
}
