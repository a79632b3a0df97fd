package io.notepath.simulate;

import java.util.Map;

/**
 * What a simulation wrote: rows per table (every line or row written, faulty copies included; also
 * ground_truth and users), the clean rows per input table, and the faults injected per input table
 * and kind (duplicate, late, malformed, unknown_note, before_publish).
 */
public record SimulateSummary(
    Map<String, Long> rowsWritten,
    Map<String, Long> cleanRows,
    Map<String, Map<String, Long>> faultsInjected,
    long elapsedMs) {

  /** Faults of one kind in one input table (0 when none). */
  public long faults(String table, String kind) {
    return faultsInjected.getOrDefault(table, Map.of()).getOrDefault(kind, 0L);
  }
}
