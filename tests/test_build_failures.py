"""A build that must fail fails, and leaves the last good book in place (throw-away books)."""

import shutil

import nbformat

from sahel import paths
from tests.book import build_book, copy_tree
from tests.conftest import rewrite
from tests.test_browser_checks import tiny_book
from tooling import manifest


def test_altered_seed_stops_the_build(tmp_path):
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy(paths.ROOT / name, tmp_path / name)
    for folder in ("book", "notebooks", "seeds", "data", "tooling", "_static"):
        copy_tree(paths.ROOT / folder, tmp_path / folder)
    seed = tmp_path / "seeds" / "000_f7638546bebadadf.txt"
    rewrite(seed, "NOK 745 million", "NOK 746 million")

    code, output = build_book(tmp_path)
    assert code != 0
    assert "SeedHashMismatchError" in output and seed.name in output
    assert not (tmp_path / "_build" / "html" / "notebooks" / "10-sources.html").exists()


def test_failed_build_keeps_the_last_good_book(tmp_path):
    """`make book` builds into a scratch folder and replaces _build/html only on success."""
    root = tiny_book(tmp_path / "book")
    code, output = build_book(root)
    assert code == 0, output[-3000:]
    html = root / "_build" / "html"
    good = manifest.manifest(html)
    assert "hostile.html" in good
    notebook = nbformat.read(root / "hostile.ipynb", as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell('raise RuntimeError("broken on purpose")'))
    nbformat.write(notebook, root / "hostile.ipynb")

    code, output = build_book(root)
    assert code != 0
    assert "broken on purpose" in output, output[-3000:]
    assert manifest.manifest(html) == good
    assert sorted(p.name for p in (root / "_build").iterdir()) == [
        ".doctrees",
        ".jupyter_cache",
        "html",
        "jupyter_execute",
    ]
