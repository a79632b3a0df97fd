package io.notepath.simulate;

import static io.notepath.testing.DatasetAssert.assertSameRows;
import static io.notepath.testing.DatasetAssert.row;
import static io.notepath.testing.DatasetAssert.rows;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.notepath.testing.SparkTest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

@SparkTest
class LandingCalendarTest {

  @Test
  void daysFollowTheZonesClockAcrossDaylightSaving(SparkSession spark) {
    // New York, start 2024-03-09: 03-09 starts 05:00Z (EST), 03-10 starts 05:00Z, 03-11 starts
    // 04:00Z (EDT since 03-10 02:00), so 03-10 lasts 23 h. 2024-03-11T04:30Z is 00:30 on 03-11
    // (day 2), though 47.5 h after the start is less than two 24 h days.
    SimulateSettings s =
        SimulateFixtures.settings(
            "notepath.time-zone=America/New_York", "notepath.simulate.start-date=2024-03-09");
    LandingCalendar cal = new LandingCalendar(s);
    assertThat(cal.publishDayStarts(2))
        .containsExactly(1709960400000L, 1710046800000L, 1710129600000L);
    StructType schema = new StructType().add("ts_ms", DataTypes.LongType);
    Dataset<Row> ts =
        rows(
            spark,
            schema,
            row(1709960400000L), // 03-09 00:00 EST -> day 0
            row(1710046799999L), // 03-09 23:59:59.999 EST -> day 0
            row(1710046800000L), // 03-10 00:00 EST -> day 1
            row(1710129599999L), // 03-10 23:59:59.999 EDT -> day 1
            row(1710131400000L)); // 03-11 00:30 EDT -> day 2
    Dataset<Row> days =
        ts.select(
            col("ts_ms"),
            cal.dayIndex(col("ts_ms")).as("day"),
            cal.dateOf(cal.dayIndex(col("ts_ms"))).as("dt"));
    StructType out =
        new StructType()
            .add("ts_ms", DataTypes.LongType)
            .add("day", DataTypes.IntegerType)
            .add("dt", DataTypes.StringType);
    assertSameRows(
        rows(
            spark,
            out,
            row(1709960400000L, 0, "2024-03-09"),
            row(1710046799999L, 0, "2024-03-09"),
            row(1710046800000L, 1, "2024-03-10"),
            row(1710129599999L, 1, "2024-03-10"),
            row(1710131400000L, 2, "2024-03-11")),
        days);
    // 2 publish days + 6-day window + 2 spare days = 10 landing days, 03-09 .. 03-18.
    assertThat(cal.landingDays()).isEqualTo(10);
    assertThat(cal.date(9)).isEqualTo("2024-03-18");
  }
}
