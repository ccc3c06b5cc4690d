"""The MINUSMA chapter's charts: the timeline of events and phases, and the mission's toll.

Each draws exactly a frame :mod:`sahel.chapters.minusma` computes: :func:`window_chart` the rows
of :func:`~sahel.chapters.minusma.chart_data`, :func:`toll_chart` those of
:func:`~sahel.chapters.human_cost.toll_chart_data` (the sources' fatality figures from
:func:`~sahel.chapters.minusma.toll_table` beside the UN's counts).
"""

import datetime as dt
import math

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch, Rectangle
from matplotlib.patheffects import withStroke
from matplotlib.ticker import MaxNLocator

from sahel.chapters.human_cost import TOLL_RECORD, TOLL_SOURCE, allowing
from sahel.chapters.minusma import READINGS_SEPARATOR, chart_data, shown_dates
from sahel.charts.human_cost import title
from sahel.charts.norway import _path
from sahel.charts.style import COLORS, MIN_FONT_PT, WIDTH_IN, legend_below, wrap
from sahel.dates import span
from sahel.evidence.qualifiers import UPPER

PHASE_COLORS = {"deployment": "#dbe7f0", "withdrawal": "#f6dcc4", "liquidation": "#e3e3e3"}
EVENT_COLOR = COLORS[0]
#: a phase's name where the ledger's label would misname what the band marks: the first phase
#: runs from the resolution that established the mission, not from its deployment on the ground
PHASE_NAMES = {"deployment": "Mandate in force, from establishment"}
BAR_HEIGHT = 0.5


def _num(day):
    return mdates.date2num(pd.Timestamp(day))


LABEL_CHARS = 26  # characters per line of an event's label, left of the chart
LINE_IN = 0.17  # inches per line of label
LEGEND_CHARS = 34  # characters per line of a legend entry, so the legend stays inside the width


def _label(row):
    """An event's label in plain words: what happened and its date(s) as shown (no ids; the
    sources are in the caption and the CSV)."""
    status = row.get("status", "")
    return wrap(
        f"{row['event']}, {shown_dates(row)}" + (f" ({status})" if status else ""), LABEL_CHARS
    )


def _draw_moment(ax, y, row, lo, hi):
    """Draw one event's dates on row ``y``; return its visible (left, right) in data units."""
    spans = [span(d) for d in row["dates"].split(READINGS_SEPARATOR)]
    disagree = len(spans) > 1
    colour = COLORS[1] if disagree else EVENT_COLOR
    face = "white" if row["derived"] else colour  # hollow: a date the report infers
    if row["bound"] == UPPER:  # on or before the last day it may mean: a marker, never a span
        days = [_num(s.last) for s in spans]
        ax.plot(days, [y] * len(days), "<", markersize=8, color=colour,
                markerfacecolor=face, zorder=3)
        return min(days), max(days) + 1
    for s in spans:
        if s.precision == "day":
            ax.plot(_num(s.first), y, "o", markersize=7, color=colour, markerfacecolor=face,
                    zorder=3)
        else:
            ax.barh(
                y,
                _num(s.last + dt.timedelta(days=1)) - _num(s.first),
                left=_num(s.first),
                height=BAR_HEIGHT,
                color=colour,
                alpha=0.45,
                zorder=2,
            )
    if disagree:
        xs = [_num(s.first) for s in spans]
        ax.plot([min(xs), max(xs)], [y, y], color=colour, linewidth=2, zorder=2)
    left = max(_num(min(s.first for s in spans)), _num(lo))
    right = min(_num(max(s.last for s in spans) + dt.timedelta(days=1)), _num(hi))
    return left, right


def _legend_for(moments, phases):
    handles = list(phases)
    upper = moments[moments["bound"] == UPPER]
    moments = moments[moments["bound"] != UPPER]
    spans = [
        (span(d), bool(r["derived"]), len(r["dates"].split(READINGS_SEPARATOR)) > 1)
        for _, r in moments.iterrows()
        for d in r["dates"].split(READINGS_SEPARATOR)
    ]
    before = {"marker": "<", "linestyle": "", "color": EVENT_COLOR}
    if (~upper["derived"].astype(bool)).any():
        handles.append(Line2D([], [], label="deadline: on or before the date", **before))
    if upper["derived"].astype(bool).any():
        handles.append(
            Line2D([], [], markerfacecolor="white", label="on or before a date the report infers",
                   **before)
        )
    marker = {"marker": "o", "linestyle": "", "color": EVENT_COLOR}
    if any(s.precision == "day" and not d and not m for s, d, m in spans):
        handles.append(Line2D([], [], label="day given", **marker))
    if any(d for _, d, _ in spans):
        handles.append(
            Line2D([], [], markerfacecolor="white", label="day derived by the report", **marker)
        )
    if any(s.precision != "day" for s, _, _ in spans):
        handles.append(
            Patch(facecolor=EVENT_COLOR, alpha=0.45, label="only the month or year is given")
        )
    if any(m for _, _, m in spans):
        handles.append(Line2D([], [], marker="o", color=COLORS[1], label="sources disagree"))
    return handles


STRIP_IN = 0.28  # height of the whole-mission strip above a zoomed timeline, inches


def _mission_strip(ax, phases, lo, hi):
    """A thin strip above ``ax``: the mission's phases over their whole span (each band from
    its first day to its last, an open-ended phase to the axis' end) with a box around the
    months ``lo``–``hi`` the chart below shows; years on top."""
    height = ax.get_position().height * ax.figure.get_figheight()
    strip = ax.inset_axes([0, 1 + 0.55 / height, 1, STRIP_IN / height])
    first = min(dt.date.fromisoformat(r.first) for r in phases.itertuples())
    last = max(dt.date.fromisoformat(r.last) for r in phases.itertuples() if r.last)
    left, right = dt.date(first.year, 1, 1), dt.date(last.year + 1, 12, 31)
    for i, row in enumerate(phases.itertuples(index=False)):
        colour = PHASE_COLORS.get(row.key, COLORS[(i + 3) % len(COLORS)])
        end = dt.date.fromisoformat(row.last) + dt.timedelta(days=1) if row.last else right
        strip.axvspan(_num(dt.date.fromisoformat(row.first)), _num(end), color=colour, lw=0)
    strip.add_patch(
        Rectangle((_num(lo), 0), _num(hi) - _num(lo), 1, fill=False, edgecolor=EVENT_COLOR,
                  linewidth=1.5, clip_on=False)
    )
    strip.set_xlim(_num(left), _num(right))
    strip.set_ylim(0, 1)
    strip.set_yticks([])
    strip.xaxis.tick_top()
    strip.xaxis.set_major_locator(mdates.YearLocator(3))
    strip.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    for side in ("left", "right", "bottom"):
        strip.spines[side].set_visible(False)
    return strip


def window_chart(table, start, end, title=None, whole=False):
    """Timeline of the events and phases of ``table`` (any subset of rows) from start to end.

    ``table`` is :func:`events_table` or any subset of its rows; ``start`` and ``end`` are
    partial ISO dates: "2013" to "2024" draws whole years, "2023-06" to "2024-01" whole
    months. Phases are shaded bands; each event has its own row, labelled with its date(s)
    and sources. A day-precise date is a dot (hollow if derived by the report); a month- or
    year-only date is a bar over the whole month or year; dates the sources disagree on are
    dots joined by a line. An upper bound (a deadline such as "by the end of 2023", or the
    latest day an inferred event can have happened) is a left-pointing triangle on the last
    day it may mean, never a span: on or before it (hollow if the report infers it). Draws
    exactly :func:`chart_data` of the same arguments. ``whole`` adds a thin strip above: the
    mission's phases over their whole span, a box around the months the chart shows.
    """
    data = chart_data(table, start, end)
    lo, hi = span(start).first, span(end).last + dt.timedelta(days=1)
    phases = data[data["kind"] == "phase"]
    moments = data[data["kind"] != "phase"].iloc[::-1].reset_index(drop=True)
    labels = [_label(row) for _, row in moments.iterrows()]
    lines = [label.count("\n") + 1 for label in labels]
    tops = [sum(lines[:i]) + lines[i] / 2 for i in range(len(lines))]  # row centres, in lines
    fig, ax = plt.subplots(figsize=(WIDTH_IN, LINE_IN * (sum(lines) + len(lines)) + 1.6))
    bands = []
    for i, row in enumerate(phases.itertuples(index=False)):
        colour = PHASE_COLORS.get(row.key, COLORS[(i + 3) % len(COLORS)])
        left = max(dt.date.fromisoformat(row.first), lo)
        right = dt.date.fromisoformat(row.last) + dt.timedelta(days=1) if row.last else hi
        ax.axvspan(_num(left), _num(min(right, hi)), color=colour, zorder=0, linewidth=0)
        label = PHASE_NAMES.get(row.key, row.event) + ("" if row.last else ", open-ended")
        bands.append(Patch(facecolor=colour, label=label))
    ys = [t + i for i, t in enumerate(tops)]  # a blank half line between rows
    ax.set_ylim(-0.6, (ys[-1] + lines[-1] / 2 + 0.6) if ys else 0.6)
    ax.set_xlim(_num(lo), _num(hi))
    for y, (_, row) in zip(ys, moments.iterrows(), strict=True):
        _draw_moment(ax, y, row, lo, hi)
    ax.set_yticks(ys, labels)
    ax.tick_params(axis="y", length=0)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=6)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))
    ax.grid(axis="x", color="#bbbbbb", linewidth=0.5, zorder=1)
    ax.spines["left"].set_visible(False)
    ax.legend(
        handles=_legend_for(moments, bands),
        labels=[wrap(h.get_label(), LEGEND_CHARS) for h in _legend_for(moments, bands)],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.1),
        ncol=1,
        frameon=False,
        fontsize=MIN_FONT_PT,
    )
    fig.tight_layout()
    if whole and len(phases):
        strip = _mission_strip(ax, phases, lo, hi)
        if title:
            strip.set_title(wrap(title, 40), pad=16, loc="right")
    elif title:
        ax.set_title(wrap(title, 40))
        fig.tight_layout()
    return fig


BOUND_MARKERS = {
    "as stated": {"marker": "o"},
    "lower bound": {"marker": "o"},
    "approximate": {"marker": "D", "markerfacecolor": "white"},
}


def _ends(row, right):
    """A toll row's interval as drawn: (low, high), an open end at the axis' edge."""
    low = row["low"] if pd.notna(row["low"]) else 0
    high = row["high"] if pd.notna(row["high"]) else right
    return low, high


def toll_title(data):
    """The toll chart's finding: how many sources' intervals allow the first UN count."""
    n, allow = allowing(data)
    count = data[data["kind"] == TOLL_RECORD].iloc[0]
    return (f"{allow} of {n} sources' death tolls allow the UN's count of "
            f"{int(count['value']):,} {count['label']}")


def toll_chart(data):
    """The sources' fatality figures as the intervals their qualifiers mean, one row each,
    against the UN's counts drawn as reference lines (the rows of
    :func:`sahel.chapters.human_cost.toll_chart_data`).

    A lower bound ("more than", "over") is a dot with an arrow to the right edge; an
    approximate figure ("about", "around") a hollow diamond on a bar over its range.
    """
    seeds = data[data["kind"] == TOLL_SOURCE].iloc[::-1].reset_index(drop=True)
    counts = data[data["kind"] == TOLL_RECORD].reset_index(drop=True)
    right = max(counts["value"].max(), seeds["value"].max()) * 1.45
    left = min(counts["value"].min(), seeds["value"].min()) * 0.85
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 2.0 + 0.5 * len(seeds)))
    for y, row in seeds.iterrows():
        low, high = _ends(row, right)
        if row["bound"] == "lower bound":
            ax.annotate("", xy=(right, y), xytext=(low, y),
                        arrowprops={"arrowstyle": "->", "color": COLORS[1]})
        elif high > low:
            ax.plot([low, high], [y, y], color=COLORS[1], linewidth=4, alpha=0.5,
                    solid_capstyle="butt", zorder=2)
        ax.plot(row["value"], y, markersize=7, color=COLORS[1], linestyle="", zorder=3,
                **BOUND_MARKERS[row["bound"]])
    # each count's label in its own band above the sources' rows, so labels of counts close
    # together never meet (tests/chart_text.py measures them)
    band = 0.85
    top = len(seeds) - 0.4 + band * len(counts)
    for i, row in counts.iterrows():
        ax.axvline(row["value"], color=COLORS[0], linestyle="-" if i == 0 else "--",
                   linewidth=1.4, zorder=1)
        ax.annotate(wrap(f"UN count, {row['label']}: {int(row['value']):,}", 20),
                    (row["value"], top - 0.05 - band * i), xytext=(4, 0),
                    textcoords="offset points", ha="left", va="top", fontsize=MIN_FONT_PT,
                    color=COLORS[0])
    ax.set_yticks(range(len(seeds)), [wrap(label, 22) for label in seeds["label"]])
    ax.set_ylim(-0.6, top)
    ax.set_xlim(left, right)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    ax.set_xlabel("deaths (the sources: peacekeepers killed)", fontsize=MIN_FONT_PT)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color="#dddddd", linewidth=0.5, zorder=0)
    title(fig, toll_title(data))
    fig.tight_layout()
    return fig


# --- the drawdown on a map -----------------------------------------------------------------------

HOST_FILL, NEIGHBOUR_FILL, BORDER = "#f2efe6", "#e6e6e6", "#8c8c8c"
OFF_COLOR = "#9a9a9a"
PANEL_COLUMNS = 2
PANEL_IN = WIDTH_IN / PANEL_COLUMNS  # each panel's width, inches
LABEL_OFFSETS = ((4, 3), (-4, 3), (4, -3), (-4, -3), (0, 6), (0, -6))  # points, tried in order
NEAR_PX = 12  # display px around a label in which another dot makes it ambiguous
ON_LABEL = "a location on that year's maps"
OFF_LABEL = "a location the mission held in another year, not on that year's maps"


def _place_labels(ax, points, used, dots=()):
    """Label ``points`` (rows with name, lon, lat): each label takes the first offset of
    :data:`LABEL_OFFSETS` at which it stays inside the axes and clear of every label placed
    so far (``used``: their boxes in display units, extended in place), preferring one that
    has the fewest of the ``dots`` (``(lon, lat)`` of the panel's markers, its own included)
    on it or within :data:`NEAR_PX` of it, so a label reads as its own dot's."""
    renderer = ax.figure.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    marks = [ax.transData.transform(dot) for dot in dots]
    for name, lon, lat in points:
        fits = []
        for dx, dy in LABEL_OFFSETS:
            text = ax.annotate(
                name, (lon, lat), xytext=(dx, dy), textcoords="offset points",
                ha="left" if dx > 0 else "right" if dx < 0 else "center",
                va="bottom" if dy > 0 else "top", fontsize=MIN_FONT_PT, zorder=5,
                path_effects=[withStroke(linewidth=2.5, foreground="#ffffff")],
            )
            box = text.get_window_extent(renderer).expanded(1.05, 1.1)
            text.remove()
            inside = (box.x0 >= frame.x0 and box.x1 <= frame.x1 and box.y0 >= frame.y0
                      and box.y1 <= frame.y1)
            if inside and not any(box.overlaps(other) for other in used):
                near = box.expanded(1 + NEAR_PX / box.width, 1 + NEAR_PX / box.height)
                crowding = sum(near.contains(x, y) for x, y in marks)
                fits.append((crowding, len(fits), dx, dy, box))
        if not fits:
            raise ValueError(f"no room for the label {name!r} on the map")
        _, _, dx, dy, box = min(fits, key=lambda fit: fit[:2])
        ax.annotate(
            name, (lon, lat), xytext=(dx, dy), textcoords="offset points",
            ha="left" if dx > 0 else "right" if dx < 0 else "center",
            va="bottom" if dy > 0 else "top", fontsize=MIN_FONT_PT, zorder=5,
            path_effects=[withStroke(linewidth=2.5, foreground="#ffffff")],
        )
        used.append(box)


def drawdown_map(points, region, extent, host, *, names=None, title=None):
    """Small multiples of the mission's locations on the host country, one panel per year of
    ``points`` (:func:`sahel.chapters.geo_pko.map_points`), two to a row: a filled dot for a
    location on that year's maps, a hollow grey ring for one the mission held in another year.
    ``host`` is the host country's ``(iso_a3, name)`` in ``region`` (the outlines drawn).
    Labelled locations carry the name ``names`` maps them to (default: their own), placed
    clear of each other inside the panel. The last cell holds the legend, outside every map."""
    names = names or {}
    years = list(dict.fromkeys(points["year"]))
    rows = -(-(len(years) + 1) // PANEL_COLUMNS)
    west, south, east, north = extent
    aspect = 1 / math.cos(math.radians((south + north) / 2))
    panel_h = PANEL_IN * (north - south) * aspect / (east - west)
    fig, axes = plt.subplots(
        rows, PANEL_COLUMNS, figsize=(WIDTH_IN, rows * (panel_h + 0.3) + 0.6), squeeze=False
    )
    cells = list(axes.flat)
    for ax, year in zip(cells, years, strict=False):
        for row in region.itertuples(index=False):
            mine = row.iso_a3 == host[0]
            ax.add_patch(PathPatch(_path(row.geometry),
                                   facecolor=HOST_FILL if mine else NEIGHBOUR_FILL,
                                   edgecolor=BORDER if mine else "#ffffff",
                                   linewidth=0.8 if mine else 0.6, zorder=2 if mine else 1))
        drawn = points[points["year"] == year]
        on = drawn[drawn["on_maps"] == "yes"]
        off = drawn[drawn["on_maps"] != "yes"]
        ax.plot(off["longitude"], off["latitude"], "o", markersize=4.5, color=OFF_COLOR,
                markerfacecolor="none", markeredgewidth=0.9, zorder=3, linestyle="")
        ax.plot(on["longitude"], on["latitude"], "o", markersize=5, color=COLORS[0],
                markeredgecolor="#ffffff", markeredgewidth=0.5, zorder=4, linestyle="")
        ax.set_xlim(west, east)
        ax.set_ylim(south, north)
        ax.set_aspect(aspect)
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_visible(True)
            spine.set_color("#bfbfbf")
        count = len(on)
        ax.set_title(f"{year}: {count} location{'' if count == 1 else 's'}", fontsize=MIN_FONT_PT,
                     fontweight="bold", loc="left")
    for ax in cells[len(years):]:
        ax.axis("off")
    if title:
        fig.suptitle(wrap(title, 44), fontsize=11, fontweight="bold", x=0.02, ha="left")
    fig.tight_layout()
    used = []
    for ax, year in zip(cells, years, strict=False):
        drawn = points[points["year"] == year]
        shown = drawn[drawn["labelled"] == "yes"]
        _place_labels(
            ax,
            [(names.get(r.location, r.location), r.longitude, r.latitude)
             for r in shown.itertuples(index=False)],
            used,
            dots=[(r.longitude, r.latitude) for r in drawn.itertuples(index=False)],
        )
    key = cells[len(years)] if len(cells) > len(years) else None
    handles = [
        Line2D([], [], marker="o", linestyle="", markersize=5, color=COLORS[0],
               markeredgecolor="#ffffff", label=wrap(ON_LABEL, 24)),
        Line2D([], [], marker="o", linestyle="", markersize=4.5, color=OFF_COLOR,
               markerfacecolor="none", label=wrap(OFF_LABEL, 24)),
        Patch(facecolor=HOST_FILL, edgecolor=BORDER, label=host[1]),
    ]
    if key is not None:
        key.legend(handles=handles, loc="center left", frameon=False, fontsize=MIN_FONT_PT,
                   borderaxespad=0, handletextpad=0.5)
    else:
        legend_below(axes[-1, 0], handles=handles)
    return fig
