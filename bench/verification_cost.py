"""What it costs a reader to verify the report: ``make test`` in a fresh clone, venv included.

Clones the committed HEAD into ``bench/tmp/verify``, runs ``make setup`` (create the venv and
install the pinned requirements) and then ``make test``, times each, and writes
``bench/verification_cost.json``. Run it with ``.venv/bin/python bench/verification_cost.py``.
"""

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import ROOT, TMP, machine  # noqa: E402


def timed(args, cwd):
    start = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stdout.decode()[-4000:]}")
    return seconds


def main():
    clone = TMP / "verify"
    shutil.rmtree(clone, ignore_errors=True)
    TMP.mkdir(parents=True, exist_ok=True)
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    env_machine = machine()
    seconds = {"clone": timed(["git", "clone", "-q", str(ROOT), str(clone)], TMP)}
    seconds["make_setup"] = timed(["make", "setup"], clone)
    seconds["make_test"] = timed(["make", "test"], clone)
    seconds["total"] = sum(seconds.values())
    result = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit,
        "machine": {**env_machine, "load_average_at_end": os.getloadavg()},
        "pip_sources": [
            line
            for line in subprocess.run(
                [str(clone / ".venv" / "bin" / "pip"), "config", "list"],
                capture_output=True,
                text=True,
            ).stdout.splitlines()
            if "index" in line or "find-links" in line
        ],
        "seconds": seconds,
    }
    out = ROOT / "bench" / "verification_cost.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    shutil.rmtree(clone, ignore_errors=True)
    print(json.dumps(result["seconds"], indent=2))


if __name__ == "__main__":
    main()
