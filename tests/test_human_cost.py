"""The human cost, from the UN's own count: the figures pinned to the vendored 2025 and 2023
files, and the charts drawing exactly their CSVs."""

import datetime as dt

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from sahel.chapters import human_cost
from sahel.chapters.reconciliation import MALICIOUS, deaths_by
from sahel.charts import human_cost as charts
from sahel.charts import style
from sahel.evidence import record
from sahel.evidence.registry import load_registry


@pytest.fixture(scope="module")
def fatalities():
    return record.fatalities(human_cost.CITED)


@pytest.fixture(scope="module")
def earlier():
    return record.fatalities(human_cost.EARLIER)


@pytest.fixture(scope="module")
def registry():
    return {source.id: source for source in load_registry()}


def test_deaths_by_year_and_cause_sum_to_the_mission_total(fatalities):
    table = human_cost.by_year_and_cause(fatalities)
    causes = [c for c in table.columns if c not in ("year", "total")]
    assert table["total"].sum() == 311
    assert (table[causes].sum(axis=1) == table["total"]).all()
    assert table["Malicious Act"].sum() == 174
    assert list(table["year"]) == list(range(2013, 2024))
    assert human_cost.by_cause(fatalities) == {
        "Malicious Act": 174,
        "Illness": 88,
        "Accident": 38,
        "To Be Determined": 9,
        "Unknown": 2,
    }


def test_running_count_reaches_174_by_the_first_article(fatalities):
    running = human_cost.cumulative(fatalities)
    assert running["cumulative"].iloc[-1] == 174
    assert running["deaths"].sum() == 174
    by_day = running[running["date"] <= dt.date(2023, 8, 31)]["cumulative"].iloc[-1]
    assert by_day == 174 == deaths_by(fatalities, dt.date(2023, 8, 31), MALICIOUS)


def test_seed_marks_are_their_qualifiers_intervals(ledger, registry, fatalities):
    marks = human_cost.seed_marks(ledger, registry, fatalities).set_index("source")
    over, around = marks.loc["S001"], marks.loc["S003"]
    assert (over["as_written"], over["low"]) == ("over 170", 170)
    assert pd.isna(over["high"])
    assert over["first_day"] == dt.date(2023, 8, 31)
    assert (around["low"], around["high"]) == (175, 185)
    assert around["first_day"] == around["last_day"] == dt.date(2023, 12, 12)
    assert (over["un_first"], around["un_last"]) == (174, 174)


def test_nationalities_add_up_and_no_norwegian_died(fatalities):
    table = human_cost.by_nationality(fatalities)
    total = table.iloc[-1]
    assert (total["deaths"], total["malicious_acts"]) == (311, 174)
    assert table.iloc[:-1]["deaths"].sum() == 311
    assert (table.iloc[0]["nationality"], table.iloc[0]["deaths"]) == ("Chad", 80)
    assert len(table) == human_cost.TOP_NATIONALITIES + 2
    assert human_cost.nationals(fatalities) == (0, 43)
    assert human_cost.nationals(fatalities, "TCD") == (80, 90)  # the check finds where there are
    assert human_cost.figures_for_norway(fatalities) == "no Norwegian national"


def test_revision_moves_exactly_five_deaths_from_tbd_to_illness(
    ledger, registry, fatalities, earlier
):
    moved = human_cost.cause_revision(human_cost.revision(earlier, fatalities))
    assert moved[["before", "after", "deaths"]].values.tolist() == [
        ["To Be Determined", "Illness", 5]
    ]
    marks = human_cost.seed_marks(ledger, registry, fatalities)
    figures = human_cost.figures(fatalities, earlier, marks, ledger)
    assert figures["hc_revision_deaths"] == "five"
    assert figures["hc_malicious_earlier"] == figures["hc_malicious"] == "174"


def test_revision_refuses_versions_with_different_deaths(fatalities, earlier):
    fewer = earlier[earlier["casualty_id"] != "MINUSMA-2015-11-09494"]
    with pytest.raises(record.RecordError, match="differ in deaths"):
        human_cost.revision(fewer, fatalities)


def test_cause_chart_draws_exactly_its_csv(fatalities):
    style.use_style()
    table = human_cost.by_year_and_cause(fatalities)
    fig = charts.cause_chart(table)
    ax = fig.axes[0]
    causes = [c for c in table.columns if c not in ("year", "total")]
    for container, cause in zip(ax.containers, causes, strict=True):
        heights = [round(p.get_height()) for p in container.patches]
        assert heights == table[cause].tolist()
    tops = [round(p.get_y() + p.get_height()) for p in ax.containers[-1].patches]
    plt.close(fig)
    assert tops == table["total"].tolist()


def test_cumulative_chart_draws_exactly_its_csv(ledger, registry, fatalities):
    style.use_style()
    data = human_cost.cumulative_chart_data(ledger, registry, fatalities)
    fig = charts.cumulative_chart(data)
    un = data[data["kind"] == human_cost.UN_COUNT]
    seeds = data[data["kind"] == human_cost.SEED]
    for ax in fig.axes:
        (line,) = [x for x in ax.lines if x.get_gid() == "un-count"]
        assert [int(y) for y in line.get_ydata()] == un["high"].astype(int).tolist()
        boxes = {p.get_gid(): p for p in ax.patches if p.get_gid() in set(seeds["source"])}
        assert set(boxes) == set(seeds["source"])
        for row in seeds.itertuples():
            assert boxes[row.source].get_y() == row.low
            if not pd.isna(row.high):
                assert boxes[row.source].get_y() + boxes[row.source].get_height() == row.high
    plt.close(fig)
    assert un["high"].iloc[-1] == 174
    assert un["last_day"].iloc[-1] == max(seeds["last_day"])
