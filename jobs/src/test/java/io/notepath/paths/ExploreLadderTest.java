package io.notepath.paths;

import static io.notepath.paths.PathFixtures.D1;
import static io.notepath.paths.PathFixtures.D2;
import static io.notepath.paths.PathFixtures.D3;
import static io.notepath.paths.PathFixtures.LADDER;
import static io.notepath.paths.PathFixtures.P;
import static io.notepath.paths.PathFixtures.WINDOW_DAYS;
import static io.notepath.paths.PathFixtures.impression;
import static io.notepath.paths.PathFixtures.impressions;
import static io.notepath.paths.PathFixtures.note;
import static io.notepath.paths.PathFixtures.notes;
import static io.notepath.paths.PathFixtures.t;
import static io.notepath.testing.DatasetAssert.assertSameRows;
import static io.notepath.testing.DatasetAssert.row;
import static io.notepath.testing.DatasetAssert.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.notepath.testing.SparkTest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Ladder [2, 4, 6]: ranks 1-2 are level 1, 3-4 level 2, 5-6 level 3, 7+ level 4; the boundaries
 * are the keys at ranks 2, 4, 6; the milestones the ts at ranks 1, 2, 3, 5, 7.
 *
 * <p>Note n1 has eight in-path explore impressions. By ordering key (dt, ts, event_id):
 *
 * <pre>
 * rank event dt    ts               why
 *  1   e02   03-01 03-01 10:00      ties e05 on dt and ts; "e02" &lt; "e05"
 *  2   e05   03-01 03-01 10:00
 *  3   e07   03-01 03-01 11:00
 *  4   e01   03-01 03-01 12:00      smallest event_id, but a later ts
 *  5   e04   03-02 03-01 09:00      earliest ts of all, but landed a day late: ranks after 03-01
 *  6   e03   03-02 03-02 08:00      ties e08 on dt and ts; "e03" &lt; "e08"
 *  7   e08   03-02 03-02 08:00
 *  8   e06   03-02 03-02 09:00
 * </pre>
 *
 * Plus, on n1: e09 explore after the window (published + 2 days = 03-03 00:00), a fan and an
 * organic impression. n2 has 3 explore impressions (ladder[0] &lt;= 3 &lt; ladder[1]); n3 has 1
 * (&lt; ladder[0]); n4 has only a fan impression.
 */
@SparkTest
class ExploreLadderTest {
  private static final StructType KEY =
      new StructType()
          .add("dt", DataTypes.DateType)
          .add("ts", DataTypes.TimestampType)
          .add("event_id", DataTypes.StringType);

  private static final StructType LADDER_SCHEMA =
      new StructType()
          .add("note_id", DataTypes.StringType)
          .add("explore_impressions", DataTypes.LongType)
          .add("first_explore_at", DataTypes.TimestampType)
          .add("cold_start_completed_at", DataTypes.TimestampType)
          .add("promoted_at", DataTypes.TimestampType)
          .add("level3_at", DataTypes.TimestampType)
          .add("level4_at", DataTypes.TimestampType)
          .add("level1_boundary", KEY)
          .add("level2_boundary", KEY)
          .add("level3_boundary", KEY);

  private static Object[] explore(String id, String noteId, LocalDate dt, String ts) {
    return impression(id, noteId, "u-" + id, t(ts), "home_feed", false, false, dt);
  }

  private static Row key(LocalDate dt, String ts, String eventId) {
    return RowFactory.create(dt, t(ts), eventId);
  }

  private static Dataset<Row> pathImpressions(SparkSession spark) {
    Dataset<Row> notes =
        notes(spark, note("n1", P, 1L), note("n2", P, 1L), note("n3", P, 1L), note("n4", P, 1L));
    Dataset<Row> impressions =
        impressions(
            spark,
            explore("e01", "n1", D1, "2024-03-01T12:00"),
            explore("e02", "n1", D1, "2024-03-01T10:00"),
            explore("e03", "n1", D2, "2024-03-02T08:00"),
            explore("e04", "n1", D2, "2024-03-01T09:00"),
            explore("e05", "n1", D1, "2024-03-01T10:00"),
            explore("e06", "n1", D2, "2024-03-02T09:00"),
            explore("e07", "n1", D1, "2024-03-01T11:00"),
            explore("e08", "n1", D2, "2024-03-02T08:00"),
            explore("e09", "n1", D3, "2024-03-03T01:00"),
            impression("f01", "n1", "fan1", t("2024-03-01T08:00"), "home_feed", true, false, D1),
            impression("o01", "n1", "org1", t("2024-03-01T08:00"), "search", false, false, D1),
            explore("g1", "n2", D1, "2024-03-01T05:00"),
            // hot_feed is explore too
            impression("g2", "n2", "u-g2", t("2024-03-01T06:00"), "hot_feed", false, false, D1),
            explore("g3", "n2", D1, "2024-03-01T07:00"),
            explore("h1", "n3", D1, "2024-03-01T05:00"),
            impression("k1", "n4", "fan1", t("2024-03-01T08:00"), "home_feed", true, false, D1));
    return NotePaths.withPathContext(impressions, notes, WINDOW_DAYS);
  }

  @Test
  void ladderMilestonesAndBoundaries(SparkSession spark) {
    Dataset<Row> expected =
        rows(
            spark,
            LADDER_SCHEMA,
            // n1: 8 in-path explore (e09 is after the window; f01/o01 aren't explore)
            // rank 1 e02 10:00, rank 2 e05 10:00, rank 3 e07 11:00, rank 5 e04 (ts 03-01 09:00:
            // a milestone is the ts of the event at that rank), rank 7 e08 03-02 08:00;
            // boundaries: rank 2 e05, rank 4 e01, rank 6 e03
            row(
                "n1",
                8L,
                t("2024-03-01T10:00"),
                t("2024-03-01T10:00"),
                t("2024-03-01T11:00"),
                t("2024-03-01T09:00"),
                t("2024-03-02T08:00"),
                key(D1, "2024-03-01T10:00", "e05"),
                key(D1, "2024-03-01T12:00", "e01"),
                key(D2, "2024-03-02T08:00", "e03")),
            // n2: 3 explore -> ranks 1, 2, 3 exist: completed at g2, promoted at g3; no rank 4,
            // 5, 6 or 7 -> level3_at, level4_at and the upper two boundaries are null
            row(
                "n2",
                3L,
                t("2024-03-01T05:00"),
                t("2024-03-01T06:00"),
                t("2024-03-01T07:00"),
                null,
                null,
                key(D1, "2024-03-01T06:00", "g2"),
                null,
                null),
            // n3: 1 explore -> only first_explore_at
            row("n3", 1L, t("2024-03-01T05:00"), null, null, null, null, null, null, null));
    // n4 has no explore impression -> no row
    assertSameRows(expected, ExploreLadder.aggregateExploreLadder(pathImpressions(spark), LADDER));
  }

  @Test
  void levelsCompareKeysWithBoundaries(SparkSession spark) {
    Dataset<Row> path = pathImpressions(spark);
    Dataset<Row> classified =
        ExploreLadder.withLevel(path, ExploreLadder.aggregateExploreLadder(path, LADDER));

    StructType schema =
        new StructType().add("event_id", DataTypes.StringType).add("level", DataTypes.IntegerType);
    Dataset<Row> expected =
        rows(
            spark,
            schema,
            // n1 ranks (see class comment): 1-2 -> 1, 3-4 -> 2, 5-6 -> 3, 7-8 -> 4
            row("e02", 1),
            row("e05", 1),
            row("e07", 2),
            row("e01", 2),
            row("e04", 3),
            row("e03", 3),
            row("e08", 4),
            row("e06", 4),
            // explore outside the window: no level
            row("e09", null),
            // fan and organic: level 0
            row("f01", 0),
            row("o01", 0),
            // n2: g1, g2 <= boundary rank 2 -> 1; g3 above it, no ladder[1] boundary -> 2
            row("g1", 1),
            row("g2", 1),
            row("g3", 2),
            // n3: no boundary at all -> 1
            row("h1", 1),
            row("k1", 0));
    assertSameRows(expected, classified.select("event_id", "level"));
    assertThat(classified.columns())
        .containsExactly(
            "event_id", "note_id", "viewer_id", "ts", "surface", "viewer_is_follower",
            "viewer_is_new", "rec_pool", "event_date", "dt", "author_id", "category", "note_type",
            "published_at", "publish_date", "impression_class", "in_path", "level");
    assertThat(classified.schema().apply("level").dataType()).isEqualTo(DataTypes.IntegerType);
  }

  /**
   * The ladder per landing day gives every impression the level the global ranking gives it,
   * whether the counts before each day come from the days themselves (a rebuild) or from the
   * night before (night by night), and the same milestones.
   */
  @Test
  void dayLaddersGiveTheGlobalLevelsAndMilestones(SparkSession spark) {
    Dataset<Row> impressions = pathImpressions(spark);
    List<Integer> ladder = LADDER;
    Dataset<Row> global = ExploreLadder.withLevel(impressions, ExploreLadder.aggregateExploreLadder(impressions, ladder));
    Dataset<Row> wholeHistory = ExploreLadder.aggregateDayLadder(impressions, ladder, null);
    assertSameRows(
        global.select("event_id", "level"),
        ExploreLadder.withDayLevel(impressions, wholeHistory).select("event_id", "level"));

    List<java.sql.Date> days =
        impressions.select("dt").distinct().orderBy("dt").collectAsList().stream().map(r -> r.getDate(0)).toList();
    Dataset<Row> before = spark.createDataFrame(List.of(), new StructType()
        .add("note_id", DataTypes.StringType).add("explore_before", DataTypes.LongType));
    Dataset<Row> levels = null;
    Dataset<Row> nights = null;
    for (java.sql.Date day : days) {
      Dataset<Row> tonight = impressions.filter(org.apache.spark.sql.functions.col("dt").equalTo(day));
      Dataset<Row> dayLadder = ExploreLadder.aggregateDayLadder(tonight, ladder, before);
      Dataset<Row> l = ExploreLadder.withDayLevel(tonight, dayLadder).select("event_id", "level");
      levels = levels == null ? l : levels.unionByName(l);
      nights = nights == null ? dayLadder : nights.unionByName(dayLadder);
      before = before.unionByName(dayLadder.select("note_id", "explore_on_day").withColumnRenamed("explore_on_day", "explore_before"))
          .groupBy("note_id").agg(org.apache.spark.sql.functions.sum("explore_before").as("explore_before"));
      before = spark.createDataFrame(before.collectAsList(), before.schema());
    }

    assertSameRows(global.select("event_id", "level"), levels);
    assertSameRows(wholeHistory, nights);
    Dataset<Row> milestones =
        ExploreLadder.aggregateExploreLadder(impressions, ladder)
            .select("note_id", "first_explore_at", "cold_start_completed_at", "promoted_at", "level3_at", "level4_at");
    assertSameRows(milestones, NoteState.aggregateLadderMilestones(nights));
  }

  @Test
  void ladderBeyondMinByLimitIsRefused(SparkSession spark) {
    assertThatThrownBy(
            () ->
                ExploreLadder.aggregateExploreLadder(
                    pathImpressions(spark), List.of(50, 500, 100_000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pool-ladder[2] + 1 = 100001 exceeds the 100000 keys min_by can keep per note");
  }
}
