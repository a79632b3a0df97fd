package io.notepath.paths;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Fails a transform at its first line, with a readable message, when an input lacks a column. */
final class RequiredColumns {
  private RequiredColumns() {}

  static void check(Dataset<Row> input, String transform, String... columns) {
    Set<String> present = Set.of(input.columns());
    List<String> missing = Arrays.stream(columns).filter(c -> !present.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          transform + " needs columns " + missing + "; input has " + List.of(input.columns()));
    }
  }
}
