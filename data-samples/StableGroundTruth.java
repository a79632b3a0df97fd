import static org.apache.spark.sql.functions.expr;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Rewrites the simulator's ground truth (Parquet) as JSON Lines in a fixed row order, one file per
 * table, so that regenerating the sample gives the same bytes: the simulator's rows come in an
 * order that varies from run to run (ground_truth_faults is built from an unordered map), and
 * Parquet files themselves differ from one JVM to the next (parquet-mr lists each column's
 * encodings in hash-set order). JSON Lines also reads and diffs well in review. Timestamps are
 * written as ISO-8601 in UTC, absent values as null. Run by data-samples/regenerate.sh as a single-file Java program:
 *
 * <pre>java -cp "jobs/target/notepath-jobs-*.jar:jobs/target/lib/*" StableGroundTruth.java FROM TO</pre>
 *
 * reading FROM/ground_truth and FROM/ground_truth_faults, writing TO/ground_truth and
 * TO/ground_truth_faults (Spark output directories holding one part-00000-*.json each).
 */
public final class StableGroundTruth {
  private StableGroundTruth() {}

  public static void main(String[] args) {
    String from = args[0];
    String to = args[1];
    SparkSession spark =
        SparkSession.builder()
            .appName("stable ground truth")
            .master("local[1]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", "1")
            .getOrCreate();
    write(
        spark.read().parquet(from + "/ground_truth").orderBy(expr("cast(substr(note_id, 2) as long)")),
        to + "/ground_truth");
    write(
        spark.read().parquet(from + "/ground_truth_faults").orderBy("table", "kind"),
        to + "/ground_truth_faults");
    spark.stop();
  }

  private static void write(Dataset<Row> rows, String path) {
    rows.coalesce(1).write().mode("overwrite").option("ignoreNullFields", "false").json(path);
  }
}
