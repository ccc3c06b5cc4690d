"""Building twice from the same commit gives the same bytes in every file of _build/html.

The session's build is `make book`'s (notebooks executed in parallel, then Sphinx reads them
from the cache); the second is a plain serial `jupyter-book build`, so the parallel build is
held to exactly what MyST-NB alone would write."""

import re

import pytest

from sahel import paths
from tests.book import HTML
from tooling import manifest

pytestmark = pytest.mark.xdist_group("book")  # one worker builds the book (see conftest.py)


@pytest.fixture(scope="module")
def second_build(built, serial_build):
    """One more build of this checkout, serial, into a temporary --path-output, with another
    hash seed (started in the background by conftest's ``built``)."""
    assert built[0] == 0, built[1][-3000:]
    code, output = serial_build.result()
    assert code == 0, output[-3000:]
    return serial_build.out / "_build" / "html"


def test_two_builds_are_byte_identical(second_build):
    first, second = manifest.manifest(HTML), manifest.manifest(second_build)
    assert len(first) > 100  # the whole site, not an empty folder
    assert manifest.differences(first, second) == []


def test_no_build_folder_path_in_the_output(second_build):
    """Paths that differ from build to build would be drift; none may reach the files."""
    needles = [str(second_build.parent.parent).encode(), str(paths.ROOT).encode()]
    leaks = [
        p.relative_to(second_build).as_posix()
        for p in second_build.rglob("*")
        if p.is_file() and any(n in p.read_bytes() for n in needles)
    ]
    assert leaks == []


def test_stylesheets_carry_their_checksum_in_a_fresh_build(built):
    """MyST-NB's stylesheet is in _static before pages are written (tooling/sphinx_fixes.py).

    Otherwise a fresh build links it without ``?v=`` and a rebuild with it, so the same
    commit gives different HTML depending on what the output folder held.
    """
    html = (HTML / "book" / "intro.html").read_text(encoding="utf-8")
    links = re.findall(r'href="(\.\./_static/mystnb\.[^"]*)"', html)
    assert links and all(re.search(r"\.css\?v=[0-9a-f]{8}$", link) for link in links), links
