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
the count. A date holds by its qualifier too: an exact date ("as of") must be the record's day, a
"by" date may not fall before it, a "following" date may not fall after it. A period holds if
the record's period lies inside the seed's.

Which claim is reconciled against which record rows, and what each side counts, is data:
``data/reconciliation.csv`` (:func:`load_plan`, checked by ``make verify``), one row per check:
the claim, the ``measure`` (what the record is asked), the record ids it reads (a dataset of
``data/record_sources.csv`` or facts of ``official_record.csv``) and, in words, what the seed
and the record count. The verdict is "consistent" only when the two are the same words.
"""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sahel import paths
from sahel.dates import span
from sahel.evidence import qualifiers, record
from sahel.evidence.claims import ClaimError
from sahel.evidence.tables import read_rows
from sahel.formatting import fmt_date, number
from sahel.prose import typed_numbers
from sahel.provenance import Dataset, Formula, traced

MALICIOUS, ALL_CAUSES = "malicious acts", "all causes"
AUTHORISED = "authorised uniformed personnel (troops and police)"
CONSISTENT = "consistent"
SOMETHING_ELSE = "consistent, counting something else"
INCONSISTENT = "inconsistent"
NOT_COVERED = "not covered"
MISSION = "MINUSMA"
CEILING_TOPIC = "minusma.authorized_strength"
PLAN_CSV = paths.DATA / "reconciliation.csv"
PLAN_COLUMNS = ("id", "claim", "measure", "record", "seed_counts", "record_counts")
#: what a plan row may ask of the record, and what its ``record`` column must name
DEATHS = {"deaths: malicious acts": MALICIOUS, "deaths: all causes": ALL_CAUSES}
CEILING, EVERY_CEILING = "ceiling in force", "every ceiling listed"
DATE, FIRST, LAST, FACT_DATE = "date", "first day", "last day", "date of the fact"
AFTER_CLOSURE, PERIOD = "missions after the closure", "period"
FACT_MEASURES = (CEILING, EVERY_CEILING, DATE, FIRST, LAST, FACT_DATE, AFTER_CLOSURE, PERIOD)
MEASURES = (*DEATHS, *FACT_MEASURES)
ONE_FACT = (DATE, FIRST, LAST, FACT_DATE, AFTER_CLOSURE, PERIOD)


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
    verdict, rule = judge(ok_first and ok_last, rule, seed_counts, record_counts)
    return Reconciled(claim.id, source.id, written, first, last, low, high, verdict, rule)


def judge(passed, rule, seed_counts, record_counts):
    """``(verdict, rule)``: inconsistent if the test failed; else consistent when seed and
    record count the same thing, or consistent counting something else (said in the rule)."""
    if not passed:
        return INCONSISTENT, rule
    if seed_counts == record_counts:
        return CONSISTENT, rule
    return SOMETHING_ELSE, f"{rule}; the seed counts {seed_counts}, the record {record_counts}"


def check_deaths(claim, source, frame, scope):
    """A fatality figure against the UN's count of MINUSMA deaths in ``scope`` by each day."""
    return check(claim, source, lambda day: deaths_by(frame, day, scope), scope, scope)


def check_personnel(claim, source, facts, seed_counts, record_counts=AUTHORISED, ids=None):
    """A personnel figure against the authorised ceiling in force (the last one before the
    mandate ended, for a seed written after it)."""
    return check(
        claim, source, lambda day: ceiling_on(facts, day, ids)[0], seed_counts, record_counts
    )


def check_every_ceiling(claim, facts, ids, seed_counts, record_counts):
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
        rule += f"; fails for {', '.join(failed)}"
    verdict, rule = judge(not failed, rule, seed_counts, record_counts)
    (first, low, _), (last, high, _) = totals[0], totals[-1]
    written = qualifiers.as_written(claim)
    return Reconciled(claim.id, claim.source, written, first, last, low, high, verdict, rule)


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
    """``(passes, rule)``: whether the record's ``day`` bears out the claim's date."""
    seed = span(claim.date)
    kind = qualifiers.bound(claim.qualifier)
    written, shown = qualifiers.as_written(claim), f"{day:%-d %B %Y}"
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
    return Reconciled(claim.id, source.id, written, first, last, day, day, verdict, rule)


def check_after_closure(claim, source, fact, ledger, seed_counts, record_counts):
    """The report's own count of missions after the closure (the ministry's total, ``claim``,
    less the embassy in Bamako: :func:`sahel.chapters.norway.closure_effect`) against the
    count a record fact gives."""
    from sahel.chapters import norway

    network, total = norway.missions_from_ledger(ledger)
    if total.id != claim.id:
        raise ClaimError(f"claim {claim.id}: the missions total is {total.id}, not this claim")
    after = int(norway.closure_effect(network).set_index("count").loc["all missions", "after"])
    stated = int(fact["value"])
    rule = f"{number(after)}: exact; holds if the record's count equals it"
    verdict, rule = judge(after == stated, rule, seed_counts, record_counts)
    first, last = seed_window(source)
    written = f"{number(after)} (the report's: {qualifiers.as_written(claim)} less one)"
    return Reconciled(claim.id, source.id, written, first, last, stated, stated, verdict, rule)


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
    return Reconciled(claim.id, source.id, written, first, last, first_day, last_day, verdict, rule)


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


def load_plan(ledger, path=None, record_sources=None, facts_frame=None):
    """``data/reconciliation.csv``, checked: claims in the ledger, known measures, record ids
    that exist (a dataset for deaths, facts of ``official_record.csv`` otherwise, one fact
    where the measure reads one), and no typed number in what either side counts."""
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
        plan.append(
            Planned(
                row["id"],
                row["claim"],
                measure,
                ids,
                row["seed_counts"],
                row["record_counts"],
                where,
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
        if row.measure in DEATHS:
            frame, scope = deaths[row.record[0]], DEATHS[row.measure]
            result = check(claim, source, lambda d, f=frame, s=scope: deaths_by(f, d, s), *counts)
        elif row.measure == CEILING:
            result = check_personnel(claim, source, facts, *counts, ids=row.record)
        elif row.measure == EVERY_CEILING:
            result = check_every_ceiling(claim, facts, row.record, *counts)
        elif row.measure == AFTER_CLOSURE:
            result = check_after_closure(claim, source, by_id.loc[row.record[0]], ledger, *counts)
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


# --- The table and the chapter's figures ------------------------------------------------------

TABLE_COLUMNS = (
    "id", "claim", "source", "as_written", "seed_first", "seed_last", "measure", "record",
    "tier", "record_first", "record_last", "seed_counts", "record_counts", "verdict", "rule",
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
    for row, r in results:
        ids = record_used(row, r, facts)
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
                "verdict": r.verdict, "rule": r.rule,
            }
        )  # fmt: skip
    return pd.DataFrame(rows, columns=TABLE_COLUMNS), keys


def shown(frame, keys, corpus):
    """The table as the page shows it, narrow enough for paper and phones: the seed's figure
    with its citation and date, the record's value with its tier and citation, the verdict
    with its rule (the CSV keeps every column apart). Citations are built by code; every other
    cell is escaped by :func:`sahel.publish.markdown_table`."""
    from sahel.publish import cite, cite_all, escape_md

    def seed(row):
        when = _span_text(
            dt.date.fromisoformat(row.seed_first), dt.date.fromisoformat(row.seed_last)
        )
        citation = cite(corpus[row.source].source.bibkey)
        return f"{escape_md(row.as_written)} {citation}, {escape_md(when)}"

    def said(row, bibkeys):
        value = row.record_first if row.record_first == row.record_last else (
            f"{row.record_first} to {row.record_last}"
        )
        return f"{escape_md(value)} ({escape_md(row.tier.split(',')[0])}) {cite_all(bibkeys)}"

    rows = list(frame.itertuples(index=False))
    return pd.DataFrame(
        {
            "the seed says": [seed(r) for r in rows],
            "the record says": [said(r, k) for r, k in zip(rows, keys, strict=True)],
            "verdict": [f"{r.verdict}: {r.rule}" for r in rows],
        }
    )


def figures(results, sources=None):
    """The section's figures for its prose, formatted, by glue name (counts traced to what they
    count, the dataset's version to its registry entry)."""
    sources = record.load_sources() if sources is None else sources
    verdicts = [r.verdict for _, r in results]
    by_id = {row.id: (row, r) for row, r in results}
    deaths = [(row, r) for row, r in results if row.measure in DEATHS]
    dataset = sources[deaths[0][0].record[0]]
    checked = "the seed figures checked against the public record (data/reconciliation.csv)"

    def count(verdict, name):
        return traced(
            number(verdicts.count(verdict)),
            Formula(f"{checked} found {verdict}", name=name),
        )

    return {
        "rec_checks": traced(number(len(results)), Formula(checked, name="rec_checks")),
        "rec_consistent": count(CONSISTENT, "rec_consistent"),
        "rec_something_else": count(SOMETHING_ELSE, "rec_something_else"),
        "rec_inconsistent": count(INCONSISTENT, "rec_inconsistent"),
        "rec_fatalities_version": traced(
            fmt_date(dataset.version), Dataset(dataset.id, "version", dataset.version)
        ),
        **{f"rec_{k.lower().replace('-', '_')}_verdict": r.verdict for k, (_, r) in by_id.items()},
    }
