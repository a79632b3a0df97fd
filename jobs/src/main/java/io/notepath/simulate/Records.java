package io.notepath.simulate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_from_unix_date;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.hex;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.time.ZoneOffset;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The raw records of the four input tables (DESIGN §2), as a platform's loggers would land them:
 * each clean row plus its faulty copies, each with its landing day, rendered as JSON Lines (or
 * typed rows for Parquet). Timestamps are ISO-8601 with an offset, or epoch milliseconds for a
 * share of rows; the choice is per event, so a duplicate copy is byte-identical to its original.
 * Rendering does not depend on the Spark session time zone.
 */
final class Records {
  private Records() {}

  private static final long DAY_MS = 86_400_000L;

  /** Fields of each table, in the order written. */
  static final List<String> NOTE_FIELDS =
      List.of("note_id", "author_id", "published_at", "category", "note_type", "author_followers");

  static final List<String> IMPRESSION_FIELDS =
      List.of(
          "event_id",
          "note_id",
          "viewer_id",
          "ts",
          "surface",
          "viewer_is_follower",
          "viewer_is_new",
          "rec_pool");

  static final List<String> INTERACTION_FIELDS =
      List.of("event_id", "note_id", "user_id", "ts", "action", "impression_id", "dwell_ms");

  static final List<String> PICK_FIELDS = List.of("note_id", "account_id", "picked_at");

  /** Notes as rows of the record shape (key h of (nid, 0, 0), ac 0). */
  static Dataset<Row> selectNoteRows(Dataset<Row> plan, SimulateSettings s) {
    return plan.select(
        new Draws(s.seed()).hash("impression", col("nid"), lit(0), lit(0L)).as("h"),
        lit(Events.NOTES).as("table"),
        col("nid"),
        lit(0).as("kc"),
        lit(0L).as("j"),
        lit(0).as("ac"),
        lit(null).cast("string").as("event_id"),
        col("note_id"),
        col("pub_day"),
        col("day_start_ms"),
        col("published_ms"),
        col("published_ms").as("ts_ms"),
        col("author_id"),
        col("category"),
        col("note_type"),
        col("followers").as("author_followers"));
  }

  /** Official picks of picked notes as rows of the record shape (key h of (nid, 0, 0), ac 9). */
  static Dataset<Row> selectPickRows(Dataset<Row> plan, SimulateSettings s) {
    return plan.filter(col("is_picked"))
        .select(
            new Draws(s.seed()).hash("impression", col("nid"), lit(0), lit(0L)).as("h"),
            lit(Events.OFFICIAL_PICKS).as("table"),
            col("nid"),
            lit(0).as("kc"),
            lit(0L).as("j"),
            lit(9).as("ac"),
            lit(null).cast("string").as("event_id"),
            col("note_id"),
            col("pub_day"),
            col("day_start_ms"),
            col("published_ms"),
            col("picked_ms").as("ts_ms"),
            col("account_id"));
  }

  /**
   * One row per record to write: the clean row (fault {@code clean}, or {@code late} when it lands
   * 1..late-days days late) and its faulty copies (duplicate, malformed, unknown_note, before_publish), each
   * with the event_id, note_id, ts_ms and landing_day it is written with.
   */
  static Dataset<Row> explodeRecords(Dataset<Row> rows, SimulateSettings s, LandingCalendar cal) {
    Draws d = new Draws(s.seed());
    Column[] key = Faults.key();
    long notes = s.totalNotes();
    Dataset<Row> copies =
        Stage.on(rows)
            .with(
                "unknown_note_id",
                when(
                    col("is_unknown_note"),
                    concat(
                        lit("n"),
                        d.below(lit(notes), "unknown-note-id", key).plus(notes).cast("string"))))
            .with("unknown_day", when(col("is_unknown_note"), cal.dayIndex(col("ts_ms"))))
            .with(
                "before_ts",
                when(
                    col("is_before_publish"),
                    col("day_start_ms")
                        .plus(
                            d.below(
                                col("published_ms").minus(col("day_start_ms")), "before-ts", key))))
            .add();
    Column day = col("landing_day");
    Column eventId = col("event_id");
    Column noteId = col("note_id");
    Column ts = col("ts_ms");
    Column variants =
        array(
            variant(
                lit(true),
                when(col("is_late"), "late").otherwise("clean"),
                eventId,
                noteId,
                ts,
                day),
            variant(
                col("is_duplicate"),
                lit("duplicate"),
                eventId,
                noteId,
                ts,
                day.plus(when(col("duplicate_next_day"), 1).otherwise(0))),
            variant(col("is_malformed"), lit("malformed"), eventId, noteId, ts, day),
            variant(
                col("is_unknown_note"),
                lit("unknown_note"),
                concat(eventId, lit("-x")),
                col("unknown_note_id"),
                ts,
                col("unknown_day")),
            variant(
                col("is_before_publish"),
                lit("before_publish"),
                concat(eventId, lit("-b")),
                noteId,
                col("before_ts"),
                col("pub_day")));
    return copies
        .select(col("*"), explode(variants).as("v"))
        .filter(col("v").isNotNull())
        .drop(
            "event_id",
            "note_id",
            "ts_ms",
            "landing_day",
            "unknown_note_id",
            "unknown_day",
            "before_ts")
        .select(col("*"), col("v.*"))
        .drop("v");
  }

  /** (table, dt, value): each record as one JSON line; malformed records garbled. */
  static Dataset<Row> selectJsonLines(
      Dataset<Row> records, SimulateSettings s, LandingCalendar cal) {
    Column table = col("table");
    Column json =
        when(table.equalTo(Events.IMPRESSIONS), impressionJson())
            .when(table.equalTo(Events.INTERACTIONS), interactionJson())
            .when(table.equalTo(Events.NOTES), noteJson())
            .otherwise(pickJson());
    Dataset<Row> rendered = withTimestampText(records, s).withColumn("json", json);
    return rendered.select(
        table,
        cal.dateOf(col("landing_day")).as("dt"),
        when(col("fault").equalTo("malformed"), garbled(s, col("json")))
            .otherwise(col("json"))
            .as("value"));
  }

  /**
   * Typed rows of one table for Parquet (timestamps as text: ISO-8601 or epoch ms digits), with dt.
   */
  static Dataset<Row> selectTypedRows(
      Dataset<Row> records, String table, SimulateSettings s, LandingCalendar cal) {
    Column ts = col("ts_text");
    List<Column> fields =
        switch (table) {
          case Events.IMPRESSIONS ->
              List.of(
                  col("event_id"),
                  col("note_id"),
                  col("viewer_id"),
                  ts.as("ts"),
                  col("surface"),
                  col("viewer_is_follower"),
                  col("viewer_is_new"),
                  col("rec_pool"));
          case Events.INTERACTIONS ->
              List.of(
                  col("event_id"),
                  col("note_id"),
                  col("viewer_id").as("user_id"),
                  ts.as("ts"),
                  col("action"),
                  col("impression_id"),
                  col("dwell_ms"));
          case Events.NOTES ->
              List.of(
                  col("note_id"),
                  col("author_id"),
                  ts.as("published_at"),
                  col("category"),
                  col("note_type"),
                  col("author_followers"));
          default -> List.of(col("note_id"), col("account_id"), ts.as("picked_at"));
        };
    List<Column> out = new java.util.ArrayList<>(fields);
    out.add(cal.dateOf(col("landing_day")).as("dt"));
    return withTimestampText(records.filter(col("table").equalTo(table)), s)
        .select(out.toArray(Column[]::new));
  }

  /**
   * Adds ts_text (ISO-8601 with the chosen offset, or epoch ms digits) and ts_json (the same as a
   * JSON value: a quoted string or a bare number), and rec_pool. The choice of format hangs on the
   * row's key, so a duplicate copy is written identically.
   */
  private static Dataset<Row> withTimestampText(Dataset<Row> records, SimulateSettings s) {
    Draws d = new Draws(s.seed());
    Column[] key = Faults.key();
    List<String> offsets = s.timestampOffsets();
    long[] ms =
        offsets.stream().mapToLong(o -> ZoneOffset.of(o).getTotalSeconds() * 1000L).toArray();
    String[] suffixes = offsets.stream().map(o -> ZoneOffset.of(o).getId()).toArray(String[]::new);
    Column pick = d.below(lit((long) offsets.size()), "offset", key).cast("int").plus(1);
    Column epoch =
        s.epochMsShare() <= 0 ? lit(false) : d.chance(lit(s.epochMsShare()), "epoch", key);
    Column recPool =
        s.logRecPool() ? when(Impressions.isKind(Impressions.EXPLORE), col("level")) : lit(null);
    Dataset<Row> local =
        Stage.on(records)
            .with("is_epoch", epoch)
            .with("local_ms", col("ts_ms").plus(element_at(lit(ms), pick)))
            .with("ts_suffix", element_at(lit(suffixes), pick))
            .with("rec_pool", recPool.cast("int"))
            .add();
    Column msOfDay = pmod(col("local_ms"), lit(DAY_MS));
    // 1HHMMSSmmm: one number whose digits are the clock, cut into pieces below.
    Column clock =
        lit(1_000_000_000L)
            .plus(floor(msOfDay.divide(3_600_000.0)).multiply(10_000_000L))
            .plus(floor(pmod(msOfDay, lit(3_600_000L)).divide(60_000.0)).multiply(100_000L))
            .plus(pmod(msOfDay, lit(60_000L)))
            .cast("string");
    Dataset<Row> parts =
        Stage.on(local)
            .with("clock", clock)
            .with(
                "date_text",
                date_from_unix_date(floor(col("local_ms").divide((double) DAY_MS)).cast("int"))
                    .cast("string"))
            .add();
    Column c = col("clock");
    Column iso =
        concat(
            col("date_text"),
            lit("T"),
            c.substr(2, 2),
            lit(":"),
            c.substr(4, 2),
            lit(":"),
            c.substr(6, 2),
            lit("."),
            c.substr(8, 3),
            col("ts_suffix"));
    Dataset<Row> text =
        parts.withColumn(
            "ts_text", when(col("is_epoch"), col("ts_ms").cast("string")).otherwise(iso));
    return text.withColumn(
            "ts_json",
            when(col("is_epoch"), col("ts_text"))
                .otherwise(concat(lit("\""), col("ts_text"), lit("\""))))
        .drop("is_epoch", "local_ms", "ts_suffix", "clock", "date_text");
  }

  // JSON is assembled by hand: every value is an id, an enum, a number, a boolean or a
  // configured name checked to need no escaping, and concat is far cheaper than to_json.

  private static Column impressionJson() {
    return concat(
        lit("{\"event_id\":\""),
        col("event_id"),
        lit("\",\"note_id\":\""),
        col("note_id"),
        lit("\",\"viewer_id\":\""),
        col("viewer_id"),
        lit("\",\"ts\":"),
        col("ts_json"),
        lit(",\"surface\":\""),
        col("surface"),
        lit("\",\"viewer_is_follower\":"),
        col("viewer_is_follower").cast("string"),
        lit(",\"viewer_is_new\":"),
        col("viewer_is_new").cast("string"),
        optional("rec_pool", col("rec_pool").cast("string"), false),
        lit("}"));
  }

  private static Column interactionJson() {
    return concat(
        lit("{\"event_id\":\""),
        col("event_id"),
        lit("\",\"note_id\":\""),
        col("note_id"),
        lit("\",\"user_id\":\""),
        col("viewer_id"),
        lit("\",\"ts\":"),
        col("ts_json"),
        lit(",\"action\":\""),
        col("action"),
        lit("\""),
        optional("impression_id", col("impression_id"), true),
        optional("dwell_ms", col("dwell_ms").cast("string"), false),
        lit("}"));
  }

  private static Column noteJson() {
    return concat(
        lit("{\"note_id\":\""),
        col("note_id"),
        lit("\",\"author_id\":\""),
        col("author_id"),
        lit("\",\"published_at\":"),
        col("ts_json"),
        lit(",\"category\":\""),
        col("category"),
        lit("\",\"note_type\":\""),
        col("note_type"),
        lit("\",\"author_followers\":"),
        col("author_followers").cast("string"),
        lit("}"));
  }

  private static Column pickJson() {
    return concat(
        lit("{\"note_id\":\""),
        col("note_id"),
        lit("\",\"account_id\":\""),
        col("account_id"),
        lit("\",\"picked_at\":"),
        col("ts_json"),
        lit("}"));
  }

  /** ,"name":value (quoted when a string), or nothing when the value is null. */
  private static Column optional(String name, Column value, boolean quoted) {
    String q = quoted ? "\"" : "";
    return when(value.isNull(), lit(""))
        .otherwise(concat(lit(",\"" + name + "\":" + q), value, lit(q)));
  }

  /**
   * A malformed line: the first half of the record, the record without its closing brace, or a line
   * of garbage — none of them a JSON object, none with a line break.
   */
  private static Column garbled(SimulateSettings s, Column json) {
    Draws d = new Draws(s.seed());
    Column how = d.below(lit(3L), "garble", Faults.key());
    Column half = json.substr(lit(1), floor(length(json).divide(2)).cast("int"));
    Column unclosed = json.substr(lit(1), length(json).minus(1));
    Column garbage = concat(lit("\u00ff\u00fe#corrupt "), hex(d.hash("garbage", Faults.key())));
    return when(how.equalTo(0), half).when(how.equalTo(1), unclosed).otherwise(garbage);
  }

  private static Column variant(
      Column when, Column fault, Column eventId, Column noteId, Column ts, Column day) {
    return when(
        when,
        struct(
            fault.as("fault"),
            eventId.as("event_id"),
            noteId.as("note_id"),
            ts.cast("long").as("ts_ms"),
            day.cast("int").as("landing_day")));
  }
}
