package io.notepath.nightly;

import static org.apache.spark.sql.functions.col;

import io.notepath.cli.ExitCode;
import io.notepath.cli.NotepathException;
import io.notepath.config.NotepathSettings;
import io.notepath.ingest.TableAccounting;
import io.notepath.output.OutputTable;
import io.notepath.output.RunManifest;
import io.notepath.output.StepStore;
import io.notepath.state.StateStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nightly unit: one landing date in, the output partitions it touches rewritten, the state of
 * the night stored. It only sequences the phases — ingest → paths → stats → publish — each a
 * class of its own returning a record, with a {@link RunRecorder} owning timing, Spark job
 * descriptions and what the manifest says was read. Nothing is visible before every input table
 * has been accounted for and has passed the reject-ratio check.
 */
public final class NightlyJob {
  private static final Logger LOG = LoggerFactory.getLogger(NightlyJob.class);

  public static final List<String> OUTPUT_TABLES = OutputTable.names();

  /** Session settings a night runs with; restored afterwards. */
  private static final Map<String, String> SESSION =
      Map.of(
          // Joins of the state's bucketed tables with the night's own day, which its one shuffle
          // partitioned the same way (by viewer or user), may use that partitioning: it covers a
          // subset of their keys (note and viewer). Without this Spark shuffles both again.
          "spark.sql.requireAllClusterKeysForCoPartition", "false");

  private final SparkSession spark;
  private final NotepathSettings settings;
  private final String configFingerprint;
  private final String codeVersion;

  public NightlyJob(
      SparkSession spark, NotepathSettings settings, String configFingerprint, String codeVersion) {
    this.spark = spark;
    this.settings = settings;
    this.configFingerprint = configFingerprint;
    this.codeVersion = codeVersion;
  }

  /** What one run did: its accounting, rows written, the manifest and the printed summary. */
  public record Outcome(
      LocalDate runDate,
      List<TableAccounting> accounting,
      Map<String, Long> outputRows,
      String manifestPath,
      String summary) {}

  /** Runs date D; throws {@link NotepathException} with the exit code on a refused run. */
  public Outcome run(LocalDate runDate, String command) {
    IngestPhase.requireLanded(spark, settings, runDate);
    Instant started = Instant.now();
    String runId = runDate + "_" + started.toString().replaceAll("[-:.]", "");
    Map<String, String> previous = new LinkedHashMap<>();
    SESSION.forEach((k, v) -> {
      previous.put(k, spark.conf().get(k, null));
      spark.conf().set(k, v);
    });
    spark.conf().set("spark.sql.session.timeZone", settings.timeZone().getId());
    List<TableAccounting> accounting = new ArrayList<>();
    Recovery.Plan plan = null;
    try (RunRecorder recorder = new RunRecorder(spark, runDate, runId);
        StateStore store = new StateStore(spark, settings, runId);
        StepStore steps = new StepStore(spark, settings.outputRoot(), runId)) {
      plan = Recovery.plan(spark, settings, runDate, store);
      LOG.info("run {}: {} ({})", runDate, plan.mode(), plan.reason());
      Recovery.Plan how = plan;
      try {
        IngestPhase.Result ingest =
            recorder.phase("1/4 ingest", "judge and store what landed on " + runDate,
                () -> IngestPhase.run(spark, settings, runDate, store, how, recorder));
        accounting.addAll(ingest.accounting());
        for (TableAccounting a : ingest.accounting()) {
          LOG.info("  {}: {} rows in, {} accepted, {} duplicates, {} rejected {}", a.table(), a.input(),
              a.accepted(), a.duplicates(), a.rejected(), a.rejectedByReason());
        }

        PathsPhase.Result paths =
            recorder.phase("2/4 paths", how.incremental() ? "extend the state of " + runDate.minusDays(1)
                    : "recompute the paths from the judged history",
                () -> how.incremental()
                    ? NightPaths.run(settings, runDate, store, steps, recorder, accepted(ingest))
                    : RebuildPaths.run(settings, runDate, store, steps, recorder));
        StatsPhase.Result stats =
            recorder.phase("3/4 stats", "funnel, outcomes, reach and daily curves",
                () -> StatsPhase.run(settings, runDate, paths, steps));
        PublishPhase.Result published =
            recorder.phase("4/4 publish", "write the tables, then commit the state",
                () -> PublishPhase.run(settings, runDate, store, stats, paths, recorder));
        List<Row> funnel =
            stats.stageFunnel()
                .filter(col("category").equalTo("all").and(col("note_type").equalTo("all"))
                    .and(col("author_tier").equalTo("all")))
                .orderBy("publish_date")
                .collectAsList();
        String manifest = writeManifest(runId, command, runDate, "succeeded", "", recorder, accounting,
            ingest, plan, store, paths.stateRows(), published);
        long total = Duration.between(started, Instant.now()).toMillis();
        String summary = RunSummary.render(runDate.toString(), accounting, published.rows(), funnel, total);
        return new Outcome(runDate, accounting, published.rows(), manifest, summary);
      } catch (NotepathException e) {
        if (e.exitCode() == ExitCode.QUALITY_THRESHOLD_BREACHED) {
          accounting.clear();
          writeManifest(runId, command, runDate, "refused", e.getMessage(), recorder, List.of(), null,
              plan, store, Map.of(), null);
        }

        throw e;
      }
    } finally {
      previous.forEach((k, v) -> {
        if (v == null) {
          spark.conf().unset(k);
        } else {
          spark.conf().set(k, v);
        }
      });
    }
  }

  private static Map<String, Long> accepted(IngestPhase.Result ingest) {
    Map<String, Long> accepted = new LinkedHashMap<>();
    ingest.accounting().forEach(a -> accepted.put(a.table(), a.accepted()));
    return accepted;
  }

  private String writeManifest(String runId, String command, LocalDate runDate, String status,
      String message, RunRecorder recorder, List<TableAccounting> accounting, IngestPhase.Result ingest,
      Recovery.Plan plan, StateStore store, Map<String, Long> stateRows, PublishPhase.Result published) {
    List<Map<String, Object>> inputs = new ArrayList<>();
    for (TableAccounting a : accounting) {
      Map<String, Object> entry = RunManifest.accountingEntry(a.table(), a.input(), a.accepted(),
          a.duplicates(), a.rejected(), new TreeMap<>(a.rejectedByReason()));
      if (ingest != null) {
        entry.put("days_judged_from_raw", ingest.daysJudgedFromRaw().get(a.table()).stream().map(String::valueOf).toList());
      }

      inputs.add(entry);
    }

    Map<String, Object> state = new LinkedHashMap<>();
    state.put("mode", plan == null ? null : plan.mode());
    state.put("reason", plan == null ? null : plan.reason());
    state.put("rules", store.root().getName());
    state.put("rows_staged", stateRows);
    state.put("read", store.readLog());
    RunManifest manifest = new RunManifest(runId, command, runDate.toString(), status, message,
        codeVersion, configFingerprint, recorder.started().toString(), Instant.now().toString(), inputs,
        published == null ? Map.of() : published.rows(),
        published == null ? Map.of() : published.partitions(),
        recorder.phaseMillis(), state, recorder.metrics());
    try {
      String path = manifest.write(settings.outputRoot(), spark.sparkContext().hadoopConfiguration());
      LOG.info("run manifest: {}", path);
      return path;
    } catch (IOException e) {
      throw new NotepathException(ExitCode.FAILURE, "cannot write the run manifest: " + e.getMessage());
    }
  }
}
