package io.notepath.output;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;

/**
 * Writes an output table as Hive-style partitioned Parquet with dynamic partition overwrite: a
 * rerun replaces exactly the partitions present in the new data and leaves every other partition
 * alone. Spark stages the files under .spark-staging-* and moves them into place at job commit.
 * With dynamic overwrite Spark's own _SUCCESS stays in the staging directory, so the writer marks
 * the table directory itself once the commit is done: sensors wait for {@code <table>/_SUCCESS}.
 *
 * <p>Every table is checked against its declaration ({@link OutputTable}) before anything is
 * written, and its row count and partitions are observed while it is written, not counted again.
 */
public final class TableWriter {
  private final String root;
  private final String compression;

  public TableWriter(String root, String compression) {
    this.root = root;
    this.compression = compression;
  }

  /** What one write put where: rows written and the partitions replaced (col=value/...). */
  public record Written(long rows, List<String> partitions) {}

  /** The directory of a table under the output root. */
  public String tablePath(String table) {
    return root.replaceAll("/+$", "") + "/" + table;
  }

  /** Overwrites the partitions of {@code table} present in {@code rows}; one file per partition. */
  public Written overwritePartitions(Dataset<Row> rows, OutputTable table) {
    List<String> problems = table.mismatches(rows.schema());
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "table " + table.tableName() + " does not match its declaration: " + problems);
    }

    List<Column> partitionPath = new ArrayList<>();
    for (String p : table.partitions()) {
      partitionPath.add(concat(lit(p + "="), col(p).cast("string")));
    }

    Observation written = new Observation("written " + table.tableName());
    Column[] keys = table.partitions().stream().map(c -> col(c)).toArray(Column[]::new);
    rows.observe(
            written,
            count(lit(1)).as("rows"),
            collect_set(concat_ws("/", partitionPath.toArray(Column[]::new))).as("partitions"))
        .repartition(keys)
        .write()
        .mode("overwrite")
        .option("partitionOverwriteMode", "dynamic")
        .option("compression", compression)
        .partitionBy(table.partitions().toArray(String[]::new))
        .parquet(tablePath(table.tableName()));
    markSuccess(rows.sparkSession().sparkContext().hadoopConfiguration(), table.tableName());
    List<String> partitions = new ArrayList<>();
    Object set = Observed.metrics(written).get("partitions");
    if (set instanceof scala.collection.Iterable<?> values) {
      values.foreach(v -> partitions.add(v.toString()));
    } else if (set instanceof java.util.Collection<?> values) {
      values.forEach(v -> partitions.add(v.toString()));
    }

    partitions.sort(null);
    return new Written(Observed.count(written, "rows"), List.copyOf(partitions));
  }

  /**
   * For a table the run rewrites no partition of: nothing is written, the table directory is
   * marked (sensors see the run went through) and no row or partition is reported.
   */
  public Written markUnchanged(OutputTable table) {
    markSuccess(org.apache.spark.sql.SparkSession.active().sparkContext().hadoopConfiguration(), table.tableName());
    return new Written(0, List.of());
  }

  private void markSuccess(Configuration hadoopConf, String table) {
    Path marker = new Path(tablePath(table), "_SUCCESS");
    try {
      FileSystem fs = marker.getFileSystem(hadoopConf);
      fs.create(marker, true).close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + marker, e);
    }
  }
}
