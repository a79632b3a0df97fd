package io.notepath.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.notepath.config.NotepathSettings;
import io.notepath.testing.SparkTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SparkTest
class InputLayoutTest {

  @Test
  void landedDatesIgnoresPartitionsWithoutSuccess(SparkSession spark, @TempDir Path root)
      throws Exception {
    Landing landing =
        new Landing(root)
            .json("impressions", "2024-03-09", "{}")
            .empty("impressions", "2024-03-07")
            .unfinished("impressions", "2024-03-10", "{}")
            .json("impressions", "2024-03-08", "{}");
    // Not partitions: a file named like one, a directory with an impossible date, another name.
    Files.writeString(root.resolve("impressions/dt=2024-03-11"), "x");
    landing.empty("impressions", "2024-02-30");
    Files.createDirectories(root.resolve("impressions/staging"));
    NotepathSettings s = landing.settings();

    // 03-07 (only _SUCCESS), 03-08 and 03-09 landed, in date order; 03-10 has no _SUCCESS.
    LocalDate d7 = LocalDate.parse("2024-03-07");
    assertThat(InputLayout.landedDates(spark, s, "impressions"))
        .containsExactly(d7, d7.plusDays(1), d7.plusDays(2));
    assertThat(InputLayout.isLanded(spark, s, "impressions", d7.plusDays(2))).isTrue();
    assertThat(InputLayout.isLanded(spark, s, "impressions", d7.plusDays(3))).isFalse();
  }

  @Test
  void missingTableRootMeansNothingLanded(SparkSession spark, @TempDir Path root) {
    NotepathSettings s = new Landing(root).settings();

    assertThat(InputLayout.landedDates(spark, s, "notes")).isEmpty();
  }

  @Test
  void missingTablesNamesTablesWhoseDayHasNotLanded(SparkSession spark, @TempDir Path root) {
    NotepathSettings s =
        new Landing(root)
            .empty("notes", "2024-03-10")
            .empty("impressions", "2024-03-10")
            .unfinished("interactions", "2024-03-10", "{}")
            .empty("official_picks", "2024-03-09")
            .settings();

    assertThat(InputLayout.missingTables(spark, s, LocalDate.parse("2024-03-10")))
        .containsExactly("interactions", "official_picks");
  }

  @Test
  void tablePathComesFromSettings(SparkSession spark, @TempDir Path root) {
    NotepathSettings s =
        new Landing(root)
            .empty("picks_v2", "2024-03-10")
            .settings("notepath.input.tables.official-picks.path=picks_v2");

    assertThat(InputLayout.landedDates(spark, s, "official_picks"))
        .containsExactly(LocalDate.parse("2024-03-10"));
  }
}
