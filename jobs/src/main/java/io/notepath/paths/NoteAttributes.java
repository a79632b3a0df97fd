package io.notepath.paths;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.notepath.config.NotepathSettings.AuthorTier;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Per-note attributes that come from the note and the run, not from its events. */
public final class NoteAttributes {
  private NoteAttributes() {}

  public static final String UNKNOWN_TIER = "unknown";

  /**
   * Adds {@code author_tier}: the name of the tier with the greatest min &lt;= author_followers;
   * {@code unknown} when author_followers is missing (or below every tier's min).
   */
  public static Dataset<Row> withAuthorTier(Dataset<Row> notes, List<AuthorTier> tiers) {
    RequiredColumns.check(notes, "withAuthorTier", "author_followers");
    Column followers = col("author_followers");
    Column tier = when(followers.isNull(), lit(UNKNOWN_TIER));
    for (int i = tiers.size() - 1; i >= 0; i--) {
      tier = tier.when(followers.geq(tiers.get(i).min()), lit(tiers.get(i).name()));
    }

    return notes.withColumn("author_tier", tier.otherwise(lit(UNKNOWN_TIER)));
  }

  /**
   * Adds {@code is_complete}: the note's row is final by the end of the run date. Its window has
   * closed and so has the lateness bound after it (an event may land up to max-late-days after
   * its own date), i.e. published_at + window-days + max-late-days &lt; 00:00 of the day after
   * {@code asOf} in {@code timeZone}. The instant is computed here, so the session time zone plays
   * no part.
   */
  public static Dataset<Row> withIsComplete(
      Dataset<Row> notes, int windowDays, int maxLateDays, LocalDate asOf, ZoneId timeZone) {
    RequiredColumns.check(notes, "withIsComplete", "published_at");
    Instant endOfRunDate = asOf.plusDays(1).atStartOfDay(timeZone).toInstant();
    Column finalAt = Elapsed.plus(col("published_at"), Duration.ofDays(windowDays + maxLateDays));
    return notes.withColumn("is_complete", finalAt.lt(lit(endOfRunDate)));
  }
}
