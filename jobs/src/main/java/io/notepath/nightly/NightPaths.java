package io.notepath.nightly;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;

import io.notepath.config.NotepathSettings;
import io.notepath.output.StepStore;
import io.notepath.paths.Attribution;
import io.notepath.paths.DateMatch;
import io.notepath.paths.EventContext;
import io.notepath.paths.ExploreLadder;
import io.notepath.paths.NoteState;
import io.notepath.paths.OpenInteractions;
import io.notepath.paths.ViewerPairs;
import io.notepath.state.StateStore;
import io.notepath.state.StateTables;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;

/**
 * An incremental night (DESIGN §5.1): the state of the night before, extended with the night's
 * own landing day. Every read is of stored data partitioned the way its join needs it; the only
 * event-sized writes are the night's own day (staged by {@link IngestPhase}), its new viewer
 * pairs and its attribution changes.
 */
final class NightPaths {
  private NightPaths() {}

  static PathsPhase.Result run(
      NotepathSettings settings,
      LocalDate night,
      StateStore store,
      StepStore steps,
      RunRecorder recorder,
      Map<String, Long> accepted) {
    boolean impressionsLanded = accepted.getOrDefault("impressions", 0L) > 0;
    boolean interactionsLanded = accepted.getOrDefault("interactions", 0L) > 0;
    Map<String, Long> staged = new LinkedHashMap<>();
    LocalDate before = night.minusDays(1);
    List<LocalDate> tonight = List.of(night);
    Dataset<Row> previous = store.read(StateTables.NOTE_STATE, List.of(before));

    // The night's impressions ranked after each note's stored explore count: levels and milestones.
    recorder.step("explore ladder of " + night);
    Dataset<Row> impressions = EventContext.accepted(store.read(StateTables.IMPRESSIONS, tonight));
    Dataset<Row> exploreBefore =
        previous.select(col("note_id"), col("explore_impressions").as("explore_before"));
    if (impressionsLanded) {
      staged.put("ladder", store.stage(StateTables.LADDER, tonight,
          ExploreLadder.aggregateDayLadder(impressions, settings.poolLadder(), exploreBefore)));
    } else {
      store.stageEmpty(StateTables.LADDER, tonight);
    }
    Dataset<Row> ladder = store.read(StateTables.LADDER, tonight);
    // The night's classified impressions feed the pairs, the note rows, the levels and the dated
    // tables: cached once.
    Dataset<Row> classified =
        ExploreLadder.withDayLevel(impressions, ladder).persist(StorageLevel.MEMORY_AND_DISK());
    steps.releaseAtClose(classified);

    recorder.step("viewer pairs first seen on " + night);
    Dataset<Row> earlierPairs =
        store.read(StateTables.PAIRS, days(night.minusDays(settings.pathScopeDays()), before));
    if (impressionsLanded) {
      staged.put("pairs", store.stage(StateTables.PAIRS, tonight,
          ViewerPairs.newPairs(classified, earlierPairs).withColumn("night", lit(Date.valueOf(night)))));
    } else {
      store.stageEmpty(StateTables.PAIRS, tonight);
    }
    Dataset<Row> uniqueViewers = ViewerPairs.countByNote(store.read(StateTables.PAIRS, tonight));

    // Attribution: the interactions of the open days (tonight's included) in one pass, those
    // of tonight from the impressions they can reach, the earlier ones from tonight's impressions
    // only (what they saw is older); the long-open ones from tonight's impressions. Each source is
    // joined with the impressions on its own (a union before the join would lose the buckets
    // both sides share and shuffle the interactions again).
    recorder.step("attribution of the interactions of " + night + " and of the open ones");
    int reach = settings.attributionReachDays();
    int scope = settings.pathScopeDays();
    int openDays = settings.openInteractionDays();
    List<LocalDate> openBefore = days(night.minusDays(openDays), before);
    List<LocalDate> openDaysTonight = days(night.minusDays(openDays), night);
    Dataset<Row> landed = interactionsOf(store, tonight);
    Dataset<Row> openDayRows =
        withLatestChange(
            interactionsOf(store, openDaysTonight), store.read(StateTables.ATTRIBUTION_CHANGES, openBefore));
    Dataset<Row> longOpen = store.read(StateTables.LONG_OPEN, List.of(before)).drop("night");
    Dataset<Row> open;
    Dataset<Row> touched = impressions.select("event_date").unionByName(landed.select("event_date"));
    if (impressionsLanded || interactionsLanded) {
      // The candidates picked by user are read twice (by the few lookups of an impression_id
      // and to add what they found): kept, so the join with the impressions runs once; and when
      // nothing needs a lookup, the path scope's impressions are never read.
      Dataset<Row> picked =
          Attribution.pickByUser(
                  openDayRows,
                  classifiedImpressions(store, days(night.minusDays(reach), night)),
                  settings.attributionWindow(),
                  scope,
                  night)
              .persist(StorageLevel.MEMORY_AND_DISK());
      steps.releaseAtClose(picked);
      Dataset<Row> attributed =
          Attribution.resolveNamed(
                  picked, classifiedImpressions(store, days(night.minusDays(scope), night)), scope, night)
              .unionByName(
                  Attribution.attribute(
                      longOpen, classified, classified, settings.attributionWindow(), scope, night))
              .persist(StorageLevel.MEMORY_AND_DISK());
      steps.releaseAtClose(attributed);
      Dataset<Row> changes = changes(attributed, night);
      staged.put("attribution_changes", store.stage(StateTables.ATTRIBUTION_CHANGES, tonight, changes));
      touched = touched.unionByName(datesChangedBy(changes, night));
      open = attributed.drop("attribution_changed");
    } else {
      // Nothing landed that could change an attribution.
      open = openDayRows.unionByName(longOpen);
      store.stageEmpty(StateTables.ATTRIBUTION_CHANGES, tonight);
    }

    // The note rows: the night before's, the night's new notes, extended by the night's deltas.
    recorder.step("note rows of " + night);
    List<LocalDate> cohorts = RunScope.rewrittenCohorts(night, settings);
    Column inState = col("publish_date").geq(lit(Date.valueOf(cohorts.get(0))));
    Dataset<Row> notes = EventContext.accepted(store.read(StateTables.NOTES, tonight));
    Dataset<Row> picks = EventContext.accepted(store.read(StateTables.OFFICIAL_PICKS, tonight));
    Dataset<Row> rows =
        steps.save(
            "note_rows",
            NoteState.extend(
                previous,
                notes,
                inState,
                NoteState.aggregateImpressions(classified),
                uniqueViewers,
                NoteState.aggregateLadderMilestones(ladder),
                NoteState.aggregatePicks(picks),
                null));
    return finish(settings, night, store, steps, recorder, staged, rows, open, classified,
        store.read(StateTables.NOTE_LEVELS, List.of(before)).select("note_id", "event_date", "level"),
        touched,
        first -> classifiedImpressions(store, days(first.minusDays(settings.futureSkewDays()), night)),
        open,
        null);
  }

  /**
   * What every night ends with, incremental or rebuilt, from its note rows (before the night's
   * interactions that became final) and its interactions whose attribution is not final
   * ({@code open}): the note_paths rows, the state of the night (note rows with the final
   * interactions added, the long-open interactions, the levels), and the inputs of the dated
   * tables. {@code touched}: the event dates of the night's own accepted events and of the
   * interactions now attributed to an impression landed on the night ({@link #datesChangedBy});
   * {@code impressionsSince}: the classified impressions that can be dated on or after a date;
   * {@code interactions}: the attributed interactions of those dates; {@code notePaths}: the
   * rows to write if not those of the state (a rebuild writes the recomputation from scratch).
   */
  static PathsPhase.Result finish(
      NotepathSettings settings,
      LocalDate night,
      StateStore store,
      StepStore steps,
      RunRecorder recorder,
      Map<String, Long> staged,
      Dataset<Row> rows,
      Dataset<Row> open,
      Dataset<Row> classified,
      Dataset<Row> previousLevels,
      Dataset<Row> touched,
      java.util.function.Function<LocalDate, Dataset<Row>> impressionsSince,
      Dataset<Row> interactions,
      Dataset<Row> notePathsOverride) {
    List<LocalDate> tonight = List.of(night);
    List<LocalDate> cohorts = RunScope.rewrittenCohorts(night, settings);
    Column closing = DateMatch.isAnyOf(col("publish_date"), RunScope.completedCohorts(night, settings));
    Dataset<Row> staying = rows.filter(not(closing));
    // One pass over the open interactions counts them all (for the rows written tonight) and the
    // ones that become final (for the state); the long-open ones are kept.
    recorder.step("open interactions of " + night);
    Dataset<Row> flagged =
        OpenInteractions.withEndOfNight(
            NoteState.withEarlyFanDeadline(open, rows),
            night.minusDays(settings.openInteractionDays()),
            staying);
    Dataset<Row> sums =
        steps.save(
            "interaction_sums",
            NoteState.aggregateInteractions(
                flagged, Map.of("open_", lit(true), "final_", col(OpenInteractions.BECOMES_FINAL))));
    Dataset<Row> notePaths =
        steps.save(
            "note_paths",
            RunScope.filterCohorts(
                notePathsOverride != null
                    ? notePathsOverride
                    : NoteState.notePaths(
                        NoteState.withOpenInteractions(rows, NoteState.scope(sums, "open_")),
                        settings,
                        night),
                cohorts));
    recorder.step("state of " + night);
    staged.put("note_state", store.stage(StateTables.NOTE_STATE, tonight,
        NoteState.withFinalInteractions(staying, NoteState.scope(sums, "final_"))
            .withColumn("night", lit(Date.valueOf(night)))));
    staged.put("long_open", store.stage(StateTables.LONG_OPEN, tonight,
        flagged
            .filter(col(OpenInteractions.STAYS_OPEN))
            .drop(OpenInteractions.STAYS_OPEN, OpenInteractions.BECOMES_FINAL, "early_fan_deadline")
            .withColumn("night", lit(Date.valueOf(night)))));
    Dataset<Row> levels =
        previousLevels
            .unionByName(NoteState.aggregateLevels(classified))
            .groupBy("note_id", "event_date")
            .agg(max("level").as("level"))
            .join(rows.select("note_id"), "note_id", "left_semi");
    staged.put("note_levels", store.stage(StateTables.NOTE_LEVELS, tonight,
        levels.join(staying.select("note_id"), "note_id", "left_semi")
            .withColumn("night", lit(Date.valueOf(night)))));

    // The dated tables: every event date from the earliest one the night changed.
    recorder.step("event dates the night changed");
    LocalDate first = RunScope.firstRewrittenDate(touched, night, settings.maxLateDays());
    Dataset<Row> datedImpressions = null;
    Dataset<Row> datedInteractions = null;
    if (first != null) {
      Column dated = col("event_date").geq(lit(Date.valueOf(first)));
      datedImpressions = impressionsSince.apply(first).filter(dated);
      datedInteractions = interactions.filter(dated);
    }

    return new PathsPhase.Result(
        notePaths, datedImpressions, datedInteractions, levels, rows.select("note_id"), first, staged);
  }

  /** Accepted impressions of the landing days with their level. */
  static Dataset<Row> classifiedImpressions(StateStore store, List<LocalDate> days) {
    return ExploreLadder.withDayLevel(
        EventContext.accepted(store.read(StateTables.IMPRESSIONS, days)),
        store.read(StateTables.LADDER, days));
  }

  /** Accepted interactions of the landing days, without their verdict columns. */
  static Dataset<Row> interactionsOf(StateStore store, List<LocalDate> days) {
    return EventContext.accepted(store.read(StateTables.INTERACTIONS, days))
        .drop("outcome", "reason", "detail", "record");
  }

  /**
   * Interactions with the latest of their attribution changes applied: {@code interactions}
   * without attribution columns start unattributed. Both sides are bucketed by user, so the join
   * and the pick of the latest change need no shuffle.
   */
  static Dataset<Row> withLatestChange(Dataset<Row> interactions, Dataset<Row> changes) {
    Dataset<Row> base =
        List.of(interactions.columns()).contains("found_by")
            ? interactions
            : Attribution.withNoAttribution(interactions);
    List<Column> latest = new ArrayList<>();
    latest.add(col("user_id").as("_c_user_id"));
    latest.add(col("event_id").as("_c_event_id"));
    latest.add(col("dt").as("_c_dt"));
    Attribution.COLUMNS.forEach(c -> latest.add(col(c).as("_c_" + c)));
    Dataset<Row> last =
        changes
            .withColumn(
                "_c_pick",
                row_number().over(Window.partitionBy("user_id", "event_id", "dt").orderBy(col("night").desc())))
            .filter(col("_c_pick").equalTo(1))
            .select(latest.toArray(Column[]::new));
    Dataset<Row> joined =
        base.join(
            last,
            col("user_id").equalTo(col("_c_user_id"))
                .and(col("event_id").equalTo(col("_c_event_id")))
                .and(col("dt").equalTo(col("_c_dt"))),
            "left");
    Column changed = col("_c_event_id").isNotNull();
    for (String c : Attribution.COLUMNS) {
      joined = joined.withColumn(c, org.apache.spark.sql.functions.when(changed, col("_c_" + c)).otherwise(col(c)));
    }

    List<String> helpers = new ArrayList<>(List.of("_c_user_id", "_c_event_id", "_c_dt"));
    Attribution.COLUMNS.forEach(c -> helpers.add("_c_" + c));
    return joined.drop(helpers.toArray(String[]::new));
  }

  /** The attribution changes of the night, in the columns of StateTables.ATTRIBUTION_CHANGES. */
  static Dataset<Row> changes(Dataset<Row> attributed, LocalDate night) {
    List<Column> out = new ArrayList<>(List.of(col("user_id"), col("event_id"), col("dt"), col("event_date")));
    Attribution.COLUMNS.forEach(c -> out.add(col(c)));
    out.add(lit(Date.valueOf(night)).as("night"));
    return attributed.filter(col("attribution_changed")).select(out.toArray(Column[]::new));
  }

  /**
   * The event dates of the night's attribution changes that moved an interaction to an impression
   * landed on the night. Taken from the changes as computed, not read back from the state:
   * registering the staged partition on the catalog table was seen to drop the cached plans that
   * read the table (the night's attributed interactions), and the next reader computed the whole
   * attribution again (NightlyJobTest.theNightAttributesItsInteractionsOnce).
   */
  static Dataset<Row> datesChangedBy(Dataset<Row> changes, LocalDate night) {
    return changes
        .filter(DateMatch.isDay(col("attributed_impression_dt"), night))
        .select("event_date");
  }

  /** Every day from {@code from} to {@code to}, both included. */
  static List<LocalDate> days(LocalDate from, LocalDate to) {
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      days.add(d);
    }

    return days;
  }
}
