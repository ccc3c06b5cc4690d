"""The evidence pages' content: each source in full, every claim's quote marked and anchored."""

import re

import pytest
from bs4 import BeautifulSoup

from sahel import paths, sourcepages
from sahel.evidence import coverage, record
from sahel.evidence.textmatch import collapse
from sahel.sourcepages import Mark


def soup(text, marks):
    return BeautifulSoup(f"<pre>{sourcepages.source_html(text, marks)}</pre>", "html.parser")


def test_text_is_escaped_and_numbered_line_by_line():
    text = "<b>bold</b> & co\nsecond line\n"
    html = sourcepages.source_html(text, [])
    assert "<b>" not in html and "&lt;b&gt;bold&lt;/b&gt; &amp; co" in html
    assert re.findall(r'data-line="(\d+)"', html) == ["1", "2", "3"]
    assert soup(text, []).get_text() == text  # numbers are drawn by CSS, not in the text


def test_marks_nest_and_anchor():
    text = "We counted 78 embassies and 8 consulates."
    marks = [
        Mark(0, 41, "claim", "claim-a", "A"),
        Mark(0, 41, "claim", "claim-b", "B"),
        Mark(11, 13, "quantity"),
    ]
    page = soup(text, marks)
    assert page.find(id="claim-a").get_text() == text == page.find(id="claim-b").get_text()
    assert page.find(id="claim-a").find(id="claim-b") is not None
    assert page.find("strong", class_="quantity").get_text() == "78"
    assert page.find(id="claim-a")["title"] == "A"


def test_a_crossing_mark_is_split_and_keeps_its_anchor_at_the_start():
    text = "abcdefghij"
    page = soup(text, [Mark(0, 6, "claim", "claim-a"), Mark(3, 9, "excluded", "exclusion-b")])
    assert page.get_text() == text
    assert page.find(id="claim-a").get_text() == "abcdef"
    assert page.find(id="exclusion-b").get_text() == "def"
    continued = page.find("mark", class_="continued")
    assert continued.get_text() == "ghi" and not continued.get("id")


def test_marks_across_lines_keep_the_text_and_number_every_line():
    text = "one\ntwo three\nfour"
    page = soup(text, [Mark(2, 12, "claim", "claim-x")])
    assert page.find(id="claim-x").get_text() == "e\ntwo thre"
    assert len(page.find_all(class_="line-number")) == 3


@pytest.mark.parametrize("sid", ["S000", "S001", "S002", "S003", "S004"])
def test_every_claim_and_exclusion_of_a_source_is_marked_with_its_quote(corpus, ledger, sid):
    fields, html = sourcepages.source_page(corpus[sid], ledger, corpus)
    page = BeautifulSoup(f"<pre>{html}</pre>", "html.parser")
    assert page.get_text() == corpus[sid].text
    for claim in ledger.for_source(sid):
        marked = page.find(id=f"claim-{claim.id.lower()}")
        assert marked is not None and marked.name == "mark", claim.id
        assert collapse(marked.get_text()) == collapse(claim.quote), claim.id
        assert claim.quantity in marked.get_text()
    for row in coverage.load_exclusions(corpus):
        if row["source"] == sid:
            marked = page.find(id=f"exclusion-{row['id'].lower()}")
            assert "excluded" in marked["class"] and row["reason"] in marked["title"]
    assert dict(fields)["sha256"] == corpus[sid].source.sha256


def test_a_quote_found_twice_cannot_be_marked(corpus, ledger):
    document = corpus["S000"]
    twice = document.text.count("Bamako")
    assert twice > 1
    fake = type("C", (), {"id": "C000-99", "quote": "Bamako", "quantity": "", "value": 1,
                          "unit": "x", "subject": "s", "is_date": False, "date": ""})()

    class OneClaim:
        def for_source(self, sid):
            return [fake]

    with pytest.raises(sourcepages.MarkError, match=f"{twice} times"):
        sourcepages.source_marks(document, OneClaim(), [])


def test_every_source_and_dataset_has_its_page():
    """A page per registered source (book/sources/ID.md) and record dataset (book/record/ID.md),
    and none for an id that is not registered."""
    from sahel.evidence.registry import load_registry

    sources = {s.id for s in load_registry()}
    datasets = set(record.load_sources())
    assert {p.stem for p in (paths.BOOK / "sources").glob("S*.md")} == sources
    assert {p.stem for p in (paths.BOOK / "record").glob("R-*.md")} == datasets


def test_dataset_fields_and_facts():
    sources = record.load_sources()
    fields = dict(sourcepages.dataset_fields(sources["R-UNFAT-2025"]))
    assert fields["sha256"] == sources["R-UNFAT-2025"].sha256
    assert fields["Version"] == "2025-04-04" and fields["Licence"]
    entries = sourcepages.fact_entries(record.facts())
    assert entries[0].anchor == "fact-r01" and entries[0].url.startswith("https://")
    assert len({e.anchor for e in entries}) == len(entries)
