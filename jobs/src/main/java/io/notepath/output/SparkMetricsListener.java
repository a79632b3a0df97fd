package io.notepath.output;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Sums the task metrics of a run from Spark's own listener bus: shuffle bytes, spill, and per
 * stage the longest task over the median task (how badly a viral note skews a stage).
 */
public final class SparkMetricsListener extends SparkListener {
  private long shuffleWriteBytes;
  private long shuffleReadBytes;
  private long memorySpillBytes;
  private long diskSpillBytes;
  private long inputBytes;
  private long peakExecutionMemory;
  private final Map<String, List<Long>> taskMillisByStage = new LinkedHashMap<>();
  private final Map<String, String> stageNames = new LinkedHashMap<>();
  private final Map<String, Long> stageMillis = new LinkedHashMap<>();

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    TaskMetrics m = taskEnd.taskMetrics();
    if (m == null) {
      return;
    }

    shuffleWriteBytes += m.shuffleWriteMetrics().bytesWritten();
    shuffleReadBytes += m.shuffleReadMetrics().totalBytesRead();
    memorySpillBytes += m.memoryBytesSpilled();
    diskSpillBytes += m.diskBytesSpilled();
    inputBytes += m.inputMetrics().bytesRead();
    peakExecutionMemory = Math.max(peakExecutionMemory, m.peakExecutionMemory());
    String stage = taskEnd.stageId() + "." + taskEnd.stageAttemptId();
    taskMillisByStage.computeIfAbsent(stage, k -> new ArrayList<>()).add(taskEnd.taskInfo().duration());
  }

  /** Names a stage by its job's description (the run step or stored table), else Spark's name. */
  @Override
  public synchronized void onStageSubmitted(SparkListenerStageSubmitted stageSubmitted) {
    var info = stageSubmitted.stageInfo();
    String description =
        stageSubmitted.properties() == null
            ? null
            : stageSubmitted.properties().getProperty("spark.job.description");
    stageNames.put(
        info.stageId() + "." + info.attemptNumber(),
        description == null ? info.name() : description);
  }

  @Override
  public synchronized void onStageCompleted(SparkListenerStageCompleted stageCompleted) {
    var info = stageCompleted.stageInfo();
    String stage = info.stageId() + "." + info.attemptNumber();
    stageNames.putIfAbsent(stage, info.name());
    if (info.submissionTime().isDefined() && info.completionTime().isDefined()) {
      stageMillis.put(stage, (Long) info.completionTime().get() - (Long) info.submissionTime().get());
    }
  }

  /** A snapshot of what was measured so far. */
  public synchronized Snapshot snapshot() {
    List<StageSkew> skews = new ArrayList<>();
    for (Map.Entry<String, List<Long>> e : taskMillisByStage.entrySet()) {
      List<Long> sorted = e.getValue().stream().sorted().toList();
      long max = sorted.get(sorted.size() - 1);
      long median = sorted.get((sorted.size() - 1) / 2);
      long total = sorted.stream().mapToLong(Long::longValue).sum();
      skews.add(new StageSkew(e.getKey(), stageNames.getOrDefault(e.getKey(), ""), sorted.size(),
          max, median, median == 0 ? null : (double) max / median, stageMillis.get(e.getKey()), total));
    }

    return new Snapshot(shuffleWriteBytes, shuffleReadBytes, memorySpillBytes, diskSpillBytes,
        inputBytes, peakExecutionMemory, skews);
  }

  /** Totals of one run. */
  public record Snapshot(
      long shuffleWriteBytes,
      long shuffleReadBytes,
      long memorySpillBytes,
      long diskSpillBytes,
      long inputBytes,
      long peakExecutionMemoryBytes,
      List<StageSkew> stages) {

    /** The worst longest-over-median task time of the stages with at least 2 tasks. */
    public Double maxTaskSkew() {
      return stages.stream()
          .filter(s -> s.tasks() > 1 && s.maxOverMedian() != null)
          .map(StageSkew::maxOverMedian)
          .max(Double::compare)
          .orElse(null);
    }
  }

  /**
   * One stage: task count, longest and median task time, its wall time and the sum of its tasks'
   * times (what it cost the executors: stages of one job overlap, their wall times do not add).
   */
  public record StageSkew(
      String stage,
      String name,
      int tasks,
      long maxTaskMillis,
      long medianTaskMillis,
      Double maxOverMedian,
      Long millis,
      long taskMillis) {}
}
