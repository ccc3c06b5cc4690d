"""The source registry, ``data/sources.csv``: one row per seed document."""

import datetime as dt
import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sahel import paths
from sahel.evidence import fields as forms
from sahel.evidence.errors import RegistryError
from sahel.evidence.tables import read_rows

COLUMNS = (
    "id",
    "file",
    "sha256",
    "bytes",
    "title",
    "publisher",
    "author",
    "date",
    "date_note",
    "date_earliest",
    "date_latest",
    "kind",
    "bibkey",
    "licence",
)
KINDS = ("press release", "news article", "encyclopedia article")
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Source:
    """One registered seed document and what is known about it."""

    id: str
    file: str
    sha256: str
    bytes: int
    title: str
    publisher: str
    author: str
    date: dt.date | None
    date_note: str
    date_earliest: dt.date | None
    date_latest: dt.date | None
    kind: str
    bibkey: str
    licence: str  # the document's terms as known (the book's notices page lists them)


def _date(value, column, where):
    if not value:
        return None
    try:
        if not forms.DAY.fullmatch(value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise RegistryError(
            f"{where}: {column} {value!r} is not an ISO date (YYYY-MM-DD)"
        ) from None


def _source(record, where):
    if not _SHA256.fullmatch(record["sha256"]):
        raise RegistryError(f"{where}: sha256 {record['sha256']!r} is not 64 lowercase hex digits")
    if not (record["bytes"].isascii() and record["bytes"].isdigit()):
        raise RegistryError(f"{where}: bytes {record['bytes']!r} is not a whole number")
    if record["kind"] not in KINDS:
        raise RegistryError(f"{where}: kind {record['kind']!r} is not one of {', '.join(KINDS)}")
    for column in ("file", "title", "publisher", "licence"):
        forms.one_line(record[column], column, where, RegistryError)
    for column in ("author", "date_note"):
        forms.one_line(record[column], column, where, RegistryError, empty_ok=True)
    forms.bibkey(record["bibkey"], "bibkey", where, RegistryError)
    if Path(record["file"]).name != record["file"]:
        raise RegistryError(f"{where}: file {record['file']!r} must be a bare file name in seeds/")
    fields = dict(record, bytes=int(record["bytes"]))
    for column in ("date", "date_earliest", "date_latest"):
        fields[column] = _date(record[column], column, where)
    if fields["date"] is None and not record["date_note"].strip():
        raise RegistryError(f"{where}: undated source needs a date_note giving the reason")
    early, late = fields["date_earliest"], fields["date_latest"]
    if early and late and early > late:
        raise RegistryError(f"{where}: date_earliest {early} is after date_latest {late}")
    return Source(**fields)


def load_registry(path=None):
    """Read and validate the registry; return its sources in file order."""
    path = Path(path or paths.SOURCES_CSV)
    records = read_rows(path, COLUMNS)
    sources = [_source(r, f"{path}: line {r.line}: source {r['id']}") for r in records]
    for column in ("file", "bibkey"):
        counts = Counter(getattr(s, column) for s in sources)
        dupes = sorted(v for v, n in counts.items() if n > 1)
        if dupes:
            raise RegistryError(f"{path}: duplicate {column} {', '.join(dupes)}")
    return sources


def describe_file(path):
    """Return the sha256 and size of a file, as the registry records them."""
    data = Path(path).read_bytes()
    return hashlib.sha256(data).hexdigest(), len(data)


def _stated(value):
    return bool(value) and not value.lower().startswith("not stated")


def byline(source):
    """A source in a few plain words, for a label or a sentence: its publisher if the document
    states one, else its author, else its kind ("unsigned news article"); never its id."""
    if _stated(source.publisher):
        return source.publisher
    if _stated(source.author):
        return source.author
    return f"unsigned {source.kind}"
