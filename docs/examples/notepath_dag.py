"""Airflow DAG: the nightly notepath run, one task per day (docs/scheduling.md).

The job's exit code decides what happens next:
  0  done.
  3  the day's input has not landed (no _SUCCESS yet): retry later; nothing was written.
  4  data quality: too many rejected rows; nothing was written. Alert, do not retry -- the same
     input gives the same verdict. Fix the input or raise notepath.quality.max-reject-ratio.
  2  bad arguments or config: a deployment bug. Alert, do not retry.
  1  anything else (cluster trouble, out of memory, ...): retry a few times, then alert.

spark-submit runs in client mode so that its exit status is the job's exit code (in cluster
mode it is not; see docs/running.md). Needs apache-airflow-providers-apache-spark and a Spark
connection `spark_notepath` whose host is the master (spark://..., yarn or k8s://...).
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from airflow.exceptions import AirflowException, AirflowFailException
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

try:  # Airflow 3
    from airflow.sdk import DAG
except ImportError:  # Airflow 2
    from airflow import DAG

NOTEPATH_JAR = "/opt/notepath/notepath-jobs-0.1.0.jar"
NOTEPATH_CONF = "/opt/notepath/cluster.conf"

NOT_LANDED, QUALITY, BAD_CONFIG, FAILURE = 3, 4, 2, 1
# Exit 3 is retried at every task retry (see retries below: up to 12 h of waiting for the
# landing); exit 1 only this many times, then the task fails.
FAILURE_RETRIES = 2


def exit_code(operator: SparkSubmitOperator, error: AirflowException) -> int | None:
    """spark-submit's exit code: from the hook's process, else from the hook's error message."""
    process = getattr(getattr(operator, "_hook", None), "_submit_sp", None)
    if process is not None and process.returncode is not None:
        return process.returncode

    match = re.search(r"Error code is: (\d+)", str(error))
    return int(match.group(1)) if match else None


class NotepathSubmitOperator(SparkSubmitOperator):
    """SparkSubmitOperator that maps notepath's exit codes to retry or fail-now."""

    def execute(self, context):
        try:
            return super().execute(context)
        except AirflowException as error:
            code = exit_code(self, error)
            try_number = context["ti"].try_number
            if code == NOT_LANDED:
                self.log.warning("input for %s has not landed yet; retrying later", context["ds"])
                raise

            if code == QUALITY:
                raise AirflowFailException(
                    f"notepath refused {context['ds']}: reject ratio above the threshold; nothing "
                    "was written. See _rejects and the run manifest in _runs/.") from error

            if code == BAD_CONFIG:
                raise AirflowFailException("notepath: bad arguments or config (exit 2)") from error

            if try_number > FAILURE_RETRIES:
                raise AirflowFailException(f"notepath failed (exit {code}) {try_number} times") from error

            raise


with DAG(
    dag_id="notepath_nightly",
    # The run for day D starts at 02:30 UTC on D + 1 (data_interval_start = D, "{{ ds }}").
    schedule="30 2 * * *",
    start_date=datetime(2026, 11, 1),
    catchup=False,
    max_active_runs=1,  # nights run in order: a run reads what earlier nights landed
    default_args={
        "owner": "data-eng",
        "retries": 24,  # exit 3: retry every 30 min for up to 12 h
        "retry_delay": timedelta(minutes=30),
        "email_on_failure": True,
        "email": ["notepath-oncall@example.com"],
    },
    tags=["notepath"],
) as dag:
    NotepathSubmitOperator(
        task_id="run",
        conn_id="spark_notepath",
        deploy_mode="client",
        java_class="io.notepath.cli.NotepathMain",
        application=NOTEPATH_JAR,
        name="notepath-{{ ds }}",
        driver_memory="2g",
        executor_memory="8g",
        executor_cores=4,
        conf={
            "spark.driver.extraJavaOptions": f"-Dconfig.file={NOTEPATH_CONF}",
            "spark.sql.shuffle.partitions": "256",
        },
        application_args=["run", "--date", "{{ ds }}"],
        execution_timeout=timedelta(hours=3),
    )
