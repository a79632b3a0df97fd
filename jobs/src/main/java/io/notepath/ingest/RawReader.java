package io.notepath.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.octet_length;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import io.notepath.config.NotepathSettings;
import io.notepath.config.NotepathSettings.Format;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads landing partitions of one input table into raw rows: the raw record, its landing date and
 * every contract field as an untyped string. Nothing is judged here except what only the reader
 * can see: whether the record was too large to parse, and whether it parsed as a JSON object.
 *
 * <p>JSON Lines are read as text and parsed with from_json against an explicit all-string schema:
 * schema inference would let one bad line change every row's types and would parse oversized
 * records. A record longer than {@code input.max-record-bytes} never reaches the JSON parser.
 * Jackson's own limits (nesting depth 1000) turn hostile nesting into a corrupt record instead of a
 * stack overflow. Whitespace-only lines are not records and are skipped (also when counting).
 *
 * <p>Parquet is read with its own schema, day by day (so schema drift between days cannot break
 * the union), and every contract column is turned into the string the JSON path would produce:
 * timestamps as ISO-8601 with offset, nested values as JSON, missing columns as null.
 */
public final class RawReader {
  /** Raw record column: the JSON line, or for Parquet input the row as JSON. */
  public static final String RECORD = "record";
  /** Landing date column. */
  public static final String DT = "dt";
  /** True when the record is longer than input.max-record-bytes (and was not parsed). */
  public static final String IS_TOO_LARGE = "is_too_large";
  /** True when the record is not one JSON object; null when it was not parsed. */
  public static final String IS_MALFORMED = "is_malformed";

  static final String CORRUPT_RECORD = "_notepath_corrupt_record";
  private static final String TIMESTAMP_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX";

  private RawReader() {}

  /**
   * The raw rows of {@code table} in the landing partitions {@code dts}: record, dt, one string
   * column per contract field (contract order), is_too_large, is_malformed. Partitions without data
   * files (only _SUCCESS) contribute no rows.
   */
  public static Dataset<Row> read(
      SparkSession spark, NotepathSettings settings, String table, List<LocalDate> dts) {
    InputContract.TableContract contract = InputContract.of(table);
    Format format = settings.inputTable(table).format();
    Dataset<Row> all = null;
    for (LocalDate dt : dts) {
      Path dir = InputLayout.partition(settings, table, dt);
      if (InputLayout.dataFiles(spark, dir).isEmpty()) {
        continue;
      }

      long maxBytes = settings.maxRecordBytes();
      Dataset<Row> day =
          format == Format.JSON
              ? parseJson(lines(spark, dir), contract, maxBytes)
              : stringifyParquet(spark.read().parquet(dir.toString()), contract, maxBytes);
      Dataset<Row> dated = day.withColumn(DT, lit(dt)).select(columns(contract));
      all = all == null ? dated : all.unionByName(dated);
    }

    return all == null ? spark.createDataFrame(List.of(), schema(table)) : all;
  }

  /** The number of raw records in one landing partition: a plain count, before any parsing. */
  public static long countRecords(
      SparkSession spark, NotepathSettings settings, String table, LocalDate dt) {
    Path dir = InputLayout.partition(settings, table, dt);
    if (InputLayout.dataFiles(spark, dir).isEmpty()) {
      return 0;
    }

    return settings.inputTable(table).format() == Format.JSON
        ? lines(spark, dir).count()
        : spark.read().parquet(dir.toString()).count();
  }

  /** The schema {@link #read} returns for {@code table}. */
  public static StructType schema(String table) {
    StructType schema =
        new StructType().add(RECORD, DataTypes.StringType).add(DT, DataTypes.DateType);
    for (String field : InputContract.of(table).fieldNames()) {
      schema = schema.add(field, DataTypes.StringType);
    }

    return schema.add(IS_TOO_LARGE, DataTypes.BooleanType).add(IS_MALFORMED, DataTypes.BooleanType);
  }

  /** Non-blank lines of a JSON Lines partition (gzip is decompressed by file extension). */
  private static Dataset<Row> lines(SparkSession spark, Path dir) {
    return spark.read().text(dir.toString()).filter(not(col("value").rlike("^\\s*$")));
  }

  /**
   * Parses JSON lines against an all-string schema. A record is malformed when Jackson fails on it
   * (corrupt record: truncated, garbage, nesting deeper than 1000), when it is not an object
   * (array, scalar, null), or when it does not end with '}' (from_json stops after the first
   * object and would otherwise ignore trailing garbage).
   */
  static Dataset<Row> parseJson(
      Dataset<Row> lines, InputContract.TableContract contract, long maxBytes) {
    StructType jsonSchema = new StructType();
    for (String field : contract.fieldNames()) {
      jsonSchema = jsonSchema.add(field, DataTypes.StringType);
    }

    jsonSchema = jsonSchema.add(CORRUPT_RECORD, DataTypes.StringType);
    Column value = col("value");
    Column tooLarge = octet_length(value).gt(maxBytes);
    Map<String, String> options =
        Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT_RECORD);
    Dataset<Row> parsed =
        lines
            .withColumn(IS_TOO_LARGE, tooLarge)
            .withColumn("parsed", from_json(when(not(tooLarge), value), jsonSchema, options));
    Column malformed =
        col("parsed")
            .isNull()
            .or(col("parsed." + CORRUPT_RECORD).isNotNull())
            .or(not(value.rlike("\\}\\s*$")));
    List<Column> out = new ArrayList<>();
    out.add(value.as(RECORD));
    for (String field : contract.fieldNames()) {
      out.add(col("parsed." + field).as(field));
    }

    out.add(col(IS_TOO_LARGE));
    out.add(when(col(IS_TOO_LARGE), lit(null)).otherwise(malformed).as(IS_MALFORMED));
    return parsed.select(out.toArray(Column[]::new));
  }

  /** Turns each contract column of a Parquet day into the string the JSON path would produce. */
  static Dataset<Row> stringifyParquet(
      Dataset<Row> day, InputContract.TableContract contract, long maxBytes) {
    Column[] all = Arrays.stream(day.columns()).map(day::col).toArray(Column[]::new);
    Column record = to_json(struct(all));
    List<Column> out = new ArrayList<>();
    out.add(record.as(RECORD));
    for (String field : contract.fieldNames()) {
      StructField source = fieldOf(day.schema(), field);
      Column value =
          source == null
              ? lit(null).cast(DataTypes.StringType)
              : asString(day.col(source.name()), source.dataType());
      out.add(value.as(field));
    }

    out.add(tooLarge(day, record, maxBytes).as(IS_TOO_LARGE));
    out.add(lit(false).as(IS_MALFORMED));
    return day.select(out.toArray(Column[]::new));
  }

  /**
   * Whether the row as JSON is longer than {@code maxBytes}, without rendering the JSON of every
   * row: an upper bound of its length from the lengths of its values (an escaped character takes
   * at most 6 bytes) decides all rows far below the limit; only the others are rendered.
   */
  private static Column tooLarge(Dataset<Row> day, Column record, long maxBytes) {
    Column bound = lit(2L);
    for (StructField f : day.schema().fields()) {
      DataType t = f.dataType();
      if (t instanceof StructType || t instanceof ArrayType || t instanceof MapType) {
        return octet_length(record).gt(maxBytes);
      }

      long overhead = f.name().length() + 6L;
      bound =
          bound.plus(
              t.equals(DataTypes.StringType) || t.equals(DataTypes.BinaryType)
                  ? coalesce(octet_length(day.col(f.name())), lit(0)).cast("long").multiply(6L).plus(overhead)
                  : lit(overhead + 40L));
    }

    return when(bound.leq(maxBytes), lit(false)).otherwise(octet_length(record).gt(maxBytes));
  }

  private static Column asString(Column c, DataType type) {
    if (type.equals(DataTypes.StringType)) {
      return c;
    }

    if (type.equals(DataTypes.TimestampType)) {
      return date_format(c, TIMESTAMP_FORMAT);
    }

    if (type instanceof StructType || type instanceof ArrayType || type instanceof MapType) {
      return to_json(c);
    }

    return c.cast(DataTypes.StringType);
  }

  private static StructField fieldOf(StructType schema, String name) {
    return Arrays.stream(schema.fields())
        .filter(f -> f.name().equals(name))
        .findFirst()
        .orElse(null);
  }

  private static Column[] columns(InputContract.TableContract contract) {
    List<Column> cols = new ArrayList<>();
    cols.add(col(RECORD));
    cols.add(col(DT));
    contract.fieldNames().forEach(f -> cols.add(col(f)));
    cols.add(col(IS_TOO_LARGE));
    cols.add(col(IS_MALFORMED));
    return cols.toArray(Column[]::new);
  }
}
