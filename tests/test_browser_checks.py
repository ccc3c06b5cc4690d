"""The browser checks fail when they should, and seed text cannot run as code in a reader's browser.

The checks of tests/test_browser.py run here on small pages written into tmp, each broken in one
known way; a check that passed them would pass anything. The escaping test builds a throw-away
book whose notebook glues hostile seed-like text the way the chapters do.
"""

import re
import shutil

import nbformat
import pytest
import yaml

from sahel import paths
from tests import browser, chart_text
from tests.book import build_book
from tooling import pdf
from tooling.browser import serve

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<link rel="icon" href="data:,"></head><body><main>{body}</main></body></html>"""
GOOD = """<h1 id="top">Fine</h1><p id="here">See <a href="#here">here</a>,
<a href="other.html#there">there</a>, <a href="other.html">other</a>, <a href="sub/">sub</a>
and <a href="https://example.invalid/x">a link out</a>.</p>
<figure id="fig-ok"><img src="pic.svg" alt="A red square"><figcaption>A square</figcaption></figure>
<p>We counted 5 documents and 12.3 percent.</p>
<a href="_downloads/abc/table.csv">table.csv</a>
<p>Mali had <a class="reference internal evidence formula" href="how.html#how-share"
title="Computed: Mali's part divided by the whole"><span class="pasted-text">24.2%</span></a>
of <a class="reference internal evidence quote" href="src.html#claim-c000-07"
title="Quoted: a total of NOK 745 million"><span class="pasted-text">NOK 745 million</span></a>,
said <span class="pasted-text">the ministry</span>.</p>"""
HOW = """<div class="evidence-entry" id="how-share"><p>24.2%: Mali's part divided by the whole.</p>
<p>From:</p><ul><li><a class="reference internal evidence quote" href="src.html#claim-c000-07"
title="Quoted">NOK 745 million</a></li></ul></div>
<div class="evidence-entry" id="how-broken"><p>From:</p><ul><li><a class="evidence quote"
href="src.html#claim-c999-99" title="Quoted">NOK 1</a></li></ul></div>"""
SRC = """<pre><mark class="claim" id="claim-c000-07">a total of
NOK 745 million in 2022</mark> and <mark class="claim" id="claim-c000-08">something
else</mark></pre>"""
QUOTES = {"claim-c000-07": "a total of NOK 745 million", "claim-c000-08": "180 million to Mali"}
BAD = """<h1>Broken</h1>
<a href="missing.html">missing file</a> <a href="other.html#nowhere">missing anchor</a>
<a href="#absent">missing local anchor</a>
<img src="pic.svg"> <img src="pic.svg" alt="  ">
<img src="pic.svg" alt="<Figure size 640x480 with 1 Axes>">
<figure id="fig-bare"><img src="pic.svg" alt="A red square"></figure>
<p>We counted 6 documents.</p>
<a href="_downloads/def/empty.csv">empty.csv</a> <a href="_downloads/ghi/gone.csv">gone.csv</a>"""
# One number not linked, and links broken in every way the evidence check knows.
UNLINKED = """<h1>Unlinked</h1>
<p>Unlinked: <span class="pasted-text">6 documents</span>; no hover text:
<a class="evidence quote" href="src.html#claim-c000-07"><span class="pasted-text">745</span></a>;
wrong quote: <a class="evidence quote" href="src.html#claim-c000-08" title="Q"><span
class="pasted-text">180</span></a>; nowhere: <a class="evidence quote" href="src.html#claim-x"
title="Q"><span class="pasted-text">7</span></a>; broken input: <a class="evidence formula"
href="how.html#how-broken" title="F"><span class="pasted-text">8%</span></a>.</p>
"""
NOISY = """<h1>Noisy</h1><img src="https://cdn.example.invalid/pic.png" alt="From a CDN">
<img src="no-such-picture.png" alt="Missing picture">
<script>console.error("boom")</script><script>undefinedFunction()</script>
<script src="https://cdn.example.invalid/lib.js"></script>"""
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="10pt" height="10pt" viewBox="0 0 10 10" '
    'data-min-font-pt="10"><rect width="10" height="10" fill="red"/></svg>'
)
# A chart 500 pt wide whose smallest text is 6 pt: 8 px at its natural size (667 px), less on
# a phone; and a chart that does not say how small its text is.
TINY_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="500pt" height="100pt" '
    'viewBox="0 0 500 100" data-min-font-pt="6"><rect width="500" height="100"/></svg>'
)
TINY = """<h1>Tiny</h1><figure id="fig-tiny"><img src="tiny.svg" alt="A tiny chart">
<figcaption>Small text</figcaption></figure>
<p>As <a href="#x" title="S001, C001-02">the article</a> says, and S003 (C003-08) under
minusma.fatalities, per X-01 and M04.</p>
<figure id="fig-mute"><img src="pic-mute.svg" alt="A mute chart"><figcaption>No size</figcaption>
</figure><div style="width: 2000px">A row wider than any window</div>
<div style="overflow-x: auto"><table id="wide-table"><tr><td style="min-width: 3000px">A cell
wider than the column</td></tr></table></div>"""

# --- chart labels, ids in charts and tables on a phone (issue 23) -----------------------------
LABELS = """<h1>Labels</h1>
<figure id="fig-clean"><img src="clean.svg" alt="Three bars"><figcaption>Clean</figcaption></figure>
<figure id="fig-crowded"><img src="crowded.svg" alt="A crowded chart"><figcaption>Crowded
</figcaption></figure>
<figure id="fig-text"><img src="text.svg" alt="Text drawn as text"><figcaption>Text</figcaption>
</figure>"""
# Two SVG <text> labels on top of each other and one past the right edge (matplotlib writes
# <text> with svg.fonttype "none").
TEXT_SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" width="200pt" height="60pt"
viewBox="0 0 200 60" data-min-font-pt="12"><g id="figure_1">
<text x="10" y="30" style="font: 12px sans-serif">Mauritania</text>
<text x="40" y="32" style="font: 12px sans-serif">Senegal</text>
<text x="170" y="50" style="font: 12px sans-serif">Cut off</text></g></svg>"""
# A phone-wide page with the book's stylesheet and the theme's scroll container: the same wide
# table as cards (tooling/table_cards.py markup) and as a plain table.
CARD_ROW = "".join(f"<td data-label='Column {i}'><p>Mauritania</p></td>" for i in range(8))
PLAIN_ROW = re.sub(r" data-label='[^']*'", "", CARD_ROW)
CARD_HEAD = "".join(f"<th><p>Column {i}</p></th>" for i in range(8))
CARDS = f"""<link rel="stylesheet" href="_static/sahel.css"><h1>Cards</h1>
<div class="pst-scrollable-table-container"><table class="table cards" id="tbl-cards"><caption>
Cards</caption><thead><tr>{CARD_HEAD}</tr></thead><tbody><tr>{CARD_ROW}</tr></tbody></table></div>
<div class="pst-scrollable-table-container"><table class="table" id="tbl-plain"><caption>Plain
</caption><thead><tr>{CARD_HEAD}</tr></thead><tbody><tr>{PLAIN_ROW}</tr></tbody></table></div>"""


def crowded_figure():
    """A chart broken on purpose: year ticks that touch, an internal id in its title, a label
    clipped by its axes, a label under the legend, a legend over data and white words running
    off their dark fill."""
    import matplotlib.pyplot as plt

    from sahel.charts import style

    style.use_style()
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot(range(2013, 2024), range(11), label="Deaths")
    ax.set_xticks(range(2013, 2024))
    ax.set_title("From S001 (C001-02)")
    ax.text(2022, 5, "Cut by the axes", clip_on=True)
    ax.text(2013.2, 9.3, "Under the legend")
    ax.axvspan(2012.5, 2016, color="#1f5f8b")
    ax.text(2014, 2, "Runs off the fill", color="white")
    ax.text(2017, 6, "A note with its own id", gid="note-1")  # a <g id="note-1">, not text_N
    ax.text(2017.5, 6.2, "on it")
    ax.legend(loc="upper left")
    return fig


def clean_figure():
    import matplotlib.pyplot as plt

    from sahel.charts import style

    style.use_style()
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.bar(["Mali", "Niger", "Chad"], [3, 2, 1])
    ax.set_title("Mali first")
    return fig


def label_charts():
    from sahel import publish

    return {
        "crowded.svg": publish.svg_bytes(crowded_figure()),
        "clean.svg": publish.svg_bytes(clean_figure()),
        "text.svg": TEXT_SVG,
    }


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory):
    """A small site with one good page and pages broken on purpose, served on 127.0.0.1."""
    root = tmp_path_factory.mktemp("site")
    pages = {
        "good.html": GOOD,
        "bad.html": BAD,
        "noisy.html": NOISY,
        "tiny.html": TINY,
        "other.html": '<h1 id="there">Other</h1>',
        "how.html": HOW,
        "unlinked.html": UNLINKED,
        "src.html": SRC,
        "sub/index.html": "<h1>Sub</h1>",
        "labels.html": LABELS,
        "cards.html": CARDS,
    }
    for name, body in pages.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(PAGE.format(title=name, body=body), encoding="utf-8")
    (root / "pic.svg").write_text(SVG, encoding="utf-8")
    (root / "tiny.svg").write_text(TINY_SVG, encoding="utf-8")
    (root / "pic-mute.svg").write_text(SVG.replace(' data-min-font-pt="10"', ""), encoding="utf-8")
    for name, svg in label_charts().items():
        (root / name).write_bytes(svg)
    (root / "_static").mkdir()
    shutil.copy(paths.ROOT / "_static" / "sahel.css", root / "_static" / "sahel.css")
    for folder, name, text in (("abc", "table.csv", "a,b\n1,2\n"), ("def", "empty.csv", "a,b\n")):
        (root / "_downloads" / folder).mkdir(parents=True)
        (root / "_downloads" / folder / name).write_text(text, encoding="utf-8")
    with serve(root) as base_url:
        yield root, base_url


@pytest.fixture(scope="module")
def seen(fixture_site, chromium):
    root, base_url = fixture_site
    return {
        page: browser.visit(chromium, base_url, page, browser.DESKTOP)
        for page in browser.site_pages(root)
    }


def test_site_pages_skips_asset_folders(tmp_path):
    for name in ("a.html", "ch/b.html", "_static/macros.html", "_sources/a.html"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("<p>x</p>")
    assert browser.site_pages(tmp_path) == ["a.html", "ch/b.html"]


def test_good_page_passes_every_check(fixture_site, seen):
    root, _ = fixture_site
    good = seen["good.html"]
    assert browser.network_problems(good) == []
    assert browser.image_problems(good) == []
    assert browser.link_problems(good, root) == []
    assert browser.axe_problems(good) == []
    assert browser.chart_text_problems(good) == []
    assert browser.overflow_problems(good) == []
    assert good.charts, "the good page's chart was not measured"
    assert [p for url in browser.csv_links(good) for p in browser.csv_problems(url)] == []


def test_broken_links_and_anchors_are_reported(fixture_site, seen):
    root, _ = fixture_site
    problems = browser.link_problems(seen["bad.html"], root)
    assert len(problems) == 4, problems
    for href in ("missing.html", "other.html#nowhere", "#absent", "_downloads/ghi/gone.csv"):
        assert any(repr(href) in p for p in problems), (href, problems)


def test_missing_alt_text_and_captions_are_reported(seen):
    problems = browser.image_problems(seen["bad.html"])
    assert sum("without alt text" in p for p in problems) == 2, problems
    assert sum("Python repr" in p for p in problems) == 1, problems
    assert problems[-1] == "figure without caption: #fig-bare"
    assert len(problems) == 4, problems


def test_small_chart_text_and_sideways_scrolling_are_reported(seen):
    tiny = seen["tiny.html"]
    problems = browser.chart_text_problems(tiny)
    assert len(problems) == 2, problems
    assert problems[0].startswith("chart text 8.0 px (under 9)"), problems
    assert "without data-min-font-pt" in problems[1], problems
    assert browser.overflow_problems(tiny)[0].startswith("page scrolls sideways by"), tiny


def test_a_wide_table_without_a_scroll_cue_is_reported(seen):
    assert browser.wide_table_problems(seen["good.html"]) == []
    problems = browser.wide_table_problems(seen["tiny.html"])
    assert problems == [
        "table #wide-table is wider than the column and its container shows no cue that it scrolls"
    ]


def test_internal_ids_in_the_text_are_reported(seen):
    pattern = browser.internal_id_pattern(subjects=["minusma.fatalities"])
    assert browser.internal_id_problems(seen["good.html"], pattern) == []
    problems = browser.internal_id_problems(seen["tiny.html"], pattern)
    assert problems == ["internal id(s) in the text: C003-08, M04, S003, X-01, minusma.fatalities"]


def test_outside_requests_errors_and_failed_loads_are_reported(seen):
    noisy = seen["noisy.html"]
    problems = browser.network_problems(noisy)
    assert sorted(noisy.blocked) == [
        "https://cdn.example.invalid/lib.js",
        "https://cdn.example.invalid/pic.png",
    ]
    assert any("no-such-picture.png (HTTP 404)" in p for p in problems), problems
    assert any("console error: boom" in p for p in problems), problems
    assert any("undefinedFunction" in p for p in problems), problems


def test_axe_reports_a_critical_violation(seen):
    problems = browser.axe_problems(seen["bad.html"])
    assert any(p.startswith("axe image-alt (critical)") for p in problems), problems


def test_empty_and_missing_csv_downloads_are_reported(seen):
    urls = browser.csv_links(seen["bad.html"])
    assert [u.rsplit("/", 1)[1] for u in urls] == ["empty.csv", "gone.csv"]
    assert "is empty" in browser.csv_problems(urls[0])[0]
    assert "does not download" in browser.csv_problems(urls[1])[0]


def glued_notebook(path, markdown, glued):
    """A committed-notebook look-alike: one markdown cell, one cell with scrapbook outputs."""
    outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={f"{browser.MIME_PREFIX}text/plain": repr(value)},
            metadata={"scrapbook": {"name": key, "mime_prefix": browser.MIME_PREFIX}},
        )
        for key, value in glued.items()
    ]
    code = nbformat.v4.new_code_cell("glue(...)", outputs=outputs)
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(markdown), code])
    nbformat.write(notebook, path)
    return path


def test_glued_numbers_without_evidence_are_reported(fixture_site, seen):
    root, _ = fixture_site
    assert browser.evidence_problems(seen["good.html"], root, QUOTES) == []
    problems = browser.evidence_problems(seen["unlinked.html"], root, QUOTES)
    expected = [
        "glued value '6 documents' is not a link to its evidence",
        "evidence link of '745' has no hover text",
        "evidence link of '180': src.html#claim-c000-08 does not show the quote",
        "evidence link of '7': no id 'claim-x' in src.html",
        "evidence link of '8%': input 'NOK 1' of 'how-broken' does not resolve",
    ]
    assert len(problems) == len(expected), problems
    for start, problem in zip(expected, problems, strict=True):
        assert problem.startswith(start), (start, problem)
    # On a page not yet required to link its numbers, only the links it has are checked.
    lenient = browser.evidence_problems(seen["unlinked.html"], root, QUOTES, enforced=False)
    assert lenient == problems[1:]


def test_glue_values_are_read_from_the_notebook_and_checked_in_context(tmp_path, seen):
    source = glued_notebook(
        tmp_path / "n.ipynb",
        "We counted {glue:text}`n_docs` documents and {glue:text}`share:.1f` percent.",
        {"n_docs": "5", "share": 12.345},
    )
    refs = browser.glue_refs(source)
    assert [(r.key, r.expected, r.snippet) for r in refs] == [
        ("n_docs", "5", "We counted 5 documents and"),
        ("share", "12.3", "documents and 12.3 percent"),
    ]
    assert browser.glue_problems(seen["good.html"], refs) == []
    problems = browser.glue_problems(seen["bad.html"], refs)
    assert [p.split(":")[0] for p in problems] == ["n_docs", "share"], problems


def test_glue_reference_without_a_value_raises(tmp_path):
    source = glued_notebook(tmp_path / "n.ipynb", "Shown: {glue:text}`not_glued`.", {"other": "1"})
    with pytest.raises(LookupError, match="not_glued"):
        browser.glue_refs(source)


def test_pdf_print_refuses_outside_requests_and_content_wider_than_paper(tmp_path, chromium):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "index.html").write_text(
        PAGE.format(
            title="x", body='<p>x</p><script src="https://cdn.example.invalid/x.js"></script>'
        )
    )
    with pytest.raises(pdf.OfflineError, match="cdn.example.invalid"):
        pdf.print_pdf(tmp_path / "out", tmp_path / "x.pdf", "x", browser=chromium)
    wide = (
        '<table id="wide"><tr><td style="white-space:nowrap">'
        + "word " * 300
        + "</td></tr></table>"
    )
    (tmp_path / "out" / "index.html").write_text(PAGE.format(title="x", body=wide))
    with pytest.raises(pdf.TooWideError, match="table#wide"):
        pdf.print_pdf(tmp_path / "out", tmp_path / "x.pdf", "x", browser=chromium)
    assert not (tmp_path / "x.pdf").exists()


# --- escaping: seed text rendered through glue_table -> {glue:md} in a real build ------------

HOSTILE = (
    'Bamako <script>window.__pwned = 1</script> <img src=x onerror="window.__pwned=2"> '
    "*not emphasis* **not bold** [not a link](javascript:window.__pwned=3) {cite:p}`NoSuchKey` "
    "$x^2$ `code` | a pipe | # not a heading <!-- not a comment --> :::{note} &amp; \\ end"
)
GLUE_CELL = f"""import pandas as pd
from sahel import publish

HOSTILE = {HOSTILE!r}
publish.glue_table(
    "tbl_hostile", pd.DataFrame({{"quote": [HOSTILE]}}), caption="Seed text", name="tbl-hostile"
)
publish.glue_text("hostile_text", HOSTILE)"""


def tiny_book(root):
    """A one-notebook book with the project's own configuration, gluing HOSTILE like a chapter."""
    config = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
    config.update(title="Escaping check", exclude_patterns=["_build", "**.ipynb_checkpoints"])
    favicon = config["html"].get("favicon")
    if favicon:
        (root / favicon).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(paths.ROOT / favicon, root / favicon)
    shutil.copy(paths.ROOT / "book" / "references.bib", root / "references.bib")
    config["bibtex_bibfiles"] = ["references.bib"]
    # local extensions are found relative to the book: point at this checkout's tooling/
    config["sphinx"]["local_extensions"] = {
        name: str(paths.ROOT / folder)
        for name, folder in config["sphinx"]["local_extensions"].items()
    }
    # The hostile text holds a digit and no provenance: the page is exempt from the rule.
    config["sphinx"]["config"]["sahel_provenance_exempt"] = ["hostile"]
    (root / "_config.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (root / "_toc.yml").write_text("format: jb-book\nroot: hostile\n", encoding="utf-8")
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# Escaping check"),
            nbformat.v4.new_code_cell(GLUE_CELL, metadata={"tags": ["remove-cell"]}),
            nbformat.v4.new_markdown_cell("```{glue:md} tbl_hostile\n:format: myst\n```"),
            nbformat.v4.new_markdown_cell("Inline: {glue:text}`hostile_text`"),
        ],
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
    )
    nbformat.write(notebook, root / "hostile.ipynb")
    if (paths.ROOT / "_static").is_dir():
        shutil.copytree(paths.ROOT / "_static", root / "_static")
    return root


def test_seed_text_is_shown_literally_and_never_runs(tmp_path, chromium):
    root = tiny_book(tmp_path / "book")
    code, output = build_book(root)
    assert code == 0, output[-3000:]
    html_dir = root / "_build" / "html"
    with serve(html_dir) as base_url:
        record = browser.visit(chromium, base_url, "hostile.html", browser.DESKTOP)
        page = chromium.new_page()
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(base_url + "hostile.html", wait_until="load")
        page.wait_for_load_state("networkidle")
        pwned = page.evaluate("() => typeof window.__pwned")
        cell = page.locator("#tbl-hostile td").first
        cell_text, cell_visible = cell.inner_text(), cell.is_visible()
        injected = page.evaluate(
            """() => ({
              scripts: Array.from(document.scripts).filter(s => s.text.includes('__pwned')).length,
              images: document.querySelectorAll('img[src="x"]').length,
              javascriptLinks: document.querySelectorAll('a[href^="javascript:"]').length,
            })"""
        )
        page.close()
    assert pwned == "undefined" and not dialogs
    assert injected == {"scripts": 0, "images": 0, "javascriptLinks": 0}, injected
    assert cell_visible and " ".join(cell_text.split()) == " ".join(HOSTILE.split())
    # Shown literally twice on the page (table cell and inline glue), nothing else broken.
    assert " ".join(record.text.split()).count(" ".join(HOSTILE.split())) == 2, record.text
    assert browser.network_problems(record) == [] and browser.axe_problems(record) == []


# --- registry and record fields: shown literally, never run (CSP, not dialogs) ----------------

# No digit (the seed's coverage check would count one); one line of printable text, so the
# registry's validation lets it through to the page: only escaping keeps it from running.
PAYLOAD = (
    "<script>window.__pwned='script'</script><img src=x onerror=\"window.__pwned='img'\">"
    "<svg onload=\"window.__pwned='svg'\"></svg>"
)
# The fields that accept free text, by file: each gets the payload appended. The strictly
# formed ones (ids, hashes, versions, dates, URLs, bibkeys, codes) refuse it: see
# tests/test_hostile_inputs.py.
INJECTED = {
    "data/sources.csv": ("S001", ("title", "publisher", "author", "date_note")),
    "data/record_sources.csv": ("R-OFFICIAL", ("publisher", "licence", "repository", "path")),
    "data/record/official_record.csv": ("M01", ("fact", "publisher", "page_title")),
}
PAGES = ("clean", "book/sources/S001", "book/record/R-OFFICIAL", "book/record/R-UCDP")


def _rewrite_csv(path, change):
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    for row in table:
        change(row)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(table[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)


def _register(root, registry, row_id, file):
    import hashlib

    data = file.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    _rewrite_csv(
        root / registry,
        lambda r: r.update(sha256=digest, bytes=str(len(data))) if r["id"] == row_id else None,
    )


def registry_book(root, payload=None):
    """The source and dataset pages of the real book (``{evidence-source}``,
    ``{evidence-dataset}``) with a copy of the real inputs, each free-text field of
    :data:`INJECTED` and the seed's text ending in ``payload`` (re-registered, as after a
    deliberate edit); a page ``clean`` holds no data."""
    from tests.book import copy_inputs

    copy_inputs(root)
    if payload:
        for name, (row_id, columns) in INJECTED.items():
            _rewrite_csv(
                root / name,
                lambda r, row_id=row_id, columns=columns: (
                    r.update({c: f"{r[c]} {payload}".strip() for c in columns})
                    if r["id"] == row_id
                    else None
                ),
            )
        _register(
            root, "data/record_sources.csv", "R-OFFICIAL", root / "data/record/official_record.csv"
        )
        seed = root / "seeds" / "001_cd28ea386d30adad.txt"
        seed.write_bytes(seed.read_bytes() + f"\n{payload}\n".encode())
        _register(root, "data/sources.csv", "S001", seed)
    config = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
    config.update(title="Registry check")
    config["sphinx"]["local_extensions"] = {
        name: str(paths.ROOT / folder)
        for name, folder in config["sphinx"]["local_extensions"].items()
    }
    (root / "_config.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    toc = {"format": "jb-book", "root": "clean", "chapters": [{"file": p} for p in PAGES[1:]]}
    (root / "_toc.yml").write_text(yaml.safe_dump(toc), encoding="utf-8")
    (root / "clean.md").write_text("# Registry check\n\nNo data on this page.\n", "utf-8")
    for page in PAGES[1:]:
        directive = "evidence-source" if "/sources/" in page else "evidence-dataset"
        (root / f"{page}.md").write_text(f"```{{{directive}}}\n```\n", encoding="utf-8")
    shutil.copytree(paths.ROOT / "_static", root / "_static")
    return root


@pytest.fixture(scope="module")
def registry_builds(tmp_path_factory):
    """The registry book built clean (the reference: the theme's own scripts) and hostile."""
    out = {}
    for name, payload in (("clean", None), ("hostile", PAYLOAD)):
        root = registry_book(tmp_path_factory.mktemp(name) / "book", payload)
        code, output = build_book(root)
        assert code == 0, output[-3000:]
        out[name] = root / "_build" / "html"
    return out


def test_csp_registry_and_record_fields_never_run(registry_builds, chromium):
    """Fault class: script injection through every free-text field of the source registry,
    the record registry, the official facts and a seed's text. Each page is served with a
    policy allowing only the theme's scripts (hashed from the clean build of the same page):
    any other script, run or refused, is a violation; the payload is shown as text."""
    clean, hostile = registry_builds["clean"], registry_builds["hostile"]
    problems = []
    with serve(clean) as clean_url, serve(hostile) as hostile_url:
        for page in (f"{p}.html" for p in PAGES):
            policy = browser.script_policy((clean / page).read_text(encoding="utf-8"))
            # the policy lets the theme run: its clean page raises nothing
            violations, errors, *_ = browser.policy_visit(chromium, clean_url, page, policy)
            assert violations == [] and errors == [], (page, violations, errors)
            violations, errors, dialogs, text, pwned = browser.policy_visit(
                chromium, hostile_url, page, policy
            )
            problems += [f"{page}: {v}" for v in violations + dialogs]
            problems += [f"{page}: window.__pwned was set"] * pwned
            if page != "clean.html":
                shown = " ".join(text.split()).count(" ".join(PAYLOAD.split()))
                problems += [f"{page}: the payload is not shown as text"] * (shown == 0)
    assert problems == [], "\n".join(problems)


def test_csp_check_catches_a_silent_inline_script(registry_builds, chromium, tmp_path):
    """The policy check fails when a script runs without a dialog, or is refused: a copy of a
    clean page with an inline script, and one with an event handler, each report a violation."""
    clean = registry_builds["clean"]
    page = "book/sources/S001.html"
    html = (clean / page).read_text(encoding="utf-8")
    policy = browser.script_policy(html)
    site = tmp_path / "site"
    shutil.copytree(clean, site)
    for n, injected in enumerate(
        ["<script>window.__quiet = 1</script>", '<img src="x" onerror="window.__quiet=2">']
    ):
        (site / page).write_text(html.replace("<main", f"{injected}<main", 1), encoding="utf-8")
        with serve(site) as url:
            violations, *_ = browser.policy_visit(chromium, url, page, policy)
        assert violations, f"case {n}: an injected script raised no violation"


# --- chart labels, ids in charts, tables on a phone (issue 23) ---------------------------------


MEASURES = r" \([\d.]+ pt\)|[\d.]+ pt apart"


def _by_chart(problems):
    """``{figure id: [problem without its measures]}``."""
    found = {}
    for problem in problems:
        name, _, what = problem.removeprefix("chart ").partition(": ")
        what = re.sub(MEASURES, "", what)
        found.setdefault(name.split(" ")[0], []).append(what)
    return found


def test_colliding_cut_and_covered_chart_labels_are_reported(seen):
    record = seen["labels.html"]
    assert browser.chart_label_problems(seen["good.html"]) == []  # an SVG without labels
    found = _by_chart(browser.chart_label_problems(record))
    assert "#fig-clean" not in found, found
    crowded = found["#fig-crowded"]
    assert "labels '2013' and '2014' overlap" in crowded, crowded
    assert "labels 'A note with its own id' and 'on it' overlap" in crowded, crowded
    assert sum("' and '20" in p for p in crowded) == 10, crowded  # each pair of neighbours
    assert "label 'Cut by the axes' is cut by its axes' clip" in crowded, crowded
    assert "label 'Under the legend' lies over a legend" in crowded, crowded
    assert any(p.startswith("label 'Runs off the fill' runs off its backdrop") for p in crowded)
    assert not any("'2013'" in p and "backdrop" in p for p in crowded), "black on white is fine"
    assert sum(p.startswith("a legend hides the chart's data") for p in crowded) == 1, crowded
    assert found["#fig-text"] == [
        "label 'Cut off' is cut by the chart's edge",
        "labels 'Mauritania' and 'Senegal' overlap",
    ], found["#fig-text"]
    assert (
        browser.chart_label_count([record])
        == sum(
            len(chart_text.from_svg(svg).labels)
            for name, svg in label_charts().items()
            if name != "text.svg"
        )
        + 3
    )


def test_two_labels_closer_than_a_point_are_reported():
    box = lambda x0, x1: ((x0, 0.0), (x1, 0.0), (x1, 7.0), (x0, 7.0))  # noqa: E731
    chart = chart_text.Chart("c", 100, 20)
    chart.labels = [
        chart_text.Label("2013", (box(10, 30),)),
        chart_text.Label("2014", (box(30.5, 50),)),
        chart_text.Label("2015", (box(51.5, 70),)),
    ]
    assert chart_text.problems(chart) == ["labels '2013' and '2014' are 0.5 pt apart (under 1 pt)"]


def test_measuring_the_svg_without_a_browser_finds_what_chromium_finds(seen):
    """The fast variant (for chart modules' unit tests) reads the same SVG the same way."""
    in_chromium = _by_chart(browser.chart_label_problems(seen["labels.html"]))
    for name in ("crowded", "clean"):
        shown = [  # what only Chromium measures: the chart's pixels
            p
            for p in in_chromium.get(f"#fig-{name}", [])
            if "backdrop" not in p and not p.startswith("a legend hides")
        ]
        fast = chart_text.problems(chart_text.from_svg(label_charts()[f"{name}.svg"]))
        assert [re.sub(MEASURES, "", p) for p in fast] == shown, (name, fast, shown)
    assert chart_text.figure_problems(clean_figure()) == []
    assert chart_text.figure_problems(crowded_figure())


def test_internal_ids_in_chart_text_are_reported(seen):
    pattern = browser.internal_id_pattern(subjects=["minusma.fatalities"])
    problems = browser.internal_id_problems(seen["labels.html"], pattern)
    assert problems == ["internal id(s) in chart #fig-crowded: C001-02, S001"], problems


def test_a_table_that_scrolls_sideways_on_a_phone_is_reported(fixture_site, chromium):
    _, base_url = fixture_site
    phone = browser.visit(chromium, base_url, "cards.html", browser.PHONE, axe=False)
    problems = browser.phone_table_problems(phone)
    assert len(problems) == 1 and problems[0].startswith("table #tbl-plain ('Plain"), problems
    cards = {t["id"]: t["cards"] for t in phone.phone_tables}
    assert cards == {"tbl-cards": True, "tbl-plain": False}, cards
    desktop = browser.visit(chromium, base_url, "cards.html", browser.DESKTOP, axe=False)
    assert not any(t["cards"] for t in desktop.phone_tables), "cards only on narrow screens"


def test_a_chart_module_can_run_the_whole_check_on_one_figure(chromium):
    """chart_text.chromium_problems: every check, pixels included, on one figure's SVG."""
    from sahel import publish

    assert chart_text.chromium_problems(chromium, publish.svg_bytes(clean_figure())) == []
    crowded = chart_text.chromium_problems(chromium, publish.svg_bytes(crowded_figure()))
    assert any(p.startswith("a legend hides the chart's data") for p in crowded), crowded
    assert any(p.startswith("label 'Runs off the fill' runs off") for p in crowded), crowded
    assert "labels '2013' and '2014' overlap" in [re.sub(MEASURES, "", p) for p in crowded]
