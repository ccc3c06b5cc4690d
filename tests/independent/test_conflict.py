"""The conflict chapter's figures, recomputed without the book's code.

Plain pandas on the vendored files in ``data/record/`` (no ``sahel`` import): UCDP's
country-year file v25.1 for Mali and the other countries the embassy in Bamako covered, and the
mission's dates from the official record (R07: established 25 April 2013; R02: the withdrawal
from 1 July to 31 December 2023). Each value is compared, by glue key, with what the committed
notebook ``notebooks/27-conflict.ipynb`` shows the reader (its glued ``text/plain``), and the
periods' CSV with a recomputation of every row. A change in the book's code that moves a figure
fails here even if the book's own unit tests were changed with it.
"""

import ast
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pytest

from tests.browser import notebook_glue

ROOT = Path(__file__).resolve().parents[2]
RECORD = ROOT / "data" / "record"
NOTEBOOK = ROOT / "notebooks" / "27-conflict.ipynb"
PERIODS_CSV = ROOT / "data" / "derived" / "conflict_periods.csv"
HOST = "Mali"
#: the other countries the press release says the embassy covered, in its order
OTHERS = ["Burkina Faso", "Mauritania", "Niger", "Chad"]
TOTAL = "cumulative_total_deaths_in_orgvio"


def words(items):
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def pct(fraction, places):
    quantum = Decimal(1).scaleb(-places)
    return f"{(Decimal(str(fraction)) * 100).quantize(quantum, rounding=ROUND_HALF_UP)}%"


@pytest.fixture(scope="module")
def glued():
    """The chapter's glued text figures (``text/plain`` of a string), by key."""
    out = {}
    for key, bundle in notebook_glue(NOTEBOOK).items():
        plain = bundle.get("text/plain", "")
        if key.startswith("conf_") and plain[:1] in "'\"":
            out[key] = ast.literal_eval(plain)
    return out


@pytest.fixture(scope="module")
def ucdp():
    frame = pd.read_csv(RECORD / "organizedviolencecy_v25_1.csv")
    return frame[frame["country_cy"].isin([HOST, *OTHERS])].set_index(["country_cy", "year_cy"])


@pytest.fixture(scope="module")
def dates():
    """(established, withdrawal start, withdrawal end) from the official record's rows."""
    facts = pd.read_csv(RECORD / "official_record.csv").set_index("id")
    established = dt.date.fromisoformat(facts.at["R07", "date"])
    start, end = facts.at["R02", "value"].split("/")
    return established, dt.date.fromisoformat(start), dt.date.fromisoformat(end)


@pytest.fixture(scope="module")
def years(ucdp, dates):
    established, leaving, end = dates
    start = established.year
    full_first = start if (established.month, established.day) == (1, 1) else start + 1
    last = int(ucdp.index.get_level_values("year_cy").max())
    return {
        "first": start - 1,
        "start": start,
        "full": full_first,
        "leaving": leaving.year,
        "end": end.year,
        "last": last,
    }


def total(ucdp, country, first, last, column=f"{TOTAL}_best_cy"):
    return int(ucdp.loc[country].loc[first:last, column].sum())


def test_the_years(glued, years):
    assert glued["conf_first_year"] == str(years["first"]) == "2012"
    assert glued["conf_last_year"] == str(years["last"]) == "2024"
    assert glued["conf_full_first_year"] == str(years["full"]) == "2014"
    assert glued["conf_mission_first_year"] == str(years["start"])
    assert glued["conf_mission_last_year"] == str(years["end"])
    assert glued["conf_established"] == "25 April 2013"


def test_mali_before_during_and_after(glued, ucdp, years):
    mali = ucdp.loc[HOST]
    first, start, full, end, last = (years[k] for k in ("first", "start", "full", "end", "last"))
    assert glued["conf_before"] == f"{total(ucdp, HOST, first, first):,}"
    assert glued["conf_established_year_total"] == f"{total(ucdp, HOST, start, start):,}"
    during = mali.loc[first:last, f"{TOTAL}_best_cy"]
    peak = int(during.idxmax())
    assert glued["conf_peak_year"] == str(peak)
    low, best, high = (int(mali.at[peak, f"{TOTAL}_{b}_cy"]) for b in ("low", "best", "high"))
    assert glued["conf_peak"] == f"{best:,} (UCDP's low estimate {low:,}, high {high:,})"
    n_full, n_every = end - full + 1, end - start + 1
    full_best = total(ucdp, HOST, full, end)
    every_best = total(ucdp, HOST, start, end)
    assert glued["conf_full_total"] == f"{full_best:,}" == "12,469"
    assert glued["conf_every_total"] == f"{every_best:,}" == "13,350"
    sums = [total(ucdp, HOST, full, end, f"{TOTAL}_{b}_cy") for b in ("low", "high")]
    assert glued["conf_full_sums"] == f"{sums[0]:,} and {sums[1]:,}"
    assert glued["conf_full_per_year"] == f"{round(full_best / n_full):,}"
    assert glued["conf_every_per_year"] == f"{round(every_best / n_every):,}"
    assert glued["conf_period_total"] == (
        f"{full_best:,} in its full years, {full} to {end} ({every_best:,} counting {start}, "
        "the year it was established)"
    )
    types = [("sb", "state-based"), ("ns", "non-state"), ("os", "one-sided")]
    assert glued["conf_period_types"] == words(
        f"{total(ucdp, HOST, full, end, f'{s}_total_deaths_best_cy'):,} {w}" for s, w in types
    )
    latest = total(ucdp, HOST, last, last)
    assert glued["conf_last_total"] == f"{latest:,}"
    assert glued["conf_last_ratio"] == f"{latest / (full_best / n_full):.1f}"
    assert glued["conf_after"] == words(
        f"{total(ucdp, HOST, y, y):,} in {y}" for y in range(end + 1, last + 1)
    )


def test_who_killed_civilians(glued, ucdp, years):
    mali = ucdp.loc[HOST]
    full, end, last = years["full"], years["end"], years["last"]
    window = mali.loc[full:end]
    share = window["os_any_govt_killings_best_cy"].sum() / window["os_total_deaths_best_cy"].sum()
    assert glued["conf_gov_share_full"] == pct(share, 0)
    row = mali.loc[last]
    governments, own = (
        int(row["os_any_govt_killings_best_cy"]),
        int(row["os_main_govt_killings_best_cy"]),
    )
    one_sided = int(row["os_total_deaths_best_cy"])
    assert glued["conf_one_sided_last"] == f"{one_sided:,}"
    assert glued["conf_governments_last"] == f"{governments:,}"
    assert glued["conf_own_government_last"] == f"{own:,}"
    assert glued["conf_other_governments_last"] == f"{governments - own:,}"
    assert glued["conf_gov_share_last"] == pct(governments / one_sided, 0)
    actors = [d.rsplit(" - ", 1)[0] for d in row["os_dyad_names_cy"].split("; ")]
    others = [a for a in actors if "Government of" in a and a != f"Government of {HOST}"]
    assert glued["conf_other_governments_names"] == words(f"\u201c{a}\u201d" for a in others)


def test_the_spread(glued, ucdp, years):
    first, full, end, last = years["first"], years["full"], years["end"], years["last"]
    sums = {c: total(ucdp, c, first, last) for c in OTHERS}
    near = sorted(OTHERS, key=lambda c: -sums[c])[:2]
    assert glued["conf_neighbours"] == words(near) == "Burkina Faso and Niger"
    leader = near[0]
    assert glued["conf_leader"] == leader
    host = ucdp.loc[HOST].loc[first:last, f"{TOTAL}_best_cy"]
    other = ucdp.loc[leader].loc[first:last, f"{TOTAL}_best_cy"]
    above = [int(y) for y in host.index if other[y] > host[y]]
    assert glued["conf_passed_first"] == str(above[0])
    since = last
    while since - 1 in above:
        since -= 1
    assert last in above and glued["conf_passed_since"] == str(since)
    assert glued["conf_leader_last"] == f"{int(other[last]):,}"
    shown = [HOST, *near]
    for key, year in (("first", first), ("last", last)):
        together = sum(total(ucdp, c, year, year) for c in shown)
        assert glued[f"conf_shown_total_{key}"] == f"{together:,}"
        assert glued[f"conf_share_{key}"] == pct(total(ucdp, HOST, year, year) / together, 1)
    assert glued["conf_others_period"] == words(
        f"{total(ucdp, c, full, end):,}{' deaths' if i == 0 else ''} in {c}"
        for i, c in enumerate(OTHERS)
    )
    rows = [
        (c, y, int(ucdp.at[(c, y), f"{TOTAL}_best_cy"]))
        for c in OTHERS
        for y in range(first, last + 1)
    ]
    country, year, best = sorted(rows, key=lambda r: (-r[2], r[1]))[0]
    assert glued["conf_others_peak"] == f"{country}'s, {best:,} in {year}"


def test_the_periods_csv(ucdp, years):
    table = pd.read_csv(PERIODS_CSV)
    spans = [
        ("before", years["first"], years["first"]),
        ("established", years["start"], years["full"] - 1),
        ("deployed", years["full"], years["leaving"] - 1),
        ("withdrawal", years["leaving"], years["end"]),
        ("after", years["end"] + 1, years["last"]),
    ]
    assert list(table["key"]) == [k for k, a, b in spans if a <= b]
    for row, (_, a, b) in zip(table.itertuples(), spans, strict=True):
        assert (row.first_year, row.last_year, row.years) == (a, b, b - a + 1)
        assert row.best == total(ucdp, HOST, a, b)
        assert row.low_sum == total(ucdp, HOST, a, b, f"{TOTAL}_low_cy")
        assert row.high_sum == total(ucdp, HOST, a, b, f"{TOTAL}_high_cy")
        assert row.one_sided == total(ucdp, HOST, a, b, "os_total_deaths_best_cy")
        assert row.per_year == round(row.best / (b - a + 1), 1)
