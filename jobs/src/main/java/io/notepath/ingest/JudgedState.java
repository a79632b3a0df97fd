package io.notepath.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.notepath.config.NotepathSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The verdicts of earlier nights, kept so that a run judges only its own landing day (DESIGN §5).
 *
 * <p>A run of date D needs, from every landing day of its history, the accepted rows (for the
 * paths) and the keys of every row that passed the checks on its own (accepted, duplicate, or
 * rejected against notes: they are the copies de-duplication looks back at). A verdict depends only
 * on data landed at or before the row's dt, so the rows a night judged stay valid for every later
 * night; each run stores its own day here and reads the older days back instead of re-judging them.
 *
 * <p>Layout: {@code <output root>/_state/judged/<rules>/<table>/dt=YYYY-MM-DD/} in Parquet, where
 * {@code <rules>} is a fingerprint of every setting a verdict depends on (input root and tables,
 * record and timestamp limits, lateness, lookback, time zone) and of {@link #FORMAT}. Changing one
 * of them starts a new, empty state, so the next run judges its whole history from the raw logs
 * again, as does a run that finds any day of its history missing here. A day is in the state only
 * once its directory holds {@code _SUCCESS}, written after the data are in place.
 *
 * <p>The state holds no raw records and no rejects of the record checks: those belong to the
 * night that judged them (its accounting and {@code _rejects}).
 */
public final class JudgedState {
  /** Bump when a judging rule changes, so state written under the old rule is not reused. */
  public static final int FORMAT = 1;

  private final SparkSession spark;
  private final Path root;

  public JudgedState(SparkSession spark, NotepathSettings settings) {
    this.spark = spark;
    this.root = new Path(new Path(settings.outputRoot(), "_state/judged"), rulesFingerprint(settings));
  }

  /** The directory of the state written under the current rules. */
  public Path root() {
    return root;
  }

  /** The days of {@code table} in [from, to] that are in the state, ascending. */
  public List<LocalDate> days(String table, LocalDate from, LocalDate to) {
    return InputLayout.markedPartitions(spark, new Path(root, table)).stream()
        .filter(day -> !day.isBefore(from) && !day.isAfter(to))
        .toList();
  }

  /**
   * The stored rows of {@code table} landed in [from, to], shaped like a slim judged table
   * ({@code typed}, dt, outcome, reason, detail, and a null record); empty when no stored day in
   * the range holds rows.
   */
  public Optional<Dataset<Row>> read(String table, LocalDate from, LocalDate to) {
    String[] paths =
        days(table, from, to).stream()
            .map(day -> new Path(new Path(root, table), "dt=" + day))
            .filter(dir -> !InputLayout.dataFiles(spark, dir).isEmpty())
            .map(Path::toString)
            .toArray(String[]::new);
    if (paths.length == 0) {
      return Optional.empty();
    }

    return Optional.of(
        spark
            .read()
            .option("basePath", new Path(root, table).toString())
            .parquet(paths)
            .withColumn(RawReader.DT, col(RawReader.DT).cast("date"))
            .withColumn(RawReader.RECORD, lit(null).cast("string")));
  }

  /**
   * Stores the rows of {@code judged} (a slim judged table) landed on each of {@code days} that
   * passed the checks on their own, one directory per day. Each day is staged under a run-private
   * directory and moved into place, then marked; a day with no such rows is stored empty.
   */
  public void write(String table, Dataset<Row> judged, List<LocalDate> days, String runId) {
    if (days.isEmpty()) {
      return;
    }

    FileSystem fs = fileSystem();
    Path tableDir = new Path(root, table);
    Path staging = new Path(tableDir, "_staging-" + runId);
    spark.sparkContext().setJobDescription("notepath store state " + table);
    judged
        .filter(col(RawReader.DT).isin(days.stream().map(java.sql.Date::valueOf).toArray()))
        .filter(JudgedTable.passedOwnChecks())
        .drop(RawReader.RECORD)
        .write() // no repartition by dt: one task must not write a whole day of a big table
        .mode("overwrite")
        .option("compression", "zstd")
        .partitionBy(RawReader.DT)
        .parquet(staging.toString());
    try {
      for (LocalDate day : days) {
        Path target = new Path(tableDir, "dt=" + day);
        Path staged = new Path(staging, "dt=" + day);
        fs.delete(target, true);
        if (fs.exists(staged)) {
          rename(fs, staged, target);
        } else {
          fs.mkdirs(target);
        }

        fs.create(new Path(target, InputLayout.SUCCESS_MARKER), true).close();
      }

      fs.delete(staging, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store judged state under " + tableDir, e);
    }
  }

  /**
   * Removes the days of {@code table} before {@code firstKept}, unless a later day than
   * {@code runDate} is stored (a rerun of an old date must not delete what newer nights need).
   */
  public void prune(String table, LocalDate firstKept, LocalDate runDate) {
    List<LocalDate> all = days(table, LocalDate.MIN, LocalDate.MAX);
    if (all.isEmpty() || all.get(all.size() - 1).isAfter(runDate)) {
      return;
    }

    FileSystem fs = fileSystem();
    try {
      for (LocalDate day : all) {
        if (day.isBefore(firstKept)) {
          fs.delete(new Path(new Path(root, table), "dt=" + day), true);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prune judged state of " + table, e);
    }
  }

  /**
   * A short hash of every setting a verdict depends on, and of {@link #FORMAT}. Settings that only
   * shape the paths or the outputs (ladder, window, tiers …) are left out: they do not change a
   * verdict, so changing them keeps the state.
   */
  public static String rulesFingerprint(NotepathSettings s) {
    String rules =
        String.join(
            "\n",
            "format=" + FORMAT,
            "input.root=" + s.inputRoot(),
            "input.tables=" + s.inputTables(),
            "input.max-record-bytes=" + s.maxRecordBytes(),
            "input.min-timestamp=" + s.minTimestamp(),
            "input.max-future-skew=" + s.maxFutureSkew(),
            "input.max-late-days=" + s.maxLateDays(),
            "time-zone=" + s.timeZone().getId(),
            "stages.dedupe-lookback-days=" + s.dedupeLookbackDays());
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(rules.getBytes(StandardCharsets.UTF_8));
      return "rules-" + HexFormat.of().formatHex(hash, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("cannot rename " + from + " to " + to);
    }
  }

  private FileSystem fileSystem() {
    try {
      return root.getFileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the file system of " + root, e);
    }
  }
}
