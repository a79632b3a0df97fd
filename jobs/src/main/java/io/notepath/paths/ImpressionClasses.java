package io.notepath.paths;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Impression classes of DESIGN §3. The class says which distribution mechanism served the
 * impression: fan (the viewer follows the author, as logged at serve time), explore (algorithmic
 * distribution to non-followers: home_feed or hot_feed), official (an official account's repost)
 * and organic (everything else: search, profile, nearby, share_link, other). Only explore
 * impressions climb the pool ladder.
 */
public final class ImpressionClasses {
  private ImpressionClasses() {}

  public static final String FAN = "fan";
  public static final String EXPLORE = "explore";
  public static final String OFFICIAL = "official";
  public static final String ORGANIC = "organic";

  /** Adds {@code impression_class} (fan, explore, official, organic) from follower and surface. */
  public static Dataset<Row> withImpressionClass(Dataset<Row> impressions) {
    RequiredColumns.check(impressions, "withImpressionClass", "viewer_is_follower", "surface");
    return impressions.withColumn("impression_class", impressionClass());
  }

  /** The class of the current row's impression, from viewer_is_follower and surface. */
  public static Column impressionClass() {
    Column surface = col("surface");
    return when(col("viewer_is_follower"), FAN)
        .when(surface.isin("home_feed", "hot_feed"), EXPLORE)
        .when(surface.equalTo("official"), OFFICIAL)
        .otherwise(ORGANIC);
  }
}
