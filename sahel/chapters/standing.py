"""MINUSMA among every UN mission in the UN's fatalities dataset (every mission since 1948).

Each mission (a ``mission_acronym`` of the file: peacekeeping operations, political missions
and offices alike) is counted by its deaths from malicious acts, from all causes, and per year
of operation. **Years of operation** are the book's rule, from the file itself: the calendar
years from the mission's first recorded death to its last, both counted (MINUSMA: its first
death in 2013 to its last in 2023). The rule counts no year before a mission's first death or
after its last, and a death recorded long after a mission ended stretches it; it is a proxy for
a mission's life, not its mandate.

These are counts of deaths, not of risk: the file holds no headcount, so a large mission can
rank high with a low death rate per person deployed.
"""

import pandas as pd

from sahel.chapters.reconciliation import MISSION
from sahel.evidence import record

TOP = 10  # missions the chart shows
#: the ranking columns and how a ranking says each, in the order the book gives them
MEASURES = {
    "malicious_acts": "deaths from malicious acts",
    "deaths": "deaths from all causes",
    "malicious_per_year": "deaths from malicious acts per year of operation",
}


def missions(frame):
    """One row per mission: ``deaths`` (all causes), ``malicious_acts``, ``first_year`` and
    ``last_year`` with a recorded death, ``years`` of operation (the module's rule), deaths and
    malicious-act deaths per year (two decimals) and the mission's rank by each
    :data:`MEASURES` column (1 = most; tied missions share the best rank). Sorted by
    malicious-act deaths, then all deaths, then name."""
    rows = frame.assign(
        malicious=frame["type_of_incident"] == record.MALICIOUS,
        year=frame["incident_date"].dt.year,
    )
    table = (
        rows.groupby("mission_acronym")
        .agg(
            deaths=("casualty_id", "size"),
            malicious_acts=("malicious", "sum"),
            first_year=("year", "min"),
            last_year=("year", "max"),
        )
        .reset_index()
        .rename(columns={"mission_acronym": "mission"})
        .astype({"deaths": int, "malicious_acts": int, "first_year": int, "last_year": int})
    )
    table["years"] = table["last_year"] - table["first_year"] + 1
    table["deaths_per_year"] = (table["deaths"] / table["years"]).round(2)
    table["malicious_per_year"] = (table["malicious_acts"] / table["years"]).round(2)
    for column in MEASURES:
        exact = table[column] if column != "malicious_per_year" else (
            table["malicious_acts"] / table["years"]
        )
        table[f"rank_{column}"] = exact.rank(method="min", ascending=False).astype(int)
    return table.sort_values(
        ["malicious_acts", "deaths", "mission"], ascending=[False, False, True], ignore_index=True
    )


def standing(table, mission=MISSION):
    """``mission``'s row of :func:`missions` as a dict."""
    rows = table[table["mission"] == mission]
    if rows.empty:
        raise record.RecordError(f"no death of {mission} in the fatalities dataset")
    return rows.iloc[0].to_dict()


def leader(table, column, exclude=MISSION):
    """The mission with the most ``column`` other than ``exclude`` (ties: the first by the
    table's order), as a dict."""
    rows = table[table["mission"] != exclude]
    return rows.loc[rows[column].idxmax()].to_dict()


def share_while_deployed(frame, first, last, mission=MISSION):
    """``(mission's, every mission's)`` deaths from malicious acts with an incident date from
    ``first`` to ``last`` (``pd.Timestamp``-like, both included)."""
    rows = frame[
        (frame["type_of_incident"] == record.MALICIOUS)
        & frame["incident_date"].between(pd.Timestamp(first), pd.Timestamp(last))
    ]
    return int((rows["mission_acronym"] == mission).sum()), len(rows)


def windows(frame, mission=MISSION):
    """The two readings of "while it was deployed", each from the file: the calendar years of
    operation (the module's rule) and the days from the mission's first recorded death to its
    last. One row per reading: ``reading``, ``first``, ``last``, ``mission`` and ``all``
    malicious-act deaths, ``share_pct`` (one decimal)."""
    dates = frame.loc[frame["mission_acronym"] == mission, "incident_date"]
    readings = (
        ("its years of operation", pd.Timestamp(dates.min().year, 1, 1),
         pd.Timestamp(dates.max().year, 12, 31)),
        ("its first to its last recorded death", dates.min(), dates.max()),
    )
    out = []
    for reading, first, last in readings:
        ours, everyone = share_while_deployed(frame, first, last, mission)
        out.append({"reading": reading, "first": first.date(), "last": last.date(),
                    "mission": ours, "all": everyone,
                    "share_pct": round(100 * ours / everyone, 1)})
    return pd.DataFrame(out)


def chart_data(table, top=TOP, mission=MISSION):
    """The ``top`` missions by malicious-act deaths (the chart's rows, largest first), with
    ``highlight`` true for ``mission`` and each mission's years as drawn ("2013–2023")."""
    rows = table.head(top)[["mission", "malicious_acts", "deaths", "first_year", "last_year"]]
    rows = rows.assign(
        highlight=rows["mission"] == mission,
        span=[f"{a}–{b}" if a != b else str(a) for a, b in
              zip(rows["first_year"], rows["last_year"], strict=True)],
    )
    if not rows["highlight"].any():
        raise record.RecordError(f"{mission} is not among the {top} missions the chart shows")
    return rows.reset_index(drop=True)


ALL_ROWS = "rows of every mission"
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")


def ordinal(n):
    """A rank in words ("first", "second"), then "10th", "11th"."""
    if 1 <= n <= len(ORDINALS):
        return ORDINALS[n - 1]
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def figures(frame, cited="R-UNFAT-2025"):
    """The section's figures for its prose, formatted, by glue name, each traced to its query
    on the UN's dataset (``cited``) or its formula."""
    from sahel.formatting import number, percent
    from sahel.provenance import Query, derived, traced

    table = missions(frame)
    ours = standing(table)
    shares = windows(frame).set_index("reading")
    n = len(frame)

    def q(name, words, result):
        return traced(result, Query(cited, name, words, n, result))

    first = int(frame["incident_date"].dt.year.min())
    out = {
        "st_first_year": q("first-year", "the earliest incident_date of every row: its year",
                           str(first)),
        "st_missions": q("missions", "the different mission_acronym values", number(len(table))),
        "st_rank_malicious": q("rank-malicious", f"{ALL_ROWS} with type_of_incident "
                               f"{record.MALICIOUS}, counted by mission_acronym; {MISSION}'s "
                               "place, most first", ordinal(ours["rank_malicious_acts"])),
        "st_rank_deaths": q("rank-deaths", f"{ALL_ROWS}, counted by mission_acronym; "
                            f"{MISSION}'s place, most first", ordinal(ours["rank_deaths"])),
        "st_rank_per_year": q("rank-per-year", f"{ALL_ROWS} with type_of_incident "
                              f"{record.MALICIOUS}, counted by mission_acronym, over the calendar "
                              "years from its first to its last recorded death; "
                              f"{MISSION}'s place, most first",
                              ordinal(ours["rank_malicious_per_year"])),
        "st_per_year": q("per-year", f"rows whose mission_acronym is {MISSION} and "
                         f"type_of_incident {record.MALICIOUS}, over its years of operation",
                         f"{ours['malicious_per_year']:.1f}"),
        "st_years": q("years", f"rows whose mission_acronym is {MISSION}: the calendar years "
                      "from its first to its last incident_date, both counted",
                      f"{number(ours['years'])} ({ours['first_year']}–{ours['last_year']})"),
    }
    for column, key in (("deaths", "st_top_deaths"), ("malicious_per_year", "st_top_per_year")):
        top = leader(table, column)
        value = f"{top[column]:,}" if column == "deaths" else f"{top[column]:.1f}"
        out[key] = q(f"leader-{column}", f"{ALL_ROWS}, counted by mission_acronym: the mission "
                     f"other than {MISSION} with the most {MEASURES.get(column, column)}",
                     f"{top['mission']} ({top['first_year']}–{top['last_year']}), {value}")
    for reading, key in zip(shares.index, ("st_share_years", "st_share_days"), strict=True):
        row = shares.loc[reading]
        words = (f"{ALL_ROWS} with type_of_incident {record.MALICIOUS} and incident_date from "
                 f"{row['first']} to {row['last']} ({reading})")
        ours_q = q(f"share-{key}-mission", f"{words}, mission_acronym {MISSION}",
                   number(int(row["mission"])))
        all_q = q(f"share-{key}-all", words, number(int(row["all"])))
        out[key] = derived(key, percent(row["mission"] / row["all"]), f"{MISSION}'s deaths from "
                           f"malicious acts over every mission's, {reading}", ours_q, all_q)
    return out
