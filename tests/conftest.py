"""Shared fixtures: a scratch copy of the seeds and registry to break on purpose; one build of
the book per session; the system Chromium."""

import shutil
from pathlib import Path

import pytest

from sahel import paths
from tests.book import build_book


@pytest.fixture
def scratch(tmp_path):
    """A copy of ``seeds/`` and ``data/sources.csv`` under tmp_path; returns (registry, seeds)."""
    seeds = tmp_path / "seeds"
    shutil.copytree(paths.SEEDS, seeds)
    registry = tmp_path / "sources.csv"
    shutil.copy(paths.SOURCES_CSV, registry)
    return registry, seeds


def rewrite(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace text in a file, failing if ``old`` is not there (so a test cannot go vacuous)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


@pytest.fixture(scope="session")
def corpus():
    """The verified seed documents, loaded once per session."""
    from sahel.evidence.corpus import load_corpus

    return load_corpus()


@pytest.fixture(scope="session")
def ledger(corpus):
    """The verified claims ledger, loaded once per session."""
    from sahel.evidence import claims

    return claims.load_ledger(corpus=corpus)


@pytest.fixture(scope="session")
def built():
    """A fresh build of this checkout into _build: (exit code, output).

    Shared by the build, reproducibility and browser tests, so the session builds once.
    """
    for stale in ("html", ".doctrees", ".jupyter_cache"):
        shutil.rmtree(paths.ROOT / "_build" / stale, ignore_errors=True)
    code, output = build_book(paths.ROOT)
    return code, output


@pytest.fixture(scope="session")
def chromium():
    """The system Chromium under Playwright for the whole session (``make browser`` installs it)."""
    from playwright.sync_api import sync_playwright

    from tooling.browser import launch

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()
