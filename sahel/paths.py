"""The only module that knows the repository layout.

``SAHEL_ROOT`` in the environment points the package at another checkout (tests use it
to build a tampered copy of the book without touching this one).

A checkout copied together with its ``.venv`` imports the original's package (the editable
install points there), so its notebooks would silently read the original's code and data.
``require_checkout`` refuses that: importing this module from inside another checkout of the
project (a notebook kernel's folder), or building a book whose folder is not ``ROOT``
(``tooling/sphinx_fixes.py``), raises ``CheckoutMismatchError`` unless ``SAHEL_ROOT`` names it.
"""

import os
from pathlib import Path

from sahel.evidence.errors import CheckoutMismatchError

PACKAGE = Path(__file__).resolve().parent
ROOT = Path(os.environ.get("SAHEL_ROOT") or PACKAGE.parent)
SEEDS = ROOT / "seeds"
DATA = ROOT / "data"
DERIVED = DATA / "derived"
# Where notebooks write their exhibits' CSVs: data/derived, unless ``SAHEL_DERIVED_OUT`` names
# another folder (the test run's nbval kernels write to a scratch folder, and the run compares
# it with data/derived, so running the tests never rewrites a committed file: tests/nbval_glue.py).
DERIVED_OUT = Path(os.environ.get("SAHEL_DERIVED_OUT") or DERIVED)
GEO = DATA / "geo"
BOOK = ROOT / "book"
NOTEBOOKS = ROOT / "notebooks"

SOURCES_CSV = DATA / "sources.csv"


def checkout_of(folder):
    """The checkout of this project that holds ``folder`` (``_config.yml`` and
    ``sahel/paths.py`` at its top), or None."""
    folder = Path(folder).resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / "_config.yml").is_file() and (candidate / "sahel" / "paths.py").is_file():
            return candidate
    return None


def require_checkout(folder, what):
    """Fail unless the checkout holding ``folder`` (if any) is the one this package reads."""
    here = checkout_of(folder)
    if here is None or here == ROOT.resolve():
        return
    raise CheckoutMismatchError(
        f"{what} {folder} is in the checkout {here}, but the package in use is {PACKAGE} and "
        f"reads the data of {ROOT}: the book would run another checkout's code and data. "
        f"Run `make setup` in {here} (it recreates a .venv copied from elsewhere), or set "
        f"SAHEL_ROOT={here} to read its data on purpose."
    )


try:
    _CWD = Path.cwd()
except FileNotFoundError:  # the current folder was deleted: nothing to compare
    _CWD = None
if _CWD is not None and not os.environ.get("SAHEL_ROOT"):
    require_checkout(_CWD, "the current folder")
