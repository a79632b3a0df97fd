package io.notepath.nightly;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly job over every landed date of data-samples/ with conf/local.conf, as
 * `bin/notepath run` does it.
 *
 * <p>Some expectations hold by construction of the samples (data-samples/generate.py): the bad
 * lines it plants per day and the notes it drives to each level. The rest — the accounting of
 * every table and day and the stage funnel of every cohort — is compared with the golden file
 * src/test/resources/golden/samples/summary.json. After a deliberate change of the samples or of
 * the rules, regenerate it with {@code GENERATE_GOLDEN=1 mvn test -Dtest=SamplesEndToEndTest} and
 * review the diff like code.
 */
@SparkTest
class SamplesEndToEndTest {
  private static final Path REPO = Path.of(System.getProperty("notepath.repo.root", ".."));
  private static final Path GOLDEN =
      REPO.resolve("jobs/src/test/resources/golden/samples/summary.json");

  @TempDir Path tmp;

  @Test
  void samplesGiveTheExpectedAccountingPathsAndFunnel(SparkSession spark) throws IOException {
    NotepathSettings s =
        SettingsLoader.settings(REPO.resolve("conf/local.conf").toString(), List.of(
            "notepath.input.root=\"" + REPO.resolve("data-samples") + "\"",
            "notepath.output.root=\"" + tmp.resolve("warehouse") + "\""));
    List<LocalDate> dates = InputLayout.landedDates(spark, s, "impressions");
    assertThat(dates).extracting(LocalDate::toString)
        .containsExactly("2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04");

    NightlyJob job = new NightlyJob(spark, s, "test", "test");
    Map<String, Object> summary = new LinkedHashMap<>();
    for (LocalDate date : dates) {
      NightlyJob.Outcome outcome = job.run(date, "run");
      Map<String, Object> day = new LinkedHashMap<>();
      for (TableAccounting a : outcome.accounting()) {
        assertThat(a.balanced()).as(a.toString()).isTrue();
        day.put(a.table(), List.of(a.input(), a.accepted(), a.duplicates(), a.rejected()));
      }

      // Planted by generate.py on every landing day.
      assertThat(accounting(outcome, "impressions").rejectedByReason())
          .isEqualTo(Map.of("malformed", 3L, "missing_field", 1L, "bad_value", 1L,
              "unknown_note", 1L, "before_publish", 1L));
      assertThat(accounting(outcome, "interactions").rejectedByReason())
          .isEqualTo(Map.of("missing_field", 1L, "bad_value", 1L));
      assertThat(accounting(outcome, "notes").rejected()).isZero();
      day.put("rows_written", outcome.outputRows());
      summary.put(date.toString(), day);
    }

    // The notes generate.py drives up the ladder.
    Map<String, Integer> maxLevels = new LinkedHashMap<>();
    for (Row r : spark.read().parquet(s.outputRoot() + "/note_paths")
        .filter("note_id IN ('n0007', 'n0012', 'n0105', 'n0031', 'n0044')")
        .select("note_id", "max_level").orderBy("note_id").collectAsList()) {
      maxLevels.put(r.getString(0), r.getInt(1));
    }

    assertThat(maxLevels).containsExactly(Map.entry("n0007", 4), Map.entry("n0012", 3),
        Map.entry("n0031", 2), Map.entry("n0044", 2), Map.entry("n0105", 3));

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

  private static TableAccounting accounting(NightlyJob.Outcome outcome, String table) {
    return outcome.accounting().stream().filter(a -> a.table().equals(table)).findFirst().orElseThrow();
  }
}
