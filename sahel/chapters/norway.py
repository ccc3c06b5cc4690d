"""The Norway chapter: Bamako's reach, Norway's mission network and the money, from the press
release (the pick ``norway.release``).

Everything here takes plain values, DataFrames or the verified claims ledger, so each piece can
be tested on literals. The numbers the chapter shows come from the ledger (``*_from_ledger``);
the list of countries the embassy covered is parsed from the press release's own sentence. The
passages the chapter quotes are rows of ``data/quotes.csv``; :mod:`sahel.charts.norway` draws.
"""

import calendar
import datetime as dt
import re

import pandas as pd
import pycountry
from shapely.geometry import Point

from sahel import content
from sahel.chapters.checks import SumMismatchError, part_of
from sahel.dates import gap_days
from sahel.evidence import geo
from sahel.evidence.errors import SahelInputError
from sahel.evidence.qualifiers import worded
from sahel.evidence.textmatch import collapse
from sahel.formatting import and_list, count_word, fmt_date, fmt_range, nok, number, percent
from sahel.provenance import Formula, Quote, traced
from sahel.publish import escape_md

SOURCE = content.pick("norway.release")
EMBASSY_CITY = "Bamako"
MISSIONS_TOTAL = "norway.missions.total"
MISSION_TYPES = (
    ("norway.missions.embassies", "embassies"),
    ("norway.missions.consulates_general", "consulates general"),
    ("norway.missions.delegations", "delegations"),
    ("norway.missions.representative_offices", "representative offices"),
)
EMBASSY_TYPE = "embassies"
AID_SAHEL = "norway.aid.sahel.2022"
AID_MALI = "norway.aid.mali.2022"
HUMANITARIAN = "norway.humanitarian.sahel.2023"
ANNOUNCED = "norway.embassy.announced"
CLOSURE = "norway.embassy.closure"
VOTE = "unsc.res2690.adopted"
COUP_FIRST, COUP_SECOND = "mali.coups.first", "mali.coups.second"

HOST = "host country of the embassy"
COVERED = "covered from the embassy in Bamako"
NEIGHBOUR = "not covered from Bamako"
PLACE = "Norwegian embassy (closing)"
#: The map's box: longitude and latitude, west, south, east, north.
MAP_EXTENT = (-18.5, 4.0, 25.5, 28.0)
#: Neighbours smaller than this (square degrees, inside the box) are drawn but not named.
MIN_LABEL_AREA = 15.0

_COVERAGE = re.compile(
    r"In addition to (?P<host>[^,.]+), the Embassy in Bamako has been responsible for "
    r"representing Norway in (?P<others>[^.]+)\."
)


class CoverageError(SahelInputError):
    """The press release's sentence on the embassy's reach is missing or cannot be read."""


# --- Bamako's reach -------------------------------------------------------------------------


def coverage_sentence(text):
    """The one sentence saying which countries the embassy in Bamako covered; error if absent."""
    found = list(_COVERAGE.finditer(collapse(text)))
    if len(found) != 1:
        raise CoverageError(
            "expected one sentence 'In addition to …, the Embassy in Bamako has been responsible "
            f"for representing Norway in ….' in the text, found {len(found)}"
        )
    return found[0]


def split_names(listing):
    """ "Burkina Faso, Mauritania, Niger and Chad" -> the four names, in order."""
    head, sep, last = listing.rpartition(" and ")
    names = [n.strip() for n in head.split(",")] + [last.strip()] if sep else [listing.strip()]
    if not all(names):
        raise CoverageError(f"cannot read a list of country names in {listing!r}")
    return names


def recognise(name):
    """The ISO 3166 alpha-3 code of a country name as written (pycountry, exact match)."""
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        raise CoverageError(f"{name!r} is not a country name pycountry recognises") from None


def bamako_coverage(text):
    """The countries the embassy in Bamako represented Norway in, parsed from the source.

    Returns one row per country, in the sentence's order: the name as written, its ISO code and
    its role (the host country, or covered from Bamako).
    """
    match = coverage_sentence(text)
    rows = [{"country": match["host"].strip(), "role": HOST}] + [
        {"country": name, "role": COVERED} for name in split_names(match["others"])
    ]
    frame = pd.DataFrame(rows, columns=["country", "role"])
    frame.insert(1, "iso_a3", [recognise(n) for n in frame["country"]])
    if frame["iso_a3"].duplicated().any():
        raise CoverageError(f"a country is named twice in {match[0]!r}")
    return frame


def names_markdown(names):
    """Country names from the source as escaped MyST: "A, B, C and D"."""
    names = [escape_md(n) for n in names]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


# --- Norway's mission network ---------------------------------------------------------------


def mission_network(counts, total, claims=None):
    """Missions by type with each type's share; raises if the counts do not add up to the total.

    ``counts`` maps a type ("embassies", …) to its count; ``claims`` optionally maps a type to
    the ledger id it came from.
    """
    bad = {k: v for k, v in counts.items() if not isinstance(v, int) or v < 0}
    if bad or not isinstance(total, int) or total <= 0:
        raise ValueError(f"mission counts must be whole numbers: {counts}, total {total!r}")
    computed = sum(counts.values())
    if computed != total:
        terms = " + ".join(f"{n} {kind}" for kind, n in counts.items())
        raise SumMismatchError(
            f"Norway's missions by type do not add up to the stated total: {terms} = "
            f"{computed}, but the stated total is {total}"
        )
    frame = pd.DataFrame({"type": list(counts), "missions": list(counts.values())})
    frame["share"] = frame["missions"] / total
    if claims is not None:
        frame["claim"] = [claims[kind] for kind in frame["type"]]
    return frame


def missions_from_ledger(ledger):
    """The ministry's mission network from the ledger: (network table, total claim)."""
    total = ledger.one(MISSIONS_TOTAL, source=SOURCE)
    parts = {kind: ledger.one(subject, source=SOURCE) for subject, kind in MISSION_TYPES}
    network = mission_network(
        {kind: c.value for kind, c in parts.items()},
        total.value,
        claims={kind: c.id for kind, c in parts.items()},
    )
    return network, total


def closure_effect(network, closed_type=EMBASSY_TYPE, closed=1):
    """What closing ``closed`` missions of ``closed_type`` removes, all else unchanged."""
    rows = network[network["type"] == closed_type]
    if len(rows) != 1:
        raise ValueError(f"no single mission type {closed_type!r} in {list(network['type'])}")
    before, total = int(rows["missions"].iloc[0]), int(network["missions"].sum())
    if not 0 < closed <= before:
        raise ValueError(f"cannot close {closed} of {before} {closed_type}")
    return pd.DataFrame(
        [
            {
                "count": closed_type,
                "before": before,
                "after": before - closed,
                "removed": closed,
                "removed_share": closed / before,
            },
            {
                "count": "all missions",
                "before": total,
                "after": total - closed,
                "removed": closed,
                "removed_share": closed / total,
            },
        ]
    )


def closure_table(effect, figures=None):
    """``closure_effect`` formatted for the page: four short columns a phone can hold (before
    is the ministry's count, after is with the embassy in Bamako closed). Given the chapter's
    ``figures`` (:func:`summary`), each cell is the traced figure the prose glues."""
    if figures is not None:
        keys = (("norway_embassies", "norway_embassies_after", "norway_embassies_removed_share"),
                ("norway_missions_total", "norway_missions_after",
                 "norway_missions_removed_share"))
        for row, names in zip(effect.itertuples(), keys, strict=True):
            if [figures[k] for k in names] != [number(row.before), number(row.after),
                                               percent(row.removed_share)]:
                raise ValueError(f"the closure table's {row.count} differ from the prose's")
        return pd.DataFrame(
            [[row.count, *(figures[k] for k in names)]
             for row, names in zip(effect.itertuples(), keys, strict=True)],
            columns=["count", "before", "after", "share removed"], dtype=object,
        )
    return pd.DataFrame(
        {
            "count": effect["count"],
            "before": [number(n) for n in effect["before"]],
            "after": [number(n) for n in effect["after"]],
            "share removed": [percent(s) for s in effect["removed_share"]],
        }
    )


# --- Money ----------------------------------------------------------------------------------


FUNDING_COLUMNS = (
    "panel", "year", "period", "category", "part", "nok", "nok_million", "qualifier", "claim",
)  # fmt: skip


def up_to(year, dated):
    """The period a figure given "in ``year``" covers in a source dated ``dated`` (ISO day):
    the whole year if the source is dated after it, else the year up to the source's date
    ("2023 up to 31 August"): a year still under way is counted only to the day it was written.
    """
    day = dt.date.fromisoformat(dated)
    if day.year > int(year):
        return str(year)
    if day.year < int(year):
        raise ValueError(f"a source dated {dated} cannot give a figure for {year}")
    return f"{year} up to {day.day} {calendar.month_name[day.month]}"



def funding_data(
    support,
    mali,
    humanitarian,
    *,
    support_year,
    humanitarian_year,
    humanitarian_qualifier,
    claims=("", "", ""),
    dated=None,
):
    """The money chart's data, one row per bar: the support total and Mali's part of it, and
    the humanitarian figure of another year and category, kept in a panel of its own. With the
    source's date (``dated``, ISO day), each row's ``period`` says how much of its year it
    covers (:func:`up_to`: a year still under way is counted to that day)."""
    part_of(mali, support)
    rows = [
        ("support", support_year, "support to the Sahel", "Sahel total", support, "exact"),
        ("support", support_year, "support to the Sahel", "of which Mali", mali, "exact"),
        (
            "humanitarian",
            humanitarian_year,
            "humanitarian aid to the Sahel",
            "Sahel total, including Mali",
            humanitarian,
            humanitarian_qualifier,
        ),
    ]
    frame = pd.DataFrame(
        [
            {
                "panel": p,
                "year": y,
                "period": up_to(y, dated) if dated else str(y),
                "category": c,
                "part": part,
                "nok": v,
                "nok_million": v / 1_000_000,
                "qualifier": q,
                "claim": claim,
            }
            for (p, y, c, part, v, q), claim in zip(rows, claims, strict=True)
        ],
        columns=FUNDING_COLUMNS,
    )
    return frame


def funding_from_ledger(ledger):
    """``funding_data`` filled from the ledger's S000 claims (years from their periods, read
    up to the press release's own date: :func:`up_to`)."""
    support, mali, humanitarian = (
        ledger.one(s, source=SOURCE) for s in (AID_SAHEL, AID_MALI, HUMANITARIAN)
    )
    dated = ledger.one(ANNOUNCED, source=SOURCE).date
    if mali.period != support.period:
        raise ValueError(f"{mali.id} and {support.id} are for different years")
    return funding_data(
        support.value,
        mali.value,
        humanitarian.value,
        support_year=support.period,
        humanitarian_year=humanitarian.period,
        humanitarian_qualifier=humanitarian.qualifier,
        claims=(support.id, mali.id, humanitarian.id),
        dated=dated,
    )


# --- The map --------------------------------------------------------------------------------


def map_region():
    """The countries in the map's box (:data:`MAP_EXTENT`), outlines clipped to it."""
    return geo.region(geo.countries(), MAP_EXTENT)


def map_title(coverage):
    """The map's title, its finding: how many countries the embassy covered, from the source."""
    return (f"Norway's embassy in {EMBASSY_CITY} covered {count_word(len(coverage))} countries "
            "of the Sahel")


def map_from(coverage):
    """The map's outlines and what it draws: ``(region, map_data(...))`` with the embassy's
    city placed from the vendored Natural Earth places."""
    region = map_region()
    return region, map_data(region, coverage, geo.place(EMBASSY_CITY))


def map_data(region, coverage, bamako):
    """What the map draws: every country in the box with its role and label point, highlighted
    countries first (in the source's order), then the embassy's city."""
    by_iso = {iso: i for i, iso in enumerate(region["iso_a3"])}
    missing = [iso for iso in coverage["iso_a3"] if iso not in by_iso]
    if missing:
        raise CoverageError(f"no Natural Earth outline in the map's box for {', '.join(missing)}")
    roles = dict(zip(coverage["iso_a3"], coverage["role"], strict=True))
    order = list(coverage["iso_a3"]) + sorted(
        (iso for iso in region["iso_a3"] if iso not in roles),
        key=lambda iso: region["name"].iloc[by_iso[iso]],
    )
    rows = []
    for iso in order:
        country = region.iloc[by_iso[iso]]
        point = country["geometry"].representative_point()
        rows.append(
            {
                "feature": "country",
                "name": country["name"],
                "iso_a3": iso,
                "role": roles.get(iso, NEIGHBOUR),
                "highlighted": iso in roles,
                "labelled": iso in roles or country["geometry"].area >= MIN_LABEL_AREA,
                "lon": round(point.x, 3),
                "lat": round(point.y, 3),
            }
        )
    lon, lat = bamako
    inside = [
        iso
        for iso, g in zip(region["iso_a3"], region["geometry"], strict=True)
        if g.contains(Point(lon, lat))
    ]
    hosts = list(coverage.loc[coverage["role"] == HOST, "iso_a3"])
    if inside != hosts:
        raise CoverageError(
            f"{EMBASSY_CITY} ({lon}, {lat}) lies in {inside or 'no country'} on the map, "
            f"not in the host country {hosts}"
        )
    rows.append(
        {
            "feature": "place",
            "name": EMBASSY_CITY,
            "iso_a3": inside[0],
            "role": PLACE,
            "highlighted": True,
            "labelled": True,
            "lon": lon,
            "lat": lat,
        }
    )
    return pd.DataFrame(rows)


# --- Dates, counts, quotes and the chapter's glued figures ----------------------------------


def when(claim):
    """A date claim with its qualifier: "by the end of 2023"."""
    return worded(fmt_date(claim.date), claim.qualifier)


def vote_to_announcement(ledger):
    """Days from the Security Council's vote to Norway's announcement, as ``(low, high)``,
    both dated by the ministry's press release."""
    vote, announced = (ledger.one(s, source=SOURCE) for s in (VOTE, ANNOUNCED))
    return gap_days(vote.date, announced.date)


def quotes(text):
    """The chapter's one computed quotation, as escaped MyST: the press release's sentence on
    the embassy's reach (``norway_q_coverage``), found by :func:`coverage_sentence`. The fixed
    passages it quotes are rows of ``data/quotes.csv`` (glued by :func:`sahel.publish.quotes`)."""
    return {"norway_q_coverage": f"\u201c{escape_md(coverage_sentence(text)[0])}\u201d"}


def covered(coverage):
    """The rows of :func:`bamako_coverage` for the countries covered besides the host."""
    return coverage[coverage["role"] == COVERED]


def markdown(text, coverage):
    """MyST the chapter's prose glues: the coverage sentence, the other countries' names as the
    source writes them, and the credit for the map's geometry (all escaped)."""
    return {
        **quotes(text),
        "norway_coverage_others": names_markdown(covered(coverage)["country"]),
        "norway_geo_credit": escape_md(geo.CREDIT),
    }


def summary(ledger, coverage):
    """Pre-formatted figures for the chapter's prose, keyed by glue name, each traced to its
    evidence (:mod:`sahel.provenance`): the press release's quote, or the formula and inputs."""
    network, total = missions_from_ledger(ledger)
    effect = closure_effect(network).set_index("count")
    funding = funding_from_ledger(ledger).set_index("part")
    support, mali = funding.loc["Sahel total"], funding.loc["of which Mali"]
    humanitarian = funding[funding["panel"] == "humanitarian"].iloc[0]
    announced, closure, vote = (ledger.one(s, source=SOURCE) for s in (ANNOUNCED, CLOSURE, VOTE))
    coups = [ledger.one(s, source=SOURCE) for s in (COUP_FIRST, COUP_SECOND)]
    counts = dict(zip(network["type"], network["missions"], strict=True))
    by_type = {
        kind: traced(number(counts[kind]), Quote(ledger.get(claim)))
        for kind, claim in zip(network["type"], network["claim"], strict=True)
    }
    embassies = by_type[EMBASSY_TYPE]
    missions = traced(number(total.value), Quote(total))
    sahel_claim, mali_claim, humanitarian_claim = (
        ledger.get(funding.loc[part, "claim"])
        for part in ("Sahel total", "of which Mali", "Sahel total, including Mali")
    )
    aid_sahel = traced(nok(support["nok"]), Quote(sahel_claim))
    aid_mali = traced(nok(mali["nok"]), Quote(mali_claim))
    voted = traced(fmt_date(vote.date), Quote(vote))
    announced_on = traced(fmt_date(announced.date), Quote(announced))
    names = list(coverage["country"])
    others = list(covered(coverage)["country"])
    humanitarian_when = traced(
        humanitarian["period"],
        Formula(
            "the year the ministry gives for its humanitarian aid, up to the press release's "
            "own date (a year still under way is counted to that day)",
            (traced(humanitarian["year"], Quote(humanitarian_claim)), announced_on),
            name="norway_humanitarian_year",
        ),
    )
    return {
        "norway_announced": announced_on,
        "norway_closure": traced(when(closure), Quote(closure)),
        "norway_vote": voted,
        "norway_vote_to_announcement_days": traced(
            fmt_range(*vote_to_announcement(ledger)),
            Formula(
                "days from the Security Council's vote to the ministry's announcement, both "
                "dated by the press release (the first day not counted)",
                (voted, announced_on),
            ),
        ),
        "norway_coups": traced(" and ".join(fmt_date(c.date) for c in coups), Quote(*coups)),
        "norway_coverage_count": traced(
            count_word(len(coverage)),
            Formula(
                "the countries the press release names as served by the embassy in Bamako, "
                f"Mali (the host) included: {and_list(names)}"
            ),
        ),
        "norway_coverage_others_count": traced(
            count_word(len(covered(coverage))),
            Formula(
                "the countries besides Mali the press release names as served by the embassy "
                f"in Bamako: {and_list(others)}"
            ),
        ),
        "norway_missions_total": missions,
        "norway_missions_sum": traced(
            " + ".join(number(n) for n in network["missions"]) + f" = {total.value:,}",
            Formula(
                "the ministry's missions by type, added up, beside the total it states",
                (*by_type.values(), missions),
            ),
        ),
        "norway_embassies": embassies,
        "norway_consulates_general": by_type["consulates general"],
        "norway_delegations": by_type["delegations"],
        "norway_representative_offices": by_type["representative offices"],
        "norway_embassy_share": traced(
            percent(network.set_index("type").loc["embassies", "share"]),
            Formula("embassies divided by all missions, as the ministry counts them",
                    (embassies, missions)),
        ),
        "norway_embassies_after": traced(
            number(effect.loc["embassies", "after"]),
            Formula("the embassies the ministry counts, less the one in Bamako", (embassies,),
                    name="norway_embassies_after"),
        ),
        "norway_missions_after": traced(
            number(effect.loc["all missions", "after"]),
            Formula("the missions the ministry counts, less the embassy in Bamako", (missions,),
                    name="norway_missions_after"),
        ),
        "norway_embassies_removed_share": traced(
            percent(effect.loc["embassies", "removed_share"]),
            Formula("one embassy divided by the embassies the ministry counts", (embassies,),
                    name="norway_embassies_removed_share"),
        ),
        "norway_missions_removed_share": traced(
            percent(effect.loc["all missions", "removed_share"]),
            Formula("one mission divided by all the missions the ministry counts", (missions,),
                    name="norway_missions_removed_share"),
        ),
        "norway_aid_year": traced(f"{support['year']}", Quote(sahel_claim)),
        "norway_aid_sahel": aid_sahel,
        "norway_aid_mali": aid_mali,
        "norway_mali_share": traced(
            percent(part_of(mali["nok"], support["nok"])),
            Formula(
                f"Norway's support to Mali divided by its support to the whole Sahel, both in "
                f"{support['year']}",
                (aid_mali, aid_sahel),
            ),
        ),
        "norway_humanitarian": traced(
            worded(nok(humanitarian["nok"]), humanitarian["qualifier"]),
            Quote(humanitarian_claim),
        ),
        "norway_humanitarian_year": humanitarian_when,
        "norway_humanitarian_to_date": traced(
            f"{worded(nok(humanitarian['nok']), humanitarian['qualifier'])} in "
            f"{humanitarian['period']}",
            Formula(
                "the ministry's humanitarian aid to the Sahel for a year still under way when "
                "the press release was dated: a figure to that day, not the year's total",
                (humanitarian_when,),
            ),
        ),
    }
