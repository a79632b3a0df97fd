package io.notepath.simulate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Decides, per clean row, which faults it suffers (settings {@code faults}): a late landing (1 to
 * late-days days after its own date), a duplicate copy (same landing day, or the next), a malformed copy, a
 * copy for an unknown note, a copy dated before the note was published. Extra copies are added
 * beside the clean row by {@link Records}; only a late landing moves the clean row itself, so the
 * ground truth stays the clean events whatever the faults.
 *
 * <p>The flags are columns of the clean row, so the same expressions drive what is written and what
 * the ground truth counts. Notes only get malformed copies.
 */
final class Faults {
  private Faults() {}

  static final String[] KINDS = {
    "duplicate", "late", "malformed", "unknown_note", "before_publish"
  };

  static final String[] FLAGS = {
    "is_duplicate", "is_late", "is_malformed", "is_unknown_note", "is_before_publish"
  };

  /** Every fault kind, for impressions, interactions and official picks. */
  static Dataset<Row> withEventFaults(Dataset<Row> rows, SimulateSettings s, LandingCalendar cal) {
    SimulateSettings.Faults f = s.faults();
    Draws d = new Draws(s.seed());
    Column[] key = key();
    Dataset<Row> flagged =
        Stage.on(withEventKey(rows, d))
            .with("is_late", flag(d, f.late(), "late", key))
            .with("is_duplicate", flag(d, f.duplicate(), "duplicate", key))
            .with("is_malformed", flag(d, f.malformed(), "malformed", key))
            .with("is_unknown_note", flag(d, f.unknownNote(), "unknown-note", key))
            .with("is_before_publish", flag(d, f.beforePublish(), "before-publish", key))
            .add();
    return Stage.on(flagged)
        .with(
            "duplicate_next_day",
            col("is_duplicate").and(flag(d, f.duplicateNextDayShare(), "duplicate-next-day", key)))
        .with(
            "landing_day",
            cal.dayIndex(col("ts_ms")).plus(when(col("is_late"), lateDelay(d, f, key)).otherwise(0)))
        .add();
  }

  /**
   * Days a late row lands after its own date: uniform in 1..late-days, drawn independently of
   * whether the row is late, so changing late-days moves late rows without changing which ones.
   * With late-days = 1 no draw is made, keeping earlier output identical.
   */
  private static Column lateDelay(Draws d, SimulateSettings.Faults f, Column[] key) {
    return f.lateDays() == 1
        ? lit(1)
        : d.below(lit((long) f.lateDays()), "late-days", key).cast("int").plus(1);
  }

  /** Notes: malformed copies only; a note lands on its publish day. */
  static Dataset<Row> withNoteFaults(Dataset<Row> rows, SimulateSettings s) {
    Draws d = new Draws(s.seed());
    return Stage.on(withEventKey(rows, d))
        .with("is_late", lit(false))
        .with("is_duplicate", lit(false))
        .with("is_malformed", flag(d, s.faults().malformed(), "malformed", key()))
        .with("is_unknown_note", lit(false))
        .with("is_before_publish", lit(false))
        .with("duplicate_next_day", lit(false))
        .with("landing_day", col("pub_day"))
        .add();
  }

  /** The key of a written row for random draws: one hash of (impression key h, ac). */
  static Column[] key() {
    return new Column[] {col("h_event")};
  }

  private static Dataset<Row> withEventKey(Dataset<Row> rows, Draws d) {
    return rows.withColumn("h_event", d.hash("event", col("h"), col("ac")));
  }

  private static Column flag(Draws d, double p, String salt, Column[] key) {
    return p <= 0 ? lit(false) : d.chance(lit(p), "fault-" + salt, key);
  }
}
