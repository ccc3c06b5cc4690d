"""Every figure the book counts from a dataset, read on the built page by its glue key's
element (``.glue-KEY``, tooling/evidence_links.py) and compared with the independent
recomputation from data/record (tests/independent/), never with the chapter code's own output
nor by looking for a short string anywhere on the page."""

import re

import pytest
from bs4 import BeautifulSoup

from sahel import paths
from tests.book import HTML
from tests.glued import pasted_keys, shown_on_page
from tests.independent import (
    glued,
    test_record_figures_dac,
    test_record_figures_geopko,
    test_record_figures_ucdp,
    test_record_figures_un,
)
from tests.independent.test_record_figures_all import named_in_tests

pytestmark = pytest.mark.xdist_group("book")  # one worker builds the book (see conftest.py)

EXPECTED = {
    key: text
    for module in (
        test_record_figures_un,
        test_record_figures_ucdp,
        test_record_figures_dac,
        test_record_figures_geopko,
    )
    for key, (text, _) in module.FIGURES.items()
}
# Its counts are checked against the record, date by date, in test_record_figures_un.py
# (test_seed_positions_count_malicious_deaths_up_to_each_date); its words come from the ledger.
EXPECTED["hc_seed_positions"] = glued.text("hc_seed_positions")
references, shown = pasted_keys, shown_on_page


PAGES = [p.stem for p in sorted(paths.NOTEBOOKS.glob("*.ipynb"))]


@pytest.mark.parametrize("name", PAGES)
def test_each_dataset_figure_on_the_page_is_the_recomputed_one(built, name):
    code, output = built
    assert code == 0, output[-3000:]
    page = BeautifulSoup((HTML / "notebooks" / f"{name}.html").read_text("utf-8"), "html.parser")
    pasted = references(paths.NOTEBOOKS / f"{name}.ipynb")
    counted = sorted(set(pasted) & set(glued.dataset_keys()))
    recomputed = named_in_tests()
    for key in counted:
        # a key of the chapters' own independent modules (test_cost.py, test_conflict.py, ...)
        # is compared with its committed glue, which those modules compare with their
        # recomputation from the raw files
        assert key in EXPECTED or key in recomputed, f"{key}: no independent recomputation"
        expected = EXPECTED.get(key) or glued.text(key)
        on_page = shown(page, key)  # captions may paste a value again
        assert len(on_page) >= pasted[key] and set(on_page) == {expected}, (key, on_page)


def test_hand_checked_figures_on_the_cost_page(built):
    """Constants counted by hand in the UN fatalities file (2025-04-04 version; see
    tests/independent/test_record_figures_un.py), read on the page by key."""
    page = BeautifulSoup((HTML / "notebooks" / "25-cost.html").read_text("utf-8"), "html.parser")
    for key, value in {"hc_total": "311", "hc_malicious": "174", "hc_illness": "88",
                       "hc_accident": "38"}.items():
        assert set(shown(page, key)) == {value}, key


def test_rows_selected_on_the_record_pages_are_the_recomputed_counts(built):
    """The "Rows selected" of each query on a record page is the recomputed count (every query
    behind a figure some page pastes is listed)."""
    pasted = set().union(*(references(paths.NOTEBOOKS / f"{n}.ipynb") for n in PAGES))
    expected = {}
    for module in (test_record_figures_un, test_record_figures_ucdp, test_record_figures_dac,
                   test_record_figures_geopko):
        for key, (_, rows) in module.FIGURES.items():
            if key not in pasted:
                continue
            for query, n in zip(glued.queries(glued.evidence(key)), rows, strict=True):
                expected[query["target"]] = n
    seen = 0
    for html in sorted((HTML / "book" / "record").glob("*.html")):
        page = BeautifulSoup(html.read_text("utf-8"), "html.parser")
        for entry in page.select("div.evidence-entry.query"):
            target = entry.get("id")
            if target in expected:
                said = entry.find(string=re.compile(r"^Rows selected: [\d,]+\.$"))
                assert said == f"Rows selected: {expected[target]:,}.", target
                seen += 1
    assert seen == len(expected)


def test_a_page_with_two_values_swapped_fails_the_check():
    """Both numbers are on the page, under each other's keys: a substring check passes, the
    check by key does not."""
    html = ('<p><span class="pasted-text glue-hc_illness">38</span> from illness and '
            '<span class="pasted-text glue-hc_accident">88</span> from accidents</p>')
    assert EXPECTED["hc_illness"] in html and EXPECTED["hc_accident"] in html
    assert shown(html, "hc_illness") != [EXPECTED["hc_illness"]]
    assert shown(html, "hc_accident") != [EXPECTED["hc_accident"]]
