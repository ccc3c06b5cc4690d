"""Two additions to nbval's run of the committed notebooks (a pytest plugin, loaded by the root
``conftest.py`` and by ``tests.book.run_nbval``).

Glue names compared. nbval drops each output's metadata, where MyST-NB's ``glue`` keeps the
name (``metadata.scrapbook.name``), and compares the values in order: a chapter that swaps two
glue keys puts each number under the other's name, every value in the same order, and nbval
passes while the page reads the numbers in the wrong places. Here each cell's glued names, in
order, must equal the committed cell's, or the cell fails like any changed output. It hooks
into nbval's own comparison, so it costs no extra execution.

Committed files left alone. Notebooks write their exhibits' CSVs (``sahel.publish``); under
nbval their kernel writes them to a scratch folder (``SAHEL_DERIVED_OUT``, read by
``sahel.paths``) and, when the notebook is done, every file written is compared with the
committed ``data/derived`` copy: a difference fails the notebook's last cell, and nothing
under ``data/`` is rewritten by a test run.
"""

import filecmp
import os
import shutil
import tempfile
from pathlib import Path

from nbval.plugin import IPyNbCell, IPyNbFile

from sahel import paths

DERIVED_ENV = "SAHEL_DERIVED_OUT"


def glue_names(outputs):
    """The glue names of a cell's outputs, in order (outputs that glue nothing are skipped)."""
    names = []
    for output in outputs:
        name = (output.get("metadata") or {}).get("scrapbook", {}).get("name")
        if name is not None:
            names.append(name)
    return names


def glue_name_problems(test, ref):
    """Readable differences between the glue names of a fresh run and of the committed cell."""
    got, want = glue_names(test), glue_names(ref)
    if got == want:
        return []
    if sorted(got) == sorted(want):
        moved = [f"{w!r} now glued as {g!r}" for g, w in zip(got, want, strict=True) if g != w]
        return [f"glued values moved to other names: {'; '.join(moved)}"]
    return [f"glued names differ: committed {want}, fresh run {got}"]


_compare_outputs = IPyNbCell.compare_outputs


def compare_outputs(self, test, ref, skip_compare=None):
    same = _compare_outputs(self, test, ref, skip_compare)
    problems = glue_name_problems(test, ref)
    if problems:
        self.comparison_traceback.extend(problems)
    return same and not problems


def derived_problems(written, committed):
    """Files under ``written`` that differ from, or are missing in, ``committed``."""
    written, committed = Path(written), Path(committed)
    problems = []
    for file in sorted(p for p in written.rglob("*") if p.is_file()):
        name = file.relative_to(written)
        twin = committed / name
        if not twin.is_file():
            problems.append(f"{name}: written by the notebook but not committed in {committed}")
        elif not filecmp.cmp(file, twin, shallow=False):
            problems.append(f"{name}: the notebook writes other bytes than {twin}")
    return problems


class DerivedDriftError(AssertionError):
    """A notebook's fresh exhibits' CSVs differ from the committed ones."""


_setup, _teardown = IPyNbFile.setup, IPyNbFile.teardown


def setup(self):
    self.sahel_derived = tempfile.mkdtemp(prefix="sahel-derived-")
    before = os.environ.get(DERIVED_ENV)
    os.environ[DERIVED_ENV] = self.sahel_derived  # read by the kernel nbval starts now
    try:
        _setup(self)
    finally:
        if before is None:
            os.environ.pop(DERIVED_ENV, None)
        else:
            os.environ[DERIVED_ENV] = before


def teardown(self):
    _teardown(self)
    scratch = getattr(self, "sahel_derived", None)
    if scratch is None:
        return
    try:
        problems = derived_problems(scratch, paths.DERIVED)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if problems:
        raise DerivedDriftError(
            f"{self.path.name}: re-run `make notebooks` and commit data/derived: "
            + "; ".join(problems)
        )


IPyNbCell.compare_outputs = compare_outputs
IPyNbFile.setup = setup
IPyNbFile.teardown = teardown
