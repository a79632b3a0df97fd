package io.notepath.simulate;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Adds several columns in one projection. The simulator's expressions are large; a chain of
 * withColumn calls re-analyses the whole plan once per column, which costs seconds per job on
 * the driver, so columns that do not depend on each other are added together.
 */
final class Stage {
  private Stage() {}

  /** Adds (name, column) pairs, in order, in one projection; columns may not refer to each other. */
  static Dataset<Row> with(Dataset<Row> ds, Object... namesAndColumns) {
    Map<String, Column> columns = new LinkedHashMap<>();
    for (int i = 0; i < namesAndColumns.length; i += 2) {
      columns.put((String) namesAndColumns[i], (Column) namesAndColumns[i + 1]);
    }

    return ds.withColumns(columns);
  }

  /**
   * Ends a whole-stage-codegen stage without moving data: a coalesce to the current number of
   * partitions keeps every partition as it is, but Spark cannot fuse code across it. The
   * simulator's per-row expressions are large; fused into one generated method they pass the
   * 8000 bytes of bytecode above which the JVM never JIT-compiles a method, and run interpreted
   * (several times slower). Cutting between steps keeps each method under that limit.
   */
  static Dataset<Row> cut(Dataset<Row> ds, int partitions) {
    return ds.coalesce(partitions);
  }
}
