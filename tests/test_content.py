"""Chapter content as data: exhibits and quotes are checked like the ledger, and every notebook
shows its tables and figures through the one helper (no CSV name typed in a notebook)."""

import re
import shutil

import nbformat
import pytest

from sahel import content, paths, publish

HEADER = ",".join(content.EXHIBIT_COLUMNS)


def notebook_sources():
    for path in sorted(paths.NOTEBOOKS.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        yield path.name, notebook


def exhibits_file(tmp_path, *rows):
    path = tmp_path / "exhibits.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_every_exhibit_loads_and_renders():
    exhibits = content.load_exhibits()
    assert exhibits, "data/exhibits.csv is empty"
    for key, exhibit in exhibits.items():
        if exhibit.sources == (content.FROM_ROWS,):
            text = publish.caption(key, ["S000"])
        else:
            text = publish.caption(key)
        assert "{sources}" not in text and "{data}" not in text, key
        if exhibit.file:
            assert f"<../data/{exhibit.file}>" in text, key


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("tbl_x,figure,tbl-x,derived/x.csv,S000,A caption {sources}.", "does not match key"),
        ("tbl_x,table,fig-x,derived/x.csv,S000,A caption.", "label 'fig-x'"),
        ("Tbl_X,table,tbl-x,derived/x.csv,S000,A caption.", "key 'Tbl_X'"),
        ("tbl_x,table,tbl-x,../x.csv,S000,A caption.", "below data/"),
        ("tbl_x,table,tbl-x,/etc/x.csv,S000,A caption.", "below data/"),
        ("tbl_x,table,tbl-x,missing.csv,S000,A caption.", "does not exist"),
        ("tbl_x,table,tbl-x,derived/x.csv,S999,A caption {sources}.", "unknown source"),
        ("tbl_x,table,tbl-x,derived/x.csv,S000,Over 170 died {sources}.", "170"),
        ("tbl_x,table,tbl-x,derived/x.csv,S000,It cites {cite:p}`NoSuchKey`.", "NoSuchKey"),
        ("tbl_x,table,tbl-x,,S000,Data: {data}.", "names no file"),
        ("tbl_x,table,tbl-x,derived/x.csv,S000,  ", "empty caption"),
    ],
)
def test_a_bad_exhibit_row_names_file_line_and_problem(tmp_path, row, problem):
    path = exhibits_file(tmp_path, row)
    where = r"exhibits\.csv: line 2: .*"
    with pytest.raises(content.ContentError, match=where + re.escape(problem)):
        content.load_exhibits(path)


def test_a_caption_may_cite_a_record_files_bibkey(tmp_path):
    path = exhibits_file(
        tmp_path, "tbl_x,table,tbl-x,derived/x.csv,S000,UN data {cite:p}`UNPSDH2025fatalities`."
    )
    assert content.load_exhibits(path)["tbl_x"].label == "tbl-x"


def test_known_bibkeys_are_the_seeds_and_the_record_files(tmp_path):
    from sahel.evidence.bibliography import known_bibkeys

    keys = known_bibkeys()
    assert keys["NorwayMFA2023embassy"] == "S000"
    assert keys["UNPSDH2025fatalities"] == "R-UNFAT-2025"
    assert keys["UNPSDH2023fatalities"] == "R-UNFAT-2023"


def test_a_label_used_twice_is_refused(tmp_path):
    path = exhibits_file(
        tmp_path,
        "tbl_x,table,tbl-x,derived/x.csv,S000,A.",
        "tbl_y,table,tbl-x,derived/y.csv,S000,B.",
    )
    with pytest.raises(content.ContentError, match="line 3: label 'tbl-x' is also on line 2"):
        content.load_exhibits(path)


def test_sources_from_rows_must_be_passed_and_fixed_ones_must_not():
    with pytest.raises(content.ContentError, match="pass them"):
        publish.caption("tbl_defects")
    with pytest.raises(content.ContentError, match="fixed sources"):
        publish.caption("tbl_sources", ["S000"])


def test_quotes_are_verbatim_or_ledger_claims(corpus, ledger, tmp_path):
    quotes = content.load_quotes(corpus, ledger)
    assert quotes
    for text, _ in quotes.values():
        assert text
    source = paths.DATA / "quotes.csv"
    bad = tmp_path / "quotes.csv"
    shutil.copy(source, bad)
    with bad.open("a", encoding="utf-8") as f:
        f.write("q_invented,S000,,The ministry never wrote this.,inline\n")
    with pytest.raises(content.ContentError, match=r"quotes\.csv: line \d+: excerpt not found"):
        content.load_quotes(corpus, ledger, bad)
    shutil.copy(source, bad)
    with bad.open("a", encoding="utf-8") as f:
        f.write("q_claim,S001,C000-01,,text\n")
    with pytest.raises(content.ContentError, match="claim C000-01 is from S000, not S001"):
        content.load_quotes(corpus, ledger, bad)
    shutil.copy(source, bad)
    with bad.open("a", encoding="utf-8") as f:
        f.write("q_style,S000,C000-01,,shout\n")
    with pytest.raises(content.ContentError, match="style 'shout'"):
        content.load_quotes(corpus, ledger, bad)


def test_no_notebook_types_a_csv_file_name_more_than_once():
    """Exhibits take their CSV name from data/exhibits.csv; prose may name a file once."""
    typed = {}
    for name, notebook in notebook_sources():
        text = "\n".join(cell.source for cell in notebook.cells)
        names = re.findall(r"[\w-]+\.csv\b", text)
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            typed[name] = repeated
    assert typed == {}


def test_every_exhibit_is_shown_by_one_notebook_with_its_label():
    exhibits = content.load_exhibits()
    shown = {}
    for name, notebook in notebook_sources():
        for cell in notebook.cells:
            if cell.cell_type == "code":
                for key in re.findall(r"publish\.(?:table|figure)\(\s*\"(\w+)\"", cell.source):
                    shown.setdefault(key, []).append(name)
            else:
                for key, label in re.findall(
                    r"\{glue:figure\} (\w+)\n:name: ([\w-]+)", cell.source
                ):
                    assert exhibits[key].label == label, f"{name}: {key} labelled {label}"
                    assert f"{{glue:md}}`{key}_caption:myst`" in cell.source, name
    converted = {k for k in shown if k in exhibits}
    assert converted, "no notebook shows an exhibit through publish.table / publish.figure"
    assert all(len(v) == 1 for v in shown.values()), shown
    unknown = set(shown) - set(exhibits)
    assert unknown == set()


def refuses_each(path, columns, cached, load, cases):
    """Each ``(row, problem)``: a file of ``columns`` holding that one row fails to ``load``
    with a ContentError naming line 2 and the problem (``cached`` is the loader's cache)."""
    header = ",".join(columns)
    for row, problem in cases:
        path.write_text(f"{header}\n{row}\n", encoding="utf-8")
        cached.cache_clear()
        with pytest.raises(content.ContentError, match=rf"line 2: .*{problem}"):
            load()


def test_picks_are_known_ids(ledger, tmp_path):
    assert content.pick("norway.release") == "S000"
    assert content.verify_picks(ledger) >= 1
    bad = tmp_path / "picks.csv"
    refuses_each(
        bad,
        content.PICK_COLUMNS,
        content._picks,
        lambda: content.pick("norway.release", bad),
        [
        ("norway.release,source,S999,why", "unknown source id"),
        ("norway.release,source,S000 S001,why", "takes one id"),
        ("Norway,source,S000,why", "key 'Norway' is not of the form"),
        ("norway.release,person,S000,why", "kind 'person'"),
        ("norway.release,source,S000,", "needs a value and a reason"),
        ("norway.host,country,XX,why", "alpha-2"),
        ],
    )
    header = ",".join(content.PICK_COLUMNS)
    bad.write_text(f"{header}\nx.claim,claim,C999-01,why\n", encoding="utf-8")
    content._picks.cache_clear()
    with pytest.raises(content.ContentError, match="unknown claim 'C999-01'"):
        content.verify_picks(ledger, bad)
    content._picks.cache_clear()


def test_series_rows_name_known_exhibits_and_subjects(ledger, tmp_path):
    assert content.series("fig_relations_timeline")
    assert content.verify_series(ledger) >= len(content.series("fig_relations_aid"))
    bad = tmp_path / "series.csv"
    refuses_each(
        bad,
        content.SERIES_COLUMNS,
        content._series,
        lambda: content.series("fig_relations_timeline", bad),
        [
        ("TL-01,fig_nothing,mali.independence,Mali,Independence", "unknown exhibit 'fig_nothing'"),
        ("TL-01,fig_relations_timeline,mali.independence,Mali,Over 170 died", "170"),
        ("TL-01,fig_relations_timeline,mali.independence,Mali,", "needs a subject and a label"),
        ("tl-1,fig_relations_timeline,mali.independence,Mali,Independence", "not of the form"),
        ],
    )
    header = ",".join(content.SERIES_COLUMNS)
    bad.write_text(f"{header}\nTL-01,fig_relations_timeline,no.such.subject,Mali,X\n")
    content._series.cache_clear()
    with pytest.raises(content.ContentError, match="no claim has subject 'no.such.subject'"):
        content.verify_series(ledger, bad)
    content._series.cache_clear()
