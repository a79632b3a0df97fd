package io.notepath.output;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The output tables (docs/tables.md), each declared once: name, columns in order with their
 * types, and the partition columns. The writer checks every table against its declaration before
 * it writes; the transforms select these columns; the tests derive the documented contract from
 * here.
 */
public enum OutputTable {
  NOTE_PATHS(
      "note_paths",
      List.of("publish_date"),
      columns(
          strings("note_id", "author_id", "category", "note_type", "author_tier"),
          timestamps(
              "published_at", "first_impression_at", "first_explore_at", "cold_start_completed_at",
              "promoted_at", "level3_at", "level4_at", "hot_feed_at", "official_pick_at"),
          of("max_level", IntegerType),
          strings("furthest_stage"),
          longs(
              "impressions", "unique_viewers", "fan_impressions", "explore_impressions",
              "official_impressions", "organic_impressions", "level1_impressions",
              "level2_impressions", "level3_impressions", "level4_impressions",
              "new_viewer_impressions", "opens", "likes", "collects", "comments", "shares",
              "follows", "unlikes", "uncollects", "interactions", "unattributed_interactions"),
          doubles("ctr", "interaction_rate", "interaction_rate_per_open"),
          longs(
              "cold_start_impressions", "cold_start_opens", "cold_start_likes",
              "cold_start_collects", "cold_start_comments", "cold_start_shares",
              "cold_start_follows", "cold_start_interactions", "early_fan_interactions"),
          booleans("is_seeded", "is_complete"),
          dates("as_of", "publish_date"))),
  STAGE_FUNNEL(
      "stage_funnel",
      List.of("publish_date"),
      columns(
          strings("category", "note_type", "author_tier"),
          longs(
              "notes", "notes_distributed", "notes_explored", "notes_cold_start_completed",
              "notes_promoted", "notes_level3", "notes_level4", "notes_hot_feed",
              "notes_official_pick"),
          doubles(
              "distributed_rate", "explored_rate", "cold_start_completion_rate", "promotion_rate",
              "level3_rate", "level4_rate", "p50_hours_to_first_explore",
              "p90_hours_to_first_explore", "p50_hours_to_cold_start_completed",
              "p90_hours_to_cold_start_completed", "p50_hours_to_promoted",
              "p90_hours_to_promoted"),
          booleans("is_complete"),
          dates("as_of", "publish_date"))),
  COLD_START_OUTCOMES(
      "cold_start_outcomes",
      List.of("publish_date"),
      columns(
          strings("category", "cold_start_interactions_bucket"),
          booleans("is_seeded"),
          longs("notes", "promoted_notes", "level3_notes"),
          doubles("promotion_rate", "p50_impressions"),
          dates("as_of", "publish_date"))),
  REACH_DAILY(
      "reach_daily",
      List.of("dt"),
      columns(
          strings("category", "note_type", "impression_class"),
          of("level", IntegerType),
          strings("surface"),
          booleans("viewer_is_new"),
          longs(
              "impressions", "unique_viewers", "notes", "opens", "likes", "collects", "comments",
              "shares", "follows", "unlikes", "uncollects", "interactions"),
          doubles("ctr", "interaction_rate"),
          dates("dt"))),
  NOTE_DAILY(
      "note_daily",
      List.of("dt"),
      columns(
          strings("note_id", "author_id", "category"),
          dates("publish_date"),
          longs("impressions", "unique_viewers", "explore_impressions", "opens", "interactions"),
          of("level_at_end_of_day", IntegerType),
          dates("dt"))),
  REJECTS(
      "_rejects",
      List.of("dt", "source_table"),
      columns(strings("record", "reason", "detail"), dates("dt"), strings("source_table")));

  private final String tableName;
  private final List<String> partitions;
  private final StructType schema;

  OutputTable(String tableName, List<String> partitions, StructType schema) {
    this.tableName = tableName;
    this.partitions = partitions;
    this.schema = schema;
  }

  /** The table's directory name under the output root. */
  public String tableName() {
    return tableName;
  }

  public List<String> partitions() {
    return partitions;
  }

  /** Every column in order (partition columns included, where the transforms put them). */
  public StructType schema() {
    return schema;
  }

  public List<String> columnNames() {
    return Arrays.asList(schema.fieldNames());
  }

  /** Columns the name and type of which differ from the declaration, as readable problems. */
  public List<String> mismatches(StructType actual) {
    List<String> problems = new ArrayList<>();
    List<String> expected = columnNames();
    List<String> got = Arrays.asList(actual.fieldNames());
    if (!expected.equals(got)) {
      problems.add("columns " + got + ", declared " + expected);
      return problems;
    }

    for (StructField f : schema.fields()) {
      DataType t = actual.apply(f.name()).dataType();
      if (!t.equals(f.dataType())) {
        problems.add(f.name() + " is " + t.simpleString() + ", declared " + f.dataType().simpleString());
      }
    }

    return problems;
  }

  /** Every output table's directory name, in the order a run writes them. */
  public static List<String> names() {
    return Arrays.stream(values()).map(OutputTable::tableName).toList();
  }

  private static StructType columns(StructType... parts) {
    StructType s = new StructType();
    for (StructType p : parts) {
      for (StructField f : p.fields()) {
        s = s.add(f);
      }
    }

    return s;
  }

  private static StructType of(String name, DataType type) {
    return new StructType().add(name, type);
  }

  private static StructType typed(DataType type, String... names) {
    StructType s = new StructType();
    for (String n : names) {
      s = s.add(n, type);
    }

    return s;
  }

  private static StructType strings(String... names) {
    return typed(StringType, names);
  }

  private static StructType longs(String... names) {
    return typed(LongType, names);
  }

  private static StructType doubles(String... names) {
    return typed(DoubleType, names);
  }

  private static StructType booleans(String... names) {
    return typed(BooleanType, names);
  }

  private static StructType timestamps(String... names) {
    return typed(TimestampType, names);
  }

  private static StructType dates(String... names) {
    return typed(DateType, names);
  }
}
