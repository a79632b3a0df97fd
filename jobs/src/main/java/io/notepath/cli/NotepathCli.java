package io.notepath.cli;

import com.typesafe.config.Config;
import io.notepath.config.InvalidSettingsException;
import io.notepath.config.NotepathSettings;
import io.notepath.config.SettingsLoader;
import io.notepath.ingest.InputLayout;
import io.notepath.nightly.NightlyJob;
import io.notepath.simulate.SimulateJob;
import io.notepath.simulate.SimulateSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses the command line, loads and validates the settings before Spark starts, runs one
 * command and maps the outcome to an exit code. Never calls System.exit (tests call it).
 */
public final class NotepathCli {
  private static final Logger LOG = LoggerFactory.getLogger(NotepathCli.class);

  private NotepathCli() {}

  /** Runs the command line; returns the process exit code. */
  public static int run(String[] args) {
    return run(args, System.out, System.err);
  }

  /** Runs the command line with the given streams for the summary and for errors. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    try {
      CommandLine line = CommandLine.parse(args);
      if (line.help()) {
        out.print(Usage.of(line.command()));
        return ExitCode.OK.code();
      }

      Config config = SettingsLoader.load(line.configFile().orElse(null), line.overrides());
      NotepathSettings settings = NotepathSettings.from(config);
      SimulateSettings simulate = line.command().equals("simulate") ? SimulateSettings.from(config) : null;
      LOG.info("notepath {} {}, resolved config (fingerprint {}):\n{}", codeVersion(), line.command(),
          SettingsLoader.fingerprint(config), SettingsLoader.describe(config));
      SparkSession spark = startSpark(line.command(), settings);
      try {
        if (simulate != null) {
          out.println(SimulateJob.run(spark, simulate, line.outputDir().get()));
          return ExitCode.OK.code();
        }

        NightlyJob job = new NightlyJob(spark, settings, SettingsLoader.fingerprint(config), codeVersion());
        for (LocalDate date : datesToRun(spark, settings, line)) {
          NightlyJob.Outcome outcome = job.run(date, line.command());
          out.println(outcome.summary());
        }

        return ExitCode.OK.code();
      } finally {
        spark.stop();
      }
    } catch (NotepathException e) {
      err.println("notepath: " + e.getMessage());
      return e.exitCode().code();
    } catch (InvalidSettingsException e) {
      err.println("notepath: bad configuration: " + e.getMessage());
      return ExitCode.BAD_ARGUMENTS.code();
    } catch (RuntimeException e) {
      LOG.error("notepath failed", e);
      err.println("notepath: failed: " + e);
      return ExitCode.FAILURE.code();
    }
  }

  private static List<LocalDate> datesToRun(SparkSession spark, NotepathSettings settings, CommandLine line) {
    if (line.command().equals("backfill")) {
      List<LocalDate> dates = new ArrayList<>();
      for (LocalDate d = line.from().get(); !d.isAfter(line.to().get()); d = d.plusDays(1)) {
        dates.add(d);
      }

      LOG.info("backfill: {} dates from {} to {}", dates.size(), line.from().get(), line.to().get());
      return dates;
    }

    if (line.date().isPresent()) {
      return List.of(line.date().get());
    }

    List<LocalDate> landed = InputLayout.landedDates(spark, settings, "impressions");
    if (landed.isEmpty()) {
      throw new NotepathException(ExitCode.INPUT_NOT_LANDED,
          "no --date given and no landed dates (dt=YYYY-MM-DD/_SUCCESS) under " + settings.inputRoot()
              + "/" + settings.inputTable("impressions").path());
    }

    LOG.info("no --date given: processing every landed date under {} in order: {}", settings.inputRoot(), landed);
    return landed;
  }

  /** Where the session catalog keeps its default database (a static setting). */
  private static final String WAREHOUSE_DIR = "spark.sql.warehouse.dir";

  /** Spark's cache of compiled generated code (a static setting: read when the session starts). */
  private static final String CODEGEN_CACHE = "spark.sql.codegen.cache.maxEntries";

  /** How the plan of every query is described to Spark's listeners (the SQL tab, event logs). */
  private static final String UI_EXPLAIN_MODE = "spark.sql.ui.explainMode";

  /**
   * The settings of every session that runs nights (this one, the bench's, the tests'), each
   * unless the user set it:
   * <ul>
   *   <li>2000 compiled generated classes kept (Spark keeps 100): a night plans a few hundred and
   *       most repeat the next night, so with 100 every night of a backfill compiled them again
   *       on the driver (docs/running.md).
   *   <li>plans described in the simple tree form, not Spark's default "formatted" one: Spark
   *       describes the whole plan at each query's start and again after every adaptive stage,
   *       and a night's plans print their cached inputs' plans within them (a sample night's
   *       largest description is 0.7 MB); the formatted form's per-operator details cost about 6 %
   *       of a sample run's CPU time (docs/running.md).
   * </ul>
   */
  public static SparkSession.Builder nightSessionDefaults(SparkSession.Builder builder) {
    SparkConf user = new SparkConf();
    if (!user.contains(CODEGEN_CACHE)) {
      builder.config(CODEGEN_CACHE, "2000");
    }

    if (!user.contains(UI_EXPLAIN_MODE)) {
      builder.config(UI_EXPLAIN_MODE, "simple");
    }

    return builder;
  }

  /**
   * Under spark-submit the master and the rest come from spark-submit; launched by plain java
   * (bin/notepath without SPARK_HOME) there is no master, so it runs an embedded local Spark.
   */
  private static SparkSession startSpark(String command, NotepathSettings settings) {
    SparkSession.Builder builder =
        nightSessionDefaults(SparkSession.builder())
            .appName("notepath " + command)
            .config("spark.sql.session.timeZone", settings.timeZone().getId())
            .config("spark.sql.sources.partitionOverwriteMode", "dynamic")
            .config("spark.sql.parquet.mergeSchema", "false");
    if (!new SparkConf().contains(WAREHOUSE_DIR)) {
      // The session catalog holds only the state's table definitions, whose data lives under the
      // output root; left at its default, Spark makes an empty spark-warehouse/ in whatever
      // directory the job was started from.
      builder.config(WAREHOUSE_DIR,
          new java.io.File(System.getProperty("java.io.tmpdir"), "notepath-catalog").toURI().toString());
    }

    if (!new SparkConf().contains("spark.master")) {
      LOG.info("no spark.master set: running an embedded local Spark (local[*])");
      // A few partitions per core: the default 200 means thousands of empty tasks on a laptop.
      int cores = Runtime.getRuntime().availableProcessors();
      builder
          .master("local[*]")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", String.valueOf(Math.max(4, 2 * cores)));
    }

    return builder.getOrCreate();
  }

  /** The code version from the jar (notepath-version.properties). */
  public static String codeVersion() {
    try (InputStream in = NotepathCli.class.getResourceAsStream("/notepath-version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }

      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
