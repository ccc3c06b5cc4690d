"""The seeds against the record: each seed figure the public record covers, checked as of the
seed's own date (its publication date, or every day of its dating window from
``data/sources.csv``), with a verdict and the rule that gives it.

Verdicts: ``consistent``; ``consistent, counting something else`` (the figure passes its test but
the seed counts something other than the record: authorised vs deployed, all causes vs
malicious acts); ``inconsistent``; ``not covered`` (the record holds no figure for that date).

Rules, by the claim's qualifier (``sahel.evidence.qualifiers``): a lower bound ("over 170")
holds if the record's count is above the figure on every day the seed may date from; an
approximation ("around 180") holds if the count is within half the figure's rounding unit (a
figure written to tens is ±5, to thousands ±500) on every such day; an exact figure must equal
the count.
"""

import datetime as dt
from dataclasses import dataclass

from sahel.dates import span
from sahel.evidence import qualifiers, record

MALICIOUS, ALL_CAUSES = "malicious acts", "all causes"
AUTHORISED = "authorised uniformed personnel (troops and police)"
CONSISTENT = "consistent"
SOMETHING_ELSE = "consistent, counting something else"
INCONSISTENT = "inconsistent"
NOT_COVERED = "not covered"
MISSION = "MINUSMA"
CEILING_TOPIC = "minusma.authorized_strength"


@dataclass(frozen=True)
class Reconciled:
    """One seed figure against the record: the record's figure on the first and last day the
    seed may date from, the verdict and the rule that gave it."""

    claim: str
    source: str
    as_written: str
    first_day: dt.date
    last_day: dt.date
    record_first: int | None
    record_last: int | None
    verdict: str
    rule: str


def seed_window(source):
    """``(first, last)`` day a registered seed may date from: its date, or its dating window."""
    if source.date is not None:
        return source.date, source.date
    return source.date_earliest, source.date_latest or source.date_earliest


def rounding_unit(claim):
    """The unit a figure is rounded to, from how it is written: "180" -> 10, "15,000" -> 1000."""
    digits = claim.quantity.replace(",", "")
    if not digits.isdigit() or set(digits) == {"0"}:
        raise ValueError(f"claim {claim.id}: {claim.quantity!r} is not a whole number as written")
    zeros = len(digits) - len(digits.rstrip("0"))
    return 10**zeros


def deaths_by(frame, day, scope):
    """MINUSMA deaths in ``frame`` (a :func:`record.fatalities` frame) with ``incident_date`` on
    or before ``day``, from malicious acts or all causes."""
    rows = frame[(frame["mission_acronym"] == MISSION) & (frame["incident_date"] <= str(day))]
    if scope == MALICIOUS:
        rows = rows[rows["type_of_incident"] == record.MALICIOUS]
    elif scope != ALL_CAUSES:
        raise ValueError(f"unknown scope {scope!r}")
    return len(rows)


def ceiling_on(facts, day):
    """The authorised ceiling (troops + police) in force on ``day``, from the latest official
    fact dated on or before it, and that fact's row; ``(None, None)`` if none is."""
    rows = facts[(facts["topic"] == CEILING_TOPIC) & (facts["kind"] == "official")]
    dated = [(span(r["date"]).last, r) for _, r in rows.iterrows() if span(r["date"]).last <= day]
    if not dated:
        return None, None
    _, fact = max(dated, key=lambda pair: pair[0])
    return sum(record.ceiling(fact)), fact


def bears_out(claim, count):
    """``(passes, rule)``: whether ``count`` bears out the claim's figure, by its qualifier."""
    kind = qualifiers.bound(claim.qualifier)
    value = claim.value
    if kind == qualifiers.LOWER:
        return (
            count > value,
            f"{claim.qualifier} {claim.quantity}: a lower bound; holds if the record's count "
            f"is above {value:,}",
        )
    if kind == qualifiers.APPROXIMATE:
        tol = rounding_unit(claim) // 2
        return abs(count - value) <= tol, (
            f"{claim.qualifier} {claim.quantity}: approximate, written to the nearest "
            f"{rounding_unit(claim):,}; holds within ±{tol:,} ({value - tol:,} to {value + tol:,})"
        )
    if kind == qualifiers.AS_STATED:
        return count == value, f"{claim.quantity}: exact; holds if the record's count equals it"
    raise ValueError(f"claim {claim.id}: qualifier {claim.qualifier!r} sets no numeric test")


def check(claim, source, figure_on, seed_counts, record_counts):
    """Check ``claim`` (from seed ``source``) against ``figure_on(day)``, the record's figure
    on a day (or None), on the first and last day of the seed's window."""
    first, last = seed_window(source)
    low, high = figure_on(first), figure_on(last)
    written = qualifiers.as_written(claim)
    if low is None or high is None:
        rule = "the record holds no figure for the seed's date"
        return Reconciled(claim.id, source.id, written, first, last, low, high, NOT_COVERED, rule)
    (ok_first, rule), (ok_last, _) = bears_out(claim, low), bears_out(claim, high)
    if not (ok_first and ok_last):
        verdict = INCONSISTENT
    elif seed_counts == record_counts:
        verdict = CONSISTENT
    else:
        verdict = SOMETHING_ELSE
        rule += f"; the seed counts {seed_counts}, the record {record_counts}"
    return Reconciled(claim.id, source.id, written, first, last, low, high, verdict, rule)


def check_deaths(claim, source, frame, scope):
    """A fatality figure against the UN's count of MINUSMA deaths in ``scope`` by each day."""
    return check(claim, source, lambda day: deaths_by(frame, day, scope), scope, scope)


def check_personnel(claim, source, facts, seed_counts):
    """A personnel figure against the authorised ceiling in force (the last one before the
    mandate ended, for a seed written after it)."""
    return check(claim, source, lambda day: ceiling_on(facts, day)[0], seed_counts, AUTHORISED)
