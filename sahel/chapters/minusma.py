"""MINUSMA's end: events, phases, durations and the mission's toll, built from the ledger.

Dates are partial ISO dates, read as the spans of days they may mean, with the conventions of
:mod:`sahel.dates` (periods count both ends, gaps are differences, day N of a period counts
from 1); durations between spans are therefore ranges.
"""

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd

from sahel import content, paths
from sahel.chapters.disagreements import PLACEHOLDER, fill
from sahel.dates import (
    DAYS_PER_YEAR,
    gap_days,
    period_days,
    precision,
    readings,
    span,
    weekday_before,
    weekday_of,
    years,
)
from sahel.evidence import citations as cites
from sahel.evidence import qualifiers
from sahel.evidence.claims import ClaimError, read_quoted_rows
from sahel.evidence.qualifiers import as_written
from sahel.formatting import (
    and_list,
    figure,
    fmt_date,
    fmt_days,
    fmt_event_date,
    fmt_range,
    fmt_window_day,
    number,
    whole_percent,
)
from sahel.provenance import Formula, Quote, traced
from sahel.publish import cite_column

READINGS_SEPARATOR = "; "
AFTER = "after"  # the citation of the announcement a deadline follows


class TimelineError(ClaimError):
    """The ledger cannot support an event or a computation the chapter needs."""


# --- events --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    """A moment (``kind="event"``) or a period (``kind="phase"``) on the timeline.

    ``dates`` holds every reading of the date (or a phase's start) the sources give — more
    than one when they disagree. ``until`` is a phase's last day ("" if still open).
    ``bound`` is how the date bounds the event: as stated, or an upper bound (a deadline, "by
    the end of 2023", or the day a statement confirmed it happened): it happened on or before
    the date, never later, and no earlier than ``not_before`` (an announcement it follows) if
    that is given. ``derived`` marks a date the report infers rather than one a source states.
    ``citations`` cite, for each reading of the date and each other thing the row shows, exactly
    the sources whose claims state it at that precision (:mod:`sahel.evidence.citations`).
    """

    key: str
    label: str
    kind: str
    dates: tuple
    until: str
    actors: str
    claims: tuple
    citations: tuple
    note: str = ""
    derived: bool = False
    bound: str = qualifiers.AS_STATED
    not_before: str = ""

    @property
    def sources(self):
        """The sources of what the row draws and labels: every citation but a coarser reading
        a shown date refines (a source giving only "2013" does not date 25 April 2013) and the
        announcement a deadline follows (in the table's citations and note, not drawn)."""
        shown = [d for d in (*self.dates, self.until) if d]
        return tuple(
            sorted(
                {
                    s
                    for c in self.citations
                    if c.what != AFTER
                    and not (c.is_date and any(d.startswith(f"{c.value}-") for d in shown))
                    for s in c.sources
                }
            )
        )

    @property
    def upper_bound(self):
        """True if the event happened on or before its date (a deadline, an inferred limit)."""
        return self.bound == qualifiers.UPPER

    @property
    def first(self):
        """The first day the event or phase may have started (None for an upper bound with
        nothing known before it: it may have happened any day up to its date)."""
        if self.upper_bound:
            return span(self.not_before).first if self.not_before else None
        return min(span(d).first for d in self.dates)

    @property
    def last(self):
        """The last day it may have happened (an event) or lasted to (a phase; None if open)."""
        if self.kind == "phase":
            return span(self.until).last if self.until else None
        return max(span(d).last for d in self.dates)

    @property
    def precision(self):
        """The coarsest precision among its dates."""
        order = ("day", "month", "year")
        given = [precision(d) for d in (*self.dates, self.until) if d]
        return max(given, key=order.index)


def _claims(ledger, subject):
    found = ledger.by_subject(subject)
    if not found:
        raise TimelineError(f"{ledger.path}: no claim about {subject!r}")
    return found


def _dated(ledger, subject):
    """(readings, claims) for a date subject; every claim on it must be a date."""
    found = _claims(ledger, subject)
    if bad := [c.id for c in found if not c.is_date]:
        raise TimelineError(f"{ledger.path}: {subject!r} has non-date claims {', '.join(bad)}")
    return readings(c.date for c in found), found


def _number(ledger, subject):
    """The one value every claim about ``subject`` gives (e.g. a resolution's number)."""
    values = {c.value for c in _claims(ledger, subject)}
    if len(values) != 1:
        raise TimelineError(f"{ledger.path}: claims about {subject!r} disagree: {values}")
    return f"{values.pop()}"


def _event(key, label, kind, actors, dates, parts, until="", note="", derived=False, **bounds):
    """An event citing ``parts``: :class:`~sahel.evidence.citations.Citation` parts, each with
    the sources whose claims state its value; its claims are theirs."""
    return Event(
        key=key,
        label=label,
        kind=kind,
        dates=tuple(dates),
        until=until,
        actors=actors,
        claims=tuple(
            dict.fromkeys(
                [
                    *sorted(c for p in parts if p.what == cites.DATE for c in p.claims),
                    *(c for p in parts if p.what != cites.DATE for c in p.claims),
                ]
            )
        ),
        citations=tuple(parts),
        note=note,
        derived=derived,
        **bounds,
    )


def _moment(ledger, key, label, subject, actors, also=(), note="", after=None):
    """An event dated by the claims on ``subject``; an upper bound if every one of them is
    ("by the end of 2023"), then no earlier than the first date of subject ``after`` (the
    announcement a deadline follows)."""
    dates, claims = _dated(ledger, subject)
    parts = [*cites.grouped(claims)]
    parts += [p for s, what in also for p in cites.grouped(_claims(ledger, s), what)]
    if len(dates) > 1 and not note:
        note = "The sources give different dates; both are shown."
    bounds = {}
    if all(qualifiers.is_upper_bound(c.qualifier) for c in claims):
        bounds["bound"] = qualifiers.UPPER
        if after:
            first, announced = _dated(ledger, after)
            bounds["not_before"] = first[0]
            stating = [c for c in announced if cites.states(c, first[0])]
            parts += cites.grouped(stating, AFTER)
    return _event(key, label, "event", actors, dates, parts, note=note, **bounds)


def _single(ledger, subject):
    dates, claims = _dated(ledger, subject)
    if len(dates) != 1:
        ids = ", ".join(c.id for c in claims)
        raise TimelineError(
            f"{ledger.path}: {subject!r} needs one date to bound a phase, the claims "
            f"({ids}) give {', '.join(dates)}"
        )
    return dates[0], claims


def _flag_lowered(ledger):
    dateline = ledger.one("minusma.end.reported")
    weekday = ledger.one("minusma.flag.lowered.weekday")
    if dateline.source != weekday.source:
        raise TimelineError(
            f"{ledger.path}: the weekday ({weekday.id}) and the dateline ({dateline.id}) "
            "must come from the same report"
        )
    day = weekday_before(dateline.date, weekday.value)
    note = (
        f"Inferred: “on {weekday.value}” dates the spokesperson's confirmation, the "
        f"{weekday.value} before the report's dateline, {fmt_date(dateline.date)} (a "
        f"{weekday_of(dateline.date)}); the flag came down on or before that day."
    )
    return _event(
        "flag_lowered",
        "UN flag lowered at the Bamako headquarters",
        "event",
        "MINUSMA (spokesperson Fatoumata Kaba)",
        [day],
        [
            *cites.grouped([weekday], "confirmed on a"),
            *cites.grouped([dateline], "report dated"),
        ],
        note=note,
        derived=True,
        bound=qualifiers.UPPER,
    )


UNTIL_START = "to the day before the withdrawal began on"


def build_events(ledger):
    """Every event and phase of the chapter, built from the ledger, in chronological order."""
    established, established_claims = _single(ledger, "minusma.established")
    start, start_claims = _single(ledger, "minusma.withdrawal.start")
    end, end_claims = _single(ledger, "minusma.withdrawal.end")
    liquidation, liquidation_claims = _single(ledger, "minusma.liquidation.start")
    day_before_start = (span(start).first - dt.timedelta(days=1)).isoformat()
    items = [
        _event(
            "deployment",
            "Deployment",
            "phase",
            "MINUSMA",
            [established],
            [*cites.grouped(established_claims), *cites.grouped(start_claims, UNTIL_START)],
            until=day_before_start,
            note="From the establishment to the day before the withdrawal began.",
        ),
        _event(
            "withdrawal",
            "Withdrawal",
            "phase",
            "MINUSMA",
            [start],
            [*cites.grouped(start_claims), *cites.grouped(end_claims, "to")],
            until=end,
        ),
        _event(
            "liquidation",
            "Liquidation",
            "phase",
            "MINUSMA",
            [liquidation],
            cites.grouped(liquidation_claims),
            note="Open-ended: no source dates its end.",
        ),
        _moment(
            ledger,
            "established",
            f"MINUSMA established by Resolution {_number(ledger, 'unsc.res2100.number')}",
            "minusma.established",
            "UN Security Council",
            also=(("unsc.res2100.number", "Resolution"),),
        ),
        _moment(ledger, "coup_first", "First military coup", "mali.coups.first", "Malian army"),
        _moment(ledger, "coup_second", "Second military coup", "mali.coups.second", "Malian army"),
        _moment(
            ledger,
            "request",
            "Mali requests MINUSMA's withdrawal",
            "mali.withdrawal.request",
            "Mali's transitional authorities (Foreign Minister Abdoulaye Diop)",
        ),
        _moment(
            ledger,
            "vote",
            f"Security Council adopts Resolution {_number(ledger, 'unsc.res2690.number')}",
            "unsc.res2690.adopted",
            "UN Security Council",
            also=(("unsc.res2690.adopted.weekday", "on a"), ("unsc.res2690.number", "Resolution")),
        ),
        _moment(
            ledger,
            "mandate_end",
            "MINUSMA's mandate ends",
            "minusma.mandate.end",
            "UN Security Council (as reported; Mali's envoy Issa Konfourou)",
        ),
        _moment(
            ledger,
            "norway_announced",
            "Norway announces the embassy's closure",
            "norway.embassy.announced",
            "Norwegian Ministry of Foreign Affairs",
        ),
        _flag_lowered(ledger),
        _moment(
            ledger,
            "end_reported",
            "Mission's end reported from Bamako",
            "minusma.end.reported",
            "The Diplomatic Insight",
            note="The report's dateline.",
        ),
        _moment(
            ledger,
            "norway_closure",
            "Norway's embassy in Bamako closes",
            "norway.embassy.closure",
            "Norwegian Government",
            note="A deadline: the closure is due by the end of the year, after the announcement.",
            after="norway.embassy.announced",
        ),
    ]
    for event in items:
        for part in event.citations:
            cites.check(f"{ledger.path}: event {event.key!r}", part, ledger)
    return sorted(items, key=event_order)


def event_order(event):
    """Phases first, then events by the last day each may have happened, then the first.

    A date known only to the year or month is placed at its end: "by the end of 2023" comes
    after every dated day of 2023, and a day-precise date before a coarse one it falls in.
    """
    last = event.last or dt.date.max
    return event.kind != "phase", last, event.first or last, event.key


def events_table(events):
    """The events as a DataFrame: what the events table shows and the timeline draws."""
    rows = [
        {
            "key": e.key,
            "kind": e.kind,
            "event": e.label,
            "dates": READINGS_SEPARATOR.join(e.dates),
            "until": e.until,
            "precision": e.precision,
            "bound": e.bound,
            "first": e.first.isoformat() if e.first else "",
            "last": e.last.isoformat() if e.last else "",
            "actors": e.actors,
            "sources": " ".join(e.sources),
            "citations": cites.as_text(e.citations),
            "claims": " ".join(e.claims),
            "derived": e.derived,
            "note": e.note,
        }
        for e in events
    ]
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)


TABLE_COLUMNS = (
    "key",
    "kind",
    "event",
    "dates",
    "until",
    "precision",
    "bound",
    "first",
    "last",
    "actors",
    "sources",
    "citations",
    "claims",
    "derived",
    "note",
)


def by_key(events):
    """``{key: Event}``."""
    return {e.key: e for e in events}


def shown_dates(row):
    """A table row's date(s) as prose: readings joined by "or", a phase as "from … to …", an
    upper bound as "by …", a date the report infers with its mark (:func:`fmt_event_date`)."""
    dates = " or ".join(
        fmt_event_date(d, row["bound"], bool(row["derived"]))
        for d in row["dates"].split(READINGS_SEPARATOR)
    )
    if row["kind"] != "phase":
        return dates
    return f"{dates} to {fmt_date(row['until'])}" if row["until"] else f"from {dates}"


def display_table(table, corpus):
    """The events table as the chapter shows it: dates in words, and as its sources each
    reading and each other thing the row shows in words with the sources that state it."""
    keys = {sid: doc.source.bibkey for sid, doc in corpus.items()}
    return pd.DataFrame(
        {
            "date": [shown_dates(r) for _, r in table.iterrows()],
            "precision": table["precision"],
            "event": table["event"],
            "actors": table["actors"],
            "sources": [cites.in_words(cites.parse(r), keys) for r in table["citations"]],
            "claims": table["claims"],
            "note": table["note"],
        }
    )


# --- computed figures ----------------------------------------------------------------------------


def lifetime(events):
    """(low, high) days from the establishment to the end of the withdrawal, both included."""
    e = by_key(events)
    return period_days(e["established"].dates[0], e["withdrawal"].until)


def lifetime_ends(events):
    """What the mission's lifetime may count to, as ``[(end, event key, ISO date, (low, high)
    days)]``:
    the mandate's end (its first reading, 30 June 2023 in the ledger) and the end of the
    withdrawal (31 December 2023), each counted from the establishment, both days included."""
    e = by_key(events)
    established = e["established"].dates[0]
    ends = (
        ("the mandate's end", "mandate_end", e["mandate_end"].dates[0]),
        ("the end of the withdrawal", "withdrawal", e["withdrawal"].until),
    )
    return [(name, key, end, period_days(established, end)) for name, key, end in ends]


def lifetimes_text(events):
    """The lifetime with both of its ends named, both counts given where they differ: "3,719
    days (10.2 years) to the mandate's end on 30 June 2023 and 3,903 days (10.7 years) to the
    end of the withdrawal on 31 December 2023"."""
    ends = lifetime_ends(events)

    def count(days):
        low, high = days
        return f"{fmt_range(low, high)} days ({fmt_range(years(low), years(high), '{:.1f}')} years)"

    if len({days for *_, days in ends}) == 1:
        names = and_list(f"{name} on {fmt_date(end)}" for name, _, end, _ in ends)
        return f"{count(ends[0][-1])} to both {names}"
    return and_list(f"{count(days)} to {name} on {fmt_date(end)}" for name, _, end, days in ends)


def window(events, key="withdrawal"):
    """A phase's (first, last) ISO dates; it must be closed and single-reading."""
    phase = by_key(events)[key]
    if phase.kind != "phase" or not phase.until or len(phase.dates) != 1:
        raise TimelineError(f"{key!r} is not a closed phase with one start date")
    return phase.dates[0], phase.until


def position(events, key, phase="withdrawal"):
    """Where event ``key`` falls in ``phase``: (day N low, day N high, days in the phase)."""
    first, last = window(events, phase)
    event = by_key(events)[key]
    if len(event.dates) != 1:
        raise TimelineError(f"{key!r} has more than one date: {', '.join(event.dates)}")
    low, high = gap_days(first, event.dates[0])
    length = period_days(first, last)
    if length[0] != length[1]:
        raise TimelineError(f"{phase!r} is not day-precise: {first} to {last}")
    if low < 0 or high >= length[0]:
        raise TimelineError(f"{key!r} ({event.dates[0]}) is not inside {phase!r}")
    return low + 1, high + 1, length[0]


TOLL_MEASURES = (("minusma.personnel", "personnel"), ("minusma.fatalities", "fatalities"))
TOLL_COLUMNS = (
    "measure", "source", "claim", "as written", "qualifier", "bound", "value", "low", "high",
    "quote",
)


def toll_table(ledger):
    """One row per source's figure for the mission's size and deaths, qualifiers kept: ``low``
    and ``high`` are the ends of the interval the figure and its qualifier mean (empty where
    it is open-ended, as "over 170" is above)."""
    rows = []
    for subject, measure in TOLL_MEASURES:
        for c in _claims(ledger, subject):
            cited = cites.Citation(f"{c.value}", (c.source,), (c.id,), is_date=False)
            cites.check(f"{ledger.path}: toll row {c.id}", cited, ledger)
            iv = qualifiers.interval(c)
            rows.append(
                {
                    "measure": measure,
                    "source": c.source,
                    "claim": c.id,
                    "as written": as_written(c),
                    "qualifier": c.qualifier,
                    "bound": qualifiers.bound(c.qualifier),
                    "value": c.value,
                    "low": None if math.isinf(iv.low) else iv.low,
                    "high": None if math.isinf(iv.high) else iv.high,
                    "quote": c.quote,
                }
            )
    return pd.DataFrame(rows, columns=TOLL_COLUMNS)


def toll_range(toll, measure, ledger):
    """The sources' figures as prose, each with its qualifier, and what their intervals say
    together: "over 170 and around 180, together above 170, overlapping in 175 to 185"."""
    rows = toll[toll["measure"] == measure].sort_values(["value", "claim"], kind="stable")
    if rows.empty:
        raise TimelineError(f"no figures for {measure!r}")
    if rows["value"].nunique() == 1:
        quals = [f"“{q}”" for q in dict.fromkeys(rows["qualifier"]) if q != "exact"]
        worded = f", worded {and_list(quals)}" if quals else ""
        return f"{rows['value'].iloc[0]:,} in every source that gives it{worded}"
    ivs = [qualifiers.interval(ledger.get(c)) for c in rows["claim"]]
    written = and_list(rows["as written"])
    together = qualifiers.range_text(qualifiers.hull(ivs), figure)
    shared = qualifiers.common(ivs)
    if shared is None:
        return f"{written}, which do not overlap (together {together})"
    return f"{written}, together {together}, overlapping in {qualifiers.range_text(shared, figure)}"


def annual_fatalities(ledger, days):
    """Crude deaths per year, one per source: each figure's interval (its qualifier and
    tolerance kept) over the lifetime in years (``days`` = (low, high)), as
    ``[(claim, interval)]`` in the toll's order."""
    lifetime_years = years(days[0]), years(days[1])
    return [
        (c, qualifiers.interval(c).divided(lifetime_years))
        for c in _claims(ledger, "minusma.fatalities")
    ]


def per_year_text(rates):
    """The rates in words, each with its qualifier and the figure it comes from:
    "over 15 (from “over 170”) and around 17 (from “around 180”)"."""
    return and_list(f"{qualifiers.words(rate)} (from “{as_written(c)}”)" for c, rate in rates)


def _subject_quote(ledger, subject):
    """The quotes of every claim about ``subject``."""
    return Quote(*_claims(ledger, subject))


def _dated_figure(ledger, event, iso, text=None):
    """``iso`` in words (or ``text``), traced to the claims that state it for ``event``."""
    return traced(fmt_date(iso) if text is None else text, quoted(ledger, event, iso))


def _toll_inputs(ledger, subject):
    """Each source's figure about ``subject`` as written, traced to its claim."""
    return tuple(traced(as_written(c), Quote(c)) for c in _claims(ledger, subject))


def figures(ledger, events=None):
    """Every figure the chapter's prose glues, pre-formatted, keyed by glue name, each traced
    to its evidence (:mod:`sahel.provenance`): the claims that state it, or its formula."""
    events = events if events is not None else build_events(ledger)
    e = by_key(events)
    life = lifetime(events)
    request, vote = e["request"].dates[0], e["vote"].dates[0]
    window_first, window_last = window(events)
    window_days = period_days(window_first, window_last)
    toll = toll_table(ledger)
    per_year = annual_fatalities(ledger, life)
    flag = position(events, "flag_lowered")
    flagged = e["flag_lowered"]
    norway = position(events, "norway_announced")
    dateline = ledger.one("minusma.end.reported")
    flag_weekday = ledger.one("minusma.flag.lowered.weekday")
    said_by = content.pick("minusma.duration_sources")
    durations = [ledger.one("minusma.duration.years", s) for s in said_by]
    mandate = e["mandate_end"].dates
    established = e["established"].dates[0]
    established_on = _dated_figure(ledger, e["established"], established)
    requested_on = _dated_figure(ledger, e["request"], request)
    voted_on = _dated_figure(ledger, e["vote"], vote)
    start_on = _dated_figure(ledger, e["withdrawal"], window_first)
    end_on = _dated_figure(ledger, e["withdrawal"], window_last)
    mandate_first = _dated_figure(ledger, e["mandate_end"], mandate[0])
    mandate_last = _dated_figure(ledger, e["mandate_end"], mandate[-1])
    in_window = traced(
        fmt_range(*window_days),
        Formula("days in the withdrawal window, its first and last days both counted",
                (start_on, end_on), name="minusma_window_days"),
    )
    announced = e["norway_announced"].dates[0]
    norway_on = _dated_figure(ledger, e["norway_announced"], announced)
    norway_day = traced(
        fmt_range(norway[0], norway[1]),
        Formula("the day of the withdrawal window on which Norway announced the closure, the "
                "window's first day counted as day one", (start_on, norway_on),
                name="minusma_norway_day"),
    )
    dated = traced(fmt_date(dateline.date), Quote(dateline))
    weekday = traced(flag_weekday.value, Quote(flag_weekday))
    flag_date = traced(
        fmt_event_date(flagged.dates[0], flagged.bound, flagged.derived),
        Formula(f"the last {flag_weekday.value} on or before the report's dateline: the "
                "spokesperson confirmed on that day that the flag had come down, so it came "
                "down on or before it", (weekday, dated), name="minusma_flag_date"),
    )
    flag_day = traced(
        fmt_window_day(flag[0], flag[1], flagged.bound),
        Formula("the day of the withdrawal window of that date, the window's first day "
                "counted as day one", (start_on, flag_date), name="minusma_flag_day"),
    )
    lifetime_days = traced(
        fmt_range(*life),
        Formula("days from the establishment to the end of the withdrawal, both days counted",
                (established_on, end_on), name="minusma_lifetime_days"),
    )
    lifetime_years = traced(
        fmt_range(years(life[0]), years(life[1]), "{:.1f}"),
        Formula("those days divided by the mean length of a year of the Gregorian calendar, "
                f"{DAYS_PER_YEAR} days", (lifetime_days,), name="minusma_lifetime_years"),
    )
    closure = ledger.one("norway.embassy.closure", source=content.pick("norway.release"))
    positions = ledger.one("minusma.positions.vacated")
    weekday_of_vote = ledger.one("unsc.res2690.adopted.weekday")
    fatalities_range = traced(
        toll_range(toll, "fatalities", ledger),
        Formula("the sources' figures for the peacekeepers killed, each read as the interval "
                "its qualifier means: the span of them all, and where they overlap",
                _toll_inputs(ledger, "minusma.fatalities"), name="minusma_fatalities_range"),
    )
    return {
        "minusma_established": established_on,
        "minusma_established_year": _dated_figure(
            ledger, e["established"], established, f"{span(established).first.year}"
        ),
        "minusma_res2100": traced(
            _number(ledger, "unsc.res2100.number"),
            _subject_quote(ledger, "unsc.res2100.number"),
        ),
        "minusma_res2690": traced(
            _number(ledger, "unsc.res2690.number"),
            _subject_quote(ledger, "unsc.res2690.number"),
        ),
        "minusma_coup_first": _dated_figure(ledger, e["coup_first"], e["coup_first"].dates[0]),
        "minusma_coup_second": _dated_figure(
            ledger, e["coup_second"], e["coup_second"].dates[0]
        ),
        "minusma_request": requested_on,
        "minusma_vote": voted_on,
        "minusma_vote_weekday": traced(weekday_of_vote.value, Quote(weekday_of_vote)),
        "minusma_vote_weekday_computed": traced(
            weekday_of(vote),
            Formula("the weekday of the vote's date in the calendar", (voted_on,)),
        ),
        "minusma_request_to_vote_days": traced(
            fmt_range(*gap_days(request, vote)),
            Formula("days from Mali's request to the Security Council's vote (the first day "
                    "not counted)", (requested_on, voted_on)),
        ),
        "minusma_mandate_end_first": mandate_first,
        "minusma_mandate_end_last": mandate_last,
        "minusma_mandate_end_gap": traced(
            fmt_days(*gap_days(mandate[0], mandate[-1])),
            Formula("days between the two dates the sources give for the mandate's end",
                    (mandate_first, mandate_last)),
        ),
        "minusma_window_start": start_on,
        "minusma_window_end": end_on,
        "minusma_window_end_year": _dated_figure(
            ledger, e["withdrawal"], window_last, f"{span(window_last).first.year}"
        ),
        "minusma_window_days": in_window,
        "minusma_lifetime_days": lifetime_days,
        "minusma_lifetimes": traced(
            lifetimes_text(events),
            Formula("days from the establishment to each end the sources give, the mandate's "
                    "end and the end of the withdrawal, both days counted, and the same in "
                    f"years of {DAYS_PER_YEAR} days", (established_on, mandate_first, end_on)),
        ),
        "minusma_lifetime_years": lifetime_years,
        "minusma_lifetime_full_years": traced(
            fmt_range(math.floor(years(life[0])), math.floor(years(life[1]))),
            Formula("the whole years in the mission's lifetime", (lifetime_years,)),
        ),
        "minusma_duration_words": traced(
            " and ".join(f"“{as_written(c)}”" for c in durations), Quote(*durations)
        ),
        "minusma_dateline": dated,
        "minusma_dateline_weekday": traced(
            weekday_of(dateline.date),
            Formula("the weekday of the report's dateline in the calendar", (dated,)),
        ),
        "minusma_flag_weekday": weekday,
        "minusma_flag_date": flag_date,
        "minusma_flag_day": flag_day,
        "minusma_flag_pct": traced(
            ("at most " if flagged.upper_bound else "")
            + fmt_range(flag[0] / flag[2], flag[1] / flag[2], whole_percent),
            Formula("that day divided by the days in the window", (flag_day, in_window)),
        ),
        "minusma_norway_announced": norway_on,
        "minusma_norway_day": norway_day,
        "minusma_norway_pct": traced(
            fmt_range(norway[0] / norway[2], norway[1] / norway[2], whole_percent),
            Formula("the day of the window on which Norway announced the closure, divided by "
                    "the days in the window", (norway_day, in_window)),
        ),
        "minusma_norway_closure": traced(as_written(closure), Quote(closure)),
        "minusma_liquidation": _dated_figure(ledger, e["liquidation"], e["liquidation"].dates[0]),
        "minusma_personnel_range": traced(
            toll_range(toll, "personnel", ledger),
            Formula("the sources' figures for the mission's personnel, each read as the "
                    "interval its qualifier means: the span of them all, and where they overlap",
                    _toll_inputs(ledger, "minusma.personnel")),
        ),
        "minusma_fatalities_range": fatalities_range,
        "minusma_fatalities_per_year": traced(
            per_year_text(per_year),
            Formula("each source's figure for the peacekeepers killed, read as an interval, "
                    "divided by the mission's lifetime in years",
                    (*_toll_inputs(ledger, "minusma.fatalities"), lifetime_years)),
        ),
        "minusma_positions_vacated": traced(number(positions.value), Quote(positions)),
    }


def answer_figures(ledger, events=None):
    """The chapter's answer in figures, glued by the chapter alone (the summary glues
    :func:`figures` whole): the days from Mali's request to the end of the withdrawal."""
    events = events if events is not None else build_events(ledger)
    e = by_key(events)
    request, last = e["request"].dates[0], window(events)[1]
    return {
        "minusma_request_to_end_days": traced(
            fmt_range(*gap_days(request, last)),
            Formula("days from Mali's request to the last day of the withdrawal (the first day "
                    "not counted)",
                    (_dated_figure(ledger, e["request"], request),
                     _dated_figure(ledger, e["withdrawal"], last))),
        ),
    }


def final_year_title(ledger, events=None):
    """The final-year timeline's title, its point: how many days after Mali's request the
    withdrawal ended (the first day not counted)."""
    events = events if events is not None else build_events(ledger)
    request = by_key(events)["request"].dates[0]
    days = fmt_range(*gap_days(request, window(events)[1]))
    return f"MINUSMA was gone {days} days after Mali asked it to leave"


def quoted(ledger, event, iso):
    """The quotes of the claims that state ``iso`` for ``event`` (:func:`stating`)."""
    return Quote(*(ledger.get(c) for c in stating(event, iso)))


def stating(event, *isos):
    """Ids of the event's claims that state one of the dates ``isos`` (at least as precisely);
    for a date the report infers, every claim it is inferred from."""
    return [
        c
        for p in event.citations
        if event.derived or any(cites.states_date(p.value, iso) for iso in isos)
        for c in p.claims
    ]


DURATIONS_SHOWN = ("measure", "from", "to", "days")  # the claims' ids stay in the CSV


def durations_table(events):
    """Each computed duration with its ends and the claims it rests on: only those that state
    an end at the precision used (25 April 2013, not "2013"); all the claims a date the report
    infers comes from."""
    e = by_key(events)
    first, last = window(events)

    def ids(*ends):
        return " ".join(dict.fromkeys(c for k, *isos in ends for c in stating(e[k], *isos)))

    rows = [
        (f"mission's lifetime to {name} (period)", e["established"].dates[0], end, days,
         ids(("established", e["established"].dates[0]), (key, end)))
        for name, key, end, days in lifetime_ends(events)
    ]
    rows += [
        ("request to vote (gap)", e["request"].dates[0], e["vote"].dates[0],
         gap_days(e["request"].dates[0], e["vote"].dates[0]),
         ids(("request", e["request"].dates[0]), ("vote", e["vote"].dates[0]))),
        ("withdrawal window (period)", first, last, period_days(first, last),
         ids(("withdrawal", first, last))),
    ]
    rows = [(m, a, b, fmt_range(*d), c) for m, a, b, d, c in rows]
    for key in ("norway_announced", "flag_lowered"):
        low, high, _ = position(events, key)
        event = e[key]
        to = fmt_event_date(event.dates[0], event.bound, event.derived, fmt=str)
        days = fmt_window_day(low, high, event.bound) if event.upper_bound else fmt_range(low, high)
        rows.append(
            (f"{event.label}: day of the window", first, to, days,
             ids(("withdrawal", first, last), (key, event.dates[0])))
        )
    return pd.DataFrame(
        [{"measure": m, "from": a, "to": b, "days": d, "claims": c} for m, a, b, d, c in rows]
    )


# --- sites ---------------------------------------------------------------------------------------

SITES_CSV = paths.DATA / "sites.csv"
SITE_COLUMNS = ("id", "site", "source", "status", "quote")


def load_sites(corpus, ledger, path=None):
    """Places the sources name, each quote verified verbatim; ``{C000-01}`` placeholders filled."""
    path = path or SITES_CSV
    rows = read_quoted_rows(path, SITE_COLUMNS, corpus, "site")
    for row in rows:
        ids = PLACEHOLDER.findall(row["site"] + row["status"])
        shown = row["site"]
        row["site"] = fill(row["site"], ledger, row["_where"])
        row["status"] = fill(row["status"], ledger, row["_where"])
        filled = [ledger.get(c) for c in ids]
        cites.check_row(row["_where"], row["source"], shown, row["quote"], filled)
    return pd.DataFrame(rows, columns=SITE_COLUMNS)


SITES_SHOWN = ("site and status", "source", "quote")  # three columns: they fit a phone


def sites_shown(sites, corpus):
    """The sites as the chapter's table shows them, narrow enough for a phone: the site with its
    status ("Gao — sites being closed"), each source as a citation, the quote (the CSV keeps
    site and status apart, with the ids)."""
    status = sites["status"].map(lambda s: s[:1].lower() + s[1:])
    shown = cite_column(sites, corpus).assign(**{"site and status": sites["site"] + " — " + status})
    return shown[list(SITES_SHOWN)]


# --- what the charts draw ------------------------------------------------------------------------


def full_window(table):
    """From 1 January of the earliest year to 31 December of the latest year in the table."""
    starts = pd.to_datetime(table["first"])
    ends = pd.to_datetime(table["last"].replace("", pd.NA).dropna())
    latest = max(starts.max(), ends.max() if len(ends) else starts.max())
    return f"{starts.min().year:04d}", f"{latest.year:04d}"


def zoom_window(table, first_key="request", last_key="liquidation"):
    """Whole months from the month of ``first_key`` to the month of ``last_key``."""
    rows = table.set_index("key")
    first = rows.loc[first_key, "first"][: len("YYYY-MM")]
    last = rows.loc[last_key, "first"][: len("YYYY-MM")]
    return first, last


def chart_data(table, start, end):
    """The rows a chart of ``start``–``end`` draws, as drawn: a phase or a date that overlaps
    it, an upper bound whose date (where it is drawn) falls inside it."""
    lo, hi = span(start).first, span(end).last
    upper = table["bound"] == qualifiers.UPPER
    first = table["first"].where(~upper, table["last"]).map(dt.date.fromisoformat)
    last = table["last"].map(lambda s: dt.date.fromisoformat(s) if s else dt.date.max)
    keep = (first <= hi) & (last >= lo)
    cols = [
        "key", "kind", "event", "dates", "until", "precision", "bound", "first", "last",
        "derived", "sources", *(["status"] if "status" in table else []),
    ]
    return table.loc[keep, cols].reset_index(drop=True)


def settle(table, key, found):
    """The events table with row ``key`` drawn as one status decides it: its dates the readings
    ``found`` (a :class:`sahel.chapters.mandate_end.Status`) keeps, and a ``status`` column
    (empty on every other row), so a chart shows the status the disagreements chapter gives."""
    if key not in set(table["key"]):
        raise TimelineError(f"no event {key!r} in the events table")
    out = table.copy()
    row = out["key"] == key
    out.loc[row, "dates"] = READINGS_SEPARATOR.join(found.dates)
    out["status"] = ""
    out.loc[row, "status"] = found.status
    return out


def durations_shown(table, ledger):
    """:func:`durations_table` as the page shows it (:data:`DURATIONS_SHOWN`): its ends linked
    to the quotes of the claims the row rests on, its days to the formula over those ends."""
    from sahel.provenance import Formula, Quote, slug, traced

    out = table[list(DURATIONS_SHOWN)].astype(object).reset_index(drop=True)
    for i, row in table.reset_index(drop=True).iterrows():
        quoted = Quote(*(ledger.get(c) for c in row["claims"].split()))
        ends = [traced(str(row[c]), quoted) for c in ("from", "to")]
        out.at[i, "from"], out.at[i, "to"] = ends
        out.at[i, "days"] = traced(str(row["days"]), Formula(
            "the days from the first date to the second, as the measure says: a period counts "
            "both its opening and its closing day, a gap is the difference between its dates",
            tuple(ends), name=f"duration-{slug(row['measure'])}"))
    return out
