"""Norway among all donors (OECD DAC Table 2a): who counts as a donor, ranks and shares,
each pinned to values recomputed by hand from the files in data/record."""

import math

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from sahel.chapters import donors, norway
from sahel.charts import norway as charts
from sahel.charts import style
from sahel.evidence import record


@pytest.fixture(scope="module")
def data(corpus):
    return donors.amounts(norway.bamako_coverage(corpus[norway.SOURCE].text))


def test_the_rule_for_who_is_a_donor():
    assert donors.donor_kind("DAC Countries, Total") == donors.AGGREGATE
    assert donors.donor_kind("World Bank Group, Total") == donors.AGGREGATE
    assert donors.donor_kind("G7 Countries, Total") == donors.AGGREGATE
    assert donors.donor_kind("Other donor countries") == donors.RESIDUAL
    assert donors.donor_kind("Other Multilaterals") == donors.RESIDUAL
    assert donors.donor_kind("Norway") == donors.DAC
    assert donors.donor_kind("EU Institutions") == donors.OTHER
    assert donors.donor_kind("International Development Association [IDA]") == donors.OTHER


def test_no_aggregate_or_residual_column_is_ranked(data):
    kinds = set(data.loc[data["donor"] != record.DAC_TOTAL, "kind"])
    assert kinds == {donors.DAC, donors.OTHER}
    assert not data["donor"].str.endswith(", Total").drop(
        data.index[data["donor"] == record.DAC_TOTAL]
    ).any()
    # every DAC member's column is read from every file
    assert set(record.DAC_MEMBERS) <= set(data["donor"])


def test_ranks_2015_recomputed_by_hand(data):
    # ODA-2015-DAC2a.csv, row Mali: DAC members above Norway's 17.23 are the United States
    # 162.43, France 148.33, Canada 87.95, Germany 43.45, the Netherlands 37.47, Switzerland
    # 34.28, Sweden 31.07, Denmark 22.17, Belgium 21.63 and Japan 20.96: ten, so 11th; 21
    # members have a positive cell. Among all donors IDA 232.83, EU Institutions 150.8, AfDF
    # 57.85, GAVI 20.96 and the Global Fund 17.75 come above it too: 16th.
    ranks = donors.ranks(data).set_index(["year", "scope"])
    row = ranks.loc[(2015, "Mali")]
    assert (row["rank_dac"], row["dac_donors"], row["rank_all"]) == (11, 21, 16)
    assert row["norway_share_of_dac"] == pytest.approx(17.23 / 656.65)


def test_the_five_countries_add_their_rows(data):
    # ODA-2010-DAC2a.csv, column Norway: Mali 15.95 + Burkina Faso 0.82 + Mauritania 0.59 +
    # Niger 3.49 + Chad 1.65 = 22.50
    five = data[(data["year"] == 2010) & (data["scope"] == "the five countries")]
    assert five.set_index("donor").loc["Norway", "usd_million"] == pytest.approx(22.50)


def test_decade_totals_and_figures(data):
    # Norway to Mali, 2010-2019, column Norway of each file: 15.95 + 13.30 + 16.30 + 22.39 +
    # 19.95 + 17.23 + 17.26 + 21.69 + 30.10 + 29.63 = 203.80
    figures = donors.figures(data)
    assert figures["donors_mali_norway_total"] == "USD 203.80 million"
    assert figures["donors_mali_rank_dac"] == "10th of 28"
    assert figures["donors_mali_nordic_ahead"] == "Sweden and Denmark"
    assert figures["donors_mali_share"] == "2.8%"
    assert figures["donors_mali_rank_best"] == "8th in 2018"
    assert figures["donors_mali_rank_worst"] == "13th in 2011"
    assert figures["donors_years"] == "2010–2019"
    assert donors.title(figures) == (
        "Norway was 10th of 28 DAC donor countries to Mali, behind Sweden and Denmark"
    )


def test_rank_counts_only_positive_amounts():
    values = pd.Series({"Norway": 5.0, "A": 9.0, "B": -1.0, "C": math.nan, "D": 5.0})
    assert donors._rank(values) == (2, 3)  # only A gave more; A, D and Norway gave
    assert donors._rank(values.drop("Norway")) == (None, 2)


def test_shown_is_four_columns_a_phone_can_hold(data):
    shown = donors.shown(donors.ranks(data))
    assert list(shown.columns) == [
        "year", "rank, Mali", "rank, the five countries", "share of DAC aid to Mali"
    ]
    assert shown.iloc[5].tolist() == ["2015", "11th of 21", "13th of 23", "2.6%"]


def test_ordinal():
    assert [donors.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "111th"
    ]  # fmt: skip


def test_chart_draws_the_largest_and_every_nordic_with_norway_highlighted(data):
    style.use_style()
    drawn = donors.chart_data(data)
    assert set(donors.NORDIC) <= set(drawn["donor"])
    assert list(drawn.loc[drawn["highlighted"], "donor"]) == ["Norway"]
    assert drawn["usd_million"].is_monotonic_decreasing
    fig = charts.donors_chart(drawn, "title")
    ax = fig.axes[0]
    assert ax.get_legend() is None  # labelled directly
    colours = {p.get_gid(): p.get_facecolor() for p in ax.patches}
    highlighted = [g for g, c in colours.items() if c == colours["donor-Norway"]]
    assert highlighted == ["donor-Norway"]
    plt.close(fig)
