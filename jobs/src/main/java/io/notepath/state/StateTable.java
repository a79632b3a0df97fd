package io.notepath.state;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One table of the state a night keeps (DESIGN §5.1), declared once: its name, its columns, the
 * column it is partitioned by (the landing day {@code dt} of stored events, or the {@code night}
 * that wrote it) and, for event-level tables, the column it is bucketed by. Bucketed tables are
 * hash-bucketed exactly as a night's one full shuffle partitions its events (viewers for
 * impressions, users for interactions), so a night joins them with its own day without shuffling
 * them.
 */
public record StateTable(String name, StructType columns, String partitionColumn, String bucketColumn) {

  /** Columns of the ordering key of DESIGN §3 as one struct: dt, ts, event_id. */
  public static final StructType KEY =
      new StructType()
          .add("dt", DataTypes.DateType)
          .add("ts", DataTypes.TimestampType)
          .add("event_id", DataTypes.StringType);

  public boolean bucketed() {
    return bucketColumn != null;
  }

  /** The column names without the partition column, in declared order. */
  public List<String> dataColumns() {
    return Arrays.stream(columns.fieldNames()).filter(c -> !c.equals(partitionColumn)).toList();
  }

  /** The declared schema, partition column last (the order Spark reads a partitioned table in). */
  public StructType schema() {
    StructType s = new StructType();
    for (StructField f : columns.fields()) {
      if (!f.name().equals(partitionColumn)) {
        s = s.add(f);
      }
    }

    return s.add(columns.apply(partitionColumn));
  }

  /** The column definitions for CREATE TABLE, partition column last. */
  String ddl() {
    StringBuilder out = new StringBuilder();
    for (StructField f : schema().fields()) {
      out.append(out.isEmpty() ? "" : ", ").append('`').append(f.name()).append("` ")
          .append(f.dataType().sql());
    }

    return out.toString();
  }

  static StructType struct(Object... nameTypePairs) {
    StructType s = new StructType();
    for (int i = 0; i < nameTypePairs.length; i += 2) {
      s = s.add((String) nameTypePairs[i], (DataType) nameTypePairs[i + 1]);
    }

    return s;
  }
}
