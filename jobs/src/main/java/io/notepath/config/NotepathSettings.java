package io.notepath.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every setting of the nightly job, read once and validated before Spark starts.
 *
 * <p>Precedence (highest first): key=value overrides on the command line, -D system properties,
 * the file named by --config (or -Dconfig.file), reference.conf in the jar. Defaults live only in
 * reference.conf; a missing key there is a bug, so reads here never supply a fallback.
 */
public record NotepathSettings(
    String inputRoot,
    Map<String, InputTable> inputTables,
    long maxRecordBytes,
    Instant minTimestamp,
    Duration maxFutureSkew,
    int maxLateDays,
    String outputRoot,
    String outputCompression,
    ZoneId timeZone,
    List<Integer> poolLadder,
    Duration attributionWindow,
    int windowDays,
    int dedupeLookbackDays,
    int seedingMinInteractions,
    List<AuthorTier> authorTiers,
    double maxRejectRatio,
    int rejectRecordMaxChars,
    boolean reuseJudgedState,
    boolean rebuildState,
    int stateBuckets) {

  public static final String INPUT_ROOT = "notepath.input.root";
  public static final String INPUT_TABLES = "notepath.input.tables";
  public static final String MAX_RECORD_BYTES = "notepath.input.max-record-bytes";
  public static final String MIN_TIMESTAMP = "notepath.input.min-timestamp";
  public static final String MAX_FUTURE_SKEW = "notepath.input.max-future-skew";
  public static final String MAX_LATE_DAYS = "notepath.input.max-late-days";
  public static final String OUTPUT_ROOT = "notepath.output.root";
  public static final String OUTPUT_COMPRESSION = "notepath.output.compression";
  public static final String TIME_ZONE = "notepath.time-zone";
  public static final String POOL_LADDER = "notepath.stages.pool-ladder";
  public static final String ATTRIBUTION_WINDOW = "notepath.stages.attribution-window";
  public static final String WINDOW_DAYS = "notepath.stages.window-days";
  public static final String DEDUPE_LOOKBACK_DAYS = "notepath.stages.dedupe-lookback-days";
  public static final String SEEDING_MIN_INTERACTIONS = "notepath.seeding.min-interactions";
  public static final String AUTHOR_TIERS = "notepath.authors.tiers";
  public static final String MAX_REJECT_RATIO = "notepath.quality.max-reject-ratio";
  public static final String REJECT_RECORD_MAX_CHARS = "notepath.quality.reject-record-max-chars";
  public static final String REUSE_JUDGED_STATE = "notepath.state.reuse-judged";
  public static final String REBUILD_STATE = "notepath.state.rebuild";
  public static final String STATE_BUCKETS = "notepath.state.buckets";

  /** The input tables of the contract, by the name used in config and in the accounting. */
  public static final List<String> TABLE_NAMES =
      List.of("notes", "impressions", "interactions", "official_picks");

  /** Where one input table lives under the input root, and how it is stored. */
  public record InputTable(String path, Format format) {}

  /** Storage format of an input table. */
  public enum Format {
    JSON,
    PARQUET
  }

  /** An author tier: authors with at least {@code min} followers (and fewer than the next tier). */
  public record AuthorTier(String name, long min) {}

  /**
   * Reads and validates every setting. Throws {@link InvalidSettingsException} naming the key and
   * what was expected; never starts Spark.
   */
  public static NotepathSettings from(Config config) {
    try {
      NotepathSettings settings =
          new NotepathSettings(
              nonBlank(config, INPUT_ROOT),
              inputTables(config),
              positiveLong(config, MAX_RECORD_BYTES),
              instant(config, MIN_TIMESTAMP),
              config.getDuration(MAX_FUTURE_SKEW),
              nonNegativeInt(config, MAX_LATE_DAYS),
              nonBlank(config, OUTPUT_ROOT),
              compression(config),
              zone(config),
              ladder(config),
              positiveDuration(config, ATTRIBUTION_WINDOW),
              positiveInt(config, WINDOW_DAYS),
              nonNegativeInt(config, DEDUPE_LOOKBACK_DAYS),
              nonNegativeInt(config, SEEDING_MIN_INTERACTIONS),
              tiers(config),
              ratio(config, MAX_REJECT_RATIO),
              positiveInt(config, REJECT_RECORD_MAX_CHARS),
              config.getBoolean(REUSE_JUDGED_STATE),
              config.getBoolean(REBUILD_STATE),
              positiveInt(config, STATE_BUCKETS));
      return settings;
    } catch (ConfigException.Missing e) {
      throw new InvalidSettingsException("missing setting: " + e.getMessage(), e);
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      throw new InvalidSettingsException(e.getMessage(), e);
    }
  }

  /** The input table settings of one contract table (notes, impressions, interactions, official_picks). */
  public InputTable inputTable(String table) {
    InputTable t = inputTables.get(table);
    if (t == null) {
      throw new IllegalArgumentException("not an input table: " + table);
    }

    return t;
  }

  /**
   * Landing days before the run date that hold every event of every note whose row the run still
   * writes (K). A cohort P is rewritten until P + windowDays + maxLateDays (one day later across a
   * spring-forward), and an event of P can land up to the future-skew limit before its own date.
   * It is also how far back an interaction's impression_id is looked up.
   */
  public int pathScopeDays() {
    return windowDays + maxLateDays + futureSkewDays() + daylightSavingDay();
  }

  /**
   * Landing days before the run date whose interactions can still change (R′): an interaction
   * dated E can be attributed to an impression landing up to E + maxLateDays, and E may lie
   * futureSkewDays after the interaction's own landing date.
   */
  public int openInteractionDays() {
    return maxLateDays + futureSkewDays() + daylightSavingDay();
  }

  /**
   * Landing days of impressions an interaction landing on the run date may be attributed to by
   * user and window (R): its own date is at least run date − maxLateDays, the window reaches
   * attribution-window further back, and an impression lands up to futureSkewDays before its date.
   */
  public int attributionReachDays() {
    return maxLateDays + wholeDays(attributionWindow) + futureSkewDays() + daylightSavingDay();
  }

  /**
   * Landing days of judged events kept in the state (H): the path scope, plus the open
   * interactions' own reach back (their impression_id may name an impression landed K days
   * before them), so that the state can be rebuilt from what it keeps.
   */
  public int stateDays() {
    return Math.max(pathScopeDays() + openInteractionDays(), dedupeLookbackDays);
  }

  /**
   * Landing days read from the raw logs when the history is judged from them: the kept days,
   * whose earliest events need dedupeLookbackDays more days to be de-duplicated.
   */
  public int historyDays() {
    return stateDays() + dedupeLookbackDays;
  }

  /** Whole days an event's own date may lie after its landing date (input.max-future-skew). */
  public int futureSkewDays() {
    return wholeDays(maxFutureSkew);
  }

  /** One more day where the zone has daylight saving time: 24 h can span two calendar days. */
  private int daylightSavingDay() {
    return timeZone.getRules().isFixedOffset() ? 0 : 1;
  }

  private static int wholeDays(Duration d) {
    long day = Duration.ofDays(1).toNanos();
    return (int) ((d.toNanos() + day - 1) / day);
  }

  /** The ladder as an int array: ladder[0] closes the cold-start pool. */
  public int[] ladderArray() {
    return poolLadder.stream().mapToInt(Integer::intValue).toArray();
  }

  private static Map<String, InputTable> inputTables(Config config) {
    Map<String, InputTable> tables = new TreeMap<>();
    for (String table : TABLE_NAMES) {
      String key = INPUT_TABLES + "." + table.replace('_', '-');
      String path = nonBlank(config, key + ".path");
      String format = config.getString(key + ".format").trim().toLowerCase(Locale.ROOT);
      Format parsed =
          switch (format) {
            case "json", "jsonl" -> Format.JSON;
            case "parquet" -> Format.PARQUET;
            default ->
                throw new InvalidSettingsException(
                    key + ".format: expected json or parquet, got '" + format + "'");
          };
      tables.put(table, new InputTable(path, parsed));
    }

    return Map.copyOf(tables);
  }

  private static List<Integer> ladder(Config config) {
    List<Integer> ladder;
    try {
      ladder = config.getIntList(POOL_LADDER);
    } catch (ConfigException.WrongType e) {
      throw new InvalidSettingsException(
          POOL_LADDER + ": expected a list of three ascending positive integers, e.g. [50, 500, 5000]", e);
    }

    boolean ascending = ladder.size() == 3 && ladder.get(0) > 0;
    for (int i = 1; ascending && i < ladder.size(); i++) {
      ascending = ladder.get(i) > ladder.get(i - 1);
    }

    if (!ascending) {
      throw new InvalidSettingsException(
          POOL_LADDER + ": expected three ascending positive integers, e.g. [50, 500, 5000], got " + ladder);
    }

    return List.copyOf(ladder);
  }

  private static List<AuthorTier> tiers(Config config) {
    List<AuthorTier> tiers = new ArrayList<>();
    try {
      for (Config tier : config.getConfigList(AUTHOR_TIERS)) {
        tiers.add(new AuthorTier(tier.getString("name"), tier.getLong("min")));
      }
    } catch (ConfigException e) {
      throw new InvalidSettingsException(
          AUTHOR_TIERS + ": expected a list of { name = string, min = integer }: " + e.getMessage(), e);
    }

    boolean ok = !tiers.isEmpty() && tiers.get(0).min() == 0;
    for (int i = 1; ok && i < tiers.size(); i++) {
      ok = tiers.get(i).min() > tiers.get(i - 1).min();
    }

    if (!ok) {
      throw new InvalidSettingsException(
          AUTHOR_TIERS + ": expected tiers in ascending min order, the first with min = 0");
    }

    return List.copyOf(tiers);
  }

  private static String compression(Config config) {
    String codec = config.getString(OUTPUT_COMPRESSION).trim().toLowerCase(Locale.ROOT);
    if (!List.of("zstd", "snappy", "gzip", "lz4", "none", "uncompressed").contains(codec)) {
      throw new InvalidSettingsException(
          OUTPUT_COMPRESSION + ": expected zstd, snappy, gzip, lz4 or none, got '" + codec + "'");
    }

    return codec;
  }

  private static ZoneId zone(Config config) {
    String zone = config.getString(TIME_ZONE);
    try {
      return ZoneId.of(zone);
    } catch (RuntimeException e) {
      throw new InvalidSettingsException(
          TIME_ZONE + ": expected a time zone id such as UTC or Asia/Shanghai, got '" + zone + "'", e);
    }
  }

  private static Instant instant(Config config, String key) {
    String value = config.getString(key);
    try {
      return Instant.parse(value);
    } catch (RuntimeException e) {
      throw new InvalidSettingsException(
          key + ": expected an ISO-8601 instant such as 2000-01-01T00:00:00Z, got '" + value + "'", e);
    }
  }

  private static String nonBlank(Config config, String key) {
    String value = config.getString(key);
    if (value.isBlank()) {
      throw new InvalidSettingsException(key + ": expected a non-empty string");
    }

    return value;
  }

  private static int positiveInt(Config config, String key) {
    int value = config.getInt(key);
    if (value <= 0) {
      throw new InvalidSettingsException(key + ": expected a positive integer, got " + value);
    }

    return value;
  }

  private static int nonNegativeInt(Config config, String key) {
    int value = config.getInt(key);
    if (value < 0) {
      throw new InvalidSettingsException(key + ": expected an integer >= 0, got " + value);
    }

    return value;
  }

  private static long positiveLong(Config config, String key) {
    long value = config.getLong(key);
    if (value <= 0) {
      throw new InvalidSettingsException(key + ": expected a positive integer, got " + value);
    }

    return value;
  }

  private static Duration positiveDuration(Config config, String key) {
    Duration value = config.getDuration(key);
    if (value.isNegative() || value.isZero()) {
      throw new InvalidSettingsException(key + ": expected a positive duration such as 24h, got " + value);
    }

    return value;
  }

  private static double ratio(Config config, String key) {
    double value = config.getDouble(key);
    if (value < 0 || value > 1) {
      throw new InvalidSettingsException(key + ": expected a number between 0 and 1, got " + value);
    }

    return value;
  }
}
