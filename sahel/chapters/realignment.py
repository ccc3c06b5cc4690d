"""Mali's ruptures and realignments, the G5 Sahel and the aid and troop figures, from the ledger.

Every date and number here is a verified claim of the encyclopedia article (the pick
``relations.article`` in ``data/picks.csv``) in ``data/claims.csv``; this module only chooses
which claims to show and labels them; :mod:`sahel.charts.relations` draws them. Dates keep their
precision: a year or a month is drawn as the span it covers, a day as a point.
"""

import pandas as pd

from sahel import content, dates
from sahel.chapters import aid, norway, relations
from sahel.dates import compatible_dates, precision, span
from sahel.evidence import citations as cites
from sahel.evidence.claims import ClaimError
from sahel.evidence.qualifiers import as_written
from sahel.formatting import and_list, count_word, fmt_date, fmt_period, fmt_range, number
from sahel.provenance import Formula, Quote, traced

SOURCE = content.pick("relations.article")
# What each exhibit draws (subject, lane or panel, label in the report's words): data/series.csv.
# Dates and figures come from the claims; "{period}" in a label is filled from the claim's period.
TIMELINE = content.series("fig_relations_timeline")
LANES = ("Mali", "United Nations", "G5 Sahel", "France", "Sweden", "Ukraine")
G5 = tuple((subject, label) for subject, _, label in content.series("tbl_relations_g5"))
G5_SHOWN = ("measure", "as written")
G5_COLUMN = "in the G5 Sahel (the encyclopedia article)"
#: what the article writes after a member's name to mark it as a member no longer
FORMERLY = "(formerly)"
MEMBER, FORMER, NOT_NAMED = "member", "former member", "not named"
BAMAKO_COLUMN = "covered from Bamako (the press release)"
AID = content.series("fig_relations_aid")
FORCES = content.series("tbl_relations_forces")
MILLION = 1_000_000


def pick(ledger, subject, source=SOURCE):
    """The source's claim about ``subject``; several must agree, and the most precise wins."""
    found = [c for c in ledger.by_subject(subject) if c.source == source]
    if not found:
        raise ClaimError(f"{ledger.path}: no claim about {subject!r} from {source}")
    if any(c.is_date for c in found):
        if any(not compatible_dates(a.date, b.date) for a in found for b in found):
            ids = ", ".join(c.id for c in found)
            raise ClaimError(f"{ledger.path}: {subject!r} claims disagree on the date ({ids})")
        return max(found, key=lambda c: len(c.date))
    if len({c.value for c in found}) > 1:
        ids = ", ".join(c.id for c in found)
        raise ClaimError(f"{ledger.path}: {subject!r} claims disagree on the value ({ids})")
    return found[0]


def timeline(ledger):
    """One row per event: the claim, its date and precision, and the span drawn."""
    rows = []
    for subject, lane, label in TIMELINE:
        claim = pick(ledger, subject)
        days = span(claim.date)
        first, last = days.first, days.last
        others = [c.id for c in ledger.by_subject(subject) if c.source == SOURCE and c != claim]
        cited = cites.Citation(claim.date, (SOURCE,), (claim.id, *others))
        cites.check(f"{ledger.path}: timeline row {subject!r}", cited, ledger)
        rows.append(
            {
                "subject": subject,
                "lane": lane,
                "event": label,
                "date": claim.date,
                "as written": fmt_date(claim.date),
                "precision": precision(claim.date),
                "start": first.isoformat(),
                "end": last.isoformat(),
                "claim": claim.id,
                "agreeing claims": " ".join(others),
                "quote": claim.quote,
            }
        )
    frame = pd.DataFrame(rows)
    return frame.sort_values(["start", "end"], kind="stable", ignore_index=True)


def g5_table(ledger):
    """The G5 Sahel in numbers: each figure as written, normalised, with claim and quote."""
    rows = []
    for subject, label in G5:
        claim = pick(ledger, subject)
        rows.append(
            {
                "measure": label,
                "as written": as_written(claim),
                "normalised": fmt_date(claim.date) if claim.is_date else number(claim.value),
                "unit": claim.unit,
                "period": fmt_period(claim.period) if claim.period else "",
                "claim": claim.id,
                "quote": claim.quote,
            }
        )
    return pd.DataFrame(rows)


def oecd_aid(ledger):
    """The aid figures the article gives for the same years through the OECD's DAC, one row per
    donor: exactly what the chart draws (USD million). Refused if their periods differ, since
    the chart compares them."""
    rows = []
    for subject, unit, label in AID:
        claim = pick(ledger, subject)
        rows.append(
            {
                "subject": subject,
                "donor": label,
                "period": fmt_period(claim.period),
                "usd": claim.value,
                "usd_million": claim.value / MILLION,
                "unit": unit,
                "qualifier": claim.qualifier,
                "as written": as_written(claim),
                "claim": claim.id,
                "quote": claim.quote,
            }
        )
    frame = pd.DataFrame(rows)
    if frame["period"].nunique() != 1:
        raise ClaimError(f"{ledger.path}: the aid figures cover different periods: "
                         f"{', '.join(frame['period'])}")
    return frame


def aid_title(ledger):
    """The aid chart's title, its finding in words: which donor gave more, how many times as
    much, over which years (from the claims :func:`oecd_aid` reads)."""
    data = oecd_aid(ledger).sort_values("usd", ascending=False)
    (big, small) = data.iloc[0], data.iloc[-1]
    def the(name):
        return f"the {name}" if name.startswith("United ") else name

    lead, ratio = the(big["donor"]), big["usd"] / small["usd"]
    return (f"{lead[0].upper()}{lead[1:]} gave Mali {ratio:.1f} times as much aid as "
            f"{the(small['donor'])} through the DAC, {big['period']}")


def forces(ledger):
    """The article's other figures for money and troops, each a quantity and period of its own
    (never drawn on one axis): what, as written, when, claim and quote."""
    rows = []
    for subject, _, label in FORCES:
        claim = pick(ledger, subject)
        when = fmt_period(claim.period) if claim.period else "not stated"
        rows.append(
            {
                "subject": subject,
                "figure": label.format(period=fmt_period(claim.period)),
                "as written": as_written(claim),
                "when": when,
                "qualifier": claim.qualifier,
                "claim": claim.id,
                "quote": claim.quote,
            }
        )
    return pd.DataFrame(rows)


FORCES_SHOWN = ("figure", "as written", "when")


def after_coups(events, ledger):
    """The events of :func:`timeline` that begin after the last day of the second coup's date,
    as the article dates them: Mali's ruptures (the coups themselves not counted)."""
    second = pick(ledger, "mali.coups.second")
    last = span(second.date).last.isoformat()
    return events[events["start"] > last]


def figures(ledger):
    """Pre-formatted numbers for the chapter's prose, keyed by glue name, each traced to the
    claim it reads (:mod:`sahel.provenance`) or, when computed, to its formula."""
    founded, withdrawn = pick(ledger, "g5.founded"), pick(ledger, "mali.g5.withdrawal")
    current = pick(ledger, "g5.battalions.current")
    planned = pick(ledger, "g5.battalions.planned")
    pledged = pick(ledger, "g5.pledged")
    fr_oecd, us_oecd = pick(ledger, "france.aid.oecd"), pick(ledger, "us.aid.oecd")
    if fr_oecd.period != us_oecd.period:
        raise ClaimError(f"{ledger.path}: {fr_oecd.id} and {us_oecd.id} cover different periods")
    members_years = dates.years((span(withdrawn.date).first - span(founded.date).first).days)
    severed = pick(ledger, "ukraine.relations.severed")
    vote = ledger.one("unsc.res2690.adopted")
    announced = ledger.one("norway.embassy.announced", source=vote.source)
    us_military = pick(ledger, "us.aid.military")
    events = timeline(ledger)
    ruptures = after_coups(events, ledger)

    def date(claim):
        return traced(fmt_date(claim.date), Quote(claim))

    def written(claim):
        return traced(as_written(claim), Quote(claim))

    def period(claim):
        return traced(fmt_period(claim.period), Quote(claim))

    voted_on, announced_on = date(vote), date(announced)
    founded_on, withdrawn_on = date(founded), date(withdrawn)
    now, later = traced(number(current.value), Quote(current)), traced(
        number(planned.value), Quote(planned)
    )
    fr_aid, us_aid = written(fr_oecd), written(us_oecd)
    return {
        "rel_unsc_vote": voted_on,
        "rel_norway_announced": announced_on,
        "rel_vote_to_announcement_days": traced(
            fmt_range(*norway.vote_to_announcement(ledger)),
            Formula("days from the Security Council's vote to Norway's announcement (the first "
                    "day not counted)", (voted_on, announced_on)),
        ),
        "rel_norway_closure": written(ledger.one("norway.embassy.closure", source=vote.source)),
        "rel_g5_founded": founded_on,
        "rel_g5_withdrawal": withdrawn_on,
        "rel_g5_member_years": traced(
            f"{members_years:.1f}",
            Formula(f"years from the first day of the G5 Sahel's founding date to the first day "
                    f"of Mali's withdrawal, in years of {dates.DAYS_PER_YEAR} days",
                    (founded_on, withdrawn_on)),
        ),
        "rel_g5_pledged": written(pledged),
        "rel_g5_pledged_when": period(pledged),
        "rel_g5_battalions_current": now,
        "rel_g5_battalions_planned": later,
        "rel_g5_battalions_ratio": traced(
            f"{planned.value / current.value:.1f}",
            Formula("the battalions planned divided by the battalions in place", (later, now)),
        ),
        "rel_joint_force": date(pick(ledger, "g5.joint_force.created")),
        "rel_fr_oecd": fr_aid,
        "rel_us_oecd": us_aid,
        "rel_oecd_period": period(us_oecd),
        "rel_us_fr_ratio": traced(
            f"{us_oecd.value / fr_oecd.value:.1f}",
            Formula("the United States' aid divided by France's, over the same years",
                    (us_aid, fr_aid)),
        ),
        "rel_us_military": written(us_military),
        "rel_us_military_since": period(us_military),
        "rel_fr_troops": written(pick(ledger, "france.troops.expelled")),
        "rel_fr_expelled": date(pick(ledger, "mali.france.expulsion")),
        "rel_ecowas_force": written(pick(ledger, "ecowas.force")),
        "rel_ecowas_members": written(pick(ledger, "ecowas.members")),
        "rel_minusma_personnel": written(pick(ledger, "minusma.personnel")),
        "rel_minusma_began": date(pick(ledger, "minusma.established")),
        "rel_un_restricted": date(pick(ledger, "mali.un.restricted")),
        "rel_minusma_request": date(pick(ledger, "mali.withdrawal.request")),
        "rel_sweden_expelled": date(pick(ledger, "sweden.ambassador.expelled")),
        "rel_ukraine_severed": date(severed),
        "rel_independence": date(pick(ledger, "mali.independence")),
        "rel_azawad": date(pick(ledger, "azawad.independence")),
        "rel_democracy": date(pick(ledger, "mali.democracy")),
        "rel_coup_first": date(pick(ledger, "mali.coups.first")),
        "rel_coup_second": date(pick(ledger, "mali.coups.second")),
        "rel_ruptures_after_coups": traced(
            count_word(len(ruptures)),
            Formula(
                "the events of the timeline that begin after the year of the second coup, as "
                "the article dates them: " + "; ".join(ruptures["event"]),
                tuple(date(ledger.get(c)) for c in ruptures["claim"]),
            ),
        ),
        "rel_dac_last_year": aid.last_year(),
    }


def _sentence_with(text, phrase):
    """The sentence of ``text`` that holds ``phrase`` (error if none)."""
    at = text.find(phrase)
    if at < 0:
        raise ValueError(f"no sentence holds {phrase!r}")
    start = max(text.rfind(". ", 0, at), text.rfind("\n", 0, at)) + 1
    ends = [e for e in (text.find(". ", at), text.find("\n", at)) if e >= 0]
    return text[start : min(ends) + 1 if ends else len(text)].strip()


G5_MEMBERS_PHRASE = "fellow member states"


def embassy_and_g5(documents):
    """Countries the Bamako embassy also covered (the press release) against Mali's fellow G5
    members (the article).

    The G5 list is read from the article's sentence with ``countries.mentions`` (the article's
    own country and the country whose embassy it is left out), the embassy's from the press
    release's coverage sentence by :func:`sahel.chapters.norway.bamako_coverage` (its one
    parser); returns a table with each country, whether each source names it, and the two
    verbatim sentences, keyed by source id.
    """
    import pycountry

    from sahel import countries

    g5 = _sentence_with(documents[SOURCE].text, G5_MEMBERS_PHRASE)
    release = documents[norway.SOURCE].text
    coverage = norway.bamako_coverage(release)
    sentences = {SOURCE: g5, norway.SOURCE: norway.coverage_sentence(release)[0]}
    members = g5_members(g5)
    found = {
        SOURCE: list(members),
        norway.SOURCE: [
            pycountry.countries.get(alpha_3=code).alpha_2
            for code in norway.covered(coverage)["iso_a3"]
        ],
    }
    codes = list(dict.fromkeys(found[SOURCE] + found[norway.SOURCE]))
    table = pd.DataFrame(
        {
            "country": [countries.short_name(c) for c in codes],
            G5_COLUMN: [members.get(c, NOT_NAMED) for c in codes],
            BAMAKO_COLUMN: [
                "yes" if c in found[norway.SOURCE] else "no" for c in codes
            ],
        }
    )
    return table, sentences


def g5_members(sentence):
    """``{alpha_2: "member" or "former member"}`` for each fellow member the article's sentence
    names after :data:`G5_MEMBERS_PHRASE`, in its order: a name followed by "(formerly)" is a
    former member (the article's own mark), any other a member. The article's own country and
    the country whose embassy it is are left out."""
    from sahel import countries

    tail = sentence[sentence.find(G5_MEMBERS_PHRASE) :]
    left_out = (relations.HOST, relations.GAP_COUNTRY)
    out = {}
    for _, end, name in countries.mentions(tail):
        if name.alpha_2 in left_out:
            continue
        after = tail[end:].lstrip()
        out[name.alpha_2] = FORMER if after.startswith(FORMERLY) else MEMBER
    return out


def embassy_summary(table):
    """Counts for prose: fellow G5 members the article names, which it marks as former members
    and which as members, and how many Bamako also covered."""
    named = table[G5_COLUMN] != NOT_NAMED
    both = named & (table[BAMAKO_COLUMN] == "yes")

    def names(status, key):
        chosen = list(table.loc[table[G5_COLUMN] == status, "country"])
        return traced(
            and_list(chosen) if chosen else "none",
            Formula(f"the fellow members the article marks as {status}s "
                    f"({'with' if status == FORMER else 'without'} \u201c{FORMERLY}\u201d "
                    "after the name)", name=key),
        )

    return {
        "rel_g5_others": traced(
            number(named.sum()),
            Formula("the fellow members of the G5 Sahel the article names",
                    name="rel_g5_others"),
        ),
        "rel_g5_former": names(FORMER, "rel_g5_former"),
        "rel_g5_current": names(MEMBER, "rel_g5_current"),
        "rel_embassy_shared": traced(
            number(both.sum()),
            Formula("those the embassy in Bamako also covered, as the press release names them",
                    name="rel_embassy_shared"),
        ),
    }


def traced_shown(table, columns, ledger, traced_columns):
    """``table``'s ``columns`` as the page shows them, the cells of ``traced_columns`` linked
    to the claim of their row (the quote that states them)."""
    from sahel.provenance import Quote, traced

    out = table[list(columns)].astype(object)
    for i, claim in enumerate(table["claim"]):
        for column in traced_columns:
            out.iat[i, out.columns.get_loc(column)] = traced(str(out.iat[i, out.columns
                                                                         .get_loc(column)]),
                                                             Quote(ledger.get(claim)))
    return out.reset_index(drop=True)
