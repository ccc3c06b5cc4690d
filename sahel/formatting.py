"""How numbers, money, shares, ranges and dates are written on the page: the one home.

Every glued figure is a string made here, so "81.3%", "NOK 745 million", "between 0 and 29
days" and "25 April 2013" are written the same way in every chapter.
"""

import calendar
from decimal import ROUND_HALF_UP, Decimal

from sahel.dates import iso_parts, precision
from sahel.evidence.numberwords import CARDINALS
from sahel.evidence.qualifiers import UPPER

_NUMBER_WORDS = {v: k for k, v in CARDINALS.items() if 1 <= v <= 15}


def number(value):
    """A whole number with thousands separators: "3,903"."""
    return f"{value:,}"


def figure(value):
    """A number as written on the page, a whole float without decimals: "175", "16.5"."""
    return number(int(value)) if value == int(value) else number(value)


def count_word(n):
    """Small counts as words ("five"), larger ones as digits."""
    return _NUMBER_WORDS.get(n, number(n))


def percent(fraction, places=1):
    """A fraction as a percentage, rounded half up ("0.8125" -> "81.3%")."""
    quantum = Decimal(1).scaleb(-places)
    return f"{(Decimal(str(fraction)) * 100).quantize(quantum, rounding=ROUND_HALF_UP)}%"


def whole_percent(fraction):
    """A fraction as a whole percentage, rounded half up ("0.337" -> "34%")."""
    return percent(fraction, 0)


def nok(value):
    """ "NOK 745 million" (whole millions) or "NOK 1,234,567"; never converted."""
    if value % 1_000_000 == 0:
        return f"NOK {value // 1_000_000:,} million"
    return f"NOK {value:,}"


def hundredths(value):
    """A published amount to the hundredth, as the OECD's tables give it: "15.95", "-0.01"."""
    return f"{value:,.2f}"


def usd_million(value):
    """ "USD 15.95 million": an OECD amount in millions of US dollars at current prices, to the
    hundredth as published; never converted (and never set beside a NOK figure as like)."""
    return f"USD {hundredths(value)} million"


def fmt_range(low, high, fmt=number):
    """One number if ``low`` and ``high`` are written alike, else "between X and Y".

    ``fmt`` writes one number: a function (``number``, ``whole_percent``) or a format string.
    """
    show = fmt if callable(fmt) else fmt.format
    if show(low) == show(high):
        return show(low)
    return f"between {show(low)} and {show(high)}"


def fmt_days(low, high):
    """A day count with its unit: "1 day", "14 days", "between 0 and 29 days"."""
    return f"{fmt_range(low, high)} day{'' if low == high == 1 else 's'}"


def fmt_date(iso):
    """A partial ISO date in words at its own precision: "25 April 2013", "June 2023", "2023"."""
    year, month, day = iso_parts(iso)
    if day is not None:
        return f"{day} {calendar.month_name[month]} {year}"
    if month is not None:
        return f"{calendar.month_name[month]} {year}"
    return str(year)


#: The mark an event date the report infers (rather than one a source states) always carries.
INFERRED = "(inferred)"


def fmt_deadline(iso, fmt=None):
    """A date as an upper bound, at its own precision: "by 11 December 2023", "by the end of
    2023" (``fmt`` writes the date itself; :func:`fmt_date` by default)."""
    text = (fmt or fmt_date)(iso)
    return f"by {text}" if precision(iso) == "day" else f"by the end of {text}"


def fmt_event_date(iso, bound="", inferred=False, fmt=None):
    """An event's date as the book means it: an upper bound with "by" (:func:`fmt_deadline`),
    and a date the report infers always with its mark: "by 11 December 2023 (inferred)"."""
    text = fmt_deadline(iso, fmt) if bound == UPPER else (fmt or fmt_date)(iso)
    return f"{text} {INFERRED}" if inferred else text


def fmt_window_day(low, high, bound=""):
    """Where a date falls in a period: "day 62", or for an upper bound "by day 164"."""
    return f"{'by day' if bound == UPPER else 'day'} {fmt_range(low, high)}"


def fmt_span(first, last, short=False):
    """Two partial ISO dates in words: "January to November 2016" when both are months of one
    year, else "September 2013 to 2016"; one date when they are the same. ``short`` abbreviates
    the months ("Jan to Nov 2016"), for a chart's labels."""
    names = calendar.month_abbr if short else calendar.month_name

    def one(iso):
        year, month, day = iso_parts(iso)
        if not short or month is None:
            return fmt_date(iso)
        return " ".join(str(p) for p in (day, names[month], year) if p is not None)

    if first == last:
        return one(first)
    (y1, m1, d1), (y2, m2, d2) = iso_parts(first), iso_parts(last)
    if y1 == y2 and m1 and m2 and d1 is None and d2 is None:
        return f"{names[m1]} to {one(last)}"
    return f"{one(first)} to {one(last)}"


def fmt_period(period):
    """A claim's period in words: "2020/2021" → "2020–2021", "2018-12" → "December 2018"."""
    if not period:
        return ""
    if "/" in period:
        return "–".join(period.split("/"))
    return fmt_date(period)


def and_list(words):
    """ "a", "a and b", "a, b and c"."""
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
