"""Recognise country names, former names and nationality adjectives in English text.

The names come from ISO 3166 through ``pycountry``: each current country's ``name``,
``common_name`` and ``official_name``, the part of a name before its comma ("Bolivia" from
"Bolivia, Plurinational State of") when no other country shares it, and the former names of
ISO 3166-3, which lead to their successor (the last two letters of the ISO 3166-3 code are
the successor's alpha-2 code: "Dahomey", DYBJ, is Benin).

Two parsing aids, written for this module and kept small, cover what ISO 3166 does not:

* ``ALIASES``: English short names in everyday use that ISO 3166 does not list.
* ``IRREGULAR_DEMONYMS``: nationality adjectives that the suffix rules in ``_demonym_forms``
  cannot derive from a name ("Swedish", "French", "Dutch"). Regular ones ("Algerian",
  "Libyan", "Chadian", "Senegalese") are derived from the names by those rules, and a form
  two countries would share is dropped rather than guessed.

Neither aid lists answers for any document: each entry is a general fact of English usage
and is tested to lead to a country ISO 3166 knows.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import pycountry

ALIASES = {
    "Russia": "RU",
    "Ivory Coast": "CI",
    "Turkey": "TR",
    "Cape Verde": "CV",
    "Swaziland": "SZ",
    "Vatican City": "VA",
    "Burma": "MM",
    "Brunei": "BN",
    "Macedonia": "MK",
    "East Timor": "TL",
}
IRREGULAR_DEMONYMS = {
    "American": "US",
    "Beninese": "BJ",
    "British": "GB",
    "Burkinabe": "BF",
    "Cypriot": "CY",
    "Danish": "DK",
    "Dutch": "NL",
    "Filipino": "PH",
    "Ghanaian": "GH",
    "Finnish": "FI",
    "French": "FR",
    "Greek": "GR",
    "Icelandic": "IS",
    "Irish": "IE",
    "Ivorian": "CI",
    "Malagasy": "MG",
    "Nigerian": "NG",
    "Nigerien": "NE",
    "Norwegian": "NO",
    "Polish": "PL",
    "Portuguese": "PT",
    "Spanish": "ES",
    "Swedish": "SE",
    "Swiss": "CH",
    "Thai": "TH",
    "Turkish": "TR",
}


KIND_PRIORITY = ("name", "alias", "former name", "demonym")


@dataclass(frozen=True)
class Name:
    """One recognisable form: the text, the country's alpha-2 code and how it names it."""

    text: str
    alpha_2: str
    kind: str  # "name", "alias", "former name" or "demonym"


def fold(text):
    """A sort and comparison key: accents removed, case folded, a leading "the" dropped."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"^the\s+", "", plain.casefold().strip())


def short_name(alpha_2):
    """The country's everyday English name: ISO 3166's common name, else its name."""
    country = pycountry.countries.get(alpha_2=alpha_2)
    return getattr(country, "common_name", None) or country.name


def name_forms(country):
    """The current-name forms ISO 3166 gives one country (name, common and official names)."""
    forms = [country.name]
    for attribute in ("common_name", "official_name"):
        value = getattr(country, attribute, None)
        if value:
            forms.append(value.removeprefix("the "))
    return forms


def _head(name):
    """The part of an inverted name before its comma ("Korea" from "Korea, Republic of")."""
    return name.split(",")[0].strip() if "," in name else None


def _successor(historic):
    """The current country an ISO 3166-3 former name became, or None if it split or merged."""
    code = getattr(historic, "alpha_4", "")[2:]
    return pycountry.countries.get(alpha_2=code) if code else None


def _demonym_forms(name):
    """Regular English nationality adjectives for a one-word name (suffix rules)."""
    if " " in name or "-" in name or not name.isalpha():
        return []
    forms = []
    if name.endswith("a"):
        forms += [name + "n", name[:-1] + "ian", name[:-1] + "ese"]
    elif name.endswith("ium"):
        forms += [name[:-3] + "ian"]
    elif name.endswith("e"):
        forms += [name[:-1] + "ian"]
    elif name.endswith("y"):
        forms += [name[:-1] + "ian", name[:-1]]
    elif name.endswith(("i", "o")):
        forms += [name + "an", name[:-1] + "an"]
    else:
        forms += [name + "ian", name + "ese", name + "i"]
    return forms


@cache
def names():
    """Every recognisable form, longest first; a form two countries share is left out."""
    found = {}

    def add(text, alpha_2, kind):
        found.setdefault(text, set()).add((alpha_2, kind))

    heads = {}
    for country in pycountry.countries:
        for form in name_forms(country):
            add(form, country.alpha_2, "name")
        if head := _head(country.name):
            heads.setdefault(head, set()).add(country.alpha_2)
    for head, codes in heads.items():
        if len(codes) == 1 and head not in found:
            add(head, next(iter(codes)), "name")
    for historic in pycountry.historic_countries:
        successor = _successor(historic)
        if successor is None:
            continue
        for form in filter(None, (historic.name, _head(historic.name))):
            add(form, successor.alpha_2, "former name")
    for text, alpha_2 in ALIASES.items():
        add(text, alpha_2, "alias")
    derived = {}
    for text, entries in list(found.items()):
        for alpha_2, kind in entries:
            if kind in ("name", "alias"):
                for form in _demonym_forms(text):
                    derived.setdefault(form, set()).add(alpha_2)
    for form, codes in derived.items():
        if len(codes) == 1 and form not in found:
            add(form, next(iter(codes)), "demonym")
    for text, alpha_2 in IRREGULAR_DEMONYMS.items():
        found[text] = {(alpha_2, "demonym")}
    unique = [
        Name(text, *min(entries, key=lambda e: KIND_PRIORITY.index(e[1])))
        for text, entries in found.items()
        if len({code for code, _ in entries}) == 1
    ]
    return tuple(sorted(unique, key=lambda n: (-len(n.text), n.text)))


@cache
def _by_text():
    return {fold(n.text): n for n in names()}


def recognise(text):
    """The ``Name`` a piece of text is (exact form, case and accents ignored), or None."""
    return _by_text().get(fold(text))


@cache
def alternation():
    """Every form as one regular-expression alternation (longest first), for other patterns."""
    return "|".join(re.escape(n.text) for n in names())


@cache
def pattern():
    """A regular expression matching any form as a whole word, case-sensitively.

    Hyphens and dashes count as word breaks ("Libya-Mali", "pro-Russian"); longer forms are
    tried first, so "Guinea-Bissau" is not read as "Guinea".
    """
    return re.compile(rf"(?<!\w)(?:{alternation()})(?!\w)")


def mentions(text):
    """Every ``(start, end, Name)`` of a recognisable form in ``text``, left to right."""
    return [(m.start(), m.end(), recognise(m.group())) for m in pattern().finditer(text)]


def sort_keys(alpha_2):
    """The English names a table might list the country under (not official names), folded."""
    country = pycountry.countries.get(alpha_2=alpha_2)
    keys = {fold(country.name), fold(short_name(alpha_2))}
    if head := _head(country.name):
        keys.add(fold(head))
    keys |= {fold(text) for text, code in ALIASES.items() if code == alpha_2}
    return keys


def between(low, high, exclude=()):
    """Countries with an English name sorting strictly between two names, by short name."""
    low_key, high_key = fold(low) if low else "", fold(high) if high else "\uffff"
    found = [
        c.alpha_2
        for c in pycountry.countries
        if c.alpha_2 not in exclude and any(low_key < k < high_key for k in sort_keys(c.alpha_2))
    ]
    return sorted(found, key=lambda code: fold(short_name(code)))


def code_candidates(code):
    """Countries a template code may stand for: an ISO 3166 alpha-3 code, else name prefixes.

    Returns ``(alpha_2 codes, how)``: ``how`` is "ISO 3166 alpha-3 code" for an exact code,
    "name prefix" when the code is not an ISO code but begins the names listed.
    """
    country = pycountry.countries.get(alpha_3=code.upper())
    if country is not None:
        return [country.alpha_2], "ISO 3166 alpha-3 code"
    prefix = fold(code)
    found = sorted(
        {
            n.alpha_2
            for n in names()
            if n.kind in ("name", "alias") and fold(n.text).startswith(prefix)
        }
    )
    return found, "name prefix"
