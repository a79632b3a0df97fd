package io.notepath.ingest;

import io.notepath.ingest.Ingest.JudgedTable;
import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Test helper: the verdict of each judged row next to a few raw label columns. */
final class Verdicts {
  private Verdicts() {}

  /**
   * dt, the raw label columns, outcome, reason, detail — collected once and turned back into a
   * local dataset, so a comparison does not re-run the whole judging plan for every action.
   */
  static Dataset<Row> of(JudgedTable table, String... labels) {
    List<Column> cols = new ArrayList<>();
    cols.add(col("dt"));
    for (String label : labels) {
      cols.add(col(label));
    }

    cols.add(col("outcome"));
    cols.add(col("reason"));
    cols.add(col("detail"));
    Dataset<Row> verdicts = table.judged().select(cols.toArray(Column[]::new));
    return verdicts.sparkSession().createDataFrame(verdicts.collectAsList(), verdicts.schema());
  }

  /** The schema of {@link #of} with the given labels. */
  static StructType schema(String... labels) {
    StructType schema = new StructType().add("dt", DataTypes.DateType);
    for (String label : labels) {
      schema = schema.add(label, DataTypes.StringType);
    }

    return schema
        .add("outcome", DataTypes.StringType)
        .add("reason", DataTypes.StringType)
        .add("detail", DataTypes.StringType);
  }
}
