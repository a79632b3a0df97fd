package io.notepath.simulate;

import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import org.apache.spark.sql.Column;

/**
 * Calendar days of the simulation in notepath.time-zone, as day indexes from start-date. Day
 * boundaries are computed once on the driver with java.time (so daylight-saving days have their
 * true length) and shipped as literal arrays; the columns built here never depend on the Spark
 * session time zone.
 */
final class LandingCalendar {
  private static final long DAY_MS = 86_400_000L;

  /**
   * Days after the last landing date still covered, so index arithmetic never leaves the arrays.
   */
  private static final int PADDING = 3;

  private final LocalDate start;
  private final long[] starts;
  private final String[] dates;

  LandingCalendar(SimulateSettings s) {
    this.start = s.startDate();
    int days = (int) (s.lastLandingDate().toEpochDay() - start.toEpochDay()) + 1 + PADDING;
    this.starts = new long[days + 1];
    this.dates = new String[days + 1];
    for (int i = 0; i <= days; i++) {
      LocalDate date = start.plusDays(i);
      starts[i] = date.atStartOfDay(s.timeZone()).toInstant().toEpochMilli();
      dates[i] = date.toString();
    }
  }

  /** Epoch ms of 00:00 of each publish day and of the day after the last one. */
  long[] publishDayStarts(int publishDays) {
    long[] out = new long[publishDays + 1];
    System.arraycopy(starts, 0, out, 0, publishDays + 1);
    return out;
  }

  /** Number of landing days from start-date to the last landing date, inclusive. */
  int landingDays() {
    return starts.length - 1 - PADDING;
  }

  /** The date of day index i, as yyyy-MM-dd. */
  String date(int i) {
    return dates[i];
  }

  /** The index of the calendar day holding epoch ms {@code ts} (ts >= 00:00 of start-date). */
  Column dayIndex(Column ts) {
    Column arr = lit(starts);
    Column guess = floor(ts.minus(starts[0]).divide(lit((double) DAY_MS))).cast("int");
    Column dayStart = element_at(arr, guess.plus(1));
    Column nextStart = element_at(arr, guess.plus(2));
    return when(ts.lt(dayStart), guess.minus(1))
        .when(ts.geq(nextStart), guess.plus(1))
        .otherwise(guess);
  }

  /** The date string of a day index column. */
  Column dateOf(Column dayIndex) {
    return element_at(lit(dates), dayIndex.plus(1));
  }
}
