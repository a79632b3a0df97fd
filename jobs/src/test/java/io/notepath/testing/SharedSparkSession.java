package io.notepath.testing;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One local SparkSession per test JVM, kept in the root store so JUnit stops it once, after the
 * last test. Spark 4 defaults stay on (ANSI mode included).
 */
public final class SharedSparkSession implements ParameterResolver {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(SharedSparkSession.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == SparkSession.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NS)
        .getOrComputeIfAbsent("spark", key -> new Holder(), Holder.class)
        .spark;
  }

  /** Stops the session when the root context closes. */
  static final class Holder implements AutoCloseable {
    final SparkSession spark = session();

    @Override
    public void close() {
      spark.stop();
    }
  }

  /** The shared session, also for tests that build one outside JUnit's parameter injection. */
  public static SparkSession session() {
    // As bin/notepath starts it: one JVM runs many nights (generated-code cache, plan descriptions).
    return io.notepath.cli.NotepathCli.nightSessionDefaults(SparkSession.builder())
        .master("local[2]")
        .appName("notepath-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate();
  }
}
