package io.notepath.paths;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.try_divide;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Additive per-note counts of note_paths (XHS creator-centre conventions) and the rates made from
 * them. Only in-path events count. Every name ending in {@code interactions} counts likes +
 * collects + comments only. unique_viewers is a count distinct: Spark plans it by first grouping
 * on (note_id, viewer_id), so a viral note's viewers are spread over many tasks.
 */
public final class NoteMetrics {
  private NoteMetrics() {}

  /** Per-note counts of in-path impressions; their class and level are final once landed. */
  public static final List<String> IMPRESSION_COUNTS =
      List.of(
          "impressions",
          "unique_viewers",
          "fan_impressions",
          "explore_impressions",
          "official_impressions",
          "organic_impressions",
          "level1_impressions",
          "level2_impressions",
          "level3_impressions",
          "level4_impressions",
          "new_viewer_impressions");

  /** Milestone times of a note's path; fixed once reached (official_pick_at is a minimum). */
  public static final List<String> MILESTONES =
      List.of(
          "first_impression_at",
          "first_explore_at",
          "cold_start_completed_at",
          "promoted_at",
          "level3_at",
          "level4_at",
          "hot_feed_at",
          "official_pick_at");

  /** Per-note counts of in-path interactions; some depend on their attribution. */
  public static final List<String> INTERACTION_COUNTS =
      List.of(
          "opens",
          "likes",
          "collects",
          "comments",
          "shares",
          "follows",
          "unlikes",
          "uncollects",
          "interactions",
          "unattributed_interactions",
          "cold_start_opens",
          "cold_start_likes",
          "cold_start_collects",
          "cold_start_comments",
          "cold_start_shares",
          "cold_start_follows",
          "cold_start_interactions",
          "early_fan_interactions");

  /** The actions that make up "interactions" (互动量). */
  public static final List<String> INTERACTION_ACTIONS = List.of("like", "collect", "comment");

  /**
   * One row per note with an in-path impression: note_id, impressions, unique_viewers,
   * fan/explore/official/organic_impressions, level1..level4_impressions,
   * new_viewer_impressions.
   */
  public static Dataset<Row> aggregateImpressionMetrics(Dataset<Row> classifiedImpressions) {
    RequiredColumns.check(
        classifiedImpressions,
        "aggregateImpressionMetrics",
        "note_id",
        "viewer_id",
        "viewer_is_new",
        "impression_class",
        "level",
        "in_path");
    Column cls = col("impression_class");
    Column explore = cls.equalTo(ImpressionClasses.EXPLORE);
    return classifiedImpressions
        .filter(col("in_path"))
        .groupBy("note_id")
        .agg(
            count(lit(1)).as("impressions"),
            count_distinct(col("viewer_id")).as("unique_viewers"),
            count_if(cls.equalTo(ImpressionClasses.FAN)).as("fan_impressions"),
            count_if(explore).as("explore_impressions"),
            count_if(cls.equalTo(ImpressionClasses.OFFICIAL)).as("official_impressions"),
            count_if(cls.equalTo(ImpressionClasses.ORGANIC)).as("organic_impressions"),
            count_if(explore.and(col("level").equalTo(1))).as("level1_impressions"),
            count_if(explore.and(col("level").equalTo(2))).as("level2_impressions"),
            count_if(explore.and(col("level").equalTo(3))).as("level3_impressions"),
            count_if(explore.and(col("level").equalTo(4))).as("level4_impressions"),
            count_if(col("viewer_is_new")).as("new_viewer_impressions"));
  }

  /**
   * One row per note with an in-path interaction: note_id, opens, likes, collects, comments,
   * shares, follows, unlikes, uncollects, interactions, unattributed_interactions,
   * cold_start_opens/likes/collects/comments/shares/follows, cold_start_interactions. Cold-start
   * counts are those attributed to level-1 explore impressions.
   */
  public static Dataset<Row> aggregateInteractionMetrics(Dataset<Row> attributedInteractions) {
    RequiredColumns.check(
        attributedInteractions,
        "aggregateInteractionMetrics",
        "note_id",
        "action",
        "in_path",
        "attributed_class",
        "attributed_level");
    List<Column> aggs = interactionCounts(lit(true), "");
    return attributedInteractions
        .filter(col("in_path"))
        .groupBy("note_id")
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
  }

  /**
   * The aggregate expressions of {@link #aggregateInteractionMetrics}, over the rows where {@code
   * scope} holds, each named {@code prefix} + its column name: one aggregation can count several
   * scopes of the same rows.
   */
  public static List<Column> interactionCounts(Column scope, String prefix) {
    Column interaction = col("action").isin(INTERACTION_ACTIONS.toArray());
    Column coldStart =
        col("attributed_class")
            .equalTo(ImpressionClasses.EXPLORE)
            .and(col("attributed_level").equalTo(1));
    List<Column> aggs = new ArrayList<>();
    for (Column c : actionCounts(scope, "")) {
      aggs.add(c);
    }

    aggs.add(count_if(scope.and(action("unlike"))).as("unlikes"));
    aggs.add(count_if(scope.and(action("uncollect"))).as("uncollects"));
    aggs.add(count_if(scope.and(interaction)).as("interactions"));
    aggs.add(
        count_if(scope.and(interaction).and(col("attributed_class").equalTo(Attribution.UNATTRIBUTED)))
            .as("unattributed_interactions"));
    aggs.addAll(actionCounts(scope.and(coldStart), "cold_start_"));
    aggs.add(count_if(scope.and(coldStart).and(interaction)).as("cold_start_interactions"));
    List<Column> named = new ArrayList<>();
    List<String> names =
        List.of("opens", "likes", "collects", "comments", "shares", "follows", "unlikes",
            "uncollects", "interactions", "unattributed_interactions", "cold_start_opens",
            "cold_start_likes", "cold_start_collects", "cold_start_comments", "cold_start_shares",
            "cold_start_follows", "cold_start_interactions");
    for (int i = 0; i < aggs.size(); i++) {
      named.add(aggs.get(i).as(prefix + names.get(i)));
    }

    return named;
  }

  /**
   * Adds ctr (opens / impressions), interaction_rate (interactions / impressions) and
   * interaction_rate_per_open (interactions / opens); null over a zero denominator.
   */
  public static Dataset<Row> withRates(Dataset<Row> notePaths) {
    RequiredColumns.check(notePaths, "withRates", "impressions", "opens", "interactions");
    return notePaths
        .withColumn("ctr", try_divide(col("opens"), col("impressions")))
        .withColumn("interaction_rate", try_divide(col("interactions"), col("impressions")))
        .withColumn("interaction_rate_per_open", try_divide(col("interactions"), col("opens")));
  }

  private static List<Column> actionCounts(Column when, String prefix) {
    return List.of(
        count_if(when.and(action("open"))).as(prefix + "opens"),
        count_if(when.and(action("like"))).as(prefix + "likes"),
        count_if(when.and(action("collect"))).as(prefix + "collects"),
        count_if(when.and(action("comment"))).as(prefix + "comments"),
        count_if(when.and(action("share"))).as(prefix + "shares"),
        count_if(when.and(action("follow_author"))).as(prefix + "follows"));
  }

  private static Column action(String action) {
    return col("action").equalTo(action);
  }
}
