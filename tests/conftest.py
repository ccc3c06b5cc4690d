"""Shared fixtures: the session's book build; a scratch copy of the seeds and registry."""

import shutil
from pathlib import Path

import pytest

from sahel import paths


@pytest.fixture(scope="session")
def built():
    """A fresh build of this checkout into _build: (exit code, output).

    Shared by the build, reproducibility and browser tests, so the session builds once.
    """
    from tests.book import build_book

    for stale in ("html", ".doctrees", ".jupyter_cache"):
        shutil.rmtree(paths.ROOT / "_build" / stale, ignore_errors=True)
    return build_book(paths.ROOT)


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
