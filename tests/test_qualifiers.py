"""Qualifiers as intervals: the tolerance rule, overlap, and derived figures keeping them."""

import dataclasses
import math

import pytest

from sahel.evidence import qualifiers as q
from sahel.formatting import figure


def claim(ledger, quantity, value, qualifier):
    base = ledger.one("minusma.fatalities", "S001")
    return dataclasses.replace(base, quantity=quantity, value=value, qualifier=qualifier)


@pytest.mark.parametrize(
    ("quantity", "value", "unit"),
    [
        ("180", 180, 10),
        ("170", 170, 10),
        ("15,000", 15_000, 1_000),
        ("NOK 450 million", 450_000_000, 10_000_000),
        ("$2.6 billion", 2_600_000_000, 100_000_000),
        ("183", 183, 1),
        ("a decade", 10, 1),
        ("0", 0, 1),
    ],
)
def test_rounding_unit_is_the_place_of_the_last_non_zero_digit(quantity, value, unit):
    assert q.rounding_unit(quantity, value) == pytest.approx(unit)


def test_each_qualifier_kind_is_an_interval(ledger):
    around = q.interval(ledger.get("C003-08"))  # around 180
    assert (around.low, around.high, around.kind) == (175, 185, q.APPROXIMATE)
    over = q.interval(ledger.get("C001-03"))  # over 170
    assert (over.low, over.high, over.kind, over.low_open) == (170, math.inf, q.LOWER, True)
    about = q.interval(ledger.get("C004-15"))  # about 15,000
    assert (about.low, about.high) == (14_500, 15_500)
    exact = q.interval(ledger.get("C000-11"))  # 78 embassies
    assert (exact.low, exact.high, exact.kind) == (78, 78, q.AS_STATED)
    upto = q.interval(claim(ledger, "12", 12, "by"))
    assert (upto.low, upto.high, upto.kind) == (-math.inf, 12, q.UPPER)
    with pytest.raises(q.QualifierError):
        q.interval(ledger.get("C000-03"))  # a date has no interval of values


def test_overlapping_intervals_do_not_disagree_in_value(ledger):
    """ "over 170" and "around 180" (175 to 185) overlap; "over 190" and "around 180" do not."""
    assert q.overlap(q.interval(ledger.get("C001-03")), q.interval(ledger.get("C003-08")))
    over_190 = q.interval(claim(ledger, "190", 190, "over"))
    assert not q.overlap(over_190, q.interval(ledger.get("C003-08")))
    # a lower bound excludes its own figure: "over 185" does not reach "around 180"'s 185
    assert not q.overlap(
        q.interval(claim(ledger, "185", 185, "over")), q.interval(ledger.get("C003-08"))
    )
    assert q.overlap(
        q.interval(claim(ledger, "180", 180, "exact")), q.interval(ledger.get("C003-08"))
    )


def test_a_rate_keeps_its_qualifier(ledger):
    """A lower bound over a span is still a lower bound, written with "over", rounded down."""
    years = 3903 / 365.2425
    rate = q.interval(ledger.get("C001-03")).divided(years)
    assert rate.kind == q.LOWER and rate.low == pytest.approx(170 / years)
    assert q.words(rate) == "over 15"  # 15.9…: "over 16" would not be true
    around = q.interval(ledger.get("C003-08")).divided((years, years))
    assert around.kind == q.APPROXIMATE
    assert (around.low, around.high) == (pytest.approx(175 / years), pytest.approx(185 / years))
    assert q.words(around) == "around 17"
    exact = q.interval(ledger.get("C000-11")).divided(2)
    assert q.words(exact) == "39"


def test_a_difference_carries_the_interval(ledger):
    around = q.interval(ledger.get("C003-08"))
    gap = q.interval(claim(ledger, "200", 200, "exact")).minus(around)
    assert (gap.low, gap.high, gap.kind) == (15, 25, q.APPROXIMATE)
    open_gap = q.interval(claim(ledger, "200", 200, "over")).minus(around)
    assert open_gap.kind == q.LOWER
    assert q.range_text(open_gap, figure) == "at least 15"


def test_the_union_and_overlap_of_intervals(ledger):
    """ "over 170" and "around 180" together are above 170 and share 175 to 185; "over 190"
    and "around 180" share nothing; an end only one interval leaves open stays in the union."""
    over, around = q.interval(ledger.get("C001-03")), q.interval(ledger.get("C003-08"))
    assert q.range_text(q.hull([over, around]), figure) == "above 170"
    shared = q.common([over, around])
    assert (shared.low, shared.high, shared.kind) == (175, 185, q.APPROXIMATE)
    assert q.common([q.interval(claim(ledger, "190", 190, "over")), around]) is None
    assert q.common([q.interval(claim(ledger, "185", 185, "over")), around]) is None
    exact = q.interval(claim(ledger, "170", 170, "exact"))
    assert q.range_text(q.hull([over, exact]), figure) == "at least 170"
    assert q.common([over, exact]) is None


def test_around_has_a_stated_tolerance_and_a_stricter_and_a_looser(ledger):
    """ "around 180" is 175 to 185 at the report's tolerance (half the rounding unit), 177.5 to
    182.5 at the stricter and 170 to 190 at the looser; "15,000" is ±500, ±250 and ±1,000.
    Each width states its reason; an unknown width is refused."""
    around = ledger.get("C003-08")
    spans = {w: (q.interval(around, w).low, q.interval(around, w).high) for w in q.TOLERANCES}
    assert spans == {"stricter": (177.5, 182.5), "standard": (175, 185), "looser": (170, 190)}
    assert q.interval(around) == q.interval(around, q.STANDARD)
    widths = [q.tolerance("15,000", 15000, w) for w in q.TOLERANCES]
    assert widths == [250, 500, 1000]
    assert all(reason for _, reason in q.TOLERANCES.values())
    with pytest.raises(q.QualifierError, match="no tolerance is named 'wide'"):
        q.tolerance("180", 180, "wide")
