package io.notepath.paths;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.lit;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * Row-level tests of a date column against the run's dates, written so that one night's generated
 * code serves the next. Spark writes a date literal into the Java code it generates ({@code x ==
 * 20761}) and caches generated classes by their source, so a plan comparing with tonight's date
 * compiles its classes again every night (Janino, then the JIT); an array literal is passed to the
 * generated code by reference, so {@code array_contains} with the dates gives the same code every
 * night. Not for filters that should prune partitions (those are decided before any code runs).
 */
public final class DateMatch {
  private DateMatch() {}

  /** Whether {@code date} is {@code day} (null when date is null, as with {@code =}). */
  public static Column isDay(Column date, LocalDate day) {
    return isAnyOf(date, List.of(day));
  }

  /** Whether {@code date} is one of {@code days}: false for none, else null when date is null. */
  public static Column isAnyOf(Column date, List<LocalDate> days) {
    if (days.isEmpty()) {
      return lit(false);
    }

    return array_contains(lit(days.stream().map(Date::valueOf).toArray(Date[]::new)), date);
  }
}
