"""The relations chapter's charts: the rebuilt table by decade, Mali's ruptures and
realignments, and the aid and troop figures of the encyclopedia article.

Each function draws exactly the frame :mod:`sahel.chapters.relations` or
:mod:`sahel.chapters.realignment` computes (and the notebook saves as the figure's CSV).
"""

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd

from sahel.chapters.realignment import LANES
from sahel.chapters.relations import GRADES
from sahel.charts.style import COLORS, MIN_FONT_PT, WIDTH_IN, wrap
from sahel.evidence.qualifiers import is_lower_bound
from sahel.formatting import number

SPLIT_YEARS = 10
ARROW = 0.08  # length of the lower-bound arrow, as a share of the panel's largest bar


GRADE_STYLE = {
    "high": {"color": COLORS[0]},
    "medium": {"color": COLORS[2]},
    "low": {"color": COLORS[4]},
    "unresolved": {"color": "white", "edgecolor": COLORS[5], "hatch": "///"},
}


def decades_chart(data):
    """Stacked bars: relations established per decade, resolved grades solid, unresolved hatched."""
    fig, ax = plt.subplots()
    bottom = [0] * len(data)
    for grade in GRADES:
        values = list(data[grade])
        ax.bar(
            data["label"],
            values,
            bottom=bottom,
            label=grade,
            linewidth=0.8,
            **{"edgecolor": "white", **GRADE_STYLE[grade]},
        )
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    for x, total in enumerate(data["total"]):
        ax.annotate(
            number(total),
            (x, total),
            ha="center",
            va="bottom",
            xytext=(0, 2),
            textcoords="offset points",
        )
    ax.set_ylabel("Rows of the table (countries)")
    ax.set_xlabel("Decade in which formal relations began")
    ax.set_ylim(0, max(data["total"]) * 1.15)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(
        title="Country identified with confidence",
        frameon=False,
        ncols=len(GRADES),
        loc="upper right",
        fontsize=MIN_FONT_PT,
        title_fontsize=MIN_FONT_PT,
    )
    ax.set_title(wrap("Mali's bilateral relations by the decade they began", 40))
    fig.tight_layout()
    return fig


def _segments(years):
    """Year ranges for the broken axis: split where events are more than a decade apart."""
    years = sorted(set(years))
    groups = [[years[0]]]
    for year in years[1:]:
        if year - groups[-1][-1] > SPLIT_YEARS:
            groups.append([year])
        else:
            groups[-1].append(year)
    return [(g[0] - 1, g[-1] + 2, g) for g in groups]


def timeline_chart(frame):
    """Events one per line, coloured by partner; years and months as spans, days as points.

    Where events are more than a decade apart the time axis is broken into panels (dashed
    edges); narrow panels are labelled only at the years of their events.
    """
    starts = pd.to_datetime(frame["start"])
    ends = pd.to_datetime(frame["end"]) + pd.Timedelta(days=1)
    segments = _segments(list(starts.dt.year))
    widths = [max(hi - lo, SPLIT_YEARS / 2) for lo, hi, _ in segments]
    fig, axes = plt.subplots(
        1,
        len(segments),
        sharey=True,
        figsize=(WIDTH_IN, 0.5 * len(frame) + 1.4),
        gridspec_kw={"width_ratios": widths, "wspace": 0.08, "left": 0.4, "right": 0.97},
        squeeze=False,
    )
    axes = axes[0]
    colour = {lane: COLORS[i % len(COLORS)] for i, lane in enumerate(LANES)}
    ys = list(range(len(frame)))[::-1]
    for ax, (lo, hi, years) in zip(axes, segments, strict=True):
        for y, row, start, end in zip(ys, frame.itertuples(index=False), starts, ends, strict=True):
            if start.year not in years:
                continue  # drawn in its own panel
            c = colour[row.lane]
            if row.precision == "day":
                ax.plot([start], [y], marker="D", markersize=6, color=c, linestyle="none")
            else:
                ax.barh(
                    y,
                    end - start,
                    left=start,
                    height=0.55,
                    color=c,
                    alpha=0.85,
                    edgecolor=c,
                    linewidth=1.2,
                )
        ax.set_xlim(pd.Timestamp(year=lo, month=1, day=1), pd.Timestamp(year=hi, month=1, day=1))
        if hi - lo <= SPLIT_YEARS:
            ax.set_xticks([pd.Timestamp(year=y, month=7, day=1) for y in years])
            ax.set_xticklabels([str(y) for y in years])
        else:
            ax.xaxis.set_major_locator(mdates.YearLocator(max(1, (hi - lo) // 5)))
            ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
    for ax in axes[1:]:
        ax.spines["left"].set_linestyle((0, (2, 2)))
        ax.tick_params(axis="y", left=False)
    for ax in axes[:-1]:
        ax.spines["right"].set_visible(True)
        ax.spines["right"].set_linestyle((0, (2, 2)))
    axes[0].set_yticks(ys)
    axes[0].set_yticklabels([wrap(e, 26) for e in frame["event"]])
    lanes = [lane for lane in LANES if lane in set(frame["lane"])]
    handles = [plt.Rectangle((0, 0), 1, 1, color=colour[lane]) for lane in lanes]
    handles += [
        plt.Line2D(
            [], [], marker="D", markerfacecolor="none", markeredgecolor="black", linestyle="none"
        ),
        plt.Rectangle((0, 0), 1, 1, facecolor="none", edgecolor="black"),
    ]
    labels = [*lanes, "exact day", "year or month (span)"]
    fig.legend(
        handles,
        labels,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.02),
        ncols=2,
        frameon=False,
        fontsize=MIN_FONT_PT,
    )
    fig.suptitle(
        wrap("Mali's ruptures and realignments, as the article dates them", 40),
        fontweight="bold",
        fontsize=11,
    )
    return fig


def aid_troops_chart(data):
    """Two panels of horizontal bars, each labelled as the article words it.

    A lower bound ("over") is drawn with an open arrow past the bar's end.
    """
    panels = list(dict.fromkeys(data["panel"]))
    counts = [int((data["panel"] == p).sum()) for p in panels]
    fig, axes = plt.subplots(
        len(panels),
        1,
        figsize=(WIDTH_IN, 0.45 * len(data) + 1.6),
        gridspec_kw={"height_ratios": counts, "hspace": 0.55, "left": 0.36, "right": 0.97},
        squeeze=False,
    )
    for ax, panel, colour in zip(axes[:, 0], panels, COLORS, strict=False):
        part = data[data["panel"] == panel].iloc[::-1]
        labels = [wrap(x, 22) for x in part["label"]]
        bars = ax.barh(labels, part["drawn"], color=colour, height=0.6)
        top = part["drawn"].max()
        for bar, qualifier, text in zip(bars, part["qualifier"], part["as written"], strict=True):
            y, end = bar.get_y() + bar.get_height() / 2, bar.get_width()
            if is_lower_bound(qualifier):
                ax.annotate(
                    "",
                    xy=(end + top * ARROW, y),
                    xytext=(end, y),
                    arrowprops={"arrowstyle": "-|>", "color": colour},
                )
                end += top * ARROW
            ax.annotate(
                text,
                (end, y),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=MIN_FONT_PT,
            )
        ax.set_xlim(0, top * 1.9)
        ax.set_xlabel(panel)
        ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    title = wrap("Aid and troop figures the article gives", 40)
    fig.suptitle(title, fontweight="bold", fontsize=11)
    return fig
