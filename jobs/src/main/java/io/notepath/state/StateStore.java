package io.notepath.state;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import io.notepath.config.NotepathSettings;
import io.notepath.ingest.InputLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Where the state lives and how a run reads, stages and commits it.
 *
 * <p>Layout: {@code <output root>/_state/<rules>/<table>/<dt|night>=YYYY-MM-DD/}, Parquet, one
 * directory per landing day or night, holding {@code _SUCCESS} once complete; a night's state is
 * complete once {@code _state/<rules>/_nights/<night>} exists, written after every table of the
 * night. {@code <rules>} is a fingerprint of every setting a stored value depends on (see
 * {@link #rules}); changing one starts an empty state, which the next run rebuilds.
 *
 * <p>A run writes everything into its own staging directory first and moves it into place only
 * in {@link #commit}, after the output tables: a refused or failed run leaves the state as it was.
 * Reads go through tables registered in the session catalog (external, dropped when the run
 * closes the store), so that Spark knows how bucketed tables are bucketed and joins them with a
 * night's own day without shuffling them; each partition is registered at the location it is read
 * from, committed or staged.
 */
public final class StateStore implements AutoCloseable {
  /** Bump when what a stored value means changes, so that state written before is not reused. */
  public static final int FORMAT = 2;

  private static final String NIGHTS = "_nights";

  private final SparkSession spark;
  private final NotepathSettings settings;
  private final Path root;
  private final Path staging;
  private final String catalogPrefix;
  private final Map<String, Map<LocalDate, Path>> registered = new LinkedHashMap<>();
  private final Map<String, Map<LocalDate, Path>> staged = new LinkedHashMap<>();
  private final java.util.Set<String> replaced = new java.util.LinkedHashSet<>();
  /** Directories this run created to register tables over: removed at close while still empty. */
  private final List<Path> created = new ArrayList<>();
  private final Map<String, java.util.SortedSet<LocalDate>> readLog = new LinkedHashMap<>();

  public StateStore(SparkSession spark, NotepathSettings settings, String runId) {
    this.spark = spark;
    this.settings = settings;
    // Qualified (scheme and absolute path): a relative location in CREATE TABLE would be read
    // against the session's warehouse directory.
    Path relative = new Path(new Path(settings.outputRoot(), "_state"), "rules-" + fingerprint(rules(settings)));
    try {
      this.root = relative.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(relative);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the file system of " + relative, e);
    }
    this.staging = new Path(new Path(root, "_staging"), runId);
    this.catalogPrefix = "notepath_" + runId.replaceAll("[^A-Za-z0-9]", "").toLowerCase() + "_";
  }

  /** The directory of the state written under the current rules. */
  public Path root() {
    return root;
  }

  /**
   * Every setting a stored value depends on, one per line: the verdicts (input, limits, lateness,
   * lookback, time zone) and the paths (ladder, window, attribution window, buckets). Output-only
   * settings (tiers, seeding threshold, compression) are left out: changing them keeps the state.
   */
  public static String rules(NotepathSettings s) {
    return String.join(
        "\n",
        "format=" + FORMAT,
        "input.root=" + s.inputRoot(),
        // Sorted: the settings' map has no stable order across JVMs, the fingerprint must.
        "input.tables=" + new java.util.TreeMap<>(s.inputTables()),
        "input.max-record-bytes=" + s.maxRecordBytes(),
        "input.min-timestamp=" + s.minTimestamp(),
        "input.max-future-skew=" + s.maxFutureSkew(),
        "input.max-late-days=" + s.maxLateDays(),
        "time-zone=" + s.timeZone().getId(),
        "stages.dedupe-lookback-days=" + s.dedupeLookbackDays(),
        "stages.pool-ladder=" + s.poolLadder(),
        "stages.window-days=" + s.windowDays(),
        "stages.attribution-window=" + s.attributionWindow(),
        "state.buckets=" + s.stateBuckets());
  }

  /** The landing days or nights of {@code table} committed under the current rules, ascending. */
  public List<LocalDate> committed(StateTable table) {
    return InputLayout.markedPartitions(spark, new Path(root, table.name()), table.partitionColumn());
  }

  /**
   * The landing days or nights of {@code table} this run can read: the committed ones and the
   * ones it staged (a rebuild from the raw logs stages the whole history before it reads it).
   */
  public List<LocalDate> stored(StateTable table) {
    java.util.SortedSet<LocalDate> days = new java.util.TreeSet<>(committed(table));
    days.addAll(staged.getOrDefault(table.name(), Map.of()).keySet());
    return List.copyOf(days);
  }

  /** Whether the whole state of {@code night} was committed. */
  public boolean nightComplete(LocalDate night) {
    return exists(new Path(new Path(root, NIGHTS), night.toString()));
  }

  /**
   * The rows of {@code table} in the given partitions: the ones this run staged, else the
   * committed ones; partitions that are neither contribute no rows.
   */
  public Dataset<Row> read(StateTable table, Collection<LocalDate> values) {
    String name = register(table);
    Map<LocalDate, Path> at = registered.get(table.name());
    List<LocalDate> present = new ArrayList<>();
    List<String> moved = new ArrayList<>();
    List<String> added = new ArrayList<>();
    for (LocalDate v : values) {
      Path location = staged.getOrDefault(table.name(), Map.of()).get(v);
      if (location == null) {
        Path committed = partition(root, table, v);
        location = exists(new Path(committed, InputLayout.SUCCESS_MARKER)) ? committed : null;
      }

      if (location == null) {
        continue;
      }

      present.add(v);
      if (!location.equals(at.get(v))) {
        String spec = "PARTITION (`" + table.partitionColumn() + "` = DATE'" + v + "')";
        if (at.containsKey(v)) {
          moved.add(spec);
        }

        added.add(spec + " LOCATION '" + location + "'");
        at.put(v, location);
      }
    }

    // One command each for all the partitions of this read: every ALTER TABLE refreshes the
    // table in the catalog and checks the session's cached plans against it.
    if (!moved.isEmpty()) {
      spark.sql("ALTER TABLE " + name + " DROP IF EXISTS " + String.join(", ", moved));
    }

    if (!added.isEmpty()) {
      spark.sql("ALTER TABLE " + name + " ADD " + String.join(" ", added));
    }

    readLog.computeIfAbsent(table.name(), k -> new java.util.TreeSet<>()).addAll(present);
    Column wanted =
        col(table.partitionColumn()).isin(present.stream().map(java.sql.Date::valueOf).toArray());
    return spark.table(name).filter(present.isEmpty() ? lit(false) : wanted);
  }

  /**
   * Writes {@code rows} (the declared columns of {@code table}) into this run's staging
   * directory, one partition per value of its partition column, bucketed as declared; returns
   * how many rows were written, counted in the same pass. Rows of bucketed tables should arrive
   * hash-partitioned by the bucket column into {@code state.buckets} partitions: each task then
   * writes one file per bucket.
   */
  public long stage(StateTable table, Collection<LocalDate> values, Dataset<Row> rows) {
    Column[] columns = table.schema().fieldNames().length == 0 ? new Column[0]
        : java.util.Arrays.stream(table.schema().fields())
            .map(f -> col(f.name()).cast(f.dataType()).as(f.name()))
            .toArray(Column[]::new);
    Observation written = new Observation("staged " + table.name());
    Dataset<Row> out = rows.select(columns).observe(written, count(lit(1)).as("rows"));
    Path dir = new Path(staging, table.name());
    org.slf4j.LoggerFactory.getLogger(StateStore.class).info("    stage {} {}", table.name(), values.size() <= 3 ? values : values.size() + " partitions");
    spark.sparkContext().setJobDescription("notepath state: stage " + table.name() + " " + values);
    var writer =
        out.write()
            .mode(SaveMode.Overwrite)
            .option("partitionOverwriteMode", "dynamic")
            .option("compression", "zstd")
            .partitionBy(table.partitionColumn());
    if (table.bucketed()) {
      String tmp = catalogPrefix + "stage_" + table.name();
      writer
          .bucketBy(settings.stateBuckets(), table.bucketColumn())
          .option("path", dir.toString())
          .saveAsTable(tmp);
      spark.sql("DROP TABLE IF EXISTS " + tmp);
    } else {
      writer.parquet(dir.toString());
    }

    Map<LocalDate, Path> mine = staged.computeIfAbsent(table.name(), k -> new LinkedHashMap<>());
    for (LocalDate v : values) {
      Path p = partition(staging, table, v);
      mkdirs(p); // an empty partition writes no directory; it is still a stored (empty) day
      mine.put(v, p);
    }

    return io.notepath.output.Observed.count(written, "rows");
  }

  /**
   * Makes {@link #commit} remove every committed partition of {@code table} before it moves the
   * staged ones in: a rebuild rewrites such a table whole.
   */
  public void replaceAllOnCommit(StateTable table) {
    replaced.add(table.name());
  }

  /** The partitions read per table so far (committed or staged): what the night read. */
  public Map<String, List<String>> readLog() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    readLog.forEach((t, days) -> out.put(t, summary(new ArrayList<>(days))));
    return out;
  }

  private static List<String> summary(List<LocalDate> days) {
    if (days.size() <= 3) {
      return days.stream().map(LocalDate::toString).toList();
    }

    return List.of(days.size() + " from " + days.get(0) + " to " + days.get(days.size() - 1));
  }

  /** Stages the partitions {@code values} of {@code table} empty, without a Spark job. */
  public void stageEmpty(StateTable table, Collection<LocalDate> values) {
    Map<LocalDate, Path> mine = staged.computeIfAbsent(table.name(), k -> new LinkedHashMap<>());
    for (LocalDate v : values) {
      Path p = partition(staging, table, v);
      mkdirs(p);
      mine.put(v, p);
    }
  }

  /**
   * Moves every staged partition into place, replacing what was there, marks each complete, then
   * marks {@code night} complete. Until the night marker exists the night counts as missing.
   */
  public void commit(LocalDate night) {
    FileSystem fs = fileSystem();
    try {
      for (String name : replaced) {
        fs.delete(new Path(root, name), true);
      }

      for (Map.Entry<String, Map<LocalDate, Path>> e : staged.entrySet()) {
        StateTable table = StateTables.ALL.stream().filter(t -> t.name().equals(e.getKey())).findFirst().orElseThrow();
        for (Map.Entry<LocalDate, Path> p : e.getValue().entrySet()) {
          Path target = partition(root, table, p.getKey());
          fs.delete(target, true);
          fs.mkdirs(target.getParent());
          if (!fs.rename(p.getValue(), target)) {
            throw new IOException("cannot move " + p.getValue() + " to " + target);
          }

          fs.create(new Path(target, InputLayout.SUCCESS_MARKER), true).close();
        }
      }

      staged.clear();
      Path rulesFile = new Path(root, "_RULES");
      if (!fs.exists(rulesFile)) {
        try (OutputStream out = fs.create(rulesFile, true)) {
          out.write((rules(settings) + "\n").getBytes(StandardCharsets.UTF_8));
        }
      }

      fs.create(new Path(new Path(root, NIGHTS), night.toString()), true).close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit the state of " + night + " under " + root, e);
    }
  }

  /**
   * Removes partitions of {@code table} before {@code firstKept}, and night markers before
   * {@code firstKept} when {@code table} is null. Nothing is removed when a night later than
   * {@code runDate} is committed: a rerun of an old date must not delete what newer nights need.
   */
  public void prune(StateTable table, LocalDate firstKept, LocalDate runDate) {
    List<LocalDate> nights = InputLayout.childDates(spark, new Path(root, NIGHTS));
    if (!nights.isEmpty() && nights.get(nights.size() - 1).isAfter(runDate)) {
      return;
    }

    FileSystem fs = fileSystem();
    try {
      if (table == null) {
        for (LocalDate n : nights) {
          if (n.isBefore(firstKept)) {
            fs.delete(new Path(new Path(root, NIGHTS), n.toString()), false);
          }
        }

        return;
      }

      for (LocalDate v : committed(table)) {
        if (v.isBefore(firstKept)) {
          fs.delete(partition(root, table, v), true);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prune " + table.name() + " under " + root, e);
    }
  }

  /** Drops the run's catalog tables and its staging directory (committed or not). */
  @Override
  public void close() {
    for (String table : registered.keySet()) {
      spark.sql("DROP TABLE IF EXISTS " + catalogPrefix + table);
    }

    registered.clear();
    try {
      FileSystem fs = fileSystem();
      fs.delete(staging, true);
      List<Path> empty = new ArrayList<>(created);
      empty.add(staging.getParent());
      empty.sort(java.util.Comparator.comparingInt((Path p) -> p.depth()).reversed());

      for (Path p : empty) {
        if (fs.exists(p) && fs.listStatus(p).length == 0) {
          fs.delete(p, false);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the state staging directory " + staging, e);
    }
  }

  private String register(StateTable table) {
    String name = catalogPrefix + table.name();
    if (!registered.containsKey(table.name())) {
      // Spark warns, with a stack trace, of a missing location; a run that commits nothing
      // leaves none of these behind (close).
      for (Path p = new Path(root, table.name()); !exists(p); p = p.getParent()) {
        created.add(p);
      }

      mkdirs(new Path(root, table.name()));
      String bucketing =
          table.bucketed()
              ? " CLUSTERED BY (`" + table.bucketColumn() + "`) INTO " + settings.stateBuckets() + " BUCKETS"
              : "";
      spark.sql(
          "CREATE TABLE " + name + " (" + table.ddl() + ") USING parquet PARTITIONED BY (`"
              + table.partitionColumn() + "`)" + bucketing + " LOCATION '" + new Path(root, table.name()) + "'");
      registered.put(table.name(), new LinkedHashMap<>());
    }

    return name;
  }

  private static Path partition(Path base, StateTable table, LocalDate value) {
    return new Path(new Path(base, table.name()), table.partitionColumn() + "=" + value);
  }

  private boolean exists(Path p) {
    try {
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check " + p, e);
    }
  }

  private void mkdirs(Path p) {
    try {
      fileSystem().mkdirs(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + p, e);
    }
  }

  private FileSystem fileSystem() {
    try {
      return root.getFileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the file system of " + root, e);
    }
  }

  static String fingerprint(String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
