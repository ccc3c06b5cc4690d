"""Chapter content kept as data, checked like the ledger: exhibits (every table's and figure's
caption, label, CSV and sources) and the quotes the chapters print.

``data/exhibits.csv``: one row per numbered table or figure. ``caption`` is MyST written by the
report; it holds no digit (numbers reach it only through ``{glue:text}``), may cite a known
BibTeX key with ``{cite:p}`` (a seed's or a record file's: ``known_bibkeys``), and may use two
placeholders: ``{sources}`` (a ``{cite:p}`` role for the row's ``sources``) and ``{data}`` (the
download link of the row's ``file``). ``file`` is a CSV path below ``data/`` (``derived/…`` for
a CSV the notebook writes, or an input such as ``claims.csv``); ``sources`` lists source ids, or
``rows`` when the caller passes the sources of the rows shown.

``data/picks.csv``: the sources, claims, subjects and countries a chapter picks by hand (which
document is "the press release", which sources' durations are compared), one row each, so no
chapter module hard-codes an id: ``pick("norway.release")`` returns ``"S000"``.

``data/series.csv``: the rows a chart or table draws from the ledger, in order: each a
subject, the group it is drawn in (a lane, a panel) and its label in the report's words.

``data/quotes.csv``: one row per quotation a chapter glues. Either ``claim`` names a ledger claim
(its verified quote is printed) or ``excerpt`` is a passage that must be verbatim in ``source``.
``style`` is ``text`` (plain glued text), ``inline`` (in quotation marks) or ``block``.
"""

import re
from collections import namedtuple
from functools import cache
from pathlib import Path, PurePosixPath

from sahel import paths
from sahel.evidence.bibliography import known_bibkeys
from sahel.evidence.errors import SahelInputError
from sahel.evidence.registry import load_registry
from sahel.evidence.tables import read_rows
from sahel.prose import typed_numbers
from sahel.provenance import Quote, traced

EXHIBITS_CSV = paths.DATA / "exhibits.csv"
QUOTES_CSV = paths.DATA / "quotes.csv"
EXHIBIT_COLUMNS = ("key", "kind", "label", "file", "sources", "caption")
QUOTE_COLUMNS = ("key", "source", "claim", "excerpt", "style")
PICKS_CSV = paths.DATA / "picks.csv"
PICK_COLUMNS = ("key", "kind", "value", "why")
PICK_KINDS = ("source", "sources", "claim", "subject", "subjects", "country")
SERIES_CSV = paths.DATA / "series.csv"
SERIES_COLUMNS = ("id", "exhibit", "subject", "group", "label")
KINDS = {"table": "tbl", "figure": "fig"}
STYLES = ("text", "inline", "block")
FROM_ROWS = "rows"
_LABEL = re.compile(r"(tbl|fig)-[a-z0-9-]+")
_CITE = re.compile(r"\{cite:[pt]\}`([^`]*)`")


class ContentError(SahelInputError):
    """A row of a chapter-content file is malformed or refers to something unknown."""


class Exhibit(namedtuple("Exhibit", "key kind label file sources caption where")):
    """A numbered table or figure, as its checked row of ``data/exhibits.csv`` says (``where``
    is that row's file and line): where its CSV goes and how its caption reads."""

    __slots__ = ()

    @property
    def path(self):
        """The CSV's path in this checkout (``None`` if the exhibit has no CSV)."""
        return paths.DATA / self.file if self.file else None

    @property
    def written_by_notebook(self):
        return self.file.startswith("derived/")

    def render(self, bibkeys):
        """The caption as MyST: placeholders replaced by the citation and the download link."""
        text = self.caption.replace("{sources}", f"{{cite:p}}`{','.join(bibkeys)}`")
        if self.file:
            link = f"{{download}}`{PurePosixPath(self.file).name} <../data/{self.file}>`"
            text = text.replace("{data}", link)
        return text


def _fail(path, line, problem):
    raise ContentError(f"{path}: line {line}: {problem}")


def _exhibit(path, line, row, registry, keys):
    key, kind, label = row["key"], row["kind"], row["label"]
    if KINDS.get(kind) != key[:3]:
        _fail(path, line, f"kind {kind!r} does not match key {key!r} (table: tbl_, figure: fig_)")
    if not _LABEL.fullmatch(label) or label[:3] != key[:3]:
        _fail(path, line, f"label {label!r} is not {key[:3]}-… in lower case")
    file = row["file"]
    if file:
        pure = PurePosixPath(file)
        if pure.is_absolute() or ".." in pure.parts or pure.suffix != ".csv":
            _fail(path, line, f"file {file!r} must be a .csv path below data/")
        if not file.startswith("derived/") and not (paths.DATA / file).is_file():
            _fail(path, line, f"file {file!r} is an input but data/{file} does not exist")
    caption = row["caption"].strip()
    if not caption:
        _fail(path, line, "empty caption")
    if typed := typed_numbers(caption):
        _fail(path, line, f"number(s) typed into the caption: {', '.join(typed)} (glue them)")
    if "{data}" in caption and not file:
        _fail(path, line, "the caption links {data} but the row names no file")
    for m in _CITE.finditer(caption):
        for bibkey in m.group(1).split(","):
            if bibkey.strip() not in keys:
                _fail(
                    path,
                    line,
                    f"cites {bibkey!r}, which is no registered seed's or record file's bibkey",
                )
    sources = tuple(row["sources"].split())
    if sources != (FROM_ROWS,):
        unknown = [s for s in sources if s not in registry]
        if unknown:
            _fail(path, line, f"unknown source id(s) {', '.join(unknown)}")
    if "{sources}" in caption and not sources:
        _fail(path, line, "the caption cites {sources} but the row lists none")
    return Exhibit(key, kind, label, file, sources, caption, f"{path}: line {line}")


@cache
def _exhibits(path):
    registry = {s.id: s for s in load_registry()}
    keys = known_bibkeys()  # read once for every row, not per caption
    rows = read_rows(path, EXHIBIT_COLUMNS, id_column="key", error=ContentError)
    labels = {}
    out = {}
    for row in rows:
        line = row.line
        exhibit = _exhibit(path, line, row, registry, keys)
        if exhibit.label in labels:
            _fail(path, line, f"label {exhibit.label!r} is also on line {labels[exhibit.label]}")
        labels[exhibit.label] = line
        out[exhibit.key] = exhibit
    return out


def load_exhibits(path=None):
    """Every exhibit by key, checked (keys, labels, files, sources, cited keys, no digits)."""
    return _exhibits(Path(path or EXHIBITS_CSV))


def exhibit(key, path=None):
    """One exhibit by its glue key; an unknown key names the file."""
    exhibits = load_exhibits(path)
    if key not in exhibits:
        raise ContentError(f"{path or EXHIBITS_CSV}: no exhibit {key!r}")
    return exhibits[key]


def load_quotes(corpus, ledger, path=None):
    """Every quote a chapter glues, by key: the verified text and its style."""
    path = Path(path or QUOTES_CSV)
    rows = read_rows(path, QUOTE_COLUMNS, id_column="key", error=ContentError)
    out = {}
    for row in rows:
        line = row.line
        if row["style"] not in STYLES:
            _fail(path, line, f"style {row['style']!r} is not one of {', '.join(STYLES)}")
        if row["source"] not in corpus:
            _fail(path, line, f"unknown source {row['source']!r}")
        if bool(row["claim"]) == bool(row["excerpt"]):
            _fail(path, line, "give either a claim id or an excerpt, not both or neither")
        if row["claim"]:
            try:
                claim = ledger.get(row["claim"])
            except KeyError:
                _fail(path, line, f"unknown claim {row['claim']!r}")
            if claim.source != row["source"]:
                _fail(path, line, f"claim {claim.id} is from {claim.source}, not {row['source']}")
            text = traced(claim.quote, Quote(claim))  # glued as text, it links to its claim
        else:
            text = row["excerpt"]
            if corpus[row["source"]].located.find(text) is None:
                _fail(path, line, f"excerpt not found verbatim in {row['source']}: {text!r}")
        out[row["key"]] = (text, row["style"])
    return out


@cache
def _picks(path):
    registry = {s.id for s in load_registry()}
    rows = read_rows(path, PICK_COLUMNS, id_column="key", error=ContentError)
    out = {}
    for row in rows:
        line = row.line
        key, kind, value = row["key"], row["kind"], row["value"].strip()
        if kind not in PICK_KINDS:
            _fail(path, line, f"kind {kind!r} is not one of {', '.join(PICK_KINDS)}")
        if not value or not row["why"].strip():
            _fail(path, line, "a pick needs a value and a reason (why)")
        if kind in ("source", "sources"):
            ids = value.split()
            if kind == "source" and len(ids) != 1:
                _fail(path, line, f"kind source takes one id, got {value!r}")
            if unknown := [s for s in ids if s not in registry]:
                _fail(path, line, f"unknown source id(s) {', '.join(unknown)}")
            value = ids[0] if kind == "source" else tuple(ids)
        elif kind == "subjects":
            value = tuple(value.split())
            if len(set(value)) < 2 or len(set(value)) != len(value):
                _fail(path, line, f"kind subjects takes two or more subjects, got {row['value']!r}")
        elif kind == "country":
            import pycountry

            if pycountry.countries.get(alpha_2=value) is None:
                _fail(path, line, f"{value!r} is not an ISO 3166 alpha-2 code")
        out[key] = (kind, value, f"{path}: line {line}")
    return out


def pick(key, path=None):
    """The id a chapter picks by hand, from ``data/picks.csv`` (sources checked on loading)."""
    picks = _picks(Path(path or PICKS_CSV))
    if key not in picks:
        raise ContentError(f"{path or PICKS_CSV}: no pick {key!r}")
    return picks[key][1]


def picks_under(prefix, path=None):
    """``{key: value}`` of every pick whose key starts with ``prefix``, in file order."""
    picks = _picks(Path(path or PICKS_CSV))
    return {key: value for key, (_, value, _) in picks.items() if key.startswith(prefix)}


def verify_picks(ledger, path=None):
    """Every claim and subject pick is in the ledger, and subjects picked together hold claims
    of one unit (all dates, or all figures of one unit); returns how many picks there are."""
    picks = _picks(Path(path or PICKS_CSV))
    subjects = set(ledger.subjects())
    for key, (kind, value, where) in picks.items():
        if kind == "claim":
            try:
                ledger.get(value)
            except KeyError:
                raise ContentError(f"{where}: {key}: unknown claim {value!r}") from None
        named = (value,) if kind == "subject" else value if kind == "subjects" else ()
        for subject in named:
            if subject not in subjects:
                raise ContentError(f"{where}: {key}: no claim has subject {subject!r}")
        units = {c.unit for s in named for c in ledger.by_subject(s)}
        if kind == "subjects" and len(units) > 1:
            raise ContentError(
                f"{where}: {key}: subjects of different units ({', '.join(sorted(units))}) "
                "cannot be one quantity"
            )
    return len(picks)


@cache
def _series(path):
    exhibits = load_exhibits()
    rows = read_rows(path, SERIES_COLUMNS, error=ContentError)
    out = {}
    for row in rows:
        if row["exhibit"] not in exhibits:
            _fail(path, row.line, f"unknown exhibit {row['exhibit']!r}")
        if not row["subject"].strip() or not row["label"].strip():
            _fail(path, row.line, "a series row needs a subject and a label")
        if typed := typed_numbers(row["label"]):
            _fail(path, row.line, f"number(s) typed into the label: {', '.join(typed)}")
        out.setdefault(row["exhibit"], []).append(
            (row["subject"], row["group"], row["label"], f"{path}: line {row.line}")
        )
    return out


def series(exhibit, path=None):
    """``(subject, group, label)`` for each row exhibit ``exhibit`` draws, in file order."""
    rows = _series(Path(path or SERIES_CSV)).get(exhibit)
    if not rows:
        raise ContentError(f"{path or SERIES_CSV}: no rows for exhibit {exhibit!r}")
    return tuple(row[:3] for row in rows)


def verify_series(ledger, path=None):
    """Every subject a series draws has a claim in the ledger; returns how many rows there are."""
    subjects = set(ledger.subjects())
    rows = [r for rs in _series(Path(path or SERIES_CSV)).values() for r in rs]
    for subject, _, _, where in rows:
        if subject not in subjects:
            raise ContentError(f"{where}: no claim has subject {subject!r}")
    return len(rows)
