package io.notepath.stats;

import static io.notepath.stats.StatsFixtures.LADDER;
import static io.notepath.stats.StatsFixtures.date;
import static io.notepath.stats.StatsFixtures.notePath;
import static io.notepath.stats.StatsFixtures.notePaths;
import static io.notepath.testing.DatasetAssert.assertSameRows;
import static io.notepath.testing.DatasetAssert.row;
import static io.notepath.testing.DatasetAssert.rows;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.notepath.testing.SparkTest;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

@SparkTest
class StageFunnelTest {

  private static final StructType OUTPUT =
      new StructType()
          .add("category", DataTypes.StringType)
          .add("note_type", DataTypes.StringType)
          .add("author_tier", DataTypes.StringType)
          .add("notes", DataTypes.LongType)
          .add("notes_distributed", DataTypes.LongType)
          .add("notes_explored", DataTypes.LongType)
          .add("notes_cold_start_completed", DataTypes.LongType)
          .add("notes_promoted", DataTypes.LongType)
          .add("notes_level3", DataTypes.LongType)
          .add("notes_level4", DataTypes.LongType)
          .add("notes_hot_feed", DataTypes.LongType)
          .add("notes_official_pick", DataTypes.LongType)
          .add("distributed_rate", DataTypes.DoubleType)
          .add("explored_rate", DataTypes.DoubleType)
          .add("cold_start_completion_rate", DataTypes.DoubleType)
          .add("promotion_rate", DataTypes.DoubleType)
          .add("level3_rate", DataTypes.DoubleType)
          .add("level4_rate", DataTypes.DoubleType)
          .add("p50_hours_to_first_explore", DataTypes.DoubleType)
          .add("p90_hours_to_first_explore", DataTypes.DoubleType)
          .add("p50_hours_to_cold_start_completed", DataTypes.DoubleType)
          .add("p90_hours_to_cold_start_completed", DataTypes.DoubleType)
          .add("p50_hours_to_promoted", DataTypes.DoubleType)
          .add("p90_hours_to_promoted", DataTypes.DoubleType)
          .add("is_complete", DataTypes.BooleanType)
          .add("as_of", DataTypes.DateType)
          .add("publish_date", DataTypes.DateType);

  @Test
  void outputHasTheDocumentedColumnsInOrder(SparkSession spark) {
    // note_paths has many more columns than stats reads; they must not leak into the output.
    Dataset<Row> paths = notePaths(spark, notePath("n1")).withColumn("max_level", lit(0));

    Dataset<Row> funnel = StageFunnel.aggregateStageFunnel(paths, LADDER);

    assertThat(funnel.schema().fields())
        .extracting(f -> f.name() + ":" + f.dataType().simpleString())
        .containsExactlyElementsOf(
            Arrays.stream(OUTPUT.fields())
                .map(f -> f.name() + ":" + f.dataType().simpleString())
                .toList());
  }

  @Test
  void cubeCellsAddUpToTheAllRows(SparkSession spark) {
    // n1 food/image explore 3 (promoted), n2 food/video seen but not explored,
    // n3 travel/image explore 7 (level 4). One author tier, so the tier dimension only doubles
    // each cell into <100 and all.
    Dataset<Row> paths =
        notePaths(
            spark,
            notePath("n1").dims("food", "image", "<100").counts(5, 3),
            notePath("n2").dims("food", "video", "<100").counts(4, 0),
            notePath("n3").dims("travel", "image", "<100").counts(9, 7));

    Dataset<Row> funnel =
        StageFunnel.aggregateStageFunnel(paths, LADDER)
            .select(
                "category",
                "note_type",
                "author_tier",
                "notes",
                "notes_explored",
                "notes_promoted",
                "notes_level4",
                "publish_date");

    // Columns: notes, explored (≥1), promoted (>2), level4 (>6).
    // food = n1 + n2: 2, 1, 1, 0; travel = n3: 1, 1, 1, 1; image = n1 + n3: 2, 2, 2, 1;
    // video = n2: 1, 0, 0, 0; all = 3, 2, 2, 1 — each 'all' row is the sum of its cells.
    StructType schema =
        new StructType()
            .add("category", DataTypes.StringType)
            .add("note_type", DataTypes.StringType)
            .add("author_tier", DataTypes.StringType)
            .add("notes", DataTypes.LongType)
            .add("notes_explored", DataTypes.LongType)
            .add("notes_promoted", DataTypes.LongType)
            .add("notes_level4", DataTypes.LongType)
            .add("publish_date", DataTypes.DateType);
    Object d = date("2024-03-01");
    assertSameRows(
        rows(
            spark,
            schema,
            row("food", "image", "<100", 1L, 1L, 1L, 0L, d),
            row("food", "video", "<100", 1L, 0L, 0L, 0L, d),
            row("travel", "image", "<100", 1L, 1L, 1L, 1L, d),
            row("food", "image", "all", 1L, 1L, 1L, 0L, d),
            row("food", "video", "all", 1L, 0L, 0L, 0L, d),
            row("travel", "image", "all", 1L, 1L, 1L, 1L, d),
            row("food", "all", "<100", 2L, 1L, 1L, 0L, d),
            row("travel", "all", "<100", 1L, 1L, 1L, 1L, d),
            row("food", "all", "all", 2L, 1L, 1L, 0L, d),
            row("travel", "all", "all", 1L, 1L, 1L, 1L, d),
            row("all", "image", "<100", 2L, 2L, 2L, 1L, d),
            row("all", "video", "<100", 1L, 0L, 0L, 0L, d),
            row("all", "image", "all", 2L, 2L, 2L, 1L, d),
            row("all", "video", "all", 1L, 0L, 0L, 0L, d),
            row("all", "all", "<100", 3L, 2L, 2L, 1L, d),
            row("all", "all", "all", 3L, 2L, 2L, 1L, d)),
        funnel);
  }

  @Test
  void stageCountsFollowTheLadderEdges(SparkSession spark) {
    // Ladder [2, 4, 6]. Explore impressions per note: 0 (unseen), 0 (seen), 1, 2, 3, 4, 5, 6, 7.
    // distributed (impressions > 0): 8; explored (≥ 1): 7; cold start completed (≥ 2): 6;
    // promoted (> 2): 5; level3 (> 4): 3 (5, 6, 7); level4 (> 6): 1 (7).
    // hot feed: n7, n9; official pick: n9.
    Dataset<Row> paths =
        notePaths(
            spark,
            notePath("n1").counts(0, 0),
            notePath("n2").counts(3, 0),
            notePath("n3").counts(3, 1),
            notePath("n4").counts(3, 2),
            notePath("n5").counts(4, 3),
            notePath("n6").counts(5, 4),
            notePath("n7").counts(6, 5).hotFeedAt("2024-03-02T00:00:00Z"),
            notePath("n8").counts(7, 6),
            notePath("n9")
                .counts(8, 7)
                .hotFeedAt("2024-03-02T00:00:00Z")
                .officialPickAt("2024-03-03T00:00:00Z"));

    Dataset<Row> funnel = allRow(StageFunnel.aggregateStageFunnel(paths, LADDER));

    // Rates: 8/9, 7/8, 6/7, 5/6, 3/5, 1/3. No milestone timestamps are set, so every
    // percentile is over no notes: null.
    assertSameRows(
        rows(
            spark,
            OUTPUT,
            row(
                "all", "all", "all", 9L, 8L, 7L, 6L, 5L, 3L, 1L, 2L, 1L,
                8.0 / 9, 7.0 / 8, 6.0 / 7, 5.0 / 6, 3.0 / 5, 1.0 / 3,
                null, null, null, null, null, null,
                true, date("2024-04-10"), date("2024-03-01"))),
        funnel);
  }

  @Test
  void ratesAreNullOverZeroDenominators(SparkSession spark) {
    // One note, never shown: distributed_rate 0/1 = 0.0; every later rate is 0/0 = null.
    Dataset<Row> funnel =
        allRow(StageFunnel.aggregateStageFunnel(notePaths(spark, notePath("n1")), LADDER));

    assertSameRows(
        rows(
            spark,
            OUTPUT,
            row(
                "all", "all", "all", 1L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L,
                0.0, null, null, null, null, null,
                null, null, null, null, null, null,
                true, date("2024-04-10"), date("2024-03-01"))),
        funnel);
  }

  @Test
  void percentilesAreExactAndInterpolated(SparkSession spark) {
    // Four notes of one cohort; hours from published_at to each milestone:
    //   first explore:        1, 2, 4, 10 (n4 published 10:00, explored 20:00)
    //   cold start completed: 3, 6, 4.5   (n4 never completed)
    //   promoted:             12          (only n1)
    // Spark's percentile interpolates at position p * (n - 1) of the sorted values:
    //   first explore p50: pos 1.5 -> 2 + 0.5 * (4 - 2) = 3.0; p90: pos 2.7 -> 4 + 0.7 * 6 = 8.2
    //   cold start    p50: pos 1 -> 4.5;    p90: pos 1.8 -> 4.5 + 0.8 * (6 - 4.5) = 5.7
    //   promoted      p50 = p90 = 12.0
    // Stage counts: explore 3, 2, 2, 1 -> explored 4, completed 3, promoted 1 (> 2).
    Dataset<Row> paths =
        notePaths(
            spark,
            notePath("n1")
                .counts(6, 3)
                .milestones("2024-03-01T01:00:00Z", "2024-03-01T03:00:00Z", "2024-03-01T12:00:00Z"),
            notePath("n2")
                .counts(5, 2)
                .milestones("2024-03-01T02:00:00Z", "2024-03-01T06:00:00Z", null),
            notePath("n3")
                .counts(2, 2)
                .milestones("2024-03-01T04:00:00Z", "2024-03-01T04:30:00Z", null),
            notePath("n4")
                .counts(1, 1)
                .published("2024-03-01", "2024-03-01T10:00:00Z")
                .milestones("2024-03-01T20:00:00Z", null, null));

    Dataset<Row> funnel = allRow(StageFunnel.aggregateStageFunnel(paths, LADDER));

    // Rates: 4/4, 4/4, 3/4, 1/3, level3 0/1 = 0.0, level4 0/0 = null.
    assertSameRows(
        rows(
            spark,
            OUTPUT,
            row(
                "all", "all", "all", 4L, 4L, 4L, 3L, 1L, 0L, 0L, 0L, 0L,
                1.0, 1.0, 0.75, 1.0 / 3, 0.0, null,
                3.0, 8.2, 4.5, 5.7, 12.0, 12.0,
                true, date("2024-04-10"), date("2024-03-01"))),
        funnel);
  }

  @Test
  void aCohortWithOneOpenNoteIsIncomplete(SparkSession spark) {
    // Cohort 03-01: n1 complete, n2 still open -> false. Cohort 03-02: only n3, open -> false.
    // Cohort 03-03: only n4, complete -> true.
    Dataset<Row> paths =
        notePaths(
            spark,
            notePath("n1"),
            notePath("n2").incomplete(),
            notePath("n3").published("2024-03-02", "2024-03-02T08:00:00Z").incomplete(),
            notePath("n4").published("2024-03-03", "2024-03-03T08:00:00Z"));

    Dataset<Row> funnel =
        allRow(StageFunnel.aggregateStageFunnel(paths, LADDER))
            .select("notes", "is_complete", "as_of", "publish_date");

    StructType schema =
        new StructType()
            .add("notes", DataTypes.LongType)
            .add("is_complete", DataTypes.BooleanType)
            .add("as_of", DataTypes.DateType)
            .add("publish_date", DataTypes.DateType);
    assertSameRows(
        rows(
            spark,
            schema,
            row(2L, false, date("2024-04-10"), date("2024-03-01")),
            row(1L, false, date("2024-04-10"), date("2024-03-02")),
            row(1L, true, date("2024-04-10"), date("2024-03-03"))),
        funnel);
  }

  @Test
  void missingColumnIsNamed(SparkSession spark) {
    Dataset<Row> paths = notePaths(spark, notePath("n1")).drop("promoted_at");

    assertThatThrownBy(() -> StageFunnel.aggregateStageFunnel(paths, LADDER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "aggregateStageFunnel: input note_paths does not match the expected columns: "
                + "promoted_at is missing");
  }

  @Test
  void ladderMustHaveThreeSteps(SparkSession spark) {
    Dataset<Row> paths = notePaths(spark, notePath("n1"));

    assertThatThrownBy(() -> StageFunnel.aggregateStageFunnel(paths, List.of(2, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "aggregateStageFunnel: expected a pool ladder of three ascending positive counts, "
                + "got [2, 4]");
  }

  private static Dataset<Row> allRow(Dataset<Row> funnel) {
    return funnel.filter(
        col("category")
            .equalTo("all")
            .and(col("note_type").equalTo("all"))
            .and(col("author_tier").equalTo("all")));
  }
}
