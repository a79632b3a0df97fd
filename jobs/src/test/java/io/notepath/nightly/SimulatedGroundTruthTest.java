package io.notepath.nightly;

import static io.notepath.testing.DatasetAssert.assertSameRows;
import static org.assertj.core.api.Assertions.assertThat;

import io.notepath.config.NotepathSettings;
import io.notepath.config.SettingsLoader;
import io.notepath.ingest.InputLayout;
import io.notepath.simulate.SimulateJob;
import io.notepath.simulate.SimulateSettings;
import io.notepath.testing.SparkTest;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two independent implementations of the stage model must agree to the last count: the simulator
 * knows which pool served each impression and writes the true path of every note; the nightly
 * job, run night by night over the simulator's clean logs, must find exactly that path.
 */
@SparkTest
class SimulatedGroundTruthTest {
  private static final String[] COMPARED = {
    "note_id", "max_level", "first_impression_at", "first_explore_at", "cold_start_completed_at",
    "promoted_at", "level3_at", "level4_at", "hot_feed_at", "official_pick_at", "impressions",
    "fan_impressions", "explore_impressions", "official_impressions", "organic_impressions",
    "level1_impressions", "level2_impressions", "level3_impressions", "level4_impressions",
    "new_viewer_impressions", "opens", "likes", "collects", "comments", "shares", "follows",
    "unlikes", "uncollects", "cold_start_interactions"
  };

  @TempDir Path tmp;

  @Test
  void notePathsEqualTheGroundTruthOnCleanLogs(SparkSession spark) {
    Path in = tmp.resolve("in");
    NotepathSettings s = simulateAndRunEveryNight(spark, in, List.of());

    Dataset<Row> truth = spark.read().parquet(in.resolve("_ground_truth/ground_truth").toString());
    Dataset<Row> paths = spark.read().parquet(s.outputRoot() + "/note_paths");
    assertThat(paths.count()).isEqualTo(40);
    assertThat(truth.filter("max_level >= 2").count()).as("some notes promoted").isPositive();
    assertSameRows(truth.selectExpr(COMPARED), paths.selectExpr(COMPARED));
  }

  /**
   * Every fault at 3 %: the runs' duplicates and rejects by reason, summed over the nights, are
   * exactly the simulator's injected counts, in the manifests and in _rejects. Late events (landing
   * the next day) are accepted, so levels and every count still equal the ground truth. What
   * depends on an impression's position does not, by design: DESIGN §3 orders events by landing
   * date first, so a late impression ranks after those landed before it (the simulator's truth
   * orders by ts alone) and milestone times and cold_start_interactions (interactions on the
   * impressions at cold-start positions) may move.
   */
  @Test
  void withFaultsDuplicatesAndRejectsEqualTheInjectedCounts(SparkSession spark) {
    Path in = tmp.resolve("in");
    List<NightlyJob.Outcome> nights = new ArrayList<>();
    NotepathSettings s =
        simulateAndRunEveryNight(
            spark,
            in,
            List.of(
                "notepath.simulate.faults.duplicate=0.03",
                "notepath.simulate.faults.late=0.03",
                "notepath.simulate.faults.malformed=0.03",
                "notepath.simulate.faults.unknown-note=0.03",
                "notepath.simulate.faults.before-publish=0.03",
                // About 10 % of the rows are bad on purpose; the default 1 % would refuse the run.
                "notepath.quality.max-reject-ratio=0.2"),
            nights);

    Map<String, Map<String, Long>> injected =
        FaultCounts.injected(
            spark.read().parquet(in.resolve("_ground_truth/ground_truth_faults").toString()));
    assertThat(injected.get("impressions")).as("every kind injected").hasSize(4);
    assertThat(FaultCounts.countedByTheJob(nights)).isEqualTo(injected);

    // _rejects holds one row per reject: the injected faults but duplicates.
    injected.values().forEach(kinds -> kinds.remove("duplicate"));
    assertThat(
            FaultCounts.collect(
                spark.read().parquet(s.outputRoot() + "/_rejects").groupBy("source_table", "reason").count()))
        .isEqualTo(FaultCounts.withoutZeros(injected));

    Dataset<Row> truth = spark.read().parquet(in.resolve("_ground_truth/ground_truth").toString());
    Dataset<Row> paths = spark.read().parquet(s.outputRoot() + "/note_paths");
    assertSameRows(
        truth.selectExpr(FaultCounts.LEVELS_AND_COUNTS),
        paths.selectExpr(FaultCounts.LEVELS_AND_COUNTS));
  }

  private NotepathSettings simulateAndRunEveryNight(
      SparkSession spark, Path in, List<String> faults) {
    return simulateAndRunEveryNight(spark, in, faults, new ArrayList<>());
  }

  /** Simulates 40 notes of one day into {@code in}, then runs the job for every landed date. */
  private NotepathSettings simulateAndRunEveryNight(
      SparkSession spark, Path in, List<String> faults, List<NightlyJob.Outcome> nights) {
    List<String> overrides = new ArrayList<>(List.of(
        "notepath.input.root=\"" + in + "\"",
        "notepath.output.root=\"" + tmp.resolve("out") + "\"",
        "notepath.simulate.seed=7",
        "notepath.simulate.days=1",
        "notepath.simulate.notes-per-day=40",
        "notepath.simulate.users=1500",
        "notepath.simulate.authors=120",
        // A short window keeps the landing days (one run each) few: pools, fans and organic
        // traffic all fit in it.
        "notepath.stages.window-days=2",
        "notepath.simulate.explore.pool-hours=[2,4,8,16]",
        "notepath.simulate.fan.hours=12",
        "notepath.simulate.official.hours=12",
        "notepath.simulate.organic.days=1"));
    overrides.addAll(faults);
    SimulateJob.run(spark, SimulateSettings.from(SettingsLoader.load(null, overrides)), in.toString());
    NotepathSettings s = SettingsLoader.settings(null, overrides);
    NightlyJob job = new NightlyJob(spark, s, "test", "test");
    List<LocalDate> dates = InputLayout.landedDates(spark, s, "impressions");
    assertThat(dates).isNotEmpty();
    for (LocalDate date : dates) {
      nights.add(job.run(date, "run"));
    }

    return s;
  }
}
