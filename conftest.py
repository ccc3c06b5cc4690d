"""How pytest-xdist spreads the suite over the cores (``-n 2 --dist loadgroup``, pyproject.toml).

The test files that use the session's book build (fixture ``built``) carry ``BOOK_MARK`` and
run in one worker, so the book is built once per session; a test that uses ``built`` in a file
without it stops the collection. Every other test file, and every notebook under nbval, runs
whole in one worker (nbval runs a notebook's cells in order in one kernel); the files are spread
over the workers. ``-n 0`` runs everything in one process.

The scheduler reads the mark from the file's text: with pytest 9, xdist's own ``loadgroup``
never sees a group (the ``@group`` suffix it adds to a test's id does not reach the id it
schedules by), and it would split a notebook's cells over the workers.
"""

from functools import cache
from pathlib import Path

import pytest

# nbval also compares glue names, and writes notebooks' CSVs to a scratch folder (see module).
pytest_plugins = ("tests.nbval_glue",)
BOOK_MARK = 'pytestmark = pytest.mark.xdist_group("book")'
ROOT = Path(__file__).resolve().parent


@cache
def in_book_group(path):
    """True for a test file (path relative to the root, or absolute) that carries BOOK_MARK."""
    path = ROOT / path
    return path.suffix == ".py" and path.is_file() and BOOK_MARK in path.read_text("utf-8")


def pytest_collection_modifyitems(items):
    stray = [
        item.nodeid
        for item in items
        if "built" in getattr(item, "fixturenames", ()) and not in_book_group(item.path)
    ]
    if stray:
        raise pytest.UsageError(f"tests using `built` need `{BOOK_MARK}`: {', '.join(stray)}")


def pytest_xdist_make_scheduler(config, log):
    """Whole files to either worker, the book's files all to the same one."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class FileOrBookScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            file = nodeid.split("::", 1)[0]
            return "book" if in_book_group(file) else file

    return FileOrBookScheduling(config, log)
