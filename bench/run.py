"""``make bench``: what the book costs to build, rebuild and test, and how verification scales.

Writes ``bench/results.json`` and ``bench/README.md``. Every headline figure is a ratio of two
timings taken in the same run, because absolute times on a shared machine are noise; the
absolute times are recorded too. Scratch files go to ``bench/tmp/`` (git-ignored). Nothing here
changes the checkout except ``_build/`` (the build tests rebuild it, as ``make test`` does) and,
briefly, a notebook's modification time (restored afterwards).

    python -m bench.run [--repeat N] [--sizes 10,100,1000]
"""

import argparse
import ast
import datetime as dt
import json
import os
import pickle
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import yaml
from nbclient import NotebookClient

from bench import mutation, record_cost, synthetic
from sahel.evidence import claims, coverage
from sahel.evidence.corpus import load_corpus
from sahel.evidence.tables import read_rows
from tooling import manifest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
TMP = BENCH / "tmp"
BIN = Path(sys.executable).parent
BUILD_FLAGS = ["-W", "-n", "--keep-going"]
SLOW_TEST = re.compile(r"\bbuilt\b|build_book\(|playwright")
GOALS = {
    "cold_over_floor": 1.0,
    "make_test_over_build_and_nbval": 2.5,
    "no_change_rebuild_s": 10.0,
    "nbval_s": 60.0,
    "scaling_over_grep": 3.0,
    "per_document_growth": 1.5,
    "record_s": record_cost.GOAL_S,
}


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(args, *, env=None, cwd=ROOT, cpu=None, output=None):
    """Run a command to completion; return its wall seconds. Fail loudly on error.

    If ``cpu`` is a list, the CPU seconds of the command and of every process it waited for
    (kernels included) are appended to it: less sensitive than wall time to a busy machine.
    """
    before = _children_cpu()
    start = time.perf_counter()
    result = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    seconds = time.perf_counter() - start
    if cpu is not None:
        cpu.append(_children_cpu() - before)
    if output is not None:
        output.append(result.stdout)
    if result.returncode != 0:
        TMP.mkdir(parents=True, exist_ok=True)
        (TMP / "failed.log").write_text(result.stdout, encoding="utf-8")
        raise SystemExit(
            f"bench: {' '.join(map(str, args))} failed (full output in bench/tmp/failed.log):\n"
            f"{result.stdout[-4000:]}"
        )
    return seconds


def build(source, out, cpu=None):
    """Plain ``jupyter-book build`` with the project's flags into ``out`` (MyST-NB executes the
    notebooks it reads, one after another); wall seconds."""
    args = [BIN / "jupyter-book", "build", source, *BUILD_FLAGS, "--path-output", out]
    return run(args, cpu=cpu)


EXECUTED = re.compile(r"^executed \d+ notebooks in ([\d.]+) s", re.M)


def make_book(out, cpu=None, executing=None):
    """The cold build ``make book`` runs (``tooling.build``: the notebooks executed in parallel,
    then Sphinx), into ``out``; wall seconds. The wall seconds of the parallel execution alone
    are appended to ``executing``."""
    output = []
    seconds = run(
        [sys.executable, "-m", "tooling.build", "--path-output", out], cpu=cpu, output=output
    )
    if executing is not None:
        executing.append(float(EXECUTED.search(output[0]).group(1)))
    return seconds


def fresh(path):
    shutil.rmtree(path, ignore_errors=True)
    return path


def median(values):
    return statistics.median(values)


# --- the floor: an empty book with the same config, plus each notebook's imports ------------


def book_notebooks():
    """The notebooks the book builds: ``notebooks/*.ipynb`` that ``_toc.yml`` lists."""
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    return [
        p
        for p in sorted((ROOT / "notebooks").glob("*.ipynb"))
        if re.search(rf"\bnotebooks/{re.escape(p.stem)}(\.ipynb)?\s*$", toc, re.M)
    ]


def import_statements(notebook):
    """Every top-level import statement of a notebook's code cells, in order."""
    lines = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                lines.append(ast.get_source_segment(cell.source, node))
    return "\n".join(lines)


def floor_book(dest, notebooks):
    """A book with the project's config and intro stub; one imports-only page per notebook."""
    fresh(dest)
    (dest / "book").mkdir(parents=True)
    shutil.copy(ROOT / "_config.yml", dest / "_config.yml")
    for asset in (ROOT / "book").iterdir():  # files the config names: bibliography, favicon
        if asset.is_file() and asset.suffix != ".md":
            shutil.copy(asset, dest / "book" / asset.name)
    if (ROOT / "_static").is_dir():
        shutil.copytree(ROOT / "_static", dest / "_static")
    # the config's Sphinx extensions are loaded from folders relative to the book (tooling/)
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    for folder in sorted(set(config.get("sphinx", {}).get("local_extensions", {}).values())):
        shutil.copytree(ROOT / folder, dest / folder, ignore=shutil.ignore_patterns("__pycache__"))
    (dest / "book" / "intro.md").write_text("# Floor\n\nAn empty page.\n", encoding="utf-8")
    toc = ["format: jb-book", "root: book/intro"]
    imports = {}
    if notebooks:
        (dest / "notebooks").mkdir()
        toc.append("chapters:")
    for path in notebooks:
        original = nbformat.read(path, as_version=4)
        code = import_statements(original)
        imports[path.name] = code
        floor = nbformat.v4.new_notebook(metadata=original.metadata)
        floor.cells = [
            nbformat.v4.new_markdown_cell(f"# Floor of {path.stem}"),
            nbformat.v4.new_code_cell(code),
        ]
        nbformat.write(floor, dest / "notebooks" / path.name)
        toc.append(f"  - file: notebooks/{path.stem}")
    (dest / "_toc.yml").write_text("\n".join(toc) + "\n", encoding="utf-8")
    return imports


def exec_runtimes(out):
    """Seconds MyST-NB spent executing each notebook in the build at ``out``."""
    with (out / "_build" / ".doctrees" / "environment.pickle").open("rb") as handle:
        env = pickle.load(handle)
    return {
        doc: round(data["exec_data"]["runtime"], 3)
        for doc, data in sorted(getattr(env, "nb_metadata", {}).items())
        if data.get("exec_data")
    }


def html_sizes(html):
    files = [p for p in html.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html"]
    largest = max(pages, key=lambda p: p.stat().st_size)
    return {
        "files": len(files),
        "total_bytes": sum(p.stat().st_size for p in files),
        "pages": len(pages),
        "largest_page": largest.relative_to(html).as_posix(),
        "largest_page_bytes": largest.stat().st_size,
    }


def measure_builds(repeat, repeat_rebuilds):
    notebooks = book_notebooks()
    imports = floor_book(TMP / "floor-src", notebooks)
    floor_book(TMP / "empty-src", [])
    cold_out = TMP / "cold"
    rounds = {"cold": [], "floor": [], "empty": []}
    cpu = {"cold": [], "floor": [], "empty": []}
    manifests, book_runs, floor_runs, executing = [], [], [], []
    for i in range(repeat):
        log(f"build round {i + 1}/{repeat}: cold book (make book), floor, empty book")
        rounds["cold"].append(make_book(fresh(cold_out), cpu["cold"], executing))
        manifests.append(manifest.manifest(cold_out / "_build" / "html"))
        book_runs.append(exec_runtimes(cold_out))
        rounds["floor"].append(build(TMP / "floor-src", fresh(TMP / "floor-out"), cpu["floor"]))
        floor_runs.append(exec_runtimes(TMP / "floor-out"))
        rounds["empty"].append(build(TMP / "empty-src", fresh(TMP / "empty-out"), cpu["empty"]))
    book_exec = {doc: median([run[doc] for run in book_runs]) for doc in book_runs[0]}
    floor_exec = {doc: median([run[doc] for run in floor_runs]) for doc in floor_runs[0]}
    cold, floor = median(rounds["cold"]), median(rounds["floor"])
    paired = [c / f for c, f in zip(rounds["cold"], rounds["floor"], strict=True)]
    html = cold_out / "_build" / "html"
    reference = manifests[0]
    result = {
        "notebooks": [p.name for p in notebooks],
        "floor_imports": imports,
        "cold_s": rounds["cold"],
        "floor_s": rounds["floor"],
        "empty_book_s": rounds["empty"],
        "cold_median_s": cold,
        "floor_median_s": floor,
        "empty_book_median_s": median(rounds["empty"]),
        # each cold build is paired with the floor build right after it, so a change in the
        # machine's load between rounds cancels out; the goal uses the median of those ratios
        "cold_over_floor": median(paired),
        "cold_over_floor_per_round": paired,
        "cold_median_over_floor_median": cold / floor,
        "cpu_s": cpu,
        "cold_over_floor_cpu": median(cpu["cold"]) / median(cpu["floor"]),
        "notebook_exec_s": {
            doc: {"book": seconds, "floor": floor_exec.get(doc)}
            for doc, seconds in book_exec.items()
        },
        # make book executes the notebooks in parallel while Sphinx runs; "outside" is the
        # time from the start of the build to the last notebook's end, subtracted
        "cold_parallel_execution_s": executing,
        "cold_parallel_execution_median_s": median(executing),
        "cold_outside_notebooks_s": median(
            [t - e for t, e in zip(rounds["cold"], executing, strict=True)]
        ),
        "floor_outside_notebooks_s": median(
            [t - sum(run.values()) for t, run in zip(rounds["floor"], floor_runs, strict=True)]
        ),
        "cold_builds_identical": all(not manifest.differences(reference, m) for m in manifests[1:]),
        "html": html_sizes(html),
    }

    # Rebuilds are incremental `jupyter-book build`s (what a writer runs while editing); they
    # start from a serial cold build, which must also equal the parallel ones byte for byte.
    log("serial cold build (plain jupyter-book build), then rebuilds of it")
    serial_out = TMP / "serial"
    result["serial_cold_s"] = build(ROOT, fresh(serial_out))
    book_runs.append(exec_runtimes(serial_out))
    cold_out, html = serial_out, serial_out / "_build" / "html"
    result["serial_equals_parallel"] = not manifest.differences(reference, manifest.manifest(html))
    log("rebuilds: no change, then each notebook touched")
    no_change, identical = [], True
    for _ in range(repeat_rebuilds):
        no_change.append(build(ROOT, cold_out))
        identical &= not manifest.differences(reference, manifest.manifest(html))
    executed_on_no_change = exec_runtimes(cold_out) != book_runs[-1]
    touched, reexecuted = {}, {}
    for path in notebooks:
        stat, before = path.stat(), exec_runtimes(cold_out)
        try:
            os.utime(path)
            touched[path.name] = build(ROOT, cold_out)
        finally:
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        after = exec_runtimes(cold_out)
        reexecuted[path.name] = sorted(d for d in after if after[d] != before.get(d))
        identical &= not manifest.differences(reference, manifest.manifest(html))
    result["rebuild"] = {
        "no_change_s": no_change,
        "no_change_median_s": median(no_change),
        "touched_one_notebook_s": touched,
        "touched_max_s": max(touched.values()) if touched else None,
        "touched_reexecuted": reexecuted,
        "identical_to_cold_build": identical,
        "executed_on_no_change": executed_on_no_change,
    }
    return result


# --- where a notebook's time goes: kernel start-up and each cell ------------------------------


def _stamp(text):
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def profile_notebooks(repeat):
    def execute(notebook, folder):
        client = NotebookClient(
            notebook,
            timeout=300,
            kernel_name="python3",
            resources={"metadata": {"path": str(folder)}},
            record_timing=True,
        )
        start = time.perf_counter()
        client.execute()
        return time.perf_counter() - start

    empty = [execute(nbformat.v4.new_notebook(), ROOT / "notebooks") for _ in range(repeat)]
    profile = {"kernel_start_and_stop_s": median(empty), "notebooks": {}}
    for path in book_notebooks():
        log(f"profiling cells of {path.name}")
        notebook = nbformat.read(path, as_version=4)
        total = execute(notebook, path.parent)
        cells = []
        for index, cell in enumerate(notebook.cells):
            timing = cell.get("metadata", {}).get("execution")
            if cell.cell_type != "code" or not timing:
                continue
            seconds = (
                _stamp(timing["shell.execute_reply"]) - _stamp(timing["iopub.execute_input"])
            ).total_seconds()
            first = next((line for line in cell.source.splitlines() if line.strip()), "")
            cells.append({"cell": index, "seconds": round(seconds, 3), "first_line": first})
        slowest = max(cells, key=lambda c: c["seconds"]) if cells else None
        profile["notebooks"][path.name] = {
            "total_s": total,
            "cells": cells,
            "slowest_cell": slowest,
        }
    return profile


# --- tests -------------------------------------------------------------------------------------


def measure_tests(repeat):
    """nbval and the fast tests (medians of ``repeat`` rounds), then `make test` once: the whole
    suite as CI runs it (one book build, browser, PDF and reproducibility checks included)."""
    tests = sorted((ROOT / "tests").glob("test_*.py"))
    slow = [p for p in tests if SLOW_TEST.search(p.read_text(encoding="utf-8"))]
    pytest = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q"]
    unit_args = [*pytest, "-p", "no:nbval", "-o", "addopts=", "tests"]
    unit_args += [f"--ignore={p.relative_to(ROOT)}" for p in slow]
    nbval, unit = [], []
    for i in range(repeat):
        log(f"tests round {i + 1}/{repeat}: nbval over the notebooks, pytest without nbval")
        # nbval as it always ran: the notebooks one after another, in one process (`-n 0`)
        nbval.append(run([*pytest, "-n", "0", "notebooks"]))
        unit.append(run(unit_args))
    log("make test (python -m pytest, as the Makefile runs it) once")
    output = []
    make_test = run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "--durations=8"],
        output=output,
    )
    slowest = [
        {"seconds": float(m.group(1)), "phase": m.group(2), "test": m.group(3)}
        for m in re.finditer(r"^([\d.]+)s (setup|call|teardown)\s+(\S+)", output[0], re.M)
    ]
    return {
        "make_test_s": make_test,
        "make_test_slowest": slowest,
        "make_test_summary": output[0].strip().splitlines()[-1],
        "nbval_s": nbval,
        "nbval_median_s": median(nbval),
        "unit_without_nbval_s": unit,
        "unit_without_nbval_median_s": median(unit),
        "slow_files": [p.relative_to(ROOT).as_posix() for p in slow],
    }


# --- corpus scaling ------------------------------------------------------------------------


def _grep(corpus):
    """``grep -F -f quotes.txt`` over the corpus files; (wall seconds, CPU seconds)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        ["grep", "-F", "-r", "-f", str(corpus.quotes), str(corpus.seeds)],
        stdout=subprocess.DEVNULL,
        env={"LC_ALL": "C", "PATH": os.environ["PATH"]},
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit("bench: grep found no quote in the synthetic corpus")
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def _verify(corpus):
    """Registry load + sha256 checks, claim verification, coverage scan: phase wall seconds."""
    marks = [time.perf_counter()]
    documents = load_corpus(corpus.registry, corpus.seeds)
    marks.append(time.perf_counter())
    ledger = claims.load_ledger(corpus.ledger, documents)
    marks.append(time.perf_counter())
    exclusions = coverage.load_exclusions(documents, corpus.exclusions_csv)
    tokens = coverage.scan(documents, ledger, exclusions)
    marks.append(time.perf_counter())
    if len(ledger) != corpus.claims or any(t.status == "unaccounted" for t in tokens):
        raise SystemExit(f"bench: synthetic corpus of {corpus.documents} did not verify")
    phases = ("corpus_s", "ledger_s", "coverage_s")
    return {p: b - a for p, a, b in zip(phases, marks[:-1], marks[1:], strict=True)}, len(tokens)


def measure_scaling(sizes, repeat):
    rows = []
    for n in sizes:
        corpus = synthetic.generate(n, fresh(TMP / f"corpus-{n}"))
        log(f"scaling: {n} documents, {corpus.claims} claims, {corpus.bytes:,} bytes")
        best, grep_wall, grep_cpu, cpu = None, [], [], []
        for _ in range(repeat):
            wall, child = _grep(corpus)
            grep_wall.append(wall)
            grep_cpu.append(child)
            start_cpu = time.process_time()
            phases, tokens = _verify(corpus)
            cpu.append(time.process_time() - start_cpu)
            if best is None or sum(phases.values()) < sum(best.values()):
                best = phases
        total = sum(best.values())
        parse = []
        for _ in range(repeat):
            start = time.perf_counter()
            read_rows(corpus.ledger, claims.COLUMNS, error=claims.ClaimError)
            parse.append(time.perf_counter() - start)
        rows.append(
            {
                "documents": n,
                "bytes": corpus.bytes,
                "claims": corpus.claims,
                "exclusions": corpus.exclusions,
                "digit_tokens": tokens,
                "phases_s": best,
                "total_s": total,
                "total_cpu_s": min(cpu),
                "grep_s": min(grep_wall),
                "grep_cpu_s": min(grep_cpu),
                "per_document_ms": 1000 * total / n,
                "over_grep": total / min(grep_wall),
                "csv_parse_s": min(parse),
                "csv_parse_over_grep": min(parse) / min(grep_wall),
                "cpu_over_grep_cpu": min(cpu) / min(grep_cpu) if min(grep_cpu) else None,
            }
        )
    growth = [
        b["per_document_ms"] / a["per_document_ms"] for a, b in zip(rows, rows[1:], strict=False)
    ]
    grep_version = subprocess.run(["grep", "--version"], capture_output=True, text=True)
    return {
        "grep": "LC_ALL=C " + grep_version.stdout.splitlines()[0] + " -F -r -f quotes.txt",
        "sizes": rows,
        "per_document_growth": growth,
    }


# --- report --------------------------------------------------------------------------------


def machine():
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        (
            int(line.split()[1]) // 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        None,
    )
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_mib": memory,
        "system": platform.platform(),
        "python": platform.python_version(),
        "load_average_at_start": os.getloadavg(),
    }


def goals(results):
    build, tests, scaling = results["build"], results["tests"], results["scaling"]
    largest = scaling["sizes"][-1]
    growth = max(scaling["per_document_growth"]) if scaling["per_document_growth"] else None
    rows = [
        (
            "`make test` ≤ 2.5× (cold build + nbval) (wall clock, same run)",
            tests["make_test_s"] / (build["cold_median_s"] + tests["nbval_median_s"]),
            "×",
            GOALS["make_test_over_build_and_nbval"],
        ),
        (
            "cold `make book` ≤ 1.0× its serial floor (wall clock, median of paired rounds)",
            build["cold_over_floor"],
            "×",
            GOALS["cold_over_floor"],
        ),
        (
            "no-change rebuild ≤ 10 s",
            build["rebuild"]["no_change_median_s"],
            " s",
            GOALS["no_change_rebuild_s"],
        ),
        ("nbval over all notebooks ≤ 60 s", tests["nbval_median_s"], " s", GOALS["nbval_s"]),
        (
            "verification time per document grows ≤ 1.5× per 10× more documents (linear)",
            growth,
            "×",
            GOALS["per_document_growth"],
        ),
        (
            f"verification of {largest['documents']:,} documents ≤ 3× grep -F -f",
            largest["over_grep"],
            "×",
            GOALS["scaling_over_grep"],
        ),
    ]
    rows.append(
        (
            "loading and aggregating the public record ≤ 2 s (median of fresh processes)",
            results["record"]["total_median_s"],
            " s",
            GOALS["record_s"],
        )
    )
    timed = [
        {
            "goal": g,
            "measured": None if v is None else round(v, 2),
            "unit": u.strip(),
            "limit": limit,
            "met": v is not None and v <= limit,
        }
        for g, v, u, limit in rows
    ]
    if results.get("mutation"):
        timed.append(mutation.goal(results["mutation"]))
    return timed


def _by(goal):
    """'met, 0.3× to spare' or 'missed by 0.3×'."""
    gap = abs(goal["limit"] - goal["measured"])
    unit = goal["unit"] if goal["unit"] == "×" else " " + goal["unit"]
    return f"met, {gap:.2f}{unit} to spare" if goal["met"] else f"**missed by {gap:.2f}{unit}**"


def explain(results):
    """Why the two headline goals are met or missed, from this run's figures."""
    b, t = results["build"], results["tests"]
    test_goal, build_goal = results["goals"][0], results["goals"][1]
    kernel = sum(x["book"] for x in b["notebook_exec_s"].values())
    slowest = t["make_test_slowest"][0] if t["make_test_slowest"] else None
    return [
        f"- **`make test`**: {t['make_test_s']:.0f} s against a cold build "
        f"({b['cold_median_s']:.1f} s) plus nbval ({t['nbval_median_s']:.1f} s): "
        f"{test_goal['measured']}× ({_by(test_goal)}). Beyond those two, `make test` runs a "
        "second, serial build (the byte-identical check; building the one-page edition for "
        "the PDF shares the session's build), the browser checks (every page at two widths, "
        "axe-core once per page, screenshots), the PDF print, the checks' own throw-away "
        f"books and sites, and the unit tests ({t['unit_without_nbval_median_s']:.1f} s). "
        "The two pytest-xdist workers share the two cores with the builds' kernels and "
        "Chromium; the worker holding the book is the critical path: "
        + (
            f"{slowest['seconds']:.0f} s in the {slowest['phase']} of `{slowest['test']}` "
            "(the session build, then every page loaded at both widths in Chromium)"
            if slowest
            else "see the slowest steps below"
        )
        + ". What is left to cut is mostly the browser's page loads and screenshots, which "
        "need CPU the machine does not have to spare while the other worker runs nbval and the "
        "failing-build checks; the slowest steps are listed below.",
        f"- **Cold `make book`**: {b['cold_median_s']:.1f} s against the serial floor "
        f"({b['floor_median_s']:.1f} s): {build_goal['measured']}× ({_by(build_goal)}). "
        f"`make book` runs the {len(b['notebooks'])} notebooks in a process pool, one kernel "
        f"per core ({b['cold_parallel_execution_median_s']:.1f} s of wall clock for "
        f"{kernel:.1f} s of kernel time), while Sphinx, started at the same time, reads each "
        "one from the cache as soon as it is executed and finishes "
        f"{b['cold_outside_notebooks_s']:.1f} s after the last; the floor runs its imports-only "
        "notebooks one after another. CPU time is not lower in parallel (cold "
        f"{median(b['cpu_s']['cold']):.1f} s, floor {median(b['cpu_s']['floor']):.1f} s, "
        f"{b['cold_over_floor_cpu']:.2f}×): the gain is using both cores, so on a machine "
        "busy with other builds the ratio moves with the load.",
        f"- **Public record**: reading every registered file of `data/record/` through its "
        f"strict loader and running the chapters' aggregations takes "
        f"{results['record']['total_median_s']:.2f} s in a fresh process (median of "
        f"{len(results['record']['runs'])}; goal ≤ {GOALS['record_s']:.0f} s), "
        f"{results['record']['total_median_s'] / b['cold_median_s']:.0%} of the cold build's "
        "wall clock if it ran alone (in `make book` it runs inside the notebooks, in parallel). "
        f"Importing pandas and the package first ({results['record']['import_median_s']:.1f} s) "
        "is not counted: the serial floor already pays it (`bench/record_cost.py`).",
    ]


def _seconds(value):
    return f"{value:.1f}"


def readme(results):
    b, r, t, s = results["build"], results["build"]["rebuild"], results["tests"], results["scaling"]
    m, profile = results["machine"], results["profile"]
    big = s["sizes"][-1]
    lines = [
        "# Benchmarks",
        "",
        f"Written by `make bench` (`bench/run.py`) on {results['date']} at commit "
        f"`{results['commit'][:10]}`; every figure here is in `results.json`. Machine: "
        f"{m['cpus']} CPUs ({m['cpu']}), {m['memory_mib']:,} MiB, {m['system']}, Python "
        f"{m['python']}, load average {m['load_average_at_start'][0]:.2f} at the start. The "
        "machine is shared, so absolute times are noise; the goals are ratios of timings taken "
        f"in the same run (medians of {results['repeat_builds']} interleaved rounds for builds, "
        f"{results['repeat']} for rebuilds and tests, best of {results['repeat_scaling']} for "
        "the corpus).",
        "",
        "| Goal | Measured | Met |",
        "|---|---|---|",
    ]
    for goal in results["goals"]:
        unit = goal["unit"] if goal["unit"] == "×" else " " + goal["unit"]
        met = "yes" if goal["met"] else "**no**"
        lines.append(f"| {goal['goal']} | {goal['measured']}{unit} | {met} |")
    lines += ["", *explain(results)]
    lines += [
        "",
        "| Measure | Seconds |",
        "|---|---|",
        f"| Cold build (`make book`: notebooks executed in parallel, then Sphinx) | "
        f"{_seconds(b['cold_median_s'])} |",
        f"| Cold build, serial (plain `jupyter-book build`, MyST-NB executes) | "
        f"{_seconds(b['serial_cold_s'])} |",
        f"| Floor: same config, an imports-only notebook per chapter | "
        f"{_seconds(b['floor_median_s'])} |",
        f"| Empty book, same config | {_seconds(b['empty_book_median_s'])} |",
        f"| No-change rebuild | {_seconds(r['no_change_median_s'])} |",
        f"| Public record: every file through its strict loader "
        f"({', '.join(results['record']['read'])}) | {results['record']['load_s']:.2f} |",
        *(
            f"| Public record: aggregation for {name} | {seconds:.2f} |"
            for name, seconds in results["record"]["aggregate_s"].items()
        ),
    ]
    lines += [
        f"| Rebuild after touching `notebooks/{name}` | {_seconds(seconds)} |"
        for name, seconds in r["touched_one_notebook_s"].items()
    ]
    lines += [
        f"| nbval over all notebooks | {_seconds(t['nbval_median_s'])} |",
        f"| pytest without nbval or the build tests | "
        f"{_seconds(t['unit_without_nbval_median_s'])} |",
        f"| `make test` (`python -m pytest`: {t['make_test_summary'].strip('= ')}) | "
        f"{_seconds(t['make_test_s'])} |",
        "",
        "The slowest steps of that `make test` (a session fixture's setup counts once, in the "
        "first test that needs it): "
        + "; ".join(
            f"{x['seconds']:.1f} s {x['phase']} of `{x['test']}`" for x in t["make_test_slowest"]
        )
        + ".",
        "",
        "Wall-clock cold / floor in each round (a cold build and the floor build right after "
        "it): "
        + ", ".join(f"{x:.2f}×" for x in b["cold_over_floor_per_round"])
        + "; the spread is the machine's load. CPU time, which a busy machine disturbs less: "
        f"cold {median(b['cpu_s']['cold']):.1f} s, floor {median(b['cpu_s']['floor']):.1f} s.",
        "",
        f"Output: `_build/html` holds {b['html']['files']} files, "
        f"{b['html']['total_bytes'] / 1e6:.1f} MB; the largest page is "
        f"`{b['html']['largest_page']}` ({b['html']['largest_page_bytes'] / 1e3:.0f} kB). "
        f"Byte-identical (sha256 of every file): the {results['repeat_builds']} cold builds "
        f"{'agree' if b['cold_builds_identical'] else 'DIFFER'}, the serial build "
        f"{'equals them' if b['serial_equals_parallel'] else 'DIFFERS'}; every rebuild "
        f"{'equals' if r['identical_to_cold_build'] else 'DIFFERS from'} the cold build.",
        "",
        "A no-change rebuild "
        + ("re-executes notebooks" if r["executed_on_no_change"] else "executes no notebook")
        + ": `execute_notebooks: force` applies to every notebook Sphinx reads, and Sphinx "
        "reads only documents whose source or dependencies changed. After a notebook is "
        "touched, the rebuild re-executes "
        + (
            "that notebook alone"
            if all(d == [f"notebooks/{Path(n).stem}"] for n, d in r["touched_reexecuted"].items())
            else f"these notebooks: {r['touched_reexecuted']}"
        )
        + ". Rebuilds are measured on the serial build (plain `jupyter-book build`, as while "
        "editing); `make book` builds from nothing in a scratch folder every time, so it is "
        "always a cold build, and swaps the result into `_build` only if it succeeded.",
        "",
        "Where the cold build's time goes (medians over the rounds): each notebook's kernel "
        "time (in `make book` they run in parallel, so they overlap), book vs floor, and the "
        "rest of the build (for the book: after the last notebook finished); the slowest cell "
        "comes from a "
        f"separate run with per-cell timing. A bare kernel starts and stops in "
        f"{profile['kernel_start_and_stop_s']:.2f} s.",
        "",
        "| Notebook | Book s | Floor s | Slowest cell |",
        "|---|---|---|---|",
    ]
    for doc, seconds in b["notebook_exec_s"].items():
        cell = profile["notebooks"].get(doc.split("/")[-1] + ".ipynb", {}).get("slowest_cell")
        where = ""
        if cell:
            where = f"cell {cell['cell']}, {cell['seconds']:.2f} s: `{cell['first_line']}`"
        lines.append(f"| {doc} | {seconds['book']:.2f} | {seconds['floor']:.2f} | {where} |")
    lines += [
        f"| outside notebooks | {b['cold_outside_notebooks_s']:.2f} | "
        f"{b['floor_outside_notebooks_s']:.2f} | |",
        "",
        "Corpus scaling: synthetic corpora from `bench.synthetic`, verified with the project's "
        "functions: `load_corpus` (registry, sha256, UTF-8), `load_ledger` (every claim), "
        f"`load_exclusions` + `scan` (every digit token and number word). Floor: `{s['grep']}`.",
        "",
        "| Documents | Claims | Corpus s | Ledger s | Coverage s | Total s | ms / document "
        "| grep s | × grep |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in s["sizes"]:
        p = row["phases_s"]
        lines.append(
            f"| {row['documents']:,} | {row['claims']:,} | {p['corpus_s']:.3f} | "
            f"{p['ledger_s']:.3f} | {p['coverage_s']:.3f} | {row['total_s']:.3f} | "
            f"{row['per_document_ms']:.2f} | {row['grep_s']:.3f} | {row['over_grep']:.1f} |"
        )
    lines += [
        "",
        "Time per document changes by "
        + ", ".join(
            f"{g:.2f}× from {a['documents']:,} to {b_['documents']:,} documents"
            for g, a, b_ in zip(s["per_document_growth"], s["sizes"], s["sizes"][1:], strict=False)
        )
        + (
            " (linear growth)"
            if all(g <= GOALS["per_document_growth"] for g in s["per_document_growth"])
            else " (NOT linear)"
        )
        + f". At {big['documents']:,} documents, only parsing `claims.csv` with Python's `csv` "
        f"module (no checks) takes {big['csv_parse_s']:.3f} s, "
        f"{big['csv_parse_over_grep']:.1f}× grep; "
        "the rest is per-claim and per-token Python work (see the README's Performance section).",
        "",
    ]
    lines += mutation.readme_lines(results.get("mutation"))
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="rounds per test and rebuild")
    parser.add_argument("--repeat-builds", type=int, default=5, help="rounds of cold/floor builds")
    parser.add_argument("--repeat-scaling", type=int, default=5, help="rounds per corpus size")
    parser.add_argument("--sizes", default="10,100,1000", help="synthetic corpus sizes")
    args = parser.parse_args(argv)
    TMP.mkdir(parents=True, exist_ok=True)
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    results = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit,
        "machine": machine(),
        "repeat": args.repeat,
        "repeat_builds": args.repeat_builds,
        "repeat_scaling": args.repeat_scaling,
    }
    sizes = [int(n) for n in args.sizes.split(",")]
    results["scaling"] = measure_scaling(sizes, args.repeat_scaling)
    results["build"] = measure_builds(args.repeat_builds, args.repeat)
    results["profile"] = profile_notebooks(args.repeat)
    results["tests"] = measure_tests(args.repeat)
    log("record: loading and aggregating the public record in fresh processes")
    results["record"] = record_cost.measure(args.repeat_scaling)
    results["mutation"] = mutation.load()  # written by make mutation (too long to run here)
    results["goals"] = goals(results)
    (BENCH / "results.json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (BENCH / "README.md").write_text(readme(results), encoding="utf-8")
    for goal in results["goals"]:
        log(f"{'met   ' if goal['met'] else 'MISSED'} {goal['goal']}: {goal['measured']}")


if __name__ == "__main__":
    main()
