package io.notepath.simulate;

import static io.notepath.simulate.SimulateFixtures.parsed;
import static io.notepath.simulate.SimulateFixtures.settings;
import static io.notepath.testing.DatasetAssert.assertSameRows;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.to_date;
import static org.assertj.core.api.Assertions.assertThat;

import io.notepath.testing.SparkTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The small platform simulated with 30 % late rows twice, landing them 1 day late (late-days = 1,
 * the default) and 1..3 days late (late-days = 3): the same rows are late, the delays are what
 * late-days says, and the ground truth does not move.
 */
@SparkTest
class SimulateLateDaysTest {
  @TempDir static Path dir;

  static SimulateSummary oneDay;
  static SimulateSummary threeDays;
  static String oneDayRoot;
  static String threeDaysRoot;

  @BeforeAll
  static void simulate(SparkSession spark) {
    oneDayRoot = dir.resolve("late1").toString();
    threeDaysRoot = dir.resolve("late3").toString();
    oneDay = SimulateJob.run(spark, settings("notepath.simulate.faults.late=0.3"), oneDayRoot);
    threeDays =
        SimulateJob.run(
            spark,
            settings("notepath.simulate.faults.late=0.3", "notepath.simulate.faults.late-days=3"),
            threeDaysRoot);
  }

  @Test
  void lateRowsLandOneToLateDaysAfterTheirOwnDate(SparkSession spark) {
    for (String table : List.of("impressions", "interactions")) {
      // No duplicates here, so each event_id is one record: its delay is dt - its own date.
      assertThat(delays(spark, oneDayRoot, table)).as(table).containsOnlyKeys(0, 1);
      Map<Integer, Long> delays = delays(spark, threeDaysRoot, table);
      assertThat(delays).as(table).containsOnlyKeys(0, 1, 2, 3);
      long late = delays.get(1) + delays.get(2) + delays.get(3);
      assertThat(late).as(table).isEqualTo(threeDays.faultsInjected().get(table).get("late"));
    }
  }

  @Test
  void theSameRowsAreLateWhateverLateDays(SparkSession spark) {
    assertThat(threeDays.faultsInjected()).isEqualTo(oneDay.faultsInjected());
    assertThat(threeDays.faultsInjected().get("impressions").get("late")).isPositive();
    assertSameRows(
        spark.read().parquet(oneDayRoot + "/_ground_truth/ground_truth_faults"),
        spark.read().parquet(threeDaysRoot + "/_ground_truth/ground_truth_faults"));
    assertSameRows(
        spark.read().parquet(oneDayRoot + "/_ground_truth/ground_truth"),
        spark.read().parquet(threeDaysRoot + "/_ground_truth/ground_truth"));
    assertThat(threeDays.rowsWritten()).isEqualTo(oneDay.rowsWritten());
  }

  @Test
  void landsDaysUntilTheLatestLateRowAndItsNextDayCopy() throws IOException {
    // Publish days 2024-01-01..02, the 6-day window, 3 late days and 1 for a next-day duplicate.
    try (Stream<Path> days = Files.list(Path.of(threeDaysRoot, "impressions"))) {
      List<String> landed = days.map(p -> p.getFileName().toString()).sorted().toList();
      assertThat(landed).hasSize(12).startsWith("dt=2024-01-01").endsWith("dt=2024-01-12");
    }
  }

  /** Records per landing delay in days (landing date minus the event's own UTC date). */
  private static Map<Integer, Long> delays(SparkSession spark, String root, String table) {
    Dataset<Row> rows = parsed(spark, root, table, "ts", "event_id");
    assertThat(rows.count()).isEqualTo(rows.select("event_id").distinct().count());
    return rows
        .select(datediff(to_date(col("dt")), to_date(col("ts"))).as("delay"))
        .groupBy("delay")
        .count()
        .collectAsList()
        .stream()
        .collect(Collectors.toMap(r -> r.getInt(0), r -> r.getLong(1)));
  }
}
