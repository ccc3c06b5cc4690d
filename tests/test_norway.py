"""The Norway chapter's logic: Bamako's reach, the mission network, the money, the charts."""

import dataclasses
import socket

import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_hex

from sahel import publish
from sahel.chapters import checks, minusma, norway
from sahel.charts import style
from sahel.evidence import claims, geo

SENTENCE = (
    "In addition to Mali, the Embassy in Bamako has been responsible for representing Norway in "
    "Burkina Faso, Mauritania, Niger and Chad."
)
FIVE = ["MLI", "BFA", "MRT", "NER", "TCD"]
COUNTS = {"embassies": 78, "consulates general": 8, "delegations": 9, "representative offices": 1}




@pytest.fixture(autouse=True)
def _style():
    style.use_style()
    yield
    plt.close("all")


# --- Bamako's reach


def test_coverage_parses_the_sentence_into_five_countries():
    coverage = norway.bamako_coverage(f"Some text.\n{SENTENCE}\nMore text.")
    assert list(coverage["country"]) == ["Mali", "Burkina Faso", "Mauritania", "Niger", "Chad"]
    assert list(coverage["iso_a3"]) == FIVE
    assert list(coverage["role"]) == [norway.HOST] + [norway.COVERED] * 4


def test_coverage_from_the_press_release_itself(corpus):
    coverage = norway.bamako_coverage(corpus[norway.SOURCE].text)
    assert list(coverage["iso_a3"]) == FIVE


def test_coverage_reads_the_sentence_across_a_line_break():
    wrapped = SENTENCE.replace("representing Norway", "representing\n  Norway")
    assert list(norway.bamako_coverage(wrapped)["iso_a3"]) == FIVE


def test_coverage_fails_loudly_without_the_sentence():
    with pytest.raises(norway.CoverageError, match="found 0"):
        norway.bamako_coverage("Norway is closing its Embassy in Bamako.")


def test_coverage_fails_on_two_such_sentences():
    with pytest.raises(norway.CoverageError, match="found 2"):
        norway.bamako_coverage(f"{SENTENCE} {SENTENCE}")


def test_coverage_fails_on_a_name_that_is_not_a_country():
    with pytest.raises(norway.CoverageError, match="'Wakanda' is not a country name"):
        norway.bamako_coverage(SENTENCE.replace("Niger", "Wakanda"))


def test_niger_is_not_read_as_nigeria():
    assert norway.recognise("Niger") == "NER" and norway.recognise("Nigeria") == "NGA"


def test_names_markdown_escapes_source_text():
    assert norway.names_markdown(["Côte d'Ivoire", "Chad"]) == "Côte d\\'Ivoire and Chad"
    assert norway.names_markdown(["A*", "B", "C"]) == "A\\*, B and C"


# --- The mission network


def test_mission_network_adds_up_and_gives_shares():
    network = norway.mission_network(COUNTS, 96)
    assert list(network["missions"]) == [78, 8, 9, 1]
    assert network["share"].sum() == pytest.approx(1.0)
    assert network.set_index("type").loc["embassies", "share"] == pytest.approx(78 / 96)


def test_77_embassies_fail_loudly_naming_the_numbers():
    with pytest.raises(checks.SumMismatchError) as raised:
        norway.mission_network({**COUNTS, "embassies": 77}, 96)
    message = str(raised.value)
    assert "77 embassies + 8 consulates general + 9 delegations + 1 representative offices" in (
        message
    )
    assert "= 95" in message and "stated total is 96" in message


def test_a_ledger_with_77_embassies_fails_loudly(ledger):
    tampered = [
        dataclasses.replace(c, value=77) if c.subject == "norway.missions.embassies" else c
        for c in ledger
    ]
    with pytest.raises(checks.SumMismatchError, match="77 embassies .* = 95, but .* 96"):
        norway.missions_from_ledger(claims.Ledger(tampered))


def test_mission_network_refuses_non_counts():
    with pytest.raises(ValueError, match="whole numbers"):
        norway.mission_network({**COUNTS, "delegations": 9.5}, 96)


def test_network_from_the_ledger_carries_claim_ids(ledger):
    network, total = norway.missions_from_ledger(ledger)
    assert total.value == 96 and total.source == "S000"
    assert dict(zip(network["type"], network["missions"], strict=True)) == COUNTS
    assert list(network["claim"]) == ["C000-11", "C000-12", "C000-13", "C000-14"]


def test_closing_bamako_removes_one_embassy_and_one_mission():
    effect = norway.closure_effect(norway.mission_network(COUNTS, 96)).set_index("count")
    assert effect.loc["embassies", ["before", "after"]].tolist() == [78, 77]
    assert effect.loc["all missions", ["before", "after"]].tolist() == [96, 95]
    assert effect.loc["embassies", "removed_share"] == pytest.approx(1 / 78)
    with pytest.raises(ValueError, match="no single mission type 'consulates'"):
        norway.closure_effect(norway.mission_network(COUNTS, 96), "consulates")


def test_missions_chart_labels_every_bar_with_its_count():
    fig = norway.missions_chart(norway.mission_network(COUNTS, 96))
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert {"78 (81%)", "8 (8%)", "9 (9%)", "1 (1%)"} <= set(texts)
    assert "96" in fig.axes[0].get_title()


# --- Money


def _funding():
    return norway.funding_data(
        745_000_000,
        180_000_000,
        450_000_000,
        support_year="2022",
        humanitarian_year="2023",
        humanitarian_qualifier="close to",
    )


def test_funding_data_keeps_the_two_years_apart():
    data = _funding()
    assert list(data["panel"]) == ["support", "support", "humanitarian"]
    assert list(data["year"]) == ["2022", "2022", "2023"]
    assert list(data["nok_million"]) == [745, 180, 450]
    assert list(data["qualifier"]) == ["exact", "exact", "close to"]


def test_funding_chart_never_stacks_or_merges_the_humanitarian_figure():
    fig = norway.funding_chart(_funding())
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
    right_text = " ".join(t.get_text() for t in right.texts)
    assert "close to NOK 450 million" in right_text
    assert "NOK" in left.get_ylabel() and "not converted" in left.get_ylabel()


def test_funding_from_the_ledger(ledger):
    data = norway.funding_from_ledger(ledger)
    assert list(data["nok"]) == [745_000_000, 180_000_000, 450_000_000]
    assert list(data["claim"]) == ["C000-07", "C000-08", "C000-09"]
    assert list(data["year"]) == ["2022", "2022", "2023"]


# --- The map


@pytest.fixture(scope="module")
def region():
    return geo.region(geo.countries(), norway.MAP_EXTENT)


def _map(region, text=SENTENCE):
    data = norway.map_data(region, norway.bamako_coverage(text), geo.place("Bamako"))
    return data, norway.coverage_map(data, region)


def test_map_highlights_exactly_the_five_countries_the_source_names(region, corpus):
    data, fig = _map(region, corpus[norway.SOURCE].text)
    assert norway.highlighted_codes(fig) == FIVE
    countries = data[data["feature"] == "country"]
    assert list(countries.loc[countries["highlighted"], "iso_a3"]) == FIVE
    greys = [
        p.get_gid()
        for p in fig.axes[0].patches
        if to_hex(p.get_facecolor()) == norway.NEIGHBOUR_GREY
    ]
    assert len(greys) == len(countries) - 5 and "country-SEN" in greys


def test_map_follows_the_sentence_not_a_fixed_list(region):
    _, fig = _map(region, SENTENCE.replace("Chad", "Senegal"))
    assert norway.highlighted_codes(fig) == ["MLI", "BFA", "MRT", "NER", "SEN"]


def test_map_marks_and_labels_bamako_inside_mali(region):
    data, fig = _map(region)
    place = data[data["feature"] == "place"].iloc[0]
    assert (place["name"], place["iso_a3"]) == ("Bamako", "MLI")
    ax = fig.axes[0]
    assert [line.get_gid() for line in ax.lines] == ["place-embassy"]
    labels = {t.get_text() for t in ax.texts}
    assert {"Bamako", "Mali", "Burkina Faso", "Mauritania", "Niger", "Chad"} <= labels


def test_map_refuses_a_country_outside_the_geometry(region):
    coverage = norway.bamako_coverage(SENTENCE.replace("Chad", "Norway"))
    with pytest.raises(norway.CoverageError, match="no Natural Earth outline .* NOR"):
        norway.map_data(region, coverage, geo.place("Bamako"))


def test_map_refuses_an_embassy_outside_its_host_country(region):
    coverage = norway.bamako_coverage(SENTENCE)
    with pytest.raises(norway.CoverageError, match="lies in \\['NER'\\]"):
        norway.map_data(region, coverage, geo.place("Niamey"))


def test_map_builds_without_the_network(region, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    fresh = geo.region(geo.countries(), norway.MAP_EXTENT)
    data = norway.map_data(fresh, norway.bamako_coverage(SENTENCE), geo.place("Bamako"))
    svg = publish.svg_bytes(norway.coverage_map(data, fresh))
    assert b"country-MLI" in svg and b"place-embassy" in svg


def test_map_svg_is_reproducible(region):
    first = publish.svg_bytes(_map(region)[1])
    second = publish.svg_bytes(_map(region)[1])
    assert first == second


# --- Dates, words, quotes, the glued figures



def test_quotes_are_verbatim_and_escaped(corpus):
    quoted = norway.quotes(corpus[norway.SOURCE].text)
    assert set(quoted) == set(norway.QUOTES) | {"norway_q_coverage"}
    assert quoted["norway_q_coverage"] == f"\u201c{publish.escape_md(SENTENCE)}\u201d"
    assert quoted["norway_q_dynamic"].startswith("\u201cNorway\\'s diplomatic presence")
    assert quoted["norway_q_minister_need"].startswith("> There is an urgent need")


def test_a_quote_missing_from_the_source_fails(corpus):
    text = corpus[norway.SOURCE].text.replace("volatile", "calm")
    with pytest.raises(norway.QuoteError, match="norway_q_volatile"):
        norway.quotes(text)


def test_summary_from_the_ledger(ledger, corpus):
    figures = norway.summary(ledger, norway.bamako_coverage(corpus[norway.SOURCE].text))
    assert figures["norway_missions_sum"] == "78 + 8 + 9 + 1 = 96"
    assert figures["norway_mali_share"] == "24.2%"
    assert figures["norway_humanitarian"] == "close to NOK 450 million"
    assert figures["norway_closure"] == "by the end of 2023"
    assert figures["norway_announced"] == "31 August 2023"
    assert figures["norway_vote_to_announcement_days"] == "62"
    assert (figures["norway_embassies_after"], figures["norway_missions_after"]) == ("77", "95")
    assert figures["norway_coverage_count"] == "five"
    assert all(isinstance(v, str) for v in figures.values())


def test_closure_table_formats_the_effect():
    table = norway.closure_table(norway.closure_effect(norway.mission_network(COUNTS, 96)))
    assert table.values.tolist() == [
        ["embassies", "78", "77", "1.3%"],
        ["all missions", "96", "95", "1.0%"],
    ]


def test_decision_window_reuses_the_minusma_events():
    ledger = claims.load_ledger()
    rows, start, end = norway.decision_window(ledger)
    assert set(rows["key"]) == set(norway.DECISION_EVENTS)
    announced = rows.set_index("key").loc["norway_announced", "first"]
    assert announced == ledger.one("norway.embassy.announced", source="S000").date
    assert start <= announced[:7] <= end
    drawn = minusma.chart_data(rows, start, end)
    assert set(drawn["key"]) == set(norway.DECISION_EVENTS)
