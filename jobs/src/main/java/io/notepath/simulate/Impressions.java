package io.notepath.simulate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * From the note plan to impression rows, without a per-note loop: the plan is exploded into
 * segments (one per kind of traffic and explore pool), each segment into chunks of at most
 * chunk-size impressions, the chunks are spread over partitions by hash, and only then does each
 * chunk explode into impressions. A viral note's millions of impressions are so spread over many
 * tasks; no task ever holds one note's impressions.
 *
 * <p>Every impression is a function of (seed, note, kind, index): its time, viewer, surface and
 * what the viewer did (open, like, collect, comment, share, follow, unlike, uncollect). Explore
 * impressions are indexed by their explore rank and timed strictly increasing with it, pool after
 * pool, so rank order is time order — what the job's stage model reconstructs.
 *
 * <p>Kinds: F fan, S seeding friends, E explore (level 1..4), O official, G organic.
 */
final class Impressions {
  private Impressions() {}

  static final int FAN = 1;
  static final int SEED = 2;
  static final int EXPLORE = 3;
  static final int OFFICIAL = 4;
  static final int ORGANIC = 5;

  /** Every segment of every note: fan, seeding, explore pools 1..4, official, organic. */
  static Dataset<Row> explodeSegments(Dataset<Row> plan, SimulateSettings s) {
    List<Column> segments = new ArrayList<>();
    segments.add(
        segment(FAN, lit(0), col("n_fan"), lit(0L), col("published_ms"), hours(s.fan().hours())));
    segments.add(seedSegment(s));
    for (int level = 1; level <= 4; level++) {
      segments.add(exploreSegment(s, level));
    }

    segments.add(
        segment(
            OFFICIAL,
            lit(0),
            col("n_official"),
            lit(0L),
            col("picked_ms"),
            hours(s.official().hours())));
    segments.add(
        segment(
            ORGANIC,
            lit(0),
            col("n_organic"),
            lit(0L),
            col("published_ms"),
            hours(s.organic().days() * 24)));
    return explodeSegmentArray(plan, segments);
  }

  /**
   * The segments that decide promotion after pool {@code level}: the pool, plus seeding for pool 1.
   */
  static Dataset<Row> explodePoolSegments(Dataset<Row> plan, SimulateSettings s, int level) {
    List<Column> segments = new ArrayList<>();
    segments.add(exploreSegment(s, level));
    if (level == 1) {
      segments.add(seedSegment(s));
    }

    return explodeSegmentArray(plan, segments);
  }

  /**
   * Splits each segment into chunks of at most chunk-size impressions and spreads them over {@code
   * partitions} partitions by hash of (note, kind, level, chunk).
   */
  static Dataset<Row> explodeChunks(Dataset<Row> segments, SimulateSettings s, int partitions) {
    long size = s.chunkSize();
    return segments
        .withColumn("chunk", explode(expr("sequence(0L, (n - 1) div " + size + ")")))
        .withColumn("chunk_from", col("chunk").multiply(size))
        .withColumn("chunk_n", least(lit(size), col("n").minus(col("chunk_from"))))
        .repartition(partitions, col("nid"), col("kc"), col("level"), col("chunk"));
  }

  /** One row per impression, with its viewer, surface, time, class and behaviour flags. */
  static Dataset<Row> explodeImpressions(Dataset<Row> chunks, SimulateSettings s) {
    Draws d = new Draws(s.seed());
    Dataset<Row> rows =
        chunks
            .select(
                col("*"), explode(expr("sequence(chunk_from, chunk_from + chunk_n - 1)")).as("idx"))
            .withColumn("j", col("rank0").plus(col("idx")));
    Dataset<Row> keyed =
        rows.withColumn("h", d.hash("impression", col("nid"), col("kc"), col("j")));
    Column[] key = {col("h")};
    Viewers viewers = new Viewers(s, d, key);
    Dataset<Row> timed =
        Stage.on(keyed)
            .with("event_id", eventId())
            .with("rank", when(isKind(EXPLORE), col("j").plus(1)))
            .with("ts_ms", impressionTime(s, d, key))
            .with("viewer", viewers.viewer())
            .with("u_surface", d.uniform("surface", key))
            .add();
    Column follower = isKind(FAN).or(isKind(SEED).and(col("surface").equalTo("follow_feed")));
    Dataset<Row> seen =
        Stage.on(timed.withColumn("surface", surface(s)))
            .with("viewer_id", concat(lit("u"), col("viewer").cast("string")))
            .with("viewer_is_new", col("viewer").lt(lit(s.newUsers())))
            .with("viewer_is_follower", follower)
            .with("impression_class", impressionClass(follower))
            .add();
    return Behaviour.withBehaviour(seen, s, d, key)
        .drop("chunk", "chunk_from", "chunk_n", "n", "viewer", "t0", "span", "rank0", "u_surface");
  }

  /**
   * CES per note of the explore impressions (pool_ces) and of the seeding friends (seed_ces): like
   * + collect + 4 comment + 4 share + 8 follow.
   */
  static Dataset<Row> aggregatePoolScores(Dataset<Row> impressions) {
    return impressions
        .groupBy("nid")
        .agg(
            sum(when(isKind(EXPLORE), col("ces")).otherwise(lit(0L))).as("pool_ces"),
            sum(when(isKind(SEED), col("ces")).otherwise(lit(0L))).as("seed_ces"));
  }

  static Column isKind(int kind) {
    return col("kc").equalTo(lit(kind));
  }

  private static Column eventId() {
    Column letter =
        when(isKind(FAN), "f")
            .when(isKind(SEED), "s")
            .when(isKind(EXPLORE), "e")
            .when(isKind(OFFICIAL), "o")
            .otherwise("g");
    Column index = when(isKind(EXPLORE), col("j").plus(1)).otherwise(col("idx"));
    return concat(col("note_id"), lit("-"), letter, index.cast("string"));
  }

  /**
   * Explore: t0 + idx x step + jitter below step, so times rise strictly with rank. Others: after a
   * minute, front-loaded (u squared) over the segment's span; seeding uniform. Everything is
   * clamped to published + window, so every event is in the note's path.
   */
  private static Column impressionTime(SimulateSettings s, Draws d, Column[] key) {
    Column u = d.uniform("ts", key);
    Column span = col("span");
    Column explore = col("t0").plus(col("idx").multiply(span)).plus(d.below(span, "ts", key));
    Column seed = col("t0").plus(NotePlans.MINUTE_MS).plus(floor(u.multiply(span)));
    Column other = col("t0").plus(NotePlans.MINUTE_MS).plus(floor(u.multiply(u).multiply(span)));
    Column t = when(isKind(EXPLORE), explore).when(isKind(SEED), seed).otherwise(other);
    return least(t, col("published_ms").plus(s.windowMs()));
  }

  private static Column surface(SimulateSettings s) {
    Column u = col("u_surface");
    Column fan = when(u.lt(s.fan().followFeedShare()), "follow_feed").otherwise("home_feed");
    Column seed = when(u.lt(s.seeding().followFeedShare()), "follow_feed").otherwise("share_link");
    Column explore =
        when(col("level").geq(s.hotFeed().minLevel()).and(u.lt(s.hotFeed().share())), "hot_feed")
            .otherwise("home_feed");
    return when(isKind(FAN), fan)
        .when(isKind(SEED), seed)
        .when(isKind(EXPLORE), explore)
        .when(isKind(OFFICIAL), "official")
        .otherwise(organicSurface(s, u));
  }

  /** Weighted pick among the organic surfaces. */
  private static Column organicSurface(SimulateSettings s, Column u) {
    double total =
        s.organic().surfaceWeights().values().stream().mapToDouble(Double::doubleValue).sum();
    Column pick = null;
    double cumulative = 0;
    String last = null;
    for (Map.Entry<String, Double> e : s.organic().surfaceWeights().entrySet()) {
      if (e.getValue() <= 0) {
        continue;
      }

      cumulative += e.getValue() / total;
      last = e.getKey();
      pick =
          pick == null
              ? when(u.lt(cumulative), e.getKey())
              : pick.when(u.lt(cumulative), e.getKey());
    }

    return pick.otherwise(last);
  }

  /** DESIGN §3 classes; S on share_link is organic, S on follow_feed is fan. */
  private static Column impressionClass(Column follower) {
    return when(follower, "fan")
        .when(isKind(EXPLORE), "explore")
        .when(isKind(OFFICIAL), "official")
        .otherwise("organic");
  }

  private static Column segment(
      int kind, Column level, Column n, Column rank0, Column t0, Column span) {
    return struct(
        lit(kind).as("kc"),
        level.as("level"),
        n.cast("long").as("n"),
        rank0.cast("long").as("rank0"),
        t0.cast("long").as("t0"),
        span.cast("long").as("span"));
  }

  private static Column seedSegment(SimulateSettings s) {
    return segment(
        SEED, lit(0), col("n_seed"), lit(0L), col("published_ms"), hours(s.seeding().hours()));
  }

  private static Column exploreSegment(SimulateSettings s, int level) {
    int[] ladder = s.ladder();
    long rank0 = level == 1 ? 0 : ladder[level - 2];
    return segment(
        EXPLORE,
        lit(level),
        col("n" + level),
        lit(rank0),
        col("start" + level),
        col("step" + level));
  }

  private static Column hours(double hours) {
    return lit((long) (hours * NotePlans.HOUR_MS));
  }

  private static Dataset<Row> explodeSegmentArray(Dataset<Row> plan, List<Column> segments) {
    List<Column> cols = new ArrayList<>();
    NotePlans.NOTE_COLUMNS.forEach(c -> cols.add(col(c)));
    cols.add(explode(array(segments.toArray(Column[]::new))).as("seg"));
    return plan.select(cols.toArray(Column[]::new))
        .select(col("*"), col("seg.*"))
        .drop("seg")
        .filter(col("n").gt(0));
  }

  /** Who sees an impression; see the Javadoc of {@link SimulateJob} for the user model. */
  private record Viewers(SimulateSettings s, Draws d, Column[] key) {
    Column viewer() {
      long returning = s.returningUsers();
      long newUsers = s.newUsers();
      Column fan =
          lit(newUsers)
              .plus(
                  pmod(
                      d.hash("follower", col("author"), d.below(col("followers"), "follower", key)),
                      lit(returning)));
      Column friend =
          lit(newUsers).plus(pmod(d.hash("friend", col("author"), col("idx")), lit(returning)));
      Column anyone = d.below(lit((long) s.users()), "anyone", key);
      return when(isKind(FAN), fan)
          .when(isKind(SEED), friend)
          .when(isKind(EXPLORE), explore())
          .otherwise(anyone);
    }

    /** New users (good notes preferred), interest-matched or random returning users. */
    private Column explore() {
      long newUsers = s.newUsers();
      long returning = s.returningUsers();
      SimulateSettings.Explore e = s.explore();
      Column boost =
          when(col("quality").geq(e.newUserGoodQuality()), e.newUserBoostGood())
              .otherwise(e.newUserBoostOther());
      Column pickNew =
          newUsers == 0
              ? lit(false)
              : d.chance(boost.multiply(s.newUserShare()), "new-viewer", key);
      Column newViewer =
          newUsers >= s.categories().size()
              ? interestMatched(0, newUsers, "new")
              : d.below(lit(Math.max(1, newUsers)), "new", key);
      Column matched = interestMatched(newUsers, returning, "matched");
      Column random = lit(newUsers).plus(d.below(lit(returning), "random", key));
      return when(pickNew, newViewer)
          .when(d.chance(lit(e.interestMatchShare()), "match", key), matched)
          .otherwise(random);
    }

    /**
     * A user of [base, base + size) whose interest domains include the note's category: user base +
     * m x C + start has domains start, start+1, ... (at least min-domains of them, mod C), so start
     * = category - o with o < min-domains always matches.
     */
    private Column interestMatched(long base, long size, String salt) {
      int c = s.categories().size();
      Column m = d.below(lit(size / c), salt + "-m", key);
      Column o = d.below(lit((long) s.minInterestDomains()), salt + "-o", key);
      Column start = pmod(col("cat").minus(o), lit(c));
      return lit(base).plus(m.multiply(c)).plus(start);
    }
  }
}
