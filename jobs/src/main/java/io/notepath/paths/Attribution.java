package io.notepath.paths;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Interaction attribution of DESIGN §3: each interaction takes the class, level, surface and
 * viewer_is_new of one impression of the same note, so stats can say which distribution step an
 * interaction came from.
 *
 * <ol>
 *   <li>The impression whose event_id is the interaction's impression_id, if it belongs to the
 *       same note (any viewer) and landed at most {@code lookupDays} (the path scope) before the
 *       interaction: that covers the whole life of every note whose row is still written, and
 *       bounds what a night keeps. An impression_id naming another note's impression counts as not
 *       found.
 *   <li>Else the latest impression (greatest ordering key) of the same note by the same user
 *       (viewer_id = user_id) with ts in [interaction ts − attribution window, interaction ts],
 *       both ends inclusive.
 *   <li>Else class {@code unattributed} with null level, surface, viewer_is_new and ts.
 * </ol>
 *
 * <p>Besides the impression's class, level, surface, viewer_is_new and ts, an interaction keeps
 * the impression's landing day ({@code attributed_impression_dt}) and how it was found ({@code
 * found_by}: id, user or null): found by id is final; found by user can still move to a later
 * impression while impressions of its window can land.
 *
 * <p>{@link #withAttribution} attributes from a whole history at once (the recomputation from
 * scratch); {@link #attribute} attributes a night's interactions, or updates open ones, from the
 * impressions of the nights that can change them.
 */
public final class Attribution {
  private Attribution() {}

  public static final String UNATTRIBUTED = "unattributed";
  public static final String BY_ID = "id";
  public static final String BY_USER = "user";

  /** The columns an attributed interaction carries (StateTables.ATTRIBUTION). */
  public static final List<String> COLUMNS =
      List.of(
          "attributed_class",
          "attributed_level",
          "attributed_surface",
          "attributed_viewer_is_new",
          "attributed_impression_ts",
          "attributed_impression_dt",
          "found_by");

  private static final String[] CANDIDATE_COLUMNS = {
    "note_id", "event_id", "viewer_id", "dt", "ts", "impression_class", "level", "surface",
    "viewer_is_new"
  };

  /**
   * Adds the attribution columns to every interaction, from {@code classifiedImpressions}
   * (accepted impressions with impression_class and level): the whole history, searched at once.
   */
  public static Dataset<Row> withAttribution(
      Dataset<Row> interactions,
      Dataset<Row> classifiedImpressions,
      Duration attributionWindow,
      int lookupDays) {
    RequiredColumns.check(
        interactions, "withAttribution", "event_id", "note_id", "user_id", "ts", "impression_id", "dt");
    RequiredColumns.check(
        classifiedImpressions, "withAttribution (impressions)", CANDIDATE_COLUMNS);
    String[] interactionColumns = interactions.columns();
    Dataset<Row> candidates = candidates(classifiedImpressions);

    Dataset<Row> named =
        interactions
            .filter(col("impression_id").isNotNull())
            .join(
                candidates,
                col("note_id").equalTo(col("_i_note_id"))
                    .and(col("impression_id").equalTo(col("_i_event_id")))
                    .and(col("_i_dt").geq(date_sub(col("dt"), lookupDays))),
                "left");
    Dataset<Row> byId =
        named
            .filter(col("_i_event_id").isNotNull())
            .withColumn(
                "_i_pick",
                row_number()
                    .over(
                        Window.partitionBy("note_id", "user_id", "event_id", "dt")
                            .orderBy(namedPreference())))
            .filter(col("_i_pick").equalTo(1))
            .select(attributed(interactionColumns, BY_ID));
    Dataset<Row> unresolved =
        named
            .filter(col("_i_event_id").isNull())
            .select(columns(interactionColumns))
            .unionByName(interactions.filter(col("impression_id").isNull()));

    Column latestFirst =
        row_number()
            .over(
                Window.partitionBy("note_id", "user_id", "event_id", "dt")
                    .orderBy(candidateKey().desc_nulls_last()));
    Dataset<Row> byUser =
        unresolved
            .join(
                candidates,
                col("note_id").equalTo(col("_i_note_id"))
                    .and(col("user_id").equalTo(col("_i_viewer_id")))
                    .and(inWindow(attributionWindow)),
                "left")
            .withColumn("_i_pick", latestFirst)
            .filter(col("_i_pick").equalTo(1))
            .select(attributed(interactionColumns, BY_USER));
    return byId.unionByName(byUser);
  }

  /**
   * Attributes {@code interactions} from impressions that landed after what they saw so far, and
   * says which changed ({@code attribution_changed}). Interactions without attribution columns
   * are attributed from scratch; with them (open interactions of earlier nights), one found by id
   * is kept, and a candidate found now replaces an earlier one by user, because the impressions
   * given landed after every impression it saw (the ordering key starts with the landing date).
   *
   * <p>{@code byUser}: the impressions to search by user and window, partitioned like the
   * interactions (viewer_id = user_id buckets): the same join finds the named impression when it
   * was shown to the same user. {@code named}: the impressions to search by impression_id across
   * users, for the few interactions the first join left unresolved (a broadcast of those).
   */
  public static Dataset<Row> attribute(
      Dataset<Row> interactions,
      Dataset<Row> byUser,
      Dataset<Row> named,
      Duration attributionWindow,
      int lookupDays) {
    return attribute(interactions, byUser, named, attributionWindow, lookupDays, null);
  }

  /**
   * As {@link #attribute(Dataset, Dataset, Dataset, Duration, int)} for one night that attributes
   * its own interactions (landed on {@code night}) and updates the open ones of earlier nights in
   * one pass: an interaction landed before {@code night} only looks at impressions landed on it.
   */
  public static Dataset<Row> attribute(
      Dataset<Row> interactions,
      Dataset<Row> byUser,
      Dataset<Row> named,
      Duration attributionWindow,
      int lookupDays,
      java.time.LocalDate night) {
    Dataset<Row> picked = pickByUser(interactions, byUser, attributionWindow, lookupDays, night);
    return resolveNamed(picked, named, lookupDays, night);
  }

  /**
   * The first half of {@link #attribute}: each interaction with the candidate the join by user
   * picks (the named impression when it was shown to the same user, else the latest in the
   * window; {@code _i_} columns, {@code _i_named}). {@link #resolveNamed} reads it twice — for
   * the few interactions that still look up their impression_id, and to add what they found — so
   * a caller that keeps it (persist) computes the join once.
   */
  public static Dataset<Row> pickByUser(
      Dataset<Row> interactions,
      Dataset<Row> byUser,
      Duration attributionWindow,
      int lookupDays,
      java.time.LocalDate night) {
    RequiredColumns.check(
        interactions, "attribute", "event_id", "note_id", "user_id", "ts", "impression_id", "dt");
    Dataset<Row> open =
        Arrays.asList(interactions.columns()).contains("found_by")
            ? interactions
            : withNoAttribution(interactions);
    Column pending = pending();
    Column news = news(night);
    Column isNamed =
        col("impression_id").equalTo(col("_i_event_id"))
            .and(col("_i_dt").geq(date_sub(col("dt"), lookupDays)))
            .and(news);
    Column pick =
        row_number()
            .over(
                Window.partitionBy("user_id", "event_id", "dt")
                    .orderBy(
                        coalesce(isNamed, lit(false)).desc(), candidateKey().desc_nulls_last()));
    Dataset<Row> candidates = candidates(byUser);
    return open.join(
            candidates,
            pending
                .and(col("note_id").equalTo(col("_i_note_id")))
                .and(col("user_id").equalTo(col("_i_viewer_id")))
                .and(news)
                .and(isNamed.or(inWindow(attributionWindow))),
            "left")
        .withColumn("_i_pick", pick)
        .filter(col("_i_pick").equalTo(1))
        .drop("_i_pick")
        .withColumn("_i_named", coalesce(isNamed, lit(false)));
  }

  /**
   * The second half of {@link #attribute}: the interactions {@link #pickByUser} left without
   * their named impression look it up in {@code named}, and every interaction gets its attribution
   * and {@code attribution_changed}.
   */
  public static Dataset<Row> resolveNamed(
      Dataset<Row> picked, Dataset<Row> named, int lookupDays, java.time.LocalDate night) {
    RequiredColumns.check(picked, "resolveNamed", "_i_named", "_i_event_id", "found_by");
    String[] columns =
        Arrays.stream(picked.columns()).filter(c -> !c.startsWith("_i_")).toArray(String[]::new);
    Column pending = pending();
    // The named impression of another user, or older than byUser reaches: few rows look, and
    // what they find is broadcast back onto the interactions. Those are still partitioned by
    // user, so the pick among several impressions found (ids collide across viewers) needs no
    // shuffle; picking them apart, by lookup, would shuffle the found rows with the
    // impressions' lineage behind them.
    Dataset<Row> lookups =
        picked
            .filter(pending.and(col("impression_id").isNotNull()).and(col("_i_named").equalTo(false)))
            .select(col("user_id").as("_n_user_id"), col("event_id").as("_n_event_id"),
                col("note_id").as("_n_note_id"), col("impression_id").as("_n_impression_id"),
                col("dt").as("_n_dt"));
    List<Column> found =
        new ArrayList<>(List.of(col("_n_user_id"), col("_n_event_id"), col("_n_dt")));
    for (String c : CANDIDATE_COLUMNS) {
      found.add(col("_i_" + c).as("_f_" + c));
    }

    Dataset<Row> foundById =
        org.apache.spark.sql.functions.broadcast(lookups)
            .join(
                candidates(named),
                col("_n_note_id").equalTo(col("_i_note_id"))
                    .and(col("_n_impression_id").equalTo(col("_i_event_id")))
                    .and(col("_i_dt").geq(date_sub(col("_n_dt"), lookupDays)))
                    .and(news(night, "_n_dt")))
            .select(found.toArray(Column[]::new));
    Dataset<Row> merged =
        picked
            .join(
                org.apache.spark.sql.functions.broadcast(foundById),
                col("user_id")
                    .equalTo(col("_n_user_id"))
                    .and(col("event_id").equalTo(col("_n_event_id")))
                    .and(col("dt").equalTo(col("_n_dt"))),
                "left")
            .withColumn(
                "_f_pick",
                row_number()
                    .over(Window.partitionBy("user_id", "event_id", "dt").orderBy(namedPreference("_f_"))))
            .filter(col("_f_pick").equalTo(1));

    Column byIdNow = col("_i_named").or(col("_f_event_id").isNotNull());
    Column byUserNow = col("_i_event_id").isNotNull().and(not(col("_i_named")));
    List<Column> out = new ArrayList<>();
    for (String c : columns) {
      if (!COLUMNS.contains(c)) {
        out.add(col(c));
      }
    }

    out.add(chosen("impression_class", byIdNow, byUserNow, "attributed_class").as("attributed_class"));
    out.add(chosen("level", byIdNow, byUserNow, "attributed_level").as("attributed_level"));
    out.add(chosen("surface", byIdNow, byUserNow, "attributed_surface").as("attributed_surface"));
    out.add(chosen("viewer_is_new", byIdNow, byUserNow, "attributed_viewer_is_new").as("attributed_viewer_is_new"));
    out.add(chosen("ts", byIdNow, byUserNow, "attributed_impression_ts").as("attributed_impression_ts"));
    out.add(chosen("dt", byIdNow, byUserNow, "attributed_impression_dt").as("attributed_impression_dt"));
    out.add(
        when(byIdNow, lit(BY_ID)).when(byUserNow, lit(BY_USER)).otherwise(col("found_by")).as("found_by"));
    out.add(byIdNow.or(byUserNow).as("attribution_changed"));
    return merged.select(out.toArray(Column[]::new))
        .withColumn("attributed_class", coalesce(col("attributed_class"), lit(UNATTRIBUTED)));
  }

  /** Interactions whose attribution can still change: not found by id yet. */
  private static Column pending() {
    return coalesce(col("found_by"), lit("")).notEqual(BY_ID);
  }

  /**
   * For a night that updates the open interactions ({@code night} not null): a pair of an
   * interaction (its landing day in {@code interactionDt}) and a candidate is new if either
   * landed on the night; what is older was seen before.
   */
  private static Column news(java.time.LocalDate night, String interactionDt) {
    return night == null
        ? lit(true)
        : DateMatch.isDay(col(interactionDt), night).or(DateMatch.isDay(col("_i_dt"), night));
  }

  private static Column news(java.time.LocalDate night) {
    return news(night, "dt");
  }

  /** The attribution columns of an interaction nothing was found for yet. */
  public static Dataset<Row> withNoAttribution(Dataset<Row> interactions) {
    return interactions
        .withColumn("attributed_class", lit(UNATTRIBUTED))
        .withColumn("attributed_level", lit(null).cast("int"))
        .withColumn("attributed_surface", lit(null).cast("string"))
        .withColumn("attributed_viewer_is_new", lit(null).cast("boolean"))
        .withColumn("attributed_impression_ts", lit(null).cast("timestamp"))
        .withColumn("attributed_impression_dt", lit(null).cast("date"))
        .withColumn("found_by", lit(null).cast("string"));
  }

  /** The candidate's value when found now (by id first, then by user), else the current one. */
  private static Column chosen(String candidate, Column byIdNow, Column byUserNow, String current) {
    Column byIdValue = coalesce(col("_i_named"), lit(false));
    return when(byIdNow, when(byIdValue, col("_i_" + candidate)).otherwise(col("_f_" + candidate)))
        .when(byUserNow, col("_i_" + candidate))
        .otherwise(col(current));
  }

  private static Column not(Column c) {
    return org.apache.spark.sql.functions.not(c);
  }

  /**
   * Which impression an impression_id names when event ids collide across viewers (copies are
   * matched per viewer): the one shown to the same user, else the earliest landed.
   */
  private static Column[] namedPreference() {
    return namedPreference("_i_");
  }

  /** {@link #namedPreference()} over candidate columns named {@code prefix} + column. */
  private static Column[] namedPreference(String prefix) {
    return new Column[] {
      col(prefix + "viewer_id").equalTo(col("user_id")).desc(), candidateKey(prefix).asc()
    };
  }

  private static Column inWindow(Duration attributionWindow) {
    return col("_i_ts").between(Elapsed.minus(col("ts"), attributionWindow), col("ts"));
  }

  private static Column candidateKey() {
    return candidateKey("_i_");
  }

  /** A candidate's ordering key (landing date, ts, event id) from columns named prefix + column. */
  private static Column candidateKey(String prefix) {
    return struct(col(prefix + "dt"), col(prefix + "ts"), col(prefix + "event_id"));
  }

  private static Dataset<Row> candidates(Dataset<Row> impressions) {
    RequiredColumns.check(impressions, "attribution candidates", CANDIDATE_COLUMNS);
    List<Column> cols = new ArrayList<>();
    for (String c : CANDIDATE_COLUMNS) {
      cols.add(col(c).as("_i_" + c));
    }

    return impressions.select(cols.toArray(Column[]::new));
  }

  private static Column[] attributed(String[] interactionColumns, String foundBy) {
    List<Column> cols = new ArrayList<>(List.of(columns(interactionColumns)));
    cols.add(coalesce(col("_i_impression_class"), lit(UNATTRIBUTED)).as("attributed_class"));
    cols.add(col("_i_level").as("attributed_level"));
    cols.add(col("_i_surface").as("attributed_surface"));
    cols.add(col("_i_viewer_is_new").as("attributed_viewer_is_new"));
    cols.add(col("_i_ts").as("attributed_impression_ts"));
    cols.add(col("_i_dt").as("attributed_impression_dt"));
    cols.add(when(col("_i_event_id").isNotNull(), lit(foundBy)).as("found_by"));
    return cols.toArray(Column[]::new);
  }

  private static Column[] columns(String[] names) {
    return Arrays.stream(names).map(n -> col(n)).toArray(Column[]::new);
  }
}
