package io.notepath.paths;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.notepath.config.NotepathSettings;
import io.notepath.output.OutputTable;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The stage model of DESIGN §3 as one chain: classify impressions, find each note's explore
 * ladder, give impressions their level, attribute interactions, then aggregate one note_paths row
 * per note. Every step is a pure transform of its own class; this class only wires them, so each
 * can be tested alone. Every per-note aggregation is bounded (partial aggregation, a k-smallest
 * heap, min over a key struct, count distinct planned per (note, viewer)), and event rows meet
 * per-note rows only through salted joins ({@link NoteJoins}), so no task needs all of a note's
 * events.
 *
 * <p>The outputs are plans, not data: each consumer re-runs the chain unless the caller persists
 * them. Spark reuses identical exchanges inside one plan, but scans pruned to different columns
 * are not identical, so a job writing several tables should persist classifiedImpressions and
 * attributedInteractions (or the accepted inputs) once.
 */
public final class NotePaths {
  private NotePaths() {}

  /** Count columns of note_paths: 0, never null, for a note without events. */
  public static final List<String> COUNT_COLUMNS =
      java.util.stream.Stream.concat(
              NoteMetrics.IMPRESSION_COUNTS.stream(), NoteMetrics.INTERACTION_COUNTS.stream())
          .toList();

  /** The columns of note_paths (docs/tables.md), in order. */
  public static final List<String> NOTE_PATHS_COLUMNS = OutputTable.NOTE_PATHS.columnNames();

  /**
   * Runs the stage model over the accepted tables (schemas of {@code AcceptedSchemas}) for run
   * date {@code asOf}.
   */
  public static PathResult build(
      Dataset<Row> notes,
      Dataset<Row> impressions,
      Dataset<Row> interactions,
      Dataset<Row> officialPicks,
      NotepathSettings settings,
      LocalDate asOf) {
    return build(notes, impressions, interactions, officialPicks, settings, asOf, (name, d) -> d);
  }

  /**
   * As {@link #build(Dataset, Dataset, Dataset, Dataset, NotepathSettings, LocalDate)}, handing
   * the explore ladder, classified impressions and attributed interactions to {@code barrier}
   * before they are used further: the job materialises them there, so each output table starts
   * from stored data instead of re-running (and re-planning) the whole chain.
   */
  public static PathResult build(
      Dataset<Row> notes,
      Dataset<Row> impressions,
      Dataset<Row> interactions,
      Dataset<Row> officialPicks,
      NotepathSettings settings,
      LocalDate asOf,
      java.util.function.BiFunction<String, Dataset<Row>, Dataset<Row>> barrier) {
    // Salted once: the notes join and the ladder join then share one shuffle of the impressions.
    Dataset<Row> pathImpressions =
        withPathContext(NoteJoins.withSalt(impressions), notes, settings.windowDays());
    Dataset<Row> exploreLadder =
        barrier.apply(
            "explore_ladder",
            ExploreLadder.aggregateExploreLadder(pathImpressions, settings.poolLadder()));
    Dataset<Row> classified =
        barrier.apply(
            "classified_impressions",
            ExploreLadder.withLevel(pathImpressions, exploreLadder).drop(NoteJoins.SALT));
    Dataset<Row> attributed =
        barrier.apply(
            "attributed_interactions",
            interactions
                .transform(d -> withInteractionInPath(d, notes, settings.windowDays()))
                .transform(
                    d ->
                        Attribution.withAttribution(
                            d, classified, settings.attributionWindow(), settings.pathScopeDays())));
    Dataset<Row> notePaths =
        aggregateNotePaths(
            notes, classified, attributed, officialPicks, exploreLadder, settings, asOf);
    return new PathResult(classified, attributed, notePaths);
  }

  /**
   * Accepted impressions plus their note's attributes (PathWindow.withNoteAttributes),
   * impression_class and in_path: everything the ladder needs, before levels. Impressions salted
   * with {@link NoteJoins#withSalt} keep their salt.
   */
  public static Dataset<Row> withPathContext(
      Dataset<Row> impressions, Dataset<Row> notes, int windowDays) {
    return impressions
        .transform(d -> PathWindow.withNoteAttributes(d, notes))
        .transform(ImpressionClasses::withImpressionClass)
        .transform(d -> PathWindow.withInPath(d, windowDays));
  }

  /** Accepted interactions plus their note's attributes and in_path. */
  public static Dataset<Row> withInteractionInPath(
      Dataset<Row> interactions, Dataset<Row> notes, int windowDays) {
    return interactions
        .transform(d -> PathWindow.withNoteAttributes(d, notes))
        .transform(d -> PathWindow.withInPath(d, windowDays));
  }

  /**
   * One note_paths row per note of {@code notes}, also for notes without events (zero counts,
   * null milestones), with exactly the columns of {@link #NOTE_PATHS_COLUMNS}.
   */
  public static Dataset<Row> aggregateNotePaths(
      Dataset<Row> notes,
      Dataset<Row> classifiedImpressions,
      Dataset<Row> attributedInteractions,
      Dataset<Row> officialPicks,
      Dataset<Row> exploreLadder,
      NotepathSettings settings,
      LocalDate asOf) {
    List<Integer> ladder = settings.poolLadder();
    Dataset<Row> ladderMilestones =
        exploreLadder.select(
            "note_id",
            "first_explore_at",
            "cold_start_completed_at",
            "promoted_at",
            "level3_at",
            "level4_at");
    Dataset<Row> joined =
        notes
            .select(
                "note_id",
                "author_id",
                "category",
                "note_type",
                "author_followers",
                "published_at",
                "publish_date")
            .join(ladderMilestones, "note_id", "left")
            .join(
                Milestones.aggregateImpressionMilestones(classifiedImpressions), "note_id", "left")
            .join(
                Milestones.aggregateOfficialPickMilestones(
                    officialPicks, notes, settings.windowDays()),
                "note_id",
                "left")
            .join(NoteMetrics.aggregateImpressionMetrics(classifiedImpressions), "note_id", "left")
            .join(
                NoteMetrics.aggregateInteractionMetrics(attributedInteractions), "note_id", "left")
            .join(
                Seeding.aggregateEarlyFanInteractions(attributedInteractions, notes, exploreLadder),
                "note_id",
                "left");
    return finish(joined, settings, asOf);
  }

  /**
   * The note_paths rows from per-note attributes, milestones and counts (null counts read 0):
   * cold_start_impressions, rates, max level, furthest stage, seeding, tier, completeness and
   * as_of, in the order of {@link #NOTE_PATHS_COLUMNS}.
   */
  public static Dataset<Row> finish(Dataset<Row> perNote, NotepathSettings settings, LocalDate asOf) {
    List<Integer> ladder = settings.poolLadder();
    return withZeroCounts(perNote)
        .withColumn("cold_start_impressions", col("level1_impressions"))
        .transform(NoteMetrics::withRates)
        .transform(d -> NoteStages.withMaxLevel(d, ladder))
        .transform(d -> NoteStages.withFurthestStage(d, ladder))
        .transform(d -> Seeding.withIsSeeded(d, settings.seedingMinInteractions()))
        .transform(d -> NoteAttributes.withAuthorTier(d, settings.authorTiers()))
        .transform(
            d ->
                NoteAttributes.withIsComplete(
                    d, settings.windowDays(), settings.maxLateDays(), asOf, settings.timeZone()))
        .withColumn("as_of", lit(asOf))
        .select(NOTE_PATHS_COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new));
  }

  private static Dataset<Row> withZeroCounts(Dataset<Row> notePaths) {
    Map<String, Column> zeroed = new LinkedHashMap<>();
    for (String c : COUNT_COLUMNS) {
      zeroed.put(c, coalesce(col(c), lit(0L)));
    }

    return notePaths.withColumns(zeroed);
  }
}
