package io.notepath.paths;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;

import org.apache.spark.sql.Column;

/**
 * The ordering key of DESIGN §3: landing date {@code dt}, then {@code ts}, then {@code event_id}
 * (string order). Landing date first keeps history stable: an event that lands late ranks after
 * everything landed before it, whatever its ts, so a late event never rewrites a milestone.
 *
 * <p>The key is a {@code struct<dt, ts, event_id>}; Spark orders structs field by field, so
 * {@code min}, {@code min_by}, {@code <=} and sorting on it follow the key exactly. event_id is
 * unique among accepted events of a table, so no two events of a note share a key.
 */
public final class OrderingKey {
  private OrderingKey() {}

  /** The key of the current row's event: {@code struct(dt, ts, event_id)}. */
  public static Column orderingKey() {
    return struct(col("dt"), col("ts"), col("event_id"));
  }
}
