"""The conflict figures (chapter 27, and the summary) recomputed from the UCDP
organized-violence country-year file in data/record/ with plain pandas, compared with the
committed glued values by key."""

import pandas as pd
import pytest

from tests.independent import glued

FILE = glued.RECORD / "organizedviolencecy_v25_1.csv"
TYPES = {"sb": "state-based", "ns": "non-state", "os": "one-sided"}
# MINUSMA's years in Mali: established 25 April 2013, withdrawn by 31 December 2023 (Security
# Council resolutions 2100 and 2690); its full calendar years are 2014 to 2023.
FIRST, LAST = 2013, 2023
FULL = FIRST + 1
NEIGHBOURS = ["Burkina Faso", "Mauritania", "Niger", "Chad"]
SHOWN = ["Mali", "Burkina Faso", "Niger"]  # the countries the chapter's chart sets side by side


def read():
    frame = pd.read_csv(FILE)
    for est in ("best", "low", "high"):
        frame[est] = sum(frame[f"{t}_total_deaths_{est}_cy"].fillna(0) for t in TYPES)
    return frame


def n(value):
    return f"{int(value):,}"


def figures():
    ucdp = read()
    last = int(ucdp["year_cy"].max())
    mali = ucdp[(ucdp["country_cy"] == "Mali") & ucdp["year_cy"].between(FIRST - 1, last)]
    before = mali[mali["year_cy"] == FIRST - 1]
    peak = mali.loc[mali["best"].idxmax()]
    assert (mali["best"] == peak["best"]).sum() == 1  # one peak year
    period = mali[mali["year_cy"].between(FIRST, LAST)]
    full = mali[mali["year_cy"].between(FULL, LAST)]
    after = mali[mali["year_cy"] > LAST]
    per_type = {t: int(full[f"{t}_total_deaths_best_cy"].fillna(0).sum()) for t in TYPES}
    others = ucdp[ucdp["country_cy"].isin(NEIGHBOURS) & ucdp["year_cy"].between(FIRST - 1, last)]
    others_period = others[others["year_cy"].between(FULL, LAST)]
    shown = {
        end: ucdp[ucdp["country_cy"].isin(SHOWN) & (ucdp["year_cy"] == year)].set_index(
            "country_cy")["best"]
        for end, year in (("first", FIRST - 1), ("last", last))
    }
    by_country = others_period.groupby("country_cy")["best"].sum()
    top = others.loc[others["best"].idxmax()]
    sahel = ucdp[ucdp["country_cy"].isin(["Mali", *NEIGHBOURS])
                 & ucdp["year_cy"].between(FIRST - 1, last)]
    unbracketed = [
        (row["country_cy"], TYPES[t], int(row["year_cy"]), row[f"{t}_total_deaths_best_cy"],
         row[f"{t}_total_deaths_low_cy"], row[f"{t}_total_deaths_high_cy"])
        for _, row in sahel.iterrows()
        for t in TYPES
        if not (row[f"{t}_total_deaths_low_cy"] <= row[f"{t}_total_deaths_best_cy"]
                <= row[f"{t}_total_deaths_high_cy"])
    ]
    assert len(unbracketed) == 1
    country, kind, year, best, low, high = unbracketed[0]
    return {
        "conf_last_year": (str(last), [len(ucdp)]),
        "conf_before": (n(before["best"].iloc[0]), [len(before)]),
        "conf_peak_year": (str(int(peak["year_cy"])), [len(mali)]),
        "conf_peak": (
            f"{n(peak['best'])} (UCDP's low estimate {n(peak['low'])}, high {n(peak['high'])})",
            [len(mali)],
        ),
        "conf_period_total": (
            f"{n(full['best'].sum())} in its full years, {FULL} to {LAST} "
            f"({n(period['best'].sum())} counting {FIRST}, the year it was established)",
            [len(full), len(period)],
        ),
        "conf_period_types": (
            glued.listed(f"{n(v)} {TYPES[t]}" for t, v in per_type.items()), [len(full)]
        ),
        **{
            f"conf_shown_total_{end}": (n(deaths.sum()), [len(deaths)])
            for end, deaths in shown.items()
        },
        **{
            f"conf_share_{end}": (f"{deaths['Mali'] / deaths.sum():.1%}", [len(deaths)])
            for end, deaths in shown.items()
        },
        "conf_after": (
            glued.listed(f"{n(r['best'])} in {int(r['year_cy'])}" for _, r in after.iterrows()),
            [len(after)],
        ),
        "conf_others_period": (
            f"{n(by_country[NEIGHBOURS[0]])} deaths in {NEIGHBOURS[0]}, "
            + glued.listed(f"{n(by_country[c])} in {c}" for c in NEIGHBOURS[1:]),
            [len(others_period)],
        ),
        "conf_others_peak": (
            f"{top['country_cy']}'s, {n(top['best'])} in {int(top['year_cy'])}", [len(others)]
        ),
        "conf_unbracketed_shown": (
            f"{country}'s {kind} deaths in {year} (best {n(best)}, low {n(low)}, high {n(high)})",
            [len(unbracketed)],
        ),
    }


FIGURES = figures()


@pytest.mark.parametrize("key", sorted(FIGURES))
def test_glued_value_is_the_recomputed_one(key):
    glued.check_figure(FIGURES, key)


def test_hand_checked_constants():
    """Read by hand from organizedviolencecy_v25_1.csv (UCDP, https://ucdp.uu.se/downloads/,
    sha256 in data/record_sources.csv): row Mali 2012, best estimates sb 218 + ns 118 + os 23
    = 359; row Mali 2022, 1,440 + 755 + 1,461 = 3,656, the largest Mali row; last year 2024."""
    assert FIGURES["conf_before"][0] == "359"
    assert FIGURES["conf_peak_year"][0] == "2022"
    assert FIGURES["conf_peak"][0].startswith("3,656 ")
    assert FIGURES["conf_last_year"][0] == "2024"


def test_unbracketed_rows_in_the_whole_file():
    """``conf_unbracketed_all``: the type-rows of the whole file whose low and high estimates
    do not bracket the best one."""
    ucdp = read()
    count = sum(
        int(((ucdp[f"{t}_total_deaths_best_cy"] < ucdp[f"{t}_total_deaths_low_cy"])
             | (ucdp[f"{t}_total_deaths_best_cy"] > ucdp[f"{t}_total_deaths_high_cy"])).sum())
        for t in TYPES
    )
    assert glued.text("conf_unbracketed_all") == glued.spelled(count)
