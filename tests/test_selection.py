"""The rows behind a query: the pandas line each query entry shows selects, from the vendored
file, exactly the rows the chapter counted, and gives its figure (sahel/evidence/selection.py).

Every query glued in a committed notebook is checked: its line is run as a reader would run it
(``pd.read_csv`` on the file, nothing of the package), and the number of rows, and for a count
or a sum the figure itself, must be what the page says.
"""

import re

import pandas as pd
import pytest

from sahel import paths, provenance
from sahel.evidence import record
from sahel.evidence import selection as sel
from tests.glued import notebook_glue

#: Queries whose rows are not one file's selection by column values, each with the reason its
#: entry gives in words instead (a pattern on the query's name, per dataset). A new query that
#: is neither selected nor listed here fails: give it a Selection, or its reason here.
NOT_ONE_SELECTION = {
    ("R-UNFAT-2023", r"revision-(count|other)"): "compares two versions of the file",
    ("R-UNFAT-2025", r"african-.*"): "continent from Natural Earth, not a column of the file",
    ("R-UNFAT-2025", r"other-nationalities"): "the countries outside the top ten, a ranking",
    ("R-UCDP", r"unbracketed"): "compares a row's columns with each other",
    ("R-RADPKO", r"top-rate"): "a rate over two files (deaths over RADPKO's strength)",
    ("R-ODA-2019", r"decade-.*"): "a sum over the ten yearly files, 2010 to 2019",
    (r"R-ODA-\d+", r"norway-(Mali|the five countries)-\d+"): "a donors' table cell (see aid)",
}


def exempt(key):
    """The reason a query is not one selection, or None."""
    for (dataset, name), reason in NOT_ONE_SELECTION.items():
        if re.fullmatch(dataset, key[0]) and re.fullmatch(name, key[1]):
            return reason
    return None


def glued_queries():
    """{(dataset, name): described query} of every query glued in the committed notebooks
    (glued values and tables' cells)."""
    found = {}
    for notebook in sorted(paths.NOTEBOOKS.glob("*.ipynb")):
        for bundle in notebook_glue(notebook).values():
            described = []
            for mime, data in bundle.items():
                if mime.endswith(provenance.MIME):
                    described.append(data)
                elif mime.endswith(provenance.CELLS_MIME):  # a table's traced cells
                    described.extend(data["cells"].values())
            for q in (q for d in described for q in provenance.queries(d)):
                found.setdefault((q["dataset"], q["name"]), q)
    return found


QUERIES = glued_queries()


def run_line(line):
    """A query entry's pandas line, run from the repository's root as the page says."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(paths.ROOT)
        return eval(line, {"pd": pd})  # noqa: S307 (our own generated line)


def figure(text):
    """The number a result states, if it is just a number ("174", "1,901"), else None."""
    match = re.fullmatch(r"-?[\d,]+(?:\.\d+)?", text.strip())
    return float(match.group().replace(",", "")) if match else None


def test_the_book_glues_queries_and_most_show_their_rows():
    selected = [k for k, q in QUERIES.items() if "select" in q]
    assert len(QUERIES) > 20
    assert len(selected) / len(QUERIES) >= 0.85, (len(selected), len(QUERIES))


@pytest.mark.parametrize("key", sorted(QUERIES), ids="/".join)
def test_every_glued_query_shows_a_pandas_line_that_selects_its_rows(key):
    q = QUERIES[key]
    if exempt(key) and "select" not in q:
        return  # its entry states its rows in words (the reason is in NOT_ONE_SELECTION)
    assert "select" in q, f"{key}: no selection: give its Query a Selection (select=...)"
    chosen = sel.Selection.from_dict(q["select"])
    file = record.RECORD_DIR.relative_to(paths.ROOT) / record.load_sources()[q["dataset"]].file
    line = sel.pandas_line(file.as_posix(), chosen)
    if chosen.total:
        rows_line = line.rsplit("[[", 1)[0]
        assert len(run_line(rows_line)) == q["rows"], line
        total = run_line(line)
        shown = q["result"].split(" (")[0]
        stated = figure(shown)
        if stated is not None:  # equal to the precision shown ("48,056" is within 0.5)
            decimals = len(shown.split(".")[1]) if "." in shown else 0
            assert abs(total - stated) <= 0.5 * 10**-decimals, (line, q["result"])
    else:  # the figure is read from these rows (a count, a year, a rank): the rows must match
        rows = run_line(line)
        assert len(rows) == q["rows"], line


# --- the module itself ---------------------------------------------------------------------

FRAME = pd.DataFrame(
    {
        "mission": ["A", "A", "B", "A", "A"],
        "year": [2013, 2014, 2014, 2015, 2015],
        "deaths": [1, 2, 3, 4, 4],
        "kind": ["x", "y", "x", "x", "x"],
    }
)


def test_a_selection_is_a_pandas_query_and_a_line():
    chosen = sel.Selection(where=(("mission", "==", "A"), ("year", ">=", 2014)), total=("deaths",))
    assert sel.query_text(chosen) == "`mission` == 'A' and `year` >= 2014"
    assert sel.pandas_line("data/x.csv", chosen) == (
        'pd.read_csv("data/x.csv").query("`mission` == \'A\' and `year` >= 2014")'
        "[['deaths']].sum().sum()"
    )
    rows = sel.apply(FRAME, chosen)
    assert list(rows.index) == [1, 3, 4] and sel.total(rows, chosen) == 10


def test_distinct_and_lists_and_grouping():
    chosen = sel.Selection(where=(("kind", "in", ["x"]),), distinct=True, group=("mission",))
    rows = sel.apply(FRAME, chosen)
    assert len(rows) == 3  # the duplicate row (A, 2015, 4, x) counted once
    assert sel.grouped(rows, chosen).to_dict("list") == {"mission": ["A", "B"], "rows": [2, 1]}
    assert ".drop_duplicates()" in sel.pandas_line("f.csv", chosen)
    assert sel.Selection.from_dict(chosen.as_dict()) == chosen


@pytest.mark.parametrize(
    "where, message",
    [
        ((("mission", "~", "A"),), "operator '~' unknown"),
        ((("mission", "=="),), "give (column, operator, value)"),
        ((("", "==", "A"),), "no column"),
    ],
)
def test_a_malformed_selection_is_refused(where, message):
    with pytest.raises(sel.SelectionError, match=re.escape(message)):
        sel.Selection(where=where)


def test_a_selection_naming_a_missing_column_is_refused():
    with pytest.raises(sel.SelectionError, match="no column region"):
        sel.apply(FRAME, sel.Selection(where=(("region", "==", "x"),)))


def test_a_line_that_selects_other_rows_fails_the_check():
    """The check above is not vacuous: a selection off by one condition selects other rows."""
    q = QUERIES[("R-UNFAT-2025", "minusma-malicious")]
    chosen = sel.Selection.from_dict(q["select"])
    wrong = sel.Selection(where=chosen.where[:1])  # MINUSMA, any cause
    file = "data/record/" + record.load_sources()["R-UNFAT-2025"].file
    assert len(run_line(sel.pandas_line(file, wrong))) != q["rows"]
