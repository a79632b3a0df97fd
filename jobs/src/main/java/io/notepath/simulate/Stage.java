package io.notepath.simulate;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Helpers that keep the simulator's large per-row expressions cheap to plan and fast to run.
 *
 * <p>{@link #on} adds several columns in one projection: a chain of withColumn calls re-analyses
 * the whole plan once per column, which costs seconds per job on the driver. {@link #cut} ends a
 * whole-stage-codegen stage (see there).
 */
final class Stage {
  private final Dataset<Row> ds;
  private final Map<String, Column> columns = new LinkedHashMap<>();

  private Stage(Dataset<Row> ds) {
    this.ds = ds;
  }

  /** Starts a set of columns to add to {@code ds} together. */
  static Stage on(Dataset<Row> ds) {
    return new Stage(ds);
  }

  /** Adds a column; columns of one stage may not refer to each other. */
  Stage with(String name, Column column) {
    columns.put(name, column);
    return this;
  }

  /** The dataset with the columns added, in order, in one projection. */
  Dataset<Row> add() {
    return ds.withColumns(columns);
  }

  /**
   * Ends a whole-stage-codegen stage without moving data: a coalesce to the current number of
   * partitions keeps every partition as it is, but Spark cannot fuse code across it. The
   * simulator's per-row expressions are large; fused into one generated method they pass the 8000
   * bytes of bytecode above which the JVM never JIT-compiles a method, and run interpreted (several
   * times slower). Cutting between steps keeps each method under that limit.
   */
  static Dataset<Row> cut(Dataset<Row> ds, int partitions) {
    return ds.coalesce(partitions);
  }
}
