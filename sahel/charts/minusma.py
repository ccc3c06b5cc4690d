"""The MINUSMA chapter's charts: the timeline of events and phases, and the mission's toll.

Each draws exactly a frame :mod:`sahel.chapters.minusma` computes: :func:`window_chart` the rows
of :func:`~sahel.chapters.minusma.chart_data`, :func:`toll_chart` those of
:func:`~sahel.chapters.minusma.toll_table`.
"""

import datetime as dt

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from sahel.chapters.minusma import READINGS_SEPARATOR, chart_data, shown_dates
from sahel.charts.style import COLORS
from sahel.dates import span
from sahel.evidence.qualifiers import UPPER

PHASE_COLORS = {"deployment": "#dbe7f0", "withdrawal": "#f6dcc4", "liquidation": "#e3e3e3"}
EVENT_COLOR = COLORS[0]
BAR_HEIGHT = 0.5


def _num(day):
    return mdates.date2num(pd.Timestamp(day))


def _label(row, wrap=False):
    when = shown_dates(row)
    return f"{row['event']},{chr(10) if wrap else ' '}{when} [{', '.join(row['sources'].split())}]"


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


def _place_label(ax, y, row, left, right):
    """Label an event beside its drawn dates, inside the axes: to the right, else to the left,
    else the same on two lines, else centred over them on a white ground (a window-wide bar)."""
    pad = (ax.get_xlim()[1] - ax.get_xlim()[0]) * 0.012
    renderer = ax.figure.canvas.get_renderer()
    inside = ax.get_window_extent(renderer)
    style = {"va": "center", "fontsize": 8, "zorder": 4, "linespacing": 1.0}
    for wrap in (False, True):
        for x, ha in ((right + pad, "left"), (left - pad, "right")):
            label = ax.text(x, y, _label(row, wrap), ha=ha, **style)
            box = label.get_window_extent(renderer)
            if box.x0 >= inside.x0 and box.x1 <= inside.x1:
                return label
            label.remove()
    ground = {"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1}
    style["zorder"] = 2.5  # above a bar, below a dot
    return ax.text((left + right) / 2, y, _label(row), ha="center", bbox=ground, **style)


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


def window_chart(table, start, end, title=None):
    """Timeline of the events and phases of ``table`` (any subset of rows) from start to end.

    ``table`` is :func:`events_table` or any subset of its rows; ``start`` and ``end`` are
    partial ISO dates: "2013" to "2024" draws whole years, "2023-06" to "2024-01" whole
    months. Phases are shaded bands; each event has its own row, labelled with its date(s)
    and sources. A day-precise date is a dot (hollow if derived by the report); a month- or
    year-only date is a bar over the whole month or year; dates the sources disagree on are
    dots joined by a line. An upper bound (a deadline such as "by the end of 2023", or the
    latest day an inferred event can have happened) is a left-pointing triangle on the last
    day it may mean, never a span: on or before it (hollow if the report infers it). Draws
    exactly :func:`chart_data` of the same arguments.
    """
    data = chart_data(table, start, end)
    lo, hi = span(start).first, span(end).last + dt.timedelta(days=1)
    phases = data[data["kind"] == "phase"]
    moments = data[data["kind"] != "phase"].iloc[::-1].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(7.0, 0.34 * max(len(moments), 1) + 1.3))
    bands = []
    for i, row in enumerate(phases.itertuples(index=False)):
        colour = PHASE_COLORS.get(row.key, COLORS[(i + 3) % len(COLORS)])
        left = max(dt.date.fromisoformat(row.first), lo)
        right = dt.date.fromisoformat(row.last) + dt.timedelta(days=1) if row.last else hi
        ax.axvspan(_num(left), _num(min(right, hi)), color=colour, zorder=0, linewidth=0)
        text = f"{row.event} [{', '.join(row.sources.split())}]"
        bands.append(Patch(facecolor=colour, label=text + ("" if row.last else ", open-ended")))
    ax.set_ylim(-0.7, len(moments) - 0.3)
    ax.set_xlim(_num(lo), _num(hi))
    drawn = [(y, row, *_draw_moment(ax, y, row, lo, hi)) for y, row in moments.iterrows()]
    ax.set_yticks([])
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))
    ax.grid(axis="x", color="#bbbbbb", linewidth=0.5, zorder=1)
    ax.spines["left"].set_visible(False)
    ax.legend(
        handles=_legend_for(moments, bands),
        loc="upper center",
        bbox_to_anchor=(0.5, -0.1),
        ncol=2,
        frameon=False,
        fontsize=8,
    )
    if title:
        ax.set_title(title)
    fig.tight_layout()
    for y, row, left, right in drawn:  # once the axes have their final size
        _place_label(ax, y, row, left, right)
    return fig


BOUND_MARKERS = {
    "as stated": {"marker": "o"},
    "lower bound": {"marker": "o"},
    "approximate": {"marker": "D", "markerfacecolor": "white"},
}
BOUND_LEGEND = {
    "as stated": "as stated",
    "lower bound": "lower bound (more than, over): the figure and an arrow to the right",
    "approximate": "approximate (about, around, approximately): the figure and its range",
}
OVERLAP_LABEL = "values every source's figure allows"


def _ends(row, right):
    """A toll row's interval as drawn: (low, high), an open end at the axis' edge."""
    low = row["low"] if pd.notna(row["low"]) else 0
    high = row["high"] if pd.notna(row["high"]) else right
    return low, high


def toll_chart(toll):
    """Each source's personnel and fatality figure as a marker that shows its qualifier, on the
    interval the figure means (its ``low`` to ``high``).

    A lower bound ("more than", "over") is a dot with an arrow from it to the right edge (the
    interval is open-ended); an approximate figure ("about", "around") a hollow diamond on a
    bar over its range (the figure plus or minus half its rounding unit). Where the figures of
    a measure differ, the values all of their intervals allow are shaded. Draws exactly the
    rows of :func:`toll_table`.
    """
    measures = list(dict.fromkeys(toll["measure"]))
    fig, axes = plt.subplots(
        len(measures), 1, figsize=(7.0, 1.0 + 0.5 * len(toll) + 0.3 * len(measures)),
        squeeze=False,
    )
    shaded = False
    for ax, measure in zip(axes[:, 0], measures, strict=True):
        rows = toll[toll["measure"] == measure].iloc[::-1].reset_index(drop=True)
        top = rows["value"].max() * 1.35
        ends = [_ends(row, top) for _, row in rows.iterrows()]
        low, high = max(e[0] for e in ends), min(e[1] for e in ends)
        if rows["value"].nunique() > 1 and low <= high:
            shaded = True
            ax.axvspan(low, high, color=COLORS[4], alpha=0.25, linewidth=0, zorder=0)
        for (y, row), (left, right) in zip(rows.iterrows(), ends, strict=True):
            style = {"markersize": 7, "color": COLORS[0], "linestyle": "", "zorder": 3}
            if row["bound"] == "lower bound":
                ax.annotate(
                    "",
                    xy=(right, y),
                    xytext=(left, y),
                    arrowprops={"arrowstyle": "->", "color": COLORS[0]},
                )
            elif right > left:
                ax.plot([left, right], [y, y], color=COLORS[0], linewidth=3, alpha=0.5,
                        solid_capstyle="butt", zorder=2)
            ax.plot(row["value"], y, **style, **BOUND_MARKERS[row["bound"]])
            ax.annotate(
                row["as written"],
                (min(row["value"], left), y),
                xytext=(-9, 0),
                textcoords="offset points",
                ha="right",
                va="center",
                fontsize=8,
            )
        labels = [f"{s} ({c})" for s, c in zip(rows["source"], rows["claim"], strict=True)]
        ax.set_yticks(range(len(rows)), labels)
        ax.set_ylim(-0.6, len(rows) - 0.4)
        ax.set_xlim(0, top)
        ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:,.0f}"))
        ax.set_title(measure.capitalize(), loc="left")
        ax.tick_params(axis="y", length=0)
        ax.grid(axis="x", color="#dddddd", linewidth=0.5, zorder=1)
    handles = [
        Line2D([], [], color=COLORS[0], linestyle="", label=BOUND_LEGEND[b], **BOUND_MARKERS[b])
        for b in BOUND_LEGEND
        if b in set(toll["bound"])
    ]
    if shaded:
        handles.append(Patch(facecolor=COLORS[4], alpha=0.25, label=OVERLAP_LABEL))
    fig.tight_layout()
    fig.legend(handles=handles, loc="upper center", ncol=1, frameon=False, fontsize=8,
               bbox_to_anchor=(0.5, 0.0))
    return fig
