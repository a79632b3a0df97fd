package io.notepath.output;

import java.util.Map;
import org.apache.spark.sql.Observation;

/**
 * Reads metrics Spark observed while an action ran over a dataset ({@code Dataset.observe}): row
 * counts of a write come from the write itself, never from a second action over the same rows.
 */
public final class Observed {
  private Observed() {}

  /** The observed metrics; waits until the action that ran the observed plan has finished. */
  public static Map<String, Object> metrics(Observation observation) {
    try {
      return observation.getAsJava();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + observation.name(), e);
    }
  }

  /** One observed number, 0 when the observed plan saw no rows (sums are then null). */
  public static long count(Observation observation, String metric) {
    Object value = metrics(observation).get(metric);
    return value == null ? 0L : ((Number) value).longValue();
  }
}
