"""Numbers written in words: the vocabulary the coverage scan counts, and what each word says.

The one home for number words. :func:`word_tokens` finds them in a text for the coverage scan
(``sahel.evidence.coverage``); :func:`read` gives a word's value to the ledger
(``sahel.evidence.quantities``). Words are matched case-insensitively, as whole words (never
inside another word: "someone", "often", "tone" hold no number); a hyphen separates words
("sixth-largest" holds "sixth"), except in a compound number ("twenty-one").

Counted (the constants below):

- cardinals (:data:`CARDINALS`, :data:`SCALES`): "zero" to "nineteen", the tens, "hundred",
  "thousand", "million", "billion", "trillion", "dozen", and their plurals ("thousands",
  "tens of thousands").
  "one" is counted wherever it stands ("one of the largest", "no one"), like every other word:
  where it states no count, an exclusion in ``data/coverage_exclusions.csv`` says so;
- fractions (:data:`FRACTIONS`): "half", "quarter" and their plurals;
- ordinals (:data:`ORDINALS`): "first" to "twentieth", the tens ("thirtieth"), "hundredth",
  "thousandth", "millionth", "billionth", "trillionth";
- multiplicatives (:data:`MULTIPLES`): "once", "twice", "thrice", "double(d)", "triple(d)";
- frequencies (:data:`FREQUENCIES`): "daily", "weekly", "monthly", "quarterly", "yearly",
  "annual", "annually", "biannual", "biennial";
- durations that name a multiple of a year (:data:`DURATIONS`): "decade", "century",
  "millennium" and their plurals ("a decade" is ten years);
- implicit dates: "today", "tomorrow", "yesterday", "tonight", "new year"; weekday names;
  month names standing alone ("In June"); a period named relative to the text
  (:data:`RELATIVE`): "this", "that", "last", "next", "past", "previous", "coming",
  "current", "same" or "following" before "day", "week", "weekend", "month", "year",
  "decade" or "century" ("last year", "the same day", plurals too); a point in such a
  period: "start", "beginning", "middle", "end" or "turn" of "the", "this", "that", "next"
  or "last" week, month, year, decade or century ("by the end of the year"). A phrase
  followed by a hyphen begins a compound adjective and is no date ("this decade-old media
  house" holds only "decade"). Weekday and month names are matched only capitalised
  ("Monday", "MONDAY"), since "may", "march" and "august" are also common words.

Not counted, on purpose: words that point back at things already named or counted ("both",
"either", "neither", "each", "every"), vague amounts ("several", "many", "few", "some", "a
couple"), "last" and "next" alone ("the last 2,400 troops"), and time words that name no date
("recent", "recently", "now", "currently", "soon", "earlier", "later", "former"); the units
"day", "week", "month" and "year" alone ("in its first year"); Roman numerals. A word that is
part of a figure written with digits belongs to that figure's digit token and is not counted
again: a scale word right after a figure ("NOK 745 million", "$2.6 billion"), a month name
next to one ("June 2023", "16 February 2014") and any word inside a token holding a digit
("10-year").

Values (:func:`read`): a cardinal, a compound ("twenty-one", "two hundred") and "a"/"an" before
a unit ("a decade", "a dozen") are exact; an ordinal is its rank ("sixth" -> 6); a duration
counts years ("a decade" -> 10); a plural with no count before it is a lower bound of two of
its unit ("thousands" -> at least 2,000, "hundreds of thousands" -> at least 200,000, "decades"
-> at least 20 years).
"""

import calendar
import re

#: the rule in a sentence, for the book's method note (the ledger appendix glues it)
RULE = (
    "cardinals (“two”, “thousands”), fractions (“half”), ordinals (“sixth”), multiplicatives "
    "(“twice”), frequencies (“annual”), durations (“a decade”) and implicit dates (“by the end "
    "of the year”, “last year”, “today”, a weekday, a month named without a figure) count as "
    "numbers; “one” counts wherever it stands, and an exclusion says so where it counts nothing "
    "(“one of the largest”); words that point back or stay vague (“both”, “several”, "
    "“recently”) do not count, and a word that is part of a figure written in digits (“745 "
    "million”, “June 2023”) is counted with that figure"
)

CARDINALS = {
    name: value
    for value, name in enumerate(
        (
            "zero one two three four five six seven eight nine ten eleven twelve thirteen "
            "fourteen fifteen sixteen seventeen eighteen nineteen"
        ).split()
    )
} | {
    name: 10 * value
    for value, name in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)
}
#: words that multiply the count before them ("two hundred", "a dozen")
SCALES = {
    "dozen": 12,
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
FRACTIONS = {"half": 0.5, "quarter": 0.25}
_UNIT_ORDINALS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
).split()
ORDINALS = {name: value for value, name in enumerate(_UNIT_ORDINALS, 1)} | {
    f"{name[:-1]}ieth": value for name, value in CARDINALS.items() if value >= 20
} | {f"{name}th": value for name, value in SCALES.items() if name != "dozen"}
MULTIPLES = {
    "once": 1,
    "twice": 2,
    "thrice": 3,
    "double": 2,
    "doubled": 2,
    "triple": 3,
    "tripled": 3,
}
FREQUENCIES = (
    "daily",
    "weekly",
    "monthly",
    "quarterly",
    "yearly",
    "annual",
    "annually",
    "biannual",
    "biennial",
)
#: durations in years
DURATIONS = {"decade": 10, "century": 100, "millennium": 1_000}
#: a plural with no count before it means at least two of its unit ("thousands")
PLURALS = {f"{name}s": name for name in SCALES} | {
    "tens": "ten",
    "halves": "half",
    "quarters": "quarter",
    "decades": "decade",
    "centuries": "century",
    "millennia": "millennium",
}
DATE_WORDS = ("today", "tomorrow", "yesterday", "tonight", "new year")
RELATIVE = (
    "this",
    "that",
    "last",
    "next",
    "past",
    "previous",
    "coming",
    "current",
    "same",
    "following",
)
PERIODS = ("day", "week", "weekend", "month", "year", "decade", "century")
POINTS = ("start", "beginning", "middle", "end", "turn")
WEEKDAYS = tuple(calendar.day_name)
MONTHS = tuple(calendar.month_name)[1:]

_TENS = [n for n, v in CARDINALS.items() if v >= 20]
_UNITS = [n for n, v in CARDINALS.items() if 0 < v < 10]
_WORDS = [
    *CARDINALS,
    *SCALES,
    *FRACTIONS,
    *ORDINALS,
    *MULTIPLES,
    *FREQUENCIES,
    *DURATIONS,
    *PLURALS,
    *DATE_WORDS,
]


_PHRASE_END = "\0"  # marks the end of a phrase in the trie: no hyphen may follow it


def _trie(words):
    """One regex matching any of ``words``, factored by common prefixes, so the engine tests
    each start position against one branch per first letter instead of every word in turn.
    A word that is a prefix of another makes the rest optional and greedy, so the longer word
    wins ("sixteen" over "six") and the shorter is left if the longer fails to end there. A
    space matches any run of whitespace."""
    root = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node):
        branches = [_piece(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


def _piece(ch):
    if ch == " ":
        return r"\s+"
    if ch == _PHRASE_END:
        return "(?!-)"
    return re.escape(ch)


def _plural(words):
    return [*words, *(f"{w}s" for w in words if w != "century"), "centuries"]


def _phrases():
    """Every phrase of two or more words: compounds ("twenty-one"), points in a period ("end
    of the year") and relative periods ("last year"); a phrase followed by a hyphen is the
    start of a compound adjective ("this decade-old"), not a date."""
    compounds = [f"{t}-{u}" for t in _TENS for u in (*_UNITS, *_UNIT_ORDINALS[:9])]
    points = [
        f"{p} of {d} {w}{_PHRASE_END}"
        for p in POINTS
        for d in ("the", "this", "that", "next", "last")
        for w in ("week", "month", "year", "decade", "century")
    ]
    relative = [f"{r} {w}{_PHRASE_END}" for r in RELATIVE for w in _plural(PERIODS)]
    return [*compounds, *points, *relative]


_PROPER = frozenset(name.lower() for name in (*WEEKDAYS, *MONTHS))
_MONTHS = frozenset(name.lower() for name in MONTHS)
_SCALE_WORDS = frozenset([*SCALES, *(f"{s}s" for s in SCALES)])
# Matched on the lower-cased text, case-sensitively: faster than re.IGNORECASE, and the same
# for this all-ASCII vocabulary. Proper names are then checked for their capital.
_PATTERN = re.compile(rf"(?<!\w)(?:{_trie([*_phrases(), *_WORDS, *_PROPER])})(?!\w)")


def _lowered(text):
    """``text`` in lower case, offset for offset (a character whose lower case is longer,
    such as "İ", is kept as it is: no word of the vocabulary holds it)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _figure_before(text, at):
    """Whether the last non-space character before ``at`` is a digit ("745 million")."""
    at -= 1
    while at >= 0 and text[at].isspace():
        at -= 1
    return at >= 0 and text[at].isdigit()


def _figure_after(text, at):
    """Whether the first non-space character from ``at`` on is a digit ("June 16")."""
    while at < len(text) and text[at].isspace():
        at += 1
    return at < len(text) and text[at].isdigit()


def word_tokens(text):
    """``(start, end, words)`` for every number word, ordinal and implicit date, in order.

    One pass of one compiled pattern over the lower-cased text; a weekday or month name must
    be capitalised, and a scale word after a figure and a month name next to one are left to
    the figure (see the module's rules).
    """
    tokens, low = [], _lowered(text)
    for match in _PATTERN.finditer(low):
        start, end = match.span()
        key = match.group()
        if key in _PROPER:
            if not text[start].isupper():  # "may", "march": common words
                continue
            if key in _MONTHS and (_figure_before(text, start) or _figure_after(text, end)):
                continue
        elif key in _SCALE_WORDS and _figure_before(text, start):
            continue
        tokens.append((start, end, text[start:end]))
    return tokens


class NumberWordError(ValueError):
    """Words that do not say a number."""


def read(text):
    """``(value, lower_bound)``: the number the words say, and whether it is only a floor.

    "two" -> (2, False); "a decade" -> (10, False); "twenty-one" -> (21, False); "sixth" ->
    (6, False); "thousands" -> (2000, True); "hundreds of thousands" -> (200000, True).
    """
    words = [w for w in re.split(r"[\s-]+", text.strip().lower()) if w and w != "and"]
    if words[:1] in (["a"], ["an"]) and len(words) > 1:
        words = words[1:]
    if not words:
        raise NumberWordError(f"no number in {text!r}")
    if words[0] in PLURALS:
        unit = PLURALS[words[0]]
        value = 2 * _unit(unit, text)
        for word in words[1:]:
            if word == "of":
                continue
            value *= _unit(PLURALS.get(word, word), text)
        return value, True
    if len(words) == 1 and words[0] in MULTIPLES:
        return MULTIPLES[words[0]], False
    total, current = 0, 0
    for at, word in enumerate(words):
        if word in CARDINALS:
            current += CARDINALS[word]
        elif word in ORDINALS and at == len(words) - 1:
            value = ORDINALS[word]
            current = current + value if value < 100 else (current or 1) * value
        elif word in ("hundred", "dozen") or word in FRACTIONS or word in DURATIONS:
            current = (current or 1) * _unit(word, text)
        elif word in SCALES:
            total, current = total + (current or 1) * SCALES[word], 0
        elif word in PLURALS and at:
            current = (current or 1) * _unit(PLURALS[word], text)
        else:
            raise NumberWordError(f"{word!r} in {text!r} is not a number word")
    return total + current, False


def _unit(word, text):
    for table in (SCALES, FRACTIONS, DURATIONS, CARDINALS):
        if word in table:
            return table[word]
    raise NumberWordError(f"{word!r} in {text!r} is not a number word")


def value(text):
    """The number the words say ("two" -> 2), a lower bound's floor for a plural."""
    return read(text)[0]


def is_lower_bound(text):
    """True for a plural without a count ("thousands", "decades"): it states only a floor."""
    try:
        return read(text)[1]
    except NumberWordError:
        return False
