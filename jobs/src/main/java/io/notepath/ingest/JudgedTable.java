package io.notepath.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One input table after judging: every raw row with its outcome (accepted, duplicate, rejected),
 * reason and detail, the raw record and string fields, and the typed values in {@code typed}.
 * Both views below are plain projections of {@code judged}, so they can never disagree with the
 * accounting.
 */
public record JudgedTable(String table, Dataset<Row> judged) {

  /** The accepted rows, projected exactly to the AcceptedSchemas schema of the table. */
  public Dataset<Row> accepted() {
    StructType schema = acceptedSchema(table);
    Column[] columns = new Column[schema.fields().length];
    for (int i = 0; i < columns.length; i++) {
      StructField field = schema.fields()[i];
      String source =
          field.name().equals(RawReader.DT) ? RawReader.DT : Judge.TYPED + "." + field.name();
      columns[i] = col(source).cast(field.dataType()).as(field.name());
    }

    return judged.filter(col("outcome").equalTo(Judge.ACCEPTED)).select(columns);
  }

  /**
   * The rejected rows landed on {@code runDate} in the _rejects schema (AcceptedSchemas.REJECTS),
   * the raw record cut to {@code maxChars} characters.
   */
  public Dataset<Row> rejects(LocalDate runDate, int maxChars) {
    return judged
        .filter(col("outcome").equalTo(Judge.REJECTED).and(col(RawReader.DT).equalTo(lit(runDate))))
        .select(
            col(RawReader.RECORD).substr(1, maxChars).as("record"),
            col("reason"),
            col("detail"),
            col(RawReader.DT),
            lit(table).as("source_table"));
  }

  /**
   * Only what a run of {@code runDate} still needs from the judged rows: the rows of every landing
   * day that passed the checks on their own (accepted rows for the paths; duplicates and rows
   * rejected against notes for the {@link JudgedState}) and all rows of the run date (for the
   * accounting and _rejects), the raw record kept only on the run date's rejected rows, cut to
   * {@code maxChars}. Accounting, {@link #accepted()} and {@link #rejects} give the same answers on
   * the slim table.
   */
  public JudgedTable slimForRun(LocalDate runDate, int maxChars) {
    Column onRunDate = col(RawReader.DT).equalTo(lit(runDate));
    Column keepRecord = onRunDate.and(col("outcome").equalTo(Judge.REJECTED));
    return new JudgedTable(
        table,
        judged
            .filter(passedOwnChecks().or(onRunDate))
            .select(
                col(Judge.TYPED),
                col(RawReader.DT),
                col("outcome"),
                col("reason"),
                col("detail"),
                when(keepRecord, col(RawReader.RECORD).substr(1, maxChars)).as(RawReader.RECORD)));
  }

  /**
   * True for rows that passed the checks on the row alone: accepted, duplicate, or rejected only
   * against notes or their landing date. These are the copies de-duplication looks back at.
   */
  public static Column passedOwnChecks() {
    return col("outcome")
        .notEqual(Judge.REJECTED)
        .or(col("reason").isin(Judge.UNKNOWN_NOTE, Judge.BEFORE_PUBLISH, Judge.TOO_LATE));
  }

  /** The AcceptedSchemas schema of an input table. */
  public static StructType acceptedSchema(String table) {
    return switch (table) {
      case "notes" -> AcceptedSchemas.NOTES;
      case "impressions" -> AcceptedSchemas.IMPRESSIONS;
      case "interactions" -> AcceptedSchemas.INTERACTIONS;
      case "official_picks" -> AcceptedSchemas.OFFICIAL_PICKS;
      default -> throw new IllegalArgumentException("not an input table: " + table);
    };
  }
}
