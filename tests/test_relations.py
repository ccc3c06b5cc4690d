"""Mali's foreign relations: parsing seed S004, rebuilding its country table, its defects."""

import csv

import pandas as pd
import pytest

from sahel import countries
from sahel.chapters import relations
from sahel.chapters.disagreements import DEFECTS_CSV
from sahel.evidence.corpus import load_corpus
from sahel.evidence.textmatch import Located, collapse


@pytest.fixture(scope="module")
def text():
    return load_corpus()[relations.SOURCE].text


@pytest.fixture(scope="module")
def rows(text):
    return relations.parse_table(text)


@pytest.fixture(scope="module")
def table(text):
    return relations.relations(text)


def synthetic(*cells):
    """A tiny article with a bilateral table; each cell triple is (template, date, notes)."""
    body = "\n".join(f"{t} | {d} | {n} |" for t, d, n in cells)
    return (
        "Foreign relations of Mali\nIntro text.\nBilateral relations\n"
        "[edit]Country | Formal Relations Began | Notes |\n---|---|---|\n"
        f"{body}\nSee also\n[edit]References\n[edit]Nothing.\n"
    )


def rebuild(text, steps=None):
    """The reconstruction of a synthetic article, with the given steps of general knowledge."""
    return relations.relations(text, steps or {})


def row_of(frame, number):
    return frame.set_index("row").loc[number]


# --- parsing --------------------------------------------------------------------------------


def test_parser_finds_every_row(text, rows):
    """Expected count derived independently: lines starting 'Template:' inside the table."""
    lines = text.splitlines()
    header = next(
        i for i, ln in enumerate(lines) if ln.endswith("Country | Formal Relations Began | Notes |")
    )
    end = lines.index("See also")
    expected = [i + 1 for i in range(header + 1, end) if lines[i].startswith("Template:")]
    assert len(expected) > 0
    assert [r.line for r in rows] == expected
    assert [r.number for r in rows] == list(range(1, len(expected) + 1))
    for r in rows:
        assert lines[r.line - 1].startswith(r.template + " | ")
        assert collapse(r.date_cell) in collapse(text[r.start : r.end])


def test_row_cells_are_verbatim(text, rows):
    located = Located.of(text)
    for r in rows:
        assert r.template.startswith("Template:")
        assert located.find(r.date_cell) is not None
        if r.notes:
            assert located.find(r.notes) is not None


def test_multiline_date_cell_keeps_its_remark(rows):
    remarks = [r for r in rows if r.date_remark]
    assert [r.date_remark for r in remarks] == ["Diplomatic Severed in 4 August 2024"]
    assert remarks[0].established == "1992-11-05"


def test_sections_follow_the_edit_residue(text):
    lines = text.splitlines()
    expected = [
        ln.removeprefix("[edit]")
        for i, ln in enumerate(lines[:-1])
        if lines[i + 1].startswith("[edit]")
    ]
    found = relations.sections(text)
    assert [s.heading for s in found[1:]] == expected
    assert {"Multilateral membership", "Diplomatic relations", "Bilateral relations"} <= set(
        expected
    )
    assert all(s.edit_residue for s in found[1:])
    assert not any(s.body.startswith("[edit]") for s in found)


def test_malformed_table_is_refused():
    good = synthetic(("Template:Flag", "1 May 1960", "Alpha"))
    with pytest.raises(relations.RelationsParseError, match="header rule"):
        relations.parse_table(good.replace("---|---|---|", ""))
    with pytest.raises(relations.RelationsParseError, match="row 1"):
        relations.parse_table(good.replace("Alpha |", "Alpha"))
    with pytest.raises(relations.RelationsParseError, match="no section 'Bilateral relations'"):
        relations.parse_table(good.replace("Bilateral relations", "Bilateral"))


# --- reconstruction on synthetic rows ----------------------------------------------------------


def test_nationality_in_notes_resolves_and_residence_does_not():
    frame = rebuild(
        synthetic(
            (
                "Template:Flag",
                "1 May 1960",
                "Relations began when the first Norwegian ambassador to Mali, resident in Senegal, "
                "presented his credentials.",
            ),
            (
                "Template:Flag",
                "2 May 1961",
                "Mali's ambassador, resident in Senegal, presented his credentials.",
            ),
        )
    )
    first, second = row_of(frame, 1), row_of(frame, 2)
    assert (first["country"], first["evidence_kind"]) == ("Norway", "notes-demonym")
    assert first["evidence_excerpt"] == "the first Norwegian ambassador"
    assert first["confidence"] == "high"
    assert first["residence"] == "resident in Senegal"
    assert second["country"] == "" and second["confidence"] == "unresolved"
    assert second["residence"] == "resident in Senegal"


def test_a_capital_named_in_the_notes_resolves_and_a_residence_does_not():
    frame = rebuild(
        synthetic(
            ("Template:Flag", "1 May 1960", "A trade office opened in Ottawa in the same year."),
            (
                "Template:Flag",
                "2 May 1961",
                "The ambassador, resident in Dakar, presented his letters.",
            ),
            ("Template:Flag", "3 May 1962", "Talks in Bamako followed."),
        )
    )
    first, second, third = row_of(frame, 1), row_of(frame, 2), row_of(frame, 3)
    assert (first["country"], first["evidence_kind"]) == ("Canada", "notes-capital")
    assert first["evidence_excerpt"] == "Ottawa" and first["confidence"] == "medium"
    assert second["country"] == "" and second["residence"] == "resident in Dakar"
    assert third["country"] == ""  # Mali's own capital is never evidence


def test_country_named_in_a_diplomatic_phrase_resolves():
    frame = rebuild(
        synthetic(
            ("Template:Flag", "1 May 1960", "when the first Ambassador of Mali to Chad presented"),
            ("Template:Flag", "2 May 1961", "See Mali–Kenya relations"),
        )
    )
    assert list(frame["country"]) == ["Chad", "Kenya"]
    assert list(frame["evidence_kind"]) == ["notes-country", "see-also"]
    assert list(frame["confidence"]) == ["high", "high"]


def test_row_without_evidence_stays_unresolved_and_is_narrowed():
    frame = rebuild(
        synthetic(
            ("Template:Flag", "1 May 1960", "See Chad–Mali relations"),
            ("Template:Flag", "2 May 1961", "Both countries established diplomatic relations."),
            ("Template:Flag", "3 May 1962", "See Kenya–Mali relations"),
        )
    )
    middle = row_of(frame, 2)
    assert middle["country"] == "" and middle["confidence"] == "unresolved"
    assert (middle["after"], middle["before"]) == ("Chad", "Kenya")
    names = middle["candidate_names"].split("; ")
    assert "Ghana" in names and "Chad" not in names and "Mali" not in names
    assert middle["candidates"] == len(names)


def test_a_gap_with_one_candidate_is_low_not_high():
    frame = rebuild(
        synthetic(
            ("Template:Flag", "1 May 1960", "See Mali–Slovakia relations"),
            ("Template:Flag", "2 May 1961", ""),
            ("Template:Flag", "3 May 1962", "See Mali–Solomon Islands relations"),
        )
    )
    middle = row_of(frame, 2)
    assert (middle["country"], middle["confidence"]) == ("Slovenia", "low")
    assert middle["evidence_kind"] == "alphabetical-gap"


def test_former_name_is_medium_and_maps_to_successor():
    frame = rebuild(
        synthetic(("Template:Flag", "1 May 1965", "the first ambassador of Mali to Upper Volta"))
    )
    assert row_of(frame, 1)["country"] == "Burkina Faso"
    assert row_of(frame, 1)["confidence"] == "medium"


def test_name_out_of_alphabetical_order_is_low():
    frame = rebuild(
        synthetic(
            ("Template:Flag", "1 May 1960", "See Mali–Sweden relations"),
            ("Template:Flag", "2 May 1961", "the first Ambassador of Algeria to Mali"),
            ("Template:Flag", "3 May 1962", "See Mali–Zambia relations"),
        )
    )
    assert row_of(frame, 2)["confidence"] == "low"
    assert row_of(frame, 2)["position"].startswith("out of alphabetical order")


def test_conflicting_names_are_settled_only_by_position():
    frame = rebuild(
        synthetic(
            ("Template:Flag", "1 May 1960", "See Chad–Mali relations"),
            ("Template:Flag", "2 May 1961", "the Gabonese consul and the Swedish ambassador"),
            ("Template:Flag", "3 May 1962", "See Kenya–Mali relations"),
        )
    )
    middle = row_of(frame, 2)
    assert (middle["country"], middle["confidence"]) == ("Gabon", "medium")
    assert "Sweden" in middle["other_countries"]


def test_iso_template_code_resolves():
    frame = rebuild(synthetic(("Template:SEN", "1 May 1960", "")))
    assert (row_of(frame, 1)["country"], row_of(frame, 1)["evidence_kind"]) == (
        "Senegal",
        "template-code",
    )


# --- the seed's reconstruction ---------------------------------------------------------------


def test_relations_csv_is_current(table):
    committed = relations.RELATIONS_CSV.read_text(encoding="utf-8")
    assert committed == table.to_csv(index=False, lineterminator="\n")


def test_relations_csv_covers_every_row(rows):
    frame = pd.read_csv(relations.RELATIONS_CSV, dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(relations.RELATIONS_COLUMNS)
    assert list(frame["row"].astype(int)) == [r.number for r in rows]
    assert list(frame["template"]) == [r.template for r in rows]
    assert set(frame["confidence"]) <= set(relations.GRADES)
    assert ((frame["country"] == "") == (frame["confidence"] == "unresolved")).all()


def test_every_country_has_verbatim_evidence(text, table):
    located = Located.of(text)
    resolved = table[table["country"] != ""]
    assert len(resolved) > 0
    for row in resolved.itertuples(index=False):
        assert row.evidence_excerpt, row.row
        assert located.find(row.evidence_excerpt) is not None, row.evidence_excerpt
        for part in filter(None, (row.residence, row.clue)):
            assert located.find(part) is not None, part


def test_seed_residences_are_not_taken_for_the_country(table):
    with_residence = table[table["residence"] != ""]
    assert len(with_residence) > 0
    for row in with_residence.itertuples(index=False):
        place = row.residence.split(" in ", 1)[1]
        assert place not in row.country


def test_a_head_of_state_resolves_only_with_its_step_written_down(table):
    """Rows whose notes name a head of state are medium, each with its step of general
    knowledge; a row with nothing but its alphabetical place stays unresolved."""
    stepped = table[table["evidence_kind"] == "notes-head-of-state"]
    assert set(stepped["country"]) == {"Ethiopia", "Rwanda"}
    assert (stepped["confidence"] == "medium").all()
    for row in stepped.itertuples(index=False):
        assert row.country in row.step and row.step.split(" was ")[0] in row.evidence_excerpt
    gaps = table[table["evidence_kind"] == "alphabetical-gap"]
    assert len(gaps) > 0 and (gaps["confidence"] == "unresolved").all()
    assert (gaps["step"] == "").all()


def test_every_former_name_or_head_of_state_has_its_step(table):
    one_step = table[table["evidence_kind"].isin(relations.STEP_KINDS.values())]
    assert len(one_step) >= 3
    assert (one_step["step"] != "").all() and (one_step["confidence"] == "medium").all()


STEP_HEADER = ",".join(relations.STEP_COLUMNS) + "\n"
SELASSIE = (
    ("Template:Flag", "1 May 1960", "See Cyprus–Mali relations"),
    ("Template:Flag", "23 March 1964", "presented his credentials to Emperor Haile Selassie"),
    ("Template:Flag", "2 May 1961", ""),
    ("Template:Flag", "3 May 1962", "See Finland–Mali relations"),
)
SELASSIE_STEP = (
    "ST-01,2,Haile Selassie,Ethiopia,head of state,Haile Selassie was Emperor of Ethiopia"
)


def steps_file(tmp_path, *lines):
    path = tmp_path / "relations_steps.csv"
    path.write_text(STEP_HEADER + "".join(f"{line}\n" for line in lines), encoding="utf-8")
    return path


def test_a_head_of_state_with_its_step_is_medium_and_a_bare_gap_stays_unresolved(tmp_path):
    text = synthetic(*SELASSIE)
    without = rebuild(text)
    assert row_of(without, 2)["confidence"] == "unresolved"
    assert "Haile Selassie" in row_of(without, 2)["clue"]
    frame = relations.relations(text, steps_file(tmp_path, SELASSIE_STEP))
    row = row_of(frame, 2)
    assert (row["country"], row["confidence"], row["evidence_kind"]) == (
        "Ethiopia",
        "medium",
        "notes-head-of-state",
    )
    assert row["step"] == "Haile Selassie was Emperor of Ethiopia"
    assert row["evidence_excerpt"] == "presented his credentials to Emperor Haile Selassie"
    gap = row_of(frame, 3)  # nothing but its place between Ethiopia and Finland
    assert (gap["country"], gap["confidence"], gap["step"]) == ("", "unresolved", "")
    assert (gap["after"], gap["before"]) == ("Ethiopia", "Finland")


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (
            "ST-01,2,Mengistu Haile Mariam,Ethiopia,head of state,Mengistu Haile Mariam ruled "
            "Ethiopia",
            "name 'Mengistu Haile Mariam' is not in row 2's notes",
        ),
        ("ST-01,9,Haile Selassie,Ethiopia,head of state,x", "no row '9' in the table"),
        (
            "ST-01,2,Haile Selassie,Abyssinia,head of state,Haile Selassie ruled Abyssinia",
            "'Abyssinia' is not a country's name",
        ),
        ("ST-01,2,Haile Selassie,Ethiopia,emperor,x", "kind 'emperor' is not one of"),
        (
            "ST-01,2,Haile Selassie,Ethiopia,former name,Haile Selassie was Ethiopia",
            "ISO 3166-3 does not list 'Haile Selassie' as a former name of Ethiopia",
        ),
        (
            "ST-01,2,Haile Selassie,Ethiopia,head of state,He was Emperor of Ethiopia",
            "the step must name 'Haile Selassie' and 'Ethiopia'",
        ),
        (
            "ST-01,2,Haile Selassie,Ethiopia,head of state,Haile Selassie ruled Ethiopia from 1930",
            "number\\(s\\) typed into the step: 1930",
        ),
    ],
)
def test_a_step_that_does_not_hold_fails_with_its_line_and_problem(tmp_path, line, problem):
    path = steps_file(tmp_path, line)
    with pytest.raises(
        relations.RelationsStepError, match=f"relations_steps.csv: line 2: step ST-01: {problem}"
    ):
        relations.relations(synthetic(*SELASSIE), path)


def test_decades_add_up(table):
    data = relations.decades(table)
    assert data["total"].sum() == len(table)
    assert data["unresolved"].sum() == (table["confidence"] == "unresolved").sum()
    assert list(data["decade"]) == sorted(data["decade"])


def test_grade_counts_cover_every_row(table):
    counts = relations.grade_counts(table)
    assert list(counts["confidence"]) == list(relations.GRADES)
    assert counts["rows"].sum() == len(table)


# --- defects --------------------------------------------------------------------------------


def defect_rows():
    with DEFECTS_CSV.open(encoding="utf-8") as handle:
        return [r for r in csv.DictReader(handle) if r["source"] == relations.SOURCE]


def test_defect_quotes_are_found_verbatim(text):
    found = defect_rows()
    assert len(found) > 0
    located = Located.of(text)
    for row in found:
        assert located.find(row["quote"]) is not None, row["id"]
    assert located.find(found[0]["quote"] + " (altered)") is None


def test_detected_defects_are_listed(text, rows, table):
    quotes = [collapse(r["quote"]) for r in defect_rows()]

    def listed(excerpt):
        return any(collapse(excerpt) in q for q in quotes)

    detected = [use for _, use in relations.dangling_refs(text)]
    detected += [phrase for _, phrase, _ in relations.formula_deviations(rows)]
    detected += [sentence for _, sentence in relations.self_relations(rows, table)]
    assert len(detected) >= 3
    missing = [d for d in detected if not listed(d)]
    assert missing == []
    for heading in relations.empty_sections(text):
        body = relations.section(text, heading).body
        assert listed(body) or listed(f"{heading} [edit]"), heading


def test_dangling_refs_on_a_fixture():
    fixture = '<ref name="a">x</ref> <ref name=a/> <ref name=":9" /> <ref name="b">y</ref>'
    assert relations.dangling_refs(fixture) == [(":9", '<ref name=":9" />')]


def test_formula_deviation_on_a_fixture():
    fixture = synthetic(
        ("Template:Flag", "1 May 1960", "Both countries established diplomatic relations."),
        ("Template:Flag", "2 May 1961", "Both countries established diplomatic relations."),
        ("Template:Flag", "3 May 1962", "Both countries estabilshed diplomatic relations."),
    )
    found = relations.formula_deviations(relations.parse_table(fixture))
    assert found == [(3, "Both countries estabilshed diplomatic relations", "established")]


def test_template_residue_counts(text, rows):
    residue = relations.template_residue(text)
    assert residue["count"].sum() == text.count("Template:")
    flags = residue[residue["role"] == "country flag"]["count"].sum()
    assert flags == len(rows)


# --- country names --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "code", "kind"),
    [
        ("Algerian", "DZ", "demonym"),
        ("Libyan", "LY", "demonym"),
        ("Swedish", "SE", "demonym"),
        ("Dahomey", "BJ", "former name"),
        ("Russia", "RU", "alias"),
        ("Netherlands", "NL", "name"),
        ("Gambia", "GM", "name"),
        ("Congo", "CG", "name"),
    ],
)
def test_recognise(written, code, kind):
    name = countries.recognise(written)
    assert (name.alpha_2, name.kind) == (code, kind)


def test_ambiguous_and_unknown_names_are_not_guessed():
    assert countries.recognise("Korea") is None  # two countries share it
    assert countries.recognise("Abidjan") is None  # a city
    assert countries.recognise("Sahel") is None


def test_parsing_aids_point_at_real_countries():
    import pycountry

    for code in [*countries.ALIASES.values(), *countries.IRREGULAR_DEMONYMS.values()]:
        assert pycountry.countries.get(alpha_2=code) is not None, code


def test_template_code_that_is_not_iso_is_only_a_prefix():
    assert countries.code_candidates("GER") == (["DE"], "name prefix")
    assert countries.code_candidates("SEN") == (["SN"], "ISO 3166 alpha-3 code")


def test_summary_agrees_with_the_table(text, table):
    values = relations.summary(text, table)
    counts = relations.grade_counts(table).set_index("confidence")["rows"]
    for grade in relations.GRADES:
        assert values[f"rel_{grade}"] == f"{counts[grade]:,}"
    assert values["rel_rows"] == f"{len(table):,}"
    assert int(values["rel_resolved"]) == (table["country"] != "").sum()


def test_gap_for_names_the_one_row_or_fails(table):
    row = relations.gap_for(table, "NO")
    assert row["confidence"] == "unresolved"
    assert countries.fold(row["after"]) < "norway" < countries.fold(row["before"])
    with pytest.raises(ValueError, match="Algeria"):
        relations.gap_for(table, "DZ")  # already resolved


def test_display_table_keeps_every_row(table):
    shown = relations.display_table(table)
    assert list(shown["row"]) == list(table["row"])
    unresolved = shown[table["confidence"] == "unresolved"]
    assert (unresolved["country"] == "(unresolved)").all()
    assert unresolved["notes"].str.contains("entries fit").all()
