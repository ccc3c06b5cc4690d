"""The conflict charts: one country's deaths in organized violence by year and type, and the
countries the embassy in Bamako covered side by side, each with MINUSMA's deployment and
withdrawal shaded.

Each draws exactly a frame :mod:`sahel.chapters.conflict` computes:
:func:`type_chart` the rows of :func:`~sahel.chapters.conflict.type_chart_data`,
:func:`countries_chart` those of :func:`~sahel.chapters.conflict.country_chart_data`. A year's
bar spans the year on the axis (2013 from 2013.0 to 2014.0), so a phase dated to the day is
shaded where it falls inside its years.
"""

import matplotlib.pyplot as plt
from matplotlib.patches import Patch

from sahel.chapters.conflict import DEATHS, DEPLOYED, MISSION, TOTAL_WORDS, WITHDRAWAL
from sahel.charts.style import COLORS, MIN_FONT_PT, WIDTH_IN, legend_below, wrap
from sahel.dates import year_position
from sahel.formatting import fmt_date

FONT = MIN_FONT_PT  # the smallest text drawn (see sahel.charts.style)
BAR = 0.8  # a bar's width, in years
SHADES = {DEPLOYED: "#e8e8e8", WITHDRAWAL: "#c8c8c8"}
PHASE_WORDS = {DEPLOYED: "MINUSMA deployed", WITHDRAWAL: "MINUSMA's withdrawal"}
RANGE_WORDS = "low to high estimate of the total"
LEGEND_CHARS = 22  # a legend label's line, in characters: two columns fit the house width


def _phases(data):
    return data[data["kind"] == MISSION].reset_index(drop=True)


def _shade(ax, phases, label=True):
    """Shade each phase over the days it covers; with ``label``, name it at the top."""
    for row in phases.itertuples():
        left, right = year_position(row.first_day), year_position(row.last_day, end=True)
        ax.axvspan(left, right, color=SHADES[row.series], zorder=0, gid=f"phase-{row.series}")
        if label and row.series == DEPLOYED:
            ax.text(
                (left + right) / 2,
                0.97,
                PHASE_WORDS[row.series],
                transform=ax.get_xaxis_transform(),
                ha="center",
                va="top",
                fontsize=FONT,
                color="#333333",
            )


def _phase_legend(phases):
    return [
        Patch(
            facecolor=SHADES[r.series],
            label=f"{PHASE_WORDS[r.series]},\n{fmt_date(r.first_day)}\nto {fmt_date(r.last_day)}",
        )
        for r in phases.itertuples()
    ]


def _years_axis(ax, years, every=1):
    ticks = sorted(years)
    ax.set_xticks([y + 0.5 for y in ticks[::every]], [str(y) for y in ticks[::every]])
    ax.set_xlim(min(ticks), max(ticks) + 1)
    ax.tick_params(labelsize=FONT)
    ax.grid(axis="y", color="#dddddd", linewidth=0.5)
    ax.set_axisbelow(True)


def type_chart(data):
    """Stacked bars: each year's deaths in one country, one segment per type of organized
    violence (best estimates), a line over each bar from the low to the high estimate of the
    total, and MINUSMA's phases shaded behind."""
    deaths = data[data["kind"] == DEATHS]
    country = deaths["country"].iloc[0]
    types = [s for s in dict.fromkeys(deaths["series"]) if s != TOTAL_WORDS]
    total = deaths[deaths["series"] == TOTAL_WORDS].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 4.6))
    phases = _phases(data)
    _shade(ax, phases)
    bottom = None
    for i, series in enumerate(types):
        rows = deaths[deaths["series"] == series].reset_index(drop=True)
        ax.bar(
            rows["year"].astype(int) + 0.5,
            rows["best"].astype(int),
            width=BAR,
            bottom=bottom,
            color=COLORS[i % len(COLORS)],
            label=f"{series} violence",
            gid=series,
        )
        bottom = rows["best"].astype(int) if bottom is None else bottom + rows["best"].astype(int)
    ax.vlines(
        total["year"].astype(int) + 0.5,
        total["low"].astype(int),
        total["high"].astype(int),
        color="#222222",
        linewidth=1.2,
        label=wrap(RANGE_WORDS, LEGEND_CHARS),
        gid="range",
    )
    _years_axis(ax, total["year"].astype(int), every=2)
    ax.set_ylim(0, int(total["high"].max()) * 1.12)
    ax.set_ylabel("deaths in the year", fontsize=FONT + 1)
    ax.set_title(wrap(f"Deaths in organized violence in {country}, by type", 32))
    handles, _ = ax.get_legend_handles_labels()  # the range first, then the types
    legend_below(  # column by column: the types, then the range and the phases
        ax, ncol=2, handles=[*handles[1:], handles[0], *_phase_legend(phases)]
    )
    fig.tight_layout()
    return fig


def countries_chart(data):
    """Small multiples, one panel per country on one scale: each year's deaths in organized
    violence (best estimate, a line) and the band from the low to the high estimate, with
    MINUSMA's phases shaded; the last cell holds the legend."""
    deaths = data[data["kind"] == DEATHS]
    names = list(dict.fromkeys(deaths["country"]))
    phases = _phases(data)
    cols = 2
    rows = -(-(len(names) + 1) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(WIDTH_IN, 2.3 * rows), sharex=True, sharey=True)
    cells = axes.flatten()
    top = int(deaths["high"].max()) * 1.08
    for ax, name in zip(cells, names, strict=False):
        rows_ = deaths[deaths["country"] == name]
        x = rows_["year"].astype(int) + 0.5
        _shade(ax, phases, label=False)
        ax.fill_between(
            x,
            rows_["low"].astype(int),
            rows_["high"].astype(int),
            color=COLORS[0],
            alpha=0.25,
            linewidth=0,
            gid=f"range-{name}",
        )
        ax.plot(x, rows_["best"].astype(int), color=COLORS[0], linewidth=1.6, gid=f"best-{name}")
        ax.set_title(name, fontsize=FONT + 1)
        _years_axis(ax, rows_["year"].astype(int), every=4)
        ax.set_ylim(0, top)
        ax.tick_params(labelbottom=True)
    for ax in cells[len(names) :]:
        ax.axis("off")
    legend = cells[-1]
    legend.legend(
        handles=[
            plt.Line2D([], [], color=COLORS[0], linewidth=1.6, label="best estimate"),
            Patch(facecolor=COLORS[0], alpha=0.25, label="low to high estimate"),
            *_phase_legend(phases),
        ],
        fontsize=FONT,
        frameon=False,
        loc="center",
    )
    for ax in cells[::cols]:
        ax.set_ylabel("deaths", fontsize=FONT)
    fig.suptitle(
        wrap("Deaths in organized violence, by country and year", 40), fontsize=11, weight="bold"
    )
    fig.tight_layout()
    return fig
