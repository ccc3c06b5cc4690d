"""The reconciliation's rules at their boundaries: the record's count exactly at the seed's
figure, one either side, and the day exactly at a date's bound (``bears_out``, ``date_holds``).
"""

import datetime as dt
from dataclasses import replace

import pytest

from sahel.chapters import reconciliation as rec


@pytest.mark.parametrize(
    ("count", "holds"),
    [(169, False), (170, False), (171, True)],  # "over 170": strictly above, not at the bound
)
def test_over_is_strictly_above_its_figure(ledger, count, holds):
    claim = ledger.get("C001-03")  # "with over 170 peacekeepers killed"
    assert (claim.qualifier, claim.value) == ("over", 170)
    passed, rule = rec.bears_out(claim, count)
    assert passed is holds
    assert rule == "over 170: a lower bound; holds if the record's count is above 170"


@pytest.mark.parametrize(
    ("count", "holds"),
    [(174, False), (175, True), (180, True), (185, True), (186, False)],  # "around 180": ±5
)
def test_around_holds_within_half_its_rounding_unit_inclusive(ledger, count, holds):
    claim = ledger.get("C003-08")  # "around 180 members losing their lives"
    passed, rule = rec.bears_out(claim, count)
    assert passed is holds
    assert rule.endswith(
        "written to the nearest 10; at the standard tolerance holds within ±5 (175 to 185)"
    )


@pytest.mark.parametrize(("count", "holds"), [(173, False), (174, True), (175, False)])
def test_exact_holds_only_at_its_figure(ledger, count, holds):
    claim = replace(ledger.get("C001-03"), qualifier="exact", quantity="174", value=174)
    passed, rule = rec.bears_out(claim, count)
    assert passed is holds
    assert rule == "174: exact; holds if the record's count equals it"


def test_a_qualifier_without_a_numeric_test_is_refused(ledger):
    claim = replace(ledger.get("C001-03"), qualifier="by")
    with pytest.raises(ValueError, match=r"claim C001-03: qualifier 'by' sets no numeric test"):
        rec.bears_out(claim, 171)


@pytest.mark.parametrize(
    ("claim_id", "day", "holds"),
    [
        ("C002-05", dt.date(2023, 12, 31), True),  # "by December 31, 2023": on the day holds
        ("C002-05", dt.date(2024, 1, 1), False),
        ("C003-04", dt.date(2024, 1, 1), True),  # "following January 1": from the day on
        ("C003-04", dt.date(2023, 12, 31), False),
    ],
)
def test_date_bounds_include_their_day(ledger, claim_id, day, holds):
    assert rec.date_holds(ledger.get(claim_id), day)[0] is holds


@pytest.mark.parametrize(
    ("day", "holds"),
    [(dt.date(2023, 6, 29), False), (dt.date(2023, 6, 30), True), (dt.date(2023, 7, 1), False)],
)
def test_an_exact_date_holds_on_its_day_only(ledger, day, holds):
    claim = ledger.get("C000-02")  # "On 30 June" (2023)
    passed, rule = rec.date_holds(claim, day)
    assert passed is holds
    assert rule.endswith(": exact; holds if the record's day is it")


@pytest.mark.parametrize(
    ("quantity", "problem"), [("170.5", "is not a whole number"), ("000", "is not a whole")]
)
def test_rounding_unit_refuses_what_is_not_a_whole_number(ledger, quantity, problem):
    with pytest.raises(ValueError, match=problem):
        rec.rounding_unit(replace(ledger.get("C003-08"), quantity=quantity))


# --- what the mutation run found unpinned (bench/mutation.json) -------------------------------


@pytest.fixture(scope="module")
def deaths():
    from sahel.evidence import record

    return record.fatalities("R-UNFAT-2025")


def test_a_death_on_the_day_itself_counts(deaths):
    """``deaths_by`` counts incidents on or before the day: the day's own deaths included."""
    minusma = deaths[deaths["mission_acronym"] == "MINUSMA"]
    dates = minusma["incident_date"].astype(str).str[:10]
    day = dt.date.fromisoformat(dates.max())  # 10 November 2023
    on_day = int((dates == day.isoformat()).sum())
    assert on_day >= 1
    before = rec.deaths_by(deaths, day - dt.timedelta(days=1), rec.ALL_CAUSES)
    assert rec.deaths_by(deaths, day, rec.ALL_CAUSES) == before + on_day == len(minusma)


def test_other_missions_and_other_causes_are_not_counted(deaths):
    day = dt.date(2025, 4, 4)
    minusma = deaths[deaths["mission_acronym"] == "MINUSMA"]
    assert rec.deaths_by(deaths, day, rec.ALL_CAUSES) == len(minusma) < len(deaths)
    malicious = int((minusma["type_of_incident"] == "Malicious Act").sum())
    assert rec.deaths_by(deaths, day, rec.MALICIOUS) == malicious
    with pytest.raises(ValueError, match=r"unknown scope 'hostile'"):
        rec.deaths_by(deaths, day, "hostile")


def test_a_day_the_record_does_not_cover_is_not_covered(ledger, seeds):
    claim = ledger.get("C001-03")
    source = seeds[claim.source]
    result = rec.check(claim, source, lambda day: None, "deaths", "deaths")
    first, last = rec.seed_window(source)
    assert result == rec.Reconciled(
        claim.id, source.id, "over 170", first, last, None, None, rec.NOT_COVERED,
        "the record holds no figure for the seed's date",
    )
    only_first = rec.check(claim, source, lambda day: 174 if day == first else None, "d", "d")
    assert (only_first.record_first, only_first.record_last) == (174, None)
    assert only_first.verdict == rec.NOT_COVERED


def test_check_judges_both_ends_of_the_window(ledger, seeds):
    claim = ledger.get("C001-03")  # over 170
    source = seeds[claim.source]
    first, last = rec.seed_window(source)
    assert first != last
    for low, high, verdict in ((171, 171, rec.CONSISTENT), (170, 171, rec.INCONSISTENT),
                               (171, 170, rec.INCONSISTENT)):
        result = rec.check(claim, source, lambda d, a=low, b=high: a if d == first else b,
                           "deaths", "deaths")
        assert (result.record_first, result.record_last, result.verdict) == (low, high, verdict)
        assert result.rule == "over 170: a lower bound; holds if the record's count is above 170"
    other = rec.check(claim, source, lambda d: 171, "deaths", "all deaths")
    assert other.verdict == rec.SOMETHING_ELSE
    assert other.rule.endswith("; the seed counts deaths, the record all deaths")


@pytest.fixture(scope="module")
def seeds():
    from sahel.evidence.registry import load_registry

    return {s.id: s for s in load_registry()}
