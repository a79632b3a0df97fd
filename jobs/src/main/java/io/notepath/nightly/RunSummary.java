package io.notepath.nightly;

import io.notepath.ingest.TableAccounting;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/** The short text summary a run prints at its end. */
final class RunSummary {
  private RunSummary() {}

  static String render(
      String runDate,
      List<TableAccounting> accounting,
      Map<String, Long> outputRows,
      List<Row> funnel,
      long millis) {
    StringBuilder out = new StringBuilder();
    out.append(String.format("notepath run %s finished in %.1f s%n%n", runDate, millis / 1000.0));
    out.append(String.format("%-16s %10s %10s %10s %10s%n", "input table", "rows in", "accepted", "duplicates", "rejected"));
    for (TableAccounting a : accounting) {
      out.append(String.format("%-16s %10d %10d %10d %10d%s%n", a.table(), a.input(), a.accepted(),
          a.duplicates(), a.rejected(), a.rejectedByReason().isEmpty() ? "" : "  " + a.rejectedByReason()));
    }

    out.append(String.format("%n%-20s %10s%n", "output table", "rows written"));
    outputRows.forEach((table, rows) -> out.append(String.format("%-20s %10d%n", table, rows)));
    out.append(String.format("%nstage funnel of the cohorts touched (all categories):%n"));
    out.append(String.format("%-12s %6s %7s %7s %7s %7s %5s %5s %5s %5s %8s%n", "publish_date", "notes",
        "distrib", "explore", "cs_done", "promot", "lvl3", "lvl4", "hot", "offcl", "complete"));
    for (Row r : funnel) {
      out.append(String.format("%-12s %6d %7d %7d %7d %7d %5d %5d %5d %5d %8s%n",
          r.getAs("publish_date").toString(), (long) r.getAs("notes"), (long) r.getAs("notes_distributed"),
          (long) r.getAs("notes_explored"), (long) r.getAs("notes_cold_start_completed"),
          (long) r.getAs("notes_promoted"), (long) r.getAs("notes_level3"), (long) r.getAs("notes_level4"),
          (long) r.getAs("notes_hot_feed"), (long) r.getAs("notes_official_pick"),
          ((Boolean) r.getAs("is_complete")) ? "yes" : "no"));
    }

    return out.toString();
  }
}
