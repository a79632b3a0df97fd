package io.notepath.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.dayofmonth;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_timestamp;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;
import static org.apache.spark.sql.functions.year;

import io.notepath.config.NotepathSettings;
import io.notepath.ingest.InputContract.Field;
import io.notepath.ingest.InputContract.TableContract;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Gives every raw row exactly one outcome — accepted, duplicate or rejected with a reason — so
 * that input = accepted + duplicates + rejected holds by construction.
 *
 * <p>Checks run in a fixed order and the first failing one decides: record_too_large, malformed,
 * missing_field, bad_value (the row on its own); then de-duplication among the rows that passed;
 * then, for event tables, unknown_note, before_publish, too_late (the row against notes and its
 * landing date). Every rule looks only at data landed at or before the row's own dt, so re-judging
 * an old partition in a later run gives the same verdict.
 *
 * <p>Skew: de-duplication partitions by the dedupe key (event ids are not skewed; rows that failed
 * earlier checks are spread by a hash of their record instead of piling up under a null key). The
 * check against notes is a join with one row per note, which AQE's skew-join handling splits when a
 * viral note makes one join key huge; no step needs a note's impressions in one task.
 */
public final class Judge {
  public static final String ACCEPTED = "accepted";
  public static final String DUPLICATE = "duplicate";
  public static final String REJECTED = "rejected";

  public static final String RECORD_TOO_LARGE = "record_too_large";
  public static final String MALFORMED = "malformed";
  public static final String MISSING_FIELD = "missing_field";
  public static final String BAD_VALUE = "bad_value";
  public static final String UNKNOWN_NOTE = "unknown_note";
  public static final String BEFORE_PUBLISH = "before_publish";
  public static final String TOO_LATE = "too_late";

  /** Every reject reason, in the order the checks run. */
  public static final List<String> REASONS =
      List.of(
          RECORD_TOO_LARGE,
          MALFORMED,
          MISSING_FIELD,
          BAD_VALUE,
          UNKNOWN_NOTE,
          BEFORE_PUBLISH,
          TOO_LATE);

  /** Typed values of the contract fields plus the date column (publish_date or event_date). */
  public static final String TYPED = "typed";

  private Judge() {}

  /** Judges raw notes: checks on the row alone, then de-duplication keeping the earliest copy. */
  public static Dataset<Row> judgeNotes(Dataset<Row> raw, NotepathSettings settings) {
    TableContract contract = InputContract.of("notes");
    return raw.transform(d -> withTypedFields(d, contract, settings))
        .transform(d -> withOwnVerdict(d, contract))
        .transform(d -> withDuplicateFlagUnbounded(d, contract))
        .transform(Judge::withOutcome);
  }

  /**
   * Judges raw rows of an event table (impressions, interactions, official_picks), every landing
   * day of them at once, against the accepted notes ({@code knownNotes}, see
   * {@link #selectKnownNotes}). The rows carry their own lookback: the oldest
   * dedupe-lookback-days days read cannot see theirs.
   */
  public static Dataset<Row> judgeEvents(
      Dataset<Row> raw, String table, NotepathSettings settings, Dataset<Row> knownNotes) {
    TableContract contract = InputContract.of(table);
    return raw.transform(d -> withTypedFields(d, contract, settings))
        .transform(d -> withOwnVerdict(d, contract))
        .transform(d -> withDuplicateFlag(d, contract, settings.dedupeLookbackDays()))
        .transform(d -> withNoteCheck(d, knownNotes, contract, settings.maxLateDays()))
        .transform(Judge::withOutcome);
  }

  /**
   * Judges the raw rows of one landing day against what earlier nights stored: {@code
   * earlierKeys} holds the dedupe keys (one row per key, columns named like the key fields) of the
   * rows that passed their own checks in the lookback days (every earlier day for notes), so a
   * copy there makes a row a duplicate; {@code knownNotes} (null for notes) are the accepted notes
   * landed up to the day.
   *
   * <p>This is the night's one full shuffle of the table: the rows are hash-partitioned by the
   * first dedupe-key field (viewer_id, user_id: {@link TableContract#bucketField}) into {@code
   * state.buckets} partitions, the way the state stores them, so the lookback join, the copies'
   * window, the store write and later joins with the stored days need no other shuffle. Only the
   * rows that may be rejected keep their raw record through it.
   */
  public static Dataset<Row> judgeDay(
      Dataset<Row> raw,
      String table,
      NotepathSettings settings,
      Dataset<Row> knownNotes,
      Dataset<Row> earlierKeys) {
    TableContract contract = InputContract.of(table);
    Dataset<Row> checked =
        raw.transform(d -> withTypedFields(d, contract, settings))
            .transform(d -> withOwnVerdict(d, contract));
    if (contract.isEvent()) {
      checked = withNoteCheck(checked, knownNotes, contract, settings.maxLateDays());
    }

    Column mayBeRejected =
        col("own_reason").isNotNull().or(contract.isEvent() ? col("note_check").isNotNull() : lit(false));
    // Only the typed values and the verdicts so far go through the shuffle, not the raw strings.
    List<String> kept = new ArrayList<>(List.of(TYPED, RawReader.DT, "own_reason", "own_detail"));
    if (contract.isEvent()) {
      kept.addAll(List.of("note_check", "note_check_detail"));
    }

    Dataset<Row> shuffled =
        checked
            .select(
                java.util.stream.Stream.concat(
                        kept.stream().map(c -> col(c)),
                        java.util.stream.Stream.of(when(mayBeRejected, col(RawReader.RECORD)).as(RawReader.RECORD)))
                    .toArray(Column[]::new))
            .repartition(settings.stateBuckets(), col(TYPED + "." + contract.bucketField()));
    Dataset<Row> deduplicated =
        contract.isEvent()
            ? withDuplicateFlag(shuffled, contract, settings.dedupeLookbackDays())
            : withDuplicateFlagUnbounded(shuffled, contract);
    return withEarlierCopyFlag(deduplicated, contract, earlierKeys).transform(Judge::withOutcome);
  }

  /**
   * Adds {@code typed}: a struct of every contract field parsed to its type (null when missing or
   * unparseable; defaults applied to missing optional fields) and the calendar date of the time
   * field in the session time zone. A timestamp outside [min-timestamp, end of the landing day in
   * notepath.time-zone + max-future-skew] does not parse: an absurd clock is a bad value.
   */
  public static Dataset<Row> withTypedFields(
      Dataset<Row> raw, TableContract contract, NotepathSettings settings) {
    requireColumns(raw, RawReader.DT);
    requireColumns(raw, contract.fieldNames().toArray(String[]::new));
    Column minMicros = lit(micros(settings.minTimestamp()));
    Column maxMicros =
        endOfLandingDayMicros(settings.timeZone()).plus(micros(settings.maxFutureSkew()));
    // Each timestamp is parsed once, in a column of its own (see FieldParsers.typed).
    Dataset<Row> withTimestamps = raw;
    List<String> parsedTimestamps = new ArrayList<>();
    for (Field field : contract.fields()) {
      if (field.kind() == InputContract.Kind.TIMESTAMP) {
        String parsed = parsedColumn(field);
        withTimestamps = withTimestamps.withColumn(parsed, FieldParsers.timestamp(col(field.name())));
        parsedTimestamps.add(parsed);
      }
    }

    List<Column> typed = new ArrayList<>();
    Column time = null;
    for (Field field : contract.fields()) {
      Column parsedTimestamp =
          field.kind() == InputContract.Kind.TIMESTAMP ? col(parsedColumn(field)) : null;
      Column value =
          FieldParsers.typed(field, col(field.name()), parsedTimestamp, minMicros, maxMicros);
      typed.add(value.as(field.name()));
      if (field.name().equals(contract.timeField())) {
        time = value;
      }
    }

    typed.add(to_date(time).as(contract.dateColumn()));
    return withTimestamps
        .withColumn(TYPED, struct(typed.toArray(Column[]::new)))
        .drop(parsedTimestamps.toArray(String[]::new));
  }

  /** The helper column holding a timestamp field parsed once. */
  private static String parsedColumn(Field field) {
    return "_parsed_" + field.name();
  }

  /**
   * Adds {@code own_reason} / {@code own_detail}: the first failing check on the row alone —
   * record_too_large, malformed, missing_field (detail: first missing required field in contract
   * order), bad_value (detail: first present field that does not parse). Null when all pass.
   */
  public static Dataset<Row> withOwnVerdict(Dataset<Row> typed, TableContract contract) {
    requireColumns(typed, RawReader.IS_TOO_LARGE, RawReader.IS_MALFORMED, TYPED);
    List<Column> missing = new ArrayList<>();
    List<Column> bad = new ArrayList<>();
    for (Field field : contract.fields()) {
      Column raw = col(field.name());
      if (field.required()) {
        missing.add(when(FieldParsers.isMissing(raw), lit(field.name())));
      }

      Column isBad = not(FieldParsers.isMissing(raw)).and(col(TYPED + "." + field.name()).isNull());
      bad.add(when(isBad, lit(field.name())));
    }

    Column firstMissing = coalesce(missing.toArray(Column[]::new));
    Column firstBad = coalesce(bad.toArray(Column[]::new));
    Column tooLarge = col(RawReader.IS_TOO_LARGE);
    Column malformed = coalesce(col(RawReader.IS_MALFORMED), lit(false));
    return typed
        .withColumn(
            "own_reason",
            when(tooLarge, lit(RECORD_TOO_LARGE))
                .when(malformed, lit(MALFORMED))
                .when(firstMissing.isNotNull(), lit(MISSING_FIELD))
                .when(firstBad.isNotNull(), lit(BAD_VALUE)))
        .withColumn(
            "own_detail",
            when(tooLarge.or(malformed), lit(null).cast("string"))
                .otherwise(coalesce(firstMissing, firstBad)));
  }

  /**
   * Adds {@code is_duplicate} for event tables: among rows that passed the checks on their own, a
   * copy of a dedupe key is kept only if it is the first of its landing day (by time, then raw
   * record) and no copy landed in the previous {@code lookbackDays} days.
   *
   * <p>One window per key ordered by (dt, time, record): a row is first in its day and has no
   * copy in [dt - lookback, dt - 1] exactly when the previous copy is absent or landed more than
   * lookbackDays before it.
   */
  public static Dataset<Row> withDuplicateFlag(
      Dataset<Row> judged, TableContract contract, int lookbackDays) {
    Column previousDt = previousCopyDt(judged, contract);
    Column duplicate =
        previousDt.isNotNull().and(datediff(col(RawReader.DT), previousDt).leq(lookbackDays));
    return judged.withColumn("is_duplicate", coalesce(duplicate, lit(false)));
  }

  /**
   * Sets {@code is_duplicate} on the rows that passed the checks on their own and whose dedupe key
   * is in {@code earlierKeys} (one row per key, columns named like the key fields: the copies
   * earlier nights stored). Both sides are partitioned by the first key field, so the join needs
   * no shuffle; a key has one row there, so nothing multiplies.
   */
  public static Dataset<Row> withEarlierCopyFlag(
      Dataset<Row> judged, TableContract contract, Dataset<Row> earlierKeys) {
    requireColumns(judged, "own_reason", "is_duplicate", TYPED);
    List<String> key = contract.dedupeKey();
    Dataset<Row> earlier =
        earlierKeys
            .select(key.stream().map(k -> col(k).as("earlier_" + k)).toArray(Column[]::new))
            .withColumn("has_earlier_copy", lit(true));
    Column sameKey =
        key.stream()
            .map(k -> col(TYPED + "." + k).equalTo(col("earlier_" + k)))
            .reduce(Column::and)
            .orElseThrow();
    Column copied = col("own_reason").isNull().and(coalesce(col("has_earlier_copy"), lit(false)));
    return judged
        .join(earlier, sameKey, "left")
        .withColumn("is_duplicate", col("is_duplicate").or(copied))
        .drop(earlier.columns());
  }

  /** Adds {@code is_duplicate} for notes: any copy after the earliest-landed one is a duplicate. */
  public static Dataset<Row> withDuplicateFlagUnbounded(
      Dataset<Row> judged, TableContract contract) {
    Column previousDt = previousCopyDt(judged, contract);
    return judged.withColumn("is_duplicate", coalesce(previousDt.isNotNull(), lit(false)));
  }

  /**
   * Adds {@code note_check} / {@code note_check_detail}: what the checks against notes find for a
   * row that passed its own checks — unknown_note (no accepted note landed at or before the row's
   * dt), before_publish (time earlier than published_at), too_late (event_date more than
   * maxLateDays before dt) — null when they pass. It applies only if the row is not a duplicate
   * ({@link #withOutcome}): duplicates are decided first. Detail names the field at fault. The
   * notes are one row per note; the join is a broadcast while they fit.
   */
  public static Dataset<Row> withNoteCheck(
      Dataset<Row> judged, Dataset<Row> knownNotes, TableContract contract, int maxLateDays) {
    requireColumns(judged, "own_reason", TYPED);
    requireColumns(knownNotes, "known_note_id", "known_published_at", "known_dt");
    Column time = col(TYPED + "." + contract.timeField());
    Column eventDate = col(TYPED + "." + contract.dateColumn());
    Column check =
        when(col("own_reason").isNotNull(), lit(null).cast("string"))
            .when(
                col("known_dt").isNull().or(col("known_dt").gt(col(RawReader.DT))),
                lit(UNKNOWN_NOTE))
            .when(time.lt(col("known_published_at")), lit(BEFORE_PUBLISH))
            .when(eventDate.lt(date_sub(col(RawReader.DT), maxLateDays)), lit(TOO_LATE));
    return judged
        .withColumn("note_join_id", when(col("own_reason").isNull(), col(TYPED + ".note_id")))
        .join(
            org.apache.spark.sql.functions.broadcast(knownNotes),
            col("note_join_id").equalTo(col("known_note_id")),
            "left")
        .withColumn("note_check", check)
        .withColumn(
            "note_check_detail",
            when(col("note_check").equalTo(UNKNOWN_NOTE), lit("note_id"))
                .when(col("note_check").isNotNull(), lit(contract.timeField())))
        .drop("note_join_id", "known_note_id", "known_published_at", "known_dt");
  }

  /**
   * Adds {@code outcome}, {@code reason} and {@code detail}: rejected when any check failed,
   * duplicate when de-duplication dropped the row, else accepted. Reason and detail are null unless
   * rejected; detail is also null for record-level reasons (record_too_large, malformed).
   */
  public static Dataset<Row> withOutcome(Dataset<Row> judged) {
    requireColumns(judged, "own_reason", "own_detail", "is_duplicate");
    boolean checkedNotes = Arrays.asList(judged.columns()).contains("note_check");
    Column noteReason = checkedNotes ? when(not(col("is_duplicate")), col("note_check")) : lit(null);
    Column noteDetail =
        checkedNotes ? when(not(col("is_duplicate")), col("note_check_detail")) : lit(null);
    Column reason = coalesce(col("own_reason"), noteReason.cast("string"));
    Column detail =
        when(col("own_reason").isNotNull(), col("own_detail")).otherwise(noteDetail.cast("string"));
    return judged
        .withColumn("reason", reason)
        .withColumn("detail", detail)
        .withColumn(
            "outcome",
            when(col("reason").isNotNull(), lit(REJECTED))
                .when(col("is_duplicate"), lit(DUPLICATE))
                .otherwise(lit(ACCEPTED)));
  }

  /**
   * The accepted notes as a lookup with one row per note: known_note_id, known_published_at and
   * known_dt (the landing date of the accepted copy), from accepted notes (note_id, published_at,
   * dt; AcceptedSchemas.NOTES or the stored notes).
   */
  public static Dataset<Row> selectKnownNotes(Dataset<Row> acceptedNotes) {
    requireColumns(acceptedNotes, "note_id", "published_at", RawReader.DT);
    return acceptedNotes.select(
        col("note_id").as("known_note_id"),
        col("published_at").as("known_published_at"),
        col(RawReader.DT).as("known_dt"));
  }

  /**
   * The landing date of the previous copy of the same key among rows that passed the checks on
   * their own, ordered by dt, then time, then the typed values in contract order (copies with
   * equal typed values are interchangeable); null for the first copy and for rows that failed.
   * The window is partitioned by the key fields themselves, so a night's partitioning by the first
   * of them satisfies it without a shuffle; failed rows are spread by a hash of their record.
   */
  private static Column previousCopyDt(Dataset<Row> judged, TableContract contract) {
    requireColumns(judged, "own_reason", TYPED, RawReader.RECORD, RawReader.DT);
    Column passed = col("own_reason").isNull();
    List<Column> partition = new ArrayList<>();
    contract.dedupeKey().forEach(k -> partition.add(col(TYPED + "." + k)));
    partition.add(when(passed, lit(0L)).otherwise(xxhash64(col(RawReader.RECORD), col(RawReader.DT))));
    WindowSpec copies =
        Window.partitionBy(partition.toArray(Column[]::new))
            .orderBy(col(RawReader.DT), col(TYPED + "." + contract.timeField()), col(TYPED));
    return when(passed, lag(col(RawReader.DT), 1).over(copies));
  }

  /** 00:00 of the day after dt in {@code zone}, as epoch microseconds. */
  private static Column endOfLandingDayMicros(ZoneId zone) {
    Column next = date_add(col(RawReader.DT), 1);
    return unix_micros(
        make_timestamp(
            year(next), month(next), dayofmonth(next), lit(0), lit(0), lit(0), lit(zone.getId())));
  }

  private static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  private static long micros(Duration duration) {
    return duration.toNanos() / 1000;
  }

  static void requireColumns(Dataset<Row> ds, String... names) {
    List<String> present = Arrays.asList(ds.columns());
    for (String name : names) {
      if (!present.contains(name)) {
        throw new IllegalArgumentException(
            "missing column '" + name + "'; the dataset has " + present);
      }
    }
  }
}
