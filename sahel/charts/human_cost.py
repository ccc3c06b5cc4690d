"""The human-cost charts: MINUSMA's deaths by year and type of incident, and the running count
of deaths from malicious acts with the seeds' figures at their dates.

Each draws exactly a frame :mod:`sahel.chapters.human_cost` computes: :func:`cause_chart` the
rows of :func:`~sahel.chapters.human_cost.by_year_and_cause`, :func:`cumulative_chart` those of
:func:`~sahel.chapters.human_cost.cumulative_chart_data`.
"""

import datetime as dt

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.patches import Rectangle

from sahel.chapters.human_cost import SEED, UN_COUNT
from sahel.charts.style import COLORS, MIN_FONT_PT, WIDTH_IN, legend_below

FONT = MIN_FONT_PT  # the smallest text drawn (see sahel.charts.style)
CAUSE_WORDS = {
    "Malicious Act": "malicious act",
    "Illness": "illness",
    "Accident": "accident",
    "Self-Inflicted": "self-inflicted",
    "To Be Determined": "to be determined",
    "Unknown": "unknown",
}
SEED_COLORS = (COLORS[1], COLORS[4], COLORS[3])


def cause_chart(table):
    """Stacked bars: each year's deaths, one segment per type of incident (the columns of
    ``table`` between ``year`` and ``total``)."""
    causes = [c for c in table.columns if c not in ("year", "total")]
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 3.8))
    bottom = pd.Series(0, index=table.index)
    for i, cause in enumerate(causes):
        ax.bar(
            table["year"].astype(str),
            table[cause],
            bottom=bottom,
            color=COLORS[i % len(COLORS)],
            label=CAUSE_WORDS.get(cause, cause),
            gid=cause,
        )
        bottom = bottom + table[cause]
    ax.set_ylabel("deaths in the year", fontsize=FONT + 1)
    ax.set_title("MINUSMA's deaths each year, by type of incident")
    ax.tick_params(labelsize=FONT)
    ax.grid(axis="y", color="#dddddd", linewidth=0.5)
    ax.set_axisbelow(True)
    legend_below(ax, ncol=3)
    fig.tight_layout()
    return fig


def _days(first, last):
    return mdates.date2num(pd.Timestamp(first)), mdates.date2num(
        pd.Timestamp(last + dt.timedelta(days=1))
    )


def _draw(ax, data, top):
    un = data[data["kind"] == UN_COUNT]
    xs = [mdates.date2num(pd.Timestamp(d)) for d in un["first_day"]]
    ax.step(
        xs,
        un["high"].astype(int),
        where="post",
        color=COLORS[0],
        linewidth=1.6,
        label="UN count: deaths from malicious acts",
        gid="un-count",
    )
    seeds = data[data["kind"] == SEED].reset_index(drop=True)
    for i, row in seeds.iterrows():
        colour = SEED_COLORS[i % len(SEED_COLORS)]
        left, right = _days(row["first_day"], row["last_day"])
        low = row["low"]
        high = top if pd.isna(row["high"]) else row["high"]
        width = max(right - left, 5)
        ax.add_patch(
            Rectangle(
                (left, low),
                width,
                high - low,
                facecolor=colour,
                alpha=0.3,
                edgecolor=colour,
                linewidth=1,
                label=row["label"],
                gid=row["source"],
            )
        )
        if pd.isna(row["high"]):  # open-ended: an arrow up from the figure
            ax.annotate(
                "",
                xy=(left + width / 2, top),
                xytext=(left + width / 2, low),
                arrowprops={"arrowstyle": "->", "color": colour},
            )


def cumulative_chart(data):
    """The UN's running count of MINUSMA deaths from malicious acts (a step line), and each
    seed's figure as the box its dating window (across) and its qualifier's interval (up) make;
    an open-ended interval ("over") runs to the top with an arrow. Two panels: the whole
    mission, and its last months, where the seeds' figures fall."""
    un = data[data["kind"] == UN_COUNT]
    seeds = data[data["kind"] == SEED]
    peak = int(un["high"].max())
    fig, (whole, end) = plt.subplots(2, 1, figsize=(WIDTH_IN, 6.4), height_ratios=(1, 1))
    finite = [int(v) for v in seeds["high"].dropna()] + [peak]
    top = max(finite) * 1.12
    first = min(un["first_day"])
    last = max(max(seeds["last_day"]), max(un["last_day"]))
    _draw(whole, data, top)
    whole.set_xlim(*_days(dt.date(first.year, 1, 1), dt.date(last.year, 12, 31)))
    whole.set_ylim(0, top)
    whole.set_title("MINUSMA's deaths from malicious acts, running count")
    start = min(seeds["first_day"]) - dt.timedelta(days=92)
    _draw(end, data, top)
    end.set_xlim(*_days(start, last + dt.timedelta(days=31)))
    before = un[un["first_day"] <= start]["high"]
    lows = [int(v) for v in seeds["low"].dropna()] + [int(before.max()) if len(before) else 0]
    end.set_ylim(min(lows) * 0.95, top)
    end.set_title("The last months, with the seeds' figures at their dates")
    for ax in (whole, end):
        locator = mdates.AutoDateLocator(minticks=4, maxticks=8)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))
        ax.set_ylabel("deaths to date", fontsize=FONT + 1)
        ax.tick_params(labelsize=FONT)
        ax.grid(color="#dddddd", linewidth=0.5)
        ax.set_axisbelow(True)
    legend_below(end, drop=0.12)
    fig.tight_layout()
    return fig
