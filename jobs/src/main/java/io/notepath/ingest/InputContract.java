package io.notepath.ingest;

import java.util.List;

/**
 * The raw-log contract of DESIGN §2 as data: per input table, its fields (required first, then
 * optional, in the order of the design's table), what each must parse as, the de-duplication key
 * and the field whose time orders copies and dates the row.
 *
 * <p>The order of fields matters: when a row has several faults, the first faulty field in this
 * order is the one named in the reject's detail, so verdicts are reproducible.
 */
public final class InputContract {
  public static final List<String> NOTE_TYPES = List.of("image", "video");
  public static final List<String> SURFACES =
      List.of(
          "home_feed",
          "follow_feed",
          "hot_feed",
          "search",
          "profile",
          "nearby",
          "share_link",
          "official",
          "other");
  public static final List<String> ACTIONS =
      List.of(
          "open", "like", "unlike", "collect", "uncollect", "comment", "share", "follow_author");

  private InputContract() {}

  /** What a raw value must parse as. */
  public enum Kind {
    /** A string id; a nested JSON object or array is a bad value. */
    ID,
    /** Free text (category); a nested JSON object or array is a bad value. */
    TEXT,
    /** ISO-8601 with offset, or epoch milliseconds; within the plausible range. */
    TIMESTAMP,
    /** true or false. */
    BOOLEAN,
    /** A 32-bit integer. */
    INT,
    /** A 64-bit integer. */
    LONG,
    /** A 64-bit integer >= 0. */
    NON_NEGATIVE_LONG,
    /** One of {@link Field#values()}. */
    ENUM
  }

  /**
   * One contract field. {@code defaultValue} (a String or Boolean) replaces a missing optional
   * value; null means the typed value stays null.
   */
  public record Field(
      String name, Kind kind, boolean required, List<String> values, Object defaultValue) {

    static Field required(String name, Kind kind) {
      return new Field(name, kind, true, List.of(), null);
    }

    static Field optional(String name, Kind kind) {
      return new Field(name, kind, false, List.of(), null);
    }

    static Field requiredEnum(String name, List<String> values) {
      return new Field(name, Kind.ENUM, true, values, null);
    }

    static Field optionalEnum(String name, List<String> values, String defaultValue) {
      return new Field(name, Kind.ENUM, false, values, defaultValue);
    }

    Field withDefault(Object value) {
      return new Field(name, kind, required, values, value);
    }
  }

  /**
   * The contract of one input table.
   *
   * @param timeField the field that orders copies of a key and dates the row
   * @param dateColumn the accepted column holding the calendar date of {@code timeField}
   * @param dedupeKey the fields that identify one logical row. For events the first is who saw or
   *     did it (viewer_id, user_id): a redelivered event repeats the whole event, so its copies
   *     share it, and a night's one shuffle partitions by it (docs/architecture.md)
   * @param isEvent whether rows are checked against notes (unknown_note, before_publish, too_late)
   */
  public record TableContract(
      String table,
      List<Field> fields,
      String timeField,
      String dateColumn,
      List<String> dedupeKey,
      boolean isEvent) {

    /** The field a night's shuffle partitions the table by: the first field of the dedupe key. */
    public String bucketField() {
      return dedupeKey.get(0);
    }

    /** The names of every field, in contract order. */
    public List<String> fieldNames() {
      return fields.stream().map(Field::name).toList();
    }
  }

  /** The contract of {@code table}, one of NotepathSettings.TABLE_NAMES. */
  public static TableContract of(String table) {
    return switch (table) {
      case "notes" ->
          new TableContract(
              table,
              List.of(
                  Field.required("note_id", Kind.ID),
                  Field.required("author_id", Kind.ID),
                  Field.required("published_at", Kind.TIMESTAMP),
                  Field.required("category", Kind.TEXT),
                  Field.optionalEnum("note_type", NOTE_TYPES, "image"),
                  Field.optional("author_followers", Kind.NON_NEGATIVE_LONG)),
              "published_at",
              "publish_date",
              List.of("note_id"),
              false);
      case "impressions" ->
          new TableContract(
              table,
              List.of(
                  Field.required("event_id", Kind.ID),
                  Field.required("note_id", Kind.ID),
                  Field.required("viewer_id", Kind.ID),
                  Field.required("ts", Kind.TIMESTAMP),
                  Field.requiredEnum("surface", SURFACES),
                  Field.required("viewer_is_follower", Kind.BOOLEAN),
                  Field.optional("viewer_is_new", Kind.BOOLEAN).withDefault(false),
                  Field.optional("rec_pool", Kind.INT)),
              "ts",
              "event_date",
              List.of("viewer_id", "event_id"),
              true);
      case "interactions" ->
          new TableContract(
              table,
              List.of(
                  Field.required("event_id", Kind.ID),
                  Field.required("note_id", Kind.ID),
                  Field.required("user_id", Kind.ID),
                  Field.required("ts", Kind.TIMESTAMP),
                  Field.requiredEnum("action", ACTIONS),
                  Field.optional("impression_id", Kind.ID),
                  Field.optional("dwell_ms", Kind.LONG)),
              "ts",
              "event_date",
              List.of("user_id", "event_id"),
              true);
      case "official_picks" ->
          new TableContract(
              table,
              List.of(
                  Field.required("note_id", Kind.ID),
                  Field.required("account_id", Kind.ID),
                  Field.required("picked_at", Kind.TIMESTAMP)),
              "picked_at",
              "event_date",
              List.of("note_id", "account_id", "picked_at"),
              true);
      default -> throw new IllegalArgumentException("not an input table: " + table);
    };
  }
}
