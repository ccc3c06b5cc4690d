"""How figures are written on the page (sahel.formatting) and what qualifiers mean."""

import pytest

from sahel.chapters import checks
from sahel.evidence import qualifiers
from sahel.evidence.qualifiers import worded
from sahel.formatting import (
    count_word,
    fmt_date,
    fmt_range,
    fmt_span,
    nok,
    percent,
    usd_million,
    whole_percent,
)


def test_mali_share_of_the_2022_sahel_total():
    assert checks.part_of(180_000_000, 745_000_000) == pytest.approx(0.241610738)
    assert percent(checks.part_of(180_000_000, 745_000_000)) == "24.2%"
    with pytest.raises(ValueError, match="cannot be part of"):
        checks.part_of(800_000_000, 745_000_000)


def test_percent_rounds_half_up():
    assert percent(78 / 96) == "81.3%"
    assert percent(1 / 96) == "1.0%"
    assert percent(78 / 96, 0) == "81%"


def test_nok_and_qualifier_formatting():
    assert nok(745_000_000) == "NOK 745 million"
    assert nok(1_500) == "NOK 1,500"
    assert worded("NOK 450 million", "close to") == "close to NOK 450 million"
    assert worded("NOK 745 million", "exact") == "NOK 745 million"


def test_dates_and_counts_in_words():
    assert fmt_date("2023-08-31") == "31 August 2023"
    assert fmt_date("2023-06") == "June 2023"
    assert fmt_date("2023") == "2023"
    assert count_word(5) == "five" and count_word(96) == "96"


def test_dates_in_prose():
    assert fmt_date("2013-04-25") == "25 April 2013"


def test_spans_of_partial_dates_in_words():
    assert fmt_span("2016-01", "2016-11") == "January to November 2016"
    assert fmt_span("2013-09", "2016") == "September 2013 to 2016"
    assert fmt_span("2022-11", "2022-11") == "November 2022"
    assert fmt_span("2016-01", "2016-11", short=True) == "Jan to Nov 2016"
    assert fmt_span("2014", "2022-11", short=True) == "2014 to Nov 2022"


def test_usd_amounts_as_published_never_converted():
    assert usd_million(15.95) == "USD 15.95 million"
    assert usd_million(13.3) == "USD 13.30 million"
    assert usd_million(-0.01) == "USD -0.01 million"


def test_ranges_collapse_when_written_alike():
    assert fmt_range(62, 62) == "62"
    assert fmt_range(0.3369, 0.3370, whole_percent) == "34%"
    assert fmt_range(16.1, 17.4, "{:.0f}") == "between 16 and 17"


def test_every_ledger_qualifier_has_one_meaning():
    assert qualifiers.bound("over") == qualifiers.bound("more than") == qualifiers.LOWER
    assert qualifiers.bound("around") == qualifiers.APPROXIMATE
    assert qualifiers.bound("by the end of") == qualifiers.UPPER
    assert qualifiers.is_lower_bound("over") and not qualifiers.is_lower_bound("about")
    with pytest.raises(qualifiers.QualifierError, match="roughly"):
        qualifiers.bound("roughly")
    with pytest.raises(qualifiers.QualifierError):
        worded("170", "roughly")


def test_the_ledger_uses_only_known_qualifiers(ledger):
    assert {c.qualifier for c in ledger} <= set(qualifiers.QUALIFIERS)
