"""Norway in MINUSMA: the facts selected by topic, their dates read as spans, MINUSMA's own
dates from the MINUSMA chapter, the UN count beside the Armed Forces' statement, and the chart
drawing exactly its CSV."""

import datetime as dt

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from sahel import content, publish
from sahel.chapters import contribution, human_cost
from sahel.charts import norway as charts
from sahel.charts import style
from sahel.evidence import record
from sahel.provenance import evidence_of


@pytest.fixture(scope="module")
def facts():
    return record.facts()


@pytest.fixture(scope="module")
def timeline(facts):
    return contribution.timeline(facts).set_index("fact")


@pytest.fixture(scope="module")
def marks(ledger):
    return contribution.mission_marks(ledger)


def test_every_fact_on_norway_in_minusma_is_selected_by_its_topic(facts, timeline):
    under = facts[facts["topic"].str.startswith(contribution.PREFIX)]
    assert set(timeline.index) == set(under["id"]) and len(timeline) == 9


def test_dates_are_read_from_the_value_or_else_the_date_column(timeline):
    spans = timeline[["first", "last", "facts"]].T.to_dict()
    assert spans["M01"] == {"first": "2013-09", "last": "2016", "facts": "M01 M02"}
    assert spans["M06"] == {"first": "2014", "last": "2022-11", "facts": "M06 M09"}
    assert spans["M04"] == {"first": "2016-01", "last": "2016-11", "facts": "M04"}
    assert spans["M08"] == {"first": "2019-05", "last": "2019-11", "facts": "M08"}  # date column
    assert spans["M09"] == {"first": "2022-11", "last": "2022-11", "facts": "M09"}
    assert list(timeline.index[:3]) == ["M01", "M06", "M04"]  # by first possible day
    assert timeline.loc["M09", "bibkey"] == "ForsvaretsForum2022bifrost"


def test_a_month_or_a_year_is_a_span_of_days_never_a_day(timeline, marks):
    drawn = contribution.chart_data(timeline.reset_index(), marks).set_index("facts")
    asifu = drawn.loc["M01 M02"]
    assert (asifu["first_day"], asifu["solid_from"]) == (dt.date(2013, 9, 1), dt.date(2013, 9, 30))
    assert (asifu["solid_to"], asifu["last_day"]) == (dt.date(2016, 1, 1), dt.date(2016, 12, 31))
    staff = drawn.loc["M07"]
    assert staff["kind"] == contribution.POINT
    assert (staff["first_day"], staff["last_day"]) == (dt.date(2017, 1, 1), dt.date(2017, 12, 31))
    assert "M02" not in drawn.index and "M03" not in drawn.index  # closes ASIFU; a statement


def test_minusma_is_marked_at_the_minusma_chapters_dates_with_their_sources(marks):
    assert marks == [
        ("MINUSMA established", "2013-04-25", ["S002"]),
        ("MINUSMA's withdrawal complete", "2023-12-31", ["S002"]),
    ]


def test_a_new_fact_under_the_prefix_must_say_what_it_is(facts):
    extra = facts.iloc[[-1]].assign(id="M99", topic=f"{contribution.PREFIX}new", where="x: line 99")
    with pytest.raises(contribution.ContributionError, match=r"x: line 99: fact M99 .*PARTS"):
        contribution.timeline(pd.concat([facts, extra], ignore_index=True))


def test_a_fact_the_chapter_draws_must_be_there(facts):
    fewer = facts[facts["topic"] != contribution.HANDOVER]
    with pytest.raises(contribution.ContributionError, match="0 facts with topic"):
        contribution.timeline(fewer)


def test_the_un_count_agrees_with_the_armed_forces_and_would_catch_a_death(facts):
    fatalities = record.fatalities(human_cost.CITED)
    assert contribution.deaths_check(facts, fatalities) == (0, 0, True)
    norwegian = fatalities[fatalities["mission_acronym"] == "MINUSMA"].iloc[[0]]
    one_more = pd.concat([fatalities, norwegian.assign(isocode3="NOR")], ignore_index=True)
    assert contribution.deaths_check(facts, one_more) == (0, 1, False)


def test_figures_and_table_read_as_the_facts_give_them(facts, timeline, marks, ledger):
    frame = timeline.reset_index()
    figures = contribution.figures(frame, marks, (0, 0, True), ledger, facts)
    assert figures["contrib_start"] == "September 2013"
    assert figures["contrib_c130_first"] == "January to November 2016"
    assert figures["contrib_handover"] == "November 2022"
    assert figures["contrib_last_contingent"] == "25"
    assert figures["contrib_deaths_check"] == "agree"
    # each date is traced to the fact it restates: a span's end to the fact that closes it
    assert evidence_of(figures["contrib_asifu_end"]).id == "M02"
    assert evidence_of(figures["contrib_handover"]).id == "M09"
    assert evidence_of(figures["contrib_mission_end"]) is not None
    shown = contribution.shown(frame)
    assert "fact" not in shown.columns  # no fact ids in a chapter's table
    shown.index = frame["fact"].tolist()
    assert shown.loc["M01", "when"] == "September 2013 to 2016 (end: a later fact)"
    assert shown.loc["M09", "page"] == "Forsvarets forum {cite:p}`ForsvaretsForum2022bifrost`"
    pages = contribution.pages_cited(frame)
    assert pages.startswith("{cite:p}`") and pages.count("Forsvaret2022bifrost") == 1


def test_the_captions_say_the_facts_were_checked_by_hand():
    for key in ("tbl_norway_contributions", "fig_norway_contributions"):
        caption = content.exhibit(key).caption
        assert "checked by hand" in caption and "not verified" in caption


def test_the_chart_draws_its_rows_and_is_deterministic(timeline, marks):
    style.use_style()
    data = contribution.chart_data(timeline.reset_index(), marks)
    fig = charts.contribution_chart(data)
    ax = fig.axes[0]
    spans = {p.get_gid() for p in ax.patches}
    assert spans == {"span-M01", "span-M06", "span-M04", "span-M08"}
    points = {line.get_gid() for line in ax.lines if (line.get_gid() or "").startswith("point-")}
    assert points == {"point-M05", "point-M07", "point-M09"}
    labels = " | ".join(t.get_text().replace("\n", " ") for t in ax.get_yticklabels())
    assert all(text in labels for text in data[data["kind"] != contribution.MISSION]["text"])
    assert "M0" not in labels  # plain words, no fact ids
    first = publish.svg_bytes(fig)
    plt.close(fig)
    again = charts.contribution_chart(data)
    assert publish.svg_bytes(again) == first
    plt.close("all")
