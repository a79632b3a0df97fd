package io.notepath.nightly;

import io.notepath.config.NotepathSettings;
import io.notepath.ingest.InputLayout;
import io.notepath.state.StateStore;
import io.notepath.state.StateTables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * How a night runs (DESIGN §5.1, "Recovery"): it extends the state of the night before when that
 * state is complete under the current rules; otherwise it rebuilds the path state from the judged
 * events the state keeps (the night before missing or incomplete, notepath.state.rebuild); and
 * when those are missing too (a first run, a gap, a changed setting, notepath.state.reuse-judged
 * = false) from the raw logs. The reason goes to the log and the manifest.
 */
final class Recovery {
  private Recovery() {}

  /** How the night runs and why. */
  record Plan(boolean incremental, boolean fromRaw, String reason) {
    String mode() {
      return incremental ? "incremental" : fromRaw ? "rebuild from the raw logs" : "rebuild from the judged state";
    }
  }

  static Plan plan(SparkSession spark, NotepathSettings settings, LocalDate runDate, StateStore store) {
    LocalDate dayBefore = runDate.minusDays(1);
    if (!settings.reuseJudgedState()) {
      return new Plan(false, true, "notepath.state.reuse-judged = false");
    }

    List<String> missing = new ArrayList<>();
    for (String table : NotepathSettings.TABLE_NAMES) {
      LocalDate first = table.equals("notes") ? LocalDate.MIN : runDate.minusDays(settings.stateDays());
      List<LocalDate> landed =
          InputLayout.landedDates(spark, settings, table).stream()
              .filter(d -> !d.isBefore(first) && d.isBefore(runDate))
              .toList();
      List<LocalDate> kept = store.committed(StateTables.events(table));
      List<LocalDate> absent = landed.stream().filter(d -> !kept.contains(d)).toList();
      if (!absent.isEmpty()) {
        missing.add(table + " " + (absent.size() <= 3 ? absent : absent.size() + " days from " + absent.get(0)));
      }
    }

    if (!missing.isEmpty()) {
      return new Plan(false, true, "landed days not in the judged state under " + store.root().getName() + ": " + missing);
    }

    if (nothingBefore(spark, settings, runDate, store)) {
      // The first night: no history to rebuild, the state of an empty night before is empty.
      return new Plan(true, false, "nothing landed before " + runDate + ": the first night");
    }

    if (settings.rebuildState()) {
      return new Plan(false, false, "notepath.state.rebuild = true");
    }

    if (!store.nightComplete(dayBefore)) {
      return new Plan(false, false, "no complete state of " + dayBefore + " under " + store.root().getName());
    }

    return new Plan(true, false, "the state of " + dayBefore + " is complete");
  }

  /** No table landed or stored anything before the run date (within the state's days). */
  private static boolean nothingBefore(
      SparkSession spark, NotepathSettings settings, LocalDate runDate, StateStore store) {
    LocalDate first = runDate.minusDays(settings.historyDays());
    for (String table : NotepathSettings.TABLE_NAMES) {
      LocalDate from = table.equals("notes") ? LocalDate.MIN : first;
      boolean landed =
          InputLayout.landedDates(spark, settings, table).stream()
              .anyMatch(d -> !d.isBefore(from) && d.isBefore(runDate));
      boolean stored = store.committed(StateTables.events(table)).stream().anyMatch(d -> d.isBefore(runDate));
      if (landed || stored) {
        return false;
      }
    }

    return true;
  }
}
