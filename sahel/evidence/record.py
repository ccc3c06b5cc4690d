"""The public record beside the seeds: datasets vendored in ``data/record/``, verified like seeds.

``data/record_sources.csv`` registers each vendored file (byte-identical to the published copy):
its id, sha256 and size, publisher, dataset id and version (the UN Hub's ``last_update``), URL,
licence as known, status (``cite``, ``cross-check`` or ``context``), and the repository, path
and commit it was taken from. Before anything reads a file, :func:`verify_file` checks its size
and sha256 against that row; a changed byte stops the build with :class:`RecordAlteredError`
naming the file.

Each dataset is then read strictly, whole, before anything is returned: its exact header
(:class:`RecordColumnError`), its dates (:class:`RecordDateError`, file and line) and its codes
(mission acronyms, incident types, ISO 3166 alpha-3 and M49 country codes, fact kinds:
:class:`RecordCodeError`, file and line).

Three readers: :func:`fatalities` (the UN Peace and Security Data Hub's DPPADPOSS-FATALITIES, one
row per death), :func:`facts` (``official_record.csv``: dated facts restated from UN,
Norwegian government and press pages, each with its URL) and :func:`dac2a` (one year of the
OECD DAC's Table 2a, aid disbursements by recipient and donor, as Deutsche Welle extracted it).
A fact is checked by hand against its page, never by this code; it enters the bibliography by
its URL (:func:`page_bibkeys`). A Table 2a file is checked for its header's alignment against a
total it publishes (:class:`RecordAlignmentError`) and for values that are not numbers
(:class:`RecordValueError`); :func:`aid_rows` finds recipients by their ISO 3166 names.
"""

import csv
import datetime as dt
import hashlib
import io
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd
import pycountry

from sahel import paths
from sahel.dates import DateError, span
from sahel.evidence.errors import SahelInputError
from sahel.evidence.tables import read_rows, read_text

RECORD_SOURCES_CSV = paths.DATA / "record_sources.csv"
RECORD_DIR = paths.DATA / "record"
BIB = paths.BOOK / "references.bib"
COLUMNS = (
    "id",
    "file",
    "sha256",
    "bytes",
    "publisher",
    "dataset",
    "version",
    "url",
    "licence",
    "status",
    "repository",
    "path",
    "commit",
    "bibkey",
)
STATUSES = ("cite", "cross-check", "context")
FATALITIES = "DPPADPOSS-FATALITIES"
FACTS = "official_record"
FATALITY_COLUMNS = (
    "id",
    "incident_date",
    "casualty_id",
    "mission_acronym",
    "type_of_casualty",
    "gender",
    "casualty_nationality",
    "casualty_personnel_type",
    "type_of_incident",
    "m49_code",
    "isocode3",
    "last_update",
)
FACT_COLUMNS = ("id", "topic", "fact", "value", "date", "publisher", "page_title", "url", "kind")
FACT_KINDS = ("official", "press")
#: every mission acronym the Hub's fatalities dataset uses (peacekeeping operations, special
#: political missions and offices); a code outside this list is a typo or a new mission to review
MISSIONS = frozenset(
    "BINUH BONUCA IPTF MICAH MINUGUA MINUJUSTH MINURCA MINURCAT MINURSO MINUSCA MINUSMA "
    "MINUSTAH MIPONUH MONUA MONUC MONUSCO ONUB ONUC ONUMOZ ONUSAL OSESGY OSESyria UNAMA UNAMET "
    "UNAMI UNAMID UNAMIR UNAMSIL UNAVEM UNCRO UNDOF UNEF UNFICYP UNGCI UNIFIL UNIIMOG UNIKOM "
    "UNIOSIL UNIPSIL UNISFA UNITAMS UNMA UNMAO UNMEE UNMIBH UNMIH UNMIK UNMIL UNMIN UNMIS "
    "UNMISET UNMISS UNMIT UNMOGIP UNMOT UNOAU UNOCI UNOHCI UNOMIG UNOSOM UNOWA UNOWAS UNPF "
    "UNPOS UNPREDEP UNPROFOR UNPSG UNSCOB UNSMA UNSMIH UNSMIL UNSMIS UNSOM UNSOS UNSecretariat "
    "UNTAC UNTAES UNTAET UNTAG UNTSO UNVMC".split()
)
MALICIOUS = "Malicious Act"
INCIDENT_TYPES = frozenset(
    {"Accident", "Illness", MALICIOUS, "Self-Inflicted", "To Be Determined", "Unknown"}
)
#: as published: "Local " carries a trailing space in the Hub's files
PERSONNEL_TYPES = frozenset(
    {"International Civilian", "Local ", "Military", "Military Observer", "Other", "Police"}
)
GENDERS = frozenset({"", "F", "M"})
FIRST_DAY = dt.date(1948, 1, 1)  # the dataset's declared start of range
_SHA256 = re.compile(r"[0-9a-f]{64}")
_COMMIT = re.compile(r"[0-9a-f]{40}")
_URL = re.compile(r"https://[^\s\"<>]+")
_TOPIC = re.compile(r"[a-z0-9_]+(\.[a-z0-9_]+)+")
_CEILING = re.compile(r"(\d+)\+(\d+)")
DAC2A = "OECD-DAC2a"
#: the first two header cells of a Table 2a file: Deutsche Welle's renamed cells, or QWIDS's
#: own, which DW left in its 2010 file; the second column is empty in every row
DAC_LEADS = (("Recipient", "FakeColumn"), ("", "Donor(s)"))
DAC_TOTAL = "DAC Countries, Total"
#: the members whose columns QWIDS's "DAC Countries, Total" sums (EU Institutions, a DAC member
#: too, is counted among the multilateral agencies in Table 2a)
DAC_MEMBERS = (
    "Australia", "Austria", "Belgium", "Canada", "Czech Republic", "Denmark", "Finland",
    "France", "Germany", "Greece", "Hungary", "Iceland", "Ireland", "Italy", "Japan", "Korea",
    "Luxembourg", "Netherlands", "New Zealand", "Norway", "Poland", "Portugal",
    "Slovak Republic", "Slovenia", "Spain", "Sweden", "Switzerland", "United Kingdom",
    "United States",
)  # fmt: skip
#: each published value is rounded to the hundredth: a sum of n of them may differ from the
#: published total by half a hundredth per term, and the total by half a hundredth itself
ROUNDING = 0.005
_AMOUNT = re.compile(r"-?\d+(\.\d+)?")


class RecordError(SahelInputError):
    """The record registry or a vendored record file is malformed."""


class RecordAlteredError(RecordError):
    """A vendored record file's bytes differ from the sha256 and size registered for it."""


class RecordColumnError(RecordError):
    """A vendored record file's header is not the expected columns."""


class RecordDateError(RecordError):
    """A date in a record file does not parse or falls outside the dataset's range."""


class RecordCodeError(RecordError):
    """A code in a record file (mission, incident type, country, fact kind, a recipient) is not
    known."""


class RecordAlignmentError(RecordColumnError):
    """A record file's header does not line up with its values: a row has another number of
    cells, or the columns its header names do not add up to the total it publishes."""


class RecordValueError(RecordError):
    """A value in a record file is not a number."""


@dataclass(frozen=True)
class RecordSource:
    """One registered vendored file (a row of ``data/record_sources.csv``)."""

    id: str
    file: str
    sha256: str
    bytes: int
    publisher: str
    dataset: str
    version: str
    url: str
    licence: str
    status: str
    repository: str
    path: str
    commit: str
    bibkey: str
    where: str


def _source(row, where):
    if not _SHA256.fullmatch(row["sha256"]):
        raise RecordError(f"{where}: sha256 {row['sha256']!r} is not 64 lowercase hex digits")
    if not row["bytes"].isdigit():
        raise RecordError(f"{where}: bytes {row['bytes']!r} is not a whole number")
    if Path(row["file"]).name != row["file"] or not row["file"]:
        raise RecordError(f"{where}: file {row['file']!r} must be a bare file name in record/")
    if row["status"] not in STATUSES:
        raise RecordError(f"{where}: status {row['status']!r} is not one of {', '.join(STATUSES)}")
    if row["dataset"] not in (FATALITIES, FACTS, DAC2A):
        raise RecordError(f"{where}: no reader for dataset {row['dataset']!r}")
    if row["dataset"] == DAC2A:
        if not re.fullmatch(r"\d{4}", row["version"]) or f"-{row['version']}-" not in row["file"]:
            raise RecordDateError(
                f"{where}: version {row['version']!r} is not the year of disbursements its "
                f"file {row['file']!r} is named for"
            )
        if not row["bibkey"]:
            raise RecordError(f"{where}: a dataset the book cites needs a bibkey")
    if row["dataset"] == FATALITIES:
        try:
            dt.date.fromisoformat(row["version"])
        except ValueError:
            raise RecordDateError(
                f"{where}: version {row['version']!r} is not the dataset's last_update date"
            ) from None
        if not row["bibkey"]:
            raise RecordError(f"{where}: a dataset the book cites needs a bibkey")
    if row["url"] and not _URL.fullmatch(row["url"]):
        raise RecordError(f"{where}: url {row['url']!r} is not an https URL")
    if not row["url"] and row["dataset"] != FACTS:
        raise RecordError(f"{where}: url is empty (only a file of facts with URLs may omit it)")
    if row["commit"] and not _COMMIT.fullmatch(row["commit"]):
        raise RecordError(f"{where}: commit {row['commit']!r} is not 40 lowercase hex digits")
    for column in ("publisher", "licence", "repository", "path"):
        if not row[column].strip():
            raise RecordError(f"{where}: {column} is empty")
    return RecordSource(**{**{c: row[c] for c in COLUMNS}, "bytes": int(row["bytes"])}, where=where)


def load_sources(path=None):
    """The record registry, checked, by id (files are verified when read)."""
    path = Path(path or RECORD_SOURCES_CSV)
    out, files = {}, {}
    for row in read_rows(path, COLUMNS, error=RecordError):
        where = f"{path}: line {row.line}: {row['id']}"
        if row["file"] in files:
            raise RecordError(f"{where}: file {row['file']!r} is also on line {files[row['file']]}")
        files[row["file"]] = row.line
        out[row["id"]] = _source(row, where)
    return out


def verify_file(source, record_dir=None):
    """The file's bytes, once its size and sha256 equal the registry's; else a named error."""
    file = Path(record_dir or RECORD_DIR) / source.file
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise RecordAlteredError(f"{file}: registered ({source.where}) but missing") from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != source.sha256 or len(data) != source.bytes:
        raise RecordAlteredError(
            f"{file}: sha256 {digest} ({len(data)} bytes), but {source.where} records "
            f"{source.sha256} ({source.bytes} bytes); the vendored file was altered"
        )
    return data


def _rows(source, record_dir, columns):
    """Verify the file, check its header, then read its rows strictly."""
    verify_file(source, record_dir)
    file = Path(record_dir or RECORD_DIR) / source.file
    text = read_text(file, RecordError)
    header = next(csv.reader(io.StringIO(text, newline="")), [])
    if header != list(columns):
        missing = [c for c in columns if c not in header]
        extra = [c for c in header if c not in columns]
        problem = (f"missing column {', '.join(missing)}; " if missing else "") + (
            f"unknown column {', '.join(extra)}; " if extra else ""
        ) or "columns out of order; "
        raise RecordColumnError(
            f"{file}: header (line 1): {problem}it is {','.join(header)!r}, "
            f"expected {','.join(columns)!r}"
        )
    return file, read_rows(file, columns, error=RecordError)


def _day(value):
    """A YYYY-MM-DD date, or None if ``value`` is not one."""
    try:
        return dt.date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d\d-\d\d", value) else None
    except ValueError:
        return None


@cache
def _countries():
    """``{alpha-3: numeric}`` of current ISO 3166 countries, and historic ones (YUG and SCG
    appear) with ``None``: the Hub gives Yugoslavia M49's own code, not ISO's, so it is not
    compared."""
    codes = {c.alpha_3: c.numeric for c in pycountry.countries}
    for c in pycountry.historic_countries:
        codes.setdefault(c.alpha_3, None)
    return codes


def _fatality(row, file, last_update):
    where = f"{file}: line {row.line}"
    if not row["id"].isdigit():
        raise RecordError(f"{where}: id {row['id']!r} is not a whole number")
    for column in ("incident_date", "last_update"):
        if _day(row[column]) is None:
            raise RecordDateError(f"{where}: {column} {row[column]!r} is not a date (YYYY-MM-DD)")
    day, updated = dt.date.fromisoformat(row["incident_date"]), row["last_update"]
    if updated != last_update:
        raise RecordDateError(
            f"{where}: last_update {updated!r}, but the registry records version {last_update}"
        )
    if not FIRST_DAY <= day <= dt.date.fromisoformat(updated):
        raise RecordDateError(
            f"{where}: incident_date {day} is outside the dataset's range "
            f"{FIRST_DAY} to {updated} (its last_update)"
        )
    for column, known in (
        ("mission_acronym", MISSIONS),
        ("type_of_incident", INCIDENT_TYPES),
        ("casualty_personnel_type", PERSONNEL_TYPES),
        ("gender", GENDERS),
        ("type_of_casualty", {"Fatality"}),
    ):
        if row[column] not in known:
            raise RecordCodeError(f"{where}: unknown {column} {row[column]!r}")
    iso, m49 = row["isocode3"], row["m49_code"]
    if iso not in _countries() and iso != "":
        raise RecordCodeError(f"{where}: unknown isocode3 {iso!r} (not an ISO 3166 alpha-3 code)")
    if bool(iso) != bool(m49):
        raise RecordCodeError(f"{where}: isocode3 {iso!r} and m49_code {m49!r}: one is empty")
    expected = _countries().get(iso)
    wrong = expected is not None and m49 and int(float(m49)) != int(expected)
    if m49 and (not re.fullmatch(r"\d+(\.0)?", m49) or wrong):
        raise RecordCodeError(f"{where}: m49_code {m49!r} is not the M49 code of {iso}")


def fatalities(source_id, path=None, record_dir=None):
    """One registered version of DPPADPOSS-FATALITIES, verified and checked row by row.

    Returns a DataFrame (one row per death) with ``incident_date`` as datetime64 and the other
    columns as published (text); nothing is returned unless every row passed.
    """
    source = load_sources(path)[source_id]
    if source.dataset != FATALITIES:
        raise RecordError(f"{source.where}: dataset {source.dataset!r} is not {FATALITIES}")
    file, rows = _rows(source, record_dir, FATALITY_COLUMNS)
    for row in rows:
        _fatality(row, file, source.version)
    frame = pd.DataFrame(rows, columns=FATALITY_COLUMNS)
    frame["incident_date"] = pd.to_datetime(frame["incident_date"], format="%Y-%m-%d")
    return frame


def facts(source_id="R-OFFICIAL", path=None, record_dir=None):
    """``official_record.csv``, verified and checked: partial ISO dates (or ranges FIRST/LAST),
    https URLs, kinds."""
    source = load_sources(path)[source_id]
    if source.dataset != FACTS:
        raise RecordError(f"{source.where}: dataset {source.dataset!r} is not {FACTS}")
    file, rows = _rows(source, record_dir, FACT_COLUMNS)
    for row in rows:
        where = f"{file}: line {row.line}: fact {row['id']}"
        if not re.fullmatch(r"[A-Z]\d{2,}", row["id"]):
            raise RecordError(f"{where}: id is not a letter and two digits")
        try:
            spans = [span(part) for part in row["date"].split("/", 1)]
        except (DateError, ValueError):
            raise RecordDateError(
                f"{where}: date {row['date']!r} is not a partial ISO date (YYYY, YYYY-MM, "
                "YYYY-MM-DD) or a range of two (FIRST/LAST)"
            ) from None
        if spans[0].first > spans[-1].last:
            raise RecordDateError(f"{where}: date range {row['date']!r} ends before it begins")
        if not _URL.fullmatch(row["url"]):
            raise RecordError(f"{where}: url {row['url']!r} is not an https URL")
        if row["kind"] not in FACT_KINDS:
            raise RecordCodeError(f"{where}: unknown kind {row['kind']!r}")
        if not _TOPIC.fullmatch(row["topic"]):
            raise RecordError(f"{where}: topic {row['topic']!r} is not dotted lower case")
        for column in ("fact", "publisher", "page_title"):
            if not row[column].strip():
                raise RecordError(f"{where}: {column} is empty")
    frame = pd.DataFrame(rows, columns=FACT_COLUMNS)
    frame["where"] = [f"{file}: line {row.line}" for row in rows]
    return frame


def ceiling(fact):
    """``(troops, police)`` of an authorised-strength fact whose value reads ``13289+1920``."""
    match = _CEILING.fullmatch(fact["value"])
    if not match:
        raise RecordError(f"{fact['where']}: value {fact['value']!r} is not TROOPS+POLICE")
    return int(match[1]), int(match[2])


def _dac_header(header, file):
    """Check a Table 2a header: its lead cells, the donor and total columns, no name twice."""
    where = f"{file}: header (line 1)"
    if tuple(header[:2]) not in DAC_LEADS:
        expected = " or ".join(repr(",".join(lead)) for lead in DAC_LEADS)
        raise RecordColumnError(f"{where}: starts {','.join(header[:2])!r}, expected {expected}")
    names = header[2:]
    if missing := [c for c in (DAC_TOTAL, *DAC_MEMBERS) if c not in names]:
        raise RecordColumnError(f"{where}: missing column {', '.join(missing)}")
    if twice := sorted({c for c in names if names.count(c) > 1}):
        raise RecordColumnError(f"{where}: column {', '.join(twice)} named twice")
    return names


def _amount(cell, where, column):
    """A published value: a float, NaN for an empty cell (no data); negative values allowed
    (net disbursements)."""
    if not cell:
        return math.nan
    if not _AMOUNT.fullmatch(cell):
        raise RecordValueError(f"{where}: {column!r} value {cell!r} is not a number")
    return float(cell)


def _aligned(values, names, where, recipient):
    """The DAC members' columns add up to the published DAC total, within rounding; else the
    header names columns other than the ones its values are in."""
    total = values[names.index(DAC_TOTAL)]
    terms = [v for v in (values[names.index(m)] for m in DAC_MEMBERS) if not math.isnan(v)]
    if math.isnan(total):
        if terms:
            raise RecordAlignmentError(
                f"{where} ({recipient}): {DAC_TOTAL!r} is empty but member columns hold values;"
                " the header does not line up with the values"
            )
        return
    if abs(sum(terms) - total) > ROUNDING * (len(terms) + 1):
        raise RecordAlignmentError(
            f"{where} ({recipient}): the DAC member columns sum to {sum(terms):.2f}, but "
            f"{DAC_TOTAL!r} reads {total:.2f}; the header does not line up with the values"
        )


def dac2a(source_id, path=None, record_dir=None):
    """One year of OECD DAC Table 2a (ODA disbursements, USD million at current prices),
    verified and checked whole: the header (:func:`_dac_header`), every row as long as the
    header with an empty second column, a recipient named once, every value a number or empty,
    and each row's DAC members adding up to its DAC total (:func:`_aligned`).

    Returns a DataFrame, one row per recipient as the file spells it (column ``recipient``),
    one float column per donor (NaN where the cell is empty: no data), and ``where`` (file and
    line); ``attrs["year"]`` is the registry's version, the year of the disbursements.
    """
    source = load_sources(path)[source_id]
    if source.dataset != DAC2A:
        raise RecordError(f"{source.where}: dataset {source.dataset!r} is not {DAC2A}")
    verify_file(source, record_dir)
    file = Path(record_dir or RECORD_DIR) / source.file
    reader = csv.reader(io.StringIO(read_text(file, RecordError), newline=""))
    header = next(reader, [])
    names = _dac_header(header, file)
    rows, seen = [], {}
    for cells in reader:
        where = f"{file}: line {reader.line_num}"
        if len(cells) != len(header):
            raise RecordAlignmentError(
                f"{where}: {len(cells)} cells, but the header names {len(header)}; the header "
                "does not line up with the values"
            )
        recipient, lead = cells[0], cells[1]
        if lead:
            raise RecordAlignmentError(
                f"{where}: the second column ({header[1]!r}) holds {lead!r}; it is empty in "
                "Table 2a, so the values are shifted"
            )
        if not recipient.strip():
            raise RecordCodeError(f"{where}: no recipient named")
        if recipient in seen:
            raise RecordCodeError(
                f"{where}: recipient {recipient!r} is also on line {seen[recipient]}"
            )
        seen[recipient] = reader.line_num
        values = [_amount(c, where, n) for c, n in zip(cells[2:], names, strict=True)]
        _aligned(values, names, where, recipient)
        rows.append([recipient, *values, where])
    if not rows:
        raise RecordError(f"{file}: no rows below the header")
    frame = pd.DataFrame(rows, columns=["recipient", *names, "where"])
    frame.attrs["year"] = int(source.version)
    return frame


def _iso_names(code):
    """The names ISO 3166 gives the country ``code`` (alpha-3): name, common and official."""
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        raise RecordCodeError(f"{code!r} is not an ISO 3166 alpha-3 code")
    return {
        getattr(country, a) for a in ("name", "common_name", "official_name") if hasattr(country, a)
    }


def aid_rows(frame, codes):
    """The rows of a :func:`dac2a` frame for the countries ``codes`` (ISO alpha-3), in that
    order, each found by a name ISO 3166 gives it, with its code in ``iso_a3``; a country no
    row names is an unknown recipient (:class:`RecordCodeError`)."""
    found = []
    for code in codes:
        names = _iso_names(code)
        hits = frame.index[frame["recipient"].isin(names)]
        if len(hits) != 1:
            file = frame["where"].iloc[0].rsplit(": line", 1)[0]
            raise RecordCodeError(
                f"{file}: unknown recipient {code}: {len(hits)} rows named "
                f"{' or '.join(sorted(names))}"
            )
        found.append(hits[0])
    return frame.loc[found].assign(iso_a3=list(codes)).reset_index(drop=True)


_BIB_ENTRY = re.compile(r"@\w+\{([^,\s]+),(.*?)\n\}", re.S)
_BIB_URL = re.compile(r"\burl\s*=\s*\{([^}]*)\}")


def page_bibkeys(urls, bib=None):
    """``{url: bibkey}`` for each URL: the one entry of ``references.bib`` with that ``url``."""
    bib = Path(bib or BIB)
    found = {}
    for match in _BIB_ENTRY.finditer(bib.read_text(encoding="utf-8")):
        for url in _BIB_URL.findall(match[2]):
            found.setdefault(url, []).append(match[1])
    out = {}
    for url in dict.fromkeys(urls):
        keys = found.get(url, [])
        if len(keys) != 1:
            raise RecordError(f"{bib}: {len(keys)} entries with url {url!r}; expected one")
        out[url] = keys[0]
    return out


def verify_all(path=None, record_dir=None, bib=None):
    """Every registered file verified and read; no unregistered file in ``record/``; every
    cited dataset's bibkey in the bibliography. Returns ``{id: rows read}``."""
    sources = load_sources(path)
    record_dir = Path(record_dir or RECORD_DIR)
    registered = {s.file for s in sources.values()}
    if stray := sorted(p.name for p in record_dir.iterdir() if p.name not in registered):
        raise RecordError(f"{record_dir}: files not in {path or RECORD_SOURCES_CSV}: {stray}")
    text = Path(bib or BIB).read_text(encoding="utf-8")
    counts = {}
    for source in sources.values():
        if source.bibkey and f"{{{source.bibkey}," not in text:
            raise RecordError(f"{source.where}: bibkey {source.bibkey!r} not in {bib or BIB}")
        read = {FATALITIES: fatalities, FACTS: facts, DAC2A: dac2a}[source.dataset]
        counts[source.id] = len(read(source.id, path, record_dir))
    return counts
