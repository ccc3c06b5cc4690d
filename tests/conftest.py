"""Shared fixtures: a scratch copy of the seeds and registry to break on purpose; one build of
the book per session; the system Chromium."""

from pathlib import Path

import pytest
from hypothesis import settings

from sahel import paths
from tests.book import HTML, SESSION, SerialBuild, build_book, copy_registered

# Property tests (hypothesis) draw the same examples on every run and keep no database: a
# failure reproduces exactly (hypothesis still keeps a cache in .hypothesis/, git-ignored).
settings.register_profile("sahel", derandomize=True, database=None, deadline=None)
settings.load_profile("sahel")


@pytest.fixture
def scratch(tmp_path):
    """A copy of ``seeds/`` and ``data/sources.csv`` under tmp_path; returns (registry, seeds)."""
    return copy_registered(tmp_path, paths.SEEDS, paths.SOURCES_CSV)


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
def built(request):
    """A fresh build of this checkout, as ``make book`` builds it (nothing reused: the build
    starts from an empty cache), into the session's own folder (``tests.book.SESSION``, swapped
    in only on success; ``_build/html`` is never touched), plus the one-page edition the PDF is
    printed from (same executed notebooks and doctrees): (exit code, output).

    Shared by the build, reproducibility, browser and PDF tests, so the session builds once.
    """
    code, output = build_book(paths.ROOT, SESSION, singlehtml=True)
    if code == 0 and not (HTML / "index.html").is_file():
        return 1, output + f"\nthe build succeeded but wrote no {HTML / 'index.html'}"
    if code == 0 and any(
        "serial_build" in getattr(item, "fixturenames", ()) for item in request.session.items
    ):
        request.getfixturevalue("serial_build")  # start the reference build now, in background
    return code, output


@pytest.fixture(scope="session")
def serial_build(tmp_path_factory):
    """The serial reference build (tests/test_reproducible.py), with another hash seed, running
    in the background from the moment the session's build is done."""
    build = SerialBuild(
        paths.ROOT, tmp_path_factory.mktemp("second-build"), env={"PYTHONHASHSEED": "12345"}
    )
    yield build
    build.stop()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright launches the system Chromium (``make browser`` installs it), headless,
    with networking extras off: Playwright downloads no browser."""
    from tooling.browser import ARGS, chromium_path

    return {**browser_type_launch_args, "executable_path": chromium_path(), "args": list(ARGS)}


@pytest.fixture(scope="session")
def chromium(browser):
    """pytest-playwright's session browser: the system Chromium, for the whole session."""
    assert browser.browser_type.name == "chromium" and browser.version
    return browser
