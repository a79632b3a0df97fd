package io.notepath.ingest;

import io.notepath.ingest.Ingest.JudgedTable;
import static io.notepath.ingest.Landing.ABSENT;
import static io.notepath.ingest.Landing.impression;
import static io.notepath.ingest.Landing.interaction;
import static io.notepath.ingest.Landing.note;
import static io.notepath.ingest.Landing.pick;
import static io.notepath.ingest.Landing.raw;
import static io.notepath.testing.DatasetAssert.assertSameRows;
import static io.notepath.testing.DatasetAssert.row;
import static io.notepath.testing.DatasetAssert.rows;
import static org.apache.spark.sql.functions.col;

import io.notepath.config.NotepathSettings;
import io.notepath.testing.SparkTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verdicts of Judge on tiny landings, run through Ingest.judgeAll. Unless a test says otherwise:
 * run date D = 2024-03-10, time zone UTC, window-days 30, dedupe-lookback-days 1, note n1
 * published 2024-03-09T12:00:00Z and landed 2024-03-09.
 */
@SparkTest
class JudgeTest {
  private static final LocalDate D = LocalDate.parse("2024-03-10");
  private static final String DAY = "2024-03-10";
  private static final String TS = "2024-03-10T08:00:00Z";

  private static Landing withNote(Path root) {
    return new Landing(root).json("notes", "2024-03-09", note("n1", "2024-03-09T12:00:00Z"));
  }

  private static JudgedTable judge(SparkSession spark, NotepathSettings s, String table) {
    return Ingest.judgeAll(spark, s, D).get(table);
  }

  private static Dataset<Row> expected(SparkSession spark, Object[]... rows) {
    return rows(spark, Verdicts.schema("event_id"), rows);
  }

  @Test
  void recordTooLargeIsRejectedBeforeParsing(SparkSession spark, @TempDir Path root) {
    // With max-record-bytes = 200, a line of exactly 200 bytes passes and one of 201 does not.
    String atLimit = padded(impression("at-limit", "n1", TS), 200);
    String overLimit = padded(impression("over-limit", "n1", TS), 201);
    NotepathSettings s =
        withNote(root)
            .json("impressions", DAY, atLimit, overLimit)
            .settings("notepath.input.max-record-bytes=200");

    assertSameRows(
        expected(
            spark,
            row(D, "at-limit", "accepted", null, null),
            // Not parsed, so even its event_id is unknown.
            row(D, null, "rejected", "record_too_large", null)),
        Verdicts.of(judge(spark, s, "impressions"), "event_id"));
  }

  @Test
  void recordsThatAreNotOneJsonObjectAreMalformed(SparkSession spark, @TempDir Path root) {
    byte[] garbage = {(byte) 0xff, (byte) 0xfe, 0x00, 0x01, (byte) 0x80, (byte) 0xc3, 0x28, '\n'};
    NotepathSettings s =
        withNote(root)
            .json(
                "impressions",
                DAY,
                "{\"event_id\":\"e1\",\"note_id\":\"n1\",\"vie", // truncated
                "[" + impression("e2", "n1", TS) + "]", // an array, not an object
                "null",
                impression("e3", "n1", TS) + " trailing", // garbage after the object
                "[".repeat(10_000) + "]".repeat(10_000)) // deeper than Jackson's 1000 limit
            .rawFile("impressions", DAY, "part-00001.json", garbage)
            .settings();

    // Six malformed rows; only the trailing-garbage line kept a parsed event_id.
    Object[] malformed = row(D, null, "rejected", "malformed", null);
    assertSameRows(
        expected(
            spark,
            malformed,
            malformed,
            malformed,
            row(D, "e3", "rejected", "malformed", null),
            malformed,
            malformed),
        Verdicts.of(judge(spark, s, "impressions"), "event_id"));
  }

  @Test
  void missingFieldNamesTheFirstMissingRequiredField(SparkSession spark, @TempDir Path root) {
    NotepathSettings s =
        withNote(root)
            .json(
                "impressions",
                DAY,
                impression("m-note", null, TS, "note_id", ABSENT),
                impression("m-viewer", "n1", TS, "viewer_id", ""),
                impression("m-follower", "n1", TS, "viewer_is_follower", null),
                impression("m-two", "n1", ABSENT, "surface", ABSENT),
                impression("m-and-bad", "n1", "garbage", "surface", ABSENT),
                impression(null, "n1", TS, "event_id", ABSENT),
                impression("ok", "n1", TS))
            .settings();

    assertSameRows(
        expected(
            spark,
            row(D, "m-note", "rejected", "missing_field", "note_id"),
            // The empty string counts as missing.
            row(D, "m-viewer", "rejected", "missing_field", "viewer_id"),
            row(D, "m-follower", "rejected", "missing_field", "viewer_is_follower"),
            // ts and surface missing: ts comes first in contract order.
            row(D, "m-two", "rejected", "missing_field", "ts"),
            // Missing is checked before bad values.
            row(D, "m-and-bad", "rejected", "missing_field", "surface"),
            row(D, null, "rejected", "missing_field", "event_id"),
            // Optional viewer_is_new and rec_pool absent: fine.
            row(D, "ok", "accepted", null, null)),
        Verdicts.of(judge(spark, s, "impressions"), "event_id"));
  }

  @Test
  void badValueNamesTheFirstUnparseableField(SparkSession spark, @TempDir Path root) {
    NotepathSettings s =
        withNote(root)
            .json(
                "impressions",
                DAY,
                impression("b-surface", "n1", TS, "surface", "carousel"),
                impression("b-ts-text", "n1", "yesterday"),
                impression("b-ts-negative", "n1", -5),
                impression("b-ts-huge", "n1", raw("123456789012345678901234567890")),
                impression("b-ts-fraction", "n1", raw("1710057600000.5")),
                impression("b-ts-month", "n1", "2024-13-10T08:00:00Z"),
                impression("b-follower", "n1", TS, "viewer_is_follower", "yes"),
                impression("b-new", "n1", TS, "viewer_is_new", 1),
                impression("b-pool", "n1", TS, "rec_pool", 2.5),
                impression("b-pool-overflow", "n1", TS, "rec_pool", 3_000_000_000L),
                impression("b-note-object", raw("{\"id\":\"n1\"}"), TS),
                impression("b-viewer-array", "n1", TS, "viewer_id", raw("[1, 2]")),
                impression("b-first", "n1", TS, "surface", "x", "rec_pool", "y"),
                impression(
                    "ok-strings",
                    "n1",
                    TS,
                    "viewer_is_follower",
                    "true",
                    "viewer_is_new",
                    "false",
                    "rec_pool",
                    "3"))
            .settings();

    assertSameRows(
        expected(
            spark,
            row(D, "b-surface", "rejected", "bad_value", "surface"),
            row(D, "b-ts-text", "rejected", "bad_value", "ts"),
            row(D, "b-ts-negative", "rejected", "bad_value", "ts"),
            row(D, "b-ts-huge", "rejected", "bad_value", "ts"),
            row(D, "b-ts-fraction", "rejected", "bad_value", "ts"),
            row(D, "b-ts-month", "rejected", "bad_value", "ts"),
            row(D, "b-follower", "rejected", "bad_value", "viewer_is_follower"),
            row(D, "b-new", "rejected", "bad_value", "viewer_is_new"),
            row(D, "b-pool", "rejected", "bad_value", "rec_pool"),
            row(D, "b-pool-overflow", "rejected", "bad_value", "rec_pool"),
            // A nested object or array in an id field arrives as its JSON text.
            row(D, "b-note-object", "rejected", "bad_value", "note_id"),
            row(D, "b-viewer-array", "rejected", "bad_value", "viewer_id"),
            // surface and rec_pool both bad: surface comes first in contract order.
            row(D, "b-first", "rejected", "bad_value", "surface"),
            // Booleans and integers given as JSON strings are accepted.
            row(D, "ok-strings", "accepted", null, null)),
        Verdicts.of(judge(spark, s, "impressions"), "event_id"));
  }

  @Test
  void absurdTimestampsAreBadValues(SparkSession spark, @TempDir Path root) {
    // Range: [2000-01-01T00:00:00Z, end of landing day 2024-03-11T00:00Z + 1d = 2024-03-12T00:00Z].
    NotepathSettings s =
        withNote(root)
            .json(
                "impressions",
                DAY,
                impression("before-min", "n1", "1999-12-31T23:59:59.999Z"),
                impression("at-max", "n1", "2024-03-12T00:00:00Z"),
                impression("after-max", "n1", "2024-03-12T00:00:00.001Z"),
                impression("far-future-epoch", "n1", 99_999_999_999_999L))
            .json("notes", "2024-03-08", note("n0", "2000-01-01T00:00:00Z"))
            .json("impressions", "2024-03-09", impression("at-min", "n0", "2000-01-01T00:00:00Z"))
            .settings("notepath.stages.window-days=10000", "notepath.input.max-late-days=10000");

    assertSameRows(
        expected(
            spark,
            row(D, "before-min", "rejected", "bad_value", "ts"),
            row(D, "at-max", "accepted", null, null),
            row(D, "after-max", "rejected", "bad_value", "ts"),
            // 99999999999999 ms is in the year 5138.
            row(D, "far-future-epoch", "rejected", "bad_value", "ts"),
            row(D.minusDays(1), "at-min", "accepted", null, null)),
        Verdicts.of(judge(spark, s, "impressions"), "event_id"));
  }

  @Test
  void endOfLandingDayIsTakenInTheConfiguredTimeZone(SparkSession spark, @TempDir Path root) {
    // In Asia/Shanghai the landing day 2024-03-10 ends at 2024-03-10T16:00:00Z; with
    // max-future-skew 0 that is the latest acceptable ts.
    NotepathSettings s =
        withNote(root)
            .json(
                "impressions",
                DAY,
                impression("at-end", "n1", "2024-03-11T00:00:00+08:00"),
                impression("after-end", "n1", "2024-03-10T16:00:00.001Z"))
            .settings("notepath.time-zone=Asia/Shanghai", "notepath.input.max-future-skew=0s");

    assertSameRows(
        expected(
            spark,
            row(D, "at-end", "accepted", null, null),
            row(D, "after-end", "rejected", "bad_value", "ts")),
        Verdicts.of(judge(spark, s, "impressions"), "event_id"));
  }

  @Test
  void isoWithoutOffsetIsRejected(SparkSession spark, @TempDir Path root) {
    NotepathSettings s =
        withNote(root)
            .json(
                "impressions",
                DAY,
                impression("no-offset", "n1", "2024-03-10T08:00:00"),
                impression("space", "n1", "2024-03-10 08:00:00Z"),
                impression("offset-without-colon", "n1", "2024-03-10T08:00:00+0800"),
                impression("date-only", "n1", "2024-03-10"))
            .settings();

    Object[][] bad = {
      row(D, "no-offset", "rejected", "bad_value", "ts"),
      row(D, "space", "rejected", "bad_value", "ts"),
      row(D, "offset-without-colon", "rejected", "bad_value", "ts"),
      row(D, "date-only", "rejected", "bad_value", "ts")
    };
    assertSameRows(expected(spark, bad), Verdicts.of(judge(spark, s, "impressions"), "event_id"));
  }

  @Test
  void epochMillisAndIsoWithOffsetGiveTheSameInstant(SparkSession spark, @TempDir Path root) {
    // 1710057600000 ms = 2024-03-10T08:00:00Z.
    NotepathSettings s =
        withNote(root)
            .json(
                "impressions",
                DAY,
                impression("iso-z", "n1", "2024-03-10T08:00:00Z"),
                impression("epoch-number", "n1", 1_710_057_600_000L),
                impression("epoch-string", "n1", "1710057600000"),
                impression("iso-plus8", "n1", "2024-03-10T16:00:00+08:00"),
                impression("iso-minus5", "n1", "2024-03-10T03:00:00.000-05:00"),
                impression("iso-fraction", "n1", "2024-03-10T08:00:00.25Z"),
                impression("epoch-fraction", "n1", 1_710_057_600_250L))
            .settings();

    Dataset<Row> actual =
        judge(spark, s, "impressions")
            .accepted()
            .select(col("event_id"), col("ts"), col("event_date"));

    Timestamp eight = Timestamp.from(Instant.parse("2024-03-10T08:00:00Z"));
    Timestamp quarter = Timestamp.from(Instant.parse("2024-03-10T08:00:00.250Z"));
    StructType schema =
        new StructType()
            .add("event_id", DataTypes.StringType)
            .add("ts", DataTypes.TimestampType)
            .add("event_date", DataTypes.DateType);
    assertSameRows(
        rows(
            spark,
            schema,
            row("iso-z", eight, D),
            row("epoch-number", eight, D),
            row("epoch-string", eight, D),
            row("iso-plus8", eight, D),
            row("iso-minus5", eight, D),
            row("iso-fraction", quarter, D),
            row("epoch-fraction", quarter, D)),
        actual);
  }

  @Test
  void duplicatesWithinTheDayAndTheLookbackAreDropped(SparkSession spark, @TempDir Path root) {
    NotepathSettings s =
        new Landing(root)
            .json("notes", "2024-03-07", note("n1", "2024-03-07T00:00:00Z"))
            .json(
                "impressions",
                "2024-03-08",
                impression("e1", "n1", "2024-03-08T10:00:00Z"),
                impression("e3", "n1", "2024-03-08T10:00:00Z"),
                impression("e5", "n1", "garbage"))
            .json(
                "impressions",
                "2024-03-09",
                impression("e1", "n1", "2024-03-08T10:00:00Z"),
                impression("e2", "n1", "2024-03-09T11:00:00Z"),
                impression("e2", "n1", "2024-03-09T10:00:00Z"))
            .json(
                "impressions",
                DAY,
                impression("e3", "n1", "2024-03-08T10:00:00Z"),
                impression("e2", "n1", "2024-03-09T10:00:00Z"),
                impression("e4", "n1", TS, "rec_pool", 2),
                impression("e4", "n1", TS, "rec_pool", 1),
                impression("e5", "n1", TS))
            .settings();
    JudgedTable judged = judge(spark, s, "impressions");

    LocalDate d8 = LocalDate.parse("2024-03-08");
    LocalDate d9 = LocalDate.parse("2024-03-09");
    assertSameRows(
        rows(
            spark,
            Verdicts.schema("event_id", "ts", "rec_pool"),
            row(d8, "e1", "2024-03-08T10:00:00Z", null, "accepted", null, null),
            row(d8, "e3", "2024-03-08T10:00:00Z", null, "accepted", null, null),
            row(d8, "e5", "garbage", null, "rejected", "bad_value", "ts"),
            // Copy landed one day after the accepted one: inside the 1-day lookback.
            row(d9, "e1", "2024-03-08T10:00:00Z", null, "duplicate", null, null),
            // Two copies the same day: the earlier ts wins.
            row(d9, "e2", "2024-03-09T11:00:00Z", null, "duplicate", null, null),
            row(d9, "e2", "2024-03-09T10:00:00Z", null, "accepted", null, null),
            // Two days after the 03-08 copy: outside the lookback, kept again.
            row(D, "e3", "2024-03-08T10:00:00Z", null, "accepted", null, null),
            row(D, "e2", "2024-03-09T10:00:00Z", null, "duplicate", null, null),
            // Same ts: the raw record decides ("...rec_pool":1}" sorts before "...:2}").
            row(D, "e4", TS, "2", "duplicate", null, null),
            row(D, "e4", TS, "1", "accepted", null, null),
            // The 03-08 copy of e5 was not well-formed, so it does not count.
            row(D, "e5", TS, null, "accepted", null, null)),
        Verdicts.of(judged, "event_id", "ts", "rec_pool"));
  }

  @Test
  void notesKeepTheEarliestLandedCopy(SparkSession spark, @TempDir Path root) {
    NotepathSettings s =
        new Landing(root)
            .json("notes", "2024-01-01", note("n1", "2024-01-01T00:00:00Z"))
            .json(
                "notes",
                DAY,
                // 69 days later: notes have no lookback limit.
                note("n1", "2024-01-01T00:00:00Z"),
                note("n2", "2024-03-10T01:00:00Z"),
                note("n2", "2024-03-10T00:30:00Z"))
            .settings();

    assertSameRows(
        rows(
            spark,
            Verdicts.schema("note_id", "published_at"),
            row(D.minusDays(69), "n1", "2024-01-01T00:00:00Z", "accepted", null, null),
            row(D, "n1", "2024-01-01T00:00:00Z", "duplicate", null, null),
            row(D, "n2", "2024-03-10T01:00:00Z", "duplicate", null, null),
            row(D, "n2", "2024-03-10T00:30:00Z", "accepted", null, null)),
        Verdicts.of(judge(spark, s, "notes"), "note_id", "published_at"));
  }

  @Test
  void officialPicksAreKeyedByNoteAccountAndTime(SparkSession spark, @TempDir Path root) {
    NotepathSettings s =
        withNote(root)
            .json(
                "official_picks",
                DAY,
                pick("n1", "food_official", "2024-03-10T01:00:00Z"),
                pick("n1", "food_official", "2024-03-10T01:00:00Z"),
                pick("n1", "food_official", "2024-03-10T02:00:00Z"),
                pick("n1", "life_official", "2024-03-10T01:00:00Z"))
            .settings();

    assertSameRows(
        rows(
            spark,
            Verdicts.schema("account_id", "picked_at"),
            row(D, "food_official", "2024-03-10T01:00:00Z", "accepted", null, null),
            row(D, "food_official", "2024-03-10T01:00:00Z", "duplicate", null, null),
            row(D, "food_official", "2024-03-10T02:00:00Z", "accepted", null, null),
            row(D, "life_official", "2024-03-10T01:00:00Z", "accepted", null, null)),
        Verdicts.of(judge(spark, s, "official_picks"), "account_id", "picked_at"));
  }

  @Test
  void unknownNoteDependsOnWhenTheNoteLanded(SparkSession spark, @TempDir Path root) {
    // Run date 2024-03-11: n1 landed 03-10, n2 landed 03-11, n9 never.
    NotepathSettings s =
        new Landing(root)
            .json("notes", DAY, note("n1", "2024-03-10T00:00:00Z"))
            .json("notes", "2024-03-11", note("n2", "2024-03-10T00:00:00Z"))
            .json(
                "impressions",
                DAY,
                impression("e1", "n1", TS),
                impression("e2", "n2", TS),
                impression("e3", "n9", TS))
            .json(
                "impressions",
                "2024-03-11",
                impression("e2", "n2", TS),
                impression("e4", "n2", "2024-03-11T08:00:00Z"))
            .json("official_picks", DAY, pick("n9", "food_official", TS))
            .settings();
    var judged = Ingest.judgeAll(spark, s, D.plusDays(1));

    LocalDate d11 = D.plusDays(1);
    assertSameRows(
        expected(
            spark,
            // Note landed the same day as the event: known.
            row(D, "e1", "accepted", null, null),
            // Note landed the day after the event: unknown to the event's day, forever.
            row(D, "e2", "rejected", "unknown_note", "note_id"),
            row(D, "e3", "rejected", "unknown_note", "note_id"),
            // A copy of e2 landed within the lookback: duplicates are decided before notes.
            row(d11, "e2", "duplicate", null, null),
            row(d11, "e4", "accepted", null, null)),
        Verdicts.of(judged.get("impressions"), "event_id"));
    assertSameRows(
        rows(
            spark,
            Verdicts.schema("note_id"),
            row(D, "n9", "rejected", "unknown_note", "note_id")),
        Verdicts.of(judged.get("official_picks"), "note_id"));
  }

  @Test
  void eventsBeforePublishAreRejected(SparkSession spark, @TempDir Path root) {
    NotepathSettings s =
        withNote(root)
            .json(
                "impressions",
                DAY,
                impression("early", "n1", "2024-03-09T11:59:59.999Z"),
                impression("at-publish", "n1", "2024-03-09T12:00:00Z"))
            .json("interactions", DAY, interaction("i-early", "n1", "2024-03-09T11:00:00Z"))
            .json("official_picks", DAY, pick("n1", "food_official", "2024-03-09T11:00:00Z"))
            .settings();
    var judged = Ingest.judgeAll(spark, s, D);

    assertSameRows(
        expected(
            spark,
            row(D, "early", "rejected", "before_publish", "ts"),
            row(D, "at-publish", "accepted", null, null)),
        Verdicts.of(judged.get("impressions"), "event_id"));
    assertSameRows(
        expected(spark, row(D, "i-early", "rejected", "before_publish", "ts")),
        Verdicts.of(judged.get("interactions"), "event_id"));
    assertSameRows(
        rows(
            spark,
            Verdicts.schema("note_id"),
            row(D, "n1", "rejected", "before_publish", "picked_at")),
        Verdicts.of(judged.get("official_picks"), "note_id"));
  }

  @Test
  void eventsLandingAfterMaxLateDaysAreTooLate(SparkSession spark, @TempDir Path root) {
    // max-late-days 3: an event landed 03-10 must be dated on or after 03-10 - 3 = 03-07.
    NotepathSettings s =
        new Landing(root)
            .json("notes", "2024-03-01", note("n1", "2024-03-01T00:00:00Z"))
            .json(
                "impressions",
                DAY,
                impression("in-time", "n1", "2024-03-07T00:00:00Z"),
                impression("late", "n1", "2024-03-06T23:59:59Z"),
                // Unknown note and too late: the earlier check wins.
                impression("late-unknown", "n9", "2024-03-06T23:59:59Z"))
            .json("official_picks", DAY, pick("n1", "food_official", "2024-03-06T00:00:00Z"))
            .settings("notepath.input.max-late-days=3");
    var judged = Ingest.judgeAll(spark, s, D);

    assertSameRows(
        expected(
            spark,
            row(D, "in-time", "accepted", null, null),
            row(D, "late", "rejected", "too_late", "ts"),
            row(D, "late-unknown", "rejected", "unknown_note", "note_id")),
        Verdicts.of(judged.get("impressions"), "event_id"));
    assertSameRows(
        rows(spark, Verdicts.schema("note_id"), row(D, "n1", "rejected", "too_late", "picked_at")),
        Verdicts.of(judged.get("official_picks"), "note_id"));
  }

  @Test
  void notesFieldsAreChecked(SparkSession spark, @TempDir Path root) {
    NotepathSettings s =
        new Landing(root)
            .json(
                "notes",
                DAY,
                note("ok", "2024-03-10T00:00:00Z"),
                note("video", "2024-03-10T00:00:00Z", "note_type", "video", "author_followers", 0),
                note("no-category", "2024-03-10T00:00:00Z", "category", ABSENT),
                note("category-object", "2024-03-10T00:00:00Z", "category", raw("{\"a\":1}")),
                note("gif", "2024-03-10T00:00:00Z", "note_type", "gif"),
                note("negative", "2024-03-10T00:00:00Z", "author_followers", -5),
                note("no-offset", "2024-03-10T00:00:00"))
            .settings();
    JudgedTable notes = judge(spark, s, "notes");

    assertSameRows(
        rows(
            spark,
            Verdicts.schema("note_id"),
            row(D, "ok", "accepted", null, null),
            row(D, "video", "accepted", null, null),
            row(D, "no-category", "rejected", "missing_field", "category"),
            row(D, "category-object", "rejected", "bad_value", "category"),
            row(D, "gif", "rejected", "bad_value", "note_type"),
            row(D, "negative", "rejected", "bad_value", "author_followers"),
            row(D, "no-offset", "rejected", "bad_value", "published_at")),
        Verdicts.of(notes, "note_id"));
    Timestamp midnight = Timestamp.from(Instant.parse("2024-03-10T00:00:00Z"));
    // note_type defaults to image; author_followers stays null when absent.
    assertSameRows(
        rows(
            spark,
            AcceptedSchemas.NOTES,
            row("ok", "a1", midnight, "food", "image", null, D, D),
            row("video", "a1", midnight, "food", "video", 0L, D, D)),
        notes.accepted());
  }

  @Test
  void interactionsFieldsAreChecked(SparkSession spark, @TempDir Path root) {
    NotepathSettings s =
        withNote(root)
            .json(
                "interactions",
                DAY,
                interaction("ok", "n1", TS, "impression_id", "", "dwell_ms", 1500),
                interaction("with-impression", "n1", TS, "impression_id", "e7", "action", "open"),
                interaction("love", "n1", TS, "action", "love"),
                interaction("dwell", "n1", TS, "dwell_ms", "long"),
                interaction("no-user", "n1", TS, "user_id", ABSENT))
            .settings();
    JudgedTable interactions = judge(spark, s, "interactions");

    assertSameRows(
        expected(
            spark,
            row(D, "ok", "accepted", null, null),
            row(D, "with-impression", "accepted", null, null),
            row(D, "love", "rejected", "bad_value", "action"),
            row(D, "dwell", "rejected", "bad_value", "dwell_ms"),
            row(D, "no-user", "rejected", "missing_field", "user_id")),
        Verdicts.of(interactions, "event_id"));
    Timestamp ts = Timestamp.from(Instant.parse(TS));
    // An empty impression_id is missing: null.
    assertSameRows(
        rows(
            spark,
            AcceptedSchemas.INTERACTIONS,
            row("ok", "n1", "u1", ts, "like", null, 1500L, D, D),
            row("with-impression", "n1", "u1", ts, "open", "e7", null, D, D)),
        interactions.accepted());
  }

  /** Pads the viewer_id of an impression line so the line is exactly {@code bytes} long. */
  private static String padded(String line, int bytes) {
    int pad = bytes - line.getBytes(StandardCharsets.UTF_8).length;
    return line.replace("\"viewer_id\":\"v1\"", "\"viewer_id\":\"v1" + "x".repeat(pad) + "\"");
  }
}
