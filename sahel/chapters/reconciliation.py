"""The seeds against the record: each seed figure the public record covers, checked as of the
seed's own date (its publication date, or every day of its dating window from
``data/sources.csv``), under every reading a careful analyst would consider, with a verdict for
each reading and a grade for the figure.

A *reading* is one row of ``data/reconciliation.csv``: what the record is asked (the
``measure``) for one claim. A toll is read several ways: uniformed personnel only or all
personnel; deaths from malicious acts, those plus deaths whose cause was "to be determined", or
from all causes. Each reading is checked on the first and last day the seed may date from, and an
approximate figure also under the stricter and looser tolerances of
:data:`sahel.evidence.qualifiers.TOLERANCES`.

Verdicts of one reading: ``consistent``; ``consistent, counting something else`` (the figure
passes but the source's own words say it counts something else, as the ministry's Norwegian
original does of a year-to-date figure); ``inconsistent``; ``cannot be checked`` (the record
measures something other than what the source counts: an authorised ceiling caps a headcount
and cannot confirm one; the plan row says what would settle it); ``not covered`` (the record
holds no figure for that date).

The grade of a figure (:func:`grades`) is ``settled`` only when every reading, every day of the
window and every tolerance agree; otherwise "the record narrows it to" the range the readings
give, with the readings under which the figure holds and fails; and ``cannot be checked`` where
any reading is.

Rules, by the claim's qualifier (``sahel.evidence.qualifiers``): a lower bound ("over 170")
holds if the record's count is above the figure; an approximation ("around 180") if the count is
within the tolerance; an exact figure must equal the count. A date holds by its qualifier too:
an exact date must be the record's day, except that a boundary written "as of" may name the last
day before it or the first day after it (the end of one day is the start of the next); a "by"
date may not fall before the record's, a "following" date may not fall after it. A period holds
if the record's period lies inside the seed's.

Which claim is reconciled against which record rows, and what each side counts, is data:
``data/reconciliation.csv`` (:func:`load_plan`, checked by ``make verify``). It holds only
figures a source gives: the report's own arithmetic (the ministry's missions less Bamako) is
checked where it is computed (:mod:`sahel.chapters.checks`).
"""

import datetime as dt
import re
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from sahel import paths
from sahel.dates import span
from sahel.evidence import qualifiers, record
from sahel.evidence.claims import ClaimError
from sahel.evidence.tables import read_rows
from sahel.formatting import fmt_date, number
from sahel.prose import typed_numbers
from sahel.provenance import Dataset, Formula, Query, traced

MALICIOUS, ALL_CAUSES = "malicious acts", "all causes"
UNIFORMED_MALICIOUS = "uniformed personnel, malicious acts"
MALICIOUS_TBD = "malicious acts or to be determined"
UNIFORMED_MALICIOUS_TBD = "uniformed personnel, malicious acts or to be determined"
UNIFORMED_ALL = "uniformed personnel, all causes"
UNIFORMED = frozenset({"Military", "Military Observer", "Police"})
TO_BE_DETERMINED = "To Be Determined"
#: who and which incidents each reading of a toll counts: (personnel types or None for all,
#: incident types or None for all causes)
TOLL_READINGS = {
    UNIFORMED_MALICIOUS: (UNIFORMED, (record.MALICIOUS,)),
    MALICIOUS: (None, (record.MALICIOUS,)),
    UNIFORMED_MALICIOUS_TBD: (UNIFORMED, (record.MALICIOUS, TO_BE_DETERMINED)),
    MALICIOUS_TBD: (None, (record.MALICIOUS, TO_BE_DETERMINED)),
    UNIFORMED_ALL: (UNIFORMED, None),
    ALL_CAUSES: (None, None),
}
AUTHORISED = "authorised uniformed personnel (troops and police)"
CONSISTENT = "consistent"
SOMETHING_ELSE = "consistent, counting something else"
INCONSISTENT = "inconsistent"
NOT_COVERED = "not covered"
CANNOT_CHECK = "cannot be checked"
VERDICTS = (CONSISTENT, SOMETHING_ELSE, INCONSISTENT, CANNOT_CHECK, NOT_COVERED)
#: the grade of a figure over all its readings (:func:`grades`)
SETTLED_HOLDS = "settled: borne out"
SETTLED_ELSE = "settled: borne out, counting something else"
SETTLED_FAILS = "settled: not borne out"
NARROWED = "not settled: the record narrows it"
GRADES = (SETTLED_HOLDS, SETTLED_ELSE, SETTLED_FAILS, NARROWED, CANNOT_CHECK, NOT_COVERED)
MISSION = "MINUSMA"
CEILING_TOPIC = "minusma.authorized_strength"
MANDATE_TOPIC = "minusma.mandate"
PLAN_CSV = paths.DATA / "reconciliation.csv"
PLAN_COLUMNS = ("id", "claim", "measure", "record", "seed_counts", "record_counts", "cannot_check")
#: what a plan row may ask of the record, and what its ``record`` column must name
DEATHS = {f"deaths: {scope}": scope for scope in TOLL_READINGS}
CEILING, EVERY_CEILING = "ceiling in force", "every ceiling listed"
DATE, FIRST, LAST, FACT_DATE = "date", "first day", "last day", "date of the fact"
PERIOD = "period"
FACT_MEASURES = (CEILING, EVERY_CEILING, DATE, FIRST, LAST, FACT_DATE, PERIOD)
MEASURES = (*DEATHS, *FACT_MEASURES)
ONE_FACT = (DATE, FIRST, LAST, FACT_DATE, PERIOD)
#: the qualifier of a boundary date ("terminates the mandate as of July 1")
BOUNDARY = "as of"


@dataclass(frozen=True)
class Reconciled:
    """One seed figure against the record: the record's figure on the first and last day the
    seed may date from, the verdict and the rule that gave it."""

    claim: str
    source: str
    as_written: str
    first_day: dt.date
    last_day: dt.date
    record_first: object
    record_last: object
    verdict: str
    rule: str
    widths: tuple = ()  # ((tolerance width, verdict), …) for an approximate figure
    held: bool | None = None  # whether the figure passed its test (None: not covered)


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
    or before ``day``, counted as ``scope`` reads them (one of :data:`TOLL_READINGS`: malicious
    acts, all causes, uniformed personnel only…)."""
    try:
        personnel, incidents = TOLL_READINGS[scope]
    except KeyError:
        raise ValueError(f"unknown scope {scope!r}") from None
    rows = frame[(frame["mission_acronym"] == MISSION) & (frame["incident_date"] <= str(day))]
    if incidents is not None:
        rows = rows[rows["type_of_incident"].isin(incidents)]
    if personnel is not None:
        rows = rows[rows["casualty_personnel_type"].str.strip().isin(personnel)]
    return len(rows)


def ceiling_on(facts, day, ids=None):
    """The authorised ceiling (troops + police) in force on ``day``, from the latest official
    fact dated on or before it (among ``ids``, if given), and that fact's row; ``(None, None)``
    if none is."""
    rows = facts[(facts["topic"] == CEILING_TOPIC) & (facts["kind"] == "official")]
    if ids is not None:
        rows = rows[rows["id"].isin(ids)]
    dated = [(span(r["date"]).last, r) for _, r in rows.iterrows() if span(r["date"]).last <= day]
    if not dated:
        return None, None
    _, fact = max(dated, key=lambda pair: pair[0])
    return sum(record.ceiling(fact)), fact


def bears_out(claim, count, width=qualifiers.STANDARD):
    """``(passes, rule)``: whether ``count`` bears out the claim's figure, by its qualifier (an
    approximation at the tolerance ``width``, :data:`sahel.evidence.qualifiers.TOLERANCES`)."""
    kind = qualifiers.bound(claim.qualifier)
    value = claim.value
    if kind == qualifiers.LOWER:
        return (
            count > value,
            f"{claim.qualifier} {claim.quantity}: a lower bound; holds if the record's count "
            f"is above {value:,}",
        )
    if kind == qualifiers.APPROXIMATE:
        tol = qualifiers.tolerance(claim.quantity, value, width)
        shown = f"{tol:,g}" if tol != int(tol) else f"{int(tol):,}"
        low, high = value - tol, value + tol
        return abs(count - value) <= tol, (
            f"{claim.qualifier} {claim.quantity}: approximate, written to the nearest "
            f"{rounding_unit(claim):,}; at the {width} tolerance holds within ±{shown} "
            f"({low:,g} to {high:,g})"
        )
    if kind == qualifiers.AS_STATED:
        return count == value, f"{claim.quantity}: exact; holds if the record's count equals it"
    raise ValueError(f"claim {claim.id}: qualifier {claim.qualifier!r} sets no numeric test")


def _widths(claim, low, high, seed_counts, record_counts, cannot):
    """The verdict at each tolerance width, for an approximate figure; ``()`` otherwise."""
    if qualifiers.bound(claim.qualifier) != qualifiers.APPROXIMATE:
        return ()
    out = []
    for width in qualifiers.TOLERANCES:
        passed = bears_out(claim, low, width)[0] and bears_out(claim, high, width)[0]
        out.append((width, judge(passed, "", seed_counts, record_counts, cannot)[0]))
    return tuple(out)


def check(claim, source, figure_on, seed_counts, record_counts, cannot=""):
    """Check ``claim`` (from seed ``source``) against ``figure_on(day)``, the record's figure
    on a day (or None), on the first and last day of the seed's window, at every tolerance."""
    first, last = seed_window(source)
    low, high = figure_on(first), figure_on(last)
    written = qualifiers.as_written(claim)
    if low is None or high is None:
        rule = "the record holds no figure for the seed's date"
        return Reconciled(claim.id, source.id, written, first, last, low, high, NOT_COVERED, rule)
    (ok_first, rule), (ok_last, _) = bears_out(claim, low), bears_out(claim, high)
    verdict, rule = judge(ok_first and ok_last, rule, seed_counts, record_counts, cannot)
    widths = _widths(claim, low, high, seed_counts, record_counts, cannot)
    return Reconciled(
        claim.id, source.id, written, first, last, low, high, verdict, rule, widths,
        ok_first and ok_last,
    )  # fmt: skip


def judge(passed, rule, seed_counts, record_counts, cannot=""):
    """``(verdict, rule)``: cannot be checked when the record measures something other than
    what the source counts (``cannot``: why, and what would settle it); else inconsistent if the
    test failed; else consistent when seed and record count the same thing, or consistent
    counting something else (said in the rule)."""
    if cannot:
        held = "the figure holds against it" if passed else "the figure does not hold against it"
        return CANNOT_CHECK, f"{rule}; {held}; {cannot}" if rule else cannot
    if not passed:
        return INCONSISTENT, rule
    if seed_counts == record_counts:
        return CONSISTENT, rule
    return SOMETHING_ELSE, f"{rule}; the seed counts {seed_counts}, the record {record_counts}"


def check_deaths(claim, source, frame, scope):
    """A fatality figure against the UN's count of MINUSMA deaths in ``scope`` by each day."""
    return check(claim, source, lambda day: deaths_by(frame, day, scope), scope, scope)


def mandate_end(facts):
    """The day the mission's last mandate ended (and with it the last authorised ceiling), from
    the official fact on the mandate; None if the record holds none."""
    rows = facts[(facts["topic"] == MANDATE_TOPIC) & (facts["kind"] == "official")]
    return max((span(v).last for v in rows["value"]), default=None)


def check_personnel(claim, source, facts, seed_counts, record_counts=AUTHORISED, ids=None,
                    cannot=""):  # fmt: skip
    """A personnel figure against the authorised ceiling in force (the last one before the
    mandate ended, for a seed written after it); for a seed dated after the mandate ended, the
    rule says the ceiling had lapsed."""
    result = check(
        claim, source, lambda day: ceiling_on(facts, day, ids)[0], seed_counts, record_counts,
        cannot,
    )  # fmt: skip
    end = mandate_end(facts)
    if end is not None and result.first_day > end and result.verdict != NOT_COVERED:
        lapsed = (
            f"the last ceiling lapsed with the mandate on {end:%-d %B %Y}, before the source's date"
        )
        return replace(result, rule=f"{result.rule}; {lapsed}")
    return result


def check_every_ceiling(claim, facts, ids, seed_counts, record_counts, cannot=""):
    """A figure said to hold "throughout" against every ceiling listed (official or press),
    from the earliest to the latest: it holds only if it bears out each one."""
    rows = facts[facts["id"].isin(ids)]
    dated = sorted(((span(r["date"]).first, r) for _, r in rows.iterrows()), key=lambda p: p[0])
    totals = [(day, sum(record.ceiling(fact)), fact["id"]) for day, fact in dated]
    tests = [bears_out(claim, total) for _, total, _ in totals]
    failed = [
        f"{total:,} ({day:%-d %B %Y})"
        for (day, total, _), (ok, _) in zip(totals, tests, strict=True)
        if not ok
    ]
    rule = f"{tests[0][1]}, for every ceiling from the first listed to the last"
    if failed:
        rule += (
            f"; fails for {', '.join(failed)}: a ceiling below the figure's range rules the "
            "figure out for troops and police kept within it"
        )
    verdict, rule = judge(not failed, rule, seed_counts, record_counts, cannot)
    (first, low, _), (last, high, _) = totals[0], totals[-1]
    written = qualifiers.as_written(claim)
    widths = ()
    if qualifiers.bound(claim.qualifier) == qualifiers.APPROXIMATE:
        widths = tuple(
            (w, judge(all(bears_out(claim, t, w)[0] for _, t, _ in totals), "", seed_counts,
                      record_counts, cannot)[0])
            for w in qualifiers.TOLERANCES
        )  # fmt: skip
    return Reconciled(
        claim.id, claim.source, written, first, last, low, high, verdict, rule, widths,
        not failed,
    )  # fmt: skip


def fact_day(fact, measure):
    """The day a fact gives: its value (a date), the first or last day of its value (a range
    FIRST/LAST), or the fact's own date (``date of the fact``)."""
    if measure == FACT_DATE:
        return span(fact["date"]).first
    parts = fact["value"].split("/")
    if measure == DATE and len(parts) == 1:
        return span(parts[0]).first
    if measure in (FIRST, LAST) and len(parts) == 2:
        return span(parts[0]).first if measure == FIRST else span(parts[1]).last
    raise ClaimError(f"{fact['where']}: value {fact['value']!r} gives no {measure}")


def date_holds(claim, day):
    """``(passes, rule)``: whether the record's ``day`` bears out the claim's date. A boundary
    written "as of" may name the last day before it or the first day after it: the end of one
    day is the start of the next, so "as of July 1" and "as of 30 June" are the same moment."""
    seed = span(claim.date)
    kind = qualifiers.bound(claim.qualifier)
    written, shown = qualifiers.as_written(claim), f"{day:%-d %B %Y}"
    if kind == qualifiers.AS_STATED and claim.qualifier == BOUNDARY:
        near = seed.first - dt.timedelta(days=1) <= day <= seed.last + dt.timedelta(days=1)
        return near, (
            f"{written}: a boundary, which may be named by the last day before it or the first "
            f"day after it (the end of one day is the start of the next); holds if the "
            f"record's day ({shown}) is it or a day beside it"
        )
    if kind == qualifiers.AS_STATED:
        return seed.first <= day <= seed.last, f"{written}: exact; holds if the record's day is it"
    if kind == qualifiers.UPPER:
        return day <= seed.last, f"{written}: holds if the record's day ({shown}) is not later"
    if kind == qualifiers.LOWER:
        return day >= seed.first, f"{written}: holds if the record's day ({shown}) is not earlier"
    raise ValueError(f"claim {claim.id}: qualifier {claim.qualifier!r} sets no date test")


def check_date(claim, source, fact, measure, seed_counts, record_counts):
    """A date against the day a record fact gives."""
    day = fact_day(fact, measure)
    passed, rule = date_holds(claim, day)
    verdict, rule = judge(passed, rule, seed_counts, record_counts)
    first, last = seed_window(source)
    written = qualifiers.as_written(claim)
    return Reconciled(
        claim.id, source.id, written, first, last, day, day, verdict, rule, held=passed
    )


def check_period(claim, source, fact, seed_counts, record_counts):
    """The period a figure covers against the period a record fact gives: holds if the
    record's period lies inside the seed's."""
    seed = span(claim.period)
    parts = fact["value"].split("/")
    first_day, last_day = span(parts[0]).first, span(parts[-1]).last
    inside = seed.first <= first_day and last_day <= seed.last
    rule = (
        f"the seed's period, {seed.first:%-d %B %Y} to {seed.last:%-d %B %Y}; holds if the "
        f"record's ({first_day:%-d %B %Y} to {last_day:%-d %B %Y}) lies inside it"
    )
    verdict, rule = judge(inside, rule, seed_counts, record_counts)
    first, last = seed_window(source)
    written = qualifiers.as_written(claim)
    return Reconciled(
        claim.id, source.id, written, first, last, first_day, last_day, verdict, rule, held=inside
    )


@dataclass(frozen=True)
class Planned:
    """One checked row of ``data/reconciliation.csv``."""

    id: str
    claim: str
    measure: str
    record: tuple
    seed_counts: str
    record_counts: str
    where: str
    cannot_check: str = ""


def load_plan(ledger, path=None, record_sources=None, facts_frame=None):
    """``data/reconciliation.csv``, checked: claims in the ledger, known measures, record ids
    that exist (a dataset for deaths, facts of ``official_record.csv`` otherwise, one fact
    where the measure reads one), and no typed number in what either side counts nor in why
    the record cannot check it (``cannot_check``, empty where it can)."""
    path = Path(path or PLAN_CSV)
    sources = record.load_sources(record_sources)
    facts_frame = record.facts(path=record_sources) if facts_frame is None else facts_frame
    fact_ids = set(facts_frame["id"])
    plan = []
    for row in read_rows(path, PLAN_COLUMNS, error=ClaimError):
        where = f"{path}: line {row.line}: {row['id']}"
        try:
            ledger.get(row["claim"])
        except KeyError:
            raise ClaimError(f"{where}: unknown claim {row['claim']!r}") from None
        measure, ids = row["measure"], tuple(row["record"].split())
        if measure not in MEASURES:
            raise ClaimError(f"{where}: unknown measure {measure!r} (one of {', '.join(MEASURES)})")
        if measure in DEATHS:
            if (
                len(ids) != 1
                or ids[0] not in sources
                or sources[ids[0]].dataset != record.FATALITIES
            ):
                raise ClaimError(f"{where}: record {row['record']!r} is not one fatalities dataset")
        elif unknown := [i for i in ids if i not in fact_ids]:
            raise ClaimError(f"{where}: unknown record fact(s) {', '.join(unknown)}")
        if not ids or (measure in ONE_FACT and len(ids) != 1):
            raise ClaimError(f"{where}: measure {measure!r} reads one record id, got {len(ids)}")
        for column in ("seed_counts", "record_counts"):
            if not row[column].strip():
                raise ClaimError(f"{where}: {column} is empty")
            if typed := typed_numbers(row[column]):
                raise ClaimError(f"{where}: number(s) typed into {column}: {', '.join(typed)}")
        if typed := typed_numbers(row["cannot_check"]):
            raise ClaimError(f"{where}: number(s) typed into cannot_check: {', '.join(typed)}")
        if measure in DEATHS and row["cannot_check"]:
            raise ClaimError(f"{where}: the fatalities dataset counts what a toll counts")
        plan.append(
            Planned(
                row["id"],
                row["claim"],
                measure,
                ids,
                row["seed_counts"],
                row["record_counts"],
                where,
                row["cannot_check"],
            )
        )
    return plan


def deaths_frames(plan):
    """``{dataset id: frame}`` of every fatalities dataset the plan reads, each verified."""
    ids = dict.fromkeys(row.record[0] for row in plan if row.measure in DEATHS)
    return {i: record.fatalities(i) for i in ids}


def reconcile(plan, ledger, registry, facts, deaths):
    """Every planned check, in plan order: ``[(planned row, Reconciled)]``. ``deaths`` maps a
    fatalities dataset id to its frame (:func:`record.fatalities`)."""
    by_id = facts.set_index("id", drop=False)
    out = []
    for row in plan:
        claim = ledger.get(row.claim)
        source = registry[claim.source]
        counts = (row.seed_counts, row.record_counts)
        cannot = row.cannot_check
        if row.measure in DEATHS:
            frame, scope = deaths[row.record[0]], DEATHS[row.measure]
            result = check(claim, source, lambda d, f=frame, s=scope: deaths_by(f, d, s), *counts)
        elif row.measure == CEILING:
            result = check_personnel(claim, source, facts, *counts, ids=row.record, cannot=cannot)
        elif row.measure == EVERY_CEILING:
            result = check_every_ceiling(claim, facts, row.record, *counts, cannot=cannot)
        elif row.measure == PERIOD:
            result = check_period(claim, source, by_id.loc[row.record[0]], *counts)
        else:
            result = check_date(claim, source, by_id.loc[row.record[0]], row.measure, *counts)
        out.append((row, result))
    return out


def run(ledger, facts=None, registry=None):
    """Every planned check on the vendored record, in plan order: the plan, the facts, the
    registry and the fatalities datasets it reads, loaded and verified (:func:`reconcile`)."""
    from sahel.evidence.registry import load_registry

    facts = record.facts() if facts is None else facts
    registry = registry or {s.id: s for s in load_registry()}
    plan = load_plan(ledger, facts_frame=facts)
    return reconcile(plan, ledger, registry, facts, deaths_frames(plan))


# --- A figure's grade over its readings -------------------------------------------------------


@dataclass(frozen=True)
class Grade:
    """A claim's grade over every reading of it (:data:`GRADES`), in words with the range the
    readings give (``text``), the readings under which it holds and fails, and the grade in a
    phrase a summary can carry (``short``: "not settled: the record narrows it to 170 to 311",
    "cannot be checked against deployed strength; closest to the authorised ceiling")."""

    claim: str
    grade: str
    text: str
    holds: tuple
    fails: tuple
    short: str = ""


def _held(verdict):
    return verdict in (CONSISTENT, SOMETHING_ELSE)


def _reading_words(row, result):
    """One reading in words: what it counts, the record's figure, and whether the figure holds
    (at each tolerance, for an approximate figure, when they differ)."""
    shown = _span_text(result.record_first, result.record_last)
    widths = dict(result.widths)
    if not widths or len({_held(v) for v in widths.values()}) == 1:
        said = "holds" if _held(result.verdict) else "fails"
    else:
        ok = [w for w, v in widths.items() if _held(v)]
        bad = [w for w, v in widths.items() if not _held(v)]
        said = f"holds at the {' and '.join(ok)} tolerance, fails at the {' and '.join(bad)}"
    return f"{row.record_counts}: {shown}, {said}"


def grade(checks):
    """The :class:`Grade` of one claim from all its checks ``[(Planned, Reconciled)]``: settled
    only if every reading, day and tolerance agrees; cannot be checked if any reading cannot;
    otherwise the record narrows it to the range its readings give."""
    claim = checks[0][1].claim
    cannot = [(row, r) for row, r in checks if r.verdict == CANNOT_CHECK]
    if cannot:
        why = "; ".join(dict.fromkeys(row.cannot_check for row, _ in cannot))
        tests = "; ".join(
            f"{r.as_written} {'holds' if r.held else 'does not hold'} against "
            f"{_span_text(r.record_first, r.record_last)} ({row.record_counts})"
            for row, r in cannot
        )
        lapsed = [r.rule.rsplit("; ", 1)[1] for _, r in cannot if "lapsed" in r.rule]
        after = f"; {lapsed[0]}" if lapsed else ""
        failed = [r.rule.split("; fails for ", 1)[1].split(";")[0] for _, r in cannot
                  if "; fails for " in r.rule]  # fmt: skip
        below = f"; every ceiling listed fails for {failed[0]}" if failed else ""
        text = f"{CANNOT_CHECK} {why}. Against the ceiling: {tests}{below}{after}"
        short = f"{CANNOT_CHECK} {cannot[0][0].cannot_check.split(',')[0]}"
        return Grade(claim, CANNOT_CHECK, text, (), (), short)
    covered = [(row, r) for row, r in checks if r.verdict != NOT_COVERED]
    if not covered:
        words = "the record holds no figure for the seed's date"
        return Grade(claim, NOT_COVERED, words, (), (), NOT_COVERED)
    every = [
        (row.record_counts, w, v)
        for row, r in covered
        for w, v in (dict(r.widths) or {qualifiers.STANDARD: r.verdict}).items()
    ]
    holds = tuple((name, w) for name, w, v in every if _held(v))
    fails = tuple((name, w) for name, w, v in every if v == INCONSISTENT)
    rules = "; ".join(dict.fromkeys(r.rule for _, r in covered))
    if not fails:
        label = SETTLED_ELSE if any(v == SOMETHING_ELSE for *_, v in every) else SETTLED_HOLDS
        return Grade(claim, label, f"{label}: {rules}", holds, fails, label)
    if not holds:
        return Grade(claim, SETTLED_FAILS, f"{SETTLED_FAILS}: {rules}", holds, fails, SETTLED_FAILS)
    values = sorted({v for _, r in covered for v in (r.record_first, r.record_last)})
    narrowed = _span_text(values[0], values[-1])
    readings = "; ".join(_reading_words(row, r) for row, r in covered)
    standard = sum(_held(r.verdict) for _, r in covered)
    text = (
        f"{NARROWED} to {narrowed}, depending on who and which deaths the figure counts: "
        f"{covered[0][1].as_written} holds under {number(standard)} of the "
        f"{number(len(covered))} readings at the standard tolerance ({readings})"
    )
    return Grade(claim, NARROWED, text, holds, fails, f"{NARROWED} to {narrowed}")


def grades(results):
    """``{claim id: Grade}`` of every claim the checks ``results`` read, in plan order."""
    by_claim = {}
    for row, result in results:
        by_claim.setdefault(result.claim, []).append((row, result))
    return {claim: grade(checks) for claim, checks in by_claim.items()}


# --- The table and the chapter's figures ------------------------------------------------------

TABLE_COLUMNS = (
    "id", "claim", "source", "as_written", "seed_first", "seed_last", "measure", "record",
    "tier", "record_first", "record_last", "seed_counts", "record_counts", "verdict",
    "verdict_stricter", "verdict_looser", "rule", "grade", "grade_text",
)  # fmt: skip


def _shown_value(value):
    return fmt_date(value.isoformat()) if isinstance(value, dt.date) else number(value)


def _span_text(first, last):
    low, high = _shown_value(first), _shown_value(last)
    return low if low == high else f"{low} to {high}"


def record_used(row, result, facts):
    """The record ids a check stands on: the dataset, or the facts it read (for the ceiling in
    force, the one fact in force on the seed's last day)."""
    if row.measure == CEILING:
        _, fact = ceiling_on(facts, result.last_day, row.record)
        return (fact["id"],) if fact is not None else row.record
    return row.record


def tier(ids, sources, facts):
    """``(tier in words, bibkeys)`` of the record a check stands on."""
    if ids[0] in sources:
        src = sources[ids[0]]
        text = (
            f"tier 2, dataset rows verified by sha256 and a strict loader: {src.dataset}, "
            f"last_update {fmt_date(src.version)}"
        )
        return text, [src.bibkey]
    rows = facts.set_index("id").loc[list(ids)]
    kinds = " and ".join(dict.fromkeys(f"{k} page" for k in rows["kind"]))
    text = f"tier 3, {kinds} checked by hand: fact {', '.join(ids)}"
    return text, list(dict.fromkeys(record.page_bibkeys(rows["url"]).values()))


def record_words(ids, sources, facts):
    """``(who, bibkeys)``: the record a check stands on, in plain words: a dataset's publisher,
    name and version of last update, or each page's publisher, title and address."""
    if ids[0] in sources:
        src = sources[ids[0]]
        who = f"{src.publisher}, dataset {src.dataset}, last update {fmt_date(src.version)}"
        return who, [src.bibkey]
    rows = facts.set_index("id").loc[list(ids)]
    pages = dict.fromkeys(
        f"{r.publisher}, \u201c{r.page_title}\u201d, {r.url}" for r in rows.itertuples()
    )
    return "; ".join(pages), list(dict.fromkeys(record.page_bibkeys(rows["url"]).values()))


def record_value(result):
    """What the record gives for a check, as the page shows it: one value, or first to last."""
    return _span_text(result.record_first, result.record_last)


def table(results, facts, sources=None):
    """``(csv frame, bibkeys by row)``: one row per check, in plan order."""
    sources = record.load_sources() if sources is None else sources
    rows, keys = [], []
    graded = grades(results)
    for row, r in results:
        ids = record_used(row, r, facts)
        widths = dict(r.widths)
        text, bibkeys = tier(ids, sources, facts)
        keys.append(bibkeys)
        rows.append(
            {
                "id": row.id, "claim": r.claim, "source": r.source, "as_written": r.as_written,
                "seed_first": r.first_day.isoformat(), "seed_last": r.last_day.isoformat(),
                "measure": row.measure, "record": " ".join(ids), "tier": text,
                "record_first": _shown_value(r.record_first),
                "record_last": _shown_value(r.record_last),
                "seed_counts": row.seed_counts, "record_counts": row.record_counts,
                "verdict": r.verdict,
                "verdict_stricter": widths.get(qualifiers.STRICTER, ""),
                "verdict_looser": widths.get(qualifiers.LOOSER, ""),
                "rule": r.rule,
                "grade": graded[r.claim].grade, "grade_text": graded[r.claim].text,
            }
        )  # fmt: skip
    return pd.DataFrame(rows, columns=TABLE_COLUMNS), keys


def shown(frame, keys, corpus):
    """The table as the page shows it, narrow enough for paper and phones: the seed's figure
    with its citation and date, the reading (what the record is taken to count), the record's
    value with its tier and citation, the verdict under this reading with its rule (and, for an
    approximate figure, at the stricter and looser tolerances), and the figure's grade over all
    its readings (the CSV keeps every column apart). Citations are built by code; every other
    cell is escaped by :func:`sahel.publish.markdown_table`."""
    from sahel.publish import cite, cite_all, escape_md

    def seed(row):
        when = _span_text(
            dt.date.fromisoformat(row.seed_first), dt.date.fromisoformat(row.seed_last)
        )
        citation = cite(corpus[row.source].source.bibkey)
        return f"{escape_md(row.as_written)} {citation}, {escape_md(when)}"

    def said(row, bibkeys):
        value = (
            row.record_first
            if row.record_first == row.record_last
            else (f"{row.record_first} to {row.record_last}")
        )
        return f"{escape_md(value)} ({escape_md(row.tier.split(',')[0])}) {cite_all(bibkeys)}"

    def verdict(row):
        widths = ""
        if row.verdict_stricter:
            widths = (
                f" (at the stricter tolerance {row.verdict_stricter}; at the looser "
                f"{row.verdict_looser})"
            )
        return f"{row.verdict}{widths}: {row.rule}"

    rows = list(frame.itertuples(index=False))
    return pd.DataFrame(
        {
            "the seed says": [seed(r) for r in rows],
            "read as": [r.record_counts for r in rows],
            "the record says": [said(r, k) for r, k in zip(rows, keys, strict=True)],
            "verdict under this reading": [verdict(r) for r in rows],
            "the figure's grade": [r.grade for r in rows],
        }
    )


def _key(claim_id):
    return claim_id.lower().replace("-", "_")


def figures(results, sources=None):
    """The section's figures for its prose, formatted, by glue name: the counts of checks and
    of figures by grade (traced to what they count), each figure's grade in words
    (``rec_grade_c001_03``…), the toll under each reading on the last day of the article's
    window (``rec_toll_<reading>``), the tolerances' reasons and the dataset's version."""
    sources = record.load_sources() if sources is None else sources
    verdicts = [r.verdict for _, r in results]
    graded = grades(results)
    by_id = {row.id: (row, r) for row, r in results}
    deaths = [(row, r) for row, r in results if row.measure in DEATHS]
    dataset = sources[deaths[0][0].record[0]]
    checked = "the seed figures checked against the public record (data/reconciliation.csv)"
    readings = "the readings of seed figures checked against the public record, one row each "
    readings += "of data/reconciliation.csv"

    def count(verdict, name):
        return traced(
            number(verdicts.count(verdict)),
            Formula(f"{readings}, found {verdict} under the standard tolerance", name=name),
        )

    def graded_count(labels, name):
        """How many figures have one of ``labels``, its inputs each such figure's grade (a
        link to its readings), its rule in a sentence."""
        chosen = [c for c, g in graded.items() if g.grade in labels]
        inputs = tuple(grade_texts[f"rec_grade_{_key(c)}_short"] for c in chosen)
        rule = (f"{checked}, counted where the grade is {' or '.join(labels)}: a figure is "
                "settled only when every reading of it agrees, narrowed when they differ, and "
                "cannot be checked when the record measures something else")
        return traced(number(len(chosen)), Formula(rule, inputs, name=name))

    from sahel.chapters import un_rows

    tolls, per_claim = {}, {}
    for row, r in deaths:
        scope = DEATHS[row.measure]
        slug = re.sub(r"[^a-z]+", "_", scope).strip("_")
        personnel, incidents = TOLL_READINGS[scope]
        for day, n in dict.fromkeys([(r.first_day, r.record_first), (r.last_day, r.record_last)]):
            words = f"mission_acronym {MISSION}, incident_date on or before {day.isoformat()}"
            if incidents:
                words += f", type_of_incident {' or '.join(incidents)}"
            if personnel:
                words += f", casualty_personnel_type {' or '.join(sorted(personnel))}"
            name = f"toll-{slug.replace('_', '-')}-to-{day.isoformat()}"
            where = [("incident_date", "<=", day.isoformat())]
            if incidents:
                where.append(("type_of_incident", "in", sorted(incidents)))
            if personnel:
                where.append(("casualty_personnel_type", "in", sorted(personnel)))
            value = traced(number(n), Query(dataset.id, name, words, n, number(n),
                                            un_rows.mission(*where)))
            per_claim.setdefault(r.claim, {}).setdefault(name, value)
        tolls.setdefault(f"rec_toll_{slug}", value)
    grade_words = (
        "the figure checked under every reading of it in the reconciliation with the public "
        "record (data/reconciliation.csv), on the first and last day its source may date from "
        "and, for an approximate figure, at each tolerance: settled only if all agree"
    )
    grade_texts = {}
    for c, g in graded.items():
        key = f"rec_grade_{_key(c)}"
        inputs = tuple(per_claim.get(c, {}).values())
        grade_texts[key] = traced(g.text, Formula(grade_words, inputs, name=key))
        short = f"{key}_short"
        grade_texts[short] = traced(g.short, Formula(grade_words, inputs, name=short))
    return {
        "rec_checks": traced(number(len(results)), Formula(readings, name="rec_checks")),
        "rec_figures": traced(number(len(graded)), Formula(
            f"{checked}, each with its grade", tuple(
                grade_texts[f"rec_grade_{_key(c)}_short"] for c in graded), name="rec_figures")),
        "rec_consistent": count(CONSISTENT, "rec_consistent"),
        "rec_something_else": count(SOMETHING_ELSE, "rec_something_else"),
        "rec_inconsistent": count(INCONSISTENT, "rec_inconsistent"),
        "rec_cannot": count(CANNOT_CHECK, "rec_cannot"),
        "rec_settled": graded_count((SETTLED_HOLDS, SETTLED_ELSE, SETTLED_FAILS), "rec_settled"),
        "rec_narrowed": graded_count((NARROWED,), "rec_narrowed"),
        "rec_cannot_figures": graded_count((CANNOT_CHECK,), "rec_cannot_figures"),
        "rec_fatalities_version": traced(
            fmt_date(dataset.version), Dataset(dataset.id, "version", dataset.version)
        ),
        **{f"rec_tolerance_{w}": reason for w, (_, reason) in qualifiers.TOLERANCES.items()},
        **tolls,
        **grade_texts,
        **{f"rec_grade_{_key(c)}_label": g.grade for c, g in graded.items()},
        **{f"rec_{k.lower().replace('-', '_')}_verdict": r.verdict for k, (_, r) in by_id.items()},
    }
