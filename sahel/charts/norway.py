"""The Norway chapter's charts: the mission network, the money and the map of Bamako's reach.

Each function draws exactly the frame :mod:`sahel.chapters.norway` computes (and the notebook
saves as the figure's CSV); nothing here reads a source or the ledger.
"""

import math

import matplotlib.pyplot as plt
from matplotlib.colors import to_hex
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.patheffects import withStroke

from sahel.chapters.checks import part_of
from sahel.chapters.norway import EMBASSY_CITY, EMBASSY_TYPE, MAP_EXTENT
from sahel.charts.style import COLORS, MIN_FONT_PT, WIDTH_IN, wrap
from sahel.evidence.qualifiers import worded
from sahel.formatting import nok, percent

HIGHLIGHT, NEIGHBOUR_GREY, EDGE = COLORS[0], "#d9d9d9", "#ffffff"
#: The title of the decision window, drawn by the MINUSMA chapter's window chart.
WINDOW_TITLE = "Norway's decision inside MINUSMA's withdrawal"


def missions_chart(network):
    """Horizontal bars: Norway's missions by type, labelled with counts and shares."""
    total = int(network["missions"].sum())
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 2.9))
    order = network.iloc[::-1]
    colours = [HIGHLIGHT if t == EMBASSY_TYPE else COLORS[5] for t in order["type"]]
    bars = ax.barh(order["type"], order["missions"], color=colours)
    labels = [
        f"{n:,} ({percent(s, 0)})" for n, s in zip(order["missions"], order["share"], strict=True)
    ]
    ax.bar_label(bars, labels=labels, padding=3)
    ax.set_xlim(0, network["missions"].max() * 1.3)
    ax.set_xlabel("Missions")
    ax.set_title(wrap(f"Norway's {total:,} diplomatic and consular missions, by type", 40))
    ax.text(
        0.99,
        0.02,
        f"The embassy in {EMBASSY_CITY} is one of the {EMBASSY_TYPE}.",
        transform=ax.transAxes,
        ha="right",
        va="bottom",
        fontsize=MIN_FONT_PT,
        color=COLORS[5],
    )
    fig.tight_layout()
    return fig


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
