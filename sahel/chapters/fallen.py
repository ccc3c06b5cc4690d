"""Who died in MINUSMA: the UN's count of the mission's dead by personnel type, by the country
and continent of the fallen, and, where RADPKO's deployed strength allows, deaths per thousand
deployed by contributing country.

Countries are named from the dataset's ISO 3166 code through ``pycountry`` (:func:`country`),
never from the file's own spelling ("Côte dIvoire"), which the CSVs keep beside the name. A
row without a code is matched by its spelling's letters to an ISO 3166 name. Continents are
Natural Earth's (the ``continent`` field of the admin-0 countries vendored in ``data/geo/``,
read through :func:`sahel.evidence.geo.countries`).

RADPKO (:func:`sahel.evidence.record.radpko`) is context grade: yearly means, per base, of the
troops, police and military observers deployed, to 2019. A contributor's strength in a year is
the sum over the mission's bases of its base-year means (:func:`deployed`); its deaths per
thousand deployed (:func:`rates`) are its uniformed deaths in the years both files cover over
the sum of those yearly strengths (personnel-years), times a thousand.
"""

import re
from functools import cache

import pandas as pd
import pycountry

from sahel.chapters.reconciliation import MISSION
from sahel.countries import ALIASES, fold
from sahel.evidence import geo, record

#: the record's personnel types in plain words, in the order the book lists them
PERSONNEL_WORDS = {
    "Military": "military",
    "Police": "police",
    "Military Observer": "military observers",
    "International Civilian": "international civilians",
    "Local ": "local staff",  # the record's own value carries a trailing space
    "Other": "other",
}
#: the personnel types RADPKO's strength counts (troops, police, military observers)
UNIFORMED = ("Military", "Police", "Military Observer")
UNKNOWN = "not recorded"
AFRICA = "Africa"
PER = 1000  # deaths per this many personnel-years
#: RADPKO's column names that no ISO 3166 name or everyday alias spells out
RADPKO_NAMES = {"uk": "GBR"}


class CountryError(record.RecordError):
    """A country the file names cannot be matched to ISO 3166 or to a continent."""


def _letters(text):
    """Letters only, accents and case folded: "Côte dIvoire" and "Côte d'Ivoire" meet."""
    return re.sub(r"[^a-z]", "", fold(text))


def display_name(code):
    """The everyday English name of ISO 3166 alpha-3 ``code``: the common name, else the name
    (an inverted one set right: "Congo, The Democratic Republic of the" reads "Democratic
    Republic of the Congo"); a former country (ISO 3166-3) by its name before the comma."""
    c = pycountry.countries.get(alpha_3=code)
    if c is None:
        former = pycountry.historic_countries.get(alpha_3=code)
        if former is None:
            raise CountryError(f"{code!r} is not an ISO 3166 alpha-3 code")
        return former.name.split(",")[0].strip()
    if common := getattr(c, "common_name", None):
        return common
    if "," in c.name:
        head, tail = (part.strip() for part in c.name.split(",", 1))
        return re.sub(r"^the\s+", "", f"{tail} {head}", flags=re.I)
    return c.name


@cache
def _by_letters():
    """``{letters of a name: alpha-3}`` over ISO 3166's names and the everyday aliases."""
    out = {}
    for c in pycountry.countries:
        for form in (c.name, getattr(c, "common_name", ""), getattr(c, "official_name", "")):
            if form:
                out.setdefault(_letters(form), c.alpha_3)
        out.setdefault(_letters(display_name(c.alpha_3)), c.alpha_3)
    for alias, alpha_2 in ALIASES.items():
        out.setdefault(_letters(alias), pycountry.countries.get(alpha_2=alpha_2).alpha_3)
    return out


def code_for(spelled):
    """The alpha-3 code whose name has the letters of ``spelled``, or "" if none has."""
    return _by_letters().get(_letters(spelled), "") if spelled.strip() else ""


def country(iso3, spelled):
    """``(alpha-3, name)`` of a death's country: from ``isocode3`` when the row has one, else
    from the spelling's letters; ``("", UNKNOWN)`` when neither names a country."""
    code = iso3 or code_for(spelled)
    return (code, display_name(code)) if code else ("", UNKNOWN)


@cache
def _continents():
    frame = geo.countries()
    return dict(zip(frame["iso_a3"], frame["continent"], strict=True))


def continent(code):
    """Natural Earth's continent of ISO alpha-3 ``code`` (``UNKNOWN`` for no code)."""
    if not code:
        return UNKNOWN
    try:
        return _continents()[code]
    except KeyError:
        raise CountryError(f"{code} ({display_name(code)}) is not in Natural Earth's countries"
                           " (data/geo): no continent for it") from None


def mission_rows(frame, mission=MISSION):
    """A mission's deaths with each one's ``alpha_3``, ``country`` and ``continent``."""
    rows = frame[frame["mission_acronym"] == mission].copy()
    pairs = [country(i, s) for i, s in zip(rows["isocode3"], rows["casualty_nationality"],
                                              strict=True)]
    rows["alpha_3"] = [code for code, _ in pairs]
    rows["country"] = [name for _, name in pairs]
    rows["continent"] = [continent(code) for code in rows["alpha_3"]]
    rows["malicious"] = rows["type_of_incident"] == record.MALICIOUS
    return rows


def _counts(rows, by):
    return (
        rows.groupby(by, sort=False)
        .agg(deaths=("casualty_id", "size"), malicious_acts=("malicious", "sum"))
        .reset_index()
        .astype({"deaths": int, "malicious_acts": int})
    )


def by_personnel(frame):
    """MINUSMA's deaths by personnel type (plain words, :data:`PERSONNEL_WORDS` order; only
    types the mission's rows hold), with those from malicious acts and each type's share of
    all deaths (percent, one decimal)."""
    rows = mission_rows(frame)
    table = _counts(rows, "casualty_personnel_type")
    order = {t: i for i, t in enumerate(PERSONNEL_WORDS)}
    table = table.sort_values("casualty_personnel_type", key=lambda s: s.map(order))
    table.insert(0, "personnel", table["casualty_personnel_type"].map(PERSONNEL_WORDS))
    table["share_pct"] = (100 * table["deaths"] / len(rows)).round(1)
    return table.drop(columns="casualty_personnel_type").reset_index(drop=True)


def by_continent(frame):
    """MINUSMA's deaths by the continent of the fallen's country, largest first."""
    table = _counts(mission_rows(frame), "continent")
    table["share_pct"] = (100 * table["deaths"] / table["deaths"].sum()).round(1)
    return table.sort_values(["deaths", "continent"], ascending=[False, True],
                             ignore_index=True)


def by_country(frame):
    """MINUSMA's deaths by the fallen's country (named from its ISO code), largest first,
    ties by name: ``country``, ``alpha_3``, ``continent``, the file's ``spelled`` (its own
    spellings, joined by " | "), ``deaths`` and ``malicious_acts``."""
    rows = mission_rows(frame)
    table = _counts(rows, ["country", "alpha_3", "continent"])
    spelled = rows.groupby("country")["casualty_nationality"].agg(
        lambda s: " | ".join(sorted(set(s)))
    )
    table.insert(3, "spelled", table["country"].map(spelled))
    return table.sort_values(["deaths", "country"], ascending=[False, True], ignore_index=True)


def african_share(frame, uniformed=False):
    """``(deaths of Africans, deaths with a known country, all deaths)`` in MINUSMA; of its
    uniformed personnel only (:data:`UNIFORMED`) if ``uniformed``."""
    rows = mission_rows(frame)
    if uniformed:
        rows = rows[rows["casualty_personnel_type"].isin(UNIFORMED)]
    known = rows[rows["alpha_3"] != ""]
    return int((known["continent"] == AFRICA).sum()), len(known), len(rows)


def african_strength(strength, first, last, mission=MISSION):
    """``(African personnel-years, all personnel-years)`` in RADPKO for ``mission`` from
    ``first`` to ``last``: the sums over bases and years of ``afr_pko`` and ``pko_deployed``."""
    rows = strength[(strength["mission"] == mission) & strength["year"].between(first, last)]
    return float(rows["afr_pko"].sum()), float(rows["pko_deployed"].sum())


# --- deployed strength (RADPKO, context grade) -------------------------------------------------


def contributor_code(column):
    """The alpha-3 code of a RADPKO contributor column ("burkina.faso", "cote.d.ivoire")."""
    code = RADPKO_NAMES.get(column) or code_for(column.replace(".", " "))
    if not code:
        raise CountryError(f"RADPKO contributor column {column!r} matches no ISO 3166 name")
    return code


def deployed(strength, mission=MISSION):
    """A mission's uniformed strength by contributor and year from RADPKO: the sum over its
    bases of each base's yearly mean ``NAME_pko``; contributors with none are left out. Columns
    ``year``, ``alpha_3``, ``country``, ``deployed``."""
    rows = strength[strength["mission"] == mission]
    out = []
    for column in strength.attrs["contributors"]:
        per_year = rows.groupby("year")[f"{column}_pko"].sum()
        for year, value in per_year.items():
            if value > 0:
                code = contributor_code(column)
                out.append({"year": int(year), "alpha_3": code, "country": display_name(code),
                            "deployed": float(value)})
    return pd.DataFrame(out, columns=["year", "alpha_3", "country", "deployed"])


def common_years(frame, strength, mission=MISSION):
    """The years both the UN's count and RADPKO cover for ``mission`` (first, last)."""
    ours = set(frame.loc[frame["mission_acronym"] == mission, "incident_date"].dt.year)
    theirs = set(strength.loc[strength["mission"] == mission, "year"])
    both = sorted(ours & theirs)
    if not both:
        raise record.RecordError(f"the UN's count and RADPKO share no year for {mission}")
    return both[0], both[-1]


def rates(frame, strength, mission=MISSION):
    """Deaths per thousand deployed, by contributing country, over the years both files
    cover: each contributor's uniformed deaths (:data:`UNIFORMED`) in those years, its
    personnel-years (the sum of its yearly strengths, :func:`deployed`), and deaths per
    :data:`PER` personnel-years (one decimal); highest rate first, ties by name. A country
    with deaths but no strength in RADPKO is listed with an empty rate."""
    first, last = common_years(frame, strength, mission)
    rows = mission_rows(frame, mission)
    years = rows["incident_date"].dt.year
    uniformed = rows[rows["casualty_personnel_type"].isin(UNIFORMED) & years.between(first, last)]
    dead = uniformed.groupby("alpha_3").size()
    strength_years = deployed(strength, mission)
    strength_years = strength_years[strength_years["year"].between(first, last)]
    person_years = strength_years.groupby("alpha_3")["deployed"].sum()
    codes = sorted(set(person_years.index) | set(dead.index) - {""})
    table = pd.DataFrame(
        {
            "country": [display_name(c) for c in codes],
            "alpha_3": codes,
            "deaths": [int(dead.get(c, 0)) for c in codes],
            "personnel_years": [round(float(person_years.get(c, 0.0)), 1) for c in codes],
        }
    )
    table["per_thousand"] = [
        round(PER * d / p, 1) if p > 0 else None
        for d, p in zip(table["deaths"], table["personnel_years"], strict=True)
    ]
    table.insert(0, "years", f"{first}–{last}")
    return table.sort_values(["per_thousand", "country"], ascending=[False, True],
                             na_position="last", ignore_index=True)


def figures(frame, strength, cited="R-UNFAT-2025", context="R-RADPKO"):
    """The section's figures for its prose, formatted, by glue name, each traced to its query
    on the UN's dataset (``cited``) or RADPKO (``context``), or its formula."""
    from sahel.formatting import number, percent
    from sahel.provenance import Query, derived, traced

    rows = mission_rows(frame)
    n = len(rows)
    mine = f"rows whose mission_acronym is {MISSION}"

    from sahel.chapters import un_rows
    from sahel.evidence.selection import Selection

    def q(source, name, words, count, result, select=None):
        return traced(result, Query(source, name, words, int(count), result, select))

    personnel = by_personnel(frame).set_index("personnel")
    military = int(personnel.loc["military", "deaths"])
    civilians = int(personnel.loc[["international civilians", "local staff"], "deaths"].sum())
    african, known, _ = african_share(frame)
    african_u, known_u, _ = african_share(frame, uniformed=True)
    first, last = common_years(frame, strength)
    years = rows["incident_date"].dt.year.between(first, last)
    window = rows[years & rows["casualty_personnel_type"].isin(UNIFORMED)]
    window_african = int((window["continent"] == AFRICA).sum())
    afr_years, all_years = african_strength(strength, first, last)
    top = rates(frame, strength).dropna(subset=["per_thousand"]).iloc[0]
    total_q = q(cited, "minusma-deaths", mine, n, number(n), un_rows.mission())
    military_q = q(cited, "personnel-military", f"{mine} and casualty_personnel_type Military",
                   military, number(military), un_rows.personnel("Military"))
    african_q = q(cited, "african-deaths", f"{mine} whose country (isocode3, or the spelling's "
                  "letters where it is empty) is in Africa by Natural Earth's continent",
                  african, number(african))
    known_q = q(cited, "known-country", f"{mine} with a country", known, number(known),
                un_rows.mission() if known == n else None)
    uniformed = f"{mine}, casualty_personnel_type {', '.join(UNIFORMED)}"
    au_q = q(cited, "african-uniformed", f"{uniformed}, country in Africa", african_u,
             number(african_u))
    all_uniformed = un_rows.personnel(*UNIFORMED)
    ku_q = q(cited, "known-uniformed", f"{uniformed}, with a country", known_u, number(known_u),
             all_uniformed if known_u == int(rows["casualty_personnel_type"].isin(UNIFORMED).sum())
             else None)
    span = f"{first}–{last}"
    win = f"{uniformed}, incident_date in {span}"
    wa_q = q(cited, "african-uniformed-window", f"{win}, country in Africa", window_african,
             number(window_african))
    w_q = q(cited, "uniformed-window", win, len(window), number(len(window)),
            Selection(where=(*all_uniformed.where, ("incident_date", ">=", f"{first}-01-01"),
                             ("incident_date", "<=", f"{last}-12-31")),
                      show=all_uniformed.show, group=all_uniformed.group))
    radpko_rows = int(((strength["mission"] == MISSION)
                       & strength["year"].between(first, last)).sum())
    bases = (("mission", "==", MISSION), ("year", ">=", first), ("year", "<=", last))
    base_rows = ("year", "base", "pko_deployed", "afr_pko")
    ra_q = q(context, "african-strength", f"rows whose mission is {MISSION}, year {span}: the "
             "sum of afr_pko", radpko_rows, number(round(afr_years)),
             Selection(where=bases, total=("afr_pko",), show=base_rows, group=("year",)))
    rall_q = q(context, "all-strength", f"rows whose mission is {MISSION}, year {span}: the sum "
               "of pko_deployed", radpko_rows, number(round(all_years)),
               Selection(where=bases, total=("pko_deployed",), show=base_rows, group=("year",)))
    radpko_last = int(strength["year"].max())
    return {
        "fa_per": derived("fa_per", number(PER), "the base of the rates: deaths per this many "
                          "personnel-years (the book's choice)"),
        "fa_radpko_last": q(context, "last-year", "the latest year of every row", len(strength),
                            str(radpko_last), Selection(show=("mission", "year", "base"),
                                                        group=("year",))),
        "fa_military": military_q,
        "fa_military_share": derived("fa_military_share", percent(military / n),
                                     "military deaths over all deaths", military_q, total_q),
        "fa_civilians": q(cited, "personnel-civilian", f"{mine} and casualty_personnel_type "
                          "International Civilian or Local", civilians, number(civilians),
                          # "Local " as the file spells it
                          un_rows.personnel("International Civilian", "Local ")),
        "fa_african": african_q,
        "fa_african_share": derived("fa_african_share", percent(african / known),
                                    "deaths of Africans over deaths with a country",
                                    african_q, known_q),
        "fa_african_uniformed_share": derived(
            "fa_african_uniformed_share", percent(african_u / known_u),
            "uniformed deaths of Africans over uniformed deaths with a country", au_q, ku_q),
        "fa_years": q(context, "common-years", f"the years with both {mine} (UN) and rows whose "
                      f"mission is {MISSION} (RADPKO)", radpko_rows, span,
                      Selection(where=bases, show=base_rows, group=("year",))),
        "fa_african_window_share": derived(
            "fa_african_window_share", percent(window_african / len(window)),
            f"uniformed deaths of Africans over uniformed deaths, {span}", wa_q, w_q),
        "fa_african_strength_share": derived(
            "fa_african_strength_share", percent(afr_years / all_years),
            f"African personnel-years over all personnel-years in RADPKO, {span}", ra_q, rall_q),
        "fa_top_rate": q(context, "top-rate", f"{win}, by country, over the country's "
                         f"personnel-years in RADPKO ({span}), per {PER:,}: the highest",
                         int(top["deaths"]),
                         f"{top['country']}, {top['per_thousand']:.1f}"),
    }


def with_deaths(table):
    """The rows of :func:`rates` the chapter shows: contributors with a death and a rate."""
    return table[table["deaths"] > 0].dropna(subset=["per_thousand"]).reset_index(drop=True)


def personnel_shown(frame, cited="R-UNFAT-2025"):
    """:func:`by_personnel` as the page shows it (type, deaths, of them from malicious acts),
    each count traced to the query on the UN's file (``cited``) that gives it."""
    from sahel.chapters import un_rows
    from sahel.formatting import number
    from sahel.provenance import Query, traced

    table = by_personnel(frame)
    types = {words: kind for kind, words in PERSONNEL_WORDS.items()}
    out = []
    for row in table.itertuples():
        kind = types[row.personnel]
        words = (f"rows whose mission_acronym is {MISSION} and casualty_personnel_type "
                 f"{kind.strip()}")
        name = f"personnel-{re.sub(r'[^a-z]+', '-', kind.strip().lower())}"
        acts = un_rows.mission(("casualty_personnel_type", "==", kind),
                               ("type_of_incident", "==", record.MALICIOUS),
                               group=("casualty_nationality",))
        out.append({
            "personnel": row.personnel,
            "deaths": traced(number(row.deaths), Query(cited, name, words, row.deaths,
                                                       number(row.deaths),
                                                       un_rows.personnel(kind))),
            "of them, malicious acts": traced(
                number(row.malicious_acts),
                Query(cited, f"{name}-malicious", f"{words}, type_of_incident "
                      f"{record.MALICIOUS}", row.malicious_acts, number(row.malicious_acts),
                      acts)),
        })
    return pd.DataFrame(out, dtype=object)


def rates_shown(frame, strength, cited="R-UNFAT-2025", context="R-RADPKO", mission=MISSION):
    """:func:`with_deaths` of :func:`rates` as the page shows it (country, deaths, rate), each
    death count traced to its query on the UN's file (``cited``: the country's uniformed
    deaths in the years both files cover, by the file's spelling of the country) and each rate
    to its formula over that count and the country's personnel-years in RADPKO
    (``context``: the sum of its column over the mission's base-years)."""
    from sahel.chapters import un_rows
    from sahel.evidence.selection import Selection
    from sahel.formatting import number
    from sahel.provenance import Formula, Query, traced

    first, last = common_years(frame, strength, mission)
    span = f"{first}–{last}"
    rows = mission_rows(frame, mission)
    mine = strength[(strength["mission"] == mission) & strength["year"].between(first, last)]
    columns = {}  # a contributor's code -> its columns (those with any strength here)
    for column in strength.attrs["contributors"]:
        if mine[f"{column}_pko"].sum() > 0:
            columns.setdefault(contributor_code(column), []).append(f"{column}_pko")
    bases = (("mission", "==", mission), ("year", ">=", first), ("year", "<=", last))
    base_rows = len(mine)
    uniformed = (("casualty_personnel_type", "in", list(UNIFORMED)),
                 ("incident_date", ">=", f"{first}-01-01"),
                 ("incident_date", "<=", f"{last}-12-31"))
    out = []
    for row in with_deaths(rates(frame, strength, mission)).itertuples():
        spelled = sorted(set(rows.loc[rows["alpha_3"] == row.alpha_3, "casualty_nationality"]))
        slug = row.alpha_3.lower()
        words = (f"rows whose mission_acronym is {mission}, casualty_personnel_type "
                 f"{', '.join(UNIFORMED)}, incident_date in {span}, casualty_nationality "
                 f"{' or '.join(spelled)}")
        deaths = traced(number(row.deaths), Query(
            cited, f"rate-deaths-{slug}", words, row.deaths, number(row.deaths),
            un_rows.mission(*uniformed, ("casualty_nationality", "in", spelled),
                            group=("casualty_personnel_type",))))
        pko = columns[row.alpha_3]
        summed = f"{float(mine[pko].sum().sum()):,.2f}"
        years = traced(summed, Query(
            context, f"personnel-years-{slug}", f"rows whose mission is {mission}, year {span}:"
            f" the sum of {' and '.join(pko)} ({row.country}'s yearly mean strength at each "
            "base)", base_rows, summed,
            Selection(where=bases, total=tuple(pko), show=("year", "base", *pko),
                      group=("year",))))
        rate = traced(f"{row.per_thousand:.1f}", Formula(
            f"{row.country}'s uniformed deaths in {span} over its personnel-years in RADPKO, "
            f"times {PER:,}", (deaths, years), name=f"rate-{slug}"))
        out.append({"country": row.country, "deaths": deaths, f"per {PER:,} personnel-years":
                    rate})
    return pd.DataFrame(out, dtype=object)
