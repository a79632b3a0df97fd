package io.notepath.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.notepath.config.NotepathSettings;
import io.notepath.ingest.InputContract.TableContract;
import io.notepath.output.Observed;
import io.notepath.paths.DateMatch;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The ingest step: judges raw landing partitions and accounts for every row of the run date.
 *
 * <p>A night judges its own landing day only ({@link #judgeDay}), against what earlier nights
 * stored: the copies of its lookback days and the accepted notes. A rebuild judges the whole
 * history from the raw logs at once ({@link #judgeHistory}); both follow the same rules, because
 * every verdict depends only on data landed at or before the row's own dt.
 *
 * <p>Accounting is counted in the same pass that judges: the raw rows of the run date are
 * observed as they are read, their outcomes as the judged rows are written.
 */
public final class Ingest {
  private Ingest() {}

  /**
   * One input table's rows of the run date as judged: {@code judged} as Judge leaves them (the raw
   * string fields, {@code typed}, the verdict columns), {@code rows} flat (every contract field
   * typed, the date column, outcome, reason, detail, the raw record of rejected rows, dt), and the
   * observations that account for them once an action has run the plan of {@code rows}.
   */
  public record JudgedTable(
      String table,
      LocalDate runDate,
      Dataset<Row> judged,
      Dataset<Row> rows,
      Observation input,
      Observation outcomes) {

    /** The accepted rows, projected exactly to the AcceptedSchemas schema of the table. */
    public Dataset<Row> accepted() {
      StructType schema = acceptedSchema(table);
      Column[] columns = new Column[schema.fields().length];
      for (int i = 0; i < columns.length; i++) {
        StructField field = schema.fields()[i];
        columns[i] = col(field.name()).cast(field.dataType()).as(field.name());
      }

      return rows.filter(col("outcome").equalTo(Judge.ACCEPTED)).select(columns);
    }

    /** The rejected rows landed on {@code runDate} in the _rejects schema, records cut to maxChars. */
    public Dataset<Row> rejects(LocalDate day, int maxChars) {
      return Ingest.rejects(rows, table, day, maxChars);
    }

    /** The AcceptedSchemas schema of an input table. */
    public static StructType acceptedSchema(String table) {
      return Ingest.acceptedSchema(table);
    }

    /** The accounting of the run date; waits for the action that ran the observed plan. */
    public TableAccounting accounting() {
      Map<String, Object> o = Observed.metrics(outcomes);
      Map<String, Long> byReason = new TreeMap<>();
      long rejected = 0;
      for (String reason : Judge.REASONS) {
        long n = Observed.count(outcomes, reason);
        rejected += n;
        if (n > 0) {
          byReason.put(reason, n);
        }
      }

      return new TableAccounting(
          table,
          Observed.count(input, "input"),
          Observed.count(outcomes, Judge.ACCEPTED),
          Observed.count(outcomes, Judge.DUPLICATE),
          rejected,
          o.isEmpty() ? Map.of() : byReason);
    }
  }

  /**
   * Judges {@code table}'s landing day {@code runDate} (docs/architecture.md): notes against the
   * keys of every note stored before ({@code earlierKeys}: note_id), event tables against the keys
   * stored for their lookback days and the accepted notes landed up to the day ({@code
   * acceptedNotes}: note_id, published_at, dt). The rows come out partitioned as the state stores
   * them.
   */
  public static JudgedTable judgeDay(
      SparkSession spark,
      NotepathSettings settings,
      String table,
      LocalDate runDate,
      Dataset<Row> acceptedNotes,
      Dataset<Row> earlierKeys) {
    Observation input = new Observation("input " + table);
    Observation outcomes = new Observation("outcomes " + table);
    Dataset<Row> raw = observeInput(RawReader.read(spark, settings, table, List.of(runDate)), input, runDate);
    Dataset<Row> judged =
        Judge.judgeDay(
            raw,
            table,
            settings,
            acceptedNotes == null ? null : Judge.selectKnownNotes(acceptedNotes),
            earlierKeys);
    Dataset<Row> flat = flatten(judged, InputContract.of(table), settings.rejectRecordMaxChars());
    return new JudgedTable(
        table, runDate, judged, observeOutcomes(flat, outcomes, runDate), input, outcomes);
  }

  /**
   * The rejected rows of {@code table} landed on {@code day} in the _rejects schema
   * (AcceptedSchemas.REJECTS), from judged rows (flat, or as stored), records cut to maxChars.
   */
  public static Dataset<Row> rejects(Dataset<Row> judged, String table, LocalDate day, int maxChars) {
    return judged
        .filter(col("outcome").equalTo(Judge.REJECTED).and(DateMatch.isDay(col(RawReader.DT), day)))
        .select(
            col(RawReader.RECORD).substr(1, maxChars).as("record"),
            col("reason"),
            col("detail"),
            col(RawReader.DT),
            lit(table).as("source_table"));
  }

  /** The AcceptedSchemas schema of an input table. */
  public static StructType acceptedSchema(String table) {
    return switch (table) {
      case "notes" -> AcceptedSchemas.NOTES;
      case "impressions" -> AcceptedSchemas.IMPRESSIONS;
      case "interactions" -> AcceptedSchemas.INTERACTIONS;
      case "official_picks" -> AcceptedSchemas.OFFICIAL_PICKS;
      default -> throw new IllegalArgumentException("not an input table: " + table);
    };
  }

  /** The four tables judged from the raw logs over the history of a run of {@code runDate}. */
  public static Map<String, JudgedTable> judgeAll(
      SparkSession spark, NotepathSettings settings, LocalDate runDate) {
    return judgeHistory(spark, settings, runDate).tables();
  }

  /**
   * The accounting of {@code table}'s rows landed on {@code runDate} by one aggregation over the
   * judged rows and a count of the raw partition — two actions, for when the judged rows were not
   * written (a night takes its accounting from the observations of its write instead).
   */
  public static TableAccounting account(
      SparkSession spark, NotepathSettings settings, JudgedTable table, LocalDate runDate) {
    long input =
        RawReader.read(spark, settings, table.table(), List.of(runDate)).count();
    Map<String, Long> byReason = new TreeMap<>();
    long accepted = 0;
    long duplicates = 0;
    long rejected = 0;
    for (Row row :
        table.rows().filter(col(RawReader.DT).equalTo(lit(runDate))).groupBy("outcome", "reason").count().collectAsList()) {
      long n = row.getLong(2);
      switch (row.getString(0)) {
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

  /**
   * The four tables judged from the raw logs over a run's whole history, flat like {@link
   * JudgedTable#rows}: every landed notes partition up to D; the event tables' landing days
   * [D − state-days, D], read with dedupe-lookback-days more days so that every kept day sees its
   * lookback. {@code fromRaw} names the landing days kept per table.
   */
  public record History(Map<String, JudgedTable> tables, Map<String, List<LocalDate>> fromRaw) {}

  /** Judges the history of a run of {@code runDate} from the raw logs (see {@link History}). */
  public static History judgeHistory(SparkSession spark, NotepathSettings settings, LocalDate runDate) {
    Map<String, JudgedTable> tables = new LinkedHashMap<>();
    Map<String, List<LocalDate>> fromRaw = new LinkedHashMap<>();
    Observation notesInput = new Observation("input notes");
    Observation notesOutcomes = new Observation("outcomes notes");
    List<LocalDate> noteDays = landedUpTo(spark, settings, "notes", runDate);
    Dataset<Row> judgedNotes =
        Judge.judgeNotes(
            observeInput(RawReader.read(spark, settings, "notes", noteDays), notesInput, runDate),
            settings);
    Dataset<Row> notes =
        flatten(judgedNotes, InputContract.of("notes"), settings.rejectRecordMaxChars());
    tables.put("notes", new JudgedTable("notes", runDate, judgedNotes,
        observeOutcomes(notes, notesOutcomes, runDate), notesInput, notesOutcomes));
    fromRaw.put("notes", noteDays);
    Dataset<Row> known = Judge.selectKnownNotes(notes.filter(col("outcome").equalTo(Judge.ACCEPTED)));
    LocalDate firstKept = runDate.minusDays(settings.stateDays());
    for (String table : NotepathSettings.TABLE_NAMES) {
      if (table.equals("notes")) {
        continue;
      }

      List<LocalDate> read =
          landedUpTo(spark, settings, table, runDate).stream()
              .filter(dt -> !dt.isBefore(runDate.minusDays(settings.historyDays())))
              .toList();
      Observation input = new Observation("input " + table);
      Observation outcomes = new Observation("outcomes " + table);
      Dataset<Row> judged =
          Judge.judgeEvents(
                  observeInput(RawReader.read(spark, settings, table, read), input, runDate),
                  table,
                  settings,
                  known)
              .filter(col(RawReader.DT).geq(lit(firstKept)));
      Dataset<Row> flat = flatten(judged, InputContract.of(table), settings.rejectRecordMaxChars());
      tables.put(table, new JudgedTable(
          table, runDate, judged, observeOutcomes(flat, outcomes, runDate), input, outcomes));
      fromRaw.put(table, read.stream().filter(dt -> !dt.isBefore(firstKept)).toList());
    }

    return new History(tables, fromRaw);
  }

  /**
   * The judged rows flat: the typed contract fields and the date column as top-level columns,
   * outcome, reason, detail, the raw record (kept, cut to {@code maxChars}, on rejected rows only)
   * and dt.
   */
  public static Dataset<Row> flatten(Dataset<Row> judged, TableContract contract, int maxChars) {
    List<Column> out = new ArrayList<>();
    for (String field : contract.fieldNames()) {
      out.add(col(Judge.TYPED + "." + field).as(field));
    }

    out.add(col(Judge.TYPED + "." + contract.dateColumn()).as(contract.dateColumn()));
    out.add(col("outcome"));
    out.add(col("reason"));
    out.add(col("detail"));
    out.add(
        when(col("outcome").equalTo(Judge.REJECTED), col(RawReader.RECORD).substr(1, maxChars))
            .as(RawReader.RECORD));
    out.add(col(RawReader.DT));
    return judged.select(out.toArray(Column[]::new));
  }

  /**
   * True for rows that passed the checks on the row alone: accepted, duplicate, or rejected only
   * against notes or their landing date. These are the copies de-duplication looks back at.
   */
  public static Column passedOwnChecks() {
    return col("outcome")
        .notEqual(Judge.REJECTED)
        .or(col("reason").isin(Judge.UNKNOWN_NOTE, Judge.BEFORE_PUBLISH, Judge.TOO_LATE));
  }

  private static Dataset<Row> observeInput(Dataset<Row> raw, Observation input, LocalDate runDate) {
    return raw.observe(input, count_if(DateMatch.isDay(col(RawReader.DT), runDate)).as("input"));
  }

  private static Dataset<Row> observeOutcomes(
      Dataset<Row> flat, Observation outcomes, LocalDate runDate) {
    Column onRunDate = DateMatch.isDay(col(RawReader.DT), runDate);
    List<Column> metrics = new ArrayList<>();
    metrics.add(count_if(onRunDate.and(col("outcome").equalTo(Judge.ACCEPTED))).as(Judge.ACCEPTED));
    metrics.add(count_if(onRunDate.and(col("outcome").equalTo(Judge.DUPLICATE))).as(Judge.DUPLICATE));
    for (String reason : Judge.REASONS) {
      metrics.add(count_if(onRunDate.and(col("reason").equalTo(reason))).as(reason));
    }

    return flat.observe(outcomes, metrics.get(0), metrics.subList(1, metrics.size()).toArray(Column[]::new));
  }

  private static List<LocalDate> landedUpTo(
      SparkSession spark, NotepathSettings settings, String table, LocalDate runDate) {
    return InputLayout.landedDates(spark, settings, table).stream()
        .filter(dt -> !dt.isAfter(runDate))
        .toList();
  }
}
