package io.notepath.nightly;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.notepath.config.NotepathSettings;
import io.notepath.ingest.AcceptedSchemas;
import io.notepath.output.StepStore;
import io.notepath.paths.DateMatch;
import io.notepath.paths.EventContext;
import io.notepath.paths.ExploreLadder;
import io.notepath.paths.NotePaths;
import io.notepath.paths.NoteState;
import io.notepath.paths.PathResult;
import io.notepath.paths.ViewerPairs;
import io.notepath.state.StateStore;
import io.notepath.state.StateTables;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A rebuild night: the recomputation from scratch over every judged event the state keeps (DESIGN
 * §5.1). The night's tables come from the stage model applied to the whole history at once
 * ({@link NotePaths#build}: a global ranking of each note's explore impressions, attribution
 * searching every impression) — the oracle the incremental nights must equal — and the state is
 * derived anew from the same classified and attributed events.
 */
final class RebuildPaths {
  private RebuildPaths() {}

  static PathsPhase.Result run(
      NotepathSettings settings,
      LocalDate night,
      StateStore store,
      StepStore steps,
      RunRecorder recorder) {
    Map<String, Long> staged = new LinkedHashMap<>();
    List<LocalDate> history = NightPaths.days(night.minusDays(settings.stateDays()), night);
    // Committed or staged: a rebuild from the raw logs has just staged the whole history.
    List<LocalDate> noteDays =
        store.stored(StateTables.NOTES).stream().filter(d -> !d.isAfter(night)).toList();
    Dataset<Row> storedImpressions = EventContext.accepted(store.read(StateTables.IMPRESSIONS, history));
    Dataset<Row> storedInteractions = EventContext.accepted(store.read(StateTables.INTERACTIONS, history));
    Dataset<Row> storedPicks = EventContext.accepted(store.read(StateTables.OFFICIAL_PICKS, history));
    Dataset<Row> notes = EventContext.accepted(store.read(StateTables.NOTES, noteDays));

    recorder.step("the stage model over the whole history");
    PathResult paths =
        NotePaths.build(
            as(notes, AcceptedSchemas.NOTES),
            as(storedImpressions, AcceptedSchemas.IMPRESSIONS),
            as(storedInteractions, AcceptedSchemas.INTERACTIONS),
            as(storedPicks, AcceptedSchemas.OFFICIAL_PICKS),
            settings,
            night,
            steps::save);
    List<LocalDate> cohorts = RunScope.rewrittenCohorts(night, settings);
    Dataset<Row> classified = paths.classifiedImpressions();
    Dataset<Row> attributed = paths.attributedInteractions();

    // The state, from the same events.
    recorder.step("the state of " + night + " from scratch");
    Column inState = col("publish_date").geq(lit(Date.valueOf(cohorts.get(0))));
    Dataset<Row> stateNotes = notes.filter(inState);
    Dataset<Row> dayLadders = ExploreLadder.aggregateDayLadder(storedImpressions, settings.poolLadder(), null);
    store.replaceAllOnCommit(StateTables.LADDER);
    staged.put("ladder", store.stage(StateTables.LADDER, history, dayLadders));
    Dataset<Row> pairs =
        ViewerPairs.firstSeen(classified)
            .join(stateNotes.select("note_id"), "note_id", "left_semi");
    store.replaceAllOnCommit(StateTables.PAIRS);
    staged.put("pairs", store.stage(StateTables.PAIRS, history, pairs));
    int openDays = settings.openInteractionDays();
    Column openDay = col("dt").geq(lit(Date.valueOf(night.minusDays(openDays))));
    store.replaceAllOnCommit(StateTables.ATTRIBUTION_CHANGES);
    Dataset<Row> changes =
        NightPaths.changes(
            attributed.filter(openDay).withColumn("attribution_changed", col("found_by").isNotNull()),
            night);
    staged.put("attribution_changes", store.stage(StateTables.ATTRIBUTION_CHANGES, List.of(night), changes));

    Dataset<Row> rows =
        steps.save(
            "note_rows",
            NoteState.extend(
                null,
                stateNotes,
                lit(true),
                NoteState.aggregateImpressions(classified),
                ViewerPairs.countByNote(pairs),
                NoteState.aggregateLadderMilestones(store.read(StateTables.LADDER, history)),
                NoteState.aggregatePicks(storedPicks),
                null));
    Column tonight = DateMatch.isDay(col("dt"), night);
    return NightPaths.finish(settings, night, store, steps, recorder, staged, rows, attributed,
        classified, emptyLevels(classified),
        classified.filter(tonight).select("event_date")
            .unionByName(attributed.filter(tonight).select("event_date"))
            .unionByName(NightPaths.datesChangedBy(changes, night)),
        first -> classified,
        attributed,
        paths.notePaths());
  }

  /** No levels before the night: the classified history holds them all. */
  private static Dataset<Row> emptyLevels(Dataset<Row> classified) {
    return NoteState.aggregateLevels(classified).limit(0);
  }

  /** The stored rows as accepted rows of an input table (its AcceptedSchemas columns only). */
  private static Dataset<Row> as(Dataset<Row> stored, StructType accepted) {
    return stored.select(
        Arrays.stream(accepted.fields()).map(f -> col(f.name()).cast(f.dataType())).toArray(Column[]::new));
  }
}
