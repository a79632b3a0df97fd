package io.notepath.paths;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The three outputs of the stage model: classified impressions and attributed interactions (event
 * grain, for the stats tables) and note_paths (one row per note).
 */
public record PathResult(
    Dataset<Row> classifiedImpressions,
    Dataset<Row> attributedInteractions,
    Dataset<Row> notePaths) {}
