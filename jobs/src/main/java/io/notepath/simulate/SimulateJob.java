package io.notepath.simulate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulates the platform mechanism of DESIGN §1 and lands the four input tables of DESIGN §2 under
 * an output root, plus a ground truth under {@code _ground_truth/}.
 *
 * <p>The model: users {@code u0..}; the first new-user-share of them are new (no history, never
 * followers). User {@code base + m x C + k} (base 0 for new users, the first returning user
 * otherwise; C categories) chose the interest domains k, k+1, ... (min..max of them, mod C).
 * Authors have power-law follower counts; followers and friends are drawn from returning users by
 * hash. Notes are published through each day with a category, a type and a hidden quality q. Fans
 * see a note on follow_feed / home_feed within hours; explore pools 1..4 (the configured ladder)
 * serve it on home_feed (and hot_feed from hot-feed.min-level) to new users of the note's domain
 * (good notes preferred), interest-matched or random returning users; after each pool a promotion
 * decision reads that pool's CES with noise, or promotes on quality alone. Seeded notes get early
 * friends' visits; official accounts pick some promoted notes; organic traffic (search, profile,
 * ...) runs through the window. All of it is decided per note in a small plan (the only place the
 * driver waits on results: three per-note aggregations for the promotion decisions) and exploded
 * into events in parallel.
 *
 * <p>Runs twice over the events: one pass writes every table (all four in one Spark job for JSON),
 * a second aggregates the ground truth. Both regenerate the events from the same seeded
 * expressions, so they agree without caching event data.
 */
public final class SimulateJob {
  private static final Logger LOG = LoggerFactory.getLogger(SimulateJob.class);

  private SimulateJob() {}

  /**
   * Simulates, writes the tables and ground truth under {@code outputRoot}, and says what it wrote.
   */
  public static SimulateSummary run(SparkSession spark, SimulateSettings s, String outputRoot) {
    long started = System.currentTimeMillis();
    LandingCalendar cal = new LandingCalendar(s);
    LandingWriter writer = new LandingWriter(spark, outputRoot);
    writer.clear();
    LOG.info(
        "simulate: {} notes ({} days x {}), {} users, {} authors, seed {}, output {}",
        s.totalNotes(),
        s.days(),
        s.notesPerDay(),
        s.users(),
        s.authors(),
        s.seed(),
        outputRoot);

    Dataset<Row> plan = planNotes(spark, s, cal, writer);
    long planned = plannedImpressions(plan);
    int partitions = partitions(spark, s, planned);
    LOG.info("simulate: {} impressions planned, {} partitions", planned, partitions);

    Dataset<Row> events = explodeEvents(Impressions.explodeSegments(plan, s), s, cal, partitions);
    Dataset<Row> notes = Faults.withNoteFaults(Records.selectNoteRows(plan, s), s);
    Dataset<Row> picks = Faults.withEventFaults(Records.selectPickRows(plan, s), s, cal);
    Dataset<Row> records =
        Stage.cut(Records.explodeRecords(events, s, cal), partitions)
            .unionByName(Records.explodeRecords(notes, s, cal), true)
            .unionByName(Records.explodeRecords(picks, s, cal), true);

    describe(spark, "simulate: write tables");
    if (s.format() == SimulateSettings.Format.JSON) {
      writer.writeJsonLines(
          Records.selectJsonLines(records, s, cal),
          s.gzip(),
          LandingWriter.TABLES.size() * (cal.landingDays() + 1));
    } else {
      for (String table : LandingWriter.TABLES) {
        writer.writeParquet(Records.selectTypedRows(records, table, s, cal), table);
      }
    }

    writer.markLanded(cal);
    LOG.info("simulate: tables written after {} ms", System.currentTimeMillis() - started);

    describe(spark, "simulate: ground truth");
    Dataset<Row> truth =
        GroundTruth.aggregateNoteTruth(events, s).persist(StorageLevel.MEMORY_AND_DISK());
    writer.writeGroundTruth(GroundTruth.selectGroundTruth(plan, truth, s, cal), "ground_truth");
    Counts counts = countRows(truth, notes, picks);
    writer.writeGroundTruth(faultRows(spark, counts.faults()), "ground_truth_faults");
    writer.writeGroundTruth(GroundTruth.selectUsers(spark.range(s.users()).toDF(), s), "users");
    truth.unpersist();
    writer.dropStagedPlan();
    spark.sparkContext().setJobDescription(null);

    Map<String, Long> written = new LinkedHashMap<>(counts.written());
    written.put("ground_truth", s.totalNotes());
    written.put("users", (long) s.users());
    long elapsed = System.currentTimeMillis() - started;
    LOG.info(
        "simulate: done in {} ms; rows written {}; faults {}", elapsed, written, counts.faults());
    return new SimulateSummary(Map.copyOf(written), counts.clean(), counts.faults(), elapsed);
  }

  /** The per-note plan: note draws, three promotion decisions, then the resulting reach. */
  private static Dataset<Row> planNotes(
      SparkSession spark, SimulateSettings s, LandingCalendar cal, LandingWriter writer) {
    describe(spark, "simulate: plan notes");
    Dataset<Row> plan =
        writer.stagePlan(
            NotePlans.withNoteDraws(
                spark.range(s.totalNotes()).toDF(), s, cal.publishDayStarts(s.days())),
            "draws");
    for (int level = 1; level <= 3; level++) {
      describe(spark, "simulate: promotion decisions after pool " + level);
      long served = plan.agg(sum(col("n" + level))).first().getLong(0);
      int partitions = partitions(spark, s, served);
      Dataset<Row> chunks =
          Impressions.explodeChunks(Impressions.explodePoolSegments(plan, s, level), s, partitions);
      Dataset<Row> scores =
          Impressions.aggregatePoolScores(
              Stage.cut(Impressions.explodeImpressions(chunks, s), partitions));
      plan = writer.stagePlan(NotePlans.withPromotion(plan, scores, level, s), "pool" + level);
      LOG.info("simulate: pool {}: {} impressions served", level, served);
    }

    return writer.stagePlan(NotePlans.withReach(plan, s), "reach");
  }

  /** Segments to events with their fault flags, cut into code stages the JIT can compile. */
  private static Dataset<Row> explodeEvents(
      Dataset<Row> segments, SimulateSettings s, LandingCalendar cal, int partitions) {
    Dataset<Row> impressions =
        Stage.cut(
            Impressions.explodeImpressions(Impressions.explodeChunks(segments, s, partitions), s),
            partitions);
    Dataset<Row> events = Stage.cut(Events.explodeEvents(impressions, s), partitions);
    return Faults.withEventFaults(events, s, cal);
  }

  private static long plannedImpressions(Dataset<Row> plan) {
    Column total =
        col("n_fan")
            .plus(col("n_seed"))
            .plus(col("explore_total"))
            .plus(col("n_official"))
            .plus(col("n_organic"));
    return plan.agg(sum(total)).first().getLong(0);
  }

  /**
   * The configured partitions, else enough for impressions-per-partition each, rounded up to a
   * multiple of the default parallelism so the last wave of tasks keeps every core busy.
   */
  private static int partitions(SparkSession spark, SimulateSettings s, long impressions) {
    if (s.partitions() > 0) {
      return s.partitions();
    }

    long cores = Math.max(1, spark.sparkContext().defaultParallelism());
    long wanted = (impressions + s.impressionsPerPartition() - 1) / s.impressionsPerPartition();
    long waves = Math.max(1, (wanted + cores - 1) / cores);
    return (int) Math.min(waves * cores, 100_000);
  }

  private static void describe(SparkSession spark, String what) {
    spark.sparkContext().setJobDescription(what);
    LOG.info(what);
  }

  /** Clean rows, faults and rows written per input table, from small aggregates only. */
  private static Counts countRows(Dataset<Row> truth, Dataset<Row> notes, Dataset<Row> picks) {
    List<Column> sums = new ArrayList<>();
    sums.add(sum(col("impressions")).as("impressions"));
    sums.add(sum(actions()).as("interactions"));
    for (String table : new String[] {Events.IMPRESSIONS, Events.INTERACTIONS}) {
      for (String kind : Faults.KINDS) {
        String c = GroundTruth.faultColumn(table, kind);
        sums.add(sum(col(c)).as(c));
      }
    }

    Row events =
        truth.agg(sums.get(0), sums.subList(1, sums.size()).toArray(Column[]::new)).first();
    Row noteRow = flagSums(notes);
    Row pickRow = flagSums(picks);
    Map<String, Long> clean = new LinkedHashMap<>();
    Map<String, Map<String, Long>> faults = new LinkedHashMap<>();
    clean.put(Events.NOTES, noteRow.getLong(0));
    faults.put(Events.NOTES, kinds(noteRow, 1));
    clean.put(Events.IMPRESSIONS, nullToZero(events, 0));
    clean.put(Events.INTERACTIONS, nullToZero(events, 1));
    faults.put(Events.IMPRESSIONS, kinds(events, 2));
    faults.put(Events.INTERACTIONS, kinds(events, 2 + Faults.KINDS.length));
    clean.put(Events.OFFICIAL_PICKS, pickRow.getLong(0));
    faults.put(Events.OFFICIAL_PICKS, kinds(pickRow, 1));
    Map<String, Long> written = new LinkedHashMap<>();
    for (String table : LandingWriter.TABLES) {
      Map<String, Long> f = faults.get(table);
      written.put(
          table,
          clean.get(table) + f.values().stream().mapToLong(Long::longValue).sum() - f.get("late"));
    }

    return new Counts(Map.copyOf(clean), Map.copyOf(faults), written);
  }

  private static Column actions() {
    Column total = lit(0L);
    for (String c : GroundTruth.ACTION_COLUMNS) {
      total = total.plus(col(c));
    }

    return total;
  }

  /** count(*) then the sums of the five fault flags. */
  private static Row flagSums(Dataset<Row> rows) {
    List<Column> sums = new ArrayList<>();
    for (String flag : Faults.FLAGS) {
      sums.add(sum(when(col(flag), 1L).otherwise(0L)));
    }

    return rows.agg(count(lit(1)), sums.toArray(Column[]::new)).first();
  }

  private static Map<String, Long> kinds(Row row, int from) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (int k = 0; k < Faults.KINDS.length; k++) {
      out.put(Faults.KINDS[k], nullToZero(row, from + k));
    }

    return out;
  }

  private static long nullToZero(Row row, int i) {
    return row.isNullAt(i) ? 0L : row.getLong(i);
  }

  private static Dataset<Row> faultRows(SparkSession spark, Map<String, Map<String, Long>> faults) {
    List<Row> rows = new ArrayList<>();
    faults.forEach(
        (table, kinds) -> kinds.forEach((kind, n) -> rows.add(RowFactory.create(table, kind, n))));
    StructType schema =
        new StructType()
            .add("table", DataTypes.StringType, false)
            .add("kind", DataTypes.StringType, false)
            .add("count", DataTypes.LongType, false);
    return spark.createDataFrame(rows, schema).coalesce(1);
  }

  private record Counts(
      Map<String, Long> clean, Map<String, Map<String, Long>> faults, Map<String, Long> written) {}
}
