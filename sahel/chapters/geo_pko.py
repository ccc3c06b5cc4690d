"""MINUSMA's sites in Geo-PKO beside what the sources say of them: the locations the UN's
deployment maps show for the mission each year (Geo-PKO v2.3's dashboard table ``FrontMap``),
whether the two sites the report of the mission's end says were still closing appear there,
and where Geo-PKO lists Norway among the mission's contributors (``TCCMap``).

Geo-PKO reads its figures off the UN's deployment maps: a location is a place a map marks,
several maps a year may mark it with different estimates, and troop sizes are estimates read
off map symbols. So the book counts distinct locations per year, calls them locations on the
maps (estimates), and never sets them against the "positions" a source counts as a check: a
location is not a position. The sites the source names are read from ``data/sites.csv`` (the
source of the positions claim, status :data:`CLOSING`); nothing here types a place name.
"""

import re

import pandas as pd

from sahel.chapters import contribution
from sahel.chapters.reconciliation import seed_window
from sahel.dates import span
from sahel.evidence import record
from sahel.evidence.selection import Selection
from sahel.formatting import and_list, count_word, fmt_date, number
from sahel.provenance import Dataset, Fact, Formula, Query, traced
from sahel.publish import cite_all

SITES, CONTRIBUTORS = "R-GEOPKOSITES", "R-GEOPKOTCC"
MISSION = "MINUSMA"
POSITIONS = "minusma.positions.vacated"  # the claim of positions vacated (subject)
CLOSING = "sites being closed"  # the status data/sites.csv gives the sites still closing
NORWAY = "Norway"  # as Geo-PKO's contributor lists write it
YES, NO = "yes", "no"
NOT_LISTED = "not listed"
_ALIAS = re.compile(r"(?P<name>.+?) \((?P<alias>[^()]+)\)")


class SitesError(record.RecordError):
    """The sources' sites or the record's rows are not what the comparison needs."""


def names(location):
    """The names a Geo-PKO location goes by: "Tombouctou (Timbuktu)" -> itself, "Tombouctou"
    and "Timbuktu"; "Mopti/Sevare" -> itself, "Mopti" and "Sevare"."""
    out = {location}
    if match := _ALIAS.fullmatch(location):
        out |= {match["name"], match["alias"]}
    if "/" in location:
        out |= set(location.split("/"))
    return out


def closing_sites(sites, ledger):
    """The places the source of the positions claim says were still being closed (the rows of
    :func:`sahel.chapters.minusma.load_sites` with status :data:`CLOSING`), in order."""
    source = ledger.one(POSITIONS).source
    status = sites["status"].str.casefold()  # as written in the file or capitalised when read
    rows = sites[(sites["source"] == source) & (status == CLOSING.casefold())]
    if rows.empty:
        raise SitesError(f"no site of {source} has status {CLOSING!r} in data/sites.csv")
    return list(rows["site"])


def seed_year(ledger, registry):
    """The year of the source that counts the positions (its date, or a dating window inside
    one year); error if its window spans years."""
    source = registry[ledger.one(POSITIONS).source]
    first, last = seed_window(source)
    if first.year != last.year:
        raise SitesError(f"{source.id} may date from {first.year} or {last.year}")
    return first.year


def mission_rows(frame, mission=MISSION):
    """The mission's rows of a Geo-PKO frame; error if it has none."""
    rows = frame[frame["mission"] == mission]
    if rows.empty:
        raise SitesError(f"Geo-PKO has no row for {mission}")
    return rows


def locations_by_year(sites, mission=MISSION):
    """Per year: the rows the table holds for the mission and its distinct locations (a
    location on several of a year's maps counts once): year, rows, locations, names."""
    rows = mission_rows(sites, mission)
    out = rows.groupby("year").agg(
        rows=("location", "size"),
        locations=("location", "nunique"),
        names=("location", lambda s: tuple(sorted(set(s)))),
    )
    return out.reset_index()


def appears(places, site):
    """True if ``site`` (a name as the source writes it) is one of the names of ``places``."""
    return any(site in names(place) for place in places)


def listed(contributors, country=NORWAY, mission=MISSION):
    """The years and locations where Geo-PKO lists ``country`` among the mission's
    contributors: year, location."""
    rows = mission_rows(contributors, mission)
    rows = rows[rows["contributors"].map(lambda names: country in names)]
    return rows[["year", "location"]].sort_values(["year", "location"]).reset_index(drop=True)


def sites_table(sites, contributors, closing, country=NORWAY):
    """The table: per year, the distinct locations the maps show for the mission (an
    estimate), whether each site the source says was closing is among them, and where the
    contributor lists name ``country``."""
    years = locations_by_year(sites)
    where = listed(contributors, country)
    table = pd.DataFrame({"year": years["year"], "locations": years["locations"]})
    for site in closing:
        table[site] = [YES if appears(places, site) else NO for places in years["names"]]
    table[country] = [
        ", ".join(where[where["year"] == year]["location"]) or NOT_LISTED for year in years["year"]
    ]
    return table


def table_words(closing, country=NORWAY):
    """The table's columns in plain words, as the book shows them."""
    return {
        "locations": "locations on the maps (estimate)",
        **{site: f"{site} on the maps" for site in closing},
        country: f"{country} listed at",
    }


#: the record's facts that open and close Norway's presence: its first contribution, and the
#: handover of Camp Bifrost (the Norway chapter's timeline draws both)
NORWAY_FROM, NORWAY_TO = f"{contribution.PREFIX}start", contribution.HANDOVER


def norway_span(facts=None):
    """``(first, last, fact rows)``: the partial dates Norway's presence in MINUSMA runs
    between in the record's facts (its first contribution's start, Camp Bifrost's handover)."""
    chosen = contribution.contribution_facts(facts)
    first, last = (chosen[topic][0] for topic in (NORWAY_FROM, NORWAY_TO))
    return contribution.fact_dates(first)[0], contribution.fact_dates(last)[-1], (first, last)


def within(years, first, last):
    """True if every year lies in the span from partial date ``first`` to ``last``."""
    return all(span(first).first.year <= y <= span(last).last.year for y in years)


def _years(years):
    return and_list(str(int(y)) for y in years)


def _appear(places, sites, every):
    """ "both appear", "Gao still appears, Timbuktu no longer does", "neither appears"."""
    found = [s for s in sites if appears(places, s)]
    missing = [s for s in sites if s not in found]
    if not missing:
        return "both appear" if len(sites) == 2 else f"{every} appear"
    if not found:
        return "neither appears" if len(sites) == 2 else "none appears"
    return f"{and_list(found)} appears, {and_list(missing)} does not"


def site_rows(*where, mission=MISSION):
    """Geo-PKO's site rows of ``mission`` meeting ``where``, exact duplicates once (as the
    loader reads them), as a selection on the raw file."""
    return Selection(where=(("mission", "==", mission), *where), distinct=True,
                     show=("year", "location", "latitude", "longitude"), group=("year",))


def norway_rows():
    """Geo-PKO's contributor rows of the mission whose contributor list names Norway."""
    return Selection(where=(("mission", "==", MISSION), ("year.overview", "contains", "Norway")),
                     distinct=True, show=("year", "location", "year.overview"))


def figures(sites, contributors, closing, seed_year, sources=None, facts=None):
    """The sites' figures for the prose, formatted, by glue name. ``seed_year`` is the year of
    the source that counts the positions."""
    sources = record.load_sources() if sources is None else sources
    norway_from, norway_to, norway_facts = norway_span(facts)
    years = locations_by_year(sites)
    by_year = years.set_index("year")
    if seed_year not in by_year.index:
        raise SitesError(f"Geo-PKO has no {MISSION} row in {seed_year}, the source's year")
    last = int(years["year"].max())
    most = int(years["locations"].max())
    at_seed, at_last = by_year.loc[seed_year], by_year.loc[last]
    where = listed(contributors)
    gaps = sorted(
        set(range(int(where["year"].min()), int(where["year"].max()) + 1)) - set(where["year"])
    )
    version = sources[SITES].version
    mission_rows = f"the rows of {MISSION}"
    place = "distinct locations (a location counted once a year)"

    def query(dataset, key, text, words, rows, select=None):
        return traced(text, Query(dataset, key, words, int(rows), text, select))

    return {
        "pko_version": traced(version, Dataset(SITES, "version", version)),
        "pko_first_year": query(
            SITES, "first-year", str(int(years["year"].min())),
            f"{mission_rows}: the earliest year", years["rows"].sum(), site_rows(),
        ),
        "pko_last_year": query(
            SITES, "last-year", str(last), f"{mission_rows}: the latest year",
            years["rows"].sum(), site_rows(),
        ),
        "pko_most": query(
            SITES, "most-locations", number(most),
            f"{mission_rows}: the most {place} in a year", years["rows"].sum(), site_rows(),
        ),
        "pko_most_years": query(
            SITES, "most-locations-years", _years(years[years["locations"] == most]["year"]),
            f"{mission_rows}: the years with the most {place}", years["rows"].sum(),
            site_rows(),
        ),
        "pko_seed_year": traced(
            str(seed_year),
            Formula("the year of the source that counts the positions (its date in the "
                    "registry of sources)"),
        ),
        "pko_seed_year_locations": query(
            SITES, "seed-year-locations", number(int(at_seed["locations"])),
            f"{mission_rows} in {seed_year}: their {place}", at_seed["rows"],
            site_rows(("year", "==", int(seed_year))),
        ),
        "pko_seed_year_rows": query(
            SITES, "seed-year-rows", number(int(at_seed["rows"])),
            f"{mission_rows} in {seed_year}", at_seed["rows"],
            site_rows(("year", "==", int(seed_year))),
        ),
        "pko_closing": and_list(closing),
        "pko_closing_at_seed": _appear(at_seed["names"], closing, "all"),
        "pko_last_year_places": and_list(at_last["names"]),
        "pko_last_year_closing": _appear(at_last["names"], closing, "all"),
        "pko_duplicates": (
            "none" if not sites.attrs["duplicates"] else number(sites.attrs["duplicates"])
        ),
        "pko_norway_years": query(
            CONTRIBUTORS, "norway-years", _years(where["year"].unique()),
            f"the rows of {MISSION} whose contributor list names Norway: their years",
            len(where), norway_rows(),
        ),
        "pko_norway_places": and_list(where["location"].unique()),
        "pko_norway_gaps": query(
            CONTRIBUTORS, "norway-gaps", _years(gaps) if gaps else "none",
            "the years between the first and the last of those rows that hold none of them",
            len(where), norway_rows(),
        ),
        "pko_norway_gap_count": count_word(len(gaps)),
        "pko_norway_from": traced(fmt_date(norway_from), Fact.of(norway_facts[0])),
        "pko_norway_to": traced(fmt_date(norway_to), Fact.of(norway_facts[1])),
        "pko_norway_within": (
            "all fall within it"
            if within(where["year"], norway_from, norway_to)
            else "not all fall within it"
        ),
    }


def norway_cite(facts=None):
    """The ``{cite:p}`` role for the pages of the facts that open and close Norway's presence
    (MyST, for ``{glue:md}``)."""
    rows = norway_span(facts)[2]
    keys = record.page_bibkeys([row["url"] for row in rows])
    return cite_all(keys[row["url"]] for row in rows)


# --- the drawdown on a map ----------------------------------------------------------------------

HOST_ISO = "MLI"  # the mission's host country, as Natural Earth codes it (iso_a3)
MAP_STEP = 3  # years between the map's panels, from the first year of the table
MAP_PAD_DEGREES = 0.6  # margin around the host country's outline on each panel
ON_MAPS, OFF_MAPS = "yes", "no"
MAP_COLUMNS = ("year", "location", "latitude", "longitude", "on_maps", "labelled")


def map_years(sites, seed_year, step=MAP_STEP, mission=MISSION):
    """The years the map draws: the first year of the mission's rows and every ``step`` years
    after it, the year of the source that counts the positions, and the last year."""
    years = sorted(set(mission_rows(sites, mission)["year"]))
    first, last = years[0], years[-1]
    chosen = {*range(first, last + 1, step), last}
    if seed_year in years:
        chosen.add(seed_year)
    return sorted(y for y in chosen if y in years)


def coordinates(sites, mission=MISSION):
    """``{location: (longitude, latitude)}`` for every location of the mission; error if a
    location's rows give it more than one position."""
    rows = mission_rows(sites, mission)
    found = rows.drop_duplicates(["location", "latitude", "longitude"])
    repeated = found[found["location"].duplicated(keep=False)]
    if not repeated.empty:
        place = repeated["location"].iloc[0]
        raise SitesError(f"Geo-PKO gives {place!r} more than one position for {mission}")
    return {
        r.location: (float(r.longitude), float(r.latitude)) for r in found.itertuples(index=False)
    }


def map_points(sites, years, labelled=(), mission=MISSION):
    """What the map draws: for each year in ``years``, every location the mission's rows hold in
    any year, with ``on_maps`` yes if that year's maps show it (else drawn as a former or later
    location), and ``labelled`` yes if it goes by one of the names in ``labelled``."""
    where = coordinates(sites, mission)
    by_year = locations_by_year(sites, mission).set_index("year")["names"]
    missing = [y for y in years if y not in by_year.index]
    if missing:
        raise SitesError(f"Geo-PKO has no {mission} row in {_years(missing)}")
    rows = [
        {
            "year": int(year),
            "location": place,
            "latitude": lat,
            "longitude": lon,
            "on_maps": ON_MAPS if place in by_year[year] else OFF_MAPS,
            "labelled": YES if any(n in names(place) for n in labelled) else NO,
        }
        for year in years
        for place, (lon, lat) in sorted(where.items())
    ]
    return pd.DataFrame(rows, columns=list(MAP_COLUMNS))


def label_name(location, wanted):
    """The name a map label gives ``location``: the one of ``wanted`` it goes by ("Timbuktu"
    for "Tombouctou (Timbuktu)" when the source writes Timbuktu), else the name Geo-PKO gives."""
    return next((n for n in wanted if n in names(location)), location)


def _outline(countries, iso):
    rows = countries[countries["iso_a3"] == iso]
    if len(rows) != 1:
        raise SitesError(f"Natural Earth has {len(rows)} outlines coded {iso!r}, expected one")
    return rows.iloc[0]


def host(countries, iso=HOST_ISO):
    """``(iso_a3, name)`` of the host country as Natural Earth names it."""
    return iso, str(_outline(countries, iso)["name"])


def map_extent(countries, iso=HOST_ISO, pad=MAP_PAD_DEGREES):
    """``(west, south, east, north)``: the host country's outline's bounds plus ``pad``
    degrees each side."""
    west, south, east, north = _outline(countries, iso)["geometry"].bounds
    return west - pad, south - pad, east + pad, north + pad


def map_figures(sites, years, seed_year, mission=MISSION):
    """The map's figures for the prose and caption, traced to queries on Geo-PKO: the
    locations of each year drawn, and how many of the seed year's locations the last year's
    maps no longer show."""
    counts = locations_by_year(sites, mission).set_index("year")
    last = int(counts.index.max())
    mission_rows_words = f"the rows of {mission}"
    place = "distinct locations (a location counted once a year)"
    counted = []
    for year in years:
        row = counts.loc[year]
        counted.append(traced(
            f"{number(int(row['locations']))} in {year}",
            Query(SITES, f"locations-{year}", f"{mission_rows_words} in {year}: their {place}",
                  int(row["rows"]), number(int(row["locations"])),
                  site_rows(("year", "==", int(year)), mission=mission)),
        ))
    out = {
        "pko_map_years": traced(
            _years(years),
            Formula(f"the first year of Geo-PKO's {mission} rows and every {MAP_STEP} years "
                    "after it, the year of the source that counts the positions, and the last "
                    "year", name="pko_map_years"),
        ),
        "pko_map_counts": traced(
            and_list(counted),
            Formula("each year's distinct locations of the mission on the maps",
                    tuple(counted), name="pko_map_counts"),
        ),
    }
    before, after = set(counts.loc[seed_year, "names"]), set(counts.loc[last, "names"])
    gone = sorted(before - after)
    rows = int(counts.loc[seed_year, "rows"] + counts.loc[last, "rows"])
    out["pko_gone_by_last"] = traced(
        number(len(gone)),
        Query(SITES, "gone-by-last-year",
              f"{mission_rows_words} in {seed_year} and {last}: the locations of {seed_year} "
              f"absent from {last}", rows, number(len(gone)),
              site_rows(("year", "in", [int(seed_year), last]), mission=mission)),
    )
    out["pko_last_year_locations"] = traced(
        number(len(after)),
        Query(SITES, "last-year-locations", f"{mission_rows_words} in {last}: their {place}",
              int(counts.loc[last, "rows"]), number(len(after)),
              site_rows(("year", "==", last), mission=mission)),
    )
    return out


def closing_words(table, closing):
    """Per row of :func:`sites_table`, which of the ``closing`` sites the year's maps show, in
    few words: "both", "Gao only", "neither" (for a phone-width column)."""
    shown = []
    for _, row in table.iterrows():
        found = [site for site in closing if row[site] == YES]
        if len(found) == len(closing):
            shown.append("both" if len(closing) == 2 else "all")
        elif not found:
            shown.append("neither" if len(closing) == 2 else "none")
        else:
            shown.append(f"{and_list(found)} only")
    return shown


def table_shown(table, closing, sites=None, country=NORWAY):
    """The table as the chapter shows it, four columns narrow enough for a phone: the year,
    its locations, which closing sites the maps show, and where the lists name ``country``
    (the CSV keeps a column per site). Given Geo-PKO's ``sites``, each year's locations link to
    their formula over the query selecting that year's rows."""
    words = table_words(closing, country)
    locations = list(table["locations"])
    if sites is not None:
        by_year = locations_by_year(sites).set_index("year")
        for i, year in enumerate(table["year"]):
            rows = int(by_year.loc[year, "rows"])
            selected = traced(number(rows), Query(
                SITES, f"rows-{year}", f"the rows of {MISSION} in {year}", rows, number(rows),
                site_rows(("year", "==", int(year)))))
            locations[i] = traced(number(int(locations[i])), Formula(
                f"the distinct locations among the rows of {MISSION} in {year} (a location "
                "counted once a year; an estimate, not a count of positions)", (selected,),
                name=f"pko-locations-{year}"))
    return pd.DataFrame(
        {
            "year": table["year"],
            "locations (estimate)": pd.Series(locations, dtype=object),
            f"{and_list(closing)} on the maps": closing_words(table, closing),
            words[country]: table[country],
        }
    )


def last_year_names(sites, mission=MISSION):
    """The names of the locations of the latest year the mission's rows hold, sorted."""
    years = locations_by_year(sites, mission)
    return list(years.loc[years["year"].idxmax(), "names"])


def map_title(sites, wanted=(), mission=MISSION):
    """The map's title, its point: the last year and the only places its maps still show
    (named as ``wanted`` names them)."""
    years = locations_by_year(sites, mission)
    last = int(years["year"].max())
    places = and_list(sorted(label_name(p, wanted) for p in last_year_names(sites, mission)))
    return f"By {last} the UN's maps showed {mission} only at {places}"
