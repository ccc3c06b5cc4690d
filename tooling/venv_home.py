"""Does ``.venv`` belong to this checkout? ``python -I tooling/venv_home.py CHECKOUT``.

A checkout copied together with its ``.venv`` (``cp -a main copy``) keeps the original's
editable install (``sahel`` resolves to the original's package, so the copy's notebooks run the
original's code and data) and console scripts whose first line runs the original's Python.
Exits 1 naming what points elsewhere (``make setup`` then recreates ``.venv``), else 0.
Run with ``-I`` so the current folder is not on ``sys.path``; imports nothing of ``sahel``.
"""

import importlib.util
import sys
from pathlib import Path

SCRIPT = "jupyter-book"  # a console script of the pinned requirements


def problems(checkout):
    checkout = Path(checkout).resolve()
    found = []
    spec = importlib.util.find_spec("sahel")
    package = Path(spec.submodule_search_locations[0]).resolve() if spec else None
    if package != checkout / "sahel":
        found.append(f"the package sahel resolves to {package}, not {checkout / 'sahel'}")
    python = f"{sys.prefix}/bin/python"
    script = Path(sys.prefix) / "bin" / SCRIPT
    head = script.read_text(encoding="utf-8").splitlines()[:3] if script.is_file() else []
    if f"#!{python}" not in head and not any(f"'{python}'" in line for line in head):
        found.append(f"{script} does not run {python} (first line: {head[:1]})")
    return found


def main(argv):
    checkout = argv[0] if argv else "."
    found = problems(checkout)
    for problem in found:
        print(
            f"setup: .venv does not belong to {Path(checkout).resolve()}: {problem}",
            file=sys.stderr,
        )
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
