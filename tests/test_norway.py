"""The Norway chapter's logic: Bamako's reach, the mission network, the money, the quotes
(its charts are tested in test_charts_norway)."""

import dataclasses

import pytest

from sahel import content, publish
from sahel.chapters import checks, norway
from sahel.evidence import claims, geo

SENTENCE = (
    "In addition to Mali, the Embassy in Bamako has been responsible for representing Norway in "
    "Burkina Faso, Mauritania, Niger and Chad."
)
FIVE = ["MLI", "BFA", "MRT", "NER", "TCD"]
COUNTS = {"embassies": 78, "consulates general": 8, "delegations": 9, "representative offices": 1}


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


# --- Money


def funding_example():
    return norway.funding_data(
        745_000_000,
        180_000_000,
        450_000_000,
        support_year="2022",
        humanitarian_year="2023",
        humanitarian_qualifier="close to",
    )


def test_funding_data_keeps_the_two_years_apart():
    data = funding_example()
    assert list(data["panel"]) == ["support", "support", "humanitarian"]
    assert list(data["year"]) == ["2022", "2022", "2023"]
    assert list(data["nok_million"]) == [745, 180, 450]
    assert list(data["qualifier"]) == ["exact", "exact", "close to"]


def test_funding_from_the_ledger(ledger):
    data = norway.funding_from_ledger(ledger)
    assert list(data["nok"]) == [745_000_000, 180_000_000, 450_000_000]
    assert list(data["claim"]) == ["C000-07", "C000-08", "C000-09"]
    assert list(data["year"]) == ["2022", "2022", "2023"]
    # the release is dated 31 August 2023 (C000-01): its 2023 figure is year to date
    assert list(data["period"]) == ["2022", "2022", "2023 up to 31 August"]


def test_a_year_under_way_is_read_up_to_the_sources_date():
    assert norway.up_to("2023", "2023-08-31") == "2023 up to 31 August"
    assert norway.up_to("2022", "2023-08-31") == "2022"
    with pytest.raises(ValueError, match="cannot give a figure for 2024"):
        norway.up_to("2024", "2023-08-31")


# --- The map


@pytest.fixture(scope="module")
def region():
    return norway.map_region()


def test_map_data_lists_the_covered_countries_first_then_bamako(corpus):
    region, data = norway.map_from(norway.bamako_coverage(corpus[norway.SOURCE].text))
    countries = data[data["feature"] == "country"]
    assert list(countries.loc[countries["highlighted"], "iso_a3"]) == FIVE
    assert list(countries["iso_a3"][:5]) == FIVE
    assert set(countries["iso_a3"]) == set(region["iso_a3"])
    assert data.iloc[-1][["feature", "name", "iso_a3"]].tolist() == ["place", "Bamako", "MLI"]


def test_map_refuses_a_country_outside_the_geometry(region):
    coverage = norway.bamako_coverage(SENTENCE.replace("Chad", "Norway"))
    with pytest.raises(norway.CoverageError, match="no Natural Earth outline .* NOR"):
        norway.map_data(region, coverage, geo.place("Bamako"))


def test_map_refuses_an_embassy_outside_its_host_country(region):
    coverage = norway.bamako_coverage(SENTENCE)
    with pytest.raises(norway.CoverageError, match="lies in \\['NER'\\]"):
        norway.map_data(region, coverage, geo.place("Niamey"))


# --- Dates, words, quotes, the glued figures


def test_quotes_are_verbatim_and_escaped(corpus):
    quoted = norway.quotes(corpus[norway.SOURCE].text)
    assert set(quoted) == {"norway_q_coverage"}
    assert quoted["norway_q_coverage"] == f"\u201c{publish.escape_md(SENTENCE)}\u201d"


def test_the_chapters_fixed_quotes_are_rows_of_quotes_csv_from_the_release(corpus, ledger):
    rows = {k: v for k, v in content.load_quotes(corpus, ledger).items() if k.startswith("norway_")}
    assert {"norway_q_dynamic", "norway_q_minister_need", "norway_q_volatile"} <= set(rows)
    assert rows["norway_q_dynamic"] == (
        "Norway's diplomatic presence abroad is dynamic, and changes are made based, among "
        "other things, on political priorities, resources and security considerations.",
        "inline",
    )
    assert rows["norway_q_minister_need"][1] == "block"
    release = corpus[norway.SOURCE].located
    assert all(release.find(text) is not None for text, _ in rows.values())


def test_the_chapters_quotes_are_glued_escaped_by_style(corpus, ledger, monkeypatch):
    glued = {}
    monkeypatch.setattr(publish, "glue_markdown", glued.__setitem__)
    monkeypatch.setattr(publish, "glue_text", glued.__setitem__)
    publish.quotes(corpus, ledger, prefix="norway_")
    fixed = {k for k in content.load_quotes(corpus, ledger) if k.startswith("norway_")}
    assert set(glued) == fixed and "norway_q_coverage" not in glued
    assert glued["norway_q_dynamic"].startswith("\u201cNorway\\'s diplomatic presence")
    assert glued["norway_q_minister_need"].startswith("> There is an urgent need")


def test_a_quote_missing_from_the_source_fails(corpus, ledger):
    document = corpus[norway.SOURCE]
    altered = dataclasses.replace(document, text=document.text.replace("volatile", "calm"))
    with pytest.raises(content.ContentError, match="excerpt not found verbatim in S000"):
        content.load_quotes({**corpus, norway.SOURCE: altered}, ledger)
    with pytest.raises(norway.CoverageError, match="found 0"):
        norway.quotes(document.text.replace("In addition to Mali", "Besides Mali"))


def test_markdown_glues_the_sentence_the_names_and_the_credit(corpus):
    text = corpus[norway.SOURCE].text
    glued = norway.markdown(text, norway.bamako_coverage(text))
    assert glued["norway_coverage_others"] == "Burkina Faso, Mauritania, Niger and Chad"
    assert glued["norway_geo_credit"] == publish.escape_md(geo.CREDIT)
    assert glued["norway_q_coverage"] == norway.quotes(text)["norway_q_coverage"]


def test_summary_from_the_ledger(ledger, corpus):
    figures = norway.summary(ledger, norway.bamako_coverage(corpus[norway.SOURCE].text))
    assert figures["norway_missions_sum"] == "78 + 8 + 9 + 1 = 96"
    assert figures["norway_mali_share"] == "24.2%"
    assert figures["norway_humanitarian"] == "close to NOK 450 million"
    # year to date, never the full year (issue 21): the old label "2023" fails here
    assert figures["norway_humanitarian_year"] == "2023 up to 31 August"
    assert figures["norway_humanitarian_to_date"] == (
        "close to NOK 450 million in 2023 up to 31 August"
    )
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


def test_map_title_counts_the_sentences_countries():
    assert norway.map_title(norway.bamako_coverage(SENTENCE)) == (
        "Norway's embassy in Bamako covered five countries of the Sahel"
    )
