"""The evidence-link extension in a real Sphinx build: a traced glued value becomes a link with
its hover text; a glued number without provenance, or a link to nowhere, fails the build.

Each case builds a two-page book from a notebook whose glue outputs are written here (nothing
executed), with the project's ``tooling/evidence_links.py``; ``-W`` turns warnings into failure,
as in ``make book``.
"""

import re
import sys

import nbformat
from bs4 import BeautifulSoup

from sahel import paths, provenance
from tests.book import run

PREFIX = "application/papermill.record/"
SHOWN_IN = re.compile(r"^chapter\.html#use-[a-z-]+-\d+$")  # "Shown in" lands on the value's use
CONF = """import sys
sys.path.insert(0, {tooling!r})
extensions = ["myst_nb", "evidence_links"]
nb_execution_mode = "off"
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
html_theme = "basic"
sahel_provenance_exempt = {exempt!r}
"""
INDEX = "# Book\n\n```{toctree}\nchapter\ncomputed\n```\n"
COMPUTED = "# How each figure is computed\n\n```{evidence-formulas}\n```\n"
PROSE = (
    "# Chapter\n\nA share of {glue:text}`share`, a count of {glue:text}`count` and "
    "{glue:text}`word`."
)


def glue_output(key, text, described=None):
    data = {f"{PREFIX}text/plain": repr(text)}
    if described is not None:
        data[f"{PREFIX}{provenance.MIME}"] = described
    return nbformat.v4.new_output(
        "display_data", data=data, metadata={"scrapbook": {"name": key, "mime_prefix": PREFIX}}
    )


def book(root, *, count_evidence=None, exempt=(), share_target=None, pages=(), prose=PROSE,
         extra_outputs=()):
    """Build the two-page book (and ``pages``: ``{docname: MyST}``, listed in the toctree)."""
    root.mkdir()
    (root / "conf.py").write_text(
        CONF.format(tooling=str(paths.ROOT / "tooling"), exempt=list(exempt)), encoding="utf-8"
    )
    index = INDEX.replace("computed\n", "computed\n" + "".join(f"{d}\n" for d in pages))
    (root / "index.md").write_text(index, encoding="utf-8")
    for docname, text in dict(pages).items():
        (root / f"{docname}.md").parent.mkdir(parents=True, exist_ok=True)
        (root / f"{docname}.md").write_text(text, encoding="utf-8")
    (root / "computed.md").write_text(COMPUTED, encoding="utf-8")
    share = provenance.describe(
        provenance.Formula(
            "two counts divided",
            (provenance.traced("1", provenance.Formula("one", name="one")),
             provenance.traced("4", provenance.Formula("four", name="four"))),
        ),
        "share",
    )
    if share_target:
        share["target"] = share_target
    outputs = [
        glue_output("share", "25%", share),
        glue_output("count", "5", count_evidence),
        glue_output("word", "five"),
        *extra_outputs,
    ]
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(prose),
            nbformat.v4.new_code_cell("glue(...)", outputs=outputs),
        ],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}},
    )
    nbformat.write(notebook, root / "chapter.ipynb")
    code, output = run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-q",
         str(root), str(root / "_build")],
        timeout=300,
    )
    return code, output, root / "_build"


def test_a_glued_number_without_provenance_fails_the_build(tmp_path):
    code, output, _ = book(tmp_path / "book")
    assert code != 0
    assert "'count' ('5') has a digit but no provenance" in output, output
    assert "'word'" not in output  # no digit, no provenance required
    assert "'share'" not in output


def test_traced_values_link_to_their_evidence_with_hover_text(tmp_path):
    code, output, out = book(tmp_path / "book", exempt=["chapter"])
    assert code == 0, output
    page = BeautifulSoup((out / "chapter.html").read_text(encoding="utf-8"), "html.parser")
    link = page.find("a", class_="evidence")
    assert link.get_text() == "25%" and "formula" in link["class"]
    assert [e.get_text() for e in link.select(".glue-share")] == ["25%"]  # found by its key
    assert page.select_one(".glue-count").get_text() == "5"  # unlinked values too
    assert link["href"] == "computed.html#how-share"
    assert link["title"].startswith("Computed: two counts divided")
    assert page.find(string="5").find_parent("a") is None  # exempt: left as text
    computed = BeautifulSoup((out / "computed.html").read_text(encoding="utf-8"), "html.parser")
    entry = computed.find(id="how-share")
    assert "two counts divided" in entry.get_text()
    inputs = [a["href"] for a in entry.find_all("a", class_="evidence")]
    assert inputs == ["#how-one", "#how-four"]
    assert computed.find(id="how-one") and computed.find(id="how-four")
    assert entry.find("a", href=SHOWN_IN).get_text() == "Chapter"


def test_a_link_to_a_target_no_page_defines_fails_the_build(tmp_path):
    quote = {"kind": "quote", "target": "claim-c999-99", "claims": ["C999-99"], "title": "x"}
    code, output, _ = book(tmp_path / "book", count_evidence=quote)
    assert code != 0
    assert "links to 'claim-c999-99', which no page defines" in output, output


def test_one_anchor_described_two_ways_fails_the_build(tmp_path):
    """Two glued values whose formulas share an anchor but not a description: the anchor
    would say one thing for both, so the build warns (and fails under -W)."""
    other = provenance.describe(provenance.Formula("another formula", name="share"), "count")
    assert other["target"] == "how-share"
    code, output, _ = book(tmp_path / "book", count_evidence=other)
    assert code != 0
    assert "'how-share' is described differently on chapter" in output, output


def test_the_same_anchor_described_alike_builds(tmp_path):
    """The warning's boundary: the same formula glued twice is one entry, no warning."""
    share = provenance.describe(
        provenance.Formula(
            "two counts divided",
            (provenance.traced("1", provenance.Formula("one", name="one")),
             provenance.traced("4", provenance.Formula("four", name="four"))),
        ),
        "share",
    )
    code, output, out = book(tmp_path / "book", count_evidence=share)
    assert code == 0, output
    computed = BeautifulSoup((out / "computed.html").read_text(encoding="utf-8"), "html.parser")
    assert len(computed.select("#how-share")) == 1


def test_a_dataset_page_lists_each_query_with_its_rows_selected(tmp_path):
    query = provenance.describe(
        provenance.Query("R-UCDP", "mali-2012", "the row of Mali for 2012", 1234, "359"), "count"
    )
    code, output, out = book(
        tmp_path / "book", count_evidence=query, exempt=["chapter"],
        pages={"R-UCDP": "# Record\n\n```{evidence-dataset}\n```\n"},
    )
    assert code == 0, output
    chapter = BeautifulSoup((out / "chapter.html").read_text(encoding="utf-8"), "html.parser")
    link = chapter.select_one(".glue-count").find_parent("a")
    assert link.get_text() == "5" and link["href"] == "R-UCDP.html#query-r-ucdp-mali-2012"
    page = BeautifulSoup((out / "R-UCDP.html").read_text(encoding="utf-8"), "html.parser")
    entry = page.find(id="query-r-ucdp-mali-2012")
    assert "359: the row of Mali for 2012" in entry.get_text()
    assert entry.find(string="Rows selected: 1,234.")  # thousands separated, as counted
    assert entry.find("a", href=SHOWN_IN).get_text() == "Chapter"


# --- table cells ---------------------------------------------------------------------------

TABLE_PROSE = "# Chapter\n\n```{glue:md} tbl\n:format: myst\n```\n"


def table_book(root, cells):
    """A book whose chapter shows one glued table, ``cells`` (``{(row, col): evidence}``),
    beside the pages of two datasets: R-UCDP (the table's) and R-RADPKO (used by nothing)."""
    import pandas as pd

    from sahel import publish

    frame = pd.DataFrame({"year": ["2012", "2013"], "deaths": ["359", "881"]}, dtype=object)
    for (r, c), evidence in cells.items():
        frame.iat[r, c] = provenance.traced(frame.iat[r, c], evidence)
    markdown = publish.markdown_table(frame, caption="Deaths.", name="tbl-x", key="tbl")
    described = {
        f"{r}:{c}": {"text": str(frame.iat[r, c]), **provenance.describe(e, f"tbl-{r}-{c}")}
        for (r, c), e in cells.items()
    }
    data = {f"{PREFIX}text/markdown": markdown,
            f"{PREFIX}{provenance.CELLS_MIME}": {"label": "tbl-x", "cells": described}}
    output = nbformat.v4.new_output(
        "display_data", data=data, metadata={"scrapbook": {"name": "tbl", "mime_prefix": PREFIX}}
    )
    return book(
        root, exempt=["chapter"], prose=TABLE_PROSE, extra_outputs=[output],
        pages={"R-UCDP": "# Record\n\n```{evidence-dataset}\n```\n",
               "R-RADPKO": "# Other\n\n```{evidence-dataset}\n```\n"},
    )


def ucdp(year, deaths):
    return provenance.Query("R-UCDP", f"mali-{year}", f"the row of Mali for {year}", 1, deaths)


def test_a_table_cell_links_to_its_evidence_and_its_dataset_lists_the_table(tmp_path):
    code, output, out = table_book(tmp_path / "book", {(0, 1): ucdp(2012, "359"),
                                                       (1, 1): ucdp(2013, "881")})
    assert code == 0, output
    chapter = BeautifulSoup((out / "chapter.html").read_text(encoding="utf-8"), "html.parser")
    cells = chapter.select("table td")
    links = [td.find("a", class_="evidence") for td in cells]
    assert [a is not None for a in links] == [False, True, False, True]
    link = links[1]
    assert link.get_text() == "359" and "query" in link["class"]
    assert link["href"] == "R-UCDP.html#query-r-ucdp-mali-2012"
    assert link["title"] == "Query on R-UCDP: the row of Mali for 2012 \u2192 359"
    page = BeautifulSoup((out / "R-UCDP.html").read_text(encoding="utf-8"), "html.parser")
    entry = page.find(id="query-r-ucdp-mali-2013")
    assert entry.find("a", href=re.compile(r"^chapter\.html#use-tbl-\d+$"))  # lands on the cell
    tables = page.select_one(".evidence-tables")
    assert tables.find("a")["href"] == "chapter.html#tbl-x"
    assert "No figure in the book comes from here yet" not in page.get_text()
    other = BeautifulSoup((out / "R-RADPKO.html").read_text(encoding="utf-8"), "html.parser")
    assert "No figure in the book comes from here yet." in other.get_text()  # true there


def test_a_table_cell_marked_without_evidence_fails_the_build(tmp_path):
    """The role's failure: a cell marked in the table's MyST but missing from its glue."""
    code, output, _ = table_book(tmp_path / "book", {(0, 1): ucdp(2012, "359")})
    assert code == 0, output
    broken = tmp_path / "broken"
    code, output, _ = book(
        broken, exempt=["chapter"],
        prose=TABLE_PROSE.replace("```{glue:md} tbl\n:format: myst\n```",
                                  "| a |\n| - |\n| {glue:cell}`share:0:1` |"),
    )
    assert code != 0
    assert "table 'share' has no traced cell 0:1" in output, output
