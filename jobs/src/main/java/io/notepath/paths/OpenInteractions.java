package io.notepath.paths;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Which interactions a night must keep event by event, and which it may fold into per-note sums
 * (DESIGN §5.1, "Attribution has a bounded reach-back", "Seeding moves once").
 *
 * <p>An interaction landed on d can be re-attributed to an impression landing up to its own date
 * + max-late-days, and its own date is at most future-skew after d: so for the open days
 * [D − open-days, D] it stays in the stored events (its attribution updated by the changes of
 * later nights), and every dated table rebuilt on D finds its interactions there. After that it is
 * final, unless it can still change its note's row: an in-path interaction of a note whose row is
 * still written whose impression_id has not been found yet (it may still land), or a like, collect
 * or comment attributed to a fan, organic or no impression of a note whose cold start has not
 * completed (its early_fan deadline moves once when it does). Those stay open (long_open); the
 * rest are added to their note's final sums, or dropped when their note's row is final.
 */
public final class OpenInteractions {
  private OpenInteractions() {}

  /** Set on interactions by {@link #withEndOfNight}: added to their note's final sums tonight. */
  public static final String BECOMES_FINAL = "becomes_final";
  /** Set on interactions by {@link #withEndOfNight}: kept open after the open days. */
  public static final String STAYS_OPEN = "stays_open";

  /**
   * Flags the night's interactions ({@code interactions}: every interaction the night considered,
   * with its attribution as of the night and early_fan_deadline) for the end of the night: those
   * landed on or before {@code lastFinalDay} (the day leaving the open days, and the long-open ones
   * of earlier nights) either stay open ({@link #STAYS_OPEN}) or become final ({@link
   * #BECOMES_FINAL}); the rest of them are dropped, their notes' rows being final. {@code notes}:
   * the note rows (note_id, cold_start_completed_at) still in the state after the night, one
   * row per note, joined by broadcast.
   */
  public static Dataset<Row> withEndOfNight(
      Dataset<Row> interactions, LocalDate lastFinalDay, Dataset<Row> notes) {
    RequiredColumns.check(
        interactions, "OpenInteractions.withEndOfNight", "note_id", "dt", "in_path",
        "impression_id", "found_by", "action", "attributed_class");
    Dataset<Row> staying =
        notes.select(
            col("note_id").as("_stay_note_id"),
            col("cold_start_completed_at").isNull().as("_cold_start_open"));
    Column leaving = col("dt").leq(lit(Date.valueOf(lastFinalDay)));
    Column counts = leaving.and(col("in_path")).and(col("_stay_note_id").isNotNull());
    Column namedNotFound =
        col("impression_id").isNotNull().and(coalesce(col("found_by"), lit("")).notEqual(Attribution.BY_ID));
    Column seedingPending = Seeding.isEarlyFanInteraction().and(col("_cold_start_open"));
    Column stayOpen = counts.and(namedNotFound.or(seedingPending));
    return interactions
        .join(broadcast(staying), col("note_id").equalTo(col("_stay_note_id")), "left")
        .withColumn(STAYS_OPEN, coalesce(stayOpen, lit(false)))
        .withColumn(BECOMES_FINAL, coalesce(counts.and(not(stayOpen)), lit(false)))
        .drop("_stay_note_id", "_cold_start_open");
  }
}
