package io.notepath.paths;

import static io.notepath.paths.PathFixtures.D1;
import static io.notepath.paths.PathFixtures.D2;
import static io.notepath.paths.PathFixtures.D3;
import static io.notepath.paths.PathFixtures.P;
import static io.notepath.paths.PathFixtures.SETTINGS;
import static io.notepath.paths.PathFixtures.impression;
import static io.notepath.paths.PathFixtures.impressions;
import static io.notepath.paths.PathFixtures.interaction;
import static io.notepath.paths.PathFixtures.interactions;
import static io.notepath.paths.PathFixtures.note;
import static io.notepath.paths.PathFixtures.notes;
import static io.notepath.paths.PathFixtures.t;
import static io.notepath.testing.DatasetAssert.assertSameRows;
import static io.notepath.testing.DatasetAssert.row;
import static io.notepath.testing.DatasetAssert.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.notepath.ingest.AcceptedSchemas;
import io.notepath.testing.SparkTest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The whole chain on three notes, ladder [2, 4, 6], window 2 days, seeding threshold 3, run date
 * 2024-03-03 (UTC).
 *
 * <pre>
 * n1 published 03-01 00:00, 150 followers
 *   impressions (rank = explore rank by (dt, ts, event_id))
 *   f1 u1 01:00 dt 03-01 home_feed follower  fan      L0
 *   e1 u2 02:00 dt 03-01 home_feed new       explore  rank 1 L1
 *   e2 u3 02:00 dt 03-01 hot_feed            explore  rank 2 L1 (ties e1 on ts)
 *   e3 u4 03:00 dt 03-01 home_feed           explore  rank 3 L2
 *   s1 u2 04:00 dt 03-01 search              organic  L0
 *   e4 u5 00:30 dt 03-02 home_feed           explore  rank 4 L2 (landed late)
 *   ex u6 03-03 01:00 dt 03-03               explore  after the window: null level, not counted
 *   interactions
 *   c1  u1 like    01:30 -            -> f1 fan            early (before 02:00)
 *   c2  u7 comment 01:45 -            -> unattributed      early
 *   c3  u2 like    02:30 e1           -> explore L1
 *   c4  u2 open    02:10 e1           -> explore L1
 *   c5  u3 collect 02:05 -            -> e2 explore L1
 *   c6  u4 like    03:30 e3           -> explore L2
 *   c7  u2 share   04:30 -            -> s1 organic (greater key than e1)
 *   c8  u1 comment 01:59 f1           -> fan               early
 *   c9  u1 like    03-03 05:00 f1     -> fan, after the window: not counted
 *   c10 u2 unlike  03:00 e1           -> explore L1
 *   official pick 03-01 05:00
 * n2 published 03-02 00:00, followers unknown, no events
 * n3 published 03-01 00:00, 100000 followers, only events after its window
 * </pre>
 */
@SparkTest
class NotePathsTest {
  /** 03-01 + 2 days window + 3 days of lateness ends after 03-03: no note is final yet. */
  private static final LocalDate AS_OF = LocalDate.of(2024, 3, 3);

  private static PathResult build(SparkSession spark) {
    Dataset<Row> notes =
        notes(
            spark,
            note("n1", P, 150L),
            note("n2", t("2024-03-02T00:00"), null),
            note("n3", P, 100_000L));
    Dataset<Row> impressions =
        impressions(
            spark,
            impression("f1", "n1", "u1", t("2024-03-01T01:00"), "home_feed", true, false, D1),
            impression("e1", "n1", "u2", t("2024-03-01T02:00"), "home_feed", false, true, D1),
            impression("e2", "n1", "u3", t("2024-03-01T02:00"), "hot_feed", false, false, D1),
            impression("e3", "n1", "u4", t("2024-03-01T03:00"), "home_feed", false, false, D1),
            impression("s1", "n1", "u2", t("2024-03-01T04:00"), "search", false, false, D1),
            impression("e4", "n1", "u5", t("2024-03-01T00:30"), "home_feed", false, false, D2),
            impression("ex", "n1", "u6", t("2024-03-03T01:00"), "home_feed", false, false, D3),
            impression("z1", "n3", "u1", t("2024-03-03T02:00"), "hot_feed", false, true, D3));
    Dataset<Row> interactions =
        interactions(
            spark,
            interaction("c1", "n1", "u1", t("2024-03-01T01:30"), "like", null, D1),
            interaction("c2", "n1", "u7", t("2024-03-01T01:45"), "comment", null, D1),
            interaction("c3", "n1", "u2", t("2024-03-01T02:30"), "like", "e1", D1),
            interaction("c4", "n1", "u2", t("2024-03-01T02:10"), "open", "e1", D1),
            interaction("c5", "n1", "u3", t("2024-03-01T02:05"), "collect", null, D1),
            interaction("c6", "n1", "u4", t("2024-03-01T03:30"), "like", "e3", D1),
            interaction("c7", "n1", "u2", t("2024-03-01T04:30"), "share", null, D1),
            interaction("c8", "n1", "u1", t("2024-03-01T01:59"), "comment", "f1", D1),
            interaction("c9", "n1", "u1", t("2024-03-03T05:00"), "like", "f1", D3),
            interaction("c10", "n1", "u2", t("2024-03-01T03:00"), "unlike", "e1", D1),
            interaction("z2", "n3", "u1", t("2024-03-03T02:30"), "like", "z1", D3));
    Dataset<Row> picks =
        rows(
            spark,
            AcceptedSchemas.OFFICIAL_PICKS,
            row("n1", "acc1", t("2024-03-01T05:00"), D1, D1));
    return NotePaths.build(notes, impressions, interactions, picks, SETTINGS, AS_OF);
  }

  /** docs/tables.md, note_paths, in order. */
  private static StructType notePathsSchema() {
    List<Object[]> cols = new ArrayList<>();
    for (String c : List.of("note_id", "author_id", "category", "note_type", "author_tier")) {
      cols.add(new Object[] {c, DataTypes.StringType});
    }

    for (String c :
        List.of(
            "published_at", "first_impression_at", "first_explore_at", "cold_start_completed_at",
            "promoted_at", "level3_at", "level4_at", "hot_feed_at", "official_pick_at")) {
      cols.add(new Object[] {c, DataTypes.TimestampType});
    }

    cols.add(new Object[] {"max_level", DataTypes.IntegerType});
    cols.add(new Object[] {"furthest_stage", DataTypes.StringType});
    for (String c :
        List.of(
            "impressions", "unique_viewers", "fan_impressions", "explore_impressions",
            "official_impressions", "organic_impressions", "level1_impressions",
            "level2_impressions", "level3_impressions", "level4_impressions",
            "new_viewer_impressions", "opens", "likes", "collects", "comments", "shares",
            "follows", "unlikes", "uncollects", "interactions", "unattributed_interactions")) {
      cols.add(new Object[] {c, DataTypes.LongType});
    }

    for (String c : List.of("ctr", "interaction_rate", "interaction_rate_per_open")) {
      cols.add(new Object[] {c, DataTypes.DoubleType});
    }

    for (String c :
        List.of(
            "cold_start_impressions", "cold_start_opens", "cold_start_likes",
            "cold_start_collects", "cold_start_comments", "cold_start_shares",
            "cold_start_follows", "cold_start_interactions", "early_fan_interactions")) {
      cols.add(new Object[] {c, DataTypes.LongType});
    }

    cols.add(new Object[] {"is_seeded", DataTypes.BooleanType});
    cols.add(new Object[] {"is_complete", DataTypes.BooleanType});
    cols.add(new Object[] {"as_of", DataTypes.DateType});
    cols.add(new Object[] {"publish_date", DataTypes.DateType});
    StructType schema = new StructType();
    for (Object[] c : cols) {
      schema = schema.add((String) c[0], (DataType) c[1]);
    }

    return schema;
  }

  @Test
  void notePathsRowsAndColumns(SparkSession spark) {
    Dataset<Row> actual = build(spark).notePaths();
    StructType schema = notePathsSchema();
    Dataset<Row> expected =
        rows(
            spark,
            schema,
            row(
                "n1", "a-n1", "food", "image", "100-999", P,
                // first impression f1 (e4's earlier ts landed a day late); explore ranks 1, 2, 3
                // are e1, e2, e3; ranks 5 and 7 not reached; first hot_feed e2; the pick
                t("2024-03-01T01:00"), t("2024-03-01T02:00"), t("2024-03-01T02:00"),
                t("2024-03-01T03:00"), null, null, t("2024-03-01T02:00"), t("2024-03-01T05:00"),
                // 4 explore: ladder[0] < 4 <= ladder[1]
                2, "promoted_l2",
                // impressions f1 e1 e2 e3 s1 e4 = 6; viewers u1..u5 = 5; fan 1, explore 4,
                // official 0, organic 1; levels 2, 2, 0, 0; new viewer e1 = 1
                6L, 5L, 1L, 4L, 0L, 1L, 2L, 2L, 0L, 0L, 1L,
                // opens c4; likes c1 c3 c6 (c9 after the window); collects c5; comments c2 c8;
                // shares c7; follows 0; unlikes c10; uncollects 0
                1L, 3L, 1L, 2L, 1L, 0L, 1L, 0L,
                // interactions 3 + 1 + 2 = 6; unattributed c2
                6L, 1L,
                // ctr 1/6, interaction_rate 6/6, per open 6/1
                1.0 / 6, 1.0, 6.0,
                // cold start: impressions e1 e2; open c4, like c3, collect c5; interactions 2
                2L, 1L, 1L, 1L, 0L, 0L, 0L, 2L,
                // early fan: c1 (fan), c2 (unattributed), c8 (fan) before 02:00 = 3 >= 3
                3L, true,
                // window ended 03-03 00:00 < 03-04 00:00
                false, AS_OF, D1),
            row(
                "n2", "a-n2", "food", "image", "unknown", t("2024-03-02T00:00"),
                null, null, null, null, null, null, null, null,
                0, "unseen",
                0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L,
                0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L,
                0L, 0L,
                null, null, null,
                0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L,
                0L, false,
                // window ends 03-04 00:00, not before the end of the run date
                false, AS_OF, D2),
            row(
                // only events after the window: unseen, zero counts, null milestones
                "n3", "a-n3", "food", "image", "100k+", P,
                null, null, null, null, null, null, null, null,
                0, "unseen",
                0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L,
                0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L,
                0L, 0L,
                null, null, null,
                0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L,
                0L, false,
                false, AS_OF, D1));
    assertThat(actual.columns()).containsExactly(schema.fieldNames());
    assertSameRows(expected, actual);
  }

  @Test
  void classifiedImpressionsKeepEveryImpression(SparkSession spark) {
    Dataset<Row> classified = build(spark).classifiedImpressions();
    assertThat(classified.columns())
        .containsExactly(
            "event_id", "note_id", "viewer_id", "ts", "surface", "viewer_is_follower",
            "viewer_is_new", "rec_pool", "event_date", "dt", "author_id", "category", "note_type",
            "published_at", "publish_date", "impression_class", "in_path", "level");
    StructType schema =
        new StructType()
            .add("event_id", DataTypes.StringType)
            .add("impression_class", DataTypes.StringType)
            .add("in_path", DataTypes.BooleanType)
            .add("level", DataTypes.IntegerType);
    assertSameRows(
        rows(
            spark,
            schema,
            row("f1", "fan", true, 0),
            row("e1", "explore", true, 1),
            row("e2", "explore", true, 1),
            row("e3", "explore", true, 2),
            row("s1", "organic", true, 0),
            row("e4", "explore", true, 2),
            row("ex", "explore", false, null),
            row("z1", "explore", false, null)),
        classified.select("event_id", "impression_class", "in_path", "level"));
  }

  @Test
  void attributedInteractionsKeepEveryInteraction(SparkSession spark) {
    Dataset<Row> attributed = build(spark).attributedInteractions();
    assertThat(attributed.columns())
        .containsExactly(
            "event_id", "note_id", "user_id", "ts", "action", "impression_id", "dwell_ms",
            "event_date", "dt", "author_id", "category", "note_type", "published_at",
            "publish_date", "in_path", "attributed_class", "attributed_level",
            "attributed_surface", "attributed_viewer_is_new", "attributed_impression_ts",
            "attributed_impression_dt", "found_by");
    StructType schema =
        new StructType()
            .add("event_id", DataTypes.StringType)
            .add("in_path", DataTypes.BooleanType)
            .add("attributed_class", DataTypes.StringType)
            .add("attributed_level", DataTypes.IntegerType)
            .add("attributed_impression_ts", DataTypes.TimestampType);
    assertSameRows(
        rows(
            spark,
            schema,
            row("c1", true, "fan", 0, t("2024-03-01T01:00")),
            row("c2", true, "unattributed", null, null),
            row("c3", true, "explore", 1, t("2024-03-01T02:00")),
            row("c4", true, "explore", 1, t("2024-03-01T02:00")),
            row("c5", true, "explore", 1, t("2024-03-01T02:00")),
            row("c6", true, "explore", 2, t("2024-03-01T03:00")),
            row("c7", true, "organic", 0, t("2024-03-01T04:00")),
            row("c8", true, "fan", 0, t("2024-03-01T01:00")),
            row("c9", false, "fan", 0, t("2024-03-01T01:00")),
            row("c10", true, "explore", 1, t("2024-03-01T02:00")),
            // z1 is after n3's window: explore with a null level
            row("z2", false, "explore", null, t("2024-03-03T02:00"))),
        attributed.select(
            "event_id", "in_path", "attributed_class", "attributed_level",
            "attributed_impression_ts"));
  }
}
