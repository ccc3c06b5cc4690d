"""Mali's turn away from its partners, and the rebuilt relations table in the back matter, as a
reader gets them (reuses the build of test_build)."""

import re

import pytest

from sahel.chapters import realignment, relations
from sahel.evidence import claims
from sahel.evidence.corpus import load_corpus
from tests.book import HTML, page_text

pytestmark = pytest.mark.xdist_group("book")  # one worker builds the book (see conftest.py)

PAGE = HTML / "notebooks" / "85-relations.html"
CHAPTER = HTML / "notebooks" / "40-realignment.html"


def test_relations_page_shows_glued_numbers_figures_and_tables(built):
    code, output = built
    assert code == 0, output[-3000:]
    html = PAGE.read_text(encoding="utf-8") + CHAPTER.read_text(encoding="utf-8")
    text = page_text(html)
    documents = load_corpus()
    article = documents[relations.SOURCE].text
    table = relations.relations(article)
    expected = {
        **relations.summary(article, table),
        **realignment.figures(claims.load_ledger(corpus=documents)),
    }
    for key in ("rel_rows", "rel_high", "rel_unresolved", "rel_g5_pledged", "rel_us_fr_ratio"):
        assert expected[key] in text, key
    alts = re.findall(r'<img[^>]*\balt="([^"]*)"', html)
    assert len(alts) == 3 and all(a.strip() and not a.startswith("<") for a in alts)
    for name in ("relations.csv", "relations_decades.csv", "relations_timeline.csv"):
        assert re.search(rf'href="[^"]*_downloads/[^"]*/{re.escape(name)}"', html), name
    assert "Wikipedia contributors, n.d." in text
    defects = (HTML / "notebooks" / "80-sources.html").read_text(encoding="utf-8")
    assert "&lt;ref name=" in defects  # seed markup is shown escaped, never rendered
