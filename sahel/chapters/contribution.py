"""Norway in MINUSMA: its contributions as the public record's facts give them.

The facts are the rows of ``official_record.csv`` whose topic starts with :data:`PREFIX`, read
through :func:`sahel.evidence.record.facts`. Each was checked by hand against the page it cites
(tier three), never by this code: the code only reads the dates the facts give, orders them,
and draws them. A fact gives its dates in its value when the record declares its topic's value a
partial ISO date or a range FIRST/LAST ("2013-09", "2016-01/2016-11"); otherwise in its date
column. A partial date is
the span of days it may mean (:mod:`sahel.dates`): "2014" is any day of 2014, never 1 January.

:data:`PARTS` says, in plain words, what each fact is and where the chart draws it; a fact under
the prefix without a part, or a part without its one fact, stops the chapter
(:class:`ContributionError`). Two spans are closed by another fact: ASIFU, Norway's first
contribution, was followed by the airlift rotation from 2016 (so the Armed Forces' own page dates
its end to that year, no closer; the airlift is drawn as the aircraft it sent, so that fact closes
ASIFU's bar and is not drawn again), and Camp Bifrost, set up in 2014, was handed over in November
2022. MINUSMA's own start and end are the MINUSMA chapter's events, with their sources.

The Armed Forces' statement that the contributions ended without loss of life is checked against
the UN's count of Norwegian nationals among MINUSMA's dead (:func:`deaths_check`, reusing
:func:`sahel.chapters.human_cost.nationals`).
"""

import re
from dataclasses import dataclass

import pandas as pd

from sahel.chapters import human_cost, minusma
from sahel.dates import sort_key, span
from sahel.evidence import record
from sahel.evidence.errors import SahelInputError
from sahel.formatting import and_list, count_word, fmt_date, fmt_span, number
from sahel.provenance import Fact, Formula, traced
from sahel.publish import cite, cite_all, escape_md

PREFIX = "norway.minusma."
ASIFU, AIRCRAFT, CAMP, STAFF = (
    "ASIFU intelligence unit",
    "C-130J transport aircraft",
    "Camp Bifrost, Bamako",
    "Staff officers",
)
LANES = (ASIFU, CAMP, AIRCRAFT, STAFF)  # top to bottom
SPAN, POINT, MISSION = "span", "point", "MINUSMA"
CASUALTIES = f"{PREFIX}casualties"
HANDOVER = f"{PREFIX}bifrost_handover"


class ContributionError(SahelInputError):
    """The record's facts on Norway in MINUSMA do not match what the chapter draws."""


@dataclass(frozen=True)
class Part:
    """What one fact is, in plain words (``label``), the chart's lane it is drawn in ("" for a
    fact the chart does not draw), and ``until``: the topic of the fact that dates its end, for
    a span the facts give in two pieces."""

    topic: str
    label: str
    lane: str
    until: str = ""


PARTS = (
    Part(f"{PREFIX}start", "ASIFU, the UN's intelligence unit", ASIFU, until=f"{PREFIX}airlift"),
    Part(f"{PREFIX}airlift", "airlift rotation, Norway its framework nation", ""),
    Part(f"{PREFIX}c130_2016", "C-130J aircraft", AIRCRAFT),
    Part(f"{PREFIX}c130_rotation", "Portugal takes over", AIRCRAFT),
    Part(f"{PREFIX}c130_2019", "C-130J aircraft again", AIRCRAFT),
    Part(f"{PREFIX}camp_bifrost", "Camp Bifrost", CAMP, until=HANDOVER),
    Part(HANDOVER, "handed over", CAMP),
    Part(f"{PREFIX}personnel_2017", "camp, headquarters and ASIFU staff", STAFF),
    Part(CASUALTIES, "no major injuries or loss of life", ""),
)


def contribution_facts(facts=None):
    """The record's facts on Norway in MINUSMA (topic under :data:`PREFIX`), each with its
    :class:`Part`, by topic; raises if a fact and the parts do not match one to one."""
    facts = record.facts() if facts is None else facts
    rows = facts[facts["topic"].str.startswith(PREFIX)]
    parts = {p.topic: p for p in PARTS}
    for _, row in rows.iterrows():
        if row["topic"] not in parts:
            raise ContributionError(
                f"{row['where']}: fact {row['id']} ({row['topic']}) is about Norway in MINUSMA "
                "but sahel.chapters.contribution.PARTS does not say what it is"
            )
    counts = rows["topic"].value_counts()
    for part in PARTS:
        for topic in filter(None, (part.topic, part.until)):
            if counts.get(topic, 0) != 1:
                raise ContributionError(
                    f"record facts: {counts.get(topic, 0)} facts with topic {topic!r}; "
                    "the chapter draws one"
                )
    return {row["topic"]: (row, parts[row["topic"]]) for _, row in rows.iterrows()}


def fact_dates(fact):
    """``(first, last)`` partial ISO dates a fact gives: its value when the record declares its
    topic's value a date (:data:`sahel.evidence.record.FACT_VALUE_FORMS`; the loader has parsed
    it strictly), else its date column (equal for a single date). Never one column for the
    other: a value that does not parse stops the loader, it is not read from the date."""
    text = fact["value"] if fact["value_form"] == record.DATE else fact["date"]
    ends = text.split("/", 1)
    return ends[0], ends[-1]


def timeline(facts=None):
    """One row per fact, in date order (first possible day, then last): its id, what it is in
    plain words, the chart lane, its first and last partial dates (the end from the ``until``
    fact for a span given in two pieces), the facts it rests on, the fact as the record
    restates it and its value, the publisher, the page's URL and BibTeX key."""
    found = contribution_facts(facts)
    rows = []
    for fact, part in found.values():
        first, last = fact_dates(fact)
        ids = [fact["id"]]
        if part.until:
            end, _ = found[part.until]
            last = fact_dates(end)[0]
            ids.append(end["id"])
        rows.append(
            {
                "fact": fact["id"],
                "topic": fact["topic"],
                "contribution": part.label,
                "lane": part.lane,
                "kind": SPAN if first != last else POINT,
                "first": first,
                "last": last,
                "facts": " ".join(ids),
                "what": fact["fact"],
                "value": fact["value"],
                "publisher": fact["publisher"],
                "url": fact["url"],
            }
        )
    frame = pd.DataFrame(rows)
    frame["bibkey"] = frame["url"].map(record.page_bibkeys(frame["url"]))
    order = sorted(
        frame.index, key=lambda i: (*sort_key(frame.at[i, "first"]), frame.at[i, "fact"])
    )
    return frame.loc[order].reset_index(drop=True)


def mission_marks(ledger):
    """MINUSMA's own start and end as the MINUSMA chapter computes them (its establishment and
    the end of its withdrawal), each with the sources that state that date."""
    events = minusma.build_events(ledger)
    established = minusma.by_key(events)["established"]
    _, key, end, _ = minusma.lifetime_ends(events)[-1]
    marks = (
        ("MINUSMA established", established, established.dates[0]),
        ("MINUSMA's withdrawal complete", minusma.by_key(events)[key], end),
    )
    return [
        (
            label,
            iso,
            sorted({s for c in event.citations if c.is_date and c.value == iso for s in c.sources}),
        )
        for label, event, iso in marks
    ]


CHART_COLUMNS = (
    "kind", "lane", "label", "text", "first", "last", "first_day", "solid_from", "solid_to",
    "last_day", "facts", "sources",
)  # fmt: skip


def chart_data(frame, marks):
    """What the chart draws, one row per mark: each drawn fact (``kind`` span or point, its lane
    and label, the ``text`` drawn beside it (a span's dates, a point's label and date), its
    partial dates and the days they may mean: a span is certain from
    ``solid_from`` to ``solid_to`` and may reach out to ``first_day`` and ``last_day``) and
    MINUSMA's two dates (``kind`` MINUSMA, with the seeds that state them)."""
    rows = []
    for r in frame[frame["lane"] != ""].itertuples():
        first, last = span(r.first), span(r.last)
        when = fmt_span(r.first, r.last, short=True)
        rows.append(
            {
                "kind": r.kind,
                "lane": r.lane,
                "label": r.contribution,
                "text": when if r.kind == SPAN else f"{r.contribution}, {when}",
                "first": r.first,
                "last": r.last,
                "first_day": first.first,
                "solid_from": first.last,
                "solid_to": last.first,
                "last_day": last.last,
                "facts": r.facts,
                "sources": "",
            }
        )
    for label, iso, sources in marks:
        day = span(iso)
        rows.append(
            {
                "kind": MISSION, "lane": "", "label": label, "text": label, "first": iso,
                "last": iso,
                "first_day": day.first, "solid_from": day.first, "solid_to": day.last,
                "last_day": day.last, "facts": "", "sources": " ".join(sources),
            }
        )  # fmt: skip
    return pd.DataFrame(rows, columns=CHART_COLUMNS)


def shown(frame, facts=None):
    """The timeline as the page shows it: when (as the facts give it), what, and the page
    (publisher and citation, built by code); every other cell is escaped on the page. Given
    the record's ``facts``, when and what link to the fact on the official record's page (a
    span closed by a later fact, to its formula over both facts)."""
    by_id = None if facts is None else facts.set_index("id", drop=False)

    def fact(text, fid):
        return text if by_id is None else traced(text, Fact.of(by_id.loc[fid]))

    def when(r):
        text = fmt_span(r.first, r.last)
        ends = r.facts.split()
        if len(ends) == 1:
            return fact(text, ends[0])
        text = f"{text} (end: a later fact)"
        if by_id is None:
            return text
        return traced(text, Formula(
            f"from the start {ends[0]} gives to the date of {ends[1]}, the later fact that "
            "ends it", tuple(fact(i, i) for i in ends), name=f"contrib-when-{ends[0]}"))

    rows = list(frame.itertuples())
    return pd.DataFrame(
        {
            "when": [when(r) for r in rows],
            "the fact, restated from the page": [fact(r.what, r.fact) for r in rows],
            "page": [f"{escape_md(r.publisher)} {cite(r.bibkey, 'p')}" for r in rows],
        },
        dtype=object,
    )


def deaths_check(facts, fatalities):
    """The Armed Forces' statement beside the UN's count: ``(deaths stated, Norwegian nationals
    among MINUSMA's dead in the UN data, whether they agree)``."""
    stated = int(contribution_facts(facts)[CASUALTIES][0]["value"])
    counted = human_cost.nationals(fatalities)[0]
    return stated, counted, stated == counted


def figures(frame, marks, check, ledger, facts=None):
    """The section's figures for its prose, formatted, by glue name (``contrib_*``), each
    traced to the record fact it restates; MINUSMA's own dates are the MINUSMA chapter's
    (traced to the claims that state them)."""
    facts = record.facts() if facts is None else facts
    by_id = facts.set_index("id", drop=False)
    row = frame.set_index("topic")
    asifu, camp = row.loc[f"{PREFIX}start"], row.loc[f"{PREFIX}camp_bifrost"]
    first_c130, second_c130 = row.loc[f"{PREFIX}c130_2016"], row.loc[f"{PREFIX}c130_2019"]
    _, _, agree = check

    def fact(text, ids, which=0):
        """``text`` traced to the ``which``-th fact the row rests on."""
        return traced(text, Fact.of(by_id.loc[ids.split()[which]]))

    mission = minusma.figures(ledger)
    (_, start, _), (_, end, _) = marks
    start_text, end_text = mission["minusma_established"], mission["minusma_window_end"]
    if (start_text, end_text) != (fmt_date(start), fmt_date(end)):
        raise ContributionError(
            f"MINUSMA's dates on the chart ({start}, {end}) are not the MINUSMA chapter's "
            f"({start_text}, {end_text})"
        )
    return {
        "contrib_facts": count_word(len(frame)),
        "contrib_start": fact(fmt_date(asifu["first"]), asifu["facts"]),
        "contrib_asifu_end": fact(fmt_date(asifu["last"]), asifu["facts"], -1),
        "contrib_camp_start": fact(fmt_date(camp["first"]), camp["facts"]),
        "contrib_handover": fact(fmt_date(camp["last"]), camp["facts"], -1),
        "contrib_last_contingent": fact(
            number(int(row.loc[HANDOVER, "value"])), row.loc[HANDOVER, "facts"]
        ),
        "contrib_c130_first": fact(
            fmt_span(first_c130["first"], first_c130["last"]), first_c130["facts"]
        ),
        "contrib_c130_second": fact(
            fmt_span(second_c130["first"], second_c130["last"]), second_c130["facts"]
        ),
        "contrib_mission_start": start_text,
        "contrib_mission_end": end_text,
        "contrib_publishers": and_list(dict.fromkeys(publisher_names(frame))),
        "contrib_deaths_check": "agree" if agree else "do not agree",
    }


def publisher_names(frame):
    """Each row's publisher without what a parenthesis adds ("Norway Today (citing the Norwegian
    Armed Forces)" is "Norway Today"): the names, for prose; the table keeps them whole."""
    return [re.sub(r"\s*\([^)]*\)$", "", p) for p in frame["publisher"]]


def pages_cited(frame):
    """One ``{cite:p}`` role for every page the timeline rests on (for the chart's caption)."""
    return cite_all(frame["bibkey"])
