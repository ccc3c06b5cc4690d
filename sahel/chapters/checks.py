"""Consistency checks a reader can re-run: a source's arithmetic and weekdays against dates."""

import calendar
import datetime as dt

import pandas as pd

from sahel.dates import iso_parts, precision
from sahel.evidence.qualifiers import as_written
from sahel.formatting import fmt_date, number, percent
from sahel.provenance import Formula, Quote, traced

MISSION_NETWORK = (
    "norway.missions.total",
    (
        "norway.missions.embassies",
        "norway.missions.consulates_general",
        "norway.missions.delegations",
        "norway.missions.representative_offices",
    ),
)
MALI_SHARE = ("norway.aid.mali.2022", "norway.aid.sahel.2022")
HOLDS = {True: "yes", False: "NO"}
SHOWN = ("check", "stated", "computed", "holds")  # the claims' ids stay in the CSV


class SumMismatchError(ValueError):
    """A source's parts do not add up to its stated total."""


def sum_check(ledger, total, parts):
    """Do the parts' values add up to the total's? Returns a result row; never silent."""
    total_claim = ledger.one(total)
    part_claims = [ledger.one(p) for p in parts]
    computed = sum(c.value for c in part_claims)
    return {
        "check": f"{' + '.join(str(c.value) for c in part_claims)} = {total_claim.value}",
        "stated": number(total_claim.value),
        "computed": number(computed),
        "holds": computed == total_claim.value,
        "claims": " ".join(c.id for c in [total_claim, *part_claims]),
    }


def require_sum(ledger, total, parts):
    """``sum_check`` that raises, naming the numbers, when the parts do not add up."""
    result = sum_check(ledger, total, parts)
    if not result["holds"]:
        raise SumMismatchError(
            f"{ledger.path}: {result['check']} does not hold: the parts sum to "
            f"{result['computed']} (claims {result['claims']})"
        )
    return result


def part_of(part, whole):
    """The part's share of the whole, as a fraction; the part must lie within the whole."""
    if whole <= 0 or not 0 <= part <= whole:
        raise ValueError(f"{part:,} cannot be part of a whole of {whole:,}")
    return part / whole


def share(ledger, part, whole):
    """The share of subject ``part`` in subject ``whole``, as a fraction, with the claims used."""
    p, w = ledger.one(part), ledger.one(whole)
    return part_of(p.value, w.value), (p.id, w.id)


def weekday_checks(ledger):
    """For each ``X.weekday`` claim, compare it with the weekday of every day-precise ``X`` date."""
    rows = []
    for claim in ledger:
        if claim.unit != "weekday" or not claim.subject.endswith(".weekday"):
            continue
        subject = claim.subject.removesuffix(".weekday")
        for dated in ledger.by_subject(subject):
            if precision(dated.date) != "day":
                continue
            computed = calendar.day_name[dt.date(*iso_parts(dated.date)).weekday()]
            rows.append(
                {
                    "check": f"weekday of {fmt_date(dated.date)}",
                    "stated": claim.value,
                    "computed": computed,
                    "holds": computed == claim.value,
                    "claims": f"{claim.id} {dated.id}",
                }
            )
    return rows


def all_checks(ledger, sums):
    """Every check as a table: ``sums`` is a list of (total subject, part subjects)."""
    rows = [sum_check(ledger, total, parts) for total, parts in sums] + weekday_checks(ledger)
    return pd.DataFrame(rows, columns=["check", "stated", "computed", "holds", "claims"])


def checks_table(ledger):
    """The chapter's checks as its table shows them (and its CSV holds): "holds" as yes or NO."""
    table = all_checks(ledger, [MISSION_NETWORK])
    table["holds"] = table["holds"].map(HOLDS)
    return table


def figures(table, ledger):
    """The verdicts and the share the chapter's prose glues (``table``: :func:`checks_table`)."""
    sums = table.loc[table["check"].str.contains("="), "holds"]
    days = table.loc[table["check"].str.contains("weekday"), "holds"]
    fraction, ids = share(ledger, *MALI_SHARE)
    part, whole = (ledger.get(i) for i in ids)
    return {
        "dis_sum_verdict": "adds up" if (sums == HOLDS[True]).all() else "does NOT add up",
        "dis_weekday_verdict": "matches" if (days == HOLDS[True]).all() else "does NOT match",
        "dis_mali_share": traced(
            percent(fraction),
            Formula(
                "the part divided by the whole, as the source states both",
                tuple(traced(as_written(c), Quote(c)) for c in (part, whole)),
                name="dis_mali_share",
            ),
        ),
    }
