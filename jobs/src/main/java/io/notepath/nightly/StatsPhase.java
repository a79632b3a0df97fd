package io.notepath.nightly;

import io.notepath.config.NotepathSettings;
import io.notepath.stats.ColdStartOutcomes;
import io.notepath.stats.NoteDaily;
import io.notepath.stats.ReachDaily;
import io.notepath.stats.StageFunnel;
import io.notepath.stats.ViewerDays;
import io.notepath.output.StepStore;
import org.apache.spark.storage.StorageLevel;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Phase 3/4: the statistics, as plans over the paths: the stage funnel of the rewritten cohorts
 * and the cold-start outcomes of the cohorts final tonight (both from the materialised note_paths
 * rows), reach_daily and note_daily of the event dates the night changed (null when it changed
 * none).
 */
final class StatsPhase {
  private StatsPhase() {}

  record Result(
      Dataset<Row> stageFunnel,
      Dataset<Row> coldStartOutcomes,
      Dataset<Row> reachDaily,
      Dataset<Row> noteDaily) {}

  static Result run(NotepathSettings settings, LocalDate night, PathsPhase.Result paths, StepStore steps) {
    Dataset<Row> funnel = StageFunnel.aggregateStageFunnel(paths.notePaths(), settings.poolLadder());
    Dataset<Row> outcomes =
        RunScope.filterCohorts(
            ColdStartOutcomes.aggregateColdStartOutcomes(paths.notePaths(), settings.poolLadder()),
            RunScope.completedCohorts(night, settings));
    if (paths.firstEventDate() == null) {
      return new Result(funnel, outcomes, null, null);
    }

    // Both dated tables read the impressions summed per viewer: cached once for the two writes.
    Dataset<Row> viewerDays = ViewerDays.aggregate(paths.impressions()).persist(StorageLevel.MEMORY_AND_DISK());
    steps.releaseAtClose(viewerDays);
    return new Result(
        funnel,
        outcomes,
        ReachDaily.aggregateReachDaily(viewerDays, paths.interactions()),
        NoteDaily.aggregateNoteDaily(viewerDays, paths.interactions(), paths.levels(), paths.openNotes()));
  }
}
