package io.notepath.simulate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SparkSession;

/**
 * Lands simulated tables the way the input contract expects them: {@code
 * <root>/<table>/dt=YYYY-MM-DD/part-*}, every day of the simulated range present (empty days too)
 * and marked with {@code _SUCCESS}. Spark writes all tables in one pass into a staging directory
 * partitioned by (table, dt); the partitions are then moved into place and the files of JSON tables
 * get a {@code .json} / {@code .json.gz} name.
 */
final class LandingWriter {
  static final List<String> TABLES =
      List.of(Events.NOTES, Events.IMPRESSIONS, Events.INTERACTIONS, Events.OFFICIAL_PICKS);
  static final String GROUND_TRUTH = "_ground_truth";
  private static final String STAGING = "_staging_simulate";
  private static final String PLAN_STAGING = "_staging_simulate_plan";
  private static final String PLANNED_WRITE = "spark.sql.optimizer.plannedWrite.enabled";
  private static final String CONCURRENT_WRITERS = "spark.sql.maxConcurrentOutputFileWriters";

  private final FileSystem fs;
  private final Path root;

  LandingWriter(SparkSession spark, String root) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    this.root = new Path(root);
    try {
      this.fs = this.root.getFileSystem(conf);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes the tables and ground truth a previous simulation left under the root. */
  void clear() {
    for (String dir :
        List.of(
            Events.NOTES,
            Events.IMPRESSIONS,
            Events.INTERACTIONS,
            Events.OFFICIAL_PICKS,
            GROUND_TRUTH,
            STAGING,
            PLAN_STAGING)) {
      delete(new Path(root, dir));
    }
  }

  /** Writes (table, dt, value) lines of all tables as text, then moves them into place. */
  void writeJsonLines(Dataset<Row> lines, boolean gzip, int partitionDirs) {
    Path staging = new Path(root, STAGING);
    // Concurrent writers instead of the local sort Spark plans before a partitioned write: a task
    // holds millions of lines over a few dozen (table, dt) directories, and sorting them would
    // spill every line to disk once more. Restored afterwards; the session is the caller's.
    RuntimeConfig conf = lines.sparkSession().conf();
    Map<String, String> previous = new HashMap<>();
    for (String key : List.of(PLANNED_WRITE, CONCURRENT_WRITERS)) {
      previous.put(key, conf.getOption(key).getOrElse(() -> null));
    }

    try {
      conf.set(PLANNED_WRITE, "false");
      conf.set(CONCURRENT_WRITERS, Integer.toString(partitionDirs + 1));
      lines
          .write()
          .mode("overwrite")
          .option("compression", gzip ? "gzip" : "none")
          .partitionBy("table", "dt")
          .text(staging.toString());
    } finally {
      previous.forEach(
          (key, value) -> {
            if (value == null) {
              conf.unset(key);
            } else {
              conf.set(key, value);
            }
          });
    }

    for (String table : TABLES) {
      moveFiles(new Path(staging, "table=" + table), new Path(root, table), ".txt", ".json");
    }

    delete(staging);
  }

  /**
   * Writes the typed rows of one table as Parquet partitioned by dt, then moves them into place.
   */
  void writeParquet(Dataset<Row> rows, String table) {
    Path staging = new Path(new Path(root, STAGING), table);
    rows.write().mode("overwrite").partitionBy("dt").parquet(staging.toString());
    moveFiles(staging, new Path(root, table), null, null);
    delete(staging);
  }

  /** Creates every missing dt partition of every table and puts _SUCCESS in each. */
  void markLanded(LandingCalendar cal) {
    try {
      for (String table : TABLES) {
        for (int day = 0; day < cal.landingDays(); day++) {
          Path dir = new Path(new Path(root, table), "dt=" + cal.date(day));
          fs.mkdirs(dir);
          fs.create(new Path(dir, "_SUCCESS"), true).close();
        }
      }

      delete(new Path(root, STAGING));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes a per-note step of the plan to Parquet under the root and reads it back: later steps
   * then start from files instead of re-deriving (and re-analysing) the whole plan lineage, and
   * unlike a local checkpoint this survives the loss of an executor.
   */
  Dataset<Row> stagePlan(Dataset<Row> plan, String name) {
    String path = new Path(new Path(root, PLAN_STAGING), name).toString();
    plan.write().mode("overwrite").parquet(path);
    return plan.sparkSession().read().parquet(path);
  }

  /** Removes the staged plan steps. */
  void dropStagedPlan() {
    delete(new Path(root, PLAN_STAGING));
  }

  /** A ground-truth table: Parquet under _ground_truth/. */
  void writeGroundTruth(Dataset<Row> rows, String name) {
    rows.write().mode("overwrite").parquet(new Path(new Path(root, GROUND_TRUTH), name).toString());
  }

  private void moveFiles(Path from, Path to, String oldSuffix, String newSuffix) {
    try {
      if (!fs.exists(from)) {
        return;
      }

      for (FileStatus partition : fs.listStatus(from)) {
        if (!partition.isDirectory() || !partition.getPath().getName().startsWith("dt=")) {
          continue;
        }

        Path target = new Path(to, partition.getPath().getName());
        fs.mkdirs(target);
        for (FileStatus file : fs.listStatus(partition.getPath())) {
          String name = file.getPath().getName();
          if (name.startsWith(".") || name.startsWith("_")) {
            continue;
          }

          String renamed = oldSuffix == null ? name : name.replace(oldSuffix, newSuffix);
          if (!fs.rename(file.getPath(), new Path(target, renamed))) {
            throw new IOException("could not move " + file.getPath() + " to " + target);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void delete(Path path) {
    try {
      if (fs.exists(path)) {
        fs.delete(path, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
