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
    data = _toll_data(ledger)
    svgs = [publish.svg_bytes(charts.toll_chart(data)) for _ in range(2)]
    plt.close("all")
    assert svgs[0] == svgs[1]


def _toll_data(ledger, fatalities=None):
    from sahel.chapters import human_cost
    from sahel.evidence import record
    from sahel.evidence.registry import load_registry

    registry = {source.id: source for source in load_registry()}
    fatalities = record.fatalities(human_cost.CITED) if fatalities is None else fatalities
    return human_cost.toll_chart_data(minusma.toll_table(ledger), registry, fatalities)


def test_the_toll_chart_draws_each_figures_own_interval_against_the_record(ledger):
    """One question: do the sources' death tolls allow the UN's count? "over 170" is an arrow
    from 170 to the edge, "around 180" a bar from 175 to 185, and the UN's counts (174 from
    malicious acts, 311 from all causes: pandas, rows of mission_acronym MINUSMA, counted
    by type_of_incident) are vertical reference lines; no identical personnel bars."""
    style.use_style()
    data = _toll_data(ledger)
    fig = charts.toll_chart(data)
    (ax,) = fig.axes
    pairs = [tuple(line.get_xdata()) for line in ax.lines if len(line.get_xdata()) == 2]
    bars = [p for p in pairs if p[0] != p[1]]
    lines = sorted(p[0] for p in pairs if p[0] == p[1])
    arrows = [(a.xyann[0], a.xy[0]) for a in ax.texts if getattr(a, "arrow_patch", None)]
    right = ax.get_xlim()[1]
    title = fig._suptitle.get_text().replace("\n", " ")
    plt.close(fig)
    assert bars == [(175, 185)]
    assert arrows == [(170, right)]
    assert lines == [174, 311]
    assert title.startswith("1 of 2 sources' death tolls allow the UN's count of 174")
    assert "personnel" not in set(data["label"])


def test_the_toll_titles_finding_follows_the_record(ledger):
    """Moved to 160 malicious-act deaths, neither figure allows the count: the title says 0."""
    from sahel.chapters import human_cost

    data = _toll_data(ledger)
    first = data.index[data["kind"] == human_cost.TOLL_RECORD][0]
    data.loc[first, ["value", "low", "high"]] = 160
    assert charts.toll_title(data).startswith("0 of 2 sources'")


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
