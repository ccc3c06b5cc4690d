"""Proof that nbval guards the numbers: change one glued number in an output, nbval fails."""

import re
import shutil

import nbformat
import pytest

from sahel import paths
from sahel.chapters import sources
from sahel.evidence.corpus import load_corpus
from tests.book import run_nbval

NOTEBOOK = paths.NOTEBOOKS / "80-sources.ipynb"
KEY = "sources_words_total"


def glued_output(notebook, key):
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("metadata", {}).get("scrapbook", {}).get("name") == key:
                return output
    raise AssertionError(f"no glued output {key!r}")


@pytest.fixture
def copy(tmp_path):
    target = tmp_path / NOTEBOOK.name
    shutil.copy(NOTEBOOK, target)
    return target


def test_unchanged_copy_passes(copy):
    code, output = run_nbval(copy)
    assert code == 0, output


def test_changed_glued_number_fails(copy):
    true_value = sources.summary(load_corpus())[KEY]
    notebook = nbformat.read(copy, as_version=4)
    output = glued_output(notebook, KEY)
    mime = "application/papermill.record/text/plain"
    assert output["data"][mime] == repr(true_value)
    wrong = f"{int(true_value.replace(',', '')) + 1:,}"
    output["data"][mime] = repr(wrong)
    nbformat.write(notebook, copy)

    code, report = run_nbval(copy)
    assert code != 0
    assert repr(wrong) in report and repr(true_value) in report


FIGURE_NOTEBOOK = paths.NOTEBOOKS / "85-relations.ipynb"
FIGURE = "fig_relations_decades"
SVG = "application/papermill.record/image/svg+xml"
LABEL = re.compile(r'<!-- (?P<text>[^<>]*?) -->\s*<g transform="[^"]*">(?P<glyphs>.*?)</g>', re.S)


@pytest.fixture
def figure_copy(tmp_path):
    target = tmp_path / FIGURE_NOTEBOOK.name
    shutil.copy(FIGURE_NOTEBOOK, target)
    return target


def test_changed_figure_label_fails(figure_copy):
    """A committed SVG whose tick label 1970s draws 1980s instead: nbval compares SVG bodies."""
    copy = figure_copy
    notebook = nbformat.read(copy, as_version=4)
    output = glued_output(notebook, FIGURE)
    svg = output["data"][SVG]
    labels = {m["text"]: m for m in LABEL.finditer(svg)}
    old, new = labels["1970s"], labels["1980s"]
    assert old["glyphs"] != new["glyphs"]
    start, end = old.span("glyphs")
    mutated = svg[:start] + new["glyphs"] + svg[end:]
    mutated = mutated.replace("<!-- 1970s -->", "<!-- 1980s -->", 1)
    output["data"][SVG] = mutated
    nbformat.write(notebook, copy)

    code, report = run_nbval(copy)
    assert code != 0, report
    assert FIGURE in report or "svg" in report.lower()
