package io.notepath.stats;

import io.notepath.testing.DatasetAssert;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Tiny inputs for the stats tests, in the shapes of {@link StatsInputs}: the columns the paths
 * package documents for note_paths, classified impressions and attributed interactions, and the
 * accepted notes.
 */
final class StatsFixtures {
  private StatsFixtures() {}

  /** The ladder of every stats test: cold start closes at 2, level 2 at 4, level 3 at 6. */
  static final List<Integer> LADDER = List.of(2, 4, 6);

  static Date date(String isoDate) {
    return Date.valueOf(LocalDate.parse(isoDate));
  }

  static Timestamp ts(String isoInstant) {
    return isoInstant == null ? null : Timestamp.from(Instant.parse(isoInstant));
  }

  /** One classified impression, in the order of {@link StatsInputs#CLASSIFIED_IMPRESSIONS}. */
  static Object[] impression(
      String noteId,
      String viewerId,
      String surface,
      boolean viewerIsNew,
      String eventDate,
      String impressionClass,
      boolean inPath,
      Integer level) {
    return new Object[] {
      noteId, viewerId, surface, viewerIsNew, date(eventDate), impressionClass, inPath, level
    };
  }

  /** One attributed interaction, in the order of {@link StatsInputs#ATTRIBUTED_INTERACTIONS}. */
  static Object[] interaction(
      String noteId,
      String action,
      String eventDate,
      String attributedClass,
      Integer attributedLevel,
      String attributedSurface,
      Boolean attributedViewerIsNew) {
    return new Object[] {
      noteId,
      action,
      date(eventDate),
      attributedClass,
      attributedLevel,
      attributedSurface,
      attributedViewerIsNew
    };
  }

  /** An interaction that found no impression. */
  static Object[] unattributed(String noteId, String action, String eventDate) {
    return interaction(noteId, action, eventDate, "unattributed", null, null, null);
  }

  static Object[] note(
      String noteId, String authorId, String category, String noteType, String publishDate) {
    return new Object[] {noteId, authorId, category, noteType, date(publishDate)};
  }

  static Dataset<Row> impressions(SparkSession spark, Object[]... rows) {
    return DatasetAssert.rows(spark, withoutNoteAttributes(StatsInputs.CLASSIFIED_IMPRESSIONS), rows);
  }

  static Dataset<Row> interactions(SparkSession spark, Object[]... rows) {
    return DatasetAssert.rows(spark, withoutNoteAttributes(StatsInputs.ATTRIBUTED_INTERACTIONS), rows);
  }

  /** Events as the stats read them: carrying their note's author, category, type, publish date. */
  static Dataset<Row> withNotes(Dataset<Row> events, Dataset<Row> notes) {
    return events.join(notes.select("note_id", "author_id", "category", "note_type", "publish_date"), "note_id");
  }

  /** The levels by note and event date note_daily reads, from the impressions themselves. */
  static Dataset<Row> levels(Dataset<Row> impressions) {
    return io.notepath.paths.NoteState.aggregateLevels(impressions);
  }

  private static StructType withoutNoteAttributes(StructType schema) {
    StructType s = new StructType();
    for (var f : schema.fields()) {
      if (!List.of("author_id", "category", "note_type", "publish_date").contains(f.name())) {
        s = s.add(f);
      }
    }

    return s;
  }

  static Dataset<Row> notes(SparkSession spark, Object[]... rows) {
    return DatasetAssert.rows(spark, StatsInputs.NOTES, rows);
  }

  static Dataset<Row> notePaths(SparkSession spark, NotePath... paths) {
    return DatasetAssert.rows(
        spark,
        StatsInputs.NOTE_PATHS,
        Arrays.stream(paths).map(NotePath::values).toArray(Object[][]::new));
  }

  static NotePath notePath(String noteId) {
    return new NotePath(noteId);
  }

  /**
   * A note_paths row with neutral defaults — food/image/&lt;100, published 2024-03-01T00:00Z, no
   * impressions, no milestones, unseeded, complete, as_of 2024-04-10 — so each test sets only the
   * fields it is about.
   */
  static final class NotePath {
    private final String noteId;
    private String category = "food";
    private String noteType = "image";
    private String authorTier = "<100";
    private String publishedAt = "2024-03-01T00:00:00Z";
    private String firstExploreAt;
    private String coldStartCompletedAt;
    private String promotedAt;
    private String hotFeedAt;
    private String officialPickAt;
    private long impressions;
    private long exploreImpressions;
    private long coldStartInteractions;
    private boolean isSeeded;
    private boolean isComplete = true;
    private String asOf = "2024-04-10";
    private String publishDate = "2024-03-01";

    private NotePath(String noteId) {
      this.noteId = noteId;
    }

    NotePath dims(String newCategory, String newNoteType, String newAuthorTier) {
      this.category = newCategory;
      this.noteType = newNoteType;
      this.authorTier = newAuthorTier;
      return this;
    }

    NotePath category(String newCategory) {
      this.category = newCategory;
      return this;
    }

    NotePath published(String newPublishDate, String newPublishedAt) {
      this.publishDate = newPublishDate;
      this.publishedAt = newPublishedAt;
      return this;
    }

    NotePath counts(long newImpressions, long newExploreImpressions) {
      this.impressions = newImpressions;
      this.exploreImpressions = newExploreImpressions;
      return this;
    }

    NotePath milestones(String firstExplore, String coldStartCompleted, String promoted) {
      this.firstExploreAt = firstExplore;
      this.coldStartCompletedAt = coldStartCompleted;
      this.promotedAt = promoted;
      return this;
    }

    NotePath hotFeedAt(String at) {
      this.hotFeedAt = at;
      return this;
    }

    NotePath officialPickAt(String at) {
      this.officialPickAt = at;
      return this;
    }

    NotePath coldStart(long interactions, boolean seeded) {
      this.coldStartInteractions = interactions;
      this.isSeeded = seeded;
      return this;
    }

    NotePath incomplete() {
      this.isComplete = false;
      return this;
    }

    NotePath asOf(String newAsOf) {
      this.asOf = newAsOf;
      return this;
    }

    Object[] values() {
      return new Object[] {
        noteId,
        category,
        noteType,
        authorTier,
        ts(publishedAt),
        ts(firstExploreAt),
        ts(coldStartCompletedAt),
        ts(promotedAt),
        ts(hotFeedAt),
        ts(officialPickAt),
        impressions,
        exploreImpressions,
        coldStartInteractions,
        isSeeded,
        isComplete,
        date(asOf),
        date(publishDate)
      };
    }
  }

  /** Column names of a schema, for asserting the output order. */
  static List<String> names(StructType schema) {
    return Arrays.asList(schema.fieldNames());
  }
}
