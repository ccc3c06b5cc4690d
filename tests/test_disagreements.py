"""The disagreement chapter is computed from the ledger."""

import csv
import dataclasses
import re

import pytest

from sahel.chapters import checks, disagreements
from sahel.evidence import claims


def test_finds_the_known_disagreements(ledger):
    flags = disagreements.find(ledger).set_index("flag")
    assert flags.loc["minusma.fatalities", "kind"] == "values overlap"
    assert flags.loc["minusma.personnel", "kind"] == "qualifiers differ"
    # the same figure worded differently is not a flag (issue 21): the mission's lifetime in
    # different words, the mandate's end named by the days either side of one boundary
    assert "minusma.duration.years" not in flags.index
    assert "minusma.mandate.end" not in flags.index
    assert flags.loc["minusma.fatalities", "difference"].startswith(
        "none in value: the intervals overlap (over 170: above 170; around 180: 175 to 185); "
        "they differ in what is counted and time: “over 170” peacekeepers killed, since 2013, "
        "as of a date from 31 August 2023"
    )
    assert (
        "“around 180” members losing their lives in hostile acts, as of 12 December 2023"
        in (flags.loc["minusma.fatalities", "difference"])
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
    flags = disagreements.find(fixture, scopes).set_index("flag")
    assert flags.loc["minusma.fatalities", "kind"] == "scope or time differ"
    alike = scope.Scope("C001-03", "killed", "", "as of 12 December 2023")
    same = {**scopes, "C001-03": alike, "C003-08": dataclasses.replace(alike, claim="C003-08")}
    flags = disagreements.find(fixture, same).set_index("flag")
    assert flags.loc["minusma.fatalities", "kind"] == "values differ"
    assert flags.loc["minusma.fatalities", "difference"] == "5 to 15 apart"


def test_a_scope_must_be_in_the_claims_quote(ledger, tmp_path):
    from sahel.evidence import scope

    bad = tmp_path / "scopes.csv"
    bad.write_text(
        "id,claim,counts,when,counted_as\nSC-01,C001-03,soldiers killed,,\n", encoding="utf-8"
    )
    with pytest.raises(claims.ClaimError, match="'soldiers killed' is not in C001-03's quote"):
        scope.load_scopes(ledger, bad)


def test_figures_differ_in_value_only_when_their_intervals_do_not_overlap(ledger):
    """ "over 170" and "around 180" are not 10 apart; "170" and "around 180" are 5 to 15."""
    base = [c for c in ledger if c.subject != "minusma.fatalities"]
    over, around = ledger.get("C001-03"), ledger.get("C003-08")
    exact = dataclasses.replace(over, qualifier="exact")
    no_scopes = {}  # the interval rule alone: scope and time are the next test's
    flags = disagreements.find(claims.Ledger([*base, exact, around]), no_scopes)
    flags = flags.set_index("flag")
    assert flags.loc["minusma.fatalities", "kind"] == "values differ"
    assert flags.loc["minusma.fatalities", "difference"] == "5 to 15 apart"
    point = dataclasses.replace(around, qualifier="exact")
    flags = disagreements.find(claims.Ledger([*base, exact, point]), no_scopes)
    flags = flags.set_index("flag")
    assert flags.loc["minusma.fatalities", "difference"] == "10 (6% of the lower figure)"


def test_compatible_precision_is_not_a_disagreement(ledger):
    subjects = set(disagreements.find(ledger)["flag"])
    # "2013" (year) and "2013-04-25" (day) agree; so do "June 2023" and "2023-06-16": they are
    # the same date worded differently, listed apart
    assert "minusma.established" not in subjects
    assert "mali.withdrawal.request" not in subjects
    worded = set(disagreements.worded(ledger)["quantity"])
    assert {"minusma.established", "mali.withdrawal.request"} <= worded


def test_a_new_conflicting_claim_adds_a_row(ledger, corpus, results):
    before = set(disagreements.find(ledger)["flag"])
    assert "norway.missions.embassies" not in before
    base = ledger.one("norway.missions.embassies")
    conflicting = dataclasses.replace(base, id="C999-01", source="S001", value=77, quantity="77")
    wider = claims.Ledger([*ledger, conflicting])
    flags, _ = disagreements.analyse(wider)
    row = disagreements.table(flags).set_index("flag").loc["norway.missions.embassies"]
    assert row["kind"] == "values differ" and row["scope"] == "across sources"
    flags, _ = disagreements.analyse(wider, results=results)
    readings = disagreements.load_readings(ledger)
    details = disagreements.details_markdown(flags, corpus, readings, results)
    assert "tbl-disagree-norway-missions-embassies" in details
    assert disagreements.NO_READING.split()[0] in details


@pytest.fixture(scope="module")
def results(ledger):
    from sahel.chapters import reconciliation

    return reconciliation.run(ledger)


def test_every_flag_in_the_real_ledger_has_a_reading_and_every_reading_a_flag(ledger, results):
    readings = disagreements.load_readings(ledger)
    assert set(disagreements.find(ledger, results=results)["flag"]) == set(readings)


@pytest.mark.parametrize("path", [disagreements.READINGS_CSV, disagreements.DEFECTS_CSV])
def test_readings_type_no_numbers(path):
    """Analysts' readings cite figures through {C000-01} (a claim) and {X-01} (what the record
    gives for a check) placeholders, never typed digits."""
    for row in csv.DictReader(path.open(encoding="utf-8")):
        text = re.sub(r"\{(C\d{3}-\d+|X-\d+)\}", "", row["reading"])
        assert not re.search(r"\d", text), row["id"]


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


def test_the_reports_missions_after_the_closure_are_worded_as_the_reports(ledger):
    """96 less Bamako is the report's arithmetic, not a source's figure: it is checked with
    the arithmetic, against the record's count after the closure, and glued with its formula
    (worded as the report's), never as a row of the reconciliation with the sources."""
    from sahel.evidence import record
    from sahel.provenance import Formula, evidence_of

    facts = record.facts()
    table = checks.checks_table(ledger, facts)
    row = table[table["check"].str.contains("less Bamako")].iloc[0]
    assert (row["stated"], row["computed"], row["holds"]) == ("95", "95", "yes")
    found = checks.figures(table, ledger, facts)
    assert found["dis_after_verdict"] == "matches"
    evidence = evidence_of(found["dis_missions_after"])
    assert isinstance(evidence, Formula) and "the report's arithmetic" in evidence.words
    other = facts.assign(value=facts["value"].where(facts["id"] != "N01", "94"))
    table = checks.checks_table(ledger, other)
    assert "NO" in set(table["holds"])
    assert checks.figures(table, ledger, other)["dis_after_verdict"] == "does NOT match"


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


def test_figures_count_the_flags_by_scope(ledger, results):
    flags = disagreements.find(ledger, results=results)
    figures = disagreements.figures(ledger, flags, disagreements.worded(ledger, results=results))
    assert figures["dis_flagged"] == f"{len(flags):,}"
    parts = ("dis_across", "dis_within", "dis_record")
    assert sum(int(figures[k]) for k in parts) == len(flags)
    assert figures["dis_within"] == "0"  # the mandate's end is one boundary worded two ways
    assert figures["dis_record"] == "1"  # the humanitarian aid's year
    # no flag is settled: the toll is only narrowed, the personnel figure cannot be checked
    assert figures["dis_settled"] == "0"
    assert figures["dis_claims"] == f"{len(ledger):,}"
    assert figures["dis_joined"] == "no two subjects are declared one quantity"
    assert int(figures["dis_worded"]) >= 5


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


# --- issue 14, item 7: wider, settled where possible ---------------------------------------------


def _alike(scopes, *ids):
    """``scopes`` with each of ``ids`` counting the same thing at the same time."""
    from sahel.evidence import scope

    same = scope.Scope(ids[0], "killed", "", "as of 12 December 2023")
    return {**scopes, **{i: dataclasses.replace(same, claim=i) for i in ids}}


def test_a_cross_subject_disagreement_is_found(ledger):
    """The same quantity filed under two subjects is compared once the subjects are declared one
    quantity (a same-quantity pick); undeclared, each label alone holds a single figure."""
    from sahel.evidence import scope

    base = [c for c in ledger if c.subject != "minusma.fatalities"]
    killed = dataclasses.replace(
        ledger.get("C001-03"), qualifier="exact", subject="minusma.peacekeepers_killed"
    )
    fixture = claims.Ledger([*base, killed, ledger.get("C003-08")])
    scopes = _alike(scope.load_scopes(ledger), "C001-03", "C003-08")
    apart = disagreements.find(fixture, scopes, joined=[])
    assert not apart["subjects"].str.contains("fatalities|peacekeepers_killed").any()
    joined = [("minusma.peacekeepers_killed", "minusma.fatalities")]
    flags = disagreements.find(fixture, scopes, joined=joined).set_index("flag")
    key = "minusma.peacekeepers_killed = minusma.fatalities"  # in ledger order
    assert flags.loc[key, "kind"] == "values differ"
    assert flags.loc[key, "scope"] == disagreements.ACROSS
    assert flags.loc[key, "claims"] == "C001-03 C003-08"
    assert disagreements.quantities(fixture, joined).count(tuple(key.split(" = "))) == 1


def test_subjects_of_different_units_cannot_be_one_quantity(ledger, tmp_path):
    from sahel import content

    path = tmp_path / "picks.csv"
    header = "key,kind,value,why\n"
    path.write_text(
        header + "disagreements.same_quantity.x,subjects,minusma.fatalities minusma.established,"
        "a test\n",
        encoding="utf-8",
    )
    with pytest.raises(content.ContentError, match="different units .*cannot be one quantity"):
        content.verify_picks(ledger, path)
    path = tmp_path / "picks-unknown.csv"
    path.write_text(
        header + "disagreements.same_quantity.x,subjects,minusma.fatalities minusma.nothing,"
        "a test\n",
        encoding="utf-8",
    )
    with pytest.raises(content.ContentError, match="no claim has subject 'minusma.nothing'"):
        content.verify_picks(ledger, path)
    with pytest.raises(claims.ClaimError, match="no claim has subject 'minusma.nothing'"):
        disagreements.quantities(ledger, [("minusma.fatalities", "minusma.nothing")])


def test_a_seed_that_contradicts_itself_is_flagged_on_its_own(ledger):
    """A source that dates the same thing twice, differently, is flagged within itself even when
    other sources agree with one of its dates; the real ledger's case is the mandate's end."""
    established = ledger.get("C004-12")
    twice = dataclasses.replace(established, id="C004-99", date="2014", quantity="2014")
    flags = disagreements.find(claims.Ledger([*ledger, twice])).set_index("flag")
    row = flags.loc["minusma.established in S004"]
    assert (row["kind"], row["scope"], row["claims"]) == (
        "dates differ",
        disagreements.WITHIN,
        "C004-12 C004-99",
    )
    assert flags.loc["minusma.established", "scope"] == disagreements.ACROSS


def test_a_seed_against_the_record_flag_carries_the_records_figure(ledger, results, corpus):
    """A figure the record does not simply bear out is a flag, with the record's figure under
    each reading and whose record it is beside the seed's quote, and the figure's grade."""
    from sahel.evidence import record

    flags, _ = disagreements.analyse(ledger, results=results)
    by_key = {f.key: f for f in flags}
    aid = by_key["norway.humanitarian.sahel.2023"]
    assert aid.scope == disagreements.RECORD
    assert aid.kinds == (disagreements.RECORD_ELSE,)
    row = aid.row()
    assert row["record_figures"] == "X-15: 1 January 2023 to 31 August 2023"
    facts, sources = record.facts(), record.load_sources()
    shown = disagreements.side_by_side(aid, corpus, facts, sources)
    beside = shown.loc[0, "the record"]
    assert "1 January 2023 to 31 August 2023" in beside
    assert "regjeringen" in beside and "{cite:p}`" in beside
    deaths = disagreements.side_by_side(by_key["minusma.fatalities"], corpus, facts, sources)
    news = re.sub(r"\\(.)", r"\1", deaths.loc[1, "the record"])  # "around 180", unescaped
    assert news.startswith("uniformed personnel (military and police), malicious acts: 170")
    assert "all personnel, malicious acts: 174" in news
    assert "all personnel, malicious acts or cause to be determined: 183" in news
    assert "DPPADPOSS-FATALITIES, last update 4 April 2025" in news
    assert news.endswith("not settled: the record narrows it")
    assert by_key["minusma.fatalities"].kinds[-1] == disagreements.RECORD_SOME
    assert by_key["minusma.personnel"].kinds[-1] == disagreements.RECORD_CANNOT


def test_only_a_difference_of_wording_goes_to_the_worded_list(ledger):
    """ "over 170" and "more than 170", or "15,000" and "about 15,000", counting the same thing
    at the same time, are the same figure worded differently: not flagged, listed apart."""
    from sahel.evidence import scope

    scopes = scope.load_scopes(ledger)
    base = [c for c in ledger if c.subject != "minusma.fatalities"]
    over = ledger.get("C001-03")
    pairs = [
        (over, dataclasses.replace(over, id="C003-98", source="S003", qualifier="more than")),
        (
            dataclasses.replace(over, value=15000, quantity="15,000", qualifier="exact"),
            dataclasses.replace(
                over, id="C003-98", source="S003", value=15000, quantity="15,000", qualifier="about"
            ),
        ),
    ]
    for a, b in pairs:
        fixture = claims.Ledger([*base, a, b])
        alike = _alike(scopes, a.id, b.id)
        assert "minusma.fatalities" not in set(disagreements.find(fixture, alike)["flag"])
        worded = disagreements.worded(fixture, alike).set_index("quantity")
        assert worded.loc["minusma.fatalities", "claims"] == f"{a.id} {b.id}"
        assert "different qualifiers" in worded.loc["minusma.fatalities", "how"]
        # counted as different things, the same pair stays a flag
        assert "minusma.fatalities" in set(disagreements.find(fixture, scopes)["flag"])


def test_a_boundary_named_by_the_days_either_side_is_worded_not_flagged(ledger, results):
    """ "as of June 30, 2023" and "as of July 1" name one boundary (the end of a day is the
    start of the next): the same figure worded differently. Two days apart, or the same pair
    written as plain dates rather than boundaries, they are a flag."""
    flags, worded = disagreements.analyse(ledger, results=results)
    assert "minusma.mandate.end" not in {f.key for f in flags}
    entry = next(w for w in worded if w.key == "minusma.mandate.end")
    assert entry.how.startswith("the same boundary")
    july = ledger.get("C002-03")
    base = [c for c in ledger if c is not july]
    for moved in (
        dataclasses.replace(july, date="2023-07-02", quantity="July 2"),
        dataclasses.replace(july, qualifier="exact"),
    ):
        found = disagreements.find(claims.Ledger([*base, moved])).set_index("flag")
        assert found.loc["minusma.mandate.end", "kind"] == "dates differ"


def test_a_deadline_and_a_planned_end_on_the_same_day_are_worded_not_flagged(ledger, results):
    """The envoy's withdrawal to "conclude on December 31, 2023" and the article's "by
    December 31, 2023" give the same day: listed as worded differently, never flagged against
    the record; a planned end a day earlier than the deadline's day is a flag."""
    flags, worded = disagreements.analyse(ledger, results=results)
    assert "minusma.withdrawal.end" not in {f.key for f in flags}
    entry = next(w for w in worded if w.key == "minusma.withdrawal.end")
    assert "a deadline (“by”) and a planned end (“on”) of the same day" in entry.how
    on = ledger.get("C002-10")
    earlier = dataclasses.replace(on, date="2023-12-30", quantity="December 30, 2023")
    fixture = claims.Ledger([earlier if c is on else c for c in ledger])
    assert "minusma.withdrawal.end" in set(disagreements.find(fixture)["flag"])


def test_the_missions_lifetime_in_two_wordings_is_one_figure(ledger, results):
    """ "over a decade" combating an insurgency and a "10-year" deployment both time the
    mission in Mali (scopes.csv's counted_as): worded differently, not a flag. Without that
    row's words they count different things and are flagged."""
    from sahel.evidence import scope

    flags, worded = disagreements.analyse(ledger, results=results)
    assert "minusma.duration.years" not in {f.key for f in flags}
    assert "minusma.duration.years" in {w.key for w in worded}
    scopes = scope.load_scopes(ledger)
    apart = {k: dataclasses.replace(v, counted_as="") for k, v in scopes.items()}
    assert "minusma.duration.years" in set(disagreements.find(ledger, apart)["flag"])


def test_a_flag_is_settled_only_when_every_reading_agrees(ledger, results):
    """The toll's flag is not settled: each figure holds under some readings and fails under
    others. Made to hold under every reading and tolerance, it is borne out, and the reading
    written for "not settled" is refused, naming the reading and the new settlement."""
    from sahel.chapters import reconciliation as rec

    flags, _ = disagreements.analyse(ledger, results=results)
    toll = next(f for f in flags if f.key == "minusma.fatalities")
    assert toll.settlement == disagreements.NARROWED
    personnel = next(f for f in flags if f.key == "minusma.personnel")
    assert personnel.settlement == disagreements.CANNOT

    def holding(r):
        widths = tuple((w, rec.CONSISTENT) for w, _ in r.widths)
        return dataclasses.replace(r, verdict=rec.CONSISTENT, widths=widths, held=True)

    toll_ids = {c.id for c in toll.claims}
    changed = [(row, holding(r) if r.claim in toll_ids else r) for row, r in results]
    flags, _ = disagreements.analyse(ledger, results=changed)
    toll = next(f for f in flags if f.key == "minusma.fatalities")
    assert toll.settlement == disagreements.BORNE_OUT
    readings = disagreements.load_readings(ledger)
    with pytest.raises(disagreements.ReadingError, match=r"R-01.*'borne out by the record'"):
        disagreements.reading_for(toll, readings, changed)
    old = next(f for f in disagreements.analyse(ledger, results=results)[0] if f.key == toll.key)
    _, text = disagreements.reading_for(old, readings, results)
    assert "(170)" in text and "(174)" in text and "(183)" in text and "{X-" not in text


def test_the_re_graded_flags_are_listed_with_what_they_are_now(ledger, results, tmp_path):
    """data/regrades.csv: each re-graded quantity with what it was and why; what it is now is
    computed. An unknown quantity, a typed number, or a row whose grade has not changed is
    refused, naming the file and line."""
    flags, worded = disagreements.analyse(ledger, results=results)
    regrades = {r.quantity: r for r in disagreements.load_regrades(ledger, flags, worded)}
    assert regrades["minusma.fatalities"].now == disagreements.NARROWED
    assert regrades["minusma.personnel"].now == disagreements.CANNOT
    for key in ("minusma.mandate.end", "minusma.withdrawal.end", "minusma.duration.years"):
        assert regrades[key].now.startswith(disagreements.WORDED_NOW)
    assert "over a decade" in regrades["minusma.duration.years"].was
    header = ",".join(disagreements.REGRADE_COLUMNS)
    for row, problem in (
        ("G-01,minusma.nothing,was,why", "is neither a flag nor a worded-differently entry"),
        ("G-01,minusma.fatalities,was,it was 170", "number(s) typed into why: 170"),
        (
            "G-01,minusma.fatalities,not settled: the record narrows it,why",
            "still is: not a re-grade",
        ),
    ):
        path = tmp_path / "regrades.csv"
        path.write_text(f"{header}\n{row}\n", encoding="utf-8")
        with pytest.raises(disagreements.ReadingError, match=r"regrades\.csv: line 2: G-01: "):
            disagreements.load_regrades(ledger, flags, worded, path)
        with pytest.raises(disagreements.ReadingError, match=re.escape(problem)):
            disagreements.load_regrades(ledger, flags, worded, path)


def test_no_page_calls_the_15000_not_the_troops_present():
    """A ceiling cannot confirm a headcount, so no chapter, module or data file the
    reconciliation's owner keeps says the 15,000 is "not the troops present" (the summary is
    the lead's, and is told)."""
    from sahel import paths

    root = paths.DATA.parent
    files = [
        *sorted((root / "notebooks").glob("*.ipynb")),
        *sorted((root / "sahel").rglob("*.py")),
        *sorted((root / "data").glob("*.csv")),
    ]
    skip = {"00-summary.ipynb", "summary.py"}
    wording = re.compile(r"not the troops present|not a deployed strength|not a count of those "
                         r"deployed", re.IGNORECASE)  # fmt: skip
    found = [f.name for f in files if f.name not in skip and wording.search(f.read_text())]
    assert found == []


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("R-01,minusma.fatalities,range,settled by the record,{X-99}", "unknown check"),
        ("R-01,minusma.fatalities,range,settled,text", "verdict 'settled' is not one of"),
        ("R-01,Fatalities!,range,settled by the record,text", "is not SUBJECT"),
        ("R-01,minusma.nothing,range,settled by the record,text", "no claim has subject"),
    ],
)
def test_a_bad_reading_names_its_line_and_problem(ledger, results, tmp_path, row, problem):
    path = tmp_path / "readings.csv"
    path.write_text(",".join(disagreements.READING_COLUMNS) + f"\n{row}\n", encoding="utf-8")
    plan = [planned for planned, _ in results]
    with pytest.raises(
        claims.ClaimError, match=r"readings\.csv: line 2: reading R-01: .*" + problem
    ):
        disagreements.load_readings(ledger, path, plan)


def test_every_shown_flag_has_its_quotes_in_words(ledger, results, corpus):
    """Each flag shows at least two statements side by side — two seeds' quotes, or a seed's
    quote and the record beside it — each seed named in words (kind, title, publisher) with its
    citation; no claim id appears in the rendered text."""
    from sahel.evidence import record
    from sahel.publish import escape_md

    flags, _ = disagreements.analyse(ledger, results=results)
    facts, sources = record.facts(), record.load_sources()
    readings = disagreements.load_readings(ledger)
    for flag in flags:
        shown = disagreements.side_by_side(flag, corpus, facts, sources)
        beside = (shown["the record"] != "—").sum()
        assert len(shown) + beside >= 2, flag.key
        for claim, who in zip(flag.claims, shown["who says it"], strict=True):
            source = corpus[claim.source].source
            assert escape_md(source.title) in who and f"`{source.bibkey}`" in who
    details = disagreements.details_markdown(flags, corpus, readings, results, facts, sources)
    assert not re.search(r"C\d{3}-\d+", details)
    summary = disagreements.summary_table(flags, readings, corpus)
    assert not re.search(r"C\d{3}-\d+", summary.to_string())
    # nor a source id or a subject label: quantities are named in words, sources cited
    worded = disagreements.worded_shown(disagreements.analyse(ledger)[1], corpus)
    labels = r"\b(S\d{3})\b|" + "|".join(re.escape(s) for s in ledger.subjects())
    for text in (details, summary.to_string(), worded.to_string()):
        plain = re.sub(r"\\(.)", r"\1", text)  # as the reader sees it, escapes undone
        assert not re.search(labels, re.sub(r"\{cite:[pt]\}`[^`]*`|:name: \S+", "", plain))


def test_every_flag_and_worded_quantity_is_named_in_plain_words(ledger, results):
    flags, entries = disagreements.analyse(ledger, results=results)
    assert disagreements.unlabelled(flags, entries) == []
    assert disagreements.label(("minusma.fatalities",)) == "Peacekeepers killed"
    assert disagreements.label(("no.such.subject",)) == "no.such.subject"


def test_verify_refuses_a_stale_or_orphan_reading(tmp_path):
    """``make verify`` computes the flags on the vendored record: a reading written for another
    settlement, or for a flag no longer raised, fails there, naming the reading's line."""
    from sahel.evidence import verify
    from tests.book import copy_inputs

    root = copy_inputs(tmp_path / "book")
    path = root / "data" / "readings.csv"
    text = path.read_text(encoding="utf-8")
    stale = text.replace(
        'as stated,"borne out, counting something else",', "as stated,settled by the record,"
    )
    path.write_text(stale, encoding="utf-8")
    report = verify.run(root, [c for c in verify.CHECKS if c.name != "inventory"])
    assert any(
        name == "readings" and "line 4: reading R-06: written for 'settled by the record'" in msg
        for name, msg in report.errors
    ), report.errors
    orphan = text.replace("R-06,norway.humanitarian.sahel.2023,", "R-06,minusma.established,")
    path.write_text(orphan, encoding="utf-8")
    report = verify.run(root, [c for c in verify.CHECKS if c.name != "inventory"])
    assert any("no flag 'minusma.established' is raised" in msg for _, msg in report.errors)


def test_dates_are_compared_as_their_qualifiers_mean_them(ledger):
    """ "by the end of the year" (a deadline in 2023) and "December 31, 2023" fit one day: no
    gap; the mandate's "June 30, 2023" and "July 1" are a day apart; a year alone ("2023",
    exact) and a day inside it are the same date at different precision."""
    gap = disagreements._date_gap
    deadline, day = ledger.get("C000-15"), ledger.get("C002-10")
    assert deadline.qualifier == "by the end of" and deadline.date == "2023"
    assert gap([deadline, day]) == 0
    assert gap([ledger.get("C002-03"), ledger.get("C002-07")]) == 1
    year = dataclasses.replace(deadline, qualifier="exact")
    assert gap([year, day]) == 0
    early = dataclasses.replace(day, date="2023-06-30")
    assert gap([dataclasses.replace(early, qualifier="since"), day]) == 0
    assert gap([early, dataclasses.replace(day, qualifier="by")]) == 0
    assert gap([dataclasses.replace(early, qualifier="by"), day]) == 184
    assert gap([early, day]) == 184
