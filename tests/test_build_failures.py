"""A build that must fail fails, and leaves the last good book in place (throw-away books)."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from sahel import paths
from tests.book import build_book, copy_tree, marked_processes, minimal_book, set_code
from tests.conftest import rewrite
from tests.test_browser_checks import tiny_book
from tooling import build, manifest, pdf


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


# --- the last good output, whatever happens to a build (fault classes named per test) ----------


def _sleepy(tmp_path, name="book"):
    """A minimal book built once (the last good book), then set to sleep in its notebook."""
    root = minimal_book(tmp_path / name)
    code, output = build_book(root)
    assert code == 0, output[-3000:]
    set_code(root, "import time\ntime.sleep(300)")
    return root


def _start(root, mark, *args):
    return subprocess.Popen(
        [sys.executable, "-m", "tooling.build", "--root", str(root), *args],
        env={**os.environ, "SAHEL_ROOT": str(root), "SAHEL_TEST_MARK": mark},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _until(condition, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def _kernels(mark):
    return [pid for pid in marked_processes(mark) if b"ipykernel" in _cmdline(pid)]


def _cmdline(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


# Ctrl-C is tested as a build started with SIGINT ignored also sees it (pytest-xdist's workers
# ignore SIGINT, and a child inherits that: the build installs its own handler, see stoppable).
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGKILL])
def test_an_interrupted_or_killed_build_leaves_nothing_behind(tmp_path, sig):
    """Fault class: interrupted run. A build stopped while a kernel runs (Ctrl-C, SIGTERM,
    SIGHUP, kill -9) leaves no process (worker, kernel, watcher) and no scratch folder, and
    the last good book as it was."""
    root = _sleepy(tmp_path)
    good = manifest.manifest(root / "_build" / "html")
    mark = f"interrupted-{sig.name}-{os.getpid()}"
    build = _start(root, mark)
    try:
        assert _until(lambda: _kernels(mark) and list((root / "_build").glob(".next-*")), 120), (
            "the build never started a kernel"
        )
        build.send_signal(sig)
        # generous: under a full suite on two cores, stopping workers and kernels can take a
        # while; a build that ignored the signal would still be running after this
        build.wait(timeout=180)
    finally:
        if build.poll() is None:
            build.kill()
    assert build.returncode != 0
    assert _until(lambda: not marked_processes(mark), 15), [
        _cmdline(pid)[:120] for pid in marked_processes(mark)
    ]
    assert _until(lambda: not list((root / "_build").glob(".*-*")), 15), list(
        (root / "_build").iterdir()
    )
    assert manifest.manifest(root / "_build" / "html") == good


def test_the_session_build_never_touches_the_readers_book(tmp_path):
    """Fault class: a failing `make test`. The test session's build (``--path-output``, as
    tests/conftest.py's ``built`` runs it) goes to a folder of its own: the book in
    ``_build/html`` is not deleted before it, nor replaced by it, and a failing session build
    keeps the session's last good build too."""
    root = minimal_book(tmp_path / "book")
    code, output = build_book(root)
    assert code == 0, output[-3000:]
    readers = manifest.manifest(root / "_build" / "html")
    session = root / "_build" / "test"
    code, output = build_book(root, session)
    assert code == 0, output[-3000:]
    assert manifest.manifest(root / "_build" / "html") == readers
    last_session = manifest.manifest(session / "_build" / "html")
    set_code(root, 'raise RuntimeError("broken on purpose")')
    code, output = build_book(root, session)
    assert code != 0 and "broken on purpose" in output, output[-3000:]
    assert manifest.manifest(session / "_build" / "html") == last_session
    assert manifest.manifest(root / "_build" / "html") == readers
    assert not list(session.glob("_build/.*-*")) and not list(root.glob("_build/.*-*"))


def test_the_session_fixture_builds_into_its_own_folder():
    """The `built` fixture's folder is not the reader's: its pages are read from there."""
    from tests import book

    assert book.HTML != paths.ROOT / "_build" / "html"
    assert book.HTML.is_relative_to(book.SESSION) and book.SINGLEHTML.is_relative_to(book.SESSION)
    assert book.PDF != pdf.PDF
    source = (paths.ROOT / "tests" / "conftest.py").read_text(encoding="utf-8")
    assert "rmtree" not in source and "build_book(paths.ROOT, SESSION" in source


def test_concurrent_builds_each_swap_in_a_whole_book(tmp_path):
    """Fault class: concurrent runs. Two builds of one book at once: each builds in its own
    scratch folder; the book left in _build/html is one whole build, no scratch remains."""
    root = minimal_book(tmp_path / "book")
    mark = f"concurrent-{os.getpid()}"
    first, second = _start(root, mark), _start(root, mark)
    assert first.wait(timeout=600) == 0 and second.wait(timeout=600) == 0
    html = root / "_build" / "html"
    assert (html / "page.html").is_file() and "Build check" in (html / "page.html").read_text(
        encoding="utf-8"
    )
    assert not list((root / "_build").glob(".*-*")), list((root / "_build").iterdir())
    assert _until(lambda: not marked_processes(mark), 15)


def test_a_killed_build_s_scratch_is_cleared_by_the_next(tmp_path):
    """Fault class: interrupted run. A scratch folder and a half-done swap left by a dead
    process (no watcher: e.g. the machine went down) are cleared by the next build: the part
    renamed aside comes back if its place is empty."""
    root = minimal_book(tmp_path / "book")
    code, output = build_book(root)
    assert code == 0, output[-3000:]
    dead = 2**22 + 1  # above the default pid_max: no such process
    (root / "_build" / f".next-{dead}" / "_build").mkdir(parents=True)
    os.replace(root / "_build" / "html", root / "_build" / f".old-html-{dead}")
    build.remove_abandoned_scratch(root / "_build")
    assert (root / "_build" / "html" / "page.html").is_file()
    assert not list((root / "_build").glob(".*-*"))


def test_a_failed_pdf_keeps_the_last_pdf(tmp_path, chromium):
    """Fault class: a failing `make pdf`. The PDF is printed beside the last good one and
    renamed over it only once complete: a print that fails leaves the last PDF byte for byte,
    and no partial file; `make pdf` deletes nothing first."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text(
        "<!DOCTYPE html><html lang='en'><head><title>x</title><link rel='icon' href='data:,'>"
        "</head><body><main><p>A good page.</p></main></body></html>",
        encoding="utf-8",
    )
    target = tmp_path / "pdf" / "report.pdf"
    pdf.print_pdf(out, target, "x", browser=chromium)
    good = target.read_bytes()
    assert good.startswith(b"%PDF")
    wide = "<table id='wide'><tr><td style='white-space:nowrap'>" + "word " * 300
    (out / "index.html").write_text(f"<html><body>{wide}</td></tr></table></body></html>")
    with pytest.raises(pdf.TooWideError):
        pdf.print_pdf(out, target, "x", browser=chromium)
    assert target.read_bytes() == good
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.pdf"]
    makefile = (paths.ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\npdf:", 1)[1].split("\n\n", 1)[0]
    assert "rm " not in recipe, recipe


def test_a_failed_singlehtml_build_keeps_the_last_print_page(tmp_path):
    """Fault class: a failing `make pdf` build. The one-page edition is built like the book:
    a failing build leaves the last one in place."""
    root = minimal_book(tmp_path / "book")
    print_root = root / "_build" / "print"
    page = pdf.build_singlehtml(root, print_root) / "index.html"
    good = manifest.manifest(page.parent)
    set_code(root, 'raise RuntimeError("broken on purpose")')
    with pytest.raises(build.BuildError):
        pdf.build_singlehtml(root, print_root)
    assert manifest.manifest(page.parent) == good
    assert not list((print_root / "_build").glob(".*-*"))
