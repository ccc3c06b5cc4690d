"""The code stays ruff clean."""

from sahel import paths
from tests.book import BIN, run


def test_ruff_check_is_clean():
    """Notebooks included: ruff reads their code cells."""
    folders = ["sahel", "tooling", "tests", "bench", "notebooks"]
    code, output = run([str(BIN / "ruff"), "check", *folders], cwd=paths.ROOT)
    assert code == 0, output
