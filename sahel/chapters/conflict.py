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
total where the book gives a range; a sum over years of the low (or high) estimates is called
"the sum of UCDP's yearly low (high) estimates", never a range of the period. This module
describes; it claims no cause.

Windows. UCDP counts calendar years, and the mission was established on 25 April of its first
(it deployed later that year; the ledger dates only the establishment). "During the mission"
is by default its full years (:func:`full_years`: the first calendar year it began already
established, to the year its withdrawal ended), with all its calendar years beside it
(:func:`mission_years`, the partial first year said plainly); :func:`periods` splits the years
shown into before, the year it was established, its full deployed years, the withdrawal's year
and after.

What the file gives (by type, period, perpetrator and country) is read in
:mod:`sahel.chapters.violence`; this module sets it beside the mission's dates, draws the
charts' data and words the findings.
"""

import pandas as pd

from sahel.chapters import minusma, norway
from sahel.chapters.violence import (
    CITED,
    PERPETRATORS,
    TOTAL_WORDS,
    TYPES,
    ConflictError,
    by_country,
    by_period,
    by_type,
    government_share,
    neighbours,
    other_governments,
    passed,
    period_total,
    perpetrators,
    share_of,
    unbracketed,
)
from sahel.dates import span
from sahel.evidence import record
from sahel.evidence.selection import Selection
from sahel.formatting import and_list, count_word, fmt_date, number, percent, whole_percent
from sahel.provenance import Dataset, Formula, Query, derived, traced

DEATHS, MISSION = "deaths", "MINUSMA"
ESTABLISHED, WITHDRAWAL = "from its establishment", "withdrawal"
#: the phases of the MINUSMA chapter's timeline the charts shade, with their series in the
#: CSVs: the deployment phase runs from the day the Security Council established the mission,
#: so it is named for that day, not for a deployment the ledger does not date
PHASES = (("deployment", ESTABLISHED), ("withdrawal", WITHDRAWAL))
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


def full_years(phases):
    """``(first, last)`` full calendar years of the mission: from the first year that began
    with it already established (the year after the establishment, unless that fell on 1
    January) to the year its withdrawal ended. The default window "during the mission"."""
    established = span(phases["deployment"][0]).first
    start, end = mission_years(phases)
    return (start if (established.month, established.day) == (1, 1) else start + 1), end


#: the periods :func:`periods` returns, in order: key and words (``{date}`` a phase's start)
PERIOD_WORDS = (
    ("before", "before the mission"),
    ("established", "established {date}"),
    ("deployed", "deployed, full years"),
    ("withdrawal", "withdrawal began {date}"),
    ("after", "after the withdrawal"),
)


def periods(phases, last):
    """The calendar years from the year before the mission to ``last`` (the dataset's last),
    split by the mission's phases: key, period (words), first_year, last_year, years. The year
    of the establishment and the year the withdrawal began are periods of their own, as the
    mission was there for part of the first and left during the second; a period with no
    year (an establishment on 1 January) is left out."""
    start, end = mission_years(phases)
    full, _ = full_years(phases)
    leaving = span(phases["withdrawal"][0]).first.year
    if end >= last:
        raise ConflictError(f"the dataset ends in {last}: no year after the withdrawal ({end})")
    dates = {"established": phases["deployment"][0], "withdrawal": phases["withdrawal"][0]}
    bounds = {
        "before": (start - 1, start - 1),
        "established": (start, full - 1),
        "deployed": (full, leaving - 1),
        "withdrawal": (leaving, end),
        "after": (end + 1, last),
    }
    rows = [
        {
            "key": key,
            "period": words.format(date=fmt_date(dates.get(key, ""))) if key in dates else words,
            "first_year": bounds[key][0],
            "last_year": bounds[key][1],
            "years": bounds[key][1] - bounds[key][0] + 1,
        }
        for key, words in PERIOD_WORDS
        if bounds[key][0] <= bounds[key][1]
    ]
    return pd.DataFrame(rows)


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


def country_chart_data(long, names, phases):
    """What the chart of the host beside its neighbours draws: a row per country of ``names``
    and year (kind "deaths", series :data:`TOTAL_WORDS`, best) and a row per shaded phase."""
    rows = long[long["country"].isin(names)][["country", "year", "best"]]
    return _data(rows.assign(kind=DEATHS, series=TOTAL_WORDS), phases)


def perpetrator_chart_data(table, country, phases):
    """What the chart of one country's one-sided deaths by perpetrator draws: a row per year
    and perpetrator (kind "deaths", series the perpetrator's words, best) and a row per shaded
    phase."""
    rows = [
        pd.DataFrame(
            {
                "kind": DEATHS,
                "series": words.format(country=country),
                "year": table["year"],
                "best": table[column],
            }
        )
        for _, column, words in PERPETRATORS
    ]
    return _data(pd.concat(rows, ignore_index=True).assign(country=country), phases)


def chart_sources(phases):
    """The sources that date the shaded phases (the charts' citations), in order."""
    return sorted({s for _, _, sources in phases.values() for s in sources})


# --- the findings ----------------------------------------------------------------------------


def findings(frame, covered, phases):
    """The chapter's findings as plain values, computed once for its prose, its chart titles
    and the summary: the years, Mali's table by type, its periods and windows, its one-sided
    deaths by perpetrator, and the neighbours' figures."""
    first, last = years(frame, phases)
    start, end = mission_years(phases)
    full_first, _ = full_years(phases)
    host_row = host(covered)
    cid, name = host_row["country_id"], host_row["country"]
    table = by_type(frame, cid, first, last)
    spans = periods(phases, last)
    perps = perpetrators(frame, cid, first, last)
    long = by_country(frame, covered, first, last)
    near = neighbours(long, name)
    shown = [name, *near]
    full, every = period_total(frame, cid, full_first, end), period_total(frame, cid, start, end)
    after = table[table["year"] > end]
    return {
        "first": first,
        "last": last,
        "start": start,
        "end": end,
        "full_first": full_first,
        "host": name,
        "host_id": cid,
        "table": table,
        "spans": spans,
        "periods": by_period(frame, cid, spans),
        "peak": table.sort_values(["total", "year"], ascending=[False, True]).iloc[0],
        "before": table[table["year"] == first].iloc[0],
        "after": after,
        "full": full,
        "full_years": end - full_first + 1,
        "every": every,
        "every_years": end - start + 1,
        "perpetrators": perps,
        "gov_full": government_share(perps, full_first, end),
        "gov_last": government_share(perps, last, last),
        "others_last": other_governments(frame, cid, last),
        "long": long,
        "neighbours": near,
        "shown": shown,
        "passed": passed(long, name, near[0]),
        "share_first": share_of(long, name, shown, first),
        "share_last": share_of(long, name, shown, last),
    }


def titles(found):
    """The charts' titles, each stating its point from the findings (FT style)."""
    name, last = found["host"], found["last"]
    average = found["full"]["best"] / found["full_years"]
    latest = int(found["table"].iloc[-1]["total"])
    level = "above" if latest > average else "below"
    first, since = found["passed"]
    leader = found["neighbours"][0]
    overtaken = f"{leader}'s toll passed {name}'s in {first}" if first else f"{name} led"
    return {
        "fig_conf_mali": f"{name}'s deaths peaked in {int(found['peak']['year'])}; in {last} "
        f"they stayed {level} their average in the mission's full years",
        "fig_conf_perpetrators": f"Governments committed {whole_percent(found['gov_last'])} "
        f"of one-sided killings in {name} in {last}, {whole_percent(found['gov_full'])} in "
        "the mission's full years",
        "fig_conf_countries": overtaken
        + (f" and has stayed above it since {since}" if since and since != first else ""),
    }


# --- the prose -----------------------------------------------------------------------------


def _range_words(total):
    return (
        f"{number(total['best'])} (UCDP's low estimate {number(total['low'])}, high "
        f"{number(total['high'])})"
    )


def _sums_words(total):
    return f"{number(total['low'])} and {number(total['high'])}"


def _unbracketed_words(found, names):
    if found.empty:
        return "none"
    return and_list(
        f"{names[r.country_id]}'s {r.type} deaths in {r.year} (best {number(r.best)}, "
        f"low {number(r.low)}, high {number(r.high)})"
        for r in found.itertuples()
    )


#: UCDP's best estimates of the three types of organized violence: summed, a row's deaths
BEST_COLUMNS = tuple(f"{stem}_best_cy" for stem, _, _ in TYPES)


def figures(frame, covered, phases, ledger, sources=None):
    """The chapter's figures for its prose, formatted, by glue name, each traced to the rows of
    the UCDP file it reads (a query on the dataset's page), to MINUSMA's own dates (the MINUSMA
    chapter's, traced to the claims that state them) or to a formula on those."""
    sources = record.load_sources() if sources is None else sources
    f = findings(frame, covered, phases)
    first, last, start, end, full_first = (
        f[k] for k in ("first", "last", "start", "end", "full_first")
    )
    name, table, peak, before, after = (f[k] for k in ("host", "table", "peak", "before", "after"))
    others = norway.covered(covered)
    by_other = [
        (other, period_total(frame, cid, full_first, end)["best"])
        for other, cid in zip(others["country"], others["country_id"], strict=True)
    ]
    long_others = f["long"][f["long"]["country"] != name]
    grown = long_others.sort_values(["best", "year"], ascending=[False, True]).iloc[0]
    names = dict(zip(covered["country_id"], covered["country"], strict=True))
    shown = unbracketed(frame, list(covered["country_id"]), first, last)
    everywhere = {(cid, year) for cid, year, _ in record.UCDP_UNBRACKETED}
    version = sources[CITED].version
    deaths = "deaths in organized violence (state-based, non-state and one-sided, summed)"

    ids = {v: k for k, v in names.items()}

    def query(key, text, words, rows, select=None):
        return traced(text, Query(CITED, key, words, int(rows), text, select))

    def rows(countries, first_year, last_year, total=BEST_COLUMNS):
        """The file's rows of ``countries`` (names as the chapter gives them) in those years."""
        return Selection(
            where=(("country_id_cy", "in", [int(ids[c]) for c in countries]),
                   ("year_cy", ">=", int(first_year)), ("year_cy", "<=", int(last_year))),
            total=total, show=("country_cy", "year_cy", *BEST_COLUMNS), group=("country_cy",),
        )

    mission = minusma.figures(ledger)
    established, withdrawn = mission["minusma_established"], mission["minusma_window_end"]
    if (established, withdrawn) != (
        fmt_date(phases["deployment"][0]),
        fmt_date(phases["withdrawal"][1]),
    ):
        raise ValueError("MINUSMA's phases here are not the MINUSMA chapter's dates")
    mission_first = traced(
        str(start), Formula("the year of MINUSMA's establishment", (established,))
    )
    mission_last = traced(str(end), Formula("the year MINUSMA's withdrawal ended", (withdrawn,)))
    full_first_year = traced(
        str(full_first),
        Formula(
            "the first calendar year MINUSMA was established all year: the year after "
            "its establishment",
            (established,),
        ),
    )
    full_rows, every_rows = f["full_years"], f["every_years"]
    full_words = f"the rows of {name} from {full_first} to {end} (MINUSMA's full years)"
    full = query(
        "host-full-years",
        number(f["full"]["best"]),
        f"{full_words}: their {deaths}, summed (best estimate)",
        full_rows,
        rows([name], full_first, end),
    )
    every = query(
        "host-mission-years",
        number(f["every"]["best"]),
        f"the rows of {name} from {start} to {end} (every calendar year MINUSMA was in "
        f"Mali, the first only from its establishment): their {deaths}, summed (best "
        "estimate)",
        every_rows,
        rows([name], start, end),
    )
    full_average = derived(
        "conf_full_per_year",
        number(round(f["full"]["best"] / full_rows)),
        f"the deaths of MINUSMA's full years divided by their number ({full_rows}), rounded",
        full,
    )
    last_row = table.iloc[-1]
    latest = query(
        "host-last-year",
        number(int(last_row["total"])),
        f"the row of {name} for {last}, the dataset's last year: its {deaths}",
        1,
        rows([name], last, last),
    )
    perps = f["perpetrators"]
    perp_last = perps.iloc[-1]
    one_sided_last = query(
        "host-one-sided-last",
        number(int(perp_last["one_sided"])),
        f"the row of {name} for {last}: its one-sided deaths (best estimate)",
        1,
        rows([name], last, last, ("os_total_deaths_best_cy",)),
    )
    governments_last = query(
        "host-governments-last",
        number(int(perp_last["own_government"] + perp_last["other_governments"])),
        f"the row of {name} for {last}: one-sided killings by any government (best estimate)",
        1,
        rows([name], last, last, ("os_any_govt_killings_best_cy",)),
    )
    leader = f["neighbours"][0]
    passed_first, passed_since = f["passed"]
    share_first, total_first = f["share_first"]
    share_last, total_last = f["share_last"]
    shown_names = and_list(f["shown"])
    return {
        "conf_version": traced(version, Dataset(CITED, "version", version)),
        "conf_first_year": traced(
            str(first), Formula("the year before MINUSMA's establishment", (established,))
        ),
        "conf_last_year": query(
            "last-year", str(last), "the latest year of any row of the file", len(frame),
            Selection(show=("country_cy", "year_cy"), group=("year_cy",)),
        ),
        "conf_mission_first_year": mission_first,
        "conf_mission_last_year": mission_last,
        "conf_full_first_year": full_first_year,
        "conf_established": established,
        "conf_withdrawal_end": withdrawn,
        "conf_host": str(name),
        "conf_others": and_list(others["country"]),
        "conf_before": query(
            "host-before",
            number(int(before["total"])),
            f"the row of {name} for {first}, the year before the mission: its {deaths}",
            1,
            rows([name], first, first),
        ),
        "conf_established_year_total": query(
            "host-established-year",
            number(int(table[table["year"] == start].iloc[0]["total"])),
            f"the row of {name} for {start}, the year MINUSMA was established: its {deaths}",
            1,
            rows([name], start, start),
        ),
        "conf_peak_year": query(
            "host-peak-year",
            str(int(peak["year"])),
            f"the rows of {name} from {first} to {last}: the year with the most {deaths}",
            len(table),
            rows([name], first, last, ()),
        ),
        "conf_peak": query(
            "host-peak",
            _range_words(
                {"best": peak["total"], "low": peak["total_low"], "high": peak["total_high"]}
            ),
            f"the rows of {name} from {first} to {last}: the most {deaths} in a year, best "
            "estimate with that year's low and high estimates",
            len(table),
            rows([name], first, last, ()),
        ),
        "conf_full_total": full,
        "conf_full_per_year": full_average,
        "conf_full_sums": query(
            "host-full-years-sums",
            _sums_words(f["full"]),
            f"{full_words}: the sum of UCDP's yearly low estimates of their {deaths} and the "
            "sum of its yearly high estimates",
            full_rows,
            rows([name], full_first, end, ()),
        ),
        "conf_every_total": every,
        "conf_every_per_year": derived(
            "conf_every_per_year",
            number(round(f["every"]["best"] / every_rows)),
            f"the deaths of every calendar year MINUSMA was in Mali divided by their number "
            f"({every_rows}), rounded",
            every,
        ),
        "conf_period_total": derived(
            "conf_period_total",
            f"{full} in its full years, {full_first} to {end} ({every} counting {start}, the "
            "year it was established)",
            "the deaths of MINUSMA's full years, with those of every calendar year it was "
            "in Mali beside them",
            full,
            every,
        ),
        "conf_period_types": query(
            "host-full-years-by-type",
            and_list(f"{number(f['full'][column])} {words}" for _, words, column in TYPES),
            f"{full_words}: each type's deaths (best estimate), summed",
            full_rows,
            rows([name], full_first, end, ()),
        ),
        "conf_last_total": latest,
        "conf_last_ratio": derived(
            "conf_last_ratio",
            f"{int(last_row['total']) / (f['full']['best'] / full_rows):.1f}",
            f"the deaths of {last} divided by the yearly average of MINUSMA's full years, to "
            "one decimal",
            latest,
            full_average,
        ),
        "conf_after": query(
            "host-after",
            and_list(f"{number(int(r.total))} in {int(r.year)}" for r in after.itertuples()),
            f"the rows of {name} after {end}: their {deaths}",
            len(after),
            rows([name], end + 1, last),
        ),
        "conf_gov_share_full": query(
            "host-governments-full-years",
            whole_percent(f["gov_full"]),
            f"{full_words}: one-sided killings by any government as a share of one-sided "
            "deaths (best estimates, summed)",
            full_rows,
            rows([name], full_first, end, ()),
        ),
        "conf_gov_share_last": derived(
            "conf_gov_share_last",
            whole_percent(f["gov_last"]),
            f"one-sided killings by any government in {last} as a share of its one-sided deaths",
            governments_last,
            one_sided_last,
        ),
        "conf_one_sided_last": one_sided_last,
        "conf_governments_last": governments_last,
        "conf_own_government_last": query(
            "host-own-government-last",
            number(int(perp_last["own_government"])),
            f"the row of {name} for {last}: one-sided killings by its main government alone "
            "(best estimate)",
            1,
            rows([name], last, last, ("os_main_govt_killings_best_cy",)),
        ),
        "conf_other_governments_last": query(
            "host-other-governments-last",
            number(int(perp_last["other_governments"])),
            f"the row of {name} for {last}: one-sided killings by any government less those "
            "by its main government (best estimates)",
            1,
            rows([name], last, last, ()),
        ),
        "conf_other_governments_names": query(
            "host-other-government-dyads",
            and_list(f"\u201c{actor}\u201d" for actor in f["others_last"]) or "none",
            f"the row of {name} for {last}: the perpetrators of its one-sided dyads that are "
            f"a government other than {name}'s alone, as the file names them",
            1,
            rows([name], last, last, ()),
        ),
        "conf_neighbours": and_list(f["neighbours"]),
        "conf_leader": leader,
        "conf_leader_last": query(
            "neighbour-last-year",
            number(int(f["long"].query("country == @leader and year == @last")["best"].iloc[0])),
            f"the row of {leader} for {last}: its {deaths}",
            1,
            rows([leader], last, last),
        ),
        "conf_passed_first": query(
            "neighbour-passed-first",
            str(passed_first) if passed_first else "never",
            f"the rows of {name} and {leader} from {first} to {last}: the first year "
            f"{leader}'s {deaths} exceeded {name}'s (best estimates)",
            2 * len(table),
            rows([name, leader], first, last, ()),
        ),
        "conf_passed_since": query(
            "neighbour-passed-since",
            str(passed_since) if passed_since else "not",
            f"the rows of {name} and {leader} from {first} to {last}: the year from which "
            f"{leader}'s {deaths} exceeded {name}'s every year to the last (best estimates)",
            2 * len(table),
            rows([name, leader], first, last, ()),
        ),
        "conf_share_first": query(
            "host-share-first",
            percent(share_first),
            f"the rows of {shown_names} for {first}: {name}'s share of their {deaths} (best "
            "estimates)",
            len(f["shown"]),
            rows(f["shown"], first, first, ()),
        ),
        "conf_share_last": query(
            "host-share-last",
            percent(share_last),
            f"the rows of {shown_names} for {last}: {name}'s share of their {deaths} (best "
            "estimates)",
            len(f["shown"]),
            rows(f["shown"], last, last, ()),
        ),
        "conf_shown_total_first": query(
            "shown-total-first",
            number(total_first),
            f"the rows of {shown_names} for {first}: their {deaths}, summed (best estimates)",
            len(f["shown"]),
            rows(f["shown"], first, first),
        ),
        "conf_shown_total_last": query(
            "shown-total-last",
            number(total_last),
            f"the rows of {shown_names} for {last}: their {deaths}, summed (best estimates)",
            len(f["shown"]),
            rows(f["shown"], last, last),
        ),
        "conf_others_period": query(
            "others-full-years",
            and_list(
                f"{number(best)}{' deaths' if i == 0 else ''} in {other}"
                for i, (other, best) in enumerate(by_other)
            ),
            f"the rows of {and_list(others['country'])} from {full_first} to {end}: each "
            f"country's {deaths}, summed (best estimate)",
            len(by_other) * full_rows,
            rows(list(others["country"]), full_first, end, ()),
        ),
        "conf_others_peak": query(
            "others-peak",
            f"{grown['country']}'s, {number(int(grown['best']))} in {int(grown['year'])}",
            f"the rows of {and_list(others['country'])} from {first} to {last}: the most "
            f"{deaths} in one country and year (best estimate)",
            len(long_others),
            rows(list(others["country"]), first, last, ()),
        ),
        "conf_unbracketed_shown": query(
            "unbracketed",
            _unbracketed_words(shown, names),
            f"the rows of {and_list(covered['country'])} from {first} to {last} whose low and "
            "high estimates do not bracket the best estimate",
            len(shown),
        ),
        "conf_unbracketed_all": count_word(len(everywhere)),
    }
