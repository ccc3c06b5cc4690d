"""The only module that knows the repository layout.

``SAHEL_ROOT`` in the environment points the package at another checkout (tests use it
to build a tampered copy of the book without touching this one).
"""

import os
from pathlib import Path

ROOT = Path(os.environ.get("SAHEL_ROOT") or Path(__file__).resolve().parent.parent)
SEEDS = ROOT / "seeds"
DATA = ROOT / "data"
DERIVED = DATA / "derived"
GEO = DATA / "geo"
BOOK = ROOT / "book"
NOTEBOOKS = ROOT / "notebooks"

SOURCES_CSV = DATA / "sources.csv"
