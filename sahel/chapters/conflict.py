"""The conflict around the mission: deaths in organized violence in Mali and in the four other
countries the embassy in Bamako covered, year by year, from UCDP's Country-Year Dataset on
Organized Violence (read through the strict loader :func:`sahel.evidence.record.ucdp`), beside
MINUSMA's deployment and withdrawal as the MINUSMA chapter's timeline dates them.

The countries come from the press release's own sentence (:func:`sahel.chapters.norway.
bamako_coverage`), the mission's window from the ledger (:func:`sahel.chapters.minusma.
build_events`); neither is typed here. The years run from the year before the mission was
established (a year without it, to compare with) to the dataset's last year.

UCDP counts three types of organized violence: state-based (a government is a party),
non-state (organised groups fight each other, no government), one-sided (a government or a
group kills civilians). ``cumulative_total_deaths_in_orgvio_*`` is their sum within the year,
not a running total. Figures are UCDP's best estimates, with its low and high estimates of the
total where the book gives a range. This module describes; it claims no cause.
"""

import pandas as pd

from sahel.chapters import minusma, norway
from sahel.dates import span
from sahel.evidence import record
from sahel.formatting import and_list, count_word, fmt_date, number
from sahel.provenance import Dataset, Formula, Query, traced

CITED = "R-UCDP"
#: UCDP's three types of organized violence (column stems) in the order the charts stack
#: them, with the book's words for each and the name of its column in the CSVs
TYPES = (
    ("sb_total_deaths", "state-based", "state_based"),
    ("ns_total_deaths", "non-state", "non_state"),
    ("os_total_deaths", "one-sided", "one_sided"),
)
TOTAL_WORDS = "all organized violence"
DEATHS, MISSION = "deaths", "MINUSMA"
DEPLOYED, WITHDRAWAL = "deployed", "withdrawal"
#: the phases of the MINUSMA chapter's timeline the charts shade, with their words
PHASES = (("deployment", DEPLOYED), ("withdrawal", WITHDRAWAL))
DATA_COLUMNS = (
    "kind",
    "country",
    "series",
    "year",
    "best",
    "low",
    "high",
    "first_day",
    "last_day",
    "sources",
)


class ConflictError(record.RecordError):
    """The record lacks a year or a country the chapter asks for."""


# --- what is compared ----------------------------------------------------------------------


def countries(text):
    """The countries the embassy in Bamako covered, the host first, from the press release's
    sentence: its name as written, ISO code, role and UCDP's country id."""
    coverage = norway.bamako_coverage(text)
    return coverage.assign(country_id=[record.ucdp_country_id(i) for i in coverage["iso_a3"]])


def host(covered):
    """The host country's row of :func:`countries` (the embassy's own country, Mali)."""
    return covered[covered["role"] == norway.HOST].iloc[0]


def window(events):
    """MINUSMA's phases as the timeline dates them: ``{phase: (first, last, sources)}`` for the
    deployment (establishment to the day before the withdrawal) and the withdrawal."""
    phases = minusma.by_key(events)
    out = {}
    for key, _ in PHASES:
        phase = phases[key]
        if phase.kind != "phase" or len(phase.dates) != 1 or not phase.until:
            raise minusma.TimelineError(f"{key!r} is not a closed phase with one start date")
        out[key] = (phase.dates[0], phase.until, phase.sources)
    return out


def years(frame, phases):
    """``(first, last)``: the year before MINUSMA was established, to compare a year without
    it, and the last year the dataset covers."""
    first = span(phases["deployment"][0]).first.year - 1
    return first, int(frame["year_cy"].max())


def mission_years(phases):
    """``(first, last)`` calendar years MINUSMA was in Mali: the establishment's year to the
    year its withdrawal ended."""
    return span(phases["deployment"][0]).first.year, span(phases["withdrawal"][1]).last.year


# --- the figures -------------------------------------------------------------------------


def _rows(frame, country_id, first, last):
    rows = frame[(frame["country_id_cy"] == country_id) & frame["year_cy"].between(first, last)]
    missing = sorted(set(range(first, last + 1)) - set(rows["year_cy"]))
    if missing:
        raise ConflictError(f"UCDP has no row for country {country_id} in {missing}")
    return rows.sort_values("year_cy").reset_index(drop=True)


def _column(stem, bound):
    return f"{stem}_{bound}_cy"


def by_type(frame, country_id, first, last):
    """One country's deaths per year, by type (best estimates), with the total's best, low and
    high estimates: year, state_based, non_state, one_sided, total, total_low, total_high."""
    rows = _rows(frame, country_id, first, last)
    out = pd.DataFrame({"year": rows["year_cy"]})
    for stem, _, column in TYPES:
        out[column] = rows[_column(stem, "best")]
    for bound, column in (("best", "total"), ("low", "total_low"), ("high", "total_high")):
        out[column] = rows[_column(record.UCDP_TOTAL, bound)]
    return out


def by_country(frame, covered, first, last):
    """Deaths in organized violence per country and year (best, low and high estimates), the
    countries in the order ``covered`` lists them: country (as written), year, best, low,
    high."""
    parts = []
    for row in covered.itertuples():
        rows = _rows(frame, row.country_id, first, last)
        parts.append(
            pd.DataFrame(
                {
                    "country": row.country,
                    "year": rows["year_cy"],
                    **{b: rows[_column(record.UCDP_TOTAL, b)] for b in ("best", "low", "high")},
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def country_table(long):
    """The table: one row per year, one column per country (best estimates), in order."""
    order = list(dict.fromkeys(long["country"]))
    wide = long.pivot(index="year", columns="country", values="best")[order]
    return wide.reset_index().rename_axis(columns=None)


def table_shown(table):
    """The country table as the book shows it: figures written by :func:`number`."""
    return table.assign(**{c: table[c].map(number) for c in table.columns if c != "year"})


def period_total(frame, country_id, first, last):
    """One country's deaths from ``first`` to ``last`` (years, both included): the sums of the
    best, low and high estimates of the total and of each type's best estimate."""
    rows = _rows(frame, country_id, first, last)
    out = {b: int(rows[_column(record.UCDP_TOTAL, b)].sum()) for b in ("best", "low", "high")}
    for stem, _, column in TYPES:
        out[column] = int(rows[_column(stem, "best")].sum())
    return out


def unbracketed(frame, country_ids, first, last):
    """The figures, among these countries and years, whose published low and high estimates do
    not bracket the best estimate: country id, year, type (the book's words), low, best,
    high."""
    rows = frame[frame["country_id_cy"].isin(country_ids) & frame["year_cy"].between(first, last)]
    found = []
    for stem, words in (*((s, w) for s, w, _ in TYPES), (record.UCDP_TOTAL, TOTAL_WORDS)):
        low, best, high = (rows[_column(stem, b)] for b in ("low", "best", "high"))
        for i in rows.index[(low > best) | (best > high)]:
            found.append(
                {
                    "country_id": int(rows.at[i, "country_id_cy"]),
                    "year": int(rows.at[i, "year_cy"]),
                    "type": words,
                    "low": int(low[i]),
                    "best": int(best[i]),
                    "high": int(high[i]),
                }
            )
    return pd.DataFrame(found, columns=["country_id", "year", "type", "low", "best", "high"])


# --- what the charts draw ------------------------------------------------------------------


def window_rows(phases):
    """The shaded phases as rows of a chart's data (kind "MINUSMA")."""
    return pd.DataFrame(
        [
            {
                "kind": MISSION,
                "series": words,
                "first_day": phases[key][0],
                "last_day": phases[key][1],
                "sources": " ".join(phases[key][2]),
            }
            for key, words in PHASES
        ]
    )


def _data(rows, phases):
    data = pd.concat([rows, window_rows(phases)], ignore_index=True)
    data = data.reindex(columns=list(DATA_COLUMNS))
    for column in ("year", "best", "low", "high"):
        data[column] = data[column].astype("Int64")
    return data.fillna({c: "" for c in ("country", "first_day", "last_day", "sources")})


def type_chart_data(table, country, phases):
    """What the chart of one country's deaths by type draws, one frame: a row per year and
    type (kind "deaths", series the type's words, ``best``), a row per year for the total
    (series :data:`TOTAL_WORDS`, with ``low`` and ``high``) and a row per shaded phase (kind
    "MINUSMA": its first and last day and the sources that date it)."""
    rows = []
    for _, words, column in TYPES:
        rows.append(
            pd.DataFrame(
                {"kind": DEATHS, "series": words, "year": table["year"], "best": table[column]}
            )
        )
    rows.append(
        pd.DataFrame(
            {
                "kind": DEATHS,
                "series": TOTAL_WORDS,
                "year": table["year"],
                "best": table["total"],
                "low": table["total_low"],
                "high": table["total_high"],
            }
        )
    )
    return _data(pd.concat(rows, ignore_index=True).assign(country=country), phases)


def country_chart_data(long, phases):
    """What the chart of the countries draws: a row per country and year (kind "deaths",
    series :data:`TOTAL_WORDS`, best, low and high) and a row per shaded phase."""
    return _data(long.assign(kind=DEATHS, series=TOTAL_WORDS), phases)


def chart_sources(phases):
    """The sources that date the shaded phases (the charts' citations), in order."""
    return sorted({s for _, _, sources in phases.values() for s in sources})


# --- the prose -----------------------------------------------------------------------------


def _range_words(total):
    return f"{number(total['best'])} (low {number(total['low'])}, high {number(total['high'])})"


def _unbracketed_words(found, names):
    if found.empty:
        return "none"
    return and_list(
        f"{names[r.country_id]}'s {r.type} deaths in {r.year} (best {number(r.best)}, "
        f"low {number(r.low)}, high {number(r.high)})"
        for r in found.itertuples()
    )


def figures(frame, covered, phases, ledger, sources=None):
    """The section's figures for its prose, formatted, by glue name, each traced to the rows of
    the UCDP file it reads (a query on the dataset's page) or to MINUSMA's own dates (the
    MINUSMA chapter's, traced to the claims that state them)."""
    sources = record.load_sources() if sources is None else sources
    first, last = years(frame, phases)
    start, end = mission_years(phases)
    host_row = host(covered)
    others = norway.covered(covered)
    table = by_type(frame, host_row["country_id"], first, last)
    peak = table.sort_values(["total", "year"], ascending=[False, True]).iloc[0]
    during = period_total(frame, host_row["country_id"], start, end)
    before = table[table["year"] == first].iloc[0]
    after = table[table["year"] > end]
    long = by_country(frame, others, first, last)
    by_other = [
        (name, period_total(frame, cid, start, end)["best"])
        for name, cid in zip(others["country"], others["country_id"], strict=True)
    ]
    grown = long.sort_values(["best", "year"], ascending=[False, True]).iloc[0]
    names = dict(zip(covered["country_id"], covered["country"], strict=True))
    shown = unbracketed(frame, list(covered["country_id"]), first, last)
    everywhere = {(cid, year) for cid, year, _ in record.UCDP_UNBRACKETED}
    name, version = host_row["country"], sources[CITED].version
    deaths = "deaths in organized violence (state-based, non-state and one-sided, summed)"

    def query(key, text, words, rows):
        return traced(text, Query(CITED, key, words, int(rows), text))

    mission = minusma.figures(ledger)
    deployed, withdrawn = mission["minusma_established"], mission["minusma_window_end"]
    if (deployed, withdrawn) != (
        fmt_date(phases["deployment"][0]), fmt_date(phases["withdrawal"][1])
    ):
        raise ValueError("MINUSMA's phases here are not the MINUSMA chapter's dates")
    mission_first = traced(
        str(start), Formula("the year of MINUSMA's establishment", (deployed,))
    )
    mission_last = traced(str(end), Formula("the year MINUSMA's withdrawal ended", (withdrawn,)))
    peak_year = query(
        "host-peak-year", str(int(peak["year"])),
        f"the rows of {name} from {first} to {last}: the year with the most {deaths}",
        len(table),
    )
    return {
        "conf_version": traced(version, Dataset(CITED, "version", version)),
        "conf_first_year": traced(
            str(first), Formula("the year before MINUSMA's establishment", (deployed,))
        ),
        "conf_last_year": query(
            "last-year", str(last), "the latest year of any row of the file", len(frame)
        ),
        "conf_mission_first_year": mission_first,
        "conf_mission_last_year": mission_last,
        "conf_deployed": deployed,
        "conf_withdrawal_end": withdrawn,
        "conf_host": str(name),
        "conf_others": and_list(others["country"]),
        "conf_before": query(
            "host-before", number(int(before["total"])),
            f"the row of {name} for {first}, the year before the mission: its {deaths}", 1,
        ),
        "conf_peak_year": peak_year,
        "conf_peak": query(
            "host-peak", _range_words(
                {"best": peak["total"], "low": peak["total_low"], "high": peak["total_high"]}
            ),
            f"the rows of {name} from {first} to {last}: the most {deaths} in a year, best "
            "estimate with the sums of the low and high estimates",
            len(table),
        ),
        "conf_period_total": query(
            "host-mission-years", _range_words(during),
            f"the rows of {name} from {start} to {end} (the years MINUSMA was in Mali): "
            f"their {deaths}, summed, best estimate with the sums of the low and high estimates",
            end - start + 1,
        ),
        "conf_period_types": query(
            "host-mission-years-by-type",
            and_list(f"{number(during[column])} {words}" for _, words, column in TYPES),
            f"the rows of {name} from {start} to {end}: each type's deaths (best estimate), "
            "summed",
            end - start + 1,
        ),
        "conf_after": query(
            "host-after",
            and_list(f"{number(int(r.total))} in {int(r.year)}" for r in after.itertuples()),
            f"the rows of {name} after {end}: their {deaths}",
            len(after),
        ),
        "conf_others_period": query(
            "others-mission-years",
            and_list(
                f"{number(best)}{' deaths' if i == 0 else ''} in {other}"
                for i, (other, best) in enumerate(by_other)
            ),
            f"the rows of {and_list(others['country'])} from {start} to {end}: each "
            f"country's {deaths}, summed (best estimate)",
            len(by_other) * (end - start + 1),
        ),
        "conf_others_peak": query(
            "others-peak",
            f"{grown['country']}'s, {number(int(grown['best']))} in {int(grown['year'])}",
            f"the rows of {and_list(others['country'])} from {first} to {last}: the most "
            f"{deaths} in one country and year (best estimate)",
            len(long),
        ),
        "conf_unbracketed_shown": query(
            "unbracketed", _unbracketed_words(shown, names),
            f"the rows of {and_list(covered['country'])} from {first} to {last} whose low and high "
            "estimates do not bracket the best estimate",
            len(shown),
        ),
        "conf_unbracketed_all": count_word(len(everywhere)),
    }
