package io.notepath.simulate;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The per-note plan of the simulation: one row per note with its hidden attributes and how many
 * impressions of each kind it is served, and when. Nothing here is per event, so a note with ten
 * million impressions costs one row.
 *
 * <p>The plan is built in steps because promotion depends on what a pool's viewers did: {@link
 * #withNoteDraws} draws the note and its cold-start pool; {@link #withPromotion} takes the CES of
 * pool k (aggregated from the pool's generated impressions by {@link Impressions}) and decides pool
 * k+1; {@link #withReach} adds fan, seeding, official and organic traffic, which follow from the
 * final explore reach.
 */
final class NotePlans {
  private NotePlans() {}

  static final long MINUTE_MS = 60_000L;
  static final long HOUR_MS = 3_600_000L;

  /**
   * Draws every note's attributes from its id (column {@code id} of spark.range): publish time,
   * author and followers, category, type, hidden quality, viral and seeding flags, and the
   * cold-start pool (n1, start1, step1). {@code dayStarts} holds the epoch ms of 00:00 of each
   * publish day and the day after the last, in notepath.time-zone.
   */
  static Dataset<Row> withNoteDraws(Dataset<Row> ids, SimulateSettings s, long[] dayStarts) {
    Draws d = new Draws(s.seed());
    Column nid = col("id");
    Column starts = lit(dayStarts);
    Column day = expr("id div " + s.notesPerDay()).cast("int");
    Column dayStart = element_at(starts, day.plus(1));
    Column dayLength = element_at(starts, day.plus(2)).minus(dayStart);
    Column author = d.below(lit(s.authors()), "author", nid);
    long followerCap = Math.min(s.followers().max(), s.returningUsers());
    Column followers =
        floor(
                least(
                    d.pareto(
                        s.followers().min(), s.followers().alpha(), "followers", col("author")),
                    lit((double) followerCap)))
            .cast("long");
    Column viral = s.viral().notes() == 0 ? lit(false) : array_contains(lit(viralIds(s)), nid);
    Column quality =
        when(col("is_viral"), lit(0.9).plus(d.uniform("quality", nid).multiply(0.1)))
            .otherwise(d.uniform("quality", nid));
    Column categories = lit(s.categories().toArray(String[]::new));
    Seeds seeds = new Seeds(s, d);
    Dataset<Row> drawn =
        Stage.on(ids)
            .with("nid", nid)
            .with("note_id", concat(lit("n"), nid.cast("string")))
            .with("pub_day", day)
            .with("day_start_ms", dayStart)
            .with(
                "published_ms",
                dayStart.plus(1000).plus(d.below(dayLength.minus(2000), "publish", nid)))
            .with("author", author)
            .with("cat", d.below(lit(s.categories().size()), "category", nid).cast("int"))
            .with(
                "note_type",
                when(d.chance(lit(s.videoShare()), "video", nid), "video").otherwise("image"))
            .with("is_viral", viral)
            .with("is_seeded", d.chance(lit(s.seeding().share()), "seeded", nid))
            .add();
    return Stage.on(drawn)
        .with("author_id", concat(lit("a"), col("author").cast("string")))
        .with("followers", followers)
        .with("category", element_at(categories, col("cat").plus(1)))
        .with("quality", quality)
        .with("n_seed", seeds.friends())
        .add()
        .transform(p -> withColdStartPool(p, s, d))
        .drop("id");
  }

  /** Explored notes get pool 1: in full, or stalled part-way (never for viral notes). */
  private static Dataset<Row> withColdStartPool(Dataset<Row> plan, SimulateSettings s, Draws d) {
    Column nid = col("id");
    long size = s.poolSize(1);
    Column explored = col("is_viral").or(d.chance(lit(s.explore().share()), "explored", nid));
    Column stalled =
        size > 1
            ? not(col("is_viral")).and(d.chance(lit(s.explore().stallShare()), "stalled", nid))
            : lit(false);
    Column stalledSize = lit(1L).plus(d.below(lit(size - 1), "stall-size", nid));
    long delayMs = (long) (s.explore().startDelayMinutes() * MINUTE_MS);
    Dataset<Row> flagged =
        Stage.on(plan)
            .with("is_explored", explored)
            .with("is_stalled", explored.and(stalled))
            .with("start1", col("published_ms").plus(d.below(lit(delayMs + 1), "start1", nid)))
            .with("step1", lit(step(s, 1, size)))
            .add();
    return flagged.withColumn(
        "n1",
        when(not(col("is_explored")), lit(0L))
            .when(col("is_stalled"), stalledSize)
            .otherwise(lit(size)));
  }

  /**
   * Decides promotion after pool {@code level} (1..3) from {@code scores} (nid, pool_ces,
   * seed_ces): a note that was served the whole pool is promoted when its CES per impression (pool
   * 1 adds seeding-weight x the friends' CES) plus noise reaches the threshold, or on quality
   * alone, or when it is viral. Adds promoted_k, n_{k+1}, start_{k+1}, step_{k+1}.
   */
  static Dataset<Row> withPromotion(
      Dataset<Row> plan, Dataset<Row> scores, int level, SimulateSettings s) {
    Draws d = new Draws(s.seed());
    Column nid = col("nid");
    long size = s.poolSize(level);
    Column ces = coalesce(col("pool_ces"), lit(0L));
    Column score =
        level == 1
            ? ces.plus(coalesce(col("seed_ces"), lit(0L)).multiply(s.promotion().seedingWeight()))
            : ces.cast("double");
    Column noisy =
        score
            .divide(lit((double) size))
            .plus(d.normal("noise" + level, nid).multiply(s.promotion().noise()));
    Column servedInFull = col("n" + level).equalTo(lit(size));
    Column onQuality =
        d.chance(col("quality").multiply(s.promotion().qualityShare()), "on-quality" + level, nid);
    Column promoted =
        servedInFull.and(
            col("is_viral").or(noisy.geq(s.promotion().thresholds().get(level - 1))).or(onQuality));
    long delayMs = (long) (s.promotion().delayHours() * HOUR_MS);
    Column end = col("start" + level).plus(col("step" + level).multiply(size));
    Column nextSize = level < 3 ? lit(s.poolSize(level + 1)) : levelFourSize(s, d);
    String promotedCol = "promoted" + level;
    Dataset<Row> joined =
        plan.join(
                scores.withColumnRenamed("nid", "score_nid"), nid.equalTo(col("score_nid")), "left")
            .drop("score_nid");
    Column nextN = when(col(promotedCol), nextSize).otherwise(lit(0L));
    Column nextStart = end.plus(d.below(lit(delayMs + 1), "start" + (level + 1), nid));
    Dataset<Row> decided =
        Stage.on(joined)
            .with("ces" + level, score.cast("double"))
            .with(promotedCol, promoted)
            .add()
            .drop("pool_ces", "seed_ces");
    if (level < 3) {
      return Stage.on(decided)
          .with("n" + (level + 1), nextN)
          .with("start" + (level + 1), nextStart)
          .with("step" + (level + 1), lit(step(s, level + 1, s.poolSize(level + 1))))
          .add();
    }

    Column n4 = col("n4");
    Column step4 =
        when(n4.gt(0), greatest(lit(1L), floor(lit((double) s.poolMs(4)).divide(n4)).cast("long")))
            .otherwise(lit(1L));
    return Stage.on(decided)
        .with("n4", nextN)
        .with("start4", nextStart)
        .add()
        .withColumn("step4", step4);
  }

  /** Level-4 size: viral target, else Pareto(level4-min, level4-alpha) capped at level4-max. */
  private static Column levelFourSize(SimulateSettings s, Draws d) {
    long viralSize = s.viral().impressions() - s.poolLadder().get(2);
    Column pareto =
        floor(
                least(
                    d.pareto(
                        s.explore().level4Min(), s.explore().level4Alpha(), "level4", col("nid")),
                    lit((double) s.explore().level4Max())))
            .cast("long");
    return when(col("is_viral"), lit(viralSize)).otherwise(pareto);
  }

  /**
   * Adds the traffic that follows from the explore path: fan impressions (a share of the followers,
   * rising with quality), the official pick (for notes that reached official.min-level) and its
   * impressions, and organic impressions proportional to fan + explore reach.
   */
  static Dataset<Row> withReach(Dataset<Row> plan, SimulateSettings s) {
    Draws d = new Draws(s.seed());
    Column nid = col("nid");
    Column q = col("quality");
    Column exploreTotal = col("n1").plus(col("n2")).plus(col("n3")).plus(col("n4"));
    Column fan =
        floor(
                col("followers")
                    .multiply(q.plus(0.5))
                    .multiply(s.fan().reach())
                    .plus(d.uniform("fan-n", nid)))
            .cast("long");
    int m = s.official().minLevel();
    Column picked =
        col("n" + m).gt(0).and(d.chance(q.multiply(s.official().pickShare()), "picked", nid));
    Column pickedMs =
        col("start" + m).plus(d.below(col("n" + m).multiply(col("step" + m)), "picked-at", nid));
    Column officialN =
        floor(d.uniform("official-n", nid).plus(0.5).multiply((double) s.official().impressions()))
            .cast("long");
    double organicRatio = s.organic().share() / (1 - s.organic().share());
    Column organic =
        floor(
                col("n_fan")
                    .plus(col("explore_total"))
                    .multiply(d.uniform("organic-n", nid).plus(0.5))
                    .multiply(organicRatio)
                    .plus(d.uniform("organic-n2", nid)))
            .cast("long");
    Dataset<Row> first =
        Stage.on(plan)
            .with("explore_total", exploreTotal)
            .with("n_fan", fan)
            .with("is_picked", picked)
            .with("picked_ms", when(picked, pickedMs))
            .with("account_id", when(picked, concat(lit("official_"), col("category"))))
            .with("n_official", when(picked, officialN).otherwise(lit(0L)))
            .add();
    return first.withColumn("n_organic", organic);
  }

  /** Milliseconds between consecutive impressions of a pool served at a constant rate (>= 1). */
  static long step(SimulateSettings s, int level, long size) {
    return Math.max(1L, s.poolMs(level) / size);
  }

  /** The viral notes: `viral.notes` ids spread evenly over all notes. */
  static long[] viralIds(SimulateSettings s) {
    long n = s.totalNotes();
    int v = s.viral().notes();
    long[] ids = new long[v];
    for (int k = 0; k < v; k++) {
      ids[k] = (long) Math.floor((k + 0.5) * n / v);
    }

    return ids;
  }

  /** Column names of the plan that every event row carries. */
  static final List<String> NOTE_COLUMNS =
      Arrays.asList(
          "nid",
          "note_id",
          "pub_day",
          "day_start_ms",
          "published_ms",
          "author",
          "followers",
          "cat",
          "quality");

  /** How many friends seed a note (0 when not seeded). */
  private record Seeds(SimulateSettings s, Draws d) {
    Column friends() {
      int min = s.seeding().minFriends();
      int spread = s.seeding().maxFriends() - min + 1;
      return when(
              col("is_seeded"), lit((long) min).plus(d.below(lit(spread), "friends", col("id"))))
          .otherwise(lit(0L));
    }
  }
}
