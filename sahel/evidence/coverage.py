"""Coverage: every number in a source is either claimed or excluded with a reason.

A number is a *digit token* (a whitespace-delimited token holding a digit: "15,000", "2013.")
or a *word token*: a number word, ordinal or implicit date ("two", "thousands", "sixth",
"a decade", "last year", "by the end of the year", "Monday", "In June"), found by
:func:`sahel.evidence.numberwords.word_tokens`, whose docstring holds the vocabulary and its
rules. A word inside a digit token ("10-year") is part of that token, not a second one.

A claim uses a token when the token overlaps the claim's quantity inside its quote ("two" in
"Since the two military coups"), or is the year of the claim's period inside its quote.
Exclusions (``data/coverage_exclusions.csv``) name a verbatim context, the token inside it and a
reason; they cover every occurrence of the context. Sources listed in ``PARTIAL`` are ledgered
only for the facts the report uses; every other source, including any added later, must be fully
covered (none is partial today).
"""

import re
from bisect import bisect_left, bisect_right
from collections import namedtuple
from pathlib import Path

import pandas as pd

from sahel import paths
from sahel.evidence.claims import ClaimError, read_quoted_rows
from sahel.evidence.numberwords import word_tokens
from sahel.evidence.tables import line_of
from sahel.evidence.textmatch import find_token

EXCLUSIONS_CSV = paths.DATA / "coverage_exclusions.csv"
EXCLUSION_COLUMNS = ("id", "source", "token", "context", "reason")
#: source id -> why only the facts the report uses are ledgered (none: every source is covered)
PARTIAL = {}
DIGIT, WORD = "digit", "word"
KINDS = {DIGIT: "digit token", WORD: "number word"}
_DIGIT = re.compile(r"\d")
_RUN = re.compile(r"\S*")
_YEAR = re.compile(r"\d{4}")


class Token(namedtuple("Token", "source start end text status by kind", defaults=(DIGIT,))):
    """A number in a source and how it is accounted for: its source id, character offsets,
    text, ``status`` ("claimed", "excluded" or "unaccounted"), ``by`` (the claim or exclusion
    ids) and ``kind``: "digit" (a whitespace-delimited token holding a digit) or "word" (a
    number word, ordinal or implicit date)."""

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


def number_tokens(text):
    """``(start, end, text, kind)`` for every digit token and word token, in order.

    A word token overlapping a digit token ("year" of "10-year") is dropped: the digit token
    holds it. Both lists are sorted and disjoint, so one merge pass does it.
    """
    digits = digit_tokens(text)
    starts, ends = [t[0] for t in digits], [t[1] for t in digits]
    tokens = [(*t, DIGIT) for t in digits]
    for start, end, words in word_tokens(text):
        if bisect_right(ends, start) == bisect_left(starts, end):  # no digit token overlaps
            tokens.append((start, end, words, WORD))
    tokens.sort()
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
    """Classify every digit token and word token of every fully covered source."""
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
        found = number_tokens(document.text)
        # Tokens are sorted and disjoint, so those a mark overlaps are a run found by bisection.
        starts, ends = [t[0] for t in found], [t[1] for t in found]
        overlaps = [set() for _ in found]
        for s, e, m in marks:
            for k in range(bisect_right(ends, s), bisect_left(starts, e)):
                overlaps[k].add(m)
        for (start, end, text, kind), marked in zip(found, overlaps, strict=True):
            hits = sorted(marked)
            claimed = [h for h in hits if h.startswith("C")]
            status = "claimed" if claimed else ("excluded" if hits else "unaccounted")
            tokens.append(Token(sid, start, end, text, status, " ".join(claimed or hits), kind))
    return tokens


def unaccounted(tokens, corpus, seeds_dir=None):
    """Fail naming every token that is neither claimed nor excluded (file, line, the token)."""
    seeds_dir = Path(seeds_dir or paths.SEEDS)
    problems = [
        f"{seeds_dir / corpus[t.source].source.file}: line "
        f"{line_of(corpus[t.source].text, t.start)}: {KINDS[t.kind]} {t.text!r} ({t.source}) "
        "is neither claimed in data/claims.csv nor excluded in data/coverage_exclusions.csv"
        for t in tokens
        if t.status == "unaccounted"
    ]
    if problems:
        raise ClaimError("\n".join(problems))


SUMMARY_COLUMNS = ("source", "digits", "words", "tokens", "claimed", "excluded", "unaccounted")


def summary(tokens):
    """Counts per source (the table the book shows): digit tokens and word tokens apart
    (``digits``, ``words``), all tokens, and how many are claimed, excluded and unaccounted."""
    frame = pd.DataFrame(
        [{"source": t.source, "status": t.status, "kind": t.kind} for t in tokens],
        columns=["source", "status", "kind"],
    )
    table = pd.DataFrame(index=sorted(frame["source"].unique()))
    table.index.name = "source"
    for column, values, names in (
        ("kind", (DIGIT, WORD), ("digits", "words")),
        ("status", ("claimed", "excluded", "unaccounted"), ("claimed", "excluded", "unaccounted")),
    ):
        counts = frame.groupby(["source", column]).size().unstack(fill_value=0)
        for value, name in zip(values, names, strict=True):
            table[name] = counts[value] if value in counts else 0
    table = table.fillna(0).astype(int)
    table["tokens"] = table["digits"] + table["words"]
    return table.reset_index()[list(SUMMARY_COLUMNS)]


def exclusions_table(exclusions):
    """The exclusions as a table."""
    return pd.DataFrame(exclusions, columns=EXCLUSION_COLUMNS)
