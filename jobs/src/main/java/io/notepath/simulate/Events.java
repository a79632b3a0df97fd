package io.notepath.simulate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Turns each impression into its events: the impression itself and one interaction per thing the
 * viewer did, each a row of the same shape (table, event_id, ts_ms, action, impression_id, dwell_ms
 * plus the impression's own columns, so the ground truth can tell which pool an interaction
 * followed). Interactions come seconds to minutes after the impression (unlikes and uncollects up
 * to six hours after the like or collect), never after the analysis window.
 *
 * <p>Column {@code ac} numbers the event within its impression (0 the impression, 1..8 the
 * actions). Times and flags are computed as plain columns first, so the array that is exploded only
 * gathers them (keeps generated code small).
 */
final class Events {
  private Events() {}

  static final String IMPRESSIONS = "impressions";
  static final String INTERACTIONS = "interactions";
  static final String NOTES = "notes";
  static final String OFFICIAL_PICKS = "official_picks";

  private static final long SECOND_MS = 1_000L;

  /** The actions in event order (ac 1..8), the behaviour flag behind each, and its id suffix. */
  private static final String[] ACTIONS = {
    "open", "like", "collect", "comment", "share", "follow_author", "unlike", "uncollect"
  };

  private static final String[] SUFFIXES = {"o", "l", "c", "m", "s", "f", "ul", "uc"};

  static Dataset<Row> explodeEvents(Dataset<Row> impressions, SimulateSettings s) {
    Draws d = new Draws(s.seed());
    Column h = col("h");
    Column quality = col("quality");
    Dataset<Row> opened =
        Stage.on(impressions)
            .with(
                "t1",
                when(
                    col("opened"),
                    col("ts_ms").plus(SECOND_MS).plus(d.below(lit(20 * SECOND_MS), "t-open", h))))
            .with(
                "dwell_ms",
                when(
                    col("opened"),
                    floor(
                            d.uniform("dwell", h)
                                .multiply(quality.plus(0.5))
                                .multiply(60 * SECOND_MS))
                        .plus(SECOND_MS)))
            .add();
    Dataset<Row> acted =
        Stage.on(opened)
            .with("t2", after("liked", "t1", 2, 60, "t-like", d))
            .with("t3", after("collected", "t1", 2, 60, "t-collect", d))
            .with("t4", after("commented", "t1", 5, 120, "t-comment", d))
            .with("t5", after("shared", "t1", 5, 120, "t-share", d))
            .with("t6", after("followed", "t1", 5, 120, "t-follow", d))
            .add();
    Dataset<Row> withdrawn =
        Stage.on(acted)
            .with("t7", after("unliked", "t2", 60, 6 * 3600, "t-unlike", d))
            .with("t8", after("uncollected", "t3", 60, 6 * 3600, "t-uncollect", d))
            .with("missing_ids", missingIds(s, d))
            .add();
    Column end = col("published_ms").plus(s.windowMs());
    List<Column> events = new ArrayList<>();
    events.add(
        event(
            0,
            lit(true),
            IMPRESSIONS,
            col("event_id"),
            col("ts_ms"),
            lit(null).cast("string"),
            lit(null).cast("string"),
            lit(null).cast("long")));
    for (int ac = 1; ac <= ACTIONS.length; ac++) {
      Column missing = col("missing_ids").bitwiseAND(lit(1L << ac)).notEqual(0);
      events.add(
          event(
              ac,
              col(Behaviour.FLAGS[ac - 1]),
              INTERACTIONS,
              concat(col("event_id"), lit("-" + SUFFIXES[ac - 1])),
              least(col("t" + ac), end),
              lit(ACTIONS[ac - 1]),
              when(missing, lit(null).cast("string")).otherwise(col("event_id")),
              ac == 1 ? col("dwell_ms") : lit(null).cast("long")));
    }

    // explode then drop the nulls: filter() is a higher-order function, which Spark evaluates
    // without code generation, together with the whole array expression under it.
    return withdrawn
        .select(col("*"), explode(array(events.toArray(Column[]::new))).as("ev"))
        .filter(col("ev").isNotNull())
        .drop("t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "missing_ids", "ts_ms", "dwell_ms")
        .withColumnRenamed("event_id", "impression_event_id")
        .select(col("*"), col("ev.*"))
        .drop("ev");
  }

  /** When the flag is set: the earlier time plus min..min+spread seconds. */
  private static Column after(
      String flag, String from, long minSeconds, long spreadSeconds, String salt, Draws d) {
    Column delay =
        lit(minSeconds * SECOND_MS).plus(d.below(lit(spreadSeconds * SECOND_MS), salt, col("h")));
    return when(col(flag), col(from).plus(delay));
  }

  /**
   * Bit ac set when interaction ac is logged without impression_id; one draw per interaction, and
   * none for impressions without any (the common case).
   */
  private static Column missingIds(SimulateSettings s, Draws d) {
    double p = s.impressionIdMissingShare();
    if (p <= 0) {
      return lit(0L);
    }

    Column bits = lit(0L);
    for (int ac = 1; ac <= ACTIONS.length; ac++) {
      Column drawn =
          col(Behaviour.FLAGS[ac - 1]).and(d.chance(lit(p), "no-impression-id", col("h"), lit(ac)));
      bits = bits.plus(when(drawn, lit(1L << ac)).otherwise(lit(0L)));
    }

    return when(col("opened"), bits).otherwise(lit(0L));
  }

  private static Column event(
      int ac,
      Column happened,
      String table,
      Column eventId,
      Column ts,
      Column action,
      Column impressionId,
      Column dwell) {
    Column value =
        struct(
            lit(ac).as("ac"),
            lit(table).as("table"),
            eventId.as("event_id"),
            ts.cast("long").as("ts_ms"),
            action.as("action"),
            impressionId.as("impression_id"),
            dwell.cast("long").as("dwell_ms"));
    return when(happened, value);
  }
}
