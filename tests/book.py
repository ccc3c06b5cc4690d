"""Helpers for tests that build the book or run nbval in a subprocess."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from sahel import paths

BIN = Path(sys.executable).parent
BUILD_FLAGS = ["-W", "-n", "--keep-going"]
# The test session builds into a folder of its own (swapped in on success, like `make book`'s):
# `make test` never deletes or replaces the reader's last good book in _build/html, nor the PDF.
SESSION = paths.ROOT / "_build" / "test"
HTML = SESSION / "_build" / "html"
SINGLEHTML = SESSION / "_build" / "singlehtml"
PDF = SESSION / "pdf" / "report.pdf"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
# The hidden temporary files of atomic writes in progress (``.NAME.XXXX.tmp``): nbval, in the
# other pytest-xdist worker, re-executes notebooks that rewrite data/derived while tests copy it.
IN_FLIGHT = ".*.tmp"


def copy_tree(src, dst, *ignore):
    """``shutil.copytree`` that skips atomic writes in flight (and any ``ignore`` patterns)."""
    return shutil.copytree(src, dst, ignore=shutil.ignore_patterns(IN_FLIGHT, *ignore))


def copy_registered(tmp_path, folder, registry):
    """A scratch copy of ``folder`` and the registry CSV that lists its files, under
    ``tmp_path``, to break on purpose; returns (registry copy, folder copy)."""
    folder_copy = copy_tree(folder, tmp_path / Path(folder).name)
    registry_copy = Path(shutil.copy(registry, tmp_path / Path(registry).name))
    return registry_copy, folder_copy


def copy_inputs(root):
    """A scratch copy of every input ``make verify`` reads, under ``root``: seeds/, data/ (with
    derived/, geo/ and record/) and book/ (the record check reads the bibliography)."""
    copy_tree(paths.SEEDS, root / "seeds")
    copy_tree(paths.DATA, root / "data")
    copy_tree(paths.BOOK, root / "book")
    return root


def run(args, *, cwd=None, env=None, timeout=1800):
    """Run a command; return (exit code, combined output without colour codes)."""
    result = subprocess.run(
        args,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    return result.returncode, ANSI.sub("", result.stdout)


def build_book(root, out=None, env=None, singlehtml=False):
    """The build ``make book`` runs (``tooling.build``: notebooks executed in parallel, then
    Sphinx); into ``out/_build`` if given, else into a scratch folder swapped into
    ``root/_build`` on success. ``singlehtml`` adds the one-page edition (the PDF's source)."""
    args = [sys.executable, "-m", "tooling.build", "--root", str(root)]
    if out is not None:
        args += ["--path-output", str(out)]
    if singlehtml:
        args.append("--singlehtml")
    return run(args, env={"SAHEL_ROOT": str(root), **(env or {})})


class SerialBuild:
    """Plain ``jupyter-book build`` (MyST-NB executes each notebook in turn) into ``out``, in the
    background: the reference the parallel build must match byte for byte. It runs while other
    tests (the browser's) wait on Chromium; ``result()`` waits for it."""

    def __init__(self, root, out, env=None):
        self.out = Path(out)
        self.log = self.out / "build.log"
        args = [str(BIN / "jupyter-book"), "build", str(root), *BUILD_FLAGS]
        args += ["--path-output", str(out)]
        with self.log.open("w", encoding="utf-8") as log:
            self.process = subprocess.Popen(
                args,
                env={**os.environ, "SAHEL_ROOT": str(root), **(env or {})},
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def result(self, timeout=1800):
        """(exit code, output without colour codes), once the build has finished."""
        code = self.process.wait(timeout=timeout)
        return code, ANSI.sub("", self.log.read_text(encoding="utf-8"))

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def run_nbval(notebook):
    """Strict nbval on one notebook, with the project's sanitizers and glue-name check
    (``tests.nbval_glue``), outside the project's config."""
    return run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-p",
            "tests.nbval_glue",
            "-c",
            os.devnull,
            "--rootdir",
            str(Path(notebook).parent),
            "--nbval",
            "--nbval-current-env",
            "--nbval-sanitize-with",
            str(paths.ROOT / "tests" / "nbval_sanitize.cfg"),
            str(notebook),
        ],
        env={"PYTHONPATH": str(paths.ROOT)},
    )


def page_text(html):
    """Visible text of an HTML page, whitespace collapsed."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def minimal_book(root, code="print('ready')"):
    """A one-notebook book (``page.ipynb`` running ``code``) with a plain configuration: the
    cheapest book ``tooling.build`` can build, for tests of the build's own behaviour."""

    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    (root / "_config.yml").write_text(
        "title: Build check\nexclude_patterns: [_build]\nexecute:\n  execute_notebooks: force\n",
        encoding="utf-8",
    )
    (root / "_toc.yml").write_text("format: jb-book\nroot: page\n", encoding="utf-8")
    set_code(root, code)
    return root


def set_code(root, code):
    """Make the notebook of :func:`minimal_book` run ``code``."""
    import nbformat

    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("# Build check"), nbformat.v4.new_code_cell(code)],
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
    )
    nbformat.write(notebook, Path(root) / "page.ipynb")


def marked_processes(mark):
    """Pids of the processes whose environment holds ``SAHEL_TEST_MARK=mark`` (a build started
    with it, and everything it started: workers, kernels, watchers)."""
    needle = f"SAHEL_TEST_MARK={mark}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if needle in environ.split(b"\0"):
            found.append(int(entry.name))
    return found
