"""Natural Earth geometry vendored in ``data/geo/``: verified, read, reduced to a map's box.

The files are byte-identical copies of the shapefiles that the geopandas 0.14.4 wheel ships in
``geopandas/datasets/`` (Natural Earth 1:110m admin-0 countries and populated places, public
domain). ``vendor()`` re-extracts them from that wheel. Before anything reads a layer,
``verify()`` checks each of its files' size and sha256 against the table in
``data/geo/README.md``, as ``corpus`` does for the seeds. Reading is done by pyshp (the
shapefile format) and shapely (the geometry); nothing here touches the network.

``python -m sahel.evidence.geo WHEEL [DEST]`` extracts the layers from a downloaded wheel into DEST
(default ``data/geo/``) and prints the README's table rows.
"""

import hashlib
import re
import sys
import zipfile
from functools import cache
from pathlib import Path

import pandas as pd
import pycountry
import shapefile
import shapely
from shapely.geometry import box, shape

from sahel import paths
from sahel.evidence.errors import SahelInputError

PACKAGE = "geopandas"
PACKAGE_VERSION = "0.14.4"
WHEEL = f"{PACKAGE}-{PACKAGE_VERSION}-py3-none-any.whl"
WHEEL_SHA256 = "3bb6473cb59d51e1a7fe2dbc24a1a063fb0ebdeddf3ce08ddbf8c7ddc99689aa"
WHEEL_FOLDER = "geopandas/datasets"
COUNTRIES = "naturalearth_lowres"
PLACES = "naturalearth_cities"
LAYERS = (COUNTRIES, PLACES)
PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
NE_VERSION = "5.1.1"
CREDIT = (
    f"Natural Earth 1:110m admin-0 countries and populated places (version {NE_VERSION}, "
    f"public domain), as shipped in the {PACKAGE} {PACKAGE_VERSION} package"
)
_ROW = re.compile(r"^\|\s*`([\w.-]+)`\s*\|\s*([\d,]+)\s*\|\s*`?([0-9a-f]{64})`?\s*\|", re.M)
NO_ISO = "-99"
CAPITAL_TOLERANCE_DEGREES = 0.5


class GeoDataError(SahelInputError):
    """A vendored geometry file is missing, altered or not recorded in data/geo/README.md."""


def layer_files(layer):
    """The file names of one shapefile layer, in PARTS order."""
    return [f"{layer}{ext}" for ext in PARTS]


def sha256_of(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def recorded(readme=None):
    """``{file: (bytes, sha256)}`` from the table in ``data/geo/README.md``."""
    readme = Path(readme or paths.GEO / "README.md")
    try:
        text = readme.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GeoDataError(f"{readme}: missing; it records the vendored files' digests") from None
    rows = {m[1]: (int(m[2].replace(",", "")), m[3]) for m in _ROW.finditer(text)}
    if not rows:
        raise GeoDataError(f"{readme}: no `file` | bytes | sha256 rows found")
    return rows


def verify(layer, geo_dir=None, readme=None):
    """Check every file of ``layer`` against the README's size and sha256; return their paths."""
    geo_dir = Path(geo_dir or paths.GEO)
    readme = Path(readme or geo_dir / "README.md")
    table = recorded(readme)
    found = []
    for name in layer_files(layer):
        path = geo_dir / name
        if name not in table:
            raise GeoDataError(f"{path}: not recorded in {readme}")
        if not path.is_file():
            raise GeoDataError(f"{path}: recorded in {readme} but missing")
        size, digest = table[name]
        actual = sha256_of(path)
        if actual != digest or path.stat().st_size != size:
            raise GeoDataError(
                f"{path}: sha256 {actual} ({path.stat().st_size} bytes), but {readme} records "
                f"{digest} ({size} bytes); the vendored file was altered"
            )
        found.append(path)
    return found


def read_layer(layer, geo_dir=None):
    """A verified layer as a DataFrame: its attribute columns plus shapely ``geometry``."""
    geo_dir = Path(geo_dir or paths.GEO)
    verify(layer, geo_dir)
    encoding = (geo_dir / f"{layer}.cpg").read_text(encoding="ascii").strip() or "utf-8"
    with shapefile.Reader(str(geo_dir / layer), encoding=encoding) as reader:
        rows = [
            {**item.record.as_dict(), "geometry": shape(item.shape.__geo_interface__)}
            for item in reader.iterShapeRecords()
        ]
    return pd.DataFrame(rows)


def countries(geo_dir=None):
    """The admin-0 countries: name, ISO 3166 alpha-3 code, continent and geometry."""
    frame = read_layer(COUNTRIES, geo_dir)
    return frame[["name", "iso_a3", "continent", "geometry"]]


def place(name, geo_dir=None):
    """``(longitude, latitude)`` of the populated place called ``name``; error unless one."""
    frame = read_layer(PLACES, geo_dir)
    hits = frame[frame["name"] == name]
    if len(hits) != 1:
        raise GeoDataError(
            f"{Path(geo_dir or paths.GEO) / PLACES}.dbf: expected one place named {name!r}, "
            f"found {len(hits)}"
        )
    point = hits.iloc[0]["geometry"]
    return float(point.x), float(point.y)


def region(frame, extent):
    """The rows whose geometry meets the box ``(lon_min, lat_min, lon_max, lat_max)``,
    with geometry clipped to it: the reduction the map draws."""
    frame = frame[[geom.intersects(box(*extent)) for geom in frame["geometry"]]].copy()
    frame["geometry"] = [shapely.clip_by_rect(geom, *extent) for geom in frame["geometry"]]
    frame = frame[[not geom.is_empty for geom in frame["geometry"]]]
    return frame.reset_index(drop=True)


def vendor(wheel, dest=None):
    """Extract the layers from the geopandas wheel into ``dest``; return file, bytes, sha256.

    The wheel's own sha256 must be the one recorded here, so a different build is refused.
    """
    wheel, dest = Path(wheel), Path(dest or paths.GEO)
    digest = sha256_of(wheel)
    if digest != WHEEL_SHA256:
        raise GeoDataError(f"{wheel}: sha256 {digest}, expected {WHEEL_SHA256} ({WHEEL})")
    dest.mkdir(parents=True, exist_ok=True)
    rows = []
    with zipfile.ZipFile(wheel) as archive:
        for layer in LAYERS:
            for name in layer_files(layer):
                data = archive.read(f"{WHEEL_FOLDER}/{layer}/{name}")
                (dest / name).write_bytes(data)
                rows.append(
                    {"file": name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                )
    return pd.DataFrame(rows)


def main(argv=None):
    argv = list(argv if argv is not None else sys.argv[1:])
    if not argv or len(argv) > 2:
        raise SystemExit("usage: python -m sahel.evidence.geo WHEEL [DEST]")
    table = vendor(*argv)
    for row in table.itertuples(index=False):
        print(f"| `{row.file}` | {row.bytes} | `{row.sha256}` |")


if __name__ == "__main__":
    main()


@cache
def capitals(geo_dir=None):
    """``{capital's name: ISO alpha-2}`` from the vendored Natural Earth capitals.

    A capital's country is the country polygon containing its point (the nearest one within
    half a degree, for coastal capitals the 1:110m outlines cut off). A capital whose own
    name is a country's name (a city state) is that country. Polygons whose ISO code Natural
    Earth leaves as -99 are identified by their name.
    """
    from sahel import countries as names

    frame = countries(geo_dir)
    places = read_layer(PLACES, geo_dir)
    found = {}
    for place_name, point in zip(places["name"], places["geometry"], strict=True):
        own = names.recognise(place_name)
        if own is not None and own.kind in ("name", "alias"):
            found[place_name] = own.alpha_2
            continue
        distances = [geom.distance(point) for geom in frame["geometry"]]
        best = min(range(len(distances)), key=distances.__getitem__)
        if distances[best] > CAPITAL_TOLERANCE_DEGREES:
            continue
        row = frame.iloc[best]
        country = (
            pycountry.countries.get(alpha_3=row["iso_a3"]) if row["iso_a3"] != NO_ISO else None
        )
        if country is None:
            match = names.recognise(row["name"])
            country = pycountry.countries.get(alpha_2=match.alpha_2) if match else None
        if country is not None:
            found[place_name] = country.alpha_2
    return found
