"""Scope and time are part of a claim (issue 14, item 2): what a figure counts and as of when.

``data/scopes.csv`` gives, for a figure the sources may disagree on, what it counts in the
source's own words (``counts``) and the period it covers where the source states one
(``when``), both verbatim in the claim's quote. The time of a claim is that period and the
date of its source (the registry's date, or the window an undated source's text implies). Two
figures disagree in value only when their intervals do not overlap *and* they count the same
thing at the same time; otherwise the book says how they differ.

Two sources' own words may name the same thing ("combating an Islamic insurgency for over a
decade" and "its 10-year deployment" both time the mission in Mali): the column ``counted_as``
(empty otherwise) says so in the report's words, and figures are compared on it. Two figures
are of the same time when they state the same period and their sources' dates (or dating
windows) share a day.
"""

from dataclasses import dataclass

from sahel import paths
from sahel.evidence.claims import ClaimError
from sahel.evidence.registry import load_registry
from sahel.evidence.tables import read_rows
from sahel.formatting import fmt_date

SCOPES_CSV = paths.DATA / "scopes.csv"
COLUMNS = ("id", "claim", "counts", "when", "counted_as")
COUNTS, TIME = "what is counted", "time"


@dataclass(frozen=True)
class Scope:
    """What ``claim`` counts, the period it states (``when``, may be ""), and its source's
    date in words (``as_of``)."""

    claim: str
    counts: str
    when: str
    as_of: str
    counted_as: str = ""
    window: tuple = ()  # (first, last) day the source may date from, if known

    @property
    def counted(self):
        """What the figure counts, compared across claims: the report's words where a row
        gives them (``counted_as``), else the source's."""
        return (self.counted_as or self.counts).casefold()

    @property
    def time(self):
        """The claim's time in words: "since 2013, as of a date from 31 August 2023"."""
        return ", ".join(filter(None, (self.when, self.as_of)))


def as_of(source):
    """A source's date in words: its own date, or the window its text implies."""
    if source.date:
        return f"as of {fmt_date(source.date.isoformat())}"
    first, last = source.date_earliest, source.date_latest
    if first and last:
        return f"as of a date from {fmt_date(first.isoformat())} to {fmt_date(last.isoformat())}"
    if first:
        return f"as of a date from {fmt_date(first.isoformat())}"
    if last:
        return f"as of a date up to {fmt_date(last.isoformat())}"
    return "as of an unknown date"


def window(source):
    """``(first, last)`` day a source may date from, or ``()`` when either end is unknown."""
    if source.date:
        return source.date, source.date
    first, last = source.date_earliest, source.date_latest
    return (first, last) if first and last else ()


def same_time(found):
    """True if the scopes state the same period and their sources' dates (or windows) share
    a day; with a window unknown, if their dates read the same."""
    if len({s.when for s in found}) > 1:
        return False
    if any(not s.window for s in found):
        return len({s.time for s in found}) == 1
    return max(s.window[0] for s in found) <= min(s.window[1] for s in found)


def load_scopes(ledger, path=None, sources=None):
    """``{claim id: Scope}``, each ``counts`` and ``when`` checked verbatim in the claim's quote
    (``sources``: ``{id: Source}``, the registry's by default)."""
    path = path or SCOPES_CSV
    sources = sources or {s.id: s for s in load_registry()}
    scopes = {}
    for row in read_rows(path, COLUMNS, error=ClaimError):
        where = f"{path}: line {row.line}: scope {row['id']}"
        try:
            claim = ledger.get(row["claim"])
        except KeyError:
            raise ClaimError(f"{where}: unknown claim {row['claim']!r}") from None
        if row["claim"] in scopes:
            raise ClaimError(f"{where}: claim {row['claim']} is scoped twice")
        for column in ("counts", "when"):
            words = row[column]
            if (words or column == "counts") and words.casefold() not in claim.quote.casefold():
                raise ClaimError(f"{where}: {column} {words!r} is not in {claim.id}'s quote")
        source = sources[claim.source]
        scopes[claim.id] = Scope(
            claim.id, row["counts"], row["when"], as_of(source), row["counted_as"], window(source)
        )
    return scopes


#: Units that name a thing rather than count it (a resolution's number): never scoped.
IDENTIFIERS = ("resolution",)


def unscoped(ledger, scopes):
    """Ids of the figures that need a scope and lack one: every figure (a number, not a date
    nor an identifier) whose subject has more than one, the figures that can be compared."""
    missing = []
    for subject in ledger.subjects():
        figures = [
            c
            for c in ledger.by_subject(subject)
            if not c.is_date and isinstance(c.value, int | float) and c.unit not in IDENTIFIERS
        ]
        if len(figures) > 1:
            missing += [c.id for c in figures if c.id not in scopes]
    return missing


def check_scopes(ledger, path=None, sources=None):
    """:func:`load_scopes`, failing if a comparable figure has no scope (:func:`unscoped`)."""
    scopes = load_scopes(ledger, path, sources)
    if missing := unscoped(ledger, scopes):
        raise ClaimError(f"{path or SCOPES_CSV}: no scope for {', '.join(missing)}")
    return scopes


def differences(claims, scopes):
    """What differs between the claims beyond value: :data:`COUNTS`, :data:`TIME` (in that
    order); a claim without a scope row makes its scope unknown, so nothing is said."""
    if not claims or any(c.id not in scopes for c in claims):
        return []
    found = [scopes[c.id] for c in claims]
    aspects = []
    if len({s.counted for s in found}) > 1:
        aspects.append(COUNTS)
    if not same_time(found):
        aspects.append(TIME)
    return aspects


def described(claims, scopes, written):
    """Each claim's figure with what it counts and when, for a disagreement's difference:
    "“over 170” peacekeepers killed, since 2013, as of a date from 31 August 2023 (S001)"."""
    return "; ".join(
        f"{written(c)} {scopes[c.id].counts}, {scopes[c.id].time} ({c.source})" for c in claims
    )
