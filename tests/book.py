"""Helpers for tests that build the book or run nbval in a subprocess."""

import os
import re
import subprocess
import sys
from pathlib import Path

from sahel import paths

BIN = Path(sys.executable).parent
BUILD_FLAGS = ["-W", "-n", "--keep-going"]
HTML = paths.ROOT / "_build" / "html"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


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


def build_book(root, out=None, env=None):
    """``jupyter-book build`` as ``make book`` runs it; ``out`` defaults to ``root/_build``."""
    args = [str(BIN / "jupyter-book"), "build", str(root), *BUILD_FLAGS]
    if out is not None:
        args += ["--path-output", str(out)]
    return run(args, env={"SAHEL_ROOT": str(root), **(env or {})})


def run_nbval(notebook):
    """Strict nbval on one notebook, with the project's sanitizers, outside the project's config."""
    return run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-c",
            os.devnull,
            "--rootdir",
            str(Path(notebook).parent),
            "--nbval",
            "--nbval-current-env",
            "--nbval-sanitize-with",
            str(paths.ROOT / "tests" / "nbval_sanitize.cfg"),
            str(notebook),
        ]
    )


def page_text(html):
    """Visible text of an HTML page, whitespace collapsed."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())
