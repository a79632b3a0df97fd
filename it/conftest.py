"""Shared fixtures: the repository, and one local run of bin/notepath over data-samples."""
import json
import os
import pathlib
import subprocess

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
