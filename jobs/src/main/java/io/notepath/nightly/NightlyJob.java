package io.notepath.nightly;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.notepath.cli.ExitCode;
import io.notepath.cli.NotepathException;
import io.notepath.config.NotepathSettings;
import io.notepath.ingest.Ingest;
import io.notepath.ingest.InputLayout;
import io.notepath.ingest.JudgedState;
import io.notepath.ingest.JudgedTable;
import io.notepath.ingest.TableAccounting;
import io.notepath.output.RunManifest;
import io.notepath.output.SparkMetricsListener;
import io.notepath.output.StepStore;
import io.notepath.output.TableWriter;
import io.notepath.paths.NoteAttributes;
import io.notepath.paths.NotePaths;
import io.notepath.paths.PathResult;
import io.notepath.stats.ColdStartOutcomes;
import io.notepath.stats.NoteDaily;
import io.notepath.stats.ReachDaily;
import io.notepath.stats.StageFunnel;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nightly unit: one landing date in, the output partitions it touches rewritten. It only
 * wires the steps (ingest → paths → stats → write) and does the I/O and checks; the rules live in
 * the transforms of the ingest, paths and stats packages. Nothing is written before every input
 * table has been accounted for and has passed the reject-ratio check.
 */
public final class NightlyJob {
  private static final Logger LOG = LoggerFactory.getLogger(NightlyJob.class);

  public static final List<String> OUTPUT_TABLES =
      List.of("note_paths", "stage_funnel", "cold_start_outcomes", "reach_daily", "note_daily", "_rejects");

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
    Instant started = Instant.now();
    String runId = runDate + "_" + started.toString().replaceAll("[-:.]", "");
    SparkMetricsListener metrics = new SparkMetricsListener();
    spark.sparkContext().addSparkListener(metrics);
    Map<String, Long> stepMillis = new LinkedHashMap<>();
    List<TableAccounting> accounting = new ArrayList<>();
    Map<String, Long> outputRows = new LinkedHashMap<>();
    Map<String, List<String>> partitions = new LinkedHashMap<>();
    StepStore store = new StepStore(spark, settings.outputRoot(), runId);
    try (store) {
      requireLanded(runDate);
      spark.conf().set("spark.sql.session.timeZone", settings.timeZone().getId());

      long t = System.nanoTime();
      step(runDate, "1/4 ingest: read, validate and de-duplicate");
      // Each judged table is stored once, slimmed to what this run needs; everything below (and
      // the event tables' check against notes) reads the stored copy.
      JudgedState state = new JudgedState(spark, settings);
      Ingest.Judged ingest =
          Ingest.judgeAll(spark, settings, runDate, state, (table, rows) -> store.save(
              "judged_" + table,
              new JudgedTable(table, rows).slimForRun(runDate, settings.rejectRecordMaxChars())
                  .judged()));
      Map<String, JudgedTable> judged = ingest.tables();
      logHistorySources(ingest);
      Map<String, Dataset<Row>> accepted = new LinkedHashMap<>();
      Dataset<Row> rejects = null;
      for (JudgedTable stored : judged.values()) {
        TableAccounting a = Ingest.account(spark, settings, stored, runDate);
        accounting.add(a);
        LOG.info("  {}: {} rows in, {} accepted, {} duplicates, {} rejected {}", a.table(), a.input(),
            a.accepted(), a.duplicates(), a.rejected(), a.rejectedByReason());
        accepted.put(stored.table(), stored.accepted());
        Dataset<Row> r = stored.rejects(runDate, settings.rejectRecordMaxChars());
        rejects = rejects == null ? r : rejects.unionByName(r);
      }

      checkAccounting(accounting);
      stepMillis.put("ingest", millisSince(t));

      t = System.nanoTime();
      step(runDate, "2/4 paths: classes, explore ladder, milestones, attribution");
      Dataset<Row> notes = accepted.get("notes");
      PathResult paths =
          NotePaths.build(notes, accepted.get("impressions"), accepted.get("interactions"),
              accepted.get("official_picks"), settings, runDate, store::save);
      Dataset<Row> classified = paths.classifiedImpressions();
      Dataset<Row> attributed = paths.attributedInteractions();
      Dataset<Row> notePaths = store.save("note_paths",
          RunScope.filterCohorts(paths.notePaths(), RunScope.rewrittenCohorts(runDate, settings)));
      outputRows.put("note_paths", notePaths.count());
      stepMillis.put("paths", millisSince(t));

      t = System.nanoTime();
      step(runDate, "3/4 stats: funnel, reach, daily curves, cold-start outcomes");
      List<LocalDate> eventDates = eventDatesTouched(classified, attributed, runDate);
      Dataset<Row> stageFunnel = store.save("stage_funnel",
          StageFunnel.aggregateStageFunnel(notePaths, settings.poolLadder()));
      Dataset<Row> outcomes = store.save("cold_start_outcomes",
          RunScope.filterCohorts(
              ColdStartOutcomes.aggregateColdStartOutcomes(notePaths, settings.poolLadder()),
              RunScope.completedCohorts(runDate, settings)));
      Dataset<Row> notesWithTier = NoteAttributes.withAuthorTier(notes, settings.authorTiers());
      // A reach row depends only on its own event date: aggregate just the dates written.
      Dataset<Row> reach = store.save("reach_daily",
          ReachDaily.aggregateReachDaily(
              RunScope.filterEventDates(classified, "event_date", eventDates),
              RunScope.filterEventDates(attributed, "event_date", eventDates), notesWithTier));
      Dataset<Row> noteDaily = store.save("note_daily",
          RunScope.withLevelOnlyInPathScope(
              RunScope.filterEventDates(
                  NoteDaily.aggregateNoteDaily(classified, attributed, notesWithTier), "dt",
                  eventDates),
              runDate, settings.pathScopeDays()));
      outputRows.put("stage_funnel", stageFunnel.count());
      outputRows.put("cold_start_outcomes", outcomes.count());
      outputRows.put("reach_daily", reach.count());
      outputRows.put("note_daily", noteDaily.count());
      outputRows.put("_rejects", rejects.count());
      stepMillis.put("stats", millisSince(t));

      t = System.nanoTime();
      step(runDate, "4/4 write: dynamic partition overwrite of " + OUTPUT_TABLES);
      TableWriter writer = new TableWriter(settings.outputRoot(), settings.outputCompression());
      write(writer, notePaths, "note_paths", outputRows, partitions, "publish_date");
      write(writer, stageFunnel, "stage_funnel", outputRows, partitions, "publish_date");
      write(writer, outcomes, "cold_start_outcomes", outputRows, partitions, "publish_date");
      write(writer, reach, "reach_daily", outputRows, partitions, "dt");
      write(writer, noteDaily, "note_daily", outputRows, partitions, "dt");
      write(writer, rejects, "_rejects", outputRows, partitions, "dt", "source_table");
      stepMillis.put("write", millisSince(t));

      // Last, so a refused or failed run stores nothing; a run that dies here leaves its day
      // unstored and the next run judges it again from the raw logs.
      t = System.nanoTime();
      step(runDate, "4/4 write: the judged days for the next runs, under " + state.root());
      for (String table : ingest.fromRaw().keySet()) {
        state.write(table, judged.get(table).judged(), ingest.fromRaw().get(table), runId);
        state.prune(table, runDate.minusDays(settings.stateDays()), runDate);
      }

      stepMillis.put("state", millisSince(t));

      List<Row> funnel =
          stageFunnel
              .filter(col("category").equalTo("all").and(col("note_type").equalTo("all"))
                  .and(col("author_tier").equalTo("all")))
              .orderBy("publish_date")
              .collectAsList();
      long total = java.time.Duration.between(started, Instant.now()).toMillis();
      String manifest = writeManifest(runId, command, runDate, "succeeded", "", started, accounting,
          ingest, outputRows, partitions, stepMillis, metrics);
      String summary = RunSummary.render(runDate.toString(), accounting, outputRows, funnel, total);
      return new Outcome(runDate, accounting, outputRows, manifest, summary);
    } catch (NotepathException e) {
      if (e.exitCode() == ExitCode.QUALITY_THRESHOLD_BREACHED) {
        writeManifest(runId, command, runDate, "refused", e.getMessage(), started, accounting,
            null, outputRows, partitions, stepMillis, metrics);
      }

      throw e;
    } catch (IOException e) {
      throw new NotepathException(ExitCode.FAILURE, "cannot remove the run's staging directory: " + e);
    } finally {
      spark.sparkContext().removeSparkListener(metrics);
      spark.sparkContext().setJobDescription(null);
    }
  }

  /** Says, per event table, which landing days were judged now and which were read back. */
  private static void logHistorySources(Ingest.Judged ingest) {
    for (String table : ingest.fromRaw().keySet()) {
      List<LocalDate> raw = ingest.fromRaw().get(table);
      LOG.info("  {}: judged from the raw logs: {} day(s) {}; read from the judged state: {} day(s)",
          table, raw.size(), raw.size() <= 3 ? raw : raw.get(0) + ".." + raw.get(raw.size() - 1),
          ingest.fromState().get(table).size());
    }
  }

  private void requireLanded(LocalDate runDate) {
    List<String> missing = InputLayout.missingTables(spark, settings, runDate);
    if (!missing.isEmpty()) {
      throw new NotepathException(ExitCode.INPUT_NOT_LANDED,
          "input for " + runDate + " has not landed (no dt=" + runDate + "/_SUCCESS) for " + missing
              + " under " + settings.inputRoot());
    }
  }

  /** The job checks its own accounting; a table over the reject ratio stops the run before any write. */
  private void checkAccounting(List<TableAccounting> accounting) {
    for (TableAccounting a : accounting) {
      if (!a.balanced()) {
        throw new NotepathException(ExitCode.FAILURE, String.format(
            "accounting invariant broken for %s: input %d != accepted %d + duplicates %d + rejected %d",
            a.table(), a.input(), a.accepted(), a.duplicates(), a.rejected()));
      }
    }

    List<String> breached = new ArrayList<>();
    for (TableAccounting a : accounting) {
      if (a.rejectRatio() > settings.maxRejectRatio()) {
        breached.add(String.format("%s rejected %d of %d rows (%.2f%%) %s", a.table(), a.rejected(),
            a.input(), 100 * a.rejectRatio(), a.rejectedByReason()));
      }
    }

    if (!breached.isEmpty()) {
      throw new NotepathException(ExitCode.QUALITY_THRESHOLD_BREACHED,
          "reject ratio above notepath.quality.max-reject-ratio = " + settings.maxRejectRatio()
              + ": " + String.join("; ", breached) + ". Nothing was written. Fix the input, or raise "
              + "the threshold with notepath.quality.max-reject-ratio=<ratio> if these rows are expected.");
    }
  }

  /** Event dates with an accepted event landed on D, no older than the lateness bound. */
  private List<LocalDate> eventDatesTouched(Dataset<Row> classified, Dataset<Row> attributed, LocalDate runDate) {
    return classified.select("event_date", "dt")
        .union(attributed.select("event_date", "dt"))
        .filter(col("dt").equalTo(lit(runDate))
            .and(col("event_date").geq(lit(runDate.minusDays(settings.maxLateDays())))))
        .select("event_date")
        .distinct()
        .orderBy("event_date")
        .collectAsList()
        .stream()
        .map(r -> r.getDate(0).toLocalDate())
        .toList();
  }

  private void write(TableWriter writer, Dataset<Row> rows, String table, Map<String, Long> outputRows,
      Map<String, List<String>> partitions, String... partitionColumns) {
    spark.sparkContext().setJobDescription("notepath write " + table);
    List<String> written = rows.select(java.util.Arrays.stream(partitionColumns).map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new)).distinct().collectAsList().stream()
        .map(r -> {
          StringBuilder p = new StringBuilder();
          for (int i = 0; i < partitionColumns.length; i++) {
            p.append(i == 0 ? "" : "/").append(partitionColumns[i]).append('=').append(r.get(i));
          }
          return p.toString();
        })
        .sorted()
        .toList();
    writer.overwritePartitions(rows, table, partitionColumns);
    partitions.put(table, written);
    LOG.info("  wrote {} rows to {} ({} partitions)", outputRows.get(table), writer.tablePath(table),
        written.size());
  }

  private String writeManifest(String runId, String command, LocalDate runDate, String status,
      String message, Instant started, List<TableAccounting> accounting, Ingest.Judged ingest,
      Map<String, Long> outputRows, Map<String, List<String>> partitions, Map<String, Long> stepMillis,
      SparkMetricsListener metrics) {
    List<Map<String, Object>> inputs = new ArrayList<>();
    for (TableAccounting a : accounting) {
      Map<String, Object> entry = RunManifest.accountingEntry(a.table(), a.input(), a.accepted(),
          a.duplicates(), a.rejected(), new TreeMap<>(a.rejectedByReason()));
      if (ingest != null && ingest.fromRaw().containsKey(a.table())) {
        entry.put("days_judged_from_raw", ingest.fromRaw().get(a.table()).stream().map(String::valueOf).toList());
        entry.put("days_read_from_state", ingest.fromState().get(a.table()).size());
      }

      inputs.add(entry);
    }

    RunManifest manifest = new RunManifest(runId, command, runDate.toString(), status, message,
        codeVersion, configFingerprint, started.toString(), Instant.now().toString(), inputs,
        outputRows, partitions, stepMillis, metrics.snapshot());
    try {
      String path = manifest.write(settings.outputRoot(), spark.sparkContext().hadoopConfiguration());
      LOG.info("run manifest: {}", path);
      return path;
    } catch (IOException e) {
      throw new NotepathException(ExitCode.FAILURE, "cannot write the run manifest: " + e.getMessage());
    }
  }

  private void step(LocalDate runDate, String what) {
    LOG.info("run {} step {}", runDate, what);
    spark.sparkContext().setJobDescription("notepath run " + runDate + ": " + what);
  }

  private static long millisSince(long nanoStart) {
    return (System.nanoTime() - nanoStart) / 1_000_000;
  }
}
