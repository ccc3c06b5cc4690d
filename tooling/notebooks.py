"""Execute the book's notebooks in place, so the committed outputs are what readers see.

``python -m tooling.notebooks [NOTEBOOK ...]`` (default: every notebook in ``notebooks/``).
"""

import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from sahel import paths
from tooling import kernels


def execute(path, timeout=300):
    """Run every cell of ``path`` in a fresh kernel (cwd = its folder) and save the outputs."""
    path = Path(path)
    notebook = nbformat.read(path, as_version=4)
    with kernels.manager() as km:
        client = NotebookClient(
            notebook,
            km=km,
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
            record_timing=False,
        )
        client.execute()
    notebook.metadata.pop("widgets", None)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        nbformat.write(notebook, tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def all_notebooks():
    """The book's notebooks, in file-name order."""
    return sorted(paths.NOTEBOOKS.glob("*.ipynb"))


def main(argv=None):
    targets = [Path(a) for a in (argv or [])] or all_notebooks()
    for target in targets:
        print(f"executing {target}", file=sys.stderr)
        execute(target)


if __name__ == "__main__":
    main(sys.argv[1:])
