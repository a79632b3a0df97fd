package io.notepath.nightly;

import static org.apache.spark.sql.functions.col;

import io.notepath.cli.ExitCode;
import io.notepath.cli.NotepathException;
import io.notepath.config.NotepathSettings;
import io.notepath.ingest.Ingest;
import io.notepath.ingest.InputContract;
import io.notepath.ingest.InputLayout;
import io.notepath.ingest.Judge;
import io.notepath.ingest.TableAccounting;
import io.notepath.paths.EventContext;
import io.notepath.state.StateStore;
import io.notepath.state.StateTable;
import io.notepath.state.StateTables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Phase 1/4: judge what landed and store it. A night judges its own landing day against what
 * earlier nights stored (the copies of its lookback days, the accepted notes); a rebuild from the
 * raw logs judges the whole history. Each judged day is staged in the state with what every
 * later reader needs once — the note's attributes, in_path, the impression's class — and its
 * accounting is counted in that same write. A table over the reject ratio refuses the run here,
 * before anything is visible.
 */
final class IngestPhase {
  private IngestPhase() {}

  /** What the phase judged and stored: per table the accounting of the run date and the days. */
  record Result(
      List<TableAccounting> accounting,
      Map<String, List<LocalDate>> daysJudgedFromRaw,
      Map<String, List<LocalDate>> daysStored) {}

  static Result run(
      SparkSession spark,
      NotepathSettings settings,
      LocalDate runDate,
      StateStore store,
      Recovery.Plan plan,
      RunRecorder recorder) {
    Map<String, Ingest.JudgedTable> judged = new LinkedHashMap<>();
    Map<String, List<LocalDate>> fromRaw = new LinkedHashMap<>();
    Map<String, List<LocalDate>> stored = new LinkedHashMap<>();
    Map<String, TableAccounting> empty = new LinkedHashMap<>();
    if (plan.fromRaw()) {
      Ingest.History history = Ingest.judgeHistory(spark, settings, runDate);
      for (String table : NotepathSettings.TABLE_NAMES) {
        List<LocalDate> days = history.fromRaw().get(table);
        recorder.step("judge and store " + table + " from the raw logs: " + days.size() + " day(s)");
        Dataset<Row> rows = history.tables().get(table).rows();
        Dataset<Row> notes = table.equals("notes") ? null : acceptedNotesOf(history.tables().get("notes").rows());
        store.stage(StateTables.events(table), days, enrich(table, rows, notes, settings));
        judged.put(table, history.tables().get(table));
        fromRaw.put(table, days);
        stored.put(table, days);
      }
    } else {
      for (String table : NotepathSettings.TABLE_NAMES) {
        StateTable stateTable = StateTables.events(table);
        fromRaw.put(table, List.of(runDate));
        stored.put(table, List.of(runDate));
        if (InputLayout.dataFiles(spark, InputLayout.partition(settings, table, runDate)).isEmpty()) {
          // Landed empty: nothing to judge, an empty day to store.
          store.stageEmpty(stateTable, List.of(runDate));
          empty.put(table, new TableAccounting(table, 0, 0, 0, 0, Map.of()));
          continue;
        }

        List<LocalDate> lookback =
            table.equals("notes")
                ? store.committed(StateTables.NOTES).stream().filter(d -> d.isBefore(runDate)).toList()
                : lookbackDays(runDate, settings);
        Dataset<Row> earlier = earlierKeys(store.read(stateTable, lookback), table);
        Dataset<Row> notes =
            table.equals("notes") ? null : acceptedNotesOf(store.read(StateTables.NOTES, noteDays(store, runDate)));
        recorder.step("judge and store " + table + " " + runDate);
        Ingest.JudgedTable day =
            Ingest.judgeDay(spark, settings, table, runDate, notes, earlier);
        store.stage(stateTable, List.of(runDate), enrich(table, day.rows(), notes, settings));
        judged.put(table, day);
      }
    }

    List<TableAccounting> accounting = new ArrayList<>();
    for (String table : NotepathSettings.TABLE_NAMES) {
      accounting.add(judged.containsKey(table) ? judged.get(table).accounting() : empty.get(table));
    }

    recorder.read("days_of_logs_judged", fromRaw);
    check(accounting, settings);
    return new Result(accounting, fromRaw, stored);
  }

  /** Landed days before the run date whose copies the run date's rows are checked against. */
  private static List<LocalDate> lookbackDays(LocalDate runDate, NotepathSettings settings) {
    List<LocalDate> days = new ArrayList<>();
    for (int i = 1; i <= settings.dedupeLookbackDays(); i++) {
      days.add(runDate.minusDays(i));
    }

    return days;
  }

  /**
   * Every stored notes day up to the run date (notes are kept for as long as the state lives):
   * the committed ones and the run date's, which this run staged first.
   */
  private static List<LocalDate> noteDays(StateStore store, LocalDate runDate) {
    return store.stored(StateTables.NOTES).stream().filter(d -> !d.isAfter(runDate)).toList();
  }

  /** The dedupe keys of stored rows that passed their own checks, one row per key. */
  private static Dataset<Row> earlierKeys(Dataset<Row> stored, String table) {
    Column[] key =
        InputContract.of(table).dedupeKey().stream().map(k -> col(k)).toArray(Column[]::new);
    return stored.filter(Ingest.passedOwnChecks()).select(key).distinct();
  }

  /** The accepted notes, one row per note, with what events carry of them. */
  static Dataset<Row> acceptedNotesOf(Dataset<Row> judgedNotes) {
    return judgedNotes
        .filter(col("outcome").equalTo(Judge.ACCEPTED))
        .select("note_id", "author_id", "category", "note_type", "author_followers", "published_at",
            "publish_date", "dt");
  }

  private static Dataset<Row> enrich(
      String table, Dataset<Row> rows, Dataset<Row> notes, NotepathSettings settings) {
    return notes == null ? rows : EventContext.withContext(table, rows, notes, settings.windowDays());
  }

  /** The job checks its own accounting; a table over the reject ratio stops the run before any write. */
  static void check(List<TableAccounting> accounting, NotepathSettings settings) {
    for (TableAccounting a : accounting) {
      if (!a.balanced()) {
        throw new NotepathException(ExitCode.FAILURE, String.format(
            "accounting invariant broken for %s: input %d != accepted %d + duplicates %d + rejected %d",
            a.table(), a.input(), a.accepted(), a.duplicates(), a.rejected()));
      }
    }

    List<String> breached = new ArrayList<>();
    for (TableAccounting a : accounting) {
      if (a.rejectRatio() > settings.maxRejectRatio()) {
        breached.add(String.format("%s rejected %d of %d rows (%.2f%%) %s", a.table(), a.rejected(),
            a.input(), 100 * a.rejectRatio(), a.rejectedByReason()));
      }
    }

    if (!breached.isEmpty()) {
      throw new NotepathException(ExitCode.QUALITY_THRESHOLD_BREACHED,
          "reject ratio above notepath.quality.max-reject-ratio = " + settings.maxRejectRatio()
              + ": " + String.join("; ", breached) + ". Nothing was written. Fix the input, or raise "
              + "the threshold with notepath.quality.max-reject-ratio=<ratio> if these rows are expected.");
    }
  }

  /** Whether every input table has landed day D (else the run exits 3). */
  static void requireLanded(SparkSession spark, NotepathSettings settings, LocalDate runDate) {
    List<String> missing = InputLayout.missingTables(spark, settings, runDate);
    if (!missing.isEmpty()) {
      throw new NotepathException(ExitCode.INPUT_NOT_LANDED,
          "input for " + runDate + " has not landed (no dt=" + runDate + "/_SUCCESS) for " + missing
              + " under " + settings.inputRoot());
    }
  }
}
