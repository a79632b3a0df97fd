package io.notepath.paths;

import static io.notepath.paths.PathFixtures.D1;
import static io.notepath.paths.PathFixtures.impression;
import static io.notepath.paths.PathFixtures.impressions;
import static io.notepath.paths.PathFixtures.plus;
import static io.notepath.paths.PathFixtures.t;
import static io.notepath.testing.DatasetAssert.assertSameRows;
import static io.notepath.testing.DatasetAssert.rows;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.notepath.ingest.AcceptedSchemas;
import io.notepath.testing.SparkTest;
import java.time.Instant;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

@SparkTest
class ImpressionClassesTest {
  private static final Instant TS = t("2024-03-01T10:00");

  private static Object[] imp(String id, String surface, boolean follower) {
    return impression(id, "n1", "u-" + id, TS, surface, follower, false, D1);
  }

  @Test
  void classesFollowFollowerThenSurface(SparkSession spark) {
    Dataset<Row> input =
        impressions(
            spark,
            imp("f-home", "home_feed", true),
            imp("f-official", "official", true),
            imp("f-hot", "hot_feed", true),
            imp("x-home", "home_feed", false),
            imp("x-hot", "hot_feed", false),
            imp("x-official", "official", false),
            imp("x-search", "search", false),
            imp("x-share", "share_link", false),
            imp("x-follow", "follow_feed", false));

    Dataset<Row> expected =
        rows(
            spark,
            AcceptedSchemas.IMPRESSIONS.add("impression_class", DataTypes.StringType),
            // a follower is fan on every surface, official included (fan is checked first)
            plus(imp("f-home", "home_feed", true), "fan"),
            plus(imp("f-official", "official", true), "fan"),
            plus(imp("f-hot", "hot_feed", true), "fan"),
            // non-followers on the two algorithmic feeds are explore
            plus(imp("x-home", "home_feed", false), "explore"),
            plus(imp("x-hot", "hot_feed", false), "explore"),
            // non-follower on an official account's repost
            plus(imp("x-official", "official", false), "official"),
            // everything else is organic, follow_feed by a non-follower included
            plus(imp("x-search", "search", false), "organic"),
            plus(imp("x-share", "share_link", false), "organic"),
            plus(imp("x-follow", "follow_feed", false), "organic"));
    assertSameRows(expected, ImpressionClasses.withImpressionClass(input));
  }

  @Test
  void missingColumnIsNamed(SparkSession spark) {
    Dataset<Row> input = impressions(spark, imp("e", "home_feed", true)).drop("surface");
    assertThatThrownBy(() -> ImpressionClasses.withImpressionClass(input))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("withImpressionClass needs columns [surface]");
  }
}
