"""Consistency checks a reader can re-run: a source's arithmetic and weekdays against dates, and
the report's own arithmetic on a source's figure against the record (worded as the report's)."""

import calendar
import datetime as dt

import pandas as pd

from sahel.dates import iso_parts, precision
from sahel.evidence.qualifiers import as_written
from sahel.formatting import fmt_date, number, percent
from sahel.provenance import Fact, Formula, Quote, derived, traced

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
#: the record's count of Norway's missions once the embassy in Bamako has closed
MISSIONS_AFTER_FACT = "N01"
AFTER_WORDS = (
    "the report's arithmetic, not a source's: the ministry's count of Norway's missions less "
    "the embassy in Bamako"
)
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


def missions_after(ledger):
    """``(count, total claim)``: the report's own count of Norway's missions once the embassy in
    Bamako closes (:func:`sahel.chapters.norway.closure_effect` on the ministry's network)."""
    from sahel.chapters import norway

    network, total = norway.missions_from_ledger(ledger)
    effect = norway.closure_effect(network).set_index("count")
    return int(effect.loc["all missions", "after"]), total


def after_closure_check(ledger, facts):
    """The report's count of missions after the closure against the count a record fact gives
    (NRK's, :data:`MISSIONS_AFTER_FACT`): a check of the report's arithmetic, not of a source."""
    after, total = missions_after(ledger)
    fact = facts.set_index("id").loc[MISSIONS_AFTER_FACT]
    stated = int(fact["value"])
    return {
        "check": f"{total.value} - 1 (the report's: the ministry's missions less Bamako) = the "
        f"record's count after the closure (fact {MISSIONS_AFTER_FACT})",
        "stated": number(stated),
        "computed": number(after),
        "holds": after == stated,
        "claims": total.id,
    }


def all_checks(ledger, sums, facts=None):
    """Every check as a table: ``sums`` is a list of (total subject, part subjects); with the
    record's ``facts``, the report's count of missions after the closure against it too."""
    rows = [sum_check(ledger, total, parts) for total, parts in sums] + weekday_checks(ledger)
    if facts is not None:
        rows.append(after_closure_check(ledger, facts))
    return pd.DataFrame(rows, columns=["check", "stated", "computed", "holds", "claims"])


def checks_table(ledger, facts=None):
    """The chapter's checks as its table shows them (and its CSV holds): "holds" as yes or NO."""
    table = all_checks(ledger, [MISSION_NETWORK], facts)
    table["holds"] = table["holds"].map(HOLDS)
    return table


def figures(table, ledger, facts=None):
    """The verdicts and the share the chapter's prose glues (``table``: :func:`checks_table`);
    with the record's ``facts``, the report's count of missions after the closure, linked to its
    formula and worded as the report's (``dis_missions_after``), and whether the record's count
    bears it out (``dis_after_verdict``)."""
    out = _figures(table, ledger)
    if facts is not None:
        after, total = missions_after(ledger)
        fact = facts.set_index("id", drop=False).loc[MISSIONS_AFTER_FACT]
        out["dis_missions_after"] = derived(
            "dis_missions_after", number(after), AFTER_WORDS,
            traced(number(total.value), Quote(total)),
        )  # fmt: skip
        held = int(fact["value"]) == after
        out["dis_after_verdict"] = traced("matches" if held else "does NOT match", Fact.of(fact))
    return out


def _figures(table, ledger):
    sums = table.loc[
        table["check"].str.contains(" = ") & ~table["check"].str.contains("record"), "holds"
    ]
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
