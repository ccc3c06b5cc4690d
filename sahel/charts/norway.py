"""The Norway chapter's charts: the mission network, the money, the map of Bamako's reach,
Norway's contributions to MINUSMA and its aid to the five countries (OECD DAC, in USD).

Each function draws exactly the frame :mod:`sahel.chapters.norway`, :mod:`~sahel.chapters.
contribution` or :mod:`~sahel.chapters.aid` computes (and the notebook saves as the figure's
CSV); nothing here reads a source, the ledger or the record.
"""

import datetime as dt
import math

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
from matplotlib.colors import to_hex
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.patheffects import withStroke

from sahel.chapters import contribution
from sahel.chapters.checks import part_of
from sahel.chapters.norway import EMBASSY_CITY, HOST, MAP_EXTENT
from sahel.charts.style import COLORS, MIN_FONT_PT, WIDTH_IN, legend_below, wrap
from sahel.evidence.qualifiers import worded
from sahel.formatting import nok, percent

HIGHLIGHT, NEIGHBOUR_GREY, EDGE = COLORS[0], "#d9d9d9", "#ffffff"


def funding_chart(data):
    """Two separate panels on one NOK scale: the support figures with Mali's part marked inside
    the Sahel total, and the humanitarian figure of another year and category. Nothing is
    stacked across panels, added, or converted."""
    support = data[data["panel"] == "support"]
    humanitarian = data[data["panel"] == "humanitarian"]
    total = support[support["part"] == "Sahel total"].iloc[0]
    mali = support[support["part"] == "of which Mali"].iloc[0]
    fig, (left, right) = plt.subplots(
        1, 2, figsize=(WIDTH_IN, 3.9), sharey=True,
        gridspec_kw={"wspace": 0.15, "width_ratios": (1.7, 1)},
    )
    left.bar([0], [total["nok_million"]], width=0.6, color=HIGHLIGHT, gid="bar-sahel-total")
    left.bar(
        [0],
        [mali["nok_million"]],
        width=0.36,
        color=COLORS[4],
        hatch="//",
        edgecolor="#ffffff",
        gid="bar-mali-part",
    )
    left.text(
        0, total["nok_million"], f"Sahel total:\n{nok(total['nok'])}", ha="center", va="bottom"
    )
    share = percent(part_of(mali["nok"], total["nok"]))
    left.annotate(
        f"of which Mali:\n{nok(mali['nok'])}\n({share})",
        (0.18, mali["nok_million"] / 2),
        xytext=(0.4, mali["nok_million"] / 2),
        va="center",
        fontsize=MIN_FONT_PT,
        arrowprops={"arrowstyle": "-", "color": "#000000", "linewidth": 0.8},
    )
    left.set_title(wrap(f"Support to the Sahel, {total['year']}", 20))
    left.set_xlim(-0.5, 1.9)
    for _, row in humanitarian.iterrows():
        right.bar([0], [row["nok_million"]], width=0.6, color=COLORS[2], gid="bar-humanitarian")
        right.text(
            0,
            row["nok_million"],
            wrap(f"{worded(nok(row['nok']), row['qualifier'])} ({row['part']})", 18),
            ha="center",
            va="bottom",
        )
        right.set_title(wrap(f"Humanitarian aid to the Sahel, {row['year']}", 20))
    right.set_xlim(-0.9, 0.9)
    left.set_ylabel("NOK million (as stated, not converted)")
    left.set_ylim(0, data["nok_million"].max() * 1.15)
    for ax in (left, right):
        ax.set_xticks([])
    fig.text(
        0.5,
        0.01,
        wrap("Different years and categories: shown side by side, never added or stacked.", 56),
        ha="center",
        va="bottom",
        fontsize=MIN_FONT_PT,
        color=COLORS[5],
    )
    fig.subplots_adjust(bottom=0.1)
    return fig


def _path(geometry):
    """A matplotlib Path for a shapely (Multi)Polygon, holes included."""
    polygons = getattr(geometry, "geoms", [geometry])
    rings = [
        ring
        for polygon in polygons
        if polygon.geom_type == "Polygon"
        for ring in (polygon.exterior, *polygon.interiors)
    ]
    return MplPath.make_compound_path(*(MplPath(list(ring.coords), closed=True) for ring in rings))


def coverage_map(data, region, extent=MAP_EXTENT):
    """The Sahel with the countries the Bamako embassy covered highlighted and Bamako marked.

    ``data`` is ``map_data``'s table (roles, highlights, label points); ``region`` holds the
    clipped outlines (``name``, ``iso_a3``, ``geometry``). Each country's patch carries the gid
    ``country-<ISO code>``.
    """
    outlines = dict(zip(region["iso_a3"], region["geometry"], strict=True))
    west, south, east, north = extent
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 4.6))
    countries = data[data["feature"] == "country"]
    for row in countries.itertuples(index=False):
        patch = PathPatch(
            _path(outlines[row.iso_a3]),
            facecolor=HIGHLIGHT if row.highlighted else NEIGHBOUR_GREY,
            edgecolor=EDGE,
            linewidth=0.8,
            zorder=2 if row.highlighted else 1,
        )
        patch.set_gid(f"country-{row.iso_a3}")
        ax.add_patch(patch)
        if row.labelled:
            ax.text(
                row.lon,
                row.lat,
                row.name,
                ha="center",
                va="center",
                zorder=4,
                fontsize=MIN_FONT_PT,
                fontweight="bold" if row.highlighted else "normal",
                color="#ffffff" if row.highlighted else "#595959",
            )
    for row in data[data["feature"] == "place"].itertuples(index=False):
        ax.plot(
            row.lon,
            row.lat,
            marker="*",
            markersize=13,
            color=COLORS[4],
            markeredgecolor="#000000",
            markeredgewidth=0.6,
            zorder=5,
            gid="place-embassy",
        )
        ax.annotate(
            row.name,
            (row.lon, row.lat),
            xytext=(-7, -9),
            ha="right",
            textcoords="offset points",
            fontsize=MIN_FONT_PT,
            fontweight="bold",
            color="#000000",
            zorder=5,
            path_effects=[withStroke(linewidth=3, foreground="#ffffff")],
        )
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(1 / math.cos(math.radians((south + north) / 2)))
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("#bfbfbf")
    ax.set_title(f"Countries Norway's embassy in {EMBASSY_CITY} covered")
    handles = [
        Patch(facecolor=HIGHLIGHT, label=f"Represented from {EMBASSY_CITY}"),
        Patch(facecolor=NEIGHBOUR_GREY, label="Other countries"),
        Line2D(
            [],
            [],
            marker="*",
            linestyle="",
            markersize=11,
            color=COLORS[4],
            markeredgecolor="#000000",
            label=f"{EMBASSY_CITY}: embassy, closing",
        ),
    ]
    ax.legend(handles=handles, loc="upper right", fontsize=MIN_FONT_PT, framealpha=0.95)
    fig.tight_layout()
    return fig


def highlighted_codes(fig):
    """ISO codes of the country patches drawn in the highlight colour (for checking a map)."""
    return [
        p.get_gid().removeprefix("country-")
        for ax in fig.axes
        for p in ax.patches
        if (p.get_gid() or "").startswith("country-") and to_hex(p.get_facecolor()) == HIGHLIGHT
    ]


# --- Norway in MINUSMA ----------------------------------------------------------------------

FONT = MIN_FONT_PT  # the smallest text drawn (sahel.charts.style)
PALE = 0.35  # the part of a span a partial date leaves open
LANE_COLORS = dict(
    zip(contribution.LANES, (COLORS[0], COLORS[1], COLORS[2], COLORS[3]), strict=True)
)


def _day(value):
    return mdates.date2num(value)


def contribution_chart(data):
    """Norway's contributions to MINUSMA on one time axis, one row per fact, labelled on the
    left with what it was and when (coloured by kind of contribution): a span is a bar, solid
    where the facts make it certain and pale over the month or year a partial date leaves open
    at either end; a single date is a dot, with a whisker over the month or year it may mean.
    MINUSMA's establishment and the end of its withdrawal are dashed lines. Draws exactly the
    rows of :func:`sahel.chapters.contribution.chart_data`."""
    drawn = data[data["kind"] != contribution.MISSION].reset_index(drop=True)
    marks = data[data["kind"] == contribution.MISSION]
    rows = len(drawn)
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 0.52 * rows + 1.8))
    lo = dt.date(min(data["first_day"]).year, 1, 1)
    hi = dt.date(max(data["last_day"]).year + 1, 7, 1)
    labels = []
    for i, row in enumerate(drawn.itertuples()):
        colour, level = LANE_COLORS[row.lane], rows - 1 - i
        # a span's text gives its dates; a point's names what happened and when, in its lane
        text = f"{row.label}, {row.text}" if row.kind == contribution.SPAN else (
            f"{row.lane}: {row.text}"
        )
        labels.append(wrap(text, 30))
        ends = [_day(row.first_day), _day(row.solid_from + dt.timedelta(days=1))]
        ends += [_day(row.solid_to), _day(row.last_day + dt.timedelta(days=1))]
        if row.kind == contribution.SPAN:
            for left, right, alpha in zip(ends, ends[1:], (PALE, 1.0, PALE), strict=False):
                if right > left:
                    ax.barh(
                        level,
                        right - left,
                        left=left,
                        height=0.5,
                        color=colour,
                        alpha=alpha,
                        linewidth=0,
                        gid=f"span-{row.facts.split()[0]}",
                    )
            continue
        middle = (ends[0] + ends[3]) / 2
        ax.plot([ends[0], ends[3]], [level, level], color=colour, linewidth=1.2)
        ax.plot(
            [middle],
            [level],
            marker="o",
            markersize=6,
            color=colour,
            markeredgecolor="#ffffff",
            gid=f"point-{row.facts}",
        )
    for row in marks.itertuples():
        ax.axvline(_day(row.first_day), color=COLORS[5], linestyle="--", linewidth=1, zorder=0)
    if len(marks):
        legend_below(
            ax,
            drop=0.12,
            handles=[Line2D([], [], color=COLORS[5], linestyle="--", linewidth=1)],
            labels=[wrap(" and ".join(marks["text"]), 36)],
        )
    ax.set_yticks(range(rows - 1, -1, -1), labels)
    ax.set_ylim(-0.7, rows - 0.3)
    ax.set_xlim(_day(lo), _day(hi))
    ax.xaxis.set_major_locator(mdates.YearLocator(3))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.tick_params(labelsize=FONT)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color="#dddddd", linewidth=0.5)
    ax.set_axisbelow(True)
    ax.set_title("Norway's contributions to MINUSMA")
    fig.tight_layout()
    return fig


# --- Aid, OECD DAC --------------------------------------------------------------------------


def aid_chart(data):
    """Norway's disbursements to each country, one line per country (the host thicker), in USD
    million at current prices as the OECD publishes them; a year with no data is a gap, a net
    repayment a point below zero. Its own axis and currency: nothing here is in NOK. Draws
    exactly the rows of :func:`sahel.chapters.aid.disbursements`."""
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 3.9))
    countries = list(dict.fromkeys(data["country"]))
    years = sorted(data["year"].unique())
    for i, country in enumerate(countries):
        rows = data[data["country"] == country].sort_values("year")
        host = rows["role"].iloc[0] == HOST
        ax.plot(
            rows["year"],
            rows["norway_usd_million"],
            marker="o",
            markersize=4,
            linewidth=2.4 if host else 1.4,
            color=COLORS[i % len(COLORS)],
            label=country,
            gid=f"aid-{rows['iso_a3'].iloc[0]}",
        )
    ax.axhline(0, color="#999999", linewidth=0.8)
    ax.set_xticks(years, [str(y) if i % 3 == 0 else "" for i, y in enumerate(years)])
    ax.set_ylabel("USD million, current prices", fontsize=FONT)
    ax.tick_params(labelsize=FONT)
    ax.grid(axis="y", color="#dddddd", linewidth=0.5)
    ax.set_axisbelow(True)
    ax.set_title(wrap("Norway's aid disbursements to the five countries (OECD DAC)", 40))
    legend_below(ax, ncol=3)
    fig.tight_layout()
    return fig
