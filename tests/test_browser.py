"""The reader's book, proven in a real browser (the system Chromium, offline).

Every HTML page of the build (found from the files, so new chapters are covered) is opened at
desktop and phone width from a server on 127.0.0.1. Each test below checks one promise on all of
them and lists every page that breaks it. Screenshots and a JSON summary (weight, every axe rule
hit) go to test-artifacts/.
"""

import pytest
import yaml

from sahel import paths, provenance
from tests import browser
from tests.book import HTML
from tooling.browser import serve

pytestmark = pytest.mark.xdist_group("book")  # one worker builds the book (see conftest.py)

ARTIFACTS = paths.ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
# A page's own bytes (its HTML and images, without the theme's shared _static files): a budget
# that a chapter embedding a megabyte-sized picture or table would break.
OWN_BYTES_BUDGET = 1_000_000


@pytest.fixture(scope="session")
def site(built):
    code, output = built
    assert code == 0, f"the book did not build:\n{output[-3000:]}"
    with serve(HTML) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def visits(site, chromium):
    """One visit per page and width; axe-core runs once per page, at desktop width (its rules
    read the markup, which is the same at both widths)."""
    jobs = [
        browser.Job(page, width, label=label, axe=width == browser.AXE_WIDTH)
        for page in browser.site_pages(HTML)
        for label, width in browser.WIDTHS.items()
    ]
    records = browser.visit_all(chromium, site, jobs, screenshots=SCREENSHOTS)
    browser.write_report(ARTIFACTS / "browser-report.json", records)
    return records


def report(problems):
    """Assertion message: one problem per line, grouped by page."""
    return "\n" + "\n".join(problems)


def each(visits, check, *args):
    return [f"{r.page} @{r.width}px: {p}" for r in visits for p in check(r, *args)]


def toc_pages():
    """The pages `_toc.yml` promises, as paths of the HTML build."""
    toc = yaml.safe_load((paths.ROOT / "_toc.yml").read_text(encoding="utf-8"))
    found = [toc["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                found.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc)
    return {f"{name.removesuffix('.md').removesuffix('.ipynb')}.html" for name in found}


def test_every_toc_page_is_visited(visits):
    visited = {r.page for r in visits}
    assert toc_pages() <= visited, sorted(toc_pages() - visited)
    assert {r.width for r in visits} == set(browser.WIDTHS.values())


def test_no_console_errors_failed_or_outside_requests(visits):
    problems = each(visits, browser.network_problems)
    assert not problems, report(problems)


def test_images_and_figures_have_alt_text_and_captions(visits):
    assert any(r.figures for r in visits), "no figure on any page: the check would be vacuous"
    problems = each(visits, browser.image_problems)
    assert not problems, report(problems)


def test_chart_text_is_readable_at_every_width(visits):
    assert any(r.charts for r in visits), "no SVG chart on any page: the check would be vacuous"
    problems = each(visits, browser.chart_text_problems)
    assert not problems, report(problems)


def test_wide_tables_scroll_in_a_container_with_a_cue(visits):
    assert any(t["wide"] for r in visits for t in r.tables), "no wide table: vacuous check"
    problems = each(visits, browser.wide_table_problems)
    assert not problems, report(problems)


def test_no_page_scrolls_sideways(visits):
    problems = each(visits, browser.overflow_problems)
    assert not problems, report(problems)


def test_internal_links_and_anchors_resolve(visits):
    problems = each(visits, browser.link_problems, HTML)
    assert not problems, report(problems)


def test_axe_finds_no_serious_or_critical_violation(visits):
    axed = [r for r in visits if r.axed]
    assert sorted(r.page for r in axed) == sorted({r.page for r in visits}), "axe once per page"
    problems = each(axed, browser.axe_problems)
    assert not problems, report(problems)


def test_glued_values_are_on_the_page(visits):
    problems, checked = [], 0
    for record in visits:
        source = browser.page_source(record.page, paths.ROOT)
        refs = browser.glue_refs(source) if source else []
        checked += len(refs)
        problems += [
            f"{record.page} @{record.width}px: {p}" for p in browser.glue_problems(record, refs)
        ]
    assert checked, "no {glue:text} reference found in any page: the check would be vacuous"
    assert not problems, report(problems)


def provenance_exempt():
    """Pages (as HTML paths) where a glued number may still lack provenance (``_config.yml``,
    ``sahel_provenance_exempt``; tooling/evidence_links.py)."""
    config = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
    exempt = config["sphinx"]["config"].get("sahel_provenance_exempt") or []
    return {f"{doc}.html" for doc in exempt}


def test_glued_numbers_link_to_their_evidence(visits, ledger):
    quotes = {provenance.claim_anchor(c.id): c.quote for c in ledger}
    exempt = provenance_exempt()
    linked = [v for r in visits for v in r.glued if "evidence" in v["kinds"]]
    assert linked, "no glued value links to its evidence: the check would be vacuous"
    assert any("quote" in v["kinds"] for v in linked)
    assert any("formula" in v["kinds"] for v in linked)
    problems = [
        f"{r.page} @{r.width}px: {p}"
        for r in visits
        for p in browser.evidence_problems(r, HTML, quotes, enforced=r.page not in exempt)
    ]
    assert not problems, report(problems)


def test_csv_downloads_parse_and_hold_rows(visits):
    urls = sorted({url for r in visits for url in browser.csv_links(r)})
    assert urls, "no CSV download linked from any page"
    problems = [p for url in urls for p in browser.csv_problems(url)]
    assert not problems, report(problems)


def test_pages_stay_small(visits):
    heavy = [
        f"{r.page} @{r.width}px: {r.weight['own']:,} bytes of its own"
        for r in visits
        if r.weight["own"] > OWN_BYTES_BUDGET
    ]
    assert not heavy, report(heavy)


def test_screenshots_saved(visits):
    missing = [r.page for r in visits if not (r.screenshot and r.screenshot.stat().st_size)]
    assert not missing, missing


def chapter_pages():
    """The reading path: the summary and the report's chapters (the parts of `_toc.yml` before
    the back matter), as paths of the HTML build."""
    toc = yaml.safe_load((paths.ROOT / "_toc.yml").read_text(encoding="utf-8"))
    reading = [p for p in toc["parts"] if p["caption"] != "Back matter"]
    return {f"{c['file']}.html" for part in reading for c in part["chapters"]}


def test_no_internal_ids_in_the_chapters(visits, ledger):
    """Claim, source, defect and record ids, and the ledger's subject labels, stay in the back
    matter, link targets and hover text: never in a chapter's text, tables or figures."""
    pattern = browser.internal_id_pattern(subjects={c.subject for c in ledger})
    chapters = chapter_pages()
    checked = [r for r in visits if r.page in chapters]
    assert {r.page for r in checked} == chapters, sorted(chapters - {r.page for r in checked})
    problems = each(checked, browser.internal_id_problems, pattern)
    assert not problems, report(problems)


def test_chart_labels_neither_collide_nor_get_cut(visits):
    """Every chart's labels, measured in Chromium (tests/chart_text.py): none on another or
    within a point of it, none cut by the chart's edge or its axes, none over a legend. The SVG
    is the same at every width: checked once, on the desktop visits."""
    desktop = [r for r in visits if r.width == browser.DESKTOP]
    assert browser.chart_label_count(desktop), "no chart label measured: the check is vacuous"
    problems = each(desktop, browser.chart_label_problems)
    assert not problems, report(problems)


def test_chapter_tables_fit_a_phone(visits):
    """At 390 px no table of the reading path scrolls sideways (stacked cards,
    tooling/table_cards.py); back-matter tables may scroll with their cue."""
    chapters = chapter_pages()
    phone = [r for r in visits if r.width == browser.PHONE and r.page in chapters]
    assert {r.page for r in phone} == chapters, sorted(chapters - {r.page for r in phone})
    assert sum(len(r.phone_tables) for r in phone), "no table in the chapters: vacuous check"
    problems = each(phone, browser.phone_table_problems)
    assert not problems, report(problems)
