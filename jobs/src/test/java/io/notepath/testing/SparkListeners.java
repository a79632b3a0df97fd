package io.notepath.testing;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.sql.SparkSession;

/** Runs a block with a listener attached that has seen every event of the block, and no other. */
final class SparkListeners {
  private SparkListeners() {}

  static <L extends SparkListener> L around(SparkSession spark, L listener, Runnable body) {
    drain(spark);
    spark.sparkContext().addSparkListener(listener);
    try {
      body.run();
      drain(spark);
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }

    return listener;
  }

  /** Waits until the listeners have seen every event posted so far. */
  private static void drain(SparkSession spark) {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Spark's listener bus did not drain", e);
    }
  }
}
