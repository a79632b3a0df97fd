package io.notepath.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The _runs manifest: one JSON document per run, written with Jackson to
 * {@code <output root>/_runs/<run_id>.json} (to a temporary name first, then renamed, so a reader
 * never sees half a manifest).
 */
public record RunManifest(
    String runId,
    String command,
    String runDate,
    String status,
    String message,
    String codeVersion,
    String configFingerprint,
    String startedAt,
    String finishedAt,
    List<Map<String, Object>> inputTables,
    Map<String, Long> outputRows,
    Map<String, List<String>> partitionsWritten,
    Map<String, Long> stepMillis,
    Map<String, Object> state,
    SparkMetricsListener.Snapshot sparkMetrics) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The manifest as JSON text. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException("cannot render run manifest", e);
    }
  }

  /** Writes the manifest under the output root and returns its path. */
  public String write(String outputRoot, Configuration hadoopConf) throws IOException {
    Path dir = new Path(outputRoot, "_runs");
    Path target = new Path(dir, runId + ".json");
    Path temp = new Path(dir, "." + runId + ".json.tmp");
    FileSystem fs = target.getFileSystem(hadoopConf);
    fs.mkdirs(dir);
    try (OutputStream out = fs.create(temp, true)) {
      out.write(toJson().getBytes(StandardCharsets.UTF_8));
    }

    fs.delete(target, false);
    if (!fs.rename(temp, target)) {
      throw new IOException("cannot rename " + temp + " to " + target);
    }

    return target.toString();
  }

  /** A row of the per-table accounting, in manifest form. */
  public static Map<String, Object> accountingEntry(
      String table, long input, long accepted, long duplicates, long rejected, Map<String, Long> byReason) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("table", table);
    m.put("input", input);
    m.put("accepted", accepted);
    m.put("duplicates", duplicates);
    m.put("rejected", rejected);
    m.put("rejected_by_reason", byReason);
    return m;
  }
}
