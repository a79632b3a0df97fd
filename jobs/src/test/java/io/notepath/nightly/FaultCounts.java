package io.notepath.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import io.notepath.ingest.TableAccounting;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the tests against the simulator compare: faults as table -> kind -> count (zeros left
 * out), and the note_paths columns that must equal the ground truth even with late faults on.
 */
final class FaultCounts {
  /**
   * note_id, max_level and every count of note_paths. Milestone times and cold_start_interactions
   * are left out: with late faults on they may move by design (DESIGN §3 ranks a late impression
   * after those landed before it; the simulator's truth orders by ts alone).
   */
  static final String[] LEVELS_AND_COUNTS = {
    "note_id", "max_level", "impressions", "fan_impressions", "explore_impressions",
    "official_impressions", "organic_impressions", "level1_impressions", "level2_impressions",
    "level3_impressions", "level4_impressions", "new_viewer_impressions", "opens", "likes",
    "collects", "comments", "shares", "follows", "unlikes", "uncollects"
  };

  private FaultCounts() {}

  /**
   * The simulator's ground_truth_faults rows (table, kind, count) the job must find: every kind
   * but "late", which the job accepts.
   */
  static Map<String, Map<String, Long>> injected(Dataset<Row> groundTruthFaults) {
    return collect(groundTruthFaults.filter("kind <> 'late'").select("table", "kind", "count"));
  }

  /** Rows of (table, kind, count) as a map, zeros left out. */
  static Map<String, Map<String, Long>> collect(Dataset<Row> tableKindCount) {
    Map<String, Map<String, Long>> counts = new TreeMap<>();
    for (Row r : tableKindCount.collectAsList()) {
      counts.computeIfAbsent(r.getString(0), k -> new TreeMap<>()).put(r.getString(1), r.getLong(2));
    }

    return withoutZeros(counts);
  }

  /**
   * Duplicates (kind "duplicate") and rejects by reason, summed over the nights' accounting;
   * every account must balance.
   */
  static Map<String, Map<String, Long>> countedByTheJob(List<NightlyJob.Outcome> nights) {
    Map<String, Map<String, Long>> counted = new TreeMap<>();
    for (NightlyJob.Outcome night : nights) {
      for (TableAccounting a : night.accounting()) {
        assertThat(a.balanced()).as(a.toString()).isTrue();
        Map<String, Long> kinds = counted.computeIfAbsent(a.table(), k -> new TreeMap<>());
        kinds.merge("duplicate", a.duplicates(), Long::sum);
        a.rejectedByReason().forEach((reason, n) -> kinds.merge(reason, n, Long::sum));
      }
    }

    return withoutZeros(counted);
  }

  /** The same counts without zero kinds and without tables left empty. */
  static Map<String, Map<String, Long>> withoutZeros(Map<String, Map<String, Long>> counts) {
    Map<String, Map<String, Long>> kept = new TreeMap<>();
    counts.forEach(
        (table, kinds) -> {
          Map<String, Long> nonZero = new TreeMap<>(kinds);
          nonZero.values().removeIf(n -> n == 0);
          if (!nonZero.isEmpty()) {
            kept.put(table, nonZero);
          }
        });
    return kept;
  }
}
