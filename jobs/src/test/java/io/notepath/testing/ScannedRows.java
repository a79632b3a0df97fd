package io.notepath.testing;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlanInfo;
import org.apache.spark.sql.execution.ui.SparkListenerSQLAdaptiveExecutionUpdate;
import org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The rows each Spark job of a block read from each table, from the scans' "number of output
 * rows" metric as the tasks report it: what a step really computed, not what its plan shows (a
 * cached plan shows its whole lineage whether it runs again or not).
 */
public final class ScannedRows extends SparkListener {
  /** Accumulator id of a scan's row count → the scanned table's name as the plan gives it. */
  private final Map<Long, String> scans = new HashMap<>();
  /** Stage id → the description of the job that ran it. */
  private final Map<Integer, String> jobDescriptions = new HashMap<>();
  /** (job description, scan name) → rows. */
  private final Map<String, Map<String, Long>> rows = new HashMap<>();

  /** Runs {@code body} and returns what its jobs read. */
  public static ScannedRows during(SparkSession spark, Runnable body) {
    return SparkListeners.around(spark, new ScannedRows(), body);
  }

  /**
   * Rows read from the tables whose scan name ends with {@code _table} by the jobs whose
   * description contains {@code job}.
   */
  public synchronized long of(String job, String table) {
    long n = 0;
    for (Map.Entry<String, Map<String, Long>> byJob : rows.entrySet()) {
      if (byJob.getKey().contains(job)) {
        for (Map.Entry<String, Long> byScan : byJob.getValue().entrySet()) {
          if (byScan.getKey().endsWith("_" + table)) {
            n += byScan.getValue();
          }
        }
      }
    }

    return n;
  }

  @Override
  public synchronized void onOtherEvent(SparkListenerEvent event) {
    if (event instanceof SparkListenerSQLExecutionStart start) {
      register(start.sparkPlanInfo());
    } else if (event instanceof SparkListenerSQLAdaptiveExecutionUpdate update) {
      register(update.sparkPlanInfo());
    }
  }

  @Override
  public synchronized void onStageSubmitted(SparkListenerStageSubmitted submitted) {
    String description =
        submitted.properties() == null ? "" : submitted.properties().getProperty("spark.job.description", "");
    jobDescriptions.put(submitted.stageInfo().stageId(), description);
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
    String job = jobDescriptions.getOrDefault(end.stageId(), "");
    for (AccumulableInfo a : CollectionConverters.asJava(end.taskInfo().accumulables())) {
      String scan = scans.get(a.id());
      if (scan != null && a.update().isDefined()) {
        rows.computeIfAbsent(job, k -> new HashMap<>())
            .merge(scan, ((Number) a.update().get()).longValue(), Long::sum);
      }
    }
  }

  private void register(SparkPlanInfo node) {
    if (node.nodeName().startsWith("Scan ")) {
      CollectionConverters.asJava(node.metrics()).stream()
          .filter(m -> m.name().equals("number of output rows"))
          .forEach(m -> scans.put(m.accumulatorId(), node.nodeName()));
    }

    CollectionConverters.asJava(node.children()).forEach(this::register);
  }
}
