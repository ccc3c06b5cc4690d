"""The book runs on the checkout it is built from; `make browser` without root says what to do."""

import os
import shutil
import subprocess
import sys
import time

import pytest

from sahel import paths
from tests.book import BIN, BUILD_FLAGS, copy_tree, run

SKIP = (".venv", "_build", ".git", "test-artifacts", ".*cache", "tmp")


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    """A copied checkout (without .venv), as `cp -a main copy` leaves it for this .venv."""
    target = tmp_path_factory.mktemp("copied") / "copy"
    copy_tree(paths.ROOT, target, *SKIP)
    return target


def env_without_root():
    return {k: v for k, v in os.environ.items() if k != "SAHEL_ROOT"}


def test_kernel_in_another_checkout_stops(copy):
    """A notebook kernel runs in the copy's notebooks/ but would import this package."""
    code = "import sahel.paths"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=copy / "notebooks",
        env=env_without_root(),
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "CheckoutMismatchError: the current folder" in result.stderr
    assert f"is in the checkout {copy}" in result.stderr


def test_sahel_root_names_the_copy_on_purpose(copy):
    code = "from sahel import paths; print(paths.ROOT)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=copy / "notebooks",
        env={**env_without_root(), "SAHEL_ROOT": str(copy)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and result.stdout.strip() == str(copy)


def test_building_another_checkout_stops_at_once(copy, tmp_path):
    """`jupyter-book build COPY` from outside it: stopped at config-inited, before any notebook."""
    start = time.perf_counter()
    result = subprocess.run(
        [
            str(BIN / "jupyter-book"),
            "build",
            str(copy),
            *BUILD_FLAGS,
            "--path-output",
            str(tmp_path / "out"),
        ],
        cwd=tmp_path,
        env=env_without_root(),
        capture_output=True,
        text=True,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"the book's source folder {copy} is in the checkout {copy}" in output
    assert not list((tmp_path / "out").rglob("*.html"))  # stopped before writing any page
    assert not list((tmp_path / "out").rglob("*.ipynb"))  # and before executing any notebook
    assert time.perf_counter() - start < 60


def test_venv_of_another_checkout_is_detected(copy):
    """`make setup` recreates a .venv whose sahel or scripts belong to another checkout."""
    script = [sys.executable, "-I", str(copy / "tooling" / "venv_home.py")]
    code, output = run([*script, str(copy)])
    assert code == 1
    assert f"the package sahel resolves to {paths.PACKAGE}, not {copy / 'sahel'}" in output
    assert run([*script, str(paths.ROOT)]) == (0, "")


def test_make_browser_without_root_or_sudo_says_what_to_run(tmp_path):
    """No chromium, no sudo, not root: the packages, the command and the alternative; exit 1."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "id").write_text("#!/bin/sh\necho 1000\n")
    (bin_dir / "id").chmod(0o755)
    make = shutil.which("make")
    result = subprocess.run(
        [make, "-C", str(paths.ROOT), "--no-print-directory", "browser"],
        env={"PATH": str(bin_dir)},
        capture_output=True,
        text=True,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "sudo: command not found" not in output
    assert "Debian packages: chromium poppler-utils" in output
    assert "apt-get install -y --no-install-recommends chromium poppler-utils" in output
    assert "make test-core" in output and "NOT the full suite" in output


def test_make_browser_with_both_tools_does_nothing(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("chromium", "pdftoppm"):
        (bin_dir / tool).write_text("#!/bin/sh\n")
        (bin_dir / tool).chmod(0o755)
    result = subprocess.run(
        [shutil.which("make"), "-C", str(paths.ROOT), "-s", "browser"],
        env={"PATH": str(bin_dir)},
        capture_output=True,
        text=True,
    )
    assert (result.returncode, result.stdout) == (0, ""), result.stderr
