"""The claims ledger, ``data/claims.csv``: every number and date the report uses, with its quote.

Each row is verified against its source: the quote is found verbatim (whitespace collapsed,
nothing else), the quantity is inside the quote, and the normalised value or date is what the
quantity says. A row that fails stops the build with its claim id, source and problem.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from sahel import paths
from sahel.dates import DateError, iso_parts
from sahel.evidence.corpus import load_corpus
from sahel.evidence.errors import SahelInputError
from sahel.evidence.qualifiers import QUALIFIERS, implied, is_lower_bound
from sahel.evidence.quantities import (
    CONVENTIONS,
    QuantityError,
    parse_date,
    parse_number,
    relative_year,
)
from sahel.evidence.tables import read_rows
from sahel.evidence.textmatch import collapse, find_token

CLAIMS_CSV = paths.DATA / "claims.csv"
COLUMNS = (
    "id",
    "source",
    "topic",
    "subject",
    "quantity",
    "value",
    "unit",
    "qualifier",
    "date",
    "period",
    "quote",
    "note",
)
OPTIONAL = ("convention",)  # how the quantity's separators read, when not English (quantities)
TOPICS = ("minusma", "norway", "mali-relations", "context")
DATE_UNITS = ("date",)
TEXT_UNITS = ("weekday",)
UNITS = (
    "NOK",
    "USD",
    "CAD",
    "persons",
    "troops",
    "missions",
    "battalions",
    "states",
    "positions",
    "coups",
    "years",
    "resolution",
    "concessions",
    "date",
    "weekday",
)
_PERIOD = re.compile(r"\d{4}(-\d{2})?(/\d{4})?")


class ClaimError(SahelInputError):
    """A ledger row does not hold up against its source."""


@dataclass(frozen=True)
class Claim:
    """One verified claim. ``value`` is a number (or a weekday name); ``date`` a partial ISO."""

    id: str
    source: str
    topic: str
    subject: str
    quantity: str
    value: object
    unit: str
    qualifier: str
    date: str
    period: str
    quote: str
    note: str
    convention: str = ""

    @property
    def is_date(self):
        return self.unit in DATE_UNITS


class Ledger:
    """The verified claims, in file order, with look-ups by id, subject and source."""

    def __init__(self, claims, path=CLAIMS_CSV):
        self.claims = list(claims)
        self.path = path
        self._by_id = {c.id: c for c in self.claims}
        self._by_subject, self._by_source = {}, {}
        for c in self.claims:
            self._by_subject.setdefault(c.subject, []).append(c)
            self._by_source.setdefault(c.source, []).append(c)

    def __iter__(self):
        return iter(self.claims)

    def __len__(self):
        return len(self.claims)

    def get(self, claim_id):
        """The claim with this id."""
        try:
            return self._by_id[claim_id]
        except KeyError:
            raise KeyError(f"{self.path}: no claim {claim_id!r}") from None

    def by_subject(self, subject):
        """Every claim about ``subject``, across sources."""
        return list(self._by_subject.get(subject, ()))

    def for_source(self, source_id):
        """Every claim a source makes."""
        return list(self._by_source.get(source_id, ()))

    def one(self, subject, source=None):
        """The single claim about ``subject`` (optionally from ``source``); error if not one."""
        found = [c for c in self.by_subject(subject) if source is None or c.source == source]
        if len(found) != 1:
            where = f" from {source}" if source else ""
            ids = ", ".join(c.id for c in found) or "none"
            raise ClaimError(
                f"{self.path}: expected one claim about {subject!r}{where}, found {ids}"
            )
        return found[0]

    def subjects(self):
        """Subjects in order of first appearance."""
        return list(dict.fromkeys(c.subject for c in self.claims))


def where(path, record, what="claim"):
    """``FILE: line N: WHAT ID (SOURCE)`` for a row read by ``tables.read_rows``."""
    line = getattr(record, "line", None)
    at = f" line {line}:" if line else ""
    return f"{path}:{at} {what} {record['id']} ({record['source']})"


def placement(located, excerpt, file, *, once=True):
    """Why ``excerpt`` is not in ``located`` (exactly ``once``, or at all); None if it is.

    A claim's quote must name one passage; a defect may quote a residue the source repeats.
    """
    found = len(located.find_all(excerpt)) if once else int(located.find(excerpt) is not None)
    if found == 0:
        return f"not found verbatim in {file}: {excerpt!r}"
    if found > 1:
        return f"found {found} times in {file}, so it names no one passage: {excerpt!r}"
    return None


def _fail(path, record, problem):
    raise ClaimError(f"{where(path, record)}: {problem}")


def _check_date(path, record):
    try:
        parts = iso_parts(record["date"])
        written = parse_date(record["quantity"])
    except (QuantityError, DateError) as exc:
        _fail(path, record, str(exc))
    for name, said, recorded in zip(("year", "month", "day"), written, parts, strict=True):
        if said is not None and said != recorded:
            _fail(
                path,
                record,
                f"date {record['date']} does not match the quote's "
                f"{record['quantity']!r} ({name} {said})",
            )
    if record["value"]:
        _fail(path, record, "a date claim keeps its value in the date column, not value")
    return None


def _check_relative(path, record, source):
    """An implicit year ("last year") must be the year the source's own date makes it."""
    offset = relative_year(record["quantity"])
    if offset is None:
        return
    dated = [source.date] if source.date else [source.date_earliest, source.date_latest]
    years = {d.year for d in dated if d}
    if len(years) != 1:
        _fail(
            path,
            record,
            f"{record['quantity']!r} is relative to the source's date, and {record['source']} "
            "is not dated within one year (data/sources.csv)",
        )
    year = years.pop() + offset
    if iso_parts(record["date"])[0] != year:
        _fail(
            path,
            record,
            f"date {record['date']} is not {record['quantity']!r}: the source is dated in "
            f"{year - offset}, so it is {year}",
        )


def _check_number(path, record):
    if record["date"]:
        _fail(path, record, "only date claims may fill the date column; use period")
    if record["unit"] in TEXT_UNITS:
        if record["value"] != record["quantity"]:
            _fail(path, record, f"value {record['value']!r} must repeat {record['quantity']!r}")
        return record["value"]
    try:
        said = parse_number(record["quantity"], record["convention"] or None)
        recorded = float(record["value"])
    except (QuantityError, ValueError) as exc:
        _fail(path, record, f"value {record['value']!r}: {exc}")
    if said != recorded:
        _fail(
            path,
            record,
            f"value {record['value']} is not what {record['quantity']!r} says ({said})",
        )
    return int(recorded) if recorded == int(recorded) else recorded


def verify_record(record, corpus, path=CLAIMS_CSV, located=None):
    """Check one ledger row against its source; return the verified Claim."""
    if record["source"] not in corpus:
        _fail(path, record, f"unknown source {record['source']!r} (not in data/sources.csv)")
    for column, allowed in (
        ("topic", TOPICS),
        ("unit", UNITS),
        ("qualifier", QUALIFIERS),
        ("convention", ("", *CONVENTIONS)),
    ):
        if record[column] not in allowed:
            _fail(path, record, f"{column} {record[column]!r} is not one of {', '.join(allowed)}")
    if not record["subject"] or not record["quote"] or not record["quantity"]:
        _fail(path, record, "subject, quantity and quote are required")
    document = corpus[record["source"]]
    text = located or document.located
    if problem := placement(text, record["quote"], document.source.file):
        _fail(path, record, f"quote {problem}")
    if find_token(record["quote"], record["quantity"]) < 0:
        _fail(path, record, f"quantity {record['quantity']!r} is not in its quote")
    qualifier, implies = record["qualifier"], implied(record["quantity"])
    if implies and not is_lower_bound(qualifier):
        _fail(
            path,
            record,
            f"{record['quantity']!r} states only a floor: its qualifier is {implies!r} (or "
            f"a lower bound worded in the quote), not {qualifier!r}",
        )
    worded = qualifier.lower() in collapse(record["quote"]).lower()
    if qualifier not in ("exact", implies) and not worded:
        _fail(path, record, f"qualifier {qualifier!r} is not worded in the quote")
    if record["period"]:
        if not _PERIOD.fullmatch(record["period"]):
            _fail(path, record, f"period {record['period']!r} is not YYYY, YYYY-MM or YYYY/YYYY")
        for year in re.findall(r"\d{4}", record["period"]):
            if year not in record["quote"]:
                _fail(path, record, f"period year {year} is not in the quote")
    if record["unit"] in DATE_UNITS:
        value = _check_date(path, record)
        _check_relative(path, record, document.source)
    else:
        value = _check_number(path, record)
    return Claim(**{**record, "value": value})


def load_ledger(path=None, corpus=None):
    """Read ``data/claims.csv`` and verify every row against the corpus."""
    path = Path(path or CLAIMS_CSV)
    corpus = corpus if corpus is not None else load_corpus()
    records = read_rows(path, COLUMNS, error=ClaimError, optional=OPTIONAL)
    claims, problems = [], []
    for record in records:  # every row is checked, so one run names every bad row
        try:
            claims.append(verify_record(record, corpus, path))
        except ClaimError as exc:
            problems.append(str(exc))
    if problems:
        raise ClaimError("\n".join(problems))
    return Ledger(claims, path)


def read_quoted_rows(path, columns, corpus, what, quote_column="quote"):
    """Rows of a CSV whose ``quote_column`` must be verbatim in the row's source.

    For the files beside the ledger (defects, sites, exclusions): a failure names the file,
    the row (``what`` and id) and its source.
    """
    rows = read_rows(path, columns, error=ClaimError)
    for row in rows:
        at = where(path, row, what)
        if row["source"] not in corpus:
            raise ClaimError(f"{at}: unknown source {row['source']!r}")
        document = corpus[row["source"]]
        quoted = row[quote_column]
        if problem := placement(document.located, quoted, document.source.file, once=False):
            raise ClaimError(f"{at}: {quote_column} {problem}")
        row["_where"] = at
    return rows
