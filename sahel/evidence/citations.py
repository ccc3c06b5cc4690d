"""Citations that match the claim: a row cites a source only if one of its own claims states
what the row shows, at the precision the row shows it.

A claim *states* a partial ISO date if its own date is that date or refines it (a source that
gives 25 April 2013 also gives 2013; one that gives only 2013 does not give 25 April 2013). It
states any other value if its value is that value. A row's citation is a tuple of
:class:`Citation` parts, one per thing shown (each reading of a date, a resolution's number, a
weekday a date is inferred from), each with the sources whose claims state it.
"""

import re
from dataclasses import dataclass

from sahel.evidence.errors import SahelInputError
from sahel.formatting import fmt_date
from sahel.publish import cite_all

#: ``what`` of the part that cites a row's date (its other parts name what they cite).
DATE = ""
SEPARATOR = "; "


class CitationError(SahelInputError):
    """A row cites a source none of whose claims it rests on states what the row shows."""


@dataclass(frozen=True)
class Citation:
    """The sources cited for one ``value`` a row shows (a partial ISO date when ``what`` is
    :data:`DATE`), and the ids of the claims that state it."""

    value: str
    sources: tuple
    claims: tuple
    what: str = DATE
    is_date: bool = True


def states_date(given, shown):
    """True if a date a source gives (``given``) states ``shown``: it is it or refines it."""
    return given == shown or given.startswith(f"{shown}-")


def states(claim, value, is_date=True):
    """True if ``claim`` states ``value``: the date itself or a more precise one, or the value."""
    if is_date:
        return claim.is_date and states_date(claim.date, value)
    return not claim.is_date and f"{claim.value}" == f"{value}"


def overreaching(sources, value, claims, is_date=True):
    """The cited ``sources`` with no claim among ``claims`` that states ``value``."""
    stating = {c.source for c in claims if states(c, value, is_date)}
    return [s for s in dict.fromkeys(sources) if s not in stating]


def check(where, citation, ledger):
    """Raise :class:`CitationError` if ``citation`` cites a source whose claims (among the
    ones it rests on) do not state its value, or rests on no claim at all."""
    claims = [ledger.get(c) for c in citation.claims]
    if not citation.sources:
        raise CitationError(f"{where}: {citation.value!r} cites no source")
    if bad := overreaching(citation.sources, citation.value, claims, citation.is_date):
        shown = fmt_date(citation.value) if citation.is_date else citation.value
        raise CitationError(
            f"{where}: cites {', '.join(bad)} for {shown}, which none of its claims "
            f"({', '.join(citation.claims) or 'none'}) state"
        )
    return citation


def grouped(claims, what=DATE):
    """One :class:`Citation` per distinct value the ``claims`` state at their own precision
    (most precise dates first), each with exactly the sources that state it so."""
    groups = {}
    for c in claims:
        groups.setdefault(c.date if c.is_date else f"{c.value}", []).append(c)
    dated = all(c.is_date for c in claims)
    order = sorted(groups, key=lambda v: (-len(v), v)) if dated else list(groups)
    return tuple(
        Citation(
            value=v,
            sources=tuple(sorted({c.source for c in groups[v]})),
            claims=tuple(dict.fromkeys(c.id for c in groups[v])),
            what=what,
            is_date=all(c.is_date for c in groups[v]),
        )
        for v in order
    )


def as_text(citations):
    """Machine form for a CSV, claims kept: "2013-04-25: S002 (C002-11); 2013: S001 S003
    (C001-04 C003-06); Resolution [2100]: S002 (C002-12)" (a value that is not a date in
    brackets); :func:`parse` reads it back."""
    return SEPARATOR.join(
        f"{c.what + ' ' if c.what else ''}{c.value if c.is_date else f'[{c.value}]'}: "
        f"{' '.join(c.sources)} ({' '.join(c.claims)})"
        for c in citations
    )


_PART = re.compile(
    r"(?:(?P<what>.*?) )?(?P<value>\[[^]]*\]|\S+): (?P<sources>[^(]*) \((?P<claims>[^)]*)\)"
)


def parse(text):
    """The :class:`Citation` parts of :func:`as_text`'s form ("" gives none)."""
    parts = []
    for piece in filter(None, text.split(SEPARATOR)):
        m = _PART.fullmatch(piece)
        if not m:
            raise CitationError(f"not a citation: {piece!r}")
        value = m["value"]
        parts.append(
            Citation(
                value=value.strip("[]"),
                sources=tuple(m["sources"].split()),
                claims=tuple(m["claims"].split()),
                what=m["what"] or DATE,
                is_date=not value.startswith("["),
            )
        )
    return tuple(parts)


def in_words(citations, bibkeys):
    """The citations as the book shows them, each value in words with its own citation:
    "25 April 2013 {cite:p}`a`; 2013 {cite:p}`b,c`"."""
    parts = []
    for c in citations:
        shown = fmt_date(c.value) if c.is_date else c.value
        label = f"{c.what} {shown}" if c.what else shown
        parts.append(f"{label} {cite_all(bibkeys[s] for s in c.sources)}")
    return SEPARATOR.join(parts)


def check_row(where, source, shown, quote, claims):
    """A row citing one ``source`` for ``shown`` (a name or label) beside its verbatim
    ``quote``: every claim the row fills in must be that source's, and what it shows without
    a claim must be in the quote (the part before a ":" for a "place: what" label)."""
    if bad := [c.id for c in claims if c.source != source]:
        raise CitationError(f"{where}: cites {source} for other sources' claims {', '.join(bad)}")
    name = shown.split(":")[0].strip()
    if not claims and name.casefold() not in quote.casefold():
        raise CitationError(f"{where}: the quote {source} is cited for does not name {name!r}")
