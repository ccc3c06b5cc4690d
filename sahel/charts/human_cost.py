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
from matplotlib.ticker import MaxNLocator

from sahel.chapters.human_cost import SEED, UN_COUNT
from sahel.charts.style import COLORS, MIN_FONT_PT, WIDTH_IN, legend_below, wrap

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
GREY = "#b3b3b3"
TITLE_CHARS = 46  # characters per line of a chart title at the house width


def title(fig, text):
    """A chart's finding as its title: bold, left-aligned over the whole figure, wrapped so it
    never runs past the figure's edge (``fig.tight_layout`` leaves it room)."""
    fig.suptitle(wrap(text, TITLE_CHARS), x=0.02, ha="left", fontsize=11, fontweight="bold")


def peak_title(table):
    """The deaths-by-year chart's finding: the deadliest year and its deaths."""
    worst = table.sort_values(["total", "year"], ascending=[False, True]).iloc[0]
    return f"Deaths peaked in {worst['year']}, at {int(worst['total']):,}"


def cause_chart(table):
    """Stacked bars: each year's deaths, one segment per type of incident (the columns of
    ``table`` between ``year`` and ``total``)."""
    causes = [c for c in table.columns if c not in ("year", "total")]
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 3.8))
    bottom = pd.Series(0, index=table.index)
    for i, cause in enumerate(causes):
        ax.bar(
            table["year"],
            table[cause],
            bottom=bottom,
            color=COLORS[i % len(COLORS)],
            label=CAUSE_WORDS.get(cause, cause),
            gid=cause,
        )
        bottom = bottom + table[cause]
    ax.set_ylabel("deaths in the year", fontsize=FONT + 1)
    title(fig, peak_title(table))
    ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))  # year labels kept apart
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
    title(fig, f"The UN's count of deaths from malicious acts reached {peak:,}")
    whole.set_title("The whole mission", loc="left", fontsize=MIN_FONT_PT + 1)
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


def standing_title(data):
    """The ranking chart's finding, from its rows: MINUSMA's place by malicious-act deaths."""
    place = int(data.index[data["highlight"]][0]) + 1
    name = data.loc[data["highlight"], "mission"].iloc[0]
    if place == 1:
        return f"{name} lost more personnel to malicious acts than any other UN mission"
    return f"{name} ranks {place} of all UN missions by deaths from malicious acts"


def standing_chart(data):
    """Horizontal bars: the missions with the most deaths from malicious acts (the rows of
    :func:`sahel.chapters.standing.chart_data`, largest at the top), the highlighted mission in
    the house blue and the others grey, each bar labelled with its count; the mission's years
    with a recorded death beside its name."""
    rows = data.iloc[::-1].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 1.1 + 0.34 * len(rows)))
    colours = [COLORS[0] if h else GREY for h in rows["highlight"]]
    ax.barh(range(len(rows)), rows["malicious_acts"], color=colours, height=0.7, gid="missions")
    for y, row in rows.iterrows():
        ax.annotate(
            f"{int(row['malicious_acts']):,}",
            (row["malicious_acts"], y),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=FONT,
            fontweight="bold" if row["highlight"] else "normal",
        )
    labels = [f"{m} ({s})" for m, s in zip(rows["mission"], rows["span"], strict=True)]
    ax.set_yticks(range(len(rows)), labels)
    for tick, bold in zip(ax.get_yticklabels(), rows["highlight"], strict=True):
        tick.set_fontweight("bold" if bold else "normal")
    ax.set_xlim(0, rows["malicious_acts"].max() * 1.15)
    ax.set_xlabel("deaths from malicious acts, all years", fontsize=FONT)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    ax.tick_params(axis="y", length=0, labelsize=FONT)
    ax.tick_params(axis="x", labelsize=FONT)
    title(fig, standing_title(data))
    ax.grid(axis="x", color="#dddddd", linewidth=0.5)
    ax.set_axisbelow(True)
    fig.tight_layout()
    return fig
