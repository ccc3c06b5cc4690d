"""Proof that nbval's run compares glue names (tests/nbval_glue.py): a value moved to another
key fails, and a test run leaves the committed data/derived files alone."""

import copy
import shutil

import nbformat
import pytest

from sahel import paths
from tests.book import run_nbval
from tests.nbval_glue import derived_problems, glue_name_problems, glue_names

NOTEBOOK = paths.NOTEBOOKS / "80-sources.ipynb"
PLAIN = "application/papermill.record/text/plain"


def two_glued(notebook):
    """The first cell gluing two different values, and those two outputs."""
    for cell in notebook.cells:
        glued = [o for o in cell.get("outputs", []) if glue_names([o])]
        for i, first in enumerate(glued):
            for second in glued[i + 1 :]:
                if first["data"].get(PLAIN) != second["data"].get(PLAIN):
                    return cell, first, second
    raise AssertionError("no cell glues two different values")


def swap_names(first, second):
    a, b = (o["metadata"]["scrapbook"]["name"] for o in (first, second))
    first["metadata"]["scrapbook"]["name"], second["metadata"]["scrapbook"]["name"] = b, a
    return a, b


@pytest.mark.parametrize("notebook", sorted(paths.NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_committed_names_pass_and_swapped_names_fail(notebook):
    committed = nbformat.read(notebook, as_version=4)
    for cell in committed.cells:
        assert glue_name_problems(cell.get("outputs", []), cell.get("outputs", [])) == []
    try:
        cell, first, second = two_glued(committed)
    except AssertionError:
        pytest.skip(f"{notebook.name} glues no two values in one cell")
    fresh = copy.deepcopy(cell.outputs)
    a, b = swap_names(*(fresh[cell.outputs.index(o)] for o in (first, second)))
    problems = glue_name_problems(fresh, cell.outputs)
    assert problems and a in problems[0] and b in problems[0], problems


def test_a_missing_or_extra_name_fails():
    named = [{"metadata": {"scrapbook": {"name": n}}} for n in ("a", "b")]
    assert glue_name_problems(named[:1], named) == ["glued names differ: committed ['a', 'b'], "
                                                   "fresh run ['a']"]
    assert glue_name_problems(named, named[:1])


@pytest.fixture
def scratch(tmp_path):
    target = tmp_path / NOTEBOOK.name
    shutil.copy(NOTEBOOK, target)
    return target


def test_nbval_fails_on_swapped_glue_names_and_leaves_derived_alone(scratch):
    """End to end: a committed notebook whose two glue names are swapped (values in the same
    order, as a chapter swapping two keys would produce) fails nbval; the run rewrites nothing
    under data/derived."""
    notebook = nbformat.read(scratch, as_version=4)
    _, first, second = two_glued(notebook)
    a, b = swap_names(first, second)
    nbformat.write(notebook, scratch)
    before = {p.name: p.stat().st_mtime_ns for p in paths.DERIVED.iterdir()}

    code, report = run_nbval(scratch)
    assert code != 0, report
    assert "glued values moved to other names" in report and a in report and b in report, report
    assert {p.name: p.stat().st_mtime_ns for p in paths.DERIVED.iterdir()} == before


def test_derived_drift_is_named(tmp_path):
    written, committed = tmp_path / "written", tmp_path / "committed"
    written.mkdir(), committed.mkdir()
    (written / "same.csv").write_text("a\n1\n")
    (committed / "same.csv").write_text("a\n1\n")
    assert derived_problems(written, committed) == []
    (written / "changed.csv").write_text("a\n2\n")
    (committed / "changed.csv").write_text("a\n1\n")
    (written / "new.csv").write_text("a\n3\n")
    problems = derived_problems(written, committed)
    assert len(problems) == 2
    assert problems[0].startswith("changed.csv: the notebook writes other bytes")
    assert problems[1].startswith("new.csv: written by the notebook but not committed")
