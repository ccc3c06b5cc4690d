"""Every number in a chapter table traced: at least 95 % of the numeric cells of the tables in
the chapters before the back matter link to their evidence, counted on the built pages
(``tests/browser.py``: ``table_cells``, ``table_link_problems``). A fixture page proves the
check fails when too few cells link."""

import pytest

from tests import browser
from tests.book import HTML

pytestmark = pytest.mark.xdist_group("book")

PAGE = """<html><body>
<table id="tbl-x"><tbody>
<tr><td>2012</td><td>{first}</td>
<td><a class="reference internal" href="r.html">Smith 2020</a></td></tr>
<tr><td>2013</td><td><a class="evidence query" href="R.html#q">881</a></td><td>no data</td></tr>
</tbody></table>
<table><tbody><tr><td>x</td><td>42</td></tr></tbody></table>
</body></html>"""


def page(tmp_path, first):
    file = tmp_path / "page.html"
    file.write_text(PAGE.format(first=first), encoding="utf-8")
    return file


def test_the_check_fails_on_a_table_whose_numbers_are_plain_text(tmp_path):
    cells = browser.table_cells(page(tmp_path, "359"))
    # the label column, the citation's year, "no data" and an unnumbered table are not counted
    assert cells == [("tbl-x", "359", False), ("tbl-x", "881", True)]
    problems = browser.table_link_problems(cells)
    assert problems and "1 of 2 numeric table cells" in problems[0] and "'359'" in problems[0]


def test_the_check_passes_when_every_number_links(tmp_path):
    cells = browser.table_cells(page(tmp_path, '<a class="evidence query" href="#q">359</a>'))
    assert browser.table_link_problems(cells) == []
    assert browser.table_link_problems([]) == ["no numeric table cell found"]


def test_chapter_tables_link_their_numbers_to_evidence(built):
    code, output = built
    assert code == 0, output[-3000:]
    cells = [c for chapter in browser.TRACED_CHAPTERS
             for c in browser.table_cells(HTML / "notebooks" / f"{chapter}.html")]
    assert browser.table_link_problems(cells) == []
