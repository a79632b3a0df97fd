#!/usr/bin/env bash
# Nightly notepath run for cron (docs/scheduling.md): runs yesterday (UTC, = notepath.time-zone)
# with spark-submit in client mode and acts on the job's exit code:
#   0 done | 3 input not landed: wait and try again, up to MAX_WAIT_TRIES times |
#   4 data quality, 2 config: alert, no retry | 1 other failure: retry up to 2 times, then alert.
# crontab (% must be escaped in crontab lines; flock keeps two nights from overlapping):
#   30 2 * * * flock -n /var/lock/notepath.lock /opt/notepath/notepath-nightly.sh >> /var/log/notepath/cron.log 2>&1
set -uo pipefail

DATE="${1:-$(TZ=UTC date -d yesterday +%F)}"
SPARK_HOME="${SPARK_HOME:-/opt/spark}"
JAR="${NOTEPATH_JAR:-/opt/notepath/notepath-jobs-0.1.0.jar}"
CONF="${NOTEPATH_CONF:-/opt/notepath/cluster.conf}"
MASTER="${NOTEPATH_MASTER:-spark://master.example:7077}"
WAIT_SECONDS="${NOTEPATH_WAIT_SECONDS:-1800}"
RETRY_SECONDS="${NOTEPATH_RETRY_SECONDS:-300}"
MAX_WAIT_TRIES="${NOTEPATH_MAX_WAIT_TRIES:-24}"
ALERT="${NOTEPATH_ALERT:-logger -t notepath -p user.err}"   # e.g. a mail or chat hook

run() {
  "$SPARK_HOME/bin/spark-submit" --master "$MASTER" --deploy-mode client \
    --class io.notepath.cli.NotepathMain \
    --driver-memory 2g --executor-memory 8g --executor-cores 4 \
    --driver-java-options "-Dconfig.file=$CONF" \
    "$JAR" run --date "$DATE"
}

waits=0
failures=0
while true; do
  run
  code=$?
  case "$code" in
    0)
      echo "notepath $DATE: done"
      exit 0
      ;;
    3)
      waits=$((waits + 1))
      if (( waits >= MAX_WAIT_TRIES )); then
        $ALERT "notepath $DATE: input still not landed after $waits tries"
        exit 3
      fi
      echo "notepath $DATE: input not landed; trying again in $WAIT_SECONDS s"
      sleep "$WAIT_SECONDS"
      ;;
    4)
      $ALERT "notepath $DATE: data quality threshold breached, nothing written (see _rejects, _runs)"
      exit 4
      ;;
    2)
      $ALERT "notepath $DATE: bad arguments or config (exit 2)"
      exit 2
      ;;
    *)
      failures=$((failures + 1))
      if (( failures > 2 )); then
        $ALERT "notepath $DATE: failed with exit $code, $failures times"
        exit "$code"
      fi
      echo "notepath $DATE: failed with exit $code; retrying in $RETRY_SECONDS s"
      sleep "$RETRY_SECONDS"
      ;;
  esac
done
