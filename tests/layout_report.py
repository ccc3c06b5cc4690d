"""What the issue-23 checks find in a built book, without rebuilding it (the browser suite's
``built`` fixture rebuilds): ``python -m tests.layout_report [_build/html]``.

Prints, per page, every chart label that collides, touches, is cut or lies over a legend, any
internal id in a chart's words, and every chapter table that scrolls sideways at 390 px, then
the counts. Exit status 1 if anything is found.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from sahel.evidence import claims
from sahel.evidence.corpus import load_corpus
from tests import browser
from tests.test_browser import chapter_pages
from tooling.browser import launch, serve


def main(html_dir="_build/html"):
    html_dir = Path(html_dir)
    pages = browser.site_pages(html_dir)
    chapters = chapter_pages()
    jobs = [browser.Job(p, browser.DESKTOP, axe=False) for p in pages]
    jobs += [browser.Job(p, browser.PHONE, axe=False) for p in pages if p in chapters]
    subjects = {c.subject for c in claims.load_ledger(corpus=load_corpus())}
    pattern = browser.internal_id_pattern(subjects=subjects)
    with sync_playwright() as playwright, serve(html_dir) as base_url:
        chromium = launch(playwright)
        try:
            records = browser.visit_all(chromium, base_url, jobs)
        finally:
            chromium.close()
    desktop = [r for r in records if r.width == browser.DESKTOP]
    phone = [r for r in records if r.width == browser.PHONE]
    found = 0
    for record in desktop:
        lines = browser.chart_label_problems(record)
        lines += [p for p in browser.internal_id_problems(record, pattern) if "in chart" in p]
        for line in lines:
            print(f"{record.page}: {line}")
        found += len(lines)
    for record in phone:
        for line in browser.phone_table_problems(record):
            print(f"{record.page} @390px: {line}")
            found += 1
    charts = {m["src"] for r in desktop for m in r.chart_labels}
    tables = sum(len(r.phone_tables) for r in phone)
    print(
        f"{len(charts)} charts, {browser.chart_label_count(desktop)} labels measured; "
        f"{tables} tables in the chapters at 390 px; {found} problems"
    )
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
