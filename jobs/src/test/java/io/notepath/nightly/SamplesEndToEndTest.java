package io.notepath.nightly;

import static io.notepath.testing.DatasetAssert.assertSameRows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.notepath.config.NotepathSettings;
import io.notepath.config.SettingsLoader;
import io.notepath.ingest.InputLayout;
import io.notepath.ingest.TableAccounting;
import io.notepath.testing.SparkTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly job over every landed date of data-samples/ with conf/local.conf, as
 * `bin/notepath run` does it.
 *
 * <p>The samples come from the simulator (data-samples/regenerate.sh with data-samples/simulate.conf,
 * which includes conf/local.conf: same ladder and window) plus a few hand-written edge cases, and
 * carry the simulator's ground truth in data-samples/_ground_truth/. So the duplicates and rejects
 * the job counts must equal the faults the simulator injected plus the edge cases, and the path of
 * every note must equal its true path. The rest — the accounting of every table and day and the
 * stage funnel of every cohort — is compared with the golden file
 * src/test/resources/golden/samples/summary.json. After a deliberate change of the samples or of
 * the rules, regenerate it with {@code GENERATE_GOLDEN=1 mvn test -Dtest=SamplesEndToEndTest} and
 * review the diff like code.
 *
 * <p>Under bin/test the nights are those of the one `bin/notepath run` it made for both suites
 * (NOTEPATH_SAMPLE_RUN): their accounting and rows written come from the run's manifests; run
 * alone, the test runs the nights itself.
 */
@SparkTest
class SamplesEndToEndTest {
  private static final Path REPO = Path.of(System.getProperty("notepath.repo.root", ".."));
  private static final Path SAMPLES = REPO.resolve("data-samples");
  private static final Path GOLDEN =
      REPO.resolve("jobs/src/test/resources/golden/samples/summary.json");

  /**
   * The hand-written edge cases (data-samples/edge-cases/), per table and reject reason, summed over
   * the four days 2026-11-01 … 11-04 that carry them. Impressions, per day: a truncated line,
   * binary garbage and 3,000-deep nested JSON (3 malformed), an unknown surface (1 bad_value), no
   * viewer_id (1 missing_field). Interactions, per day: an unknown action and a timestamp without
   * offset (2 bad_value).
   */
  private static final Map<String, Map<String, Long>> EDGE_CASES =
      Map.of(
          "impressions", Map.of("malformed", 4 * 3L, "bad_value", 4 * 1L, "missing_field", 4 * 1L),
          "interactions", Map.of("bad_value", 4 * 2L));

  /** The sample run bin/test made with bin/notepath for both suites; null: none. */
  private static final String SHARED_RUN = System.getenv("NOTEPATH_SAMPLE_RUN");

  @TempDir Path tmp;

  @Test
  void samplesGiveTheExpectedAccountingPathsAndFunnel(SparkSession spark) throws IOException {
    Path warehouse = SHARED_RUN == null ? tmp.resolve("warehouse") : Path.of(SHARED_RUN, "warehouse");
    NotepathSettings s =
        SettingsLoader.settings(REPO.resolve("conf/local.conf").toString(), List.of(
            "notepath.input.root=\"" + SAMPLES + "\"",
            "notepath.output.root=\"" + warehouse + "\""));
    List<LocalDate> dates = InputLayout.landedDates(spark, s, "impressions");
    // 3 publish days, the 2-day window of the last cohort, 2 days for late and next-day copies.
    assertThat(dates).extracting(LocalDate::toString)
        .containsExactly("2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05",
            "2026-11-06", "2026-11-07");

    List<NightlyJob.Outcome> nights = SHARED_RUN == null ? runEveryNight(spark, s, dates) : fromManifests(warehouse);
    assertThat(nights).extracting(NightlyJob.Outcome::runDate).isEqualTo(dates);
    Map<String, Object> summary = new LinkedHashMap<>();
    for (NightlyJob.Outcome outcome : nights) {
      LocalDate date = outcome.runDate();
      Map<String, Object> day = new LinkedHashMap<>();
      for (TableAccounting a : outcome.accounting()) {
        day.put(a.table(), List.of(a.input(), a.accepted(), a.duplicates(), a.rejected()));
      }

      // simulate.conf keeps notes and official picks free of rejects (regenerate.sh checks it).
      assertThat(accounting(outcome, "notes").rejected()).isZero();
      assertThat(accounting(outcome, "official_picks").rejected()).isZero();
      day.put("rows_written", outcome.outputRows());
      summary.put(date.toString(), day);
    }

    // (a) Duplicates and rejects by reason over all nights = the simulator's injected faults
    // ("late" is accepted, not a fault for the job) + the edge cases.
    Map<String, Map<String, Long>> expected = FaultCounts.injected(
        spark.read().json(SAMPLES.resolve("_ground_truth/ground_truth_faults").toString()));
    assertThat(expected.get("impressions")).as("every kind injected into impressions")
        .containsOnlyKeys("duplicate", "malformed", "unknown_note", "before_publish")
        .allSatisfy((kind, n) -> assertThat(n).as(kind).isPositive());
    EDGE_CASES.forEach((table, reasons) -> reasons.forEach(
        (reason, n) -> expected.get(table).merge(reason, n, Long::sum)));
    assertThat(FaultCounts.countedByTheJob(nights)).isEqualTo(expected);

    // (b) Every note's levels and counts = the ground truth.
    Dataset<Row> truth = spark.read().json(SAMPLES.resolve("_ground_truth/ground_truth").toString());
    Dataset<Row> paths = spark.read().parquet(s.outputRoot() + "/note_paths");
    assertThat(truth.count()).isEqualTo(300);
    assertSameRows(truth.selectExpr(typed(FaultCounts.LEVELS_AND_COUNTS)), paths.selectExpr(typed(FaultCounts.LEVELS_AND_COUNTS)));

    // (c) The notes data-samples/README.md names.
    Map<String, Integer> maxLevels = new LinkedHashMap<>();
    for (Row r : paths.filter("note_id IN ('n150', 'n183', 'n256', 'n263', 'n10', 'n12', 'n33')")
        .select("note_id", "max_level").orderBy("note_id").collectAsList()) {
      maxLevels.put(r.getString(0), r.getInt(1));
    }

    assertThat(maxLevels).containsExactly(Map.entry("n10", 2), Map.entry("n12", 2),
        Map.entry("n150", 4), Map.entry("n183", 3), Map.entry("n256", 3), Map.entry("n263", 3),
        Map.entry("n33", 2));

    List<String> funnel = new ArrayList<>();
    for (Row r : spark.read().parquet(s.outputRoot() + "/stage_funnel")
        .filter("category = 'all' AND note_type = 'all' AND author_tier = 'all'")
        .orderBy("publish_date").collectAsList()) {
      funnel.add(r.getAs("publish_date") + " notes=" + r.getAs("notes") + " distributed="
          + r.getAs("notes_distributed") + " explored=" + r.getAs("notes_explored")
          + " cold_start_completed=" + r.getAs("notes_cold_start_completed") + " promoted="
          + r.getAs("notes_promoted") + " level3=" + r.getAs("notes_level3") + " level4="
          + r.getAs("notes_level4") + " hot_feed=" + r.getAs("notes_hot_feed") + " official="
          + r.getAs("notes_official_pick") + " complete=" + r.getAs("is_complete"));
    }

    summary.put("stage_funnel_all", funnel);
    summary.put("cold_start_outcomes_rows",
        spark.read().parquet(s.outputRoot() + "/cold_start_outcomes").count());
    String actual =
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary) + "\n";
    if (System.getenv("GENERATE_GOLDEN") != null) {
      Files.writeString(GOLDEN, actual);
    }

    assertThat(actual).isEqualTo(Files.readString(GOLDEN));
  }

  private static List<NightlyJob.Outcome> runEveryNight(SparkSession spark, NotepathSettings s, List<LocalDate> dates) {
    NightlyJob job = new NightlyJob(spark, s, "test", "test");
    List<NightlyJob.Outcome> nights = new ArrayList<>();
    for (LocalDate date : dates) {
      nights.add(job.run(date, "run"));
    }

    return nights;
  }

  /**
   * The nights of a run made elsewhere, from its manifests (_runs/, one per night, in run order):
   * accounting and rows written as the run recorded them; the printed summary is not kept there.
   */
  private static List<NightlyJob.Outcome> fromManifests(Path warehouse) throws IOException {
    List<NightlyJob.Outcome> nights = new ArrayList<>();
    List<Path> manifests;
    try (var files = Files.list(warehouse.resolve("_runs"))) {
      manifests = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }

    for (Path f : manifests) {
      JsonNode m = new ObjectMapper().readTree(f.toFile());
      assertThat(m.get("status").asText()).as(f.toString()).isEqualTo("succeeded");
      List<TableAccounting> accounting = new ArrayList<>();
      for (JsonNode t : m.get("inputTables")) {
        Map<String, Long> byReason = new LinkedHashMap<>();
        t.get("rejected_by_reason").fields().forEachRemaining(e -> byReason.put(e.getKey(), e.getValue().asLong()));
        accounting.add(new TableAccounting(t.get("table").asText(), t.get("input").asLong(),
            t.get("accepted").asLong(), t.get("duplicates").asLong(), t.get("rejected").asLong(), byReason));
      }

      Map<String, Long> rows = new LinkedHashMap<>();
      m.get("outputRows").fields().forEachRemaining(e -> rows.put(e.getKey(), e.getValue().asLong()));
      nights.add(new NightlyJob.Outcome(LocalDate.parse(m.get("runDate").asText()), accounting, rows, f.toString(), null));
    }

    return nights;
  }

  /** note_id, max_level as int and the counts as long: JSON ground truth and Parquet alike. */
  private static String[] typed(String[] columns) {
    return Arrays.stream(columns)
        .map(c -> switch (c) {
          case "note_id" -> c;
          case "max_level" -> "cast(max_level as int) as max_level";
          default -> "cast(" + c + " as bigint) as " + c;
        })
        .toArray(String[]::new);
  }

  private static TableAccounting accounting(NightlyJob.Outcome outcome, String table) {
    return outcome.accounting().stream().filter(a -> a.table().equals(table)).findFirst().orElseThrow();
  }
}
