package io.notepath.simulate;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the job should find, computed from the clean events the simulator generated (before any
 * fault copy): per note the levels it truly reached, the milestone times of DESIGN §3 and the
 * counts per class, level and action. The simulator knows the pool that served each impression;
 * because explore impressions are timed in rank order and land on their own date in a fault-free
 * run, these are exactly the job's count-based definitions.
 *
 * <p>Interaction counts come from the interactions' own rows, except {@code
 * cold_start_interactions}, which uses the impression each interaction truly followed; the job
 * agrees with it whenever impression_id is logged (impression-id-missing-share = 0), and may differ
 * in rare cases otherwise (a viewer who saw the note twice within the attribution window).
 *
 * <p>Per-note aggregation is partial (map-side) before its shuffle, so a viral note's millions of
 * events never meet in one task.
 */
final class GroundTruth {
  private GroundTruth() {}

  static final String[] ACTIONS = {
    "open", "like", "collect", "comment", "share", "follow_author", "unlike", "uncollect"
  };

  static final String[] ACTION_COLUMNS = {
    "opens", "likes", "collects", "comments", "shares", "follows", "unlikes", "uncollects"
  };

  /** Sums and first times per note over clean event rows that carry fault flags. */
  static Dataset<Row> aggregateNoteTruth(Dataset<Row> events, SimulateSettings s) {
    int[] ladder = s.ladder();
    Column imp = col("table").equalTo(Events.IMPRESSIONS);
    Column cls = col("impression_class");
    List<Column> aggs = new ArrayList<>();
    aggs.add(count(imp).as("impressions"));
    for (String c : new String[] {"fan", "explore", "official", "organic"}) {
      aggs.add(count(imp.and(cls.equalTo(c))).as(c + "_impressions"));
    }

    for (int level = 1; level <= 4; level++) {
      aggs.add(
          count(imp.and(cls.equalTo("explore")).and(col("level").equalTo(level)))
              .as("level" + level + "_impressions"));
    }

    aggs.add(count(imp.and(col("viewer_is_new"))).as("new_viewer_impressions"));
    aggs.add(min(when(imp, col("ts_ms"))).as("first_impression_ms"));
    aggs.add(atRank(1).as("first_explore_ms"));
    aggs.add(atRank(ladder[0]).as("cold_start_completed_ms"));
    aggs.add(atRank(ladder[0] + 1L).as("promoted_ms"));
    aggs.add(atRank(ladder[1] + 1L).as("level3_ms"));
    aggs.add(atRank(ladder[2] + 1L).as("level4_ms"));
    aggs.add(
        min(when(imp.and(col("surface").equalTo("hot_feed")), col("ts_ms"))).as("hot_feed_ms"));
    for (int i = 0; i < ACTIONS.length; i++) {
      aggs.add(count(col("action").equalTo(ACTIONS[i])).as(ACTION_COLUMNS[i]));
    }

    Column interaction = col("action").isin("like", "collect", "comment");
    aggs.add(
        count(interaction.and(cls.equalTo("explore")).and(col("level").equalTo(1)))
            .as("cold_start_interactions"));
    for (String table : new String[] {Events.IMPRESSIONS, Events.INTERACTIONS}) {
      for (int k = 0; k < Faults.KINDS.length; k++) {
        aggs.add(
            count(col("table").equalTo(table).and(col(Faults.FLAGS[k])))
                .as(faultColumn(table, Faults.KINDS[k])));
      }
    }

    return events
        .groupBy("nid")
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
  }

  /** One row per note: its attributes, truth and the counts (0 for a note nobody saw). */
  static Dataset<Row> selectGroundTruth(
      Dataset<Row> plan, Dataset<Row> noteTruth, SimulateSettings s, LandingCalendar cal) {
    int[] ladder = s.ladder();
    Dataset<Row> joined =
        plan.join(
            noteTruth.withColumnRenamed("nid", "truth_nid"),
            col("nid").equalTo(col("truth_nid")),
            "left");
    Column explore = coalesce(col("explore_impressions"), lit(0L));
    Column maxLevel =
        when(explore.equalTo(0), 0)
            .when(explore.leq(ladder[0]), 1)
            .when(explore.leq(ladder[1]), 2)
            .when(explore.leq(ladder[2]), 3)
            .otherwise(4);
    List<Column> out = new ArrayList<>();
    out.add(col("note_id"));
    out.add(col("author_id"));
    out.add(col("followers").as("author_followers"));
    out.add(col("category"));
    out.add(col("note_type"));
    out.add(timestamp_millis(col("published_ms")).as("published_at"));
    out.add(to_date(cal.dateOf(col("pub_day"))).as("publish_date"));
    out.add(maxLevel.as("max_level"));
    for (String t :
        new String[] {
          "first_impression",
          "first_explore",
          "cold_start_completed",
          "promoted",
          "level3",
          "level4",
          "hot_feed"
        }) {
      out.add(timestamp_millis(col(t + "_ms")).as(t + "_at"));
    }

    out.add(timestamp_millis(col("picked_ms")).as("official_pick_at"));
    for (String c : countColumns()) {
      out.add(coalesce(col(c), lit(0L)).as(c));
    }

    out.add(col("is_seeded").as("is_seeded_true"));
    out.add(col("is_viral"));
    out.add(col("quality"));
    return joined.select(out.toArray(Column[]::new));
  }

  /** Every count column of the ground truth, in order. */
  static List<String> countColumns() {
    List<String> cols = new ArrayList<>();
    cols.add("impressions");
    for (String c : new String[] {"fan", "explore", "official", "organic"}) {
      cols.add(c + "_impressions");
    }

    for (int level = 1; level <= 4; level++) {
      cols.add("level" + level + "_impressions");
    }

    cols.add("new_viewer_impressions");
    cols.addAll(List.of(ACTION_COLUMNS));
    cols.add("cold_start_interactions");
    return cols;
  }

  /** Fault counts of one kind in one table: the column name in the per-note truth. */
  static String faultColumn(String table, String kind) {
    return "faults_" + table + "_" + kind;
  }

  /** Users and the interest domains they chose (see {@link Impressions} for the layout). */
  static Dataset<Row> selectUsers(Dataset<Row> ids, SimulateSettings s) {
    int c = s.categories().size();
    int spread = s.maxInterestDomains() - s.minInterestDomains() + 1;
    long newUsers = s.newUsers();
    Column isNew = col("id").lt(lit(newUsers));
    Column j = col("id").minus(when(isNew, lit(0L)).otherwise(lit(newUsers)));
    String domains =
        String.format(
            "transform(sequence(0, %d + cast((j div %d) %% %d as int) - 1), k -> cats[cast((j + k)"
                + " %% %d as int)])",
            s.minInterestDomains(), c, spread, c);
    return ids.withColumn("is_new", isNew)
        .withColumn("j", j)
        .withColumn("cats", lit(s.categories().toArray(String[]::new)))
        .select(
            concat(lit("u"), col("id").cast("string")).as("user_id"),
            col("is_new"),
            expr(domains).as("interest_domains"));
  }

  private static Column atRank(long rank) {
    return min(when(col("ac").equalTo(0).and(col("rank").equalTo(rank)), col("ts_ms")));
  }

  private static Column count(Column condition) {
    return sum(when(condition, lit(1L)).otherwise(lit(0L)));
  }
}
