"""The MINUSMA chapter's charts: the timeline draws any subset of the events, month and year
dates as spans, and both charts are reproducible."""

import re

import matplotlib.pyplot as plt
import pytest

from sahel import publish
from sahel.chapters import minusma
from sahel.charts import minusma as charts
from sahel.charts import style
from tests.test_minusma import without


@pytest.fixture(scope="module")
def events(ledger):
    return minusma.build_events(ledger)


def test_window_chart_draws_any_subset(events):
    style.use_style()
    table = minusma.events_table(events)
    subset = table[table["key"].isin(["withdrawal", "norway_announced", "norway_closure"])]
    fig = charts.window_chart(subset, "2023-06", "2023-12")
    labels = [t.get_text().replace("\n", " ") for t in fig.axes[0].get_yticklabels()]
    plt.close(fig)
    assert len(labels) == 2
    assert any(label.startswith("Norway announces") for label in labels)
    assert not any(re.search(r"\bS\d{3}\b|\bC\d{3}-\d", label) for label in labels), labels


def test_month_and_year_dates_are_drawn_as_spans(ledger):
    style.use_style()
    events = minusma.build_events(without(ledger, "C002-04", "C002-08"))
    table = minusma.events_table(events)
    subset = table[table["key"].isin(["request", "coup_first"])]
    fig = charts.window_chart(subset, "2020", "2023")
    widths = sorted(round(p.get_width()) for p in fig.axes[0].patches if p.get_height() < 1)
    plt.close(fig)
    assert widths == [30, 366]  # June 2023; 2020 was a leap year


def test_charts_are_reproducible(events, ledger):
    style.use_style()
    table = minusma.events_table(events)
    first = publish.svg_bytes(charts.window_chart(table, "2013", "2024"))
    second = publish.svg_bytes(charts.window_chart(table, "2013", "2024"))
    assert first == second
    toll = charts.toll_chart(minusma.toll_table(ledger))
    markers = [line for ax in toll.axes for line in ax.lines if line.get_xdata().size == 1]
    plt.close("all")
    assert len(markers) == len(minusma.toll_table(ledger))


def test_the_toll_chart_draws_each_figures_own_interval(ledger):
    """No band from the lowest to the highest figure: "over 170" is an arrow from 170 to the
    edge, "around 180" a bar from 175 to 185, and the shading is only where both lie."""
    style.use_style()
    toll = minusma.toll_table(ledger)
    fig = charts.toll_chart(toll)
    deaths = next(ax for ax in fig.axes if ax.get_title(loc="left") == "Fatalities")
    bands = [(p.get_x(), p.get_x() + p.get_width()) for p in deaths.patches]
    bars = [tuple(line.get_xdata()) for line in deaths.lines if line.get_xdata().size == 2]
    arrows = [(a.xyann[0], a.xy[0]) for a in deaths.texts if hasattr(a, "arrow_patch")
              and a.arrow_patch is not None]
    right = deaths.get_xlim()[1]
    plt.close(fig)
    assert bars == [(175, 185)]
    assert arrows == [(170, right)]
    assert bands == [(175, 185)]


def test_a_deadline_is_a_marker_at_its_date_never_a_span(events):
    """Norway's closure "by the end of 2023" is a left-pointing triangle on 31 December 2023:
    no bar over the year, nothing drawn before the 31 August announcement."""
    import datetime as dt

    import matplotlib.dates as mdates

    style.use_style()
    table = minusma.events_table(events)
    subset = table[table["key"].isin(["withdrawal", "norway_announced", "norway_closure"])]
    fig = charts.window_chart(subset, "2023-06", "2024-01")
    ax = fig.axes[0]
    bars = [p for p in ax.patches if p.get_height() < 1]
    marks = [(line.get_marker(), line.get_xdata()[0]) for line in ax.lines]
    announced = mdates.date2num(dt.date(2023, 8, 31))
    plt.close(fig)
    assert bars == []
    assert ("<", mdates.date2num(dt.date(2023, 12, 31))) in marks
    assert all(x >= announced for m, x in marks if m == "<")


def test_the_final_months_carry_a_strip_of_the_whole_mission(events):
    """``whole=True``: above the zoomed timeline, the mission's phases over their whole span,
    with a box exactly around the months the chart below shows."""
    style.use_style()
    table = minusma.events_table(events)
    start, end = minusma.zoom_window(table)
    fig = charts.window_chart(table, start, end, whole=True)
    main = fig.axes[0]
    (strip,) = main.child_axes
    box = [p for p in strip.patches if not p.get_fill()]
    assert len(box) == 1
    shown = (box[0].get_x(), box[0].get_x() + box[0].get_width())
    assert shown == pytest.approx(main.get_xlim())
    left, right = strip.get_xlim()
    assert left < main.get_xlim()[0] and right >= main.get_xlim()[1]
    first = publish.svg_bytes(fig)
    plt.close(fig)
    assert publish.svg_bytes(charts.window_chart(table, start, end, whole=True)) == first
    plt.close("all")
