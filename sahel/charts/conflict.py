"""The conflict charts: one country's deaths in organized violence by year and type, its
one-sided deaths by perpetrator, and the host beside its neighbours, each with MINUSMA's time
in Mali (from its establishment) and its withdrawal shaded.

Each draws exactly a frame :mod:`sahel.chapters.conflict` computes:
:func:`type_chart` the rows of :func:`~sahel.chapters.conflict.type_chart_data`,
:func:`perpetrator_chart` those of :func:`~sahel.chapters.conflict.perpetrator_chart_data`,
:func:`countries_chart` those of :func:`~sahel.chapters.conflict.country_chart_data`; each
title is the chapter's point (:func:`~sahel.chapters.conflict.titles`). A year's bar spans the
year on the axis (2013 from 2013.0 to 2014.0), so a phase dated to the day is shaded where it
falls inside its years.

Every marker names what it marks: the shaded span starts on the day the Security Council
established the mission, and is labelled so ("MINUSMA established, 25 April 2013"), not as a
deployment, which the ledger does not date.
"""

import matplotlib.pyplot as plt
from matplotlib.patches import Patch
from matplotlib.ticker import StrMethodFormatter

from sahel.chapters.conflict import DEATHS, ESTABLISHED, MISSION, TOTAL_WORDS, WITHDRAWAL
from sahel.charts.style import COLORS, MIN_FONT_PT, WIDTH_IN, legend_below, wrap
from sahel.dates import year_position
from sahel.formatting import fmt_date

FONT = MIN_FONT_PT  # the smallest text drawn (see sahel.charts.style)
BAR = 0.8  # a bar's width, in years
TICK_EVERY = 3  # a year label every third year: labels never touch at phone width
SHADES = {ESTABLISHED: "#e8e8e8", WITHDRAWAL: "#c8c8c8"}
PHASE_WORDS = {ESTABLISHED: "MINUSMA in Mali", WITHDRAWAL: "MINUSMA's withdrawal"}
MARK_WORDS = "MINUSMA established"  # the label on the shaded span's first day
RANGE_WORDS = "low to high estimate of the total"
LEGEND_CHARS = 22  # a legend label's line, in characters: two columns fit the house width
TITLE_CHARS = 42
GREY = "#9a9a9a"


def _phases(data):
    return data[data["kind"] == MISSION].reset_index(drop=True)


def mark_label(first_day):
    """The words on the shaded span's first day: what happened that day, and the day."""
    return f"{MARK_WORDS},\n{fmt_date(first_day)}"


def _shade(ax, phases, label=True):
    """Shade each phase over the days it covers; with ``label``, name the day the first one
    starts at the top, inside the span."""
    for row in phases.itertuples():
        left, right = year_position(row.first_day), year_position(row.last_day, end=True)
        ax.axvspan(left, right, color=SHADES[row.series], zorder=0, gid=f"phase-{row.series}")
        if label and row.series == ESTABLISHED:
            ax.text(
                left + 0.1,
                0.97,
                mark_label(row.first_day),
                transform=ax.get_xaxis_transform(),
                ha="left",
                va="top",
                fontsize=FONT,
                color="#333333",
                gid="mark-established",
            )


def _phase_legend(phases):
    return [
        Patch(
            facecolor=SHADES[r.series],
            label=f"{PHASE_WORDS[r.series]},\n{fmt_date(r.first_day)}\nto {fmt_date(r.last_day)}",
        )
        for r in phases.itertuples()
    ]


def _years_axis(ax, years, every=TICK_EVERY):
    ticks = sorted(years)
    ax.set_xticks([y + 0.5 for y in ticks[::every]], [str(y) for y in ticks[::every]])
    ax.set_xlim(min(ticks), max(ticks) + 1)
    ax.tick_params(labelsize=FONT)
    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    ax.grid(axis="y", color="#dddddd", linewidth=0.5)
    ax.set_axisbelow(True)


def _stacked(ax, deaths, series_order, colors):
    bottom = None
    for series, color in zip(series_order, colors, strict=True):
        rows = deaths[deaths["series"] == series].reset_index(drop=True)
        heights = rows["best"].astype(int)
        ax.bar(
            rows["year"].astype(int) + 0.5,
            heights,
            width=BAR,
            bottom=bottom,
            color=color,
            label=wrap(series, LEGEND_CHARS),
            gid=series,
        )
        bottom = heights if bottom is None else bottom + heights
    return bottom


def type_chart(data, title):
    """Stacked bars: each year's deaths in one country, one segment per type of organized
    violence (best estimates), a line over each bar from the low to the high estimate of the
    total, and MINUSMA's phases shaded behind; ``title`` states the point."""
    deaths = data[data["kind"] == DEATHS]
    types = [s for s in dict.fromkeys(deaths["series"]) if s != TOTAL_WORDS]
    total = deaths[deaths["series"] == TOTAL_WORDS].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 4.8))
    phases = _phases(data)
    _shade(ax, phases)
    _stacked(ax, deaths, types, [COLORS[i % len(COLORS)] for i in range(len(types))])
    ax.vlines(
        total["year"].astype(int) + 0.5,
        total["low"].astype(int),
        total["high"].astype(int),
        color="#222222",
        linewidth=1.2,
        label=wrap(RANGE_WORDS, LEGEND_CHARS),
        gid="range",
    )
    _years_axis(ax, total["year"].astype(int))
    ax.set_ylim(0, int(total["high"].max()) * 1.12)
    ax.set_ylabel("deaths in the year", fontsize=FONT + 1)
    ax.set_title(wrap(title, TITLE_CHARS), loc="left")
    handles, _ = ax.get_legend_handles_labels()  # the range first, then the types
    legend_below(  # column by column: the types, then the range and the phases
        ax, ncol=2, handles=[*handles[1:], handles[0], *_phase_legend(phases)]
    )
    fig.tight_layout()
    return fig


def perpetrator_chart(data, title):
    """Stacked bars: each year's one-sided deaths in one country by perpetrator (the country's
    government alone, other governments, non-state groups: best estimates), governments in
    the house colours and groups in grey, with MINUSMA's phases shaded behind."""
    deaths = data[data["kind"] == DEATHS]
    series = list(dict.fromkeys(deaths["series"]))
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 4.6))
    phases = _phases(data)
    _shade(ax, phases)
    colors = [COLORS[1], COLORS[3], GREY][: len(series)]
    tops = _stacked(ax, deaths, series, colors)
    years = deaths[deaths["series"] == series[0]]["year"].astype(int)
    _years_axis(ax, years)
    ax.set_ylim(0, int(tops.max()) * 1.25)
    ax.set_ylabel("one-sided deaths in the year", fontsize=FONT + 1)
    ax.set_title(wrap(title, TITLE_CHARS), loc="left")
    handles, _ = ax.get_legend_handles_labels()
    legend_below(ax, ncol=2, handles=[*handles, *_phase_legend(phases)])
    fig.tight_layout()
    return fig


def _label_ends(ax, ends, gap):
    """Name each line at its last point, nudged apart vertically by at least ``gap``."""
    placed = []
    for name, x, y, color in sorted(ends, key=lambda e: e[2]):
        y = max(y, placed[-1] + gap) if placed else y
        placed.append(y)
        ax.text(x + 0.15, y, name, va="center", ha="left", fontsize=FONT, color=color)


def countries_chart(data, title):
    """One line per country (the host dark, its neighbours in colour), each year's deaths in
    organized violence (best estimate), each named at its end, with MINUSMA's phases shaded;
    ``title`` states the point."""
    deaths = data[data["kind"] == DEATHS]
    names = list(dict.fromkeys(deaths["country"]))
    phases = _phases(data)
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 4.4))
    _shade(ax, phases)
    colors = ["#222222", *COLORS[1:]]
    top = int(deaths["best"].max()) * 1.15
    ends = []
    for name, color in zip(names, colors, strict=False):
        rows = deaths[deaths["country"] == name]
        x, y = rows["year"].astype(int) + 0.5, rows["best"].astype(int)
        width = 2.4 if name == names[0] else 1.6
        ax.plot(x, y, color=color, linewidth=width, gid=f"best-{name}")
        ends.append((name, float(x.iloc[-1]), float(y.iloc[-1]), color))
    years = deaths["year"].astype(int).drop_duplicates()
    _years_axis(ax, years)
    ax.set_xlim(int(years.min()), int(years.max()) + 3.2)  # room for the names at the end
    ax.set_ylim(0, top)
    _label_ends(ax, ends, gap=top * 0.07)
    ax.set_ylabel("deaths in the year", fontsize=FONT + 1)
    ax.set_title(wrap(title, TITLE_CHARS), loc="left")
    legend_below(ax, ncol=2, handles=_phase_legend(phases))
    fig.tight_layout()
    return fig
