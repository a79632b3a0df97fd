"""The job jar under spark-submit on a real Spark standalone cluster (issue 4).

One master and two workers (1 core, 1 GB each) on 127.0.0.1, the stock Spark 4.2.0 that pip
installs with pyspark (fixture spark_cluster, it/cluster.py). `run --date RUN_DATE` over four
simulated days of raw logs (the run reads all of them: its history window) runs in local mode
(bin/notepath, embedded Spark) and with spark-submit on the cluster; every output table must be
equal row for row, all columns, whatever the number of shuffle partitions (2 local, 4 cluster).
The cluster's JVMs run in other time zones than the local run (workers Asia/Shanghai, driver
America/New_York), so the comparison also shows that calendar dates come from notepath.time-zone
only.
"""
import json
import os
import signal
import time

import pytest

from cluster import SPARK_HOME, cmdline, is_alive, wait_until
from conftest import JAR, MAIN_CLASS, REPO, RUN_DATE
from warehouse import assert_same_tables, parquet_files

DRIVER_TZ = "America/New_York"


def submit_run(cluster, logs, warehouse, log_name, config_option):
    """spark-submit in client mode: `run --date RUN_DATE` over the simulated logs.

    The config file travels as docs/running.md says: --files (what cluster mode needs) and
    -Dconfig.file, a path on the driver's host in client mode, given with --driver-java-options
    or spark.driver.extraJavaOptions (`config_option`). The driver runs in DRIVER_TZ."""
    java_options = f"-Dconfig.file={logs['conf']} -Duser.timezone={DRIVER_TZ}"
    if config_option == "--driver-java-options":
        options, conf = ["--driver-java-options", java_options], []
    else:
        options, conf = [], [f"spark.driver.extraJavaOptions={java_options}"]

    return cluster.submit(
        JAR, MAIN_CLASS,
        ["run", "--date", RUN_DATE, "--input", str(logs["root"]), "--output", str(warehouse)],
        log_name, options=["--files", str(logs["conf"]), *options],
        conf=[*conf, "spark.sql.shuffle.partitions=4"], env={"TZ": DRIVER_TZ})


@pytest.fixture(scope="module")
def cluster_run(spark_cluster, simulated_logs, tmp_path_factory):
    """The undisturbed cluster run: its warehouse, driver output and duration."""
    warehouse = tmp_path_factory.mktemp("cluster-run") / "warehouse"
    started = time.monotonic()
    submission = submit_run(spark_cluster, simulated_logs, warehouse, "cluster-run.log",
                            "--driver-java-options")
    code = submission.wait(timeout=300)
    assert code == 0, f"cluster run exited {code}:\n{submission.output()[-6000:]}"
    return {"warehouse": warehouse, "output": submission.output(),
            "seconds": time.monotonic() - started}


def test_cluster_run_equals_local_run(cluster_run, local_run, spark_cluster):
    rows = assert_same_tables(local_run["warehouse"], cluster_run["warehouse"])
    print(f"cluster run {cluster_run['seconds']:.0f} s, local run {local_run['seconds']:.0f} s, "
          f"{rows} rows compared")
    apps = spark_cluster.state()["completedapps"]
    assert any(a["name"].startswith("notepath run") and a["state"] == "FINISHED" for a in apps), \
        f"no finished notepath application in the master's view: {apps}"


def test_cluster_run_wrote_a_succeeded_manifest(cluster_run):
    runs = cluster_run["warehouse"] / "_runs"
    manifests = [json.loads(p.read_text()) for p in runs.glob("*.json")]
    assert [m["status"] for m in manifests] == ["succeeded"]


def test_executor_loss_gives_identical_output(spark_cluster, simulated_logs, cluster_run,
                                              tmp_path_factory):
    """SIGKILL worker 0's executor JVM once ingest is done and the paths step runs; Spark must
    recompute what it held (the cached judged tables, shuffle output) and the run end with the
    same tables. The config reaches the driver through spark.driver.extraJavaOptions this time."""
    warehouse = tmp_path_factory.mktemp("fault-run") / "warehouse"
    started = time.monotonic()
    submission = submit_run(spark_cluster, simulated_logs, warehouse, "fault-run.log",
                            "spark.driver.extraJavaOptions")
    paths_step = f"run {RUN_DATE} phase 2/4"
    wait_until(lambda: paths_step in submission.output() or not submission.running(), 300,
               f"the driver log line '{paths_step}'")
    assert submission.running(), "the job ended too early:\n" + submission.output()[-4000:]
    victims = spark_cluster.executor_pids(worker=0)
    assert len(victims) == 1, f"expected one executor under worker 0, found {victims}"
    victim = victims[0]
    argv = cmdline(victim)
    # spark-submit hands Spark's JVM module options to the executors too (Kryo, Arrow need them).
    assert "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED" in argv, argv
    executor_id = argv[argv.index("--executor-id") + 1]

    os.kill(victim, signal.SIGKILL)
    wait_until(lambda: not is_alive(victim), 30, f"executor pid {victim} to die")
    killed_at = time.monotonic() - started

    code = submission.wait(timeout=300)
    output = submission.output()
    assert code == 0, f"the run did not survive the executor loss (exit {code}):\n{output[-6000:]}"
    assert f"Lost executor {executor_id}" in output, "the driver never noticed the lost executor"
    assert_same_tables(cluster_run["warehouse"], warehouse)
    print(f"fault run {time.monotonic() - started:.0f} s, executor {executor_id} (pid {victim}) "
          f"killed after {killed_at:.0f} s")


@pytest.mark.parametrize("launcher", ["spark-submit", "bin/notepath"])
def test_not_landed_exits_3_on_the_cluster_and_writes_nothing(spark_cluster, simulated_logs,
                                                              tmp_path, launcher):
    warehouse = tmp_path / "warehouse"
    app_args = ["run", "--date", "2031-01-01", "--input", str(simulated_logs["root"]),
                "--output", str(warehouse)]
    if launcher == "spark-submit":
        submission = spark_cluster.submit(JAR, MAIN_CLASS, app_args, "not-landed.log")
        code, output = submission.wait(timeout=180), submission.output()
    else:
        # bin/notepath runs $SPARK_HOME/bin/spark-submit when SPARK_HOME is set; a -Dconfig.file
        # in NOTEPATH_SUBMIT_OPTS replaces its default conf/local.conf.
        submit_opts = (f"--master {spark_cluster.master_url} --driver-memory 1g "
                       f"--driver-java-options -Dconfig.file={simulated_logs['conf']}")
        proc = spark_cluster.start_driver(
            [str(REPO / "bin" / "notepath"), *app_args], "not-landed-bin.log",
            env={"SPARK_HOME": str(SPARK_HOME), "NOTEPATH_SUBMIT_OPTS": submit_opts})
        code = proc.wait(timeout=180)
        output = spark_cluster.log_tail("not-landed-bin.log", 100_000)
        assert "notepath.stages.pool-ladder = [10,40,150]" in output, "the config file was not used"

    assert code == 3, output[-4000:]
    assert "has not landed" in output
    assert parquet_files(warehouse) == []
