"""The code stays ruff clean."""

from sahel import paths
from tests.book import BIN, run


def test_ruff_check_is_clean():
    code, output = run([str(BIN / "ruff"), "check", "sahel", "tests", "bench"], cwd=paths.ROOT)
    assert code == 0, output
