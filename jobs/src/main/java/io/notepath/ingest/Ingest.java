package io.notepath.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.notepath.config.NotepathSettings;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The ingest step of a run of date D: reads what D needs (every landed notes partition dt <= D;
 * the event tables' landed partitions in [D - historyDays, D]), judges every row and accounts for
 * the rows of D. Re-judging the older partitions gives the verdicts they got on their own night,
 * because every rule looks only at data landed at or before the row's dt — except that rows in
 * the oldest dedupe-lookback-days partitions read cannot see their own lookback.
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
    Dataset<Row> notes =
        barrier.apply(
            "notes",
            Judge.judgeNotes(
                RawReader.read(
                    spark, settings, "notes", landedUpTo(spark, settings, "notes", runDate)),
                settings));
    Map<String, JudgedTable> judged = new LinkedHashMap<>();
    for (String table : NotepathSettings.TABLE_NAMES) {
      if (table.equals("notes")) {
        judged.put(table, new JudgedTable(table, notes));
        continue;
      }

      List<LocalDate> dates =
          landedUpTo(spark, settings, table, runDate).stream()
              .filter(dt -> !dt.isBefore(runDate.minusDays(settings.historyDays())))
              .toList();
      Dataset<Row> raw = RawReader.read(spark, settings, table, dates);
      judged.put(
          table,
          new JudgedTable(
              table, barrier.apply(table, Judge.judgeEvents(raw, table, settings, notes))));
    }

    return judged;
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
