package io.notepath.nightly;

import io.notepath.config.NotepathSettings;
import io.notepath.ingest.Ingest;
import io.notepath.output.OutputTable;
import io.notepath.output.TableWriter;
import io.notepath.state.StateStore;
import io.notepath.state.StateTable;
import io.notepath.state.StateTables;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Phase 4/4: make the night visible. Writes every output table (dynamic partition overwrite: only
 * the partitions the night rewrites), then commits the state it staged, last, so a failed run
 * leaves the state of the night before and the next run redoes the night; then prunes what no
 * later night reads.
 */
final class PublishPhase {
  private static final Logger LOG = LoggerFactory.getLogger(PublishPhase.class);

  private PublishPhase() {}

  /** Rows written and partitions replaced, per output table. */
  record Result(Map<String, Long> rows, Map<String, List<String>> partitions) {}

  static Result run(
      NotepathSettings settings,
      LocalDate night,
      StateStore store,
      StatsPhase.Result stats,
      PathsPhase.Result paths,
      RunRecorder recorder) {
    TableWriter writer = new TableWriter(settings.outputRoot(), settings.outputCompression());
    Map<String, Long> rows = new LinkedHashMap<>();
    Map<String, List<String>> partitions = new LinkedHashMap<>();
    Map<OutputTable, Dataset<Row>> tables = new LinkedHashMap<>();
    tables.put(OutputTable.NOTE_PATHS, paths.notePaths());
    tables.put(OutputTable.STAGE_FUNNEL, stats.stageFunnel());
    tables.put(OutputTable.COLD_START_OUTCOMES, stats.coldStartOutcomes());
    tables.put(OutputTable.REACH_DAILY, stats.reachDaily());
    tables.put(OutputTable.NOTE_DAILY, stats.noteDaily());
    tables.put(OutputTable.REJECTS, rejects(store, night));
    for (Map.Entry<OutputTable, Dataset<Row>> t : tables.entrySet()) {
      recorder.step("write " + t.getKey().tableName());
      TableWriter.Written written =
          t.getValue() == null ? writer.markUnchanged(t.getKey()) : writer.overwritePartitions(t.getValue(), t.getKey());
      rows.put(t.getKey().tableName(), written.rows());
      partitions.put(t.getKey().tableName(), written.partitions());
      LOG.info("  wrote {} rows to {} ({} partitions)", written.rows(),
          writer.tablePath(t.getKey().tableName()), written.partitions().size());
    }

    recorder.step("commit the state of " + night);
    store.commit(night);
    prune(store, settings, night);
    return new Result(rows, partitions);
  }

  /** The night's rejected rows of every input table, from the judged days it stored. */
  private static Dataset<Row> rejects(StateStore store, LocalDate night) {
    Dataset<Row> all = null;
    for (String table : NotepathSettings.TABLE_NAMES) {
      Dataset<Row> r =
          Ingest.rejects(store.read(StateTables.events(table), List.of(night)), table, night, Integer.MAX_VALUE);
      all = all == null ? r : all.unionByName(r);
    }

    return all;
  }

  /** Removes what no later night reads (DESIGN §5.1): the state lives only as long as it is needed. */
  private static void prune(StateStore store, NotepathSettings settings, LocalDate night) {
    LocalDate kept = night.minusDays(settings.stateDays());
    for (StateTable t : List.of(StateTables.IMPRESSIONS, StateTables.INTERACTIONS,
        StateTables.OFFICIAL_PICKS, StateTables.LADDER)) {
      store.prune(t, kept, night);
    }

    store.prune(StateTables.PAIRS, night.minusDays(settings.pathScopeDays()), night);
    store.prune(StateTables.ATTRIBUTION_CHANGES, night.minusDays(settings.openInteractionDays()), night);
    for (StateTable t : List.of(StateTables.NOTE_STATE, StateTables.NOTE_LEVELS, StateTables.LONG_OPEN)) {
      store.prune(t, night.minusDays(1), night);
    }

    store.prune(null, night.minusDays(1), night);
  }
}
