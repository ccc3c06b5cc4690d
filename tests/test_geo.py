"""The vendored Natural Earth files: digests match the README, reading and reducing work."""

import hashlib
import shutil
import zipfile

import pytest
from shapely.geometry import Point, box

from sahel import paths
from sahel.evidence import geo


def test_every_vendored_file_matches_its_readme_row():
    table = geo.recorded()
    present = {p.name for p in paths.GEO.iterdir() if p.name != "README.md"}
    assert present == set(table)
    expected = {name for layer in geo.LAYERS for name in geo.layer_files(layer)}
    assert set(table) == expected
    for name, (size, digest) in table.items():
        data = (paths.GEO / name).read_bytes()
        assert len(data) == size, name
        assert hashlib.sha256(data).hexdigest() == digest, name


def test_readme_records_the_package_and_the_licence():
    text = (paths.GEO / "README.md").read_text(encoding="utf-8")
    assert geo.WHEEL in text and geo.WHEEL_SHA256 in text
    assert "public domain" in text


@pytest.fixture
def geo_copy(tmp_path):
    target = tmp_path / "geo"
    shutil.copytree(paths.GEO, target)
    return target


def test_altered_file_stops_reading(geo_copy):
    shp = geo_copy / f"{geo.COUNTRIES}.shp"
    data = bytearray(shp.read_bytes())
    data[-1] ^= 0xFF
    shp.write_bytes(bytes(data))
    with pytest.raises(geo.GeoDataError, match=r"naturalearth_lowres\.shp: sha256 .* altered"):
        geo.countries(geo_copy)


def test_missing_file_stops_reading(geo_copy):
    (geo_copy / f"{geo.PLACES}.dbf").unlink()
    with pytest.raises(geo.GeoDataError, match=r"naturalearth_cities\.dbf: recorded .* missing"):
        geo.place("Bamako", geo_copy)


def test_file_not_in_readme_is_refused(geo_copy):
    readme = geo_copy / "README.md"
    lines = [
        line
        for line in readme.read_text(encoding="utf-8").splitlines()
        if f"`{geo.COUNTRIES}.prj`" not in line
    ]
    readme.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(geo.GeoDataError, match=r"naturalearth_lowres\.prj: not recorded"):
        geo.countries(geo_copy)


def test_countries_read_with_names_codes_and_polygons():
    countries = geo.countries()
    assert len(countries) == 177
    mali = countries[countries["name"] == "Mali"].iloc[0]
    assert mali["iso_a3"] == "MLI"
    assert mali["geometry"].geom_type == "Polygon" and mali["geometry"].is_valid
    assert mali["geometry"].contains(Point(*geo.place("Bamako")))


def test_place_is_natural_earths_point_and_unknown_names_fail():
    lon, lat = geo.place("Bamako")
    assert (lon, lat) == pytest.approx((-8.001985, 12.6519605))
    with pytest.raises(geo.GeoDataError, match="expected one place named 'Atlantis', found 0"):
        geo.place("Atlantis")


def test_region_keeps_and_clips_countries_meeting_the_box():
    extent = (-18.5, 4.0, 25.5, 28.0)
    region = geo.region(geo.countries(), extent)
    assert {"MLI", "NER", "DZA"} <= set(region["iso_a3"])
    assert not {"NOR", "FRA", "ZAF"} & set(region["iso_a3"])
    frame = box(*extent).buffer(1e-9)
    assert all(frame.contains(g) for g in region["geometry"])
    algeria = region[region["iso_a3"] == "DZA"].iloc[0]["geometry"]
    assert algeria.bounds[3] <= extent[3]


def _fake_wheel(path):
    with zipfile.ZipFile(path, "w") as archive:
        for layer in geo.LAYERS:
            for name in geo.layer_files(layer):
                data = (paths.GEO / name).read_bytes()
                archive.writestr(f"{geo.WHEEL_FOLDER}/{layer}/{name}", data)
    return path


def test_vendor_refuses_a_wheel_with_another_digest(tmp_path):
    wheel = _fake_wheel(tmp_path / geo.WHEEL)
    with pytest.raises(geo.GeoDataError, match="expected 3bb6473c"):
        geo.vendor(wheel, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_vendor_extracts_the_layers_byte_for_byte(tmp_path, monkeypatch):
    wheel = _fake_wheel(tmp_path / geo.WHEEL)
    monkeypatch.setattr(geo, "WHEEL_SHA256", geo.sha256_of(wheel))
    table = geo.vendor(wheel, tmp_path / "out")
    recorded = geo.recorded()
    assert {r.file: (r.bytes, r.sha256) for r in table.itertuples()} == recorded
    for name in recorded:
        assert (tmp_path / "out" / name).read_bytes() == (paths.GEO / name).read_bytes()


def test_capitals_map_to_their_countries_from_the_vendored_data():
    capitals = geo.capitals()
    assert capitals["Bamako"] == "ML" and capitals["Nouakchott"] == "MR"
    assert capitals["Ottawa"] == "CA" and capitals["Niamey"] == "NE"
    assert capitals["Luxembourg"] == "LU"  # a city state is its own country
