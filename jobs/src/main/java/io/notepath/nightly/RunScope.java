package io.notepath.nightly;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Which output partitions a run of date D may rewrite (docs/architecture.md): the cohorts that may
 * still be open, the cohorts complete by D among them, and the recent event dates touched by D's
 * landing. Everything outside these is computed from partial history and must not be written.
 */
public final class RunScope {
  private RunScope() {}

  /** First publish date whose cohort may still be open on {@code runDate}. */
  public static LocalDate firstOpenCohort(LocalDate runDate, int windowDays) {
    return runDate.minusDays(windowDays + 1L);
  }

  /** Last publish date whose cohort is complete by the end of {@code runDate}. */
  public static LocalDate lastCompleteCohort(LocalDate runDate, int windowDays) {
    return runDate.minusDays(windowDays);
  }

  /** Keeps the rows of cohorts that may still be open: publish_date in [D − W − 1, D]. */
  public static Dataset<Row> filterOpenCohorts(Dataset<Row> byCohort, LocalDate runDate, int windowDays) {
    return byCohort.filter(
        col("publish_date").between(lit(firstOpenCohort(runDate, windowDays)), lit(runDate)));
  }

  /** Keeps the rows of the open-range cohorts that are complete by D: [D − W − 1, D − W]. */
  public static Dataset<Row> filterCompletedCohorts(
      Dataset<Row> byCohort, LocalDate runDate, int windowDays) {
    return byCohort.filter(
        col("publish_date")
            .between(
                lit(firstOpenCohort(runDate, windowDays)), lit(lastCompleteCohort(runDate, windowDays))));
  }

  /** Keeps the rows whose event date (column {@code dateColumn}) is one of {@code eventDates}. */
  public static Dataset<Row> filterEventDates(
      Dataset<Row> byEventDate, String dateColumn, List<LocalDate> eventDates) {
    return byEventDate.filter(
        col(dateColumn).isin(eventDates.stream().map(java.sql.Date::valueOf).toArray()));
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
