"""Partial dates as spans of days, and the arithmetic on them (sahel.dates)."""

import pytest

from sahel import dates
from sahel.formatting import fmt_days, fmt_range

# --- partial dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("iso", "first", "last", "days"),
    [
        ("2023-06-16", "2023-06-16", "2023-06-16", 1),
        ("2023-06", "2023-06-01", "2023-06-30", 30),
        ("2024-02", "2024-02-01", "2024-02-29", 29),
        ("2023", "2023-01-01", "2023-12-31", 365),
    ],
)
def test_a_partial_date_is_the_span_of_days_it_may_mean(iso, first, last, days):
    s = dates.span(iso)
    assert (s.first.isoformat(), s.last.isoformat(), s.days) == (first, last, days)
    assert s.precision == {1: "day", 29: "month", 30: "month", 365: "year"}[days]


def test_durations_between_day_precise_dates():
    assert dates.gap_days("2023-06-16", "2023-06-30") == (14, 14)
    assert dates.period_days("2023-07-01", "2023-12-31") == (184, 184)
    # 25 April 2013 to 25 April 2023 is 3,652 days (29 February 2016 and 2020), then 250 more
    # to 31 December 2023; counting both ends adds one.
    assert dates.period_days("2013-04-25", "2023-12-31") == (3903, 3903)


def test_durations_with_a_month_only_and_a_year_only_date():
    # "June 2023" to 30 June: the request may have come on 1 June (29 days) or 30 June (0).
    assert dates.gap_days("2023-06", "2023-06-30") == (0, 29)
    # "2013" to 31 December 2023: from 31 Dec 2013 (3,653 days) or from 1 Jan 2013
    # (11 years, two leap days: 4,017 days).
    assert dates.period_days("2013", "2023-12-31") == (3653, 4017)
    # June 2023 to "2024": from 30 June 2023 to 1 January 2024 (185 days, plus one), or from
    # 1 June 2023 to 31 December 2024 (366 days to 1 June 2024, 213 more, plus one).
    assert dates.period_days("2023-06", "2024") == (186, 580)
    with pytest.raises(dates.DateError, match="may end before it begins"):
        dates.period_days("2023-06", "2023")
    assert fmt_range(*dates.gap_days("2023-06", "2023-06-30")) == "between 0 and 29"
    assert fmt_days(1, 1) == "1 day"
    assert fmt_days(0, 29) == "between 0 and 29 days"


def test_ordering_partial_dates():
    assert dates.before("2023-06", "2023-07-01") is True
    assert dates.before("2023-06", "2023-06-16") is None  # June may be before or after
    assert dates.before("2023", "2023-06") is None
    assert dates.before("2024-01-01", "2023") is False
    assert dates.before("2020", "2021") is True
    given = ["2023", "2023-06-16", "2023-06", "2022-12-31"]
    assert sorted(given, key=dates.sort_key) == ["2022-12-31", "2023", "2023-06", "2023-06-16"]


def test_readings_keep_the_most_precise_compatible_date_and_every_conflict():
    assert dates.readings(["2013", "2013-04-25", "2013"]) == ("2013-04-25",)
    assert dates.readings(["2023-06", "2023-06-16"]) == ("2023-06-16",)
    assert dates.readings(["2023-07-01", "2023-06-30"]) == ("2023-06-30", "2023-07-01")
    assert dates.readings(["2024", "2023-06-16"]) == ("2023-06-16", "2024")


def test_weekday_before_a_dateline():
    assert dates.weekday_of("2023-12-12") == "Tuesday"
    assert dates.weekday_before("2023-12-12", "Monday") == "2023-12-11"
    assert dates.weekday_before("2023-12-11", "Monday") == "2023-12-04"  # strictly before
    assert dates.weekday_before("2023-12-12", "Tuesday") == "2023-12-05"
    with pytest.raises(dates.DateError, match="full date"):
        dates.weekday_before("2023-12", "Monday")
    with pytest.raises(dates.DateError, match="not a weekday"):
        dates.weekday_before("2023-12-12", "Mardi")


def test_day_counts_and_a_wrong_order():
    assert dates.gap_days("2023-06-30", "2023-08-31") == (62, 62)
    assert dates.years(dates.DAYS_PER_YEAR) == 1


def test_year_position_places_a_day_on_a_year_axis():
    year_position = dates.year_position
    assert year_position("2013-01-01") == 2013.0
    assert year_position("2023-12-31", end=True) == 2024.0
    assert year_position("2023-07-01") == 2023 + 181 / 365
    assert year_position("2024-07-01") == 2024 + 182 / 366  # a leap year
    assert year_position("2023", end=True) == 2024.0
