package io.notepath.nightly;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.notepath.config.NotepathSettings;
import io.notepath.paths.DateMatch;
import java.sql.Date;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Which output partitions a run of date D may rewrite (docs/architecture.md): the cohorts that are
 * not final yet, the cohorts that become final on D, and the recent event dates touched by D's
 * landing. Everything outside these is computed from partial history and must not be written.
 *
 * <p>A note's row is final once published_at + window-days + max-late-days has passed by the end
 * of the run date (DESIGN §3, is_complete): no event that can still land may fall inside its
 * window. A cohort (publish date P) is rewritten every night from P to its last night, the night
 * its last note becomes final: the calendar date of (end of P + window-days + max-late-days). In a
 * zone without daylight saving time that is P + window-days + max-late-days; a spring-forward
 * inside the window moves it one day later.
 */
public final class RunScope {
  private RunScope() {}

  /** The night on which every note of cohort {@code publishDate} has become final. */
  public static LocalDate lastNight(LocalDate publishDate, NotepathSettings settings) {
    ZoneId zone = settings.timeZone();
    Instant lastPublish = publishDate.plusDays(1).atStartOfDay(zone).toInstant().minusNanos(1000);
    Instant final_ =
        lastPublish.plus(Duration.ofDays(settings.windowDays() + settings.maxLateDays()));
    return LocalDate.ofInstant(final_, zone);
  }

  /** Cohorts rewritten on {@code runDate}: publish dates P ≤ D whose last night is D or later. */
  public static List<LocalDate> rewrittenCohorts(LocalDate runDate, NotepathSettings settings) {
    List<LocalDate> cohorts = new ArrayList<>();
    // lastNight(P) is P + W + M, or one day later across a spring-forward.
    LocalDate first = runDate.minusDays(settings.windowDays() + settings.maxLateDays() + 1L);
    for (LocalDate p = first; !p.isAfter(runDate); p = p.plusDays(1)) {
      if (!lastNight(p, settings).isBefore(runDate)) {
        cohorts.add(p);
      }
    }

    return cohorts;
  }

  /** Cohorts whose last night is {@code runDate}: complete from now on, written for the last time. */
  public static List<LocalDate> completedCohorts(LocalDate runDate, NotepathSettings settings) {
    return rewrittenCohorts(runDate, settings).stream()
        .filter(p -> lastNight(p, settings).equals(runDate))
        .toList();
  }

  /**
   * The first event date the dated tables (reach_daily, note_daily) rewrite on {@code runDate},
   * or null for none. A night changes the rows of an event date E ≥ D − max-late-days when an event
   * of E landed on D, or when an interaction of E is now attributed to an impression landed on D
   * ({@code touched}: the event_date of both). A late explore impression may raise the level at
   * the end of every later day of its note too, so every date from the earliest touched one on is
   * rewritten (those with events); older dates are final.
   */
  public static LocalDate firstRewrittenDate(Dataset<Row> touched, LocalDate runDate, int maxLateDays) {
    Row first =
        touched
            .filter(col("event_date").geq(lit(Date.valueOf(runDate.minusDays(maxLateDays)))))
            .agg(org.apache.spark.sql.functions.min("event_date"))
            .first();
    return first.isNullAt(0) ? null : first.getDate(0).toLocalDate();
  }

  /** Keeps the rows of the cohorts in {@code cohorts} (column publish_date). */
  public static Dataset<Row> filterCohorts(Dataset<Row> byCohort, List<LocalDate> cohorts) {
    return byCohort.filter(DateMatch.isAnyOf(col("publish_date"), cohorts));
  }

  /** Keeps the rows whose event date (column {@code dateColumn}) is one of {@code eventDates}. */
  public static Dataset<Row> filterEventDates(
      Dataset<Row> byEventDate, String dateColumn, List<LocalDate> eventDates) {
    return byEventDate.filter(DateMatch.isAnyOf(col(dateColumn), eventDates));
  }

  /**
   * Blanks level_at_end_of_day of notes published before the path scope: their early events are
   * older than the history a run reads, so the running level would be understated.
   */
  public static Dataset<Row> withLevelOnlyInPathScope(
      Dataset<Row> noteDaily, LocalDate runDate, int pathScopeDays) {
    return noteDaily.withColumn(
        "level_at_end_of_day",
        when(col("publish_date").geq(lit(runDate.minusDays(pathScopeDays))), col("level_at_end_of_day"))
            .otherwise(lit(null).cast("int")));
  }
}
