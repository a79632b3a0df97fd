package io.notepath.stats;

import static io.notepath.stats.StatsFixtures.LADDER;
import static io.notepath.stats.StatsFixtures.date;
import static io.notepath.stats.StatsFixtures.notePath;
import static io.notepath.stats.StatsFixtures.notePaths;
import static io.notepath.testing.DatasetAssert.assertSameRows;
import static io.notepath.testing.DatasetAssert.row;
import static io.notepath.testing.DatasetAssert.rows;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.notepath.testing.SparkTest;
import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

@SparkTest
class ColdStartOutcomesTest {

  private static final StructType OUTPUT =
      new StructType()
          .add("category", DataTypes.StringType)
          .add("cold_start_interactions_bucket", DataTypes.StringType)
          .add("is_seeded", DataTypes.BooleanType)
          .add("notes", DataTypes.LongType)
          .add("promoted_notes", DataTypes.LongType)
          .add("level3_notes", DataTypes.LongType)
          .add("promotion_rate", DataTypes.DoubleType)
          .add("p50_impressions", DataTypes.DoubleType)
          .add("as_of", DataTypes.DateType)
          .add("publish_date", DataTypes.DateType);

  @Test
  void outputHasTheDocumentedColumnsInOrder(SparkSession spark) {
    Dataset<Row> outcomes =
        ColdStartOutcomes.aggregateColdStartOutcomes(
            notePaths(spark, notePath("n1").counts(2, 2)), LADDER);

    assertThat(outcomes.schema().fields())
        .extracting(f -> f.name() + ":" + f.dataType().simpleString())
        .containsExactlyElementsOf(
            Arrays.stream(OUTPUT.fields())
                .map(f -> f.name() + ":" + f.dataType().simpleString())
                .toList());
  }

  @Test
  void bucketsSplitAtEachEdge(SparkSession spark) {
    // Eight food notes that completed cold start (explore 2 = ladder[0], not promoted), with
    // 0, 1, 2, 3, 4, 5, 9, 10 cold-start interactions: buckets 0, 1, 2, 3-4 (3, 4), 5-9 (5, 9),
    // 10+ (10). Each bucket appears for food and, identically, for all.
    long[] interactions = {0, 1, 2, 3, 4, 5, 9, 10};
    StatsFixtures.NotePath[] paths = new StatsFixtures.NotePath[interactions.length];
    for (int i = 0; i < interactions.length; i++) {
      paths[i] = notePath("n" + i).counts(4, 2).coldStart(interactions[i], false);
    }

    Dataset<Row> outcomes =
        ColdStartOutcomes.aggregateColdStartOutcomes(notePaths(spark, paths), LADDER)
            .select("category", "cold_start_interactions_bucket", "is_seeded", "notes");

    StructType schema =
        new StructType()
            .add("category", DataTypes.StringType)
            .add("cold_start_interactions_bucket", DataTypes.StringType)
            .add("is_seeded", DataTypes.BooleanType)
            .add("notes", DataTypes.LongType);
    assertSameRows(
        rows(
            spark,
            schema,
            row("food", "0", false, 1L),
            row("food", "1", false, 1L),
            row("food", "2", false, 1L),
            row("food", "3-4", false, 2L),
            row("food", "5-9", false, 2L),
            row("food", "10+", false, 1L),
            row("all", "0", false, 1L),
            row("all", "1", false, 1L),
            row("all", "2", false, 1L),
            row("all", "3-4", false, 2L),
            row("all", "5-9", false, 2L),
            row("all", "10+", false, 1L)),
        outcomes);
  }

  @Test
  void countsRatesAndMedianPerCategorySeedingAndAll(SparkSession spark) {
    // Ladder [2, 4, 6]; all with 0 cold-start interactions. Complete cohort 03-01:
    //   food unseeded: f1 explore 2 (imp 10), f2 explore 3 (imp 20), f3 explore 5 (imp 40)
    //                  -> notes 3, promoted (> 2) 2, level3 (> 4) 1, rate 2/3, median 20
    //   food seeded:   f5 explore 7 (imp 100) -> 1, 1, 1, rate 1.0, median 100
    //   travel unseeded: t1 explore 2 (imp 12) -> 1, 0, 0, rate 0.0, median 12
    //   all unseeded: f1, f2, f3, t1 -> 4, 2, 1, rate 0.5,
    //                 median of 10, 12, 20, 40 at pos 1.5 = 12 + 0.5 * (20 - 12) = 16
    //   all seeded: as food seeded.
    // Left out: f4 (explore 1, never completed cold start) and the still-open cohort 03-02.
    Dataset<Row> paths =
        notePaths(
            spark,
            notePath("f1").counts(10, 2),
            notePath("f2").counts(20, 3),
            notePath("f3").counts(40, 5),
            notePath("f4").counts(5, 1),
            notePath("f5").counts(100, 7).coldStart(0, true),
            notePath("t1").category("travel").counts(12, 2),
            notePath("o1")
                .published("2024-03-02", "2024-03-02T00:00:00Z")
                .counts(100, 7)
                .incomplete());

    Dataset<Row> outcomes = ColdStartOutcomes.aggregateColdStartOutcomes(paths, LADDER);

    Object asOf = date("2024-04-10");
    Object d = date("2024-03-01");
    assertSameRows(
        rows(
            spark,
            OUTPUT,
            row("food", "0", false, 3L, 2L, 1L, 2.0 / 3, 20.0, asOf, d),
            row("food", "0", true, 1L, 1L, 1L, 1.0, 100.0, asOf, d),
            row("travel", "0", false, 1L, 0L, 0L, 0.0, 12.0, asOf, d),
            row("all", "0", false, 4L, 2L, 1L, 0.5, 16.0, asOf, d),
            row("all", "0", true, 1L, 1L, 1L, 1.0, 100.0, asOf, d)),
        outcomes);
  }

  @Test
  void openCohortsGiveNoRows(SparkSession spark) {
    Dataset<Row> paths = notePaths(spark, notePath("o1").counts(100, 7).incomplete());

    Dataset<Row> outcomes = ColdStartOutcomes.aggregateColdStartOutcomes(paths, LADDER);

    assertSameRows(rows(spark, OUTPUT), outcomes);
  }

  @Test
  void mistypedColumnIsNamed(SparkSession spark) {
    Dataset<Row> paths =
        notePaths(spark, notePath("n1"))
            .withColumn("explore_impressions", lit(1));

    assertThatThrownBy(() -> ColdStartOutcomes.aggregateColdStartOutcomes(paths, LADDER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "aggregateColdStartOutcomes: input note_paths does not match the expected columns: "
                + "explore_impressions is int, expected bigint");
  }
}
