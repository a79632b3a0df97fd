package io.notepath.paths;

import static io.notepath.paths.OrderingKey.orderingKey;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import io.notepath.config.NotepathSettings;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A note's path so far, as one row per note (StateTables.NOTE_STATE), and how a night extends it
 * (DESIGN §5.1). Everything in it only grows in a way a night can add to: counts add (an
 * impression's class and level are final once it lands; unique viewers grow by the pairs first
 * seen), a milestone once reached never moves (the ordering key starts with the landing date, so
 * a later night's events rank after it), official_pick_at is a minimum. Interaction counts hold
 * only interactions whose attribution is final; the open ones are added when a row is written
 * ({@link #withOpenInteractions}).
 */
public final class NoteState {
  private NoteState() {}

  /** The note's own attributes, carried in the state. */
  public static final List<String> ATTRIBUTES =
      List.of(
          "author_id", "category", "note_type", "author_followers", "published_at", "publish_date");

  /** Milestones of the ladder, reached on one landing day each (ExploreLadder.aggregateDayLadder). */
  private static final List<String> LADDER_MILESTONES =
      List.of("first_explore_at", "cold_start_completed_at", "promoted_at", "level3_at", "level4_at");

  /**
   * Per-note counts of in-path classified impressions (with level) and the first impression and
   * first hot_feed impression by ordering key; unique viewers are counted from the pairs
   * ({@link ViewerPairs}), not here.
   */
  public static Dataset<Row> aggregateImpressions(Dataset<Row> classifiedImpressions) {
    RequiredColumns.check(
        classifiedImpressions, "aggregateImpressions", "note_id", "dt", "ts", "event_id",
        "surface", "viewer_is_new", "impression_class", "level", "in_path");
    Column cls = col("impression_class");
    Column explore = cls.equalTo(ImpressionClasses.EXPLORE);
    Column key = orderingKey();
    return classifiedImpressions
        .filter(col("in_path"))
        .groupBy("note_id")
        .agg(
            count(lit(1)).as("impressions"),
            count_if(cls.equalTo(ImpressionClasses.FAN)).as("fan_impressions"),
            count_if(explore).as("explore_impressions"),
            count_if(cls.equalTo(ImpressionClasses.OFFICIAL)).as("official_impressions"),
            count_if(cls.equalTo(ImpressionClasses.ORGANIC)).as("organic_impressions"),
            count_if(explore.and(col("level").equalTo(1))).as("level1_impressions"),
            count_if(explore.and(col("level").equalTo(2))).as("level2_impressions"),
            count_if(explore.and(col("level").equalTo(3))).as("level3_impressions"),
            count_if(explore.and(col("level").equalTo(4))).as("level4_impressions"),
            count_if(col("viewer_is_new")).as("new_viewer_impressions"),
            min(key).getField("ts").as("first_impression_at"),
            min(when(col("surface").equalTo("hot_feed"), key)).getField("ts").as("hot_feed_at"));
  }

  /** The ladder milestones per note from day ladders (one day reaches each, the rest are null). */
  public static Dataset<Row> aggregateLadderMilestones(Dataset<Row> dayLadders) {
    List<Column> aggs = new ArrayList<>();
    for (String m : LADDER_MILESTONES) {
      aggs.add(min(col(m)).as(m));
    }

    return dayLadders.groupBy("note_id").agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
  }

  /** official_pick_at per note: the earliest picked_at of in-path accepted picks. */
  public static Dataset<Row> aggregatePicks(Dataset<Row> picks) {
    RequiredColumns.check(picks, "aggregatePicks", "note_id", "picked_at", "in_path");
    return picks.filter(col("in_path")).groupBy("note_id").agg(min("picked_at").as("official_pick_at"));
  }

  /**
   * Per-note counts of in-path attributed interactions ({@code interactions} with
   * early_fan_deadline, see {@link #withEarlyFanDeadline}): every INTERACTION_COUNTS column.
   */
  public static Dataset<Row> aggregateInteractions(Dataset<Row> interactions) {
    return aggregateInteractions(interactions, Map.of("", lit(true)));
  }

  /**
   * Per-note counts of in-path attributed interactions, once per scope in one aggregation: for
   * every (prefix, condition) of {@code scopes} the INTERACTION_COUNTS columns, named prefix +
   * column, over the in-path rows where the condition holds.
   */
  public static Dataset<Row> aggregateInteractions(Dataset<Row> interactions, Map<String, Column> scopes) {
    RequiredColumns.check(
        interactions, "aggregateInteractions", "note_id", "ts", "action", "in_path",
        "attributed_class", "attributed_level", "early_fan_deadline");
    Column early = Seeding.isEarlyFanInteraction().and(col("ts").lt(col("early_fan_deadline")));
    List<Column> aggs = new ArrayList<>();
    scopes.forEach((prefix, condition) -> {
      aggs.addAll(NoteMetrics.interactionCounts(condition, prefix));
      aggs.add(count_if(condition.and(early)).as(prefix + "early_fan_interactions"));
    });
    return interactions
        .filter(col("in_path"))
        .groupBy("note_id")
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
  }

  /** The columns of {@code sums} that start with {@code prefix}, renamed without it. */
  public static Dataset<Row> scope(Dataset<Row> sums, String prefix) {
    List<Column> cols = new ArrayList<>(List.of(col("note_id")));
    for (String c : NoteMetrics.INTERACTION_COUNTS) {
      cols.add(col(prefix + c).as(c));
    }

    return sums.select(cols.toArray(Column[]::new));
  }

  /**
   * Adds early_fan_deadline to interactions: the note's cold_start_completed_at, or published_at
   * + 24 h while its cold start has not completed ({@code notes}: one row per note with both). One
   * row per note meets the interactions in a broadcast join, so their partitioning stays.
   */
  public static Dataset<Row> withEarlyFanDeadline(Dataset<Row> interactions, Dataset<Row> notes) {
    Dataset<Row> deadlines =
        notes.select(
            col("note_id").as("_deadline_note_id"),
            Seeding.deadline(col("cold_start_completed_at"), col("published_at")).as("early_fan_deadline"));
    return interactions
        .join(broadcast(deadlines), col("note_id").equalTo(col("_deadline_note_id")), "left")
        .drop("_deadline_note_id");
  }

  /**
   * The state of a night from the state of the night before and the night's own additions:
   * {@code previous} (null on a rebuild) and {@code newNotes} give the notes (attributes), each
   * delta at most one row per note. Counts add, milestones keep the earlier value, the pick is a
   * minimum. {@code keep} filters the notes (those whose cohort is still written).
   */
  public static Dataset<Row> extend(
      Dataset<Row> previous,
      Dataset<Row> newNotes,
      Column keep,
      Dataset<Row> impressions,
      Dataset<Row> uniqueViewers,
      Dataset<Row> ladderMilestones,
      Dataset<Row> picks,
      Dataset<Row> finalInteractions) {
    List<String> attributes = new ArrayList<>(List.of("note_id"));
    attributes.addAll(ATTRIBUTES);
    Dataset<Row> notes = newNotes.select(attributes.stream().map(c -> col(c)).toArray(Column[]::new));
    Dataset<Row> base;
    if (previous == null) {
      base = notes;
    } else {
      // A note's attributes never change (its first accepted copy); new notes are not in previous.
      base = previous.drop("night").unionByName(notes.join(previous.select("note_id"), "note_id", "left_anti"), true);
    }

    base = base.filter(keep);
    Dataset<Row> out = base;
    out = add(out, impressions, "d_imp_");
    out = add(out, uniqueViewers, "d_uv_");
    out = add(out, ladderMilestones, "d_lad_");
    out = add(out, picks, "d_pick_");
    out = add(out, finalInteractions, "d_int_");
    return out.select(noteStateColumns(out));
  }

  /** The note rows with the sums of interactions that became final added. */
  public static Dataset<Row> withFinalInteractions(Dataset<Row> noteState, Dataset<Row> finalSums) {
    Dataset<Row> out = add(noteState.drop("night"), finalSums, "d_int_");
    return out.select(noteStateColumns(out));
  }

  /**
   * The note rows with their open interactions added ({@code openSums}: per-note counts of the
   * interactions whose attribution can still change), ready for {@link NotePaths#finish}.
   */
  public static Dataset<Row> withOpenInteractions(Dataset<Row> noteState, Dataset<Row> openSums) {
    return add(noteState.drop("night"), openSums, "d_open_");
  }

  /** The note_paths rows of {@code noteRows} (note state with open interactions added). */
  public static Dataset<Row> notePaths(Dataset<Row> noteRows, NotepathSettings settings, LocalDate asOf) {
    return NotePaths.finish(noteRows, settings, asOf);
  }

  /** The columns of the note state, in declared order (without night); absent counts read 0. */
  private static Column[] noteStateColumns(Dataset<Row> rows) {
    List<String> present = List.of(rows.columns());
    List<Column> cols = new ArrayList<>();
    cols.add(col("note_id"));
    ATTRIBUTES.forEach(c -> cols.add(col(c)));
    for (String c : NoteMetrics.IMPRESSION_COUNTS) {
      cols.add((present.contains(c) ? coalesce(col(c), lit(0L)) : lit(0L)).as(c));
    }

    for (String c : NoteMetrics.MILESTONES) {
      cols.add((present.contains(c) ? col(c) : lit(null).cast("timestamp")).as(c));
    }

    for (String c : NoteMetrics.INTERACTION_COUNTS) {
      cols.add((present.contains(c) ? coalesce(col(c), lit(0L)) : lit(0L)).as(c));
    }

    return cols.toArray(Column[]::new);
  }

  /**
   * Left-joins a per-note delta onto {@code rows} and merges every column it has: counts add, the
   * pick takes the minimum, other milestones keep the value already there.
   */
  private static Dataset<Row> add(Dataset<Row> rows, Dataset<Row> delta, String prefix) {
    if (delta == null) {
      return rows;
    }

    List<Column> renamed = new ArrayList<>();
    for (String c : delta.columns()) {
      renamed.add(col(c).as(prefix + c));
    }

    Dataset<Row> joined =
        rows.join(
            broadcast(delta.select(renamed.toArray(Column[]::new))),
            col("note_id").equalTo(col(prefix + "note_id")),
            "left");
    List<Column> out = new ArrayList<>();
    List<String> present = List.of(rows.columns());
    for (String c : rows.columns()) {
      if (!List.of(delta.columns()).contains(c) || c.equals("note_id")) {
        out.add(col(c));
      } else {
        out.add(merge(c, col(c), col(prefix + c)).as(c));
      }
    }

    for (String c : delta.columns()) {
      if (!present.contains(c)) {
        out.add(merge(c, lit(null), col(prefix + c)).as(c));
      }
    }

    return joined.select(out.toArray(Column[]::new));
  }

  private static Column merge(String column, Column current, Column delta) {
    if (NoteMetrics.IMPRESSION_COUNTS.contains(column) || NoteMetrics.INTERACTION_COUNTS.contains(column)) {
      return coalesce(current, lit(0L)).plus(coalesce(delta, lit(0L)));
    }

    if (column.equals("official_pick_at")) {
      return least(current, delta);
    }

    return coalesce(current, delta);
  }

  /** The highest in-path explore level per note and event date (StateTables.NOTE_LEVELS). */
  public static Dataset<Row> aggregateLevels(Dataset<Row> classifiedImpressions) {
    return classifiedImpressions
        .filter(col("in_path").and(col("impression_class").equalTo(ImpressionClasses.EXPLORE)))
        .groupBy("note_id", "event_date")
        .agg(max("level").as("level"));
  }
}
