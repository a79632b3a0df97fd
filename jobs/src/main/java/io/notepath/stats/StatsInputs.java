package io.notepath.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.RelationalGroupedDataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The columns the stats transforms read from their inputs, and the checks every transform runs on
 * its first line.
 *
 * <p>The inputs are built by {@code io.notepath.paths} (note_paths, classified impressions,
 * attributed interactions) and ingest (notes). They carry more columns than listed here; stats
 * reads only these, so only these are required — by name and type (nullability is not checked). A
 * missing or mistyped column fails at plan time with a message naming the transform, the input
 * and each offending column, instead of an analyzer error deep inside an aggregation.
 */
public final class StatsInputs {
  private StatsInputs() {}

  /** note_paths (docs/tables.md): the per-note columns the funnel and outcome tables need. */
  public static final StructType NOTE_PATHS =
      new StructType()
          .add("note_id", DataTypes.StringType)
          .add("category", DataTypes.StringType)
          .add("note_type", DataTypes.StringType)
          .add("author_tier", DataTypes.StringType)
          .add("published_at", DataTypes.TimestampType)
          .add("first_explore_at", DataTypes.TimestampType)
          .add("cold_start_completed_at", DataTypes.TimestampType)
          .add("promoted_at", DataTypes.TimestampType)
          .add("hot_feed_at", DataTypes.TimestampType)
          .add("official_pick_at", DataTypes.TimestampType)
          .add("impressions", DataTypes.LongType)
          .add("explore_impressions", DataTypes.LongType)
          .add("cold_start_interactions", DataTypes.LongType)
          .add("is_seeded", DataTypes.BooleanType)
          .add("is_complete", DataTypes.BooleanType)
          .add("as_of", DataTypes.DateType)
          .add("publish_date", DataTypes.DateType);

  /**
   * Classified impressions: accepted impressions plus impression_class (fan, explore, official,
   * organic), in_path and level (0 non-explore; 1–4 explore in the path; null explore outside
   * it).
   */
  public static final StructType CLASSIFIED_IMPRESSIONS =
      new StructType()
          .add("note_id", DataTypes.StringType)
          .add("viewer_id", DataTypes.StringType)
          .add("surface", DataTypes.StringType)
          .add("viewer_is_new", DataTypes.BooleanType)
          .add("event_date", DataTypes.DateType)
          .add("impression_class", DataTypes.StringType)
          .add("in_path", DataTypes.BooleanType)
          .add("level", DataTypes.IntegerType)
          .add("author_id", DataTypes.StringType)
          .add("category", DataTypes.StringType)
          .add("note_type", DataTypes.StringType)
          .add("publish_date", DataTypes.DateType);

  /** Impressions summed per event date (dt), note, viewer and cell (ViewerDays). */
  public static final StructType VIEWER_DAYS =
      new StructType()
          .add("dt", DataTypes.DateType)
          .add("note_id", DataTypes.StringType)
          .add("viewer_id", DataTypes.StringType)
          .add("author_id", DataTypes.StringType)
          .add("category", DataTypes.StringType)
          .add("note_type", DataTypes.StringType)
          .add("publish_date", DataTypes.DateType)
          .add("impression_class", DataTypes.StringType)
          .add("level", DataTypes.IntegerType)
          .add("surface", DataTypes.StringType)
          .add("viewer_is_new", DataTypes.BooleanType)
          .add("impressions", DataTypes.LongType)
          .add("explore_impressions", DataTypes.LongType);

  /**
   * Attributed interactions: accepted interactions plus the class, level, surface and
   * viewer_is_new of the impression each is attributed to (class unattributed, the rest null, when
   * none was found).
   */
  public static final StructType ATTRIBUTED_INTERACTIONS =
      new StructType()
          .add("note_id", DataTypes.StringType)
          .add("action", DataTypes.StringType)
          .add("event_date", DataTypes.DateType)
          .add("attributed_class", DataTypes.StringType)
          .add("attributed_level", DataTypes.IntegerType)
          .add("attributed_surface", DataTypes.StringType)
          .add("attributed_viewer_is_new", DataTypes.BooleanType)
          .add("author_id", DataTypes.StringType)
          .add("category", DataTypes.StringType)
          .add("note_type", DataTypes.StringType)
          .add("publish_date", DataTypes.DateType);

  /** Accepted notes: the note's dimensions for the daily tables. */
  public static final StructType NOTES =
      new StructType()
          .add("note_id", DataTypes.StringType)
          .add("author_id", DataTypes.StringType)
          .add("category", DataTypes.StringType)
          .add("note_type", DataTypes.StringType)
          .add("publish_date", DataTypes.DateType);

  /** The value of a dimension column in a rolled-up row. */
  static final String ALL = "all";

  /**
   * Fails with a readable message unless {@code ds} has every column of {@code expected} with the
   * same type.
   */
  static void requireColumns(
      Dataset<Row> ds, StructType expected, String input, String transform) {
    Map<String, DataType> actual =
        Arrays.stream(ds.schema().fields())
            .collect(Collectors.toMap(StructField::name, StructField::dataType, (a, b) -> a));
    List<String> problems = new ArrayList<>();
    for (StructField f : expected.fields()) {
      DataType type = actual.get(f.name());
      if (type == null) {
        problems.add(f.name() + " is missing");
      } else if (!type.equals(f.dataType())) {
        problems.add(
            f.name() + " is " + type.simpleString() + ", expected " + f.dataType().simpleString());
      }

    }

    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          transform + ": input " + input + " does not match the expected columns: "
              + String.join("; ", problems));
    }
  }

  /** Fails unless the ladder is the three ascending positive pool boundaries. */
  static void requireLadder(List<Integer> ladder, String transform) {
    boolean valid =
        ladder != null
            && ladder.size() == 3
            && ladder.stream().allMatch(r -> r != null && r > 0)
            && ladder.get(0) < ladder.get(1)
            && ladder.get(1) < ladder.get(2);
    if (!valid) {
      throw new IllegalArgumentException(
          transform + ": expected a pool ladder of three ascending positive counts, got " + ladder);
    }

  }

  /**
   * Groups by {@code kept} in every grouping set, and by every subset of {@code cubed} (the cube of
   * those columns only; {@code kept} is never rolled up).
   */
  static RelationalGroupedDataset groupByCube(
      Dataset<Row> ds, List<String> kept, List<String> cubed) {
    List<scala.collection.immutable.Seq<Column>> sets = new ArrayList<>();
    for (int mask = 0; mask < 1 << cubed.size(); mask++) {
      List<Column> set = new ArrayList<>(columns(kept));
      for (int i = 0; i < cubed.size(); i++) {
        if ((mask & 1 << i) != 0) {
          set.add(functions.col(cubed.get(i)));
        }

      }

      sets.add(seq(set));
    }

    List<String> all = new ArrayList<>(kept);
    all.addAll(cubed);
    return ds.groupingSets(seq(sets), columns(all).toArray(Column[]::new));
  }

  /**
   * The aggregate expression flagging rows where {@code name} is rolled up; goes into {@code agg}
   * because {@code grouping()} is only valid there.
   */
  static Column rolledUpFlag(String name) {
    return functions.grouping(functions.col(name)).as(flagName(name));
  }

  /** After the aggregation: the dimension, or {@code all} where it was rolled up. */
  static Column dimensionOrAll(String name) {
    return functions
        .when(functions.col(flagName(name)).equalTo(1), functions.lit(ALL))
        .otherwise(functions.col(name))
        .as(name);
  }

  /** Exact percentile (linear interpolation between the closest ranks), null over no rows. */
  static Column exactPercentile(Column value, double percentage) {
    return functions.percentile(value, functions.lit(percentage));
  }

  private static String flagName(String name) {
    return "_rolled_up_" + name;
  }

  private static List<Column> columns(List<String> names) {
    return names.stream().map(functions::col).collect(Collectors.toList());
  }

  private static <T> scala.collection.immutable.Seq<T> seq(List<T> list) {
    return CollectionConverters.asScala(list).toList();
  }
}
