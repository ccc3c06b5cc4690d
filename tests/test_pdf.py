"""The PDF edition, printed as `make pdf` prints it: one page per sheet, nothing missing.

The one-page edition comes from the session's build (fixture ``built``: the HTML and the
single page share one execution of the notebooks and one set of doctrees; any warning in either
fails tests/test_build.py). The expected texts are read from the single HTML page that was
printed and from the registry, and looked for in the PDF's text (pdftotext, whitespace
collapsed).
"""

import re
import subprocess

import pytest
from bs4 import BeautifulSoup

from sahel import paths
from sahel.evidence.corpus import load_corpus
from tests.book import PDF, SINGLEHTML
from tooling import pdf

pytestmark = pytest.mark.xdist_group("book")  # one worker builds the book (see conftest.py)

ARTIFACTS = paths.ROOT / "test-artifacts" / "pdf"


def squash(text):
    return " ".join(text.split())


def compact(text):
    """Text without whitespace, hyphens or icon glyphs (private-use code points): PDF text
    extraction puts spaces around inline code and icons where the HTML has none, and drops the
    hyphen of a hyphenated word broken at a line's end ("one-" / "sided" -> "onesided")."""
    return re.sub(r"[\s\-\u00ad\ue000-\uf8ff]+", "", text)


@pytest.fixture(scope="session")
def printed(built, chromium):
    """Print the session's one-page build as `make pdf` does; return (the printed HTML page,
    the PDF's text per page)."""
    code, output = built
    assert code == 0, output[-3000:]
    PDF.unlink(missing_ok=True)
    pdf.print_pdf(SINGLEHTML, PDF, pdf.book_title(), browser=chromium)
    html = (SINGLEHTML / "print.html").read_text(encoding="utf-8")
    text = subprocess.run(
        ["pdftotext", str(PDF), "-"], check=True, capture_output=True, text=True
    ).stdout
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(PDF), str(ARTIFACTS / "page")], check=True
    )
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup.select("a.headerlink"):  # the "#" permalinks, not printed
        hidden.decompose()
    return soup, text.split("\f")


def test_pdf_has_several_pages(printed):
    _, pages = printed
    info = subprocess.run(["pdfinfo", str(PDF)], check=True, capture_output=True, text=True)
    count = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))
    assert count > 1
    assert len([p for p in pages if p.strip()]) == count, "a blank page in the PDF"


def test_first_page_opens_the_book(printed):
    soup, pages = printed
    first = squash(pages[0])
    assert squash(soup.find("h1").get_text()).rstrip("#") in first
    assert pdf.book_title() in first  # the running footer


def test_pdf_holds_every_caption(printed):
    soup, pages = printed
    # a caption may run onto the next page: read the text without the running footer
    text = compact(" ".join(without_running_footer(p) for p in pages))
    captions = [squash(c.get_text()) for c in soup.select("figcaption, table caption")]
    assert captions, "no figure or table caption in the printed page"
    missing = [c for c in captions if compact(c) not in text]
    assert not missing, missing
    assert len(soup.select("figure img")) >= 1


def without_running_footer(page):
    """A page's text without the footer every page carries (the book's title and "n / N"),
    which pdftotext puts in the middle of an entry that runs onto the next page."""
    footer = {pdf.book_title().strip()}
    return "\n".join(
        line
        for line in page.splitlines()
        if line.strip() not in footer and not re.fullmatch(r"\d+ / \d+", line.strip())
    )


def test_pdf_holds_the_reference_list(printed):
    soup, pages = printed
    text = compact(" ".join(without_running_footer(p) for p in pages))
    entries = [squash(e.get_text()) for e in soup.select("div.citation p")]
    bib = (paths.BOOK / "references.bib").read_text(encoding="utf-8")
    assert len(entries) == len(re.findall(r"^@\w+\{", bib, flags=re.M))  # seeds and record
    # pdftotext takes a hyphen that ends a printed line for hyphenation and drops it, and URLs
    # break at their hyphens ("un-agrees" comes out "unagrees"): compare without hyphens.
    unhyphenated = text.replace("-", "")
    missing = [e for e in entries if compact(e).replace("-", "") not in unhyphenated]
    assert not missing, missing
    for source in load_corpus().values():
        assert compact(source.source.title.split(":")[0]) in text


def toc_labels():
    """The label each chapter of `_toc.yml` opens with (``(label)=``), in the toc's order: the
    summary, the report's chapters, then the back matter."""
    import nbformat
    import yaml

    toc = yaml.safe_load((paths.ROOT / "_toc.yml").read_text(encoding="utf-8"))
    labels = []
    for part in toc["parts"]:
        for chapter in part["chapters"]:
            path = paths.ROOT / chapter["file"]
            if path.with_suffix(".ipynb").exists():
                text = nbformat.read(path.with_suffix(".ipynb"), as_version=4).cells[0].source
            else:
                text = path.with_suffix(".md").read_text(encoding="utf-8")
            if found := re.match(r"\s*\(([\w-]+)\)=", text):
                labels.append(found[1])
    return labels


def test_pdf_follows_the_books_structure(printed):
    """The PDF prints the chapters in `_toc.yml`'s order (summary, report, back matter), each
    title on its pages."""
    soup, pages = printed
    labels = toc_labels()
    assert {"summary", "minusma", "cost", "sources", "ledger"} <= set(labels)
    html = str(soup)
    positions = [html.find(f'id="{label}"') for label in labels]
    assert -1 not in positions, [lab for lab, p in zip(labels, positions, strict=True) if p < 0]
    assert positions == sorted(positions), labels
    text = compact(" ".join(without_running_footer(p) for p in pages))
    headings = [soup.find(id=label).find_next(re.compile(r"^h[1-6]$")) for label in labels]
    titles = [squash(h.get_text()).rstrip("#") for h in headings]
    missing = [t for t in titles if compact(t) not in text]
    assert not missing, missing
