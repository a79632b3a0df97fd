package io.notepath.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

@SparkTest
class SharedSparkSessionTest {

  @Test
  void ansiModeStaysOn(SparkSession spark) {
    assertThat(spark.conf().get("spark.sql.ansi.enabled")).isEqualTo("true");
    assertThatThrownBy(() -> spark.sql("SELECT CAST('abc' AS INT)").collect())
        .hasMessageContaining("CAST_INVALID_INPUT");
  }

  @Test
  void sameSessionEveryTime(SparkSession spark) {
    assertThat(SharedSparkSession.session()).isSameAs(spark);
  }
}
