"""Where the sources disagree: computed from the ledger, never hand-picked.

A subject is flagged when its claims give different values, incompatible dates (a year-only
date agrees with any day in that year) or, for numbers, different qualifiers — across sources
or inside one. Different figures disagree in value only when their intervals (qualifier and
tolerance, :func:`sahel.evidence.qualifiers.interval`) do not overlap; otherwise the flag says
"values overlap" and the difference says no value separates them. Each flag is shown with
every quote, the size of the difference and an analyst's reading from ``data/readings.csv``;
the seeds' own defects come from ``data/source_defects.csv``.
"""

import datetime as dt
import re
from pathlib import Path

import pandas as pd

from sahel import paths
from sahel.dates import compatible_dates, iso_parts
from sahel.evidence import scope
from sahel.evidence.claims import ClaimError, read_quoted_rows
from sahel.evidence.qualifiers import AS_STATED, as_written, interval, overlap, range_text
from sahel.evidence.tables import read_rows
from sahel.formatting import and_list, figure, number, whole_percent
from sahel.provenance import Formula, traced

READINGS_CSV = paths.DATA / "readings.csv"
DEFECTS_CSV = paths.DATA / "source_defects.csv"
READING_COLUMNS = ("id", "subject", "uses", "reading")
DEFECT_COLUMNS = ("id", "source", "kind", "quote", "reading")
NO_READING = "No analyst's reading is recorded for this subject yet."
ACROSS, WITHIN = "across sources", "within one source"
DEFECTS_SHOWN = ("id", "source", "kind", "quote", "reading")
PLACEHOLDER = re.compile(r"\{(C\d{3}-\d+)\}")


def fill(text, ledger, where):
    """Replace ``{C000-01}`` placeholders with the claim as written; unknown ids fail."""

    def replace(match):
        try:
            return as_written(ledger.get(match.group(1)))
        except KeyError:
            raise ClaimError(f"{where}: unknown claim {match.group(1)!r}") from None

    filled = PLACEHOLDER.sub(replace, text)
    return filled[:1].upper() + filled[1:]


def _date(iso):
    year, month, day = iso_parts(iso)
    return dt.date(year, month or 1, day or 1)


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
        days = [_date(c.date) for c in dated]
        gap = (max(days) - min(days)).days
        return f"{gap:,} day{'s' if gap != 1 else ''} apart" if gap else "same date"
    numbers = _numbers(claims)
    values = [c.value for c in numbers]
    if min(values) == max(values):
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
    dates = [c.date for c in claims if c.is_date]
    if any(not compatible_dates(a, b) for a in dates for b in dates):
        kinds.append("dates differ")
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


def find(ledger, scopes=None):
    """One row per flagged subject: kinds, scope, claim ids, sources and the difference (with
    what each figure counts and when, where that differs: ``data/scopes.csv``)."""
    scopes = scope.load_scopes(ledger) if scopes is None else scopes
    rows = []
    for subject in ledger.subjects():
        claims = ledger.by_subject(subject)
        kinds = _kinds(claims, scopes)
        if not kinds:
            continue
        sources = sorted({c.source for c in claims})
        rows.append(
            {
                "subject": subject,
                "kind": "; ".join(kinds),
                "scope": WITHIN if len(sources) == 1 else ACROSS,
                "claims": " ".join(c.id for c in claims),
                "sources": " ".join(sources),
                "difference": _difference(claims, scopes),
            }
        )
    return pd.DataFrame(
        rows, columns=["subject", "kind", "scope", "claims", "sources", "difference"]
    )


def figures(ledger, flags):
    """The chapter's counts for its prose, formatted, by glue name (``flags``: :func:`find`),
    each traced to what it counts."""
    subjects = "the subjects whose claims differ in value, date or qualifier"
    from sahel.chapters.appendix import ledger_figures

    counts = ledger_figures(ledger)
    return {
        "dis_claims": counts["ledger_claims"],
        "dis_subjects": counts["ledger_subjects"],
        "dis_flagged": traced(
            number(len(flags)),
            Formula(subjects + ", as the chapter's first table lists them", name="dis_flagged"),
        ),
        "dis_across": traced(
            number((flags["scope"] == ACROSS).sum()),
            Formula(subjects + ", from one source to another", name="dis_across"),
        ),
        "dis_within": traced(
            number((flags["scope"] == WITHIN).sum()),
            Formula(subjects + ", within one source", name="dis_within"),
        ),
    }


def load_readings(ledger, path=None):
    """``{subject: (uses, reading)}`` with placeholders filled; ids and subjects checked."""
    path = Path(path or READINGS_CSV)
    readings = {}
    for row in read_rows(path, READING_COLUMNS, error=ClaimError):
        where = f"{path}: reading {row['id']}"
        if not ledger.by_subject(row["subject"]):
            raise ClaimError(f"{where}: no claim has subject {row['subject']!r}")
        readings[row["subject"]] = (row["uses"], fill(row["reading"], ledger, where))
    return readings


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


def side_by_side(ledger, subject, corpus):
    """Every claim about a flagged subject: source, citation key, as written, quote."""
    return pd.DataFrame(
        [
            {
                "claim": c.id,
                "source": c.source,
                "bibkey": corpus[c.source].source.bibkey,
                "as written": as_written(c),
                "normalised": c.date if c.is_date else number(c.value),
                "quote": c.quote,
            }
            for c in ledger.by_subject(subject)
        ]
    )


def summary_table(flags, readings):
    """The flags with what the report uses (from the readings)."""
    table = flags[["subject", "kind", "scope", "difference"]].copy()
    table["report uses"] = [readings.get(s, ("not decided", ""))[0] for s in flags["subject"]]
    return table


def details_markdown(flags, ledger, corpus, readings):
    """One numbered table of side-by-side quotes per flagged subject, each with its reading."""
    from sahel.publish import cite, escape_md, markdown_table

    blocks = []
    for flag in flags.itertuples(index=False):
        quotes = side_by_side(ledger, flag.subject, corpus)
        keys = ",".join(dict.fromkeys(quotes["bibkey"]))
        quotes["source"] = [cite(k) for k in quotes["bibkey"]]
        shown = quotes[["claim", "source", "as written", "normalised", "quote"]]
        caption = (
            f"{escape_md(flag.subject)}: {escape_md(flag.kind)}, {escape_md(flag.scope)}; "
            f"difference: {escape_md(flag.difference)} {{cite:p}}`{keys}`."
        )
        name = "tbl-disagree-" + re.sub(r"[^a-z0-9]+", "-", flag.subject.lower())
        blocks.append(markdown_table(shown, caption=caption, name=name, trusted=("source",)))
        uses, reading = readings.get(flag.subject, ("", NO_READING))
        blocks.append(f"**Reading.** {escape_md(reading)}")
    return "\n\n".join(blocks)
