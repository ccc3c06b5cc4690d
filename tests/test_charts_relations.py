"""The relations chapter's charts: the decades, the timeline of ruptures and the aid and troop
figures draw exactly the chapter's frames (moved from test_realignment with the drawing code)."""

import ast
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

from sahel.chapters import norway, realignment, relations
from sahel.charts import relations as charts
from sahel.charts import style
from sahel.evidence import claims
from sahel.evidence.corpus import load_corpus
from sahel.evidence.qualifiers import is_lower_bound


@pytest.fixture(scope="module")
def ledger():
    return claims.load_ledger()


@pytest.fixture(autouse=True)
def _style():
    style.use_style()
    yield
    plt.close("all")


def test_timeline_draws_spans_and_points(ledger):
    frame = realignment.timeline(ledger)
    fig = charts.timeline_chart(frame)
    bars = sum(len(c) for ax in fig.axes for c in ax.containers)
    points = sum(len(ax.lines) for ax in fig.axes)
    assert bars == (frame["precision"] != "day").sum()
    assert points == (frame["precision"] == "day").sum()


def test_timeline_axis_breaks_where_events_are_more_than_a_decade_apart():
    segments = charts._segments([1960, 1991, 2012, 2014, 2023])
    assert [years for _, _, years in segments] == [[1960], [1991], [2012, 2014, 2023]]
    assert segments[0][:2] == (1959, 1962)


def test_decades_chart_stacks_every_row_once():
    table = relations.relations(load_corpus()[relations.SOURCE].text)
    data = relations.decades(table)
    fig = charts.decades_chart(data)
    ax = fig.axes[0]
    assert sum(p.get_height() for p in ax.patches) == len(table)
    assert [t.get_text() for t in ax.texts] == [f"{n:,}" for n in data["total"]]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(relations.GRADES)


def test_aid_troops_chart_labels_as_written_and_arrows_lower_bounds(ledger):
    data = realignment.aid_troops(ledger)
    fig = charts.aid_troops_chart(data)
    texts = [t for ax in fig.axes for t in ax.texts]
    labels = [t.get_text() for t in texts if t.get_text()]
    assert sorted(labels) == sorted(data["as written"])
    arrows = [t for t in texts if not t.get_text()]
    assert len(arrows) == sum(is_lower_bound(q) for q in data["qualifier"]) > 0


@pytest.mark.parametrize("module", [norway, relations, realignment])
def test_chapter_modules_do_not_import_matplotlib(module):
    """Drawing lives in sahel.charts; the chapters compute (checked on their source)."""
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    nodes = list(ast.walk(tree))
    imported = [a.name for n in nodes if isinstance(n, ast.Import) for a in n.names]
    imported += [n.module or "" for n in nodes if isinstance(n, ast.ImportFrom)]
    assert imported and not [n for n in imported if n.split(".")[0] == "matplotlib"]
