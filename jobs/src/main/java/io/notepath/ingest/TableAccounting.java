package io.notepath.ingest;

import java.util.Map;

/**
 * Where every input row of one table on the run date went. {@code input} is counted from the raw
 * landing partition itself, independently of judging, so a row lost inside ingest shows up as an
 * unbalanced account instead of silently disappearing.
 */
public record TableAccounting(
    String table,
    long input,
    long accepted,
    long duplicates,
    long rejected,
    Map<String, Long> rejectedByReason) {

  public TableAccounting {
    rejectedByReason = Map.copyOf(rejectedByReason);
  }

  /** input = accepted + duplicates + rejected, and the reasons add up to rejected. */
  public boolean balanced() {
    long byReason = rejectedByReason.values().stream().mapToLong(Long::longValue).sum();
    return input == accepted + duplicates + rejected && byReason == rejected;
  }

  /** rejected / input; 0 when there was no input. */
  public double rejectRatio() {
    return input == 0 ? 0.0 : (double) rejected / input;
  }
}
