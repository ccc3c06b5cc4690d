"""What the mission cost, from the UN's own count: MINUSMA's deaths in the UN Peace and Security
Data Hub's fatalities dataset (DPPADPOSS-FATALITIES), read through the strict loader
:func:`sahel.evidence.record.fatalities`.

Every figure here is counted from the dataset's rows: deaths by year and type of incident
(:func:`by_year_and_cause`), the running count of deaths from malicious acts with the seeds'
fatality figures placed at their dates as the intervals their qualifiers mean
(:func:`cumulative_chart_data`), deaths by nationality of the fallen (:func:`by_nationality`),
the count of Norwegian nationals (:func:`nationals`) and what changed between two published
versions of the file (:func:`revision`).
"""

import math

import pandas as pd

from sahel.chapters.reconciliation import MALICIOUS as MALICIOUS_SCOPE
from sahel.chapters.reconciliation import MISSION, deaths_by, seed_window
from sahel.evidence import qualifiers, record
from sahel.formatting import and_list, count_word, fmt_date, number

CITED, EARLIER = "R-UNFAT-2025", "R-UNFAT-2023"
FATALITIES_SUBJECT = "minusma.fatalities"
#: the Hub's types of incident, in the order the chart stacks them (the record's own words)
CAUSES = (record.MALICIOUS, "Illness", "Accident", "Self-Inflicted", "To Be Determined", "Unknown")
TOP_NATIONALITIES = 10
OTHERS = "all other nationalities"
NORWAY = "NOR"
UN_COUNT, SEED = "UN count", "seed figure"
#: the nationality table's columns in plain words, as the book shows them
NATIONALITY_WORDS = {
    "nationality": "nationality of the fallen",
    "deaths": "deaths, all causes",
    "malicious_acts": "of them, from malicious acts",
}
#: fields compared between two versions, matched by casualty id (``id`` is a row number and
#: ``last_update`` the version; ``m49_code`` restates ``isocode3``)
COMPARED = tuple(
    c for c in record.FATALITY_COLUMNS if c not in ("id", "casualty_id", "last_update", "m49_code")
)


def mission(frame):
    """MINUSMA's rows of a :func:`record.fatalities` frame."""
    return frame[frame["mission_acronym"] == MISSION]


def by_year_and_cause(frame):
    """MINUSMA deaths per year of incident (rows) and type of incident (columns, in
    :data:`CAUSES` order, only those the mission's rows hold), with each year's total."""
    rows = mission(frame)
    table = pd.crosstab(rows["incident_date"].dt.year, rows["type_of_incident"])
    causes = [c for c in CAUSES if c in table.columns]
    table = table.reindex(columns=causes, fill_value=0)
    table["total"] = table.sum(axis=1)
    table.index.name = "year"
    return table.reset_index().rename_axis(columns=None)


def by_cause(frame):
    """MINUSMA deaths per type of incident over the mission's whole life."""
    counts = mission(frame)["type_of_incident"].value_counts()
    return {c: int(counts[c]) for c in CAUSES if c in counts}


def cumulative(frame):
    """The running count of MINUSMA deaths from malicious acts: one row per day with at least
    one such death (``date``, ``deaths`` that day, ``cumulative`` to and including it)."""
    rows = mission(frame)
    rows = rows[rows["type_of_incident"] == record.MALICIOUS]
    days = rows.groupby(rows["incident_date"].dt.date).size()
    return pd.DataFrame(
        {"date": days.index, "deaths": days.to_numpy(), "cumulative": days.cumsum().to_numpy()}
    )


def seed_marks(ledger, registry, frame):
    """Each seed's fatality figure at its date: the source, the figure as written, the first
    and last day the seed may date from, the interval its qualifier means (``low``, ``high``;
    empty for an open end) and the UN's malicious-act count on those two days."""
    out = []
    for claim in ledger.by_subject(FATALITIES_SUBJECT):
        first, last = seed_window(registry[claim.source])
        iv = qualifiers.interval(claim)
        out.append(
            {
                "source": claim.source,
                "claim": claim.id,
                "as_written": qualifiers.as_written(claim),
                "bound": iv.kind,
                "first_day": first,
                "last_day": last,
                "low": None if math.isinf(iv.low) else iv.low,
                "high": None if math.isinf(iv.high) else iv.high,
                "un_first": deaths_by(frame, first, MALICIOUS_SCOPE),
                "un_last": deaths_by(frame, last, MALICIOUS_SCOPE),
            }
        )
    return pd.DataFrame(out).sort_values(["first_day", "source"], ignore_index=True)


def cumulative_chart_data(ledger, registry, frame):
    """What the cumulative chart draws, one frame: the UN's running count (``kind`` "UN
    count": one row per day, ``low`` = ``high`` = the count) and each seed's figure (``kind``
    "seed figure": its dating window and interval)."""
    un = cumulative(frame)
    marks = seed_marks(ledger, registry, frame)
    un_rows = pd.DataFrame(
        {
            "kind": UN_COUNT,
            "label": "deaths from malicious acts, running count",
            "source": "",
            "first_day": un["date"],
            "last_day": un["date"],
            "low": un["cumulative"],
            "high": un["cumulative"],
        }
    )
    seed_rows = pd.DataFrame(
        {
            "kind": SEED,
            "label": [f"{r.source}: {r.as_written}" for r in marks.itertuples()],
            "source": marks["source"],
            "first_day": marks["first_day"],
            "last_day": marks["last_day"],
            "low": marks["low"],
            "high": marks["high"],
        }
    )
    closing = max([*marks["last_day"], un["date"].iloc[-1]])
    if closing > un["date"].iloc[-1]:  # the count holds until the seeds' last day: drawn so
        carried = un_rows.iloc[[-1]].assign(
            label="running count, unchanged to the seeds' last day",
            first_day=closing,
            last_day=closing,
        )
        un_rows = pd.concat([un_rows, carried], ignore_index=True)
    data = pd.concat([un_rows, seed_rows], ignore_index=True)
    data["low"] = data["low"].astype("Int64")
    data["high"] = data["high"].astype("Int64")
    return data


def by_nationality(frame, top=TOP_NATIONALITIES):
    """MINUSMA deaths by nationality of the fallen, largest first (ties by name): the ``top``
    nationalities, then every other nationality together, then the total; each with how many
    of its deaths were from malicious acts."""
    rows = mission(frame)
    counts = (
        rows.assign(malicious=rows["type_of_incident"] == record.MALICIOUS)
        .groupby("casualty_nationality")
        .agg(deaths=("casualty_id", "size"), malicious_acts=("malicious", "sum"))
        .reset_index()
        .rename(columns={"casualty_nationality": "nationality"})
        .sort_values(["deaths", "nationality"], ascending=[False, True], ignore_index=True)
    )
    head, rest = counts.iloc[:top], counts.iloc[top:]
    others = {
        "nationality": f"{OTHERS} ({number(len(rest))})",
        "deaths": int(rest["deaths"].sum()),
        "malicious_acts": int(rest["malicious_acts"].sum()),
    }
    total = {
        "nationality": "total",
        "deaths": int(counts["deaths"].sum()),
        "malicious_acts": int(counts["malicious_acts"].sum()),
    }
    out = pd.concat([head, pd.DataFrame([others, total])], ignore_index=True)
    return out.astype({"deaths": int, "malicious_acts": int})


def nationals(frame, iso3=NORWAY):
    """``(in MINUSMA, in every mission)``: deaths of nationals of ``iso3`` in the dataset."""
    rows = frame[frame["isocode3"] == iso3]
    return len(mission(rows)), len(rows)


def revision(earlier, later):
    """What changed for MINUSMA between two versions of the dataset, matched by casualty id:
    one row per (field, before, after) with the number of deaths so changed. Raises if the
    versions do not hold the same deaths (a death added or removed is not a revision)."""
    old, new = mission(earlier), mission(later)
    for version in (old, new):
        if not version["casualty_id"].is_unique:
            raise record.RecordError("a MINUSMA casualty id appears twice in one version")
    if set(old["casualty_id"]) != set(new["casualty_id"]):
        added = sorted(set(new["casualty_id"]) - set(old["casualty_id"]))
        removed = sorted(set(old["casualty_id"]) - set(new["casualty_id"]))
        raise record.RecordError(f"the versions differ in deaths: added {added}, removed {removed}")
    both = old.merge(new, on="casualty_id", suffixes=("_before", "_after"))
    changes = []
    for field in COMPARED:
        before, after = both[f"{field}_before"].astype(str), both[f"{field}_after"].astype(str)
        moved = both[before != after]
        for (b, a), group in moved.groupby([f"{field}_before", f"{field}_after"]):
            changes.append({"field": field, "before": b, "after": a, "deaths": len(group)})
    return pd.DataFrame(changes, columns=["field", "before", "after", "deaths"])


def cause_revision(changes):
    """The rows of :func:`revision` that reclassify the type of incident."""
    return changes[changes["field"] == "type_of_incident"].reset_index(drop=True)


def _nationals_words(count, noun):
    """ "no Norwegian national", "one Norwegian national", "three Norwegian nationals"."""
    if not count:
        return f"no {noun}"
    return f"{count_word(count)} {noun}{'' if count == 1 else 's'}"


def figures_for_norway(frame):
    """The no-Norwegian-deaths check in words: Norwegian nationals among MINUSMA's dead."""
    return _nationals_words(nationals(frame)[0], "Norwegian national")


def _shown(value):
    return f"“{value}”" if value else "blank"


def _position(mark):
    """A seed's figure beside the UN's count on the days it may date from, in words."""
    first, last = (fmt_date(d.isoformat()) for d in (mark.first_day, mark.last_day))
    count = number(mark.un_first)
    if mark.un_first != mark.un_last:
        count += f" to {number(mark.un_last)}"
    when = f"on {first}" if first == last else f"from {first} to {last}"
    return f"{mark.source}'s “{mark.as_written}” against {count} {when}"


def figures(frame, earlier, marks, sources=None):
    """The section's figures for its prose, formatted, by glue name."""
    sources = record.load_sources() if sources is None else sources
    cited, old = sources[CITED], sources[EARLIER]
    rows = mission(frame)
    causes = by_cause(frame)
    years = by_year_and_cause(frame)
    worst = years.sort_values(["total", "year"], ascending=[False, True]).iloc[0]
    worst_malicious = years.sort_values([record.MALICIOUS, "year"], ascending=[False, True])
    worst_malicious = worst_malicious.iloc[0]
    nations = by_nationality(frame)
    everywhere = nationals(frame)[1]
    changes = revision(earlier, frame)
    moved = cause_revision(changes)
    moved_words = and_list(
        [
            f"{count_word(int(r.deaths))} from “{r.before}” to “{r.after}”"
            for r in moved.itertuples()
        ]
    )
    seed_words = and_list([_position(r) for r in marks.itertuples()])
    other = changes[changes["field"] != "type_of_incident"]
    other_words = and_list(
        [
            f"the {r.field.replace('_', ' ')} of {count_word(int(r.deaths))} "
            f"({_shown(r.before)} before, {_shown(r.after)} after)"
            for r in other.itertuples()
        ]
        or ["nothing else"]
    )
    others = nations.iloc[-2]
    return {
        "hc_version": fmt_date(cited.version),
        "hc_earlier_version": fmt_date(old.version),
        "hc_total": number(len(rows)),
        "hc_malicious": number(causes[record.MALICIOUS]),
        "hc_illness": number(causes.get("Illness", 0)),
        "hc_accident": number(causes.get("Accident", 0)),
        "hc_first_death": fmt_date(rows["incident_date"].min().date().isoformat()),
        "hc_last_death": fmt_date(rows["incident_date"].max().date().isoformat()),
        "hc_deadliest_year": str(worst["year"]),
        "hc_deadliest_year_deaths": number(int(worst["total"])),
        "hc_malicious_year": str(worst_malicious["year"]),
        "hc_malicious_year_deaths": number(int(worst_malicious[record.MALICIOUS])),
        "hc_seed_positions": seed_words,
        "hc_top_nationality": str(nations.iloc[0]["nationality"]),
        "hc_top_nationality_deaths": number(int(nations.iloc[0]["deaths"])),
        "hc_nationalities": number(mission(frame)["casualty_nationality"].nunique()),
        "hc_top_shown": count_word(len(nations) - 2),
        "hc_others_deaths": number(int(others["deaths"])),
        "hc_norwegian_mission": figures_for_norway(frame),
        "hc_norwegian_all": number(everywhere),
        "hc_revision": moved_words,
        "hc_revision_deaths": count_word(int(moved["deaths"].sum())),
        "hc_revision_total_same": number(len(mission(earlier))),
        "hc_revision_other": other_words,
        "hc_malicious_earlier": number(by_cause(earlier)[record.MALICIOUS]),
    }
