package io.notepath.simulate;

import static io.notepath.simulate.SimulateFixtures.level;
import static io.notepath.simulate.SimulateFixtures.lines;
import static io.notepath.simulate.SimulateFixtures.parsed;
import static io.notepath.simulate.SimulateFixtures.settings;
import static io.notepath.testing.DatasetAssert.assertSameRows;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import io.notepath.testing.SparkTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One fault-free simulation of the small platform of {@link SimulateFixtures} (300 notes, ladder
 * [5, 20, 60], 6-day window), checked for its layout, its records, and a ground truth that the
 * stage model of DESIGN §3, recomputed here from the written files alone, must reproduce.
 */
@SparkTest
class SimulateJobTest {
  @TempDir static Path dir;

  static SimulateSettings s;
  static SimulateSummary summary;
  static String root;

  @BeforeAll
  static void simulate(SparkSession spark) {
    s = settings();
    root = dir.resolve("clean").toString();
    summary = SimulateJob.run(spark, s, root);
  }

  @Test
  void landsEveryDayOfEveryTableWithSuccess() throws IOException {
    // Publish days 2024-01-01..02, then the 6-day window and 2 spare days for late and
    // next-day copies: 2024-01-01 .. 2024-01-10, ten partitions per table, empty ones too.
    List<String> expected = new ArrayList<>();
    for (int day = 1; day <= 10; day++) {
      expected.add(String.format("dt=2024-01-%02d", day));
    }

    for (String table : LandingWriter.TABLES) {
      try (Stream<Path> dirs = Files.list(Path.of(root, table))) {
        List<Path> partitions = dirs.sorted().toList();
        assertThat(partitions)
            .extracting(p -> p.getFileName().toString())
            .containsExactlyElementsOf(expected);
        assertThat(partitions).allSatisfy(p -> assertThat(p.resolve("_SUCCESS")).exists());
      }
    }
  }

  @Test
  void writesOnlyWellFormedRecordsWhenFaultFree(SparkSession spark) {
    for (String table : LandingWriter.TABLES) {
      Dataset<Row> all = lines(spark, root, table);
      assertThat(all.filter(col("is_object").equalTo(false)).count()).as(table).isZero();
      assertThat(all.count()).as(table).isEqualTo(summary.rowsWritten().get(table));
      assertThat(summary.faultsInjected().get(table).values()).as(table).containsOnly(0L);
    }

    Dataset<Row> impressions =
        parsed(
            spark,
            root,
            "impressions",
            "ts",
            "event_id",
            "note_id",
            "viewer_id",
            "surface",
            "viewer_is_follower",
            "viewer_is_new");
    assertThat(
            impressions
                .filter(
                    not(col("surface")
                            .isin(
                                "home_feed",
                                "follow_feed",
                                "hot_feed",
                                "search",
                                "profile",
                                "nearby",
                                "share_link",
                                "official",
                                "other"))
                        .or(not(col("viewer_is_follower").isin("true", "false")))
                        .or(not(col("viewer_is_new").isin("true", "false")))
                        .or(col("event_id").isNull())
                        .or(col("viewer_id").isNull())
                        .or(col("ts").isNull()))
                .count())
        .isZero();
    Dataset<Row> interactions =
        parsed(spark, root, "interactions", "ts", "event_id", "note_id", "user_id", "action");
    assertThat(
            interactions
                .filter(
                    not(col("action")
                            .isin(
                                "open",
                                "like",
                                "unlike",
                                "collect",
                                "uncollect",
                                "comment",
                                "share",
                                "follow_author"))
                        .or(col("user_id").isNull())
                        .or(col("ts").isNull()))
                .count())
        .isZero();
    Dataset<Row> notes =
        parsed(
            spark,
            root,
            "notes",
            "published_at",
            "note_id",
            "author_id",
            "category",
            "note_type",
            "author_followers");
    assertThat(
            notes
                .filter(
                    not(col("category").isin(s.categories().toArray()))
                        .or(not(col("note_type").isin("image", "video")))
                        .or(col("author_followers").cast("long").isNull()))
                .count())
        .isZero();
    assertThat(notes.select("note_id").distinct().count()).isEqualTo(300);

    // Fault-free: every record lands on the date of its own time (UTC), never before publish.
    Dataset<Row> published = notes.select(col("note_id").as("n"), col("published_at"));
    for (Dataset<Row> events : List.of(impressions, interactions)) {
      Dataset<Row> joined = events.join(published, col("note_id").equalTo(col("n")), "left");
      assertThat(joined.filter(col("published_at").isNull()).count()).isZero();
      assertThat(joined.filter(col("ts").lt(col("published_at"))).count()).isZero();
      assertThat(joined.filter(date_format(col("ts"), "yyyy-MM-dd").notEqual(col("dt"))).count())
          .isZero();
    }
  }

  @Test
  void groundTruthIsWhatTheStageModelFindsInTheWrittenFiles(SparkSession spark) {
    int[] ladder = s.ladder();
    Dataset<Row> notes = parsed(spark, root, "notes", "published_at", "note_id");
    Dataset<Row> impressions =
        parsed(
            spark,
            root,
            "impressions",
            "ts",
            "event_id",
            "note_id",
            "surface",
            "viewer_is_follower",
            "viewer_is_new");
    Column cls =
        when(col("viewer_is_follower").equalTo("true"), "fan")
            .when(col("surface").isin("home_feed", "hot_feed"), "explore")
            .when(col("surface").equalTo("official"), "official")
            .otherwise("organic");
    Column rank =
        row_number()
            .over(
                Window.partitionBy("note_id", "cls")
                    .orderBy(col("dt"), col("ts"), col("event_id")));
    Dataset<Row> ranked =
        impressions
            .withColumn("cls", cls)
            .withColumn("r", when(col("cls").equalTo("explore"), rank));
    Column explore = col("cls").equalTo("explore");
    List<Column> aggs = new ArrayList<>();
    aggs.add(count(lit(1)).as("impressions"));
    for (String c : new String[] {"fan", "explore", "official", "organic"}) {
      aggs.add(n(col("cls").equalTo(c)).as(c + "_impressions"));
    }

    for (int l = 1; l <= 4; l++) {
      aggs.add(n(explore.and(level(col("r"), ladder).equalTo(l))).as("level" + l + "_impressions"));
    }

    aggs.add(n(col("viewer_is_new").equalTo("true")).as("new_viewer_impressions"));
    aggs.add(min("ts").as("first_impression_at"));
    aggs.add(at(1).as("first_explore_at"));
    aggs.add(at(ladder[0]).as("cold_start_completed_at"));
    aggs.add(at(ladder[0] + 1).as("promoted_at"));
    aggs.add(at(ladder[1] + 1).as("level3_at"));
    aggs.add(at(ladder[2] + 1).as("level4_at"));
    aggs.add(min(when(col("surface").equalTo("hot_feed"), col("ts"))).as("hot_feed_at"));
    Dataset<Row> perNote =
        ranked
            .groupBy("note_id")
            .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));

    Dataset<Row> interactions = parsed(spark, root, "interactions", "ts", "note_id", "action");
    List<Column> actions = new ArrayList<>();
    for (int i = 0; i < GroundTruth.ACTIONS.length; i++) {
      actions.add(
          n(col("action").equalTo(GroundTruth.ACTIONS[i])).as(GroundTruth.ACTION_COLUMNS[i]));
    }

    Dataset<Row> acted =
        interactions
            .groupBy("note_id")
            .agg(actions.get(0), actions.subList(1, actions.size()).toArray(Column[]::new));
    Dataset<Row> picks =
        parsed(spark, root, "official_picks", "picked_at", "note_id")
            .groupBy("note_id")
            .agg(min("picked_at").as("official_pick_at"));

    List<String> counts = new ArrayList<>(GroundTruth.countColumns());
    counts.remove("cold_start_interactions");
    List<Column> out = new ArrayList<>();
    out.add(col("note_id"));
    out.add(col("published_at"));
    for (String t :
        new String[] {
          "first_impression_at",
          "first_explore_at",
          "cold_start_completed_at",
          "promoted_at",
          "level3_at",
          "level4_at",
          "hot_feed_at",
          "official_pick_at"
        }) {
      out.add(col(t));
    }

    for (String c : counts) {
      out.add(coalesce(col(c), lit(0L)).as(c));
    }

    Column exploreCount = coalesce(col("explore_impressions"), lit(0L));
    out.add(
        when(exploreCount.equalTo(0), 0)
            .when(exploreCount.leq(ladder[0]), 1)
            .when(exploreCount.leq(ladder[1]), 2)
            .when(exploreCount.leq(ladder[2]), 3)
            .otherwise(4)
            .as("max_level"));
    Dataset<Row> expected =
        notes
            .select("note_id", "published_at")
            .join(perNote, new String[] {"note_id"}, "left")
            .join(acted, new String[] {"note_id"}, "left")
            .join(picks, new String[] {"note_id"}, "left")
            .select(out.toArray(Column[]::new));
    Dataset<Row> truth = spark.read().parquet(root + "/_ground_truth/ground_truth");
    assertSameRows(
        expected,
        truth.select(
            expected.columns()[0],
            Arrays.copyOfRange(expected.columns(), 1, expected.columns().length)));
  }

  @Test
  void groundTruthIsConsistent(SparkSession spark) {
    Dataset<Row> truth = spark.read().parquet(root + "/_ground_truth/ground_truth");
    // Rules that hold note by note, with ladder [5, 20, 60]: pools 2 and 3 are served in
    // full (15 and 40) and only after the previous pool was; milestones follow each other.
    Column broken =
        col("impressions")
            .notEqual(
                expr(
                    "fan_impressions + explore_impressions + official_impressions +"
                        + " organic_impressions"))
            .or(
                col("explore_impressions")
                    .notEqual(
                        expr(
                            "level1_impressions + level2_impressions + level3_impressions +"
                                + " level4_impressions")))
            .or(
                expr(
                    "level1_impressions > 5 or level2_impressions not in (0, 15) or"
                        + " level3_impressions not in (0, 40)"))
            .or(expr("level2_impressions > 0 and level1_impressions != 5"))
            .or(expr("level3_impressions > 0 and level2_impressions != 15"))
            .or(expr("level4_impressions > 0 and level3_impressions != 40"))
            .or(
                expr(
                    "max_level != case when explore_impressions = 0 then 0 when explore_impressions"
                        + " <= 5 then 1 when explore_impressions <= 20 then 2 when"
                        + " explore_impressions <= 60 then 3 else 4 end"))
            .or(
                expr(
                    "first_impression_at < published_at or first_explore_at < first_impression_at"))
            .or(expr("(cold_start_completed_at is null) != (explore_impressions < 5)"))
            .or(expr("cold_start_completed_at < first_explore_at"))
            .or(
                expr(
                    "(promoted_at is null) != (explore_impressions <= 5) or promoted_at <="
                        + " cold_start_completed_at"))
            .or(
                expr(
                    "(level3_at is null) != (explore_impressions <= 20) or level3_at <="
                        + " promoted_at"))
            .or(
                expr(
                    "(level4_at is null) != (explore_impressions <= 60) or level4_at <= level3_at"))
            .or(expr("hot_feed_at is not null and max_level < 3"))
            .or(
                expr(
                    "official_pick_at is not null and (max_level < 2 or official_pick_at <"
                        + " promoted_at)"))
            .or(expr("official_impressions > 0 and official_pick_at is null"))
            .or(
                expr(
                    "likes > opens or collects > opens or comments > opens or unlikes > likes or"
                        + " uncollects > collects"))
            .or(expr("cold_start_interactions > likes + collects + comments"));
    assertThat(truth.filter(broken).collectAsList()).isEmpty();

    // The viral note (id floor(0.5 x 300) = 150) got its 3000 explore impressions, 2940 of them
    // beyond the ladder, in chunks of 500 impressions.
    Row viral =
        truth
            .filter(col("is_viral"))
            .select("note_id", "explore_impressions", "level4_impressions")
            .first();
    assertThat(viral.toSeq()).isNotNull();
    assertThat(List.of(viral.getString(0), viral.getLong(1), viral.getLong(2)))
        .containsExactly("n150", 3000L, 2940L);
    assertThat(truth.filter(col("is_viral")).count()).isEqualTo(1);

    // The small platform reaches every stage, so the checks above are not vacuous.
    List<Row> levels = truth.groupBy("max_level").count().orderBy("max_level").collectAsList();
    assertThat(levels).extracting(r -> r.getInt(0)).containsExactly(0, 1, 2, 3, 4);
    assertThat(truth.filter(col("hot_feed_at").isNotNull()).count()).isPositive();
    assertThat(truth.filter(col("official_pick_at").isNotNull()).count()).isPositive();
    assertThat(truth.filter(col("is_seeded_true")).count()).isPositive();
    assertThat(truth.filter(col("new_viewer_impressions").gt(0)).count()).isPositive();

    Row totals =
        truth
            .agg(
                sum("impressions"),
                sum(
                    expr(
                        "opens + likes + collects + comments + shares + follows + unlikes +"
                            + " uncollects")))
            .first();
    assertThat(totals.getLong(0)).isEqualTo(summary.cleanRows().get("impressions"));
    assertThat(totals.getLong(1)).isEqualTo(summary.cleanRows().get("interactions"));
  }

  @Test
  void sameSeedGivesTheSameRowsWhateverThePartitioning(SparkSession spark) {
    String other = dir.resolve("repartitioned").toString();
    SimulateJob.run(
        spark,
        settings("notepath.simulate.partitions=3", "notepath.simulate.chunk-size=777"),
        other);
    for (String table : LandingWriter.TABLES) {
      assertSameRows(lines(spark, root, table), lines(spark, other, table));
    }

    assertSameRows(
        spark.read().parquet(root + "/_ground_truth/ground_truth"),
        spark.read().parquet(other + "/_ground_truth/ground_truth"));
    assertSameRows(
        spark.read().parquet(root + "/_ground_truth/users"),
        spark.read().parquet(other + "/_ground_truth/users"));
  }

  @Test
  void parquetHoldsTheSameRecords(SparkSession spark) {
    String other = dir.resolve("parquet").toString();
    SimulateSummary parquet =
        SimulateJob.run(spark, settings("notepath.simulate.format=parquet"), other);
    assertThat(spark.read().parquet(other + "/impressions").columns())
        .containsExactlyInAnyOrder(
            "event_id",
            "note_id",
            "viewer_id",
            "ts",
            "surface",
            "viewer_is_follower",
            "viewer_is_new",
            "rec_pool",
            "dt");
    assertThat(spark.read().parquet(other + "/interactions").columns())
        .containsExactlyInAnyOrder(
            "event_id", "note_id", "user_id", "ts", "action", "impression_id", "dwell_ms", "dt");
    assertThat(spark.read().parquet(other + "/notes").columns())
        .containsExactlyInAnyOrder(
            "note_id",
            "author_id",
            "published_at",
            "category",
            "note_type",
            "author_followers",
            "dt");
    assertThat(spark.read().parquet(other + "/official_picks").columns())
        .containsExactlyInAnyOrder("note_id", "account_id", "picked_at", "dt");
    for (String table : LandingWriter.TABLES) {
      assertThat(spark.read().parquet(other + "/" + table).count())
          .as(table)
          .isEqualTo(parquet.rowsWritten().get(table));
      assertThat(parquet.rowsWritten().get(table))
          .as(table)
          .isEqualTo(summary.rowsWritten().get(table));
    }

    // Same seed, same events: only the storage differs.
    Dataset<Row> impressions = spark.read().parquet(other + "/impressions");
    Dataset<Row> fromJson = parsed(spark, root, "impressions", "ts", "event_id");
    Column ts =
        when(col("ts").rlike("^[0-9]+$"), expr("timestamp_millis(cast(ts as long))"))
            .otherwise(expr("to_timestamp(ts)"));
    assertSameRows(
        fromJson.select(col("event_id"), col("ts"), col("dt")),
        impressions.select(col("event_id"), ts.as("ts"), col("dt").cast("string")));
    assertSameRows(
        spark.read().parquet(root + "/_ground_truth/ground_truth"),
        spark.read().parquet(other + "/_ground_truth/ground_truth"));
  }

  private static Column n(Column condition) {
    return sum(when(condition, 1L).otherwise(0L));
  }

  private static Column at(long rank) {
    return min(when(col("r").equalTo(rank), col("ts")));
  }

  private static Column not(Column c) {
    return org.apache.spark.sql.functions.not(c);
  }
}
