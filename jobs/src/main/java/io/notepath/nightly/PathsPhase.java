package io.notepath.nightly;

import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Phase 2/4: the paths. Incremental ({@link NightPaths}): the night extends the state of the
 * night before with its own day. Rebuild ({@link RebuildPaths}): everything is recomputed from
 * the judged history at once — the recomputation from scratch, which the property tests hold the
 * incremental nights to — and the state is written anew. Both stage the state of the night and
 * give the rows every output table is made from.
 */
final class PathsPhase {
  private PathsPhase() {}

  /**
   * The night's paths: the note_paths rows of the cohorts it rewrites (materialised once: the
   * funnel, the outcomes and the summary read them too); the classified impressions and
   * attributed interactions of the event dates it rewrites (plans over the stored events); the
   * levels by event date and the notes whose level is known, for note_daily; the first event
   * date the dated tables rewrite (null: none — every later date with events is rewritten too,
   * see RunScope.firstRewrittenDate); and the rows staged per state table.
   */
  record Result(
      Dataset<Row> notePaths,
      Dataset<Row> impressions,
      Dataset<Row> interactions,
      Dataset<Row> levels,
      Dataset<Row> openNotes,
      LocalDate firstEventDate,
      Map<String, Long> stateRows) {}
}
