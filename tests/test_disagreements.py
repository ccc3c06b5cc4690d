"""The disagreement chapter is computed from the ledger."""

import csv
import dataclasses
import re

import pytest

from sahel.chapters import checks, disagreements
from sahel.evidence import claims


def test_finds_the_known_disagreements(ledger):
    flags = disagreements.find(ledger).set_index("subject")
    assert flags.loc["minusma.fatalities", "kind"] == "values overlap"
    assert flags.loc["minusma.personnel", "kind"] == "qualifiers differ"
    assert flags.loc["minusma.duration.years", "kind"] == "qualifiers differ"
    assert flags.loc["minusma.mandate.end", "kind"] == "dates differ"
    assert flags.loc["minusma.mandate.end", "scope"] == "within one source"
    assert flags.loc["minusma.mandate.end", "difference"] == "1 day apart"
    assert flags.loc["minusma.fatalities", "difference"].startswith(
        "none in value: the intervals overlap (over 170: above 170; around 180: 175 to 185); "
        "they differ in what is counted and time: “over 170” peacekeepers killed, since 2013, "
        "as of a date from 31 August 2023"
    )
    assert "“around 180” members losing their lives in hostile acts, as of 12 December 2023" in (
        flags.loc["minusma.fatalities", "difference"]
    )


def test_figures_that_count_other_things_or_times_do_not_disagree_in_value(ledger):
    """Scope and time are part of a claim: "170" killed since 2013 and "around 180" lost in
    hostile acts do not overlap, yet they count different things at different times, so they
    are not a disagreement in value; counted alike at the same time, they would be."""
    from sahel.evidence import scope

    base = [c for c in ledger if c.subject != "minusma.fatalities"]
    exact = dataclasses.replace(ledger.get("C001-03"), qualifier="exact")
    fixture = claims.Ledger([*base, exact, ledger.get("C003-08")])
    scopes = scope.load_scopes(ledger)
    flags = disagreements.find(fixture, scopes).set_index("subject")
    assert flags.loc["minusma.fatalities", "kind"] == "scope or time differ"
    alike = scope.Scope("C001-03", "killed", "", "as of 12 December 2023")
    same = {**scopes, "C001-03": alike, "C003-08": dataclasses.replace(alike, claim="C003-08")}
    flags = disagreements.find(fixture, same).set_index("subject")
    assert flags.loc["minusma.fatalities", "kind"] == "values differ"
    assert flags.loc["minusma.fatalities", "difference"] == "5 to 15 apart"


def test_a_scope_must_be_in_the_claims_quote(ledger, tmp_path):
    from sahel.evidence import scope

    bad = tmp_path / "scopes.csv"
    bad.write_text("id,claim,counts,when\nSC-01,C001-03,soldiers killed,\n", encoding="utf-8")
    with pytest.raises(claims.ClaimError, match="'soldiers killed' is not in C001-03's quote"):
        scope.load_scopes(ledger, bad)


def test_figures_differ_in_value_only_when_their_intervals_do_not_overlap(ledger):
    """"over 170" and "around 180" are not 10 apart; "170" and "around 180" are 5 to 15."""
    base = [c for c in ledger if c.subject != "minusma.fatalities"]
    over, around = ledger.get("C001-03"), ledger.get("C003-08")
    exact = dataclasses.replace(over, qualifier="exact")
    no_scopes = {}  # the interval rule alone: scope and time are the next test's
    flags = disagreements.find(claims.Ledger([*base, exact, around]), no_scopes)
    flags = flags.set_index("subject")
    assert flags.loc["minusma.fatalities", "kind"] == "values differ"
    assert flags.loc["minusma.fatalities", "difference"] == "5 to 15 apart"
    point = dataclasses.replace(around, qualifier="exact")
    flags = disagreements.find(claims.Ledger([*base, exact, point]), no_scopes)
    flags = flags.set_index("subject")
    assert flags.loc["minusma.fatalities", "difference"] == "10 (6% of the lower figure)"


def test_compatible_precision_is_not_a_disagreement(ledger):
    subjects = set(disagreements.find(ledger)["subject"])
    # "2013" (year) and "2013-04-25" (day) agree; so do "June 2023" and "2023-06-16".
    assert "minusma.established" not in subjects
    assert "mali.withdrawal.request" not in subjects


def test_a_new_conflicting_claim_adds_a_row(ledger, corpus):
    before = set(disagreements.find(ledger)["subject"])
    assert "norway.missions.embassies" not in before
    base = ledger.one("norway.missions.embassies")
    conflicting = dataclasses.replace(base, id="C999-01", source="S001", value=77, quantity="77")
    flags = disagreements.find(claims.Ledger([*ledger, conflicting]))
    row = flags.set_index("subject").loc["norway.missions.embassies"]
    assert row["kind"] == "values differ" and row["scope"] == "across sources"
    readings = disagreements.load_readings(ledger)
    details = disagreements.details_markdown(
        flags, claims.Ledger([*ledger, conflicting]), corpus, readings
    )
    assert "tbl-disagree-norway-missions-embassies" in details
    assert disagreements.NO_READING.split()[0] in details


def test_every_flag_in_the_real_ledger_has_a_reading(ledger):
    readings = disagreements.load_readings(ledger)
    assert set(disagreements.find(ledger)["subject"]) <= set(readings)


@pytest.mark.parametrize("path", [disagreements.READINGS_CSV, disagreements.DEFECTS_CSV])
def test_readings_type_no_numbers(path):
    """Analysts' readings cite figures through {C000-01} placeholders, never typed digits."""
    for row in csv.DictReader(path.open(encoding="utf-8")):
        assert not re.search(r"\d", re.sub(r"\{C\d{3}-\d+\}", "", row["reading"])), row["id"]


def test_defect_quotes_are_verbatim(corpus, ledger):
    defects = disagreements.load_defects(corpus, ledger)
    assert len(defects) > 0


def test_unknown_placeholder_fails(ledger):
    with pytest.raises(claims.ClaimError, match="unknown claim 'C999-99'"):
        disagreements.fill("see {C999-99}", ledger, "here")


def test_mission_network_sum_holds_and_fails_loudly(ledger):
    assert checks.require_sum(ledger, *checks.MISSION_NETWORK)["holds"]
    embassies = ledger.one("norway.missions.embassies")
    broken = claims.Ledger(
        [dataclasses.replace(c, value=77) if c is embassies else c for c in ledger]
    )
    with pytest.raises(checks.SumMismatchError, match=r"77 \+ 8 \+ 9 \+ 1 = 96 does not hold"):
        checks.require_sum(broken, *checks.MISSION_NETWORK)


def test_weekday_check_catches_a_wrong_weekday(ledger):
    assert all(r["holds"] for r in checks.weekday_checks(ledger))
    friday = ledger.one("unsc.res2690.adopted.weekday")
    broken = claims.Ledger(
        [dataclasses.replace(c, value="Thursday") if c is friday else c for c in ledger]
    )
    assert [r["holds"] for r in checks.weekday_checks(broken)] == [False]


def test_mali_share(ledger):
    fraction, ids = checks.share(ledger, *checks.MALI_SHARE)
    assert fraction == pytest.approx(180 / 745)
    assert ids == ("C000-08", "C000-07")


def test_verdicts_follow_the_checks(ledger):
    table = checks.checks_table(ledger)
    assert set(table["holds"]) == {"yes"}
    assert checks.figures(table, ledger) == {
        "dis_sum_verdict": "adds up",
        "dis_weekday_verdict": "matches",
        "dis_mali_share": "24.2%",  # 180 / 745 = 0.2416
    }
    embassies = ledger.one("norway.missions.embassies")
    friday = ledger.one("unsc.res2690.adopted.weekday")
    changes = {embassies: {"value": 77}, friday: {"value": "Thursday"}}
    broken = claims.Ledger([dataclasses.replace(c, **changes.get(c, {})) for c in ledger])
    table = checks.checks_table(broken)
    assert "NO" in set(table["holds"])
    verdicts = checks.figures(table, broken)
    assert verdicts["dis_sum_verdict"] == "does NOT add up"
    assert verdicts["dis_weekday_verdict"] == "does NOT match"


def test_figures_count_the_flags_by_scope(ledger):
    flags = disagreements.find(ledger)
    figures = disagreements.figures(ledger, flags)
    assert figures["dis_flagged"] == f"{len(flags):,}"
    assert int(figures["dis_across"]) + int(figures["dis_within"]) == len(flags)
    assert figures["dis_within"] == "1"  # the mandate's end, within one article
    assert figures["dis_claims"] == f"{len(ledger):,}"


def test_defects_are_shown_with_citations(corpus, ledger):
    defects = disagreements.load_defects(corpus, ledger)
    shown = disagreements.defects_shown(defects, corpus)
    assert list(shown.columns) == list(disagreements.DEFECTS_SHOWN)
    assert all(s.startswith("{cite:t}`") for s in shown["source"])


def test_every_comparable_figure_has_a_scope(ledger, tmp_path):
    from sahel.evidence import scope

    assert scope.unscoped(ledger, scope.check_scopes(ledger)) == []
    rows = scope.SCOPES_CSV.read_text(encoding="utf-8").splitlines(keepends=True)
    short = tmp_path / "scopes.csv"
    short.write_text("".join(r for r in rows if ",C001-06," not in r), encoding="utf-8")
    with pytest.raises(claims.ClaimError, match="no scope for C001-06"):
        scope.check_scopes(ledger, short)
