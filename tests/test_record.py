"""The public record (data/record/): the vendored bytes, the strict loaders and the figures the
book takes from them. Each bad-input test breaks a scratch copy and expects the named error
with the file (and line)."""

import hashlib
import math

import pytest

from sahel import paths
from sahel.evidence import record
from sahel.evidence.record import (
    RecordAlignmentError,
    RecordAlteredError,
    RecordCodeError,
    RecordColumnError,
    RecordDateError,
    RecordError,
    RecordValueError,
)
from tests.book import copy_registered
from tests.conftest import rewrite

UN_2025, UN_2023 = "R-UNFAT-2025", "R-UNFAT-2023"
SHA256SUMS = paths.ROOT.parent / "shared" / "reference" / "SHA256SUMS"


@pytest.fixture
def copy(tmp_path):
    """A scratch copy of data/record/ and its registry: (registry, record_dir)."""
    return copy_registered(tmp_path, record.RECORD_DIR, record.RECORD_SOURCES_CSV)


def reregister(registry, record_dir, source_id):
    """Record the (edited) file's new sha256 and size, so the row checks are reached."""
    source = record.load_sources(registry)[source_id]
    data = (record_dir / source.file).read_bytes()
    rewrite(registry, source.sha256, hashlib.sha256(data).hexdigest())
    rewrite(registry, f",{source.bytes},", f",{len(data)},")


def test_registered_digests_are_the_files():
    for source in record.load_sources().values():
        data = (record.RECORD_DIR / source.file).read_bytes()
        assert (hashlib.sha256(data).hexdigest(), len(data)) == (source.sha256, source.bytes)


@pytest.mark.skipif(not SHA256SUMS.is_file(), reason="no shared reference folder beside the repo")
def test_vendored_bytes_equal_the_published_sums():
    sums = {}
    for line in SHA256SUMS.read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        sums[name.rsplit("/", 1)[-1]] = digest
    for source in record.load_sources().values():
        assert sums[source.file] == source.sha256


def test_the_committed_record_loads():
    aid = {f"R-ODA-{year}": 275 for year in range(2010, 2020)}
    assert record.verify_all() == {
        UN_2025: 4429,
        UN_2023: 4350,
        "R-OFFICIAL": 21,
        "R-UCDP": 6936,
        "R-GEOPKOSITES": 8783,
        "R-GEOPKOTCC": 4927,
        "R-RADPKO": 2652,
        **aid,
    }


def test_one_altered_byte_stops_naming_the_file(copy):
    registry, record_dir = copy
    file = record_dir / "DPPADPOSS-FATALITIES_lastupdate-2025-04-04.csv"
    data = bytearray(file.read_bytes())
    data[-2] = ord("3") if data[-2] != ord("3") else ord("4")
    file.write_bytes(bytes(data))
    with pytest.raises(
        RecordAlteredError, match=r"DPPADPOSS-FATALITIES_lastupdate-2025-04-04\.csv"
    ):
        record.fatalities(UN_2025, registry, record_dir)


def test_missing_column_is_named(copy):
    registry, record_dir = copy
    rewrite(record_dir / "DPPADPOSS-FATALITIES_lastupdate-2025-04-04.csv", ",isocode3,", ",")
    reregister(registry, record_dir, UN_2025)
    with pytest.raises(
        RecordColumnError, match=r"2025-04-04\.csv: header \(line 1\): missing column isocode3"
    ):
        record.fatalities(UN_2025, registry, record_dir)


@pytest.mark.parametrize(
    ("new", "what"),
    [
        ("1,1948-07-36,", r"line 2: incident_date '1948-07-36' is not a date"),
        ("1,2025-05-06,", r"line 2: incident_date 2025-05-06 is outside"),
    ],
)
def test_bad_or_out_of_range_date_names_file_and_line(copy, new, what):
    registry, record_dir = copy
    rewrite(record_dir / "DPPADPOSS-FATALITIES_lastupdate-2025-04-04.csv", "1,1948-07-06,", new)
    reregister(registry, record_dir, UN_2025)
    with pytest.raises(RecordDateError, match=rf"2025-04-04\.csv: {what}"):
        record.fatalities(UN_2025, registry, record_dir)


@pytest.mark.parametrize(
    ("old", "new", "what"),
    [
        (",UNTSO,Fatality,", ",UNTSOO,Fatality,", "mission_acronym 'UNTSOO'"),
        (",250.0,FRA,", ",250.0,FRX,", "isocode3 'FRX'"),
        (",250.0,FRA,", ",251.0,FRA,", "m49_code '251.0'"),
        (
            ",Military,Malicious Act,250",
            ",Military,Hostile Act,250",
            "type_of_incident 'Hostile Act'",
        ),
    ],
)
def test_unknown_code_names_file_and_line(copy, old, new, what):
    registry, record_dir = copy
    rewrite(record_dir / "DPPADPOSS-FATALITIES_lastupdate-2025-04-04.csv", old, new)
    reregister(registry, record_dir, UN_2025)
    with pytest.raises(RecordCodeError, match=rf"2025-04-04\.csv: line 2: .*{what}"):
        record.fatalities(UN_2025, registry, record_dir)


def test_fact_with_bad_date_or_url_is_refused(copy):
    registry, record_dir = copy
    rewrite(
        record_dir / "official_record.csv",
        ",2023-06-30,United Nations",
        ",2023-06-31,United Nations",
    )
    reregister(registry, record_dir, "R-OFFICIAL")
    with pytest.raises(RecordDateError, match=r"official_record\.csv: line 2: fact R01: date"):
        record.facts("R-OFFICIAL", registry, record_dir)
    rewrite(
        record_dir / "official_record.csv",
        ",2023-06-31,United Nations",
        ",2023-06-30,United Nations",
    )
    rewrite(record_dir / "official_record.csv", "https://press.un.org", "http://press.un.org")
    reregister(registry, record_dir, "R-OFFICIAL")
    with pytest.raises(RecordError, match=r"line 7: fact R06: url 'http://press"):
        record.facts("R-OFFICIAL", registry, record_dir)


def test_unregistered_file_in_record_is_refused(copy, tmp_path):
    registry, record_dir = copy
    (record_dir / "extra.csv").write_text("a\n1\n", encoding="utf-8")
    bib = paths.BOOK / "references.bib"
    with pytest.raises(RecordError, match=r"files not in .*\['extra\.csv'\]"):
        record.verify_all(registry, record_dir, bib)


def test_every_cited_page_has_one_bib_entry():
    facts = record.facts()
    keys = record.page_bibkeys(facts[facts["topic"] == "minusma.authorized_strength"]["url"][:2])
    assert set(keys.values()) == {"MINUSMAmandate", "UN2018sc13400"}
    with pytest.raises(RecordError, match="0 entries with url"):
        record.page_bibkeys(["https://example.org/not-cited"])


def test_minusma_deaths_in_the_2025_file():
    frame = record.fatalities(UN_2025)
    minusma = frame[frame["mission_acronym"] == "MINUSMA"]
    assert len(minusma) == 311
    assert (minusma["type_of_incident"] == record.MALICIOUS).sum() == 174
    assert not (minusma["isocode3"] == "NOR").any()


# --- OECD DAC Table 2a -----------------------------------------------------------------------

FIVE = ["MLI", "BFA", "MRT", "NER", "TCD"]
DAC_2010, DAC_2019 = "ODA-2010-DAC2a.csv", "ODA-2019-DAC2a.csv"


def test_dac_files_read_with_either_header_and_find_the_five_recipients():
    old, new = record.dac2a("R-ODA-2010"), record.dac2a("R-ODA-2019")
    assert (old.attrs["year"], new.attrs["year"]) == (2010, 2019)
    assert list(old.columns[:3]) == ["recipient", "Official Donors, Total", record.DAC_TOTAL]
    rows = record.aid_rows(old, FIVE)
    assert list(rows["recipient"]) == ["Mali", "Burkina Faso", "Mauritania", "Niger", "Chad"]
    assert list(rows["Norway"]) == [15.95, 0.82, 0.59, 3.49, 1.65]
    assert list(rows[record.DAC_TOTAL]) == [684.96, 440.78, 101.71, 375.17, 289.73]
    later = record.aid_rows(new, ["TCD", "MLI"]).set_index("iso_a3")["Norway"]
    assert later["MLI"] == 29.63 and math.isnan(later["TCD"])  # an empty cell is no data


def test_a_negative_value_is_read_as_published():
    chad = record.aid_rows(record.dac2a("R-ODA-2011"), ["TCD"])
    assert chad["Norway"].iloc[0] == -0.01


def test_dac_altered_byte_stops_naming_the_file(copy):
    registry, record_dir = copy
    file = record_dir / DAC_2019
    data = bytearray(file.read_bytes())
    data[200] = ord("x") if data[200] != ord("x") else ord("y")
    file.write_bytes(bytes(data))
    with pytest.raises(RecordAlteredError, match=r"ODA-2019-DAC2a\.csv: sha256"):
        record.dac2a("R-ODA-2019", registry, record_dir)


#: a Table 2a file broken in one known way: (year, [(text, replacement)], error, message)
DAC_BREAKS = {
    "missing column": (
        2019, [('"Norway",', '"Norge",')],
        RecordColumnError, r"ODA-2019-DAC2a\.csv: header \(line 1\): missing column Norway",
    ),
    "unknown first header cells": (
        2010, [('"","Donor(s)",', '"Country","Donor(s)",')],
        RecordColumnError, r"2010-DAC2a\.csv: header \(line 1\): starts",
    ),
    # a header one name short at its start and one long at its end has the row's length, but
    # every name sits over its neighbour's values: the DAC total no longer adds up
    "header shifted against its values": (
        2010,
        [
            ('"Official Donors, Total",', ""),
            ('"United Postcode Lotteries, Total"', '"United Postcode Lotteries, Total","Extra"'),
        ],
        RecordAlignmentError, r"2010-DAC2a\.csv: line \d+ \(.+\): .*does not line up",
    ),
    "columns swapped in the header": (
        2010,
        [(
            '"Official Donors, Total","DAC Countries, Total"',
            '"DAC Countries, Total","Official Donors, Total"',
        )],
        RecordAlignmentError, r"2010-DAC2a\.csv: line \d+ \(.+\): .*does not line up",
    ),
    "member value off its total": (
        2010, [('"56.69",,"15.95"', '"56.69",,"25.95"')],
        RecordAlignmentError,
        r"line \d+ \(Mali\): the DAC member columns sum to 694\.96, but .* reads 684\.96",
    ),
    "row of another length": (
        2010, [('"Mali","",', '"Mali","","0",')],
        RecordAlignmentError, r"2010-DAC2a\.csv: line \d+: 157 cells",
    ),
    "bad value": (
        2010, [('"56.69",,"15.95"', '"56.69",,"15,95"')],
        RecordValueError, r"2010-DAC2a\.csv: line \d+: 'Norway' value '15,95'",
    ),
    "recipient named twice": (
        2010, [('"Chad","",', '"Mali","",')],
        RecordCodeError, r"recipient 'Mali' is also on line",
    ),
}


@pytest.mark.parametrize("case", list(DAC_BREAKS))
def test_a_broken_dac_file_is_refused_naming_file_line_and_problem(copy, case):
    year, edits, error, message = DAC_BREAKS[case]
    registry, record_dir = copy
    for text, replacement in edits:
        rewrite(record_dir / f"ODA-{year}-DAC2a.csv", text, replacement)
    reregister(registry, record_dir, f"R-ODA-{year}")
    with pytest.raises(error, match=message):
        record.dac2a(f"R-ODA-{year}", registry, record_dir)


def test_dac_unknown_recipient_is_named(copy):
    registry, record_dir = copy
    rewrite(record_dir / DAC_2010, '"Mali","",', '"Mali (Sahel)","",')
    reregister(registry, record_dir, "R-ODA-2010")
    frame = record.dac2a("R-ODA-2010", registry, record_dir)
    with pytest.raises(RecordCodeError, match=r"2010-DAC2a\.csv: unknown recipient MLI"):
        record.aid_rows(frame, FIVE)


def test_dac_version_must_be_the_year_its_file_is_named_for(copy):
    registry, _ = copy
    rewrite(registry, ",OECD-DAC2a,2010,", ",OECD-DAC2a,2011,")
    with pytest.raises(RecordDateError, match="not the year of disbursements"):
        record.load_sources(registry)
