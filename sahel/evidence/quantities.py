"""Read numbers and dates as the sources write them ("NOK 745 million", "April 25, 2013")."""

import calendar
import re

from sahel.evidence import numberwords

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
SCALES = {
    "thousand": 1_000,
    "million": 1_000_000,
    "m.": 1_000_000,
    "m": 1_000_000,
    "billion": 1_000_000_000,
}
CURRENCY = re.compile(r"^(NOK|US\$|Cdn\.\$|\$|USD)\s*")
_NUMBER = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:-year)?$")
# How a number's separators read. The default is English ("15,000.5"); under it a dot followed
# by exactly three digits ("15.000", "1.500") is refused, since the European convention reads
# it as a thousands separator: a row with such a figure must state its convention.
CONVENTIONS = {"en": "English: 1,500.5", "eu": "European: 1.500,5"}
_AMBIGUOUS = re.compile(r"\d{1,3}\.\d{3}(?:-year)?")
_SWAP = str.maketrans(".,", ",.")
#: implicit years a date claim may quote, as years after the year the source is dated in
RELATIVE_YEARS = {"the year": 0, "this year": 0, "last year": -1, "next year": 1}


class QuantityError(ValueError):
    """A quantity cannot be read as a number or a date."""


def parse_number(text, convention=None):
    """The value of a written quantity: "more" words stay out; "NOK 745 million" -> 745000000.

    Words are read by :func:`sahel.evidence.numberwords.read`: "two" -> 2, "a decade" -> 10,
    "thousands" -> 2000 (the floor of a plural; its qualifier says it is a lower bound).

    ``convention`` ("en" or "eu", see ``CONVENTIONS``) says how separators read; without it the
    English reading is used and a figure the conventions read differently is refused.
    """
    if convention not in (None, *CONVENTIONS):
        raise QuantityError(f"convention {convention!r} is not one of {', '.join(CONVENTIONS)}")
    raw = text.strip()
    body = CURRENCY.sub("", raw).strip()
    if body and not any(ch.isdigit() for ch in body):
        try:
            return numberwords.value(body)
        except numberwords.NumberWordError as exc:
            raise QuantityError(f"cannot read a number in {text!r}: {exc}") from None
    scale = 1
    parts = body.rsplit(" ", 1)
    if len(parts) == 2 and parts[1].lower() in SCALES:
        body, scale = parts[0], SCALES[parts[1].lower()]
    elif body.endswith("m.") and body[:-2].replace(".", "").isdigit():
        body, scale = body[:-2], SCALES["m."]
    if convention is None and _AMBIGUOUS.fullmatch(body):
        raise QuantityError(
            f"ambiguous separator in {text!r}: {body} is {body.replace('.', '')} under the "
            f"European convention and {float(body.split('-')[0]):g} under the English; state the "
            f"convention ({', '.join(CONVENTIONS)})"
        )
    if convention == "eu":
        body = body.translate(_SWAP)
    match = _NUMBER.match(body)
    if not match:
        raise QuantityError(f"cannot read a number in {text!r}")
    whole = int(match.group(1).replace(",", ""))
    if match.group(2):
        value = (whole + int(match.group(2)) / 10 ** len(match.group(2))) * scale
        return int(value) if value == int(value) else value
    return whole * scale


def parse_date(text):
    """Return ``(year, month, day)`` with None for parts the text does not give.

    Reads "31/08/2023", "April 25, 2013", "25 April 2013", "June 2023", "July 1", "2013",
    "June" and the implicit years of :data:`RELATIVE_YEARS` ("last year": no part is written;
    :func:`relative_year` says which year the source's own date makes it).
    """
    t = text.strip().rstrip(".,")
    if t.lower() in RELATIVE_YEARS:
        return None, None, None
    if t.lower() in MONTHS:
        return None, MONTHS[t.lower()], None
    if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", t):
        return int(m[3]), int(m[2]), int(m[1])
    if m := re.fullmatch(r"(\d{4})", t):
        return int(m[1]), None, None
    if m := re.fullmatch(r"([A-Za-z]+) (\d{1,2})(?:, (\d{4}))?", t):
        month, day, year = m[1], m[2], m[3]
    elif m := re.fullmatch(r"(\d{1,2}) ([A-Za-z]+)(?: (\d{4}))?", t):
        day, month, year = m[1], m[2], m[3]
    elif m := re.fullmatch(r"([A-Za-z]+) (\d{4})", t):
        month, day, year = m[1], None, m[2]
    else:
        raise QuantityError(f"cannot read a date in {text!r}")
    if month.lower() not in MONTHS:
        raise QuantityError(f"{month!r} is not a month in {text!r}")
    return (int(year) if year else None, MONTHS[month.lower()], int(day) if day else None)


def relative_year(text):
    """Years after the source's own year that an implicit date names ("last year" -> -1), or
    None for a date written out."""
    return RELATIVE_YEARS.get(text.strip().rstrip(".,").lower())
