"""What a claim's qualifier says about its figure: the one home for qualifier meaning.

Every qualifier the ledger accepts is listed here with the kind of bound it makes of the figure
it qualifies ("over 170" is a lower bound, "around 180" an approximation, "by the end of 2023"
an upper bound on a date). The ledger's check (``claims``), the MINUSMA chapter's toll, the
disagreements detector, the relations chapter's charts and the way a figure is written back
("over 170") all read it from here.

A figure is read as an :class:`Interval` (:func:`interval`):

- *as stated* ("exact", "as of"): the point itself;
- *lower bound* ("over", "more than", "since", "following"): above the figure, open-ended;
  "at least" also allows the figure itself. A plural number word with no count before it
  states only a floor (:func:`sahel.evidence.numberwords.read`): "thousands" is at least
  2,000, "hundreds of thousands" at least 200,000. Its qualifier is "at least", implied by the
  word rather than written before it (:func:`implied`), so it is written back as the source
  words it ("thousands", never "at least thousands");
- *upper bound* ("by", "by the end of"): at most the figure;
- *approximate* ("around", "about", "approximately", "close to"): the figure plus or minus
  :func:`tolerance`, half the figure's rounding unit as written — the place of its last
  non-zero digit: "180" is rounded to tens, so 175 to 185; "15,000" to thousands, so 14,500 to
  15,500; "NOK 450 million" to tens of millions, so NOK 445 to 455 million; a figure with
  decimals to its last decimal place; a number word ("a decade") to one.

Derived figures (sums, differences, rates) are computed on intervals and keep their kind and
qualifier (:meth:`Interval.divided`, :meth:`Interval.minus`), so a rate worked out from
"over 170" is written "over 16", never a bare number. Two figures disagree in value only when
their intervals do not overlap (:func:`overlap`).
"""

import math
import re
from dataclasses import dataclass, replace

from sahel.evidence import numberwords

EXACT = "exact"
LOWER = "lower bound"
UPPER = "upper bound"
APPROXIMATE = "approximate"
AS_STATED = "as stated"

#: qualifier as the ledger writes it -> the bound it makes of the figure
BOUNDS = {
    EXACT: AS_STATED,
    "more than": LOWER,
    "over": LOWER,
    "at least": LOWER,
    "about": APPROXIMATE,
    "around": APPROXIMATE,
    "approximately": APPROXIMATE,
    "close to": APPROXIMATE,
    "since": LOWER,
    "following": LOWER,
    "by": UPPER,
    "by the end of": UPPER,
    "as of": AS_STATED,
}
QUALIFIERS = tuple(BOUNDS)
#: the qualifier a plural number word implies ("thousands": at least 2,000)
IMPLIED = "at least"
#: how a plural number word is read, for the method note
PLURAL_RULE = (
    "a plural number word with no count before it is a lower bound of two of its unit: "
    "“thousands” means at least 2,000 and “hundreds of thousands” at least 200,000"
)
#: The words a derived figure is written with when its kind has no qualifier of its own.
DERIVED_WORDS = {LOWER: "over", UPPER: "up to", APPROXIMATE: "around", AS_STATED: EXACT}
TOLERANCE_RULE = (
    "an approximate figure stands for the figure plus or minus half its rounding unit as "
    "written (the place of its last non-zero digit)"
)
#: How wide "around" may be, as fractions of the figure's rounding unit either side, each with
#: its reason. The report's verdicts use ``STANDARD``; a check of an approximate figure is also
#: shown under the stricter and the looser width, and is settled only if all three agree.
STRICTER, STANDARD, LOOSER = "stricter", "standard", "looser"
TOLERANCES = {
    STRICTER: (
        0.25,
        "a quarter of the rounding unit either side: a writer who had the count at hand and "
        "rounded it only a little",
    ),
    STANDARD: (
        0.5,
        "half the rounding unit either side: every count that rounds to the figure as written "
        "(the report's rule)",
    ),
    LOOSER: (
        1.0,
        "a whole rounding unit either side: a figure rounded twice, or from a count that "
        "moved while the text was written",
    ),
}
_DIGITS = re.compile(r"(\d[\d,]*)(?:\.(\d+))?")


class QualifierError(ValueError):
    """A qualifier the report does not know the meaning of."""


def bound(qualifier):
    """The kind of bound ``qualifier`` makes: "lower bound", "approximate", "as stated"…"""
    try:
        return BOUNDS[qualifier]
    except KeyError:
        raise QualifierError(f"no meaning is known for qualifier {qualifier!r}") from None


def is_lower_bound(qualifier):
    """True for "over", "more than", "since"…: the figure is a floor, the truth may be higher."""
    return bound(qualifier) == LOWER


def is_upper_bound(qualifier):
    """True for "by", "by the end of": a deadline or ceiling, the truth may be lower (earlier)."""
    return bound(qualifier) == UPPER


def implied(quantity):
    """The qualifier the quantity's own words imply ("thousands": "at least"), or None."""
    return IMPLIED if numberwords.is_lower_bound(quantity) else None


def worded(text, qualifier):
    """Put the source's qualifier before a written figure ("close to NOK 450 million"); a
    qualifier the figure's own words imply is not repeated ("thousands")."""
    bound(qualifier)
    return text if qualifier in (EXACT, implied(text)) else f"{qualifier} {text}"


def as_written(claim):
    """The claim as its source words it: qualifier and quantity ("over 170", "thousands")."""
    return worded(claim.quantity, claim.qualifier)


# --- intervals -----------------------------------------------------------------------------------


def rounding_unit(quantity, value):
    """The unit a written figure is rounded to: "180" -> 10, "15,000" -> 1,000,
    "NOK 450 million" -> 10,000,000, "2.6 billion" -> 100,000,000, "a decade" -> 1."""
    match = _DIGITS.search(quantity)
    if not match:
        return 1
    whole, decimals = match.group(1).replace(",", ""), match.group(2)
    written = int(whole) + (int(decimals) / 10 ** len(decimals) if decimals else 0)
    scale = value / written if written else 1
    if decimals:
        places = len(decimals.rstrip("0")) or 0
        unit = 10.0**-places if places else 10 ** (len(whole) - len(whole.rstrip("0")))
    else:
        unit = 10 ** (len(whole) - len(whole.rstrip("0"))) if whole.strip("0") else 1
    return unit * scale


def tolerance(quantity, value, width=STANDARD):
    """Half the rounding unit of the figure as written (see :func:`rounding_unit`), or the
    share of it that ``width`` (one of :data:`TOLERANCES`) allows either side."""
    try:
        share = TOLERANCES[width][0]
    except KeyError:
        raise QualifierError(f"no tolerance is named {width!r}") from None
    return rounding_unit(quantity, value) * share


@dataclass(frozen=True)
class Interval:
    """Where a figure may lie: ``low`` to ``high`` (``±inf`` when open-ended), its ``kind``
    (as stated, lower bound, upper bound, approximate) and the ``qualifier`` it is worded with.
    A lower bound excludes its own figure ("over 170" is not 170), so ``low_open`` is set."""

    low: float
    high: float
    kind: str
    qualifier: str = EXACT
    low_open: bool = False
    high_open: bool = False

    @property
    def middle(self):
        """The figure the interval is written around (its finite end if it is open-ended)."""
        if math.isinf(self.low):
            return self.high
        if math.isinf(self.high):
            return self.low
        return (self.low + self.high) / 2

    def divided(self, by):
        """This interval over a positive divisor, a number or a ``(low, high)`` range: a rate
        keeps the kind and qualifier of the figure it is made from."""
        lo, hi = (by, by) if isinstance(by, int | float) else by
        if lo <= 0 or hi < lo:
            raise ValueError(f"divide by a positive range, not {by!r}")
        return replace(self, low=self.low / hi, high=self.high / lo)

    def minus(self, other):
        """The interval of ``self - other``; its kind follows from which ends are finite."""
        low, high = self.low - other.high, self.high - other.low
        approximate = APPROXIMATE in (self.kind, other.kind)
        return Interval(low, high, _kind(low, high, approximate), _word(low, high, approximate))

    def contains(self, x):
        above = x > self.low if self.low_open else x >= self.low
        below = x < self.high if self.high_open else x <= self.high
        return above and below


def _kind(low, high, approximate):
    if math.isinf(high) and not math.isinf(low):
        return LOWER
    if math.isinf(low) and not math.isinf(high):
        return UPPER
    if low == high and not approximate:
        return AS_STATED
    return APPROXIMATE


def _word(low, high, approximate):
    return DERIVED_WORDS[_kind(low, high, approximate)]


def interval(claim, width=STANDARD):
    """The interval a numeric claim's figure and qualifier mean (see the module's rules); an
    approximate figure spans the tolerance ``width`` allows (:data:`TOLERANCES`)."""
    if claim.is_date or not isinstance(claim.value, int | float):
        raise QualifierError(f"{claim.id}: only a numeric claim has an interval of values")
    kind, value = bound(claim.qualifier), claim.value
    if kind == LOWER:
        return Interval(value, math.inf, kind, claim.qualifier, low_open=claim.qualifier != IMPLIED)
    if kind == UPPER:
        return Interval(-math.inf, value, kind, claim.qualifier)
    if kind == APPROXIMATE:
        half = tolerance(claim.quantity, value, width)
        return Interval(value - half, value + half, kind, claim.qualifier)
    return Interval(value, value, kind, claim.qualifier)


def overlap(a, b):
    """True if two intervals share a value (so the figures need not disagree in value)."""
    low, high = max(a.low, b.low), min(a.high, b.high)
    if low < high:
        return True
    if low > high:
        return False
    return a.contains(low) and b.contains(low)


def _end(ivs, side, pick, combine):
    """The end ``side`` ("low"/"high") that ``pick`` (min/max) chooses among ``ivs``, and
    whether it is open: ``combine`` (all/any) of the intervals reaching it leaving it open."""
    value = pick(getattr(iv, side) for iv in ivs)
    return value, combine(getattr(iv, f"{side}_open") for iv in ivs if getattr(iv, side) == value)


def _joined(low, high, ivs):
    kind = _kind(low[0], high[0], any(iv.kind == APPROXIMATE for iv in ivs))
    return Interval(low[0], high[0], kind, DERIVED_WORDS[kind], low[1], high[1])


def hull(ivs):
    """The smallest interval holding every one of ``ivs``: their union when they overlap
    ("over 170" and "around 180" together: above 170)."""
    ivs = list(ivs)
    return _joined(_end(ivs, "low", min, all), _end(ivs, "high", max, all), ivs)


def common(ivs):
    """The values every one of ``ivs`` allows (their overlap), or None if they share none:
    "over 170" and "around 180" share 175 to 185."""
    ivs = list(ivs)
    low, high = _end(ivs, "low", max, any), _end(ivs, "high", min, any)
    if low[0] > high[0] or (low[0] == high[0] and (low[1] or high[1])):
        return None
    return _joined(low, high, ivs)


def range_text(iv, fmt=str):
    """The values an interval spans, in words: "175 to 185", "above 170", "at most 12"."""
    if math.isinf(iv.high) and math.isinf(iv.low):
        return "any value"
    if math.isinf(iv.high):
        return f"{'above' if iv.low_open else 'at least'} {fmt(iv.low)}"
    if math.isinf(iv.low):
        return f"at most {fmt(iv.high)}"
    if fmt(iv.low) == fmt(iv.high):
        return fmt(iv.low)
    return f"{fmt(iv.low)} to {fmt(iv.high)}"


def words(iv, places=0):
    """A (derived) interval written with its qualifier at ``places`` decimals: "over 15",
    "around 17", "12". A lower bound is rounded down and an upper bound up, so the words stay
    true ("over 15.9" is written "over 15", never "over 16")."""
    quantum = 10**-places
    if iv.kind == LOWER:
        shown = math.floor(round(iv.low / quantum, 9)) * quantum
    elif iv.kind == UPPER:
        shown = math.ceil(round(iv.high / quantum, 9)) * quantum
    else:
        shown = iv.middle
    text = f"{shown:,.{places}f}"
    if iv.kind == AS_STATED and iv.low == iv.high:
        return text
    qualifier = iv.qualifier if bound(iv.qualifier) == iv.kind else DERIVED_WORDS[iv.kind]
    return worded(text, qualifier)
