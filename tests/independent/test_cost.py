"""The cost chapter's dataset figures recomputed without the ``sahel`` package: plain csv and
pandas on the vendored files in data/record (and Natural Earth's continents in data/geo), compared
with the values glued in the committed notebook, by glue key."""

import csv
import re
import unicodedata
from pathlib import Path

import pandas as pd
import pycountry
import pytest
import shapefile

from tests.browser import notebook_glue

ROOT = Path(__file__).resolve().parents[2]
UN = ROOT / "data" / "record" / "DPPADPOSS-FATALITIES_lastupdate-2025-04-04.csv"
RADPKO = ROOT / "data" / "record" / "radpko_bases_cc_y.csv"
NOTEBOOK = ROOT / "notebooks" / "25-cost.ipynb"
UNIFORMED = {"Military", "Police", "Military Observer"}


@pytest.fixture(scope="module")
def glued():
    return {k: v["text/plain"].strip("'\"") for k, v in notebook_glue(NOTEBOOK).items()
            if "text/plain" in v}


@pytest.fixture(scope="module")
def un():
    with UN.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    frame = pd.DataFrame(rows)
    frame["year"] = frame["incident_date"].str[:4].astype(int)
    frame["malicious"] = frame["type_of_incident"] == "Malicious Act"
    return frame


def _letters(text):
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", plain.lower())


def _code(iso, spelled):
    if iso:
        return iso
    for c in pycountry.countries:
        if _letters(spelled) in {_letters(c.name), _letters(getattr(c, "official_name", ""))}:
            return c.alpha_3
    return ""


@pytest.fixture(scope="module")
def minusma(un):
    rows = un[un["mission_acronym"] == "MINUSMA"].copy()
    with shapefile.Reader(str(ROOT / "data" / "geo" / "naturalearth_lowres"),
                          encoding="ISO-8859-1") as reader:
        continents = {r["iso_a3"]: r["continent"] for r in reader.records()}
    rows["code"] = [_code(i, s) for i, s in zip(rows["isocode3"], rows["casualty_nationality"],
                                                 strict=True)]
    rows["continent"] = rows["code"].map(continents)
    return rows


def _pct(a, b):
    return f"{round(100 * a / b + 1e-9, 1):.1f}%"


def test_ranks_among_all_missions(un, glued):
    per = un.groupby("mission_acronym").agg(
        deaths=("id", "size"), malicious=("malicious", "sum"), first=("year", "min"),
        last=("year", "max"))
    per["per_year"] = per["malicious"] / (per["last"] - per["first"] + 1)
    words = {1: "first", 2: "second", 3: "third"}
    for column, key in (("malicious", "st_rank_malicious"), ("deaths", "st_rank_deaths"),
                        ("per_year", "st_rank_per_year")):
        rank = int((per[column] > per.loc["MINUSMA", column]).sum()) + 1
        assert glued[key] == words[rank]
    assert glued["st_missions"] == str(len(per))
    assert glued["st_per_year"] == f"{per.loc['MINUSMA', 'per_year']:.1f}"
    assert glued["hc_malicious"] == str(int(per.loc["MINUSMA", "malicious"]))
    assert glued["hc_total"] == str(int(per.loc["MINUSMA", "deaths"]))


def test_share_of_malicious_act_deaths_while_deployed(un, glued):
    mal = un[un["malicious"]]
    ours = un[un["mission_acronym"] == "MINUSMA"]
    years = mal[mal["year"].between(ours["year"].min(), ours["year"].max())]
    days = mal[mal["incident_date"].between(ours["incident_date"].min(),
                                            ours["incident_date"].max())]
    for window, key in ((years, "st_share_years"), (days, "st_share_days")):
        assert glued[key] == _pct((window["mission_acronym"] == "MINUSMA").sum(), len(window))


def test_who_died(minusma, glued):
    military = (minusma["casualty_personnel_type"] == "Military").sum()
    assert glued["fa_military"] == str(military)
    assert glued["fa_military_share"] == _pct(military, len(minusma))
    known = minusma[minusma["code"] != ""]
    assert glued["fa_african_share"] == _pct((known["continent"] == "Africa").sum(), len(known))
    uniformed = known[known["casualty_personnel_type"].isin(UNIFORMED)]
    assert glued["fa_african_uniformed_share"] == _pct(
        (uniformed["continent"] == "Africa").sum(), len(uniformed))


def test_deaths_against_radpko_strength(minusma, glued):
    strength = pd.read_csv(RADPKO, keep_default_na=False, na_values=["NaN"])
    mission = strength[strength["mission"] == "MINUSMA"]
    both = sorted(set(mission["year"]) & set(minusma["year"]))
    first, last = both[0], both[-1]
    assert glued["fa_years"] == f"{first}–{last}"
    window = mission[mission["year"].between(first, last)]
    assert glued["fa_african_strength_share"] == _pct(window["afr_pko"].sum(),
                                                      window["pko_deployed"].sum())
    dead = minusma[minusma["year"].between(first, last)
                   & minusma["casualty_personnel_type"].isin(UNIFORMED)]
    assert glued["fa_african_window_share"] == _pct((dead["continent"] == "Africa").sum(),
                                                    len(dead))
    chad = 1000 * (dead["code"] == "TCD").sum() / window["chad_pko"].sum()
    assert glued["fa_top_rate"] == f"Chad, {chad:.1f}"
