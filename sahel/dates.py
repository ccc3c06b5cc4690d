"""Dates as the ledger holds them, and the arithmetic on them: the one home for both.

Dates in the ledger are partial ISO dates ("2023", "2023-06", "2023-06-16"). Each one stands for
the days it may mean: a year-only date is any day of that year, a month-only date any day of
that month (a :class:`Span`). Durations between spans are therefore ranges, which collapse to one
number when both ends are day-precise, and two spans are ordered only when one ends before the
other begins.

Conventions, stated once and used by every chapter:

- a *period* (the mission's lifetime, the withdrawal window) runs from the start of its first
  day to the end of its last day, so 1 July to 31 December is 184 days;
- the *gap* between two events is the difference of their dates (16 June to 30 June is 14 days);
- an event inside a period falls on *day N* of it (its first day is day 1);
- a year is the mean Gregorian year, :data:`DAYS_PER_YEAR` days.
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass

DAYS_PER_YEAR = 365.2425  # mean Gregorian year
WEEKDAYS = tuple(calendar.day_name)
PRECISIONS = ("year", "month", "day")
_ISO = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")  # ASCII digits only


class DateError(ValueError):
    """A partial date, or a computation on partial dates, that cannot be made."""


def iso_parts(iso):
    """Split a partial ISO date ("2023", "2023-06", "2023-06-30") into (year, month, day)."""
    if not _ISO.fullmatch(iso or ""):
        raise DateError(f"{iso!r} is not a partial ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    parts = [int(p) for p in iso.split("-")]
    return tuple(parts + [None] * (3 - len(parts)))


def precision(iso):
    """'year', 'month' or 'day' for a partial ISO date."""
    return PRECISIONS[iso.count("-")]


def compatible_dates(a, b):
    """Two partial ISO dates agree if the less precise one is a prefix of the other."""
    return a.startswith(b) or b.startswith(a)


@dataclass(frozen=True)
class Span:
    """The days a partial ISO date may stand for: its first and last possible day."""

    iso: str
    first: dt.date
    last: dt.date

    @classmethod
    def of(cls, iso):
        year, month, day = iso_parts(iso)
        if day is not None:
            first = last = dt.date(year, month, day)
        elif month is not None:
            first = dt.date(year, month, 1)
            last = dt.date(year, month, calendar.monthrange(year, month)[1])
        else:
            first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        return cls(iso, first, last)

    @property
    def precision(self):
        return precision(self.iso)

    @property
    def days(self):
        """How many days the date may stand for (1 for a day-precise date)."""
        return (self.last - self.first).days + 1


def span(iso):
    """The :class:`Span` of a partial ISO date."""
    return Span.of(iso)


def gap_days(a, b):
    """Days from date ``a`` to date ``b`` as ``(low, high)``: equal when both are day-precise."""
    a, b = span(a), span(b)
    return (b.first - a.last).days, (b.last - a.first).days


def period_days(first, last):
    """Days from the start of ``first`` to the end of ``last``, as ``(low, high)``.

    Fails if ``last`` may end before ``first`` begins (e.g. "2023-06" to "2023").
    """
    a, b = span(first), span(last)
    low, high = (b.first - a.last).days + 1, (b.last - a.first).days + 1
    if low < 1:
        raise DateError(f"a period from {first} to {last} may end before it begins")
    return low, high


def before(a, b):
    """True if date ``a`` is certainly before ``b``, False if certainly not, None if unknown.

    "2023-06" and "2023-06-16" overlap, so neither is known to come first.
    """
    a, b = span(a), span(b)
    if a.last < b.first:
        return True
    if b.last <= a.first:
        return False
    return None


def sort_key(iso):
    """Chronological sort key for partial dates: first possible day, then last."""
    s = span(iso)
    return s.first, s.last


def readings(dates):
    """The distinct dates a set of claims gives, dropping any that a more precise one refines.

    ``["2013", "2013-04-25"]`` gives ``("2013-04-25",)``; ``["2023-06-30", "2023-07-01"]``
    keeps both (the sources disagree).
    """
    distinct = sorted(set(dates), key=sort_key)
    return tuple(d for d in distinct if not any(o != d and o.startswith(d) for o in distinct))


def weekday_before(iso, weekday):
    """The last ``weekday`` (e.g. "Monday") strictly before the day-precise date ``iso``."""
    if precision(iso) != "day":
        raise DateError(f"a weekday can only be counted back from a full date, not {iso!r}")
    if weekday not in WEEKDAYS:
        raise DateError(f"{weekday!r} is not a weekday name")
    day = span(iso).first
    back = (day.weekday() - WEEKDAYS.index(weekday) - 1) % 7 + 1
    return (day - dt.timedelta(days=back)).isoformat()


def weekday_of(iso):
    """The weekday name of a day-precise date."""
    return WEEKDAYS[span(iso).first.weekday()]


def years(days):
    """Days as years of the mean Gregorian calendar."""
    return days / DAYS_PER_YEAR


def year_position(iso, end=False):
    """A day as a point on an axis of calendar years: its year plus the share of that year
    gone before it begins ("2013-04-25" -> 2013.31), or, with ``end``, once it is over
    ("2023-12-31" -> 2024.0). A partial date counts from its first day (or to its last)."""
    s = span(iso)
    day = s.last + dt.timedelta(days=1) if end else s.first
    length = 366 if calendar.isleap(day.year) else 365
    return day.year + (day.timetuple().tm_yday - 1) / length
