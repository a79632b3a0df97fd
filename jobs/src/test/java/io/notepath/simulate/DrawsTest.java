package io.notepath.simulate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.assertj.core.api.Assertions.assertThat;

import io.notepath.testing.SparkTest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

@SparkTest
class DrawsTest {

  @Test
  void saltIdsAreFnv1a() {
    // FNV-1a 64 of "" is the offset basis; of "a" the published test vector.
    assertThat(Draws.saltId("")).isEqualTo(0xcbf29ce484222325L);
    assertThat(Draws.saltId("a")).isEqualTo(0xaf63dc4c8601ec8cL);
  }

  @Test
  void drawsDependOnlyOnTheirKeys(SparkSession spark) {
    Draws d = new Draws(7);
    Dataset<Row> ids = spark.range(0, 20_000, 1, 4).toDF();
    Dataset<Row> drawn =
        ids.select(
            col("id"),
            d.uniform("u", col("id")).as("u"),
            d.below(lit(6L), "b", col("id")).as("b"),
            d.uniform("u", col("id")).equalTo(d.uniform("v", col("id"))).as("same_salt"));
    Row range = drawn.agg(min("u"), max("u"), min("b"), max("b")).first();
    assertThat(range.getDouble(0)).isGreaterThanOrEqualTo(0.0);
    assertThat(range.getDouble(1)).isLessThan(1.0);
    assertThat(range.getLong(2)).isEqualTo(0L);
    assertThat(range.getLong(3)).isEqualTo(5L);
    assertThat(drawn.filter(col("same_salt")).count()).isZero();
    // Same keys, other partitioning: same values.
    Dataset<Row> again =
        spark.range(0, 20_000, 1, 3).toDF().select(col("id"), d.uniform("u", col("id")).as("u"));
    assertThat(drawn.select("id", "u").exceptAll(again).count()).isZero();
  }

  @Test
  void viralNotesSpreadEvenly() {
    // floor((k + 0.5) x 300 / 4) for k = 0..3.
    SimulateSettings s = SimulateFixtures.settings("notepath.simulate.viral.notes=4");
    assertThat(NotePlans.viralIds(s)).containsExactly(37L, 112L, 187L, 262L);
    // Pool 1 of 5 impressions served over 4 h: one every 2,880,000 ms.
    assertThat(NotePlans.step(s, 1, 5)).isEqualTo(2_880_000L);
  }
}
