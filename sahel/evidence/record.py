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

Readers: :func:`fatalities` (the UN Peace and Security Data Hub's DPPADPOSS-FATALITIES, one
row per death), :func:`facts` (``official_record.csv``: dated facts restated from UN,
Norwegian government and press pages, each with its URL), :func:`dac2a` (one year of the
OECD DAC's Table 2a, aid disbursements by recipient and donor, as Deutsche Welle extracted it),
:func:`ucdp` (UCDP's country-year deaths in organized violence: years, country codes, whole
non-negative deaths, low ≤ best ≤ high) and :func:`geo_pko_sites` /
:func:`geo_pko_contributors` (Geo-PKO's dashboard aggregates: mission sites per year, and the
contributing countries listed per site and year; estimates, never counts). A fact is checked by
hand against its page, never by this code; it enters the bibliography by its URL
(:func:`page_bibkeys`). A Table 2a file is checked for its header's alignment against a total it
publishes (:class:`RecordAlignmentError`) and for values that are not numbers
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

import numpy as np
import pandas as pd
import pycountry

from sahel import paths
from sahel.dates import DateError, span
from sahel.evidence.errors import SahelInputError
from sahel.evidence.tables import Row, read_rows, read_text

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
UCDP = "organizedviolencecy"
GEO_PKO_SITES, GEO_PKO_CONTRIBUTORS = "GeoPKO-FrontMap", "GeoPKO-TCCMap"
RELEASES = (UCDP, GEO_PKO_SITES, GEO_PKO_CONTRIBUTORS)  # versioned by release number (25.1)
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
_VERSION = re.compile(r"\d+\.\d+")
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
    """A value in a record file is not what its column holds: an amount that is not a number,
    a count that is not a whole non-negative number, bounds that do not bracket their best
    estimate, a total that is not the sum of its parts, a coordinate off the globe."""


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
    if row["dataset"] not in READERS:
        raise RecordError(f"{where}: no reader for dataset {row['dataset']!r}")
    if row["dataset"] == DAC2A:
        if not re.fullmatch(r"\d{4}", row["version"]) or f"-{row['version']}-" not in row["file"]:
            raise RecordDateError(
                f"{where}: version {row['version']!r} is not the year of disbursements its "
                f"file {row['file']!r} is named for"
            )
    if row["dataset"] == FATALITIES:
        try:
            dt.date.fromisoformat(row["version"])
        except ValueError:
            raise RecordDateError(
                f"{where}: version {row['version']!r} is not the dataset's last_update date"
            ) from None
    elif row["dataset"] in RELEASES and not _VERSION.fullmatch(row["version"]):
        raise RecordError(f"{where}: version {row['version']!r} is not a release number (25.1)")
    if row["dataset"] != FACTS and not row["bibkey"]:
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


# --- tables without an id column (UCDP, Geo-PKO) ------------------------------------------


def _table(source, record_dir, required):
    """Verify the file, then read it as CSV whose header holds every ``required`` column (the
    others, as published, may sit around them): ``(file, header, records, lines)``, each record
    the list of its fields and ``lines[i]`` the line record ``i`` starts on."""
    verify_file(source, record_dir)
    file = Path(record_dir or RECORD_DIR) / source.file
    reader = csv.reader(io.StringIO(read_text(file, RecordError), newline=""), strict=True)
    header, records, lines, start = None, [], [], 1
    try:
        for fields in reader:
            if header is None:
                header = fields
                if missing := [c for c in required if c not in header]:
                    raise RecordColumnError(
                        f"{file}: header (line 1): missing column {', '.join(missing)} "
                        f"(expected at least {','.join(required)!r})"
                    )
                if len(set(header)) != len(header):
                    raise RecordColumnError(f"{file}: header (line 1): a column appears twice")
            elif fields:
                if len(fields) != len(header):
                    raise RecordError(
                        f"{file}: line {start}: {len(fields)} fields, expected {len(header)}"
                    )
                records.append(fields)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise RecordError(f"{file}: line {reader.line_num}: malformed CSV ({exc})") from None
    if not records:
        raise RecordError(f"{file}: no rows below the header")
    return file, header, records, lines


def _row(header, fields, line):
    """One record as a :class:`~sahel.evidence.tables.Row` that knows its line."""
    row = Row(zip(header, fields, strict=True))
    row.line = line
    return row


def _whole(row, column, where, error=None):
    """A column's value as a whole number of 0 or more, or a named error."""
    value = row[column]
    if not value.isascii() or not value.isdigit():
        raise (error or RecordValueError)(
            f"{where}: {column} {value!r} is not a whole number (0 or more)"
        )
    return int(value)


# --- UCDP: organized violence by country and year --------------------------------------------

#: the three types of organized violence and their within-year sum, as UCDP names the columns
#: (``cumulative_…`` is that sum, not a running total over the years)
UCDP_DEATHS = (
    "sb_total_deaths",
    "ns_total_deaths",
    "os_total_deaths",
    "cumulative_total_deaths_in_orgvio",
)
UCDP_TOTAL = UCDP_DEATHS[-1]
BOUNDS = ("low", "best", "high")
#: one-sided deaths by perpetrator, as the file's columns split them: killings by any
#: government (the country's own or another's), of them by the country's main government
#: alone, and by non-state groups; governments' and groups' killings sum to the one-sided total
UCDP_ONE_SIDED_BY = ("os_any_govt_killings", "os_main_govt_killings", "os_nsgroup_killings")
UCDP_ONE_SIDED = UCDP_DEATHS[2]
#: the one-sided dyads (perpetrator - victims) of the country-year, "; "-separated
UCDP_DYADS = "os_dyad_names_cy"
_UCDP_TEXT = ("country_cy", "version", UCDP_DYADS)
UCDP_COLUMNS = (
    "country_id_cy",
    "country_cy",
    "year_cy",
    *(f"{stem}_{bound}_cy" for stem in UCDP_DEATHS for bound in BOUNDS),
    *(f"{stem}_{bound}_cy" for stem in UCDP_ONE_SIDED_BY for bound in BOUNDS),
    UCDP_DYADS,
    "version",
)
UCDP_FIRST_YEAR = 1989  # the first year of every release of the dataset
#: UCDP's country ids (Gleditsch and Ward's numbers) of the countries the book reads, with
#: their ISO 3166 alpha-3 codes and the names UCDP gives them
UCDP_COUNTRIES = {
    432: ("MLI", "Mali"),
    435: ("MRT", "Mauritania"),
    436: ("NER", "Niger"),
    439: ("BFA", "Burkina Faso"),
    483: ("TCD", "Chad"),
}
#: The figures of version 25.1 whose published low and high estimates do not bracket the best
#: estimate, as (country id, year, column stem): UCDP's file as published, reported by the book
#: and never corrected. Any other such figure stops the build.
UCDP_UNBRACKETED = frozenset(
    {
        (100, 2020, "os_total_deaths"),  # Colombia
        (100, 2020, UCDP_TOTAL),
        (365, 2024, "sb_total_deaths"),  # Russia (Soviet Union)
        (365, 2024, UCDP_TOTAL),
        (371, 2022, "sb_total_deaths"),  # Armenia
        (371, 2022, UCDP_TOTAL),
        (432, 1995, "sb_total_deaths"),  # Mali
        (432, 1995, UCDP_TOTAL),
        (483, 2015, "sb_total_deaths"),  # Chad
        (531, 1998, "sb_total_deaths"),  # Eritrea
        (531, 1998, UCDP_TOTAL),
        (640, 1990, "sb_total_deaths"),  # Turkey
        (640, 1990, UCDP_TOTAL),
        (750, 2004, "sb_total_deaths"),  # India
        (780, 1998, "sb_total_deaths"),  # Sri Lanka
        (780, 1998, UCDP_TOTAL),
    }
)
_UCDP_NAMES = {name: (cid, iso) for cid, (iso, name) in UCDP_COUNTRIES.items()}


def ucdp_last_year(version):
    """The last year a UCDP release covers: release ``25.1`` is the one of 2025, which covers
    the years to 2024."""
    if not _VERSION.fullmatch(version):
        raise RecordError(f"UCDP version {version!r} is not a release number (25.1)")
    return 2000 + int(version.split(".")[0]) - 1


def ucdp_country_id(iso):
    """UCDP's country id for an ISO 3166 alpha-3 code the book reads, or a named error."""
    for cid, (code, _) in UCDP_COUNTRIES.items():
        if code == iso:
            return cid
    known = sorted(code for code, _ in UCDP_COUNTRIES.values())
    raise RecordCodeError(f"no UCDP country id known for {iso!r}; known: {known}")


def _ucdp_row(row, where, version, last_year):
    if row["version"] != version:
        raise RecordError(
            f"{where}: version {row['version']!r}, but the registry records {version}"
        )
    year = row["year_cy"]
    if not re.fullmatch(r"[0-9]{4}", year) or not UCDP_FIRST_YEAR <= int(year) <= last_year:
        raise RecordDateError(
            f"{where}: year_cy {year!r} is not a year from {UCDP_FIRST_YEAR} to {last_year} "
            f"(the years version {version} covers)"
        )
    cid, name = _whole(row, "country_id_cy", where, RecordCodeError), row["country_cy"]
    known = UCDP_COUNTRIES.get(cid)
    if (known and known[1] != name) or (name in _UCDP_NAMES and _UCDP_NAMES[name][0] != cid):
        expected = f"is {known[1]!r}" if known else f"of {name!r} is {_UCDP_NAMES[name][0]}"
        raise RecordCodeError(
            f"{where}: unknown country code: country_id_cy {cid} with country_cy {name!r} "
            f"(the id {expected})"
        )
    if not name.strip():
        raise RecordCodeError(f"{where}: country_cy is empty")
    deaths = {}
    for stem in UCDP_DEATHS:
        low, best, high = (_whole(row, f"{stem}_{b}_cy", where) for b in BOUNDS)
        if not low <= best <= high and (cid, int(year), stem) not in UCDP_UNBRACKETED:
            raise RecordValueError(
                f"{where}: {stem}: low {low}, best {best}, high {high}; expected low ≤ best ≤ high"
            )
        deaths[stem] = (low, best, high)
    parts = [sum(deaths[stem][i] for stem in UCDP_DEATHS[:-1]) for i in range(len(BOUNDS))]
    if list(deaths[UCDP_TOTAL]) != parts:
        raise RecordValueError(
            f"{where}: {UCDP_TOTAL} (low, best, high) {deaths[UCDP_TOTAL]} is not the sum of "
            f"state-based, non-state and one-sided deaths {tuple(parts)}"
        )
    governments, main, groups = (
        [_whole(row, f"{stem}_{b}_cy", where) for b in BOUNDS] for stem in UCDP_ONE_SIDED_BY
    )
    for i, bound in enumerate(BOUNDS):
        if governments[i] + groups[i] != deaths[UCDP_ONE_SIDED][i]:
            raise RecordValueError(
                f"{where}: one-sided deaths ({bound}) {deaths[UCDP_ONE_SIDED][i]} are not "
                f"governments' {governments[i]} plus groups' {groups[i]} killings"
            )
        if main[i] > governments[i]:
            raise RecordValueError(
                f"{where}: the main government's killings ({bound}) {main[i]} exceed all "
                f"governments' {governments[i]}"
            )
    return cid, int(year)


_WHOLE_COLUMN = re.compile(r"[0-9]+(?:\n[0-9]+)*")
_YEAR_COLUMN = re.compile(r"[0-9]{4}(?:\n[0-9]{4})*")


def _ucdp_columns(header, records, version):
    """The UCDP columns as arrays (``int64`` for ids, years and deaths), if every field has the
    form its column needs; ``None`` if any has not (then every row is checked one by one)."""
    columns = list(zip(*records, strict=True))
    field = {c: columns[header.index(c)] for c in UCDP_COLUMNS}
    if set(field["version"]) != {version} or not all(n.strip() for n in field["country_cy"]):
        return None
    if not _YEAR_COLUMN.fullmatch("\n".join(field["year_cy"])):
        return None
    out = {c: np.array(field[c], dtype=object) for c in _UCDP_TEXT}
    for column in UCDP_COLUMNS:
        if column in (*_UCDP_TEXT, "year_cy"):
            continue
        if not _WHOLE_COLUMN.fullmatch("\n".join(field[column])):
            return None
    for column in UCDP_COLUMNS:
        if column not in _UCDP_TEXT:
            values = field[column]
            out[column] = np.fromiter(map(int, values), dtype=np.int64, count=len(values))
    return out


def _ucdp_suspects(columns, last_year):
    """A mask of the rows :func:`_ucdp_row` might still refuse once every field has its form:
    a year outside the version's, a known country under another id or name, bounds that do not
    bracket the best estimate, a total that is not the sum of its types. Only these rows are
    checked one by one (the rule and its message stay in :func:`_ucdp_row`)."""
    year, cid = columns["year_cy"], columns["country_id_cy"]
    suspect = (year < UCDP_FIRST_YEAR) | (year > last_year)
    for known, (_, name) in UCDP_COUNTRIES.items():
        suspect |= (cid == known) != (columns["country_cy"] == name)
    for stem in UCDP_DEATHS:
        low, best, high = (columns[f"{stem}_{b}_cy"] for b in BOUNDS)
        suspect |= (low > best) | (best > high)
    for bound in BOUNDS:
        parts = sum(columns[f"{stem}_{bound}_cy"] for stem in UCDP_DEATHS[:-1])
        suspect |= columns[f"{UCDP_TOTAL}_{bound}_cy"] != parts
        governments, main, groups = (columns[f"{s}_{bound}_cy"] for s in UCDP_ONE_SIDED_BY)
        suspect |= governments + groups != columns[f"{UCDP_ONE_SIDED}_{bound}_cy"]
        suspect |= main > governments
    return suspect


def ucdp(source_id, path=None, record_dir=None):
    """UCDP's Country-Year Dataset on Organized Violence within Country Borders, one registered
    version, verified and checked row by row: the years the version covers, known country
    codes, whole non-negative deaths, low ≤ best ≤ high (but :data:`UCDP_UNBRACKETED`), the
    total the sum of its three types, one-sided deaths the sum of governments' and groups'
    killings (:data:`UCDP_ONE_SIDED_BY`), one row per country and year, one name per country id.

    Returns a DataFrame of :data:`UCDP_COLUMNS` (ids, years and deaths as integers); nothing is
    returned unless every row passed.
    """
    source = load_sources(path)[source_id]
    if source.dataset != UCDP:
        raise RecordError(f"{source.where}: dataset {source.dataset!r} is not {UCDP}")
    file, header, records, lines = _table(source, record_dir, UCDP_COLUMNS)
    last_year = ucdp_last_year(source.version)
    columns = _ucdp_columns(header, records, source.version)
    check = range(len(records)) if columns is None else _ucdp_suspects(columns, last_year)
    for i in check if columns is None else check.nonzero()[0]:
        row = _row(header, records[i], lines[i])
        _ucdp_row(row, f"{file}: line {row.line}", source.version, last_year)
    if columns is None:  # a field the fast reading refused passed the row check: cannot be
        raise RecordError(f"{file}: a field is not of its column's form")
    names, seen = {}, {}
    keys = zip(
        columns["country_id_cy"].tolist(),
        columns["country_cy"],
        columns["year_cy"].tolist(),
        strict=True,
    )
    for line, (cid, name, year) in zip(lines, keys, strict=True):
        first = names.setdefault(cid, (name, line))
        if first[0] != name:
            raise RecordCodeError(
                f"{file}: line {line}: country_id_cy {cid} is {name!r} here, {first[0]!r} on "
                f"line {first[1]}"
            )
        if (cid, year) in seen:
            raise RecordError(
                f"{file}: line {line}: country {cid} in {year} is also on line {seen[cid, year]}"
            )
        seen[cid, year] = line
    frame = pd.DataFrame({c: columns[c] for c in UCDP_COLUMNS})
    return frame.astype({c: str for c in _UCDP_TEXT})


# --- Geo-PKO: mission sites and contributors (dashboard aggregates) ------------------------

GEO_PKO_SITE_COLUMNS = ("mission", "year", "country", "location", "latitude", "longitude")
GEO_PKO_CONTRIBUTOR_COLUMNS = (
    "mission",
    "year",
    "location",
    "latitude",
    "longitude",
    "No.TCC",
    "year.overview",
)
GEO_PKO_YEARS = (1994, 2024)  # the years version 2.3 covers (the dataset's own page)
#: Geo-PKO's mission acronyms: the UN Hub's, and the phases and missions it spells its own way
GEO_PKO_MISSIONS = MISSIONS | frozenset(
    {"BINUB", "MINUCI", "UNAVEM II", "UNAVEM III", "UNMOP", "UNOMIL", "UNOMSIL", "UNOMUR"}
    | {"UNOSOM II"}
)
#: the host country, as Geo-PKO names it, of each mission the book reads
GEO_PKO_HOSTS = {"MINUSMA": "Mali"}
#: one contributor in ``year.overview``: "Norway (150)" or "Nepal (size unknown)"
_CONTRIBUTOR = re.compile(r"(?P<name>[^,]+?) \((?:\d+|size unknown)\)")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _geo_pko_row(row, where):
    if row["mission"] not in GEO_PKO_MISSIONS:
        raise RecordCodeError(f"{where}: unknown mission {row['mission']!r}")
    year = row["year"]
    first, last = GEO_PKO_YEARS
    if not re.fullmatch(r"\d{4}", year) or not first <= int(year) <= last:
        raise RecordDateError(
            f"{where}: year {year!r} is not a year from {first} to {last} (the years of v2.3)"
        )
    for column, limit in (("latitude", 90), ("longitude", 180)):
        value = row[column]
        if not _NUMBER.fullmatch(value) or abs(float(value)) > limit:
            raise RecordValueError(f"{where}: {column} {value!r} is not a number within ±{limit}")
    if not row["location"].strip():
        raise RecordValueError(f"{where}: location is empty")


def _drop_exact_duplicates(frame, header):
    """``frame`` without rows that repeat an earlier row in every published column, and how
    many it dropped (kept in ``frame.attrs["duplicates"]``)."""
    repeated = frame.duplicated(subset=list(header), keep="first")
    out = frame[~repeated].reset_index(drop=True)
    out.attrs["duplicates"] = int(repeated.sum())
    return out


def _geo_pko_frame(records, header, columns):
    frame = pd.DataFrame(records, columns=header)
    frame = _drop_exact_duplicates(frame, header)
    out = frame[list(columns)].astype({"year": "int64", "latitude": float, "longitude": float})
    out.attrs = frame.attrs
    return out


def geo_pko_sites(source_id, path=None, record_dir=None):
    """Geo-PKO's ``FrontMap`` (one registered version): a row per location a mission's
    deployment maps show in a year (often several maps a year, so a location may repeat with
    other estimates). Checked row by row: known missions (in their host country, for
    :data:`GEO_PKO_HOSTS`), years of the version, coordinates on the globe.

    Returns :data:`GEO_PKO_SITE_COLUMNS`, exact duplicate rows dropped and counted in
    ``attrs["duplicates"]``. Troop figures are estimates read off map symbols; not returned.
    """
    source = load_sources(path)[source_id]
    if source.dataset != GEO_PKO_SITES:
        raise RecordError(f"{source.where}: dataset {source.dataset!r} is not {GEO_PKO_SITES}")
    file, header, records, lines = _table(source, record_dir, GEO_PKO_SITE_COLUMNS)
    for fields, line in zip(records, lines, strict=True):
        row = _row(header, fields, line)
        where = f"{file}: line {row.line}"
        _geo_pko_row(row, where)
        host = GEO_PKO_HOSTS.get(row["mission"])
        if not row["country"].strip() or (host and row["country"] != host):
            raise RecordCodeError(
                f"{where}: unknown country {row['country']!r} for {row['mission']}"
                + (f" (its host is {host})" if host else "")
            )
    return _geo_pko_frame(records, header, GEO_PKO_SITE_COLUMNS)


def contributors(overview, where="year.overview"):
    """The contributing countries an overview lists, in order: "Benin (150), Norway (35)" ->
    ``("Benin", "Norway")``; a named error for anything else."""
    items = overview.split(", ")
    found = [_CONTRIBUTOR.fullmatch(item) for item in items]
    if not all(found):
        bad = items[found.index(None)]
        raise RecordValueError(f"{where}: {bad!r} is not a contributor as 'Name (size)'")
    return tuple(m["name"] for m in found)


def geo_pko_contributors(source_id, path=None, record_dir=None):
    """Geo-PKO's ``TCCMap`` (one registered version): a row per location and year with the
    troop-contributing countries listed there. Checked like :func:`geo_pko_sites`, and each
    overview read as "Name (size)" items, as many as ``No.TCC`` says.

    Returns the columns mission, year, location, latitude, longitude and ``contributors`` (a
    tuple of names as written), exact duplicate rows dropped and counted in
    ``attrs["duplicates"]``.
    """
    source = load_sources(path)[source_id]
    if source.dataset != GEO_PKO_CONTRIBUTORS:
        raise RecordError(
            f"{source.where}: dataset {source.dataset!r} is not {GEO_PKO_CONTRIBUTORS}"
        )
    file, header, records, lines = _table(source, record_dir, GEO_PKO_CONTRIBUTOR_COLUMNS)
    for fields, line in zip(records, lines, strict=True):
        row = _row(header, fields, line)
        where = f"{file}: line {row.line}"
        _geo_pko_row(row, where)
        listed = contributors(row["year.overview"], f"{where}: year.overview")
        if _whole(row, "No.TCC", where) != len(listed):
            raise RecordValueError(
                f"{where}: No.TCC {row['No.TCC']} but year.overview lists {len(listed)}"
            )
    columns = [c for c in GEO_PKO_CONTRIBUTOR_COLUMNS if c not in ("No.TCC", "year.overview")]
    frame = _geo_pko_frame(records, header, [*columns, "year.overview"])
    out = frame[columns].assign(contributors=frame["year.overview"].map(contributors))
    out.attrs = frame.attrs
    return out


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


#: the reader of each dataset the registry may name
# --- RADPKO: deployed uniformed personnel by base, contributor and year (context) -------------

RADPKO = "RADPKO-bases-cc-y"
#: the columns before the contributors' groups, as the file publishes them
RADPKO_LEAD = (
    "mission", "country", "base", "date", "year", "latitude", "longitude", "pko_deployed",
    "mltipko_deployed", "contributing_countries", "untrp", "unpol", "unmob", "f_untrp",
    "f_unpol", "f_unmob", "afr_pko", "afr_untrp", "afr_unpol", "afr_unmob", "asian_pko",
    "asian_untrp", "asian_unpol", "asian_unmob", "west_pko", "west_untrp", "west_unpol",
    "west_unmob", "cc_present", "afr_cc", "asian_cc", "west_cc",
)  # fmt: skip
RADPKO_TEXT = ("mission", "country", "base", "date", "cc_present", "afr_cc", "asian_cc", "west_cc")
#: each contributor's group of columns: NAME (a unit count), then NAME_pko (all uniformed),
#: NAME_untrp (troops), NAME_unpol (police), NAME_unmob (military observers)
RADPKO_GROUP = ("", "_pko", "_untrp", "_unpol", "_unmob")
RADPKO_MISSIONS = frozenset(
    "UNAMSIL MONUC ONUB UNMIL UNOCI UNMIS UNAMID MINURCAT MONUSCO UNISFA UNMISS MINUSMA "
    "MINUSCA".split()
)
RADPKO_MISSING = "NaN"  # how the file writes a mean it could not take
_CONTRIBUTOR_COLUMN = re.compile(r"[a-z]+(\.[a-z]+)*")
_MEAN = re.compile(r"\d+(\.\d+)?(e-?\d+)?")


def _radpko_header(file, header):
    """The contributors' column names in file order, once the header is the lead columns and
    then whole groups of :data:`RADPKO_GROUP`; else a named error."""
    if tuple(header[: len(RADPKO_LEAD)]) != RADPKO_LEAD:
        raise RecordColumnError(
            f"{file}: header (line 1): the first {len(RADPKO_LEAD)} columns are not "
            f"{','.join(RADPKO_LEAD)!r}"
        )
    rest = header[len(RADPKO_LEAD):]
    names = rest[:: len(RADPKO_GROUP)]
    for i, name in enumerate(names):
        group = rest[i * len(RADPKO_GROUP): (i + 1) * len(RADPKO_GROUP)]
        if not _CONTRIBUTOR_COLUMN.fullmatch(name) or group != [name + s for s in RADPKO_GROUP]:
            raise RecordColumnError(
                f"{file}: header (line 1): contributor columns {','.join(group)!r} are not "
                f"one group {','.join(name + s for s in RADPKO_GROUP)!r}"
            )
    return names


def radpko(source_id, path=None, record_dir=None):
    """RADPKO's base-year means (one registered version): a row per mission, base and year,
    each a mean over the months the base reported of the uniformed personnel deployed there,
    in all and by contributor. Checked row by row: known missions, a year that is the date's,
    means that are numbers of 0 or more (or the file's ``NaN``).

    Returns the rows with ``year`` as int and the means as float (``NaN`` where the file has
    it); ``attrs["contributors"]`` lists the contributors' column names.
    """
    source = load_sources(path)[source_id]
    if source.dataset != RADPKO:
        raise RecordError(f"{source.where}: dataset {source.dataset!r} is not {RADPKO}")
    file, header, records, lines = _table(source, record_dir, RADPKO_LEAD)
    names = _radpko_header(file, header)
    numeric = [c for c in header if c not in RADPKO_TEXT]
    for fields, line in zip(records, lines, strict=True):
        row = _row(header, fields, line)
        where = f"{file}: line {row.line}"
        if row["mission"] not in RADPKO_MISSIONS:
            raise RecordCodeError(f"{where}: unknown mission {row['mission']!r}")
        day = _day(row["date"])
        if day is None or row["year"] != str(day.year):
            raise RecordDateError(
                f"{where}: year {row['year']!r} is not the year of date {row['date']!r}"
            )
        for column, limit in (("latitude", 90), ("longitude", 180)):
            if row[column] == RADPKO_MISSING:  # a base the file could not place
                continue
            if not _NUMBER.fullmatch(row[column]) or abs(float(row[column])) > limit:
                raise RecordValueError(f"{where}: {column} {row[column]!r} is off the globe")
        for column in numeric:
            value = row[column]
            if column in ("latitude", "longitude", "year"):
                continue
            if value != RADPKO_MISSING and not _MEAN.fullmatch(value):
                raise RecordValueError(
                    f"{where}: {column} {value!r} is not a mean of 0 or more"
                )
    frame = pd.DataFrame(records, columns=header)
    frame[numeric] = frame[numeric].astype(float)
    frame["year"] = frame["year"].astype(int)
    frame.attrs["contributors"] = list(names)
    return frame


READERS = {
    FATALITIES: fatalities,
    FACTS: facts,
    DAC2A: dac2a,
    UCDP: ucdp,
    GEO_PKO_SITES: geo_pko_sites,
    GEO_PKO_CONTRIBUTORS: geo_pko_contributors,
    RADPKO: radpko,
}


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
        counts[source.id] = len(READERS[source.dataset](source.id, path, record_dir))
    return counts
