"""MINUSMA's sites in Geo-PKO v2.3 (dashboard aggregates, estimates): the strict loaders' named
errors on scratch copies, exact duplicates dropped and counted, and the figures set beside the
report's "13 positions" and its two sites still closing, pinned to a direct read of the files."""

import csv

import pytest

from sahel.chapters import geo_pko, minusma
from sahel.evidence import record
from sahel.evidence.record import (
    RecordAlteredError,
    RecordCodeError,
    RecordColumnError,
    RecordDateError,
    RecordValueError,
)
from sahel.evidence.registry import load_registry
from sahel.provenance import evidence_of
from tests.book import copy_registered
from tests.conftest import rewrite
from tests.test_record import reregister

FRONT, TCC = "FrontMap_v.2.3.csv", "TCCMap_v.2.3.csv"
GAO_2022 = "MINUSMA,2022,Mali,Gao,16.27167,-0.04472,"


@pytest.fixture
def copy(tmp_path):
    return copy_registered(tmp_path, record.RECORD_DIR, record.RECORD_SOURCES_CSV)


@pytest.fixture(scope="module")
def sites():
    return record.geo_pko_sites(geo_pko.SITES)


@pytest.fixture(scope="module")
def contributors():
    return record.geo_pko_contributors(geo_pko.CONTRIBUTORS)


@pytest.fixture(scope="module")
def closing(corpus, ledger):
    return geo_pko.closing_sites(minusma.load_sites(corpus, ledger), ledger)


def direct(name):
    with (record.RECORD_DIR / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def line_of(file, text):
    lines = file.read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, start=1) if text in line)


def broken_sites(copy, old, new):
    registry, record_dir = copy
    rewrite(record_dir / FRONT, old, new)
    reregister(registry, record_dir, geo_pko.SITES)
    return registry, record_dir, line_of(record_dir / FRONT, new)


# --- the loaders -----------------------------------------------------------------------------


def test_one_altered_byte_stops_naming_the_file(copy):
    registry, record_dir = copy
    rewrite(record_dir / TCC, "Norway (150)", "Norway (151)")
    with pytest.raises(RecordAlteredError, match=r"TCCMap_v\.2\.3\.csv: sha256"):
        record.geo_pko_contributors(geo_pko.CONTRIBUTORS, registry, record_dir)


def test_missing_column_is_named(copy):
    registry, record_dir = copy
    rewrite(record_dir / FRONT, ",location,", ",place,")
    reregister(registry, record_dir, geo_pko.SITES)
    with pytest.raises(
        RecordColumnError, match=r"FrontMap_v\.2\.3\.csv: .*missing column location"
    ):
        record.geo_pko_sites(geo_pko.SITES, registry, record_dir)


@pytest.mark.parametrize(
    ("old", "new", "error", "what"),
    [
        (GAO_2022, GAO_2022.replace("2022", "2025"), RecordDateError, "year '2025'"),
        (GAO_2022, GAO_2022.replace("2022", "22"), RecordDateError, "year '22'"),
        (GAO_2022, GAO_2022.replace("MINUSMA", "MINUSMAH"), RecordCodeError, "mission"),
        (GAO_2022, GAO_2022.replace("Mali", "Niger"), RecordCodeError, "country 'Niger'"),
        (GAO_2022, GAO_2022.replace("16.27167", "96.27167"), RecordValueError, "latitude"),
        (GAO_2022, GAO_2022.replace(",Gao,", ",,"), RecordValueError, "location is empty"),
    ],
)
def test_bad_site_row_names_file_and_line(copy, old, new, error, what):
    registry, record_dir, line = broken_sites(copy, old, new)
    with pytest.raises(error, match=rf"FrontMap_v\.2\.3\.csv: line {line}: .*{what}"):
        record.geo_pko_sites(geo_pko.SITES, registry, record_dir)


@pytest.mark.parametrize(
    ("old", "new", "what"),
    [
        ("Norway (150), Senegal", "Norway 150, Senegal", r"'Norway 150' is not a contributor"),
        (',7,"Bangladesh (335)', ',6,"Bangladesh (335)', "No.TCC 6 but year.overview lists 7"),
    ],
)
def test_bad_contributor_row_names_file_and_line(copy, old, new, what):
    registry, record_dir = copy
    rewrite(record_dir / TCC, old, new)
    reregister(registry, record_dir, geo_pko.CONTRIBUTORS)
    line = line_of(record_dir / TCC, new)
    with pytest.raises(RecordValueError, match=rf"TCCMap_v\.2\.3\.csv: line {line}: .*{what}"):
        record.geo_pko_contributors(geo_pko.CONTRIBUTORS, registry, record_dir)


def test_exact_duplicates_are_dropped_and_counted(copy, sites):
    registry, record_dir = copy
    file = record_dir / FRONT
    row = next(line for line in file.read_text(encoding="utf-8").split("\n") if GAO_2022 in line)
    rewrite(file, row + "\n", row + "\n" + row + "\n" + row + "\n")
    reregister(registry, record_dir, geo_pko.SITES)
    twice = record.geo_pko_sites(geo_pko.SITES, registry, record_dir)
    assert twice.attrs["duplicates"] == 2
    assert len(twice) == len(sites)
    assert sites.attrs["duplicates"] == 0  # the published file repeats no row exactly


def test_the_loaders_give_what_a_direct_read_gives(sites, contributors):
    front, tcc = direct(FRONT), direct(TCC)
    assert len(sites) == len(front) == 8783
    assert len(contributors) == len(tcc) == 4927
    minusma_2023 = {
        r["location"] for r in front if r["mission"] == "MINUSMA" and r["year"] == "2023"
    }
    assert set(sites[(sites["mission"] == "MINUSMA") & (sites["year"] == 2023)]["location"]) == (
        minusma_2023
    )


# --- the figures -----------------------------------------------------------------------------


def test_the_closing_sites_come_from_the_sources_sites():
    assert geo_pko.names("Tombouctou (Timbuktu)") == {
        "Tombouctou (Timbuktu)",
        "Tombouctou",
        "Timbuktu",
    }
    assert geo_pko.appears(("Bamako", "Gao"), "Gao")
    assert not geo_pko.appears(("Bamako", "Gao"), "Timbuktu")


def test_locations_per_year_count_each_place_once(sites, closing):
    years = geo_pko.locations_by_year(sites).set_index("year")
    assert closing == ["Gao", "Timbuktu"]
    assert (years.at[2023, "rows"], years.at[2023, "locations"]) == (21, 12)
    assert years.at[2024, "names"] == ("Bamako", "Gao")
    assert int(years["locations"].max()) == 15


def test_the_table_and_its_figures(ledger, sites, contributors, closing):
    table = geo_pko.sites_table(sites, contributors, closing).set_index("year")
    assert table.loc[2023, ["Gao", "Timbuktu"]].tolist() == ["yes", "yes"]
    assert table.loc[2024, ["Gao", "Timbuktu"]].tolist() == ["yes", "no"]
    norway = table[table["Norway"] != geo_pko.NOT_LISTED]["Norway"]
    assert norway.to_dict() == dict.fromkeys([2016, 2017, 2019, 2021, 2022], "Bamako")
    registry = {s.id: s for s in load_registry()}
    year = geo_pko.seed_year(ledger, registry)
    figures = geo_pko.figures(sites, contributors, closing, year)
    assert all(evidence_of(v) is not None for v in figures.values() if any(map(str.isdigit, v)))
    assert year == 2023
    assert figures["pko_closing_at_seed"] == "both appear"
    assert figures["pko_last_year_closing"] == "Gao appears, Timbuktu does not"
    assert figures["pko_norway_gaps"] == "2018 and 2020"
    assert figures["pko_duplicates"] == "none"
    assert (figures["pko_norway_from"], figures["pko_norway_to"]) == (
        "September 2013",
        "November 2022",
    )
    assert figures["pko_norway_within"] == "all fall within it"
    assert geo_pko.norway_cite() == "{cite:p}`Forsvaret2022bifrost,ForsvaretsForum2022bifrost`"
    assert not geo_pko.within([2012, 2016], "2013-09", "2022-11")
    assert all(key.startswith("pko_") for key in figures)


# --- the drawdown on a map ------------------------------------------------------------------
# Values recomputed by hand from data/record/FrontMap_v.2.3.csv:
#   grep '^MINUSMA,' FrontMap_v.2.3.csv | cut -d, -f2 | sort -u        -> 2014 … 2024
#   grep '^MINUSMA,2024,' FrontMap_v.2.3.csv | cut -d, -f4 | sort -u   -> Bamako, Gao
#   grep '^MINUSMA,2023,' FrontMap_v.2.3.csv | cut -d, -f4 | sort -u   -> 12 places, Bamako and
#   Gao among them, so 10 of them are not on the 2024 maps; all years: 15 distinct places.


def test_the_map_draws_the_first_year_every_third_year_the_seed_year_and_the_last(sites):
    assert geo_pko.map_years(sites, 2023) == [2014, 2017, 2020, 2023, 2024]
    assert geo_pko.map_years(sites, 2023, step=5) == [2014, 2019, 2023, 2024]
    assert geo_pko.map_years(sites, 1999) == [2014, 2017, 2020, 2023, 2024]


def test_the_map_points_every_place_each_year_on_the_maps_or_not(sites, closing):
    points = geo_pko.map_points(sites, [2014, 2024], closing)
    assert points.groupby("year").size().to_dict() == {2014: 15, 2024: 15}
    on = points[points["on_maps"] == geo_pko.ON_MAPS]
    assert on.groupby("year").size().to_dict() == {2014: 13, 2024: 2}
    assert sorted(on[on["year"] == 2024]["location"]) == ["Bamako", "Gao"]
    labelled = points[(points["labelled"] == "yes") & (points["year"] == 2024)]
    assert sorted(labelled["location"]) == ["Gao", "Tombouctou (Timbuktu)"]
    gao = points[(points["location"] == "Gao") & (points["year"] == 2024)].iloc[0]
    assert (gao["latitude"], gao["longitude"]) == (16.27167, -0.04472)  # GAO_2022's row
    with pytest.raises(geo_pko.SitesError, match="no MINUSMA row in 2012"):
        geo_pko.map_points(sites, [2012, 2014])


def test_a_place_with_two_positions_is_refused(sites):
    moved = sites.copy()
    row = moved.index[(moved["mission"] == "MINUSMA") & (moved["location"] == "Gao")][0]
    moved.loc[row, "latitude"] = 17.0
    with pytest.raises(geo_pko.SitesError, match="'Gao' more than one position"):
        geo_pko.coordinates(moved)


def test_the_map_figures_count_what_the_maps_lost(sites):
    figures = geo_pko.map_figures(sites, [2014, 2017, 2020, 2023, 2024], 2023)
    assert figures["pko_map_counts"] == (
        "13 in 2014, 15 in 2017, 12 in 2020, 12 in 2023 and 2 in 2024"
    )
    assert figures["pko_gone_by_last"] == "10"
    assert figures["pko_last_year_locations"] == "2"
    assert all(evidence_of(v) is not None for v in figures.values())
    assert geo_pko.last_year_names(sites) == ["Bamako", "Gao"]
    assert geo_pko.map_title(sites, ["Timbuktu"]) == (
        "By 2024 the UN's maps showed MINUSMA only at Bamako and Gao"
    )


def test_labels_use_the_sources_name_for_a_place():
    assert geo_pko.label_name("Tombouctou (Timbuktu)", ["Gao", "Timbuktu"]) == "Timbuktu"
    assert geo_pko.label_name("Mopti/Sevare", ["Gao"]) == "Mopti/Sevare"


def test_the_map_box_is_the_host_country_with_a_margin():
    import pandas as pd
    from shapely.geometry import box

    countries = pd.DataFrame({"iso_a3": ["MLI"], "geometry": [box(-12, 10, 4, 25)]})
    assert geo_pko.map_extent(countries, pad=0.5) == (-12.5, 9.5, 4.5, 25.5)
    assert geo_pko.host(countries.assign(name=["Mali"])) == ("MLI", "Mali")
    with pytest.raises(geo_pko.SitesError, match="0 outlines coded 'NER'"):
        geo_pko.map_extent(countries, iso="NER")


def test_the_shown_table_has_four_columns_and_keeps_every_year(sites, contributors, closing):
    table = geo_pko.sites_table(sites, contributors, closing)
    shown = geo_pko.table_shown(table, closing).set_index("year")
    assert len(shown.columns) == 3  # with the year: four columns on a phone
    column = "Gao and Timbuktu on the maps"
    assert shown.loc[2023, column] == "both"
    assert shown.loc[2024, column] == "Gao only"
    assert len(shown) == len(table)
