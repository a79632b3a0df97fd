package io.notepath.paths;

import static io.notepath.testing.DatasetAssert.assertSameRows;
import static io.notepath.testing.DatasetAssert.row;
import static io.notepath.testing.DatasetAssert.rows;
import static org.apache.spark.sql.functions.spark_partition_id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.notepath.testing.SparkTest;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

@SparkTest
class NoteJoinsTest {
  private static final StructType EVENTS =
      new StructType()
          .add("event_id", DataTypes.StringType)
          .add("note_id", DataTypes.StringType)
          .add("x", DataTypes.IntegerType);
  private static final StructType PER_NOTE =
      new StructType().add("note_id", DataTypes.StringType).add("y", DataTypes.StringType);

  @Test
  void everyEventGetsItsNotesColumnsOnce(SparkSession spark) {
    Dataset<Row> events =
        rows(
            spark,
            EVENTS,
            row("e1", "n1", 1),
            row("e2", "n1", 2),
            row("e3", "n2", 3),
            row("e4", "nx", 4));
    Dataset<Row> perNote =
        rows(spark, PER_NOTE, row("n1", "one"), row("n2", "two"), row("n3", "three"));

    Dataset<Row> actual = NoteJoins.withNoteColumns(events, perNote);

    // events' columns first, in their order, then the per-note ones; one row per event (the
    // salt copies never multiply an event); nx has no note row -> null y; n3 has no event -> absent
    assertThat(actual.columns()).containsExactly("event_id", "note_id", "x", "y");
    assertSameRows(
        rows(
            spark,
            EVENTS.add("y", DataTypes.StringType),
            row("e1", "n1", 1, "one"),
            row("e2", "n1", 2, "one"),
            row("e3", "n2", 3, "two"),
            row("e4", "nx", 4, null)),
        actual);
  }

  @Test
  void oneNotesEventsSpreadOverTasks(SparkSession spark) {
    // 64 events of one note: a plain note_id join would put them all in one partition. With
    // AQE off (so small partitions are not coalesced) and 2 shuffle partitions, the salted join
    // spreads them over both.
    List<Object[]> list = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      list.add(row("e" + i, "viral", i));
    }

    Dataset<Row> events = rows(spark, EVENTS, list.toArray(Object[][]::new));
    Dataset<Row> perNote = rows(spark, PER_NOTE, row("viral", "v"));
    String aqe = spark.conf().get("spark.sql.adaptive.enabled");
    String broadcast = spark.conf().get("spark.sql.autoBroadcastJoinThreshold");
    try {
      spark.conf().set("spark.sql.adaptive.enabled", "false");
      spark.conf().set("spark.sql.autoBroadcastJoinThreshold", "-1");
      long partitions =
          NoteJoins.withNoteColumns(events, perNote)
              .select(spark_partition_id().as("p"))
              .distinct()
              .count();
      assertThat(partitions).isEqualTo(2);
    } finally {
      spark.conf().set("spark.sql.adaptive.enabled", aqe);
      spark.conf().set("spark.sql.autoBroadcastJoinThreshold", broadcast);
    }
  }

  @Test
  void saltedEventsKeepTheirSaltForTheNextJoin(SparkSession spark) {
    // impressions are salted once so the notes join and the ladder join share one shuffle: the
    // salt survives the first join when the caller added it, and is dropped when it did not
    Dataset<Row> events = rows(spark, EVENTS, row("e1", "n1", 1));
    Dataset<Row> perNote = rows(spark, PER_NOTE, row("n1", "one"));
    StructType secondSchema =
        new StructType().add("note_id", DataTypes.StringType).add("z", DataTypes.StringType);
    Dataset<Row> second = rows(spark, secondSchema, row("n1", "zed"));

    Dataset<Row> twice =
        NoteJoins.withNoteColumns(
            NoteJoins.withNoteColumns(NoteJoins.withSalt(events), perNote), second);

    assertThat(twice.columns())
        .containsExactly("event_id", "note_id", "x", NoteJoins.SALT, "y", "z");
    assertThat(NoteJoins.withNoteColumns(events, perNote).columns())
        .containsExactly("event_id", "note_id", "x", "y");
    assertThat(twice.select("y", "z").collectAsList())
        .containsExactly(RowFactory.create("one", "zed"));
  }

  @Test
  void eventsNeedAnEventId(SparkSession spark) {
    Dataset<Row> events = rows(spark, EVENTS, row("e1", "n1", 1)).drop("event_id");
    Dataset<Row> perNote = rows(spark, PER_NOTE, row("n1", "one"));
    assertThatThrownBy(() -> NoteJoins.withNoteColumns(events, perNote))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("withNoteColumns (events) needs columns [event_id]");
  }
}
