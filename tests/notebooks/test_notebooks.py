"""Every notebook in notebooks/ runs top to bottom (nbclient, a real Jupyter kernel), and is stored
without outputs in git."""

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 1


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_top_to_bottom(path, tmp_path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()  # raises CellExecutionError with the failing cell on error
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.get("output_type") == "error"]
    assert errors == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_a_widget_that_recomputes(path):
    """Each notebook has an ipywidgets control whose callback recomputes a result, and calls
    that callback once itself, so that the result is also computed without a browser."""
    import re

    code = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells
                     if c.cell_type == "code")
    assert "import ipywidgets" in code, path.name
    callbacks = re.findall(r"\.observe\((\w+), names=\"value\"\)", code)
    assert callbacks, path.name
    assert any(re.search(rf"^\w+ = {cb}\(\)", code, re.M) for cb in callbacks), path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_epochs_come_from_the_scenario_not_literals(path):
    import re

    code = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells
                     if c.cell_type == "code")
    assert not re.search(r"\b(19|20)\d\d-\d\d(-\d\d)?\b", code), path.name
    assert 'load_scenario("baseline")' in code, path.name
