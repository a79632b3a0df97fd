"""Shared fixtures: the repository, one local run of bin/notepath over data-samples, and for the
cluster tests a real Spark standalone cluster, simulated input and a local run over it."""
import atexit
import json
import os
import pathlib
import subprocess
import time

import pytest

REPO = pathlib.Path(__file__).resolve().parent.parent


def notepath(*args, env=None, check=True):
    """Runs bin/notepath with the embedded local Spark; returns the CompletedProcess."""
    run_env = dict(os.environ)
    run_env.pop("SPARK_HOME", None)
    run_env.update(env or {})
    proc = subprocess.run([str(REPO / "bin" / "notepath"), *args], cwd=REPO, env=run_env,
                          capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise AssertionError(f"bin/notepath {args} exited {proc.returncode}\n{proc.stderr[-4000:]}")
    return proc


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory):
    """bin/notepath run over every landed date of data-samples into a fresh warehouse: the run
    bin/test made for both suites (NOTEPATH_SAMPLE_RUN: warehouse/, stdout.txt, stderr.txt), else
    one of its own."""
    shared = os.environ.get("NOTEPATH_SAMPLE_RUN")
    if shared:
        base = pathlib.Path(shared)
        out = base / "warehouse"
        stdout, stderr = (base / "stdout.txt").read_text(), (base / "stderr.txt").read_text()
    else:
        out = tmp_path_factory.mktemp("sample-run") / "warehouse"
        proc = notepath("run", "--output", str(out))
        stdout, stderr = proc.stdout, proc.stderr
    manifests = sorted((out / "_runs").glob("*.json"))
    return {"warehouse": out, "stdout": stdout, "stderr": stderr,
            "manifests": [json.loads(m.read_text()) for m in manifests]}


# -- a real Spark standalone cluster (it/cluster.py) and simulated input for the cluster tests --

JAR = REPO / "jobs" / "target" / "notepath-jobs-0.1.0.jar"
MAIN_CLASS = "io.notepath.cli.NotepathMain"
# The cluster's executors run in another time zone than the local run (and the driver in a third,
# see test_cluster.py): calendar dates must come from notepath.time-zone alone.
WORKER_TZ = "Asia/Shanghai"

# JVM options of every JVM the cluster tests start: short runs over tiny data spend most of their
# CPU in the optimizing JIT compiler; C1 only (and the serial GC) halves the CPU time of a run
# on this 2-core machine without changing what it computes.
FAST_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"

# The simulated input of the cluster tests and the settings of every run over it (one config file
# for the simulator, the local and the cluster runs): 4 publish days of 30 notes, ~1000
# impressions a day, a small ladder and a 2-day window so that cohorts reach every stage and
# complete, and a few duplicates, late and malformed rows (below the 1 % reject threshold).
RUN_DATE = "2024-01-04"  # the last publish day: its run reads the whole history landed by then
CLUSTER_TEST_CONF = """\
notepath.stages.window-days = 2
notepath.stages.pool-ladder = [10, 40, 150]
notepath.simulate {
  start-date = "2024-01-01"
  days = 4
  notes-per-day = 30
  users = 3000
  authors = 300
  followers.max = 3000
  fan.hours = 24
  explore { pool-hours = [4, 8, 12, 12], level4-min = 200, level4-max = 1500 }
  promotion.delay-hours = 2
  official { impressions = 100, hours = 24 }
  organic.days = 2
  faults { duplicate = 0.01, late = 0.002, malformed = 0.002 }
}
"""

@pytest.fixture(scope="session")
def spark_cluster(tmp_path_factory):
    """A master and two workers (1 core, 1 GB each) on 127.0.0.1; every process is killed at the
    end, also when a test fails, and the teardown proves that none survived. The JVMs start in
    the background: the first submission waits for the workers to register."""
    from cluster import StandaloneCluster

    cluster = StandaloneCluster(tmp_path_factory.mktemp("spark-cluster"), workers=2, cores=1,
                                memory="1g", worker_env={"TZ": WORKER_TZ}, jvm_options=FAST_JVM)
    atexit.register(cluster.stop)  # also if pytest itself is interrupted; stop() is idempotent
    try:
        yield cluster.start(wait=False)
    finally:
        cluster.stop()
        leftovers = cluster.leftover_processes()
        assert leftovers == [], f"processes of the test cluster survived its teardown: {leftovers}"


@pytest.fixture(scope="session")
def simulated_logs(tmp_path_factory):
    """A few days of simulated raw logs (bin/notepath simulate) and the config file of the runs."""
    base = tmp_path_factory.mktemp("simulated")
    conf = base / "cluster-test.conf"
    conf.write_text(CLUSTER_TEST_CONF)
    root = base / "raw"
    notepath("simulate", "--output", str(root), "--config", str(conf),
             env={"NOTEPATH_JAVA_OPTS": f"-Xmx2g {FAST_JVM}"})
    for table in ("notes", "impressions", "interactions", "official_picks"):
        assert (root / table / f"dt={RUN_DATE}" / "_SUCCESS").exists(), f"{table} not landed"

    return {"root": root, "conf": conf}


@pytest.fixture(scope="session")
def local_run(simulated_logs, tmp_path_factory):
    """bin/notepath run --date RUN_DATE over the simulated logs with the embedded local Spark."""
    warehouse = tmp_path_factory.mktemp("local-run") / "warehouse"
    started = time.monotonic()
    notepath("run", "--date", RUN_DATE, "--input", str(simulated_logs["root"]),
             "--output", str(warehouse), "--config", str(simulated_logs["conf"]),
             env={"NOTEPATH_JAVA_OPTS": f"-Xmx2g {FAST_JVM} -Dspark.sql.shuffle.partitions=2"})
    return {"warehouse": warehouse, "seconds": time.monotonic() - started}
