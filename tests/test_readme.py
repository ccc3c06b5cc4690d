"""The README's findings are the book's: every figure in its "What the report finds" section
sits between glue markers naming the key the book glues it under, and must be that value in the
committed summary notebook; no other number (digit or number word) may stand there."""

import re

import pytest

from sahel import paths
from sahel.prose import typed_numbers
from tests.glued import notebook_glue

MARKED = re.compile(r"<!--glue:(\w+)-->(.*?)<!--/glue-->", re.S)
SECTION = "## What the report finds"


def findings(text):
    """The README's findings section (to the next heading)."""
    start = text.index(SECTION) + len(SECTION)
    end = text.find("\n## ", start)
    return text[start : end if end != -1 else None]


def problems(text, glued):
    """What is wrong with a findings section: a marked value that is not the glued one, an
    unknown key, or a number left unmarked."""
    found = []
    for key, shown in MARKED.findall(text):
        if key not in glued:
            found.append(f"{key}: not glued by the summary")
        elif glued[key] != shown:
            found.append(f"{key}: README says {shown!r}, the book {glued[key]!r}")
    rest = MARKED.sub(" ", re.sub(r"<!--(?!glue:|/glue).*?-->", " ", text, flags=re.S))
    found += [f"unmarked number {n!r}" for n in typed_numbers(rest)]
    return found


def summary_glue():
    bundles = notebook_glue(paths.NOTEBOOKS / "00-summary.ipynb")
    return {k: b["text/plain"].strip("'\"") for k, b in bundles.items() if "text/plain" in b}


def test_the_readmes_findings_are_the_books():
    text = findings((paths.ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(MARKED.findall(text)) >= 10
    assert problems(text, summary_glue()) == []


@pytest.mark.parametrize(
    "text, message",
    [
        ("MINUSMA lost <!--glue:hc_malicious-->175<!--/glue--> people.", "README says '175'"),
        ("It lost <!--glue:no_such_key-->1<!--/glue--> mission.", "not glued"),
        ("It lost 174 people, by the UN's count.", "unmarked number '174'"),
        ("It lost a hundred people.", "unmarked number"),
    ],
)
def test_a_wrong_or_unmarked_figure_fails(text, message):
    found = problems(text, summary_glue())
    assert any(message in line for line in found), found
