"""Citations that match the claim (issue 14, item 6): a row cites a source only if one of the
claims it rests on states what the row shows, at the precision shown."""

import dataclasses

import pytest

from sahel import content
from sahel.chapters import minusma, realignment
from sahel.evidence import citations as cites
from sahel.evidence import claims


@pytest.fixture(scope="module")
def events(ledger):
    return minusma.build_events(ledger)


def test_a_year_does_not_state_a_day(ledger):
    year, day = ledger.get("C001-04"), ledger.get("C002-11")
    assert (year.date, day.date) == ("2013", "2013-04-25")
    assert not cites.states(year, "2013-04-25")
    assert cites.states(day, "2013-04-25")
    assert cites.states(day, "2013")  # a source that gives the day gives the year too
    assert cites.overreaching(["S001", "S002"], "2013-04-25", [year, day]) == ["S001"]


def test_a_day_precise_row_citing_a_source_that_gives_only_the_year_fails(ledger):
    overreach = cites.Citation("2013-04-25", ("S001", "S002"), ("C001-04", "C002-11"))
    with pytest.raises(cites.CitationError, match=r"cites S001 for 25 April 2013"):
        cites.check("fixture row", overreach, ledger)
    cites.check("fixture row", dataclasses.replace(overreach, sources=("S002",)), ledger)
    cites.check("fixture row", cites.Citation("2013", ("S001", "S002"), overreach.claims), ledger)


def test_a_value_cited_to_a_source_that_does_not_give_it_fails(ledger):
    number = cites.Citation("2690", ("S000", "S002"), ("C000-02", "C002-01"), "Resolution", False)
    with pytest.raises(cites.CitationError, match="cites S000 for 2690"):
        cites.check("fixture row", number, ledger)
    with pytest.raises(cites.CitationError, match="cites no source"):
        cites.check("fixture row", dataclasses.replace(number, sources=()), ledger)


def test_claims_are_grouped_by_the_date_they_state_most_precise_first(ledger):
    parts = cites.grouped(ledger.by_subject("minusma.established"))
    assert [(p.value, p.sources) for p in parts] == [
        ("2013-04-25", ("S002",)),
        ("2013", ("S001", "S003", "S004")),
    ]
    assert cites.parse(cites.as_text(parts)) == parts


def test_the_establishment_cites_the_day_to_the_one_source_that_gives_it(events, corpus):
    established = minusma.by_key(events)["established"]
    assert [(p.what, p.value, p.sources) for p in established.citations] == [
        ("", "2013-04-25", ("S002",)),
        ("", "2013", ("S001", "S003", "S004")),
        ("Resolution", "2100", ("S002",)),
    ]
    assert established.sources == ("S002",)  # what the chart's mark cites
    table = minusma.events_table(events)
    shown = minusma.display_table(table, corpus).set_index(table["key"]).loc["established"]
    keys = {s: corpus[s].source.bibkey for s in ("S001", "S002", "S003", "S004")}
    assert shown["sources"] == (
        f"25 April 2013 {{cite:p}}`{keys['S002']}`; "
        f"2013 {{cite:p}}`{keys['S001']},{keys['S003']},{keys['S004']}`; "
        f"Resolution 2100 {{cite:p}}`{keys['S002']}`"
    )


def test_every_events_table_citation_is_stated_by_its_claims(events, ledger):
    table = minusma.events_table(events)
    for _, row in table.iterrows():
        parts = cites.parse(row["citations"])
        assert parts, row["key"]
        for part in parts:
            cites.check(row["key"], part, ledger)
        assert set(row["sources"].split()) <= {s for p in parts for s in p.sources}
        assert set(row["claims"].split()) == {c for p in parts for c in p.claims}


def test_the_vote_cites_the_weekday_and_number_apart_from_the_date(events):
    vote = minusma.by_key(events)["vote"]
    assert [(p.what, p.value, p.sources) for p in vote.citations] == [
        ("", "2023-06-30", ("S000",)),
        ("on a", "Friday", ("S002",)),
        ("Resolution", "2690", ("S002",)),
    ]


def test_a_coarse_reading_alone_is_cited_at_its_own_precision(ledger):
    alone = claims.Ledger([c for c in ledger if c.id != "C002-11"], ledger.path)
    established = minusma.by_key(minusma.build_events(alone))["established"]
    assert established.dates == ("2013",)
    assert established.citations[0].value == "2013"
    assert established.sources == ("S001", "S002", "S003", "S004")  # S002 for the number


def test_durations_rest_only_on_claims_that_state_their_ends(events, ledger):
    durations = minusma.durations_table(events)
    inferred = set(minusma.by_key(events)["flag_lowered"].claims)
    ends_used = set(minusma.window(events))  # a day of the window also counts its length
    for _, row in durations.iterrows():
        ends = {row["from"], row["to"], *ends_used}
        for claim in map(ledger.get, row["claims"].split()):
            stated = any(cites.states(claim, end) for end in ends)
            assert stated or claim.id in inferred, (row["measure"], claim.id)
    lifetime = durations.iloc[0]
    assert lifetime["claims"].split() == ["C002-11", "C002-07"]  # not the "2013" claims
    cited = set(content.exhibit("tbl_minusma_durations").sources)
    resting = {ledger.get(c).source for r in durations["claims"] for c in r.split()}
    assert cited == resting


def test_sites_cite_the_source_of_their_quote_and_claims(ledger):
    where = "fixture site"
    quote = "is in the process of closing sites in Gao and Timbuktu in the northern region"
    cites.check_row(where, "S003", "Gao", quote, [])
    with pytest.raises(cites.CitationError, match="does not name 'Mopti'"):
        cites.check_row(where, "S003", "Mopti", quote, [])
    with pytest.raises(cites.CitationError, match="C000-03"):
        cites.check_row(where, "S003", "{C000-03}", quote, [ledger.get("C000-03")])


def test_realignment_timeline_and_toll_rows_cite_only_their_claims(ledger):
    for _, row in realignment.timeline(ledger).iterrows():
        ids = (row["claim"], *row["agreeing claims"].split())
        cites.check(row["event"], cites.Citation(row["date"], (realignment.SOURCE,), ids), ledger)
    for _, row in minusma.toll_table(ledger).iterrows():
        part = cites.Citation(f"{row['value']}", (row["source"],), (row["claim"],), is_date=False)
        cites.check(row["claim"], part, ledger)


def test_a_figure_or_table_caption_cites_exactly_the_sources_its_rows_cite():
    """An exhibit with fixed sources whose data names each row's sources cites those, no more
    (the final months' figure does not draw the encyclopedia's "June 2023") and no fewer."""
    import pandas as pd

    from sahel import paths

    checked = 0
    for key, exhibit in content.load_exhibits().items():
        path = paths.DATA / exhibit.file
        if exhibit.sources == (content.FROM_ROWS,) or not path.is_file():
            continue
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        column = next((c for c in ("sources", "source") if c in frame), None)
        if column:
            rows = {s for cell in frame[column] for s in cell.split()}
            assert set(exhibit.sources) == rows, key
            checked += 1
    assert checked >= 5
