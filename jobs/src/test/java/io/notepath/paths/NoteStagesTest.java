package io.notepath.paths;

import static io.notepath.paths.PathFixtures.LADDER;
import static io.notepath.testing.DatasetAssert.assertSameRows;
import static io.notepath.testing.DatasetAssert.row;
import static io.notepath.testing.DatasetAssert.rows;

import io.notepath.testing.SparkTest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Ladder [2, 4, 6]. */
@SparkTest
class NoteStagesTest {
  private static final StructType COUNTS =
      new StructType()
          .add("note_id", DataTypes.StringType)
          .add("impressions", DataTypes.LongType)
          .add("explore_impressions", DataTypes.LongType);

  @Test
  void maxLevelAndFurthestStageForEveryValue(SparkSession spark) {
    Dataset<Row> input =
        rows(
            spark,
            COUNTS,
            row("a", 0L, 0L),
            row("b", 5L, 0L),
            row("c", 3L, 1L),
            row("d", 4L, 2L),
            row("e", 5L, 3L),
            row("f", 6L, 4L),
            row("g", 7L, 5L),
            row("h", 8L, 6L),
            row("i", 9L, 7L));
    Dataset<Row> expected =
        rows(
            spark,
            COUNTS
                .add("max_level", DataTypes.IntegerType)
                .add("furthest_stage", DataTypes.StringType),
            row("a", 0L, 0L, 0, "unseen"), // no impression at all
            row("b", 5L, 0L, 0, "distributed"), // impressions, none explore
            row("c", 3L, 1L, 1, "cold_start"), // 1 <= n < ladder[0] = 2
            row("d", 4L, 2L, 1, "cold_start_completed"), // n = ladder[0]; still level 1
            row("e", 5L, 3L, 2, "promoted_l2"), // ladder[0] < n <= ladder[1] = 4
            row("f", 6L, 4L, 2, "promoted_l2"), // n = ladder[1]
            row("g", 7L, 5L, 3, "promoted_l3"), // ladder[1] < n <= ladder[2] = 6
            row("h", 8L, 6L, 3, "promoted_l3"), // n = ladder[2]
            row("i", 9L, 7L, 4, "promoted_l4")); // beyond ladder[2]
    Dataset<Row> actual =
        input
            .transform(d -> NoteStages.withMaxLevel(d, LADDER))
            .transform(d -> NoteStages.withFurthestStage(d, LADDER));
    assertSameRows(expected, actual);
  }
}
