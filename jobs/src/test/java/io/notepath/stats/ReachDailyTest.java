package io.notepath.stats;

import static io.notepath.stats.StatsFixtures.date;
import static io.notepath.stats.StatsFixtures.impression;
import static io.notepath.stats.StatsFixtures.impressions;
import static io.notepath.stats.StatsFixtures.interaction;
import static io.notepath.stats.StatsFixtures.interactions;
import static io.notepath.stats.StatsFixtures.note;
import static io.notepath.stats.StatsFixtures.notes;
import static io.notepath.stats.StatsFixtures.unattributed;
import static io.notepath.stats.StatsFixtures.withNotes;
import static io.notepath.testing.DatasetAssert.assertSameRows;
import static io.notepath.testing.DatasetAssert.row;
import static io.notepath.testing.DatasetAssert.rows;
import static org.apache.spark.sql.functions.col;
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
class ReachDailyTest {

  private static final StructType OUTPUT =
      new StructType()
          .add("category", DataTypes.StringType)
          .add("note_type", DataTypes.StringType)
          .add("impression_class", DataTypes.StringType)
          .add("level", DataTypes.IntegerType)
          .add("surface", DataTypes.StringType)
          .add("viewer_is_new", DataTypes.BooleanType)
          .add("impressions", DataTypes.LongType)
          .add("unique_viewers", DataTypes.LongType)
          .add("notes", DataTypes.LongType)
          .add("opens", DataTypes.LongType)
          .add("likes", DataTypes.LongType)
          .add("collects", DataTypes.LongType)
          .add("comments", DataTypes.LongType)
          .add("shares", DataTypes.LongType)
          .add("follows", DataTypes.LongType)
          .add("unlikes", DataTypes.LongType)
          .add("uncollects", DataTypes.LongType)
          .add("interactions", DataTypes.LongType)
          .add("ctr", DataTypes.DoubleType)
          .add("interaction_rate", DataTypes.DoubleType)
          .add("dt", DataTypes.DateType);

  @Test
  void outputHasTheDocumentedColumnsInOrder(SparkSession spark) {
    Dataset<Row> reach =
        ReachDaily.aggregateReachDaily(
            ViewerDays.aggregate(withNotes(impressions(spark), notes(spark))),
            withNotes(interactions(spark), notes(spark)));

    assertThat(reach.schema().fields())
        .extracting(f -> f.name() + ":" + f.dataType().simpleString())
        .containsExactlyElementsOf(
            Arrays.stream(OUTPUT.fields())
                .map(f -> f.name() + ":" + f.dataType().simpleString())
                .toList());
  }

  @Test
  void impressionsAndTheirInteractionsShareACell(SparkSession spark) {
    Dataset<Row> notes =
        notes(
            spark,
            note("n1", "a1", "food", "image", "2024-03-01"),
            note("n2", "a2", "travel", "video", "2024-03-01"),
            note("n3", "a3", "food", "image", "2024-03-01"));
    Dataset<Row> impressions =
        impressions(
            spark,
            // food/image explore level 1 on home_feed, old viewers: v1 twice on n1, v2 on n1 and
            // n3 -> 4 impressions, 2 viewers, 2 notes.
            impression("n1", "v1", "home_feed", false, "2024-03-01", "explore", true, 1),
            impression("n1", "v1", "home_feed", false, "2024-03-01", "explore", true, 1),
            impression("n1", "v2", "home_feed", false, "2024-03-01", "explore", true, 1),
            impression("n3", "v2", "home_feed", false, "2024-03-01", "explore", true, 1),
            // the same cell but a new viewer: its own row
            impression("n1", "v5", "home_feed", true, "2024-03-01", "explore", true, 1),
            // another note's category: its own row
            impression("n2", "v1", "home_feed", false, "2024-03-01", "explore", true, 1),
            // fan impression, level 0
            impression("n1", "v3", "follow_feed", false, "2024-03-01", "fan", true, 0),
            // explore after the analysis window: level null, a group of its own
            impression("n1", "v4", "home_feed", false, "2024-04-05", "explore", false, null));
    Dataset<Row> interactions =
        interactions(
            spark,
            interaction("n1", "open", "2024-03-01", "explore", 1, "home_feed", false),
            interaction("n1", "like", "2024-03-01", "explore", 1, "home_feed", false),
            interaction("n3", "collect", "2024-03-01", "explore", 1, "home_feed", false),
            interaction("n1", "unlike", "2024-03-01", "fan", 0, "follow_feed", false),
            interaction("n1", "uncollect", "2024-03-01", "fan", 0, "follow_feed", false),
            interaction("n1", "follow_author", "2024-03-01", "fan", 0, "follow_feed", false),
            interaction("n1", "like", "2024-04-05", "explore", null, "home_feed", false),
            unattributed("n1", "comment", "2024-03-01"),
            // n2's share a day after its impression: counted on the interaction's own date
            interaction("n2", "share", "2024-03-02", "explore", 1, "home_feed", false));

    Dataset<Row> reach =
        ReachDaily.aggregateReachDaily(
            ViewerDays.aggregate(withNotes(impressions, notes)), withNotes(interactions, notes));

    Object mar1 = date("2024-03-01");
    assertSameRows(
        rows(
            spark,
            OUTPUT,
            // 4 impressions, opens 1, likes 1, collects 1 -> interactions 2; ctr 1/4, rate 2/4
            row("food", "image", "explore", 1, "home_feed", false,
                4L, 2L, 2L, 1L, 1L, 1L, 0L, 0L, 0L, 0L, 0L, 2L, 0.25, 0.5, mar1),
            row("food", "image", "explore", 1, "home_feed", true,
                1L, 1L, 1L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0.0, 0.0, mar1),
            row("travel", "video", "explore", 1, "home_feed", false,
                1L, 1L, 1L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0.0, 0.0, mar1),
            // follows, unlikes, uncollects are counted but are not interactions
            row("food", "image", "fan", 0, "follow_feed", false,
                1L, 1L, 1L, 0L, 0L, 0L, 0L, 0L, 1L, 1L, 1L, 0L, 0.0, 0.0, mar1),
            // unattributed: no impressions, so ctr and interaction_rate are null
            row("food", "image", "unattributed", null, null, null,
                0L, 0L, 1L, 0L, 0L, 0L, 1L, 0L, 0L, 0L, 0L, 1L, null, null, mar1),
            // shares are not interactions; no impressions that day -> null rates
            row("travel", "video", "explore", 1, "home_feed", false,
                0L, 0L, 1L, 0L, 0L, 0L, 0L, 1L, 0L, 0L, 0L, 0L, null, null, date("2024-03-02")),
            // after the window: 1 impression, 1 like -> rate 1.0
            row("food", "image", "explore", null, "home_feed", false,
                1L, 1L, 1L, 0L, 1L, 0L, 0L, 0L, 0L, 0L, 0L, 1L, 0.0, 1.0, date("2024-04-05"))),
        reach);
  }

  @Test
  void mistypedLevelIsNamed(SparkSession spark) {
    Dataset<Row> viewerDays =
        ViewerDays.aggregate(withNotes(impressions(spark), notes(spark)))
            .withColumn("level", col("level").cast("bigint"));

    assertThatThrownBy(
            () ->
                ReachDaily.aggregateReachDaily(
                    viewerDays, withNotes(interactions(spark), notes(spark))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "aggregateReachDaily: input viewer days does not match the expected "
                + "columns: level is bigint, expected int");
  }

  @Test
  void missingAttributionColumnsAreNamed(SparkSession spark) {
    Dataset<Row> interactions =
        interactions(spark).drop("attributed_level", "attributed_surface");

    assertThatThrownBy(
            () ->
                ReachDaily.aggregateReachDaily(
                    ViewerDays.aggregate(withNotes(impressions(spark), notes(spark))),
                    withNotes(interactions, notes(spark))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "aggregateReachDaily: input attributed interactions does not match the expected "
                + "columns: attributed_level is missing; attributed_surface is missing");
  }
}
