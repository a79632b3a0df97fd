package io.notepath.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.sum;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.typesafe.config.Config;
import io.notepath.config.NotepathSettings;
import io.notepath.config.SettingsLoader;
import io.notepath.ingest.InputLayout;
import io.notepath.nightly.NightlyJob;
import io.notepath.output.SparkMetricsListener;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.fs.ContentSummary;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The benchmark: runs the nightly job over an input root and, in the same JVM and session, a
 * plain scan of the same input (count and a sum over every column the job reads), then writes a
 * report of ratios within the run — pipeline over scan time, shuffle bytes over input bytes,
 * spill, task-time skew per stage, peak heap. Ratios, not seconds, because the machines are shared.
 *
 * <p>Usage: BenchMain --input DIR --output DIR --report DIR [--nights N] [key=value ...] (see
 * bench/README.md). With --nights N only the first N landed dates are run (and scanned).
 */
public final class BenchMain {
  private static final Map<String, List<String>> FIELDS_READ =
      Map.of(
          "notes", List.of("note_id", "author_id", "published_at", "category", "note_type", "author_followers"),
          "impressions", List.of("event_id", "note_id", "viewer_id", "ts", "surface", "viewer_is_follower",
              "viewer_is_new", "rec_pool"),
          "interactions", List.of("event_id", "note_id", "user_id", "ts", "action", "impression_id", "dwell_ms"),
          "official_picks", List.of("note_id", "account_id", "picked_at"));

  /** Stages listed in report.md, slowest longest task first. */
  private static final int TOP_STAGES = 12;
  /** Steps shown in report.md (report.json has all). */
  private static final int TOP_STEPS = 15;

  /**
   * Fragments of the job descriptions of per-note steps: stages keyed by note, where a viral note
   * would make one task the straggler. They name the current pipeline's stored steps; when the
   * rewritten pipeline names its steps differently, change this list.
   */
  private static final List<String> NOTE_KEYED_STEPS =
      List.of(
          // incremental nights: the day ladder, the note rows and their sums, the state, note_daily
          "stage ladder",
          "store note_rows",
          "store interaction_sums",
          "stage note_state",
          "write note_daily",
          // rebuilds: the recomputation from scratch
          "store explore_ladder",
          "store classified_impressions",
          "store attributed_interactions",
          "store note_paths");

  /**
   * Stages whose longest task is shorter than this are left out of the note-keyed skew: a 100 ms
   * task over a 20 ms median is noise, not a straggler.
   */
  private static final long MIN_STRAGGLER_MILLIS = 1000;

  /** The target compares the 30th night with the 3rd (after the warm-up). */
  private static final int LATE_NIGHT = 30;
  private static final int EARLY_NIGHT = 3;

  private BenchMain() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> opts = new LinkedHashMap<>();
    List<String> overrides = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].startsWith("--")) {
        opts.put(args[i], args[++i]);
      } else {
        overrides.add(args[i]);
      }
    }

    overrides.add("notepath.input.root=\"" + opts.get("--input") + "\"");
    overrides.add("notepath.output.root=\"" + opts.get("--output") + "\"");
    Config config = SettingsLoader.load(opts.get("--config"), overrides);
    NotepathSettings settings = NotepathSettings.from(config);
    // A fresh warehouse each time: the first night must find no judged state from an earlier run.
    org.apache.hadoop.fs.Path output = new org.apache.hadoop.fs.Path(opts.get("--output"));
    output.getFileSystem(new org.apache.hadoop.conf.Configuration()).delete(output, true);
    SparkSession spark =
        io.notepath.cli.NotepathCli.nightSessionDefaults(SparkSession.builder())
            .appName("notepath bench")
            .master(System.getProperty("spark.master", "local[2]"))
            .config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", settings.timeZone().getId())
            .getOrCreate();
    try {
      int nights = Integer.parseInt(opts.getOrDefault("--nights", "0"));
      Map<String, Object> report = bench(spark, settings, config, nights);
      write(Path.of(opts.get("--report")), report);
    } finally {
      spark.stop();
    }
  }

  /** Runs the first {@code maxNights} landed dates (all when 0). */
  private static Map<String, Object> bench(
      SparkSession spark, NotepathSettings settings, Config config, int maxNights) throws IOException {
    List<LocalDate> landed = InputLayout.landedDates(spark, settings, "impressions");
    List<LocalDate> dates = maxNights > 0 && maxNights < landed.size() ? landed.subList(0, maxNights) : landed;
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("input_root", settings.inputRoot());
    report.put("landed_dates", landed.size());
    report.put("dates", dates.stream().map(LocalDate::toString).toList());
    report.put("spark_master", spark.sparkContext().master());
    report.put("driver_max_heap_bytes", Runtime.getRuntime().maxMemory());

    // The scan first, so the job can't profit from a warm page cache that the scan didn't have.
    SparkMetricsListener scanMetrics = new SparkMetricsListener();
    spark.sparkContext().addSparkListener(scanMetrics);
    long t = System.nanoTime();
    Map<String, Long> rows = new LinkedHashMap<>();
    for (String table : NotepathSettings.TABLE_NAMES) {
      rows.put(table, plainScan(spark, settings, table, dates));
    }

    double scanSeconds = (System.nanoTime() - t) / 1e9;
    spark.sparkContext().removeSparkListener(scanMetrics);

    SparkMetricsListener jobMetrics = new SparkMetricsListener();
    spark.sparkContext().addSparkListener(jobMetrics);
    HeapSampler heap = new HeapSampler();
    t = System.nanoTime();
    NightlyJob job = new NightlyJob(spark, settings, SettingsLoader.fingerprint(config), "bench");
    List<Map<String, Long>> outputs = new ArrayList<>();
    List<Map<String, Object>> nights = new ArrayList<>();
    for (LocalDate date : dates) {
      long night = System.nanoTime();
      NightlyJob.Outcome outcome = job.run(date, "bench");
      outputs.add(outcome.outputRows());
      Map<String, Object> n = new LinkedHashMap<>();
      n.put("date", date.toString());
      n.put("seconds", round((System.nanoTime() - night) / 1e9));
      outcome.accounting().forEach(a -> n.put(a.table() + "_landed", a.input()));
      nights.add(n);
    }

    double pipelineSeconds = (System.nanoTime() - t) / 1e9;
    heap.close();
    spark.sparkContext().removeSparkListener(jobMetrics);
    SparkMetricsListener.Snapshot m = jobMetrics.snapshot();
    long inputBytes = inputBytes(spark, settings, dates);

    report.put("input_rows", rows);
    report.put("largest_note_impression_share", round(largestNoteShare(spark, settings, dates)));
    report.put("input_bytes", inputBytes);
    report.put("scan_seconds", round(scanSeconds));
    report.put("pipeline_seconds", round(pipelineSeconds));
    report.put("pipeline_over_scan", round(pipelineSeconds / scanSeconds));
    report.put("shuffle_write_bytes", m.shuffleWriteBytes());
    report.put("shuffle_write_over_input", round((double) m.shuffleWriteBytes() / inputBytes));
    report.put("spill_memory_bytes", m.memorySpillBytes());
    report.put("spill_disk_bytes", m.diskSpillBytes());
    report.put("max_task_skew", m.maxTaskSkew());
    report.put("note_keyed_stage_skew", noteKeyedStageSkew(m.stages()));
    report.put("steps", stepCosts(m.stages()));
    report.put("peak_heap_used_bytes", heap.peakUsed.get());
    report.put("peak_heap_after_gc_bytes", heap.peakAfterGc.get());
    report.put("nights", nights);
    report.put("empty_night_share", emptyNightShare(nights));
    if (nights.size() >= LATE_NIGHT) {
      Map<String, Object> late = nights.get(LATE_NIGHT - 1);
      Map<String, Object> early = nights.get(EARLY_NIGHT - 1);
      report.put("night" + LATE_NIGHT + "_over_night" + EARLY_NIGHT, round(seconds(late) / seconds(early)));
      // The input behind the ratio: simulated traffic varies by 10-15 % from night to night.
      report.put("night" + LATE_NIGHT + "_over_night" + EARLY_NIGHT + "_impressions", impressionsLanded(early) == 0
          ? null : round((double) impressionsLanded(late) / impressionsLanded(early)));
    }

    report.put("output_rows_per_run", outputs);
    report.put("stages", m.stages());
    return report;
  }

  /** Reads every column the job reads, with a count and a sum of lengths, and nothing else. */
  private static long plainScan(SparkSession spark, NotepathSettings settings, String table, List<LocalDate> dates) {
    NotepathSettings.InputTable t = settings.inputTable(table);
    String base = settings.inputRoot() + "/" + t.path();
    String[] paths =
        dates.stream()
            .filter(d -> InputLayout.isLanded(spark, settings, table, d))
            .map(d -> base + "/dt=" + d)
            .toArray(String[]::new);
    if (paths.length == 0) {
      return 0;
    }

    StructType schema = new StructType();
    for (String f : FIELDS_READ.get(table)) {
      schema = schema.add(f, DataTypes.StringType);
    }

    Dataset<Row> raw =
        t.format() == NotepathSettings.Format.PARQUET
            ? spark.read().parquet(paths)
            : spark.read().schema(schema).json(paths);
    Column[] sums =
        Arrays.stream(raw.columns())
            .filter(FIELDS_READ.get(table)::contains)
            .map(c -> sum(length(col(c).cast("string"))))
            .toArray(Column[]::new);
    Row r = raw.agg(org.apache.spark.sql.functions.count("*"), sums).first();
    return r.getLong(0);
  }

  /** The share of all impressions held by the note with the most (the viral note, if any). */
  private static double largestNoteShare(
      SparkSession spark, NotepathSettings settings, List<LocalDate> dates) {
    NotepathSettings.InputTable t = settings.inputTable("impressions");
    String[] paths =
        dates.stream()
            .map(d -> settings.inputRoot() + "/" + t.path() + "/dt=" + d)
            .toArray(String[]::new);
    Dataset<Row> raw =
        t.format() == NotepathSettings.Format.PARQUET
            ? spark.read().parquet(paths)
            : spark.read().schema(new StructType().add("note_id", DataTypes.StringType)).json(paths);
    Row r =
        raw.groupBy("note_id")
            .count()
            .agg(org.apache.spark.sql.functions.max("count"), sum("count"))
            .first();
    return r.isNullAt(0) ? 0.0 : (double) r.getLong(0) / r.getLong(1);
  }

  /** Bytes of the four tables' partitions of the dates run. */
  private static long inputBytes(SparkSession spark, NotepathSettings settings, List<LocalDate> dates)
      throws IOException {
    FileSystem fs = new org.apache.hadoop.fs.Path(settings.inputRoot())
        .getFileSystem(spark.sparkContext().hadoopConfiguration());
    long bytes = 0;
    for (String table : NotepathSettings.TABLE_NAMES) {
      for (LocalDate date : dates) {
        org.apache.hadoop.fs.Path partition = InputLayout.partition(settings, table, date);
        if (fs.exists(partition)) {
          ContentSummary s = fs.getContentSummary(partition);
          bytes += s.getLength();
        }
      }
    }

    return bytes;
  }

  /**
   * Where the executors' time went: the tasks' time of every stage summed by the step that ran it
   * (its job description, landing dates replaced by D so that the nights add up), most expensive
   * first, with each step's share of all task time. Task time, not stage wall time: the stages of
   * one job overlap, and on a shared machine the share within one run is what compares.
   */
  private static List<Map<String, Object>> stepCosts(List<SparkMetricsListener.StageSkew> stages) {
    long total = stages.stream().mapToLong(SparkMetricsListener.StageSkew::taskMillis).sum();
    return stages.stream()
        .collect(java.util.stream.Collectors.groupingBy(
            s -> s.name().replaceAll("\\d{4}-\\d{2}-\\d{2}", "D").replaceAll("\\[D(, D)*\\]", "[D]")))
        .entrySet().stream()
        .map(e -> {
          long millis = e.getValue().stream().mapToLong(SparkMetricsListener.StageSkew::taskMillis).sum();
          Map<String, Object> entry = new LinkedHashMap<>();
          entry.put("step", e.getKey());
          entry.put("task_seconds", round(millis / 1e3));
          entry.put("share", total == 0 ? null : round((double) millis / total));
          entry.put("stages", e.getValue().size());
          entry.put("tasks", e.getValue().stream().mapToInt(SparkMetricsListener.StageSkew::tasks).sum());
          return entry;
        })
        .sorted(java.util.Comparator.comparing((Map<String, Object> e) -> (Double) e.get("task_seconds")).reversed())
        .toList();
  }

  /**
   * Per note-keyed step ({@link #NOTE_KEYED_STEPS}), the worst longest-over-median task time of
   * its stages with at least 2 tasks and a longest task of at least {@link #MIN_STRAGGLER_MILLIS},
   * and the worst of all: how a popular note skews the steps that group or join by note.
   */
  private static Map<String, Object> noteKeyedStageSkew(List<SparkMetricsListener.StageSkew> stages) {
    Map<String, Object> bySteps = new LinkedHashMap<>();
    Double worst = null;
    for (String step : NOTE_KEYED_STEPS) {
      SparkMetricsListener.StageSkew s = stages.stream()
          .filter(st -> st.name().contains(step) && st.tasks() > 1 && st.maxOverMedian() != null
              && st.maxTaskMillis() >= MIN_STRAGGLER_MILLIS)
          .max(java.util.Comparator.comparingDouble(SparkMetricsListener.StageSkew::maxOverMedian))
          .orElse(null);
      if (s == null) {
        continue;
      }

      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("max_over_median", round(s.maxOverMedian()));
      entry.put("stage", s.stage());
      entry.put("longest_task_ms", s.maxTaskMillis());
      entry.put("median_task_ms", s.medianTaskMillis());
      bySteps.put(step, entry);
      worst = worst == null ? s.maxOverMedian() : Math.max(worst, s.maxOverMedian());
    }

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("max", worst == null ? null : round(worst));
    out.put("steps", bySteps);
    return out;
  }

  /**
   * Each night with no impressions landed: its seconds over the seconds of the night with the most
   * impressions landed, and the largest of those shares. An empty night's cost is the pipeline's
   * fixed cost per night (DESIGN §7: it should be nearly free).
   */
  private static Map<String, Object> emptyNightShare(List<Map<String, Object>> nights) {
    Map<String, Object> fullest = nights.stream()
        .max(java.util.Comparator.comparingLong(BenchMain::impressionsLanded)).orElse(null);
    Map<String, Object> shares = new LinkedHashMap<>();
    Double worst = null;
    if (fullest != null && impressionsLanded(fullest) > 0) {
      for (Map<String, Object> n : nights) {
        if (impressionsLanded(n) == 0) {
          double share = round(seconds(n) / seconds(fullest));
          shares.put((String) n.get("date"), share);
          worst = worst == null ? share : Math.max(worst, share);
        }
      }
    }

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("max", worst);
    out.put("fullest_night", fullest == null ? null : fullest.get("date"));
    out.put("nights", shares);
    return out;
  }

  private static long impressionsLanded(Map<String, Object> night) {
    return ((Number) night.getOrDefault("impressions_landed", 0L)).longValue();
  }

  private static double seconds(Map<String, Object> night) {
    return ((Number) night.get("seconds")).doubleValue();
  }

  /**
   * Samples the heap while the pipeline runs: the highest heap in use (garbage included, at most
   * the max heap) and the highest heap left after a collection (the live data the job holds).
   */
  private static final class HeapSampler implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "bench-heap-sampler");
      t.setDaemon(true);
      return t;
    });
    private final AtomicLong peakUsed = new AtomicLong();
    private final AtomicLong peakAfterGc = new AtomicLong();

    HeapSampler() {
      timer.scheduleAtFixedRate(this::sample, 0, 100, TimeUnit.MILLISECONDS);
    }

    private void sample() {
      peakUsed.accumulateAndGet(
          ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
      long afterGc = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
          afterGc += pool.getCollectionUsage().getUsed();
        }
      }

      peakAfterGc.accumulateAndGet(afterGc, Math::max);
    }

    @Override
    public void close() {
      timer.shutdownNow();
      sample();
    }
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static void write(Path dir, Map<String, Object> report) throws IOException {
    Files.createDirectories(dir);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("report.json").toFile(), report);
    StringBuilder md = new StringBuilder("| metric | value |\n|---|---|\n");
    @SuppressWarnings("unchecked")
    Map<String, Object> emptyNights = (Map<String, Object>) report.get("empty_night_share");
    @SuppressWarnings("unchecked")
    Map<String, Object> noteKeyed = (Map<String, Object>) report.get("note_keyed_stage_skew");
    Map<String, Object> metrics = new LinkedHashMap<>();
    for (String k : List.of("input_rows", "largest_note_impression_share", "input_bytes", "scan_seconds", "pipeline_seconds", "pipeline_over_scan",
        "shuffle_write_bytes", "shuffle_write_over_input", "spill_memory_bytes", "spill_disk_bytes",
        "max_task_skew")) {
      metrics.put(k, report.get(k));
    }

    metrics.put("note_keyed_stage_skew (max)", noteKeyed.get("max"));
    metrics.put("empty_night_share (max)", emptyNights.get("max"));
    String ratio = "night" + LATE_NIGHT + "_over_night" + EARLY_NIGHT;
    if (report.containsKey(ratio)) {
      metrics.put(ratio, report.get(ratio));
      metrics.put(ratio + "_impressions", report.get(ratio + "_impressions"));
    }

    for (String k : List.of("peak_heap_used_bytes", "peak_heap_after_gc_bytes", "driver_max_heap_bytes")) {
      metrics.put(k, report.get(k));
    }

    metrics.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));

    @SuppressWarnings("unchecked")
    Map<String, Object> shares = (Map<String, Object>) emptyNights.get("nights");
    md.append("\n| night | seconds | impressions landed | empty: seconds / fullest night's |\n|---|---|---|---|\n");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> nights = (List<Map<String, Object>>) report.get("nights");
    for (Map<String, Object> n : nights) {
      md.append(String.format("| %s | %s | %s | %s |%n", n.get("date"), n.get("seconds"), n.get("impressions_landed"),
          shares.getOrDefault(n.get("date"), "")));
    }

    md.append("\n| note-keyed step | longest / median task | stage | longest task ms | median task ms |\n|---|---|---|---|---|\n");
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> steps = (Map<String, Map<String, Object>>) noteKeyed.get("steps");
    steps.forEach((step, v) -> md.append(String.format("| %s | %s | %s | %s | %s |%n", step, v.get("max_over_median"),
        v.get("stage"), v.get("longest_task_ms"), v.get("median_task_ms"))));

    md.append("\n| step (tasks' time summed over the nights) | task s | share | stages | tasks |\n|---|---|---|---|---|\n");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> costs = (List<Map<String, Object>>) report.get("steps");
    costs.stream().limit(TOP_STEPS).forEach(c -> md.append(String.format("| %s | %s | %s | %s | %s |%n",
        c.get("step").toString().replace("|", "/"), c.get("task_seconds"), c.get("share"), c.get("stages"), c.get("tasks"))));

    // Every stage is in report.json; the table shows the ones that set the run time.
    md.append("\n| stage | name | tasks | longest task ms | median task ms | longest / median |\n|---|---|---|---|---|---|\n");
    @SuppressWarnings("unchecked")
    List<SparkMetricsListener.StageSkew> stages = (List<SparkMetricsListener.StageSkew>) report.get("stages");
    List<SparkMetricsListener.StageSkew> slowest = stages.stream()
        .sorted(java.util.Comparator.comparingLong(SparkMetricsListener.StageSkew::maxTaskMillis).reversed())
        .limit(TOP_STAGES).toList();
    for (SparkMetricsListener.StageSkew s : slowest) {
      md.append(String.format("| %s | %s | %d | %d | %d | %s |%n", s.stage(), s.name().replace("|", "/"),
          s.tasks(), s.maxTaskMillis(), s.medianTaskMillis(),
          s.maxOverMedian() == null ? "" : String.format("%.1f", s.maxOverMedian())));
    }

    Files.writeString(dir.resolve("report.md"), md.toString());
    System.out.println(md);
  }
}
