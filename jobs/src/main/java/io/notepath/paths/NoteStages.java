package io.notepath.paths;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How far up the distribution mechanism a note got, from its in-path counts alone (the ladder is
 * count-based, so the counts say it all).
 */
public final class NoteStages {
  private NoteStages() {}

  public static final String UNSEEN = "unseen";
  public static final String DISTRIBUTED = "distributed";
  public static final String COLD_START = "cold_start";
  public static final String COLD_START_COMPLETED = "cold_start_completed";
  public static final String PROMOTED_L2 = "promoted_l2";
  public static final String PROMOTED_L3 = "promoted_l3";
  public static final String PROMOTED_L4 = "promoted_l4";

  /**
   * Adds {@code max_level} from explore_impressions n: 0 if n = 0, 1 if n &lt;= ladder[0], 2 if n
   * &lt;= ladder[1], 3 if n &lt;= ladder[2], else 4.
   */
  public static Dataset<Row> withMaxLevel(Dataset<Row> notePaths, List<Integer> ladder) {
    RequiredColumns.check(notePaths, "withMaxLevel", "explore_impressions");
    int[] rungs = ExploreLadder.rungs(ladder);
    Column n = col("explore_impressions");
    return notePaths.withColumn(
        "max_level",
        when(n.equalTo(0), lit(0))
            .when(n.leq(rungs[0]), lit(1))
            .when(n.leq(rungs[1]), lit(2))
            .when(n.leq(rungs[2]), lit(3))
            .otherwise(lit(4)));
  }

  /**
   * Adds {@code furthest_stage} from impressions and explore_impressions n: unseen (no
   * impression), distributed (impressions, none explore), cold_start (1 &lt;= n &lt; ladder[0]),
   * cold_start_completed (n = ladder[0]), promoted_l2 (n &lt;= ladder[1]), promoted_l3 (n &lt;=
   * ladder[2]), promoted_l4 (beyond).
   */
  public static Dataset<Row> withFurthestStage(Dataset<Row> notePaths, List<Integer> ladder) {
    RequiredColumns.check(notePaths, "withFurthestStage", "impressions", "explore_impressions");
    int[] rungs = ExploreLadder.rungs(ladder);
    Column n = col("explore_impressions");
    return notePaths.withColumn(
        "furthest_stage",
        when(col("impressions").equalTo(0), lit(UNSEEN))
            .when(n.equalTo(0), lit(DISTRIBUTED))
            .when(n.lt(rungs[0]), lit(COLD_START))
            .when(n.equalTo(rungs[0]), lit(COLD_START_COMPLETED))
            .when(n.leq(rungs[1]), lit(PROMOTED_L2))
            .when(n.leq(rungs[2]), lit(PROMOTED_L3))
            .otherwise(lit(PROMOTED_L4)));
  }
}
