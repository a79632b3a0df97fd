package io.notepath.paths;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.unix_micros;

import java.time.Duration;
import org.apache.spark.sql.Column;

/**
 * Timestamp arithmetic in elapsed time. {@code ts + INTERVAL '1' DAY} in Spark adds a calendar day
 * in the session time zone (23 or 25 hours across a DST change), so windows would depend on the
 * session config; adding microseconds does not.
 */
final class Elapsed {
  private Elapsed() {}

  /** {@code ts + duration} on the instant time line. */
  static Column plus(Column ts, Duration duration) {
    return timestamp_micros(unix_micros(ts).plus(lit(micros(duration))));
  }

  /** {@code ts - duration} on the instant time line. */
  static Column minus(Column ts, Duration duration) {
    return timestamp_micros(unix_micros(ts).minus(lit(micros(duration))));
  }

  private static long micros(Duration duration) {
    return Math.addExact(
        Math.multiplyExact(duration.getSeconds(), 1_000_000L), duration.getNano() / 1_000L);
  }
}
