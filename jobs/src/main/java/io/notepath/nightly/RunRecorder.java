package io.notepath.nightly;

import io.notepath.output.SparkMetricsListener;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what one run does, in one place: each phase's time, the Spark job group and
 * description every job of a step runs under (so the Spark UI and the metrics name it), what the
 * night read (days of logs, state rows) for the manifest, and Spark's task metrics. The shape of
 * Delta's recordMergeOperation and Iceberg's withJobGroupInfo: the phases stay free of
 * bookkeeping.
 */
final class RunRecorder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunRecorder.class);

  private final SparkSession spark;
  private final LocalDate runDate;
  private final String runId;
  private final Instant started = Instant.now();
  private final SparkMetricsListener metrics = new SparkMetricsListener();
  private final Map<String, Long> phaseMillis = new LinkedHashMap<>();
  private final Map<String, Object> reads = new LinkedHashMap<>();
  private String phase = "";

  RunRecorder(SparkSession spark, LocalDate runDate, String runId) {
    this.spark = spark;
    this.runDate = runDate;
    this.runId = runId;
    spark.sparkContext().addSparkListener(metrics);
  }

  /** Runs one phase under its job group, logs its start and end, and keeps its time. */
  <T> T phase(String name, String description, Supplier<T> body) {
    phase = name;
    LOG.info("run {} phase {}: {}", runDate, name, description);
    spark.sparkContext().setJobGroup(runId + "/" + name, "notepath " + runDate + " " + name + ": " + description, false);
    long t = System.nanoTime();
    try {
      return body.get();
    } finally {
      long ms = (System.nanoTime() - t) / 1_000_000;
      phaseMillis.merge(name, ms, Long::sum);
      LOG.info("run {} phase {} done in {} ms", runDate, name, ms);
      spark.sparkContext().clearJobGroup();
    }
  }

  /** Names the jobs of the next step (shown in the Spark UI and in the stage metrics). */
  void step(String description) {
    LOG.info("  {}", description);
    spark.sparkContext().setJobDescription("notepath " + runDate + " " + phase + ": " + description);
  }

  /** Records something the night read, for the manifest ({@code inputs_read}). */
  void read(String what, Object value) {
    reads.put(what, value);
  }

  Instant started() {
    return started;
  }

  Map<String, Long> phaseMillis() {
    return phaseMillis;
  }

  Map<String, Object> reads() {
    return reads;
  }

  SparkMetricsListener.Snapshot metrics() {
    return metrics.snapshot();
  }

  @Override
  public void close() {
    spark.sparkContext().removeSparkListener(metrics);
    spark.sparkContext().setJobDescription(null);
  }
}
