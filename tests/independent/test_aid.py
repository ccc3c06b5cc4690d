"""The DAC figures the Norway chapter glues, recomputed from data/record with plain pandas,
WITHOUT importing ``sahel``: a second reading of the same files, by other code, compared with
the values glued in the committed notebook (``notebooks/30-norway.ipynb``) key by key.

Everything the chapter's code knows is worked out again here from the files themselves: the
DAC member countries are the columns the header lists between "Private Donors, Total" and "EU
Institutions" (checked to add up to "DAC Countries, Total"), totals are the columns named
"…, Total", residuals the columns named "Other …", and the five countries are typed from the
press release's sentence ("Mali … Burkina Faso, Mauritania, Niger and Chad").
"""

import ast
import inspect
import math
from pathlib import Path

import pandas as pd
import pytest

from tests.browser import notebook_glue

ROOT = Path(__file__).resolve().parents[2]
RECORD = ROOT / "data" / "record"
NOTEBOOK = ROOT / "notebooks" / "30-norway.ipynb"
YEARS = range(2010, 2020)
FIVE = ["Mali", "Burkina Faso", "Mauritania", "Niger", "Chad"]
NORDIC_PEERS = ["Denmark", "Sweden", "Finland", "Iceland"]


def test_this_file_does_not_import_sahel():
    """Independent means independent: neither this file nor the helper it borrows
    (``notebook_glue``, which reads the notebook with nbformat) uses the package whose figures
    it checks (read from their source, not from sys.modules, which the suite's conftest fills)."""
    for source in (Path(__file__).read_text(encoding="utf-8"), inspect.getsource(notebook_glue)):
        tree = ast.parse(source)
        imported = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        imported += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        assert not [m for m in imported if m.split(".")[0] == "sahel"]
        assert "sahel." not in source.replace('"sahel."', "")


@pytest.fixture(scope="module")
def glued():
    return {
        key: ast.literal_eval(bundle["text/plain"])
        for key, bundle in notebook_glue(NOTEBOOK).items()
        if key.startswith(("aid_", "donors_")) and "text/plain" in bundle
    }


def _read(year):
    frame = pd.read_csv(RECORD / f"ODA-{year}-DAC2a.csv", dtype=str, keep_default_na=False)
    recipient = frame.columns[0]
    frame = frame.set_index(recipient).drop(columns=frame.columns[1])
    return frame.apply(lambda col: pd.to_numeric(col.replace("", None), errors="raise"))


@pytest.fixture(scope="module")
def files():
    return {year: _read(year) for year in YEARS}


def _dac_members(frame):
    names = list(frame.columns)
    return names[names.index("Private Donors, Total") + 1 : names.index("EU Institutions")]


def _donors(frame):
    return [
        c for c in frame.columns if not c.endswith(", Total") and not c.startswith("Other ")
    ]


def test_the_dac_members_add_up_to_the_dac_total(files):
    for frame in files.values():
        members = _dac_members(frame)
        assert len(members) == 29 and "Norway" in members
        total = frame.loc["Mali", members].sum()
        assert total == pytest.approx(frame.loc["Mali", "DAC Countries, Total"], abs=0.2)


def _sums(files, rows):
    """Each donor's disbursements to ``rows`` over all years (NaN-only donors dropped)."""
    per_year = [f.loc[rows].sum(min_count=1) for f in files.values()]
    return pd.concat(per_year, axis=1).sum(axis=1, min_count=1).dropna()


def _ordinal(n):
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _place(values, who="Norway"):
    giving = values[values > 0]
    return f"{_ordinal(int((giving > values[who]).sum()) + 1)} of {len(giving)}"


#: The glue keys this module recomputes (named here so test_record_figures_all.py finds them)
RECOMPUTED = (
    "donors_mali_norway_total",
    "donors_mali_rank_dac",
    "donors_mali_rank_all",
    "donors_mali_share",
    "donors_mali_nordic_ahead",
    "donors_mali_top_dac",
    "donors_mali_rank_best",
    "donors_mali_rank_worst",
    "donors_five_norway_total",
    "donors_five_rank_dac",
    "donors_five_rank_all",
    "donors_five_share",
    "donors_five_nordic_ahead",
    "donors_five_top_dac",
    "donors_five_rank_best",
    "donors_five_rank_worst",
)


@pytest.mark.parametrize("tag, rows", [("mali", ["Mali"]), ("five", FIVE)])
def test_norway_among_donors_over_the_decade(glued, files, tag, rows):
    frame = next(iter(files.values()))
    members, donors = _dac_members(frame), _donors(frame)
    sums = _sums(files, rows)
    dac = sums[[m for m in members if m in sums.index]]
    every = sums[[d for d in donors if d in sums.index]]
    assert glued[f"donors_{tag}_norway_total"] == f"USD {sums['Norway']:,.2f} million"
    assert glued[f"donors_{tag}_rank_dac"] == _place(dac)
    assert glued[f"donors_{tag}_rank_all"] == _place(every)
    share = sums["Norway"] / sums["DAC Countries, Total"]
    assert glued[f"donors_{tag}_share"] == f"{share * 100:.1f}%"
    ahead = [p for p in dac.sort_values(ascending=False).index
             if p in NORDIC_PEERS and dac[p] > dac["Norway"]]
    assert glued[f"donors_{tag}_nordic_ahead"] == " and ".join(ahead)
    top = dac.idxmax()
    assert glued[f"donors_{tag}_top_dac"] == f"{top} (USD {dac[top]:,.2f} million)"


@pytest.mark.parametrize("tag, rows", [("mali", ["Mali"]), ("five", FIVE)])
def test_norways_best_and_worst_year_among_dac_donors(glued, files, tag, rows):
    ranks = {}
    for year, frame in files.items():
        values = frame.loc[rows, _dac_members(frame)].sum(min_count=1).dropna()
        giving = values[values > 0]
        ranks[year] = int((giving > values["Norway"]).sum()) + 1
    best = min(ranks, key=lambda y: (ranks[y], y))
    worst = min(ranks, key=lambda y: (-ranks[y], y))
    assert glued[f"donors_{tag}_rank_best"] == f"{_ordinal(ranks[best])} in {best}"
    assert glued[f"donors_{tag}_rank_worst"] == f"{_ordinal(ranks[worst])} in {worst}"


def test_norways_aid_to_mali_and_its_share(glued, files):
    mali = {y: f.loc["Mali", "Norway"] for y, f in files.items()}
    share = {y: f.loc["Mali", "Norway"] / f.loc["Mali", "DAC Countries, Total"]
             for y, f in files.items()}
    high, low = max(mali, key=mali.get), min(mali, key=mali.get)
    assert glued["aid_host_high"] == f"USD {mali[high]:,.2f} million in {high}"
    assert glued["aid_host_low"] == f"USD {mali[low]:,.2f} million in {low}"
    top, bottom = max(share, key=share.get), min(share, key=share.get)
    assert glued["aid_share_high"] == f"{share[top] * 100:.1f}% in {top}"
    assert glued["aid_share_low"] == f"{share[bottom] * 100:.1f}% in {bottom}"
    assert (glued["aid_first_year"], glued["aid_last_year"]) == ("2010", "2019")
    assert glued["donors_years"] == "2010–2019"


def test_the_narrow_aid_table_adds_the_other_four(files):
    shown = pd.read_csv(ROOT / "data" / "derived" / "norway_aid_by_year.csv")
    for year, frame in files.items():
        others = frame.loc[FIVE[1:], "Norway"]
        row = shown[shown["year"] == year].iloc[0]
        for country in FIVE[1:]:
            cell = frame.loc[country, "Norway"]
            assert (math.isnan(cell) and math.isnan(row[country])) or row[country] == cell
        assert others.sum(min_count=1) == pytest.approx(row[FIVE[1:]].sum(min_count=1))


def test_a_changed_cell_would_not_match_the_glued_rank(glued, files):
    """The comparison can fail: with Norway's 2015 cell for Mali raised above every donor's,
    the recomputed decade rank is no longer the one the notebook glued."""
    broken = {y: f.copy() for y, f in files.items()}
    broken[2015].loc["Mali", "Norway"] = 10_000.0
    frame = broken[2015]
    sums = _sums(broken, ["Mali"])
    dac = sums[[m for m in _dac_members(frame) if m in sums.index]]
    assert _place(dac).startswith("1st") and glued["donors_mali_rank_dac"] != _place(dac)
