package io.notepath.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlanInfo;
import org.apache.spark.sql.execution.ui.SparkListenerSQLAdaptiveExecutionUpdate;
import org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The shuffles of event-sized data that the SQL executions of a block plan: every execution's
 * final physical plan (its last adaptive re-plan), as the Spark UI shows it, nested writes and the
 * plans of cached data included. An exchange carries event-sized data of a table when its input
 * reaches a scan of that table (raw logs or state) without an aggregation that groups the rows
 * by something coarser than an event or a viewer. One exchange is counted once however many
 * executions read it (a cached plan, a reused exchange): by its plan id.
 */
public final class PlannedExchanges extends SparkListener {
  private static final Pattern PLAN_ID = Pattern.compile("\\[plan_id=(\\d+)]");
  private static final Pattern KEYS = Pattern.compile("keys=\\[([^\\]]*)]");
  /** Grouping by one of these keeps a row per event or per viewer: still event-sized. */
  private static final List<String> FINE_KEYS = List.of("event_id", "viewer_id", "user_id");

  private final Map<Long, SparkPlanInfo> finalPlans = new LinkedHashMap<>();

  /** Runs {@code body} and returns what its executions planned. */
  public static PlannedExchanges during(SparkSession spark, Runnable body) {
    return SparkListeners.around(spark, new PlannedExchanges(), body);
  }

  @Override
  public synchronized void onOtherEvent(SparkListenerEvent event) {
    if (event instanceof SparkListenerSQLExecutionStart start) {
      finalPlans.put(start.executionId(), start.sparkPlanInfo());
    } else if (event instanceof SparkListenerSQLAdaptiveExecutionUpdate update) {
      finalPlans.put(update.executionId(), update.sparkPlanInfo());
    }
  }

  /**
   * The exchanges of event-sized rows of {@code table} (a scan whose location has a path segment
   * of that name), one line each: the exchange's description.
   */
  public synchronized List<String> ofEventsOf(String table) {
    Map<String, String> byId = new LinkedHashMap<>();
    for (SparkPlanInfo plan : finalPlans.values()) {
      collect(plan, table, byId);
    }

    return new ArrayList<>(byId.values());
  }

  private static void collect(SparkPlanInfo node, String table, Map<String, String> found) {
    if (node.nodeName().equals("Exchange") && reachesEvents(children(node), table)) {
      Matcher id = PLAN_ID.matcher(node.simpleString());
      found.putIfAbsent(id.find() ? id.group(1) : node.simpleString(), node.simpleString());
    }

    for (SparkPlanInfo child : children(node)) {
      collect(child, table, found);
    }
  }

  private static boolean reachesEvents(List<SparkPlanInfo> nodes, String table) {
    for (SparkPlanInfo node : nodes) {
      if (node.nodeName().startsWith("Scan ")) {
        String location = CollectionConverters.asJava(node.metadata()).getOrDefault("Location", "");
        if (location.matches(".*[/=]" + table + "([/,\\]].*|$)")) {
          return true;
        }
      } else if (!coarserThanEvents(node) && reachesEvents(children(node), table)) {
        return true;
      }
    }

    return false;
  }

  private static boolean coarserThanEvents(SparkPlanInfo node) {
    if (!node.nodeName().endsWith("Aggregate")) {
      return false;
    }

    Matcher keys = KEYS.matcher(node.simpleString());
    String grouping = keys.find() ? keys.group(1) : "";
    return FINE_KEYS.stream().noneMatch(k -> grouping.matches("(.*[\\s,\\[])?" + k + "#.*"));
  }

  private static List<SparkPlanInfo> children(SparkPlanInfo node) {
    return CollectionConverters.asJava(node.children());
  }
}
