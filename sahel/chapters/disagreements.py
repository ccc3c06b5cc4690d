"""Where the sources disagree: computed from the ledger and the record, never hand-picked.

The unit compared is a *quantity*: the claims filed under one subject, or under several subjects
that ``data/picks.csv`` declares one quantity (kind ``subjects``, key
``disagreements.same_quantity.…``, with the reason), so the same thing filed under two labels
is still compared (:func:`quantities`). A quantity is flagged

- **across sources** or **within one source** when its claims give incompatible dates (a
  year-only date agrees with any day in that year), different values, or different figures or
  qualifiers that are not only a difference of wording (below). Figures disagree in value only
  when their intervals (qualifier and tolerance, :func:`sahel.evidence.qualifiers.interval`) do
  not overlap and they count the same thing at the same time (:mod:`sahel.evidence.scope`); a
  quantity several sources give is also checked source by source, so a seed that contradicts
  itself is flagged on its own even when other sources agree with one of its figures;
- **against the record** when the reconciliation with the public record
  (:mod:`sahel.chapters.reconciliation`) grades a claim anything but "settled: borne out" (it
  does not bear it out, bears it out only under some readings, only as counting something else,
  or cannot check it), though the seeds agree among themselves.

Claims that are the same figure worded differently are not flags: they go to a short list
(:func:`worded`), unless the record disagrees. That is: intervals that overlap with the same
scope and time; compatible dates at another precision or with another qualifier; a deadline
("by December 31") and a planned end ("conclude on December 31") of the same day; a boundary
named by the last day before it and by the first day after it ("as of June 30" and "as of
July 1": the end of one day is the start of the next); or the same value written otherwise.

Every flag carries the checks of its claims against the record and a computed *settlement*
(:func:`settlement`), from the grade of each claim over all its readings
(:func:`sahel.chapters.reconciliation.grades`): "settled" only when every reading agrees. An
analyst's reading from ``data/readings.csv`` says what the report does; it names the settlement
it was written for, and a reading whose settlement the record no longer gives is refused
(:class:`ReadingError`), so a change in the record changes the verdict and cannot leave the
reading behind. Flags re-graded since an earlier edition are listed from ``data/regrades.csv``
(:func:`load_regrades`), each with what it was, what it is now (computed) and why. The seeds' own
defects come from ``data/source_defects.csv``.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sahel import content, paths
from sahel.chapters import reconciliation as rec
from sahel.dates import compatible_dates, iso_parts, precision, span
from sahel.evidence import scope
from sahel.evidence.claims import ClaimError, read_quoted_rows
from sahel.evidence.qualifiers import (
    AS_STATED,
    EXACT,
    as_written,
    interval,
    is_lower_bound,
    is_upper_bound,
    overlap,
    range_text,
)
from sahel.evidence.tables import read_rows
from sahel.formatting import and_list, figure, number, whole_percent
from sahel.provenance import Formula, derived, traced

READINGS_CSV = paths.DATA / "readings.csv"
REGRADES_CSV = paths.DATA / "regrades.csv"
REGRADE_COLUMNS = ("id", "quantity", "was", "why")
WORDED_NOW = "not a flag: the same figure, worded differently"
DEFECTS_CSV = paths.DATA / "source_defects.csv"
READING_COLUMNS = ("id", "flag", "uses", "verdict", "reading")
DEFECT_COLUMNS = ("id", "source", "kind", "quote", "reading")
NO_READING = "No analyst's reading is recorded for this flag yet."
ACROSS, WITHIN, RECORD = "across sources", "within one source", "against the record"
SCOPES = (ACROSS, WITHIN, RECORD)
SAME_QUANTITY = "disagreements.same_quantity."
JOIN, IN = " = ", " in "
RECORD_DISAGREES = "the record disagrees"
RECORD_ELSE = "the record counts something else"
RECORD_SOME = "the record bears it out only under some readings"
RECORD_CANNOT = "the record measures something else"
#: what a claim's grade adds to a flag's kinds
RECORD_KINDS = {
    rec.SETTLED_FAILS: RECORD_DISAGREES,
    rec.NARROWED: RECORD_SOME,
    rec.SETTLED_ELSE: RECORD_ELSE,
    rec.CANNOT_CHECK: RECORD_CANNOT,
}
SAME_BOUNDARY = "same boundary"
WORDING = ("values overlap", "qualifiers differ", SAME_BOUNDARY)
#: whether the record settles a flag, from the grades of its claims (:func:`settlement`)
NOT_COVERED = "not covered by the record"
SETTLED = "settled by the record"
BORNE_OUT = "borne out by the record"
BORNE_OUT_ELSE = "borne out, counting something else"
CONTRADICTED = "contradicted by the record"
NARROWED = "not settled: the record narrows it"
CANNOT = "cannot be checked against the record"
SETTLEMENTS = (SETTLED, BORNE_OUT, BORNE_OUT_ELSE, CONTRADICTED, NARROWED, CANNOT, NOT_COVERED)
_HOLDS = (rec.SETTLED_HOLDS, rec.SETTLED_ELSE)
DEFECTS_SHOWN = ("source", "kind", "quote", "reading")  # the defects' ids stay in the CSV
FLAG_COLUMNS = (
    "flag", "subjects", "kind", "scope", "claims", "sources", "checks", "record_figures",
    "difference", "settlement",
)  # fmt: skip
WORDED_COLUMNS = ("quantity", "claims", "sources", "as_written", "how")
PLACEHOLDER = re.compile(r"\{(C\d{3}-\d+)\}")
CHECK_PLACEHOLDER = re.compile(r"\{(X-\d+)\}")
_KEY = re.compile(r"(?P<subjects>[a-z0-9_.]+(?: = [a-z0-9_.]+)*)(?: in (?P<source>S\d{3,}))?")


class ReadingError(ClaimError):
    """An analyst's reading does not fit the flag it reads (unknown flag or check, or written
    for a settlement the record no longer gives)."""


def fill(text, ledger, where):
    """Replace ``{C000-01}`` placeholders with the claim as written; unknown ids fail."""

    def replace(match):
        try:
            return as_written(ledger.get(match.group(1)))
        except KeyError:
            raise ClaimError(f"{where}: unknown claim {match.group(1)!r}") from None

    filled = PLACEHOLDER.sub(replace, text)
    return filled[:1].upper() + filled[1:]


def fill_checks(text, results, where):
    """Replace ``{X-01}`` placeholders with what the record gives for that check of the
    reconciliation (``results``: its ``(Planned, Reconciled)`` pairs); unknown ids fail."""
    checks = {row.id: result for row, result in results}

    def replace(match):
        if match.group(1) not in checks:
            raise ReadingError(f"{where}: unknown check {match.group(1)!r}")
        return rec.record_value(checks[match.group(1)])

    return CHECK_PLACEHOLDER.sub(replace, text)


def _date_gap(claims):
    """Days between the dates the claims allow, read as their qualifiers mean them: a date is
    the span of days its precision leaves open ("2023": any day of the year), a deadline ("by",
    "by the end of") any day up to its last, a start ("since") any day from its first. 0 when
    one day fits them all ("by the end of 2023" and "December 31, 2023")."""
    earliest, latest = [], []
    for claim in claims:
        days = span(claim.date)
        if not is_upper_bound(claim.qualifier):
            earliest.append(days.first)
        if not is_lower_bound(claim.qualifier):
            latest.append(days.last)
    if not earliest or not latest:
        return 0
    return max(0, (max(earliest) - min(latest)).days)


# --- quantities: subjects compared as one ------------------------------------------------------


def quantities(ledger, joined=None):
    """The subjects compared as one quantity, in ledger order: each subject alone, except those
    a same-quantity pick joins (``joined``: tuples of subjects; by default the picks whose key
    starts with :data:`SAME_QUANTITY`)."""
    joined = content.picks_under(SAME_QUANTITY) if joined is None else joined
    joined = joined.values() if isinstance(joined, dict) else joined
    parent = {s: s for s in ledger.subjects()}

    def root(subject):
        while parent[subject] != subject:
            subject = parent[subject]
        return subject

    for subjects in joined:
        if unknown := [s for s in subjects if s not in parent]:
            raise ClaimError(f"same-quantity pick: no claim has subject {unknown[0]!r}")
        for other in subjects[1:]:
            parent[root(other)] = root(subjects[0])
    groups = {}
    for subject in ledger.subjects():
        groups.setdefault(root(subject), []).append(subject)
    return [tuple(g) for g in groups.values()]


def quantity_key(subjects, source=None):
    """A flag's key: its subjects joined by " = ", and " in S003" for one source's claims."""
    return JOIN.join(subjects) + (f"{IN}{source}" if source else "")


# --- what differs -----------------------------------------------------------------------------


def _difference(claims, scopes):
    numbers = _numbers(claims)
    aspects = scope.differences(numbers, scopes) if numbers else []
    text = _value_difference(claims)
    if aspects:
        text += f"; they differ in {and_list(aspects)}: "
        text += scope.described(numbers, scopes, lambda c: f"“{as_written(c)}”")
    return text


def _value_difference(claims):
    dated = [c for c in claims if c.is_date]
    if dated:
        gap = _date_gap(dated)
        return f"{gap:,} day{'s' if gap != 1 else ''} apart" if gap else "same date"
    numbers = _numbers(claims)
    values = [c.value for c in numbers]
    if not numbers:
        return "same value" if len({c.value for c in claims}) == 1 else "different values"
    if min(values) == max(values):
        if len({c.qualifier for c in numbers}) == 1:
            return "same value"
        return "same value, different qualifiers"
    intervals = sorted((interval(c) for c in numbers), key=lambda iv: iv.middle)
    low, high = intervals[0], intervals[-1]
    if _all_overlap(intervals):
        spans = "; ".join(f"{as_written(c)}: {range_text(interval(c), figure)}" for c in numbers)
        return f"none in value: the intervals overlap ({spans})"
    gap = high.minus(low)
    if gap.kind == AS_STATED:
        return f"{number(gap.low)} ({whole_percent(gap.low / low.middle)} of the lower figure)"
    return f"{range_text(gap, figure)} apart"


def _numbers(claims):
    return [c for c in claims if not c.is_date and isinstance(c.value, int | float)]


def _all_overlap(intervals):
    return all(overlap(a, b) for a in intervals for b in intervals)


def _kinds(claims, scopes):
    """What differs. Numbers differ in value only when their intervals (qualifier and
    tolerance, see :mod:`sahel.evidence.qualifiers`) do not overlap and they count the same
    thing at the same time (:mod:`sahel.evidence.scope`); different figures whose intervals
    overlap are "values overlap", those that count something else or at another time
    "scope or time differ"."""
    kinds = []
    dated = [c for c in claims if c.is_date]
    if any(not compatible_dates(a.date, b.date) for a in dated for b in dated):
        boundary = all(
            compatible_dates(a.date, b.date) or same_boundary(a, b) for a in dated for b in dated
        )
        kinds.append(SAME_BOUNDARY if boundary else "dates differ")
    numbers = _numbers(claims)
    others = {c.value for c in claims if not c.is_date and c not in numbers}
    if len(others) > 1:
        kinds.append("values differ")
    elif len({c.value for c in numbers}) > 1:
        overlapping = _all_overlap([interval(c) for c in numbers])
        if overlapping:
            kinds.append("values overlap")
        else:
            scoped = scope.differences(numbers, scopes)
            kinds.append("scope or time differ" if scoped else "values differ")
    numbers = [c for c in claims if not c.is_date]
    if len({c.qualifier for c in numbers}) > 1 and not kinds:
        kinds.append("qualifiers differ")
    return kinds


def same_boundary(a, b):
    """True if two day-precise dates both written "as of" name the same boundary: the same
    day, or days side by side (the end of one day is the start of the next)."""
    if a.qualifier != rec.BOUNDARY or b.qualifier != rec.BOUNDARY:
        return False
    if precision(a.date) != "day" or precision(b.date) != "day":
        return False
    return abs((span(a.date).first - span(b.date).first).days) <= 1


def only_wording(claims, kinds, scopes):
    """True if what differs is only how the figure is worded: overlapping intervals or another
    qualifier (:data:`WORDING`), every figure scoped, counting the same thing at the same time."""
    if not set(kinds) <= set(WORDING):
        return False
    numbers = _numbers(claims)
    if any(c.id not in scopes for c in numbers):
        return False
    return not scope.differences(numbers, scopes)


def _wording(claims):
    """How claims that give the same figure differ in their wording, in words."""
    qualifiers = list(dict.fromkeys(c.qualifier for c in claims))
    if all(c.is_date for c in claims):
        if any(not compatible_dates(a.date, b.date) for a in claims for b in claims):
            return (
                "the same boundary, named by the last day before it and by the first day after "
                "it (the end of one day is the start of the next)"
            )
        precisions = {sum(p is not None for p in iso_parts(c.date)) for c in claims}
        text = "the same date at different precision" if len(precisions) > 1 else "the same date"
        deadline = [c for c in claims if is_upper_bound(c.qualifier)]
        on = [c for c in claims if c.qualifier == EXACT and precision(c.date) == "day"]
        if deadline and on and all(span(c.date).last == span(on[0].date).first for c in deadline):
            text += ", a deadline (“by”) and a planned end (“on”) of the same day"
            return text
    else:
        text = _value_difference(claims).replace("same value", "the same figure")
    if len(qualifiers) > 1 and "qualifiers" not in text:
        text += f", different qualifiers ({', '.join(qualifiers)})"
    if text in ("the same date", "the same figure"):
        text += ", written differently"
    return text


# --- the record ---------------------------------------------------------------------------------


def outcomes(claims, checks):
    """``{claim id: Grade}``: the grade over all its readings of each claim the record checks
    (:func:`sahel.chapters.reconciliation.grades`); claims it does not check are left out, and
    so are those it holds no figure for."""
    ids = {c.id for c in claims}
    mine = [(row, r) for row, r in checks if r.claim in ids]
    return {k: g for k, g in rec.grades(mine).items() if g.grade != rec.NOT_COVERED}


def settlement(claims, checks):
    """Whether the record settles a flag (one of :data:`SETTLEMENTS`), from the grades of its
    claims: cannot be checked if the record cannot check one; not settled if it bears one out
    only under some readings; otherwise settled when it bears out some figures and not others,
    borne out (or borne out counting something else) when all, contradicted when none; not
    covered when it checks none."""
    grades = {g.grade for g in outcomes(claims, checks).values()}
    if not grades:
        return NOT_COVERED
    if rec.CANNOT_CHECK in grades:
        return CANNOT
    if rec.NARROWED in grades:
        return NARROWED
    if rec.SETTLED_FAILS in grades:
        return SETTLED if grades - {rec.SETTLED_FAILS} else CONTRADICTED
    return BORNE_OUT_ELSE if rec.SETTLED_ELSE in grades else BORNE_OUT


@dataclass(frozen=True)
class Flag:
    """One flag: its key, subjects, what differs, where (:data:`SCOPES`), the claims, the
    record's checks of them ``((Planned, Reconciled), …)`` and the seeds' difference."""

    key: str
    subjects: tuple
    kinds: tuple
    scope: str
    claims: tuple
    checks: tuple = field(default=())
    difference: str = ""

    @property
    def settlement(self):
        return settlement(self.claims, self.checks)

    def row(self):
        return {
            "flag": self.key,
            "subjects": " ".join(self.subjects),
            "kind": "; ".join(self.kinds),
            "scope": self.scope,
            "claims": " ".join(c.id for c in self.claims),
            "sources": " ".join(sorted({c.source for c in self.claims})),
            "checks": " ".join(row.id for row, _ in self.checks),
            "record_figures": "; ".join(
                f"{row.id}: {rec.record_value(r)}" for row, r in self.checks
            ),
            "difference": self.difference,
            "settlement": self.settlement,
        }


@dataclass(frozen=True)
class Worded:
    """Claims about one quantity that give the same figure worded differently."""

    key: str
    claims: tuple
    how: str

    def row(self):
        return {
            "quantity": self.key,
            "claims": " ".join(c.id for c in self.claims),
            "sources": " ".join(sorted({c.source for c in self.claims})),
            "as_written": "; ".join(f"{as_written(c)} ({c.source})" for c in self.claims),
            "how": self.how,
        }


def analyse(ledger, scopes=None, joined=None, results=()):
    """``(flags, worded)``: every :class:`Flag` and every :class:`Worded` entry, in ledger
    order. ``scopes``: :func:`sahel.evidence.scope.load_scopes` by default; ``joined``: the
    same-quantity picks (:func:`quantities`); ``results``: the reconciliation's checks
    (:func:`sahel.chapters.reconciliation.run`), none by default."""
    scopes = scope.load_scopes(ledger) if scopes is None else scopes
    flags, worded = [], []
    for subjects in quantities(ledger, joined):
        claims = [c for s in subjects for c in ledger.by_subject(s)]
        ids = {c.id for c in claims}
        checks = tuple((row, r) for row, r in results if row.claim in ids)
        graded = {g.grade for g in outcomes(claims, checks).values()}
        record_kinds = [RECORD_KINDS[g] for g in RECORD_KINDS if g in graded]
        kinds = _kinds(claims, scopes)
        sources = sorted({c.source for c in claims})
        key = quantity_key(subjects)
        conflict = bool(kinds) and not only_wording(claims, kinds, scopes)
        if conflict:
            where = ACROSS if len(sources) > 1 else WITHIN
            difference = _difference(claims, scopes)
            flags.append(
                Flag(
                    key, subjects, (*kinds, *record_kinds), where, tuple(claims), checks, difference
                )
            )
        elif record_kinds:
            difference = _difference(claims, scopes) if len(claims) > 1 else ""
            flags.append(
                Flag(key, subjects, tuple(record_kinds), RECORD, tuple(claims), checks, difference)
            )
        elif kinds or len({as_written(c) for c in claims}) > 1:
            worded.append(Worded(key, tuple(claims), _wording(claims)))
        if len(sources) > 1:
            flags += _within(subjects, claims, checks, scopes)
    return flags, worded


def _within(subjects, claims, checks, scopes):
    """A flag for each source that contradicts itself about a quantity others also give."""
    found = []
    for source in sorted({c.source for c in claims}):
        own = [c for c in claims if c.source == source]
        kinds = _kinds(own, scopes) if len(own) > 1 else []
        if kinds and not only_wording(own, kinds, scopes):
            ids = {c.id for c in own}
            mine = tuple((row, r) for row, r in checks if row.claim in ids)
            key = quantity_key(subjects, source)
            found.append(
                Flag(
                    key, subjects, tuple(kinds), WITHIN, tuple(own), mine, _difference(own, scopes)
                )
            )
    return found


def table(flags):
    """The flags as a frame, one row each (:meth:`Flag.row`): the chapter's CSV."""
    return pd.DataFrame([f.row() for f in flags], columns=list(FLAG_COLUMNS))


def worded_table(entries):
    """The worded-differently list as a frame, one row per quantity (:meth:`Worded.row`)."""
    return pd.DataFrame([w.row() for w in entries], columns=list(WORDED_COLUMNS))


def find(ledger, scopes=None, joined=None, results=()):
    """One row per flag (:func:`analyse`): key, subjects, kind, scope, claim ids, sources, the
    record's checks and figures, the seeds' difference and the settlement."""
    return table(analyse(ledger, scopes, joined, results)[0])


def worded(ledger, scopes=None, joined=None, results=()):
    """One row per quantity whose claims give the same figure worded differently."""
    return worded_table(analyse(ledger, scopes, joined, results)[1])


def figures(ledger, flags, worded_rows=None, joined=None):
    """The chapter's counts for its prose, formatted, by glue name (``flags``: :func:`find`;
    ``worded_rows``: :func:`worded`), each traced to what it counts."""
    from sahel.chapters.appendix import ledger_figures

    joined = content.picks_under(SAME_QUANTITY) if joined is None else joined
    pairs = len(joined)
    counts = ledger_figures(ledger)
    raised = "the flags of the chapter's first table (a quantity on which the sources disagree "
    raised += "with each other, with themselves or with the public record)"

    def counted(key, n, words):
        return derived(key, number(n), words)

    out = {
        "dis_claims": counts["ledger_claims"],
        "dis_subjects": counts["ledger_subjects"],
        "dis_flagged": counted("dis_flagged", len(flags), raised),
        "dis_across": counted(
            "dis_across", (flags["scope"] == ACROSS).sum(), raised + ", from one source to another"
        ),
        "dis_within": counted(
            "dis_within", (flags["scope"] == WITHIN).sum(), raised + ", within one source"
        ),
        "dis_record": counted(
            "dis_record", (flags["scope"] == RECORD).sum(), raised + ", raised only by the record"
        ),
        "dis_settled": counted(
            "dis_settled",
            (flags["settlement"] == SETTLED).sum(),
            raised + ", settled by the record",
        ),
        "dis_checked": counted(
            "dis_checked",
            (flags["settlement"] != NOT_COVERED).sum(),
            raised + ", whose claims the record covers",
        ),
        "dis_joined": (
            "no two subjects are declared one quantity"
            if not pairs
            else traced(
                f"{number(pairs)} declaration{'s' if pairs != 1 else ''} join subjects into "
                "one quantity",
                Formula("the same-quantity picks of data/picks.csv", name="dis_joined"),
            )
        ),
    }
    if worded_rows is not None:
        out["dis_worded"] = counted(
            "dis_worded",
            len(worded_rows),
            "the quantities whose claims give the same figure "
            "worded differently, as the chapter's list of them shows",
        )
    return out


# --- readings -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """An analyst's reading of one flag: what the report uses, the settlement the text was
    written for, and the text (placeholders filled, check placeholders kept until shown)."""

    id: str
    flag: str
    uses: str
    verdict: str
    text: str
    where: str


def load_readings(ledger, path=None, plan=None):
    """``{flag key: Reading}``: each flag key names subjects of the ledger (and a registered
    source id after " in "), each verdict is one of :data:`SETTLEMENTS`, claim placeholders are
    filled and check placeholders name checks of the reconciliation ``plan`` (if given)."""
    path = Path(path or READINGS_CSV)
    readings = {}
    subjects = set(ledger.subjects())
    known = None if plan is None else {row.id for row in plan}
    for row in read_rows(path, READING_COLUMNS, error=ClaimError):
        where = f"{path}: line {row.line}: reading {row['id']}"
        match = _KEY.fullmatch(row["flag"])
        if not match:
            raise ReadingError(
                f"{where}: flag {row['flag']!r} is not SUBJECT[ = SUBJECT…][ in SOURCE]"
            )
        for subject in match["subjects"].split(JOIN):
            if subject not in subjects:
                raise ReadingError(f"{where}: no claim has subject {subject!r}")
        if row["verdict"] not in SETTLEMENTS:
            raise ReadingError(
                f"{where}: verdict {row['verdict']!r} is not one of {', '.join(SETTLEMENTS)}"
            )
        if known is not None and (
            unknown := set(CHECK_PLACEHOLDER.findall(row["reading"])) - known
        ):
            raise ReadingError(f"{where}: unknown check(s) {', '.join(sorted(unknown))}")
        if row["flag"] in readings:
            raise ReadingError(f"{where}: flag {row['flag']!r} is read twice")
        text = fill(row["reading"], ledger, where)
        readings[row["flag"]] = Reading(
            row["id"], row["flag"], row["uses"], row["verdict"], text, where
        )
    return readings


def check_readings(flags, readings):
    """Every reading reads a flag raised now, written for the settlement the record now gives
    (:class:`ReadingError` naming the reading otherwise); returns the readings."""
    by_key = {f.key: f for f in flags}
    for key, found in readings.items():
        if key not in by_key:
            raise ReadingError(f"{found.where}: no flag {key!r} is raised: drop or revise it")
        if found.verdict != by_key[key].settlement:
            raise ReadingError(
                f"{found.where}: written for {found.verdict!r}, but the record now gives "
                f"{by_key[key].settlement!r} for {key}: revise the reading"
            )
    return readings


def reading_for(flag, readings, results):
    """``(uses, text)`` of the reading of ``flag``, its check placeholders filled; a reading
    written for another settlement than the record now gives is refused (:class:`ReadingError`)."""
    found = readings.get(flag.key)
    if found is None:
        return "not decided", NO_READING
    check_readings([flag], {flag.key: found})
    return found.uses, fill_checks(found.text, results, found.where)


# --- re-graded flags --------------------------------------------------------------------------


@dataclass(frozen=True)
class Regrade:
    """A flag re-graded since an earlier edition: what it was, what it is now (computed from the
    flags and the worded-differently list) and why."""

    id: str
    quantity: str
    was: str
    now: str
    why: str


def load_regrades(ledger, flags, entries, path=None):
    """The re-graded flags of ``data/regrades.csv``: each ``quantity`` a key of a flag raised
    now or of an entry of the worded-differently list, what it is now computed from them, claim
    placeholders filled and no typed number in what it was or why. A row whose grade has not
    changed (the old words name today's settlement) is refused."""
    from sahel.prose import typed_numbers

    path = Path(path or REGRADES_CSV)
    by_flag = {f.key: f for f in flags}
    by_worded = {w.key: w for w in entries}
    found = []
    for row in read_rows(path, REGRADE_COLUMNS, error=ClaimError):
        where = f"{path}: line {row.line}: {row['id']}"
        key = row["quantity"]
        if key in by_flag:
            now = by_flag[key].settlement
        elif key in by_worded:
            now = f"{WORDED_NOW} ({by_worded[key].how})"
        else:
            raise ReadingError(f"{where}: {key!r} is neither a flag nor a worded-differently entry")
        for column in ("was", "why"):
            if not row[column].strip():
                raise ReadingError(f"{where}: {column} is empty")
            if typed := typed_numbers(PLACEHOLDER.sub("", row[column])):
                raise ReadingError(f"{where}: number(s) typed into {column}: {', '.join(typed)}")
        was = fill(row["was"], ledger, where)
        if was.casefold().startswith(now.casefold()):
            raise ReadingError(f"{where}: it was {now!r} and still is: not a re-grade")
        found.append(Regrade(row["id"], key, was, now, fill(row["why"], ledger, where)))
    return found


def regrades_table(regrades):
    """The re-graded flags as a frame (the chapter's CSV), one row each."""
    return pd.DataFrame(
        [{"quantity": r.quantity, "was": r.was, "now": r.now, "why": r.why} for r in regrades],
        columns=["quantity", "was", "now", "why"],
    )


def regrades_shown(regrades, known=None):
    """The re-graded flags as the page shows them: the quantity in plain words, what it was,
    what it is now and why. Cells are MyST, escaped here."""
    from sahel.publish import escape_md

    known = labels() if known is None else known
    return pd.DataFrame(
        {
            "quantity": [escape_md(label(r.quantity.split(JOIN), known)) for r in regrades],
            "was": [escape_md(r.was) for r in regrades],
            "now": [escape_md(r.now) for r in regrades],
            "why": [escape_md(r.why) for r in regrades],
        }
    )


# --- defects ------------------------------------------------------------------------------------


def load_defects(corpus, ledger, path=None):
    """The seeds' own defects, each quote verified verbatim in its source."""
    path = Path(path or DEFECTS_CSV)
    rows = read_quoted_rows(path, DEFECT_COLUMNS, corpus, "defect")
    for row in rows:
        row["reading"] = fill(row["reading"], ledger, row["_where"])
    return pd.DataFrame(rows, columns=DEFECT_COLUMNS)


def defects_shown(defects, corpus):
    """The defects as the chapter's table shows them: each source as a citation."""
    from sahel.publish import cite_column

    return cite_column(defects, corpus)[list(DEFECTS_SHOWN)]


# --- what the chapter shows ---------------------------------------------------------------------


def source_words(source):
    """A seed in plain words: its kind, title and publisher (or that none is stated)."""
    stated = source.publisher and not source.publisher.lower().startswith("not stated")
    who = source.publisher if stated else "publisher not stated"
    return f"{source.kind} “{source.title}”, {who}"


def _figure_md(claim, corpus):
    from sahel.publish import cite, escape_md

    return f"“{escape_md(as_written(claim))}” {cite(corpus[claim.source].source.bibkey, 'p')}"


def _record_md(checks, facts, sources):
    """What the record says beside a seed's quote: its figure under each reading (what it
    counts), whose record it is (in words, with citation) and the figure's grade over all its
    readings."""
    from sahel.publish import cite_all, escape_md

    said = "; ".join(f"{row.record_counts}: {rec.record_value(r)}" for row, r in checks)
    whose, keys = {}, []
    for row, result in checks:
        who, bibkeys = rec.record_words(rec.record_used(row, result, facts), sources, facts)
        whose.setdefault(who, None)
        keys += [k for k in bibkeys if k not in keys]
    graded = rec.grade(list(checks)).grade
    return f"{escape_md(said)}; {escape_md('; '.join(whose))} {cite_all(keys)}: {escape_md(graded)}"


def side_by_side(flag, corpus, facts=None, sources=None):
    """Every claim of a flag in words: who says it (kind, title, publisher and citation), the
    figure as written, the verbatim quote and, beside it, what the record says of it. Cells are
    MyST, escaped here (seed text is data)."""
    from sahel.evidence import record
    from sahel.publish import cite, escape_md

    if flag.checks:
        facts = record.facts() if facts is None else facts
        sources = record.load_sources() if sources is None else sources
    rows = []
    for c in flag.claims:
        checks = [ch for ch in flag.checks if ch[0].claim == c.id]
        beside = _record_md(checks, facts, sources) if checks else "—"
        src = corpus[c.source].source
        rows.append(
            {
                "who says it": f"{escape_md(source_words(src))} {cite(src.bibkey, 'p')}",
                "as written": escape_md(as_written(c)),
                "in their words": f"“{escape_md(c.quote)}”",
                "the record": beside,
            }
        )
    return pd.DataFrame(rows, columns=["who says it", "as written", "in their words", "the record"])


def settlement_markdown(flag, corpus):
    """Whether the record settles the flag, in words: the settlement, then each checked figure
    quoted with its citation and its grade over all its readings (with the range the readings
    give, or why the record cannot check it)."""
    from sahel.publish import escape_md

    found = outcomes(flag.claims, flag.checks)
    label = flag.settlement
    if label == NOT_COVERED:
        return (
            "**Does the record settle it?** Not covered by the record: the reconciliation with "
            "the public record checks none of these figures."
        )
    parts = [
        f"{_figure_md(c, corpus)}: {escape_md(found[c.id].text)}"
        for c in flag.claims
        if c.id in found
    ]
    unchecked = [c for c in flag.claims if c.id not in found]
    if unchecked:
        parts.append(f"it holds nothing on {and_list(_figure_md(c, corpus) for c in unchecked)}")
    said = " ".join(_sentence(p) for p in parts)
    return f"**Does the record settle it?** {label[:1].upper()}{label[1:]}. {said}"


def _sentence(text):
    return text[:1].upper() + text[1:] + "."


LABEL_EXHIBITS = ("tbl_disagreements", "tbl_disagreements_worded")


def labels():
    """``{subject: label}``: the quantities the chapter shows, in plain words, from the rows of
    ``data/series.csv`` for its two tables (the subject label stays in the CSVs)."""
    found = {}
    for exhibit in LABEL_EXHIBITS:
        for subject, _, label in content.series(exhibit):
            found.setdefault(subject, label)
    return found


def label(subjects, known=None):
    """A quantity in plain words: the label of the first of its subjects that has one (its
    subject labels, joined, if none has: :func:`unlabelled` lists those)."""
    known = labels() if known is None else known
    return next((known[s] for s in subjects if s in known), JOIN.join(subjects))


def unlabelled(flags, entries, known=None):
    """Keys of the flags and worded-differently entries no label names in plain words."""
    known = labels() if known is None else known
    subjects = [f.subjects for f in flags] + [tuple(w.key.split(JOIN)) for w in entries]
    return [JOIN.join(s) for s in subjects if not any(x in known for x in s)]


def _cited(text, corpus):
    """``text`` escaped, each "(S001)" it names turned into that source's citation."""
    from sahel.publish import cite, escape_md

    shown = escape_md(text)
    for sid, doc in corpus.items():
        shown = shown.replace(f"\\({sid}\\)", cite(doc.source.bibkey, "p"))
    return shown


def summary_table(flags, readings, corpus, known=None):
    """The flags (:class:`Flag` objects) as the chapter's summary table shows them: the
    quantity in words, what differs, where, how (sources cited), whether the record settles it
    and what the report uses. Cells are MyST, escaped here."""
    from sahel.publish import escape_md

    known = labels() if known is None else known
    return pd.DataFrame(
        {
            "quantity": [escape_md(label(f.subjects, known)) for f in flags],
            "what differs": [escape_md("; ".join(f.kinds)) for f in flags],
            "where": [escape_md(f.scope) for f in flags],
            "how": [_cited(f.difference, corpus) if f.difference else "—" for f in flags],
            "the record": [escape_md(f.settlement) for f in flags],
            "report uses": [
                escape_md(readings[f.key].uses if f.key in readings else "not decided")
                for f in flags
            ],
        }
    )


def details_markdown(flags, corpus, readings, results=(), facts=None, sources=None, known=None):
    """One numbered table of side-by-side quotes per flag (``flags``: :class:`Flag` objects),
    named in plain words (:func:`label`), each followed by how the sources differ, whether the
    record settles it and the analyst's reading."""
    from sahel.publish import cite_all, escape_md, markdown_table

    known = labels() if known is None else known
    blocks = []
    for flag in flags:
        shown = side_by_side(flag, corpus, facts, sources)
        keys = [corpus[c.source].source.bibkey for c in flag.claims]
        kinds = "; ".join(flag.kinds)
        named = escape_md(label(flag.subjects, known))
        caption = f"{named}: {escape_md(kinds)}, {escape_md(flag.scope)} {cite_all(keys)}."
        name = "tbl-disagree-" + re.sub(r"[^a-z0-9]+", "-", flag.key.lower()).strip("-")
        blocks.append(
            markdown_table(shown, caption=caption, name=name, trusted=tuple(shown.columns))
        )
        if flag.difference:
            blocks.append(
                f"**How the sources differ.** {_cited(_sentence(flag.difference), corpus)}"
            )
        blocks.append(settlement_markdown(flag, corpus))
        _, text = reading_for(flag, readings, results)
        blocks.append(f"**Reading.** {escape_md(text)}")
    return "\n\n".join(blocks)


def worded_shown(entries, corpus, known=None):
    """The worded-differently list as the page shows it: the quantity in plain words, each
    figure quoted with its citation, how they differ. Cells are MyST, escaped here."""
    from sahel.publish import escape_md

    known = labels() if known is None else known
    return pd.DataFrame(
        {
            "quantity": [escape_md(label(w.key.split(JOIN), known)) for w in entries],
            "as the sources write it": [
                "; ".join(_figure_md(c, corpus) for c in w.claims) for w in entries
            ],
            "how it differs": [escape_md(w.how) for w in entries],
        }
    )
