package io.notepath.simulate;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.notepath.config.InvalidSettingsException;
import io.notepath.config.NotepathSettings;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every setting of the platform simulator ({@code notepath.simulate.*}), read once and validated
 * before Spark starts. The pool ladder, the analysis window and the time zone are the job's own
 * ({@code notepath.stages.pool-ladder}, {@code notepath.stages.window-days}, {@code
 * notepath.time-zone}), so simulated data always fits the stage model it is meant to test. Defaults
 * and where each comes from are in reference.conf; none are repeated here.
 *
 * <p>Validation also guarantees what the ground truth relies on: every explore pool fits in the
 * analysis window and can be served at distinct milliseconds, so in a fault-free run the job's
 * count-based levels equal the pools that served the impressions.
 */
public record SimulateSettings(
    long seed,
    LocalDate startDate,
    int days,
    int notesPerDay,
    int users,
    int authors,
    double newUserShare,
    int minInterestDomains,
    int maxInterestDomains,
    List<String> categories,
    double videoShare,
    Followers followers,
    Fan fan,
    Explore explore,
    Promotion promotion,
    HotFeed hotFeed,
    Official official,
    Seeding seeding,
    Organic organic,
    Rates rates,
    FriendRates friendRates,
    double impressionIdMissingShare,
    double epochMsShare,
    List<String> timestampOffsets,
    Viral viral,
    Faults faults,
    boolean logRecPool,
    Format format,
    boolean gzip,
    int chunkSize,
    int partitions,
    long impressionsPerPartition,
    List<Integer> poolLadder,
    int windowDays,
    ZoneId timeZone) {

  public static final String PREFIX = "notepath.simulate.";

  /** Surfaces organic traffic may use (DESIGN §2), in the order weights are applied. */
  public static final List<String> ORGANIC_SURFACES =
      List.of("search", "profile", "nearby", "other", "share_link");

  /** Largest chunk of impressions one exploded row may expand to. */
  public static final int MAX_CHUNK_SIZE = 100_000;

  private static final long HOUR_MS = 3_600_000L;

  /** Output format of the four input tables. */
  public enum Format {
    JSON,
    PARQUET
  }

  /** Author follower counts: Pareto(min, alpha) capped at max. */
  public record Followers(long min, double alpha, long max) {}

  /** Fan distribution. */
  public record Fan(double reach, double followFeedShare, double hours) {}

  /** Explore distribution; new-user boosts are for other notes and for good notes. */
  public record Explore(
      double share,
      double stallShare,
      double startDelayMinutes,
      List<Double> poolHours,
      double interestMatchShare,
      double newUserGoodQuality,
      double newUserBoostOther,
      double newUserBoostGood,
      long level4Min,
      double level4Alpha,
      long level4Max) {}

  /** Promotion decisions after pools 1..3. */
  public record Promotion(
      List<Double> thresholds,
      double noise,
      double qualityShare,
      double seedingWeight,
      double delayHours) {}

  /** Hot-feed exposure of explore impressions in pools at or above minLevel. */
  public record HotFeed(int minLevel, double share) {}

  /** Official-account picks. */
  public record Official(int minLevel, double pickShare, long impressions, double hours) {}

  /** Friends' seeding. */
  public record Seeding(
      double share, int minFriends, int maxFriends, double hours, double followFeedShare) {}

  /** Organic traffic: share of all traffic, span in days, surface weights (insertion order). */
  public record Organic(double share, double days, Map<String, Double> surfaceWeights) {}

  /** A probability that grows linearly with quality: atZero at q = 0, atOne at q = 1. */
  public record Range(double atZero, double atOne) {}

  /**
   * Viewer behaviour: open per impression, the rest per open; unlike / uncollect per like /
   * collect.
   */
  public record Rates(
      Range open,
      Range like,
      Range collect,
      Range comment,
      Range share,
      Range follow,
      double unlike,
      double uncollect) {}

  /** Behaviour of friends asked to seed a note. */
  public record FriendRates(
      double open, double like, double collect, double comment, double share) {}

  /** Viral notes: how many, and their explore impressions. */
  public record Viral(int notes, long impressions) {}

  /** Fault probabilities per clean row; a late row lands 1..lateDays days after its own date. */
  public record Faults(
      double duplicate,
      double duplicateNextDayShare,
      double late,
      int lateDays,
      double malformed,
      double unknownNote,
      double beforePublish) {

    /** True when any fault is injected. */
    public boolean any() {
      return duplicate > 0 || late > 0 || malformed > 0 || unknownNote > 0 || beforePublish > 0;
    }
  }

  /**
   * Reads and validates the simulator settings from a resolved config (see {@link
   * io.notepath.config.SettingsLoader#load}). Throws {@link InvalidSettingsException} naming the
   * key; never starts Spark.
   */
  public static SimulateSettings from(Config config) {
    NotepathSettings job = NotepathSettings.from(config);
    try {
      Reader r = new Reader(config);
      SimulateSettings s =
          new SimulateSettings(
              config.getLong(PREFIX + "seed"),
              r.date("start-date"),
              r.positiveInt("days"),
              r.positiveInt("notes-per-day"),
              r.positiveInt("users"),
              r.positiveInt("authors"),
              r.share("new-user-share"),
              r.intPair("interest-domains").get(0),
              r.intPair("interest-domains").get(1),
              r.categories(),
              r.share("video-share"),
              new Followers(
                  r.positiveLong("followers.min"),
                  r.positiveDouble("followers.alpha"),
                  r.positiveLong("followers.max")),
              new Fan(
                  r.nonNegativeDouble("fan.reach"),
                  r.share("fan.follow-feed-share"),
                  r.positiveDouble("fan.hours")),
              explore(r),
              new Promotion(
                  r.doubles("promotion.thresholds", 3),
                  r.nonNegativeDouble("promotion.noise"),
                  r.share("promotion.quality-share"),
                  r.nonNegativeDouble("promotion.seeding-weight"),
                  r.nonNegativeDouble("promotion.delay-hours")),
              new HotFeed(r.level("hot-feed.min-level"), r.share("hot-feed.share")),
              new Official(
                  r.level("official.min-level"),
                  r.share("official.pick-share"),
                  r.nonNegativeLong("official.impressions"),
                  r.positiveDouble("official.hours")),
              new Seeding(
                  r.share("seeding.share"),
                  r.intPair("seeding.friends").get(0),
                  r.intPair("seeding.friends").get(1),
                  r.positiveDouble("seeding.hours"),
                  r.share("seeding.follow-feed-share")),
              new Organic(
                  r.share("organic.share", 0.99),
                  r.positiveDouble("organic.days"),
                  r.surfaceWeights()),
              new Rates(
                  r.range("rates.open"),
                  r.range("rates.like"),
                  r.range("rates.collect"),
                  r.range("rates.comment"),
                  r.range("rates.share"),
                  r.range("rates.follow"),
                  r.share("rates.unlike"),
                  r.share("rates.uncollect")),
              new FriendRates(
                  r.share("friend-rates.open"),
                  r.share("friend-rates.like"),
                  r.share("friend-rates.collect"),
                  r.share("friend-rates.comment"),
                  r.share("friend-rates.share")),
              r.share("impression-id-missing-share"),
              r.share("epoch-ms-share"),
              r.offsets(),
              new Viral(r.nonNegativeInt("viral.notes"), r.positiveLong("viral.impressions")),
              new Faults(
                  r.share("faults.duplicate"),
                  r.share("faults.duplicate-next-day-share"),
                  r.share("faults.late"),
                  r.positiveInt("faults.late-days"),
                  r.share("faults.malformed"),
                  r.share("faults.unknown-note"),
                  r.share("faults.before-publish")),
              config.getBoolean(PREFIX + "log-rec-pool"),
              r.format(),
              config.getBoolean(PREFIX + "gzip"),
              r.positiveInt("chunk-size"),
              r.nonNegativeInt("partitions"),
              r.positiveLong("impressions-per-partition"),
              job.poolLadder(),
              job.windowDays(),
              job.timeZone());
      s.validate();
      return s;
    } catch (ConfigException.Missing e) {
      throw new InvalidSettingsException("missing setting: " + e.getMessage(), e);
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      throw new InvalidSettingsException(e.getMessage(), e);
    }
  }

  /** All notes over all publish days. */
  public long totalNotes() {
    return (long) days * notesPerDay;
  }

  /** Users 0 .. newUsers()-1 are new; the rest have history (and may follow authors). */
  public long newUsers() {
    return (long) Math.floor(users * newUserShare);
  }

  /** Users with history: the only possible followers and friends. */
  public long returningUsers() {
    return users - newUsers();
  }

  /** The analysis window in milliseconds: every simulated event falls inside it. */
  public long windowMs() {
    return windowDays * 24 * HOUR_MS;
  }

  /**
   * The last landing date written: past the last window by the latest a late row can land
   * (faults.late-days) plus one day for its next-day duplicate.
   */
  public LocalDate lastLandingDate() {
    return startDate.plusDays(days - 1L + windowDays + faults.lateDays() + 1L);
  }

  /** Served size of explore pool k (1..3) when served in full. */
  public long poolSize(int level) {
    int[] ladder = ladder();
    return level == 1 ? ladder[0] : ladder[level - 1] - ladder[level - 2];
  }

  /** The ladder as an int array. */
  public int[] ladder() {
    return poolLadder.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Milliseconds over which explore pool k (1..4) is served. */
  public long poolMs(int level) {
    return (long) (explore.poolHours().get(level - 1) * HOUR_MS);
  }

  private void validate() {
    if (minInterestDomains < 1
        || maxInterestDomains < minInterestDomains
        || maxInterestDomains > categories.size()) {
      throw invalid(
          "interest-domains", "expected [min, max] with 1 <= min <= max <= number of categories");
    }

    if (returningUsers() < categories.size()) {
      throw invalid("users", "expected at least one non-new user per category");
    }

    long explorePath =
        (long) (explore.startDelayMinutes() * 60_000L)
            + 3 * (long) (promotion.delayHours() * HOUR_MS);
    for (int level = 1; level <= 4; level++) {
      explorePath += poolMs(level);
    }

    if (explorePath >= windowMs()) {
      throw invalid(
          "explore.pool-hours",
          "start-delay + pool-hours + 3 x promotion.delay-hours must end inside"
              + " notepath.stages.window-days");
    }

    for (int level = 1; level <= 3; level++) {
      if (poolSize(level) > poolMs(level)) {
        throw invalid(
            "explore.pool-hours",
            "pool " + level + " cannot serve its ladder size at distinct milliseconds");
      }
    }

    if (Math.max(explore.level4Max(), viral.impressions()) > poolMs(4)) {
      throw invalid(
          "explore.pool-hours",
          "pool 4 cannot serve level4-max / viral.impressions at distinct milliseconds");
    }

    if (explore.level4Min() > explore.level4Max()) {
      throw invalid("explore.level4-min", "expected <= explore.level4-max");
    }

    if (viral.notes() > totalNotes()) {
      throw invalid("viral.notes", "expected at most days x notes-per-day");
    }

    if (viral.notes() > 0 && viral.impressions() <= poolLadder.get(2)) {
      throw invalid("viral.impressions", "expected more than the last pool-ladder count");
    }

    if (fan.hours() > windowDays * 24.0
        || official.hours() > windowDays * 24.0
        || seeding.hours() > windowDays * 24.0
        || organic.days() > windowDays) {
      throw invalid(
          "organic.days",
          "fan.hours, official.hours, seeding.hours and organic.days must fit the window");
    }

    if (format == Format.PARQUET && faults.malformed() > 0) {
      throw invalid("faults.malformed", "malformed lines need format = json");
    }

    if (chunkSize > MAX_CHUNK_SIZE) {
      throw invalid("chunk-size", "expected at most " + MAX_CHUNK_SIZE);
    }

    if (seeding.minFriends() < 1 || seeding.maxFriends() < seeding.minFriends()) {
      throw invalid("seeding.friends", "expected [min, max] with 1 <= min <= max");
    }
  }

  private static Explore explore(Reader r) {
    List<Double> boost = r.doubles("explore.new-user-boost", 2);
    return new Explore(
        r.share("explore.share"),
        r.share("explore.stall-share"),
        r.nonNegativeDouble("explore.start-delay-minutes"),
        r.positiveDoubles("explore.pool-hours", 4),
        r.share("explore.interest-match-share"),
        r.share("explore.new-user-good-quality"),
        boost.get(0),
        boost.get(1),
        r.positiveLong("explore.level4-min"),
        r.positiveDouble("explore.level4-alpha"),
        r.positiveLong("explore.level4-max"));
  }

  private static InvalidSettingsException invalid(String key, String message) {
    return new InvalidSettingsException(PREFIX + key + ": " + message);
  }

  /** Typed, range-checked reads of notepath.simulate.* keys. */
  private record Reader(Config config) {
    LocalDate date(String key) {
      String value = config.getString(PREFIX + key);
      try {
        return LocalDate.parse(value);
      } catch (DateTimeParseException e) {
        throw invalid(key, "expected a date such as 2024-01-01, got '" + value + "'");
      }
    }

    int positiveInt(String key) {
      int value = config.getInt(PREFIX + key);
      if (value <= 0) {
        throw invalid(key, "expected a positive integer, got " + value);
      }

      return value;
    }

    int nonNegativeInt(String key) {
      int value = config.getInt(PREFIX + key);
      if (value < 0) {
        throw invalid(key, "expected an integer >= 0, got " + value);
      }

      return value;
    }

    long positiveLong(String key) {
      long value = config.getLong(PREFIX + key);
      if (value <= 0) {
        throw invalid(key, "expected a positive integer, got " + value);
      }

      return value;
    }

    long nonNegativeLong(String key) {
      long value = config.getLong(PREFIX + key);
      if (value < 0) {
        throw invalid(key, "expected an integer >= 0, got " + value);
      }

      return value;
    }

    double positiveDouble(String key) {
      double value = config.getDouble(PREFIX + key);
      if (!(value > 0) || Double.isInfinite(value)) {
        throw invalid(key, "expected a positive number, got " + value);
      }

      return value;
    }

    double nonNegativeDouble(String key) {
      double value = config.getDouble(PREFIX + key);
      if (!(value >= 0) || Double.isInfinite(value)) {
        throw invalid(key, "expected a number >= 0, got " + value);
      }

      return value;
    }

    double share(String key) {
      return share(key, 1.0);
    }

    double share(String key, double max) {
      double value = config.getDouble(PREFIX + key);
      if (!(value >= 0 && value <= max)) {
        throw invalid(key, "expected a number between 0 and " + max + ", got " + value);
      }

      return value;
    }

    int level(String key) {
      int value = config.getInt(PREFIX + key);
      if (value < 1 || value > 4) {
        throw invalid(key, "expected an explore level 1..4, got " + value);
      }

      return value;
    }

    List<Integer> intPair(String key) {
      List<Integer> values = config.getIntList(PREFIX + key);
      if (values.size() != 2 || values.get(0) > values.get(1)) {
        throw invalid(key, "expected [min, max], got " + values);
      }

      return values;
    }

    List<Double> doubles(String key, int size) {
      List<Double> values = config.getDoubleList(PREFIX + key);
      if (values.size() != size || values.stream().anyMatch(v -> !(v >= 0) || v.isInfinite())) {
        throw invalid(key, "expected " + size + " numbers >= 0, got " + values);
      }

      return List.copyOf(values);
    }

    List<Double> positiveDoubles(String key, int size) {
      List<Double> values = doubles(key, size);
      if (values.stream().anyMatch(v -> v <= 0)) {
        throw invalid(key, "expected " + size + " positive numbers, got " + values);
      }

      return values;
    }

    Range range(String key) {
      List<Double> values = doubles(key, 2);
      if (values.get(0) > 1 || values.get(1) > 1) {
        throw invalid(
            key, "expected [at quality 0, at quality 1], probabilities in [0, 1], got " + values);
      }

      return new Range(values.get(0), values.get(1));
    }

    List<String> categories() {
      List<String> values = config.getStringList(PREFIX + "categories");
      Set<String> distinct = new HashSet<>(values);
      if (values.isEmpty()
          || distinct.size() != values.size()
          || !values.stream().allMatch(v -> v.matches("[A-Za-z0-9_.-]+"))) {
        throw invalid(
            "categories",
            "expected a non-empty list of distinct names of letters, digits, '_', '.', '-', got "
                + values);
      }

      return List.copyOf(values);
    }

    Map<String, Double> surfaceWeights() {
      Config weights = config.getConfig(PREFIX + "organic.surface-weights");
      Map<String, Double> result = new LinkedHashMap<>();
      double sum = 0;
      for (String surface : ORGANIC_SURFACES) {
        if (weights.hasPath(surface)) {
          double w = weights.getDouble(surface);
          if (!(w >= 0)) {
            throw invalid("organic.surface-weights." + surface, "expected a weight >= 0, got " + w);
          }

          result.put(surface, w);
          sum += w;
        }
      }

      for (String key : weights.root().keySet()) {
        if (!ORGANIC_SURFACES.contains(key)) {
          throw invalid(
              "organic.surface-weights",
              "unknown surface '" + key + "', expected one of " + ORGANIC_SURFACES);
        }
      }

      if (!(sum > 0)) {
        throw invalid("organic.surface-weights", "expected at least one positive weight");
      }

      return java.util.Collections.unmodifiableMap(result);
    }

    List<String> offsets() {
      List<String> values = config.getStringList(PREFIX + "timestamp-offsets");
      if (values.isEmpty()) {
        throw invalid("timestamp-offsets", "expected at least one offset such as +08:00 or Z");
      }

      for (String value : values) {
        try {
          ZoneOffset.of(value);
        } catch (RuntimeException e) {
          throw invalid(
              "timestamp-offsets", "expected offsets such as +08:00 or Z, got '" + value + "'");
        }
      }

      return List.copyOf(values);
    }

    Format format() {
      String value = config.getString(PREFIX + "format").trim().toLowerCase(Locale.ROOT);
      return switch (value) {
        case "json", "jsonl" -> Format.JSON;
        case "parquet" -> Format.PARQUET;
        default -> throw invalid("format", "expected json or parquet, got '" + value + "'");
      };
    }
  }
}
