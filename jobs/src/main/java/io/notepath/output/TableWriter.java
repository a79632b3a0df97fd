package io.notepath.output;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes an output table as Hive-style partitioned Parquet with dynamic partition overwrite: a
 * rerun replaces exactly the partitions present in the new data and leaves every other partition
 * alone. Spark stages the files under .spark-staging-* and moves them into place at job commit.
 * With dynamic overwrite Spark's own _SUCCESS stays in the staging directory, so the writer marks
 * the table directory itself once the commit is done: sensors wait for {@code <table>/_SUCCESS}.
 */
public final class TableWriter {
  private final String root;
  private final String compression;

  public TableWriter(String root, String compression) {
    this.root = root;
    this.compression = compression;
  }

  /** The directory of a table under the output root. */
  public String tablePath(String table) {
    return root.replaceAll("/+$", "") + "/" + table;
  }

  /** Overwrites the partitions of {@code table} present in {@code rows}; one file per partition. */
  public void overwritePartitions(Dataset<Row> rows, String table, String... partitionColumns) {
    Column[] keys = Arrays.stream(partitionColumns).map(c -> col(c)).toArray(Column[]::new);
    rows.repartition(keys)
        .write()
        .mode("overwrite")
        .option("partitionOverwriteMode", "dynamic")
        .option("compression", compression)
        .partitionBy(partitionColumns)
        .parquet(tablePath(table));
    markSuccess(rows.sparkSession().sparkContext().hadoopConfiguration(), table);
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
