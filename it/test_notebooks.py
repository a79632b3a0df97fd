"""The analysts' notebooks (notebooks/*.ipynb) run top to bottom with papermill on the output of a
run over data-samples, draw their figures, only read the warehouse, and are committed clean.
The executed notebooks land as HTML (and .ipynb) in build/notebooks/ for a look."""
import shutil
import sys

import nbformat
import papermill
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from nbconvert import HTMLExporter

from conftest import REPO

NOTEBOOKS = REPO / "notebooks"
EXECUTED = REPO / "build" / "notebooks"
KERNEL = "python3"

# Figures (image/png outputs) each notebook draws on the sample run, at least:
# 01: funnel, by category, by cohort, conversion trends, hours histograms, hours by category;
# 02: milestone timeline, daily curve, reach sources; 03: outcomes by bucket, seeding, picks.
FIGURES = {
    "01_funnel_overview.ipynb": 6,
    "02_note_drilldown.ipynb": 3,
    "03_cold_start_insights.ipynb": 3,
}
PARAMETERS = {
    "01_funnel_overview.ipynb": ["warehouse", "start_date", "end_date"],
    "02_note_drilldown.ipynb": ["warehouse", "start_date", "end_date", "note_id"],
    "03_cold_start_insights.ipynb": ["warehouse", "start_date", "end_date"],
}


def files_of(root):
    """Every file under root with its size and modification time."""
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in root.rglob("*") if p.is_file()}


def execute(name, output, **parameters):
    """Runs a notebook with papermill (any cell error raises) and returns the executed notebook."""
    output.parent.mkdir(parents=True, exist_ok=True)
    papermill.execute_notebook(str(NOTEBOOKS / name), str(output), parameters=parameters,
                               kernel_name=KERNEL, cwd=str(NOTEBOOKS), progress_bar=False,
                               log_output=False, execution_timeout=900)
    return nbformat.read(output, as_version=4)


def outputs(nb):
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]


def images(nb):
    return sum(1 for o in outputs(nb) if "image/png" in o.get("data", {}))


def printed(nb):
    return "".join(o.get("text", "") for o in outputs(nb) if o.output_type == "stream")


def test_every_committed_notebook_is_tested():
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == sorted(FIGURES)


def test_kernel_is_this_python():
    # papermill starts the kernel named KERNEL; it must be this interpreter's ipykernel (the
    # venv's), not one registered elsewhere with other packages.
    argv = KernelSpecManager().get_kernel_spec(KERNEL).argv
    assert argv[0] in ("python", "python3", sys.executable), argv


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_committed_without_outputs_and_with_parameters(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(nb)
    dirty = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"
             and (c.outputs or c.execution_count is not None)]
    assert dirty == [], (f"{name}: cells {dirty} have outputs or execution counts; clear them: "
                         f"jupyter nbconvert --clear-output --inplace notebooks/{name}")
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, f"{name}: expected one cell tagged 'parameters'"
    assigned = [line.split("=")[0].strip() for line in tagged[0].source.splitlines()
                if "=" in line and not line.startswith("#")]
    assert assigned == PARAMETERS[name]


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_notebook_runs_on_sample_output(sample_run, name):
    warehouse = sample_run["warehouse"]
    before = files_of(warehouse)
    nb = execute(name, EXECUTED / name, warehouse=str(warehouse))
    html, _ = HTMLExporter().from_notebook_node(nb)
    (EXECUTED / name).with_suffix(".html").write_text(html, encoding="utf-8")
    assert images(nb) >= FIGURES[name], f"{name} drew {images(nb)} figures"
    assert files_of(warehouse) == before, f"{name} changed the warehouse"
    if name.startswith("03"):
        # data-samples with local.conf's 2-day window completes cohorts: the final view shows.
        assert "PROVISIONAL" not in printed(nb)


def test_cold_start_insights_without_complete_cohorts(sample_run, tmp_path):
    # Before any cohort completes, cold_start_outcomes has a directory but no data file: the
    # notebook says so and falls back to the provisional view from note_paths.
    warehouse = tmp_path / "warehouse"
    shutil.copytree(sample_run["warehouse"], warehouse,
                    ignore=shutil.ignore_patterns("_rejects", "_runs"))
    outcomes = warehouse / "cold_start_outcomes"
    shutil.rmtree(outcomes)
    outcomes.mkdir()
    nb = execute("03_cold_start_insights.ipynb", tmp_path / "03.ipynb", warehouse=str(warehouse))
    text = printed(nb)
    assert "cold_start_outcomes has no data files yet" in text
    assert "PROVISIONAL" in text
    assert images(nb) >= FIGURES["03_cold_start_insights.ipynb"]
