"""Coverage: every token with a digit in a source is either claimed or excluded with a reason.

A claim uses a token when the token overlaps the claim's quantity inside its quote, or is the
year of the claim's period inside its quote. Exclusions (``data/coverage_exclusions.csv``)
name a verbatim context and a reason. Sources listed in ``PARTIAL`` are ledgered only for the
facts the report uses; every other source, including any added later, must be fully covered.
"""

import re
from bisect import bisect_left, bisect_right
from collections import namedtuple
from pathlib import Path

import pandas as pd

from sahel import paths
from sahel.evidence.claims import ClaimError, read_quoted_rows
from sahel.evidence.tables import line_of
from sahel.evidence.textmatch import find_token

EXCLUSIONS_CSV = paths.DATA / "coverage_exclusions.csv"
EXCLUSION_COLUMNS = ("id", "source", "token", "context", "reason")
PARTIAL = {"S004": "encyclopedia article: only the facts the report uses are ledgered"}
_DIGIT = re.compile(r"\d")
_RUN = re.compile(r"\S*")
_YEAR = re.compile(r"\d{4}")


class Token(namedtuple("Token", "source start end text status by")):
    """A whitespace-delimited token containing a digit, and how it is accounted for: its source
    id, character offsets, text, ``status`` ("claimed", "excluded" or "unaccounted") and ``by``
    (the claim or exclusion ids)."""

    __slots__ = ()


def digit_tokens(text):
    """``(start, end, token)`` for every whitespace-delimited token holding a digit, in order.

    The same as ``re.finditer(r"\\S*\\d\\S*", text)``, which backtracks through every word of
    the text; this finds each digit and widens it to the whitespace on either side.
    """
    tokens, length, reverse = [], len(text), None
    digit = _DIGIT.search(text)
    while digit:
        if reverse is None:
            reverse = text[::-1]
        start = length - _RUN.match(reverse, length - digit.start()).end()
        end = _RUN.match(text, digit.start()).end()
        tokens.append((start, end, text[start:end]))
        digit = _DIGIT.search(text, end)
    return tokens


def _spans(located, quote, inner, *, years=(), found=None):
    """Spans of ``inner`` (and of each year in ``years``) inside every occurrence of ``quote``.

    ``found`` caches each quote's occurrences: claims and exclusions often share a quote.
    """
    if found is None:
        found = {}
    if quote not in found:
        found[quote] = located.find_all(quote)
    spans = []
    for qstart, qend in found[quote]:
        window = located.original[qstart:qend]
        for part in (inner, *years):
            at = find_token(window, part)
            if at >= 0:
                spans.append((qstart + at, qstart + at + len(part)))
    return spans


def load_exclusions(corpus, path=None):
    """Read the exclusions; each context must be verbatim in its source and hold its token."""
    path = Path(path or EXCLUSIONS_CSV)
    rows = read_quoted_rows(path, EXCLUSION_COLUMNS, corpus, "exclusion", "context")
    for row in rows:
        where = row["_where"]
        if row["token"] not in row["context"]:
            raise ClaimError(f"{where}: token {row['token']!r} is not in its context")
        if not row["reason"].strip():
            raise ClaimError(f"{where}: a reason is required")
    return rows


def scan(corpus, ledger, exclusions):
    """Classify every digit token of every fully covered source."""
    tokens, excluded = [], {}
    for row in exclusions:
        excluded.setdefault(row["source"], []).append(row)
    for sid, document in corpus.items():
        if sid in PARTIAL:
            continue
        located, found = document.located, {}
        marks = []
        for claim in ledger.for_source(sid):
            years = tuple(_YEAR.findall(claim.period)) if claim.period else ()
            marks += [
                (s, e, claim.id)
                for s, e in _spans(located, claim.quote, claim.quantity, years=years, found=found)
            ]
        for row in excluded.get(sid, ()):
            spans = _spans(located, row["context"], row["token"], found=found)
            marks += [(s, e, row["id"]) for s, e in spans]
        found = digit_tokens(document.text)
        # Tokens are sorted and disjoint, so those a mark overlaps are a run found by bisection.
        starts, ends = [t[0] for t in found], [t[1] for t in found]
        overlaps = [set() for _ in found]
        for s, e, m in marks:
            for k in range(bisect_right(ends, s), bisect_left(starts, e)):
                overlaps[k].add(m)
        for (start, end, text), marked in zip(found, overlaps, strict=True):
            hits = sorted(marked)
            claimed = [h for h in hits if h.startswith("C")]
            status = "claimed" if claimed else ("excluded" if hits else "unaccounted")
            tokens.append(Token(sid, start, end, text, status, " ".join(claimed or hits)))
    return tokens


def unaccounted(tokens, corpus, seeds_dir=None):
    """Fail naming every digit token that is neither claimed nor excluded (file and line)."""
    seeds_dir = Path(seeds_dir or paths.SEEDS)
    problems = [
        f"{seeds_dir / corpus[t.source].source.file}: line "
        f"{line_of(corpus[t.source].text, t.start)}: digit token {t.text!r} ({t.source}) is "
        "neither claimed in data/claims.csv nor excluded in data/coverage_exclusions.csv"
        for t in tokens
        if t.status == "unaccounted"
    ]
    if problems:
        raise ClaimError("\n".join(problems))


def summary(tokens):
    """Counts per source and status (the table the book shows)."""
    frame = pd.DataFrame([{"source": t.source, "status": t.status} for t in tokens])
    table = frame.pivot_table(index="source", columns="status", aggfunc="size", fill_value=0)
    for status in ("claimed", "excluded", "unaccounted"):
        if status not in table:
            table[status] = 0
    table = table[["claimed", "excluded", "unaccounted"]].astype(int)
    table["tokens"] = table.sum(axis=1)
    return table.reset_index()


def exclusions_table(exclusions):
    """The exclusions as a table."""
    return pd.DataFrame(exclusions, columns=EXCLUSION_COLUMNS)
