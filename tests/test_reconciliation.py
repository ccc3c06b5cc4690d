"""The seeds against the record: the verdicts of the fatality and personnel figures, pinned, and
the rules that can turn them."""

import datetime as dt

import pytest

from sahel.chapters import reconciliation as rec
from sahel.evidence import record
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
