"""The Norway chapter's charts: the mission network, the money and the map draw exactly the
chapter's frames (moved from test_norway with the drawing code)."""

import socket

import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_hex

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
    right_text = " ".join(t.get_text().replace("\n", " ") for t in right.texts)
    assert "close to NOK 450 million" in right_text
    assert "NOK" in left.get_ylabel() and "not converted" in left.get_ylabel()


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
    labels = {t.get_text() for t in ax.texts}
    assert {"Bamako", "Mali", "Burkina Faso", "Mauritania", "Niger", "Chad"} <= labels


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
