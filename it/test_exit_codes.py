"""Exit codes a scheduler acts on (DESIGN §5), through the real bin/notepath."""
from conftest import notepath


def test_not_landed_exits_3_and_writes_nothing(tmp_path):
    out = tmp_path / "warehouse"
    proc = notepath("run", "--date", "2031-01-01", "--output", str(out), check=False)
    assert proc.returncode == 3, proc.stderr[-2000:]
    assert "has not landed" in proc.stderr
    assert not out.exists() or not any(out.rglob("*.parquet"))


def test_bad_date_exits_2():
    proc = notepath("run", "--date", "yesterday", check=False)
    assert proc.returncode == 2
    assert "--date: expected a date YYYY-MM-DD, got 'yesterday'" in proc.stderr


def test_bad_config_exits_2_naming_the_key():
    proc = notepath("run", "notepath.stages.window-days=soon", check=False)
    assert proc.returncode == 2
    assert "notepath.stages.window-days" in proc.stderr


def test_reject_threshold_exits_4_and_writes_no_table(tmp_path):
    out = tmp_path / "warehouse"
    proc = notepath("run", "--output", str(out), "notepath.quality.max-reject-ratio=0", check=False)
    assert proc.returncode == 4, proc.stderr[-2000:]
    assert "Nothing was written" in proc.stderr
    assert not any(out.rglob("*.parquet")), "a refused run wrote Parquet"


def test_help_lists_commands():
    proc = notepath("--help")
    for command in ("run", "backfill", "simulate"):
        assert command in proc.stdout
    run_help = notepath("run", "--help").stdout
    assert "--date" in run_help and "Exit codes" in run_help
