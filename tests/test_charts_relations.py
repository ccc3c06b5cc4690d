"""The relations chapter's charts: the decades, the timeline of ruptures and the aid the
article compares draw exactly the chapter's frames, with no colliding text."""

import ast
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

from sahel.chapters import norway, realignment, relations
from sahel.charts import relations as charts
from sahel.charts import style
from sahel.evidence import claims
from sahel.evidence.corpus import load_corpus


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


def test_aid_chart_compares_only_figures_of_the_same_years(ledger):
    data = realignment.oecd_aid(ledger)
    fig = charts.aid_chart(data, realignment.aid_title(ledger))
    ax = fig.axes[0]
    assert len(fig.axes) == 1  # one question, one axis
    assert sorted(t.get_text() for t in ax.texts) == sorted(data["as written"])
    assert sorted(p.get_width() for p in ax.patches) == sorted(data["usd_million"])
    assert ax.get_title(loc="left").startswith("The United States gave Mali")


def _no_overlap(extents, gap_px=0.0):
    for i, a in enumerate(extents):
        for b in extents[i + 1 :]:
            grown = a.from_extents(a.x0 - gap_px, a.y0 - gap_px, a.x1 + gap_px, a.y1 + gap_px)
            if grown.overlaps(b):
                return False
    return True


def test_timeline_labels_and_year_ticks_never_touch(ledger):
    """The old timeline printed "2013201620192022" and overlapped its first two labels."""
    fig = charts.timeline_chart(realignment.timeline(ledger))
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    gap = fig.dpi / 72  # 1 pt
    ylabels = [t.get_window_extent(renderer) for t in fig.axes[0].get_yticklabels()]
    assert len(ylabels) == len(realignment.timeline(ledger)) and _no_overlap(ylabels, gap)
    for ax in fig.axes:
        ticks = [t.get_window_extent(renderer) for t in ax.get_xticklabels() if t.get_text()]
        assert ticks and _no_overlap(ticks, gap)


def test_year_step_leaves_each_label_room():
    assert charts.year_step(15, 1.6) == 5  # 1.6 in holds three labels of 34 pt
    assert charts.year_step(4, 3.0) == 1
    assert charts.year_step(60, 1.0) == 50


def test_timeline_rows_grow_with_their_labels():
    centres, total = charts._rows(["short", "a label long enough to wrap onto a third line here"])
    first, second = total - centres[0], centres[0] - centres[1]
    assert second > first  # the three-line row takes more room than the one-line row


@pytest.mark.parametrize("module", [norway, relations, realignment])
def test_chapter_modules_do_not_import_matplotlib(module):
    """Drawing lives in sahel.charts; the chapters compute (checked on their source)."""
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    nodes = list(ast.walk(tree))
    imported = [a.name for n in nodes if isinstance(n, ast.Import) for a in n.names]
    imported += [n.module or "" for n in nodes if isinstance(n, ast.ImportFrom)]
    assert imported and not [n for n in imported if n.split(".")[0] == "matplotlib"]
