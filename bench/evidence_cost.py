"""What linking every number to its evidence adds to the cold build (issue 16's goal: ≤ +10%).

Clones two commits into ``bench/tmp/``: the book just before the evidence links were merged
(``--before``, default the first parent of the merge that brought them) and the one just after
(``--after``, that merge), with the same chapters and data otherwise. Each gets its own venv
(``make setup``), then ``make book`` runs in both, interleaved, ``--rounds`` times (a cold build
every time: ``make book`` builds from nothing). Writes ``bench/evidence_cost.json`` with every
timing (wall clock and the CPU time of the build's processes, which a busy machine disturbs
less), the medians and their ratios; the goal is judged on wall clock. Run it on a quiet machine:
``.venv/bin/python -m bench.evidence_cost``.
"""

import argparse
import datetime as dt
import json
import resource
import shutil
import statistics
import subprocess
import time

from bench.run import BENCH, ROOT, TMP, machine

#: the merge that brought the evidence links (issue 16), and the commit just before it
AFTER = "500a292"
BEFORE = AFTER + "^1"
GOAL = 1.10


def _cpu():
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _run(args, cwd, cpu=None):
    start, began = time.perf_counter(), _cpu()
    result = subprocess.run(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} in {cwd} failed:\n{result.stdout.decode()[-3000:]}")
    if cpu is not None:
        cpu.append(_cpu() - began)
    return time.perf_counter() - start


def checkout(name, rev):
    """A clone of ``rev`` with its venv in ``bench/tmp/evidence-NAME`` (kept from an earlier
    run if it holds that commit and a finished venv)."""
    path = TMP / f"evidence-{name}"
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=path, capture_output=True, text=True
    ).stdout.strip() if path.exists() else ""
    if head == rev and (path / ".venv" / ".ready").exists():
        return path
    shutil.rmtree(path, ignore_errors=True)
    _run(["git", "clone", "-q", str(ROOT), str(path)], TMP)
    _run(["git", "checkout", "-q", rev], path)
    _run(["make", "setup"], path)
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default=BEFORE)
    parser.add_argument("--after", default=AFTER)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    TMP.mkdir(parents=True, exist_ok=True)
    revs = {
        name: subprocess.run(
            ["git", "rev-parse", rev], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        for name, rev in (("before", args.before), ("after", args.after))
    }
    paths = {name: checkout(name, rev) for name, rev in revs.items()}
    seconds = {name: [] for name in revs}
    cpu = {name: [] for name in revs}
    for _ in range(args.rounds):
        for name, path in paths.items():
            seconds[name].append(_run(["make", "-s", "book"], path, cpu[name]))
    medians = {name: statistics.median(values) for name, values in seconds.items()}
    cpu_medians = {name: statistics.median(values) for name, values in cpu.items()}
    ratio = medians["after"] / medians["before"]
    cpu_ratio = cpu_medians["after"] / cpu_medians["before"]
    result = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commits": revs,
        "machine": machine(),
        "cold_make_book_s": seconds,
        "median_s": medians,
        "after_over_before": round(ratio, 3),
        "cold_make_book_cpu_s": cpu,
        "cpu_median_s": cpu_medians,
        "cpu_after_over_before": round(cpu_ratio, 3),
        "goal": GOAL,
        "met": ratio <= GOAL,
    }
    (BENCH / "evidence_cost.json").write_text(json.dumps(result, indent=2) + "\n")
    shown = ("median_s", "after_over_before", "cpu_after_over_before", "met")
    print(json.dumps({k: result[k] for k in shown}))


if __name__ == "__main__":
    main()
