package io.notepath.paths;

import static io.notepath.paths.PathFixtures.ATTRIBUTED;
import static io.notepath.paths.PathFixtures.CLASSIFIED;
import static io.notepath.paths.PathFixtures.D1;
import static io.notepath.paths.PathFixtures.P;
import static io.notepath.paths.PathFixtures.impression;
import static io.notepath.paths.PathFixtures.interaction;
import static io.notepath.paths.PathFixtures.plus;
import static io.notepath.paths.PathFixtures.t;
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

@SparkTest
class NoteMetricsTest {
  private static int seq = 0;

  private static Object[] imp(
      String noteId, String viewer, boolean isNew, String cls, boolean inPath, Integer level) {
    String surface = "search";
    if (cls.equals("explore")) {
      surface = "home_feed";
    } else if (cls.equals("official")) {
      surface = "official";
    }

    return plus(
        impression("i" + (seq++), noteId, viewer, t("2024-03-01T10:00"), surface,
            cls.equals("fan"), isNew, D1),
        P, cls, inPath, level);
  }

  private static Object[] act(
      String noteId, String action, String cls, Integer level, boolean inPath) {
    return plus(
        interaction("a" + (seq++), noteId, "u1", t("2024-03-01T11:00"), action, null, D1),
        inPath, cls, level, null, null, null);
  }

  @Test
  void impressionCountsInPath(SparkSession spark) {
    Dataset<Row> impressions =
        rows(
            spark,
            CLASSIFIED,
            imp("n1", "u1", false, "fan", true, 0),
            imp("n1", "u1", false, "fan", true, 0),
            imp("n1", "u2", true, "explore", true, 1),
            imp("n1", "u3", false, "explore", true, 2),
            imp("n1", "u4", false, "explore", true, 3),
            imp("n1", "u5", false, "explore", true, 4),
            imp("n1", "u6", false, "official", true, 0),
            imp("n1", "u7", true, "organic", true, 0),
            // not in the path: not counted at all (u8, u9 are not viewers either)
            imp("n1", "u8", true, "explore", false, null),
            imp("n1", "u9", false, "fan", false, 0),
            // n2: only out-of-path impressions -> no row
            imp("n2", "u1", false, "organic", false, 0));

    StructType schema = new StructType().add("note_id", DataTypes.StringType);
    for (String c :
        new String[] {
          "impressions", "unique_viewers", "fan_impressions", "explore_impressions",
          "official_impressions", "organic_impressions", "level1_impressions",
          "level2_impressions", "level3_impressions", "level4_impressions",
          "new_viewer_impressions"
        }) {
      schema = schema.add(c, DataTypes.LongType);
    }

    // 8 in path; viewers u1 (twice), u2..u7 -> 7; fan 2, explore 4 (one per level), official 1,
    // organic 1; new viewers u2 and u7 -> 2
    Dataset<Row> expected =
        rows(spark, schema, row("n1", 8L, 7L, 2L, 4L, 1L, 1L, 1L, 1L, 1L, 1L, 2L));
    assertSameRows(expected, NoteMetrics.aggregateImpressionMetrics(impressions));
  }

  @Test
  void interactionCountsInPath(SparkSession spark) {
    Dataset<Row> interactions =
        rows(
            spark,
            ATTRIBUTED,
            // attributed to level-1 explore: all cold-start counts
            act("n1", "open", "explore", 1, true),
            act("n1", "like", "explore", 1, true),
            act("n1", "collect", "explore", 1, true),
            act("n1", "comment", "explore", 1, true),
            act("n1", "share", "explore", 1, true),
            act("n1", "follow_author", "explore", 1, true),
            act("n1", "like", "fan", 0, true),
            act("n1", "unlike", "fan", 0, true),
            act("n1", "uncollect", "unattributed", null, true),
            act("n1", "like", "unattributed", null, true),
            act("n1", "comment", "explore", 2, true),
            act("n1", "open", "organic", 0, true),
            // not in the path: not counted
            act("n1", "like", "explore", 1, false),
            // n2: a like on an out-of-path explore impression (level null) is not cold start
            act("n2", "like", "explore", null, true));

    StructType schema = new StructType().add("note_id", DataTypes.StringType);
    for (String c :
        new String[] {
          "opens", "likes", "collects", "comments", "shares", "follows", "unlikes", "uncollects",
          "interactions", "unattributed_interactions", "cold_start_opens", "cold_start_likes",
          "cold_start_collects", "cold_start_comments", "cold_start_shares", "cold_start_follows",
          "cold_start_interactions"
        }) {
      schema = schema.add(c, DataTypes.LongType);
    }

    Dataset<Row> expected =
        rows(
            spark,
            schema,
            // n1: opens 2, likes 3 (explore1, fan, unattributed), collects 1, comments 2, shares 1,
            // follows 1, unlikes 1, uncollects 1; interactions 3 + 1 + 2 = 6; unattributed
            // interactions 1 (the uncollect is not an interaction); cold start: one of each
            // action, cold_start_interactions = like + collect + comment = 3
            row("n1", 2L, 3L, 1L, 2L, 1L, 1L, 1L, 1L, 6L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 3L),
            row("n2", 0L, 1L, 0L, 0L, 0L, 0L, 0L, 0L, 1L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L));
    assertSameRows(expected, NoteMetrics.aggregateInteractionMetrics(interactions));
  }

  @Test
  void ratesAreNullOverZero(SparkSession spark) {
    StructType counts =
        new StructType()
            .add("note_id", DataTypes.StringType)
            .add("impressions", DataTypes.LongType)
            .add("opens", DataTypes.LongType)
            .add("interactions", DataTypes.LongType);
    Dataset<Row> input =
        rows(spark, counts, row("n1", 10L, 2L, 3L), row("n2", 0L, 0L, 0L), row("n3", 4L, 0L, 1L));
    Dataset<Row> expected =
        rows(
            spark,
            counts
                .add("ctr", DataTypes.DoubleType)
                .add("interaction_rate", DataTypes.DoubleType)
                .add("interaction_rate_per_open", DataTypes.DoubleType),
            // 2/10, 3/10, 3/2
            row("n1", 10L, 2L, 3L, 0.2, 0.3, 1.5),
            // every denominator is 0
            row("n2", 0L, 0L, 0L, null, null, null),
            // 0/4, 1/4, 1/0
            row("n3", 4L, 0L, 1L, 0.0, 0.25, null));
    assertSameRows(expected, NoteMetrics.withRates(input));
  }
}
