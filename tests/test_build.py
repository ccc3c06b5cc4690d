"""Build the book as `make book` does and check what a reader gets (fixture ``built``)."""

import re

import pytest

from sahel import content, paths
from sahel.chapters import sources
from sahel.evidence.corpus import load_corpus
from tests.book import HTML, page_text
from tests.glued import pasted_keys, shown_on_page

pytestmark = pytest.mark.xdist_group("book")  # one worker builds the book (see conftest.py)


def test_build_succeeds_without_warnings(built):
    code, output = built
    assert code == 0, output[-3000:]
    flagged = [line for line in output.splitlines() if re.search(r"\bWARNING:|\bERROR:", line)]
    assert flagged == [], output[-3000:]


def test_index_opens_on_intro_and_lists_chapters(built):
    index = (HTML / "index.html").read_text(encoding="utf-8")
    assert "book/intro.html" in index
    intro = (HTML / "book" / "intro.html").read_text(encoding="utf-8")
    assert 'href="../notebooks/80-sources.html"' in intro
    assert 'href="references.html"' in intro


def test_sources_page_shows_glued_numbers_table_and_figure(built):
    html = (HTML / "notebooks" / "80-sources.html").read_text(encoding="utf-8")
    text = page_text(html)
    assert_shown_by_key(html, "80-sources", sources.summary(load_corpus()))
    # back matter: unnumbered chapters, so its tables are numbered through the back matter
    assert len(set(re.findall(r"\bTable \d+\b", text))) >= 2
    assert re.search(r'href="[^"]*_downloads/[^"]*/sources\.csv"', html)
    assert "Norwegian Ministry of Foreign Affairs, 2023" in text  # an author-year citation


def assert_shown_by_key(html, notebook, figures):
    """Each figure pasted on the page is shown, by its glue key's element, as ``figures``
    gives it, at least as often as the notebook's text pastes it (captions may paste it again),
    and nowhere with another value (never a short string found anywhere on the page)."""
    pasted = pasted_keys(paths.NOTEBOOKS / f"{notebook}.ipynb")
    shown = [key for key in figures if key in pasted]
    assert shown, notebook
    for key in shown:
        on_page = shown_on_page(html, key)
        assert len(on_page) >= pasted[key] and set(on_page) == {figures[key]}, (key, on_page)


def test_references_page_lists_every_source(built):
    text = page_text((HTML / "book" / "references.html").read_text(encoding="utf-8"))
    for source in load_corpus().values():
        assert source.source.title.split(":")[0] in text


def test_minusma_page_shows_computed_figures_tables_and_cited_charts(built):
    from sahel.chapters import minusma
    from sahel.evidence import claims

    html = (HTML / "notebooks" / "20-minusma.html").read_text(encoding="utf-8")
    text = page_text(html)
    cost = (HTML / "notebooks" / "25-cost.html").read_text(encoding="utf-8")
    figures = minusma.figures(claims.load_ledger())
    assert_shown_by_key(html, "20-minusma", figures)
    assert_shown_by_key(cost, "25-cost", figures)  # the toll is in the chapter on the cost
    for label in ("Fig. 1.1", "Table 1.1", "Table 1.2", "Table 1.3"):
        assert label in text
    alts = re.findall(r'<img[^>]*\balt="([^"]*)"', html)
    figures = [e for e in content.load_exhibits().values() if e.kind == "figure"]
    shown = [e for e in figures if f'id="{e.label}"' in html]
    assert shown and len(alts) == len(shown)
    assert all(a.strip() and not re.search(r"\d", a) for a in alts)
    for name in ("minusma_final_year", "minusma_durations", "minusma_sites"):
        assert re.search(rf'href="[^"]*_downloads/[^"]*/{name}\.csv"', html), name
    assert 'href="50-disagreements.html#disagreements"' in html


def test_norway_page_shows_glued_figures_map_and_csv_links(built):
    from sahel.chapters import norway
    from sahel.evidence import claims

    corpus = load_corpus()
    html = (HTML / "notebooks" / "30-norway.html").read_text(encoding="utf-8")
    text = page_text(html)
    coverage = norway.bamako_coverage(corpus[norway.SOURCE].text)
    assert_shown_by_key(html, "30-norway", norway.summary(claims.load_ledger(corpus=corpus),
                                                          coverage))
    for label in ("Fig. 4.1", "Fig. 4.5", "Table 4.1", "Table 4.4"):
        assert label in text
    alts = re.findall(r'<img[^>]*\balt="([^"]*)"', html)
    figures = [e for e in content.load_exhibits().values() if e.kind == "figure"]
    shown = {e.key for e in figures if f'id="{e.label}"' in html}
    assert {"fig_norway_contributions", "fig_norway_aid", "fig_norway_donors"} <= shown
    assert len(alts) == len(shown) == 5
    assert all(a.strip() and not re.search(r"\d", a) for a in alts)
    map_alt = next(a for a in alts if a.startswith("Map"))
    assert all(name in map_alt for name in coverage["country"])
    for name in (
        "norway_funding",
        "norway_map",
        "norway_closure",
        "norway_contributions",
        "norway_contributions_chart",
        "norway_aid",
        "norway_aid_by_year",
        "norway_donors",
        "norway_donor_ranks",
    ):
        assert re.search(rf'href="[^"]*_downloads/[^"]*/{name}\.csv"', html), name
    assert "Natural Earth" in text and "public domain" in text


def test_summary_page_shows_every_figure_it_glues(built):
    from sahel.chapters import summary
    from sahel.evidence import claims

    corpus = load_corpus()
    figures = summary.figures(claims.load_ledger(corpus=corpus), corpus)
    notebook = (paths.NOTEBOOKS / "00-summary.ipynb").read_text(encoding="utf-8")
    used = set(re.findall(r"\{glue:text\}`([\w]+)`", notebook))
    assert used and used <= set(figures)
    html = (HTML / "notebooks" / "00-summary.html").read_text(encoding="utf-8")
    text = page_text(html)
    assert_shown_by_key(html, "00-summary", {k: figures[k] for k in sorted(used)})
    # findings first, each linking to its chapter; no build command
    assert text.index("Key findings") < text.index("How we know")
    for chapter in ("20-minusma", "25-cost", "30-norway", "50-disagreements"):
        assert f'href="{chapter}.html' in (HTML / "notebooks" / "00-summary.html").read_text(
            encoding="utf-8"
        ), chapter
    assert "make " not in text and "pytest" not in text


def test_the_build_is_quiet_and_ends_with_the_books_path(built):
    """`make book`'s output: a line per notebook, no kernel transport warning (kernels run on
    IPC sockets, tooling/kernels.py), no configuration dumps or Jupyter Book banners naming the
    scratch folder, and a last line naming the book that exists."""
    code, output = built
    assert code == 0, output[-3000:]
    assert "Kernel is running over TCP" not in output
    assert "MdParserConfig" not in output and "NbParserConfig" not in output
    assert ".next-" not in output  # the scratch folder is never named
    executed = re.findall(r"^executed (notebooks/\S+\.ipynb) \(", output, re.M)
    assert sorted(executed) == sorted(
        f"notebooks/{p.name}" for p in paths.NOTEBOOKS.glob("*.ipynb")
    ), executed
    last = output.strip().splitlines()[-1]
    match = re.fullmatch(r"The book \((\w+)\) is in (\S+): open (\S+index\.html)", last)
    assert match, last
    assert (paths.ROOT / match[3]).is_file()
