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


def _when(row):
    """A funding row's period as a title gives it: "2022", or "2023 up to 31 August (year to
    date)" for a year the source counted only to its own date."""
    period = str(row["period"])
    return period if period == str(row["year"]) else f"{period} (year to date)"


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
    left.set_title(wrap(f"Support to the Sahel, {_when(total)}", 20))
    left.set_xlim(-0.85, 1.9)
    for _, row in humanitarian.iterrows():
        right.bar([0], [row["nok_million"]], width=0.6, color=COLORS[2], gid="bar-humanitarian")
        right.text(
            0,
            row["nok_million"],
            wrap(f"{worded(nok(row['nok']), row['qualifier'])} ({row['part']})", 18),
            ha="center",
            va="bottom",
        )
        right.set_title(wrap(f"Humanitarian aid to the Sahel, {_when(row)}", 20))
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
    fig.subplots_adjust(bottom=0.14)
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


#: how far apart two labels must stay, in points (the chart check's 1 pt, with a margin)
LABEL_GAP_PT = 3.0
#: candidate positions tried per label: grid points inside the country, nearest first
LABEL_CANDIDATES = 80


def _variants(name):
    """A label's text as tried: on one line, then broken at spaces into two lines."""
    words = name.split()
    out = [name]
    if len(words) > 1:
        half = max(1, len(words) // 2)
        out.append(" ".join(words[:half]) + "\n" + " ".join(words[half:]))
    return out


def _candidates(geometry, start, count=LABEL_CANDIDATES):
    """Points inside ``geometry`` to try a label at: ``start`` (its representative point),
    then points of a regular grid over its bounds that fall inside it, nearest first."""
    from shapely.geometry import Point

    west, south, east, north = geometry.bounds
    step = max(east - west, north - south) / 14
    grid = [
        (west + step * (i + 0.5), south + step * (j + 0.5))
        for i in range(int((east - west) / step) + 1)
        for j in range(int((north - south) / step) + 1)
    ]
    inside = [p for p in grid if geometry.contains(Point(p))]
    inside.sort(key=lambda p: ((p[0] - start[0]) ** 2 + (p[1] - start[1]) ** 2, p))
    return [start, *inside[: count - 1]]


def _box(artist, renderer, gap=0.0):
    """An artist's extent on the canvas (display units), grown by ``gap`` points."""
    extent = artist.get_window_extent(renderer)
    pad = gap * artist.figure.dpi / 72
    return extent.expanded(1, 1).from_extents(
        extent.x0 - pad, extent.y0 - pad, extent.x1 + pad, extent.y1 + pad
    )


#: degrees a white name keeps inside its own country (clear of the white borders around it)
INSET = 0.15


def _fits(text, renderer, ax, geometry, taken, dark, highlighted):
    """Whether ``text`` lies inside the axes, clear of every box in ``taken`` by
    :data:`LABEL_GAP_PT`, centred in its country, and either wholly on the dark fill
    (``dark``, the highlighted countries: a white name) or wholly off it (a grey name)."""
    from shapely.geometry import Point, box

    extent = _box(text, renderer)
    frame = ax.get_window_extent(renderer)
    if not (frame.x0 <= extent.x0 and extent.x1 <= frame.x1 and frame.y0 <= extent.y0
            and extent.y1 <= frame.y1):
        return False
    if any(_box(text, renderer, LABEL_GAP_PT).overlaps(other) for other in taken):
        return False
    (x0, y0), (x1, y1) = ax.transData.inverted().transform(
        [(extent.x0, extent.y0), (extent.x1, extent.y1)]
    )
    area = box(x0, y0, x1, y1)
    if not geometry.contains(Point(text.get_position())):
        return False
    if highlighted:  # inside its own country, clear of the white borders around it
        return geometry.buffer(-INSET).contains(area)
    return not dark.intersects(area)


def _place_labels(fig, ax, countries, outlines, taken):
    """Name each country marked ``labelled`` where its name fits, centred in its own outline,
    clear of every label and mark already placed (a white name never runs off the dark fill, a
    grey name never onto it: :func:`_fits`): highlighted countries first, then the others
    by area, largest first; at each country's representative point if it fits there, else the
    nearest point inside it that does, on one line or two. A neighbour whose name fits nowhere
    is left unnamed (the CSV says so); a highlighted one is named at its point with a halo in
    its fill colour, so white text stays readable past the fill's edge."""
    from shapely.ops import unary_union

    renderer = fig.canvas.get_renderer()
    dark = unary_union([outlines[r.iso_a3] for r in countries.itertuples() if r.highlighted])
    order = sorted(
        (r for r in countries.itertuples(index=False) if r.labelled),
        key=lambda r: (not r.highlighted, -outlines[r.iso_a3].area, r.iso_a3),
    )
    for row in order:
        geometry = outlines[row.iso_a3]
        style = {
            "fontweight": "bold" if row.highlighted else "normal",
            "color": "#ffffff" if row.highlighted else "#595959",
        }
        text = ax.text(
            row.lon, row.lat, row.name, ha="center", va="center", zorder=4,
            fontsize=MIN_FONT_PT, gid=f"label-{row.iso_a3}", **style,
        )  # fmt: skip
        placed = False
        for variant in _variants(row.name):
            text.set_text(variant)
            for point in _candidates(geometry, (row.lon, row.lat)):
                text.set_position(point)
                if _fits(text, renderer, ax, geometry, taken, dark, row.highlighted):
                    placed = True
                    break
            if placed:
                break
        if not placed and row.highlighted:
            text.set_text(_variants(row.name)[-1])
            text.set_position((row.lon, row.lat))
            text.set_path_effects([withStroke(linewidth=3, foreground=HIGHLIGHT)])
            placed = True
        if not placed:
            text.remove()
            continue
        taken.append(_box(text, renderer))


def coverage_map(data, region, extent=MAP_EXTENT, title=None):
    """The Sahel with the countries the Bamako embassy covered highlighted and Bamako marked.

    ``data`` is ``map_data``'s table (roles, highlights, label points); ``region`` holds the
    clipped outlines (``name``, ``iso_a3``, ``geometry``). Each country's patch carries the gid
    ``country-<ISO code>``, each name ``label-<ISO code>``. Names are placed so that none
    overlaps another or the embassy's mark and each sits inside its own country
    (:func:`_place_labels`); the legend sits below the map. :func:`as_drawn` reads back where
    each name went, for the figure's CSV.
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
    marks = []
    for row in data[data["feature"] == "place"].itertuples(index=False):
        (star,) = ax.plot(
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
        name = ax.annotate(
            row.name,
            (row.lon, row.lat),
            xytext=(-7, -9),
            ha="right",
            textcoords="offset points",
            fontsize=MIN_FONT_PT,
            fontweight="bold",
            color="#000000",
            zorder=5,
            gid="label-place",
            path_effects=[withStroke(linewidth=3, foreground="#ffffff")],
        )
        marks += [star, name]
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(1 / math.cos(math.radians((south + north) / 2)))
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("#bfbfbf")
    ax.set_title(wrap(title or f"Countries Norway's embassy in {EMBASSY_CITY} covered", 46))
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
    legend_below(ax, handles=handles, ncol=2, drop=0.02)
    fig.tight_layout()
    fig.canvas.draw()  # the axes take their final, aspect-fixed place before names are placed
    renderer = fig.canvas.get_renderer()
    _place_labels(fig, ax, countries, outlines, [_box(m, renderer, LABEL_GAP_PT) for m in marks])
    return fig


def as_drawn(data, fig):
    """``map_data``'s table with where the map put each name: ``labelled`` true only for the
    names drawn, ``label`` the text as drawn (line break as " / "), ``label_lon``/``label_lat``
    its centre (rounded to the thousandth)."""
    found = {
        t.get_gid().removeprefix("label-"): t
        for ax in fig.axes
        for t in ax.texts
        if (t.get_gid() or "").startswith("label-") and t.get_gid() != "label-place"
    }
    out = data.copy()
    countries = out["feature"] == "country"
    out.loc[countries, "labelled"] = [iso in found for iso in out.loc[countries, "iso_a3"]]
    out["label"] = [
        found[iso].get_text().replace("\n", " / ") if c and iso in found else (name if not c
                                                                               else "")
        for iso, name, c in zip(out["iso_a3"], out["name"], countries, strict=True)
    ]
    out["label_lon"] = [
        round(found[iso].get_position()[0], 3) if c and iso in found else (lon if not c else None)
        for iso, lon, c in zip(out["iso_a3"], out["lon"], countries, strict=True)
    ]
    out["label_lat"] = [
        round(found[iso].get_position()[1], 3) if c and iso in found else (lat if not c else None)
        for iso, lat, c in zip(out["iso_a3"], out["lat"], countries, strict=True)
    ]
    return out


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


def aid_chart(data, title=None):
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
    ax.set_title(wrap(title or "Norway's aid disbursements (OECD DAC)", 40))
    legend_below(ax, ncol=3)
    fig.tight_layout()
    return fig


# --- Norway among donors, OECD DAC ----------------------------------------------------------

PEER_GREY, OTHER_GREY = "#8c8c8c", "#cccccc"


def donors_chart(data, title):
    """Norway beside the largest DAC donors and its Nordic peers: one horizontal bar per donor
    (largest first), Norway in the house colour, the Nordic countries mid grey, the others light
    grey; each bar labelled directly with the donor's rank among the DAC countries and its
    amount; no legend. ``title`` states the finding. Draws exactly the rows of
    :func:`sahel.chapters.donors.chart_data`."""
    rows = data.reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 0.34 * len(rows) + 1.9))
    ys = list(range(len(rows)))[::-1]
    top = rows["usd_million"].max()
    for y, row in zip(ys, rows.itertuples(index=False), strict=True):
        colour = HIGHLIGHT if row.highlighted else PEER_GREY if row.nordic else OTHER_GREY
        ax.barh(y, row.usd_million, height=0.7, color=colour, gid=f"donor-{row.donor}")
        ax.annotate(
            f"{row.usd_million:,.0f}" if row.usd_million >= 1 else f"{row.usd_million:,.1f}",
            (row.usd_million, y),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=FONT,
            fontweight="bold" if row.highlighted else "normal",
        )
    labels = [f"{int(r.rank_dac)}. {r.donor}" for r in rows.itertuples(index=False)]
    ax.set_yticks(ys, labels)
    for tick, row in zip(ax.get_yticklabels(), rows.itertuples(index=False), strict=True):
        if row.highlighted:
            tick.set_fontweight("bold")
            tick.set_color(HIGHLIGHT)
    ax.tick_params(axis="y", length=0)
    ax.set_xlim(0, top * 1.18)
    ax.set_xticks([])
    ax.spines["bottom"].set_visible(False)
    ax.spines["left"].set_visible(False)
    ax.set_title(wrap(title, 40), loc="left")
    scope, years = rows["scope"].iloc[0], rows["years"].iloc[0]
    fig.text(
        0.01,
        0.01,
        wrap(
            f"Aid disbursed to {scope}, {years} summed, USD million at current prices. The "
            "largest DAC donors and the Nordic countries; the number is the rank among the DAC "
            "countries. Source: OECD DAC Table 2a.",
            56,
        ),
        ha="left",
        va="bottom",
        fontsize=FONT,
        color=COLORS[5],
    )
    fig.tight_layout(rect=(0, 0.17, 1, 1))
    return fig
