"""The seeds against the record: the verdicts of the fatality and personnel figures, pinned, and
the rules that can turn them."""

import datetime as dt
import re

import pytest

from sahel.chapters import reconciliation as rec
from sahel.evidence import record
from sahel.evidence.claims import ClaimError
from sahel.evidence.registry import load_registry


@pytest.fixture(scope="module")
def deaths():
    return record.fatalities("R-UNFAT-2025")


@pytest.fixture(scope="module")
def seeds():
    return {s.id: s for s in load_registry()}


def test_deaths_by_the_end_of_august_2023(deaths):
    day = dt.date(2023, 8, 31)
    assert rec.deaths_by(deaths, day, rec.MALICIOUS) == 174
    assert rec.deaths_by(deaths, day, rec.ALL_CAUSES) == 310
    assert rec.deaths_by(deaths, dt.date(2025, 4, 4), rec.ALL_CAUSES) == 311


def test_over_170_is_consistent_on_every_day_of_its_window(ledger, seeds, deaths):
    claim = ledger.get("C001-03")
    result = rec.check_deaths(claim, seeds[claim.source], deaths, rec.MALICIOUS)
    assert (result.first_day, result.last_day) == (dt.date(2023, 8, 31), dt.date(2023, 12, 31))
    assert (result.record_first, result.record_last, result.verdict) == (174, 174, rec.CONSISTENT)


def test_around_180_is_inconsistent_within_its_rounding(ledger, seeds, deaths):
    claim = ledger.get("C003-08")
    result = rec.check_deaths(claim, seeds[claim.source], deaths, rec.MALICIOUS)
    assert (result.record_first, result.verdict) == (174, rec.INCONSISTENT)
    assert "±5 (175 to 185)" in result.rule


def test_ten_malicious_act_rows_fewer_make_over_170_inconsistent(ledger, seeds, deaths):
    malicious = deaths[
        (deaths["mission_acronym"] == "MINUSMA") & (deaths["type_of_incident"] == record.MALICIOUS)
    ]
    fewer = deaths.drop(malicious.index[:10])
    claim = ledger.get("C001-03")
    result = rec.check_deaths(claim, seeds[claim.source], fewer, rec.MALICIOUS)
    assert (result.record_first, result.verdict) == (164, rec.INCONSISTENT)


def test_the_15000_figures_count_the_authorised_ceiling(ledger, seeds):
    facts = record.facts()
    for claim_id in ("C001-02", "C003-07", "C004-15"):
        claim = ledger.get(claim_id)
        result = rec.check_personnel(claim, seeds[claim.source], facts, "personnel in Mali")
        assert (result.record_first, result.verdict) == (13289 + 1920, rec.SOMETHING_ELSE)


def test_before_any_ceiling_the_record_does_not_cover(ledger, seeds):
    facts = record.facts()
    assert rec.ceiling_on(facts, dt.date(2013, 1, 1)) == (None, None)
    assert rec.ceiling_on(facts, dt.date(2018, 7, 1))[1]["id"] == "R06"


@pytest.mark.parametrize(("quantity", "unit"), [("180", 10), ("15,000", 1000), ("174", 1)])
def test_rounding_unit_is_read_from_the_figure_as_written(ledger, quantity, unit):
    claim = ledger.get("C003-08")
    assert rec.rounding_unit(type(claim)(**{**claim.__dict__, "quantity": quantity})) == unit


@pytest.fixture(scope="module")
def results(ledger, seeds, deaths):
    facts = record.facts()
    plan = rec.load_plan(ledger, facts_frame=facts)
    return {
        row.id: result
        for row, result in rec.reconcile(plan, ledger, seeds, facts, {"R-UNFAT-2025": deaths})
    }


VERDICTS = {
    "X-01": ("C001-03", 174, 174, rec.CONSISTENT),
    "X-02": ("C003-08", 174, 174, rec.INCONSISTENT),
    "X-03": ("C001-02", 15209, 15209, rec.SOMETHING_ELSE),
    "X-04": ("C003-07", 15209, 15209, rec.SOMETHING_ELSE),
    "X-05": ("C004-15", 15209, 15209, rec.SOMETHING_ELSE),
    "X-06": ("C004-15", 11200 + 1440, 15209, rec.INCONSISTENT),
    "X-07": ("C000-02", dt.date(2023, 6, 30), dt.date(2023, 6, 30), rec.CONSISTENT),
    "X-08": ("C002-07", dt.date(2023, 6, 30), dt.date(2023, 6, 30), rec.CONSISTENT),
    "X-09": ("C002-03", dt.date(2023, 6, 30), dt.date(2023, 6, 30), rec.INCONSISTENT),
    "X-10": ("C002-09", dt.date(2023, 7, 1), dt.date(2023, 7, 1), rec.CONSISTENT),
    "X-11": ("C002-10", dt.date(2023, 12, 31), dt.date(2023, 12, 31), rec.SOMETHING_ELSE),
    "X-12": ("C002-05", dt.date(2023, 12, 31), dt.date(2023, 12, 31), rec.CONSISTENT),
    "X-13": ("C003-04", dt.date(2024, 1, 1), dt.date(2024, 1, 1), rec.CONSISTENT),
    "X-14": ("C000-10", 95, 95, rec.CONSISTENT),
    "X-15": ("C000-09", dt.date(2023, 1, 1), dt.date(2023, 8, 31), rec.SOMETHING_ELSE),
}


def test_every_planned_check_gives_its_pinned_verdict(results):
    got = {k: (r.claim, r.record_first, r.record_last, r.verdict) for k, r in results.items()}
    assert got == VERDICTS


def test_throughout_the_decade_fails_on_the_2013_ceiling(results):
    assert "fails for 12,640 (25 April 2013)" in results["X-06"].rule


def test_the_2023_humanitarian_figure_counts_the_year_to_date(results):
    assert "the record the year to date" in results["X-15"].rule


PLAN_HEADER = ",".join(rec.PLAN_COLUMNS)


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("X-01,C999-01,date,R01,a,a", "unknown claim 'C999-01'"),
        ("X-01,C000-02,date,R99,a,a", "unknown record fact(s) R99"),
        ("X-01,C000-02,guess,R01,a,a", "unknown measure 'guess'"),
        ("X-01,C001-03,deaths: malicious acts,R01,a,a", "is not one fatalities dataset"),
        ("X-01,C001-03,deaths: malicious acts,R-OFFICIAL,a,a", "is not one fatalities dataset"),
        ("X-01,C000-02,date,R01 R02,a,a", "reads one record id, got 2"),
        ("X-01,C000-02,date,R01,the first 170,a", "typed into seed_counts: 170"),
        ("X-01,C000-02,date,R01,a, ", "record_counts is empty"),
    ],
)
def test_a_bad_plan_row_names_file_line_and_problem(ledger, tmp_path, row, problem):
    path = tmp_path / "reconciliation.csv"
    path.write_text(f"{PLAN_HEADER}\n{row}\n", encoding="utf-8")
    with pytest.raises(
        ClaimError, match=r"reconciliation\.csv: line 2: X-01: .*" + re.escape(problem)
    ):
        rec.load_plan(ledger, path)


def test_a_date_qualifier_sets_the_direction_of_its_test(ledger):
    by = ledger.get("C002-05")  # "by December 31, 2023"
    assert rec.date_holds(by, dt.date(2023, 12, 30))[0]
    assert not rec.date_holds(by, dt.date(2024, 1, 1))[0]
    following = ledger.get("C003-04")  # "following January 1"
    assert rec.date_holds(following, dt.date(2024, 1, 2))[0]
    assert not rec.date_holds(following, dt.date(2023, 12, 31))[0]
