"""make verify: passes on the real data in seconds; each broken input is named, all at once."""

import re
import subprocess
import sys

import pytest

from sahel import paths
from sahel.evidence import verify
from tests.book import copy_inputs


@pytest.fixture
def tree(tmp_path):
    return copy_inputs(tmp_path / "book")


def test_real_data_passes():
    # Its speed is a goal of the bench (make bench), not of a timed unit test on a shared machine.
    result = subprocess.run(
        [sys.executable, "-m", "sahel.evidence.verify"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.fullmatch(
        r"verify: \d+ sources, \d+ claims, \d+ exclusions, \d+ digit tokens and \d+ number words "
        r"accounted for, \d+ data files — ok \(\d+\.\d s\)\n",
        result.stdout,
    ), result.stdout


def test_every_data_file_is_checked():
    named = {f for c in verify.CHECKS for f in c.files}
    assert {p.relative_to(paths.ROOT).as_posix() for p in paths.DATA.glob("*.csv")} <= named


def test_a_new_data_file_without_a_check_fails(tree):
    (tree / "data" / "new.csv").write_text("id,x\nN-1,y\n", encoding="utf-8")
    report = verify.run(tree)
    assert (
        "inventory",
        f"SahelInputError: {tree / 'data/new.csv'}: no check in sahel/evidence/verify.py reads it",
    ) in report.errors


def test_errors_are_collected_and_named(tree):
    """Three files broken at once: three named errors (file and line), dependants not run."""
    (tree / "data/claims.csv").write_bytes(
        (tree / "data/claims.csv").read_bytes().replace(b"C001-02,", b"c001-02,", 1)
    )
    (tree / "data/sites.csv").write_bytes(b"\xef\xbb\xbf" + (tree / "data/sites.csv").read_bytes())
    (tree / "data/relations.csv").write_text(
        (tree / "data/relations.csv").read_text(encoding="utf-8").splitlines()[0] + "\n",
        encoding="utf-8",
    )
    out = subprocess.run(
        [sys.executable, "-m", "sahel.evidence.verify", str(tree)], capture_output=True, text=True
    )
    assert out.returncode == 1
    lines = out.stdout.splitlines()
    assert (
        f"verify: ledger: ClaimError: {tree / 'data/claims.csv'}: line 18: id 'c001-02' "
        r"is not of the form C\d{3,}-\d{2,}" in lines
    )
    assert (
        f"verify: relations table: ClaimError: {tree / 'data/relations.csv'}: no rows "
        "(only a header); expected at least one row" in lines
    )
    needs_ledger = [c.name for c in verify.CHECKS if c.needs == ("ledger",)]
    assert {"defects", "sites", "quotes", "picks", "series"} <= set(needs_ledger)
    for skipped in needs_ledger:
        assert f"verify: {skipped}: not run (needs ledger)" in lines
    # and coverage (ledger and exclusions), the reconciliation (ledger and record) and the
    # readings (the flags, from the ledger, scopes, picks and the reconciliation's checks)
    skipped = len([c for c in verify.CHECKS if "ledger" in c.needs])
    assert "verify: reconciliation: not run (needs ledger)" in lines
    assert "verify: readings: not run (needs ledger, scopes, picks, reconciliation)" in lines
    assert lines[-1].startswith(f"verify: 2 error(s), {skipped} check(s) not run — FAILED")


def test_header_only_ledger_is_named_before_anything_runs(tree):
    ledger = tree / "data/claims.csv"
    ledger.write_text(ledger.read_text(encoding="utf-8").splitlines()[0] + "\n", "utf-8")
    report = verify.run(tree)
    assert report.errors[0] == (
        "ledger",
        f"ClaimError: {ledger}: no rows (only a header); expected at least one id",
    )
