"""The seeds against the record: the verdicts of the fatality and personnel figures under each
reading, pinned, each figure's grade over its readings, and the rules that can turn them."""

import datetime as dt
import re

import pytest

from sahel.chapters import reconciliation as rec
from sahel.evidence import record
from sahel.evidence.claims import ClaimError
from sahel.evidence.registry import load_registry


@pytest.fixture(scope="module")
def deaths():
    return record.fatalities("R-UNFAT-2025")


@pytest.fixture(scope="module")
def seeds():
    return {s.id: s for s in load_registry()}


def test_deaths_by_the_end_of_august_2023(deaths):
    day = dt.date(2023, 8, 31)
    assert rec.deaths_by(deaths, day, rec.MALICIOUS) == 174
    assert rec.deaths_by(deaths, day, rec.ALL_CAUSES) == 310
    assert rec.deaths_by(deaths, dt.date(2025, 4, 4), rec.ALL_CAUSES) == 311


def test_the_toll_under_each_reading(deaths):
    """The issue's facts, from the UN's file: the 174 deaths from malicious acts include three
    local staff and one "Other"; uniformed personnel's are 170 (167 military, 3 police), not
    "over 170"; with the deaths whose cause was still to be determined, 183."""
    day = dt.date(2023, 12, 31)
    counts = {scope: rec.deaths_by(deaths, day, scope) for scope in rec.TOLL_READINGS}
    assert counts == {
        rec.UNIFORMED_MALICIOUS: 170,
        rec.MALICIOUS: 174,
        rec.UNIFORMED_MALICIOUS_TBD: 177,
        rec.MALICIOUS_TBD: 183,
        rec.UNIFORMED_ALL: 275,
        rec.ALL_CAUSES: 311,
    }
    mission = deaths[
        (deaths["mission_acronym"] == "MINUSMA") & (deaths["type_of_incident"] == record.MALICIOUS)
    ]
    kinds = mission["casualty_personnel_type"].str.strip().value_counts().to_dict()
    assert kinds == {"Military": 167, "Police": 3, "Local": 3, "Other": 1}
    with pytest.raises(ValueError, match="unknown scope"):
        rec.deaths_by(deaths, day, "peacekeepers")


def test_over_170_holds_for_all_personnel_and_fails_for_uniformed_only(ledger, seeds, deaths):
    claim = ledger.get("C001-03")
    result = rec.check_deaths(claim, seeds[claim.source], deaths, rec.MALICIOUS)
    assert (result.first_day, result.last_day) == (dt.date(2023, 8, 31), dt.date(2023, 12, 31))
    assert (result.record_first, result.record_last, result.verdict) == (174, 174, rec.CONSISTENT)
    uniformed = rec.check_deaths(claim, seeds[claim.source], deaths, rec.UNIFORMED_MALICIOUS)
    assert (uniformed.record_first, uniformed.verdict) == (170, rec.INCONSISTENT)


def test_around_180_at_three_tolerances(ledger, seeds, deaths):
    """174 is outside "around 180" at the report's tolerance (±5) and the stricter (±2.5),
    inside at the looser (±10); 183, with the deaths still to be determined, is inside at the
    report's and the looser."""
    claim = ledger.get("C003-08")
    result = rec.check_deaths(claim, seeds[claim.source], deaths, rec.MALICIOUS)
    assert (result.record_first, result.verdict) == (174, rec.INCONSISTENT)
    assert "±5 (175 to 185)" in result.rule
    assert dict(result.widths) == {
        "stricter": rec.INCONSISTENT, "standard": rec.INCONSISTENT, "looser": rec.CONSISTENT
    }  # fmt: skip
    wider = rec.check_deaths(claim, seeds[claim.source], deaths, rec.MALICIOUS_TBD)
    assert dict(wider.widths) == {
        "stricter": rec.INCONSISTENT, "standard": rec.CONSISTENT, "looser": rec.CONSISTENT
    }  # fmt: skip


def test_ten_malicious_act_rows_fewer_make_over_170_inconsistent(ledger, seeds, deaths):
    malicious = deaths[
        (deaths["mission_acronym"] == "MINUSMA") & (deaths["type_of_incident"] == record.MALICIOUS)
    ]
    fewer = deaths.drop(malicious.index[:10])
    claim = ledger.get("C001-03")
    result = rec.check_deaths(claim, seeds[claim.source], fewer, rec.MALICIOUS)
    assert (result.record_first, result.verdict) == (164, rec.INCONSISTENT)


def test_the_15000_figures_cannot_be_checked_against_a_ceiling(ledger, seeds):
    """A ceiling caps a headcount and cannot confirm it: with the plan's reason, the 15,000 is
    "cannot be checked", closest to the ceiling in force (which lapsed before the sources were
    written). Without a reason it would read as borne out, counting something else."""
    facts = record.facts()
    for claim_id in ("C001-02", "C003-07", "C004-15"):
        claim = ledger.get(claim_id)
        result = rec.check_personnel(
            claim, seeds[claim.source], facts, "personnel in Mali", cannot="against deployed"
        )
        assert (result.record_first, result.verdict) == (13289 + 1920, rec.CANNOT_CHECK)
        assert "the last ceiling lapsed with the mandate on 30 June 2023" in result.rule
        plain = rec.check_personnel(claim, seeds[claim.source], facts, "personnel in Mali")
        assert plain.verdict == rec.SOMETHING_ELSE


def test_before_any_ceiling_the_record_does_not_cover(ledger, seeds):
    facts = record.facts()
    assert rec.ceiling_on(facts, dt.date(2013, 1, 1)) == (None, None)
    assert rec.ceiling_on(facts, dt.date(2018, 7, 1))[1]["id"] == "R06"


@pytest.mark.parametrize(("quantity", "unit"), [("180", 10), ("15,000", 1000), ("174", 1)])
def test_rounding_unit_is_read_from_the_figure_as_written(ledger, quantity, unit):
    claim = ledger.get("C003-08")
    assert rec.rounding_unit(type(claim)(**{**claim.__dict__, "quantity": quantity})) == unit


@pytest.fixture(scope="module")
def results(ledger, seeds, deaths):
    facts = record.facts()
    plan = rec.load_plan(ledger, facts_frame=facts)
    return {
        row.id: result
        for row, result in rec.reconcile(plan, ledger, seeds, facts, {"R-UNFAT-2025": deaths})
    }


VERDICTS = {
    "X-01": ("C001-03", 170, 170, rec.INCONSISTENT),  # uniformed personnel, malicious acts
    "X-16": ("C001-03", 174, 174, rec.CONSISTENT),
    "X-17": ("C001-03", 177, 177, rec.CONSISTENT),
    "X-18": ("C001-03", 183, 183, rec.CONSISTENT),
    "X-19": ("C001-03", 274, 275, rec.CONSISTENT),
    "X-20": ("C001-03", 310, 311, rec.CONSISTENT),
    "X-02": ("C003-08", 170, 170, rec.INCONSISTENT),
    "X-21": ("C003-08", 174, 174, rec.INCONSISTENT),
    "X-22": ("C003-08", 177, 177, rec.CONSISTENT),
    "X-23": ("C003-08", 183, 183, rec.CONSISTENT),
    "X-03": ("C001-02", 15209, 15209, rec.CANNOT_CHECK),
    "X-04": ("C003-07", 15209, 15209, rec.CANNOT_CHECK),
    "X-05": ("C004-15", 15209, 15209, rec.CANNOT_CHECK),
    "X-06": ("C004-15", 11200 + 1440, 15209, rec.CANNOT_CHECK),
    "X-07": ("C000-02", dt.date(2023, 6, 30), dt.date(2023, 6, 30), rec.CONSISTENT),
    "X-08": ("C002-07", dt.date(2023, 6, 30), dt.date(2023, 6, 30), rec.CONSISTENT),
    "X-09": ("C002-03", dt.date(2023, 6, 30), dt.date(2023, 6, 30), rec.CONSISTENT),
    "X-10": ("C002-09", dt.date(2023, 7, 1), dt.date(2023, 7, 1), rec.CONSISTENT),
    "X-11": ("C002-10", dt.date(2023, 12, 31), dt.date(2023, 12, 31), rec.CONSISTENT),
    "X-12": ("C002-05", dt.date(2023, 12, 31), dt.date(2023, 12, 31), rec.CONSISTENT),
    "X-13": ("C003-04", dt.date(2024, 1, 1), dt.date(2024, 1, 1), rec.CONSISTENT),
    "X-15": ("C000-09", dt.date(2023, 1, 1), dt.date(2023, 8, 31), rec.SOMETHING_ELSE),
}


def test_every_planned_check_gives_its_pinned_verdict(results):
    got = {k: (r.claim, r.record_first, r.record_last, r.verdict) for k, r in results.items()}
    assert got == VERDICTS


def test_throughout_the_decade_fails_on_the_2013_ceiling(results):
    assert "fails for 12,640 (25 April 2013)" in results["X-06"].rule


def test_the_2023_humanitarian_figure_counts_the_year_to_date(results):
    assert "the record the year to date" in results["X-15"].rule


@pytest.fixture(scope="module")
def graded(ledger, seeds, deaths):
    facts = record.facts()
    plan = rec.load_plan(ledger, facts_frame=facts)
    return rec.grades(rec.reconcile(plan, ledger, seeds, facts, {"R-UNFAT-2025": deaths}))


def test_the_toll_is_narrowed_not_settled(graded):
    """Neither toll figure is settled: "over 170" fails only for uniformed personnel (170);
    "around 180" holds with the deaths still to be determined and fails for malicious acts
    alone at the report's tolerance. Each grade gives the range its readings give."""
    over, around = graded["C001-03"], graded["C003-08"]
    assert (over.grade, around.grade) == (rec.NARROWED, rec.NARROWED)
    assert over.text.startswith("not settled: the record narrows it to 170 to 311")
    assert "uniformed personnel (military and police), malicious acts: 170, fails" in over.text
    assert "holds under 5 of the 6 readings" in over.text
    assert around.text.startswith("not settled: the record narrows it to 170 to 183")
    assert (
        "all personnel, malicious acts: 174, holds at the looser tolerance, fails at the "
        "stricter and standard" in around.text
    )
    uniformed = "uniformed personnel (military and police), malicious acts"
    assert [n for n, _ in over.fails] == [uniformed]


def test_the_15000_has_one_grade_for_the_encyclopedias_sentence(graded, results):
    """Both checks of the encyclopedia's sentence (the ceiling in force, every ceiling) give
    the same verdict, and every 15,000 is graded "cannot be checked against deployed strength;
    closest to the authorised ceiling", with what would settle it."""
    assert results["X-05"].verdict == results["X-06"].verdict == rec.CANNOT_CHECK
    for claim in ("C001-02", "C003-07", "C004-15"):
        text = graded[claim].text
        assert graded[claim].grade == rec.CANNOT_CHECK
        assert text.startswith(
            "cannot be checked against deployed strength; closest to the authorised ceiling"
        )
        assert "would settle it" in text
    assert "civilian" in graded["C001-02"].text  # "personnel" may include civilians


def test_dates_and_the_year_to_date_are_settled(graded):
    for claim in ("C000-02", "C002-03", "C002-07", "C002-09", "C002-10", "C002-05", "C003-04"):
        assert graded[claim].grade == rec.SETTLED_HOLDS, claim
    assert graded["C000-09"].grade == rec.SETTLED_ELSE


def test_a_grade_is_settled_only_when_every_reading_agrees(results):
    """One reading failing among readings that hold leaves a figure narrowed; all holding, it
    is settled; a tolerance that disagrees with the others narrows it too."""
    import dataclasses

    plan = {row.id: row for row in rec.load_plan(_ledger())}
    ok = dataclasses.replace(results["X-16"])
    bad = dataclasses.replace(results["X-16"], verdict=rec.INCONSISTENT, held=False)
    assert rec.grade([(plan["X-16"], ok)]).grade == rec.SETTLED_HOLDS
    assert rec.grade([(plan["X-16"], bad)]).grade == rec.SETTLED_FAILS
    assert rec.grade([(plan["X-16"], ok), (plan["X-01"], bad)]).grade == rec.NARROWED
    split = results["X-23"]  # holds at the standard tolerance, fails at the stricter
    assert rec.grade([(plan["X-23"], split)]).grade == rec.NARROWED
    agreed = dataclasses.replace(split, widths=tuple((w, rec.CONSISTENT) for w, _ in split.widths))
    assert rec.grade([(plan["X-23"], agreed)]).grade == rec.SETTLED_HOLDS


def _ledger():
    from sahel.evidence import claims

    return claims.load_ledger()


def test_a_boundary_as_of_the_next_day_is_the_same_boundary(ledger):
    """The resolution ended the mandate as of 30 June; "as of July 1" names the same moment (the
    end of a day is the start of the next). Two days apart, or as a plain date, it fails."""
    import dataclasses

    july = ledger.get("C002-03")  # "as of July 1"
    assert rec.date_holds(july, dt.date(2023, 6, 30))[0]
    assert not rec.date_holds(july, dt.date(2023, 6, 29))[0]
    assert not rec.date_holds(dataclasses.replace(july, qualifier="exact"), dt.date(2023, 6, 30))[0]


def test_the_plan_checks_only_figures_a_source_gives(results):
    """The report's own arithmetic (the ministry's 96 missions less Bamako) is not a source's
    figure: no row of the plan checks it, and no measure can."""
    assert "missions after the closure" not in rec.MEASURES
    assert not any("report's" in r.as_written for r in results.values())
    assert "C000-10" not in {r.claim for r in results.values()}


def test_the_figures_glue_each_reading_and_grade(ledger):
    from sahel.provenance import Formula, Query, evidence_of

    found = rec.figures(rec.run(ledger))
    assert found["rec_toll_uniformed_personnel_malicious_acts"] == "170"
    assert found["rec_toll_malicious_acts"] == "174"
    assert found["rec_toll_malicious_acts_or_to_be_determined"] == "183"
    assert found["rec_toll_all_causes"] == "311"
    assert isinstance(evidence_of(found["rec_toll_malicious_acts"]), Query)
    assert found["rec_grade_c001_03_label"] == rec.NARROWED
    assert found["rec_grade_c001_03_short"] == "not settled: the record narrows it to 170 to 311"
    assert found["rec_grade_c004_15_short"] == (
        "cannot be checked against deployed strength; closest to the authorised ceiling"
    )
    grade = evidence_of(found["rec_grade_c003_08"])  # the grade links to the counts it reads
    assert isinstance(grade, Formula) and "settled only if all agree" in grade.words
    assert {str(v) for v in grade.inputs} == {"170", "174", "177", "183"}
    assert found["rec_settled"] == "8" and found["rec_narrowed"] == "2"
    assert found["rec_cannot_figures"] == "3"
    assert "the report's rule" in found["rec_tolerance_standard"]


PLAN_HEADER = ",".join(rec.PLAN_COLUMNS)


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("X-01,C999-01,date,R01,a,a", "unknown claim 'C999-01'"),
        ("X-01,C000-02,date,R99,a,a", "unknown record fact(s) R99"),
        ("X-01,C000-02,guess,R01,a,a", "unknown measure 'guess'"),
        ("X-01,C001-03,deaths: malicious acts,R01,a,a", "is not one fatalities dataset"),
        ("X-01,C001-03,deaths: malicious acts,R-OFFICIAL,a,a", "is not one fatalities dataset"),
        ("X-01,C000-02,date,R01 R02,a,a", "reads one record id, got 2"),
        ("X-01,C000-02,date,R01,the first 170,a", "typed into seed_counts: 170"),
        ("X-01,C000-02,date,R01,a, ", "record_counts is empty"),
        ("X-01,C001-02,ceiling in force,R05,a,a,ten years", "typed into cannot_check: ten"),
        (
            "X-01,C001-03,deaths: malicious acts,R-UNFAT-2025,a,a,why",
            "the fatalities dataset counts what a toll counts",
        ),
    ],
)
def test_a_bad_plan_row_names_file_line_and_problem(ledger, tmp_path, row, problem):
    path = tmp_path / "reconciliation.csv"
    row += "," * (len(rec.PLAN_COLUMNS) - 1 - row.count(","))  # cannot_check empty if left out
    path.write_text(f"{PLAN_HEADER}\n{row}\n", encoding="utf-8")
    with pytest.raises(
        ClaimError, match=r"reconciliation\.csv: line 2: X-01: .*" + re.escape(problem)
    ):
        rec.load_plan(ledger, path)


def test_a_date_qualifier_sets_the_direction_of_its_test(ledger):
    by = ledger.get("C002-05")  # "by December 31, 2023"
    assert rec.date_holds(by, dt.date(2023, 12, 30))[0]
    assert not rec.date_holds(by, dt.date(2024, 1, 1))[0]
    following = ledger.get("C003-04")  # "following January 1"
    assert rec.date_holds(following, dt.date(2024, 1, 2))[0]
    assert not rec.date_holds(following, dt.date(2023, 12, 31))[0]
