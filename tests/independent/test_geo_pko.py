"""The MINUSMA chapter's Geo-PKO figures, recomputed without the book's code.

Plain pandas on the vendored files in ``data/record/`` (no ``sahel`` import): MINUSMA's rows of
Geo-PKO v2.3's ``FrontMap`` and ``TCCMap``, exact duplicate rows dropped, distinct locations
counted per year. Each value is compared, by glue key, with what the committed notebook
``notebooks/20-minusma.ipynb`` shows the reader (its glued ``text/plain``), and the drawdown
map's CSV with the rows drawn. A change in the book's code that moves a figure fails here even
if the book's own unit tests were changed with it.
"""

import ast
from pathlib import Path

import pandas as pd
import pytest

from tests.browser import notebook_glue

ROOT = Path(__file__).resolve().parents[2]
RECORD = ROOT / "data" / "record"
NOTEBOOK = ROOT / "notebooks" / "20-minusma.ipynb"
DRAWDOWN_CSV = ROOT / "data" / "derived" / "minusma_drawdown.csv"
MISSION, NORWAY = "MINUSMA", "Norway"
SEED_YEAR = 2023  # the year of the article that counts the vacated positions (12 Dec 2023)
STEP = 3  # the map draws the first year, every third year after it, the seed year and the last


def words(items):
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


@pytest.fixture(scope="module")
def glued():
    found = notebook_glue(NOTEBOOK)
    return {k: ast.literal_eval(v["text/plain"]) for k, v in found.items() if "text/plain" in v
            and v["text/plain"].startswith("'")}


@pytest.fixture(scope="module")
def front():
    frame = pd.read_csv(RECORD / "FrontMap_v.2.3.csv", dtype=str, keep_default_na=False)
    frame = frame.drop_duplicates()  # exact repeats of a whole row
    rows = frame[frame["mission"] == MISSION].copy()
    rows["year"] = rows["year"].astype(int)
    return rows


@pytest.fixture(scope="module")
def per_year(front):
    return front.groupby("year")["location"].agg(lambda s: sorted(set(s)))


def test_years_and_extremes(glued, front, per_year):
    counts = per_year.map(len)
    most = counts.max()
    assert glued["pko_first_year"] == str(counts.index.min())
    assert glued["pko_last_year"] == str(counts.index.max())
    assert glued["pko_most"] == str(most)
    assert glued["pko_most_years"] == words(counts[counts == most].index)
    assert glued["pko_seed_year"] == str(SEED_YEAR)
    assert glued["pko_seed_year_locations"] == str(counts[SEED_YEAR])
    assert glued["pko_seed_year_rows"] == str((front["year"] == SEED_YEAR).sum())


def test_the_last_year_and_what_it_lost(glued, per_year):
    last = per_year.index.max()
    gone = set(per_year[SEED_YEAR]) - set(per_year[last])
    assert glued["pko_last_year_locations"] == str(len(per_year[last]))
    assert glued["pko_last_year_places"] == words(per_year[last])
    assert glued["pko_gone_by_last"] == str(len(gone))


def test_the_maps_years_and_counts(glued, per_year):
    first, last = per_year.index.min(), per_year.index.max()
    years = sorted({*range(first, last + 1, STEP), SEED_YEAR, last})
    assert glued["pko_map_years"] == words(years)
    assert glued["pko_map_counts"] == words(f"{len(per_year[y])} in {y}" for y in years)


def test_the_maps_csv_is_every_place_every_year_drawn(glued, front, per_year):
    drawn = pd.read_csv(DRAWDOWN_CSV)
    years = [int(y) for y in glued["pko_map_years"].replace(" and ", ", ").split(", ")]
    places = sorted(set(front["location"]))
    assert sorted(set(drawn["year"])) == years
    assert len(drawn) == len(years) * len(places)
    on = drawn[drawn["on_maps"] == "yes"]
    for year in years:
        assert sorted(on[on["year"] == year]["location"]) == per_year[year]
    where = front.drop_duplicates("location").set_index("location")
    for row in drawn.itertuples(index=False):
        assert (row.latitude, row.longitude) == (
            float(where.at[row.location, "latitude"]),
            float(where.at[row.location, "longitude"]),
        )


def test_norways_years_on_the_contributor_lists(glued):
    tcc = pd.read_csv(RECORD / "TCCMap_v.2.3.csv", dtype=str, keep_default_na=False)
    tcc = tcc.drop_duplicates()
    rows = tcc[(tcc["mission"] == MISSION)]
    named = rows[rows["year.overview"].str.split(", ").map(
        lambda items: any(i.startswith(f"{NORWAY} (") for i in items))]
    years = sorted(set(named["year"].astype(int)))
    gaps = sorted(set(range(years[0], years[-1] + 1)) - set(years))
    assert glued["pko_norway_years"] == words(years)
    assert glued["pko_norway_places"] == words(sorted(set(named["location"])))
    assert glued["pko_norway_gaps"] == words(gaps)
