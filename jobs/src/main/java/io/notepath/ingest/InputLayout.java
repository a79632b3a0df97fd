package io.notepath.ingest;

import io.notepath.config.NotepathSettings;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Where raw logs land: {@code <input root>/<table path>/dt=YYYY-MM-DD/}, and which partitions have
 * landed. A partition counts as landed only once it holds {@code _SUCCESS}: the upstream loader
 * writes the marker last, so a partition without it may still be half written and must not be read.
 *
 * <p>Goes through Hadoop's FileSystem (with the session's Hadoop configuration) so the same code
 * works for file:, hdfs: and s3a: roots.
 */
public final class InputLayout {
  /** Marker file the upstream loader writes once a partition is complete. */
  public static final String SUCCESS_MARKER = "_SUCCESS";

  private InputLayout() {}

  /** Landing dates of {@code table} whose partition holds _SUCCESS, ascending. */
  public static List<LocalDate> landedDates(
      SparkSession spark, NotepathSettings settings, String table) {
    return markedPartitions(spark, tableRoot(settings, table));
  }

  /** The dates of the {@code dt=YYYY-MM-DD} directories under {@code root} holding _SUCCESS, ascending. */
  static List<LocalDate> markedPartitions(SparkSession spark, Path root) {
    return markedPartitions(spark, root, "dt");
  }

  /**
   * The dates of the {@code <column>=YYYY-MM-DD} directories under {@code root} holding _SUCCESS,
   * ascending.
   */
  public static List<LocalDate> markedPartitions(SparkSession spark, Path root, String column) {
    FileSystem fs = fileSystem(spark, root);
    List<LocalDate> dates = new ArrayList<>();
    String prefix = column + "=";
    for (FileStatus status : list(fs, root)) {
      String name = status.getPath().getName();
      LocalDate dt = status.isDirectory() && name.startsWith(prefix) ? date(name.substring(prefix.length())) : null;
      if (dt != null && exists(fs, new Path(status.getPath(), SUCCESS_MARKER))) {
        dates.add(dt);
      }
    }

    dates.sort(null);
    return List.copyOf(dates);
  }

  /** The entries of {@code dir} named YYYY-MM-DD (files or directories), ascending. */
  public static List<LocalDate> childDates(SparkSession spark, Path dir) {
    List<LocalDate> dates = new ArrayList<>();
    for (FileStatus status : list(fileSystem(spark, dir), dir)) {
      LocalDate d = date(status.getPath().getName());
      if (d != null) {
        dates.add(d);
      }
    }

    dates.sort(null);
    return List.copyOf(dates);
  }

  private static LocalDate date(String text) {
    try {
      return text.matches("\\d{4}-\\d{2}-\\d{2}") ? LocalDate.parse(text) : null;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Whether the partition {@code dt} of {@code table} holds _SUCCESS. */
  public static boolean isLanded(
      SparkSession spark, NotepathSettings settings, String table, LocalDate dt) {
    Path marker = new Path(partition(settings, table, dt), SUCCESS_MARKER);
    return exists(fileSystem(spark, marker), marker);
  }

  /** The input tables (in TABLE_NAMES order) whose partition {@code dt} has not landed. */
  public static List<String> missingTables(
      SparkSession spark, NotepathSettings settings, LocalDate dt) {
    List<String> missing = new ArrayList<>();
    for (String table : NotepathSettings.TABLE_NAMES) {
      if (!isLanded(spark, settings, table, dt)) {
        missing.add(table);
      }
    }

    return List.copyOf(missing);
  }

  /** The directory of one input table: the input root joined with the table's path. */
  public static Path tableRoot(NotepathSettings settings, String table) {
    return new Path(new Path(settings.inputRoot()), settings.inputTable(table).path());
  }

  /** The directory of one landing partition. */
  public static Path partition(NotepathSettings settings, String table, LocalDate dt) {
    return new Path(tableRoot(settings, table), "dt=" + dt);
  }

  /**
   * The data files of a partition: every file not hidden by a leading "_" or "." (the files Spark
   * itself would read). Empty when the partition holds only _SUCCESS or does not exist.
   */
  public static List<Path> dataFiles(SparkSession spark, Path partition) {
    List<Path> files = new ArrayList<>();
    for (FileStatus status : list(fileSystem(spark, partition), partition)) {
      String name = status.getPath().getName();
      if (status.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
        files.add(status.getPath());
      }
    }

    return files;
  }

  private static FileSystem fileSystem(SparkSession spark, Path path) {
    try {
      return path.getFileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the file system of " + path, e);
    }
  }

  private static FileStatus[] list(FileSystem fs, Path dir) {
    try {
      return fs.listStatus(dir);
    } catch (FileNotFoundException e) {
      return new FileStatus[0];
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static boolean exists(FileSystem fs, Path path) {
    try {
      return fs.exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check " + path, e);
    }
  }
}
