"""The deployment figures (chapter 20) recomputed from the Geo-PKO dashboard files in
data/record/ with plain pandas, compared with the committed glued values by key."""

import pandas as pd
import pytest

from tests.independent import glued

SITES = glued.RECORD / "FrontMap_v.2.3.csv"
CONTRIBUTORS = glued.RECORD / "TCCMap_v.2.3.csv"
MISSION = "MINUSMA"
SEED_YEAR = 2023  # the year of the latest source document (seeds/, dated 12 December 2023)


def figures():
    sites = pd.read_csv(SITES, dtype=str, keep_default_na=False)
    duplicates = int(sites.duplicated(keep="first").sum())
    m = sites[sites["mission"] == MISSION].drop_duplicates()
    m = m.assign(year=m["year"].astype(int))
    places = m.drop_duplicates(["year", "location"]).groupby("year").size()
    most = int(places.max())
    first, last = int(m["year"].min()), int(m["year"].max())
    at_seed = m[m["year"] == SEED_YEAR]
    last_places = list(dict.fromkeys(m[m["year"] == last]["location"]))
    tcc = pd.read_csv(CONTRIBUTORS, dtype=str, keep_default_na=False)
    tcc = tcc[tcc["mission"] == MISSION]
    norway = tcc[tcc["year.overview"].str.contains(r"\bNorway\b")]
    years = sorted(set(norway["year"].astype(int)))
    gaps = [y for y in range(years[0], years[-1] + 1) if y not in years]
    return {
        "pko_first_year": (str(first), [len(m)]),
        "pko_last_year": (str(last), [len(m)]),
        "pko_most": (str(most), [len(m)]),
        "pko_most_years": (glued.listed(y for y, n in places.items() if n == most), [len(m)]),
        "pko_seed_year_locations": (str(at_seed["location"].nunique()), [len(at_seed)]),
        "pko_seed_year_rows": (str(len(at_seed)), [len(at_seed)]),
        "pko_norway_years": (glued.listed(years), [len(norway)]),
        "pko_norway_gaps": (glued.listed(gaps) if gaps else "none", [len(norway)]),
        "pko_norway_gap_count": (glued.spelled(len(gaps)), []),
        "pko_norway_places": (glued.listed(dict.fromkeys(norway["location"])), []),
        "pko_last_year_places": (glued.listed(last_places), []),
        "pko_duplicates": ("none" if not duplicates else f"{duplicates:,}", []),
    }


FIGURES = figures()


@pytest.mark.parametrize("key", sorted(FIGURES))
def test_glued_value_is_the_recomputed_one(key):
    glued.check_figure(FIGURES, key)


def test_hand_checked_constants():
    """Counted by hand in FrontMap_v.2.3.csv (Geo-PKO, Uppsala University; sha256 in
    data/record_sources.csv), rows with mission MINUSMA: 229 rows from 2014 to 2024; 2023 has
    21 rows at 12 places. TCCMap_v.2.3.csv: Norway is listed at Bamako in 2016, 2017, 2019,
    2021 and 2022."""
    assert FIGURES["pko_first_year"] == ("2014", [229])
    assert FIGURES["pko_seed_year_rows"][0] == "21"
    assert FIGURES["pko_seed_year_locations"][0] == "12"
    assert FIGURES["pko_norway_years"][0] == "2016, 2017, 2019, 2021 and 2022"
