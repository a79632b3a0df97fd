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
import static io.notepath.stats.StatsFixtures.levels;
import static io.notepath.testing.DatasetAssert.assertSameRows;
import static io.notepath.testing.DatasetAssert.row;
import static io.notepath.testing.DatasetAssert.rows;
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
class NoteDailyTest {

  private static final StructType OUTPUT =
      new StructType()
          .add("note_id", DataTypes.StringType)
          .add("author_id", DataTypes.StringType)
          .add("category", DataTypes.StringType)
          .add("publish_date", DataTypes.DateType)
          .add("impressions", DataTypes.LongType)
          .add("unique_viewers", DataTypes.LongType)
          .add("explore_impressions", DataTypes.LongType)
          .add("opens", DataTypes.LongType)
          .add("interactions", DataTypes.LongType)
          .add("level_at_end_of_day", DataTypes.IntegerType)
          .add("dt", DataTypes.DateType);

  @Test
  void outputHasTheDocumentedColumnsInOrder(SparkSession spark) {
    Dataset<Row> daily =
        NoteDaily.aggregateNoteDaily(
            ViewerDays.aggregate(withNotes(impressions(spark), notes(spark))),
            withNotes(interactions(spark), notes(spark)),
            levels(impressions(spark)),
            notes(spark).select("note_id"));

    assertThat(daily.schema().fields())
        .extracting(f -> f.name() + ":" + f.dataType().simpleString())
        .containsExactlyElementsOf(
            Arrays.stream(OUTPUT.fields())
                .map(f -> f.name() + ":" + f.dataType().simpleString())
                .toList());
  }

  @Test
  void levelRunsAcrossDaysWithoutExplore(SparkSession spark) {
    Dataset<Row> notes =
        notes(
            spark,
            note("n1", "a1", "food", "image", "2024-03-01"),
            note("n2", "a2", "travel", "video", "2024-03-02"));
    Dataset<Row> impressions =
        impressions(
            spark,
            // n1 03-01: fan v1, explore level 1 by v2 twice -> 3 impressions, 2 viewers,
            // 2 explore, level 1
            impression("n1", "v1", "follow_feed", false, "2024-03-01", "fan", true, 0),
            impression("n1", "v2", "home_feed", false, "2024-03-01", "explore", true, 1),
            impression("n1", "v2", "home_feed", true, "2024-03-01", "explore", true, 1),
            // n1 03-02: only a fan impression -> level stays 1
            impression("n1", "v3", "follow_feed", false, "2024-03-02", "fan", true, 0),
            // n1 03-03: explore level 2 -> 2
            impression("n1", "v4", "hot_feed", false, "2024-03-03", "explore", true, 2),
            // n1 03-04: no impression, only a like (below)
            // n1 04-05: explore after the window (level null): counted, level stays 2
            impression("n1", "v5", "home_feed", false, "2024-04-05", "explore", false, null),
            // n2: organic only -> level 0 ("0 if none")
            impression("n2", "v1", "search", false, "2024-03-02", "organic", true, 0));
    Dataset<Row> interactions =
        interactions(
            spark,
            // 03-01: open, like, comment, share -> opens 1, interactions 2 (shares don't count)
            interaction("n1", "open", "2024-03-01", "explore", 1, "home_feed", false),
            interaction("n1", "like", "2024-03-01", "explore", 1, "home_feed", false),
            unattributed("n1", "comment", "2024-03-01"),
            interaction("n1", "share", "2024-03-01", "fan", 0, "follow_feed", false),
            // 03-02: a collect of the 03-01 explore impression -> interactions 1; the level of
            // the impression it is attributed to does not move the day's level
            interaction("n1", "collect", "2024-03-02", "explore", 1, "home_feed", false),
            // 03-04: a like on a day without impressions
            interaction("n1", "like", "2024-03-04", "explore", 2, "hot_feed", false));

    Dataset<Row> daily =
        NoteDaily.aggregateNoteDaily(
            ViewerDays.aggregate(withNotes(impressions, notes)),
            withNotes(interactions, notes),
            levels(impressions),
            notes.select("note_id"));

    Object n1Published = date("2024-03-01");
    assertSameRows(
        rows(
            spark,
            OUTPUT,
            row("n1", "a1", "food", n1Published, 3L, 2L, 2L, 1L, 2L, 1, date("2024-03-01")),
            row("n1", "a1", "food", n1Published, 1L, 1L, 0L, 0L, 1L, 1, date("2024-03-02")),
            row("n1", "a1", "food", n1Published, 1L, 1L, 1L, 0L, 0L, 2, date("2024-03-03")),
            row("n1", "a1", "food", n1Published, 0L, 0L, 0L, 0L, 1L, 2, date("2024-03-04")),
            row("n1", "a1", "food", n1Published, 1L, 1L, 1L, 0L, 0L, 2, date("2024-04-05")),
            row("n2", "a2", "travel", date("2024-03-02"), 1L, 1L, 0L, 0L, 0L, 0,
                date("2024-03-02"))),
        daily);
  }

  @Test
  void missingNoteColumnIsNamed(SparkSession spark) {
    Dataset<Row> viewerDays =
        ViewerDays.aggregate(withNotes(impressions(spark), notes(spark))).drop("publish_date");

    assertThatThrownBy(
            () ->
                NoteDaily.aggregateNoteDaily(
                    viewerDays,
                    withNotes(interactions(spark), notes(spark)),
                    levels(impressions(spark)),
                    notes(spark).select("note_id")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "aggregateNoteDaily: input viewer days does not match the expected columns: "
                + "publish_date is missing");
  }

  /** A note whose path is final (not among the open notes) has no known level: null. */
  @Test
  void levelIsNullForNotesWhosePathIsFinal(SparkSession spark) {
    Dataset<Row> notes = notes(spark, note("n1", "a1", "food", "image", "2024-03-01"));
    Dataset<Row> impressions =
        impressions(spark, impression("n1", "v1", "home_feed", false, "2024-04-05", "explore", false, null));
    Dataset<Row> daily =
        NoteDaily.aggregateNoteDaily(
            ViewerDays.aggregate(withNotes(impressions, notes)),
            withNotes(interactions(spark), notes),
            levels(impressions),
            notes.limit(0).select("note_id"));
    assertThat(daily.select("level_at_end_of_day").collectAsList().toString()).isEqualTo("[[null]]");
  }
}
