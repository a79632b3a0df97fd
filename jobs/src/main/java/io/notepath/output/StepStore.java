package io.notepath.output;

import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Materialises a step's result as Parquet in a run-private directory and reads it back. The read
 * starts a fresh, short lineage: later steps neither recompute nor re-plan the chain behind it,
 * tasks stay small, and a lost executor costs a re-read rather than a recomputation from the raw
 * logs. The directory sits under the output root with a leading underscore (ignored by Parquet
 * readers) and is deleted when the run ends, whatever its outcome.
 */
public final class StepStore implements AutoCloseable {
  private final SparkSession spark;
  private final Path dir;

  public StepStore(SparkSession spark, String outputRoot, String runId) {
    this.spark = spark;
    this.dir = new Path(outputRoot, "_staging/" + runId);
  }

  /** Datasets the run persisted, unpersisted when it closes. */
  private final java.util.List<Dataset<Row>> persisted = new java.util.ArrayList<>();

  /** Unpersists {@code rows} when the run closes (what it cached for several consumers). */
  public void releaseAtClose(Dataset<Row> rows) {
    persisted.add(rows);
  }

  /** Writes {@code rows} under {@code name} and returns the stored copy. */
  public Dataset<Row> save(String name, Dataset<Row> rows) {
    String path = new Path(dir, name).toString();
    spark.sparkContext().setJobDescription("notepath store " + name);
    rows.write().mode("overwrite").option("compression", "snappy").parquet(path);
    return spark.read().parquet(path);
  }

  @Override
  public void close() {
    persisted.forEach(Dataset::unpersist);
    persisted.clear();
    try {
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.delete(dir, true);
      // The shared _staging directory goes too once no run is using it.
      Path staging = dir.getParent();
      if (fs.exists(staging) && fs.listStatus(staging).length == 0) {
        fs.delete(staging, false);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot remove the run's staging directory " + dir, e);
    }
  }
}
