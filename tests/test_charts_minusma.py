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


# --- the chapter's charts as a reader sees them: labels apart, markers named -------------------


def _boxes(fig, texts):
    renderer = fig.canvas.get_renderer()
    return [(t.get_text(), t.get_window_extent(renderer)) for t in texts if t.get_text()]


def _apart(boxes, gap_pt=1.0, dpi=100):
    """Pairs of boxes closer than ``gap_pt`` points (the label check of issue 23)."""
    gap = gap_pt * dpi / 72
    return [
        (a, b)
        for i, (a, box_a) in enumerate(boxes)
        for b, box_b in boxes[i + 1:]
        if box_a.expanded(1, 1).padded(gap / 2).overlaps(box_b.padded(gap / 2))
    ]


def _chapter_timeline(ledger, events):
    from sahel.chapters import mandate_end, reconciliation

    table = minusma.events_table(events)
    found = mandate_end.status(ledger, reconciliation.run(ledger))
    drawn = minusma.settle(table, mandate_end.KEY, found)
    start, end = minusma.zoom_window(table)
    return charts.window_chart(
        drawn, start, end, title=minusma.final_year_title(ledger, events), whole=True
    )


def test_the_timeline_draws_the_mandates_end_with_its_one_status(ledger, events):
    """The old mark: two dots joined as "sources disagree" while the disagreements chapter
    says the record settles it. Now the row carries the status and one dot."""
    style.use_style()
    fig = _chapter_timeline(ledger, events)
    ax = fig.axes[0]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    rows = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    plt.close(fig)
    assert not any("disagree" in entry for entry in legend), legend
    # one status, from its one home (the reconciliation and the flags): since the end of 30 June
    # and the start of 1 July are one boundary, it is "the same day, worded differently"
    assert "MINUSMA's mandate ends, 30 June 2023 (the same day, worded differently)" in rows
    # the phase from the resolution is named for what it marks, not "Deployment"
    assert not any(entry.startswith("Deployment") for entry in legend)
    assert any(entry.startswith("Mandate in force") for entry in legend)


def test_the_unsettled_timeline_would_still_show_the_old_mark(events):
    """The fixture broken on purpose: the events table as it was (both readings, no status)
    draws "sources disagree", which the test above refuses."""
    style.use_style()
    table = minusma.events_table(events)
    start, end = minusma.zoom_window(table)
    fig = charts.window_chart(table, start, end)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    plt.close(fig)
    assert "sources disagree" in legend


def test_the_timelines_labels_do_not_touch(ledger, events):
    style.use_style()
    fig = _chapter_timeline(ledger, events)
    fig.canvas.draw()
    main, strip = fig.axes[0], fig.axes[0].child_axes[0]
    for ax in (main, strip):
        ticks = _boxes(fig, [t for t in ax.get_xticklabels() if t.get_visible()])
        assert len(ticks) >= 3
        assert _apart(ticks) == [], ticks
    rows = _boxes(fig, main.get_yticklabels())
    assert _apart(rows) == []
    assert strip.get_title(loc="right").startswith("MINUSMA was gone")
    width = fig.get_tightbbox(fig.canvas.get_renderer()).width
    plt.close(fig)
    assert width <= style.WIDTH_IN + 0.05  # nothing sticks out past the house width


def _drawdown(sites, closing):
    from sahel.chapters import geo_pko
    from sahel.evidence import geo

    wanted = [*closing, *geo_pko.last_year_names(sites)]
    years = geo_pko.map_years(sites, 2023)
    points = geo_pko.map_points(sites, years, wanted)
    outlines = geo.countries()
    extent = geo_pko.map_extent(outlines)
    fig = charts.drawdown_map(
        points, geo.region(outlines, extent), extent, geo_pko.host(outlines),
        names={p: geo_pko.label_name(p, wanted) for p in points["location"]},
        title=geo_pko.map_title(sites, wanted),
    )
    return fig, points


@pytest.fixture(scope="module")
def pko_sites():
    from sahel.chapters import geo_pko
    from sahel.evidence import record

    return record.geo_pko_sites(geo_pko.SITES)


def test_the_drawdown_map_is_small_multiples_with_the_legend_outside(pko_sites):
    style.use_style()
    fig, points = _drawdown(pko_sites, ["Gao", "Timbuktu"])
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    maps = [ax for ax in fig.axes if ax.get_visible() and ax.axison]
    titles = [ax.get_title(loc="left") for ax in maps]
    key = next(ax for ax in fig.axes if ax.get_legend() is not None)
    legend = key.get_legend().get_window_extent(renderer)
    labels = [(ax, t) for ax in maps for t in ax.texts]
    boxes = _boxes(fig, [t for _, t in labels])
    inside = all(
        ax.get_window_extent(renderer).contains(b.x0, b.y0)
        and ax.get_window_extent(renderer).contains(b.x1, b.y1)
        for (ax, _), (_, b) in zip(labels, boxes, strict=True)
    )
    width = fig.get_tightbbox(renderer).width
    first = publish.svg_bytes(fig)
    plt.close(fig)
    assert titles == [
        "2014: 13 locations", "2017: 15 locations", "2020: 12 locations",
        "2023: 12 locations", "2024: 2 locations",
    ]
    assert key not in maps
    assert not any(legend.overlaps(ax.get_window_extent(renderer)) for ax in maps)
    assert sorted({t.get_text() for _, t in labels}) == ["Bamako", "Gao", "Timbuktu"]
    assert _apart(boxes) == []  # no label on another, across panels too
    assert inside  # no label cut by its map's edge
    assert width <= style.WIDTH_IN + 0.05
    again, _ = _drawdown(pko_sites, ["Gao", "Timbuktu"])
    assert publish.svg_bytes(again) == first
    plt.close("all")


def test_a_label_with_no_room_is_an_error():
    style.use_style()
    fig, ax = plt.subplots(figsize=(0.3, 0.3))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    fig.canvas.draw()
    with pytest.raises(ValueError, match="no room for the label 'Timbuktu'"):
        charts._place_labels(ax, [("Timbuktu", 0.5, 0.5)], [])
    plt.close(fig)


def test_the_label_check_catches_touching_year_labels():
    """The check's failing fixture: year labels drawn edge to edge ("20132014")."""
    fig, ax = plt.subplots(figsize=(2, 1))
    first = ax.text(0.1, 0.5, "2013", transform=ax.transAxes)
    fig.canvas.draw()
    right = first.get_window_extent(fig.canvas.get_renderer()).x1
    x = ax.transAxes.inverted().transform((right, 0))[0]
    second = ax.text(x, 0.5, "2014", transform=ax.transAxes)
    boxes = _boxes(fig, [first, second])
    plt.close(fig)
    assert _apart(boxes) == [("2013", "2014")]
