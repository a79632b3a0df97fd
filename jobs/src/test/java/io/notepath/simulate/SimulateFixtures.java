package io.notepath.simulate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.json_object_keys;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.when;

import io.notepath.config.SettingsLoader;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A small simulated platform for tests (a few hundred notes, a short ladder and window so every
 * stage is reached), and readers of what the simulator wrote.
 */
final class SimulateFixtures {
  private SimulateFixtures() {}

  /**
   * 2 days x 150 notes, ladder [5, 20, 60], 6-day window, one viral note of 3000 explore
   * impressions split into chunks of 500; the rest of notepath.simulate.* at its defaults.
   */
  static SimulateSettings settings(String... overrides) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "notepath.stages.pool-ladder=[5,20,60]",
                "notepath.stages.window-days=6",
                "notepath.simulate.days=2",
                "notepath.simulate.notes-per-day=150",
                "notepath.simulate.users=3000",
                "notepath.simulate.authors=60",
                "notepath.simulate.explore.pool-hours=[4,12,24,48]",
                "notepath.simulate.explore.level4-min=100",
                "notepath.simulate.explore.level4-max=1000",
                "notepath.simulate.fan.hours=24",
                "notepath.simulate.official.impressions=30",
                "notepath.simulate.official.hours=24",
                "notepath.simulate.official.pick-share=0.5",
                "notepath.simulate.organic.days=6",
                "notepath.simulate.viral.notes=1",
                "notepath.simulate.viral.impressions=3000",
                "notepath.simulate.chunk-size=500",
                "notepath.simulate.partitions=2"));
    all.addAll(List.of(overrides));
    return SimulateSettings.from(SettingsLoader.load(null, all));
  }

  /** Every line of a JSON table: value, dt (from the path) and whether it is a JSON object. */
  static Dataset<Row> lines(SparkSession spark, String root, String table) {
    return spark
        .read()
        .text(root + "/" + table)
        .select(
            col("value"),
            regexp_extract(input_file_name(), "dt=([0-9-]+)", 1).as("dt"),
            json_object_keys(col("value")).isNotNull().as("is_object"));
  }

  /** Lines that are JSON objects, with the named fields as strings and ts parsed. */
  static Dataset<Row> parsed(
      SparkSession spark, String root, String table, String tsField, String... fields) {
    List<Column> cols = new ArrayList<>();
    cols.add(col("dt"));
    cols.add(col("value"));
    for (String f : fields) {
      cols.add(get_json_object(col("value"), "$." + f).as(f));
    }

    Column raw = get_json_object(col("value"), "$." + tsField);
    cols.add(
        when(raw.rlike("^[0-9]+$"), timestamp_millis(raw.cast("long")))
            .otherwise(to_timestamp(raw))
            .as(tsField));
    return lines(spark, root, table).filter(col("is_object")).select(cols.toArray(Column[]::new));
  }

  /** The explore level of a 1-based explore rank under a ladder (DESIGN §3). */
  static Column level(Column rank, int[] ladder) {
    return when(rank.leq(ladder[0]), 1)
        .when(rank.leq(ladder[1]), 2)
        .when(rank.leq(ladder[2]), 3)
        .otherwise(4);
  }
}
