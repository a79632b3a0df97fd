package io.notepath.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.notepath.config.NotepathSettings;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The ingest step of a run of date D: reads what D needs (every landed notes partition dt <= D;
 * the event tables' day D, plus their history [D - stateDays, D - 1] from the {@link JudgedState}
 * or, when that is incomplete, from the raw logs), judges every row and accounts for the rows of D.
 * A verdict depends only on data landed at or before the row's dt, so the history judged on its
 * own night (stored) and re-judged from the raw logs give the same rows — except that rows in the
 * oldest dedupe-lookback-days partitions read cannot see their own lookback, which is why the raw
 * path reads dedupe-lookback-days more days than it keeps.
 */
public final class Ingest {
  private Ingest() {}

  /** The four input tables judged for a run of {@code runDate}, in TABLE_NAMES order. */
  public static Map<String, JudgedTable> judgeAll(
      SparkSession spark, NotepathSettings settings, LocalDate runDate) {
    return judgeAll(spark, settings, runDate, (table, judged) -> judged);
  }

  /**
   * As {@link #judgeAll(SparkSession, NotepathSettings, LocalDate)}, handing each judged table to
   * {@code barrier} (table name, judged rows) and using what it returns; notes go first, so the
   * event tables check against the notes as the barrier stored them instead of judging notes again.
   */
  public static Map<String, JudgedTable> judgeAll(
      SparkSession spark,
      NotepathSettings settings,
      LocalDate runDate,
      BiFunction<String, Dataset<Row>, Dataset<Row>> barrier) {
    return judgeAll(spark, settings, runDate, null, barrier).tables();
  }

  /**
   * What a run's ingest judged: the four tables (event tables holding their landing days
   * [D − stateDays, D]) and, per event table, the landing days judged from the raw logs in this
   * run and those read back from the {@link JudgedState}.
   */
  public record Judged(
      Map<String, JudgedTable> tables,
      Map<String, List<LocalDate>> fromRaw,
      Map<String, List<LocalDate>> fromState) {}

  /**
   * Judges the four tables for a run of {@code runDate}. Notes are always judged whole (every
   * landed partition up to D; the table is small). An event table whose history days
   * [D − stateDays, D − 1] are all in {@code state} (every landed one) has only day D judged from
   * the raw logs, against the stored copies of its lookback days; otherwise the whole history is
   * judged from the raw logs, as it is when {@code state} is null or
   * {@code notepath.state.reuse-judged} is off. Both ways give the same rows.
   */
  public static Judged judgeAll(
      SparkSession spark,
      NotepathSettings settings,
      LocalDate runDate,
      JudgedState state,
      BiFunction<String, Dataset<Row>, Dataset<Row>> barrier) {
    Dataset<Row> notes =
        barrier.apply(
            "notes",
            Judge.judgeNotes(
                RawReader.read(
                    spark, settings, "notes", landedUpTo(spark, settings, "notes", runDate)),
                settings));
    Map<String, JudgedTable> judged = new LinkedHashMap<>();
    Map<String, List<LocalDate>> fromRaw = new LinkedHashMap<>();
    Map<String, List<LocalDate>> fromState = new LinkedHashMap<>();
    LocalDate firstKept = runDate.minusDays(settings.stateDays());
    LocalDate dayBefore = runDate.minusDays(1);
    for (String table : NotepathSettings.TABLE_NAMES) {
      if (table.equals("notes")) {
        judged.put(table, new JudgedTable(table, notes));
        continue;
      }

      List<LocalDate> landed = landedUpTo(spark, settings, table, runDate);
      List<LocalDate> landedHistory =
          landed.stream().filter(dt -> !dt.isBefore(firstKept) && dt.isBefore(runDate)).toList();
      List<LocalDate> stored =
          state == null ? List.of() : state.days(table, firstKept, dayBefore);
      Dataset<Row> rows;
      if (state != null && settings.reuseJudgedState() && stored.containsAll(landedHistory)) {
        Optional<Dataset<Row>> history = state.read(table, firstKept, dayBefore);
        Dataset<Row> earlierCopies =
            history
                .map(h -> h.filter(col(RawReader.DT)
                    .geq(lit(runDate.minusDays(settings.dedupeLookbackDays())))))
                .orElse(null);
        Dataset<Row> raw = RawReader.read(spark, settings, table, List.of(runDate));
        Dataset<Row> today =
            barrier.apply(table, Judge.judgeEvents(raw, table, settings, notes, earlierCopies));
        rows = history.map(h -> today.unionByName(h, true)).orElse(today);
        fromRaw.put(table, List.of(runDate));
        fromState.put(table, stored);
      } else {
        // The oldest dedupe-lookback-days days are read only as the lookback of the days after
        // them: their own verdicts cannot see their own lookback, so they are not kept.
        List<LocalDate> dates =
            landed.stream()
                .filter(dt -> !dt.isBefore(runDate.minusDays(settings.historyDays())))
                .toList();
        Dataset<Row> raw = RawReader.read(spark, settings, table, dates);
        rows =
            barrier.apply(
                table,
                Judge.judgeEvents(raw, table, settings, notes)
                    .filter(col(RawReader.DT).geq(lit(firstKept))));
        fromRaw.put(table, landed.stream().filter(dt -> !dt.isBefore(firstKept)).toList());
        fromState.put(table, List.of());
      }

      judged.put(table, new JudgedTable(table, rows));
    }

    return new Judged(judged, fromRaw, fromState);
  }

  /**
   * The accounting of {@code table}'s rows landed on {@code runDate}: input is a plain count of the
   * raw partition; accepted, duplicates and rejects by reason come from one aggregation over the
   * judged rows of that date (a handful of result rows reach the driver, never events).
   */
  public static TableAccounting account(
      SparkSession spark, NotepathSettings settings, JudgedTable table, LocalDate runDate) {
    long input = RawReader.countRecords(spark, settings, table.table(), runDate);
    List<Row> counts =
        table
            .judged()
            .filter(col(RawReader.DT).equalTo(lit(runDate)))
            .groupBy(col("outcome"), col("reason"))
            .count()
            .collectAsList();
    long accepted = 0;
    long duplicates = 0;
    long rejected = 0;
    Map<String, Long> byReason = new TreeMap<>();
    for (Row row : counts) {
      String outcome = row.getString(0);
      long n = row.getLong(2);
      switch (outcome) {
        case Judge.ACCEPTED -> accepted += n;
        case Judge.DUPLICATE -> duplicates += n;
        default -> {
          rejected += n;
          byReason.merge(row.getString(1), n, Long::sum);
        }
      }
    }

    return new TableAccounting(table.table(), input, accepted, duplicates, rejected, byReason);
  }

  private static List<LocalDate> landedUpTo(
      SparkSession spark, NotepathSettings settings, String table, LocalDate runDate) {
    return InputLayout.landedDates(spark, settings, table).stream()
        .filter(dt -> !dt.isAfter(runDate))
        .toList();
  }
}
