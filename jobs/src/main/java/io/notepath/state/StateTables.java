package io.notepath.state;

import static io.notepath.state.StateTable.struct;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import io.notepath.paths.NoteMetrics;
import java.util.List;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Every table of the state (docs/architecture.md, "What a night keeps"). Events are kept per
 * landing day ({@code dt}): everything a later night reads back — the copies de-duplication looks
 * at, the impressions attribution and the dated tables reach back to, the interactions whose
 * attribution can still change — and what a rebuild needs. Per-note state is kept per
 * {@code night}: the note rows, their levels by event date, the interactions that stay open
 * longer than the lateness bound, the viewer pairs first seen that night and the attribution
 * changes of that night.
 */
public final class StateTables {
  private StateTables() {}

  /** The verdict of a judged row, and the raw record of a rejected one (its own night's _rejects). */
  private static final StructType VERDICT =
      struct("outcome", StringType, "reason", StringType, "detail", StringType, "record", StringType);

  /** The note's attributes every accepted event carries, so no table joins notes again. */
  private static final StructType NOTE_ATTRIBUTES =
      struct(
          "author_id", StringType,
          "category", StringType,
          "note_type", StringType,
          "published_at", TimestampType,
          "publish_date", DateType);

  /** The impression an interaction is attributed to (DESIGN §3); found_by: id, user or null. */
  public static final StructType ATTRIBUTION =
      struct(
          "attributed_class", StringType,
          "attributed_level", IntegerType,
          "attributed_surface", StringType,
          "attributed_viewer_is_new", BooleanType,
          "attributed_impression_ts", TimestampType,
          "attributed_impression_dt", DateType,
          "found_by", StringType);

  public static final StateTable NOTES =
      new StateTable(
          "notes",
          concat(
              struct(
                  "note_id", StringType,
                  "author_id", StringType,
                  "published_at", TimestampType,
                  "category", StringType,
                  "note_type", StringType,
                  "author_followers", LongType,
                  "publish_date", DateType),
              VERDICT,
              struct("dt", DateType)),
          "dt",
          null);

  public static final StateTable IMPRESSIONS =
      new StateTable(
          "impressions",
          concat(
              struct(
                  "event_id", StringType,
                  "note_id", StringType,
                  "viewer_id", StringType,
                  "ts", TimestampType,
                  "surface", StringType,
                  "viewer_is_follower", BooleanType,
                  "viewer_is_new", BooleanType,
                  "rec_pool", IntegerType,
                  "event_date", DateType),
              VERDICT,
              NOTE_ATTRIBUTES,
              struct("impression_class", StringType, "in_path", BooleanType, "dt", DateType)),
          "dt",
          "viewer_id");

  /** Interactions with their note's attributes and whether they are in its path. */
  private static final StructType INTERACTION =
      concat(
          struct(
              "event_id", StringType,
              "note_id", StringType,
              "user_id", StringType,
              "ts", TimestampType,
              "action", StringType,
              "impression_id", StringType,
              "dwell_ms", LongType,
              "event_date", DateType),
          NOTE_ATTRIBUTES,
          struct("in_path", BooleanType));

  /** Accepted interactions with their attribution, without the verdict columns. */
  private static final StructType ATTRIBUTED_INTERACTION = concat(INTERACTION, ATTRIBUTION);

  /**
   * Interactions per landing day. Their attribution is not stored here: it can change on later
   * nights, so it lives in ATTRIBUTION_CHANGES (the latest change of an interaction is its
   * attribution; none means unattributed) and in LONG_OPEN.
   */
  public static final StateTable INTERACTIONS =
      new StateTable(
          "interactions", concat(INTERACTION, VERDICT, struct("dt", DateType)), "dt", "user_id");

  public static final StateTable OFFICIAL_PICKS =
      new StateTable(
          "official_picks",
          concat(
              struct(
                  "note_id", StringType,
                  "account_id", StringType,
                  "picked_at", TimestampType,
                  "event_date", DateType),
              VERDICT,
              struct("published_at", TimestampType, "in_path", BooleanType, "dt", DateType)),
          "dt",
          null);

  /**
   * The explore ladder of one landing day per note: how many in-path explore impressions the note
   * had before the day and on it, the ordering keys at the day positions that close the pools
   * (null when the pool closed before the day), and the milestones reached that day. An
   * impression's level follows from its key and these (ExploreLadder.withLevel).
   */
  public static final StateTable LADDER =
      new StateTable(
          "ladder",
          struct(
              "note_id", StringType,
              "explore_before", LongType,
              "explore_on_day", LongType,
              "rung1_key", StateTable.KEY,
              "rung2_key", StateTable.KEY,
              "rung3_key", StateTable.KEY,
              "first_explore_at", TimestampType,
              "cold_start_completed_at", TimestampType,
              "promoted_at", TimestampType,
              "level3_at", TimestampType,
              "level4_at", TimestampType,
              "dt", DateType),
          "dt",
          null);

  /** One row per note whose cohort is still written: its path so far (final interactions only). */
  public static final StateTable NOTE_STATE =
      new StateTable(
          "note_state",
          concat(
              struct(
                  "note_id", StringType,
                  "author_id", StringType,
                  "category", StringType,
                  "note_type", StringType,
                  "author_followers", LongType,
                  "published_at", TimestampType,
                  "publish_date", DateType),
              longs(NoteMetrics.IMPRESSION_COUNTS),
              timestamps(NoteMetrics.MILESTONES),
              longs(NoteMetrics.INTERACTION_COUNTS),
              struct("night", DateType)),
          "night",
          null);

  /** The highest level of each open note's in-path explore impressions per event date. */
  public static final StateTable NOTE_LEVELS =
      new StateTable(
          "note_levels",
          struct("note_id", StringType, "event_date", DateType, "level", IntegerType, "night", DateType),
          "night",
          null);

  /**
   * In-path interactions of notes still in the state that landed before the open days but can
   * still change a note's row: their impression_id has not been found yet, or they may count as
   * early fan interactions once the note's cold start completes.
   */
  public static final StateTable LONG_OPEN =
      new StateTable(
          "long_open",
          concat(ATTRIBUTED_INTERACTION, struct("dt", DateType, "night", DateType)),
          "night",
          "user_id");

  /** (note, viewer) pairs of in-path impressions first seen on the night: exact unique_viewers. */
  public static final StateTable PAIRS =
      new StateTable(
          "pairs",
          struct("note_id", StringType, "viewer_id", StringType, "night", DateType),
          "night",
          "viewer_id");

  /**
   * Interactions whose attribution changed on the night: those that landed that night and found an
   * impression, and open ones an impression landing that night changed.
   */
  public static final StateTable ATTRIBUTION_CHANGES =
      new StateTable(
          "attribution_changes",
          concat(
              struct(
                  "user_id", StringType,
                  "event_id", StringType,
                  "dt", DateType,
                  "event_date", DateType),
              ATTRIBUTION,
              struct("night", DateType)),
          "night",
          "user_id");

  /** The stored events per landing day, by input table name. */
  public static StateTable events(String table) {
    return switch (table) {
      case "notes" -> NOTES;
      case "impressions" -> IMPRESSIONS;
      case "interactions" -> INTERACTIONS;
      case "official_picks" -> OFFICIAL_PICKS;
      default -> throw new IllegalArgumentException("not an input table: " + table);
    };
  }

  /** Every table of the state. */
  public static final List<StateTable> ALL =
      List.of(
          NOTES, IMPRESSIONS, INTERACTIONS, OFFICIAL_PICKS, LADDER, NOTE_STATE, NOTE_LEVELS,
          LONG_OPEN, PAIRS, ATTRIBUTION_CHANGES);

  private static StructType concat(StructType... parts) {
    StructType s = new StructType();
    for (StructType p : parts) {
      for (StructField f : p.fields()) {
        s = s.add(f);
      }
    }

    return s;
  }

  private static StructType longs(List<String> names) {
    StructType s = new StructType();
    for (String n : names) {
      s = s.add(n, LongType);
    }

    return s;
  }

  private static StructType timestamps(List<String> names) {
    StructType s = new StructType();
    for (String n : names) {
      s = s.add(n, TimestampType);
    }

    return s;
  }
}
