"""Build the book as `make book` does and check what a reader gets (fixture ``built``)."""

import re
import shutil

from sahel import overview, paths
from sahel.corpus import load_corpus
from tests.book import HTML, build_book, page_text
from tests.conftest import rewrite


def test_build_succeeds_without_warnings(built):
    code, output = built
    assert code == 0, output[-3000:]
    flagged = [line for line in output.splitlines() if re.search(r"\bWARNING:|\bERROR:", line)]
    assert flagged == [], output[-3000:]


def test_index_opens_on_intro_and_lists_chapters(built):
    index = (HTML / "index.html").read_text(encoding="utf-8")
    assert "book/intro.html" in index
    intro = (HTML / "book" / "intro.html").read_text(encoding="utf-8")
    assert 'href="../notebooks/10-sources.html"' in intro
    assert 'href="references.html"' in intro


def test_sources_page_shows_glued_numbers_table_and_figure(built):
    html = (HTML / "notebooks" / "10-sources.html").read_text(encoding="utf-8")
    text = page_text(html)
    for value in overview.summary(load_corpus()).values():
        assert value in text
    assert "Table 1.1" in text and "Fig. 1.1" in text
    alts = re.findall(r'<img[^>]*\balt="([^"]*)"', html)
    assert alts and all(a.strip() and not a.startswith("<") for a in alts)
    assert re.search(r'href="[^"]*_downloads/[^"]*/sources_words\.csv"', html)
    assert "Norwegian Ministry of Foreign Affairs, 2023" in text  # an author-year citation


def test_references_page_lists_every_source(built):
    text = page_text((HTML / "book" / "references.html").read_text(encoding="utf-8"))
    for source in load_corpus().values():
        assert source.source.title.split(":")[0] in text


def test_altered_seed_stops_the_build(tmp_path):
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy(paths.ROOT / name, tmp_path / name)
    for folder in ("book", "notebooks", "seeds", "data"):
        shutil.copytree(paths.ROOT / folder, tmp_path / folder)
    seed = tmp_path / "seeds" / "000_f7638546bebadadf.txt"
    rewrite(seed, "NOK 745 million", "NOK 746 million")

    code, output = build_book(tmp_path)
    assert code != 0
    assert "SeedHashMismatchError" in output and seed.name in output
    assert not (tmp_path / "_build" / "html" / "notebooks" / "10-sources.html").exists()
