package io.notepath.simulate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What a viewer does after an impression. The open probability is per impression, the others per
 * open, each rising linearly with the note's hidden quality (settings {@code rates}); friends asked
 * to seed use {@code friend-rates}. Followers never follow again. An unlike (uncollect) withdraws
 * an earlier like (collect).
 *
 * <p>The CES score (like + collect + 4 comment + 4 share + 8 follow) is what the promotion decision
 * after each pool reads.
 */
final class Behaviour {
  private Behaviour() {}

  static final String[] FLAGS = {
    "opened", "liked", "collected", "commented", "shared", "followed", "unliked", "uncollected"
  };

  static Dataset<Row> withBehaviour(
      Dataset<Row> impressions, SimulateSettings s, Draws d, Column[] key) {
    SimulateSettings.Rates r = s.rates();
    SimulateSettings.FriendRates f = s.friendRates();
    Column friend = Impressions.isKind(Impressions.SEED);
    Column open = when(friend, f.open()).otherwise(linear(r.open()));
    Column like = when(friend, f.like()).otherwise(linear(r.like()));
    Column collect = when(friend, f.collect()).otherwise(linear(r.collect()));
    Column comment = when(friend, f.comment()).otherwise(linear(r.comment()));
    Column share = when(friend, f.share()).otherwise(linear(r.share()));
    Column follow =
        when(friend.or(col("viewer_is_follower")), lit(0.0)).otherwise(linear(r.follow()));
    Column opened = col("opened");
    Dataset<Row> opens = impressions.withColumn("opened", d.chance(open, "open", key));
    Dataset<Row> acted =
        Stage.on(opens)
            .with("liked", opened.and(d.chance(like, "like", key)))
            .with("collected", opened.and(d.chance(collect, "collect", key)))
            .with("commented", opened.and(d.chance(comment, "comment", key)))
            .with("shared", opened.and(d.chance(share, "share", key)))
            .with("followed", opened.and(d.chance(follow, "follow", key)))
            .add();
    return Stage.on(acted)
        .with("unliked", col("liked").and(d.chance(lit(r.unlike()), "unlike", key)))
        .with("uncollected", col("collected").and(d.chance(lit(r.uncollect()), "uncollect", key)))
        .with(
            "ces",
            count("liked")
                .plus(count("collected"))
                .plus(count("commented").multiply(4))
                .plus(count("shared").multiply(4))
                .plus(count("followed").multiply(8)))
        .add();
  }

  private static Column linear(SimulateSettings.Range range) {
    return col("quality").multiply(range.atOne() - range.atZero()).plus(range.atZero());
  }

  private static Column count(String flag) {
    return when(col(flag), lit(1L)).otherwise(lit(0L));
  }
}
