"""The book's build (``make book``): every notebook executed fresh, in parallel, then Sphinx.

``python -m tooling.build`` builds into a scratch folder (``_build/.next-PID``) and, only if the
build succeeds, moves the result into ``_build/`` (``html``, the caches beside it), so a failed
build leaves the last good book in place. ``--path-output OUT`` does the same into
``OUT/_build`` (the test session's own build). An interrupted build (Ctrl-C, SIGTERM, SIGHUP)
stops its notebook workers and kernels and removes its scratch folder; a killed one (``kill
-9``) too: its workers die with it (``PR_SET_PDEATHSIG``), their kernels with them, and a
watcher process removes the scratch folder (:func:`build_and_swap`);
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
import ctypes
import os
import shutil
import signal
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


class Interrupted(BaseException):
    """The build was asked to stop (SIGTERM, SIGHUP): unwinds like Ctrl-C, so every scratch
    folder is removed and every kernel stopped on the way out."""


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(sig=signal.SIGKILL):
    """Ask Linux to send ``sig`` to this process when its parent dies (a no-op elsewhere), so a
    killed build leaves no worker running; a kernel stops when its worker goes (ipykernel
    watches its parent)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0)


def _worker_init():
    """A notebook worker: default signal handling (not the build's), dies with the build."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    die_with_parent()


def descendants(pid):
    """The process ids below ``pid`` (children, their children, ...), read from /proc."""
    children = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def kill_tree(pid):
    """SIGKILL ``pid`` and every process below it."""
    for target in [*descendants(pid), pid]:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(target, signal.SIGKILL)


def _raise_interrupted(signum, frame):
    raise Interrupted(f"stopped by signal {signal.Signals(signum).name}")


@contextlib.contextmanager
def stoppable():
    """SIGTERM and SIGHUP stop the build as Ctrl-C does (the ``finally`` blocks run)."""
    signals = (signal.SIGTERM, signal.SIGHUP)
    previous = {sig: signal.signal(sig, _raise_interrupted) for sig in signals}
    # Ctrl-C too, even when the build was started with SIGINT ignored (a test runner's worker,
    # a script's background job): Python then installs no handler of its own, and the build
    # would run on through Ctrl-C.
    previous[signal.SIGINT] = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def scratch_guard(folder):
    """Fork a watcher that removes ``folder`` if this process dies without removing it (a
    ``kill -9``: no ``finally`` runs); returns its pid, for :func:`release_guard`."""
    parent = os.getpid()
    pid = os.fork()
    if pid:
        return pid
    try:  # the watcher: wakes when the build ends, however it ends
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGTERM])
        die_with_parent(signal.SIGTERM)
        while os.getppid() == parent:
            signal.sigtimedwait([signal.SIGTERM], 1.0)
        shutil.rmtree(folder, ignore_errors=True)
    finally:
        os._exit(0)


def release_guard(pid):
    """Stop the watcher of :func:`scratch_guard` (its build removed its folder itself)."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


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


def _shown_path(path):
    """``path`` relative to the current folder where it lies below it (as a reader typed it)."""
    path = Path(path).resolve()
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _execute(path):
    """Run one notebook as MyST-NB would (kernel in the notebook's folder); return
    (path, executed notebook or None, seconds, error text or None)."""
    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution

    from tooling import kernels

    notebook = nbformat.read(path, as_version=4)
    with kernels.manager() as km:
        result = single_nb_execution(
            notebook, cwd=str(Path(path).parent), timeout=TIMEOUT, allow_errors=False, km=km
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
        self.pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init)
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
        # the build's progress, a line per notebook (printed here, in the main thread)
        state = "FAILED" if error is not None else f"{seconds:.1f} s"
        print(f"executed {_shown_path(path)} ({state})", flush=True)
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

    def abort(self):
        """Stop every worker and kernel now (a build interrupted or failed)."""
        for process in list((getattr(self.pool, "_processes", None) or {}).values()):
            kill_tree(process.pid)
        self.pool.shutdown(wait=True, cancel_futures=True)

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
    """What ``jupyter-book build ROOT -W -n --keep-going --path-output OUT --builder BUILDER``
    runs (Jupyter Book's own ``build_sphinx``, with the options its command line derives for a
    book), with MyST-NB reading the notebooks from ``cache_path``; Sphinx's progress and the
    extensions' configuration dumps are not printed (``quiet``), its warnings are. Jupyter
    Book's command-line banners are not printed either: they would name the scratch folder,
    gone by the time a reader sees them (``main`` names the book's real place). Raises
    BuildError on failure."""
    from jupyter_book.sphinx import build_sphinx

    root = Path(root)
    overrides = {
        "external_toc_path": (root / "_toc.yml").as_posix(),
        "latex_individualpages": False,
        "nitpicky": True,  # -n
        "nb_execution_mode": "cache",
        "nb_execution_cache_path": str(cache_path),
    }
    result = build_sphinx(
        root,
        Path(out) / "_build" / builder,
        use_external_toc=True,
        noconfig=True,
        path_config=str(root / "_config.yml"),
        confoverrides=overrides,
        builder=builder,
        warningiserror=True,  # -W
        keep_going=True,  # --keep-going
        freshenv=False,
        verbosity=0,
        quiet=True,
        really_quiet=False,
    )
    if isinstance(result, Exception):
        print(f"Sphinx failed ({builder}): {result}", file=sys.stderr)
        raise BuildError(f"Sphinx ({builder}) failed: {result}")
    if result:
        raise BuildError(f"Sphinx ({builder}) failed (exit code {result}); see above")


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
    except BaseException:
        executions.abort()
        raise
    finally:
        executions.close()
    if executions.failed:
        raise BuildError(f"executing {', '.join(map(str, executions.failed))} failed")
    return build_dir


def _alive(pid):
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's live build
    return True


def remove_abandoned_scratch(build_root):
    """Delete the scratch folders of builds that were killed (their process no longer exists),
    and finish a swap a killed build left half done (a part renamed aside, ``.old-NAME-PID``:
    put back if its place is empty, else deleted)."""
    build_root = Path(build_root)
    for folder in build_root.glob(".next-*"):
        pid = folder.name.removeprefix(".next-")
        if pid.isdigit() and not _alive(pid):
            shutil.rmtree(folder, ignore_errors=True)
    for aside in build_root.glob(".old-*-*"):
        name, _, pid = aside.name.removeprefix(".old-").rpartition("-")
        if not pid.isdigit() or _alive(pid):
            continue
        part = build_root / next((p for p in BUILD_PARTS if p.lstrip(".") == name), name)
        if part.exists():
            shutil.rmtree(aside, ignore_errors=True)
        else:
            os.replace(aside, part)


@contextlib.contextmanager
def signals_held():
    """Hold Ctrl-C, SIGTERM and SIGHUP until the block is done (delivered after it)."""
    held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


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


def build_and_swap(root, target, *, builders=("html",), jobs=None, make=None):
    """Build into a scratch folder ``target/.next-PID`` and, only if the build succeeds, swap
    its parts into ``target``: a failed, interrupted or killed build leaves ``target`` as it
    was, and no scratch folder (a watcher removes it even after ``kill -9``) and no process
    behind. ``make(root, scratch, builders=…, jobs=…)`` builds (default :func:`build`) and
    returns the folder whose parts are swapped in."""
    make = make or build
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    remove_abandoned_scratch(target)
    scratch = target / f".next-{os.getpid()}"
    guard = scratch_guard(scratch)
    try:
        with stoppable():
            made = make(root, scratch, builders=builders, jobs=jobs)
            with signals_held():  # a swap is never left half done by a signal
                swap_into(made, target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        release_guard(guard)
    return target


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=paths.ROOT)
    parser.add_argument(
        "--path-output", type=Path, help="build into PATH/_build (swapped in on success)"
    )
    parser.add_argument("--singlehtml", action="store_true", help="also the one-page edition")
    parser.add_argument("--jobs", type=int, default=None, help="kernels at once (default: cores)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    builders = ("html", "singlehtml") if args.singlehtml else ("html",)
    out = root if args.path_output is None else args.path_output.resolve()
    try:
        build_and_swap(root, out / "_build", builders=builders, jobs=args.jobs)
        for builder in builders:
            print(f"The book ({builder}) is in {_shown_path(out / '_build' / builder)}: open "
                  f"{_shown_path(out / '_build' / builder / 'index.html')}", flush=True)
    except BuildError as exc:
        raise SystemExit(f"build failed, {out / '_build'} left as it was: {exc}") from None
    except (Interrupted, KeyboardInterrupt) as exc:
        raise SystemExit(f"build stopped, {out / '_build'} left as it was: {exc}") from None
    except OSError as exc:  # a read-only or full output folder: named, not a traceback
        raise SystemExit(f"build failed, {out / '_build'} left as it was: {exc}") from None


if __name__ == "__main__":
    sys.exit(main())
