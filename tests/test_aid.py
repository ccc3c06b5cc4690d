"""Norway's aid to the countries the embassy in Bamako covered, from OECD DAC Table 2a: the
countries from the press release, the years from the registry, the amounts as published (USD,
never NOK), and the chart drawing exactly its CSV."""

import math

import matplotlib.pyplot as plt
import pytest

from sahel import content
from sahel.chapters import aid, norway
from sahel.charts import norway as charts
from sahel.charts import style


@pytest.fixture(scope="module")
def coverage(corpus):
    return norway.bamako_coverage(corpus[norway.SOURCE].text)


@pytest.fixture(scope="module")
def data(coverage):
    return aid.disbursements(coverage)


def test_one_row_per_year_and_country_from_the_press_releases_list(data, coverage):
    assert len(data) == 50
    assert sorted(data["year"].unique()) == list(range(2010, 2020))
    assert list(data["country"][:5]) == list(coverage["country"])
    assert aid.last_year() == "2019"


def test_amounts_are_as_published(data):
    at = data.set_index(["year", "iso_a3"])
    assert at.loc[(2010, "MLI"), "norway_usd_million"] == 15.95
    assert at.loc[(2019, "MLI"), "norway_share_of_dac"] == pytest.approx(29.63 / 790.97)
    assert math.isnan(at.loc[(2019, "TCD"), "norway_usd_million"])
    assert at.loc[(2019, "TCD"), "note"] == aid.NO_DATA
    assert at.loc[(2011, "TCD"), "note"] == aid.NET
    assert at.loc[(2011, "TCD"), "norway_share_of_dac"] < 0


def test_the_countries_are_whatever_the_coverage_lists(coverage):
    two = aid.disbursements(coverage.iloc[[0, 3]])
    assert sorted(two["iso_a3"].unique()) == ["MLI", "NER"] and len(two) == 20


def test_narrow_table_and_figures(data):
    wide = aid.by_year(data)
    assert list(wide.columns) == ["year", "Mali", "Burkina Faso", "Mauritania", "Niger", "Chad"]
    shown = aid.shown(data)
    # narrow enough for a phone: year, Mali, the other four together, the share
    assert list(shown.columns) == [
        "year", "Mali", "the other four", "Norway's share of DAC aid to Mali"
    ]
    # 2010, by hand from ODA-2010-DAC2a.csv, column Norway: Burkina Faso 0.82 + Mauritania
    # 0.59 + Niger 3.49 + Chad 1.65 = 6.55; 2019: Chad and Mauritania empty, 5.92 + 15.42
    assert shown.iloc[0]["Mali"] == "15.95" and shown.iloc[0]["the other four"] == "6.55"
    assert shown.iloc[-1]["the other four"] == "21.34"
    assert shown.iloc[0]["Norway's share of DAC aid to Mali"] == "2.3%"  # 15.95 / 684.96
    figures = aid.figures(data)
    assert (figures["aid_first_year"], figures["aid_last_year"]) == ("2010", "2019")
    assert figures["aid_host_largest"] == "every year"
    assert figures["aid_host_high"] == "USD 30.10 million in 2018"
    assert figures["aid_net"] == "Chad in 2011 (USD -0.01 million)"
    assert figures["aid_no_data"].startswith("Chad in 2012, 2014, 2016, 2018 and 2019; Mauritania")


def test_the_usd_series_is_never_put_with_the_nok_figures():
    for key in ("fig_norway_aid", "tbl_norway_aid"):
        caption = content.exhibit(key).caption
        assert "USD" in caption and "NOK" in caption and "never added" in caption.lower()


def test_the_chart_draws_one_line_per_country_in_usd(data):
    style.use_style()
    fig = charts.aid_chart(data)
    ax = fig.axes[0]
    lines = {line.get_gid(): line for line in ax.lines if (line.get_gid() or "").startswith("aid-")}
    assert set(lines) == {"aid-MLI", "aid-BFA", "aid-MRT", "aid-NER", "aid-TCD"}
    assert list(lines["aid-MLI"].get_ydata())[0] == 15.95
    assert math.isnan(list(lines["aid-TCD"].get_ydata())[-1])  # a gap, not a zero
    assert "USD" in ax.get_ylabel() and "NOK" not in ax.get_ylabel()
    plt.close("all")


def test_the_chart_title_states_the_finding(data):
    # by hand: the Mali row holds the largest Norway cell of the five in every file
    # (e.g. 2019: Mali 29.63 against Niger 15.42, Burkina Faso 5.92, the others empty)
    assert aid.chart_title(data) == (
        "Mali got more of Norway's aid than any other country the embassy covered in every year"
    )
    niger_ahead = data.copy()
    niger_ahead.loc[(niger_ahead["year"] == 2019) & (niger_ahead["iso_a3"] == "NER"),
                    "norway_usd_million"] = 99.0
    assert aid.chart_title(niger_ahead).endswith("in nine of the ten years")
