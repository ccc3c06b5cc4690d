"""Mali's foreign relations from the encyclopedia article (seed S004), rebuilt with graded evidence.

The article reached us with its templates stripped: the bilateral relations table lost every
country name (each row begins ``Template:Flag``, one ``Template:GER``) while the dates and notes
survive. This module parses the article into sections and the table into rows, then
reconstructs each row's country from evidence in the article itself:

``see-also``
    the row's own link, "See Canada–Mali relations", "See Foreign relations of the X";
``notes-country`` / ``notes-demonym`` / ``notes-former-name``
    a name, nationality adjective or former name (ISO 3166-3) in a diplomatic phrase of the
    row's notes: "first Ambassador of Belgium to Mali", "the Algerian consulate",
    "Gambia's first Ambassador", "relations with Ukraine";
``notes-mention``
    any other mention of one foreign country in the notes;
``notes-capital``
    a national capital named in the notes (not as a place of residence), mapped to its country
    from the vendored Natural Earth capitals (:func:`sahel.evidence.geo.capitals`); graded like
    a mention;
``template-code``
    the template's own text when it is more than ``Flag`` ("Template:GER");
``notes-head-of-state``
    a head of state the notes name ("presented his credentials to Emperor Haile Selassie"), who
    identifies the country with one step of general knowledge written down in
    ``data/relations_steps.csv`` (:func:`load_steps`): the row, the name as the notes write it
    (found there by code), the country and the step in words ("Haile Selassie was Emperor of
    Ethiopia"). A former name's step is written down there too ("Dahomey is the former name of
    Benin"), checked against ISO 3166-3;
``alphabetical-gap``
    the row's place between resolved neighbours (the table is alphabetical by English name).

Mali itself, places of residence ("resident in Abidjan", "with residence in Dakar": where an
ambassador sat, not the row's country) and reference markup are never evidence.

Confidence grades:

``high``
    a see-also link, an ISO country code or a diplomatic phrase names one country by a current
    name or nationality, and its name sorts between the nearest resolved neighbours;
``medium``
    the naming evidence is a former name, a head of state (each with its step written down), or
    a plain mention only, or several countries are named and exactly one of them fits the row's
    alphabetical place;
``low``
    the named country does not fit the alphabetical order, or nothing names the country and the
    alphabetical gap holds exactly one ISO 3166 name not already in the table;
``unresolved``
    nothing in the article settles it: the country stays empty and the row records the range
    its position narrows it to. A row with nothing but its alphabetical place stays unresolved;
    no step is ever taken from the place alone.
"""

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from sahel import content, countries, paths
from sahel.evidence import geo
from sahel.evidence.errors import SahelInputError
from sahel.evidence.quantities import parse_date
from sahel.evidence.tables import read_rows, write_csv_atomic
from sahel.formatting import number, whole_percent
from sahel.prose import typed_numbers
from sahel.provenance import derived

SOURCE = content.pick("relations.article")
RELATIONS_CSV = paths.DATA / "relations.csv"
STEPS_CSV = paths.DATA / "relations_steps.csv"
STEP_COLUMNS = ("id", "row", "name", "country", "kind", "step")
#: what a step of general knowledge rests on -> the evidence kind it gives
STEP_KINDS = {"head of state": "notes-head-of-state", "former name": "notes-former-name"}
HOST = content.pick("relations.host")
GAP_COUNTRY = content.pick("relations.gap_country")
EDIT = "[edit]"
TABLE_SECTION = "Bilateral relations"
GRADES = ("high", "medium", "low", "unresolved")
STRENGTH = {
    "see-also": 3, "iso-code": 3, "diplomatic": 2, "mention": 1, "code-prefix": 1, "step": 1,
}  # fmt: skip
ROLE = r"(?:[Aa]mbassador|[Cc]onsulate|[Cc]onsul|[Ee]mbassy|[Gg]overnment|Prime Minister)"
_HEADER = re.compile(r"^Country \|.*\|\s*$")
_RULE = re.compile(r"^-{3,}(?:\|-{3,})*\|?\s*$")
_REF = re.compile(r"<ref[^>]*/>|<ref[^>]*>.*?</ref>", re.S)
_RESIDENCE = re.compile(
    r"(?:resident|residence|residing) in (?:the )?[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*"
)
_SEE_ALSO = re.compile(
    r"See (?:Foreign relations of (?:the )?(?P<a>[^\n|<]+?)|(?P<b>[^\n|<]+?)[–-]Mali relations"
    r"|Mali[–-](?P<c>[^\n|<]+?) relations)(?=\s*(?:\||\n|$))"
)
_CLUE = re.compile(r"presented his (?:letters of )?credentials to (?P<who>[^<\n]+?)(?=<|\.|\n|$)")
_TEMPLATE = re.compile(r"Template:([^<|\n]+?)\s*(?=Template:|<|\||\n|$)")
_REF_USE = re.compile(r"<ref\s+name\s*=\s*\"?([^\"/>]+?)\"?\s*/>")
_REF_DEF = re.compile(r"<ref\s+name\s*=\s*\"?([^\"/>]+?)\"?\s*>")
_FORMULA = re.compile(r"Both countries (\w+) diplomatic relations")
_SELF = re.compile(
    r"(?P<subject>(?:The |the )?[A-Z][\w.]*(?: [A-Z][\w.]*)*) established "
    r"diplomatic relations with (?:the )?(?P<other>[A-Z][\w ]*?)(?= on |\.|<|$)"
)


class RelationsParseError(ValueError):
    """The article's structure is not what the parser expects (names the line)."""


class RelationsStepError(SahelInputError):
    """A step of general knowledge does not hold against the article: its name is not in the
    row's notes, its country or kind is unknown, or its words do not name both (file, line)."""


@cache
def _diplomatic_patterns():
    n = rf"(?P<n>{countries.alternation()})"
    return [
        re.compile(rf"(?<!\w){n}'s (?:\w+ ){{0,2}}{ROLE}"),
        re.compile(rf"(?:[Tt]he )?(?:first )?(?<!\w){n} {ROLE}"),
        re.compile(rf"{ROLE} of (?:the )?{n}(?!\w)(?: to Mali)?"),
        re.compile(
            rf"(?:first )?(?:Mali )?{ROLE} (?:of (?:the Republic of )?Mali )?to (?:the )?{n}(?!\w)"
        ),
        re.compile(rf"relations(?:hip)? with (?:the )?{n}(?!\w)"),
        re.compile(rf"(?<!\w){n} established diplomatic relations"),
    ]


# --- the article: sections and the table ----------------------------------------------------


@dataclass(frozen=True)
class Section:
    """A section of the article: heading, its line (1-based) and its body."""

    order: int
    heading: str
    line: int
    first_line: int
    last_line: int
    body: str
    edit_residue: bool


@dataclass(frozen=True)
class Row:
    """One row of the bilateral table, cells verbatim, with character offsets in the text."""

    number: int
    line: int
    template: str
    date_cell: str
    notes: str
    start: int
    end: int

    @property
    def established(self):
        """The date relations began, as a partial ISO date (first line of the date cell)."""
        year, month, day = parse_date(self.date_cell.strip().split("\n")[0])
        return "-".join(
            f"{p:02d}" if i else f"{p:04d}"
            for i, p in enumerate((year, month, day))
            if p is not None
        )

    @property
    def date_remark(self):
        """Anything in the date cell after the date itself (whitespace collapsed)."""
        return " ".join(self.date_cell.strip().split("\n")[1:]).strip()


def _line_starts(text):
    starts, at = [], 0
    for line in text.split("\n"):
        starts.append(at)
        at += len(line) + 1
    return starts


def sections(text):
    """The article's sections, in order. A heading is a line whose next line begins "[edit]"."""
    lines = text.split("\n")
    heads = [i for i in range(len(lines) - 1) if lines[i + 1].startswith(EDIT)]
    found = [(0, lines[0], False)] + [(i, lines[i].removeprefix(EDIT), True) for i in heads]
    result = []
    for order, (i, heading, residue) in enumerate(found):
        stop = found[order + 1][0] if order + 1 < len(found) else len(lines)
        body_lines = [
            ln.removeprefix(EDIT) if j == i + 1 else ln
            for j, ln in enumerate(lines[i + 1 : stop], start=i + 1)
        ]
        result.append(
            Section(order, heading, i + 1, i + 2, stop, "\n".join(body_lines).strip(), residue)
        )
    return result


def section(text, heading):
    """The section with this heading; error naming what was found otherwise."""
    for s in sections(text):
        if s.heading == heading:
            return s
    names = ", ".join(repr(s.heading) for s in sections(text))
    raise RelationsParseError(f"no section {heading!r}; the article has {names}")


def parse_table(text):
    """The rows of the bilateral relations table, in the article's order."""
    lines, starts = text.split("\n"), _line_starts(text)
    table = section(text, TABLE_SECTION)
    first, last = table.first_line - 1, table.last_line
    body = [
        ln.removeprefix(EDIT) if i == first else ln
        for i, ln in enumerate(lines[first:last], start=first)
    ]
    if not body or not _HEADER.match(body[0]):
        raise RelationsParseError(f"line {first + 1}: expected the table header 'Country | …'")
    if len(body) < 2 or not _RULE.match(body[1]):
        raise RelationsParseError(f"line {first + 2}: expected the header rule '---|---|---|'")
    row_lines = [i for i in range(first + 2, last) if lines[i].startswith("Template:")]
    if not row_lines or row_lines[0] != first + 2:
        raise RelationsParseError(f"line {first + 3}: expected a row beginning 'Template:'")
    rows = []
    for row_no, i in enumerate(row_lines, start=1):
        stop = row_lines[row_no] if row_no < len(row_lines) else last
        start, end = starts[i], starts[stop - 1] + len(lines[stop - 1])
        chunk = text[start:end].rstrip()
        if not chunk.endswith("|") or chunk.count("|") < 3:
            raise RelationsParseError(
                f"line {i + 1}: row {row_no} does not have three cells ending with '|'"
            )
        p1 = chunk.index("|")
        p2 = chunk.index("|", p1 + 1)
        rows.append(
            Row(
                number=row_no,
                line=i + 1,
                template=chunk[:p1].strip(),
                date_cell=chunk[p1 + 1 : p2].strip(),
                notes=chunk[p2 + 1 : len(chunk) - 1].strip(),
                start=start,
                end=start + len(chunk),
            )
        )
    return rows


# --- evidence -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence for a row: kind, country (alpha-2 or None), verbatim excerpt."""

    kind: str
    alpha_2: str | None
    excerpt: str
    strength: int
    written: str = ""  # the name as the article writes it (for the alphabetical check)
    at: int = 0  # offset in the row's notes (evidence of equal strength is ranked by it)


def _mask(text, pattern):
    """``text`` with every match of ``pattern`` blanked out (offsets kept)."""
    return pattern.sub(lambda m: " " * len(m.group()), text)


def _name_kind(name):
    return {"demonym": "notes-demonym", "former name": "notes-former-name"}.get(
        name.kind, "notes-country"
    )


def residences(notes):
    """Verbatim residence phrases in the notes ("resident in Abidjan")."""
    return [m.group() for m in _RESIDENCE.finditer(_mask(notes, _REF))]


def clues(notes):
    """Verbatim credential phrases naming a person, not a country (kept for unresolved rows)."""
    return [m.group().rstrip() for m in _CLUE.finditer(notes)]


@cache
def _capital_pattern():
    """Any Natural Earth capital's name as a whole word, longest first."""
    names = sorted(geo.capitals(), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])")


def evidence(row):
    """Every piece of evidence for ``row``'s country, strongest first."""
    notes = row.notes
    clean = _mask(notes, _REF)
    found, claimed = [], []
    for m in _SEE_ALSO.finditer(clean):
        written = next(g for g in m.groups() if g)
        name = countries.recognise(written)
        if name is not None and name.alpha_2 != HOST:
            found.append(
                Evidence(
                    "see-also",
                    name.alpha_2,
                    notes[m.start() : m.end()],
                    STRENGTH["see-also"],
                    written,
                    m.start(),
                )
            )
            claimed.append((m.start(), m.end()))
    clean = _mask(clean, _RESIDENCE)
    for pattern in _diplomatic_patterns():
        for m in pattern.finditer(clean):
            name = countries.recognise(m.group("n"))
            if name is None or name.alpha_2 == HOST:
                continue
            if any(s <= m.start("n") < e for s, e in claimed):
                continue
            found.append(
                Evidence(
                    _name_kind(name),
                    name.alpha_2,
                    notes[m.start() : m.end()],
                    STRENGTH["diplomatic"],
                    m.group("n"),
                    m.start(),
                )
            )
            claimed.append((m.start("n"), m.end("n")))
    for start, end, name in countries.mentions(clean):
        if name.alpha_2 == HOST or any(s <= start < e for s, e in claimed):
            continue
        found.append(
            Evidence(
                "notes-mention",
                name.alpha_2,
                notes[start:end],
                STRENGTH["mention"],
                notes[start:end],
                start,
            )
        )
    for m in _capital_pattern().finditer(clean):
        alpha_2 = geo.capitals()[m.group()]
        if alpha_2 == HOST or any(s <= m.start() < e for s, e in claimed):
            continue
        found.append(
            Evidence(
                "notes-capital",
                alpha_2,
                notes[m.start() : m.end()],
                STRENGTH["mention"],
                countries.short_name(alpha_2),
                m.start(),
            )
        )
    code = row.template.removeprefix("Template:")
    if code != "Flag":
        codes, how = countries.code_candidates(code)
        if len(codes) == 1:
            strength = STRENGTH["iso-code" if how.startswith("ISO") else "code-prefix"]
            found.append(Evidence("template-code", codes[0], row.template, strength, at=-1))
    return sorted(found, key=lambda e: (-e.strength, e.at))


# --- steps of general knowledge ------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One step of general knowledge from a name in a row's notes to the row's country: the
    name as the notes write it, where it is (``at``, an offset in the notes), the verbatim
    excerpt shown for it, the country, what the name is (``kind``) and the step in words."""

    id: str
    row: int
    name: str
    at: int
    excerpt: str
    alpha_2: str
    kind: str
    step: str


def load_steps(rows, path=None):
    """``{row number: Step}`` from ``data/relations_steps.csv``, each checked against the
    article's ``rows``: the row exists and has one step; the name is in its notes (references
    aside), verbatim; the country is a country (not Mali); a former name is ISO 3166-3's former
    name of that country, a head of state is not a country's name; the step's words name both
    and type no number. Any failure is a :class:`RelationsStepError` naming file and line."""
    path = Path(path or STEPS_CSV)
    by_number = {r.number: r for r in rows}
    steps = {}
    for rec in read_rows(path, STEP_COLUMNS, error=RelationsStepError):
        where = f"{path}: line {rec.line}: step {rec['id']}"
        number, name, kind, words = rec["row"], rec["name"], rec["kind"], rec["step"]
        if not number.isdigit() or int(number) not in by_number:
            raise RelationsStepError(f"{where}: no row {number!r} in the table")
        number = int(number)
        if number in steps:
            raise RelationsStepError(f"{where}: row {number} already has a step")
        row = by_number[number]
        at = _mask(row.notes, _REF).find(name) if name.strip() else -1
        if at < 0:
            raise RelationsStepError(f"{where}: name {name!r} is not in row {number}'s notes")
        country = countries.recognise(rec["country"])
        if country is None or country.kind not in ("name", "alias") or country.alpha_2 == HOST:
            raise RelationsStepError(f"{where}: {rec['country']!r} is not a country's name")
        if kind not in STEP_KINDS:
            known = ", ".join(STEP_KINDS)
            raise RelationsStepError(f"{where}: kind {kind!r} is not one of {known}")
        named = countries.recognise(name)
        if kind == "former name" and (
            named is None or named.kind != "former name" or named.alpha_2 != country.alpha_2
        ):
            raise RelationsStepError(
                f"{where}: ISO 3166-3 does not list {name!r} as a former name of "
                f"{rec['country']}"
            )
        if kind == "head of state" and named is not None:
            raise RelationsStepError(f"{where}: {name!r} names a country, not a head of state")
        folded = countries.fold(words)
        if countries.fold(name) not in folded or countries.fold(rec["country"]) not in folded:
            raise RelationsStepError(f"{where}: the step must name {name!r} and {rec['country']!r}")
        if typed := typed_numbers(words):
            raise RelationsStepError(f"{where}: number(s) typed into the step: {', '.join(typed)}")
        excerpt = next((c for c in clues(row.notes) if name in c), row.notes[at : at + len(name)])
        steps[number] = Step(rec["id"], number, name, at, excerpt, country.alpha_2, kind, words)
    return steps


def _step_evidence(step, items):
    """The evidence a step gives a row, unless the row's own evidence already names its
    country (a former name in a diplomatic phrase): then the step only explains it."""
    if step is None or any(e.alpha_2 == step.alpha_2 for e in items):
        return []
    kind = STEP_KINDS[step.kind]
    return [Evidence(kind, step.alpha_2, step.excerpt, STRENGTH["step"], at=step.at)]


# --- reconstruction -------------------------------------------------------------------------


def _display(alpha_2, items):
    """The name to list a country under: as the article writes it, else ISO's short name."""
    for e in items:
        if e.alpha_2 == alpha_2 and e.written:
            name = countries.recognise(e.written)
            if name is not None and name.kind in ("name", "alias"):
                return name.text
    return countries.short_name(alpha_2)


def _ordered(keys):
    """Indices of the longest strictly increasing run (by sort key) through ``keys``.

    ``keys`` is a list of ``(index, key, weight)``; ties between equally long runs are broken
    by total weight (stronger evidence is kept in order, weaker left out).
    """
    best = []
    for i, (_, key, weight) in enumerate(keys):
        options = [(best[j][0] + 1, best[j][1] + weight, j) for j in range(i) if keys[j][1] < key]
        best.append(max(options, default=(1, weight, None)))
    if not best:
        return set()
    i = max(range(len(best)), key=lambda k: best[k][:2])
    chosen = set()
    while i is not None:
        chosen.add(keys[i][0])
        i = best[i][2]
    return chosen


def _neighbours(number, placed):
    before = [p for p in placed if p[0] < number]
    after = [p for p in placed if p[0] > number]
    return (before[-1] if before else None), (after[0] if after else None)


def reconstruct(rows, steps=None):
    """One record per row: the country (or empty), its evidence, grade and alphabetical place.
    ``steps``: ``{row number: Step}`` (:func:`load_steps`), the steps of general knowledge."""
    steps = steps or {}
    items = {}
    for r in rows:
        found = evidence(r)
        items[r.number] = sorted(
            found + _step_evidence(steps.get(r.number), found), key=lambda e: (-e.strength, e.at)
        )
    picks = {}
    for r in rows:
        ev = items[r.number]
        top = max((e.strength for e in ev), default=0)
        named = sorted({e.alpha_2 for e in ev if e.strength == top})
        picks[r.number] = (named, top)
    single = [(n, named[0]) for n, (named, top) in picks.items() if len(named) == 1]
    keys = [(n, countries.fold(_display(code, items[n])), picks[n][1]) for n, code in single]
    in_order = _ordered(keys)
    placed = [(n, _display(code, items[n])) for n, code in single if n in in_order]
    taken = {code for _, code in single} | {HOST}
    gaps = {}
    for r in rows:
        if r.number not in in_order:
            low, high = _neighbours(r.number, placed)
            gaps.setdefault((low, high), []).append(r.number)
    records = []
    for r in rows:
        named, top = picks[r.number]
        ev = items[r.number]
        low, high = _neighbours(r.number, placed)
        span = f"after {low[1] if low else 'the start'}, before {high[1] if high else 'the end'}"
        record = {
            "row": r.number,
            "line": r.line,
            "template": r.template,
            "date_cell": " ".join(r.date_cell.split()),
            "established": r.established,
            "country": "",
            "iso_alpha_2": "",
            "evidence_kind": "",
            "evidence_excerpt": "",
            "step": "",
            "confidence": "unresolved",
            "other_evidence": "",
            "residence": "; ".join(residences(r.notes)),
            "after": low[1] if low else "",
            "before": high[1] if high else "",
            "position": "",
            "candidates": "",
            "candidate_names": "",
            "clue": "",
            "other_countries": "",
        }
        code, grade = None, "unresolved"
        fitting = []
        if len(named) > 1 or (named and r.number not in in_order):
            fitting = [
                c
                for c in named
                if (not low or countries.fold(low[1]) < countries.fold(_display(c, ev)))
                and (not high or countries.fold(_display(c, ev)) < countries.fold(high[1]))
            ]
        if len(named) == 1 and r.number in in_order:
            code = named[0]
            main = next(e for e in ev if e.alpha_2 == code and e.strength == top)
            if top >= STRENGTH["diplomatic"] and main.kind != "notes-former-name":
                grade = "high"
            else:
                grade = "medium"
            record["position"] = f"fits: {span}"
        elif len(named) > 1 and len(fitting) == 1:
            code, grade = fitting[0], "medium"
            main = next(e for e in ev if e.alpha_2 == code and e.strength == top)
            record["position"] = f"fits: {span}; the other names do not"
        elif len(named) == 1:
            code, grade = named[0], "low"
            main = next(e for e in ev if e.alpha_2 == code and e.strength == top)
            record["position"] = f"out of alphabetical order: {span}"
        else:
            main = None
            candidates = countries.between(
                low[1] if low else None, high[1] if high else None, exclude=taken
            )
            sharing = len(gaps.get((low, high), []))
            record["candidates"] = len(candidates)
            record["candidate_names"] = "; ".join(countries.short_name(c) for c in candidates)
            record["position"] = f"{span}: {len(candidates)} ISO 3166 entries fit" + (
                f", shared by {sharing} rows" if sharing > 1 else ""
            )
            record["evidence_kind"] = "alphabetical-gap"
            if named:
                listed = ", ".join(_display(c, ev) for c in named)
                record["evidence_kind"] = "conflicting-names"
                record["position"] += f"; the notes name {listed}, and not exactly one fits"
            elif len(candidates) == 1 and sharing == 1:
                code, grade = candidates[0], "low"
                main = Evidence("alphabetical-gap", code, r.template + " | " + r.date_cell, 0)
            record["clue"] = "; ".join(clues(r.notes))
        if code is not None:
            record["country"] = _display(code, ev)
            record["iso_alpha_2"] = code
            record["evidence_kind"] = main.kind
            record["evidence_excerpt"] = main.excerpt
            step = steps.get(r.number)
            if step is not None and step.alpha_2 == code:
                record["step"] = step.step
            others = [e for e in ev if e is not main and e.alpha_2 == code]
            record["other_evidence"] = "; ".join(
                dict.fromkeys(f"{e.kind}: {e.excerpt}" for e in others)
            )
        record["other_countries"] = "; ".join(
            dict.fromkeys(
                f"{countries.short_name(e.alpha_2)} ({e.kind}: {e.excerpt})"
                for e in ev
                if e.alpha_2 != code
            )
        )
        record["confidence"] = grade
        records.append(record)
    return pd.DataFrame(records)


RELATIONS_COLUMNS = (
    "row",
    "line",
    "template",
    "date_cell",
    "established",
    "country",
    "iso_alpha_2",
    "evidence_kind",
    "evidence_excerpt",
    "step",
    "confidence",
    "other_evidence",
    "residence",
    "after",
    "before",
    "position",
    "candidates",
    "candidate_names",
    "clue",
    "other_countries",
)


def relations(text, steps=STEPS_CSV):
    """The reconstructed table for an article text (what ``data/relations.csv`` holds), with
    the steps of general knowledge in ``steps`` (a path, checked against the text's rows by
    :func:`load_steps`, or ``{row number: Step}``; ``{}`` for none)."""
    rows = parse_table(text)
    if isinstance(steps, str | Path):
        steps = load_steps(rows, steps)
    return reconstruct(rows, steps)[list(RELATIONS_COLUMNS)]


def grade_counts(table):
    """Rows per confidence grade, every grade listed (zero included)."""
    counts = table["confidence"].value_counts()
    return pd.DataFrame({"confidence": GRADES, "rows": [int(counts.get(g, 0)) for g in GRADES]})


def decades(table):
    """Rows by decade relations began, split by confidence grade: what the chart draws."""
    frame = table.assign(decade=[int(d[:4]) // 10 * 10 for d in table["established"]])
    counts = frame.pivot_table(
        index="decade", columns="confidence", values="row", aggfunc="count", fill_value=0
    )
    counts = counts.reindex(columns=list(GRADES), fill_value=0).astype(int)
    full = range(counts.index.min(), counts.index.max() + 10, 10)
    counts = counts.reindex(full, fill_value=0)
    counts.index.name = "decade"
    out = counts.reset_index()
    out.insert(1, "label", [f"{d}s" for d in out["decade"]])
    out["resolved"] = out[["high", "medium", "low"]].sum(axis=1)
    out["total"] = out["resolved"] + out["unresolved"]
    return out


# --- the article's own defects --------------------------------------------------------------


def template_residue(text):
    """Every stripped template left in the text, by name, with how many times it occurs."""
    names = [m.group(1) for m in _TEMPLATE.finditer(text)]
    counts = Counter(names)

    def role(name):
        if name.startswith("Cite"):
            return "citation"
        if name == "Flag" or re.fullmatch(r"[A-Z]{3}", name):
            return "country flag"
        return "maintenance or navigation"

    rows = [{"template": f"Template:{n}", "role": role(n), "count": c} for n, c in counts.items()]
    frame = pd.DataFrame(rows, columns=["template", "role", "count"])
    return frame.sort_values(["count", "template"], ascending=[False, True], ignore_index=True)


def dangling_refs(text):
    """Named references used (``<ref name=":30" />``) but never defined, with the verbatim use."""
    defined = {m.group(1).strip() for m in _REF_DEF.finditer(text)}
    return [
        (m.group(1).strip(), m.group())
        for m in _REF_USE.finditer(text)
        if m.group(1).strip() not in defined
    ]


def formula_deviations(rows):
    """Rows whose stock sentence "Both countries … diplomatic relations" departs from the
    wording most rows use; returns ``(row number, verbatim phrase, usual word)``."""
    found = [(r.number, m) for r in rows for m in _FORMULA.finditer(r.notes)]
    if not found:
        return []
    usual = Counter(m.group(1) for _, m in found).most_common(1)[0][0]
    return [(n, m.group(), usual) for n, m in found if m.group(1) != usual]


def self_relations(rows, table):
    """Rows saying a country "established diplomatic relations with" the row's own country.

    The sentence should name Mali as the partner; returns ``(row number, verbatim sentence)``.
    """
    own = dict(zip(table["row"], table["iso_alpha_2"], strict=True))
    found = []
    for r in rows:
        for m in _SELF.finditer(_mask(r.notes, _REF)):
            if m.group("subject").lower() == "both countries":
                continue
            other = countries.recognise(m.group("other"))
            if other is not None and other.alpha_2 != HOST and other.alpha_2 == own[r.number]:
                found.append((r.number, r.notes[m.start() : m.end()]))
    return found


def empty_sections(text):
    """Sections whose body is empty or only introduces a list that is not there."""
    return [s.heading for s in sections(text) if not s.body or s.body.rstrip().endswith(":")]


# --- what the chapter shows -----------------------------------------------------------------


def write(table, path=None):
    """Write the reconstruction to ``data/relations.csv`` (atomically) and return the path."""
    return write_csv_atomic(table, path or RELATIONS_CSV)


def display_table(table):
    """The reconstruction as the chapter's table shows it (one row per table row)."""

    def evidence_text(row):
        if row.evidence_kind == "conflicting-names":
            return "conflicting names in the notes"
        if row.confidence == "unresolved":
            return "none in the article"
        text = f"{row.evidence_kind}: “{row.evidence_excerpt}”"
        return f"{text}; one step of general knowledge: {row.step}" if row.step else text

    def note(row):
        parts = []
        if row.evidence_kind in ("alphabetical-gap", "conflicting-names"):
            parts.append(row.position)
        if row.clue:
            parts.append(f"“{row.clue}”, but the article does not name the country")
        if row.residence:
            parts.append(f"“{row.residence}” names where an ambassador sat, not the country")
        if row.other_countries:
            parts.append(f"also mentioned: {row.other_countries}")
        return "; ".join(parts)

    return pd.DataFrame(
        {
            "row": table["row"],
            "relations began": table["date_cell"],
            "country": [c or "(unresolved)" for c in table["country"]],
            "confidence": table["confidence"],
            "evidence": [evidence_text(r) for r in table.itertuples(index=False)],
            "notes": [note(r) for r in table.itertuples(index=False)],
        }
    )


def steps_table(table):
    """The rows graded on a step of general knowledge, as the chapter's table shows them: the
    row, its date, what its notes say (verbatim), the country and the step in words."""
    stepped = table[table["step"] != ""]
    return pd.DataFrame(
        {
            "row": stepped["row"],
            "relations began": stepped["date_cell"],
            "the notes say": [f"“{e}”" for e in stepped["evidence_excerpt"]],
            "country": stepped["country"],
            "confidence": stepped["confidence"],
            "the step": stepped["step"],
        }
    )


def gap_for(table, alpha_2):
    """The one unresolved row whose alphabetical gap could hold this country (error otherwise)."""
    name = countries.short_name(alpha_2)
    found = table[
        (table["confidence"] == "unresolved")
        & table["candidate_names"].map(lambda names: name in names.split("; "))
    ]
    if len(found) != 1 or alpha_2 in set(table["iso_alpha_2"]):
        raise ValueError(f"{name}: expected exactly one unresolved row that could be it")
    return found.iloc[0]


TABLE = "the rebuilt relations table (data/relations.csv, from the article's table)"


def summary(text, table):
    """Pre-formatted figures for the chapter's prose, keyed by glue name, each traced to what it
    counts in the rebuilt table or the article (:mod:`sahel.provenance`)."""
    counts = grade_counts(table).set_index("confidence")["rows"]
    resolved = table[table["country"] != ""]
    unresolved = table[table["confidence"] == "unresolved"]
    residue = template_residue(text)
    by_decade = decades(table).set_index("label")
    top = by_decade["total"].idxmax()
    kinds = resolved["evidence_kind"]
    dates = sorted(table["established"])
    rows = derived("rel_rows", number(len(table)), f"the rows of {TABLE}")
    resolved_rows = derived(
        "rel_resolved", number(len(resolved)), f"the rows of {TABLE} tied to a country"
    )
    top_rows = derived(
        "rel_top_decade_rows", number(by_decade.loc[top, "total"]),
        f"the rows of {TABLE} whose relations were established in the decade with the most",
    )
    unresolved_words = f"the rows of {TABLE} tied to no country"
    return {
        "rel_rows": rows,
        "rel_sections": derived(
            "rel_sections", number(len(sections(text))), "the article's sections"
        ),
        **{
            f"rel_{grade}": derived(
                f"rel_{grade}", number(counts[grade]),
                f"the rows of {TABLE} whose country is read with {grade} confidence",
            )
            for grade in GRADES
        },
        "rel_resolved": resolved_rows,
        "rel_resolved_pct": derived(
            "rel_resolved_pct", whole_percent(len(resolved) / len(table)),
            "the rows tied to a country divided by all the rows", resolved_rows, rows,
        ),
        "rel_by_see_also": derived(
            "rel_by_see_also", number((kinds == "see-also").sum()),
            "the rows tied to a country by the article's “see also” links",
        ),
        "rel_by_notes": derived(
            "rel_by_notes", number(kinds.str.startswith("notes-").sum()),
            "the rows tied to a country by the notes of their row",
        ),
        "rel_residences": derived(
            "rel_residences", number((table["residence"] != "").sum()),
            f"the rows of {TABLE} that name where the ambassador resides",
        ),
        "rel_stepped": derived(
            "rel_stepped", number((table["step"] != "").sum()),
            f"the rows of {TABLE} tied to a country by one step of general knowledge, written "
            "down in data/relations_steps.csv",
        ),
        "rel_stepped_heads": derived(
            "rel_stepped_heads", number((kinds == "notes-head-of-state").sum()),
            "those whose notes name a head of state",
        ),
        "rel_stepped_former": derived(
            "rel_stepped_former",
            number(((kinds == "notes-former-name") & (resolved["step"] != "")).sum()),
            "those whose notes name a former name of the country",
        ),
        "rel_gap_min": derived(
            "rel_gap_min",
            number(int(unresolved["candidates"].min())) if len(unresolved) else "0",
            f"the fewest countries any of {unresolved_words} could be",
        ),
        "rel_gap_max": derived(
            "rel_gap_max",
            number(int(unresolved["candidates"].max())) if len(unresolved) else "0",
            f"the most countries any of {unresolved_words} could be",
        ),
        "rel_templates_total": derived(
            "rel_templates_total", number(residue["count"].sum()),
            "the left-over wiki templates in the article's text",
        ),
        "rel_templates_distinct": derived(
            "rel_templates_distinct", number(len(residue)),
            "the different left-over wiki templates",
        ),
        "rel_templates_citation": derived(
            "rel_templates_citation",
            number(residue[residue["role"] == "citation"]["count"].sum()),
            "the left-over wiki templates of citations",
        ),
        "rel_templates_flag": derived(
            "rel_templates_flag",
            number(residue[residue["role"] == "country flag"]["count"].sum()),
            "the left-over wiki templates of country flags",
        ),
        "rel_dangling": derived(
            "rel_dangling", number(len(dangling_refs(text))),
            "the article's references to notes it does not hold",
        ),
        "rel_top_decade": derived(
            "rel_top_decade", top, f"the decade in which most relations in {TABLE} began"
        ),
        "rel_top_decade_rows": top_rows,
        "rel_top_decade_share": derived(
            "rel_top_decade_share", whole_percent(by_decade.loc[top, "total"] / len(table)),
            "those rows divided by all the rows", top_rows, rows,
        ),
        "rel_earliest": derived(
            "rel_earliest", table.loc[table["established"] == dates[0], "date_cell"].iloc[0],
            f"the earliest date of {TABLE}, as the article's cell writes it",
        ),
        "rel_latest": derived(
            "rel_latest", table.loc[table["established"] == dates[-1], "date_cell"].iloc[0],
            f"the latest date of {TABLE}, as the article's cell writes it",
        ),
        **gap_summary(table, GAP_COUNTRY, "rel_norway"),
    }


def gap_summary(table, alpha_2, prefix):
    """Glue strings for the unresolved row a country could be: row, neighbours, candidates."""
    row = gap_for(table, alpha_2)
    where = f"the unresolved row of {TABLE} that could be {countries.short_name(alpha_2)}"
    return {
        f"{prefix}_row": derived(f"{prefix}_row", number(row["row"]), f"{where}: its number"),
        f"{prefix}_after": derived(
            f"{prefix}_after", row["after"],
            f"{where}: the country it follows in the table's alphabetical order",
        ),
        f"{prefix}_before": derived(
            f"{prefix}_before", row["before"],
            f"{where}: the country it precedes in the table's alphabetical order",
        ),
        f"{prefix}_candidates": derived(
            f"{prefix}_candidates", number(int(row["candidates"])),
            f"{where}: the countries it could be",
        ),
    }
