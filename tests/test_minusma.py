"""The MINUSMA chapter's timeline, durations and toll, computed from the ledger.

Expected values here are checked by hand against the calendar (unit tests may use literals);
the notebook itself types none.
"""

import csv
import dataclasses
import datetime as dt
import re
import shutil

import nbformat
import pytest

from sahel import content, paths
from sahel.chapters import minusma
from sahel.charts.minusma import _label as chart_label
from sahel.evidence import claims, qualifiers
from sahel.evidence.claims import ClaimError
from sahel.evidence.textmatch import Located
from tests.conftest import rewrite


@pytest.fixture(scope="module")
def events(ledger):
    return minusma.build_events(ledger)


def replaced(ledger, claim_id, **changes):
    """A copy of the ledger with one claim's fields changed (the claim must exist)."""
    target = ledger.get(claim_id)
    return claims.Ledger(
        [dataclasses.replace(c, **changes) if c is target else c for c in ledger], ledger.path
    )


def without(ledger, *claim_ids):
    for claim_id in claim_ids:
        ledger.get(claim_id)
    return claims.Ledger([c for c in ledger if c.id not in claim_ids], ledger.path)


# --- the events ------------------------------------------------------------------------------


def test_events_rest_on_the_ledger(events):
    e = minusma.by_key(events)
    assert e["established"].dates == ("2013-04-25",)
    assert "C002-11" in e["established"].claims and "C002-12" in e["established"].claims
    assert e["coup_first"].dates == ("2020",) and e["coup_first"].precision == "year"
    assert e["coup_second"].dates == ("2021",)
    assert e["request"].dates == ("2023-06-16",)
    assert set(e["request"].claims) == {"C002-04", "C002-08", "C004-14"}
    assert e["vote"].dates == ("2023-06-30",)
    assert (e["withdrawal"].dates, e["withdrawal"].until) == (("2023-07-01",), "2023-12-31")
    assert e["deployment"].until == "2023-06-30"
    assert e["liquidation"].dates == ("2024-01-01",) and e["liquidation"].last is None
    assert e["norway_announced"].dates == ("2023-08-31",)
    assert e["norway_announced"].sources == ("S000", "S001")
    assert e["norway_closure"].dates == ("2023",)


def test_the_mandates_end_carries_both_dates_and_both_claims(events):
    mandate = minusma.by_key(events)["mandate_end"]
    assert mandate.dates == ("2023-06-30", "2023-07-01")
    assert set(mandate.claims) == {"C002-03", "C002-07"}
    row = minusma.events_table(events).set_index("key").loc["mandate_end"]
    assert row["dates"] == "2023-06-30; 2023-07-01"
    assert row["claims"] == "C002-03 C002-07"


def test_the_flag_date_is_derived_from_dateline_and_weekday(ledger, events):
    flag = minusma.by_key(events)["flag_lowered"]
    assert flag.dates == ("2023-12-11",) and flag.derived
    # "on Monday" dates the spokesperson's statement: the flag came down on or before it
    assert flag.bound == qualifiers.UPPER and flag.first is None
    assert flag.last == dt.date(2023, 12, 11)
    assert set(flag.claims) == {"C003-01", "C003-02"}
    sunday = minusma.by_key(minusma.build_events(replaced(ledger, "C003-02", value="Sunday")))
    assert sunday["flag_lowered"].dates == ("2023-12-10",)
    moved = replaced(ledger, "C003-01", date="2023-12-20")
    assert minusma.by_key(minusma.build_events(moved))["flag_lowered"].dates == ("2023-12-18",)


def test_an_inferred_date_is_never_printed_without_its_mark(ledger, corpus, events):
    """The flag lowering's date is inferred from a weekday and a dateline: wherever the book
    prints it (glued text, the events table, the durations table, the chart's labels) it is an
    upper bound ("by") with the mark "(inferred)", and its place in the window is "by day N"."""
    figures = minusma.figures(ledger, events)
    written = ("11 December 2023", "2023-12-11")
    table = minusma.events_table(events)
    shown = [
        *figures.values(),
        *minusma.display_table(table, corpus).astype(str).to_numpy().ravel(),
        *minusma.durations_table(events).astype(str).to_numpy().ravel(),
        *[chart_label(row).replace("\n", " ") for _, row in table.iterrows()],
    ]
    printed = [text for text in shown if any(w in text for w in written)]
    assert len(printed) >= 4
    unmarked = [t for t in printed if "(inferred)" not in t or not re.search(r"\bby\b", t)]
    assert unmarked == []
    assert figures["minusma_flag_day"].startswith("by day ")
    assert figures["minusma_flag_pct"].startswith("at most ")


def test_a_deadline_is_an_upper_bound_never_before_its_announcement(ledger, events):
    """ "by the end of 2023" is an upper bound: the closure is on or before 31 December 2023
    and not before the announcement of 31 August 2023, never any day of the whole year."""
    closure = minusma.by_key(events)["norway_closure"]
    assert closure.bound == qualifiers.UPPER
    assert (closure.first, closure.last) == (dt.date(2023, 8, 31), dt.date(2023, 12, 31))
    row = minusma.events_table(events).set_index("key").loc["norway_closure"]
    assert (row["first"], row["last"], row["bound"]) == ("2023-08-31", "2023-12-31", "upper bound")
    assert minusma.shown_dates(row) == "by the end of 2023"
    stated = minusma.by_key(minusma.build_events(replaced(ledger, "C000-03", qualifier="exact")))
    assert stated["norway_closure"].bound == qualifiers.AS_STATED
    assert stated["norway_closure"].first == dt.date(2023, 1, 1)


def test_events_are_in_chronological_order(events):
    table = minusma.events_table(events)
    moments = table[table["kind"] == "event"]
    assert list(moments["key"]) == [
        "established",
        "coup_first",
        "coup_second",
        "request",
        "vote",
        "mandate_end",
        "norway_announced",
        "flag_lowered",
        "end_reported",
        "norway_closure",  # "by the end of 2023": after every dated day of 2023
    ]
    assert list(table["key"][:3]) == ["deployment", "withdrawal", "liquidation"]


def test_a_phase_needs_one_start_date(ledger):
    broken = replaced(ledger, "C002-09", date="2023-07-02")
    broken = claims.Ledger([*broken, dataclasses.replace(ledger.get("C002-09"), id="C999-01")])
    with pytest.raises(minusma.TimelineError, match="minusma.withdrawal.start.*needs one date"):
        minusma.build_events(broken)


# --- computed figures ------------------------------------------------------------------------


def test_computed_figures_match_hand_checked_values(ledger, events):
    figures = minusma.figures(ledger, events)
    expected = {
        "minusma_established": "25 April 2013",
        "minusma_res2100": "2100",
        "minusma_res2690": "2690",
        "minusma_lifetime_days": "3,903",
        "minusma_lifetime_years": "10.7",  # 3,903 / 365.2425 = 10.686
        "minusma_lifetime_full_years": "10",
        "minusma_request_to_vote_days": "14",
        "minusma_vote_weekday_computed": "Friday",  # 30 June 2023
        "minusma_mandate_end_gap": "1 day",
        "minusma_window_days": "184",  # 31 + 31 + 30 + 31 + 30 + 31
        "minusma_dateline_weekday": "Tuesday",
        # the Monday of the spokesperson's statement bounds the flag lowering from above
        "minusma_flag_date": "by 11 December 2023 (inferred)",
        "minusma_flag_day": "by day 164",  # 153 days in July to November, then 11 December
        "minusma_flag_pct": "at most 89%",  # 164 / 184
        "minusma_norway_day": "62",  # 31 days of July + 31 of August
        "minusma_norway_pct": "34%",  # 62 / 184 = 33.7%
        "minusma_norway_closure": "by the end of 2023",
        # "over 170" is above 170, "around 180" 175 to 185: not two points 10 apart
        "minusma_fatalities_range": (
            "over 170 and around 180, together above 170, overlapping in 175 to 185"
        ),
        # 170 / 10.686 = 15.9 (a lower bound, rounded down); 180 (175 to 185) / 10.686
        "minusma_fatalities_per_year": (
            "over 15 (from “over 170”) and around 17 (from “around 180”)"
        ),
        "minusma_positions_vacated": "13",
    }
    assert {k: figures[k] for k in expected} == expected
    assert all(isinstance(v, str) for v in figures.values())


def test_position_in_the_window(events):
    assert minusma.position(events, "flag_lowered") == (164, 164, 184)
    assert minusma.position(events, "norway_announced") == (62, 62, 184)
    with pytest.raises(minusma.TimelineError, match="not inside"):
        minusma.position(events, "request")
    with pytest.raises(minusma.TimelineError, match="more than one date"):
        minusma.position(events, "mandate_end")


def test_a_changed_ledger_date_changes_the_glued_duration(ledger):
    before = minusma.figures(ledger)
    later = replaced(ledger, "C002-11", date="2013-07-01")
    after = minusma.figures(later)
    # 1 July 2013 to 31 December 2023, both included: 3,652 + 184 days.
    assert (before["minusma_lifetime_days"], after["minusma_lifetime_days"]) == ("3,903", "3,836")
    assert after["minusma_established"] == "1 July 2013"
    earlier_vote = minusma.figures(replaced(ledger, "C000-02", date="2023-06-29"))
    assert earlier_vote["minusma_request_to_vote_days"] == "13"
    later_end = replaced(
        replaced(ledger, "C002-05", date="2024-01-31"), "C002-10", date="2024-01-31"
    )
    # without the sources that give only the year of the deadline ("by the end of the year")
    longer = minusma.figures(without(later_end, "C000-15", "C001-09"))
    assert longer["minusma_window_days"] == "215"  # 184 + 31 days of January
    assert longer["minusma_flag_pct"] == "at most 76%"  # 164 / 215
    assert longer["minusma_norway_pct"] == "29%"  # 62 / 215


def test_an_event_outside_the_window_is_refused_not_placed(ledger):
    shorter = replaced(replaced(ledger, "C002-05", date="2023-11-30"), "C002-10", date="2023-11-30")
    with pytest.raises(minusma.TimelineError, match="flag_lowered.*not inside 'withdrawal'"):
        minusma.figures(shorter)


def test_partial_precision_flows_into_the_figures(ledger):
    year_only = replaced(ledger, "C002-11", date="2013")
    figures = minusma.figures(year_only)
    assert figures["minusma_established"] == "2013"
    assert figures["minusma_lifetime_days"] == "between 3,653 and 4,017"
    assert figures["minusma_lifetime_years"] == "between 10.0 and 11.0"
    month_only = without(ledger, "C002-04", "C002-08")  # leaves "June 2023" (C004-14)
    events = minusma.build_events(month_only)
    request = minusma.by_key(events)["request"]
    assert request.dates == ("2023-06",) and request.precision == "month"
    assert minusma.figures(month_only, events)["minusma_request_to_vote_days"] == (
        "between 0 and 29"
    )
    keys = list(minusma.events_table(events)["key"])
    assert keys.index("request") < keys.index("vote") < keys.index("mandate_end")


def test_toll_keeps_every_source_and_qualifier(ledger):
    toll = minusma.toll_table(ledger)
    fatalities = toll[toll["measure"] == "fatalities"]
    assert list(fatalities["as written"]) == ["over 170", "around 180"]
    assert list(fatalities["bound"]) == ["lower bound", "approximate"]
    personnel = toll[toll["measure"] == "personnel"]
    assert set(personnel["source"]) == {"S001", "S003", "S004"}
    assert (fatalities["low"].tolist(), fatalities["high"].isna().tolist()) == (
        [170, 175], [True, False]
    )
    assert minusma.toll_range(toll, "personnel", ledger) == (
        "15,000 in every source that gives it, worded “more than”, “approximately” and “about”"
    )
    (over, low), (around, high) = minusma.annual_fatalities(ledger, (3903, 3903))
    assert low.low == pytest.approx(170 / (3903 / 365.2425)) and low.kind == "lower bound"
    assert high.middle == pytest.approx(180 / (3903 / 365.2425)) and high.kind == "approximate"
    assert minusma.per_year_text([(over, low)]) == "over 15 (from “over 170”)"


def test_toll_range_is_the_intervals_union_and_overlap_in_words(ledger):
    """A range of figures is never "over 170 to around 180", as if two points: it is what the
    intervals the qualifiers make say together, and whether they overlap."""
    toll = minusma.toll_table(ledger)
    worded = minusma.toll_range(toll, "fatalities", ledger)
    assert " to around" not in worded and "overlapping in 175 to 185" in worded
    over_190 = replaced(ledger, "C001-03", quantity="190", value=190)
    toll = minusma.toll_table(over_190)
    assert minusma.toll_range(toll, "fatalities", over_190) == (
        "around 180 and over 190, which do not overlap (together at least 175)"
    )


def test_a_duration_names_both_its_ends(ledger, events):
    """The lifetime counted to the mandate's end (30 June 2023) and to the end of the
    withdrawal (31 December 2023) differ, so the book gives both, each with its end named;
    when the ends coincide it gives one count for both."""
    # 25 April 2013 to 30 June 2023, both included: 3,903 - 184 days of the withdrawal
    table = minusma.durations_table(events).set_index("measure")
    mandate = table.loc["mission's lifetime to the mandate's end (period)"]
    ends = (mandate["from"], mandate["to"], mandate["days"])
    assert ends == ("2013-04-25", "2023-06-30", "3,719")
    # only the claims that state its ends: not C002-03's 1 July reading, nor a year-only "2013"
    assert mandate["claims"].split() == ["C002-11", "C002-07"]
    assert minusma.figures(ledger, events)["minusma_lifetimes"] == (
        "3,719 days (10.2 years) to the mandate's end on 30 June 2023 and 3,903 days "
        "(10.7 years) to the end of the withdrawal on 31 December 2023"
    )
    same = replaced(replaced(ledger, "C002-05", date="2023-06-30"), "C002-10", date="2023-06-30")
    same = replaced(replaced(same, "C002-09", date="2023-06-30"), "C002-03", date="2023-06-30")
    assert minusma.lifetimes_text(minusma.build_events(same)) == (
        "3,719 days (10.2 years) to both the mandate's end on 30 June 2023 and the end of the "
        "withdrawal on 30 June 2023"
    )


def test_durations_table_names_its_claims(events):
    table = minusma.durations_table(events).set_index("measure")
    assert table.loc["mission's lifetime to the end of the withdrawal (period)", "days"] == "3,903"
    assert "C002-11" in table.loc["mission's lifetime to the end of the withdrawal (period)",
                                  "claims"]
    assert table.loc["request to vote (gap)", "days"] == "14"


# --- charts ----------------------------------------------------------------------------------


def test_the_full_span_draws_every_event_from_the_table(events):
    """Over the full span the chart data holds every row of the events table, from columns it
    holds (the book draws the final year only; the decade is a sentence)."""
    table = minusma.events_table(events)
    drawn = minusma.chart_data(table, *minusma.full_window(table))
    assert list(drawn["key"]) == list(table["key"])
    assert set(drawn.columns) <= set(table.columns)


def test_chart_data_is_what_overlaps_the_window(events):
    table = minusma.events_table(events)
    start, end = minusma.zoom_window(table)
    assert (start, end) == ("2023-06", "2024-01")
    assert minusma.full_window(table) == ("2013", "2024")
    keys = set(minusma.chart_data(table, start, end)["key"])
    assert {"request", "norway_closure", "liquidation", "deployment"} <= keys
    assert not keys & {"established", "coup_first", "coup_second"}


# --- sites and quotes ------------------------------------------------------------------------


def test_sites_are_verified_and_filled(corpus, ledger):
    sites = minusma.load_sites(corpus, ledger)
    assert {"Gao", "Timbuktu"} <= set(sites["site"])
    assert "13 positions (not named)" in set(sites["site"])


def test_a_site_quote_not_in_its_source_fails(corpus, ledger, tmp_path):
    path = tmp_path / "sites.csv"
    shutil.copy(minusma.SITES_CSV, path)
    rewrite(path, "closing sites in Gao", "closing sites in Kidal")
    with pytest.raises(ClaimError, match=r"site SITE-02 \(S003\): quote not found verbatim"):
        minusma.load_sites(corpus, ledger, path)


def test_sites_type_no_numbers():
    """Site names and statuses cite figures through {C000-01} placeholders, never digits."""
    with minusma.SITES_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for column in ("site", "status"):
                text = re.sub(r"\{C\d{3}-\d+\}", "", row[column])
                assert not re.search(r"\d", text), (row["id"], column)


def test_prose_quotes_in_the_chapter_are_verbatim(corpus):
    """Every “quotation” typed into the chapter is in a seed, word for word."""
    notebook = nbformat.read(paths.NOTEBOOKS / "20-minusma.ipynb", as_version=4)
    prose = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    typed = [q for q in re.findall(r"“([^”]+)”", prose) if "{glue" not in q]
    assert len(typed) >= 5
    texts = [Located.of(doc.text) for doc in corpus.values()]
    missing = [q for q in typed if not any(t.find(q) for t in texts)]
    assert missing == []


def test_glued_quotes_are_ledger_quotes(corpus, ledger):
    """The chapter's quotes (``minusma_`` rows of data/quotes.csv) are its ledger claims' quotes."""
    quotes = content.load_quotes(corpus, ledger)
    rows = [key for key in quotes if key.startswith("minusma_")]
    assert rows
    with (paths.DATA / "quotes.csv").open(encoding="utf-8") as handle:
        claim_of = {r["key"]: r["claim"] for r in csv.DictReader(handle)}
    for key in rows:
        assert claim_of[key], key
        assert quotes[key][0] == ledger.get(claim_of[key]).quote


def test_derived_dates_are_consistent_with_the_calendar(events):
    flag = minusma.by_key(events)["flag_lowered"]
    assert dt.date.fromisoformat(flag.dates[0]).strftime("%A") == "Monday"


# --- the mandate's end: one status -----------------------------------------------------------


@pytest.fixture(scope="module")
def results(ledger):
    from sahel.chapters import reconciliation

    return reconciliation.run(ledger)


def test_the_mandates_end_has_the_status_the_disagreements_chapter_gives(ledger, results):
    """One home: the status the timeline draws is where the disagreements analysis puts the
    mandate's end. "As of 1 July" and "30 June" name one boundary (the end of one day is the
    start of the next), so it is no flag but the same day, worded differently (issue 21), and
    the timeline draws one day, 30 June 2023, the resolution's (R01)."""
    from sahel.chapters import disagreements, mandate_end

    found = mandate_end.status(ledger, results)
    flags = disagreements.find(ledger, results=results)
    flagged = flags[flags["subjects"].str.split().map(lambda s: mandate_end.SUBJECT in s)]
    assert flagged.empty and found.status == mandate_end.WORDED
    assert found.dates == ("2023-06-30",)
    assert not found.disagree
    figures = mandate_end.figures(found, ledger)
    assert figures["minusma_mandate_end"] == "30 June 2023"
    assert figures["minusma_mandate_end_status"] == "the same day, worded differently"


def test_the_mandates_end_is_worded_differently_without_the_record_too(ledger):
    """The grading is a reading of the wording, not of the record: with no check on the record
    the two days are still one boundary."""
    from sahel.chapters import mandate_end

    found = mandate_end.status(ledger, ())
    assert found.status == mandate_end.WORDED and not found.disagree


def test_settle_draws_one_row_with_its_status(events, ledger, results):
    from sahel.chapters import mandate_end

    table = minusma.events_table(events)
    drawn = minusma.settle(table, "mandate_end", mandate_end.status(ledger, results))
    row = drawn.set_index("key").loc["mandate_end"]
    assert (row["dates"], row["status"]) == ("2023-06-30", "the same day, worded differently")
    assert set(drawn[drawn["key"] != "mandate_end"]["status"]) == {""}
    assert table.set_index("key").loc["mandate_end", "dates"] == "2023-06-30; 2023-07-01"
    assert "status" in minusma.chart_data(drawn, "2023-06", "2024-01")
    with pytest.raises(minusma.TimelineError, match="no event 'nothing'"):
        minusma.settle(table, "nothing", mandate_end.status(ledger, results))


def test_the_final_year_is_titled_with_its_point(ledger, events):
    """16 June 2023 to 31 December 2023: 14 days left in June, then 31 + 31 + 30 + 31 + 30 + 31
    = 184, so 198 days (the first day not counted)."""
    assert minusma.final_year_title(ledger, events) == (
        "MINUSMA was gone 198 days after Mali asked it to leave"
    )
    assert minusma.answer_figures(ledger, events)["minusma_request_to_end_days"] == "198"
    assert "minusma_request_to_end_days" not in minusma.figures(ledger, events)  # summary as was


def test_the_sites_table_shows_three_columns(corpus, ledger):
    """Four columns scrolled sideways at 390 px; the status now follows its site."""
    sites = minusma.load_sites(corpus, ledger)
    shown = minusma.sites_shown(sites, corpus)
    assert list(shown.columns) == ["site and status", "source", "quote"]
    assert "Gao — sites being closed" in set(shown["site and status"])
    assert list(sites.columns) == list(minusma.SITE_COLUMNS)  # the CSV keeps them apart
