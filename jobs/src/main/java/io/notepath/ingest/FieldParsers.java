package io.notepath.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import io.notepath.ingest.InputContract.Field;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/**
 * Column expressions that turn a raw string value into its typed value, or null when it does not
 * parse. Every parse is gated by a regular expression and finished with try_cast, so no input can
 * make an ANSI cast throw; callers tell "missing" from "bad" by looking at the raw value.
 *
 * <p>Spark's JSON parser hands a number or boolean token to a string field as its text (integers
 * exactly, so epoch milliseconds survive; fractions re-printed, e.g. 1.5e3 as "1500.0") and a
 * nested object or array as its compact JSON text. That is why ids and text refuse values that
 * look like a JSON object or array.
 */
final class FieldParsers {
  /** ISO-8601 date-time with seconds, optional fraction and a mandatory offset (Z or ±hh:mm). */
  static final String ISO_WITH_OFFSET =
      "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
          + "(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$";

  /** Epoch milliseconds: digits only; 15 digits reach year 33658, so the cast cannot overflow. */
  static final String EPOCH_MILLIS = "^[0-9]{1,15}$";

  private static final String NESTED_JSON = "(?s)^(\\{.*\\}|\\[.*\\])$";

  private FieldParsers() {}

  /** A field is missing when absent, JSON null or the empty string. */
  static Column isMissing(Column raw) {
    return raw.isNull().or(raw.equalTo(""));
  }

  /**
   * The typed value of {@code field}: its default when missing, else the parsed value (null when
   * it does not parse or a timestamp lies outside [minMicros, maxMicros]). For a timestamp field,
   * {@code parsedTimestamp} is {@link #timestamp} of the raw value, computed once by the caller in
   * a column of its own: the value, its range check and its date all read it, and an expression
   * tree repeating it would parse the string (two regular expressions and a cast) for each.
   */
  static Column typed(
      Field field, Column raw, Column parsedTimestamp, Column minMicros, Column maxMicros) {
    Column parsed = parsed(field, raw, parsedTimestamp, minMicros, maxMicros);
    return when(isMissing(raw), lit(field.defaultValue())).otherwise(parsed);
  }

  private static Column parsed(
      Field field, Column raw, Column parsedTimestamp, Column minMicros, Column maxMicros) {
    return switch (field.kind()) {
      // Only a value starting with { or [ can be nested JSON: the cheap test spares the regex.
      case ID, TEXT -> when(
              raw.startsWith("{").or(raw.startsWith("[")).and(raw.rlike(NESTED_JSON)),
              lit(null).cast(DataTypes.StringType))
          .otherwise(raw);
      case TIMESTAMP -> within(parsedTimestamp, minMicros, maxMicros);
      case BOOLEAN -> when(raw.equalTo("true"), lit(true)).when(raw.equalTo("false"), lit(false));
      case INT -> when(raw.rlike("^-?[0-9]{1,10}$"), raw.try_cast(DataTypes.IntegerType));
      case LONG -> when(raw.rlike("^-?[0-9]{1,19}$"), raw.try_cast(DataTypes.LongType));
      case NON_NEGATIVE_LONG -> when(raw.rlike("^[0-9]{1,19}$"), raw.try_cast(DataTypes.LongType));
      case ENUM -> when(raw.isin(field.values().toArray()), raw);
    };
  }

  /** ISO-8601 with offset or epoch milliseconds; null for anything else. */
  static Column timestamp(Column raw) {
    Column epoch =
        when(raw.rlike(EPOCH_MILLIS), timestamp_millis(raw.try_cast(DataTypes.LongType)));
    Column iso = when(raw.rlike(ISO_WITH_OFFSET), raw.try_cast(DataTypes.TimestampType));
    return coalesce(epoch, iso);
  }

  private static Column within(Column ts, Column minMicros, Column maxMicros) {
    Column micros = unix_micros(ts);
    return when(micros.geq(minMicros).and(micros.leq(maxMicros)), ts);
  }
}
