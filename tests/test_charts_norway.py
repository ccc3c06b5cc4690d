"""The Norway chapter's charts: the mission network, the money and the map draw exactly the
chapter's frames (moved from test_norway with the drawing code)."""

import socket

import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_hex
from matplotlib.patheffects import withStroke

from sahel import publish
from sahel.chapters import norway
from sahel.charts import norway as charts
from sahel.charts import style
from sahel.evidence import geo
from tests.test_norway import FIVE, SENTENCE, funding_example


@pytest.fixture(autouse=True)
def _style():
    style.use_style()
    yield
    plt.close("all")


def test_funding_chart_never_stacks_or_merges_the_humanitarian_figure():
    fig = charts.funding_chart(funding_example())
    left, right = fig.axes
    assert left is not right
    left_bars = {p.get_gid(): p for p in left.patches}
    right_bars = {p.get_gid(): p for p in right.patches}
    assert set(left_bars) == {"bar-sahel-total", "bar-mali-part"}
    assert set(right_bars) == {"bar-humanitarian"}
    assert all(p.get_y() == 0 for p in [*left.patches, *right.patches])
    assert left_bars["bar-sahel-total"].get_height() == 745
    assert left_bars["bar-mali-part"].get_height() == 180
    mali, total = left_bars["bar-mali-part"], left_bars["bar-sahel-total"]
    assert total.get_x() < mali.get_x() and mali.get_width() < total.get_width()
    assert right_bars["bar-humanitarian"].get_height() == 450
    assert "2022" in left.get_title() and "2023" in right.get_title()
    assert "year to date" not in left.get_title() and "year to date" not in right.get_title()
    right_text = " ".join(t.get_text().replace("\n", " ") for t in right.texts)
    assert "close to NOK 450 million" in right_text
    assert "NOK" in left.get_ylabel() and "not converted" in left.get_ylabel()


def test_funding_chart_labels_the_humanitarian_figure_year_to_date(ledger):
    """The release is dated 31 August 2023: its 2023 figure is drawn as year to date; a title
    reading only "…, 2023" (the old label) fails here."""
    _, right = charts.funding_chart(norway.funding_from_ledger(ledger)).axes
    title = right.get_title().replace("\n", " ")
    assert title == "Humanitarian aid to the Sahel, 2023 up to 31 August (year to date)"


# --- The map


@pytest.fixture(scope="module")
def region():
    return norway.map_region()


def _map(region, text=SENTENCE):
    data = norway.map_data(region, norway.bamako_coverage(text), geo.place("Bamako"))
    return data, charts.coverage_map(data, region)


def test_map_highlights_exactly_the_five_countries_the_source_names(region, corpus):
    data, fig = _map(region, corpus[norway.SOURCE].text)
    assert charts.highlighted_codes(fig) == FIVE
    countries = data[data["feature"] == "country"]
    assert list(countries.loc[countries["highlighted"], "iso_a3"]) == FIVE
    greys = [
        p.get_gid()
        for p in fig.axes[0].patches
        if to_hex(p.get_facecolor()) == charts.NEIGHBOUR_GREY
    ]
    assert len(greys) == len(countries) - 5 and "country-SEN" in greys


def test_map_follows_the_sentence_not_a_fixed_list(region):
    _, fig = _map(region, SENTENCE.replace("Chad", "Senegal"))
    assert charts.highlighted_codes(fig) == ["MLI", "BFA", "MRT", "NER", "SEN"]


def test_map_marks_and_labels_bamako_inside_mali(region):
    data, fig = _map(region)
    place = data[data["feature"] == "place"].iloc[0]
    assert (place["name"], place["iso_a3"]) == ("Bamako", "MLI")
    ax = fig.axes[0]
    assert [line.get_gid() for line in ax.lines] == ["place-embassy"]
    labels = {t.get_text().replace("\n", " ") for t in ax.texts}
    assert {"Bamako", "Mali", "Burkina Faso", "Mauritania", "Niger", "Chad"} <= labels


def _extents(fig):
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return {t.get_gid(): t.get_window_extent(renderer) for t in fig.axes[0].texts}


def test_map_names_never_collide_and_sit_inside_the_map(region, corpus):
    """The old map put "Côte d'Ivoire" on "Ghana" and "Cameroon" on "Nigeria"."""
    _, fig = _map(region, corpus[norway.SOURCE].text)
    boxes = _extents(fig)
    frame = fig.axes[0].get_window_extent(fig.canvas.get_renderer())
    gap = 1 * fig.dpi / 72  # 1 pt apart at least
    names = list(boxes)
    for i, a in enumerate(names):
        box = boxes[a]
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0, a
        for b in names[i + 1 :]:
            grown = box.from_extents(box.x0 - gap, box.y0 - gap, box.x1 + gap, box.y1 + gap)
            assert not grown.overlaps(boxes[b]), (a, b)
    assert len(names) > 10  # most neighbours keep their names


def test_map_white_names_stay_on_the_dark_fill(region, corpus):
    """The old map's white "Burkina Faso" ran off the dark fill ("Burkina Fas"). A white name
    lies inside its own country, clear of the white borders, or, where no place in it is wide
    enough at the smallest type, carries a halo in the fill's colour that keeps it readable
    wherever it runs (the browser suite measures what the reader sees)."""
    from shapely.geometry import Point, box
    from shapely.ops import unary_union

    _, fig = _map(region, corpus[norway.SOURCE].text)
    boxes, ax = _extents(fig), fig.axes[0]
    outlines = dict(zip(region["iso_a3"], region["geometry"], strict=True))
    dark = unary_union([outlines[iso] for iso in FIVE]).buffer(0.05)
    for text in ax.texts:
        iso = text.get_gid().removeprefix("label-")
        if iso not in FIVE:
            continue
        extent = boxes[text.get_gid()]
        (x0, y0), (x1, y1) = ax.transData.inverted().transform(
            [(extent.x0, extent.y0), (extent.x1, extent.y1)]
        )
        halo = [e for e in text.get_path_effects() if isinstance(e, withStroke)]
        if halo:
            assert to_hex(halo[0]._gc["foreground"]) == charts.HIGHLIGHT, iso
        else:
            inside = outlines[iso].buffer(-charts.INSET)
            assert inside.contains(box(x0, y0, x1, y1)), iso
        assert dark.contains(Point(text.get_position())), iso
        assert outlines[iso].contains(Point(text.get_position())), iso


def test_map_legend_sits_outside_the_map(region):
    _, fig = _map(region)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    legend = fig.axes[0].get_legend().get_window_extent(renderer)
    assert not legend.overlaps(fig.axes[0].get_window_extent(renderer))


def test_map_csv_says_where_each_name_went(region):
    data, fig = _map(region)
    drawn = charts.as_drawn(data, fig)
    countries = drawn[drawn["feature"] == "country"]
    shown = {t.get_gid().removeprefix("label-") for t in fig.axes[0].texts} - {"place"}
    assert set(countries.loc[countries["labelled"], "iso_a3"]) == shown
    assert drawn.set_index("iso_a3").loc["BFA", "label"] in ("Burkina Faso", "Burkina / Faso")
    assert countries.loc[~countries["labelled"], "label"].eq("").all()


def test_map_builds_without_the_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    fresh = geo.region(geo.countries(), norway.MAP_EXTENT)
    data = norway.map_data(fresh, norway.bamako_coverage(SENTENCE), geo.place("Bamako"))
    svg = publish.svg_bytes(charts.coverage_map(data, fresh))
    assert b"country-MLI" in svg and b"place-embassy" in svg


def test_map_svg_is_reproducible(region):
    first = publish.svg_bytes(_map(region)[1])
    second = publish.svg_bytes(_map(region)[1])
    assert first == second
