"""Stacked-card tables (tooling/table_cards.py): each body cell names its column, only tables
with a header are touched, and the reading path is what `_toc.yml` puts before the back matter.
tests/test_browser_checks.py shows the cards fit a phone in Chromium; tests/test_browser.py
checks every chapter table at 390 px."""

import yaml

from sahel import paths
from tooling.table_cards import as_cards

TABLE = """<p>Before</p><table class="table" id="tbl-x">
<caption>A caption with <em>markup</em></caption>
<thead>
<tr class="row-odd"><th class="head"><p>Country</p></th>
<th class="head"><p>Norway's &amp; <em>share</em> "of" aid</p></th>
</tr>
</thead>
<tbody>
<tr class="row-even"><td><p>Mali</p></td>
<td><p>2.3%</p></td>
</tr>
<tr class="row-odd"><td><p>Chad</p></td>
<td class="text-right"><p>1.1%</p></td>
</tr>
</tbody>
</table><p>After</p>"""


def test_each_body_cell_is_labelled_with_its_column_header():
    html = as_cards(TABLE)
    assert '<table class="table cards" id="tbl-x">' in html
    assert html.count('<td data-label="Country">') == 2
    assert html.count('data-label="Norway\'s &amp; share &quot;of&quot; aid"') == 2
    assert '<td data-label="Norway\'s &amp; share &quot;of&quot; aid" class="text-right">' in html
    assert 'th class="head" data-label' not in html  # the header row itself is left alone
    assert html.startswith("<p>Before</p>") and html.endswith("<p>After</p>")
    assert as_cards(html) == html  # idempotent


def test_tables_without_a_header_row_are_left_alone():
    plain = '<table class="table"><tbody><tr><td><p>1</p></td></tr></tbody></table>'
    assert as_cards(plain) == plain


def test_cards_cover_exactly_the_reading_path():
    from tests.test_browser import chapter_pages

    config = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
    listed = config["sphinx"]["config"]["sahel_table_cards"]
    assert {f"{doc}.html" for doc in listed} == chapter_pages()
