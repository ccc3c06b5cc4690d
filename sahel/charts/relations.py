"""The relations chapter's charts: the rebuilt table by decade, Mali's ruptures and
realignments, and the aid and troop figures of the encyclopedia article.

Each function draws exactly the frame :mod:`sahel.chapters.relations` or
:mod:`sahel.chapters.realignment` computes (and the notebook saves as the figure's CSV).
"""

import matplotlib.pyplot as plt
import pandas as pd

from sahel.chapters.realignment import LANES
from sahel.chapters.relations import GRADES
from sahel.charts.style import COLORS, MIN_FONT_PT, WIDTH_IN, legend_below, wrap
from sahel.formatting import number

SPLIT_YEARS = 10


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
    legend_below(ax, ncol=len(GRADES), drop=0.3, title="Country identified with confidence")
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


LINE_IN = 0.19  # the height of one line of a timeline label, inches (10 pt text, leading)
ROW_GAP_IN = 0.14  # the space between two rows of the timeline, inches
LABEL_CHARS = 26  # a timeline label's line length, characters
TICK_PT = 34  # the room a year label needs on the time axis, points (with its gap)


def _rows(labels):
    """The y centre of each timeline row (first at the top) and the total height, in inches:
    each row as tall as its wrapped label, so multi-line labels never overlap."""
    heights = [max(1, len(wrap(label, LABEL_CHARS).splitlines())) * LINE_IN + ROW_GAP_IN
               for label in labels]
    total = sum(heights)
    centres, top = [], total
    for h in heights:
        centres.append(top - h / 2)
        top -= h
    return centres, total


def year_step(span_years, width_in):
    """The step between year labels on a panel ``width_in`` wide covering ``span_years``: the
    smallest of 1, 2, 5, 10, 20… years that leaves each label :data:`TICK_PT` of room."""
    fit = max(1, int(width_in * 72 // TICK_PT))
    for step in (1, 2, 5, 10, 20, 50, 100):
        if span_years / step <= fit:
            return step
    return 100


def timeline_chart(frame):
    """Events one per line, coloured by partner; years and months as spans, days as points.

    Where events are more than a decade apart the time axis is broken into panels (dashed
    edges); narrow panels are labelled only at the years of their events, wide ones every
    :func:`year_step` years so that no two year labels touch. Each row is as tall as its
    wrapped label (:func:`_rows`).
    """
    starts = pd.to_datetime(frame["start"])
    ends = pd.to_datetime(frame["end"]) + pd.Timedelta(days=1)
    segments = _segments(list(starts.dt.year))
    widths = [max(hi - lo, SPLIT_YEARS / 2) for lo, hi, _ in segments]
    ys, rows_in = _rows(list(frame["event"]))
    left, right, wspace = 0.42, 0.97, 0.08
    height = rows_in + 1.4
    fig, axes = plt.subplots(
        1,
        len(segments),
        sharey=True,
        figsize=(WIDTH_IN, height),
        gridspec_kw={"width_ratios": widths, "wspace": wspace, "left": left, "right": right,
                     "top": 1 - 0.6 / height, "bottom": 0.35 / height},
        squeeze=False,
    )
    axes = axes[0]
    room = WIDTH_IN * (right - left) / (1 + wspace * (len(segments) - 1) / len(segments))
    colour = {lane: COLORS[i % len(COLORS)] for i, lane in enumerate(LANES)}
    for ax, (lo, hi, years), width in zip(axes, segments, widths, strict=True):
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
                    height=LINE_IN * 1.4,
                    color=c,
                    alpha=0.85,
                    edgecolor=c,
                    linewidth=1.2,
                )
        ax.set_xlim(pd.Timestamp(year=lo, month=1, day=1), pd.Timestamp(year=hi, month=1, day=1))
        if hi - lo <= SPLIT_YEARS:
            ticks = [years[0]] + [y for y in years[1:] if y - years[0] >= 4]
            ax.set_xticks([pd.Timestamp(year=y, month=7, day=1) for y in ticks])
            ax.set_xticklabels([str(y) for y in ticks])
        else:
            step = year_step(hi - lo, room * width / sum(widths))
            ticks = [y for y in range(lo - lo % step + step, hi, step) if lo < y < hi]
            ax.set_xticks([pd.Timestamp(year=y, month=1, day=1) for y in ticks])
            ax.set_xticklabels([str(y) for y in ticks])
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set_ylim(0, rows_in)
    for ax in axes[1:]:
        ax.spines["left"].set_linestyle((0, (2, 2)))
        ax.tick_params(axis="y", left=False)
    for ax in axes[:-1]:
        ax.spines["right"].set_visible(True)
        ax.spines["right"].set_linestyle((0, (2, 2)))
    axes[0].set_yticks(ys)
    axes[0].set_yticklabels([wrap(e, LABEL_CHARS) for e in frame["event"]])
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
        wrap("Most of Mali's ruptures came after the coups, as the article dates them", 40),
        fontweight="bold",
        fontsize=11,
    )
    return fig


def aid_chart(data, title):
    """The aid the article says two donors gave Mali through the OECD's DAC over the same
    years: one bar each, the larger in the house colour, the other grey, labelled directly with
    the figure as the article words it; no axis, no legend. ``title`` states the finding.
    Draws exactly the rows of :func:`sahel.chapters.realignment.oecd_aid`."""
    rows = data.sort_values("usd_million", ascending=False, kind="stable").reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 0.5 * len(rows) + 1.7))
    ys = list(range(len(rows)))[::-1]
    top = rows["usd_million"].max()
    for y, (_, row) in zip(ys, rows.iterrows(), strict=True):
        colour = COLORS[0] if row["usd_million"] == top else "#8c8c8c"
        ax.barh(y, row["usd_million"], height=0.6, color=colour)
        ax.annotate(
            row["as written"],
            (row["usd_million"], y),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=MIN_FONT_PT,
        )
    ax.set_yticks(ys, list(rows["donor"]))
    ax.tick_params(axis="y", length=0)
    ax.set_xlim(0, top * 1.45)
    ax.set_xticks([])
    for side in ("bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.set_title(wrap(title, 40), loc="left")
    fig.text(
        0.01,
        0.01,
        wrap(f"Aid to Mali through the OECD's DAC, {rows['period'].iloc[0]}, as the "
             "encyclopedia article gives it (US dollars).", 56),
        ha="left",
        va="bottom",
        fontsize=MIN_FONT_PT,
        color=COLORS[5],
    )
    fig.tight_layout(rect=(0, 0.14, 1, 1))
    return fig
