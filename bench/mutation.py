"""The mutation score of the fast tests over the evidence engine, the chapters and the evidence
links (``make mutation``; goal: at least 85% of mutants killed).

``python -m bench.mutation [MUTANT-GLOB ...]`` runs mutmut (requirements-dev.txt; configured in
``setup.cfg``: which modules are mutated, which tests run) in the checkout, then reads its
results (``mutants/**/*.meta``) and writes ``bench/mutation.json``: the counts by status, the
score, the wall time and every surviving mutant with its diff and the reason it survives, from
``bench/mutation_reasons.csv`` (``mutant,reason``: an equivalent mutant, or the test to add).
A survivor without a reason there is listed as "unexplained". ``make bench`` copies the score
and the survivors into bench/README.md. Globs (e.g. ``'sahel.chapters.reconciliation.*'``) run
a subset: the JSON then says which.
"""

import csv
import datetime as dt
import json
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULT = BENCH / "mutation.json"
REASONS = BENCH / "mutation_reasons.csv"
GOAL = 0.85
KILLED = {1: "killed", 3: "killed", 36: "timeout", 24: "timeout", -24: "timeout",
          152: "timeout", 255: "timeout"}
NOT_RUN = {None: "not checked", 2: "interrupted", 34: "skipped"}
SURVIVED = {0: "survived", 5: "no tests", 33: "no tests"}


def status(code):
    for table in (KILLED, NOT_RUN, SURVIVED):
        if code in table:
            return table[code]
    return "suspicious"


def read_results(root=ROOT):
    """``{mutant name: exit code}`` from mutmut's meta files under ``root/mutants``."""
    found = {}
    for meta in sorted((root / "mutants").rglob("*.meta")):
        found.update(json.loads(meta.read_text("utf-8")).get("exit_code_by_key", {}))
    return found


def reasons(path=REASONS):
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["mutant"]: row["reason"] for row in csv.DictReader(handle)}


def score(codes, selected=None):
    """Counts by status and the share of the mutants run that a test killed (a timeout counts
    as killed: the mutant did not get through). ``selected`` restricts to those names."""
    names = [n for n in codes if selected is None or n in selected]
    counts = {}
    for name in names:
        counts[status(codes[name])] = counts.get(status(codes[name]), 0) + 1
    run = [n for n in names if codes[n] not in NOT_RUN]
    killed = sum(codes[n] in KILLED for n in run)
    return counts, (killed / len(run) if run else None), run


def diffs(names, root=ROOT):
    """``{mutant: its change as -/+ lines}``, from mutmut's mutated modules (each parsed once)."""
    import os
    from difflib import unified_diff

    import libcst as cst
    from mutmut.mutation.diff_apply import read_mutant_function, read_original_function

    by_module = {}
    for name in names:
        module = name.split(".x_")[0].split(".xǁ")[0]
        by_module.setdefault(module, []).append(name)
    out, here = {}, os.getcwd()
    os.chdir(root)
    try:
        for module, mutants in by_module.items():
            path = root / "mutants" / (module.replace(".", "/") + ".py")
            parsed = cst.parse_module(path.read_text("utf-8"))
            for name in mutants:
                functions = (read_original_function(parsed, name),
                             read_mutant_function(parsed, name))
                orig, mutant = (cst.Module([f]).code.strip().split("\n") for f in functions)
                out[name] = "\n".join(
                    line for line in unified_diff(orig, mutant, lineterm="")
                    if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
                )
    finally:
        os.chdir(here)
    return out


def survivors(codes, run, root=ROOT):
    why = reasons()
    alive = sorted(name for name in run if codes[name] not in KILLED)
    changes = diffs(alive, root)
    return [
        {"mutant": name, "status": status(codes[name]), "diff": changes[name],
         "reason": why.get(name, "unexplained")}
        for name in alive
    ]


def main(argv=None):
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("globs", nargs="*", help="mutant names to run (default: every one)")
    parser.add_argument("--root", type=Path, default=ROOT,
                        help="the checkout mutmut runs in (a scratch copy for a subset)")
    parser.add_argument("--seconds", type=float,
                        help="with --no-run: the wall time of the run being collected")
    parser.add_argument("--no-run", action="store_true",
                        help="only collect the results of the last run")
    args = parser.parse_args(argv)
    globs, root = args.globs, args.root.resolve()
    start = time.perf_counter()
    if not args.no_run:
        subprocess.run([sys.executable, "-m", "mutmut", "run", *globs], cwd=root, check=False)
    seconds = args.seconds if args.no_run else time.perf_counter() - start
    codes = read_results(root)
    from fnmatch import fnmatch

    selected = {n for n in codes if not globs or any(fnmatch(n, g) for g in globs)}
    counts, share, run = score(codes, selected)
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    with (root / "setup.cfg").open(encoding="utf-8") as handle:
        config = handle.read()
    mutated = re.search(r"only_mutate =\n((?:    .*\n)+)", config)[1].split()
    tests = re.search(r"pytest_add_cli_args_test_selection =\n((?:    .*\n)+)", config)[1].split()
    result = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit,
        "subset": globs,
        "mutated": mutated,
        "tests": tests,
        "seconds": None if seconds is None else round(seconds, 1),
        "mutants": len(selected),
        "run": len(run),
        "counts": counts,
        "score": None if share is None else round(share, 4),
        "goal": GOAL,
        "survivors": survivors(codes, run, root),
    }
    RESULT.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    shown = "n/a" if share is None else f"{share:.1%}"
    print(f"mutation: {len(run)} mutants run, score {shown} (goal {GOAL:.0%}), "
          f"{len(result['survivors'])} survivors, {result['seconds']} s -> {RESULT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())


# --- what make bench reports (bench/run.py) ---------------------------------------------------


def load(path=RESULT):
    """The last ``make mutation`` result, or None if it never ran."""
    return json.loads(path.read_text("utf-8")) if path.is_file() else None


def goal(result):
    """The goal row of bench/README.md (higher is better, unlike the timing goals)."""
    subset = f" (subset: {', '.join(result['subset'])})" if result["subset"] else ""
    measured = None if result["score"] is None else round(100 * result["score"], 1)
    return {
        "goal": f"mutation score ≥ {GOAL:.0%} of mutants killed by the fast tests{subset}",
        "measured": measured,
        "unit": "%",
        "limit": 100 * GOAL,
        "met": result["score"] is not None and result["score"] >= GOAL,
    }


def readme_lines(result):
    """The section of bench/README.md on the mutation score and every survivor."""
    if result is None:
        return ["## Mutation score", "", "Not measured: run `make mutation` first.", ""]
    counts = ", ".join(f"{n} {s}" for s, n in sorted(result["counts"].items()))
    subset = (f" on the subset {', '.join(f'`{g}`' for g in result['subset'])}"
              if result["subset"] else "")
    lines = [
        "## Mutation score",
        "",
        f"`make mutation` (mutmut, `bench/mutation.py`) on {result['date']} at commit "
        f"`{result['commit'][:10]}`{subset}, mutating {', '.join(result['mutated'])} with "
        f"the tests {' '.join(result['tests'])}: {result['mutants']:,} mutants, "
        f"{result['run']:,} run ({counts}), score "
        + ("n/a" if result["score"] is None else f"{result['score']:.1%}")
        + f" (goal {GOAL:.0%}; a mutant no selected test reaches counts as surviving), "
        + ("time not recorded." if result["seconds"] is None
           else f"{result['seconds']:,.0f} s of wall clock."),
        "",
    ]
    if result["survivors"]:
        lines += ["| Surviving mutant | Change | Why it survives |", "|---|---|---|"]
        for s in result["survivors"]:
            change = s["diff"].replace("|", "\\|").replace("\n", "<br>")
            lines.append(f"| `{s['mutant']}` | `{change}` | {s['reason']} |")
        lines.append("")
    return lines
