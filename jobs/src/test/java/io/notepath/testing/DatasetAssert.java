package io.notepath.testing;

import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Dataset equality for tests: schemas first (nullability ignored), then rows as a multiset
 * (exceptAll both ways, so duplicate rows count), doubles rounded to 1e-9. On failure the
 * differing rows are printed tagged expected/actual.
 */
public final class DatasetAssert {
  private DatasetAssert() {}

  /** Asserts both datasets hold the same rows in any order; columns compared by name. */
  public static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
    assertSameSchema(expected.schema(), actual.schema());
    Dataset<Row> e = rounded(expected);
    Dataset<Row> a = rounded(actual.select(columns(expected.schema())));
    List<Row> missing = e.exceptAll(a).collectAsList();
    List<Row> extra = a.exceptAll(e).collectAsList();
    if (!missing.isEmpty() || !extra.isEmpty()) {
      fail(
          "datasets differ\n  expected but missing:\n"
              + render(missing)
              + "\n  actual but not expected:\n"
              + render(extra));
    }
  }

  /** Builds a dataset from rows given as Object arrays, for expected values in tests. */
  public static Dataset<Row> rows(SparkSession spark, StructType schema, Object[]... rows) {
    List<Row> list = new ArrayList<>();
    for (Object[] row : rows) {
      list.add(RowFactory.create(row));
    }

    return spark.createDataFrame(list, schema);
  }

  /** Shorthand for an expected row. */
  public static Object[] row(Object... values) {
    return values;
  }

  /** Asserts same column names and types; nullability is ignored. */
  public static void assertSameSchema(StructType expected, StructType actual) {
    List<String> e = describe(expected);
    List<String> a = describe(actual);
    if (!e.stream().sorted().toList().equals(a.stream().sorted().toList())) {
      fail("schemas differ\n  expected: " + e + "\n  actual:   " + a);
    }
  }

  private static List<String> describe(StructType schema) {
    List<String> fields = new ArrayList<>();
    for (StructField f : schema.fields()) {
      fields.add(f.name() + ":" + withoutNullability(f.dataType()).simpleString());
    }

    return fields;
  }

  private static DataType withoutNullability(DataType type) {
    return type instanceof StructType s ? DataTypes.createStructType(
        java.util.Arrays.stream(s.fields())
            .map(f -> DataTypes.createStructField(f.name(), withoutNullability(f.dataType()), true))
            .toArray(StructField[]::new)) : type;
  }

  private static Column[] columns(StructType schema) {
    return java.util.Arrays.stream(schema.fieldNames()).map(functions::col).toArray(Column[]::new);
  }

  private static Dataset<Row> rounded(Dataset<Row> ds) {
    Column[] cols =
        java.util.Arrays.stream(ds.schema().fields())
            .map(
                f ->
                    f.dataType().equals(DataTypes.DoubleType)
                        ? functions.round(functions.col(f.name()), 9).as(f.name())
                        : functions.col(f.name()))
            .toArray(Column[]::new);
    return ds.select(cols);
  }

  private static String render(List<Row> rows) {
    return rows.isEmpty()
        ? "    (none)"
        : rows.stream().map(r -> "    " + r).collect(Collectors.joining("\n"));
  }
}
