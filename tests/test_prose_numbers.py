"""No number is typed into prose: digits reach the page only through glue.

Scans book/*.md and the notebooks' markdown cells. Roles and directives that carry no typed
number (glue, cite, numref, ref, download, labels, directive options) are removed first;
whatever digit remains must be in the short allow-list of ``sahel.prose``. Notebook code cells
may not hold numeric literals either: they look numbers up in the ledger or compute them.
"""

import io
import tokenize

import nbformat
import pytest

from sahel import paths
from sahel.prose import typed_numbers


def prose_sources():
    for path in sorted(paths.BOOK.glob("*.md")):
        yield path.name, path.read_text(encoding="utf-8")
    for path in sorted(paths.NOTEBOOKS.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        for i, cell in enumerate(notebook.cells):
            if cell.cell_type == "markdown":
                yield f"{path.name} cell {i}", cell.source


def test_no_number_is_typed_into_prose():
    found = {where: nums for where, text in prose_sources() if (nums := typed_numbers(text))}
    assert found == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The mission lasted 10 years.", ["10"]),
        ("It had {glue:text}`minusma_days` days {cite:p}`TDI2023ends`.", []),
        ("About 15,000 troops", ["15,000"]),
        (":::{glue:figure} fig_x\n:alt: A chart\n:name: fig-x\nCaption.\n:::", []),
        ("Encoded in UTF-8, hashed with sha256.", []),
        ("Resolution 2690 was adopted", ["2690"]),
        # number words are numbers too (sahel.evidence.numberwords)
        ("The two timelines agree.", ["two"]),
        ("It was the first embassy to close.", ["first"]),
        ("one of the embassies", ["one"]),
        ("The flag came down on Monday.", ["Monday"]),
        ("as reported last year", ["last year"]),
        ("The timelines agree; an embassy among many.", []),
        ("UCDP counts one-sided violence apart.", []),
        ("in USD million at current prices", []),
        ("in millions of dollars", ["millions"]),
    ],
)
def test_scanner_catches_typed_numbers(text, expected):
    assert typed_numbers(text) == expected


def test_notebook_code_has_no_numeric_literals():
    found = {}
    for path in sorted(paths.NOTEBOOKS.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        for i, cell in enumerate(notebook.cells):
            if cell.cell_type != "code":
                continue
            tokens = tokenize.generate_tokens(io.StringIO(cell.source).readline)
            numbers = [t.string for t in tokens if t.type == tokenize.NUMBER]
            if numbers:
                found[f"{path.name} cell {i}"] = numbers
    assert found == {}
