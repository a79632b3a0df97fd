"""Shared fixtures: the repository, and one local run of bin/notepath over data-samples."""
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
    """bin/notepath run over every landed date of data-samples into a fresh warehouse."""
    out = tmp_path_factory.mktemp("sample-run") / "warehouse"
    proc = notepath("run", "--output", str(out))
    manifests = sorted((out / "_runs").glob("*.json"))
    return {"warehouse": out, "stdout": proc.stdout, "stderr": proc.stderr,
            "manifests": [json.loads(m.read_text()) for m in manifests]}


# -- a real Spark standalone cluster (it/cluster.py) and simulated input for the cluster tests --

JAR = REPO / "jobs" / "target" / "notepath-jobs-0.1.0.jar"
MAIN_CLASS = "io.notepath.cli.NotepathMain"
# The cluster's executors run in another time zone than the local run (and the driver in a third,
# see test_cluster.py): calendar dates must come from notepath.time-zone alone.
WORKER_TZ = "Asia/Shanghai"

# Settings of both the local and the cluster runs (and of the simulator): a small ladder and a
# 2-day window, so that a few days of a few thousand impressions reach every stage and complete
# cohorts.
CLUSTER_TEST_CONF = """\
notepath.stages.window-days = 2
"""
SIMULATION = ["notepath.simulate.days=4", "notepath.simulate.notes-per-day=40"]


@pytest.fixture(scope="session")
def spark_cluster(tmp_path_factory):
    """A master and two workers (1 core, 1 GB each) on 127.0.0.1; every process is killed at the
    end, also when a test fails, and the teardown proves that none survived."""
    from cluster import StandaloneCluster

    cluster = StandaloneCluster(tmp_path_factory.mktemp("spark-cluster"), workers=2, cores=1,
                                memory="1g", worker_env={"TZ": WORKER_TZ})
    try:
        yield cluster.start()
    finally:
        cluster.stop()
        leftovers = cluster.leftover_processes()
        assert leftovers == [], f"processes of the test cluster survived its teardown: {leftovers}"


@pytest.fixture(scope="session")
def simulated_logs(tmp_path_factory):
    """A few days of simulated raw logs (bin/notepath simulate), the config file of the runs over
    them and the dates landed for every input table."""
    base = tmp_path_factory.mktemp("simulated")
    conf = base / "cluster-test.conf"
    conf.write_text(CLUSTER_TEST_CONF)
    root = base / "raw"
    notepath("simulate", "--output", str(root), "--config", str(conf), *SIMULATION)
    landed = [sorted(p.parent.name[3:] for p in (root / table).glob("dt=*/_SUCCESS"))
              for table in ("notes", "impressions", "interactions", "official_picks")]
    dates = sorted(set(landed[0]).intersection(*landed[1:]))
    assert len(dates) >= 3, f"the simulation landed too few complete days: {landed}"
    return {"root": root, "conf": conf, "dates": dates}


@pytest.fixture(scope="session")
def local_run(simulated_logs, tmp_path_factory):
    """bin/notepath backfill over the simulated days with the embedded local Spark."""
    warehouse = tmp_path_factory.mktemp("local-run") / "warehouse"
    started = time.monotonic()
    notepath("backfill", "--from", simulated_logs["dates"][0], "--to", simulated_logs["dates"][-1],
             "--input", str(simulated_logs["root"]), "--output", str(warehouse),
             "--config", str(simulated_logs["conf"]), env={"NOTEPATH_JAVA_OPTS": "-Xmx2g"})
    return {"warehouse": warehouse, "seconds": time.monotonic() - started}
