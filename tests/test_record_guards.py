"""Every rule of the record's strict loaders (sahel/evidence/record.py) fails on a scratch copy
broken on purpose, one cell at a time, with the named error, file and line; and the boundary
of each range check passes. (tests/test_record.py holds the loaders' other cases.)"""

import csv
import hashlib
import io

import pytest

from sahel.evidence import record
from tests.book import copy_registered

UN = "R-UNFAT-2025"


@pytest.fixture
def copy(tmp_path):
    """A scratch copy of data/record/ and its registry: (registry, record_dir)."""
    return copy_registered(tmp_path, record.RECORD_DIR, record.RECORD_SOURCES_CSV)


def read(path):
    raw = path.read_text(encoding="utf-8")
    return raw, list(csv.reader(io.StringIO(raw, newline="")))


def write(path, rows, newline="\n"):
    out = io.StringIO()
    csv.writer(out, lineterminator=newline).writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")


def edit(path, match, changes):
    """Change ``changes`` ({column: value}) in the first row whose cells equal ``match``;
    returns the row's line number (the header is line 1; no multi-line cell comes before)."""
    _, rows = read(path)
    header = rows[0]
    for number, row in enumerate(rows[1:], start=2):
        if all(row[header.index(c)] == v for c, v in match.items()):
            for column, value in changes.items():
                row[header.index(column)] = value
            write(path, rows)
            return number
    raise AssertionError(f"no row {match} in {path}")


def reregister(registry, record_dir, source_id):
    """Record the edited file's new sha256 and size, so the row checks are reached."""
    _, rows = read(registry)
    header = rows[0]
    for row in rows[1:]:
        if row[header.index("id")] == source_id:
            data = (record_dir / row[header.index("file")]).read_bytes()
            row[header.index("sha256")] = hashlib.sha256(data).hexdigest()
            row[header.index("bytes")] = str(len(data))
    write(registry, rows)


# --- the registry, data/record_sources.csv ----------------------------------------------------

REGISTRY = [
    ("R-UCDP", {"sha256": "abc"}, r"sha256 'abc' is not 64 lowercase hex digits"),
    ("R-UCDP", {"bytes": "12k"}, r"bytes '12k' is not a whole number"),
    ("R-UCDP", {"file": "../x.csv"}, r"file '\.\./x\.csv' must be a bare file name in record/"),
    ("R-UCDP", {"file": ""}, r"file '' must be a bare file name"),
    ("R-UCDP", {"status": "maybe"}, r"status 'maybe' is not one of"),
    ("R-UCDP", {"dataset": "other"}, r"no reader for dataset 'other'"),
    ("R-ODA-2011", {"version": "2012"}, r"version '2012' is not the year of disbursements its "
                                        r"file 'ODA-2011-DAC2a\.csv' is named for"),
    ("R-ODA-2011", {"version": "11"}, r"version '11' is not the year of disbursements"),
    (UN, {"version": "April 2025"}, r"version 'April 2025' is not the dataset's last_update"),
    ("R-UCDP", {"version": "25"}, r"version '25' is not a release number \(25\.1\)"),
    ("R-UCDP", {"bibkey": ""}, r"a dataset the book cites needs a bibkey"),
    ("R-UCDP", {"url": "http://ucdp.uu.se/"}, r"url 'http://ucdp\.uu\.se/' is not an https URL"),
    ("R-UCDP", {"url": ""}, r"url is empty \(only a file of facts with URLs may omit it\)"),
    ("R-UCDP", {"commit": "abc"}, r"commit 'abc' is not 40 lowercase hex digits"),
    ("R-UCDP", {"publisher": ""}, r"publisher is empty"),
    ("R-UCDP", {"publisher": " "}, r"publisher ' ' starts or ends with a space"),
    ("R-UCDP", {"licence": ""}, r"licence is empty"),
    ("R-UCDP", {"file": "official_record.csv"}, r"file 'official_record\.csv' is also on line"),
]


@pytest.mark.parametrize(("source_id", "changes", "problem"), REGISTRY)
def test_registry_rule(copy, source_id, changes, problem):
    registry, _ = copy
    line = edit(registry, {"id": source_id}, changes)
    with pytest.raises(record.RecordError, match=rf"record_sources\.csv: line {line}: .*{problem}"):
        record.load_sources(registry)


def test_a_file_of_facts_may_omit_its_url_and_bibkey(copy):
    """The boundary of the url and bibkey rules: the facts file (URLs per row) needs neither."""
    registry, _ = copy
    edit(registry, {"id": "R-OFFICIAL"}, {"url": "", "bibkey": ""})
    assert record.load_sources(registry)["R-OFFICIAL"].url == ""


# --- rows of each dataset ---------------------------------------------------------------------

MALI_2012 = {"country_cy": "Mali", "year_cy": "2012"}
MINUSMA_2014 = {"mission": "MINUSMA", "year": "2014", "location": "Aguelhok"}

ROWS = [
    # UN fatalities (the 2025 version; first MINUSMA row)
    (UN, {"mission_acronym": "MINUSMA"}, {"id": "x"}, r"id 'x' is not a whole number"),
    (UN, {"mission_acronym": "MINUSMA"}, {"incident_date": "2023-02-30"},
     r"incident_date '2023-02-30' is not a date \(YYYY-MM-DD\)"),
    (UN, {"mission_acronym": "MINUSMA"}, {"last_update": "2025-04-05"},
     r"last_update '2025-04-05', but the registry records version 2025-04-04"),
    (UN, {"mission_acronym": "MINUSMA"}, {"incident_date": "1947-12-31"},
     r"incident_date 1947-12-31 is outside the dataset's range 1948-01-01 to 2025-04-04"),
    (UN, {"mission_acronym": "MINUSMA"}, {"incident_date": "2025-04-05"},
     r"incident_date 2025-04-05 is outside the dataset's range"),
    (UN, {"mission_acronym": "MINUSMA"}, {"mission_acronym": "MINUSMAX"},
     r"unknown mission_acronym 'MINUSMAX'"),
    (UN, {"mission_acronym": "MINUSMA"}, {"type_of_incident": "Fire"},
     r"unknown type_of_incident 'Fire'"),
    (UN, {"mission_acronym": "MINUSMA"}, {"casualty_personnel_type": "Pilot"},
     r"unknown casualty_personnel_type 'Pilot'"),
    (UN, {"mission_acronym": "MINUSMA"}, {"gender": "X"}, r"unknown gender 'X'"),
    (UN, {"mission_acronym": "MINUSMA"}, {"type_of_casualty": "Injury"},
     r"unknown type_of_casualty 'Injury'"),
    (UN, {"mission_acronym": "MINUSMA"}, {"isocode3": "XXX"},
     r"unknown isocode3 'XXX' \(not an ISO 3166 alpha-3 code\)"),
    (UN, {"mission_acronym": "MINUSMA"}, {"isocode3": ""}, r"isocode3 '' and m49_code .*: one is "
                                                            r"empty"),
    (UN, {"mission_acronym": "MINUSMA", "isocode3": "TCD"}, {"m49_code": "4.0"},
     r"m49_code '4\.0' is not the M49 code of TCD"),
    (UN, {"mission_acronym": "MINUSMA", "isocode3": "TCD"}, {"m49_code": "148.5"},
     r"m49_code '148\.5' is not the M49 code of TCD"),
    # UCDP organized violence, country-year
    ("R-UCDP", MALI_2012, {"year_cy": "2030"}, r"year_cy '2030' is not a year from 1989 to 2024"),
    ("R-UCDP", MALI_2012, {"year_cy": "2013"}, r"country 432 in 2013 is also on line"),
    ("R-UCDP", MALI_2012, {"country_cy": "Niger"},
     r"unknown country code: country_id_cy 432 with country_cy 'Niger' \(the id is 'Mali'\)"),
    ("R-UCDP", MALI_2012, {"sb_total_deaths_low_cy": "1000"},
     r"sb_total_deaths: low 1000, best 218, high \d+; expected low ≤ best ≤ high"),
    ("R-UCDP", MALI_2012, {"cumulative_total_deaths_in_orgvio_best_cy": "360"},
     r"cumulative_total_deaths_in_orgvio \(low, best, high\) \(\d+, 360, \d+\) is not the sum of "
     r"state-based, non-state and one-sided deaths \(\d+, 359, \d+\)"),
    # Geo-PKO deployment sites and contributors
    ("R-GEOPKOSITES", MINUSMA_2014, {"mission": "MINUSMAX"}, r"unknown mission 'MINUSMAX'"),
    ("R-GEOPKOSITES", MINUSMA_2014, {"year": "2030"}, r"year '2030' is not a year from"),
    ("R-GEOPKOSITES", MINUSMA_2014, {"latitude": "90.5"},
     r"latitude '90\.5' is not a number within ±90"),
    ("R-GEOPKOSITES", MINUSMA_2014, {"longitude": "east"},
     r"longitude 'east' is not a number within ±180"),
    ("R-GEOPKOSITES", MINUSMA_2014, {"location": " "}, r"location is empty"),
    ("R-GEOPKOSITES", MINUSMA_2014, {"country": "Niger"},
     r"unknown country 'Niger' for MINUSMA \(its host is Mali\)"),
    ("R-GEOPKOTCC", MINUSMA_2014, {"year.overview": "Bangladesh, Chad (150)"},
     r"'Bangladesh' is not a contributor as 'Name \(size\)'"),
    ("R-GEOPKOTCC", MINUSMA_2014, {"No.TCC": "3"}, r"No\.TCC 3 but year\.overview lists 2"),
    # the official facts
    ("R-OFFICIAL", {"id": "R01"}, {"id": "RR1"}, r"id 'RR1' is not of the form"),
    # (facts()' own "id is not a letter and two digits" is unreachable: read_rows refuses first)
    ("R-OFFICIAL", {"id": "R01"}, {"date": "2023-13"}, r"date '2023-13' is not a partial ISO "
                                                       r"date"),
    ("R-OFFICIAL", {"id": "R01"}, {"date": "2024/2023"},
     r"date range '2024/2023' ends before it begins"),
    ("R-OFFICIAL", {"id": "R01"}, {"url": "http://un.org/"}, r"url 'http://un\.org/' is not an "
                                                             r"https URL"),
    ("R-OFFICIAL", {"id": "R01"}, {"kind": "rumour"}, r"unknown kind 'rumour'"),
    ("R-OFFICIAL", {"id": "R01"}, {"topic": "Mandate End"},
     r"topic 'Mandate End' is not dotted lower case"),
    ("R-OFFICIAL", {"id": "R01"}, {"fact": ""}, r"fact is empty"),
    ("R-OFFICIAL", {"id": "R01"}, {"fact": " "}, r"fact ' ' starts or ends with a space"),
    ("R-OFFICIAL", {"id": "R01"}, {"page_title": ""}, r"page_title is empty"),
]
LOADERS = {
    UN: record.fatalities,
    "R-UCDP": record.ucdp,
    "R-GEOPKOSITES": record.geo_pko_sites,
    "R-GEOPKOTCC": record.geo_pko_contributors,
    "R-OFFICIAL": record.facts,
}


@pytest.mark.parametrize(("source_id", "match", "changes", "problem"), ROWS)
def test_row_rule(copy, source_id, match, changes, problem):
    registry, record_dir = copy
    source = record.load_sources(registry)[source_id]
    line = edit(record_dir / source.file, match, changes)
    reregister(registry, record_dir, source_id)
    with pytest.raises(record.RecordError, match=rf"{source.file}: line \d+\b.*{problem}") as err:
        LOADERS[source_id](source_id, registry, record_dir)
    assert f"line {line}" in str(err.value)  # the edited row, or the row it repeats


@pytest.mark.parametrize(
    ("source_id", "match", "changes"),
    [
        (UN, {"mission_acronym": "MINUSMA"}, {"incident_date": "2025-04-04"}),  # its last_update
        (UN, {"mission_acronym": "MINUSMA"}, {"incident_date": "1948-01-01"}),  # first day
        ("R-GEOPKOSITES", MINUSMA_2014, {"latitude": "-90"}),
        ("R-GEOPKOSITES", MINUSMA_2014, {"longitude": "180"}),
        ("R-OFFICIAL", {"id": "R01"}, {"date": "2023-06-30/2023-06-30"}),  # a one-day range
    ],
)
def test_the_bound_of_each_range_passes(copy, source_id, match, changes):
    registry, record_dir = copy
    source = record.load_sources(registry)[source_id]
    edit(record_dir / source.file, match, changes)
    reregister(registry, record_dir, source_id)
    assert len(LOADERS[source_id](source_id, registry, record_dir)) > 0


# --- DAC Table 2a (quoted cells, edited as text) ----------------------------------------------

MALI_2011 = '"Mali","","1267.62","777.22","3.19"'


@pytest.mark.parametrize(
    ("new", "problem"),
    [
        ('"Mali","","1267.62","lots","3.19"',
         r"'DAC Countries, Total' value 'lots' is not a number"),
        ('"Mali","","1267.62","","3.19"',
         r"\(Mali\): 'DAC Countries, Total' is empty but member columns hold values"),
        ('"Mali","","1267.62","977.22","3.19"',
         r"\(Mali\): the DAC member columns sum to 777\.2\d, but 'DAC Countries, Total' reads "
         r"977\.22; the header does not line up with the values"),
    ],
)
def test_dac_rule(copy, new, problem):
    registry, record_dir = copy
    file = record_dir / "ODA-2011-DAC2a.csv"
    text = file.read_text(encoding="utf-8")
    assert text.count(MALI_2011) == 1
    file.write_text(text.replace(MALI_2011, new), encoding="utf-8")
    reregister(registry, record_dir, "R-ODA-2011")
    with pytest.raises(record.RecordError, match=rf"ODA-2011-DAC2a\.csv.*{problem}"):
        record.dac2a("R-ODA-2011", registry, record_dir)
