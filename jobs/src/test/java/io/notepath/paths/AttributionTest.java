package io.notepath.paths;

import static io.notepath.paths.PathFixtures.ATTRIBUTED_FULL;
import static io.notepath.paths.PathFixtures.CLASSIFIED;
import static io.notepath.paths.PathFixtures.D1;
import static io.notepath.paths.PathFixtures.D2;
import static io.notepath.paths.PathFixtures.D3;
import static io.notepath.paths.PathFixtures.INTERACTIONS_IN_PATH;
import static io.notepath.paths.PathFixtures.P;
import static io.notepath.paths.PathFixtures.impression;
import static io.notepath.paths.PathFixtures.interaction;
import static io.notepath.paths.PathFixtures.plus;
import static io.notepath.paths.PathFixtures.t;
import static io.notepath.testing.DatasetAssert.assertSameRows;
import static io.notepath.testing.DatasetAssert.rows;

import io.notepath.testing.SparkTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Attribution window 24 h. Impressions (already classified; n1 and n2 published 03-01 00:00):
 *
 * <pre>
 * i1 n1 u1 03-01 10:00 dt 03-01 home_feed  explore L1 new
 * i2 n1 u2 03-01 12:00 dt 03-01 follow_feed fan    L0
 * i3 n1 u3 03-01 09:00 dt 03-02 hot_feed   explore L2   (landed late)
 * i4 n1 u3 03-01 11:00 dt 03-01 search     organic L0
 * i5 n1 u4 03-01 08:00 dt 03-01 official   official L0
 * i6 n1 u5 03-03 01:00 dt 03-03 home_feed  explore null (after the window)
 * i7 n1 u6 03-01 15:00 dt 03-01 search     organic L0
 * i8 n1 u6 03-01 15:00 dt 03-01 home_feed  explore L2   (ties i7 on dt and ts)
 * j1 n2 u1 03-01 10:30 dt 03-01 follow_feed fan    L0
 * </pre>
 */
@SparkTest
class AttributionTest {
  private static final Duration WINDOW = Duration.ofHours(24);
  /** How far back an impression_id is looked up (the path scope). */
  private static final int REACH = 34;

  /** A classified impression; fan means follower, i1 is the only new viewer. */
  private static Object[] classified(
      String id, String noteId, String viewer, String ts, LocalDate dt, String surface, String cls,
      Integer level) {
    boolean inPath = !(cls.equals("explore") && level == null);
    return plus(
        impression(id, noteId, viewer, at(ts), surface, cls.equals("fan"), id.equals("i1"), dt),
        P,
        cls,
        inPath,
        level);
  }

  /** "MM-ddTHH:mm[:ss[.SSSSSS]]" in 2024, UTC. */
  private static Instant at(String ts) {
    return t("2024-" + ts);
  }

  private static Dataset<Row> impressions(SparkSession spark) {
    return rows(
        spark,
        CLASSIFIED,
        classified("i1", "n1", "u1", "03-01T10:00", D1, "home_feed", "explore", 1),
        classified("i2", "n1", "u2", "03-01T12:00", D1, "follow_feed", "fan", 0),
        classified("i3", "n1", "u3", "03-01T09:00", D2, "hot_feed", "explore", 2),
        classified("i4", "n1", "u3", "03-01T11:00", D1, "search", "organic", 0),
        classified("i5", "n1", "u4", "03-01T08:00", D1, "official", "official", 0),
        classified("i6", "n1", "u5", "03-03T01:00", D3, "home_feed", "explore", null),
        classified("i7", "n1", "u6", "03-01T15:00", D1, "search", "organic", 0),
        classified("i8", "n1", "u6", "03-01T15:00", D1, "home_feed", "explore", 2),
        classified("j1", "n2", "u1", "03-01T10:30", D1, "follow_feed", "fan", 0));
  }

  private static Object[] act(
      String id, String noteId, String user, String ts, String action, String impressionId,
      LocalDate dt, boolean inPath) {
    return plus(interaction(id, noteId, user, at(ts), action, impressionId, dt), inPath);
  }

  private static final Object[] A1 = act("a1", "n1", "u9", "03-01T10:05", "like", "i1", D1, true);
  private static final Object[] A2 = act("a2", "n1", "u1", "03-01T13:00", "like", "j1", D1, true);
  private static final Object[] A3 =
      act("a3", "n1", "u3", "03-01T20:00", "comment", null, D1, true);
  private static final Object[] A4 =
      act("a4", "n1", "u4", "03-02T08:00", "collect", null, D2, true);
  private static final Object[] A5 =
      act("a5", "n1", "u4", "03-02T08:00:00.000001", "like", null, D2, true);
  private static final Object[] A6 = act("a6", "n1", "u2", "03-01T11:00", "like", "nope", D1, true);
  private static final Object[] A7 = act("a7", "n1", "u2", "03-01T12:00", "open", null, D1, true);
  private static final Object[] A8 = act("a8", "n2", "u1", "03-01T11:00", "like", "i1", D1, true);
  private static final Object[] A9 = act("a9", "n1", "u1", "03-03T10:00", "like", "i1", D3, false);
  private static final Object[] A10 =
      act("a10", "n1", "u5", "03-03T02:00", "like", null, D3, false);
  private static final Object[] A11 =
      act("a11", "n1", "u6", "03-01T16:00", "like", null, D1, true);

  @Test
  void eachAttributionPath(SparkSession spark) {
    Dataset<Row> interactions =
        rows(spark, INTERACTIONS_IN_PATH, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11);

    Dataset<Row> expected =
        rows(
            spark,
            ATTRIBUTED_FULL,
            // (1) impression_id i1 is n1's: taken although its viewer (u1) is not the user (u9)
            plus(A1, "explore", 1, "home_feed", true, t("2024-03-01T10:00"), D1, "id"),
            // j1 is n2's impression: not found for n1 -> (2) u1's latest n1 impression within
            // 24 h before 13:00 is i1 (not the fan impression j1)
            plus(A2, "explore", 1, "home_feed", true, t("2024-03-01T10:00"), D1, "user"),
            // (2) u3 has i3 (dt 03-02, 09:00) and i4 (dt 03-01, 11:00) in the window: the greatest
            // ordering key is i3 (later landing date), though its ts is earlier
            plus(A3, "explore", 2, "hot_feed", false, t("2024-03-01T09:00"), D2, "user"),
            // (2) i5 is exactly 24 h older: the window's lower end is inclusive
            plus(A4, "official", 0, "official", false, t("2024-03-01T08:00"), D1, "user"),
            // (3) 24 h + 1 us after i5: out of the window, nothing else -> unattributed
            plus(A5, "unattributed", null, null, null, null, null, null),
            // impression_id not found; u2's only impression (12:00) is after the interaction
            // (11:00): the window ends at the interaction -> unattributed
            plus(A6, "unattributed", null, null, null, null, null, null),
            // (2) i2 at exactly the interaction's ts: the upper end is inclusive
            plus(A7, "fan", 0, "follow_feed", false, t("2024-03-01T12:00"), D1, "user"),
            // i1 is n1's impression: not found for n2 -> (2) u1's n2 impression j1
            plus(A8, "fan", 0, "follow_feed", false, t("2024-03-01T10:30"), D1, "user"),
            // (1) applies whatever the age of the impression (2 days): no window on step 1
            plus(A9, "explore", 1, "home_feed", true, t("2024-03-01T10:00"), D1, "id"),
            // (2) i6 is outside its note's path: class explore, level null
            plus(A10, "explore", null, "home_feed", false, t("2024-03-03T01:00"), D3, "user"),
            // (2) i7 and i8 tie on dt and ts: "i8" > "i7" is the greater key
            plus(A11, "explore", 2, "home_feed", false, t("2024-03-01T15:00"), D1, "user"));
    assertSameRows(
        expected, Attribution.withAttribution(interactions, impressions(spark), WINDOW, REACH));
    // The night's way gives the same: one join by user (same-user impression_id matches too),
    // a lookup across users for the rest.
    assertSameRows(
        expected,
        Attribution.attribute(interactions, impressions(spark), impressions(spark), WINDOW, REACH)
            .drop("attribution_changed"));
  }

  /**
   * An impression_id is looked up at most the path scope back (here 1 day): a9 (landed 03-03)
   * names i1 (landed 03-01) and falls back to the window, which has nothing for u1 then.
   */
  @Test
  void anImpressionIdIsLookedUpWithinThePathScope(SparkSession spark) {
    Dataset<Row> interactions = rows(spark, INTERACTIONS_IN_PATH, A9, A1);
    Dataset<Row> expected =
        rows(
            spark,
            ATTRIBUTED_FULL,
            plus(A9, "unattributed", null, null, null, null, null, null),
            plus(A1, "explore", 1, "home_feed", true, t("2024-03-01T10:00"), D1, "id"));
    assertSameRows(expected, Attribution.withAttribution(interactions, impressions(spark), WINDOW, 1));
    assertSameRows(
        expected,
        Attribution.attribute(interactions, impressions(spark), impressions(spark), WINDOW, 1)
            .drop("attribution_changed"));
  }

  /**
   * Open interactions are updated from a later night's impressions only: what they had stays
   * unless an impression of that night is found for them, by id or by user and window.
   */
  @Test
  void openInteractionsMoveOnlyToImpressionsOfTheNight(SparkSession spark) {
    Dataset<Row> all = impressions(spark);
    Dataset<Row> before = all.filter("dt < date'2024-03-02'");
    Dataset<Row> night = all.filter("dt = date'2024-03-02'");
    Dataset<Row> interactions = rows(spark, INTERACTIONS_IN_PATH, A3, A4, A6);
    // Night 03-01: a3 finds i4 (u3's only impression then); a4 i5; a6 nothing ("nope" unknown).
    Dataset<Row> first = Attribution.attribute(interactions, before, before, WINDOW, REACH);
    // Night 03-02: i3 lands, u3's impression in a3's window with a greater key: a3 moves to it.
    Dataset<Row> second =
        Attribution.attribute(first.drop("attribution_changed"), night, night, WINDOW, REACH);
    StructType withChanged = ATTRIBUTED_FULL.add("attribution_changed", DataTypes.BooleanType);
    assertSameRows(
        rows(
            spark,
            withChanged,
            plus(A3, "explore", 2, "hot_feed", false, t("2024-03-01T09:00"), D2, "user", true),
            plus(A4, "official", 0, "official", false, t("2024-03-01T08:00"), D1, "user", false),
            plus(A6, "unattributed", null, null, null, null, null, null, false)),
        second);
    // Across the two nights, the same as attributing from both at once.
    assertSameRows(
        Attribution.withAttribution(interactions, all, WINDOW, REACH), second.drop("attribution_changed"));
  }

  @Test
  void noInteractionIsDroppedOrDuplicated(SparkSession spark) {
    // u6 has two impressions in the window and a1's impression_id also matches: one row each
    Dataset<Row> interactions = rows(spark, INTERACTIONS_IN_PATH, A1, A11, A5);
    Dataset<Row> out = Attribution.withAttribution(interactions, impressions(spark), WINDOW, REACH);
    Dataset<Row> ids = out.select("event_id");
    assertSameRows(interactions.select("event_id"), ids);
  }
}
