"""The scheduling examples of docs/scheduling.md: the Airflow DAG is valid Python, and the cron
wrapper acts on each exit code as documented (with a stand-in spark-submit that exits with a
given sequence of codes)."""
import os
import py_compile
import subprocess

import pytest

from conftest import REPO

EXAMPLES = REPO / "docs" / "examples"


def test_airflow_dag_compiles(tmp_path):
    py_compile.compile(str(EXAMPLES / "notepath_dag.py"), cfile=str(tmp_path / "dag.pyc"),
                       doraise=True)


def run_wrapper(tmp_path, codes):
    """Runs notepath-nightly.sh with a fake $SPARK_HOME/bin/spark-submit exiting with `codes`,
    one per call; returns (exit code, calls made, alerts raised)."""
    bin_dir = tmp_path / "spark" / "bin"
    bin_dir.mkdir(parents=True)
    (tmp_path / "codes").write_text("\n".join(map(str, codes)) + "\n")
    fake = bin_dir / "spark-submit"
    fake.write_text(f"""#!/usr/bin/env bash
echo "$*" >> {tmp_path}/calls
code=$(head -1 {tmp_path}/codes); sed -i 1d {tmp_path}/codes
exit "$code"
""")
    fake.chmod(0o755)
    alert = tmp_path / "alert"
    alert.write_text(f'#!/usr/bin/env bash\necho "$*" >> {tmp_path}/alerts\n')
    alert.chmod(0o755)
    env = dict(os.environ, SPARK_HOME=str(tmp_path / "spark"), NOTEPATH_WAIT_SECONDS="0",
               NOTEPATH_RETRY_SECONDS="0", NOTEPATH_MAX_WAIT_TRIES="3",
               NOTEPATH_ALERT=str(alert))
    proc = subprocess.run(["bash", str(EXAMPLES / "notepath-nightly.sh"), "2026-11-02"], env=env,
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)
    calls = (tmp_path / "calls").read_text().splitlines()
    alerts_file = tmp_path / "alerts"
    alerts = alerts_file.read_text().splitlines() if alerts_file.exists() else []
    return proc.returncode, calls, alerts


@pytest.mark.parametrize("codes, exit_code, calls, alerted", [
    ([0], 0, 1, False),
    ([3, 3, 0], 0, 3, False),   # not landed: waits and tries again
    ([3, 3, 3], 3, 3, True),    # still not landed after NOTEPATH_MAX_WAIT_TRIES
    ([4], 4, 1, True),          # data quality: alert, no retry
    ([2], 2, 1, True),          # config: alert, no retry
    ([1, 1, 0], 0, 3, False),   # failure: retried
    ([1, 1, 1], 1, 3, True),    # ... up to 2 times
])
def test_cron_wrapper_acts_on_exit_codes(tmp_path, codes, exit_code, calls, alerted):
    code, made, alerts = run_wrapper(tmp_path, codes)
    assert code == exit_code
    assert len(made) == calls
    assert "run --date 2026-11-02" in made[0] and "--deploy-mode client" in made[0]
    assert bool(alerts) == alerted
