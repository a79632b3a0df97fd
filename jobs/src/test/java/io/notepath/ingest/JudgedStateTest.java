package io.notepath.ingest;

import static io.notepath.ingest.Landing.impression;
import static io.notepath.ingest.Landing.note;
import static io.notepath.testing.DatasetAssert.assertSameRows;
import static io.notepath.testing.DatasetAssert.row;
import static io.notepath.testing.DatasetAssert.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.notepath.config.NotepathSettings;
import io.notepath.testing.SparkTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Night by night with the judged state: a run judges only its own landing day, reads its history
 * back, and gets the verdicts a full re-judge from the raw logs gives. Window 2 days, max-late-days
 * 2, lookback 1: a run keeps the landing days [D − 5, D].
 */
@SparkTest
class JudgedStateTest {
  private static final LocalDate D8 = LocalDate.parse("2024-03-08");
  private static final LocalDate D9 = LocalDate.parse("2024-03-09");
  private static final LocalDate D10 = LocalDate.parse("2024-03-10");

  /** Three landing days with copies across them; the other tables land empty. */
  private static NotepathSettings land(Path root, String... overrides) {
    Landing landing =
        new Landing(root.resolve("in"))
            .json("notes", "2024-03-08", note("n1", "2024-03-08T00:00:00Z"))
            .json(
                "impressions",
                "2024-03-08",
                impression("e1", "n1", "2024-03-08T08:00:00Z"),
                impression("e8", "n1", "2024-03-08T09:00:00Z"))
            .json(
                "impressions",
                "2024-03-09",
                impression("e1", "n1", "2024-03-08T08:00:00Z"), // copy of 03-08: duplicate
                impression("e2", "n1", "2024-03-09T08:00:00Z"),
                impression("e9", "n9", "2024-03-09T08:00:00Z"), // unknown_note
                "{\"event_id\":") // malformed: its own night's reject, not kept
            .json(
                "impressions",
                "2024-03-10",
                impression("e1", "n1", "2024-03-08T08:00:00Z"), // copy on 03-09 (a duplicate too)
                impression("e2", "n1", "2024-03-09T08:00:00Z"), // copy on 03-09
                impression("e3", "n1", "2024-03-10T08:00:00Z"),
                impression("e9", "n9", "2024-03-09T08:00:00Z"), // copy on 03-09 (rejected there)
                impression("e8", "n1", "2024-03-08T09:00:00Z")); // 03-08 is beyond the lookback
    for (String day : List.of("2024-03-08", "2024-03-09", "2024-03-10")) {
      if (!day.equals("2024-03-08")) {
        landing.empty("notes", day);
      }

      landing.empty("interactions", day).empty("official_picks", day);
    }

    List<String> all =
        new ArrayList<>(
            List.of(
                "notepath.output.root=\"" + root.resolve("out").toUri() + "\"",
                "notepath.stages.window-days=2",
                "notepath.input.max-late-days=2"));
    all.addAll(List.of(overrides));
    return landing.settings(all.toArray(String[]::new));
  }

  /** The verdicts of night 03-10 on every row that passed its own checks, day by day. */
  private static Dataset<Row> expectedVerdicts(SparkSession spark) {
    return rows(
        spark,
        Verdicts.schema("event_id"),
        row(D8, "e1", "accepted", null, null),
        row(D8, "e8", "accepted", null, null),
        row(D9, "e1", "duplicate", null, null),
        row(D9, "e2", "accepted", null, null),
        row(D9, "e9", "rejected", "unknown_note", "note_id"),
        row(D10, "e1", "duplicate", null, null),
        row(D10, "e2", "duplicate", null, null),
        row(D10, "e3", "accepted", null, null),
        row(D10, "e9", "duplicate", null, null),
        row(D10, "e8", "accepted", null, null));
  }

  @Test
  void aRunJudgesItsOwnDayAndReadsItsHistoryFromTheState(SparkSession spark, @TempDir Path root)
      throws IOException {
    NotepathSettings s = land(root);
    JudgedState state = new JudgedState(spark, s);

    // Night 03-09 finds no state: it judges its history from the raw logs and stores it.
    Ingest.Judged night9 = Ingest.judgeAll(spark, s, D9, state, slim(D9));
    assertThat(night9.fromRaw().get("impressions")).containsExactly(D8, D9);
    assertThat(night9.fromState().get("impressions")).isEmpty();
    night9.fromRaw().forEach(
        (table, days) -> state.write(table, night9.tables().get(table).judged(), days, "run9"));
    assertThat(state.days("impressions", D8.minusDays(9), D10)).containsExactly(D8, D9);
    assertThat(state.days("interactions", D8.minusDays(9), D10)).containsExactly(D8, D9);

    // Night 03-10 judged from the raw logs alone (no state), for comparison.
    Ingest.Judged fromRaw = Ingest.judgeAll(spark, s, D10, null, slim(D10));
    assertThat(fromRaw.fromRaw().get("impressions")).containsExactly(D8, D9, D10);
    assertNight10(spark, s, fromRaw);
    Dataset<Row> acceptedFromRaw = collected(fromRaw.tables().get("impressions").accepted());

    // The raw partitions of 03-08 and 03-09 go (retention): night 03-10 needs only its own day.
    deleteTree(root.resolve("in/impressions/dt=2024-03-08"));
    deleteTree(root.resolve("in/impressions/dt=2024-03-09"));
    Ingest.Judged fromState = Ingest.judgeAll(spark, s, D10, state, slim(D10));

    assertThat(fromState.fromRaw().get("impressions")).containsExactly(D10);
    assertThat(fromState.fromState().get("impressions")).containsExactly(D8, D9);
    assertNight10(spark, s, fromState);
    assertSameRows(acceptedFromRaw, fromState.tables().get("impressions").accepted());
  }

  private static void assertNight10(SparkSession spark, NotepathSettings s, Ingest.Judged night) {
    JudgedTable impressions = night.tables().get("impressions");
    assertSameRows(
        expectedVerdicts(spark),
        Verdicts.of(
            new JudgedTable("impressions", impressions.judged().filter(JudgedTable.passedOwnChecks())),
            "typed.event_id"));
    assertThat(Ingest.account(spark, s, impressions, D10))
        .isEqualTo(new TableAccounting("impressions", 5, 2, 3, 0, Map.of()));
  }

  private static Dataset<Row> collected(Dataset<Row> rows) {
    return rows.sparkSession().createDataFrame(rows.collectAsList(), rows.schema());
  }

  @Test
  void anIncompleteStateOrAChangedRuleSendsTheRunBackToTheRawLogs(
      SparkSession spark, @TempDir Path root) throws IOException {
    NotepathSettings s = land(root);
    JudgedState state = new JudgedState(spark, s);
    Ingest.Judged night9 = Ingest.judgeAll(spark, s, D9, state, slim(D9));
    night9.fromRaw().forEach(
        (table, days) -> state.write(table, night9.tables().get(table).judged(), days, "run9"));

    // A judging setting changed: a new, empty state.
    NotepathSettings lookback2 = land(root, "notepath.stages.dedupe-lookback-days=2");
    assertThat(JudgedState.rulesFingerprint(lookback2)).isNotEqualTo(JudgedState.rulesFingerprint(s));
    assertThat(JudgedState.rulesFingerprint(land(root, "notepath.stages.pool-ladder=[2,5,9]")))
        .isEqualTo(JudgedState.rulesFingerprint(s));
    assertThat(
            Ingest.judgeAll(spark, lookback2, D10, new JudgedState(spark, lookback2), slim(D10))
                .fromRaw()
                .get("impressions"))
        .containsExactly(D8, D9, D10);

    // A landed day of the history missing from the state.
    deleteTree(Path.of(state.root().toUri()).resolve("impressions/dt=2024-03-08"));
    Ingest.Judged night10 = Ingest.judgeAll(spark, s, D10, state, slim(D10));
    assertThat(night10.fromRaw().get("impressions")).containsExactly(D8, D9, D10);
    assertThat(night10.fromState().get("impressions")).isEmpty();
    // Interactions' history is all stored (empty days): only the run date is judged.
    assertThat(night10.fromRaw().get("interactions")).containsExactly(D10);

    // Pruning keeps what a rerun of the newest date needs, and nothing when a newer day exists.
    state.write("interactions", night10.tables().get("interactions").judged(), List.of(D10), "r");
    state.prune("interactions", D10, D9);
    assertThat(state.days("interactions", D8, D10)).containsExactly(D8, D9, D10);
    state.prune("interactions", D9, D10);
    assertThat(state.days("interactions", D8, D10)).containsExactly(D9, D10);
  }

  /** The barrier the nightly job uses, without storing: the slim judged table of the run date. */
  private static BiFunction<String, Dataset<Row>, Dataset<Row>> slim(
      LocalDate runDate) {
    return (table, rows) -> new JudgedTable(table, rows).slimForRun(runDate, 100).judged();
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
