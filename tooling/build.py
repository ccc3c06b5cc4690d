"""The book's build (``make book``): every notebook executed fresh, in parallel, then Sphinx.

``python -m tooling.build`` builds into a temporary folder and, only if the build succeeds,
moves the result into ``_build/`` (``html``, the caches beside it), so a failed build leaves the
last good book in place. ``--path-output OUT`` builds into ``OUT/_build`` instead (no swap);
``--singlehtml`` also builds the one-page edition (``singlehtml``, printed by ``make pdf``) from
the same executed notebooks and doctrees.

Why it is faster than ``jupyter-book build`` with ``execute_notebooks: force``: MyST-NB runs the
notebooks one after another while Sphinx reads them, so one core waits for each kernel in turn.
The chapters do not depend on each other, so they are executed in a process pool, one kernel
per core, into a jupyter-cache created empty for this build. Sphinx starts at the same time with
``execute_notebooks: cache`` on that cache and waits for each notebook's execution before it
looks the notebook up, so it always finds it executed (and starts no kernel itself). The
notebook's hash (its code and kernel) decides the match, exactly as in MyST-NB's own cache
mode. A cell that fails stops the build: the notebook is named with its traceback (as
MyST-NB's ``nb_execution_show_tb`` prints it), no further notebook is started, and the build
exits with an error; Sphinx itself runs with ``-W -n --keep-going``, so any warning fails the
build too. Nothing is trusted from an earlier build: the cache and the output folder start
empty. The HTML is byte for byte that of a serial ``jupyter-book build``
(tests/test_reproducible.py).
"""

import argparse
import contextlib
import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from sahel import paths

BUILD_FLAGS = ("-W", "-n", "--keep-going")
TIMEOUT = 300
# What a successful build into a temporary folder hands over to _build/.
BUILD_PARTS = ("html", "singlehtml", ".doctrees", "jupyter_execute", ".jupyter_cache")


class BuildError(RuntimeError):
    """A notebook failed to execute, or Sphinx failed (warnings are errors)."""


def toc_notebooks(root):
    """The notebooks ``_toc.yml`` puts in the book, in its order."""
    from sphinx_external_toc.parsing import parse_toc_yaml

    site_map = parse_toc_yaml(Path(root) / "_toc.yml")
    found = []
    for docname in site_map:
        path = Path(root) / f"{docname}.ipynb"
        if path.is_file():
            found.append(path)
    return found


def _execute(path):
    """Run one notebook as MyST-NB would (kernel in the notebook's folder); return
    (path, executed notebook or None, seconds, error text or None)."""
    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution

    notebook = nbformat.read(path, as_version=4)
    result = single_nb_execution(
        notebook, cwd=str(Path(path).parent), timeout=TIMEOUT, allow_errors=False
    )
    if result.err is not None:
        return path, None, result.time, result.exc_string
    return path, notebook, result.time, None


class Executions:
    """The book's notebooks executing in a process pool (``jobs`` kernels at once, default one
    per core), stored in a new jupyter-cache at ``cache_path`` as MyST-NB asks for each one."""

    def __init__(self, notebooks, cache_path, jobs=None):
        from jupyter_cache import get_cache

        shutil.rmtree(cache_path, ignore_errors=True)
        self.cache = get_cache(str(cache_path))
        self.start = time.perf_counter()
        self.finished = self.start
        self.times, self.failed = {}, []
        jobs = max(1, min(jobs or os.cpu_count() or 1, len(notebooks) or 1))
        self.pool = ProcessPoolExecutor(max_workers=jobs)
        self.futures = {}
        for path in notebooks:
            future = self.pool.submit(_execute, path)
            future.add_done_callback(self._done)
            self.futures[Path(path).resolve()] = future

    def _done(self, future):
        self.finished = max(self.finished, time.perf_counter())

    def wait(self, path):
        """Wait for ``path`` to be executed and cache it; raise BuildError if a cell failed
        (after which no further notebook is started: MyST-NB too stops at the first)."""
        from jupyter_cache.base import CacheBundleIn

        future = self.futures.pop(Path(path).resolve(), None)
        if future is None:  # not one of the book's notebooks, or cached already
            return
        path, notebook, seconds, error = future.result()
        self.times[path] = seconds
        if error is not None:
            self.failed.append(path)
            self.pool.shutdown(wait=False, cancel_futures=True)
            print(f"{path}: ERROR: executing the notebook failed:\n{error}", file=sys.stderr)
            raise BuildError(f"executing {path} failed")
        self.cache.cache_notebook_bundle(
            CacheBundleIn(notebook, str(path), data={"execution_seconds": seconds}),
            check_validity=False,
            overwrite=True,
        )

    def close(self):
        self.pool.shutdown(wait=True, cancel_futures=True)
        print(
            f"executed {len(self.times)} notebooks in {self.finished - self.start:.1f} s "
            f"({sum(self.times.values()):.1f} s of kernel time); failed: "
            + (", ".join(map(str, self.failed)) or "none"),
            flush=True,
        )


@contextlib.contextmanager
def reading_from(executions):
    """MyST-NB's cache mode, waiting for each notebook's execution before looking it up."""
    from myst_nb.core.execute.cache import NotebookClientCache

    original = NotebookClientCache.start_client

    def start_client(self):
        if self.path is not None:
            executions.wait(self.path)
        return original(self)

    NotebookClientCache.start_client = start_client
    try:
        yield
    finally:
        NotebookClientCache.start_client = original


def sphinx_build(root, out, builder, cache_path):
    """``jupyter-book build ROOT -W -n --keep-going --path-output OUT --builder BUILDER`` with
    MyST-NB reading the notebooks from ``cache_path``. Raises BuildError on failure."""
    import jupyter_book.sphinx as jb_sphinx
    from jupyter_book.cli.main import main as jupyter_book

    original = jb_sphinx.build_sphinx
    overrides = {"nb_execution_mode": "cache", "nb_execution_cache_path": str(cache_path)}

    def build_sphinx(*args, confoverrides=None, **kwargs):
        return original(*args, confoverrides={**(confoverrides or {}), **overrides}, **kwargs)

    args = ["build", str(root), *BUILD_FLAGS, "--path-output", str(out), "--builder", builder]
    jb_sphinx.build_sphinx = build_sphinx
    try:
        code = jupyter_book(args, standalone_mode=False)
    except SystemExit as exc:
        code = exc.code
    except Exception as exc:  # jupyter-book reports a failed Sphinx build as RuntimeError
        print(exc, file=sys.stderr)
        code = 1
    finally:
        jb_sphinx.build_sphinx = original
    if code:
        raise BuildError(f"jupyter-book build --builder {builder} failed (exit code {code})")


def build(root, out, *, builders=("html",), jobs=None):
    """Build the book at ``root`` into ``out/_build`` (emptied first) with each of ``builders``
    in turn (the later ones reuse the first one's doctrees); raise on any failure. Sphinx
    starts at once, alongside the notebooks' kernels, and waits for each notebook it reads."""
    build_dir = Path(out) / "_build"
    shutil.rmtree(build_dir, ignore_errors=True)
    cache_path = build_dir / ".jupyter_cache"
    executions = Executions(toc_notebooks(root), cache_path, jobs)
    try:
        with reading_from(executions):
            for builder in builders:
                sphinx_build(root, out, builder, cache_path)
    finally:
        executions.close()
    if executions.failed:
        raise BuildError(f"executing {', '.join(map(str, executions.failed))} failed")
    return build_dir


def remove_abandoned_scratch(build_root):
    """Delete scratch folders of builds that were killed (their process no longer exists)."""
    for folder in Path(build_root).glob(".next-*"):
        pid = folder.name.removeprefix(".next-")
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:
            pass  # another user's live build


def swap_into(build_dir, target):
    """Move the parts of a finished build from ``build_dir`` into ``target``, replacing what is
    there; each old part is renamed aside first and deleted only after the new one is in place."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    for name in BUILD_PARTS:
        new, old = Path(build_dir) / name, target / name
        if not new.exists():
            continue
        aside = target / f".old-{name.lstrip('.')}-{os.getpid()}"
        if old.exists():
            os.replace(old, aside)
        os.replace(new, old)
        shutil.rmtree(aside, ignore_errors=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=paths.ROOT)
    parser.add_argument("--path-output", type=Path, help="build into PATH/_build, no swap")
    parser.add_argument("--singlehtml", action="store_true", help="also the one-page edition")
    parser.add_argument("--jobs", type=int, default=None, help="kernels at once (default: cores)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    builders = ("html", "singlehtml") if args.singlehtml else ("html",)
    if args.path_output is not None:
        try:
            build(root, args.path_output.resolve(), builders=builders, jobs=args.jobs)
        except BuildError as exc:
            raise SystemExit(f"build failed: {exc}") from None
        return
    remove_abandoned_scratch(root / "_build")
    scratch = root / "_build" / f".next-{os.getpid()}"
    try:
        build_dir = build(root, scratch, builders=builders, jobs=args.jobs)
        swap_into(build_dir, root / "_build")
    except BuildError as exc:
        raise SystemExit(f"build failed, _build left as it was: {exc}") from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
