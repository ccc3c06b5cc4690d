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

from sahel.chapters import fallen, un_rows
from sahel.chapters.reconciliation import MALICIOUS as MALICIOUS_SCOPE
from sahel.chapters.reconciliation import MISSION, deaths_by, seed_window
from sahel.evidence import qualifiers, record
from sahel.evidence.registry import byline
from sahel.evidence.selection import Selection
from sahel.formatting import and_list, count_word, fmt_date, number
from sahel.provenance import Dataset, Formula, Query, Quote, traced

CITED, EARLIER = "R-UNFAT-2025", "R-UNFAT-2023"
FATALITIES_SUBJECT = "minusma.fatalities"
#: the Hub's types of incident, in the order the chart stacks them (the record's own words)
CAUSES = (record.MALICIOUS, "Illness", "Accident", "Self-Inflicted", "To Be Determined", "Unknown")
TOP_NATIONALITIES = 10
OTHERS = "all other countries"
NORWAY = "NOR"
UN_COUNT, SEED = "UN count", "seed figure"
TOLL_SOURCE, TOLL_RECORD = "source figure", UN_COUNT  # the kinds of the toll chart's rows
#: the UN's counts the toll chart draws as reference lines: (type of incident or None for
#: every type, words)
TOLL_COUNTS = ((record.MALICIOUS, "deaths from malicious acts"), (None, "deaths, all causes"))
#: the nationality table's columns in plain words, as the book shows them
NATIONALITY_WORDS = {
    "nationality": "country of the fallen",
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
                "who": byline(registry[claim.source]),
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
            "label": [f"{r.who}: {r.as_written}" for r in marks.itertuples()],
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


def toll_chart_data(toll, registry, frame):
    """What the toll chart draws: each source's fatality figure (``kind`` "source figure",
    labelled by its author and the figure as written; ``low``/``high`` its interval, empty
    where open) and the UN's counts of MINUSMA deaths (``kind`` "UN count", :data:`TOLL_COUNTS`;
    ``value`` = ``low`` = ``high``)."""
    seeds = toll[toll["measure"] == "fatalities"].rename(columns={"as written": "as_written"})
    rows = [
        {
            "kind": TOLL_SOURCE,
            "label": f"{byline(registry[r.source])}: “{r.as_written}”",
            "source": r.source,
            "claim": r.claim,
            "bound": r.bound,
            "value": r.value,
            "low": r.low,
            "high": r.high,
        }
        for r in seeds.itertuples()
    ]
    causes = mission(frame)["type_of_incident"]
    for cause, words in TOLL_COUNTS:
        count = int((causes == cause).sum() if cause else len(causes))
        rows.append({"kind": TOLL_RECORD, "label": words, "source": "", "claim": "",
                     "bound": "as stated", "value": count, "low": count, "high": count})
    data = pd.DataFrame(rows)
    return data.astype({"value": int, "low": "Int64", "high": "Int64"})


def allowing(data):
    """``(sources, of them allowing)``: how many of the toll chart's source figures
    (:func:`toll_chart_data`) have an interval holding its first UN count."""
    seeds = data[data["kind"] == TOLL_SOURCE]
    count = data[data["kind"] == TOLL_RECORD].iloc[0]["value"]
    allow = sum(
        (pd.isna(r.low) or r.low <= count) and (pd.isna(r.high) or count <= r.high)
        for r in seeds.itertuples()
    )
    return len(seeds), int(allow)


def allowing_text(data, ledger, frame):
    """ "one of the two": :func:`allowing` in words, traced to the figures and the count."""
    n, allow = allowing(data)
    seeds = data[data["kind"] == TOLL_SOURCE]
    inputs = [traced(qualifiers.as_written(ledger.get(c)), Quote(ledger.get(c)))
              for c in seeds["claim"]]
    count = by_cause(frame).get(record.MALICIOUS, 0)
    inputs.append(_query(CITED, "minusma-malicious", f"{MINUSMA_ROWS} and type_of_incident is "
                         f"{record.MALICIOUS}", count, number(count),
                         un_rows.cause(record.MALICIOUS)))
    words = "none" if not allow else count_word(allow)
    return traced(f"{words} of the {count_word(n)}",
                  Formula("the sources' death tolls whose interval (the figure and its "
                          "qualifier) holds the UN's count of deaths from malicious acts",
                          tuple(inputs), name="hc_toll_allow"))


def by_nationality(frame, top=TOP_NATIONALITIES):
    """MINUSMA deaths by the fallen's country, named from the dataset's ISO code
    (:func:`sahel.chapters.fallen.country`; the file's own spelling kept in ``spelled``),
    largest first (ties by name): the ``top`` countries, then every other country together,
    then the total; each with how many of its deaths were from malicious acts."""
    counts = fallen.by_country(frame).rename(columns={"country": "nationality"})
    counts = counts[["nationality", "spelled", "deaths", "malicious_acts"]]
    head, rest = counts.iloc[:top], counts.iloc[top:]
    others = {
        "nationality": f"{OTHERS} ({number(len(rest))})",
        "spelled": "",
        "deaths": int(rest["deaths"].sum()),
        "malicious_acts": int(rest["malicious_acts"].sum()),
    }
    total = {
        "nationality": "total",
        "spelled": "",
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
    who = f"the {mark.who}" if mark.who[:1].islower() else mark.who
    return f"{who}'s “{mark.as_written}” against {count} {when}"


MINUSMA_ROWS = f"rows whose mission_acronym is {MISSION}"


_rows, _in_year, ROW_COLUMNS = un_rows.mission, un_rows.in_year, un_rows.COLUMNS


def _query(dataset, name, words, rows, result, select=None):
    """A query on ``dataset`` whose result is ``result`` (formatted), traced; ``select`` gives
    its rows as conditions on the file (listed on the dataset's page, with a pandas line)."""
    return traced(result, Query(dataset, name, words, int(rows), result, select))


def _seed_position(mark, ledger, frame):
    """:func:`_position` traced: the seed's claim and the UN's counts on its first/last day."""
    claim = ledger.get(mark.claim)
    counts = [
        _query(CITED, f"malicious-to-{day.isoformat()}",
               f"{MINUSMA_ROWS}, type_of_incident {record.MALICIOUS}, incident_date on or "
               f"before {day.isoformat()}", count, number(count),
               _rows(("type_of_incident", "==", record.MALICIOUS),
                     ("incident_date", "<=", day.isoformat())))
        for day, count in dict.fromkeys(
            [(mark.first_day, mark.un_first), (mark.last_day, mark.un_last)]
        )
    ]
    return traced(
        _position(mark),
        Formula(f"{mark.source}'s figure beside the UN's count of deaths from malicious acts "
                "on the first and last day the source may date from",
                (traced(qualifiers.as_written(claim), Quote(claim)), *counts),
                name=f"hc-seed-{mark.claim}"),
    )


def figures(frame, earlier, marks, ledger, sources=None):
    """The section's figures for its prose, formatted, by glue name, each traced to the query
    on the UN's dataset that gives it (:mod:`sahel.provenance`); the seeds' figures it sets
    beside the count are traced to their claims in ``ledger``."""
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
    old_rows = mission(earlier)
    n = len(rows)

    def cause(name, label):
        count = causes.get(name, 0)
        return _query(CITED, label, f"{MINUSMA_ROWS} and type_of_incident is {name}",
                      count, number(count), un_rows.cause(name))

    def by_year(row, column, name, what, *where):
        count = int(row[column])
        return _query(CITED, name, f"{MINUSMA_ROWS} ({what}), counted by the year of "
                      "incident_date; the year with the most (the earlier year on a tie)",
                      count, f"{row['year']}, with {number(count)} deaths",
                      _rows(*where, *_in_year(row["year"])))

    deadliest = by_year(worst, "total", "deadliest-year", "all causes")
    worst_year = by_year(worst_malicious, record.MALICIOUS, "deadliest-year-malicious",
                         f"type_of_incident {record.MALICIOUS}",
                         ("type_of_incident", "==", record.MALICIOUS))
    top = nations.iloc[0]
    top_words = (f"{MINUSMA_ROWS}, counted by country (isocode3, named by ISO 3166); the "
                 "country with the most deaths")
    revised = (f"{MINUSMA_ROWS} in both versions, matched by casualty_id: the deaths whose "
               "type_of_incident differs")
    return {
        "hc_version": traced(fmt_date(cited.version), Dataset(CITED, "version", cited.version)),
        "hc_earlier_version": traced(
            fmt_date(old.version), Dataset(EARLIER, "version", old.version)
        ),
        "hc_total": _query(CITED, "minusma-deaths", MINUSMA_ROWS, n, number(n), _rows()),
        "hc_malicious": cause(record.MALICIOUS, "minusma-malicious"),
        "hc_illness": cause("Illness", "minusma-illness"),
        "hc_accident": cause("Accident", "minusma-accident"),
        "hc_first_death": _query(CITED, "first-death", f"{MINUSMA_ROWS}: the earliest "
                                 "incident_date", n,
                                 fmt_date(rows["incident_date"].min().date().isoformat()),
                                 _rows()),
        "hc_last_death": _query(CITED, "last-death", f"{MINUSMA_ROWS}: the latest "
                                "incident_date", n,
                                fmt_date(rows["incident_date"].max().date().isoformat()),
                                _rows()),
        "hc_deadliest_year": traced(str(worst["year"]), deadliest.evidence),
        "hc_deadliest_year_deaths": traced(number(int(worst["total"])), deadliest.evidence),
        "hc_malicious_year": traced(str(worst_malicious["year"]), worst_year.evidence),
        "hc_malicious_year_deaths": traced(
            number(int(worst_malicious[record.MALICIOUS])), worst_year.evidence
        ),
        "hc_seed_positions": _seed_positions(marks, ledger, frame),
        "hc_top_nationality": traced(
            str(top["nationality"]),
            Query(CITED, "top-nationality", top_words, n,
                  f"{top['nationality']}, with {number(int(top['deaths']))} deaths",
                  _rows(group=("isocode3", "casualty_nationality"))),
        ),
        "hc_top_nationality_deaths": traced(
            number(int(top["deaths"])),
            Query(CITED, "top-nationality", top_words, n,
                  f"{top['nationality']}, with {number(int(top['deaths']))} deaths",
                  _rows(group=("isocode3", "casualty_nationality"))),
        ),
        "hc_nationalities": _query(
            CITED, "nationalities", f"{MINUSMA_ROWS}: the different countries (isocode3, or "
            "the letters of casualty_nationality where it is empty)", n,
            number(fallen.by_country(frame)["country"].nunique()),
            _rows(group=("isocode3", "casualty_nationality"))),
        "hc_top_shown": traced(
            count_word(len(nations) - 2),
            Formula("the nationalities the table names one by one, those with the most deaths",
                    name="hc_top_shown"),
        ),
        "hc_others_deaths": _query(
            CITED, "other-nationalities", f"{MINUSMA_ROWS} whose casualty_nationality is not "
            f"one of the {len(nations) - 2} with the most deaths", int(others["deaths"]),
            number(int(others["deaths"]))),
        "hc_norwegian_mission": _query(
            CITED, "norwegian-minusma", f"{MINUSMA_ROWS} and isocode3 is {NORWAY}",
            nationals(frame)[0], figures_for_norway(frame), _rows(("isocode3", "==", NORWAY))),
        "hc_norwegian_all": _query(
            CITED, "norwegian-all", f"rows of every mission whose isocode3 is {NORWAY}",
            everywhere, number(everywhere),
            Selection(where=(("isocode3", "==", NORWAY),), show=("mission_acronym", *ROW_COLUMNS),
                      group=("mission_acronym",))),
        "hc_revision": _query(EARLIER, "revision", revised, len(old_rows), moved_words,
                              _rows()),
        "hc_revision_deaths": _query(
            EARLIER, "revision-count", revised + ", counted", int(moved["deaths"].sum()),
            count_word(int(moved["deaths"].sum()))),
        "hc_revision_total_same": _query(
            EARLIER, "minusma-deaths", MINUSMA_ROWS, len(old_rows), number(len(old_rows)),
            _rows()),
        "hc_revision_other": _query(
            EARLIER, "revision-other", f"{MINUSMA_ROWS} in both versions, matched by "
            "casualty_id: every other field that differs", int(other["deaths"].sum()),
            other_words),
        "hc_malicious_earlier": _query(
            EARLIER, "minusma-malicious", f"{MINUSMA_ROWS} and type_of_incident is "
            f"{record.MALICIOUS}", by_cause(earlier)[record.MALICIOUS],
            number(by_cause(earlier)[record.MALICIOUS]), un_rows.cause(record.MALICIOUS)),
    }


def _seed_positions(marks, ledger, frame):
    """Every seed's figure beside the UN's count, in words, traced."""
    words = and_list([_position(r) for r in marks.itertuples()])
    parts = tuple(_seed_position(r, ledger, frame) for r in marks.itertuples())
    return traced(
        words,
        Formula("each source's figure for the peacekeepers killed beside the UN's count of "
                "deaths from malicious acts on the days the source may date from", parts,
                name="hc_seed_positions"),
    )


def _spellings(table, names):
    """The file's own spellings (``casualty_nationality``) of the countries ``names``."""
    chosen = table[table["nationality"].isin(names)]
    return sorted({s for spelled in chosen["spelled"] for s in spelled.split(" | ") if s})


def nationality_shown(frame):
    """:func:`by_nationality` as the page shows it (plain-word columns, no spellings), each
    count traced to the query on the UN's file that gives it: a country's rows by the file's
    own spelling of it, the other countries' by every spelling not named above them."""
    table = by_nationality(frame)
    named = table.iloc[:-2]
    shown = table.drop(columns="spelled").rename(columns=NATIONALITY_WORDS).astype(object)
    malicious = ("type_of_incident", "==", record.MALICIOUS)
    for i, row in table.iterrows():
        deaths, acts = int(row["deaths"]), int(row["malicious_acts"])
        if row["nationality"] == "total":  # the chapter's own counts, described alike
            shown.iat[i, 1] = _query(CITED, "minusma-deaths", MINUSMA_ROWS, deaths,
                                     number(deaths), _rows())
            shown.iat[i, 2] = _query(CITED, "minusma-malicious", f"{MINUSMA_ROWS} and "
                                     f"type_of_incident is {record.MALICIOUS}", acts,
                                     number(acts), un_rows.cause(record.MALICIOUS))
            continue
        if i == len(table) - 2:
            spelled = _spellings(table, named["nationality"])
            where = (("casualty_nationality", "not in", spelled),)
            words = (f"{MINUSMA_ROWS} whose casualty_nationality is none of the "
                     f"{len(named)} countries named above it")
            name = "nationality-others"
        else:
            spelled = _spellings(table, [row["nationality"]])
            where = (("casualty_nationality", "in", spelled),)
            words = f"{MINUSMA_ROWS} whose casualty_nationality is {' or '.join(spelled)}"
            name = f"nationality-{row['nationality']}"
        shown.iat[i, 1] = _query(CITED, f"{name}-deaths", words, deaths, number(deaths),
                                 _rows(*where, group=("casualty_nationality",)))
        shown.iat[i, 2] = _query(CITED, f"{name}-malicious", f"{words}, type_of_incident "
                                 f"{record.MALICIOUS}", acts, number(acts),
                                 _rows(*where, malicious, group=("casualty_nationality",)))
    return shown
